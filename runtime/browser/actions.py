"""The browser action pack: ``@action`` functions the agent calls and recipes replay.

Element actions take ``target``: the agent passes a ref from the page snapshot (``"e12"``);
a recipe passes what :func:`~runtime.browser.find` returned; hand-written code may also pass a
Playwright ``Locator``. Acting on a ref records the element's locator candidates (see
:func:`runtime.browser.recording_args`), so the recipe finds the element again on its own.

Lists and tables are read from the DOM through locators (``extract_list``, ``extract_table``):
at replay the rows come from the page, never from the model. A read that found something when
it was recorded is replayed with ``nonempty=True`` (see :func:`runtime.browser.recording_args`):
it waits, up to the session's timeout, until it finds something again — a suggestion list
that shows after a debounce, results that arrive late — rather than read an empty page.

An action that may change the page (a navigation, a click, typing) does not wait for it to
settle; the next look at the page does — :func:`~runtime.browser.find`, a read, the snapshot the
model sees — so a step that only waits (``wait_for_text``) or moves on (``navigate``) pays nothing,
and Playwright's auto-waiting covers the element an action works on. Every action refuses
navigations that break the session's :class:`~runtime.browser.BrowserConfig` limits and, when it
fails, keeps a screenshot in the session's ``artifacts_dir``.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainValidator, SecretStr, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from compiler.ir import LocatorCandidate, LocatorExpr
from runtime.actions.decorator import action
from runtime.browser.cells import FieldType, _column_type, _convert, _typed
from runtime.browser.errors import BrowserError, BrowserLimitError, LocatorError
from runtime.browser.form_fields import (
    FORM_ACTIONS,
    mark_typed,
    note_form_fields,
    note_values_before,
)
from runtime.browser.locators import Found, find, locator_expr_for_element, locator_expr_for_ref
from runtime.browser.session import BrowserSession, current_session, current_stand_in
from runtime.browser.snapshot import evaluate_one, page_helpers_js

if TYPE_CHECKING:
    from playwright.sync_api import Locator

__all__ = [
    "BROWSER_ACTIONS",
    "FieldSpec",
    "Row",
    "check",
    "click",
    "click_text",
    "extract_list",
    "extract_table",
    "fill",
    "hover",
    "navigate",
    "press",
    "read_text",
    "read_value",
    "screenshot",
    "scroll",
    "select_option",
    "shows",
    "uncheck",
    "upload_file",
    "wait_for_text",
    "wait_for_url",
]

_REF = re.compile(r"^e\d+$")
EMPTY_LIST_WAIT_S = 1.0
"""How long ``extract_list`` waits for rows before it reads an empty list (unless ``nonempty``:
then the session's timeout)."""
POLL_S = 0.1
LATE_ROWS_QUIET_S = 1.0
"""Rule: a table or list a read found empty at first is still being drawn when its first rows
show (a timer adds them in stages: the first two orders, then the rest), so it is read once its
rows have not changed for this long. The cost, paid only by reads that had to wait for rows:
this much per read (a list there at once is read at once, as the page settled). A stage drawn
later than this after the one before is still missed. (0.5 s missed a stage drawn 0.45 s after
the one before when the machine was loaded: a page's timers fire late then.)"""
NONEMPTY_DOC = (
    "Set by the recording when this read found something: wait (up to the session's timeout) "
    "until it does again."
)


def _validate_target(value: Any) -> Any:
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Locator

    if isinstance(value, str):
        ref = value.strip()
        if not _REF.match(ref):
            raise ValueError(
                f"target must be an element ref from the page snapshot, like 'e12' (got {value!r})"
            )
        return ref
    if isinstance(value, Found | Locator):
        return value
    raise ValueError(f"target must be an element ref like 'e12' (got {type(value).__name__})")


Target = Annotated[
    Any,
    PlainValidator(_validate_target),
    WithJsonSchema(
        {"type": "string", "description": 'An element ref from the page snapshot, e.g. "e12".'}
    ),
]
"""An element: a snapshot ref (agent), a :class:`Found` (recipe) or a Playwright ``Locator``."""


def _validate_text(value: Any) -> Any:
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Locator

    if isinstance(value, str):
        if not value.strip():
            raise ValueError("text must be the visible text of an element (got an empty string)")
        return value
    if isinstance(value, Found | Locator):
        return value
    raise ValueError(f"text must be a string (got {type(value).__name__})")


TextTarget = Annotated[
    Any,
    PlainValidator(_validate_text),
    WithJsonSchema({"type": "string", "description": "The element's exact visible text."}),
]
"""An element named by its visible text (agent), or found by ``find`` (recipe)."""


class Row(BaseModel):
    """One extracted row; its fields are attributes (``row.price``)."""

    model_config = ConfigDict(extra="allow", frozen=True)


class FieldSpec(BaseModel):
    """How to read one field of each row of a list."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    ref: str | None = None
    """The ref of this field's element inside ONE row (the agent gives it)."""
    selectors: SkipJsonSchema[tuple[str, ...]] = ()
    """Playwright selectors relative to a row, tried in order (the recipe gives them)."""
    type: FieldType = "text"
    """text, number (parsed from text like "$1,299.00"), integer, url (a link's address),
    value (a form field's value) or checked."""


# --------------------------------------------------------------------------- plumbing


@contextlib.contextmanager
def _step(
    name: str, *, reads_page: bool = False, changes_page: bool = False
) -> Iterator[BrowserSession]:
    """Run one action: reset what recording learns, turn failures into clear errors, keep a
    screenshot of a failed step, and refuse navigations a limit blocked.

    ``reads_page``: the action reads the page, so it first lets the page settle if an earlier
    action may have changed it. ``changes_page``: the action may change the page (even when it
    fails half-way); see :meth:`BrowserSession.page_may_change`."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    session = current_session()
    session.pending_action = name
    session.pending_args = {}
    try:
        if reads_page:
            session.settle_if_changed()
        if name in FORM_ACTIONS:
            _values_before(session)
        try:
            yield session
        finally:
            if changes_page:
                session.page_may_change()
        session.raise_violation()
    except Exception as exc:
        # A failed call records nothing it learnt (its step is dropped from the recipe).
        session.pending_action, session.pending_args = None, {}
        if isinstance(exc, PlaywrightError):
            try:
                session.raise_violation()
            except BrowserLimitError as limit:
                _note_screenshot(limit, session.capture_failure(name))
                raise limit from None
            error = BrowserError(f"{name}: {_playwright_message(exc)}")
            _note_screenshot(error, session.capture_failure(name))
            raise error from None
        if isinstance(exc, BrowserError):
            _note_screenshot(exc, session.capture_failure(name))
        raise


def _values_before(session: BrowserSession) -> None:
    """:func:`~runtime.browser.form_fields.note_values_before`; a page that cannot be read
    (closed, navigating) keeps none, so a later form guard finds other values and stops."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError

    try:
        note_values_before(session)
    except PlaywrightError:
        session.form_before = {}


def _note_screenshot(exc: BaseException, shot: Path | None) -> None:
    if shot is not None and exc.args and isinstance(exc.args[0], str):
        exc.args = (f"{exc.args[0]}\n(screenshot of the page: {shot})", *exc.args[1:])


def _playwright_message(exc: Exception) -> str:
    """Playwright's message without its long call log (the last few log lines are kept)."""
    text = str(getattr(exc, "message", None) or exc).strip()
    head, _, log = text.partition("Call log:")
    head = " ".join(head.split())
    tail = [ln.strip(" -") for ln in log.strip().splitlines() if ln.strip()][-3:]
    return head + (" (" + "; ".join(tail) + ")" if tail else "")


def _element(session: BrowserSession, target: Any, key: str = "target") -> Locator:
    """The locator to act on (the element looked up); see :func:`_readable`."""
    return _locator(_readable(session, target, key))


def _readable(session: BrowserSession, target: Any, key: str = "target") -> Found | Locator:
    """The element ``target`` names, to read or act on; what was learnt about it goes to
    ``pending_args``. A :class:`Found` as it is: its first use looks it up (a read, in the same
    round trip as it reads)."""
    if isinstance(target, str):
        expr, locator = locator_expr_for_ref(session.page, target)
        session.pending_args[key] = expr
        return locator
    # (A Playwright Locator from hand-written code is looked up at once.)
    found = target if isinstance(target, Found) else find(target).resolve()
    session.pending_args[key] = found
    return found


def _helper(element: Found | Locator, op: str, **arg: Any) -> Any:
    if isinstance(element, Found):
        return element.read(page_helpers_js(), {"op": op, **arg})
    return evaluate_one(element, page_helpers_js(), {"op": op, **arg})


def _locator(element: Found | Locator) -> Locator:
    return element.locator if isinstance(element, Found) else element


def _helper_all(locator: Locator, op: str, **arg: Any) -> Any:
    return locator.evaluate_all(f"(els, arg) => ({page_helpers_js()})(els, arg)", {"op": op, **arg})


# --------------------------------------------------------------------------- navigation


@action
def navigate(url: str) -> None:
    """Open a URL in the browser (http or https)."""
    with _step("navigate", changes_page=True) as session:
        session.check_before_navigation(url)
        session.page.goto(url, wait_until="load")


@action
def click(target: Target) -> None:
    """Click an element (a button, a link, a checkbox label…)."""
    with _step("click", changes_page=True) as session:
        element = _element(session, target)
        _values_before(session)
        note_form_fields(session, target, "target")
        element.click()


@action
def click_text(text: TextTarget) -> None:
    """Click the element that shows exactly ``text``: a word in running text, a label without a
    ref. If several elements show it, click one of them by its ref instead."""
    with _step("click_text", changes_page=True) as session:
        if not isinstance(text, str):
            element = _element(session, text, "text")
            _values_before(session)
            element.click()
            return
        page = session.page
        found = find(page.get_by_text(text, exact=True), description=f"text {text!r}").resolve()
        expr = _text_locator_expr(text, found.locator)
        session.pending_args["text"] = expr
        _values_before(session)
        note_form_fields(session, text, "text")
        found.locator.click()


def _text_locator_expr(text: str, locator: Locator) -> LocatorExpr:
    """``get_by_text(text, exact=True)`` first (what the agent asked for), then the element's
    other verified candidates."""
    first = LocatorCandidate(strategy="text", value=text, exact=True)
    expr = locator_expr_for_element(locator)
    rest = tuple(c for c in expr.candidates if c.model_copy(update={"exact": True}) != first)
    return expr.model_copy(update={"candidates": (first, *rest)})


@action
def fill(target: Target, value: str | SecretStr) -> None:
    """Replace the text of an input field or text area with ``value`` (pass a secret input by
    $ref: its value is typed, never shown)."""
    with _step("fill", changes_page=True) as session:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
            if value:
                session.secrets.add(value)
        element = _element(session, target)
        mark_typed(element)
        element.fill(value)


OptionMatch = Literal["label", "value", "label_any_case"]
"""How ``select_option`` matched its ``option`` to a drop-down's option."""
OPTION_MATCHES: tuple[OptionMatch, ...] = ("label", "value", "label_any_case")
_OPTION_KIND = {"label": "label", "value": "value", "label_any_case": "label (in any case)"}


def _option_fits(choice: list[str], option: str, kind: OptionMatch) -> bool:
    """Whether a drop-down's option ``[label, value]`` is ``option`` by the match ``kind``."""
    label = " ".join(choice[0].split())
    if kind == "label":
        return label == " ".join(option.split())
    if kind == "value":
        return choice[1] == option
    return label.lower() == " ".join(option.split()).lower()


@action
def select_option(
    target: Target, option: str, by: SkipJsonSchema[OptionMatch | None] = None
) -> str:
    """Choose an option of a drop-down (a <select>) by its visible label or its value; returns
    the label chosen.

    Rule: exactly one option is chosen by one kind of match, never a guess. The agent (a ref
    for ``target``) may name an option by its label (spaces normalised), else by its value,
    else by its label in any case: the first kind any option fits is the match, and it must
    fit exactly one option ("Portland" under Oregon and under Maine names two). A recipe (a
    found element) matches by the kind the recording matched by: ``by``, recorded when it was
    not the label, else the label. So a page whose options no longer show the label "Austin"
    is not answered by an option whose value happens to be "Austin". And a match recorded by
    the value (or the label in any case) stops when another option now fits by a kind the
    agent tries first (a label "AUS" beside the value "AUS"): the agent would choose that one.
    Otherwise the step fails before choosing (:class:`LocatorError` when several fit) and the
    replay falls back."""
    with _step("select_option", changes_page=True) as session:
        locator = _element(session, target)
        mark_typed(locator)
        options: list[list[str]] = evaluate_one(
            locator, "el => [...(el.options || [])].map(o => [o.label || o.text, o.value])"
        )
        if by is None and not isinstance(target, str):
            by = "label"
        kinds = (by,) if by is not None else OPTION_MATCHES
        for kind in kinds:
            fits = [i for i, o in enumerate(options) if _option_fits(o, option, kind)]
            if fits:
                break
        if not fits:
            shown = ", ".join(repr(o[0]) for o in options[:20]) or "none"
            how = f" by its {_OPTION_KIND[by]}" if by is not None else ""
            raise BrowserError(
                f"select_option: no option {option!r}{how}; the options are {shown}."
            )
        if len(fits) > 1:
            shown = ", ".join(f"{options[i][0]!r} (value {options[i][1]!r})" for i in fits)
            raise LocatorError(
                f"select_option: {len(fits)} options have the {_OPTION_KIND[kind]} {option!r}: "
                f"{shown}; choose one by its value."
            )
        if by is not None and by in OPTION_MATCHES:
            for earlier in OPTION_MATCHES[: OPTION_MATCHES.index(by)]:
                first = [i for i, o in enumerate(options) if _option_fits(o, option, earlier)]
                if first and first != fits:
                    shown = ", ".join(f"{options[i][0]!r} (value {options[i][1]!r})" for i in first)
                    raise LocatorError(
                        f"select_option: the option recorded by its {_OPTION_KIND[by]} "
                        f"{option!r} is {options[fits[0]][0]!r}, but {shown} now has the "
                        f"{_OPTION_KIND[earlier]} {option!r}; which one is meant is unclear."
                    )
        if kind != "label":
            session.pending_args["by"] = kind
        locator.select_option(index=fits[0])
        return options[fits[0]][0]


@action
def check(target: Target) -> None:
    """Tick a checkbox or choose a radio button (nothing happens if it already is)."""
    with _step("check", changes_page=True) as session:
        element = _element(session, target)
        mark_typed(element)
        element.check()


@action
def uncheck(target: Target) -> None:
    """Untick a checkbox (nothing happens if it already is unticked)."""
    with _step("uncheck", changes_page=True) as session:
        element = _element(session, target)
        mark_typed(element)
        element.uncheck()


@action
def press(key: str, target: Target | None = None) -> None:
    """Press a key or a combination ("Enter", "Tab", "Control+A"), in ``target`` if given,
    else wherever the focus is."""
    with _step("press", changes_page=True) as session:
        if target is None:
            session.page.keyboard.press(key)
        else:
            element = _element(session, target)
            mark_typed(element)
            element.press(key)


@action
def hover(target: Target) -> None:
    """Move the mouse over an element (opens hover menus and tooltips)."""
    with _step("hover", changes_page=True) as session:
        _element(session, target).hover()


@action
def scroll(
    direction: Literal["down", "up", "top", "bottom"] = "down", target: Target = None
) -> None:
    """Scroll the page by about one screen (down or up) or to its top or bottom; with
    ``target``, scroll until that element is in view."""
    with _step("scroll", changes_page=True) as session:
        page = session.page
        if target is not None:
            _element(session, target).scroll_into_view_if_needed()
        elif direction in ("top", "bottom"):
            page.evaluate(
                "(down) => window.scrollTo(0, down ? document.body.scrollHeight : 0)",
                direction == "bottom",
            )
        else:
            step = int(session.config.viewport_height * 0.9)
            page.mouse.wheel(0, step if direction == "down" else -step)


# --------------------------------------------------------------------------- reading


@action(read_only=True)
def read_text(target: Target, nonempty: SkipJsonSchema[bool] = False) -> str:
    """The visible text of an element (the value, for a form field)."""
    with _step("read_text", reads_page=True) as session:
        return _read_string(session, _readable(session, target), "text", nonempty)


@action(read_only=True)
def read_value(target: Target, nonempty: SkipJsonSchema[bool] = False) -> str:
    """The current value of a form field (input, text area, drop-down)."""
    with _step("read_value", reads_page=True) as session:
        return _read_string(session, _readable(session, target), "value", nonempty)


def _read_string(session: BrowserSession, element: Found | Locator, op: str, nonempty: bool) -> str:
    """The element's text or value; with ``nonempty``, the first that is not blank within the
    session's timeout (else the blank one)."""
    deadline = time.monotonic() + session.config.timeout_s
    while True:
        value = str(_helper(element, op))
        if value.strip() or not nonempty or time.monotonic() >= deadline:
            return value
        time.sleep(POLL_S)


@action(read_only=True)
def extract_list(
    target: Target,
    fields: dict[str, FieldSpec | str],
    rows: SkipJsonSchema[list[str] | None] = None,
    nonempty: SkipJsonSchema[bool] = False,
) -> list[Row]:
    """Read a repeated list (product cards, search results, table rows) into typed rows.

    ``target`` is the element holding the whole list. ``fields`` names each field and says
    where it is in ONE row of the list: ``{"name": {"ref": "e14"}, "price": {"ref": "e15",
    "type": "number"}, "link": {"ref": "e16", "type": "url"}}`` (a bare ref means a text
    field). Every row of the list is read the same way; a field missing from a row is null.
    """
    with _step("extract_list", reads_page=True) as session:
        container = _readable(session, target)
        specs = {
            k: FieldSpec(ref=v) if isinstance(v, str) else FieldSpec.model_validate(v)
            for k, v in fields.items()
        }
        if not specs:
            raise BrowserError("extract_list: give at least one field.")
        token = secrets.token_hex(6)
        if any(s.ref is not None for s in specs.values()):
            specs, rows = _learn_list(_locator(container), specs, token)
            session.pending_args["fields"] = {
                k: {"selectors": list(s.selectors)} | ({"type": s.type} if s.type != "text" else {})
                for k, s in specs.items()
            }
            session.pending_args["rows"] = rows
        elif not rows:
            raise BrowserError("extract_list: without refs, `rows` (row selectors) are needed.")
        elif isinstance(container, Found):
            rows, specs = _with_alternates(container, rows, specs)
        wait_s = session.config.timeout_s if nonempty else EMPTY_LIST_WAIT_S
        return _read_list(container, specs, rows, token, wait_s)


def _with_alternates(
    container: Found, rows: list[str], specs: dict[str, FieldSpec]
) -> tuple[list[str], dict[str, FieldSpec]]:
    """The row and field selectors the recipe shows, each followed by the others recorded
    for it in ``locators.json`` (while the recipe still shows the first of them)."""
    entry = container.alternates()
    if entry is None:
        return rows, specs
    if entry.rows and entry.rows[0] == rows[0]:
        rows = [*rows, *(r for r in entry.rows[1:] if r not in rows)]
    out = {}
    for key, spec in specs.items():
        more = entry.fields.get(key, ())
        if more and spec.selectors and more[0] == spec.selectors[0]:
            extra = tuple(s for s in more[1:] if s not in spec.selectors)
            spec = spec.model_copy(update={"selectors": (*spec.selectors, *extra)})
        out[key] = spec
    return rows, out


def _learn_list(
    container: Locator, specs: dict[str, FieldSpec], token: str
) -> tuple[dict[str, FieldSpec], list[str]]:
    """From refs in one row: verified row selectors and per-field selectors."""
    missing = [k for k, s in specs.items() if not s.ref]
    if missing:
        raise BrowserError(f"extract_list: give a ref for every field (missing: {missing}).")
    refs = {k: str(s.ref).strip() for k, s in specs.items()}
    info = _helper(container, "rows_of", fields=refs, token=token)
    if "error" in info:
        raise BrowserError(f"extract_list: {info['error']}.")
    expected = list(range(info["count"]))
    rows = [
        sel
        for sel in info["rows"]
        if _helper_all(container.locator(sel), "row_index", token=token) == expected
    ]
    if not rows:
        raise BrowserError("extract_list: the rows of this list cannot be located again.")
    row_locator = container.locator(rows[0])
    first = info["first"]
    learnt: dict[str, FieldSpec] = {}
    for key, spec in specs.items():
        good = []
        for sel in info["fields"][key]:
            pairs = _helper_all(row_locator.locator(sel), "field_check", token=token)
            in_first = [mark for row, mark in pairs if row == first]
            per_row: dict[int, int] = {}
            for row, _ in pairs:
                per_row[row] = per_row.get(row, 0) + 1
            if len(in_first) == 1 and key in in_first[0] and max(per_row.values()) == 1:
                good.append(sel)
        if not good:
            raise BrowserError(f"extract_list: field {key!r} cannot be located in each row.")
        learnt[key] = FieldSpec(selectors=tuple(good), type=spec.type)
    return learnt, rows


def _read_list(
    container: Found | Locator,
    specs: dict[str, FieldSpec],
    rows: list[str],
    token: str,
    wait_s: float = EMPTY_LIST_WAIT_S,
) -> list[Row]:
    """Every row of the list, read in one round trip when the page can resolve the selectors
    itself (CSS and ``role=``), else selector by selector through Playwright; a list with no
    rows yet is given ``wait_s`` to show some."""
    deadline = time.monotonic() + wait_s
    fields = {k: {"selectors": list(s.selectors), "type": s.type} for k, s in specs.items()}
    while True:
        wait_ms = max(0.0, (deadline - time.monotonic()) * 1000)
        out = _helper(container, "read_list", rows=rows, fields=fields, waitMs=wait_ms)
        if not out.get("replaced") or time.monotonic() >= deadline:
            break  # (a list swapped for a new one while waiting: read the new one)
    if out.get("late"):
        # (The rows came while waiting: the list may still be drawing the rest.)
        still_since, cap = time.monotonic(), time.monotonic() + 5 * LATE_ROWS_QUIET_S
        while time.monotonic() - still_since < LATE_ROWS_QUIET_S and time.monotonic() < cap:
            time.sleep(POLL_S)
            again = _helper(container, "read_list", rows=rows, fields=fields, waitMs=0)
            if again.get("values") != out.get("values") or again.get("rows") != out.get("rows"):
                out, still_since = again, time.monotonic()
    if "unsupported" in out or "replaced" in out:
        return _read_list_by_selector(_locator(container), specs, rows, token, wait_s)
    if "rows" not in out:
        return _no_rows(out["tried"])
    for key, missing in out["missing"].items():
        if missing == out["count"]:
            raise _field_nowhere(key, out["count"], specs[key])
    return [Row(**{k: _typed(v[k], specs[k].type) for k in specs}) for v in out["values"]]


def _read_list_by_selector(
    container: Locator,
    specs: dict[str, FieldSpec],
    rows: list[str],
    token: str,
    wait_s: float = EMPTY_LIST_WAIT_S,
) -> list[Row]:
    # An empty list is an answer (no product matches), but a list still rendering is not:
    # give the rows a moment to appear before reading none.
    deadline = time.monotonic() + wait_s
    while True:
        row_locator, count, tried = _find_rows(container, rows, token)
        if row_locator is not None or time.monotonic() >= deadline:
            break
        time.sleep(POLL_S)
    if row_locator is None:
        return _no_rows(tried)
    values: list[dict[str, Any]] = [{} for _ in range(count)]
    for key, spec in specs.items():
        unresolved = set(range(count))
        for sel in spec.selectors:
            pairs = _helper_all(
                row_locator.locator(sel), "field_values", token=token, type=spec.type
            )
            per_row: dict[int, list[Any]] = {}
            for row, value in pairs:
                per_row.setdefault(row, []).append(value)
            for row in list(unresolved):
                found = per_row.get(row, [])
                if len(found) == 1:
                    values[row][key] = found[0]
                    unresolved.discard(row)
            if not unresolved:
                break
        if unresolved and len(unresolved) == count:
            raise _field_nowhere(key, count, spec)
        for row in unresolved:
            values[row][key] = None
    return [Row(**{k: _typed(v.get(k), specs[k].type) for k in specs}) for v in values]


def _no_rows(tried: list[tuple[str, int]]) -> list[Row]:
    """No row selector found clean rows: an empty list, or an error if some found nested ones."""
    if all(n == 0 for _, n in tried):
        return []
    raise LocatorError(
        "extract_list: no row selector found clean rows in the list:\n  "
        + "\n  ".join(f"{sel} — {'rows nested in rows' if n < 0 else n}" for sel, n in tried)
    )


def _field_nowhere(key: str, count: int, spec: FieldSpec) -> LocatorError:
    return LocatorError(
        f"extract_list: field {key!r} was found in none of the {count} rows "
        f"(selectors tried: {', '.join(spec.selectors)})."
    )


def _find_rows(
    container: Locator, rows: list[str], token: str
) -> tuple[Locator | None, int, list[tuple[str, int]]]:
    """The first row selector that finds rows (none inside another), marked for reading."""
    tried = []
    for sel in rows:
        candidate = container.locator(sel)
        marked = _helper_all(candidate, "mark_rows", token=token)
        tried.append((sel, marked))
        if marked > 0:
            return candidate, marked, tried
    return None, 0, tried


@action(read_only=True)
def extract_table(
    target: Target,
    columns: SkipJsonSchema[dict[str, FieldType] | None] = None,
    nonempty: SkipJsonSchema[bool] = False,
) -> list[Row]:
    """Read an HTML table into typed rows, one field per column, named after its header
    ("Unit price" becomes unit_price); numeric columns become numbers."""
    with _step("extract_table", reads_page=True) as session:
        table = _readable(session, target)
        deadline = time.monotonic() + session.config.timeout_s
        data = _helper(table, "table")
        late = False
        while nonempty and not data["rows"] and time.monotonic() < deadline:
            time.sleep(POLL_S)
            data = _helper(table, "table")
            late = True
        if late and data["rows"]:
            data = _once_rows_still(table, data, deadline)
        headers: list[str] = data["headers"]
        cells: list[list[str]] = data["rows"]
        if columns is None:
            columns = {
                h: _column_type([r[i] for r in cells if i < len(r)]) for i, h in enumerate(headers)
            }
            session.pending_args["columns"] = dict(columns)
        missing = [c for c in columns if c not in headers]
        if missing:
            raise LocatorError(
                f"extract_table: the table has no column(s) {missing}; its columns are {headers}."
            )
        index = {h: i for i, h in enumerate(headers)}
        return [
            Row(
                **{
                    c: _convert(r[index[c]] if index[c] < len(r) else "", t)
                    for c, t in columns.items()
                }
            )
            for r in cells
        ]


def _once_rows_still(table: Found | Locator, data: dict[str, Any], deadline: float) -> Any:
    """``data`` (a read of ``table``) read again until its rows have not changed for
    :data:`LATE_ROWS_QUIET_S` (or ``deadline`` passes: then the last read)."""
    still_since = time.monotonic()
    while time.monotonic() - still_since < LATE_ROWS_QUIET_S and time.monotonic() < deadline:
        time.sleep(POLL_S)
        again = _helper(table, "table")
        if again["rows"] != data["rows"] or again["headers"] != data["headers"]:
            data, still_since = again, time.monotonic()
    return data


# --------------------------------------------------------------------------- waiting


def shows(element: Locator, *, or_: Locator | None = None) -> bool:
    """Whether the page shows ``element`` (a visible match): the check a recipe makes before it
    turns to the next page of results. Not an action (nothing is recorded): a recipe asks it,
    the agent reads the page outline instead.

    It waits as a read does: first the page settles if an action may have changed it (the
    results of the page just turned to, not those of the page left); then it waits, up to the
    session's timeout, until the page shows ``element`` or ``or_`` — the control that turns the
    page, which a page still drawing its results shows neither of. Without ``or_`` it waits
    :data:`EMPTY_LIST_WAIT_S`, as a read of a list that may be empty does."""
    # lazy: playwright takes ~0.2 s to load, and every run imports this package
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    stand_in = current_stand_in()
    if stand_in is not None:  # ``recipe test``: the recorded run tells what the page showed
        return bool(stand_in.shows(element, or_=or_))
    session = current_session()
    session.settle_if_changed()
    either = element if or_ is None else element.or_(or_)
    wait_s = EMPTY_LIST_WAIT_S if or_ is None else session.config.timeout_s
    try:
        either.filter(visible=True).first.wait_for(state="visible", timeout=wait_s * 1000)
    except PlaywrightTimeoutError:
        return False
    except PlaywrightError as exc:
        raise BrowserError(f"shows: {_playwright_message(exc)}") from None
    try:
        return element.filter(visible=True).count() > 0
    except PlaywrightError as exc:
        raise BrowserError(f"shows: {_playwright_message(exc)}") from None


@action
def wait_for_text(text: str, timeout_s: float = 10.0) -> None:
    """Wait until ``text`` is visible somewhere on the page."""
    with _step("wait_for_text") as session:
        session.page.get_by_text(text).first.wait_for(state="visible", timeout=timeout_s * 1000)


@action
def wait_for_url(url_part: str, timeout_s: float = 10.0) -> str:
    """Wait until the page's URL contains ``url_part``; returns the URL."""
    with _step("wait_for_url", changes_page=True) as session:
        page = session.page
        page.wait_for_url(lambda url: url_part in url, timeout=timeout_s * 1000)
        return page.url


# --------------------------------------------------------------------------- files


@action
def screenshot(path: str, full_page: bool = False) -> str:
    """Save a PNG screenshot of the page to ``path``; returns the path."""
    with _step("screenshot", reads_page=True) as session:
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        session.page.screenshot(path=str(out), full_page=full_page)
        return str(out)


@action
def upload_file(target: Target, path: str) -> None:
    """Choose a local file in a file input (<input type=file>)."""
    with _step("upload_file", changes_page=True) as session:
        file = Path(path)
        if not file.is_file():
            raise BrowserError(f"upload_file: no file at {path!r}.")
        _element(session, target).set_input_files(str(file))


BROWSER_ACTIONS = (
    navigate,
    click,
    click_text,
    fill,
    select_option,
    check,
    uncheck,
    press,
    hover,
    scroll,
    read_text,
    read_value,
    extract_list,
    extract_table,
    wait_for_text,
    wait_for_url,
    screenshot,
    upload_file,
)
"""Every browser action, to pass as ``Task(actions=[*BROWSER_ACTIONS, ...])``."""
