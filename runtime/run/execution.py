"""Runs that return at once: ``task.run_async(**inputs)`` gives an :class:`Execution`, and
``await task.arun(**inputs)`` is the asyncio form.

An execution runs the task in a thread of its own (or, for ``recipe run --detach``, in the current
thread of a child process) under a :class:`~runtime.actions.control.RunControl` it prepared, so it
can read the run's progress from another thread and stop it: ``cancel()`` sets the run's cancel
switch, and the run stops at its next action boundary (before an action call or a model request),
closes its browser and writes no further file. Each execution has its own state object; nothing of
it lives on the :class:`~runtime.tasks.task.Task`. Its :attr:`Execution.run` is the
:class:`~runtime.run.run.Run` it made (inputs, steps, usage, fallback outcome).

States: ``pending`` (made, not started) → ``running`` → ``completed`` | ``failed`` |
``cancelled``.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from runtime.actions.control import RunControl, prepared
from runtime.actions.costs import format_cost
from runtime.actions.recorder import jsonable
from runtime.errors import RunCancelled

if TYPE_CHECKING:
    from runtime.run.registry import Registry
    from runtime.run.report import TaskRun
    from runtime.run.run import Run
    from runtime.tasks.task import Task

__all__ = ["Execution", "ExecutionStatus", "State", "new_execution_id"]

R = TypeVar("R")

State = Literal["pending", "running", "completed", "failed", "cancelled"]
FINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})


def new_execution_id() -> str:
    """A unique, sortable execution id, e.g. ``20260105-093012-4f2a1c``."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)


class ExecutionStatus(BaseModel):
    """A snapshot of an execution (``execution.status()``, ``recipe status ID``)."""

    model_config = ConfigDict(frozen=True)

    id: str
    """The execution's id."""
    task: str
    """The task's name (for a detached run not started yet: the file it comes from)."""
    state: State
    """pending, running, completed, failed or cancelled."""
    progress: float = 0.0
    """Percent done (100 once completed); how it is estimated: ``README.md``, Async runs."""
    mode: Literal["agent", "recipe", "recipe+fallback"] | None = None
    """What the run is doing: the agent, the recipe, or the fallback after a failed step."""
    current_action: str | None = None
    """The action (or ``model turn N``) in progress, if any."""
    steps_done: int = 0
    """Action calls finished."""
    steps_expected: int | None = None
    """The recipe's action calls (a replay), or the model turns expected (an agent run)."""
    error: str | None = None
    """What went wrong (failed, cancelled)."""
    error_type: str | None = None
    result: Any = None
    """The outputs as JSON, once completed."""
    start_time: datetime | None = None
    end_time: datetime | None = None
    duration: float | None = None
    """Seconds from start to end (so far, while running)."""
    model_calls: int = 0
    cost: float | None = 0.0
    """What the model calls cost so far."""
    cancel_requested: bool = False
    pid: int | None = None
    """The process running it (a detached run)."""
    log: str | None = None
    """Where a detached run's output goes."""
    run_id: str | None = None
    """The run's id, once it recorded its report."""

    def lines(self) -> list[str]:
        """Readable lines, as ``recipe status`` prints them."""
        head = f"execution {self.id} — task {self.task!r}: {self.state}"
        if self.state not in FINAL:
            head += f", {self.progress:g}% done"
        out = [head]
        if self.mode:
            expected = f" of {self.steps_expected}" if self.steps_expected else ""
            unit = "model turns" if self.mode == "agent" else "action calls"
            out.append(f"  mode: {self.mode}; {self.steps_done}{expected} {unit} done")
        if self.current_action:
            out.append(f"  now: {self.current_action}")
        if self.cancel_requested and self.state not in FINAL:
            out.append("  cancel requested: it stops at its next action boundary")
        if self.start_time:
            took = f" ({self.duration:.1f} s)" if self.duration is not None else ""
            out.append(f"  started {self.start_time.isoformat(timespec='seconds')}{took}")
        out.append(f"  model calls: {self.model_calls}, cost: {_cost(self.cost)}")
        if self.error:
            out.append(f"  error: {self.error}")
        if self.run_id:
            out.append(f"  run: {self.run_id}")
        if self.log:
            out.append(f"  output: {self.log}")
        return out


def _cost(cost: float | None) -> str:
    return format_cost(cost)


