"""The rows of a batch: read from ``.jsonl``, ``.csv`` or ``.parquet``, each with a stable id.

A row's id is a hash of its inputs (secret inputs left out), plus ``-2``, ``-3``… for the
second and later rows with the same inputs. It does not depend on the row's position, so a
resumed batch recognizes the rows it already ran even after rows were inserted, removed or
reordered in the file: a row is never run twice because the file changed around it.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runtime.errors import InputError

FORMATS = (".jsonl", ".csv", ".parquet")


@dataclass(frozen=True)
class InputRow:
    """One row of the inputs file: its values, or why it could not be read."""

    line: int
    """Where the row is: the line of a ``.jsonl`` or ``.csv`` file (from 1, a CSV header being
    line 1), the row number of a ``.parquet`` file (from 1), the position in a Python list
    (from 1)."""
    values: dict[str, Any] | None
    """The row as read (``None`` when it could not be read)."""
    text: bool = False
    """Whether every value is text that still has to be parsed for its input's type (CSV)."""
    problem: str | None = None
    """Why the row could not be read (bad JSON, not an object)."""


def read_inputs(path: str | Path) -> Iterator[InputRow]:
    """The rows of an inputs file, in order. A file that cannot be read at all (missing, of an
    unknown format, parquet without pyarrow) raises :class:`InputError`; a row that cannot be
    read is yielded with its ``problem`` and the others go on."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"{path}: inputs must be a .jsonl, .csv or .parquet file (one row per run); "
            f"got {path.suffix or 'no extension'}."
        )
    if not path.is_file():
        raise InputError(f"{path}: no such inputs file.")
    if suffix == ".jsonl":
        return _jsonl(path)
    if suffix == ".csv":
        return _csv(path)
    return _parquet(path)


def rows_from(values: Iterable[Mapping[str, Any]]) -> Iterator[InputRow]:
    """Rows given in Python (``task.batch(rows)``): each a mapping of input name to value."""
    for n, value in enumerate(values, start=1):
        if isinstance(value, Mapping):
            yield InputRow(line=n, values=dict(value))
        else:
            yield InputRow(
                line=n,
                values=None,
                problem=f"row {n} is a {type(value).__name__}, not a mapping of input names to "
                "values",
            )


def _jsonl(path: Path) -> Iterator[InputRow]:
    with path.open(encoding="utf-8-sig") as handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputRow(
                    line=n,
                    values=None,
                    problem=f"{path}, line {n}: not valid JSON (column {exc.colno}: {exc.msg})",
                )
                continue
            if not isinstance(value, dict):
                yield InputRow(
                    line=n,
                    values=None,
                    problem=f"{path}, line {n}: expected a JSON object of input names to values, "
                    f"got {type(value).__name__}",
                )
                continue
            yield InputRow(line=n, values=value)


def _csv(path: Path) -> Iterator[InputRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        names = [h.strip() for h in header]
        for cells in reader:
            n = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(names):
                yield InputRow(
                    line=n,
                    values=None,
                    problem=f"{path}, line {n}: {len(cells)} cells for {len(names)} columns "
                    f"({', '.join(names)})",
                )
                continue
            yield InputRow(line=n, values=dict(zip(names, cells, strict=True)), text=True)


def _parquet(path: Path) -> Iterator[InputRow]:
    try:
        import pyarrow.parquet as pq  # optional: only .parquet inputs need it
    except ImportError:
        raise InputError(
            f"{path}: reading .parquet needs pyarrow: pip install 'recipe-compiler[parquet]' "
            "(or give the rows as .jsonl or .csv)."
        ) from None
    try:
        table = pq.read_table(path)
    except Exception as exc:
        raise InputError(f"{path}: cannot be read as parquet: {exc}") from None
    for n, value in enumerate(table.to_pylist(), start=1):
        yield InputRow(line=n, values=value)


class RowIds:
    """Gives each row its stable id: the hash of its inputs, numbered on repeats."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def next(self, key: Any) -> str:
        text = json.dumps(key, sort_keys=True, ensure_ascii=False, default=str)
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        self._seen[digest] += 1
        count = self._seen[digest]
        return digest if count == 1 else f"{digest}-{count}"
