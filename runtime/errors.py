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
    "TaskDefinitionError",
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


class MockResponsesExhausted(ModelError):
    """A ``mock_responses`` list ran out before the task finished."""


class RecipeError(RecipeCompilerError):
    """A recipe file cannot be loaded or run (missing, a syntax error, no recipe function…)."""


class GuardrailError(RecipeCompilerError):
    """The task's outputs failed their declared type or the task's guardrail."""


class FallbackError(RecipeCompilerError):
    """A recipe step failed and the fallback agent could not finish the task either."""
