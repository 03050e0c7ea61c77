"""Read, decide, act on both sides per item: the agent lists ids, looks each item up, decides on
it in a ``compute`` and acts on every item, one way or the other as the decision came out
(refund it, or send a voucher; freight, or parcel post), some working a value out per item (20%
of the total), then finishes with the counts it typed.

Each task is recorded once on 3-4 items with both sides of the decision seen, the way an agent
given the system prompt works: one tool call a turn, the item's id passed by ``$ref``, the
decision a ``compute`` over the lookup (and an input), the counts typed in ``finish``. The recipe
rolls the repetitions into one loop with an ``if … else`` over the decision
(``compiler/passes/_decided.py``), so every held-out input (other counts, an empty list, every
item on one side, reordered) is on a recorded path and replays right with no model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from .decisions import ORDERS, get_order, refund_order


def both_sides(
    listing: AIResponse,
    count: int,
    look: Callable[[int], AIResponse],
    decide: Callable[[int], str],
    sides: list[bool],
    act: Callable[[int], AIResponse],
    other: Callable[[int], AIResponse],
    finish: AIResponse,
) -> list[AIResponse]:
    """A recorded transcript: the listing, then for item ``n`` (from 1) its lookup, its decision
    (``decide``'s ``compute`` expression) and ``act(n)`` where ``sides[n - 1]``, else
    ``other(n)``; then finish."""
    assert len(sides) == count
    out = [listing]
    for n, side in enumerate(sides, start=1):
        out.append(look(n))
        out.append(say("I check the rule for it.", "compute", expression=decide(n)))
        out.append(act(n) if side else other(n))
    out.append(finish)
    return out


# --------------------------------------------------------------------------- refund or voucher

CLAIMS: dict[str, list[str]] = {
    "ada": ["O-11", "O-12", "O-13", "O-14"],
    "bo": ["O-21", "O-22", "O-23", "O-24", "O-25"],
    "cy": [],
    "di": ["O-31", "O-32"],
    "ed": ["O-41", "O-42"],
    "flo": ["O-14", "O-13", "O-12", "O-11"],
}


@action(read_only=True)
def list_claimed_orders(customer: str) -> list[str]:
    """The ids of the customer's orders claimed as damaged, oldest first."""
    return list(CLAIMS[customer])


@action
def send_voucher(order_id: str) -> str:
    """Send the customer the standard apology voucher for an order; returns the voucher code."""
    effect("send_voucher", order_id)
    return f"v-{order_id}"


claims: Task[Any] = Task(
    "The customer's orders were claimed as damaged. Look each one up: refund it if its total is "
    "over 100 EUR, otherwise send the standard apology voucher for it. Report how many orders "
    "you refunded and how many vouchers you sent.",
    name="damage_claims",
    inputs={"customer": str},
    outputs={"refunded": int, "vouchers": int},
    actions=[list_claimed_orders, get_order, refund_order, send_voucher],
)


def claims_reference(inputs: dict[str, Any]) -> Expected:
    ids = CLAIMS[inputs["customer"]]
    effects = [("refund_order" if ORDERS[o] > 100 else "send_voucher", o) for o in ids]
    refunded = sum(1 for o in ids if ORDERS[o] > 100)
    return Expected(effects, {"refunded": refunded, "vouchers": len(ids) - refunded})


CLAIMS_CASE = Case(
    task=claims,
    features=("decided per item, both sides act", "$ref to the lookup's field", "counts typed"),
    recorded={"customer": "ada"},
    answers=both_sides(
        say("I list the claimed orders.", "list_claimed_orders", customer=ref("customer")),
        4,
        lambda n: say(
            "I look the next order up.",
            "get_order",
            order_id=ref(f"list_claimed_orders_1.{n - 1}"),
        ),
        lambda n: f"get_order_{n}.total > 100",
        [True, False, True, False],
        lambda n: say(
            "Its total is over 100; I refund it.", "refund_order", order_id=ref(f"get_order_{n}.id")
        ),
        lambda n: say(
            "Its total is 100 or less; I send a voucher.",
            "send_voucher",
            order_id=ref(f"get_order_{n}.id"),
        ),
        say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2),
    ),
    reference=claims_reference,
    held_out=[
        HeldOut("3 of 5 refunded", {"customer": "bo"}),
        HeldOut("no orders", {"customer": "cy"}),
        HeldOut("none over 100", {"customer": "di"}),
        HeldOut("all over 100", {"customer": "ed"}),
        HeldOut("reordered", {"customer": "flo"}),
    ],
)

# --------------------------------------------------------------------------- freight or parcel

