"""Red team round 24: loops that decide per item, in other domains (HR, support, access reviews,
inventory, logistics, billing). Each task is recorded once the way a GPT-class agent acts (one
tool call a turn, ids by ``$ref``, decisions in ``compute``, counts typed in ``finish``). Held-out
inputs: about half ordinary new data, half adversarial (labels start ``adv:``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import Script

# ============================================================================ 1. HR leave requests


class Employee(BaseModel):
    id: str
    name: str
    department: str
    on_probation: bool


class LeaveRequest(BaseModel):
    id: str
    employee: Employee
    kind: str  # annual | sick | unpaid
    days: int
    start: str
    status: str


def _emp(i: str, dept: str = "ops", prob: bool = False) -> dict[str, Any]:
    return {"id": i, "name": f"Emp {i}", "department": dept, "on_probation": prob}


LEAVE: dict[str, dict[str, Any]] = {
    "L-1": {"employee": _emp("e1"), "kind": "annual", "days": 3, "start": "2026-04-06"},
    "L-2": {"employee": _emp("e2"), "kind": "annual", "days": 8, "start": "2026-04-13"},
    "L-3": {"employee": _emp("e3"), "kind": "annual", "days": 2, "start": "2026-05-01"},
    "L-4": {"employee": _emp("e4"), "kind": "annual", "days": 10, "start": "2026-07-20"},
    # ordinary new data, same department, annual
    "L-11": {"employee": _emp("e5"), "kind": "annual", "days": 1, "start": "2026-04-02"},
    "L-12": {"employee": _emp("e6"), "kind": "annual", "days": 5, "start": "2026-06-01"},
    "L-13": {"employee": _emp("e7"), "kind": "annual", "days": 6, "start": "2026-08-03"},
    # ordinary, other department / kinds
    "L-21": {"employee": _emp("s1", "sales"), "kind": "annual", "days": 4, "start": "2026-04-02"},
    "L-22": {"employee": _emp("s2", "sales"), "kind": "sick", "days": 2, "start": "2026-03-30"},
    "L-23": {"employee": _emp("s3", "sales"), "kind": "unpaid", "days": 15, "start": "2026-09-01"},
    # adversarial: probation
    "L-31": {"employee": _emp("p1", prob=True), "kind": "annual", "days": 2, "start": "2026-04-09"},
}
TEAMS: dict[str, list[str]] = {
    "ops": ["L-1", "L-2", "L-3", "L-4"],
    "ops2": ["L-11", "L-12", "L-13"],
    "ops3": ["L-13", "L-12"],
    "empty": [],
    "sales": ["L-21", "L-22", "L-23"],
    "sales2": ["L-21"],
    "newbie": ["L-31", "L-2", "L-3"],
}


@action(read_only=True)
def list_pending_leave(team: str) -> list[str]:
    """The ids of the team's pending leave requests, oldest first."""
    return list(TEAMS[team])


@action(read_only=True)
def get_leave_request(request_id: str) -> LeaveRequest:
    """One leave request: the employee (with department and whether they are on probation), the
    kind of leave (annual, sick or unpaid), the number of working days, the start date, status."""
    return LeaveRequest(id=request_id, status="pending", **LEAVE[request_id])


@action
def approve_leave(request_id: str) -> str:
    """Approve a leave request."""
    effect("approve_leave", request_id)
    return "approved"


@action
def request_document(request_id: str, document: str) -> str:
    """Ask the employee for a document before a leave request can be decided."""
    effect("request_document", request_id, document)
    return "requested"


def leave_task(name: str, extra: str, outputs: dict[str, Any], report: str) -> Task[Any]:
    return Task(
        "Go through the team's pending leave requests. Approve every request of 5 working days "
        "or fewer. For a longer request, ask the employee for their manager's sign-off "
        f"(document 'manager sign-off'). {extra}Report {report}.",
        name=name,
        inputs={"team": str},
        outputs=outputs,
        actions=[list_pending_leave, get_leave_request, approve_leave, request_document],
    )


def leave_script(finish: dict[str, Any]) -> list[AIResponse]:
    s = Script()
    s.call("I list the pending requests.", "list_pending_leave", team=ref("team"))
    for n, rid in enumerate(TEAMS["ops"], start=1):
        s.call(
            "I open the next request.",
            "get_leave_request",
            request_id=ref(f"list_pending_leave_1.{n - 1}"),
        )
        s.compute("Is it 5 days or fewer?", f"get_leave_request_{n}.days <= 5")
        if LEAVE[rid]["days"] <= 5:
            s.call(
                "Short enough: approved.",
                "approve_leave",
                request_id=ref(f"get_leave_request_{n}.id"),
            )
        else:
            s.call(
                "Longer than 5 days: I ask for the sign-off.",
                "request_document",
                request_id=ref(f"get_leave_request_{n}.id"),
                document="manager sign-off",
            )
    s.call("Done.", "finish", **finish)
    return s.out


def leave_reference(probation: bool, outputs: Any) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = TEAMS[inputs["team"]]
        eff: list[tuple[Any, ...]] = []
        a = d = 0
        for r in ids:
            row = LEAVE[r]
            if row["days"] <= 5 and not (probation and row["employee"]["on_probation"]):
                eff.append(("approve_leave", r))
                a += 1
            else:
                eff.append(("request_document", r, "manager sign-off"))
                d += 1
        return Expected(eff, outputs(ids, a, d))

    return reference


LEAVE_HELD = [
    HeldOut("new ops requests", {"team": "ops2"}),
    HeldOut("two, reordered", {"team": "ops3"}),
    HeldOut("no requests", {"team": "empty"}),
    HeldOut("sales: sick and unpaid kinds", {"team": "sales"}),
    HeldOut("sales: one annual", {"team": "sales2"}),
    HeldOut("adv: probation, 2 days", {"team": "newbie"}),
]

LEAVE_PROBATION = Case(
    task=leave_task(
        "r24_leave_probation",
        "Employees still on probation never get leave approved directly: ask for the sign-off "
        "whatever the length. ",
        {"approved": int, "sign_offs_requested": int},
        "how many you approved and how many sign-offs you requested",
    ),
    features=("HR two-sided; hidden probation flag in nested employee",),
    recorded={"team": "ops"},
    answers=leave_script({"approved": 2, "sign_offs_requested": 2}),
    reference=leave_reference(True, lambda ids, a, d: {"approved": a, "sign_offs_requested": d}),
    held_out=LEAVE_HELD,
)

