"""Red team round 22: loops that decide per item (compiler/passes/_decided.py), second pass.

Each task is recorded once the way a GPT-class agent given the system prompt acts (one tool call
a turn, ids by ``$ref``, the decision a ``compute``, counts typed in ``finish``), with held-out
inputs chosen to expose a wrong replay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import decided_loop, lookup, over_100, part, refund

# ------------------------------------------------------------------------------------ shared data


class Order(BaseModel):
    id: str
    total: float
    status: str
    days_old: int
    lifetime_spend: float


# id -> total, days_old, lifetime_spend. Both sides of the recording (O-11, O-13 refunded;
# O-12, O-14 left) had the same range at every field the decision does not read, and so do
# the held-out items except at the field each probe is about.
ROWS: dict[str, tuple[float, int, float]] = {
    "O-11": (149.0, 5, 400.0),
    "O-12": (35.5, 12, 800.0),
    "O-13": (220.0, 12, 800.0),
    "O-14": (80.0, 5, 400.0),
    # held-out items
    "O-21": (310.0, 8, 500.0),
    "O-22": (12.0, 6, 450.0),
    "O-23": (130.0, 10, 700.0),
    "O-24": (175.0, 11, 450.0),
    "O-25": (400.0, 6, 650.0),
    "O-31": (300.0, 60, 500.0),  # over 100 but two months old
    "O-41": (250.0, 7, 1500.0),  # a big spender
    "O-61": (60.0, 8, 550.0),
    "O-62": (18.0, 6, 500.0),
}

CLAIMS: dict[str, list[str]] = {
    "ada": ["O-11", "O-12", "O-13", "O-14"],  # recorded: T F T F
    "bo": ["O-21", "O-22", "O-23", "O-24", "O-25"],  # T F T T T : 4 over 100
    "cy": [],
    "di": ["O-14", "O-61"],  # F F
    "ed": ["O-21", "O-12", "O-31"],  # T F T(old)
    "fay": ["O-41", "O-12", "O-13"],  # T(big spender) F T
    "hal": ["O-62", "O-22", "O-13"],  # F(18) F(12) T
    "ivy": ["O-13", "O-11", "O-12"],  # T T F
}


def _order(order_id: str) -> Order:
    total, old, spend = ROWS[order_id]
    return Order(id=order_id, total=total, status="delivered", days_old=old, lifetime_spend=spend)


def over(o: str) -> bool:
    return ROWS[o][0] > 100


@action(read_only=True)
def list_claimed_orders(customer: str) -> list[str]:
    """The ids of the customer's orders claimed as damaged, oldest first."""
    return list(CLAIMS[customer])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: its total in EUR, status, age in days (days_old) and the customer's lifetime
    spend in EUR."""
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


@action
def refund_part(order_id: str, amount: float) -> str:
    """Refund part of an order's total, in EUR; returns the refund id."""
    effect("refund_part", order_id, amount)
    return f"rp-{order_id}"


@action
def refund_shipping(order_id: str, amount: float) -> str:
    """Refund (part of) an order's shipping fee, in EUR; returns the refund id."""
    effect("refund_shipping", order_id, amount)
    return f"rs-{order_id}"


def claims_task(name: str, words: str, outputs: dict[str, Any], actions: list[Any]) -> Task[Any]:
    return Task(
        words,
        name=name,
        inputs={"customer": str},
        outputs=outputs,
        actions=[list_claimed_orders, get_order, *actions],
    )


HELD = [
    HeldOut("4 of 5 over 100", {"customer": "bo"}),
    HeldOut("no orders", {"customer": "cy"}),
    HeldOut("none over 100", {"customer": "di"}),
    HeldOut("old order over 100", {"customer": "ed"}),
    HeldOut("big spender", {"customer": "fay"}),
    HeldOut("cheap ones (18, 12)", {"customer": "hal"}),
    HeldOut("T T F", {"customer": "ivy"}),
]


