"""Rows told apart by different texts as the page changes: an inbox where two messages share a
sender, archived one by one (an archived row leaves the list). When the first is pressed only
its subject tells its row apart; when the second is, its sender does too. The recording keeps
every text that told the row apart, so the recipe loops over the messages read from the list,
finds each row by the subject (the key every press had) and archives exactly the messages of
the sender the input names, on other inboxes and orders, with no model."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from browser_kit import LocalSite, OutlineReader, ref_of

from runtime import Task, ToolCall
from runtime.browser import BROWSER_ACTIONS, BrowserSession, navigate, snapshot_for_model
from runtime.browser.locators import locator_expr_for_ref
from runtime.errors import FallbackError
from runtime.run.recorded_tests import run_recipe_tests
from runtime.store.folder import RecipeFolder

pytestmark = pytest.mark.slow


def _inbox(messages: list[tuple[str, str]]) -> str:
    """Messages (sender, subject); Archive saves (a GET the site logs) and removes the row."""
    items = "".join(
        f'<li data-subject="{html.escape(subject)}"><span>{html.escape(sender)}</span> '
        f'<span>{html.escape(subject)}</span> <button type="button">Archive</button></li>'
        for sender, subject in messages
    )
    return f"""<!doctype html><title>Inbox</title><h1>Inbox</h1>
