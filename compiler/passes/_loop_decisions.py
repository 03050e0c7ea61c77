"""Hidden decisions of a loop (split from :mod:`compiler.passes._hidden_decisions`): guards
put before a rolled loop, or after it, for what the model decided per item in its head: values
that must stay distinct, a value among several the description offers, a value worked out in the
head for every item, and a change after a loop in a task whose words make it conditional."""

from __future__ import annotations

import re
from typing import Any

from compiler.fingerprint import identity
from compiler.ir import CodeExpr, FStringExpr, LiteralExpr, RefExpr
from compiler.passes._acted_any import relaxed
from compiler.passes._guard_kit import (
    ALL_DISTINCT,
    _changes,
    _condition,
    _guard,
    _read_before,
    _same_guard,
    guard_on,
)
from compiler.passes._hidden_words import (
    _chosen,
    _close,
    _conditional,
    _is_number,
    _number_text,
    _of_the_head,
    alternatives,
    contrasted_words,
    every_number,
    in_digits,
    offered_word,
    quoted_words,
)
from compiler.passes._number_words import comparison_words
from compiler.passes._scope import _canon, _Scope, _source
from compiler.passes._values import short_repr, value_of
from compiler.passes._walk import (
    argument_exprs,
    leaf_exprs,
    statement_exprs,
)
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    If,
    Loop,
    Statement,
    walk_statements,
)


def _distinct_guards(stmt: Loop, scope: _Scope, changes: list[str]) -> list[Guard]:
    """Before a loop whose changing tool call got a different argument value on each of two or
    more recorded iterations, a guard that the values it will pass are still all different (a
    duplicate is an item the recording never showed: "once to each distinct address")."""
    if stmt.also or not isinstance(stmt.iterable, RefExpr):
        return []
    values = scope.values_at(scope.position_of(stmt))
    known, items = value_of(stmt.iterable, values)
    if not known or not isinstance(items, list) or len(items) < 2:
        return []
    assigned = {s.var for s in walk_statements(stmt.body) if isinstance(s, Assign)}
    for call in stmt.body:
        if not _changes(call) or not isinstance(call, Assign | ExprStmt):
            continue
        assert isinstance(call.value, Call)
        if call.value.action.module.startswith("runtime"):
            continue  # (a click's or a fill's arguments are the page's, not a choice)
        varying = _varying(call, stmt.var, assigned)
        if not varying:
            continue
        seen = {
            _canon([value_of(e, {**values, stmt.var: item})[1] for e in varying]) for item in items
        }
        if len(seen) != len(items):
            continue  # (the recording passed a value twice: duplicates are no new situation)
        shown = (
            _source(varying[0]) if len(varying) == 1 else f"({', '.join(map(_source, varying))})"
        )
        action = call.value.action.name
        return _distinct(
            stmt,
            shown,
            changes,
            f"{action} over distinct values",
            f"{action} got a different {shown} on each of the {len(items)} recorded items: a "
            "repeated one may need to be done once, so go on only while they all differ.",
        )
    decides = any(isinstance(b, If) and b.collect for b in stmt.body)
    if decides and len({identity(item) for item in items}) == len(items):
        guards = _distinct(
            stmt,
            stmt.var,
            changes,
            "a loop deciding per item over distinct items",
            f"Each of the {len(items)} items the recording decided on was listed once: one "
            "listed twice would be acted on twice, so go on only while they all differ.",
            value=False,
        )
        for given in _given_fields(stmt, items):
            # (jobs looked up by customer: two jobs of one customer, which the recording never
            # showed, would remind the customer twice or count them twice, red team round 56)
            guards += _distinct(
                stmt,
                given,
                changes,
                "a loop deciding per item, its lookups given distinct values",
                f"Each repetition's lookup was given a different {given}: two items with the "
                "same one the recording never showed, so go on only while they all differ.",
            )
        return guards
    return []


def _given_fields(stmt: Loop, items: list[Any]) -> list[str]:
    """The fields of the loop's item its lookups are given (``job.customer_id``), where the
    recorded items held a different value each."""
    found: list[str] = []
    for s in stmt.body:
        if not (isinstance(s, Assign) and isinstance(s.value, Call) and s.value.action.read_only):
            continue
        for expr in s.value.kwargs.values():
            if not (isinstance(expr, RefExpr) and expr.name == stmt.var and expr.path):
                continue
            held = [value_of(RefExpr(name="x", path=expr.path), {"x": item}) for item in items]
            values = [_canon(v) for known, v in held if known]
            if len(values) == len(items) and len(set(values)) == len(values):
                shown = _source(expr)
                if shown not in found:
                    found.append(shown)
    return found


