"""The ``recipe`` command line: run, replay, compile and show recipes.

Every error is one readable paragraph on stderr and a non-zero exit; ``--debug`` adds the
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import logging
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from compiler.ir import SCHEMA_VERSION, LiteralExpr, RefExpr, load_trace, trace_json_schema
from compiler.locators_file import ALTERNATES_FILE
from runtime.actions._types import dotted_path_for_file
from runtime.actions.costs import cost_lines
from runtime.actions.recorder import jsonable
from runtime.cli import executions
from runtime.cli.batch import add_parser as add_batch_parser
from runtime.errors import RecipeCompilerError, RecipeError
from runtime.recipe_main import parse_value
from runtime.run.replay import ensure_project_root_importable
from runtime.run.replay_folder import replay_folder
from runtime.store._files import atomic_write_text
from runtime.store.folder import RecipeFolder, unified_diff
from runtime.store.history import find_run
from runtime.tasks.task import Task

EPILOG = """\
examples:
  recipe run examples/invoices.py                       agent once, then the recipe
  recipe run examples/invoices.py --agent               record again with the agent
  recipe replay recipes/invoices --input customer="Globex Inc"
  recipe compile recipes/invoices/trace.json -o /tmp/recipe.py
  recipe show recipes/invoices
  recipe heal recipes/invoices --dry-run                show a pending heal
  recipe diff recipes/invoices                          what the last heal changed
  recipe batch recipes/invoices rows.jsonl --out results.jsonl --workers 2
  recipe show recipes/invoices --html --open            the recorded run as a web page
