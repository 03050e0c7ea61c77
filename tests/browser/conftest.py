"""Real-Chromium tests: one browser for the whole run (started on first use, closed at the
end), a fresh context per test, and pages served from memory on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from browser_kit import FAST, LocalSite, handler_for

from runtime.browser import BrowserSession, browser_session, close_browser


@pytest.fixture(scope="session", autouse=True)
def _one_browser() -> Iterator[None]:
    yield
    close_browser()


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    local = LocalSite()
    local.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(local))
    local.server.daemon_threads = True
    threading.Thread(target=local.server.serve_forever, daemon=True).start()
    yield local
    local.server.shutdown()
    local.server.server_close()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[BrowserSession]:
    with browser_session(FAST, artifacts_dir=tmp_path / "screenshots") as s:
        yield s