def plain_effects(ids: list[str]) -> list[tuple[Any, ...]]:
    return [("refund_order" if over(o) else "send_voucher", o) for o in ids]


# ------------------------------------------------------------ A: a cap the recording never reached

CAP = Case(
    task=claims_task(
        "r22_cap_not_reached",
        "The customer's orders were claimed as damaged. Look each one up, oldest first: refund it "
        "if its total is over 100 EUR, but refund no more than three orders per claim; every "
        "other order gets the standard apology voucher. Report how many orders you refunded and "
        "how many vouchers you sent.",
        {"refunded": int, "vouchers": int},
        [refund_order, send_voucher],
    ),
    features=("cap written 'no more than three', not reached in the recording",),
    recorded={"customer": "ada"},
    answers=over_100(say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)),
    reference=lambda inputs: _cap_reference(CLAIMS[inputs["customer"]], 3),
    held_out=HELD,
)


def _cap_reference(ids: list[str], cap: int) -> Expected:
    effects: list[tuple[Any, ...]] = []
    done = 0
    for o in ids:
        if over(o) and done < cap:
            effects.append(("refund_order", o))
            done += 1
        else:
            effects.append(("send_voucher", o))
    return Expected(effects, {"refunded": done, "vouchers": len(ids) - done})


CAP_UP_TO = Case(
    task=claims_task(
        "r22_cap_up_to_two",
        "The customer's orders were claimed as damaged. Look each one up, oldest first: refund it "
        "if its total is over 100 EUR, up to two refunds per claim; every other order gets the "
        "standard apology voucher. Report how many orders you refunded and how many vouchers you "
        "sent.",
        {"refunded": int, "vouchers": int},
        [refund_order, send_voucher],
    ),
    features=("cap written 'up to two', reached in the recording (control of the cap rule)",),
    recorded={"customer": "ada"},
    answers=over_100(say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)),
    reference=lambda inputs: _cap_reference(CLAIMS[inputs["customer"]], 2),
    held_out=HELD,
)

# ------------------------------------------------------------ B: a floor written in words


def _floor_reference(ids: list[str], floor: float) -> Expected:
    effects: list[tuple[Any, ...]] = []
    for o in ids:
        if over(o):
            effects.append(("refund_order", o))
        elif ROWS[o][0] >= floor:
            effects.append(("send_voucher", o))
    refunded = sum(1 for o in ids if over(o))
    return Expected(effects, {"refunded": refunded, "vouchers": len(effects) - refunded})


def _floor_case(name: str, floor_words: str) -> Case:
    return Case(
        task=claims_task(
            name,
            "The customer's orders were claimed as damaged. Look each one up: refund it if its "
            "total is over 100 EUR, otherwise send the standard apology voucher, but only for "
            f"orders of {floor_words}; cheaper orders get nothing. Report how many orders you "
            "refunded and how many vouchers you sent.",
            {"refunded": int, "vouchers": int},
            [refund_order, send_voucher],
        ),
        features=(f"voucher floor written '{floor_words}'",),
        recorded={"customer": "ada"},
        answers=over_100(say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)),
        reference=lambda inputs: _floor_reference(CLAIMS[inputs["customer"]], 20.0),
        held_out=HELD,
    )


FLOOR_WORDS = _floor_case("r22_floor_twenty_words", "twenty euros or more")
FLOOR_AND_UP = _floor_case("r22_floor_and_up", "20 EUR and up")
FLOOR_NOT_CHEAPER = _floor_case("r22_floor_not_cheaper", "no cheaper than 20 EUR")
FLOOR_CONTROL = _floor_case("r22_floor_at_least_control", "at least 20 EUR")

# ------------------------------------------------------------ C: a hidden 'less than a month ago'


