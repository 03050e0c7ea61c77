"""Round-8 red-team browser fixes: a drop-down option is chosen only when exactly one option
fits, by the kind of match the recording used."""

from __future__ import annotations

import pytest
from browser_kit import LocalSite, ref_of

from compiler.ir import LiteralExpr
from runtime.browser import (
    BrowserError,
    BrowserSession,
    LocatorError,
    navigate,
    recording_args,
    snapshot_for_model,
)
from runtime.browser.actions import select_option
from runtime.browser.locators import find

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
