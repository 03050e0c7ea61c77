"""Async runs: `task.run_async` returns at once with an execution (status, progress, wait,
cancel), `await task.arun(...)`, and `recipe run --detach` / `recipe status` / `recipe cancel`."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from compiler.ir import load_trace
from runtime import AIResponse, RunCancelled, Task, TaskConfig, ToolCall, action
from runtime.run.execution import Execution

ROOT = Path(__file__).resolve().parents[2]
GATE = threading.Event()
ENTERED = threading.Event()
HOLD = {"on": False}
DONE: list[str] = []


@pytest.fixture(autouse=True)
def _open_gate() -> Any:
    GATE.set()
    ENTERED.clear()
    HOLD["on"] = False
    DONE.clear()
    yield
    GATE.set()


@action(read_only=True)
def fetch(name: str) -> str:
    """Fetch a record."""
    return name.upper()


@action
def pack(record: str) -> str:
    """Pack the record (waits at the test's gate when it is held)."""
    if HOLD["on"]:
        ENTERED.set()
        GATE.wait(10)
    DONE.append(f"pack {record}")
    return f"[{record}]"


@action
def label(parcel: str) -> str:
    """Label the parcel."""
    DONE.append(f"label {parcel}")
    return f"{parcel}!"


def answers() -> list[AIResponse]:
    return [
        AIResponse(tool_calls=[ToolCall("fetch", {"name": "ada"})]),
        AIResponse(tool_calls=[ToolCall("pack", {"record": {"$ref": "fetch_1"}})]),
        AIResponse(tool_calls=[ToolCall("label", {"parcel": {"$ref": "pack_1"}})]),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "label_1"}})]),
    ]


def parcel_task(tmp_path: Path, mocks: list[AIResponse] | None = None, **config: Any) -> Task[str]:
    return Task(
        "Fetch the record, pack it, label the parcel.",
        name="parcel",
        inputs={"name": str},
        outputs=str,
        actions=[fetch, pack, label],
        recipe_dir=tmp_path / "recipes",
        mock_responses=mocks,
        config=TaskConfig(**config),
    )


def held() -> None:
    """Hold the next `pack` call until the test opens the gate."""
    GATE.clear()
    HOLD["on"] = True


def test_run_async_returns_at_once_then_reports_a_replays_progress(tmp_path: Path) -> None:
    parcel_task(tmp_path, answers()).run(name="ada")  # records the recipe: fetch, pack, label
    task = parcel_task(tmp_path, [])
    held()
    execution = task.run_async(name="bob")
    assert ENTERED.wait(5)
    status = execution.status()
    assert status.state == "running" and status.mode == "recipe"
    assert status.current_action == "pack"
    assert (status.steps_done, status.steps_expected) == (1, 3)
    assert status.progress == pytest.approx(33.3)
    assert status.start_time is not None and status.end_time is None
    with pytest.raises(TimeoutError, match="still running"):
        execution.wait(0.01)
    GATE.set()
    assert execution.wait(5) == "[BOB]!"
    done = execution.status()
    assert (done.state, done.progress, done.result) == ("completed", 100.0, "[BOB]!")
    assert done.end_time is not None and done.duration is not None and done.duration >= 0
    assert done.cost == 0 and done.run_id == execution.report.run_id  # type: ignore[union-attr]
    assert execution.report is not None and execution.report.execution_id == execution.id


def test_an_agent_runs_progress_counts_turns_against_max_turns(tmp_path: Path) -> None:
    held()
    execution = parcel_task(tmp_path, answers(), max_turns=10).run_async(name="ada")
    assert ENTERED.wait(5)
    status = execution.status()
    assert status.mode == "agent" and status.current_action == "pack"
    assert (status.steps_done, status.steps_expected, status.progress) == (2, 10, 20.0)
    GATE.set()
    assert execution.wait(5) == "[ADA]!"


def test_recording_again_estimates_from_the_last_recorded_run(tmp_path: Path) -> None:
    parcel_task(tmp_path, answers()).run(name="ada")
    held()
    task = parcel_task(tmp_path, answers(), max_turns=10)
    execution = Execution(task, {"name": "ada"}, method="run_agent").start()
    assert ENTERED.wait(5)
    status = execution.status()
    assert (status.steps_expected, status.progress) == (4, 50.0)
    GATE.set()
    execution.wait(5)


def test_cancel_stops_at_the_next_action_boundary_and_keeps_the_run_log(tmp_path: Path) -> None:
    parcel_task(tmp_path, answers()).run(name="ada")
    DONE.clear()
    held()
    execution = parcel_task(tmp_path, []).run_async(name="bob")
    assert ENTERED.wait(5)
    assert execution.cancel() is True
    assert execution.status().cancel_requested
    GATE.set()  # pack finishes; label never starts
    with pytest.raises(RunCancelled) as info:
        execution.wait(5)
    status = execution.status()
    assert status.state == "cancelled" and status.error_type == "RunCancelled"
    assert f"cancelled (execution {execution.id})" in str(info.value)
    assert "before the action label" in str(info.value)
    assert DONE == ["pack BOB"]
    log = Path(str(info.value).rsplit("kept in ", 1)[1].rstrip("."))
    assert [s.action.name for s in load_trace(log.read_bytes()).steps] == ["fetch", "pack"]
    assert execution.cancel() is False  # already over


