"""Round-8 red-team browser fixes: a drop-down option is chosen only when exactly one option
fits, by the kind of match the recording used; a row found by a text is found by the cell of
the column the recording found it in; a click in a dialog goes on only while the dialog asks
what the recording saw it ask (in a loop, a pattern of the repetitions' questions); a click in
a loop that opened no dialog when recorded stops the recipe if one opens."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from browser_kit import LocalSite, ref_of

from compiler.ir import LiteralExpr, LocatorCandidate, LocatorExpr, RowKey
from compiler.locators import DataValues, bind_locator, render_candidate
from compiler.passes.form_guards import _guarded, _loop_pattern, _state_guard
from compiler.recipe_ir import Call, ExprStmt, Guard
from runtime.browser import (
    BrowserError,
    BrowserSession,
    LocatorError,
    navigate,
    no_new_dialog,
    recording_args,
    same_state,
    snapshot_for_model,
)
from runtime.browser.actions import click, select_option
from runtime.browser.locators import (
    bound_candidate,
    find,
    locator_expr_for_ref,
    playwright_locator,
)
from runtime.browser.snapshot import page_helpers_js
from tests.browser.test_round5_browser import CLICK, _element

pytestmark = pytest.mark.slow


def _warehouses(groups: dict[str, list[tuple[str, str]]]) -> str:
    options = "".join(
        f'<optgroup label="{g}">'
        + "".join(f'<option value="{v}">{label}</option>' for v, label in opts)
        + "</optgroup>"
        for g, opts in groups.items()
    )
    return (
        '<!doctype html><title>Shipping</title><label for="wh">Warehouse</label>'
        f'<select id="wh"><option value="">Choose…</option>{options}</select>'
    )


def test_an_option_whose_label_shows_twice_is_not_chosen(
    session: BrowserSession, site: LocalSite
) -> None:
    """Portland under Oregon and under Maine: neither the agent nor a recipe picks the
    first; the agent is told to choose by value, which it may."""
    navigate(
        site.add(
            "/wh2",
            _warehouses(
                {
                    "Oregon": [("PDX-OR", "Portland"), ("EUG", "Eugene")],
                    "Maine": [("PWM-ME", "Portland")],
                }
            ),
        )
    )
    box = ref_of(snapshot_for_model() or "", 'combobox "Warehouse"')
    with pytest.raises(LocatorError, match="2 options have the label 'Portland'"):
        select_option(box, "Portland")
    with pytest.raises(LocatorError, match="2 options have the label 'Portland'"):
        select_option(find(session.page.get_by_role("combobox", name="Warehouse")), "Portland")
    assert session.page.locator("#wh").input_value() == ""
    assert select_option(box, "PWM-ME") == "Portland"
    assert session.page.locator("#wh").input_value() == "PWM-ME"
    recorded = recording_args("select_option", {}, "Portland", ok=True) or {}
    assert recorded["by"] == LiteralExpr(value="value")  # the recipe matches values only


def test_a_recipe_matches_an_option_by_the_recorded_kind_only(
    session: BrowserSession, site: LocalSite
) -> None:
    """Recorded by label ("Austin"), a replay on a page whose only "Austin" is another
    option's value stops; recorded by value (``by="value"``), it matches values only."""
    navigate(
        site.add(
            "/wh4",
            _warehouses(
                {
                    "Texas": [("Austin", "Austin (closed, ships from Dallas)"), ("DAL", "Dallas")],
                }
            ),
        )
    )
    box = session.page.get_by_role("combobox", name="Warehouse")
    with pytest.raises(BrowserError, match="no option 'Austin' by its label"):
        select_option(find(box), "Austin")
    assert session.page.locator("#wh").input_value() == ""
    with pytest.raises(BrowserError, match="no option 'Dallas' by its value"):
        select_option(find(box), "Dallas", by="value")
    assert select_option(find(box), "DAL", by="value") == "Dallas"
    assert select_option(find(box), "dallas", by="label_any_case") == "Dallas"


