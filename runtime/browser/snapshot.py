"""What the model sees of the page: a compact, deterministic, size-bounded outline.

One line per element that matters — its role, accessible name, states, value and a short ref
(``e12``) that element actions take::

    Page: Tiny Shop
    URL: http://127.0.0.1:8000/
    - banner [ref=e1]:
      - link "Cart (0)" [ref=e2] [url=/cart]
    - main [ref=e3]:
      - searchbox "Search products" [ref=e4]
      - button "Search" [ref=e5]
      - list "Products" [ref=e6]:
        - listitem [ref=e7]:
          - heading "Blue Mug" [level=3] [ref=e8]:
            - link "Blue Mug" [ref=e9] [url=/product/blue-mug]
          - generic [ref=e10]: $12.00

Wrapper ``div``/``span`` elements are left out (their content moves up); hidden elements are
left out. Refs are numbered per document in the order snapshots first show elements, so the
same page shown the same way gets the same refs, and an element keeps its ref while it stays
on the page. Long lists show their first ``max_items`` rows; the whole text is cut at a line
boundary to ``limit_chars``.

Why not Playwright's ``aria_snapshot(mode="ai")`` (issue 19, item 6; Playwright 1.65.2, measured
by ``bench/aria_refs.py`` on the shop and MiniWoB's click-tab, click-checkboxes and
email-inbox-delete): both outlines repeat exactly when a page is shown 5 times in a row and in
a new tab. After a reload, Playwright's differ on all 4 pages: every ref of a page's later
documents carries the document's number (``e12``, then ``f1e12``, ``f2e12``…), so one page
gives different outlines — different model requests, which cassettes match exactly — depending
on how many documents the tab showed before (a replay that navigates, a MiniWoB episode
restarted by ``goto``). Ours are the same after a reload on all 4. Across a click, lines whose
text did not change kept their ref in ours 22/29, 7/8, 13/13, 7/9 against 0/22 (the shop's
search loads a new document), 3/6, 10/11, 7/11. Its text is also longer (2,820 against 2,500
characters on the shop; 919 against 568 on click-checkboxes). Stripping the ``f<N>`` prefix
makes its reloads equal too, but a ref then resolves only through an ``aria-ref=`` selector that
is not among the Python API's documented locators; so this walk stays (and the MiniWoB bench was
not re-run against a replacement).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from runtime.browser.scripts import script
from runtime.browser.session import active_session

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Locator, Page

__all__ = [
    "BROWSER_GUIDE",
    "element_for_ref",
    "evaluate_counted",
    "evaluate_one",
    "page_helpers_js",
    "snapshot_for_model",
    "snapshot_text",
]

BROWSER_GUIDE = """\
Browser tools: after each browser action you see an outline of the page, one element per line \
with its role, name, state and a ref like [ref=e12]. Pass that ref as `target` (for example \
click(target="e12")); refs change when the page changes, so always use refs from the latest \
outline. An element marked [clickable] reacts to clicks though it has no role; [icon=…] says \
what an element that shows no text is. To click a word that has no ref, use click_text with its \
exact text. To read a list or table of items (products, results, rows), use extract_list or \
extract_table rather than reading them one by one: the recipe will re-read them on new pages. \
To go to an address you found in a list, navigate with a $ref to it instead of clicking an item \
that only fits today's data.\
"""
"""What a browser task adds to the system prompt (the agent loop decides where it goes)."""

MAX_TEXT_CHARS = 160
"""Longest name or text run shown on one line."""
MAX_ITEMS = 40
"""Rows of one list (or options of one select) shown before the rest is summarized."""


@functools.cache
def page_helpers_js() -> str:
    """The page-side helper function (``(el, arg) => ...``), see ``page_helpers.js``."""
    return script("page_helpers.js")


def evaluate_one(locator: Locator, js: str, arg: Any = None) -> Any:
    """``locator.evaluate(js, arg)``, in one round trip when the locator matches exactly one
    element — as a rule, since it was just found. Otherwise Playwright's ``evaluate`` (three
    round trips) waits for the element or says why not."""
    matched, value = evaluate_counted(locator, js, arg)
    return value if matched == 1 else locator.evaluate(js, arg)


def evaluate_counted(locator: Locator, js: str, arg: Any = None) -> tuple[int, Any]:
    """How many elements ``locator`` matches and, if exactly one, ``js`` run on it (else
    ``None``): one round trip."""
    matched, value = locator.evaluate_all(
        f"async (els, arg) => els.length !== 1 ? [els.length, null]"
        f" : [1, await ({js})(els[0], arg)]",
        arg,
    )
    return int(matched), value


def call(page: Page, op: str, **arg: Any) -> Any:
    """Run one page-side helper on the page (no element)."""
    return page.evaluate(f"(arg) => ({page_helpers_js()})(null, arg)", {"op": op, **arg})


def snapshot_text(
    page: Page,
    limit_chars: int = 8000,
    *,
    max_text: int = MAX_TEXT_CHARS,
    max_items: int = MAX_ITEMS,
) -> str:
    """The outline of ``page`` (see the module docstring), at most ``limit_chars`` long."""
    data = call(page, "snapshot", maxText=max_text, maxItems=max_items)
    header = [f"Page: {_one_line(data['title'])[:max_text] or '(no title)'}", f"URL: {page.url}"]
    lines: list[str] = data["lines"] or ["(the page shows nothing)"]
    return bound_lines(header + lines, limit_chars)


def bound_lines(lines: list[str], limit_chars: int) -> str:
    """Join ``lines``, keeping whole lines within ``limit_chars`` and saying what was cut."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        remaining = len(lines) - i
        note = (
            f"- … {remaining} more lines not shown (the snapshot is limited to {limit_chars} "
            "characters; use read_text, extract_list or scroll to see more)"
        )
        if used + len(line) + 1 > limit_chars - len(note) - 1 and remaining > 1:
            out.append(note)
            return "\n".join(out)
        if used + len(line) + 1 > limit_chars:
            out.append(line[: max(0, limit_chars - used - 2)] + "…")
            return "\n".join(out)
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


def snapshot_for_model(limit_chars: int | None = None) -> str | None:
    """The current page's snapshot for the next model message, or ``None`` when no page is
    open in this run (a task that never used the browser)."""
    session = active_session()
    if session is None:
        return None
    limit = limit_chars or session.config.snapshot_limit_chars
    session.settle()
    try:
        text = snapshot_text(session.page, limit)
    except Exception as exc:  # a page mid-navigation or crashed: say so, do not fail the run
        text = f"(no snapshot: {type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
    # Longest first: a secret inside another is masked with it.
    for secret in sorted(session.secrets, key=len, reverse=True):
        text = text.replace(secret, "••••")
    return text


def element_for_ref(page: Page, ref: str) -> ElementHandle | None:
    """The element a snapshot showed as ``ref`` on the current document, if still attached."""
    handle = page.evaluate_handle(
        f"(arg) => ({page_helpers_js()})(null, arg)", {"op": "element", "ref": ref}
    )
    element = handle.as_element()
    if element is None:
        handle.dispose()
    return element


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
