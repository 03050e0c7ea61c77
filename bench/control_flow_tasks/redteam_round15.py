"""Red-team round 15's findings on per-item decisions and the newest API rules (commits ff1ce17,
a2e40b2, afe9228), with three of its tasks that held up.

Per-item decisions (``compiler/passes/_decided.py``): the agent lists a batch's order ids, looks
each up and decides in a ``compute``. Found WRONG: a bound the words write that the compute
compares otherwise (``total >= 100`` for "over 100", ``total > 100`` for "at least 100") went on
for an order of exactly 100; an order between two number fields the words name ("as long as the
requested amount is not more than the order total") was not kept, so a request above the total
was refunded. Now the decision stops on the bound itself and the acting side keeps
``requested <= total``.

API rules: an input with a default (``note: str = ''``) or typed ``X | None`` in a task that
changes nothing was not guarded given or left out as recorded, so a note given was dropped, an
empty note attached, and a quote or a total was returned for the other presence at 0 calls; an
input no statement reads (``include_vat``, ``vat_percent``) decided the compute's constant
(``price * 1.2``) in the model's head and was replayed for the other flag or rate. Now such inputs
are given or left out as recorded before the first change (or the return), and an unread input is
pinned as recorded where a compute holds a number the words do not write.

Held up: three accounts whose roles (richest, poorest) come from their balances, two inputs of one
value (ship and bill country, both DE), and an optional limit on how many tickets to close.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action, task

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import Act, calls, each_item, held, lookup

# ----------------------------------------------------------------------------- per-item decisions


class Order(BaseModel):
    id: str
    total: float
    status: str
    customer_id: str
    requested: float


def order(total: float, requested: float, status: str = "pending") -> dict[str, Any]:
    return {"total": total, "status": status, "customer_id": "C-1", "requested": requested}


ORDERS: dict[str, dict[str, Any]] = {
    # recorded "rec": three over 100 (one requesting its whole total), one under
    "O-1": order(250.0, 100.0),
    "O-2": order(40.0, 40.0),
    "O-3": order(180.0, 60.0),
    "O-4": order(150.0, 150.0),
    # held out
    "P-1": order(130.0, 120.0),
    "P-2": order(60.0, 120.0),
    "X-1": order(160.0, 170.0),
    "E-1": order(100.0, 100.0),
    "E-2": order(100.01, 100.0),
}

BATCHES: dict[str, list[str]] = {
    "rec": ["O-1", "O-2", "O-3", "O-4"],
    "plain": ["P-2", "P-1", "P-1"],
    "over_req": ["X-1", "P-1", "P-2"],
    "exact": ["E-1", "E-2", "P-2"],
    "empty": [],
}


@action(read_only=True)
def list_order_ids(batch: str) -> list[str]:
    """The ids of the orders in a batch, oldest first."""
    return list(BATCHES[batch])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: total (EUR), status (pending/shipped), the customer's id, and the refund the
    customer requested (EUR)."""
    return Order(id=order_id, **ORDERS[order_id])


@action
def refund(order_id: str) -> str:
    """Refund an order in full."""
    effect("refund", order_id)
    return f"rf-{order_id}"


@action
def refund_amount(order_id: str, amount: float) -> str:
    """Refund part of an order: the given amount in EUR."""
    effect("refund_amount", order_id, amount)
    return f"rf-{order_id}"


def per_item(rule: str, act: Act, done: int) -> list[AIResponse]:
    """The recorded transcript over batch "rec": the listing, then per order its lookup, ``rule``
    (on ``get_order_{n}``) in a ``compute`` and ``act``; then the finish reporting ``done``."""
    return [
        say("I list the orders of the batch.", "list_order_ids", batch=ref("batch")),
        *each_item(
            BATCHES["rec"],
            lookup("get_order", "list_order_ids_1"),
            lambda n: rule.format(v=f"get_order_{n}"),
            act,
        ),
        say(f"Done: {done} refunded.", "finish", refunded=done),
    ]


