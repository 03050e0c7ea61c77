"""Reading and rewriting the expressions of recipe statements (shared by the passes)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import partial
from typing import Any

from compiler.errors import CompileError, ExpressionError
from compiler.ir import (
    CodeExpr,
    DictExpr,
    Expr,
    FStringExpr,
    ListExpr,
    LocatorCandidate,
    LocatorExpr,
    RefExpr,
)
from compiler.recipe_ir import Assign, Call, ExprStmt, Guard, If, Loop, Return, Statement, Until

Rewrite = Callable[[Expr, str], Expr]
"""``(expression, label) -> expression``; the label says where it sits (``argument customer``,
``output total``, ``result``)."""


def parse_code(source: str) -> ast.Expression:
    """Parse a compute expression, allowing it to span lines as if it were parenthesized."""
    try:
        return ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return ast.parse("(" + source + "\n)", mode="eval")


def argument_exprs(stmt: Statement) -> list[tuple[str, Expr]]:
    """The argument expressions of a call, or the values of a ``return``, with labels; nothing
    for a compute statement (its expression is code, not an argument)."""
    if isinstance(stmt, Return):
        if stmt.fields is not None:
            return [(f"output {k}", v) for k, v in stmt.fields.items()]
        return [("result", stmt.value)] if stmt.value is not None else []
    if isinstance(stmt, Guard | Loop | If | Until):
        return []
    if isinstance(stmt.value, Call):
        return [(f"argument {k}", v) for k, v in stmt.value.kwargs.items()]
    return []


def leaf_exprs(expr: Expr, label: str) -> list[tuple[str, Expr]]:
    """``expr`` itself, or for a list or object the expressions inside it at any depth, each
    with its label (``argument tracking[0]``)."""
    if isinstance(expr, ListExpr):
        return [leaf for i, e in enumerate(expr.items) for leaf in leaf_exprs(e, f"{label}[{i}]")]
    if isinstance(expr, DictExpr):
        return [leaf for k, e in expr.entries for leaf in leaf_exprs(e, f"{label}[{k!r}]")]
    return [(label, expr)]


def statement_exprs(stmt: Statement) -> list[Expr]:
    """Every expression a statement evaluates (arguments, return values, compute code)."""
    if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, CodeExpr):
        return [stmt.value]
    if isinstance(stmt, Guard | If):
        return [stmt.condition]
    if isinstance(stmt, Loop):
        return [stmt.iterable, *(e for _, e in stmt.also)]
    if isinstance(stmt, Until):
        return [stmt.element, stmt.turn]
    return [e for _, e in argument_exprs(stmt)]


def map_arguments(stmt: Statement, rewrite: Rewrite) -> Statement:
    """``stmt`` with ``rewrite`` applied to each call argument or return value; a list or
    object that ``rewrite`` leaves alone has it applied to its items (``argument ids[0]``)."""

    def apply(expr: Expr, label: str) -> Expr:
        new = rewrite(expr, label)
        if new is not expr:
            return new
        if isinstance(expr, ListExpr):
            items = tuple(apply(e, f"{label}[{i}]") for i, e in enumerate(expr.items))
            return expr.model_copy(update={"items": items})
        if isinstance(expr, DictExpr):
            entries = tuple((k, apply(e, f"{label}[{k!r}]")) for k, e in expr.entries)
            return expr.model_copy(update={"entries": entries})
        return expr

    if isinstance(stmt, Return):
        if stmt.fields is not None:
            fields = {k: apply(v, f"output {k}") for k, v in stmt.fields.items()}
            return stmt.model_copy(update={"fields": fields})
        if stmt.value is not None:
            return stmt.model_copy(update={"value": apply(stmt.value, "result")})
        return stmt
    if isinstance(stmt, Guard | Loop | If | Until):
        return stmt
    if isinstance(stmt.value, Call):
        kwargs = {k: apply(v, f"argument {k}") for k, v in stmt.value.kwargs.items()}
        return stmt.model_copy(update={"value": stmt.value.model_copy(update={"kwargs": kwargs})})
    return stmt


def map_arguments_noting(
    stmt: Statement, rewrite: Callable[..., Expr], **context: Any
) -> Statement:
    """:func:`map_arguments` with ``rewrite(expr, label, step=..., notes=..., **context)``: the
    notes ``rewrite`` appends become comments of the statement."""
    notes: list[str] = []
    new = map_arguments(stmt, partial(rewrite, step=stmt.step, notes=notes, **context))
    return new.model_copy(update={"notes": (*new.notes, *notes)}) if notes else new


def names_read(stmt: Statement) -> set[str]:
    """Every variable name a statement may read (a superset for compute code: any name in it)."""
    found: set[str] = set()
    for expr in statement_exprs(stmt):
        found |= expr_names(expr)
    if isinstance(stmt, Loop | If | Until):
        for inner in stmt.body:
            found |= names_read(inner)
    if isinstance(stmt, If):
        for inner in stmt.orelse:
            found |= names_read(inner)
    return found


def read_later(statements: list[Statement] | tuple[Statement, ...]) -> list[bool]:
    """For each statement, whether it is an assignment whose variable a later statement reads
    before the variable is assigned again: one backward pass (a liveness analysis), so a pass
    asking it of every assignment stays linear in the recipe's length."""
    flags = [False] * len(statements)
    live: set[str] = set()  # names some later statement reads before reassigning them
    for i in range(len(statements) - 1, -1, -1):
        stmt = statements[i]
        if isinstance(stmt, Assign):
            flags[i] = stmt.var in live
            live.discard(stmt.var)
        live |= names_read(stmt)
    return flags