def _referrals(rows: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f'<tr><td>{n}</td><td>{p}</td><td>{r}</td><td><button type="button">Upgrade</button>'
        "</td></tr>"
        for n, p, r in rows
    )
    return (
        "<!doctype html><title>Customers</title><table><thead><tr><th>Customer</th>"
        "<th>Plan</th><th>Referred by</th><th>Action</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def test_a_row_found_by_a_text_is_pinned_to_its_column(
    session: BrowserSession, site: LocalSite
) -> None:
    """Cy Park's Upgrade button is recorded in the row whose Customer cell reads "Cy Park":
    bound to the input, the row of customer Ana Lima is not the one that shows her as the
    referrer (no element: the replay falls back), and is hers where she is a customer."""
    navigate(
        site.add("/ref1", _referrals([("Ben Ode", "Pro", "Ana Lima"), ("Cy Park", "Trial", "-")]))
    )
    outline = snapshot_for_model() or ""
    refs = [line for line in outline.splitlines() if 'button "Upgrade"' in line]
    ref = refs[1].split("[ref=")[1].split("]")[0]
    expr, _ = locator_expr_for_ref(session.page, ref)
    keyed = [c for c in expr.candidates if c.row is not None and c.row.text == "Cy Park"]
    assert keyed and keyed[0].row is not None and keyed[0].row.column == "Customer"
    data = DataValues(description="Press Upgrade in the row of customer.")
    data.add_input("customer", "Cy Park")
    bound, _ = bind_locator(expr, data)
    source = render_candidate(bound.candidates[0], data=lambda e: "customer")
    assert "page.locator('column=\"Customer\"').get_by_text(customer, exact=True)" in source
    first = bound_candidate(bound.candidates[0], {"customer": "Ana Lima"})
    assert first is not None
    assert playwright_locator(session.page, first).count() == 0
    navigate(
        site.add("/ref2", _referrals([("Ana Lima", "Pro", "-"), ("Ben Ode", "Pro", "Ana Lima")]))
    )
    assert playwright_locator(session.page, first).count() == 1
    assert "Pro" in (playwright_locator(session.page, first).locator("xpath=../..").inner_text())


