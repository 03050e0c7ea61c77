"""bench/batch.py runs at a tiny size and reports what it measured (no timing is asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import batch  # noqa: E402


def test_a_tiny_batch_is_timed_and_the_report_reads_its_figures(tmp_path: Path) -> None:
    task = batch.invoices_task(tmp_path)
    rows = [{"customer": c} for c in batch.CUSTOMERS]
    assert batch.timed_batch(task, rows, tmp_path, workers=1) > 0
    assert not list(tmp_path.glob("results-*"))  # each timed batch cleans up after itself

    side = {"rows": 3, "workers": 2, "one_worker_s": 2.0, "n_workers_s": 1.0, "speedup": 2.0,
            "target": 1.4}  # fmt: skip
    figures = {
        "cores": 2,
        "load_before": (1.0, 1.0, 1.0),
        "load_after": (1.0, 1.0, 1.0),
        "invoices": side,
        "shop": {**side, "speedup": 1.0},
        "ray": "left out (--no-ray)",
        "throughput": {"rows": 10_000, "workers": 2, "seconds": 20.0, "rows_per_s": 500.0},
    }
    text = batch.report(figures)
    assert "invoices     3" in text and "2.00x" in text and " yes" in text and " no" in text
    assert "10,000 invoice rows with 2 workers in 20.0 s = 500 rows/s" in text
