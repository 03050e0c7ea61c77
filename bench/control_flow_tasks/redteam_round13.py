"""Red-team round 13's findings on loops that decide per item and on optional inputs (commit
0cdb380), with four of its tasks that held up.

The per-item loop (``compiler/passes/_decided.py``): the agent lists a customer's order ids, looks
each up, decides ``total > 100`` in a ``compute`` and acts on one side. Found WRONG: a count typed
after the loop that means something else than the items acted on (``skipped=2``, ``kept=2``,
``units=2`` when each reorder was of 1 unit) was returned as ``len(acted)``; a word or flag every
acted item had alike (``team='finance'`` for domestic orders, not refunded yet) was kept on any
item. Now such a count is used only while the list is as recorded, and the acting side goes on
only where the item's field reads as on every acted item (an export order, a refunded or a closed
one stops before its change).

Optional inputs (``gift_message: str | None``, ``note: str | None``) recorded given: left out
(``None`` or ``''``), the order was gift-wrapped without a message, or the confirmation said
"Note from us: None". Now the first change goes on only while the input is given as recorded.

Held up: two computes per item (open, then over 100), the acted ids copied into the output, a
decision on the previous item's total, and a note recorded left out.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import held, lookup

# ----------------------------------------------------------------------------- orders


class Order(BaseModel):
    id: str
    total: float
    status: str
    region: str
    refunded: bool
    reorder_qty: int


def order(
    total: float,
    status: str = "open",
    region: str = "domestic",
    refunded: bool = False,
    qty: int = 1,
) -> tuple[float, str, str, bool, int]:
    return (total, status, region, refunded, qty)


ORDERS: dict[str, tuple[float, str, str, bool, int]] = {
    # recorded: two over 100, all open, domestic, not refunded, reorder quantity 1
    "O-1": order(250.0),
    "O-2": order(40.0),
    "O-3": order(180.0),
    "O-4": order(60.0),
    # recorded: the two over 100 open, domestic, not refunded; the others otherwise
    "R-1": order(250.0),
    "R-2": order(40.0, region="export", refunded=True, qty=3),
    "R-3": order(180.0),
    "R-4": order(60.0, status="closed", region="export", qty=2),
    # recorded: each order's total against the one before it
    "S-1": order(100.0),
    "S-2": order(150.0, region="export", refunded=True, qty=2),
    "S-3": order(120.0, status="closed"),
    "S-4": order(200.0, region="export", qty=3),
    "S-5": order(90.0),
    # held out
    "P-1": order(300.0, status="closed", qty=3),
    "P-2": order(20.0, region="export", qty=2),
    "P-3": order(150.0, region="export", qty=5),
    "P-4": order(500.0, refunded=True),
    "P-5": order(120.0, qty=4),
    "P-6": order(90.0),
    "P-7": order(101.0),
    "P-8": order(30.0),
    "P-9": order(70.0),
}

CUSTOMERS: dict[str, list[str]] = {
    "rec": ["O-1", "O-2", "O-3", "O-4"],
    "rec2": ["R-1", "R-2", "R-3", "R-4"],
    "srec": ["S-1", "S-2", "S-3", "S-4", "S-5"],
    "closed_big": ["P-1", "P-2", "P-5"],
    "export_big": ["P-3", "P-5", "P-6"],
    "refunded_big": ["P-4", "P-5", "P-6"],
    "one_of_three": ["P-5", "P-6", "P-2"],
    "three_of_three": ["P-5", "P-7", "P-3"],
    "none": ["P-6", "P-2"],
    "empty": [],
    "qty": ["P-5", "P-6", "P-7"],
    "plain_1of3": ["P-5", "P-6", "P-8"],
    "plain_3of4": ["P-5", "P-7", "P-9", "O-1"],
    "plain_1of1": ["P-5"],
    "s_other": ["P-6", "P-5", "P-7", "P-1"],
    "s_desc": ["P-1", "P-5", "P-6"],
}


@action(read_only=True)
def list_order_ids(customer: str) -> list[str]:
    """The ids of the customer's orders, oldest first."""
    return list(CUSTOMERS[customer])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: its total (EUR), status (open/closed), region (domestic/export), whether it was
    refunded already, and reorder quantity."""
    total, status, region, refunded, qty = ORDERS[order_id]
    return Order(
        id=order_id,
        total=total,
        status=status,
        region=region,
        refunded=refunded,
        reorder_qty=qty,
    )


@action
def refund(order_id: str) -> str:
    """Refund an order in full."""
    effect("refund", order_id)
    return f"rf-{order_id}"


@action
def request_approval(order_id: str, team: str) -> str:
    """Ask a team (finance or export) to approve an order."""
    effect("request_approval", order_id, team)
    return f"apr-{order_id}"


@action
def reorder(order_id: str, quantity: int) -> str:
    """Place a reorder for an order's items."""
    effect("reorder", order_id, quantity)
    return f"re-{order_id}"


