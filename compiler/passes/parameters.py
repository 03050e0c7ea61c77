"""Pass ``parameters``: a literal copy of a task input's value becomes a reference to the input.

The model often writes an input's value out (``customer="ACME"``) instead of passing
``{"$ref": "customer"}``; a recipe that hard-codes it would ignore new inputs. Only whole values
that are equal *and* of the same JSON type are replaced (a literal that merely *contains* an
input becomes an f-string in the ``data_flow`` pass).

Ambiguous matches are never parameterized silently:

- a *short* value (a boolean, a one-digit integer, a one-character string) equal to an input is
  replaced only when the argument (or output) has the input's name — ``express=True`` for the
  input ``express``; otherwise the literal stays, with a comment and an ``ambiguous-input``
  warning;
- a value equal to two or more inputs becomes the input named like the argument if there is
  one, else the first in signature order, with a comment and a warning.

``None``, empty strings and empty containers are never matched: they mean "nothing".
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from compiler.ir import Expr, LiteralExpr, RefExpr
from compiler.passes._context import PassContext
from compiler.passes._walk import map_arguments
from compiler.recipe_ir import Assign, CompileWarning, RecipeIR, Statement


def parameters(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Replace literal arguments equal to a (non-secret) input's recorded value."""
    secret = set(ctx.trace.task.secret_inputs)
    candidates = [
        (name, ctx.trace.inputs[name])
        for name in ir.task.inputs
        if name in ctx.trace.inputs and name not in secret and matchable(ctx.trace.inputs[name])
    ]
    if not candidates:
        return ir, []
    changes: list[str] = []
    warnings: list[CompileWarning] = []
    shadowed: set[str] = set()  # inputs a result variable of the same name has replaced
    statements: list[Statement] = []
    for stmt in ir.statements:
        notes: list[str] = []
        usable = [(n, v) for n, v in candidates if n not in shadowed]
        rewrite = partial(
            _rewrite, usable=usable, step=stmt.step, notes=notes, warnings=warnings, changes=changes
        )
        new = map_arguments(stmt, rewrite)
        if notes:
            new = new.model_copy(update={"notes": (*new.notes, *notes)})
        if isinstance(new, Assign):
            shadowed.add(new.var)
        statements.append(new)
    update = {"statements": tuple(statements), "warnings": (*ir.warnings, *warnings)}
    return ir.model_copy(update=update), changes


def _rewrite(
    expr: Expr,
    label: str,
    *,
    usable: list[tuple[str, Any]],
    step: int | None,
    notes: list[str],
    warnings: list[CompileWarning],
    changes: list[str],
) -> Expr:
    if not isinstance(expr, LiteralExpr) or not matchable(expr.value):
        return expr
    equal = [n for n, v in usable if json_equal(expr.value, v)]
    if not equal:
        return expr
    where = f"step {step}, {label}"
    key = label.split(" ", 1)[-1]
    shown = short_repr(expr.value)
    if not is_distinctive(expr.value):
        if key in equal:
            changes.append(f"{where}: literal {shown} → input {key} (same name)")
            return RefExpr(name=key)
        which = ", ".join(repr(n) for n in equal)
        notes.append(
            f"{key}={shown} equals input {which} but is too short to be sure it is a copy; "
            "kept as written"
        )
        warnings.append(
            CompileWarning(
                code="ambiguous-input",
                message=f"{where}: {shown} equals input {which}, but a value this short may be "
                "a coincidence, so the recipe keeps the literal. Replace it with the parameter "
                "if it should follow the input.",
                step=step,
            )
        )
        changes.append(f"{where}: literal {shown} kept (ambiguous: input {which})")
        return expr
    if len(equal) == 1 or key in equal:
        name = key if key in equal else equal[0]
        changes.append(f"{where}: literal {shown} → input {name}")
        return RefExpr(name=name)
    name = equal[0]
    others = ", ".join(repr(n) for n in equal[1:])
    notes.append(f"{key}={shown} equals inputs {name!r} and {others}; used {name}")
    warnings.append(
        CompileWarning(
            code="ambiguous-input",
            message=f"{where}: {shown} equals the inputs {name!r} and {others}; the recipe uses "
            f"{name}. Check that it is the right one.",
            step=step,
        )
    )
    changes.append(f"{where}: literal {shown} → input {name} (ambiguous: also {others})")
    return RefExpr(name=name)


def matchable(value: Any) -> bool:
    """Whether a literal equal to ``value`` can be a copy of it at all (``None``, ``""`` and
    empty containers mean "nothing" and are never matched)."""
    if value is None:
        return False
    if isinstance(value, str | list | dict):
        return len(value) > 0
    return True


def is_distinctive(value: Any) -> bool:
    """Whether a value is specific enough that an equal literal is surely a copy of it: not a
    boolean, ``None``, an integer between -9 and 9, ``-1.0``/``0.0``/``1.0``, a string shorter
    than two characters or an empty container (small numbers turn up everywhere: a ``3`` typed
    as a page size is no copy of a count that happened to be 3)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return len(value) >= 2
    if isinstance(value, list | dict):
        return len(value) > 0
    if isinstance(value, int):
        return abs(value) >= 10
    if isinstance(value, float):
        return value not in (-1, 0, 1)
    return False


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


def short_repr(value: Any, limit: int = 40) -> str:
    """``repr`` of a JSON value cut to ``limit`` characters (huge ints by their size)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"<an integer of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except ValueError:  # an int too long for decimal text, inside a container
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"
