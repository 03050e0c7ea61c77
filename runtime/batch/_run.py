"""``run_batch``: every row of an inputs file through a recipe, one result line per row.

The parent reads and validates the rows (a bad row gets its own error line and the others go
on), skips the rows the results file already has, hands the rest to an engine (local worker
processes by default, or Ray), and writes each row's run record and then its result line as
rows finish. Only the parent writes: the results file has a single writer.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from runtime.actions.recorder import jsonable
from runtime.agent.redaction import REDACTED
from runtime.batch._inputs import InputRow, RowIds, read_inputs, rows_from
from runtime.batch._local import Stop, run_in_process, run_in_workers
from runtime.batch._progress import BatchProgress, NoProgress, summary_lines
from runtime.batch._results import (
    ResultRow,
    ResultsFile,
    StartedJournal,
    runs_dir,
    started_journal_path,
    write_text_quietly,
)
from runtime.batch._worker import RowOutcome, WorkRow, secret_texts
from runtime.errors import InputError, RecipeCompilerError, RecipeError
from runtime.recipe_main import parse_value
from runtime.tasks.memory import permanent_memory
from runtime.tasks.task import Task

Engine = Literal["local", "ray"]

DEFAULT_CONCURRENT_REQUESTS = 2
"""Model requests at once across a batch's workers, when neither the call nor the task's
config says (a batch is many runs: rows that need the model wait their turn)."""


@dataclass
class BatchReport:
    """What a batch did: a result per input row (this file's rows, in file order)."""

    results: list[ResultRow]
    ran: int
    """Rows run by this call (the others were already in the results file)."""
    wall_s: float
    out: Path | None = None
    runs: Path | None = None
    """The folder of the rows' run records (``results.runs/``)."""
    interrupted: bool = False
    """Whether the batch was stopped (Ctrl-C) before every row ran."""
    durations: list[float] = field(default_factory=list)
    """Durations of the rows run by this call."""
    total: int = 0
    """Rows in the inputs (``len(results)`` is smaller when the batch was stopped)."""

    def count(self, mode: str) -> int:
        return sum(1 for r in self.results if r.mode == mode)

    @property
    def fallbacks(self) -> int:
        return self.count("recipe+fallback")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def healed(self) -> int:
        return sum(1 for r in self.results if r.healed)

    def percentile(self, q: float) -> float | None:
        return percentile(self.durations or [r.duration_s for r in self.results], q)

    @property
    def cost(self) -> float | None:
        costs = [r.cost for r in self.results if r.cost is not None]
        return sum(costs) if costs else None

    def summary(self) -> str:
        """A few lines: rows by mode, model use, durations."""
        return "\n".join(summary_lines(self))


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def run_batch(
    task: Task[Any],
    rows: str | Path | Iterable[Mapping[str, Any]],
    *,
    out: str | Path | None = None,
    workers: int = 1,
    engine: Engine = "local",
    address: str | None = None,
    concurrent_requests: int | None = None,
    requests_per_second: float | None = None,
    retry_failed: bool = False,
    keep_runs: bool = True,
    progress: bool = False,
) -> BatchReport:
    """Run the task's recipe for every row; see :meth:`runtime.tasks.task.Task.batch`."""
    if workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}.")
    keepers = set(permanent_memory(task).values())
    if workers > 1 and keepers:
        # Two rows at once would both read memory before either writes it ("welcomed" read
        # empty twice: the same customer welcomed twice), and one row's write would undo the
        # other's: so too when the memory is a sub-task's or a dependency's.
        others = ", ".join(repr(k) for k in sorted(keepers - {task.name}))
        keeps = f"runs tasks that keep permanent memory ({others})"
        if task.name in keepers:
            keeps = f"keeps permanent memory, as do tasks it runs ({others})"
            keeps = keeps if others else "keeps permanent memory"
        raise InputError(
            f"task {task.name!r} {keeps}: rows that run at once would read and write it over "
            f"each other. Run the batch with workers=1 (it was {workers})."
        )
    if not task.folder.has_recipe():
        raise RecipeError(
            f"{task.folder.recipe_path}: no recipe yet. Run the task once with the agent, then "
            "run the batch."
        )
    # One pool for the whole batch (TaskConfig's limits hold per process; here, across all).
    concurrent = (
        concurrent_requests or task.config.concurrent_requests or DEFAULT_CONCURRENT_REQUESTS
    )
    rate = requests_per_second or task.config.requests_per_second
    source = read_inputs(rows) if isinstance(rows, str | Path) else rows_from(rows)
    inputs = list(source)

    out_path = Path(out) if out is not None else None
    writer = _only_writer(out_path) if out_path is not None else contextlib.nullcontext()
    with writer:
        return _run(
            task,
            inputs,
            out_path,
            workers=workers,
            engine=engine,
            address=address,
            concurrent=concurrent,
            rate=rate,
            retry_failed=retry_failed,
            keep_runs=keep_runs,
            progress=progress,
        )


