"""A heal adds a bridge: the recorded path stays for the inputs that take it, the new path is
attached where the replay left the recipe, and both replay with zero model calls after."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from runtime import AIResponse, Task, TaskConfig, ToolCall, action
from runtime.run.recorded_tests import run_recipe_tests

STOCK = {"lamp": 5, "desk": 0, "pen": 12}
EFFECTS: list[str] = []


class OutOfStock(Exception):
    """The item cannot be bought now."""


class Order(BaseModel):
    id: str
    total: float


ORDERS = {"O-1": Order(id="O-1", total=250.0), "O-2": Order(id="O-2", total=40.0)}


@action(read_only=True)
def check_stock(item: str) -> int:
    """Units of the item in stock."""
    return STOCK[item]


@action
def buy(item: str) -> str:
    """Buy one unit of the item; raises OutOfStock when there is none."""
    if STOCK[item] <= 0:
        raise OutOfStock(f"{item} is out of stock")
    EFFECTS.append(f"buy {item}")
    return f"P-{item}"


@action
def backorder(item: str) -> str:
    """Order the item from the supplier."""
    EFFECTS.append(f"backorder {item}")
    return f"B-{item}"


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order."""
    return ORDERS[order_id]


@action
def request_approval(order_id: str) -> str:
    """Ask a manager to approve the order."""
    EFFECTS.append(f"approve {order_id}")
    return f"A-{order_id}"


def stock_task(recipes: Path, mocks: list[AIResponse]) -> Task:
    return Task(
        "Buy the item if it is in stock, otherwise backorder it; return the reference.",
        name="restock",
        inputs={"item": str},
        outputs={"reference": str},
        actions=[check_stock, buy, backorder],
        recipe_dir=recipes,
        mock_responses=mocks,
    )


def approval_task(recipes: Path, mocks: list[AIResponse], **config: object) -> Task:
    return Task(
        "If the order's total is over 100, ask a manager to approve it. Say if it was needed.",
        name="approval",
        inputs={"order_id": str},
        outputs={"needed": bool},
        actions=[get_order, request_approval],
        recipe_dir=recipes,
        mock_responses=mocks,
        config=TaskConfig(**config),  # type: ignore[arg-type]
    )


def call(name: str, **args: object) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, dict(args))])


@pytest.fixture(autouse=True)
def _clean() -> None:
    EFFECTS.clear()


def test_an_action_that_raises_gets_a_bridge_and_the_recorded_path_stays(tmp_path: Path) -> None:
    stock_task(
        tmp_path,
        [
            call("check_stock", item={"$ref": "item"}),
            call("buy", item={"$ref": "item"}),
            call("finish", reference={"$ref": "buy_1"}),
        ],
    ).run(item="lamp")
    fallback = [
        call("backorder", item={"$ref": "item"}),
        call("finish", reference={"$ref": "backorder_1"}),
    ]
    healing = stock_task(tmp_path, fallback)
    EFFECTS.clear()
    assert healing.run(item="desk").reference == "B-desk"
    run = healing.last_run
    assert run is not None and run.mode == "recipe+fallback" and run.healed, run.warnings
    assert EFFECTS == ["backorder desk"]
    source = (tmp_path / "restock" / "recipe.py").read_text()
    assert (
        "    try:\n        reference = buy(item=item)\n    except OutOfStock as error:\n" in source
    )
    # the bridge runs only for the failure it was made from, the item written as the argument
    assert 'refused_as_recorded(error, f"OutOfStock: {item} is out of stock")' in source
    assert "        reference = backorder(item=item)\n        return RestockOutputs(" in source
    assert re.search(r"^from [\w.]*test_bridges import .*OutOfStock", source, re.MULTILINE)
    # Both paths replay with no model, and every recorded run is a passing test.
    replay = stock_task(tmp_path, [])
    for item, want, effect in (("pen", "P-pen", "buy pen"), ("desk", "B-desk", "backorder desk")):
        EFFECTS.clear()
        assert replay.run(item=item).reference == want
        assert replay.last_run is not None and replay.last_run.model_calls == 0
        assert [effect] == EFFECTS
    report = run_recipe_tests(replay.folder)
    assert report.ok and len(report.outcomes) == 2, report.text()


