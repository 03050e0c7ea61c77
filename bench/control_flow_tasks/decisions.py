"""Read, decide, act per item (issue 15): the agent lists ids, looks each item up, decides on it
in a ``compute`` and acts only where the decision came out one way, then finishes with the count
it typed.

Each task is recorded once on 3-4 items, at least two acted on and at least one not (both sides
of the decision seen), the way an agent given the system prompt works: one tool call a turn, the
item's id passed by ``$ref`` (a dotted index like ``list_order_ids_1.2``, or a field of the
lookup) or copied as a literal, the decision a ``compute`` over the lookup (and an input), the
count typed in ``finish``. The recipe rolls the repetitions into one loop with an ``if`` over the
decision (``compiler/passes/_decided.py``), so every held-out input (other counts, an empty list,
none or all acted on, reordered) is on a recorded path and replays right with no model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say


def per_item(
    listing: AIResponse,
    ids: list[str],
    look: Callable[[int], AIResponse],
    decide: Callable[[int], str],
    acts: list[bool],
    act: Callable[[int, str], AIResponse],
    finish: AIResponse,
) -> list[AIResponse]:
    """A recorded transcript: the listing, then for item ``n`` (from 1) its lookup, its decision
    (``decide``'s ``compute`` expression) and, where ``acts[n - 1]``, the change; then finish."""
    out = [listing]
    for n, (item, acted) in enumerate(zip(ids, acts, strict=True), start=1):
        out.append(look(n))
        out.append(say("I check the rule for it.", "compute", expression=decide(n)))
        if acted:
            out.append(act(n, item))
    out.append(finish)
    return out


# --------------------------------------------------------------------------- refunds over 100

ORDERS: dict[str, float] = {
    "O-11": 149.0,
    "O-12": 35.5,
    "O-13": 220.0,
    "O-14": 80.0,
    "O-21": 310.0,
    "O-22": 100.0,
    "O-23": 101.0,
    "O-24": 12.0,
    "O-25": 999.99,
    "O-31": 20.0,
    "O-32": 99.99,
    "O-41": 150.0,
    "O-42": 400.0,
}

CUSTOMER_ORDERS: dict[str, list[str]] = {
    "ada": ["O-11", "O-12", "O-13", "O-14"],
    "bo": ["O-21", "O-22", "O-23", "O-24", "O-25"],
    "cy": [],
    "di": ["O-31", "O-32"],
    "ed": ["O-41", "O-42"],
    "flo": ["O-14", "O-13", "O-12", "O-11"],
}


class Order(BaseModel):
    id: str
    total: float
    status: str


@action(read_only=True)
def list_order_ids(customer: str) -> list[str]:
    """The ids of the customer's orders that arrived damaged, oldest first."""
    return list(CUSTOMER_ORDERS[customer])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: its total in EUR and its status."""
    if order_id not in ORDERS:
        raise LookupError(f"no order {order_id!r}")
    return Order(id=order_id, total=ORDERS[order_id], status="delivered")


@action
def refund_order(order_id: str) -> str:
    """Refund an order's total to the customer; returns the refund id."""
    effect("refund_order", order_id)
    return f"rf-{order_id}"


refunds: Task[Any] = Task(
    "These orders of the customer arrived damaged. Look each one up and refund it if its total is "
    "over 100 EUR; the smaller ones get a voucher from another team. Report how many orders you "
    "refunded.",
    name="damaged_refunds",
    inputs={"customer": str},
    outputs={"refunded": int},
    actions=[list_order_ids, get_order, refund_order],
)


def refunds_reference(inputs: dict[str, Any]) -> Expected:
    ids = [o for o in CUSTOMER_ORDERS[inputs["customer"]] if ORDERS[o] > 100]
    return Expected([("refund_order", o) for o in ids], {"refunded": len(ids)})


REFUNDS = Case(
    task=refunds,
    features=("decided per item", "$ref to the lookup's field", "count typed"),
    recorded={"customer": "ada"},
    answers=per_item(
        say("I list the customer's damaged orders.", "list_order_ids", customer=ref("customer")),
        CUSTOMER_ORDERS["ada"],
        lambda n: say(
            "I look the next order up.", "get_order", order_id=ref(f"list_order_ids_1.{n - 1}")
        ),
        lambda n: f"get_order_{n}.total > 100",
        [True, False, True, False],
        lambda n, _: say(
            "Its total is over 100; I refund it.", "refund_order", order_id=ref(f"get_order_{n}.id")
        ),
        say("Two orders refunded.", "finish", refunded=2),
    ),
    reference=refunds_reference,
    held_out=[
        HeldOut("3 of 5", {"customer": "bo"}),
        HeldOut("no orders", {"customer": "cy"}),
        HeldOut("none over 100", {"customer": "di"}),
        HeldOut("all over 100", {"customer": "ed"}),
        HeldOut("reordered", {"customer": "flo"}),
    ],
)

# --------------------------------------------------------------------------- escalate unless chore

TICKETS: dict[str, str] = {
    "T-101": "bug",
    "T-102": "chore",
    "T-103": "feature",
    "T-201": "chore",
    "T-202": "chore",
    "T-203": "bug",
    "T-204": "chore",
    "T-205": "bug",
    "T-206": "feature",
    "T-301": "chore",
    "T-302": "chore",
    "T-401": "bug",
    "T-402": "feature",
    "T-403": "bug",
}

QUEUES: dict[str, list[str]] = {
    "support": ["T-101", "T-102", "T-103"],
    "ops": ["T-201", "T-202", "T-203", "T-204", "T-205", "T-206"],
    "infra": ["T-301", "T-302"],
    "mobile": ["T-401", "T-402", "T-403"],
    "web": [],
    "support-rev": ["T-103", "T-102", "T-101"],
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


escalations: Task[Any] = Task(
    "These tickets of the queue breached their response time. Look each one up and escalate it "
    "to the on-call lead unless it is a chore. Report how many tickets you escalated.",
    name="breach_escalations",
    inputs={"queue": str},
    outputs={"escalated": int},
    actions=[list_ticket_ids, get_ticket, escalate_ticket],
)


def escalations_reference(inputs: dict[str, Any]) -> Expected:
    ids = [t for t in QUEUES[inputs["queue"]] if TICKETS[t] != "chore"]
    return Expected([("escalate_ticket", t) for t in ids], {"escalated": len(ids)})


ESCALATIONS = Case(
    task=escalations,
    features=("decided per item", "acts on the False side", "id copied", "count typed"),
    recorded={"queue": "support"},
    answers=per_item(
        say("I list the queue's breached tickets.", "list_ticket_ids", queue=ref("queue")),
        QUEUES["support"],
        lambda n: say(
            "I look the next ticket up.", "get_ticket", ticket_id=ref(f"list_ticket_ids_1.{n - 1}")
        ),
        lambda n: f"get_ticket_{n}.kind == 'chore'",
        [True, False, True],
        lambda _, item: say(
            f"{item} is not a chore; I escalate it.", "escalate_ticket", ticket_id=item
        ),
        say("Two tickets escalated.", "finish", escalated=2),
    ),
    reference=escalations_reference,
    held_out=[
        HeldOut("3 of 6", {"queue": "ops"}),
        HeldOut("all chores", {"queue": "infra"}),
        HeldOut("no chores", {"queue": "mobile"}),
        HeldOut("no tickets", {"queue": "web"}),
        HeldOut("reordered", {"queue": "support-rev"}),
    ],
)

# --------------------------------------------------------------------------- expenses within limit

EXPENSES: dict[str, float] = {
    "E-1": 42.0,
    "E-2": 180.0,
    "E-3": 75.0,
    "E-4": 150.0,
    "E-11": 10.0,
    "E-12": 60.0,
    "E-13": 250.0,
    "E-14": 99.5,
    "E-21": 300.0,
}

TEAMS: dict[str, list[str]] = {
    "design": ["E-1", "E-2", "E-3", "E-4"],
    "sales": ["E-11", "E-12", "E-13", "E-14"],
    "legal": ["E-21"],
    "hr": [],
}


class Expense(BaseModel):
    id: str
    employee: str
    amount: float


@action(read_only=True)
def list_expense_ids(team: str) -> list[str]:
    """The ids of the team's expense reports waiting for approval."""
    return list(TEAMS[team])


@action(read_only=True)
def get_expense(expense_id: str) -> Expense:
    """One expense report: who filed it and its amount in EUR."""
    return Expense(id=expense_id, employee="sam", amount=EXPENSES[expense_id])


@action
def approve_expense(expense_id: str) -> str:
    """Approve an expense report; returns its new status."""
    effect("approve_expense", expense_id)
    return "approved"


approvals: Task[Any] = Task(
    "Go through the team's expense reports waiting for approval: look each one up and approve it "
    "if its amount is within the limit (the limit itself included); leave the others for the "
    "finance lead. Report how many reports you approved.",
    name="limit_approvals",
    inputs={"team": str, "limit": float},
    outputs={"approved": int},
    actions=[list_expense_ids, get_expense, approve_expense],
)


def approvals_reference(inputs: dict[str, Any]) -> Expected:
    ids = [e for e in TEAMS[inputs["team"]] if EXPENSES[e] <= inputs["limit"]]
    return Expected([("approve_expense", e) for e in ids], {"approved": len(ids)})


APPROVALS = Case(
    task=approvals,
    features=("decided per item", "decision reads an input", "$ref to the list item"),
    recorded={"team": "design", "limit": 100.0},
    answers=per_item(
        say("I list the team's waiting reports.", "list_expense_ids", team=ref("team")),
        TEAMS["design"],
        lambda n: say(
            "I look the next report up.",
            "get_expense",
            expense_id=ref(f"list_expense_ids_1.{n - 1}"),
        ),
        lambda n: f"get_expense_{n}.amount <= limit",
        [True, False, True, False],
        lambda n, _: say(
            "It is within the limit; I approve it.",
            "approve_expense",
            expense_id=ref(f"list_expense_ids_1.{n - 1}"),
        ),
        say("Two reports approved.", "finish", approved=2),
    ),
    reference=approvals_reference,
    held_out=[
        HeldOut("other team, 3 of 4", {"team": "sales", "limit": 100.0}),
        HeldOut("higher limit: all", {"team": "design", "limit": 200.0}),
        HeldOut("limit exactly 150", {"team": "design", "limit": 150.0}),
        HeldOut("lower limit: none", {"team": "design", "limit": 20.0}),
        HeldOut("one over", {"team": "legal", "limit": 100.0}),
        HeldOut("no reports", {"team": "hr", "limit": 100.0}),
    ],
)

# --------------------------------------------------------------------------- restock below level

PRODUCTS: dict[str, tuple[int, int, int]] = {
    # sku: (stock, reorder level, reorder quantity)
    "TEA-GREEN": (140, 50, 200),
    "TEA-BLACK": (12, 40, 150),
    "TEA-MINT": (5, 30, 100),
    "TEA-CHAI": (30, 30, 90),
    "CUP-S": (0, 20, 60),
    "CUP-L": (25, 20, 40),
    "POT": (3, 5, 10),
    "LID": (100, 10, 50),
}

WAREHOUSES: dict[str, list[str]] = {
    "leeds": ["TEA-GREEN", "TEA-BLACK", "TEA-MINT", "TEA-CHAI"],
    "york": ["CUP-S", "CUP-L", "POT"],
    "hull": ["POT", "CUP-S", "TEA-BLACK", "TEA-MINT"],
    "bath": ["LID", "CUP-L", "TEA-CHAI"],
    "ely": [],
}


class Product(BaseModel):
    sku: str
    stock: int
    reorder_level: int
    reorder_quantity: int


@action(read_only=True)
def list_skus(warehouse: str) -> list[str]:
    """The SKUs a warehouse stocks."""
    return list(WAREHOUSES[warehouse])


@action(read_only=True)
def get_product(sku: str) -> Product:
    """A product's stock, reorder level and reorder quantity."""
    stock, level, quantity = PRODUCTS[sku]
    return Product(sku=sku, stock=stock, reorder_level=level, reorder_quantity=quantity)


@action
def place_purchase_order(sku: str, quantity: int) -> str:
    """Order more of a product from its supplier; returns the purchase order's id."""
    effect("place_purchase_order", sku, quantity)
    return f"po-{sku}"


restock: Task[Any] = Task(
    "Check every product the warehouse stocks: where the stock is below the product's reorder "
    "level, place a purchase order for its reorder quantity. Report how many purchase orders you "
    "placed.",
    name="restock_below_level",
    inputs={"warehouse": str},
    outputs={"ordered": int},
    actions=[list_skus, get_product, place_purchase_order],
)


def restock_reference(inputs: dict[str, Any]) -> Expected:
    low = [
        (s, PRODUCTS[s][2])
        for s in WAREHOUSES[inputs["warehouse"]]
        if PRODUCTS[s][0] < PRODUCTS[s][1]
    ]
    return Expected([("place_purchase_order", s, q) for s, q in low], {"ordered": len(low)})


RESTOCK = Case(
    task=restock,
    features=("decided per item", "change passes the lookup's fields", "count typed"),
    recorded={"warehouse": "leeds"},
    answers=per_item(
        say("I list the warehouse's products.", "list_skus", warehouse=ref("warehouse")),
        WAREHOUSES["leeds"],
        lambda n: say(
            "I look the next product up.", "get_product", sku=ref(f"list_skus_1.{n - 1}")
        ),
        lambda n: f"get_product_{n}.stock < get_product_{n}.reorder_level",
        [False, True, True, False],
        lambda n, _: say(
            "It is below its reorder level; I order its reorder quantity.",
            "place_purchase_order",
            sku=ref(f"get_product_{n}.sku"),
            quantity=ref(f"get_product_{n}.reorder_quantity"),
        ),
        say("Two purchase orders placed.", "finish", ordered=2),
    ),
    reference=restock_reference,
    held_out=[
        HeldOut("2 of 3, other sizes", {"warehouse": "york"}),
        HeldOut("all below", {"warehouse": "hull"}),
        HeldOut("none below", {"warehouse": "bath"}),
        HeldOut("no products", {"warehouse": "ely"}),
    ],
)

# --------------------------------------------------------------------------- hold with a reason

PAYOUTS: dict[str, float] = {
    "P-1": 2500.0,
    "P-2": 400.0,
    "P-3": 1200.0,
    "P-4": 80.0,
    "P-5": 1000.0,
    "P-6": 1000.01,
    "P-7": 999.0,
    "P-8": 5000.0,
}

DAYS: dict[str, list[str]] = {
    "2024-05-01": ["P-1", "P-2", "P-3"],
    "2024-05-02": ["P-4", "P-5", "P-6", "P-7", "P-8"],
    "2024-05-03": ["P-2", "P-4", "P-7"],
    "2024-05-04": ["P-8", "P-6", "P-1"],
    "2024-05-05": [],
    "2024-05-06": ["P-3", "P-2", "P-1"],
}


class Payout(BaseModel):
    id: str
    seller: str
    amount: float


@action(read_only=True)
def list_payout_ids(day: str) -> list[str]:
    """The ids of the seller payouts scheduled for a day (YYYY-MM-DD)."""
    return list(DAYS[day])


@action(read_only=True)
def get_payout(payout_id: str) -> Payout:
    """One payout: the seller paid and the amount in EUR."""
    return Payout(id=payout_id, seller="shop", amount=PAYOUTS[payout_id])


@action
def hold_payout(payout_id: str, reason: str) -> str:
    """Hold a payout for manual review, with the reason shown to the reviewer; returns its
    new status."""
    effect("hold_payout", payout_id, reason)
    return "held"


holds: Task[Any] = Task(
    "Review the seller payouts scheduled for the day: look each one up and hold every payout over "
    "1000 EUR for manual review, with the reason 'over the limit'. Report how many you held.",
    name="hold_large_payouts",
    inputs={"day": str},
    outputs={"held": int},
    actions=[list_payout_ids, get_payout, hold_payout],
)


def holds_reference(inputs: dict[str, Any]) -> Expected:
    ids = [p for p in DAYS[inputs["day"]] if PAYOUTS[p] > 1000]
    return Expected([("hold_payout", p, "over the limit") for p in ids], {"held": len(ids)})


HOLDS = Case(
    task=holds,
    features=("decided per item", "reason written out in the change", "count typed"),
    recorded={"day": "2024-05-01"},
    answers=per_item(
        say("I list the day's payouts.", "list_payout_ids", day=ref("day")),
        DAYS["2024-05-01"],
        lambda n: say(
            "I look the next payout up.", "get_payout", payout_id=ref(f"list_payout_ids_1.{n - 1}")
        ),
        lambda n: f"get_payout_{n}.amount > 1000",
        [True, False, True],
        lambda n, _: say(
            "It is over 1000 EUR; I hold it.",
            "hold_payout",
            payout_id=ref(f"get_payout_{n}.id"),
            reason="over the limit",
        ),
        say("Two payouts held.", "finish", held=2),
    ),
    reference=holds_reference,
    held_out=[
        HeldOut("2 of 5, at the limit", {"day": "2024-05-02"}),
        HeldOut("none over", {"day": "2024-05-03"}),
        HeldOut("all over", {"day": "2024-05-04"}),
        HeldOut("no payouts", {"day": "2024-05-05"}),
        HeldOut("reordered", {"day": "2024-05-06"}),
    ],
)

CASES = [REFUNDS, ESCALATIONS, APPROVALS, RESTOCK, HOLDS]
NEW_PATHS: dict[str, set[str]] = {}
