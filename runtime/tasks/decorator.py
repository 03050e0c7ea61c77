"""``@task``: a :class:`~runtime.tasks.task.Task` made from a typed function whose docstring is
the description (split from ``task.py``, which defines the task itself)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict, TypeVar, Unpack, overload

from runtime.agent.providers import AIResponse, ModelProvider
from runtime.errors import TaskDefinitionError
from runtime.tasks.config import TaskConfig
from runtime.tasks.memory import Scope
from runtime.tasks.task import Task

R = TypeVar("R")


class TaskOptions(TypedDict, total=False):
    """What ``@task(...)`` takes: every option of :class:`Task` but the ones the decorated
    function gives (its docstring is the description, its signature the inputs and outputs)."""

    name: str | None
    actions: Sequence[Any]
    config: TaskConfig | None
    mock_responses: Sequence[AIResponse] | None
    recipe_dir: str | Path
    guardrail: Callable[[Any], Any] | None
    provider: ModelProvider | None
    memory_scope: Scope | None
    objective: str | None
    instructions: str | None
    context: Any
    result_type: Any
    response_format: Any
    starting_variables: Mapping[str, Any] | None
    model_config: Mapping[str, Any] | None
    guardrail_retries: int | None
    depends_on: Sequence[Task[Any]]


@overload
def task(fn: Callable[..., R], /) -> Task[R]: ...


@overload
def task(**options: Unpack[TaskOptions]) -> Callable[[Callable[..., R]], Task[R]]: ...


def task(
    fn: Callable[..., R] | None = None, /, **options: Unpack[TaskOptions]
) -> Task[R] | Callable[[Callable[..., R]], Task[R]]:
    """Make a task from a typed function whose docstring is the description; the options are
    :class:`Task`'s (see :class:`TaskOptions`)."""
    unknown = sorted(set(options) - set(TaskOptions.__annotations__))
    if unknown:
        raise TaskDefinitionError(
            f"@task got unexpected arguments: {', '.join(unknown)}. Allowed: "
            f"{', '.join(TaskOptions.__annotations__)} (inputs and outputs come from the "
            "function's signature, the description from its docstring)."
        )

    def wrap(f: Callable[..., R]) -> Task[R]:
        return Task(f, **options)

    return wrap(fn) if fn is not None else wrap
