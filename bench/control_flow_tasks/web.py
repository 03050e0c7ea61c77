"""Browser tasks on small pages this module serves on 127.0.0.1, driven through the project's
browser actions in real Chromium: newsletter topics ticked from a list input (the checkboxes
are named by the list's items), "Mark shipped" pressed on the paid rows of a table (buttons that
differ only by their row), and a result opened by its title after turning result pages with
"Next" until it shows (pagination: the recording turns pages a number of times that depends on
the input).

The pages save every change at once with a synchronous request, so the server has logged the
effect before the action that caused it returns (opening a result is a page load the server
logs).

    cd bench && python -c "from control_flow_tasks import web; web.serve_forever()"
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from miniwob_kit.outline import Outline

from runtime import AIResponse, Task
from runtime.browser import BROWSER_ACTIONS

from . import Case, Expected, HeldOut, effect
from ._site_kit import BROWSER, PAGE, Handler, PageReader, Site, SitePage, answer, ref_of

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

PER_PAGE = 4
_KINDS = ["lamp", "kettle", "chair", "rug", "clock", "vase"]
_STYLES = ["Brass", "Oak", "Linen", "Copper", "Walnut", "Slate", "Amber", "Ivory"]
CATALOG: dict[str, list[str]] = {
    "home": [f"{style} {kind}" for kind in _KINDS for style in _STYLES[: 3 + len(kind) % 3]],
    "garden": ["Garden hose", "Garden hose reel", "Trowel", "Seed tray", "Watering can"],
}
"""Search results by query, in the order the site lists them (:data:`PER_PAGE` a page); "Garden
hose" on page 1 is a prefix of "Garden hose reel" on page 2."""

# --------------------------------------------------------------------------- the site


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
    return PAGE.format(title="Newsletter preferences", body=body, script=script)


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
    return PAGE.format(title="Orders to ship", body=body, script=script)


def results_page(query: str) -> str:
    """The first page of results; "Next" fetches the following page and shows it in place (the
    list is replaced a moment later, as on a site that asks its server), and is disabled on the
    last page."""
    body = (
        f'<p>Results for <b>{html.escape(query)}</b>, <span id="where"></span>.</p>\n'
        '<ol id="results"></ol>\n<button type="button" id="next">Next</button>'
    )
    script = (
        f"const query = {json.dumps(query)};\n"
        "let page = 1;\n"
        "async function show() {\n"
        "  const answer = await fetch(`/api/results/${query}?page=${page}`);\n"
        "  const data = await answer.json();\n"
        '  const list = document.getElementById("results");\n'
        "  list.replaceChildren(...data.items.map(([id, title]) => {\n"
        '    const li = document.createElement("li"), a = document.createElement("a");\n'
        "    a.href = `/item/${query}/${id}`; a.textContent = title; li.append(a); return li;\n"
        "  }));\n"
        '  document.getElementById("where").textContent = `page ${page} of ${data.pages}`;\n'
        '  document.getElementById("next").disabled = page >= data.pages;\n'
        "}\n"
        'document.getElementById("next").addEventListener("click", () => { page += 1; show(); });\n'
        "show();"
    )
    return PAGE.format(title="Search results", body=body, script=script)


