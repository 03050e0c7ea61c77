"""Task memory: memory.get / memory.set are actions for the agent and plain calls in the
recipe, recorded like any action; session memory ends with the run, permanent memory is a
SQLite file beside the recipes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from runtime import AIResponse, Task, TaskDefinitionError, ToolCall
from runtime.tasks.memory import MEMORY_FILE, SqliteMemory, memory


def visits_answers() -> list[AIResponse]:
    return [
        AIResponse(tool_calls=[ToolCall("memory_get", {"key": "visits", "default": 0})]),
        AIResponse(tool_calls=[ToolCall("compute", {"expression": "memory_get_1 + step"})]),
        AIResponse(
            tool_calls=[ToolCall("memory_set", {"key": "visits", "value": {"$ref": "compute_1"}})]
        ),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "compute_1"}})]),
    ]


def visits(tmp_path: Path, scope: Any, mocks: list[AIResponse] | None = None) -> Task[int]:
    return Task(
        "Add step to the number of visits kept in memory and return the new count.",
        name="visits",
        inputs={"step": int},
        outputs=int,
        recipe_dir=tmp_path / "recipes",
        memory_scope=scope,
        mock_responses=mocks,
    )


def test_the_agent_uses_memory_as_tools_and_the_recipe_calls_it(tmp_path: Path) -> None:
    task = visits(tmp_path, "permanent", visits_answers())
    assert task.run(step=1) == 1
    assert task._mock_provider is not None
    tools = {t["function"]["name"] for t in task._mock_provider.requests[0]["tools"]}
    assert {"memory_get", "memory_set"} <= tools
    recipe = (tmp_path / "recipes" / "visits" / "recipe.py").read_text()
    assert "from runtime.tasks.memory import memory" in recipe
    assert 'memory.get(key="visits", default=0)' in recipe
    assert 'memory.set(key="visits", value=' in recipe
    assert [s.action.name for s in task.last_run.steps][:1] == ["memory_get"]  # type: ignore[union-attr]


def test_permanent_memory_lives_in_sqlite_and_replays_read_it_now(tmp_path: Path) -> None:
    visits(tmp_path, "permanent", visits_answers()).run(step=1)
    replay = visits(tmp_path, "permanent", [])  # no model: every later run is the recipe
    assert replay.run(step=2) == 3
    assert replay.run(step=10) == 13
    assert replay.last_run is not None and replay.last_run.model_calls == 0
    store = SqliteMemory(tmp_path / "recipes" / MEMORY_FILE)
    assert store.get("visits") == 13 and store.keys() == ["visits"]
    with sqlite3.connect(tmp_path / "recipes" / MEMORY_FILE) as db:
        assert db.execute("SELECT value FROM memory").fetchone() == ("13",)


def test_session_memory_is_cleared_when_the_run_ends(tmp_path: Path) -> None:
    visits(tmp_path, "session", visits_answers()).run(step=1)
    replay = visits(tmp_path, "session", [])
    assert replay.run(step=2) == 2  # nothing carried over from the run before
    assert replay.run(step=2) == 2
    assert not (tmp_path / "recipes" / MEMORY_FILE).exists()


def test_memory_outside_a_run_with_memory_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="memory_scope='session'"):
        memory.get("visits")
    task = Task(
        "Count.",
        name="plain",
        inputs={"step": int},
        outputs=int,
        actions=[memory.get],
        recipe_dir=tmp_path / "recipes",
        mock_responses=[
            AIResponse(tool_calls=[ToolCall("memory_get", {"key": "visits"})]),
            AIResponse(tool_calls=[ToolCall("finish", {"result": 0})]),
        ],
    )
    task.run(step=1)
    assert task.last_run is not None
    failed = [s for s in task.last_run.steps if s.status == "error"]
    assert failed and "this run has no memory" in (failed[0].error or "")


def test_only_json_values_are_stored(tmp_path: Path) -> None:
    task = Task(
        "Remember.",
        name="remember",
        outputs=int,
        recipe_dir=tmp_path / "recipes",
        memory_scope="session",
        mock_responses=[
            AIResponse(
                tool_calls=[ToolCall("memory_set", {"key": "model", "value": {"name": "x"}})]
            ),
            AIResponse(tool_calls=[ToolCall("memory_get", {"key": "model"})]),
            AIResponse(tool_calls=[ToolCall("finish", {"result": 1})]),
        ],
    )
    assert task.run() == 1
    assert task.last_run is not None
    assert task.last_run.steps[1].result == {"name": "x"}


def test_memory_scope_is_checked(tmp_path: Path) -> None:
    with pytest.raises(TaskDefinitionError, match="memory_scope must be 'session'"):
        Task("x", name="x", memory_scope="forever")  # type: ignore[arg-type]
