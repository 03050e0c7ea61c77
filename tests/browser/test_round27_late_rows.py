"""Rows a page's own timer draws in stages after it loaded (``rt7_late_rows``): a read that
comes after the first stage — as one does when a loaded machine ends the settle late — still
reads every row, from a table or a list, after a navigation or a click. The pages here wait
for the first stage before reading, which is what the load did to the replay."""

from __future__ import annotations

import pytest
from browser_kit import LocalSite

from runtime.browser import (
    BrowserSession,
    FieldSpec,
    click,
    extract_list,
    extract_table,
    find,
    navigate,
)
from runtime.browser.lists import ROWS_DRAWN_JS

pytestmark = pytest.mark.slow

ORDERS = [("A-1", "Paid"), ("A-2", "Pending"), ("A-3", "Paid"), ("A-4", "Paid"), ("A-5", "Paid")]

STAGES = """<script>
  const orders = %s;
  function add(part) {
    for (const [id, st] of part) {
      const row = document.createElement(ROW);
      row.innerHTML = CELLS;
      document.getElementById("rows").append(row);
    }
  }
  function draw() {
    setTimeout(() => {
      add(orders.slice(0, 2));
      setTimeout(() => add(orders.slice(2)), 400);
    }, 150);
  }
  START
</script>""" % [list(o) for o in ORDERS]

TABLE = (
    "<!doctype html><title>Orders</title><table aria-label=Orders><thead><tr><th>Order</th>"
    '<th>Status</th></tr></thead><tbody id="rows"></tbody></table>'
    + STAGES.replace("ROW", '"tr"').replace("CELLS", "`<td>${id}</td><td>${st}</td>`")
)
LIST = '<!doctype html><title>Orders</title><ul id="rows" aria-label=Orders></ul>' + STAGES.replace(
    "ROW", '"li"'
).replace("CELLS", '`<span class="id">${id}</span> <span class="st">${st}</span>`')
SPEC = {"order": FieldSpec(selectors=(".id",)), "status": FieldSpec(selectors=(".st",))}


def _first_stage(session: BrowserSession, row: str) -> None:
    """What a loaded machine does to a replay: its settle ends after the first stage."""
    session.page.locator(f"#rows > {row}").first.wait_for(state="attached")


def _orders(rows: list) -> list[tuple[str, str]]:
    return [(r.order, r.status) for r in rows]


def test_table_drawn_in_stages_after_load_is_read_whole(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/table", TABLE.replace("START", "draw();")))
    _first_stage(session, "tr")
    rows = extract_table(find(session.page.get_by_role("table")), nonempty=True)
    assert _orders(rows) == ORDERS


def test_list_drawn_in_stages_after_load_is_read_whole(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/list", LIST.replace("START", "draw();")))
    _first_stage(session, "li")
    rows = extract_list(find(session.page.locator("#rows")), SPEC, ["li"], nonempty=True)
    assert _orders(rows) == ORDERS


def test_table_drawn_in_stages_after_a_click_is_read_whole(
    session: BrowserSession, site: LocalSite
) -> None:
    button = '<button onclick="draw()">Show orders</button>'
    navigate(site.add("/click", TABLE.replace("START", "") + button))
    click(session.page.get_by_role("button", name="Show orders"))
    _first_stage(session, "tr")
    rows = extract_table(session.page.get_by_role("table"), nonempty=True)
    assert _orders(rows) == ORDERS


def test_rows_the_document_was_parsed_with_were_not_drawn_late(
    session: BrowserSession, site: LocalSite
) -> None:
    cells = "".join(f"<tr><td>{o}</td><td>{s}</td></tr>" for o, s in ORDERS)
    page = TABLE.replace("START", "").replace('<tbody id="rows"></tbody>', f"<tbody>{cells}")
    navigate(site.add("/parsed", page))
    rows = extract_table(session.page.get_by_role("table"))
    assert _orders(rows) == ORDERS
    drawn = session.page.get_by_role("table").evaluate(ROWS_DRAWN_JS, [0, 60, 1000])
    assert drawn is None
