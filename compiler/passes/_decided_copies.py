"""Values a loop that decides per item read, copied after it (:mod:`._decided`).

The model looked each item up, acted on some, and then wrote what it read of those items out
by hand (``finish(sent_to=["ana@x.io", "cy@x.io"])``, ``km=[12000, 15500]``) or by ``$ref``
(``talk_ids=[get_talk_1.id, get_talk_3.id]``). A list of texts or numbers written so, equal in
order to one field of what one side's repetitions looked up (and to no other side's), or the
same field of every repetition of one side by ``$ref``, is that field collected on that side;
ids equal to what the side's lookups were given (``booked=["V1", "V3"]`` after
``get_van(van_id=vans[k])``) are the side's own items::

    for segment_item in segment:
        customer = get_customer(customer_id=segment_item)
        if customer.marketing_ok:
            send_offer(to=customer.email)
            customer_emails.append(customer.email)
    return Outputs(sent_to=customer_emails)

Any other text a repetition read or was given, and any list or record written out with a
number in it, holds after the loop only while the list is what the recording saw
(:func:`texts_read`; the counts after the loop guard with it).
"""

from __future__ import annotations

import re
from typing import Any

from compiler.ir import CodeExpr, Expr, ListExpr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.naming import singular
from compiler.passes._decided_counts import _plural
from compiler.passes._guard_kit import nonempty_guard
from compiler.passes._hidden_words import every_number
from compiler.passes._scope import _Scope, _source
from compiler.passes._values import value_of
from compiler.passes._walk import argument_exprs, leaf_exprs, map_arguments
from compiler.passes.data_flow import access_of
from compiler.recipe_ir import Assign, Call, ExprStmt, Loop, Statement

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
    collected list, and the lists each side collects (name, what it appends). None where the
    words write a number the loop's decision and calls do not hold ("nominate the accepted
    talks rated 4.5 or higher" beside ``talk.avg_review >= 3.5``): the list written out may
    be the side's items narrowed once more, which the recording cannot tell (every item
    happened to pass). A changing call given a collected list goes on only while it has
    items: the recording never made it with none."""
    decided = " ".join(
        _source(s.value) if isinstance(s.value, CodeExpr) else str(s.value)
        for side, reps in sides
        for start, n in reps[:1]
        for s in statements[start : start + m + n]
        if isinstance(s, Assign | ExprStmt)
    )
    held = every_number(decided) + [v for v in scope.inputs.values() if _number(v)]
    if any(all(abs(n - h) > 1e-9 for h in held) for n in every_number(scope.description)):
        return after, {}
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
    names: dict[tuple[bool, str], str] = {}  # (each side its own list of a field)
    # Where each repetition's lookups stand: their results by name (side, repetition, place).
    where: dict[str, tuple[bool, int, int]] = {}
    for side, reps in sides:
        for n, (start, _) in enumerate(reps):
            for p in body_vars:
                stmt = statements[start + p]
                if isinstance(stmt, Assign):
                    where[stmt.var] = (side, n, p)
    counts = {side: len(reps) for side, reps in sides}

    def referred(expr: ListExpr) -> tuple[bool, str] | None:
        """(side, what it appends) for ``[$ref get_talk_1.id, $ref get_talk_3.id]``: the same
        field of what every repetition of one side looked up, in order."""
        found = [where.get(e.name) if isinstance(e, RefExpr) else None for e in expr.items]
        if not found or any(f is None for f in found):
            return None
        refs = [e for e in expr.items if isinstance(e, RefExpr)]
        sides_of = {f[0] for f in found if f is not None}
        places = {f[2] for f in found if f is not None}
        paths = {(e.path, e.path_kinds) for e in refs}
        order = [f[1] for f in found if f is not None]
        if len(sides_of) != 1 or len(places) != 1 or len(paths) != 1:
            return None
        (side,) = sides_of
        if order != list(range(counts[side])):
            return None  # (not every repetition of the side, in order)
        (p,) = places
        path, kinds = paths.pop()
        return side, _source(RefExpr(name=body_vars[p], path=path, path_kinds=kinds))

    def rewrite(expr: Expr, label: str) -> Expr:
        if isinstance(expr, ListExpr) and expr.items and (got := referred(expr)) is not None:
            side, read = got
            if (side, read) not in names:
                names[side, read] = scope.fresh(_collected_name(read))
                collects.setdefault(side, []).append((names[side, read], read))
            return RefExpr(name=names[side, read])
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
        if (side, read) not in names:
            names[side, read] = scope.fresh(_collected_name(read))
            collects.setdefault(side, []).append((names[side, read], read))
        return RefExpr(name=names[side, read])

    out: list[Statement] = []
    for stmt in after:
        new = map_arguments(stmt, rewrite)
        passed = sorted(set(names.values()) & _names_in(new)) if new is not stmt else []
        changing = (
            isinstance(new, Assign | ExprStmt)
            and isinstance(new.value, Call)
            and not new.value.action.read_only
        )
        if changing and passed:
            assert isinstance(new, Assign | ExprStmt) and isinstance(new.value, Call)
            action = new.value.action.name
            out += [
                nonempty_guard(new.step, name, action, "the items the loop collects")
                for name in passed
            ]
        out.append(new)
    return out, collects


def _names_in(stmt: Statement) -> set[str]:
    return {
        leaf.name
        for label, expr in argument_exprs(stmt)
        for _, leaf in leaf_exprs(expr, label)
        if isinstance(leaf, RefExpr)
    }


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


def _collected_name(read: str) -> str:
    """``customer_emails`` for ``customer.email``, ``talk_ids`` for ``talk["id"]``; for what a
    lookup was given, its keyword (``van_ids`` for ``van_id``)."""
    if read.startswith(_GIVEN):
        return _plural(read.rsplit(":", 1)[-1])
    parts = [p for p in re.split(r"[.\[\]'\"]+", read) if p]
    if len(parts) < 2:
        return _plural(singular(parts[-1] if parts else "value"))
    return _plural(f"{singular(parts[0])}_{parts[-1]}")
