"""Heals that must not make later replays wrong (the red team's heal tasks, issue 16).

Each task is recorded once, meets its held-out inputs in order with ``heal="auto"`` (a replay
that fails falls back to scripted answers and heals), then every input seen replays with no
model: none may make an unexpected effect or return wrong outputs (a safe stop is fine).
"""

from __future__ import annotations

import sys
from pathlib import Path

import libcst as cst
from pydantic import BaseModel

from compiler.fingerprint import fingerprint
from runtime.actions.recorder import jsonable
from runtime.run.bridges import bridge

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from control_flow_tasks import HealReport, heal_sequence  # noqa: E402
from control_flow_tasks.redteam_heal_guards import ORDER_STATUS, STOCK3  # noqa: E402
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
    assert "except ApprovalRequired as error:" in report.recipe
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


def test_a_heal_at_a_hidden_decisions_guard_runs_only_on_the_data_it_was_made_from(
    tmp_path: Path,
) -> None:
    # TOASTER (45, none in stock) leaves at the price guard, but it is backordered for its
    # stock: PAN (35, in stock) passes no price rule of the recording and must stop, not be
    # backordered on the guard's other side.
    report = heal_sequence(STOCK3, tmp_path / "stock3", test_rounds=1)
    assert wrongs(report) == []
    assert "if not product.stock == 0:" in report.recipe
    verdicts = {o.label: o.verdict for o in report.replays}
    assert verdicts["TOASTER out of stock (45): heal"] == "correct"
    assert verdicts["MUG in stock (8)"] == "correct"
    assert verdicts["PAN in stock (35)"] == "safe stop"


def test_a_heal_at_a_status_guard_is_not_every_other_status_path(tmp_path: Path) -> None:
    report = heal_sequence(ORDER_STATUS, tmp_path / "status", test_rounds=1)
    assert wrongs(report) == []
    verdicts = {o.label: o.verdict for o in report.replays}
    assert verdicts["pending: heal, remind"] == "correct"
    assert verdicts["cancelled: nothing"] == "safe stop"


class Invoice(BaseModel):
    id: str
    amount: float


PICKED = """\
def pay(customer: str) -> str:
    invoice = latest_invoice(customer=customer)
    if not same_as_recorded(invoice, "0123456789abcdef"):
        raise SideExit("invoice changed since the recording picked 'I-1' from it")
    return pay_invoice(invoice_id="I-1")
"""


def test_a_heal_at_a_pick_guard_over_an_object_checks_that_object() -> None:
    # A pick guard's object is data as much as a list is: the bridge runs only on the object
    # the healed run saw, never on every object that differs from the recording's.
    now = Invoice(id="I-9", amount=12.0)
    body = [cst.parse_statement("return 'skipped'\n")]
    healed = bridge(PICKED, "pay", 3, "side-exit", body, [], variables={"invoice": now})
    assert healed is not None
    digest = fingerprint(jsonable(now))
    assert f"if not same_as_recorded(invoice, {digest!r}):" in healed
