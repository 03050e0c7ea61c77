"""`recipe test`: every recorded run of a task is a regression test of its recipe."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from runtime.cli import main
from runtime.run.recorded_tests import recorded_runs, retire, run_recipe_tests
from runtime.store.folder import RecipeFolder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def invoices(tmp_path: Path) -> RecipeFolder:
    shutil.copytree(ROOT / "recipes" / "invoices", tmp_path / "invoices")
    return RecipeFolder(tmp_path / "invoices")


def test_the_committed_recipe_does_what_its_recorded_run_did(invoices: RecipeFolder) -> None:
    report = run_recipe_tests(invoices)
    assert report.ok and len(report.outcomes) == 1
    assert "1 of 1 recorded runs pass" in report.text()


def test_a_hand_edit_that_changes_an_effect_names_the_run_and_the_step(
    invoices: RecipeFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    source = invoices.recipe_path.read_text("utf-8")
    invoices.recipe_path.write_text(source.replace("amount_due=total_due,", "amount_due=0.0,"))
    report = run_recipe_tests(invoices)
    (failure,) = report.failures
    assert failure.problem is not None
    assert "at step 7 of the run (change 1) the run made send_reminder(" in failure.problem
    assert "amount_due=1757.25" in failure.problem and "amount_due=0.0" in failure.problem
    assert main(["test", str(invoices.path)]) == 1
    out = capsys.readouterr().out
    run_id = failure.run.run_id
    assert (
        f"FAIL run {run_id} (recorded 2026-11-22T23:59:29+00:00; inputs customer='ACME Corp')"
        in out
    )


def test_a_recipe_that_stops_short_or_returns_other_outputs_fails(invoices: RecipeFolder) -> None:
    source = invoices.recipe_path.read_text("utf-8")
    invoices.recipe_path.write_text(source.replace("unpaid_count=unpaid_count", "unpaid_count=9"))
    (failure,) = run_recipe_tests(invoices).failures
    assert failure.problem is not None and failure.problem.startswith("outputs differ")


def test_a_retired_run_is_kept_but_no_longer_tested(
    invoices: RecipeFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    (run,), _ = recorded_runs(invoices)
    assert main(["test", str(invoices.path), "--retire", run.run_id, "--note", "v1 API"]) == 0
    report = run_recipe_tests(invoices)
    assert report.outcomes == [] and report.skipped == [(run.run_id, "retired: v1 API")]
    assert main(["test", str(invoices.path), "--retire", "nope"]) == 1
    assert "no recorded run nope to retire" in capsys.readouterr().err
    retire(invoices, [], "nothing")  # retiring nothing more keeps the file valid
    assert run_recipe_tests(invoices).skipped
