"""Reliability: run the fault-injection suite (``tests/faults/``) and print its ledger as a table.

Every test there injects faults — endpoint errors, hangs, garbage and cut-off answers; a
SIGKILL at every write point of recording and healing; replays and heals racing each other;
secret and sandbox probes; untrusted trace files — and logs, per fault, whether the system
survived it (did what the README promises) and how many of the user's files were lost.

    python bench/faults.py            # the whole suite, slow tests included (a few minutes)
    python bench/faults.py --quick    # without the tests marked slow
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import ROOT, publish, table


def run_suite(*, quick: bool) -> tuple[list[dict[str, Any]], int]:
    """Run ``tests/faults`` with the ledger switched on; returns its rows and pytest's code."""
    with tempfile.TemporaryDirectory() as scratch:
        ledger = Path(scratch) / "faults.json"
        command = [sys.executable, "-m", "pytest", "tests/faults", "-q", "-p", "no:cacheprovider"]
        if quick:
            command += ["-m", "not slow"]
        env = {**os.environ, "RECIPE_FAULTS_REPORT": str(ledger)}
        code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
        rows = json.loads(ledger.read_text()) if ledger.is_file() else []
    return rows, code


def summarize(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """One line per category: faults injected, survived, files lost; then the total."""
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        counts = by_category[row["category"]]
        counts[0] += 1
        counts[1] += bool(row["survived"])
        counts[2] += int(row["lost"])
    lines = [[name, *counts] for name, counts in sorted(by_category.items())]
    total = [sum(line[i] for line in lines) for i in (1, 2, 3)]
    return [*lines, ["total", *total]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the tests marked slow")
    args = parser.parse_args()
    rows, code = run_suite(quick=args.quick)
    if not rows:
        print("the suite logged no faults (did it run?)", file=sys.stderr)
        return 1
    lines = summarize(rows)
    failed = [row["fault"] for row in rows if not row["survived"] or row["lost"]]
    report = table(["faults", "injected", "survived", "data lost"], lines)
    if failed:
        report += "\n\nnot survived:\n" + "\n".join(f"  {f}" for f in failed)
    publish(
        "faults",
        {
            "quick": args.quick,
            "categories": {
                line[0]: {"injected": line[1], "survived": line[2], "lost": line[3]}
                for line in lines
            },
            "not_survived": failed,
        },
        report,
    )
    return 0 if code == 0 and not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
