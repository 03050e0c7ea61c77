"""Several ways to find one element, recorded when the agent acts and tried in order at replay.

When the agent acts on a ref, :func:`locator_expr_for_ref` (in :mod:`runtime.browser.candidates`)
lists candidates — role and accessible name, label, placeholder, test id, text, alt text, title,
a short CSS path and an XPath — keeps only those that match exactly that element, and records
them (most robust first) as a :class:`compiler.ir.LocatorExpr`. The recipe then calls
:func:`find` with the same candidates as Playwright locators::

    click(find(page.get_by_role("button", name="Search"), page.locator("#search")))

``find`` uses the first locator that matches exactly one element, looked up when the action
uses it (as a Playwright locator is): a read then counts and reads its element in one round trip.
A locator that matches several elements is never used; each attempt is reported
(:class:`LocatorReport`), so a run can say which locator worked and healing can move it first.
Positional locators (an XPath, a CSS path with ``:nth-of-type``) are only used after the others
had a short grace period, because a page that is still rendering can put a different element at
the same position. A later locator (a fallback) is used only if its element is of the kind the
first role locator names (:data:`ROLE_KINDS`: a reworded "Search" button is still a button, a
list redone as a table still holds the rows, while an id that now belongs to a heading is not
the recorded element) and is not hidden from a person; otherwise the lookup goes on, and fails
loudly when the time is up, so that the replay falls back. Nor is a fallback used whose element
is named by the recorded name inside a longer word (:func:`other_by_substring`): "Unsubscribe"
is not a reworded "Subscribe" but its opposite. A positional locator of a control recorded by
its name (a "Pay" button) finds only an element of that name: position never picks another
option ("Cancel order") in its place (:func:`_fallback_count`). An id or test id finds a control
named otherwise only when its own words say the recorded name (``#search-button`` for "Search"
reworded "Find"; a generic ``#b1`` now on "Delete" where "Archive" was is another control), or
when the control is a renumbered disclosure: a tab or accordion header recorded by a name of
the recording (not the task's data), now marked as showing or hiding content and named by the
same words with other numbers ("Section #2" now "Section #37"): pressing it changes nothing,
and each later step finds its own element by its own name (:func:`_renumbered_disclosure`).
Not when a number says which record the header opens ("Order #12", "Invoice 2024", a number
the task's words or inputs write): another number is then another record (:func:`_numbers_count`).
An id first in the recipe because a replay promoted it is held to the same rules, with the role
and name recorded beside it in the recipe or in ``locators.json`` (:meth:`Found._moved`).

A text candidate is recorded matched exactly whenever that alone finds the element (only
otherwise loose): a loose ``name="Subscribe"`` also finds "Unsubscribe" on a page without the
recorded button.
"""

from __future__ import annotations

import ast
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_core import SchemaSerializer, core_schema

from compiler.ir import FStringExpr, LocatorCandidate, LocatorExpr, RefExpr
from compiler.locators_file import ALTERNATES_FILE, Alternates, ElementAlternates
from runtime.browser.candidates import (
    is_positional,
    locator_expr_for_element,
    locator_expr_for_ref,
    playwright_locator,
)
from runtime.browser.errors import LocatorError
from runtime.browser.renumbered import _numbers_count, _renumbered_disclosure, _task_words
from runtime.browser.session import LocatorReport, current_session
from runtime.browser.snapshot import evaluate_counted, evaluate_one, page_helpers_js
from runtime.errors import RecipeCompilerError

if TYPE_CHECKING:
    from playwright.sync_api import Locator

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

