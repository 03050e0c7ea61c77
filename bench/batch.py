"""Batches: the speed-up of N local workers over one, Ray's cost per row, rows per second.

    python bench/batch.py             # the README's sizes (about 15 minutes on 2 busy cores)
    python bench/batch.py --quick     # small sizes: checks that all of it runs

Measured side by side in one run, interleaved rounds, medians of the rounds (and the range of
the rounds' own speed-ups):

- **speed-up of N local workers over 1** (target: ≥ 0.7 × N up to the core count, for I/O-bound
  recipes), for three recipes: the invoices recipe (pure Python: reads two JSON files and
  writes a reminder per row), the shop recipe (a browser: one Chromium per worker, a fresh
  context per row, against the shop served by this process) and ``notify``
  (``bench/batch_kit.py``: I/O-bound, two calls per row to a service on 127.0.0.1 that answers
  after a fixed latency), which also runs with 2 × N workers (beyond the cores: I/O-bound work
  should scale there too). The wall time of a batch includes starting its worker processes
  (and their Chromium), as a user waits for it; one worker runs in this process, whose
  Chromium stays up from one batch to the next;
- **CPU per row and cores busy**: the CPU of this process and every process under it (the
  workers, their Playwright drivers and Chromiums) per row, over the wall time per row. A
  recipe whose one worker already keeps C of the machine's K cores busy cannot go more than
  K / C times faster with any number of workers: the report says so for each recipe;
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import ROOT, publish, table
from batch_kit import LineClock, SlowService, TreeCpu, record_notify

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


@dataclass
class Timing:
    """One batch: its wall time, when its first and last result lines were written, its CPU."""

    wall_s: float
    first_s: float
    last_s: float
    cpu: TreeCpu


def measured_batch(task: Any, rows: list[dict[str, Any]], work: Path, **options: Any) -> Timing:
    """One batch from a fresh results file, start-up included: its wall time, when it wrote
    its first and last result lines, and the CPU its processes used (this one, the workers,
    their Playwright drivers and Chromiums)."""
    out = work / f"results-{time.monotonic_ns()}.jsonl"
    with TreeCpu() as cpu, LineClock(out, len(rows)) as lines:
        start = time.perf_counter()
        report = task.batch(rows, out=out, **options)
        elapsed = time.perf_counter() - start
    bad = [r for r in report.results if r.mode != "recipe"]
    if bad:
        raise SystemExit(f"a row did not replay: {bad[0].error}")
    shutil.rmtree(out.with_name(out.stem + ".runs"), ignore_errors=True)
    for path in (out, out.with_name(out.name + ".started"), out.with_name(out.name + ".lock")):
        path.unlink(missing_ok=True)
    first = lines.first_s if lines.first_s is not None else elapsed
    return Timing(elapsed, first, lines.last_s if lines.last_s is not None else elapsed, cpu)


def timed_batch(task: Any, rows: list[dict[str, Any]], work: Path, **options: Any) -> float:
    """Seconds one batch takes, from a fresh results file, start-up included."""
    return measured_batch(task, rows, work, **options).wall_s


def speedup(
    task: Any, rows: list[dict[str, Any]], work: Path, counts: list[int], rounds: int
) -> dict[str, Any]:
    """For each number of workers in ``counts`` (the first is 1): the wall time of the batch,
    start-up included (what a user waits for); the time to its first result line (starting
    the workers and their browsers, plus a row) and the steady time per row between its first
    and its last line; the CPU per row — the slope between a batch of half the rows and one of
    all of them, where starting the workers cancels out — and ``cores_busy``, CPU over wall
    per row: how many cores the batch keeps busy."""
    half = rows[: len(rows) // 2]
    runs: dict[tuple[int, int], list[Timing]] = {}
    for _ in range(rounds):  # interleaved: the machine's load hits every case alike
        for count in counts:
            for some in (half, rows):
                runs.setdefault((count, len(some)), []).append(
                    measured_batch(task, some, work, workers=count)
                )
    n = len(rows) - len(half)
    cases: list[dict[str, Any]] = []
    for count in counts:
        full, part = runs[(count, len(rows))], runs[(count, len(half))]
        per_row = statistics.median((t.last_s - t.first_s) / (len(rows) - 1) for t in full)
        cpu_full = statistics.median(t.cpu.seconds for t in full)
        cpu_row = (cpu_full - statistics.median(t.cpu.seconds for t in part)) / n
        names = sorted({name for t in full for name in t.cpu.by_name})
        cases.append(
            {
                "workers": count,
                "wall_s": statistics.median(t.wall_s for t in full),
                "walls_s": [t.wall_s for t in full],
                "per_row_ms": per_row * 1e3,
                "first_result_s": statistics.median(t.first_s for t in full),
                "after_last_s": statistics.median(t.wall_s - t.last_s for t in full),
                "cpu_per_row_ms": cpu_row * 1e3,
                "cores_busy": cpu_row / per_row if per_row > 0 else float("nan"),
                "cpu_s": cpu_full,
                "cpu_by_process_s": {
                    name: statistics.median(t.cpu.by_name.get(name, 0.0) for t in full)
                    for name in names
                },
            }
        )
    one = cases[0]
    for case in cases[1:]:
        per_round = [a / b for a, b in zip(one["walls_s"], case["walls_s"], strict=True)]
        case["speedup"] = one["wall_s"] / case["wall_s"]
        case["speedup_range"] = [min(per_round), max(per_round)]
        case["steady_speedup"] = (
            one["per_row_ms"] / case["per_row_ms"] if case["per_row_ms"] > 0 else float("nan")
        )
        case["target"] = 0.7 * case["workers"]
        case["beyond_cores"] = case["workers"] > (os.cpu_count() or 1)
    return {"rows": len(rows), "rounds": rounds, "cases": cases}


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


PARTS = ("invoices", "shop", "notify", "ray", "throughput")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: checks that it runs")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="N (default: the cores)"
    )
    parser.add_argument("--invoice-rows", type=int, default=2000, help="rows of the speed-up run")
    parser.add_argument("--shop-rows", type=int, default=16, help="rows of the shop speed-up run")
    parser.add_argument("--notify-rows", type=int, default=100, help="rows of the I/O-bound run")
    parser.add_argument(
        "--latency-ms", type=float, default=50.0, help="the I/O-bound service's answer time"
    )
    parser.add_argument("--ray-rows", type=int, default=1000, help="rows of the Ray comparison")
    parser.add_argument("--big-rows", type=int, default=10_000, help="rows of the throughput run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (medians)")
    parser.add_argument("--no-ray", action="store_true", help="leave the Ray comparison out")
    parser.add_argument(
        "--only", nargs="+", choices=PARTS, help="run these parts only (default: all)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.invoice_rows, args.shop_rows, args.ray_rows, args.big_rows = 200, 4, 100, 1000
        args.notify_rows, args.rounds = 16, 1
    from examples.shop import ShopServer

    workers = args.workers
    parts = set(args.only or PARTS)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        work = Path(scratch)
        invoices = invoices_task(work)
        rows = [{"customer": CUSTOMERS[n % 3]} for n in range(args.invoice_rows)]
        figures: dict[str, Any] = {"cores": os.cpu_count(), "load_before": os.getloadavg()}
        if "invoices" in parts:
            figures["invoices"] = speedup(invoices, rows, work, [1, workers], args.rounds)
        if "shop" in parts:
            with ShopServer() as server:
                shop = shop_task(work)
                queries = [("mug", 10.0), ("teapot", 30.0), ("cup", 100.0), ("mug", 50.0)]
                shop_rows = [
                    {"shop_url": server.url, "query": q, "budget": b}
                    for q, b in (queries[n % 4] for n in range(args.shop_rows))
                ]
                shop_rounds = max(1, args.rounds - 1)
                figures["shop"] = speedup(shop, shop_rows, work, [1, workers], shop_rounds)
        if "notify" in parts:
            with SlowService(args.latency_ms / 1e3) as service:
                notify = record_notify(work / "recipes", service.url)
                notify_rows = [
                    {"service_url": service.url, "customer": f"Customer {n}"}
                    for n in range(args.notify_rows)
                ]
                counts = sorted({1, workers, 2 * workers})
                figures["notify"] = speedup(notify, notify_rows, work, counts, args.rounds)
                figures["notify"]["latency_ms"] = args.latency_ms
        if "ray" in parts:
            ray_rows = [{"customer": CUSTOMERS[n % 3]} for n in range(args.ray_rows)]
            figures["ray"] = (
                "left out (--no-ray)"
                if args.no_ray
                else ray_overhead(invoices, ray_rows, work, workers, args.rounds)
            )
        if "throughput" in parts:
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


RECIPES = {
    "invoices": "pure Python, two JSON files read and a reminder written per row",
    "shop": "a browser: one Chromium per worker, a fresh context per row",
    "notify": "I/O-bound: two calls per row to a service on 127.0.0.1 that answers in {latency}",
}


def report(f: dict[str, Any]) -> str:
    cores = f["cores"]
    rows = []
    for name in RECIPES:
        if name not in f:
            continue
        for case in f[name]["cases"]:
            met = ""
            if "target" in case:
                met = "yes" if case["speedup"] >= case["target"] else "no"
                met += " (bonus)" if case.get("beyond_cores") else ""
            low, high = case.get("speedup_range", (None, None))
            rows.append(
                [
                    name,
                    f[name]["rows"],
                    case["workers"],
                    f"{case['wall_s']:.2f} s",
                    f"{case['speedup']:.2f}x" if "speedup" in case else "",
                    f"{low:.2f}-{high:.2f}x" if low is not None else "",
                    f"{case['target']:.1f}x" if "target" in case else "",
                    met,
                    f"{case['per_row_ms']:.1f} ms",
                    f"{case['steady_speedup']:.2f}x" if "steady_speedup" in case else "",
                    f"{case['first_result_s']:.2f} s",
                    f"{case['after_last_s']:.2f} s",
                    f"{case['cpu_per_row_ms']:.1f} ms",
                    f"{case['cores_busy']:.2f}",
                ]
            )
    headers = ["recipe", "rows", "workers", "wall", "speed-up", "rounds' range", "target", "met"]
    headers += ["per row", "steady", "1st result", "after last", "CPU per row", "cores busy"]
    rounds = max((f[name]["rounds"] for name in RECIPES if name in f), default=0)
    lines = [
        f"speed-up of N local workers over 1 ({cores} cores; load {f['load_before'][0]:.1f} "
        f"before, {f['load_after'][0]:.1f} after; medians of up to {rounds} interleaved rounds)",
        table(headers, rows),
        "wall: the whole batch, as a user waits for it (starting the workers and their "
        "browsers, the rows, stopping them); 1st result: when the first result line was "
        "written; after last: from the last line to the end; per row and steady: the time "
        "between the first and the last line per row; CPU per row: the slope between half the "
        "rows and all of them (this process, the workers, their browsers); cores busy: CPU "
        "per row over wall per row.",
    ]
    for name, what in RECIPES.items():
        if name in f:
            latency = f"{f[name].get('latency_ms', 0):.0f} ms"
            lines.append(f"  {name}: {what.format(latency=latency)}")
    lines.append("")
    lines += cpu_bound_notes(f)
    ray = f.get("ray")
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
    elif ray is not None:
        lines += [f"Ray: {ray}", ""]
    t = f.get("throughput")
    if t is not None:
        lines.append(
            f"throughput: {t['rows']:,} invoice rows with {t['workers']} workers in "
            f"{t['seconds']:.1f} s = {t['rows_per_s']:,.0f} rows/s"
        )
    return "\n".join(lines)


def cpu_bound_notes(f: dict[str, Any]) -> list[str]:
    """Why a recipe may not speed up: one worker already keeps part of the cores busy, and N
    workers cannot go faster than the cores allow (``cores / cores busy with one worker``)."""
    lines = []
    for name in RECIPES:
        if name not in f:
            continue
        one = f[name]["cases"][0]
        busy = one["cores_busy"]
        if not busy > 0:
            continue
        ceiling = f["cores"] / busy
        split = one.get("cpu_by_process_s") or {}
        total = sum(split.values())
        shares = ", ".join(
            f"{process} {100 * s / total:.0f}%"
            for process, s in sorted(split.items(), key=lambda kv: -kv[1])
            if total > 0 and s / total >= 0.02
        )
        lines.append(
            f"{name}: one worker keeps {busy:.2f} cores busy ({one['cpu_per_row_ms']:.0f} ms of "
            f"CPU per {one['per_row_ms']:.0f} ms row), so on {f['cores']} idle cores no engine "
            f"can make it more than {ceiling:.1f}x faster"
            + (f" (CPU of the 1-worker batch: {shares})" if shares else "")
        )
    lines.append(
        "(the ceiling assumes idle cores: on a machine loaded by other work, the cores left "
        "to the batch are fewer, and a CPU-heavy recipe gains less)"
    )
    return [*lines, ""]


if __name__ == "__main__":
    raise SystemExit(main())
