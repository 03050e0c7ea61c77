"""Red-team round 7's API findings, each a silent wrong the compiler made before it was fixed.

Numbers the model wrote inside texts: a counter's old and new value typed into a log line
(``'visits: 7 -> 8'``), a ticket number into a message (``'Ticket #42 opened: ...'``), an
amount into a message or a returned note (``'Refunded 12.50 EUR for order R-7.'``,
``'... EUR 1,250.00 ...'``). The recipe replayed the recorded numbers to every other counter,
ticket and order; now what was read, and the result that held it, is kept under a guard.

Filters over values of kinds or spellings the recording never saw: a ``None`` or ``"false"``
for a bool, ``"0"`` or ``None`` for a number, ``"1"`` or ``True`` for a severity of 1, a
status ``"Open "`` or ``"OPEN"`` beside the recorded ``"open"``, a customer name in other
case or Unicode form. The inferred rule skipped or took such items silently; now
``fields_as_recorded`` checks every item before the rule picks, and the replay stops.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say


def calls(why: str, *made: tuple[str, dict[str, Any]]) -> AIResponse:
    """One turn of the scripted agent that makes several tool calls at once."""
    return AIResponse(content=why, tool_calls=[ToolCall(name, args) for name, args in made])


# --------------------------------------------------------------------------- a counter's log line

COUNTERS: dict[str, int] = {
    "visits": 7,
    "orders": 0,
    "errors": 41,
    "tickets": 8,
    "sales": 41,
    "leads": 99,
    "calls": 5,
}


@action(read_only=True)
def read_counter(name: str) -> int:
    """The current value of a counter."""
    return COUNTERS[name]


@action
def write_counter(name: str, value: int) -> str:
    """Set a counter to a value."""
    effect("write_counter", name, value)
    return "ok"


@action
def log_event(message: str) -> str:
    """Write a line to the audit log."""
    effect("log_event", message)
    return "ok"


def _counter_task(name: str) -> Task[Any]:
    return Task(
        "Add `step` to the counter: read it, write back its value plus step, and log "
        "'<name>: <old> -> <new>'. Return the new value.",
        name=name,
        inputs={"name": str, "step": int},
        outputs={"value": int},
        actions=[read_counter, write_counter, log_event],
    )


def _bumped(i: dict[str, Any]) -> Expected:
    old = COUNTERS[i["name"]]
    new = old + i["step"]
    return Expected(
        [("write_counter", i["name"], new), ("log_event", f"{i['name']}: {old} -> {new}")],
        {"value": new},
    )


def _bump(log_line: str) -> list[AIResponse]:
    """The recorded run: read, add in ``compute``, write back, then type the log line."""
    return [
        say("I read the counter.", "read_counter", name=ref("name")),
        say("I add the step.", "compute", expression="read_counter_1 + step"),
        say("I write it back.", "write_counter", name=ref("name"), value=ref("compute_1")),
        say("I log the change.", "log_event", message=log_line),
        say("Done.", "finish", value=ref("compute_1")),
    ]


COUNTER_BUMP = Case(
    task=_counter_task("counter_bump"),
    features=("read-modify-write", "numbers typed into a log line"),
    recorded={"name": "visits", "step": 1},
    answers=_bump("visits: 7 -> 8"),
    reference=_bumped,
    held_out=[
        HeldOut("other counter", {"name": "errors", "step": 1}),
        HeldOut("step 2", {"name": "visits", "step": 2}),
        HeldOut("zero counter", {"name": "orders", "step": 7}),
        HeldOut("8 -> 9", {"name": "tickets", "step": 1}),
    ],
)
"""The log line said 'visits: 7 -> 8' for every counter and step."""

COUNTER_BUMP2 = Case(
    task=_counter_task("counter_bump2"),
    features=("read-modify-write", "two-digit numbers typed into a log line"),
    recorded={"name": "sales", "step": 1},
    answers=_bump("sales: 41 -> 42"),
    reference=_bumped,
    held_out=[
        HeldOut("99 -> 100", {"name": "leads", "step": 1}),
        HeldOut("step 3", {"name": "sales", "step": 3}),
        HeldOut("5 -> 6", {"name": "calls", "step": 1}),
    ],
)
"""The same with a two-digit counter: 'sales: 41 -> 42' logged for 'leads' and 'calls'."""

# --------------------------------------------------------------------------- a ticket number

TICKET_BASE: dict[str, int] = {"ed": 41, "fy": 87, "bo": 2207, "cy": 3}


@action
def open_ticket(customer: str, subject: str) -> int:
    """Open a support ticket for a customer; returns the ticket number."""
    effect("open_ticket", customer, subject)
    return TICKET_BASE[customer] + 1


@action
def send_message(customer: str, text: str) -> str:
    """Send a customer a message."""
    effect("send_message", customer, text)
    return "sent"


def _ticket(i: dict[str, Any]) -> Expected:
    number = TICKET_BASE[i["customer"]] + 1
    return Expected(
        [
            ("open_ticket", i["customer"], i["subject"]),
            ("send_message", i["customer"], f"Ticket #{number} opened: {i['subject']}"),
        ],
        {"ticket": number},
    )


TICKET_SMALL = Case(
    task=Task(
        "Open a ticket for the customer with the given subject, then message them "
        "'Ticket #<number> opened: <subject>'. Return the ticket number.",
        name="ticket_small",
        inputs={"customer": str, "subject": str},
        outputs={"ticket": int},
        actions=[open_ticket, send_message],
    ),
    features=("chain", "a short result number typed into a message"),
    recorded={"customer": "ed", "subject": "Broken lamp"},
    answers=[
        say("I open the ticket.", "open_ticket", customer=ref("customer"), subject=ref("subject")),
        say(
            "Ticket 42 is open; I tell the customer.",
            "send_message",
            customer=ref("customer"),
            text="Ticket #42 opened: Broken lamp",
        ),
        say("Done.", "finish", ticket=ref("open_ticket_1")),
    ],
    reference=_ticket,
    held_out=[
        HeldOut("ticket 88", {"customer": "fy", "subject": "Late parcel"}),
        HeldOut("ticket 2208", {"customer": "bo", "subject": "Broken lamp"}),
        HeldOut("ticket 4", {"customer": "cy", "subject": "Broken lamp"}),
    ],
)
"""Every customer was told 'Ticket #42 opened'."""

# --------------------------------------------------------------------------- an amount in a text

ORD: dict[str, float] = {
    "R-7": 12.5,
    "R-8": 30.0,
    "R-9": 7.25,
    "R-10": 100.0,
    "R-11": 12.5,
    "R-12": 1250.0,
    "R-20": 210.0,
    "R-21": 1250.0,
    "R-22": 99.0,
    "R-23": 210.0,
}


class Ord(BaseModel):
    id: str
    customer: str
    total: float


@action(read_only=True)
def get_order(order_id: str) -> Ord:
    """An order with its customer and total in EUR."""
    return Ord(id=order_id, customer=f"cust-{order_id[2:]}", total=ORD[order_id])


@action
def refund(order_id: str, amount: float) -> str:
    """Refund an amount of an order."""
    effect("refund", order_id, amount)
    return f"rf-{order_id}"


def _look_up_and_refund() -> list[AIResponse]:
    return [
        say("I look up the order.", "get_order", order_id=ref("order_id")),
        say(
            "I refund its total.",
            "refund",
            order_id=ref("get_order_1.id"),
            amount=ref("get_order_1.total"),
        ),
    ]


def _told(i: dict[str, Any]) -> Expected:
    o, total = i["order_id"], ORD[i["order_id"]]
    text = f"Refunded {total:.2f} EUR for order {o}."
    return Expected(
        [("refund", o, total), ("send_message", f"cust-{o[2:]}", text)], {"refund": f"rf-{o}"}
    )


REFUND_AND_TELL = Case(
    task=Task(
        "Refund the order's total and message its customer 'Refunded <total with 2 decimals> EUR "
        "for order <id>.'. Return the refund id.",
        name="refund_and_tell",
        inputs={"order_id": str},
        outputs={"refund": str},
        actions=[get_order, refund, send_message],
    ),
    features=("chain", "an amount typed into a message"),
    recorded={"order_id": "R-7"},
    answers=[
        *_look_up_and_refund(),
        say(
            "I tell the customer.",
            "send_message",
            customer=ref("get_order_1.customer"),
            text="Refunded 12.50 EUR for order R-7.",
        ),
        say("Done.", "finish", refund=ref("refund_1")),
    ],
    reference=_told,
    held_out=[
        HeldOut("30.00", {"order_id": "R-8"}),
        HeldOut("7.25", {"order_id": "R-9"}),
        HeldOut("100.00", {"order_id": "R-10"}),
        HeldOut("same amount", {"order_id": "R-11"}),
        HeldOut("1250.00", {"order_id": "R-12"}),
    ],
)
"""Every customer was told 'Refunded 12.50 EUR' (the id was found, the amount was not)."""


def _noted(i: dict[str, Any]) -> Expected:
    o, total = i["order_id"], ORD[i["order_id"]]
    return Expected([("refund", o, total)], {"note": f"Refunded {total:.0f} EUR for {o}"})


REFUND_NOTE = Case(
    task=Task(
        "Refund the order's total. Return a note 'Refunded <total> EUR for <id>'.",
        name="refund_note",
        inputs={"order_id": str},
        outputs={"note": str},
        actions=[get_order, refund],
    ),
    features=("chain", "an amount typed into a returned text"),
    recorded={"order_id": "R-20"},
    answers=[
        *_look_up_and_refund(),
        say("Refunded 210 EUR.", "finish", note="Refunded 210 EUR for R-20"),
    ],
    reference=_noted,
    held_out=[
        HeldOut("1250", {"order_id": "R-21"}),
        HeldOut("99", {"order_id": "R-22"}),
        HeldOut("same total", {"order_id": "R-23"}),
    ],
)
"""The note returned 'Refunded 210 EUR' for every order (all held-out totals are whole)."""


def _receipt(i: dict[str, Any]) -> Expected:
    o, total = i["order_id"], ORD[i["order_id"]]
    text = f"Your refund rf-{o} of EUR {total:,.2f} is on its way."
    return Expected(
        [("refund", o, total), ("send_message", f"cust-{o[2:]}", text)], {"refund": f"rf-{o}"}
    )


REFUND_RECEIPT_MSG = Case(
    task=Task(
        "Refund the order's total and message its customer 'Your refund <refund id> of EUR "
        "<total, 2 decimals, thousands comma> is on its way.'. Return the refund id.",
        name="refund_receipt_msg",
        inputs={"order_id": str},
        outputs={"refund": str},
        actions=[get_order, refund, send_message],
    ),
    features=("chain", "a result id and an amount with a thousands comma typed into a text"),
    recorded={"order_id": "R-21"},
    answers=[
        *_look_up_and_refund(),
        say(
            "I tell the customer.",
            "send_message",
            customer=ref("get_order_1.customer"),
            text="Your refund rf-R-21 of EUR 1,250.00 is on its way.",
        ),
        say("Done.", "finish", refund=ref("refund_1")),
    ],
    reference=_receipt,
    held_out=[
        HeldOut("210", {"order_id": "R-20"}),
        HeldOut("12.5", {"order_id": "R-7"}),
        HeldOut("99", {"order_id": "R-22"}),
    ],
)
"""'EUR 1,250.00' was sent with every other order's refund id."""

