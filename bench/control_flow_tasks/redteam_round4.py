"""Red-team round 4's API findings, each a silent wrong the compiler made before it was fixed: a
count of a ranking ("the 2 most expensive") read as a bound on another field, a bool no words
name that the recorded items happened to share taken as the loop's filter, a loop's lookup the
words narrow ("cancelled", "never shipped") left unguarded, an input held or not ("that has an
email address") lost to an unnamed field, and a choice between two lookups of one action (the
cheaper quote) replayed as the recorded side."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say


def calls(why: str, *made: tuple[str, dict[str, Any]]) -> AIResponse:
    """One turn of the scripted agent that makes several tool calls at once."""
    return AIResponse(content=why, tool_calls=[ToolCall(name, args) for name, args in made])


@action
def flag_for_review(order_id: str) -> str:
    """Flag an order for a manual fraud review."""
    effect("flag_for_review", order_id)
    return "flagged"


def _top_two(rows: list[tuple[str, float, Any]]) -> Expected:
    top = sorted(rows, key=lambda r: -r[1])[:2]
    ids = [r[0] for r in rows if r in top]
    return Expected([("flag_for_review", i) for i in ids], {"flagged": ids})


# --------------------------------------------------------------------------- a count of a ranking

BY_QUANTITY: dict[str, list[tuple[str, float, int]]] = {
    "north": [("O-1", 180.0, 2), ("O-2", 40.0, 1), ("O-3", 25.0, 1), ("O-4", 250.0, 3)],
    "south": [("O-11", 90.0, 2), ("O-12", 300.0, 4), ("O-13", 60.0, 2), ("O-14", 20.0, 1)],
    "east": [("O-21", 500.0, 1), ("O-22", 45.0, 2), ("O-23", 70.0, 3)],
    "west": [("O-31", 10.0, 1), ("O-32", 15.0, 1), ("O-33", 12.0, 1)],
}


class Order(BaseModel):
    id: str
    total: float
    quantity: int


@action(read_only=True)
def list_open_orders(store: str) -> list[Order]:
    """The open orders of a store (total in EUR, quantity = number of units)."""
    return [Order(id=i, total=t, quantity=q) for i, t, q in BY_QUANTITY[store]]


TOP2 = Case(
    task=Task(
        "Flag the 2 most expensive open orders of the store for review. Return their ids.",
        name="top2_review",
        inputs={"store": str},
        outputs={"flagged": list[str]},
        actions=[list_open_orders, flag_for_review],
    ),
    features=("a ranking picked in the head", "its count is no bound on another field"),
    recorded={"store": "north"},
    answers=[
        say("I list the store's open orders.", "list_open_orders", store=ref("store")),
        calls(
            "O-1 (180 EUR) and O-4 (250 EUR) are the two most expensive; I flag them.",
            ("flag_for_review", {"order_id": ref("list_open_orders_1.0.id")}),
            ("flag_for_review", {"order_id": ref("list_open_orders_1.3.id")}),
        ),
        say(
            "Both flagged.",
            "finish",
            flagged=[ref("list_open_orders_1.0.id"), ref("list_open_orders_1.3.id")],
        ),
    ],
    reference=lambda i: _top_two(BY_QUANTITY[i["store"]]),
    held_out=[
        HeldOut("three of quantity 2+", {"store": "south"}),
        HeldOut("the dearest of quantity 1", {"store": "east"}),
        HeldOut("all of quantity 1", {"store": "west"}),
    ],
)
"""The 2 became a bound ``quantity >= 2``: orders were flagged by quantity, not price."""

# --------------------------------------------------------------------------- a bool no words name

BY_EXPRESS: dict[str, list[tuple[str, float, bool]]] = {
    "north": [
        ("O-1", 180.0, True),
        ("O-2", 40.0, False),
        ("O-3", 25.0, False),
        ("O-4", 250.0, True),
    ],
    "south": [
        ("O-11", 90.0, True),
        ("O-12", 300.0, False),
        ("O-13", 60.0, True),
        ("O-14", 120.0, False),
    ],
    "east": [("O-21", 500.0, True), ("O-22", 45.0, True), ("O-23", 70.0, True)],
    "west": [("O-31", 75.0, False), ("O-32", 95.0, True), ("O-33", 15.0, True)],
}


class ShopOrder(BaseModel):
    id: str
    total: float
    express: bool


@action(read_only=True)
def open_orders(store: str) -> list[ShopOrder]:
    """The open orders of a store (total in EUR; express: paid for express shipping)."""
    return [ShopOrder(id=i, total=t, express=x) for i, t, x in BY_EXPRESS[store]]


TOP2_BOOL = Case(
    task=Task(
        "Flag the two most expensive open orders of the store for review. Return their ids.",
        name="top2_bool",
        inputs={"store": str},
        outputs={"flagged": list[str]},
        actions=[open_orders, flag_for_review],
    ),
    features=("a ranking picked in the head", "a shared bool no words name is no filter"),
    recorded={"store": "north"},
    answers=[
        say("I list the store's open orders.", "open_orders", store=ref("store")),
        calls(
            "O-1 and O-4 are the two most expensive; I flag them.",
            ("flag_for_review", {"order_id": ref("open_orders_1.0.id")}),
            ("flag_for_review", {"order_id": ref("open_orders_1.3.id")}),
        ),
        say(
            "Both flagged.",
            "finish",
            flagged=[ref("open_orders_1.0.id"), ref("open_orders_1.3.id")],
        ),
    ],
    reference=lambda i: _top_two(BY_EXPRESS[i["store"]]),
    held_out=[
        HeldOut("express ones not the dearest", {"store": "south"}),
        HeldOut("all express", {"store": "east"}),
        HeldOut("one express among the dearest", {"store": "west"}),
    ],
)
"""The express flag the two shared became the loop's filter: the dearest went unflagged."""