def _distinct(
    stmt: Loop, shown: str, changes: list[str], change: str, note: str, *, value: bool = True
) -> list[Guard]:
    """``all_distinct(items)`` (:func:`runtime.expect.all_distinct`) before a loop: no item,
    or value passed (``shown``, named in the message where ``value``), twice, nor in another
    case or spacing."""
    assert isinstance(stmt.iterable, RefExpr)
    listed = _source(stmt.iterable)
    values = listed if shown == stmt.var else f"[{shown} for {stmt.var} in {listed}]"
    condition = f"{ALL_DISTINCT}({values})"
    changes.append(f"step {stmt.step}: {change} — {condition}")
    twice = f" ({shown})" if value else ""
    message = f"{listed} holds an item twice{twice}, which the recording never showed"
    return [guard_on(condition, stmt.step, note, message, helper=ALL_DISTINCT)]


def _varying(call: Assign | ExprStmt, var: str, assigned: set[str]) -> list[RefExpr]:
    """The arguments of a call in a loop that read the loop variable (``signup.email``);
    nothing when one reads it otherwise than as a plain reference, or reads a value the
    loop's body works out (no comprehension over the list can say what it passes)."""
    found: list[RefExpr] = []
    for label, expr in argument_exprs(call):
        for _, leaf in leaf_exprs(expr, label):
            if isinstance(leaf, CodeExpr):
                names = set(leaf.names)
            elif isinstance(leaf, RefExpr):
                names = {leaf.name}
            else:
                continue
            if names & assigned or (var in names and not isinstance(leaf, RefExpr)):
                return []
            if isinstance(leaf, RefExpr) and var in names:
                found.append(leaf)
    return found


def _chosen_amount_guards(stmt: Loop, scope: _Scope, changes: list[str]) -> list[Guard]:
    """Before a loop whose changing tool call passes, as written, one of two or more amounts
    the description offers ("5 EUR or 10 EUR, as its customer pays"), or one of the words it
    offers ("standard or express"), a guard that every item is like the recorded ones on each
    field they all agreed on: the same text, the same truth, the same side of each bound the
    words compare (the model chose the value by something in the item, and only items like
    those it saw are known to get it). With no such field, the list must be the recorded
    one."""
    offered = alternatives(scope.description)
    if stmt.also or not isinstance(stmt.iterable, RefExpr):
        return []
    chosen = [
        (call.value.action.name, key, leaf.value)
        for call in walk_statements(stmt.body)
        if _changes(call)
        and isinstance(call, Assign | ExprStmt)
        and isinstance(call.value, Call)
        and not call.value.action.module.startswith("runtime")
        for key, expr in call.value.kwargs.items()
        for _, leaf in leaf_exprs(expr, key)
        if isinstance(leaf, LiteralExpr) and _offered(leaf.value, offered, scope.description)
    ]
    if not chosen:
        return []
    values = scope.values_at(scope.position_of(stmt))
    known, items = value_of(stmt.iterable, values)
    action, key, amount = chosen[0]
    listed = _source(stmt.iterable)
    note = (
        f"The model passed {key}={short_repr(amount)} to {action}, one of the values the "
        "description offers, chosen by something in each item: go on only while every item "
        "is like the recorded ones."
    )
    looks_up = any(
        isinstance(s, Assign) and isinstance(s.value, Call) and s.value.action.read_only
        for s in walk_statements(stmt.body)
    )  # (the choice may rest on what the body looks up per item, not on the item)
    conditions = (
        _like_recorded(stmt, items, scope.description)
        if known and isinstance(items, list) and items and not looks_up
        else None
    )
    if conditions is None:
        names = _read_before(stmt, scope)
        if not names:
            return []
        guard = _same_guard(
            stmt,
            names,
            scope,
            f"{', '.join(names)} changed since the recording chose {key}={short_repr(amount)}",
            note,
        )
        changes.append(f"step {stmt.step}: {key}={short_repr(amount)} chosen — guard {listed}")
        return [guard]
    condition = f"all({' and '.join(conditions)} for {stmt.var} in {listed})"
    changes.append(f"step {stmt.step}: {key}={short_repr(amount)} chosen — {condition}")
    return [
        _guard(
            stmt,
            condition,
            (stmt.iterable.name,),
            f"an item of {listed} is unlike the ones the recording chose {key}="
            f"{short_repr(amount)} for",
            note,
        )
    ]