_ROLE = re.compile(r"^internal:role=([a-z]+)")
OTHER_ROLE = -2
OTHER_NAME = -3
"""What a report counts for a fallback locator whose one element holds the recorded name only
inside a longer word ("Unsubscribe" for "Subscribe"), so it was not used."""
NOT_TRIED = -4
"""What a report counts for a locator not tried because one built from data before it matched
several elements and it is not built from data alone (see :meth:`Found._all_data`)."""
BY_POSITION = -5
"""What a report counts for a positional locator (XPath, ``:nth-of-type``) of a named control
whose one element is named otherwise, or which would pick among several elements a locator
before it found by the recorded name: position chose it, so it was not used."""
OTHER_SECTION = -6
"""What a report counts for a fallback locator whose one element is not inside the named
section (fieldset, group, region) the recorded element was found inside, so it was not used."""
OTHER_CONTROL = -7
"""What a report counts for an id or test id of a named control whose one element is named
otherwise, where the id's own words do not say the recorded name (``#b1`` now on "Delete"
where "Archive" was): another control may have taken the id, so it was not used."""
_SECTION = re.compile(r'^internal:role=(group|radiogroup|region)\[name="((?:[^"\\]|\\.)*)"s\]$')
CONTROL_ROLES = frozenset(
    {
        "button",
        "link",
        "menuitem",
        "checkbox",
        "switch",
        "menuitemcheckbox",
        "radio",
        "menuitemradio",
        "option",
        "tab",
        "treeitem",
    }
)
"""Roles of the controls a person presses or ticks by their name (see :func:`_fallback_count`)."""
_NAME = re.compile(r'\[name="((?:[^"\\]|\\.)*)"[is]?\]')
ROLE_KINDS: tuple[frozenset[str], ...] = (
    frozenset({"button", "link", "menuitem"}),
    frozenset({"textbox", "searchbox", "combobox"}),
    frozenset({"checkbox", "switch", "menuitemcheckbox"}),
    frozenset({"radio", "menuitemradio"}),
    frozenset({"list", "listbox", "table", "grid", "treegrid", "rowgroup", "menu", "tree", "feed"}),
    frozenset({"listitem", "row", "option", "treeitem", "article"}),
)
"""Roles a page redesign swaps for one another; an element of the same kind may stand in for
the recorded one (any other role only for itself)."""
"""What a report counts for a fallback locator whose one element has another role (or is
hidden), so it was not used."""


def _role_of(selector: str) -> str | None:
    """The role of the element a role locator finds: that of its last part (the button of
    ``internal:role=row >> internal:has=… >> internal:role=button``), ``nth=`` aside."""
    parts = [p for p in selector.split(" >> ") if not p.startswith("nth=")]
    match = _ROLE.match(parts[-1]) if parts else None
    return match.group(1) if match else None


def _name_of(selector: str) -> str | None:
    """The accessible name a role locator finds its element by (``Subscribe`` of
    ``internal:role=button[name="Subscribe"s]``), or ``None``."""
    parts = [p for p in selector.split(" >> ") if not p.startswith("nth=")]
    if not parts or not _ROLE.match(parts[-1]):
        return None
    match = _NAME.search(parts[-1])
    if match is None:
        return None
    return re.sub(r"\\(.)", r"\1", match.group(1))


def _loose_name(selector: str) -> str | None:
    """The name a role locator matches loosely (case aside, as part of a longer name:
    ``internal:role=button[name="Subscribe"i]``), or ``None`` (an exact one, or no name)."""
    name = _name_of(selector)
    return name if name is not None and selector.rstrip().endswith('"i]') else None


