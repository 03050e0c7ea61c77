"""Round-10 red team heal tasks: what a bridge pins besides the number it was made on.

- ``ship_status``: a hidden decision's guard ``order2.status == "paid"`` is healed on a pending
  order (remind the customer); a cancelled order with the same total and email must not get
  the reminder (the bridge pins ``order2.status == 'pending'``, not only the other fields);
- ``refund_plan``: a bridge at "amount <= 200" escalates a 500 request because the customer is
  "not on the premium plan"; the healed value 'standard' is written nowhere, yet a premium
  customer's 400 must not be escalated (the words write a value of ``plan``: it is pinned);
- ``refund_is_vip``: the same with a true/false field ``is_vip`` ("not a VIP"): its name part
  ``vip`` is under four letters and still names it;
- ``charge_tier_unwritten``: an exception bridge cancels a standard customer's declined order
  because they are "not gold tier"; a gold customer's declined order must not be cancelled.

Copied from the red team's tasks (``/work/redteam/round10/heals/tasks_a.py``, ``tasks_c.py``,
``tasks_e.py``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from control_flow_tasks import Case, Expected, HeldOut, effect, ref, say
from control_flow_tasks import redteam_heals5 as h5
from runtime import Task, action

# order -> (status, total, email)
SHIP = {
    "O-1": ("paid", 100.0, "ann@x.test"),
    "O-2": ("pending", 80.0, "bob@x.test"),
    "O-4": ("pending", 900.0, "dee@x.test"),
    "O-5": ("paid", 300.0, "eve@x.test"),
    "O-6": ("cancelled", 50.0, "fay@x.test"),
    "O-9": ("cancelled", 80.0, "bob@x.test"),
}


class ShipOrder(BaseModel):
    id: str
    status: str
    total: float
    email: str


@action(read_only=True)
def get_order2(order_id: str) -> ShipOrder:
    """An order with its status (paid, pending or cancelled), total in EUR and customer's
    email."""
    status, total, email = SHIP[order_id]
    return ShipOrder(id=order_id, status=status, total=total, email=email)


@action
def ship(order_id: str) -> str:
    """Ship the order; returns the shipment id."""
    effect("ship", order_id)
    return f"S-{order_id}"


@action
def hold_for_review(order_id: str) -> str:
    """Hold an order for a manual fraud review; returns the review id."""
    effect("hold", order_id)
    return f"RV-{order_id}"


@action
def send_reminder(email: str) -> str:
    """Remind the customer to pay; returns the message id."""
    effect("remind", email)
    return f"M-{email}"


def ship_reference(inputs: dict[str, Any]) -> Expected:
    order = inputs["order_id"]
    status, total, email = SHIP[order]
    if status == "paid":
        if total < 500:
            return Expected([("ship", order)], {"sent": f"S-{order}"})
        return Expected([("hold", order)], {"sent": f"RV-{order}"})
    if status == "pending":
        return Expected([("remind", email)], {"sent": f"M-{email}"})
    return Expected([], {"sent": "none"})


SHIP_STATUS = Case(
    task=Task(
        "If the order is paid, ship it when its total is under 500 EUR, otherwise hold it for "
        "review. If it is pending, remind the customer to pay. If it is cancelled, do nothing. "
        "Return the id of what you did, or 'none'.",
        name="ship_status",
        inputs={"order_id": str},
        outputs={"sent": str},
        actions=[get_order2, ship, hold_for_review, send_reminder],
    ),
    features=("hidden decision bridge", "text field compared by equality"),
    recorded={"order_id": "O-1"},
    answers=[
        say("I look up the order.", "get_order2", order_id=ref("order_id")),
        say("It is paid and 100 is under 500, so I ship it.", "ship", order_id=ref("order_id")),
        say("Shipped.", "finish", sent=ref("ship_1")),
    ],
    reference=ship_reference,
    held_out=[
        HeldOut(
            "O-2 pending: heal",
            {"order_id": "O-2"},
            [
                say(
                    "It is pending, so I remind the customer.",
                    "send_reminder",
                    email=ref("order2.email"),
                ),
                say("Reminded.", "finish", sent=ref("send_reminder_1")),
            ],
        ),
        HeldOut("O-9 cancelled, same total", {"order_id": "O-9"}),
        HeldOut("O-5 paid 300", {"order_id": "O-5"}),
    ],
)

# request -> (customer, amount, plan)
PLANS = {
    "R-1": ("ann", 150.0, "standard"),
    "R-2": ("bob", 500.0, "standard"),
    "R-3": ("cy", 400.0, "premium"),
    "R-4": ("dee", 300.0, "standard"),
    "R-5": ("eve", 450.0, "premium"),
}


class RefundRequest(BaseModel):
    id: str
    customer: str
    amount: float
    plan: str


@action(read_only=True)
def get_refund_request(request_id: str) -> RefundRequest:
    """A refund request with its amount and the customer's plan."""
    customer, amount, plan = PLANS[request_id]
    return RefundRequest(id=request_id, customer=customer, amount=amount, plan=plan)


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


def _refund_or_escalate(request: str, refunded: bool) -> Expected:
    if refunded:
        return Expected([("refund", request)], {"reference": f"RF-{request}"})
    return Expected([("escalate", request)], {"reference": f"ESC-{request}"})


def plan_reference(inputs: dict[str, Any]) -> Expected:
    request = inputs["request_id"]
    _, amount, plan = PLANS[request]
    return _refund_or_escalate(request, amount <= 200 or (plan == "premium" and amount <= 1000))


