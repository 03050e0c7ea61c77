"""Round-11 red-team browser tasks (served on 127.0.0.1, real Chromium), each once a silent wrong:

- the row of a customer named by an input in a table where a legacy row's ``colspan`` cell
  shifts the cells after it: the replay counted cells, not grid columns, and pressed Upgrade in
  the row showing the customer as its referrer (``rt11_colspan_row``);
- two tables on one page ("Trial customers", "Pro customers") both offering Upgrade: the row
  lookup searched the whole page and upgraded a customer only in the Pro table
  (``rt11_two_tables``);
- a drop-down recorded by an option's value ("AUS") where another option's label now reads
  "AUS": the replay chose by value where the agent, label first, would choose the other
  (``rt11_select_code``).

Each page takes a seed in its URL that decides the instance.
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
    one_or_nothing,
    ref_of,
    routed_site,
    router,
    save,
    seed_of,
    select_and_save,
    shipping_page,
)
from ._site_kit import browser_task as T

ROUTES: dict[str, Route] = {}
route = router(ROUTES)
SITE = routed_site(ROUTES)


class Page(SitePage):
    site = SITE


# ------ 1. row named by an input; a body row has a colspan cell that shifts its later cells
# columns: Since | Plan | Customer | Referred by | Action ; a legacy row spans Since+Plan
CS: dict[int, list[tuple[str, str | None, str, str]]] = {
    1: [
        ("2021", "Trial", "Ana Lima", "-"),
        ("2022", "Pro", "Ben Ode", "Ana Lima"),
        ("2023", "Trial", "Cy Park", "-"),
    ],
    2: [
        ("2021", "Trial", "Cy Park", "-"),
        ("LEGACY", None, "Di Rao", "Ana Lima"),
        ("2023", "Trial", "Ben Ode", "-"),
    ],
    3: [("LEGACY", None, "Ana Lima", "-"), ("2022", "Trial", "Cy Park", "Ana Lima")],
    4: [("2020", "Trial", "Ed Fox", "-"), ("LEGACY", None, "Fay Wu", "Ed Fox")],
}


def _cs_row(k, since, plan, cust, ref):
    lead = (
        '<td colspan="2">Legacy account</td>'
        if plan is None
        else f"<td>{since}</td><td>{plan}</td>"
    )
    return (
        f"<tr>{lead}<td>{E(cust)}</td><td>{E(ref)}</td>"
        f'<td><button type="button" data-i="{k}">Upgrade</button></td></tr>'
    )


@route("cs")
def cs_page(seed: int) -> str:
    rows = "".join(_cs_row(k, *r) for k, r in enumerate(CS[seed]))
    body = (
        "<p>Customers.</p><table><thead><tr><th>Since</th><th>Plan</th><th>Customer</th><th>Referred by</th>"
        f"<th>Action</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    names = json.dumps([r[2] for r in CS[seed]])
    script = (
        f"const names = {names};\n"
        'for (const b of document.querySelectorAll("button[data-i]")) '
        'b.addEventListener("click", () => '
        + save(f'"upgrade", {seed}, names[+b.dataset.i]')
        + ");"
    )
    return PAGE.format(title="Customers", body=body, script=script)


def cs_stand_in(inputs):
    who = inputs["customer"]

    def policy(page, n):
        if n == 0:
            return answer("I open the customers page.", "navigate", url={"$ref": "customers_url"})
        if n == 1:
            for row in page.all("row"):
                names = [c.label for c in cells_of(page, row)]
                # the customer column is the 3rd visible column (2nd cell in a legacy row)
                cust = (
                    names[1]
                    if names and names[0] == "Legacy account"
                    else (names[2] if len(names) > 2 else None)
                )
                if cust == who:
                    b = next((c for c in page.children(row) if c.role == "button"), None)
                    return answer(
                        f"I press Upgrade in {who}'s row.", "click", target=ref_of(b, "Upgrade")
                    )
            raise LookupError(who)
        return answer("Upgraded.", "finish", upgraded=True)

    return PageReader(policy)


def _cs(i):
    s = seed_of(i["customers_url"])
    hits = [r[2] for r in CS[s] if r[2] == i["customer"]]
    if len(hits) != 1:
        return Expected([], {"upgraded": False})
    return Expected([("upgrade", s, i["customer"])], {"upgraded": True})


COLSPAN = Case(
    task=T(
        "Open the customers page at customers_url and press Upgrade in the row of the customer "
        "named customer. Report upgraded=true.",
        "rt11_colspan_row",
        {"customers_url": str, "customer": str},
        {"upgraded": bool},
    ),
    features=("row by input", "colspan"),
    recorded={"customers_url": Page("/cs/1"), "customer": "Cy Park"},
    stand_in=cs_stand_in,
    serve=SITE.running,
    reference=_cs,
    held_out=[
        HeldOut(
            "Ana only a legacy referrer", {"customers_url": Page("/cs/2"), "customer": "Ana Lima"}
        ),
        HeldOut(
            "Ana legacy customer and referrer",
            {"customers_url": Page("/cs/3"), "customer": "Ana Lima"},
        ),
        HeldOut(
            "Ed referrer in legacy row and customer",
            {"customers_url": Page("/cs/4"), "customer": "Ed Fox"},
        ),
        HeldOut("plain other row", {"customers_url": Page("/cs/2"), "customer": "Ben Ode"}),
    ],
)

# ------ 2. two tables on one page: Trial customers and Pro customers, both with Upgrade buttons
TT = {
    1: ([("Ana Lima", "ana@x"), ("Cy Park", "cy@x")], [("Ben Ode", "ben@x")]),
    2: ([("Di Rao", "di@x")], [("Cy Park", "cy@x"), ("Ed Fox", "ed@x")]),  # Cy only in Pro
    3: ([("Ed Fox", "ed@x"), ("Cy Park", "cy@x")], [("Cy Park", "cy2@x")]),  # Cy in both
    4: ([("Fay Wu", "fay@x"), ("Cy Park", "cy@x")], []),
}


@route("tt")
def tt_page(seed: int) -> str:
    def table(title, rows, kind):
        trs = "".join(
            f'<tr><td>{E(n)}</td><td>{E(m)}</td><td><button type="button" data-k="{kind}" data-n="{E(n)}">Upgrade</button></td></tr>'
            for n, m in rows
        )
        return (
            f'<h2>{title}</h2><table aria-label="{title}"><thead><tr><th>Customer</th><th>Email</th><th>Action</th></tr></thead>'
            f"<tbody>{trs}</tbody></table>"
        )

    trial, pro = TT[seed]
    body = (
        "<p>Customers.</p>"
        + table("Trial customers", trial, "trial")
        + table("Pro customers", pro, "pro")
    )
    script = (
        'for (const b of document.querySelectorAll("button[data-k]")) '
        'b.addEventListener("click", () => ' + save('"upgrade", b.dataset.k, b.dataset.n') + ");"
    )
    return PAGE.format(title="Customers", body=body, script=script)


def _desc(page, node):
    out, todo = [], [node]
    while todo:
        x = todo.pop()
        for c in page.children(x):
            out.append(c)
            todo.append(c)
    return out


def tt_stand_in(inputs):
    who = inputs["customer"]

    def policy(page, n):
        if n == 0:
            return answer("I open the customers page.", "navigate", url={"$ref": "customers_url"})
        if n == 1:
            trial = _desc(page, page.first("table", "Trial customers"))
            for row in [r for r in page.all("row") if r in trial]:
                cells = cells_of(page, row)
                if cells and cells[0].label == who:
                    b = next((c for c in page.children(row) if c.role == "button"), None)
                    return answer(
                        f"I press Upgrade in {who}'s row of the Trial customers table.",
                        "click",
                        target=ref_of(b, "Upgrade"),
                    )
            raise LookupError(who)
        return answer("Upgraded.", "finish", upgraded=True)

    return PageReader(policy)


def _tt(i):
    s = seed_of(i["customers_url"])
    hits = [n for n, _ in TT[s][0] if n == i["customer"]]
    if len(hits) != 1:
        return Expected([], {"upgraded": False})
    return Expected([("upgrade", "trial", i["customer"])], {"upgraded": True})


TWO_TABLES = Case(
    task=T(
        "Open the customers page at customers_url and, in the Trial customers table, press Upgrade "
        "in the row of the customer named customer. Report upgraded=true.",
        "rt11_two_tables",
        {"customers_url": str, "customer": str},
        {"upgraded": bool},
    ),
    features=("row by input", "two tables"),
    recorded={"customers_url": Page("/tt/1"), "customer": "Cy Park"},
    stand_in=tt_stand_in,
    serve=SITE.running,
    reference=_tt,
    held_out=[
        HeldOut("only in Pro table", {"customers_url": Page("/tt/2"), "customer": "Cy Park"}),
        HeldOut("in both tables", {"customers_url": Page("/tt/3"), "customer": "Cy Park"}),
        HeldOut("trial, Pro empty", {"customers_url": Page("/tt/4"), "customer": "Cy Park"}),
        HeldOut("Ben only in Pro", {"customers_url": Page("/tt/1"), "customer": "Ben Ode"}),
    ],
)

# ------ 3. select by code: the recording matched the option's value; now a label equals it too
WC = {
    1: [("AUS", "Austin"), ("DAL", "Dallas")],
    2: [("DAL", "Dallas"), ("AUS", "Austin")],
    3: [("AUS", "Austin (closed)"), ("TX9", "AUS")],  # value AUS and label AUS
    4: [("TX9", "AUS"), ("DAL", "Dallas")],  # only a label AUS
}


@route("wc")
def wc_page(seed: int) -> str:
    opts = "".join(f'<option value="{v}">{E(label)}</option>' for v, label in WC[seed])
    return shipping_page(seed, opts)


wc_stand_in = select_and_save("code", "I choose the warehouse with that code.")


def _wc(i):
    s = seed_of(i["shipping_url"])
    hits = [v for v, label in WC[s] if v == i["code"]]
    labels = [v for v, label in WC[s] if label == i["code"]]
    return one_or_nothing([] if labels else hits, "saved", lambda v: ("ship_from", s, v))


SELECT_CODE = Case(
    task=T(
        "Open the shipping page at shipping_url, choose the warehouse whose code is code in the "
        "Warehouse drop-down and press Save. Report saved=true.",
        "rt11_select_code",
        {"shipping_url": str, "code": str},
        {"saved": bool},
    ),
    features=("select", "value vs label"),
    recorded={"shipping_url": Page("/wc/1"), "code": "AUS"},
    stand_in=wc_stand_in,
    serve=SITE.running,
    reference=_wc,
    held_out=[
        HeldOut("reordered", {"shipping_url": Page("/wc/2"), "code": "AUS"}),
        HeldOut("a value and a label AUS", {"shipping_url": Page("/wc/3"), "code": "AUS"}),
        HeldOut("only a label AUS", {"shipping_url": Page("/wc/4"), "code": "AUS"}),
    ],
)

CASES = [COLSPAN, TWO_TABLES, SELECT_CODE]

NEW_PATHS: dict[str, set[str]] = {
    "rt11_colspan_row": {"Ana only a legacy referrer"},
    "rt11_two_tables": {"only in Pro table", "Ben only in Pro"},
    "rt11_select_code": {"a value and a label AUS", "only a label AUS"},
}
"""Held-out inputs whose path the recording never took: a customer found by the referrer's
column or another table, an option whose label now equals the recorded value."""
