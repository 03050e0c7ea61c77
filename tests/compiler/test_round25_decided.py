"""Red team rounds 25 to 29 on loops that decide per item (``compiler/passes/_decided*.py``,
``_side_guards.py``, ``_loop_decisions.py``, ``_decision_reads.py``), end to end through the
control-flow bench's tasks (``redteam_round25`` ... ``redteam_round29``) and on the rules' own
functions: counts typed after the loop named other ways than by the action (the items the
only acting side left: ``kept``, ``skipped``, ``not_refunded``; every item, by the list's own
name; an action done again, ``reordered``), each code only where the recording tells it
apart; a change after the loop in a task whose words make a change conditional, only on the
recorded list; an input no call reads in such a task, as recorded; a list's items all
distinct by identity (``all_distinct``); a field the words say an item may lack, there
(``present``); what the decision reads that the recording could not show would hold again (a
word it only rules out, a place in a list, a value acting uses up, a total the words cap); and
no loop over a place in a list each repetition read (``pending[0]``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from compiler.fingerprint import identity, present
from compiler.passes._decided_counts import (
    _again,
    _Counted,
    _counts_acted,
    _one_way_left,
)
from compiler.passes._decision_reads import decision_guards
from compiler.passes._number_words import input_comparisons
from tests.compiler.test_round12_redteam import body, decided_trace

ORDERS = {"O-1": 250.0, "O-2": 40.0, "O-3": 180.0, "O-4": 10.0, "O-5": 20.0}
"""Two orders over 100 (refunded), three under (left)."""


def refund_report(report: str, **finished: int) -> str:
    return body(
        decided_trace(
            ORDERS,
            description=f"Refund every order over 100 EUR. Report {report}.",
            **finished,
        )
    )


def test_the_items_the_only_side_left_are_the_list_less_the_side() -> None:
    for name in ("kept", "orders_kept", "skipped", "not_refunded", "skipped_count", "untouched"):
        src = refund_report(f"how many you refunded and the {name}", refunded=2, **{name: 3})
        assert f"{name}=len(order_ids) - len(refund_order_ids)" in src, (name, src)
        assert "same_as_recorded(order_ids" not in src, src


def test_a_left_count_that_is_not_the_items_left_stays_as_typed() -> None:
    src = refund_report("how many you refunded and kept", refunded=2, kept=4)
    assert "kept=4" in src
    assert src.index("same_as_recorded(order_ids") < src.index("return ")


def test_a_name_that_may_mean_either_way_is_no_count_of_the_items_left() -> None:
    # ``pending`` may name the refunds waiting as much as the orders never refunded.
    src = refund_report("how many you refunded and how many are pending", refunded=2, pending=3)
    assert "pending=3" in src
    assert src.index("same_as_recorded(order_ids") < src.index("return ")


def test_a_count_named_as_the_list_counts_every_item() -> None:
    src = refund_report("how many you refunded and how many orders", refunded=2, orders=5)
    assert "orders=len(order_ids)" in src, src
    assert "same_as_recorded(order_ids" not in src, src


def test_a_count_named_as_the_list_that_is_not_every_item_stays_as_typed() -> None:
    # Two: the refunded orders, not every order; the name alone does not say so.
    src = refund_report("how many orders you refunded", orders=2)
    assert "orders=2" in src
    assert src.index("same_as_recorded(order_ids") < src.index("return ")


def counted(*actions: str) -> _Counted:
    return _Counted(
        done="done",
        passes_numbers=True,
        acted=2,
        others=3,
        actions=set(actions),
        words=set(),
        holder="items",
        recorded=None,
    )


def test_an_action_done_again_is_counted_by_its_again_word() -> None:
    assert _again("reordered") == "ordered"
    assert _counts_acted("output reordered", counted("place_order"))
    assert _counts_acted("output restocked_products", counted("stock_product"))


def test_a_re_word_that_is_no_again_is_not_the_action() -> None:
    for word, action in (("released", "lease_car"), ("reserved", "serve_meal")):
        assert _again(word) == word
        assert not _counts_acted(f"output {word}", counted(action)), word
    assert _again("reship") == "reship"  # (a rest under five letters stays)


BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from control_flow_tasks import cases, evaluate  # noqa: E402

BY_NAME = {case.name: case for case in cases()}


def verdicts(name: str, tmp_path: Path) -> dict[str, str]:
    """Each held-out input's verdict on a bench task; never a wrong replay."""
    report = evaluate(BY_NAME[name], tmp_path / name)
    found = {o.label: o.verdict for o in report.held_out}
    assert "WRONG" not in found.values(), found
    return found


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("r24_access_review", ["crm: two over 90, at the limit", "wiki: none", "git: all revoked"]),
        ("r24_reorder_min_qty", ["paint: two low", "glue: none low", "mixed: all low"]),
        ("r24_idle_counts", ["web: one each", "api: all escalated", "empty queue"]),
        # (A count named as the list where no other list has its name.)
        ("r25_purchase_requests", ["it: limit edge", "legal: none"]),
    ],
)
def test_everyday_counts_and_a_change_after_the_loop_replay(
    name: str, labels: list[str], tmp_path: Path
) -> None:
    found = verdicts(name, tmp_path)
    assert all(found[label] == "correct" for label in labels), found


