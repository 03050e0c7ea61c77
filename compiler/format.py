"""Formatting and the last safety check of generated source."""

from __future__ import annotations

import ast
import gc
from collections.abc import Iterator
from contextlib import contextmanager

import black

from compiler.errors import CompileError

BLACK_MODE = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})
"""The one black configuration recipes are written in (the project's own)."""


CHUNK_STATEMENTS = 200
"""Statements of a long recipe body black formats at a time (see :func:`format_source`)."""

_MARK = "__recipe_compiler_chunk_mark__ = 0"


def format_source(source: str, *, function_name: str | None = None) -> str:
    """``source`` formatted by black (which parses it: invalid source is an error here too).

    Black's time grows faster than linearly with the length of one function body, so the body
    of a long recipe function (``function_name``) is formatted in chunks of
    :data:`CHUNK_STATEMENTS` statements, each inside a ``def`` of its own so it is laid out
    with the same indentation, and spliced back: the same text black gives for the whole,
    in linear time. The caller checks the *formatted* source with :func:`check_compiles`."""
    try:
        chunks = _body_chunks(source, function_name) if function_name else None
        if not chunks:
            return black.format_str(source, mode=BLACK_MODE)
        skeleton, rest = chunks
        formatted = black.format_str(skeleton, mode=BLACK_MODE)
        bodies = []
        for chunk in rest:
            wrapped = black.format_str("def _chunk():\n" + chunk, mode=BLACK_MODE)
            bodies.append(wrapped.split("\n", 1)[1])
            gc.collect(0)  # black's syntax tree of the chunk: cyclic garbage (see below)
        return formatted.replace(f"    {_MARK}\n", "".join(bodies), 1)
    except Exception as exc:  # black raises several unrelated types; all mean a compiler bug
        raise CompileError(
            f"internal error: black could not format the generated recipe ({exc}). "
            "Please report this with the trace."
        ) from None


@contextmanager
def young_garbage_only() -> Iterator[None]:
    """Run the body with automatic garbage collection paused (and restored after).

    Compiling a long trace allocates millions of objects that stay alive to the end (the trace,
    the recipe IR, libcst nodes), and CPython's collector re-traverses the survivors as they
    grow: a third of the time of a 10,000-step compile, growing faster than the trace. Almost
    nothing a compile throws away is cyclic except black's syntax trees (nodes point to their
    parents), so :func:`format_source` collects the youngest generation after each chunk,
    which costs time in proportion to that chunk alone. Other threads' cyclic garbage waits
    until the compile ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _body_chunks(source: str, function_name: str) -> tuple[str, list[str]] | None:
    """(the module with the body cut after its first chunk and a mark left there, the later
    chunks' source lines) — or ``None`` when the body is short enough for one black call."""
    tree = ast.parse(source)
    fn = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function_name),
        None,
    )
    if fn is None or len(fn.body) <= CHUNK_STATEMENTS * 3 // 2:
        return None
    lines = source.splitlines(keepends=True)
    ends = [stmt.end_lineno or stmt.lineno for stmt in fn.body]
    cuts = ends[CHUNK_STATEMENTS - 1 :: CHUNK_STATEMENTS]  # last line (1-based) of each chunk
    if cuts and cuts[-1] == ends[-1]:
        cuts = cuts[:-1]
    body_end = ends[-1]
    pieces = []
    for start, stop in zip(cuts, [*cuts[1:], body_end], strict=True):
        pieces.append("".join(lines[start:stop]))
    skeleton = "".join(lines[: cuts[0]]) + f"    {_MARK}\n" + "".join(lines[body_end:])
    return skeleton, pieces


def check_compiles(source: str, filename: str = "recipe.py") -> None:
    """Raise :class:`CompileError` unless ``source`` parses as Python.

    Black's own parser accepts more than Python does, so the formatted source is parsed once
    more by CPython's. Only parsed, not compiled to bytecode: CPython's symbol table and code
    generator take time quadratic in the number of locals of one function (0.9 s for a recipe
    of 10,000 steps, against 0.17 s to parse), and the errors only they report (``return`` or
    ``nonlocal`` out of place, a parameter named twice) cannot come from a trace: the template
    fixes the statements, and the ``names`` pass makes every name unique. The tests compile
    every recipe they generate."""
    try:
        compile(source, filename, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise CompileError(
            f"internal error: the generated recipe does not compile ({exc}). "
            "Please report this with the trace."
        ) from None
