"""Red team round 21: loops that decide per item and act on both sides
(``compiler/passes/_decided.py``).

Each task is recorded once the way a GPT-class agent given the system prompt acts (one tool call
a turn, ids by ``$ref`` or copied, the decision a ``compute``, counts typed in ``finish``), with
held-out inputs chosen to expose a wrong replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import both_sides, listing, look

# ------------------------------------------------------------------------------------- shared data


class Order(BaseModel):
    id: str
    total: float
    status: str


# id -> (total, status)
ORDERS: dict[str, tuple[float, str]] = {
    "O-11": (149.0, "delivered"),
    "O-12": (35.5, "delivered"),
    "O-13": (220.0, "delivered"),
    "O-14": (80.0, "delivered"),
    "O-21": (310.0, "delivered"),
    "O-22": (100.0, "delivered"),
    "O-23": (101.0, "delivered"),
    "O-24": (12.0, "delivered"),
    "O-25": (999.99, "delivered"),
    "O-31": (20.0, "delivered"),
    "O-32": (99.99, "delivered"),
    "O-41": (150.0, "delivered"),
    "O-42": (400.0, "delivered"),
    "O-51": (180.0, "in_transit"),
    "O-52": (40.0, "in_transit"),
    "O-61": (175.0, "delivered"),
}

CLAIMS: dict[str, list[str]] = {
    "ada": ["O-11", "O-12", "O-13", "O-14"],  # T F T F
    "bo": ["O-21", "O-22", "O-23", "O-24", "O-25"],  # T F T F T
    "cy": [],
    "di": ["O-31", "O-32"],  # F F
    "ed": ["O-41", "O-42"],  # T T
    "gus": ["O-11", "O-13", "O-12"],  # T T F
    "hal": ["O-12", "O-51", "O-13", "O-52"],  # F (T transit) T (F transit)
    "ivy": ["O-41", "O-12", "O-42", "O-61"],  # T F T T
    "jo": ["O-12", "O-14", "O-11"],  # F F T
}


def _order(order_id: str) -> Order:
    total, status = ORDERS[order_id]
    return Order(id=order_id, total=total, status=status)


def over(o: str) -> bool:
    return ORDERS[o][0] > 100


CLAIM_HELD = [
    HeldOut("3 of 5 refunded", {"customer": "bo"}),
    HeldOut("no orders", {"customer": "cy"}),
    HeldOut("none over 100", {"customer": "di"}),
    HeldOut("all over 100", {"customer": "ed"}),
    HeldOut("T T F", {"customer": "gus"}),
    HeldOut("T F T T", {"customer": "ivy"}),
    HeldOut("F F T", {"customer": "jo"}),
]


@action(read_only=True)
def list_claimed_orders(customer: str) -> list[str]:
    """The ids of the customer's orders claimed as damaged, oldest first."""
    return list(CLAIMS[customer])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: its total in EUR and its status (delivered, in_transit)."""
    return _order(order_id)


@action
def refund_order(order_id: str) -> str:
    """Refund an order's total to the customer; returns the refund id."""
    effect("refund_order", order_id)
    return f"rf-{order_id}"


@action
def send_voucher(order_id: str) -> str:
    """Send the customer the standard apology voucher for an order; returns the voucher code."""
    effect("send_voucher", order_id)
    return f"v-{order_id}"


def _claims_task(
    name: str, words: str, outputs: dict[str, Any], extra: Sequence[Any] = ()
) -> Task[Any]:
    return Task(
        words,
        name=name,
        inputs={"customer": str},
        outputs=outputs,
        actions=[list_claimed_orders, get_order, refund_order, send_voucher, *extra],
    )


def _refund(n: int) -> list[AIResponse]:
    return [say("Over 100: refund.", "refund_order", order_id=ref(f"get_order_{n}.id"))]


def _voucher(n: int) -> list[AIResponse]:
    return [say("100 or less: voucher.", "send_voucher", order_id=ref(f"get_order_{n}.id"))]


def _plain(finish: list[AIResponse]) -> list[AIResponse]:
    """The claim of "ada" (T F T F) decided on ``total > 100``: refunds and vouchers."""
    return both_sides(
        listing(),
        look,
        lambda n: f"get_order_{n}.total > 100",
        [True, False, True, False],
        _refund,
        _voucher,
        finish,
    )