# --------------------------------------------------------------------------- JSON rows, odd kinds

STOCK: dict[str, list[dict[str, Any]]] = {
    "w1": [
        {"sku": "S-1", "qty": 0, "discontinued": False},
        {"sku": "S-2", "qty": 14, "discontinued": False},
        {"sku": "S-3", "qty": 0, "discontinued": True},
        {"sku": "S-4", "qty": 0, "discontinued": False},
        {"sku": "S-5", "qty": 3, "discontinued": False},
    ],
    "oversold": [
        {"sku": "S-11", "qty": -2, "discontinued": False},
        {"sku": "S-12", "qty": 5, "discontinued": False},
        {"sku": "S-13", "qty": 0, "discontinued": False},
    ],
    "float": [
        {"sku": "S-21", "qty": 0.0, "discontinued": False},
        {"sku": "S-22", "qty": 2.5, "discontinued": False},
    ],
    "str_qty": [
        {"sku": "S-31", "qty": "0", "discontinued": False},
        {"sku": "S-32", "qty": "7", "discontinued": False},
    ],
    "none_disc": [
        {"sku": "S-41", "qty": 0, "discontinued": None},
        {"sku": "S-42", "qty": 0, "discontinued": False},
        {"sku": "S-43", "qty": 9, "discontinued": False},
    ],
    "str_bool": [
        {"sku": "S-51", "qty": 0, "discontinued": "true"},
        {"sku": "S-52", "qty": 0, "discontinued": "false"},
    ],
    "none_qty": [
        {"sku": "S-61", "qty": None, "discontinued": False},
        {"sku": "S-62", "qty": 0, "discontinued": False},
    ],
}


