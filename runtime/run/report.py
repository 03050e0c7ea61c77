"""``TaskRun``: the report of one run of a task (``task.last_run``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from compiler.ir import Step
from runtime.actions.costs import format_cost


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
    cost: float | None = 0.0
    """What the run's model calls cost (``runtime/actions/prices.json``,
    ``TaskConfig(prices=...)``): 0 for a replay; ``None`` when a model without a price answered."""
    priced_as: tuple[str, ...] = ()
    """The price-table entries the cost used (a mock answer is priced as the task's model)."""
    currency: str = "USD"
    execution_id: str | None = None
    """The execution that made the run (``task.run_async``, ``recipe run --detach``)."""

    def report(self) -> str:
        """A few readable lines: mode, calls, tokens, time, files."""
        ok = sum(1 for s in self.steps if s.status == "ok")
        failed = len(self.steps) - ok
        lines = [
            f"task {self.task!r}: {self.mode} run {self.run_id}",
            f"  steps: {ok} ok" + (f", {failed} failed" if failed else ""),
            f"  model calls: {self.model_calls}, tokens: {self.input_tokens} in / "
            f"{self.output_tokens} out",
            f"  cost: {format_cost(self.cost, self.currency)}"
            + (f" ({', '.join(self.priced_as)} prices)" if self.priced_as else ""),
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
