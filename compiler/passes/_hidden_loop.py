"""Loops that read each item and act on some, where the model decided in its head.

The recording looked every item of a list up and acted on some of them (or acted one way on
some and another way on the others), with no ``compute`` to show why ("c2 does not allow
marketing; I look up c3")::

    customer = get_customer(customer_id=segment[0]); send_offer(to=customer.email)
    customer2 = get_customer(customer_id=segment[1])
    customer3 = get_customer(customer_id=segment[2]); send_offer(to=customer3.email)

The rule is inferred over the looked-up records, as a filter's is over a list's items
(:func:`compiler.passes._predicates.choose`: a field the words name, a flag, a word, a
comparison with a constant or an input), and written in as the decision the model kept in its
head; the loop is then the one :mod:`._decided` builds for a ``compute``, with its guards::

    for segment_item in segment:
        customer = get_customer(customer_id=segment_item)
        allows_marketing = customer.marketing_ok
        if allows_marketing:
            send_offer(to=customer.email)

Only where the rule is plain: a rule only the recording shows (no word names its field or
value) is no reason, so no loop rolls; nor where the model had something no statement reads (an
input ``exclude``, a do-not-contact list it looked up), which it may have decided on too; where
several rules fit, each item goes on only where they agree (a guard in the loop, before its
effect); where the list's items themselves hold a field that also tells the acted items apart,
the two may disagree, so no loop rolls; the fields the rule reads must hold values of the kinds
the recording saw.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from compiler.ir import LiteralExpr
from compiler.passes._decided import _build, _reads_only, _run
from compiler.passes._guard_kit import agreement_guard, fields_guard
from compiler.passes._loops import MAX_BODY, _names_an_item, _shape
from compiler.passes._predicates import MAX_CANDIDATES, Predicate, choose
from compiler.passes._scope import _code, _Scope
from compiler.passes._values import value_of
from compiler.passes._walk import names_read
from compiler.passes.data_flow import access_of
from compiler.recipe_ir import Assign, Call, ExprStmt, Loop, Statement

Built = tuple[list[Statement], int, list[Statement]]

_PLACEHOLDER = "looked_up_"
"""The name the rules are inferred under, renamed to each repetition's own result."""


def hidden_decided_loop(statements: list[Statement], i: int, scope: _Scope) -> Built | None:
    """The loop from statement ``i`` that looks each item up and acts on those a rule over
    what it read selects (see the module)."""
    if not _lookup(statements[i]):
        return None
    for m in range(1, MAX_BODY - 1):
        found = _with_decisions(statements, i, m, scope)
        if found is None:
            continue
        augmented, written, rules, records, selected = found
        reps = _run(augmented, i, m + 1, scope)
        if reps is None or sum(1 for _, d, _ in reps if d) != len(selected):
            _forget(scope, written)
            continue
        built = _build(augmented, i, m + 1, reps, scope)
        if built is None:
            _forget(scope, written)
            continue
        new, used, rest = built
        loop = next(s for s in new if isinstance(s, Loop))
        if _items_tell_apart(loop, statements, i, selected, len(reps), scope):
            _forget(scope, written)
            return None
        new = [_guarded(loop, rules, records, m) if s is loop else s for s in new]
        return new, used - len(written), rest
    return None


def _lookup(stmt: Statement) -> bool:
    return _reads_only(stmt) and isinstance(stmt, Assign) and isinstance(stmt.value, Call)


