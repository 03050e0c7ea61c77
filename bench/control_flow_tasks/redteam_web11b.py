"""Round-11 red-team browser tasks on dialogs and filtered loops (served on 127.0.0.1, real
Chromium), each once a silent wrong:

- a delete whose confirm dialog opens 0.7-1.5 s after the click, on some rows only: the check
  that the click opened no dialog looked before it opened, and the replay returned done
  (``rt11_late_dialog``);
- a confirm dialog whose question is completed 0.4-1.2 s after it opens ("... and the 2 shared
  files it owns?"): the replay read the short question and confirmed (``rt11_late_question``);
- a row's Delete that deletes the checked rows when some are checked ("Delete everything?"):
  the loop's question pattern took any word for the account's name (``rt11_wildcard_everything``);
- orders shipped by a loop over the rows a read found Paid, where a refresh changes statuses
  late (``rt11_status_refreshed_late``) or shipping one order ships the customer's other paid
  one (``rt11_click_changes_other_row``): the replay shipped a row no longer Paid.

Each page takes a seed in its URL that decides the instance (and, after it, a delay in ms).
"""

# ruff: noqa: E501  (the red team's page scripts, kept as written)
from __future__ import annotations

import json

from . import Case, Expected, HeldOut
from ._site_kit import (
    PAGE,
    PageReader,
    Route,
    SitePage,
    answer,
    cells_of,
    confirm_asked,
    confirm_last_delete,
    delete_inactive,
    ref_of,
    routed_site,
    router,
    save,
    seed_of,
)
from ._site_kit import browser_task as T

ROUTES: dict[str, Route] = {}
route = router(ROUTES)
SITE = routed_site(ROUTES, rest=True)


class Page(SitePage):
    site = SITE


ACCTS = {
    1: [("ana", "Inactive", 0), ("ben", "Active", 0), ("cy", "Inactive", 0)],
    2: [("di", "Inactive", 2), ("ed", "Active", 0), ("fay", "Inactive", 0)],
    3: [("gus", "Inactive", 0)],
    4: [("hal", "Active", 0), ("ivy", "Inactive", 5)],
}
"""Accounts per seed: user, status, shared files it owns (a delete asks to confirm if any)."""


def _acct_done(i):
    s = seed_of(i["accounts_url"])
    return Expected(
        [("delete_account", u) for u, st, _ in ACCTS[s] if st == "Inactive"], {"done": True}
    )


# ------ 1. delete that asks to confirm on some rows, the dialog opening after a delay
@route("acctlate")
def acctlate(seed, rest):
    delay = int(rest or 700)
    rows = "".join(
        f'<tr data-u="{u}" data-f="{f}"><td>{u}</td><td>{st}</td>'
        '<td><button type="button">Delete</button></td></tr>'
        for u, st, f in ACCTS[seed]
    )
    body = (
        "<p>Accounts.</p><table><thead><tr><th>User</th><th>Status</th><th>Action</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        '<div id="dlg" role="dialog" aria-label="Confirm" hidden><p id="q"></p>'
        '<button type="button" id="no">Cancel</button> <button type="button" id="yes">Delete</button></div>'
    )
    script = (
        "let cur = null;\n"
        "function del(tr) { " + save('"delete_account", tr.dataset.u') + "; tr.remove(); }\n"
        "for (const tr of document.querySelectorAll('tbody tr'))\n"
        "  tr.querySelector('button').addEventListener('click', () => {\n"
        "  cur = tr; const f = +tr.dataset.f;\n"
        "  if (!f) { del(tr); return; } setTimeout(() => {\n"
        "  document.getElementById('q').textContent = `${tr.dataset.u} owns ${f} files. Delete the account anyway?`;\n"
        f"  document.getElementById('dlg').hidden = false; }}, {delay}); }});\n"
        "document.getElementById('no').addEventListener('click', () => { document.getElementById('dlg').hidden = true; });\n"
        "document.getElementById('yes').addEventListener('click', () => { document.getElementById('dlg').hidden = true; del(cur); });\n"
    )
    return PAGE.format(title="Accounts", body=body, script=script)


