"""What the red-team browser task modules share: pages served on 127.0.0.1 by route and seed,
the stand-in that reads the page outline, and small helpers for pages, stand-ins and cases.

A module lists its pages in a route table and serves them::

    ROUTES: dict[str, Route] = {}
    route = router(ROUTES)
    SITE = routed_site(ROUTES)

    class Page(SitePage):
        site = SITE

    @route("plan")
    def plan_page(seed: int) -> str: ...   # served at /plan/<seed>

A page notes an effect with the script call :func:`save` (a synchronous POST to ``/api/x`` that
the handler turns into :func:`~control_flow_tasks.effect`); every other request falls through
to :mod:`.web`'s pages. The seed in a page's URL decides the instance (:func:`seed_of`).
"""

from __future__ import annotations

import html
import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from miniwob_kit.outline import Node, Outline

from runtime import AIResponse, Task, TaskConfig, ToolCall
from runtime.agent.messages import Message
from runtime.browser import BROWSER_ACTIONS, BrowserConfig

from . import LazyInput, effect

__all__ = [
    "BROWSER",
    "PAGE",
    "E",
    "Handler",
    "PageReader",
    "Policy",
    "Route",
    "RoutedHandler",
    "Site",
    "SitePage",
    "SlowReader",
    "answer",
    "browser_task",
    "cells_of",
    "latest_outline",
    "ref_of",
    "routed_site",
    "router",
    "save",
    "seed_of",
    "shuffled",
    "words",
]

BROWSER = TaskConfig(browser=BrowserConfig(timeout_s=4.0))
"""Short waits: a recipe that looks for an element that is not there stops soon."""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: sans-serif; margin: 2em; }} td, th {{ padding: 4px 10px; }}</style>
</head><body>
<h1>{title}</h1>
{body}
<p id="status" role="status"></p>
<script>
function save(path, data) {{
  const xhr = new XMLHttpRequest();
  xhr.open("POST", path, false);  // synchronous: the change is saved before the event ends
  xhr.setRequestHeader("Content-Type", "application/json");
  xhr.send(JSON.stringify(data));
  document.getElementById("status").textContent = xhr.status === 200 ? "Saved." : "Not saved.";
}}
{script}
</script>
</body></html>
"""
"""A page: ``PAGE.format(title=…, body=…, script=…)``; its script's ``save(path, data)`` posts
``data`` synchronously, so the server has logged the effect before the event that caused it ends."""

Route = Callable[..., str]
"""A page's HTML from its seed (and, on a site with ``rest=True``, the rest of its path)."""


# --------------------------------------------------------------------------- serving


class Handler(BaseHTTPRequestHandler):
    """Answers 404 to everything; a module's handler serves its pages and defers the rest here."""

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""

    def _send(self, status: int, body: str, kind: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _json_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self) -> None:
        self._send(404, "not found", "text/plain")

    def do_POST(self) -> None:
        self._send(404, "{}", "application/json")


@dataclass
class Site:
    """The pages on ``http://127.0.0.1:<port>/``, up while :meth:`running` is entered."""

    server: ThreadingHTTPServer | None = None
    handler: type[BaseHTTPRequestHandler] = Handler
    """What answers the requests (a module's subclass of :class:`Handler`)."""

    def url(self, path: str) -> str:
        if self.server is None:
            raise RuntimeError("the site is not running; enter Site.running() first")
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    @contextmanager
    def running(self) -> Iterator[None]:
        if self.server is not None:  # already up (an outer block)
            yield
            return
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        try:
            yield
        finally:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@dataclass(frozen=True)
class SitePage(LazyInput):
    """A page of the subclass's ``site``, as the URL input of a task (``class Page(SitePage):
    site = SITE``)."""

    site: ClassVar[Site]
    path: str

    def resolve(self) -> str:
        return self.site.url(self.path)

    def __str__(self) -> str:
        return self.path


# --------------------------------------------------------------------------- serving


def router(routes: dict[str, Route]) -> Callable[[str], Callable[[Route], Route]]:
    """A decorator ``@route(name)`` that serves a page function at ``/<name>/<seed>``."""

    def route(name: str) -> Callable[[Route], Route]:
        def deco(page: Route) -> Route:
            routes[name] = page
            return page

        return deco

    return route


