"""The model boundary: what the agent sends to a model and what comes back.

- :class:`AIResponse` / :class:`ToolCall`: one model answer, provider-independent, frozen. This is
  also what ``mock_responses`` and cassettes hold.
- :class:`ModelProvider`: the one method the agent loop calls, with the conversation as typed
  messages (:mod:`runtime.agent.messages`).
- :class:`MockProvider`: scripted answers in order (no network, no key).
- :class:`OpenAIProvider`: the openai SDK against any OpenAI-compatible ``base_url``.

Real requests can be switched off for a whole process with :data:`ALLOW_MODEL_REQUESTS` (the test
suite does this in ``conftest.py``) and switched back on for a block with
:func:`allow_model_requests`.
"""

from __future__ import annotations

import email.utils
import json
import math
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from runtime.actions.costs import DEFAULT_MODEL
from runtime.agent.conversation import RecordedRequest, RequestLog, conversation, first_difference
from runtime.agent.messages import AssistantMessage, Message, ToolCall, openai_messages, to_openai
from runtime.errors import CassetteMiss, MockResponsesExhausted, ModelError

__all__ = [
    "ALLOW_MODEL_REQUESTS",
    "DEFAULT_MODEL",
    "AIResponse",
    "MockProvider",
    "ModelProvider",
    "OpenAIProvider",
    "RecordedRequest",
    "ToolCall",
    "allow_model_requests",
    "estimate_tokens",
    "provider_from_env",
]


ALLOW_MODEL_REQUESTS: bool = True
"""When False, :meth:`OpenAIProvider.complete` raises :class:`ModelError` instead of sending a
request. Read at call time, so setting it (or :func:`allow_model_requests`) takes effect at once."""


@contextmanager
def allow_model_requests(allow: bool = True) -> Iterator[None]:
    """Temporarily set :data:`ALLOW_MODEL_REQUESTS` (restored on exit, even on error)."""
    global ALLOW_MODEL_REQUESTS
    previous = ALLOW_MODEL_REQUESTS
    ALLOW_MODEL_REQUESTS = allow
    try:
        yield
    finally:
        ALLOW_MODEL_REQUESTS = previous


def estimate_tokens(payload: Any) -> int:
    """A deterministic *estimate* of how many tokens ``payload`` costs: the length of its JSON
    dump divided by 4, rounded up (about right for English text and JSON under GPT tokenizers).

    Used where no real count exists (mocks, servers that report no usage). It grows with the
    payload, so comparing runs (a whole run vs. a fallback from a late step) stays meaningful.
    """
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return math.ceil(len(text) / 4)


# --------------------------------------------------------------------------- responses


class AIResponse(BaseModel):
    """One model answer: text and/or tool calls, plus what it cost."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    content: str | None = None
    """The assistant's text (None when it only called tools)."""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    """The tool calls, in the order the model made them."""
    input_tokens: int | None = None
    """Prompt tokens; None in hand-written mocks (:class:`MockProvider` then estimates)."""
    output_tokens: int | None = None
    """Completion tokens; None in hand-written mocks (:class:`MockProvider` then estimates)."""
    latency_s: float | None = None
    """Seconds the request took when recorded (cassettes keep it; benchmarks replay it)."""
    model: str | None = None
    """The model that answered, as the API reported it."""
    request: RecordedRequest | None = None
    """The request this answer was recorded for (a cassette's answers have one): as a mock, it
    answers only that request (:class:`MockProvider` raises :class:`CassetteMiss` for any
    other). ``None`` in hand-written mocks, which answer in order whatever was asked."""

    def assistant_message(self) -> AssistantMessage:
        """This answer as the conversation keeps it, to append to the history."""
        return AssistantMessage(content=self.content, tool_calls=tuple(self.tool_calls))

    def to_message(self) -> dict[str, Any]:
        """This answer as an OpenAI chat ``assistant`` message (the wire format; see
        :func:`runtime.agent.messages.to_openai`)."""
        return to_openai(self.assistant_message())


# --------------------------------------------------------------------------- providers


