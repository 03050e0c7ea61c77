"""The browser action pack: ``@action`` functions the agent calls and recipes replay.

Element actions take ``target``: the agent passes a ref from the page snapshot (``"e12"``);
a recipe passes what :func:`~runtime.browser.find` returned; hand-written code may also pass a
Playwright ``Locator``. Acting on a ref records the element's locator candidates (see
:func:`runtime.browser.recording_args`), so the recipe finds the element again on its own.

Lists and tables are read from the DOM through locators (``extract_list``, ``extract_table``;
the reading itself is in :mod:`runtime.browser.lists`): at replay the rows come from the page,
never from the model. A read that found something when it was recorded is replayed with
``nonempty=True`` (see :func:`runtime.browser.recording_args`): it waits, up to the session's
timeout, until it finds something again — a suggestion list that shows after a debounce, results
that arrive late — rather than read an empty page.

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

from pydantic import PlainValidator, SecretStr, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from compiler.ir import LocatorCandidate, LocatorExpr
from runtime.actions.decorator import action
from runtime.browser.cells import FieldType, _column_type, _convert
from runtime.browser.errors import BrowserError, BrowserLimitError, LocatorError
from runtime.browser.form_fields import (
    FORM_ACTIONS,
    mark_typed,
    note_form_fields,
    note_values_before,
)
from runtime.browser.lists import (
    EMPTY_LIST_WAIT_S,
    POLL_S,
    FieldSpec,
    Row,
    _helper,
    _learn_list,
    _locator,
    _once_rows_still,
    _read_list,
    _read_rows,
    _until_drawn_rows_still,
    _with_alternates,
)
from runtime.browser.locators import Found, find, locator_expr_for_element, locator_expr_for_ref
from runtime.browser.session import BrowserSession, current_session, current_stand_in
from runtime.browser.snapshot import evaluate_one

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
        data = _read_rows(table, "table")
        late = False
        while nonempty and not data["rows"] and time.monotonic() < deadline:
            time.sleep(POLL_S)
            data = _read_rows(table, "table")
            late = True
        if data["rows"] and _until_drawn_rows_still(table, data.get("drawnLate")):
            data = _helper(table, "table")
        elif late and data["rows"]:
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
