"""Red-team round 2's last two findings: a tool that said no and decided the path (a card
declined, so a payment link went out instead), and an amount per item the model chose in its
head from two the description writes ("10 EUR on invoices of 100 EUR or more, 5 EUR on smaller
ones"), added up in ``finish``; and two found after them: such an amount, or a word, chosen with
no bound and no filter to tell why ("5 EUR or 10 EUR, as its customer pays", "standard or
express"), the reason silent."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say

# --------------------------------------------------------------------------- a declined card

CARDS = {"C-1": "declined", "C-2": "ok", "C-3": "declined", "C-4": "expired", "C-5": "declined"}


class CardDeclinedError(Exception):
    """The card on file said no."""


@action
def charge_card(customer_id: str, amount: float) -> str:
    """Charge the customer's card on file; returns the charge id."""
    state = CARDS[customer_id]
    if state != "ok":
        raise CardDeclinedError(f"the card of {customer_id} was {state}")
    effect("charge_card", customer_id, amount)
    return f"ch-{customer_id}"


@action
def send_payment_link(customer_id: str, amount: float) -> str:
    """Email the customer a link to pay the amount online."""
    effect("send_payment_link", customer_id, amount)
    return f"link-{customer_id}"


DECLINED = Task(
    "Collect the amount from the customer: charge their card on file; if the card is declined, "
    "email them a payment link instead. Return how you collected (card or link).",
    name="collect_payment",
    inputs={"customer_id": str, "amount": float},
    outputs={"via": str},
    actions=[charge_card, send_payment_link],
)


def _collected(i: dict[str, Any]) -> Expected:
    customer, amount = i["customer_id"], i["amount"]
    if CARDS[customer] == "ok":
        return Expected([("charge_card", customer, amount)], {"via": "card"})
    if CARDS[customer] == "declined":
        return Expected([("send_payment_link", customer, amount)], {"via": "link"})
    return Expected([], {"via": "?"})  # expired: the task does not say; only a stop is right


COLLECT = Case(
    task=DECLINED,
    features=("a refused call decided the path", "try/except, side exit when it goes through"),
    recorded={"customer_id": "C-1", "amount": 80.0},
    answers=[
        say(
            "I charge the card.",
            "charge_card",
            customer_id=ref("customer_id"),
            amount=ref("amount"),
        ),
        say(
            "The card was declined; I send a payment link instead.",
            "send_payment_link",
            customer_id=ref("customer_id"),
            amount=ref("amount"),
        ),
        say("Link sent.", "finish", via="link"),
    ],
    reference=_collected,
    held_out=[
        HeldOut("card ok: the charge goes through", {"customer_id": "C-2", "amount": 50.0}),
        HeldOut("another declined card", {"customer_id": "C-3", "amount": 20.0}),
        HeldOut("expired: another refusal", {"customer_id": "C-4", "amount": 20.0}),
        HeldOut("declined, other amount", {"customer_id": "C-5", "amount": 999.0}),
    ],
)

# --------------------------------------------------------------------------- a fee per invoice

INVOICES: dict[str, list[tuple[str, float, bool]]] = {
    "ACME": [("A-1", 40.0, False), ("A-2", 80.0, True), ("A-3", 65.0, False)],
    "Globex": [("G-1", 120.0, False), ("G-2", 30.0, False), ("G-3", 70.0, True)],
    "Initech": [("I-1", 250.0, False), ("I-2", 100.0, False)],
    "Hooli": [("H-1", 10.0, True), ("H-2", 22.0, False), ("H-3", 99.99, False)],
    "Umbrella": [],
}


class Invoice(BaseModel):
    id: str
    amount: float
    paid: bool


@action(read_only=True)
def list_invoices(customer: str) -> list[Invoice]:
    """All invoices of a customer, paid and unpaid, amounts in EUR."""
    return [Invoice(id=i, amount=a, paid=p) for i, a, p in INVOICES[customer]]


@action
def charge_late_fee(invoice_id: str, fee: float) -> str:
    """Add a late fee to an invoice."""
    effect("charge_late_fee", invoice_id, fee)
    return "ok"


FEES = Task(
    "Charge a late fee on each unpaid invoice of the customer: 10 EUR on invoices of 100 EUR or "
    "more, 5 EUR on smaller ones. Return the total of the fees.",
    name="late_fees",
    inputs={"customer": str},
    outputs={"fees": float},
    actions=[list_invoices, charge_late_fee],
)


def _fees(i: dict[str, Any]) -> Expected:
    rows = [(n, 10.0 if a >= 100 else 5.0) for n, a, paid in INVOICES[i["customer"]] if not paid]
    return Expected([("charge_late_fee", n, f) for n, f in rows], {"fees": sum(f for _, f in rows)})