def _recent_reference(inputs: dict[str, Any]) -> Expected:
    ids = CLAIMS[inputs["customer"]]
    ok = [over(o) and ROWS[o][1] < 30 for o in ids]
    effects = [("refund_order" if k else "send_voucher", o) for o, k in zip(ids, ok, strict=True)]
    return Expected(effects, {"refunded": sum(ok), "vouchers": len(ids) - sum(ok)})


RECENT = Case(
    task=claims_task(
        "r22_recent_hidden",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR and it was placed less than a month ago; otherwise send the standard "
        "apology voucher. Report how many orders you refunded and how many vouchers you sent.",
        {"refunded": int, "vouchers": int},
        [refund_order, send_voucher],
    ),
    features=("hidden condition on an unread number field, all recorded items inside it",),
    recorded={"customer": "ada"},
    answers=over_100(say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)),
    reference=_recent_reference,
    held_out=HELD,
)

# ------------------------------------------------------------ D: a rate chosen by a field


def _rate_reference(inputs: dict[str, Any]) -> Expected:
    ids = CLAIMS[inputs["customer"]]
    effects: list[tuple[Any, ...]] = []
    for o in ids:
        if over(o):
            rate = 0.3 if ROWS[o][2] > 1000 else 0.2
            effects.append(("refund_part", o, round(ROWS[o][0] * rate, 2)))
        else:
            effects.append(("send_voucher", o))
    return Expected(effects, {"refunded": sum(1 for o in ids if over(o))})


RATE = Case(
    task=claims_task(
        "r22_rate_by_spend",
        "The customer's orders were claimed as damaged. Look each one up: if its total is over "
        "100 EUR refund 20% of the total, or 30% if the customer has spent over 1,000 EUR with "
        "us; otherwise send the standard apology voucher. Report how many orders you refunded "
        "part of.",
        {"refunded": int},
        [refund_part, send_voucher],
    ),
    features=("per-item compute whose rate is a choice the words offer by an unread field",),
    recorded={"customer": "ada"},
    answers=over_100(
        say("Two orders partly refunded.", "finish", refunded=2),
        part,
        extra_computes=lambda side: 1 if side else 0,
    ),
    reference=_rate_reference,
    held_out=HELD,
)

# ------------------------------------------------------------ E: shipping fee capped in words


class LateOrder(BaseModel):
    id: str
    days_late: int
    shipping_fee: float


LATE: dict[str, tuple[int, float]] = {
    "L-1": (4, 6.5),
    "L-2": (1, 9.9),
    "L-3": (5, 9.9),
    "L-4": (0, 6.5),
    "L-5": (6, 25.0),  # fee over the cap
    "L-6": (3, 7.0),
    "L-7": (0, 9.0),
}
LATE_LISTS: dict[str, list[str]] = {
    "ada": ["L-1", "L-2", "L-3", "L-4"],  # recorded: T F T F
    "bo": ["L-5", "L-2", "L-6"],
    "cy": [],
    "di": ["L-6", "L-7", "L-1"],
}


@action(read_only=True)
def list_late_orders(customer: str) -> list[str]:
    """The ids of the customer's orders that arrived late."""
    return list(LATE_LISTS[customer])


@action(read_only=True)
def get_late_order(order_id: str) -> LateOrder:
    """One late order: how many days late it arrived and the shipping fee paid, in EUR."""
    late, fee = LATE[order_id]
    return LateOrder(id=order_id, days_late=late, shipping_fee=fee)


def _fee_reference(inputs: dict[str, Any]) -> Expected:
    ids = LATE_LISTS[inputs["customer"]]
    effects: list[tuple[Any, ...]] = []
    for o in ids:
        if LATE[o][0] > 2:
            effects.append(("refund_shipping", o, min(LATE[o][1], 15.0)))
        else:
            effects.append(("send_voucher", o))
    return Expected(effects, {"refunded": sum(1 for o in ids if LATE[o][0] > 2)})


