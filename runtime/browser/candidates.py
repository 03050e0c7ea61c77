"""Recording an element's locators: the candidates the agent's ref is found again by.

When the agent acts on a ref, :func:`locator_expr_for_ref` reads what the page knows about that
element (role and accessible name, label, placeholder, test id, text, alt text, title, a short
CSS path, an XPath), keeps each candidate — exact, else loose, else inside a named scope — that
matches exactly that element, and, for an element alike in every row of a table or list, adds
row-scoped ones (the row told apart by its cell texts, pinned to their columns, inside the table
the recording found it in). :func:`playwright_locator` turns a candidate back into the Playwright
locator the recipe source builds; :func:`~runtime.browser.locators.find` tries them at replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from compiler.ir import LocatorCandidate, LocatorExpr, RowKey
from compiler.locators_file import column_selector
from runtime.browser.errors import BrowserError
from runtime.browser.snapshot import element_for_ref, evaluate_one, page_helpers_js, snapshot_text

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

__all__ = [
    "is_positional",
    "locator_expr_for_element",
    "locator_expr_for_ref",
    "playwright_locator",
]

_CHECK_JS = "(els, ref) => [els.length, els.length === 1 && els[0].__rcRef === ref]"


def is_positional(selector: str) -> bool:
    """Whether a selector finds an element by its position (XPath, ``:nth-…``)."""
    return selector.startswith(("xpath=", "/")) or ":nth-" in selector or "nth=" in selector


def _cell(page: Any, column: str | None) -> Any:
    """Where a row's text is looked for: the row, or the cell of its recorded column."""
    return page if column is None else page.locator(column_selector(column))


def playwright_locator(scope: Page | Locator, candidate: LocatorCandidate) -> Locator:
    """The Playwright locator a candidate stands for (the same call the recipe source makes)."""
    value = candidate.value
    exact = candidate.exact or None
    s = candidate.strategy
    if candidate.within is not None:
        scope = scope.locator(candidate.within)
    if candidate.row is not None:
        page = scope if not hasattr(scope, "page") else scope.page
        row = candidate.row
        scope = scope.get_by_role(row.role).filter(
            has=_cell(page, row.column).get_by_text(row.text, exact=True)
        )
        if row.also is not None:
            scope = scope.filter(has=_cell(page, row.also_column).get_by_text(row.also, exact=True))
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