def _with_decisions(
    statements: list[Statement], i: int, m: int, scope: _Scope
) -> tuple[list[Statement], list[Assign], list[Predicate], list[Any], set[int]] | None:
    """The statements with the decision the model kept in its head written in after each
    repetition's lookups (its recorded result known to ``scope``), the decisions, the rules
    (the first is the decision's), the records they were inferred over and the repetitions
    that acted; ``None`` unless every repetition looked up alike and some acted, some not."""
    prefix = statements[i : i + m]
    shapes = [_shape(s) for s in prefix]
    if len(prefix) < m or not all(_lookup(s) for s in prefix):
        return None
    starts: list[int] = []
    gaps: list[list[Statement]] = []
    at = i
    while [_shape(s) for s in statements[at : at + m]] == shapes and all(
        _lookup(s) for s in statements[at : at + m]
    ):
        starts.append(at)
        at += m
        gap_start = at
        while at < len(statements) and _shape(statements[at]) not in (None, shapes[0]):
            at += 1
        gaps.append(statements[gap_start:at])
        if at >= len(statements) or _shape(statements[at]) != shapes[0]:
            break
    if len(starts) < 2:
        return None
    # What the repetitions did after their lookups: one kind of calls or nothing (one side
    # acts), or one of two kinds every time (both sides act, one way each): two actions, or
    # one action given one of two words ("certified" / "as-is").
    kind = _kind_by(gaps)
    kinds: list[list[Any]] = []
    for gap in gaps[:-1]:
        shapes_done = [kind(s) for s in gap]
        if gap and shapes_done not in kinds:
            kinds.append(shapes_done)
    if not kinds or len(kinds) > 2:
        return None
    if len(kinds) == 2 and any(not gap for gap in gaps[:-1]):
        return None  # two kinds of calls and nothing: three ways, no one rule
    acted: list[bool] = []
    for n, gap in enumerate(gaps):
        done = [kind(s) for s in gap]
        if n + 1 < len(gaps):
            acted.append(done == kinds[0])
            continue
        # The last: what follows it may be the loop's or what comes after it.
        fits = [k for k in kinds if done[: len(k)] == k]
        if len(kinds) == 2 and len(fits) != 1:
            return None
        acted.append(bool(fits) and fits[0] == kinds[0])
    if all(acted) or not any(acted):
        return None
    selected = {n for n, a in enumerate(acted) if a}
    last = prefix[-1]
    assert isinstance(last, Assign)
    records = [scope.result_of(statements[s + m - 1])[0] for s in starts]
    if not all(isinstance(r, dict) for r in records):
        return None
    access = access_of(scope.result_of(last)[1], records[0])
    rules = choose(
        records,
        selected,
        var=_PLACEHOLDER,
        access=access,
        inputs=scope.inputs,
        text=scope.text,
        description=scope.told,
    )
    if not rules or len(rules) > MAX_CANDIDATES or max(r.score for r in rules) == 0:
        return None  # no rule, or one only the recording shows
    # What the model had that nothing reads (an input ``exclude``, a do-not-contact list it
    # looked up) may be what it decided on too: no rule over the lookups says all of it.
    read = set().union(*(names_read(s) for s in statements))
    read |= {n for r in rules for n in re.findall(r"[A-Za-z_]\w*", r.source)}
    recorded = scope.values_at(scope.position_of(statements[i]))
    lookups = [statements[s + p] for s in starts for p in range(m)]
    if any(name not in read for name in scope.inputs) or any(
        isinstance(s, Assign)
        and s.var not in read
        and not _listed_for(s.var, recorded.get(s.var), lookups)
        for s in statements[:i]
    ):
        return None
    flag = (
        rules[0].path[-1] if rules[0].path and rules[0].source.endswith(rules[0].path[-1]) else ""
    )
    name = scope.fresh(flag if flag.isidentifier() else "decided")
    written: list[Assign] = []
    out = list(statements[:i])
    for n, start in enumerate(starts):
        looked_up = statements[start + m - 1]
        assert isinstance(looked_up, Assign)
        source = re.sub(rf"\b{_PLACEHOLDER}\b", looked_up.var, rules[0].source)
        step = scope.written_step(n in selected, looked_up)
        decision = Assign(var=name, value=_code(source), step=step)
        written.append(decision)
        end = starts[n + 1] if n + 1 < len(starts) else start + m
        out.extend([*statements[start : start + m], decision, *statements[start + m : end]])
    out.extend(statements[starts[-1] + m :])
    return out, written, rules, records, selected


