"""The stand-in page of `recipe test` writes each locator's selector as Playwright does, so a
recipe's locator compares with what a replay recorded (checked against a real page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from runtime.browser import BrowserSession
from runtime.browser.locators import selector_of
from runtime.run.recorded_page import RecordedPage

pytestmark = pytest.mark.slow

CHAINS: list[Callable[[Any], Any]] = [
    lambda p: p.get_by_role("button", name="Add to cart"),
    lambda p: p.get_by_role("checkbox", name='Say "hi"\\ now', exact=True, checked=True),
    lambda p: p.get_by_role("heading", level=2, include_hidden=True),
    lambda p: p.get_by_text("Mugs, teapots…"),
    lambda p: p.get_by_label("Email", exact=True),
    lambda p: p.get_by_placeholder("Search"),
    lambda p: p.get_by_alt_text("logo"),
    lambda p: p.get_by_title("Close", exact=True),
    lambda p: p.get_by_test_id("add-to-cart"),
    lambda p: p.get_by_text(re.compile(r"total: \d+", re.I)),
    lambda p: p.locator("#search-input"),
    lambda p: p.locator("xpath=/html/body/main/form/input"),
    lambda p: p.locator("li", has_text="Mug", has=p.locator("a")),
    lambda p: p.get_by_role("row")
    .filter(has=p.get_by_text("A-1", exact=True))
    .get_by_role("button", name="Mark shipped", exact=True),
    lambda p: p.get_by_role("list").locator("role=listitem").nth(2),
    lambda p: p.get_by_role("list").get_by_role("listitem").first,
    lambda p: p.get_by_role("listitem").last.filter(has_not_text="Sold out", visible=True),
    lambda p: p.get_by_role("link", name="Next").or_(p.get_by_role("button", name="Next")),
    lambda p: p.locator("form").locator(p.get_by_role("button")),
]


def test_the_stand_in_writes_the_selectors_playwright_writes(session: BrowserSession) -> None:
    real, stand_in = session.page, RecordedPage()
    for build in CHAINS:
        assert build(stand_in).selector == selector_of(build(real))