def test_a_change_after_the_loop_in_a_conditional_task_needs_the_recorded_list(
    tmp_path: Path,
) -> None:
    # "If you issued any refund, email the finance team": whether a new list's refunds call
    # for the email, only the recorded list shows (rounds 25b-27 broke every rule that read it).
    report = evaluate(BY_NAME["r21_finance_if_refunds"], tmp_path)
    for found in report.held_out:
        assert found.verdict == "safe stop", found
        # (and what the loop looked up on them: the same orders may read otherwise, round 34)
        error = found.error or ""
        assert "claimed_orders and looked_up_in_claimed_orders are not what the" in error, found


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 25. "exempt" and "skipped" named the items left for one reason of two.
        ("r25_seat_exempt", "adv: a recent person seat"),
        ("r25_seat_skipped", "adv: only recent + unused person"),
        # "kept" meant the renewed ones: as many were left as renewed.
        ("r25_renew_kept", "tuesday: 3 active, 1 not"),
        # "kept" of an ``outcome == "no_show"`` decision: the items left were of two kinds.
        ("r25_clinic_no_show_kept", "adv: a cancelled visit"),
        # "without photos" named the items a photoshoot was booked for.
        ("r25_listings_without_photos", "docks: 3 without"),
        # "invitees" beside the lists ``invitees`` and ``unanswered_invitees``.
        ("r25_rsvp_invitees", "picnic: most answered"),
        # A request listed twice would be approved twice.
        ("r25_purchase_requests", "adv: same request listed twice"),
        # "Skip patients with no phone number": every recorded patient had one.
        ("r25_clinic_reminders", "adv: no phone"),
        # Round 25b. Two "if ... any" sentences, each asking for an email.
        ("r25b_two_emails", "api"),
        ("r25b_send_message_vs_email", "closers"),
        ("r25b_couldnt_close", "closers"),  # "couldn't be closed" names the other side
        ("r25b_enterprise_escalated", "web"),  # "any enterprise customer's ticket"
        ("r25b_tier_count_text", "web"),  # "tier 2: 2 tickets": a count in the text
        ("r25b_escalated_2_or_more", "web"),  # a threshold, not "any"
        ("r25b_escalation_refused", "web"),  # what the action answered, not whether it ran
        ("r25b_unless_internal", "internal"),  # "..., unless the queue is 'internal'"
    ],
)
def test_round_25s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    assert verdicts(name, tmp_path)[label] == "safe stop"


def test_a_decision_leaves_items_one_way_only_when_it_is_one_comparison_or_flag() -> None:
    assert _one_way_left("seat.days_unused >= 60")
    assert _one_way_left("not visit.confirmed")
    assert not _one_way_left("seat.days_unused >= 60 and seat.kind == 'person'")
    assert not _one_way_left("visit.outcome == 'no_show'")


def test_a_four_letter_verb_counts_by_its_past_form() -> None:
    assert _counts_acted("output passed", counted("record_pass"))
    assert _counts_acted("output billed", counted("bill_customer"))
    assert not _counts_acted("output passed", counted("record_fail"))


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 26. "For enterprise customers' tickets: if you escalated any, email ...".
        ("r26_qualifier_before_if", "web"),
        ("r26_any_of_them", "web"),  # "any of them": the enterprise customers just named
        ("r26_restriction_next_sentence", "web"),  # "This applies to enterprise ... only."
        ("r26_never_email_internal", "adv: internal"),  # "... so never email the lead about it"
        # The same ticket in another case or spacing, or as a record with the same id.
        ("r26_duplicate_spellings", "adv: dup_case"),
        ("r26_duplicate_spellings", "adv: dup_space"),
        ("r26_duplicate_spellings", "adv: dup_dicts"),
        # "Skip service accounts ... how many you skipped": not every item left.
        ("r26_seat_skipped_one_compute", "adv: recent person seat"),
        # "whose phone number is blank", "haven't given us a phone number", "no mobile on
        # file", "no guardian on record": every recorded patient had one.
        ("r26_recall_blank", "adv: phone ''"),
        ("r26_recall_havent_given", "adv: phone None"),
        ("r26_recall_no_mobile", "adv: phone None"),
        ("r26_recall_no_guardian", "adv: phone None"),
    ],
)
def test_round_26s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    assert verdicts(name, tmp_path)[label] == "safe stop"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 27. A change after the loop needs the recorded list in a conditional task.
        ("r27_semicolon_referent", "web"),  # "Enterprise customers ...; if you escalated any"
        ("r27_enterprise_escalations_go_to", "web"),  # "Escalations of enterprise ... go to"
        ("r27_whenever", "web"),  # "Whenever you escalate an enterprise customer's ticket"
        # An input no call reads, in a task whose words make a change conditional, is pinned.
        ("r27_on_fridays", "adv: billing Monday"),  # "On Fridays, also email the lead"
        ("r27_lead_away_fridays", "adv: billing Friday"),  # "leave that step out on a Friday"
        # One item in other spellings: "#T-12", "T-012", "T12", a desk link; addresses.
        ("r27_duplicate_spellings", "adv: dup_hash"),
        ("r27_duplicate_spellings", "adv: dup_zero"),
        ("r27_duplicate_spellings", "adv: dup_nodash"),
        ("r27_duplicate_spellings", "adv: dup_url"),
        ("r27_invite_once_each", "adv: named"),
        ("r27_invite_once_each", "adv: mailto"),
        # A phone of spaces or "N/A" is none; phrasings without the field's name.
        ("r27_recall_no_phone", "adv: phone '   '"),
        ("r27_recall_blank", "adv: phone 'N/A'"),
        ("r27_recall_dont_have", "adv: phone None"),
        ("r27_recall_on_file", "adv: phone None"),
        ("r27_recall_cant_text", "adv: phone 'N/A'"),
        ("r27_recall_mobile_nested", "adv: phone '   '"),
    ],
)
def test_round_27s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    assert verdicts(name, tmp_path)[label] == "safe stop"


