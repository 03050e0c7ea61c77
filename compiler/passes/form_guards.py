"""Guards before a click that submits a form: the page shows the fields the recording filled.

Rule: a click the recording made after typing on the same page goes on only while the page's
visible, enabled form fields are the ones the recording saw just before it (its target's
:attr:`~compiler.ir.LocatorExpr.form_fields`); a field that appeared on a choice (a State
drop-down once the country is the United States) or went away leaves through a side exit
before the click, and the agent fills the form. Traces recorded without the fields get no
guard. The check is one evaluation in the page (``runtime.browser.same_form``).

Rule: the fields carry their values too (``textbox "Country" = "Germany"``): each field the
recording typed into held, before the recipe typed, what it held before the recording typed
(a phone found empty and typed may be on file now), and each field it left alone holds what it
held then (a Country already "Germany" may be "France" now); otherwise a side exit, since the
agent decided what to type, and what to leave, from those values. A password is recorded only
as set or empty.

Rule: the choice controls the run left alone are part of what the agent decided on: before a
click it made on a button or a link, the recording keeps the state of the checkboxes, switches
and radio buttons it never acted on, on a page that showed none too (entries that start
:data:`LEFT_ALONE`: each box left alone ticked by name, one entry for all those left alone
unticked, each radio group left alone with its choice; ``runtime.browser.form_fields`` states
the rules), and the click goes on only while the controls the replay left alone hold that
state: a box that comes pre-ticked, or an Express shipping pre-selected where the recording left
Standard, leaves through a side exit before the click. Such a guard is written after no typing
too; after typing, the form's fields come first (:data:`NO_FIELDS` when there were none), and
after none, the value fields left alone where the page shows any (a Quantity drop-down left at
"1" that is "5" at replay leaves through the side exit too).

Rule: a click on a toggle (a button with ``aria-pressed``, a switch, a checkbox) goes on only
while the toggle shows the state the recording clicked it in (its target's
:attr:`~compiler.ir.LocatorExpr.state`, ``not pressed``): clicking a switch that is already on
turns it off, the opposite of what the recording did (``runtime.browser.same_state``).

Rule: a click on a button inside a dialog (role ``dialog`` or ``alertdialog``, a ``<dialog>``,
an ``aria-modal`` box, or a confirm box without that markup: ``runtime.browser.toggles``) goes
on only while the dialog offers the buttons it offered when the recording clicked and asks what
it asked (its target's state, ``in a dialog offering "Cancel", "Delete" asking "Delete the
account ana?"``): a dialog that now asks another question ("Delete the files as well?" [Keep
files] [Delete], or "Delete the account ivy and the 5 shared files it owns?") is one the
recording never answered, so the recipe leaves through a side exit before the click and the
agent answers it. Same check as a toggle's: one evaluation in the page.

Rule: a click in a loop that, when recorded, opened no dialog (its target's ``opened_dialog``
is false) is followed by the check that none opened (``no_new_dialog``): a delete that asks to
confirm on this row only is a question the recording never answered, and walking on to the
next row would leave it unanswered and report the work done. The check gives a click whose page
has not changed yet time to (a confirm box that opens 0.7 s after Delete), except a toggle's;
and the recipe returns only while no dialog is left open (``runtime.browser.dialogs``).

Rule: in a loop, the repetitions' questions become one question tied to the loop item's data:
the part in which they differ is the item's field whose recorded value each question held there
(``Delete {table_item.user}?``, written as an f-string), so at replay each item's dialog must
ask about that item ("Delete everything?" does not fit). Questions no item field explains make
no pattern (the first repetition's question stands: other items stop before the click).
"""

from __future__ import annotations

import json

from compiler.ir import ACTED, LEFT_ALONE, NO_FIELDS, CodeExpr, FStringExpr, LocatorExpr, RefExpr
from compiler.passes._context import PassContext
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
)

CLICKS = frozenset({"click", "click_text"})
"""The browser actions whose recorded target may carry the form the click submits."""
CHOICES = (LEFT_ALONE, ACTED)
"""How the entries of a recorded form's choices part start (the rest are its fields)."""
HELPER = "runtime.browser.same_form"
"""The guard's helper, as ``module.name`` (see :class:`~compiler.recipe_ir.Guard`'s ``uses``)."""
DIALOG_HELPER = "runtime.browser.no_new_dialog"
"""The helper of the check after a click that opened no dialog when recorded."""
LEFT_HELPER = "runtime.browser.dialogs.no_dialog_left"
"""The helper of the check before a return, after such clicks, that no dialog is left open."""
STATE_HELPER = "runtime.browser.same_state"
"""The toggle (and dialog) guard's helper."""
DIALOG_STATE = "in a dialog offering "
"""How a recorded state starts for a button in a dialog (``runtime/browser/page_helpers.js``,
``dialogOfferOf``): then the buttons' names follow, sorted, each quoted."""


