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

Rule 1 reaches the items of a listing too: a true/false field every recorded item had with the
same value, which the words name or negate ("unpaid" names ``paid``) and no visible filter
reads, must hold for every item (``all(not invoice.paid for invoice in invoices)``). And a loop
whose changing call got a different argument value on each of two or more recorded iterations
goes on only while the values it will pass are all different (a repeated one is a situation
the recording never showed). Neither applies to browser actions (``runtime.*``).

:func:`needed_reads` tells ``drop_unused`` which lookups to keep for these guards (a result the
recipe otherwise never reads); :func:`hidden_decisions` writes them inside ``control_flow``,
after the visible decisions and picks are guarded.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from compiler.fingerprint import fingerprint
from compiler.ir import CodeExpr, LiteralExpr, RefExpr, Step
from compiler.literals import literal_source
from compiler.naming import singular
from compiler.passes._context import PassContext
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
    RecipeIR,
    Return,
    Statement,
    Until,
    walk_statements,
)

_WORD = re.compile(r"[A-Za-z]+")
_NUMBER = re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)?(?![\w%])")
_SIGNS = frozenset({"positive", "negative", "zero"})
"""Words that compare a number with 0: with the numbers the description writes, what makes a
number field it names a decision input (a percentage to take off is no threshold, and "at
least the minimum order" compares no field with 0)."""
_CONDITIONAL = frozenset({"if", "unless", "when", "whether", "only", "otherwise", "any"})
"""Words that make a change depend on the data."""
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VERBS = ("get", "read", "check", "fetch", "load", "find", "lookup", "is", "has", "count")


# --------------------------------------------------------------------------- what drop_unused keeps


def needed_reads(ir: RecipeIR, ctx: PassContext) -> set[int]:
    """Steps of read-only lookups whose results the guards here read, though no statement
    does: a hidden decision input (rule 1), a lookup of a recording that changed nothing (rule
    4), and a list a small number a changing action got was copied from (a pick guard)."""
    steps = {s.index: s for s in ctx.trace.steps}
    copied = _copied_records(ir)
    if not ctx.changes_something:
        return {
            s.index
            for s in steps.values()
            if s.action.read_only and s.status == "ok" and _holds_any(s.result, copied)
        }
    task = ctx.trace.task
    quiet = (
        not _changed_anything(ctx) and not ctx.decisions() and _answered_in_head(ctx.trace.steps)
    )
    literals = _small_literals(ir)
    written = _written_constants(ir)
    described = task.description.lower()
    inputs = [v for k, v in ctx.trace.inputs.items() if k not in task.secret_inputs]
    out: set[int] = set()
    for stmt in ir.statements:
        if not (isinstance(stmt, Assign) and isinstance(stmt.value, Call)):
            continue
        step = steps.get(-1 if stmt.step is None else stmt.step)
        if step is None or not stmt.value.action.read_only or step.status != "ok":
            continue
        if (
            quiet
            or _named_inputs(step, task.description, inputs)
            or _small_picks(step.result, literals)
            or any(_written_from(v, step.result, described) for v in written)
            or _holds_any(step.result, copied)
        ):
            out.add(step.index)
    return out


def _copied_records(ir: RecipeIR) -> set[str]:
    """The distinctive values inside the literal lists and objects a recipe returns: records
    the model copied whole out of a lookup, which the pick guard checks against it."""
    found: set[str] = set()
    for stmt in ir.statements:
        if isinstance(stmt, Return):
            for label, expr in argument_exprs(stmt):
                for _, leaf in leaf_exprs(expr, label):
                    if isinstance(leaf, LiteralExpr) and isinstance(leaf.value, list | dict):
                        found |= {_canon(v) for v in values_inside(leaf.value) if is_distinctive(v)}
    return found


def values_inside(value: Any) -> list[Any]:
    """The values inside a list or object at any depth (the first 100 of each container), or
    ``value`` itself."""
    if isinstance(value, list):
        return [v for item in value[:100] for v in values_inside(item)]
    if isinstance(value, dict):
        return [v for item in list(value.values())[:100] for v in values_inside(item)]
    return [value]


def _holds_any(result: Any, values: set[str]) -> bool:
    """Whether a lookup's result holds, inside a list, one of ``values`` (canonical JSON)."""
    if not values or not isinstance(result, list | dict):
        return False
    return bool({_canon(v) for v in values_inside(result)} & values)


def _written_constants(ir: RecipeIR) -> list[Any]:
    """The literals changing calls got (the constants rule 5 may guard)."""
    found: list[Any] = []
    for stmt in ir.statements:
        if (
            isinstance(stmt, Assign | ExprStmt)
            and isinstance(stmt.value, Call)
            and not stmt.value.action.read_only
        ):
            for label, expr in argument_exprs(stmt):
                for _, leaf in leaf_exprs(expr, label):
                    if isinstance(leaf, LiteralExpr):
                        found.append(leaf.value)
    return found


