"""Start-up: ``recipe replay`` from process start to the first action, against bare Python.

Every command runs as a fresh process, the commands interleaved over the rounds (medians):

- ``python -c pass`` — the interpreter alone;
- ``python -c "import playwright"`` and ``from playwright.sync_api import sync_playwright`` —
  what any Playwright script pays before its first click;
- ``recipe replay recipes/invoices --input customer=…`` — the whole command (a scratch copy of
  the recipe folder and the data, so nothing in the project changes), and the time from process
  start to its first action call: the parent passes its ``time.perf_counter()`` (a system-wide
  monotonic clock) in an environment variable, and the child reports the clock at its first
  recorded action;
- the same for a one-step recipe whose action module only does ``from runtime import action``
  (the invoices example module also defines its ``Task``, so its replay imports
  ``runtime.tasks.task`` and everything that imports): the floor of the runtime itself.

Then ``python -X importtime`` of both replays lists what they imported: a plain replay must not
import openai, jinja2, libcst, black or playwright (nor the compiler's code generator).

    python bench/startup.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, publish, table
from _timing import median

HEAVY = ("openai", "jinja2", "libcst", "black", "playwright", "httpx", "compiler.codegen")
"""Modules a plain replay does not need."""

_CHILD = """
import os, sys, time
T0 = float(os.environ["BENCH_T0"])
import runtime.actions.recorder as recorder
_record = recorder.RunRecorder.record_call
_seen = []
def _first(self, act, kwargs):
    if not _seen:
        _seen.append(1)
        sys.stderr.write(f"BENCH_FIRST_ACTION {time.perf_counter() - T0:.6f}\\n")
    return _record(self, act, kwargs)
recorder.RunRecorder.record_call = _first
from runtime.cli import main
code = main(sys.argv[1:])
sys.stderr.write(f"BENCH_END {time.perf_counter() - T0:.6f}\\n")
sys.exit(code)
"""


_ACTIONS = '''"""A one-action module for the start-up benchmark."""

from runtime import action


@action
def greet(name: str) -> str:
    """Greet someone."""
    return f"Hello, {name}!"
'''


def minimal_recipe(workdir: Path) -> Path:
    """A compiled one-step recipe folder whose action module defines no task."""
    from compiler import compile_trace
    from compiler.ir import (
        ActionRef,
        LiteralExpr,
        OutputSpec,
        RefExpr,
        Step,
        TaskSpec,
        Trace,
        TypeRef,
        dump_trace,
    )

    (workdir / "startup_actions.py").write_text(_ACTIONS, encoding="utf-8")
    greet = ActionRef(name="greet", module="startup_actions", qualname="greet")
    finish = ActionRef(name="finish", module="runtime", qualname="finish", builtin="finish")
    text = TypeRef(annotation="str")
    trace = Trace(
        run_id="bench-startup",
        created_at="2025-01-01T00:00:00+00:00",
        task=TaskSpec(
            name="greet",
            description="Greet someone.",
            inputs={"name": text},
            outputs=OutputSpec(single=text),
        ),
        inputs={"name": "Ada"},
        steps=(
            Step(index=0, action=greet, args={"name": LiteralExpr(value="Ada")}, result_var="g_1"),
            Step(index=1, action=finish, args={"result": RefExpr(name="g_1")}),
        ),
    )
    folder = workdir / "recipes" / "greet"
    folder.mkdir(parents=True)
    (folder / "recipe.py").write_text(compile_trace(trace).source, encoding="utf-8")
    (folder / "trace.json").write_text(dump_trace(trace), encoding="utf-8")
    return folder


def _env(data: Path, extra_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["INVOICES_DATA"] = str(data)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(extra_path), env.get("PYTHONPATH", "")) if p
    )
    env.pop("OPENAI_API_KEY", None)  # a replay never needs it; keep the run offline
    return env


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Wall seconds of ``cmd`` from spawn to exit, and the BENCH_* marks it printed."""
    start = time.perf_counter()
    env = {**env, "BENCH_T0": repr(start)}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    marks = {
        m.group(1).lower(): float(m.group(2))
        for m in re.finditer(r"^BENCH_(\w+) ([0-9.]+)$", done.stderr, re.MULTILINE)
    }
    return wall, marks


