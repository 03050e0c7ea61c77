"""Red-team round 12's API findings that now stop safely (commits c57a6f6 and 276f814).

Two accounts whose roles the model chose on their balances: "move half the difference from the
account with more money to the other" (with or without an ``if``), "move 50 EUR from whichever
holds more". The model read both balances, saw ``account_a`` richer and transferred from
``account_a`` to ``account_b``; the recipe always did, so when ``account_b`` held more it moved
money from the poorer account (or a negative amount). Now the transfer goes on only while the
two balances compare as recorded; the other account richer, or equal balances, stop before it.

An optional input (``coupon: str | None``, "if a coupon code is given, apply it") recorded with a
coupon: ``None`` or ``''`` (what ``--input coupon=`` and an empty CSV cell arrive as) had the
recipe apply a coupon ``None`` / ``''``. Now the change goes on only while a coupon is given.
"""

from __future__ import annotations

from typing import Any

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import calls

# ----------------------------------------------------------------------------- roles by balance

BALANCES = {"A": 500.0, "B": 200.0, "C": 100.0, "D": 300.0, "E": 250.0, "F": 250.0}


@action(read_only=True)
def get_balance(account: str) -> float:
    """The account's balance in EUR."""
    return BALANCES[account]


@action
def transfer(from_account: str, to_account: str, amount: float) -> str:
    """Move money between two accounts (amount in EUR, must be positive)."""
    effect("transfer", from_account, to_account, amount)
    return "tx-1"


TWO_ACCOUNTS = {"account_a": str, "account_b": str}
RECORDED = {"account_a": "A", "account_b": "B"}
HELD_OUT = [
    HeldOut("a richer", {"account_a": "D", "account_b": "C"}),
    HeldOut("b richer", {"account_a": "C", "account_b": "D"}),
    HeldOut("b richer 2", {"account_a": "B", "account_b": "A"}),
    HeldOut("equal", {"account_a": "E", "account_b": "F"}),
]
OTHER_PATHS = {"b richer", "b richer 2", "equal"}
"""The other account richer (the roles swap) and equal balances (nothing to move): the
recording saw ``account_a`` richer only."""

EVEN_WORDS = (
    "Even out the two accounts: move half the difference of their balances from the account "
    "with more money to the other. Return the amount moved."
)
EVEN_IF_WORDS = (
    "Even out the two accounts: if one account has more money than the other, move half the "
    "difference of their balances from it to the other. Return the amount moved."
)


def even_reference(inputs: dict[str, Any]) -> Expected:
    a, b = inputs["account_a"], inputs["account_b"]
    half = (BALANCES[a] - BALANCES[b]) / 2
    if half > 0:
        return Expected([("transfer", a, b, half)], {"moved": half})
    if half < 0:
        return Expected([("transfer", b, a, -half)], {"moved": -half})
    return Expected([], {"moved": 0.0})


def even_case(name: str, words: str, expression: str) -> Case:
    return Case(
        task=Task(
            words,
            name=name,
            inputs=TWO_ACCOUNTS,
            outputs={"moved": float},
            actions=[get_balance, transfer],
        ),
        features=("roles chosen on results", "amount computed"),
        recorded=RECORDED,
        answers=[
            calls(
                "I read both balances.",
                ("get_balance", {"account": ref("account_a")}),
                ("get_balance", {"account": ref("account_b")}),
            ),
            say("I compute half the difference.", "compute", expression=expression),
            say(
                "A has more (500 vs 200), so I move it from A to B.",
                "transfer",
                from_account=ref("account_a"),
                to_account=ref("account_b"),
                amount=ref("compute_1"),
            ),
            say("Done.", "finish", moved=ref("compute_1")),
        ],
        reference=even_reference,
        held_out=HELD_OUT,
    )


EVEN = even_case("r12_even", EVEN_WORDS, "(get_balance_1 - get_balance_2) / 2")
EVEN_ABS = even_case("r12_even_abs", EVEN_WORDS, "abs(get_balance_1 - get_balance_2) / 2")
EVEN_ABS_IF = even_case("r12_even_abs_if", EVEN_IF_WORDS, "abs(get_balance_1 - get_balance_2) / 2")

FIFTY_WORDS = (
    "Move 50 EUR from whichever of the two accounts holds more money to the other one. Return "
    "the account you took it from."
)


