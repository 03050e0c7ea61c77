"""Round-11 red-team browser fixes: a row key keeps the table the recording found the row in
(two tables both offering "Upgrade"); table columns are grid columns (a ``colspan`` cell does
not shift the cells after it) and a header's sort arrow is no part of its name; a drop-down
option recorded by its value is not chosen when another option's label now equals the text."""

from __future__ import annotations

import pytest
from browser_kit import LocalSite

from compiler.locators import DataValues, bind_locator, render_candidate
from runtime.browser import BrowserSession, LocatorError, navigate, snapshot_for_model
from runtime.browser.actions import extract_table, select_option
from runtime.browser.locators import (
    bound_candidate,
    find,
    locator_expr_for_ref,
    playwright_locator,
)

pytestmark = pytest.mark.slow


def _upgrade_ref(outline: str, customer: str) -> str:
    """The ref of the Upgrade button on the line after ``customer``'s cell in the outline."""
    lines = outline.splitlines()
    at = next(i for i, line in enumerate(lines) if f'"{customer}"' in line)
    button = next(line for line in lines[at:] if 'button "Upgrade"' in line)
    return button.split("[ref=")[1].split("]")[0]


def _table(title: str | None, rows: list[str], heading: str | None = None) -> str:
    label = f' aria-label="{title}"' if title else ""
    body = "".join(
        f'<tr><td>{n}</td><td><button type="button">Upgrade</button></td></tr>' for n in rows
    )
    head = f"<h2>{heading}</h2>" if heading else ""
    return (
        f"{head}<table{label}><thead><tr><th>Customer</th><th>Action</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _bound_to(session: BrowserSession) -> str:
    """Record Cy Park's Upgrade button, bind its row to the input ``customer`` and return the
    recipe's source for it."""
    ref = _upgrade_ref(snapshot_for_model() or "", "Cy Park")
    expr, _ = locator_expr_for_ref(session.page, ref)
    data = DataValues(description="Press Upgrade in the row of customer.")
    data.add_input("customer", "Cy Park")
    bound, _ = bind_locator(expr, data)
    return render_candidate(bound.candidates[0], data=lambda e: "customer")


@pytest.mark.parametrize("named", [True, False])
def test_a_row_key_keeps_its_table(session: BrowserSession, site: LocalSite, named: bool) -> None:
    """Cy Park's row of the Trial table (named, or only under the heading "Trial customers"):
    the lookup is scoped to that table, so Ben, only in the Pro table, finds no row."""
    trial = "Trial customers" if named else None
    pro = "Pro customers" if named else None
    page = _table(trial, ["Ana Lima", "Cy Park"], heading="Trial customers") + _table(
        pro, ["Ben Ode"], heading="Pro customers"
    )
    navigate(site.add(f"/tt{named}", f"<!doctype html><title>C</title>{page}"))
    ref = _upgrade_ref(snapshot_for_model() or "", "Cy Park")
    expr, _ = locator_expr_for_ref(session.page, ref)
    keyed = [c for c in expr.candidates if c.row is not None]
    assert keyed and keyed[0].within is not None
    data = DataValues(description="Press Upgrade in the row of customer.")
    data.add_input("customer", "Cy Park")
    bound, _ = bind_locator(expr, data)
    source = render_candidate(bound.candidates[0], data=lambda e: "customer")
    if named:
        assert source.startswith(
            "page.get_by_role('table', name='Trial customers', exact=True).get_by_role('row')"
        )
    else:
        assert 'normalize-space(.)="Trial customers"' in source
    ben = bound_candidate(bound.candidates[0], {"customer": "Ben Ode"})
    ana = bound_candidate(bound.candidates[0], {"customer": "Ana Lima"})
    assert ben is not None and ana is not None
    assert playwright_locator(session.page, ben).count() == 0
    assert playwright_locator(session.page, ana).count() == 1


def test_a_page_of_one_table_keeps_no_scope(session: BrowserSession, site: LocalSite) -> None:
    """One table (its name may change, "Orders (12)"): the row is looked up page-wide."""
    table = _table("Customers (2)", ["Cy Park", "X"])
    navigate(site.add("/one", "<!doctype html><title>C</title>" + table))
    source = _bound_to(session)
    assert source.startswith("page.get_by_role('row')")


def _legacy(rows: list[tuple[str | None, str, str]], arrow: str = "") -> str:
    """Since | Plan | Customer | Referred by | Action; a legacy row (plan None) spans the
    first two columns."""
    body = ""
    for plan, customer, referrer in rows:
        lead = (
            '<td colspan="2">Legacy account</td>'
            if plan is None
            else f"<td>2021</td><td>{plan}</td>"
        )
        body += (
            f"<tr>{lead}<td>{customer}</td><td>{referrer}</td>"
            '<td><button type="button">Upgrade</button></td></tr>'
        )
    return (
        "<!doctype html><title>C</title><table><thead><tr><th>Since</th><th>Plan</th>"
        f"<th>Customer {arrow}</th><th>Referred by</th><th>Action</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


@pytest.mark.parametrize("arrow", ["", "▲"])
def test_columns_are_grid_columns(session: BrowserSession, site: LocalSite, arrow: str) -> None:
    """A legacy row's colspan cell does not shift its Customer cell: Ana, only a referrer in
    the legacy row, finds no row; Di, the legacy row's customer, finds it. A sort arrow on
    the header is no part of the column's name."""
    navigate(
        site.add(
            f"/cs1{len(arrow)}",
            _legacy([("Trial", "Ana Lima", "-"), ("Pro", "Cy Park", "Ana Lima")], arrow),
        )
    )
    source = _bound_to(session)
    assert "page.locator('column=\"Customer\"').get_by_text(customer, exact=True)" in source
    ref = _upgrade_ref(snapshot_for_model() or "", "Cy Park")
    expr, _ = locator_expr_for_ref(session.page, ref)
    data = DataValues(description="Press Upgrade in the row of customer.")
    data.add_input("customer", "Cy Park")
    bound, _ = bind_locator(expr, data)
    navigate(site.add("/cs2", _legacy([("Trial", "Ben Ode", "-"), (None, "Di Rao", "Ana Lima")])))
    ana = bound_candidate(bound.candidates[0], {"customer": "Ana Lima"})
    di = bound_candidate(bound.candidates[0], {"customer": "Di Rao"})
    assert ana is not None and di is not None
    assert playwright_locator(session.page, ana).count() == 0
    assert playwright_locator(session.page, di).count() == 1


def test_an_option_recorded_by_value_stops_when_a_label_now_equals_it(
    session: BrowserSession, site: LocalSite
) -> None:
    """Recorded by the value "AUS"; now another option's label is "AUS" (the agent, label
    first, would choose that one): the recipe stops before choosing. An option whose own
    label and value both read "AUS" is no conflict."""
    options = '<option value="AUS">Austin (closed)</option><option value="TX9">AUS</option>'
    navigate(
        site.add(
            "/wc3",
            '<!doctype html><title>S</title><label for="wh">Warehouse</label>'
            f'<select id="wh"><option value="">Choose…</option>{options}</select>',
        )
    )
    box = session.page.get_by_role("combobox", name="Warehouse")
    with pytest.raises(LocatorError, match="now has the label 'AUS'"):
        select_option(find(box), "AUS", by="value")
    assert session.page.locator("#wh").input_value() == ""
    navigate(
        site.add(
            "/wc5",
            '<!doctype html><title>S</title><label for="wh">Warehouse</label>'
            '<select id="wh"><option value="DAL">Dallas</option><option value="AUS">AUS</option>'
            "</select>",
        )
    )
    box = session.page.get_by_role("combobox", name="Warehouse")
    assert select_option(find(box), "AUS", by="value") == "AUS"


def test_a_table_read_lays_spanning_cells_on_the_grid(
    session: BrowserSession, site: LocalSite
) -> None:
    """A legacy row's "Legacy account" cell spans Since and Plan: it is read into both, and
    its customer and referrer stay under their own headers (a header's arrow is no part of
    its field name)."""
    navigate(
        site.add("/cs3", _legacy([("Trial", "Ben Ode", "-"), (None, "Di Rao", "Ana Lima")], "▼"))
    )
    rows = extract_table(find(session.page.get_by_role("table")))
    assert [dict(r) for r in rows] == [
        {
            "since": "2021",
            "plan": "Trial",
            "customer": "Ben Ode",
            "referred_by": "-",
            "action": "Upgrade",
        },
        {
            "since": "Legacy account",
            "plan": "Legacy account",
            "customer": "Di Rao",
            "referred_by": "Ana Lima",
            "action": "Upgrade",
        },
    ]
