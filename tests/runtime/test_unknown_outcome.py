"""A change that timed out in the recording and was never retried (round 6 of the red team):
the bank may have taken the money before it stopped answering, and the agent went on from a
check the recipe cannot repeat. The recipe stops before that call, every time, and the agent
takes over; ``recipe test`` counts the recorded run as passed up to there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runtime import AIResponse, Task, ToolCall, action
from runtime.errors import RecipeCompilerError
from runtime.run.recorded_tests import run_recipe_tests

EFFECTS: list[tuple[str, ...]] = []
SENT: dict[str, list[float]] = {}


@action
def transfer(account: str, amount: float) -> str:
    """Send the amount to the account."""
    EFFECTS.append(("transfer", account))
    SENT.setdefault(account, []).append(amount)
    raise TimeoutError("the bank did not answer in time")


@action(read_only=True)
def list_transfers(account: str) -> list[float]:
    """The amounts sent to the account so far."""
    return SENT.get(account, [])


@action
def notify_payee(account: str, text: str) -> str:
    """Tell the payee something."""
    EFFECTS.append(("notify", account, text))
    return "ok"


def call(name: str, **args: Any) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, dict(args))])


WHO = {"account": {"$ref": "account"}}
RECORDED = [
    call("transfer", **WHO, amount={"$ref": "amount"}),
    call("list_transfers", **WHO),
    call("notify_payee", **WHO, text="Payment sent"),
    call("finish", result="sent"),
]


def payout(recipes: Path, mocks: list[AIResponse]) -> Task[Any]:
    return Task(
        "Send the amount to the account, then tell the payee 'Payment sent'. Never send twice.",
        name="payout",
        inputs={"account": str, "amount": float},
        actions=[transfer, list_transfers, notify_payee],
        recipe_dir=recipes,
        mock_responses=mocks,
    )


@pytest.fixture
def recipes(tmp_path: Path) -> Path:
    EFFECTS.clear()
    SENT.clear()
    payout(tmp_path, RECORDED).run(account="IBAN-1", amount=50.0)
    return tmp_path


def test_the_recipe_stops_before_the_change_whose_outcome_was_unknown(recipes: Path) -> None:
    source = (recipes / "payout" / "recipe.py").read_text().split("def payout(", 1)[1]
    stop = source.index("whether it went through is unknown")
    assert stop < source.index("notify_payee(") and " transfer(" not in source
    EFFECTS.clear()
    with pytest.raises(RecipeCompilerError):
        payout(recipes, []).run(account="IBAN-5", amount=20.0)
    assert EFFECTS == []  # (no "Payment sent" for a transfer that may never have happened)


def test_recipe_test_passes_the_recorded_run_up_to_the_stop(recipes: Path) -> None:
    report = run_recipe_tests(payout(recipes, []).folder)
    assert report.ok and len(report.outcomes) == 1, report.text()