# --------------------------------------------------------------------------- a lookup per item

STATUSES: dict[str, tuple[str, float]] = {
    "R-1": ("cancelled", 30.0),
    "R-2": ("cancelled", 12.5),
    "R-3": ("shipped", 99.0),
    "R-4": ("cancelled", 7.0),
    "R-5": ("delivered", 20.0),
}


class OrderInfo(BaseModel):
    id: str
    status: str
    total: float


@action(read_only=True)
def get_order(order_id: str) -> OrderInfo:
    """One order with its status (pending, shipped, delivered or cancelled) and total in EUR."""
    status, total = STATUSES[order_id]
    return OrderInfo(id=order_id, status=status, total=total)


@action
def refund(order_id: str, amount: float) -> str:
    """Refund an amount of an order to the customer's card."""
    effect("refund", order_id, amount)
    return "refunded"


def _refunds(i: dict[str, Any], statuses: tuple[str, ...]) -> Expected:
    done = [("refund", o, STATUSES[o][1]) for o in i["order_ids"] if STATUSES[o][0] in statuses]
    return Expected(list(done), {"refunded": len(done)})


def _refund_each(first: str, second: str) -> list[AIResponse]:
    """The recorded run: look up each of the two orders and refund it (both pass)."""
    return [
        say("I look up the first order.", "get_order", order_id=ref("order_ids.0")),
        say(first, "refund", order_id=ref("get_order_1.id"), amount=ref("get_order_1.total")),
        say("I look up the second order.", "get_order", order_id=ref("order_ids.1")),
        say(second, "refund", order_id=ref("get_order_2.id"), amount=ref("get_order_2.total")),
        say("Both refunded.", "finish", refunded=2),
    ]


REFUND_HELD = [
    HeldOut("one shipped", {"order_ids": ["R-3", "R-4"]}),
    HeldOut("three cancelled", {"order_ids": ["R-1", "R-2", "R-4"]}),
    HeldOut("delivered only", {"order_ids": ["R-5"]}),
]