"""


class UsageError(RecipeCompilerError):
    """The command line itself is wrong (a missing file, a bad --input)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        with _progress_on_stderr(enabled=not getattr(args, "quiet", True)):
            return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (RecipeCompilerError, OSError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recipe",
        description=(
            "Record an LLM agent's run once, compile it into a readable Python recipe, and "
            "replay the recipe on new inputs without the model."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run the task a Python file defines (agent the first time, recipe after)",
        description=(
            "Import FILE.py, find the Task it defines, and run it: with the agent when there is "
            "no recipe yet (writing recipes/<task>/trace.json and recipe.py), else by replaying "
            "the recipe with zero model calls. Without --input, the file's DEFAULT_INPUTS (or "
            "the @task function's defaults) are used."
        ),
    )
    run.add_argument("file", type=Path, help="a Python file that defines a Task")
    run.add_argument("--task", help="which task, when the file defines several")
    _input_option(run)
    run.add_argument(
        "--agent", action="store_true", help="run the agent even if a recipe exists (re-record)"
    )
    run.add_argument(
        "--save-cassette",
        type=Path,
        metavar="FILE",
        help="save the model's answers of this run as a cassette (replay it with load_cassette)",
    )
    run.add_argument(
        "--no-fallback",
        action="store_true",
        help="if a recipe step fails, fail (exit 1) instead of letting the agent finish (for CI)",
    )
    run.add_argument(
        "--detach",
        action="store_true",
        help="run in the background and print its execution id (`recipe status`, `recipe cancel`)",
    )
    run.add_argument("--execution-id", help=argparse.SUPPRESS)  # the child of --detach
    _quiet_option(run)
    _debug_option(run)
    run.set_defaults(handler=cmd_run)

    replay = sub.add_parser(
        "replay",
        help="replay a recipe folder without the model",
        description=(
            "Run recipes/<task>/recipe.py on the given inputs; inputs are validated against the "
            "recipe function's signature. No model is called unless a step fails: then, if the "
            "module that defines the task can be imported, the agent finishes the task from the "
            "failed step and the recipe is healed (TaskConfig(on_failure=..., heal=...))."
        ),
    )
    replay.add_argument("folder", type=Path, help="a recipe folder, e.g. recipes/invoices")
    _input_option(replay)
    replay.add_argument(
        "--no-fallback",
        action="store_true",
        help="if a step fails, fail (exit 1) instead of calling the agent (for CI)",
    )
    _quiet_option(replay)
    _debug_option(replay)
    replay.set_defaults(handler=cmd_replay)

    comp = sub.add_parser(
        "compile",
        help="compile a trace.json into recipe source",
        description=(
            "Compile a recorded trace into a recipe. Prints to stdout unless -o is given; "
            "warnings go to stderr. An existing output file is kept as <file>.bak."
        ),
    )
    comp.add_argument("trace", type=Path, help="path to trace.json")
    comp.add_argument(
        "-o",
        "--output",
        type=Path,
        help="write the recipe here (and its elements' other locators beside it, locators.json)",
    )
    comp.add_argument("--strict", action="store_true", help="treat provenance warnings as errors")
    comp.add_argument("--explain", action="store_true", help="print what each pass changed")
    _debug_option(comp)
    comp.set_defaults(handler=cmd_compile)

    heal = sub.add_parser(
        "heal",
        help="apply (or with --dry-run, show) the pending heal of a recipe folder",
        description=(
            "A replay that fell back with TaskConfig(heal='ask') and no terminal to ask on keeps "
            "its healed recipe in recipes/<task>/pending/. This command shows the change as a "
            "diff and writes it (the old recipe and trace go to history/)."
        ),
    )
    heal.add_argument("folder", type=Path, help="a recipe folder, e.g. recipes/invoices")
    heal.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    _debug_option(heal)
    heal.set_defaults(handler=cmd_heal)

    diff = sub.add_parser(
        "diff",
        help="show what the last heal (or re-record) changed in a recipe",
        description="Diff the most recent recipe in recipes/<task>/history/ against recipe.py.",
    )
    diff.add_argument("folder", type=Path, help="a recipe folder, e.g. recipes/invoices")
    _debug_option(diff)
    diff.set_defaults(handler=cmd_diff)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of trace.json",
        description="Print the JSON Schema of the trace file format (schema-versioned).",
    )
    _debug_option(schema)
    schema.set_defaults(handler=cmd_schema)

    test = sub.add_parser(
        "test",
        help="check a recipe against every run recorded for its task (no side effects)",
        description=(
            "Every recorded run of the task (trace.json, history/, the runs heals were made "
            "from) becomes a regression test: the recipe runs with each action answered from "
            "the run instead of executed, and must make the same changes, with the same "
            "arguments, in the same order, and return the same outputs. Exits 1 on a mismatch, "
            "naming the run, the step, what was expected and what happened. A run the world "
            "has outdated can be retired (kept in history, no longer tested)."
        ),
    )
    test.add_argument("folder", type=Path, help="a recipe folder, e.g. recipes/invoices")
    test.add_argument(
        "--retire",
        metavar="RUN_ID",
        action="append",
        default=[],
        help="retire this run (repeatable) instead of testing",
    )
    test.add_argument("--note", default="retired by hand", help="why the runs are retired")
    _debug_option(test)
    test.set_defaults(handler=cmd_test)

    show = sub.add_parser(
        "show",
        help="show a recorded run (steps, tokens, outputs), as text or an HTML page",
        description=(
            "Print the run report of recipes/<task>/trace.json, or of the run RUN_ID the folder "
            "keeps (history/, runs/, pending/). With --html, write one self-contained page of "
            "the run (offline: no network needed to view it); given a batch's results file "
            "(RESULTS.jsonl), a page of the batch with one line per row, each linking to its run."
        ),
    )
    show.add_argument(
        "folder", type=Path, help="a recipe folder, e.g. recipes/invoices, or a results.jsonl"
    )
    show.add_argument("run_id", nargs="?", help="which run (default: the recorded one)")
    show.add_argument("--json", action="store_true", help="print the trace as JSON instead")
    show.add_argument("--html", action="store_true", help="write an HTML page of the run")
    show.add_argument(
        "--open", action="store_true", help="open the HTML page in a browser (implies --html)"
    )
    show.add_argument(
        "-o", "--output", type=Path, help="where the HTML page goes (default: beside the run)"
    )
    _debug_option(show)
    show.set_defaults(handler=cmd_show)

    executions.add_commands(sub, _debug_option)  # status, cancel

    add_batch_parser(sub, _debug_option, _quiet_option)
    return parser


def cmd_test(args: argparse.Namespace) -> int:
    # lazy: recorded_tests loads the compiler's passes (libcst); a replay never does
    from runtime.run.recorded_tests import recorded_runs, retire, run_recipe_tests

    folder = RecipeFolder(args.folder)
    if not folder.has_recipe():
        raise RecipeError(f"{folder.recipe_path}: no recipe here. Record the task first.")
    if args.retire:
        runs, _ = recorded_runs(folder)
        known = {r.run_id for r in runs}
        unknown = [r for r in args.retire if r not in known]
        if unknown:
            listed = ", ".join(sorted(known)) or "none"
            raise RecipeError(
                f"{folder.path}: no recorded run {', '.join(unknown)} to retire (runs: {listed})."
            )
        path = retire(folder, args.retire, args.note)
        print(f"retired {', '.join(args.retire)} ({path})")
        return 0
    report = run_recipe_tests(folder)
    print(report.text())
    return 0 if report.ok else 1