def _loose_count(locator: Locator, name: str) -> int:
    """1 when the one element a loosely named role ``locator`` matches is not named by
    ``name`` inside a longer word (a recipe recorded before names were recorded exact finds
    "Unsubscribe" by ``name="Subscribe"``), else :data:`OTHER_NAME`."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    try:
        matched, found = evaluate_counted(locator, page_helpers_js(), {"op": "aria_role_name"})
    except PlaywrightError:
        return OTHER_NAME
    if matched != 1 or not found:
        return 1  # (hidden now: the action's own checks tell)
    return OTHER_NAME if other_by_substring(name, found[1]) else 1


def other_by_substring(recorded: str, found: str) -> bool:
    """Rule: an element whose name holds the recorded name only inside a longer word
    ("Unsubscribe" for "Subscribe", "Item 10" for "Item 1"), or the other way round, is
    another element, not the recorded one reworded."""
    a, b = " ".join(recorded.lower().split()), " ".join(found.lower().split())
    if not a or not b or a == b:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    spans = [m.span() for m in re.finditer(re.escape(short), long)]
    return bool(spans) and not any(_bounded(long, start, end) for start, end in spans)


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _alternates_of(file: str) -> tuple[Alternates, str | None]:
    """The ``locators.json`` beside a recipe (cached while the file is unchanged), and what is
    wrong with it if it is not valid; none at all (not an error) when there is no such file."""
    path = Path(file).with_name(ALTERNATES_FILE)
    try:
        stat = path.stat()
    except OSError:
        return Alternates(), None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _ALTERNATES_CACHE.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    try:
        found, problem = Alternates.loads(path.read_bytes(), source=str(path)), None
    except (OSError, RecipeCompilerError) as exc:
        found, problem = Alternates(), str(exc)
    _ALTERNATES_CACHE[str(path)] = (stamp, found, problem)
    return found, problem


_ALTERNATES_CACHE: dict[str, tuple[tuple[int, int], Alternates, str | None]] = {}


def data_text(expr: RefExpr | FStringExpr, names: dict[str, Any]) -> str | None:
    """The text a data-bound candidate is built from, as the recipe's variables ``names`` make
    it now (``f"Tab #{tab_number}"``); ``None`` if a name or field is not there (a hand edit
    renamed it): the candidate is then not used."""
    parts = expr.parts if isinstance(expr, FStringExpr) else (expr,)
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        if part.name not in names:
            return None
        value = names[part.name]
        kinds = part.path_kinds or tuple(
            "attr" if isinstance(p, str) else "index" for p in part.path
        )
        try:
            for element, kind in zip(part.path, kinds, strict=True):
                value = getattr(value, str(element)) if kind == "attr" else value[element]
        except (AttributeError, LookupError, TypeError, ValueError):
            return None
        out.append(format(value))
    return "".join(out)


def bound_candidate(candidate: LocatorCandidate, names: dict[str, Any]) -> LocatorCandidate | None:
    """``candidate`` with its data-bound text made from ``names`` (see :func:`data_text`)."""
    if candidate.text_from is None:
        return candidate
    text = data_text(candidate.text_from, names)
    if text is None:
        return None
    if candidate.row is not None:
        row: dict[str, Any] = {"text": text}
        if candidate.row.also_from is not None:
            also = data_text(candidate.row.also_from, names)
            if also is None:
                return None
            row.update(also=also, also_from=None)
        update: dict[str, Any] = {"row": candidate.row.model_copy(update=row)}
    else:
        update = {"name": text} if candidate.strategy == "role" else {"value": text}
    return candidate.model_copy(update={**update, "text_from": None})


class Found:
    """An element of the page, as :func:`find` names it: the first of its locators that matches
    exactly one element. Like a Playwright locator, it is looked up when it is first used — by
    the action it is given to, or by reading :attr:`locator`, :attr:`index` or :attr:`tried` —
    and then stays what it found (the locator that worked, and the story)."""

    def __init__(
        self,
        locators: list[Locator],
        *,
        timeout_s: float | None = None,
        description: str | None = None,
        file: str | None = None,
        line: int | None = None,
        names: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.description = description
        self._locators = locators
        self._shown = len(locators)
        self._names = names
        """The calling recipe's variables (read only if an alternate is built from data)."""
        self._origin: list[tuple[str, int] | None] = [None] * len(locators)
        """For each locator from ``locators.json``: its element's key and its position."""
        self._entry: tuple[str, ElementAlternates] | tuple[()] | None = None
        self._alternates_added = False
        self._problem: str | None = None
        self._selectors = [selector_of(loc) for loc in locators]
        self._weak = [is_positional(s) for s in self._selectors]
        self._role = next((r for r in map(_role_of, self._selectors) if r), None)
        """The role the element had when recorded (that of the first role locator)."""
        self._name = next((n for n in map(_name_of, self._selectors) if n is not None), None)
        """The name the element had when recorded (that of the first role locator with one)."""
        self._section = _section_of(self._selectors[0])
        """The named section the first locator finds the element inside, if any."""
        self._timeout_s = timeout_s
        self._file, self._line = file, line
        self._found: tuple[int, tuple[tuple[str, int], ...]] | None = None
        self._expr: LocatorExpr | None = None

    @property
    def looked_up(self) -> bool:
        """Whether the element was looked up already."""
        return self._found is not None

    def resolve(self) -> Found:
        """Look the element up now, if not done yet (raises :class:`LocatorError` if no locator
        matches exactly one element); returns this Found."""
        self._result()
        return self

    @property
    def locator(self) -> Locator:
        """The locator that matched exactly one element."""
        return self._locators[self.index]

    @property
    def index(self) -> int:
        """Position of the locator that worked among those given to ``find``."""
        return self._result()[0]

    @property
    def tried(self) -> tuple[tuple[str, int], ...]:
        """Each locator tried (as its selector) with the number of elements it matched."""
        return self._result()[1]

    def _result(self) -> tuple[int, tuple[tuple[str, int], ...]]:
        if self._found is None:
            self._look_up()
        assert self._found is not None
        return self._found

    def __str__(self) -> str:
        if self._found is None:
            return f"<element to find by {self._selectors[0]}>"
        index, tried = self._found
        return f"<element found by {tried[index][0]}>"

    __repr__ = __str__

    def locator_expr(self) -> LocatorExpr:
        """Fresh candidates for the element as the page shows it now (what healing records)."""
        if self._expr is None:
            self._expr = locator_expr_for_element(self.locator)
        return self._expr

    def read(self, js: str, arg: Any = None) -> Any:
        """``js`` (``(element, arg) => value``) run on the element. If it was not looked up yet,
        its first locator is counted in the same round trip as it is read: matching exactly one
        element, it is the lookup's answer (a positional locator is not taken that way: see
        :data:`WEAK_GRACE_S`). Otherwise the element is looked up as usual, then read. Either
        way, if the last action may have changed the page, it first lets it settle."""
        # lazy: playwright takes ~0.2 s to load, and every run imports this package
        from playwright.sync_api import Error as PlaywrightError

        if self._found is None and not self._weak[0] and _loose_name(self._selectors[0]) is None:
            current_session().settle_if_changed()
            first = self._locators[0]
            try:
                matched, value = evaluate_counted(first, js, arg)
            except PlaywrightError:
                matched = None  # (an invalid selector, say: the lookup tells)
            if matched == 1:
                self._report(0, ((self._selectors[0], 1),))
                return value
            self._look_up(known=matched)
        return evaluate_one(self.locator, js, arg)

    def _look_up(self, known: int | None = None) -> None:
        """Find the element: if the last action may have changed the page, first let it settle
        (an element of the page being left must not be found), then wait up to the timeout for
        a locator to match exactly one element. ``known``: the first locator's count, if
        counted already. Raises :class:`LocatorError` listing every locator tried."""
        session = current_session()
        timeout = session.config.timeout_s if self._timeout_s is None else self._timeout_s
        locators, weak = self._locators, self._weak
        if known is None:
            # (The wait for the page to settle may have counted the first locator already.)
            known = session.settle_if_changed(lookup=locators[0])
        self._recorded_from_alternates()
        start = time.monotonic()
        while True:
            now = time.monotonic()
            grace_over = now - start >= WEAK_GRACE_S or all(weak)
            # Count lazily: each count is a round trip to the page, and the locators after the
            # one that works are neither used nor reported. The element's alternates (in
            # ``locators.json``) are read the first time the ones the recipe shows fail.
            counts: list[int] = []
            ambiguous_data = False
            i = 0
            while i < len(locators) or self._add_alternates():
                if ambiguous_data and not self._all_data(i):
                    counts.append(NOT_TRIED)
                    i += 1
                    continue
                loc = locators[i]
                count = _count(loc) if known is None else known
                known = None
                if count == 1 and self._role and (i > 0 or weak[i] or self._moved(i)):
                    several = any(c > 1 for c in counts)
                    count = _fallback_count(
                        loc, self._role, self._name, weak[i], several, self._selectors[i]
                    )
                    if count in (OTHER_NAME, OTHER_CONTROL) and self._renumbered(i):
                        count = 1
                elif count == 1 and _loose_name(self._selectors[i]) is not None:
                    count = _loose_count(loc, _loose_name(self._selectors[i]) or "")
                if count == 1 and i > 0 and self._section is not None:
                    count = _section_count(loc, self._selectors[i], self._section)
                counts.append(count)
                if count == 1 and (not weak[i] or grace_over):
                    self._report(i, tuple(zip(self._selectors[: i + 1], counts, strict=True)))
                    return
                ambiguous_data = ambiguous_data or (count > 1 and self._all_data(i))
                i += 1
            if now - start >= timeout:
                tried = tuple(zip(self._selectors, counts, strict=True))
                self._report(None, tried)
                message = _not_found_message(locators[0], tried, timeout, self.description)
                if ambiguous_data:
                    message += (
                        "\n(a locator built from data matched several elements: the data names"
                        " more than one, and only a locator built from more of the data may"
                        " pick one of them)"
                    )
                if self._problem:
                    message += f"\n(its other locators were not read: {self._problem})"
                raise LocatorError(message)
            time.sleep(POLL_S)

    def _all_data(self, index: int) -> bool:
        """Whether every text the ``index``-th locator finds its element by is data (an input,
        a loop item): the customer's name, or her name and her plan read off the same row.

        Rule: once a locator built from data matches several elements, the data names more
        than one of them, and only a locator built from more of the data may pick one (her
        plan too); none may narrow them with a constant text the recording happened to see
        beside the data ("Trial" in Ana Lima's row, a guess among the elements the data names),
        and none that asks for fewer texts helps. The lookup then fails (the replay falls
        back). A locator the recipe shows counts as data when its element's first locator in
        ``locators.json`` is (it is that one); without the file, it does not."""
        entry = self.alternates()
        if entry is None:
            return False
        origin = self._origin[index] if index < len(self._origin) else None
        if origin is None and index > 0:
            return False  # (a locator added by hand after the recorded one)
        candidate = entry.locators[origin[1] if origin is not None else 0]
        row = candidate.row
        constant = row is not None and row.also is not None and row.also_from is None
        return candidate.text_from is not None and not constant

    def alternates(self) -> ElementAlternates | None:
        """The element's entry in the recipe's ``locators.json``, if it has one: the entry whose
        first locator is the one the recipe shows (data-bound text made from the recipe's
        variables now). Looks nothing up on the page."""
        if self._entry is None:
            self._entry = self._match_entry()
        return self._entry[1] if self._entry else None

    def _match_entry(self) -> tuple[str, ElementAlternates] | tuple[()]:
        if self._file is None:
            return ()
        alternates, self._problem = _alternates_of(self._file)
        if not alternates.elements:
            return ()
        names = self._names() if self._names is not None else {}
        page = self._locators[0].page
        for key, entry in alternates.elements.items():
            first = bound_candidate(entry.locators[0], names)
            if (
                first is not None
                and selector_of(playwright_locator(page, first)) == self._selectors[0]
            ):
                return key, entry
        return ()

    def _renumbered(self, i: int) -> bool:
        """Whether locator ``i`` (an id, a test id) finds the recorded tab or accordion header
        renumbered (see :func:`_renumbered_disclosure`), its recorded name being a constant of
        the recording: the element's role locator in ``locators.json`` is not built from data
        (without that file, whether the task's data named it is unknown: no)."""
        if self._role != "tab" or not self._name or self._weak[i]:
            return False
        if _role_of(self._selectors[i]) is not None:
            return False
        entry = self.alternates()
        roles = [c for c in entry.locators if c.strategy == "role"] if entry else []
        if not roles or any(c.text_from is not None for c in roles):
            return False
        if not _numbers_count(self._name, _task_words(self._names)):
            return False
        return _renumbered_disclosure(self._locators[i], self._name)

    def _recorded_from_alternates(self) -> None:
        """When the locators the recipe shows name no role (a replay promoted an id from
        ``locators.json`` first: ``find(page.locator("#b1"))``), take the role and name the
        element was recorded with from its entry's role locator there, so that the id is held
        to them as any fallback is (:meth:`_moved`): "Delete" at ``#b1`` is not "Archive"."""
        if self._role is not None:
            return
        entry = self.alternates()
        if entry is None:
            return
        names = self._names() if self._names is not None else {}
        page = self._locators[0].page
        for candidate in entry.locators:
            bound = bound_candidate(candidate, names) if candidate.strategy == "role" else None
            if bound is not None:
                selector = selector_of(playwright_locator(page, bound))
                self._role, self._name = _role_of(selector), _name_of(selector)
                return

    def _moved(self, i: int) -> bool:
        """Whether locator ``i`` names no role of its own (an id, a test id), where another of
        the element's does (in the recipe, or in ``locators.json``: see
        :meth:`_recorded_from_alternates`): first in the recipe only because a replay promoted
        it, it is held to the recorded role and name as any fallback is."""
        return _role_of(self._selectors[i]) is None

    def _add_alternates(self) -> bool:
        """Add the element's other locators from the recipe's ``locators.json`` (once);
        whether any was added."""
        if self._alternates_added:
            return False
        self._alternates_added = True
        entry = self.alternates()
        if not self._entry or entry is None:
            return False
        key = self._entry[0]
        names = self._names() if self._names is not None else {}
        page = self._locators[0].page
        added = False
        for position, candidate in enumerate(entry.locators[1:], start=1):
            bound = bound_candidate(candidate, names)
            if bound is None:
                continue
            locator = playwright_locator(page, bound)
            self._locators.append(locator)
            self._selectors.append(selector_of(locator))
            self._weak.append(is_positional(self._selectors[-1]))
            self._origin.append((key, position))
            added = True
        if self._role is None:
            self._role = next((r for r in map(_role_of, self._selectors) if r), None)
        if self._name is None:
            self._name = next((n for n in map(_name_of, self._selectors) if n is not None), None)
        return added

    def _report(self, used: int | None, tried: tuple[tuple[str, int], ...]) -> None:
        """Note the lookup's outcome in the run's :class:`LocatorReport` list; ``used``: the
        locator that worked (the element is then found), ``None`` if none did."""
        if used is not None:
            self._found = (used, tuple(tried))
            self._names = None
        current_session().locator_reports.append(
            LocatorReport(
                description=self.description,
                used=used,
                tried=tried,
                file=self._file,
                line=self._line,
                shown=self._shown,
                alternate=self._origin[used] if used is not None else None,
            )
        )


