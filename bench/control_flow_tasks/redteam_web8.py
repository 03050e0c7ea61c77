"""Round-8 red-team browser tasks (served on 127.0.0.1, real Chromium), each once a silent wrong:

- a drop-down where the input's label shows twice (two optgroups), or only as another option's
  value: the replay chose the first, or the option by its value (``rt8_select_warehouse``);
- the row of a customer named by an input whose name another row shows in its "Referred by"
  column: the replay pressed Upgrade in that row (``rt8_upgrade_referred``);
- a confirm dialog with the recorded buttons asking another question ("Delete the account ivy
  and the 5 shared files it owns?"): the replay confirmed (``rt8_dialog_same_buttons``; its twin
  in a plain ``<div class="modal">``, ``rt8_dialog_div``, is not recognised as a dialog yet);
- a delete that asks for confirmation only on some rows, none of the recorded ones: the replay
  walked past the dialog and returned done (``rt8_dialog_sometimes_done``, not fixed yet).

Each page takes a seed in its URL that decides the instance. Also: pagination, a list that
re-sorts after each click, an id shown in another row's "Replaces" column.
"""

# ruff: noqa: E501  (the red team's page scripts, kept as written)
from __future__ import annotations

import json

from . import Case, Expected, HeldOut
from ._site_kit import (
    PAGE,
    E,
    PageReader,
    Route,
    SitePage,
    answer,
    cells_of,
    confirm_asked,
    delete_inactive,
    one_or_nothing,
    press_rows,
    ref_of,
    routed_site,
    router,
    save,
    seed_of,
    select_and_save,
    shipping_page,
)
from ._site_kit import browser_task as T
from .redteam_web7 import cust_stand_in as refc_stand_in

ROUTES: dict[str, Route] = {}
route = router(ROUTES)
SITE = routed_site(ROUTES, rest=True)


class Page(SitePage):
    site = SITE


# ------ 1. pagination: mark every Paid order shipped on every page (Next until disabled)
PAGED = {
    1: [
        [("A-1", "Paid"), ("A-2", "Pending"), ("A-3", "Paid")],
        [("A-4", "Paid"), ("A-5", "Pending")],
    ],
    2: [[("B-1", "Paid"), ("B-2", "Paid"), ("B-3", "Pending")]],
    3: [
        [("C-1", "Pending"), ("C-2", "Paid")],
        [("C-3", "Paid")],
        [("C-4", "Paid"), ("C-5", "Paid")],
    ],
    4: [[("D-1", "Paid"), ("D-2", "Pending")], [("D-3", "Pending")]],
    5: [
        [("E-1", "Pending")],
        [("E-2", "Paid"), ("E-3", "Paid")],
        [("E-4", "Pending")],
        [("E-5", "Paid")],
    ],
}


@route("paged")
def paged_page(seed: int, rest) -> str:
    pages = PAGED[seed]
    body = (
        '<p>Orders, <span id="where"></span>.</p><table><thead><tr><th>Order</th><th>Status</th>'
        '<th>Action</th></tr></thead><tbody id="tb"></tbody></table>'
        '<button type="button" id="next">Next page</button>'
    )
    script = (
        f"const pages = {json.dumps(pages)}; let p = 0;\n"
        "function show() { const tb = document.getElementById('tb'); tb.replaceChildren();\n"
        "  for (const [id, st] of pages[p]) { const tr = document.createElement('tr');\n"
        "    tr.innerHTML = `<td>${id}</td><td>${st}</td><td><button type=button>Mark shipped</button></td>`;\n"
        "    const b = tr.querySelector('button');\n"
        "    b.addEventListener('click', () => { "
        + save('"ship", id')
        + "; tr.cells[1].textContent = 'Shipped'; b.disabled = true; });\n"
        "    tb.append(tr); }\n"
        "  document.getElementById('where').textContent = `page ${p + 1} of ${pages.length}`;\n"
        "  document.getElementById('next').disabled = p + 1 >= pages.length; }\n"
        "document.getElementById('next').addEventListener('click', () => { p += 1; show(); });\n"
        "show();\n"
    )
    return PAGE.format(title="Orders", body=body, script=script)