def over_100(customer: str) -> list[str]:
    return [o for o in CUSTOMERS[customer] if ORDERS[o][0] > 100]


LIST_IDS = say("I list the customer's order ids.", "list_order_ids", customer=ref("customer"))
look = lookup("get_order", "list_order_ids_1")


def per_item(
    ids: list[str],
    acts: Callable[[str], bool],
    act: Callable[[str], AIResponse],
    finish: AIResponse,
    checks: tuple[str, ...] = (),
) -> list[AIResponse]:
    """The recorded transcript: the listing, then per item its lookup, a ``compute`` for each of
    ``checks`` (``{v}`` the lookup's name), ``{v}.total > 100``, and ``act`` (``{v}`` too) where
    ``acts``; then finish."""
    out = [LIST_IDS]
    for n, oid in enumerate(ids, start=1):
        v = f"get_order_{n}"
        out.append(look(n))
        for check in checks:
            out.append(say("I check it.", "compute", expression=check.format(v=v)))
        out.append(say("I check the rule.", "compute", expression=f"{v}.total > 100"))
        if acts(oid):
            out.append(act(v))
    out.append(finish)
    return out


def refund_turn(why: str) -> Callable[[str], AIResponse]:
    return lambda v: say(why, "refund", order_id=ref(f"{v}.id"))


def is_big(oid: str) -> bool:
    return ORDERS[oid][0] > 100


def loop_case(
    name: str,
    words: str,
    outputs: dict[str, type],
    actions: list[Any],
    reference: Callable[[dict[str, Any]], Expected],
    answers: list[AIResponse],
    held_out: list[str],
    features: tuple[str, ...],
    recorded: str = "rec2",
) -> Case:
    return Case(
        task=Task(words, name=name, inputs={"customer": str}, outputs=outputs, actions=actions),
        features=features,
        recorded={"customer": recorded},
        answers=answers,
        reference=reference,
        held_out=held("customer", held_out),
    )


PLAIN = [
    "plain_1of3",
    "plain_3of4",
    "plain_1of1",
    "export_big",
    "refunded_big",
    "closed_big",
    "qty",
]
"""Held out for the tasks recorded on ``rec2``."""
GUARDED = {"export_big", "refunded_big", "closed_big"}
"""An order over 100 that is export, refunded already or closed: every order the recording acted
on was open, domestic and not refunded, so the acting side stops there."""

REFUND_BIG = "Refund every order of the customer whose total is over 100 EUR."

# B2: the count of the orders skipped, typed; as many as the refunds in the recording


def skipped_reference(inputs: dict[str, Any]) -> Expected:
    big = over_100(inputs["customer"])
    skipped = len(CUSTOMERS[inputs["customer"]]) - len(big)
    return Expected([("refund", o) for o in big], {"refunded": len(big), "skipped": skipped})


