"""Replays wait like the recording did: a debounced widget answers typing before anyone looks,
and a read that found something when recorded waits until it finds something again."""

from __future__ import annotations

import pytest
from browser_kit import LocalSite, ref_of

from compiler.ir import LiteralExpr
from runtime.browser import (
    BrowserSession,
    extract_list,
    fill,
    find,
    navigate,
    read_text,
    recording_args,
    snapshot_for_model,
)

pytestmark = pytest.mark.slow

SUGGEST = """<!doctype html><title>Suggest</title>
<main>
  <label for="q">Country</label><input id="q">
  <ul id="s" aria-label="Suggestions"></ul>
  <p id="late"></p>
</main>
<script>
  const names = ["Nepal", "Niger", "Norway", "Peru"];
  let timer;
  q.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const shown = names.filter((n) => n.startsWith(q.value));
      s.replaceChildren(...shown.map((n) => {
        const li = document.createElement("li");
        li.innerHTML = "<span>" + n + "</span>";
        return li;
      }));
    }, 300);
  });
</script>"""

LATE = """<!doctype html><title>Late</title>
<main><ul id="r" aria-label="Results"></ul><p id="t"></p></main>
<script>
  setTimeout(() => {
    r.innerHTML = "<li><span>One</span></li><li><span>Two</span></li>";
    t.textContent = "2 results";
  }, 4000);
</script>"""


def test_the_outline_shows_what_a_debounced_widget_answers_to_typing(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/suggest", SUGGEST))
    outline = snapshot_for_model() or ""
    fill(ref_of(outline, 'textbox "Country"'), "N")
    outline = snapshot_for_model() or ""  # no sleep: the page's 300 ms timer is waited for
    assert "Norway" in outline and "Peru" not in outline


def test_a_recipe_reads_a_debounced_list_without_sleeping(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/suggest", SUGGEST))
    page = session.page
    fill(find(page.get_by_label("Country")), "Ni")
    rows = extract_list(
        find(page.get_by_role("list", name="Suggestions")),
        fields={"name": {"selectors": ["span"]}},
        rows=["li"],
    )
    assert [r.name for r in rows] == ["Niger"]


def test_a_read_that_found_something_when_recorded_waits_for_it(
    session: BrowserSession, site: LocalSite
) -> None:
    page = session.page
    navigate(site.add("/late", LATE))
    results = find(page.get_by_role("list", name="Results"))
    # An empty list is an answer (no timing asserted: the machine may be slow).
    assert extract_list(results, fields={"name": {"selectors": ["span"]}}, rows=["li"]) == []
    rows = extract_list(
        find(page.get_by_role("list", name="Results")),
        fields={"name": {"selectors": ["span"]}},
        rows=["li"],
        nonempty=True,
    )
    assert [r.name for r in rows] == ["One", "Two"]
    assert read_text(find(page.locator("#t")), nonempty=True) == "2 results"


def test_recording_marks_the_reads_that_found_something(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/suggest", SUGGEST))
    outline = snapshot_for_model() or ""
    fill(ref_of(outline, 'textbox "Country"'), "P")
    recording_args("fill", {}, None)
    outline = snapshot_for_model() or ""
    rows = extract_list(ref_of(outline, 'list "Suggestions"'), {"name": ref_of(outline, "generic")})
    recorded = recording_args("extract_list", {}, rows)
    assert recorded is not None and recorded["nonempty"] == LiteralExpr(value=True)
    text = read_text(ref_of(outline, "paragraph"))  # (empty)
    assert text == ""
    recorded = recording_args("read_text", {}, text)
    assert recorded is not None and "nonempty" not in recorded
