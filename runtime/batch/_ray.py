"""The Ray engine (``pip install "recipe-compiler[ray]"``): rows as Ray tasks, browser rows on
a pool of Ray actors that each keep one Chromium.

Without ``address`` a local Ray is started for the batch (``ray.init(num_cpus=workers)``) and
stopped after it; with one (``ray://head:10001``, ``auto``) the batch runs on that cluster, and
the project directory is shipped to the workers as Ray's ``working_dir`` (the task's module,
its actions and the recipe folder must be importable there; see the README).

Everything that must be one for the whole batch lives in a coordinator actor pinned to the
driver's node: the bounded pool of model requests, and the journal of rows started (written to
the driver's disk, where the results file is). Rows come back to the driver, which alone writes
the results file, as with the local engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from runtime.batch._limits import ThreadLimiter
from runtime.batch._local import Deliver, Stop
from runtime.batch._results import StartedJournal
from runtime.batch._worker import RowOutcome, RowRunner, TaskRef, WorkRow
from runtime.errors import RecipeCompilerError
from runtime.tasks.task import Task

OBJECT_STORE_BYTES = 128 * 1024 * 1024
"""A local Ray's object store: rows and results are small, and the machine is shared."""
EXCLUDES = [".git", ".ci", ".venv", "venv", "**/__pycache__", "bench/results", "*.jsonl"]
"""Left out of the ``working_dir`` shipped to a cluster."""


class Coordinator:
    """The batch's shared state on the driver's node: the model-request pool and the journal
    of rows started. A threaded actor, so a request waiting for a slot blocks no release."""

    def __init__(self, concurrent: int, per_second: float | None, journal: str | None) -> None:
        self.limiter = ThreadLimiter(concurrent, per_second)
        self.journal = StartedJournal(journal) if journal else None

    def acquire(self) -> None:
        self.limiter.acquire()

    def release(self) -> None:
        self.limiter.release()

    def started(self, row_id: str) -> None:
        if self.journal is not None:
            self.journal.mark(row_id)


class _RayLimiter:
    def __init__(self, coordinator: Any) -> None:
        self.coordinator = coordinator

    def acquire(self) -> None:
        # lazy: ray (~0.6 s, the optional [ray] extra) only for engine="ray"
        import ray

        ray.get(self.coordinator.acquire.remote())

    def release(self) -> None:
        # lazy: ray (~0.6 s, the optional [ray] extra) only for engine="ray"
        import ray

        ray.get(self.coordinator.release.remote())


class _RayJournal:
    def __init__(self, coordinator: Any) -> None:
        self.coordinator = coordinator

    def mark(self, row_id: str) -> None:
        # lazy: ray (~0.6 s, the optional [ray] extra) only for engine="ray"
        import ray

        ray.get(self.coordinator.started.remote(row_id))


_RUNNERS: dict[str, RowRunner] = {}
"""The runner of each batch in this worker process (Ray reuses worker processes)."""


def _runner(ref: TaskRef, coordinator: Any, journal: bool) -> RowRunner:
    runner = _RUNNERS.get(ref.batch)
    if runner is None:
        runner = RowRunner(ref.load(), _RayLimiter(coordinator))
        runner.journal = _RayJournal(coordinator) if journal else None
        _RUNNERS.clear()  # one batch at a time per worker process
        _RUNNERS[ref.batch] = runner
    return runner


def run_row(ref: TaskRef, coordinator: Any, journal: bool, row: WorkRow) -> RowOutcome:
    """One row as a Ray task."""
    return _runner(ref, coordinator, journal).run(row)


class RowActor:
    """A worker that keeps its browser between rows (a fresh context per row)."""

    def __init__(self, ref: TaskRef, coordinator: Any, journal: bool) -> None:
        self.runner = _runner(ref, coordinator, journal)

    def run(self, row: WorkRow) -> RowOutcome:
        return self.runner.run(row)


def run_on_ray(
    task: Task[Any],
    rows: Iterator[WorkRow],
    deliver: Deliver,
    stop: Stop,
    *,
    workers: int,
    address: str | None,
    concurrent_requests: int,
    requests_per_second: float | None,
    journal: str | None,
) -> None:
    try:
        # lazy: ray (~0.6 s, the optional [ray] extra) only for engine="ray"
        import ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
    except ImportError:
        raise RecipeCompilerError(
            "--engine ray needs Ray: pip install 'recipe-compiler[ray]' (on the workers too)."
        ) from None
    ref = _portable(TaskRef.of(task))
    started_here = not ray.is_initialized()
    if started_here:
        _start(ray, workers, address)
    try:
        here = ray.get_runtime_context().get_node_id()
        coordinator = (
            ray.remote(Coordinator)
            .options(
                max_concurrency=max(64, 4 * workers),
                num_cpus=0,
                scheduling_strategy=NodeAffinitySchedulingStrategy(node_id=here, soft=False),
            )
            .remote(concurrent_requests, requests_per_second, journal)
        )
        if task.uses_browser():
            actor_class: Any = ray.remote(RowActor).options(num_cpus=1)
            actors = [
                actor_class.remote(ref, coordinator, journal is not None) for _ in range(workers)
            ]

            def submit(n: int, row: WorkRow) -> Any:
                return actors[n % workers].run.remote(row)

        else:
            remote_row: Any = ray.remote(run_row).options(num_cpus=1, max_retries=0)

            def submit(n: int, row: WorkRow) -> Any:
                return remote_row.remote(ref, coordinator, journal is not None, row)

        _dispatch(ray, rows, submit, deliver, stop, window=2 * workers)
    finally:
        if started_here:
            ray.shutdown()


def _dispatch(
    ray: Any, rows: Iterator[WorkRow], submit: Any, deliver: Deliver, stop: Stop, window: int
) -> None:
    pending: list[Any] = []
    sent = 0
    rows_left = True
    try:
        while True:
            while rows_left and not stop.soft and len(pending) < window:
                row = next(rows, None)
                if row is None:
                    rows_left = False
                    break
                pending.append(submit(sent, row))
                sent += 1
            if not pending:
                return
            ready, pending = ray.wait(pending, num_returns=1, timeout=0.5)
            if stop.hard:
                return
            if ready:
                more, pending = ray.wait(pending, num_returns=len(pending), timeout=0)
                deliver(ray.get([*ready, *more]))
    except BaseException:
        stop.hard = True
        raise
    finally:
        if stop.hard:
            for ref in pending:
                try:
                    ray.cancel(ref, force=True)
                except Exception:  # an actor task cannot be forced: it ends with the actor
                    ray.cancel(ref)


def _start(ray: Any, workers: int, address: str | None) -> None:
    if address is None:
        ray.init(
            num_cpus=workers,
            include_dashboard=False,
            object_store_memory=OBJECT_STORE_BYTES,
            configure_logging=False,
            log_to_driver=True,
        )
        return
    ray.init(
        address=address,
        runtime_env={"working_dir": os.getcwd(), "excludes": EXCLUDES},
        configure_logging=False,
    )


def _portable(ref: TaskRef) -> TaskRef:
    """The reference with the recipe folder relative to the project directory, as the
    workers of a cluster see it (their working directory is a copy of it)."""
    recipe_dir = Path(ref.recipe_dir)
    cwd = Path(ref.cwd)
    if recipe_dir.is_relative_to(cwd):
        return TaskRef(**{**ref.__dict__, "recipe_dir": str(recipe_dir.relative_to(cwd))})
    return ref
