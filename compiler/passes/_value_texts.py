"""How a recorded value may stand in other text, for the ``data_flow`` pass's index: the
forms a number or text takes inside an f-string the model wrote, whether a match is a word of
its own, and the values reached through a list inside a result."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from compiler.naming import is_identifier
from compiler.passes._values import is_distinctive

MIN_SUBSTRING = 3
"""Shortest value that may be found inside a longer string."""

_MAX_LEAVES = 2000
"""Most values of one variable looked at (big results are only partly searched)."""


def _as_texts(value: Any) -> list[tuple[str, str]]:
    """How ``value`` reads inside an f-string, if it is worth finding in a longer string, with
    the format spec that writes it so: text of three characters or more, or a distinctive
    number as Python writes it (``12.5``, ``1757.25``, ``1234``), with two decimals
    (``12.50``, ``{total:.2f}``) and with thousands commas (``1,250.00``, ``{total:,.2f}``;
    ``1,234``, ``{count:,}``). (``210`` for ``210.0`` has no spec that writes ``7.25`` as a
    model would: it stays a number of the data in a text, which rule 5 guards.)"""
    if isinstance(value, str):
        return (
            [(value, "")] if len(value) >= MIN_SUBSTRING and any(c.isalnum() for c in value) else []
        )
    if isinstance(value, bool) or not isinstance(value, int | float) or not is_distinctive(value):
        return []
    if isinstance(value, int) and value.bit_length() > 64:
        return []
    if isinstance(value, float) and not math.isfinite(value):
        return []
    text = str(value)  # what f"{value}" gives
    found = [(text, "")] if len(text) >= MIN_SUBSTRING and text[-1].isdigit() else []
    if isinstance(value, float) and round(value, 2) == value:
        found.append((f"{value:.2f}", ".2f"))
        if abs(value) >= 1000:
            found.append((f"{value:,.2f}", ",.2f"))
    elif isinstance(value, int) and abs(value) >= 1000:
        found.append((f"{value:,}", ","))
    return [(needle, spec) for needle, spec in found if spec == "" or needle != text]


def _bounded(text: str, start: int, end: int) -> bool:
    """Not a piece of a longer word: ``"Ann"`` is not found in ``"Annual"``."""
    before = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    after = end == len(text) or not (text[end].isalnum() and text[end - 1].isalnum())
    return before and after


def _walk_lists(value: Any) -> Iterator[tuple[str, Any]]:
    """``(path, item)`` for values below ``value`` reached through at least one list index
    (three levels deep at most, a bounded number of values)."""
    budget = [_MAX_LEAVES]

    def walk(node: Any, path: str, through_list: bool, depth: int) -> Iterator[tuple[str, Any]]:
        if budget[0] <= 0:
            return
        budget[0] -= 1
        if through_list and path:
            yield path, node
        if depth >= 3:
            return
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, f"{path}[{i}]", True, depth + 1)
        elif isinstance(node, dict):
            for key, item in node.items():
                step = f".{key}" if is_identifier(str(key)) else f"[{key!r}]"
                yield from walk(item, path + step, through_list, depth + 1)

    yield from walk(value, "", False, 0)