@runtime_checkable
class ModelProvider(Protocol):
    """What the agent loop needs from a model: a ``name`` and :meth:`complete`.

    ``messages`` is the conversation so far, oldest first, as typed messages
    (:data:`runtime.agent.messages.Message`: ``SystemMessage``, ``UserMessage``,
    ``AssistantMessage``, ``ToolResultMessage``, told apart by ``kind``; every one has
    ``content``). A provider of one's own reads them as attributes, e.g. the tool results::

        results = [m.content for m in messages if m.kind == "tool_result"]

    and a client that speaks the OpenAI chat format converts them with
    :func:`runtime.agent.messages.openai_messages`. ``tools`` are the OpenAI tool schemas.
    """

    name: str
    """The model name shown in reports."""

    def complete(
        self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        """Answer the conversation ``messages`` given the tool schemas ``tools``."""
        ...


def _coerce_response(item: Any, index: int) -> AIResponse:
    if isinstance(item, AIResponse):
        return item
    if isinstance(item, str):
        return AIResponse(content=item)
    if isinstance(item, Mapping):
        try:
            return AIResponse.model_validate(item)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
                for err in exc.errors()[:5]
            )
            raise ModelError(
                f"mock_responses[{index}] is not a valid AIResponse ({problems}). "
                "Build it with AIResponse(content=..., tool_calls=[ToolCall(name, {...})])."
            ) from None
    raise ModelError(
        f"mock_responses[{index}] has type {type(item).__name__}; expected an AIResponse, a dict "
        "with its fields, or a string (a plain text answer)."
    )


