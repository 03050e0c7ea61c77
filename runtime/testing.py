"""Test doubles that ship with the library.

:class:`FakeOpenAIServer` is a real HTTP server on 127.0.0.1 that speaks just enough of the
OpenAI chat completions API for the real ``openai`` client (and so :class:`OpenAIProvider`) to
run against it, answering from a script of :class:`AIResponse`, or of faults to inject:
:class:`FakeHTTPError` (any status, with or without ``Retry-After``) and :class:`FakeRawAnswer`
(any body — an HTML page, broken JSON —, a hang, a body cut off mid-way)::

    with FakeOpenAIServer([AIResponse(content="hi")]) as server:
        provider = OpenAIProvider(model="m", base_url=server.base_url, api_key="test")
        with allow_model_requests():
            provider.complete([UserMessage(content="hello")], [], turn=0)
        server.requests  # the JSON bodies the server received
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from runtime.agent.providers import AIResponse, estimate_tokens

__all__ = ["FakeHTTPError", "FakeOpenAIServer", "FakeRawAnswer"]

_CHAT_PATHS = frozenset({"/v1/chat/completions", "/chat/completions"})
_CREATED = 1_700_000_000  # a fixed timestamp keeps answers deterministic


@dataclass(frozen=True)
class FakeHTTPError:
    """A scripted failure: the server answers ``status`` with an OpenAI-style error body."""

    status: int
    message: str = "The server had an error while processing your request."
    type: str = "server_error"
    code: str | None = None
    retry_after: str | None = None
    """The ``Retry-After`` header (seconds), e.g. ``"0.05"``; none when None."""


@dataclass(frozen=True)
class FakeRawAnswer:
    """A scripted raw HTTP answer, to inject what a broken endpoint or proxy sends.

    ``body`` is sent as is (with ``status`` and ``content_type``) after ``delay_s`` seconds (a
    hang, when longer than the client's timeout). ``cut_after`` sends only that many bytes of
    the body and closes the connection: with ``chunked`` the body is a chunked stream that
    never ends, else the ``Content-Length`` announces the whole body (a truncated answer).
    """

    body: bytes | str = b""
    status: int = 200
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    cut_after: int | None = None
    chunked: bool = False


def _error_body(message: str, type_: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeOpenAIServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def _send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_raw(self, answer: FakeRawAnswer) -> None:
        data = answer.body.encode("utf-8") if isinstance(answer.body, str) else answer.body
        sent = data if answer.cut_after is None else data[: answer.cut_after]
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        if answer.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(data)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.cut_after is not None:
            self.send_header("Connection", "close")  # (http.server then closes after this answer)
        self.end_headers()
        if answer.chunked:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(sent), sent) if sent else b"")
            if answer.cut_after is None:
                self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(sent)
        if answer.cut_after is not None:
            self.wfile.flush()

    def do_GET(self) -> None:
        self._send_json(404, _error_body(f"Unknown path {self.path}", "invalid_request_error"))

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = raw.decode("utf-8", errors="replace")
        fake._record(body)
        path = self.path.split("?", 1)[0].rstrip("/")
        if path not in _CHAT_PATHS:
            self._send_json(404, _error_body(f"Unknown path {path}", "invalid_request_error"))
            return
        if fake.expected_api_key is not None and (
            self.headers.get("Authorization") != f"Bearer {fake.expected_api_key}"
        ):
            self._send_json(
                401,
                _error_body(
                    "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"
                ),
            )
            return
        if not isinstance(body, dict):
            self._send_json(
                400, _error_body("The request body must be a JSON object.", "invalid_request_error")
            )
            return
        index, item = fake._next()
        if item is None:
            # Running out is deterministic, so tell the client not to retry.
            self._send_json(
                500,
                _error_body(
                    f"FakeOpenAIServer has no response left for request #{index + 1} "
                    f"(it was given {len(fake.responses)}).",
                    "server_error",
                ),
                headers={"x-should-retry": "false"},
            )
            return
        if isinstance(item, FakeHTTPError):
            retry = {"Retry-After": item.retry_after} if item.retry_after is not None else None
            self._send_json(item.status, _error_body(item.message, item.type, item.code), retry)
            return
        if isinstance(item, FakeRawAnswer):
            if item.delay_s > 0 and fake._stopping.wait(item.delay_s):
                return
            self._send_raw(item)
            return
        delay = fake._delay_for(item)
        if delay > 0 and fake._stopping.wait(delay):
            return
        self._send_json(200, fake._completion(item, body, index))


class FakeOpenAIServer:
    """A loopback OpenAI-compatible server answering ``POST /v1/chat/completions`` from a script.

    - ``responses`` are served in order, one per request; a :class:`FakeHTTPError` or a
      :class:`FakeRawAnswer` in the list answers that request with that fault instead. Out of
      responses → ``then``, a fault repeated for every later request (however many retries
      the client makes), else HTTP 500 (with ``x-should-retry: false``).
    - ``expected_api_key``: when set, requests without ``Authorization: Bearer <key>`` get 401.
    - ``simulate_latency``: wait each response's recorded ``latency_s`` before answering.
    - ``default_latency_s``: wait this long before answers that have no latency to replay.
    - Token usage comes from the response, else the same estimate :class:`MockProvider` uses.

    ``requests`` holds every JSON body received, in order.
    """

    def __init__(
        self,
        responses: Sequence[AIResponse | FakeHTTPError | FakeRawAnswer],
        *,
        model: str = "fake-model",
        expected_api_key: str | None = None,
        simulate_latency: bool = False,
        default_latency_s: float | None = None,
        then: FakeHTTPError | FakeRawAnswer | None = None,
    ) -> None:
        self.responses: list[AIResponse | FakeHTTPError | FakeRawAnswer] = list(responses)
        self.then = then
        self.model = model
        self.expected_api_key = expected_api_key
        self.simulate_latency = simulate_latency
        self.default_latency_s = default_latency_s
        self.requests: list[Any] = []
        self.used = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    # ----------------------------------------------------------------------- lifecycle

    def start(self) -> FakeOpenAIServer:
        """Bind a free port on 127.0.0.1 and serve in a background thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._port = int(server.server_address[1])
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="FakeOpenAIServer",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (pending delayed answers are dropped)."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        """The bound port (still readable after :meth:`stop`, for assertions on messages)."""
        if self._port is None:
            raise RuntimeError("FakeOpenAIServer was never started; use it as a context manager.")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>/v1``, to pass as ``base_url``."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def remaining(self) -> int:
        """Scripted answers not served yet (``then`` answers count as served)."""
        with self._lock:
            return max(0, len(self.responses) - self.used)

    # ----------------------------------------------------------------------- serving

    def _record(self, body: Any) -> None:
        with self._lock:
            self.requests.append(body)

    def _next(self) -> tuple[int, AIResponse | FakeHTTPError | FakeRawAnswer | None]:
        with self._lock:
            index = self.used
            if index >= len(self.responses):
                if self.then is not None:
                    self.used += 1
                return index, self.then
            self.used += 1
            return index, self.responses[index]

    def _delay_for(self, response: AIResponse) -> float:
        if self.simulate_latency and response.latency_s is not None:
            return response.latency_s
        return self.default_latency_s or 0.0

    def _completion(self, response: AIResponse, request: dict[str, Any], index: int) -> Any:
        message = response.to_message()
        if response.tool_calls:
            message["tool_calls"] = [
                call.to_openai(f"call_{index}_{i}") for i, call in enumerate(response.tool_calls)
            ]
        message["refusal"] = None
        messages = request.get("messages") or []
        tools = request.get("tools") or []
        prompt_tokens = response.input_tokens
        if prompt_tokens is None:
            prompt_tokens = estimate_tokens([*messages, *tools])
        completion_tokens = response.output_tokens
        if completion_tokens is None:
            completion_tokens = estimate_tokens(response.to_message())
        return {
            "id": f"chatcmpl-fake-{index}",
            "object": "chat.completion",
            "created": _CREATED + index,
            "model": response.model or request.get("model") or self.model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": "tool_calls" if response.tool_calls else "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
