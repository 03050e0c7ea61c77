"""Six choices a recording makes in the model's head before a change, with no compute to
show them (rounds 4, 5 and 12 of the red team):

- **Rivals** (:func:`rival_guards`): the same lookup made for two or more values, then a change
  given only some of them ("get a quote from both suppliers, order from the cheaper one"). Which
  one won was decided on the lookups' results: the change goes on only while they read as
  recorded.
- **Roles** (:func:`role_guards`): the same lookup made for two or more values, then a change
  given them in different arguments ("move money from whichever account holds more to the
  other": ``transfer(from_account=account_a, to_account=account_b)``). Which one got which role
  was decided on the lookups' results: the change goes on only while they compare as recorded
  (``balance > balance_result``), or, for results that are not numbers, read as recorded.
- **Membership** (:func:`membership_guards`): a change given an input that a list read before
  it did not hold, though it held values like it ("send the welcome unless the list already
  holds their email"). That it was not there may have decided the change: it goes on only
  while the input is still not in the list.
- **Presence** (:func:`presence_guards`): an input that may be left out (``coupon: str | None``)
  was given ("if a coupon code is given, apply it"), or left out: whether there is one may
  have decided the changes, whichever of them reads it. No change goes on unless it is given,
  or left out, as recorded (given: not ``None`` and, for a text, not empty).
- **Emptiness** (:func:`empty_guards`): a change after a lookup that returned an empty list,
  which nothing else reads ("nobody got a coupon yet"): it goes on only while it is empty.
- **An unread record** (:func:`record_guards`): in a task whose words make a change
  conditional, a change after a lookup of a record nothing reads ("if it is serious, report it;
  otherwise log it"): it goes on only while the record reads as recorded.

:func:`choice_reads` tells ``drop_unused`` to keep these lookups, which nothing else may read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

from compiler.ir import Expr, RefExpr
from compiler.literals import literal_source
from compiler.passes._context import PassContext
from compiler.passes._guard_kit import _changes, _guard, _same_guard
from compiler.passes._hidden_words import _conditional, _is_number, names_field, word_list
from compiler.passes._predicates import Access
from compiler.passes._scope import _Scope, _source
from compiler.passes._values import json_equal
from compiler.passes._walk import argument_exprs, leaf_exprs, names_read
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    RecipeIR,
    Return,
    Statement,
    walk_statements,
)


def choice_reads(ir: RecipeIR, ctx: PassContext) -> set[int]:
    """Steps of the lookups a rival or membership guard reads (see the module)."""
    steps = {s.index: s for s in ctx.trace.steps}
    inputs = {k: v for k, v in ctx.trace.inputs.items() if k not in ctx.trace.task.secret_inputs}
    found: set[int] = set()
    before: list[Assign] = []
    acted = _acted_on(ir.statements)
    read_by_any = {n for stmt in ir.statements for n in names_read(stmt)}
    for stmt in ir.statements:
        if not (isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)):
            continue
        step = steps.get(-1 if stmt.step is None else stmt.step)
        if stmt.value.action.read_only:
            if isinstance(stmt, Assign) and step is not None and step.status == "ok":
                before.append(stmt)
            continue
        if not _tool(stmt):
            continue
        found |= {
            s.step
            for s in before
            if s.step is not None
            and _empty(steps, s, read_by_any)
            and (not steps[s.step].result or _conditional(ctx.trace.task.description))
        }
        found |= {
            s.step
            for s in before
            if s.step is not None
            and _unread_record(steps, s, read_by_any)
            and _conditional(ctx.trace.task.description)
        }
        described = ctx.trace.task.description
        for rivals in [*_rivals(stmt, before, acted), *_roles(stmt, before, described)]:
            found |= {s.step for s in rivals if s.step is not None}
        for name, keyword in _inputs_given(stmt, inputs):
            for read in before:
                step = steps.get(-1 if read.step is None else read.step)
                held = step.result if step is not None else None
                if _holder(read, name) and _member_source(held, inputs[name], keyword, "x", "attr"):
                    found.add(-1 if read.step is None else read.step)
    return found


def rival_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """The change goes on only while the rival lookups before it read as recorded."""
    reads = [s for s in emitted if isinstance(s, Assign) and isinstance(s.value, Call)]
    reads = [s for s in reads if s.value.action.read_only]  # type: ignore[union-attr]
    guards: list[Guard] = []
    for rivals in _rivals(stmt, reads, _acted_on(scope.ir.statements)):
        names = [s.var for s in rivals]
        action = rivals[0].value.action.name  # type: ignore[union-attr]
        guard = _same_guard(
            stmt,
            names,
            scope,
            f"{', '.join(names)} changed since the recording chose between them",
            f"The recording made {len(names)} {action} lookups and acted on only some of "
            "them: it chose on their results, which the recipe cannot see: go on only while "
            "they read as recorded.",
        )
        if not any(isinstance(g, Guard) and g.condition == guard.condition for g in emitted):
            changes.append(f"step {stmt.step}: a choice between {', '.join(names)} — guarded")
            guards.append(guard)
    return guards


def role_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """The change goes on only while the lookups whose values it was given in different
    arguments compare as recorded (see the module)."""
    reads = [s for s in emitted if isinstance(s, Assign) and isinstance(s.value, Call)]
    reads = [s for s in reads if s.value.action.read_only]  # type: ignore[union-attr]
    guards: list[Guard] = []
    for group in _roles(stmt, reads, scope.description):
        names = [s.var for s in group]
        results = [scope.result_of(s)[0] for s in group]
        message = f"{', '.join(names)} changed since the recording gave them their roles"
        note = (
            f"The recording looked {len(names)} values up with "
            f"{group[0].value.action.name} and gave them different roles in this call "  # type: ignore[union-attr]
            "(which one goes where was decided on their results): go on only while they "
        )
        if all(_is_number(r) for r in results):
            signs = [">" if a > b else "<" if a < b else "==" for a, b in pairwise(results)]
            condition = " and ".join(
                f"{a} {sign} {b}" for (a, b), sign in zip(pairwise(names), signs, strict=True)
            )
            message = (
                f"{', '.join(names)} no longer compare as when the recording gave them their roles"
            )
            guard = _guard(stmt, condition, tuple(names), message, note + "compare as recorded.")
        else:
            guard = _same_guard(stmt, names, scope, message, note + "read as recorded.")
        if not any(isinstance(g, Guard) and g.condition == guard.condition for g in emitted):
            changes.append(f"step {stmt.step}: the roles of {', '.join(names)} — guarded")
            guards.append(guard)
    return guards


def membership_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """The change goes on only while each input it is given is still not in a list read before
    it that held values like it but not it."""
    if not _tool(stmt):
        return []
    guards: list[Guard] = []
    for name, keyword in _inputs_given(stmt, scope.inputs):
        for read in emitted:
            if not (
                isinstance(read, Assign)
                and isinstance(read.value, Call)
                and read.value.action.read_only
                and _holder(read, name)
            ):
                continue
            held, annotation = scope.result_of(read)
            access = (
                scope.item_access(annotation, held, scope.position_of(read))
                if isinstance(held, list) and held
                else None
            )
            source = _member_source(held, scope.inputs[name], keyword, read.var, access)
            if source is None:
                continue
            condition = f"{name} not in {source}"
            if any(isinstance(g, Guard) and g.condition.source == condition for g in emitted):
                continue
            changes.append(f"step {stmt.step}: whether {name} is in {read.var} — guarded")
            guards.append(
                _guard(
                    stmt,
                    condition,
                    (name, read.var),
                    f"{name} is in {read.var}; the recording went on only where it was not",
                    f"{read.var} did not hold {name} when the recording acted, and that may be "
                    "why it did (nothing was done twice): go on only while it still does not.",
                )
            )
    return guards


def presence_guards(
    stmt: Statement, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """Before the first change or ``return``: the task's inputs that may be left out (an
    optional annotation, or a default of ``None`` or ``""``) are given, or left out, as in the
    recording (see the module). Left out is ``None`` or an empty text."""
    if not (isinstance(stmt, Return) or any(_changes(s) for s in walk_statements([stmt]))):
        return []
    # (A default that is a value of its own, "pen", is no absence: only None or "" is.)
    defaults = {k: v for k, v in scope.ir.task.defaults.items() if v in (None, "")}
    guards: list[Guard] = []
    for param in scope.ir.params:
        name = param.name
        if name not in scope.inputs or not (_optional(param.annotation) or name in defaults):
            continue
        value, default = scope.inputs[name], defaults.get(name)
        blank = default in (None, "") and (
            bool(re.search(r"\bstr\b", param.annotation)) or default == ""
        )
        shown = literal_source(default)
        if value is None or value == default or (blank and value == ""):
            if blank:
                condition = f"not {name}"
            else:
                condition = f"{name} is None" if default is None else f"{name} == {shown}"
            message = f"{name} is given; the recording had none"
            note = (
                f"The recording was given no {name}, and whether there is one may decide what "
                "the task does: go on only while none is given."
            )
        else:
            if blank:
                condition = name
            else:
                condition = f"{name} is not None" if default is None else f"{name} != {shown}"
            message = f"no {name} is given; the recording had one"
            note = (
                f"The recording was given a {name}, and whether there is one may decide what "
                "the task does: go on only while one is given."
            )
        if any(isinstance(g, Guard) and g.condition.source == condition for g in emitted):
            continue
        changes.append(f"step {stmt.step}: whether {name} is given — guarded")
        guards.append(_guard(stmt, condition, (name,), message, note))
    return guards


def _optional(annotation: str) -> bool:
    """Whether an input's annotation lets it be left out (``str | None``, ``Optional[str]``)."""
    return bool(re.search(r"\bNone\b|\bOptional\[", annotation))


