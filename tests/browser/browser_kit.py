"""Shared helpers of the browser tests: pages served from memory, short timeouts, refs."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from runtime import AIResponse, Task, ToolCall
from runtime.agent.messages import Message
from runtime.browser import BROWSER_ACTIONS, BrowserConfig

FAST = BrowserConfig(timeout_s=3.0)
"""Short waits: a test that fails should fail fast."""


@dataclass
class LocalSite:
    """HTML pages served from a dict on ``http://127.0.0.1:<port>/``."""

    pages: dict[str, str] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    def add(self, path: str, html: str, *, delay_s: float = 0.0, status: int = 200) -> str:
        """Serve ``html`` at ``path`` (after ``delay_s``, with HTTP ``status``); returns its
        URL. A 204 answer has no body."""
        self.pages[path] = html
        if delay_s:
            self.delays[path] = delay_s
        if status != 200:
            self.statuses[path] = status
        return self.url(path)

    def url(self, path: str = "/") -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


def handler_for(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            site.requests.append(self.path)
            time.sleep(site.delays.get(path, 0.0))
            body = site.pages.get(path)
            if body is None or site.statuses.get(path) == 204:
                self.send_response(404 if body is None else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = body.encode("utf-8")
            self.send_response(site.statuses.get(path, 200))
            kind = "application/json" if path.endswith(".json") else "text/html; charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def ref_of(snapshot: str, line_start: str) -> str:
    """The ref on the snapshot line that starts (after indentation) with ``line_start``."""
    for line in snapshot.splitlines():
        if line.strip().removeprefix("- ").startswith(line_start):
            match = re.search(r"\[ref=(e\d+)\]", line)
            if match:
                return match.group(1)
    raise AssertionError(f"no line starting with {line_start!r} in:\n{snapshot}")


class OutlineReader:
    """A scripted model that reads the page: each step of its plan is a tool call, or a
    function from the page outline it was last sent to the tool call it answers with."""

    name = "scripted"

    def __init__(self, *plan: Any) -> None:
        self.plan = list(plan)

    def complete(self, messages: list[Message], tools: Any, *, turn: int) -> AIResponse:
        step = self.plan.pop(0)
        outline = next((m.content for m in reversed(messages) if "[ref=" in (m.content or "")), "")
        call = step(outline) if callable(step) else step
        return AIResponse(content="", tool_calls=[call], input_tokens=0, output_tokens=0)


SUBMIT = """<script>
function send(path, values) {
  const x = new XMLHttpRequest();
  x.open("GET", path + "?" + new URLSearchParams(values), false);
  x.send();
  document.getElementById("status").textContent = "Done.";
}
</script><p id="status"></p>"""
"""A page's ``send(path, values)``: the order a test page places, as a request the site logs."""


def click_task(tmp_path: Path, name: str, brief: str, **options: Any) -> Task[Any]:
    """A browser task on the page at ``url`` that reports ``done``, its recipe kept under
    ``tmp_path``."""
    return Task(
        brief,
        name=name,
        inputs={"url": str},
        outputs={"done": bool},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


class ClickProbe:
    """Record "open url, click each outline line in turn" on one page with a scripted agent,
    then replay with no model on another (the form guard's tests, rounds 23, 25 and 30)."""

    def __init__(self, site: LocalSite, tmp_path: Path, name: str) -> None:
        self.site, self.tmp_path, self.name = site, tmp_path, name

    def task(self, brief: str, **options: Any) -> Task[Any]:
        return click_task(self.tmp_path, self.name, brief, **options)

    def sent(self, path: str = "/order") -> list[str]:
        """The requests to ``path`` the pages made since the last record or replay."""
        return [r for r in self.site.requests if r.startswith(path + "?")]

    def record(self, brief: str, page: str, clicks: Sequence[str]) -> str:
        """Record on ``page``; the recipe's source."""
        self.site.requests.clear()
        steps: list[Any] = [ToolCall("navigate", {"url": {"$ref": "url"}})]
        for line in clicks:
            step: Callable[[str], ToolCall] = lambda o, line=line: ToolCall(  # noqa: E731
                "click", {"target": ref_of(o, line)}
            )
            steps.append(step)
        steps.append(ToolCall("finish", {"done": True}))
        task = self.task(brief, provider=OutlineReader(*steps))
        task.run_agent(url=self.site.add(f"/rec/{self.tmp_path.name}", page))
        return (self.tmp_path / self.name / "recipe.py").read_text("utf-8")

    def replay(self, brief: str, page: str, key: str) -> str:
        """Replay with no model on ``page``: "ran at 0 calls", or "stopped"."""
        self.site.requests.clear()
        task = self.task(brief, mock_responses=[])
        try:
            task.run(url=self.site.add(f"/rep/{self.tmp_path.name}/{key}", page))
        except Exception:  # any stop before the effect is what these tests want
            return "stopped"
        assert task.last_run is not None
        return f"ran at {task.last_run.model_calls} calls"
