"""A button pressed in several rows, each row recorded with the texts that told it apart when it
was pressed: which texts those are changes from row to row (a sender shared by two rows tells
neither apart until one of them is archived), so the loop keeps the key every repetition had.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from compiler import compile_trace
from compiler.ir import load_trace

TRACE = Path(__file__).parent / "data" / "row_loop" / "trace.json"


def _row_candidate(step: dict[str, Any], text: str) -> dict[str, Any]:
    first = step["args"]["target"]["candidates"][0]
    return {**copy.deepcopy(first), "row": {"role": "row", "text": text}}


def test_rows_keyed_by_different_cells_roll_on_the_cell_every_row_was_keyed_by() -> None:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    second = data["steps"][3]  # the row of A-3 (customer Cobalt)
    candidates = second["args"]["target"]["candidates"]
    # When A-3 was pressed its customer told the row apart too, and came first.
    second["args"]["target"]["candidates"] = [_row_candidate(second, "Cobalt"), *candidates]
    source = compile_trace(load_trace(json.dumps(data))).source
    assert 'if table_item.status == "Paid"' in source
    assert "page.get_by_text(table_item.order, exact=True)" in source
    assert "customer" not in source.split("for table_item in")[1]
    # No pick guard (the rows are keyed by the item); the only guard checks the filter.
    assert "same_as_recorded" not in source and "changed since the recording" not in source


def test_rows_that_share_no_key_do_not_roll() -> None:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    second = data["steps"][3]
    rest = second["args"]["target"]["candidates"][1:]
    second["args"]["target"]["candidates"] = [_row_candidate(second, "Cobalt"), *rest]
    source = compile_trace(load_trace(json.dumps(data))).source
    assert "for table_item in" not in source
    # Each press stays guarded by the data it was picked from.
    assert source.index("same_as_recorded(") < source.index("click(")
