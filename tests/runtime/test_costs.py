"""Cost: every run reports tokens and what they cost from the price table; a replay costs 0;
`recipe show` prints the agent run's cost, each fallback's and what the replays saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime import AIResponse, Task, TaskConfig, ToolCall, action
from runtime.actions.costs import Ledger, PriceTable, default_prices
from runtime.cli import main

STOCK = {"pen": 3, "lamp": 0}


@action(read_only=True)
def stock_of(item: str) -> int:
    """How many of an item are in stock."""
    if item not in STOCK:
        raise KeyError(f"unknown item {item!r}")
    return STOCK[item]


def answers(model: str | None = None) -> list[AIResponse]:
    """An agent run in two turns, 1,000 + 2,000 tokens in and 100 + 50 out."""
    return [
        AIResponse(
            tool_calls=[ToolCall("stock_of", {"item": "pen"})],
            input_tokens=1000,
            output_tokens=100,
            model=model,
        ),
        AIResponse(
            tool_calls=[ToolCall("finish", {"result": {"$ref": "stock_of_1"}})],
            input_tokens=2000,
            output_tokens=50,
            model=model,
        ),
    ]


def stock_task(tmp_path: Path, **options: object) -> Task[int]:
    return Task(
        "How many of the item are in stock?",
        name="stock",
        inputs={"item": str},
        outputs=int,
        actions=[stock_of],
        recipe_dir=tmp_path / "recipes",
        **options,  # type: ignore[arg-type]
    )


def test_an_agent_run_reports_tokens_and_cost_priced_as_the_tasks_model(tmp_path: Path) -> None:
    task = stock_task(tmp_path, mock_responses=answers(), config=TaskConfig(model="gpt-4o"))
    assert task.run(item="pen") == 3
    run = task.last_run
    assert run is not None
    assert (run.input_tokens, run.output_tokens) == (3000, 150)
    # gpt-4o: $2.50 per million tokens in, $10 out
    assert run.cost == pytest.approx((3000 * 2.5 + 150 * 10.0) / 1e6)
    assert run.priced_as == ("gpt-4o",)
    assert "cost: $0.0090 (gpt-4o prices)" in run.report()


def test_a_replay_costs_nothing(tmp_path: Path) -> None:
    task = stock_task(tmp_path, mock_responses=answers())
    task.run(item="pen")
    assert task.run(item="lamp") == 0
    assert task.last_run is not None and task.last_run.mode == "recipe"
    assert task.last_run.cost == 0 and "cost: $0\n" in task.last_run.report()


def test_the_answering_models_own_price_and_config_overrides(tmp_path: Path) -> None:
    """An answer names its model (a dated snapshot uses its family's entry); TaskConfig(prices=)
    adds or replaces entries."""
    dated = stock_task(tmp_path, mock_responses=answers("gpt-4o-mini-2024-07-18"))
    dated.run_agent(item="pen")
    assert dated.last_run is not None and dated.last_run.priced_as == ("gpt-4o-mini",)

    mine = stock_task(
        tmp_path,
        mock_responses=answers("house-model"),
        config=TaskConfig(prices={"house-model": {"input": 1.0, "output": 2.0}}),
    )
    mine.run_agent(item="pen")
    assert mine.last_run is not None
    assert mine.last_run.cost == pytest.approx((3000 * 1.0 + 150 * 2.0) / 1e6)


def test_a_model_without_a_price_has_an_unknown_cost_and_says_what_to_do(tmp_path: Path) -> None:
    task = stock_task(tmp_path, mock_responses=answers("llama-local"))
    task.run_agent(item="pen")
    run = task.last_run
    assert run is not None and run.cost is None
    assert "cost: unknown" in run.report()
    assert any("no price for the model 'llama-local'" in w and "prices" in w for w in run.warnings)


def test_the_shipped_price_table_is_valid_and_every_entry_prices() -> None:
    table = default_prices()
    assert table.currency == "USD" and "gpt-4o-mini" in table.models
    assert table.price_of("openai/gpt-4.1-mini") == ("gpt-4.1-mini", table.models["gpt-4.1-mini"])
    assert PriceTable(models={}).price_of("gpt-4o") is None


def test_recipe_show_prints_the_agent_run_each_fallback_and_the_savings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    task = stock_task(tmp_path, mock_responses=answers(), config=TaskConfig(model="gpt-4o"))
    task.run(item="pen")
    for item in ("pen", "lamp", "pen"):
        task.run(item=item)
    # An unknown item makes the recipe's stock_of raise: the fallback answers in one turn.
    fallback = task.with_options(
        mock_responses=[
            AIResponse(
                tool_calls=[ToolCall("finish", {"result": 0})],
                input_tokens=500,
                output_tokens=10,
            )
        ],
        config=TaskConfig(model="gpt-4o", heal="never"),
    )
    assert fallback.run(item="chair") == 0
    folder = tmp_path / "recipes" / "stock"
    entries = Ledger(folder).entries()
    assert [e.mode for e in entries] == ["agent", "recipe", "recipe", "recipe", "recipe+fallback"]

    assert main(["show", str(folder)]) == 0
    shown = capsys.readouterr().out
    agent = (3000 * 2.5 + 150 * 10.0) / 1e6
    spent = (500 * 2.5 + 10 * 10.0) / 1e6
    assert "agent run: $0.0090 (2 model calls, 3000 tokens in / 150 out, gpt-4o prices)" in shown
    assert "(step 1 failed): $0.0014 (1 model calls)" in shown
    assert f"replays so far: 4 (1 with a fallback), spent ${spent:.4f}" in shown
    assert f"saved ≈ ${4 * agent - spent:.4f}" in shown


def test_a_cut_last_ledger_line_is_skipped(tmp_path: Path) -> None:
    task = stock_task(tmp_path, mock_responses=answers())
    task.run(item="pen")
    ledger = Ledger(tmp_path / "recipes" / "stock")
    with ledger.path.open("a") as handle:
        handle.write(json.dumps({"run_id": "x", "mode": "rec"})[:12])  # a crash mid-write
    assert [e.mode for e in ledger.entries()] == ["agent"]