def _effects(ids: list[str]) -> list[tuple[Any, ...]]:
    return [("refund_order" if over(o) else "send_voucher", o) for o in ids]


# ------------------------------------------------------------------------------- A: "not_refunded"

NOT_REFUNDED = Case(
    task=_claims_task(
        "r21_not_refunded",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher. Report how many orders "
        "you refunded and how many you did not refund.",
        {"refunded": int, "not_refunded": int},
    ),
    features=("count named for one side's verb but counting the other side",),
    recorded={"customer": "ada"},
    answers=_plain([say("Two refunded, two not.", "finish", refunded=2, not_refunded=2)]),
    reference=lambda i: Expected(
        _effects(CLAIMS[i["customer"]]),
        {
            "refunded": sum(over(o) for o in CLAIMS[i["customer"]]),
            "not_refunded": sum(not over(o) for o in CLAIMS[i["customer"]]),
        },
    ),
    held_out=CLAIM_HELD,
)

# ---------------------------------------------------------------- B: email finance if any refunded


@action
def notify_finance(message: str) -> str:
    """Email the finance team a message."""
    effect("notify_finance", message)
    return "sent"


FINANCE_MSG = "Refunds were issued today for damaged-order claims; please reconcile."

FINANCE = Case(
    task=_claims_task(
        "r21_finance_if_refunds",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher. If you issued any refund, "
        "email the finance team so they can reconcile. Report how many orders you refunded and "
        "how many vouchers you sent.",
        {"refunded": int, "vouchers": int},
        [notify_finance],
    ),
    features=("a change after the loop that depends on whether one side acted",),
    recorded={"customer": "ada"},
    answers=_plain(
        [
            say("I refunded some, so I email finance.", "notify_finance", message=FINANCE_MSG),
            say("Done.", "finish", refunded=2, vouchers=2),
        ]
    ),
    reference=lambda i: Expected(
        _effects(CLAIMS[i["customer"]])
        + (
            [("notify_finance", FINANCE_MSG)] if any(over(o) for o in CLAIMS[i["customer"]]) else []
        ),
        {
            "refunded": sum(over(o) for o in CLAIMS[i["customer"]]),
            "vouchers": sum(not over(o) for o in CLAIMS[i["customer"]]),
        },
    ),
    held_out=CLAIM_HELD,
)

# ---------------------------------------------------------- C: side seen only last, by listing ref

LAST_LISTREF = Case(
    task=_claims_task(
        "r21_last_side_listref",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher. Report how many orders "
        "you refunded and how many vouchers you sent.",
        {"refunded": int, "vouchers": int},
    ),
    features=("the other side seen only in the last repetition, id by the listing's $ref",),
    recorded={"customer": "gus"},
    answers=both_sides(
        listing(),
        look,
        lambda n: f"get_order_{n}.total > 100",
        [True, True, False],
        lambda n: [
            say("Over 100: refund.", "refund_order", order_id=ref(f"list_claimed_orders_1.{n - 1}"))
        ],
        lambda n: [
            say(
                "100 or less: voucher.",
                "send_voucher",
                order_id=ref(f"list_claimed_orders_1.{n - 1}"),
            )
        ],
        [say("Two refunded, one voucher.", "finish", refunded=2, vouchers=1)],
    ),
    reference=lambda i: Expected(
        _effects(CLAIMS[i["customer"]]),
        {
            "refunded": sum(over(o) for o in CLAIMS[i["customer"]]),
            "vouchers": sum(not over(o) for o in CLAIMS[i["customer"]]),
        },
    ),
    held_out=[*CLAIM_HELD, HeldOut("A: T F T F", {"customer": "ada"})],
)

# -------------------------------------------------------------- N: side seen only last, literal id

LAST_LITERAL = Case(
    task=_claims_task(
        "r21_last_side_literal",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher. Report how many orders "
        "you refunded and how many vouchers you sent.",
        {"refunded": int, "vouchers": int},
    ),
    features=("the other side seen only in the last repetition, id copied",),
    recorded={"customer": "gus"},
    answers=both_sides(
        listing(),
        lambda n: say("I look it up.", "get_order", order_id=["O-11", "O-13", "O-12"][n - 1]),
        lambda n: f"get_order_{n}.total > 100",
        [True, True, False],
        lambda n: [say("Refund.", "refund_order", order_id=["O-11", "O-13", "O-12"][n - 1])],
        lambda n: [say("Voucher.", "send_voucher", order_id=["O-11", "O-13", "O-12"][n - 1])],
        [say("Two refunded, one voucher.", "finish", refunded=2, vouchers=1)],
    ),
    reference=LAST_LISTREF.reference,
    held_out=[*CLAIM_HELD, HeldOut("A: T F T F", {"customer": "ada"})],
)

