"""``literal_source`` and friends: any JSON value, docstring or comment text, exactly."""

from __future__ import annotations

import ast
import math
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.literals import comment_text, docstring_source, fstring_text, literal_source

NASTY = [
    "",
    "plain",
    "it's",
    'say "hi"',
    '"""',
    "'''",
    '"',
    'ends with quote"',
    "back\\slash\\",
    "\\",
    "line\nbreak\r\nwindows\rmac",
    "{braces} {{double}}",
    "nul\x00byte",
    "bell\x07 esc\x1b del\x7f",
    "lone \ud800 surrogate \udfff",
    "bidi \u202e override \u2066 isolate",
    "line sep \u2028 para \u2029 nel \x85 ff \x0c vt \x0b",
    "zero\u200bwidth \ufeff bom",
    "emoji 🧾 and 漢字 and naïve",
    "# not a comment",
    "\t tab",
]


def _eval(source: str) -> object:
    return eval(
        compile(source, "<literal>", "eval", dont_inherit=True), {"__builtins__": __builtins__}
    )


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a):
            return math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("text", NASTY)
def test_strings_round_trip(text: str) -> None:
    source = literal_source(text)
    assert _eval(source) == text
    assert "\n" not in source and "\x00" not in source
    source.encode("utf-8")  # no lone surrogate reaches the file


@pytest.mark.parametrize(
    "value",
    [0.0, -0.0, 1e308, -1e308, 5e-324, 0.1, 1e16, math.inf, -math.inf, 2.5],
)
def test_floats_round_trip(value: float) -> None:
    assert _same(_eval(literal_source(value)), value)


def test_nan() -> None:
    assert literal_source(math.nan) == 'float("nan")'
    assert math.isnan(_eval(literal_source(math.nan)))  # type: ignore[arg-type]


def test_inf_spelling_and_shadowed_float() -> None:
    assert literal_source(math.inf) == 'float("inf")'
    assert literal_source(-math.inf) == 'float("-inf")'
    assert literal_source([math.inf], float_name="builtins.float") == '[builtins.float("inf")]'


@pytest.mark.parametrize("digits", [1, 4300, 4301, 5000, 20000])
def test_huge_ints_compile_under_the_default_digit_limit(digits: int) -> None:
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(4300)  # Python's default; the parser enforces it on literals
    try:
        for value in (10 ** (digits - 1) + 7, -(10 ** (digits - 1)) - 7):
            source = literal_source(value)
            assert ast.literal_eval(ast.parse(source, mode="eval")) == value
    finally:
        sys.set_int_max_str_digits(previous)


def test_huge_int_is_upper_case_hex() -> None:
    source = literal_source(-(2**20000) + 255)
    assert source.startswith("-0x") and source[3:] == source[3:].upper()


def test_bool_and_none_are_not_ints() -> None:
    assert literal_source(True) == "True"
    assert literal_source(False) == "False"
    assert literal_source(None) == "None"


def test_nested_containers_and_any_key() -> None:
    value = {"a\"'b": [1, {"": None, "\ud800": [math.inf, -0.0]}], "{k}": "\n"}
    assert _same(_eval(literal_source(value)), value)


def test_not_json_raises() -> None:
    with pytest.raises(TypeError):
        literal_source({1, 2})


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(exclude_categories=())),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(st.characters(exclude_categories=())), inner, max_size=4),
    max_leaves=12,
)


@given(json_values)
def test_any_json_value_round_trips(value: object) -> None:
    source = literal_source(value)
    source.encode("utf-8")
    assert _same(_eval(source), value)


@pytest.mark.parametrize("text", NASTY)
def test_docstring_holds_any_text(text: str) -> None:
    source = docstring_source(text)
    source.encode("utf-8")
    assert _eval(source) == text
    # and it is still a docstring once inside a module
    module = ast.parse(source + "\nx = 1\n")
    assert ast.get_docstring(module, clean=False) == text


@given(st.text(st.characters(exclude_categories=())))
def test_docstring_any_text(text: str) -> None:
    assert _eval(docstring_source(text)) == text


@pytest.mark.parametrize("text", NASTY)
def test_fstring_text_reproduces_literal_parts(text: str) -> None:
    assert _eval('f"' + fstring_text(text) + '"') == text
    assert _eval('"' + fstring_text(text) + '{}".format(1)') == text + "1"


@pytest.mark.parametrize("text", NASTY)
def test_comment_text_is_one_printable_line(text: str) -> None:
    line = comment_text(text)
    assert "\n" not in line and "\r" not in line
    assert all(ch.isprintable() for ch in line)
    ast.parse("# " + line + "\nx = 1\n")


def test_comment_text_is_cut() -> None:
    assert comment_text("word " * 100, limit=20).endswith("…")
    assert len(comment_text("word " * 100, limit=20)) == 20
