"""Round-7 red-team browser fixes: a row named by data that the data names twice is never
narrowed by a constant text the recording happened to see in it (the lookup fails, the replay
falls back), and a click inside a dialog goes on only while the dialog offers the buttons the
recording saw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite, ref_of

from compiler.ir import LocatorCandidate, RefExpr, RowKey
from compiler.locators import DataValues, bind_locator
from compiler.locators_file import ALTERNATES_FILE, Alternates, ElementAlternates
from runtime.browser import BrowserSession, LocatorError, navigate, same_state, snapshot_for_model
from runtime.browser.actions import extract_list, extract_table
from runtime.browser.locators import NOT_TRIED, find, locator_expr_for_ref
from tests.browser.test_round5_browser import CLICK, _body, _element, _page_trace
from tests.compiler.trace_kit import call

pytestmark = pytest.mark.slow


def _customers(rows: list[tuple[str, str, int]]) -> str:
    body = "".join(
        f'<tr><td>{n}</td><td>{p}</td><td>{s}</td><td><button type="button">Upgrade</button>'
        "</td></tr>"
        for n, p, s in rows
    )
    return (
        "<!doctype html><title>Customers</title><table><thead><tr><th>Customer</th>"
        f"<th>Plan</th><th>Seats</th><th>Action</th></tr></thead><tbody>{body}</tbody></table>"
    )


RECORDED = [("Ana Lima", "Trial", 3), ("Ben Ode", "Pro", 10), ("Cy Park", "Trial", 1)]
TWO_ANAS = [("Ana Lima", "Pro", 8), ("Ben Ode", "Trial", 2), ("Ana Lima", "Trial", 3)]

RECIPE = (
    "from runtime.browser import current_page, find\n"
    "\n"
    "\n"
    "def upgrade(customer, plan=None):\n"
    "    page = current_page()\n"
    "    return find(\n"
    '        page.get_by_role("row").filter(has=page.get_by_text(customer, exact=True))\n'
    '        .get_by_role("button", name="Upgrade", exact=True),\n'
    "        timeout_s=0.3,\n"
    "    )\n"
)


def test_a_data_bound_row_is_not_narrowed_by_a_constant_text_it_showed(
    session: BrowserSession, site: LocalSite
) -> None:
    """Recorded on a page where only Ana Lima's row shows "Trial" and "3" beside her name,
    the compiled lookup keeps only the row found by the customer input: a pair with a
    constant text would pick one of two Ana Lima rows on other data."""
    navigate(site.add("/cust1", _customers(RECORDED)))
    outline = snapshot_for_model() or ""
    # The first Upgrade button is Ana Lima's.
    expr, _ = locator_expr_for_ref(session.page, ref_of(outline, 'button "Upgrade"'))
    assert any(c.row is not None and c.row.also for c in expr.candidates)  # (recorded)
    data = DataValues(description="Press Upgrade in the row of customer.")
    data.add_input("customer", "Ana Lima")
    bound, _ = bind_locator(expr, data)
    rows = [c.row for c in bound.candidates]
    assert rows and all(r is not None and r.also is None for r in rows)
    assert all(c.text_from == RefExpr(name="customer") for c in bound.candidates)


def test_find_does_not_narrow_an_ambiguous_data_bound_locator(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    """A recipe whose ``locators.json`` (written before the rule) still holds the row of
    the customer AND "Trial": with two Ana Lima rows the lookup fails instead of pressing
    the Trial one; with one, the recipe's own locator is used. A row key built from more of
    the data (her name and the plan read with it) may still pick one."""
    recipe = tmp_path / "recipe.py"
    recipe.write_text(RECIPE)
    customer = RefExpr(name="customer")

    def by(also: str | None, also_from: RefExpr | None = None) -> LocatorCandidate:
        key = RowKey(role="row", text="Ana Lima", also=also, also_from=also_from)
        return LocatorCandidate(
            strategy="role",
            value="button",
            name="Upgrade",
            exact=True,
            row=key,
            text_from=customer,
        )

    constants = ElementAlternates(locators=(by(None), by("Trial"), by("3")))
    (tmp_path / ALTERNATES_FILE).write_text(Alternates(elements={"up": constants}).dumps())
    namespace: dict[str, Any] = {}
    exec(compile(RECIPE, str(recipe), "exec"), namespace)
    navigate(site.add("/cust3", _customers(TWO_ANAS)))
    with pytest.raises(LocatorError) as info:
        namespace["upgrade"]("Ana Lima").resolve()
    assert "2 elements (ambiguous, not used)" in str(info.value)
    assert "not tried (one built from data before it matched several" in str(info.value)
    navigate(site.add("/cust1b", _customers(RECORDED)))
    assert namespace["upgrade"]("Ana Lima").index == 0
    # Her plan, read from data, tells her two rows apart; the constant "Trial" is never used.
    with_plan = (*constants.locators, by("Pro", RefExpr(name="plan")))
    alternates = Alternates(elements={"up": ElementAlternates(locators=with_plan)})
    (tmp_path / ALTERNATES_FILE).write_text(alternates.dumps())
    navigate(site.add("/cust3b", _customers(TWO_ANAS)))
    found = namespace["upgrade"]("Ana Lima", "Pro")
    assert found.index == 3 and [n for _, n in found.tried] == [2, NOT_TRIED, NOT_TRIED, 1]
    assert found.locator.evaluate("b => b.closest('tr').cells[1].textContent") == "Pro"
    with pytest.raises(LocatorError):
        namespace["upgrade"]("Ana Lima", "Gold").resolve()


def test_a_constant_row_may_still_fall_back_to_another_key(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    """The rule is about data: an element not built from data keeps its alternates."""
    recipe = tmp_path / "recipe.py"
    source = RECIPE.replace("get_by_text(customer,", 'get_by_text("Ana Lima",')
    recipe.write_text(source)
    key = RowKey(role="row", text="Ana Lima")
    first = LocatorCandidate(strategy="role", value="button", name="Upgrade", exact=True, row=key)
    other = first.model_copy(update={"row": RowKey(role="row", text="Ana Lima", also="Pro")})
    alternates = Alternates(elements={"up": ElementAlternates(locators=(first, other))})
    (tmp_path / ALTERNATES_FILE).write_text(alternates.dumps())
    namespace: dict[str, Any] = {}
    exec(compile(source, str(recipe), "exec"), namespace)
    navigate(site.add("/cust3b", _customers(TWO_ANAS)))
    found = namespace["upgrade"]("ignored")
    assert (
        found.index == 1 and found.tried[0][1] == 2 and NOT_TRIED not in dict(found.tried).values()
    )


# --------------------------------------------------------------------------- dialogs

DIALOG = """<!doctype html><title>Accounts</title><p>Accounts.</p>
<div id="dlg" role="dialog" aria-label="Confirm"><p>{question}</p>
<button type="button">{keep}</button> <button type="button" id="yes">Delete</button>
<button type="button" hidden>Help</button></div>
<button type="button" id="out">Delete</button>"""


def test_a_button_in_a_dialog_records_what_the_dialog_offers(
    session: BrowserSession, site: LocalSite
) -> None:
    """Recorded: the dialog's visible buttons, sorted; a button outside any dialog records
    nothing. At replay ``same_state`` tells a dialog asking another question."""
    navigate(site.add("/ask", DIALOG.format(question="Delete the account ana?", keep="Cancel")))
    page = session.page
    outline = snapshot_for_model() or ""
    inside, _ = locator_expr_for_ref(page, ref_of(outline, 'button "Delete"'))
    assert inside.state == (
        'in a dialog offering "Cancel", "Delete" asking "Delete the account ana?"'
    )  # (and what it asks: round 8)
    outside = [line for line in outline.splitlines() if 'button "Delete"' in line][-1]
    expr, _ = locator_expr_for_ref(page, ref_of(outside, 'button "Delete"'))
    assert expr.state is None
    yes = page.locator("#yes")
    assert same_state(find(yes), inside.state)
    question = "di owns 2 shared files. Delete the files as well?"
    navigate(site.add("/files", DIALOG.format(question=question, keep="Keep files")))
    assert not same_state(find(session.page.locator("#yes")), inside.state)


def test_a_click_in_a_dialog_is_guarded_by_the_buttons_it_offered() -> None:
    offer = 'in a dialog offering "Cancel", "Delete"'
    yes = _element("button", "Delete", state=offer)
    t = _page_trace(call(1, CLICK, target=yes), description="Open plan_url and confirm.")
    body = _body(t)
    assert body.index("same_state(") < body.index("raise SideExit(") < body.index("click(")
    assert "offers other buttons than the recording saw" in body


# --------------------------------------------------------------------------- late rows

LATE = """<!doctype html><title>Orders</title><table><thead><tr><th>Order</th><th>Status</th>
</tr></thead><tbody id="tb"></tbody></table><ul id="ul"></ul>
<script>
const rows = [["A-1", "Paid"], ["A-2", "Pending"], ["A-3", "Paid"], ["A-4", "Paid"]];
function add(part) {
  for (const [id, st] of part) {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td>${id}</td><td>${st}</td>`;
    document.getElementById("tb").append(tr);
    const li = document.createElement("li");
    li.innerHTML = `<span class="id">${id}</span> <span class="st">${st}</span>`;
    document.getElementById("ul").append(li);
  }
}
setTimeout(() => add(rows.slice(0, 2)), 250);
setTimeout(() => add(rows.slice(2)), 400);  // (150 ms on: well inside the 0.5 s a read waits)
</script>"""


def test_a_table_drawn_in_stages_is_read_once_its_rows_stop_changing(
    session: BrowserSession, site: LocalSite
) -> None:
    """A timer adds two orders, then the other two: a read that waited for the first rows
    reads every order (it returned at the first two)."""
    navigate(site.add("/late", LATE))
    rows = extract_table(find(session.page.get_by_role("table")), nonempty=True)
    assert [r.order for r in rows] == ["A-1", "A-2", "A-3", "A-4"]  # type: ignore[attr-defined]


def test_a_list_drawn_in_stages_is_read_once_its_rows_stop_changing(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/late-list", LATE))
    spec: dict[str, Any] = {"id": {"selectors": ["span.id"]}, "status": {"selectors": ["span.st"]}}
    rows = extract_list(find(session.page.locator("#ul")), spec, ["li"], nonempty=True)
    assert [r.id for r in rows] == ["A-1", "A-2", "A-3", "A-4"]  # type: ignore[attr-defined]
