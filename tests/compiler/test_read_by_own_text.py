"""A read whose element was recorded with a locator by the very text it read: the delivery
summary ("Delivery: Next day, 12.00", ``#summary``) read after choosing an option. Finding it by
that text (built from the option, the price left as recorded) finds nothing when another option
costs another price; the summary's id finds it whatever it says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compiler import compile_trace
from compiler.ir import load_trace

TRACE = Path(__file__).parent / "data" / "read_summary" / "trace.json"


def _recorded() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    return data


def _read_line(source: str) -> str:
    start = source.index("read_text(")
    return source[start : source.index("\n    #", start)]


def test_a_read_finds_its_element_by_a_locator_that_does_not_hold_what_it_reads() -> None:
    source = compile_trace(load_trace(json.dumps(_recorded()))).source
    read = _read_line(source)
    assert 'page.locator("#summary")' in read, read
    assert "12.00" not in source
    # The radio is still the one the option names.
    assert 'page.get_by_role("radio", name=option, exact=True)' in source


def test_a_read_found_otherwise_only_by_position_keeps_its_text() -> None:
    data = _recorded()
    read = data["steps"][2]["args"]["target"]
    read["candidates"] = [c for c in read["candidates"] if c["value"] != "#summary"]
    source = compile_trace(load_trace(json.dumps(data))).source
    # /html/body/p[2] would read whatever paragraph is second: the text stays, and a summary
    # at another price is not found (the replay stops) rather than read from elsewhere.
    assert "12.00" in _read_line(source)
    assert "p[2]" not in _read_line(source)
