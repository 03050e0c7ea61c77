"""The local engine: rows in this process (one worker), or in worker processes.

Worker processes are started with ``spawn`` (a clean interpreter: no threads or browser of the
parent's carried over) and each loads the task once, then runs rows as they come. They ignore
Ctrl-C: the parent decides. A first Ctrl-C stops handing out rows and lets the rows in flight
finish (their results are written); a second one ends the workers at once.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from runtime.batch._limits import ProcessLimiter, ThreadLimiter
from runtime.batch._worker import RowOutcome, RowRunner, TaskRef, WorkRow
from runtime.errors import RecipeCompilerError
from runtime.tasks.task import Task

Deliver = Callable[[list[RowOutcome]], None]


class Stop:
    """How the parent asks an engine to stop: ``soft`` (no new rows), ``hard`` (now)."""

    def __init__(self) -> None:
        self.soft = False
        self.hard = False


def run_in_process(
    task: Task[Any],
    rows: Iterator[WorkRow],
    deliver: Deliver,
    stop: Stop,
    *,
    concurrent_requests: int,
    requests_per_second: float | None,
    journal: str | None,
) -> None:
    """One worker: this process runs the rows one after another."""
    runner = RowRunner(
        task, ThreadLimiter(concurrent_requests, requests_per_second), journal=journal
    )
    for row in rows:
        if stop.soft:
            return
        deliver([runner.run(row)])


_RUNNER: RowRunner | None = None
_START_ERROR: str | None = None
_BUSY = threading.Lock()
"""Held while a row runs: a worker whose parent is gone leaves only between rows."""


def _leave_when_orphaned(parent: int) -> None:
    """End this worker once the parent is gone (killed: nobody will read another result), but
    never in the middle of a row — its changes would be half made."""
    while os.getppid() == parent:
        time.sleep(0.5)
    _BUSY.acquire()
    os._exit(0)


def _start_worker(ref: TaskRef, limiter: ProcessLimiter, journal: str | None, pids: Any) -> None:
    global _RUNNER, _START_ERROR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    pids.put(os.getpid())
    threading.Thread(target=_leave_when_orphaned, args=(os.getppid(),), daemon=True).start()
    try:
        _RUNNER = RowRunner(ref.load(), limiter, journal=journal)
    except Exception as exc:  # said by the first row it is given, not as a dead pool
        _START_ERROR = f"a worker process could not load task {ref.name!r}: {exc}"


def _run_row(row: WorkRow) -> RowOutcome:
    if _RUNNER is None:
        raise RecipeCompilerError(_START_ERROR or "worker not started")
    with _BUSY:
        return _RUNNER.run(row)


def run_in_workers(
    task: Task[Any],
    rows: Iterator[WorkRow],
    deliver: Deliver,
    stop: Stop,
    *,
    workers: int,
    concurrent_requests: int,
    requests_per_second: float | None,
    journal: str | None,
) -> None:
    """``workers`` processes; at most two rows queued per worker, so a stop is quick and a
    file of a million rows is never all in flight."""
    ref = TaskRef.of(task)
    context = multiprocessing.get_context("spawn")
    limiter = ProcessLimiter(context, concurrent_requests, requests_per_second)
    pids = context.SimpleQueue()
    executor = cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(ref, limiter, journal, pids),
    )
    pending: set[cf.Future[RowOutcome]] = set()
    try:
        rows_left = True
        while True:
            while rows_left and not stop.soft and len(pending) < 2 * workers:
                row = next(rows, None)
                if row is None:
                    rows_left = False
                    break
                pending.add(executor.submit(_run_row, row))
            if not pending:
                break
            done, pending = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            if stop.hard:
                break
            if done:
                deliver([f.result() for f in done])
    except cf.process.BrokenProcessPool as exc:
        stop.hard = True
        raise RecipeCompilerError(
            f"a worker process died ({exc}); the rows it was running have no result line (a "
            "task that changes things gets them as interrupted). Run the batch again to go on."
        ) from None
    except BaseException:
        stop.hard = True
        raise
    finally:
        if stop.hard:
            for future in pending:
                future.cancel()
            while not pids.empty():
                _kill(pids.get())
        executor.shutdown(wait=not stop.hard, cancel_futures=True)


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):  # it ended on its own
        os.kill(pid, signal.SIGTERM)
