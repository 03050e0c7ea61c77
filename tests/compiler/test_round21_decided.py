"""Loops that decide per item and act on both sides (``compiler/passes/_decided.py``), and red
team round 21's findings on them, replayed end to end through the control-flow bench's tasks
(``bench/control_flow_tasks/decisions_both.py``, ``redteam_round21.py``): each held-out input
replays right at 0 model calls, or stops before any effect the task does not expect.

Rounds 21 to 24 found 14, 20, 40 and 2 wrong replays; the rules that fix them:

- a count whose name ``not`` turns around (``not_refunded``) is never the length of the list
  of the side its action names; where both sides act, it is the other side's (every item is
  on one side);
- where both sides act, a word, flag, nothing or list every item had alike, at a field or a
  field of a record inside it (``status == "delivered"``, ``refunded_at is None``,
  ``tags == []``, ``customer["tier"] == "standard"``) is one the recording never saw an item
  without ("orders still in transit get neither", "already refunded", "a VIP customer's");
- on either kind of loop, a mark of nothing having happened every item had (``incoming == 0``,
  ``reopen_count == 0``: "skip a product a delivery is on the way for", "never close a ticket
  that came back") must read so before acting;
- a count named with a refusal word beside an action's word (``refunds_declined``,
  ``ineligible_refund``) is turned around: it counts the other side, never the action's;
- a bound the words set on a value worked out per item ("never more than 50 EUR per order")
  holds that value (``amount <= 50``); a rate a compute holds that is one of two percentages
  the words write ("20%, gold members get 30%") is a choice per item: the list must be the
  recorded one;
- a whole number the words write that the decision does not hold, equal to how many items a
  side acted on ("refund at most two orders"), or a cap no lower than that ("no more than
  three", "up to 3") beside the side's action, caps that side (``len(refunded) < 2``);
- a bound the words compare that the decision does not hold ("a voucher only for orders of at
  least 20 EUR", "twenty euros or more", "20 EUR and up", "no cheaper than 20 EUR") holds a
  side whose items all fell on one side of it;
- a time the words speak of that the decision does not hold ("placed less than a month ago")
  holds a side to the range its items had at a time or age field (``days_old``);
- a count named with a word that may name either side (``pending_approval``,
  ``awaiting_receipt``, ``yet_to_ship``), or whose words fit both sides' actions
  (``refunds_denied``), is used only while the list is as recorded;
- (not findings, stops they showed) a count named for every item (``handled``) where both
  sides act is the length of the list, and a total typed after the loop that adds up a value
  one side worked out per item is the sum of those values, collected on that side;
- a word on a side is the side's only when every word the words set against it is passed by a
  side ("express service when it goes to Paris, standard service elsewhere", "parcels for
  Paris go express; all other parcels go standard": ``standard`` is chosen per item by the
  city, not by the weight the decision tests).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from control_flow_tasks import cases, evaluate  # noqa: E402

BY_NAME = {case.name: case for case in cases()}


def _verdicts(name: str, tmp_path: Path) -> dict[str, str]:
    report = evaluate(BY_NAME[name], tmp_path / name)
    assert report.recording.verdict == "correct", report.recording.detail
    return {o.label: o.verdict for o in report.held_out}


@pytest.mark.parametrize(
    "name",
    [
        "damage_claims",
        "book_transport",
        "review_expenses",
        "breach_triage",
        "partial_refunds",
        "r21_not_refunded",
        "r21_same_action_constants",
        "r21_total_count",
        "r22_partial_sum",
    ],
)
def test_both_sides_roll_and_every_held_out_input_replays_right(name: str, tmp_path: Path) -> None:
    verdicts = _verdicts(name, tmp_path)
    assert set(verdicts.values()) == {"correct"}, verdicts


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("r21_in_transit_hidden", "in transit mixed"),
        ("r21_refund_cap", "3 of 5 refunded"),
        ("r21_refund_cap", "T F T T"),
        ("r21_voucher_floor", "3 of 5 refunded"),
        ("r21_service_by_city", "tue: light to Paris"),
        ("r22_cap_not_reached", "4 of 5 over 100"),
        ("r22_floor_twenty_words", "cheap ones (18, 12)"),
        ("r22_floor_and_up", "cheap ones (18, 12)"),
        ("r22_floor_not_cheaper", "cheap ones (18, 12)"),
        ("r22_recent_hidden", "old order over 100"),
        ("r22_awaiting_receipt", "1 of 3 attached"),
        ("r22_yet_to_ship", "1 of 4 paid"),
        ("r22_refunds_denied", "4 of 5 over 100"),
        ("r22_service_semicolon", "light to Paris"),
        ("r23_already_refunded_null", "already refunded"),
        ("r23_gift_tag_list", "gift orders"),
        ("r23_vip_nested", "VIP customer"),
        ("r23_cap_three_at_most", "4 of 5 over 100"),
        ("r23_cap_capped_at", "4 of 5 over 100"),
        ("r23_part_capped_50", "4 of 5 over 100"),
        ("r23_plain_rate_gold", "gold member"),
        ("r24_restock_incoming", "adv: delivery on the way"),
        ("r24_idle_reopened", "adv: reopened before"),
        ("r17_not_paid_yet", "part paid"),
    ],
)
def test_a_condition_the_recording_never_met_stops_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    verdicts = _verdicts(name, tmp_path)
    assert verdicts[label] == "safe stop", verdicts
    assert "WRONG" not in verdicts.values(), verdicts


@pytest.mark.parametrize("name", ["r23_refunds_declined", "r23_ineligible_refund"])
def test_a_count_of_refusals_counts_the_other_side(name: str, tmp_path: Path) -> None:
    verdicts = _verdicts(name, tmp_path)
    assert verdicts["4 of 5 over 100"] == "correct", verdicts
    assert "WRONG" not in verdicts.values(), verdicts


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("r24_carrier_by_zone", "tue: mixed"),  # "no parcel over 30kg": weight_kg < 30
        ("r24_billing_notice_fee", "brix: mixed, at the limit"),
        ("r24_access_plain", "crm: two over 90, at the limit"),
        ("r24_support_enterprise", "urgent priority"),  # tier=2: "escalate to tier 2"
        ("r24_idle_reopened", "web: one each"),
    ],
)
def test_everyday_data_replays_where_the_words_bound_a_field(
    name: str, label: str, tmp_path: Path
) -> None:
    verdicts = _verdicts(name, tmp_path)
    assert verdicts[label] == "correct", verdicts
    assert "WRONG" not in verdicts.values(), verdicts


def test_the_two_sided_recipe_reads_as_code_a_person_would_write(tmp_path: Path) -> None:
    report = evaluate(BY_NAME["damage_claims"], tmp_path / "claims")
    recipe = report.recipe
    assert "if compute_1:" in recipe and "else:" in recipe, recipe
    assert "refund_order_claimed_orders.append(claimed_order)" in recipe
    assert "send_voucher_claimed_orders.append(claimed_order)" in recipe
    assert "vouchers=len(send_voucher_claimed_orders)" in recipe
