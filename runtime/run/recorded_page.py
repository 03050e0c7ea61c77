"""The page a browser recipe sees while ``recipe test`` runs it against a recorded run.

A recorded run holds no page, only what each browser action acted on: the locator candidates
the agent's element was found by (all verified to match exactly that element), or, for a
replayed step, the selector of the recipe's own locator that found it. So the stand-in page
answers only what those records can answer:

- the locator-building calls a recipe makes (``get_by_role``, ``get_by_text``, ``get_by_label``,
  ``get_by_placeholder``, ``get_by_test_id``, ``get_by_alt_text``, ``get_by_title``,
  ``locator``, ``filter``, ``nth``/``first``/``last``, ``or_``/``and_``, chained) build a
  :class:`RecordedLocator` that knows its Playwright selector (written as Playwright writes it,
  ``internal:role=button[name="Search"i]``) and its source (``page.get_by_role("button",
  name="Search")``). :func:`~runtime.browser.find` takes such locators as it takes real ones
  and looks nothing up; the test compares the first of them with the element the run acted on
  (:func:`element_of`);
- :func:`~runtime.browser.shows` (turning result pages) is answered by the run's next element
  step: it acts on the element (shown) or on the control that turns the page (not shown);
- ``locator.all()`` is answered by the run's last ``extract_list`` of those rows (how many it
  read).

Anything else (``page.keyboard``, ``locator.count()``, ``page.url``, …) is not recorded: it
raises :class:`Unanswerable`, which fails the run's test naming the call, never a guess.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from re import Pattern
from typing import Any

from compiler.ir import LocatorCandidate, LocatorExpr
from compiler.locators import candidate_text
from runtime.browser.locators import playwright_locator

__all__ = [
    "RecordedElement",
    "RecordedLocator",
    "RecordedPage",
    "Unanswerable",
    "element_of",
    "found_selector",
    "same_read_spec",
]

_FOUND = re.compile(r"^<element (?:to find|found) by (.*)>$", re.S)
"""How a replayed step records the recipe's element (``str`` of a ``Found``)."""


class Unanswerable(BaseException):
    """The recipe asked the page something the recorded run cannot answer. A
    ``BaseException``, so a recipe's own ``except Exception`` cannot turn it into a pass."""


@dataclass(frozen=True)
class RecordedElement:
    """The element a recorded step acted on, as the test compares it."""

    selectors: tuple[str, ...]
    """Playwright selectors that found exactly this element when the run was recorded."""
    sources: tuple[str, ...]
    """The same locators as recipe source (``page.get_by_role("button", name="Go")``)."""
    shown: str
    """How a message names it (``button "Add to cart"``)."""
    rows: tuple[str, ...] = ()
    """For a list read: the selectors of its rows (inside the element)."""
    form: tuple[str, ...] | None = None
    """For a click after typing: the page's form fields the run saw before it (``None``: not
    recorded, as for a replayed step)."""

    def is_found_by(self, selector: str) -> bool:
        """Whether ``selector`` is one the run recorded for the element, or one of them with
        more ``has`` filters (a loop's row that must still show its filter's text, "Paid":
        the recorded row showed it, so the narrower locator finds the same element)."""
        return selector in self.selectors or any(
            _narrowed(selector, recorded) for recorded in self.selectors
        )

    def ways(self, limit: int = 3) -> str:
        """The locators it was recorded with, for a message."""
        more = len(self.sources) - limit
        return ", ".join(self.sources[:limit]) + (f" and {more} more" if more > 0 else "")


def _narrowed(selector: str, recorded: str) -> bool:
    """Whether ``selector`` is ``recorded`` with ``internal:has=`` parts added."""
    mine, theirs = selector.split(" >> "), recorded.split(" >> ")
    if len(mine) <= len(theirs):
        return False
    at = 0
    for part in mine:
        if at < len(theirs) and part == theirs[at]:
            at += 1
        elif not part.startswith("internal:has="):
            return False
    return at == len(theirs)


