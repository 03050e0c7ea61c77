"""The `recipe` command line, run as a user would (a subprocess from the project root)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def recipe(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("OPENAI_API_KEY", None)
    full_env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project: examples/ only, no recipes yet."""
    shutil.copytree(
        ROOT / "examples",
        tmp_path / "examples",
        ignore=shutil.ignore_patterns("outbox", "__pycache__"),
    )
    return tmp_path


def test_run_replay_show_compile(project: Path) -> None:
    first = recipe("run", "examples/invoices.py", cwd=project)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["total_due"] == 1757.25
    assert "agent run" in first.stderr
    assert "· turn 1 (" in first.stderr and "find_customer(" in first.stderr  # progress
    assert (project / "recipes" / "invoices" / "recipe.py").is_file()

    replay = recipe("replay", "recipes/invoices", "--input", "customer=Globex Inc", cwd=project)
    assert replay.returncode == 0, replay.stderr
    assert json.loads(replay.stdout)["total_due"] == 2660.75
    assert "model calls: 0" in replay.stderr

    again = recipe("run", "examples/invoices.py", "--input", "customer=Initech", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "recipe run" in again.stderr and json.loads(again.stdout)["unpaid_count"] == 1

    script = subprocess.run(
        [sys.executable, "recipes/invoices/recipe.py", "--customer", "Initech"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert script.returncode == 0, script.stderr
    assert json.loads(script.stdout)["total_due"] == 89.99

    show = recipe("show", "recipes/invoices", cwd=project)
    assert show.returncode == 0 and "ERR" in show.stdout and "find_customer" in show.stdout

    comp = recipe("compile", "recipes/invoices/trace.json", cwd=project)
    assert comp.returncode == 0
    assert comp.stdout == (project / "recipes" / "invoices" / "recipe.py").read_text()

    out = project / "out.py"
    out.write_text("# mine\n")
    comp2 = recipe("compile", "recipes/invoices/trace.json", "-o", str(out), cwd=project)
    assert comp2.returncode == 0 and (project / "out.py.bak").read_text() == "# mine\n"


def test_errors_are_one_paragraph_without_traceback(project: Path) -> None:
    missing = recipe("replay", "recipes/nope", cwd=project)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "recipes/nope" in missing.stderr

    recipe("run", "examples/invoices.py", cwd=project)
    bad_input = recipe("replay", "recipes/invoices", "--input", "colour=red", cwd=project)
    assert bad_input.returncode == 1 and "unknown input" in bad_input.stderr
    assert "Traceback" not in bad_input.stderr

    trace = project / "recipes" / "invoices" / "trace.json"
    trace.write_text('{"schema_version": 99}')
    too_new = recipe("compile", str(trace), cwd=project)
    assert too_new.returncode == 1 and "newer" in too_new.stderr

    trace.write_text("{not json")
    broken = recipe("compile", str(trace), cwd=project)
    assert broken.returncode == 1 and "line 1" in broken.stderr and "Traceback" not in broken.stderr

    recipe_py = project / "recipes" / "invoices" / "recipe.py"
    recipe_py.write_text(recipe_py.read_text().replace("def invoices(", "def invoices(("))
    syntax = recipe("replay", "recipes/invoices", "--input", "customer=ACME Corp", cwd=project)
    assert syntax.returncode == 1 and "syntax error" in syntax.stderr and "line" in syntax.stderr
    assert "Traceback" not in syntax.stderr
    debug = recipe("--debug", "replay", "recipes/invoices", "--input", "customer=x", cwd=project)
    assert "Traceback" in debug.stderr


def test_every_command_has_help(project: Path) -> None:
    for cmd in ([], ["run"], ["replay"], ["compile"], ["show"], ["heal"], ["diff"], ["schema"]):
        res = recipe(*cmd, "--help", cwd=project)
        assert res.returncode == 0 and "usage:" in res.stdout


def test_no_fallback_fails_the_command_and_leaves_the_recipe(project: Path) -> None:
    assert recipe("run", "examples/invoices.py", cwd=project).returncode == 0
    recipe_py = project / "recipes" / "invoices" / "recipe.py"
    before = recipe_py.read_text()
    v2 = {"INVOICES_DATA": str(project / "examples" / "invoices_data_v2")}
    for args in (
        ("run", "examples/invoices.py", "--no-fallback", "--input", "customer=Initech"),
        ("replay", "recipes/invoices", "--no-fallback", "--input", "customer=Initech"),
    ):
        res = recipe(*args, cwd=project, env=v2)
        assert res.returncode == 1, res.stdout
        assert "send_reminder" in res.stderr and "Traceback" not in res.stderr
        assert recipe_py.read_text() == before


def test_progress_shows_the_fallback_taking_over_unless_quiet(project: Path) -> None:
    quiet = recipe("run", "examples/invoices.py", "--quiet", cwd=project)
    assert quiet.returncode == 0, quiet.stderr
    assert "·" not in quiet.stderr and "agent run" in quiet.stderr  # the report stays
    v2 = {"INVOICES_DATA": str(project / "examples" / "invoices_data_v2")}
    # The fallback's cassette answers the customer it recorded (and only that one).
    res = recipe(
        "run", "examples/invoices.py", "--input", "customer=Globex Inc", cwd=project, env=v2
    )
    assert res.returncode == 0, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.startswith("· ")]
    assert lines[0].startswith("· recipe step 3 failed: the outbox service (v2) requires")
    assert lines[1].startswith("· turn 1 (") and "send_reminder(" in lines[1]