@contextlib.contextmanager
def _progress_on_stderr(*, enabled: bool) -> Iterator[None]:
    """Show the ``recipe`` logger's progress lines (model turns, a fallback taking over) on
    stderr while a command runs: an agent run can take minutes."""
    if not enabled:
        yield
        return
    logger = logging.getLogger("recipe")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("· %(message)s"))
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _quiet_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress lines on stderr (model turns, a fallback taking over)",
    )


def _debug_option(p: argparse.ArgumentParser) -> None:
    """``--debug`` after the command too (``recipe replay … --debug``), without hiding the
    top-level one."""
    p.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def _input_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--input",
        "-i",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=(
            "an input value (repeatable); non-text values are JSON, e.g. limit=5; null or an "
            "empty value leaves out an optional input (coupon=null)"
        ),
    )


# --------------------------------------------------------------------------- commands


def cmd_run(args: argparse.Namespace) -> int:
    module = _load_task_file(args.file)
    tasks = {v.name: v for v in vars(module).values() if isinstance(v, Task)}
    if not tasks:
        raise UsageError(f"{args.file}: defines no Task. Create one with Task(...) or @task.")
    if args.task:
        if args.task not in tasks:
            raise UsageError(f"{args.file}: no task {args.task!r}; it defines {sorted(tasks)}.")
        the_task = tasks[args.task]
    elif len(tasks) > 1:
        raise UsageError(
            f"{args.file}: defines several tasks {sorted(tasks)}; pick one with --task."
        )
    else:
        the_task = next(iter(tasks.values()))
    updates: dict[str, Any] = {}
    if args.save_cassette:
        updates["save_cassette"] = args.save_cassette
    if args.no_fallback:
        updates["on_failure"] = "raise"
    if updates:
        the_task = the_task.with_options(config=the_task.config.model_copy(update=updates))
    inputs = dict(getattr(module, "DEFAULT_INPUTS", {}) or {})
    inputs.update(_parse_inputs(args.input, the_task.input_types))
    if args.detach or args.execution_id:
        if args.detach:
            return executions.detach(args, the_task)
        result = executions.run_attached(args, the_task, the_task.bind_inputs((), inputs))
    else:
        result = the_task.run_agent(**inputs) if args.agent else the_task.run(**inputs)
    _print_outputs(result)
    if the_task.last_run:
        print(the_task.last_run.report(), file=sys.stderr)
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    inputs_raw = dict(_split_input(item) for item in args.input)
    result, report = replay_folder(args.folder, inputs_raw, fallback=not args.no_fallback)
    _print_outputs(result)
    print(report, file=sys.stderr)
    return 0