def element_of(value: Any, rows: Any = None) -> RecordedElement | None:
    """The element a recorded argument names: a :class:`LocatorExpr` (an agent's step, or a
    replayed one found by a later locator) or the string a replayed step records for the
    recipe's ``find(...)``; ``None`` for any other value. ``rows``: a list read's recorded row
    selectors."""
    row_selectors = tuple(r for r in rows if isinstance(r, str)) if isinstance(rows, list) else ()
    if isinstance(value, LocatorExpr):
        built = [_recorded_locator(c) for c in value.candidates]
        if not built:
            return None
        # A text the recipe builds from data is matched exactly (compiler.locators): the exact
        # form of a recorded text candidate finds no other element than the loose one did,
        # whose text it is.
        exact = [
            _recorded_locator(c.model_copy(update={"exact": True}))
            for c in value.candidates
            if not c.exact and candidate_text(c)
        ]
        return RecordedElement(
            selectors=tuple(b.selector for b in built) + tuple(e.selector for e in exact),
            sources=tuple(b._source for b in built),
            shown=value.description or built[0]._source,
            rows=row_selectors,
            form=value.form_fields,
        )
    if isinstance(value, str):
        match = _FOUND.match(value)
        if match is not None:
            selector = match.group(1)
            return RecordedElement(
                selectors=(selector,), sources=(selector,), shown=selector, rows=row_selectors
            )
    return None


def found_selector(value: Any) -> str | None:
    """The selector of the recipe's first locator, from an element argument as the test
    compares it (the string a ``find(...)`` shows), else ``None``."""
    match = _FOUND.match(value) if isinstance(value, str) else None
    return match.group(1) if match else None


def same_read_spec(key: str, recorded: Any, got: Any) -> bool:
    """Whether a list read's ``rows`` or ``fields`` (``{name: {"selectors": [...], ...}}``)
    read what the run read: the run recorded every selector that found the rows (or a field);
    the recipe shows the first and keeps the rest in ``locators.json``, so its first one must
    be among the recorded ones, and each field of the same type."""
    if key == "rows":
        return _first_among(got, recorded)
    if key != "fields" or not isinstance(recorded, dict) or not isinstance(got, dict):
        return False
    if recorded.keys() != got.keys():
        return False
    for name, want in recorded.items():
        have = got[name]
        if not isinstance(want, dict) or not isinstance(have, dict):
            return False
        rest = {k: v for k, v in want.items() if k != "selectors"}
        if any(have.get(k) != v for k, v in rest.items()):
            return False
        if not _first_among(have.get("selectors"), want.get("selectors")):
            return False
    return True


def _first_among(got: Any, recorded: Any) -> bool:
    return (
        isinstance(got, list)
        and isinstance(recorded, list)
        and bool(got)
        and isinstance(got[0], str)
        and got[0] in recorded
    )


def _recorded_locator(candidate: LocatorCandidate) -> RecordedLocator:
    """A recorded candidate as the locator its recipe source builds
    (:func:`~runtime.browser.locators.playwright_locator` on a stand-in page)."""
    locator = playwright_locator(RecordedPage(), candidate)  # type: ignore[arg-type]
    assert isinstance(locator, RecordedLocator)
    return locator


# --------------------------------------------------------------------------- selectors


def _text(text: str | Pattern[str], exact: bool | None) -> str:
    if isinstance(text, Pattern):
        return _regex(text)
    return json.dumps(text, ensure_ascii=False) + ("s" if exact else "i")


