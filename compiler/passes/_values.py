"""Comparing recorded JSON values, for the passes that link a literal to where it came from
(``parameters``, ``data_flow``) and for the messages that quote one."""

from __future__ import annotations

import math
from typing import Any

from compiler.ir import DictExpr, Expr, ListExpr, LiteralExpr, RefExpr


def matchable(value: Any) -> bool:
    """Whether a literal equal to ``value`` can be a copy of it at all (``None``, ``""`` and
    empty containers mean "nothing" and are never matched)."""
    if value is None:
        return False
    if isinstance(value, str | list | dict):
        return len(value) > 0
    return True


def is_integer(value: Any) -> bool:
    """Whether ``value`` is an integer (``True`` and ``False`` are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_distinctive(value: Any) -> bool:
    """Whether a value is specific enough that an equal literal is surely a copy of it: not a
    boolean, ``None``, an integer between -9 and 9, ``-1.0``/``0.0``/``1.0``, a string shorter
    than two characters or an empty container (small numbers turn up everywhere: a ``3`` typed
    as a page size is no copy of a count that happened to be 3)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return len(value) >= 2
    if isinstance(value, list | dict):
        return len(value) > 0
    if isinstance(value, int):
        return abs(value) >= 10
    if isinstance(value, float):
        return value not in (-1, 0, 1)
    return False


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values that also requires equal types (``1`` ≠ ``1.0`` ≠ ``True``) and
    equal float signs (``0.0`` ≠ ``-0.0``); ``nan`` equals nothing."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(json_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def short_repr(value: Any, limit: int = 40) -> str:
    """``repr`` of a JSON value cut to ``limit`` characters (huge ints by their size)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"<an integer of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except ValueError:  # an int too long for decimal text, inside a container
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_of(expr: Expr, values: dict[str, Any]) -> tuple[bool, Any]:
    """``(known, value)``: the recorded value of an expression, when the passes can tell."""
    if isinstance(expr, LiteralExpr):
        return True, expr.value
    if isinstance(expr, RefExpr):
        if expr.name not in values:
            return False, None
        return follow(values[expr.name], expr.path)
    if isinstance(expr, ListExpr):
        items = [value_of(e, values) for e in expr.items]
        return all(k for k, _ in items), [v for _, v in items]
    if isinstance(expr, DictExpr):
        entries = [(k, value_of(e, values)) for k, e in expr.entries]
        return all(k for _, (k, _) in entries), {k: v for k, (_, v) in entries}
    return False, None


def follow(value: Any, path: tuple[str | int, ...]) -> tuple[bool, Any]:
    """``(found, value)`` at ``path`` inside a recorded JSON value."""
    for element in path:
        container: Any = value
        if isinstance(element, int) and element < 0:
            return False, None
        if not isinstance(container, list | dict):
            return False, None
        try:
            value = container[element]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, value
