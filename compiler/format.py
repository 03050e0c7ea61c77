"""Formatting and the last safety check of generated source."""

from __future__ import annotations

import black

from compiler.errors import CompileError

BLACK_MODE = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})
"""The one black configuration recipes are written in (the project's own)."""


def format_source(source: str) -> str:
    """``source`` formatted by black (which parses it: invalid source is an error here too).
    The caller checks the *formatted* source with :func:`check_compiles`."""
    try:
        return black.format_str(source, mode=BLACK_MODE)
    except Exception as exc:  # black raises several unrelated types; all mean a compiler bug
        raise CompileError(
            f"internal error: black could not format the generated recipe ({exc}). "
            "Please report this with the trace."
        ) from None


def check_compiles(source: str, filename: str = "recipe.py") -> None:
    """Raise :class:`CompileError` unless ``source`` compiles as Python.

    Black's own parser accepts more than Python does, so the formatted source is compiled once
    more by CPython's (which also catches what only its compiler reports: a ``return`` out of
    place, a parameter named twice)."""
    try:
        compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise CompileError(
            f"internal error: the generated recipe does not compile ({exc}). "
            "Please report this with the trace."
        ) from None
