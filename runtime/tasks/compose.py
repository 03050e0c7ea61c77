"""Composition: a task as another task's action, and ``depends_on``.

- ``Task(..., actions=[lookup])`` with ``lookup`` a :class:`~runtime.tasks.task.Task`: the parent's
  agent calls it like any tool (its inputs are the arguments, its outputs the result); the
  parent's recipe imports it and calls it (``lookup_result = lookup(customer=customer)``),
  which runs *the sub-task's own recipe*, with its own fallback and heal. A step that fails
  inside the sub-recipe falls back inside the sub-task only: the parent sees the sub-task's
  outputs, and its recipe goes on.
- ``Task(..., depends_on=[research])``: before the agent starts, each dependency runs (with the
  parent's inputs of the same names) and its outputs become a variable the model reads and
  may pass on (``research_1``); the call is a recorded step, so the recipe runs the dependency
  first too.

A sub-task runs under its parent's cancel switch and time limit; its model calls, cost and
report are its own (``sub.task_runs``, ``recipes/<sub>/ledger.jsonl``); session memory is the
parent run's.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.actions._types import dotted_path_for_file
from runtime.actions.decorator import Action
from runtime.actions.recorder import recording, short_repr
from runtime.agent.prompting import dumps_args
from runtime.errors import TaskDefinitionError

if TYPE_CHECKING:
    from runtime.actions.recorder import RunRecorder
    from runtime.tasks.task import Task

__all__ = [
    "TaskAction",
    "changes_nothing",
    "check_dependencies",
    "reached_tasks",
    "run_dependencies",
    "task_action",
]


class TaskAction(Action[..., Any]):
    """The action that runs a sub-task: an :class:`Action` that knows its task.

    ``result_model`` is what a run of it returns when the task has output fields (its outputs
    model, which recipes cannot import by name, so the declared return type is ``Any``): a
    recorded JSON result is read back as that model (``recipe test`` answers a recipe's
    ``bill_outputs.charge_id`` with the outputs object, as a replay does)."""

    def __init__(self, task: Task[Any], fn: Any, *, read_only: bool) -> None:
        super().__init__(fn, read_only=read_only, name=task.name, description=task.description)
        self.task = task
        self.result_model = task.output_model


def task_action(task: Task[Any]) -> TaskAction:
    """The action that runs ``task``: its tool schema from the task's inputs and description,
    imported by recipes from the module that defines the task, under the name it has there."""
    if not task.name.isidentifier():
        raise TaskDefinitionError(
            f"task {task.name!r} is used as an action, so its name must be a Python identifier "
            "(the tool's and the recipe variable's name); rename it, e.g. with _ for -."
        )
    module, name = _where_defined(task)

    def run_subtask(**inputs: Any) -> Any:
        return task.run(**inputs)

    params = [
        inspect.Parameter(
            input_name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=annotation,
            default=task.default_inputs.get(input_name, inspect.Parameter.empty),
        )
        for input_name, annotation in task.input_types.items()
    ]
    # Fields outputs come back as the task's own model, which recipes cannot import by name:
    # the result is typed by its value.
    returns = task.output_single if task.output_fields is None else Any
    returns = Any if returns is None or not _is_type_like(returns) else returns
    run_subtask.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    run_subtask.__annotations__ = {**task.input_types, "return": returns}
    run_subtask.__name__ = task.name
    run_subtask.__qualname__ = name
    run_subtask.__module__ = module
    act = TaskAction(task, run_subtask, read_only=changes_nothing(task))
    act.module, act.qualname = module, name
    return act


def changes_nothing(task: Task[Any]) -> bool:
    """Whether no run of ``task`` can change anything, so that it is a read-only action of
    another task: it has actions, all read-only (a sub-task among them by this same rule), and
    every task it depends on changes nothing either (a dependency runs first, as one of its
    steps, in an agent run and in its recipe alike)."""
    return (
        bool(task.actions)
        and all(a.read_only for a in task.actions.values())
        and all(changes_nothing(dep) for dep in task.depends_on)
    )


def reached_tasks(task: Task[Any]) -> list[Task[Any]]:
    """``task`` and every task a run of it may run: its sub-tasks (tasks among its actions) and
    the tasks it depends on, recursively; each once, ``task`` first."""
    found: list[Task[Any]] = []
    pending = [task]
    while pending:
        current = pending.pop()
        if any(current is seen for seen in found):
            continue
        found.append(current)
        pending.extend(current.depends_on)
        pending.extend(a.task for a in current.actions.values() if isinstance(a, TaskAction))
    return found


def _is_type_like(value: Any) -> bool:
    return isinstance(value, type) or hasattr(value, "__origin__")


def _where_defined(task: Task[Any]) -> tuple[str, str]:
    """The module that defines ``task`` and the module-level name bound to it."""
    module = task.defined_in
    namespace = _module_namespace(module)
    found = [k for k, v in namespace.items() if v is task and not k.startswith("_")]
    if module is None or not found:
        raise TaskDefinitionError(
            f"task {task.name!r} is used by another task, so define it at module level (a "
            f"recipe imports it by name, like an action); it was made in "
            f"{module or 'an unknown module'} but no module-level name holds it."
        )
    return module, found[0]


def _module_namespace(module: str | None) -> dict[str, Any]:
    if module is None:
        return {}
    loaded = sys.modules.get(module)
    if loaded is None:
        main = sys.modules.get("__main__")
        file = getattr(main, "__file__", None)
        if file and dotted_path_for_file(Path(file)) == module:
            # A script run as __main__: a recipe replayed in this process imports the task
            # by that path, and must find this running module, not a second copy.
            sys.modules.setdefault(module, main)  # type: ignore[arg-type]
            loaded = main
    return dict(vars(loaded)) if loaded is not None else {}


def check_dependencies(task: Task[Any], depends_on: Sequence[Any]) -> list[Task[Any]]:
    """``depends_on``, checked: tasks whose inputs the parent's inputs (or their defaults)
    provide."""
    checked = []
    for dep in depends_on:
        if not callable(getattr(dep, "as_action", None)):
            raise TaskDefinitionError(
                f"task {task.name!r}: depends_on takes tasks, got {type(dep).__name__}."
            )
        missing = [
            n for n in dep.input_types if n not in task.input_types and n not in dep.default_inputs
        ]
        if missing:
            raise TaskDefinitionError(
                f"task {task.name!r} depends on {dep.name!r}, whose input(s) {missing} it does "
                "not have: give the task inputs of the same names, or the dependency defaults."
            )
        checked.append(dep)
    return checked


def run_dependencies(task: Task[Any], inputs: dict[str, Any], recorder: RunRecorder) -> str:
    """Run ``task.depends_on`` as recorded steps of the agent run; returns what the model is
    told of their outputs ("" when there are none)."""
    lines = []
    for dep in task.depends_on:
        given = {n: inputs[n] for n in dep.input_types if n in inputs}
        with recording(recorder):
            dep.as_action()(**given)
        step = recorder.steps[-1]
        lines.append(
            f"- {step.result_var} = {dep.name}({dumps_args(given)}): "
            f"{short_repr(recorder.variables.get(step.result_var or ''), 600)}"
        )
    if not lines:
        return ""
    return (
        "\n\nThese tasks it depends on already ran; their outputs are variables you can pass "
        "by reference:\n" + "\n".join(lines)
    )
