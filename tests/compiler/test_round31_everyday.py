"""Rounds 31 and 32. Round 31 measured ordinary tasks
(``bench/control_flow_tasks/redteam_round31.py``): a loop over a list the compiler selected,
then a change in a conditional task, no longer crashes the recording; a value worked out per
item from a place in the listing (``leases[0].rent``) rolls into the loop; a loop that looks
each item up and acts on some with no compute rolls with the rule the words name
(:mod:`compiler.passes._hidden_loop`); and what the repetitions read, copied after the loop,
is the side's collected field or holds only as recorded (:mod:`compiler.passes._decided_copies`),
numbers too (round 32, ``redteam_round32.py``); round 34 (``redteam_round34.py``): a change after
a loop that looked its items up holds what it looked up.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from compiler.passes._loop_places import _places

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from control_flow_tasks import cases, evaluate  # noqa: E402

BY_NAME = {case.name: case for case in cases()}


def run(name: str, tmp_path: Path) -> tuple[str, dict[str, str]]:
    """The task's recipe and each held-out input's verdict; never a wrong replay."""
    report = evaluate(BY_NAME[name], tmp_path / name)
    assert report.recording.verdict == "correct", report.recording
    found = {o.label: o.verdict for o in report.held_out}
    assert "WRONG" not in found.values(), found
    return report.recipe, found


def test_a_change_after_a_loop_over_a_selection_follows_the_models_own_test(
    tmp_path: Path,
) -> None:
    # "If any registrations are unpaid, tell the organizer", and the model wrote that test
    # (``len(unpaid) > 0`` over ``not r.paid``): the notice follows that guarded decision, not
    # only the recorded list; with none unpaid the recipe leaves at the decision's side exit.
    recipe, found = run("r31_events", tmp_path)
    assert "same_as_recorded(paid, " not in recipe, recipe
    assert found["1 unpaid only"] == found["2 and 2"] == "correct", found
    assert found["all paid"] == found["no regs"] == "safe stop", found


@pytest.mark.parametrize("name", ["r33_cloud_idle", "r38_cowork_cancel"])
def test_a_change_the_words_make_follow_if_the_loop_acted_needs_an_item(
    name: str, tmp_path: Path
) -> None:
    # "If you stopped any, post to FinOps": the post follows while the loop's list has an item.
    recipe, found = run(name, tmp_path)
    assert "same_as_recorded(" not in recipe, recipe
    assert " and all(answer == " in recipe, recipe  # (and every call answered as then)
    assert list(found.values()).count("correct") == 2, found
    assert set(found.values()) == {"correct", "safe stop"}, found


@pytest.mark.parametrize("name", ["r31_rentals", "r31_payroll"])
def test_a_value_worked_out_from_a_place_in_the_listing_rolls(name: str, tmp_path: Path) -> None:
    recipe, found = run(name, tmp_path)
    assert set(found.values()) == {"correct"}, found
    assert "for " in recipe and "[0]" not in recipe.split("def ", 1)[1], recipe


def test_places_are_read_by_whole_numbers_only() -> None:
    assert _places("round(leases[0].rent * 1.03, 2)") == [("leases", 0)]
    assert _places("leases[k].rent + rows[-1]") == []


@pytest.mark.parametrize("name", ["r29_read_then_offer", "r31_offer_copied_after"])
def test_each_item_looked_up_then_acted_on_by_a_rule_and_its_reads_returned(
    name: str, tmp_path: Path
) -> None:
    recipe, found = run(name, tmp_path)
    assert set(found.values()) == {"correct"}, found
    assert "customer_emails.append(customer.email)" in recipe, recipe
    assert "sent_to=customer_emails" in recipe, recipe


@pytest.mark.parametrize("name", ["r32_vans_numbers_in_change", "r32_vans_plates_km"])
def test_numbers_the_repetitions_read_copied_after_the_loop_are_collected(
    name: str, tmp_path: Path
) -> None:
    # Round 32: ``km=[12000, 15500]`` after the loop was passed as recorded on every yard.
    # (With no van over, ``report_mileage(km=[])`` was never recorded: it stops there.)
    recipe, found = run(name, tmp_path)
    assert {v for k, v in found.items() if k != "adv: 6000 / 3000"} == {"correct"}, found
    assert ".append(van.km_since_service)" in recipe, recipe


def test_a_list_with_numbers_after_a_decided_loop_holds_only_as_recorded() -> None:
    from compiler.passes._decided_counts import _copied

    assert _copied([12000, 15500], frozenset())
    assert _copied({"note": "2 booked"}, frozenset())
    assert _copied(["ana@x.io"], frozenset({"ana@x.io"}))
    assert not _copied(["done"], frozenset())
    assert not _copied(7, frozenset())  # (a number alone: the counts decide)


@pytest.mark.parametrize("name", ["r34_events_same_ids", "r34_events_same_ids_hidden"])
def test_a_change_after_a_loop_that_looked_items_up_needs_what_it_looked_up(
    name: str, tmp_path: Path
) -> None:
    # Round 34: the same registration ids, all paid now, and "tell the organizer if any is
    # unpaid" was told anyway: the ids were as recorded, what was looked up on them was not.
    recipe, found = run(name, tmp_path)
    assert found["adv: same ids, all paid"] == "safe stop", found
    assert "looked_up_in_registration_ids.append(registration)" in recipe, recipe


def test_a_place_in_a_selection_of_a_results_field_reads_the_item_as_the_code_did(
    tmp_path: Path,
) -> None:
    # Round 34: ``compute_1[0].price`` in the model's code, ``compute_1.0.sku`` by ``$ref``:
    # the loop read ``line["sku"]`` of a pydantic line and stopped on every input.
    recipe, found = run("r34_lines_filtered_places", tmp_path)
    assert set(found.values()) == {"correct"}, found
    assert '["sku"]' not in recipe, recipe


def test_the_ids_of_the_items_acted_on_copied_into_finish_are_the_sides_list(
    tmp_path: Path,
) -> None:
    # Round 32: ``book_service(van_id=vans[k])`` and ``finish(booked=["V1", "V3"])``: no loop
    # rolled (a value of one repetition after it); the copies are the side's own list.
    recipe, found = run("r32_vans_item_ids", tmp_path)
    assert set(found.values()) == {"correct"}, found
    assert "booked=book_service_listed_vans" in recipe, recipe


def test_a_batch_call_given_every_item_stops_on_an_empty_list(tmp_path: Path) -> None:
    # Round 33: ``archive_stories(ids=[s.id for s in matching_stories])`` ran with ``ids=[]``
    # when no story matched; the recording never made the call with no items.
    recipe, found = run("r33_archive_batch", tmp_path)
    assert "the recording never called archive_stories with no items" in recipe, recipe
    assert "WRONG" not in found.values()


def test_refs_to_one_sides_lookups_after_the_loop_are_collected(tmp_path: Path) -> None:
    # Round 33: ``send_to_program_chair(talk_ids=[$ref get_talk_1.id, $ref get_talk_3.id])``
    # after the loop read single repetitions, and no loop rolled.
    # (With none accepted, the chair would get an empty list, never recorded: it stops.)
    recipe, found = run("r33_conf_accept", tmp_path)
    assert found["1 at 3.5"] == found["2 of 3"] == "correct", found
    assert found["0 of 1"] == "safe stop", found
    assert "talk_ids=talk_ids" in recipe, recipe


def test_a_decided_loop_over_ids_copied_into_its_lookups_rolls(tmp_path: Path) -> None:
    # Round 33: ``get_statement(patient_id="PT-1")``, then "PT-2", ...: a copy of each item,
    # which a plain loop explains, kept the decided loop from rolling.
    recipe, found = run("r33_dental_balance", tmp_path)
    assert set(found.values()) == {"correct"}, found
    assert "get_statement(patient_id=patients_seen_item)" in recipe, recipe


def test_places_in_a_field_of_a_result_roll_and_a_repetitions_own_stay() -> None:
    assert _places("invoice.items[1].cost * 0.8") == [("invoice.items", 1)]
    assert _places("order.lines[0].category == 'gift_card'") == [("order.lines", 0)]


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("r33_reimburse", ["1 item", "no items"]),
        ("r34_lines_result_field", ["ordinary: 1 line", "ordinary: 3 lines"]),
    ],
)
def test_a_value_worked_out_from_a_place_in_a_results_field_rolls(
    name: str, labels: list[str], tmp_path: Path
) -> None:
    _, found = run(name, tmp_path)
    assert all(found[label] == "correct" for label in labels), found


def test_every_item_of_the_models_own_selection_needs_no_rule_over_its_fields(
    tmp_path: Path,
) -> None:
    # Round 33: ``[c for c in claims if c.amount <= limit]``, every one approved: the rules
    # ``amount < limit`` and ``amount <= limit`` were inferred again and disagreed at the limit.
    recipe, found = run("r33_claims_auto", tmp_path)
    assert set(found.values()) == {"correct"}, found
    assert "amount < limit" not in recipe, recipe


@pytest.mark.parametrize("name", ["r33_school_bus", "r32_claims_hidden_both"])
def test_each_item_looked_up_then_acted_on_one_way_or_the_other_in_the_head(
    name: str, tmp_path: Path
) -> None:
    # Rounds 32 and 33: "120, approve" / "800, forward" with no compute. The lookups stay
    # (their results were read by no statement), the rule is the words' (``amount < 500``),
    # and both sides act; ``bus_passes`` counts ``assign_bus_pass``.
    recipe, found = run(name, tmp_path)
    assert set(found.values()) == {"correct"}, found
    assert "else:" in recipe, recipe


def test_an_argument_that_is_an_object_of_the_items_own_fields_rolls(tmp_path: Path) -> None:
    # Round 44: ``recipient={"donor_id": $ref get_donor_1.id, "name": $ref get_donor_1.name}``
    # in each repetition is one argument of the loop, read from its own lookup.
    recipe, found = run("r44_donor_invites", tmp_path)
    assert 'recipient={"donor_id": donor.id, "name": donor.name}' in recipe, recipe
    assert set(found.values()) == {"correct"}, found


def test_one_action_given_one_word_or_another_by_a_rule_per_item_rolls(tmp_path: Path) -> None:
    # "'allow' where the employee consented, 'block' otherwise": one action, a word per item
    # told apart by a rule over its fields that the words name (``roaming_consent``). Round
    # 44's "German jobs to Petra, French jobs to Luc" stays as recorded: no word names the
    # field (``target_language == "de"``), and round 45 split such items on a field the words
    # never gave (``customer_tier``) or named in another role ("how many are rush jobs").
    recipe, found = run("r38_roaming", tmp_path)
    assert "for " in recipe and ("else:" in recipe or "elif " in recipe), recipe
    assert set(found.values()) == {"correct"}, found


@pytest.mark.parametrize(("name", "label"), [("r38_customs", "1 full"), ("r44_port_yard", "2+2")])
def test_one_item_on_a_side_makes_none_of_its_fields_a_rule(
    name: str, label: str, tmp_path: Path
) -> None:
    # Round 38's customs (one shipment from 'CN' acted on), round 44's reefer (one of 22.0 t):
    # every field of one item is alike, so none is a condition unless the words name it.
    recipe, found = run(name, tmp_path)
    assert "== 'CN'" not in recipe and "== 22.0" not in recipe, recipe
    assert found[label] in ("correct", "safe stop"), found


def test_a_count_named_like_a_number_field_of_the_items_counts_them(tmp_path: Path) -> None:
    # Round 47: "how many households you packed for", the items holding ``household_size``: a
    # count by a number field it cannot be, so it is the loop's (``already_paid`` of a ``paid``
    # flag still is not).
    recipe, found = run("r47_foodbank_boxes", tmp_path)
    assert "households=len(pickups)" in recipe, recipe
    assert set(found.values()) == {"correct"}, found


def test_a_decision_that_reads_its_item_by_place_rolls_with_both_sides(tmp_path: Path) -> None:
    # Round 47: "fine it if the permit expired more than 14 days ago, otherwise send a warning",
    # the model deciding on ``list_expired_permits_1[0].days_over > 14``, then ``[1]``, with no
    # lookup per item: the decision reads the loop's item, each side acts on it.
    recipe, found = run("r47_parking_fines", tmp_path)
    assert "compute_1 = expired_permit.days_over > 14" in recipe, recipe
    assert "issue_fine(plate=expired_permit.plate)" in recipe, recipe
    assert "same_as_recorded" not in recipe, recipe
    assert set(found.values()) == {"correct"}, found


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 35. "Nominate the accepted talks rated 4.5 or higher": every accepted talk was,
        # so the refs listed the whole side; a new track's 3.8 talk was nominated.
        ("r35_best_talk", "adv accepted below 4.5"),
        ("r35_best_talk", "ordinary 0 of 1"),  # (no call with an empty list)
        # "at most the limit, but never a claim of exactly zero": the model's own filter held
        # the limit, and "zero" was no number to the rules.
        ("r35_claims_nonzero", "adv zero claim"),
        ("r35_claims_nonzero", "adv zero claim 2"),
        # Every story of the list passed whole to one batch call, where the words say "more
        # than 365 days old".
        ("r35_archive_all_listed", "adv 2 of 3 incl 365"),
        ("r35_archive_all_listed", "adv none old"),
    ],
)
def test_round_35s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    _, found = run(name, tmp_path)
    assert found[label] == "safe stop", found


def test_a_count_of_the_items_a_batch_call_was_given_is_their_number() -> None:
    # Round 33: ``archived=2`` after ``archive_stories(ids=[...])`` is ``len`` of the list
    # given, unless the call's answer holds the number too, a text included (round 39: "2
    # archived, 0 skipped" — the model may have read it there, and it may differ from len).
    from compiler.passes._comprehensions import _numbers_inside

    assert 2.0 in _numbers_inside("2 archived, 0 skipped (already archived)")
    assert 2 in _numbers_inside({"archived": ["S-1", "S-3"]})
    assert _numbers_inside("done") == []


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 36. "Leave any claim over 5000 alone": the forward side ran on a 9000 claim,
        # and "urgent if over 2000" was no guard on a side that passed "normal" (the
        # side guards of a loop decided in the head never ran: its decision had no step).
        ("r36_third_way2", "adv 9000"),
        ("r36_priority2", "adv 3000 urgent"),
    ],
)
def test_round_36s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    _, found = run(name, tmp_path)
    assert found[label] == "safe stop", found


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 37: a do-not-contact list looked up, an input ``exclude``: neither read by the
        # rule inferred over the lookups, and the excluded customer got the offer.
        ("r37_dnc_list", "adv on list but allowed"),
        ("r37_exclude_input", "adv allowed but excluded"),
        # Round 38: both sides' ids written out after the loop shared one list.
        ("r38_acquisitions_mail", "recorded branch again"),
        # Round 38: "if it is serious, report it; otherwise log it", the event looked up and
        # read by nothing: every event was logged.
        ("r38_adverse_event", "serious: other branch"),
    ],
)
def test_rounds_37_and_38s_wrong_replays_are_gone(name: str, label: str, tmp_path: Path) -> None:
    _, found = run(name, tmp_path)
    assert found[label] in ("safe stop", "correct"), found


def test_a_batch_calls_count_read_in_its_text_answer_is_the_items_given_while_it_says_so(
    tmp_path: Path,
) -> None:
    # "archived 2" answered for the 2 stories given, then archived=2: len of the list given,
    # behind a guard that the answer still reads so (round 39's "1 of 3 skipped" stops).
    recipe, found = run("r33_archive_batch", tmp_path)
    assert "says_count(" in recipe and "archived=len(" in recipe, recipe
    assert found["1 old"] == found["2 of 3 incl 365"] == "correct", found


def test_a_number_the_words_bound_stays_guarded_though_a_compute_reads_it(
    tmp_path: Path,
) -> None:
    # Round 38 asked for ``average >= 3.5`` alone to decide (the guard ``average > 3.5`` stops
    # the student at exactly 3.5); round 39 showed why not: a later compute may test another
    # bound (``average >= 3.0``) or only that the number is sane (``0 <= average <= 4``).
    _, found = run("r38_deans_list", tmp_path)
    assert found["exactly 3.5"] == "safe stop", found
    assert found["2 courses high"] == "correct", found


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 39. "If two or more are unpaid, also put the event on hold", decided by the
        # model's ``len(unpaid) > 0``: the rule that let its compute decide is gone.
        ("r39_two_changes", "ADV 1 unpaid"),
        # A record list read by nothing ("an open complaint"): held as recorded, not as
        # not-empty; a number inside the batch call's text answer keeps the count guarded.
        ("r39_complaints", "ADV closed only"),
        ("r39_batch_ref", "ADV 1 of 3 skipped"),
    ],
)
def test_round_39s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    _, found = run(name, tmp_path)
    assert found[label] == "safe stop", found


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 40: "unless the seat is on annual billing", "except tickets from the customer
        # 'internal'": no recorded item held the excepted value, so no rule told it apart.
        ("r40_seats", "ADV annual"),
        ("r40_seats_filter", "ADV annual"),
        ("r40_oncall", "ADV internal"),
    ],
)
def test_round_40s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    _, found = run(name, tmp_path)
    assert found[label] == "safe stop", found


def test_the_words_except_values_of_named_text_fields() -> None:
    from compiler.passes._excepted import excepted

    # (Round 41: no cue list finds every exception, so where any cue stands, a text field every
    # recorded item had alike holds that value; a differing one, no word set apart.)
    seats = [{"id": "S1", "billing": "monthly"}, {"id": "S2", "billing": "monthly"}]
    said = "Cancel every idle seat. Seats on annual billing stay as they are."
    assert ("billing", "=monthly") in excepted(said, seats)
    tickets = [{"id": "T1", "customer": "acme"}, {"id": "T2", "customer": "globex"}]
    assert ("customer", "internal") in excepted("Assign all, except 'internal' ones.", tickets)
    assert excepted("Assign every ticket of the queue.", tickets) == []
    members = [{"id": "M1", "tier": 1}, {"id": "M2", "tier": 2}]
    assert ("tier", "in(1, 2)") in excepted("Invoice all, except tier 3 members.", members)


@pytest.mark.parametrize(
    "name",
    [
        # Round 41: exceptions phrased past round 40's cue list, in another word form, in
        # another sentence, a stored value that only starts with the word, a number field.
        "r41_seats_exception_of",
        "r41_seats_billed_annually",
        "r41_seats_other_sentence",
        "r41_seats_leave_out",
        "r41_seats_apart_from",
        "r41_seats_only_if_not",
        "r41_seats_not_for",
        "r41_dunning_wholesaler",
        "r41_renewal_tier",
    ],
)
def test_round_41s_exceptions_stop_before_the_wrong_effect(name: str, tmp_path: Path) -> None:
    _, found = run(name, tmp_path)
    assert "WRONG" not in found.values(), found


def test_a_field_alike_because_the_rule_or_an_input_chose_it_is_no_exception() -> None:
    # ``archive_from_sender``: every archived row had the sender the input named; that field
    # is the filter's, and a new sender is an ordinary input, not an exception.
    from compiler.passes._excepted import excepted

    rows = [{"sender": "Ben", "subject": "a"}, {"sender": "Ben", "subject": "b"}]
    said = "Archive every message from the sender, but not the pinned ones."
    assert ("sender", "=Ben") in excepted(said, rows)
    assert ("sender", "=Ben") not in excepted(said, rows, ruled={"sender"})
    assert ("sender", "=Ben") not in excepted(said, rows, inputs=("Ben",))


@pytest.mark.parametrize(
    ("name", "label"),
    [
        # Round 42: a sentence of its own narrows "any" ("FinOps wants to hear about the GPU
        # machines"); a count typed as a word ("Two unpaid registrations."); an id typed in a
        # text ("Unpaid: I-2"); a call refused on the way ("refused: checked in"); a cap the
        # words write that the recording stayed under ("at most three of them").
        ("r42_gpu_finops", "idle CPU-only VM"),
        ("r42_regs_word", "1 unpaid, 2 paid"),
        ("r42_typed_word_count", "1 idle"),
        ("r42_invoice_typed", "1 unpaid I-10"),
        ("r42_cancel_refused", "1 checked in only"),
        ("r42_cap_three", "4 idle (cap)"),
        # Round 43: counts typed as "both", "the trio", "the third" in a note after a loop; a
        # negated count beside a batch call's (``not_archived``); a "Report ..." sentence that
        # narrows "any", or a word after the comma ("how many GPU machines you stopped", "how
        # many workshop seats are still unpaid"): where every recorded item was a GPU machine
        # or a workshop seat, an item unlike them stops before the change (``_acted_any._alike``).
        ("r43_note_both", "3 bookings"),
        ("r43_note_trio", "2 bookings"),
        ("r43_note_third", "1 booking"),
        ("r43_archive_not_archived", "3 of 4 old"),
        ("r43_report_gpu", "idle CPU-only VM"),
        ("r43_report_gpu", "1 GPU + 1 CPU idle"),
        ("r43_gpu_in_clause", "idle CPU-only VM"),
        ("r43_gpu_in_clause", "1 GPU + 1 CPU idle"),
        ("r43_regs_workshop_clause", "talk + workshop unpaid"),
        # Round 45: one action given a word per item, split on a field the words name in
        # another role, or on one they never name; a number of items the words write with no
        # cap word ("book two of the free rooms", "we need 2 rooms").
        ("r45_rush_count", "de+fr ordinary"),
        ("r45_topic_route", "gold technical"),
        ("r45_cap_two_of", "3 free"),
        ("r45_cap_need_n", "3 free"),
        # Round 46: "the workshop needs 3 rooms" with 2 recorded; "a couple of visitors";
        # counts named for the other side ("tax_free" beside add_sales_tax, "below_vip");
        # "never refund gift cards" where the one refunded item was no gift card.
        ("r46_need_three", "5 free"),
        ("r46_couple_desks", "4 free"),
        ("r46_tax_free_even", "mostly exports"),
        ("r46_below_vip_even", "none vip"),
        ("r46_gift_cards_mixed", "gift card 150"),
        # Round 48: a count as many as the items where every item's number field was 1 (a
        # household of one): the sum and the count of the items both fit, and now differ.
        ("r48_households", "families"),
        ("r48_kids", "one without kids"),
        # Round 49: the words beside the loop narrow "any" by a field the recorded items held
        # otherwise ("post the GPU ones" where one stopped VM had a GPU and one had none;
        # "chase the workshop seats" where one unpaid seat was a talk): no reading then.
        ("r49_gpu_mixed", "idle CPU-only (1)"),
        ("r49_gpu_mixed", "idle CPU-only (2)"),
        ("r49_gpu_const_ids", "idle CPU-only (1)"),
        ("r49_gpu_const_ids", "idle CPU-only (2)"),
        ("r49_regs_workshop_mixed", "unpaid talk only"),
        ("r49_regs_workshop_mixed", "2 unpaid talks"),
        # Round 50: a decision read by place (``permits[0].days_over > 14``) rolled with no
        # guard on its sides: "motorbikes only ever get a warning letter" where the fined cars
        # were cars and vans; "at least 21 days" where the model wrote ``> 14``.
        ("r50_pk_moto_words", "motorbike over"),
        ("r50_pk_moto_words", "mix with motorbike over"),
        ("r50_pk_twowheel_words", "motorbike over"),
        ("r50_pk_twowheel_words", "mix with motorbike over"),
        ("r50_pk_bound_words", "16 days"),
        # Round 51: the fine side passed rate="standard" every time, the action's own
        # description offering "standard or double" and the words "long overstays cost twice
        # as much": a word the action offers others of, that the task's words do not write,
        # is the model's choice per item.
        ("r51_pk_rate_unsaid", "h_long"),
        ("r51_pk_rate_unsaid", "h_all"),
        ("r51_pk_rate_unsaid", "h_mix"),
        ("r51_lk_rate_unsaid", "h_long"),
        ("r51_lk_rate_unsaid", "h_all"),
        ("r51_lk_rate_unsaid", "h_mix"),
        # Round 53: a text typed around each item's value whose constant part was each item's
        # own too (a weekday, "Mr", a size "M", "his" for "<his or her>"); codes the words
        # write that no side passed ("F1" for wheelchair users, "A2" for N to Z); an action's
        # description offering its words in other shapes ("'standard' | 'double'",
        # "standard/double"); "10+ orders" beside "over 10 EUR"; a chained 3 <= n <= 7.
        ("r53_pickup_weekday", "1 Tuesday"),
        ("r53_pickup_weekday", "Mon + Fri"),
        ("r53_table_ready_title", "1 Ms"),
        ("r53_jersey_size", "1 L"),
        ("r53_pronoun", "1 female"),
        ("r53_hotel_floors", "1 wheelchair suite"),
        ("r53_exam_rooms_alpha", "1 N-Z"),
        ("r53_rate_doc_pipe", "h_long"),
        ("r53_rate_doc_slash", "h_mix"),
        ("r53_rate_doc_oneof", "h_long"),
        ("r53_rate_doc_and", "h_mix"),
        ("r53_voucher_10plus", "exactly 10"),
        ("r53_upgrade_chained", "h_edge"),
        # Round 55: a batch count named for the list's key or the verb where the items hold a
        # number that could add up to it instead (plus-ones, bikes per booking); a batch answer
        # that lists what the call did not do ({"no_room": []}); "more than 1,5 kg" read as 1;
        # two words apart in two arguments of one action (grade and lot).
        ("r55_dinner_headcount", "1 plus-one"),
        ("r55_dinner_headcount", "1 with 2 plus-ones"),
        ("r55_bikes_rented", "one for 2 bikes"),
        ("r55_van_room", "room for 2 of 3"),
        ("r55_van_room", "van full"),
        ("r55_packs_decimal_comma", "1.2 + 4.0"),
        ("r55_packs_decimal_comma", "1.4"),
        ("r55_cars_lot_by_body", "Golf low km"),
        # Round 56: a side given a place inside the item (``job.crews[0].id``) or in another
        # list (``free_crews[0]``, ``route_jobs[0]``); items sharing what their lookups were
        # given (two jobs of one customer); a typed id its lookup's answer held under another
        # name (``client.latest_job_id``, "W1", as the job's own id).
        ("r56_first_crew_in_record", "first crew busy"),
        ("r56_customers_confirmed", "one customer two jobs"),
        ("r56_customer_list", "one customer two jobs"),
        ("r56_remind_customer", "same customer twice"),
        ("r56_typed_ids", "ordinary"),
        ("r56_typed_ids", "latest job differs"),
        ("r56_first_free_crew", "two paid"),
        ("r56_previous_job", "two paid at 2,3"),
        # Round 58: a batch count where a number every item holds (a quantity of 1 or 1.0, a
        # plus-one count written "0", bikes one level down) or the call's answer ({"B1": 1,
        # "B2": 1}) adds up to it, or to nothing: the count may be that sum.
        ("r58_picks_int", "3 teas and a mug"),
        ("r58_picks_float", "2 cups one line"),
        ("r58_dinner_text_plus", "1 plus-one"),
        ("r58_bikes_nested", "one for 2 bikes"),
        ("r58_handout_answer_dict", "one for 2 bikes"),
    ],
)
def test_rounds_42_to_58s_wrong_replays_stop_before_the_wrong_effect(
    name: str, label: str, tmp_path: Path
) -> None:
    _, found = run(name, tmp_path)
    assert found[label] == "safe stop", found


def test_a_word_for_nothing_sets_the_items_left_apart(tmp_path: Path) -> None:
    # Round 47: "every rental whose inspection found damage", the inspections reading ``none``,
    # ``scratch``, ``dent``: ``!= 'none'`` and ``in ('dent', 'scratch')`` both fit, and a damage
    # never seen (``crack``) makes them disagree, where the recipe stops.
    from compiler.passes._predicates import choose

    said = "Open a damage case for every rental whose inspection found damage."
    items = [{"damage": "none"}, {"damage": "scratch"}, {"damage": "dent"}]
    found = choose(items, {1, 2}, var="x", access="attr", inputs={}, text=said, description=said)
    assert found is not None
    assert [p.source for p in found] == ["x.damage != 'none'", "x.damage in ('dent', 'scratch')"]
    assert [p.test({"damage": "crack"}) for p in found] == [True, False]
    # Names are no words for nothing: no rule sets one employee apart.
    people = [{"employee": "ann"}, {"employee": "bob"}, {"employee": "cat"}]
    told = "Approve the claims of every employee."
    assert not choose(people, {0, 2}, var="x", access="attr", inputs={}, text=told)
    _, verdicts = run("r47_rental_damage", tmp_path)
    assert set(verdicts.values()) == {"correct"}, verdicts


def test_a_text_typed_around_each_items_value_is_its_template(tmp_path: Path) -> None:
    # Round 44: subject '<dog name>: vaccination due', typed "Rex: vaccination due", then
    # "Milo: ...": the loop writes f"{item.name}: vaccination due".
    recipe, found = run("r44_daycare_vax", tmp_path)
    assert 'subject=f"{vaccination_due_item.name}: vaccination due"' in recipe, recipe
    assert set(found.values()) == {"correct"}, found


def test_no_template_where_what_stays_may_be_each_items_own() -> None:
    from compiler.passes._loop_anchor import TEMPLATE, _template

    said = "Email every owner, subject '<dog name>: vaccination due', due at Oak Vets."
    dogs = [{"name": "Rex", "due": "2026-05-01"}, {"name": "Milo", "due": "2026-05-01"}]
    typed = ["Rex: vaccination due", "Milo: vaccination due"]
    assert _template(dogs, typed, dogs, said) == (TEMPLATE, "", ("name",), ": vaccination due")
    # A date both items happened to share, or any digit, may be each item's own.
    dated = ["Rex: due 2026-05-01", "Milo: due 2026-05-01"]
    assert _template(dogs, dated, dogs, said) is None
    shared = [{"name": "Rex", "clinic": "Oak Vets"}, {"name": "Milo", "clinic": "Oak Vets"}]
    assert _template(shared, ["Rex at Oak Vets", "Milo at Oak Vets"], shared, said) is None
    # A value typed twice, or texts typed otherwise around it, are no template.
    assert _template(dogs, ["Rex: Rex due", "Milo: Milo due"], dogs, said) is None
    assert _template(dogs, ["Rex: due", "Milo - due"], dogs, said) is None
    # Round 53: a word the task's words give only as a placeholder ("<weekday of its pickup
    # date>", "<title>", "<his or her>") may be each item's own.
    told = "Subject '<dog name>: pickup on <weekday of its pickup date>'."
    picked = ["Rex: pickup on Monday", "Milo: pickup on Monday"]
    assert _template(dogs, picked, dogs, told) is None
    pronoun = "Subject '<dog name> had a great day, <his or her> photos are online'."
    his = [
        "Rex had a great day, his photos are online",
        "Milo had a great day, his photos are online",
    ]
    assert _template(dogs, his, dogs, pronoun) is None


def test_codes_the_words_write_are_each_sides_constants(tmp_path: Path) -> None:
    # Round 52: "B1 if they scored 60 or more on the placement test, otherwise A2", the action
    # offering "(A2 or B1)": each side passes the code the words give it.
    recipe, found = run("r52_language_levels", tmp_path)
    assert 'level="B1"' in recipe and 'level="A2"' in recipe, recipe
    assert "same_as_recorded" not in recipe, recipe
    assert set(found.values()) == {"correct"}, found


def test_a_count_named_for_the_argument_a_batch_was_given_is_its_length(tmp_path: Path) -> None:
    # Round 52: send_kitchen_sheet(sheet={"event_id": ..., "needs": [...every note's need]}),
    # then needs=2: the count is named for the list given, so it is its length.
    recipe, found = run("r52_catering_sheet", tmp_path)
    assert "needs=len(dietary_notes)" in recipe, recipe
    assert found["1 note"] == found["3 notes"] == "correct", found


def test_a_number_written_with_thousands_commas_is_one_number() -> None:
    # "at most 100,000 km" was read as 100 and 0: no rule could use its bound, and a rule over
    # "over 1,500 EUR" could have taken 500 for it.
    from compiler.passes._number_words import comparison_words, unformatted

    assert unformatted("at most 100,000 km") == "at most 100000 km"
    assert comparison_words("orders over 1,250,000 EUR") == {1250000.0: {">"}}
    assert unformatted("lines 10,20,300") == "lines 10,20,300"  # (a list, not a number)


def test_one_action_given_one_of_two_words_is_both_sides_of_a_decision_in_the_head(
    tmp_path: Path,
) -> None:
    # Round 52: each car looked up, then list_for_sale(grade="certified") or grade="as-is",
    # with no compute: "certified if it has at most 100,000 km, otherwise as-is".
    recipe, found = run("r52_usedcar_grades", tmp_path)
    assert "decided = car.mileage_km <= 100000" in recipe, recipe
    assert 'grade="certified"' in recipe and 'grade="as-is"' in recipe, recipe
    assert set(found.values()) == {"correct"}, found


def test_a_batch_count_named_by_the_actions_verb_with_an_ending_is_its_length(
    tmp_path: Path,
) -> None:
    # Round 54: load_van(parcel_ids=[...every parcel]), then loaded=2.
    recipe, found = run("r54_courier_load", tmp_path)
    assert "loaded=len(" in recipe, recipe
    assert set(found.values()) == {"correct"}, found


def test_a_side_may_act_on_another_field_of_the_item_its_lookup_was_given(tmp_path: Path) -> None:
    # Round 54: get_customer(customer_id=jobs[n].customer_id), then, where paid up,
    # confirm_job(job_id=jobs[n].id): the side reads the loop's item.
    recipe, found = run("r54_window_jobs", tmp_path)
    assert "confirm_job(job_id=cleaning_job.id)" in recipe, recipe
    assert set(found.values()) == {"correct"}, found
