"""recipe-compiler runtime: actions, tasks, the agent loop, recording, replay.

>>> from runtime import Task, task, action, AIResponse, ToolCall, TaskConfig

Public names are imported on first use (PEP 562), so a recipe replay that needs only actions
and the recorder never imports the agent, the compiler's code generator (libcst, jinja2, black)
or the openai client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from runtime.errors import (
    ActionError,
    BriefChanged,
    CassetteMiss,
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
    RunCancelled,
    RunStopped,
    SideExit,
    TaskDefinitionError,
    TimeLimitExceeded,
    TraceError,
)

if TYPE_CHECKING:
    from runtime.actions.decorator import Action, action
    from runtime.actions.recorder import recording
    from runtime.agent.providers import AIResponse, ToolCall
    from runtime.batch import BatchReport, ResultRow
    from runtime.run.execution import Execution, ExecutionStatus
    from runtime.run.report import TaskRun
    from runtime.tasks.config import TaskConfig
    from runtime.tasks.decorator import task
    from runtime.tasks.memory import memory
    from runtime.tasks.task import Task

__all__ = [
    "AIResponse",
    "Action",
    "ActionError",
    "BatchReport",
    "BriefChanged",
    "CassetteMiss",
    "CompileError",
    "Execution",
    "ExecutionStatus",
    "ExpressionError",
    "ExpressionEvalError",
    "FallbackError",
    "GuardrailError",
    "InputError",
    "MockResponsesExhausted",
    "ModelError",
    "RecipeCompilerError",
    "RecipeError",
    "ResultRow",
    "RunCancelled",
    "RunStopped",
    "SideExit",
    "Task",
    "TaskConfig",
    "TaskDefinitionError",
    "TaskRun",
    "TimeLimitExceeded",
    "ToolCall",
    "TraceError",
    "action",
    "memory",
    "recording",
    "task",
]

_LAZY = {
    "AIResponse": "runtime.agent.providers",
    "Action": "runtime.actions.decorator",
    "Execution": "runtime.run.execution",
    "ExecutionStatus": "runtime.run.execution",
    "BatchReport": "runtime.batch",
    "ResultRow": "runtime.batch",
    "Task": "runtime.tasks.task",
    "TaskConfig": "runtime.tasks.config",
    "TaskRun": "runtime.run.report",
    "ToolCall": "runtime.agent.providers",
    "action": "runtime.actions.decorator",
    "memory": "runtime.tasks.memory",
    "recording": "runtime.actions.recorder",
    "task": "runtime.tasks.decorator",
}
"""Public name → the module that defines it, imported when the name is first read."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'runtime' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