def _only_writer(out: Path) -> Any:
    """A lock on the results file for the whole batch: a second batch on the same file would
    interleave lines and run the same rows twice."""
    # lazy: filelock (~0.15 s) only when a batch writes a results file
    from filelock import FileLock, Timeout

    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out.with_name(out.name + ".lock")))
    try:
        return lock.acquire(timeout=0)  # released when the ``with`` block ends
    except Timeout:
        raise InputError(
            f"{out}: another batch is writing this results file; wait for it to end, or choose "
            "another --out."
        ) from None


def _run(
    task: Task[Any],
    inputs: list[InputRow],
    out_path: Path | None,
    *,
    workers: int,
    engine: Engine,
    address: str | None,
    concurrent: int,
    rate: float | None,
    retry_failed: bool,
    keep_runs: bool,
    progress: bool,
) -> BatchReport:
    results = ResultsFile(out_path) if out_path is not None else None
    done = dict(results.done) if results is not None else {}
    effects = bool(task.spec().effects)
    journal = None
    started: set[str] = set()
    if out_path is not None and effects:
        journal = StartedJournal(started_journal_path(out_path))
        started = journal.read()
    runs = runs_dir(out_path) if out_path is not None and keep_runs else None
    if retry_failed:
        done = {k: v for k, v in done.items() if v.mode != "failed" or v.error_kind == "input"}

    order: list[str] = []
    immediate: list[ResultRow] = []
    work: list[WorkRow] = []
    ids = RowIds()
    for item in inputs:
        row_id, work_row, error_row = _prepare(task, item, ids)
        order.append(row_id)
        if row_id in done:
            continue
        if error_row is not None:
            immediate.append(error_row)
        elif row_id in started and not retry_failed:
            immediate.append(_interrupted(work_row))
        elif work_row is not None:
            work.append(work_row)

    report = BatchReport(
        results=[], ran=0, wall_s=0.0, out=out_path, runs=runs, total=len(dict.fromkeys(order))
    )
    fresh: dict[str, ResultRow] = {}
    display = _display(progress, total=len(work) + len(immediate), task=task)

    def deliver(outcomes: list[RowOutcome]) -> None:
        lines = []
        for outcome in outcomes:
            result = outcome.result
            if runs is not None and outcome.record is not None:
                result = _save_record(runs, out_path, outcome)
            lines.append(result)
            fresh[result.id] = result
            report.durations.append(result.duration_s)
        if results is not None:
            results.append(lines)
        report.ran += len(lines)
        display.advance(lines)

    stop = Stop()
    start = time.perf_counter()
    try:
        with display, _ctrl_c(stop, display):
            if immediate:
                deliver([RowOutcome(r) for r in immediate])
            if work:  # (a resumed batch with nothing left starts no worker)
                _engine(
                    task,
                    iter(work),
                    deliver,
                    stop,
                    engine=engine,
                    workers=workers,
                    address=address,
                    concurrent_requests=concurrent,
                    requests_per_second=rate,
                    journal=str(journal.path) if journal is not None else None,
                )
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if results is not None:
            results.close()
    report.wall_s = time.perf_counter() - start
    report.interrupted = report.interrupted or stop.soft
    every = {**done, **fresh}
    report.results = [every[i] for i in dict.fromkeys(order) if i in every]
    return report


def _engine(
    task: Task[Any],
    rows: Iterator[WorkRow],
    deliver: Any,
    stop: Stop,
    *,
    engine: Engine,
    workers: int,
    address: str | None,
    concurrent_requests: int,
    requests_per_second: float | None,
    journal: str | None,
) -> None:
    if engine == "ray":
        from runtime.batch._ray import run_on_ray  # optional: pip install recipe-compiler[ray]

        run_on_ray(
            task,
            rows,
            deliver,
            stop,
            workers=workers,
            address=address,
            concurrent_requests=concurrent_requests,
            requests_per_second=requests_per_second,
            journal=journal,
        )
    elif engine != "local":
        raise InputError(f"unknown engine {engine!r}: use 'local' or 'ray'.")
    elif address is not None:
        raise InputError("--address names a Ray cluster: use it with --engine ray.")
    elif workers == 1:
        run_in_process(
            task,
            rows,
            deliver,
            stop,
            concurrent_requests=concurrent_requests,
            requests_per_second=requests_per_second,
            journal=journal,
        )
    else:
        run_in_workers(
            task,
            rows,
            deliver,
            stop,
            workers=workers,
            concurrent_requests=concurrent_requests,
            requests_per_second=requests_per_second,
            journal=journal,
        )


