"""The order in which the ``control_flow`` pass rolls loops (:mod:`._loops` builds each)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from compiler.ir import CodeExpr, RefExpr
from compiler.passes._loops import _best_loop, _names_an_item
from compiler.passes._scope import _Scope, _source
from compiler.passes._walk import names_read, rename_statement
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    If,
    Loop,
    Statement,
    Until,
    collected,
    walk_statements,
)

Builder = Callable[[list[Statement], int, _Scope], "Built | None"]
"""Builds the loop that starts at a statement: (its statements, how many recorded statements
it replaces, the statements after it rewritten), or ``None``."""

Built = tuple[list[Statement], int, list[Statement]]


def _roll(
    statements: list[Statement],
    scope: _Scope,
    changes: list[str],
    others: Sequence[Builder] = (),
    start: int = 0,
    later_first: bool = True,
) -> list[Statement]:
    """Loops from repetition, from statement ``start`` on: at each statement the loop that
    covers the most, of :func:`_best_loop` and ``others`` (the first of equal ones). Where no
    loop rolls because a later statement holds a value of one repetition, the loops after it
    roll first, then it is tried again (:func:`_later_loops_first`)."""
    out: list[Statement] = list(statements[:start])
    i = start
    while i < len(statements):
        scope.copied_later = False
        rolled = _loop_at(statements, i, scope, others)
        if rolled is None and later_first and scope.copied_later:
            retried = _later_loops_first(statements, i, scope, changes, others)
            if retried is not None:
                statements, rolled = retried
        if rolled is None:
            out.append(statements[i])
            i += 1
            continue
        new, used, rest = rolled
        scope.helpers |= {u for s in (*new, *rest) if isinstance(s, Guard) for u in s.uses}
        out.extend(new)
        statements = statements[: i + used] + rest
        i += used
        loop = next(s for s in new if isinstance(s, Loop))
        steps = ", ".join(str(s) for s in loop.steps if s >= 0)
        branch = next((b for b in loop.body if isinstance(b, If) and b.collect), None)
        acting = (
            f"; acts one way where {branch.condition.source}, another where not"
            if branch is not None and branch.orelse_collect
            else (
                f"; acts only where {branch.condition.source}, as the recording did on some items"
                if branch is not None
                else ""
            )
        )
        changes.append(
            f"steps {steps}: rolled into a loop over {_source(loop.iterable)} "
            f"(for {loop.var} in …, {len(loop.body)} statement(s) per item{acting})"
        )
    return out


def _redoes(new: list[Statement], before: list[Statement], scope: _Scope) -> bool:
    """Whether a loop would go over items the recording already gave one of its actions
    before it (outside it): a loop over a whole list, rolled from the last calls, would act on
    them again, or leave them out by a rule the recording never showed. No such loop."""
    loop = next(s for s in new if isinstance(s, Loop))
    actions = {
        (s.value.action.module, s.value.action.qualname)
        for s in walk_statements(loop.body)
        if isinstance(s, Assign | ExprStmt) and isinstance(s.value, Call)
    }
    earlier = [
        s
        for s in before
        if isinstance(s, Assign | ExprStmt)
        and isinstance(s.value, Call)
        and (s.value.action.module, s.value.action.qualname) in actions
    ]
    if not earlier:
        return False
    read = set().union(*(names_read(s) for s in new))
    known = scope.at(scope.position_of(loop))
    for name in read:
        value = known.get(name, (None, None))[1]
        if (
            isinstance(value, list)
            and value
            and any(_names_an_item(s, name, value) for s in earlier)
        ):
            return True
    return False


def _loop_at(
    statements: list[Statement], i: int, scope: _Scope, others: Sequence[Builder]
) -> Built | None:
    built = [b(statements, i, scope) for b in (_best_loop, *others)]
    options = [b for b in built if b is not None and not _redoes(b[0], statements[:i], scope)]
    return max(options, key=lambda b: b[1]) if options else None


def _later_loops_first(
    statements: list[Statement],
    i: int,
    scope: _Scope,
    changes: list[str],
    others: Sequence[Builder],
) -> tuple[list[Statement], Built] | None:
    """The statements with the loops after ``i`` rolled, and the loop at ``i`` that then rolls;
    ``None`` (and nothing changed) when none does. A model that acts on some items by ``$ref``
    and then again on the same items by copies ("log each reminder": ``'A-1'``, ``'A-3'``)
    wrote values of single items after the first run of calls, which no loop over it could
    repeat; once the second run is a loop over the items, the first rolls too."""
    saved = (set(scope.taken), set(scope.explained), set(scope.helpers), set(scope.looped))
    later: list[str] = []
    rolled_later = _roll(statements, scope, later, others, start=i + 1, later_first=False)
    rolled = _loop_at(rolled_later, i, scope, others) if later else None
    if rolled is None:
        scope.taken, scope.explained, scope.helpers, scope.looped = saved
        return None
    changes.extend(later)
    new, used, rest = rolled
    shared_new, shared_rest = _one_selection(new, rest, scope)
    return rolled_later, (shared_new, used, shared_rest)


def _one_selection(
    new: list[Statement], rest: list[Statement], scope: _Scope
) -> tuple[list[Statement], list[Statement]]:
    """The loop rolled second, and the one rolled first after it, going over one selection
    when both made the same one (``unpaid_invoices``, once, then two loops over it), as a
    person writes it; the statements unchanged otherwise."""
    mine = _selection(new)
    later = _selection(rest)
    if mine is None or later is None:
        return new, rest
    (pick, loop), (their_pick, their_loop) = mine, later
    names = {pick.var: their_pick.var, loop.var: their_loop.var}
    assert isinstance(pick.value, CodeExpr) and isinstance(their_pick.value, CodeExpr)
    if _renamed(pick.value.source, names) != their_pick.value.source:
        return new, rest
    between = rest[: rest.index(their_pick)]
    written = {s.var for s in walk_statements([loop, *between]) if isinstance(s, Assign)}
    loops = [s for s in walk_statements([loop, *between]) if isinstance(s, Loop)]
    written |= {name for s in loops for name in collected(s)}
    if (
        written & set(pick.value.names)
        or any(_mentions(s, names) for s in new if isinstance(s, Guard))
        or any(isinstance(s, Loop | If | Until) for s in loop.body)
    ):
        return new, rest  # the list may differ by then, or other code reads the names
    body = tuple(rename_statement(s, names) for s in loop.body)
    shared = loop.model_copy(
        update={"var": their_loop.var, "iterable": RefExpr(name=their_pick.var), "body": body}
    )
    moved = their_pick.model_copy(update={"comment": pick.comment, "step": pick.step})
    new = [moved if s is pick else shared if s is loop else s for s in new]
    checks = {s.condition.source for s in new if isinstance(s, Guard)}
    rest = [  # (a guard the first loop made already: once is enough)
        s
        for s in rest
        if s is not their_pick
        and not (isinstance(s, Guard) and s in between and s.condition.source in checks)
    ]
    if their_pick.comment and not their_loop.comment:
        said = their_loop.model_copy(update={"comment": their_pick.comment})
        rest = [said if s is their_loop else s for s in rest]
    scope.taken -= {pick.var, loop.var}
    return new, rest


def _selection(statements: list[Statement]) -> tuple[Assign, Loop] | None:
    """The first loop over a selection made just before it (``[x for x in xs if ...]``)."""
    for before, stmt in pairwise(statements):
        if (
            isinstance(stmt, Loop)
            and isinstance(stmt.iterable, RefExpr)
            and isinstance(before, Assign)
            and before.var == stmt.iterable.name
            and isinstance(before.value, CodeExpr)
            and not stmt.also
        ):
            return before, stmt
    return None


def _renamed(source: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        source = re.sub(rf"\b{re.escape(old)}\b", new, source)
    return source


def _mentions(guard: Guard, names: dict[str, str]) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", guard.condition.source) for name in names)
