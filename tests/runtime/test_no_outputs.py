"""A task without outputs: ``outputs={}`` returns None (``finish()`` takes nothing), and one that
leaves its outputs out returns what ``finish(result=...)`` gives; either way the recipe runs as
a script (``python recipe.py --help``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from examples.invoices import company_info
from runtime import AIResponse, Task, ToolCall

ROOT = Path(__file__).resolve().parents[2]


def _task(tmp_path: Path, finish: dict[str, Any], **outputs: Any) -> Task[Any]:
    return Task(
        "Look up our company details.",
        name="company",
        inputs={"note": str},
        actions=[company_info],
        recipe_dir=tmp_path,
        mock_responses=[
            AIResponse(tool_calls=[ToolCall("company_info", {})]),
            AIResponse(tool_calls=[ToolCall("finish", finish)]),
        ],
        **outputs,
    )


def _script(recipe: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(recipe), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("outputs", "finish", "annotation"),
    [({"outputs": {}}, {}, "None"), ({}, {"result": None}, "Any")],
    ids=["outputs={}", "outputs left out"],
)
def test_a_task_without_outputs_gives_a_recipe_that_runs_as_a_script(
    tmp_path: Path, outputs: dict[str, Any], finish: dict[str, Any], annotation: str
) -> None:
    task = _task(tmp_path, finish, **outputs)
    assert task.run_agent(note="x") is None
    source = task.folder.recipe_path.read_text(encoding="utf-8")
    assert f"def company(note: str) -> {annotation}:" in source
    assert "    return None\n" in source
    assert task.run(note="y") is None and task.last_run is not None
    assert task.last_run.mode == "recipe"
    shown = _script(task.folder.recipe_path, "--help")
    assert shown.returncode == 0, shown.stderr
    assert "--note NOTE" in shown.stdout
    ran = _script(task.folder.recipe_path, "--note", "z")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "null"


def test_finish_takes_nothing_when_there_are_no_outputs(tmp_path: Path) -> None:
    task = _task(tmp_path, {}, outputs={})
    schema = task.finish_tool_schema()["function"]["parameters"]
    assert schema["properties"] == {} and not schema.get("required")
    assert task.validate_outputs({}) is None