def test_a_table_without_headers_pins_the_cell_by_position(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(
        site.add(
            "/nohead",
            "<!doctype html><title>T</title><table><tbody>"
            "<tr><td>A-1</td><td>B-7</td><td><button>Go</button></td></tr>"
            "<tr><td>B-7</td><td>A-1</td><td><button>Go</button></td></tr>"
            "</tbody></table>",
        )
    )
    cell = session.page.locator("tr").first.get_by_role("cell").first
    row = RowKey(role="row", text="B-7", column="#1")
    go = LocatorCandidate(strategy="role", value="button", name="Go", exact=True, row=row)
    assert playwright_locator(session.page, go).count() == 1
    assert cell.inner_text() == "A-1"
    row_by_2 = RowKey(role="row", text="B-7", column="#2")
    found = playwright_locator(session.page, go.model_copy(update={"row": row_by_2}))
    assert found.count() == 1
    assert found.locator("xpath=../..").get_by_role("cell").first.inner_text() == "A-1"


ASK = """<!doctype html><title>Accounts</title><div role="dialog" aria-label="Confirm">
<p>{question}</p><button type="button">Cancel</button>
<button type="button" id="yes">Delete</button>
</div>"""
OFFER = 'in a dialog offering "Cancel", "Delete"'


def test_a_dialog_records_its_question_and_a_loop_ties_it_to_the_item(
    session: BrowserSession, site: LocalSite
) -> None:
    """Recorded: the buttons and the question; in a loop over ana and cy, the name is the
    item's field that each question held (round 11: no longer any word), and the question
    about ivy's shared files fits no more."""
    navigate(site.add("/ana", ASK.format(question="Delete the account ana?")))
    yes = session.page.locator("#yes")
    state = find(yes).read(page_helpers_js(), {"op": "toggle"})
    assert state == f'{OFFER} asking "Delete the account ana?"'
    other = f'{OFFER} asking "Delete the account cy?"'
    names = {"user": {"ana", "cy", "ivy"}}
    asked = [state, other, 'in a dialog offering "OK" asking "Sure?"']
    pattern = _loop_pattern(state, asked, names, "item")
    assert isinstance(pattern, tuple)
    assert pattern[0] == f'{OFFER} asking "Delete the account {{item.user}}?"'
    assert pattern[1] == "user"
    assert same_state(find(yes), state) and not same_state(find(yes), other)
    files = "Delete the account ivy and the 5 shared files it owns?"
    navigate(site.add("/ivy", ASK.format(question=files)))
    assert not same_state(
        find(session.page.locator("#yes")), f'{OFFER} asking "Delete the account ivy?"'
    )
    # Questions no item field explains make no pattern: the recorded one stands.
    assert _loop_pattern(state, [state, other], {"status": {"Inactive"}}, "item") == state


def test_a_click_in_a_dialog_in_a_loop_is_guarded_by_the_pattern() -> None:
    asked = [f'{OFFER} asking "Delete the account {n}?"' for n in ("ana", "cy")]
    pattern = _loop_pattern(asked[0], asked, {"user": {"ana", "cy"}}, "item")
    assert isinstance(pattern, tuple)
    target = _element("button", "Delete", state=pattern[0])
    stmt = ExprStmt(step=3, value=Call(action=CLICK, kwargs={}))
    guard = _state_guard(stmt, target, "page", (pattern[1], pattern[2], "item"))
    assert "asks another question" in guard.message
    # (The state is an f-string over the item: for cy it reads as cy's recorded question.)
    literal = guard.condition.source.split(", f", 1)[1][:-1]
    assert eval("f" + literal, {"item": SimpleNamespace(user="cy")}) == asked[1]
    assert "item" in guard.condition.names


SOMETIMES = """<!doctype html><title>Accounts</title>
<button type="button" id="plain">Delete ana</button>
<button type="button" id="asks">Delete ivy</button>
<div id="dlg" role="dialog" aria-label="Confirm" hidden><p>Delete ivy anyway?</p>
<button type="button">Cancel</button> <button type="button">Delete</button></div>
<script>
document.getElementById("asks").addEventListener("click", () => {
  document.getElementById("dlg").hidden = false; });
</script>"""


def test_a_click_records_whether_it_opened_a_dialog_and_replay_checks_it(
    session: BrowserSession, site: LocalSite
) -> None:
    """The agent's click on "Delete ana" opened nothing (recorded ``opened_dialog=False``),
    the one on "Delete ivy" opened the confirm dialog; at replay ``no_new_dialog`` tells the
    same after each click of the recipe, and a dialog already open before a click is no news."""
    navigate(site.add("/some", SOMETIMES))
    outline = snapshot_for_model() or ""
    click(ref_of(outline, 'button "Delete ana"'))
    recorded = recording_args("click", {}, None, ok=True) or {}
    target = recorded["target"]
    assert isinstance(target, LocatorExpr) and target.opened_dialog is False
    click(ref_of(outline, 'button "Delete ivy"'))
    recorded = recording_args("click", {}, None, ok=True) or {}
    target = recorded["target"]
    assert isinstance(target, LocatorExpr) and target.opened_dialog is True
    navigate(site.add("/some2", SOMETIMES))
    page = session.page
    click(find(page.locator("#plain")))
    assert no_new_dialog(page)
    click(find(page.locator("#asks")))
    assert not no_new_dialog(page)
    click(find(page.locator("#plain")))
    assert no_new_dialog(page)  # (open before this click)


def test_a_click_in_a_loop_that_opened_no_dialog_is_checked_after() -> None:
    """The guard comes after the click, in loops only."""
    target = _element("button", "Delete", opened_dialog=False)
    stmt = ExprStmt(step=3, value=Call(action=CLICK, kwargs={"target": target}))
    changes: list[str] = []
    out = _guarded((stmt,), "page", changes, [], {}, True)
    assert out[0] is stmt and isinstance(out[1], Guard)
    assert out[1].condition.source == "no_new_dialog(page)"
    assert "dialog opened after the click" in out[1].message
    assert _guarded((stmt,), "page", [], [], {}, False) == (stmt,)


BOX = """<!doctype html><title>Accounts</title>
<p>Accounts.</p><button type="button" id="row">Delete</button>
<div id="dlg" {attrs} hidden><p>Delete the account ana?</p>
<button type="button">Cancel</button> <button type="button" id="yes">Delete</button></div>
<script>
document.getElementById("row").addEventListener("click", () => {
  document.getElementById("dlg").hidden = false; });
</script>"""


@pytest.mark.parametrize(
    ("attrs", "is_dialog"),
    [
        ('class="modal"', True),
        ('style="position: fixed; bottom: 0"', True),
        ("", False),  # (a panel that shows: nothing says it is a box to answer)
    ],
)
def test_a_box_that_appeared_after_a_click_is_a_dialog_when_it_looks_modal(
    session: BrowserSession, site: LocalSite, attrs: str, is_dialog: bool
) -> None:
    """A confirm box without dialog markup (a plain ``<div class="modal">``, or a fixed box)
    that appeared after the click on the row's Delete records its buttons and question like a
    role=dialog one; the same box shown before any click, or a static box, is no dialog."""
    page = session.page
    navigate(site.add(f"/box{len(attrs)}", BOX.replace("{attrs}", attrs)))
    yes = page.locator("#yes")
    click(find(page.locator("#row")))
    state = find(yes).read(page_helpers_js(), {"op": "toggle"})
    assert state == (f'{OFFER} asking "Delete the account ana?"' if is_dialog else None)
    # Shown before the last click (here: before any click of the document): not a dialog.
    shown = BOX.replace("{attrs}", attrs).replace(" hidden>", ">")
    navigate(site.add(f"/shown{len(attrs)}", shown))
    assert find(page.locator("#yes")).read(page_helpers_js(), {"op": "toggle"}) is None
    click(find(page.locator("#row")))
    assert find(page.locator("#yes")).read(page_helpers_js(), {"op": "toggle"}) is None
