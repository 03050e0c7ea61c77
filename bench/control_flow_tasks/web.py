"""Browser tasks on two small pages this module serves on 127.0.0.1, driven through the
project's browser actions in real Chromium: newsletter topics ticked from a list input (the
checkboxes are named by the list's items) and "Mark shipped" pressed on the paid rows of a
table (buttons that differ only by their row).

The pages save every change at once with a synchronous request, so the server has logged the
effect before the action that caused it returns.

    cd bench && python -c "from control_flow_tasks import web; web.serve_forever()"
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from miniwob_kit.outline import Node, Outline

from runtime import AIResponse, Task, TaskConfig, ToolCall
from runtime.browser import BROWSER_ACTIONS, BrowserConfig

from . import Case, Expected, HeldOut, LazyInput, effect

TOPICS = ["Jazz", "Opera", "Rock", "Folk", "Blues", "Hip hop"]

BATCHES: dict[str, list[tuple[str, str, str, float]]] = {
    "mon": [
        ("A-1", "Acme", "Paid", 120.0),
        ("A-2", "Birch", "Pending", 80.0),
        ("A-3", "Cobalt", "Paid", 45.5),
        ("A-4", "Dune", "Refunded", 10.0),
    ],
    "tue": [
        ("B-1", "Elm", "Pending", 15.0),
        ("B-2", "Fern", "Paid", 64.0),
        ("B-3", "Gale", "Paid", 18.25),
        ("B-4", "Hive", "Paid", 230.0),
        ("B-5", "Iris", "Pending", 9.9),
    ],
    "wed": [("C-1", "Jade", "Pending", 30.0), ("C-2", "Kiln", "Refunded", 12.0)],
    "thu": [],
    "fri": [("D-1", "Lark", "Paid", 77.0), ("D-2", "Moss", "Paid", 5.0)],
}

# --------------------------------------------------------------------------- the site

_PAGE = """<!doctype html>
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


def prefs_page(user: str) -> str:
    boxes = "\n".join(
        f'<li><label><input type="checkbox" name="topic" value="{html.escape(t)}"> '
        f"{html.escape(t)}</label></li>"
        for t in TOPICS
    )
    body = (
        f"<p>Signed in as {html.escape(user)}. Choose the topics of your newsletter.</p>\n"
        f'<fieldset><legend>Topics</legend><ul style="list-style: none">{boxes}</ul></fieldset>'
    )
    script = (
        'for (const box of document.querySelectorAll("input[name=topic]")) {\n'
        '  box.addEventListener("change", () => save("/api/prefs", '
        f"{{user: {json.dumps(user)}, topic: box.value, on: box.checked}}));\n"
        "}"
    )
    return _PAGE.format(title="Newsletter preferences", body=body, script=script)