def paged_stand_in(inputs):
    pressed = []
    state = {"read": False}

    def policy(page, n):
        if n == 0:
            return answer("I open the orders page.", "navigate", url={"$ref": "orders_url"})
        if not state["read"]:
            state["read"] = True
            return answer(
                "I read the orders on this page.",
                "extract_table",
                target=ref_of(page.first("table"), "table"),
            )
        for row in page.all("row"):
            cells = cells_of(page, row)
            if len(cells) > 1 and cells[1].label == "Paid":
                b = next((c for c in page.children(row) if c.role == "button"), None)
                pressed.append(cells[0].label)
                return answer(
                    f"{cells[0].label} is paid; I mark it shipped.",
                    "click",
                    target=ref_of(b, "button"),
                )
        nxt = page.first("button", "Next page")
        if nxt is not None and "disabled" not in (nxt.line if hasattr(nxt, "line") else str(nxt)):
            state["read"] = False
            return answer(
                "No paid order left on this page; I go to the next page.", "click", target=nxt.ref
            )
        return answer(f"{len(pressed)} marked.", "finish", marked=len(pressed))

    return PageReader(policy)


def _paged(i):
    s = seed_of(i["orders_url"])
    paid = [o for pg in PAGED[s] for o, st in pg if st == "Paid"]
    return Expected([("ship", o) for o in paid], {"marked": len(paid)})


PAGED_SHIP = Case(
    task=T(
        'Open the orders page at orders_url and press "Mark shipped" for every order whose '
        'status is Paid, on every page of orders ("Next page" until there is no next page). '
        "Report how many orders you marked.",
        "rt8_paged_ship",
        {"orders_url": str},
        {"marked": int},
    ),
    features=("pagination",),
    recorded={"orders_url": Page("/paged/1")},
    stand_in=paged_stand_in,
    serve=SITE.running,
    reference=_paged,
    held_out=[
        HeldOut("one page", {"orders_url": Page("/paged/2")}),
        HeldOut("three pages", {"orders_url": Page("/paged/3")}),
        HeldOut("two pages, none paid on page 2", {"orders_url": Page("/paged/4")}),
        HeldOut("four pages", {"orders_url": Page("/paged/5")}),
    ],
)


# ------ 2. a list that re-sorts after each click (approved rows sink to the bottom, re-rendered)
RESORT = {
    1: [("R-1", "Ana", "Pending"), ("R-2", "Ben", "Approved"), ("R-3", "Cy", "Pending")],
    2: [
        ("S-1", "Di", "Pending"),
        ("S-2", "Ed", "Pending"),
        ("S-3", "Fay", "Pending"),
        ("S-4", "Gus", "Approved"),
    ],
    3: [("T-1", "Hal", "Approved"), ("T-2", "Ivy", "Pending")],
    4: [
        ("U-1", "Jo", "Pending"),
        ("U-2", "Kim", "Rejected"),
        ("U-3", "Lu", "Pending"),
        ("U-4", "Mo", "Pending"),
    ],
    5: [("V-1", "Ana", "Pending"), ("V-2", "Ana", "Pending")],
}


@route("resort")
def resort_page(seed: int, rest) -> str:
    body = (
        "<p>Leave requests.</p><table><thead><tr><th>Request</th><th>Employee</th><th>Status</th>"
        '<th>Action</th></tr></thead><tbody id="tb"></tbody></table>'
    )
    script = (
        f"let rows = {json.dumps(RESORT[seed])};\n"
        "const rank = {Pending: 0, Rejected: 1, Approved: 2};\n"
        "function show() { rows.sort((a, b) => rank[a[2]] - rank[b[2]]);\n"
        "  const tb = document.getElementById('tb'); tb.replaceChildren();\n"
        "  for (const r of rows) { const tr = document.createElement('tr');\n"
        "    tr.innerHTML = `<td>${r[0]}</td><td>${r[1]}</td><td>${r[2]}</td><td><button type=button>Approve</button></td>`;\n"
        "    const b = tr.querySelector('button'); b.disabled = r[2] !== 'Pending';\n"
        "    b.addEventListener('click', () => { "
        + save('"approve", r[0]')
        + "; r[2] = 'Approved'; show(); });\n"
        "    tb.append(tr); } }\n"
        "show();\n"
    )
    return PAGE.format(title="Requests", body=body, script=script)


resort_stand_in = press_rows(
    "requests_url",
    (
        "I open the requests page.",
        "I read the requests table.",
        "{} is pending; I approve it.",
        "{} approved.",
    ),
    2,
    "Pending",
    "approved",
)