def batch_case(
    name: str,
    words: str,
    keep: Callable[[dict[str, Any]], bool],
    answers: list[AIResponse],
    held_out: list[str],
    features: tuple[str, ...],
    *,
    amount: str | None = None,
) -> Case:
    """A task refunding each order ``keep`` holds for (in full, or its field ``amount``)."""

    def reference(inputs: dict[str, Any]) -> Expected:
        ids = [o for o in BATCHES[inputs["batch"]] if keep(ORDERS[o])]
        effects: list[tuple[Any, ...]] = [
            ("refund", o) if amount is None else ("refund_amount", o, ORDERS[o][amount])
            for o in ids
        ]
        return Expected(effects, {"refunded": len(ids)})

    return Case(
        task=Task(
            words,
            name=name,
            inputs={"batch": str},
            outputs={"refunded": int},
            actions=[list_order_ids, get_order, refund if amount is None else refund_amount],
        ),
        features=features,
        recorded={"batch": "rec"},
        answers=answers,
        reference=reference,
        held_out=held("batch", held_out),
    )


def refund_over_100(why: str) -> Act:
    def act(n: int, oid: str) -> list[AIResponse]:
        if ORDERS[oid]["total"] <= 100:
            return []
        return [say(why, "refund", order_id=ref(f"get_order_{n}.id"))]

    return act


def refund_requested(n: int, oid: str) -> list[AIResponse]:
    if ORDERS[oid]["total"] <= 100:
        return []
    return [
        say(
            "Over 100 and the request is within the total: I refund it.",
            "refund_amount",
            order_id=ref(f"get_order_{n}.id"),
            amount=ref(f"get_order_{n}.requested"),
        )
    ]


# B: refund the requested amount while it is not more than the total; every recorded request was

REQUESTED = batch_case(
    "r15_requested_le_total",
    "For every order in the batch over 100 EUR, refund the amount the customer requested, as long "
    "as the requested amount is not more than the order total. Report how many orders you "
    "refunded.",
    lambda d: d["total"] > 100 and d["requested"] <= d["total"],
    per_item("{v}.total > 100", refund_requested, 3),
    ["over_req", "plain", "exact", "empty"],
    ("decided per item", "order between two fields"),
    amount="requested",
)

# C: the compute compares >= where the words say "over"; no recorded order was on 100

OVER_GE = batch_case(
    "r15_over_ge",
    "Refund every order in the batch whose total is over 100 EUR. Report how many you refunded.",
    lambda d: d["total"] > 100,
    per_item("{v}.total >= 100", refund_over_100("Over 100: refund."), 3),
    ["exact", "plain", "empty"],
    ("decided per item", "bound the words write"),
)

# C2: the compute compares > where the words say "at least"

AT_LEAST_GT = batch_case(
    "r15_at_least_gt",
    "Refund every order in the batch whose total is at least 100 EUR. Report how many you "
    "refunded.",
    lambda d: d["total"] >= 100,
    per_item("{v}.total > 100", refund_over_100("At least 100: refund."), 3),
    ["exact", "plain", "over_req"],
    ("decided per item", "bound the words write"),
)

# ----------------------------------------------------------------------------- prices and VAT

PRICES = {"X": 80.0, "Y": 120.0}


@action(read_only=True)
def get_price(item: str) -> float:
    """The item's net list price in EUR."""
    return PRICES[item]


@action
def charge(customer: str, amount: float) -> str:
    """Charge the customer's card (EUR)."""
    effect("charge", customer, amount)
    return "ch-1"


def with_vat(inputs: dict[str, Any]) -> float:
    price = PRICES[inputs["item"]]
    return round(price * 1.2, 2) if inputs["include_vat"] else price


READ_PRICE = say("I read the price.", "get_price", item=ref("item"))
ADD_VAT = say(
    "VAT is to be included: I add 20%.", "compute", expression="round(get_price_1 * 1.2, 2)"
)

# an optional coupon, given when recorded, in a task that changes nothing

