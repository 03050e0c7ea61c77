"""Recording: every action call made inside a run becomes a :class:`compiler.ir.Step`.

The recorder is held in a ``contextvars`` context set by the runtime, so agent runs, recipe
replays and hand-written code under :func:`recording` are traced by the same mechanism: at a
failure the runtime already knows every action result so far.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import CodeType, FrameType
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic_core import PydanticSerializationError, to_jsonable_python

from compiler.ir import Expr, LiteralExpr, Step, TypeRef
from runtime.actions.control import call_action, current_control

if TYPE_CHECKING:
    from runtime.actions.decorator import Action

Source = Literal["agent", "recipe", "fallback"]

_CURRENT: contextvars.ContextVar[RunRecorder | None] = contextvars.ContextVar(
    "recipe_compiler_recorder", default=None
)


def current_recorder() -> RunRecorder | None:
    """The recorder of the run in progress in this context, if any."""
    return _CURRENT.get()


class RunRecorder:
    """Collects the steps and variables of one run."""

    def __init__(self, source: Source = "recipe", *, max_repr_len: int = 2000) -> None:
        self.source: Source = source
        self.steps: list[Step] = []
        self.variables: dict[str, Any] = {}
        self.counters: Counter[str] = Counter()
        self.depth = 0
        self.max_repr_len = max_repr_len
        self.watch_code: CodeType | None = None
        """Code of the recipe function being replayed, whose frame :attr:`frame` keeps."""
        self.frame: FrameType | None = None
        """The recipe function's frame, caught at its first action call; its locals stay
        readable after it returns (for a fallback after rejected outputs)."""
        self.responder: Callable[[Action[..., Any], dict[str, Any]], Any] | None = None
        """Answers action calls instead of running them (``recipe test`` replays a recorded
        run's results this way: no side effect happens)."""

    # -- variables --------------------------------------------------------------------

    def store(self, action_name: str, value: Any) -> str:
        """Store a successful result as ``<action>_<n>`` and return the name.

        ``n`` counts this recorder's successful calls of the action from 1; a name already
        taken (an input, or a recipe variable a fallback started with) is skipped.
        """
        while True:
            self.counters[action_name] += 1
            name = f"{action_name}_{self.counters[action_name]}"
            if name not in self.variables:
                break
        self.variables[name] = value
        return name

    # -- steps ------------------------------------------------------------------------

    def add_step(self, **fields: Any) -> Step:
        step = Step(index=len(self.steps), source=self.source, **fields)
        self.steps.append(step)
        return step

    def record_call(self, act: Action[..., Any], kwargs: dict[str, Any]) -> Any:
        """Run an action called by code (a recipe or a script) and record it; its error
        propagates."""
        called = self.call(act, kwargs)
        if called.error is not None:
            raise called.error
        return called.result

    def call(
        self,
        act: Action[..., Any],
        kwargs: dict[str, Any],
        *,
        args: dict[str, Expr] | None = None,
        turn: int | None = None,
        reason: str | None = None,
    ) -> Called:
        """Run ``act`` with validated ``kwargs`` under the run's limits and record the step:
        the one path of every action call, whether the agent, a recipe or hand-written code
        made it. ``args`` is how the call is recorded (the agent's references; default: the
        values as literals); the registered hooks may replace some (a browser action records
        the element's locators). The action's exception is returned, not raised; a stop at the
        action boundary (time limit, cancel) raises."""
        if self.watch_code is not None and self.frame is None:
            self._catch_frame()
        if args is None:
            args = {k: LiteralExpr(value=jsonable(v)) for k, v in kwargs.items()}
        control = current_control() if self.responder is None else None
        if control is not None:
            control.before_action(act.name)  # a time limit or a cancel stops the run here
        self.depth += 1
        start = time.perf_counter()
        try:
            if self.responder is not None:
                result = self.responder(act, kwargs)
            else:
                result = act.fn(**kwargs) if control is None else call_action(act, kwargs, control)
        except Exception as exc:
            self.add_step(
                action=act.ref,
                args=_hooked_args(act.name, kwargs, None, args, ok=False),
                status="error",
                error=f"{type(exc).__name__}: {exc}",
                duration_s=time.perf_counter() - start,
                turn=turn,
                reason=reason,
            )
            return Called(error=exc)
        finally:
            self.depth -= 1
            if control is not None:
                control.after_action()
        duration = time.perf_counter() - start
        args = _hooked_args(act.name, kwargs, result, args, ok=True)
        var = self.store(act.name, result)
        step = self.add_step(
            action=act.ref,
            args=args,
            result_var=var,
            result=jsonable(result),
            result_repr=short_repr(result, self.max_repr_len),
            result_type=result_type_ref(act, result),
            duration_s=duration,
            turn=turn,
            reason=reason,
        )
        return Called(result=result, step=step)

    def _catch_frame(self) -> None:
        frame = sys._getframe(2)
        for _ in range(8):
            if frame is None:
                return
            if frame.f_code is self.watch_code:
                self.frame = frame
                return
            frame = frame.f_back  # type: ignore[assignment]


@dataclass(frozen=True)
class Called:
    """How one recorded action call ended: its result and step, or its exception."""

    result: Any = None
    step: Step | None = None
    error: Exception | None = None


class RecordingHooks(Protocol):
    """What a package of actions adds to recording (the browser registers one at import:
    :func:`register_hooks`)."""

    def recording_args(
        self, action_name: str, kwargs: dict[str, Any], result: Any, *, ok: bool
    ) -> dict[str, Expr] | None:
        """Arguments to record instead of the ones the call was given (or ``None``)."""

    def snapshot_for_model(self) -> str | None:
        """What the model should see of the world after a turn (or ``None``)."""


_HOOKS: list[RecordingHooks] = []


def register_hooks(hooks: RecordingHooks) -> None:
    """Add ``hooks`` to every recording in this process (once per object)."""
    if not any(h is hooks for h in _HOOKS):
        _HOOKS.append(hooks)


def _hooked_args(
    name: str, kwargs: dict[str, Any], result: Any, args: dict[str, Expr], *, ok: bool
) -> dict[str, Expr]:
    for hooks in _HOOKS:
        replaced = hooks.recording_args(name, kwargs, result, ok=ok)
        if replaced:
            args = {**args, **replaced}
    return args


def world_snapshot() -> str | None:
    """What the registered hooks show of the world now (the browser: the page outline), for
    the model's next turn; ``None`` when no hook has anything."""
    shown = [s for s in (h.snapshot_for_model() for h in _HOOKS) if s]
    return "\n".join(shown) or None


@contextlib.contextmanager
def recording(recorder: RunRecorder | None = None) -> Iterator[RunRecorder]:
    """Record every action call made inside the block into ``recorder``."""
    rec = recorder or RunRecorder()
    token = _CURRENT.set(rec)
    try:
        yield rec
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def not_recording() -> Iterator[None]:
    """Suspend recording (the agent records its own tool calls with more detail)."""
    token = _CURRENT.set(None)
    try:
        yield
    finally:
        _CURRENT.reset(token)


# --------------------------------------------------------------------------- value snapshots


def jsonable(value: Any) -> Any:
    """A JSON snapshot of ``value`` (pydantic models, dataclasses, dates…), or ``None``."""
    try:
        return to_jsonable_python(value, inf_nan_mode="constants")
    except (PydanticSerializationError, TypeError, ValueError, RecursionError):
        return None


def short_repr(value: Any, limit: int) -> str:
    """``repr`` cut to ``limit`` characters, saying how much was cut."""
    try:
        text = repr(value)
    except Exception as exc:  # a broken __repr__ must not break the run
        text = f"<unrepresentable {type(value).__name__}: {exc}>"
    if len(text) > limit:
        return text[:limit] + f"… ({len(text) - limit} more characters)"
    return text


def result_type_ref(act: Action[..., Any], result: Any) -> TypeRef | None:
    """The declared return type of an action, else the type of its result."""
    declared = act.return_type
    if declared is not Any and declared is not inspect.Signature.empty:
        return act.type_ref_of(declared)
    return act.type_ref_of(type(result))
