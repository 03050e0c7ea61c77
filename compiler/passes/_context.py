"""What every pass may read besides the IR it rewrites."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir import Trace


@dataclass(frozen=True)
class PassContext:
    """Read-only inputs shared by the passes of one compilation."""

    trace: Trace
    """The trace as recorded, before any pass (recorded input values, failed steps …)."""
    strict: bool = False
    """Whether warnings will be turned into errors (passes may use it to fail early)."""

    @property
    def changes_something(self) -> bool:
        """Whether the task has an action that changes something (declared, or called)."""
        return bool(self.trace.task.effects) or any(
            not s.action.read_only and s.action.builtin is None for s in self.trace.steps
        )

    def decisions(self) -> set[int]:
        """Steps of ``compute`` calls that gave a boolean in a task that changes something:
        decisions, which the recipe keeps and guards (see the ``control_flow`` pass)."""
        if not self.changes_something:
            return set()
        return {
            s.index
            for s in self.trace.steps
            if s.action.builtin == "compute" and s.status == "ok" and isinstance(s.result, bool)
        }