@action(read_only=True)
def get_stock(warehouse: str) -> list[dict[str, Any]]:
    """The stock levels of a warehouse as JSON rows: sku, qty (units on hand), discontinued."""
    return [dict(r) for r in STOCK[warehouse]]


@action
def reorder(sku: str, units: int) -> str:
    """Place a purchase order for `units` units of a product."""
    effect("reorder", sku, units)
    return f"PO-{sku}"


def _sold_out(row: dict[str, Any]) -> bool:
    """Out of stock and still sold, read the way a person reads the row (``"0"`` is 0,
    ``"false"`` is false); a row with ``None`` in either field is left alone."""
    qty, gone = row["qty"], row["discontinued"]
    if qty is None or gone is None:
        return False
    still_sold = gone.strip().lower() != "true" if isinstance(gone, str) else not gone
    return float(qty) <= 0 and still_sold


def _restocked(i: dict[str, Any]) -> Expected:
    skus = [r["sku"] for r in STOCK[i["warehouse"]] if _sold_out(r)]
    return Expected([("reorder", s, 10) for s in skus], {"reordered": skus})


RESTOCK = Case(
    task=Task(
        "Reorder 10 units of every product of the warehouse that is out of stock, unless it is "
        "discontinued. Return the skus you reordered.",
        name="restock",
        inputs={"warehouse": str},
        outputs={"reordered": list[str]},
        actions=[get_stock, reorder],
    ),
    features=("filter over dict rows", "fields of kinds the recording never saw"),
    recorded={"warehouse": "w1"},
    answers=[
        say("I read the warehouse's stock.", "get_stock", warehouse=ref("warehouse")),
        calls(
            "S-1 and S-4 are out of stock and still sold (S-3 is discontinued); I reorder 10 "
            "of each.",
            ("reorder", {"sku": ref("get_stock_1.0.sku"), "units": 10}),
            ("reorder", {"sku": ref("get_stock_1.3.sku"), "units": 10}),
        ),
        say("Done.", "finish", reordered=[ref("get_stock_1.0.sku"), ref("get_stock_1.3.sku")]),
    ],
    reference=_restocked,
    held_out=[
        HeldOut(k, {"warehouse": k})
        for k in ["oversold", "float", "str_qty", "none_disc", "str_bool", "none_qty"]
    ],
)
"""A ``None`` discontinued passed ``not discontinued``, ``"false"`` failed it."""