def _fee_answers() -> list[AIResponse]:
    return decided_loop(
        say("I list the late orders.", "list_late_orders", customer=ref("customer")),
        lookup("get_late_order", "list_late_orders_1", "I look it up."),
        lambda n: f"get_late_order_{n}.days_late > 2",
        [True, False, True, False],
        lambda n, c: [
            say(
                "Late: I refund its shipping fee.",
                "refund_shipping",
                order_id=ref(f"get_late_order_{n}.id"),
                amount=ref(f"get_late_order_{n}.shipping_fee"),
            )
        ],
        lambda n, c: [say("A voucher.", "send_voucher", order_id=ref(f"get_late_order_{n}.id"))],
        [say("Two shipping fees refunded.", "finish", refunded=2)],
        why="How late?",
    )


FEE = Case(
    task=Task(
        "These orders of the customer arrived late. Look each one up: if it arrived more than 2 "
        "days late, refund its shipping fee (up to 15 EUR); otherwise send the standard apology "
        "voucher. Report how many shipping fees you refunded.",
        name="r22_fee_up_to",
        inputs={"customer": str},
        outputs={"refunded": int},
        actions=[list_late_orders, get_late_order, refund_shipping, send_voucher],
    ),
    features=("a field passed on, capped by the words, every recorded value under the cap",),
    recorded={"customer": "ada"},
    answers=_fee_answers(),
    reference=_fee_reference,
    held_out=[
        HeldOut("fee over 15", {"customer": "bo"}),
        HeldOut("empty", {"customer": "cy"}),
        HeldOut("fees under 15", {"customer": "di"}),
    ],
)

# ------------------------------------------------------------ F: counts named for the wrong side


class Expense(BaseModel):
    id: str
    amount: float
    receipt_attached: bool


EXPENSES: dict[str, tuple[float, bool]] = {
    "E-1": (40.0, True),
    "E-2": (260.0, False),
    "E-3": (260.0, True),
    "E-4": (40.0, False),
    "E-5": (95.0, True),
    "E-6": (70.0, False),
    "E-7": (150.0, False),
}

REPORTS: dict[str, list[str]] = {
    "r1": ["E-1", "E-2", "E-3", "E-4"],  # recorded: T F T F
    "r2": ["E-5", "E-6", "E-7"],  # T F F
    "r3": [],
    "r4": ["E-1", "E-3", "E-5"],  # all attached
    "r5": ["E-2", "E-4", "E-6", "E-7", "E-1"],  # F F F F T
}


@action(read_only=True)
def list_expenses(report: str) -> list[str]:
    """The ids of the expenses filed in a report."""
    return list(REPORTS[report])


@action(read_only=True)
def get_expense(expense_id: str) -> Expense:
    """One expense: its amount in EUR and whether a receipt is attached."""
    amount, attached = EXPENSES[expense_id]
    return Expense(id=expense_id, amount=amount, receipt_attached=attached)


@action
def approve_expense(expense_id: str) -> str:
    """Approve an expense for reimbursement."""
    effect("approve_expense", expense_id)
    return "approved"


@action
def request_receipt(expense_id: str) -> str:
    """Ask the employee to attach the receipt of an expense."""
    effect("request_receipt", expense_id)
    return "requested"


def _receipt_transcript(finish: AIResponse) -> list[AIResponse]:
    return decided_loop(
        say("I list the report's expenses.", "list_expenses", report=ref("report")),
        lookup("get_expense", "list_expenses_1", "I look the next expense up.", "expense_id"),
        lambda n: f"get_expense_{n}.receipt_attached == True",
        [True, False, True, False],
        lambda n, c: [
            say(
                "Receipt attached: approved.",
                "approve_expense",
                expense_id=ref(f"get_expense_{n}.id"),
            )
        ],
        lambda n, c: [
            say(
                "No receipt: I ask for it.",
                "request_receipt",
                expense_id=ref(f"get_expense_{n}.id"),
            )
        ],
        [finish],
        why="I check whether its receipt is attached.",
    )


