"""Red-team rounds 16 and 17's findings on per-item decisions and unread inputs (commits a74c549,
999c63a).

Per-item decisions (``compiler/passes/_decided.py``): the agent lists a batch, looks each item up,
decides one number in a ``compute`` and acts on one side; a second condition the words state stays
in its head. Found WRONG in round 16: a count after a second decided loop ("flagged") or of
distinct customers was written as the number of refunds; a bound written "over 1,000 EUR" or "over
10%" compared ``>=`` went on for the order on it; a month ("made in March 2026"), a count ("just
one item") or an excepted word ("except gift cards") the compute does not hold was not kept, so a
January order, a three-item order and a gift card were refunded. In round 17: the words the acted
items had ("arrived damaged": broken, crushed) and the one number they all shared ("not settled at
all yet": nothing received) were not kept either.

Unread inputs (round 17, mixed): a flag no statement reads that moves the bound ("if strict is
true, only over 200") or swaps the roles ("if reverse is true, from the poorer") was replayed as
recorded for the other value; a threshold a reason wrote beside the credit rather than the total
decided the credit for any threshold. Now such a flag is held as recorded before the first change,
and the threshold is compared as the reason wrote it only where its other numbers are the
recipe's, else held as recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import Act, calls, each_item
from ._api_kit import lookup as lookup_turn


def case(
    name: str,
    words: str,
    outputs: dict[str, type],
    actions: list[Any],
    reference: Callable[[dict[str, Any]], Expected],
    answers: list[AIResponse],
    held_out: list[tuple[str, dict[str, Any]]],
    features: tuple[str, ...],
    *,
    inputs: dict[str, Any] | None = None,
    recorded: dict[str, Any] | None = None,
) -> Case:
    """A task over a batch (``inputs`` ``{"batch": str}`` unless given)."""
    return Case(
        task=Task(
            words, name=name, inputs=inputs or {"batch": str}, outputs=outputs, actions=actions
        ),
        features=features,
        recorded=recorded or {"batch": "rec"},
        answers=answers,
        reference=reference,
        held_out=[HeldOut(label, i) for label, i in held_out],
    )


def per_item(
    ids: list[str],
    rule: Callable[[int], str],
    act: Act,
    *,
    lookup: str,
    lister: str,
    argname: str = "order_id",
    start: int = 1,
) -> list[AIResponse]:
    """Per item of ``ids`` (listed as ``lister``): its lookup, ``rule(n)`` in a compute, ``act``."""
    look = lookup_turn(lookup, lister, "I look the next one up.", argname, first=start)
    return each_item(ids, look, rule, act, start=start)


def acting(
    keep: bool, why: str, action_name: str, value: str, argname: str = "order_id"
) -> list[AIResponse]:
    return [say(why, action_name, **{argname: ref(value)})] if keep else []


@action
def refund(order_id: str) -> str:
    """Refund an order in full."""
    effect("refund", order_id)
    return f"rf-{order_id}"


# ----------------------------------------------------------------------------- round 16: orders


class Order(BaseModel):
    id: str
    total: float
    status: str
    customer_id: str
    kind: str
    date: str
    quantity: int


def order(
    total: float, kind: str = "book", date: str = "2026-03-10", quantity: int = 2
) -> dict[str, Any]:
    return {
        "total": total,
        "status": "pending",
        "customer_id": "C-1",
        "kind": kind,
        "date": date,
        "quantity": quantity,
    }


ORDERS: dict[str, dict[str, Any]] = {
    "O-1": order(250.0),
    "O-2": order(40.0),
    "O-4": order(150.0, kind="shoes"),
    "P-2": order(60.0),
    "L-1": order(10.0),
    "L-2": order(15.0),
    "L-3": order(60.0),
    "L-4": order(5.0),
    "M-1": order(220.0, date="2026-03-02", quantity=1),
    "M-2": order(30.0, date="2026-02-11", quantity=1),
    "M-3": order(140.0, date="2026-03-21", quantity=1),
    "M-4": order(300.0, date="2026-01-15", quantity=1),
    "M-5": order(300.0, date="2026-03-15", quantity=3),
    "M-6": order(90.0, date="2026-03-15", quantity=1),
    "G-2": order(300.0, kind="gift card"),
    "G-3": order(120.0, kind="toys"),
}

BATCHES: dict[str, list[str]] = {
    "rec": ["O-1", "O-2", "O-4"],
    "small": ["L-1", "L-2", "L-3"],
    "one_big": ["O-1", "O-2", "P-2"],
    "three_small": ["L-1", "L-2", "L-4"],
    "none_small": ["L-3"],
    "empty": [],
    "mrec": ["M-1", "M-2", "M-3"],
    "jan": ["M-4", "M-1"],
    "multi": ["M-5", "M-3"],
    "mplain": ["M-6", "M-3", "M-1"],
    "gift": ["G-2", "O-1"],
    "toys": ["G-3", "P-2"],
    # sales
    "krec": ["K-1", "K-2", "K-3"],
    "edge": ["K-4", "K-6"],
    "samecust": ["K-1", "K-5", "K-2"],
    "kplain": ["K-5", "K-2", "K-3"],
}


@action(read_only=True)
def list_order_ids(batch: str) -> list[str]:
    """The ids of the orders in a batch, oldest first."""
    return list(BATCHES[batch])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: total (EUR), status (pending/shipped), customer's id, kind of product (book,
    shoes, gift card, ...), date placed (YYYY-MM-DD), quantity (number of items)."""
    return Order(id=order_id, **ORDERS[order_id])