def form_guards(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """A :func:`same_form` guard before each click whose target recorded its form fields."""
    if ir.page_name is None:
        return ir, []
    changes: list[str] = []
    states = [
        expr.state
        for step in ctx.trace.steps
        if step.status == "ok" and step.action.name in CLICKS
        for expr in step.args.values()
        if isinstance(expr, LocatorExpr) and expr.state is not None
    ]
    values = _recorded_fields(ctx)
    statements = _guarded(ir.statements, ir.page_name, changes, states, values)
    if any(change.startswith(_DIALOG_CHECK) for change in changes):
        statements = _before_returns(statements, ir.page_name)
        changes.append("dialog check: the recipe returns only while no dialog is left open")
    if not changes:
        return ir, []
    return ir.model_copy(update={"statements": statements}), changes


def _guarded(
    statements: tuple[Statement, ...],
    page: str,
    changes: list[str],
    states: list[str],
    values: dict[str, set[str]],
    in_loop: bool = False,
    var: str | None = None,
) -> tuple[Statement, ...]:
    out: list[Statement] = []
    for stmt in statements:
        if isinstance(stmt, Loop | Until):
            inner = stmt.var if isinstance(stmt, Loop) else None
            body = _guarded(stmt.body, page, changes, states, values, True, inner)
            stmt = stmt.model_copy(update={"body": body})
        elif isinstance(stmt, If):
            body = _guarded(stmt.body, page, changes, states, values, in_loop, var)
            orelse = _guarded(stmt.orelse, page, changes, states, values, in_loop, var)
            stmt = stmt.model_copy(update={"body": body, "orelse": orelse})
        fields = _form_of(stmt)
        if fields is not None:
            out.append(_guard(stmt, fields, page))
            where = f"step {stmt.step}" if stmt.step is not None else "a click"
            typed = [f for f in fields if not f.startswith(CHOICES)]
            left = len(fields) - len(typed)
            if typed or not left:
                shown = len([f for f in typed if f != NO_FIELDS])
                changes.append(
                    f"form guard: {where} clicks only while the page shows the {shown} form "
                    "field(s) the recording saw, with the values they held before typing"
                    + (", and the choices left alone as they were" if left else "")
                )
            else:
                changes.append(
                    f"form guard: {where} clicks only while the choices left alone ({left} "
                    "entries) are as the recording saw them"
                )
        toggle = _toggle_of(stmt)
        if toggle is not None:
            tied: tuple[str, str, str] | None = None
            if in_loop and toggle.state is not None:
                pattern = _loop_pattern(toggle.state, states, values, var)
                if isinstance(pattern, tuple) and var is not None:
                    tied = (pattern[1], pattern[2], var)
                    toggle = toggle.model_copy(update={"state": pattern[0]})
            out.append(_state_guard(stmt, toggle, page, tied))
            where = f"step {stmt.step}" if stmt.step is not None else "a click"
            changes.append(f"state guard: {where} clicks only while {toggle.state}")
        out.append(stmt)
        clicked = _click_target(stmt)
        if in_loop and clicked is not None and clicked.opened_dialog is False:
            out.append(_no_dialog_guard(stmt, clicked, page))
            where = f"step {stmt.step}" if stmt.step is not None else "a click"
            changes.append(f"{_DIALOG_CHECK}{where} goes on only if its click opened no dialog")
    return tuple(out)


_DIALOG_CHECK = "dialog check: "


def _before_returns(statements: tuple[Statement, ...], page: str) -> tuple[Statement, ...]:
    """``statements`` with the check that no dialog is left open before each ``return``."""
    out: list[Statement] = []
    for stmt in statements:
        if isinstance(stmt, Loop | Until):
            stmt = stmt.model_copy(update={"body": _before_returns(stmt.body, page)})
        elif isinstance(stmt, If):
            body, orelse = _before_returns(stmt.body, page), _before_returns(stmt.orelse, page)
            stmt = stmt.model_copy(update={"body": body, "orelse": orelse})
        elif isinstance(stmt, Return):
            out.append(
                Guard(
                    step=stmt.step,
                    condition=CodeExpr(source=f"no_dialog_left({page})", names=(page,)),
                    message="a dialog opened after the last click is still open: a question "
                    "the recording never answered",
                    uses=(LEFT_HELPER,),
                    notes=(
                        "The recording's clicks opened no dialog: one open now (it opened late) "
                        "asks a question nobody answered, so do not report the work done.",
                    ),
                )
            )
        out.append(stmt)
    return tuple(out)


ANY_WORD = "{*}"
"""In a dialog state's question, a word any one word matches (``runtime.browser.toggles``)."""
_ASKING = " asking "


def _loop_pattern(
    state: str, states: list[str], fields: dict[str, set[str]], var: str | None
) -> str | tuple[str, str, str]:
    """A dialog state as a loop's repetitions saw it: when the recorded questions of the same
    dialog (the same buttons) differ, ``(state, field, source)``: the question with the part in
    which they differ written ``{var.field}``, the loop item's field whose recorded values fill
    it in each of them (``Delete {table_item.user}?``), and the state as Python source (an
    f-string); ``state`` itself when they do not differ or no item field explains them all
    (see the module docstring)."""
    if var is None or not state.startswith(DIALOG_STATE) or _ASKING not in state:
        return state
    offer = state.partition(_ASKING)[0]
    questions: list[str] = []
    for other in states:
        mine, _, asked = other.partition(_ASKING)
        if mine != offer or not asked:
            continue
        try:
            question = json.loads(asked)
        except ValueError:
            return state
        if isinstance(question, str) and question not in questions:
            questions.append(question)
    if len(questions) < 2:
        return state
    for field in sorted(fields):
        around = _around(questions, fields[field])
        if around is None:
            continue
        before, after = around
        shown = f"{offer}{_ASKING}" + json.dumps(f"{before}{{{var}.{field}}}{after}")
        marked = f"{offer}{_ASKING}" + json.dumps(f"{before}{_MARK}{after}", ensure_ascii=False)
        literal = json.dumps(marked, ensure_ascii=False).replace("{", "{{").replace("}", "}}")
        source = "f" + literal.replace(_MARK, f"{{{var}.{field}}}")
        return shown, field, source
    return state


_MARK = "\ue000"
"""Where the item's field goes in a question, while it is written as an f-string (a private-use
character: no page's question holds it)."""


def _around(questions: list[str], values: set[str]) -> tuple[str, str] | None:
    """The text ``(before, after)`` that every question holds around one of ``values``, if
    there is such text (the shortest values first); ``None`` otherwise."""
    common: set[tuple[str, str]] | None = None
    for question in questions:
        splits = {
            (question[:i], question[i + len(value) :])
            for value in values
            if value
            for i in range(len(question))
            if question.startswith(value, i)
        }
        common = splits if common is None else common & splits
        if not common:
            return None
    return min(common, key=lambda pair: (-len(pair[0]) - len(pair[1]), pair)) if common else None


def _recorded_fields(ctx: PassContext) -> dict[str, set[str]]:
    """The values each field of a recorded list of records held (texts and whole numbers, as
    text), over every list a step returned: what a loop item's field may have shown."""
    out: dict[str, set[str]] = {}
    for step in ctx.trace.steps:
        if step.status != "ok" or not isinstance(step.result, list):
            continue
        for row in step.result:
            if not isinstance(row, dict):
                continue
            for key, value in row.items():
                if (
                    isinstance(value, str | int)
                    and not isinstance(value, bool)
                    and key.isidentifier()
                ):
                    out.setdefault(key, set()).add(str(value))
    return out


def _click_target(stmt: Statement) -> LocatorExpr | None:
    """The recorded target of a click, if ``stmt`` is one."""
    if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
        return None
    call = stmt.value
    if call.action.module != "runtime.browser.actions" or call.action.name not in CLICKS:
        return None
    return next((e for e in call.kwargs.values() if isinstance(e, LocatorExpr)), None)


def _no_dialog_guard(stmt: Statement, target: LocatorExpr, page: str) -> Guard:
    what = target.description or "the element"
    # (A toggle shows its effect in its state, not the page: no wait for the page to change.)
    toggle = target.state is not None and not target.state.startswith(DIALOG_STATE)
    source = f"no_new_dialog({page}, changes_page=False)" if toggle else f"no_new_dialog({page})"
    return Guard(
        step=stmt.step,
        condition=CodeExpr(source=source, names=(page,)),
        message=f"a dialog opened after the click on {what}, which the recording never saw open",
        uses=(DIALOG_HELPER,),
        notes=(
            f"When recorded, the click on {what} opened no dialog: one that opens now asks a "
            "question the recording never answered, so stop here.",
        ),
    )


def _form_of(stmt: Statement) -> tuple[str, ...] | None:
    """The form fields a click's recorded target saw, if ``stmt`` is such a click."""
    if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
        return None
    call = stmt.value
    if call.action.module != "runtime.browser.actions" or call.action.name not in CLICKS:
        return None
    for expr in call.kwargs.values():
        if isinstance(expr, LocatorExpr) and expr.form_fields is not None:
            return expr.form_fields
    return None


def _guard(stmt: Statement, fields: tuple[str, ...], page: str) -> Guard:
    condition = CodeExpr(source=f"same_form({page}, {fields!r})", names=(page,))
    form = "the form shows other fields, or other values before typing, than the recording saw"
    typed_note = (
        "The recording clicked on this page after reading its form fields (typed into or "
        "not): go on only while the page shows the same form fields, each holding (before the "
        "recipe typed into it) the value it "
        "held when the recording saw it (a field that appears on a choice, or a value "
        "pre-filled differently, is the agent's to handle)."
    )
    if not any(field.startswith(CHOICES) for field in fields):
        return Guard(
            step=stmt.step,
            condition=condition,
            message=f"{form} before this click",
            uses=(HELPER,),
            notes=(typed_note,),
        )
    left_note = (
        "The recording left the checkboxes and radio groups it did not act on as it found "
        "them: go on only while those the recipe left alone hold the same state (a box that "
        "comes pre-ticked, or another option chosen, is submitted as the agent never decided)."
    )
    typed = any(not field.startswith(CHOICES) for field in fields)
    return Guard(
        step=stmt.step,
        condition=condition,
        message=(
            f"{form} before this click, or a checkbox or radio group it left alone is in "
            "another state"
            if typed
            else "a checkbox or radio group the recording left alone before this click is in "
            "another state"
        ),
        uses=(HELPER,),
        notes=(typed_note, left_note) if typed else (left_note,),
    )


def _toggle_of(stmt: Statement) -> LocatorExpr | None:
    """The recorded target of a click on a toggle whose state the recording saw."""
    if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
        return None
    call = stmt.value
    if call.action.module != "runtime.browser.actions" or call.action.name not in CLICKS:
        return None
    for expr in call.kwargs.values():
        if isinstance(expr, LocatorExpr) and expr.state is not None:
            return expr
    return None


def _state_guard(
    stmt: Statement, target: LocatorExpr, page: str, tied: tuple[str, str, str] | None = None
) -> Guard:
    """The guard before a click on a toggle or in a dialog; ``tied``: ``(field, source, loop
    variable)`` when
    the dialog's question holds the loop item's field (the state written as an f-string)."""
    # lazy: the code generator imports the passes
    from compiler.codegen import expr_source
    from compiler.locators import render_locator

    source = render_locator(target, page=page, data=lambda e: expr_source(e, page=page))
    names = [page]
    for candidate in target.candidates:
        text = candidate.text_from
        refs = text.parts if isinstance(text, FStringExpr) else (text,)
        names += [r.name for r in refs if isinstance(r, RefExpr) and r.name not in names]
    state = json.dumps(target.state) if tied is None else tied[1]
    if tied is not None and tied[2] not in names:
        names.append(tied[2])
    condition = CodeExpr(source=f"same_state({source}, {state})", names=tuple(names))
    assert target.state is not None
    if target.state.startswith(DIALOG_STATE):
        what = target.description or "the button"
        offer, _, asked = target.state.removeprefix(DIALOG_STATE).partition(_ASKING)
        if asked:
            return Guard(
                step=stmt.step,
                condition=condition,
                message=f"the dialog around {what} offers other buttons or asks another "
                f"question than the recording saw ({offer}; {asked})",
                uses=(STATE_HELPER,),
                notes=(
                    f"The recording clicked {what} in a dialog offering {offer} and asking "
                    f"{asked}: a dialog offering other buttons or asking another question is "
                    "one the recording never answered, so go on only while it offers and asks "
                    "the same"
                    + (" ({*}: any one word)." if ANY_WORD in asked else "")
                    + (f" (with this item's {tied[0]})." if tied is not None else "."),
                ),
            )
        return Guard(
            step=stmt.step,
            condition=condition,
            message=f"the dialog around {what} offers other buttons than the recording saw "
            f"({offer})",
            uses=(STATE_HELPER,),
            notes=(
                f"The recording clicked {what} in a dialog offering {offer}: a dialog offering "
                "other buttons asks another question, so go on only while it offers the same.",
            ),
        )
    what = target.description or "the toggle"
    return Guard(
        step=stmt.step,
        condition=condition,
        message=f"{what} is not in the state the recording clicked it in ({target.state})",
        uses=(STATE_HELPER,),
        notes=(
            f"The recording clicked {what} while it was {target.state}: clicking it in another "
            "state does the opposite, so go on only while it shows the same.",
        ),
    )