# ---------------------------------------------------------------------- F: hidden status condition

TRANSIT = Case(
    task=_claims_task(
        "r21_in_transit_hidden",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher. Orders still in transit "
        "get neither, the carrier handles those. Report how many orders you refunded and how "
        "many vouchers you sent.",
        {"refunded": int, "vouchers": int},
    ),
    features=("a hidden condition named in the words, every recorded item alike",),
    recorded={"customer": "ada"},
    answers=_plain([say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)]),
    reference=lambda i: Expected(
        _effects([o for o in CLAIMS[i["customer"]] if ORDERS[o][1] == "delivered"]),
        {
            "refunded": sum(over(o) and ORDERS[o][1] == "delivered" for o in CLAIMS[i["customer"]]),
            "vouchers": sum(
                not over(o) and ORDERS[o][1] == "delivered" for o in CLAIMS[i["customer"]]
            ),
        },
    ),
    held_out=[*CLAIM_HELD, HeldOut("in transit mixed", {"customer": "hal"})],
)

# ----------------------------------------------------------------------------------- I: hidden cap

CAP = Case(
    task=_claims_task(
        "r21_refund_cap",
        "The customer's orders were claimed as damaged. Look each one up, oldest first: refund it "
        "if its total is over 100 EUR, but refund at most two orders per claim; every other "
        "order gets the standard apology voucher. Report how many orders you refunded and how "
        "many vouchers you sent.",
        {"refunded": int, "vouchers": int},
    ),
    features=("a cap in the words the recording never reached",),
    recorded={"customer": "ada"},
    answers=_plain([say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)]),
    reference=lambda i: _cap_ref(CLAIMS[i["customer"]]),
    held_out=CLAIM_HELD,
)


def _cap_ref(ids: list[str]) -> Expected:
    effects: list[tuple[Any, ...]] = []
    refunded = 0
    for o in ids:
        if over(o) and refunded < 2:
            refunded += 1
            effects.append(("refund_order", o))
        else:
            effects.append(("send_voucher", o))
    return Expected(effects, {"refunded": refunded, "vouchers": len(ids) - refunded})


# -------------------------------------------------------------------------------- L: a total count

TOTAL = Case(
    task=_claims_task(
        "r21_total_count",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher. Report how many orders "
        "you refunded, how many vouchers you sent and how many claimed orders you handled.",
        {"refunded": int, "vouchers": int, "handled": int},
    ),
    features=("a count of every item (neither side)",),
    recorded={"customer": "ada"},
    answers=_plain([say("Done.", "finish", refunded=2, vouchers=2, handled=4)]),
    reference=lambda i: Expected(
        _effects(CLAIMS[i["customer"]]),
        {
            "refunded": sum(over(o) for o in CLAIMS[i["customer"]]),
            "vouchers": sum(not over(o) for o in CLAIMS[i["customer"]]),
            "handled": len(CLAIMS[i["customer"]]),
        },
    ),
    held_out=CLAIM_HELD,
)

# -------------------------------------------------------------------------- J: non-boolean compute

NOT_BOOL = Case(
    task=_claims_task(
        "r21_nonbool_compute",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher. Report how many orders "
        "you refunded and how many vouchers you sent.",
        {"refunded": int, "vouchers": int},
    ),
    features=("the decision computes a word, not a bool",),
    recorded={"customer": "ada"},
    answers=both_sides(
        listing(),
        look,
        lambda n: f"'refund' if get_order_{n}.total > 100 else 'voucher'",
        [True, False, True, False],
        _refund,
        _voucher,
        [say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)],
    ),
    reference=(
        lambda i: Expected(
            _effects(CLAIMS[i["customer"]]),
            {
                "refunded": sum(over(o) for o in CLAIMS[i["customer"]]),
                "vouchers": sum(not over(o) for o in CLAIMS[i["customer"]]),
            },
        )
    ),
    held_out=CLAIM_HELD,
)

# ------------------------------------------------------------------------ M: two calls on one side


@action
def email_customer(order_id: str, message: str) -> str:
    """Email the customer of an order."""
    effect("email_customer", order_id, message)
    return "sent"