# A replayed step records its arguments as JSON: a Found shows as the locator that worked.
Found.__pydantic_serializer__ = SchemaSerializer(  # type: ignore[attr-defined]
    core_schema.any_schema(serialization=core_schema.plain_serializer_function_ser_schema(str))
)


def find(
    *locators: Locator, timeout_s: float | None = None, description: str | None = None
) -> Found:
    """The element that the first of ``locators`` matching exactly one element points at.

    Looks nothing up yet: the action that uses the element does, as Playwright does with a
    locator, so that a read (``read_text``, ``extract_list``, …) can look its element up and
    read it in one round trip. Call :meth:`Found.resolve` to look it up at once.

    The lookup, if the last action may have changed the page, first lets it settle (an element
    of the page being left must not be found), then waits up to ``timeout_s`` (default: the
    session's ``BrowserConfig.timeout_s``) for the page to show it. It raises
    :class:`LocatorError` listing every locator tried and what it matched.
    """
    if not locators:
        raise LocatorError("find() needs at least one locator.")
    caller = sys._getframe(1)
    return Found(
        list(locators),
        timeout_s=timeout_s,
        description=description,
        file=caller.f_code.co_filename,
        line=caller.f_lineno,
        # Read when an alternate is needed, during the action: the recipe's line still runs.
        names=lambda: dict(caller.f_locals),
    )


