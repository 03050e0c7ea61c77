"""Loops that decide per item: read the item, decide on it in a ``compute``, act on one side.

The recording looked every item of a list up, decided on each in the same ``compute``
(``get_order_1.total > 100``), and acted only where it came out one way; for the items decided
the other way it went straight on to the next item. Both sides were seen, so both are code::

    refund_order_ids = []
    for order_id in order_ids:
        order = get_order(order_id=order_id)
        compute_1 = order.total > 100
        if compute_1:
            refund(order_id=order.id)
            refund_order_ids.append(order_id)
    return Outputs(refunded=len(refund_order_ids))

A count the model wrote after the loop that equals the items acted on becomes ``len`` of them,
under the rules of any loop's counts (:func:`._loop_uses._counts`). Only the plain shape rolls:
every item looked up in order (no filter before the loop), lookups that change nothing before
the decision, the same calls on the acting side each time, reading only the item's own results
and the same outer values (no number written out), and nothing after the loop reading what a
repetition gave. A decision that came out one way for every item is a plain loop's, with its
guard inside (:mod:`._loops`).
"""

from __future__ import annotations

import re
from typing import Any

from compiler.ir import CodeExpr, Expr, LiteralExpr, RefExpr
from compiler.passes._hidden_words import _is_number
from compiler.passes._loop_uses import LoopFacts, _call_name, _counts
from compiler.passes._loops import (
    MAX_BODY,
    _body_shape,
    _build_loop,
    _numbers_passed,
    _positional,
    _shape,
)
from compiler.passes._scope import _code, _Scope, _source
from compiler.passes._values import value_of
from compiler.passes._walk import argument_exprs, leaf_exprs, names_read, rename_statement
from compiler.recipe_ir import Assign, Call, ExprStmt, If, Loop, Statement

Built = tuple[list[Statement], int, list[Statement]]


def decided_loop(statements: list[Statement], i: int, scope: _Scope) -> Built | None:
    """The loop from statement ``i`` whose body decides per item (see the module)."""
    for m in range(2, MAX_BODY):
        run = _run(statements, i, m, scope)
        if run is not None:
            built = _build(statements, i, m, run, scope)
            if built is not None:
                return built
    return None


_Rep = tuple[int, bool, int]
"""One repetition: where it starts, how its decision came out, how many calls it acted with."""


def _run(statements: list[Statement], i: int, m: int, scope: _Scope) -> list[_Rep] | None:
    """The repetitions of an ``m``-statement read-and-decide prefix from ``i``, each followed by
    the acting calls or by nothing, as its decision came out; ``None`` unless both sides came
    out and every repetition of one side acted alike and of the other did nothing."""
    prefix = statements[i : i + m]
    shapes = [_body_shape(s) for s in prefix]
    decision = prefix[-1]
    if len(prefix) < m or None in shapes:
        return None
    if not (isinstance(decision, Assign) and isinstance(decision.value, CodeExpr)):
        return None
    if not all(_reads_only(s) for s in prefix[:-1]):
        return None
    starts: list[tuple[int, bool]] = []
    at = i
    while [_body_shape(s) for s in statements[at : at + m]] == shapes:
        decided = scope.result_of(statements[at + m - 1])[0]
        if not isinstance(decided, bool):
            return None
        starts.append((at, decided))
        at += m
        while at < len(statements) and _body_shape(statements[at]) != shapes[0]:
            if _shape(statements[at]) is None:
                break
            at += 1
        else:
            continue
        if at >= len(statements) or _body_shape(statements[at]) != shapes[0]:
            break
    if len(starts) < 2 or len({d for _, d in starts}) < 2:
        return None
    # The acting calls: what follows the first repetition that acted and has another after it.
    acting: list[Statement] | None = None
    side = True
    for n, (start, decided) in enumerate(starts[:-1]):
        gap = statements[start + m : starts[n + 1][0]]
        if gap:
            acting, side = gap, decided
            break
    if acting is None or len(acting) > MAX_BODY - m:
        return None
    acting_shapes = [_shape(s) for s in acting]
    if None in acting_shapes or not all(isinstance(c, Assign | ExprStmt) for c in acting):
        return None
    reps: list[_Rep] = []
    for n, (start, decided) in enumerate(starts):
        acts = decided == side
        if n + 1 < len(starts):  # between two repetitions: exactly the acting calls, or nothing
            gap = statements[start + m : starts[n + 1][0]]
            if [_shape(s) for s in gap] != (acting_shapes if acts else []):
                return None  # something else done on a side, or the acting calls on the other
        else:  # the last: its acting calls, or none of them before what follows the loop
            follows = statements[start + m : start + m + len(acting)]
            if ([_shape(s) for s in follows] == acting_shapes) != acts:
                return None
        reps.append((start, decided, len(acting) if acts else 0))
    return reps


