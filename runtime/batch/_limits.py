"""The bounded pool rows needing the model go through: at most ``concurrent_requests`` model
requests at once and at most ``requests_per_second`` started per second, across every worker of
a batch — a thousand failing rows do not stampede the model endpoint.

The bound is applied to each model request (where the endpoint feels it), by wrapping the
task's model provider in :class:`LimitedProvider`. The limiter behind it is shared by all
workers: a semaphore and a clock in shared memory for worker processes
(:class:`ProcessLimiter`), an actor for Ray (``runtime.batch._ray``).
"""

from __future__ import annotations

import threading
import time
from typing import Any, Protocol

from runtime.agent.messages import Message
from runtime.agent.providers import AIResponse, ModelProvider
from runtime.store.history import ModelTurn


class Limiter(Protocol):
    """Admits one model request: ``acquire`` blocks until it may start, ``release`` after."""

    def acquire(self) -> None: ...

    def release(self) -> None: ...


class ThreadLimiter:
    """The limiter of a batch run in one process."""

    def __init__(self, concurrent: int, per_second: float | None) -> None:
        self._slots = threading.BoundedSemaphore(concurrent)
        self._lock = threading.Lock()
        self._interval = 1.0 / per_second if per_second else 0.0
        self._next = 0.0

    def acquire(self) -> None:
        self._slots.acquire()
        if self._interval:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + self._interval
            time.sleep(max(0.0, start - now))

    def release(self) -> None:
        self._slots.release()


class ProcessLimiter:
    """The limiter shared by worker processes: made in the parent and handed to each worker
    when it starts (``multiprocessing`` primitives travel only that way). The monotonic clock
    is the machine's, so the pacing holds across processes."""

    def __init__(self, context: Any, concurrent: int, per_second: float | None) -> None:
        self._slots = context.BoundedSemaphore(concurrent)
        self._next = context.Value("d", 0.0)
        self._interval = 1.0 / per_second if per_second else 0.0

    def acquire(self) -> None:
        self._slots.acquire()
        if self._interval:
            with self._next.get_lock():
                now = time.monotonic()
                start = max(now, self._next.value)
                self._next.value = start + self._interval
            time.sleep(max(0.0, start - now))

    def release(self) -> None:
        self._slots.release()


class LimitedProvider:
    """A model provider whose requests go through a :class:`Limiter`, noting each turn's
    tokens and time (for the row's report)."""

    def __init__(self, inner: ModelProvider, limiter: Limiter) -> None:
        self.inner = inner
        self.limiter = limiter
        self.name = inner.name
        self.turns: list[ModelTurn] = []

    def complete(
        self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        self.limiter.acquire()
        start = time.perf_counter()
        try:
            response = self.inner.complete(messages, tools, turn=turn)
        finally:
            self.limiter.release()
        self.turns.append(
            ModelTurn(
                turn=turn,
                input_tokens=response.input_tokens or 0,
                output_tokens=response.output_tokens or 0,
                duration_s=time.perf_counter() - start,
                cost=getattr(response, "cost", None),
                calls=tuple(call.name for call in response.tool_calls),
            )
        )
        return response
