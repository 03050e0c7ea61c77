"""One recording path: the agent's tool calls, a recipe's calls and hand-written code under
``recording()`` all go through ``RunRecorder.call``, and hooks a package registers (the
browser's) apply to every one of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.ir import Expr, LiteralExpr
from runtime import AIResponse, Task, ToolCall, action
from runtime.actions import recorder as recorder_module
from runtime.actions.recorder import RunRecorder, recording, register_hooks, world_snapshot


@action
def label(text: str, printer: str = "any") -> str:
    """Print a label on a printer; returns its id."""
    return f"label-{text}"


@action
def jam(text: str) -> str:
    """A printer that always jams."""
    raise RuntimeError(f"jammed on {text}")


class Hooks:
    """Stands in for the browser's hooks: records what it was asked, replaces one argument."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []

    def recording_args(
        self, action_name: str, kwargs: dict[str, Any], result: Any, *, ok: bool
    ) -> dict[str, Expr] | None:
        self.seen.append((action_name, ok))
        return {"printer": LiteralExpr(value="front desk")} if action_name == "label" else None

    def snapshot_for_model(self) -> str | None:
        return "the printer is idle"


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Hooks:
    monkeypatch.setattr(recorder_module, "_HOOKS", [])
    registered = Hooks()
    register_hooks(registered)
    register_hooks(registered)  # once per object
    return registered


def test_agent_and_recipe_calls_record_the_same_way(tmp_path: Path, hooks: Hooks) -> None:
    mocks = [
        AIResponse(tool_calls=[ToolCall("jam", {"text": "x"})]),
        AIResponse(tool_calls=[ToolCall("label", {"text": {"$ref": "name"}})]),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "label_1"}})]),
    ]
    task: Task[str] = Task(
        "Print a label with the name.",
        name="labels",
        inputs={"name": str},
        outputs=str,
        actions=[label, jam],
        mock_responses=mocks,
        recipe_dir=tmp_path / "recipes",
    )
    assert task.run(name="ada") == "label-ada"
    agent_steps = task.last_run.steps  # type: ignore[union-attr]
    failed, printed = agent_steps[0], agent_steps[1]
    assert (failed.status, failed.error) == ("error", "RuntimeError: jammed on x")
    assert printed.result_var == "label_1" and printed.turn == 2
    assert printed.args["printer"] == LiteralExpr(value="front desk")
    assert hooks.seen == [("jam", False), ("label", True)]

    assert task.run(name="bob") == "label-bob"  # the recipe's call, same path
    replayed = task.last_run.steps  # type: ignore[union-attr]
    assert [s.action.name for s in replayed] == ["label"]
    assert replayed[0].args["printer"] == LiteralExpr(value="front desk")
    assert replayed[0].result == "label-bob"

    with recording(RunRecorder("recipe")) as rec:  # hand-written code, same path
        label("cy")
        with pytest.raises(RuntimeError, match="jammed on z"):
            jam("z")
    assert [(s.action.name, s.status) for s in rec.steps] == [("label", "ok"), ("jam", "error")]
    assert rec.steps[0].args["printer"] == LiteralExpr(value="front desk")
    assert rec.variables["label_1"] == "label-cy"
    assert hooks.seen[-2:] == [("label", True), ("jam", False)]


def test_the_registered_snapshot_is_what_the_model_sees(hooks: Hooks) -> None:
    assert world_snapshot() == "the printer is idle"


def test_no_hooks_no_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recorder_module, "_HOOKS", [])
    assert world_snapshot() is None
