"""A recipe repeats what the model decided from the task's brief (instructions, inline context,
attached files): when the brief changed since the recording, the replay does not run the recipe,
the agent does the task again under the new brief, and the run says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.ir import BRIEF_CONSTANT, load_trace
from runtime import AIResponse, FallbackError, RecipeError, Task, TaskConfig, ToolCall, action
from runtime.batch import run_batch
from runtime.run.recorded_tests import run_recipe_tests

FEES: list[tuple[str, float]] = []


@action
def add_fee(invoice_id: str, amount: float) -> str:
    """Add a fee to an invoice."""
    FEES.append((invoice_id, amount))
    return "ok"


def fee_answers(amount: float) -> list[AIResponse]:
    return [
        AIResponse(
            content=f"The policy says {amount} EUR.",
            tool_calls=[
                ToolCall("add_fee", {"invoice_id": {"$ref": "invoice_id"}, "amount": amount})
            ],
        ),
        AIResponse(tool_calls=[ToolCall("finish", {"fee": amount})]),
    ]


def policy(tmp_path: Path, fee: float) -> Path:
    path = tmp_path / "policy.txt"
    path.write_text(f"Late fee policy\nEvery overdue invoice gets a late fee of {fee} EUR.\n")
    return path


def fee_task(
    tmp_path: Path, mocks: list[AIResponse] | None, heal: str = "auto", **fields: Any
) -> Task[Any]:
    fields.setdefault("context", [tmp_path / "policy.txt"])
    return Task(
        "Add the late fee set by the attached policy to the invoice. Return the fee.",
        name="late_fee",
        inputs={"invoice_id": str},
        outputs={"fee": float},
        actions=[add_fee],
        recipe_dir=tmp_path / "recipes",
        mock_responses=mocks,
        config=TaskConfig(heal=heal),  # type: ignore[arg-type]
        **fields,
    )


@pytest.fixture(autouse=True)
def _no_fees() -> None:
    FEES.clear()


def recorded(tmp_path: Path, **fields: Any) -> Task[Any]:
    policy(tmp_path, 7.5)
    task = fee_task(tmp_path, fee_answers(7.5), **fields)
    assert task.run_agent(invoice_id="I-1").fee == 7.5
    FEES.clear()
    return task


def test_the_recipe_and_trace_keep_digests_of_the_brief_never_its_text(tmp_path: Path) -> None:
    task = recorded(tmp_path, instructions="Fees are in EUR.")
    source = task.folder.recipe_path.read_text()
    trace = load_trace(task.folder.trace_path.read_bytes())
    assert trace.task.brief_digests is not None
    assert list(trace.task.brief_digests) == ["instructions", "policy.txt"]
    assert f"{BRIEF_CONSTANT} = {{" in source
    for digest in trace.task.brief_digests.values():
        assert digest in source
    for text in ("a late fee of", "Fees are in EUR", "Late fee policy"):
        assert text not in source and text not in task.folder.trace_path.read_text()


def test_an_unchanged_brief_replays_the_recipe(tmp_path: Path) -> None:
    task = recorded(tmp_path)
    replay = fee_task(tmp_path, [])
    assert replay.replay(invoice_id="I-1").fee == 7.5
    assert FEES == [("I-1", 7.5)]
    assert replay.last_run is not None and replay.last_run.mode == "recipe"
    assert task.folder.has_recipe()


def test_a_changed_attachment_runs_the_agent_from_the_start_and_records_again(
    tmp_path: Path,
) -> None:
    task = recorded(tmp_path)
    before = task.folder.recipe_path.read_text()
    policy(tmp_path, 10.0)
    replay = fee_task(tmp_path, fee_answers(10.0))
    assert replay.run(invoice_id="I-1").fee == 10.0
    assert FEES == [("I-1", 10.0)]  # never the recorded 7.5
    run = replay.last_run
    assert run is not None and run.mode == "agent" and run.model_calls == 2
    assert any(
        "the task's context changed since the recording: policy.txt" in w for w in run.warnings
    )
    after = task.folder.recipe_path.read_text()
    assert after != before and "amount=10.0" in after
    # The new recipe replays under the new brief without the model.
    FEES.clear()
    again = fee_task(tmp_path, [])
    assert again.replay(invoice_id="I-1").fee == 10.0
    assert FEES == [("I-1", 10.0)]


def test_changed_or_added_instructions_count_too(tmp_path: Path) -> None:
    recorded(tmp_path)
    replay = fee_task(tmp_path, [], instructions="Waive fees under 10 EUR.")
    with pytest.raises(FallbackError, match="changed since the recording: instructions"):
        replay.replay(invoice_id="I-1")
    assert FEES == []


def test_no_model_to_record_again_is_a_safe_stop_and_leaves_the_recipe(tmp_path: Path) -> None:
    task = recorded(tmp_path)
    before = task.folder.recipe_path.read_text()
    policy(tmp_path, 10.0)
    with pytest.raises(FallbackError, match=r"policy\.txt, so the recipe did not run"):
        fee_task(tmp_path, []).replay(invoice_id="I-1")
    assert FEES == []
    assert task.folder.recipe_path.read_text() == before


def test_on_failure_raise_tells_the_user_to_record_again(tmp_path: Path) -> None:
    recorded(tmp_path)
    policy(tmp_path, 10.0)
    task = fee_task(tmp_path, []).with_options(config=TaskConfig(on_failure="raise"))
    with pytest.raises(RecipeError, match=r"policy.txt\. .*record the task again"):
        task.run(invoice_id="I-1")
    assert FEES == []


def test_heal_never_runs_the_agent_but_keeps_the_recipe(tmp_path: Path) -> None:
    task = recorded(tmp_path)
    before = task.folder.recipe_path.read_text()
    policy(tmp_path, 10.0)
    assert fee_task(tmp_path, fee_answers(10.0), heal="never").run(invoice_id="I-1").fee == 10.0
    assert FEES == [("I-1", 10.0)]
    assert task.folder.recipe_path.read_text() == before


def test_heal_ask_proposes_the_new_recording(tmp_path: Path) -> None:
    task = recorded(tmp_path)
    before = task.folder.recipe_path.read_text()
    policy(tmp_path, 10.0)
    replay = fee_task(tmp_path, fee_answers(10.0), heal="ask")
    assert replay.run(invoice_id="I-1").fee == 10.0
    assert task.folder.recipe_path.read_text() == before
    assert replay.last_run is not None and replay.last_run.heal_proposal_path is not None
    assert "amount=10.0" in Path(replay.last_run.heal_proposal_path).read_text()


def test_a_recipe_without_the_constant_replays_as_before(tmp_path: Path) -> None:
    task = recorded(tmp_path)
    path = task.folder.recipe_path
    source = path.read_text()
    start = source.index(f"\n{BRIEF_CONSTANT} = ")
    end = source.index('"""\n', source.index('"""', start) + 3) + 4
    path.write_text(source[:start] + source[end:])
    policy(tmp_path, 10.0)
    assert fee_task(tmp_path, []).replay(invoice_id="I-1").fee == 7.5  # an older recipe: as today


def test_a_batch_records_again_once_then_replays_every_row(tmp_path: Path) -> None:
    recorded(tmp_path)
    policy(tmp_path, 10.0)
    task = fee_task(tmp_path, fee_answers(10.0))
    # The same invoice on every row: the rows after the first replay the recipe it recorded
    # (a new invoice would stop at the recipe's guard of the constant 10.0, which the compiler
    # cannot tie to the policy it never reads).
    report = run_batch(task, [{"invoice_id": "I-1"}] * 3)
    assert FEES == [("I-1", 10.0)] * 3
    assert [r.outputs for r in report.results] == [{"fee": 10.0}] * 3
    first, *rest = report.results
    assert first.model_calls == 2 and [r.mode for r in rest] == ["recipe", "recipe"]
    assert any("changed since the recording: policy.txt" in w for w in first.warnings)


def test_recipe_test_skips_the_runs_recorded_under_the_old_brief(tmp_path: Path) -> None:
    task = recorded(tmp_path)
    first = load_trace(task.folder.trace_path.read_bytes()).run_id
    policy(tmp_path, 10.0)
    fee_task(tmp_path, fee_answers(10.0)).run(invoice_id="I-1")
    report = run_recipe_tests(task.folder)
    assert report.ok and len(report.outcomes) == 1
    assert report.skipped == [(first, "recorded under another brief (instructions, context)")]
