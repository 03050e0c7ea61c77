"""Recipes generalize: each task is run once by the agent (recorded model answers), then its
recipe replays held-out inputs with zero model calls. At least 90% of the held-out sets must
come out right, and every miss must be one the compiler warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import compile_trace
from compiler.ir import load_trace
from tests.generalization.tasks import Case, Report, cases, evaluate

CASES = cases()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    root = tmp_path_factory.mktemp("generalization")
    return {case.task.name: evaluate(case, root / case.task.name) for case in CASES}


def test_there_are_enough_tasks_and_held_out_sets() -> None:
    assert len(CASES) >= 8
    assert all(len(case.held_out) >= 3 for case in CASES)


def test_at_least_90_percent_of_held_out_sets_pass_without_the_model(
    reports: dict[str, Report],
) -> None:
    passed = sum(r.passed for r in reports.values())
    total = sum(r.total for r in reports.values())
    assert passed / total >= 0.9, {n: r.misses for n, r in reports.items() if r.misses}
    assert sum(r.model_calls for r in reports.values()) == 0


def test_every_miss_is_explained_by_a_provenance_warning(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        for miss in report.misses:
            assert miss.explained_by, f"{name}: unexplained miss {miss.inputs} {miss.wrong}"


def test_tasks_without_warnings_pass_everything(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        if not report.provenance_warnings:
            assert report.passed == report.total, (name, report.misses)


@pytest.mark.parametrize("case", CASES, ids=[c.task.name for c in CASES])
def test_each_recording_is_realistic(case: Case, tmp_path: Path) -> None:
    """A failed attempt, an unused lookup, copied values and a compute in every run."""
    task = case.task.with_options(recipe_dir=tmp_path, mock_responses=case.mocks)
    task.run(**case.recorded)
    trace = load_trace(task.folder.trace_path.read_bytes())
    assert any(s.status == "error" for s in trace.steps), "no failed attempt"
    assert any(s.action.builtin == "compute" for s in trace.steps), "no compute"
    explain = {r.name: r.changes for r in compile_trace(trace).explain}
    # An unused lookup: dropped, or (a list glanced at in a task whose words make its changes
    # conditional: "say whether it is on sale") kept for the guard that it is as empty or as
    # filled as it was, or, a list of records, that it reads as recorded.
    assert any("dropped call" in c for c in explain["drop_unused"]) or any(
        "empty — guarded" in c or "in the head — guarded" in c for c in explain["control_flow"]
    ), "no unused lookup"
    copies = [*explain["parameters"], *explain["data_flow"]]
    assert any("→" in c for c in copies), "no copied value turned into a reference"
    recipe = task.folder.recipe_path.read_text("utf-8")
    assert "_1 " not in recipe and "compute_" not in recipe, "recorded names left in the recipe"


def test_the_recipes_read_like_hand_written_code(reports: dict[str, Report]) -> None:
    body = reports["statement"].recipe.split("-> StatementOutputs:", 1)[1]
    for line in (
        "    customer_record = find_customer(name=customer)\n",
        "    invoices = list_invoices(customer_id=customer_record.id)\n",
        '    expect(invoices, "list_invoices returned nothing (the recording had 3 items)")\n',
        '    unpaid = [i for i in invoices if i.status != "paid"]\n',
        "    total_due = round(sum(i.amount for i in unpaid), 2)\n",
        "        currency=customer_record.currency,\n",
        "    open_count = len(unpaid)\n",
    ):
        assert line in body, line
    assert "get_exchange_rate" not in body  # the unused lookup is gone
    assert "ST-ap-2" not in body and "Acme" not in body  # no recorded answers


def test_a_list_position_is_guarded_and_explained_in_the_recipe(reports: dict[str, Report]) -> None:
    """The model picked the first carrier by position: the recipe keeps the literal, but goes
    on only while the carriers are the ones the recording saw (a side exit otherwise)."""
    body = reports["shipping"].recipe.split("-> ShippingOutputs:", 1)[1]
    assert (
        "    # 'DHL' was picked from carriers by position and nothing says why: go on only" in body
    )
    assert 'if not same_as_recorded(carriers, "' in body
    assert 'carrier="DHL",' in body
