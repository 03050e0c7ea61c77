"""Round-10 red team, heals: what a bridge pins besides the number it was made on.

- A hidden decision's bridge at a guard comparing a field by equality pins the value the healed
  run read there (a cancelled order is not the pending one the bridge was made from).
- A text field is pinned when the words write a value of it next to its name ("not on the
  premium plan", "not gold tier"), though the healed run's value is written nowhere; a name
  with nothing written beside it ("the customer is") pins nothing.
- A three-letter name part names a field as a whole word (``vip`` of ``is_vip``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import BaseModel

from runtime.run.bridge_checks import _Context
from runtime.run.bridges import _named_pins, _names_field, _words, _writes_value

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from control_flow_tasks import HealReport, heal_sequence  # noqa: E402
from control_flow_tasks.redteam_heals10 import (  # noqa: E402
    CHARGE_TIER_UNWRITTEN,
    REFUND_IS_VIP,
    REFUND_PLAN,
    SHIP_STATUS,
)


def outcomes(report: HealReport) -> dict[str, str]:
    assert report.recording.verdict == "correct", report.recording.detail
    wrong = [
        o.label for o in [*(m.outcome for m in report.met), *report.replays] if o.verdict == "WRONG"
    ]
    assert not wrong, wrong
    return {o.label: o.verdict for o in report.replays}


def test_a_bridge_at_an_equality_guard_pins_the_value_the_healed_run_read(tmp_path: Path) -> None:
    report = heal_sequence(SHIP_STATUS, tmp_path / "ship", test_rounds=1)
    seen = outcomes(report)
    assert seen["O-2 pending: heal"] == "correct"
    assert seen["O-9 cancelled, same total"] == "safe stop"  # was WRONG: reminded
    assert "order2.status == 'pending'" in report.recipe


def test_a_text_field_whose_value_the_words_write_is_pinned(tmp_path: Path) -> None:
    report = heal_sequence(REFUND_PLAN, tmp_path / "plan", test_rounds=1)
    seen = outcomes(report)
    assert seen["300 standard"] == "correct"  # the customer's name is not pinned
    assert seen["400 premium: heal"] == "correct"  # was WRONG: escalated
    assert "refund_request.plan == 'standard'" in report.recipe
    assert "refund_request.customer ==" not in report.recipe


def test_a_short_bool_field_name_is_named_as_a_whole_word(tmp_path: Path) -> None:
    report = heal_sequence(REFUND_IS_VIP, tmp_path / "vip", test_rounds=1)
    seen = outcomes(report)
    assert seen["300 not VIP"] == "correct"
    assert seen["400 VIP: heal"] == "correct"  # was WRONG: escalated
    assert "request.is_vip is False" in report.recipe


def test_an_exception_bridge_pins_a_tier_its_reason_does_not_write(tmp_path: Path) -> None:
    report = heal_sequence(CHARGE_TIER_UNWRITTEN, tmp_path / "tier", test_rounds=1)
    seen = outcomes(report)
    assert seen["O-6 gold declined"] == "safe stop"  # was WRONG: cancelled
    assert seen["O-5 standard"] == "correct"
    assert "order.tier == 'standard'" in report.recipe


def test_names_field_takes_three_letter_parts_but_not_function_words() -> None:
    words = _words("the customer is not a VIP and has no card")
    assert _names_field("is_vip", words)
    assert _names_field("isVip", words)
    assert not _names_field("has_card_on_file", _words("the customer has paid"))
    assert not _names_field("is_new", _words("it is what it is"))


def said(text: str) -> list[str]:
    return text.split()


def test_writes_value_needs_a_value_word_beside_the_name() -> None:
    reason = said("500 is over 200 and the customer is not on the premium plan")
    fields = ["id", "customer", "amount", "plan"]
    assert _writes_value("plan", fields, reason)
    assert not _writes_value("customer", fields, reason)
    assert _writes_value("tier", ["tier"], said("if the tier is gold"))
    # "gold" before "tier" writes the tier, not the customer
    assert not _writes_value("customer", ["customer", "tier"], said("customer is gold tier"))


class Account(BaseModel):
    id: str
    owner: str
    tier: str
    is_vip: bool


def test_named_pins_pin_an_unwritten_text_value_and_a_short_bool_name() -> None:
    account = Account(id="A-1", owner="bob", tier="standard", is_vip=False)
    context = _Context(
        {"account_id": "A-1", "account": account},
        {},
        False,
        words="Bill gold-tier customers; the owner is not a VIP and not gold tier.",
    )
    pins = dict(_named_pins(set(), context))
    assert pins == {
        "account.tier": "account.tier == 'standard'",
        "account.is_vip": "account.is_vip is False",
    }
