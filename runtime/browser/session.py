"""One Chromium per process, one browser context per task run, opened lazily on first use.

A run (an agent run, a recipe replay, a hand-written script) uses the session that
:func:`browser_session` set for its context; code outside any such block gets a default session
that lives until the process exits. Nothing starts until an action needs the page, so tasks that
never touch the browser pay nothing.

Chromium is found in this order: the ``RECIPE_CHROMIUM`` environment variable, then
``BrowserConfig(executable_path=...)``, then Playwright's own Chromium if it is installed, then
Debian's ``/usr/bin/chromium`` (``apt-get install chromium``). ``playwright install`` is never
needed.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.browser.errors import BrowserError, BrowserLaunchError, BrowserLimitError
from runtime.browser.limits import BrowserConfig, check_navigation, check_request, needs_route

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        Frame,
        Locator,
        Page,
        Playwright,
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
]

CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
)
"""Flags for a quiet Chromium that works in containers and reaches no Google service."""

DEBIAN_CHROMIUM = "/usr/bin/chromium"

_PAGE_CLOCK_JS = (Path(__file__).with_name("page_clock.js")).read_text(encoding="utf-8")
"""Runs at the start of every document: notes when the DOM last changed, which of the page's
requests are in flight and what work it put off for a moment (see ``page_clock.js``)."""
_PAGE_LISTENERS_JS = (Path(__file__).with_name("page_listeners.js")).read_text(encoding="utf-8")
"""Runs at the start of every document: marks the elements the page listens to for clicks, which
the page outline shows as clickable (see ``page_listeners.js``)."""

_WAIT_STILL_JS = """([quiet, brief, cap]) => {
  const clock = window.__rcClock;
  if (!clock) return null;
  const start = performance.now();
  const left = () => clock.pageLeft(quiet, brief);
  if (left() <= 0) return true;
  return new Promise((resolve) => {
    const woken = clock.all();
    let timer = 0;
    const finish = (still) => {
      clearTimeout(timer);
      for (const c of woken) c.wake.delete(check);
      resolve(still);
    };
    const check = () => {
      clearTimeout(timer);
      const wait = left();
      const spent = performance.now() - start;
      if (wait <= 0) finish(true);
      else if (spent >= cap) finish(false);
      else timer = clock.after(Math.max(1, Math.min(wait, 50, cap - spent)), check);
    };
    for (const c of woken) c.wake.add(check);
    check();
  });
}"""
"""Resolves ``true`` once the document has loaded and its clock, and those of its same-origin
frames, say it is still (``page_clock.js``: no request in flight, the work it put off for a
moment done, and nothing changed for ``brief`` ms — ``quiet`` ms on a page that keeps ticking);
``false`` if that takes more than ``cap`` ms; ``null`` if the document has no clock yet. Woken
by the clock on every change, with a look every 50 ms for what wakes nothing (a frame that
navigated). A plain evaluation: it needs none of Playwright's page-side scripts, which cost more
than a round trip to set up on each new document."""

STILL_ENGINE = "rc-still"
"""A selector engine of the session's own: ``rc-still=<brief>,<quiet> >> <selector>`` matches
what ``<selector>`` matches if the page is still at that moment, and nothing otherwise."""
_STILL_ENGINE_JS = """{
  queryAll(root, body) {
    // Playwright's page-side scripts run in a world of their own: ask the page clock
    // (page_clock.js), which cancels the event when the page is still.
    const doc = root.ownerDocument || root;
    const ask = new CustomEvent("__rcclock_still", { cancelable: true, detail: body });
    return doc.dispatchEvent(ask) ? [] : [root.ownerDocument ? root : doc.documentElement];
  },
}"""

SNAPSHOT_QUIET_MS = 50
"""How long the page must be still before the model is shown it: the model reads the page once
per turn and must see where it ended up."""
LOOKUP_QUIET_MS = 20
"""How long a page that keeps ticking (a loop of timers or animation frames) must be still
before a replayed step looks for an element or reads. The lookup itself waits for its element
and requests in flight are waited for, so this only has to bridge the gap between a request's
answer and what the page does with it (render it, fetch again); it is longer than one animation
frame (16.7 ms), so that a page changing on every frame is not taken for still."""
LOOKUP_BRIEF_MS = 4
"""How long any other page must be still before a replayed step looks: its clock knows the work
it put off (short timeouts, animation frames, port messages) and waits for that precisely, so
the window only covers what the clock cannot see (an image or script loading, a socket)."""


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
    _context: BrowserContext | None = None
    _page: Page | None = None
    _violations: list[_Violation] = field(default_factory=list)
    _documents: int = 0
    """Documents the main frame has shown (navigations, as Playwright reports them)."""
    _warmed: int = -1
    """``_documents`` when a lookup was last prepared (see :meth:`settle_if_changed`)."""
    _still_engine: bool = False
    """Whether the Playwright behind the context knows :data:`STILL_ENGINE`."""
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
                self.settle_if_changed(quiet_ms=0)
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
        in a browser of its own or not: the session's limits, timeouts and page clock apply to it
        from now on, and closing the session leaves it open."""
        self._page, self._context, self._owns_context = page, page.context, False
        host = _host()
        self._still_engine = host.still_engine and page.context.browser in host.browsers.values()
        self._watch(page)
        for script in (_PAGE_CLOCK_JS, _PAGE_LISTENERS_JS):
            page.add_init_script(script)  # (its next documents)
            with contextlib.suppress(Exception):
                page.evaluate(script)  # (this one; each script installs itself once)
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
        host = _host()
        browser = host.browser(resolve_chromium(cfg.executable_path), cfg.headless)
        self._still_engine = host.still_engine
        options: dict[str, Any] = {
            "viewport": {"width": cfg.viewport_width, "height": cfg.viewport_height},
            "service_workers": "block",
        }
        if cfg.user_agent is not None:
            options["user_agent"] = cfg.user_agent
        context = browser.new_context(**options)
        context.set_default_timeout(cfg.timeout_s * 1000)
        context.set_default_navigation_timeout(cfg.timeout_s * 1000)
        context.add_init_script(_PAGE_CLOCK_JS)
        context.add_init_script(_PAGE_LISTENERS_JS)
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
        """Count the page's navigations. Playwright reports them whether anyone listens or not;
        request events, by contrast, would cost several driver messages per request."""

        def navigated(frame: Frame) -> None:
            if frame.parent_frame is None:
                self._documents += 1

        page.on("framenavigated", navigated)

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

    def settle_if_changed(
        self,
        quiet_ms: int = LOOKUP_QUIET_MS,
        brief_ms: int = LOOKUP_BRIEF_MS,
        *,
        lookup: Locator | None = None,
    ) -> int | None:
        """:meth:`settle`, if an action may have changed the page since the last settle.

        ``lookup``: the locator the caller will look up next. It is first counted in the same
        moment as the page is asked whether it is still (one round trip, through the
        :data:`STILL_ENGINE` selector engine). If the page is still and the locator matches,
        there is nothing to wait for and the count is returned: it is what counting after the
        wait would give. Otherwise ``None``, after the wait. On a new document that count was
        not wasted: it had Playwright set up its page-side script for the document (tens of
        milliseconds, which actions need too) while the page was still busy, rather than
        afterwards. On a document looked up in before, a page still busy costs it one round trip
        more than waiting first would have; a page already still saves one."""
        if not self._changed:
            return None
        if lookup is not None:
            count = self._count_if_still(lookup, quiet_ms, brief_ms)
            if count:
                self._changed = False
                return count
        self.settle(quiet_ms=quiet_ms, brief_ms=brief_ms)
        return None

    def _count_if_still(self, lookup: Locator, quiet_ms: int, brief_ms: int) -> int | None:
        """The number of elements ``lookup`` matches if the page is still (0 also when it is
        not), or ``None`` if that cannot be asked (see :func:`_still_gated`)."""
        from playwright.sync_api import Error as PlaywrightError

        warm = self._warmed != self._documents
        self._warmed = self._documents
        gated = None
        if self._still_engine:
            gated = _still_gated(lookup, min(brief_ms, quiet_ms), quiet_ms)
        if gated is not None:
            with contextlib.suppress(PlaywrightError):
                return gated.count()
        if warm:
            with contextlib.suppress(PlaywrightError):
                lookup.count()
        return None

    def settle(
        self,
        timeout_s: float = 3.0,
        quiet_ms: int = SNAPSHOT_QUIET_MS,
        brief_ms: int | None = None,
    ) -> bool:
        """Wait (at most ``timeout_s``) until the page has loaded, none of its requests is in
        flight, the work it put off for a moment (a short timeout, an animation frame) has run,
        and its DOM has not changed for ``brief_ms`` (default: ``quiet_ms``) — for ``quiet_ms``
        on a page that keeps ticking, whose put-off work never ends — so a snapshot or a lookup
        sees the page a person would see. The page keeps that account itself
        (``page_clock.js``), so the wait is one round trip, which returns at once on a page
        already still; a navigation under way needs no account, since Playwright then waits for
        the new document before it evaluates anything. Never raises: a page that keeps busy is
        used as it is. Returns whether the page settled (``False``: it was still busy when the
        time was up, or it closed)."""
        from playwright.sync_api import Error as PlaywrightError

        self._changed = False
        page = self.page
        brief = quiet_ms if brief_ms is None else min(brief_ms, quiet_ms)
        limit_s = min(timeout_s, self.config.timeout_s)
        deadline = time.monotonic() + limit_s
        while not page.is_closed():
            cap_ms = (deadline - time.monotonic()) * 1000
            if cap_ms <= 0:
                self.busy.append((page.url, limit_s))
                return False
            try:
                still = page.evaluate(_WAIT_STILL_JS, [quiet_ms, brief, cap_ms])
                if still is None:  # a document that started before the session's init script
                    page.evaluate(_PAGE_CLOCK_JS)
                    continue
            except PlaywrightError:
                # The document changed under us (a navigation): wait for the new one.
                with contextlib.suppress(PlaywrightError):
                    page.wait_for_load_state("load", timeout=max(1.0, min(cap_ms, 1000)))
                still = False
            if still:
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


