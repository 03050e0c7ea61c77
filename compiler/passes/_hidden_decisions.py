"""Decisions the recipe cannot see: guards before the effects of a recorded path that depended
on something the model worked out in its head, with no ``compute`` the recipe can re-run.

A recording shows what the model did, not always why: "35.00 is not over 200, so I refund it"
is a decision made in the head, and a replay on a 480 request would refund it too. Where the
trace shows what such a decision read, the recipe checks at replay that it reads the same, and
leaves through a side exit otherwise (issue 15, rule 1). Five rules, each one sentence:

1. **Named inputs** — a field of a read-only result (or the whole result) that no visible
   decision reads, and whose recorded value the task's words name (a status string the
   description writes, a yes/no answer, a true/false field the description names, a number in
   a field the description names), is a hidden decision input: it must read as recorded (the
   same string, the same truth, the same side of every number the description writes, or of 0).
2. **Decisive computes** — in a task whose words make a change conditional (if, unless, any),
   a ``compute`` whose value is not a boolean but holds a comparison, a conditional or a
   length, and after which a change follows that does not loop over it, must give the recorded
   value (a conditional's), the recorded side of the description's numbers or of 0 (a
   number), or the recorded emptiness (a list or a string).
3. **Argument shapes** — in such a task, a changing action's argument that the recipe looks up
   or computes (not an input) runs only with the recorded sign (a number), emptiness (a list)
   and presence (``None`` or not).
4. **Nothing changed** — a task that can change something, whose recording changed nothing
   and answered with a value the model wrote out or counted (not one read as it is, which an
   output guardrail can check), replays only while every result it read is what it saw.
5. **Constants of the head** — a changing action's argument the model wrote out that nothing
   explains, and that is a number, a date or a text holding words of the data (10% of 250
   typed as ``25.0``, "a week later" typed as a date, "Dear Alice"), runs only while the inputs
   and the results read before it are what the recording saw, unless the description writes it.

A number or a word among several the description offers ("5 EUR or 10 EUR, as its customer
pays", "standard or express") is no word of the description's for rule 5: the model chose it.
Passed in a loop, the loop goes on only while every item is like the recorded ones on the
fields they all shared (``all(order.plan == "basic" for order in orders)``).

Rule 1 reaches the items of a listing too: a true/false field every recorded item had with the
same value, which the words name or negate ("unpaid" names ``paid``) and no visible filter
reads, must hold for every item (``all(not invoice.paid for invoice in invoices)``). And a loop
whose changing call got a different argument value on each of two or more recorded iterations
goes on only while the values it will pass are all different (a repeated one is a situation
the recording never showed). Neither applies to browser actions (``runtime.*``).

:func:`compiler.passes._hidden_reads.needed_reads` tells ``drop_unused`` which lookups to keep
for these guards (a result the recipe otherwise never reads); what the words and the data say
is read by :mod:`compiler.passes._hidden_words`; :func:`hidden_decisions` writes the guards
inside ``control_flow``, after the visible decisions and picks are guarded.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from compiler.fingerprint import fingerprint
from compiler.ir import CodeExpr, FStringExpr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.naming import singular
from compiler.passes._hidden_reads import (
    _answered_in_head,
    _named_inputs,
)
from compiler.passes._hidden_words import (
    _MORE,
    _WRITTEN,
    _chosen,
    _close,
    _conditional,
    _decisive,
    _is_number,
    _named,
    _number_text,
    _numbers,
    _of_the_head,
    _split,
    _words,
    alternatives,
    names_field,
    offered_word,
)
from compiler.passes._predicates import comparison_words
from compiler.passes._scope import SAME_AS_RECORDED, _canon, _Scope, _source
from compiler.passes._values import is_distinctive, is_integer, json_equal, short_repr, value_of
from compiler.passes._walk import (
    argument_exprs,
    leaf_exprs,
    names_read,
    parse_code,
    statement_exprs,
)
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    If,
    Loop,
    Return,
    Statement,
    Until,
    walk_statements,
)


def hidden_decisions(
    statements: list[Statement], scope: _Scope, changes: list[str]
) -> list[Statement]:
    """Guards for the decisions and values the recording made in the model's head."""
    if not scope.effects:
        return statements
    decided = _decided(statements, scope)
    numbers = _numbers(scope.description)
    fields = _fields_read(statements)
    out = _block(statements, scope, changes, decided, numbers, loop=None, fields=fields)
    return _quiet(out, scope, changes)