def _prepare(
    task: Task[Any], item: InputRow, ids: RowIds
) -> tuple[str, WorkRow | None, ResultRow | None]:
    """The row's id, and either the row to run or its error line."""
    if item.values is None:
        row_id = ids.next({"unreadable line": item.line})
        return row_id, None, _input_error(row_id, item.line, None, item.problem or "unreadable")
    shown = {
        k: (REDACTED if k in task.secret_inputs else jsonable(v)) for k, v in item.values.items()
    }
    row_id = ids.next(shown)
    try:
        values = _typed(task, item) if item.text else dict(item.values)
        bound = task.bind_inputs((), values)
    except (RecipeCompilerError, ValueError) as exc:
        problem = f"line {item.line}: {exc}"
        for secret in secret_texts(task, item.values):  # "(got 'tok-...')": never written
            problem = problem.replace(secret, REDACTED)
        return row_id, None, _input_error(row_id, item.line, shown, problem)
    shown = {k: (REDACTED if k in task.secret_inputs else jsonable(v)) for k, v in bound.items()}
    return row_id, WorkRow(id=row_id, line=item.line, values=values, shown_inputs=shown), None


def _typed(task: Task[Any], item: InputRow) -> dict[str, Any]:
    """CSV cells are text: each is read as its input's type, as ``--input`` values are."""
    assert item.values is not None
    out: dict[str, Any] = {}
    for name, text in item.values.items():
        if name not in task.input_types:
            out[name] = text  # bind_inputs names the unknown column
            continue
        try:
            out[name] = parse_value(text, task.input_types[name])
        except ValueError as exc:
            raise ValueError(f"column {name!r}: {exc}") from None
    return out


def _input_error(row_id: str, line: int, shown: dict[str, Any] | None, problem: str) -> ResultRow:
    return ResultRow(
        id=row_id,
        line=line,
        inputs=shown,
        mode="failed",
        error=f"{problem.rstrip('.')}. Fix the row and run the batch again: the rows already "
        "done are skipped.",
        error_kind="input",
    )


def _interrupted(row: WorkRow | None) -> ResultRow:
    assert row is not None
    return ResultRow(
        id=row.id,
        line=row.line,
        inputs=row.shown_inputs,
        mode="failed",
        error=(
            f"line {row.line}: the batch was stopped while this row ran, so its changes may "
            "have happened; it is not run again on its own. Check what it did, then run it "
            "again with --retry-failed (task.batch(..., retry_failed=True))."
        ),
        error_kind="interrupted",
    )


def _save_record(runs: Path, out: Path | None, outcome: RowOutcome) -> ResultRow:
    """Write the row's run record (and screenshots) and return its result naming the file."""
    assert outcome.record is not None and out is not None
    row_id = outcome.result.id
    record = outcome.record
    if outcome.screenshots:
        names = []
        for name, data in outcome.screenshots:
            path = runs / row_id / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            names.append(f"{row_id}/{name}")
        record = record.model_copy(update={"screenshots": tuple(names)})
    path = runs / f"{row_id}.json"
    write_text_quietly(path, record.model_dump_json(indent=1))
    relative = path.relative_to(out.parent) if path.is_relative_to(out.parent) else path
    return outcome.result.model_copy(update={"run": str(relative)})


def _display(progress: bool, *, total: int, task: Task[Any]) -> Any:
    if not progress:
        return NoProgress()

    return BatchProgress(total=total, title=f"batch {task.name}")


@contextlib.contextmanager
def _ctrl_c(stop: Stop, display: Any) -> Iterator[None]:
    """First Ctrl-C: no new rows, the rows in flight finish. Second: stop now."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        if stop.soft:
            stop.hard = True
            raise KeyboardInterrupt
        stop.soft = True
        display.note(
            "stopping: the rows in flight finish and are written (Ctrl-C again to stop now)"
        )

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.stderr.flush()
