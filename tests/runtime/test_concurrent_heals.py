"""Two fallbacks of one recipe at once: heals take the folder's heal lock one at a time, and a
heal patches the recipe as it is on disk (the failed statement found again by its code), never
at a line of the copy its replay loaded. The result is a valid recipe that replays every path,
and each run's report says truthfully whether it healed the recipe."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from runtime import AIResponse, Task, ToolCall, action
from runtime.run.recorded_tests import run_recipe_tests
from runtime.run.replay import load_recipe_module

EFFECTS: list[str] = []


class NoBoxes(Exception):
    """No box fits the item."""


class Unreachable(Exception):
    """The carrier does not deliver there."""


@action
def pack(item: str) -> str:
    """Pack the item; returns the parcel id. Raises NoBoxes for a fragile item."""
    if item == "vase":
        raise NoBoxes("no box fits a vase")
    EFFECTS.append(f"pack {item}")
    return f"P-{item}"


@action
def pack_fragile(item: str) -> str:
    """Pack a fragile item in a crate; returns the parcel id."""
    EFFECTS.append(f"crate {item}")
    return f"C-{item}"


@action
def ship(parcel: str, address: str) -> str:
    """Ship a parcel; returns the tracking id. Raises Unreachable for the Moon."""
    if address == "Moon":
        raise Unreachable("the carrier does not deliver to the Moon")
    EFFECTS.append(f"ship {parcel} to {address}")
    return f"T-{parcel}"


@action
def ship_by_rocket(parcel: str, address: str) -> str:
    """Ship a parcel by rocket; returns the tracking id."""
    EFFECTS.append(f"rocket {parcel} to {address}")
    return f"R-{parcel}"


def call(name: str, **args: object) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, dict(args))])


class Scripted:
    """A model client answering from a script; ``before(turn)`` runs before each answer (the
    test uses it to hold a fallback at a chosen moment)."""

    name = "scripted"

    def __init__(self, answers: list[AIResponse], before: object = None) -> None:
        self.answers = list(answers)
        self.before = before
        self.calls = 0

    def complete(self, messages: list, tools: list, *, turn: int) -> AIResponse:  # type: ignore[type-arg]
        self.calls += 1
        if callable(self.before):
            self.before(turn)
        return self.answers.pop(0)


def parcel_task(recipes: Path, model: Scripted) -> Task:
    return Task(
        "Pack the item and ship it to the address; return the tracking id.",
        name="parcel",
        inputs={"item": str, "address": str},
        outputs={"tracking": str},
        actions=[pack, pack_fragile, ship, ship_by_rocket],
        recipe_dir=recipes,
        provider=model,
    )


def recorded(recipes: Path) -> Path:
    parcel_task(
        recipes,
        Scripted(
            [
                call("pack", item={"$ref": "item"}),
                call("ship", parcel={"$ref": "pack_1"}, address={"$ref": "address"}),
                call("finish", tracking={"$ref": "ship_1"}),
            ]
        ),
    ).run(item="lamp", address="Home")
    return recipes / "parcel" / "recipe.py"


def wait_for(condition: object, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def run_in_thread(
    task: Task, results: dict[str, object], key: str, **inputs: str
) -> threading.Thread:
    def target() -> None:
        try:
            results[key] = task.run(**inputs)
        except BaseException as exc:  # reported by the test
            results[key] = exc

    thread = threading.Thread(target=target, name=key)
    thread.start()
    return thread


def test_two_fallbacks_at_once_heal_one_after_the_other_into_a_valid_recipe(
    tmp_path: Path,
) -> None:
    recipe = recorded(tmp_path)
    original = recipe.read_text()
    a_waiting, b_waiting = threading.Event(), threading.Event()

    def hold_a(turn: int) -> None:
        if turn == 1:  # A has loaded the recipe and failed at pack; let B load it too
            a_waiting.set()
            assert b_waiting.wait(20), "B never reached its fallback"

    def hold_b(turn: int) -> None:
        if turn == 1:
            b_waiting.set()
        if turn == 2:  # B finishes only after A's heal is on disk: B heals the changed file
            wait_for(lambda: recipe.read_text() != original, "A's heal")

    a = parcel_task(
        tmp_path,
        Scripted(
            [
                call("pack_fragile", item={"$ref": "item"}),
                call("ship", parcel={"$ref": "pack_fragile_1"}, address={"$ref": "address"}),
                call("finish", tracking={"$ref": "ship_1"}),
            ],
            hold_a,
        ),
    )
    b = parcel_task(
        tmp_path,
        Scripted(
            [
                call(
                    "ship_by_rocket", parcel={"$ref": "parcel_result"}, address={"$ref": "address"}
                ),
                call("finish", tracking={"$ref": "ship_by_rocket_1"}),
            ],
            hold_b,
        ),
    )
    results: dict[str, object] = {}
    thread_a = run_in_thread(a, results, "a", item="vase", address="Home")
    assert a_waiting.wait(20), "A never reached its fallback"
    thread_b = run_in_thread(b, results, "b", item="lamp", address="Moon")
    thread_a.join(60)
    thread_b.join(60)
    assert not isinstance(results.get("a"), BaseException), results.get("a")
    assert not isinstance(results.get("b"), BaseException), results.get("b")

    # Both reports are true: each run healed the recipe, and the file holds both bridges.
    # (Each ran in a thread of its own, so its report is in task_runs, not this thread's
    # last_run.)
    for task in (a, b):
        assert task.last_run is None and len(task.task_runs) == 1
        run = task.task_runs[-1]
        assert run.mode == "recipe+fallback"
        assert run.healed, run.warnings
    source = recipe.read_text()
    assert "except NoBoxes as error:" in source and "except Unreachable as error:" in source
    compile(source, str(recipe), "exec")
    load_recipe_module(recipe)  # imports
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F821,F841", str(recipe)],
        capture_output=True,
        text=True,
    )
    assert ruff.returncode == 0, ruff.stdout  # no undefined (or dead) variable

    # Every path replays with zero model calls, and every recorded run is a passing test.
    replay = parcel_task(tmp_path, Scripted([]))
    for item, address, tracking, effects in (
        ("lamp", "Home", "T-P-lamp", ["pack lamp", "ship P-lamp to Home"]),
        ("vase", "Home", "T-C-vase", ["crate vase", "ship C-vase to Home"]),
        ("lamp", "Moon", "R-P-lamp", ["pack lamp", "rocket P-lamp to Moon"]),
    ):
        EFFECTS.clear()
        assert replay.run(item=item, address=address).tracking == tracking
        assert replay.last_run is not None and replay.last_run.model_calls == 0
        assert effects == EFFECTS
    report = run_recipe_tests(replay.folder)
    assert report.ok and len(report.outcomes) == 3, report.text()


def test_a_heal_for_a_failure_another_heal_already_bridged_is_not_written(
    tmp_path: Path,
) -> None:
    """Both runs failed at the same statement: the first heal wraps it in try/except, so the
    second finds it no more as it analysed it — it writes nothing and says so."""
    recipe = recorded(tmp_path)
    original = recipe.read_text()
    first_waiting, second_waiting = threading.Event(), threading.Event()

    def hold_first(turn: int) -> None:
        if turn == 1:
            first_waiting.set()
            assert second_waiting.wait(20)

    def hold_second(turn: int) -> None:
        if turn == 1:
            second_waiting.set()
            wait_for(lambda: recipe.read_text() != original, "the first heal")

    answers = [
        call("pack_fragile", item={"$ref": "item"}),
        call("ship", parcel={"$ref": "pack_fragile_1"}, address={"$ref": "address"}),
        call("finish", tracking={"$ref": "ship_1"}),
    ]
    first = parcel_task(tmp_path, Scripted(answers, hold_first))
    second = parcel_task(tmp_path, Scripted(answers, hold_second))
    results: dict[str, object] = {}
    thread_1 = run_in_thread(first, results, "first", item="vase", address="Home")
    assert first_waiting.wait(20)
    thread_2 = run_in_thread(second, results, "second", item="vase", address="Home")
    thread_1.join(60)
    thread_2.join(60)
    for key in ("first", "second"):  # both runs finished the task
        assert getattr(results.get(key), "tracking", results.get(key)) == "T-C-vase"
    assert first.task_runs[-1].healed  # (run in other threads: not this thread's last_run)
    run = second.task_runs[-1]
    assert not run.healed
    assert any("changed while the fallback ran" in w for w in run.warnings), run.warnings
    healed = recipe.read_text()
    assert healed.count("except NoBoxes as error:") == 1
    load_recipe_module(recipe)
    assert run_recipe_tests(parcel_task(tmp_path, Scripted([])).folder).ok


@pytest.mark.parametrize("edit", ["# a comment of mine\n", "import math  # mine\n"])
def test_a_heal_is_never_written_over_a_recipe_that_changed_under_it(
    tmp_path: Path, edit: str
) -> None:
    """The last check is the write itself: under the folder's write lock, the recipe on disk
    must be the one the heal was computed from."""
    from runtime.run.fallback import _apply
    from runtime.run.run import Run
    from runtime.store.folder import HealProposal

    recipe = recorded(tmp_path)
    task = parcel_task(tmp_path, Scripted([]))
    proposal = HealProposal(
        task="parcel",
        based_on=recipe.read_text(),
        source=recipe.read_text() + "\n# healed\n",
        trace=task.folder.load_trace(),
    )
    recipe.write_text(edit + recipe.read_text())  # a hand edit lands meanwhile
    run = Run(task, {"item": "vase", "address": "Home"}, "recipe+fallback")
    history, warnings = _apply(run, proposal, (), lambda: tmp_path / "log.json")
    assert not run.healed and history is None
    assert any("changed since the heal was computed" in w for w in warnings), warnings
    assert recipe.read_text().startswith(edit) and "# healed" not in recipe.read_text()