REFUND_MSG = "Your damaged order has been refunded in full."

TWO_CALLS = Case(
    task=_claims_task(
        "r21_two_calls_side",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR and email the customer that the order was refunded in full; otherwise "
        "send the standard apology voucher. Report how many orders you refunded and how many "
        "vouchers you sent.",
        {"refunded": int, "vouchers": int},
        [email_customer],
    ),
    features=("two calls on one side",),
    recorded={"customer": "ada"},
    answers=both_sides(
        listing(),
        look,
        lambda n: f"get_order_{n}.total > 100",
        [True, False, True, False],
        lambda n: [
            *_refund(n),
            say(
                "I tell the customer.",
                "email_customer",
                order_id=ref(f"get_order_{n}.id"),
                message=REFUND_MSG,
            ),
        ],
        _voucher,
        [say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)],
    ),
    reference=lambda i: Expected(
        [
            e
            for o in CLAIMS[i["customer"]]
            for e in (
                [("refund_order", o), ("email_customer", o, REFUND_MSG)]
                if over(o)
                else [("send_voucher", o)]
            )
        ],
        {
            "refunded": sum(over(o) for o in CLAIMS[i["customer"]]),
            "vouchers": sum(not over(o) for o in CLAIMS[i["customer"]]),
        },
    ),
    held_out=CLAIM_HELD,
)

# -------------------------------------------------------------------- H: per-item amount on a side


@action
def credit_order(order_id: str, amount: float) -> str:
    """Credit part of an order's total back to the customer."""
    effect("credit_order", order_id, amount)
    return "ok"


CREDIT = Case(
    task=_claims_task(
        "r21_partial_credit",
        "The customer's orders were claimed as damaged. Look each one up: if its total is over "
        "100 EUR credit back 20% of the total, otherwise send the standard apology voucher. "
        "Report how many orders you credited and how many vouchers you sent.",
        {"credited": int, "vouchers": int},
        [credit_order],
    ),
    features=("a number worked out per item on one side",),
    recorded={"customer": "ada"},
    answers=both_sides(
        listing(),
        look,
        lambda n: f"get_order_{n}.total > 100",
        [True, False, True, False],
        lambda n: [
            say(
                "Credit 20%.",
                "credit_order",
                order_id=ref(f"get_order_{n}.id"),
                amount={1: 29.8, 3: 44.0}[n],
            ),
        ],
        _voucher,
        [say("Two credited, two vouchers.", "finish", credited=2, vouchers=2)],
    ),
    reference=lambda i: Expected(
        [
            ("credit_order", o, round(ORDERS[o][0] * 0.2, 2)) if over(o) else ("send_voucher", o)
            for o in CLAIMS[i["customer"]]
        ],
        {
            "credited": sum(over(o) for o in CLAIMS[i["customer"]]),
            "vouchers": sum(not over(o) for o in CLAIMS[i["customer"]]),
        },
    ),
    held_out=CLAIM_HELD,
)

CREDIT_COMPUTE = Case(
    task=_claims_task(
        "r21_partial_credit_compute",
        CREDIT.task.description,
        {"credited": int, "vouchers": int},
        [credit_order],
    ),
    features=("a compute per item on one side, passed by $ref",),
    recorded={"customer": "ada"},
    answers=[
        listing(),
        say("Look up.", "get_order", order_id=ref("list_claimed_orders_1.0")),
        say("Check.", "compute", expression="get_order_1.total > 100"),
        say("20% of it.", "compute", expression="round(get_order_1.total * 0.2, 2)"),
        say("Credit.", "credit_order", order_id=ref("get_order_1.id"), amount=ref("compute_2")),
        say("Look up.", "get_order", order_id=ref("list_claimed_orders_1.1")),
        say("Check.", "compute", expression="get_order_2.total > 100"),
        say("Voucher.", "send_voucher", order_id=ref("get_order_2.id")),
        say("Look up.", "get_order", order_id=ref("list_claimed_orders_1.2")),
        say("Check.", "compute", expression="get_order_3.total > 100"),
        say("20% of it.", "compute", expression="round(get_order_3.total * 0.2, 2)"),
        say("Credit.", "credit_order", order_id=ref("get_order_3.id"), amount=ref("compute_5")),
        say("Look up.", "get_order", order_id=ref("list_claimed_orders_1.3")),
        say("Check.", "compute", expression="get_order_4.total > 100"),
        say("Voucher.", "send_voucher", order_id=ref("get_order_4.id")),
        say("Done.", "finish", credited=2, vouchers=2),
    ],
    reference=CREDIT.reference,
    held_out=CLAIM_HELD,
)

