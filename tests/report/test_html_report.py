"""``recipe show --html``: self-contained pages of runs and batches, looked at in a real
Chromium the way a person would — the steps, a screenshot of the failed browser step, the
diff of a heal with its ``recipe test`` result, the batch's filter — with no console error,
no request leaving the page, and no secret anywhere."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runtime.batch import load_results
from runtime.html_report import show_html, write_batch_report
from tests.batch.ledger_kit import fallback_answers, recorded, signed, signed_answers

ROOT = Path(__file__).resolve().parents[2]
SECRET = "hunter2-very-secret"


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.txt"
    monkeypatch.setenv("LEDGER_FILE", str(path))
    return path


def healing_batch(tmp_path: Path) -> Path:
    """A batch of the ledger task whose second row falls back and heals the recipe."""
    task: Any = recorded(tmp_path / "recipes").with_options(
        mock_responses=fallback_answers("bad-x")
    )
    rows = [{"item": x, "delay": 0} for x in ("a", "bad-x", "bad-y")] + [{"item": 7}]
    out = tmp_path / "results.jsonl"
    task.batch(rows, out=out)
    return out


def test_a_healing_run_page_shows_steps_the_fallback_and_the_heal(
    tmp_path: Path, ledger: Path
) -> None:
    out = healing_batch(tmp_path)
    healed = next(r for r in load_results(out) if r.healed)
    page = show_html(out, healed.id)
    html = page.read_text("utf-8")
    assert "<script src" not in html and "http://" not in html and "https://" not in html
    assert "The recipe left at step 1" in html and "check(item=&#39;bad-x&#39;) raised" in html
    assert html.count('class="step source-') == 3  # check (failed), then the agent's note, finish
    assert "except ValueError as error:" in html and "recipe test" in html
    assert "the recipe left here" in html


def test_recipe_show_html_for_a_folder_run_and_a_results_file(tmp_path: Path, ledger: Path) -> None:
    out = healing_batch(tmp_path)
    env = {**os.environ, "LEDGER_FILE": str(ledger)}
    folder = tmp_path / "recipes" / "ledger"
    shown = subprocess.run(
        [sys.executable, "-m", "runtime.cli", "show", str(folder), "--html"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "wrote " in shown.stderr and (folder / "reports").is_dir()
    kept = next((folder / "runs").glob("*.json"))
    healed_run = json.loads(kept.read_text())["run_id"]
    by_id = subprocess.run(
        [sys.executable, "-m", "runtime.cli", "show", str(folder), healed_run, "--html"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert by_id.returncode == 0, by_id.stderr
    page = (folder / "reports" / f"{healed_run}.html").read_text("utf-8")
    assert "This run healed the recipe" in page and "recorded runs pass" in page
    missing = subprocess.run(
        [sys.executable, "-m", "runtime.cli", "show", str(folder), "no-such-run", "--html"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert missing.returncode == 1 and "no run 'no-such-run' here (runs: " in missing.stderr
    index = write_batch_report(out)
    assert index == tmp_path / "results.html"
    assert len(list((tmp_path / "results.runs").glob("*.html"))) == 3  # the bad row has none


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield browser
        browser.close()


class Viewer:
    """A page in Chromium that notes console errors and every request leaving ``file:``."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: None if r.url.startswith(("file:", "data:")) else self.requests.append(r.url),
        )

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        return self.page

    def close(self) -> None:
        assert self.errors == [], self.errors
        assert self.requests == [], self.requests
        self.context.close()


