"""Formatting and the last safety check of generated source."""

from __future__ import annotations

import ast

import black

from compiler.errors import CompileError

BLACK_MODE = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})
"""The one black configuration recipes are written in (the project's own)."""


CHUNK_STATEMENTS = 200
"""Statements of a long recipe body black formats at a time (see :func:`format_source`)."""

_MARK = "__recipe_compiler_chunk_mark__ = 0"


def format_source(source: str, *, function_name: str | None = None) -> str:
    """``source`` formatted by black (which parses it: invalid source is an error here too).
    The caller checks the *formatted* source with :func:`check_compiles`.

    Black's time grows faster than the length of one function body (measured on a body of
    plain calls: 0.56 s for 1,000 lines, 1.47 s for 2,000, 4.1 s for 4,000), which alone broke
    the compiler's "cost linear in steps" target (``bench/compiler_scaling.py``: 1.29x the cost
    per step at 2,000 steps as at 1,000, the passes themselves 1.16x). So the body of a long
    recipe function (``function_name``, over 300 statements) is formatted in chunks of
    :data:`CHUNK_STATEMENTS` statements, each inside a ``def`` of its own so it is indented
    the same, and spliced back: the text black gives for the whole (generated bodies have no
    blank lines, the one thing black lays out by context), in linear time."""
    try:
        chunks = _body_chunks(source, function_name) if function_name else None
        if chunks is None:
            return black.format_str(source, mode=BLACK_MODE)
        skeleton, rest = chunks
        formatted = black.format_str(skeleton, mode=BLACK_MODE)
        bodies = [
            black.format_str("def _chunk():\n" + chunk, mode=BLACK_MODE).split("\n", 1)[1]
            for chunk in rest
        ]
        return formatted.replace(f"    {_MARK}\n", "".join(bodies), 1)
    except Exception as exc:  # black raises several unrelated types; all mean a compiler bug
        raise CompileError(
            f"internal error: black could not format the generated recipe ({exc}). "
            "Please report this with the trace."
        ) from None


def _body_chunks(source: str, function_name: str) -> tuple[str, list[str]] | None:
    """(the module with the body cut after its first chunk and a mark left there, the later
    chunks' source lines), or ``None`` when the body is short enough for one black call (or
    holds a blank line)."""
    tree = ast.parse(source)
    fn = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function_name),
        None,
    )
    if fn is None or len(fn.body) <= CHUNK_STATEMENTS * 3 // 2:
        return None
    lines = source.splitlines(keepends=True)
    ends = [stmt.end_lineno or stmt.lineno for stmt in fn.body]
    starts = [stmt.lineno for stmt in fn.body]
    between = (lines[end : start - 1] for end, start in zip(ends, starts[1:], strict=False))
    if any(not line.strip() for gap in between for line in gap):
        return None  # a blank line between statements: black lays it out by what is around
    cuts = ends[CHUNK_STATEMENTS - 1 :: CHUNK_STATEMENTS]  # last line (1-based) of each chunk
    if cuts and cuts[-1] == ends[-1]:
        cuts = cuts[:-1]
    pieces = [
        "".join(lines[start:stop]) for start, stop in zip(cuts, [*cuts[1:], ends[-1]], strict=True)
    ]
    skeleton = "".join(lines[: cuts[0]]) + f"    {_MARK}\n" + "".join(lines[ends[-1] :])
    return skeleton, pieces


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