def cmd_heal(args: argparse.Namespace) -> int:
    folder = RecipeFolder(args.folder)
    proposal = folder.load_proposal()
    print(proposal.diff(str(folder.recipe_path)), end="")
    if args.dry_run:
        print("(dry run: nothing written)", file=sys.stderr)
        return 0
    history = folder.apply_proposal(proposal)
    print(f"healed {folder.recipe_path}; the previous version is in {history}", file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    folder = RecipeFolder(args.folder)
    if not folder.has_recipe():
        raise UsageError(f"{folder.recipe_path}: no recipe here.")
    latest = folder.latest_history()
    if latest is None or not (latest / "recipe.py").is_file():
        print(
            f"{folder.path}: no history yet (the recipe was never healed or re-recorded).",
            file=sys.stderr,
        )
        return 0
    before = (latest / "recipe.py").read_text(encoding="utf-8")
    text = unified_diff(
        before, folder.recipe_path.read_text(encoding="utf-8"), str(folder.recipe_path)
    )
    print(text or "(no change)", end="" if text else "\n")
    print(f"compared with {latest / 'recipe.py'}", file=sys.stderr)
    return 0


def cmd_compile(args: argparse.Namespace) -> int:
    from compiler import compile_trace  # lazy: the code generator (libcst, jinja2, black)

    if not args.trace.is_file():
        raise UsageError(f"{args.trace}: no such file.")
    trace = load_trace(args.trace.read_bytes(), source=str(args.trace))
    result = compile_trace(trace, strict=args.strict)
    for warning in result.warnings:
        where = f" (step {warning.step})" if warning.step is not None else ""
        print(f"warning{where}: {warning.message}", file=sys.stderr)
    if args.explain:
        for report in result.explain:
            print(f"pass {report.name}:", file=sys.stderr)
            for line in report.changes or ["(no change)"]:
                print(f"  {line}", file=sys.stderr)
    if args.output:
        if args.output.is_file() and args.output.read_text(encoding="utf-8") != result.source:
            backup = args.output.with_name(args.output.name + ".bak")
            atomic_write_text(backup, args.output.read_text(encoding="utf-8"))
            print(f"kept the previous file as {backup}", file=sys.stderr)
        # Its elements' other locators beside it (none: a stale file from before goes).
        beside = args.output.with_name(ALTERNATES_FILE)
        if result.alternates.elements:
            atomic_write_text(beside, result.alternates.dumps())
        elif beside.is_file():
            beside.unlink()
        atomic_write_text(args.output, result.source)
        print(f"wrote {args.output}", file=sys.stderr)
        if result.alternates.elements:
            print(f"wrote {beside} (the elements' other locators)", file=sys.stderr)
    else:
        sys.stdout.write(result.source)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    schema = {"$comment": f"trace.json schema version {SCHEMA_VERSION}", **trace_json_schema()}
    print(json.dumps(schema, indent=2))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    if args.html or args.open:
        from runtime.html_report import show_html  # lazy: jinja2, for --html only

        page = show_html(args.folder, args.run_id, output=args.output, open_page=args.open)
        print(f"wrote {page}", file=sys.stderr)
        return 0
    folder = RecipeFolder(args.folder)
    trace = folder.load_trace() if args.run_id is None else find_run(folder, args.run_id).trace
    if args.json:
        print(trace.model_dump_json(indent=2))
        return 0
    print(render_trace(trace, folder))
    return 0


# --------------------------------------------------------------------------- helpers


def render_trace(trace: Any, folder: Any) -> str:
    lines = [
        f"task {trace.task.name!r} — {trace.mode} run {trace.run_id} ({trace.created_at})",
        f"  {trace.task.description}",
        f"  model: {trace.model or '-'}; model calls: {trace.usage.model_calls}; tokens: "
        f"{trace.usage.input_tokens} in / {trace.usage.output_tokens} out",
        f"  inputs: {json.dumps(trace.inputs, ensure_ascii=False)}",
        "  steps:",
    ]
    for step in trace.steps:
        args = []
        for key, expr in step.args.items():
            if isinstance(expr, LiteralExpr):
                shown = json.dumps(expr.value, ensure_ascii=False)
            elif isinstance(expr, RefExpr):
                shown = "$" + ".".join([expr.name, *map(str, expr.path)])
            else:
                shown = expr.kind
            args.append(f"{key}={shown[:60]}")
        status = "ok " if step.status == "ok" else "ERR"
        target = f" → {step.result_var}" if step.result_var else ""
        turn = f"turn {step.turn:>2} " if step.turn is not None else ""
        lines.append(
            f"    [{step.index:>2}] {status} {turn}{step.action.name}({', '.join(args)}){target}"
        )
        if step.error:
            lines.append(f"         error: {step.error.splitlines()[0][:150]}")
    lines.append(f"  outputs: {json.dumps(trace.outputs, ensure_ascii=False)}")
    lines.append(f"  recipe: {folder.recipe_path}" + ("" if folder.has_recipe() else " (missing)"))

    lines += cost_lines(folder.path, trace)
    return "\n".join(lines)


def _load_task_file(path: Path) -> Any:
    if not path.is_file():
        raise UsageError(f"{path}: no such file.")
    ensure_project_root_importable()
    name = dotted_path_for_file(path)
    if name in sys.modules and getattr(sys.modules[name], "__file__", None) == str(path.resolve()):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise UsageError(f"{path}: not an importable Python file.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except RecipeCompilerError:
        raise
    except SyntaxError as exc:
        raise UsageError(f"{path}, line {exc.lineno}: syntax error: {exc.msg}") from None
    except Exception as exc:
        sys.modules.pop(name, None)
        raise UsageError(f"{path}: importing it raised {type(exc).__name__}: {exc}") from exc
    return module


def _split_input(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise UsageError(f"--input {item!r}: expected NAME=VALUE, e.g. --input customer=ACME")
    key, _, value = item.partition("=")
    return key.strip(), value


def _parse_inputs(items: Sequence[str], types: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, raw = _split_input(item)
        if key not in types:
            raise UsageError(f"--input {key}: the task has no such input; inputs: {sorted(types)}.")
        try:
            out[key] = parse_value(raw, types[key])
        except ValueError as exc:
            raise UsageError(f"--input {key}: {exc}") from None
    return out


def _print_outputs(result: Any) -> None:
    print(json.dumps(jsonable(result), indent=2, ensure_ascii=False))