@pytest.mark.slow
def test_in_chromium_the_batch_filters_by_mode_and_a_run_shows_its_heal(
    tmp_path: Path, ledger: Path, chromium: Any
) -> None:
    from playwright.sync_api import expect

    out = healing_batch(tmp_path)
    viewer = Viewer(chromium)
    page = viewer.open(write_batch_report(out))
    rows = page.locator("#rows tr.row")
    expect(rows).to_have_count(4)
    page.get_by_role("button", name="failed (1)").click()
    expect(rows.filter(visible=True)).to_have_count(1)
    expect(rows.filter(visible=True)).to_contain_text("should be str")
    page.get_by_role("button", name="recipe+fallback (1)").click()
    expect(rows.filter(visible=True)).to_have_count(1)
    rows.filter(visible=True).get_by_role("link").click()

    expect(page.get_by_role("heading", name="Task ledger recipe+fallback")).to_be_visible()
    steps = page.locator("table.steps tr.step")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("check")
    expect(steps.nth(0)).to_contain_text("the recipe left here")
    expect(steps.nth(0)).to_contain_text("ValueError: item 'bad-x' is refused")
    expect(page.locator("#fallback")).to_be_visible()
    diff = page.get_by_role("table", name="recipe diff")
    expect(diff).to_be_visible()
    expect(diff.locator("tr.insert td.r").first).to_be_visible()
    expect(diff).to_contain_text("except ValueError as error:")
    expect(page.locator("ul.tests li.ok").first).to_be_visible()
    turns = page.locator("#turns + table tr")
    expect(turns).to_have_count(3)  # header + the fallback's two model turns
    page.get_by_role("link", name="← the batch").click()
    expect(page.get_by_role("heading", name="Batch results")).to_be_visible()
    viewer.close()


@pytest.mark.slow
def test_in_chromium_a_failed_browser_step_shows_its_screenshot(
    tmp_path: Path, chromium: Any
) -> None:
    from playwright.sync_api import expect

    from examples.shop import ShopServer

    recipes = tmp_path / "recipes"
    shutil.copytree(ROOT / "recipes" / "shop", recipes / "shop")
    rows = tmp_path / "rows.jsonl"
    out = tmp_path / "results.jsonl"
    with ShopServer() as server:
        dead = "http://127.0.0.1:9/"  # nothing listens there: navigate fails at once
        rows.write_text(
            "".join(
                json.dumps({"shop_url": url, "query": "mug", "budget": 10.0}) + "\n"
                for url in (server.url, dead)
            )
        )
        done = subprocess.run(
            [sys.executable, "-m", "runtime.cli", "batch", str(recipes / "shop"), str(rows),
             "--out", str(out), "--no-fallback", "--quiet", "--html"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert done.returncode == 1, done.stderr  # one row failed
    results = load_results(out)
    assert [r.mode for r in results] == ["recipe", "failed"]
    assert results[0].outputs == {"name": "Mini Mug", "price": 7.25}

    viewer = Viewer(chromium)
    page = viewer.open(tmp_path / "results.html")
    page.locator("#rows tr.row").nth(1).get_by_role("link").click()
    expect(page.locator(".callout.bad")).to_contain_text("step 1 of the recipe: navigate(")
    shot = page.get_by_role("img", name=re.compile(r"^screenshot failure-\d+-step-1\.png$")).first
    expect(shot).to_be_visible()
    assert shot.evaluate("img => img.naturalWidth") > 100
    page.go_back()
    page.locator("#rows tr.row").nth(0).get_by_role("link").click()
    steps = page.locator("table.steps tr.step")
    expect(steps).to_have_count(7)
    expect(steps.nth(1)).to_contain_text(
        'matched: internal:role=searchbox[name="Search products"i]'
    )
    viewer.close()


@pytest.mark.slow
def test_in_chromium_no_secret_is_shown(tmp_path: Path, ledger: Path, chromium: Any) -> None:
    from playwright.sync_api import expect

    recorder = signed.with_options(recipe_dir=tmp_path / "recipes", mock_responses=signed_answers())
    recorder.run_agent(item="pen", token=SECRET)
    task = recorder.with_options(mock_responses=[])
    out = tmp_path / "results.jsonl"
    task.batch([{"item": "a", "token": SECRET}, {"item": "bad", "token": SECRET}], out=out)
    pages = [write_batch_report(out), *(tmp_path / "results.runs").glob("*.html")]
    pages.append(show_html(tmp_path / "recipes" / "signed"))
    viewer = Viewer(chromium)
    for path in pages:
        assert SECRET not in path.read_text("utf-8"), path
        page = viewer.open(path)
        assert SECRET not in page.content()
        assert SECRET not in page.locator("body").inner_text()
    page = viewer.open(pages[-1])
    expect(page.locator("#var-token")).to_contain_text("**********")
    viewer.close()
