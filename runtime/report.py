"""``TaskRun``: the report of one run of a task (``task.last_run``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from compiler.ir import Step


class TaskRun(BaseModel):
    """The report of one run of a task (``task.last_run``)."""

    model_config = ConfigDict(frozen=True)

    task: str
    mode: Literal["agent", "recipe", "recipe+fallback"]
    run_id: str
    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    duration_s: float = 0.0
    trace_path: Path | None = None
    recipe_path: Path | None = None
    history_path: Path | None = None
    steps: tuple[Step, ...] = ()
    outputs: Any = None
    warnings: tuple[str, ...] = ()
    failed_step: int | None = None
    """For ``recipe+fallback``: the recipe step that failed (counted from 1)."""
    failure: str | None = None
    """What failed, as the fallback agent was told."""
    healed: bool = False
    """Whether the recipe file was rewritten by this run."""
    heal_proposal_path: Path | None = None
    """A healed recipe waiting for ``recipe heal`` (``heal="ask"`` without a terminal)."""

    def report(self) -> str:
        """A few readable lines: mode, calls, tokens, time, files."""
        ok = sum(1 for s in self.steps if s.status == "ok")
        failed = len(self.steps) - ok
        lines = [
            f"task {self.task!r}: {self.mode} run {self.run_id}",
            f"  steps: {ok} ok" + (f", {failed} failed" if failed else ""),
            f"  model calls: {self.model_calls}, tokens: {self.input_tokens} in / "
            f"{self.output_tokens} out",
            f"  time: {self.duration_s:.3f} s",
        ]
        if self.failed_step is not None:
            lines.append(f"  recipe failed: {self.failure}")
            lines.append(
                "  fallback: the agent finished the task from there"
                + ("; the recipe was healed" if self.healed else "")
            )
        if self.heal_proposal_path:
            lines.append(
                f"  healed recipe proposed in {self.heal_proposal_path} "
                "(apply it with `recipe heal`)"
            )
        if self.recipe_path:
            lines.append(f"  recipe: {self.recipe_path}")
        if self.trace_path:
            lines.append(f"  trace: {self.trace_path}")
        if self.history_path:
            lines.append(f"  previous version kept in: {self.history_path}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)
