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

A *counter*'s integer literal is never replaced, whatever its size or the argument's name: when
the model numbers its calls itself (``stage(i=1)`` … ``stage(i=10)``), ``i=10`` is no copy of
an input ``limit=10``. It stays, with a comment naming the input it equals by coincidence, an
``--explain`` line and no warning. Which keywords are counters is the ``data_flow`` pass's rule
(:func:`~compiler.passes.data_flow.counter_slots`, which data_flow applies to equal results),
computed here on the literals the model wrote; ids and real copies are still replaced: a single
call ``fetch(n=10)`` with the input ``n=10`` becomes ``fetch(n=n)``.

A distinctive value that something else explains too (a result's field, another input, the
description writing it, arithmetic in the reason) still becomes the input, with one guard before
the statement that the others agree (:mod:`._ambiguity`), unless the argument has the input's
name.

``None``, empty strings and empty containers are never matched: they mean "nothing".
"""

from __future__ import annotations

from typing import Any

from compiler.ir import Expr, LiteralExpr, RefExpr
from compiler.passes._ambiguity import Agreement, agreement, agreement_guard, of_constant, of_ref
from compiler.passes._context import PassContext
from compiler.passes._values import (
    is_distinctive,
    is_integer,
    json_equal,
    matchable,
    short_repr,
)
from compiler.passes._walk import map_arguments_noting
from compiler.passes.data_flow import (
    GuardsSeen,
    _in_scope,
    _Index,
    counter_arguments,
    counter_kept,
    counter_slots,
    explanations_of,
)
from compiler.recipe_ir import Assign, Call, CompileWarning, ExprStmt, RecipeIR, Statement


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
    # Only an integer literal can be a counter's: without an integer input, skip the walk.
    counters = counter_slots(ir, ctx) if any(is_integer(v) for _, v in candidates) else set()
    reasons = {s.index: s.reason for s in ctx.trace.steps}
    changes: list[str] = []
    warnings: list[CompileWarning] = []
    shadowed: set[str] = set()  # inputs a result variable of the same name has replaced
    statements: list[Statement] = []
    guarded = GuardsSeen()
    for stmt, index in _in_scope(ir, ctx):
        agreements: list[Agreement] = []
        new = map_arguments_noting(
            stmt,
            _rewrite,
            usable=[(n, v) for n, v in candidates if n not in shadowed],
            counter_labels=counter_arguments(stmt, counters),
            warnings=warnings,
            changes=changes,
            index=index,
            description=ir.task.description,
            reason=reasons.get(-1 if stmt.step is None else stmt.step),
            agreements=agreements,
            changing=isinstance(stmt, Assign | ExprStmt)
            and isinstance(stmt.value, Call)
            and not stmt.value.action.read_only,
        )
        if agreements:
            statements.extend(guarded.new([agreement_guard(stmt.step, agreements)], changes))
        guarded.after(new)
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
    counter_labels: dict[str, str],
    notes: list[str],
    warnings: list[CompileWarning],
    changes: list[str],
    index: _Index,
    description: str,
    reason: str | None,
    agreements: list[Agreement],
    changing: bool = False,
) -> Expr:
    if not isinstance(expr, LiteralExpr) or not matchable(expr.value):
        return expr
    equal = [n for n, v in usable if json_equal(expr.value, v)]
    if not equal:
        return expr
    where = f"step {step}, {label}"
    key = label.split(" ", 1)[-1]
    shown = short_repr(expr.value)
    if label in counter_labels and is_integer(expr.value):
        what = f"input {equal[0]}" if len(equal) == 1 else f"inputs {_and(equal)}"
        note, change = counter_kept(where, label, shown, counter_labels[label], what)
        notes.append(note)
        changes.append(change)
        return expr
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
        if changing:  # (a change given "ann" for the customer ann: another customer stops)
            typed = of_constant(expr.value, "the value the model typed")
            inputs = [of_ref(RefExpr(name=n), f"input {n}") for n in equal]
            ambiguous = agreement(label, shown, typed, inputs)
            if ambiguous is not None:
                agreements.append(ambiguous)
        return expr
    name = key if key in equal else equal[0]
    # An argument named like the input it equals reads by that name (another input of the
    # same value is no rival), but a result that held the same value may be what the model
    # meant ("the invoice's total", equal to the amount only because this customer pays no
    # tax): the two must still agree.
    preferred = of_ref(RefExpr(name=name), f"input {name}")
    found = explanations_of(expr.value, index, description, reason)
    if key in equal:
        found = [e for e in found if e.names and not set(e.names) & set(equal)]
    ambiguous = agreement(label, shown, preferred, found)
    if ambiguous is not None:
        agreements.append(ambiguous)
    if len(equal) == 1 or key in equal:
        changes.append(f"{where}: literal {shown} → input {name}")
        return RefExpr(name=name)
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


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]
