"""Run every benchmark, each in its own process, then print one summary of the figures.

    python bench/run_all.py            # the sizes the README quotes (several minutes)
    python bench/run_all.py --quick    # small sizes, about a minute: checks that all of it runs

Each benchmark prints its own table and writes ``bench/results/<name>.json``; the summary is
read back from those files.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from typing import Any

from _common import RESULTS, ROOT

FULL: dict[str, list[str]] = {
    "replay_vs_agent": [],
    "overhead": [],
    "compiler_scaling": ["--rounds", "2"],
    "fallback_cost": ["--steps", "10"],
    "startup": [],
    "batch": [],
}
QUICK: dict[str, list[str]] = {
    "replay_vs_agent": ["--latency", "0.2", "--rounds", "1", "--warmup", "0"],
    "overhead": ["--calls", "200", "--rounds", "5", "--browser-rounds", "2"],
    "compiler_scaling": ["--sizes", "100", "1000", "--rounds", "2"],
    "fallback_cost": ["--steps", "5"],
    "startup": ["--rounds", "3"],
    "batch": ["--quick"],
}


def plan(*, quick: bool, only: list[str] | None = None) -> list[list[str]]:
    """The command line of every benchmark to run."""
    chosen = QUICK if quick else FULL
    return [
        [sys.executable, str(ROOT / "bench" / f"{name}.py"), *args]
        for name, args in chosen.items()
        if not only or name in only
    ]


def summary(results: dict[str, dict[str, Any]]) -> str:
    """One line per headline figure, from the benchmarks' JSON files."""
    lines = []
    replay = results.get("replay_vs_agent")
    if replay:
        for r in replay["examples"]:
            a, p = r["agent"], r["replay"]
            lines.append(
                f"replay vs agent, {r['example']}: {a['model_calls']} model calls and "
                f"{a['input_tokens'] + a['output_tokens']} tokens → {p['model_calls']} and "
                f"{p['input_tokens'] + p['output_tokens']}; {a['wall_s']:.2f} s → "
                f"{p['wall_s'] * 1e3:.1f} ms ({r['speedup']:.0f}× faster at "
                f"{replay['latency_s']:g} s per model answer)"
            )
        for name, why in replay["unavailable"].items():
            lines.append(f"replay vs agent, {name}: {why}")
    overhead = results.get("overhead")
    if overhead:
        for r in overhead["pure_python"]:
            lines.append(
                f"overhead, {r['workload']} ×{r['calls']}: {r['wrapper_overhead_us_per_call']:.1f} "
                f"µs/call wrapper, {r['recorded_overhead_us_per_call']:.1f} µs/call recorded "
                f"(hand-written {r['hand_written_us_per_call']:.1f} µs/call)"
            )
        b = overhead["browser"]
        if isinstance(b, dict):
            low, high = b["paired_ratio_interval"]
            lines.append(
                f"overhead, browser: recipe replay {b['paired_ratio']:.2f}× the hand-written "
                f"Playwright script, per round (95% interval {low:.2f}–{high:.2f}×; target ≤ "
                f"{b['target_ratio']}); {b['round_trips']['recipe']} round trips to the browser "
                f"against {b['round_trips']['hand_written']}"
            )
        else:
            lines.append(f"overhead, browser: {b}")
    scaling = results.get("compiler_scaling")
    if scaling:
        per_step = ", ".join(
            f"{p['steps']}: {p['us_per_step'] / 1e3:.2f} ms" for p in scaling["sizes"]
        )
        lines.append(f"compiler, time per step: {per_step}")
        thousand = [p for p in scaling["sizes"] if p["steps"] == 1000]
        if thousand:
            lines.append(
                f"compiler, 1,000 steps: {thousand[0]['compile_s']:.2f} s CPU "
                f"(target < {scaling['target_s']:g} s)"
            )
        if "per_step_ratio" in scaling:
            largest, _ = scaling["per_step_ratio_sizes"]
            lines.append(
                f"compiler, cost per step at {largest:,} ÷ at 1,000 steps: "
                f"{scaling['per_step_ratio']:.2f}× (target ≤ {scaling['target_per_step_ratio']:g})"
            )
    fallback = results.get("fallback_cost")
    if fallback:
        ratios = [p["ratio_to_full"] for p in fallback["fallback"]]
        lines.append(
            f"fallback, n={fallback['steps']}: {min(ratios):.2f}–{max(ratios):.2f}× the tokens "
            "of a full agent run, from the last step failing to the first"
        )
    startup = results.get("startup")
    if startup:
        walls, first = startup["wall_s"], startup["first_action_s"]
        bare = walls["python -c pass"]
        for name, seconds in first.items():
            heavy = startup["imports"][name]["heavy_imported"]
            lines.append(
                f"start-up, {name}: first action at {seconds:.3f} s (python alone {bare:.3f} s); "
                f"heavy imports: {', '.join(heavy) or 'none'}"
            )
    batch = results.get("batch")
    if batch:
        for name in ("invoices", "shop"):
            s = batch[name]
            lines.append(
                f"batch, {name}: {s['workers']} workers {s['speedup']:.2f}× faster than 1 over "
                f"{s['rows']} rows (target ≥ {s['target']:.1f}×)"
            )
        ray = batch["ray"]
        if isinstance(ray, dict):
            lines.append(
                f"batch, Ray: {ray['overhead_ms_per_row']:+.2f} ms per row against the local "
                f"engine ({ray['ray_ms_per_row']:.2f} against {ray['local_ms_per_row']:.2f} ms)"
            )
        t = batch["throughput"]
        lines.append(
            f"batch, {t['rows']:,} invoice rows: {t['rows_per_s']:,.0f} rows/s with "
            f"{t['workers']} workers"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (about a minute)")
    parser.add_argument("--only", action="append", choices=list(FULL), help="run only these")
    args = parser.parse_args(argv)
    failed = []
    names = [name for name in FULL if not args.only or name in args.only]
    for name, cmd in zip(names, plan(quick=args.quick, only=args.only), strict=True):
        print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
        start = time.perf_counter()
        if subprocess.run(cmd, cwd=ROOT, check=False).returncode != 0:
            failed.append(name)
        print(f"({time.perf_counter() - start:.0f} s)", flush=True)
    results = {}
    for name in names:
        path = RESULTS / f"{name}.json"
        if name not in failed and path.is_file():
            results[name] = json.loads(path.read_text(encoding="utf-8"))
    print("\n=== summary\n" + summary(results))
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
