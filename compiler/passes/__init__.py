"""Compiler passes, one module each, run in this order by :func:`compiler.compile_trace`:

1. :func:`drop_failed` (trace → trace): leave out calls that raised.
2. :func:`lower` (trace → recipe IR): steps become statements, ``finish`` the ``return``.
3. :func:`parameters` (recipe IR → recipe IR): literal copies of inputs become parameters.
4. :func:`names` (recipe IR → recipe IR): import aliases and clean variable names.

Each pass is a pure function ``(ir, PassContext) -> (ir, changes)``; ``changes`` are the
human-readable lines ``recipe compile --explain`` shows.
"""

from __future__ import annotations

from compiler.passes._context import PassContext
from compiler.passes.drop_failed import drop_failed
from compiler.passes.lower import lower
from compiler.passes.names import names
from compiler.passes.parameters import parameters

__all__ = ["PassContext", "drop_failed", "lower", "names", "parameters"]