<ul aria-label="Inbox">{items}</ul>
<script>
for (const b of document.querySelectorAll("button")) b.addEventListener("click", () => {{
  const li = b.closest("li"), x = new XMLHttpRequest();
  x.open("GET", "/archive?s=" + encodeURIComponent(li.dataset.subject), false); x.send();
  li.remove();
}});
</script>"""


ANA = [("Ben", "Lunch"), ("Cleo", "Report"), ("Benson", "Parcel"), ("Ben", "Slides")]


def _archived(site: LocalSite) -> list[str]:
    return [unquote(r.split("=", 1)[1]) for r in site.requests if r.startswith("/archive?")]


def _read(outline: str) -> ToolCall:
    lines = outline.splitlines()
    at = next(i for i, line in enumerate(lines) if "listitem" in line)
    return ToolCall(
        "extract_list",
        {
            "target": ref_of(outline, 'list "Inbox"'),
            "fields": {
                "sender": {"ref": _ref_on(lines[at + 1])},
                "subject": {"ref": _ref_on(lines[at + 2])},
            },
        },
    )


def _ref_on(line: str) -> str:
    found = re.search(r"\[ref=(e\d+)\]", line)
    assert found is not None, line
    return found.group(1)


def _archive(subject: str) -> Any:
    def call(outline: str) -> ToolCall:
        lines = outline.splitlines()
        at = next(i for i, line in enumerate(lines) if subject in line)
        button = next(line for line in lines[at:] if 'button "Archive"' in line)
        return ToolCall("click", {"target": ref_of(button, 'button "Archive"')})

    return call


def _task(tmp_path: Path, **options: Any) -> Task[Any]:
    return Task(
        "Open the inbox at inbox_url and archive every message from sender. Report how many "
        "messages you archived.",
        name="archive_sender",
        inputs={"inbox_url": str, "sender": str},
        outputs={"archived": int},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


def test_a_row_is_recorded_with_every_text_that_tells_it_apart(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/inbox/keys", _inbox(ANA)))
    outline = snapshot_for_model() or ""
    lines = outline.splitlines()
    at = next(i for i, line in enumerate(lines) if "Report" in line)
    button = next(line for line in lines[at:] if 'button "Archive"' in line)
    expr, _ = locator_expr_for_ref(session.page, ref_of(button, 'button "Archive"'))
    rows = [(c.row.text, c.row.also) for c in expr.candidates if c.row is not None]
    assert rows == [("Cleo", None), ("Report", None), ("Cleo", "Report")]
    # A sender two rows show tells neither apart: the first Ben's row has its subject only,
    # and the sender and subject together.
    at = next(i for i, line in enumerate(lines) if "Lunch" in line)
    button = next(line for line in lines[at:] if 'button "Archive"' in line)
    expr, _ = locator_expr_for_ref(session.page, ref_of(button, 'button "Archive"'))
    rows = [(c.row.text, c.row.also) for c in expr.candidates if c.row is not None]
    assert rows == [("Lunch", None), ("Ben", "Lunch")]


def test_messages_of_a_sender_are_archived_by_their_subject_on_other_inboxes(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "inbox_url"}}),
        _read,
        _archive("Lunch"),
        _archive("Slides"),  # by now the only Ben: its sender tells its row apart too
        ToolCall("finish", {"archived": 2}),
    )
    _task(tmp_path, provider=model).run_agent(
        inbox_url=site.add("/inbox/ana", _inbox(ANA)), sender="Ben"
    )
    assert _archived(site) == ["Lunch", "Slides"]
    site.requests.clear()
    source = (tmp_path / "archive_sender" / "recipe.py").read_text("utf-8")
    assert "page.get_by_text(row.subject, exact=True)" in source, source
    assert "selected_rows = [row for row in rows if row.sender == sender]" in source
    assert "same_as_recorded" not in source
    # (kinds only, the check that a click in the loop opened no dialog, and before the return
    # that none is left open; before each Archive, that no box the inbox showed none of comes
    # ticked: one could change what Archive does, and the agent never saw it)
    checks = ("fields_as_recorded(", "no_new_dialog(page)", "no_dialog_left(page)", "same_form(")
    guards = sum(source.count(check) for check in checks)
    assert source.count("raise SideExit") == guards

    replay = _task(tmp_path, mock_responses=[])
    other = [("Dana", "Hi"), ("Ben", "Tickets"), ("Benson", "Box"), ("Ben", "Menu"), ("Ben", "X")]
    assert replay.run(inbox_url=site.add("/inbox/bo", _inbox(other)), sender="Ben").archived == 3
    assert _archived(site) == ["Tickets", "Menu", "X"]
    assert replay.last_run is not None and replay.last_run.model_calls == 0
    site.requests.clear()
    got = replay.run(inbox_url=site.add("/inbox/cy", _inbox(list(reversed(ANA)))), sender="Benson")
    assert got.archived == 1 and _archived(site) == ["Parcel"]
    site.requests.clear()
    assert replay.run(inbox_url=site.url("/inbox/cy"), sender="Zoe").archived == 0
    assert _archived(site) == []


def test_a_row_no_one_text_tells_apart_is_found_by_its_sender_and_subject_together(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    """Two senders wrote the same subjects: no text of Ben's "Lunch" row is its own, only the
    sender and the subject together. The recording keys the row by both, the recipe builds
    both from the message it loops over, and a row two messages share stops the replay."""
    shared = [("Ben", "Lunch"), ("Cleo", "Lunch"), ("Ben", "Report"), ("Cleo", "Report")]
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "inbox_url"}}),
        _read,
        _archive("Lunch"),  # the first Lunch row is Ben's
        _archive("Report"),  # Ben's Report row (the first Report row)
        ToolCall("finish", {"archived": 2}),
    )
    _task(tmp_path, provider=model).run_agent(
        inbox_url=site.add("/inbox/shared", _inbox(shared)), sender="Ben"
    )
    assert _archived(site) == ["Lunch", "Report"]
    site.requests.clear()
    source = (tmp_path / "archive_sender" / "recipe.py").read_text("utf-8")
    pair = (
        ".filter(has=page.get_by_text(row.sender, exact=True))\n"
        "                .filter(has=page.get_by_text(row.subject, exact=True))"
    )
    assert pair in source, source
    assert "same_as_recorded" not in source
    # (kinds only, the check that a click in the loop opened no dialog, and before the return
    # that none is left open; before each Archive, that no box the inbox showed none of comes
    # ticked: one could change what Archive does, and the agent never saw it)
    checks = ("fields_as_recorded(", "no_new_dialog(page)", "no_dialog_left(page)", "same_form(")
    guards = sum(source.count(check) for check in checks)
    assert source.count("raise SideExit") == guards
    # `recipe test`: the stand-in page builds the two filters as the recording found the row.
    report = run_recipe_tests(RecipeFolder(tmp_path / "archive_sender"))
    assert report.outcomes and not report.failures, report

    replay = _task(tmp_path, mock_responses=[])
    other = [("Cleo", "Menu"), ("Ben", "Menu"), ("Dana", "Menu"), ("Ben", "Tickets")]
    got = replay.run(inbox_url=site.add("/inbox/menus", _inbox(other)), sender="Ben")
    assert got.archived == 2
    # (the site logs subjects: Ben's Menu row, not Cleo's or Dana's, is gone)
    assert _archived(site) == ["Menu", "Tickets"]
    assert replay.last_run is not None and replay.last_run.model_calls == 0
    left = session.page.locator("li").all_inner_texts()
    assert [" ".join(t.split()[:2]) for t in left] == ["Cleo Menu", "Dana Menu"]
    site.requests.clear()

    # Two rows show Ben and Menu both: the lookup matches both and the replay stops before
    # pressing either.
    twice = [("Ben", "Menu"), ("Cleo", "Menu"), ("Ben", "Menu")]
    with pytest.raises(FallbackError, match="2 elements \\(ambiguous, not used\\)"):
        replay.run(inbox_url=site.add("/inbox/twice", _inbox(twice)), sender="Ben")
    assert _archived(site) == []


def test_a_subject_two_senders_share_finds_the_row_by_sender_and_subject(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    """Recorded where each of Ben's subjects is his own: the recipe finds his rows by subject
    first, and where another sender shares a subject, by sender and subject together (the
    row's other locator), never by guessing between the two rows."""
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "inbox_url"}}),
        _read,
        _archive("Lunch"),
        _archive("Slides"),
        ToolCall("finish", {"archived": 2}),
    )
    _task(tmp_path, provider=model).run_agent(
        inbox_url=site.add("/inbox/ana", _inbox(ANA)), sender="Ben"
    )
    site.requests.clear()
    replay = _task(tmp_path, mock_responses=[])
    other = [("Finn", "Hello"), ("Ben", "Hello"), ("Cleo", "Minutes")]
    assert replay.run(inbox_url=site.add("/inbox/cy", _inbox(other)), sender="Ben").archived == 1
    assert _archived(site) == ["Hello"]
    assert replay.last_run is not None and replay.last_run.model_calls == 0
    left = session.page.locator("li").all_inner_texts()
    assert [" ".join(t.split()[:2]) for t in left] == ["Finn Hello", "Cleo Minutes"]