def orders_page(batch: str) -> str:
    rows = "\n".join(
        f'<tr data-id="{oid}"><td>{oid}</td><td>{html.escape(customer)}</td><td>{status}</td>'
        f'<td>{total:.2f}</td><td><button type="button">Mark shipped</button></td></tr>'
        for oid, customer, status, total in BATCHES[batch]
    )
    body = (
        f"<p>Orders of batch {batch}.</p>\n<table>\n<thead><tr><th>Order</th><th>Customer</th>"
        "<th>Status</th><th>Total</th><th>Action</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )
    script = (
        'for (const row of document.querySelectorAll("tbody tr")) {\n'
        '  const button = row.querySelector("button");\n'
        '  button.addEventListener("click", () => {\n'
        '    save("/api/ship", {id: row.dataset.id});\n'
        '    row.cells[2].textContent = "Shipped";\n'
        "    button.disabled = true;\n"
        "  });\n"
        "}"
    )
    return _PAGE.format(title="Orders to ship", body=body, script=script)


class _Handler(BaseHTTPRequestHandler):
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

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        prefs = re.fullmatch(r"/prefs/(\w+)", path)
        orders = re.fullmatch(r"/orders/(\w+)", path)
        if prefs:
            self._send(200, prefs_page(prefs.group(1)))
        elif orders and orders.group(1) in BATCHES:
            self._send(200, orders_page(orders.group(1)))
        else:
            self._send(404, "not found", "text/plain")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        data = json.loads(self.rfile.read(length) or b"{}")
        path = urlsplit(self.path).path
        if path == "/api/prefs":
            effect("subscribe" if data["on"] else "unsubscribe", data["user"], data["topic"])
        elif path == "/api/ship":
            effect("mark_shipped", data["id"])
        else:
            self._send(404, "{}", "application/json")
            return
        self._send(200, "{}", "application/json")


@dataclass
class Site:
    """The pages on ``http://127.0.0.1:<port>/``, up while :meth:`running` is entered."""

    server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        if self.server is None:
            raise RuntimeError("the site is not running; enter Site.running() first")
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    @contextmanager
    def running(self) -> Iterator[None]:
        if self.server is not None:  # already up (an outer block)
            yield
            return
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        try:
            yield
        finally:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


SITE = Site()


@dataclass(frozen=True)
class Page(LazyInput):
    """A page of :data:`SITE`, as the URL input of a task."""

    path: str

    def resolve(self) -> str:
        return SITE.url(self.path)

    def __str__(self) -> str:
        return self.path


def serve_forever() -> None:
    """Serve the site until Ctrl+C (to look at the pages in a browser)."""
    with SITE.running():
        print(SITE.url("/prefs/ana"), SITE.url("/orders/mon"))
        threading.Event().wait()


# --------------------------------------------------------------------------- the stand-in

Policy = Callable[[Outline, int], AIResponse]
"""The next answer, from the latest page outline and how many answers came before."""


class PageReader:
    """A scripted model for a browser task: each answer is ``policy(page, n)`` over the page
    outline the runtime last sent, so it finds elements by role and visible text as a model
    reading that outline would (a :class:`runtime.providers.ModelProvider`)."""

    name = "control-flow-stand-in"

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.answers = 0

    def complete(self, messages: list[dict[str, Any]], tools: Any, *, turn: int) -> AIResponse:
        answer = self.policy(Outline(latest_outline(messages)), self.answers)
        self.answers += 1
        return answer


def latest_outline(messages: list[dict[str, Any]]) -> str:
    """The page outline in the latest message that has one."""
    for message in reversed(messages):
        content = message.get("content")
        if isinstance(content, str) and "The page now:\n" in content:
            return content.partition("The page now:\n")[2]
    return ""


def answer(reason: str, tool: str, **args: Any) -> AIResponse:
    return AIResponse(content=reason, tool_calls=[ToolCall(tool, args)])


def _ref(node: Node | None, what: str) -> str:
    if node is None or node.ref is None:
        raise LookupError(f"the stand-in sees no {what} on the page")
    return node.ref


# --------------------------------------------------------------------------- newsletter topics

BROWSER = TaskConfig(browser=BrowserConfig(timeout_s=4.0))
"""Short waits: a recipe that looks for an element that is not there stops soon."""

topics: Task[Any] = Task(
    "Open the newsletter preferences page at prefs_url and tick the box of every topic in "
    "topics; leave the other boxes as they are. Report how many boxes you ticked.",
    name="newsletter_topics",
    inputs={"prefs_url": str, "topics": list[str]},
    outputs={"ticked": int},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def topics_stand_in(inputs: dict[str, Any]) -> PageReader:
    """Open the page, tick the topics of the list one by one, finish with how many."""
    chosen: list[str] = inputs["topics"]

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the preferences page.", "navigate", url={"$ref": "prefs_url"})
        if n <= len(chosen):
            topic = chosen[n - 1]
            box = _ref(page.first("checkbox", topic), f'checkbox "{topic}"')
            return answer(f"I tick {topic}.", "check", target=box)
        return answer(f"The {len(chosen)} topics are ticked.", "finish", ticked=len(chosen))

    return PageReader(policy)


def topics_reference(inputs: dict[str, Any]) -> Expected:
    user = urlsplit(inputs["prefs_url"]).path.rsplit("/", 1)[1]
    chosen = inputs["topics"]
    return Expected([("subscribe", user, t) for t in chosen], {"ticked": len(chosen)})


TOPICS_CASE = Case(
    task=topics,
    features=("browser", "list input", "checkboxes named by the items", "count typed"),
    recorded={"prefs_url": Page("/prefs/ana"), "topics": ["Jazz", "Folk"]},
    stand_in=topics_stand_in,
    serve=SITE.running,
    reference=topics_reference,
    held_out=[
        HeldOut(
            "3 topics", {"prefs_url": Page("/prefs/ben"), "topics": ["Opera", "Rock", "Blues"]}
        ),
        HeldOut("1 topic", {"prefs_url": Page("/prefs/cy"), "topics": ["Hip hop"]}),
        HeldOut("no topics", {"prefs_url": Page("/prefs/di"), "topics": []}),
        HeldOut("same 2, reversed", {"prefs_url": Page("/prefs/ed"), "topics": ["Folk", "Jazz"]}),
    ],
)

# --------------------------------------------------------------------------- mark shipped

shipped: Task[Any] = Task(
    'Open the orders page at orders_url and press "Mark shipped" for every order whose status '
    "is Paid. Report how many orders you marked.",
    name="mark_paid_shipped",
    inputs={"orders_url": str},
    outputs={"marked": int},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def shipped_stand_in(inputs: dict[str, Any]) -> PageReader:
    """Open the page, read the table, press the button of the first row still Paid until none
    is left (a pressed row says Shipped), finish with how many it pressed."""
    pressed: list[str] = []

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the orders page.", "navigate", url={"$ref": "orders_url"})
        if n == 1:
            table = _ref(page.first("table"), "table")
            return answer(
                "I read the orders table to see each order's status.",
                "extract_table",
                target=table,
            )
        for row in page.all("row"):
            cells = [c for c in page.children(row) if c.role == "cell"]
            if len(cells) > 2 and cells[2].label == "Paid":
                button = next((c for c in page.children(row) if c.role == "button"), None)
                pressed.append(cells[0].label)
                target = _ref(button, f"button in the row of {cells[0].label}")
                return answer(
                    f"{cells[0].label} is paid; I mark it shipped.", "click", target=target
                )
        return answer(
            f"{len(pressed)} paid orders are marked shipped.", "finish", marked=len(pressed)
        )

    return PageReader(policy)


def shipped_reference(inputs: dict[str, Any]) -> Expected:
    batch = urlsplit(inputs["orders_url"]).path.rsplit("/", 1)[1]
    paid = [oid for oid, _, status, _ in BATCHES[batch] if status == "Paid"]
    return Expected([("mark_shipped", oid) for oid in paid], {"marked": len(paid)})


SHIPPED_CASE = Case(
    task=shipped,
    features=("browser", "table rows", "filter: status", "buttons differ by row", "count typed"),
    recorded={"orders_url": Page("/orders/mon")},
    stand_in=shipped_stand_in,
    serve=SITE.running,
    reference=shipped_reference,
    held_out=[
        HeldOut("3 paid of 5", {"orders_url": Page("/orders/tue")}),
        HeldOut("none paid", {"orders_url": Page("/orders/wed")}),
        HeldOut("empty table", {"orders_url": Page("/orders/thu")}),
        HeldOut("all paid", {"orders_url": Page("/orders/fri")}),
    ],
)

CASES = [TOPICS_CASE, SHIPPED_CASE]
