"""Replays while a heal writes the recipe, two heals at once, and writers racing readers: every
replay runs a whole recipe, a reader of the pair sees one write's trace and recipe, writers
take turns (each replaced version reaches ``history/``), and the folder ends consistent."""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.ir import load_trace
from faults.conftest import FaultLog
from faults.fault_kit import (
    STOCK,
    restock_agent,
    restock_fallback,
    restock_task,
    stray_files,
)
from runtime.run.recorded_tests import run_recipe_tests
from runtime.store.folder import RecipeFolder

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork"),
]

SECONDS = 2.0
"""How long writers keep writing while readers read."""


def fork(work: Callable[[], int]) -> int:
    """Run ``work`` in a forked child; its return value (0–255) is the exit status."""
    pid = os.fork()
    if pid == 0:
        code = 255
        try:
            code = work()
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def wait(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture
def healed(tmp_path: Path) -> tuple[Path, str, str]:
    """A restock recipe recorded, then healed with a bridge: (root, old source, healed source)."""
    restock_task(tmp_path, restock_agent()).run(item="lamp")
    folder = RecipeFolder(tmp_path / "recipes" / "restock")
    old = folder.recipe_path.read_text()
    assert STOCK["desk"] == 0
    restock_task(tmp_path, restock_fallback()).run(item="desk")
    new = folder.recipe_path.read_text()
    assert new != old and "except OutOfStock" in new
    return tmp_path, old, new


def test_replays_while_heals_write_the_recipe_run_whole_recipes(
    healed: tuple[Path, str, str], faults: FaultLog
) -> None:
    root, old, new = healed
    folder = RecipeFolder(root / "recipes" / "restock")

    def heal_again_and_again() -> int:
        writes, deadline = 0, time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            folder.save_recipe(old if writes % 2 else new, label="heal")
            writes += 1
        return min(writes, 255)

    writer = fork(heal_again_and_again)
    task = restock_task(root, [])  # no model: a replay that fell back would fail
    problems: list[str] = []
    replays = 0
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        try:
            result = task.replay(item="lamp")
            ok = result.reference == "P-lamp" and task.last_run.mode == "recipe"  # type: ignore[union-attr]
        except Exception as exc:
            problems.append(f"replay {replays}: {type(exc).__name__}: {exc}")
            ok = False
        faults.injected("a replay while a heal rewrites the recipe", survived=ok)
        replays += 1
    writes = wait(writer)
    assert writes > 1, "the writer did not write"
    assert replays > 1
    assert problems == []
    assert folder.recipe_path.read_text() in (old, new)
    assert stray_files(folder.path) == []


def test_readers_see_one_writes_pair_while_two_writers_race(
    healed: tuple[Path, str, str], faults: FaultLog
) -> None:
    root, old, _ = healed
    folder = RecipeFolder(root / "recipes" / "restock")
    trace = folder.load_trace()
    pairs = {
        f"run-{w}-{i}": (
            trace.model_copy(update={"run_id": f"run-{w}-{i}"}),
            f"{old}\n# written with run-{w}-{i}\n",
        )
        for w in "ab"
        for i in range(2)
    }
    history_before = len(list(folder.history_dir.iterdir()))
    # Beside the recorded trace: the recipe as the heal left it (a bridge keeps the trace).
    first_source = folder.recipe_path.read_text()

    def write_pairs(writer: str) -> Callable[[], int]:
        def work() -> int:
            changed, n, deadline = 0, 0, time.monotonic() + SECONDS
            while time.monotonic() < deadline:
                new_trace, source = pairs[f"run-{writer}-{n % 2}"]
                if folder.save(new_trace, source, label=f"writer-{writer}") is not None:
                    changed += 1
                n += 1
            return min(changed, 255)

        return work

    writers = [fork(write_pairs("a")), fork(write_pairs("b"))]
    problems: list[str] = []
    reads = 0
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        source, read_trace = folder.read_pair()
        run_id = read_trace.run_id
        ok = source == (pairs[run_id][1] if run_id in pairs else first_source)
        if not ok:
            problems.append(f"read {reads}: the trace of {run_id} beside another recipe")
        faults.injected("reading the pair while two writers race", survived=ok)
        reads += 1
    counts = [wait(pid) for pid in writers]
    changed = sum(counts)
    assert problems == []
    # Every write that replaced something archived it: no version was lost between writers.
    # (A writer reports its count as its exit status: 255 means "255 or more".)
    archived = len(list(folder.history_dir.iterdir()))
    if all(count < 255 for count in counts):
        assert archived == history_before + changed
    else:
        assert archived >= history_before + changed
    for entry in folder.history_dir.iterdir():
        archived = load_trace((entry / "trace.json").read_bytes())
        if archived.run_id in pairs:
            assert (entry / "recipe.py").read_text() == pairs[archived.run_id][1]
    assert stray_files(folder.path) == []


def test_two_heals_at_once_leave_a_recipe_that_passes_its_tests(
    tmp_path: Path, faults: FaultLog
) -> None:
    restock_task(tmp_path, restock_agent()).run(item="lamp")
    folder = RecipeFolder(tmp_path / "recipes" / "restock")
    # Each heal runs in its own process, with its own answers, on the same folder.
    copies = [fork(lambda: 0 if _heal(tmp_path) else 1) for _ in range(2)]
    codes = [wait(pid) for pid in copies]
    report = run_recipe_tests(folder)
    survived = codes == [0, 0] and report.ok and stray_files(folder.path) == []
    faults.injected("two heals of the same failure at once", survived=survived)
    assert codes == [0, 0]
    assert report.ok, report.text()
    assert "except OutOfStock" in folder.recipe_path.read_text()
    assert stray_files(folder.path) == []


def _heal(root: Path) -> bool:
    task = restock_task(root, restock_fallback())
    return bool(task.run(item="desk").reference == "B-desk")