def test_a_failed_run_reports_its_error(tmp_path: Path) -> None:
    execution = parcel_task(tmp_path, answers()[:1]).run_async(name="ada")
    with pytest.raises(Exception, match="mock_responses"):
        execution.wait(5)
    status = execution.status()
    assert status.state == "failed" and status.error_type == "MockResponsesExhausted"
    assert "mock_responses" in (status.error or "")


def test_arun_awaits_the_result(tmp_path: Path) -> None:
    task = parcel_task(tmp_path, answers())
    assert asyncio.run(task.arun(name="ada")) == "[ADA]!"


def test_cancelling_the_awaiting_task_cancels_the_run(tmp_path: Path) -> None:
    parcel_task(tmp_path, answers()).run(name="ada")
    DONE.clear()
    task = parcel_task(tmp_path, [])
    held()

    async def main() -> None:
        waiting = asyncio.ensure_future(task.arun(name="bob"))
        await asyncio.to_thread(ENTERED.wait, 5)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    asyncio.run(main())
    GATE.set()
    deadline = time.monotonic() + 5
    while DONE == [] and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert DONE == ["pack BOB"]  # the label after the boundary never ran


def test_executions_in_threads_keep_their_own_state(tmp_path: Path) -> None:
    parcel_task(tmp_path, answers()).run(name="ada")
    task = parcel_task(tmp_path, [])
    names = ["ann", "ben", "cat", "dan", "eve", "fay"]
    executions = [task.run_async(name=n) for n in names]
    assert [e.wait(10) for e in executions] == [f"[{n.upper()}]!" for n in names]
    run_ids = {e.report.run_id for e in executions if e.report is not None}
    assert len(run_ids) == len(names)
    assert len({e.id for e in executions}) == len(names)


def test_inputs_are_checked_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="missing input"):
        parcel_task(tmp_path, answers()).run_async()


# --------------------------------------------------------------------------- the CLI

TASK_FILE = '''
import time

from runtime import AIResponse, Task, TaskConfig, ToolCall, action


@action
def step(n: int) -> int:
    """One slow step."""
    time.sleep(SLOW)
    return n + 1


SLOW = float(__import__("os").environ.get("SLOW", "0"))
answers = [AIResponse(tool_calls=[ToolCall("step", {"n": i})]) for i in range(5)]
answers.append(AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "step_5"}})]))
steps = Task(
    "Take five steps.",
    name="steps",
    inputs={"start": int},
    outputs=int,
    actions=[step],
    mock_responses=answers,
    config=TaskConfig(max_memory_mb=2048),
)
DEFAULT_INPUTS = {"start": 0}
'''


def recipe(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "RECIPE_RUNS_DIR": str(cwd / "runs"), **env}
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_detach_status_and_cancel_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "steps.py").write_text(textwrap.dedent(TASK_FILE))
    started = recipe(tmp_path, "run", "steps.py", "--detach")
    assert started.returncode == 0, started.stderr
    execution_id = started.stdout.strip()
    assert f"recipe status {execution_id}" in started.stderr
    done = recipe(tmp_path, "status", execution_id, "--wait", "30")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "completed" in done.stdout and done.stdout.rstrip().endswith("5")
    shown = json.loads(recipe(tmp_path, "status", execution_id, "--json").stdout)
    assert shown["state"] == "completed" and shown["result"] == 5 and shown["pid"]
    # The memory limit applied in the child: no "not enforced" warning in its report.
    log = Path(shown["log"]).read_text()
    assert "not enforced" not in log and "agent run" in log

    slow = recipe(tmp_path, "run", "steps.py", "--agent", "--detach", SLOW="0.6")
    slow_id = slow.stdout.strip()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        state = json.loads(recipe(tmp_path, "status", slow_id, "--json").stdout)
        if state["state"] == "running" and state["steps_done"] >= 1:
            break
        time.sleep(0.1)
    cancelled = recipe(tmp_path, "cancel", slow_id, "--wait", "20")
    assert cancelled.returncode == 0, cancelled.stderr
    assert "cancel requested" in cancelled.stderr and "cancelled" in cancelled.stdout
    final = json.loads(recipe(tmp_path, "status", slow_id, "--json").stdout)
    # Stopped before its sixth model turn (the one that finishes): no result.
    assert final["state"] == "cancelled" and final["steps_done"] < 6 and final["result"] is None
    listed = recipe(tmp_path, "status").stdout
    assert execution_id in listed and slow_id in listed


def test_status_of_an_unknown_id_says_what_to_do(tmp_path: Path) -> None:
    result = recipe(tmp_path, "status", "20990101-000000-abcdef")
    assert result.returncode == 1 and "`recipe status` lists the known ones" in result.stderr