@action
def flag_order(order_id: str) -> str:
    """Flag an order for manual review."""
    effect("flag_order", order_id)
    return f"fl-{order_id}"


def orders_loop(
    ids: list[str], rule: str, keep: Callable[[dict[str, Any]], bool], why: str, **kw: Any
) -> list[AIResponse]:
    """``per_item`` over orders: ``rule`` on ``{v}`` (the lookup), refund where ``keep``."""
    return per_item(
        ids,
        lambda n: rule.format(v=f"get_order_{n}"),
        lambda n, o: acting(keep(ORDERS[o]), why, "refund", f"get_order_{n}.id"),
        lookup="get_order",
        lister="list_order_ids_1",
        **kw,
    )


def refunds(ids: list[str]) -> Expected:
    return Expected([("refund", o) for o in ids], {"refunded": len(ids)})


def batch_refunds(keep: Callable[[dict[str, Any]], bool]) -> Callable[[dict[str, Any]], Expected]:
    return lambda i: refunds([o for o in BATCHES[i["batch"]] if keep(ORDERS[o])])


def over_100(d: dict[str, Any]) -> bool:
    return bool(d["total"] > 100)


LIST_BATCH = say("I list the batch.", "list_order_ids", batch=ref("batch"))

# A: two decided loops over two lists, both acting twice and leaving one: the flags counted


def refund_and_flag(inputs: dict[str, Any]) -> Expected:
    big = [o for o in BATCHES[inputs["first_batch"]] if ORDERS[o]["total"] > 100]
    small = [o for o in BATCHES[inputs["second_batch"]] if ORDERS[o]["total"] < 20]
    return Expected(
        [("refund", o) for o in big] + [("flag_order", o) for o in small],
        {"refunded": len(big), "flagged": len(small)},
    )


TWO_LOOPS = case(
    "r16_two_loops",
    "Refund every order in the first batch whose total is over 100 EUR, and flag for review every "
    "order in the second batch whose total is under 20 EUR. Report how many orders you refunded "
    "and how many you flagged.",
    {"refunded": int, "flagged": int},
    [list_order_ids, get_order, refund, flag_order],
    refund_and_flag,
    [
        say("I list the first batch.", "list_order_ids", batch=ref("first_batch")),
        *orders_loop(BATCHES["rec"], "{v}.total > 100", over_100, "Over 100 EUR: refund it."),
        say("Now the second batch.", "list_order_ids", batch=ref("second_batch")),
        *per_item(
            BATCHES["small"],
            lambda n: f"get_order_{n}.total < 20",
            lambda n, o: acting(
                ORDERS[o]["total"] < 20, "Under 20 EUR: flag it.", "flag_order", f"get_order_{n}.id"
            ),
            lookup="get_order",
            lister="list_order_ids_2",
            start=4,
        ),
        say("Done: 2 refunded, 2 flagged.", "finish", refunded=2, flagged=2),
    ],
    [
        ("1 refund 3 flags", {"first_batch": "one_big", "second_batch": "three_small"}),
        ("2 refunds 0 flags", {"first_batch": "rec", "second_batch": "none_small"}),
        ("swap counts", {"first_batch": "one_big", "second_batch": "small"}),
        ("empty first", {"first_batch": "empty", "second_batch": "small"}),
    ],
    ("decided per item", "two loops", "count typed"),
    inputs={"first_batch": str, "second_batch": str},
    recorded={"first_batch": "rec", "second_batch": "small"},
)