late_stand_in = delete_inactive(confirm_last_delete, report_done=True)


LATE_DIALOG = Case(
    task=T(
        "Open the accounts page at accounts_url and delete every account whose status is "
        "Inactive (confirm if asked). Report done=true when finished.",
        "rt11_late_dialog",
        {"accounts_url": str},
        {"done": bool},
    ),
    features=("dialog after a delay",),
    recorded={"accounts_url": Page("/acctlate/1")},
    stand_in=late_stand_in,
    serve=SITE.running,
    reference=_acct_done,
    held_out=[
        HeldOut("one asks, 700ms", {"accounts_url": Page("/acctlate/2")}),
        HeldOut("only one, asks 700ms", {"accounts_url": Page("/acctlate/4")}),
        HeldOut("one asks, 1500ms", {"accounts_url": Page("/acctlate/2/1500")}),
        HeldOut("one inactive", {"accounts_url": Page("/acctlate/3")}),
    ],
)


# ------ 2. a confirm dialog whose question is completed late (it looks up the files it owns)
@route("acctq")
def acctq(seed, rest):
    delay = int(rest or 400)
    rows = "".join(
        f'<tr data-u="{u}" data-f="{f}"><td>{u}</td><td>{st}</td>'
        '<td><button type="button">Delete</button></td></tr>'
        for u, st, f in ACCTS[seed]
    )
    body = (
        "<p>Accounts.</p><table><thead><tr><th>User</th><th>Status</th><th>Action</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        '<div id="dlg" role="dialog" aria-label="Confirm" hidden><p id="q"></p>'
        '<button type="button" id="no">Cancel</button> <button type="button" id="yes">Delete</button></div>'
    )
    script = (
        "let cur = null; const $ = (x) => document.getElementById(x);\n"
        "for (const tr of document.querySelectorAll('tbody tr'))\n"
        "  tr.querySelector('button').addEventListener('click', () => { cur = tr; const f = +tr.dataset.f;\n"
        "  $('q').textContent = `Delete the account ${tr.dataset.u}?`; $('dlg').hidden = false;\n"
        f"  if (f) setTimeout(() => {{ $('q').textContent = `Delete the account ${{tr.dataset.u}} and the ${{f}} shared files it owns?`; }}, {delay}); }});\n"
        "$('no').addEventListener('click', () => { $('dlg').hidden = true; });\n"
        "$('yes').addEventListener('click', () => { $('dlg').hidden = true;\n"
        "  if (+cur.dataset.f) { " + save('"delete_files", cur.dataset.u') + "; }\n"
        "  " + save('"delete_account", cur.dataset.u') + "; cur.remove(); });\n"
    )
    return PAGE.format(title="Accounts", body=body, script=script)


acctq_stand_in = delete_inactive(confirm_asked, report_done=True)


LATE_QUESTION = Case(
    task=T(
        "Open the accounts page at accounts_url and delete every account whose status is "
        "Inactive (confirm the deletion; delete nothing else, no files). Report done=true when finished.",
        "rt11_late_question",
        {"accounts_url": str},
        {"done": bool},
    ),
    features=("dialog question completed late",),
    recorded={"accounts_url": Page("/acctq/1")},
    stand_in=acctq_stand_in,
    serve=SITE.running,
    reference=_acct_done,
    held_out=[
        HeldOut("one has shared files, 400ms", {"accounts_url": Page("/acctq/2")}),
        HeldOut("only one with files, 400ms", {"accounts_url": Page("/acctq/4")}),
        HeldOut("one has shared files, 1200ms", {"accounts_url": Page("/acctq/2/1200")}),
        HeldOut("one inactive", {"accounts_url": Page("/acctq/3")}),
    ],
)


