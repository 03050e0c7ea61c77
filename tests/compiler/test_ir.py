"""The trace file: whatever a run recorded is written and read back equal, or refused with a
:class:`TraceError` that says why."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trace_kit import trace

from compiler.errors import TraceError
from compiler.ir import Trace, dump_trace, load_trace


def _with_input(value: Any) -> Trace:
    return trace(values={"customer": value})


@pytest.mark.parametrize(
    "value",
    [10**5000, -(10**4300) - 7, 2**70000, 10**4299],
    ids=["10**5000", "-(10**4300)-7", "2**70000", "10**4299"],
)
def test_integers_of_any_size_round_trip(value: int) -> None:
    loaded = load_trace(dump_trace(_with_input(value)))
    assert loaded.inputs["customer"] == value


def test_a_huge_integer_written_by_another_tool_is_read() -> None:
    text = dump_trace(_with_input(0)).replace('"customer": 0', '"customer": ' + "9" * 5000)
    value = load_trace(text).inputs["customer"]
    assert isinstance(value, int) and value == 10**5000 - 1


def test_an_absurdly_long_integer_is_a_trace_error() -> None:
    text = dump_trace(_with_input(0)).replace('"customer": 0', '"customer": ' + "1" * 1_000_001)
    with pytest.raises(TraceError, match=r"<trace>: an integer in the trace has 1000001 digits"):
        load_trace(text)


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "é \udc80 🧾", {"k\ud800": "\udbff"}])
def test_lone_surrogates_round_trip(text: Any) -> None:
    t = _with_input(text)
    dumped = dump_trace(t)
    dumped.encode("utf-8")  # writable as UTF-8
    assert load_trace(dumped) == t
    assert "é" in dumped or "é" not in str(text)  # other text stays readable


def test_a_surrogate_pair_in_a_string_is_a_clear_error() -> None:
    with pytest.raises(TraceError, match="two surrogate code points in a row"):
        dump_trace(_with_input("\ud83d\ude00"))


def test_ordinary_traces_keep_pydantics_layout() -> None:
    t = _with_input({"a": [1.5, None, True], "b": "é"})
    assert dump_trace(t) == t.model_dump_json(indent=2) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        (b"\xff\xfe{", "cannot be read as JSON|not valid JSON"),
        ("[]", "must be a JSON object"),
        ("[" * 100_000 + "]" * 100_000, "cannot be read as JSON|not valid JSON"),
    ],
)
def test_unreadable_text_is_a_trace_error(text: str | bytes, message: str) -> None:
    with pytest.raises(TraceError, match=message):
        load_trace(text, source="t.json")


@given(st.text(st.characters(exclude_categories=())))
def test_any_text_round_trips_or_is_refused(text: str) -> None:
    t = _with_input(text)
    try:
        dumped = dump_trace(t)
    except TraceError:
        return
    assert load_trace(dumped) == t
    assert json.loads(dumped)["inputs"]["customer"] == text  # any JSON reader agrees


def test_an_output_object_without_fields_is_a_trace_error() -> None:
    """Runs never record one; a hand-made trace that does is told so, not failed in black."""
    data = json.loads(dump_trace(trace()))
    data["task"]["outputs"] = {"fields": {}, "model_name": "NothingOutputs"}
    with pytest.raises(TraceError, match=r"task\.outputs\.fields: .*at least one field"):
        load_trace(json.dumps(data), source="t.json")