def expr_names(expr: Expr) -> set[str]:
    if isinstance(expr, RefExpr):
        return {expr.name}
    if isinstance(expr, FStringExpr):
        return {p.name for p in expr.parts if isinstance(p, RefExpr)}
    if isinstance(expr, CodeExpr):
        return {n.id for n in ast.walk(parse_code(expr.source)) if isinstance(n, ast.Name)}
    if isinstance(expr, ListExpr | DictExpr):
        return set().union(*(expr_names(e) for _, e in leaf_exprs(expr, "")))
    if isinstance(expr, LocatorExpr):  # an element found by data (see the locator_data pass)
        sources = [c.text_from for c in expr.candidates if c.text_from]
        sources += [c.row.also_from for c in expr.candidates if c.row and c.row.also_from]
        return set().union(*(expr_names(s) for s in sources))
    return set()


def code_bound_names(stmts: tuple[Statement, ...] | list[Statement]) -> set[str]:
    """Names compute expressions bind (comprehension variables), which a variable must not take:
    it would be captured inside the expression."""
    found: set[str] = set()
    for stmt in stmts:
        for expr in statement_exprs(stmt):
            if isinstance(expr, CodeExpr):
                for node in ast.walk(parse_code(expr.source)):
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        found.add(node.id)
                    elif isinstance(node, ast.arg):
                        found.add(node.arg)
    return found


# --------------------------------------------------------------------------- renaming


def rename_expr(expr: Expr, current: dict[str, str]) -> Expr:
    """``expr`` with every variable renamed by ``current`` (names not in it are kept)."""
    if isinstance(expr, RefExpr):
        return rename_ref(expr, current)
    if isinstance(expr, FStringExpr):
        parts = tuple(rename_ref(p, current) if isinstance(p, RefExpr) else p for p in expr.parts)
        return expr.model_copy(update={"parts": parts})
    if isinstance(expr, CodeExpr):
        return rename_code(expr, current)
    if isinstance(expr, ListExpr):
        return expr.model_copy(update={"items": tuple(rename_expr(e, current) for e in expr.items)})
    if isinstance(expr, DictExpr):
        entries = tuple((k, rename_expr(e, current)) for k, e in expr.entries)
        return expr.model_copy(update={"entries": entries})
    if isinstance(expr, LocatorExpr) and any(c.text_from for c in expr.candidates):
        return expr.model_copy(
            update={"candidates": tuple(_rename_candidate(c, current) for c in expr.candidates)}
        )
    return expr


def _rename_candidate(candidate: LocatorCandidate, current: dict[str, str]) -> LocatorCandidate:
    """A candidate with the variables its texts are built from renamed."""
    if candidate.text_from is None:
        return candidate
    update: dict[str, Any] = {"text_from": rename_expr(candidate.text_from, current)}
    if candidate.row is not None and candidate.row.also_from is not None:
        also = rename_expr(candidate.row.also_from, current)
        update["row"] = candidate.row.model_copy(update={"also_from": also})
    return candidate.model_copy(update=update)


def rename_ref(ref: RefExpr, current: dict[str, str]) -> RefExpr:
    new = current.get(ref.name, ref.name)
    return ref if new == ref.name else ref.model_copy(update={"name": new})


def rename_code(code: CodeExpr, current: dict[str, str]) -> CodeExpr:
    mapping = {n: current[n] for n in code.names if n in current and current[n] != n}
    if not mapping:
        return code
    from compiler.expr import rename_expression

    try:
        source = rename_expression(code.source, mapping)
    except ExpressionError as exc:
        raise CompileError(f"internal error: cannot rename variables in a compute: {exc}") from None
    return CodeExpr(source=source, names=tuple(mapping.get(n, n) for n in code.names))


def rename_statement(stmt: Statement, current: dict[str, str]) -> Statement:
    """``stmt`` reading renamed variables (its own target is left to the caller)."""
    if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, CodeExpr):
        return stmt.model_copy(update={"value": rename_code(stmt.value, current)})
    if isinstance(stmt, Guard):  # a guard an early pass wrote, over the recorded names
        return stmt.model_copy(update={"condition": rename_code(stmt.condition, current)})
    return map_arguments(stmt, lambda e, _label: rename_expr(e, current))