def fifty_reference(inputs: dict[str, Any]) -> Expected:
    a, b = inputs["account_a"], inputs["account_b"]
    if BALANCES[a] > BALANCES[b]:
        return Expected([("transfer", a, b, 50.0)], {"source": a})
    if BALANCES[b] > BALANCES[a]:
        return Expected([("transfer", b, a, 50.0)], {"source": b})
    return Expected([], {"source": ""})


READ_BOTH = calls(
    "I read both balances.",
    ("get_balance", {"account": ref("account_a")}),
    ("get_balance", {"account": ref("account_b")}),
)
MOVE_FIFTY = say(
    "A holds more (500 vs 200), so I move 50 from A to B.",
    "transfer",
    from_account=ref("account_a"),
    to_account=ref("account_b"),
    amount=50.0,
)
FIFTY_DONE = say("Done.", "finish", source=ref("account_a"))


def fifty_task(name: str) -> Task[Any]:
    return Task(
        FIFTY_WORDS,
        name=name,
        inputs=TWO_ACCOUNTS,
        outputs={"source": str},
        actions=[get_balance, transfer],
    )


FIFTY = Case(
    task=fifty_task("r12_fifty_from_richer"),
    features=("roles chosen on results", "compare computed"),
    recorded=RECORDED,
    answers=[
        READ_BOTH,
        say("I check which holds more.", "compute", expression="get_balance_1 > get_balance_2"),
        MOVE_FIFTY,
        FIFTY_DONE,
    ],
    reference=fifty_reference,
    held_out=HELD_OUT,
)

FIFTY_HEAD = Case(
    task=fifty_task("r12_fifty_head"),
    features=("roles chosen on results", "compare in the head"),
    recorded=RECORDED,
    answers=[READ_BOTH, MOVE_FIFTY, FIFTY_DONE],
    reference=fifty_reference,
    held_out=HELD_OUT,
)

# ----------------------------------------------------------------------------- optional coupon


@action
def create_order(customer: str, item: str) -> str:
    """Create an order; returns its id."""
    effect("create_order", customer, item)
    return f"ORD-{customer[:3].upper()}-{item[:3].upper()}"


@action
def apply_coupon(order_id: str, code: str) -> float:
    """Apply a coupon code to an order; returns the discount granted."""
    effect("apply_coupon", order_id, code)
    return 5.0


coupon_order: Task[Any] = Task(
    "Create an order of the item for the customer. If a coupon code is given, apply it to the "
    "order. Return the order id.",
    name="r12_coupon_order",
    inputs={"customer": str, "item": str, "coupon": str | None},
    outputs={"order_id": str},
    actions=[create_order, apply_coupon],
)


def coupon_reference(inputs: dict[str, Any]) -> Expected:
    customer, item, coupon = inputs["customer"], inputs["item"], inputs["coupon"]
    order = f"ORD-{customer[:3].upper()}-{item[:3].upper()}"
    effects: list[tuple[Any, ...]] = [("create_order", customer, item)]
    if coupon:
        effects.append(("apply_coupon", order, coupon))
    return Expected(effects, {"order_id": order})


COUPON = Case(
    task=coupon_order,
    features=("optional input", "recorded given"),
    recorded={"customer": "Ada", "item": "lamp", "coupon": "SAVE10"},
    answers=[
        say("I create the order.", "create_order", customer=ref("customer"), item=ref("item")),
        say(
            "A coupon code was given; I apply it.",
            "apply_coupon",
            order_id=ref("create_order_1"),
            code=ref("coupon"),
        ),
        say("Done.", "finish", order_id=ref("create_order_1")),
    ],
    reference=coupon_reference,
    held_out=[
        HeldOut("other coupon", {"customer": "Bob", "item": "desk", "coupon": "WELCOME5"}),
        HeldOut("coupon None", {"customer": "Cyd", "item": "chair", "coupon": None}),
        HeldOut("coupon ''", {"customer": "Dee", "item": "mug", "coupon": ""}),
    ],
)

CASES = [EVEN, EVEN_ABS, EVEN_ABS_IF, FIFTY, FIFTY_HEAD, COUPON]
NEW_PATHS: dict[str, set[str]] = {
    **{case.name: OTHER_PATHS for case in CASES[:5]},
    "r12_coupon_order": {"coupon None", "coupon ''"},
}
