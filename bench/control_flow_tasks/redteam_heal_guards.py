"""Red-team heal tasks at guards that keep data as recorded (issue 16): a heal there is no rule.

A hidden decision's guard (``compiler/passes/_hidden_decisions.py``) stops the recipe where
data the task's words name reads otherwise than recorded; the recording made no decision on
it, so the fallback's path there fits the data it saw, not the other side of that guard:

- ``buy_or_backorder3``: the price guard (``product.price < 30``, from "orders over 30") is the
  first to stop an out-of-stock TOASTER (45); the backorder is about its stock, so PAN (35, in
  stock) must not be backordered;
- ``order_status``: the status guard (``order.status == "paid"``) stops a pending order, whose
  fallback reminds the customer; a cancelled order must not get a reminder.

Copied from the red team's tasks (``/work/redteam/heals/rt_heals/stock3.py``) and written
after them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from control_flow_tasks import Case, Expected, HeldOut, effect, ref, say
from runtime import Task, action

PRODUCTS = {
    "KETTLE": (25.0, 5),
    "TOASTER": (45.0, 0),
    "MUG": (8.0, 12),
    "LAMP": (60.0, 3),
    "CUP": (6.0, 0),
    "PAN": (35.0, 7),
}


class Shop:
    class OutOfStock(Exception):
        """None in stock."""


class Product(BaseModel):
    sku: str
    price: float
    stock: int


@action(read_only=True)
def get_product(item: str) -> Product:
    """A product with its price and the units in stock."""
    p, s = PRODUCTS[item]
    return Product(sku=item, price=p, stock=s)


@action
def buy(item: str, price: float) -> str:
    """Buy one unit at the listed price; raises Shop.OutOfStock when none is in stock."""
    if PRODUCTS[item][1] <= 0:
        raise Shop.OutOfStock(f"{item} is out of stock")
    effect("buy", item, price)
    return f"P-{item}"


@action
def backorder(item: str) -> str:
    """Order the item from the supplier; returns the backorder reference."""
    effect("backorder", item)
    return f"B-{item}"


stock_task: Task[Any] = Task(
    "Buy the item at its listed price if it is in stock, otherwise backorder it. Return the "
    "reference, and the price (orders over 30 ship free).",
    name="buy_or_backorder3",
    inputs={"item": str},
    outputs={"reference": str, "price": float},
    actions=[get_product, buy, backorder],
)


def stock_reference(inputs: dict[str, Any]) -> Expected:
    item = inputs["item"]
    price, stock = PRODUCTS[item]
    if stock > 0:
        return Expected([("buy", item, price)], {"reference": f"P-{item}", "price": price})
    return Expected([("backorder", item)], {"reference": f"B-{item}", "price": price})


STOCK3 = Case(
    task=stock_task,
    features=("hidden-decision bridge",),
    recorded={"item": "KETTLE"},
    answers=[
        say("I look up the product.", "get_product", item=ref("item")),
        say(
            "5 are in stock, so I buy one at its price.",
            "buy",
            item=ref("item"),
            price=ref("get_product_1.price"),
        ),
        say("Bought.", "finish", reference=ref("buy_1"), price=ref("get_product_1.price")),
    ],
    reference=stock_reference,
    held_out=[
        HeldOut(
            "TOASTER out of stock (45): heal",
            {"item": "TOASTER"},
            [
                say("It is out of stock; I backorder it.", "backorder", item=ref("item")),
                say(
                    "Backordered.",
                    "finish",
                    reference=ref("backorder_1"),
                    price=ref("product.price"),
                ),
            ],
        ),
        HeldOut("MUG in stock (8)", {"item": "MUG"}),
        HeldOut("LAMP in stock (60)", {"item": "LAMP"}),
        HeldOut("PAN in stock (35)", {"item": "PAN"}),
        HeldOut("CUP out of stock (6)", {"item": "CUP"}),
    ],
)

ORDERS = {
    "O-1": ("paid", "ann@example.test"),
    "O-2": ("pending", "bob@example.test"),
    "O-3": ("cancelled", "cy@example.test"),
    "O-4": ("paid", "dee@example.test"),
}


class Order(BaseModel):
    id: str
    status: str
    email: str


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order with its status (paid, pending or cancelled) and the customer's email."""
    status, email = ORDERS[order_id]
    return Order(id=order_id, status=status, email=email)


@action
def ship(order_id: str) -> str:
    """Ship the order; returns the shipment id."""
    effect("ship", order_id)
    return f"S-{order_id}"


@action
def send_reminder(email: str) -> str:
    """Remind the customer to pay; returns the message id."""
    effect("remind", email)
    return f"M-{email}"


status_task: Task[Any] = Task(
    "Ship the order if its status is paid; if it is pending, remind the customer to pay; if it "
    "is cancelled, do nothing. Return the id of what you sent, or 'none'.",
    name="order_status",
    inputs={"order_id": str},
    outputs={"sent": str},
    actions=[get_order, ship, send_reminder],
)


def status_reference(inputs: dict[str, Any]) -> Expected:
    oid = inputs["order_id"]
    status, email = ORDERS[oid]
    if status == "paid":
        return Expected([("ship", oid)], {"sent": f"S-{oid}"})
    if status == "pending":
        return Expected([("remind", email)], {"sent": f"M-{email}"})
    return Expected([], {"sent": "none"})


ORDER_STATUS = Case(
    task=status_task,
    features=("hidden-decision bridge",),
    recorded={"order_id": "O-1"},
    answers=[
        say("I look up the order.", "get_order", order_id=ref("order_id")),
        say("It is paid, so I ship it.", "ship", order_id=ref("order_id")),
        say("Shipped.", "finish", sent=ref("ship_1")),
    ],
    reference=status_reference,
    held_out=[
        HeldOut(
            "pending: heal, remind",
            {"order_id": "O-2"},
            [
                say(
                    "It is pending: I remind the customer.",
                    "send_reminder",
                    email=ref("order.email"),
                ),
                say("Reminded.", "finish", sent=ref("send_reminder_1")),
            ],
        ),
        HeldOut("paid again", {"order_id": "O-4"}),
        HeldOut("cancelled: nothing", {"order_id": "O-3"}),
    ],
)

CASES = [STOCK3, ORDER_STATUS]

NEW_PATHS: dict[str, set[str]] = {}
"""Every held-out input here is met in a heal sequence (``heal_sequence``)."""
