"""A failing recipe step hands only the rest of the task to the agent, then the recipe heals
without losing hand edits."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from runtime import (
    AIResponse,
    FallbackError,
    RecipeError,
    Task,
    TaskConfig,
    ToolCall,
    action,
)
from runtime.agent import prompting
from runtime.agent.providers import MockProvider
from runtime.run.fallback import remaining_steps

STATE = {"require_carrier": False}
STOCK = {"pen": 40, "lamp": 3}


@action(read_only=True)
def get_stock(item: str) -> int:
    """Units in stock."""
    return STOCK[item]


@action
def reserve(item: str, quantity: int) -> str:
    """Reserve units; returns the reservation id."""
    return f"R-{item}-{quantity}"


@action
def ship(reservation: str, address: str, carrier: str | None = None) -> str:
    """Ship a reservation; returns the tracking number."""
    if STATE["require_carrier"] and carrier is None:
        raise ValueError("the shipping service now requires a carrier")
    return f"T-{reservation}-{carrier or 'std'}"


@pytest.fixture(autouse=True)
def _reset() -> None:
    STATE["require_carrier"] = False


def agent_mocks() -> list[AIResponse]:
    return [
        AIResponse(content="Check stock.", tool_calls=[ToolCall("get_stock", {"item": "pen"})]),
        AIResponse(
            content="Reserve what was asked.",
            tool_calls=[ToolCall("reserve", {"item": "pen", "quantity": {"$ref": "quantity"}})],
        ),
        AIResponse(
            content="Ship it.",
            tool_calls=[
                ToolCall(
                    "ship", {"reservation": {"$ref": "reserve_1"}, "address": {"$ref": "address"}}
                )
            ],
        ),
        AIResponse(tool_calls=[ToolCall("compute", {"expression": "get_stock_1 - quantity"})]),
        AIResponse(
            tool_calls=[
                ToolCall(
                    "finish", {"tracking": {"$ref": "ship_1"}, "remaining": {"$ref": "compute_1"}}
                )
            ]
        ),
    ]


def fallback_mocks() -> list[AIResponse]:
    """What the agent does when `ship` fails: retry with a carrier, compute, finish."""
    return [
        AIResponse(
            content="The service needs a carrier now; use DHL.",
            tool_calls=[
                ToolCall(
                    "ship",
                    {
                        "reservation": {"$ref": "reservation"},
                        "address": {"$ref": "address"},
                        "carrier": "DHL",
                    },
                )
            ],
        ),
        AIResponse(tool_calls=[ToolCall("compute", {"expression": "stock - quantity"})]),
        AIResponse(
            tool_calls=[
                ToolCall(
                    "finish", {"tracking": {"$ref": "ship_1"}, "remaining": {"$ref": "compute_1"}}
                )
            ]
        ),
    ]


def make_task(tmp_path: Path, mocks: list[AIResponse], **config: object) -> Task:
    return Task(
        "Reserve `quantity` units of `item` and ship them to `address`.",
        name="ship_order",
        inputs={"item": str, "quantity": int, "address": str},
        outputs={"tracking": str, "remaining": int},
        actions=[get_stock, reserve, ship],
        config=TaskConfig(**config),  # type: ignore[arg-type]
        mock_responses=mocks,
        recipe_dir=tmp_path / "recipes",
    )


def record(tmp_path: Path) -> Path:
    make_task(tmp_path, agent_mocks()).run(item="pen", quantity=2, address="Main St 1")
    return tmp_path / "recipes" / "ship_order" / "recipe.py"


def test_fallback_finishes_from_the_failed_step_and_heals(tmp_path: Path) -> None:
    recipe = record(tmp_path)
    STATE["require_carrier"] = True
    task = make_task(tmp_path, fallback_mocks())
    out = task.run(item="lamp", quantity=1, address="Elm St 9")
    assert (out.tracking, out.remaining) == ("T-R-lamp-1-DHL", 2)
    run = task.last_run
    assert run is not None and run.mode == "recipe+fallback"
    assert run.failed_step == 3 and "ship" in (run.failure or "")
    assert run.model_calls == 3 and run.healed
    assert run.history_path is not None and (run.history_path / "recipe.py").is_file()
    healed = recipe.read_text()
    assert 'carrier="DHL"' in healed
    # the prefix still generalizes: the healed recipe replays new inputs with no model
    again = make_task(tmp_path, [])
    out2 = again.run(item="pen", quantity=5, address="Oak St 3")
    assert (out2.tracking, out2.remaining) == ("T-R-pen-5-DHL", 35)
    assert again.last_run is not None and again.last_run.model_calls == 0


def test_hand_edits_survive_healing(tmp_path: Path) -> None:
    recipe = record(tmp_path)
    source = recipe.read_text()
    stock_var = "stock"
    assert f"    {stock_var} = get_stock(" in source
    edited = source.replace(
        "from pydantic import BaseModel",
        "import logging\n\nfrom pydantic import BaseModel\n\n"
        "log = logging.getLogger(__name__)\n\n\n"
        "def shout(text: str) -> str:\n    return text.upper()",
    )
    # a renamed variable, used after the failure too
    edited = edited.replace(f"    {stock_var} = ", "    in_stock = ").replace(
        f"{stock_var} - quantity", "in_stock - quantity"
    )
    lines = edited.splitlines()
    first_call = next(i for i, line in enumerate(lines) if "in_stock = get_stock(" in line)
    lines.insert(first_call, "    # Hand-written: stock is checked first.")
    lines.insert(first_call + 2, '    log.info("stock %s", shout(item))')
    edited = "\n".join(lines) + "\n"
    recipe.write_text(edited)

    STATE["require_carrier"] = True
    task = make_task(
        tmp_path,
        [
            AIResponse(
                tool_calls=[
                    ToolCall(
                        "ship",
                        {
                            "reservation": {"$ref": "reservation"},
                            "address": {"$ref": "address"},
                            "carrier": "UPS",
                        },
                    )
                ]
            ),
            AIResponse(tool_calls=[ToolCall("compute", {"expression": "in_stock - quantity"})]),
            AIResponse(
                tool_calls=[
                    ToolCall(
                        "finish",
                        {"tracking": {"$ref": "ship_1"}, "remaining": {"$ref": "compute_1"}},
                    )
                ]
            ),
        ],
    )
    out = task.run(item="pen", quantity=1, address="x")
    assert out.remaining == 39
    healed = recipe.read_text()
    for kept in (
        "import logging",
        "log = logging.getLogger(__name__)",
        "def shout(text: str) -> str:",
        "# Hand-written: stock is checked first.",
        'log.info("stock %s", shout(item))',
        "in_stock = get_stock(",
        'carrier="UPS"',
        "in_stock - quantity",
    ):
        assert kept in healed, kept
    # the part before the failure is byte-identical
    prefix = edited[
        : edited.index("    tracking = ship(") if "    tracking = ship(" in edited else 0
    ]
    # (but for the import of the bridge's check on the exception's message)
    unchecked = healed.replace("from runtime.expect import refused_as_recorded\n", "")
    assert prefix and unchecked.startswith(prefix.split("def ship_order")[0])
    assert make_task(tmp_path, []).run(item="pen", quantity=2, address="y").remaining == 38


def test_on_failure_raise_leaves_everything_untouched(tmp_path: Path) -> None:
    recipe = record(tmp_path)
    before = recipe.read_text()
    STATE["require_carrier"] = True
    task = make_task(tmp_path, fallback_mocks(), on_failure="raise")
    with pytest.raises(RecipeError, match=r"step 3 of the recipe: ship\(.*requires a carrier"):
        task.run(item="pen", quantity=1, address="x")
    assert recipe.read_text() == before


def test_failing_fallback_is_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    recipe = record(tmp_path)
    trace = recipe.with_name("trace.json")
    before = (recipe.read_text(), trace.read_text())
    STATE["require_carrier"] = True
    task = make_task(tmp_path, fallback_mocks()[:1])  # runs out after one answer
    with pytest.raises(FallbackError) as info:
        task.run(item="pen", quantity=1, address="x")
    text = str(info.value)
    assert "step 3" in text and "requires a carrier" in text
    assert "MockResponsesExhausted" in text and "kept in" in text
    assert (recipe.read_text(), trace.read_text()) == before


def test_guardrail_rejection_falls_back_to_finish(tmp_path: Path) -> None:
    record(tmp_path)

    def tracking_is_express(outputs: object) -> bool:
        return str(getattr(outputs, "tracking", "")).endswith("-EXP")

    task = make_task(
        tmp_path,
        [
            AIResponse(
                tool_calls=[
                    ToolCall(
                        "ship",
                        {
                            "reservation": {"$ref": "reservation"},
                            "address": {"$ref": "address"},
                            "carrier": "EXP",
                        },
                    )
                ]
            ),
            AIResponse(
                tool_calls=[
                    ToolCall(
                        "finish",
                        {"tracking": {"$ref": "ship_1"}, "remaining": {"$ref": "remaining"}},
                    )
                ]
            ),
        ],
    ).with_options(guardrail=tracking_is_express)
    out = task.run(item="pen", quantity=1, address="x")
    assert out.tracking.endswith("-EXP")
    assert task.last_run is not None and "rejected" in (task.last_run.failure or "")
    # the failed step is the recipe's `return`: the hint is that statement alone
    hint = recipe_hint_in(fallback_prompt(task))
    assert len(hint) == 1 and hint[0].startswith("return ShipOrderOutputs(tracking=")


def test_heal_ask_without_terminal_keeps_a_proposal_for_recipe_heal(tmp_path: Path) -> None:
    recipe = record(tmp_path)
    before = recipe.read_text()
    STATE["require_carrier"] = True
    task = make_task(tmp_path, fallback_mocks(), heal="ask")
    task.run(item="pen", quantity=1, address="x")
    assert recipe.read_text() == before
    assert task.last_run is not None and task.last_run.heal_proposal_path is not None

    folder = str(recipe.parent)
    cli = [sys.executable, "-m", "runtime.cli"]
    dry = subprocess.run([*cli, "heal", folder, "--dry-run"], capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "+    ship_1 = ship(" in dry.stdout or 'carrier="DHL"' in dry.stdout
    assert recipe.read_text() == before
    applied = subprocess.run([*cli, "heal", folder], capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert 'carrier="DHL"' in recipe.read_text()
    diff = subprocess.run([*cli, "diff", folder], capture_output=True, text=True)
    assert diff.returncode == 0 and 'carrier="DHL"' in diff.stdout


def test_fallback_tokens_grow_with_the_remaining_work(tmp_path: Path) -> None:
    record(tmp_path)
    full = make_task(tmp_path / "full", agent_mocks())
    full.run(item="pen", quantity=2, address="a")
    assert full.last_run is not None
    STATE["require_carrier"] = True
    late = make_task(tmp_path, fallback_mocks())
    late.run(item="pen", quantity=2, address="a")
    assert late.last_run is not None
    assert late.last_run.input_tokens < full.last_run.input_tokens
    assert late.last_run.model_calls < full.last_run.model_calls


def fallback_prompt(task: Task) -> str:  # type: ignore[type-arg]
    """The first message the fallback agent read."""
    provider = task.model_provider()
    assert isinstance(provider, MockProvider)
    return str(provider.requests[0]["messages"][1].content)


def recipe_hint_in(prompt: str) -> list[str]:
    """The lines of the recipe hint in a fallback prompt."""
    return prompt.split("```python\n", 1)[1].split("\n```", 1)[0].splitlines()


def test_fallback_hint_is_the_recipe_from_the_failed_step_not_the_steps_that_ran(
    tmp_path: Path,
) -> None:
    record(tmp_path)
    STATE["require_carrier"] = True
    task = make_task(tmp_path, fallback_mocks())
    task.run(item="lamp", quantity=1, address="Elm St 9")
    prompt = fallback_prompt(task)
    hint = recipe_hint_in(prompt)
    # the failed call first, then every statement after it, one line each
    assert "= ship(reservation=" in hint[0] and "address=address)" in hint[0]
    assert any(line.endswith(" - quantity") for line in hint)
    assert hint[-1].startswith("return ShipOrderOutputs(")
    # compact: no comments (the agent's reasons), no docstring, no header, no indentation
    assert not any(line.startswith(("#", " ")) or '"""' in line for line in hint)
    # the steps that already ran are not repeated; their results are listed as variables
    assert "get_stock(" not in prompt  # a lookup that ran: its result is a variable
    # A change that ran is named once, so the agent does not make it again.
    assert prompt.count("reserve(") == 1
    assert "already made (never repeat them):\nreserve(item='lamp', quantity=1)\n" in prompt
    assert "= 3\n" in prompt and "= 'R-lamp-1'\n" in prompt