def _receipt_reference(name: str) -> Callable[[dict[str, Any]], Expected]:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = REPORTS[inputs["report"]]
        effects = [("approve_expense" if EXPENSES[e][1] else "request_receipt", e) for e in ids]
        return Expected(effects, {name: sum(1 for e in ids if not EXPENSES[e][1])})

    return reference


RECEIPT_HELD = [
    HeldOut("1 of 3 attached", {"report": "r2"}),
    HeldOut("empty", {"report": "r3"}),
    HeldOut("all attached", {"report": "r4"}),
    HeldOut("1 of 5 attached", {"report": "r5"}),
]

AWAITING = Case(
    task=Task(
        "Review every expense of the report: approve each one that has its receipt attached, and "
        "for the others ask the employee to attach the receipt. Report how many expenses are now "
        "awaiting a receipt.",
        name="r22_awaiting_receipt",
        inputs={"report": str},
        outputs={"awaiting_receipt": int},
        actions=[list_expenses, get_expense, approve_expense, request_receipt],
    ),
    features=("a turned count whose word is the other side's action's",),
    recorded={"report": "r1"},
    answers=_receipt_transcript(say("Two expenses await a receipt.", "finish", awaiting_receipt=2)),
    reference=_receipt_reference("awaiting_receipt"),
    held_out=RECEIPT_HELD,
)

# "yet to": a negation the rule does not know, over an action the name shares.


class Shipment(BaseModel):
    id: str
    payment_cleared: bool


PAID: dict[str, bool] = {
    "P-1": True,
    "P-2": False,
    "P-3": True,
    "P-4": False,
    "P-5": True,
    "P-6": False,
}
DAYS: dict[str, list[str]] = {
    "mon": ["P-1", "P-2", "P-3", "P-4"],  # recorded T F T F
    "tue": ["P-5", "P-2", "P-4", "P-6"],  # T F F F
    "wed": [],
    "thu": ["P-1", "P-3", "P-5", "P-2"],  # T T T F
}


@action(read_only=True)
def list_orders_to_ship(day: str) -> list[str]:
    """The ids of the orders due to ship on a day."""
    return list(DAYS[day])


@action(read_only=True)
def get_shipment(order_id: str) -> Shipment:
    """One order due to ship: whether its payment cleared."""
    return Shipment(id=order_id, payment_cleared=PAID[order_id])


@action
def ship_order(order_id: str) -> str:
    """Hand an order to the carrier."""
    effect("ship_order", order_id)
    return "shipped"


@action
def hold_order(order_id: str) -> str:
    """Put an order on hold until its payment clears."""
    effect("hold_order", order_id)
    return "held"


def _ship_answers() -> list[AIResponse]:
    return decided_loop(
        say("I list the day's orders.", "list_orders_to_ship", day=ref("day")),
        lookup("get_shipment", "list_orders_to_ship_1", "I look it up."),
        lambda n: f"get_shipment_{n}.payment_cleared == True",
        [True, False, True, False],
        lambda n, c: [say("Paid: ship it.", "ship_order", order_id=ref(f"get_shipment_{n}.id"))],
        lambda n, c: [say("Unpaid: hold.", "hold_order", order_id=ref(f"get_shipment_{n}.id"))],
        [say("Two orders are yet to ship.", "finish", yet_to_ship=2)],
        why="Did the payment clear?",
    )


