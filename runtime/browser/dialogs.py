"""Whether a click opened a dialog: the post-condition of a click the recording saw open none.

Rule: a click in a loop that, when recorded, opened no dialog (role ``dialog`` or
``alertdialog``, an open ``<dialog>``, an ``aria-modal`` box) is followed at replay by the check
that none opened (:func:`no_new_dialog`): a delete that asks to confirm on this row only ("ivy
owns 5 files. Delete the account anyway?") is a question the recording never answered, and a
recipe that walked on to the next row would leave it unanswered and report the work done. The
recipe leaves through a side exit instead, and the agent answers it.

Rule: a click whose page has not changed at all since the settle before it has not shown its
effect yet, so the check waits (up to :data:`LATE_EFFECT_WAIT_S`) for the page to change before
it decides that no dialog opened: a confirm box that opens 0.7 s after Delete (a server asked
first) is a dialog the click opened. Clicks on a toggle are exempt (a checkbox shows its effect
in its state, not in the DOM): the compiler says so (``changes_page=False``). The cost, paid only
by a click after which nothing changed: up to that long per click; a click whose page changed
pays one evaluation (measured in ``tests/browser/test_round11_dialogs.py``'s docstring).

Rule: the recipe returns only while no dialog opened since the last click is open (the same
count, again, just before the return: :func:`no_dialog_left`): a question left open is one
nobody answered.

The dialogs open before a click are marked by the evaluation that notes the form's values
before it (``runtime.browser.form_fields.note_values_before``, made for every click anyway);
after the click, once the page settled, one evaluation counts the open dialogs not marked.
Whether the page changed since the settle before the click: the page's last DOM change
(``page_changes.js``) against the end of that settle (``window.__rcSettledAt``, left by
``runtime.browser.waits.QUIET_JS``); a new document counts as changed.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from runtime.browser.session import BrowserSession, current_session, current_stand_in
from runtime.browser.snapshot import page_helpers_js

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["LATE_EFFECT_WAIT_S", "new_dialogs", "no_dialog_left", "no_new_dialog"]

LATE_EFFECT_WAIT_S = 2.5
"""How long a click's check waits for the page to change at all, when it has not changed since
the settle before the click (the late-rows wait's bound, 5 × 0.5 s, in
``runtime.browser.actions``). A dialog that opens later than this after a click that changed
nothing else is still missed by that click's check."""
_POLL_S = 0.1
_CHANGED_JS = """() => {
  const changes = window.__rcChanges, settled = window.__rcSettledAt;
  return !changes || settled === undefined || changes.dom > settled;
}"""
"""Whether the page changed since the session's last settle (see the module docstring)."""


def new_dialogs(session: BrowserSession, *, await_change: bool = False) -> int:
    """How many dialogs are open, once the page settled, that were not before the last click
    (or form action) of the session. One evaluation after the settle; with ``await_change``,
    first up to :data:`LATE_EFFECT_WAIT_S` for the page to change, if it has not since the
    settle before the click."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    if await_change:
        deadline = time.monotonic() + LATE_EFFECT_WAIT_S
        try:
            while not session.page.evaluate(_CHANGED_JS) and time.monotonic() < deadline:
                time.sleep(_POLL_S)
        except PlaywrightError:
            pass  # (a page navigating away changed; the settle below waits for it)
    session.settle_if_changed()
    count = session.page.evaluate(
        f"(arg) => ({page_helpers_js()})(null, arg)", {"op": "new_dialogs"}
    )
    return int(count) if isinstance(count, int | float) else 0


def no_new_dialog(page: Page, *, changes_page: bool = True) -> bool:
    """Whether the last click opened no dialog (the check after a click the recording saw open
    none, and before a return; see the module's rules). ``changes_page``: the click shows its
    effect in the page (not a toggle), so a page not changed yet is given time to. Under
    ``recipe test`` the recorded run answers (it saw none)."""
    if current_stand_in() is not None:
        return True
    session = current_session()
    del page  # (the session's page: the recipe names it for readers)
    return new_dialogs(session, await_change=changes_page) == 0


def no_dialog_left(page: Page) -> bool:
    """Whether no dialog opened since the last click is open now (the check before a recipe
    returns from clicks the recording saw open none: a question left open is one nobody
    answered). No wait: the click's own check waited. Under ``recipe test``: true."""
    if current_stand_in() is not None:
        return True
    del page  # (the session's page: the recipe names it for readers)
    return new_dialogs(current_session()) == 0