def empty_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """The change goes on only while a list a lookup before it returned, which nothing else
    reads, is as empty, or as filled, as it was: that nothing was there ("nobody got a coupon
    yet"), or that something was ("they already got refunds this year"), may be why the
    recording acted."""
    if not _tool(stmt):
        return []
    read = {n for s in scope.ir.statements for n in names_read(s)}
    guards: list[Guard] = []
    for before in emitted:
        if not isinstance(before, Assign) or not _empty(scope.steps, before, read):
            continue
        step = scope.steps[-1 if before.step is None else before.step]
        empty = not step.result
        if not empty and not _conditional(scope.description):
            continue  # (a glance at a list, in a task whose changes no words make conditional)
        if (
            not empty
            and isinstance(step.result, list)
            and all(isinstance(i, dict) for i in step.result)
        ):
            # (records: what the model read of them, "an open complaint", may be why it acted)
            guards += _read_in_head(stmt, before.var, scope, emitted, changes)
            continue
        condition = f"len({before.var}) == 0" if empty else f"len({before.var}) > 0"
        if any(isinstance(g, Guard) and g.condition.source == condition for g in emitted):
            continue
        was = "empty" if empty else "not empty"
        changes.append(f"step {stmt.step}: {before.var} was {was} — guarded")
        guards.append(
            _guard(
                stmt,
                condition,
                (before.var,),
                f"{before.var} is {'not ' if empty else ''}empty; the recording went on only "
                f"where it was {was}",
                f"{before.var} was {was} when the recording acted, and nothing else reads it: "
                f"that may be why it acted: go on only while it is still {was}.",
            )
        )
    return guards


