"""bench/batch.py runs at a tiny size and reports what it measured (no timing is asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import batch  # noqa: E402
import batch_kit  # noqa: E402


def test_a_tiny_batch_is_timed_and_the_report_reads_its_figures(tmp_path: Path) -> None:
    task = batch.invoices_task(tmp_path)
    rows = [{"customer": c} for c in batch.CUSTOMERS]
    assert batch.timed_batch(task, rows, tmp_path, workers=1) > 0
    assert not list(tmp_path.glob("results-*"))  # each timed batch cleans up after itself

    one = {
        "workers": 1,
        "wall_s": 2.0,
        "per_row_ms": 600.0,
        "cpu_per_row_ms": 900.0,
        "cores_busy": 1.5,
        "first_result_s": 0.7,
        "after_last_s": 0.1,
        "cpu_by_process_s": {"chromium": 3.0},
    }
    two = {
        **one,
        "workers": 2,
        "wall_s": 1.0,
        "speedup": 2.0,
        "speedup_range": [1.9, 2.1],
        "steady_speedup": 2.0,
        "target": 1.4,
        "beyond_cores": False,
    }
    four = {**two, "workers": 4, "speedup": 1.0, "target": 2.8, "beyond_cores": True}
    figures = {
        "cores": 2,
        "load_before": (1.0, 1.0, 1.0),
        "load_after": (1.0, 1.0, 1.0),
        "invoices": {"rows": 3, "rounds": 1, "cases": [one, two]},
        "shop": {"rows": 3, "rounds": 1, "cases": [one, {**two, "speedup": 1.0}]},
        "notify": {"rows": 3, "rounds": 1, "cases": [one, two, four], "latency_ms": 50.0},
        "ray": "left out (--no-ray)",
        "throughput": {"rows": 10_000, "workers": 2, "seconds": 20.0, "rows_per_s": 500.0},
    }  # fmt: skip
    text = batch.report(figures)
    assert "invoices     3" in text and "2.00x" in text and " yes" in text and " no" in text
    assert "no (bonus)" in text  # 4 workers on 2 cores
    assert "shop: one worker keeps 1.50 cores busy" in text and "more than 1.3x faster" in text
    assert "answers in 50 ms" in text
    assert "10,000 invoice rows with 2 workers in 20.0 s = 500 rows/s" in text


def test_the_io_bound_task_is_recorded_once_and_each_row_reaches_the_service(
    tmp_path: Path,
) -> None:
    with batch_kit.SlowService(latency_s=0.0) as service:
        task = batch_kit.record_notify(tmp_path / "recipes", service.url)
        recipe = (tmp_path / "recipes" / "notify" / "recipe.py").read_text()
        assert "find_customer(service_url=service_url, name=customer)" in recipe
        rows = [{"service_url": service.url, "customer": c} for c in ("Globex", "Initech", "Hooli")]
        timing = batch.measured_batch(task, rows, tmp_path, workers=2)

    assert service.notices[0]["customer_id"] == "c-acmecorp"  # the recorded run
    sent = sorted(n["customer_id"] for n in service.notices[1:])
    assert sent == ["c-globex", "c-hooli", "c-initech"]  # one notice per row, none twice
    assert 0 < timing.first_s <= timing.last_s <= timing.wall_s
    assert timing.cpu.by_name["its ended children"] > 0  # the two worker processes are counted
