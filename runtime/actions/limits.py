"""Limits of ``TaskConfig``: retries with backoff, request rates, memory.

- :class:`RetryPolicy` (``max_retries``, ``retry_delay_seconds``): the delay before retry *n*
  is ``retry_delay_seconds * 2**n`` times a jitter in [0.75, 1], capped at 60 s — or what the
  server asked for in ``Retry-After`` when it says. Model requests use it for transient
  failures (timeouts, connection errors, HTTP 408/409/429/5xx); a replay uses it for a step
  that raised a transient error, but only for read-only and idempotent actions.
- :func:`shared_limiter` (``requests_per_second``, ``concurrent_requests``): one limiter per
  resource (model requests, browser navigations) and setting, shared by every thread of the
  process, so runs started with :meth:`Task.run_async` (or a batch) do not stampede an endpoint.
- :func:`apply_memory_limit` (``max_memory_mb``): a memory limit on the current process
  (``resource.setrlimit``), for worker processes only — a thread cannot have its own.
"""

from __future__ import annotations

import contextlib
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "RequestLimiter",
    "RetryPolicy",
    "apply_memory_limit",
    "is_transient",
    "shared_limiter",
]

MAX_DELAY_S = 60.0
"""No single wait between retries is longer, whatever the policy or the server says."""

Waiter = Callable[[float], None]
"""Waits up to the given seconds; may raise to stop the wait (a cancelled run)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait before trying a transient failure again."""

    max_retries: int = 2
    delay_s: float = 1.0

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (from 0)."""
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, MAX_DELAY_S)
        base = min(self.delay_s * (2**retry), MAX_DELAY_S)
        return base * (1 - 0.25 * random.random())


def is_transient(exc: BaseException, declared: tuple[type[BaseException], ...] = ()) -> bool:
    """Whether trying again may succeed: a timeout, a connection error, a model error marked
    transient, or an exception the action declared transient (``@action(transient=...)``)."""
    if declared and isinstance(exc, declared):
        return True
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    return bool(getattr(exc, "transient", False))


class RequestLimiter:
    """At most ``per_second`` request starts per second and ``concurrent`` requests at once,
    across threads. A wait can be cut short by the ``waiter`` (a cancelled run)."""

    def __init__(self, per_second: float | None, concurrent: int | None) -> None:
        self.per_second = per_second
        self.concurrent = concurrent
        self._interval = 1.0 / per_second if per_second else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(concurrent) if concurrent else None
        self.waited_s = 0.0
        """Total time callers waited for a slot (for reports and tests)."""

    @contextlib.contextmanager
    def slot(self, waiter: Waiter | None = None) -> Iterator[None]:
        wait = waiter or time.sleep
        started = time.monotonic()
        if self._slots is not None:
            while not self._slots.acquire(timeout=0.05):
                wait(0)  # lets a cancelled run stop while it queues
        try:
            if self._interval:
                with self._lock:
                    now = time.monotonic()
                    start = max(now, self._next)
                    self._next = start + self._interval
                if start > now:
                    wait(start - now)
            with self._lock:
                self.waited_s += time.monotonic() - started
            yield
        finally:
            if self._slots is not None:
                self._slots.release()


Resource = Literal["model", "browser"]

_LIMITERS: dict[tuple[Resource, float | None, int | None], RequestLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def shared_limiter(
    resource: Resource, per_second: float | None, concurrent: int | None
) -> RequestLimiter | None:
    """The process-wide limiter of ``resource`` for these settings (``None`` when unlimited):
    every run with the same settings shares it, whatever thread it runs in."""
    if per_second is None and concurrent is None:
        return None
    key = (resource, per_second, concurrent)
    with _LIMITERS_LOCK:
        found = _LIMITERS.get(key)
        if found is None:
            found = _LIMITERS[key] = RequestLimiter(per_second, concurrent)
        return found


def apply_memory_limit(max_memory_mb: int) -> str | None:
    """Limit the memory this process may allocate to ``max_memory_mb``; an allocation beyond it
    raises ``MemoryError``. For a worker process (``recipe run --detach``, batch workers): each
    process it starts (a browser's) gets the same limit of its own. On Linux this is
    ``RLIMIT_DATA`` (the memory written to, heap and mappings alike): the address-space limit
    ``RLIMIT_AS`` would stop Chromium, which reserves far more address space than it uses;
    elsewhere ``RLIMIT_AS``. Returns why it could not be applied (no ``resource`` module, a
    lower hard limit), else ``None``."""
    try:  # lazy: POSIX only, so other platforms still load this module
        import resource
    except ImportError:  # pragma: no cover - Windows
        return "max_memory_mb is not enforced on this platform (no resource module)"
    kind = resource.RLIMIT_DATA if sys.platform.startswith("linux") else resource.RLIMIT_AS
    limit = max_memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY and hard < limit:
        limit = hard
    try:
        resource.setrlimit(kind, (limit, hard))
    except (ValueError, OSError) as exc:
        return f"max_memory_mb={max_memory_mb} could not be applied: {exc}"
    return None