def _count(locator: Locator) -> int:
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    try:
        return locator.count()
    except PlaywrightError:
        return -1  # an invalid selector (a hand edit) counts as "matched nothing"


def _fallback_count(
    locator: Locator,
    role: str,
    name: str | None,
    positional: bool = False,
    after_several: bool = False,
    selector: str = "",
) -> int:
    """1 when the one element a fallback ``locator`` matches may stand in for the recorded one:
    it has ``role`` (or one of its kind, see :data:`ROLE_KINDS`), is not hidden, and is not
    named by ``name`` inside a longer word (:func:`other_by_substring`); else why not
    (:data:`OTHER_ROLE`, :data:`OTHER_NAME`, :data:`BY_POSITION`).

    Rule: for a control recorded by its name (a "Pay" button, an "Express" radio, an "Email"
    box: :data:`CONTROL_ROLES`), a ``positional`` locator stands in only for an element of that
    very name (case and spacing aside), and never picks by position among several elements a
    locator before it found (``after_several``): "Cancel order" in Pay's place, "Economy" in
    Express's or "Email digest" beside a missing "Email" is another option, not the recorded
    one reworded. An id or test id finds a reworded control only when its own words hold a
    word of the recorded name (``#search-button`` for "Search" now "Find"); a generic one
    (``#b1``) that now sits on "Delete" is not the "Archive" button."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    try:
        matched, found = evaluate_counted(locator, page_helpers_js(), {"op": "aria_role_name"})
    except PlaywrightError:
        return OTHER_ROLE
    if matched != 1 or not found:
        return OTHER_ROLE
    found_role, found_name = found
    if not (found_role == role or any({found_role, role} <= kind for kind in ROLE_KINDS)):
        return OTHER_ROLE
    if name is not None and other_by_substring(name, found_name):
        return OTHER_NAME
    named_control = bool(name) and role in CONTROL_ROLES
    renamed = _plain(name or "") != _plain(found_name or "")
    if named_control and positional and (after_several or renamed):
        return BY_POSITION
    if named_control and renamed and not _says(selector, name or ""):
        return OTHER_CONTROL  # an id ("#b1") now on "Delete", where "Archive" was
    return 1


def _says(selector: str, name: str) -> bool:
    """Whether a selector's own words (an id, a test id: ``#search-button``) hold a word of
    the control's recorded name ("Search"): then it finds the control reworded ("Find"),
    not whatever control took over a generic id."""
    own = {w for w in re.split(r"[^a-z0-9]+", selector.lower()) if len(w) >= 3}
    return bool(own & {w for w in re.split(r"[^a-z0-9]+", name.lower()) if len(w) >= 3})


def _section_of(selector: str) -> tuple[str, str] | None:
    """The named section (``group``, "Shipping address") a locator finds its element inside:
    that of its first part, when a part follows it; else ``None``."""
    parts = selector.split(" >> ")
    match = _SECTION.match(parts[0]) if len(parts) > 1 else None
    if match is None:
        return None
    return match.group(0), re.sub(r"\\(.)", r"\1", match.group(2))


def _section_count(locator: Locator, selector: str, section: tuple[str, str]) -> int:
    """1 when the one element a fallback ``locator`` matches sits inside a named section of
    the name the recorded element's (``section``: its selector and name), else
    :data:`OTHER_SECTION`.

    Rule: a field recorded inside a named section ("City" of "Shipping address") is found
    again only inside a section of that name: the "Billing address" City of a page without a
    shipping address is another field, whichever locator finds it."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    if selector.startswith(section[0] + " >> "):
        return 1
    try:
        matched, found = evaluate_counted(locator, page_helpers_js(), {"op": "sections"})
    except PlaywrightError:
        return OTHER_SECTION
    if matched != 1 or not isinstance(found, list):
        return OTHER_SECTION
    names = {_plain(str(e[1])) for e in found if isinstance(e, list) and len(e) == 2}
    return 1 if _plain(section[1]) in names else OTHER_SECTION


