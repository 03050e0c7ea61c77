"""Locator candidates recorded when the agent acts on a ref, and ``find`` at replay: the first
locator matching exactly one element wins, an ambiguous one is never used."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_kit import LocalSite, ref_of

from compiler.ir import LocatorCandidate, LocatorExpr, RefExpr
from compiler.locators import promote_locator, render_candidate
from compiler.locators_file import Alternates, ElementAlternates
from runtime.browser import (
    BrowserSession,
    Found,
    LocatorError,
    click,
    find,
    locator_report,
    navigate,
    read_text,
    recording_args,
    snapshot_for_model,
)
from runtime.browser import locators as locators_module
from runtime.browser.locators import (
    locator_expr_for_ref,
    playwright_locator,
    selector_of,
)
from tests.browser.driver_calls import driver_calls

pytestmark = pytest.mark.slow

PAGE = """<!doctype html><title>Locators</title>
<main>
  <h2>Checkout</h2>
  <form aria-label="Payment">
    <label for="card">Card number</label>
    <input id="card" name="card" placeholder="1234 5678" data-testid="card-input">
    <button id="pay" data-testid="pay-button" class="btn primary">Pay now</button>
    <button class="btn">Pay</button>
  </form>
  <ul><li><button>Add</button></li><li><button>Add</button></li></ul>
  <img src="data:," alt="Company logo" title="Our logo">