YET = Case(
    task=Task(
        "Go through the orders due to ship today: ship each one whose payment cleared, and put "
        "the others on hold. Report how many orders are yet to ship.",
        name="r22_yet_to_ship",
        inputs={"day": str},
        outputs={"yet_to_ship": int},
        actions=[list_orders_to_ship, get_shipment, ship_order, hold_order],
    ),
    features=("'yet to' negation, the name shares the acting side's word",),
    recorded={"day": "mon"},
    answers=_ship_answers(),
    reference=lambda inputs: Expected(
        [("ship_order" if PAID[o] else "hold_order", o) for o in DAYS[inputs["day"]]],
        {"yet_to_ship": sum(1 for o in DAYS[inputs["day"]] if not PAID[o])},
    ),
    held_out=[
        HeldOut("1 of 4 paid", {"day": "tue"}),
        HeldOut("empty", {"day": "wed"}),
        HeldOut("3 of 4 paid", {"day": "thu"}),
    ],
)

# Refund or deny; the count of denials is named by the refund word.


@action
def deny_claim(order_id: str, reason: str) -> str:
    """Deny a damage claim with a reason the customer sees."""
    effect("deny_claim", order_id, reason)
    return "denied"


DENIED = Case(
    task=claims_task(
        "r22_refunds_denied",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise deny the claim as below the refund threshold. Report how "
        "many refunds you denied.",
        {"refunds_denied": int},
        [refund_order, deny_claim],
    ),
    features=("count named by the other side's word (refunds) with an unknown verb (denied)",),
    recorded={"customer": "ada"},
    answers=over_100(
        say("I denied two refunds.", "finish", refunds_denied=2),
        refund,
        lambda n, c: [
            say(
                "Not over 100: denied.",
                "deny_claim",
                order_id=ref(f"get_order_{n}.id"),
                reason="below the refund threshold",
            )
        ],
    ),
    reference=lambda inputs: Expected(
        [
            ("refund_order", o) if over(o) else ("deny_claim", o, "below the refund threshold")
            for o in CLAIMS[inputs["customer"]]
        ],
        {"refunds_denied": sum(1 for o in CLAIMS[inputs["customer"]] if not over(o))},
    ),
    held_out=HELD,
)

# ------------------------------------------------------------ G: contrasted words, other phrasing


class Parcel(BaseModel):
    id: str
    weight_kg: float
    destination: str


PARCELS: dict[str, tuple[float, str]] = {
    "S-1": (0.8, "Lyon"),
    "S-2": (12.5, "Nice"),
    "S-3": (1.2, "Nice"),
    "S-4": (31.0, "Lyon"),
    "S-5": (1.0, "Paris"),
    "S-6": (8.0, "Paris"),
    "S-7": (0.4, "Lyon"),
}
BATCHES: dict[str, list[str]] = {
    "mon": ["S-1", "S-2", "S-3", "S-4"],  # recorded: light Lyon, heavy Nice, light Nice, heavy Lyon
    "tue": ["S-5", "S-2", "S-7"],  # light Paris
    "wed": ["S-6", "S-1"],
    "thu": [],
}


@action(read_only=True)
def list_parcels(batch: str) -> list[str]:
    """The ids of the parcels packed in a batch."""
    return list(BATCHES[batch])


@action(read_only=True)
def get_parcel(parcel_id: str) -> Parcel:
    """One parcel: its weight in kg and its destination city."""
    weight, city = PARCELS[parcel_id]
    return Parcel(id=parcel_id, weight_kg=weight, destination=city)


@action
def book_freight(parcel_id: str) -> str:
    """Book a freight pick-up for a parcel."""
    effect("book_freight", parcel_id)
    return f"fr-{parcel_id}"


@action
def book_post(parcel_id: str, service: str) -> str:
    """Book parcel post for a parcel with a service level (standard or express)."""
    effect("book_post", parcel_id, service)
    return f"pp-{parcel_id}"


