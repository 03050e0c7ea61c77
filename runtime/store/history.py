"""``RunRecord``: one run as a report shows it — the trace, plus what the trace does not keep.

A trace (``trace.json``, ``history/``, ``runs/``) holds the task, inputs, steps, outputs and
model usage. A report also wants what happened around the steps: the failure the recipe
stopped at, whether the run healed the recipe (and the recipe it replaced), screenshots of
failed browser steps, the locators that matched, and the tokens of each model turn. A batch
writes one record per row (``results.runs/<row id>.json``); :func:`find_run` builds records
for the runs a recipe folder keeps.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from compiler.ir import Trace, load_trace
from runtime.errors import TraceError
from runtime.store.folder import RecipeFolder


class ModelTurn(BaseModel):
    """One model request of a run."""

    model_config = ConfigDict(frozen=True)

    turn: int
    input_tokens: int = 0
    output_tokens: int = 0
    duration_s: float = 0.0
    cost: float | None = None
    calls: tuple[str, ...] = ()
    """The tools the model called in its answer."""


class RunRecord(BaseModel):
    """A run with everything a report of it shows."""

    model_config = ConfigDict(frozen=True)

    trace: Trace
    """The run's trace: task, inputs (secrets redacted), steps, outputs, usage."""
    source: str | None = None
    """The file the record (or its trace) was read from."""
    duration_s: float | None = None
    error: str | None = None
    """Why the run failed (``None`` when it gave outputs)."""
    failed_step: int | None = None
    """For a replay that left the recipe: the recipe step that failed (from 1)."""
    failure: str | None = None
    """That step's failure, as the fallback agent was told."""
    healed: bool = False
    """Whether the run rewrote the recipe."""
    recipe_before: str | None = None
    """The recipe the heal replaced (the file in ``history/``)."""
    recipe_after: str | None = None
    """The recipe the heal wrote (or proposed, in ``pending/``)."""
    heal_report: str | None = None
    """What ``recipe test`` said of the healed recipe."""
    screenshots: tuple[str, ...] = ()
    """Screenshots of failed browser steps, relative to the record's folder (or absolute)."""
    locators: tuple[str, ...] = ()
    """For browser replays: which locator found each element."""
    turns: tuple[ModelTurn, ...] = ()
    """The model requests, with their tokens (when the run kept them)."""
    cost: float | None = None
    warnings: tuple[str, ...] = ()
    batch_row: str | None = None
    """The row id, for a run made by a batch."""


def load_record(path: str | Path) -> RunRecord:
    """A run record file, or a plain trace file read as a record."""
    path = Path(path)
    data = path.read_bytes()
    if b'"trace"' in data[:200]:
        try:
            return RunRecord.model_validate_json(data).model_copy(update={"source": str(path)})
        except ValueError as exc:
            raise TraceError(f"{path}: not a run record: {str(exc)[:300]}") from None
    return RunRecord(trace=load_trace(data, source=str(path)), source=str(path))


def folder_runs(folder: RecipeFolder) -> list[Path]:
    """Every trace file a recipe folder keeps: the current trace, history, kept runs, the
    pending heal; newest last."""
    paths = []
    if folder.trace_path.is_file():
        paths.append(folder.trace_path)
    if folder.history_dir.is_dir():
        paths += sorted(folder.history_dir.glob("*/trace.json"))
    if folder.runs_dir.is_dir():
        paths += sorted(folder.runs_dir.glob("*.json"))
    for name in ("trace.json", "run.json"):
        if (folder.pending_dir / name).is_file():
            paths.append(folder.pending_dir / name)
    return paths


def find_run(folder: RecipeFolder, run_id: str | None = None) -> RunRecord:
    """The run ``run_id`` of a recipe folder (default: the recorded run, ``trace.json``), with
    its heal when it made one: the recipe before (``history/<time>-healed-by-<run>``) and after
    it, and what ``recipe test`` said."""
    if run_id is None:
        return _with_heal(folder, load_record(folder.trace_path))
    known = []
    for path in folder_runs(folder):
        try:
            record = load_record(path)
        except TraceError:
            continue
        if record.trace.run_id == run_id:
            return _with_heal(folder, record)
        known.append(record.trace.run_id)
    listed = ", ".join(dict.fromkeys(known)) or "none"
    raise TraceError(f"{folder.path}: no run {run_id!r} here (runs: {listed}).")


def _with_heal(folder: RecipeFolder, record: RunRecord) -> RunRecord:
    run_id = record.trace.run_id
    entries = sorted(folder.history_dir.glob("*")) if folder.history_dir.is_dir() else []
    for n, entry in enumerate(entries):
        if not entry.name.endswith(f"-healed-by-{run_id}") or not (entry / "recipe.py").is_file():
            continue
        after = entries[n + 1] / "recipe.py" if n + 1 < len(entries) else folder.recipe_path
        return record.model_copy(
            update={
                "healed": True,
                "recipe_before": (entry / "recipe.py").read_text(encoding="utf-8"),
                "recipe_after": after.read_text(encoding="utf-8") if after.is_file() else None,
            }
        )
    pending = folder.pending_dir
    if (pending / "recipe.py").is_file() and _pending_from(folder) == run_id:
        report = pending / "report.txt"
        return record.model_copy(
            update={
                "recipe_before": (pending / "based_on.py").read_text(encoding="utf-8"),
                "recipe_after": (pending / "recipe.py").read_text(encoding="utf-8"),
                "heal_report": report.read_text(encoding="utf-8") if report.is_file() else None,
            }
        )
    return record


def _pending_from(folder: RecipeFolder) -> str | None:
    for name in ("run.json", "trace.json"):
        path = folder.pending_dir / name
        if path.is_file():
            try:
                return load_trace(path.read_bytes(), source=str(path)).run_id
            except TraceError:
                return None
    return None