# -------------------------------------------------------------------- O: a floor on the other side

FLOOR = Case(
    task=_claims_task(
        "r21_voucher_floor",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher, but only for orders of "
        "at least 20 EUR; cheaper orders get nothing. Report how many orders you refunded and "
        "how many vouchers you sent.",
        {"refunded": int, "vouchers": int},
    ),
    features=("a second threshold on the decision's own field, on the other side",),
    recorded={"customer": "ada"},
    answers=_plain([say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)]),
    reference=lambda i: Expected(
        [e for e in _effects(CLAIMS[i["customer"]]) if over(e[1]) or ORDERS[e[1]][0] >= 20],
        {
            "refunded": sum(over(o) for o in CLAIMS[i["customer"]]),
            "vouchers": sum(20 <= ORDERS[o][0] <= 100 for o in CLAIMS[i["customer"]]),
        },
    ),
    held_out=CLAIM_HELD,
)

# ---------------------------------------------------------- D: a word chosen per item from a title

TICKETS: dict[str, tuple[str, str]] = {
    "T-1": ("bug", "Checkout page button misaligned"),
    "T-2": ("chore", "Update the login page copy"),
    "T-3": ("feature", "Dark mode for the settings page"),
    "T-4": ("bug", "Crash when saving profile"),
    "T-5": ("chore", "Rotate the database credentials"),
    "T-6": ("feature", "Nightly database backup job"),
    "T-7": ("bug", "Timeout in the payments API"),
    "T-8": ("chore", "Fix typo on the pricing page"),
}

