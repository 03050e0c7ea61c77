"""The recipe folder ``recipes/<task>/``: ``trace.json``, ``recipe.py``, ``locators.json``,
``history/``, ``runs/``.

``locators.json`` holds each element's locators after the one the recipe shows
(:mod:`compiler.locators_file`); it is written with ``recipe.py``, always in the same write, and
a heal merges its elements into it. A folder without one (older, or hand-written) simply has
no alternates.

Every write is one :class:`runtime.store._files.FileSet`: the new trace and recipe, the history
entry of the pair they replace, the run a heal came from and the runs it retires appear together
or not at all, even if the process is killed half-way (SIGKILL, power loss). Whatever is
replaced goes into ``history/`` in the same write, so nothing a user wrote (a hand-edited
recipe) is ever lost. Writers hold the folder's lock; a reader that finds an interrupted write
finishes it (or removes its staged files) before reading, so it sees the old files or the new
ones, never a mix.

Heals take turns on a second, longer lock (:meth:`RecipeFolder.heal_lock`): a heal reads the
recipe, computes its change and writes it under that lock, and a heal is written only over the
recipe it was computed from (:meth:`RecipeFolder.write_heal` checks, under the write lock).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from compiler.ir import Trace, dump_trace, load_trace
from compiler.locators_file import ALTERNATES_FILE, Alternates
from runtime.errors import RecipeCompilerError, RecipeError, TraceError
from runtime.store._files import FileSet, atomic_write_text, folder_lock, needs_recovery, recover

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")
HEAL_LOCK = ".heal.lock"
"""The lock file heals of a recipe folder take turns on (see :meth:`RecipeFolder.heal_lock`)."""
RETIRED_FILE = "retired.json"
"""Runs the world has outdated (``recipe test --retire``): kept in history, no longer tested."""


def folder_name(task_name: str) -> str:
    """A safe folder name for a task (``Send invoices`` → ``Send_invoices``)."""
    return _SAFE.sub("_", task_name).strip("._") or "task"


class HealProposal(BaseModel):
    """A healed recipe waiting to be written (``heal="ask"``) or just written."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    task: str
    based_on: str
    """The recipe source the heal was computed from."""
    source: str
    """The healed recipe source."""
    trace: Trace
    """The healed run: the replayed prefix plus the fallback's steps."""
    constant_outputs: tuple[str, ...] = ()
    """Warnings for outputs the new code would return as constants the model wrote: such a heal
    answers one input, not the task, so it is never written without review."""
    alternates: Alternates = Alternates()
    """The healed code's elements' other locators, merged into ``locators.json`` by key."""
    kept_run: Trace | None = None
    """The run the heal was made from, as it happened, kept in ``runs/`` as a regression test
    of the recipe (``recipe test``)."""
    replaces_path: bool = False
    """The heal replaces the failed region (the world changed for every input, or no bridge
    could be placed) and :attr:`trace` is the healed trace; else it adds a bridge and the trace
    stays as it was."""
    retire: tuple[str, ...] = ()
    """Recorded runs the changed world outdated (their call of the failed action is what
    failed): retired when the heal is written."""
    held_back: str | None = None
    """Why the heal must not be written without review (``recipe test`` failed, or no bridge
    could be placed); ``None`` when it may be."""
    report: str | None = None
    """What ``recipe test`` said of the healed recipe."""

    def diff(self, path: str = "recipe.py") -> str:
        return unified_diff(self.based_on, self.source, path)


