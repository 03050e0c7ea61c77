"""One Chromium per process, one browser context per task run, opened lazily on first use.

A run (an agent run, a recipe replay, a hand-written script) uses the session that
:func:`browser_session` set for its context; code outside any such block gets a default session
that lives until the process exits. Nothing starts until an action needs the page, so tasks that
never touch the browser pay nothing.

The Playwright driver and the Chromium processes, and where the binary is found, are in
:mod:`runtime.browser.chromium`.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.browser.chromium import CHROMIUM_ARGS, close_host, host_of_thread, resolve_chromium
from runtime.browser.errors import BrowserError, BrowserLimitError
from runtime.browser.limits import BrowserConfig, check_navigation, check_request, needs_route
from runtime.browser.waits import (
    ANSWER_QUIET_MS,
    FORM_ACTIONS,
    LOOKUP_QUIET_MS,
    QUIET_JS,
    REQUEST_WAIT_MS,
    SNAPSHOT_QUIET_MS,
    TRACKED_REQUESTS,
    TYPING_ACTIONS,
    TYPING_WAIT_MS,
)

if TYPE_CHECKING:
    from playwright.sync_api import (
        BrowserContext,
        Locator,
        Page,
        Request,
        Route,
    )

__all__ = [
    "CHROMIUM_ARGS",
    "BrowserSession",
    "LocatorReport",
    "browser_session",
    "capture_failure",
    "close_browser",
    "configure_browser",
    "current_page",
    "current_session",
    "resolve_chromium",
    "run_session",
    "stand_in_page",
]

_INIT_JS = "\n".join(
    (Path(__file__).with_name(name)).read_text(encoding="utf-8")
    for name in ("page_listeners.js", "page_changes.js")
)
"""Runs at the start of every document: marks the elements the page listens to for clicks, which
the page outline shows as clickable (``page_listeners.js``), and notes when the document last
changed and last had a request answered, for :meth:`BrowserSession.settle`
(``page_changes.js``). Each part installs itself once per document."""


@dataclass(frozen=True)
class LocatorReport:
    """Which locator found an element at replay (``find``), and what the others matched."""

    description: str | None
    used: int | None
    """Index of the locator that matched exactly one element; ``None`` if none did."""
    tried: tuple[tuple[str, int], ...]
    """Every locator tried, as ``(locator, number of elements it matched)``."""
    file: str | None = None
    """The source file that called ``find`` (the recipe), for healing."""
    line: int | None = None
    """The line of that call; :func:`compiler.locators.promote_locator` moves the locator that
    worked first there."""
    shown: int = 1
    """How many locators the call shows; the later ones came from ``locators.json``."""
    alternate: tuple[str, int] | None = None
    """For a locator from ``locators.json``: its element's key there and its position."""

    @property
    def fell_back(self) -> bool:
        """True when the first locator did not work and a later one did."""
        return self.used is not None and self.used > 0

    def summary(self) -> str:
        """One line for a run report, e.g. ``recipe.py:31: found by locator 2 of 4 (…)``."""
        where = f"{Path(self.file).name}:{self.line}: " if self.file and self.line else ""
        what = f"{self.description}: " if self.description else ""
        if self.used is None:
            return f"{where}{what}no locator matched exactly one element"
        selector, _ = self.tried[self.used]
        failed = ", ".join(f"{sel} ({_verdict(n)})" for sel, n in self.tried[: self.used])
        note = f"; before it: {failed}" if failed else ""
        return f"{where}{what}found by locator {self.used + 1} ({selector}){note}"


def _verdict(count: int) -> str:
    if count > 1:
        return "ambiguous"
    return "another kind of element" if count == -2 else "no match"


@dataclass
class _Violation:
    url: str
    rule: str
    navigation: bool


