"""The records a loop that decides per item read (split from :mod:`._side_guards`): each
lookup's result per repetition, or the loop's own item where the decision reads it by place
(``permits[0].days_over > 14``), with what the items acted on one way held and what the others
held, for the guards on each side."""

from __future__ import annotations

import re
from typing import Any

from compiler.ir import CodeExpr, RefExpr
from compiler.passes._predicates import Access
from compiler.passes._scope import _Scope
from compiler.passes._values import value_of
from compiler.recipe_ir import Assign, Call, ExprStmt, Loop


def _records(
    loop: Loop,
    rolled: list[Assign | ExprStmt],
    reps: list[tuple[int, ...]],
    acted: list[tuple[int, ...]],
    left: list[tuple[int, ...]],
    scope: _Scope,
) -> list[tuple[str, list[Any], list[Any], Access, dict[str, Access]]]:
    """The records a decision may have read beside what it tests, each as (the variable, what
    the items acted on this way held, what the others held, how its fields are read, how the
    records inside it are read): each lookup's result, or, where the decision reads the loop's
    item by place (``permits[0].days_over > 14``), the item itself."""
    from compiler.passes.data_flow import access_of

    found: list[tuple[str, list[Any], list[Any], Access, dict[str, Access]]] = []
    for p, stmt in enumerate(rolled[:-1]):
        if not (isinstance(stmt, Assign) and isinstance(stmt.value, Call)):
            continue
        results = [_result(scope, rep[p]) for rep in acted]
        first, annotation = scope.result_of(stmt)
        access = access_of(annotation, first)
        if access is None or not all(isinstance(r, dict) for r in results):
            continue
        others = [_result(scope, rep[p]) for rep in left]
        found.append((stmt.var, results, others, access, _nested_access(scope, acted[0][p])))
    items = _items_by_place(loop, rolled, reps, scope)
    decision = rolled[-1]
    if items is not None and all(isinstance(i, dict) for i in items):
        assert isinstance(decision, Assign) and isinstance(decision.value, CodeExpr)
        by_key = re.search(rf"\b{re.escape(loop.var)}\[", decision.value.source) is not None
        results = [items[n] for n, rep in enumerate(reps) if rep in acted]
        others = [items[n] for n, rep in enumerate(reps) if rep in left]
        found.append((loop.var, results, others, "key" if by_key else "attr", {}))
    elif len(rolled) > 1:
        given = _given_item(loop, reps, scope)  # (a record whose field the lookups were given)
        if given is not None:
            items, access = given
            results = [items[n] for n, rep in enumerate(reps) if rep in acted]
            others = [items[n] for n, rep in enumerate(reps) if rep in left]
            found.append((loop.var, results, others, access, {}))
    return found


def _given_item(
    loop: Loop, reps: list[tuple[int, ...]], scope: _Scope
) -> tuple[list[dict[str, Any]], Access] | None:
    """The recorded items of a loop over records whose lookups are given a field of each
    (``get_customer(customer_id=job.customer_id)``), one a repetition, and how their fields
    are read: a side may act on them too, so what they held alike is guarded as a lookup's."""
    if not isinstance(loop.iterable, RefExpr):
        return None
    known, items = value_of(loop.iterable, scope.values_at(scope.position_of(loop)))
    if not known or not isinstance(items, list) or len(items) != len(reps):
        return None
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for stmt in loop.body:
        if isinstance(stmt, Assign) and isinstance(stmt.value, Call):
            for expr in stmt.value.kwargs.values():
                if isinstance(expr, RefExpr) and expr.name == loop.var and expr.path:
                    kind = expr.path_kinds[0] if expr.path_kinds else "attr"
                    return items, "key" if kind == "key" else "attr"
    return None


def _items_by_place(
    loop: Loop, rolled: list[Assign | ExprStmt], reps: list[tuple[int, ...]], scope: _Scope
) -> list[Any] | None:
    """The recorded items of a loop whose decision alone reads its item (no lookup before
    it), one a repetition, in order; ``None`` for any other loop."""
    decision = rolled[-1]
    if len(rolled) != 1 or not isinstance(decision, Assign):
        return None
    if not isinstance(decision.value, CodeExpr) or loop.var not in decision.value.names:
        return None
    if not isinstance(loop.iterable, RefExpr):
        return None
    known, items = value_of(loop.iterable, scope.values_at(scope.position_of(loop)))
    if not known or not isinstance(items, list) or len(items) != len(reps):
        return None
    return items


def _nested_access(scope: _Scope, step: int | None) -> dict[str, Access]:
    """How each field holding a record is read inside, from the step's recorded repr: a model
    (``employee=Employee(...)``) by attribute, a dict (``meta={...}``) by key."""
    found = scope.steps.get(step) if step is not None else None
    shown = found.result_repr if found is not None and found.result_repr else ""
    out: dict[str, Access] = {}
    for match in re.finditer(r"\b([A-Za-z_]\w*)=(?:([A-Z]\w*)\(|(\{))", shown):
        out.setdefault(match.group(1), "attr" if match.group(2) else "key")
    return out


def _result(scope: _Scope, step: int) -> Any:
    if step in scope.worked_out:  # (a decision written in for one made in the head)
        return scope.worked_out[step]
    found = scope.steps.get(step)
    return None if found is None else found.result
