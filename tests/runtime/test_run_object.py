"""A Task is an immutable definition and every run is a Run of its own: one task replays in
several threads at once, each thread sees its own run, and a fallback's model usage is on its
run and report, never on the task."""

from __future__ import annotations

import copy
import pickle
import threading
from pathlib import Path
from typing import Any

import pytest

from compiler.ir import Usage
from runtime import AIResponse, Task, TaskConfig, TaskDefinitionError, ToolCall, action, task
from runtime.errors import FallbackError
from runtime.run.report import TaskRun
from runtime.run.run import Run

PRICES = {"pen": 1.5, "book": 12.0, "lamp": 30.0, "cup": 4.0}
GATE: threading.Barrier | None = None
"""While set, every price lookup waits until all the threads are inside their recipes."""


@action(read_only=True)
def price_of(item: str) -> float:
    """Unit price of an item."""
    if GATE is not None:
        GATE.wait(timeout=30)
    return PRICES[item]


@task(recipe_dir="unused")
def quote(item: str) -> float:
    """Quote the unit price of `item`."""


AGENT = [
    AIResponse(tool_calls=[ToolCall("price_of", {"item": {"$ref": "item"}})]),
    AIResponse(tool_calls=[ToolCall("compute", {"expression": "price_of_1 * quantity"})]),
    AIResponse(
        tool_calls=[ToolCall("finish", {"item": {"$ref": "item"}, "total": {"$ref": "compute_1"}})]
    ),
]


def order_task(tmp_path: Path, mocks: list[AIResponse]) -> Task[Any]:
    return Task(
        "Price `quantity` units of `item`.",
        name="order_total",
        inputs={"item": str, "quantity": int},
        outputs={"item": str, "total": float},
        actions=[price_of],
        mock_responses=mocks,
        recipe_dir=tmp_path / "recipes",
        config=TaskConfig(heal="never"),
    )


def test_one_task_replays_in_four_threads_at_once_each_with_its_own_run(tmp_path: Path) -> None:
    global GATE
    order = order_task(tmp_path, AGENT)
    order.run(item="pen", quantity=1)  # the agent writes the recipe
    assert order.last_run is not None and order.last_run.mode == "agent"

    rows = [("pen", 1), ("book", 2), ("lamp", 3), ("cup", 4)]
    seen: dict[str, tuple[Any, TaskRun | None, Run | None]] = {}
    errors: list[BaseException] = []

    def replay(item: str, quantity: int) -> None:
        try:
            outputs = order.replay(item=item, quantity=quantity)
            seen[item] = (outputs, order.last_run, order.task_runs.latest_run())
        except BaseException as exc:  # reported below
            errors.append(exc)

    GATE = threading.Barrier(len(rows))  # all four are inside their recipe at the same time
    try:
        threads = [threading.Thread(target=replay, args=row) for row in rows]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        GATE = None
    assert not errors, errors

    for item, quantity in rows:
        outputs, report, run = seen[item]
        total = PRICES[item] * quantity
        assert (outputs.item, outputs.total) == (item, total)
        # This thread's last run is its own: its inputs, its steps, its outputs.
        assert report is not None and report.mode == "recipe" and report.model_calls == 0
        assert report.outputs == {"item": item, "total": total}
        assert [(s.action.name, s.args["item"].value) for s in report.steps[:1]] == [
            ("price_of", item)
        ]
        assert run is not None and run.inputs == {"item": item, "quantity": quantity}
        assert run.report is report and run.run_id == report.run_id

    # No report lost or mixed: the agent run's and the four replays', each once.
    assert len(order.task_runs) == 5
    assert len({r.run_id for r in order.task_runs}) == 5
    replays = sorted((r.outputs["item"], r.outputs["total"]) for r in order.task_runs[1:])
    assert replays == sorted((item, PRICES[item] * q) for item, q in rows)
    # This thread ran only the agent: that is still its last run.
    assert order.last_run is order.task_runs[0] and order.last_run.mode == "agent"