NEVER_SHIPPED = Case(
    task=Task(
        "The customer sent a list of order ids. Refund the full total of each of those orders "
        "that never shipped. Return how many you refunded.",
        name="refund_never_shipped",
        inputs={"order_ids": list[str]},
        outputs={"refunded": int},
        actions=[get_order, refund],
    ),
    features=("a lookup per item", "a condition in words no status spells"),
    recorded={"order_ids": ["R-1", "R-2"]},
    answers=_refund_each(
        "R-1 was cancelled before shipping; I refund its total.",
        "R-2 was cancelled too; I refund its total.",
    ),
    reference=lambda i: _refunds(i, ("cancelled", "pending")),
    held_out=REFUND_HELD,
)
"""No guard on the looked-up status: a shipped order was refunded."""

CANCELED_US = Case(
    task=Task(
        "The customer sent a list of order ids. Refund the full total of each canceled order "
        "among them. Return how many you refunded.",
        name="refund_canceled_us",
        inputs={"order_ids": list[str]},
        outputs={"refunded": int},
        actions=[get_order, refund],
    ),
    features=("a lookup per item", "a status the words spell otherwise (canceled)"),
    recorded={"order_ids": ["R-1", "R-2"]},
    answers=_refund_each(
        "R-1 is canceled; I refund its total.", "R-2 is canceled too; I refund its total."
    ),
    reference=lambda i: _refunds(i, ("cancelled",)),
    held_out=REFUND_HELD,
)
"""'canceled' is not the API's 'cancelled': no guard, a shipped order was refunded."""

# --------------------------------------------------------------------------- a value held or not

CONTACTS: dict[str, list[tuple[str, str | None, bool]]] = {
    "a": [
        ("Ana", "ana@x.io", True),
        ("Ben", None, False),
        ("Cy", "cy@x.io", True),
        ("Di", None, False),
    ],
    "b": [("Ed", "ed@x.io", False), ("Fay", None, True), ("Gus", "gus@x.io", False)],
    "c": [("Hal", None, True)],
    "d": [("Ed", "ed@x.io", False), ("Gus", "gus@x.io", False)],
}


class Contact(BaseModel):
    name: str
    email: str | None
    vip: bool


@action(read_only=True)
def list_contacts(segment: str) -> list[Contact]:
    """Contacts of a segment (email None when we have none on file)."""
    return [Contact(name=n, email=e, vip=v) for n, e, v in CONTACTS[segment]]


@action
def send_email(to: str, subject: str) -> str:
    """Send an email."""
    effect("send_email", to, subject)
    return "sent"


def _emailed(i: dict[str, Any]) -> Expected:
    addresses = [e for _, e, _ in CONTACTS[i["segment"]] if e is not None]
    return Expected([("send_email", a, "Spring offer") for a in addresses], {"emailed": addresses})


EMAIL_IF_PRESENT = Case(
    task=Task(
        "Email the spring offer (subject 'Spring offer') to each contact of the segment that has "
        "an email address on file. Return the addresses you emailed.",
        name="email_if_present_list",
        inputs={"segment": str},
        outputs={"emailed": list[str]},
        actions=[list_contacts, send_email],
    ),
    features=("filter on a value held (not None)", "an unnamed bool is no filter"),
    recorded={"segment": "a"},
    answers=[
        say("I list the segment's contacts.", "list_contacts", segment=ref("segment")),
        calls(
            "Ana and Cy have an email address; I email them.",
            ("send_email", {"to": ref("list_contacts_1.0.email"), "subject": "Spring offer"}),
            ("send_email", {"to": ref("list_contacts_1.2.email"), "subject": "Spring offer"}),
        ),
        say(
            "Done.",
            "finish",
            emailed=[ref("list_contacts_1.0.email"), ref("list_contacts_1.2.email")],
        ),
    ],
    reference=_emailed,
    held_out=[
        HeldOut("vip without email", {"segment": "b"}),
        HeldOut("nobody", {"segment": "c"}),
        HeldOut("emails, no vip", {"segment": "d"}),
    ],
)
"""``vip`` became the filter, not ``email is not None``: non-vip emails got nothing."""

