"""The form a click submits: what the recording saw, and the guard that the page still shows it.

Rule: a click the recording made after typing on the same page (a fill, a choice, a ticked box)
runs at replay only while the page's visible, enabled form fields are the ones the recording saw
just before it; a field that appeared on a choice (a State drop-down once the country is the
United States) or one that went away is a form the recording never filled, so the recipe leaves
through a side exit before the click and the agent fills it.

A form field is an element of a value-taking role (a text box, a drop-down, a number box…), or
a checkbox or radio button marked required; it is named ``role "accessible name"``, the way the
recipe's comments describe elements (``combobox "State"``). Checkboxes and radio buttons that
are not required are left out: lists of them are data (one per topic, per row), and the recipe
acts on them by name.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from compiler.ir import LocatorExpr
from runtime.browser.session import current_session, current_stand_in
from runtime.browser.snapshot import page_helpers_js
from runtime.browser.waits import FORM_ACTIONS

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from runtime.browser.session import BrowserSession

__all__ = ["FORM_ACTIONS", "form_fields", "note_form_fields", "same_form"]

VALUE_ROLES = ("textbox", "searchbox", "combobox", "listbox", "spinbutton", "slider")
"""Roles of fields that take a value: always part of the form."""
CHOICE_ROLES = ("checkbox", "radio", "switch")
"""Roles of fields that are part of the form only when marked required."""
_SELECTOR = "input, select, textarea, [contenteditable=''], [contenteditable='true'], " + ", ".join(
    f"[role={r}]" for r in (*VALUE_ROLES, *CHOICE_ROLES)
)


def form_fields(page: Page) -> tuple[str, ...]:
    """The page's visible, enabled form fields (``textbox "Name"``), in page order: one
    evaluation in the page."""
    rows: list[list[Any]] = page.evaluate(
        f"(arg) => ({page_helpers_js()})(null, arg)",
        {"op": "form_fields", "selector": _SELECTOR, "roles": [*VALUE_ROLES, *CHOICE_ROLES]},
    )
    return tuple(
        f"{role} {_quoted(name)}"
        for role, name, required in rows
        if role in VALUE_ROLES or required
    )


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def same_form(page: Page, recorded: tuple[str, ...] | list[str]) -> bool:
    """Whether the page shows the form fields the recording saw before this click (the guard
    before a click that submits what was typed; see the module's rule). Order does not
    matter; how many of each does. Under ``recipe test`` the recorded run answers."""
    stand_in = current_stand_in()
    if stand_in is not None:
        return bool(stand_in.same_form(tuple(recorded)))
    current_session().settle_if_changed()
    return Counter(form_fields(page)) == Counter(recorded)


def note_form_fields(session: BrowserSession, target: Any, key: str) -> None:
    """While recording a click the agent made (``target`` as it typed it: a ref or a text):
    after typing on this page, keep the page's form fields on the recorded element
    (``form_fields``) for the recipe's guard; a click on a checkbox, radio button or switch
    counts as typing. Costs one evaluation, and only for such clicks."""
    if not isinstance(target, str):
        return  # a recipe's own click: its guard (if any) already ran
    expr = session.pending_args.get(key)
    if not isinstance(expr, LocatorExpr):
        return
    page = session.page
    if session.typed_on is not None and session.typed_on == page.url:
        session.pending_args[key] = expr.model_copy(update={"form_fields": form_fields(page)})
    if any(c.strategy == "role" and c.value in CHOICE_ROLES for c in expr.candidates):
        session.typed_on = page.url
