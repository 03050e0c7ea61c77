"""A tab or accordion header renumbered between recording and replay ("Section #2" now
"Section #37"): when it is the same header, and when its number says which record it opens
(:mod:`runtime.browser.locators` uses these in its fallback rules; the rules are in its
docstring and in each function's here)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from runtime.actions.control import current_control
from runtime.browser.snapshot import evaluate_counted, page_helpers_js

if TYPE_CHECKING:
    from playwright.sync_api import Locator


def _renumbered_disclosure(locator: Locator, name: str) -> bool:
    """Whether the one element ``locator`` matches is a tab (an accordion header is one) that
    says it shows or hides content (``aria-expanded``, ``aria-controls``) and is named by the
    words of ``name``, the recorded one, in the same order, only its numbers otherwise
    ("Section #37" for "Section #2", "Inbox (4)" for "Inbox (3)").

    Rule: such an element, found by an id or test id, is the recorded header renumbered, and
    may be pressed although renamed: pressing a tab or a header only shows or hides content,
    it changes nothing, and each later step finds its own element by its own name and checks.
    A tab named by other words ("Billing address" at the id where "Shipping address" was) is
    another section, whose content the later steps would then fill: not used. Nor is a button
    whose name changed, ``aria-expanded`` or not: the recording names a button, not whether it
    only disclosed, and one that opens a confirmation ("Delete account") acts through the
    next step."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    try:
        matched, found = evaluate_counted(locator, page_helpers_js(), {"op": "disclosure"})
    except PlaywrightError:
        return False
    if matched != 1 or not isinstance(found, list) or len(found) != 3:
        return False
    role, found_name, discloses = found
    words = _words(name)
    return role == "tab" and discloses is True and bool(words) and words == _words(found_name)


_RECORD_WORD = re.compile(
    r"(order|invoice|ticket|case|account|booking|reservation|receipt|bill|payment|transaction"
    r"|claim|request|issue|shipment|parcel|contract|polic(y|ie)|customer|patient|user|item|id|no"
    r"|nr|number|ref|reference|step|page|version|release|year|month|week|quarter|room|flight)s?"
)
"""Words that name a record (or a stage) by the number after them: "Order #12" is order 12."""


def _numbers_count(name: str, task_words: str) -> bool:
    """Whether every number in a tab's recorded ``name`` only counts or orders sections
    ("Section #2", "Inbox (3)"), so that the same words with other numbers are the same header.

    Rule: a number says which record the header opens, and another number is another record,
    when the task's words or inputs write it ("open Order #12"), when a word naming a record
    or a stage comes right before it ("Order #12", "Invoice 2024", "Step 2", "Ticket no. 7"),
    or when it has four digits or more (a year, an id). Only a name all of whose numbers are
    none of these is a renumbered header (MiniWoB's
    click-collapsible numbers its one "Section #k" at random, k up to 51: not its position).
    A recipe's function called outside a task's run has no words: only the name's own count."""
    written = set(re.findall(r"\d+", task_words))
    for match in re.finditer(r"\d+", name):
        number = match.group(0)
        before = re.findall(r"[^\W\d_]+", name[: match.start()].lower())
        if number in written or len(number.lstrip("0")) >= 4:
            return False
        if before and _RECORD_WORD.fullmatch(before[-1]):
            return False
    return True


def _task_words(names: Callable[[], dict[str, Any]] | None) -> str:
    """The words of the task in progress (its description, instructions and context) and the
    values of the calling recipe's variables (its inputs), as one text; empty when no task is
    running (a recipe's function called outside ``Task.run``)."""
    control = current_control()
    task = control.task if control is not None else None
    if task is None:
        return ""
    values = names() if names is not None else {}
    parts = [task.description, task.instructions or "", repr(task.context)]
    parts += [str(v) for v in values.values() if isinstance(v, str | int | float | list | dict)]
    return "\n".join(parts)


def _words(name: str) -> list[str]:
    """The words of a name without its numbers and signs ("Section #2": ``["section"]``)."""
    return re.findall(r"[^\W\d_]+", name.lower())