</main>"""


def _expr(session: BrowserSession, site: LocalSite, name: str) -> LocatorExpr:
    navigate(site.add("/locators", PAGE))
    text = snapshot_for_model() or ""
    expr, _ = locator_expr_for_ref(session.page, ref_of(text, name))
    return expr


def test_candidates_most_robust_first(session: BrowserSession, site: LocalSite) -> None:
    expr = _expr(session, site, 'textbox "Card number"')
    assert [c.strategy for c in expr.candidates] == [
        "role", "label", "placeholder", "test_id", "css", "xpath",
    ]  # fmt: skip
    assert expr.candidates[0] == LocatorCandidate(
        strategy="role", value="textbox", name="Card number", exact=True
    )
    assert expr.candidates[4].value == "#card"
    assert expr.description == 'textbox "Card number"'
    assert expr.context == 'form "Payment"'


def test_an_ambiguous_name_is_made_exact_or_dropped(
    session: BrowserSession, site: LocalSite
) -> None:
    # "Pay" is also part of "Pay now": the loose role locator matches two buttons.
    pay = _expr(session, site, 'button "Pay"')
    assert pay.candidates[0] == LocatorCandidate(
        strategy="role", value="button", name="Pay", exact=True
    )
    # Two identical "Add" buttons: no role or text locator is unique, a CSS path is.
    add = _expr(session, site, 'button "Add"')
    assert [c.strategy for c in add.candidates] == ["css", "xpath"]
    assert ":nth-of-type(1)" in add.candidates[0].value


def test_every_candidate_finds_the_element(session: BrowserSession, site: LocalSite) -> None:
    for line in ('textbox "Card number"', 'button "Pay now"', 'img "Company logo"'):
        expr = _expr(session, site, line)
        for candidate in expr.candidates:
            locator = playwright_locator(session.page, candidate)
            assert locator.count() == 1, candidate
            # The recipe's source says exactly what the runtime does.
            from_source = eval(render_candidate(candidate), {"page": session.page})
            assert selector_of(from_source) == selector_of(locator)


def test_find_uses_the_first_unique_locator(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/locators", PAGE))
    page = session.page
    found = find(
        page.get_by_role("button", name="Pay by card"),  # gone (reworded "Pay now")
        page.get_by_role("button", name="Pay"),  # two elements: never used
        page.get_by_test_id("pay-button"),
        page.locator("#pay"),
    )
    assert found.index == 2
    assert found.locator.inner_text() == "Pay now"
    assert [count for _, count in found.tried] == [0, 2, 1]
    report = locator_report()[-1]
    assert report.used == 2 and report.fell_back


def test_find_looks_the_element_up_when_it_is_used(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/locators", PAGE))
    page = session.page
    with driver_calls() as calls:
        found = find(page.get_by_role("button", name="Pay"), page.locator("#pay"))
    assert calls == [] and not found.looked_up
    assert str(found) == '<element to find by internal:role=button[name="Pay"i]>'
    assert found.resolve() is found and found.looked_up
    assert found.tried == (('internal:role=button[name="Pay"i]', 2), ("#pay", 1))
    assert str(found) == "<element found by #pay>"
    with driver_calls() as calls:
        assert found.locator.inner_text() == "Pay now"
    assert calls == ["Frame.innerText"]  # (looked up once)


def test_a_read_whose_first_locator_misses_falls_back_to_the_next(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/locators", PAGE))
    page = session.page
    found = find(page.get_by_role("button", name="Pay"), page.get_by_test_id("pay-button"))
    # The first locator is counted as it is read: two elements, so the lookup goes on.
    assert read_text(found) == "Pay now"
    assert found.index == 1
    assert [count for _, count in found.tried] == [2, 1]
    assert locator_report()[-1].used == 1
    # A locator that matches nothing and an invalid one: the read waits as a lookup does, then
    # says what each locator matched.
    with pytest.raises(LocatorError, match=r"no locator matched exactly one element") as info:
        read_text(find(page.locator("#gone"), page.locator("a[[bad"), timeout_s=0.3))
    assert "#gone — no element" in str(info.value)
    assert "a[[bad — invalid selector" in str(info.value)


def test_find_refuses_ambiguity(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/locators", PAGE))
    page = session.page
    with pytest.raises(LocatorError) as info:
        find(page.get_by_role("button", name="Add"), page.locator("#nope"), timeout_s=0.3).resolve()
    message = str(info.value)
    assert "2 elements (ambiguous, not used)" in message
    assert "#nope — no element" in message
    assert locator_report()[-1].used is None


def test_positional_locators_wait_for_the_others(
    session: BrowserSession, site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locators_module, "WEAK_GRACE_S", 0.4)
    url = site.add(
        "/late",
        "<main><button>Old</button></main><script>setTimeout(() => {"
        "document.querySelector('main').insertAdjacentHTML('afterbegin', '<button>Buy</button>')"
        "}, 150)</script>",
    )
    navigate(url)
    page = session.page
    page.reload()  # no settling: the late button is not there yet
    found = find(
        page.get_by_role("button", name="Buy"), page.locator("xpath=/html/body/main/button[1]")
    )
    assert found.index == 0  # the semantic locator won, though the XPath matched at once


def test_recording_args(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/locators", PAGE))
    text = snapshot_for_model() or ""
    click(ref_of(text, 'button "Pay now"'))
    recorded = recording_args("click", {"target": "e1"}, None)
    assert recorded is not None
    target = recorded["target"]
    assert isinstance(target, LocatorExpr)
    assert target.candidates[0].name == "Pay now"
    assert recording_args("click", {}, None) is None  # consumed
    assert recording_args("not_a_browser_action", {}, None) is None

    page = session.page
    click(find(page.get_by_test_id("pay-button")))
    assert recording_args("click", {}, None) is None  # the recipe's own locator worked
    click(find(page.locator("#gone"), page.get_by_test_id("pay-button")))
    healed = recording_args("click", {}, None)
    assert healed is not None and isinstance(healed["target"], LocatorExpr)
    assert healed["target"].candidates[0].name == "Pay now"


def test_found_is_accepted_and_a_bare_locator_too(session: BrowserSession, site: LocalSite) -> None:
    url = site.add(
        "/count",
        '<main><p id=n>0</p><button onclick="n.textContent=+n.textContent+1">More</button>'
        "</main>",
    )
    navigate(url)
    page = session.page
    click(find(page.get_by_role("button", name="More")))
    click(page.get_by_role("button", name="More"))
    assert page.locator("#n").inner_text() == "2"
    assert isinstance(find(page.locator("#n")), Found)


def test_a_fallen_back_locator_can_be_promoted_in_the_recipe(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    navigate(site.add("/locators", PAGE))
    recipe = tmp_path / "recipe.py"
    recipe.write_text(
        "from runtime.browser import current_page, find\n"
        "\n"
        "\n"
        "def pay():\n"
        "    page = current_page()\n"
        "    return find(\n"
        '        page.get_by_role("button", name="Pay later"),\n'
        '        page.get_by_test_id("pay-button"),\n'
        "    ).resolve()\n"
    )
    namespace: dict[str, object] = {}
    exec(compile(recipe.read_text(), str(recipe), "exec"), namespace)
    namespace["pay"]()  # type: ignore[operator]
    report = locator_report()[-1]
    assert (report.file, report.line, report.used) == (str(recipe), 6, 1)
    assert report.summary() == (
        'recipe.py:6: found by locator 2 (internal:testid=[data-testid="pay-button"s]); before '
        'it: internal:role=button[name="Pay later"i] (no match)'
    )
    recipe.write_text(promote_locator(recipe.read_text(), report.line, report.used))
    exec(compile(recipe.read_text(), str(recipe), "exec"), namespace)
    namespace["pay"]()  # type: ignore[operator]
    assert locator_report()[-1].used == 0


ROLES = """<!doctype html><title>Roles</title>
<main>
  <button id="search" class="primary">Find</button>
  <h2 id="more">More</h2>
  <a id="search-shop" href="/shop">Shop</a>
  <button id="later" hidden>Search later</button>
