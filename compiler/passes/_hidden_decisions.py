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

The guards of a loop (distinct values, offered values, values worked out for every item, a
change after a loop) are in :mod:`compiler.passes._loop_decisions`, those of inputs the recipe
may not see used (optional ones, unread ones) in :mod:`compiler.passes._unread`, and the pieces
of every guard in :mod:`compiler.passes._guard_kit`.
:func:`compiler.passes._hidden_reads.needed_reads` tells ``drop_unused`` which lookups to keep
for these guards (a result the recipe otherwise never reads); what the words and the data say
is read by :mod:`compiler.passes._hidden_words`; :func:`hidden_decisions` writes the guards
inside ``control_flow``, after the visible decisions and picks are guarded.
"""

from __future__ import annotations

import ast
from typing import Any

from compiler.ir import CodeExpr, FStringExpr, LiteralExpr, RefExpr, Step
from compiler.naming import singular
from compiler.passes._choice_guards import (
    empty_guards,
    membership_guards,
    record_guards,
    rival_guards,
    role_guards,
)
from compiler.passes._decided import acting_guards, decided_var
from compiler.passes._guard_kit import (
    _changes,
    _condition,
    _guard,
    _read_before,
    _same_guard,
    _shown,
    _unlike,
    is_live,
    returned_worked_out,
)
from compiler.passes._hidden_reads import (
    _answered_in_head,
    _named_inputs,
)
from compiler.passes._hidden_words import (
    _MORE,
    _WORDLIKE,
    _WRITTEN,
    _chosen,
    _close,
    _conditional,
    _data_numbers,
    _decisive,
    _is_number,
    _named,
    _numbers,
    _of_the_head,
    _split,
    _words,
    names_field,
    written_numbers,
)
from compiler.passes._loop_caps import loop_cap_guards
from compiler.passes._loop_decisions import (
    _after_loop_guards,
    _chosen_amount_guards,
    _distinct_guards,
    _loop_constant_guards,
)
from compiler.passes._narrowing import narrowed
from compiler.passes._scope import _canon, _Scope, _source
from compiler.passes._unread import _before_first_act, _unread_input_guards
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
    collected,
    walk_statements,
)


def hidden_decisions(
    statements: list[Statement], scope: _Scope, changes: list[str]
) -> list[Statement]:
    """Guards for the decisions and values the recording made in the model's head (in a task
    that changes nothing, only that an answer written out replays on the data it saw)."""
    read = set().union(*(names_read(s) for s in statements)) if statements else set()
    scope.unread = [name for name in scope.inputs if name not in read]
    scope.live = set(scope.inputs) | {
        name
        for stmt in statements
        for name in (
            [stmt.var]
            if isinstance(stmt, Assign)
            else collected(stmt) if isinstance(stmt, Loop) else []
        )
    }
    statements = _before_first_act(statements, scope, changes)
    if not scope.effects:
        return _quiet(statements, scope, changes)
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
            out.extend(loop_cap_guards(stmt, scope, changes))
            out.extend(_distinct_guards(stmt, scope, changes))
            out.extend(_chosen_amount_guards(stmt, scope, changes))
            out.extend(_loop_constant_guards(stmt, scope, changes, out))
        if isinstance(stmt, Loop) and (
            not any(isinstance(s, If | Until) for s in stmt.body) or decided_var(stmt)
        ):
            body = _block(list(stmt.body), scope, changes, decided, numbers, loop=stmt)
            if decided_var(stmt):  # the acting side: what every item acted on had alike
                before, guards, other = acting_guards(stmt, scope)
                standing = {g.condition.source for g in body if isinstance(g, Guard)}
                before = [g for g in before if g.condition.source not in standing]
                sided: list[Statement] = []
                for s in body:
                    if isinstance(s, If):
                        sided += before
                        s = s.model_copy(
                            update={
                                "body": (*guards, *s.body),
                                "orelse": (*other, *s.orelse) if s.orelse else (),
                            }
                        )
                    sided.append(s)
                body = sided
                changes += [
                    f"acting side guarded — {g.condition.source}" for g in before + guards + other
                ]
            stmt = stmt.model_copy(update={"body": tuple(body)})
        if loop is None and isinstance(stmt, Assign | ExprStmt) and _changes(stmt):
            out.extend(_after_loop_guards(stmt, scope, changes, out))
            out.extend(_shape_guards(stmt, scope, changes, out))
            out.extend(_compared_guards(stmt, scope, changes, out))
            out.extend(_constant_guards(stmt, scope, changes, out))
            out.extend(rival_guards(stmt, scope, changes, out))
            out.extend(role_guards(stmt, scope, changes, out))
            out.extend(membership_guards(stmt, scope, changes, out))
            out.extend(empty_guards(stmt, scope, changes, out))
            out.extend(record_guards(stmt, scope, changes, out))
        if loop is None and isinstance(stmt, Return):
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
    named = _named_inputs(step, scope.description, inputs)
    if loop is not None:
        named += [f for f in _narrowing_fields(step, loop, results, scope) if f not in named]
    guards += _unread_input_guards(stmt, step, results, scope, decided)
    for field, value in named:
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


def _narrowing_fields(
    step: Step, loop: Loop, results: list[Any], scope: _Scope
) -> list[tuple[str | None, Any]]:
    """Rule 1 for a lookup made for each item of a loop that changes something, when the
    description narrows the items ("each canceled order", "each order that never shipped")
    without writing the value it means: every word-like or true/false field the lookup gave
    the same value on every repetition may be the one the words mean, so each must read as
    recorded (``order.status == "cancelled"``); an input's value is not one."""
    if len(results) < 2 or not isinstance(step.result, dict):
        return []
    if not any(_changes(s) for s in walk_statements(loop.body)):
        return []
    iterable = loop.iterable.name if isinstance(loop.iterable, RefExpr) else ""
    nouns = {
        part
        for name in (iterable, loop.var, step.action.name)
        for part in _split(name)
        if len(part) >= 3 and part not in ("ids", "list", "get", "read", "fetch", "find")
    }
    if not any(narrowed(scope.description, noun) for noun in nouns):
        return []
    inputs = list(scope.inputs.values())
    found: list[tuple[str | None, Any]] = []
    for field, value in step.result.items():
        if not isinstance(field, str) or any(json_equal(value, v) for v in inputs):
            continue
        if not (isinstance(value, bool) or (isinstance(value, str) and _WORDLIKE.fullmatch(value))):
            continue
        if all(isinstance(r, dict) and json_equal(r.get(field), value) for r in results):
            found.append((field, value))
    return found


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


