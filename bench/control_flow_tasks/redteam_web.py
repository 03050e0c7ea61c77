"""Red-team browser tasks on locators bound to data (served on 127.0.0.1, real Chromium): a team
member removed by first and last name (a row told apart by one of them when recorded), a table
booked for ``guests`` on ``day`` recorded with both equal to 2, and a card moved to ``column``
recorded with column "Done", the label of the save button the task description names.

    cd bench && python -c "from control_flow_tasks import redteam_web; redteam_web.serve_forever()"
"""

from __future__ import annotations

import html
import json
import re
import threading
from typing import Any
from urllib.parse import unquote, urlsplit

from miniwob_kit.outline import Node, Outline

from runtime import AIResponse, Task
from runtime.browser import BROWSER_ACTIONS

from . import Case, Expected, HeldOut, effect
from ._site_kit import BROWSER, PAGE, Handler, PageReader, Site, SitePage, answer, ref_of

TEAMS: dict[str, list[tuple[str, str, str]]] = {
    # first, last, role; "t1" is recorded (Ann Lee: "Lee" alone tells her row apart there)
    "t1": [("Ann", "Lee", "Design"), ("Ann", "Kim", "Sales"), ("Dan", "Park", "Ops")],
    "t2": [("Ann", "Lee", "Design"), ("Bob", "Kim", "Ops")],
    "t3": [("Ann", "Lee", "Design"), ("Bob", "Lee", "Ops"), ("Cy", "Ng", "Ops")],
    "t4": [("Dan", "Park", "Ops"), ("Ann", "Kim", "Sales"), ("Ann", "Lee", "Design")],
    "t5": [("Eve", "Stone", "Ops"), ("Ann", "Lee", "Sales")],
}
COLUMNS = ["Backlog", "Doing", "Done", "Archive"]


# --------------------------------------------------------------------------- the site