def _resort(i):
    s = seed_of(i["requests_url"])
    ids = [r for r, _, st in RESORT[s] if st == "Pending"]
    return Expected([("approve", r) for r in ids], {"approved": len(ids)})


RESORT_APPROVE = Case(
    task=T(
        "Open the leave requests at requests_url and press Approve for every request whose "
        "status is Pending. Report how many you approved.",
        "rt8_resort_approve",
        {"requests_url": str},
        {"approved": int},
    ),
    features=("re-sorted after click",),
    recorded={"requests_url": Page("/resort/1")},
    stand_in=resort_stand_in,
    serve=SITE.running,
    reference=_resort,
    held_out=[
        HeldOut("3 pending of 4", {"requests_url": Page("/resort/2")}),
        HeldOut("approved first", {"requests_url": Page("/resort/3")}),
        HeldOut("rejected in the middle", {"requests_url": Page("/resort/4")}),
        HeldOut("two rows same employee", {"requests_url": Page("/resort/5")}),
    ],
)


# ------ 3/4. a confirm box: a plain div (no role) and a role=dialog, same buttons, other question
ACCTS = {
    1: [("ana", "Inactive", 0), ("ben", "Active", 0), ("cy", "Inactive", 0)],
    2: [("di", "Inactive", 2), ("ed", "Active", 0), ("fay", "Inactive", 0)],
    3: [("gus", "Inactive", 0)],
    4: [("hal", "Active", 0), ("ivy", "Inactive", 5)],
}


def acct_html(seed: int, role: bool) -> str:
    rows = "".join(
        f'<tr data-u="{u}" data-f="{f}"><td>{u}</td><td>{st}</td>'
        '<td><button type="button">Delete</button></td></tr>'
        for u, st, f in ACCTS[seed]
    )
    attrs = 'role="dialog" aria-label="Confirm"' if role else 'class="modal"'
    body = (
        "<p>Accounts.</p><table><thead><tr><th>User</th><th>Status</th><th>Action</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f'<div id="dlg" {attrs} hidden><p id="q"></p>'
        '<button type="button" id="no">Cancel</button> '
        '<button type="button" id="yes">Delete</button></div>'
    )
    script = (
        "let cur = null;\n"
        "for (const tr of document.querySelectorAll('tbody tr'))\n"
        "  tr.querySelector('button').addEventListener('click', () => {\n"
        "  cur = tr; const f = +tr.dataset.f;\n"
        "  document.getElementById('q').textContent = f\n"
        "    ? `Delete the account ${tr.dataset.u} and the ${f} shared files it owns?`\n"
        "    : `Delete the account ${tr.dataset.u}?`;\n"
        "  document.getElementById('dlg').hidden = false; });\n"
        "document.getElementById('no').addEventListener('click', () => { document.getElementById('dlg').hidden = true; });\n"
        "document.getElementById('yes').addEventListener('click', () => {\n"
        "  document.getElementById('dlg').hidden = true;\n"
        "  if (+cur.dataset.f) { " + save('"delete_files", cur.dataset.u') + "; }\n"
        "  " + save('"delete_account", cur.dataset.u') + "; cur.remove(); });\n"
    )
    return PAGE.format(title="Accounts", body=body, script=script)


@route("acctdiv")
def acctdiv(seed, rest):
    return acct_html(seed, False)


@route("acctrole")
def acctrole(seed, rest):
    return acct_html(seed, True)


acct_stand_in = delete_inactive(confirm_asked)


def _acct(i):
    s = seed_of(i["accounts_url"])
    return Expected(
        [("delete_account", u) for u, st, _ in ACCTS[s] if st == "Inactive"],
        {"deleted": sum(1 for _, st, _ in ACCTS[s] if st == "Inactive")},
    )


def _acct_case(kind: str, name: str) -> Case:
    return Case(
        task=T(
            "Open the accounts page at accounts_url and delete every account whose status is "
            "Inactive (confirm the deletion; delete nothing else, no files). Report how many you deleted.",
            name,
            {"accounts_url": str},
            {"deleted": int},
        ),
        features=("confirm box",),
        recorded={"accounts_url": Page(f"/{kind}/1")},
        stand_in=acct_stand_in,
        serve=SITE.running,
        reference=_acct,
        held_out=[
            HeldOut("one has shared files", {"accounts_url": Page(f"/{kind}/2")}),
            HeldOut("one inactive", {"accounts_url": Page(f"/{kind}/3")}),
            HeldOut("only one with files", {"accounts_url": Page(f"/{kind}/4")}),
        ],
    )


