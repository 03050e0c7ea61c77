"""Round-5 red team heal tasks: bridges that must run only on the failure and the data they
were made from.

- ``charge_msg``: one exception class, two reasons in its message: a fallback after "card
  declined" cancels the order; an expired card must not be cancelled (the bridge checks the
  message, rebuilt with this run's arguments), and its own heal is a bridge for its message;
- ``charge_tier``: the fallback cancels because the customer is "standard tier, not gold"; a
  gold customer's failed payment must not be cancelled (the bridge pins the tier), and its own
  heal bills gold customers to their account;
- ``refund_vip``: a bridge at "amount <= 200" escalates 500 because the customer is "not a
  VIP"; a VIP's 400 must not be escalated (the bridge pins ``vip``), and its own heal refunds
  VIPs up to 400.

Copied from the red team's tasks (``/work/redteam/round5/heals/tasks/``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from control_flow_tasks import Case, Expected, HeldOut, effect, ref, say
from runtime import Task, action

# order -> (customer, total, card state, tier)
ORDERS = {
    "O-1": ("ann", 40.0, "ok", "standard"),
    "O-2": ("bob", 55.0, "declined", "standard"),
    "O-3": ("cy", 70.0, "expired", "standard"),
    "O-4": ("dee", 20.0, "ok", "gold"),
    "O-5": ("eve", 90.0, "declined", "standard"),
    "O-6": ("fay", 65.0, "declined", "gold"),
    "O-7": ("gus", 30.0, "expired", "gold"),
}


class PaymentFailed(Exception):
    """The card payment did not go through (the message says why)."""


class Order(BaseModel):
    id: str
    customer: str
    total: float
    tier: str


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order with its customer, total and the customer's tier (standard or gold)."""
    c, t, _, tier = ORDERS[order_id]
    return Order(id=order_id, customer=c, total=t, tier=tier)


@action
def charge_card(order_id: str, amount: float) -> str:
    """Charge the customer's card on file; returns the charge id. Raises PaymentFailed when the
    card is declined or has expired (the message says which)."""
    state = ORDERS[order_id][2]
    if state == "declined":
        raise PaymentFailed(f"payment failed: card declined for order {order_id}")
    if state == "expired":
        raise PaymentFailed(f"payment failed: card expired for order {order_id}")
    effect("charge", order_id, amount)
    return f"CH-{order_id}"


@action
def cancel_order(order_id: str) -> str:
    """Cancel the order; returns the cancellation id."""
    effect("cancel", order_id)
    return f"CX-{order_id}"


@action
def request_card_update(customer: str) -> str:
    """Email the customer asking them to update their card; returns the message id."""
    effect("card_update", customer)
    return f"M-{customer}"


@action
def put_on_account(order_id: str, amount: float) -> str:
    """Bill the order to the customer's account (invoice later); returns the invoice id."""
    effect("on_account", order_id, amount)
    return f"INV-{order_id}"


# ----------------------------------------------------------------- message decides
msg_task: Task[Any] = Task(
    "Charge the order's total to the customer's card. If the card is declined, cancel the order. "
    "If the card has expired, ask the customer to update their card and leave the order open. "
    "Return the reference of the last thing you did.",
    name="charge_msg",
    inputs={"order_id": str},
    outputs={"reference": str},
    actions=[get_order, charge_card, cancel_order, request_card_update],
)


def msg_reference(inputs: dict[str, Any]) -> Expected:
    oid = inputs["order_id"]
    c, t, state, _ = ORDERS[oid]
    if state == "ok":
        return Expected([("charge", oid, t)], {"reference": f"CH-{oid}"})
    if state == "declined":
        return Expected([("cancel", oid)], {"reference": f"CX-{oid}"})
    return Expected([("card_update", c)], {"reference": f"M-{c}"})


RECORD = [
    say("I look up the order.", "get_order", order_id=ref("order_id")),
    say(
        "I charge its total.",
        "charge_card",
        order_id=ref("order_id"),
        amount=ref("get_order_1.total"),
    ),
    say("Charged.", "finish", reference=ref("charge_card_1")),
]

CHARGE_MSG = Case(
    task=msg_task,
    features=("exception bridge", "message decides"),
    recorded={"order_id": "O-1"},
    answers=RECORD,
    reference=msg_reference,
    held_out=[
        HeldOut(
            "O-2 declined: heal",
            {"order_id": "O-2"},
            [
                say(
                    "The card was declined, so I cancel the order.",
                    "cancel_order",
                    order_id=ref("order_id"),
                ),
                say("Cancelled.", "finish", reference=ref("cancel_order_1")),
            ],
        ),
        HeldOut("O-4 ok", {"order_id": "O-4"}),
        HeldOut(
            "O-3 expired: heal",
            {"order_id": "O-3"},
            [
                say(
                    "The card has expired, so I ask the customer to update it.",
                    "request_card_update",
                    customer=ref("order.customer"),
                ),
                say("Asked.", "finish", reference=ref("request_card_update_1")),
            ],
        ),
        HeldOut("O-5 declined", {"order_id": "O-5"}),
        HeldOut("O-7 expired", {"order_id": "O-7"}),
    ],
)

# ----------------------------------------------------------------- data decides (tier)
tier_task: Task[Any] = Task(
    "Charge the order's total to the customer's card. If the payment fails, bill a gold-tier "
    "customer's order to their account instead; cancel anyone else's order. "
    "Return the reference of the last thing you did.",
    name="charge_tier",
    inputs={"order_id": str},
    outputs={"reference": str},
    actions=[get_order, charge_card, cancel_order, put_on_account],
)