# ------ 3. row Delete acts on the checked rows when some are checked (persisted selection)
SEL = {
    1: ([("ana", "Inactive"), ("ben", "Active"), ("cy", "Inactive")], []),
    2: ([("di", "Inactive"), ("ed", "Active"), ("fay", "Inactive")], ["di", "ed", "fay"]),
    3: ([("gus", "Active"), ("hal", "Inactive")], ["gus"]),
    4: ([("ivy", "Inactive"), ("jo", "Active")], []),
}


@route("sel")
def selpage(seed, rest):
    rows, checked = SEL[seed]
    trs = "".join(
        f'<tr data-u="{u}"><td><input type="checkbox" aria-label="Select {u}"{" checked" if u in checked else ""}></td>'
        f'<td>{u}</td><td>{st}</td><td><button type="button">Delete</button></td></tr>'
        for u, st in rows
    )
    body = (
        "<p>Accounts.</p><table><thead><tr><th>Select</th><th>User</th><th>Status</th><th>Action</th></tr></thead>"
        f"<tbody>{trs}</tbody></table>"
        '<div id="dlg" role="dialog" aria-label="Confirm" hidden><p id="q"></p>'
        '<button type="button" id="no">Cancel</button> <button type="button" id="yes">Delete</button></div>'
    )
    script = (
        "let targets = []; const $ = (x) => document.getElementById(x);\n"
        "for (const tr of document.querySelectorAll('tbody tr'))\n"
        "  tr.querySelector('button').addEventListener('click', () => {\n"
        "  const all = [...document.querySelectorAll('tbody tr')];\n"
        "  const chk = all.filter((r) => r.querySelector('input').checked);\n"
        "  targets = chk.length ? chk : [tr];\n"
        "  $('q').textContent = chk.length ? (chk.length === all.length ? 'Delete everything?' : 'Delete selection?') : `Delete ${tr.dataset.u}?`;\n"
        "  $('dlg').hidden = false; });\n"
        "$('no').addEventListener('click', () => { $('dlg').hidden = true; });\n"
        "$('yes').addEventListener('click', () => { $('dlg').hidden = true; for (const r of targets) { "
        + save('"delete_account", r.dataset.u')
        + "; r.remove(); } });\n"
    )
    return PAGE.format(title="Accounts", body=body, script=script)


def sel_stand_in(inputs):
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
        q = next(
            (x for x in page.nodes if x.label.startswith("Delete ") and x.label.endswith("?")),
            None,
        )
        if q is not None:
            if q.label in ("Delete everything?", "Delete selection?"):
                raise LookupError("the agent would cancel and uncheck")
            yes = list(page.all("button", "Delete"))[-1]
            return answer("I confirm the deletion.", "click", target=yes.ref)
        for row in page.all("row"):
            cells = cells_of(page, row)
            if len(cells) > 2 and cells[2].label == "Inactive" and cells[1].label not in done:
                b = next(c for c in page.children(row) if c.role == "button")
                done.append(cells[1].label)
                return answer(f"{cells[1].label} is inactive; I delete it.", "click", target=b.ref)
        return answer("Done.", "finish", deleted=len(done))

    return PageReader(policy)


def _sel(i):
    s = seed_of(i["accounts_url"])
    ds = [u for u, st in SEL[s][0] if st == "Inactive"]
    return Expected([("delete_account", u) for u in ds], {"deleted": len(ds)})


WILDCARD = Case(
    task=T(
        "Open the accounts page at accounts_url and delete every account whose status is "
        "Inactive (confirm the deletion; delete nothing else). Report how many you deleted.",
        "rt11_wildcard_everything",
        {"accounts_url": str},
        {"deleted": int},
    ),
    features=("dialog question per item",),
    recorded={"accounts_url": Page("/sel/1")},
    stand_in=sel_stand_in,
    serve=SITE.running,
    reference=_sel,
    held_out=[
        HeldOut("all rows checked: Delete everything?", {"accounts_url": Page("/sel/2")}),
        HeldOut("an active row checked", {"accounts_url": Page("/sel/3")}),
        HeldOut("plain one inactive", {"accounts_url": Page("/sel/4")}),
    ],
)


