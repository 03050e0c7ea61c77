"""Several ways to find one element, recorded when the agent acts and tried in order at replay.

When the agent acts on a ref, :func:`locator_expr_for_ref` lists candidates — role and
accessible name, label, placeholder, test id, text, alt text, title, a short CSS path and an
XPath — keeps only those that match exactly that element, and records them (most robust first)
as a :class:`compiler.ir.LocatorExpr`. The recipe then calls :func:`find` with the same
candidates as Playwright locators::

    click(find(page.get_by_role("button", name="Search"), page.locator("#search")))

``find`` uses the first locator that matches exactly one element. A locator that matches
several elements is never used; each attempt is reported (:class:`LocatorReport`), so a run can
say which locator worked and healing can move it first. Positional locators (an XPath, a CSS
path with ``:nth-of-type``) are only used after the others had a short grace period, because a
page that is still rendering can put a different element at the same position.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic_core import SchemaSerializer, core_schema

from compiler.ir import LocatorCandidate, LocatorExpr
from runtime.browser.errors import LocatorError
from runtime.browser.session import LocatorReport, current_session
from runtime.browser.snapshot import (
    element_for_ref,
    evaluate_one,
    page_helpers_js,
    snapshot_text,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

__all__ = [
    "Found",
    "find",
    "locator_expr_for_element",
    "locator_expr_for_ref",
    "playwright_locator",
]

WEAK_GRACE_S = 1.0
"""How long ``find`` waits for a non-positional locator before it accepts a positional one."""
POLL_S = 0.1

_CHECK_JS = "(els, ref) => [els.length, els.length === 1 && els[0].__rcRef === ref]"


@dataclass
class Found:
    """An element ``find`` located: the locator that matched it exactly once, and the story."""

    locator: Locator
    index: int
    """Position of the locator that worked among those given to ``find``."""
    tried: tuple[tuple[str, int], ...] = ()
    """Each locator tried (as its selector) with the number of elements it matched."""
    description: str | None = None
    _expr: LocatorExpr | None = field(default=None, repr=False)

    def __str__(self) -> str:
        return f"<element found by {self.tried[self.index][0] if self.tried else 'a locator'}>"

    def locator_expr(self) -> LocatorExpr:
        """Fresh candidates for the element as the page shows it now (what healing records)."""
        if self._expr is None:
            self._expr = locator_expr_for_element(self.locator)
        return self._expr


# A replayed step records its arguments as JSON: a Found shows as the locator that worked.
Found.__pydantic_serializer__ = SchemaSerializer(  # type: ignore[attr-defined]
    core_schema.any_schema(serialization=core_schema.plain_serializer_function_ser_schema(str))
)


def find(
    *locators: Locator, timeout_s: float | None = None, description: str | None = None
) -> Found:
    """The element that the first of ``locators`` matching exactly one element points at.

    If the last action may have changed the page, first lets it settle (an element of the
    page being left must not be found), then waits up to ``timeout_s`` (default: the session's
    ``BrowserConfig.timeout_s``) for the page to show it. Raises :class:`LocatorError` listing
    every locator tried and what it matched.
    """
    if not locators:
        raise LocatorError("find() needs at least one locator.")
    session = current_session()
    caller = sys._getframe(1)
    file, line = caller.f_code.co_filename, caller.f_lineno
    timeout = session.config.timeout_s if timeout_s is None else timeout_s
    selectors = [selector_of(loc) for loc in locators]
    weak = [is_positional(s) for s in selectors]
    # (The wait for the page to settle may have counted the first locator already.)
    known = session.settle_if_changed(lookup=locators[0])
    start = time.monotonic()
    while True:
        now = time.monotonic()
        grace_over = now - start >= WEAK_GRACE_S or all(weak)
        # Count lazily: each count is a round trip to the page, and the locators after the one
        # that works are neither used nor reported.
        counts: list[int] = []
        for i, loc in enumerate(locators):
            count = _count(loc) if known is None else known
            known = None
            counts.append(count)
            if count == 1 and (not weak[i] or grace_over):
                tried = tuple(zip(selectors[: i + 1], counts, strict=True))
                session.locator_reports.append(
                    LocatorReport(
                        description=description, used=i, tried=tried, file=file, line=line
                    )
                )
                return Found(locators[i], i, tried, description)
        if now - start >= timeout:
            tried = tuple(zip(selectors, counts, strict=True))
            session.locator_reports.append(
                LocatorReport(description=description, used=None, tried=tried, file=file, line=line)
            )
            raise LocatorError(_not_found_message(locators[0], tried, timeout, description))
        time.sleep(POLL_S)


def _count(locator: Locator) -> int:
    from playwright.sync_api import Error as PlaywrightError

    try:
        return locator.count()
    except PlaywrightError:
        return -1  # an invalid selector (a hand edit) counts as "matched nothing"


def _not_found_message(
    first: Locator, tried: tuple[tuple[str, int], ...], timeout: float, what: str | None
) -> str:
    lines = []
    for n, (selector, count) in enumerate(tried, 1):
        if count < 0:
            verdict = "invalid selector"
        elif count == 0:
            verdict = "no element"
        elif count == 1:
            verdict = "1 element"
        else:
            verdict = f"{count} elements (ambiguous, not used)"
        lines.append(f"  {n}. {selector} — {verdict}")
    url = first.page.url
    target = f" for {what}" if what else ""
    return (
        f"no locator{target} matched exactly one element on {url} within {timeout:g} s:\n"
        + "\n".join(lines)
    )


def selector_of(locator: Locator) -> str:
    """The Playwright selector behind a locator, for reports (``internal:role=button[...]``)."""
    impl = getattr(locator, "_impl_obj", None)
    selector = getattr(impl, "_selector", None)
    if isinstance(selector, str):
        return selector
    match = re.search(r"selector='(.*)'>$", repr(locator))
    return match.group(1) if match else repr(locator)


def is_positional(selector: str) -> bool:
    """Whether a selector finds an element by its position (XPath, ``:nth-…``)."""
    return selector.startswith(("xpath=", "/")) or ":nth-" in selector or "nth=" in selector


# --------------------------------------------------------------------------- candidates


def playwright_locator(scope: Page | Locator, candidate: LocatorCandidate) -> Locator:
    """The Playwright locator a candidate stands for (the same call the recipe source makes)."""
    value = candidate.value
    exact = candidate.exact or None
    s = candidate.strategy
    if s == "role":
        loc = scope.get_by_role(value, name=candidate.name, exact=exact)  # type: ignore[arg-type]
    elif s == "label":
        loc = scope.get_by_label(value, exact=exact)
    elif s == "placeholder":
        loc = scope.get_by_placeholder(value, exact=exact)
    elif s == "test_id":
        loc = scope.get_by_test_id(value)
    elif s == "text":
        loc = scope.get_by_text(value, exact=exact)
    elif s == "alt":
        loc = scope.get_by_alt_text(value, exact=exact)
    elif s == "title":
        loc = scope.get_by_title(value, exact=exact)
    elif s == "css":
        loc = scope.locator(value)
    else:
        loc = scope.locator("xpath=" + value)
    return loc.nth(candidate.nth) if candidate.nth is not None else loc


def _raw_candidates(data: dict[str, Any]) -> list[LocatorCandidate]:
    """Candidates in order of robustness; each text-based one is tried loose, then exact."""
    out: list[LocatorCandidate] = []

    def add(strategy: str, value: str | None, name: str | None = None) -> None:
        if value:
            out.append(LocatorCandidate(strategy=strategy, value=value, name=name))  # type: ignore[arg-type]

    role, name = data.get("role"), data.get("name")
    if role and role not in ("generic", "presentation", "none"):
        add("role", role, name or None)
    for label in data.get("labels") or []:
        add("label", label)
    add("placeholder", data.get("placeholder"))
    add("test_id", data.get("testId"))
    text = data.get("text")
    if text and len(text) <= 80 and not (role and name):
        add("text", text)
    add("alt", data.get("alt"))
    add("title", data.get("title"))
    add("css", data.get("css"))
    add("xpath", data.get("xpath"))
    return out


def _verify(page: Page, candidate: LocatorCandidate, ref: str) -> LocatorCandidate | None:
    """The candidate (loose, else exact) if it matches exactly the element ``ref``."""
    from playwright.sync_api import Error as PlaywrightError

    options = [candidate]
    if candidate.strategy in ("role", "label", "placeholder", "text", "alt", "title") and (
        candidate.strategy != "role" or candidate.name
    ):
        options.append(candidate.model_copy(update={"exact": True}))
    for option in options:
        try:
            count, same = playwright_locator(page, option).evaluate_all(_CHECK_JS, ref)
        except PlaywrightError:
            continue
        if count == 1:
            return option if same else None
    return None


def locator_expr_for_ref(page: Page, ref: str) -> tuple[LocatorExpr, Locator]:
    """Candidates for the element shown as ``ref``, verified on the page, and the locator of
    the best one (the agent acts through it, exactly as the recipe will)."""
    from runtime.browser.errors import BrowserError

    element = element_for_ref(page, ref)
    if element is None:
        # Refs are handed out by snapshots; when none was taken of this document yet (no
        # snapshot hook, or hand-driven calls), take one now: it numbers the page the same way.
        snapshot_text(page)
        element = element_for_ref(page, ref)
    if element is None:
        raise BrowserError(
            f"no element {ref} on the current page ({page.url}). Refs belong to the latest "
            "snapshot; look at the page again and use a ref it shows."
        )
    try:
        data = element.evaluate(
            f"(el, arg) => ({page_helpers_js()})(el, arg)", {"op": "candidates"}
        )
    finally:
        element.dispose()
    kept = [c for c in (_verify(page, c, ref) for c in _raw_candidates(data)) if c is not None]
    if not kept:
        raise BrowserError(f"element {ref} ({data.get('description')}) cannot be located again.")
    expr = LocatorExpr(
        candidates=tuple(kept), context=data.get("context"), description=data.get("description")
    )
    return expr, playwright_locator(page, kept[0])


def locator_expr_for_element(locator: Locator) -> LocatorExpr:
    """Fresh, verified candidates for the one element ``locator`` matches."""
    ref = evaluate_one(locator, page_helpers_js(), {"op": "ref_of"})
    expr, _ = locator_expr_for_ref(locator.page, ref)
    return expr
