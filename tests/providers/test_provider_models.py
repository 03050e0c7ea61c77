"""ToolCall and AIResponse: what mocks are written in and what the agent sends back."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from runtime.agent.providers import AIResponse, ToolCall


def test_tool_call_accepts_positional_and_keyword_arguments() -> None:
    assert ToolCall("search", {"q": "x"}) == ToolCall(name="search", arguments={"q": "x"})
    assert ToolCall("search", {"q": "x"}, "call_1").id == "call_1"
    assert ToolCall("finish").arguments == {}
    assert ToolCall("finish").id is None


def test_tool_call_parses_json_string_arguments() -> None:
    call = ToolCall("search", '{"q": "shoes", "limit": 3}')
    assert call.arguments == {"q": "shoes", "limit": 3}
    assert call.raw_arguments is None
    assert ToolCall("finish", "").arguments == {}
    assert ToolCall("finish", None).arguments == {}


@pytest.mark.parametrize("text", ['{"q": "shoes"', "[1, 2]", "not json", "42"])
def test_malformed_arguments_are_kept_raw_for_the_agent_to_report(text: str) -> None:
    call = ToolCall("search", text)
    assert call.arguments == {}
    assert call.raw_arguments == text
    # The model sees its own text again in the history, not a silently "fixed" version.
    assert call.to_openai("call_0")["function"]["arguments"] == text


def test_tool_call_accepts_the_openai_wire_shape() -> None:
    wire = {
        "id": "call_abc",
        "type": "function",
        "function": {"name": "search", "arguments": '{"q": "x"}'},
    }
    assert ToolCall.model_validate(wire) == ToolCall("search", {"q": "x"}, "call_abc")


def test_tool_call_needs_a_name_and_is_frozen() -> None:
    with pytest.raises(ValidationError, match="name"):
        ToolCall()
    call = ToolCall("search")
    with pytest.raises(ValidationError):
        call.name = "other"  # type: ignore[misc]


def test_to_message_is_an_openai_assistant_message() -> None:
    response = AIResponse(
        content="Looking it up.",
        tool_calls=[ToolCall("search", {"q": "café"}, "call_x"), ToolCall("open", {"n": 1})],
    )
    message = response.to_message()
    assert message == {
        "role": "assistant",
        "content": "Looking it up.",
        "tool_calls": [
            {
                "id": "call_x",
                "type": "function",
                "function": {
                    "name": "search",
                    "arguments": json.dumps({"q": "café"}, ensure_ascii=False),
                },
            },
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "open", "arguments": '{"n": 1}'},
            },
        ],
    }
    for call in message["tool_calls"]:
        assert isinstance(json.loads(call["function"]["arguments"]), dict)


def test_to_message_without_tool_calls() -> None:
    assert AIResponse(content="done").to_message() == {"role": "assistant", "content": "done"}
    # Tool calls only: content stays null, which the API accepts.
    assert AIResponse(tool_calls=[ToolCall("finish")]).to_message()["content"] is None
    # Neither: the API would reject null content.
    assert AIResponse().to_message() == {"role": "assistant", "content": ""}


def test_ai_response_validates_tool_calls_from_dicts() -> None:
    response = AIResponse.model_validate(
        {"tool_calls": [{"name": "search", "arguments": '{"q": 1}'}], "input_tokens": 10}
    )
    assert response.tool_calls == [ToolCall("search", {"q": 1})]
    assert response.input_tokens == 10
    with pytest.raises(ValidationError, match="tool_calls"):
        AIResponse.model_validate({"tool_calls": [{"arguments": {}}]})
