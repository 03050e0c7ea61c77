"""Task: definition errors, agent runs from mock responses, recipes replayed for new inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel, SecretStr

from runtime import (
    AIResponse,
    CassetteMiss,
    InputError,
    MockResponsesExhausted,
    ModelError,
    Task,
    TaskConfig,
    TaskDefinitionError,
    ToolCall,
    action,
    task,
)
from runtime.agent.messages import MESSAGES

PRICES = {"pen": 1.5, "book": 12.0, "lamp": 30.0}
SENT: list[str] = []


class Quote(BaseModel):
    item: str
    unit_price: float


@action(read_only=True)
def price_of(item: str) -> Quote:
    """Unit price of an item."""
    if item not in PRICES:
        raise KeyError(f"unknown item {item!r}")
    return Quote(item=item, unit_price=PRICES[item])


@action
def send_order(item: str, total: float) -> str:
    """Place an order; returns the order id."""
    SENT.append(f"{item}:{total}")
    return f"order-{item}-{len(SENT)}"


LOGINS: list[str] = []


@action
def login(user: str, password: SecretStr) -> str:
    """Log in."""
    LOGINS.append(password.get_secret_value())
    return f"session-for-{user}"


def order_mocks() -> list[AIResponse]:
    return [
        AIResponse(
            content="Look up the price.", tool_calls=[ToolCall("price_of", {"item": "pen"})]
        ),
        AIResponse(
            content="Multiply.",
            tool_calls=[ToolCall("compute", {"expression": "price_of_1.unit_price * quantity"})],
        ),
        AIResponse(
            tool_calls=[ToolCall("send_order", {"item": "pen", "total": {"$ref": "compute_1"}})]
        ),
        AIResponse(
            tool_calls=[
                ToolCall(
                    "finish",
                    {"order_id": {"$ref": "send_order_1"}, "total": {"$ref": "compute_1"}},
                )
            ]
        ),
    ]


def make_task(tmp_path: Path, mocks: list[AIResponse] | None = None) -> Task:
    return Task(
        "Order `quantity` units of `item` and report the order id and total.",
        name="order",
        inputs={"item": str, "quantity": int},
        outputs={"order_id": str, "total": float},
        actions=[price_of, send_order],
        mock_responses=order_mocks() if mocks is None else mocks,
        recipe_dir=tmp_path / "recipes",
    )


def test_agent_run_writes_recipe_then_replays_new_inputs(tmp_path: Path) -> None:
    order = make_task(tmp_path)
    first = order.run(item="pen", quantity=4)
    assert (first.order_id, first.total) == ("order-pen-1", 6.0)
    run = order.last_run
    assert run is not None and run.mode == "agent"
    assert run.model_calls == 4 and run.input_tokens > 0
    assert run.recipe_path is not None and run.recipe_path.is_file()
    assert run.trace_path is not None and json.loads(run.trace_path.read_text())["task"]["name"]

    again = order.run(item="book", quantity=2)
    assert again.total == 24.0 and again.order_id.startswith("order-book-")
    assert order.last_run is not None
    assert order.last_run.mode == "recipe" and order.last_run.model_calls == 0
    assert [s.action.name for s in order.last_run.steps] == ["price_of", "send_order"]
    assert len(order.task_runs) == 2


def test_call_syntax_and_positional_inputs(tmp_path: Path) -> None:
    order = make_task(tmp_path)
    assert order("pen", 2).total == 3.0


def test_input_errors_name_the_input(tmp_path: Path) -> None:
    order = make_task(tmp_path)
    with pytest.raises(InputError, match=r"missing input.*quantity"):
        order.run(item="pen")
    with pytest.raises(InputError, match=r"unknown input.*colour"):
        order.run(item="pen", quantity=1, colour="red")
    with pytest.raises(InputError, match="'quantity' should be int"):
        order.run(item="pen", quantity="lots")


def test_exhausted_mocks_name_the_turn_and_keep_the_partial_run(tmp_path: Path) -> None:
    order = make_task(tmp_path, mocks=order_mocks()[:2])
    with pytest.raises(MockResponsesExhausted) as info:
        order.run(item="pen", quantity=1)
    assert "turn 3" in str(info.value)
    assert "kept in" in str(info.value)
    assert list((tmp_path / "recipes" / "order" / "runs").glob("*.json"))
    assert not (tmp_path / "recipes" / "order" / "recipe.py").exists()


def test_tool_errors_go_back_to_the_model(tmp_path: Path) -> None:
    mocks = [
        AIResponse(tool_calls=[ToolCall("nope", {})]),
        AIResponse(tool_calls=[ToolCall("price_of", {"item": "sofa"})]),
        AIResponse(tool_calls=[ToolCall("compute", {"expression": "__import__('os')"})]),
        AIResponse(tool_calls=[ToolCall("send_order", {"item": {"$ref": "missing_1"}})]),
        *order_mocks(),
    ]
    order = make_task(tmp_path, mocks=mocks)
    assert order.run(item="pen", quantity=2).total == 3.0
    run = order.last_run
    assert run is not None
    statuses = [(s.action.name, s.status) for s in run.steps]
    assert ("price_of", "error") in statuses and ("compute", "error") in statuses
    source = run.recipe_path.read_text()  # type: ignore[union-attr]
    assert "sofa" not in source and "__import__" not in source


def test_max_turns_is_a_clear_error(tmp_path: Path) -> None:
    mocks = [AIResponse(content="thinking")] * 5
    order = Task(
        "Never finishes.",
        name="loop",
        actions=[price_of],
        config=TaskConfig(max_turns=3),
        mock_responses=mocks,
        recipe_dir=tmp_path,
    )
    with pytest.raises(ModelError, match="max_turns=3"):
        order.run()


def test_secret_inputs_never_reach_trace_or_recipe(tmp_path: Path) -> None:
    seen = LOGINS
    mocks = [
        AIResponse(
            tool_calls=[ToolCall("login", {"user": "ann", "password": {"$ref": "password"}})]
        ),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "login_1"}})]),
    ]
    t = Task(
        "Log in.",
        name="login_task",
        inputs={"user": str, "password": SecretStr},
        outputs=str,
        actions=[login],
        mock_responses=mocks,
        recipe_dir=tmp_path,
    )
    assert t.run(user="ann", password="hunter2-secret") == "session-for-ann"
    assert seen[-1] == "hunter2-secret"
    folder = tmp_path / "login_task"
    assert "hunter2-secret" not in (folder / "trace.json").read_text()
    assert "hunter2-secret" not in (folder / "recipe.py").read_text()
    assert t.run(user="bob", password="other-pass") == "session-for-bob"
    assert seen[-1] == "other-pass"


def test_definition_errors_follow_the_seed() -> None:
    with pytest.raises(ValueError, match="name and a description"):
        Task("no name")
    with pytest.raises(ValueError, match="positional argument and as a keyword"):
        Task("a", description="b", name="x")
    with pytest.raises(TaskDefinitionError, match="inputs must be a dict"):
        Task("a", name="x", inputs=[str])

    @action
    def local_action() -> int:
        """Defined in a function: a recipe could not import it."""
        return 1

    with pytest.raises(TaskDefinitionError, match="module level"):
        Task("a", name="x", actions=[local_action])


def test_task_decorator_reads_signature_and_docstring(tmp_path: Path) -> None:
    @task(
        actions=[price_of],
        recipe_dir=tmp_path,
        mock_responses=[
            AIResponse(tool_calls=[ToolCall("price_of", {"item": {"$ref": "item"}})]),
            AIResponse(
                tool_calls=[ToolCall("finish", {"result": {"$ref": "price_of_1.unit_price"}})]
            ),
        ],
    )
    def unit_price(item: str = "pen") -> float:
        """Find the unit price of an item."""
        raise NotImplementedError

    assert unit_price.name == "unit_price"
    assert unit_price.description == "Find the unit price of an item."
    assert unit_price.run() == 1.5
    assert unit_price.run(item="lamp") == 30.0
    assert unit_price.last_run is not None and unit_price.last_run.mode == "recipe"


def test_task_decorator_takes_every_option_of_task(tmp_path: Path) -> None:
    import inspect

    from runtime.tasks.decorator import TaskOptions

    # The decorator's options are Task's, but those the function itself gives.
    keyword_only = [
        p.name
        for p in inspect.signature(Task.__init__).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    assert sorted(TaskOptions.__annotations__) == sorted(set(keyword_only) - {"inputs", "outputs"})
    assert set(make_task(tmp_path).with_options()._init_args) == set(keyword_only)

    def positive(price: float) -> bool:
        return price > 0

    @task(
        actions=[price_of],
        recipe_dir=tmp_path,
        guardrail=positive,
        mock_responses=[
            AIResponse(tool_calls=[ToolCall("finish", {"result": -1.0})]),
            AIResponse(tool_calls=[ToolCall("finish", {"result": 2.0})]),
        ],
    )
    def unit_price(item: str) -> float:
        """Find the unit price of an item."""
        raise NotImplementedError

    # The guardrail turns the first answer back to the model, which answers again.
    assert unit_price.run_agent(item="pen") == 2.0
    with pytest.raises(TaskDefinitionError, match=r"unexpected arguments: inputs\. Allowed: name"):
        task(inputs={"item": str})  # type: ignore[call-overload]


def test_a_run_can_be_saved_as_a_cassette_and_replayed_as_mocks(tmp_path: Path) -> None:
    from runtime.agent.cassettes import load_cassette

    cassette = tmp_path / "order.cassette.json"
    order = make_task(tmp_path / "a").with_options(config=TaskConfig(save_cassette=cassette))
    SENT.clear()  # the order ids count the orders sent: the world starts the same both times
    order.run(item="pen", quantity=4)
    answers = load_cassette(cassette)
    assert [r.tool_calls[0].name for r in answers] == [
        "price_of", "compute", "send_order", "finish"
    ]  # fmt: skip
    again = make_task(tmp_path / "b", mocks=answers)
    SENT.clear()
    assert again.run(item="pen", quantity=4).total == 6.0
    # Another input's request was not recorded: the cassette does not answer it.
    other = make_task(tmp_path / "c", mocks=answers)
    with pytest.raises(CassetteMiss, match=r"turn 1: the cassette .*order\.cassette\.json"):
        other.run(item="book", quantity=4)


def test_request_timeout_reaches_the_openai_client(tmp_path: Path) -> None:
    order = make_task(tmp_path).with_options(
        mock_responses=None, config=TaskConfig(request_timeout_s=7.5, api_key="sk-x")
    )
    assert order.model_provider().timeout_s == 7.5  # type: ignore[attr-defined]


class ListeningModel:
    """A model client of the user's own: answers from a script and keeps what it was sent."""

    name = "listening-model"

    def __init__(self, answers: list[AIResponse]) -> None:
        self.answers = answers
        self.turns: list[int] = []

    def complete(self, messages: list[dict], tools: list[dict], *, turn: int) -> AIResponse:  # type: ignore[type-arg]
        self.turns.append(turn)
        return self.answers[len(self.turns) - 1]


