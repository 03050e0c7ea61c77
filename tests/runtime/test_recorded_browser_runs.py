"""`recipe test` on browser recipes: the recipe runs on a stand-in page answered from the
recorded run (no browser), and a hand edit to a locator or a click is caught and named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.api import compile_trace
from compiler.ir import load_trace
from runtime.cli import main
from runtime.run.recorded_tests import run_recipe_tests
from runtime.store.folder import RecipeFolder

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "compiler" / "data"
SHOP_RUN = "20261123T004256Z-b05ae3"


@pytest.fixture
def shop(tmp_path: Path) -> RecipeFolder:
    shutil.copytree(ROOT / "recipes" / "shop", tmp_path / "shop")
    return RecipeFolder(tmp_path / "shop")


def edit(folder: RecipeFolder, old: str, new: str) -> None:
    source = folder.recipe_path.read_text("utf-8")
    assert old in source
    folder.recipe_path.write_text(source.replace(old, new, 1), "utf-8")


def compiled(name: str, tmp_path: Path) -> RecipeFolder:
    """A folder for a golden browser trace, compiled as a recording would write it."""
    trace = load_trace((GOLDEN / name / "trace.json").read_bytes())
    result = compile_trace(trace)
    folder = RecipeFolder(tmp_path / trace.task.name)
    folder.save(trace, result.source, label="recorded", alternates=result.alternates)
    return folder


def test_the_shop_run_is_tested_not_skipped(
    shop: RecipeFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run_recipe_tests(shop)
    assert report.skipped == []
    (outcome,) = report.outcomes
    assert outcome.passed and outcome.run.run_id == SHOP_RUN
    assert main(["test", str(shop.path)]) == 0
    out = capsys.readouterr().out
    assert f"ok   run {SHOP_RUN} (recorded 2026-11-23T00:42:56+00:00; inputs " in out
    assert " ms\n" in out and "1 of 1 recorded runs pass" in out


def test_a_renamed_locator_fails_naming_the_run_the_step_and_both_elements(
    shop: RecipeFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(shop, 'name="Add to cart"', 'name="Add to basket"')
    (failure,) = run_recipe_tests(shop).failures
    assert failure.run.run_id == SHOP_RUN
    assert failure.problem is not None
    assert failure.problem.startswith(
        'at step 7 of the run (change 5) the run made click(target=button "Add to cart"), but '
        'the recipe made click(target=page.get_by_role("button", name="Add to basket"))'
    )
    # What the run recorded for the element, so the person sees what would have matched.
    assert 'page.get_by_test_id("add-to-cart")' in failure.problem
    assert main(["test", str(shop.path)]) == 1
    assert f"FAIL run {SHOP_RUN}" in capsys.readouterr().out


def test_another_recorded_locator_of_the_same_element_still_passes(shop: RecipeFolder) -> None:
    edit(
        shop,
        'page.get_by_role("button", name="Add to cart")',
        'page.locator("#add-to-cart")',
    )
    assert run_recipe_tests(shop).ok


def test_a_deleted_click_fails_at_that_step(shop: RecipeFolder) -> None:
    edit(shop, '    click(target=find(page.get_by_role("button", name="Add to cart")))\n', "")
    (failure,) = run_recipe_tests(shop).failures
    assert failure.problem is not None
    assert failure.problem.startswith(
        'at step 7 of the run (change 5) the run made click(target=button "Add to cart"), but '
        "the recipe made wait_for_text("
    )


def test_a_list_read_by_another_list_is_a_lookup_the_run_never_made(shop: RecipeFolder) -> None:
    edit(shop, 'page.get_by_role("list", name="Products")', 'page.get_by_role("list")')
    (failure,) = run_recipe_tests(shop).failures
    assert failure.problem is not None
    assert failure.problem.startswith(
        'the recipe looked up extract_list(target=page.get_by_role("list"), '
    )
    assert 'none of the locators the run recorded for list "Products"' in failure.problem


def test_rows_counted_by_the_recorded_list_read(shop: RecipeFolder) -> None:
    # locator.all() is answered by the run's extract_list of those rows: it read 5.
    edit(
        shop,
        "    # Pick the cheapest",
        '    items = page.get_by_role("list", name="Products").locator("role=listitem").all()\n'
        "    assert len(items) == len(rows) == 5\n"
        "    # Pick the cheapest",
    )
    assert run_recipe_tests(shop).ok


def test_what_the_recording_cannot_answer_fails_naming_the_call_and_the_line(
    shop: RecipeFolder,
) -> None:
    edit(
        shop,
        "    navigate(url=row.url)\n",
        '    navigate(url=row.url)\n    page.keyboard.press("a")\n',
    )
    (failure,) = run_recipe_tests(shop).failures
    assert failure.problem is not None
    assert failure.problem.startswith("recipe.py line ")
    assert "page.keyboard: a recorded run cannot answer it" in failure.problem
    assert "after step 6 of the run, navigate(" in failure.problem


def test_an_unrecorded_row_count_fails_rather_than_guess(shop: RecipeFolder) -> None:
    edit(
        shop,
        "    # Pick the cheapest",
        '    for item in page.get_by_role("listitem").all():\n'
        "        click(target=item)\n"
        "    # Pick the cheapest",
    )
    (failure,) = run_recipe_tests(shop).failures
    assert failure.problem is not None
    assert 'page.get_by_role("listitem").all(): the run records no list read' in failure.problem


@pytest.mark.parametrize("name", ["browser_loop", "row_loop", "paged_result"])
def test_compiled_browser_loops_pass_against_their_recording(name: str, tmp_path: Path) -> None:
    report = run_recipe_tests(compiled(name, tmp_path))
    assert report.skipped == [] and len(report.outcomes) == 1
    assert report.ok, report.text()


def test_a_loop_that_checks_one_box_too_few_fails(tmp_path: Path) -> None:
    folder = compiled("browser_loop", tmp_path)
    edit(folder, "for topic in topics:", "for topic in topics[:1]:")
    (failure,) = run_recipe_tests(folder).failures
    assert failure.problem is not None
    assert failure.problem.startswith("the recipe returned before step 2 of the run (change 3)")
    assert 'check(target=checkbox "Folk")' in failure.problem


def test_a_row_clicked_by_another_key_fails(tmp_path: Path) -> None:
    # The row is found by its order number: finding it by the customer instead is an element
    # the run never recorded.
    folder = compiled("row_loop", tmp_path)
    edit(folder, "table_item.order, exact=True", "table_item.customer, exact=True")
    (failure,) = run_recipe_tests(folder).failures
    assert failure.problem is not None and 'button "Mark shipped"' in failure.problem


def test_turning_pages_follows_the_recording(tmp_path: Path) -> None:
    # shows() is answered by the run's next element step: the recording turned two pages.
    folder = compiled("paged_result", tmp_path)
    edit(folder, "for _ in range(10):", "for _ in range(1):")
    (failure,) = run_recipe_tests(folder).failures
    assert failure.problem is not None and "did not show in 10 pages" in failure.problem
