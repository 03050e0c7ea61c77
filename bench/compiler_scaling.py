"""Compiler scaling: compile time per step and peak memory for traces of 125 … 2,000 steps.

A synthetic trace repeats the shape of the invoices run: an action with literal arguments (one a
copy of the task input, which the ``parameters`` pass turns into the input), actions taking
results by reference, ``compute`` steps, an f-string argument, a failed attempt (dropped), and a
``finish`` at the end. The sizes are compiled in interleaved rounds (medians of the CPU time
of this process: compiling only computes, and CPU time is what the shared machine's other work
disturbs least); peak memory is measured afterwards, once per size, under ``tracemalloc``
(which slows the code down, so never while timing). Targets: a 1,000-step trace compiles in
under 2 s (CPU time; the wall-clock median is printed beside it), and the cost stays linear: the
cost per step at the largest size is at most 1.2× the cost per step at 1,000.

    python bench/compiler_scaling.py [--sizes 125 250 500 1000 2000] [--rounds 3] [--profile 1000]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
import tracemalloc
from typing import Any

from _common import publish, table
from _timing import interleaved, median, ratio

from compiler import compile_trace
from compiler.ir import (
    ActionRef,
    Expr,
    FStringExpr,
    LiteralExpr,
    OutputSpec,
    RefExpr,
    Step,
    TaskSpec,
    Trace,
    TypeRef,
)

SIZES = (125, 250, 500, 1000, 2000)
TARGET_S = 2.0
"""Allowed compile time of a 1,000-step trace (CPU seconds)."""
TARGET_PER_STEP_RATIO = 1.2
"""Allowed (cost per step at the largest size) / (cost per step at 1,000): 1 is linear."""

MODULE = "examples.invoices"
FIND = ActionRef(name="find_customer", module=MODULE, qualname="find_customer", read_only=True)
LIST = ActionRef(name="list_invoices", module=MODULE, qualname="list_invoices", read_only=True)
SEND = ActionRef(name="send_reminder", module=MODULE, qualname="send_reminder")
NOTE = ActionRef(name="write_note", module=MODULE, qualname="write_note")
COMPUTE = ActionRef(name="compute", module="runtime", qualname="compute", builtin="compute")
FINISH = ActionRef(name="finish", module="runtime", qualname="finish", builtin="finish")

CUSTOMER = {"id": "C001", "name": "ACME Corp", "email": "billing@acme.example"}
INVOICES = [
    {"id": f"INV-{n}", "customer_id": "C001", "amount": 100.0 + n, "paid": n % 2 == 0}
    for n in range(4)
]


def synthetic_trace(size: int) -> Trace:
    """A recorded run of exactly ``size`` steps (the last one ``finish``)."""
    steps: list[Step] = []
    counts: dict[str, int] = {}

    def add(
        act: ActionRef, args: dict[str, Expr], result: Any = None, *, failed: bool = False
    ) -> str | None:
        var = None
        if not failed:
            counts[act.name] = counts.get(act.name, 0) + 1
            var = f"{act.name}_{counts[act.name]}"
        steps.append(
            Step(
                index=len(steps),
                action=act,
                args=args,
                result_var=var,
                result=result,
                result_repr=None if result is None else repr(result)[:200],
                status="error" if failed else "ok",
                error="ValueError: the outbox needs the invoice ids" if failed else None,
                turn=len(steps) + 1,
                reason=f"Step {len(steps) + 1}: next part of the reminder run.",
            )
        )
        return var

    def compute(expression: str, result: Any) -> str:
        var = add(COMPUTE, {"expression": LiteralExpr(value=expression)}, result)
        assert var is not None
        return var

    block = [
        "find",
        "list",
        "unpaid",
        "total",
        "ids",
        "failed",
        "send",
        "note",
        "count",
        "label",
    ]
    env: dict[str, str] = {}
    while len(steps) < size - 1:
        kind = block[len(steps) % len(block)]
        if kind == "find" or "find" not in env:
            env["find"] = add(FIND, {"name": LiteralExpr(value="ACME Corp")}, CUSTOMER) or ""
        elif kind == "list":
            args: dict[str, Expr] = {"customer_id": RefExpr(name=env["find"], path=("id",))}
            env["list"] = add(LIST, args, INVOICES) or ""
        elif kind == "unpaid" or "list" not in env:
            source = f"[i for i in {env.get('list', '[]')} if not i.paid]"
            env["unpaid"] = compute(source, INVOICES[1::2])
        elif kind == "total" or "unpaid" not in env:
            env["total"] = compute(f"round(sum(i.amount for i in {env['unpaid']}), 2)", 204.0)
        elif kind == "ids":
            env["ids"] = compute(f"[i.id for i in {env['unpaid']}]", ["INV-1", "INV-3"])
        elif kind == "failed":
            email = RefExpr(name=env["find"], path=("email",))
            add(SEND, {"email": email, "amount_due": RefExpr(name=env["total"])}, failed=True)
        elif kind == "send" or "ids" not in env:
            args = {
                "email": RefExpr(name=env["find"], path=("email",)),
                "amount_due": RefExpr(name=env["total"]),
                "invoice_ids": RefExpr(name=env.get("ids", env["unpaid"])),
                "currency": LiteralExpr(value="EUR"),
            }
            env["send"] = add(SEND, args, "reminder-billing-2.txt") or ""
        elif kind == "note":
            text = FStringExpr(parts=("Reminder for ", RefExpr(name="customer"), " sent."))
            add(NOTE, {"path": LiteralExpr(value="notes/acme.md"), "text": text}, "ok")
        elif kind == "count":
            env["count"] = compute(f"len({env['unpaid']})", 2)
        else:
            env["label"] = compute(f"{env['find']}.name.upper()", "ACME CORP")
    outputs = {
        "total_due": RefExpr(name=env.get("total", "customer")),
        "reminder": RefExpr(name=env.get("send", "customer")),
    }
    steps.append(Step(index=len(steps), action=FINISH, args=outputs, turn=len(steps) + 1))
    assert len(steps) == size, (len(steps), size)
    return Trace(
        run_id="bench-scaling",
        created_at="2025-01-01T00:00:00+00:00",
        task=TaskSpec(
            name="invoices",
            description="Send a payment reminder for the unpaid invoices of a customer.",
            inputs={"customer": TypeRef(annotation="str")},
            outputs=OutputSpec(
                fields={
                    "total_due": TypeRef(annotation="float"),
                    "reminder": TypeRef(annotation="str"),
                },
                model_name="InvoicesOutputs",
            ),
        ),
        inputs={"customer": "ACME Corp"},
        steps=tuple(steps),
    )


def peak_memory(trace: Trace) -> int:
    """Peak bytes allocated while compiling ``trace`` (tracemalloc)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        compile_trace(trace)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def profile(trace: Trace, limit: int = 15) -> str:
    """Where compiling ``trace`` spends its time (cProfile, by own time)."""
    profiler = cProfile.Profile()
    profiler.enable()
    compile_trace(trace)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def run(
    *, sizes: tuple[int, ...] = SIZES, rounds: int = 3, profile_size: int | None = None
) -> dict[str, Any]:
    traces = {size: synthetic_trace(size) for size in sizes}
    compile_trace(traces[sizes[0]])  # imports and template caches, outside the timing
    wall: dict[int, list[float]] = {size: [] for size in sizes}

    def timed(size: int) -> None:
        start = time.perf_counter()
        compile_trace(traces[size])
        wall[size].append(time.perf_counter() - start)

    samples = interleaved(
        {str(size): (lambda size=size: timed(size)) for size in sizes},
        rounds,
        warmup=0,
        clock=time.process_time,
    )
    points = []
    for size in sizes:
        seconds = median(samples[str(size)])
        points.append(
            {
                "steps": size,
                "compile_s": seconds,
                "wall_s": median(wall[size][-rounds:]),
                "us_per_step": seconds / size * 1e6,
                "peak_memory_bytes": peak_memory(traces[size]),
                "samples_s": samples[str(size)],
            }
        )
    figures: dict[str, Any] = {"rounds": rounds, "sizes": points, "target_s": TARGET_S}
    per_step = {p["steps"]: p["us_per_step"] for p in points}
    largest = max(sizes)
    if 1000 in per_step and largest > 1000:
        figures["per_step_ratio"] = ratio(per_step[largest], per_step[1000])
        figures["per_step_ratio_sizes"] = [largest, 1000]
        figures["target_per_step_ratio"] = TARGET_PER_STEP_RATIO
    if profile_size is not None:
        figures["profile"] = profile(traces.get(profile_size) or synthetic_trace(profile_size))
    return figures


