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
