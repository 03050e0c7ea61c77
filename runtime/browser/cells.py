"""What a list or table cell reads as (split from :mod:`runtime.browser.actions`): its type
(:data:`FieldType`), a number in text ("$1,299.00" → 1299.0), a column's type from its cells."""

from __future__ import annotations

import re
from typing import Any, Literal

FieldType = Literal["text", "number", "integer", "url", "value", "checked"]


def _typed(value: Any, kind: FieldType) -> Any:
    """JavaScript has one number type: make numbers floats and integers ints."""
    if value is None or isinstance(value, bool):
        return value
    if kind == "number" and isinstance(value, int | float):
        return float(value)
    if kind == "integer" and isinstance(value, int | float):
        return int(value)
    return value


_NUMBER = re.compile(
    r"[-+−]?\s?\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|[-+−]?\s?\d+(?:\.\d+)?|[-+−]?\.\d+"
)


def parse_number(text: str) -> float | None:
    """The first number in ``text`` ("$1,299.00" → 1299.0), or ``None``."""
    match = _NUMBER.search(text.replace("\u00a0", " "))
    if match is None:
        return None
    try:
        return float(re.sub(r"[,\s]", "", match.group(0)).replace("−", "-"))
    except ValueError:
        return None


_NUMERIC_CELL = re.compile(
    r"^\s*(?:[A-Z]{3}\s?|[$€£¥])?\s*[-+−]?\d[\d,\s]*(?:\.\d+)?\s*(?:%|[$€£¥]|[A-Z]{3})?\s*$"
)
"""A cell that is a number, give or take a currency sign, a currency code or a percent sign."""


def _column_type(values: list[str]) -> FieldType:
    present = [v for v in values if v.strip()]
    if not present or not all(_NUMERIC_CELL.match(v) for v in present):
        return "text"
    return (
        "number"
        if any("." in v for v in present) or any(re.search(r"[$€£¥]|[A-Z]{3}", v) for v in present)
        else "integer"
    )


def _convert(text: str, kind: FieldType) -> Any:
    if kind == "number":
        return parse_number(text)
    if kind == "integer":
        n = parse_number(text)
        return None if n is None else int(n)
    if kind == "checked":
        return text.strip().lower() in ("true", "yes", "on", "1", "✓", "✔")
    return text
