"""Red team round 21: a tab or accordion header found by a generic id although renamed.

MiniWoB's click-collapsible names its one accordion header "Section #N" with a new N each
episode, and the header is found again only by jQuery UI's generic id (``#ui-id-1``). Round 20's
rule (an id finds a control named otherwise only when its words say the recorded name) stopped
that replay. The rule kept here: a tab recorded by a constant name, found by an id or test id on
an element still marked as showing or hiding content and named by the same words with other
numbers, is the header renumbered, and is pressed; pressing it changes nothing. Round 20's cases
stay stopped: a generic id now on "Delete" where "Archive" was (first in the recipe or not), a
link reworded "Cancel invoice"; and so do a tab of other words at the id ("Billing address"
where "Shipping address" was), a renamed ``aria-expanded`` button, and a tab named by data.
A replay that promoted the id from ``locators.json`` first shows only the id in the recipe: the
id is held to the role and name recorded in that file (round 20's fix held it only to those the
recipe shows, so "Delete" at a promoted ``#b1`` was still pressed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite

from compiler.ir import FStringExpr, LocatorCandidate, RefExpr
from compiler.locators_file import Alternates, ElementAlternates
from runtime.browser import BrowserSession, LocatorError, click, locator_report, navigate

pytestmark = pytest.mark.slow

ACCORDION = """<!doctype html><title>Accordion</title>
<div id="area" role="tablist">
  <h3 id="ui-id-1" role="tab" {markers} tabindex="0">{name}</h3>
  <div id="ui-id-2" role="tabpanel" hidden>Some words</div>
  <button id="subbtn">Submit</button>
</div>
<script>
  window.pressed = 0;
  document.getElementById("ui-id-1").addEventListener("click", (event) => {{
    window.pressed += 1;
    const panel = document.getElementById("ui-id-2");
    panel.hidden = !panel.hidden;
    event.target.setAttribute("aria-expanded", String(!panel.hidden));
  }});
</script>"""
DISCLOSES = 'aria-controls="ui-id-2" aria-expanded="false" aria-selected="false"'

BUTTONS = """<!doctype html><title>Buttons</title>
<main>
  <button id="b1" {markers}>{name}</button>
  <a id="l1" href="#done">{link}</a>
</main>
<script>
  window.pressed = 0;
  for (const id of ["b1", "l1"]) {{
    document.getElementById(id).addEventListener("click", () => {{ window.pressed += 1; }});
  }}
</script>"""


def _recipe(
    tmp_path: Path, shown: str, entry: tuple[LocatorCandidate, ...], *, arg: str = ""
) -> Any:
    """A recipe function ``go`` that finds one element by ``shown`` (its locator in the recipe),
    with ``entry`` as that element's locators in ``locators.json`` (none if empty)."""
    recipe = tmp_path / "recipe.py"
    recipe.write_text(
        "from runtime.browser import current_page, find\n"
        "\n"
        "\n"
        f"def go({arg}):\n"
        "    page = current_page()\n"
        f"    return find({shown}, timeout_s=0.3)\n"
    )
    if entry:
        alternates = Alternates(elements={shown: ElementAlternates(locators=entry)})
        (tmp_path / "locators.json").write_text(alternates.dumps())
    namespace: dict[str, Any] = {}
    exec(compile(recipe.read_text(), str(recipe), "exec"), namespace)
    return namespace["go"]


def _tab(name: str, **kwargs: Any) -> LocatorCandidate:
    return LocatorCandidate(strategy="role", value="tab", name=name, exact=True, **kwargs)


HEADER_ID = LocatorCandidate(strategy="css", value="#ui-id-1")
HEADER_PATH = LocatorCandidate(strategy="xpath", value="/html/body/div/h3")
RECORDED_TAB = 'page.get_by_role("tab", name="Section #2", exact=True)'


def _pressed(session: BrowserSession) -> int:
    return int(session.page.evaluate("window.pressed"))


@pytest.mark.parametrize("now", ["Section #37", "Section #27", "Section 4"])
def test_a_renumbered_accordion_header_is_found_by_its_generic_id_and_pressed(
    session: BrowserSession, site: LocalSite, tmp_path: Path, now: str
) -> None:
    navigate(site.add("/accordion", ACCORDION.format(markers=DISCLOSES, name=now)))
    go = _recipe(tmp_path, RECORDED_TAB, (_tab("Section #2"), HEADER_ID, HEADER_PATH))
    click(go())
    report = locator_report()[-1]
    assert (report.used, report.alternate) == (1, (RECORDED_TAB, 1))
    assert _pressed(session) == 1
    assert session.page.locator("#ui-id-2").is_visible()