def _after_loop_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """In a task whose words make anything conditional ("if you escalated any, email the
    lead"), a changing tool call after a loop goes on only while the loop's list is what the
    recording saw: whether and why the model made it after these items, the words tell in
    ways no rule reads safely. Red team rounds 25b to 27 found 50 wrong replays of rules that
    read them: a qualifier before the "if" or in another sentence ("This applies to
    enterprise tickets only", "Enterprise customers have an account manager; if you escalated
    any, email the account manager"), "any of them", a refusal ("if any escalation was
    refused"), a number ("2 or more"), a day ("on Fridays"), a condition after the comma
    ("..., unless the queue is internal"), "whenever"; and the older rule, that each side had
    items, was wrong for all of them."""
    assert isinstance(stmt.value, Call)
    if stmt.value.action.module.startswith("runtime") or not _conditional(scope.description):
        return []
    action = stmt.value.action.name
    guards: list[Guard] = []
    for at, loop in enumerate(emitted):
        if not (isinstance(loop, Loop) and isinstance(loop.iterable, RefExpr)):
            continue
        holder = loop.iterable.name
        eased = relaxed(stmt, at, emitted, scope)
        if eased is not None:
            emitted[at], guard = eased
            if guard is None:
                changes.append(f"step {stmt.step}: {action} after a loop — the model's decision")
                continue  # (guarded as the decision it is, where the model wrote the words' test)
            changes.append(f"step {stmt.step}: {action} after a loop — {guard.condition.source}")
            guards.append(guard)
            continue
        values = scope.values_at(scope.position_of(stmt))
        recorded = _recorded_sources(holder, emitted, values)
        looked_up = _looked_up(loop, scope)
        if looked_up is not None and looked_up[0]:
            # (what it looked up decided too: the same items may read otherwise now)
            name = scope.fresh(f"looked_up_in_{_plain(holder)}")
            collect = (*loop.collect, *((name, var) for var in looked_up[0]))
            loop = emitted[at] = loop.model_copy(update={"collect": collect})
            values = {**values, name: looked_up[1]}
            recorded = [*recorded, name] if recorded else []
        message = (
            f"{' and '.join(recorded or [holder])} {'are' if len(recorded) > 1 else 'is'} not "
            "what the recording saw, and the words "
            f"make {action} after the loop conditional"
        )
        note = (
            f"The task's words make a change conditional, and the recording called {action} "
            f"after going through {_source(loop.iterable)}: whether it is right for other "
            "items the recording cannot tell, so go on only while they are the recorded ones."
        )
        guard = (
            _same_guard(stmt, recorded, scope, message, note, values)
            if recorded and looked_up is not None
            else guard_on("False", stmt.step, note, message)
        )
        standing = [g for g in (*emitted, *guards) if isinstance(g, Guard)]
        if any(g.condition.source == guard.condition.source for g in standing):
            continue
        changes.append(f"step {stmt.step}: {action} after a loop — {holder} as recorded")
        guards.append(guard)
    return guards


def _looked_up(loop: Loop, scope: _Scope) -> tuple[list[str], list[Any]] | None:
    """The results a loop's body looks up each repetition (its top-level lookups, collected in
    order) and what the recording's lookups gave, in order; ``None`` when a lookup sits deeper
    (on a side), whose results no list collects in the recording's order."""
    top: list[str] = []
    actions: set[tuple[str, str]] = set()
    for s in loop.body:
        if isinstance(s, Assign) and isinstance(s.value, Call) and s.value.action.read_only:
            top.append(s.var)
            actions.add((s.value.action.module, s.value.action.qualname))
    deeper = [
        s
        for s in walk_statements(loop.body)
        if isinstance(s, Assign | ExprStmt)
        and isinstance(s.value, Call)
        and s.value.action.read_only
        and s not in loop.body
    ]
    if deeper:
        return None
    gave = [
        scope.steps[n].result
        for n in loop.steps
        if n in scope.steps
        and (scope.steps[n].action.module, scope.steps[n].action.qualname) in actions
        and scope.steps[n].status == "ok"
    ]
    return top, gave


def _plain(name: str) -> str:
    return re.sub(r"\W", "_", name)