def _still_gated(lookup: Locator, brief_ms: int, quiet_ms: int) -> Locator | None:
    """``lookup`` behind :data:`STILL_ENGINE`: it matches nothing while the page is busy.

    ``None`` for a locator of a child frame (the engine asks the page's clock, which the main
    frame's document holds), told from the locator's public ``repr``: its frame's URL, and no
    step into a frame in its selector."""
    from runtime.browser.locators import selector_of

    page = lookup.page
    selector = selector_of(lookup)
    frame = re.search(r"^<Locator frame=<Frame name=.* url='(.*)'> selector=", repr(lookup))
    if frame is None or frame.group(1) != page.main_frame.url or "enter-frame" in selector:
        return None
    return page.locator(f"{STILL_ENGINE}={brief_ms},{quiet_ms} >> {selector}")


# --------------------------------------------------------------------------- the process


class _Host:
    """The Playwright driver and the Chromium processes of one thread (Playwright's sync API
    is bound to the thread that started it)."""

    def __init__(self) -> None:
        self.playwright: Playwright | None = None
        self.browsers: dict[tuple[str, bool], Browser] = {}
        self.still_engine = False
        """Whether :data:`STILL_ENGINE` is registered with this Playwright."""

    def browser(self, executable: str, headless: bool) -> Browser:
        key = (executable, headless)
        browser = self.browsers.get(key)
        if browser is not None and browser.is_connected():
            return browser
        if self.playwright is None:
            from playwright.sync_api import sync_playwright

            try:
                self.playwright = sync_playwright().start()
            except Exception as exc:
                raise BrowserLaunchError(
                    f"cannot start Playwright ({exc}). The sync API cannot run inside an "
                    "asyncio event loop; call browser actions from plain (threaded) code."
                ) from None
            try:
                self.playwright.selectors.register(
                    STILL_ENGINE, _STILL_ENGINE_JS, content_script=True
                )
                self.still_engine = True
            except Exception:  # (lookups then wait, then count: one round trip more)
                self.still_engine = False
        try:
            browser = self.playwright.chromium.launch(
                executable_path=executable, headless=headless, args=list(CHROMIUM_ARGS)
            )
        except Exception as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BrowserLaunchError(
                f"cannot start Chromium at {executable!r}: {first}. Install it with "
                "`apt-get install -y --no-install-recommends chromium`, or point "
                "RECIPE_CHROMIUM (or BrowserConfig(executable_path=...)) at a Chromium binary."
            ) from None
        self.browsers[key] = browser
        return browser

    def close(self) -> None:
        for browser in self.browsers.values():
            with contextlib.suppress(Exception):
                browser.close()
        self.browsers.clear()
        if self.playwright is not None:
            with contextlib.suppress(Exception):
                self.playwright.stop()
            self.playwright = None