# C: the month kept in the head ("made in March 2026"); C2: the count ("just one item")


def made_in_march(d: dict[str, Any]) -> bool:
    return over_100(d) and str(d["date"]).startswith("2026-03")


def one_item(d: dict[str, Any]) -> bool:
    return over_100(d) and d["quantity"] == 1


MARCH_ANSWERS = [
    LIST_BATCH,
    *orders_loop(
        BATCHES["mrec"], "{v}.total > 100", over_100, "Made in March and over 100 EUR: refund it."
    ),
    say("Done.", "finish", refunded=2),
]

MADE_IN_MARCH = case(
    "r16_made_in_march",
    "Refund every order in the batch made in March 2026 whose total is over 100 EUR. Report how "
    "many you refunded.",
    {"refunded": int},
    [list_order_ids, get_order, refund],
    batch_refunds(made_in_march),
    MARCH_ANSWERS,
    [
        ("january big", {"batch": "jan"}),
        ("plain", {"batch": "mplain"}),
        ("multi", {"batch": "multi"}),
    ],
    ("decided per item", "month the words write"),
    recorded={"batch": "mrec"},
)

JUST_ONE_ITEM = case(
    "r16_just_one_item",
    "Refund every order in the batch that holds just one item and whose total is over 100 EUR. "
    "Report how many you refunded.",
    {"refunded": int},
    [list_order_ids, get_order, refund],
    batch_refunds(one_item),
    MARCH_ANSWERS,
    [
        ("three items", {"batch": "multi"}),
        ("plain", {"batch": "mplain"}),
        ("january", {"batch": "jan"}),
    ],
    ("decided per item", "number word"),
    recorded={"batch": "mrec"},
)

# E: "except gift cards"; the acted kinds differ (book, shoes)


def not_gift_card(d: dict[str, Any]) -> bool:
    return over_100(d) and d["kind"] != "gift card"


EXCEPT_GIFT_CARDS = case(
    "r16_except_gift_cards",
    "Refund every order in the batch whose total is over 100 EUR, except gift cards. Report how "
    "many you refunded.",
    {"refunded": int},
    [list_order_ids, get_order, refund],
    batch_refunds(not_gift_card),
    [
        LIST_BATCH,
        *orders_loop(
            BATCHES["rec"],
            "{v}.total > 100",
            over_100,
            "Over 100 EUR and not a gift card: refund it.",
        ),
        say("Done.", "finish", refunded=2),
    ],
    [
        ("gift card", {"batch": "gift"}),
        ("toys", {"batch": "toys"}),
        ("plain", {"batch": "one_big"}),
    ],
    ("decided per item", "word excepted"),
)

# ----------------------------------------------------------------------------- round 16: sales


class Sale(BaseModel):
    id: str
    total: float
    discount_pct: float
    customer_id: str


def sale(total: float, discount_pct: float, customer_id: str) -> dict[str, Any]:
    return {"total": total, "discount_pct": discount_pct, "customer_id": customer_id}


SALES: dict[str, dict[str, Any]] = {
    "K-1": sale(2500.0, 25.0, "C-1"),
    "K-2": sale(400.0, 5.0, "C-2"),
    "K-3": sale(1800.0, 15.0, "C-3"),
    "K-4": sale(1000.0, 10.0, "C-1"),
    "K-5": sale(1200.0, 12.0, "C-1"),
    "K-6": sale(999.0, 9.5, "C-4"),
}