@dataclass
class BrowserSession:
    """The browser state of one run: its context, its page, its limits and what happened."""

    config: BrowserConfig = field(default_factory=BrowserConfig)
    artifacts_dir: Path | None = None
    """Where screenshots of failed steps go; ``None`` keeps none."""
    pages_loaded: int = 0
    """Documents loaded in the main frame so far (what ``max_pages`` limits)."""
    locator_reports: list[LocatorReport] = field(default_factory=list)
    """One entry per element found with ``find`` (replay), in order."""
    failure_screenshots: list[Path] = field(default_factory=list)
    blocked: list[tuple[str, str]] = field(default_factory=list)
    """Every request a limit refused, as ``(url, rule)``."""
    busy: list[tuple[str, float]] = field(default_factory=list)
    """Each wait for the page to settle that ran out of time, as ``(url, its time limit in s)``: a
    request that never ends, or a page that keeps changing, makes every look at it that slow."""
    secrets: set[str] = field(default_factory=set)
    """Secret values typed into the page (a ``SecretStr`` given to ``fill``): the outline the
    model reads shows them masked."""
    pending_args: dict[str, Any] = field(default_factory=dict)
    """What the last action learnt about its arguments, for :func:`recording_args`."""
    pending_action: str | None = None
    typed_on: str | None = None
    """The URL of the page the last form action (a fill, a choice: ``FORM_ACTIONS``) typed
    into, until a navigation: a click on that page records its form fields
    (:mod:`runtime.browser.form_fields`)."""
    form_before: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """On the page :attr:`typed_on` names: each form field's value as it was before the run
    first typed into it (or clicked on that page), as ``(shown, empty)``: shown as the form
    guard records it (a password only as set or empty), by ``role "name"#n``
    (:mod:`runtime.browser.form_fields`)."""
    _context: BrowserContext | None = None
    _page: Page | None = None
    _violations: list[_Violation] = field(default_factory=list)
    _in_flight: dict[Page, set[Request]] = field(default_factory=dict)
    """Each page's tracked requests (:data:`TRACKED_REQUESTS`) not answered yet, from
    Playwright's request events."""
    _answered: float = 0.0
    """When (``time.monotonic()``) the last tracked request ended."""
    _answer_key: tuple[str, int] | None = None
    """That request's URL and how many answers its URL had in its document, if it was a fetch
    or XMLHttpRequest of the main frame (the page's own time of it is found by this)."""
    _acted: float = 0.0
    """When the last action that may have changed the page ended."""
    _typed: bool = False
    """Whether that action typed (:data:`TYPING_ACTIONS`)."""
    _changed: bool = False
    _closed: bool = False
    _owns_context: bool = True
    """Whether the session opened its context (and closes it); not for a page it adopted."""
    _routed: bool = False
    """Whether requests go through :meth:`_on_route` (the limits need it)."""

    # -- lifecycle ----------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether a page exists (the browser was used in this session)."""
        return self._page is not None and not self._page.is_closed()

    @property
    def page(self) -> Page:
        """The page actions work on; opens the context (and Chromium) on first use."""
        if self._closed:
            raise BrowserError("the browser session is closed; start a new run.")
        if self._page is None or self._page.is_closed():
            if self._context is None:
                self._context = self._new_context()
            open_pages = [p for p in self._context.pages if not p.is_closed()]
            self._page = open_pages[-1] if open_pages else self._new_page(self._context)
        return self._page

    def close(self) -> None:
        """Close the context (the Chromium process stays for the next run); a page the session
        adopted (:meth:`adopt`) stays open, as its owner left it.

        If the last action may have changed the page, first waits for its requests: a run's last
        click (a "Place order") must not have them cut off by the end of the run.
        """
        if self.is_open:
            with contextlib.suppress(Exception):
                self.settle_if_changed(quiet_ms=0, answer_ms=0)
        self._closed = True
        context, self._context, page, self._page = self._context, None, self._page, None
        if not self._owns_context:
            if self._routed and page is not None:
                with contextlib.suppress(Exception):
                    page.unroute("**/*", self._on_route)
            return
        if context is not None:
            with contextlib.suppress(Exception):
                context.close()

    def adopt(self, page: Page) -> None:
        """Work on ``page``, which the caller opened and prepared (logged in, navigated, …),
        in a browser of its own or not: the session's limits, timeouts and waits apply to it from
        now on, and closing the session leaves it open."""
        self._page, self._context, self._owns_context = page, page.context, False
        self._watch(page)
        page.add_init_script(_INIT_JS)  # (its next documents)
        with contextlib.suppress(Exception):
            page.evaluate(_INIT_JS)  # (this one)
        self._apply(self.config)

    @contextlib.contextmanager
    def run(self, config: BrowserConfig | None = None) -> Iterator[BrowserSession]:
        """One task run in this session (the caller's): ``config`` (the task's browser limits)
        applies for the run, and the run's locator reports, busy pages and page count are its
        own — :func:`~runtime.browser.locator_report` shows this run's only. Afterwards the
        session's own config is back and the run's reports are added to the session's."""
        saved = (self.config, self.locator_reports, self.busy, self.pages_loaded)
        self.locator_reports, self.busy, self.pages_loaded = [], [], 0
        if config is not None:
            self._apply(config)
        try:
            yield self
        finally:
            if config is not None:
                self._apply(saved[0])
            self.locator_reports = saved[1] + self.locator_reports
            self.busy = saved[2] + self.busy
            self.pages_loaded += saved[3]

    def _apply(self, config: BrowserConfig) -> None:
        """Make ``config`` the session's: its timeouts for the open page, its limits for every
        request from now on."""
        self.config = config
        if self._page is None or self._page.is_closed():
            return
        target = self._page if not self._owns_context else self._context
        assert target is not None
        target.set_default_timeout(config.timeout_s * 1000)
        target.set_default_navigation_timeout(config.timeout_s * 1000)
        if needs_route(config) and not self._routed:
            target.route("**/*", self._on_route)
            self._routed = True

    def _new_context(self) -> BrowserContext:
        cfg = self.config
        host = host_of_thread()
        browser = host.browser(resolve_chromium(cfg.executable_path), cfg.headless)
        options: dict[str, Any] = {
            "viewport": {"width": cfg.viewport_width, "height": cfg.viewport_height},
            "service_workers": "block",
        }
        if cfg.user_agent is not None:
            options["user_agent"] = cfg.user_agent
        context = browser.new_context(**options)
        context.set_default_timeout(cfg.timeout_s * 1000)
        context.set_default_navigation_timeout(cfg.timeout_s * 1000)
        context.add_init_script(_INIT_JS)
        if needs_route(cfg):
            context.route("**/*", self._on_route)
            self._routed = True
        context.on("page", self._adopt_page)
        return context

    def _new_page(self, context: BrowserContext) -> Page:
        page = context.new_page()
        if page is not self._page:
            self._watch(page)
        return page

    def _adopt_page(self, page: Page) -> None:
        """A new tab (``target=_blank``, ``window.open``) becomes the page actions work on."""
        self._watch(page)
        self._page = page

    def _watch(self, page: Page) -> None:
        """Keep the page's requests in flight (what a wait waits for), from Playwright's
        request events: two driver messages per request."""
        in_flight: set[Request] = set()
        self._in_flight[page] = in_flight
        answers: dict[str, int] = {}
        """The main frame's fetch and XMLHttpRequest answers per URL in its current document, as
        ``page_changes.js`` counts them in the page."""

        def started(request: Request) -> None:
            if request.resource_type in TRACKED_REQUESTS:
                in_flight.add(request)
                if request.resource_type == "document" and _of_main_frame(page, request):
                    answers.clear()  # (a new document counts afresh)

        def ended(request: Request, finished: bool = False) -> None:
            if request in in_flight:
                in_flight.discard(request)
                self._answered = time.monotonic()
                self._answer_key = None
                kind = request.resource_type
                if finished and kind in ("fetch", "xhr") and _of_main_frame(page, request):
                    if len(answers) >= 1000:
                        answers.clear()  # (as the page does, at the same size)
                    answers[request.url] = answers.get(request.url, 0) + 1
                    self._answer_key = (request.url, answers[request.url])

        page.on("request", started)
        page.on("requestfinished", lambda request: ended(request, finished=True))
        page.on("requestfailed", ended)

        def closed(page: Page) -> None:
            self._in_flight.pop(page, None)

        page.on("close", closed)

    # -- limits -------------------------------------------------------------------------

    def _on_route(self, route: Route) -> None:
        request = route.request
        url = request.url
        navigation = request.is_navigation_request()
        main = False
        if navigation:
            with contextlib.suppress(Exception):
                main = request.frame.parent_frame is None
        if main and request.redirected_from is None:
            rule = check_navigation(url, self.config, self.pages_loaded)
        else:
            rule = check_request(url, self.config, navigation=navigation)
        if rule is not None:
            self.blocked.append((url, rule))
            self._violations.append(_Violation(url, rule, navigation))
            route.abort("blockedbyclient")
            return
        if main and request.redirected_from is None:
            self.pages_loaded += 1
        route.fallback()

    def check_before_navigation(self, url: str) -> None:
        """Raise :class:`BrowserLimitError` if loading ``url`` would break a rule."""
        rule = check_navigation(url, self.config, self.pages_loaded)
        if rule is not None:
            self.blocked.append((url, rule))
            raise BrowserLimitError(url, rule)

    def raise_violation(self) -> None:
        """Raise for a navigation a limit refused during the last action (and clear the list).

        Also checks where the page landed, which catches redirects to a refused host.
        """
        violations, self._violations = self._violations, []
        for violation in violations:
            if violation.navigation:
                self._leave_error_page()
                raise BrowserLimitError(violation.url, violation.rule)
        if self._page is not None and not self._page.is_closed():
            url = self._page.url
            rule = check_request(url, self.config, navigation=True)
            if rule is not None:
                with contextlib.suppress(Exception):
                    self._page.goto("about:blank")
                raise BrowserLimitError(url, rule)

    def _leave_error_page(self) -> None:
        """After a refused navigation Chromium shows its error page: go back to the page the
        run was on, so the next step (or the fallback agent) starts from a real page."""
        page = self._page
        if page is None or page.is_closed() or not page.url.startswith("chrome-error:"):
            return
        with contextlib.suppress(Exception):
            page.go_back(wait_until="load", timeout=self.config.timeout_s * 1000)

    # -- waiting ------------------------------------------------------------------------

    def page_may_change(self) -> None:
        """Note that the last action may have changed the page (a click, a navigation, a key
        press): the next look at it (:func:`~runtime.browser.find`, a read, a snapshot) lets it
        settle first.

        Settling lazily rather than after every action costs nothing where nothing looks at the
        page next — a ``wait_for_text``, the next ``navigate`` — and Playwright's own
        auto-waiting (visible, enabled, stable) covers the element an action then works on."""
        self._changed = True
        self._acted = time.monotonic()
        self._typed = self.pending_action in TYPING_ACTIONS
        if self.pending_action in FORM_ACTIONS and self._page is not None:
            self.typed_on = self._page.url
        elif self.pending_action == "navigate":
            self.typed_on = None

    def settle_if_changed(
        self,
        quiet_ms: int = LOOKUP_QUIET_MS,
        answer_ms: int = ANSWER_QUIET_MS,
        *,
        lookup: Locator | None = None,
    ) -> int | None:
        """:meth:`settle` (without waiting for the page's answer to typing), if an action may
        have changed the page since the last settle; then, given ``lookup`` (the locator the
        caller looks up next), the number of elements it matches — ``None`` when nothing was
        waited for or it could not be counted."""
        # lazy: playwright takes ~0.2 s to load, and every run imports this package
        from playwright.sync_api import Error as PlaywrightError

        if not self._changed:
            return None
        self.settle(quiet_ms=quiet_ms, answer_ms=answer_ms, typing_ms=0)
        if lookup is not None:
            with contextlib.suppress(PlaywrightError):
                return lookup.count()
        return None

    def settle(
        self,
        timeout_s: float = 3.0,
        quiet_ms: int = SNAPSHOT_QUIET_MS,
        answer_ms: int = ANSWER_QUIET_MS,
        typing_ms: int = TYPING_WAIT_MS,
    ) -> bool:
        """Wait (at most ``timeout_s``) until the page has loaded, none of its requests is in
        flight (:data:`TRACKED_REQUESTS`), its DOM has not changed for ``quiet_ms`` — nor since
        the last action — and, if a request was answered since, the page changed after it (or
        ``answer_ms`` passed); after typing, also until the page answered it (its DOM changed)
        or ``typing_ms`` passed. So a snapshot or a lookup sees the page a person would see.
        Only public Playwright: request events and one evaluation (``QUIET_JS``); a page
        already still costs that one round trip. A
        navigation under way needs no account, since Playwright then waits for the new document
        before it evaluates anything. Never raises: a page that keeps busy is used as it is.
        Returns whether the page settled (``False``: it was still busy when the time was up, or
        it closed)."""
        # lazy: playwright takes ~0.2 s to load, and every run imports this package
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        self._changed = False
        typed, self._typed = self._typed, False
        page = self.page
        limit_s = min(timeout_s, self.config.timeout_s)
        deadline = time.monotonic() + limit_s
        while not page.is_closed():
            now = time.monotonic()
            cap_ms = (deadline - now) * 1000
            if cap_ms <= 0:
                self.busy.append((page.url, limit_s))
                return False
            try:
                in_flight = self._in_flight.get(page)
                if in_flight:
                    # Until the last one ends (a failed one ends no such wait: the next look).
                    with contextlib.suppress(PlaywrightTimeoutError):
                        page.wait_for_event(
                            "requestfinished",
                            predicate=lambda _: not in_flight,  # noqa: B023
                            timeout=min(REQUEST_WAIT_MS, cap_ms),
                        )
                    continue
                since_action = (now - self._acted) * 1000
                since_answer = (
                    (now - self._answered) * 1000 if self._answered > self._acted else None
                )
                answer_key = list(self._answer_key) if self._answer_key else None
                still = page.evaluate(
                    QUIET_JS,
                    [
                        quiet_ms,
                        since_action,
                        since_answer,
                        answer_key,
                        answer_ms,
                        typing_ms if typed else 0,
                        cap_ms,
                    ],
                )
            except PlaywrightError:
                # The document changed under us (a navigation): wait for the new one.
                with contextlib.suppress(PlaywrightError):
                    page.wait_for_load_state("load", timeout=max(1.0, min(cap_ms, 1000)))
                still = False
            typed = False
            # (A request the page started during the evaluation is waited for in turn.)
            if still and not self._in_flight.get(page):
                return True
            page = self.page
        return False

    # -- failures -----------------------------------------------------------------------

    def capture_failure(self, label: str) -> Path | None:
        """Save a screenshot of the page into ``artifacts_dir`` (if any); returns its path."""
        if self.artifacts_dir is None or not self.is_open:
            return None
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-") or "step"
        path = self.artifacts_dir / f"failure-{len(self.failure_screenshots) + 1:02d}-{name}.png"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            assert self._page is not None
            self._page.screenshot(path=str(path), timeout=5000)
        except Exception:
            return None
        self.failure_screenshots.append(path)
        return path


