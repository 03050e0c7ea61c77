"""Generalization: do compiled recipes give the right answer for inputs the agent never saw?

Each task of ``tests/generalization/tasks`` is run once by the agent (recorded model answers:
values copied between calls, reasoning in ``compute``, a failed attempt, an unused lookup); its
recipe then replays every held-out input set with no model at all. Prints, per task, the
held-out sets that came out right and the warnings the compiler gave (provenance warnings are
the ones that say where a recipe may not follow new inputs), then the overall pass rate.

    python bench/generalization.py
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import publish, table

from tests.generalization.tasks import cases, evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    rows = []
    tasks = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases():
            report = evaluate(case, Path(tmp) / case.task.name)
            unexplained = sum(1 for m in report.misses if not m.explained_by)
            rows.append(
                [
                    report.name,
                    f"{report.passed}/{report.total}",
                    len(report.warnings),
                    len(report.provenance_warnings),
                    unexplained,
                    report.model_calls,
                ]
            )
            tasks.append(
                {
                    "task": report.name,
                    "passed": report.passed,
                    "held_out": report.total,
                    "warnings": len(report.warnings),
                    "provenance_warnings": len(report.provenance_warnings),
                    "warning_codes": sorted({w.code for w in report.warnings}),
                    "unexplained_misses": unexplained,
                    "replay_model_calls": report.model_calls,
                }
            )
    passed = sum(t["passed"] for t in tasks)
    total = sum(t["held_out"] for t in tasks)
    rate = passed / total if total else 0.0
    columns = ["task", "held-out passed", "warnings", "provenance", "unexplained", "model calls"]
    publish(
        "generalization",
        {"pass_rate": rate, "passed": passed, "held_out": total, "tasks": tasks},
        table(columns, rows)
        + f"\n\npass rate: {passed}/{total} = {rate:.1%} with zero model calls in replay",
    )


if __name__ == "__main__":
    main()