@action(read_only=True)
def get_sale(order_id: str) -> Sale:
    """One order: total (EUR), discount given (percent), the customer's id."""
    return Sale(id=order_id, **SALES[order_id])


@action
def refund_sale(order_id: str) -> str:
    """Refund an order in full."""
    effect("refund", order_id)
    return "ok"


@action
def flag_sale(order_id: str) -> str:
    """Flag an order for manual review."""
    effect("flag_order", order_id)
    return "ok"


def sales_answers(
    rule: str,
    keep: Callable[[dict[str, Any]], bool],
    done: dict[str, int],
    act: str = "refund_sale",
) -> list[AIResponse]:
    """The batch "krec": each sale looked up, ``rule`` on ``{v}``, ``act`` where ``keep``."""
    return [
        LIST_BATCH,
        *per_item(
            BATCHES["krec"],
            lambda n: rule.format(v=f"get_sale_{n}"),
            lambda n, o: acting(
                keep(SALES[o]), "It qualifies: act on it.", act, f"get_sale_{n}.id"
            ),
            lookup="get_sale",
            lister="list_order_ids_1",
        ),
        say("Done.", "finish", **done),
    ]


def sales_over_1000(inputs: dict[str, Any]) -> list[str]:
    return [o for o in BATCHES[inputs["batch"]] if SALES[o]["total"] > 1000]


# G1: "over 1,000 EUR" compared >= 1000

OVER_1000 = case(
    "r16_over_1000_sep",
    "Refund every order in the batch whose total is over 1,000 EUR. Report how many you refunded.",
    {"refunded": int},
    [list_order_ids, get_sale, refund_sale],
    lambda i: refunds(sales_over_1000(i)),
    sales_answers("{v}.total >= 1000", lambda d: d["total"] >= 1000, {"refunded": 2}),
    [
        ("exactly 1000", {"batch": "edge"}),
        ("plain", {"batch": "kplain"}),
        ("same customer", {"batch": "samecust"}),
    ],
    ("decided per item", "bound the words write"),
    recorded={"batch": "krec"},
)

# G3: "a discount over 10%" compared >= 10


def flagged_over_10pct(inputs: dict[str, Any]) -> Expected:
    ids = [o for o in BATCHES[inputs["batch"]] if SALES[o]["discount_pct"] > 10]
    return Expected([("flag_order", o) for o in ids], {"flagged": len(ids)})


OVER_10PCT = case(
    "r16_over_10pct",
    "Flag for review every order in the batch that was given a discount over 10%. Report how many "
    "you flagged.",
    {"flagged": int},
    [list_order_ids, get_sale, flag_sale],
    flagged_over_10pct,
    sales_answers(
        "{v}.discount_pct >= 10", lambda d: d["discount_pct"] >= 10, {"flagged": 2}, "flag_sale"
    ),
    [
        ("exactly 10%", {"batch": "edge"}),
        ("plain", {"batch": "kplain"}),
        ("same customer", {"batch": "samecust"}),
    ],
    ("decided per item", "bound the words write"),
    recorded={"batch": "krec"},
)

# H: a count of distinct customers, recorded equal to the number of refunds


def distinct_customers(inputs: dict[str, Any]) -> Expected:
    ids = sales_over_1000(inputs)
    return Expected(
        [("refund", o) for o in ids], {"customers": len({SALES[o]["customer_id"] for o in ids})}
    )


DISTINCT_CUSTOMERS = case(
    "r16_distinct_customers",
    "Refund every order in the batch whose total is over 1000 EUR. Report how many different "
    "customers got a refund.",
    {"customers": int},
    [list_order_ids, get_sale, refund_sale],
    distinct_customers,
    sales_answers("{v}.total > 1000", lambda d: d["total"] > 1000, {"customers": 2}),
    [
        ("same customer twice", {"batch": "samecust"}),
        ("plain", {"batch": "kplain"}),
        ("edge", {"batch": "edge"}),
    ],
    ("decided per item", "count typed"),
    recorded={"batch": "krec"},
)

# ----------------------------------------------------------------------------- round 17: arrivals


class Arrival(BaseModel):
    id: str
    total: float
    subtotal: float
    status: str
    customer_id: str
    condition: str
    kind: str


