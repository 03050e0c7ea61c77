"""The outline shows what a person can click though it has no role — a word in running text, an
icon-only element — and ``click_text`` clicks by visible text, recorded as
``page.get_by_text(...)``."""

from __future__ import annotations

import pytest
from browser_kit import LocalSite, ref_of

from compiler.ir import LocatorCandidate, LocatorExpr
from runtime.browser import (
    BrowserSession,
    LocatorError,
    click,
    click_text,
    find,
    navigate,
    recording_args,
    snapshot_for_model,
)

pytestmark = pytest.mark.slow

PAGE = """<!doctype html><title>Mail</title>
<style>
  .icon { display: inline-block; width: 12px; height: 12px; background: #999; }
  .row { cursor: pointer; }
  .pointer { cursor: pointer; }
</style>
<main>
  <p id="story">Read the <span class="word">blue</span> words, not the
    <span>grey</span> ones, and the <span class="pointer">red</span> one.</p>
  <div class="row" id="r1"><span class="sender">Ann</span>
    <span class="icon trash"></span><span class="icon fa fa-star"></span></div>
  <button id="close" title="Close the mail"><span class="icon"></span></button>
  <button class="btn btn-gear"></button>
  <p id="out"></p>
</main>
<script>
  const out = document.getElementById("out");
  document.querySelector(".word").addEventListener("click", () => { out.textContent = "blue"; });
  document.querySelector(".trash").addEventListener("click", () => { out.textContent = "trash"; });
  document.querySelector(".fa-star").onclick = () => { out.textContent = "star"; };
</script>"""


def test_the_outline_shows_clickable_words_and_icons(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/mail", PAGE))
    text = snapshot_for_model() or ""
    lines = [line.strip() for line in text.splitlines()]
    # A word the page listens to, and one under a hand pointer, split the running text.
    story = lines.index("- text: Read the")
    assert lines[story + 1].startswith("- generic [clickable] [ref=e") and "]: blue" in text
    assert lines[story + 2] == "- text: words, not the grey ones, and the"
    assert lines[story + 3].startswith("- generic [clickable] [ref=") and lines[story + 3].endswith(
        ": red"
    )
    # Icons: by a class name that is a word; an icon button by its title, or its class.
    assert "- generic [clickable] [icon=trash] [ref=" in text
    assert "- generic [clickable] [icon=star] [ref=" in text
    assert '- button "Close the mail" [ref=' in text
    assert "- button [icon=gear] [ref=" in text
    # A row under a hand pointer shows its parts as before (its text inherits the pointer).
    assert "- generic [ref=" in text and "]: Ann" in text
    assert snapshot_for_model() == text  # deterministic


def test_icons_are_clicked_by_ref(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/mail", PAGE))
    text = snapshot_for_model() or ""
    click(ref_of(text, "generic [clickable] [icon=trash]"))
    assert session.page.locator("#out").inner_text() == "trash"
    recorded = recording_args("click", {}, None)
    assert recorded is not None and isinstance(recorded["target"], LocatorExpr)
    assert recorded["target"].description == "span (icon: trash)"


def test_click_text_is_recorded_as_get_by_text(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/mail", PAGE))
    snapshot_for_model()
    click_text("blue")
    assert session.page.locator("#out").inner_text() == "blue"
    recorded = recording_args("click_text", {}, None)
    assert recorded is not None
    target = recorded["text"]
    assert isinstance(target, LocatorExpr)
    assert target.candidates[0] == LocatorCandidate(strategy="text", value="blue", exact=True)
    assert all(c.strategy != "text" for c in target.candidates[1:])
    # The recipe passes what find returned.
    session.page.locator("#out").evaluate("el => el.textContent = ''")
    click_text(find(session.page.get_by_text("blue", exact=True)))
    assert session.page.locator("#out").inner_text() == "blue"


def test_click_text_refuses_text_shown_twice_or_nowhere(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/twice", "<main><p>Go</p><button>Go</button></main>"))
    with pytest.raises(LocatorError, match="2 elements"):
        click_text("Go")
    with pytest.raises(LocatorError, match="no element"):
        click_text("Stop")
