"""Red-team filters (issue 15): filtered loops whose rule the recording alone cannot tell.

A condition the recording never tested ("unpaid ... over 100" where the paid invoice was also
small), a number written next to another field's name, a field of an object field
(``order.customer.tier``), and a filter every recorded item passed ("ship it if it is paid,
otherwise ..."): each replays right at 0 model calls, or stops before the loop's first effect.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say

# --------------------------------------------------------------------------- unpaid over 100

INV: dict[str, list[tuple[str, float, bool]]] = {
    "ACME": [
        ("A-101", 120.0, False),
        ("A-102", 80.0, True),
        ("A-103", 45.5, False),
        ("A-104", 300.0, True),
    ],
    "Globex": [
        ("G-201", 99.0, False),
        ("G-202", 15.0, False),
        ("G-203", 70.0, True),
        ("G-204", 12.0, False),
    ],
    "Initech": [("I-301", 50.0, True), ("I-302", 60.0, True)],
    "Hooli": [("H-401", 10.0, True), ("H-402", 22.0, False), ("H-403", 31.0, True)],
    "Umbrella": [("U-1", 10.0, False), ("U-2", 20.0, False)],
    # unpaid and over 100 for T2
    "Stark": [
        ("S-1", 150.0, False),
        ("S-2", 80.0, True),
        ("S-3", 40.0, False),
        ("S-4", 250.0, False),
    ],
    "Wayne": [("W-1", 500.0, True), ("W-2", 120.0, False), ("W-3", 20.0, False)],
    "Oscorp": [("O-1", 101.0, True), ("O-2", 102.0, True)],
}


class Invoice(BaseModel):
    id: str
    amount: float
    paid: bool


@action(read_only=True)
def list_invoices(customer: str) -> list[Invoice]:
    """All invoices of a customer, paid and unpaid, oldest first (amounts in EUR)."""
    return [Invoice(id=i, amount=a, paid=p) for i, a, p in INV[customer]]


@action
def send_reminder(invoice_id: str) -> str:
    """Email the invoice's customer a payment reminder for it; returns the message id."""
    effect("send_reminder", invoice_id)
    return f"msg-{invoice_id}"


remind_big_unpaid: Task[Any] = Task(
    "Send a payment reminder for each unpaid invoice of the customer over 100 EUR. Return the "
    "ids of the invoices you reminded.",
    name="remind_big_unpaid",
    inputs={"customer": str},
    outputs={"reminded": list[str]},
    actions=[list_invoices, send_reminder],
)


def t2_ref(inputs: dict[str, Any]) -> Expected:
    ids = [i for i, a, p in INV[inputs["customer"]] if not p and a > 100]
    return Expected([("send_reminder", i) for i in ids], {"reminded": ids})


T2 = Case(
    task=remind_big_unpaid,
    features=("filter: two named conditions, one vacuous in recording",),
    recorded={"customer": "Stark"},
    answers=[
        say("I list the customer's invoices.", "list_invoices", customer=ref("customer")),
        AIResponse(
            content="S-1 (150) and S-4 (250) are unpaid and over 100 EUR; I remind them.",
            tool_calls=[
                ToolCall("send_reminder", {"invoice_id": ref("list_invoices_1.0.id")}),
                ToolCall("send_reminder", {"invoice_id": ref("list_invoices_1.3.id")}),
            ],
        ),
        say("Done.", "finish", reminded=[ref("list_invoices_1.0.id"), ref("list_invoices_1.3.id")]),
    ],
    reference=t2_ref,
    held_out=[
        HeldOut("paid 500 + unpaid 120", {"customer": "Wayne"}),
        HeldOut("all paid, all over 100", {"customer": "Oscorp"}),
        HeldOut("3 unpaid small", {"customer": "Globex"}),
    ],
)

# --------------------------------------------------------------------------- customer tier

