"""Pass ``drop_failed``: calls that raised are attempts, not part of the recipe."""

from __future__ import annotations

from compiler.ir import Trace
from compiler.passes._context import PassContext


def drop_failed(trace: Trace, ctx: PassContext) -> tuple[Trace, list[str]]:
    """Leave out every step whose status is ``error``."""
    kept = []
    changes = []
    for step in trace.steps:
        if step.status == "error":
            error = f": {step.error.splitlines()[0]}" if step.error else ""
            changes.append(f"step {step.index}: dropped failed call of {step.action.name}{error}")
        else:
            kept.append(step)
    if not changes:
        return trace, []
    return trace.model_copy(update={"steps": tuple(kept)}), changes
