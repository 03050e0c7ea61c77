"""Errors the runtime raises; the whole tree is drawn in :mod:`compiler.errors`."""

from __future__ import annotations

from compiler.errors import (
    CompileError,
    ExpressionError,
    RecipeCompilerError,
    TraceError,
)

__all__ = [
    "ActionError",
    "BriefChanged",
    "CassetteMiss",
    "CompileError",
    "ExpressionError",
    "ExpressionEvalError",
    "FallbackError",
    "GuardrailError",
    "InputError",
    "MockResponsesExhausted",
    "ModelError",
    "RecipeCompilerError",
    "RecipeError",
    "RunCancelled",
    "RunStopped",
    "SideExit",
    "TaskDefinitionError",
    "TimeLimitExceeded",
    "TraceError",
]


class ExpressionEvalError(ExpressionError):
    """A ``compute`` expression passed the allow-list but failed while evaluating
    (an exception, the time limit, or the size limit)."""


class TaskDefinitionError(RecipeCompilerError, ValueError):
    """``Task(...)`` or ``@task`` was given arguments that do not make a task."""


class InputError(RecipeCompilerError, TypeError):
    """The inputs given to a run are missing, unknown, or of the wrong type."""


class ActionError(RecipeCompilerError):
    """An action raised, or was called with arguments that do not validate."""


class ModelError(RecipeCompilerError):
    """The model API failed, is switched off, or answered something unusable."""

    transient: bool = False
    """Whether the same request may succeed if sent again (a timeout, a dropped connection,
    HTTP 408/409/429/5xx): the run retries it per ``TaskConfig(max_retries=...)``."""
    retry_after: float | None = None
    """Seconds the server asked to wait before retrying (its ``Retry-After``), if it said."""


class MockResponsesExhausted(ModelError):
    """A ``mock_responses`` list ran out before the task finished."""


class CassetteMiss(ModelError):
    """A request a cassette did not record: its next answer was recorded for another
    conversation (another input, another failure, other tool results), so it is not used."""


class RecipeError(RecipeCompilerError):
    """A recipe file cannot be loaded or run (missing, a syntax error, no recipe function…)."""


class SideExit(RecipeCompilerError):
    """A recipe's guard failed: the current inputs left the path the recording took (the other
    side of a decision, a list that is not what the pick was made from, filter rules that
    disagree). The recipe stops before the next effect and the runtime falls back from there;
    recipes raise it themselves (``raise SideExit("...")``), and nothing catches it but the
    runtime's fallback."""


class BriefChanged(SideExit):
    """The task's instructions, context or attached files changed since the recording: the
    recipe repeats what the model decided from them then, so it does not run, and the agent
    records the task again from the start (:func:`runtime.run.fallback.rerecord`)."""

    def __init__(self, changed: list[str]) -> None:
        self.changed = changed
        """The parts that differ: ``instructions``, ``context`` or an attached file's name."""
        super().__init__(f"the task's context changed since the recording: {', '.join(changed)}")


class GuardrailError(RecipeCompilerError):
    """The task's outputs failed their declared type or the task's guardrail."""


class FallbackError(RecipeCompilerError):
    """A recipe step failed and the fallback agent could not finish the task either."""


class RunStopped(RecipeCompilerError):
    """A run was stopped at an action boundary (before an action call or a model request),
    never in the middle of one; the run so far is kept as a run log."""


class TimeLimitExceeded(RunStopped):
    """A run went past ``TaskConfig(max_duration_seconds=...)``."""


class RunCancelled(RunStopped):
    """A run was cancelled (``execution.cancel()``, ``recipe cancel ID``)."""
