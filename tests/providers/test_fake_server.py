"""FakeOpenAIServer on its own: the HTTP it speaks, latency and shutdown."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from runtime.agent.providers import AIResponse, ToolCall
from runtime.testing import FakeOpenAIServer

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _post(url: str, body: Any) -> tuple[int, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with _OPENER.open(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_serves_chat_completion_json_on_both_paths() -> None:
    scripted = [AIResponse(tool_calls=[ToolCall("search", {"q": 1})]), AIResponse(content="hi")]
    with FakeOpenAIServer(scripted, model="fake") as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
        status, first = _post(server.base_url + "/chat/completions", {"messages": []})
        root = server.base_url.removesuffix("/v1")
        _, second = _post(root + "/chat/completions", {"model": "asked", "messages": []})
    assert status == 200
    assert first["object"] == "chat.completion"
    assert first["model"] == "fake"
    choice = first["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["tool_calls"][0] == {
        "id": "call_0_0",
        "type": "function",
        "function": {"name": "search", "arguments": '{"q": 1}'},
    }
    usage = first["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert second["choices"][0]["finish_reason"] == "stop"
    assert second["choices"][0]["message"]["content"] == "hi"
    assert second["model"] == "asked"


def test_errors_are_openai_shaped() -> None:
    with FakeOpenAIServer([]) as server:
        status, body = _post(server.base_url + "/chat/completions", {"messages": []})
        missing, _ = _post(server.base_url + "/embeddings", {})
    assert status == 500
    assert "no response left for request #1" in body["error"]["message"]
    assert body["error"]["type"] == "server_error"
    assert missing == 404
    assert len(server.requests) == 2


def test_replays_recorded_latency_when_asked() -> None:
    scripted = [AIResponse(content="slow", latency_s=0.3), AIResponse(content="fast")]
    with FakeOpenAIServer(scripted, simulate_latency=True) as server:
        started = time.perf_counter()
        _post(server.base_url + "/chat/completions", {"messages": []})
        slow = time.perf_counter() - started
        started = time.perf_counter()
        _post(server.base_url + "/chat/completions", {"messages": []})
        fast = time.perf_counter() - started
    assert slow >= 0.3 > fast


def test_stops_quickly_with_a_delayed_answer_pending() -> None:
    server = FakeOpenAIServer([AIResponse(content="x")], default_latency_s=30).start()
    url = server.base_url + "/chat/completions"
    failures: list[Exception] = []

    def call() -> None:
        try:
            _post(url, {})
        except Exception as error:  # the connection closes without an answer
            failures.append(error)

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    deadline = time.monotonic() + 2
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    server.stop()  # returns although an answer is pending (a hang would stall the suite)
    assert not server.running
    worker.join(timeout=10)
    assert len(failures) == 1
    assert not server.running
    with pytest.raises(RuntimeError, match="never started"):
        _ = FakeOpenAIServer([]).base_url