def _compute_guards(
    stmt: Assign, later: list[Statement], scope: _Scope, numbers: list[float]
) -> list[Guard]:
    value, _ = scope.result_of(stmt)
    assert isinstance(stmt.value, CodeExpr)
    if isinstance(value, bool) or not _decisive(stmt.value.source):
        return []
    if isinstance(parse_code(stmt.value.source).body, ast.JoinedStr):
        return []  # (a message written from the data, f"{len(unpaid)} unpaid": no decision)
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
    stmt: Assign | ExprStmt | Return, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """A guard before a changing call, or the ``return`` of a recording that changed something,
    given a constant the model may have worked out from what it read (rule 5): a number, a
    date, a text holding the data's numbers or words, or an f-string whose literal parts hold
    the data's numbers (``f"Ticket #42 opened: {subject}"``)."""
    position = scope.position_of(stmt)
    known = scope.at(position)
    data = [value for _, value, _ in known.values()]
    described = scope.description.lower()
    call = stmt.value if isinstance(stmt, Assign | ExprStmt) else None
    tool = isinstance(call, Call) and not call.action.module.startswith("runtime")
    found: list[tuple[str, Any]] = []
    numbers: set[float] = set()  # (the ones texts hold, which results may have given)
    for label, expr in argument_exprs(stmt):
        for _, leaf in leaf_exprs(expr, label):
            key = label.split(" ", 1)[-1]
            written = written_numbers(leaf, data, described)
            if written:
                numbers |= written
                found.append((key, _text_shown(leaf)))
                continue
            if call is None and isinstance(leaf, LiteralExpr) and _is_number(leaf.value):
                if returned_worked_out(key, leaf.value, data, described, emitted):
                    found.append((key, leaf.value))  # (a total worked out in the head)
                continue
            if call is None or not isinstance(leaf, LiteralExpr):
                continue  # (a return's text or flag: the outputs rules have it)
            if _picked(key, leaf.value, scope, position):
                continue  # (a value picked from a list has its pick guard)
            if _of_the_head(leaf.value, data, described) or (
                tool and _chosen(leaf.value, data, f"{described} {scope.failures.lower()}")
            ):
                found.append((key, leaf.value))
    if not found:
        return []
    names = _read_before(stmt, scope)
    names += [  # a result of a change that holds a number the text writes (a ticket's 42)
        name
        for name, (at, value, _) in known.items()
        if at >= 0
        and name not in names
        and numbers & _data_numbers([value])
        and is_live(name, scope)
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


def _text_shown(expr: Any) -> str:
    """An f-string as the recipe writes it (its literal parts, ``{…}`` for the rest)."""
    if isinstance(expr, FStringExpr):
        return "".join(p if isinstance(p, str) else "{…}" for p in expr.parts)
    assert isinstance(expr, LiteralExpr)
    return str(expr.value)


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