</main>"""


def test_a_fallback_locator_must_find_an_element_of_the_recorded_role(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/roles", ROLES))
    page = session.page
    # "Search" was reworded to "Find": the id, whose words say "search", still finds a button,
    # which is used; a generic id now on another control is not (red team round 20).
    found = find(page.get_by_role("button", name="Search"), page.locator("#search"), timeout_s=0.3)
    assert found.index == 1
    with pytest.raises(LocatorError):
        find(
            page.get_by_role("button", name="Archive"), page.locator("#search"), timeout_s=0.3
        ).resolve()
    # An id that now belongs to a heading, or to a hidden button, is not the recorded element:
    # the lookup fails loudly (and a replay falls back) instead of clicking it.
    for other in ("#more", "#later"):
        with pytest.raises(LocatorError) as info:
            find(
                page.get_by_role("button", name="Search"), page.locator(other), timeout_s=0.3
            ).resolve()
        assert f"{other} — 1 element, not a visible element of the recorded role" in str(info.value)
    button = page.get_by_role("button", name="Search")
    assert find(button, page.locator("#more"), page.locator("#search")).index == 2
    assert "#more (another kind of element)" in locator_report()[-1].summary()
    # A link is a button's kind (a redesign swaps them); without a role locator there is no
    # role to hold the others to.
    assert find(button, page.locator("#search-shop"), timeout_s=0.3).index == 1
    assert find(page.get_by_text("Nothing"), page.locator("#more"), timeout_s=0.3).index == 1


def test_a_recipe_finds_an_element_by_the_locators_beside_it(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    """The recipe shows one locator per element; when it fails, ``find`` tries the others
    ``locators.json`` keeps for that element — built from the same data for a data-bound
    one, and held to the recorded role — and a recipe without the file just fails."""
    # The button's name is now "Start"; it still shows "Find".
    navigate(site.add("/renamed", ROLES.replace('class="primary"', 'aria-label="Start"')))
    recipe = tmp_path / "recipe.py"
    recipe.write_text(
        "from runtime.browser import current_page, find\n"
        "\n"
        "\n"
        "def go(label):\n"
        "    page = current_page()\n"
        '    return find(page.get_by_role("button", name=label, exact=True), timeout_s=0.3)\n'
    )
    namespace: dict[str, object] = {}
    exec(compile(recipe.read_text(), str(recipe), "exec"), namespace)
    go = namespace["go"]
    with pytest.raises(LocatorError):
        go("Find").resolve()  # type: ignore[operator]  # (no locators.json: no alternates)
    bound = RefExpr(name="label")
    alternates = Alternates(
        elements={
            'page.get_by_role("button", name=label, exact=True)': ElementAlternates(
                locators=(
                    LocatorCandidate(
                        strategy="role", value="button", name="Search", exact=True, text_from=bound
                    ),
                    LocatorCandidate(strategy="text", value="x", exact=True, text_from=bound),
                    LocatorCandidate(strategy="css", value="#more"),
                    LocatorCandidate(strategy="css", value="#search"),
                )
            )
        }
    )
    (tmp_path / "locators.json").write_text(alternates.dumps())
    # The text alternate is built from the data ("Find"); the id of a heading is not used.
    found = go("Find").resolve()  # type: ignore[operator]
    report = locator_report()[-1]
    assert (found.index, report.shown, report.alternate) == (
        1,
        1,
        ('page.get_by_role("button", name=label, exact=True)', 1),
    )
    assert found.tried[1][0] == 'internal:text="Find"s'
    # Data the page does not show: the text alternate finds nothing, the heading's id is of
    # another role, and the button's id, whose words do not say "Other", is not used either
    # (a control named by the data that the page does not have: round 20's rule).
    with pytest.raises(LocatorError) as info:
        go("Other").resolve()  # type: ignore[operator]
    assert "#more — 1 element, not a visible element of the recorded role" in str(info.value)
    assert "#search — 1 element named otherwise" in str(info.value)
