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
from browser_kit import LocalSite, ref_of

from runtime import AIResponse, Task, ToolCall
from runtime.agent.messages import Message
from runtime.browser import BROWSER_ACTIONS, BrowserSession, navigate, snapshot_for_model
from runtime.browser.locators import locator_expr_for_ref

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


class Reader:
    """A scripted model: each answer is built from the page outline it was last sent."""

    name = "scripted"

    def __init__(self, *plan: Any) -> None:
        self.plan = list(plan)

    def complete(self, messages: list[Message], tools: Any, *, turn: int) -> AIResponse:
        step = self.plan.pop(0)
        outline = next((m.content for m in reversed(messages) if "[ref=" in (m.content or "")), "")
        call = step(outline) if callable(step) else step
        return AIResponse(content="", tool_calls=[call], input_tokens=0, output_tokens=0)


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
    rows = [c.row.text for c in expr.candidates if c.row is not None]
    assert rows == ["Cleo", "Report"]
    # A sender two rows show tells neither apart: the first Ben's row has its subject only.
    at = next(i for i, line in enumerate(lines) if "Lunch" in line)
    button = next(line for line in lines[at:] if 'button "Archive"' in line)
    expr, _ = locator_expr_for_ref(session.page, ref_of(button, 'button "Archive"'))
    assert [c.row.text for c in expr.candidates if c.row is not None] == ["Lunch"]


def test_messages_of_a_sender_are_archived_by_their_subject_on_other_inboxes(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    model = Reader(
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
    assert "same_as_recorded" not in source and "SideExit" not in source

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
