"""The recipe folder ``recipes/<task>/``: ``trace.json``, ``recipe.py``, ``history/``, ``runs/``.

Writes are atomic; whatever is replaced is first copied into ``history/`` so nothing a user
wrote (a hand-edited recipe) is ever lost.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.ir import Trace, dump_trace, load_trace
from runtime._files import atomic_write_text
from runtime.errors import RecipeError, TraceError

if TYPE_CHECKING:
    from runtime.heal import HealProposal

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def folder_name(task_name: str) -> str:
    """A safe folder name for a task (``Send invoices`` → ``Send_invoices``)."""
    return _SAFE.sub("_", task_name).strip("._") or "task"


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
    def history_dir(self) -> Path:
        return self.path / "history"

    @property
    def runs_dir(self) -> Path:
        return self.path / "runs"

    @property
    def pending_dir(self) -> Path:
        return self.path / "pending"

    def has_recipe(self) -> bool:
        return self.recipe_path.is_file()

    def load_trace(self) -> Trace:
        """The folder's trace, or a :class:`TraceError` naming the file."""
        if not self.trace_path.is_file():
            raise TraceError(
                f"{self.trace_path}: no trace here. Run the task once with the agent "
                "(`recipe run FILE.py`) to record one."
            )
        return load_trace(self.trace_path.read_bytes(), source=str(self.trace_path))

    def archive(self, label: str) -> Path | None:
        """Copy the current recipe and trace into ``history/<time>-<label>/``."""
        present = [p for p in (self.recipe_path, self.trace_path) if p.is_file()]
        if not present:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        dest = self.history_dir / f"{stamp}-{folder_name(label)}"
        dest.mkdir(parents=True, exist_ok=False)
        for p in present:
            shutil.copy2(p, dest / p.name)
        return dest

    def save(self, trace: Trace, source: str, *, label: str) -> Path | None:
        """Write ``trace.json`` then ``recipe.py`` atomically, archiving what they replace.

        Returns the history folder the old files went to (``None`` if there were none or
        they were byte-identical).
        """
        trace_text = dump_trace(trace)
        same = (
            self.recipe_path.is_file()
            and self.trace_path.is_file()
            and self.recipe_path.read_text(encoding="utf-8") == source
            and self.trace_path.read_text(encoding="utf-8") == trace_text
        )
        archived = None if same else self.archive(label)
        atomic_write_text(self.trace_path, trace_text)
        atomic_write_text(self.recipe_path, source)
        return archived

    def save_recipe(self, source: str, *, label: str) -> Path | None:
        """Rewrite only ``recipe.py`` (atomically), archiving the current one first."""
        if self.recipe_path.is_file() and self.recipe_path.read_text(encoding="utf-8") == source:
            return None
        archived = self.archive(label)
        atomic_write_text(self.recipe_path, source)
        return archived

    def save_run_log(self, trace: Trace) -> Path:
        """Keep the trace of a run that did not produce a recipe (for diagnosis)."""
        return atomic_write_text(
            self.runs_dir / f"{folder_name(trace.run_id)}.json", dump_trace(trace)
        )

    def save_proposal(self, proposal: HealProposal) -> Path:
        """Keep a healed recipe for ``recipe heal`` to apply (``pending/``), with the run it
        was made from, how it heals and what ``recipe test`` said of it."""
        atomic_write_text(self.pending_dir / "based_on.py", proposal.based_on)
        atomic_write_text(self.pending_dir / "trace.json", dump_trace(proposal.trace))
        if proposal.kept_run is not None:
            atomic_write_text(self.pending_dir / "run.json", dump_trace(proposal.kept_run))
        about = {
            "replaces_path": proposal.replaces_path,
            "retire": list(proposal.retire),
            "held_back": proposal.held_back,
        }
        atomic_write_text(self.pending_dir / "heal.json", json.dumps(about, indent=2) + "\n")
        if proposal.report is not None:
            atomic_write_text(self.pending_dir / "report.txt", proposal.report + "\n")
        atomic_write_text(self.pending_dir / "recipe.py", proposal.source)
        return self.pending_dir / "recipe.py"

    def write_heal(self, proposal: HealProposal, *, label: str) -> Path | None:
        """Write a heal: a bridge rewrites ``recipe.py`` only; a replaced path rewrites the
        trace and the recipe. The run it was made from is kept in ``runs/`` as a test, and the
        runs the changed world outdated are retired. Returns the history entry."""
        if proposal.replaces_path:
            history = self.save(proposal.trace, proposal.source, label=label)
        else:
            history = self.save_recipe(proposal.source, label=label)
        if proposal.kept_run is not None:
            self.save_run_log(proposal.kept_run)
        if proposal.retire:
            from runtime.recorded_tests import retire

            note = f"outdated by run {proposal.trace.run_id}: its call is what failed then"
            if proposal.kept_run is not None:
                note = f"outdated by run {proposal.kept_run.run_id}: its call is what failed then"
            retire(self, proposal.retire, note)
        return history

    def load_proposal(self) -> HealProposal:
        """The pending heal, or a :class:`RecipeError` saying there is none."""
        from runtime.heal import HealProposal

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
        return HealProposal(
            task=trace.task.name,
            based_on=files[0].read_text(encoding="utf-8"),
            source=files[2].read_text(encoding="utf-8"),
            trace=trace,
            kept_run=kept,
            replaces_path=bool(about.get("replaces_path", kept is None)),
            retire=tuple(about.get("retire", ())),
            held_back=about.get("held_back"),
            report=report_file.read_text(encoding="utf-8") if report_file.is_file() else None,
        )

    def apply_proposal(self, proposal: HealProposal) -> Path | None:
        """Write a pending heal if the recipe is still the one it was computed from."""
        current = self.recipe_path.read_text(encoding="utf-8") if self.has_recipe() else ""
        if current != proposal.based_on:
            raise RecipeError(
                f"{self.recipe_path} changed since the heal was proposed; nothing was written. "
                "Replay the task again to propose a heal of the current recipe."
            )
        run_id = (proposal.kept_run or proposal.trace).run_id
        history = self.write_heal(proposal, label=f"healed-by-{run_id}")
        shutil.rmtree(self.pending_dir, ignore_errors=True)
        return history

    def latest_history(self) -> Path | None:
        """The most recent ``history/`` entry, if any."""
        if not self.history_dir.is_dir():
            return None
        entries = sorted(p for p in self.history_dir.iterdir() if p.is_dir())
        return entries[-1] if entries else None