_LOCAL = threading.local()
_HOSTS: list[_Host] = []
_HOSTS_LOCK = threading.Lock()


def _host() -> _Host:
    host: _Host | None = getattr(_LOCAL, "host", None)
    if host is None:
        host = _Host()
        _LOCAL.host = host
        with _HOSTS_LOCK:
            _HOSTS.append(host)
    return host


def resolve_chromium(configured: str | None = None) -> str:
    """The Chromium binary to launch (see the module docstring for the order)."""
    env = os.environ.get("RECIPE_CHROMIUM")
    if env:
        return env
    if configured:
        return configured
    own = _playwright_chromium()
    if own:
        return own
    for candidate in (DEBIAN_CHROMIUM, "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate) if not os.path.isabs(candidate) else candidate
        if found and os.path.exists(found):
            return found
    return DEBIAN_CHROMIUM


def _playwright_chromium() -> str | None:
    """Playwright's downloaded Chromium, if ``playwright install chromium`` was ever run."""
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.expanduser(
        "~/.cache/ms-playwright"
    )
    base = Path(root)
    if not base.is_dir():
        return None
    for folder in sorted(base.glob("chromium-*"), reverse=True):
        for rel in ("chrome-linux/chrome", "chrome-linux64/chrome"):
            path = folder / rel
            if path.is_file():
                return str(path)
    return None


# --------------------------------------------------------------------------- sessions

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
    page — its limits, timeouts and page clock apply to it — and leaves it open at the end.
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
    return current_session().page


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
    host: _Host | None = getattr(_LOCAL, "host", None)
    if host is not None:
        host.close()
        _LOCAL.host = None
        with _HOSTS_LOCK:
            if host in _HOSTS:
                _HOSTS.remove(host)


@atexit.register
def _close_all() -> None:
    # Only the thread that started Playwright may stop it; try, and let the OS reap the rest.
    with contextlib.suppress(Exception):
        close_browser()
