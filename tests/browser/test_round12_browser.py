"""Round-12 red-team browser fixes, in real Chromium: a positional locator never picks another
option in place of a named control ("Cancel order" for a missing "Pay", "Economy" for
"Express", "Email digest" for "Email"), a positional locator is never promoted first in the
recipe, a field of a named section ("City" of "Shipping address") is found only inside a
section of that name, and a lone optional checkbox left alone is part of the form guard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite, ref_of

from compiler.ir import LocatorExpr
from runtime import Task, TaskConfig
from runtime.browser import (
    BROWSER_ACTIONS,
    BrowserSession,
    LocatorError,
    find,
    locator_report,
    navigate,
    snapshot_for_model,
)
from runtime.browser.form_fields import form_fields
from runtime.browser.locators import (
    BY_POSITION,
    OTHER_SECTION,
    locator_expr_for_ref,
    playwright_locator,
)
from runtime.run.replay_browser import promote_locators

pytestmark = pytest.mark.slow


def _record(session: BrowserSession, url: str, line: str) -> LocatorExpr:
    navigate(url)
    expr, _ = locator_expr_for_ref(session.page, ref_of(snapshot_for_model() or "", line))
    return expr


def _replay(session: BrowserSession, url: str, expr: LocatorExpr) -> str:
    """The name of the element the recorded candidates find on ``url`` (raises LocatorError)."""
    navigate(url)
    page = session.page
    found = find(*(playwright_locator(page, c) for c in expr.candidates), timeout_s=1.5)
    return str(found.locator.evaluate("el => (el.labels && el.labels[0] || el).textContent"))


def _buttons(*names: str) -> str:
    buttons = " ".join(f'<button type="button">{n}</button>' for n in names)
    return f"<!doctype html><title>Invoice</title><p>Invoice 12.</p><div>{buttons}</div>"


def _radios(*names: str) -> str:
    radios = "".join(
        f'<label><input type="radio" name="sp" value="{n}"> {n}</label><br>' for n in names
    )
    return f"<!doctype html><title>Order</title><fieldset><legend>Speed</legend>{radios}</fieldset>"


def _boxes(*names: str) -> str:
    boxes = "".join(f"<li><label><input type='checkbox'> {n}</label></li>" for n in names)
    return f"<!doctype html><title>Alerts</title><ul>{boxes}</ul>"


# --------------------------------------------------------------- 1: positional fallbacks


@pytest.mark.parametrize(
    ("page", "line", "recorded", "other"),
    [
        (_buttons, 'button "Pay"', ("Pay later", "Pay"), ("Pay later", "Cancel order")),
        (_buttons, 'button "Pay"', ("Pay later", "Pay"), ("Pay later", "Pay by bank")),
        (_radios, 'radio "Express"', ("Standard", "Express"), ("Standard", "Economy")),
        (_boxes, 'checkbox "Email"', ("Email", "SMS"), ("SMS", "Push")),
        (_boxes, 'checkbox "Email"', ("Email", "SMS"), ("Email digest", "SMS")),
    ],
)
def test_a_positional_locator_never_stands_in_for_a_named_control(
    session: BrowserSession,
    site: LocalSite,
    page: Callable[..., str],
    line: str,
    recorded: tuple[str, ...],
    other: tuple[str, ...],
) -> None:
    key = "-".join(recorded + other).replace(" ", "_")
    expr = _record(session, site.add(f"/rec-{key}", page(*recorded)), line)
    assert any(c.strategy in ("css", "xpath") for c in expr.candidates)
    with pytest.raises(LocatorError, match="found by its position"):
        _replay(session, site.add(f"/other-{key}", page(*other)), expr)
    assert BY_POSITION in dict(locator_report()[-1].tried).values()


def test_a_positional_locator_never_picks_among_several_of_the_recorded_name(
    session: BrowserSession, site: LocalSite
) -> None:
    expr = _record(session, site.add("/pay1", _buttons("Pay later", "Pay")), 'button "Pay"')
    with pytest.raises(LocatorError, match="found by its position"):
        _replay(session, site.add("/pay2", _buttons("Pay", "Pay")), expr)


def test_a_positional_locator_still_finds_the_named_control_in_another_form(
    session: BrowserSession, site: LocalSite
) -> None:
    # A "Pay" button redone as a "Pay" link is the recorded control; an id whose words say
    # "pay" still finds a reworded one (the page's own name for it).
    navigate(site.add("/paylink", "<!doctype html><div><a href='#p'>Pay</a></div>"))
    page = session.page
    found = find(
        page.get_by_role("button", name="Pay", exact=True),
        page.locator("xpath=/html/body/div/a"),
        timeout_s=1.5,
    )
    assert found.index == 1
    navigate(site.add("/payid", "<!doctype html><div><button id='pay-go'>Pay now</button></div>"))
    found = find(
        page.get_by_role("button", name="Pay", exact=True), page.locator("#pay-go"), timeout_s=1.5
    )
    assert found.index == 1


# --------------------------------------------------------------- 2: no positional promotion


RECIPE = """from runtime.browser import current_page, find


