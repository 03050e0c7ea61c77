"""Comprehensions for the ``control_flow`` pass: an argument listing every item of a list the
same way (``[{"parcel": parcels[0].id, ...}, ...]``) becomes a comprehension over the list."""

from __future__ import annotations

from typing import Any, Literal

from compiler.ir import DictExpr, Expr, ListExpr, LiteralExpr, RefExpr
from compiler.passes._loops import _item_name
from compiler.passes._predicates import Access
from compiler.passes._scope import _code, _Scope
from compiler.passes._values import is_integer
from compiler.passes._walk import map_arguments
from compiler.recipe_ir import Assign, ExprStmt, Return, Statement


def _listed_items(stmt: Statement, scope: _Scope, changes: list[str]) -> Statement:
    """An argument listing every item of a list, in order, each the same way
    (``[{"parcel": parcels[0].id, "kg": parcels[0].kg}, …]``) becomes a comprehension over the
    list (``[{"parcel": parcel.id, "kg": parcel.kg} for parcel in parcels]``)."""
    if not isinstance(stmt, Assign | ExprStmt | Return):
        return stmt
    position = scope.position_of(stmt)

    def rewrite(expr: Expr, label: str) -> Expr:
        if not isinstance(expr, ListExpr) or len(expr.items) < 2:
            return expr
        forms = []
        lists: set[str] = set()
        for n, item in enumerate(expr.items):
            form = _item_form(item, n, lists)
            if form is None:
                return expr
            forms.append(form)
        if len(lists) != 1 or any(f != forms[0] for f in forms):
            return expr
        name = lists.pop()
        known = scope.at(position).get(name)
        if known is None or not isinstance(known[1], list) or len(known[1]) != len(expr.items):
            return expr
        var = scope.fresh(_item_name(RefExpr(name=name)))
        access = scope.item_access(known[2], known[1], position) if known[1] else None
        template = _as_item(expr.items[0], name, var, access)
        from compiler.codegen import expr_source

        code = _code(f"[{expr_source(template)} for {var} in {name}]")
        scope.looped.add(name)
        changes.append(f"step {stmt.step}, {label}: every item of {name} → a comprehension")
        return code

    return map_arguments(stmt, rewrite)


def _item_form(expr: Expr, n: int, lists: set[str]) -> Any:
    """``expr`` with references to item ``n`` of a list made alike; ``None`` when it reads
    another item, or code."""
    if isinstance(expr, RefExpr):
        if expr.path and is_integer(expr.path[0]):
            if expr.path[0] != n:
                return None
            lists.add(expr.name)
            return ("item", expr.name, expr.path[1:], expr.path_kinds[1:])
        return expr
    if isinstance(expr, DictExpr):
        entries = [(k, _item_form(e, n, lists)) for k, e in expr.entries]
        return None if any(f is None for _, f in entries) else ("dict", tuple(entries))
    if isinstance(expr, ListExpr):
        items = [_item_form(e, n, lists) for e in expr.items]
        return None if any(f is None for f in items) else ("list", tuple(items))
    if isinstance(expr, LiteralExpr):
        return expr
    return None


def _as_item(expr: Expr, name: str, var: str, access: Access | None) -> Expr:
    if isinstance(expr, RefExpr) and expr.name == name and expr.path and is_integer(expr.path[0]):
        rest = expr.path[1:]
        kinds: tuple[Literal["attr", "key"], ...] = tuple(
            "attr" if access == "attr" and str(e).isidentifier() else "key" for e in rest
        )
        return RefExpr(name=var, path=rest, path_kinds=kinds)
    if isinstance(expr, DictExpr):
        entries = tuple((k, _as_item(e, name, var, access)) for k, e in expr.entries)
        return expr.model_copy(update={"entries": entries})
    if isinstance(expr, ListExpr):
        items = tuple(_as_item(e, name, var, access) for e in expr.items)
        return expr.model_copy(update={"items": items})
    return expr
