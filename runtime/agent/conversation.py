"""How a cassette tells one request from another: the conversation, up to what legitimately varies.

A cassette answer is used only for the request it was recorded for (as vcrpy matches requests).
Two requests are the same when their conversations are, message for message, once these are
left out:

- the **system prompt** and the **tool schemas**: the same for every input of a task, and they
  change with the library's wording, not with the run;
- **tool-call ids** (``call_…``): the provider makes them up;
- the **port of a local server** (``127.0.0.1:<port>``, ``localhost:<port>``): the OS picks it;
- token counts, latencies and model names, which are part of the answer, not of the request.

Everything else is compared: the task and its inputs, a fallback's failed step, variables and
recipe hint, every answer before, every tool result and error, every page outline. So a request
for another input, or one the world answered differently, is not the recorded one.

A cassette stores, with each answer, the messages sent since the answer before it
(:class:`RecordedRequest`), which rebuilds every request of the recorded conversation. The typed
messages (:mod:`runtime.agent.messages`) are compared, and stored, in the OpenAI chat shape with
the parts above left out (:func:`message_key`): the cassette files keep the format they had when
the loop sent plain chat dicts, so they still match.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from runtime.agent.messages import AssistantMessage, Message, SystemMessage, to_openai

__all__ = ["RecordedRequest", "RequestLog", "conversation", "first_difference", "message_key"]

_LOCAL_PORT = re.compile(r"\b(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}\b")
_IGNORED_KEYS = ("tool_call_id", "id")


class RecordedRequest(BaseModel):
    """The request a cassette answer was recorded for, as far as it decides the answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    continues: bool = False
    """The request continued the conversation of the answer before it in the cassette: it
    held that request's messages, then that answer, then :attr:`messages`."""
    messages: list[dict[str, Any]] = Field(default_factory=list)
    """The messages sent since the answer before it (all of them when it did not continue),
    as :func:`conversation` shows them (OpenAI chat dicts without ids)."""
    source: str | None = Field(default=None, exclude=True)
    """The cassette file it was loaded from (named when a request misses; never saved, and
    not compared: the same request is the same whichever file holds it)."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordedRequest):
            return NotImplemented
        return (self.continues, self.messages) == (other.continues, other.messages)

    __hash__ = None  # type: ignore[assignment]  # its messages are dicts: never hashable


def message_key(message: dict[str, Any]) -> dict[str, Any]:
    """One OpenAI chat message as a cassette compares it: no ids, tool-call arguments parsed,
    local ports written ``<port>``."""
    key: dict[str, Any] = {}
    for name, value in message.items():
        if name in _IGNORED_KEYS:
            continue
        if name == "tool_calls" and isinstance(value, list):
            key[name] = [_call_key(call) for call in value]
        else:
            key[name] = _value_key(value)
    return key


def conversation(messages: Sequence[Message]) -> list[dict[str, Any]]:
    """The messages a cassette compares, each in the OpenAI chat shape as :func:`message_key`
    shows it (the system prompt left out)."""
    return [message_key(to_openai(m)) for m in messages if not isinstance(m, SystemMessage)]


def _call_key(call: Any) -> Any:
    if not isinstance(call, dict):
        return _value_key(call)
    inner = call.get("function")
    function: dict[str, Any] = inner if isinstance(inner, dict) else call
    arguments = function.get("arguments")
    if isinstance(arguments, str):
        with contextlib.suppress(ValueError):  # else kept as the text the model wrote
            arguments = json.loads(arguments)
    return {"name": function.get("name"), "arguments": _value_key(arguments)}


def _value_key(value: Any) -> Any:
    if isinstance(value, str):
        return _LOCAL_PORT.sub(r"\1:<port>", value)
    if isinstance(value, dict):
        return {k: _value_key(v) for k, v in value.items() if k not in _IGNORED_KEYS}
    if isinstance(value, list | tuple):
        return [_value_key(v) for v in value]
    return value


def first_difference(recorded: list[dict[str, Any]], sent: list[dict[str, Any]]) -> str:
    """Where two conversations part, for a person: the message (counted without the system
    prompt) and the text around the first character that differs."""
    for index, (was, now) in enumerate(zip(recorded, sent, strict=False)):
        if was == now:
            continue
        role = now.get("role", "?")
        if was.get("role") != role:
            return f"message {index + 1} is a {role} message; the recording had a {was.get('role')}"
        a, b = _shown(was), _shown(now)
        return f"message {index + 1} ({role}) differs: {_around(a, b)}"
    if len(sent) > len(recorded):
        extra = sent[len(recorded)]
        return (
            f"message {len(recorded) + 1} ({extra.get('role', '?')}) was not in the recording: "
            f"{_clip(_shown(extra), 0, 120)}"
        )
    missing = recorded[len(sent)]
    return (
        f"the recording had a message {len(sent) + 1} ({missing.get('role', '?')}) that was "
        f"not sent: {_clip(_shown(missing), 0, 120)}"
    )


def _shown(message: dict[str, Any]) -> str:
    keys = set(message) - {"role"}
    if keys == {"content"} and isinstance(message["content"], str):
        return message["content"]
    return json.dumps({k: v for k, v in message.items() if k != "role"}, ensure_ascii=False)


def _around(was: str, now: str, width: int = 60) -> str:
    at = next((i for i, (x, y) in enumerate(zip(was, now, strict=False)) if x != y), None)
    if at is None:
        at = min(len(was), len(now))
    start = max(0, at - width)
    return f"recorded {_clip(was, start, at + width)!r}, now {_clip(now, start, at + width)!r}"


def _clip(text: str, start: int, end: int) -> str:
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


class RequestLog:
    """Follows the requests of a recording, one answer after another, to store with each
    answer the messages sent since the answer before (:class:`RecordedRequest`)."""

    def __init__(self) -> None:
        self._sent: list[dict[str, Any]] | None = None
        self._answer: dict[str, Any] | None = None

    def request(self, messages: Sequence[Message]) -> RecordedRequest:
        """The request ``messages`` as the answer to it will store it."""
        now = conversation(messages)
        before = self.before()
        self._sent = now
        if before is not None and now[: len(before)] == before:
            return RecordedRequest(continues=True, messages=now[len(before) :])
        return RecordedRequest(messages=now)

    def answered(self, message: AssistantMessage) -> None:
        """The assistant message the answer to the last request became."""
        self._answer = message_key(to_openai(message))

    def before(self) -> list[dict[str, Any]] | None:
        """The last request's conversation and its answer (``None`` before the first)."""
        if self._sent is None or self._answer is None:
            return None
        return [*self._sent, self._answer]

    def follow(self, request: RecordedRequest) -> list[dict[str, Any]] | None:
        """The whole conversation ``request`` stands for, after the requests followed so far
        (``None`` when it continues a conversation this log did not see)."""
        if not request.continues:
            return list(request.messages)
        before = self.before()
        return None if before is None else [*before, *request.messages]

    def sent(self, messages: list[dict[str, Any]]) -> None:
        """Note a request (as :func:`conversation` shows it) that was answered."""
        self._sent = messages
        self._answer = None

    def forget(self) -> None:
        """An answer with no recorded request was used: the conversation is no longer known."""
        self._sent = self._answer = None