ALERTS: dict[str, list[dict[str, Any]]] = {
    "a": [
        {"id": "AL-1", "severity": 1},
        {"id": "AL-2", "severity": 3},
        {"id": "AL-3", "severity": 1},
        {"id": "AL-4", "severity": 2},
    ],
    "strs": [
        {"id": "AL-11", "severity": "1"},
        {"id": "AL-12", "severity": 1},
        {"id": "AL-13", "severity": "3"},
    ],
    "floats": [{"id": "AL-21", "severity": 1.0}, {"id": "AL-22", "severity": 2.0}],
    "bools": [{"id": "AL-31", "severity": True}, {"id": "AL-32", "severity": 2}],
    "missing": [{"id": "AL-41"}, {"id": "AL-42", "severity": 1}],
}


@action(read_only=True)
def list_alerts(cluster: str) -> list[dict[str, Any]]:
    """The cluster's firing alerts as JSON objects from the monitoring API."""
    return [dict(a) for a in ALERTS[cluster]]


@action
def page_oncall(alert_id: str) -> str:
    """Page the on-call engineer about an alert."""
    effect("page_oncall", alert_id)
    return "paged"


def _sev1(alert: dict[str, Any]) -> bool | None:
    """Whether the alert has severity 1; ``None`` when its severity is no number at all."""
    v = alert.get("severity")
    if isinstance(v, bool) or v is None:
        return None
    return float(v) == 1