def report(figures: dict[str, Any]) -> str:
    rows = [
        [
            p["steps"],
            p["compile_s"],
            p["wall_s"],
            p["us_per_step"],
            p["peak_memory_bytes"] / 2**20,
            p["peak_memory_bytes"] / p["steps"] / 1024,
        ]
        for p in figures["sizes"]
    ]
    lines = [
        f"Compiler scaling (CPU time, medians of {figures['rounds']} interleaved rounds)\n",
        table(["steps", "CPU s", "wall s", "µs/step", "peak MiB", "peak KiB/step"], rows),
    ]
    thousand = next((p for p in figures["sizes"] if p["steps"] == 1000), None)
    if thousand is not None:
        met = "met" if thousand["compile_s"] < figures["target_s"] else "NOT met"
        lines.append(
            f"\n1,000 steps: {thousand['compile_s']:.2f} s CPU, {thousand['wall_s']:.2f} s wall "
            f"(target < {figures['target_s']:g} s: {met})"
        )
    if "per_step_ratio" in figures:
        r = figures["per_step_ratio"]
        largest, _ = figures["per_step_ratio_sizes"]
        verdict = "linear" if r <= figures["target_per_step_ratio"] else "NOT linear"
        lines.append(
            f"cost per step at {largest:,} steps ÷ at 1,000: {r:.2f}× "
            f"(target ≤ {figures['target_per_step_ratio']:g}: {verdict})"
        )
    if "profile" in figures:
        lines.append("\n" + figures["profile"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--profile", type=int, metavar="STEPS", help="also profile compiling a trace of STEPS"
    )
    args = parser.parse_args(argv)
    figures = run(sizes=tuple(args.sizes), rounds=args.rounds, profile_size=args.profile)
    publish("compiler_scaling", figures, report(figures))
    return figures


if __name__ == "__main__":
    main()