PARCELS: dict[str, float] = {
    "S-1": 0.8,
    "S-2": 12.5,
    "S-3": 1.2,
    "S-4": 31.0,
    "S-5": 2.0,
    "S-6": 2.01,
    "S-7": 0.1,
    "S-8": 45.0,
}

BATCHES: dict[str, list[str]] = {
    "mon": ["S-1", "S-2", "S-3"],
    "tue": ["S-4", "S-5", "S-6", "S-7"],
    "wed": [],
    "thu": ["S-8", "S-2"],
    "fri": ["S-7", "S-1", "S-3", "S-5"],
    "sat": ["S-3", "S-2", "S-1"],
}


class Shipment(BaseModel):
    id: str
    weight_kg: float
    destination: str


@action(read_only=True)
def list_shipments(batch: str) -> list[str]:
    """The ids of the shipments packed in a batch."""
    return list(BATCHES[batch])


@action(read_only=True)
def get_shipment(shipment_id: str) -> Shipment:
    """One shipment: its weight in kg and its destination city."""
    return Shipment(id=shipment_id, weight_kg=PARCELS[shipment_id], destination="Lyon")


@action
def book_freight(shipment_id: str) -> str:
    """Book a freight pick-up for a shipment; returns the booking id."""
    effect("book_freight", shipment_id)
    return f"fr-{shipment_id}"


@action
def book_parcel(shipment_id: str, service: str) -> str:
    """Book parcel post for a shipment with a service level; returns the label id."""
    effect("book_parcel", shipment_id, service)
    return f"pp-{shipment_id}"


shipping: Task[Any] = Task(
    "Book transport for every shipment of the batch: a shipment over 2 kg goes by freight, a "
    "lighter one by standard parcel post. Report how many went each way.",
    name="book_transport",
    inputs={"batch": str},
    outputs={"freight": int, "parcel": int},
    actions=[list_shipments, get_shipment, book_freight, book_parcel],
)


def shipping_reference(inputs: dict[str, Any]) -> Expected:
    ids = BATCHES[inputs["batch"]]
    effects: list[tuple[Any, ...]] = [
        ("book_freight", s) if PARCELS[s] > 2 else ("book_parcel", s, "standard") for s in ids
    ]
    freight = sum(1 for s in ids if PARCELS[s] > 2)
    return Expected(effects, {"freight": freight, "parcel": len(ids) - freight})


SHIPPING = Case(
    task=shipping,
    features=("decided per item, both sides act", "a word passed on one side", "counts typed"),
    recorded={"batch": "mon"},
    answers=both_sides(
        say("I list the batch's shipments.", "list_shipments", batch=ref("batch")),
        3,
        lambda n: say(
            "I look the next shipment up.",
            "get_shipment",
            shipment_id=ref(f"list_shipments_1.{n - 1}"),
        ),
        lambda n: f"get_shipment_{n}.weight_kg > 2",
        [False, True, False],
        lambda n: say(
            "Over 2 kg: freight.", "book_freight", shipment_id=ref(f"get_shipment_{n}.id")
        ),
        lambda n: say(
            "Light: standard parcel post.",
            "book_parcel",
            shipment_id=ref(f"get_shipment_{n}.id"),
            service="standard",
        ),
        say("One by freight, two by parcel.", "finish", freight=1, parcel=2),
    ),
    reference=shipping_reference,
    held_out=[
        HeldOut("2 of 4 heavy, at the limit", {"batch": "tue"}),
        HeldOut("empty batch", {"batch": "wed"}),
        HeldOut("all heavy", {"batch": "thu"}),
        HeldOut("all light", {"batch": "fri"}),
        HeldOut("reordered", {"batch": "sat"}),
    ],
)

# --------------------------------------------------------------------------- approve or reject

EXPENSES: dict[str, float] = {
    "E-1": 40.0,
    "E-2": 260.0,
    "E-3": 95.0,
    "E-4": 150.0,
    "E-5": 151.0,
    "E-6": 10.0,
    "E-7": 999.0,
}

REPORTS: dict[str, list[str]] = {
    "r1": ["E-1", "E-2", "E-3"],
    "r2": ["E-4", "E-5", "E-6"],
    "r3": [],
    "r4": ["E-7"],
    "r5": ["E-6", "E-1", "E-3"],
}


class Expense(BaseModel):
    id: str
    amount: float
    category: str


@action(read_only=True)
def list_expenses(report: str) -> list[str]:
    """The ids of the expenses filed in a report."""
    return list(REPORTS[report])


@action(read_only=True)
def get_expense(expense_id: str) -> Expense:
    """One expense: its amount in EUR and its category."""
    return Expense(id=expense_id, amount=EXPENSES[expense_id], category="travel")