ORDERS: dict[str, list[tuple[str, float, str, str]]] = {
    # region: (order id, total, customer name, customer tier)
    "north": [
        ("O-1", 250.0, "Ana", "gold"),
        ("O-2", 40.0, "Ben", "silver"),
        ("O-3", 180.0, "Cy", "gold"),
        ("O-4", 60.0, "Di", "bronze"),
    ],
    "south": [
        ("O-11", 300.0, "Ed", "silver"),
        ("O-12", 35.0, "Fay", "gold"),
        ("O-13", 220.0, "Gus", "gold"),
    ],
    "east": [("O-21", 500.0, "Hal", "bronze"), ("O-22", 20.0, "Ivy", "silver")],
    "west": [("O-31", 90.0, "Jo", "gold")],
}


class Customer(BaseModel):
    name: str
    tier: str


class Order(BaseModel):
    id: str
    total: float
    customer: Customer


@action(read_only=True)
def list_open_orders(region: str) -> list[Order]:
    """The open orders of a sales region, each with its customer."""
    return [
        Order(id=i, total=t, customer=Customer(name=n, tier=k)) for i, t, n, k in ORDERS[region]
    ]


@action
def apply_discount(order_id: str, percent: int) -> str:
    """Apply a discount to an open order; returns the new order state."""
    effect("apply_discount", order_id, percent)
    return "discounted"


gold_discount: Task[Any] = Task(
    "Apply a 10% discount to every open order of the region whose customer is in the gold "
    "tier. Return the ids of the discounted orders.",
    name="gold_discount",
    inputs={"region": str},
    outputs={"discounted": list[str]},
    actions=[list_open_orders, apply_discount],
)


def t3_ref(inputs: dict[str, Any]) -> Expected:
    ids = [i for i, _, _, k in ORDERS[inputs["region"]] if k == "gold"]
    return Expected([("apply_discount", i, 10) for i in ids], {"discounted": ids})


T3 = Case(
    task=gold_discount,
    features=("filter on nested field item.customer.tier",),
    recorded={"region": "north"},
    answers=[
        say("I list the region's open orders.", "list_open_orders", region=ref("region")),
        AIResponse(
            content="O-1 (Ana) and O-3 (Cy) belong to gold-tier customers; I discount them.",
            tool_calls=[
                ToolCall(
                    "apply_discount", {"order_id": ref("list_open_orders_1.0.id"), "percent": 10}
                ),
                ToolCall(
                    "apply_discount", {"order_id": ref("list_open_orders_1.2.id"), "percent": 10}
                ),
            ],
        ),
        say(
            "Both discounted.",
            "finish",
            discounted=[ref("list_open_orders_1.0.id"), ref("list_open_orders_1.2.id")],
        ),
    ],
    reference=t3_ref,
    held_out=[
        HeldOut("big silver, small gold", {"region": "south"}),
        HeldOut("big bronze, no gold", {"region": "east"}),
        HeldOut("one gold", {"region": "west"}),
    ],
)

# --------------------------------------------------------------------------- two numbers

EXP: dict[str, list[tuple[str, float, int]]] = {
    # team: (id, amount EUR, age in days)
    "design": [("E-1", 30.0, 5), ("E-2", 20.0, 12), ("E-3", 120.0, 60), ("E-4", 45.0, 70)],
    "sales": [("E-11", 200.0, 3), ("E-12", 10.0, 40), ("E-13", 25.0, 29)],
    "ops": [("E-21", 49.0, 30), ("E-22", 51.0, 1)],
    "legal": [],
}


class Expense(BaseModel):
    id: str
    amount: float
    age_days: int


@action(read_only=True)
def list_expenses(team: str) -> list[Expense]:
    """A team's submitted expense reports: amount in EUR and days since submission."""
    return [Expense(id=i, amount=a, age_days=d) for i, a, d in EXP[team]]


@action
def approve_expense(expense_id: str) -> str:
    """Approve a submitted expense report."""
    effect("approve_expense", expense_id)
    return "approved"