SKIPPED = loop_case(
    "r13_skipped_count",
    f"{REFUND_BIG} Report how many you refunded and how many you skipped.",
    {"refunded": int, "skipped": int},
    [list_order_ids, get_order, refund],
    skipped_reference,
    per_item(
        CUSTOMERS["rec2"],
        is_big,
        refund_turn("Over 100: I refund it."),
        say("Done: 2 refunded, 2 skipped.", "finish", refunded=2, skipped=2),
    ),
    PLAIN,
    ("decided per item", "count of the others typed"),
)

# C2: the team, a word worked out per item in the head; every acted order was domestic


def team_reference(inputs: dict[str, Any]) -> Expected:
    big = over_100(inputs["customer"])
    teams = ["finance" if ORDERS[o][2] == "domestic" else "export" for o in big]
    effects = [("request_approval", o, t) for o, t in zip(big, teams, strict=True)]
    return Expected(effects, {"requested": len(big)})


TEAM = loop_case(
    "r13_team_word",
    "For every order of the customer over 100 EUR, request approval: from the finance team for "
    "domestic orders, from the export team for export orders. Report how many approvals you "
    "requested.",
    {"requested": int},
    [list_order_ids, get_order, request_approval],
    team_reference,
    per_item(
        CUSTOMERS["rec2"],
        is_big,
        lambda v: say(
            "Over 100 and domestic: finance approves it.",
            "request_approval",
            order_id=ref(f"{v}.id"),
            team="finance",
        ),
        say("Done.", "finish", requested=2),
    ),
    PLAIN,
    ("decided per item", "word per item in the head"),
)

# E2: a second condition never computed: not refunded yet (every acted order was not)


def unrefunded_reference(inputs: dict[str, Any]) -> Expected:
    big = [o for o in over_100(inputs["customer"]) if not ORDERS[o][3]]
    return Expected([("refund", o) for o in big], {"refunded": len(big)})


UNREFUNDED = loop_case(
    "r13_hidden_refunded",
    f"{REFUND_BIG[:-1]} and that has not been refunded yet. Report how many you refunded.",
    {"refunded": int},
    [list_order_ids, get_order, refund],
    unrefunded_reference,
    per_item(
        CUSTOMERS["rec2"],
        is_big,
        refund_turn("Over 100 and not refunded yet: I refund it."),
        say("Done.", "finish", refunded=2),
    ),
    PLAIN,
    ("decided per item", "condition in the head"),
)

# F2: the units reordered, a sum typed; as many as the reorders while each was of 1 unit


def units_reference(inputs: dict[str, Any]) -> Expected:
    big = over_100(inputs["customer"])
    effects = [("reorder", o, ORDERS[o][4]) for o in big]
    return Expected(effects, {"units": sum(ORDERS[o][4] for o in big)})


UNITS = loop_case(
    "r13_units_sum",
    "Reorder every order of the customer whose total is over 100 EUR, with the order's reorder "
    "quantity. Report how many units you reordered in all.",
    {"units": int},
    [list_order_ids, get_order, reorder],
    units_reference,
    per_item(
        CUSTOMERS["rec2"],
        is_big,
        lambda v: say(
            "Over 100: I reorder it.",
            "reorder",
            order_id=ref(f"{v}.id"),
            quantity=ref(f"{v}.reorder_qty"),
        ),
        say("Done: 1 + 1 = 2 units.", "finish", units=2),
    ),
    PLAIN,
    ("decided per item", "sum typed"),
)

# H: only the count of the orders kept, typed


def kept_reference(inputs: dict[str, Any]) -> Expected:
    big = over_100(inputs["customer"])
    kept = len(CUSTOMERS[inputs["customer"]]) - len(big)
    return Expected([("refund", o) for o in big], {"kept": kept})


KEPT = loop_case(
    "r13_kept_only",
    f"{REFUND_BIG} Report how many orders you kept (did not refund).",
    {"kept": int},
    [list_order_ids, get_order, refund],
    kept_reference,
    per_item(
        CUSTOMERS["rec2"],
        is_big,
        refund_turn("Over 100: I refund it."),
        say("Done: 2 kept.", "finish", kept=2),
    ),
    PLAIN,
    ("decided per item", "count of the others typed"),
)