QUOTE = Case(
    task=Task(
        "Tell the customer what the item costs. If a coupon code is given, take 10% off the list "
        "price. Return the price to pay.",
        name="r15_quote_coupon",
        inputs={"item": str, "coupon": str | None},
        outputs={"price": float},
        actions=[get_price],
    ),
    features=("optional input", "read-only"),
    recorded={"item": "X", "coupon": "SAVE10"},
    answers=[
        READ_PRICE,
        say("A coupon is given: 10% off.", "compute", expression="round(get_price_1 * 0.9, 2)"),
        say("Done.", "finish", price=ref("compute_1")),
    ],
    reference=lambda i: Expected(
        [], {"price": round(PRICES[i["item"]] * (0.9 if i["coupon"] else 1), 2)}
    ),
    held_out=[
        HeldOut("no coupon", {"item": "X", "coupon": None}),
        HeldOut("empty coupon", {"item": "Y", "coupon": ""}),
        HeldOut("other item", {"item": "Y", "coupon": "ANY"}),
    ],
)

# an unread flag deciding the compute's constant: read-only, then charged

VAT_PRICE = Case(
    task=Task(
        "Return the item's price; if include_vat is true, add 20% VAT.",
        name="r15_vat_price",
        inputs={"item": str, "include_vat": bool},
        outputs={"price": float},
        actions=[get_price],
    ),
    features=("unread input", "read-only"),
    recorded={"item": "X", "include_vat": True},
    answers=[READ_PRICE, ADD_VAT, say("Done.", "finish", price=ref("compute_1"))],
    reference=lambda i: Expected([], {"price": with_vat(i)}),
    held_out=[
        HeldOut("no vat", {"item": "X", "include_vat": False}),
        HeldOut("Y vat", {"item": "Y", "include_vat": True}),
        HeldOut("Y no vat", {"item": "Y", "include_vat": False}),
    ],
)

VAT_CHARGE = Case(
    task=Task(
        "Charge the customer for the item; if include_vat is true, add 20% VAT to the price.",
        name="r15_vat_charge",
        inputs={"customer": str, "item": str, "include_vat": bool},
        outputs={"charged": float},
        actions=[get_price, charge],
    ),
    features=("unread input", "change"),
    recorded={"customer": "c1", "item": "X", "include_vat": True},
    answers=[
        READ_PRICE,
        ADD_VAT,
        say("I charge it.", "charge", customer=ref("customer"), amount=ref("compute_1")),
        say("Done.", "finish", charged=ref("compute_1")),
    ],
    reference=lambda i: Expected(
        [("charge", i["customer"], with_vat(i))], {"charged": with_vat(i)}
    ),
    held_out=[
        HeldOut("no vat", {"customer": "c1", "item": "X", "include_vat": False}),
        HeldOut("Y vat", {"customer": "c2", "item": "Y", "include_vat": True}),
        HeldOut("Y no vat", {"customer": "c2", "item": "Y", "include_vat": False}),
    ],
)

# an unread rate: the recording worked 20% out as times 1.2

VAT_RATE = Case(
    task=Task(
        "Return the item's gross price: its net price plus VAT at the given rate (percent).",
        name="r15_vat_rate",
        inputs={"item": str, "vat_percent": float},
        outputs={"price": float},
        actions=[get_price],
    ),
    features=("unread input", "read-only"),
    recorded={"item": "X", "vat_percent": 20.0},
    answers=[
        READ_PRICE,
        say("20% VAT: times 1.2.", "compute", expression="round(get_price_1 * 1.2, 2)"),
        say("Done.", "finish", price=ref("compute_1")),
    ],
    reference=lambda i: Expected(
        [], {"price": round(PRICES[i["item"]] * (1 + i["vat_percent"] / 100), 2)}
    ),
    held_out=[
        HeldOut("7%", {"item": "X", "vat_percent": 7.0}),
        HeldOut("Y 20%", {"item": "Y", "vat_percent": 20.0}),
        HeldOut("Y 19%", {"item": "Y", "vat_percent": 19.0}),
    ],
)

# ----------------------------------------------------------------------------- open invoices

INVOICES = {"acme": [("I-1", 200.0, 5), ("I-2", 50.0, 40), ("I-3", 75.0, 12)]}


class Invoice(BaseModel):
    id: str
    amount: float
    age_days: int


@action(read_only=True)
def list_open_invoices(customer: str) -> list[Invoice]:
    """The customer's open invoices: id, amount (EUR), age in days."""
    return [Invoice(id=i, amount=a, age_days=d) for i, a, d in INVOICES[customer]]