def test_a_promoted_generic_id_still_finds_the_renumbered_header(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    """After a replay promoted the id first (as the bench's replays do), the recorded tab's
    name is still in ``locators.json``, and the id finds the header renumbered again."""
    navigate(site.add("/accordion", ACCORDION.format(markers=DISCLOSES, name="Section #9")))
    shown = 'page.locator("#ui-id-1")'
    go = _recipe(tmp_path, shown, (HEADER_ID, _tab("Section #2"), HEADER_PATH))
    click(go())
    assert locator_report()[-1].used == 0
    assert _pressed(session) == 1


@pytest.mark.parametrize(
    ("markers", "recorded", "now"),
    [
        # other words: another section, whose content the later steps would fill
        (DISCLOSES, "Shipping address", "Billing address"),
        # a tab named by a number alone: no words to keep
        (DISCLOSES, "2", "37"),
        # a tab that says nothing of showing or hiding content
        ("", "Section #2", "Section #37"),
    ],
)
def test_a_tab_of_other_words_or_without_disclosure_markers_is_not_pressed(
    session: BrowserSession,
    site: LocalSite,
    tmp_path: Path,
    markers: str,
    recorded: str,
    now: str,
) -> None:
    shown = f'page.get_by_role("tab", name="{recorded}", exact=True)'
    navigate(site.add("/accordion", ACCORDION.format(markers=markers, name=now)))
    go = _recipe(tmp_path, shown, (_tab(recorded), HEADER_ID, HEADER_PATH))
    with pytest.raises(LocatorError) as info:
        click(go())
    assert "#ui-id-1 — 1 element named otherwise" in str(info.value)
    assert _pressed(session) == 0


def test_a_tab_named_by_the_tasks_data_is_not_renumbered(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    """ "Section #{number}" from the task's input 2: the data names section 2, and section 37
    at the same id is another one. Without ``locators.json``, whether data named it is not
    known, and the id is not used either."""
    navigate(site.add("/accordion", ACCORDION.format(markers=DISCLOSES, name="Section #37")))
    number = RefExpr(name="number")
    data_tab = _tab("Section #2", text_from=FStringExpr(parts=("Section #", number)))
    shown = 'page.get_by_role("tab", name=f"Section #{number}", exact=True)'
    go = _recipe(tmp_path, shown, (data_tab, HEADER_ID, HEADER_PATH), arg="number")
    with pytest.raises(LocatorError):
        click(go(2))
    inline = tmp_path / "inline"
    inline.mkdir()
    go = _recipe(inline, f'{RECORDED_TAB}, page.locator("#ui-id-1")', ())
    with pytest.raises(LocatorError) as info:
        click(go())
    assert "#ui-id-1 — 1 element named otherwise" in str(info.value)
    assert _pressed(session) == 0


ARCHIVE = 'page.get_by_role("button", name="Archive", exact=True)'
B1 = LocatorCandidate(strategy="css", value="#b1")


def _button(name: str) -> LocatorCandidate:
    return LocatorCandidate(strategy="role", value="button", name=name, exact=True)


ARCHIVE_ROLE = _button("Archive")


@pytest.mark.parametrize(
    ("shown", "entry", "markers", "now"),
    [
        # Round 20: '#b1' was "Archive", the same id is now on "Delete".
        (ARCHIVE, (ARCHIVE_ROLE, B1), "", "Delete"),
        # Round 20: a replay promoted the id first, then the id moved to "Delete".
        ('page.locator("#b1")', (B1, ARCHIVE_ROLE), "", "Delete"),
        # Round 21: a disclosure button is not a tab: one that opens a confirmation acts
        # through the next step, and the recording does not say the button only disclosed.
        (
            'page.get_by_role("button", name="Show details", exact=True)',
            (_button("Show details"), B1),
            'aria-expanded="false" aria-controls="more"',
            "Delete account",
        ),
        # Nor a renumbered one ("Delete 3 items" where "Delete 5 items" is confirmed next).
        (
            'page.get_by_role("button", name="Delete 3 items", exact=True)',
            (_button("Delete 3 items"), B1),
            'aria-expanded="false" aria-controls="more"',
            "Delete 5 items",
        ),
    ],
)
def test_a_generic_id_now_on_another_button_is_not_pressed(
    session: BrowserSession,
    site: LocalSite,
    tmp_path: Path,
    shown: str,
    entry: tuple[LocatorCandidate, ...],
    markers: str,
    now: str,
) -> None:
    navigate(site.add("/buttons", BUTTONS.format(markers=markers, name=now, link="Help")))
    go = _recipe(tmp_path, shown, entry)
    with pytest.raises(LocatorError) as info:
        click(go())
    assert "#b1 — 1 element named otherwise" in str(info.value)
    assert _pressed(session) == 0


def test_a_link_reworded_to_its_opposite_under_its_id_is_not_followed(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    navigate(
        site.add("/buttons", BUTTONS.format(markers="", name="Archive", link="Cancel invoice"))
    )
    shown = 'page.get_by_role("link", name="Download invoice", exact=True)'
    link = LocatorCandidate(strategy="role", value="link", name="Download invoice", exact=True)
    go = _recipe(tmp_path, shown, (link, LocatorCandidate(strategy="css", value="#l1")))
    with pytest.raises(LocatorError) as info:
        click(go())
    assert "#l1 — 1 element named otherwise" in str(info.value)
    assert _pressed(session) == 0