def _reads_only(stmt: Statement) -> bool:
    """A statement before the decision: a lookup that changes nothing, or a compute."""
    if isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr):
        return True
    return (
        isinstance(stmt, Assign)
        and isinstance(stmt.value, Call)
        and stmt.value.action.read_only
        and not stmt.notes  # (a list position or an ambiguity data flow flagged)
    )


def _build(
    statements: list[Statement], i: int, m: int, reps: list[_Rep], scope: _Scope
) -> Built | None:
    start_last, _, acted_last = reps[-1]
    end = start_last + m + acted_last
    prefixes = [s for start, _, _ in reps for s in statements[start : start + m]]
    after = statements[end:]
    side = next(d for _, d, n in reps if n)
    acting_reps = [(start, n) for start, d, n in reps if d == side]
    # Each acting repetition's calls, read positionally over its own results.
    blocks = [statements[start : start + m + n] for start, n in acting_reps]
    own_results = [{s.var for s in block if isinstance(s, Assign)} for block in blocks]
    read_results = {s.var for s in prefixes if isinstance(s, Assign)}
    every_result = set().union(*own_results) | read_results
    if any(names_read(s) & every_result for s in after):
        return None  # what a repetition gave is read after the loop
    if len(acting_reps) < 2 and any(_counted(s) for s in after):
        return None  # a number after it: one item acted on says nothing of what it counts
    template: list[Any] | None = None
    for block, own in zip(blocks, own_results, strict=True):
        local = {s.var: p for p, s in enumerate(block) if isinstance(s, Assign)}
        looked_up = _looked_up_by(block[: m - 1])
        shape: list[Any] = []
        for p, stmt in enumerate(block[m:], start=m):
            assert isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)
            for key, expr in stmt.value.kwargs.items():
                if expr in looked_up:  # what the item was looked up by (``$ref ids.2``)
                    shape.append((p, key, ("looked up by", *looked_up[expr])))
                    continue
                for _, leaf in leaf_exprs(expr, f"argument {key}"):
                    if isinstance(leaf, LiteralExpr) and not _plain_word(leaf.value):
                        return None  # a number or a value written out: a choice per item
                    if isinstance(leaf, RefExpr) and leaf.name in every_result - own:
                        return None  # another repetition's result
                shape.append((p, key, _positional(expr, local, p)))
        if any(part[2] is None for part in shape) or (template is not None and shape != template):
            return None
        template = shape
    built = _build_loop(
        [*statements[:i], *prefixes, *after], i, m, len(reps), scope, decided_at=m - 1
    )
    if built is None:
        return None
    new, _, rewritten = built
    loop = next(s for s in new if isinstance(s, Loop))
    if any(isinstance(s, Assign) and isinstance(s.value, CodeExpr) for s in new if s is not loop):
        _release(scope, new)
        return None  # a filter the recording's lookups were chosen by: not this shape
    first = statements[acting_reps[0][0] : acting_reps[0][0] + m]
    names = {
        s.var: t.var
        for s, t in zip(first, loop.body, strict=True)
        if isinstance(s, Assign) and isinstance(t, Assign)
    }
    looked_up = _looked_up_by(first[:-1])
    acting = [
        _read_as_looked_up(rename_statement(s, names), looked_up, loop)
        for s in statements[acting_reps[0][0] + m : acting_reps[0][0] + m + acting_reps[0][1]]
    ]
    decision = loop.body[m - 1]
    assert isinstance(decision, Assign)
    position = scope.position_of(statements[i])
    in_scope = scope.values_at(position)
    known, items = value_of(loop.iterable, in_scope)
    if not known or not isinstance(items, list) or len(items) != len(reps):
        _release(scope, new)
        return None
    action = _call_name(acting[0])
    done = scope.fresh(f"{action}_{_plural(loop.var)}")
    branch = If(
        condition=_code(decision.var if side else f"not {decision.var}"),
        body=tuple(s.model_copy(update={"comment": s.comment}) for s in acting),
        collect=((done, loop.var),),
        notes=(
            f"A decision per item: the recording went on with {decision.var} = {side} for "
            f"{len(acting_reps)} of {len(reps)} items and acted on them, and did nothing for "
            "the others.",
        ),
    )
    body = (*loop.body[:m], branch, *loop.body[m:])
    # (The loop's steps stay its reads and decisions, a repetition's worth each, which the
    # passes after this one stride through; the branch holds the first acting repetition's.)
    last = max(s.step for s in statements[i:end] if s.step is not None)
    comment = loop.comment and re.sub(
        rf"(steps \d+)–{loop.steps[-1]}( of the recording)", rf"\g<1>–{last}\g<2>", loop.comment
    )
    loop = loop.model_copy(update={"body": body, "comment": comment})
    new = [loop if isinstance(s, Loop) else s for s in new]
    holder = loop.iterable.name if isinstance(loop.iterable, RefExpr) else _source(loop.iterable)
    facts = LoopFacts(
        reps=len(acting_reps),
        count_of=done,
        var=loop.var,
        access=scope.item_access(None, items, position) if items else None,
        items=[items[n] for n, (_, d, _) in enumerate(reps) if d == side],
        mine={_call_name(s) for s in acting},
        others={_call_name(s) for s in after if _call_name(s)} - {_call_name(s) for s in acting},
        words=set(),
        description=scope.description,
        whole=_source(loop.iterable),
        size=len(items),
        holder=holder,
        recorded=in_scope.get(holder),
        step=loop.steps[0],
        each=_numbers_passed(list(acting)),
    )
    rewritten = [new_stmt for stmt in rewritten for new_stmt in _counts(stmt, facts)]
    return new, end - i, rewritten