def test_fallback_hint_is_capped_and_says_how_much_it_left_out() -> None:
    statements = [f"stage_{i} = stage(i={i}, value=stage_{i - 1})" for i in range(1, 201)]
    hint = prompting.recipe_hint(statements, max_chars=400).splitlines()
    shown = hint[:-1]
    assert shown == statements[: len(shown)] and len("\n".join(shown)) <= 400
    assert hint[-1] == f"# … {200 - len(shown)} more statements to the end"
    # the failed statement is always shown, cut when it alone is over the limit
    long_one = "total = " + " + ".join(f"x_{i}" for i in range(200))
    assert prompting.recipe_hint([long_one], max_chars=100).splitlines() == [
        long_one[:100],
        "# … (cut)",
    ]


SHOP_RECIPE = (Path(__file__).resolve().parents[2] / "recipes" / "shop" / "recipe.py").read_text(
    encoding="utf-8"
)
"""The committed browser recipe: several locators per element, several selectors per field."""


def shop_hint(failed_line: str) -> list[str]:
    """The recipe hint a fallback of :data:`SHOP_RECIPE` reads when ``failed_line`` fails."""
    line = next(i for i, text in enumerate(SHOP_RECIPE.splitlines(), 1) if failed_line in text)
    remaining = remaining_steps(SHOP_RECIPE, "shop", line)
    return recipe_hint_in(prompting.fallback_message("Shop.", {}, "a step", remaining))


