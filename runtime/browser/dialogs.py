"""Whether a click opened a dialog: the post-condition of a click the recording saw open none.

Rule: a click in a loop that, when recorded, opened no dialog (role ``dialog`` or
``alertdialog``, an open ``<dialog>``, an ``aria-modal`` box) is followed at replay by the check
that none opened (:func:`no_new_dialog`): a delete that asks to confirm on this row only ("ivy
owns 5 files. Delete the account anyway?") is a question the recording never answered, and a
recipe that walked on to the next row would leave it unanswered and report the work done. The
recipe leaves through a side exit instead, and the agent answers it.

The dialogs open before a click are marked by the evaluation that notes the form's values
before it (``runtime.browser.form_fields.note_values_before``, made for every click anyway);
after the click, once the page settled, one evaluation counts the open dialogs not marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.browser.session import BrowserSession, current_session, current_stand_in
from runtime.browser.snapshot import page_helpers_js

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["new_dialogs", "no_new_dialog"]


def new_dialogs(session: BrowserSession) -> int:
    """How many dialogs are open, once the page settled, that were not before the last click
    (or form action) of the session. One evaluation after the settle."""
    session.settle_if_changed()
    count = session.page.evaluate(
        f"(arg) => ({page_helpers_js()})(null, arg)", {"op": "new_dialogs"}
    )
    return int(count) if isinstance(count, int | float) else 0


def no_new_dialog(page: Page) -> bool:
    """Whether the last click opened no dialog (the check after a click the recording saw open
    none; see the module's rule). Under ``recipe test`` the recorded run answers (it saw none)."""
    if current_stand_in() is not None:
        return True
    session = current_session()
    del page  # (the session's page: the recipe names it for readers)
    return new_dialogs(session) == 0
