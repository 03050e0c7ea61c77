"""recipe-compiler's compiler: a recorded trace in, a readable Python recipe out.

Pure: it reads the trace IR (:mod:`compiler.ir`) and returns source text; it imports nothing
from ``runtime`` and does no I/O. The code generator (libcst, jinja2, black) is imported on first
use of :func:`compile_trace`, so ``import compiler.ir`` stays cheap for replays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from compiler.naming import recipe_function_name
from compiler.recipe_ir import CompileWarning

if TYPE_CHECKING:
    from compiler.api import CompileResult, PassReport, compile_trace

__version__ = "0.1.0"

__all__ = [
    "CompileResult",
    "CompileWarning",
    "PassReport",
    "__version__",
    "compile_trace",
    "recipe_function_name",
]

_LAZY = {"CompileResult", "PassReport", "compile_trace"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from compiler import api

        return getattr(api, name)
    raise AttributeError(f"module 'compiler' has no attribute {name!r}")
