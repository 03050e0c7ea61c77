"""What a loop's body reads by place, and the lists the model filtered itself (for
:mod:`._loops` and :mod:`._comprehensions`): a compute that reads the n-th item of a list each
repetition (``round(leases[0].rent * 1.03, 2)``, then ``leases[1]``) reads the loop's item
once it rolls; a list the model made with a filtering comprehension (``[c for c in claims if
c.amount <= limit]``) needs no rule again over what it tested."""

from __future__ import annotations

import ast

from compiler.ir import CodeExpr, RefExpr
from compiler.passes._predicates import Predicate
from compiler.recipe_ir import Assign, Statement


def _place(node: ast.Subscript) -> tuple[str, int] | None:
    """``("leases", 2)`` for ``leases[2]``, ``("invoice.items", 0)`` for ``invoice.items[0]``:
    a place in a list (a variable or a field of one) named by a whole number."""
    listed = _dotted(node.value)
    if (
        listed is not None
        and isinstance(node.slice, ast.Constant)
        and type(node.slice.value) is int
        and node.slice.value >= 0
    ):
        return listed, node.slice.value
    return None


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def _places(source: str) -> list[tuple[str, int]]:
    """The places in lists a compute reads by number, in order (``leases[0]``)."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return []
    return [
        found
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript) and (found := _place(node)) is not None
    ]


def _by_place(stmt: Statement) -> bool:
    """A compute that reads a place in a list by number (``round(leases[0].rent * 1.03, 2)``):
    the first statement of a body a loop may roll from, read at the loop's item."""
    return (
        isinstance(stmt, Assign)
        and isinstance(stmt.value, CodeExpr)
        and bool(_places(stmt.value.source))
    )


def _filtered_fields(list_ref: RefExpr, before: list[Statement]) -> set[tuple[str, str]]:
    """What a list the model made with a filtering comprehension (``[c for c in claims if
    c.amount <= limit]``) was filtered by: each test of an item's own field, as (field, what it
    is compared with; ``"flag"`` for a flag read alone); empty for any other list."""
    made = next(
        (s for s in reversed(before) if isinstance(s, Assign) and s.var == list_ref.name), None
    )
    if list_ref.path or made is None or not isinstance(made.value, CodeExpr):
        return set()
    try:
        tree = ast.parse(made.value.source, mode="eval").body
    except SyntaxError:
        return set()
    if not (isinstance(tree, ast.ListComp) and len(tree.generators) == 1):
        return set()
    (gen,) = tree.generators
    if not (isinstance(gen.target, ast.Name) and isinstance(tree.elt, ast.Name)):
        return set()  # (a list of the items themselves only: ``[c for c in ...]``)
    if tree.elt.id != gen.target.id:
        return set()
    found: set[tuple[str, str]] = set()
    for condition in gen.ifs:
        parts = condition.values if isinstance(condition, ast.BoolOp) else [condition]
        if isinstance(condition, ast.BoolOp) and not isinstance(condition.op, ast.And):
            return set()  # (``a or b``: no one test holds of every item)
        for part in parts:
            test = _field_test(part, gen.target.id)
            if test is not None:
                found.add(test)
    return found


def _field_test(node: ast.expr, item: str) -> tuple[str, str] | None:
    """(field, what it is compared with) for ``item.field <op> x``, or (field, ``"flag"``) for
    ``item.field`` and ``not item.field``; ``None`` for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        node = node.operand
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        field = _field_read(node.left, item)
        return None if field is None else (field, ast.unparse(node.comparators[0]))
    field = _field_read(node, item)
    return None if field is None else (field, "flag")


def _field_read(node: ast.expr, item: str) -> str | None:
    if not (isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.value, ast.Name)):
        return None
    if node.value.id != item:
        return None
    if isinstance(node, ast.Attribute):
        return node.attr
    return str(node.slice.value) if isinstance(node.slice, ast.Constant) else None


def _reads_only_fields(predicate: Predicate, tests: set[tuple[str, str]]) -> bool:
    """Whether every part of a rule tests a field against what the model's own filter tested
    it against (``amount`` against ``limit``): a rule the filter said already; one against
    anything else (``amount != 0`` of "never a claim of exactly zero") says more."""
    halves = predicate.halves or (predicate,)
    for half in halves:
        try:
            node = ast.parse(half.source, mode="eval").body
        except SyntaxError:
            return False
        said = {_field_test(node, n.id) for n in ast.walk(node) if isinstance(n, ast.Name)}
        if not said & tests:
            return False
    return bool(tests)