def record_guards(
    stmt: Assign | ExprStmt, scope: _Scope, changes: list[str], emitted: list[Statement]
) -> list[Guard]:
    """In a task whose words make a change conditional ("if it is serious, report it;
    otherwise log it"), the change goes on only while a record a lookup before it returned,
    which nothing else reads, reads as recorded: what the model saw in it may be why it made
    this change and not another."""
    if not _tool(stmt) or not _conditional(scope.description):
        return []
    read = {n for s in scope.ir.statements for n in names_read(s)}
    guards: list[Guard] = []
    for before in emitted:
        if not isinstance(before, Assign) or not _unread_record(scope.steps, before, read):
            continue
        if any(isinstance(g, Guard) and before.var in g.condition.names for g in emitted):
            continue  # (a guard holds what the words name of it: the recipe reads it there)
        guards += _read_in_head(stmt, before.var, scope, emitted, changes)
    return guards


def _read_in_head(
    stmt: Assign | ExprStmt, var: str, scope: _Scope, emitted: list[Statement], changes: list[str]
) -> list[Guard]:
    """The guard that what a lookup gave, which nothing reads, reads as recorded (none where
    one already says so)."""
    guard = _same_guard(
        stmt,
        [var],
        scope,
        f"{var} changed since the recording acted on what it read",
        f"The task's words make a change conditional, and nothing reads {var}: the model "
        "decided on it in its head, which the recipe cannot see: go on only while it reads as "
        "recorded.",
    )
    if any(isinstance(g, Guard) and g.condition == guard.condition for g in emitted):
        return []
    changes.append(f"step {stmt.step}: {var} decided on in the head — guarded")
    return [guard]


