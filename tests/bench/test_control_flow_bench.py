"""The control-flow bench (``bench/control_flow.py``, issue 15) builds its tasks, records and
replays them, and judges each replay the way its docstring says.

What today's compiler scores is not asserted here (the bench reports it); what is asserted is
that the measuring stick is right: every scripted recording does what the task's reference
does, and a hand-made run is classified as correct, a safe stop or WRONG as it should be. One
heal sequence (issue 16) runs end to end: the stock task's out-of-stock item falls back, the
heal adds a bridge, and every input seen replays with no model.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import control_flow  # noqa: E402
from control_flow_tasks import (  # noqa: E402
    VERDICTS,
    Expected,
    Outcome,
    cases,
    classify,
    evaluate,
    heal_sequence,
    heals,
    resolve,
    stop_reason,
)

from runtime import AIResponse, ToolCall  # noqa: E402
from runtime.errors import FallbackError, RecipeError  # noqa: E402

EXPECTED = Expected([("ship", "O-1"), ("ship", "O-2")], {"count": 2})


def test_the_task_list_covers_what_issue_15_asks() -> None:
    every = cases()
    names = [c.name for c in every]
    assert len(names) >= 12 and len(set(names)) == len(names)
    assert sum(c.browser for c in every) >= 2
    features = {f for c in every for f in c.features}
    for wanted in ("$ref", "copy", "whole list", "count typed", "results collected"):
        assert wanted in features, wanted
    assert any(f.startswith("filter") for f in features)
    assert {"decision recorded True", "decision recorded False"} <= features
    for case in every:
        assert len(case.held_out) >= 3, case.name
        assert (case.answers is None) != (case.stand_in is None), case.name
        assert case.name not in {"invoices", "shop"}  # the examples are not bench tasks


def test_every_reference_answers_every_input() -> None:
    for case in cases():
        with case.serve():
            recorded = case.reference(resolve(case.recorded))
            assert recorded.outputs, case.name
            for held in case.held_out:
                expected = case.reference(resolve(held.inputs))
                assert set(expected.outputs) == set(recorded.outputs), (case.name, held.label)
    # Some held-out input of the bench is an empty list or takes the other branch.
    labels = " ".join(h.label for c in cases() for h in c.held_out)
    assert "empty" in labels or "no " in labels
    assert "other branch" in labels


def test_a_run_with_the_expected_effects_and_outputs_is_correct() -> None:
    assert classify(EXPECTED, list(EXPECTED.effects), {"count": 2}, None) == ("correct", "")


def test_a_stop_before_any_unexpected_effect_is_safe() -> None:
    verdict, why = classify(EXPECTED, [("ship", "O-1")], None, "step 2: SideExit: other branch")
    assert verdict == "safe stop" and "1/2 effects" in why and "SideExit" in why
    assert classify(EXPECTED, [], None, "step 1: boom")[0] == "safe stop"


@pytest.mark.parametrize(
    ("effects", "outputs", "error", "why"),
    [
        ([("ship", "O-1"), ("ship", "O-9")], None, "step 3: SideExit", "unexpected ship('O-9')"),
        ([("ship", "O-1"), ("ship", "O-2"), ("ship", "O-2")], {"count": 2}, None, "unexpected"),
        ([("ship", "O-1"), ("ship", "O-2")], {"count": 3}, None, "returned count=3"),
        ([("ship", "O-1")], {"count": 2}, None, "without ship('O-2')"),
        ([("ship", "O-2"), ("ship", "O-1")], {"count": 2}, None, "wrong order"),
        ([("ship", "O-1"), ("ship", "O-2")], {"count": 2.5}, None, "returned count"),
    ],
)
def test_an_unexpected_effect_or_a_wrong_answer_is_wrong(
    effects: list[tuple[str, str]], outputs: dict[str, float] | None, error: str | None, why: str
) -> None:
    verdict, detail = classify(EXPECTED, effects, outputs, error)
    assert verdict == "WRONG" and why in detail


def test_a_stop_names_the_recipe_failure_behind_the_fallback_error() -> None:
    exc = FallbackError(
        "task 'x': /tmp/r/recipe.py: step 2 of the recipe: SideExit: needed is False: the "
        "recording went the True way only; the fallback agent could not finish the task either: "
        "MockResponsesExhausted: ..."
    )
    assert stop_reason(exc) == (
        "step 2: SideExit: needed is False: the recording went the True way only"
    )
    bug = RecipeError(
        "/tmp/r/recipe.py, line 33: TypeError: 'Line' object is not subscriptable, in `x = "
        'y["a"]`. This is a bug in the recipe\'s own code, not a changed world, so no fallback.'
    )
    assert stop_reason(bug).startswith("line 33: TypeError: 'Line' object is not subscriptable")


@pytest.mark.parametrize(
    ("error", "stop"),
    [
        (None, None),
        ("step 2: SideExit: needed is False", "guard"),
        ("step 2: ExpectationFailed: list_x returned nothing", "guard"),
        ("step 2: TypeError: 'Line' object is not subscriptable", "error"),
    ],
)
def test_a_stop_at_a_guard_is_told_from_a_crash(error: str | None, stop: str | None) -> None:
    assert Outcome("x", {}, EXPECTED, [], None, error).stop == stop


@pytest.mark.parametrize("name", ["shopping_cart", "approvals"])
def test_a_task_records_replays_and_is_classified(name: str, tmp_path: Path) -> None:
    (case,) = control_flow.select([name])
    report = evaluate(case, tmp_path / name)
    assert report.recording.verdict == "correct", report.recording.detail
    assert report.recording.model_calls > 0 and report.recipe
    assert [o.label for o in report.held_out] == [h.label for h in case.held_out]
    assert all(o.verdict in VERDICTS for o in report.held_out)
    figures = control_flow.figures([report])
    assert figures["correct"] + figures["safe_stop"] + figures["wrong"] == len(case.held_out)
    text = control_flow.report([report])
    assert name in text and "targets:" in text


def test_a_recording_that_does_the_task_wrong_is_not_judged(tmp_path: Path) -> None:
    (case,) = control_flow.select(["shopping_cart"])
    wrong = dataclasses.replace(
        case,
        answers=[
            AIResponse(content="Milk.", tool_calls=[ToolCall("add_to_cart", {"item": "milk"})]),
            AIResponse(content="Done.", tool_calls=[ToolCall("finish", {"added": 1})]),
        ],
    )
    report = evaluate(wrong, tmp_path / case.name)
    assert report.recording.verdict == "WRONG" and report.held_out == []
    figures = control_flow.figures([report])
    assert figures["recording_failed"] == ["shopping_cart"]
    assert figures["not_replayed"] == len(case.held_out) and figures["correct_rate"] == 0.0
    assert not figures["met"]["wrong"]
    assert "NOT JUDGED" in control_flow.report([report])


@pytest.mark.slow
def test_a_browser_task_records_on_a_served_page(tmp_path: Path) -> None:
    (case,) = control_flow.select(["mark_paid_shipped"])
    try:
        report = evaluate(case, tmp_path / case.name)
    finally:
        from runtime.browser import close_browser

        close_browser()
    assert report.recording.verdict == "correct", report.recording.detail
    assert report.recording.effects == [("mark_shipped", "A-1"), ("mark_shipped", "A-3")]
    assert all(o.verdict in VERDICTS for o in report.held_out)


def test_the_decision_tasks_and_the_stock_task_have_heal_sequences() -> None:
    with_heals = {c.name for c in cases() if heals(c)}
    assert {"refunds", "approvals", "reorder_check", "buy_or_backorder"} <= with_heals
    for case in cases():
        if case.name in with_heals:
            assert not case.browser, case.name  # a browser run cannot be `recipe test`ed


def test_a_heal_sequence_bridges_the_other_branch_and_replays_every_input(tmp_path: Path) -> None:
    (case,) = control_flow.select(["buy_or_backorder"])
    report = heal_sequence(case, tmp_path / case.name, test_rounds=1)
    assert report.recording.verdict == "correct", report.recording.detail
    # The first out-of-stock item falls back and heals; the others replay, the second
    # out-of-stock one through the bridge.
    assert [m.what for m in report.met] == ["fallback, healed", "replay", "replay"]
    assert all(m.outcome.verdict == "correct" for m in report.met)
    assert (
        "    except OutOfStock as error:\n" in report.recipe and "buy(item=item)" in report.recipe
    )
    assert [o.label for o in report.replays] == ["recorded", *(h.label for h in case.held_out)]
    assert all(o.verdict == "correct" and o.model_calls == 0 for o in report.replays)
    assert report.tests is not None and report.tests.ok and len(report.tests.outcomes) == 2
    figures = control_flow.heal_figures([report])
    assert figures["fallbacks"] == 1 and figures["heals_written"] == 1
    assert figures["correct_at_0_calls_after"] == figures["inputs_seen"] == 4
    assert figures["wrong"] == 0 and figures["met"] == {"wrong": True, "correct_rate_after": True}
    assert figures["recipe_test"]["runs_tested"] == 2
    text = control_flow.heal_report([report])
    assert "buy_or_backorder" in text and "fallback, healed" in text and "ms per" in text
