"""A call the recording saw refused, after which the agent went another way ("charge the card;
if it is declined, email a payment link"): the recipe makes the call again, goes on along the
recorded path only when it is refused the same way, and leaves through a side exit when it goes
through (the fallback finishes from there, with the charge made once) or is refused otherwise
(nothing done)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from runtime import AIResponse, Task, ToolCall, action
from runtime.agent.redaction import REDACTED
from runtime.errors import RecipeCompilerError, SideExit
from runtime.expect import SECRET_SHOWN, refused_as_recorded
from runtime.run.recorded_tests import run_recipe_tests

EFFECTS: list[tuple[str, str]] = []
CARDS = {"C-1": "declined", "C-2": "ok", "C-3": "declined", "C-4": "expired"}


class CardDeclinedError(Exception):
    """The card on file said no."""


@action
def charge_card(customer_id: str, amount: float) -> str:
    """Charge the customer's card on file; returns the charge id."""
    if CARDS[customer_id] != "ok":
        raise CardDeclinedError(f"the card of {customer_id} was {CARDS[customer_id]}")
    EFFECTS.append(("charge", customer_id))
    return f"ch-{customer_id}"


@action
def send_payment_link(customer_id: str, amount: float) -> str:
    """Email the customer a link to pay the amount online."""
    EFFECTS.append(("link", customer_id))
    return f"link-{customer_id}"


def call(name: str, **args: Any) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, dict(args))])


WHO = {"customer_id": {"$ref": "customer_id"}, "amount": {"$ref": "amount"}}
RECORDED = [
    call("charge_card", **WHO),
    call("send_payment_link", **WHO),
    call("finish", via="link"),
]


def collect(recipes: Path, mocks: list[AIResponse]) -> Task[Any]:
    return Task(
        "Collect the amount from the customer: charge their card on file; if the card is "
        "declined, email them a payment link instead. Return how you collected (card or link).",
        name="collect_payment",
        inputs={"customer_id": str, "amount": float},
        outputs={"via": str},
        actions=[charge_card, send_payment_link],
        recipe_dir=recipes,
        mock_responses=mocks,
    )


@pytest.fixture
def recipes(tmp_path: Path) -> Path:
    EFFECTS.clear()
    assert collect(tmp_path, RECORDED).run(customer_id="C-1", amount=80.0).via == "link"
    return tmp_path


def test_the_refused_call_stays_in_the_recipe(recipes: Path) -> None:
    source = (recipes / "collect_payment" / "recipe.py").read_text()
    assert "    try:\n        charge_card(customer_id=customer_id, amount=amount)\n" in source
    assert 'refused_as_recorded(refusal, f"CardDeclinedError: the card of {customer_id} was' in (
        source
    )
    assert "    else:\n        raise SideExit(" in source
    report = run_recipe_tests(collect(recipes, []).folder)
    assert report.ok and len(report.outcomes) == 1, report.text()


def test_another_declined_card_gets_a_link_with_no_model(recipes: Path) -> None:
    EFFECTS.clear()
    replayer = collect(recipes, [])
    assert replayer.run(customer_id="C-3", amount=20.0).via == "link"
    assert replayer.last_run is not None and replayer.last_run.model_calls == 0
    assert EFFECTS == [("link", "C-3")]


def test_a_card_that_works_is_charged_once_and_the_agent_finishes(recipes: Path) -> None:
    EFFECTS.clear()
    finisher = collect(recipes, [call("finish", via="card")])
    assert finisher.run(customer_id="C-2", amount=50.0).via == "card"
    run = finisher.last_run
    assert run is not None and run.mode == "recipe+fallback"
    assert EFFECTS == [("charge", "C-2")]  # no payment link, and the charge made once


def test_another_refusal_stops_before_any_effect(recipes: Path) -> None:
    EFFECTS.clear()
    with pytest.raises(RecipeCompilerError):
        collect(recipes, []).run(customer_id="C-4", amount=20.0)
    assert EFFECTS == []


def test_refused_as_recorded_compares_the_whole_error() -> None:
    refused_as_recorded(
        CardDeclinedError("the card of C-3 was declined"),
        ("CardDeclinedError: the card of C-3 was declined"),
    )
    with pytest.raises(SideExit, match="CardDeclinedError, not what the recording saw"):
        refused_as_recorded(
            CardDeclinedError("the card of C-3 was expired"),
            "CardDeclinedError: the card of C-3 was declined",
        )
    with pytest.raises(SideExit, match="ValueError"):
        refused_as_recorded(ValueError("declined"), "RuntimeError: declined")


def test_a_secret_in_the_recorded_error_stands_for_any_text() -> None:
    assert SECRET_SHOWN == REDACTED
    password = SecretStr("hunter2")
    refused_as_recorded(
        ValueError(f"password {password.get_secret_value()!r} has expired"),
        f"ValueError: password '{REDACTED}' has expired",
    )


def test_a_side_exit_inside_the_call_passes_through() -> None:
    inner = SideExit("a nested recipe left its path")
    with pytest.raises(SideExit) as caught:
        refused_as_recorded(inner, "RuntimeError: declined")
    assert caught.value is inner