# count names: 'requests_reviewed' shares a word with request_document; 'total'
LEAVE_COUNTS = Case(
    task=leave_task(
        "r24_leave_counts",
        "",
        {"approved": int, "requests_reviewed": int, "still_open": int},
        "how many you approved, how many requests you reviewed in total, and how many are still "
        "open (waiting on a sign-off)",
    ),
    features=("count names fitting both sides or neither",),
    recorded={"team": "ops"},
    answers=leave_script({"approved": 2, "requests_reviewed": 4, "still_open": 2}),
    reference=leave_reference(
        False, lambda ids, a, d: {"approved": a, "requests_reviewed": len(ids), "still_open": d}
    ),
    held_out=LEAVE_HELD,
)

# ==================================================================== 2. support: close or escalate


class Customer(BaseModel):
    name: str
    plan: str


class Ticket(BaseModel):
    id: str
    subject: str
    priority: str
    waiting_on: str  # customer | us
    hours_idle: int
    customer: Customer


TICKETS: dict[str, dict[str, Any]] = {
    "T-1": {"priority": "normal", "waiting_on": "customer", "hours_idle": 120},
    "T-2": {"priority": "high", "waiting_on": "us", "hours_idle": 50},
    "T-3": {"priority": "normal", "waiting_on": "us", "hours_idle": 80},
    "T-4": {"priority": "low", "waiting_on": "customer", "hours_idle": 200},
    "T-11": {"priority": "normal", "waiting_on": "customer", "hours_idle": 99},
    "T-12": {"priority": "low", "waiting_on": "us", "hours_idle": 72},
    "T-13": {"priority": "high", "waiting_on": "customer", "hours_idle": 300},
    "T-14": {"priority": "urgent", "waiting_on": "us", "hours_idle": 49},
    "T-15": {
        "priority": "normal",
        "waiting_on": "customer",
        "hours_idle": 73,
        "plan": "enterprise",
    },
}
QUEUES: dict[str, list[str]] = {
    "billing": ["T-1", "T-2", "T-3", "T-4"],
    "web": ["T-11", "T-12"],
    "api": ["T-12", "T-3", "T-2"],
    "mobile": [],
    "closers": ["T-11", "T-4", "T-13"],  # nobody waiting on us: no escalation
    "ent": ["T-15", "T-2"],  # enterprise customer waiting on them
    "urgent": ["T-14", "T-1"],
}


@action(read_only=True)
def list_stale_tickets(queue: str) -> list[str]:
    """The ids of the queue's tickets idle for more than 48 hours."""
    return list(QUEUES[queue])


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """One ticket: subject, priority (low, normal, high, urgent), who it waits on (customer or
    us), hours idle and the customer (name, plan: free, pro or enterprise)."""
    row = dict(TICKETS[ticket_id])
    plan = row.pop("plan", "pro")
    return Ticket(
        id=ticket_id, subject=f"Issue {ticket_id}", customer=Customer(name="Acme", plan=plan), **row
    )


@action
def close_ticket(ticket_id: str, note: str) -> str:
    """Close a ticket with a note to the customer."""
    effect("close_ticket", ticket_id, note)
    return "closed"


@action
def escalate_ticket(ticket_id: str, tier: int) -> str:
    """Escalate a ticket to a support tier (2 or 3)."""
    effect("escalate_ticket", ticket_id, tier)
    return f"esc-{ticket_id}"


