"""Running on a page the caller prepared (``with browser_session(page=page): task.run(...)``):
the first model turn sees the page, the task's limits apply, each run's locator reports are its
own, the page stays open. And a secret input typed into the page never shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite, ref_of
from pydantic import SecretStr

from runtime import AIResponse, Task, TaskConfig, ToolCall
from runtime.agent.messages import Message
from runtime.browser import (
    BROWSER_ACTIONS,
    BrowserConfig,
    BrowserSession,
    browser_session,
    find,
    locator_report,
    navigate,
    snapshot_for_model,
)

pytestmark = pytest.mark.slow

LOGIN = """<!doctype html><title>Login</title>
<main>
  <label for="user">User</label><input id="user">
  <label for="code">Code</label><input id="code">
  <button onclick="out.textContent = 'Hi ' + user.value">Sign in</button>
  <p id="out"></p>
</main>"""


class Scripted:
    """A model that answers with ``plan(messages)`` and keeps what it was sent."""

    name = "scripted"

    def __init__(self, *plan: Any) -> None:
        self.plan = list(plan)
        self.seen: list[list[Message]] = []

    def complete(self, messages: list[Message], tools: Any, *, turn: int) -> AIResponse:
        self.seen.append(list(messages))  # frozen messages: no copies needed
        step = self.plan.pop(0)
        call = step(messages[-1].content) if callable(step) else step
        return AIResponse(tool_calls=[call], input_tokens=0, output_tokens=0)


def _login_task(tmp_path: Path, model: Scripted, **options: Any) -> Task[Any]:
    return Task(
        "Sign in as user with the code.",
        name="login",
        inputs={"user": str, "code": SecretStr},
        outputs={},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        provider=model,
        **options,
    )


def _fill(line: str, value: str) -> Any:
    return lambda page: ToolCall("fill", {"target": ref_of(page, line), "value": {"$ref": value}})


def test_a_prepared_page_is_seen_at_once_and_a_secret_never_shows(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    navigate(site.add("/login", LOGIN))
    page = session.page  # the caller's page, prepared
    model = Scripted(
        _fill('textbox "User"', "user"),
        _fill('textbox "Code"', "code"),
        lambda outline: ToolCall("click", {"target": ref_of(outline, 'button "Sign in"')}),
        ToolCall("finish", {}),
    )
    task = _login_task(tmp_path, model)
    with browser_session(page=page):
        assert task.run(user="ann", code=SecretStr("s3cret-77")) is None
    assert page.locator("#out").inner_text() == "Hi ann"
    assert not page.is_closed()  # the caller's page stays open
    # The first turn already had the page (no wasted look), and the code never showed.
    first = model.seen[0][-1].content
    assert first.startswith("The page now:\n") and 'textbox "User"' in first
    shown = "\n".join(str(m.content) for turn in model.seen for m in turn)
    assert 'textbox "Code" [ref=e' in shown and "s3cret-77" not in shown
    recipe = task.folder.recipe_path.read_text(encoding="utf-8")
    trace = task.folder.trace_path.read_text(encoding="utf-8")
    assert "s3cret-77" not in recipe and "s3cret-77" not in trace
    assert "value=code" in recipe and "scroll" not in recipe
    # The recipe types a new secret.
    with browser_session(page=page):
        navigate(site.url("/login"))
        task.run(user="bob", code=SecretStr("other-9"))
    assert page.locator("#code").input_value() == "other-9"
    assert task.last_run is not None and task.last_run.mode == "recipe"


def test_the_tasks_limits_apply_to_the_callers_session(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    url = site.add("/login", LOGIN)
    model = Scripted(ToolCall("navigate", {"url": url}), ToolCall("finish", {}))
    limited = BrowserConfig(allowed_domains=["example.com"], timeout_s=3)
    task = _login_task(tmp_path, model, config=TaskConfig(browser=limited))
    with browser_session(page=session.page):
        task.run_agent(user="ann", code=SecretStr("x"))
    refused = str(model.seen[1][-2].content)  # what the model read after navigate
    assert "ERROR calling navigate" in refused and "allowed_domains" in refused
    # Outside the run the caller's own (unlimited) config is back.
    navigate(url)
    assert session.page.url == url


def test_each_run_has_its_own_locator_reports(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/login", LOGIN))
    page = session.page
    find(page.get_by_role("button", name="Sign in")).resolve()
    assert len(locator_report()) == 1
    with session.run():
        assert locator_report() == []
        find(page.get_by_label("User")).resolve()
        assert len(locator_report()) == 1
    assert len(locator_report()) == 2  # the session keeps them all
    assert snapshot_for_model() is not None
