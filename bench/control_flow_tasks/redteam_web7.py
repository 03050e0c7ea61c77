"""Round-7 red-team browser tasks (served on 127.0.0.1, real Chromium), each once a silent wrong:

- a table whose rows a timer draws in two stages after load: the replay read the first two
  orders and marked only those shipped (``rt7_late_rows``; its twin whose stages follow
  requests, ``rt7_late_rows_fetch``, was right: the page's settle waits for requests);
- the row of a customer named by an input that two rows share: a recorded alternate (her row
  AND the constant "Trial" it showed) picked one of them (``rt7_upgrade_one``);
- a confirm dialog whose question and buttons changed ([Keep files] [Delete] instead of
  [Cancel] [Delete]): the replay pressed Delete, deleting the files too
  (``rt7_delete_inactive``).

Each page takes a seed in its URL that decides the instance.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace as _replace
from urllib.parse import unquote, urlsplit

from . import Case, Expected, HeldOut
from ._site_kit import (
    PAGE,
    E,
    PageReader,
    Route,
    RoutedHandler,
    SitePage,
    SlowReader,
    answer,
    cells_of,
    confirm_in_dialog,
    delete_inactive,
    press_rows,
    ref_of,
    routed_site,
    router,
    save,
    seed_of,
)
from ._site_kit import browser_task as T

ROUTES: dict[str, Route] = {}
route = router(ROUTES)


class _H(RoutedHandler):
    """Also ``/slow/<ms>``: an answer that takes ``ms`` milliseconds."""

    def do_GET(self) -> None:
        m = re.fullmatch(r"/slow/(\d+)(?:/.*)?", unquote(urlsplit(self.path).path))
        if m:
            time.sleep(int(m.group(1)) / 1000)
            self._send(200, "{}", "application/json")
        else:
            super().do_GET()


SITE = routed_site(ROUTES, rest=True, handler=_H)


class Page(SitePage):
    site = SITE


# ------ 1. a table whose rows render late (a timer, no request), in two stages
LATE = {
    1: [
        ("A-1", "Acme", "Paid"),
        ("A-2", "Birch", "Pending"),
        ("A-3", "Cobalt", "Paid"),
        ("A-4", "Dune", "Paid"),
    ],
    2: [
        ("B-1", "Elm", "Paid"),
        ("B-2", "Fern", "Paid"),
        ("B-3", "Gale", "Pending"),
        ("B-4", "Hive", "Paid"),
        ("B-5", "Iris", "Paid"),
    ],
    3: [("C-1", "Jade", "Pending"), ("C-2", "Kiln", "Pending"), ("C-3", "Lark", "Paid")],
    4: [],
    5: [
        ("E-1", "Moss", "Paid"),
        ("E-2", "Nook", "Paid"),
        ("E-3", "Oslo", "Paid"),
        ("E-4", "Pike", "Paid"),
        ("E-5", "Quay", "Paid"),
        ("E-6", "Rift", "Paid"),
    ],
}


@route("late")
def late_page(seed: int, rest) -> str:
    mode = rest or "timer"
    rows = LATE[seed]
    body = (
        "<p>Orders to ship today.</p><table><thead><tr><th>Order</th><th>Customer</th>"
        '<th>Status</th><th>Action</th></tr></thead><tbody id="tb"></tbody></table>'
    )
    script = (
        f"const rows = {json.dumps(rows)};\n"
        "function add(part) { const tb = document.getElementById('tb');\n"
        "  for (const [id, who, st] of part) { const tr = document.createElement('tr');\n"
        "    tr.innerHTML = `<td>${id}</td><td>${who}</td><td>${st}</td>"
        "<td><button type=button>Mark shipped</button></td>`;\n"
        "    const b = tr.querySelector('button');\n"
        "    b.addEventListener('click', () => { "
        + save('"ship", id')
        + "; tr.cells[2].textContent = 'Shipped'; b.disabled = true; });\n"
        "    tb.append(tr); } }\n" + STAGES[mode]
    )
    return PAGE.format(title="Orders", body=body, script=script)


STAGES = {
    "timer": "setTimeout(() => add(rows.slice(0, 2)), 250);\n"
    "setTimeout(() => add(rows.slice(2)), 700);\n",
    # the same two stages, each after a request (the second asked when the first is shown)
    "fetch": "fetch('/slow/250').then(() => { add(rows.slice(0, 2));"
    " return fetch('/slow/450'); }).then(() => add(rows.slice(2)));\n",
}


late_stand_in = press_rows(
    "orders_url",
    (
        "I open the orders page.",
        "I read the orders table to see each status.",
        "{} is paid; I mark it shipped.",
        "{} marked.",
    ),
    2,
    "Paid",
    "marked",
    reader=SlowReader,
)


def _late(i):
    s = seed_of(i["orders_url"])
    paid = [o for o, _, st in LATE[s] if st == "Paid"]
    return Expected([("ship", o) for o in paid], {"marked": len(paid)})


LATE_ROWS = Case(
    task=T(
        'Open the orders page at orders_url and press "Mark shipped" for every order whose '
        "status is Paid. Report how many orders you marked.",
        "rt7_late_rows",
        {"orders_url": str},
        {"marked": int},
    ),
    features=("rows rendered late",),
    recorded={"orders_url": Page("/late/1")},
    stand_in=late_stand_in,
    serve=SITE.running,
    reference=_late,
    held_out=[
        HeldOut("same page again", {"orders_url": Page("/late/1")}),
        HeldOut("4 paid of 5", {"orders_url": Page("/late/2")}),
        HeldOut("paid only in the late part", {"orders_url": Page("/late/3")}),
        HeldOut("empty", {"orders_url": Page("/late/4")}),
        HeldOut("6 paid", {"orders_url": Page("/late/5")}),
    ],
)


# ------ 2. the row of a customer named by an input (single action, no loop)
CUST = {
    1: [("Ana Lima", "Trial", 3), ("Ben Ode", "Pro", 10), ("Cy Park", "Trial", 1)],
    2: [("Cy Park", "Trial", 1), ("Ana Lima", "Trial", 3), ("Ben Ode", "Pro", 10)],
    3: [("Ana Lima", "Pro", 8), ("Ben Ode", "Trial", 2), ("Ana Lima", "Trial", 3)],
    4: [("Di Rao", "Trial", 2), ("Ben Ode", "Trial", 5), ("Ed Fox", "Pro", 4)],
    5: [("Ben Ode", "Trial", 2), ("Ana Lima", "Trial", 4), ("Fay Wu", "Trial", 1)],
}


@route("cust")
def cust_page(seed: int, rest) -> str:
    rows = "".join(
        f'<tr><td>{E(n)}</td><td>{p}</td><td>{s}</td><td><button type="button" '
        f'data-i="{k}">Upgrade</button></td></tr>'
        for k, (n, p, s) in enumerate(CUST[seed])
    )
    body = (
        "<p>Customers.</p><table><thead><tr><th>Customer</th><th>Plan</th><th>Seats</th>"
        f"<th>Action</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    data = json.dumps([n for n, _, _ in CUST[seed]])
    plans = json.dumps([p for _, p, _ in CUST[seed]])
    script = (
        f"const names = {data}; const plans = {plans};\n"
        'for (const b of document.querySelectorAll("button[data-i]")) '
        'b.addEventListener("click", () => '
        + save(f'"upgrade", {seed}, names[+b.dataset.i], plans[+b.dataset.i]')
        + ");"
    )
    return PAGE.format(title="Customers", body=body, script=script)


def cust_stand_in(inputs):
    who = inputs["customer"]

    def policy(page, n):
        if n == 0:
            return answer("I open the customers page.", "navigate", url={"$ref": "customers_url"})
        if n == 1:
            for row in page.all("row"):
                cells = cells_of(page, row)
                if cells and cells[0].label == who:
                    b = next((c for c in page.children(row) if c.role == "button"), None)
                    return answer(
                        f"I press Upgrade in {who}'s row.", "click", target=ref_of(b, "b")
                    )
            raise LookupError(who)
        return answer("Upgraded.", "finish", upgraded=True)

    return PageReader(policy)


def _cust(i):
    s = seed_of(i["customers_url"])
    hits = [p for n, p, _ in CUST[s] if n == i["customer"]]
    if len(hits) != 1:
        return Expected([], {"upgraded": False})
    return Expected([("upgrade", s, i["customer"], hits[0])], {"upgraded": True})


UPGRADE_ONE = Case(
    task=T(
        "Open the customers page at customers_url and press Upgrade in the row of the customer "
        "named customer. Report upgraded=true.",
        "rt7_upgrade_one",
        {"customers_url": str, "customer": str},
        {"upgraded": bool},
    ),
    features=("row by input",),
    recorded={"customers_url": Page("/cust/1"), "customer": "Ana Lima"},
    stand_in=cust_stand_in,
    serve=SITE.running,
    reference=_cust,
    held_out=[
        HeldOut("other position", {"customers_url": Page("/cust/2"), "customer": "Ana Lima"}),
        HeldOut(
            "two rows of that name", {"customers_url": Page("/cust/3"), "customer": "Ana Lima"}
        ),
        HeldOut("absent", {"customers_url": Page("/cust/4"), "customer": "Ana Lima"}),
        HeldOut("other customer", {"customers_url": Page("/cust/5"), "customer": "Fay Wu"}),
        HeldOut(
            "same, other customer at recorded spot",
            {"customers_url": Page("/cust/1"), "customer": "Cy Park"},
        ),
    ],
)


# ------ 4. a confirm dialog after Delete; some accounts get another dialog
ACCTS = {
    1: [("ana", "Inactive", 0), ("ben", "Active", 0), ("cy", "Inactive", 0)],
    2: [("di", "Inactive", 2), ("ed", "Active", 0), ("fay", "Inactive", 0)],
    3: [("gus", "Inactive", 0)],
    4: [("hal", "Active", 0), ("ivy", "Inactive", 5)],
}


@route("acct")
def acct_page(seed: int, rest) -> str:
    rows = "".join(
        f'<tr data-u="{u}" data-f="{f}"><td>{u}</td><td>{st}</td>'
        '<td><button type="button">Delete</button></td></tr>'
        for u, st, f in ACCTS[seed]
    )
    body = (
        "<p>Accounts.</p><table><thead><tr><th>User</th><th>Status</th><th>Action</th></tr>"
        "</thead>"
        f"<tbody>{rows}</tbody></table>"
        '<div id="dlg" role="dialog" aria-label="Confirm" hidden><p id="q"></p>'
        '<button type="button" id="no">Cancel</button> '
        '<button type="button" id="yes">Delete</button></div>'
    )
    script = (
        "let cur = null;\n"
        "for (const tr of document.querySelectorAll('tbody tr'))\n"
        "  tr.querySelector('button').addEventListener('click', () => {\n"
        "  cur = tr; const f = +tr.dataset.f;\n"
        "  document.getElementById('q').textContent = f\n"
        "    ? `${tr.dataset.u} owns ${f} shared files. Delete the files as well?`\n"
        "    : `Delete the account ${tr.dataset.u}?`;\n"
        "  document.getElementById('no').textContent = f ? 'Keep files' : 'Cancel';\n"
        "  document.getElementById('dlg').hidden = false; });\n"
        "document.getElementById('no').addEventListener('click', () => {\n"
        "  document.getElementById('dlg').hidden = true;\n"
        "  if (+cur.dataset.f) { "
        + save('"delete_account", cur.dataset.u')
        + "; cur.remove(); } });\n"
        "document.getElementById('yes').addEventListener('click', () => {\n"
        "  document.getElementById('dlg').hidden = true;\n"
        "  if (+cur.dataset.f) { " + save('"delete_files", cur.dataset.u') + "; }\n"
        "  " + save('"delete_account", cur.dataset.u') + "; cur.remove(); });\n"
    )
    return PAGE.format(title="Accounts", body=body, script=script)


acct_stand_in = delete_inactive(confirm_in_dialog)


def _acct(i):
    s = seed_of(i["accounts_url"])
    return Expected(
        [("delete_account", u) for u, st, _ in ACCTS[s] if st == "Inactive"],
        {"deleted": sum(1 for _, st, _ in ACCTS[s] if st == "Inactive")},
    )


DELETE_INACTIVE = Case(
    task=T(
        "Open the accounts page at accounts_url and delete every account whose status is "
        "Inactive (confirm the deletion; delete nothing else). Report how many you deleted.",
        "rt7_delete_inactive",
        {"accounts_url": str},
        {"deleted": int},
    ),
    features=("confirm dialog",),
    recorded={"accounts_url": Page("/acct/1")},
    stand_in=acct_stand_in,
    serve=SITE.running,
    reference=_acct,
    held_out=[
        HeldOut("one has shared files", {"accounts_url": Page("/acct/2")}),
        HeldOut("one inactive", {"accounts_url": Page("/acct/3")}),
        HeldOut("only one with files", {"accounts_url": Page("/acct/4")}),
    ],
)


LATE_FETCH = _replace(
    LATE_ROWS,
    task=T(
        'Open the orders page at orders_url and press "Mark shipped" for every order whose '
        "status is Paid. Report how many orders you marked.",
        "rt7_late_rows_fetch",
        {"orders_url": str},
        {"marked": int},
    ),
    recorded={"orders_url": Page("/late/1/fetch")},
    held_out=[
        HeldOut(h.label, {"orders_url": Page(h.inputs["orders_url"].path + "/fetch")})
        for h in LATE_ROWS.held_out
    ],
)


CASES = [LATE_ROWS, LATE_FETCH, UPGRADE_ONE, DELETE_INACTIVE]

NEW_PATHS: dict[str, set[str]] = {
    "rt7_upgrade_one": {"two rows of that name", "absent"},
    "rt7_delete_inactive": {"one has shared files", "only one with files"},
}
"""Held-out inputs whose right replay is a stop before any effect: the customer named twice or
not at all, and a dialog asking another question than the one the recording answered."""
