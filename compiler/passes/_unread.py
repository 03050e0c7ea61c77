"""Inputs the recipe may not see used: a guard before the first act (a change, a loop making
one, or the ``return``) that the inputs that may be left out are given or left out as
recorded (:func:`._choice_guards.presence_guards`), and that an input no statement reads is
as recorded, or compares as a reason wrote it (:func:`_unread_pins`); and a guard after a
lookup whose field held the value of such an input each time (:func:`_unread_input_guards`).
Split from :mod:`._hidden_decisions`, which calls them."""

from __future__ import annotations

import ast
from typing import Any

from compiler.ir import CodeExpr, RefExpr, Step
from compiler.literals import literal_source
from compiler.passes._choice_guards import presence_guards
from compiler.passes._guard_kit import _changes, _guard
from compiler.passes._hidden_words import (
    _close,
    _conditional,
    _is_number,
    _numbers,
    every_number,
)
from compiler.passes._scope import _Scope, _source
from compiler.passes._values import json_equal, short_repr
from compiler.passes._walk import parse_code
from compiler.recipe_ir import (
    Assign,
    Call,
    Guard,
    Return,
    Statement,
    walk_statements,
)


def _before_first_act(
    statements: list[Statement], scope: _Scope, changes: list[str]
) -> list[Statement]:
    """Before the first change (or loop making one) or ``return``: the inputs that may be left
    out are given or left out as recorded (:func:`presence_guards`), and each input no
    statement reads that a number the model computed with may have come from is as recorded
    (:func:`_unread_pins`)."""
    for n, stmt in enumerate(statements):
        guards = presence_guards(stmt, scope, changes, statements[:n])
        if guards or isinstance(stmt, Return) or any(_changes(s) for s in walk_statements([stmt])):
            guards += _unread_pins(stmt, statements, scope, changes)
            return [*statements[:n], *guards, *statements[n:]]
    return statements


def _unread_pins(
    stmt: Statement, statements: list[Statement], scope: _Scope, changes: list[str]
) -> list[Guard]:
    """An input no statement reads, a flag or a number, in a recipe whose computes hold a
    number the model wrote that the task's words do not ("add 20% VAT if include_vat":
    ``price * 1.2``), or a text, in a task whose words make a change conditional ("on Fridays,
    also email the lead" with ``weekday``): the model may have worked the number out, or
    chosen a step, from the input, so the recipe goes on only while it is as recorded.
    (Numbers passed or returned as written have rule 5.)"""
    written = _numbers(scope.description)
    computes = any(_computes_constant(s, written) for s in walk_statements(statements))
    taken = {n for s in statements if isinstance(s, Guard) for n in s.condition.names}
    guards: list[Guard] = []
    for name in scope.unread:
        value = scope.inputs[name]
        text = isinstance(value, str) and _conditional(scope.description)
        if name in taken or not (_is_number(value) or isinstance(value, bool) or text):
            continue
        compared = _compared_in_reasons(name, value, statements, scope)
        if not (isinstance(value, bool) or text or computes or compared):
            continue  # (a number nothing shows the model used: the words' or the data's rules)
        if compared is not None:  # "20% is above the 15% threshold": discount > threshold
            condition = compared
            message = f"{compared} does not hold, as it did where the recording compared them"
            note = (
                f"The recipe reads {name} nowhere, and the model compared it in its head, as its "
                "reasons write: go on only while the values compare as they did."
            )
        else:
            shown = short_repr(value)
            exact = literal_source(value)
            condition = f"{name} is {value}" if isinstance(value, bool) else f"{name} == {exact}"
            message = f"{name} is not {shown}, as the recording had it"
            note = (
                f"The recipe reads {name} nowhere, but the model had it: a flag, a number or "
                "(where the words make a change conditional: 'on Fridays') a text may have "
                "chosen a bound, a side, an amount or a step the recipe cannot see ("
                + (
                    "and it computes with numbers the task's words do not write"
                    if computes
                    else "nothing shows it did not"
                )
                + f"): go on only while it is {shown}."
            )
        changes.append(f"step {stmt.step}: unread input {name} — guarded ({condition})")
        guards.append(_guard(stmt, condition, (name,), message, note))
    return guards