def _written_from(value: Any, result: Any, described: str) -> bool:
    """Whether a constant may have been worked out from this result: a number of it, or a text
    holding one of its numbers or words (rule 5 guards the constant with the result, so the
    lookup must stay though nothing else reads it)."""
    if value is None or isinstance(value, bool) or not _of_the_head(value, [result], described):
        return False
    if _is_number(value):
        return any(_close(float(value), n) for n in _data_numbers([result]))
    if isinstance(value, str):
        words = {w.lower() for w in _WORD.findall(value) if len(w) >= 3} - _words(described)
        return bool(
            _data_numbers([result]) & _text_numbers(value, described)
            or words & _data_words([result])
        )
    return False


def _answered_in_head(steps: Iterable[Step]) -> bool:
    """Whether the recording answered with a value the model wrote out (not ``None``) or
    counted, rather than one read as it is from the data (which the guardrail can check)."""
    steps = list(steps)
    computes = {
        s.result_var: s.args.get("expression")
        for s in steps
        if s.action.builtin == "compute" and s.result_var
    }
    for step in steps:
        if step.action.builtin != "finish":
            continue
        for _, expr in step.args.items():
            if isinstance(expr, LiteralExpr) and expr.value is not None:
                return True
            if isinstance(expr, RefExpr) and not expr.path and expr.name in computes:
                source = computes[expr.name]
                code = source.value if isinstance(source, LiteralExpr) else None
                if isinstance(code, str) and (_decisive(code) or _counts(code)):
                    return True
    return False


def _counts(source: str) -> bool:
    """Whether a compute counts or sums what a filter keeps (``sum(1 for i in invoices if not
    i.paid)``): a number the model worked out from the data, as a ``len`` is."""
    return any(
        isinstance(node, ast.comprehension) and node.ifs for node in ast.walk(parse_code(source))
    )


def _changed_anything(ctx: PassContext) -> bool:
    return any(
        s.status == "ok" and not s.action.read_only and s.action.builtin is None
        for s in ctx.trace.steps
    )


def _small_literals(ir: RecipeIR) -> set[tuple[str, int]]:
    """``(keyword, value)`` of the small integers changing calls got as literals."""
    found: set[tuple[str, int]] = set()
    for stmt in walk_statements(ir.statements):
        if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
            if stmt.value.action.read_only:
                continue
            for key, expr in stmt.value.kwargs.items():
                value = expr.value if isinstance(expr, LiteralExpr) else None
                if isinstance(value, int) and is_integer(value):
                    found.add((key, value))
    return found


def _small_picks(result: Any, literals: set[tuple[str, int]]) -> bool:
    if not literals or not isinstance(result, list):
        return False
    return any(
        isinstance(item, dict) and names_field(key, field) and item.get(field) == value
        for item in result[:500]
        for key, value in literals
        for field in (item if isinstance(item, dict) else ())
    )


def names_field(keyword: str, field: str) -> bool:
    """Whether an argument's keyword names an item's field (``number`` / ``number``,
    ``ticket_id`` / ``id``, ``id`` / ``ticket_id``)."""
    return keyword == field or keyword.endswith("_" + field) or field.endswith("_" + keyword)


# --------------------------------------------------------------------------- the pass


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
        if isinstance(stmt, Loop) and not any(isinstance(s, If | Until) for s in stmt.body):
            body = _block(list(stmt.body), scope, changes, decided, numbers, loop=stmt)
            stmt = stmt.model_copy(update={"body": tuple(body)})
        if loop is None and isinstance(stmt, Assign | ExprStmt) and _changes(stmt):
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


# --------------------------------------------------------------------------- rule 1


def _named_inputs(step: Step, description: str, inputs: list[Any]) -> list[tuple[str | None, Any]]:
    """``(field, value)`` of a read-only result that the task's words name (``None``: the whole
    result)."""
    result = step.result
    words = _words(description)
    found: list[tuple[str | None, Any]] = []
    if isinstance(result, bool) or (
        _is_number(result)
        and _compares(description)
        and _named(_action_words(step.action.name), words)
    ):
        found.append((None, result))
    elif isinstance(result, dict):
        for field, value in result.items():
            if isinstance(field, str) and _MORE.search(field):
                found.append((field, value))  # whether to read on: decided on it, always
                continue
            if not isinstance(field, str) or any(value == v for v in inputs):
                continue
            if isinstance(value, bool) or (_is_number(value) and _compares(description)):
                if _named(_split(field), words):
                    found.append((field, value))
            elif isinstance(value, str) and len(value) >= 3 and value.lower() in words:
                found.append((field, value))
    return found


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


# --------------------------------------------------------------------------- items of a list


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


# --------------------------------------------------------------------------- distinct items


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


# --------------------------------------------------------------------------- rule 2


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


def _decisive(source: str) -> bool:
    for node in ast.walk(parse_code(source)):
        if isinstance(node, ast.Compare | ast.IfExp | ast.BoolOp):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
            return True
    return False


# --------------------------------------------------------------------------- rule 3


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