def _recorded_sources(name: str, emitted: list[Statement], values: dict[str, Any]) -> list[str]:
    """The recorded lists a list is made of: itself when the recording holds it, else those
    the selection this pass wrote for it reads (``paid = [r for r in registrations if r.paid]``
    is as recorded while ``registrations`` is); ``[]`` when none."""
    if name in values:
        return [name]
    made = next(
        (
            s
            for s in reversed(emitted)
            if isinstance(s, Assign) and s.var == name and isinstance(s.value, CodeExpr)
        ),
        None,
    )
    if made is None:
        return []
    assert isinstance(made.value, CodeExpr)
    found: list[str] = []
    for read in made.value.names:
        for source in _recorded_sources(read, emitted[: emitted.index(made)], values):
            if source not in found:
                found.append(source)
    return found


_CODE = re.compile(r"(?<![\w-])[A-Za-z]{1,3}\d{1,3}(?![\w-])")
"""A code of letters and digits the words may write (``B1``, ``F3``, ``C2``)."""


def _codes_passed(value: str, description: str, written: set[Any]) -> bool:
    """For a code a side passes (``room="A1"``): whether every code the words write is one a
    side passes. "A to M in room A1 and N to Z in room A2", "book everyone on F3, except
    wheelchair users, who need F1" (red team round 53): a code no side passed is one the model
    would have chosen for some items."""
    if not _CODE.fullmatch(value):
        return True
    passed = {str(w).lower() for w in written}
    return {c.lower() for c in _CODE.findall(description)} <= passed


def _named_in(value: str, doc: str) -> bool:
    """Whether an action's own description writes a word it was given, as a word of its own:
    where the task's words do not, the description offers it among others, in any shape ("at
    a rate: standard or double", "'standard' | 'double'", "standard/double"), and which one
    the model picked is its choice per item (red team rounds 51 and 53)."""
    return re.search(rf"(?<![\w-]){re.escape(value.lower())}(?![\w-])", doc.lower()) is not None


