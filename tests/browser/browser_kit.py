"""Shared helpers of the browser tests: pages served from memory, short timeouts, refs."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from runtime import AIResponse
from runtime.agent.messages import Message
from runtime.browser import BrowserConfig

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