# A2 (held up): two computes per item, open (mixed) and over 100


def open_big_reference(inputs: dict[str, Any]) -> Expected:
    big = [o for o in over_100(inputs["customer"]) if ORDERS[o][1] == "open"]
    return Expected([("refund", o) for o in big], {"refunded": len(big)})


OPEN_BIG = loop_case(
    "r13_two_computes",
    "Refund every open order of the customer whose total is over 100 EUR. Report how many you "
    "refunded.",
    {"refunded": int},
    [list_order_ids, get_order, refund],
    open_big_reference,
    per_item(
        CUSTOMERS["rec2"],
        lambda oid: is_big(oid) and ORDERS[oid][1] == "open",
        refund_turn("Open and over 100: I refund it."),
        say("Done.", "finish", refunded=2),
        checks=("{v}.status == 'open'",),
    ),
    PLAIN,
    ("decided per item", "two computes"),
)

# D (held up): the refunded ids copied into the output as literals


def ids_reference(inputs: dict[str, Any]) -> Expected:
    big = over_100(inputs["customer"])
    return Expected([("refund", o) for o in big], {"refunded": big})


STD = [
    "closed_big",
    "export_big",
    "refunded_big",
    "one_of_three",
    "three_of_three",
    "none",
    "empty",
]

IDS = loop_case(
    "r13_list_copied",
    f"{REFUND_BIG} Return the ids of the orders you refunded.",
    {"refunded": list[str]},
    [list_order_ids, get_order, refund],
    ids_reference,
    per_item(
        CUSTOMERS["rec"],
        is_big,
        refund_turn("Over 100: I refund it."),
        say("Done.", "finish", refunded=["O-1", "O-3"]),
    ),
    STD,
    ("decided per item", "ids copied"),
    recorded="rec",
)

# I (held up): each order against the one before it


def rising_reference(inputs: dict[str, Any]) -> Expected:
    ids = CUSTOMERS[inputs["customer"]]
    hit = [b for a, b in pairwise(ids) if ORDERS[b][0] > ORDERS[a][0]]
    return Expected([("refund", o) for o in hit], {"refunded": len(hit)})


def rising_answers() -> list[AIResponse]:
    ids = CUSTOMERS["srec"]
    out = [
        LIST_IDS,
        say("I look the first order up.", "get_order", order_id=ref("list_order_ids_1.0")),
    ]
    for n in range(2, len(ids) + 1):
        out.append(look(n))
        out.append(
            say(
                "Is it higher than the previous one?",
                "compute",
                expression=f"get_order_{n}.total > get_order_{n - 1}.total",
            )
        )
        if ORDERS[ids[n - 1]][0] > ORDERS[ids[n - 2]][0]:
            out.append(say("Higher: I refund it.", "refund", order_id=ref(f"get_order_{n}.id")))
    out.append(say("Done.", "finish", refunded=2))
    return out


RISING = loop_case(
    "r13_prev_item",
    "Refund every order of the customer whose total is higher than the order just before it. "
    "Report how many you refunded.",
    {"refunded": int},
    [list_order_ids, get_order, refund],
    rising_reference,
    rising_answers(),
    ["s_other", "s_desc", "plain_3of4", "qty"],
    ("decision on the previous item",),
    recorded="srec",
)

# ----------------------------------------------------------------------------- optional inputs


@action
def add_gift_wrap(order_id: str) -> str:
    """Gift-wrap an order."""
    effect("add_gift_wrap", order_id)
    return "wrapped"


@action
def set_gift_message(order_id: str, message: str) -> str:
    """Attach a gift message card to an order."""
    effect("set_gift_message", order_id, message)
    return "set"