approve_recent_small: Task[Any] = Task(
    "Approve every expense report of the team under 50 EUR that was submitted in the last 30 "
    "days. Return how many you approved.",
    name="approve_recent_small",
    inputs={"team": str},
    outputs={"approved": int},
    actions=[list_expenses, approve_expense],
)


def t4_ref(inputs: dict[str, Any]) -> Expected:
    ids = [i for i, a, d in EXP[inputs["team"]] if a < 50 and d <= 30]
    return Expected([("approve_expense", i) for i in ids], {"approved": len(ids)})


T4 = Case(
    task=approve_recent_small,
    features=("two numbers in the description, two fields",),
    recorded={"team": "design"},
    answers=[
        say("I list the team's expense reports.", "list_expenses", team=ref("team")),
        AIResponse(
            content="E-1 and E-2 are under 50 EUR and recent; E-3 is too big and E-4 too old.",
            tool_calls=[
                ToolCall("approve_expense", {"expense_id": ref("list_expenses_1.0.id")}),
                ToolCall("approve_expense", {"expense_id": ref("list_expenses_1.1.id")}),
            ],
        ),
        say("Two approved.", "finish", approved=2),
    ],
    reference=t4_ref,
    held_out=[
        HeldOut("big but recent", {"team": "sales"}),
        HeldOut("edge 30 days / 51 EUR", {"team": "ops"}),
        HeldOut("no reports", {"team": "legal"}),
    ],
)

# --------------------------------------------------------------------------- one side seen

BATCHES = {
    "B-1": [("O-1", True), ("O-2", True), ("O-3", True)],
    "B-2": [("O-11", True), ("O-12", False), ("O-13", True)],
    "B-3": [("O-21", False)],
    "B-4": [("O-31", True), ("O-32", True)],
}


class BOrder(BaseModel):
    id: str
    paid: bool


@action(read_only=True)
def list_batch(batch_id: str) -> list[BOrder]:
    """The orders of a shipping batch, with whether each is paid."""
    return [BOrder(id=i, paid=p) for i, p in BATCHES[batch_id]]


@action
def ship_order(order_id: str) -> str:
    """Ship an order; returns the tracking number."""
    effect("ship_order", order_id)
    return f"trk-{order_id}"


@action
def request_payment(order_id: str) -> str:
    """Email the customer a payment request for an order."""
    effect("request_payment", order_id)
    return "sent"


ship: Task[Any] = Task(
    "For each order of the batch: ship it if it is paid, otherwise send the customer a payment "
    "request. Report how many orders you shipped.",
    name="ship_or_request",
    inputs={"batch_id": str},
    outputs={"shipped": int},
    actions=[list_batch, ship_order, request_payment],
)


def ship_ref(i: dict[str, Any]) -> Expected:
    eff = [("ship_order" if p else "request_payment", o) for o, p in BATCHES[i["batch_id"]]]
    return Expected(eff, {"shipped": sum(1 for e in eff if e[0] == "ship_order")})


SHIP = Case(
    task=ship,
    features=("per-item if/else", "only one side recorded"),
    recorded={"batch_id": "B-1"},
    answers=[
        say("I list the batch's orders.", "list_batch", batch_id=ref("batch_id")),
        AIResponse(
            content="All three orders are paid, so I ship each of them.",
            tool_calls=[
                ToolCall("ship_order", {"order_id": ref(f"list_batch_1.{n}.id")}) for n in range(3)
            ],
        ),
        say("Three orders shipped.", "finish", shipped=3),
    ],
    reference=ship_ref,
    held_out=[
        HeldOut("one unpaid in the middle", {"batch_id": "B-2"}),
        HeldOut("only one, unpaid", {"batch_id": "B-3"}),
        HeldOut("all paid, 2", {"batch_id": "B-4"}),
    ],
)

CASES = [T2, T3, T4, SHIP]

NEW_PATHS: dict[str, set[str]] = {
    "ship_or_request": {"one unpaid in the middle", "only one, unpaid"}
}