def open_total(inputs: dict[str, Any]) -> Expected:
    most = inputs["max_age"]
    amounts = [a for _, a, d in INVOICES[inputs["customer"]] if most is None or d <= most]
    return Expected([], {"total": sum(amounts)})


# an optional number, left out when recorded, in a task that changes nothing

OPEN_TOTAL = Case(
    task=Task(
        "Return the total of the customer's open invoices. If max_age (days) is given, count only "
        "invoices at most that old.",
        name="r15_open_total",
        inputs={"customer": str, "max_age": int | None},
        outputs={"total": float},
        actions=[list_open_invoices],
    ),
    features=("optional input", "read-only", "left out"),
    recorded={"customer": "acme", "max_age": None},
    answers=[
        say("I list the open invoices.", "list_open_invoices", customer=ref("customer")),
        say(
            "No max_age: I add them all up.",
            "compute",
            expression="sum(i.amount for i in list_open_invoices_1)",
        ),
        say("Done.", "finish", total=ref("compute_1")),
    ],
    reference=open_total,
    held_out=[
        HeldOut("max_age 30", {"customer": "acme", "max_age": 30}),
        HeldOut("max_age 10", {"customer": "acme", "max_age": 10}),
        HeldOut("max_age 0", {"customer": "acme", "max_age": 0}),
    ],
)

# ----------------------------------------------------------------------------- a note by default


@action
def place_order(item: str, quantity: int) -> str:
    """Place an order; returns its id."""
    effect("place_order", item, quantity)
    return "ORD-1"


@action
def add_note(order_id: str, note: str) -> str:
    """Attach a note for the warehouse to an order."""
    effect("add_note", order_id, note)
    return "ok"


class Placed(BaseModel):
    order_id: str


@task(name="r15_note_left_out", actions=[place_order, add_note])
def note_left_out(item: str, quantity: int, note: str = "") -> Placed:
    """Place an order for the item. If a note is given, attach it to the order for the
    warehouse. Return the order id."""
    raise NotImplementedError  # the agent does it


NOTE_GIVEN_TASK = note_left_out.with_options(name="r15_note_given")


def placed(inputs: dict[str, Any]) -> Expected:
    effects: list[tuple[Any, ...]] = [("place_order", inputs["item"], inputs["quantity"])]
    if inputs.get("note"):
        effects.append(("add_note", "ORD-1", inputs["note"]))
    return Expected(effects, {"order_id": "ORD-1"})


PLACE = say("I place the order.", "place_order", item=ref("item"), quantity=ref("quantity"))
PLACED = say("Done.", "finish", result={"order_id": ref("place_order_1")})

# the default '' in the signature: recorded left out, then recorded given

NOTE_LEFT_OUT = Case(
    task=note_left_out,
    features=("default input", "left out"),
    recorded={"item": "chair", "quantity": 2},
    answers=[PLACE, PLACED],
    reference=placed,
    held_out=[
        HeldOut("note given", {"item": "chair", "quantity": 2, "note": "Leave at back door"}),
        HeldOut("other item", {"item": "desk", "quantity": 1}),
        HeldOut("note empty", {"item": "lamp", "quantity": 3, "note": ""}),
    ],
)

NOTE_GIVEN = Case(
    task=NOTE_GIVEN_TASK,
    features=("default input", "given"),
    recorded={"item": "chair", "quantity": 2, "note": "Fragile"},
    answers=[
        PLACE,
        say(
            "A note is given; I attach it.",
            "add_note",
            order_id=ref("place_order_1"),
            note=ref("note"),
        ),
        PLACED,
    ],
    reference=placed,
    held_out=[
        HeldOut("note left out", {"item": "chair", "quantity": 2}),
        HeldOut("note empty", {"item": "desk", "quantity": 1, "note": ""}),
        HeldOut("other note", {"item": "desk", "quantity": 1, "note": "Call first"}),
    ],
)

# ----------------------------------------------------------------------------- held up

BALANCES = {"A": 40.0, "B": 300.0, "C": 150.0, "D": 30.0, "E": 500.0, "F": 100.0}


@action(read_only=True)
def get_balance(account: str) -> float:
    """The account's balance in EUR."""
    return BALANCES[account]


