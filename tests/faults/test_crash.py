"""SIGKILL at every write point of recording and healing: whatever moment a process dies at,
the next reader of the recipe folder sees the files as they were before or as the finished
write left them — never a new trace beside an old recipe, a half-written file, or a stray temp
file — and nothing a user had (a hand-edited recipe) is lost.

Each scenario runs once to count its write points (every ``os.write``, ``fsync``, ``replace``,
``unlink``, ``mkdir`` and ``rmdir`` it makes), then once per write point in a forked child that
kills itself with SIGKILL just before that call (a write is cut in half first). The parent then
reads the folder the way the runtime does and compares it with the snapshots taken before and
after a run that was not killed.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from faults.conftest import FaultLog
from faults.fault_kit import (
    SHIP_INPUTS,
    STOCK,
    WORLD,
    restock_agent,
    restock_fallback,
    restock_task,
    ship_agent,
    ship_fallback,
    ship_task,
    snapshot,
    stray_files,
)
from runtime import TaskConfig
from runtime.run.replay import load_recipe_module
from runtime.store.folder import RecipeFolder

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

WRITE_CALLS = ("write", "fsync", "replace", "rename", "unlink", "mkdir", "rmdir")
HAND_EDIT = "\n\n# A note the user added by hand: keep me.\n"


@dataclass(frozen=True)
class Scenario:
    name: str
    task: str
    setup: Callable[[Path], None]
    """Prepares the project folder (run in this process)."""
    operation: Callable[[Path], None]
    """The write under test (run in the forked child)."""


def _record_and_edit(root: Path) -> None:
    WORLD["require_carrier"] = False
    ship_task(root, ship_agent()).run(**SHIP_INPUTS)
    recipe = root / "recipes" / "ship_order" / "recipe.py"
    recipe.write_text(recipe.read_text() + HAND_EDIT)


def _rerecord(root: Path) -> None:
    ship_task(root, ship_agent()).run_agent(**SHIP_INPUTS)


def _heal_new_path(root: Path) -> None:
    WORLD["require_carrier"] = True
    try:
        ship_task(root, ship_fallback()).run(**SHIP_INPUTS)
    finally:
        WORLD["require_carrier"] = False


def _propose(root: Path) -> None:
    WORLD["require_carrier"] = True
    try:
        ship_task(root, ship_fallback(), config=TaskConfig(heal="ask")).run(**SHIP_INPUTS)
    finally:
        WORLD["require_carrier"] = False


def _record_edit_and_propose(root: Path) -> None:
    _record_and_edit(root)
    _propose(root)


def _apply_proposal(root: Path) -> None:
    folder = RecipeFolder(root / "recipes" / "ship_order")
    folder.apply_proposal(folder.load_proposal())


def _retire(root: Path) -> None:
    folder = RecipeFolder(root / "recipes" / "ship_order")
    folder.retire([folder.load_trace().run_id], "retired by hand")


def _record_restock(root: Path) -> None:
    restock_task(root, restock_agent()).run(item="lamp")


def _heal_bridge(root: Path) -> None:
    assert STOCK["desk"] == 0
    restock_task(root, restock_fallback()).run(item="desk")


SCENARIOS = [
    Scenario("record again over a hand-edited recipe", "ship_order", _record_and_edit, _rerecord),
    Scenario("heal: the path is replaced", "ship_order", _record_and_edit, _heal_new_path),
    Scenario("heal: a bridge is added", "restock", _record_restock, _heal_bridge),
    Scenario("heal proposed (pending/)", "ship_order", _record_and_edit, _propose),
    Scenario(
        "recipe heal applies a proposal", "ship_order", _record_edit_and_propose, _apply_proposal
    ),
    Scenario("recipe test --retire", "ship_order", _record_and_edit, _retire),
]


def run_in_child(operation: Callable[[], None], kill_at: int | None) -> tuple[int, int]:
    """Run ``operation`` in a forked child that counts its write calls and, with ``kill_at``,
    SIGKILLs itself just before call number ``kill_at``. Returns (wait status, calls made)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(reader)
            made = _count_writes(operation, kill_at)
            os.write(writer, str(made).encode())
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(writer)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(reader, "rb") as pipe:
        made = pipe.read()
    return status, int(made or 0)