LATE_FEES = Case(
    task=FEES,
    features=("an amount per item chosen in the head", "a total of them in finish"),
    recorded={"customer": "ACME"},
    answers=[
        say("I list the invoices.", "list_invoices", customer=ref("customer")),
        AIResponse(
            content="A-1 (40) and A-3 (65) are unpaid and under 100 EUR: 5 EUR each.",
            tool_calls=[
                ToolCall("charge_late_fee", {"invoice_id": ref("list_invoices_1.0.id"), "fee": 5}),
                ToolCall("charge_late_fee", {"invoice_id": ref("list_invoices_1.2.id"), "fee": 5}),
            ],
        ),
        say("Two fees of 5 EUR: 10 EUR.", "finish", fees=10.0),
    ],
    reference=_fees,
    held_out=[
        HeldOut("one of 120", {"customer": "Globex"}),
        HeldOut("all 100 or more", {"customer": "Initech"}),
        HeldOut("all small", {"customer": "Hooli"}),
        HeldOut("no invoices", {"customer": "Umbrella"}),
    ],
)

# --------------------------------------------------------------------------- a fee by plan

ORDERS: dict[str, list[tuple[str, str]]] = {
    "mon": [("O-1", "basic"), ("O-2", "basic")],
    "tue": [("O-3", "basic"), ("O-4", "premium")],
    "wed": [("O-5", "premium")],
    "thu": [("O-6", "basic"), ("O-7", "basic"), ("O-8", "basic")],
    "fri": [],
}
PLAN_FEES = {"basic": 5.0, "premium": 10.0}


class Order(BaseModel):
    id: str
    plan: str


@action(read_only=True)
def list_orders(day: str) -> list[Order]:
    """The orders of a day."""
    return [Order(id=i, plan=p) for i, p in ORDERS[day]]


@action
def set_fee(order_id: str, fee: float) -> str:
    """Set an order's handling fee (EUR)."""
    effect("set_fee", order_id, fee)
    return "ok"


BY_PLAN = Task(
    "Set each order's handling fee: 5 EUR or 10 EUR, as its customer pays. Return how many "
    "orders you handled.",
    name="fees_by_plan",
    inputs={"day": str},
    outputs={"handled": int},
    actions=[list_orders, set_fee],
)


def _by_plan(i: dict[str, Any]) -> Expected:
    orders = ORDERS[i["day"]]
    return Expected([("set_fee", o, PLAN_FEES[p]) for o, p in orders], {"handled": len(orders)})


FEES_BY_PLAN = Case(
    task=BY_PLAN,
    features=("an amount per item chosen in the head", "no bound, no filter, a silent reason"),
    recorded={"day": "mon"},
    answers=[
        say("I list the orders.", "list_orders", day=ref("day")),
        AIResponse(
            content="Setting the fees.",
            tool_calls=[
                ToolCall("set_fee", {"order_id": ref("list_orders_1.0.id"), "fee": 5}),
                ToolCall("set_fee", {"order_id": ref("list_orders_1.1.id"), "fee": 5}),
            ],
        ),
        say("Done.", "finish", handled=2),
    ],
    reference=_by_plan,
    held_out=[
        HeldOut("a premium order among basic ones", {"day": "tue"}),
        HeldOut("one premium order", {"day": "wed"}),
        HeldOut("three basic orders", {"day": "thu"}),
        HeldOut("no orders", {"day": "fri"}),
    ],
)


@action
def ship(order_id: str, speed: str) -> str:
    """Ship an order at the given speed."""
    effect("ship", order_id, speed)
    return "shipped"


SPEEDS = {"basic": "standard", "premium": "express"}
SHIP_BY_PLAN = Task(
    "Ship each order of the day, standard or express, as its customer pays. Return how many "
    "orders you handled.",
    name="ship_by_plan",
    inputs={"day": str},
    outputs={"handled": int},
    actions=[list_orders, ship],
)

SHIPPING_BY_PLAN = Case(
    task=SHIP_BY_PLAN,
    features=("a word per item chosen in the head", "no filter, a silent reason"),
    recorded={"day": "mon"},
    answers=[
        say("I list the orders.", "list_orders", day=ref("day")),
        AIResponse(
            content="Shipping them.",
            tool_calls=[
                ToolCall("ship", {"order_id": ref("list_orders_1.0.id"), "speed": "standard"}),
                ToolCall("ship", {"order_id": ref("list_orders_1.1.id"), "speed": "standard"}),
            ],
        ),
        say("Done.", "finish", handled=2),
    ],
    reference=lambda i: Expected(
        [("ship", o, SPEEDS[p]) for o, p in ORDERS[i["day"]]],
        {"handled": len(ORDERS[i["day"]])},
    ),
    held_out=FEES_BY_PLAN.held_out,
)

CASES = [COLLECT, LATE_FEES, FEES_BY_PLAN, SHIPPING_BY_PLAN]

NEW_PATHS = {
    "collect_payment": {"card ok: the charge goes through", "expired: another refusal"},
    "late_fees": {"one of 120", "all 100 or more"},
    "fees_by_plan": {"a premium order among basic ones", "one premium order"},
    "ship_by_plan": {"a premium order among basic ones", "one premium order"},
}
"""Inputs that need a path the recording never took (a charge that goes through, another
refusal, a fee of 10): only a stop before any unexpected effect is right with no model."""
