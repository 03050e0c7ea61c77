"""Checks and helpers for a task's definition: its inputs and outputs as given to ``Task(...)`` or
read off an ``@task`` function, output validation messages, and the module that defines a task."""

from __future__ import annotations

import inspect
import re
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from runtime.actions._types import dotted_path_for_file
from runtime.errors import TaskDefinitionError

MISSING: Any = object()
"""An output type not given (the task returns whatever ``finish`` gets)."""


def parse_function(
    fn: Callable[..., Any], name: str | None
) -> tuple[str, str, dict[str, Any], Any, dict[str, Any]]:
    doc = inspect.getdoc(fn)
    if not doc:
        raise TaskDefinitionError(
            f"@task {fn.__qualname__}: the docstring is the task description; add one."
        )
    hints = typing.get_type_hints(fn)
    sig = inspect.signature(fn)
    inputs: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for p in sig.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise TaskDefinitionError(f"@task {fn.__qualname__}: *args/**kwargs are not inputs.")
        inputs[p.name] = hints.get(p.name, Any)
        if p.default is not p.empty:
            defaults[p.name] = p.default
    outputs = hints.get("return", MISSING)
    return name or fn.__name__, doc, inputs, outputs, defaults


def check_inputs(inputs: Any) -> dict[str, Any]:
    if inputs is None:
        return {}
    if not isinstance(inputs, dict) or not all(isinstance(k, str) for k in inputs):
        raise TaskDefinitionError(
            f"inputs must be a dict of name to type, e.g. {{'customer': str}}; got {inputs!r}."
        )
    for key in inputs:
        if not key.isidentifier() or key.startswith("_"):
            raise TaskDefinitionError(f"input name {key!r} must be a public Python identifier.")
    return dict(inputs)


def check_outputs(outputs: Any) -> tuple[dict[str, Any] | None, Any]:
    if outputs is None:
        return None, MISSING
    if isinstance(outputs, dict) and not outputs:
        return None, type(None)  # no outputs: the task returns None, finish takes nothing
    if isinstance(outputs, dict):
        for key in outputs:
            if not isinstance(key, str) or not key.isidentifier() or key.startswith("_"):
                raise TaskDefinitionError(f"output name {key!r} must be a public identifier.")
        return dict(outputs), MISSING
    return None, outputs


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-]+", name) if part)


def short_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"]) or "result"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def caller_module(*skip: str) -> str | None:
    """The importable module of the code that created the Task (frames of the modules ``skip``,
    the task machinery, are passed over)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") in (*skip, __name__):
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return None
    name = frame.f_globals.get("__name__")
    if name == "__main__":
        file = frame.f_globals.get("__file__")
        if not file:
            return None

        return dotted_path_for_file(Path(file))
    return name if isinstance(name, str) else None