def _unread_record(steps: dict[int, Any], stmt: Statement, read: set[str]) -> bool:
    """A read-only lookup whose recorded result was a record (an object with fields) and whose
    variable no statement reads."""
    if not (isinstance(stmt, Assign) and isinstance(stmt.value, Call)):
        return False
    step = steps.get(-1 if stmt.step is None else stmt.step)
    return (
        stmt.value.action.read_only
        and step is not None
        and step.status == "ok"
        and isinstance(step.result, dict)
        and bool(step.result)
        and stmt.var not in read
    )


def _empty(steps: dict[int, Any], stmt: Statement, read: set[str]) -> bool:
    """A read-only lookup whose recorded result was a list (or an empty object) and whose
    variable no statement reads: only its emptiness can have told the model anything."""
    if not (isinstance(stmt, Assign) and isinstance(stmt.value, Call)):
        return False
    step = steps.get(-1 if stmt.step is None else stmt.step)
    return (
        stmt.value.action.read_only
        and step is not None
        and step.status == "ok"
        and (isinstance(step.result, list) or step.result == {})
        and stmt.var not in read
    )


def _tool(stmt: Assign | ExprStmt) -> bool:
    """A changing call of one of the task's own actions (not a browser or built-in one)."""
    assert isinstance(stmt.value, Call)
    return _changes(stmt) and not stmt.value.action.module.startswith("runtime")


_Key = tuple[str, tuple[str | int, ...]]
"""A value passed by reference: the variable's name and the path into it."""


def _key(expr: Expr) -> _Key | None:
    """A value passed by reference (an input, a field of a result); ``None`` for the rest."""
    return (expr.name, tuple(expr.path)) if isinstance(expr, RefExpr) else None


def _rivals(stmt: Assign | ExprStmt, reads: list[Assign], acted: set[Any]) -> list[list[Assign]]:
    """Groups of lookups of one action, made for different values of one keyword, of which
    the change reads some (the value it was made for, or its result: ``quote.id``) while no
    change reads the others (``acted``: :func:`_acted_on` of the whole recipe)."""
    given = _read_by(stmt)
    found: list[list[Assign]] = []
    for group, keyed in _lookup_groups(reads):
        for _, keys in keyed:
            marks = [{key, r.var} for key, r in zip(keys, group, strict=True)]
            if any(m & given for m in marks) and any(not m & acted for m in marks):
                found.append(group)
                break
    return found


def _roles(stmt: Assign | ExprStmt, reads: list[Assign], described: str = "") -> list[list[Assign]]:
    """Groups of lookups of one action, made for different values of one keyword, of which
    the change is given two or more in different arguments (the value a lookup was made for,
    or its result), unless each value's own name says its role (an input ``from_account``
    given as ``from_account``): the roles were chosen on the results."""
    if not (isinstance(stmt.value, Call) and _changes(stmt)):
        return []
    labels = {keyword: _read_by_expr(expr) for keyword, expr in stmt.value.kwargs.items()}
    found: list[list[Assign]] = []
    for group, keyed in _lookup_groups(reads):
        for keyword, keys in keyed:
            roles: list[tuple[Assign, frozenset[str]]] = []
            for key, read in zip(keys, group, strict=True):
                where = frozenset(k for k, refs in labels.items() if {key, read.var} & refs)
                if where:
                    roles.append((read, where))
            if len({where for _, where in roles}) < 2 or _named_roles(roles, keyword, described):
                continue
            found.append([read for read, _ in roles])
            break
    return found


def _lookup_groups(
    reads: list[Assign],
) -> Iterator[tuple[list[Assign], list[tuple[str, list[_Key]]]]]:
    """Each group of two or more lookups of one action, with the keywords it was given
    different values of, each value passed by reference (:func:`_key`), in the group's order."""
    by_action: dict[str, list[Assign]] = {}
    for read in reads:
        assert isinstance(read.value, Call)
        by_action.setdefault(read.value.action.name, []).append(read)
    for group in by_action.values():
        if len(group) < 2:
            continue
        keyed: list[tuple[str, list[_Key]]] = []
        for keyword in group[0].value.kwargs:  # type: ignore[union-attr]
            keys = [
                _key(r.value.kwargs[keyword])  # type: ignore[union-attr]
                for r in group
                if keyword in r.value.kwargs  # type: ignore[union-attr]
            ]
            if len(keys) == len(group) and None not in keys and len(set(keys)) > 1:
                keyed.append((keyword, [k for k in keys if k is not None]))
        yield group, keyed


