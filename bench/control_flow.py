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

Targets: WRONG = 0 everywhere; correct at 0 model calls >= 90%, judged on issue 15's own tasks
(every held-out input, the other branches too) and on the everyday tasks' inputs on a path the
recording took. The red team's tasks (``redteam_*`` but the everyday ones) choose inputs where
the recording cannot tell two readings apart, where a stop before the effect is the right replay:
their target is WRONG = 0, and their rate is printed beside.

A second section (issue 16) runs **heal sequences**, for every task with a scripted fallback
(``HeldOut.fallback_answers``: what an agent does from the failure point, passing the recipe's
variables by ``$ref``): record one path, meet the held-out inputs in order with
``heal="auto"`` — a replay that fails falls back to the script, and the heal adds a bridge —
then replay every input seen so far with no model. Target: all of them correct at 0 model
calls, WRONG = 0 (in the sequence too). It also times ``recipe test`` (``run_recipe_tests``) on
each healed folder, per recorded run.

Everything runs in temporary recipe folders; nothing committed changes. Browser tasks drive
real Chromium on pages served on 127.0.0.1 (they have no heal sequence).

    python bench/control_flow.py                      # every task, both sections
    python bench/control_flow.py --no-browser -v      # API tasks only, with every run's detail
    python bench/control_flow.py --no-heal            # the plain replays only
    python bench/control_flow.py --tasks refunds,buy_or_backorder --show-recipes
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import publish, table
from control_flow_tasks import (
    VERDICTS,
    Case,
    HealReport,
    Report,
    cases,
    evaluate,
    heal_sequence,
    heals,
)

WRONG_TARGET = 0
CORRECT_TARGET = 0.90
HEALED_TARGET = 1.0
"""After the heals, the share of the inputs seen so far that replay correctly at 0 calls."""


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


def _paths(reports: list[Report]) -> dict[str, Any]:
    """Held-out inputs split by path: on one the recording took (a replay can be right at 0
    calls) or on one it never took (only a side exit before any effect is right)."""
    new_path = {(r.case.name, h.label) for r in reports for h in r.case.held_out if h.new_path}
    on_path = [o for r in reports for o in r.held_out if (r.case.name, o.label) not in new_path]
    off_path = [o for r in reports for o in r.held_out if (r.case.name, o.label) in new_path]
    planned = sum(len(r.case.held_out) for r in reports)
    planned_on = planned - len(new_path)
    correct_on = sum(1 for o in on_path if o.verdict == "correct")
    return {
        "held_out": planned,
        "correct": sum(1 for r in reports for o in r.held_out if o.verdict == "correct"),
        "recorded_path": {
            "held_out": planned_on,
            "correct": correct_on,
            "correct_rate": correct_on / planned_on if planned_on else 0.0,
        },
        "new_path": {
            "held_out": len(new_path),
            "side_exit": sum(1 for o in off_path if o.verdict == "safe stop"),
            "wrong": sum(1 for o in off_path if o.verdict == "WRONG"),
        },
    }


EVERYDAY = (
    "redteam_round31",
    "redteam_round33",
    "redteam_round38",
    "redteam_round44",
    "redteam_round47",
    "redteam_round52",
    "redteam_round54",
    "redteam_round57",
)
"""The modules of ordinary tasks from domains the bench had not seen, each recorded once the way
an agent does in one of several styles and replayed on ordinary new inputs (other counts, empty
lists, other ids, the other branch), written by helpers who were asked to measure, not to
attack: the everyday replay rate. Rounds 44, 47, 52, 54 and 57 are samples taken after the
rules the first three led to, so they measure how far the rules carry to tasks they were not made
for. The red team's other modules choose inputs where the recording cannot tell two readings
apart, so their stops are mostly the point."""