def arrival(total: float, condition: str) -> dict[str, Any]:
    return {
        "total": total,
        "subtotal": total,
        "status": "delivered",
        "customer_id": "C-1",
        "condition": condition,
        "kind": "book",
    }


ARRIVALS: dict[str, dict[str, Any]] = {
    "G1": arrival(150.0, "broken"),
    "G2": arrival(40.0, "ok"),
    "G3": arrival(220.0, "crushed"),
    "G4": arrival(300.0, "ok"),
    "G5": arrival(180.0, "missing"),
    "G6": arrival(90.0, "broken"),
}

ARRIVAL_BATCHES: dict[str, list[str]] = {
    "frec": ["G1", "G2", "G3"],
    "fok": ["G4", "G1"],
    "fmiss": ["G5"],
    "fplain": ["G3", "G6", "G4", "G1"],
    "empty": [],
}


@action(read_only=True)
def list_orders(batch: str) -> list[str]:
    """The ids of the orders in a batch, oldest first."""
    return list(ARRIVAL_BATCHES[batch])


@action(read_only=True)
def fetch_order(order_id: str) -> Arrival:
    """One order: total (EUR, with shipping and VAT), subtotal (EUR, goods only), status
    (pending/shipped/delivered/returned), customer's id, condition on arrival
    (ok/broken/missing), kind of product."""
    return Arrival(id=order_id, **ARRIVALS[order_id])


def damaged(inputs: dict[str, Any]) -> Expected:
    return refunds(
        [
            o
            for o in ARRIVAL_BATCHES[inputs["batch"]]
            if ARRIVALS[o]["total"] > 100 and ARRIVALS[o]["condition"] in ("broken", "crushed")
        ]
    )


# F: "arrived damaged"; the acted orders differ in the word (broken, crushed)

DAMAGED = case(
    "r17_damaged_two_words",
    "Refund every order in the batch that arrived damaged and whose total is over 100 EUR. Report "
    "how many you refunded.",
    {"refunded": int},
    [list_orders, fetch_order, refund],
    damaged,
    [
        say("I list the batch.", "list_orders", batch=ref("batch")),
        *per_item(
            ARRIVAL_BATCHES["frec"],
            lambda n: f"fetch_order_{n}.total > 100",
            lambda n, o: acting(
                ARRIVALS[o]["total"] > 100,
                "It arrived damaged and is over 100 EUR: refund it.",
                "refund",
                f"fetch_order_{n}.id",
            ),
            lookup="fetch_order",
            lister="list_orders_1",
        ),
        say("Done.", "finish", refunded=2),
    ],
    [
        ("ok big", {"batch": "fok"}),
        ("missing big", {"batch": "fmiss"}),
        ("plain", {"batch": "fplain"}),
        ("empty", {"batch": "empty"}),
    ],
    ("decided per item", "words of the acted items"),
    recorded={"batch": "frec"},
)


class Invoice(BaseModel):
    id: str
    total: float
    amount_received: float
    customer_id: str


INVOICES: dict[str, tuple[float, float]] = {
    "I1": (150.0, 0.0),
    "I2": (40.0, 40.0),
    "I3": (220.0, 0.0),
    "I4": (300.0, 300.0),
    "I5": (200.0, 50.0),
}
INVOICE_BATCHES: dict[str, list[str]] = {
    "irec": ["I1", "I2", "I3"],
    "paid": ["I4"],
    "part": ["I5", "I1"],
    "plain": ["I3", "I2", "I1"],
}


@action(read_only=True)
def fetch_invoice(invoice_id: str) -> Invoice:
    """One invoice: total (EUR), amount received so far (EUR), customer's id."""
    total, received = INVOICES[invoice_id]
    return Invoice(id=invoice_id, total=total, amount_received=received, customer_id="C1")


@action(read_only=True)
def list_invoices(batch: str) -> list[str]:
    """The ids of the invoices in a batch."""
    return list(INVOICE_BATCHES[batch])


@action
def send_dunning(invoice_id: str) -> str:
    """Send a dunning letter for an invoice."""
    effect("send_dunning", invoice_id)
    return "ok"


