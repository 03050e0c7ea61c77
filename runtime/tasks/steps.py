"""How many steps a run of a task is expected to take, for its progress (``step 3 of ~7``):
the action calls its recipe makes as written, or the model turns of its last recorded run."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compiler.ir import load_trace
from compiler.naming import recipe_function_name
from runtime.actions.decorator import Action

if TYPE_CHECKING:
    from runtime.tasks.task import Task


def expected_steps(task: Task[Any], mode: str) -> int:
    """For a replay, the recipe's action calls; for an agent run, the model turns of the last
    recorded run (else ``max_turns``)."""
    if mode == "agent":
        trace = task.folder.trace_path
        if trace.is_file():
            try:
                calls = load_trace(trace.read_bytes()).usage.model_calls
                if calls:
                    return calls
            except Exception:  # a broken trace only makes the estimate coarser
                pass
        return task.config.max_turns
    return count_action_calls(task.folder.recipe_path, recipe_function_name(task.name))


def count_action_calls(path: Path, function: str) -> int:
    """How many action calls the recipe function ``function`` makes as written (a call in a
    loop counts once): calls of names the recipe imports that are actions (or tasks)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return 0
    imported: dict[str, tuple[str, str]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.level == 0:
            for alias in stmt.names:
                imported[alias.asname or alias.name] = (stmt.module, alias.name)
    fn = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function), None)
    if fn is None:
        return 0
    count = 0
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call):
            continue
        head, rest = _callee(node.func)
        if head is None or head not in imported:
            continue
        module, name = imported[head]
        try:
            value: Any = getattr(sys.modules.get(module) or importlib.import_module(module), name)
            for attr in rest:
                value = getattr(value, attr)
        except Exception:
            continue
        if _is_action(value):
            count += 1
    return count


def _callee(func: ast.expr) -> tuple[str | None, list[str]]:
    rest: list[str] = []
    while isinstance(func, ast.Attribute):
        rest.insert(0, func.attr)
        func = func.value
    return (func.id, rest) if isinstance(func, ast.Name) else (None, rest)


def _is_action(value: Any) -> bool:
    return isinstance(value, Action) or callable(getattr(value, "as_action", None))
