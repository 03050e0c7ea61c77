"""The Playwright driver and the Chromium processes (split from :mod:`runtime.browser.session`):
one per thread, started on first use, and where the Chromium binary is found.

Chromium is found in this order: the ``RECIPE_CHROMIUM`` environment variable, then
``BrowserConfig(executable_path=...)``, then Playwright's own Chromium if it is installed, then
Debian's ``/usr/bin/chromium`` (``apt-get install chromium``). ``playwright install`` is never
needed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from runtime.browser.errors import BrowserLaunchError
from runtime.browser.scripts import script

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

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


class _Host:
    """The Playwright driver and the Chromium processes of one thread (Playwright's sync API
    is bound to the thread that started it)."""

    def __init__(self) -> None:
        self.playwright: Playwright | None = None
        self.browsers: dict[tuple[str, bool], Browser] = {}

    def browser(self, executable: str, headless: bool) -> Browser:
        key = (executable, headless)
        browser = self.browsers.get(key)
        if browser is not None and browser.is_connected():
            return browser
        if self.playwright is None:
            # lazy: playwright takes ~0.2 s to load, and every run imports this package
            from playwright.sync_api import sync_playwright

            try:
                self.playwright = sync_playwright().start()
            except Exception as exc:
                raise BrowserLaunchError(
                    f"cannot start Playwright ({exc}). The sync API cannot run inside an "
                    "asyncio event loop; call browser actions from plain (threaded) code."
                ) from None
            # The "column" selector engine (a table row's cell by its column's header), which
            # recipes' row locators use: registered before any page is opened.
            self.playwright.selectors.register("column", script=script("column_engine.js"))
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


def host_of_thread() -> _Host:
    """This thread's driver and browsers (started on first use)."""
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


def close_host() -> None:
    """Close this thread's Chromium processes and its Playwright driver."""
    host: _Host | None = getattr(_LOCAL, "host", None)
    if host is not None:
        host.close()
        _LOCAL.host = None
        with _HOSTS_LOCK:
            if host in _HOSTS:
                _HOSTS.remove(host)
