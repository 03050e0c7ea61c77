"""What a block of browser work costs in round trips, whatever the machine's load.

A diagnostic for benchmarks and tests (``bench/overhead.py``, ``tests/browser``), kept out of the
runtime because it patches a private method of Playwright (no public API counts the messages
to its driver): timings on a shared machine move with other work, the number of calls to the
browser does not.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

__all__ = ["driver_calls"]


@contextlib.contextmanager
def driver_calls() -> Iterator[list[str]]:
    """The calls to the Playwright driver made in the block, as ``"Type.method"``; each waits
    for the browser's answer. Patches Playwright's one way out to the driver, a private method:
    if a Playwright release moves it, this fails loudly rather than counting nothing. Not for
    concurrent use: the patch is process-wide while the block runs."""
    from playwright._impl.connection import Connection

    calls: list[str] = []
    send = Connection.send_message_to_server

    def counting(self: Any, owner: Any, method: str, *rest: Any) -> Any:
        if method != "__waitInfo__":  # fire-and-forget: no answer awaited
            calls.append(f"{owner._type}.{method}")
        return send(self, owner, method, *rest)

    Connection.send_message_to_server = counting  # type: ignore[method-assign,assignment]
    try:
        yield calls
    finally:
        Connection.send_message_to_server = send  # type: ignore[method-assign]
