"""Load a recipe file and run its function, recording every action call. No model involved.

Action imports in a recipe are absolute module paths recorded from the agent run (for a script
run as ``__main__``, its path relative to the directory the run started in). They resolve
against the project root: the current directory is put on ``sys.path`` before a recipe is
loaded, exactly as ``python -m`` would.
"""

from __future__ import annotations

import functools
import importlib.util
import linecache
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from compiler import recipe_function_name
from compiler.ir import BRIEF_CONSTANT
from runtime.actions.control import current_control
from runtime.actions.recorder import RunRecorder, recording
from runtime.errors import BriefChanged, RecipeCompilerError, RecipeError


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
    module.__dict__[SOURCE_ATTRIBUTE] = source  # what ran: a heal patches this text, not newer
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


SOURCE_ATTRIBUTE = "__recipe_source__"


def recipe_source(fn: Callable[..., Any]) -> str | None:
    """The source text the recipe function ``fn`` was loaded from (``None``: not loaded by
    :func:`load_recipe_module`). The file may have changed since: a heal analyses this text."""
    source = getattr(fn, "__globals__", {}).get(SOURCE_ATTRIBUTE)
    return source if isinstance(source, str) else None


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


def brief_changed(fn: Callable[..., Any]) -> BriefChanged | None:
    """Whether the task of the run in progress reads another brief than the one the recipe
    ``fn`` was recorded from (its module's :data:`~compiler.ir.BRIEF_CONSTANT`).

    A recipe without the constant (compiled from an older trace), or run outside a task's replay
    (``recipe replay`` without the module that defines the task), is not checked."""
    recorded = getattr(fn, "__globals__", {}).get(BRIEF_CONSTANT)
    control = current_control()
    task = control.task if control is not None and control.mode == "recipe" else None
    if not isinstance(recorded, dict) or task is None:
        return None
    current = task.brief_digests()
    keys = [*recorded, *(k for k in current if k not in recorded)]
    changed = [k for k in keys if recorded.get(k) != current.get(k)]  # changed, added, removed
    return BriefChanged(changed) if changed else None


def run_recipe(
    fn: Callable[..., Any], inputs: dict[str, Any], recorder: RunRecorder, path: Path
) -> tuple[Any, ReplayFailure | None]:
    """Call the recipe function; on an exception return the failure with the frame's locals.

    Before its first step, the task's brief is compared with the recording's
    (:func:`brief_changed`): when it differs the function is not called and the failure is a
    :class:`BriefChanged` at step 1.

    A bug in the recipe's own code (:func:`recipe_bug`) is no failure to hand to the agent: it
    raises a :class:`RecipeError` naming the file, the line and the name."""
    changed = brief_changed(fn)
    if changed is not None:
        return None, ReplayFailure(error=changed, line=None, frame_locals=dict(inputs))
    recorder.watch_code = getattr(fn, "__code__", None)
    with recording(recorder):
        try:
            return fn(**inputs), None
        except Exception as exc:
            bug = recipe_bug(exc, path, recorder)
            if bug is not None:
                raise bug from exc
            line, frame_locals = _recipe_frame(exc, getattr(fn, "__code__", None), path)
            return None, ReplayFailure(error=exc, line=line, frame_locals=frame_locals)


_CODE_ERRORS = (NameError, SyntaxError, TypeError, AttributeError)


def recipe_bug(exc: BaseException, path: Path, recorder: RunRecorder) -> RecipeError | None:
    """The error for ``exc`` when it is a bug in the recipe's own code, else ``None``.

    A bug is a ``NameError``, ``SyntaxError``, ``TypeError`` or ``AttributeError`` raised by a
    statement of the recipe file itself: the innermost frame of the traceback that is not a
    library's (pydantic's ``__getattr__``, the standard library) is code of ``path`` (the recipe
    function, a comprehension in it, a helper the person wrote there) — not an action,
    ``expect(...)`` or another runtime helper, whose errors are the world's, and not a guard's
    ``SideExit``. A typo such as ``itemz`` is no changed world: handing it to the
    agent would cost a model call and the heal would replace the line the person wrote. A
    missing value is the world's, though: an attribute of, or an operation on, ``None`` (an
    action that found nothing) still falls back."""
    if not isinstance(exc, _CODE_ERRORS) or isinstance(exc, RecipeCompilerError):
        return None
    tb = _innermost_own_frame(exc, path)
    if tb is None:
        return None
    if isinstance(exc, AttributeError) and getattr(exc, "obj", None) is None:
        return None
    if isinstance(exc, TypeError) and "NoneType" in str(exc):
        return None
    line = tb.tb_lineno
    linecache.checkcache(str(path))  # the file may have been edited since it was last read
    text = linecache.getline(str(path), line).strip()
    name = getattr(exc, "name", None)
    what = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, AttributeError) and name:
        what += f" (the name {name!r})"
    done = [
        s.action.name
        for s in recorder.steps
        if s.status == "ok" and not s.action.read_only and s.action.builtin is None
    ]
    made = f" Before it, the recipe called {', '.join(done)}." if done else ""
    return RecipeError(
        f"{path}, line {line}: {what}" + (f", in `{text}`" if text else "") + ". This is a "
        "bug in the recipe's own code, not a changed world, so no fallback was started and no "
        f"model was called.{made} Fix the line, or restore a previous version from "
        f"{path.parent / 'history'}/."
    )


def final_locals(recorder: RunRecorder, inputs: dict[str, Any]) -> dict[str, Any]:
    """The recipe function's variables after it returned (inputs if it called no action)."""
    if recorder.frame is not None:
        return dict(recorder.frame.f_locals)
    return dict(inputs)


def _innermost_own_frame(exc: BaseException, path: Path) -> TracebackType | None:
    """The traceback entry of the recipe file where ``exc`` was raised, when the innermost
    frame that is not a library's is the recipe's (``None`` when it is an action's, the
    runtime's, or other code's)."""
    target = path.resolve()
    entries: list[TracebackType] = []
    tb = exc.__traceback__
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    for entry in reversed(entries):
        frame = entry.tb_frame
        if Path(frame.f_code.co_filename).resolve() == target:
            return entry
        module = str(frame.f_globals.get("__name__", ""))
        if module == "runtime" or module.startswith("runtime."):
            return None
        if not _library_code(frame.f_code.co_filename):
            return None  # an action, or other code of the project's
    return None


@functools.cache
def _library_dirs() -> tuple[str, ...]:
    import sysconfig  # only a failed replay asks

    paths = sysconfig.get_paths()
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    return tuple(str(Path(paths[k]).resolve()) + os.sep for k in keys if k in paths)


def _library_code(filename: str) -> bool:
    """Whether ``filename`` is the standard library's or an installed package's."""
    if filename.startswith("<frozen "):
        return True
    return str(Path(filename).resolve()).startswith(_library_dirs())


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
