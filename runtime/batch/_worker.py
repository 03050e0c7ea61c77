"""One worker of a batch: it holds the task (and, for a browser task, one Chromium) and runs
rows one after another, each in a fresh browser context.

A row runs the recipe as ``task.replay`` does, with four things a batch needs on top:

- the recipe module is loaded again only when ``recipe.py`` changed (its mtime, size or inode),
  so the rows after a heal run the healed recipe;
- a row that needs the fallback takes the recipe folder's heal lock first, so fallbacks and
  heals of one recipe happen one at a time. Once it has the lock, a row whose recipe was healed
  meanwhile, and that made no change yet, runs again on the healed recipe instead of calling
  the model;
- its model requests go through the batch's limiter (:mod:`runtime.batch._limits`);
- the steps, the screenshots of failed browser steps, the locators that matched and each model
  turn are kept in the row's run record, failed rows included.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from compiler.ir import Step, Trace, Usage
from runtime.actions.control import run_scope
from runtime.actions.recorder import RunRecorder, jsonable
from runtime.agent import providers
from runtime.agent.redaction import REDACTED, redact_trace
from runtime.batch._find import find_task
from runtime.batch._limits import LimitedProvider, Limiter
from runtime.batch._results import ErrorKind, Journal, Mode, ResultRow, StartedJournal
from runtime.browser import browser_session, capture_failure, locator_report
from runtime.errors import FallbackError, GuardrailError, RecipeCompilerError, RunStopped
from runtime.run.replay import (
    ReplayFailure,
    final_locals,
    load_recipe_module,
    recipe_function,
    run_recipe,
)
from runtime.run.replay_browser import busy_pages, promote_locators
from runtime.run.run import Run, new_run_id
from runtime.store.history import RunRecord
from runtime.tasks.memory import memory_lock
from runtime.tasks.task import Task


def secret_texts(task: Task[Any], values: Mapping[str, Any]) -> list[str]:
    """The clear text of the inputs ``task`` declares secret among ``values``: a row as read
    holds plain text (a JSON or CSV cell) where the task binds a ``SecretStr``, and either is
    never written (results, run records, fallback messages)."""
    found: list[str] = []
    for name, value in values.items():
        if name not in task.secret_inputs:
            continue
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(text, int | float) and not isinstance(text, bool):
            text = str(text)
        if isinstance(text, str) and text and text not in found:
            found.append(text)
    return sorted(found, key=len, reverse=True)  # a secret inside another: the longer first


@dataclass(frozen=True)
class WorkRow:
    """A row handed to a worker: validated in the parent, values ready for the task."""

    id: str
    line: int
    values: dict[str, Any]
    shown_inputs: dict[str, Any]
    """The inputs as the results file shows them (secrets redacted)."""


@dataclass
class RowOutcome:
    """What a worker sends back for a row: its result line and its run record."""

    result: ResultRow
    record: RunRecord | None = None
    screenshots: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class TaskRef:
    """How a worker process finds the batch's task: the module that defines it (as the trace
    records it, ``TaskSpec.module``) and the options the batch changed."""

    module: str
    name: str
    recipe_dir: str
    config: Any
    mock_responses: Any
    allow_model_requests: bool
    cwd: str
    batch: str
    """A token of the batch: a worker process that Ray reuses keeps one task per batch."""

    @classmethod
    def of(cls, task: Task[Any]) -> TaskRef:
        if not task.defined_in:
            raise RecipeCompilerError(
                f"task {task.name!r}: worker processes import the module that defines the task, "
                "and this one has none (defined in an interactive session?). Define it in a "
                "module, or run the batch with workers=1."
            )
        return cls(
            module=task.defined_in,
            name=task.name,
            recipe_dir=str(Path(task.recipe_dir).resolve()),
            config=task.config,
            mock_responses=task.mock_responses,
            allow_model_requests=providers.ALLOW_MODEL_REQUESTS,
            cwd=os.getcwd(),
            batch=secrets.token_hex(8),
        )

    def load(self) -> Task[Any]:
        """The task, found in its module, with the batch's options."""

        providers.ALLOW_MODEL_REQUESTS = self.allow_model_requests
        if self.cwd not in sys.path and os.path.isdir(self.cwd):
            sys.path.insert(0, self.cwd)
        here = os.getcwd()
        if here not in sys.path:
            sys.path.insert(0, here)
        task = find_task(self.module, self.name)
        return task.with_options(
            recipe_dir=Path(here, self.recipe_dir),  # relative on a Ray cluster's workers
            config=self.config,
            mock_responses=self.mock_responses,
        )