def _attr(text: str | Pattern[str], exact: bool | None) -> str:
    if isinstance(text, Pattern):
        return _regex(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' + ("s" if exact else "i")


def _regex(pattern: Pattern[str]) -> str:
    flags = "".join(f for f, bit in (("i", re.I), ("s", re.S), ("m", re.M)) if pattern.flags & bit)
    body = re.sub(r'(^|[^\\])(\\\\)*(["\'`])', r"\1\2\\\3", pattern.pattern).replace(">>", "\\>\\>")
    return f"/{body}/{flags}"


def _js(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _py(value: Any) -> str:
    """A call argument as source (a pattern as ``re.compile(...)``)."""
    if isinstance(value, Pattern):
        return f"re.compile({_string(value.pattern)})"
    if isinstance(value, RecordedLocator):
        return value._source
    if isinstance(value, str):
        return _string(value)
    return repr(value)


def _string(text: str) -> str:
    """A string as black writes it (double quotes) when that is plain, else its ``repr``."""
    if text.isprintable() and "\\" not in text:
        return '"' + text.replace('"', '\\"') + '"'
    return repr(text)


def _call(method: str, /, *args: Any, **kwargs: Any) -> str:
    parts = [_py(a) for a in args] + [f"{k}={_py(v)}" for k, v in kwargs.items() if v is not None]
    return f"{method}({', '.join(parts)})"


class _Builder:
    """The locator-building calls shared by the page and its locators."""

    _prefix: str
    _source: str

    def _make(self, selector: str, source: str) -> RecordedLocator:
        raise NotImplementedError

    def locator(
        self,
        selector_or_locator: str | RecordedLocator,
        *,
        has_text: str | Pattern[str] | None = None,
        has_not_text: str | Pattern[str] | None = None,
        has: RecordedLocator | None = None,
        has_not: RecordedLocator | None = None,
    ) -> RecordedLocator:
        if isinstance(selector_or_locator, RecordedLocator):
            selector = "internal:chain=" + json.dumps(
                selector_or_locator.selector, ensure_ascii=False
            )
        elif isinstance(selector_or_locator, str):
            selector = selector_or_locator
        else:
            raise Unanswerable(
                f"{self._source}.locator({selector_or_locator!r}): not a selector or a locator"
            )
        built = self._make(
            self._prefix + selector,
            f"{self._source}."
            + _call(
                "locator",
                selector_or_locator,
                has_text=has_text,
                has_not_text=has_not_text,
                has=has,
                has_not=has_not,
            ),
        )
        return built._with_options(has_text, has_not_text, has, has_not, None, source=None)

    def get_by_role(
        self,
        role: str,
        *,
        checked: bool | None = None,
        disabled: bool | None = None,
        expanded: bool | None = None,
        include_hidden: bool | None = None,
        level: int | None = None,
        name: str | Pattern[str] | None = None,
        pressed: bool | None = None,
        selected: bool | None = None,
        exact: bool | None = None,
        description: str | Pattern[str] | None = None,
    ) -> RecordedLocator:
        props: list[tuple[str, str]] = []
        for key, value in (
            ("checked", checked),
            ("disabled", disabled),
            ("selected", selected),
            ("expanded", expanded),
            ("include-hidden", include_hidden),
            ("level", level),
        ):
            if value is not None:
                props.append((key, _js(value)))
        if name is not None:
            props.append(("name", _attr(name, exact)))
        if description is not None:
            props.append(("description", _attr(description, exact)))
        if pressed is not None:
            props.append(("pressed", _js(pressed)))
        selector = f"internal:role={role}" + "".join(f"[{k}={v}]" for k, v in props)
        source = _call(
            "get_by_role",
            role,
            checked=checked,
            disabled=disabled,
            expanded=expanded,
            include_hidden=include_hidden,
            level=level,
            name=name,
            pressed=pressed,
            selected=selected,
            exact=exact or None,
            description=description,
        )
        return self._make(self._prefix + selector, f"{self._source}.{source}")

    def _by_text(
        self, method: str, selector: str, text: Any, exact: bool | None
    ) -> RecordedLocator:
        source = f"{self._source}.{_call(method, text, exact=exact or None)}"
        return self._make(self._prefix + selector, source)

    def get_by_text(
        self, text: str | Pattern[str], *, exact: bool | None = None
    ) -> RecordedLocator:
        return self._by_text("get_by_text", "internal:text=" + _text(text, exact), text, exact)

    def get_by_label(
        self, text: str | Pattern[str], *, exact: bool | None = None
    ) -> RecordedLocator:
        return self._by_text("get_by_label", "internal:label=" + _text(text, exact), text, exact)

    def get_by_placeholder(
        self, text: str | Pattern[str], *, exact: bool | None = None
    ) -> RecordedLocator:
        selector = f"internal:attr=[placeholder={_attr(text, exact)}]"
        return self._by_text("get_by_placeholder", selector, text, exact)

    def get_by_alt_text(
        self, text: str | Pattern[str], *, exact: bool | None = None
    ) -> RecordedLocator:
        selector = f"internal:attr=[alt={_attr(text, exact)}]"
        return self._by_text("get_by_alt_text", selector, text, exact)

    def get_by_title(
        self, text: str | Pattern[str], *, exact: bool | None = None
    ) -> RecordedLocator:
        selector = f"internal:attr=[title={_attr(text, exact)}]"
        return self._by_text("get_by_title", selector, text, exact)

    def get_by_test_id(self, test_id: str | Pattern[str]) -> RecordedLocator:
        selector = f"internal:testid=[data-testid={_attr(test_id, True)}]"
        return self._make(
            self._prefix + selector, f"{self._source}.{_call('get_by_test_id', test_id)}"
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "page":
            raise AttributeError(name)  # (what Python and the locator code probe for)
        raise Unanswerable(
            f"{self._source}.{name}: a recorded run cannot answer it (it records only the "
            "elements the run acted on and what the actions returned)"
        )


class RecordedPage(_Builder):
    """The stand-in for ``current_page()`` (see the module docstring). ``upcoming``: the calls
    of the run not answered yet, in recorded order, each with its elements by argument;
    ``reads``: the list reads answered so far, newest first, with how many rows each read."""

    _prefix = ""
    _source = "page"

    def __init__(
        self,
        upcoming: Callable[[], Sequence[tuple[str, dict[str, RecordedElement]]]] | None = None,
        reads: Callable[[], Sequence[tuple[RecordedElement, int]]] | None = None,
    ) -> None:
        self._upcoming = upcoming or (lambda: ())
        self._reads = reads or (lambda: ())
        self._sources: dict[str, str] = {}

    def _make(self, selector: str, source: str) -> RecordedLocator:
        self._sources[selector] = source
        return RecordedLocator(self, selector, source)

    def source_of(self, selector: str) -> str:
        """The source of the locator built with ``selector`` (for messages), else itself."""
        return self._sources.get(selector, selector)

    def __repr__(self) -> str:
        return "<recorded page>"

    def shows(self, element: Any, *, or_: Any = None) -> bool:
        """Whether the page showed ``element``: the run's next element step acts on it (it
        showed) or on ``or_`` (it did not); with no ``or_``, any other next step means it did
        not show."""
        what = _call("shows", element, or_=or_)
        for name, elements in self._upcoming():
            for found in elements.values():
                if isinstance(element, RecordedLocator) and found.is_found_by(element.selector):
                    return True
                if or_ is None:
                    return False
                if isinstance(or_, RecordedLocator) and found.is_found_by(or_.selector):
                    return False
                raise Unanswerable(
                    f"{what}: the run's next element step is {name}({found.shown}), on neither "
                    "of them, so the recording cannot tell whether the page showed it"
                )
        if or_ is None:
            return False
        raise Unanswerable(f"{what}: the run acts on no element after this point")

    def same_form(self, recorded: Sequence[str]) -> bool:
        """Whether the page showed the form fields ``recorded`` (the guard before a click that
        submits a form), and the choice controls left alone in the recorded state (its ``left
        alone: `` entries): the run's next element step is a click on that page, with the
        fields and choices it saw (a replayed click records none: the recipe's check held
        there); any other next step means the run did not click there."""
        for name, elements in self._upcoming():
            if not elements:
                continue
            if name not in ("click", "click_text"):
                return False
            seen = [e.form for e in elements.values() if e.form is not None]
            return not seen or sorted(seen[0]) == sorted(recorded)
        return False


class RecordedLocator(_Builder):
    """A locator of the stand-in page: its Playwright selector and the source that built it."""

    def __init__(self, page: RecordedPage, selector: str, source: str) -> None:
        self.page = page
        self.selector = selector
        self._source = source
        self._prefix = selector + " >> "

    def _make(self, selector: str, source: str) -> RecordedLocator:
        return self.page._make(selector, source)

    def __repr__(self) -> str:
        # The form of a Playwright locator's repr, which ``find`` reads the selector from.
        return f"<Locator frame={self.page!r} selector={self.selector!r}>"

    def __str__(self) -> str:
        return self._source

    def _with_options(
        self,
        has_text: Any,
        has_not_text: Any,
        has: Any,
        has_not: Any,
        visible: bool | None,
        *,
        source: str | None,
    ) -> RecordedLocator:
        selector = self.selector
        if has_text:
            selector += " >> internal:has-text=" + _text(has_text, False)
        if has_not_text:
            selector += " >> internal:has-not-text=" + _text(has_not_text, False)
        for key, inner in (("has", has), ("has-not", has_not)):
            if inner is None:
                continue
            if not isinstance(inner, RecordedLocator):
                raise Unanswerable(f"{self._source}: {key}= must be a locator of the page")
            selector += f" >> internal:{key}=" + json.dumps(inner.selector, ensure_ascii=False)
        if visible is not None:
            selector += f" >> visible={_js(visible)}"
        return self.page._make(selector, source or self._source)

    def filter(
        self,
        *,
        has_text: str | Pattern[str] | None = None,
        has_not_text: str | Pattern[str] | None = None,
        has: RecordedLocator | None = None,
        has_not: RecordedLocator | None = None,
        visible: bool | None = None,
    ) -> RecordedLocator:
        source = f"{self._source}." + _call(
            "filter",
            has_text=has_text,
            has_not_text=has_not_text,
            has=has,
            has_not=has_not,
            visible=visible,
        )
        return self._with_options(has_text, has_not_text, has, has_not, visible, source=source)

    def nth(self, index: int) -> RecordedLocator:
        return self._make(f"{self.selector} >> nth={int(index)}", f"{self._source}.nth({index})")

    @property
    def first(self) -> RecordedLocator:
        return self._make(f"{self.selector} >> nth=0", f"{self._source}.first")

    @property
    def last(self) -> RecordedLocator:
        return self._make(f"{self.selector} >> nth=-1", f"{self._source}.last")

    def _joined(self, how: str, other: Any) -> RecordedLocator:
        if not isinstance(other, RecordedLocator):
            raise Unanswerable(f"{self._source}.{how}_(...): needs a locator of the page")
        selector = f"{self.selector} >> internal:{how}=" + json.dumps(
            other.selector, ensure_ascii=False
        )
        return self._make(selector, f"{self._source}.{how}_({other._source})")

    def or_(self, locator: RecordedLocator) -> RecordedLocator:
        return self._joined("or", locator)

    def and_(self, locator: RecordedLocator) -> RecordedLocator:
        return self._joined("and", locator)

    def all(self) -> list[RecordedLocator]:
        """One locator per row, as many as the run's last ``extract_list`` of these rows read
        (the list's locator, then one of its row selectors)."""
        for read, count in self.page._reads():
            rows = {f"{s} >> {r}" for s in read.selectors for r in read.rows}
            if self.selector in rows:
                return [self.nth(i) for i in range(count)]
        raise Unanswerable(
            f"{self._source}.all(): the run records no list read of these rows, so it cannot "
            "tell how many there were (read them with extract_list, which the run records)"
        )