DIALOG_DIV = _acct_case("acctdiv", "rt8_dialog_div")
DIALOG_ROLE = _acct_case("acctrole", "rt8_dialog_same_buttons")


CASES_LIST = [PAGED_SHIP, RESORT_APPROVE, DIALOG_DIV, DIALOG_ROLE]


# ------ 5. the row of a customer named by an input, table with a "Referred by" column
REF = {
    1: [("Ana Lima", "Trial", "-"), ("Ben Ode", "Pro", "Ana Lima"), ("Cy Park", "Trial", "-")],
    2: [("Ben Ode", "Trial", "Ana Lima"), ("Cy Park", "Trial", "-")],  # Ana only as referrer
    3: [("Cy Park", "Trial", "-"), ("Ana Lima", "Trial", "Ben Ode"), ("Di Rao", "Pro", "-")],
    4: [("Di Rao", "Trial", "-"), ("Ed Fox", "Trial", "Fay Wu"), ("Fay Wu", "Trial", "-")],
}


@route("refc")
def refc_page(seed: int, rest) -> str:
    rows = "".join(
        f'<tr><td>{E(n)}</td><td>{p}</td><td>{E(r)}</td><td><button type="button" '
        f'data-i="{k}">Upgrade</button></td></tr>'
        for k, (n, p, r) in enumerate(REF[seed])
    )
    body = (
        "<p>Customers.</p><table><thead><tr><th>Customer</th><th>Plan</th><th>Referred by</th>"
        f"<th>Action</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    names = json.dumps([n for n, _, _ in REF[seed]])
    script = (
        f"const names = {names};\n"
        'for (const b of document.querySelectorAll("button[data-i]")) '
        'b.addEventListener("click", () => '
        + save(f'"upgrade", {seed}, names[+b.dataset.i]')
        + ");"
    )
    return PAGE.format(title="Customers", body=body, script=script)


def _refc(i):
    s = seed_of(i["customers_url"])
    hits = [n for n, _, _ in REF[s] if n == i["customer"]]
    return one_or_nothing(hits, "upgraded", lambda n: ("upgrade", s, n))


UPGRADE_REFERRED = Case(
    task=T(
        "Open the customers page at customers_url and press Upgrade in the row of the customer "
        "named customer. Report upgraded=true.",
        "rt8_upgrade_referred",
        {"customers_url": str, "customer": str},
        {"upgraded": bool},
    ),
    features=("row by input", "name also in another column"),
    recorded={"customers_url": Page("/refc/1"), "customer": "Cy Park"},
    stand_in=refc_stand_in,
    serve=SITE.running,
    reference=_refc,
    held_out=[
        HeldOut(
            "absent as customer, present as referrer",
            {"customers_url": Page("/refc/2"), "customer": "Ana Lima"},
        ),
        HeldOut("other position", {"customers_url": Page("/refc/3"), "customer": "Cy Park"}),
        HeldOut(
            "customer and referrer of another row",
            {"customers_url": Page("/refc/4"), "customer": "Fay Wu"},
        ),
        HeldOut(
            "recorded page, Ana (also a referrer)",
            {"customers_url": Page("/refc/1"), "customer": "Ana Lima"},
        ),
    ],
)


# ------ 6. loop over rows where an id also shows in another row's "Replaces" column
REPL = {
    1: [("O-1", "Paid", "-"), ("O-2", "Pending", "-"), ("O-3", "Paid", "-")],
    2: [("O-7", "Pending", "O-5"), ("O-5", "Paid", "-")],  # O-5 paid; a pending row names it
    3: [("O-9", "Paid", "-"), ("O-8", "Pending", "O-9"), ("O-6", "Paid", "-")],
    4: [("O-12", "Pending", "-"), ("O-14", "Paid", "O-11"), ("O-15", "Pending", "-")],
}


@route("repl")
def repl_page(seed: int, rest) -> str:
    rows = "".join(
        f'<tr data-id="{o}"><td>{o}</td><td>{st}</td><td>{r}</td><td><button type="button">Mark shipped</button></td></tr>'
        for o, st, r in REPL[seed]
    )
    body = (
        "<p>Orders.</p><table><thead><tr><th>Order</th><th>Status</th><th>Replaces</th>"
        f"<th>Action</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    script = (
        'for (const tr of document.querySelectorAll("tbody tr")) { const b = tr.querySelector("button");'
        ' b.addEventListener("click", () => { '
        + save('"ship", tr.dataset.id')
        + '; tr.cells[1].textContent = "Shipped"; b.disabled = true; }); }'
    )
    return PAGE.format(title="Orders", body=body, script=script)


repl_stand_in = press_rows(
    "orders_url",
    (
        "I open the orders page.",
        "I read the orders table.",
        "{} is paid; I mark it shipped.",
        "{} marked.",
    ),
    1,
    "Paid",
    "marked",
)


def _repl(i):
    s = seed_of(i["orders_url"])
    paid = [o for o, st, _ in REPL[s] if st == "Paid"]
    return Expected([("ship", o) for o in paid], {"marked": len(paid)})


SHIP_REPLACES = Case(
    task=T(
        'Open the orders page at orders_url and press "Mark shipped" for every order whose '
        "status is Paid. Report how many orders you marked.",
        "rt8_ship_replaces",
        {"orders_url": str},
        {"marked": int},
    ),
    features=("loop", "id also in another column"),
    recorded={"orders_url": Page("/repl/1")},
    stand_in=repl_stand_in,
    serve=SITE.running,
    reference=_repl,
    held_out=[
        HeldOut("paid id named by an earlier pending row", {"orders_url": Page("/repl/2")}),
        HeldOut("paid id named by a later pending row", {"orders_url": Page("/repl/3")}),
        HeldOut("one paid row that replaces an old order", {"orders_url": Page("/repl/4")}),
    ],
)

CASES_LIST += [UPGRADE_REFERRED, SHIP_REPLACES]


# ------ 7. a drop-down whose options differ per page: pick the warehouse named by an input
WH = {
    1: {"Oregon": [("PDX-OR", "Portland"), ("EUG", "Eugene")], "Texas": [("AUS", "Austin")]},
    2: {
        "Oregon": [("PDX-OR", "Portland"), ("EUG", "Eugene")],
        "Maine": [("PWM-ME", "Portland"), ("BGR", "Bangor")],
    },
    3: {"Texas": [("AUS", "Austin"), ("DAL", "Dallas")], "Maine": [("PWM-ME", "Portland")]},
    4: {"Texas": [("Austin", "Austin (closed, ships from Dallas)"), ("DAL", "Dallas")]},
    5: {"Oregon": [("EUG", "Eugene")], "Texas": [("AUS", "Austin")]},
}


@route("wh")
def wh_page(seed: int, rest) -> str:
    groups = "".join(
        f'<optgroup label="{g}">'
        + "".join(f'<option value="{v}">{E(lab)}</option>' for v, lab in opts)
        + "</optgroup>"
        for g, opts in WH[seed].items()
    )
    return shipping_page(seed, groups)


wh_stand_in = select_and_save("warehouse", "I choose the warehouse.")


def _wh(i):
    s = seed_of(i["shipping_url"])
    hits = [v for opts in WH[s].values() for v, lab in opts if lab == i["warehouse"]]
    return one_or_nothing(hits, "saved", lambda v: ("ship_from", s, v))


WAREHOUSE = Case(
    task=T(
        "Open the shipping page at shipping_url, choose the warehouse named warehouse in the "
        "Warehouse drop-down and press Save. Report saved=true.",
        "rt8_select_warehouse",
        {"shipping_url": str, "warehouse": str},
        {"saved": bool},
    ),
    features=("select", "options differ per page"),
    recorded={"shipping_url": Page("/wh/1"), "warehouse": "Portland"},
    stand_in=wh_stand_in,
    serve=SITE.running,
    reference=_wh,
    held_out=[
        HeldOut(
            "Portland twice (Oregon, Maine)",
            {"shipping_url": Page("/wh/2"), "warehouse": "Portland"},
        ),
        HeldOut("Portland only in Maine", {"shipping_url": Page("/wh/3"), "warehouse": "Portland"}),
        HeldOut(
            "label absent, a value equals it",
            {"shipping_url": Page("/wh/4"), "warehouse": "Austin"},
        ),
        HeldOut("absent", {"shipping_url": Page("/wh/5"), "warehouse": "Portland"}),
    ],
)


# ------ 8. native confirm(): delete the drafts older than the cutoff; confirm() asks per row
DRAFTS = {
    1: [("Q1 plan", 40, 0), ("Memo", 3, 0), ("Old note", 90, 0)],
    2: [("Budget", 60, 4), ("Idea", 50, 0)],  # Budget is shared with 4 people
}


@route("drafts")
def drafts_page(seed: int, rest) -> str:
    rows = "".join(
        f'<tr data-t="{E(t)}" data-s="{s}"><td>{E(t)}</td><td>{d}</td>'
        '<td><button type="button">Delete</button></td></tr>'
        for t, d, s in DRAFTS[seed]
    )
    body = (
        "<p>Drafts.</p><table><thead><tr><th>Title</th><th>Age days</th><th>Action</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    script = (
        "for (const tr of document.querySelectorAll('tbody tr')) tr.querySelector('button')"
        ".addEventListener('click', () => { const s = +tr.dataset.s;\n"
        "  const q = s ? `Delete ${tr.dataset.t} for all ${s} people it is shared with?` : `Delete ${tr.dataset.t}?`;\n"
        "  if (confirm(q)) { if (s) { "
        + save('"unshare", tr.dataset.t')
        + "; } "
        + save('"delete_draft", tr.dataset.t')
        + "; tr.remove(); } });"
    )
    return PAGE.format(title="Drafts", body=body, script=script)


def drafts_stand_in(inputs):
    done = []

    def policy(page, n):
        if n == 0:
            return answer("I open the drafts.", "navigate", url={"$ref": "drafts_url"})
        if n == 1:
            return answer(
                "I read the drafts table.", "extract_table", target=ref_of(page.first("table"), "t")
            )
        for row in page.all("row"):
            cells = cells_of(page, row)
            if (
                len(cells) > 1
                and cells[1].label.isdigit()
                and int(cells[1].label) > 30
                and cells[0].label not in done
            ):
                b = next(c for c in page.children(row) if c.role == "button")
                done.append(cells[0].label)
                return answer(
                    f"{cells[0].label} is older than 30 days; I delete it.", "click", target=b.ref
                )
        return answer("Done.", "finish", deleted=len(done))

    return PageReader(policy)


def _drafts(i):
    s = seed_of(i["drafts_url"])
    old = [t for t, d, sh in DRAFTS[s] if d > 30]
    return Expected([("delete_draft", t) for t in old], {"deleted": len(old)})


NATIVE_CONFIRM = Case(
    task=T(
        "Open the drafts at drafts_url and delete every draft older than 30 days (only the drafts: "
        "do not touch sharing). Report how many you deleted.",
        "rt8_native_confirm",
        {"drafts_url": str},
        {"deleted": int},
    ),
    features=("native confirm()",),
    recorded={"drafts_url": Page("/drafts/1")},
    stand_in=drafts_stand_in,
    serve=SITE.running,
    reference=_drafts,
    held_out=[HeldOut("a shared draft", {"drafts_url": Page("/drafts/2")})],
)

CASES_LIST += [WAREHOUSE, NATIVE_CONFIRM]


# ------ 9. a delete that asks for confirmation only on some rows (the recording saw none)
@route("acctsome")
def acctsome(seed, rest):
    rows = "".join(
        f'<tr data-u="{u}" data-f="{f}"><td>{u}</td><td>{st}</td>'
        '<td><button type="button">Delete</button></td></tr>'
        for u, st, f in ACCTS[seed]
    )
    body = (
        "<p>Accounts.</p><table><thead><tr><th>User</th><th>Status</th><th>Action</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        '<div id="dlg" role="dialog" aria-label="Confirm" hidden><p id="q"></p>'
        '<button type="button" id="no">Cancel</button> '
        '<button type="button" id="yes">Delete</button></div>'
    )
    script = (
        "let cur = null;\n"
        "function del(tr) { " + save('"delete_account", tr.dataset.u') + "; tr.remove(); }\n"
        "for (const tr of document.querySelectorAll('tbody tr'))\n"
        "  tr.querySelector('button').addEventListener('click', () => {\n"
        "  cur = tr; const f = +tr.dataset.f; if (!f) { del(tr); return; }\n"
        "  document.getElementById('q').textContent = `${tr.dataset.u} owns ${f} files. Delete the account anyway?`;\n"
        "  document.getElementById('dlg').hidden = false; });\n"
        "document.getElementById('no').addEventListener('click', () => { document.getElementById('dlg').hidden = true; });\n"
        "document.getElementById('yes').addEventListener('click', () => { document.getElementById('dlg').hidden = true; del(cur); });\n"
    )
    return PAGE.format(title="Accounts", body=body, script=script)


def acctsome_stand_in(inputs):
    done = []

    def policy(page, n):
        if n == 0:
            return answer("I open the accounts page.", "navigate", url={"$ref": "accounts_url"})
        if n == 1:
            return answer(
                "I read the accounts table.",
                "extract_table",
                target=ref_of(page.first("table"), "t"),
            )
        if page.first("dialog") is not None:
            yes = [x for x in page.all("button", "Delete")][-1]
            return answer("I confirm the deletion.", "click", target=yes.ref)
        for row in page.all("row"):
            cells = cells_of(page, row)
            if len(cells) > 1 and cells[1].label == "Inactive":
                b = next(c for c in page.children(row) if c.role == "button")
                done.append(cells[0].label)
                return answer(f"{cells[0].label} is inactive; I delete it.", "click", target=b.ref)
        return answer("Done.", "finish", deleted=len(done))

    return PageReader(policy)


DIALOG_SOMETIMES = Case(
    task=T(
        "Open the accounts page at accounts_url and delete every account whose status is "
        "Inactive (confirm if asked). Report how many you deleted.",
        "rt8_dialog_sometimes",
        {"accounts_url": str},
        {"deleted": int},
    ),
    features=("dialog only on some rows",),
    recorded={"accounts_url": Page("/acctsome/1")},
    stand_in=acctsome_stand_in,
    serve=SITE.running,
    reference=_acct,
    held_out=[
        HeldOut("one asks to confirm", {"accounts_url": Page("/acctsome/2")}),
        HeldOut("one inactive", {"accounts_url": Page("/acctsome/3")}),
        HeldOut("only one, asks", {"accounts_url": Page("/acctsome/4")}),
    ],
)
CASES_LIST += [DIALOG_SOMETIMES]


def _acct_done(i):
    e = _acct(i)
    return Expected(e.effects, {"done": True})


def _done_policy(inner):
    def make(inputs):
        reader = inner(inputs)
        pol = reader.policy

        def policy(page, n):
            a = pol(page, n)
            if a.tool_calls[0].name == "finish":
                return answer("All inactive accounts are deleted.", "finish", done=True)
            return a

        reader.policy = policy
        return reader

    return make


DIALOG_SOMETIMES_DONE = Case(
    task=T(
        "Open the accounts page at accounts_url and delete every account whose status is "
        "Inactive (confirm if asked). Report done=true when finished.",
        "rt8_dialog_sometimes_done",
        {"accounts_url": str},
        {"done": bool},
    ),
    features=("dialog only on some rows",),
    recorded={"accounts_url": Page("/acctsome/1")},
    stand_in=_done_policy(acctsome_stand_in),
    serve=SITE.running,
    reference=_acct_done,
    held_out=DIALOG_SOMETIMES.held_out,
)
CASES_LIST += [DIALOG_SOMETIMES_DONE]


# (rt8_native_confirm: its recording fails, a native confirm() the agent cannot answer.)
CASES = [c for c in CASES_LIST if c.name != "rt8_native_confirm"]

NEW_PATHS: dict[str, set[str]] = {
    "rt8_select_warehouse": {"Portland twice (Oregon, Maine)", "label absent, a value equals it"},
    "rt8_upgrade_referred": {"absent as customer, present as referrer"},
    "rt8_dialog_same_buttons": {"one has shared files", "only one with files"},
    "rt8_dialog_div": {"one has shared files", "only one with files"},
    "rt8_dialog_sometimes": {"one asks to confirm", "only one, asks"},
    "rt8_dialog_sometimes_done": {"one asks to confirm", "only one, asks"},
}
"""Held-out inputs whose path the recording never took: an option named twice or only by a
value, a customer shown only as a referrer, a dialog asking another question, a dialog the
recording never saw open."""