def _compared_in_reasons(
    name: str, value: Any, statements: list[Statement], scope: _Scope
) -> str | None:
    """``discount_pct > threshold_pct`` when a reason the model gave writes the input's
    recorded number beside numbers the recipe holds, a compute's result or a lookup's field
    ("20% is above the 15% threshold"; "the total 250 is over the 200 threshold, so a credit
    of 25"): what it decided was how they compare, which the recipe keeps, each of them (which
    one it compared, the recipe cannot tell). ``None`` when a reason writes a number the
    recipe does not hold."""
    from compiler.passes.data_flow import access_of

    if not _is_number(value):
        return None
    held: list[tuple[str, float]] = []  # (source, recorded value)
    for stmt in statements:
        if not isinstance(stmt, Assign):
            continue
        got, annotation = scope.result_of(stmt)
        if isinstance(stmt.value, CodeExpr) and _is_number(got):
            held.append((stmt.var, float(got)))
        elif isinstance(stmt.value, Call) and isinstance(got, dict):
            access = access_of(annotation, got)
            for field, field_value in got.items():
                if access is not None and isinstance(field, str) and _is_number(field_value):
                    ref = RefExpr(name=stmt.var, path=(field,), path_kinds=(access,))
                    held.append((_source(ref), float(field_value)))
    written = every_number(scope.description)
    for reason in (s.reason for s in scope.steps.values() if s.reason):
        said = every_number(reason)  # (percentages too: "the 15% threshold")
        if not any(_close(n, float(value)) for n in said):
            continue
        conditions: list[str] = []
        for n in said:
            if _close(n, float(value)) or any(_close(n, w) for w in written):
                continue
            sources = [source for source, v in held if _close(v, n)]
            if not sources:
                return None  # a number the recipe does not hold: no telling what it compared
            sign = ">" if n > float(value) else "<"
            conditions += [f"{source} {sign} {name}" for source in sources]
        if conditions:
            return " and ".join(dict.fromkeys(conditions))
    return None


def _computes_constant(stmt: Statement, written: list[float]) -> bool:
    """A compute holding a number other than 0 and 1 that the task's words do not write."""
    if not (isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr)):
        return False
    numbers = [
        float(node.value)
        for node in ast.walk(parse_code(stmt.value.source))
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float)
    ]
    return any(n not in (0, 1) and not any(abs(n - w) < 1e-9 for w in written) for n in numbers)


def _unread_input_guards(
    stmt: Assign,
    step: Step,
    results: list[Any],
    scope: _Scope,
    decided: set[tuple[str, str | None]],
) -> list[Guard]:
    """A field of a lookup that held, on every repetition, the value of an input no statement
    of the recipe reads ("refund every order shipped to the given country": each order's
    ``country`` was the input ``country``): the model compared them in its head, so the recipe
    goes on only while they are equal (``order.country == country``)."""
    from compiler.passes.data_flow import access_of

    if not isinstance(step.result, dict) or not scope.unread:
        return []
    access = access_of(step.result_type.annotation if step.result_type else None, step.result)
    if access is None:
        return []
    guards: list[Guard] = []
    for field, value in step.result.items():
        if not isinstance(field, str) or (stmt.var, field) in decided:
            continue
        given = [n for n in scope.unread if json_equal(scope.inputs[n], value)]
        if len(given) != 1 or isinstance(value, bool) or value is None:
            continue
        if not all(isinstance(r, dict) and json_equal(r.get(field), value) for r in results):
            continue
        source = _source(RefExpr(name=stmt.var, path=(field,), path_kinds=(access,)))
        condition = f"{source} == {given[0]}"
        guards.append(
            _guard(
                stmt,
                condition,
                (stmt.var, given[0]),
                f"{source} is not {given[0]}, as it was each time the recording went on",
                f"{source} was the input {given[0]} each time, and the recipe reads "
                f"{given[0]} nowhere else: the model compared them in its head. Go on only "
                "while they are equal.",
            )
        )
    return guards
