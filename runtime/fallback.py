"""Fallback: when a recipe step fails, the agent continues from that step — and only that.

It is given the task, the inputs, the variables that exist at the failure (taken from the
recipe function's frame, under their names in the recipe), the failed call with its error and
the rest of the recipe as a hint. Its calls are recorded like an agent run's (``X_n`` counted
within the fallback, skipping names the recipe already uses), and it ends with ``finish``.
"""

from __future__ import annotations

import inspect
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compiler.ir import Step, Usage
from runtime import prompting
from runtime.agent import AgentLoop
from runtime.providers import ModelProvider
from runtime.recorder import RunRecorder
from runtime.replay import ReplayFailure

if TYPE_CHECKING:
    from runtime.task import Task


@dataclass
class FailurePoint:
    """Where the recipe failed, in recipe terms."""

    position: int
    """How many action calls of the recipe succeeded before the failure (the failed step is
    the next one: step ``position + 1`` counted from 1)."""
    line: int | None
    """Line of the recipe function's statement that failed (``None``: after it returned)."""
    description: str
    """The failed call and its error, as the model reads it."""
    error: BaseException
    """The exception itself."""
    variables: dict[str, Any]
    """Variables of the recipe function at the failure (inputs included)."""


@dataclass
class FallbackOutcome:
    """What the fallback agent did."""

    outputs: Any
    raw_outputs: dict[str, Any]
    steps: list[Step]
    usage: Usage
    variables: dict[str, Any]


def failure_point(
    failure: ReplayFailure, replay: RunRecorder, *, returned: bool = False
) -> FailurePoint:
    """Describe a replay failure: position, line, the failed call and the recipe's variables."""
    ok = [s for s in replay.steps if s.status == "ok"]
    last = replay.steps[-1] if replay.steps else None
    err = failure.error
    if last is not None and last.status == "error" and not returned:
        args = ", ".join(f"{k}={_show(v)}" for k, v in last.args.items())
        what = f"{last.action.name}({args}) raised {last.error}"
    elif returned:
        what = f"the recipe's outputs were rejected: {type(err).__name__}: {err}"
    else:
        what = f"{type(err).__name__}: {err}"
    return FailurePoint(
        position=len(ok),
        line=failure.line,
        description=what,
        error=err,
        variables=recipe_variables(failure.frame_locals),
    )


def recipe_variables(frame_locals: dict[str, Any]) -> dict[str, Any]:
    """The data variables of the recipe frame (not modules, functions or private names)."""
    return {
        name: value
        for name, value in frame_locals.items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType | types.FunctionType | type)
        and not inspect.isbuiltin(value)
    }


def rest_of_recipe(path: Path, line: int | None, fn_name: str, *, max_chars: int = 4000) -> str:
    """The recipe function's source from the failed line to its end (bounded)."""
    from runtime.heal import function_body_span

    text = path.read_text(encoding="utf-8")
    span = function_body_span(text, fn_name)
    if span is None:
        return "(the recipe function could not be located)"
    start, end = span
    first = line if line is not None and start <= line <= end else end
    lines = text.splitlines()[first - 1 : end]
    rest = "\n".join(lines)
    if len(rest) > max_chars:
        rest = rest[:max_chars] + "\n# … (cut)"
    return rest


def run_fallback(
    task: Task[Any],
    provider: ModelProvider,
    inputs: dict[str, Any],
    point: FailurePoint,
    rest: str,
) -> FallbackOutcome:
    """Let the agent finish the task from the failure point."""
    recorder = RunRecorder("fallback", max_repr_len=task.config.max_result_repr_len)
    recorder.variables.update(point.variables)
    for name, value in inputs.items():
        recorder.variables.setdefault(name, value)
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": task.system_prompt()},
        {
            "role": "user",
            "content": prompting.fallback_message(
                task.description,
                inputs,
                recorder.variables,
                point.description,
                rest,
                task.outputs_hint(),
                secret_inputs=task.secret_inputs,
                var_limit=task.config.max_var_repr_len,
            ),
        },
    ]
    browser = sys.modules.get("runtime.browser")
    page = browser.snapshot_for_model() if browser is not None else None
    if page:
        messages.append({"role": "user", "content": f"The page now:\n{page}"})
    loop = AgentLoop(
        task,
        provider,
        recorder,
        messages,
        max_turns=task.config.max_turns,
        result_limit=task.config.max_result_repr_len,
        compute_time_limit_s=task.config.compute_time_limit_s,
    )
    try:
        outcome = loop.run()
    finally:
        task._fallback_usage = loop.usage  # what was spent, even on failure
    return FallbackOutcome(
        outputs=outcome.outputs,
        raw_outputs=outcome.raw_outputs,
        steps=list(recorder.steps),
        usage=outcome.usage,
        variables=recorder.variables,
    )


def _show(expr: Any) -> str:
    value = getattr(expr, "value", None)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
