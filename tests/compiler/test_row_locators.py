"""Elements alike in every row of a table (a "Mark shipped" button per order), recorded inside
the row told by one of its cells: the compiler finds that row by data, or stops before the
click when no data says which row (the golden ``row_loop`` has the loop over rows)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compiler import compile_trace
from compiler.ir import LocatorCandidate, RowKey, load_trace
from compiler.locators import render_candidate

TRACE = Path(__file__).parent / "data" / "row_loop" / "trace.json"


def _recorded() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    return data


def _compile(data: dict[str, Any]) -> str:
    return compile_trace(load_trace(json.dumps(data))).source


def _steps(data: dict[str, Any], *keep: int) -> dict[str, Any]:
    """The trace with only the steps ``keep`` (and ``finish``), renumbered."""
    kept = [s for s in data["steps"] if s["index"] in keep or s["action"]["name"] == "finish"]
    for n, step in enumerate(kept):
        step["index"] = n
    return {**data, "steps": kept}


def test_a_row_candidate_renders_as_a_filtered_row() -> None:
    candidate = LocatorCandidate(
        strategy="role", value="button", name="Mark shipped", row=RowKey(role="row", text='A"1')
    )
    assert render_candidate(candidate) == (
        "page.get_by_role('row').filter(has=page.get_by_text('A\"1', exact=True))"
        ".get_by_role('button', name='Mark shipped')"
    )


def test_one_row_acted_on_is_a_pick_from_the_table_guarded_by_its_data() -> None:
    data = _steps(_recorded(), 0, 1, 2)
    data["steps"][-1]["args"]["marked"]["value"] = 1
    source = _compile(data)
    assert "    for " not in source
    assert "page.get_by_text(table[0].order, exact=True)" in source
    # Which row the model meant is known only while the table is what the recording read.
    guard = source.index("same_as_recorded(table,")
    assert guard < source.index("click(")


def test_a_row_no_data_explains_is_a_side_exit_before_the_click() -> None:
    source = _compile(_steps(_recorded(), 0, 2, 3))
    exit_at = source.index("raise SideExit(")
    assert exit_at < source.index("click(")
    assert "by its position among similar ones" in source


def test_a_row_named_by_an_input_is_found_by_that_input() -> None:
    data = _steps(_recorded(), 0, 2)
    data["task"]["inputs"]["order_id"] = {"annotation": "str", "imports": []}
    data["inputs"]["order_id"] = "A-1"
    data["steps"][-1]["args"]["marked"]["value"] = 1
    source = _compile(data)
    assert "SideExit" not in source
    assert "page.get_by_text(order_id, exact=True)" in source
    assert "nth-of-type" not in source  # the positional candidates carry no data: dropped