def not_settled(inputs: dict[str, Any]) -> Expected:
    ids = [
        x for x in INVOICE_BATCHES[inputs["batch"]] if INVOICES[x][0] > 100 and INVOICES[x][1] == 0
    ]
    return Expected([("send_dunning", x) for x in ids], {"sent": len(ids)})


# H: "not settled at all yet": nothing received, a field the words do not name

NOT_PAID_YET = case(
    "r17_not_paid_yet",
    "Send a dunning letter for every invoice in the batch over 100 EUR that the customer has not "
    "settled at all yet. Report how many letters you sent.",
    {"sent": int},
    [list_invoices, fetch_invoice, send_dunning],
    not_settled,
    [
        say("I list the batch.", "list_invoices", batch=ref("batch")),
        *per_item(
            INVOICE_BATCHES["irec"],
            lambda n: f"fetch_invoice_{n}.total > 100",
            lambda n, o: acting(
                INVOICES[o][0] > 100,
                "Over 100 EUR and nothing received yet: send a dunning letter.",
                "send_dunning",
                f"fetch_invoice_{n}.id",
                "invoice_id",
            ),
            lookup="fetch_invoice",
            lister="list_invoices_1",
            argname="invoice_id",
        ),
        say("Done.", "finish", sent=2),
    ],
    [
        ("fully paid", {"batch": "paid"}),
        ("part paid", {"batch": "part"}),
        ("plain", {"batch": "plain"}),
    ],
    ("decided per item", "number the acted items shared"),
    recorded={"batch": "irec"},
)

# ----------------------------------------------------------------------------- round 17: flags


class Request(BaseModel):
    id: str
    total: float
    status: str
    country: str
    requested: float


REQUESTS: dict[str, float] = {
    "O-1": 250.0,
    "O-2": 40.0,
    "O-3": 180.0,
    "O-4": 320.0,
    "M-1": 150.0,
    "M-2": 120.0,
    "M-3": 90.0,
    "M-4": 210.0,
    "Z-1": 200.0,
    "Z-2": 100.0,
    "Z-3": 50.0,
}
REQUEST_BATCHES: dict[str, list[str]] = {
    "rec": ["O-1", "O-2", "O-3", "O-4"],
    "mid": ["M-1", "M-2", "M-3", "M-4"],
    "edge": ["Z-1", "Z-2", "Z-3"],
    "empty": [],
}


@action(read_only=True, name="list_order_ids")
def list_request_ids(batch: str) -> list[str]:
    """The ids of the orders in a batch, oldest first."""
    return list(REQUEST_BATCHES[batch])


@action(read_only=True, name="get_order")
def get_request(order_id: str) -> Request:
    """One order: total (EUR), status (pending/shipped), shipping country, the refund requested."""
    total = REQUESTS[order_id]
    return Request(id=order_id, total=total, status="pending", country="DE", requested=total)


def strict_refunds(inputs: dict[str, Any]) -> Expected:
    bound = 200 if inputs["strict"] else 100
    return refunds([x for x in REQUEST_BATCHES[inputs["batch"]] if REQUESTS[x] > bound])


def strict_answers(bound: int, why: str) -> list[AIResponse]:
    """Batch "rec" decided ``total > bound`` with the reason ``why``."""
    ids = REQUEST_BATCHES["rec"]
    done = sum(1 for oid in ids if REQUESTS[oid] > bound)
    return [
        say("I list the orders of the batch.", "list_order_ids", batch=ref("batch")),
        *each_item(
            ids,
            lookup_turn("get_order", "list_order_ids_1"),
            lambda n: f"get_order_{n}.total > {bound}",
            lambda n, oid: acting(
                REQUESTS[oid] > bound, "It qualifies: I refund it.", "refund", f"get_order_{n}.id"
            ),
            why=why,
        ),
        say(f"Done: {done} refunded.", "finish", refunded=done),
    ]


STRICT_WORDS = (
    "Refund every order in the batch whose total is over 100 EUR; if strict is true, refund only "
    "orders over 200 EUR. Report how many you refunded."
)
STRICT_INPUTS = {"batch": str, "strict": bool}


def strict(batch: str, flag: bool) -> dict[str, Any]:
    return {"batch": batch, "strict": flag}