def _named_roles(
    roles: list[tuple[Assign, frozenset[str]]], keyword: str, described: str = ""
) -> bool:
    """Whether each value's own name holds a word that the other values' names lack and that
    the argument it went to, or the task's words, say (``payer`` → ``payer``; ``first`` and
    ``second`` of "from the first account to the second"; not ``account_a`` →
    ``from_account``)."""
    told = set(word_list(described))
    words = {
        read.var: set(word_list(key[0]))
        for read, key in ((read, _key(read.value.kwargs[keyword])) for read, _ in roles)  # type: ignore[union-attr]
        if key is not None
    }
    if len(words) != len(roles):
        return False
    for read, where in roles:
        own = words[read.var] - set().union(*(w for v, w in words.items() if v != read.var))
        wanted = {w for label in where for w in word_list(label)}
        if not own & wanted and not {w for w in own if len(w) >= 3} & told:
            return False
    return True


def _read_by_expr(expr: Expr) -> set[Any]:
    """The references one argument makes: ``(name, path)`` and the bare names."""
    found: set[Any] = set()
    for _, leaf in leaf_exprs(expr, "argument"):
        if isinstance(leaf, RefExpr):
            found |= {_key(leaf), leaf.name}
    return found


def _read_by(stmt: Statement) -> set[Any]:
    """The references a statement's arguments make: ``(name, path)`` and the bare names."""
    return set().union(*(_read_by_expr(expr) for _, expr in argument_exprs(stmt)))


def _acted_on(statements: Iterable[Statement]) -> set[Any]:
    """What every changing call of the recipe reads (see :func:`_read_by`)."""
    found: set[Any] = set()
    for stmt in walk_statements(tuple(statements)):
        if isinstance(stmt, Assign | ExprStmt) and _changes(stmt):
            found |= _read_by(stmt)
    return found


def _inputs_given(stmt: Assign | ExprStmt, inputs: dict[str, Any]) -> list[tuple[str, str]]:
    """``(input, keyword)`` for each scalar input the call is given whole."""
    assert isinstance(stmt.value, Call)
    found = []
    for keyword, expr in stmt.value.kwargs.items():
        if isinstance(expr, RefExpr) and not expr.path and expr.name in inputs:
            value = inputs[expr.name]
            if isinstance(value, str | int) and not isinstance(value, bool):
                found.append((expr.name, keyword))
    return found


def _holder(read: Assign, name: str) -> bool:
    """A lookup not made for the input itself (``list_invoices(customer)`` holds the
    customer in every item: that says nothing)."""
    assert isinstance(read.value, Call)
    return not any(
        isinstance(leaf, RefExpr) and leaf.name == name
        for label, expr in argument_exprs(read)
        for _, leaf in leaf_exprs(expr, label)
    )


def _member_source(
    held: Any, value: Any, keyword: str, var: str, access: Access | None
) -> str | None:
    """How the recipe writes the values of ``held`` the input is compared with, when they are
    like it but it is not among them: the list itself (of scalars written like it), or the
    field named like the keyword of its records. (An input the list held says less: acting on
    a thing that is not there fails by itself.)"""
    if not isinstance(held, list) or any(json_equal(v, value) for v in _members(held, keyword)):
        return None
    if held and all(isinstance(v, type(value)) and not isinstance(v, bool) for v in held):
        return var if any(_shape(v) == _shape(value) for v in held) else None
    if not held or not all(isinstance(v, dict) for v in held):
        return None
    fields = [f for f in held[0] if isinstance(f, str) and names_field(keyword, f)]
    if len(fields) != 1 or access is None:
        return None
    if not all(isinstance(v.get(fields[0]), type(value)) for v in held):
        return None
    item = "item" if var != "item" else "entry"
    field = _source(RefExpr(name=item, path=(fields[0],), path_kinds=(access,)))
    return f"[{field} for {item} in {var}]"


def _members(held: list[Any], keyword: str) -> list[Any]:
    if all(not isinstance(v, dict) for v in held):
        return held
    return [v.get(f) for v in held for f in v if isinstance(f, str) and names_field(keyword, f)]


def _shape(value: Any) -> str:
    """How a value is written, letters and digits aside (``ana@x.io`` and ``zed@x.io`` alike,
    ``SKU-200`` unlike ``Hamburg``): a list of other things says nothing of the input."""
    text = re.sub(r"[0-9]+", "9", str(value))
    return re.sub(r"[a-z]+", "a", re.sub(r"[A-Z][a-z]*", "A", text))
