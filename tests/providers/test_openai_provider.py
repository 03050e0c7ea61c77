"""OpenAIProvider with the real openai client against the loopback FakeOpenAIServer."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from runtime.agent import providers
from runtime.agent.messages import Message, SystemMessage, ToolResultMessage, UserMessage
from runtime.agent.providers import (
    AIResponse,
    OpenAIProvider,
    ToolCall,
    allow_model_requests,
    provider_from_env,
)
from runtime.errors import ModelError
from runtime.testing import FakeHTTPError, FakeOpenAIServer

KEY = "sk-test-0123456789-secret"
MESSAGES: list[Message] = [
    SystemMessage(content="You are an agent."),
    UserMessage(content="Find the cheapest flight to Oslo."),
]
TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "search",
            "description": "Search flights.",
            "parameters": {"type": "object", "properties": {"to": {"type": "string"}}},
        },
    }
]


def _provider(server: FakeOpenAIServer, **kwargs: Any) -> OpenAIProvider:
    options: dict[str, Any] = {"model": "gpt-test", "api_key": KEY, "max_retries": 0}
    return OpenAIProvider(base_url=server.base_url, **(options | kwargs))


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_tool_calls_content_and_usage_come_back() -> None:
    scripted = [
        AIResponse(
            content="Searching.",
            tool_calls=[ToolCall("search", {"to": "OSL"}, "call_a"), ToolCall("search", '{"to": ')],
            input_tokens=321,
            output_tokens=12,
        ),
        AIResponse(content="The cheapest is 99 EUR.", model="gpt-test-2024"),
    ]
    with FakeOpenAIServer(scripted, expected_api_key=KEY) as server, allow_model_requests():
        provider = _provider(server)
        first = provider.complete(MESSAGES, TOOLS, turn=0)
        second = provider.complete([*MESSAGES, first.assistant_message()], [], turn=1)

    assert first.content == "Searching."
    assert first.tool_calls[0] == ToolCall("search", {"to": "OSL"}, "call_a")
    assert first.tool_calls[1].name == "search"
    assert first.tool_calls[1].raw_arguments == '{"to": '
    assert first.tool_calls[1].id == "call_0_1"
    assert (first.input_tokens, first.output_tokens) == (321, 12)
    assert first.latency_s is not None and first.latency_s >= 0
    assert first.model == "gpt-test"
    assert second.content == "The cheapest is 99 EUR."
    assert second.tool_calls == []
    assert second.model == "gpt-test-2024"
    assert second.input_tokens and second.output_tokens  # estimated by the server


def test_the_server_sees_model_messages_and_tools() -> None:
    scripted = [AIResponse(content="a"), AIResponse(content="b")]
    with FakeOpenAIServer(scripted) as server, allow_model_requests():
        provider = _provider(server)
        provider.complete(MESSAGES, TOOLS, turn=0)
        provider.complete(MESSAGES, [], turn=1)
    with_tools, without_tools = server.requests
    assert with_tools["model"] == "gpt-test"
    assert with_tools["messages"] == [
        {"role": "system", "content": "You are an agent."},
        {"role": "user", "content": "Find the cheapest flight to Oslo."},
    ]
    assert with_tools["tools"] == TOOLS
    assert with_tools["tool_choice"] == "auto"
    assert "tools" not in without_tools and "tool_choice" not in without_tools


def test_typed_messages_reach_the_server_in_the_openai_chat_format() -> None:
    """The SDK gets the chat format at the boundary: roles, tool calls with ids and their
    arguments as JSON text, tool results tied to their call."""
    scripted = [
        AIResponse(content="Looking.", tool_calls=[ToolCall("search", {"to": "OSL"}, "call_a")]),
        AIResponse(content="done"),
    ]
    with FakeOpenAIServer(scripted, expected_api_key=KEY) as server, allow_model_requests():
        provider = _provider(server)
        first = provider.complete(MESSAGES, TOOLS, turn=1)
        result = ToolResultMessage(tool_call_id="call_a", content="Stored as `search_1`")
        provider.complete([*MESSAGES, first.assistant_message(), result], TOOLS, turn=2)
    assert server.requests[1]["messages"][2:] == [
        {
            "role": "assistant",
            "content": "Looking.",
            "tool_calls": [
                {
                    "id": "call_a",
                    "type": "function",
                    "function": {"name": "search", "arguments": '{"to": "OSL"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_a", "content": "Stored as `search_1`"},
    ]


def test_a_chat_dict_instead_of_a_message_is_a_clear_error() -> None:
    with (
        allow_model_requests(),
        pytest.raises(TypeError, match=r"not dict .*UserMessage\(content=\.\.\.\)"),
    ):  # converted before any request is sent
        OpenAIProvider(model="m", base_url="http://127.0.0.1:9/v1", api_key=KEY).complete(
            [{"role": "user", "content": "hi"}], [], turn=1  # type: ignore[list-item]
        )


def test_server_error_becomes_model_error() -> None:
    with (
        FakeOpenAIServer([FakeHTTPError(503, "The engine is overloaded.")]) as server,
        allow_model_requests(),
        pytest.raises(ModelError) as info,
    ):
        _provider(server).complete(MESSAGES, TOOLS, turn=4)
    message = str(info.value)
    assert "HTTP 503" in message
    assert server.base_url in message
    assert "The engine is overloaded" in message
    assert "turn 4" in message
    assert "retry later" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_exhausted_fake_server_is_a_500_that_is_not_retried() -> None:
    with (
        FakeOpenAIServer([]) as server,
        allow_model_requests(),
        pytest.raises(ModelError, match=r"HTTP 500.*no response left"),
    ):
        _provider(server, max_retries=2).complete(MESSAGES, [], turn=0)
    assert len(server.requests) == 1


def test_a_failed_request_is_retried() -> None:
    scripted = [FakeHTTPError(500), AIResponse(content="second try")]
    with FakeOpenAIServer(scripted) as server, allow_model_requests():
        response = _provider(server, max_retries=1).complete(MESSAGES, [], turn=0)
    assert response.content == "second try"
    assert len(server.requests) == 2


def test_wrong_api_key_is_a_401_that_never_shows_the_key() -> None:
    with (
        FakeOpenAIServer([AIResponse(content="x")], expected_api_key="sk-right") as server,
        allow_model_requests(),
        pytest.raises(ModelError) as info,
    ):
        _provider(server).complete(MESSAGES, [], turn=0)
    message = str(info.value)
    assert "HTTP 401" in message
    assert "OPENAI_API_KEY" in message
    assert KEY not in message and KEY not in repr(info.value)
    assert server.remaining == 1


def test_unreachable_server() -> None:
    base_url = f"http://127.0.0.1:{_unused_port()}/v1"
    provider = OpenAIProvider(model="gpt-test", base_url=base_url, api_key=KEY, max_retries=0)
    with allow_model_requests(), pytest.raises(ModelError) as info:
        provider.complete(MESSAGES, [], turn=2)
    message = str(info.value)
    assert message.startswith(f"Could not connect to the model API at {base_url}")
    assert "OPENAI_BASE_URL" in message
    assert KEY not in message
    assert info.value.__cause__ is None


def test_timeout() -> None:
    with FakeOpenAIServer([AIResponse(content="late")], default_latency_s=5) as server:
        provider = _provider(server, timeout_s=0.2)
        with allow_model_requests(), pytest.raises(ModelError, match=r"No answer .* within 0\.2s"):
            provider.complete(MESSAGES, [], turn=0)


def test_switched_off_no_request_reaches_the_server() -> None:
    assert providers.ALLOW_MODEL_REQUESTS is False  # set by conftest
    with FakeOpenAIServer([AIResponse(content="x")]) as server:
        with pytest.raises(ModelError, match=r"ALLOW_MODEL_REQUESTS is False.*mock_responses"):
            _provider(server).complete(MESSAGES, [], turn=0)
        with allow_model_requests(False), pytest.raises(ModelError, match="switched off"):
            _provider(server).complete(MESSAGES, [], turn=0)
    assert server.requests == []


def test_allow_model_requests_restores_the_switch() -> None:
    with allow_model_requests():
        assert providers.ALLOW_MODEL_REQUESTS is True
        with allow_model_requests(False):
            assert providers.ALLOW_MODEL_REQUESTS is False
        assert providers.ALLOW_MODEL_REQUESTS is True
    assert providers.ALLOW_MODEL_REQUESTS is False


def test_missing_api_key() -> None:
    with FakeOpenAIServer([AIResponse(content="x")]) as server:
        provider = OpenAIProvider(model="gpt-test", base_url=server.base_url)
        with allow_model_requests(), pytest.raises(ModelError) as info:
            provider.complete(MESSAGES, [], turn=0)
    assert "Set OPENAI_API_KEY" in str(info.value)
    assert "mock_responses" in str(info.value)
    assert server.requests == []


def test_provider_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    default = provider_from_env()
    assert (default.name, default.base_url) == ("gpt-4o-mini", "https://api.openai.com/v1")
    monkeypatch.setenv("OPENAI_MODEL", "env-model")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    from_env = provider_from_env()
    assert (from_env.name, from_env.base_url) == ("env-model", "http://127.0.0.1:9/v1")
    assert KEY not in repr(from_env)
    explicit = provider_from_env(model="m", base_url="http://127.0.0.1:1/v1", api_key="k")
    assert (explicit.model, explicit.base_url) == ("m", "http://127.0.0.1:1/v1")