def _plain(name: str) -> str:
    return " ".join(name.lower().split())


def _not_found_message(
    first: Locator, tried: tuple[tuple[str, int], ...], timeout: float, what: str | None
) -> str:
    lines = []
    for n, (selector, count) in enumerate(tried, 1):
        if count == OTHER_ROLE:
            verdict = "1 element, not a visible element of the recorded role (not used)"
        elif count == OTHER_NAME:
            verdict = "1 element, named by the recorded name inside a longer word (not used)"
        elif count == BY_POSITION:
            verdict = (
                "1 element found by its position, not by the recorded control's name (not used)"
            )
        elif count == OTHER_SECTION:
            verdict = "1 element, outside the named section the recorded one was in (not used)"
        elif count == OTHER_CONTROL:
            verdict = (
                "1 element named otherwise, found by an id whose words do not say the recorded "
                "name (not used)"
            )
        elif count == NOT_TRIED:
            verdict = "not tried (one built from data before it matched several elements)"
        elif count < 0:
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
    """The Playwright selector behind a locator, for reports (``internal:role=button[...]``),
    read from the locator's public ``repr``."""
    match = re.search(r"selector=('.*'|\".*\")>$", repr(locator))
    if match is None:
        return repr(locator)
    try:
        selector = ast.literal_eval(match.group(1))  # the repr quotes it as a Python string
    except (ValueError, SyntaxError):
        return match.group(1)[1:-1]
    return selector if isinstance(selector, str) else repr(locator)