@action
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email."""
    effect("send_email", to, subject, body)
    return "sent"


NOTE = "Closing for now - reply any time to reopen."
BODY = "Stale tickets waiting on us were escalated to tier 2 today; please review them."


def support_script(email: bool, finish: dict[str, Any], body: str = BODY) -> list[AIResponse]:
    s = Script()
    s.call("I list the stale tickets.", "list_stale_tickets", queue=ref("queue"))
    for n, tid in enumerate(QUEUES["billing"], start=1):
        s.call("Next ticket.", "get_ticket", ticket_id=ref(f"list_stale_tickets_1.{n - 1}"))
        s.compute("Is it waiting on the customer?", f"get_ticket_{n}.waiting_on == 'customer'")
        if TICKETS[tid]["waiting_on"] == "customer":
            s.call(
                "Waiting on them: I close it.",
                "close_ticket",
                ticket_id=ref(f"get_ticket_{n}.id"),
                note=NOTE,
            )
        else:
            s.call(
                "Waiting on us: tier 2.",
                "escalate_ticket",
                ticket_id=ref(f"get_ticket_{n}.id"),
                tier=2,
            )
    if email:
        s.call(
            "I escalated some, so I tell the support lead.",
            "send_email",
            to="support-lead@acme.test",
            subject="Stale ticket escalations",
            body=body,
        )
    s.call("Done.", "finish", **finish)
    return s.out


def support_reference(email: str | None, outputs: Any, enterprise_escalate: bool = False) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = QUEUES[inputs["queue"]]
        eff: list[tuple[Any, ...]] = []
        closed = esc = 0
        for t in ids:
            row = TICKETS[t]
            ent = enterprise_escalate and row.get("plan") == "enterprise"
            if row["waiting_on"] == "customer" and not ent:
                eff.append(("close_ticket", t, NOTE))
                closed += 1
            else:
                eff.append(("escalate_ticket", t, 2))
                esc += 1
        if email is not None and esc:
            body = email.format(n=esc)
            eff.append(("send_email", "support-lead@acme.test", "Stale ticket escalations", body))
        return Expected(eff, outputs(ids, closed, esc))

    return reference


SUPPORT_HELD = [
    HeldOut("web: one each", {"queue": "web"}),
    HeldOut("api: all escalated", {"queue": "api"}),
    HeldOut("empty queue", {"queue": "mobile"}),
    HeldOut("urgent priority", {"queue": "urgent"}),
    HeldOut("adv: nothing escalated", {"queue": "closers"}),
    HeldOut("adv: enterprise customer", {"queue": "ent"}),
]

SUPPORT_EMAIL = Case(
    task=Task(
        "Go through the queue's stale tickets: close each ticket that is waiting on the customer "
        f"(note: '{NOTE}'), and escalate each one waiting on us to tier 2. If you escalated any, "
        "email the support lead (support-lead@acme.test, subject 'Stale ticket escalations') "
        "asking them to review. Report how many you closed and escalated.",
        name="r24_support_email_if_any",
        inputs={"queue": str},
        outputs={"closed": int, "escalated": int},
        actions=[list_stale_tickets, get_ticket, close_ticket, escalate_ticket, send_email],
    ),
    features=("support two-sided; an email after the loop only if any escalated",),
    recorded={"queue": "billing"},
    answers=support_script(True, {"closed": 2, "escalated": 2}),
    reference=support_reference(BODY, lambda ids, c, e: {"closed": c, "escalated": e}),
    held_out=SUPPORT_HELD,
)

SUPPORT_ENTERPRISE = Case(
    task=Task(
        "Go through the queue's stale tickets: close each ticket that is waiting on the customer "
        f"(note: '{NOTE}'), and escalate each one waiting on us to tier 2. Enterprise customers' "
        "tickets are never closed this way: escalate them too. Report how many you closed and "
        "how many tickets were handled in all.",
        name="r24_support_enterprise",
        inputs={"queue": str},
        outputs={"closed": int, "handled": int},
        actions=[list_stale_tickets, get_ticket, close_ticket, escalate_ticket],
    ),
    features=("hidden plan condition on nested customer; 'handled' = all",),
    recorded={"queue": "billing"},
    answers=support_script(False, {"closed": 2, "handled": 4}),
    reference=support_reference(None, lambda ids, c, e: {"closed": c, "handled": len(ids)}, True),
    held_out=SUPPORT_HELD,
)

# ===================================================================== 3. access review (one-sided)


class Account(BaseModel):
    email: str
    kind: str  # person | service | break_glass
    active: bool


class Grant(BaseModel):
    id: str
    role: str
    account: Account
    days_unused: int


GRANTS: dict[str, dict[str, Any]] = {
    "G-1": {"role": "admin", "days_unused": 120},
    "G-2": {"role": "viewer", "days_unused": 3},
    "G-3": {"role": "editor", "days_unused": 95},
    "G-4": {"role": "viewer", "days_unused": 30},
    "G-11": {"role": "editor", "days_unused": 400},
    "G-12": {"role": "viewer", "days_unused": 90},
    "G-13": {"role": "admin", "days_unused": 91},
    "G-21": {"role": "admin", "days_unused": 365, "kind": "break_glass"},
    "G-22": {"role": "deployer", "days_unused": 200, "kind": "service"},
}
SYSTEMS: dict[str, list[str]] = {
    "erp": ["G-1", "G-2", "G-3", "G-4"],
    "crm": ["G-11", "G-12", "G-13"],
    "wiki": ["G-2", "G-4"],
    "hr": [],
    "git": ["G-13", "G-11"],
    "vault": ["G-21", "G-2", "G-1"],
    "ci": ["G-22", "G-3"],
}


@action(read_only=True)
def list_grants(system: str) -> list[str]:
    """The ids of the access grants on a system."""
    return list(SYSTEMS[system])


@action(read_only=True)
def get_grant(grant_id: str) -> Grant:
    """One grant: the role, the account (email, kind: person, service or break_glass; active)
    and how many days since the grant was last used."""
    row = dict(GRANTS[grant_id])
    kind = row.pop("kind", "person")
    return Grant(
        id=grant_id, account=Account(email=f"{grant_id}@acme.test", kind=kind, active=True), **row
    )


@action
def revoke_grant(grant_id: str, reason: str) -> str:
    """Revoke an access grant, with the reason the account owner sees."""
    effect("revoke_grant", grant_id, reason)
    return "revoked"


def access_script(
    reason: str = "unused for over 90 days", finish: dict[str, Any] | None = None
) -> list[AIResponse]:
    s = Script()
    s.call("I list the grants.", "list_grants", system=ref("system"))
    for n, gid in enumerate(SYSTEMS["erp"], start=1):
        s.call("Next grant.", "get_grant", grant_id=ref(f"list_grants_1.{n - 1}"))
        s.compute("Unused for more than 90 days?", f"get_grant_{n}.days_unused > 90")
        if GRANTS[gid]["days_unused"] > 90:
            s.call(
                "Unused too long: revoke.",
                "revoke_grant",
                grant_id=ref(f"get_grant_{n}.id"),
                reason=reason,
            )
    s.call("Done.", "finish", **(finish or {"revoked": 2, "kept": 2}))
    return s.out


def access_reference(inputs: dict[str, Any]) -> Expected:
    ids = SYSTEMS[inputs["system"]]
    eff: list[tuple[Any, ...]] = []
    for g in ids:
        row = GRANTS[g]
        if row["days_unused"] > 90 and row.get("kind", "person") == "person":
            eff.append(("revoke_grant", g, "unused for over 90 days"))
    return Expected(eff, {"revoked": len(eff), "kept": len(ids) - len(eff)})


ACCESS = Case(
    task=Task(
        "Quarterly access review of the system: revoke every grant that has not been used for "
        "more than 90 days (reason 'unused for over 90 days') and keep the rest. Service and "
        "break-glass accounts are exempt: always keep them. Report how many grants you revoked "
        "and how many you kept.",
        name="r24_access_review",
        inputs={"system": str},
        outputs={"revoked": int, "kept": int},
        actions=[list_grants, get_grant, revoke_grant],
    ),
    features=("one-sided; hidden account kind in nested record; 'kept' count of the other side",),
    recorded={"system": "erp"},
    answers=access_script(),
    reference=access_reference,
    held_out=[
        HeldOut("crm: two over 90, at the limit", {"system": "crm"}),
        HeldOut("wiki: none", {"system": "wiki"}),
        HeldOut("hr: no grants", {"system": "hr"}),
        HeldOut("git: all revoked", {"system": "git"}),
        HeldOut("adv: break-glass", {"system": "vault"}),
        HeldOut("adv: service account", {"system": "ci"}),
    ],
)

# ============================================ 4. inventory reorder (one-sided, qty worked out)


class Supplier(BaseModel):
    name: str
    min_order_qty: int


class Product(BaseModel):
    sku: str
    stock: int
    reorder_point: int
    status: str  # active | discontinued
    supplier: Supplier


PRODUCTS: dict[str, dict[str, Any]] = {
    "P-1": {"stock": 5, "reorder_point": 20, "min": 10},  # order 35
    "P-2": {"stock": 50, "reorder_point": 20, "min": 10},
    "P-3": {"stock": 12, "reorder_point": 40, "min": 10},  # order 68
    "P-4": {"stock": 30, "reorder_point": 25, "min": 10},
    "P-11": {"stock": 0, "reorder_point": 15, "min": 10},  # 30
    "P-12": {"stock": 9, "reorder_point": 10, "min": 10},  # 11
    "P-13": {"stock": 100, "reorder_point": 10, "min": 10},
    "P-21": {"stock": 18, "reorder_point": 20, "min": 50},  # 22 < 50 -> 50
    "P-22": {"stock": 2, "reorder_point": 30, "min": 10, "status": "discontinued"},
}
CATEGORIES: dict[str, list[str]] = {
    "tools": ["P-1", "P-2", "P-3", "P-4"],
    "paint": ["P-11", "P-12", "P-13"],
    "glue": ["P-13", "P-2"],
    "none": [],
    "mixed": ["P-3", "P-11", "P-1"],
    "bulk": ["P-21", "P-1"],
    "old": ["P-22", "P-3"],
}


@action(read_only=True)
def list_products(category: str) -> list[str]:
    """The SKUs of a category's products."""
    return list(CATEGORIES[category])


