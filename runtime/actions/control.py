"""The control of one run: its time limit, cancel switch, progress, model meter and memory.

Every run of a task (an agent run; a replay and its fallback) happens inside a
:class:`RunControl`, found through a ``contextvars`` context like the recorder, so runs in
several threads never share one. The runtime asks it at each *boundary* — before an action
call and before a model request — whether the run may go on: past ``max_duration_seconds`` it
raises :class:`~runtime.errors.TimeLimitExceeded`, once cancelled
:class:`~runtime.errors.RunCancelled`. Nothing stops in the middle of an action or a file write.

The same boundaries apply ``TaskConfig``'s retries and request limits
(:class:`GovernedProvider` for model requests, :func:`call_action` for actions) and count the
progress an :class:`~runtime.run.execution.Execution` reports. A sub-task run inside another run
gets its own control, sharing the parent's cancel switch and never outliving its deadline.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from runtime.actions.costs import DEFAULT_MODEL, CostMeter, Ledger, LedgerEntry, prices_from_config
from runtime.actions.limits import RequestLimiter, RetryPolicy, is_transient, shared_limiter
from runtime.errors import RunCancelled, TimeLimitExceeded

if TYPE_CHECKING:
    from runtime.actions.decorator import Action
    from runtime.agent.messages import Message
    from runtime.agent.providers import AIResponse, ModelProvider
    from runtime.run.report import TaskRun
    from runtime.run.run import Run
    from runtime.tasks.memory import MemoryStore
    from runtime.tasks.task import Task

__all__ = [
    "GovernedProvider",
    "RunControl",
    "RunHistory",
    "call_action",
    "current_control",
    "run_scope",
]

progress_log = logging.getLogger("recipe")

Mode = Literal["agent", "recipe", "recipe+fallback"]

_CURRENT: contextvars.ContextVar[RunControl | None] = contextvars.ContextVar(
    "recipe_compiler_run_control", default=None
)


def current_control() -> RunControl | None:
    """The control of the run in progress in this context, if any."""
    return _CURRENT.get()


class RunControl:
    """One run's limits and live state. Made by :func:`run_scope` (or ahead of the run by an
    :class:`~runtime.run.execution.Execution`, which then reads it from another thread)."""

    def __init__(
        self,
        *,
        cancel: threading.Event | None = None,
        execution_id: str | None = None,
        on_change: Callable[[RunControl], None] | None = None,
    ) -> None:
        self.cancel_event = cancel or threading.Event()
        self.execution_id = execution_id
        self.on_change = on_change
        """Called (in the run's thread) after each boundary: an execution's registry file."""
        self.started = False
        self.task: Task[Any] | None = None
        self.parent: RunControl | None = None
        self.mode: Mode = "agent"
        self.start_time: datetime | None = None
        self._start = 0.0
        self.deadline: float | None = None
        """``time.monotonic()`` past which the run stops (own limit or a parent's)."""
        self.limit_s: float | None = None
        """The ``max_duration_seconds`` that set the deadline (own or a parent's)."""
        self.meter: CostMeter | None = None
        self.retry = RetryPolicy()
        self.model_limiter: RequestLimiter | None = None
        self.browser_limiter: RequestLimiter | None = None
        self.memory: MemoryStore | None = None
        self._owns_memory = False
        self.notes: list[str] = []
        """Warnings for the run's report (retries made, limits that could not apply)."""
        self.report: TaskRun | None = None
        """The run's report, once the task recorded it."""
        self.current_action: str | None = None
        self.steps_done = 0
        self.turns = 0
        self._fallback_at: int | None = None
        self._fallback_turns = 0
        self._expected: int | None = None
        self.guardrail_failures = 0

    # -- starting and ending ----------------------------------------------------------

    def start(self, task: Task[Any], mode: Mode, parent: RunControl | None) -> None:
        config = task.config
        self.started = True
        self.task = task
        self.mode = mode
        self.parent = parent
        self.start_time = datetime.now(UTC)
        self._start = time.monotonic()
        if config.max_duration_seconds is not None:
            self.deadline = self._start + config.max_duration_seconds
            self.limit_s = config.max_duration_seconds
        inherited = parent.deadline if parent is not None else None
        if inherited is not None and (self.deadline is None or inherited < self.deadline):
            assert parent is not None
            self.deadline, self.limit_s = inherited, parent.limit_s
        self.meter = CostMeter(
            prices_from_config(config.prices),
            default_model=config.model or os.environ.get("OPENAI_MODEL") or DEFAULT_MODEL,
        )
        self.retry = RetryPolicy(config.max_retries, config.retry_delay_seconds)
        self.model_limiter = shared_limiter(
            "model", config.requests_per_second, config.concurrent_requests
        )
        self.browser_limiter = shared_limiter(
            "browser", config.requests_per_second, config.concurrent_requests
        )
        if task.memory_scope is not None:
            shared = parent.memory if parent is not None else None
            self.memory, self._owns_memory = task.memory_store(shared)
        if config.max_memory_mb is not None and parent is None and not _memory_limited():
            self.notes.append(
                f"max_memory_mb={config.max_memory_mb} is not enforced for a run inside this "
                "process (a thread cannot have its own memory limit); it is enforced in worker "
                "processes: `recipe run --detach`"
            )
        self._changed()

    def complete(self, run: TaskRun) -> TaskRun:
        """The task's report of this run, completed with its cost and notes; kept as
        :attr:`report` and appended to the task folder's ledger."""
        meter = self.meter
        update: dict[str, Any] = {}
        if meter is not None and meter.calls:
            update["cost"] = meter.cost
            update["priced_as"] = tuple(meter.priced_as)
            update["currency"] = meter.prices.currency
        notes = (*self.notes, *(meter.warnings() if meter is not None else ()))
        if notes:
            update["warnings"] = (*run.warnings, *notes)
        if self.execution_id is not None and self.parent is None:
            update["execution_id"] = self.execution_id
        run = run.model_copy(update=update) if update else run
        self.report = run
        if self.task is not None:
            try:
                Ledger(self.task.folder.path).append(
                    LedgerEntry(
                        run_id=run.run_id,
                        mode=run.mode,
                        model_calls=run.model_calls,
                        input_tokens=run.input_tokens,
                        output_tokens=run.output_tokens,
                        cost=run.cost,
                        priced_as=run.priced_as,
                        currency=run.currency,
                        duration_s=run.duration_s,
                        failed_step=run.failed_step,
                    )
                )
            except OSError as exc:
                run = run.model_copy(
                    update={"warnings": (*run.warnings, f"the cost ledger was not written: {exc}")}
                )
                self.report = run
        self._changed()
        return run

    def close(self) -> None:
        if self.memory is not None and self._owns_memory:
            self.memory.end_of_run()  # a session's memory ends with its run
        self.current_action = None

    # -- boundaries -------------------------------------------------------------------

    def checkpoint(self, before: str) -> None:
        """Raise if the run must stop before ``before`` (an action, a model request)."""
        name = self.task.name if self.task is not None else "?"
        if self.cancel_event.is_set():
            who = f" (execution {self._root_id()})" if self._root_id() else ""
            raise RunCancelled(
                f"task {name!r}: the run was cancelled{who}; it stopped before {before}, so "
                "nothing from there on ran."
            )
        if self.deadline is not None and time.monotonic() > self.deadline:
            elapsed = time.monotonic() - self._start
            raise TimeLimitExceeded(
                f"task {name!r}: the run went past max_duration_seconds={self.limit_s:g} "
                f"(it ran {elapsed:.1f} s) and stopped before {before}. Raise "
                "TaskConfig(max_duration_seconds=...), or see in the run log which step was slow."
            )

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds`` unless the run is cancelled or its time runs out first (then
        raise, as :meth:`checkpoint` does)."""
        if self.deadline is not None:
            seconds = min(seconds, max(0.0, self.deadline - time.monotonic()) + 0.001)
        self.cancel_event.wait(max(0.0, seconds))
        self.checkpoint("the wait ended")

    def before_action(self, name: str) -> None:
        self.checkpoint(f"the action {name}")
        self.current_action = name
        self._changed()

    def after_action(self) -> None:
        self.steps_done += 1
        self.current_action = None
        self._changed()

    def before_model_request(self, turn: int) -> None:
        self.checkpoint(f"model turn {turn}")
        if self.mode == "recipe":
            self.mode = "recipe+fallback"
            self._fallback_at = self.steps_done
        self.current_action = f"model turn {turn}"
        self._changed()

    def after_model_request(self, model: str | None, response: AIResponse) -> None:
        if self.meter is not None:
            self.meter.add(model, response.input_tokens or 0, response.output_tokens or 0)
        self.turns += 1
        if self._fallback_at is not None:
            self._fallback_turns += 1
        self.current_action = None
        self._changed()

    # -- what an execution reports ----------------------------------------------------

    def progress(self) -> float:
        """Percent done (see the README: a replay counts action calls against the recipe's,
        an agent run counts model turns against the last recorded run's)."""
        expected = self._expected_count()
        if self.mode == "recipe":
            share = self.steps_done / expected if expected else 0.0
            return round(min(99.0, 100 * share), 1)
        if self.mode == "recipe+fallback":
            at = self._fallback_at or 0
            share = min(1.0, at / expected) if expected else 0.0
            remaining_turns = max(1, (expected or 0) - at) + 1
            rest = min(1.0, self._fallback_turns / remaining_turns)
            return round(min(99.0, 100 * (share + (1 - share) * rest)), 1)
        return round(min(99.0, 100 * self.turns / expected), 1) if expected else 0.0

    def steps_expected(self) -> int | None:
        """For a replay, the recipe's action calls; for an agent run, the model turns
        expected."""
        return self._expected_count() or None

    def elapsed(self) -> float:
        return time.monotonic() - self._start if self.started else 0.0

    def _expected_count(self) -> int:
        if self._expected is None:
            self._expected = self.task.expected_steps(self.mode) if self.task is not None else 0
        return self._expected

    def _root_id(self) -> str | None:
        control: RunControl | None = self
        while control is not None:
            if control.execution_id:
                return control.execution_id
            control = control.parent
        return None

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)


def _memory_limited() -> bool:
    return os.environ.get("RECIPE_MEMORY_LIMITED") == "1"


# --------------------------------------------------------------------------- scopes


@contextlib.contextmanager
def run_scope(task: Task[Any], mode: Mode) -> Iterator[RunControl]:
    """The control of a run of ``task``: the one an execution prepared, else a new one (a
    sub-task's, under its parent's cancel switch and deadline)."""
    outer = _CURRENT.get()
    if outer is not None and not outer.started:
        control, parent = outer, None
    else:
        control = RunControl(cancel=outer.cancel_event if outer is not None else None)
        parent = outer
    control.start(task, mode, parent)
    token = _CURRENT.set(control)
    try:
        yield control
    finally:
        _CURRENT.reset(token)
        control.close()


@contextlib.contextmanager
def prepared(control: RunControl) -> Iterator[RunControl]:
    """Run the block with ``control`` as the control the next run adopts (an execution's)."""
    token = _CURRENT.set(control)
    try:
        yield control
    finally:
        _CURRENT.reset(token)


class RunHistory(list["TaskRun"]):
    """``task.task_runs``: the reports of the task's runs, from every thread, in the order they
    ended; :meth:`latest` (``task.last_run``) is the latest of the *calling* thread's runs.

    Recording a report (:meth:`record`, or ``append``) completes it with what the run's control
    measured (cost, notes), gives it to the run's execution and appends it to the ledger.
    Appends and :meth:`clear` hold a lock, so runs of one task in several threads lose no
    report; what each thread ran last is kept thread-locally, so a thread never sees another's
    run as its own. :meth:`latest_run` is the calling thread's latest
    :class:`~runtime.run.run.Run` (also one that failed before it had a report).
    """

    def __init__(self, task: Task[Any]) -> None:
        super().__init__()
        self._task = task
        self._lock = threading.Lock()
        self._local = threading.local()
        self._generation = 0
        """Counts :meth:`clear` calls: a thread's latest from before a clear is forgotten."""

    def __reduce__(self) -> tuple[Any, ...]:
        # A lock and a thread-local do not pickle: a copy starts with its own, and the reports.
        return _restored_history, (self._task, list(self))

    def record(self, run: TaskRun) -> TaskRun:
        """Keep ``run``'s report, completed by the run's control; returns it completed."""
        control = _CURRENT.get()
        if control is not None and control.task is self._task:
            run = control.complete(run)
        with self._lock:
            super().append(run)
            self._local.report = (self._generation, run)
        return run

    def append(self, run: TaskRun) -> None:
        self.record(run)

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self._generation += 1

    def started(self, run: Run) -> None:
        """Note ``run`` as the calling thread's run in progress (:meth:`latest_run`)."""
        self._local.run = (self._generation, run)

    def latest(self) -> TaskRun | None:
        """The report of the calling thread's latest finished run, if any."""
        return self._mine("report")

    def latest_run(self) -> Run | None:
        """The calling thread's latest run, finished or not."""
        return self._mine("run")

    def _mine(self, what: str) -> Any:
        held = getattr(self._local, what, None)
        return held[1] if held is not None and held[0] == self._generation else None


def _restored_history(task: Task[Any], runs: list[TaskRun]) -> RunHistory:
    history = RunHistory(task)
    list.extend(history, runs)
    return history


# --------------------------------------------------------------------------- boundaries


def call_action(act: Action[..., Any], kwargs: dict[str, Any], control: RunControl) -> Any:
    """Run ``act`` under the run's limits: a navigation waits for the shared browser limiter,
    and a transient error of a read-only or idempotent action is retried per the retry policy
    (an action that changes something is never silently repeated)."""
    limiter = control.browser_limiter if _is_navigation(act) else None
    retry = 0
    while True:
        try:
            if limiter is None:
                return act.fn(**kwargs)
            with limiter.slot(control.wait):
                return act.fn(**kwargs)
        except Exception as exc:
            safe = act.read_only or getattr(act, "idempotent", False)
            declared = getattr(act, "transient", ())
            if not safe or retry >= control.retry.max_retries or not is_transient(exc, declared):
                if retry:
                    control.notes.append(
                        f"{act.name} failed {retry + 1} times ({type(exc).__name__}); the "
                        "retries did not help"
                    )
                raise
            delay = control.retry.delay(retry)
            progress_log.info(
                "  %s raised %s: retry %d of %d in %.1f s",
                act.name,
                type(exc).__name__,
                retry + 1,
                control.retry.max_retries,
                delay,
            )
            control.wait(delay)
            retry += 1
            control.notes.append(
                f"{act.name} raised {type(exc).__name__}: {exc}; retried "
                f"({'read-only' if act.read_only else 'idempotent'})"
            )


def _is_navigation(act: Action[..., Any]) -> bool:
    return act.name == "navigate" and act.module.startswith("runtime.browser")


class GovernedProvider:
    """A task's model provider under the run's limits: each request is a boundary (time limit,
    cancel), waits for the shared model limiter, is retried when it failed transiently
    (honouring the server's Retry-After), and its answer is metered."""

    def __init__(self, inner: ModelProvider) -> None:
        self.inner = inner
        self.name = inner.name

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    def complete(
        self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        control = _CURRENT.get()
        if control is None:
            return self.inner.complete(messages, tools, turn=turn)
        retry = 0
        while True:
            control.before_model_request(turn)
            try:
                limiter = control.model_limiter
                if limiter is None:
                    response = self.inner.complete(messages, tools, turn=turn)
                else:
                    with limiter.slot(control.wait):
                        response = self.inner.complete(messages, tools, turn=turn)
            except Exception as exc:
                if retry >= control.retry.max_retries or not is_transient(exc):
                    if retry:
                        exc.args = (
                            f"{exc} (Tried {retry + 1} times: TaskConfig(max_retries="
                            f"{control.retry.max_retries}, retry_delay_seconds="
                            f"{control.retry.delay_s:g}).)",
                        )
                    raise
                delay = control.retry.delay(retry, getattr(exc, "retry_after", None))
                progress_log.info(
                    "  the model request failed (%s): retry %d of %d in %.1f s",
                    str(exc).split(". ")[0][:120],
                    retry + 1,
                    control.retry.max_retries,
                    delay,
                )
                control.wait(delay)
                retry += 1
                continue
            model = response.model or (None if self.name == "mock" else self.name)
            control.after_model_request(model, response)
            return response
