"""The messages between the agent loop and a model provider, as pydantic-ai types them.

Four frozen models, each tagged by ``kind``, joined in the discriminated union :data:`Message`:

- :class:`SystemMessage` (``"system"``): the rules of the game, the same for every run of a task;
- :class:`UserMessage` (``"user"``): the task and its inputs, a fallback's failed step, a page
  outline, a nudge to call a tool;
- :class:`AssistantMessage` (``"assistant"``): a model answer, its text and its
  :class:`ToolCall` s;
- :class:`ToolResultMessage` (``"tool_result"``): what one tool call gave back (or its error).

Every kind has ``content``, so a provider of one's own reads the conversation without caring
about the kind: ``[m.content for m in messages if m.kind == "tool_result"]``.

:data:`MESSAGES` validates and dumps a whole conversation (``MESSAGES.validate_json(text)``,
``MESSAGES.dump_json(messages)``). The OpenAI chat wire format is a boundary, not the model:
:func:`to_openai` / :func:`openai_messages` convert for the openai SDK, and cassettes compare
requests in that shape (:mod:`runtime.agent.conversation`) so recorded files stay the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

__all__ = [
    "MESSAGES",
    "AssistantMessage",
    "Message",
    "SystemMessage",
    "ToolCall",
    "ToolResultMessage",
    "UserMessage",
    "openai_messages",
    "to_openai",
]

_UNSET: Any = object()


class ToolCall(BaseModel):
    """One tool call the model asked for.

    Accepts ``ToolCall("search", {"q": "x"})`` as well as keywords. ``arguments`` may be given as
    the JSON text a model produces; text that is not a JSON object is kept in ``raw_arguments``
    (with ``arguments={}``) so the agent can tell the model its arguments did not parse.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    """The tool (action) name, exactly as the model wrote it."""
    arguments: dict[str, Any] = Field(default_factory=dict)
    """The parsed arguments."""
    id: str | None = None
    """The provider's tool call id; the agent assigns ``call_<turn>_<i>`` when missing."""
    raw_arguments: str | None = None
    """The model's argument text when it was not a JSON object, else None."""

    def __init__(
        self,
        name: str = _UNSET,
        arguments: dict[str, Any] | str | None = _UNSET,
        id: str | None = _UNSET,
        **data: Any,
    ) -> None:
        for key, value in (("name", name), ("arguments", arguments), ("id", id)):
            if value is not _UNSET:
                data[key] = value
        super().__init__(**data)

    @model_validator(mode="before")
    @classmethod
    def _parse_arguments(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        function = data.get("function")
        if isinstance(function, Mapping) and "name" not in data:
            # The OpenAI wire shape {"id", "type": "function", "function": {...}}, pasted as is.
            data.pop("function")
            if data.get("type") == "function":
                data.pop("type")
            data.update(function)
        arguments = data.get("arguments")
        if arguments is None:
            data.pop("arguments", None)
        elif isinstance(arguments, str | bytes):
            text = arguments.decode() if isinstance(arguments, bytes) else arguments
            if not text.strip():
                data["arguments"] = {}
            else:
                try:
                    parsed = json.loads(text)
                except ValueError:
                    parsed = None
                if isinstance(parsed, dict):
                    data["arguments"] = parsed
                else:
                    data["arguments"] = {}
                    data["raw_arguments"] = text
        return data

    def arguments_json(self) -> str:
        """The arguments as the model's JSON text (the raw text when it did not parse)."""
        if self.raw_arguments is not None:
            return self.raw_arguments
        return json.dumps(self.arguments, ensure_ascii=False, default=str)

    def to_openai(self, default_id: str) -> dict[str, Any]:
        """This call in the OpenAI chat ``tool_calls`` shape; ``default_id`` when ``id`` is None."""
        return {
            "id": self.id or default_id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments_json()},
        }


class SystemMessage(BaseModel):
    """The system prompt: how to work with the tools, the same for every run of a task."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["system"] = "system"
    """The tag of the union."""
    content: str
    """The prompt text."""


class UserMessage(BaseModel):
    """What the runtime tells the model: the task, a fallback's failed step, a page outline."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["user"] = "user"
    """The tag of the union."""
    content: str
    """The text."""


class AssistantMessage(BaseModel):
    """A model answer as the conversation keeps it: its text and the tool calls it made."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["assistant"] = "assistant"
    """The tag of the union."""
    content: str | None = None
    """The answer's text (None when it only called tools)."""
    tool_calls: tuple[ToolCall, ...] = ()
    """The tool calls, in the order the model made them (with the ids the loop gave them)."""


class ToolResultMessage(BaseModel):
    """What one tool call gave back: the stored variable and its value, or the error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["tool_result"] = "tool_result"
    """The tag of the union."""
    tool_call_id: str | None
    """The id of the :class:`ToolCall` this answers."""
    content: str
    """The result as the model reads it."""


Message = Annotated[
    SystemMessage | UserMessage | AssistantMessage | ToolResultMessage,
    Field(discriminator="kind"),
]
"""One message of a conversation, told apart by its ``kind``."""

_KINDS = (SystemMessage, UserMessage, AssistantMessage, ToolResultMessage)

MESSAGES: TypeAdapter[list[Message]] = TypeAdapter(list[Message])
"""Validates and dumps a whole conversation (a list of :data:`Message`)."""


def to_openai(message: Message) -> dict[str, Any]:
    """``message`` in the OpenAI chat format (what the openai SDK sends; what cassettes compare).

    An assistant message's tool calls without an id get ``call_<index>``; an assistant message
    with neither text nor tool calls gets ``content=""``, which the API requires.
    """
    if not isinstance(message, _KINDS):
        raise TypeError(
            f"A conversation holds runtime.agent.messages models, not {type(message).__name__} "
            f"({str(message)[:80]!r}): build UserMessage(content=...), SystemMessage(...), "
            "AssistantMessage(...) or ToolResultMessage(...)."
        )
    if isinstance(message, SystemMessage | UserMessage):
        return {"role": message.kind, "content": message.content}
    if isinstance(message, ToolResultMessage):
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.content}
    wire: dict[str, Any] = {"role": "assistant", "content": message.content}
    if message.tool_calls:
        wire["tool_calls"] = [
            call.to_openai(f"call_{index}") for index, call in enumerate(message.tool_calls)
        ]
    elif message.content is None:
        wire["content"] = ""
    return wire


def openai_messages(messages: Iterable[Message]) -> list[dict[str, Any]]:
    """A conversation in the OpenAI chat format (see :func:`to_openai`)."""
    return [to_openai(message) for message in messages]