# ------ 4. statuses refreshed late in place (cached page, then live statuses after a delay)
LS = {
    1: ([("O-1", "Paid"), ("O-2", "Pending"), ("O-3", "Paid")], {}),
    2: ([("O-4", "Paid"), ("O-5", "Paid"), ("O-6", "Pending")], {"O-5": "Cancelled"}),
    3: ([("O-7", "Pending"), ("O-8", "Paid")], {"O-8": "Cancelled", "O-7": "Paid"}),
    4: ([("O-9", "Paid")], {}),
}


@route("ls")
def ls_page(seed, rest):
    delay = int(rest or 800)
    rows, later = LS[seed]
    trs = "".join(
        f'<tr data-id="{o}"><td>{o}</td><td>{s}</td><td><button type="button">Mark shipped</button></td></tr>'
        for o, s in rows
    )
    body = (
        '<p>Orders <span id="live">(cached)</span>.</p><table><thead><tr><th>Order</th><th>Status</th><th>Action</th></tr></thead>'
        f'<tbody id="tb">{trs}</tbody></table>'
    )
    script = (
        f"const later = {json.dumps(later)};\n"
        "for (const tr of document.querySelectorAll('#tb tr')) tr.querySelector('button').addEventListener('click', () => { "
        + save('"ship", tr.dataset.id')
        + "; tr.cells[1].textContent = 'Shipped'; });\n"
        f"setTimeout(() => {{ document.getElementById('live').textContent = '(live)'; for (const tr of document.querySelectorAll('#tb tr')) if (later[tr.dataset.id]) tr.cells[1].textContent = later[tr.dataset.id]; }}, {delay});\n"
    )
    return PAGE.format(title="Orders", body=body, script=script)


def ls_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the orders page.", "navigate", url={"$ref": "orders_url"})
        if n == 1:
            return answer(
                "I read the orders table.",
                "extract_table",
                target=ref_of(page.first("table"), "t"),
            )
        for row in page.all("row"):
            cells = cells_of(page, row)
            if len(cells) > 1 and cells[-2].label == "Paid":
                b = next(c for c in page.children(row) if c.role == "button")
                return answer(
                    f"{cells[0].label} is paid; I mark it shipped.", "click", target=b.ref
                )
        return answer("All paid orders are marked.", "finish", done=True)

    return PageReader(policy)


def _ls(i):
    s = seed_of(i["orders_url"])
    rows, later = LS[s]
    ids = [o for o, st in rows if later.get(o, st) == "Paid"]
    return Expected([("ship", o) for o in ids], {"done": True})


STATUS_LATE = Case(
    task=T(
        'Open the orders page at orders_url and press "Mark shipped" for every order whose status is Paid. '
        "Report done=true when finished.",
        "rt11_status_refreshed_late",
        {"orders_url": str},
        {"done": bool},
    ),
    features=("rows changed late",),
    recorded={"orders_url": Page("/ls/1")},
    stand_in=ls_stand_in,
    serve=SITE.running,
    reference=_ls,
    held_out=[
        HeldOut("a paid order cancelled at 800ms", {"orders_url": Page("/ls/2")}),
        # (Not judged: "swap at 800ms", /ls/3, where a refresh with no request swaps which order
        # is Paid 0.8 s after load. The recipe reads and clicks before it, while the order it
        # ships still shows Paid, as a quick person would; nothing on the page says a refresh is
        # coming. A limit noted on issue 15, not a rule the recipe can keep.)
        HeldOut("a paid order cancelled at 300ms", {"orders_url": Page("/ls/2/300")}),
        HeldOut("one paid", {"orders_url": Page("/ls/4")}),
    ],
)


