"""Red-team round 14's findings on loops that decide per item (commits 9024c5c, 334e9d2), with
three of its tasks that held up.

The per-item loop (``compiler/passes/_decided.py``): the agent lists a customer's order ids, looks
each up, decides ``total > 100`` in a ``compute`` and acts on one side; a second condition the
words state stays in its head. Found WRONG: a number or date every acted item was within (at
least 2 items, placed in 2026, a single item on the small side) was not kept, so a one-item order
or an order from 2025 was refunded; a field equal to an input (``country``) was not kept either,
in the loop deciding per item and in a plain loop that acts on every item; a change after the loop
the words make conditional ("if you refunded any, email the customer") went on for a list with
items but none acted on. Now the acting side goes on only where the item is within what every
acted item was (``2 <= items <= 3``, ``items == 1``, ``placed == '2026-03-01'``) and where a
value equal to an input stays equal to it (``order.country == country``); the email goes on only
after some item was acted on.

Held up: a status the words name without its value ("has not left the warehouse yet"), an amount
the words compute that the recording passed as the total (nothing refunded yet), and two acting
calls per item, the second reading the first's result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import Act, each_item, held, lookup

# ----------------------------------------------------------------------------- orders


class Order(BaseModel):
    id: str
    total: float
    status: str
    placed: str
    items: int
    country: str
    refunded_amount: float


def order(
    total: float,
    status: str = "pending",
    placed: str = "2026-03-01",
    items: int = 2,
    country: str = "DE",
    refunded_amount: float = 0.0,
) -> dict[str, Any]:
    return {
        "total": total,
        "status": status,
        "placed": placed,
        "items": items,
        "country": country,
        "refunded_amount": refunded_amount,
    }


ORDERS: dict[str, dict[str, Any]] = {
    # recorded "rec": the two over 100 pending, 2026, 2-3 items, DE; the others 1 item, 2025
    "O-1": order(250.0),
    "O-2": order(40.0, status="delivered", placed="2025-11-02", items=1),
    "O-3": order(180.0, items=3),
    "O-4": order(60.0, placed="2025-12-12", items=1),
    # recorded "rec2": as "rec" but the order left under 100 is pending and from 2026
    "Q-1": order(250.0),
    "Q-2": order(40.0, items=1),
    "Q-3": order(180.0, items=3),
    "Q-4": order(60.0, placed="2025-12-12", items=1),
    # recorded "prec" (plain loop): two orders to DE
    "P-1": order(250.0),
    "P-2": order(180.0),
    # held out
    "H-1": order(300.0, items=1),
    "H-2": order(150.0, placed="2025-06-01"),
    "H-3": order(200.0, status="shipped"),
    "H-4": order(120.0, country="FR"),
    "H-5": order(130.0),
    "H-6": order(90.0),
    "H-7": order(50.0, items=1),
    "H-8": order(400.0, refunded_amount=100.0),
    "H-9": order(110.0, status="delivered"),
    "Q-5": order(70.0, items=4),
    "P-3": order(120.0, country="FR"),
    "P-4": order(130.0),
}

CUSTOMERS: dict[str, list[str]] = {
    "rec": ["O-1", "O-2", "O-3", "O-4"],
    "rec2": ["Q-1", "Q-2", "Q-3", "Q-4"],
    "prec": ["P-1", "P-2"],
    "one_item": ["H-5", "H-1", "H-6"],
    "last_year": ["H-2", "H-5", "H-6"],
    "shipped": ["H-3", "H-5", "H-7"],
    "delivered": ["H-9", "H-6", "H-5"],
    "fr": ["H-4", "H-5", "H-6"],
    "partial": ["H-8", "H-5", "H-6"],
    "none": ["H-6", "H-7"],
    "plain": ["H-6", "H-5", "H-7", "H-5"],
    "empty": [],
    "small_multi": ["Q-5", "H-7", "H-5"],
    "pfr": ["P-4", "P-3"],
}


@action(read_only=True)
def list_order_ids(customer: str) -> list[str]:
    """The ids of the customer's orders, oldest first."""
    return list(CUSTOMERS[customer])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: total (EUR), status (pending/shipped/delivered), date placed (YYYY-MM-DD),
    number of items, destination country, amount already refunded (EUR)."""
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


@action
def create_credit_note(order_id: str, amount: float) -> str:
    """Create a credit note for an order; returns the note id."""
    effect("create_credit_note", order_id, amount)
    return f"CN-{order_id}"


@action
def send_credit_note(note_id: str) -> str:
    """Send a credit note to the customer."""
    effect("send_credit_note", note_id)
    return "sent"


@action
def email_customer(customer: str, message: str) -> str:
    """Send the customer an email."""
    effect("email_customer", customer, message)
    return "ok"


LIST_IDS = say("I list the customer's orders.", "list_order_ids", customer=ref("customer"))


def per_item(ids: list[str], act: Act, finish: list[AIResponse]) -> list[AIResponse]:
    """The recorded transcript: the listing, then per item its lookup, ``total > 100`` in a
    ``compute`` and ``act``; then ``finish``."""
    return [
        LIST_IDS,
        *each_item(
            ids,
            lookup("get_order", "list_order_ids_1"),
            lambda n: f"get_order_{n}.total > 100",
            act,
        ),
        *finish,
    ]


def big(oid: str) -> bool:
    return bool(ORDERS[oid]["total"] > 100)


def refund_big(n: int, oid: str) -> list[AIResponse]:
    if not big(oid):
        return []
    return [say("It qualifies: I refund it.", "refund", order_id=ref(f"get_order_{n}.id"))]


DONE = [say("Done: 2 refunded.", "finish", refunded=2)]


def chosen(inputs: dict[str, Any], keep: Callable[[dict[str, Any]], bool]) -> list[str]:
    return [o for o in CUSTOMERS[inputs["customer"]] if keep(ORDERS[o])]


def refunds(keep: Callable[[dict[str, Any]], bool]) -> Callable[[dict[str, Any]], Expected]:
    """The reference of a task refunding each order ``keep`` holds for and reporting how many."""

    def reference(inputs: dict[str, Any]) -> Expected:
        ids = chosen(inputs, keep)
        return Expected([("refund", o) for o in ids], {"refunded": len(ids)})

    return reference


def loop_case(
    name: str,
    words: str,
    reference: Callable[[dict[str, Any]], Expected],
    answers: list[AIResponse],
    held_out: list[str],
    features: tuple[str, ...],
    *,
    outputs: dict[str, type] | None = None,
    actions: list[Any] | None = None,
    recorded: str = "rec",
) -> Case:
    return Case(
        task=Task(
            words,
            name=name,
            inputs={"customer": str},
            outputs=outputs or {"refunded": int},
            actions=actions or [list_order_ids, get_order, refund],
        ),
        features=features,
        recorded={"customer": recorded},
        answers=answers,
        reference=reference,
        held_out=held("customer", held_out),
    )


REFUND_BIG = "Refund every order of the customer whose total is over 100 EUR"

# T1: at least 2 items, in the head; every acted order had 2 or 3, the left ones 1

MIN_ITEMS = loop_case(
    "r14_min_items",
    f"{REFUND_BIG} and that has at least 2 items. Report how many you refunded.",
    refunds(lambda d: d["total"] > 100 and d["items"] >= 2),
    per_item(CUSTOMERS["rec"], refund_big, DONE),
    ["one_item", "plain", "none", "empty"],
    ("decided per item", "number in the head"),
)

# T2: placed in 2026, in the head; every acted order was from 2026

THIS_YEAR = loop_case(
    "r14_this_year",
    "Refund every order of the customer placed in 2026 whose total is over 100 EUR. Report how "
    "many you refunded.",
    refunds(lambda d: d["total"] > 100 and d["placed"].startswith("2026")),
    per_item(CUSTOMERS["rec"], refund_big, DONE),
    ["last_year", "plain", "none"],
    ("decided per item", "date in the head"),
)

# T11: the same, the order left under 100 from 2026 too

DATE_REC2 = loop_case(
    "r14_date_rec2",
    "Refund every order of the customer placed in 2026 whose total is over 100 EUR. Report how "
    "many you refunded.",
    refunds(lambda d: d["total"] > 100 and d["placed"].startswith("2026")),
    per_item(CUSTOMERS["rec2"], refund_big, DONE),
    ["last_year", "plain", "empty"],
    ("decided per item", "date in the head", "words name the field"),
    recorded="rec2",
)

# T12: the acting side is the False one (100 or less), single item in the head


def refund_small(n: int, oid: str) -> list[AIResponse]:
    if big(oid):
        return []
    return [
        say("Small and a single item: I refund it.", "refund", order_id=ref(f"get_order_{n}.id"))
    ]


SMALL_SINGLE = loop_case(
    "r14_small_single",
    "Refund every single-item order of the customer whose total is 100 EUR or less. Report how "
    "many you refunded.",
    refunds(lambda d: d["total"] <= 100 and d["items"] == 1),
    per_item(CUSTOMERS["rec2"], refund_small, DONE),
    ["small_multi", "plain", "empty"],
    ("decided per item", "acting side False", "number in the head"),
    recorded="rec2",
)

# T6b: an email after the loop, only if any order was refunded (no count in its text)

EMAIL_TEXT = "We have refunded your larger orders."


def email_reference(inputs: dict[str, Any]) -> Expected:
    ids = chosen(inputs, lambda d: d["total"] > 100)
    effects: list[tuple[Any, ...]] = [("refund", o) for o in ids]
    if ids:
        effects.append(("email_customer", inputs["customer"], EMAIL_TEXT))
    return Expected(effects, {"refunded": len(ids)})


EMAIL_IF_ANY = loop_case(
    "r14_email_if_any",
    f"{REFUND_BIG}. If you refunded any, email the customer '{EMAIL_TEXT}' Report how many you "
    "refunded.",
    email_reference,
    per_item(
        CUSTOMERS["rec2"],
        refund_big,
        [
            say(
                "I refunded some, so I email the customer.",
                "email_customer",
                customer=ref("customer"),
                message=EMAIL_TEXT,
            ),
            *DONE,
        ],
    ),
    ["none", "empty", "plain"],
    ("decided per item", "change after the loop if any acted"),
    actions=[list_order_ids, get_order, refund, email_customer],
    recorded="rec2",
)

# T3 (held up): a status the words name without its value; every acted order was pending

NOT_SHIPPED = loop_case(
    "r14_not_shipped",
    f"{REFUND_BIG}, as long as it has not left the warehouse yet. Report how many you refunded.",
    refunds(lambda d: d["total"] > 100 and d["status"] == "pending"),
    per_item(CUSTOMERS["rec"], refund_big, DONE),
    ["shipped", "delivered", "plain", "none"],
    ("decided per item", "word in the head"),
)

# T8 (held up): the amount owed, passed as the total while nothing had been refunded yet


def owed_reference(inputs: dict[str, Any]) -> Expected:
    ids = chosen(inputs, lambda d: d["total"] > 100)
    effects = [("refund_amount", o, ORDERS[o]["total"] - ORDERS[o]["refunded_amount"]) for o in ids]
    return Expected(effects, {"refunded": len(ids)})


def refund_owed(n: int, oid: str) -> list[AIResponse]:
    if not big(oid):
        return []
    return [
        say(
            "Nothing refunded yet, so I refund the whole total.",
            "refund_amount",
            order_id=ref(f"get_order_{n}.id"),
            amount=ref(f"get_order_{n}.total"),
        )
    ]


OWED = loop_case(
    "r14_owed",
    "For every order of the customer whose total is over 100 EUR, refund what has not been "
    "refunded yet (the total minus the amount already refunded). Report how many orders you "
    "refunded.",
    owed_reference,
    per_item(CUSTOMERS["rec"], refund_owed, DONE),
    ["partial", "plain", "none"],
    ("decided per item", "amount in the head"),
    actions=[list_order_ids, get_order, refund_amount],
)

# T9 (held up): two acting calls per item, the second reading the first's note id


def notes_reference(inputs: dict[str, Any]) -> Expected:
    effects: list[tuple[Any, ...]] = []
    for o in chosen(inputs, lambda d: d["total"] > 100):
        effects += [("create_credit_note", o, ORDERS[o]["total"]), ("send_credit_note", f"CN-{o}")]
    return Expected(effects, {"notes": len(effects) // 2})


def notes_answers() -> list[AIResponse]:
    made = 0

    def act(n: int, oid: str) -> list[AIResponse]:
        nonlocal made
        if not big(oid):
            return []
        made += 1
        return [
            say(
                "Over 100: a credit note.",
                "create_credit_note",
                order_id=ref(f"get_order_{n}.id"),
                amount=ref(f"get_order_{n}.total"),
            ),
            say("I send it.", "send_credit_note", note_id=ref(f"create_credit_note_{made}")),
        ]

    return per_item(CUSTOMERS["rec"], act, [say("Done: 2 sent.", "finish", notes=2)])


NOTES = loop_case(
    "r14_two_calls",
    "For every order of the customer whose total is over 100 EUR, create a credit note for its "
    "total and send it. Report how many credit notes you sent.",
    notes_reference,
    notes_answers(),
    ["plain", "none", "one_item"],
    ("decided per item", "two acting calls"),
    outputs={"notes": int},
    actions=[list_order_ids, get_order, create_credit_note, send_credit_note],
)

# ----------------------------------------------------------------------------- the given country


def country_case(
    name: str,
    words: str,
    keep: Callable[[dict[str, Any]], bool],
    answers: list[AIResponse],
    recorded: str,
    held: dict[str, tuple[str, str]],
    features: tuple[str, ...],
) -> Case:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = chosen(inputs, lambda d: keep(d) and d["country"] == inputs["country"])
        return Expected([("refund", o) for o in ids], {"refunded": len(ids)})

    return Case(
        task=Task(
            words,
            name=name,
            inputs={"customer": str, "country": str},
            outputs={"refunded": int},
            actions=[list_order_ids, get_order, refund],
        ),
        features=features,
        recorded={"customer": recorded, "country": "DE"},
        answers=answers,
        reference=reference,
        held_out=[
            HeldOut(label, {"customer": customer, "country": country})
            for label, (customer, country) in held.items()
        ],
    )


# T4: shipped to the given country, in the head; every order (and the input) was DE

COUNTRY = country_case(
    "r14_country_input",
    "Refund every order of the customer shipped to the given country whose total is over 100 "
    "EUR. Report how many you refunded.",
    lambda d: d["total"] > 100,
    per_item(CUSTOMERS["rec"], refund_big, DONE),
    "rec",
    {"fr_de": ("fr", "DE"), "plain_fr": ("plain", "FR"), "fr_fr": ("fr", "FR")},
    ("decided per item", "field equal to an input"),
)


def plain_country_answers() -> list[AIResponse]:
    out = [LIST_IDS]
    for n in range(1, len(CUSTOMERS["prec"]) + 1):
        out.append(say("I look it up.", "get_order", order_id=ref(f"list_order_ids_1.{n - 1}")))
        out.append(say("Shipped to DE: I refund it.", "refund", order_id=ref(f"get_order_{n}.id")))
    return out + DONE


# the plain-loop twin: no compute, every recorded order acted on

PLAIN_COUNTRY = country_case(
    "r14_plain_country",
    "Refund every order of the customer shipped to the given country. Report how many you "
    "refunded.",
    lambda d: True,
    plain_country_answers(),
    "prec",
    {"fr_de": ("pfr", "DE"), "fr_fr": ("pfr", "FR"), "de_again": ("prec", "DE")},
    ("plain loop", "field equal to an input"),
)

CASES = [
    MIN_ITEMS,
    THIS_YEAR,
    COUNTRY,
    EMAIL_IF_ANY,
    DATE_REC2,
    SMALL_SINGLE,
    PLAIN_COUNTRY,
    NOT_SHIPPED,
    OWED,
    NOTES,
]
NEW_PATHS: dict[str, set[str]] = {
    # an order to act on (or skip) unlike every acted order of the recording: one item, from
    # 2025, shipped or delivered, partly refunded, several items on the small side, another
    # country than the input; an email not to send because nothing was refunded
    "r14_min_items": {"one_item"},
    "r14_this_year": {"last_year"},
    "r14_country_input": {"fr_de", "plain_fr", "fr_fr"},
    "r14_email_if_any": {"none", "empty"},
    "r14_date_rec2": {"last_year"},
    "r14_small_single": {"small_multi", "plain"},
    "r14_plain_country": {"fr_de", "fr_fr"},
    "r14_not_shipped": {"shipped", "delivered"},
    "r14_owed": {"partial"},
    "r14_two_calls": {"one_item"},
}
