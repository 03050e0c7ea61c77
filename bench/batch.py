"""Batches: the speed-up of N local workers over one, Ray's cost per row, rows per second.

    python bench/batch.py             # the sizes the README quotes (about 3 minutes)
    python bench/batch.py --quick     # small sizes: checks that all of it runs

Measured side by side in one run, interleaved rounds, medians of the rounds:

- **speed-up of N local workers over 1**, for the invoices recipe (pure Python: reads two JSON
  files and writes a reminder per row) and the shop recipe (a browser: one Chromium per worker,
  a fresh context per row, against the shop served by this process). Target: ≥ 0.7 × N up to
  the core count, for I/O-bound recipes (the shop). The wall time of a batch includes starting
  its worker processes (and their Chromium), as a user waits for it;
- **Ray's overhead per row** against the local engine, same rows, same number of workers, on a
  local Ray started once beforehand (its start-up is reported on its own): each engine's cost
  per row is the slope between a batch of n and one of 2n rows, so start-up cancels out;
- **rows per second at 10,000 rows** of the invoices recipe with N local workers.

Every batch writes its results file (one fsynced line per row) and a run record per row, as
``recipe batch`` does; the data is copied to a scratch folder so the examples stay as they are.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, publish, table

CUSTOMERS = ["ACME Corp", "Globex Inc", "Initech"]


def invoices_task(work: Path) -> Any:
    """The invoices task on a copy of its data and recipe (``work``), replays only."""
    from examples.invoices import invoices

    if not (work / "recipes" / "invoices").is_dir():
        shutil.copytree(ROOT / "recipes" / "invoices", work / "recipes" / "invoices")
        shutil.copytree(
            ROOT / "examples" / "invoices_data",
            work / "data",
            ignore=shutil.ignore_patterns("outbox"),
        )
    os.environ["INVOICES_DATA"] = str(work / "data")  # worker processes inherit it
    return invoices.with_options(recipe_dir=work / "recipes", mock_responses=[])


def shop_task(work: Path) -> Any:
    from examples.shop import shop

    if not (work / "recipes" / "shop").is_dir():
        shutil.copytree(ROOT / "recipes" / "shop", work / "recipes" / "shop")
    return shop.with_options(recipe_dir=work / "recipes", mock_responses=[])


def timed_batch(task: Any, rows: list[dict[str, Any]], work: Path, **options: Any) -> float:
    """Seconds one batch takes, from a fresh results file, start-up included."""
    out = work / f"results-{time.monotonic_ns()}.jsonl"
    start = time.perf_counter()
    report = task.batch(rows, out=out, **options)
    elapsed = time.perf_counter() - start
    bad = [r for r in report.results if r.mode != "recipe"]
    if bad:
        raise SystemExit(f"a row did not replay: {bad[0].error}")
    shutil.rmtree(out.with_name(out.stem + ".runs"), ignore_errors=True)
    for path in (out, out.with_name(out.name + ".started"), out.with_name(out.name + ".lock")):
        path.unlink(missing_ok=True)
    return elapsed


def speedup(
    task: Any, rows: list[dict[str, Any]], work: Path, workers: int, rounds: int
) -> dict[str, Any]:
    """Wall time of the batch with 1 and with N workers, start-up included (what a user waits
    for), and the time per row in steady state: the slope between a batch of half the rows and
    one of all of them, where starting the workers (and their browsers) cancels out."""
    half = rows[: len(rows) // 2]
    times: dict[tuple[int, int], list[float]] = {}
    for _ in range(rounds):  # interleaved: the machine's load hits every case alike
        for count in (1, workers):
            for some in (half, rows):
                t = timed_batch(task, some, work, workers=count)
                times.setdefault((count, len(some)), []).append(t)
    med = {key: statistics.median(values) for key, values in times.items()}
    n = len(rows) - len(half)
    t1, tn = med[(1, len(rows))], med[(workers, len(rows))]
    row1 = (t1 - med[(1, len(half))]) / n
    rown = (tn - med[(workers, len(half))]) / n
    return {
        "rows": len(rows),
        "workers": workers,
        "rounds": rounds,
        "one_worker_s": t1,
        "n_workers_s": tn,
        "speedup": t1 / tn,
        "target": 0.7 * workers,
        "per_row_ms_one": row1 * 1e3,
        "per_row_ms_n": rown * 1e3,
        "steady_speedup": row1 / rown if rown > 0 else float("nan"),
        "start_s_one": t1 - row1 * len(rows),
        "start_s_n": tn - rown * len(rows),
    }


def ray_overhead(
    task: Any, rows: list[dict[str, Any]], work: Path, workers: int, rounds: int
) -> Any:
    """Per-row cost of each engine as the slope between a batch of n and of 2n rows (their
    start-up cancels out), on a local Ray started once beforehand."""
    try:
        import ray
    except ImportError:
        return "ray is not installed (pip install 'recipe-compiler[ray]')"
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    start = time.perf_counter()
    ray.init(
        num_cpus=workers,
        include_dashboard=False,
        configure_logging=False,
        object_store_memory=128 * 1024 * 1024,
    )
    init_s = time.perf_counter() - start
    half = rows[: len(rows) // 2]
    times: dict[tuple[str, int], list[float]] = {}
    try:
        timed_batch(task, rows[: 4 * workers], work, workers=workers, engine="ray")  # warm-up
        for _ in range(rounds):
            for engine in ("local", "ray"):
                for some in (half, rows):
                    t = timed_batch(task, some, work, workers=workers, engine=engine)
                    times.setdefault((engine, len(some)), []).append(t)
    finally:
        ray.shutdown()
    med = {key: statistics.median(values) for key, values in times.items()}
    n = len(rows) - len(half)

    def per_row(engine: str) -> float:
        return (med[(engine, len(rows))] - med[(engine, len(half))]) / n

    return {
        "rows": [len(half), len(rows)],
        "workers": workers,
        "rounds": rounds,
        "ray_init_s": init_s,
        "local_s": med[("local", len(rows))],
        "ray_s": med[("ray", len(rows))],
        "local_ms_per_row": per_row("local") * 1e3,
        "ray_ms_per_row": per_row("ray") * 1e3,
        "overhead_ms_per_row": (per_row("ray") - per_row("local")) * 1e3,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: checks that it runs")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="N (default: the cores)"
    )
    parser.add_argument("--invoice-rows", type=int, default=2000, help="rows of the speed-up run")
    parser.add_argument("--shop-rows", type=int, default=16, help="rows of the shop speed-up run")
    parser.add_argument("--ray-rows", type=int, default=1000, help="rows of the Ray comparison")
    parser.add_argument("--big-rows", type=int, default=10_000, help="rows of the throughput run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (medians)")
    parser.add_argument("--no-ray", action="store_true", help="leave the Ray comparison out")
    args = parser.parse_args(argv)
    if args.quick:
        args.invoice_rows, args.shop_rows, args.ray_rows, args.big_rows = 200, 4, 100, 1000
        args.rounds = 1
    from examples.shop import ShopServer

    workers = args.workers
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        work = Path(scratch)
        invoices = invoices_task(work)
        rows = [{"customer": CUSTOMERS[n % 3]} for n in range(args.invoice_rows)]
        figures: dict[str, Any] = {"cores": os.cpu_count(), "load_before": os.getloadavg()}
        figures["invoices"] = speedup(invoices, rows, work, workers, args.rounds)
        with ShopServer() as server:
            shop = shop_task(work)
            queries = [("mug", 10.0), ("teapot", 30.0), ("cup", 100.0), ("mug", 50.0)]
            shop_rows = [
                {"shop_url": server.url, "query": q, "budget": b}
                for q, b in (queries[n % 4] for n in range(args.shop_rows))
            ]
            figures["shop"] = speedup(shop, shop_rows, work, workers, max(1, args.rounds - 1))
        ray_rows = [{"customer": CUSTOMERS[n % 3]} for n in range(args.ray_rows)]
        figures["ray"] = (
            "left out (--no-ray)"
            if args.no_ray
            else ray_overhead(invoices, ray_rows, work, workers, args.rounds)
        )
        big = [{"customer": CUSTOMERS[n % 3]} for n in range(args.big_rows)]
        seconds = timed_batch(invoices, big, work, workers=workers)
        figures["throughput"] = {
            "rows": len(big),
            "workers": workers,
            "seconds": seconds,
            "rows_per_s": len(big) / seconds,
        }
        figures["load_after"] = os.getloadavg()
    publish("batch", figures, report(figures))
    return 0


def report(f: dict[str, Any]) -> str:
    rows = []
    for name in ("invoices", "shop"):
        s = f[name]
        met = "yes" if s["speedup"] >= s["target"] else "no"
        rows.append(
            [
                name,
                s["rows"],
                f"{s['one_worker_s']:.2f} s",
                f"{s['n_workers_s']:.2f} s",
                f"{s['speedup']:.2f}x",
                f"{s['target']:.1f}x",
                met,
                f"{s.get('per_row_ms_one', 0):.1f} / {s.get('per_row_ms_n', 0):.1f} ms",
                f"{s.get('steady_speedup', 0):.2f}x",
            ]
        )
    lines = [
        f"speed-up of {f['invoices']['workers']} local workers over 1 "
        f"({f['cores']} cores; load {f['load_before'][0]:.1f} before, "
        f"{f['load_after'][0]:.1f} after)",
        table(
            [
                "recipe",
                "rows",
                "1 worker",
                "N workers",
                "speed-up",
                "target",
                "met",
                "per row, 1 / N",
                "steady",
            ],
            rows,
        ),
        "(wall times include starting the workers; per row and steady: the slope between "
        "half the rows and all of them, where start-up cancels out)",
        "",
    ]
    ray = f["ray"]
    if isinstance(ray, dict):
        lines += [
            f"Ray against the local engine, {ray['workers']} workers, invoice rows: cost per row "
            f"= the slope between {ray['rows'][0]} and {ray['rows'][1]} rows (a local Ray started "
            f"once beforehand, in {ray['ray_init_s']:.1f} s)",
            table(
                ["engine", f"wall, {ray['rows'][1]} rows", "per row"],
                [
                    ["local", f"{ray['local_s']:.2f} s", f"{ray['local_ms_per_row']:.2f} ms"],
                    ["ray", f"{ray['ray_s']:.2f} s", f"{ray['ray_ms_per_row']:.2f} ms"],
                ],
            ),
            f"Ray's overhead: {ray['overhead_ms_per_row']:+.2f} ms per row",
            "",
        ]
    else:
        lines += [f"Ray: {ray}", ""]
    t = f["throughput"]
    lines.append(
        f"throughput: {t['rows']:,} invoice rows with {t['workers']} workers in "
        f"{t['seconds']:.1f} s = {t['rows_per_s']:,.0f} rows/s"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
