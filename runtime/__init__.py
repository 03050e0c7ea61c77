"""recipe-compiler runtime: actions, tasks, the agent loop, recording, replay.

>>> from runtime import Task, task, action, AIResponse, ToolCall, TaskConfig
"""

from __future__ import annotations

from runtime.actions import Action, action
from runtime.config import TaskConfig
from runtime.errors import (
    ActionError,
    CompileError,
    ExpressionError,
    ExpressionEvalError,
    FallbackError,
    GuardrailError,
    InputError,
    MockResponsesExhausted,
    ModelError,
    RecipeCompilerError,
    RecipeError,
    TaskDefinitionError,
    TraceError,
)
from runtime.providers import AIResponse, ToolCall
from runtime.recorder import recording
from runtime.report import TaskRun
from runtime.task import Task, task

__all__ = [
    "AIResponse",
    "Action",
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
    "Task",
    "TaskConfig",
    "TaskDefinitionError",
    "TaskRun",
    "ToolCall",
    "TraceError",
    "action",
    "recording",
    "task",
]
