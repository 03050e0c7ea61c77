"""Control flow: do recipes loop and branch right for inputs the agent never saw, or stop safely?

Each task of ``bench/control_flow_tasks`` (issue 15) is recorded once by a scripted stand-in for
the model that acts as an agent given the system prompt does: it lists, filters (in
``compute`` or in its head), passes values by ``$ref`` or copies them, decides, types counts.
Its recipe then replays held-out inputs — other list lengths, empty lists, other items passing
the filter, the other side of a decision — with NO model (``mock_responses=[]``: a fallback
cannot get an answer and errors out). Every action that changes something is logged, and a
plain-Python reference says what the task should do for each input. A replay is:

- correct: the expected outputs and exactly the expected effects, at 0 model calls;
- safe stop: it raised, and every effect it made is an expected one;
- WRONG: an unexpected effect, or wrong outputs returned.

Targets: WRONG = 0 everywhere; correct at 0 model calls >= 90%. Runs in a temporary recipe
folder; nothing committed changes. Browser tasks drive real Chromium on pages served on
127.0.0.1.

    python bench/control_flow.py                      # every task
    python bench/control_flow.py --no-browser -v      # API tasks only, with every run's detail
    python bench/control_flow.py --tasks reminders,approvals --show-recipes
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import publish, table
from control_flow_tasks import VERDICTS, Case, Report, cases, evaluate

WRONG_TARGET = 0
CORRECT_TARGET = 0.90


def select(names: Sequence[str] | None, *, browser: bool = True) -> list[Case]:
    """The cases to run: all, or those named (an unknown name is an error)."""
    every = cases()
    if names:
        known = {c.name: c for c in every}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise SystemExit(f"unknown task(s) {unknown}; the tasks are {sorted(known)}")
        every = [known[n] for n in names]
    return [c for c in every if browser or not c.browser]


def run(chosen: list[Case]) -> list[Report]:
    """Record and replay every case, each in its own temporary recipe folder."""
    reports = []
    try:
        with tempfile.TemporaryDirectory(prefix="control-flow-") as tmp:
            for case in chosen:
                reports.append(evaluate(case, Path(tmp) / case.name))
    finally:
        if any(c.browser for c in chosen):
            from runtime.browser import close_browser

            close_browser()
    return reports


def figures(reports: list[Report]) -> dict[str, Any]:
    """The JSON figures: totals, targets, and every run of every task."""
    runs = [o for r in reports for o in r.held_out]
    totals = {v: sum(1 for o in runs if o.verdict == v) for v in VERDICTS}
    planned = sum(len(r.case.held_out) for r in reports)
    rate = totals["correct"] / planned if planned else 0.0
    unrecorded = [r.case.name for r in reports if r.recording.verdict != "correct"]
    return {
        "held_out": planned,
        "not_replayed": planned - len(runs),
        "recording_failed": unrecorded,
        "correct": totals["correct"],
        "safe_stop": totals["safe stop"],
        "safe_stop_by_guard": sum(
            1 for o in runs if o.verdict == "safe stop" and o.stop == "guard"
        ),
        "wrong": totals["WRONG"],
        "correct_rate": rate,
        "targets": {"wrong": WRONG_TARGET, "correct_rate": CORRECT_TARGET},
        "met": {
            "wrong": totals["WRONG"] <= WRONG_TARGET and not unrecorded,
            "correct_rate": rate >= CORRECT_TARGET,
        },
        "tasks": [
            {
                "task": r.case.name,
                "features": list(r.case.features),
                "browser": r.case.browser,
                "recording": r.recording.as_json(),
                "correct": r.count("correct"),
                "safe_stop": r.count("safe stop"),
                "wrong": r.count("WRONG"),
                "warnings": r.warnings,
                "runs": [o.as_json() for o in r.held_out],
            }
            for r in reports
        ],
    }


def report(reports: list[Report], *, verbose: bool = False, show_recipes: bool = False) -> str:
    """The tables: one line per task, then every held-out run, then totals and targets."""
    summary = [
        [
            r.case.name,
            ", ".join(r.case.features),
            "ok" if r.recording.verdict == "correct" else f"BAD: {_cut(r.recording.detail, 60)}",
            len(r.case.held_out),
            r.count("correct"),
            r.count("safe stop"),
            r.count("WRONG"),
        ]
        for r in reports
    ]
    parts = [
        table(
            ["task", "covers", "recorded run", "held-out", "correct", "safe stop", "WRONG"],
            summary,
        )
    ]
    runs = [
        [r.case.name, o.label, o.verdict, _cut(o.detail, 0 if verbose else 110)]
        for r in reports
        for o in r.held_out
    ]
    parts.append(table(["task", "held-out input", "verdict", "why"], runs))
    if show_recipes:
        parts += [f"--- {r.case.name}: recipe.py\n{r.recipe}" for r in reports]
    f = figures(reports)
    n = f["held_out"]
    parts.append(
        f"held-out runs: {n}; correct at 0 model calls {f['correct']} ({f['correct_rate']:.0%}), "
        f"safe stops {f['safe_stop']} ({f['safe_stop_by_guard']} at a guard, "
        f"{f['safe_stop'] - f['safe_stop_by_guard']} at an error), WRONG {f['wrong']}\n"
        f"targets: WRONG = {WRONG_TARGET} everywhere: {_met(f['met']['wrong'])}; "
        f"correct at 0 calls >= {CORRECT_TARGET:.0%}: {_met(f['met']['correct_rate'])}"
    )
    if f["recording_failed"]:
        parts.append(
            f"NOT JUDGED: the recorded run of {', '.join(f['recording_failed'])} did not do what "
            f"the reference does, so {f['not_replayed']} held-out runs were not replayed (they "
            "count as not correct, and WRONG = 0 is not met)"
        )
    return "\n\n".join(parts)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tasks", help="comma-separated task names (default: all)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser tasks")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every reason whole")
    parser.add_argument("--show-recipes", action="store_true", help="print each task's recipe")
    parser.add_argument("--list", action="store_true", help="list the tasks and exit")
    args = parser.parse_args(argv)
    chosen = select(args.tasks.split(",") if args.tasks else None, browser=not args.no_browser)
    if args.list:
        print(table(["task", "covers"], [[c.name, ", ".join(c.features)] for c in chosen]))
        return
    reports = run(chosen)
    publish(
        "control_flow",
        figures(reports),
        report(reports, verbose=args.verbose, show_recipes=args.show_recipes),
    )


if __name__ == "__main__":
    main()
