"""The recipe folder ``recipes/<task>/``: ``trace.json``, ``recipe.py``, ``history/``, ``runs/``.

Writes are atomic; whatever is replaced is first copied into ``history/`` so nothing a user
wrote (a hand-edited recipe) is ever lost.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from compiler.ir import Trace, dump_trace, load_trace
from runtime._files import atomic_write_text
from runtime.errors import TraceError

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

    def save_run_log(self, trace: Trace) -> Path:
        """Keep the trace of a run that did not produce a recipe (for diagnosis)."""
        return atomic_write_text(self.runs_dir / f"{folder_name(trace.run_id)}.json", dump_trace(trace))