def _block(
    statements: list[Statement],
    scope: _Scope,
    changes: list[str],
    decided: set[tuple[str, str | None]],
    numbers: list[float],
    loop: Loop | None,
    fields: frozenset[str] = frozenset(),
) -> list[Statement]:
    out: list[Statement] = []
    for i, stmt in enumerate(statements):
        if isinstance(stmt, Loop) and loop is None:
            out.extend(_distinct_guards(stmt, scope, changes))
            out.extend(_chosen_amount_guards(stmt, scope, changes))
            out.extend(_loop_constant_guards(stmt, scope, changes, out))
        if isinstance(stmt, Loop) and not any(isinstance(s, If | Until) for s in stmt.body):
            body = _block(list(stmt.body), scope, changes, decided, numbers, loop=stmt)
            stmt = stmt.model_copy(update={"body": tuple(body)})
        if loop is None and isinstance(stmt, Assign | ExprStmt) and _changes(stmt):
            out.extend(_after_loop_guards(stmt, scope, changes, out))
            out.extend(_shape_guards(stmt, scope, changes, out))
            out.extend(_compared_guards(stmt, scope, changes, out))
            out.extend(_constant_guards(stmt, scope, changes, out))
        out.append(stmt)
        if not isinstance(stmt, Assign):
            continue
        if isinstance(stmt.value, Call) and stmt.value.action.read_only:
            guards = _input_guards(stmt, scope, decided, numbers, loop)
            if loop is None:
                guards += _item_guards(stmt, scope, fields)
        elif isinstance(stmt.value, CodeExpr) and loop is None:
            guards = _compute_guards(stmt, statements[i + 1 :], scope, numbers)
        else:
            guards = []
        for guard in guards:
            changes.append(f"step {stmt.step}: hidden decision guarded — {guard.condition.source}")
        out.extend(guards)
    return out


def _changes(stmt: Statement) -> bool:
    return isinstance(stmt, Assign | ExprStmt) and (
        isinstance(stmt.value, Call) and not stmt.value.action.read_only
    )


def _input_guards(
    stmt: Assign,
    scope: _Scope,
    decided: set[tuple[str, str | None]],
    numbers: list[float],
    loop: Loop | None,
) -> list[Guard]:
    step = scope.steps.get(-1 if stmt.step is None else stmt.step)
    if step is None or (stmt.var, None) in decided:
        return []
    inputs = list(scope.inputs.values())
    results = [step.result]
    if loop is not None:  # every iteration must have read the same
        results = [
            scope.steps[s].result
            for s in loop.steps
            if s in scope.steps and scope.steps[s].action.name == step.action.name
        ]
    guards: list[Guard] = []
    annotation = step.result_type.annotation if step.result_type else None
    for field, value in _named_inputs(step, scope.description, inputs):
        if field is None:
            ref = RefExpr(name=stmt.var)
        else:
            from compiler.passes.data_flow import access_of

            access = access_of(annotation, step.result)
            if access is None:
                continue
            ref = RefExpr(name=stmt.var, path=(field,), path_kinds=(access,))
        if (stmt.var, field) in decided:
            continue
        seen = [
            r if field is None else r.get(field) if isinstance(r, dict) else None for r in results
        ]
        if field is not None and _MORE.search(field) and not isinstance(value, bool):
            # A page's "next" marker: the recording read on where there was one, and stopped
            # where there was none; only whether there is one is the decision.
            there = {v is not None for v in seen}
            if len(there) != 1:
                continue
            condition: str | None = f"{_source(ref)} is {'not ' if there.pop() else ''}None"
        else:
            condition = _condition(_source(ref), seen, numbers, equal=isinstance(value, str))
        if condition is None:
            continue
        what = "this result" if field is None else f"this result's {field!r}"
        note = (
            f"Whether there is another page ({field}) decided what the recording read next: "
            "go on only while it reads as recorded."
            if field is not None and _MORE.search(field)
            else f"The task's words name {what}, and no compute shows what the recording "
            f"decided on it: go on only while it reads as recorded ({short_repr(value)})."
        )
        guards.append(
            _guard(stmt, condition, (stmt.var,), _unlike(condition, _source(ref), value), note)
        )
    return guards


