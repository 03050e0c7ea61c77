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

from . import Expected, LazyInput, effect

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
    "confirm_asked",
    "confirm_in_dialog",
    "confirm_last_delete",
    "delete_inactive",
    "latest_outline",
    "one_or_nothing",
    "press_rows",
    "ref_of",
    "routed_site",
    "router",
    "save",
    "seed_of",
    "select_and_save",
    "shipping_page",
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


# --------------------------------------------------------------------------- shared page families


def shipping_page(seed: int, options: str) -> str:
    """Order 1042's shipping page: a Warehouse drop-down of ``options`` (their HTML) and Save,
    which notes ``("ship_from", seed, <the chosen value>)``."""
    body = (
        '<p>Where should order 1042 ship from?</p><label for="wh">Warehouse</label> '
        f'<select id="wh"><option value="">Choose…</option>{options}</select> '
        '<button type="button" id="go">Save</button>'
    )
    script = (
        'document.getElementById("go").addEventListener("click", () => '
        + save(f'"ship_from", {seed}, document.getElementById("wh").value')
        + ");"
    )
    return PAGE.format(title="Shipping", body=body, script=script)


def select_and_save(option: str, reason: str) -> Callable[[Any], PageReader]:
    """The stand-in for :func:`shipping_page`: open ``shipping_url``, choose the option the input
    ``option`` names (saying ``reason``), press Save, finish with saved=true."""

    def stand_in(inputs: Any) -> PageReader:
        def policy(page: Outline, n: int) -> AIResponse:
            if n == 0:
                return answer("I open the shipping page.", "navigate", url={"$ref": "shipping_url"})
            if n == 1:
                sel = page.first("combobox") or page.first("listbox")
                return answer(
                    reason, "select_option", target=ref_of(sel, "select"), option={"$ref": option}
                )
            if n == 2:
                save_button = ref_of(page.first("button", "Save"), "Save")
                return answer("I save.", "click", target=save_button)
            return answer("Saved.", "finish", saved=True)

        return PageReader(policy)

    return stand_in


def press_rows(
    url: str,
    says: tuple[str, str, str, str],
    column: int,
    status: str,
    output: str,
    reader: Callable[[Policy], PageReader] = PageReader,
) -> Callable[[Any], PageReader]:
    """A stand-in that opens the input ``url``, reads its table, then presses the button of each
    row whose cell ``column`` shows ``status`` and finishes with how many it pressed as
    ``output``. ``says``: its words on opening, reading, pressing (``{}``: the row's first cell)
    and finishing (``{}``: the count)."""
    opening, reading, pressing, finishing = says

    def stand_in(inputs: Any) -> PageReader:
        pressed: list[str] = []

        def policy(page: Outline, n: int) -> AIResponse:
            if n == 0:
                return answer(opening, "navigate", url={"$ref": url})
            if n == 1:
                return answer(reading, "extract_table", target=ref_of(page.first("table"), "table"))
            for row in page.all("row"):
                cells = cells_of(page, row)
                if len(cells) > column and cells[column].label == status:
                    b = next((c for c in page.children(row) if c.role == "button"), None)
                    pressed.append(cells[0].label)
                    return answer(
                        pressing.format(cells[0].label), "click", target=ref_of(b, "button")
                    )
            return answer(finishing.format(len(pressed)), "finish", **{output: len(pressed)})

        return reader(policy)

    return stand_in


Confirm = Callable[[Outline], "AIResponse | None"]
"""How a stand-in answers a confirm dialog on the page: its click, or None when none is open."""


def confirm_in_dialog(page: Outline) -> AIResponse | None:
    """Press the Delete button inside the open dialog."""
    dlg = page.first("dialog")
    if dlg is None:
        return None
    yes = next(c for c in page.children(dlg) if c.role == "button" and c.label == "Delete")
    return answer("I confirm the deletion.", "click", target=yes.ref)


def confirm_last_delete(page: Outline) -> AIResponse | None:
    """When a dialog is open, press the page's last Delete button."""
    if page.first("dialog") is None:
        return None
    yes = list(page.all("button", "Delete"))[-1]
    return answer("I confirm the deletion.", "click", target=yes.ref)


def confirm_asked(page: Outline) -> AIResponse | None:
    """When the page asks "Delete the account …?", press its last Delete button; the agent
    refuses (raises) when the question names shared files."""
    q = next((x for x in page.nodes if x.label.startswith("Delete the account")), None)
    if q is None:
        return None
    if "shared files" in q.label:
        raise LookupError("the agent would not delete shared files")
    yes = list(page.all("button", "Delete"))[-1]
    return answer("I confirm the deletion.", "click", target=yes.ref)


def delete_inactive(confirm: Confirm, *, report_done: bool = False) -> Callable[[Any], PageReader]:
    """A stand-in that opens ``accounts_url``, reads its table and presses Delete in each row
    whose status is Inactive, answering dialogs with ``confirm``. It finishes with how many it
    deleted, or (``report_done``) with done=true, passing over the rows it already pressed."""

    def stand_in(inputs: Any) -> PageReader:
        done: list[str] = []

        def policy(page: Outline, n: int) -> AIResponse:
            if n == 0:
                return answer("I open the accounts page.", "navigate", url={"$ref": "accounts_url"})
            if n == 1:
                return answer(
                    "I read the accounts table.",
                    "extract_table",
                    target=ref_of(page.first("table"), "t"),
                )
            confirming = confirm(page)
            if confirming is not None:
                return confirming
            for row in page.all("row"):
                cells = cells_of(page, row)
                if len(cells) < 2 or cells[1].label != "Inactive":
                    continue
                if not (report_done and cells[0].label in done):
                    b = next(c for c in page.children(row) if c.role == "button")
                    done.append(cells[0].label)
                    reason = f"{cells[0].label} is inactive; I delete it."
                    return answer(reason, "click", target=b.ref)
            if report_done:
                return answer("All inactive accounts are deleted.", "finish", done=True)
            return answer("Done.", "finish", deleted=len(done))

        return PageReader(policy)

    return stand_in


def one_or_nothing(
    hits: list[Any], output: str, effect_of: Callable[[Any], tuple[Any, ...]]
) -> Expected:
    """What a task that acts on exactly one match should do: the effect ``effect_of(hit)`` and
    ``output`` true for a single hit; for none or several, nothing and ``output`` false."""
    if len(hits) != 1:
        return Expected([], {output: False})
    return Expected([effect_of(hits[0])], {output: True})
