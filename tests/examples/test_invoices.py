"""The invoices example end to end, as the README tells it: agent run from the recorded model
answers → recipe → replay for other customers with zero model calls."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from examples import invoices as example

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "invoices_data", folder, ignore=shutil.ignore_patterns("outbox"))
    monkeypatch.setenv("INVOICES_DATA", str(folder))
    return folder


def test_agent_run_then_replay_for_new_customers(tmp_path: Path, data: Path) -> None:
    task = example.invoices.with_options(
        recipe_dir=tmp_path / "recipes", mock_responses=example.mock_responses()
    )
    first = task.run(customer="ACME Corp")
    assert (first.total_due, first.unpaid_count) == (1757.25, 3)
    assert (data / "outbox" / first.reminder).read_text().startswith("To: billing@acme.example")
    assert task.last_run is not None and task.last_run.mode == "agent"
    assert task.last_run.model_calls == 7

    recipe = (tmp_path / "recipes" / "invoices" / "recipe.py").read_text()
    assert "def invoices(customer: str)" in recipe
    assert "Edit freely" in recipe
    assert "ACME" not in recipe.split('"""', 2)[2]  # the input became a parameter

    expected = {"Globex Inc": (2660.75, 3), "Initech": (89.99, 1), "Umbrella Ltd": (0, 0)}
    for customer, (total, count) in expected.items():
        out = task.run(customer=customer)
        assert (out.total_due, out.unpaid_count) == (total, count), customer
        assert task.last_run is not None
        assert task.last_run.mode == "recipe" and task.last_run.model_calls == 0
        assert task.last_run.input_tokens == 0


def test_committed_recipe_replays_without_a_model(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    task = example.invoices.with_options(mock_responses=[])  # any model call would fail
    out = task.run(customer="Globex Inc")
    assert (out.total_due, out.unpaid_count) == (2660.75, 3)
    assert task.last_run is not None and task.last_run.model_calls == 0