class RecipeFolder:
    """One task's folder of recipe, trace and history."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @classmethod
    def for_task(cls, recipe_dir: str | Path, task_name: str) -> RecipeFolder:
        return cls(Path(recipe_dir) / folder_name(task_name))

    @property
    def recipe_path(self) -> Path:
        return self.path / "recipe.py"

    @property
    def trace_path(self) -> Path:
        return self.path / "trace.json"

    @property
    def alternates_path(self) -> Path:
        return self.path / ALTERNATES_FILE

    def load_alternates(self) -> Alternates:
        """The folder's ``locators.json`` (none: no alternates); a :class:`RecipeError` naming
        it if it is not valid."""
        self.recover()
        return self._read_alternates()

    def _read_alternates(self) -> Alternates:
        if not self.alternates_path.is_file():
            return Alternates()
        try:
            return Alternates.loads(
                self.alternates_path.read_bytes(), source=str(self.alternates_path)
            )
        except RecipeCompilerError as exc:
            raise RecipeError(str(exc)) from None

    @property
    def history_dir(self) -> Path:
        return self.path / "history"

    @property
    def runs_dir(self) -> Path:
        return self.path / "runs"

    @property
    def pending_dir(self) -> Path:
        return self.path / "pending"

    def has_recipe(self) -> bool:
        self.recover()
        return self.recipe_path.is_file()

    def load_trace(self) -> Trace:
        """The folder's trace, or a :class:`TraceError` naming the file."""
        self.recover()
        if not self.trace_path.is_file():
            raise TraceError(
                f"{self.trace_path}: no trace here. Run the task once with the agent "
                "(`recipe run FILE.py`) to record one."
            )
        return load_trace(self.trace_path.read_bytes(), source=str(self.trace_path))

    def read_pair(self) -> tuple[str, Trace]:
        """The recipe's source and the trace, read together: both from one write, even while
        another process writes the folder (a heal that compares the two needs this)."""
        self.recover()
        with folder_lock(self.path, shared=True):
            if not self.recipe_path.is_file():
                raise RecipeError(f"{self.recipe_path}: no recipe here. Record the task first.")
            if not self.trace_path.is_file():
                raise TraceError(f"{self.trace_path}: no trace here. Record the task first.")
            source = self.recipe_path.read_text(encoding="utf-8")
            trace = self.trace_path.read_bytes()
        return source, load_trace(trace, source=str(self.trace_path))

    # -- writing ------------------------------------------------------------------------

    def recover(self) -> list[str]:
        """Finish (or undo) a write a killed process left half-done, and remove its temp files.

        Cheap when there is nothing to do (one directory listing); every read and write of the
        folder calls it first. Returns what was done, one line each."""
        if not needs_recovery(self.path):
            return []
        with folder_lock(self.path):
            return recover(self.path, subfolders=("runs", "pending", "history"))

    @contextmanager
    def writing(self) -> Iterator[FileSet]:
        """A :class:`FileSet` of this folder, committed when the block ends without error,
        under the folder's lock (so writers take turns and readers never see half of one)."""
        with folder_lock(self.path):
            recover(self.path, subfolders=("runs", "pending", "history"))
            files = FileSet(self.path)
            try:
                yield files
            except BaseException:
                files.discard()
                raise
            files.commit()

    def heal_lock(self) -> AbstractContextManager[Any]:
        """The lock heals of this folder take, so they run one at a time across threads and
        processes: hold it from reading ``recipe.py`` to writing the heal (or its proposal).
        Held for seconds (compiling, ``recipe test``), not for the fallback's model calls.
        Re-entrant in one thread; a lock file (``.heal.lock``) beside the recipe, released by
        the kernel when its holder dies."""
        from filelock import FileLock  # only heals need it: a replay never imports it

        self.path.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path / HEAL_LOCK), is_singleton=True)

    def _archive(self, files: FileSet, label: str) -> Path | None:
        """Add to ``files`` a copy of the current recipe and trace: ``history/<time>-<label>``."""
        present = {
            p.name: p.read_bytes()
            for p in (self.recipe_path, self.trace_path, self.alternates_path)
            if p.is_file()
        }
        if not present:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        name = f"history/{stamp}-{folder_name(label)}"
        files.put_dir(name, present)
        return self.path / name

    def _unchanged(self, name: str, text: str) -> bool:
        path = self.path / name
        return path.is_file() and path.read_bytes() == text.encode("utf-8")

    def save(
        self, trace: Trace, source: str, *, label: str, alternates: Alternates | None = None
    ) -> Path | None:
        """Write ``trace.json``, ``recipe.py`` and ``locators.json`` (its elements' other
        locators, removed if there are none) together, archiving what they replace.

        Returns the history folder the old files went to (``None`` if there were none or
        they were byte-identical).
        """
        with self.writing() as files:
            return self._save(files, trace, source, label, alternates or Alternates())

    def _save(
        self, files: FileSet, trace: Trace, source: str, label: str, alternates: Alternates
    ) -> Path | None:
        trace_text = dump_trace(trace)
        if (
            self._unchanged("trace.json", trace_text)
            and self._unchanged("recipe.py", source)
            and self._alternates_unchanged(alternates)
        ):
            return None
        archived = self._archive(files, label)
        files.put("trace.json", trace_text)
        files.put("recipe.py", source)
        self._put_alternates(files, alternates)
        return archived

    def save_recipe(
        self, source: str, *, label: str, alternates: Alternates | None = None
    ) -> Path | None:
        """Rewrite ``recipe.py`` (and, if given, ``locators.json``), archiving the current
        files first (in one write)."""
        with self.writing() as files:
            return self._save_recipe(files, source, label, alternates)

    def _save_recipe(
        self, files: FileSet, source: str, label: str, alternates: Alternates | None
    ) -> Path | None:
        same = alternates is None or self._alternates_unchanged(alternates)
        if self._unchanged("recipe.py", source) and same:
            return None
        archived = self._archive(files, label)
        files.put("recipe.py", source)
        if alternates is not None:
            self._put_alternates(files, alternates)
        return archived

    def _alternates_unchanged(self, alternates: Alternates) -> bool:
        if not alternates.elements:
            return not self.alternates_path.exists()
        return self._unchanged(ALTERNATES_FILE, alternates.dumps())

    def _put_alternates(self, files: FileSet, alternates: Alternates) -> None:
        if alternates.elements:
            files.put(ALTERNATES_FILE, alternates.dumps())
        else:
            files.remove(ALTERNATES_FILE)

    def save_run_log(self, trace: Trace) -> Path:
        """Keep the trace of a run that did not produce a recipe (for diagnosis)."""
        return atomic_write_text(
            self.runs_dir / f"{folder_name(trace.run_id)}.json", dump_trace(trace)
        )

    def save_proposal(self, proposal: HealProposal) -> Path:
        """Keep a healed recipe for ``recipe heal`` to apply (``pending/``), with the run it
        was made from, how it heals and what ``recipe test`` said of it. The folder is
        replaced as a whole: never half of one proposal and half of another."""
        about = {
            "replaces_path": proposal.replaces_path,
            "retire": list(proposal.retire),
            "held_back": proposal.held_back,
        }
        texts = {
            "based_on.py": proposal.based_on,
            "trace.json": dump_trace(proposal.trace),
            "heal.json": json.dumps(about, indent=2) + "\n",
            "recipe.py": proposal.source,
        }
        if proposal.alternates.elements:
            texts[ALTERNATES_FILE] = proposal.alternates.dumps()
        if proposal.kept_run is not None:
            texts["run.json"] = dump_trace(proposal.kept_run)
        if proposal.report is not None:
            texts["report.txt"] = proposal.report + "\n"
        with self.writing() as files:
            files.remove("pending")
            files.put_dir("pending", {k: v.encode("utf-8") for k, v in texts.items()})
        return self.pending_dir / "recipe.py"

    def write_heal(self, proposal: HealProposal, *, label: str) -> Path | None:
        """Write a heal: a bridge rewrites ``recipe.py`` only; a replaced path rewrites the
        trace and the recipe. The run it was made from is kept in ``runs/`` as a test, and the
        runs the changed world outdated are retired — all in one write. Returns the history
        entry."""
        with self.writing() as files:
            return self._write_heal(files, proposal, label)

    def _write_heal(self, files: FileSet, proposal: HealProposal, label: str) -> Path | None:
        current = self.recipe_path.read_text(encoding="utf-8") if self.recipe_path.is_file() else ""
        if current != proposal.based_on:
            raise RecipeError(
                f"{self.recipe_path} changed since the heal was computed from it; nothing was "
                "written. Replay the task again to heal the current recipe."
            )
        # The healed code's elements join the others (a heal keeps every path it does not
        # touch, and their locators).
        alternates = self._read_alternates().merged(proposal.alternates)
        if proposal.replaces_path:
            history = self._save(files, proposal.trace, proposal.source, label, alternates)
        else:
            history = self._save_recipe(files, proposal.source, label, alternates)
        if proposal.kept_run is not None:
            name = f"runs/{folder_name(proposal.kept_run.run_id)}.json"
            files.put(name, dump_trace(proposal.kept_run))
        if proposal.retire:
            run_id = (proposal.kept_run or proposal.trace).run_id
            note = f"outdated by run {run_id}: its call is what failed then"
            files.put(RETIRED_FILE, self._retired_text(proposal.retire, note))
        return history

    def retire(self, run_ids: Iterable[str], note: str) -> Path:
        """Mark runs as outdated by a changed world: kept, no longer tested."""
        with self.writing() as files:
            files.put(RETIRED_FILE, self._retired_text(run_ids, note))
        return self.path / RETIRED_FILE

    def _retired_text(self, run_ids: Iterable[str], note: str) -> str:
        path = self.path / RETIRED_FILE
        current: dict[str, Any] = {}
        if path.is_file():
            try:
                current = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise RecipeError(f"{path}: not valid JSON ({exc}); fix or delete it.") from None
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        for run_id in run_ids:
            current[run_id] = {"note": note, "retired_at": stamp}
        return json.dumps(current, indent=2, sort_keys=True) + "\n"

    def load_proposal(self) -> HealProposal:
        """The pending heal, or a :class:`RecipeError` saying there is none."""
        self.recover()
        files = [self.pending_dir / n for n in ("based_on.py", "trace.json", "recipe.py")]
        if not all(f.is_file() for f in files):
            raise RecipeError(
                f"{self.path}: no pending heal. A heal is proposed when a replay falls back "
                "with TaskConfig(heal='ask') and no terminal to ask on."
            )
        trace = load_trace(files[1].read_bytes(), source=str(files[1]))
        run_file = self.pending_dir / "run.json"
        kept = (
            load_trace(run_file.read_bytes(), source=str(run_file)) if run_file.is_file() else None
        )
        about_file = self.pending_dir / "heal.json"
        about = json.loads(about_file.read_text(encoding="utf-8")) if about_file.is_file() else {}
        report_file = self.pending_dir / "report.txt"
        alternates_file = self.pending_dir / ALTERNATES_FILE
        alternates = (
            Alternates.loads(alternates_file.read_bytes(), source=str(alternates_file))
            if alternates_file.is_file()
            else Alternates()
        )
        return HealProposal(
            task=trace.task.name,
            based_on=files[0].read_text(encoding="utf-8"),
            source=files[2].read_text(encoding="utf-8"),
            trace=trace,
            alternates=alternates,
            kept_run=kept,
            replaces_path=bool(about.get("replaces_path", kept is None)),
            retire=tuple(about.get("retire", ())),
            held_back=about.get("held_back"),
            report=report_file.read_text(encoding="utf-8") if report_file.is_file() else None,
        )

    def apply_proposal(self, proposal: HealProposal) -> Path | None:
        """Write a pending heal if the recipe is still the one it was computed from."""
        run_id = (proposal.kept_run or proposal.trace).run_id
        with self.heal_lock(), self.writing() as files:
            history = self._write_heal(files, proposal, f"healed-by-{run_id}")
            files.remove("pending")
        return history

    def latest_history(self) -> Path | None:
        """The most recent ``history/`` entry, if any."""
        self.recover()
        if not self.history_dir.is_dir():
            return None
        entries = sorted(p for p in self.history_dir.iterdir() if p.is_dir())
        return entries[-1] if entries else None


def unified_diff(before: str, after: str, path: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{path} (before)",
            tofile=f"{path} (healed)",
        )
    )