class MockProvider:
    """Scripted answers, returned in order: whole agent runs with no network and no key.

    Responses without token counts get :func:`estimate_tokens` estimates of what was actually
    sent (``messages + tools``) and of the answer, so cost comparisons between runs hold.

    An answer that carries the request it was recorded for (every answer of a cassette) is used
    only for that request: the same conversation so far, up to what legitimately varies
    (:mod:`runtime.agent.conversation`); any other request raises :class:`CassetteMiss` naming the
    turn and the first difference, and the answer stays unused.
    """

    name: str

    def __init__(
        self,
        responses: Sequence[AIResponse | Mapping[str, Any] | str],
        *,
        task_name: str = "task",
        name: str = "mock",
    ) -> None:
        self.responses: list[AIResponse] = [
            _coerce_response(item, index) for index, item in enumerate(responses)
        ]
        self.task_name = task_name
        self.name = name
        self.used = 0
        self.requests: list[dict[str, Any]] = []
        """Every call received: ``{"turn", "messages", "tools"}`` (shallow copies; the messages
        are the typed :data:`~runtime.agent.messages.Message` s the loop sent)."""
        self._log = RequestLog()
        self._lock = threading.Lock()
        """One answer at a time: runs of one Task on several threads share its script, and each
        answer goes to one request only."""

    def __getstate__(self) -> dict[str, Any]:
        # A copy (a Task's, for a worker process) takes the script and its place, not the lock.
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def remaining(self) -> int:
        """How many scripted responses are left."""
        return len(self.responses) - self.used

    def complete(
        self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        with self._lock:
            return self._complete(messages, tools, turn=turn)

    def _complete(
        self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        self.requests.append({"turn": turn, "messages": list(messages), "tools": list(tools)})
        if self.used >= len(self.responses):
            given = len(self.responses)
            raise MockResponsesExhausted(
                f"Task {self.task_name!r} asked the model for turn {turn}, but mock_responses "
                f"held {given} response{'' if given == 1 else 's'} and all were used — add "
                "responses to mock_responses, or re-record the cassette with OPENAI_API_KEY set."
            )
        response = self.responses[self.used]
        if response.request is not None:
            self._match(response.request, messages, turn)
        else:
            self._log.forget()
        self.used += 1
        self._log.answered(response.assistant_message())
        update: dict[str, Any] = {}
        if response.input_tokens is None:
            # estimated on what a real request would send: the same numbers as before typing
            update["input_tokens"] = estimate_tokens([*openai_messages(messages), *tools])
        if response.output_tokens is None:
            update["output_tokens"] = estimate_tokens(response.to_message())
        return response.model_copy(update=update) if update else response

    def _match(self, request: RecordedRequest, messages: list[Message], turn: int) -> None:
        """Raise :class:`CassetteMiss` unless ``messages`` are the request the next answer was
        recorded for."""
        sent = conversation(messages)
        expected = self._log.follow(request)
        if expected is None:  # it continues a conversation this provider did not see begin
            expected = [*sent[: max(0, len(sent) - len(request.messages))], *request.messages]
        if sent == expected:
            self._log.sent(sent)
            return
        where = f"the cassette {request.source}" if request.source else "the recorded answers"
        raise CassetteMiss(
            f"Task {self.task_name!r}, turn {turn}: {where} recorded no answer for this request. "
            f"Its next answer (#{self.used + 1}) was recorded for another conversation: "
            f"{first_difference(expected, sent)}. A cassette answers only the requests it "
            "recorded, never another input's: record this run with the model (OPENAI_API_KEY "
            "set, TaskConfig(save_cassette=...)), or give the task mock_responses written for it."
        )


class OpenAIProvider:
    """The openai SDK's chat completions against OpenAI or any compatible ``base_url``.

    The client is built on the first request, so constructing a provider never fails for a
    recipe replay that ends up not needing the model.
    """

    name: str

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        max_retries: int = 2,
    ) -> None:
        self.name = model
        self.model = model
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
        self._api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self._client: Any = None

    def __repr__(self) -> str:
        return f"OpenAIProvider(model={self.model!r}, base_url={self.base_url!r})"

    def _get_client(self) -> Any:
        if self._client is None:
            # lazy: the OpenAI SDK takes ~0.4 s to load; replays and mock runs never need it
            import openai

            self._client = openai.OpenAI(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=self.timeout_s,
                max_retries=self.max_retries,
            )
        return self._client

    def complete(
        self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        if not ALLOW_MODEL_REQUESTS:
            raise ModelError(
                f"Turn {turn} needs the model {self.model!r}, but real model requests are "
                "switched off (runtime.agent.providers.ALLOW_MODEL_REQUESTS is False). Give the "
                "task mock_responses, or wrap the call in "
                "runtime.agent.providers.allow_model_requests()."
            )
        if not self._api_key:
            raise ModelError(
                f"Turn {turn} needs the model {self.model!r} at {self.base_url}, but no API key "
                "is set. Set OPENAI_API_KEY (or pass api_key=...), or give the task "
                "mock_responses to run without a model."
            )
        # lazy: the OpenAI SDK takes ~0.4 s to load; replays and mock runs never need it
        import openai

        wire = openai_messages(messages)  # the SDK's chat format, at the boundary
        kwargs: dict[str, Any] = {"model": self.model, "messages": wire}
        if tools:
            kwargs["tools"] = tools
            kwargs["tool_choice"] = "auto"
        started = time.perf_counter()
        try:
            # The raw answer, parsed here: a 200 that is not a chat completion (a proxy's login
            # page, a cut-off body) must become a ModelError that shows what came back.
            raw = self._get_client().chat.completions.with_raw_response.create(**kwargs)
        except openai.OpenAIError as exc:
            error = ModelError(self._redact(self._describe(exc, turn)))
            error.transient, error.retry_after = _retry_facts(exc)
            raise error from None
        latency = time.perf_counter() - started
        completion = self._parse_completion(raw.http_response.text, turn)
        return self._to_response(completion, wire, tools, latency)

    # ----------------------------------------------------------------------- helpers

    def _redact(self, text: str) -> str:
        """``text`` with the API key masked where it stands as a whole token (a short key
        must not garble words that happen to contain it)."""
        if self._api_key:
            key = re.escape(self._api_key)
            text = re.sub(rf"(?<![\w-]){key}(?![\w-])", "***", text)
        return text

    def _where(self, turn: int) -> str:
        return f"the model API at {self.base_url} (model {self.model!r}, turn {turn})"

    def _describe(self, exc: Exception, turn: int) -> str:
        # lazy: the OpenAI SDK takes ~0.4 s to load; replays and mock runs never need it
        import openai

        where = self._where(turn)
        retries = f"after {self.max_retries} retr{'y' if self.max_retries == 1 else 'ies'}"
        retries = retries if self.max_retries else "no retry by the client"
        if isinstance(exc, openai.APITimeoutError):
            return (
                f"No answer from {where} within {self.timeout_s:g}s ({retries}). Raise "
                "TaskConfig(request_timeout_s=...), check that the server is up, or give the "
                "task mock_responses."
            )
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            detail = f": {cause}" if cause is not None and str(cause) else ""
            if type(cause).__name__ in ("RemoteProtocolError", "ReadError"):
                # The server took the request, then the answer broke off (a proxy or a
                # server restarting): not a connection that could not be made.
                return (
                    f"The answer from {where} broke off before it was complete{detail} "
                    f"({retries}). Retry later; if it keeps happening, check the server or "
                    "the proxy in front of it (OPENAI_BASE_URL / base_url)."
                )
            return (
                f"Could not connect to {where}{detail} ({retries}). Check OPENAI_BASE_URL / "
                "base_url and the network, or give the task mock_responses."
            )
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            tried = f" ({retries})" if status == 429 or status >= 500 else ""
            return (
                f"HTTP {status} from {where}{tried}: {_api_message(exc)}. "
                f"{_status_advice(status)}"
            )
        return f"Request to {where} failed: {exc}. Retry, or give the task mock_responses."

    def _parse_completion(self, body: str, turn: int) -> _WireCompletion:
        """The chat completion in an HTTP 200 body, or a :class:`ModelError` showing the body."""
        problem: str
        try:
            data = json.loads(body)
        except ValueError as exc:
            problem = f"not JSON ({exc})"
        else:
            try:
                return _WireCompletion.model_validate(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "the body"
                said = re.sub(r" or instance of \w+", "", first["msg"])
                problem = f"not a chat completion ({where}: {said}, got {first['input']!r:.60})"
        snippet = " ".join(body.split())
        snippet = snippet if len(snippet) <= 200 else snippet[:200] + "…"
        shown = f"it began {snippet!r}" if snippet else "it was empty"
        raise ModelError(
            self._redact(
                f"The model API at {self.base_url} (model {self.model!r}, turn {turn}) answered "
                f"HTTP 200 with a body that is {problem}; {shown}. Check that OPENAI_BASE_URL / "
                "base_url points at an OpenAI-"
                "compatible chat completions API (an HTML page often means a proxy or a login "
                "in the way); retry if the server was restarting."
            )
        )

    def _to_response(
        self,
        completion: _WireCompletion,
        wire: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        latency: float,
    ) -> AIResponse:
        message = completion.choices[0].message
        calls: list[ToolCall] = []
        for raw in message.tool_calls or []:
            if raw.function is not None:
                calls.append(ToolCall(raw.function.name, raw.function.arguments, raw.id))
            elif raw.custom is not None:  # a "custom" tool call: free text input
                calls.append(ToolCall(raw.custom.name, raw.custom.input, raw.id))
        response = AIResponse(
            content=message.content if message.content is not None else message.refusal,
            tool_calls=calls,
            latency_s=latency,
            model=completion.model or self.model,
        )
        usage = completion.usage or _WireUsage()
        # Some compatible servers report no usage; estimate like MockProvider does.
        input_tokens = usage.prompt_tokens
        if input_tokens is None:
            input_tokens = estimate_tokens([*wire, *tools])
        output_tokens = usage.completion_tokens
        if output_tokens is None:
            output_tokens = estimate_tokens(response.to_message())
        return response.model_copy(
            update={"input_tokens": input_tokens, "output_tokens": output_tokens}
        )


# The parts of a chat completion the provider reads, validated: anything else in a 200 answer is
# a ModelError, never an AttributeError deep inside. Unknown fields are ignored (servers differ).


class _WireFunction(BaseModel):
    name: str
    arguments: str | dict[str, Any] | None = None


class _WireCustom(BaseModel):
    name: str
    input: str = ""


class _WireToolCall(BaseModel):
    id: str | None = None
    function: _WireFunction | None = None
    custom: _WireCustom | None = None

    @model_validator(mode="after")
    def _has_a_call(self) -> _WireToolCall:
        if self.function is None and self.custom is None:
            raise ValueError("a tool call needs a function (or custom) name and arguments")
        return self


class _WireMessage(BaseModel):
    content: str | None = None
    refusal: str | None = None
    tool_calls: list[_WireToolCall] | None = None


class _WireChoice(BaseModel):
    message: _WireMessage


class _WireUsage(BaseModel):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class _WireCompletion(BaseModel):
    choices: list[_WireChoice] = Field(min_length=1)
    usage: _WireUsage | None = None
    model: str | None = None


def _api_message(exc: Any) -> str:
    body = exc.body
    if isinstance(body, Mapping):
        message = body.get("message")
        if isinstance(message, str) and message:
            return message.rstrip(".")
    if isinstance(body, str) and body.strip():
        text = body.strip()
        return text if len(text) <= 300 else text[:300] + "…"
    return "no error message in the response"


def _retry_facts(exc: Any) -> tuple[bool, float | None]:
    """Whether a failed request may succeed if sent again, and the seconds the server asked to
    wait (``Retry-After``), by the openai client's own rules: timeouts and dropped connections,
    HTTP 408, 409, 429 and 5xx, unless the server said ``x-should-retry: false``."""
    # lazy: the OpenAI SDK takes ~0.4 s to load; replays and mock runs never need it
    import openai

    if isinstance(exc, openai.APIConnectionError):  # timeouts included
        return True, None
    if not isinstance(exc, openai.APIStatusError):
        return False, None
    headers = exc.response.headers
    should = headers.get("x-should-retry")
    transient = (
        should == "true"
        if should in ("true", "false")
        else exc.status_code in (408, 409, 429) or exc.status_code >= 500
    )
    return transient, _retry_after(headers)


def _retry_after(headers: Any) -> float | None:
    """``retry-after-ms``, else ``retry-after`` in seconds or as an HTTP date."""

    try:
        if headers.get("retry-after-ms") is not None:
            return float(headers["retry-after-ms"]) / 1000
        raw = headers.get("retry-after")
        if raw is None:
            return None
        try:
            return float(raw)
        except ValueError:
            when = email.utils.parsedate_to_datetime(raw)
            return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _status_advice(status: int) -> str:
    if status in (401, 403):
        return (
            "Check OPENAI_API_KEY (is it valid for this base_url?), or give the task "
            "mock_responses."
        )
    if status == 404:
        return "Check the model name (OPENAI_MODEL) and base_url (OPENAI_BASE_URL)."
    if status == 429:
        return (
            "Rate limit or quota reached: wait and run again, let the task retry more or more "
            "slowly (TaskConfig(max_retries=5, retry_delay_seconds=2), or requests_per_second="
            "...), or check the account's quota and billing."
        )
    if status in (400, 413, 422):
        return (
            "The API rejected the request: check that the model supports tool calls and that "
            "the conversation fits its context window."
        )
    if status >= 500:
        return "The server failed: retry later, or give the task mock_responses."
    return "Retry, or give the task mock_responses."


def provider_from_env(
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    timeout_s: float = 60.0,
    max_retries: int = 2,
) -> OpenAIProvider:
    """An :class:`OpenAIProvider` whose unset arguments come from ``OPENAI_MODEL`` (default
    ``gpt-4o-mini``), ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``."""
    return OpenAIProvider(
        model=model or os.environ.get("OPENAI_MODEL") or DEFAULT_MODEL,
        base_url=base_url or os.environ.get("OPENAI_BASE_URL") or None,
        api_key=api_key or os.environ.get("OPENAI_API_KEY") or None,
        timeout_s=timeout_s,
        max_retries=max_retries,
    )
