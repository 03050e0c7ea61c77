"""The MiniWoB++ bench in its reduced form: 3 tasks × 5 new episodes each, replayed from one
recorded episode. No replay may return without MiniWoB's reward (silently wrong), and every
episode is solved, by the recipe alone or with the fallback.

The task pages come from the ``miniwob`` wheel on PyPI (fetched once into ``bench/.cache``);
``python bench/miniwob.py`` runs the whole bench."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import miniwob  # noqa: E402
from miniwob_kit import CI_TASKS, TASKS  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pages() -> Path:
    try:
        return miniwob.fetch_miniwob()
    except (subprocess.CalledProcessError, OSError) as exc:  # no index to download from
        pytest.skip(f"the miniwob wheel cannot be fetched: {exc}")


def test_reduced_bench_is_never_silently_wrong(pages: Path) -> None:
    chosen = [t for t in TASKS if t.name in CI_TASKS]
    figures = miniwob.run(chosen, seeds=5)
    tallies = [miniwob.Tally(**t) for t in figures["tasks"]]
    report = miniwob.report(tallies)
    assert sorted(t.task for t in tallies) == sorted(CI_TASKS), report
    for t in tallies:
        assert t.recorded, report
        assert t.silently_wrong == 0, report
        assert t.solved_0 + t.fallback_solved == t.seeds == 5, report
    solved = sum(t.solved_0 for t in tallies)
    assert solved >= 0.9 * 15, report