def pay():
    page = current_page()
    return find(
        page.get_by_role("button", name="Pay", exact=True),
        page.locator("xpath=/html/body/div/a"),
    ).resolve()
"""


def test_a_positional_locator_is_never_promoted_first(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    task: Task[Any] = Task(
        "Open the invoice and press Pay.",
        name="pay",
        inputs={},
        outputs={},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        config=TaskConfig(heal="auto"),
    )
    recipe = task.folder.recipe_path
    recipe.parent.mkdir(parents=True, exist_ok=True)
    recipe.write_text(RECIPE)
    navigate(site.add("/paylink2", "<!doctype html><div><a href='#p'>Pay</a></div>"))
    namespace: dict[str, object] = {}
    exec(compile(RECIPE, str(recipe.resolve()), "exec"), namespace)
    namespace["pay"]()  # type: ignore[operator]
    assert locator_report()[-1].used == 1  # found by its position, the recorded name
    warnings, history = promote_locators(task, recipe)
    assert history is None and recipe.read_text() == RECIPE
    assert any("found by locator 2" in w for w in warnings)


# --------------------------------------------------------------- 3: named sections


def _address(*sections: str) -> str:
    parts = "".join(
        f"<fieldset><legend>{s} address</legend><label>Street <input></label> "
        f"<label>City <input class='city'></label></fieldset>"
        for s in sections
    )
    return f"<!doctype html><title>Delivery</title><form>{parts}</form>"


def test_a_field_of_a_named_section_is_found_only_inside_a_section_of_that_name(
    session: BrowserSession, site: LocalSite
) -> None:
    expr = _record(session, site.add("/addr1", _address("Shipping")), 'textbox "City"')
    # Recorded inside its section although "City" alone finds it on that page.
    assert expr.candidates[0].within == 'internal:role=group[name="Shipping address"s]'
    navigate(site.add("/addr2", _address("Billing", "Shipping")))
    page = session.page
    found = find(*(playwright_locator(page, c) for c in expr.candidates), timeout_s=1.5)
    assert found.index == 0
    assert found.locator.evaluate("el => el.closest('fieldset').textContent").startswith("Shipping")
    navigate(site.add("/addr4", _address("Billing")))
    with pytest.raises(LocatorError, match="outside the named section"):
        find(*(playwright_locator(page, c) for c in expr.candidates), timeout_s=1.5).resolve()
    assert OTHER_SECTION in dict(locator_report()[-1].tried).values()


# --------------------------------------------------------------- 4: a lone optional checkbox


def _signup(*boxes: tuple[str, bool]) -> str:
    ticks = "".join(
        f"<label><input type='checkbox' {'checked' if on else ''}> {name}</label><br>"
        for name, on in boxes
    )
    return f"<!doctype html><title>Sign up</title><label>Email <input></label><br>{ticks}"


def test_a_lone_optional_checkbox_is_part_of_the_form(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/signup1", _signup(("Send me offers", False))))
    assert form_fields(session.page) == ('textbox "Email"', 'checkbox "Send me offers"')
    # Several optional boxes are a list (data the recipe acts on by name): left out.
    navigate(site.add("/signup2", _signup(("Offers", False), ("News", True))))
    assert form_fields(session.page) == ('textbox "Email"',)
