"""Round-5 red team, heals: a bridge runs only on the failure and the data it was made from.

- An exception bridge checks the exception's message, rebuilt with this run's arguments (one
  exception class, two reasons: "card declined" cancels, "card expired" does not).
- An exception bridge and a bridge at a number decision pin the record fields the task's words
  or the fallback's reasons name ("standard tier, not gold"; "not a VIP").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action
from runtime.errors import FallbackError
from runtime.run.recorded_tests import run_recipe_tests

EFFECTS: list[str] = []

# order -> (total, card state, tier)
ORDERS = {
    "O-1": (40.0, "ok", "standard"),
    "O-2": (55.0, "declined", "standard"),
    "O-3": (70.0, "expired", "standard"),
    "O-5": (90.0, "declined", "standard"),
    "O-6": (65.0, "declined", "gold"),
    "O-7": (30.0, "expired", "gold"),
    "O-8": (45.0, "declined", "silver"),
}


class PaymentFailed(Exception):
    """The card payment did not go through (the message says why)."""


class Order(BaseModel):
    id: str
    total: float
    tier: str


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order with its total and the customer's tier (standard or gold)."""
    total, _, tier = ORDERS[order_id]
    return Order(id=order_id, total=total, tier=tier)


@action
def charge_card(order_id: str, amount: float) -> str:
    """Charge the card on file; raises PaymentFailed when it is declined or has expired."""
    state = ORDERS[order_id][1]
    if state != "ok":
        raise PaymentFailed(f"payment failed: card {state} for order {order_id}")
    EFFECTS.append(f"charge {order_id}")
    return f"CH-{order_id}"


@action
def cancel_order(order_id: str) -> str:
    """Cancel the order."""
    EFFECTS.append(f"cancel {order_id}")
    return f"CX-{order_id}"


@action
def leave_open(order_id: str) -> str:
    """Keep the order open until the customer updates their card."""
    EFFECTS.append(f"open {order_id}")
    return f"OPEN-{order_id}"


@action
def put_on_account(order_id: str) -> str:
    """Bill the order to the customer's account."""
    EFFECTS.append(f"account {order_id}")
    return f"INV-{order_id}"


REQUESTS = {
    "R-1": (150.0, False),
    "R-2": (500.0, False),
    "R-3": (400.0, True),
    "R-4": (300.0, False),
}


class RefundRequest(BaseModel):
    id: str
    amount: float
    vip: bool


@action(read_only=True)
def get_refund_request(request_id: str) -> RefundRequest:
    """A refund request with its amount and whether the customer is a VIP."""
    amount, vip = REQUESTS[request_id]
    return RefundRequest(id=request_id, amount=amount, vip=vip)


@action
def refund(request_id: str) -> str:
    """Pay the refund."""
    EFFECTS.append(f"refund {request_id}")
    return f"RF-{request_id}"


@action
def escalate(request_id: str) -> str:
    """Send the request to a supervisor."""
    EFFECTS.append(f"escalate {request_id}")
    return f"ESC-{request_id}"


MESSAGE = (
    "Charge the order's total to the card. If the card is declined, cancel the order. If the "
    "card has expired, leave the order open. Return the reference of what you did."
)
TIER = (
    "Charge the order's total to the card. If the payment fails, bill a gold-tier customer's "
    "order to their account instead; cancel anyone else's order. Return the reference."
)
VIP = (
    "Handle the refund request: refund it if the amount is at most 200, or if the customer is a "
    "VIP and the amount is at most 1000; otherwise escalate it. Return the reference."
)


def say(why: str, name: str, **args: Any) -> AIResponse:
    return AIResponse(content=why, tool_calls=[ToolCall(name, dict(args))])


CHARGE = [
    say("I look up the order.", "get_order", order_id={"$ref": "order_id"}),
    say(
        "I charge its total.",
        "charge_card",
        order_id={"$ref": "order_id"},
        amount={"$ref": "get_order_1.total"},
    ),
    say("Charged.", "finish", reference={"$ref": "charge_card_1"}),
]


def charge_task(recipes: Path, words: str, mocks: list[AIResponse]) -> Task[Any]:
    return Task(
        words,
        name="charge",
        inputs={"order_id": str},
        outputs={"reference": str},
        actions=[get_order, charge_card, cancel_order, leave_open, put_on_account],
        recipe_dir=recipes,
        mock_responses=mocks,
    )


def refund_task(recipes: Path, mocks: list[AIResponse]) -> Task[Any]:
    return Task(
        VIP,
        name="refund_vip",
        inputs={"request_id": str},
        outputs={"reference": str},
        actions=[get_refund_request, refund, escalate],
        recipe_dir=recipes,
        mock_responses=mocks,
    )


@pytest.fixture(autouse=True)
def _clean() -> None:
    EFFECTS.clear()


def heal_charge(tmp_path: Path, words: str, why: str) -> str:
    """Record O-1 (charged), heal O-2 (declined: cancelled); the healed recipe's source."""
    charge_task(tmp_path, words, CHARGE).run(order_id="O-1")
    cancel = [
        say(why, "cancel_order", order_id={"$ref": "order_id"}),
        say("Cancelled.", "finish", reference={"$ref": "cancel_order_1"}),
    ]
    healing = charge_task(tmp_path, words, cancel)
    assert healing.run(order_id="O-2").reference == "CX-O-2"
    run = healing.last_run
    assert run is not None
    assert run.healed, run.warnings
    return (tmp_path / "charge" / "recipe.py").read_text()


def replayed(task: Task[Any], order_id: str) -> list[str]:
    EFFECTS.clear()
    task.run(order_id=order_id)
    assert task.last_run is not None and task.last_run.model_calls == 0
    return list(EFFECTS)