class Execution(Generic[R]):
    """One run of a task that returns at once: poll :meth:`status`, :meth:`wait` for the
    result, :meth:`cancel` it. Safe to use from any thread."""

    def __init__(
        self,
        task: Task[R],
        inputs: dict[str, Any],
        *,
        method: Literal["run", "run_agent", "replay"] = "run",
        execution_id: str | None = None,
        registry: Registry | None = None,
        pid: int | None = None,
        log: str | None = None,
    ) -> None:
        self.id = execution_id or new_execution_id()
        self.task = task
        self.inputs = inputs
        self.method = method
        self.registry = registry
        self.pid = pid
        self.log = log
        self.control = RunControl(execution_id=self.id, on_change=self._on_change)
        self._state: State = "pending"
        self._value: Any = None
        self._error: BaseException | None = None
        self._end: datetime | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []
        self._published = 0.0
        self._thread: threading.Thread | None = None
        self._run_made: Run | None = None
        self._publish(force=True)

    def __repr__(self) -> str:
        return f"<Execution {self.id} of task {self.task.name!r}: {self._state}>"

    # -- running ----------------------------------------------------------------------

    def start(self) -> Execution[R]:
        """Run in a new thread; returns at once."""
        if self._thread is not None:
            raise RuntimeError(f"execution {self.id} was already started")
        self._thread = threading.Thread(
            target=self._run, name=f"recipe-{self.task.name}-{self.id}", daemon=False
        )
        self._thread.start()
        return self

    def run_here(self) -> R:
        """Run in the current thread (a detached run's child process) and return the result."""
        self._run()
        return self.wait(0)

    def _run(self) -> None:
        self._set_state("running")
        before = self.task.task_runs.latest_run()
        try:
            with prepared(self.control):
                value = getattr(self.task, self.method)(**self.inputs)
        except BaseException as exc:  # recorded, then re-raised by wait()
            self._note_run(before)
            with self._lock:
                self._error = exc
            self._finish("cancelled" if isinstance(exc, RunCancelled) else "failed")
        else:
            self._note_run(before)
            with self._lock:
                self._value = value
            self._finish("completed")

    def _note_run(self, before: Run | None) -> None:
        """Keep the run this execution made: the thread's latest, if it is a new one (a run
        that failed before it started made none)."""
        latest = self.task.task_runs.latest_run()
        with self._lock:
            self._run_made = latest if latest is not before else None

    def _finish(self, state: State) -> None:
        self._end = datetime.now(UTC)
        self._set_state(state)
        self._done.set()
        for callback in list(self._callbacks):
            callback()

    def _set_state(self, state: State) -> None:
        with self._lock:
            self._state = state
        self._publish(force=True)

    # -- what callers use -------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def run(self) -> Run | None:
        """The :class:`~runtime.run.run.Run` this execution made, once it ended (``None`` if
        it stopped before the run started, e.g. no recipe to replay)."""
        return self._run_made

    @property
    def report(self) -> TaskRun | None:
        """The run's report (``TaskRun``), once it recorded one."""
        return self.control.report

    def done(self) -> bool:
        return self._done.is_set()

    def status(self) -> ExecutionStatus:
        """A snapshot: state, progress, current action, error, result, times, cost."""
        control = self.control
        with self._lock:
            state, value, error = self._state, self._value, self._error
        meter = control.meter
        start = control.start_time
        end = self._end
        duration = None
        if start is not None:
            duration = ((end or datetime.now(UTC)) - start).total_seconds()
        report = control.report
        return ExecutionStatus(
            id=self.id,
            task=self.task.name,
            state=state,
            progress=100.0 if state == "completed" else (control.progress() if start else 0.0),
            mode=(report.mode if report is not None else control.mode) if start else None,
            current_action=control.current_action if state == "running" else None,
            steps_done=control.steps_done if control.mode != "agent" else control.turns,
            steps_expected=control.steps_expected() if start else None,
            error=str(error) if error is not None else None,
            error_type=type(error).__name__ if error is not None else None,
            result=jsonable(value) if state == "completed" else None,
            start_time=start,
            end_time=end,
            duration=duration,
            model_calls=meter.calls if meter is not None else 0,
            cost=(meter.cost if meter.calls else 0.0) if meter is not None else 0.0,
            cancel_requested=control.cancel_event.is_set(),
            pid=self.pid,
            log=self.log,
            run_id=report.run_id if report is not None else None,
        )

    def wait(self, timeout: float | None = None) -> R:
        """The run's result, waiting up to ``timeout`` seconds (forever when ``None``); raises
        the run's error if it failed, :class:`~runtime.errors.RunCancelled` if it was
        cancelled, and ``TimeoutError`` if it is still running."""
        if not self._done.wait(timeout):
            raise TimeoutError(
                f"execution {self.id} of task {self.task.name!r} is still {self._state} after "
                f"{timeout:g} s; wait again, or cancel() it."
            )
        if self._error is not None:
            raise self._error
        return self._value

    async def wait_async(self) -> R:
        """:meth:`wait` for asyncio: cancelling the awaiting task cancels the run."""
        import asyncio  # only the asyncio form pays for importing it (~10 ms)

        loop = asyncio.get_running_loop()
        finished: asyncio.Future[None] = loop.create_future()

        def settle() -> None:
            if not finished.done():
                finished.set_result(None)

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
                loop.call_soon_threadsafe(settle)

        self.add_done_callback(wake)
        try:
            await finished
        except asyncio.CancelledError:
            self.cancel()
            raise
        return self.wait(0)

    def add_done_callback(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` (in the run's thread) when the run ends; at once if it has."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback()

    def cancel(self) -> bool:
        """Ask the run to stop at its next action boundary. ``False`` if it already ended."""
        if self._done.is_set():
            return False
        self.control.cancel_event.set()
        self._publish(force=True)
        return True

    # -- the registry file of a detached run ------------------------------------------

    def _on_change(self, control: RunControl) -> None:
        self._publish(force=False)

    def _publish(self, *, force: bool) -> None:
        if self.registry is None:
            return
        now = time.monotonic()
        if not force and now - self._published < 0.25:
            return  # at most four writes a second while it runs
        self._published = now
        self.registry.write(self.status())
