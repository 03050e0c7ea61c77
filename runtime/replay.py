"""Load a recipe file and run its function, recording every action call. No model involved.

Action imports in a recipe are absolute module paths recorded from the agent run (for a script
run as ``__main__``, its path relative to the directory the run started in). They resolve
against the project root: the current directory is put on ``sys.path`` before a recipe is
loaded, exactly as ``python -m`` would.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from compiler import recipe_function_name
from runtime.errors import RecipeError
from runtime.recorder import RunRecorder, recording


@dataclass
class ReplayFailure:
    """Where and why a recipe stopped (used by the fallback)."""

    error: BaseException
    line: int | None
    frame_locals: dict[str, Any]


def ensure_project_root_importable() -> None:
    root = os.getcwd()
    if root not in sys.path:
        sys.path.insert(0, root)


def load_recipe_module(path: str | Path) -> ModuleType:
    """Import a recipe file under a private module name, with clear errors for bad edits."""
    path = Path(path)
    if not path.is_file():
        raise RecipeError(f"{path}: no recipe here. Run the task with the agent first.")
    ensure_project_root_importable()
    source = path.read_text(encoding="utf-8")
    try:
        # Compiled once and executed from the code object: compiling a long recipe is the
        # costly part of loading it (CPython's compiler is superlinear in one long function).
        code = compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise RecipeError(
            f"{path}, line {exc.lineno}: syntax error in the recipe ({exc.msg}). Fix the edit, "
            f"or restore a previous version from {path.parent / 'history'}/."
        ) from None
    name = "_recipe_" + "_".join(path.resolve().parent.parts[-2:]).replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        raise RecipeError(f"{path}: cannot be imported as a Python module.")
    module = importlib.util.module_from_spec(spec)
    # Registered while it runs: @dataclass and pydantic look a class's module up in sys.modules.
    previous = sys.modules.get(name)
    sys.modules[name] = module
    try:
        exec(code, module.__dict__)
    except ImportError as exc:
        raise RecipeError(
            f"{path}: importing the recipe failed: {exc}. Run from the project root (action "
            "imports resolve from the current directory), or fix the import in the recipe."
        ) from None
    except Exception as exc:
        line = _line_in(exc, path)
        where = f", line {line}" if line else ""
        raise RecipeError(
            f"{path}{where}: the recipe raised while loading: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous
    return module


def recipe_function(module: ModuleType, task_name: str, path: Path) -> Callable[..., Any]:
    """The recipe's entry point: the function named after the task."""
    fname = recipe_function_name(task_name)
    fn = getattr(module, fname, None)
    if not callable(fn):
        raise RecipeError(
            f"{path}: no function {fname}() — the recipe function is named after the task. "
            "Rename it back, or re-record the task."
        )
    return fn


def run_recipe(
    fn: Callable[..., Any], inputs: dict[str, Any], recorder: RunRecorder, path: Path
) -> tuple[Any, ReplayFailure | None]:
    """Call the recipe function; on an exception return the failure with the frame's locals."""
    recorder.watch_code = getattr(fn, "__code__", None)
    with recording(recorder):
        try:
            return fn(**inputs), None
        except Exception as exc:
            line, frame_locals = _recipe_frame(exc, getattr(fn, "__code__", None), path)
            return None, ReplayFailure(error=exc, line=line, frame_locals=frame_locals)


def final_locals(recorder: RunRecorder, inputs: dict[str, Any]) -> dict[str, Any]:
    """The recipe function's variables after it returned (inputs if it called no action)."""
    if recorder.frame is not None:
        return dict(recorder.frame.f_locals)
    return dict(inputs)


def _recipe_frame(exc: BaseException, code: Any, path: Path) -> tuple[int | None, dict[str, Any]]:
    """The recipe function's frame in the traceback: the line it was at, and its locals.

    The recipe function's own frame is used, not a helper's it called, so the line is always
    a statement of the recipe body.
    """
    target = str(path.resolve())
    found: tuple[int | None, dict[str, Any]] = (None, {})
    tb = exc.__traceback__
    while tb is not None:
        frame_code = tb.tb_frame.f_code
        if frame_code is code:
            return tb.tb_lineno, dict(tb.tb_frame.f_locals)
        if found[0] is None and str(Path(frame_code.co_filename).resolve()) == target:
            found = (tb.tb_lineno, dict(tb.tb_frame.f_locals))
        tb = tb.tb_next
    return found


def _line_in(exc: BaseException, path: Path) -> int | None:
    target = str(path.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if str(Path(frame.filename).resolve()) == target:
            return frame.lineno
    return None