# ------ 5. a click changes another row's status (shipping one order ships the customer's other one)
MG = {
    1: [("O-1", "ana", "Paid"), ("O-2", "ben", "Pending"), ("O-3", "cy", "Paid")],
    2: [("O-4", "di", "Paid"), ("O-5", "di", "Paid"), ("O-6", "ed", "Pending")],
    3: [("O-7", "fay", "Paid"), ("O-8", "gus", "Paid"), ("O-9", "fay", "Paid")],
    4: [("P-1", "hal", "Paid")],
}


@route("mg")
def mg_page(seed, rest):
    trs = "".join(
        f'<tr data-id="{o}" data-c="{c}"><td>{o}</td><td>{c}</td><td>{s}</td><td><button type="button">Mark shipped</button></td></tr>'
        for o, c, s in MG[seed]
    )
    body = (
        "<p>Orders. Shipping an order also ships the customer's other paid orders in the same box.</p>"
        "<table><thead><tr><th>Order</th><th>Customer</th><th>Status</th><th>Action</th></tr></thead>"
        f'<tbody id="tb">{trs}</tbody></table>'
    )
    script = (
        "for (const tr of document.querySelectorAll('#tb tr')) tr.querySelector('button').addEventListener('click', () => {\n"
        "  " + save('"ship", tr.dataset.id') + "; tr.cells[2].textContent = 'Shipped';\n"
        "  for (const o of document.querySelectorAll('#tb tr')) if (o !== tr && o.dataset.c === tr.dataset.c && o.cells[2].textContent === 'Paid')\n"
        "    o.cells[2].textContent = `Shipped with ${tr.dataset.id}`; });\n"
    )
    return PAGE.format(title="Orders", body=body, script=script)


def _mg(i):
    s = seed_of(i["orders_url"])
    shipped, out = set(), []
    for o, c, st in MG[s]:
        if st == "Paid" and c not in shipped:
            out.append(("ship", o))
            shipped.add(c)
    return Expected(out, {"done": True})


OTHER_ROW = Case(
    task=T(
        'Open the orders page at orders_url and press "Mark shipped" for every order whose status is Paid. '
        "Report done=true when finished.",
        "rt11_click_changes_other_row",
        {"orders_url": str},
        {"done": bool},
    ),
    features=("a click changes another row",),
    recorded={"orders_url": Page("/mg/1")},
    stand_in=ls_stand_in,
    serve=SITE.running,
    reference=_mg,
    held_out=[
        HeldOut("two paid orders of one customer", {"orders_url": Page("/mg/2")}),
        HeldOut("same customer first and last", {"orders_url": Page("/mg/3")}),
        HeldOut("one paid", {"orders_url": Page("/mg/4")}),
    ],
)

CASES = [LATE_DIALOG, LATE_QUESTION, WILDCARD, OTHER_ROW]
"""(``STATUS_LATE`` is not judged: its page changes which orders are Paid 0.3-0.8 s after it
loaded, with no request, so whether the recipe's reads and clicks come before or after that is a
race with the machine's load: before it, the recipe ships an order that still shows Paid, as a
quick person would, and the bench's reference, which reads the page after the change, calls it
wrong. Nothing on the page says a change is coming; a limit noted on issue 15. Its rule, a
filtered loop's row that must still show the filter's text when clicked, is judged by
``OTHER_ROW``, where a click itself changes another row.)"""

NEW_PATHS: dict[str, set[str]] = {
    "rt11_late_dialog": {"one asks, 700ms", "only one, asks 700ms", "one asks, 1500ms"},
    "rt11_late_question": {
        "one has shared files, 400ms",
        "only one with files, 400ms",
        "one has shared files, 1200ms",
    },
    "rt11_wildcard_everything": {"all rows checked: Delete everything?", "an active row checked"},
    "rt11_status_refreshed_late": {"a paid order cancelled at 800ms"},
    "rt11_click_changes_other_row": {
        "two paid orders of one customer",
        "same customer first and last",
    },
}
"""Held-out inputs whose path the recording never took: a dialog that opens late, a question
completed late or about more than the row, a row no longer Paid when its turn comes."""