def import_profile(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """``-X importtime`` of ``cmd``: the heavy modules it imported, and the slowest packages."""
    done = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]],
        cwd=ROOT,
        env={**env, "BENCH_T0": repr(time.perf_counter())},
        capture_output=True,
        text=True,
        check=False,
    )
    modules: dict[str, int] = {}
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            modules[m.group(4)] = int(m.group(1))
    per_package: dict[str, int] = {}
    for name, self_us in modules.items():
        top = name.split(".")[0]
        per_package[top] = per_package.get(top, 0) + self_us
    heavy = sorted(h for h in HEAVY if any(n == h or n.startswith(h + ".") for n in modules))
    slowest = sorted(per_package.items(), key=lambda kv: -kv[1])[:10]
    return {
        "modules": len(modules),
        "total_import_s": sum(modules.values()) / 1e6,
        "heavy_imported": heavy,
        "slowest_packages_s": {k: v / 1e6 for k, v in slowest},
    }


def run(*, rounds: int = 7) -> dict[str, Any]:
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp) / "recipes" / "invoices"
        shutil.copytree(ROOT / "recipes" / "invoices", folder, ignore=_no_history)
        data = Path(tmp) / "data"
        shutil.copytree(
            ROOT / "examples" / "invoices_data", data, ignore=shutil.ignore_patterns("outbox")
        )
        env = _env(data, Path(tmp))
        replay = [python, "-c", _CHILD, "replay", str(folder), "--input", "customer=Globex Inc"]
        minimal = [python, "-c", _CHILD, "replay", str(minimal_recipe(Path(tmp))), "-i", "name=Bo"]
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "python -c 'import playwright'": [python, "-c", "import playwright"],
            "python -c 'from playwright.sync_api import sync_playwright'": [
                python,
                "-c",
                "from playwright.sync_api import sync_playwright",
            ],
            "recipe replay recipes/invoices": replay,
            "recipe replay (one-step recipe)": minimal,
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        first_action: dict[str, list[float]] = {name: [] for name in commands}
        for n in range(rounds + 1):  # round 0 warms the OS file cache; not kept
            names = list(commands)
            shift = n % len(names)
            for name in names[shift:] + names[:shift]:
                wall, marks = timed(commands[name], env)
                if n == 0:
                    continue
                walls[name].append(wall)
                if "first_action" in marks:
                    first_action[name].append(marks["first_action"])
        profiles = {
            "recipe replay recipes/invoices": import_profile(replay, env),
            "recipe replay (one-step recipe)": import_profile(minimal, env),
        }
    return {
        "rounds": rounds,
        "wall_s": {name: median(values) for name, values in walls.items()},
        "first_action_s": {name: median(v) for name, v in first_action.items() if v},
        "imports": profiles,
        "samples_s": walls,
    }


def _no_history(directory: str, names: list[str]) -> list[str]:
    return [n for n in names if n in ("history", "runs", "pending", "__pycache__")]


def report(figures: dict[str, Any]) -> str:
    bare = figures["wall_s"]["python -c pass"]
    rows: list[list[Any]] = []
    for name, wall in figures["wall_s"].items():
        first = figures["first_action_s"].get(name)
        rows.append([name, wall, wall - bare, "" if first is None else first])
    lines = [
        f"Start-up (fresh processes, medians of {figures['rounds']} interleaved rounds)\n",
        table(["command", "wall s", "over python -c pass", "start → first action s"], rows),
        "",
    ]
    for name, imports in figures["imports"].items():
        heavy = ", ".join(imports["heavy_imported"]) or "none"
        slowest = ", ".join(
            f"{k} {v * 1e3:.0f} ms" for k, v in list(imports["slowest_packages_s"].items())[:6]
        )
        lines.append(
            f"{name}: {imports['modules']} modules imported ({imports['total_import_s']:.3f} s); "
            f"heavy: {heavy}\n  slowest packages: {slowest}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    args = parser.parse_args(argv)
    figures = run(rounds=args.rounds)
    publish("startup", figures, report(figures))
    return figures


if __name__ == "__main__":
    main()