def _of_main_frame(page: Page, request: Request) -> bool:
    """Whether ``request`` is the main frame's of ``page`` (not a frame's, nor a worker's)."""
    try:
        return request.frame == page.main_frame
    except Exception:  # (a worker's request has no frame: Playwright raises)
        return False


# --------------------------------------------------------------------------- the process


# --------------------------------------------------------------------------- sessions

_LOCAL = threading.local()

_SESSION: contextvars.ContextVar[BrowserSession | None] = contextvars.ContextVar(
    "recipe_compiler_browser_session", default=None
)
_DEFAULTS: dict[str, Any] = {"config": None, "artifacts_dir": None}


def configure_browser(
    config: BrowserConfig | None = None, *, artifacts_dir: str | os.PathLike[str] | None = None
) -> None:
    """Set the config (and screenshot folder) of sessions that are opened without one.

    Takes effect for the default session from its next start (it is closed now if open).
    """
    _DEFAULTS["config"] = config
    _DEFAULTS["artifacts_dir"] = Path(artifacts_dir) if artifacts_dir is not None else None
    default: BrowserSession | None = getattr(_LOCAL, "default", None)
    if default is not None:
        default.close()
        _LOCAL.default = None


@contextlib.contextmanager
def browser_session(
    config: BrowserConfig | None = None,
    *,
    artifacts_dir: str | os.PathLike[str] | None = None,
    page: Page | None = None,
) -> Iterator[BrowserSession]:
    """A browser session for the block; the task runs inside it use it (a page prepared before
    them, a login kept between them). Closed when the block ends or raises.

    Without ``page``, a fresh browser context, started only if an action uses it. With
    ``page`` (a Playwright page the caller opened and prepared), the session works on that
    page — its limits, timeouts and waits apply to it — and leaves it open at the end.
    """
    session = BrowserSession(
        config=config or _DEFAULTS["config"] or BrowserConfig(),
        artifacts_dir=(
            Path(artifacts_dir) if artifacts_dir is not None else _DEFAULTS["artifacts_dir"]
        ),
    )
    if page is not None:
        session.adopt(page)
    token = _SESSION.set(session)
    try:
        yield session
    finally:
        _SESSION.reset(token)
        session.close()


