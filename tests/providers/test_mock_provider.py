"""MockProvider: scripted answers in order, token estimates, and a helpful error when out."""

from __future__ import annotations

import pickle
import sys
import threading
from typing import Any

import pytest

from runtime.agent.messages import (
    Message,
    SystemMessage,
    ToolResultMessage,
    UserMessage,
    openai_messages,
)
from runtime.agent.providers import (
    AIResponse,
    MockProvider,
    ModelProvider,
    ToolCall,
    estimate_tokens,
)
from runtime.errors import MockResponsesExhausted, ModelError

TOOLS: list[dict[str, Any]] = [
    {"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}
]


def _conversation(turns: int) -> list[Message]:
    messages: list[Message] = [
        SystemMessage(content="You are an agent."),
        UserMessage(content="Find the cheapest flight."),
    ]
    for turn in range(turns):
        call = ToolCall("search", {"page": turn}, f"call_{turn}_0")
        messages.append(AIResponse(tool_calls=[call]).assistant_message())
        messages.append(ToolResultMessage(tool_call_id=call.id, content="x" * 200))
    return messages


def test_returns_responses_in_order() -> None:
    first, second = AIResponse(tool_calls=[ToolCall("search", {"q": "a"})]), AIResponse(
        content="ok"
    )
    mock = MockProvider([first, second], task_name="flights")
    assert isinstance(mock, ModelProvider)
    assert (mock.used, mock.remaining) == (0, 2)
    assert mock.complete(_conversation(0), TOOLS, turn=0).tool_calls == first.tool_calls
    assert mock.complete(_conversation(1), TOOLS, turn=1).content == "ok"
    assert (mock.used, mock.remaining) == (2, 0)
    assert [request["turn"] for request in mock.requests] == [0, 1]
    assert mock.requests[1]["messages"] == _conversation(1)  # the typed messages it was sent


def test_fills_missing_token_counts_with_estimates_and_keeps_given_ones() -> None:
    mock = MockProvider(
        [AIResponse(content="a"), AIResponse(content="b", input_tokens=7, output_tokens=3)]
    )
    messages = _conversation(1)
    estimated = mock.complete(messages, TOOLS, turn=0)
    # estimated on the chat format a real request sends (the numbers reports always showed)
    assert estimated.input_tokens == estimate_tokens([*openai_messages(messages), *TOOLS])
    assert estimated.output_tokens == estimate_tokens(AIResponse(content="a").to_message())
    given = mock.complete(messages, TOOLS, turn=1)
    assert (given.input_tokens, given.output_tokens) == (7, 3)


def test_estimates_grow_with_what_is_actually_sent() -> None:
    # A fallback from a late step sends a short conversation; a whole run sends long ones.
    mock = MockProvider([AIResponse(content="x")] * 3)
    sizes = [mock.complete(_conversation(n), TOOLS, turn=n).input_tokens for n in (0, 3, 6)]
    assert sizes[0] is not None and sizes[0] < sizes[1] < sizes[2]  # type: ignore[operator]


def test_estimate_tokens_is_deterministic_and_rounds_up() -> None:
    assert estimate_tokens("") == 1  # '""' is two characters
    assert estimate_tokens("abcdef") == 2  # '"abcdef"' is eight characters
    assert estimate_tokens({"b": 1, "a": 2}) == estimate_tokens({"a": 2, "b": 1})


def test_exhausted_mocks_say_which_task_which_turn_and_what_to_do() -> None:
    mock = MockProvider([AIResponse(content="only one")], task_name="invoices")
    mock.complete(_conversation(0), TOOLS, turn=0)
    with pytest.raises(MockResponsesExhausted) as info:
        mock.complete(_conversation(1), TOOLS, turn=1)
    message = str(info.value)
    assert "'invoices'" in message
    assert "turn 1" in message
    assert "held 1 response " in message
    assert "add responses to mock_responses" in message
    assert "re-record the cassette with OPENAI_API_KEY set" in message
    assert isinstance(info.value, ModelError)


def test_empty_mock_list_is_exhausted_at_turn_zero() -> None:
    with pytest.raises(MockResponsesExhausted, match=r"turn 0.*held 0 responses"):
        MockProvider([]).complete([], [], turn=0)


def test_accepts_dicts_and_strings_and_names_a_bad_entry() -> None:
    mock = MockProvider([{"tool_calls": [{"name": "finish", "arguments": "{}"}]}, "plain text"])
    assert mock.complete([], [], turn=0).tool_calls == [ToolCall("finish")]
    assert mock.complete([], [], turn=1).content == "plain text"
    with pytest.raises(ModelError, match=r"mock_responses\[1\].*tool_calls"):
        MockProvider([AIResponse(), {"tool_calls": "nope"}])
    with pytest.raises(ModelError, match=r"mock_responses\[0\] has type int"):
        MockProvider([42])  # type: ignore[list-item]


def test_runs_on_several_threads_take_each_answer_once() -> None:
    answers = [AIResponse(content=f"answer {i}") for i in range(4000)]
    provider = MockProvider(answers)
    taken: list[str] = []
    barrier = threading.Barrier(4)

    def run() -> None:
        barrier.wait()
        for _ in range(1000):
            taken.append(provider.complete(_conversation(0), TOOLS, turn=1).content or "")

    threads = [threading.Thread(target=run) for _ in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # (threads switch often: a race shows)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert sorted(taken) == sorted(f"answer {i}" for i in range(4000))
    assert provider.remaining == 0 and len(provider.requests) == 4000


def test_a_copy_takes_the_script_and_its_place() -> None:
    provider = MockProvider([AIResponse(content="one"), AIResponse(content="two")])
    provider.complete(_conversation(0), TOOLS, turn=1)
    copied = pickle.loads(pickle.dumps(provider))
    assert copied.remaining == 1
    assert copied.complete(_conversation(0), TOOLS, turn=1).content == "two"
    assert provider.remaining == 1  # (the original keeps its own place)