def _kind_by(gaps: list[list[Statement]]) -> Callable[[Statement], Any]:
    """How the calls after each repetition's lookups are told apart: by their shape, or where
    every repetition made the same calls, by the words they were given as well, when these
    are two ("certified" for some cars, "as-is" for the others) in one argument: the two ways
    of one action (words apart in two arguments may follow two rules, red team round 55)."""
    if any(not gap for gap in gaps) or len({tuple(_shape(s) for s in gap) for gap in gaps}) != 1:
        return _shape
    worded = {tuple(_worded(s) for s in gap) for gap in gaps}
    if len(worded) != 2:
        return _shape
    one, other = worded
    apart = {
        key
        for (_, mine), (_, theirs) in zip(one, other, strict=True)
        for key in dict(mine).keys() | dict(theirs).keys()
        if dict(mine).get(key) != dict(theirs).get(key)
    }
    if len(apart) != 1:
        return _shape  # (grade and lot both differ: "SUVs go north" is a rule of its own)
    return _worded


def _worded(stmt: Statement) -> Any:
    """A call's shape with the plain words it was given (no digits: ``grade="as-is"``)."""
    words: tuple[tuple[str, str], ...] = ()
    if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
        words = tuple(
            (key, expr.value)
            for key, expr in stmt.value.kwargs.items()
            if isinstance(expr, LiteralExpr)
            and isinstance(expr.value, str)
            and not any(c.isdigit() for c in expr.value)
        )
    return (_shape(stmt), words)


def _listed_for(name: str, value: Any, lookups: list[Statement]) -> bool:
    """Whether a list is the one the lookups were given the items of, by copies (``"R1"``,
    ``"R2"``): the loop goes over it, though no statement names it yet."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(_names_an_item(stmt, name, value) for stmt in lookups)
    )


def _forget(scope: _Scope, written: list[Assign]) -> None:
    for decision in written:
        if decision.step is not None:
            scope.worked_out.pop(decision.step, None)
            scope.positions.pop(decision.step, None)
    if written:
        scope.taken.discard(written[0].var)


def _items_tell_apart(
    loop: Loop, statements: list[Statement], i: int, selected: set[int], count: int, scope: _Scope
) -> bool:
    """Whether the loop's own items are records that a rule of their own tells the acted ones
    apart by too (it may disagree with the rule over what was looked up)."""
    known, items = value_of(loop.iterable, scope.values_at(scope.position_of(statements[i])))
    if not known or not isinstance(items, list) or len(items) != count:
        return True
    if not items or not isinstance(items[0], dict):
        return False
    found = choose(
        items,
        selected,
        var=loop.var,
        access=None,
        inputs=scope.inputs,
        text=scope.text,
        description=scope.told,
    )
    return bool(found)


def _guarded(loop: Loop, rules: list[Predicate], records: list[Any], m: int) -> Loop:
    """The loop with the checks its rule needs before the decision: the fields it reads hold
    values of the recorded kinds, and the rules that fit agree on the item."""
    decision = loop.body[m]
    assert isinstance(decision, Assign)
    looked_up = loop.body[m - 1]
    assert isinstance(looked_up, Assign)
    var = looked_up.var
    sources = [re.sub(rf"\b{_PLACEHOLDER}\b", var, r.source) for r in rules]
    renamed = [
        Predicate(
            source=s,
            named=r.named,
            test=r.test,
            score=r.score,
            halves=r.halves,
            path=r.path,
            compared=r.compared and re.sub(rf"\b{_PLACEHOLDER}\b", var, r.compared),
        )
        for s, r in zip(sources, rules, strict=True)
    ]
    step = next((s for s in loop.steps if s >= 0), None)
    checks: list[Statement] = []
    kinds = fields_guard(step or 0, renamed, f"[{var}]", records)
    if kinds is not None:
        message = kinds.message.replace(f"an item of [{var}]", var)
        checks.append(kinds.model_copy(update={"step": step, "message": message}))
    if len(sources) > 1:
        recorded = (
            f"the recording acted on the items whose {var} these rules select, with no compute "
            "to show which rule it kept"
        )
        agree = agreement_guard(
            step or 0, sources, var, f"[{var}]", which="to act on", recorded=recorded
        )
        agree_on_one = " == ".join(f"({s})" for s in sources)
        checks.append(agree.model_copy(update={"step": step, "condition": _code(agree_on_one)}))
    said = decision.model_copy(
        update={
            "notes": (
                "No compute shows how the recording decided: the rule the words name, which "
                "every item it looked up fits.",
            )
        }
    )
    body = (*loop.body[:m], *checks, said, *loop.body[m + 1 :])
    return loop.model_copy(update={"body": body})