@contextlib.contextmanager
def run_session(
    config: BrowserConfig | None = None, *, artifacts_dir: str | os.PathLike[str] | None = None
) -> Iterator[BrowserSession]:
    """The browser session of one task run: the caller's, if a ``with browser_session(...)``
    block is around the run — the task's ``config`` then applies to it for the run
    (:meth:`BrowserSession.run`) — else a fresh one (``config``), closed when the run ends."""
    session = _SESSION.get()
    if session is None:
        with browser_session(config, artifacts_dir=artifacts_dir) as fresh:
            yield fresh
        return
    own_dir = session.artifacts_dir
    if own_dir is None and artifacts_dir is not None:
        session.artifacts_dir = Path(artifacts_dir)
    try:
        with session.run(config):
            yield session
    finally:
        session.artifacts_dir = own_dir


def current_session() -> BrowserSession:
    """The session of the run in progress, else this thread's default session."""
    session = _SESSION.get()
    if session is not None:
        return session
    default: BrowserSession | None = getattr(_LOCAL, "default", None)
    if default is None or default._closed:
        default = BrowserSession(
            config=_DEFAULTS["config"] or BrowserConfig(), artifacts_dir=_DEFAULTS["artifacts_dir"]
        )
        _LOCAL.default = default
    return default


def entered_session() -> BrowserSession | None:
    """The session a ``with browser_session(...)`` block entered in this context, open or not."""
    return _SESSION.get()


