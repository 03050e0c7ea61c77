"""Pass ``parameters``: a literal copy of a task input's value becomes a reference to the input.

The model often writes an input's value out (``customer="ACME"``) instead of passing
``{"$ref": "customer"}``; a recipe that hard-codes it would ignore new inputs. Only whole values
that are equal *and* of the same JSON type are replaced, and never values too common to mean
anything (booleans, ``None``, empty containers, strings shorter than two characters).
"""

from __future__ import annotations

import math
from typing import Any

from compiler.ir import Expr, LiteralExpr, RefExpr
from compiler.passes._context import PassContext
from compiler.recipe_ir import Assign, Call, ExprStmt, RecipeIR, Return, Statement


def parameters(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Replace literal arguments equal to a (non-secret) input's recorded value."""
    secret = set(ctx.trace.task.secret_inputs)
    candidates = [
        (name, ctx.trace.inputs[name])
        for name in ir.task.inputs
        if name in ctx.trace.inputs
        and name not in secret
        and is_distinctive(ctx.trace.inputs[name])
    ]
    if not candidates:
        return ir, []
    changes: list[str] = []
    shadowed: set[str] = set()  # inputs a result variable of the same name has replaced

    def rewrite(expr: Expr, where: str) -> Expr:
        if not isinstance(expr, LiteralExpr) or not is_distinctive(expr.value):
            return expr
        for name, value in candidates:
            if name not in shadowed and json_equal(expr.value, value):
                changes.append(f"{where}: literal {_short(expr.value)} → input {name}")
                return RefExpr(name=name)
        return expr

    statements: list[Statement] = []
    for stmt in ir.statements:
        prefix = f"step {stmt.step}"
        if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
            kwargs = {
                k: rewrite(v, f"{prefix}, argument {k}") for k, v in stmt.value.kwargs.items()
            }
            stmt = stmt.model_copy(
                update={"value": stmt.value.model_copy(update={"kwargs": kwargs})}
            )
        elif isinstance(stmt, Return) and stmt.fields is not None:
            fields = {k: rewrite(v, f"{prefix}, output {k}") for k, v in stmt.fields.items()}
            stmt = stmt.model_copy(update={"fields": fields})
        elif isinstance(stmt, Return) and stmt.value is not None:
            stmt = stmt.model_copy(update={"value": rewrite(stmt.value, f"{prefix}, result")})
        if isinstance(stmt, Assign):
            shadowed.add(stmt.var)
        statements.append(stmt)
    return ir.model_copy(update={"statements": tuple(statements)}), changes


def is_distinctive(value: Any) -> bool:
    """Whether a value is specific enough that an equal literal is surely a copy of it."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return len(value) >= 2
    if isinstance(value, list | dict):
        return len(value) > 0
    return isinstance(value, int | float)


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values that also requires equal types (``1`` ≠ ``1.0`` ≠ ``True``) and
    equal float signs (``0.0`` ≠ ``-0.0``); ``nan`` equals nothing."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(json_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def _short(value: Any, limit: int = 40) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int too long for decimal text
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"