@action(read_only=True)
def get_product(sku: str) -> Product:
    """One product: units in stock, its reorder point, its status (active or discontinued) and
    its supplier (name and minimum order quantity)."""
    row = dict(PRODUCTS[sku])
    return Product(
        sku=sku,
        stock=row["stock"],
        reorder_point=row["reorder_point"],
        status=row.get("status", "active"),
        supplier=Supplier(name="Brix", min_order_qty=row["min"]),
    )


@action
def place_order(sku: str, quantity: int) -> str:
    """Order units of a product from its supplier; returns the purchase order id."""
    effect("place_order", sku, quantity)
    return f"po-{sku}"


def restock_script(
    listing: AIResponse,
    get: str,
    ids: list[str],
    rows: dict[str, dict[str, Any]],
    qty_why: str,
    order_why: str,
) -> list[AIResponse]:
    """``listing`` (of ``ids``), then each product looked up with ``get``; one below its reorder
    point is ordered up to twice that (the quantity computed for ``qty_why``, ordered for
    ``order_why``)."""
    lister = f"{listing.tool_calls[0].name}_1"
    s = Script()
    s.out.append(listing)
    total = count = 0
    for n, sku in enumerate(ids, start=1):
        s.call("Next product.", get, sku=ref(f"{lister}.{n - 1}"))
        s.compute("Below its reorder point?", f"{get}_{n}.stock < {get}_{n}.reorder_point")
        r = rows[sku]
        if r["stock"] < r["reorder_point"]:
            q = s.compute(qty_why, f"{get}_{n}.reorder_point * 2 - {get}_{n}.stock")
            s.call(order_why, "place_order", sku=ref(f"{get}_{n}.sku"), quantity=ref(q))
            total += r["reorder_point"] * 2 - r["stock"]
            count += 1
    s.call("Done.", "finish", reordered=count, units_ordered=total)
    return s.out


def restock_reference(
    lists: dict[str, list[str]],
    rows: dict[str, dict[str, Any]],
    key: str,
    skip: Callable[[dict[str, Any]], bool],
) -> Callable[[dict[str, Any]], Expected]:
    """Order, for each product of ``lists[inputs[key]]`` below its reorder point and not
    ``skip``, twice the reorder point minus the stock, or the supplier's minimum if more."""

    def reference(inputs: dict[str, Any]) -> Expected:
        eff: list[tuple[Any, ...]] = []
        total = 0
        for sku in lists[inputs[key]]:
            r = rows[sku]
            if r["stock"] >= r["reorder_point"] or skip(r):
                continue
            q = max(r["reorder_point"] * 2 - r["stock"], r["min"])
            eff.append(("place_order", sku, q))
            total += q
        return Expected(eff, {"reordered": len(eff), "units_ordered": total})

    return reference


REORDER = Case(
    task=Task(
        "Restock the category: for every active product whose stock is below its reorder point, "
        "order enough units to bring the stock up to twice the reorder point - but never less "
        "than the supplier's minimum order quantity. Discontinued products are not reordered. "
        "Report how many products you reordered and the total units ordered.",
        name="r24_reorder_min_qty",
        inputs={"category": str},
        outputs={"reordered": int, "units_ordered": int},
        actions=[list_products, get_product, place_order],
    ),
    features=("one-sided; qty worked out per item; floor from a field; sum after",),
    recorded={"category": "tools"},
    answers=restock_script(
        say("I list the category.", "list_products", category=ref("category")),
        "get_product",
        CATEGORIES["tools"],
        PRODUCTS,
        "Enough to reach twice the reorder point.",
        "I place the order.",
    ),
    reference=restock_reference(
        CATEGORIES, PRODUCTS, "category", lambda r: r.get("status", "active") != "active"
    ),
    held_out=[
        HeldOut("paint: two low", {"category": "paint"}),
        HeldOut("glue: none low", {"category": "glue"}),
        HeldOut("empty category", {"category": "none"}),
        HeldOut("mixed: all low", {"category": "mixed"}),
        HeldOut("adv: min order qty binds", {"category": "bulk"}),
        HeldOut("adv: discontinued", {"category": "old"}),
    ],
)

# ======================================================== 5. logistics: same action, two carriers


class Destination(BaseModel):
    city: str
    country: str
    zone: str  # EU | UK | INTL


class Shipment(BaseModel):
    id: str
    weight_kg: float
    destination: Destination
    hazardous: bool


SHIPMENTS: dict[str, dict[str, Any]] = {
    "S-1": {"w": 4.0, "zone": "EU", "city": "Lyon", "country": "FR"},
    "S-2": {"w": 12.0, "zone": "INTL", "city": "Boston", "country": "US"},
    "S-3": {"w": 1.5, "zone": "EU", "city": "Turin", "country": "IT"},
    "S-4": {"w": 8.0, "zone": "UK", "city": "Leeds", "country": "GB"},
    "S-11": {"w": 2.0, "zone": "EU", "city": "Gent", "country": "BE"},
    "S-12": {"w": 20.0, "zone": "INTL", "city": "Tokyo", "country": "JP"},
    "S-13": {"w": 0.5, "zone": "UK", "city": "Cardiff", "country": "GB"},
    "S-21": {"w": 45.0, "zone": "INTL", "city": "Austin", "country": "US"},  # too heavy for air
    "S-22": {"w": 3.0, "zone": "INTL", "city": "Oslo", "country": "NO", "haz": True},
}
DAYS: dict[str, list[str]] = {
    "mon": ["S-1", "S-2", "S-3", "S-4"],
    "tue": ["S-11", "S-12", "S-13"],
    "wed": ["S-3", "S-1"],
    "thu": [],
    "fri": ["S-12", "S-4", "S-2"],
    "sat": ["S-21", "S-1"],
    "sun": ["S-22", "S-3"],
}


@action(read_only=True)
def list_shipments(day: str) -> list[str]:
    """The ids of the shipments ready to go on a day."""
    return list(DAYS[day])