class RoutedHandler(Handler):
    """Serves ``routes`` at ``/<name>/<seed>`` (``/<name>/<seed>[/<rest>]`` with ``rest``) and
    turns a page's ``POST /api/x`` into an effect."""

    routes: ClassVar[dict[str, Route]] = {}
    rest: ClassVar[bool] = False

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        pattern = r"/(\w+)/(\d+)(?:/(.*))?" if self.rest else r"/(\w+)/(\d+)"
        m = re.fullmatch(pattern, path)
        if m and m.group(1) in self.routes:
            args = (int(m.group(2)), m.group(3)) if self.rest else (int(m.group(2)),)
            self._send(200, self.routes[m.group(1)](*args))
        else:
            super().do_GET()

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/api/x":
            super().do_POST()
            return
        effect(*self._json_body()["effect"])
        self._send(200, "{}", "application/json")


def routed_site(
    routes: dict[str, Route], *, rest: bool = False, handler: type[RoutedHandler] = RoutedHandler
) -> Site:
    """A :class:`Site` that serves ``routes`` (through ``handler``, a subclass for more paths)."""
    served = type("_Routed", (handler,), {"routes": routes, "rest": rest})
    return Site(handler=served)


def seed_of(url: str) -> int:
    """The seed of a page URL ``…/<name>/<seed>[/<rest>]``."""
    return int(urlsplit(url).path.strip("/").split("/")[1])


# --------------------------------------------------------------------------- pages


def save(parts: str) -> str:
    """The page's script call that notes one effect (``parts``: JavaScript array items)."""
    return 'save("/api/x", {effect: [' + parts + "]})"


def shuffled(items: list[Any], seed: int) -> list[Any]:
    """``items`` in an order the seed decides (as they are for seed 0)."""
    out = list(items)
    if seed:
        random.Random(seed).shuffle(out)
    return out


def E(s: str) -> str:
    return html.escape(s)


# --------------------------------------------------------------------------- stand-ins and cases

Policy = Callable[[Outline, int], AIResponse]
"""The next answer, from the latest page outline and how many answers came before."""


class PageReader:
    """A scripted model for a browser task: each answer is ``policy(page, n)`` over the page
    outline the runtime last sent, so it finds elements by role and visible text as a model
    reading that outline would (a :class:`runtime.agent.providers.ModelProvider`)."""

    name = "control-flow-stand-in"

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.answers = 0

    def complete(self, messages: list[Message], tools: Any, *, turn: int) -> AIResponse:
        answer = self.policy(Outline(latest_outline(messages)), self.answers)
        self.answers += 1
        return answer


def latest_outline(messages: list[Message]) -> str:
    """The page outline in the latest message that has one."""
    for message in reversed(messages):
        content = message.content
        if content is not None and "The page now:\n" in content:
            return content.partition("The page now:\n")[2]
    return ""


def answer(reason: str, tool: str, **args: Any) -> AIResponse:
    """The stand-in's answer: ``reason`` and one call of ``tool`` with ``args``."""
    return AIResponse(content=reason, tool_calls=[ToolCall(tool, args)])


def ref_of(node: Node | None, what: str) -> str:
    """``node``'s ref in the outline; the stand-in gives up if the page has no such element."""
    if node is None or node.ref is None:
        raise LookupError(f"the stand-in sees no {what} on the page")
    return node.ref


def words(page: Outline) -> str:
    """The outline's labels as one line of words (punctuation dropped)."""
    return " ".join(re.sub(r"[^\w ]", " ", " ".join(x.label for x in page.nodes)).split())


def cells_of(page: Outline, row: Node) -> list[Node]:
    return [c for c in page.children(row) if c.role == "cell"]


class SlowReader(PageReader):
    """A stand-in that thinks for a while before each answer, as a real model does."""

    def __init__(self, policy: Policy, think_s: float = 0.8) -> None:
        super().__init__(policy)
        self.think_s = think_s

    def complete(self, messages: list[Message], tools: Any, *, turn: int) -> AIResponse:
        time.sleep(self.think_s)
        return super().complete(messages, tools, turn=turn)


def browser_task(
    desc: str, name: str, inputs: dict[str, Any], outputs: dict[str, Any]
) -> Task[Any]:
    """A task of the browser actions with :data:`BROWSER`'s short waits."""
    return Task(
        desc,
        name=name,
        inputs=inputs,
        outputs=outputs,
        actions=list(BROWSER_ACTIONS),
        config=BROWSER,
    )
