"""Heals that must not make later replays wrong (the red team's heal tasks, issue 16).

Each task is recorded once, meets its held-out inputs in order with ``heal="auto"`` (a replay
that fails falls back to scripted answers and heals), then every input seen replays with no
model: none may make an unexpected effect or return wrong outputs (a safe stop is fine).
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from control_flow_tasks import HealReport, heal_sequence  # noqa: E402
from control_flow_tasks.redteam_heals import (  # noqa: E402
    COINCIDENCE,
    HEAD_CASE,
    PAYMENTS,
    TWO_HEALS,
)


def wrongs(report: HealReport) -> list[str]:
    assert report.recording.verdict == "correct", report.recording.detail
    met = [m.outcome for m in report.met]
    return [f"{o.label}: {o.detail}" for o in [*met, *report.replays] if o.verdict == "WRONG"]


def test_a_retry_with_one_more_argument_is_a_bridge_not_every_inputs_path(tmp_path: Path) -> None:
    report = heal_sequence(PAYMENTS, tmp_path / "pay", test_rounds=1)
    assert wrongs(report) == []
    assert "except ApprovalRequired:" in report.recipe
    # the small invoices keep the recorded path: correct with no model, the recorded run too
    assert all(o.verdict == "correct" for o in report.replays)
    assert report.tests is not None and report.tests.ok


def test_a_second_heal_at_a_bridged_call_adds_an_except_and_keeps_the_first(
    tmp_path: Path,
) -> None:
    report = heal_sequence(TWO_HEALS, tmp_path / "two", test_rounds=1)
    assert wrongs(report) == []
    assert "except VariantRequired as error:" in report.recipe
    # "white" was read off LAMP's failure: it runs only when the failure says the same
    assert "if str(error) != " in report.recipe
    shade = next(o for o in report.replays if o.label.startswith("SHADE"))
    assert shade.verdict == "safe stop"


def test_a_number_the_fallback_worked_out_runs_only_for_the_same_failure(tmp_path: Path) -> None:
    report = heal_sequence(COINCIDENCE, tmp_path / "partial", test_rounds=1)
    assert wrongs(report) == []
    healed = next(o for o in report.replays if o.label.startswith("NUT 4"))
    assert healed.verdict == "correct"


def test_a_decision_bridge_runs_only_up_to_the_healed_runs_number(tmp_path: Path) -> None:
    report = heal_sequence(HEAD_CASE, tmp_path / "head", test_rounds=1)
    assert wrongs(report) == []
    assert "if not (refund_request.amount <= 500.0):" in report.recipe
    verdicts = {o.label: o.verdict for o in report.replays}
    assert verdicts["500: B, healed"] == "correct" and verdicts["80: A again"] == "correct"
    assert verdicts["5000: C (reject)"] == "safe stop"
