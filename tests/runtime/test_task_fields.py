"""The task fields users bring from the seed APIs: objective, instructions, context (with
attachments), result_type / response_format, starting_variables, model_config, task_runs,
guardrail_retries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from runtime import AIResponse, ModelError, Task, TaskConfig, TaskDefinitionError, ToolCall, action
from runtime.agent.messages import Message
from runtime.agent.providers import MockProvider

BALANCES = {"ada": 120.0, "bob": 5.5}


class Balance(BaseModel):
    owner: str
    amount: float


@action(read_only=True)
def balance_of(owner: str) -> float:
    """The owner's balance."""
    return BALANCES[owner]


def answers(owner: str = "ada") -> list[AIResponse]:
    return [
        AIResponse(tool_calls=[ToolCall("balance_of", {"owner": owner})]),
        AIResponse(
            tool_calls=[
                ToolCall("finish", {"result": {"owner": owner, "amount": {"$ref": "balance_of_1"}}})
            ]
        ),
    ]


def balance_task(tmp_path: Path, mocks: list[AIResponse] | None = None, **fields: Any) -> Task[Any]:
    fields.setdefault("objective", "Report the owner's balance.")
    return Task(
        name="balance",
        actions=[balance_of],
        recipe_dir=tmp_path / "recipes",
        mock_responses=mocks,
        **fields,
    )


def sent(task: Task[Any], request: int = 0) -> list[Message]:
    provider = task._mock_provider
    assert isinstance(provider, MockProvider)
    return provider.requests[request]["messages"]  # type: ignore[no-any-return]


def test_objective_and_response_format_in_an_agent_run_and_a_replay(tmp_path: Path) -> None:
    task = balance_task(tmp_path, answers(), inputs={"owner": str}, response_format=Balance)
    assert task.description == task.objective == "Report the owner's balance."
    first = task.run(owner="ada")
    assert first == Balance(owner="ada", amount=120.0)
    again = task.run(owner="bob")  # the recipe
    assert isinstance(again, Balance) and again.amount == 5.5
    assert [r.mode for r in task.task_runs] == ["agent", "recipe"]


def test_result_type_is_the_outputs_too(tmp_path: Path) -> None:
    task = balance_task(tmp_path, answers(), inputs={"owner": str}, result_type=Balance)
    assert task.run(owner="ada").owner == "ada"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": "x", "objective": "y"}, "description or its objective"),
        ({"outputs": int, "result_type": int}, "outputs and result_type"),
        ({"result_type": int, "response_format": int}, "result_type and response_format"),
        ({"inputs": {"a": int}, "starting_variables": {"a": 1}}, "mutually exclusive"),
        ({"starting_variables": [1, 2]}, "dict of name to value"),
        ({"model_config": {"temperature": 0}}, "temperature not supported"),
        ({"guardrail_retries": -1}, "guardrail_retries must be an integer"),
    ],
)
def test_seed_fields_that_clash_say_which(fields: dict[str, Any], message: str) -> None:
    fields.setdefault("name", "x")
    if "description" not in fields:
        fields["objective"] = "x"
    with pytest.raises(TaskDefinitionError, match=message):
        Task(**fields)


def test_starting_variables_are_inputs_by_example(tmp_path: Path) -> None:
    task = balance_task(
        tmp_path, answers(), starting_variables={"owner": "ada"}, response_format=Balance
    )
    assert task.input_types == {"owner": str} and task.default_inputs == {"owner": "ada"}
    assert task.run().amount == 120.0
    assert task.run(owner="bob").amount == 5.5  # the recipe takes the input as a parameter
    recipe = (tmp_path / "recipes" / "balance" / "recipe.py").read_text()
    assert "def balance(owner: str" in recipe


def test_model_config_sets_the_model(tmp_path: Path) -> None:
    task = balance_task(
        tmp_path,
        answers(),
        inputs={"owner": str},
        outputs=Balance,
        config=TaskConfig(max_turns=5),
        model_config={"model_name": "gpt-4o", "timeout": 9},
    )
    assert (task.config.model, task.config.request_timeout_s, task.config.max_turns) == (
        "gpt-4o",
        9,
        5,
    )
    task.run(owner="ada")
    assert task.last_run is not None and task.last_run.priced_as == ("gpt-4o",)
    assert task.with_options(recipe_dir=tmp_path / "other").config.model == "gpt-4o"


def test_instructions_context_and_attachments_reach_the_model(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "policy").mkdir(parents=True)
    (docs / "terms.md").write_text("Balances are in EUR.")
    (docs / "policy" / "rounding.txt").write_text("Round to cents.")
    (docs / "logo.png").write_bytes(b"\x89PNG\x00\x00binary")
    (docs / ".hidden").write_text("never shown")
    task = balance_task(
        tmp_path,
        answers(),
        inputs={"owner": str},
        outputs=Balance,
        instructions="Never guess a balance.",
        context={"bank": "Northwind", "files": [str(docs)]},
    )
    task.run(owner="ada")
    system = sent(task)[0].content
    assert "Instructions for this task:\nNever guess a balance." in system
    assert '"bank": "Northwind"' in system and str(docs) not in system.split("Attached")[0]
    assert "terms.md (20 bytes)\nBalances are in EUR." in system
    assert "rounding.txt (15 bytes)\nRound to cents." in system
    assert "logo.png (12 bytes): binary, not shown" in system
    assert "never shown" not in system
    # A task without them sends the same prompt as before.
    plain = balance_task(tmp_path / "plain", answers(), inputs={"owner": str}, outputs=Balance)
    plain.run(owner="ada")
    assert "Instructions for this task" not in (sent(plain)[0].content or "")


def rich_enough(balance: Balance) -> bool:
    return balance.amount > 100


def finish_with(amount: float) -> AIResponse:
    return AIResponse(
        tool_calls=[ToolCall("finish", {"result": {"owner": "ada", "amount": amount}})]
    )


def test_guardrail_retries_tell_the_model_why_then_give_up(tmp_path: Path) -> None:
    retried = balance_task(
        tmp_path,
        [finish_with(1), finish_with(2), finish_with(120)],
        inputs={"owner": str},
        outputs=Balance,
        guardrail=rich_enough,
        guardrail_retries=2,
    )
    assert retried.run(owner="ada").amount == 120
    told = sent(retried, 1)[-1].content
    assert "the guardrail rich_enough rejected the outputs" in told

    strict = balance_task(
        tmp_path / "strict",
        [finish_with(1), finish_with(2), finish_with(120)],
        inputs={"owner": str},
        outputs=Balance,
        guardrail=rich_enough,
        guardrail_retries=1,
    )
    with pytest.raises(ModelError) as info:
        strict.run(owner="ada")
    message = str(info.value)
    assert "rejected the model's outputs 2 times (guardrail_retries=1)" in message
    assert "The run so far is kept in" in message


def test_a_replay_whose_outputs_fail_the_guardrail_falls_back(tmp_path: Path) -> None:
    balance_task(
        tmp_path, answers(), inputs={"owner": str}, outputs=Balance, guardrail=rich_enough
    ).run(owner="ada")
    task = balance_task(
        tmp_path,
        [finish_with(150.0)],
        inputs={"owner": str},
        outputs=Balance,
        guardrail=rich_enough,
        guardrail_retries=0,
        config=TaskConfig(heal="never"),
    )
    assert task.run(owner="bob").amount == 150.0  # bob's 5.5 failed the guardrail
    run = task.last_run
    assert run is not None and run.mode == "recipe+fallback"
    assert "rejected" in (run.failure or "")
