"""Pass ``page_choices``: a choice the agent made by reading the page is not replayed blindly.

Rule: a changing browser action that picks one of the page's alternatives — ticks a radio, a
checkbox or a switch, picks an option (:data:`CHOICE_ROLES`), selects a drop-down option or
types a value — by a constant that is no input, no data the recipe holds (a tool result, a
value read from the page) and no text the task description writes, was decided by reading the
page ("we recommend Team", the cheapest option, a one-time code shown there): the recipe goes
on only while a read the recording made that holds that constant (``read_text`` of the
recommendation) reads the very text it read then (``text == "…Team plan."``), and with no such read
it leaves through a side exit before the action (the agent decides on the page it sees).

A button, a link or a text clicked by a constant is one of the page's alternatives too when
the page showed elements alike to it (same tag, role, class and place:
:attr:`~compiler.ir.LocatorExpr.alike`) whose names differ from its name in one part only: a
button named "Choose Team" among "Choose Starter" and "Choose Business" (the part they share is
the control, the part that differs is the choice), or a card or a link "Team" among cards "Starter"
and "Business". A button with no such alike siblings ("Continue", "Submit": the page shows no
rival of that name) is a control of the page: it is replayed as recorded. Elements found by
their position are the ``control_flow`` pass's (it stops before them).

Words explain a choice only when they name this option and none of its rivals (the names of its
alike siblings): a description that lists every plan does not say which one to pick, and a read
that holds every plan's name (sizing guidance) cannot tell which was chosen, so it guards
nothing. A typed value is explained by an input only when the recipe types that input (a
reference, bound by ``parameters``); a literal that merely equals an input (a short "4" kept as
written) goes on only while the input still equals it (``str(boxes) == "4"``), unless the task's
words make what is typed depend on something ("the number of boxes, or the page's minimum if it
sets a higher one"): then it is a choice like the others.

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
from compiler.passes._hidden_words import _conditional
from compiler.recipe_ir import Assign, Call, ExprStmt, Guard, RecipeIR, Statement, side_exit

CHOICE_ROLES = frozenset(
    {"radio", "checkbox", "switch", "option", "menuitemradio", "menuitemcheckbox"}
)
"""Roles of an element that is one of several alternatives the page offers."""
CHOICE_ACTIONS = frozenset({"click", "click_text", "check", "uncheck", "select_option", "fill"})
"""Browser actions that pick an alternative or type a value."""
TYPED = {"fill": "value", "select_option": "option"}
"""The argument of an action whose value is typed or picked text."""
CLICKS = frozenset({"click", "click_text"})
"""Actions whose target may be an alternative by its alike siblings (see the module docstring)."""
FIELD_ROLES = frozenset({"textbox", "searchbox", "combobox", "listbox", "spinbutton", "slider"})
"""Roles of fields: clicked to type into, not one of the page's alternatives."""
CONTROL_ROLES = frozenset({"button"})
"""Roles of page controls: one is an alternative only when its name shares a part with alike
siblings' names and differs from them in the rest ("Choose Team" among "Choose Starter")."""
_DESCRIBED = re.compile(r'^(\S+) ("(?:[^"\\]|\\.)*")$')