def figures(reports: list[Report]) -> dict[str, Any]:
    """The JSON figures: totals, targets, and every run of every task."""
    runs = [o for r in reports for o in r.held_out]
    totals = {v: sum(1 for o in runs if o.verdict == v) for v in VERDICTS}
    planned = sum(len(r.case.held_out) for r in reports)
    rate = totals["correct"] / planned if planned else 0.0
    unrecorded = [r.case.name for r in reports if r.recording.verdict != "correct"]
    sets = {
        "issue 15": [r for r in reports if not r.case.module.startswith("redteam_")],
        "everyday": [r for r in reports if r.case.module in EVERYDAY],
        "red team": [
            r
            for r in reports
            if r.case.module.startswith("redteam_") and r.case.module not in EVERYDAY
        ],
    }
    by_set = {name: _paths(group) for name, group in sets.items() if group}
    judged = by_set.get("issue 15")
    judged_rate = judged["correct"] / judged["held_out"] if judged and judged["held_out"] else rate
    everyday = by_set.get("everyday")
    return {
        **_paths(reports),
        "by_set": by_set,
        "by_module": {
            module: {
                "held_out": sum(len(r.case.held_out) for r in group),
                **{v.replace(" ", "_"): sum(r.count(v) for r in group) for v in VERDICTS},
            }
            for module in dict.fromkeys(r.case.module for r in reports)
            for group in [[r for r in reports if r.case.module == module]]
        },
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
        "judged_rate": judged_rate,
        "met": {
            "wrong": totals["WRONG"] <= WRONG_TARGET and not unrecorded,
            "correct_rate": judged_rate >= CORRECT_TARGET,
            "everyday_recorded_path": (
                everyday is None or everyday["recorded_path"]["correct_rate"] >= CORRECT_TARGET
            ),
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
        table(
            ["tasks of", "held-out", "correct", "safe stop", "WRONG"],
            [
                [m, g["held_out"], g["correct"], g["safe_stop"], g["WRONG"]]
                for m, g in f["by_module"].items()
            ],
        )
    )
    parts.append(
        f"held-out runs: {n}; correct at 0 model calls {f['correct']} ({f['correct_rate']:.0%}), "
        f"safe stops {f['safe_stop']} ({f['safe_stop_by_guard']} at a guard, "
        f"{f['safe_stop'] - f['safe_stop_by_guard']} at an error), WRONG {f['wrong']}\n"
        f"targets: WRONG = {WRONG_TARGET} everywhere: {_met(f['met']['wrong'])}; "
        f"correct at 0 calls >= {CORRECT_TARGET:.0%} {_judged(f)}\n"
        f"  all inputs, the red team's too: {f['correct']} correct at 0 calls "
        f"({f['correct_rate']:.0%}); the red team chooses inputs where the recording cannot tell "
        "two readings apart, where a stop before the effect is the right replay: its target is "
        "WRONG = 0\n"
        f"  of which on a path the recording took: {f['recorded_path']['correct']} of "
        f"{f['recorded_path']['held_out']} correct at 0 calls "
        f"({f['recorded_path']['correct_rate']:.0%}); on a path it never "
        f"took (the other side of a decision, an action that raises, rejected outputs): "
        f"{f['new_path']['side_exit']} of {f['new_path']['held_out']} leave at the side exit "
        "before any effect, the only right replay without a model (the heal sequences below "
        "bridge them)"
    )
    for name, g in f["by_set"].items():
        on, off = g["recorded_path"], g["new_path"]
        parts[-1] += (
            f"\n  {name} tasks: {g['correct']} of {g['held_out']} correct at 0 calls; on a path "
            f"the recording took {on['correct']} of {on['held_out']} "
            f"({on['correct_rate']:.0%}); on a path it never took {off['side_exit']} of "
            f"{off['held_out']} leave at the side exit"
        )
    if f["recording_failed"]:
        parts.append(
            f"NOT JUDGED: the recorded run of {', '.join(f['recording_failed'])} did not do what "
            f"the reference does, so {f['not_replayed']} held-out runs were not replayed (they "
            "count as not correct, and WRONG = 0 is not met)"
        )
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- heal sequences


def run_heals(chosen: list[Case], *, test_rounds: int = 5) -> list[HealReport]:
    """The heal sequence of every chosen case that has one, each in its own recipe folder."""
    with tempfile.TemporaryDirectory(prefix="control-flow-heal-") as tmp:
        return [
            heal_sequence(case, Path(tmp) / case.name, test_rounds=test_rounds)
            for case in chosen
            if heals(case)
        ]


def heal_figures(reports: list[HealReport]) -> dict[str, Any]:
    """The JSON figures of the heal sequences."""
    seen = sum(1 + len(r.case.held_out) for r in reports)
    correct = sum(r.correct_at_zero for r in reports)
    wrong = sum(r.wrong for r in reports)
    tested = sum(len(r.tests.outcomes) for r in reports if r.tests)
    per_run = [r.test_s / len(r.tests.outcomes) for r in reports if r.tests and r.tests.outcomes]
    unrecorded = [r.case.name for r in reports if r.recording.verdict != "correct"]
    rate = correct / seen if seen else 0.0
    return {
        "tasks_with_heal_sequence": len(reports),
        "inputs_met": sum(len(r.case.held_out) for r in reports),
        "fallbacks": sum(r.fallbacks for r in reports),
        "heals_written": sum(r.healed for r in reports),
        "heals_pending": sum(r.pending for r in reports),
        "inputs_seen": seen,
        "correct_at_0_calls_after": correct,
        "safe_stop_after": sum(r.count("safe stop") for r in reports),
        "wrong": wrong,
        "correct_rate_after": rate,
        "recording_failed": unrecorded,
        "recipe_test": {
            "runs_tested": tested,
            "all_pass": all(r.tests.ok for r in reports if r.tests),
            "ms_per_run_overall": (
                1000 * sum(r.test_s for r in reports if r.tests) / tested if tested else None
            ),
            "ms_per_run_median_of_tasks": 1000 * statistics.median(per_run) if per_run else None,
            "how": "wall time of one run_recipe_tests(folder) call (median of the rounds, the "
            "recipe module's loading included) divided by the recorded runs it tested",
        },
        "targets": {"wrong": WRONG_TARGET, "correct_rate_after": HEALED_TARGET},
        "met": {
            "wrong": wrong <= WRONG_TARGET and not unrecorded,
            "correct_rate_after": rate >= HEALED_TARGET,
        },
        "tasks": [
            {
                "task": r.case.name,
                "recording": r.recording.as_json(),
                "inputs_met": len(r.case.held_out),
                "fallbacks": r.fallbacks,
                "heals_written": r.healed,
                "heals_pending": r.pending,
                "inputs_seen": 1 + len(r.case.held_out),
                "correct_at_0_calls_after": r.correct_at_zero,
                "wrong": r.wrong,
                "recipe_test": (
                    {
                        "runs": len(r.tests.outcomes),
                        "pass": sum(o.passed for o in r.tests.outcomes),
                        "skipped": len(r.tests.skipped),
                        "seconds": r.test_s,
                        "ms_per_run": 1000 * r.test_s / max(1, len(r.tests.outcomes)),
                    }
                    if r.tests
                    else None
                ),
                "met": [m.as_json() for m in r.met],
                "replays_after": [o.as_json() for o in r.replays],
            }
            for r in reports
        ],
    }


def heal_report(
    reports: list[HealReport], *, verbose: bool = False, show_recipes: bool = False
) -> str:
    """The heal sequences: one line per task, every input met and its replay after the heals,
    then totals, targets and the cost of ``recipe test``."""
    head = (
        "HEAL SEQUENCES: each task is recorded once; its held-out inputs are met in order with "
        'heal="auto" (a replay that fails falls back to a scripted agent, and the heal adds a '
        "bridge); then every input seen so far (the recorded one too) replays with no model."
    )
    summary = []
    for r in reports:
        tests = r.tests
        summary.append(
            [
                r.case.name,
                "ok" if r.recording.verdict == "correct" else "BAD",
                len(r.case.held_out),
                r.fallbacks,
                r.healed,
                r.pending,
                f"{r.correct_at_zero}/{1 + len(r.case.held_out)}",
                r.wrong,
                f"{sum(o.passed for o in tests.outcomes)}/{len(tests.outcomes)}" if tests else "-",
                f"{1000 * r.test_s / len(tests.outcomes):.1f}" if tests and tests.outcomes else "-",
            ]
        )
    parts = [
        head,
        table(
            [
                "task",
                "recorded",
                "met",
                "fallbacks",
                "heals",
                "pending",
                "correct after, 0 calls",
                "WRONG",
                "recipe test pass",
                "ms/run",
            ],
            summary,
        ),
    ]
    rows = []
    for r in reports:
        after = {o.label: o for o in r.replays}
        for m in r.met:
            o = after.get(m.outcome.label)
            # Why a heal was not written (its warning), else why the run went as it did.
            notes = [_heal_note(w) for w in m.warnings]
            why = "; ".join(notes or [d for d in (m.outcome.detail, o.detail if o else "") if d])
            rows.append(
                [
                    r.case.name,
                    m.outcome.label,
                    f"{m.what}: {m.outcome.verdict}",
                    f"{o.verdict}, {o.model_calls} calls" if o else "-",
                    _cut(why, 0 if verbose else 130),
                ]
            )
    parts.append(
        table(["task", "held-out input", "when met", "replayed after the heals", "why"], rows)
    )
    failed = [(r.case.name, o) for r in reports if r.tests for o in r.tests.failures]
    if failed:
        parts.append(
            "recipe test failures:\n"
            + "\n".join(f"  {name}: {o.run.describe()}: {o.problem}" for name, o in failed)
        )
    if show_recipes:
        parts += [f"--- {r.case.name}: recipe.py after the heals\n{r.recipe}" for r in reports]
    f = heal_figures(reports)
    t = f["recipe_test"]
    timing = (
        f"recipe test: {t['runs_tested']} recorded runs in {len(reports)} folders, "
        f"{'all pass' if t['all_pass'] else 'SOME FAIL'}; {t['ms_per_run_overall']:.1f} ms per "
        f"recorded run (median over tasks {t['ms_per_run_median_of_tasks']:.1f} ms; one "
        "run_recipe_tests call, recipe module load included, divided by the runs it tested)"
        if t["runs_tested"]
        else "recipe test: no recorded run tested"
    )
    parts.append(
        f"heal sequences: {len(reports)} tasks, {f['inputs_met']} held-out inputs met, "
        f"{f['fallbacks']} fallbacks, {f['heals_written']} heals written, "
        f"{f['heals_pending']} pending\n"
        f"after the heals: {f['correct_at_0_calls_after']} of {f['inputs_seen']} inputs seen "
        f"({f['correct_rate_after']:.0%}) replay correctly at 0 model calls, "
        f"{f['safe_stop_after']} stop safely; WRONG {f['wrong']} (sequences and replays)\n"
        f"targets: WRONG = {WRONG_TARGET}: {_met(f['met']['wrong'])}; every input seen correct "
        f"at 0 calls: {_met(f['met']['correct_rate_after'])}\n{timing}"
    )
    return "\n\n".join(parts)


def _heal_note(warning: str) -> str:
    """A heal's warning, short: without the lead-in, the run's id and date, and the advice."""
    text = warning.removeprefix("the recipe was not healed: ")
    text = re.sub(r"\brun \S+ \(recorded [^)]*\): ", "", text)
    return text.removesuffix("; review with `recipe heal --dry-run`")


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


def _judged(f: dict[str, Any]) -> str:
    """Where the rate target is judged: issue 15's own tasks, every held-out input (the other
    branches, which only a side exit replays right, too), and the everyday tasks' inputs on a
    path the recording took."""
    issue, everyday = f["by_set"].get("issue 15"), f["by_set"].get("everyday")
    if issue is None:
        return f"over these tasks: {_met(f['met']['correct_rate'])}"
    text = (
        f"on issue 15's tasks (every held-out input, the other branches too): "
        f"{_met(f['met']['correct_rate'])} ({issue['correct']} of {issue['held_out']}, "
        f"{f['judged_rate']:.1%})"
    )
    if everyday is not None:
        on = everyday["recorded_path"]
        text += (
            f"; on the everyday tasks' inputs on a recorded path: "
            f"{_met(f['met']['everyday_recorded_path'])} ({on['correct']} of {on['held_out']}, "
            f"{on['correct_rate']:.1%})"
        )
    return text


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tasks", help="comma-separated task names (default: all)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser tasks")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every reason whole")
    parser.add_argument("--show-recipes", action="store_true", help="print each task's recipe")
    parser.add_argument("--no-heal", action="store_true", help="skip the heal sequences")
    parser.add_argument(
        "--test-rounds",
        type=int,
        default=5,
        help="times recipe test runs on each healed folder (its median is reported)",
    )
    parser.add_argument("--list", action="store_true", help="list the tasks and exit")
    args = parser.parse_args(argv)
    chosen = select(args.tasks.split(",") if args.tasks else None, browser=not args.no_browser)
    if args.list:
        rows = [[c.name, ", ".join(c.features), "yes" if heals(c) else ""] for c in chosen]
        print(table(["task", "covers", "heal sequence"], rows))
        return
    reports = run(chosen)
    results = figures(reports)
    text = report(reports, verbose=args.verbose, show_recipes=args.show_recipes)
    if not args.no_heal:
        healed = run_heals(chosen, test_rounds=args.test_rounds)
        results["heal"] = heal_figures(healed)
        text += "\n\n" + heal_report(healed, verbose=args.verbose, show_recipes=args.show_recipes)
    publish("control_flow", results, text)


if __name__ == "__main__":
    main()
