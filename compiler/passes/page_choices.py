"""Pass ``page_choices``: a choice the agent made by reading the page is not replayed blindly.

Rule: a changing browser action that picks one of the page's alternatives — ticks a radio, a
checkbox or a switch, picks an option (:data:`CHOICE_ROLES`), selects a drop-down option or
types a value — by a constant that is no input, no data the recipe holds (a tool result, a
value read from the page) and no text the task description writes, was decided by reading the
page ("we recommend Team", the cheapest option, a one-time code shown there): the recipe goes
on only while a read the recording made that holds that constant (``read_text`` of the
recommendation) reads the very text it read then (``text == "…Team plan."``), and with no such read
it leaves through a side exit before the action (the agent decides on the page it sees).

A button or a link pressed by a constant name ("Continue") is a control of the page, not one
of its alternatives: it is replayed as recorded. Elements found by their position are the
``control_flow`` pass's (it stops before them).

Runs after ``locator_data`` (an element whose text is data is found by that data: no constant
is left to guard) and before ``drop_unused`` (a read a guard checks is kept).
"""

from __future__ import annotations

import json
import re
from typing import Any

from compiler.ir import CodeExpr, LiteralExpr, LocatorExpr
from compiler.literals import literal_source
from compiler.locators import candidate_text
from compiler.passes._context import PassContext
from compiler.recipe_ir import Assign, Call, ExprStmt, Guard, RecipeIR, Statement

CHOICE_ROLES = frozenset(
    {"radio", "checkbox", "switch", "option", "menuitemradio", "menuitemcheckbox"}
)
"""Roles of an element that is one of several alternatives the page offers."""
CHOICE_ACTIONS = frozenset({"click", "check", "uncheck", "select_option", "fill"})
"""Browser actions that pick an alternative or type a value."""
TYPED = {"fill": "value", "select_option": "option"}
"""The argument of an action whose value is typed or picked text."""
_DESCRIBED = re.compile(r'^(\S+) ("(?:[^"\\]|\\.)*")$')


def page_choices(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """A guard before each choice read off the page (see the module docstring)."""
    if not any(_browser_call(s) is not None for s in ir.statements):
        return ir, []
    description = _norm(ctx.trace.task.description).lower()
    inputs = {
        _norm(v if isinstance(v, str) else f"{v}").lower()
        for v in _input_values(ctx.trace.inputs.values())
        if isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool) and abs(v) < 1e18)
    }
    steps = {s.index: s for s in ctx.trace.steps}
    reads: list[tuple[str, str]] = []  # (variable, the text it read), in recipe order
    out: list[Statement] = []
    changes: list[str] = []
    stopped = False
    for stmt in ir.statements:
        call = _browser_call(stmt)
        if call is not None and call.action.read_only and isinstance(stmt, Assign):
            step = steps.get(stmt.step) if stmt.step is not None else None
            if step is not None and isinstance(step.result, str) and step.result.strip():
                reads.append((stmt.var, step.result))
        elif call is not None and call.action.name in CHOICE_ACTIONS and not stopped:
            for what, text in _choices(call, description, inputs):
                read = next(
                    (r for r in reversed(reads) if _holds(_norm(r[1]).lower(), text.lower())),
                    None,
                )
                guard = _stop(stmt, what) if read is None else _same_read(stmt, what, *read)
                out.append(guard)
                stopped = read is None
                how = "side exit" if read is None else f"guard on {read[0]}"
                changes.append(f"step {stmt.step}: {what} chosen by reading the page: {how}")
                break
        out.append(stmt)
    if not changes:
        return ir, []
    return ir.model_copy(update={"statements": tuple(out)}), changes


def _input_values(values: Any) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, list | tuple):
            out += _input_values(value)
        elif isinstance(value, dict):
            out += _input_values(value.values())
        else:
            out.append(value)
    return out


def _browser_call(stmt: Statement) -> Call | None:
    if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
        return None
    if stmt.value.action.module != "runtime.browser.actions":
        return None
    return stmt.value


def _choices(call: Call, description: str, inputs: set[str]) -> list[tuple[str, str]]:
    """``(what, constant)`` for each alternative ``call`` picks, or value it types, by a
    constant no input, data or task description explains."""
    out: list[tuple[str, str]] = []
    typed = TYPED.get(call.action.name)
    for label, expr in call.kwargs.items():
        if typed is not None and label == typed:
            if isinstance(expr, LiteralExpr) and isinstance(expr.value, str):
                text = _norm(expr.value)
                if text and not _explained(text, description, inputs):
                    out.append((f"the {typed} {json.dumps(text, ensure_ascii=False)}", text))
        elif isinstance(expr, LocatorExpr):
            choice = _choice_text(expr)
            if choice is not None and not _explained(choice[1], description, inputs):
                out.append(choice)
    return out


def _choice_text(expr: LocatorExpr) -> tuple[str, str] | None:
    """``(description, name)`` of an element of a choice role found by a constant name
    (none of its candidates built from data, none found only by its position)."""
    if any(c.text_from is not None for c in expr.candidates):
        return None
    shown = _DESCRIBED.match(expr.description or "")
    role = shown.group(1) if shown else None
    role = next((c.value for c in expr.candidates if c.strategy == "role"), role)
    if role not in CHOICE_ROLES:
        return None
    texts = [t for t in (candidate_text(c) for c in expr.candidates) if t]
    name = texts[0] if texts else (json.loads(shown.group(2)) if shown else None)
    if not name or not _norm(name):
        return None
    return expr.description or f'{role} "{name}"', _norm(name)


def _explained(text: str, description: str, inputs: set[str]) -> bool:
    """Whether an input equals ``text`` or the task description writes it (as whole words)."""
    low = text.lower()
    return low in inputs or _holds(description, low)


def _holds(text: str, part: str) -> bool:
    """Whether ``text`` shows ``part`` as whole words (not inside a longer word or number)."""
    for match in re.finditer(re.escape(part), text):
        start, end = match.span()
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
    return False


def _norm(text: str) -> str:
    return " ".join(text.split())


def _stop(stmt: Statement, what: str) -> Guard:
    return Guard(
        step=stmt.step,
        condition=CodeExpr(source="False"),
        message=(
            f"the recording chose {what} by reading the page, and nothing the recipe reads "
            "says the page asks for it now"
        ),
        notes=(
            f"The recording chose {what} from what the page showed (no input, no data and no "
            "words of the task say it): the agent takes over here.",
        ),
    )


def _same_read(stmt: Statement, what: str, var: str, text: str) -> Guard:
    return Guard(
        step=stmt.step,
        condition=CodeExpr(source=f"{var} == {literal_source(text)}", names=(var,)),
        message=f"the page no longer shows the text the recording read before it chose {what}",
        notes=(
            f"The recording chose {what} after reading this text on the page: go on only "
            "while it reads what it read then.",
        ),
    )