@pytest.mark.parametrize("recorded,other", [("O-1", "O-2"), ("O-2", "O-1")])
def test_the_other_side_of_a_decision_fills_its_side_exit(
    tmp_path: Path, recorded: str, other: str
) -> None:
    decide = call("compute", expression="get_order_1.total > 100")
    mocks = [call("get_order", order_id={"$ref": "order_id"}), decide]
    if recorded == "O-1":
        mocks.append(call("request_approval", order_id={"$ref": "get_order_1.id"}))
    mocks.append(call("finish", needed={"$ref": "compute_1"}))
    approval_task(tmp_path, mocks).run(order_id=recorded)
    # The fallback sees the recipe's variables (`order`, `needed`) and finishes the other side.
    other_side = [call("finish", needed={"$ref": "needed"})]
    if other == "O-1":
        other_side.insert(0, call("request_approval", order_id={"$ref": "order.id"}))
    healing = approval_task(tmp_path, other_side)
    EFFECTS.clear()
    healing.run(order_id=other)
    assert healing.last_run is not None and healing.last_run.healed, healing.last_run.warnings
    source = (tmp_path / "approval" / "recipe.py").read_text()
    # the decision's own side exit is bridged; the bridge runs up to the healed run's total
    assert "the other side leaves the recipe" not in source or "Bridge from run" in source
    assert "order.total is beyond the values the bridge was made from" in source
    replay = approval_task(tmp_path, [])
    for order_id, needed in (("O-1", True), ("O-2", False)):
        EFFECTS.clear()
        assert replay.run(order_id=order_id).needed is needed
        assert replay.last_run is not None and replay.last_run.model_calls == 0
        assert ([f"approve {order_id}"] if needed else []) == EFFECTS
    assert run_recipe_tests(replay.folder).ok


def test_a_heal_that_would_break_a_recorded_run_waits_in_pending(tmp_path: Path) -> None:
    approval_task(
        tmp_path,
        [
            call("get_order", order_id={"$ref": "order_id"}),
            call("compute", expression="get_order_1.total > 100"),
            call("request_approval", order_id={"$ref": "get_order_1.id"}),
            call("finish", needed={"$ref": "compute_1"}),
        ],
    ).run(order_id="O-1")
    recipe = tmp_path / "approval" / "recipe.py"
    # A hand edit that breaks the recorded path (it approves another order).
    recipe.write_text(recipe.read_text().replace("order_id=order.id", 'order_id="O-9"'))
    healing = approval_task(tmp_path, [call("finish", needed={"$ref": "needed"})])
    healing.run(order_id="O-2")
    run = healing.last_run
    assert run is not None and not run.healed and run.heal_proposal_path is not None
    assert any("would break recorded runs" in w for w in run.warnings), run.warnings
    report = (tmp_path / "approval" / "pending" / "report.txt").read_text()
    assert "FAIL run" in report and "request_approval(order_id='O-1')" in report


def test_a_constant_that_is_an_earlier_runs_input_is_not_healed_in(tmp_path: Path) -> None:
    """The fallback for "desk" backorders "lamp" — the input of the recorded run, written out
    by the model: another input's answer. The heal waits for review instead."""
    stock_task(
        tmp_path,
        [
            call("check_stock", item={"$ref": "item"}),
            call("buy", item={"$ref": "item"}),
            call("finish", reference={"$ref": "buy_1"}),
        ],
    ).run(item="lamp")
    recipe = tmp_path / "restock" / "recipe.py"
    before = recipe.read_text()
    healing = stock_task(
        tmp_path,
        [call("backorder", item="lamp"), call("finish", reference={"$ref": "backorder_1"})],
    )
    healing.run(item="desk")
    run = healing.last_run
    assert run is not None and not run.healed and run.heal_proposal_path is not None
    assert any(
        "backorder(item='lamp') passes the input 'item' of run" in w for w in run.warnings
    ), run.warnings
    assert recipe.read_text() == before
