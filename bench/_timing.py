"""Side-by-side timing for the benchmarks: cases interleaved in one run, medians and ratios.

The machines these run on are shared and noisy, so no case is timed in a block of its own: every
round times each case once, in an order rotated from round to round, and the figures are medians
over the rounds.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable
from typing import Any


def interleaved(
    cases: dict[str, Callable[[], Any]],
    rounds: int,
    *,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, list[float]]:
    """Seconds per call of each case, one sample per round, cases interleaved.

    A case that returns a float returns its own measured seconds (to leave its set-up out);
    otherwise the whole call is timed by ``clock`` (wall time; ``time.process_time`` for work
    that only computes, which other processes on the machine then disturb less). ``warmup``
    rounds run first and are not kept (imports, caches, a browser starting).
    """
    names = list(cases)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for n in range(warmup + rounds):
        shift = n % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start = clock()
            returned = cases[name]()
            elapsed = clock() - start
            if isinstance(returned, float):
                elapsed = returned
            if n >= warmup:
                samples[name].append(elapsed)
    return samples


def median(values: list[float]) -> float:
    """The median of ``values`` (0.0 for none)."""
    return statistics.median(values) if values else 0.0


def ratio(a: float, b: float) -> float:
    """``a / b``, or ``inf`` when ``b`` is zero."""
    return a / b if b else float("inf")


def median_interval(
    values: list[float], *, confidence: float = 0.95, resamples: int = 2000
) -> tuple[float, float]:
    """A bootstrap interval for the median of ``values`` (the same every run: fixed seed).

    What one run can say about the median on a noisy machine: when the interval spans a
    target, this run cannot tell whether the target is met."""
    if not values:
        return (0.0, 0.0)
    pick = random.Random(0)
    medians = sorted(
        statistics.median(pick.choices(values, k=len(values))) for _ in range(resamples)
    )
    cut = int(resamples * (1 - confidence) / 2)
    return (medians[cut], medians[-cut - 1])