class RowRunner:
    """Runs rows of one task in this process (one per worker)."""

    def __init__(
        self,
        task: Task[Any],
        limiter: Limiter,
        *,
        journal: str | None = None,
        worker: str | None = None,
    ) -> None:
        """``journal``: the file rows are noted in as they start (tasks with effects)."""
        config = task.config
        if config.save_cassette is not None:  # every worker would overwrite the same file
            config = config.model_copy(update={"save_cassette": None})
        base = task.with_options(config=config)
        self.provider = LimitedProvider(base.model_provider(), limiter)
        self.task: Task[Any] = base.with_options(mock_responses=None, provider=self.provider)
        self.spec = self.task.spec()
        self.journal: Journal | None = StartedJournal(journal) if journal else None
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}"
        self._recipe: tuple[tuple[int, int, int], Any] | None = None
        self.recorder = RunRecorder("recipe")
        """The recorder of the row running now (its steps go into a failed row's record)."""
        self.usage = Usage()
        """The model usage of the row running now (a failed fallback's goes into its record)."""
        self._browser = self.task.uses_browser()

    # -- the recipe, reloaded when the file changes ----------------------------------------

    def _stamp(self) -> tuple[int, int, int]:
        st = self.task.folder.recipe_path.stat()
        return st.st_mtime_ns, st.st_size, st.st_ino

    def recipe(self) -> tuple[tuple[int, int, int], Any]:
        """The recipe function, and the stamp of the file it was loaded from."""
        path = self.task.folder.recipe_path
        stamp = self._stamp()
        if self._recipe is None or self._recipe[0] != stamp:
            self._recipe = (stamp, recipe_function(load_recipe_module(path), self.task.name, path))
        return self._recipe

    # -- a row --------------------------------------------------------------------------

    def run(self, row: WorkRow) -> RowOutcome:
        if self.journal is not None:
            self.journal.mark(row.id)
        start = time.perf_counter()
        self.provider.turns = []
        with self._session() as session:
            outcome = self._run(row, start)
            if session is not None:
                outcome.screenshots = [(p.name, p.read_bytes()) for p in session.shots()]
                if outcome.record is not None:
                    outcome.record = outcome.record.model_copy(
                        update={
                            "screenshots": tuple(name for name, _ in outcome.screenshots),
                            "locators": session.locators(),
                        }
                    )
        self.task.task_runs.clear()  # a worker runs thousands of rows: keep no history
        return outcome

    def _run(self, row: WorkRow, start: float) -> RowOutcome:
        task = self.task
        run_id, created_at = new_run_id()
        try:
            inputs = task.bind_inputs((), row.values)
        except RecipeCompilerError as exc:
            return self._failed(row, start, run_id, "input", f"line {row.line}: {exc}")
        self.recorder, self.usage = RunRecorder("recipe"), Usage()
        try:
            # The run's limits (TaskConfig.max_duration_seconds, cancel), as task.replay has.
            # Rows of a task that keeps permanent memory take turns with its other runs.
            with memory_lock(task), run_scope(task, "recipe"):
                return self._replay(row, inputs, run_id, created_at, start)
        except FallbackError as exc:
            steps, usage = self.recorder.steps, self.usage
            return self._failed(row, start, run_id, "fallback", str(exc), steps, created_at, usage)
        except Exception as exc:
            kind: ErrorKind = "recipe" if isinstance(exc, RecipeCompilerError) else "error"
            error = str(exc) if kind == "recipe" else f"{type(exc).__name__}: {exc}"
            return self._failed(row, start, run_id, kind, error, self.recorder.steps, created_at)

    def _replay(
        self,
        row: WorkRow,
        inputs: dict[str, Any],
        run_id: str,
        created_at: str,
        start: float,
    ) -> RowOutcome:
        task = self.task
        path = task.folder.recipe_path
        while True:
            stamp, fn = self.recipe()
            run = Run(task, inputs, "recipe", run_id=run_id, created_at=created_at, start=start)
            recorder = self.recorder = run.recorder
            value, failure = run_recipe(fn, inputs, recorder, path)
            returned = failure is None
            if failure is None:
                try:
                    outputs = task.coerce_outputs(value, path)
                except GuardrailError as exc:
                    failure = ReplayFailure(
                        error=exc, line=None, frame_locals=final_locals(recorder, inputs)
                    )
                else:
                    return self._succeeded(row, start, run_id, created_at, recorder, outputs)
            # lazy, only failures need it: it imports the compiler (libcst, black), which cost each
            # worker process 0.8 s of CPU before its first row (4-5 s with 4 workers on 2 cores).
            from runtime.run.fallback import failure_point, fallback_and_heal

            point = failure_point(failure, recorder, returned=returned)
            if self._browser:
                capture_failure(f"step-{point.position + 1}")
            if isinstance(point.error, RunStopped):  # out of time, or cancelled: no fallback
                raise point.error
            where = f", line {point.line}" if point.line else ""
            point.description = self._redact(
                row, f"step {point.position + 1} of the recipe: {point.description}"
            )
            if task.config.on_failure == "raise":
                return self._failed(
                    row,
                    start,
                    run_id,
                    "recipe",
                    f"{path}{where}: {point.description}. (on_failure='raise': no fallback was "
                    "attempted.)",
                    recorder.steps,
                    created_at,
                    failed_step=point.position + 1,
                )
            with self._heal_lock():
                if self._stamp() != stamp and not _changed_anything(recorder.steps):
                    continue  # healed meanwhile, and nothing done yet: the healed recipe runs
                try:
                    outputs = fallback_and_heal(run, point, fn)
                finally:
                    self.usage = run.usage  # spent, even when the fallback failed
                assert run.report is not None
                heal = self._heal_seen(run.report)
            return self._with_fallback(row, start, run_id, created_at, run.report, outputs, heal)

    def _heal_seen(self, run: Any) -> dict[str, Any]:
        """What a report shows of the heal a fallback made: the recipe before and after it,
        and what ``recipe test`` says of the healed recipe (read under the heal lock, so no
        other heal comes between)."""
        folder = self.task.folder
        seen: dict[str, Any] = {}
        if run.healed and run.history_path is not None:
            before = Path(run.history_path) / "recipe.py"
            if before.is_file():
                seen["recipe_before"] = before.read_text("utf-8")
                seen["recipe_after"] = folder.recipe_path.read_text("utf-8")
                # lazy: recorded_tests loads the compiler's passes (libcst)
                from runtime.run.recorded_tests import run_recipe_tests

                seen["heal_report"] = run_recipe_tests(folder).text()
        elif run.heal_proposal_path is not None:
            pending = Path(run.heal_proposal_path).parent
            seen["recipe_before"] = (pending / "based_on.py").read_text("utf-8")
            seen["recipe_after"] = (pending / "recipe.py").read_text("utf-8")
            if (pending / "report.txt").is_file():
                seen["heal_report"] = (pending / "report.txt").read_text("utf-8")
        return seen

    @contextlib.contextmanager
    def _heal_lock(self) -> Iterator[None]:
        if self.task.config.heal == "never":  # nothing is written: fallbacks may overlap
            yield
            return
        with self.task.folder.heal_lock():  # the lock fallback_and_heal takes (re-entrant)
            yield

    # -- result rows ----------------------------------------------------------------------

    def _succeeded(
        self,
        row: WorkRow,
        start: float,
        run_id: str,
        created_at: str,
        recorder: RunRecorder,
        outputs: Any,
    ) -> RowOutcome:
        warnings: tuple[str, ...] = ()
        if self._browser:
            if any(r.fell_back for r in locator_report()):
                # Locators that worked only as a fallback move first: a heal, so under the lock.
                with self._heal_lock():
                    warnings, _ = promote_locators(self.task, self.task.folder.recipe_path)
            warnings = (*warnings, *busy_pages(self.task))
        duration = time.perf_counter() - start
        result = ResultRow(
            id=row.id,
            line=row.line,
            inputs=row.shown_inputs,
            mode="recipe",
            outputs=jsonable(outputs),
            duration_s=duration,
            run_id=run_id,
            worker=self.worker,
            warnings=list(warnings),
        )
        record = self._record(row, run_id, created_at, recorder.steps, result, Usage())
        return RowOutcome(result, record.model_copy(update={"warnings": warnings}))

    def _with_fallback(
        self,
        row: WorkRow,
        start: float,
        run_id: str,
        created_at: str,
        run: Any,
        outputs: Any,
        heal: dict[str, Any],
    ) -> RowOutcome:
        cost = getattr(run, "cost", None)
        if cost is None and any(t.cost is not None for t in self.provider.turns):
            cost = sum(t.cost or 0.0 for t in self.provider.turns)
        result = ResultRow(
            id=row.id,
            line=row.line,
            inputs=row.shown_inputs,
            mode="recipe+fallback",
            outputs=jsonable(outputs),
            failed_step=run.failed_step,
            healed=run.healed,
            model_calls=run.model_calls,
            input_tokens=run.input_tokens,
            output_tokens=run.output_tokens,
            cost=cost,
            duration_s=time.perf_counter() - start,
            run_id=run_id,
            worker=self.worker,
            warnings=list(run.warnings),
        )
        usage = Usage(
            model_calls=run.model_calls,
            input_tokens=run.input_tokens,
            output_tokens=run.output_tokens,
        )
        record = self._record(row, run_id, created_at, run.steps, result, usage)
        update: dict[str, Any] = {
            "failed_step": run.failed_step,
            "failure": self._redact(row, run.failure or ""),
            "healed": run.healed,
            "warnings": tuple(run.warnings),
            **heal,
        }
        return RowOutcome(result, record.model_copy(update=update))

    def _failed(
        self,
        row: WorkRow,
        start: float,
        run_id: str,
        kind: ErrorKind,
        error: str,
        steps: list[Step] | tuple[Step, ...] = (),
        created_at: str | None = None,
        usage: Usage | None = None,
        *,
        failed_step: int | None = None,
    ) -> RowOutcome:
        usage = usage or Usage()
        mode: Mode = "failed"
        result = ResultRow(
            id=row.id,
            line=row.line,
            inputs=row.shown_inputs,
            mode=mode,
            error=self._redact(row, error),
            error_kind=kind,
            failed_step=failed_step,
            model_calls=usage.model_calls,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            duration_s=time.perf_counter() - start,
            run_id=run_id,
            worker=self.worker,
        )
        if kind == "input" or created_at is None:
            return RowOutcome(result)
        record = self._record(row, run_id, created_at, steps, result, usage)
        return RowOutcome(
            result,
            record.model_copy(update={"error": result.error, "failed_step": failed_step}),
        )

    def _record(
        self,
        row: WorkRow,
        run_id: str,
        created_at: str,
        steps: list[Step] | tuple[Step, ...],
        result: ResultRow,
        usage: Usage,
    ) -> RunRecord:
        fallback_from = next((s.index for s in steps if s.source == "fallback"), None)
        trace = Trace(
            run_id=run_id,
            created_at=created_at,
            task=self.spec,
            inputs=row.shown_inputs,
            steps=tuple(steps),
            outputs=result.outputs,
            usage=usage,
            model=self.provider.name if usage.model_calls else None,
            mode="recipe+fallback" if fallback_from is not None else "recipe",
            fallback_from=fallback_from,
        )
        secrets = secret_texts(self.task, row.values)
        if secrets:
            trace = redact_trace(trace, secrets)
        return RunRecord(
            trace=trace,
            duration_s=result.duration_s,
            turns=tuple(self.provider.turns),
            cost=result.cost,
            batch_row=row.id,
        )

    def _redact(self, row: WorkRow, text: str) -> str:
        for value in secret_texts(self.task, row.values):
            text = text.replace(value, REDACTED)
        return text

    # -- the browser --------------------------------------------------------------------

    @contextlib.contextmanager
    def _session(self) -> Iterator[_RowSession | None]:
        """A fresh browser context for the row (Chromium itself stays up for the next row),
        with its failure screenshots in a folder of its own."""
        if not self._browser:
            yield None
            return

        folder = tempfile.mkdtemp(prefix="recipe-row-")
        try:
            with browser_session(self.task.config.browser, artifacts_dir=folder) as session:
                yield _RowSession(session)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


class _RowSession:
    def __init__(self, session: Any) -> None:
        self.session = session

    def shots(self) -> list[Path]:
        return [p for p in self.session.failure_screenshots if p.is_file()]

    def locators(self) -> tuple[str, ...]:
        return tuple(r.summary() for r in self.session.locator_reports)


def _changed_anything(steps: list[Step]) -> bool:
    """Whether a replay made a call of an action that changes something."""
    return any(
        s.status == "ok" and not s.action.read_only and s.action.builtin is None for s in steps
    )