def _loop_constant_guards(
    stmt: Loop, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """Rule 5 for a loop's body: a changing tool call there that passes, the same on every
    recorded item, a value the model worked out in its head (a date, 10% of the amount typed
    as ``5.0``, "Dear Ana", a word chosen with "everyone else") goes on, before the loop, only
    while the inputs and the results read before it are what the recording saw. (A value
    among several the description offers has the lighter guard of
    :func:`_chosen_amount_guards`.)"""
    known = scope.at(scope.position_of(stmt))
    data = [value for _, value, _ in known.values()]
    described = scope.description.lower()
    offered = alternatives(scope.description)
    found = []
    # (A call on a side of a decision the recipe makes per item, or under a rule it infers per
    # item: the words' "the others" are the other side's, which that decision tells apart.)
    sided = {
        id(s)
        for branch in stmt.body
        if isinstance(branch, If)  # (a decided loop's sides, or a dispatch's rules per item)
        for s in walk_statements((*branch.body, *branch.orelse))
    }
    quoted = quoted_words(scope.description)
    written = {  # the words the sides pass, as written
        leaf.value
        for call in walk_statements(stmt.body)
        if id(call) in sided
        for label, expr in argument_exprs(call)
        for _, leaf in leaf_exprs(expr, label)
        if isinstance(leaf, LiteralExpr) and isinstance(leaf.value, str)
    }
    for call in walk_statements(stmt.body):
        if not _changes(call) or not isinstance(call, Assign | ExprStmt):
            continue
        assert isinstance(call.value, Call)
        if call.value.action.module.startswith("runtime"):
            continue
        # (The action's own description may offer the choices too: "at a rate: standard or
        # double", red team round 51.)
        doc = scope.ir.task.action_docs.get(call.value.action.name, "")
        offering = f"{scope.description} {doc}"  # (a word the task's own words write, they chose)
        for label, expr in argument_exprs(call):
            for _, leaf in leaf_exprs(expr, label):
                if isinstance(leaf, FStringExpr):  # "Dear Ana, ... {day}": the written part
                    value: Any = "".join(p for p in leaf.parts if isinstance(p, str))
                elif isinstance(leaf, LiteralExpr) and leaf.value is not None:
                    value = leaf.value
                else:
                    continue
                if _offered(value, offered, scope.description):
                    continue
                if isinstance(value, int | float) and _written(value, described):
                    continue  # "a 10% discount": the description's number
                # (A word on a side of a decision the recipe makes, where every word the words
                # quote or set against it is one a side passes: "label every other ticket
                # 'backlog'", "express … otherwise standard" passed on each side: the words'
                # "other" is the decision's other side.)
                told = (
                    id(call) in sided
                    and isinstance(value, str)
                    and (value in quoted or value in written)
                    and {w.lower() for w in quoted | contrasted_words(value, offering)}
                    <= {w.lower() for w in written}
                    and _codes_passed(value, scope.description, written)
                    and value.lower() in described
                )
                chosen = _chosen(
                    value, data, f"{described} {scope.failures.lower()}", rest=not told
                )
                if not chosen and isinstance(value, str) and value.lower() not in described:
                    # ("standard or double", "'standard' | 'double'", "one of: standard, ...")
                    chosen = _named_in(value, doc)
                if _of_the_head(value, data, described) or chosen:
                    found.append((label.split(" ", 1)[-1], value))
    found += _rates_chosen(stmt, scope.description)
    names = _read_before(stmt, scope)
    if not found or not names:
        return []
    shown = ", ".join(f"{k}={short_repr(v)}" for k, v in found)
    guard = _same_guard(
        stmt,
        names,
        scope,
        f"{', '.join(names)} changed since the recording wrote {shown} for each item",
        f"The model wrote {shown} out for every item and nothing in the recipe explains it "
        "(worked out in its head?): go over the items only while what the recording read is "
        "the same.",
    )
    if any(isinstance(g, Guard) and g.condition == guard.condition for g in emitted):
        return []
    changes.append(f"step {stmt.step}: constant {shown} in a loop — guard {', '.join(names)}")
    return [guard]


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")


def _rates_chosen(stmt: Loop, description: str) -> list[tuple[str, Any]]:
    """A rate a ``compute`` in the loop holds (``order.total * 0.2``) that is one of two or
    more percentages the words write ("20% of its total, gold members get 30% back"), the
    others held by no compute: the model chose it per item by something in the item."""
    rates = {float(m.group(1)) for m in _PERCENT.finditer(in_digits(description.lower()))}
    if len(rates) < 2:
        return []
    computes = [
        s
        for s in walk_statements(stmt.body)
        if isinstance(s, Assign) and isinstance(s.value, CodeExpr)
    ]
    held = {
        rate
        for s in computes
        for n in every_number(s.value.source if isinstance(s.value, CodeExpr) else "")
        for rate in rates
        if _close(n * 100, rate) or _close(n, rate)
    }
    if not held or held == rates:
        return []
    return [
        (s.var, n)
        for s in computes
        for n in every_number(s.value.source if isinstance(s.value, CodeExpr) else "")
        if any(_close(n * 100, rate) or _close(n, rate) for rate in held)
    ]


def _written(value: float, described: str) -> bool:
    """Whether the description writes the number, a percentage too ("10%")."""
    shown = _number_text(float(value))
    return re.search(rf"(?<![\w.]){re.escape(shown)}(?![\w]|\.\d)", described) is not None


def _offered(value: Any, amounts: frozenset[float], described: str) -> bool:
    """Whether ``value`` is one of the amounts (:func:`alternatives`) or the words the
    description offers to choose among."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return any(_close(float(value), n) for n in amounts)
    return offered_word(value, described)


def _like_recorded(stmt: Loop, items: list[Any], described: str) -> list[str] | None:
    """What every recorded item of a loop had alike, as conditions over the loop variable: a
    text or a truth they all shared (over two or more items), a number on one side of every
    bound the words compare; ``None`` when nothing is known alike, or the items are not
    records the loop reads by field."""
    access = next(
        (
            leaf.path_kinds[0]
            for call in walk_statements(stmt.body)
            for expr in statement_exprs(call)
            for _, leaf in leaf_exprs(expr, "")
            if isinstance(leaf, RefExpr) and leaf.name == stmt.var and leaf.path_kinds
        ),
        None,
    )
    if access not in ("attr", "key") or not all(isinstance(i, dict) for i in items):
        return None
    bounds = sorted(comparison_words(described.lower()))
    found: list[str] = []
    for field in (k for k in items[0] if isinstance(k, str) and all(k in i for i in items)):
        seen = [i[field] for i in items]
        ref = _source(RefExpr(name=stmt.var, path=(field,), path_kinds=(access,)))
        if _is_number(seen[0]) and all(_is_number(v) for v in seen):
            condition = _condition(ref, seen, bounds, equal=False) if bounds else None
        elif isinstance(seen[0], bool | str) and len(items) >= 2:
            condition = _condition(ref, seen, [], equal=isinstance(seen[0], str))
        else:
            condition = None
        if condition is not None:
            found.append(condition)
    return found or None
