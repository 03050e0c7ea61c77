"""Pass ``drop_unused``: read-only calls whose results nothing reads are left out.

The agent looks around (a lookup it did not need, a listing it only glanced at); a recipe that
repeats those calls only costs time. A call is dropped when its action is declared read-only
(or it is a ``compute``) and no later statement reads its variable before it is assigned again.
Runs after ``data_flow``, which may turn a copied value into a reference that keeps a lookup.
Calls that change something are always kept.
"""

from __future__ import annotations

from compiler.passes._context import PassContext
from compiler.passes._walk import names_read
from compiler.recipe_ir import Assign, Call, ExprStmt, RecipeIR, Return, Statement


def drop_unused(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Remove read-only calls and computes whose results are never read (a backward scan)."""
    live: set[str] = set()
    kept: list[Statement] = []
    changes: list[str] = []
    for stmt in reversed(ir.statements):
        if isinstance(stmt, Assign | ExprStmt) and is_pure(stmt):
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
        kept.append(stmt)
    if not changes:
        return ir, []
    changes.reverse()
    # Notes about a statement that is gone (an ambiguous literal in a dropped lookup) are moot.
    gone = {s.step for s in ir.statements} - {s.step for s in kept}
    warnings = tuple(w for w in ir.warnings if w.step is None or w.step not in gone)
    update = {"statements": tuple(reversed(kept)), "warnings": warnings}
    return ir.model_copy(update=update), changes


def is_pure(stmt: Assign | ExprStmt | Return) -> bool:
    """A statement that only reads: a read-only action or a compute expression."""
    if isinstance(stmt, Return):
        return False
    if isinstance(stmt.value, Call):
        return stmt.value.action.read_only
    return True
