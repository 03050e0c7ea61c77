"""Hidden decisions of a loop (split from :mod:`compiler.passes._hidden_decisions`): guards
put before a rolled loop, or after it, for what the model decided per item in its head: values
that must stay distinct, a value among several the description offers, a value worked out in the
head for every item, and a change after a loop in a task whose words make it conditional."""

from __future__ import annotations

import re
from typing import Any

from compiler.fingerprint import identity
from compiler.ir import CodeExpr, FStringExpr, LiteralExpr, RefExpr
from compiler.passes._guard_kit import (
    ALL_DISTINCT,
    _changes,
    _condition,
    _guard,
    _helper_code,
    _read_before,
    _same_guard,
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
from compiler.passes._predicates import comparison_words
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
        return _distinct(
            stmt,
            stmt.var,
            changes,
            "a loop deciding per item over distinct items",
            f"Each of the {len(items)} items the recording decided on was listed once: one "
            "listed twice would be acted on twice, so go on only while they all differ.",
            value=False,
        )
    return []


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
    return [
        Guard(
            step=stmt.step,
            condition=_helper_code(condition),
            message=f"{listed} holds an item twice{twice}, which the recording never showed",
            notes=(note,),
            uses=(ALL_DISTINCT,),
        )
    ]


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
    """In a task whose words make a change conditional ("if any were, tell the manager"), a
    changing tool call after a loop that acted on some items goes on only while the loop has
    items again: the recording never showed whether it is made when there are none. Which
    items, and whether that is all the words ask, they must say plainly
    (:func:`_said_of_call`): one sentence that names the call, "if you <did> any[ <items>],
    …" (one side's items then) or no condition at all (every side's), and no sentence that
    narrows what it says ("only", "except", "never", "this applies to …"). Otherwise (a
    qualifier, "unless", a number, a refusal, "any of them", two sentences for the call, or
    none) the words say more than the recording can check: the list must be the recorded one."""
    assert isinstance(stmt.value, Call)
    if stmt.value.action.module.startswith("runtime") or not _conditional(scope.description):
        return []
    guards: list[Guard] = []
    action = stmt.value.action.name
    for loop in (s for s in emitted if isinstance(s, Loop) and isinstance(s.iterable, RefExpr)):
        assert isinstance(loop.iterable, RefExpr)
        listed = _source(loop.iterable)
        # (A loop that decides per item acted on the items its branch collects: on each
        # side, where both act; the recording saw both with some.)
        decided = next((b for b in loop.body if isinstance(b, If) and b.collect), None)
        sides = [(_calls_in(loop.body), [loop.iterable.name])]
        if decided is not None:
            sides = [(_calls_in(decided.body), [n for n, _ in decided.collect])]
            if decided.orelse_collect:
                sides.append((_calls_in(decided.orelse), [n for n, _ in decided.orelse_collect]))
        acted, why = _said_of_call(scope.description, action, sides, loop.iterable.name)
        if acted is None:
            guards.append(_plain_list_guard(stmt, scope, loop.iterable.name, action, why))
            continue
        condition = " and ".join(f"len({name}) > 0" for name in acted)
        if any(isinstance(g, Guard) and g.condition.source == condition for g in emitted):
            continue
        changes.append(f"step {stmt.step}: {action} after a loop — {condition}")
        shown = " or ".join(acted) if acted != [loop.iterable.name] else listed
        guards.append(
            _guard(
                stmt,
                condition,
                tuple(acted),
                f"{shown} is empty, and the recording called {action} only after "
                "acting on some items",
                f"The task's words make a change conditional, and the recording called {action} "
                f"after acting on items of {listed}: go on only while there are some.",
            )
        )
    return guards


def _calls_in(statements: tuple[Statement, ...]) -> set[str]:
    from compiler.passes._loop_uses import _call_name

    return {_call_name(s) for s in walk_statements(statements)} - {""}


_PLAIN_VERBS = frozenset(
    {"send", "post", "create", "make", "notify", "tell", "write", "update", "submit", "call"}
    | {"mark", "give", "put", "add", "set", "do", "run", "new", "open", "start"}
)
"""Words of an action's name that say nothing of which sentence asks for it."""

_NARROWING = re.compile(
    r"\b(?:only|except|excluding|unless|never|not|no|none|but|however)\b|n't"
    r"|^(?:this|that|it|these|those|such|the above)\b"
)
"""A sentence that may narrow what another says ("This applies to enterprise tickets only.")."""


def _said_of_call(
    description: str, action: str, sides: list[tuple[set[str], list[str]]], holder: str
) -> tuple[list[str] | None, str]:
    """The lists that must have items before ``action`` after the loop (and, where none can
    say, why not), from the sentence that asks for it, found by a word of the action's name
    other than a plain verb (``email`` of ``send_email``): that sentence alone, plainly "if
    you <did> any[ <items>], …" (:func:`_if_any_side`), or with no condition in it (then
    every side's lists); and no other sentence that narrows, unless it names a side's action
    (the decision's own words).
    ``None`` (the list must be as recorded) for anything else."""
    from compiler.passes._loop_uses import same_word

    words = [w for w in action.lower().split("_") if len(w) >= 4 and w not in _PLAIN_VERBS]
    sentences = [s.strip() for s in re.split(r"(?<=[.;!?])\s+", description.lower()) if s]
    about = [s for s in sentences if words and any(same_word(f"x {s}", w) for w in words)]
    if len(about) != 1:
        return None, "more than one sentence names it" if about else "no sentence names it"
    (told,) = about
    verbs = {a.split("_")[0] for actions, _ in sides for a in actions if len(a) >= 4}
    for sentence in sentences:
        narrows = sentence != told and _NARROWING.search(sentence)
        if narrows and not any(same_word(f"x {sentence}", v) for v in verbs):
            return None, f'"{_cut(sentence)}" may narrow "{_cut(told)}"'
    if not _conditional(told):
        return [name for _, names in sides for name in names], told
    return _if_any_side(told, sides, holder), f'"{_cut(told)}"'


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_MORE_SAID = re.compile(
    r"\b(?:unless|except|but|only|not|no|none|never|neither|nor|without|however|otherwise"
    r"|whether|when|once|all|every|each|both|more|fewer|less|least|most|them|those|these)\b"
    r"|n't|\d"
)
"""Words that make a sentence say more than "if you did any, do this" ("any of them": of
whom?)."""

_IF_ANY = re.compile(r"^if\s+(?:you|we|i)\s+([a-z]+)\s+any(?:\s+([a-z]+))?\s*,")


_IF_ANY_WERE = re.compile(r"^if\s+any\s+(?:were|was|are|is|did)\s*,")


def _if_any_side(
    told: str, sides: list[tuple[set[str], list[str]]], holder: str
) -> list[str] | None:
    """The lists of the one side a sentence that begins "if you <did> any[ <items>], …" names
    by its action's verb (``escalated`` of ``escalate_ticket``, or "any refund" of
    ``refund_order``), the items, if named, the list's own or the action's (``tickets``);
    where one side acts, also "if any were, …"; ``None`` for any other sentence (anything
    before the "if", "any of them", a negation, a number)."""
    from compiler.passes._decided_counts import _nouns, _past_stems
    from compiler.passes._loop_uses import same_word

    if _MORE_SAID.search(told) or len(re.findall(r"\bif\b", told)) != 1:
        return None
    if len(sides) == 1 and _IF_ANY_WERE.search(told):
        return sides[0][1]  # ("If any were, tell the manager": the items one side acted on.)
    match = _IF_ANY.search(told)
    if match is None:
        return None
    verb, items = match.group(1), match.group(2)
    said = [verb, *_past_stems(verb), *([items] if items else [])]
    # (By its verb, "escalated" of ``escalate_ticket``, or its noun, "any refund" of
    # ``refund_order``.)
    named = [
        names
        for actions, names in sides
        if any(same_word(f"x {word}", a.split("_")[0]) for a in actions for word in said)
    ]
    nouns = _nouns(holder) | {n for actions, _ in sides for a in actions for n in _nouns(a)}
    if len(named) != 1 or (items is not None and not _nouns(items) <= nouns):
        return None
    return named[0]


def _plain_list_guard(
    stmt: Assign | ExprStmt, scope: _Scope, holder: str, action: str, why: str
) -> Guard:
    return _same_guard(
        stmt,
        [holder],
        scope,
        f"{holder} is not what the recording saw, and the words make {action} depend on more "
        "than whether some items were acted on",
        f"The words make {action} conditional in a way the recording cannot check item by item "
        f"({why}): go on only while {holder} is what the recording saw.",
    )


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
    # (A call on a side of a decision the recipe makes per item: the words' "the others" are
    # the other side's, which that decision tells apart.)
    sided = {
        id(s)
        for branch in stmt.body
        if isinstance(branch, If) and branch.collect
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
                    and (quoted | contrasted_words(value, scope.description)) <= written
                    and value.lower() in described
                )
                if _of_the_head(value, data, described) or _chosen(
                    value, data, f"{described} {scope.failures.lower()}", rest=not told
                ):
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