@action
def transfer(from_account: str, to_account: str, amount: float) -> str:
    """Move money between two accounts (amount in EUR, must be positive)."""
    effect("transfer", from_account, to_account, amount)
    return "tx-1"


def richest_to_poorest(inputs: dict[str, Any]) -> Expected:
    accounts = [inputs["account_a"], inputs["account_b"], inputs["account_c"]]
    rich = max(accounts, key=BALANCES.__getitem__)
    poor = min(accounts, key=BALANCES.__getitem__)
    return Expected([("transfer", rich, poor, 25.0)], {"source": rich})


def accounts(a: str, b: str, c: str) -> dict[str, Any]:
    return {"account_a": a, "account_b": b, "account_c": c}


# three accounts: the roles come from their balances (500, 40, 150 recorded)

THREE_ACCOUNTS = Case(
    task=Task(
        "Of the three accounts, move 25 EUR from the one with the most money to the one with the "
        "least. Return the account you took the money from.",
        name="r15_three_accounts",
        inputs={"account_a": str, "account_b": str, "account_c": str},
        outputs={"source": str},
        actions=[get_balance, transfer],
    ),
    features=("roles", "three inputs"),
    recorded=accounts("E", "A", "C"),
    answers=[
        calls(
            "I read the three balances.",
            *(("get_balance", {"account": ref(f"account_{x}")}) for x in ("a", "b", "c")),
        ),
        say(
            "account_a (500) has the most, account_b (40) the least.",
            "transfer",
            from_account=ref("account_a"),
            to_account=ref("account_b"),
            amount=25,
        ),
        say("Done.", "finish", source=ref("account_a")),
    ],
    reference=richest_to_poorest,
    held_out=[
        HeldOut("c richest", accounts("C", "A", "E")),
        HeldOut("c poorest", accounts("E", "C", "D")),
        HeldOut("same order", accounts("B", "D", "F")),
        HeldOut("c between", accounts("F", "D", "B")),
    ],
)

SHIPMENTS = {
    "c1": [("S-1", "DE", "DE"), ("S-2", "FR", "DE"), ("S-3", "DE", "DE"), ("S-4", "DE", "FR")],
    "c2": [("T-1", "DE", "FR"), ("T-2", "DE", "DE"), ("T-3", "FR", "FR")],
    "c3": [("U-1", "DE", "DE"), ("U-2", "DE", "DE")],
}


class Shipment(BaseModel):
    id: str
    ship_to: str
    bill_to: str


@action(read_only=True)
def list_shipments(customer: str) -> list[Shipment]:
    """The customer's orders: id, country shipped to, country billed to."""
    return [Shipment(id=i, ship_to=s, bill_to=b) for i, s, b in SHIPMENTS[customer]]


def shipped_and_billed(inputs: dict[str, Any]) -> Expected:
    ids = [
        o
        for o, ship, bill in SHIPMENTS[inputs["customer"]]
        if ship == inputs["ship_country"] and bill == inputs["bill_country"]
    ]
    return Expected([("refund", o) for o in ids], {"refunded": ids})


def shipping(customer: str, ship: str, bill: str) -> dict[str, Any]:
    return {"customer": customer, "ship_country": ship, "bill_country": bill}


# two inputs of one value: both countries DE when recorded

SHIP_BILL = Case(
    task=Task(
        "Refund every order of the customer that was shipped to ship_country and billed to "
        "bill_country. Return the ids you refunded.",
        name="r15_ship_bill",
        inputs={"customer": str, "ship_country": str, "bill_country": str},
        outputs={"refunded": list[str]},
        actions=[list_shipments, refund],
    ),
    features=("unread input", "two inputs of one value"),
    recorded=shipping("c1", "DE", "DE"),
    answers=[
        say("I list the customer's orders.", "list_shipments", customer=ref("customer")),
        calls(
            "S-1 and S-3 went to DE and were billed to DE.",
            *(("refund", {"order_id": ref(f"list_shipments_1.{k}.id")}) for k in (0, 2)),
        ),
        say(
            "Done.",
            "finish",
            refunded=[ref("list_shipments_1.0.id"), ref("list_shipments_1.2.id")],
        ),
    ],
    reference=shipped_and_billed,
    held_out=[
        HeldOut("bill FR", shipping("c1", "DE", "FR")),
        HeldOut("ship FR", shipping("c1", "FR", "DE")),
        HeldOut("c2 DE DE", shipping("c2", "DE", "DE")),
        HeldOut("c2 DE FR", shipping("c2", "DE", "FR")),
        HeldOut("c3 DE DE", shipping("c3", "DE", "DE")),
    ],
)

