"""Rows of a table in real Chromium: an agent reads an orders table and presses "Mark shipped"
in the rows whose status is Paid (the buttons are alike in every row). The recipe loops over the
rows it reads, finds each row by its order number and presses the button in it; on a table it
was not recorded on it marks exactly the paid orders, with no model. When the recording cannot
say why a row was picked, the recipe stops before the click."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite, OutlineReader, ref_of

from runtime import Task, ToolCall
from runtime.browser import BROWSER_ACTIONS, BrowserSession

pytestmark = pytest.mark.slow


def _orders(rows: list[tuple[str, str]]) -> str:
    """A table of orders; pressing a row's button saves "shipped" (a GET the site logs)."""
    body = "".join(
        f"<tr><td>{oid}</td><td>{status}</td>"
        f'<td><button type="button" data-id="{oid}">Mark shipped</button></td></tr>'
        for oid, status in rows
    )
    return f"""<!doctype html><title>Orders</title><h1>Orders</h1>
<table><thead><tr><th>Order</th><th>Status</th><th>Action</th></tr></thead>
<tbody>{body}</tbody></table>
<script>
for (const b of document.querySelectorAll("button")) b.addEventListener("click", () => {{
  const x = new XMLHttpRequest(); x.open("GET", "/ship?id=" + b.dataset.id, false); x.send();
  b.closest("tr").cells[1].textContent = "Shipped"; b.disabled = true;
}});
</script>"""


def _press(order: str) -> Any:
    """Click the "Mark shipped" button of the row of ``order``: the outline line after it."""

    def call(outline: str) -> ToolCall:
        lines = outline.splitlines()
        at = next(i for i, line in enumerate(lines) if f'cell "{order}"' in line)
        button = next(line for line in lines[at:] if 'button "Mark shipped"' in line)
        return ToolCall("click", {"target": ref_of(button, 'button "Mark shipped"')})

    return call


def _task(tmp_path: Path, **options: Any) -> Task[Any]:
    return Task(
        'Open the orders page at orders_url and press "Mark shipped" for every order whose '
        "status is Paid. Report how many orders you marked.",
        name="ship_paid",
        inputs={"orders_url": str},
        outputs={"marked": int},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


def _shipped(site: LocalSite) -> list[str]:
    return [r.split("=", 1)[1] for r in site.requests if r.startswith("/ship?")]


MON = [("A-1", "Paid"), ("A-2", "Pending"), ("A-3", "Paid"), ("A-4", "Refunded")]


def _record(site: LocalSite, tmp_path: Path, pressed: list[str]) -> Task[Any]:
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "orders_url"}}),
        lambda outline: ToolCall("extract_table", {"target": ref_of(outline, "table")}),
        *[_press(order) for order in pressed],
        ToolCall("finish", {"marked": len(pressed)}),
    )
    task = _task(tmp_path, provider=model)
    task.run_agent(orders_url=site.add("/orders/mon", _orders(MON)))
    assert _shipped(site) == pressed
    site.requests.clear()
    return task


def test_the_rows_a_filter_selects_are_each_found_by_their_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path, ["A-1", "A-3"])
    source = (tmp_path / "ship_paid" / "recipe.py").read_text("utf-8")
    assert 'if table_item.status == "Paid"' in source
    assert "locator('column=\"Order\"').get_by_text(table_item.order, exact=True)" in source
    assert "nth-of-type" not in source

    replay = _task(tmp_path, mock_responses=[])
    # Other orders, other positions, more of them paid; a row whose number holds another's.
    tue = [("B-1", "Pending"), ("B-12", "Paid"), ("B-2", "Paid"), ("B-3", "Paid")]
    got = replay.run(orders_url=site.add("/orders/tue", _orders(tue)))
    assert got.marked == 3 and _shipped(site) == ["B-12", "B-2", "B-3"]
    assert replay.last_run is not None and replay.last_run.model_calls == 0
    site.requests.clear()
    # None paid, and no rows at all: nothing pressed, and that is a right answer.
    assert replay.run(orders_url=site.add("/orders/wed", _orders([("C-1", "Pending")]))).marked == 0
    assert replay.run(orders_url=site.add("/orders/thu", _orders([]))).marked == 0
    assert _shipped(site) == []


def test_one_row_pressed_stops_before_the_click_when_the_table_changed(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path, ["A-1"])  # one row: no repetition shows the rule
    replay = _task(tmp_path, mock_responses=[])
    other = [("A-1", "Pending"), ("A-2", "Paid")]
    with pytest.raises(Exception, match="table changed since the recording picked"):
        replay.run(orders_url=site.add("/orders/fri", _orders(other)))
    assert _shipped(site) == []
