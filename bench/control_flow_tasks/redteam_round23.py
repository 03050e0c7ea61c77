"""Red team round 23: loops that decide per item (compiler/passes/_decided.py), third pass.

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
from ._api_kit import listing, look, nothing, over_100, part, refund

# ------------------------------------------------------------------------------------ shared data


class Order(BaseModel):
    id: str
    total: float
    status: str
    days_old: int
    units: int
    tags: list[str]
    refunded_at: str | None
    customer: dict[str, str]
    loyalty: str


BASE: dict[str, Any] = {
    "status": "delivered",
    "days_old": 6,
    "units": 1,
    "tags": [],
    "refunded_at": None,
    "customer": {"tier": "standard"},
    "loyalty": "standard",
}

ROWS: dict[str, dict[str, Any]] = {
    "O-11": {"total": 149.0},
    "O-12": {"total": 35.5},
    "O-13": {"total": 220.0},
    "O-14": {"total": 80.0},
    # held-out items
    "O-21": {"total": 310.0},
    "O-22": {"total": 12.0},
    "O-23": {"total": 130.0},
    "O-24": {"total": 175.0},
    "O-25": {"total": 400.0},
    "O-51": {"total": 160.0, "refunded_at": "2026-02-03"},  # already refunded
    "O-52": {"total": 150.0, "tags": ["gift"]},  # a gift order over 100
    "O-53": {"total": 40.0, "tags": ["gift"]},
    "O-54": {"total": 60.0, "customer": {"tier": "vip"}},  # VIP under 100
    "O-57": {"total": 250.0, "customer": {"tier": "vip"}},
    "O-58": {"total": 60.0, "loyalty": "gold"},  # gold members
    "O-59": {"total": 250.0, "loyalty": "gold"},
    "O-55": {"total": 130.0, "units": 3},
    "O-56": {"total": 50.0, "units": 2},
}

CLAIMS: dict[str, list[str]] = {
    "ada": ["O-11", "O-12", "O-13", "O-14"],  # recorded: T F T F
    "ann": ["O-12", "O-13", "O-14"],  # recorded: F T F (one refund)
    "bo": ["O-21", "O-22", "O-23", "O-24", "O-25"],  # T F T T T : 4 over 100
    "cy": [],
    "di": ["O-14", "O-12"],  # F F
    "ed": ["O-51", "O-13", "O-12"],  # already refunded, T, F
    "fay": ["O-52", "O-53", "O-11"],  # gift over 100, gift under, T
    "gil": ["O-54", "O-57", "O-12"],  # VIP under 100, VIP over, F
    "jo": ["O-58", "O-59", "O-12"],  # gold under 100, gold over, F
    "hal": ["O-55", "O-56", "O-14"],  # 3 units T, 2 units F, F
    "ivy": ["O-13", "O-11", "O-12"],  # T T F
}


def row(o: str) -> dict[str, Any]:
    return {"id": o, **BASE, **ROWS[o]}


def over(o: str) -> bool:
    return bool(row(o)["total"] > 100)


@action(read_only=True)
def list_claimed_orders(customer: str) -> list[str]:
    """The ids of the customer's orders claimed as damaged, oldest first."""
    return list(CLAIMS[customer])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: its total in EUR, status, age in days (days_old), how many units it held,
    its tags, when it was refunded (refunded_at, null if never), the customer (with their
    tier) and the customer's loyalty level."""
    return Order(**row(order_id))


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
    HeldOut("already refunded", {"customer": "ed"}),
    HeldOut("gift orders", {"customer": "fay"}),
    HeldOut("VIP customer", {"customer": "gil"}),
    HeldOut("several units", {"customer": "hal"}),
    HeldOut("gold member", {"customer": "jo"}),
    HeldOut("T T F", {"customer": "ivy"}),
]


