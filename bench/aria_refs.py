"""Are Playwright's ``aria_snapshot(mode="ai")`` refs deterministic for a given page? (issue 19,
item 6): the measurement behind the outline paragraph of the README and ``snapshot.py``'s
docstring.

For the shop of ``examples/`` and three MiniWoB++ pages (``bench/miniwob.py`` fetches them), and
for both outlines — Playwright's ``page.aria_snapshot(mode="ai")`` and ours
(``runtime.browser.snapshot.snapshot_text``) — it compares:

- **again**: the same page snapshotted ``--repeat`` times in a row (identical text?);
- **reload**: the page loaded again (the same MiniWoB seed), then snapshotted; and the same
  with the ``f<N>`` prefix Playwright gives the refs of a page's later documents removed;
- **new page**: the same page in a second tab of the same browser context;
- **after a change**: an element the page did not change keeps its ref after a click changed
  another part (the model reads refs from the latest outline only, but a stable ref lets a
  recipe's trace name the same element across steps).

It prints one table row per page and outline, and the size of each outline in characters.

    python bench/aria_refs.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from miniwob import fetch_miniwob, serve, start_episode
from playwright.sync_api import Page, sync_playwright

from examples.shop import ShopServer
from runtime.browser.session import resolve_chromium
from runtime.browser.snapshot import snapshot_text

REF = re.compile(r"\[ref=(\w+)\]")
DOCUMENT = re.compile(r"\[ref=f\d+e")
"""Playwright's ai refs of a page's second, third… document: ``f1e12``, ``f2e12``…"""
_LINE_KEY = re.compile(r"\s*\[ref=\w+\]")

Outline = Callable[[Page], str]


def aria(page: Page) -> str:
    return page.locator("body").aria_snapshot(mode="ai")


def ours(page: Page) -> str:
    return snapshot_text(page, 100_000)


def refs_by_line(text: str) -> dict[str, str]:
    """Each line's text without its ref → the ref (the first line of a repeated text wins)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = REF.search(line)
        if match:
            found.setdefault(_LINE_KEY.sub("", line).strip(), match.group(1))
    return found


def kept(before: str, after: str) -> tuple[int, int]:
    """Of the lines shown before and after (by their text), how many keep their ref."""
    a, b = refs_by_line(before), refs_by_line(after)
    common = [line for line in a if line in b]
    return sum(a[line] == b[line] for line in common), len(common)


def measure(
    name: str,
    open_page: Callable[[Page], None],
    change: Callable[[Page], None],
    context: Any,
    repeat: int,
) -> list[list[str]]:
    rows = []
    for label, outline in (("aria ai", aria), ("ours", ours)):
        page = context.new_page()
        open_page(page)
        t0 = time.perf_counter()
        texts = [outline(page) for _ in range(repeat)]
        per_ms = (time.perf_counter() - t0) * 1000 / repeat
        again = sum(t == texts[0] for t in texts[1:])
        page.reload()
        open_page(page)
        reloaded = outline(page)
        reload_same = reloaded == texts[0]
        stripped_same = DOCUMENT.sub("[ref=e", reloaded) == DOCUMENT.sub("[ref=e", texts[0])
        other = context.new_page()
        open_page(other)
        new_same = outline(other) == texts[0]
        other.close()
        before = outline(page)
        change(page)
        page.wait_for_timeout(300)
        same, common = kept(before, outline(page))
        page.close()
        rows.append(
            [
                name,
                label,
                f"{again}/{repeat - 1}",
                "same" if reload_same else "DIFFERENT",
                "same" if stripped_same else "DIFFERENT",
                "same" if new_same else "DIFFERENT",
                f"{same}/{common}",
                str(len(texts[0])),
                f"{len(REF.findall(texts[0]))}",
                f"{per_ms:.0f}",
            ]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    wob = fetch_miniwob()
    rows: list[list[str]] = []
    with ShopServer() as shop, serve(wob / "html") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=resolve_chromium(), headless=True)
        context = browser.new_context()

        def shop_open(page: Page) -> None:
            if page.url != shop.url:
                page.goto(shop.url, wait_until="load")
            page.get_by_role("listitem").first.wait_for()

        def shop_change(page: Page) -> None:
            page.get_by_role("searchbox").fill("mug")
            page.get_by_role("button", name="Search").click()

        def wob_open(task: str) -> Callable[[Page], None]:
            def open_page(page: Page) -> None:
                start_episode(page, f"{base}{task}.html", seed=3)

            return open_page

        def wob_click(selector: str) -> Callable[[Page], None]:
            def change(page: Page) -> None:
                page.locator(selector).first.click()

            return change

        rows += measure("shop", shop_open, shop_change, context, args.repeat)
        for task, selector in (
            ("click-tab", "#area a[href='#tabs-2']"),
            ("click-checkboxes", "#area input[type=checkbox]"),
            ("email-inbox-delete", "#area .email-thread"),
        ):
            rows += measure(task, wob_open(task), wob_click(selector), context, args.repeat)
        browser.close()
    head = [
        "page",
        "outline",
        "again",
        "reload",
        "reload, fN stripped",
        "new tab",
        "refs kept",
        "chars",
        "refs",
        "ms",
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