# --------------------------------------------------------------------------- the cheaper quote

PRICES: dict[str, dict[str, float]] = {
    "ACME": {"P1": 10.0, "P2": 12.0},
    "Globex": {"P1": 11.0, "P2": 9.0},
    "Initech": {"P1": 5.0, "P2": 5.0},
}


@action(read_only=True)
def get_quote(supplier: str, sku: str, qty: int) -> float:
    """A supplier's quote for a quantity of a product."""
    return round(PRICES[supplier][sku] * qty, 2)


@action
def place_po(supplier: str, sku: str, qty: int) -> str:
    """Place a purchase order with a supplier."""
    effect("place_po", supplier, sku, qty)
    return "po"


def _cheaper(i: dict[str, Any]) -> Expected:
    first = round(PRICES[i["first"]][i["sku"]] * i["qty"], 2)
    second = round(PRICES[i["second"]][i["sku"]] * i["qty"], 2)
    supplier, total = (i["first"], first) if first <= second else (i["second"], second)
    return Expected(
        [("place_po", supplier, i["sku"], i["qty"])], {"supplier": supplier, "total": total}
    )


BUY_CHEAPER = Case(
    task=Task(
        "Get quotes for the product and quantity from both suppliers, and order from the cheaper "
        "one. Return the supplier and the price.",
        name="buy_cheaper_plain",
        inputs={"sku": str, "qty": int, "first": str, "second": str},
        outputs={"supplier": str, "total": float},
        actions=[get_quote, place_po],
    ),
    features=("a choice between two lookups of one action", "picked in the head"),
    recorded={"sku": "P1", "qty": 3, "first": "ACME", "second": "Globex"},
    answers=[
        say(
            "Quote from the first supplier.",
            "get_quote",
            supplier=ref("first"),
            sku=ref("sku"),
            qty=ref("qty"),
        ),
        say(
            "Quote from the second supplier.",
            "get_quote",
            supplier=ref("second"),
            sku=ref("sku"),
            qty=ref("qty"),
        ),
        say(
            "ACME is cheaper (30.0 < 33.0); I order from ACME.",
            "place_po",
            supplier=ref("first"),
            sku=ref("sku"),
            qty=ref("qty"),
        ),
        say("Done.", "finish", supplier=ref("first"), total=ref("get_quote_1")),
    ],
    reference=_cheaper,
    held_out=[
        HeldOut(
            "second cheaper (P2)", {"sku": "P2", "qty": 3, "first": "ACME", "second": "Globex"}
        ),
        HeldOut(
            "first cheaper, qty 7", {"sku": "P1", "qty": 7, "first": "ACME", "second": "Globex"}
        ),
        HeldOut("suppliers swapped", {"sku": "P1", "qty": 3, "first": "Globex", "second": "ACME"}),
        HeldOut("tie", {"sku": "P1", "qty": 2, "first": "Initech", "second": "Initech"}),
    ],
)
"""The recorded pick (the first quote) replayed: the dearer supplier got the order."""

CASES = [TOP2, TOP2_BOOL, NEVER_SHIPPED, CANCELED_US, EMAIL_IF_PRESENT, BUY_CHEAPER]

NEW_PATHS: dict[str, set[str]] = {
    "refund_never_shipped": {"one shipped", "delivered only"},
    "refund_canceled_us": {"one shipped", "delivered only"},
    "buy_cheaper_plain": {"second cheaper (P2)", "suppliers swapped"},
}
"""Inputs that need a path the recording never took (an order looked up and not refunded, the
other supplier ordered from): only a stop before any unexpected effect is right with no model."""