def plain_reference(
    outputs: Callable[[list[str], int, int], dict[str, Any]],
    *,
    skip: Callable[[dict[str, Any]], bool] = lambda r: False,
    vip_full: bool = False,
    cap: int | None = None,
) -> Callable[[dict[str, Any]], Expected]:
    """Refund over 100 (or VIP with vip_full), else voucher; ``skip``: neither."""

    def reference(inputs: dict[str, Any]) -> Expected:
        ids = CLAIMS[inputs["customer"]]
        effects: list[tuple[Any, ...]] = []
        refunded = vouchers = 0
        for o in ids:
            r = row(o)
            if skip(r):
                continue
            wants = r["total"] > 100 or (vip_full and r["customer"]["tier"] == "vip")
            if wants and (cap is None or refunded < cap):
                effects.append(("refund_order", o))
                refunded += 1
            else:
                effects.append(("send_voucher", o))
                vouchers += 1
        return Expected(effects, outputs(ids, refunded, vouchers))

    return reference


# ------------------------------------------- A: a count named by a refusal of one side's action


def _declined_case(name: str, label: str, words: str, question: str) -> Case:
    return Case(
        task=claims_task(
            name,
            "The customer's orders were claimed as damaged. Look each one up: refund it if its "
            f"total is over 100 EUR; {words}. Report {question}.",
            {label: int},
            [refund_order, send_voucher],
        ),
        features=(f"count {label!r}: a refusal word next to the refund side's action word",),
        recorded={"customer": "ada"},
        answers=over_100(say("Two refunds went through; two did not.", "finish", **{label: 2})),
        reference=plain_reference(lambda ids, r, v: {label: v}),
        held_out=HELD,
    )


DECLINED = _declined_case(
    "r23_refunds_declined",
    "refunds_declined",
    "for every other order the refund is declined and the customer gets the standard apology "
    "voucher instead",
    "how many refunds you declined",
)
WITHHELD = _declined_case(
    "r23_refund_withheld",
    "withheld_refunds",
    "every other order's refund is withheld and the customer gets the standard apology voucher "
    "instead",
    "how many refunds you withheld",
)
REJECTED = _declined_case(
    "r23_refunds_rejected",
    "rejected_refunds",
    "a refund for any other order is rejected, and the customer gets the standard apology "
    "voucher instead",
    "how many refunds you rejected",
)
NEVER = _declined_case(
    "r23_never_refunded",
    "never_refunded",
    "every other order is never refunded; it gets the standard apology voucher instead",
    "how many orders were never refunded",
)
INELIGIBLE = _declined_case(
    "r23_ineligible_refund",
    "ineligible_for_refund",
    "every other order is ineligible for a refund and gets the standard apology voucher",
    "how many orders were ineligible for a refund",
)

# ---------------------------------------------- B: a total the name says counts every item (units)

UNITS = Case(
    task=claims_task(
        "r23_total_units",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR, otherwise send the standard apology voucher. Report how many orders you "
        "refunded, how many vouchers you sent, and the total number of units in the claimed "
        "orders.",
        {"refunded": int, "vouchers": int, "total_units": int},
        [refund_order, send_voucher],
    ),
    features=("'total_units' typed = the item count (each order held one unit)",),
    recorded={"customer": "ada"},
    answers=over_100(
        say(
            "Two refunded, two vouchers, 4 units.",
            "finish",
            refunded=2,
            vouchers=2,
            total_units=4,
        )
    ),
    reference=plain_reference(
        lambda ids, r, v: {
            "refunded": r,
            "vouchers": v,
            "total_units": sum(row(o)["units"] for o in ids),
        }
    ),
    held_out=HELD,
)

# -------------------------------------- C: hidden conditions on fields that are null, lists, dicts

_TWO = lambda ids, r, v: {"refunded": r, "vouchers": v}  # noqa: E731


