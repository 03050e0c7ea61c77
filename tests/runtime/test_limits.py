"""TaskConfig limits: a time limit for agent runs, replays and fallbacks; retries of model
requests and of transient replay steps (never of an effect); shared request limiters; memory."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from compiler.ir import load_trace
from runtime import (
    AIResponse,
    FallbackError,
    ModelError,
    Task,
    TaskConfig,
    TimeLimitExceeded,
    ToolCall,
    action,
)
from runtime.actions.control import RunControl, call_action, prepared, run_scope
from runtime.actions.decorator import Action
from runtime.actions.limits import RequestLimiter, RetryPolicy, shared_limiter
from runtime.agent.providers import OpenAIProvider, allow_model_requests
from runtime.testing import FakeHTTPError, FakeOpenAIServer

SLEEP = {"s": 0.0, "check": 0.0}
FAILS: dict[str, int] = {}
CALLS: list[str] = []


class Busy(Exception):
    """The reservation service is busy: try again."""


def _maybe_fail(name: str, exc: BaseException) -> None:
    CALLS.append(name)
    if FAILS.get(name, 0) > 0:
        FAILS[name] -= 1
        raise exc


@action(read_only=True)
def lookup(item: str) -> int:
    """How many of an item are in stock (slow when the test says so)."""
    time.sleep(SLEEP["s"])
    _maybe_fail("lookup", TimeoutError("the stock service timed out"))
    return len(item)


@action(read_only=True)
def check(item: str) -> bool:
    """Check the item over (slow when the test says so)."""
    time.sleep(SLEEP["check"])
    return True


@action(idempotent=True, transient=(Busy,))
def reserve(item: str) -> str:
    """Reserve the item (reserving it twice reserves it once)."""
    _maybe_fail("reserve", Busy("try again"))
    return f"r-{item}"


@action
def ship(item: str, count: int) -> str:
    """Ship the items (a change: never repeated silently)."""
    _maybe_fail("ship", ConnectionError("the carrier dropped the connection"))
    return f"s-{item}"


@pytest.fixture(autouse=True)
def _reset() -> None:
    SLEEP["s"] = SLEEP["check"] = 0.0
    FAILS.clear()
    CALLS.clear()


def call(name: str, **args: Any) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, args)])


def flow(tmp_path: Path, mocks: list[AIResponse] | None = None, **config: Any) -> Task[Any]:
    """lookup → reserve → ship → finish(shipment)."""
    return Task(
        "Reserve and ship the item.",
        name="ship_item",
        inputs={"item": str},
        outputs=str,
        actions=[lookup, check, reserve, ship],
        recipe_dir=tmp_path / "recipes",
        mock_responses=mocks,
        config=TaskConfig(**config),
    )


def flow_answers() -> list[AIResponse]:
    return [
        call("lookup", item="pen"),
        call("reserve", item="pen"),
        call("ship", item="pen", count={"$ref": "lookup_1"}),
        call("finish", result={"$ref": "ship_1"}),
    ]


def recorded(tmp_path: Path) -> None:
    flow(tmp_path, flow_answers()).run(item="pen")
    CALLS.clear()


# --------------------------------------------------------------------------- time limit


def run_log(exc: BaseException) -> Path:
    return Path(str(exc).rsplit("kept in ", 1)[1].rstrip("."))


def test_an_agent_run_stops_at_the_next_boundary_past_its_time_limit(tmp_path: Path) -> None:
    SLEEP["s"] = 0.3
    task = flow(tmp_path, flow_answers(), max_duration_seconds=0.2)
    with pytest.raises(TimeLimitExceeded) as info:
        task.run(item="pen")
    message = str(info.value)
    assert "max_duration_seconds=0.2" in message and "before model turn 2" in message
    assert "Raise TaskConfig(max_duration_seconds=...)" in message
    log = load_trace(run_log(info.value).read_bytes())
    assert [s.action.name for s in log.steps] == ["lookup"]  # the run so far is kept
    assert CALLS == ["lookup"] and not task.folder.has_recipe()


def test_a_replay_stops_before_the_next_action_and_does_not_fall_back(tmp_path: Path) -> None:
    recorded(tmp_path)
    SLEEP["s"] = 0.3
    task = flow(tmp_path, [], max_duration_seconds=0.2)  # any model call would fail
    with pytest.raises(TimeLimitExceeded) as info:
        task.run(item="pen")
    assert "before the action reserve" in str(info.value)
    assert CALLS == ["lookup"]  # nothing after the boundary ran: no reservation, no shipment
    log = load_trace(run_log(info.value).read_bytes())
    assert log.mode == "recipe" and [s.action.name for s in log.steps] == ["lookup"]


def test_a_fallback_stops_at_its_time_limit_and_leaves_the_recipe_alone(tmp_path: Path) -> None:
    recorded(tmp_path)
    recipe = (tmp_path / "recipes" / "ship_item" / "recipe.py").read_text()
    FAILS["ship"] = 5
    task = flow(
        tmp_path,
        [call("check", item="pen"), call("finish", result="later")],
        # (A second: the fallback's own start, a first compile and format in a fresh process on
        # a loaded machine, must not use the time up before its first turn.)
        max_duration_seconds=1.0,
        max_retries=0,
    )
    SLEEP["check"] = 1.1
    with pytest.raises(TimeLimitExceeded) as info:
        task.run(item="pen")
    assert "before model turn 2" in str(info.value)
    assert "The recipe and trace are unchanged" in str(info.value)
    assert (tmp_path / "recipes" / "ship_item" / "recipe.py").read_text() == recipe


# --------------------------------------------------------------------------- retries


def openai_task(tmp_path: Path, server: FakeOpenAIServer, **config: Any) -> Task[Any]:
    provider = OpenAIProvider(
        model="gpt-4o-mini", base_url=server.base_url, api_key="sk-test", max_retries=0
    )
    return Task(
        "Look the item up.",
        name="look",
        inputs={"item": str},
        outputs=int,
        actions=[lookup],
        recipe_dir=tmp_path / "recipes",
        provider=provider,
        config=TaskConfig(**config),
    )


FINISH = AIResponse(tool_calls=[ToolCall("finish", {"result": 3})])


def test_model_requests_are_retried_with_backoff_honouring_retry_after(tmp_path: Path) -> None:
    script = [FakeHTTPError(429, "slow down", retry_after="0.3"), FakeHTTPError(503), FINISH]
    with FakeOpenAIServer(script) as server, allow_model_requests():
        task = openai_task(tmp_path, server, max_retries=2, retry_delay_seconds=0.01)
        start = time.monotonic()
        assert task.run(item="pen") == 3
        assert time.monotonic() - start >= 0.3  # the server's Retry-After, not 0.01 s
        assert len(server.requests) == 3
    assert task.last_run is not None and task.last_run.model_calls == 1


def test_retries_end_with_an_error_that_says_how_often_it_tried(tmp_path: Path) -> None:
    with FakeOpenAIServer([FakeHTTPError(500)] * 3) as server, allow_model_requests():
        task = openai_task(tmp_path, server, max_retries=2, retry_delay_seconds=0.01)
        with pytest.raises(ModelError) as info:
            task.run(item="pen")
        assert len(server.requests) == 3
    assert "HTTP 500" in str(info.value)
    assert "Tried 3 times: TaskConfig(max_retries=2, retry_delay_seconds=0.01)" in str(info.value)


def test_a_request_the_server_rejects_is_not_retried(tmp_path: Path) -> None:
    with FakeOpenAIServer([FakeHTTPError(400, "bad tools"), FINISH]) as server:
        with allow_model_requests():
            task = openai_task(tmp_path, server, max_retries=3, retry_delay_seconds=0.01)
            with pytest.raises(ModelError, match="HTTP 400"):
                task.run(item="pen")
        assert len(server.requests) == 1


def test_a_replay_retries_a_read_only_step_that_timed_out(tmp_path: Path) -> None:
    recorded(tmp_path)
    FAILS["lookup"] = 1
    task = flow(tmp_path, [], retry_delay_seconds=0.01)
    assert task.run(item="pen") == "s-pen"
    run = task.last_run
    assert run is not None and run.mode == "recipe" and run.model_calls == 0
    assert CALLS == ["lookup", "lookup", "reserve", "ship"]
    assert any("lookup raised TimeoutError" in w and "read-only" in w for w in run.warnings)


def test_an_idempotent_action_is_retried_on_the_exceptions_it_declares(tmp_path: Path) -> None:
    recorded(tmp_path)
    FAILS["reserve"] = 2
    task = flow(tmp_path, [], retry_delay_seconds=0.01)
    assert task.run(item="pen") == "s-pen"
    assert CALLS.count("reserve") == 3


def test_an_effect_is_never_retried_the_fallback_takes_over(tmp_path: Path) -> None:
    recorded(tmp_path)
    FAILS["ship"] = 1
    task = flow(tmp_path, [call("finish", result="not shipped")], retry_delay_seconds=0.01)
    assert task.run(item="pen") == "not shipped"
    assert CALLS.count("ship") == 1  # a connection error, but ship changes something
    assert task.last_run is not None and task.last_run.mode == "recipe+fallback"


def test_retries_give_up_after_max_retries_then_fall_back(tmp_path: Path) -> None:
    recorded(tmp_path)
    FAILS["lookup"] = 10
    task = flow(tmp_path, [call("finish", result="gave up")], max_retries=2, retry_delay_seconds=0)
    assert task.run(item="pen") == "gave up"
    assert CALLS.count("lookup") == 3
    run = task.last_run
    assert run is not None and run.failed_step == 1


def test_retry_delays_double_with_jitter() -> None:
    policy = RetryPolicy(max_retries=3, delay_s=1.0)
    for retry, base in enumerate([1.0, 2.0, 4.0]):
        assert 0.75 * base <= policy.delay(retry) <= base
    assert policy.delay(0, retry_after=7) == 7
    assert policy.delay(0, retry_after=600) == 60  # capped


# --------------------------------------------------------------------------- rate limits


class CountingModel:
    """A model that takes 50 ms per answer and notes how many requests overlap."""

    name = "gpt-4o-mini"

    def __init__(self) -> None:
        self.active = 0
        self.peak = 0
        self.starts: list[float] = []
        self.lock = threading.Lock()

    def complete(self, messages: Any, tools: Any, *, turn: int) -> AIResponse:
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            self.starts.append(time.monotonic())
        time.sleep(0.05)
        with self.lock:
            self.active -= 1
        return AIResponse(tool_calls=[ToolCall("finish", {"result": 1})])


def run_in_threads(tasks: list[Task[Any]]) -> None:
    threads = [threading.Thread(target=t.run_agent, kwargs={"item": "x"}) for t in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def counted_tasks(tmp_path: Path, model: CountingModel, n: int, **config: Any) -> list[Task[Any]]:
    return [
        Task(
            "Count.",
            name=f"count{i}",
            inputs={"item": str},
            outputs=int,
            recipe_dir=tmp_path / "recipes",
            provider=model,
            config=TaskConfig(**config),
        )
        for i in range(n)
    ]


def test_concurrent_requests_is_shared_by_every_thread(tmp_path: Path) -> None:
    model = CountingModel()
    run_in_threads(counted_tasks(tmp_path, model, 4, concurrent_requests=1))
    assert len(model.starts) == 4 and model.peak == 1


def test_requests_per_second_spaces_request_starts_across_threads(tmp_path: Path) -> None:
    model = CountingModel()
    run_in_threads(counted_tasks(tmp_path, model, 4, requests_per_second=10))
    starts = sorted(model.starts)
    assert all(b - a >= 0.09 for a, b in itertools.pairwise(starts))


def test_browser_navigations_have_their_own_shared_limiter(tmp_path: Path) -> None:
    visits: list[float] = []

    def navigate(url: str) -> None:
        visits.append(time.monotonic())

    nav: Action[..., Any] = Action(navigate)
    nav.module = "runtime.browser.actions"
    task = flow(tmp_path, requests_per_second=20)
    with run_scope(task, "recipe") as control:
        for _ in range(3):
            call_action(nav, {"url": "http://127.0.0.1/"}, control)
    assert visits[-1] - visits[0] >= 0.09
    assert shared_limiter("browser", 20, None) is control.browser_limiter
    assert shared_limiter("model", 20, None) is not control.browser_limiter


def test_a_cancelled_run_stops_waiting_for_a_slot() -> None:
    limiter = RequestLimiter(per_second=0.1, concurrent=None)
    control = RunControl()
    with limiter.slot(control.wait):
        pass  # the first start is free; the next waits 10 s
    threading.Timer(0.1, control.cancel_event.set).start()
    start = time.monotonic()
    with pytest.raises(Exception, match="cancelled"), limiter.slot(control.wait):
        pass
    # Cancelled, not waited out: well under the 10 s the slot would take (no tighter bound,
    # the machine may be slow).
    assert time.monotonic() - start < 9


# --------------------------------------------------------------------------- memory


def test_max_memory_mb_is_enforced_in_a_worker_process() -> None:
    code = (
        "from runtime.actions.limits import apply_memory_limit\n"
        "assert apply_memory_limit(300) is None\n"
        "try:\n"
        "    bytearray(600 * 1024 * 1024)\n"
        "except MemoryError:\n"
        "    raise SystemExit(3)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 3


def test_max_memory_mb_in_process_says_it_is_not_enforced(tmp_path: Path) -> None:
    task = flow(tmp_path, flow_answers(), max_memory_mb=512)
    task.run(item="pen")
    assert task.last_run is not None
    assert any("max_memory_mb=512 is not enforced" in w for w in task.last_run.warnings)


def test_a_prepared_control_is_adopted_by_the_run(tmp_path: Path) -> None:
    control = RunControl(execution_id="e1")
    with prepared(control):
        flow(tmp_path, flow_answers()).run(item="pen")
    assert control.report is not None and control.report.execution_id == "e1"
    assert control.steps_done == 3 and control.turns == 4


def test_fallback_errors_still_name_the_fallback(tmp_path: Path) -> None:
    recorded(tmp_path)
    FAILS["ship"] = 1
    with pytest.raises(FallbackError):
        flow(tmp_path, [], retry_delay_seconds=0).run(item="pen")
