"""``recipe batch``: the command line of :func:`runtime.batch.run_batch`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from runtime.batch._find import task_for_folder
from runtime.batch._progress import print_summary
from runtime.batch._run import run_batch

DESCRIPTION = """\
Run recipes/<task>/recipe.py once per row of INPUTS (.jsonl: one JSON object per line; .csv: a
header of input names; .parquet, with pyarrow) and append one JSON line per row to --out: its
outputs or its error, the mode (recipe, recipe+fallback or failed), model calls, tokens, cost and
duration. Every row is validated against the task's inputs; a bad row gets its own error line
and the others go on. Run the same command again to resume: rows already in --out are skipped.
A row that was running when the batch was stopped is not run again (its changes may have
happened) unless --retry-failed. When a step fails, the agent finishes that row (the task is
found through the module the trace records: run from the project root); fallbacks and heals of
the recipe happen one at a time, and the rows after a heal run the healed recipe. Each row's run
record goes to <out>.runs/; `recipe show RESULTS.jsonl --html` makes a page of the batch."""

EXAMPLES = """\
examples:
  recipe batch recipes/invoices customers.jsonl --out results.jsonl --workers 2
  recipe batch recipes/shop queries.csv --out shop.jsonl --engine ray --workers 4
  recipe batch recipes/shop queries.csv --out shop.jsonl --engine ray --address ray://head:10001
  recipe show results.jsonl --html --open
"""


def add_parser(sub: Any, debug_option: Any, quiet_option: Any) -> None:
    batch = sub.add_parser(
        "batch",
        help="run a recipe for every row of a .jsonl/.csv/.parquet file (resumable)",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    batch.add_argument("folder", type=Path, help="a recipe folder, e.g. recipes/invoices")
    batch.add_argument("inputs", type=Path, help="the rows: a .jsonl, .csv or .parquet file")
    batch.add_argument(
        "--out", "-o", type=Path, required=True, help="the results file (.jsonl), appended to"
    )
    batch.add_argument(
        "--workers", "-w", type=int, default=1, help="rows run at once (worker processes)"
    )
    batch.add_argument("--engine", choices=["local", "ray"], default="local", help="where rows run")
    batch.add_argument(
        "--address",
        help="a Ray cluster to run on (e.g. ray://head:10001, or auto); default: a local Ray",
    )
    batch.add_argument(
        "--concurrent-requests",
        type=int,
        metavar="N",
        help="model requests at once across all workers (rows that need the fallback); "
        "default: the task's TaskConfig, else 2",
    )
    batch.add_argument(
        "--requests-per-second",
        type=float,
        metavar="R",
        help="model requests started per second across all workers; default: no limit",
    )
    batch.add_argument(
        "--no-fallback",
        action="store_true",
        help="a row whose step fails is a failed row; no model is called (for CI)",
    )
    batch.add_argument(
        "--retry-failed",
        action="store_true",
        help="run failed and interrupted rows again (they may have made changes before)",
    )
    batch.add_argument(
        "--no-runs", action="store_true", help="keep no run record per row (<out>.runs/)"
    )
    batch.add_argument(
        "--html", action="store_true", help="write the batch's HTML report at the end"
    )
    quiet_option(batch)
    debug_option(batch)
    batch.set_defaults(handler=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:

    task = task_for_folder(args.folder)
    if args.no_fallback:
        task = task.with_options(config=task.config.model_copy(update={"on_failure": "raise"}))
    report = run_batch(
        task,
        args.inputs,
        out=args.out,
        workers=args.workers,
        engine=args.engine,
        address=args.address,
        concurrent_requests=args.concurrent_requests,
        requests_per_second=args.requests_per_second,
        retry_failed=args.retry_failed,
        keep_runs=not args.no_runs,
        progress=not args.quiet,
    )
    if args.quiet:
        print(report.summary(), file=sys.stderr)
    else:
        print_summary(report)
    if args.html:
        from runtime.html_report import write_batch_report  # lazy: jinja2, for --html only

        page = write_batch_report(args.out)
        print(f"report: {page}", file=sys.stderr)
    if report.interrupted:
        return 130
    return 1 if report.failed else 0