@action
def send_confirmation(order_id: str, text: str) -> str:
    """Send the order's customer a confirmation email."""
    effect("send_confirmation", order_id, text)
    return "sent"


def gift_reference(inputs: dict[str, Any]) -> Expected:
    oid, message = inputs["order_id"], inputs["gift_message"]
    if not message:
        return Expected([], {"wrapped": False})
    return Expected([("add_gift_wrap", oid), ("set_gift_message", oid, message)], {"wrapped": True})


GIFT = Case(
    task=Task(
        "If a gift message is given, gift-wrap the order and attach the message to it. Report "
        "whether you wrapped it.",
        name="r13_gift",
        inputs={"order_id": str, "gift_message": str | None},
        outputs={"wrapped": bool},
        actions=[add_gift_wrap, set_gift_message],
    ),
    features=("optional input", "first change does not read it"),
    recorded={"order_id": "O-1", "gift_message": "Happy birthday!"},
    answers=[
        say(
            "A gift message is given, so I gift-wrap the order first.",
            "add_gift_wrap",
            order_id=ref("order_id"),
        ),
        say(
            "Now I attach the message.",
            "set_gift_message",
            order_id=ref("order_id"),
            message=ref("gift_message"),
        ),
        say("Done.", "finish", wrapped=True),
    ],
    reference=gift_reference,
    held_out=[
        HeldOut("none", {"order_id": "O-3", "gift_message": None}),
        HeldOut("empty", {"order_id": "O-3", "gift_message": ""}),
        HeldOut("other", {"order_id": "O-3", "gift_message": "Congrats"}),
    ],
)


def note_reference(inputs: dict[str, Any]) -> Expected:
    oid, note = inputs["order_id"], inputs["note"]
    text = f"Your order {oid} is confirmed." + (f" Note from us: {note}" if note else "")
    return Expected([("send_confirmation", oid, text)], {"text": text})


def note_case(name: str, note: str | None, why: str, expression: str, held: dict[str, Any]) -> Case:
    return Case(
        task=Task(
            "Send the customer a confirmation of the order. If a note is given, add it to the "
            "confirmation.",
            name=name,
            inputs={"order_id": str, "note": str | None},
            outputs={"text": str},
            actions=[send_confirmation],
        ),
        features=("optional input", "read in a compute"),
        recorded={"order_id": "O-1", "note": note},
        answers=[
            say(why, "compute", expression=expression),
            say("I send it.", "send_confirmation", order_id=ref("order_id"), text=ref("compute_1")),
            say("Done.", "finish", text=ref("compute_1")),
        ],
        reference=note_reference,
        held_out=[HeldOut(label, {"order_id": "O-3", "note": n}) for label, n in held.items()],
    )


NOTE = note_case(
    "r13_note",
    "Ships Monday.",
    "I write the confirmation text with the note.",
    "f'Your order {order_id} is confirmed. Note from us: {note}'",
    {"none": None, "empty": "", "other": "Thanks"},
)
NO_NOTE = note_case(  # held up
    "r13_no_note",
    None,
    "No note; I write the confirmation text.",
    "f'Your order {order_id} is confirmed.'",
    {"given": "Thanks", "empty": "", "none": None},
)

CASES = [SKIPPED, TEAM, UNREFUNDED, UNITS, KEPT, GIFT, NOTE, OPEN_BIG, IDS, RISING, NO_NOTE]
NEW_PATHS: dict[str, set[str]] = {
    # an order to act on that is export, refunded or closed, never seen on the acting side;
    # an optional input left out (or given) where the recording had it given (or left out)
    **{case.name: GUARDED for case in (SKIPPED, TEAM, UNREFUNDED, UNITS, KEPT)},
    "r13_two_computes": {"export_big", "refunded_big"},
    "r13_list_copied": GUARDED | {"three_of_three"},
    "r13_gift": {"none", "empty"},
    "r13_note": {"none", "empty"},
    "r13_no_note": {"given"},
}