def active_session() -> BrowserSession | None:
    """The current session if it has a page open, else ``None`` (never starts a browser)."""
    session = _SESSION.get() or getattr(_LOCAL, "default", None)
    if session is None or not session.is_open:
        return None
    return session


def current_page() -> Page:
    """The page of the run in progress (a recipe starts with ``page = current_page()``)."""
    stand_in = _STAND_IN.get()
    if stand_in is not None:
        return stand_in
    return current_session().page


_STAND_IN: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "recipe_compiler_stand_in_page", default=None
)


@contextlib.contextmanager
def stand_in_page(page: Any) -> Iterator[None]:
    """Inside the block, :func:`current_page` returns ``page`` and :func:`~runtime.browser.shows`
    asks ``page.shows(element, or_=...)``: ``recipe test`` runs a browser recipe against a
    recorded run with a page that answers from the recording (nothing starts, nothing is
    looked up; see :mod:`runtime.run.recorded_page`)."""
    token = _STAND_IN.set(page)
    try:
        yield
    finally:
        _STAND_IN.reset(token)


def current_stand_in() -> Any:
    """The page :func:`stand_in_page` set for this context, else ``None``."""
    return _STAND_IN.get()


def capture_failure(label: str) -> Path | None:
    """Screenshot the current page into the session's ``artifacts_dir`` after a failed step;
    does nothing (returns ``None``) when no page is open or no folder was named."""
    session = active_session()
    return session.capture_failure(label) if session is not None else None


def close_browser() -> None:
    """Close this thread's default session and its Chromium processes."""
    default: BrowserSession | None = getattr(_LOCAL, "default", None)
    if default is not None:
        default.close()
        _LOCAL.default = None
    close_host()


@atexit.register
def _close_all() -> None:
    # Only the thread that started Playwright may stop it; try, and let the OS reap the rest.
    with contextlib.suppress(Exception):
        close_browser()
