"""``recipe replay recipes/<task>``: run a recipe folder on command-line inputs, no model."""

from __future__ import annotations

import importlib
import inspect
import sys
import time
import typing
from pathlib import Path
from typing import Any

from runtime.actions.recorder import RunRecorder
from runtime.agent.redaction import redact_text, secrets_in
from runtime.errors import InputError, RecipeError, TraceError
from runtime.recipe_main import parse_value
from runtime.run.replay import (
    ensure_project_root_importable,
    load_recipe_module,
    recipe_function,
    run_recipe,
)
from runtime.store.folder import RecipeFolder


def replay_folder(
    path: Path, raw_inputs: dict[str, str], *, fallback: bool = True
) -> tuple[Any, str]:
    """Replay ``path/recipe.py`` with inputs given as text; returns (outputs, report).

    With ``fallback``, and when the module that defines the task (recorded in the trace) can
    be imported, a failing step is handed to the agent through that task.
    """
    folder = RecipeFolder(path)
    if not folder.path.is_dir():
        raise RecipeError(f"{path}: no such recipe folder.")
    no_fallback: str | None = None  # why a failing step cannot be handed to the agent
    try:
        spec = folder.load_trace().task
        task_name, task_module = spec.name, spec.module
    except TraceError as exc:
        # Replay needs only the recipe (its function is named after the folder); the fallback
        # needs the task the trace names.
        task_name, task_module = folder.path.resolve().name, None
        no_fallback = f"the fallback is off because the trace is unreadable: {str(exc).rstrip('.')}"
    module = load_recipe_module(folder.recipe_path)
    fn = recipe_function(module, task_name, folder.recipe_path)
    inputs = parse_inputs(fn, raw_inputs, folder.recipe_path)
    task = None
    if fallback and no_fallback is None:
        task, no_fallback = _find_task(task_module, task_name)
    if task is not None:
        task = task.with_options(recipe_dir=folder.path.parent)
        result = task.replay(**inputs)
        assert task.last_run is not None
        return result, task.last_run.report()
    recorder = RunRecorder("recipe")
    start = time.perf_counter()
    value, failure = run_recipe(fn, inputs, recorder, folder.recipe_path)
    elapsed = time.perf_counter() - start
    if failure is not None:
        # lazy: fallback imports heal and heal libcst; a replay that passes never loads them
        from runtime.run.fallback import failure_point

        point = failure_point(failure, recorder)
        where = f", line {point.line}" if point.line else ""
        raise RecipeError(
            f"{folder.recipe_path}{where}: step {point.position + 1} of the recipe: "
            f"{redact_text(point.description, secrets_in(inputs))}"
            + (f"\nNo fallback: {no_fallback}." if fallback and no_fallback else "")
        )
    report = (
        f"replayed {folder.recipe_path}: {len(recorder.steps)} action calls, 0 model calls, "
        f"{elapsed:.3f} s"
    )
    if fallback and no_fallback:
        report += f"\nwarning: {no_fallback}."
    return value, report


def parse_inputs(fn: Any, raw: dict[str, str], path: Path) -> dict[str, Any]:
    """Validate text inputs against the recipe function's signature; one error lists all."""
    hints = typing.get_type_hints(fn)
    params = inspect.signature(fn).parameters
    problems = []
    unknown = sorted(set(raw) - set(params))
    if unknown:
        problems.append(f"unknown input(s) {unknown}")
    missing = [n for n, p in params.items() if p.default is p.empty and n not in raw]
    if missing:
        problems.append(f"missing input(s) {missing} (give them with --input NAME=VALUE)")
    values: dict[str, Any] = {}
    for name, text in raw.items():
        if name not in params:
            continue
        try:
            values[name] = parse_value(text, hints.get(name, Any))
        except ValueError as exc:
            problems.append(f"--input {name}: {exc}")
    if problems:
        raise InputError(f"{path}: " + "; ".join(problems) + ".")
    return values


def _find_task(module_name: str | None, task_name: str) -> tuple[Any, str | None]:
    """The Task object named ``task_name`` in ``module_name``, or None and why it is missing
    (then a failing step has no fallback, and the user is told so)."""

    if not module_name:
        return None, "the fallback is off: the trace names no module that defines the task"
    ensure_project_root_importable()
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        return None, (
            f"the fallback is off because the module {module_name!r} that defines the task "
            f"could not be imported ({type(exc).__name__}: {exc}); run from the project root"
        )
    # A module that defines a Task has imported runtime.tasks.task; if nothing has, there is no
    # Task to find, and a plain replay does not pay for importing the agent and the compiler.
    defines = sys.modules.get("runtime.tasks.task")
    if defines is not None:
        for value in vars(module).values():
            if isinstance(value, defines.Task) and value.name == task_name:
                return value, None
    return None, (
        f"the fallback is off because the module {module_name!r} defines no task {task_name!r}"
    )
