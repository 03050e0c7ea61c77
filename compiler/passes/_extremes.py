"""Picks the words explain: an item the recording took from a list by position, which is the
one with the lowest (or highest) value of a number field, when the task description says so.

"Book the cheapest carrier" recorded as ``book_carrier(carrier="RoadRunner")`` after
``get_quotes`` returned three quotes: RoadRunner's is the only lowest ``price``, and the
description says "cheapest", so the recipe picks it the same way for any quotes::

    cheapest_quote = lowest(quotes, "price")
    book_carrier(route=route, carrier=cheapest_quote.carrier)

``lowest``/``highest`` (``runtime.expect``) leave through a side exit when the list is empty or
two items share the extreme. A pick is explained only when every value the statement took
from the list sits at one item, that item holds the only extreme of a number field, and the
description's words give the direction (a superlative); several fields that fit equally
become a guard that they pick the same item. The field must be one the description names
("the longest transit in days"; "cheapest" names a price): a number field that merely happens
to hold the extreme explains nothing. Anything else keeps the ``same_as_recorded`` guard of
:mod:`.control_flow`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from compiler.ir import CodeExpr, Expr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.naming import singular
from compiler.passes._predicates import Access, _named, _number
from compiler.passes._scope import _Scope
from compiler.passes._values import is_distinctive, is_integer, json_equal
from compiler.passes._walk import argument_exprs, leaf_exprs, map_arguments
from compiler.recipe_ir import Assign, Guard, Statement

LOWEST, HIGHEST = "lowest", "highest"
"""The runtime helpers a pick calls (``runtime.expect``)."""

_WORDS: dict[str, tuple[str, ...]] = {
    LOWEST: (
        "cheapest",
        "lowest",
        "smallest",
        "fewest",
        "shortest",
        "minimum",
        "earliest",
        "nearest",
        "closest",
    ),
    HIGHEST: (
        "highest",
        "largest",
        "biggest",
        "greatest",
        "maximum",
        "latest",
        "longest",
        "priciest",
    ),
}
"""Superlatives that say which end ("most", "top", "least" say too little of which field)."""

_PRICE_FIELDS = {"price", "cost", "fee", "amount", "total", "rate", "fare"}
"""Fields "cheapest" names without writing them."""


@dataclass(frozen=True)
class Extreme:
    """A pick explained: the statements that make it, and how to read the picked item."""

    holder: str
    index: int
    var: str
    access: Access
    statements: tuple[Statement, ...]
    helpers: tuple[str, ...]


def explain(stmt: Statement, holder: str, scope: _Scope, position: int) -> Extreme | None:
    """The pick of ``stmt`` from ``holder`` as the lowest or highest item, or ``None``."""
    known = scope.at(position).get(holder)
    if known is None:
        return None
    _, items, annotation = known
    if not isinstance(items, list) or len(items) < 2 or not all(isinstance(i, dict) for i in items):
        return None
    index = _picked_index(stmt, holder, items, scope, position)
    if index is None:
        return None
    access = scope.item_access(annotation, items, position)
    if access is None:
        return None
    words = scope.description.lower()
    fits: list[tuple[int, str, str, str]] = []  # (score, helper, field, word)
    for field in items[0]:
        if not isinstance(field, str) or not field.isidentifier():
            continue
        values = [item.get(field) for item in items]
        if not all(_number(v) for v in values):
            continue
        for helper, best in ((LOWEST, min(values)), (HIGHEST, max(values))):
            if values[index] != best or values.count(best) != 1:
                continue
            said = [w for w in _WORDS[helper] if re.search(rf"\b{re.escape(w)}\b", words)]
            if not said:
                continue  # the words do not say which end: no explanation
            named = _named(field, words) or (
                bool(set(said) & {"cheapest", "priciest"}) and field in _PRICE_FIELDS
            )
            if not named:
                continue  # a number field that happens to be the extreme: no explanation
            fits.append((3, helper, field, said[0]))
    if not fits:
        return None
    best_score = max(f[0] for f in fits)
    chosen = [f for f in fits if f[0] == best_score]
    _, helper, field, word = chosen[0]
    item = singular(holder) if singular(holder) != holder else f"{holder}_item"
    var = scope.fresh(f"{word}_{item}".replace("-", "_") if word.isalpha() else item)
    call = f"{helper}({holder}, {literal_source(field)})"
    statements: list[Statement] = [
        Assign(
            var=var,
            value=CodeExpr(source=call, names=(holder,)),
            step=None,
            notes=(
                f"The item the recording picked ({holder}[{index}]) is the only one with "
                f"the {helper} {field}, as '{word}' in the description says.",
            ),
        )
    ]
    helpers = {helper}
    if len(chosen) > 1:
        others = [f"{h}({holder}, {literal_source(f)})" for _, h, f, _ in chosen[1:]]
        helpers |= {h for _, h, _, _ in chosen[1:]}
        statements.append(
            Guard(
                step=stmt.step,
                condition=CodeExpr(
                    source=" and ".join(f"{var} is {o}" for o in others), names=(var, holder)
                ),
                message=(
                    f"these picks all fit the recording but choose different items of "
                    f"{holder} now: {call}, " + ", ".join(others)
                ),
                notes=(f"{len(chosen)} ways to pick from {holder} fit: go on where they agree.",),
                uses=tuple(sorted(h for _, h, _, _ in chosen[1:])),
            )
        )
    return Extreme(holder, index, var, access, tuple(statements), tuple(sorted(helpers)))


def rewrite(stmt: Statement, pick: Extreme, scope: _Scope, position: int) -> Statement:
    """``stmt`` reading the picked item through the pick's variable: ``$ref holder.<i>.f`` and
    copies of the item's distinctive fields become ``<var>.f``."""
    known = scope.at(position).get(pick.holder)
    if known is None:
        return stmt
    item = known[1][pick.index] if isinstance(known[1], list) else None

    def swap(expr: Expr, _label: str) -> Expr:
        if (
            isinstance(expr, RefExpr)
            and expr.name == pick.holder
            and expr.path[:1] == (pick.index,)
        ):
            return RefExpr(name=pick.var, path=expr.path[1:], path_kinds=expr.path_kinds[1:])
        if isinstance(expr, LiteralExpr) and isinstance(item, dict) and is_distinctive(expr.value):
            fields = [k for k, v in item.items() if json_equal(v, expr.value)]
            if len(fields) == 1 and isinstance(fields[0], str):
                kind: Literal["attr", "key"] = (
                    "attr" if pick.access == "attr" and fields[0].isidentifier() else "key"
                )
                return RefExpr(name=pick.var, path=(fields[0],), path_kinds=(kind,))
        return expr

    return map_arguments(stmt, swap)


def _picked_index(
    stmt: Statement, holder: str, items: list[Any], scope: _Scope, position: int
) -> int | None:
    """The one item index every value ``stmt`` took from ``holder`` sits at."""
    found: set[int] = set()
    for label, expr in argument_exprs(stmt):
        for _, leaf in leaf_exprs(expr, label):
            if isinstance(leaf, RefExpr) and leaf.name == holder:
                if not leaf.path or not is_integer(leaf.path[0]):
                    return None  # the list itself, or a field of it: not one item
                index = leaf.path[0]
                assert isinstance(index, int)
                found.add(index)
            elif isinstance(leaf, LiteralExpr) and is_distinctive(leaf.value):
                at = {
                    n
                    for n, item in enumerate(items)
                    if any(json_equal(v, leaf.value) for v in item.values())
                }
                if len(at) > 1:
                    return None  # the value sits at several items: which one is a guess
                found |= at
    if len(found) != 1:
        return None
    index = found.pop()
    return index if 0 <= index < len(items) else None
