"""Pass ``drop_failed``: calls that raised are attempts, not part of the recipe.

A failed call is the agent finding its way (a wrong argument, a missing field, a tool that said
no); the call it retried successfully carries what works. A failed call that was never retried
is left out too, and ``--explain`` says so.
"""

from __future__ import annotations

from compiler.ir import Trace
from compiler.passes._context import PassContext


def drop_failed(trace: Trace, ctx: PassContext) -> tuple[Trace, list[str]]:
    """Leave out every step whose status is ``error``."""
    kept = []
    changes = []
    for position, step in enumerate(trace.steps):
        if step.status != "error":
            kept.append(step)
            continue
        error = f": {step.error.splitlines()[0].rstrip(': ')}" if step.error else ""
        retry = next(
            (
                s.index
                for s in trace.steps[position + 1 :]
                if s.status == "ok" and s.action.name == step.action.name
            ),
            None,
        )
        then = f" (retried successfully at step {retry})" if retry is not None else " (not retried)"
        changes.append(f"step {step.index}: dropped failed call of {step.action.name}{error}{then}")
    if not changes:
        return trace, []
    return trace.model_copy(update={"steps": tuple(kept)}), changes