def _paged(i: dict[str, Any]) -> Expected:
    rows = ALERTS[i["cluster"]]
    if any(_sev1(a) is None for a in rows):
        return Expected([], {"paged": []})  # a severity no one can read: only a stop is right
    ids = [a["id"] for a in rows if _sev1(a)]
    return Expected([("page_oncall", x) for x in ids], {"paged": ids})


PAGE_SEV1 = Case(
    task=Task(
        "Page the on-call engineer for every alert of the cluster with severity 1. Return the "
        "alert ids.",
        name="page_sev1",
        inputs={"cluster": str},
        outputs={"paged": list[str]},
        actions=[list_alerts, page_oncall],
    ),
    features=("filter over dict rows", "a number as text, a bool, a missing key"),
    recorded={"cluster": "a"},
    answers=[
        say("I list the cluster's alerts.", "list_alerts", cluster=ref("cluster")),
        calls(
            "AL-1 and AL-3 have severity 1; I page for them.",
            ("page_oncall", {"alert_id": ref("list_alerts_1.0.id")}),
            ("page_oncall", {"alert_id": ref("list_alerts_1.2.id")}),
        ),
        say("Done.", "finish", paged=[ref("list_alerts_1.0.id"), ref("list_alerts_1.2.id")]),
    ],
    reference=_paged,
    held_out=[HeldOut(k, {"cluster": k}) for k in ["strs", "floats", "bools", "missing"]],
)
"""``severity == 1`` skipped ``"1"`` and took ``True``."""

# --------------------------------------------------------------------------- texts near a rule's

TICKETS: dict[str, list[tuple[str, str, str]]] = {
    "t1": [
        ("T-1", "open", "high"),
        ("T-2", "closed", "high"),
        ("T-3", "open", "low"),
        ("T-4", "open", "high"),
        ("T-5", "pending", "high"),
    ],
    "caps": [("T-11", "Open", "High"), ("T-12", "open", "high"), ("T-13", "closed", "high")],
    "space": [("T-21", "open ", "high"), ("T-22", "open", "high")],
    "upper": [("T-31", "OPEN", "HIGH"), ("T-32", "CLOSED", "HIGH")],
    "newval": [("T-41", "reopened", "high"), ("T-42", "open", "urgent"), ("T-43", "open", "high")],
}


class Ticket(BaseModel):
    id: str
    status: str
    priority: str


@action(read_only=True)
def list_tickets(queue: str) -> list[Ticket]:
    """The tickets of a support queue (status and priority as the help desk stores them)."""
    return [Ticket(id=i, status=s, priority=p) for i, s, p in TICKETS[queue]]


@action
def escalate(ticket_id: str) -> str:
    """Escalate a ticket to the on-call engineer."""
    effect("escalate", ticket_id)
    return "escalated"


def _is(text: str, word: str) -> bool:
    return text.strip().lower() == word


def _escalated(i: dict[str, Any], *, high: bool) -> Expected:
    ids = [
        t
        for t, status, priority in TICKETS[i["queue"]]
        if _is(status, "open") and (not high or _is(priority, "high"))
    ]
    return Expected([("escalate", t) for t in ids], {"escalated": len(ids)})


QUEUES = ["caps", "space", "upper", "newval"]

ESCALATE_OPEN = Case(
    task=Task(
        "Escalate every open ticket of the queue. Report how many you escalated.",
        name="escalate_open",
        inputs={"queue": str},
        outputs={"escalated": int},
        actions=[list_tickets, escalate],
    ),
    features=("filter on a text", "the same word in other case or with a space"),
    recorded={"queue": "t1"},
    answers=[
        say("I list the queue's tickets.", "list_tickets", queue=ref("queue")),
        calls(
            "T-1, T-3 and T-4 are open; I escalate them.",
            ("escalate", {"ticket_id": ref("list_tickets_1.0.id")}),
            ("escalate", {"ticket_id": ref("list_tickets_1.2.id")}),
            ("escalate", {"ticket_id": ref("list_tickets_1.3.id")}),
        ),
        say("Three escalated.", "finish", escalated=3),
    ],
    reference=lambda i: _escalated(i, high=False),
    held_out=[HeldOut(k, {"queue": k}) for k in QUEUES],
)
"""``status == 'open'`` skipped 'Open', 'open ' and 'OPEN'."""

