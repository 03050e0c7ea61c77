"""Finding the ``Task`` behind a recipe folder: the trace records the module that defines it
(``TaskSpec.module``), as ``recipe replay`` uses it to fall back."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from runtime.errors import RecipeError
from runtime.run.replay import ensure_project_root_importable
from runtime.store.folder import RecipeFolder
from runtime.tasks.task import Task


def find_task(module_name: str, task_name: str) -> Task[Any]:
    """The ``Task`` named ``task_name`` that ``module_name`` defines at module level; a
    :class:`RecipeError` saying why when there is none."""
    ensure_project_root_importable()
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise RecipeError(
            f"cannot import {module_name!r}, the module that defines task {task_name!r} "
            f"({type(exc).__name__}: {exc}). Run from the project root (the directory the task "
            "was recorded from)."
        ) from None
    for value in vars(module).values():
        if isinstance(value, Task) and value.name == task_name:
            return value
    raise RecipeError(
        f"{module_name} defines no Task named {task_name!r} at module level (a batch's workers "
        "import the module and look the task up by name)."
    )


def task_for_folder(path: str | Path) -> Task[Any]:
    """The task of a recipe folder, with the folder's parent as its recipe directory."""
    folder = RecipeFolder(path)
    if not folder.has_recipe():
        raise RecipeError(
            f"{folder.recipe_path}: no recipe here. Record the task once with the agent first."
        )
    spec = folder.load_trace().task
    if not spec.module:
        raise RecipeError(
            f"{folder.trace_path}: the trace does not say which module defines task "
            f"{spec.name!r}, so the batch cannot fall back. Record the task again from a module."
        )
    task = find_task(spec.module, spec.name).with_options(recipe_dir=folder.path.resolve().parent)
    if task.folder.path.resolve() != folder.path.resolve():
        raise RecipeError(
            f"{folder.path}: task {spec.name!r} keeps its recipe in a folder named "
            f"{task.folder.path.name!r}; rename the folder back."
        )
    return task