# --------------------------------------------------------------------------- rule 4


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


# --------------------------------------------------------------------------- rule 5


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


_MORE = re.compile(r"^(?:next|next_?(?:cursor|page|token|url|link)|cursor|has_?more|more)$", re.I)
"""A field that says whether a listing has another page (``next_cursor``, ``has_more``)."""

_TOKEN = re.compile(r"\S{1,64}")


def _chosen(value: Any, data: list[Any], described: str) -> bool:
    """A yes/no, or a one-word value made from the data (a username from a name, ``"DE"`` for
    ``"de"``, ``proj-ax7`` from a code ``AX7``), that the model typed for a changing call: a
    choice it made for this input, unless the description (or a recorded failure's message:
    "requires a currency, e.g. currency='EUR'") writes that word and no other it could have
    chosen instead ("go express; the rest go standard" writes two: then it is a choice even
    with no data in it). A word no data holds (``carrier="DHL"``) is the model's own pick for
    every input, as a sentence it composed is, and stays."""
    if isinstance(value, bool):
        return True
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        return False
    if re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", described):
        return bool(re.search(r"\b(?:the )?(?:rest|others?|otherwise|else)\b", described))
    return _made_from(value.lower(), _data_texts(data))


def _made_from(token: str, texts: set[str]) -> bool:
    """Whether a token shares a piece of two characters or more with a text of the data: it
    is one of them, holds one of their words, or one of its pieces is in one of them."""
    pieces = [p for p in re.split(r"[\W_]+", token) if len(p) >= 2]
    for text in texts:
        if token == text or any(p in text for p in pieces):
            return True
        if any(len(w) >= 3 and w in token for w in re.split(r"[\W_]+", text)):
            return True
    return False


def _of_the_head(value: Any, data: list[Any], described: str) -> bool:
    """A constant that may be worked out from the data: a number, a date, a text holding a
    word of a string the data holds; not one the description writes."""
    if value is None or isinstance(value, bool):
        return False
    if _is_number(value):
        if (isinstance(value, int) and value.bit_length() > 64) or not math.isfinite(value):
            return False  # (no head works out an infinity or a 20-digit number)
        return not any(_close(value, n) for n in _numbers(described))
    if not isinstance(value, str) or value.lower() in described:
        return False
    if _DATE.search(value):
        return True
    if _data_numbers(data) & _text_numbers(value, described):
        return True  # "Amount due: 1,250.00 EUR": a number of the data, written out
    words = {w.lower() for w in _WORD.findall(value) if len(w) >= 3} - _words(described)
    return bool(words & _data_words(data))


_WRITTEN = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")


def _text_numbers(text: str, described: str) -> set[float]:
    """The numbers a text writes (``1,250.00`` is 1250), less the description's and less 0–9
    (a count in passing), as floats."""
    found = {float(n.replace(",", "")) for n in _WRITTEN.findall(text)}
    return {n for n in found if abs(n) >= 10} - set(_numbers(described))


def _leaves(data: list[Any]) -> Iterator[Any]:
    """The scalars of recorded values, down to depth 4 (the first 100 items of each list)."""

    def walk(node: Any, depth: int) -> Iterator[Any]:
        if isinstance(node, list | dict):
            if depth < 4:
                items = node[:100] if isinstance(node, list) else list(node.values())
                for item in items:
                    yield from walk(item, depth + 1)
        else:
            yield node

    for value in data:
        yield from walk(value, 0)


def _data_texts(data: list[Any]) -> set[str]:
    return {v.lower() for v in _leaves(data) if isinstance(v, str) and v}


def _data_words(data: list[Any]) -> set[str]:
    return {
        w.lower()
        for v in _leaves(data)
        if isinstance(v, str)
        for w in _WORD.findall(v)
        if len(w) >= 3
    }


def _data_numbers(data: list[Any]) -> set[float]:
    return {
        float(v)
        for v in _leaves(data)
        if _is_number(v) and (not isinstance(v, int) or v.bit_length() <= 64) and math.isfinite(v)
    }


# --------------------------------------------------------------------------- shared


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


def _conditional(text: str) -> bool:
    """Whether the task's words make what it changes depend on the data (rules 2 and 3)."""
    return bool(_words(text) & _CONDITIONAL)


def _compares(text: str) -> bool:
    return any(n != 0 for n in _numbers(text)) or bool(_words(text) & _SIGNS)


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text)]


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _split(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name)
    return [p.lower() for p in spaced.split("_") if p]


def _action_words(name: str) -> list[str]:
    parts = _split(name)
    return parts[1:] if len(parts) > 1 and parts[0] in _VERBS else parts


def _named(parts: list[str], words: set[str]) -> bool:
    """Whether the words name a field: a part of four letters or more is a word of the text,
    or shares its first six letters with one (``eligibility`` / ``eligible``)."""
    for part in parts:
        if len(part) < 4:
            continue
        if part in words or any(len(w) >= 6 and w[:6] == part[:6] for w in words):
            return True
    return False