def test_an_exception_bridge_runs_only_for_the_message_it_was_made_from(tmp_path: Path) -> None:
    source = heal_charge(tmp_path, MESSAGE, "The card was declined, so I cancel the order.")
    assert "except PaymentFailed as error:" in source
    assert (
        'refused_as_recorded(error, f"PaymentFailed: payment failed: card declined for order '
        '{order_id}")' in source
    )
    replayer = charge_task(tmp_path, MESSAGE, [])
    assert replayed(replayer, "O-5") == ["cancel O-5"]  # declined again: the bridge
    EFFECTS.clear()
    with pytest.raises(FallbackError, match="card expired for order O-3; the fallback"):
        replayer.run(order_id="O-3")  # expired: not the failure the bridge answers
    assert EFFECTS == []
    assert run_recipe_tests(replayer.folder).ok


def test_an_exception_bridge_pins_the_field_the_fallback_decided_on(tmp_path: Path) -> None:
    why = "The payment failed and the customer is standard tier, not gold, so I cancel the order."
    source = heal_charge(tmp_path, TIER, why)
    assert "order.tier == 'standard'" in source and "order.total ==" not in source
    replayer = charge_task(tmp_path, TIER, [])
    assert replayed(replayer, "O-5") == ["cancel O-5"]  # declined, standard: the bridge
    EFFECTS.clear()
    with pytest.raises(FallbackError, match="card declined for order O-6; the fallback"):
        replayer.run(order_id="O-6")  # gold: bill to the account, never cancel
    assert EFFECTS == []


def test_a_number_decisions_bridge_pins_the_other_fields_the_words_name(tmp_path: Path) -> None:
    refund_task(
        tmp_path,
        [
            say("I look up the request.", "get_refund_request", request_id={"$ref": "request_id"}),
            say("Is it at most 200?", "compute", expression="get_refund_request_1.amount <= 200"),
            say("It is, so I refund it.", "refund", request_id={"$ref": "request_id"}),
            say("Refunded.", "finish", reference={"$ref": "refund_1"}),
        ],
    ).run(request_id="R-1")
    healing = refund_task(
        tmp_path,
        [
            say(
                "500 is over 200 and the customer is not a VIP, so I escalate it.",
                "escalate",
                request_id={"$ref": "request_id"},
            ),
            say("Escalated.", "finish", reference={"$ref": "escalate_1"}),
        ],
    )
    assert healing.run(request_id="R-2").reference == "ESC-R-2"
    run = healing.last_run
    assert run is not None
    assert run.healed, run.warnings
    assert "refund_request.vip is False" in (tmp_path / "refund_vip" / "recipe.py").read_text()
    replayer = refund_task(tmp_path, [])
    EFFECTS.clear()
    assert replayer.run(request_id="R-4").reference == "ESC-R-4"  # 300, not a VIP
    assert replayer.last_run is not None and replayer.last_run.model_calls == 0
    EFFECTS.clear()
    with pytest.raises(FallbackError, match=r"refund_request\.vip is not what the bridge"):
        replayer.run(request_id="R-3")  # 400, a VIP: refund, never escalate
    assert EFFECTS == []


def test_another_message_of_the_class_gets_its_own_bridge(tmp_path: Path) -> None:
    """The expired card stops at the declined bridge's check; its heal goes before that check,
    for its own message: both failures then replay, and a third message would stop."""
    heal_charge(tmp_path, MESSAGE, "The card was declined, so I cancel the order.")
    healing = charge_task(
        tmp_path,
        MESSAGE,
        [
            say(
                "The card has expired: I leave it open.",
                "leave_open",
                order_id={"$ref": "order_id"},
            ),
            say("Left open.", "finish", reference={"$ref": "leave_open_1"}),
        ],
    )
    assert healing.run(order_id="O-3").reference == "OPEN-O-3"
    run = healing.last_run
    assert run is not None
    assert run.healed, run.warnings
    source = (tmp_path / "charge" / "recipe.py").read_text()
    assert 'if not raised_as(error, f"PaymentFailed: payment failed: card declined' in source
    assert 'card expired for order {order_id}")' in source
    replayer = charge_task(tmp_path, MESSAGE, [])
    assert replayed(replayer, "O-7") == ["open O-7"]
    assert replayed(replayer, "O-5") == ["cancel O-5"]
    assert run_recipe_tests(replayer.folder).ok


def test_a_heal_at_a_bridges_pin_runs_only_on_its_own_values(tmp_path: Path) -> None:
    """A gold customer stops at the standard bridge's pin on the tier; its heal (bill to the
    account) runs for gold only: a silver customer stops, it is not "the other side"."""
    why = "The payment failed and the customer is standard tier, not gold, so I cancel the order."
    heal_charge(tmp_path, TIER, why)
    healing = charge_task(
        tmp_path,
        TIER,
        [
            say(
                "The customer is gold tier, so I bill the order to their account.",
                "put_on_account",
                order_id={"$ref": "order_id"},
            ),
            say("Billed.", "finish", reference={"$ref": "put_on_account_1"}),
        ],
    )
    assert healing.run(order_id="O-6").reference == "INV-O-6"
    run = healing.last_run
    assert run is not None
    assert run.healed, run.warnings
    assert "order.tier == 'gold'" in (tmp_path / "charge" / "recipe.py").read_text()
    replayer = charge_task(tmp_path, TIER, [])
    assert replayed(replayer, "O-6") == ["account O-6"]
    EFFECTS.clear()
    with pytest.raises(FallbackError):
        replayer.run(order_id="O-8")  # silver: no path was made for it
    assert EFFECTS == []