@action(read_only=True)
def get_shipment(shipment_id: str) -> Shipment:
    """One shipment: weight in kg, destination (city, country, zone: EU, UK or INTL) and whether
    it holds hazardous goods."""
    r = SHIPMENTS[shipment_id]
    return Shipment(
        id=shipment_id,
        weight_kg=r["w"],
        destination=Destination(city=r["city"], country=r["country"], zone=r["zone"]),
        hazardous=r.get("haz", False),
    )


@action
def book_carrier(shipment_id: str, carrier: str) -> str:
    """Book a carrier for a shipment; returns the booking reference."""
    effect("book_carrier", shipment_id, carrier)
    return f"bk-{shipment_id}"


@action
def hold_shipment(shipment_id: str, reason: str) -> str:
    """Hold a shipment back for review."""
    effect("hold_shipment", shipment_id, reason)
    return "held"


def ship_script() -> list[AIResponse]:
    s = Script()
    s.call("I list today's shipments.", "list_shipments", day=ref("day"))
    road = air = 0
    for n, sid in enumerate(DAYS["mon"], start=1):
        s.call("Next shipment.", "get_shipment", shipment_id=ref(f"list_shipments_1.{n - 1}"))
        s.compute("Is it going within the EU?", f"get_shipment_{n}.destination.zone == 'EU'")
        if SHIPMENTS[sid]["zone"] == "EU":
            s.call(
                "EU: road.",
                "book_carrier",
                shipment_id=ref(f"get_shipment_{n}.id"),
                carrier="DHL Road",
            )
            road += 1
        else:
            s.call(
                "Outside the EU: air.",
                "book_carrier",
                shipment_id=ref(f"get_shipment_{n}.id"),
                carrier="FedEx Air",
            )
            air += 1
    s.call("Done.", "finish", road=road, air=air)
    return s.out