@action
def approve_expense(expense_id: str) -> str:
    """Approve an expense for reimbursement."""
    effect("approve_expense", expense_id)
    return "approved"


@action
def reject_expense(expense_id: str, reason: str) -> str:
    """Reject an expense with a reason the employee sees."""
    effect("reject_expense", expense_id, reason)
    return "rejected"


expenses: Task[Any] = Task(
    "Review every expense of the report: approve each one whose amount is within the given limit, "
    "reject the others as over the limit. Report how many you approved and rejected.",
    name="review_expenses",
    inputs={"report": str, "limit": float},
    outputs={"approved": int, "rejected": int},
    actions=[list_expenses, get_expense, approve_expense, reject_expense],
)


def expenses_reference(inputs: dict[str, Any]) -> Expected:
    ids = REPORTS[inputs["report"]]
    limit = inputs["limit"]
    effects: list[tuple[Any, ...]] = [
        (
            ("approve_expense", e)
            if EXPENSES[e] <= limit
            else ("reject_expense", e, "over the limit")
        )
        for e in ids
    ]
    approved = sum(1 for e in ids if EXPENSES[e] <= limit)
    return Expected(effects, {"approved": approved, "rejected": len(ids) - approved})


EXPENSES_CASE = Case(
    task=expenses,
    features=("decided per item, both sides act", "an input in the decision", "counts typed"),
    recorded={"report": "r1", "limit": 100.0},
    answers=both_sides(
        say("I list the report's expenses.", "list_expenses", report=ref("report")),
        3,
        lambda n: say(
            "I look the next expense up.",
            "get_expense",
            expense_id=ref(f"list_expenses_1.{n - 1}"),
        ),
        lambda n: f"get_expense_{n}.amount <= limit",
        [True, False, True],
        lambda n: say(
            "Within the limit: approved.", "approve_expense", expense_id=ref(f"get_expense_{n}.id")
        ),
        lambda n: say(
            "Over the limit: rejected.",
            "reject_expense",
            expense_id=ref(f"get_expense_{n}.id"),
            reason="over the limit",
        ),
        say("Two approved, one rejected.", "finish", approved=2, rejected=1),
    ),
    reference=expenses_reference,
    held_out=[
        HeldOut("another limit", {"report": "r2", "limit": 150.0}),
        HeldOut("empty report", {"report": "r3", "limit": 100.0}),
        HeldOut("one, rejected", {"report": "r4", "limit": 500.0}),
        HeldOut("all within", {"report": "r5", "limit": 100.0}),
        HeldOut("same report, higher limit", {"report": "r1", "limit": 300.0}),
    ],
)

# --------------------------------------------------------------------------- escalate or label

TICKETS: dict[str, str] = {
    "T-1": "bug",
    "T-2": "chore",
    "T-3": "feature",
    "T-4": "bug",
    "T-5": "bug",
    "T-6": "chore",
}

QUEUES: dict[str, list[str]] = {
    "support": ["T-1", "T-2", "T-3"],
    "ops": ["T-4", "T-5", "T-6"],
    "web": [],
    "mobile": ["T-3", "T-6"],
    "infra": ["T-5", "T-4"],
}


class Ticket(BaseModel):
    id: str
    kind: str
    title: str


@action(read_only=True)
def list_ticket_ids(queue: str) -> list[str]:
    """The ids of the queue's tickets that breached their response time."""
    return list(QUEUES[queue])


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """One ticket: its kind (bug, feature or chore) and title."""
    return Ticket(id=ticket_id, kind=TICKETS[ticket_id], title=f"Ticket {ticket_id}")


@action
def escalate_ticket(ticket_id: str) -> str:
    """Escalate a ticket to the on-call lead; returns the escalation id."""
    effect("escalate_ticket", ticket_id)
    return f"esc-{ticket_id}"


@action
def label_ticket(ticket_id: str, label: str) -> str:
    """Put a label on a ticket."""
    effect("label_ticket", ticket_id, label)
    return "ok"


triage: Task[Any] = Task(
    "These tickets of the queue breached their response time. Look each one up: escalate the "
    "bugs to the on-call lead, and label every other ticket 'backlog'. Report how many you "
    "escalated and how many you labelled.",
    name="breach_triage",
    inputs={"queue": str},
    outputs={"escalated": int, "labelled": int},
    actions=[list_ticket_ids, get_ticket, escalate_ticket, label_ticket],
)


