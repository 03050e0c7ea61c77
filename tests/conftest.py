"""Shared test configuration.

- Real model requests are switched off for the whole suite, so no test can reach the network by
  accident; a test that talks to a local fake server switches them on for a block with
  :func:`runtime.agent.providers.allow_model_requests`.
- A test module that started Chromium closes it when it ends: Playwright's sync API keeps an
  event loop running in its thread, and a later test's ``asyncio.run`` (or a Playwright started
  by the test itself) would meet it.
- Hypothesis profiles: ``ci`` (derandomized, the default) and ``fuzz``
  (``HYPOTHESIS_PROFILE=fuzz``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from hypothesis import settings

from runtime.agent import providers

providers.ALLOW_MODEL_REQUESTS = False

settings.register_profile("ci", derandomize=True, max_examples=60, deadline=None)
settings.register_profile("fuzz", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="module", autouse=True)
def _no_browser_left_running() -> Iterator[None]:
    yield
    session = sys.modules.get("runtime.browser.session")
    if session is not None:
        session.close_browser()