def ship_reference(inputs: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    road = air = 0
    for sid in DAYS[inputs["day"]]:
        r = SHIPMENTS[sid]
        if r["zone"] == "EU":
            eff.append(("book_carrier", sid, "DHL Road"))
            road += 1
        elif r["w"] > 30 or r.get("haz"):
            eff.append(("hold_shipment", sid, "cannot fly"))
        else:
            eff.append(("book_carrier", sid, "FedEx Air"))
            air += 1
    return Expected(eff, {"road": road, "air": air})


SHIPPING = Case(
    task=Task(
        "Book a carrier for each of the day's shipments: within the EU zone book 'DHL Road', "
        "everything else goes 'FedEx Air'. FedEx Air takes no parcel over 30kg and no hazardous "
        "goods: hold such a shipment instead (reason 'cannot fly'). Report how many went by road "
        "and by air.",
        name="r24_carrier_by_zone",
        inputs={"day": str},
        outputs={"road": int, "air": int},
        actions=[list_shipments, get_shipment, book_carrier, hold_shipment],
    ),
    features=("both sides the same action, carrier word per side; '30kg' glued; nested zone",),
    recorded={"day": "mon"},
    answers=ship_script(),
    reference=ship_reference,
    held_out=[
        HeldOut("tue: mixed", {"day": "tue"}),
        HeldOut("wed: all EU", {"day": "wed"}),
        HeldOut("thu: nothing", {"day": "thu"}),
        HeldOut("fri: none EU", {"day": "fri"}),
        HeldOut("adv: 45 kg abroad", {"day": "sat"}),
        HeldOut("adv: hazardous abroad", {"day": "sun"}),
    ],
)

# ============================================= 6. billing: reminder or final notice with a late fee


class Invoice(BaseModel):
    id: str
    amount_due: float
    days_overdue: int
    currency: str
    disputed: bool


INVOICES: dict[str, dict[str, Any]] = {
    "I-1": {"amount_due": 200.0, "days_overdue": 45},  # final, fee 10
    "I-2": {"amount_due": 80.0, "days_overdue": 12},  # reminder
    "I-3": {"amount_due": 90.0, "days_overdue": 60},  # final, fee 4.5
    "I-4": {"amount_due": 300.0, "days_overdue": 5},  # reminder
    "I-11": {"amount_due": 1000.0, "days_overdue": 31},
    "I-12": {"amount_due": 55.0, "days_overdue": 30},
    "I-13": {"amount_due": 64.2, "days_overdue": 90},
    "I-21": {"amount_due": 20.0, "days_overdue": 40},  # fee 1.0 < 2 floor
    "I-22": {"amount_due": 3.5, "days_overdue": 10},  # under 5: write off
    "I-23": {"amount_due": 4.0, "days_overdue": 70},  # under 5: write off
}
ACCOUNTS: dict[str, list[str]] = {
    "acme": ["I-1", "I-2", "I-3", "I-4"],
    "brix": ["I-11", "I-12", "I-13"],
    "corp": ["I-12", "I-2"],
    "dyn": [],
    "echo": ["I-13", "I-11"],
    "fig": ["I-21", "I-1"],
    "gum": ["I-22", "I-23", "I-2"],
}


@action(read_only=True)
def list_overdue_invoices(account: str) -> list[str]:
    """The ids of an account's overdue invoices."""
    return list(ACCOUNTS[account])


@action(read_only=True)
def get_invoice(invoice_id: str) -> Invoice:
    """One invoice: amount due, days overdue, currency, whether the customer disputes it."""
    return Invoice(id=invoice_id, currency="EUR", disputed=False, **INVOICES[invoice_id])


@action
def send_reminder(invoice_id: str) -> str:
    """Send a friendly payment reminder."""
    effect("send_reminder", invoice_id)
    return "sent"


@action
def send_final_notice(invoice_id: str, late_fee: float) -> str:
    """Send a final notice, adding a late fee in EUR."""
    effect("send_final_notice", invoice_id, late_fee)
    return "sent"


@action
def write_off(invoice_id: str) -> str:
    """Write an invoice's balance off."""
    effect("write_off", invoice_id)
    return "written off"


def billing_script() -> list[AIResponse]:
    s = Script()
    s.call("I list the overdue invoices.", "list_overdue_invoices", account=ref("account"))
    fees = 0.0
    for n, iid in enumerate(ACCOUNTS["acme"], start=1):
        s.call("Next invoice.", "get_invoice", invoice_id=ref(f"list_overdue_invoices_1.{n - 1}"))
        s.compute("More than 30 days overdue?", f"get_invoice_{n}.days_overdue > 30")
        r = INVOICES[iid]
        if r["days_overdue"] > 30:
            fee = s.compute("5% late fee.", f"round(get_invoice_{n}.amount_due * 0.05, 2)")
            s.call(
                "Final notice with the fee.",
                "send_final_notice",
                invoice_id=ref(f"get_invoice_{n}.id"),
                late_fee=ref(fee),
            )
            fees += round(r["amount_due"] * 0.05, 2)
        else:
            s.call("A friendly reminder.", "send_reminder", invoice_id=ref(f"get_invoice_{n}.id"))
    s.call("Done.", "finish", reminders=2, final_notices=2, late_fees=round(fees, 2))
    return s.out


def billing_reference(inputs: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    rem = fin = 0
    fees = 0.0
    for iid in ACCOUNTS[inputs["account"]]:
        r = INVOICES[iid]
        if r["amount_due"] < 5:
            eff.append(("write_off", iid))
        elif r["days_overdue"] > 30:
            fee = max(round(r["amount_due"] * 0.05, 2), 2.0)
            eff.append(("send_final_notice", iid, fee))
            fin += 1
            fees += fee
        else:
            eff.append(("send_reminder", iid))
            rem += 1
    return Expected(eff, {"reminders": rem, "final_notices": fin, "late_fees": round(fees, 2)})


BILLING = Case(
    task=Task(
        "Chase the account's overdue invoices. Up to 30 days overdue: send a friendly reminder. "
        "More than 30 days: send a final notice with a late fee of 5% of the amount due (minimum "
        "fee €2). Balances below €5 aren't worth chasing: write them off instead. Report how many "
        "reminders and final notices you sent and the late fees charged in total.",
        name="r24_billing_notice_fee",
        inputs={"account": str},
        outputs={"reminders": int, "final_notices": int, "late_fees": float},
        actions=[list_overdue_invoices, get_invoice, send_reminder, send_final_notice, write_off],
    ),
    features=("two-sided; fee worked out per item with a floor '€2'; write-off bound '€5'",),
    recorded={"account": "acme"},
    answers=billing_script(),
    reference=billing_reference,
    held_out=[
        HeldOut("brix: mixed, at the limit", {"account": "brix"}),
        HeldOut("corp: reminders only", {"account": "corp"}),
        HeldOut("dyn: nothing overdue", {"account": "dyn"}),
        HeldOut("echo: finals only", {"account": "echo"}),
        HeldOut("adv: fee under the €2 floor", {"account": "fig"}),
        HeldOut("adv: balances under €5", {"account": "gum"}),
    ],
)

CASES = [
    LEAVE_PROBATION,
    LEAVE_COUNTS,
    SUPPORT_EMAIL,
    SUPPORT_ENTERPRISE,
    ACCESS,
    REORDER,
    SHIPPING,
    BILLING,
]
NEW_PATHS: dict[str, set[str]] = {}


# ---------------------------------------------------------------- diagnosis variants (scratch)
ACCESS_PLAIN_REASON = replace(
    ACCESS,
    task=Task(
        "Quarterly access review of the system: revoke every grant that has not been used for "
        "more than 90 days (reason 'unused') and keep the rest. Report how many grants you "
        "revoked.",
        name="r24_access_plain",
        inputs={"system": str},
        outputs={"revoked": int},
        actions=[list_grants, get_grant, revoke_grant],
    ),
    answers=access_script("unused", {"revoked": 2}),
    reference=lambda inputs: Expected(
        [
            ("revoke_grant", g, "unused")
            for g in SYSTEMS[inputs["system"]]
            if GRANTS[g]["days_unused"] > 90
        ],
        {"revoked": sum(1 for g in SYSTEMS[inputs["system"]] if GRANTS[g]["days_unused"] > 90)},
    ),
)
CASES.append(ACCESS_PLAIN_REASON)


# ====================================== 7. reorder, plain nested dicts, a hidden 'incoming' number


class StockItem(BaseModel):
    sku: str
    stock: int
    reorder_point: int
    incoming: int  # units already on the way from an open purchase order
    supplier: dict[str, Any]


STOCK: dict[str, dict[str, Any]] = {
    "P-1": {"stock": 5, "reorder_point": 20, "min": 10},
    "P-2": {"stock": 50, "reorder_point": 20, "min": 10},
    "P-3": {"stock": 12, "reorder_point": 40, "min": 10},
    "P-4": {"stock": 30, "reorder_point": 25, "min": 10},
    "P-11": {"stock": 0, "reorder_point": 15, "min": 10},
    "P-12": {"stock": 9, "reorder_point": 10, "min": 10},
    "P-13": {"stock": 100, "reorder_point": 10, "min": 10},
    "P-21": {"stock": 18, "reorder_point": 20, "min": 50},
    "P-23": {"stock": 3, "reorder_point": 30, "min": 10, "incoming": 40},
}
SHELVES: dict[str, list[str]] = {
    "tools": ["P-1", "P-2", "P-3", "P-4"],
    "paint": ["P-11", "P-12", "P-13"],
    "glue": ["P-13", "P-2"],
    "none": [],
    "mixed": ["P-3", "P-11", "P-1"],
    "bulk": ["P-21", "P-1"],
    "incoming": ["P-23", "P-3"],
}


@action(read_only=True)
def list_shelf(shelf: str) -> list[str]:
    """The SKUs stocked on a shelf."""
    return list(SHELVES[shelf])


@action(read_only=True)
def get_stock_item(sku: str) -> StockItem:
    """One product: units in stock, reorder point, units incoming (already ordered, on the way)
    and the supplier (name, min_order_qty)."""
    r = STOCK[sku]
    return StockItem(
        sku=sku,
        stock=r["stock"],
        reorder_point=r["reorder_point"],
        incoming=r.get("incoming", 0),
        supplier={"name": "Brix", "min_order_qty": r["min"]},
    )


RESTOCK = Case(
    task=Task(
        "Restock the shelf: for every product whose stock is below its reorder point, order "
        "enough units to bring it up to twice the reorder point, but never less than the "
        "supplier's minimum. Skip a product if a delivery for it is already on the way. Report "
        "how many products you reordered and the total units ordered.",
        name="r24_restock_incoming",
        inputs={"shelf": str},
        outputs={"reordered": int, "units_ordered": int},
        actions=[list_shelf, get_stock_item, place_order],
    ),
    features=("one-sided; hidden numeric 'incoming' (0 alike); floor from a nested dict field",),
    recorded={"shelf": "tools"},
    answers=restock_script(
        say("I list the shelf.", "list_shelf", shelf=ref("shelf")),
        "get_stock_item",
        SHELVES["tools"],
        STOCK,
        "Up to twice the reorder point.",
        "I order it.",
    ),
    reference=restock_reference(SHELVES, STOCK, "shelf", lambda r: r.get("incoming", 0) > 0),
    held_out=[
        HeldOut("paint: two low", {"shelf": "paint"}),
        HeldOut("glue: none low", {"shelf": "glue"}),
        HeldOut("empty shelf", {"shelf": "none"}),
        HeldOut("mixed: all low", {"shelf": "mixed"}),
        HeldOut("adv: min order qty binds", {"shelf": "bulk"}),
        HeldOut("adv: delivery on the way", {"shelf": "incoming"}),
    ],
)

# ============================ 8. support, plain calls, a hidden reopen count, an email if any


class Ticket2(BaseModel):
    id: str
    priority: str
    waiting_on: str
    reopen_count: int
    customer: dict[str, Any]


TICKETS2: dict[str, dict[str, Any]] = {
    "T-1": {"waiting_on": "customer"},
    "T-2": {"waiting_on": "us"},
    "T-3": {"waiting_on": "us"},
    "T-4": {"waiting_on": "customer"},
    "T-11": {"waiting_on": "customer"},
    "T-12": {"waiting_on": "us"},
    "T-13": {"waiting_on": "customer", "priority": "high"},
    "T-16": {"waiting_on": "customer", "reopen_count": 2},  # came back twice: escalate
}
QUEUES2: dict[str, list[str]] = {
    "billing": ["T-1", "T-2", "T-3", "T-4"],
    "web": ["T-11", "T-12"],
    "api": ["T-12", "T-3", "T-2"],
    "mobile": [],
    "closers": ["T-11", "T-4", "T-13"],
    "bounce": ["T-16", "T-1"],
}


@action(read_only=True)
def list_idle_tickets(queue: str) -> list[str]:
    """The ids of the queue's tickets idle for more than 48 hours."""
    return list(QUEUES2[queue])


@action(read_only=True)
def get_ticket_info(ticket_id: str) -> Ticket2:
    """One ticket: priority, who it waits on (customer or us), how many times it was reopened
    after being closed, and the customer (name, plan)."""
    r = TICKETS2[ticket_id]
    return Ticket2(
        id=ticket_id,
        priority=r.get("priority", "normal"),
        waiting_on=r["waiting_on"],
        reopen_count=r.get("reopen_count", 0),
        customer={"name": "Acme", "plan": "pro"},
    )


@action
def close(ticket_id: str) -> str:
    """Close a ticket."""
    effect("close", ticket_id)
    return "closed"


@action
def escalate(ticket_id: str) -> str:
    """Escalate a ticket to tier 2."""
    effect("escalate", ticket_id)
    return "escalated"


MAIL = "Some idle tickets were escalated to tier 2 today - please take a look."


def idle_script(finish: dict[str, Any], email: bool = True) -> list[AIResponse]:
    s = Script()
    s.call("I list the idle tickets.", "list_idle_tickets", queue=ref("queue"))
    for n, tid in enumerate(QUEUES2["billing"], start=1):
        s.call("Next ticket.", "get_ticket_info", ticket_id=ref(f"list_idle_tickets_1.{n - 1}"))
        s.compute("Waiting on the customer?", f"get_ticket_info_{n}.waiting_on == 'customer'")
        if TICKETS2[tid]["waiting_on"] == "customer":
            s.call("Close it.", "close", ticket_id=ref(f"get_ticket_info_{n}.id"))
        else:
            s.call("Escalate it.", "escalate", ticket_id=ref(f"get_ticket_info_{n}.id"))
    if email:
        s.call(
            "I escalated some: I tell the lead.",
            "send_email",
            to="lead@acme.test",
            subject="Escalations",
            body=MAIL,
        )
    s.call("Done.", "finish", **finish)
    return s.out


def idle_reference(outputs: Any, email: bool = True) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        eff: list[tuple[Any, ...]] = []
        c = e = 0
        ids = QUEUES2[inputs["queue"]]
        for t in ids:
            r = TICKETS2[t]
            if r["waiting_on"] == "customer" and r.get("reopen_count", 0) == 0:
                eff.append(("close", t))
                c += 1
            else:
                eff.append(("escalate", t))
                e += 1
        if email and e:
            eff.append(("send_email", "lead@acme.test", "Escalations", MAIL))
        return Expected(eff, outputs(ids, c, e))

    return reference


IDLE_HELD = [
    HeldOut("web: one each", {"queue": "web"}),
    HeldOut("api: all escalated", {"queue": "api"}),
    HeldOut("empty queue", {"queue": "mobile"}),
    HeldOut("adv: nothing escalated", {"queue": "closers"}),
    HeldOut("adv: reopened before", {"queue": "bounce"}),
]

IDLE = Case(
    task=Task(
        "Go through the queue's idle tickets: close those waiting on the customer and escalate "
        "those waiting on us. Never close a ticket that was already closed once and came back: "
        "escalate it. If you escalated any, email the lead (lead@acme.test, subject "
        "'Escalations') to take a look. Report how many tickets you closed and escalated.",
        name="r24_idle_tickets",
        inputs={"queue": str},
        outputs={"closed": int, "escalated": int},
        actions=[list_idle_tickets, get_ticket_info, close, escalate, send_email],
    ),
    features=("two-sided; hidden numeric reopen_count; email after the loop only if any",),
    recorded={"queue": "billing"},
    answers=idle_script({"closed": 2, "escalated": 2}),
    reference=idle_reference(lambda ids, c, e: {"closed": c, "escalated": e}),
    held_out=IDLE_HELD,
)

IDLE_TOTAL = Case(
    task=Task(
        "Go through the queue's idle tickets: close those waiting on the customer and escalate "
        "those waiting on us. Report how many tickets you closed, how many were escalated, and "
        "how many idle tickets you went through.",
        name="r24_idle_counts",
        inputs={"queue": str},
        outputs={"closed": int, "escalated": int, "idle_tickets": int},
        actions=[list_idle_tickets, get_ticket_info, close, escalate],
    ),
    features=("two-sided; 'idle_tickets' = list length",),
    recorded={"queue": "billing"},
    answers=idle_script({"closed": 2, "escalated": 2, "idle_tickets": 4}, email=False),
    reference=lambda inputs: Expected(
        [
            ("close" if TICKETS2[t]["waiting_on"] == "customer" else "escalate", t)
            for t in QUEUES2[inputs["queue"]]
        ],
        {
            "closed": sum(
                TICKETS2[t]["waiting_on"] == "customer" for t in QUEUES2[inputs["queue"]]
            ),
            "escalated": sum(TICKETS2[t]["waiting_on"] == "us" for t in QUEUES2[inputs["queue"]]),
            "idle_tickets": len(QUEUES2[inputs["queue"]]),
        },
    ),
    held_out=[h for h in IDLE_HELD if h.label != "adv: reopened before"],
)

CASES += [RESTOCK, IDLE, IDLE_TOTAL]


# ======================================== 9. leave with a yearly allowance the agent kept in mind


class LeaveReq(BaseModel):
    id: str
    employee: dict[str, Any]  # name, department, allowance_left (days), days_used
    kind: str
    days: int
    start: str


LEAVE2: dict[str, dict[str, Any]] = {
    "L-1": {"days": 3, "left": 18, "used": 7},
    "L-2": {"days": 8, "left": 20, "used": 5},
    "L-3": {"days": 2, "left": 12, "used": 13},
    "L-4": {"days": 10, "left": 15, "used": 10},
    "L-11": {"days": 1, "left": 9, "used": 16},
    "L-12": {"days": 5, "left": 14, "used": 11},
    "L-13": {"days": 6, "left": 25, "used": 0},
    "L-41": {"days": 4, "left": 2, "used": 23},  # not enough allowance left
    "L-42": {"days": 3, "left": 10, "used": 24},  # would go over 25 days used
}
TEAMS2: dict[str, list[str]] = {
    "ops": ["L-1", "L-2", "L-3", "L-4"],
    "ops2": ["L-11", "L-12", "L-13"],
    "ops3": ["L-13", "L-12"],
    "empty": [],
    "short": ["L-41", "L-1"],
    "used": ["L-42", "L-2"],
}


@action(read_only=True)
def list_leave(team: str) -> list[str]:
    """The ids of the team's pending leave requests."""
    return list(TEAMS2[team])


@action(read_only=True)
def get_leave(request_id: str) -> LeaveReq:
    """One leave request: the employee (name, department, allowance_left: days of yearly
    allowance left, days_used: days taken this year), kind, working days, start date."""
    r = LEAVE2[request_id]
    return LeaveReq(
        id=request_id,
        employee={
            "name": f"E {request_id}",
            "department": "Operations",
            "allowance_left": r["left"],
            "days_used": r["used"],
        },
        kind="annual",
        days=r["days"],
        start="2026-05-04",
    )


def allowance_script(finish: dict[str, Any]) -> list[AIResponse]:
    s = Script()
    s.call("I list the pending requests.", "list_leave", team=ref("team"))
    for n, rid in enumerate(TEAMS2["ops"], start=1):
        s.call("Next request.", "get_leave", request_id=ref(f"list_leave_1.{n - 1}"))
        s.compute("5 days or fewer?", f"get_leave_{n}.days <= 5")
        if LEAVE2[rid]["days"] <= 5:
            s.call(
                "Short, and within the allowance: approve.",
                "approve_leave",
                request_id=ref(f"get_leave_{n}.id"),
            )
        else:
            s.call(
                "Too long: sign-off needed.",
                "request_document",
                request_id=ref(f"get_leave_{n}.id"),
                document="manager sign-off",
            )
    s.call("Done.", "finish", **finish)
    return s.out


def allowance_reference(ok: Any) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        eff: list[tuple[Any, ...]] = []
        a = 0
        for rid in TEAMS2[inputs["team"]]:
            r = LEAVE2[rid]
            if r["days"] <= 5 and ok(r):
                eff.append(("approve_leave", rid))
                a += 1
            else:
                eff.append(("request_document", rid, "manager sign-off"))
        return Expected(eff, {"approved": a, "sign_offs": len(eff) - a})

    return reference


ALLOW_HELD = [
    HeldOut("new ops requests", {"team": "ops2"}),
    HeldOut("two, reordered", {"team": "ops3"}),
    HeldOut("no requests", {"team": "empty"}),
    HeldOut("adv: allowance too small", {"team": "short"}),
    HeldOut("adv: would pass 25 days", {"team": "used"}),
]

ALLOWANCE_LEFT = Case(
    task=Task(
        "Go through the team's pending leave requests. Approve a request of 5 working days or "
        "fewer if the employee has enough allowance left for it; otherwise, and for every "
        "longer request, ask for their manager's sign-off (document 'manager sign-off'). Report "
        "how many you approved and how many sign-offs you asked for.",
        name="r24_leave_allowance_left",
        inputs={"team": str},
        outputs={"approved": int, "sign_offs": int},
        actions=[list_leave, get_leave, approve_leave, request_document],
    ),
    features=("two-sided; hidden field-vs-field check (days <= allowance_left)",),
    recorded={"team": "ops"},
    answers=allowance_script({"approved": 2, "sign_offs": 2}),
    reference=allowance_reference(lambda r: r["days"] <= r["left"]),
    held_out=ALLOW_HELD,
)

ALLOWANCE_25 = Case(
    task=Task(
        "Go through the team's pending leave requests. Approve a request of 5 working days or "
        "fewer as long as the employee's days used this year stay within 25 with it; otherwise, "
        "and for every longer request, ask for their manager's sign-off (document 'manager "
        "sign-off'). Report how many you approved and how many sign-offs you asked for.",
        name="r24_leave_allowance_25",
        inputs={"team": str},
        outputs={"approved": int, "sign_offs": int},
        actions=[list_leave, get_leave, approve_leave, request_document],
    ),
    features=("two-sided; hidden sum bound (days_used + days <= 25)",),
    recorded={"team": "ops"},
    answers=allowance_script({"approved": 2, "sign_offs": 2}),
    reference=allowance_reference(lambda r: r["used"] + r["days"] <= 25),
    held_out=ALLOW_HELD,
)

IDLE_NOMAIL = Case(
    task=Task(
        "Go through the queue's idle tickets: close those waiting on the customer and escalate "
        "those waiting on us. Never close a ticket that was already closed once and came back: "
        "escalate it. Report how many tickets you closed and escalated.",
        name="r24_idle_reopened",
        inputs={"queue": str},
        outputs={"closed": int, "escalated": int},
        actions=[list_idle_tickets, get_ticket_info, close, escalate],
    ),
    features=("two-sided; hidden numeric reopen_count (0 alike)",),
    recorded={"queue": "billing"},
    answers=idle_script({"closed": 2, "escalated": 2}, email=False),
    reference=idle_reference(lambda ids, c, e: {"closed": c, "escalated": e}, email=False),
    held_out=IDLE_HELD,
)

CASES += [ALLOWANCE_LEFT, ALLOWANCE_25, IDLE_NOMAIL]