def team_page(team: str) -> str:
    e = html.escape
    rows = "".join(
        f'<tr data-id="{e(f)} {e(last)}"><td>{e(f)}</td><td>{e(last)}</td><td>{e(r)}</td>'
        '<td><button type="button">Remove</button></td></tr>'
        for f, last, r in TEAMS[team]
    )
    body = (
        "<table><thead><tr><th>First</th><th>Last</th><th>Role</th><th>Action</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )
    script = (
        'for (const row of document.querySelectorAll("tbody tr")) {'
        ' row.querySelector("button").addEventListener("click", () => {'
        f' save("/api/remove", {{team: {json.dumps(team)}, who: row.dataset.id}});'
        " row.remove(); }); }"
    )
    return PAGE.format(title="Team", body=body, script=script)


def booking_page() -> str:
    guests = "".join(f"<option>{n}</option>" for n in range(1, 7))
    days = "".join(f'<button type="button" class="day">{d}</button>' for d in range(1, 15))
    body = (
        f'<p><label>Guests <select id="guests">{guests}</select></label></p>'
        f'<div role="group" aria-label="Day">{days}</div>'
        '<button type="button" id="book">Book</button>'
    )
    script = (
        "let day = null;"
        'for (const b of document.querySelectorAll(".day"))'
        ' b.addEventListener("click", () => { day = +b.textContent; });'
        'document.getElementById("book").addEventListener("click", () => save("/api/book",'
        ' {guests: +document.getElementById("guests").value, day: day}));'
    )
    return PAGE.format(title="Book a table", body=body, script=script)


def card_page(card: str) -> str:
    cols = "".join(f"<option>{c}</option>" for c in COLUMNS)
    body = (
        f"<p>Card: {html.escape(card)}</p>"
        f'<p><label>Column <select id="col">{cols}</select></label></p>'
        '<button type="button" id="archive">Archive</button> '
        '<button type="button" id="done">Done</button>'
    )
    script = (
        'document.getElementById("done").addEventListener("click", () => save("/api/move",'
        f' {{card: {json.dumps(card)}, column: document.getElementById("col").value}}));'
        'document.getElementById("archive").addEventListener("click", () =>'
        f' save("/api/archive_card", {{card: {json.dumps(card)}}}));'
    )
    return PAGE.format(title="Edit card", body=body, script=script)


class _RedTeamHandler(Handler):
    """This module's pages."""

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        team = re.fullmatch(r"/team/(\w+)", path)
        card = re.fullmatch(r"/card/(\w+)", path)
        if team and team.group(1) in TEAMS:
            self._send(200, team_page(team.group(1)))
        elif path == "/booking":
            self._send(200, booking_page())
        elif card:
            self._send(200, card_page(card.group(1)))
        else:
            super().do_GET()

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path not in ("/api/remove", "/api/book", "/api/move", "/api/archive_card"):
            super().do_POST()
            return
        data = self._json_body()
        if path == "/api/remove":
            effect("remove", data["team"], data["who"])
        elif path == "/api/book":
            effect("book", data["guests"], data["day"])
        elif path == "/api/move":
            effect("move", data["card"], data["column"])
        else:
            effect("archive_card", data["card"])
        self._send(200, "{}", "application/json")


SITE = Site(handler=_RedTeamHandler)


class Page(SitePage):
    """A page of this module's :data:`SITE`, as the URL input of a task."""

    site = SITE


def serve_forever() -> None:
    """Serve the site until Ctrl+C (to look at the pages in a browser)."""
    with SITE.running():
        print(SITE.url("/team/t1"), SITE.url("/booking"), SITE.url("/card/c1"))
        threading.Event().wait()


def _last_part(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def _buttons(page: Outline, row: Node) -> Node | None:
    return next((c for c in page.children(row) if c.role == "button"), None)


# --------------------------------------------------------------------------- remove a member

remove_member: Task[Any] = Task(
    "Open the team page at team_url and remove the member named first_name last_name (press "
    "Remove in their row). Report removed=true, or removed=false and press nothing if no member "
    "has that first and last name.",
    name="remove_team_member",
    inputs={"team_url": str, "first_name": str, "last_name": str},
    outputs={"removed": bool},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def remove_stand_in(inputs: dict[str, Any]) -> PageReader:
    first, last = inputs["first_name"], inputs["last_name"]

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the team page.", "navigate", url={"$ref": "team_url"})
        if n == 1:
            for row in page.all("row"):
                cells = [c.label for c in page.children(row) if c.role == "cell"]
                if cells[:2] == [first, last]:
                    button = ref_of(_buttons(page, row), "Remove")
                    return answer(
                        f"{first} {last} is in this row; I press Remove.", "click", target=button
                    )
            return answer(f"No {first} {last} on the team.", "finish", removed=False)
        return answer("The member is removed.", "finish", removed=True)

    return PageReader(policy)


def remove_reference(inputs: dict[str, Any]) -> Expected:
    team = _last_part(inputs["team_url"])
    who = (inputs["first_name"], inputs["last_name"])
    if any((f, last) == who for f, last, _ in TEAMS[team]):
        return Expected([("remove", team, " ".join(who))], {"removed": True})
    return Expected([], {"removed": False})


REMOVE_CASE = Case(
    task=remove_member,
    features=("browser", "row by two inputs"),
    recorded={"team_url": Page("/team/t1"), "first_name": "Ann", "last_name": "Lee"},
    stand_in=remove_stand_in,
    serve=SITE.running,
    reference=remove_reference,
    held_out=[
        HeldOut(
            "other Ann", {"team_url": Page("/team/t1"), "first_name": "Ann", "last_name": "Kim"}
        ),
        HeldOut(
            "reordered", {"team_url": Page("/team/t4"), "first_name": "Ann", "last_name": "Lee"}
        ),
        HeldOut(
            "no Bob Lee", {"team_url": Page("/team/t2"), "first_name": "Bob", "last_name": "Lee"}
        ),
        HeldOut(
            "two Lees", {"team_url": Page("/team/t3"), "first_name": "Bob", "last_name": "Lee"}
        ),
        HeldOut(
            "no Ann Stone",
            {"team_url": Page("/team/t5"), "first_name": "Ann", "last_name": "Stone"},
        ),
    ],
)

# --------------------------------------------------------------------------- book a table

booking: Task[Any] = Task(
    "Open the booking page at booking_url, choose guests in the Guests drop-down, click day day "
    "of the month in the calendar, then press Book. Report booked=true.",
    name="book_table_day",
    inputs={"booking_url": str, "guests": int, "day": int},
    outputs={"booked": bool},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def booking_stand_in(inputs: dict[str, Any]) -> PageReader:
    guests, day = inputs["guests"], inputs["day"]

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the booking page.", "navigate", url={"$ref": "booking_url"})
        if n == 1:
            box = ref_of(page.first("combobox", "Guests"), "Guests")
            # The model types the number as text: a copy the recipe must still recognize.
            return answer(
                f"I choose {guests} guests.", "select_option", target=box, option=str(guests)
            )
        if n == 2:
            button = ref_of(page.first("button", str(day)), f"day {day}")
            return answer(f"I click day {day}.", "click", target=button)
        if n == 3:
            return answer(
                "I press Book.", "click", target=ref_of(page.first("button", "Book"), "Book")
            )
        return answer("The table is booked.", "finish", booked=True)

    return PageReader(policy)


BOOKING_CASE = Case(
    task=booking,
    features=("browser", "two inputs equal when recorded", "a number typed as text"),
    recorded={"booking_url": Page("/booking"), "guests": 2, "day": 2},
    stand_in=booking_stand_in,
    serve=SITE.running,
    reference=lambda i: Expected([("book", i["guests"], i["day"])], {"booked": True}),
    held_out=[
        HeldOut("3 and 3", {"booking_url": Page("/booking"), "guests": 3, "day": 3}),
        HeldOut("4 guests day 12", {"booking_url": Page("/booking"), "guests": 4, "day": 12}),
        HeldOut("6 guests day 1", {"booking_url": Page("/booking"), "guests": 6, "day": 1}),
    ],
)

# --------------------------------------------------------------------------- move a card

move_card: Task[Any] = Task(
    "Open the card at card_url, choose column in its Column drop-down and press Done to save. "
    "Report moved=true.",
    name="move_card_column",
    inputs={"card_url": str, "column": str},
    outputs={"moved": bool},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def card_stand_in(inputs: dict[str, Any]) -> PageReader:
    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the card.", "navigate", url={"$ref": "card_url"})
        if n == 1:
            box = ref_of(page.first("combobox", "Column"), "Column")
            return answer(
                "I choose the column.", "select_option", target=box, option={"$ref": "column"}
            )
        if n == 2:
            done = ref_of(page.first("button", "Done"), "Done")
            return answer("I press Done to save.", "click", target=done)
        return answer("Moved.", "finish", moved=True)

    return PageReader(policy)


CARD_CASE = Case(
    task=move_card,
    features=("browser", "a fixed label equal to the input"),
    recorded={"card_url": Page("/card/c1"), "column": "Done"},
    stand_in=card_stand_in,
    serve=SITE.running,
    reference=lambda i: Expected(
        [("move", _last_part(i["card_url"]), i["column"])], {"moved": True}
    ),
    held_out=[
        HeldOut("Done again", {"card_url": Page("/card/c4"), "column": "Done"}),
        HeldOut("Archive column", {"card_url": Page("/card/c5"), "column": "Archive"}),
        HeldOut("Doing", {"card_url": Page("/card/c2"), "column": "Doing"}),
    ],
)

CASES = [REMOVE_CASE, BOOKING_CASE, CARD_CASE]

NEW_PATHS: dict[str, set[str]] = {
    # No such member: the recording pressed Remove, this input must press nothing.
    "remove_team_member": {"no Bob Lee", "no Ann Stone"},
}
"""Held-out inputs whose right replay takes a path the recording never took."""
