"""Pass ``drop_unused``: read-only calls whose results nothing reads are left out.

The agent looks around (a lookup it did not need, a listing it only glanced at); a recipe that
repeats those calls only costs time. A call is dropped when its action is declared read-only
(or it is a ``compute``) and no later statement reads its variable before it is assigned again.
Runs after ``data_flow``, which may turn a copied value into a reference that keeps a lookup.
Calls that change something are always kept, and so are decisions (a boolean ``compute`` in a
task that changes something): the ``control_flow`` pass guards them.
"""

from __future__ import annotations

from typing import Any

from compiler.ir import LiteralExpr
from compiler.passes._context import PassContext
from compiler.passes._hidden_reads import needed_reads
from compiler.passes._values import is_distinctive
from compiler.passes._walk import argument_exprs, leaf_exprs, names_read
from compiler.recipe_ir import Assign, Call, ExprStmt, RecipeIR, Return, Statement


def drop_unused(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Remove read-only calls and computes whose results are never read (a backward scan)."""
    live: set[str] = set()
    kept: list[Statement] = []
    changes: list[str] = []
    decisions = ctx.decisions() | needed_reads(ir, ctx)  # (the lookups its guards read)
    picked = _list_items(ir, ctx)
    for stmt in reversed(ir.statements):
        refused = isinstance(stmt, ExprStmt) and stmt.refused is not None  # (it decided)
        if (
            isinstance(stmt, Assign | ExprStmt)
            and is_pure(stmt)
            and stmt.step not in decisions
            and not refused
        ):
            var = stmt.var if isinstance(stmt, Assign) else None
            if var is None or var not in live:
                what = (
                    f"call of {stmt.value.action.name}"
                    if isinstance(stmt.value, Call)
                    else "compute expression"
                )
                stored = f" ({var})" if var else ""
                changes.append(f"step {stmt.step}: dropped {what}{stored}: its result is unused")
                continue
        if isinstance(stmt, Assign):
            live.discard(stmt.var)
        live |= names_read(stmt)
        live |= _picked_from(stmt, picked)
        kept.append(stmt)
    if not changes:
        return ir, []
    changes.reverse()
    # Notes about a statement that is gone (an ambiguous literal in a dropped lookup) are moot.
    gone = {s.step for s in ir.statements} - {s.step for s in kept}
    warnings = tuple(w for w in ir.warnings if w.step is None or w.step not in gone)
    update = {"statements": tuple(reversed(kept)), "warnings": warnings}
    return ir.model_copy(update=update), changes


def _list_items(ir: RecipeIR, ctx: PassContext) -> dict[Any, set[str]]:
    """Every distinctive value found inside a list of a recorded result, with the variables
    holding it: a literal the model copied out of a list by position keeps that lookup, which
    the ``control_flow`` pass rolls into a loop or guards."""
    from compiler.passes.data_flow import _walk_lists, json_key

    steps = {s.index: s for s in ctx.trace.steps}
    found: dict[Any, set[str]] = {}
    for stmt in ir.statements:
        if isinstance(stmt, Assign) and stmt.step in steps:
            for _, item in _walk_lists(steps[stmt.step].result):
                key = json_key(item) if is_distinctive(item) else None
                if key is not None:
                    found.setdefault(key, set()).add(stmt.var)
    return found


def _picked_from(stmt: Statement, picked: dict[Any, set[str]]) -> set[str]:
    from compiler.passes.data_flow import json_key

    if not picked:
        return set()
    out: set[str] = set()
    for label, expr in argument_exprs(stmt):
        for _, leaf in leaf_exprs(expr, label):
            if isinstance(leaf, LiteralExpr) and is_distinctive(leaf.value):
                out |= picked.get(json_key(leaf.value), set())
    return out


def is_pure(stmt: Assign | ExprStmt | Return) -> bool:
    """A statement that only reads: a read-only action or a compute expression."""
    if isinstance(stmt, Return):
        return False
    if isinstance(stmt.value, Call):
        return stmt.value.action.read_only
    return True
