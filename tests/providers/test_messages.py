"""The typed messages between the agent loop and providers: a tagged union with one adapter."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr, ValidationError

from runtime.agent.messages import (
    MESSAGES,
    AssistantMessage,
    Message,
    SystemMessage,
    ToolCall,
    ToolResultMessage,
    UserMessage,
    openai_messages,
    to_openai,
)
from runtime.agent.providers import AIResponse
from runtime.agent.redaction import REDACTED, redact, secrets_in

CONVERSATION: list[Message] = [
    SystemMessage(content="You complete a task by calling tools."),
    UserMessage(content="Task: remind ACME Corp."),
    AssistantMessage(
        content="I look the customer up.",
        tool_calls=(
            ToolCall("find_customer", {"name": "ACME Corp"}, "call_1_0"),
            ToolCall("search", '{"q": ', "call_1_1"),  # arguments that did not parse
        ),
    ),
    ToolResultMessage(tool_call_id="call_1_0", content="Stored as `find_customer_1` (str): 'C1'"),
    AssistantMessage(),
]


def test_a_conversation_round_trips_through_the_type_adapter() -> None:
    text = MESSAGES.dump_json(CONVERSATION)
    assert MESSAGES.validate_json(text) == CONVERSATION
    dumped = MESSAGES.dump_python(CONVERSATION, mode="json")
    assert [m["kind"] for m in dumped] == [
        "system",
        "user",
        "assistant",
        "tool_result",
        "assistant",
    ]
    assert MESSAGES.validate_python(dumped) == CONVERSATION
    back = MESSAGES.validate_python(dumped)
    assert [type(m) for m in back] == [type(m) for m in CONVERSATION]
    assert back[2].tool_calls[1].raw_arguments == '{"q": '  # type: ignore[union-attr]


text = st.text(max_size=30)
calls = st.builds(
    ToolCall,
    name=st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    arguments=st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), text, max_size=3),
    id=st.none() | st.from_regex(r"call_[0-9]{1,3}", fullmatch=True),
)
messages = st.lists(
    st.one_of(
        st.builds(SystemMessage, content=text),
        st.builds(UserMessage, content=text),
        st.builds(
            AssistantMessage,
            content=st.none() | text,
            tool_calls=st.lists(calls, max_size=3).map(tuple),
        ),
        st.builds(ToolResultMessage, tool_call_id=st.none() | text, content=text),
    ),
    max_size=6,
)


@given(messages)
def test_any_conversation_round_trips(conversation: list[Message]) -> None:
    assert MESSAGES.validate_json(MESSAGES.dump_json(conversation)) == conversation


def test_the_kind_tells_the_messages_apart_and_a_bad_one_is_named() -> None:
    with pytest.raises(ValidationError, match=r"0\s+Input tag 'tool' found using 'kind' does not"):
        MESSAGES.validate_python([{"kind": "tool", "content": "x"}])
    with pytest.raises(ValidationError, match=r"1\.user\.content"):
        MESSAGES.validate_python([{"kind": "system", "content": "s"}, {"kind": "user"}])
    with pytest.raises(ValidationError, match="frozen"):
        CONVERSATION[1].content = "changed"  # type: ignore[misc]


def test_the_openai_chat_format_is_the_one_the_loop_sent_before_typing() -> None:
    wire = openai_messages(CONVERSATION)
    assert wire[:2] == [
        {"role": "system", "content": "You complete a task by calling tools."},
        {"role": "user", "content": "Task: remind ACME Corp."},
    ]
    assert wire[2] == {
        "role": "assistant",
        "content": "I look the customer up.",
        "tool_calls": [
            {
                "id": "call_1_0",
                "type": "function",
                "function": {"name": "find_customer", "arguments": '{"name": "ACME Corp"}'},
            },
            {
                "id": "call_1_1",
                "type": "function",
                "function": {"name": "search", "arguments": '{"q": '},
            },
        ],
    }
    assert wire[3] == {
        "role": "tool",
        "tool_call_id": "call_1_0",
        "content": "Stored as `find_customer_1` (str): 'C1'",
    }
    assert wire[4] == {"role": "assistant", "content": ""}  # the API needs some content
    # a call without an id gets its position's, as AIResponse.to_message always did
    answer = AIResponse(tool_calls=[ToolCall("finish")])
    assert to_openai(answer.assistant_message()) == answer.to_message()
    assert answer.to_message()["tool_calls"][0]["id"] == "call_0"


def test_an_answer_becomes_the_assistant_message_the_history_keeps() -> None:
    response = AIResponse(
        content="Done.", tool_calls=[ToolCall("finish", {"total": 3}, "c")], input_tokens=5
    )
    message = response.assistant_message()
    assert message == AssistantMessage(
        content="Done.", tool_calls=(ToolCall("finish", {"total": 3}, "c"),)
    )
    assert json.loads(MESSAGES.dump_json([message]))[0]["kind"] == "assistant"


def test_a_provider_of_ones_own_reads_them_as_the_readme_shows() -> None:
    results = [m.content for m in CONVERSATION if m.kind == "tool_result"]
    assert results == ["Stored as `find_customer_1` (str): 'C1'"]


def test_redaction_reaches_every_kind_of_message() -> None:
    secrets = secrets_in([SecretStr("hunter2")])
    conversation: list[Message] = [
        SystemMessage(content="never say hunter2"),
        UserMessage(content="the password is hunter2"),
        AssistantMessage(
            content="Logging in with hunter2.",
            tool_calls=(
                ToolCall("login", {"password": "hunter2"}, "call_hunter2"),
                ToolCall("compute", {"expression": "'hunter2' + x"}, "c2"),
            ),
        ),
        ToolResultMessage(tool_call_id="call_hunter2", content="ERROR: hunter2 rejected"),
    ]
    redacted = redact(conversation, secrets)
    dumped = MESSAGES.dump_json(redacted).decode()
    assert dumped.count("hunter2") == 2  # only the ids the provider made up: not data
    assert redacted[1] == UserMessage(content=f"the password is {REDACTED}")
    assert redacted[2].tool_calls[0].arguments == {"password": REDACTED}  # type: ignore[union-attr]
    assert redacted[2].tool_calls[1].arguments == {"expression": f"'{REDACTED}' + x"}  # type: ignore[union-attr]
    assert [type(m) for m in redacted] == [type(m) for m in conversation]
