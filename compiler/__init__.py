"""recipe-compiler's compiler: a recorded trace in, a readable Python recipe out.

Pure: it reads the trace IR (:mod:`compiler.ir`) and returns source text; it imports nothing
from ``runtime`` and does no I/O.
"""

from __future__ import annotations

__version__ = "0.1.0"

from compiler.api import CompileResult, PassReport, compile_trace  # noqa: E402
from compiler.naming import recipe_function_name  # noqa: E402
from compiler.recipe_ir import CompileWarning  # noqa: E402

__all__ = [
    "CompileResult",
    "CompileWarning",
    "PassReport",
    "__version__",
    "compile_trace",
    "recipe_function_name",
]