def test_one_item_in_other_spellings_is_one_item() -> None:
    for same in (["T-12", "#t-012"], ["T12", "https://desk.test/tickets/T-12/"]):
        assert identity(same[0]) == identity(same[1]), same
    assert identity("Ana Lopez <ana@x.io>") == identity("mailto:ANA@x.io")
    assert identity({"id": "T-12"}) == identity("T-12")
    assert identity("T-12") != identity("T-13")


def test_a_value_is_present_unless_blank_placeholder_or_a_record_missing_one() -> None:
    assert present("+44 7700 900001") and present({"mobile": {"number": "1"}})
    for missing in (None, "", "   ", "N/A", [], {"mobile": {"number": None}}):
        assert not present(missing), missing


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 28. A decision against a value acting uses up (the team's budget left).
        ("r28_running_budget", "ADV two of 300 on 500"),
        # "fraud_check != 'failed'" where the words mean "passed": a word never seen.
        ("r28_fraud_passed", "ADV check pending"),
        ("r28_fraud_passed", "ADV check empty"),
        # "lines[0]" where every recorded order had one line.
        ("r28_first_line_only", "ADV gift card on line 2"),
        # "never more than 150 EUR back in total": a cap on a sum of values worked out per item.
        ("r28_capped_total", "ADV sum over the cap"),
    ],
)
def test_round_28s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    assert verdicts(name, tmp_path)[label] == "safe stop"


def test_what_the_decision_reads_is_held_where_the_recording_could_not_show_it() -> None:
    looked = {"order": [{"fraud_check": "passed", "lines": [{"c": "x"}]}]}
    guards = decision_guards(
        "order.fraud_check != 'failed' and order.lines[0].c == 'x'",
        looked,
        looked,
        "done",
        (),
        "Release the orders that passed the fraud check.",
        3,
        ruled_out=True,
    )
    shown = {g.condition.source for g in guards}
    assert shown == {"order.fraud_check in ('passed',)", "len(order.lines) == 1"}
    used_up = decision_guards(
        "expense.amount <= team_budget.remaining",
        {"expense": []},
        {},
        "done",
        (),
        "",
        3,
        ruled_out=True,
    )
    assert [g.condition.source for g in used_up] == ["len(done) < 1"]


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 29: a place in a list each repetition read (``pending[0]``) rolled into a loop
        # over warehouses, cancelling each new warehouse's first shipment whatever its carrier.
        ("r29_nested_cancel", "ordinary: one warehouse"),
        ("r29_nested_cancel", "east"),
        ("r29_nested_inner_single", "Bath has 2 DHL"),
        ("r29_nested_inner_single", "Hull: UPS first"),
        ("r29_nested_inner_two", "Bath: UPS in the middle"),
        ("r29_largest_per_account", "acc3: largest second"),
    ],
)
def test_round_29s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    assert verdicts(name, tmp_path)[label] == "safe stop"


def test_a_bound_from_an_input_takes_the_comparison_the_words_give_it(tmp_path: Path) -> None:
    # Round 29: "priced at most max_price" kept both < and <= and stopped at the limit.
    assert input_comparisons("max_price", "every item priced at most max_price") == {"<="}
    assert input_comparisons("min_qty", "lines of min qty or more") == {">="}
    assert input_comparisons("max_price", "every item of the category") == set()
    found = verdicts("r29_at_most_price", tmp_path)
    assert found["ordinary: bath 50"] == found["exactly at 20"] == "correct", found
