"""Errors of browser actions. All are :class:`runtime.errors.ActionError`, so an agent run shows
them to the model as a tool error and a replay treats them as a failed step::

    ActionError
    └── BrowserError            a browser action failed (Playwright error, timeout, bad ref)
        ├── BrowserLaunchError  Chromium could not be found or started
        ├── BrowserLimitError   a navigation or request broke a BrowserConfig rule
        └── LocatorError        no candidate locator matched exactly one element
"""

from __future__ import annotations

from runtime.errors import ActionError

__all__ = ["BrowserError", "BrowserLaunchError", "BrowserLimitError", "LocatorError"]


class BrowserError(ActionError):
    """A browser action failed; the message names the action, the page and the cause."""


class BrowserLaunchError(BrowserError):
    """Chromium could not be found or started."""


class BrowserLimitError(BrowserError):
    """A navigation or request broke a :class:`~runtime.browser.BrowserConfig` rule."""

    def __init__(self, url: str, rule: str) -> None:
        self.url = url
        self.rule = rule
        super().__init__(f"blocked {url!r}: {rule}")


class LocatorError(BrowserError):
    """No candidate locator matched exactly one element (none matched, or each matched several)."""
