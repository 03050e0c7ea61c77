"""Which read-only lookups the hidden-decision guards read though no statement does, so that
``drop_unused`` keeps them (:func:`needed_reads`): a hidden decision input, a lookup of a
recording that changed nothing, the list a small number or a copied record came from, and the
result a typed-out constant may have been worked out from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from compiler.ir import CodeExpr, LiteralExpr, RefExpr, Step
from compiler.passes._choice_guards import choice_reads
from compiler.passes._context import PassContext
from compiler.passes._guard_kit import CLOCK, returned_worked_out
from compiler.passes._hidden_words import (
    _MORE,
    _WORD,
    _action_words,
    _close,
    _compares,
    _conditional,
    _counts,
    _data_numbers,
    _data_texts,
    _data_words,
    _decisive,
    _is_number,
    _named,
    _of_the_head,
    _split,
    _text_numbers,
    _words,
    names_field,
    values_inside,
    written_numbers,
)
from compiler.passes._scope import _canon
from compiler.passes._values import is_distinctive, is_integer
from compiler.passes._walk import (
    argument_exprs,
    leaf_exprs,
    read_later,
)
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    RecipeIR,
    Return,
    walk_statements,
)


def needed_reads(ir: RecipeIR, ctx: PassContext) -> set[int]:
    """Steps of read-only lookups whose results the guards here read, though no statement
    does: a hidden decision input (rule 1), a lookup of a recording that changed nothing (rule
    4), and a list a small number a changing action got was copied from (a pick guard)."""
    steps = {s.index: s for s in ctx.trace.steps}
    copied = _copied_records(ir)
    if not ctx.changes_something:
        # A recording that changed nothing and answered with a value the model wrote out
        # (``days=3``) replays only on the data it saw: every lookup stays for that guard.
        head = _answered_in_head(ctx.trace.steps)
        return {
            s.index
            for s in steps.values()
            if s.action.read_only
            and s.status == "ok"
            and s.action.builtin is None
            and (head or _holds_any(s.result, copied))
        }
    task = ctx.trace.task
    quiet = (
        not _changed_anything(ctx) and not ctx.decisions() and _answered_in_head(ctx.trace.steps)
    )
    literals = _small_literals(ir)
    written = _written_constants(ir)
    described = task.description.lower()
    inputs = [v for k, v in ctx.trace.inputs.items() if k not in task.secret_inputs]
    last_head = _last_head_constant(ir, steps, described)
    out: set[int] = choice_reads(ir, ctx)
    out |= {  # a compute that read the clock, before a constant it may have given
        stmt.step
        for position, stmt in enumerate(ir.statements)
        if isinstance(stmt, Assign)
        and isinstance(stmt.value, CodeExpr)
        and CLOCK.search(stmt.value.source)
        and position < last_head
        and stmt.step is not None
    }
    if _conditional(task.description):  # a number worked out and passed nowhere: decided on
        flags = read_later(ir.statements)
        out |= {
            stmt.step
            for stmt, read in zip(ir.statements, flags, strict=True)
            if not read
            and isinstance(stmt, Assign)
            and isinstance(stmt.value, CodeExpr)
            and stmt.step in steps
            and _is_number(steps[stmt.step].result)
        }
    out |= _lookups_between_changes(ir, steps)
    for position, stmt in enumerate(ir.statements):
        if not (isinstance(stmt, Assign) and isinstance(stmt.value, Call)):
            continue
        step = steps.get(-1 if stmt.step is None else stmt.step)
        if step is None or not stmt.value.action.read_only or step.status != "ok":
            continue
        if (
            quiet
            or position < last_head
            or _named_inputs(step, task.description, inputs)
            or _small_picks(step.result, literals)
            or any(_written_from(v, step.result, described) for v in written)
            or _holds_any(step.result, copied)
        ):
            out.add(step.index)
    return out


def _lookups_between_changes(ir: RecipeIR, steps: dict[int, Step]) -> set[int]:
    """Lookups of one action made again and again, each of a record, with changes between
    them that differ or are missing: the model looked each item up and chose what to do on
    what it read ("120, approve"; "800, forward"), a decision a loop can say
    (:mod:`compiler.passes._hidden_loop`) only while the lookups stay."""
    runs: dict[tuple[str, str], list[int]] = {}
    for position, stmt in enumerate(ir.statements):
        if (
            isinstance(stmt, Assign)
            and isinstance(stmt.value, Call)
            and stmt.value.action.read_only
        ):
            step = steps.get(-1 if stmt.step is None else stmt.step)
            if step is not None and step.status == "ok" and isinstance(step.result, dict):
                action = stmt.value.action
                runs.setdefault((action.module, action.qualname), []).append(position)
    out: set[int] = set()
    for positions in runs.values():
        if len(positions) < 2:
            continue
        after = [_changes_until(ir.statements, p, positions) for p in positions]
        if len({tuple(a) for a in after}) > 1:  # (some acted otherwise, or not at all)
            out |= {s for p in positions if (s := ir.statements[p].step) is not None}
    return out


def _changes_until(statements: Sequence[Any], at: int, positions: list[int]) -> list[str]:
    """The changing actions called after the lookup at ``at``, before the next one."""
    later = [p for p in positions if p > at]
    end = later[0] if later else len(statements)
    return [
        s.value.action.qualname
        for s in statements[at + 1 : end]
        if isinstance(s, Assign | ExprStmt)
        and isinstance(s.value, Call)
        and not s.value.action.read_only
    ]


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


def _last_head_constant(ir: RecipeIR, steps: dict[int, Step], described: str) -> int:
    """The position of the last changing call given a constant the model may have worked out
    in its head from what it read (``42`` after reading ``41``: rule 5 guards it with every
    lookup before it, so none of them may be dropped); -1 when there is none."""
    last, data = -1, []
    for position, stmt in enumerate(ir.statements):
        step = steps.get(-1 if stmt.step is None else stmt.step)
        if isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr) and step is not None:
            if CLOCK.search(stmt.value.source):
                data.append(step.result)  # (the clock, read through a compute)
            continue
        if isinstance(stmt, Return):
            if any(  # (a text returned with a number in it, or a number worked out)
                written_numbers(leaf, data, described)
                or (
                    isinstance(leaf, LiteralExpr)
                    and returned_worked_out(
                        label.split(" ", 1)[-1],
                        leaf.value,
                        data,
                        described,
                        list(ir.statements[:position]),
                    )
                )
                for label, expr in argument_exprs(stmt)
                for _, leaf in leaf_exprs(expr, label)
            ):
                last = position
            continue
        if not (isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)):
            continue
        if stmt.value.action.read_only:
            if step is not None and step.status == "ok":
                data.append(step.result)
            continue
        if stmt.value.action.module.startswith("runtime") or not data:
            continue  # (a browser action's key or text: the page guards have it)
        copied = _data_texts(data)  # (a value copied as it is: its link or pick guard has it)
        if any(
            (
                isinstance(leaf, LiteralExpr)
                and _of_the_head(leaf.value, data, described)
                and not (isinstance(leaf.value, str) and leaf.value.lower() in copied)
            )
            or written_numbers(leaf, data, described)
            for label, expr in argument_exprs(stmt)
            for _, leaf in leaf_exprs(expr, label)
        ):
            last = position
        if step is not None and step.status == "ok":
            data.append(step.result)  # (what a change gave, a ticket's number, is read too)
    return last


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