QUEUES: dict[str, list[str]] = {
    "support": ["T-1", "T-2", "T-3"],
    "ops": ["T-4", "T-5", "T-6"],
    "web": [],
    "mobile": ["T-8", "T-7"],
    "infra": ["T-5", "T-4", "T-2"],
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
    kind, title = TICKETS[ticket_id]
    return Ticket(id=ticket_id, kind=kind, title=title)


@action
def escalate_ticket(ticket_id: str) -> str:
    """Escalate a ticket to the on-call lead."""
    effect("escalate_ticket", ticket_id)
    return f"esc-{ticket_id}"


@action
def assign_team(ticket_id: str, team: str) -> str:
    """Assign a ticket to a team's backlog (frontend or backend)."""
    effect("assign_team", ticket_id, team)
    return "ok"


def _team(title: str) -> str:
    return "frontend" if "page" in title.lower() else "backend"


def _triage_ref(i: dict[str, Any]) -> Expected:
    ids = QUEUES[i["queue"]]
    eff: list[tuple[Any, ...]] = [
        (
            ("escalate_ticket", t)
            if TICKETS[t][0] == "bug"
            else ("assign_team", t, _team(TICKETS[t][1]))
        )
        for t in ids
    ]
    esc = sum(TICKETS[t][0] == "bug" for t in ids)
    return Expected(eff, {"escalated": esc, "assigned": len(ids) - esc})


TEAM = Case(
    task=Task(
        "These tickets of the queue breached their response time. Look each one up: escalate "
        "the bugs to the on-call lead; assign every other ticket to the team that owns it, "
        "'frontend' for anything about a page, 'backend' otherwise. Report how many you "
        "escalated and how many you assigned.",
        name="r21_team_by_title",
        inputs={"queue": str},
        outputs={"escalated": int, "assigned": int},
        actions=[list_ticket_ids, get_ticket, escalate_ticket, assign_team],
    ),
    features=("a word on one side the model chose per item from free text",),
    recorded={"queue": "support"},
    answers=both_sides(
        say("I list the breached tickets.", "list_ticket_ids", queue=ref("queue")),
        lambda n: say("I look it up.", "get_ticket", ticket_id=ref(f"list_ticket_ids_1.{n - 1}")),
        lambda n: f"get_ticket_{n}.kind == 'bug'",
        [True, False, False],
        lambda n: [say("A bug: escalate.", "escalate_ticket", ticket_id=ref(f"get_ticket_{n}.id"))],
        lambda n: [
            say(
                "Not a bug; its title is about a page: frontend.",
                "assign_team",
                ticket_id=ref(f"get_ticket_{n}.id"),
                team="frontend",
            )
        ],
        [say("One escalated, two assigned.", "finish", escalated=1, assigned=2)],
    ),
    reference=_triage_ref,
    held_out=[
        HeldOut("ops: backend chores", {"queue": "ops"}),
        HeldOut("empty", {"queue": "web"}),
        HeldOut("mobile: page chore + bug", {"queue": "mobile"}),
        HeldOut("infra: mixed", {"queue": "infra"}),
    ],
)

# ------------------------------------------------------ E: service by city, same action both sides

PARCELS: dict[str, tuple[float, str]] = {
    "S-1": (0.8, "Lyon"),
    "S-2": (12.5, "Lyon"),
    "S-3": (1.2, "Nice"),
    "S-4": (31.0, "Nice"),
    "S-5": (2.0, "Paris"),
    "S-6": (0.5, "Lyon"),
    "S-7": (9.0, "Paris"),
}

BATCHES: dict[str, list[str]] = {
    "mon": ["S-1", "S-2", "S-3", "S-4"],
    "tue": ["S-5", "S-6", "S-7"],
    "wed": [],
    "thu": ["S-4", "S-2"],
    "fri": ["S-6", "S-1"],
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
    w, d = PARCELS[shipment_id]
    return Shipment(id=shipment_id, weight_kg=w, destination=d)


@action
def book_freight(shipment_id: str) -> str:
    """Book a freight pick-up for a shipment."""
    effect("book_freight", shipment_id)
    return f"fr-{shipment_id}"


@action
def book_parcel(shipment_id: str, service: str) -> str:
    """Book parcel post for a shipment with a service level (standard or express)."""
    effect("book_parcel", shipment_id, service)
    return f"pp-{shipment_id}"


def _ship_ref(i: dict[str, Any]) -> Expected:
    ids = BATCHES[i["batch"]]
    eff: list[tuple[Any, ...]] = [
        (
            ("book_freight", s)
            if PARCELS[s][0] > 2
            else ("book_parcel", s, "express" if PARCELS[s][1] == "Paris" else "standard")
        )
        for s in ids
    ]
    fr = sum(PARCELS[s][0] > 2 for s in ids)
    return Expected(eff, {"freight": fr, "parcel": len(ids) - fr})


SERVICE = Case(
    task=Task(
        "Book transport for every shipment of the batch: a shipment over 2 kg goes by freight; "
        "a lighter one by parcel post, express service when it goes to Paris and standard "
        "service elsewhere. Report how many went by freight and how many by parcel.",
        name="r21_service_by_city",
        inputs={"batch": str},
        outputs={"freight": int, "parcel": int},
        actions=[list_shipments, get_shipment, book_freight, book_parcel],
    ),
    features=("a word on one side chosen per item by a field the decision does not read",),
    recorded={"batch": "mon"},
    answers=both_sides(
        say("I list the batch.", "list_shipments", batch=ref("batch")),
        lambda n: say(
            "I look it up.", "get_shipment", shipment_id=ref(f"list_shipments_1.{n - 1}")
        ),
        lambda n: f"get_shipment_{n}.weight_kg > 2",
        [False, True, False, True],
        lambda n: [say("Heavy: freight.", "book_freight", shipment_id=ref(f"get_shipment_{n}.id"))],
        lambda n: [
            say(
                "Light, not Paris: standard parcel.",
                "book_parcel",
                shipment_id=ref(f"get_shipment_{n}.id"),
                service="standard",
            )
        ],
        [say("Two and two.", "finish", freight=2, parcel=2)],
    ),
    reference=_ship_ref,
    held_out=[
        HeldOut("tue: light to Paris", {"batch": "tue"}),
        HeldOut("empty", {"batch": "wed"}),
        HeldOut("all heavy", {"batch": "thu"}),
        HeldOut("all light, Lyon", {"batch": "fri"}),
    ],
)

# ------------------------------------------------------------ G: same action both sides, constants


@action
def ship_order(order_id: str, service: str) -> str:
    """Ship an order with a service level (express or standard)."""
    effect("ship_order", order_id, service)
    return "ok"


def _same_ref(i: dict[str, Any]) -> Expected:
    ids = CLAIMS[i["customer"]]
    eff: list[tuple[Any, ...]] = [
        ("ship_order", o, "express" if over(o) else "standard") for o in ids
    ]
    return Expected(
        eff, {"express": sum(over(o) for o in ids), "standard": sum(not over(o) for o in ids)}
    )


SAME_ACTION = Case(
    task=Task(
        "Ship the replacement for each of the customer's claimed orders: orders over 100 EUR "
        "go express, the others standard. Report how many went express and how many standard.",
        name="r21_same_action_constants",
        inputs={"customer": str},
        outputs={"express": int, "standard": int},
        actions=[list_claimed_orders, get_order, ship_order],
    ),
    features=("the same action on both sides with different constants",),
    recorded={"customer": "ada"},
    answers=both_sides(
        listing(),
        look,
        lambda n: f"get_order_{n}.total > 100",
        [True, False, True, False],
        lambda n: [
            say("Express.", "ship_order", order_id=ref(f"get_order_{n}.id"), service="express")
        ],
        lambda n: [
            say("Standard.", "ship_order", order_id=ref(f"get_order_{n}.id"), service="standard")
        ],
        [say("Two and two.", "finish", express=2, standard=2)],
    ),
    reference=_same_ref,
    held_out=CLAIM_HELD,
)

# ----------------------------------------------------------------------------- P: pending_approval

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
    "r1": ["E-1", "E-2", "E-3", "E-4"],
    "r2": ["E-4", "E-5", "E-6"],
    "r3": [],
    "r4": ["E-7"],
    "r5": ["E-6", "E-1", "E-3"],
}


class Expense(BaseModel):
    id: str
    amount: float


@action(read_only=True)
def list_expenses(report: str) -> list[str]:
    """The ids of the expenses filed in a report."""
    return list(REPORTS[report])


@action(read_only=True)
def get_expense(expense_id: str) -> Expense:
    """One expense: its amount in EUR."""
    return Expense(id=expense_id, amount=EXPENSES[expense_id])


@action
def approve_expense(expense_id: str) -> str:
    """Approve an expense for reimbursement."""
    effect("approve_expense", expense_id)
    return "approved"


@action
def forward_to_manager(expense_id: str) -> str:
    """Send an expense to the employee's manager for sign-off."""
    effect("forward_to_manager", expense_id)
    return "forwarded"


def _pend_ref(i: dict[str, Any]) -> Expected:
    ids = REPORTS[i["report"]]
    eff: list[tuple[Any, ...]] = [
        ("approve_expense", e) if EXPENSES[e] <= 100 else ("forward_to_manager", e) for e in ids
    ]
    ok = sum(EXPENSES[e] <= 100 for e in ids)
    return Expected(eff, {"approved": ok, "pending_approval": len(ids) - ok})


PENDING = Case(
    task=Task(
        "Review every expense of the report: approve each one of 100 EUR or less yourself, and "
        "forward the others to the manager for sign-off. Report how many you approved and how "
        "many are now pending approval.",
        name="r21_pending_approval",
        inputs={"report": str},
        outputs={"approved": int, "pending_approval": int},
        actions=[list_expenses, get_expense, approve_expense, forward_to_manager],
    ),
    features=("a count naming the other side by the first side's verb",),
    recorded={"report": "r1"},
    answers=both_sides(
        say("I list the expenses.", "list_expenses", report=ref("report")),
        lambda n: say("I look it up.", "get_expense", expense_id=ref(f"list_expenses_1.{n - 1}")),
        lambda n: f"get_expense_{n}.amount <= 100",
        [True, False, True, False],
        lambda n: [say("Approve.", "approve_expense", expense_id=ref(f"get_expense_{n}.id"))],
        lambda n: [say("Forward.", "forward_to_manager", expense_id=ref(f"get_expense_{n}.id"))],
        [say("Two approved, two pending.", "finish", approved=2, pending_approval=2)],
    ),
    reference=_pend_ref,
    held_out=[
        HeldOut("r2: 1 of 3", {"report": "r2"}),
        HeldOut("empty", {"report": "r3"}),
        HeldOut("one forwarded", {"report": "r4"}),
        HeldOut("all approved", {"report": "r5"}),
    ],
)

CASES = [
    TEAM,
    SERVICE,
    SAME_ACTION,
    PENDING,
    FLOOR,
    NOT_REFUNDED,
    FINANCE,
    LAST_LISTREF,
    LAST_LITERAL,
    TRANSIT,
    CAP,
    TOTAL,
    NOT_BOOL,
    TWO_CALLS,
    CREDIT,
    CREDIT_COMPUTE,
]
