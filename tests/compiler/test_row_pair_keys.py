"""A row told apart by two cell texts together (:attr:`compiler.ir.RowKey.also`): in a loop over
rows read from the table, both texts are built from the item the loop is on; a pair one of whose
texts is fixed and differs from row to row is no key of the loop."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from compiler import compile_trace
from compiler.ir import LocatorCandidate, RowKey, load_trace
from compiler.locators import render_candidate

TRACE = Path(__file__).parent / "data" / "row_loop" / "trace.json"
"""Orders A-1 (Acme, Paid) and A-3 (Cobalt, Paid) marked shipped, each row by its number."""


def _keyed(step: dict[str, Any], *keys: dict[str, Any]) -> list[dict[str, Any]]:
    """The step's element with its row candidate found by each of ``keys`` instead."""
    first = step["args"]["target"]["candidates"][0]
    return [{**copy.deepcopy(first), "row": {"role": "row", **key}} for key in keys]


def _source(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> Any:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    for step, keyed in ((data["steps"][2], first), (data["steps"][3], second)):
        step["args"]["target"]["candidates"] = keyed + step["args"]["target"]["candidates"][1:]
    return compile_trace(load_trace(json.dumps(data)))


def test_a_loop_builds_both_texts_of_a_pair_from_its_item() -> None:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    steps = data["steps"]
    result = _source(
        _keyed(steps[2], {"text": "Acme", "also": "Paid"}),
        _keyed(steps[3], {"text": "Cobalt", "also": "Paid"}),
    )
    source = result.source
    assert 'if table_item.status == "Paid"' in source, source
    loop = "".join(source.split("for table_item in selected_table_items:")[1].split())
    assert (
        'page.get_by_role("row")'
        ".filter(has=page.get_by_text(table_item.customer,exact=True))"
        ".filter(has=page.get_by_text(table_item.status,exact=True))"
        '.get_by_role("button",name="Mark shipped",exact=True)'
    ).replace(" ", "") in loop, source
    # No pick guard (the rows are keyed by the item); the only guard checks the filter.
    assert "same_as_recorded" not in source and "changed since the recording" not in source
    compile(source, "recipe.py", "exec")


def test_a_pair_after_a_single_key_is_the_rows_other_locator_built_from_the_item() -> None:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    steps = data["steps"]
    result = _source(
        _keyed(steps[2], {"text": "A-1"}, {"text": "Acme", "also": "Paid"}),
        _keyed(steps[3], {"text": "A-3"}, {"text": "Cobalt", "also": "Paid"}),
    )
    assert "page.get_by_text(table_item.order, exact=True)" in result.source
    (entry,) = [e for k, e in result.alternates.elements.items() if "Mark shipped" in k]
    rows = [c.row for c in entry.locators if c.row is not None]
    # (round 11: in a loop over the Paid rows, the order's row must still show "Paid" too)
    assert [r.also for r in rows] == ["Paid", "Paid"] and rows[0].also_from is None
    pair = entry.locators[1]
    assert pair.text_from is not None and pair.row is not None
    assert pair.row.also_from is not None
    assert (pair.text_from.name, pair.text_from.path) == ("table_item", ("customer",))
    assert (pair.row.also_from.name, pair.row.also_from.path) == ("table_item", ("status",))


def test_a_pair_whose_second_text_is_fixed_and_differs_is_no_key_of_the_loop() -> None:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    steps = data["steps"]
    # "Mon" and "Tue" are read from no list: the pair's second text is fixed in each press,
    # and differs, so the loop is keyed by the order number only.
    result = _source(
        _keyed(steps[2], {"text": "A-1"}, {"text": "A-1", "also": "Mon"}),
        _keyed(steps[3], {"text": "A-3"}, {"text": "A-3", "also": "Tue"}),
    )
    assert "for table_item in" in result.source
    assert "Mon" not in result.source and "Tue" not in result.source
    assert not any("Mon" in json.dumps(e.model_dump()) for e in result.alternates.elements.values())


def test_old_row_keys_load_and_a_fixed_pair_renders_as_two_filters() -> None:
    old = LocatorCandidate.model_validate(
        {"strategy": "role", "value": "button", "name": "Go", "row": {"role": "row", "text": "A"}}
    )
    assert old.row == RowKey(role="row", text="A")
    pair = old.model_copy(update={"row": RowKey(role="row", text="A", also='B "1"')})
    assert render_candidate(pair) == (
        "page.get_by_role('row').filter(has=page.get_by_text('A', exact=True))"
        ".filter(has=page.get_by_text('B \"1\"', exact=True))"
        ".get_by_role('button', name='Go')"
    )