def _service_case(name: str, words: str) -> Case:
    out = [say("I list the batch.", "list_parcels", batch=ref("batch"))]
    for n, side in enumerate([False, True, False, True], start=1):
        out.append(say("I look it up.", "get_parcel", parcel_id=ref(f"list_parcels_1.{n - 1}")))
        out.append(say("Heavy?", "compute", expression=f"get_parcel_{n}.weight_kg > 2"))
        if side:
            out.append(say("Heavy: freight.", "book_freight", parcel_id=ref(f"get_parcel_{n}.id")))
        else:
            out.append(
                say(
                    "Light and not for Paris: standard post.",
                    "book_post",
                    parcel_id=ref(f"get_parcel_{n}.id"),
                    service="standard",
                )
            )
    out.append(say("Two by freight, two by post.", "finish", freight=2, post=2))

    def reference(inputs: dict[str, Any]) -> Expected:
        ids = BATCHES[inputs["batch"]]
        effects: list[tuple[Any, ...]] = []
        for s in ids:
            weight, city = PARCELS[s]
            if weight > 2:
                effects.append(("book_freight", s))
            else:
                effects.append(("book_post", s, "express" if city == "Paris" else "standard"))
        heavy = sum(1 for s in ids if PARCELS[s][0] > 2)
        return Expected(effects, {"freight": heavy, "post": len(ids) - heavy})

    return Case(
        task=Task(
            words,
            name=name,
            inputs={"batch": str},
            outputs={"freight": int, "post": int},
            actions=[list_parcels, get_parcel, book_freight, book_post],
        ),
        features=("a word chosen per item by the city, contrasted in other phrasing",),
        recorded={"batch": "mon"},
        answers=out,
        reference=reference,
        held_out=[
            HeldOut("light to Paris", {"batch": "tue"}),
            HeldOut("heavy to Paris", {"batch": "wed"}),
            HeldOut("empty", {"batch": "thu"}),
        ],
    )


SERVICE_SEMI = _service_case(
    "r22_service_semicolon",
    "Book transport for every parcel of the batch: a parcel over 2 kg goes by freight. Lighter "
    "parcels go by post: parcels for Paris go express; all other parcels go standard. Report how "
    "many went by freight and how many by post.",
)
SERVICE_UNLESS = _service_case(
    "r22_service_unless",
    "Book transport for every parcel of the batch: a parcel over 2 kg goes by freight, a lighter "
    "one by standard post unless it is bound for Paris, which gets the express service. Report "
    "how many went by freight and how many by post.",
)

# ------------------------------------------------------------ H: a sum after a worked-out value

SUM = Case(
    task=claims_task(
        "r22_partial_sum",
        "The customer's orders were claimed as damaged. Look each one up: if its total is over "
        "100 EUR refund 20% of the total; otherwise send the standard apology voucher. Report "
        "how many orders you refunded part of and the total amount refunded in EUR.",
        {"refunded": int, "amount": float},
        [refund_part, send_voucher],
    ),
    features=("per-item value and its sum after the loop",),
    recorded={"customer": "ada"},
    answers=over_100(
        say("Two orders, 73.8 EUR in all.", "finish", refunded=2, amount=73.8),
        part,
        extra_computes=lambda side: 1 if side else 0,
    ),
    reference=lambda inputs: Expected(
        [
            ("refund_part", o, round(ROWS[o][0] * 0.2, 2)) if over(o) else ("send_voucher", o)
            for o in CLAIMS[inputs["customer"]]
        ],
        {
            "refunded": sum(1 for o in CLAIMS[inputs["customer"]] if over(o)),
            "amount": round(
                sum(round(ROWS[o][0] * 0.2, 2) for o in CLAIMS[inputs["customer"]] if over(o)), 2
            ),
        },
    ),
    held_out=HELD,
)

CASES = [
    CAP,
    CAP_UP_TO,
    FLOOR_WORDS,
    FLOOR_AND_UP,
    FLOOR_NOT_CHEAPER,
    FLOOR_CONTROL,
    RECENT,
    RATE,
    FEE,
    AWAITING,
    YET,
    DENIED,
    SERVICE_SEMI,
    SERVICE_UNLESS,
    SUM,
]
NEW_PATHS: dict[str, set[str]] = {}