def test_a_task_definition_cannot_be_changed(tmp_path: Path) -> None:
    order = order_task(tmp_path, AGENT)
    where = order.recipe_dir
    with pytest.raises(
        TaskDefinitionError, match=r"Task definitions are immutable; use task\.with_options"
    ):
        order.recipe_dir = tmp_path / "elsewhere"
    with pytest.raises(TaskDefinitionError, match="'name' cannot be set or deleted"):
        del order.name
    with pytest.raises(TaskDefinitionError):
        order.last_fallback_usage = Usage()  # run state lives on the Run
    assert order.recipe_dir == where and order.name == "order_total"

    moved = order.with_options(recipe_dir=tmp_path / "elsewhere")
    assert moved.recipe_dir == tmp_path / "elsewhere" and order.recipe_dir == where
    assert moved.defined_in == order.defined_in == __name__
    assert moved.task_runs == [] and moved.task_runs is not order.task_runs

    # @task's tasks are defined where the function is, copies too; as_action is built once.
    assert quote.defined_in == __name__
    assert quote.with_options(recipe_dir=tmp_path).defined_in == __name__
    assert quote.as_action() is quote.as_action()
    with pytest.raises(TaskDefinitionError):
        quote.description = "Quote something else."

    # Nor can its containers: the actions, the default inputs, the dependencies, the script.
    with pytest.raises(TaskDefinitionError, match="actions and default inputs"):
        order.actions["price_of"] = quote.as_action()
    with pytest.raises(TaskDefinitionError):
        order.actions.pop("price_of")
    with pytest.raises(TaskDefinitionError):
        order.default_inputs.update(quantity=1)
    assert isinstance(order.depends_on, tuple) and isinstance(order.mock_responses, tuple)
    copied = copy.deepcopy(order)  # copies (and pickles) rebuild the read-only containers
    assert list(copied.actions) == ["price_of"] and copied.name == "order_total"
    with pytest.raises(TaskDefinitionError):
        copied.actions.clear()
    frozen = pickle.loads(pickle.dumps(type(order.default_inputs)(quantity=2)))
    assert frozen == {"quantity": 2} and type(frozen) is type(order.default_inputs)


def test_a_fallbacks_usage_is_on_its_run_and_report_not_on_the_task(tmp_path: Path) -> None:
    fallback = AIResponse(
        tool_calls=[ToolCall("finish", {"item": {"$ref": "item"}, "total": 0.0})],
        input_tokens=120,
        output_tokens=7,
    )
    order = order_task(tmp_path, [*AGENT, fallback])
    order.run(item="pen", quantity=1)

    execution = order.run_async(item="ink", quantity=2)  # no price for ink: step 1 fails
    assert execution.wait(60).total == 0.0
    run, report = execution.run, execution.report
    assert run is not None and report is not None and run.report == report
    assert run.mode == report.mode == "recipe+fallback" and report.failed_step == 1
    assert run.usage == Usage(model_calls=1, input_tokens=120, output_tokens=7)
    assert (report.model_calls, report.input_tokens, report.output_tokens) == (1, 120, 7)
    assert run.inputs == {"item": "ink", "quantity": 2}
    assert [s.action.name for s in run.steps][:1] == ["price_of"]
    assert not hasattr(order, "last_fallback_usage")
    assert order.task_runs[-1] == report
    assert order.last_run is not None and order.last_run.mode == "agent"  # this thread's

    # A fallback that fails keeps what it spent on its run (there is no report).
    stuck = order.with_options(
        mock_responses=[
            AIResponse(
                tool_calls=[ToolCall("price_of", {"item": "pen"})],
                input_tokens=50,
                output_tokens=5,
            )
        ]
    )
    failing = stuck.run_async(item="ink", quantity=2)
    with pytest.raises(FallbackError, match="could not finish the task either"):
        failing.wait(60)
    assert failing.run is not None and failing.run.report is None
    assert failing.run.usage == Usage(model_calls=1, input_tokens=50, output_tokens=5)
    assert failing.run.mode == "recipe+fallback" and stuck.task_runs == []
