"""Every fault a model endpoint can throw at an agent run, through the real ``openai`` client
against a loopback server: a fault that a retry can get past is got past (the run finishes and
writes its recipe); any other is one :class:`ModelError` that names the endpoint and says what
came back, the run so far is kept in ``runs/``, and the recipe already there is untouched."""

from __future__ import annotations

import inspect
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from faults.conftest import FaultLog
from faults.fault_kit import (
    SHIP_INPUTS,
    STOCK,
    restock_agent,
    restock_task,
    ship_agent,
    ship_task,
    stray_files,
)
from runtime import TaskConfig
from runtime.agent.messages import UserMessage
from runtime.agent.providers import (
    AIResponse,
    OpenAIProvider,
    allow_model_requests,
    provider_from_env,
)
from runtime.errors import FallbackError, ModelError
from runtime.testing import FakeHTTPError, FakeOpenAIServer, FakeRawAnswer

KEY = "sk"
"""A key short enough to occur inside words ("task", "ask"): only the key itself is masked."""

ANSWER = json.dumps(
    {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Thinking about the order."},
                "finish_reason": "stop",
            }
        ],
    }
)
"""A well-formed answer, for the faults that cut one off."""

LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Sign in to continue"
    "</h1><form action='/login'><input name='user'></form></body></html>"
)

ONCE = {
    "429 with Retry-After": FakeHTTPError(
        429, "Rate limit reached", "rate_limit_error", retry_after="0.05"
    ),
    "429 without Retry-After": FakeHTTPError(429, "Rate limit reached", "rate_limit_error"),
    "500 with Retry-After": FakeHTTPError(500, retry_after="0.05"),
    "500 without Retry-After": FakeHTTPError(500),
    "503 with Retry-After": FakeHTTPError(503, "The engine is overloaded.", retry_after="0.05"),
    "503 without Retry-After": FakeHTTPError(503, "The engine is overloaded."),
    "a hang (the request times out)": FakeRawAnswer(ANSWER, delay_s=5),
    "a body cut off": FakeRawAnswer(ANSWER, cut_after=40),
    "a chunked stream cut off": FakeRawAnswer(ANSWER, cut_after=40, chunked=True),
    "a connection closed without an answer": FakeRawAnswer(ANSWER, cut_after=0),
}
"""Faults a retry gets past: each is injected once, at the third model turn."""

RETRIED_OUT = {
    "429 until the retries run out": (
        FakeHTTPError(
            429,
            f"Rate limit reached for key {KEY} in this project",
            "rate_limit_error",
            None,
            "0.05",
        ),
        r"HTTP 429",
    ),
    "500 until the retries run out": (FakeHTTPError(500, retry_after="0.05"), r"HTTP 500"),
    "503 until the retries run out": (
        FakeHTTPError(503, "The engine is overloaded.", retry_after="0.05"),
        r"HTTP 503 .*overloaded",
    ),
    "a hang every time": (FakeRawAnswer(ANSWER, delay_s=5), r"No answer .* within 0\.5s"),
    "a body cut off every time": (
        FakeRawAnswer(ANSWER, cut_after=40),
        r"broke off before it was complete",
    ),
    "a stream cut off every time": (
        FakeRawAnswer(ANSWER, cut_after=40, chunked=True),
        r"broke off before it was complete",
    ),
}
"""Faults repeated for every request, however often the client retries."""

FATAL = {
    "an HTML login page with 200": (
        FakeRawAnswer(LOGIN_PAGE, content_type="text/html"),
        r"not JSON.*Sign in to continue",
    ),
    "`{not json` with 200": (FakeRawAnswer("{not json"), r"not JSON.*\{not json"),
    "a message that is a number": (
        FakeRawAnswer('{"choices":[{"message":5}]}'),
        r"not a chat completion \(choices\.0\.message",
    ),
    "no choices": (FakeRawAnswer('{"choices":[]}'), r"not a chat completion \(choices"),
    "an empty body with 200": (FakeRawAnswer(""), r"not JSON.*it was empty"),
    "a tool call with no function": (
        FakeRawAnswer('{"choices":[{"message":{"role":"assistant","tool_calls":[{"id":"c"}]}}]}'),
        r"tool_calls\.0",
    ),
    "usage that is not an object": (
        FakeRawAnswer('{"choices":[{"message":{"content":"hi"}}],"usage":"lots"}'),
        r"usage",
    ),
    "401 (a wrong key)": (
        FakeHTTPError(401, "Incorrect API key provided.", "invalid_request_error"),
        r"HTTP 401 .*OPENAI_API_KEY",
    ),
    "404 (an unknown model)": (
        FakeHTTPError(404, "The model does not exist.", "invalid_request_error"),
        r"HTTP 404 .*OPENAI_MODEL",
    ),
    "400 (the context is too long)": (
        FakeHTTPError(400, "This model's maximum context length is 128000 tokens."),
        r"HTTP 400 .*context window",
    ),
}
"""Faults no retry can fix (answered again if the client tries again)."""


