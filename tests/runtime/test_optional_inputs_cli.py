"""Red team round 12: an input that may be left out (``coupon: str | None``) can be left out
from the command line and a CSV: ``null`` and an empty value are ``None``, not the text
``"null"`` or ``""`` (which a recipe passed on to ``apply_coupon`` as a code)."""

from __future__ import annotations

import pytest

from runtime.recipe_main import parse_value


@pytest.mark.parametrize("raw", ["null", "", "  "])
def test_null_and_empty_leave_an_optional_input_out(raw: str) -> None:
    assert parse_value(raw, str | None) is None
    assert parse_value(raw, int | None) is None


def test_a_value_is_still_read_as_its_type() -> None:
    assert parse_value("SAVE10", str | None) == "SAVE10"
    assert parse_value("5", int | None) == 5


def test_a_required_text_keeps_null_as_text() -> None:
    assert parse_value("null", str) == "null"
    assert parse_value("", str) == ""
