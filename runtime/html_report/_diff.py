"""A side-by-side diff of two recipe versions, as rows a template lays out."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

CONTEXT = 3
"""Unchanged lines shown around each change; longer unchanged stretches are folded."""

Kind = Literal["equal", "replace", "delete", "insert", "fold"]


@dataclass(frozen=True)
class DiffRow:
    kind: Kind
    left_no: int | None = None
    left: str = ""
    right_no: int | None = None
    right: str = ""


def side_by_side(before: str, after: str) -> list[DiffRow]:
    """Rows of the two texts next to each other: changed lines paired, unchanged stretches
    folded into one ``fold`` row (saying how many lines it hides) but for ``CONTEXT`` lines
    next to each change."""
    a, b = before.splitlines(), after.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            span = i2 - i1
            head = 0 if not rows else CONTEXT
            tail = 0 if (i2 == len(a) and j2 == len(b)) else CONTEXT
            same = [
                DiffRow("equal", i1 + k + 1, a[i1 + k], j1 + k + 1, b[j1 + k]) for k in range(span)
            ]
            if span <= head + tail + 1:
                rows += same
            else:
                rows += same[:head]
                rows.append(DiffRow("fold", left=f"{span - head - tail} unchanged lines"))
                rows += same[span - tail :]
            continue
        left, right = list(range(i1, i2)), list(range(j1, j2))
        for n in range(max(len(left), len(right))):
            li = left[n] if n < len(left) else None
            ri = right[n] if n < len(right) else None
            kind: Kind = "replace"
            if li is None:
                kind = "insert"
            elif ri is None:
                kind = "delete"
            rows.append(
                DiffRow(
                    kind,
                    None if li is None else li + 1,
                    "" if li is None else a[li],
                    None if ri is None else ri + 1,
                    "" if ri is None else b[ri],
                )
            )
    return rows