def page_choices(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """A guard before each choice read off the page (see the module docstring)."""
    if not any(_browser_call(s) is not None for s in ir.statements):
        return ir, []
    description = _norm(ctx.trace.task.description).lower()
    inputs = {
        _norm(v if isinstance(v, str) else f"{v}").lower()
        for v in _input_values(ctx.trace.inputs.values())
        if _scalar(v)
    }
    named = {
        _norm(v if isinstance(v, str) else f"{v}"): (name, v)
        for name, v in reversed(list(ctx.trace.inputs.items()))
        if _scalar(v) and name.isidentifier()
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
            for what, text, rivals in _choices(call, description, inputs):
                copy = named.get(text) if call.action.name in TYPED else None
                if copy is not None and not _conditional(description):
                    out.append(_same_input(stmt, what, *copy))
                    changes.append(f"step {stmt.step}: {what} equals input {copy[0]!r}: guard")
                    break
                read = next(
                    (r for r in reversed(reads) if _names_only(_norm(r[1]).lower(), text, rivals)),
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


def _scalar(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, int) and not isinstance(value, bool) and abs(value) < 1e18
    )


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


def _choices(
    call: Call, description: str, inputs: set[str]
) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(what, constant, rivals)`` for each alternative ``call`` picks, or value it types, by a
    constant no data or words of the task explain; ``rivals``: the other alternatives' names."""
    out: list[tuple[str, str, tuple[str, ...]]] = []
    typed = TYPED.get(call.action.name)
    for label, expr in call.kwargs.items():
        if typed is not None and label == typed:
            if isinstance(expr, LiteralExpr) and isinstance(expr.value, str):
                text = _norm(expr.value)
                if text and not _holds(description, text.lower()):
                    out.append((f"the {typed} {json.dumps(text, ensure_ascii=False)}", text, ()))
        elif isinstance(expr, LocatorExpr):
            choice = _choice_text(expr, clicked=call.action.name in CLICKS)
            if choice is not None and not _explained(choice[1], choice[2], description, inputs):
                out.append(choice)
    return out


def _choice_text(expr: LocatorExpr, *, clicked: bool) -> tuple[str, str, tuple[str, ...]] | None:
    """``(description, the part of its name that chooses, rivals)`` of an element that is one
    of the page's alternatives, found by a constant name (none of its candidates built from
    data, none found only by its position); see the module docstring. ``clicked``: the action
    clicks it (a field typed into is no alternative, whatever fields are alike to it)."""
    if any(c.text_from is not None for c in expr.candidates):
        return None
    shown = _DESCRIBED.match(expr.description or "")
    role = shown.group(1) if shown else None
    role = next((c.value for c in expr.candidates if c.strategy == "role"), role)
    texts = [t for t in (candidate_text(c) for c in expr.candidates) if t]
    name = texts[0] if texts else (json.loads(shown.group(2)) if shown else None)
    if not name or not _norm(name):
        return None
    name = _norm(name)
    what = expr.description or f'{role} "{name}"'
    alike = [_norm(a) for a in expr.alike or () if _norm(a) and _norm(a) != name]
    if role in CHOICE_ROLES:
        return what, name, tuple(alike)
    if not alike or not clicked or role in FIELD_ROLES:
        return None
    if role not in CONTROL_ROLES:
        return what, name, tuple(alike)
    parts = [p for p in (_differing(name, a) for a in alike) if p is not None]
    if not parts:
        return None
    part = min((p[0] for p in parts), key=len)
    return what, part, tuple(dict.fromkeys(p[1] for p in parts if p[0] == part))


def _differing(name: str, other: str) -> tuple[str, str] | None:
    """The words of ``name`` and of ``other`` that differ when the two share their first or
    last words ("Choose Team", "Choose Starter" → "Team", "Starter"), else ``None``."""
    a, b = name.split(), other.split()
    head = 0
    while head < min(len(a), len(b)) and a[head].lower() == b[head].lower():
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail].lower() == b[-1 - tail].lower():
        tail += 1
    if head + tail == 0 or head + tail >= min(len(a), len(b)):
        return None
    return " ".join(a[head : len(a) - tail]), " ".join(b[head : len(b) - tail])


def _explained(text: str, rivals: tuple[str, ...], description: str, inputs: set[str]) -> bool:
    """Whether an input equals ``text``, or the task description writes it (as whole words)
    and none of its rivals."""
    low = text.lower()
    return low in inputs or _names_only(description, text, rivals)


def _names_only(words: str, text: str, rivals: tuple[str, ...]) -> bool:
    """Whether lower-cased ``words`` show ``text`` and none of ``rivals`` (as whole words)."""
    return _holds(words, text.lower()) and not any(_holds(words, r.lower()) for r in rivals)


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
    return side_exit(
        stmt.step,
        f"the recording chose {what} by reading the page, and nothing the recipe reads says "
        "the page asks for it now",
        f"The recording chose {what} from what the page showed (no input, no data and no words "
        "of the task say it): the agent takes over here.",
    )


def _same_input(stmt: Statement, what: str, name: str, value: Any) -> Guard:
    source = name if isinstance(value, str) else f"str({name})"
    text = _norm(value if isinstance(value, str) else f"{value}")
    return Guard(
        step=stmt.step,
        condition=CodeExpr(source=f"{source} == {literal_source(text)}", names=(name,)),
        message=f"the recording typed {what}, which equalled input {name!r}; it differs now",
        notes=(
            f"The recording typed {what}, written as a constant that equals input {name!r}: "
            "go on only while the input still equals it (it may be a copy, or a coincidence).",
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
