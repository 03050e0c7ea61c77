"""Values a loop that decides per item read, copied after it (:mod:`._decided`).

The model looked each item up, acted on some, and then wrote what it read of those items out
by hand (``finish(sent_to=["ana@x.io", "cy@x.io"])``, ``km=[12000, 15500]``). A list of texts
or numbers written so, equal in order to one field of what one side's repetitions looked up
(and to no other field nor side), is that field collected on that side::

    for segment_item in segment:
        customer = get_customer(customer_id=segment_item)
        if customer.marketing_ok:
            send_offer(to=customer.email)
            emails.append(customer.email)
    return Outputs(sent_to=emails)

Any other text a repetition read or was given, written after the loop, is one item's and
holds only while the list is what the recording saw (:func:`texts_read`, which the counts
after the loop guard with).
"""

from __future__ import annotations

from typing import Any

from compiler.ir import CodeExpr, Expr, ListExpr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.naming import singular
from compiler.passes._decided_counts import _plural
from compiler.passes._scope import _Scope, _source
from compiler.passes._values import value_of
from compiler.passes._walk import map_arguments
from compiler.passes.data_flow import access_of
from compiler.recipe_ir import Assign, Call, Loop, Statement

Side = tuple[bool, list[tuple[int, int]]]
"""One acting side: how its decision came out, and its repetitions (start, calls)."""


def texts_read(
    statements: list[Statement], reps: list[tuple[int, bool, int]], m: int, scope: _Scope
) -> frozenset[str]:
    """Every text inside what the repetitions' statements gave (lookups and acting calls)."""
    found: set[str] = set()
    for start, _, n in reps:
        for stmt in statements[start : start + m + n]:
            _texts(scope.result_of(stmt)[0], found)
    return frozenset(found)


def _texts(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, dict):
        for inner in value.values():
            _texts(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _texts(inner, found)


def collect_copies(
    after: list[Statement],
    statements: list[Statement],
    m: int,
    sides: list[Side],
    body_vars: dict[int, str],
    scope: _Scope,
) -> tuple[list[Statement], dict[bool, list[tuple[str, str]]]]:
    """``after`` with each list of texts written out that is one side's field read as the
    collected list, and the lists each side collects (name, what it appends)."""
    fields: list[tuple[bool, str, list[Any]]] = []  # (side, what it appends, its values)
    for side, reps in sides:
        for p, var in body_vars.items():
            records = [scope.result_of(statements[start + p])[0] for start, _ in reps]
            if not records or not all(isinstance(r, dict) for r in records):
                continue
            access = access_of(scope.result_of(statements[reps[0][0] + p])[1], records[0])
            if access is None:
                continue
            for key in records[0]:
                if not isinstance(key, str) or not key.isidentifier():
                    continue
                values = [r.get(key) for r in records]
                if all(isinstance(v, str) or _number(v) for v in values):
                    read = f"{var}.{key}" if access == "attr" else f"{var}[{key!r}]"
                    fields.append((side, read, values))
        # What each lookup was given (the item itself, ``van_id=vans[k]``): first, as the
        # item is what the model acted on by it.
        for p in body_vars:
            lookup = statements[reps[0][0] + p]
            assert isinstance(lookup, Assign) and isinstance(lookup.value, Call)
            in_scope = scope.values_at(scope.position_of(statements[reps[0][0]]))
            for key in lookup.value.kwargs:
                given = []
                for start, _ in reps:
                    stmt = statements[start + p]
                    assert isinstance(stmt, Assign) and isinstance(stmt.value, Call)
                    known, value = value_of(stmt.value.kwargs[key], in_scope)
                    given.append(value if known else None)
                if all(isinstance(v, str) or _number(v) for v in given):
                    fields.insert(0, (side, f"{_GIVEN}{p}:{key}", given))
    collects: dict[bool, list[tuple[str, str]]] = {}
    names: dict[str, str] = {}

    def rewrite(expr: Expr, label: str) -> Expr:
        if isinstance(expr, LiteralExpr) and isinstance(expr.value, list):
            written = expr.value
        elif isinstance(expr, ListExpr) and all(isinstance(e, LiteralExpr) for e in expr.items):
            written = [e.value for e in expr.items if isinstance(e, LiteralExpr)]
        else:
            return expr
        if not written:
            return expr
        fits = [(side, read) for side, read, values in fields if _same(values, written)]
        if len({side for side, _ in fits}) != 1:
            return expr  # (none, or both sides': the guard after keeps it)
        side, read = fits[0]  # (of one side's equal values, what the lookup was given first)
        if read not in names:
            field = read.rsplit(".", 1)[-1].rsplit(":", 1)[-1].strip("[]'\"")
            names[read] = scope.fresh(_plural(singular(field)))
            collects.setdefault(side, []).append((names[read], read))
        return RefExpr(name=names[read])

    return [map_arguments(stmt, rewrite) for stmt in after], collects


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(values: list[Any], written: list[Any]) -> bool:
    """Equal item by item, a number only to a number (``True`` is no ``1``)."""
    return len(values) == len(written) and all(
        ((_number(a) and _number(b)) or type(a) is type(b)) and a == b
        for a, b in zip(values, written, strict=True)
    )


_GIVEN = "given:"
"""What a collected copy appends when it is what a lookup was given: ``given:<position>:<key>``,
read off the loop's lookup once the loop is built (:func:`given_source`)."""


def given_source(read: str, loop: Loop) -> str:
    """What a side collects, as code: ``read`` itself, or the argument the loop's lookup is
    given (``van_id`` → ``vans_item``)."""
    if not read.startswith(_GIVEN):
        return read
    p, key = read[len(_GIVEN) :].split(":", 1)
    lookup = loop.body[int(p)]
    assert isinstance(lookup, Assign) and isinstance(lookup.value, Call)
    expr = lookup.value.kwargs[key]
    if isinstance(expr, LiteralExpr):
        return literal_source(expr.value)
    assert isinstance(expr, RefExpr | CodeExpr)
    return _source(expr)