def _hidden_case(name: str, rule: str, skip: Callable[[dict[str, Any]], bool], **kw: Any) -> Case:
    return Case(
        task=claims_task(
            name,
            "The customer's orders were claimed as damaged. Look each one up: refund it if its "
            f"total is over 100 EUR, otherwise send the standard apology voucher. {rule} Report "
            "how many orders you refunded and how many vouchers you sent.",
            {"refunded": int, "vouchers": int},
            [refund_order, send_voucher],
        ),
        features=(f"a hidden rule in the words only: {rule}",),
        recorded={"customer": "ada"},
        answers=over_100(say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)),
        reference=plain_reference(_TWO, skip=skip, **kw),
        held_out=HELD,
    )


ALREADY = _hidden_case(
    "r23_already_refunded_null",
    "Orders that were already refunded get nothing.",
    lambda r: r["refunded_at"] is not None,
)
GIFT = _hidden_case(
    "r23_gift_tag_list",
    "Orders tagged gift get nothing: the gift team handles them.",
    lambda r: "gift" in r["tags"],
)
VIP = _hidden_case(
    "r23_vip_nested",
    "A VIP customer's order is always refunded in full, whatever its total.",
    lambda r: False,
    vip_full=True,
)

# ------------------------------------------------------- D: caps written in other word orders


def _cap_case(name: str, words: str) -> Case:
    return Case(
        task=claims_task(
            name,
            "The customer's orders were claimed as damaged. Look each one up, oldest first: refund "
            f"it if its total is over 100 EUR ({words}); every other order gets the standard "
            "apology voucher. Report how many orders you refunded and how many vouchers you sent.",
            {"refunded": int, "vouchers": int},
            [refund_order, send_voucher],
        ),
        features=(f"a cap written {words!r}, not reached in the recording",),
        recorded={"customer": "ada"},
        answers=over_100(say("Two refunded, two vouchers.", "finish", refunded=2, vouchers=2)),
        reference=plain_reference(_TWO, cap=3),
        held_out=HELD,
    )


CAP_AFTER = _cap_case("r23_cap_three_at_most", "three refunds at most per claim")
CAP_LIMIT = _cap_case("r23_cap_limit_of", "a claim has a limit of three refunds")
CAP_CAPPED = _cap_case("r23_cap_capped_at", "refunds are capped at three per claim")
CAP_NEVER = _cap_case("r23_cap_never_more", "never more than three refunds per claim")
CAP_EXCEED = _cap_case("r23_cap_not_exceed", "the refunds of one claim must not exceed three")

# ------------------------------------------ E: a value worked out per item, capped by the words


def _part_reference(
    extra: Callable[[list[float]], dict[str, Any]], limit: float | None = None
) -> Callable[[dict[str, Any]], Expected]:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = CLAIMS[inputs["customer"]]
        effects: list[tuple[Any, ...]] = []
        amounts: list[float] = []
        for o in ids:
            if over(o):
                amount = round(row(o)["total"] * 0.2, 2)
                if limit is not None:
                    amount = min(amount, limit)
                effects.append(("refund_part", o, amount))
                amounts.append(amount)
            else:
                effects.append(("send_voucher", o))
        outputs = {"partial_refunds": len(amounts), "vouchers": len(ids) - len(amounts)}
        return Expected(effects, {**outputs, **extra(amounts)})

    return reference


PART_CAPPED = Case(
    task=claims_task(
        "r23_part_capped_50",
        "The customer's orders were claimed as damaged. Look each one up: if its total is over "
        "100 EUR refund 20% of the total, but never more than 50 EUR per order; otherwise send "
        "the standard apology voucher. Report how many partial refunds you made, how many "
        "vouchers you sent and how much you refunded in all.",
        {"partial_refunds": int, "vouchers": int, "refunded_eur": float},
        [refund_part, send_voucher],
    ),
    features=("per-item compute whose value the words cap; sum typed after",),
    recorded={"customer": "ada"},
    answers=over_100(
        say(
            "Two partial refunds (73.80 EUR), two vouchers.",
            "finish",
            partial_refunds=2,
            vouchers=2,
            refunded_eur=73.8,
        ),
        part,
        extra_computes=lambda side: 1 if side else 0,
    ),
    reference=_part_reference(lambda a: {"refunded_eur": round(sum(a), 2)}, limit=50.0),
    held_out=HELD,
)

