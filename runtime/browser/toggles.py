"""A toggle's state: the guard that a click finds it as the recording did.

Rule: a click on a toggle (a button with ``aria-pressed``, a switch, a checkbox) that the
recording made while it showed one state (``not pressed``) runs at replay only while it shows
that state still: clicking a switch that is already on turns it off, the opposite of what the
recording did, so the recipe leaves through a side exit before the click instead.

Rule: a click on a button inside a dialog (role ``dialog``/``alertdialog``, a ``<dialog>``, an
``aria-modal`` box, or a box without that markup that acts as one: it appeared since the last
click, holds two or more buttons that all appeared since, and is positioned fixed or absolute
or named modal, dialog, popup, confirm or overlay by its class or id) is recorded with what the
dialog offered (``in a dialog offering "Cancel", "Delete"``) and, when it offers a choice (two
buttons or more), what it asks (``asking "Delete the account ana?"``: its text outside its
buttons; a dialog with one button, Close or OK, asks nothing to choose), and runs at replay
only while it offers the same buttons and asks the same: a dialog offering [Keep files]
[Delete], or asking "Delete the account ivy and the 5 shared files it owns?", asks another
question than the one the recording answered with "Delete". In a loop the question is a pattern
(:data:`ANY_WORD`). The same check, one evaluation in the page: the element's state is its
toggle state, else that; a question is read until it is still (:data:`QUESTION_QUIET_S`).
"""

from __future__ import annotations

import re
import time

from runtime.browser.locators import Found
from runtime.browser.session import current_session, current_stand_in
from runtime.browser.snapshot import page_helpers_js

__all__ = ["ANY_WORD", "same_state"]


def same_state(element: Found, recorded: str) -> bool:
    """Whether ``element`` shows the state ``recorded`` (a toggle's ``pressed``, ``not
    pressed``, ``checked``, ``not checked``; a dialog button's ``in a dialog offering …``).
    Under ``recipe test`` the recorded run answers (it clicked the element in that state)."""
    if current_stand_in() is not None:
        return True
    current_session().settle_if_changed()
    shown = element.read(page_helpers_js(), {"op": "toggle"})
    if recorded.startswith(DIALOG_STATE) and _ASKING in recorded:
        # (A question may be completed late: read it until it is still.)
        still_since = time.monotonic()
        cap = still_since + 3 * QUESTION_QUIET_S
        while time.monotonic() - still_since < QUESTION_QUIET_S and time.monotonic() < cap:
            time.sleep(_POLL_S)
            again = element.read(page_helpers_js(), {"op": "toggle"})
            if again != shown:
                shown, still_since = again, time.monotonic()
    if not isinstance(shown, str):
        return False
    if ANY_WORD not in recorded:
        return shown == recorded
    pattern = r"\S+".join(re.escape(part) for part in recorded.split(ANY_WORD))
    return re.fullmatch(pattern, shown) is not None


DIALOG_STATE = "in a dialog offering "
_ASKING = " asking "
QUESTION_QUIET_S = 1.5
"""Rule: a dialog's question may be completed after the dialog opened (it looks up the files the
account owns: "Delete the account ivy?" becomes "Delete the account ivy and the 2 shared files
it owns?" 0.4-1.2 s later), so a dialog that asks something is read until its state has not
changed for this long (at most three times this long), like a table whose rows came late. The
cost: this long per click in a dialog that asks a question (a toggle, and a dialog with one
button, are read once). A question completed later than this is still missed."""
_POLL_S = 0.1

ANY_WORD = "{*}"
"""In a recorded dialog state's question, a word the repetitions of a loop each saw another
of (the account's name): it matches one word (no spaces) at replay, so "Delete the account
{*}" fits "Delete the account ivy?" but not "Delete the account ivy and the 5 shared files it
owns?" (see ``compiler/passes/form_guards.py``)."""