def _looked_up_by(prefix: list[Statement]) -> dict[Expr, tuple[int, str]]:
    """The references the repetition's lookups were given whole, each with where it was given
    (the lookup's position, the keyword): an acting call given the same reads it as they do."""
    found: dict[Expr, tuple[int, str]] = {}
    for p, stmt in enumerate(prefix):
        if isinstance(stmt, Assign) and isinstance(stmt.value, Call):
            for key, expr in stmt.value.kwargs.items():
                if isinstance(expr, RefExpr):
                    found.setdefault(expr, (p, key))
    return found


def _read_as_looked_up(
    stmt: Statement, looked_up: dict[Expr, tuple[int, str]], loop: Loop
) -> Statement:
    """An acting call of the first acting repetition given what its lookup was given, reading
    it as the loop's lookup does (``expense_id=expense_id``)."""
    assert isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)
    kwargs = dict(stmt.value.kwargs)
    for key, expr in kwargs.items():
        if expr in looked_up:
            p, given = looked_up[expr]
            lookup = loop.body[p]
            assert isinstance(lookup, Assign) and isinstance(lookup.value, Call)
            kwargs[key] = lookup.value.kwargs[given]
    return stmt.model_copy(update={"value": stmt.value.model_copy(update={"kwargs": kwargs})})


def _counted(stmt: Statement) -> bool:
    """Whether a statement is given a number written out, or a text holding one."""
    return any(
        isinstance(leaf, LiteralExpr)
        and (_is_number(leaf.value) or (isinstance(leaf.value, str) and _has_digit(leaf.value)))
        for label, expr in argument_exprs(stmt)
        for _, leaf in leaf_exprs(expr, label)
    )


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def decided_var(loop: Loop) -> str | None:
    """The variable a loop of this module's decides each item on (what its branch tests)."""
    assigned = {s.var for s in loop.body if isinstance(s, Assign)}
    for stmt in loop.body:
        if isinstance(stmt, If) and len(stmt.condition.names) == 1:
            (name,) = stmt.condition.names
            if name in assigned:
                return name
    return None


def _plain_word(value: Any) -> bool:
    """A value the same on every item that no choice made: a word or phrase with no digits
    (``reason="over the limit"``), or ``None``."""
    return value is None or (isinstance(value, str) and not _has_digit(value))


def _plural(var: str) -> str:
    return var if var.endswith("s") else f"{var}s"


def _release(scope: _Scope, new: list[Statement]) -> None:
    """Give back the names a loop that is not kept took."""
    for stmt in new:
        if isinstance(stmt, Loop):
            scope.taken.discard(stmt.var)
            for name, _ in stmt.collect:
                scope.taken.discard(name)
        elif isinstance(stmt, Assign):
            scope.taken.discard(stmt.var)
