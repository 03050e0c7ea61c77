"""Pass ``provenance``: where every output and every argument of a changing action comes from.

Each value ``finish`` returns and each argument of an action that is not read-only is classified
as coming from

- an **input** (a parameter of the recipe),
- an **action result** (a variable a call assigned, or a field of one),
- a **compute** (a variable a ``compute`` expression assigned, or inline code), or
- a **constant** the model wrote out that nothing above explains (a compute that reads no
  variable is a constant too).

A constant output means the recipe returns the recorded answer forever, and a constant argument
means every run sends the same thing — often right (``currency="EUR"``), sometimes the model's
head-arithmetic. Each becomes a warning (an error under ``--strict``) and a line in the recipe
header. ``None`` arguments ("not given") are classified but not reported. Runs last, so messages
use the recipe's final names.
"""

from __future__ import annotations

import ast
from typing import Literal

from compiler.ir import (
    CodeExpr,
    DictExpr,
    Expr,
    FStringExpr,
    ListExpr,
    LiteralExpr,
    LocatorExpr,
    RefExpr,
)
from compiler.passes._context import PassContext
from compiler.passes._values import short_repr
from compiler.passes._walk import argument_exprs, expr_names, leaf_exprs, parse_code
from compiler.recipe_ir import (
    Assign,
    Call,
    CompileWarning,
    Guard,
    If,
    Loop,
    RecipeIR,
    Return,
    Until,
    collected,
    walk_statements,
)

Origin = Literal["input", "action result", "compute", "constant", "page element"]

_ENVIRONMENT_CALLS = frozenset({"today", "now", "utcnow"})
"""Methods whose value comes from the clock, not from the model."""


def provenance(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Classify outputs and changing-action arguments; warn about model constants."""
    origins: dict[str, set[Origin]] = {p.name: {"input"} for p in ir.params}
    sources: dict[str, str] = {}  # constant compute variable → its expression
    changes: list[str] = []
    warnings: list[CompileWarning] = []
    constants: list[str] = []
    for stmt in walk_statements(ir.statements):
        if isinstance(stmt, Guard | If | Until):
            continue
        if isinstance(stmt, Loop):
            origins[stmt.var] = classify(stmt.iterable, origins)
            for name, also in stmt.also:
                origins[name] = classify(also, origins)
            for name in collected(stmt):
                origins[name] = {"action result"}
            continue
        checked = isinstance(stmt, Return) or (
            isinstance(stmt.value, Call) and not stmt.value.action.read_only
        )
        if checked:
            for label, expr in argument_exprs(stmt):
                found = classify(expr, origins)
                changes.append(f"step {stmt.step}, {label}: {describe(found)}")
                if found != {"constant"} or (isinstance(expr, LiteralExpr) and expr.value is None):
                    continue
                shown = _constant_text(expr, sources)
                key = label.split(" ", 1)[-1]
                if isinstance(stmt, Return):
                    code, message = (
                        "constant-output",
                        f"output {key!r} is the constant {shown} — this recipe will always "
                        "return it",
                    )
                    constants.append(f"output {key!r} = {shown}")
                else:
                    assert isinstance(stmt.value, Call)
                    action = stmt.value.action.name
                    code, message = (
                        "constant-argument",
                        f"argument {key!r} of {action} is the constant {shown} — every run of "
                        "this recipe passes it",
                    )
                    constants.append(f"{action}({key}={shown}), step {stmt.step}")
                warnings.append(CompileWarning(code=code, message=message, step=stmt.step))
        if isinstance(stmt, Assign):
            if isinstance(stmt.value, Call):
                origins[stmt.var] = {"action result"}
            else:
                reads = classify(stmt.value, origins)
                origins[stmt.var] = {"constant"} if reads == {"constant"} else {"compute"}
                if reads == {"constant"}:
                    sources[stmt.var] = stmt.value.source
    update = {
        "warnings": (*ir.warnings, *warnings),
        "constants": (*ir.constants, *constants),
    }
    return ir.model_copy(update=update), changes


def classify(expr: Expr, origins: dict[str, set[Origin]]) -> set[Origin]:
    """Where the value of ``expr`` comes from, given the origins of the variables in scope."""
    if isinstance(expr, LiteralExpr):
        return {"constant"}
    if isinstance(expr, LocatorExpr):
        return {"page element"}
    if isinstance(expr, RefExpr):
        return set(origins.get(expr.name, {"action result"}))
    if isinstance(expr, ListExpr | DictExpr):
        leaves = [classify(e, origins) for _, e in leaf_exprs(expr, "")]
        return set().union(*leaves) if leaves else {"constant"}
    if isinstance(expr, FStringExpr):
        found: set[Origin] = set()
        for part in expr.parts:
            if isinstance(part, RefExpr):
                found |= origins.get(part.name, {"action result"})
        return found or {"constant"}
    assert isinstance(expr, CodeExpr)
    found = set()
    for name in expr_names(expr):
        found |= origins.get(name, set())
    if found - {"constant"} or _reads_clock(expr):
        return {"compute"}
    return {"constant"}


def describe(found: set[Origin]) -> str:
    """``input``, ``compute``, ``input + action result`` … for ``--explain``."""
    order = ["input", "action result", "compute", "page element", "constant"]
    return " + ".join(o for o in order if o in found)


def _reads_clock(code: CodeExpr) -> bool:
    return any(
        isinstance(node, ast.Attribute) and node.attr in _ENVIRONMENT_CALLS
        for node in ast.walk(parse_code(code.source))
    )


def _constant_text(expr: Expr, sources: dict[str, str]) -> str:
    if isinstance(expr, LiteralExpr):
        return short_repr(expr.value)
    if isinstance(expr, CodeExpr):
        return short_repr(expr.source, 60)
    if isinstance(expr, RefExpr) and expr.name in sources:
        return f"{expr.name} = {short_repr(sources[expr.name], 60)[1:-1]}"
    if isinstance(expr, FStringExpr):
        return short_repr("".join(p for p in expr.parts if isinstance(p, str)))
    return "a constant"