def test_fallback_hint_shows_a_find_by_its_first_locator_only() -> None:
    # A generated recipe shows one locator per element (the others are in locators.json)...
    hint = shop_hint('name="Search"')
    assert hint[0] == "click(target=find(page.get_by_role('button', name='Search')))"
    assert "search-button" not in "\n".join(hint)
    # ...and a hand-written find() of several is shown by its first.
    several = "def f():\n    click(target=find(page.get_by_role('button'), page.locator('#go')))"
    assert remaining_steps(several, "f", 2) == [
        "click(target=find(page.get_by_role('button'), ...))"
    ]
    # the hint is still Python; a find() of one locator, a keyword and str.find stay whole
    for line in hint:
        ast.parse(line)
    source = "def f():\n    x = find(page.locator('#a'), description='A')\n    y = s.find('a', 3)"
    assert remaining_steps(source, "f", 2) == [
        "x = find(page.locator('#a'), description='A')",
        "y = s.find('a', 3)",
    ]


def test_fallback_hint_shows_each_extract_list_field_by_its_first_selector() -> None:
    (extract,) = [line for line in shop_hint("rows = extract_list(") if "extract_list(" in line]
    assert extract == (
        "rows = extract_list(target=find(page.get_by_role('list', name='Products')), "
        "fields={'name': {'selectors': ['role=link']}, "
        "'price': {'selectors': ['[data-testid=\"price\"]'], 'type': 'number'}, "
        "'url': {'selectors': ['role=link'], 'type': 'url'}}, "
        "rows=['role=listitem'])"
    )
    several = (
        "def f():\n    rows = extract_list(target=find(page.locator('ul')), "
        "fields={'name': {'selectors': ['a', 'b']}}, rows=['li', 'div'])"
    )
    assert remaining_steps(several, "f", 2) == [
        "rows = extract_list(target=find(page.locator('ul')), "
        "fields={'name': {'selectors': ['a', ...]}}, rows=['li', ...])"
    ]


def test_a_browser_recipe_failing_at_its_first_step_shows_every_remaining_step() -> None:
    hint = shop_hint("navigate(url=shop_url)")
    # all 11 statements from the failed one on, in full (one locator per element)
    assert len(hint) == 11 and not any(line.startswith("#") for line in hint)
    assert hint[0] == "navigate(url=shop_url)"
    assert hint[-1] == "return ShopOutputs(name=row.name, price=row.price)"
    assert len("\n".join(hint)) <= prompting.FALLBACK_HINT_CHARS
    (fn,) = [f for f in ast.parse(SHOP_RECIPE).body if isinstance(f, ast.FunctionDef)]
    in_full = [ast.unparse(stmt) for stmt in fn.body[2:]]  # after the docstring and `page =`
    assert prompting.recipe_hint(in_full).splitlines() == in_full == hint


def test_fallback_lists_long_lists_by_their_first_item_and_count() -> None:
    listing = prompting.variables_message(
        {"ids": [f"INV-{i:04}" for i in range(100)], "pair": ("a", "b")}, var_limit=60
    )
    assert listing == "- ids = ['INV-0000', … 99 more]\n- pair = ('a', 'b')"
