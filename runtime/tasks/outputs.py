"""A task's outputs (split from :mod:`runtime.tasks.task`): the ``finish`` tool the model ends a run
with (:func:`finish_tool_schema`), the check of its arguments against the declared outputs and the
guardrail, counting the model's rejected outputs against ``guardrail_retries``
(:func:`validate_outputs`), and the same check on what a recipe returned (:func:`coerce_outputs`).
:class:`~runtime.tasks.task.Task` keeps its methods of the same names, which call these."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from runtime.actions.control import current_control
from runtime.actions.decorator import REF_SCHEMA
from runtime.agent import prompting
from runtime.errors import GuardrailError, ModelError
from runtime.tasks.definition import MISSING as _MISSING
from runtime.tasks.definition import short_validation

if TYPE_CHECKING:
    from runtime.tasks.task import Task


def validate_outputs(task: Task[Any], values: dict[str, Any]) -> Any:
    """Check ``finish`` arguments against the declared outputs and the guardrail; return
    the run's value. A failure is a :class:`GuardrailError` saying what is wrong."""
    outputs = typed_outputs(task, values)
    if task.guardrail is not None:
        name = getattr(task.guardrail, "__name__", "guardrail")
        try:
            verdict = task.guardrail(outputs)
        except Exception as exc:
            raise GuardrailError(
                f"the guardrail {name} rejected the outputs: {type(exc).__name__}: {exc}"
            ) from None
        if verdict is False:
            problem = GuardrailError(f"the guardrail {name} rejected the outputs {outputs!r}")
            guardrail_rejected(task, problem)
            raise problem
    return outputs


def guardrail_rejected(task: Task[Any], problem: GuardrailError) -> None:
    """Count a rejection of the model's outputs; past ``guardrail_retries``, end the run
    (a replay's rejected outputs start the fallback instead: no model to retry)."""
    control = current_control()
    if task.guardrail_retries is None or control is None or control.mode == "recipe":
        return
    control.guardrail_failures += 1
    if control.guardrail_failures > task.guardrail_retries:
        raise ModelError(
            f"task {task.name!r}: the guardrail rejected the model's outputs "
            f"{control.guardrail_failures} times (guardrail_retries={task.guardrail_retries});"
            f" the last time: {problem}. Say more in the description or instructions, allow "
            "more guardrail_retries, or check the guardrail."
        )


def typed_outputs(task: Task[Any], values: dict[str, Any]) -> Any:
    if task.output_fields is not None:
        assert task.output_model is not None
        expected, got = set(task.output_fields), set(values)
        if expected != got:
            raise GuardrailError(
                f"finish needs exactly the outputs {sorted(expected)}"
                + (f"; missing {sorted(expected - got)}" if expected - got else "")
                + (f"; unknown {sorted(got - expected)}" if got - expected else "")
            )
        try:
            return task.output_model.model_validate(values)
        except ValidationError as exc:
            raise GuardrailError(short_validation(exc)) from None
    if task.output_single is type(None) and not values:
        return None
    if set(values) != {"result"}:
        raise GuardrailError(f"finish takes one argument, result; got {sorted(values)}")
    if task.output_single is _MISSING:
        return values["result"]
    try:
        return TypeAdapter(task.output_single).validate_python(values["result"])
    except ValidationError as exc:
        raise GuardrailError(short_validation(exc)) from None


def finish_tool_schema(task: Task[Any]) -> dict[str, Any]:
    """The ``finish`` tool: one argument per output, each may be a ``$ref``."""
    if task.output_fields is not None:
        assert task.output_model is not None
        schema = task.output_model.model_json_schema()
    elif task.output_single is type(None):
        schema = {"type": "object", "properties": {}}  # no outputs: nothing to pass
    else:
        inner = (
            {} if task.output_single is _MISSING else TypeAdapter(task.output_single).json_schema()
        )
        defs = inner.pop("$defs", None)
        schema = {"type": "object", "properties": {"result": inner}, "required": ["result"]}
        if defs:
            schema["$defs"] = defs
    schema.pop("title", None)
    for key, prop in list(schema.get("properties", {}).items()):
        prop.pop("title", None)
        schema["properties"][key] = {"anyOf": [prop, REF_SCHEMA]}
    return prompting.finish_tool_schema(
        schema, 'End the task and return its outputs (values or {"$ref": variable}).'
    )


def coerce_outputs(task: Task[Any], value: Any, path: Path) -> Any:
    """Turn what a recipe returned into the task's output value (same as an agent run)."""
    try:
        if task.output_fields is not None:
            if isinstance(value, BaseModel):
                value = value.model_dump()
            if not isinstance(value, dict):
                raise GuardrailError(
                    f"{path}: the recipe returned {type(value).__name__}, expected the "
                    f"outputs {sorted(task.output_fields)}"
                )
            return task.validate_outputs(value)
        return task.validate_outputs({"result": value})
    except GuardrailError as exc:
        raise GuardrailError(f"{path}: the recipe's outputs are invalid: {exc}") from None