def _decided(statements: list[Statement], scope: _Scope) -> set[tuple[str, str | None]]:
    """What visible decisions read: ``(var, field)`` pairs (``None``: the whole variable) in
    boolean computes, guards and ``if`` conditions, whose side is guarded already."""
    found: set[tuple[str, str | None]] = set()
    for stmt in walk_statements(tuple(statements)):
        code: CodeExpr | None = None
        if isinstance(stmt, Guard | If):
            code = stmt.condition
        elif (
            isinstance(stmt, Assign)
            and isinstance(stmt.value, CodeExpr)
            and (isinstance(scope.result_of(stmt)[0], bool) or _decisive(stmt.value.source))
        ):
            code = stmt.value  # (rule 2 guards a decisive compute's value)
        if code is not None:
            found |= _read_paths(code.source)
    return found


def _read_paths(source: str) -> set[tuple[str, str | None]]:
    tree = parse_code(source)
    under: set[int] = set()  # names read only through one of their fields
    found: set[tuple[str, str | None]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.value, ast.Name):
            under.add(id(node.value))
            if isinstance(node, ast.Attribute):
                found.add((node.value.id, node.attr))
            elif isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                found.add((node.value.id, node.slice.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in under:
            found.add((node.id, None))
    return found


def _item_guards(stmt: Assign, scope: _Scope, fields: frozenset[str]) -> list[Guard]:
    """Rule 1 for the items of a listing: a true/false field every recorded item had with the
    same value, which the words name (or negate: "unpaid" names ``paid``, "inactive"
    ``active``) and no visible filter reads, must hold for every item at replay."""
    assert isinstance(stmt.value, Call)
    if stmt.value.action.module.startswith("runtime"):
        return []
    items, annotation = scope.result_of(stmt)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        return []
    words = _words(scope.description)
    negated = {w[len(p) :] for w in words for p in ("un", "in", "non") if w.startswith(p)}
    access = scope.item_access(annotation, items, scope.position_of(stmt))
    guards: list[Guard] = []
    for field, first in items[0].items():
        if not isinstance(field, str) or not isinstance(first, bool) or field in fields:
            continue
        if any(i.get(field) is not first for i in items) or access is None:
            continue
        parts = _split(field)
        if not _named(parts, words) and not any(len(p) >= 4 and p in negated for p in parts):
            continue
        name = singular(stmt.var)
        name = name if name != stmt.var and name not in scope.taken else "item"
        ref = _source(RefExpr(name=name, path=(field,), path_kinds=(access,)))
        condition = f"all({'' if first else 'not '}{ref} for {name} in {stmt.var})"
        guards.append(
            _guard(
                stmt,
                condition,
                (stmt.var,),
                f"an item of {stmt.var} has {field}={not first}, which the recording never saw",
                f"The task's words name {field}, every recorded item had {field}={first}, and "
                "nothing in the recipe reads it: go on only while every item still has it.",
            )
        )
    return guards


def _fields_read(statements: list[Statement]) -> frozenset[str]:
    """The fields the recipe's code reads anywhere (a filter's ``i.paid``)."""
    found: set[str] = set()
    for stmt in walk_statements(statements):
        for expr in statement_exprs(stmt):
            for _, leaf in leaf_exprs(expr, ""):
                if isinstance(leaf, CodeExpr):
                    found |= {f for _, f in _read_paths(leaf.source) if f is not None}
    return frozenset(found)


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
        listed = _source(stmt.iterable)
        condition = f"len({{str({shown}) for {stmt.var} in {listed}}}) == len({listed})"
        action = call.value.action.name
        changes.append(f"step {stmt.step}: {action} over distinct values — {condition}")
        return [
            _guard(
                stmt,
                condition,
                (stmt.iterable.name,),
                f"{listed} holds an item twice ({shown}), which the recording never showed",
                f"{action} got a different {shown} on each of the {len(items)} recorded "
                "items: a repeated one may need to be done once, so go on only while they "
                "all differ.",
            )
        ]
    return []


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
        if isinstance(leaf, LiteralExpr)
        and (
            (
                isinstance(leaf.value, int | float)
                and not isinstance(leaf.value, bool)
                and any(_close(float(leaf.value), n) for n in offered)
            )
            or offered_word(leaf.value, scope.description)
        )
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
    items again: the recording never showed whether it is made when there are none."""
    assert isinstance(stmt.value, Call)
    if stmt.value.action.module.startswith("runtime") or not _conditional(scope.description):
        return []
    guards: list[Guard] = []
    for loop in (s for s in emitted if isinstance(s, Loop) and isinstance(s.iterable, RefExpr)):
        assert isinstance(loop.iterable, RefExpr)
        listed = _source(loop.iterable)
        condition = f"len({listed}) > 0"
        if any(isinstance(g, Guard) and g.condition.source == condition for g in emitted):
            continue
        action = stmt.value.action.name
        changes.append(f"step {stmt.step}: {action} after a loop — {condition}")
        guards.append(
            _guard(
                stmt,
                condition,
                (loop.iterable.name,),
                f"{listed} is empty, and the recording called {action} only after acting on "
                "some of its items",
                f"The task's words make a change conditional, and the recording called {action} "
                f"after acting on items of {listed}: go on only while there are some.",
            )
        )
    return guards


def _read_before(stmt: Statement, scope: _Scope) -> list[str]:
    """The inputs and the results read before ``stmt`` (what a decision before it saw)."""
    known = scope.at(scope.position_of(stmt))
    return list(scope.inputs) + [
        name for name, (at, _, _) in known.items() if at >= 0 and _is_read(name, at, scope)
    ]


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
                if offered_word(value, scope.description) or (
                    isinstance(value, int | float)
                    and not isinstance(value, bool)
                    and any(_close(float(value), n) for n in offered)
                ):
                    continue
                if isinstance(value, int | float) and _written(value, described):
                    continue  # "a 10% discount": the description's number
                if _of_the_head(value, data, described) or _chosen(
                    value, data, f"{described} {scope.failures.lower()}"
                ):
                    found.append((label.split(" ", 1)[-1], value))
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


def _written(value: float, described: str) -> bool:
    """Whether the description writes the number, a percentage too ("10%")."""
    shown = _number_text(float(value))
    return re.search(rf"(?<![\w.]){re.escape(shown)}(?![\w]|\.\d)", described) is not None


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


def _compute_guards(
    stmt: Assign, later: list[Statement], scope: _Scope, numbers: list[float]
) -> list[Guard]:
    value, _ = scope.result_of(stmt)
    assert isinstance(stmt.value, CodeExpr)
    if isinstance(value, bool) or not _decisive(stmt.value.source):
        return []
    if not _conditional(scope.description):
        return []  # ("a statement of all their unpaid invoices": none is a valid input)
    following = [s for s in later if _changes(s) or isinstance(s, Loop)]
    if not following or isinstance(following[0], Loop):
        return []  # no change follows, or a loop does: its count is not a decision
    if any(isinstance(s, Loop) and stmt.var in names_read(s) for s in later):
        return []
    conditional = any(isinstance(n, ast.IfExp) for n in ast.walk(parse_code(stmt.value.source)))
    condition = _condition(stmt.var, [value], numbers, equal=conditional)
    if condition is None:
        return []
    return [
        _guard(
            stmt,
            condition,
            (stmt.var,),
            _unlike(condition, stmt.var, value),
            f"{stmt.var} decides what follows, and what the recording did with other values "
            f"is not seen: go on only while it gives what it gave ({_shown(value)}).",
        )
    ]


def _shape_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    assert isinstance(stmt.value, Call)
    if not _conditional(scope.description):
        return []
    values = scope.values_at(scope.position_of(stmt))
    done = {g.condition.source for g in emitted if isinstance(g, Guard)}
    guards: list[Guard] = []
    for label, expr in argument_exprs(stmt):
        if not isinstance(expr, RefExpr) or expr.name in scope.inputs:
            continue  # (an input is what the user asked for)
        known, value = value_of(expr, values)
        if not known or value is None or isinstance(value, bool | str):
            continue
        source = _source(expr)
        if _is_number(value):
            condition = _condition(source, [value], [], equal=False)
        elif isinstance(value, list) and value:  # (a JSON object may be a class: no len)
            condition = f"len({source}) > 0"
        else:
            condition = f"{source} is not None"
        if condition is None or any(source in c for c in done):
            continue  # (a guard on it already stands)
        done.add(condition)
        key = label.split(" ", 1)[-1]
        guards.append(
            _guard(
                stmt,
                condition,
                (expr.name,),
                _unlike(condition, source, value),
                f"{stmt.value.action.name} got {key} = {_shown(value)} when recorded: "
                "another sign, emptiness or a missing value may need another path.",
            )
        )
        changes.append(f"step {stmt.step}: {key} keeps its recorded shape ({condition})")
    return guards


def _compared_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """A number passed from one field of a record whose step's reason also writes the value of
    another number field of that record ("the claim (40.00) is below what was paid (55.00)")
    was chosen by comparing the two: it goes on only while they compare as recorded
    (``claim.amount_claimed <= claim.amount_paid``); at equality either reading gives the
    same number."""
    assert isinstance(stmt.value, Call)
    step = scope.steps.get(-1 if stmt.step is None else stmt.step)
    reason = step.reason if step is not None else None
    if not reason:
        return []
    written = {float(n.replace(",", "")) for n in _WRITTEN.findall(reason)}
    values = scope.values_at(scope.position_of(stmt))
    done = {g.condition.source for g in emitted if isinstance(g, Guard)}
    guards: list[Guard] = []
    for label, expr in argument_exprs(stmt):
        if not isinstance(expr, RefExpr) or not expr.path or not isinstance(expr.path[-1], str):
            continue
        holder = expr.model_copy(
            update={"path": expr.path[:-1], "path_kinds": expr.path_kinds[:-1]}
        )
        known, record = value_of(holder, values)
        if not known or not isinstance(record, dict):
            continue
        value: Any = record.get(expr.path[-1])
        if not _is_number(value) or not any(_close(float(value), n) for n in written):
            continue
        for other, seen in record.items():
            if other == expr.path[-1] or not _is_number(seen) or seen == value:
                continue
            if not any(_close(float(seen), n) for n in written):
                continue
            that = expr.model_copy(update={"path": (*expr.path[:-1], other)})
            condition = f"{_source(expr)} {'<=' if value < seen else '>='} {_source(that)}"
            if condition in done:
                continue
            done.add(condition)
            key = label.split(" ", 1)[-1]
            guards.append(
                _guard(
                    stmt,
                    condition,
                    (expr.name,),
                    f"the recording passed {key} = {_shown(value)} where {condition} "
                    f"({_shown(value)} against {_shown(seen)})",
                    f"The model's words compared {_source(expr)} with {_source(that)} before "
                    f"passing {key}: go on only while they compare as recorded.",
                )
            )
            changes.append(f"step {stmt.step}: {key} compared in the reason ({condition})")
    return guards


def _quiet(statements: list[Statement], scope: _Scope, changes: list[str]) -> list[Statement]:
    """Before the ``return`` of a recording that changed nothing, a guard that what it read is
    what the recording saw."""
    if any(
        (not s.action.read_only and s.action.builtin is None)
        or (s.action.builtin == "compute" and isinstance(s.result, bool))
        for s in scope.steps.values()
    ) or not _answered_in_head(scope.steps.values()):
        return statements  # it changed something, a decision says why not, or it answered
        # with the data as read
    out: list[Statement] = []
    read: list[str] = []
    for stmt in statements:
        if isinstance(stmt, Return) and read:
            names = list(dict.fromkeys(read))
            out.append(
                _same_guard(
                    stmt,
                    names,
                    scope,
                    f"{', '.join(names)} changed since the recording, which changed nothing",
                    "The recording changed nothing, and the recipe cannot tell why: it "
                    "answers as recorded only while what it read is what the recording saw.",
                )
            )
            changes.append(f"step {stmt.step}: nothing changed — guard {', '.join(names)}")
        if (
            isinstance(stmt, Assign)
            and isinstance(stmt.value, Call)
            and stmt.value.action.read_only
        ):
            read.append(stmt.var)
        out.append(stmt)
    return out


def _constant_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    assert isinstance(stmt.value, Call)
    position = scope.position_of(stmt)
    known = scope.at(position)
    data = [value for _, value, _ in known.values()]
    described = scope.description.lower()
    tool = not stmt.value.action.module.startswith("runtime")  # (not a click's key or a fill)
    found = []
    for label, expr in argument_exprs(stmt):
        for _, leaf in leaf_exprs(expr, label):
            key = label.split(" ", 1)[-1]
            if not isinstance(leaf, LiteralExpr) or _picked(key, leaf.value, scope, position):
                continue  # (a value picked from a list has its pick guard)
            if _of_the_head(leaf.value, data, described) or (
                tool and _chosen(leaf.value, data, f"{described} {scope.failures.lower()}")
            ):
                found.append((key, leaf.value))
    if not found:
        return []
    names = list(scope.inputs) + [
        name for name, (at, _, _) in known.items() if at >= 0 and _is_read(name, at, scope)
    ]
    if not names:
        return []
    shown = ", ".join(f"{k}={short_repr(v)}" for k, v in found)
    guard = _same_guard(
        stmt,
        names,
        scope,
        f"{', '.join(names)} changed since the recording wrote {shown}",
        f"The model wrote {shown} out and nothing in the recipe explains it (worked out in "
        "its head?): pass it only while what the recording read is the same.",
    )
    if any(isinstance(g, Guard) and g.condition == guard.condition for g in emitted):
        return []
    changes.append(f"step {stmt.step}: constant {shown} — guard {', '.join(names)}")
    return [guard]


def _picked(key: str, value: Any, scope: _Scope, position: int) -> bool:
    """Whether ``control_flow``'s pick guard covers the literal: a value held in a list in
    scope (distinctive, or a small integer at the field the keyword names)."""
    if is_distinctive(value):
        return any(at < position for at, _ in scope.list_holders().get(_canon(value), ()))
    if not is_integer(value):
        return False
    return any(
        at < position
        and isinstance(held, list)
        and any(
            isinstance(item, dict)
            and any(names_field(key, f) and json_equal(v, value) for f, v in item.items())
            for item in held[:500]
        )
        for at, held, _ in scope.at(position).values()
    )


def _is_read(name: str, at: int, scope: _Scope) -> bool:
    stmt = scope.ir.statements[at]
    return isinstance(stmt, Assign) and isinstance(stmt.value, Call) and stmt.value.action.read_only


def _condition(source: str, seen: list[Any], numbers: list[float], *, equal: bool) -> str | None:
    """What every recorded value in ``seen`` satisfies: equal to it (``equal``, or a bool
    kept as its truth), on its side of 0 and of each of ``numbers`` (a number), or as empty as
    it (a container); ``None`` when the recorded values disagree."""
    first = seen[0] if seen else None
    if not seen or any(type(v) is not type(first) for v in seen):
        return None
    if isinstance(first, bool):
        if any(v != first for v in seen):
            return None
        return source if first else f"not {source}"
    if equal:
        if any(v != first for v in seen):
            return None
        return f"{source} == {literal_source(first)}"
    if _is_number(first):
        bounds = sorted(set(numbers) or {0.0})  # (0 stands for "positive", "any", "none")
        sides = {tuple((v > b) - (v < b) for b in bounds) for v in seen}
        if len(sides) != 1:
            return None
        side = sides.pop()
        if 0 in side:
            return f"{source} == {_number_text(bounds[side.index(0)])}"
        below = [b for b, s in zip(bounds, side, strict=True) if s > 0]
        above = [b for b, s in zip(bounds, side, strict=True) if s < 0]
        if not above:
            return f"{source} > {_number_text(below[-1])}"
        if not below:
            return f"{source} < {_number_text(above[0])}"
        return f"{_number_text(below[-1])} < {source} < {_number_text(above[0])}"
    if isinstance(first, list | dict | str):
        if any(bool(v) != bool(first) for v in seen):
            return None
        return f"len({source}) > 0" if first else f"len({source}) == 0"
    return None


def _unlike(condition: str, source: str, value: Any) -> str:
    if isinstance(value, list | dict):
        return f"the recording went on only where {condition} ({source} had {len(value)} items)"
    return f"the recording went on only where {condition} ({source} was {short_repr(value)})"


def _shown(value: Any) -> str:
    if isinstance(value, list | dict) and len(short_repr(value)) > 30:
        return f"{len(value)} items"
    return short_repr(value)


def _guard(
    stmt: Statement, condition: str, names: tuple[str, ...], message: str, note: str
) -> Guard:
    return Guard(
        step=stmt.step,
        condition=CodeExpr(source=condition, names=names),
        message=message,
        notes=(note,),
    )


def _same_guard(stmt: Statement, names: list[str], scope: _Scope, message: str, note: str) -> Guard:
    values = scope.values_at(scope.position_of(stmt))
    if len(names) == 1:
        subject, digest = names[0], fingerprint(values[names[0]])
    else:
        subject = f"[{', '.join(names)}]"
        digest = fingerprint([values[n] for n in names])
    return Guard(
        step=stmt.step,
        condition=CodeExpr(
            source=f"{SAME_AS_RECORDED}({subject}, {literal_source(digest)})", names=tuple(names)
        ),
        message=message,
        notes=(note,),
        uses=(SAME_AS_RECORDED,),
    )