def results_json(query: str, page: int) -> str:
    titles = CATALOG[query]
    pages = max(1, -(-len(titles) // PER_PAGE))
    first = (page - 1) * PER_PAGE
    items = [[first + i, t] for i, t in enumerate(titles[first : first + PER_PAGE])]
    return json.dumps({"items": items, "pages": pages})


def item_page(title: str) -> str:
    body = "<p>In stock. Ships in two days.</p>"
    return PAGE.format(title=html.escape(title), body=body, script="")


class _WebHandler(Handler):
    """This module's pages."""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        prefs = re.fullmatch(r"/prefs/(\w+)", path)
        orders = re.fullmatch(r"/orders/(\w+)", path)
        search = re.fullmatch(r"/search/(\w+)", path)
        api = re.fullmatch(r"/api/results/(\w+)", path)
        item = re.fullmatch(r"/item/(\w+)/(\d+)", path)
        if search and search.group(1) in CATALOG:
            self._send(200, results_page(search.group(1)))
        elif api and api.group(1) in CATALOG:
            time.sleep(RESULTS_DELAY_S)
            page = int(parse_qs(url.query).get("page", ["1"])[0])
            self._send(200, results_json(api.group(1), page), "application/json")
        elif item and item.group(1) in CATALOG and int(item.group(2)) < len(CATALOG[item.group(1)]):
            title = CATALOG[item.group(1)][int(item.group(2))]
            effect("open", item.group(1), title)
            self._send(200, item_page(title))
        elif prefs:
            self._send(200, prefs_page(prefs.group(1)))
        elif orders and orders.group(1) in BATCHES:
            self._send(200, orders_page(orders.group(1)))
        else:
            super().do_GET()

    def do_POST(self) -> None:
        data = self._json_body()
        path = urlsplit(self.path).path
        if path == "/api/prefs":
            effect("subscribe" if data["on"] else "unsubscribe", data["user"], data["topic"])
        elif path == "/api/ship":
            effect("mark_shipped", data["id"])
        else:
            super().do_POST()
            return
        self._send(200, "{}", "application/json")


SITE = Site(handler=_WebHandler)


class Page(SitePage):
    """A page of :data:`SITE`, as the URL input of a task."""

    site = SITE


def serve_forever() -> None:
    """Serve the site until Ctrl+C (to look at the pages in a browser)."""
    with SITE.running():
        print(SITE.url("/prefs/ana"), SITE.url("/orders/mon"))
        threading.Event().wait()


# --------------------------------------------------------------------------- newsletter topics

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
            box = ref_of(page.first("checkbox", topic), f'checkbox "{topic}"')
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
            table = ref_of(page.first("table"), "table")
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
                target = ref_of(button, f"button in the row of {cells[0].label}")
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

# --------------------------------------------------------------------------- pagination

RESULTS_DELAY_S = 0.15
"""How long the site takes to answer for a page of results: a replay that looks for the result
before the new page shows would turn past it."""

open_result: Task[Any] = Task(
    "Open the search results at results_url and find the result titled title: if it is not on "
    'the page, press "Next" for the next page of results, until it shows. Open it, and report '
    "the heading of the page it opens (an empty text if no page of results has it).",
    name="open_paged_result",
    inputs={"results_url": str, "title": str},
    outputs={"opened": str},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def open_result_stand_in(inputs: dict[str, Any]) -> PageReader:
    """Open the results, press "Next" while the title is not among the result links, click it
    when it is, read the heading of the page it opens and report it (passed by ``$ref``)."""
    title: str = inputs["title"]
    done: list[str] = []  # "opened", then "read"

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the search results.", "navigate", url={"$ref": "results_url"})
        if "read" in done:
            return answer("The result is open.", "finish", opened={"$ref": "read_text_1"})
        if "opened" in done:
            done.append("read")
            heading = ref_of(page.first("heading", title), f'heading "{title}"')
            return answer("I read the heading of the result.", "read_text", target=heading)
        link = page.first("link", title)
        if link is not None:
            done.append("opened")
            return answer(
                f"{title} is on this page; I open it.", "click", target=ref_of(link, title)
            )
        button = ref_of(page.first("button", "Next"), 'button "Next"')
        return answer(f"{title} is not on this page; I go to the next one.", "click", target=button)

    return PageReader(policy)


def open_result_reference(inputs: dict[str, Any]) -> Expected:
    query = urlsplit(inputs["results_url"]).path.rsplit("/", 1)[1]
    title = inputs["title"]
    if title not in CATALOG[query]:
        return Expected([], {"opened": ""})
    return Expected([("open", query, title)], {"opened": title})


OPEN_RESULT_CASE = Case(
    task=open_result,
    features=("browser", "pagination", "next page until the title shows", "data-bound link"),
    recorded={"results_url": Page("/search/home"), "title": "Linen chair"},
    stand_in=open_result_stand_in,
    serve=SITE.running,
    reference=open_result_reference,
    held_out=[
        HeldOut("on page 1", {"results_url": Page("/search/home"), "title": "Oak lamp"}),
        HeldOut("on page 3, another", {"results_url": Page("/search/home"), "title": "Oak chair"}),
        HeldOut("on page 6", {"results_url": Page("/search/home"), "title": "Copper vase"}),
        HeldOut(
            "page 2, its prefix on page 1",
            {"results_url": Page("/search/garden"), "title": "Garden hose reel"},
        ),
        HeldOut("absent", {"results_url": Page("/search/home"), "title": "Velvet sofa"}),
    ],
)

CASES = [TOPICS_CASE, SHIPPED_CASE, OPEN_RESULT_CASE]