def tier_reference(inputs: dict[str, Any]) -> Expected:
    oid = inputs["order_id"]
    _, t, state, tier = ORDERS[oid]
    if state == "ok":
        return Expected([("charge", oid, t)], {"reference": f"CH-{oid}"})
    if tier == "gold":
        return Expected([("on_account", oid, t)], {"reference": f"INV-{oid}"})
    return Expected([("cancel", oid)], {"reference": f"CX-{oid}"})


CHARGE_TIER = Case(
    task=tier_task,
    features=("exception bridge", "data decides"),
    recorded={"order_id": "O-1"},
    answers=RECORD,
    reference=tier_reference,
    held_out=[
        HeldOut(
            "O-2 standard: heal",
            {"order_id": "O-2"},
            [
                say(
                    "The payment failed and the customer is standard tier, not gold, so I cancel "
                    "the order.",
                    "cancel_order",
                    order_id=ref("order_id"),
                ),
                say("Cancelled.", "finish", reference=ref("cancel_order_1")),
            ],
        ),
        HeldOut("O-4 gold ok", {"order_id": "O-4"}),
        HeldOut(
            "O-6 gold: heal",
            {"order_id": "O-6"},
            [
                say(
                    "The payment failed and the customer is gold tier, so I bill the order to "
                    "their account.",
                    "put_on_account",
                    order_id=ref("order_id"),
                    amount=ref("order.total"),
                ),
                say("Billed.", "finish", reference=ref("put_on_account_1")),
            ],
        ),
        HeldOut("O-5 standard", {"order_id": "O-5"}),
    ],
)


REQ = {
    "R-1": ("ann", 150.0, False),
    "R-2": ("bob", 500.0, False),
    "R-3": ("cy", 400.0, True),
    "R-4": ("dee", 300.0, False),
    "R-5": ("eve", 90.0, True),
    "R-6": ("fay", 250.0, True),
}


class RefundRequest(BaseModel):
    id: str
    customer: str
    amount: float
    vip: bool


@action(read_only=True)
def get_refund_request(request_id: str) -> RefundRequest:
    """A refund request with its amount and whether the customer is a VIP."""
    c, a, v = REQ[request_id]
    return RefundRequest(id=request_id, customer=c, amount=a, vip=v)


@action
def refund(request_id: str) -> str:
    """Pay the refund; returns its reference."""
    effect("refund", request_id)
    return f"RF-{request_id}"


@action
def escalate(request_id: str) -> str:
    """Send the request to a supervisor; returns the ticket."""
    effect("escalate", request_id)
    return f"ESC-{request_id}"


vip_task: Task[Any] = Task(
    "Handle the refund request: refund it if the amount is at most 200, or if the customer is a "
    "VIP and the amount is at most 1000; otherwise escalate it to a supervisor. Return the "
    "reference of what you did.",
    name="refund_vip",
    inputs={"request_id": str},
    outputs={"reference": str},
    actions=[get_refund_request, refund, escalate],
)


def vip_reference(inputs: dict[str, Any]) -> Expected:
    rid = inputs["request_id"]
    _, a, v = REQ[rid]
    if a <= 200 or (v and a <= 1000):
        return Expected([("refund", rid)], {"reference": f"RF-{rid}"})
    return Expected([("escalate", rid)], {"reference": f"ESC-{rid}"})


VIP = Case(
    task=vip_task,
    features=("side-exit bridge", "second field"),
    recorded={"request_id": "R-1"},
    answers=[
        say("I look up the request.", "get_refund_request", request_id=ref("request_id")),
        say(
            "I check whether the amount is at most 200.",
            "compute",
            expression="get_refund_request_1.amount <= 200",
        ),
        say("It is (150), so I refund it.", "refund", request_id=ref("request_id")),
        say("Refunded.", "finish", reference=ref("refund_1")),
    ],
    reference=vip_reference,
    held_out=[
        HeldOut(
            "500 not VIP: heal",
            {"request_id": "R-2"},
            [
                say(
                    "500 is over 200 and the customer is not a VIP, so I escalate it.",
                    "escalate",
                    request_id=ref("request_id"),
                ),
                say("Escalated.", "finish", reference=ref("escalate_1")),
            ],
        ),
        HeldOut("300 not VIP", {"request_id": "R-4"}),
        HeldOut(
            "400 VIP: heal",
            {"request_id": "R-3"},
            [
                say(
                    "400 is over 200, but the customer is a VIP and it is at most 1000, so I "
                    "refund it.",
                    "refund",
                    request_id=ref("request_id"),
                ),
                say("Refunded.", "finish", reference=ref("refund_1")),
            ],
        ),
        HeldOut("250 VIP", {"request_id": "R-6"}),
        HeldOut("90 VIP", {"request_id": "R-5"}),
    ],
)

CASES = [CHARGE_MSG, CHARGE_TIER, VIP]

NEW_PATHS: dict[str, set[str]] = {
    "charge_msg": {"O-2 declined: heal", "O-3 expired: heal", "O-5 declined", "O-7 expired"},
    "charge_tier": {"O-2 standard: heal", "O-6 gold: heal", "O-5 standard"},
    "refund_vip": {"500 not VIP: heal", "300 not VIP", "400 VIP: heal", "250 VIP"},
}