def test_a_provider_of_ones_own_runs_the_agent(tmp_path: Path) -> None:
    model = ListeningModel(order_mocks())
    order = make_task(tmp_path).with_options(mock_responses=None, provider=model)
    assert order.run(item="pen", quantity=4).total == 6.0
    assert model.turns == [1, 2, 3, 4]
    run = order.last_run
    assert run.model_calls == 4 and run.trace_path is not None
    assert json.loads(run.trace_path.read_text("utf-8"))["model"] == "listening-model"


def test_provider_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(TaskDefinitionError, match="mock_responses or provider, not both"):
        make_task(tmp_path).with_options(provider=ListeningModel([]))
    with pytest.raises(TaskDefinitionError, match=r"complete.*got str"):
        make_task(tmp_path).with_options(mock_responses=None, provider="gpt-4o")


@action
def unlock(password: SecretStr) -> str:
    """Unlock the vault."""
    raise ValueError(f"password {password.get_secret_value()!r} has expired")


def test_the_model_and_progress_lines_never_see_a_secret_input(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mocks = [
        AIResponse(tool_calls=[ToolCall("unlock", {"password": {"$ref": "password"}})]),
        AIResponse(tool_calls=[ToolCall("finish", {"result": "expired"})]),
    ]
    t = Task(
        "Unlock the vault.",
        name="vault",
        inputs={"password": SecretStr},
        outputs=str,
        actions=[unlock],
        mock_responses=mocks,
        recipe_dir=tmp_path,
    )
    with caplog.at_level("INFO", logger="recipe"):
        assert t.run_agent(password="hunter2-secret") == "expired"
    assert t._mock_provider is not None
    sent = "".join(MESSAGES.dump_json(r["messages"]).decode() for r in t._mock_provider.requests)
    assert "has expired" in sent and "hunter2" not in sent  # the model never sees it either
    assert "unlock failed: ValueError: password '**********' has expired" in caplog.text
    assert "hunter2" not in caplog.text