def triage_reference(inputs: dict[str, Any]) -> Expected:
    ids = QUEUES[inputs["queue"]]
    effects: list[tuple[Any, ...]] = [
        ("escalate_ticket", t) if TICKETS[t] == "bug" else ("label_ticket", t, "backlog")
        for t in ids
    ]
    escalated = sum(1 for t in ids if TICKETS[t] == "bug")
    return Expected(effects, {"escalated": escalated, "labelled": len(ids) - escalated})


TRIAGE = Case(
    task=triage,
    features=("decided per item, both sides act", "a word in the decision", "counts typed"),
    recorded={"queue": "support"},
    answers=both_sides(
        say("I list the queue's breached tickets.", "list_ticket_ids", queue=ref("queue")),
        3,
        lambda n: say(
            "I look the next ticket up.",
            "get_ticket",
            ticket_id=ref(f"list_ticket_ids_1.{n - 1}"),
        ),
        lambda n: f"get_ticket_{n}.kind == 'bug'",
        [True, False, False],
        lambda n: say("A bug: escalate.", "escalate_ticket", ticket_id=ref(f"get_ticket_{n}.id")),
        lambda n: say(
            "Not a bug: backlog.",
            "label_ticket",
            ticket_id=ref(f"get_ticket_{n}.id"),
            label="backlog",
        ),
        say("One escalated, two labelled.", "finish", escalated=1, labelled=2),
    ),
    reference=triage_reference,
    held_out=[
        HeldOut("two bugs, one chore", {"queue": "ops"}),
        HeldOut("empty queue", {"queue": "web"}),
        HeldOut("no bugs", {"queue": "mobile"}),
        HeldOut("all bugs", {"queue": "infra"}),
    ],
)

# --------------------------------------------------------------------------- a share worked out


@action
def refund_part(order_id: str, amount: float) -> str:
    """Refund part of an order's total, in EUR; returns the refund id."""
    effect("refund_part", order_id, amount)
    return f"rp-{order_id}"


partial: Task[Any] = Task(
    "The customer's orders were claimed as damaged. Look each one up: if its total is over "
    "100 EUR, refund 20% of the total; otherwise send the standard apology voucher. Report how "
    "many orders you refunded part of.",
    name="partial_refunds",
    inputs={"customer": str},
    outputs={"refunded": int},
    actions=[list_claimed_orders, get_order, refund_part, send_voucher],
)


def partial_reference(inputs: dict[str, Any]) -> Expected:
    ids = CLAIMS[inputs["customer"]]
    effects: list[tuple[Any, ...]] = [
        ("refund_part", o, round(ORDERS[o] * 0.2, 2)) if ORDERS[o] > 100 else ("send_voucher", o)
        for o in ids
    ]
    return Expected(effects, {"refunded": sum(1 for o in ids if ORDERS[o] > 100)})


def _partial_answers() -> list[AIResponse]:
    """Each order's lookup and rule; over 100, the share worked out in a second ``compute``
    and passed by ``$ref`` (the computes are numbered in order: ``compute_2`` is the first
    share)."""
    out = [say("I list the claimed orders.", "list_claimed_orders", customer=ref("customer"))]
    computes = 0
    for n, order in enumerate(CLAIMS["ada"], start=1):
        out.append(
            say(
                "I look the next order up.",
                "get_order",
                order_id=ref(f"list_claimed_orders_1.{n - 1}"),
            )
        )
        computes += 1
        out.append(say("I check the rule.", "compute", expression=f"get_order_{n}.total > 100"))
        if ORDERS[order] > 100:
            computes += 1
            out.append(
                say(
                    "20% of its total.",
                    "compute",
                    expression=f"round(get_order_{n}.total * 0.2, 2)",
                )
            )
            out.append(
                say(
                    "I refund that part.",
                    "refund_part",
                    order_id=ref(f"get_order_{n}.id"),
                    amount=ref(f"compute_{computes}"),
                )
            )
        else:
            out.append(say("A voucher for it.", "send_voucher", order_id=ref(f"get_order_{n}.id")))
    out.append(say("Two orders partly refunded.", "finish", refunded=2))
    return out


PARTIAL = Case(
    task=partial,
    features=("decided per item, both sides act", "a value worked out per item", "count typed"),
    recorded={"customer": "ada"},
    answers=_partial_answers(),
    reference=partial_reference,
    held_out=[
        HeldOut("3 of 5 refunded", {"customer": "bo"}),
        HeldOut("no orders", {"customer": "cy"}),
        HeldOut("none over 100", {"customer": "di"}),
        HeldOut("all over 100", {"customer": "ed"}),
        HeldOut("reordered", {"customer": "flo"}),
    ],
)

CASES = [CLAIMS_CASE, SHIPPING, EXPENSES_CASE, TRIAGE, PARTIAL]
NEW_PATHS: dict[str, set[str]] = {}