def _verify(
    page: Page,
    candidate: LocatorCandidate,
    ref: str,
    scopes: Sequence[str] = (),
    section: str | None = None,
) -> LocatorCandidate | None:
    """The candidate (exact, else loose) if it matches exactly the element ``ref``; a text one
    that the page shows elsewhere too is tried inside each of ``scopes`` (ancestors with an
    id or named groups, nearest first). Exact first: a loose name ("Subscribe") also finds
    another element holding it ("Unsubscribe") on a page without the recorded one. A text one
    of a field in a named ``section`` is tried inside it first (see :func:`_section_of`)."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    options = [candidate]
    texts = candidate.strategy in ("role", "label", "placeholder", "text", "alt", "title") and (
        candidate.strategy != "role" or candidate.name
    )
    if texts:
        exact = candidate.model_copy(update={"exact": True})
        options = [exact, candidate, *(exact.model_copy(update={"within": s}) for s in scopes)]
        if section is not None:
            options.insert(0, exact.model_copy(update={"within": section}))
    for option in options:
        try:
            count, same = playwright_locator(page, option).evaluate_all(_CHECK_JS, ref)
        except PlaywrightError:
            continue
        if count == 1 and same:
            return option
        if count == 1 and option.within is None:
            return None  # (a loose one finding another element: the exact one found none)
    return None


FIELD_ROLES = frozenset(
    {
        "textbox",
        "searchbox",
        "combobox",
        "listbox",
        "spinbutton",
        "slider",
        "checkbox",
        "radio",
        "switch",
    }
)
"""Roles of form fields, recorded inside the named section they sit in (:func:`_section_of`)."""


def _section_of(data: dict[str, Any]) -> str | None:
    """The named section a form field sits in (its nearest fieldset with a legend, group or
    region with a name), as the role selector its text candidates are recorded inside, else
    ``None``.

    Rule: a field inside a named section belongs to it: "City" of "Shipping address" is
    recorded inside that section even where its name alone finds it, so that a page showing
    only a "Billing address" City never gets the shipping city (and a later locator stands in
    only for a field inside a section of that name: :mod:`runtime.browser.locators`)."""
    if data.get("role") not in FIELD_ROLES:
        return None
    sections = data.get("sections") or []
    if not sections or not isinstance(sections[0], list) or len(sections[0]) != 2:
        return None
    role, name = sections[0]
    if not isinstance(role, str) or not isinstance(name, str) or not name:
        return None
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'internal:role={role}[name="{quoted}"s]'


def _by_position(candidate: LocatorCandidate) -> bool:
    return candidate.nth is not None or (
        candidate.strategy in ("css", "xpath") and is_positional(candidate.value)
    )


def _in_row(
    page: Page, raw: list[LocatorCandidate], ref: str, rows: dict[str, Any] | None
) -> list[LocatorCandidate]:
    """For an element alike in every row of a table or list (a "Mark shipped" button), found
    otherwise only by its position: the first text candidate that finds it inside the row,
    once per cell text of the row that no other row shows (``rows``: the row's role and those
    texts). Every such text is kept: which of them tell a row apart changes as the page does
    (a sender two rows share tells neither apart until one leaves), and a loop over the rows
    finds each by the one every row it pressed had.

    Then once more for each pair of texts of the row that no other row shows together
    (``rows["pairs"]``, at most 3): a sender and a subject, each shown by another row too, tell
    the row apart as a pair, and on other data, where a subject alone is shared, still do. The
    compiler keeps the pair whose texts are data (a first and a last name), which need not be
    the first one (see :func:`compiler.locators.bind_locator`).

    Rule: in a table, each text is pinned to the column whose cell held it
    (:attr:`~compiler.ir.RowKey.column`, ``rows["columns"]``): the row of customer "Ana Lima"
    is the one whose Customer cell reads so, never one whose "Referred by" cell does. Playwright
    checks it in the same query (the ``column`` selector engine), no extra round trip.

    Rule: a table row is looked up inside the table the recording found it in
    (``rows["scope"]``, :attr:`~compiler.ir.LocatorCandidate.within`: the table "Trial
    customers", by its id, name, section or the heading before it) when the page tells that
    table apart: a customer only in the "Pro customers" table is not upgraded as a trial one."""
    if not rows or rows.get("role") not in ("row", "listitem"):
        return []
    given = rows.get("columns")
    columns: dict[str, Any] = given if isinstance(given, dict) else {}

    def column(text: str) -> str | None:
        found = columns.get(text)
        return found if isinstance(found, str) and found else None

    keys = [
        RowKey(role=rows["role"], text=t, column=column(t))
        for t in rows.get("texts") or []
        if isinstance(t, str) and t
    ]
    for pair in rows.get("pairs") or []:
        if (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(t, str) and t for t in pair)
        ):
            keys.append(
                RowKey(
                    role=rows["role"],
                    text=pair[0],
                    also=pair[1],
                    column=column(pair[0]),
                    also_column=column(pair[1]),
                )
            )
    scope = rows.get("scope") if rows.get("role") == "row" else None
    within = scope if isinstance(scope, str) and scope else None
    found: list[LocatorCandidate] = []
    for key in keys:
        # (A key whose column does not find the row, a table the engine reads otherwise than
        # the recording did, is kept without its columns; one whose table scope does not find
        # it, without that.)
        loose = key.model_copy(update={"column": None, "also_column": None})
        for candidate in raw:
            if candidate.strategy not in ("role", "label", "text", "title", "alt", "placeholder"):
                continue
            verified = None
            for scoped, row in dict.fromkeys(
                [(within, key), (within, loose), (None, key), (None, loose)]
            ):
                if verified is None:
                    update = {"row": row, "within": scoped}
                    verified = _verify(page, candidate.model_copy(update=update), ref)
            if verified is not None:
                found.append(verified)
                break
    return found


def locator_expr_for_ref(page: Page, ref: str) -> tuple[LocatorExpr, Locator]:
    """Candidates for the element shown as ``ref``, verified on the page, and the locator of
    the best one (the agent acts through it, exactly as the recipe will)."""
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
    scopes = list(data.get("scopes") or [])
    section = _section_of(data)
    raw = _raw_candidates(data)
    verified = (_verify(page, c, ref, scopes, section) for c in raw)
    kept = [c for c in verified if c is not None]
    if all(_by_position(c) for c in kept):
        kept = [*_in_row(page, raw, ref, data.get("rows")), *kept]
    if not kept:
        raise BrowserError(f"element {ref} ({data.get('description')}) cannot be located again.")
    expr = LocatorExpr(
        candidates=tuple(kept),
        context=data.get("context"),
        description=data.get("description"),
        alike=tuple(data.get("alike") or ()),
        state=data.get("toggle"),
    )
    return expr, playwright_locator(page, kept[0])


def locator_expr_for_element(locator: Locator) -> LocatorExpr:
    """Fresh, verified candidates for the one element ``locator`` matches."""
    ref = evaluate_one(locator, page_helpers_js(), {"op": "ref_of"})
    expr, _ = locator_expr_for_ref(locator.page, ref)
    return expr
