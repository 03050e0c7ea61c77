"""Bad input from the person at the keyboard: command-line values of the wrong type, a task name
no file system takes, a broken trace beside a recipe, and the README's walk-through, which must
leave the committed files as they are."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from runtime import Task, TaskDefinitionError
from runtime.cli import main

ROOT = Path(__file__).resolve().parents[2]

TASK_FILE = '''
from runtime import AIResponse, Task, ToolCall, action


@action(read_only=True)
def double(n: int) -> int:
    """Double n."""
    return n * 2


doubler = Task(
    "Double count.",
    name="doubler",
    inputs={"count": int},
    outputs={"result": int},
    actions=[double],
    mock_responses=[
        AIResponse(tool_calls=[ToolCall("double", {"n": {"$ref": "count"}})]),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "double_1"}})]),
    ],
)
'''


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "doubling.py").write_text(TASK_FILE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "doubling", raising=False)
    return tmp_path


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "count: expected an integer, got 'abc'"),
        ("true", "count: expected an integer, got 'true'"),
        ("1.5", "count: expected an integer, got '1.5'"),
        ("", "count: expected an integer, got ''"),
    ],
)
def test_a_value_of_the_wrong_type_says_what_was_expected(
    project: Path, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    assert main(["run", "doubling.py", "--input", f"count={value}", "-q"]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err and "Invalid JSON" not in err
    assert not (project / "recipes").exists()  # refused before the agent ran


def test_replay_refuses_the_wrong_type_too(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "doubling.py", "--input", "count=3", "-q"]) == 0
    assert main(["replay", "recipes/doubler", "--input", "count=true", "-q"]) == 1
    assert "count: expected an integer, got 'true'" in capsys.readouterr().err


def test_a_task_name_too_long_for_a_folder_is_refused_up_front() -> None:
    with pytest.raises(TaskDefinitionError, match=r"is 300 characters long; use at most 100"):
        Task("Do it.", name="t" * 300)


def test_replay_with_a_broken_trace_says_the_fallback_is_off(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "doubling.py", "--input", "count=3", "-q"]) == 0
    (project / "recipes/doubler/trace.json").write_text('{"schema_version": 1, "steps": [')
    capsys.readouterr()
    assert main(["replay", "recipes/doubler", "--input", "count=4", "-q"]) == 0
    captured = capsys.readouterr()
    assert '"result": 8' in captured.out
    assert "the fallback is off because the trace is unreadable" in captured.err
    assert "trace.json: not valid JSON" in captured.err

    recipe = project / "recipes/doubler/recipe.py"
    recipe.write_text(recipe.read_text().replace("return", "raise ValueError('boom')\n    return"))
    assert main(["replay", "recipes/doubler", "--input", "count=4", "-q"]) == 1
    err = capsys.readouterr().err
    assert "ValueError: boom" in err
    assert "No fallback: the fallback is off because the trace is unreadable" in err


def _walkthrough() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("The same steps with the command line")
    block = re.search(r"```bash\n(.*?)```", readme[start:], re.S)
    assert block is not None
    return block.group(1)


def _committed_state() -> dict[str, str]:
    files = subprocess.run(
        ["git", "ls-files", "recipes", "examples"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    state = {f: hashlib.sha256((ROOT / f).read_bytes()).hexdigest() for f in files}
    for extra in ("recipes/invoices", "examples/invoices_data", "examples/invoices_data_v2"):
        state |= {str(p.relative_to(ROOT)): "present" for p in (ROOT / extra).rglob("*")}
    return state


@pytest.mark.slow
def test_the_readme_walkthrough_leaves_the_committed_files_alone(tmp_path: Path) -> None:
    script = _walkthrough()
    assert "cd /tmp/recipe-walkthrough" in script
    script = script.replace("/tmp/recipe-walkthrough", str(tmp_path / "walk"))
    before = _committed_state()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)  # this checkout's runtime, wherever the walk-through runs
    done = subprocess.run(
        ["bash", "-e", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "the recipe was healed" in done.stderr
    assert (tmp_path / "walk/recipes/invoices/history").is_dir()
    assert _committed_state() == before