def _provider(server: FakeOpenAIServer) -> OpenAIProvider:
    return OpenAIProvider(
        model="fake-model", base_url=server.base_url, api_key=KEY, max_retries=1, timeout_s=0.5
    )


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose ``ship_order`` recipe was recorded once (with mocks)."""
    root = tmp_path_factory.mktemp("recorded")
    ship_task(root, ship_agent()).run(**SHIP_INPUTS)
    return root


def _copy(recorded: Path, tmp_path: Path) -> Path:
    shutil.copytree(recorded, tmp_path / "project")
    return tmp_path / "project"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "runs" not in p.parts
    }


def _options_exist(message: str) -> list[str]:
    """Options the message advises (``name=...``) that neither TaskConfig nor
    ``provider_from_env`` takes."""
    known = set(TaskConfig.model_fields) | set(inspect.signature(provider_from_env).parameters)
    calls = re.findall(r"(?:TaskConfig|provider_from_env|OpenAIProvider)\(([^)]*)\)", message)
    advised = {name for args in calls for name in re.findall(r"\b([a-z_]+)=", args)}
    advised |= set(re.findall(r"\b(?:[Rr]aise|[Ss]et|[Ii]ncrease) ([a-z]+_[a-z_]+)\b", message))
    return sorted(advised - known)


@pytest.mark.slow
def test_faults_a_retry_gets_past_are_got_past(tmp_path: Path, faults: FaultLog) -> None:
    problems: list[str] = []
    for name, fault in ONCE.items():
        script: list[Any] = [*ship_agent()[:2], fault, *ship_agent()[2:]]
        root = tmp_path / re.sub(r"\W+", "_", name)
        with FakeOpenAIServer(script) as server, allow_model_requests():
            task = ship_task(root, provider=_provider(server))
            try:
                outputs = task.run(**SHIP_INPUTS)
            except ModelError as exc:
                problems.append(f"{name}: {exc}")
                faults.injected(f"{name}, once", survived=False)
                continue
        run = task.last_run
        ok = (
            outputs.tracking == "T-R-pen-2-std"
            and run is not None
            and run.model_calls == 5
            and task.folder.has_recipe()
            and server.remaining == 0
        )
        if not ok:
            problems.append(f"{name}: the run did not finish as recorded ({run})")
        faults.injected(f"{name}, once", survived=ok)
    assert problems == []


def _check_fatal(
    name: str, fault: FakeHTTPError | FakeRawAnswer, pattern: str, recorded: Path, tmp_path: Path
) -> tuple[list[str], int]:
    """Re-record over an existing recipe while the endpoint fails at the third turn; returns
    the problems found and the number of files lost."""
    root = _copy(recorded, tmp_path / re.sub(r"\W+", "_", name))
    folder = root / "recipes" / "ship_order"
    before = _files(folder)
    problems: list[str] = []
    with FakeOpenAIServer(ship_agent()[:2], then=fault) as server, allow_model_requests():
        task = ship_task(root, provider=_provider(server))
        try:
            task.run_agent(**SHIP_INPUTS)
        except ModelError as exc:
            error: ModelError | None = exc
        else:
            error = None
    if error is None:
        return [f"{name}: no ModelError"], 0
    message = str(error)
    if server.base_url not in message:
        problems.append(f"{name}: the error does not name the endpoint: {message}")
    if not re.search(pattern, message, re.S):
        problems.append(f"{name}: the error does not say {pattern!r}: {message}")
    if error.__cause__ is not None or not error.__suppress_context__:
        problems.append(f"{name}: the error chains a traceback from inside")
    if re.search(rf"(?<![\w-]){KEY}(?![\w-])", message):
        problems.append(f"{name}: the API key shows: {message}")
    if "max_retries" in message and "ma***" in message:
        problems.append(f"{name}: the key was masked inside a word: {message}")
    unknown = _options_exist(message)
    if unknown:
        problems.append(f"{name}: the error advises options that do not exist: {unknown}")
    logs = sorted((folder / "runs").glob("*.json"))
    lost = 0
    if len(logs) != 1 or str(logs[0]) not in message:
        problems.append(f"{name}: the run log is not kept (or not named): {message}")
        lost += 1
    elif [s["action"]["name"] for s in json.loads(logs[0].read_text())["steps"]] != [
        "get_stock",
        "reserve",
    ]:
        problems.append(f"{name}: the run log lacks the steps done before the fault")
        lost += 1
    after = _files(folder)
    lost += sum(1 for path, data in before.items() if after.get(path) != data)
    if stray_files(folder):
        problems.append(f"{name}: stray files {stray_files(folder)}")
    return problems, lost


@pytest.mark.slow
def test_faults_that_outlast_the_retries_are_clear_errors_and_keep_the_run(
    recorded: Path, tmp_path: Path, faults: FaultLog
) -> None:
    problems: list[str] = []
    for name, (fault, pattern) in RETRIED_OUT.items():
        found, lost = _check_fatal(name, fault, pattern, recorded, tmp_path)
        problems += found
        faults.injected(name, survived=not found, lost=lost)
    assert problems == []


def test_answers_that_are_not_chat_completions_are_clear_errors_and_keep_the_run(
    recorded: Path, tmp_path: Path, faults: FaultLog
) -> None:
    problems: list[str] = []
    for name, (fault, pattern) in FATAL.items():
        found, lost = _check_fatal(name, fault, pattern, recorded, tmp_path)
        problems += found
        faults.injected(name, survived=not found, lost=lost)
    assert problems == []


def test_an_exhausted_rate_limit_masks_the_key_as_a_word_and_advises_real_options(
    recorded: Path, tmp_path: Path
) -> None:
    fault, _ = RETRIED_OUT["429 until the retries run out"]
    root = _copy(recorded, tmp_path)
    with FakeOpenAIServer([], then=fault) as server, allow_model_requests():
        task = ship_task(root, provider=_provider(server))
        with pytest.raises(ModelError) as info:
            task.run_agent(**SHIP_INPUTS)
    message = str(info.value)
    assert "for key *** in this project" in message
    assert "task" in message and "ta***" not in message  # "sk" inside a word stays
    assert "max_retries" in message
    assert _options_exist(message) == []


def test_a_garbage_answer_during_a_fallback_keeps_the_recipe_and_the_run(
    tmp_path: Path, faults: FaultLog
) -> None:
    restock_task(tmp_path, restock_agent()).run(item="lamp")
    folder = tmp_path / "recipes" / "restock"
    before = _files(folder)
    assert STOCK["desk"] == 0  # buying it raises: the recipe falls back
    with FakeOpenAIServer([FakeRawAnswer(LOGIN_PAGE, content_type="text/html")]) as server:
        task = restock_task(tmp_path).with_options(provider=_provider(server), mock_responses=None)
        with allow_model_requests(), pytest.raises(FallbackError) as info:
            task.run(item="desk")
    message = str(info.value)
    logs = sorted((folder / "runs").glob("*.json"))
    lost = sum(1 for path, data in before.items() if _files(folder).get(path) != data)
    survived = (
        "Sign in to continue" in message
        and server.base_url in message
        and len(logs) == 1
        and str(logs[0]) in message
        and lost == 0
    )
    faults.injected("an HTML login page during a fallback", survived=survived, lost=lost)
    assert survived, message


def test_a_fake_server_answer_is_still_a_normal_answer() -> None:
    """The fault kit does not break the plain path: a raw well-formed answer is read."""
    answer = FakeRawAnswer(ANSWER, chunked=True)
    with FakeOpenAIServer([answer]) as server, allow_model_requests():
        response = _provider(server).complete([UserMessage(content="x")], [], turn=0)
    assert response == AIResponse(
        content="Thinking about the order.",
        model="fake-model",
        latency_s=response.latency_s,
        input_tokens=response.input_tokens,
        output_tokens=response.output_tokens,
    )