def _refund_answers(lookup: str) -> list[Any]:
    return [
        say("I look up the request.", lookup, request_id=ref("request_id")),
        say(
            "I check whether the amount is at most 200.",
            "compute",
            expression=f"{lookup}_1.amount <= 200",
        ),
        say("It is (150), so I refund it.", "refund", request_id=ref("request_id")),
        say("Refunded.", "finish", reference=ref("refund_1")),
    ]


def _heal(reason: str, action_name: str) -> list[Any]:
    return [
        say(reason, action_name, request_id=ref("request_id")),
        say("Done.", "finish", reference=ref(f"{action_name}_1")),
    ]


REFUND_PLAN = Case(
    task=Task(
        "Handle the refund request: refund it if the amount is at most 200, or if the customer "
        "is on the premium plan and the amount is at most 1000; otherwise escalate it to a "
        "supervisor. Return the reference of what you did.",
        name="refund_plan",
        inputs={"request_id": str},
        outputs={"reference": str},
        actions=[get_refund_request, refund, escalate],
    ),
    features=("decision bridge", "text field's value unwritten"),
    recorded={"request_id": "R-1"},
    answers=_refund_answers("get_refund_request"),
    reference=plan_reference,
    held_out=[
        HeldOut(
            "500 standard: heal",
            {"request_id": "R-2"},
            _heal(
                "500 is over 200 and the customer is not on the premium plan, so I escalate it.",
                "escalate",
            ),
        ),
        HeldOut("300 standard", {"request_id": "R-4"}),
        HeldOut(
            "400 premium: heal",
            {"request_id": "R-3"},
            _heal(
                "400 is over 200, but the customer is on the premium plan and it is at most "
                "1000, so I refund it.",
                "refund",
            ),
        ),
        HeldOut("450 premium", {"request_id": "R-5"}),
    ],
)

# request -> (amount, is_vip)
VIPS = {
    "V-1": (150.0, False),
    "V-2": (500.0, False),
    "V-3": (400.0, True),
    "V-4": (300.0, False),
    "V-5": (450.0, True),
}


class VipRequest(BaseModel):
    id: str
    amount: float
    is_vip: bool


@action(read_only=True)
def get_request(request_id: str) -> VipRequest:
    """A refund request with its amount and whether the customer is a VIP."""
    amount, vip = VIPS[request_id]
    return VipRequest(id=request_id, amount=amount, is_vip=vip)


def vip_reference(inputs: dict[str, Any]) -> Expected:
    request = inputs["request_id"]
    amount, vip = VIPS[request]
    return _refund_or_escalate(request, amount <= 200 or (vip and amount <= 1000))


REFUND_IS_VIP = Case(
    task=Task(
        "Handle the refund request: refund it if the amount is at most 200, or if the customer "
        "is a VIP and the amount is at most 1000; otherwise escalate it to a supervisor. Return "
        "the reference of what you did.",
        name="refund_is_vip",
        inputs={"request_id": str},
        outputs={"reference": str},
        actions=[get_request, refund, escalate],
    ),
    features=("decision bridge", "bool field is_vip"),
    recorded={"request_id": "V-1"},
    answers=_refund_answers("get_request"),
    reference=vip_reference,
    held_out=[
        HeldOut(
            "500 not VIP: heal",
            {"request_id": "V-2"},
            _heal("500 is over 200 and the customer is not a VIP, so I escalate it.", "escalate"),
        ),
        HeldOut("300 not VIP", {"request_id": "V-4"}),
        HeldOut(
            "400 VIP: heal",
            {"request_id": "V-3"},
            _heal(
                "400 is over 200, but the customer is a VIP and it is at most 1000, so I refund "
                "it.",
                "refund",
            ),
        ),
        HeldOut("450 VIP", {"request_id": "V-5"}),
    ],
)

CHARGE_TIER_UNWRITTEN = replace(
    h5.CHARGE_TIER,
    task=Task(
        h5.tier_task.description,
        name="charge_tier_unwritten",
        inputs={"order_id": str},
        outputs={"reference": str},
        actions=[h5.get_order, h5.charge_card, h5.cancel_order, h5.put_on_account],
    ),
    features=("exception bridge", "text field's value unwritten"),
    held_out=[
        HeldOut(
            "O-2 standard: heal",
            {"order_id": "O-2"},
            [
                say(
                    "The payment failed and the customer is not gold tier, so I cancel the order.",
                    "cancel_order",
                    order_id=ref("order_id"),
                ),
                say("Cancelled.", "finish", reference=ref("cancel_order_1")),
            ],
        ),
        HeldOut("O-6 gold declined", {"order_id": "O-6"}),
        HeldOut("O-5 standard", {"order_id": "O-5"}),
    ],
)

CASES = [SHIP_STATUS, REFUND_PLAN, REFUND_IS_VIP, CHARGE_TIER_UNWRITTEN]

NEW_PATHS: dict[str, set[str]] = {
    "ship_status": {"O-2 pending: heal", "O-9 cancelled, same total"},
    "refund_plan": {"500 standard: heal", "300 standard", "400 premium: heal", "450 premium"},
    "refund_is_vip": {"500 not VIP: heal", "300 not VIP", "400 VIP: heal", "450 VIP"},
    "charge_tier_unwritten": {"O-2 standard: heal", "O-6 gold declined", "O-5 standard"},
}