# an unread flag moving the bound, recorded true, then recorded false

STRICT_FLAG = case(
    "r17_strict_flag",
    STRICT_WORDS,
    {"refunded": int},
    [list_request_ids, get_request, refund],
    strict_refunds,
    strict_answers(200, "Strict: only over 200."),
    [
        ("rec not strict", strict("rec", False)),
        ("mid not strict", strict("mid", False)),
        ("mid strict", strict("mid", True)),
        ("empty not strict", strict("empty", False)),
    ],
    ("unread flag", "decided per item"),
    inputs=STRICT_INPUTS,
    recorded=strict("rec", True),
)

STRICT_FLAG_OFF = case(
    "r17_strict_flag_off",
    STRICT_WORDS,
    {"refunded": int},
    [list_request_ids, get_request, refund],
    strict_refunds,
    strict_answers(100, "Not strict: over 100."),
    [
        ("rec strict", strict("rec", True)),
        ("mid strict", strict("mid", True)),
        ("mid not strict", strict("mid", False)),
        ("edge strict", strict("edge", True)),
    ],
    ("unread flag", "decided per item"),
    inputs=STRICT_INPUTS,
    recorded=strict("rec", False),
)


def strict_single(inputs: dict[str, Any]) -> Expected:
    bound = 200 if inputs["strict"] else 100
    over = REQUESTS[inputs["order_id"]] > bound
    return Expected([("refund", inputs["order_id"])] if over else [], {"refunded": over})


# the same flag on one order, recorded false

STRICT_SINGLE = case(
    "r17_strict_single",
    "Refund the order if its total is over 100 EUR; if strict is true, only if it is over 200 "
    "EUR. Return whether you refunded it.",
    {"refunded": bool},
    [get_request, refund],
    strict_single,
    [
        say("I look the order up.", "get_order", order_id=ref("order_id")),
        say("Not strict: is it over 100?", "compute", expression="get_order_1.total > 100"),
        say("180 is over 100: I refund it.", "refund", order_id=ref("order_id")),
        say("Done.", "finish", refunded=True),
    ],
    [
        ("strict O-3", {"order_id": "O-3", "strict": True}),
        ("strict M-1", {"order_id": "M-1", "strict": True}),
        ("strict O-4", {"order_id": "O-4", "strict": True}),
        ("M-2 not strict", {"order_id": "M-2", "strict": False}),
    ],
    ("unread flag", "branch"),
    inputs={"order_id": str, "strict": bool},
    recorded={"order_id": "O-3", "strict": False},
)


@action
def credit(order_id: str, amount: float) -> str:
    """Give the order's customer a goodwill credit (EUR)."""
    effect("credit", order_id, amount)
    return "cr-1"


def goodwill(inputs: dict[str, Any]) -> Expected:
    total = REQUESTS[inputs["order_id"]]
    if total > inputs["threshold"]:
        given = round(total * 0.1, 2)
        return Expected([("credit", inputs["order_id"], given)], {"credit": given})
    return Expected([], {"credit": 0.0})


def credit_for(order_id: str, threshold: float) -> dict[str, Any]:
    return {"order_id": order_id, "threshold": threshold}


# the reason writes the threshold beside the credit (25 against 200), not only beside the total

REASON_OTHER_PAIR = case(
    "r17_reason_other_pair",
    "If the order's total is over the threshold (EUR), give the customer a goodwill credit of 10% "
    "of the total. Return the credit given (0 if none).",
    {"credit": float},
    [get_request, credit],
    goodwill,
    [
        say("I look the order up.", "get_order", order_id=ref("order_id")),
        say(
            "The total 250 is over the 200 threshold, so a 10% credit: 25.",
            "compute",
            expression="round(get_order_1.total * 0.1, 2)",
        ),
        say("I give the credit.", "credit", order_id=ref("order_id"), amount=ref("compute_1")),
        say("Done.", "finish", credit=ref("compute_1")),
    ],
    [
        ("threshold 300", credit_for("O-1", 300.0)),
        ("O-3 thr 200", credit_for("O-3", 200.0)),
        ("O-4 thr 300", credit_for("O-4", 300.0)),
        ("O-3 thr 100", credit_for("O-3", 100.0)),
        ("O-2 thr 30", credit_for("O-2", 30.0)),
    ],
    ("unread input", "reason comparison"),
    inputs={"order_id": str, "threshold": float},
    recorded=credit_for("O-1", 200.0),
)