TICKETS = {
    "m1": [("L-1", "open"), ("L-2", "open"), ("L-3", "closed"), ("L-4", "open")],
    "m2": [("M-1", "open"), ("M-2", "open"), ("M-3", "open")],
    "m3": [("N-1", "closed"), ("N-2", "open")],
}


class Ticket(BaseModel):
    id: str
    status: str


@action(read_only=True)
def list_tickets(customer: str) -> list[Ticket]:
    """The customer's support tickets, oldest first."""
    return [Ticket(id=i, status=s) for i, s in TICKETS[customer]]


@action
def close_ticket(ticket_id: str) -> str:
    """Close a ticket."""
    effect("close", ticket_id)
    return "ok"


def close_open(inputs: dict[str, Any]) -> Expected:
    ids = [t for t, status in TICKETS[inputs["customer"]] if status == "open"]
    if inputs["limit"] is not None:
        ids = ids[: inputs["limit"]]
    return Expected([("close", t) for t in ids], {"closed": len(ids)})


# an optional limit, given (2) when recorded

CLOSE_LIMIT = Case(
    task=Task(
        "Close the customer's open tickets, oldest first. If a limit is given, close at most that "
        "many. Return how many you closed.",
        name="r15_close_limit",
        inputs={"customer": str, "limit": int | None},
        outputs={"closed": int},
        actions=[list_tickets, close_ticket],
    ),
    features=("optional input", "count"),
    recorded={"customer": "m1", "limit": 2},
    answers=[
        say("I list the tickets.", "list_tickets", customer=ref("customer")),
        calls(
            "Open are L-1, L-2, L-4; the limit is 2, so I close L-1 and L-2.",
            *(("close_ticket", {"ticket_id": ref(f"list_tickets_1.{k}.id")}) for k in (0, 1)),
        ),
        say("Closed 2.", "finish", closed=2),
    ],
    reference=close_open,
    held_out=[
        HeldOut("limit 3", {"customer": "m1", "limit": 3}),
        HeldOut("limit 1", {"customer": "m1", "limit": 1}),
        HeldOut("m2 limit 2", {"customer": "m2", "limit": 2}),
        HeldOut("m3 limit 2", {"customer": "m3", "limit": 2}),
        HeldOut("no limit", {"customer": "m1", "limit": None}),
        HeldOut("limit 0", {"customer": "m1", "limit": 0}),
    ],
)

CASES = [
    REQUESTED,
    OVER_GE,
    AT_LEAST_GT,
    QUOTE,
    OPEN_TOTAL,
    NOTE_LEFT_OUT,
    NOTE_GIVEN,
    VAT_PRICE,
    VAT_CHARGE,
    VAT_RATE,
    THREE_ACCOUNTS,
    SHIP_BILL,
    CLOSE_LIMIT,
]
NEW_PATHS: dict[str, set[str]] = {
    # a request above the total; an order on the bound the words write; an optional input given
    # or left out unlike the recording; the other VAT flag or rate; other roles of the accounts;
    # the two countries apart; no limit, or one that closes none
    "r15_requested_le_total": {"over_req"},
    "r15_over_ge": {"exact"},
    "r15_at_least_gt": {"exact"},
    "r15_quote_coupon": {"no coupon", "empty coupon"},
    "r15_open_total": {"max_age 30", "max_age 10", "max_age 0"},
    "r15_note_left_out": {"note given"},
    "r15_note_given": {"note left out", "note empty"},
    "r15_vat_price": {"no vat", "Y no vat"},
    "r15_vat_charge": {"no vat", "Y no vat"},
    "r15_vat_rate": {"7%", "Y 19%"},
    "r15_three_accounts": {"c richest", "c poorest", "c between"},
    "r15_ship_bill": {"bill FR", "ship FR", "c2 DE FR"},
    "r15_close_limit": {"no limit", "limit 0"},
}
