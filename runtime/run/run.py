"""``Run``: one run of a task — its inputs, steps, model usage, mode and fallback outcome.

A :class:`~runtime.tasks.task.Task` is an immutable definition; every ``task.run(...)`` (an
agent run, or a replay and its fallback) makes a ``Run`` and works on it, so nothing of one run
lives on the task and one task can run in several threads at once. The run ends with its
:class:`~runtime.run.report.TaskRun` report (:meth:`Run.finish`), which the task's history
keeps (``task.task_runs``; ``task.last_run`` in the thread that ran it).
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from compiler.ir import Step, Trace, Usage
from runtime.actions.recorder import RunRecorder, jsonable
from runtime.agent.redaction import REDACTED, redact
from runtime.run.report import TaskRun

if TYPE_CHECKING:
    from runtime.agent.providers import ModelProvider
    from runtime.tasks.task import Task

__all__ = ["Mode", "Run", "new_run_id"]

Mode = Literal["agent", "recipe", "recipe+fallback"]


def new_run_id() -> tuple[str, str]:
    """A unique, sortable run id and the ISO time it was made."""
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3), now.isoformat(
        timespec="seconds"
    )


class Run:
    """One run of ``task`` for ``inputs``: made when the run starts, worked on by the agent
    loop, the replay and the fallback, and finished with its report.

    ``mode`` starts as ``agent`` or ``recipe`` and becomes ``recipe+fallback`` when a step of
    the recipe fails and the agent continues from there.
    """

    def __init__(
        self,
        task: Task[Any],
        inputs: dict[str, Any],
        mode: Mode,
        *,
        run_id: str | None = None,
        created_at: str | None = None,
        start: float | None = None,
    ) -> None:
        """``run_id``/``created_at``: new ones when not given; ``start``: now when not given
        (a batch row's run started when the row did)."""
        self.task = task
        """The definition this run runs."""
        self.inputs = inputs
        """The validated inputs."""
        self.mode: Mode = mode
        if run_id is None or created_at is None:
            run_id, created_at = new_run_id()
        self.run_id = run_id
        self.created_at = created_at
        self.start = time.perf_counter() if start is None else start
        """``time.perf_counter()`` when the run started (its report's ``duration_s``)."""
        self.recorder = RunRecorder(
            "agent" if mode == "agent" else "recipe",
            max_repr_len=task.config.max_result_repr_len,
        )
        """The agent's (an agent run) or the recipe's (a replay) recorded steps and
        variables."""
        if mode == "agent":
            self.recorder.variables.update(inputs)
        self.fallback_steps: list[Step] = []
        """The steps the fallback agent made after the recipe failed (``recipe+fallback``)."""
        self.usage = Usage()
        """The model usage of the run so far: the agent's in an agent run, the fallback's in a
        replay that fell back (kept when the model failed: what was spent). A replay has
        none."""
        self.failed_step: int | None = None
        """For ``recipe+fallback``: the recipe step that failed (counted from 1)."""
        self.failure: str | None = None
        """What failed, as the fallback agent was told."""
        self.healed = False
        """Whether this run rewrote the recipe file."""
        self.heal_proposal_path: Path | None = None
        """A healed recipe waiting for ``recipe heal``."""
        self.report: TaskRun | None = None
        """The report, once the run finished (:meth:`finish`)."""
        self.brief: dict[str, str] | None = None
        """The fingerprints of the brief the agent read (instructions, context, attached files),
        taken when it started; its trace keeps them (``None``: no agent ran from the start)."""

    def __repr__(self) -> str:
        return f"<Run {self.run_id} of task {self.task.name!r}: {self.mode}>"

    @property
    def steps(self) -> list[Step]:
        """Every step so far: the recipe's (or the agent's), then the fallback's."""
        return [*self.recorder.steps, *self.fallback_steps]

    def secrets(self) -> list[str]:
        """The clear text of the run's secret inputs (never kept or shown)."""
        return self.task.secret_values(self.inputs)

    def duration(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self.start

    def trace(self, outputs: dict[str, Any] | None, provider: ModelProvider) -> Trace:
        """The run as a trace (its recorder's steps, the usage so far), secrets redacted:
        what its log or its recorded run keeps."""
        task = self.task
        recorded_inputs = {
            n: (REDACTED if n in task.secret_inputs else jsonable(v))
            for n, v in self.inputs.items()
        }
        trace = Trace(
            run_id=self.run_id,
            created_at=self.created_at,
            task=(
                task.spec()
                if self.brief is None
                else task.spec().model_copy(update={"brief_digests": self.brief})
            ),
            inputs=recorded_inputs,
            steps=tuple(self.recorder.steps),
            outputs=jsonable(outputs),
            usage=self.usage,
            model=getattr(provider, "name", None),
            mode=self.mode,
        )
        return redact(trace, self.secrets())

    def restart_as_agent(self, why: str) -> None:
        """Make this replay, which made no call, an agent run from the start: the recipe must
        not run (``why``: its task's brief changed since the recording). Its report says why."""
        assert not self.recorder.steps, "a replay that made calls cannot start again"
        self.mode = "agent"
        self.failure = why
        self.recorder = RunRecorder("agent", max_repr_len=self.task.config.max_result_repr_len)
        self.recorder.variables.update(self.inputs)

    def finish(self, **report: Any) -> TaskRun:
        """End the run with its :class:`TaskRun` report (``report``: the fields only the
        caller knows, e.g. paths, steps, outputs, warnings), kept in the task's history; the
        history completes it with what the run's control measured (cost, notes)."""
        fields: dict[str, Any] = {
            "task": self.task.name,
            "mode": self.mode,
            "run_id": self.run_id,
            **self.usage.model_dump(),  # model_calls, input/output tokens
            "duration_s": self.duration(),
            "failed_step": self.failed_step,
            "failure": self.failure,
            "healed": self.healed,
            "heal_proposal_path": self.heal_proposal_path,
            **report,
        }
        self.report = self.task.task_runs.record(TaskRun(**fields))
        return self.report