BALANCES = {"A": 300.0, "B": 40.0, "C": 150.0, "D": 500.0}


@action(read_only=True)
def get_balance(account: str) -> float:
    """The account's balance in EUR."""
    return BALANCES[account]


@action
def transfer(from_account: str, to_account: str, amount: float) -> str:
    """Move money between two accounts (EUR)."""
    effect("transfer", from_account, to_account, amount)
    return "tx-1"


def reversed_roles(inputs: dict[str, Any]) -> Expected:
    a, b = inputs["account_a"], inputs["account_b"]
    rich, poor = (a, b) if BALANCES[a] > BALANCES[b] else (b, a)
    source, to = (poor, rich) if inputs["reverse"] else (rich, poor)
    return Expected([("transfer", source, to, 50.0)], {"source": source})


def pair(a: str, b: str, reverse: bool) -> dict[str, Any]:
    return {"account_a": a, "account_b": b, "reverse": reverse}


# roles from the balances, and an unread flag swapping them

ROLES_REVERSE = case(
    "r17_roles_reverse",
    "Move 50 EUR between the two accounts, from the one with more money to the other; if reverse "
    "is true, from the one with less money to the other. Return the account you took the money "
    "from.",
    {"source": str},
    [get_balance, transfer],
    reversed_roles,
    [
        calls(
            "I read both balances.",
            ("get_balance", {"account": ref("account_a")}),
            ("get_balance", {"account": ref("account_b")}),
        ),
        say(
            "A has 300, B has 40: A has more, and reverse is false, so from A to B.",
            "transfer",
            from_account=ref("account_a"),
            to_account=ref("account_b"),
            amount=50,
        ),
        say("Done.", "finish", source=ref("account_a")),
    ],
    [
        ("reverse", pair("A", "B", True)),
        ("swapped", pair("B", "A", False)),
        ("C D reverse", pair("D", "C", True)),
        ("D C", pair("D", "C", False)),
    ],
    ("roles", "unread flag"),
    inputs={"account_a": str, "account_b": str, "reverse": bool},
    recorded=pair("A", "B", False),
)

CASES = [
    TWO_LOOPS,
    MADE_IN_MARCH,
    JUST_ONE_ITEM,
    EXCEPT_GIFT_CARDS,
    OVER_1000,
    OVER_10PCT,
    DISTINCT_CUSTOMERS,
    DAMAGED,
    NOT_PAID_YET,
    STRICT_FLAG,
    STRICT_FLAG_OFF,
    STRICT_SINGLE,
    REASON_OTHER_PAIR,
    ROLES_REVERSE,
]
NEW_PATHS: dict[str, set[str]] = {
    # refund and flag counts other than the recorded 2 and 2; an order outside the month, count or
    # kind the acted ones had; an order on the bound the words write; one customer for two
    # refunds; a word or number no acted item had; the other flag; a threshold the order is not
    # over; the other roles
    "r16_two_loops": {"1 refund 3 flags", "2 refunds 0 flags", "swap counts", "empty first"},
    "r16_made_in_march": {"january big"},
    "r16_just_one_item": {"three items"},
    "r16_except_gift_cards": {"gift card"},
    "r16_over_1000_sep": {"exactly 1000"},
    "r16_over_10pct": {"exactly 10%"},
    "r16_distinct_customers": {"same customer twice"},
    "r17_damaged_two_words": {"ok big", "missing big"},
    "r17_not_paid_yet": {"fully paid", "part paid"},
    "r17_strict_flag": {"rec not strict", "mid not strict", "empty not strict"},
    "r17_strict_flag_off": {"rec strict", "mid strict", "edge strict"},
    "r17_strict_single": {"strict O-3", "strict M-1", "strict O-4"},
    "r17_reason_other_pair": {"threshold 300", "O-3 thr 200"},
    "r17_roles_reverse": {"reverse", "swapped", "C D reverse"},
}