def _count_writes(operation: Callable[[], None], kill_at: int | None) -> int:
    made = 0
    real = {name: getattr(os, name) for name in WRITE_CALLS}

    def hook(name: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            nonlocal made
            made += 1
            if made == kill_at:
                if name == "write":  # half of the bytes reach the file, then the process dies
                    fd, data = args[0], bytes(args[1])  # type: ignore[call-overload]
                    real["write"](fd, data[: len(data) // 2])
                sys.stdout.flush()
                os.kill(os.getpid(), signal.SIGKILL)
            return real[name](*args, **kwargs)

        return call

    for name in WRITE_CALLS:
        setattr(os, name, hook(name))
    try:
        operation()
    finally:
        for name, function in real.items():
            setattr(os, name, function)
    return made


def _read_like_the_runtime(folder: RecipeFolder) -> str | None:
    """What a reader does first: recover the folder, then load the trace and the recipe.
    Returns a problem, or None."""
    try:
        folder.recover()
        if folder.trace_path.is_file():
            folder.load_trace()
        if folder.has_recipe():
            load_recipe_module(folder.recipe_path)
    except Exception as exc:
        return f"reading the folder failed: {type(exc).__name__}: {exc}"
    return None


def _lost(before: dict[str, str], now: dict[str, str]) -> int:
    """Files a user had (the recipe, the trace) whose content is nowhere in the folder now."""
    contents = {text.split("\n", 1)[1] for text in now.values()}
    return sum(
        1
        for path, text in before.items()
        if path in ("recipe.py", "trace.json") and text.split("\n", 1)[1] not in contents
    )


def _check_scenario(scenario: Scenario, tmp_path: Path, faults: FaultLog, every: int) -> list[str]:
    seed = tmp_path / "seed"
    scenario.setup(seed)
    task_folder = Path("recipes") / scenario.task
    before = snapshot(seed / task_folder)

    done = tmp_path / "done"
    shutil.copytree(seed, done)
    status, points = run_in_child(lambda: scenario.operation(done), None)
    assert status == 0, f"{scenario.name}: the operation failed without a kill"
    assert points > 0, f"{scenario.name}: no write point"
    after = snapshot(done / task_folder)
    assert after != before, f"{scenario.name}: the operation changed nothing"

    problems: list[str] = []
    for kill_at in range(1, points + 1, every):
        work = tmp_path / f"kill{kill_at}"
        shutil.copytree(seed, work)
        status, _ = run_in_child(lambda w=work: scenario.operation(w), kill_at)  # type: ignore[misc]
        where = f"{scenario.name}, SIGKILL at write point {kill_at} of {points}"
        found: list[str] = []
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            found.append(f"{where}: the child was not killed (status {status})")
        folder = RecipeFolder(work / task_folder)
        problem = _read_like_the_runtime(folder)
        if problem:
            found.append(f"{where}: {problem}")
        now = snapshot(work / task_folder)
        if now not in (before, after):
            changed = sorted(
                p
                for p in set(now) | set(before) | set(after)
                if now.get(p) not in (before.get(p), after.get(p))
            )
            found.append(f"{where}: neither the old files nor the new ones: {changed}")
        if stray_files(work / task_folder):
            found.append(f"{where}: stray files {stray_files(work / task_folder)}")
        lost = _lost(before, now)
        faults.injected(where, survived=not found, lost=lost)
        problems += found
        shutil.rmtree(work)
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_sigkill_at_every_write_point(scenario: Scenario, tmp_path: Path, faults: FaultLog) -> None:
    assert _check_scenario(scenario, tmp_path, faults, every=1) == []


def test_sigkill_while_recording_again_sampled(tmp_path: Path, faults: FaultLog) -> None:
    """The quick version: every third write point of re-recording over a hand-edited recipe."""
    assert _check_scenario(SCENARIOS[0], tmp_path, faults, every=3) == []


def test_a_new_recipe_keeps_the_users_umask(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        _record_and_edit(tmp_path)
        _heal_new_path(tmp_path)
    finally:
        os.umask(previous)
    folder = tmp_path / "recipes" / "ship_order"
    modes = {
        str(p.relative_to(folder)): oct(p.stat().st_mode & 0o777)
        for p in folder.rglob("*")
        if p.is_file()
    }
    assert set(modes.values()) == {"0o640"}, modes