ESCALATE_OPEN_HIGH = Case(
    task=Task(
        "Escalate every open high-priority ticket of the queue. Report how many you escalated.",
        name="escalate_open_high",
        inputs={"queue": str},
        outputs={"escalated": int},
        actions=[list_tickets, escalate],
    ),
    features=("filter on two texts",),
    recorded={"queue": "t1"},
    answers=[
        say("I list the queue's tickets.", "list_tickets", queue=ref("queue")),
        calls(
            "T-1 and T-4 are open and high priority; I escalate them.",
            ("escalate", {"ticket_id": ref("list_tickets_1.0.id")}),
            ("escalate", {"ticket_id": ref("list_tickets_1.3.id")}),
        ),
        say("Two escalated.", "finish", escalated=2),
    ],
    reference=lambda i: _escalated(i, high=True),
    held_out=[HeldOut(k, {"queue": k}) for k in QUEUES],
)
"""The rule joining two texts crashed the compiler's unseen-values check."""

SUPPORT_CASES: list[tuple[str, str, bool]] = [
    ("C-1", "Acme", True),
    ("C-2", "Globex", True),
    ("C-3", "Acme", False),
    ("C-4", "Acme", True),
    ("C-5", "Initech", True),
    ("C-6", "Müller GmbH", True),
    ("C-7", "Mu\u0308ller GmbH", True),
]


class SupportCase(BaseModel):
    id: str
    customer: str
    open: bool


@action(read_only=True)
def list_cases() -> list[SupportCase]:
    """Every support case of every customer."""
    return [SupportCase(id=i, customer=c, open=o) for i, c, o in SUPPORT_CASES]


@action
def notify(case_id: str) -> str:
    """Email the customer of a case a status update."""
    effect("notify", case_id)
    return "sent"


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def _notified(i: dict[str, Any]) -> Expected:
    ids = [c for c, who, is_open in SUPPORT_CASES if is_open and _norm(who) == _norm(i["customer"])]
    return Expected([("notify", c) for c in ids], {"notified": ids})


NOTIFY_CUSTOMER_CASES = Case(
    task=Task(
        "Send a status update for each open support case of the customer. Return the case ids.",
        name="notify_customer_cases",
        inputs={"customer": str},
        outputs={"notified": list[str]},
        actions=[list_cases, notify],
    ),
    features=("filter on an input", "the input in other case, spacing or Unicode form"),
    recorded={"customer": "Acme"},
    answers=[
        say("I list all support cases.", "list_cases"),
        calls(
            "C-1 and C-4 are Acme's open cases; I notify them.",
            ("notify", {"case_id": ref("list_cases_1.0.id")}),
            ("notify", {"case_id": ref("list_cases_1.3.id")}),
        ),
        say("Done.", "finish", notified=[ref("list_cases_1.0.id"), ref("list_cases_1.3.id")]),
    ],
    reference=_notified,
    held_out=[
        HeldOut("upper", {"customer": "ACME"}),
        HeldOut("trailing space", {"customer": "Acme "}),
        HeldOut("globex", {"customer": "Globex"}),
        HeldOut("NFC umlaut", {"customer": "Müller GmbH"}),
    ],
)
"""``customer == input`` found no case for 'ACME' or 'Acme ', one of the two Müller GmbH's."""

CASES = [
    COUNTER_BUMP,
    COUNTER_BUMP2,
    TICKET_SMALL,
    REFUND_AND_TELL,
    REFUND_NOTE,
    REFUND_RECEIPT_MSG,
    RESTOCK,
    PAGE_SEV1,
    ESCALATE_OPEN,
    NOTIFY_CUSTOMER_CASES,
    ESCALATE_OPEN_HIGH,
]

NEW_PATHS: dict[str, set[str]] = {
    "page_sev1": {"bools", "missing"},
}
"""Inputs no replay can do right: a severity that is no number (``True``, a missing key) is
read by no rule, so only a stop before any page is right."""