LARGEST = Case(
    task=claims_task(
        "r23_largest_refund",
        "The customer's orders were claimed as damaged. Look each one up: if its total is over "
        "100 EUR refund 20% of the total; otherwise send the standard apology voucher. Report "
        "how many partial refunds you made, how many vouchers you sent and the largest single "
        "refund.",
        {"partial_refunds": int, "vouchers": int, "largest_refund": float},
        [refund_part, send_voucher],
    ),
    features=("one item on the computing side: its value is the sum and the largest alike",),
    recorded={"customer": "ann"},
    answers=over_100(
        say(
            "One partial refund (44 EUR), two vouchers.",
            "finish",
            partial_refunds=1,
            vouchers=2,
            largest_refund=44.0,
        ),
        part,
        sides=[False, True, False],
        extra_computes=lambda side: 1 if side else 0,
    ),
    reference=_part_reference(lambda a: {"largest_refund": max(a, default=0.0)}),
    held_out=HELD,
)

# ---------------------------------------------------- F: one-sided loop, a count of every item

HANDLED_ONE = Case(
    task=claims_task(
        "r23_one_sided_handled",
        "The customer's orders were claimed as damaged. Look each one up: refund it if its total "
        "is over 100 EUR; leave the others alone. Report how many orders you refunded and how "
        "many orders you handled.",
        {"refunded": int, "handled": int},
        [refund_order],
    ),
    features=("one-sided loop, 'handled' typed = the list's length",),
    recorded={"customer": "ada"},
    answers=over_100(
        say("Two refunded of four handled.", "finish", refunded=2, handled=4), refund, nothing
    ),
    reference=lambda inputs: Expected(
        [("refund_order", o) for o in CLAIMS[inputs["customer"]] if over(o)],
        {
            "refunded": sum(1 for o in CLAIMS[inputs["customer"]] if over(o)),
            "handled": len(CLAIMS[inputs["customer"]]),
        },
    ),
    held_out=HELD,
)

# --------------------------------- G: plain loop (every item alike), per-item rate by loyalty


def _gold_reference(inputs: dict[str, Any]) -> Expected:
    ids = CLAIMS[inputs["customer"]]
    effects = []
    for o in ids:
        r = row(o)
        rate = 0.3 if r["loyalty"] == "gold" else 0.2
        effects.append(("refund_part", o, round(r["total"] * rate, 2)))
    return Expected(effects, {"refunds": len(ids)})


def _gold_answers(ids: int) -> list[AIResponse]:
    out = [listing()]
    for n in range(1, ids + 1):
        out += [
            look(n),
            say(
                "Standard member: 20%.",
                "compute",
                expression=f"round(get_order_{n}.total * 0.2, 2)",
            ),
            say(
                "I refund that part.",
                "refund_part",
                order_id=ref(f"get_order_{n}.id"),
                amount=ref(f"compute_{n}"),
            ),
        ]
    out.append(say("Four partial refunds.", "finish", refunds=ids))
    return out


GOLD = Case(
    task=claims_task(
        "r23_plain_rate_gold",
        "The customer's orders arrived damaged. Look each one up and refund 20% of its total "
        "(gold members get 30% back). Report how many partial refunds you made.",
        {"refunds": int},
        [refund_part],
    ),
    features=("plain loop, per-item compute, a rate the words give by an unread word field",),
    recorded={"customer": "ada"},
    answers=_gold_answers(4),
    reference=_gold_reference,
    held_out=HELD,
)

CASES = [
    DECLINED,
    WITHHELD,
    REJECTED,
    NEVER,
    INELIGIBLE,
    UNITS,
    ALREADY,
    GIFT,
    VIP,
    CAP_AFTER,
    CAP_LIMIT,
    CAP_CAPPED,
    CAP_NEVER,
    CAP_EXCEED,
    PART_CAPPED,
    LARGEST,
    HANDLED_ONE,
    GOLD,
]

NEW_PATHS: dict[str, set[str]] = {}
