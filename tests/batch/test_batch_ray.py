"""``--engine ray``: the same batch on a local Ray started on the spot (``ray`` is in the dev
extra, so CI runs this)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runtime.batch import load_results
from runtime.batch._results import started_journal_path
from tests.batch.ledger_kit import recorded

pytestmark = pytest.mark.slow


def test_a_batch_on_a_local_ray_writes_the_same_results_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("ray", reason="pip install 'recipe-compiler[ray]' (the dev extra has it)")
    ledger = tmp_path / "ledger.txt"
    monkeypatch.setenv("LEDGER_FILE", str(ledger))
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    task: Any = recorded(tmp_path / "recipes")
    ledger.unlink()
    rows = tmp_path / "in.jsonl"
    items = ["a", "b", "c", "d", "bad-e", "f"]
    rows.write_text("".join(json.dumps({"item": x, "delay": 0}) + "\n" for x in items))
    out = tmp_path / "results.jsonl"

    report = task.batch(rows, out=out, workers=2, engine="ray")

    modes = [r.mode for r in report.results]
    assert modes == ["recipe"] * 4 + ["failed", "recipe"]
    assert "check(item='bad-e') raised ValueError" in (report.results[4].error or "")
    assert sorted(ledger.read_text().split()) == ["A", "B", "C", "D", "F"]
    assert len(out.read_text().splitlines()) == 6
    # The journal of rows started is written on the driver's disk, by the coordinator actor.
    assert len(started_journal_path(out).read_text().split()) == 6
    assert all((tmp_path / (r.run or "")).is_file() for r in load_results(out))

    again = task.batch(rows, out=out, workers=2, engine="ray")
    assert again.ran == 0 and [r.mode for r in again.results] == modes
