"""``recipe test``: every recorded run of a task is a regression test of its recipe.

A recorded run is what one run of the task did: its inputs, every action call with its
arguments and result, and its outputs. The runs kept for a task are its current trace
(``trace.json``), the traces in ``history/`` (earlier recordings and heals) and the runs a
heal's bridge was made from (``runs/*.json`` marked ``kept``). For each, the recipe function
runs with every action answered from the run instead of executed — no side effect, no model,
no browser, milliseconds per run — and the test checks that the recipe

- makes the same changing calls (actions that are not read-only), with the same arguments,
  in the same order, and no other;
- asks only lookups the run answered (a read-only call may come in another order), and
- returns the same outputs.

A call the run recorded as failing raises again (its recorded exception type, when the
action's module defines it), so a recipe's bridge for that failure is exercised too.

A run the world has outdated (the service changed for every input) is retired with a note
(``recipe test --retire RUN_ID``) in ``retired.json``; it stays in history and is skipped.
"""

from __future__ import annotations

import builtins
import json
import sys
import time
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from pydantic import BaseModel, TypeAdapter

from compiler.ir import Trace, load_trace
from compiler.passes._values import value_of
from runtime.actions.recorder import RunRecorder, jsonable, recording
from runtime.errors import ActionError, RecipeError, TraceError
from runtime.run.replay import load_recipe_module, recipe_function
from runtime.store._files import atomic_write_text, temp_path
from runtime.store.folder import RETIRED_FILE, RecipeFolder

_BROWSER_MODULE = "runtime.browser"


@dataclass(frozen=True)
class RecordedCall:
    """One action call of a recorded run."""

    index: int
    action: str
    read_only: bool
    args: dict[str, Any]
    """Argument values as JSON; an argument the run cannot state is left out (any value)."""
    unknown: frozenset[str]
    """Arguments the run gave but cannot state (code it evaluated): any value matches."""
    result: Any
    error: str | None = None
    """``Type: message`` when the call failed in the run (it fails again in the test)."""

    def shown(self) -> str:
        args = ", ".join(f"{k}={_short(v)}" for k, v in self.args.items())
        return f"{self.action}({args})"


@dataclass(frozen=True)
class RecordedRun:
    """What one run of the task did."""

    run_id: str
    created_at: str
    inputs: dict[str, Any]
    calls: tuple[RecordedCall, ...]
    outputs: Any
    where: Path
    """The file the run was read from."""

    def describe(self) -> str:
        inputs = ", ".join(f"{k}={_short(v)}" for k, v in self.inputs.items())
        return f"run {self.run_id} (recorded {self.created_at}; inputs {inputs or 'none'})"


@dataclass
class RunOutcome:
    """How the recipe did on one recorded run."""

    run: RecordedRun
    problem: str | None
    """``None`` when the recipe did what the run did; else what differed, and where."""
    duration_s: float

    @property
    def passed(self) -> bool:
        return self.problem is None


@dataclass
class RecipeTestReport:
    """The result of testing a recipe against its recorded runs."""

    task: str
    recipe: Path
    outcomes: list[RunOutcome] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(run id, why)`` for runs not tested (retired, browser runs, unfinished runs)."""

    @property
    def ok(self) -> bool:
        return all(o.passed for o in self.outcomes)

    @property
    def failures(self) -> list[RunOutcome]:
        return [o for o in self.outcomes if not o.passed]

    def text(self) -> str:
        lines = []
        for outcome in self.outcomes:
            mark = "ok  " if outcome.passed else "FAIL"
            ms = outcome.duration_s * 1000
            lines.append(f"{mark} {outcome.run.describe()} — {ms:.1f} ms")
            if outcome.problem:
                lines.append(f"     {outcome.problem}")
        for run_id, why in self.skipped:
            lines.append(f"skip run {run_id}: {why}")
        passed = sum(o.passed for o in self.outcomes)
        lines.append(
            f"{self.recipe}: {passed} of {len(self.outcomes)} recorded runs pass"
            + (f", {len(self.skipped)} skipped" if self.skipped else "")
        )
        return "\n".join(lines)


class _Mismatch(BaseException):
    """Stops the recipe function at the first difference (a ``BaseException``, so a recipe's
    own ``except Exception`` cannot swallow it)."""


# --------------------------------------------------------------------------- the runs


def recorded_runs(folder: RecipeFolder) -> tuple[list[RecordedRun], list[tuple[str, str]]]:
    """The runs kept for a task, newest recording first, and the ones that cannot be tested."""
    files: list[Path] = []
    if folder.trace_path.is_file():
        files.append(folder.trace_path)
    if folder.history_dir.is_dir():
        files += sorted(folder.history_dir.glob("*/trace.json"), reverse=True)
    if folder.runs_dir.is_dir():
        files += sorted(folder.runs_dir.glob("*.json"))
    retired = retired_runs(folder)
    runs: list[RecordedRun] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in files:
        try:
            trace = load_trace(path.read_bytes(), source=str(path))
        except TraceError as exc:
            skipped.append((path.name, f"unreadable: {exc}"))
            continue
        if path.parent == folder.runs_dir and not trace.kept:
            continue  # a run log kept for diagnosis, not a test
        if trace.mode == "recipe+fallback" and not trace.kept:
            continue  # a healed trace: the run it was made from is kept in runs/
        if trace.run_id in seen:
            continue
        seen.add(trace.run_id)
        if trace.run_id in retired:
            skipped.append((trace.run_id, f"retired: {retired[trace.run_id]}"))
            continue
        why = _untestable(trace)
        if why:
            skipped.append((trace.run_id, why))
            continue
        runs.append(run_of(trace, path))
    return runs, skipped


def _untestable(trace: Trace) -> str | None:
    if any(s.action.module.startswith(_BROWSER_MODULE) for s in trace.steps):
        return "a browser run (it needs a page; replay it instead)"
    finished = any(s.action.builtin == "finish" and s.status == "ok" for s in trace.steps)
    if not finished and trace.outputs is None:
        return "the run never finished"
    return None


def run_of(trace: Trace, where: Path) -> RecordedRun:
    """The calls of a trace with their argument values (references resolved)."""
    env: dict[str, Any] = dict(trace.inputs)
    calls: list[RecordedCall] = []
    fallback_from = trace.fallback_from if trace.mode == "recipe+fallback" else None
    for step in trace.steps:
        if step.action.builtin is not None:
            if step.result_var is not None:
                env[step.result_var] = step.result
            continue
        failed = step.status != "ok"
        # An agent's failed attempt is no part of the recipe; a replay's failed call is the
        # place its fallback (and the recipe's bridge) took over.
        if failed and (fallback_from is None or step.index >= fallback_from):
            continue
        args: dict[str, Any] = {}
        unknown: set[str] = set()
        for key, expr in step.args.items():
            known, value = value_of(expr, env)
            if known:
                args[key] = value
            else:
                unknown.add(key)
        calls.append(
            RecordedCall(
                index=step.index,
                action=step.action.name,
                read_only=step.action.read_only,
                args=args,
                unknown=frozenset(unknown),
                result=step.result,
                error=step.error if failed else None,
            )
        )
        if step.result_var is not None:
            env[step.result_var] = step.result
    return RecordedRun(
        run_id=trace.run_id,
        created_at=trace.created_at,
        inputs=dict(trace.inputs),
        calls=tuple(calls),
        outputs=trace.outputs,
        where=where,
    )


def retired_runs(folder: RecipeFolder) -> dict[str, str]:
    """Run id → the note it was retired with."""
    path = folder.path / RETIRED_FILE
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise RecipeError(f"{path}: not valid JSON ({exc}); fix or delete it.") from None
    return {str(k): str(v.get("note", "")) for k, v in raw.items() if isinstance(v, dict)}


def retire(folder: RecipeFolder, run_ids: Iterable[str], note: str) -> Path:
    """Mark runs as outdated by a changed world: kept, no longer tested."""
    return folder.retire(run_ids, note)


# --------------------------------------------------------------------------- testing


def run_recipe_tests(
    folder: RecipeFolder,
    *,
    source: str | None = None,
    extra: Iterable[RecordedRun] = (),
) -> RecipeTestReport:
    """Run the folder's recipe (or ``source``, a proposed one) against every recorded run."""
    runs, skipped = recorded_runs(folder)
    runs = [*runs, *extra]
    path = folder.recipe_path
    if source is not None:
        # Beside the recipe (its imports resolve the same way), named for this process: two
        # heals at once test their own sources, and a killed one leaves nothing for good.
        path = temp_path(folder.path, "recipe-under-test", ".tmp.py")
        atomic_write_text(path, source)
    try:
        if not runs:
            return RecipeTestReport(
                task=folder.path.name, recipe=folder.recipe_path, skipped=skipped
            )
        trace = load_trace(runs[0].where.read_bytes()) if runs[0].where.is_file() else None
        task_name = trace.task.name if trace is not None else folder.path.name
        module = load_recipe_module(path)
        fn = recipe_function(module, task_name, path)
        report = RecipeTestReport(task=task_name, recipe=folder.recipe_path, skipped=skipped)
        for run in runs:
            report.outcomes.append(run_against(fn, run))
        return report
    finally:
        if source is not None:
            path.unlink(missing_ok=True)


def run_against(fn: Any, run: RecordedRun) -> RunOutcome:
    """Run the recipe function with the run's inputs, answering every action from the run."""
    start = time.perf_counter()
    respond, changes_made = _answers(run)
    changing = [c for c in run.calls if not c.read_only]
    recorder = RunRecorder("recipe")
    recorder.responder = respond
    problem: str | None = None
    try:
        with recording(recorder):
            value = fn(**_typed_inputs(fn, run.inputs))
    except _Mismatch as exc:
        problem = str(exc)
    except Exception as exc:
        problem = f"the recipe raised {type(exc).__name__}: {_short(str(exc), 300)}"
    else:
        if changes_made() < len(changing):
            missing = changing[changes_made()]
            problem = (
                f"the recipe returned before step {missing.index} of the run "
                f"(change {changes_made() + 1}): {missing.shown()}"
            )
        else:
            got = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
            got = jsonable(got)
            want = run.outputs
            if _outputs_of(want) != _outputs_of(got):
                problem = f"outputs differ: the run returned {_short(want, 200)}, the recipe " + (
                    f"{_short(got, 200)}"
                )
    return RunOutcome(run=run, problem=problem, duration_s=time.perf_counter() - start)


class _Reached(BaseException):
    """Stops the recipe function where its variables were wanted."""


def variables_at(
    folder: RecipeFolder, source: str, fn_name: str, span: tuple[int, int]
) -> list[tuple[RecordedRun, dict[str, Any] | None]]:
    """Each recorded run (:func:`recorded_runs`) with the variables of ``source``'s recipe
    function ``fn_name`` when the run reaches the statement on lines ``span`` (first and last,
    1-based), or ``None`` when it never does. Every action is answered from the run, as in a
    test, and the function stops there: nothing past that statement runs."""
    runs, _ = recorded_runs(folder)
    if not runs:
        return []
    path = temp_path(folder.path, "recipe-under-test", ".tmp.py")
    atomic_write_text(path, source)
    try:
        fn = getattr(load_recipe_module(path), fn_name, None)
        if fn is None or not hasattr(fn, "__code__"):
            raise RecipeError(f"{folder.recipe_path}: no recipe function {fn_name}().")
        return [(run, _variables_at(fn, run, span)) for run in runs]
    finally:
        path.unlink(missing_ok=True)


def _variables_at(fn: Any, run: RecordedRun, span: tuple[int, int]) -> dict[str, Any] | None:
    code = fn.__code__
    first, last = span
    seen: dict[str, Any] = {}

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line" and first <= frame.f_lineno <= last:
            seen.update(frame.f_locals)
            raise _Reached
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code is code else None

    respond, _ = _answers(run)
    recorder = RunRecorder("recipe")
    recorder.responder = respond
    before = sys.gettrace()
    sys.settrace(calls)
    try:
        with recording(recorder):
            fn(**_typed_inputs(fn, run.inputs))
    except _Reached:
        return seen
    except (_Mismatch, Exception):
        return None  # the run took another way, or the recipe no longer does what it did
    finally:
        sys.settrace(before)
    return None


def _answers(
    run: RecordedRun,
) -> tuple[Callable[[Any, dict[str, Any]], Any], Callable[[], int]]:
    """A responder answering every action call from ``run`` (raising :class:`_Mismatch` at
    the first difference), and how many of its changes were made so far."""
    changing = [c for c in run.calls if not c.read_only]
    lookups = [c for c in run.calls if c.read_only]
    used: set[int] = set()
    position = [0]

    def respond(act: Any, kwargs: dict[str, Any]) -> Any:
        got = {k: jsonable(v) for k, v in kwargs.items()}
        shown = f"{act.name}({', '.join(f'{k}={_short(v)}' for k, v in got.items())})"
        if act.read_only:
            matches = [c for c in lookups if c.action == act.name and _same_args(c, got)]
            if not matches:
                raise _Mismatch(
                    f"the recipe looked up {shown}, which the run never did, so it has no "
                    "recorded answer"
                )
            call = next((c for c in matches if c.index not in used), matches[0])
        else:
            if position[0] >= len(changing):
                raise _Mismatch(f"the recipe made the change {shown}, which the run never made")
            call = changing[position[0]]
            if call.action != act.name or not _same_args(call, got):
                raise _Mismatch(
                    f"at step {call.index} of the run (change {position[0] + 1}) the run made "
                    f"{call.shown()}, but the recipe made {shown}"
                )
            position[0] += 1
        used.add(call.index)
        if call.error is not None:
            raise _recorded_error(act, call.error)
        return _typed(act, call.result)

    return respond, lambda: position[0]


def _same_args(call: RecordedCall, got: dict[str, Any]) -> bool:
    """The recorded arguments, and no other (an argument left at ``None`` is not given)."""
    given = {k for k, v in got.items() if v is not None}
    if given - set(call.args) - call.unknown:
        return False
    return all(
        _equal(value, got.get(key)) for key, value in call.args.items() if value is not None
    ) and all(got.get(k) is None for k, v in call.args.items() if v is None)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def _outputs_of(value: Any) -> Any:
    """Outputs as compared: a single output may be recorded as ``{"result": value}``."""
    if isinstance(value, dict) and set(value) == {"result"}:
        return _Comparable(value["result"])
    return _Comparable(value)


class _Comparable:
    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Comparable) and _equal(self.value, other.value)

    def __hash__(self) -> int:  # pragma: no cover - never hashed
        return 0


def _typed(act: Any, result: Any) -> Any:
    """A recorded (JSON) result as the action's declared return type."""
    annotation = getattr(act, "return_type", Any)
    if annotation is Any or result is None:
        return result
    try:
        return TypeAdapter(annotation).validate_python(result)
    except Exception:
        return result


def _typed_inputs(fn: Any, inputs: dict[str, Any]) -> dict[str, Any]:
    try:
        hints = typing.get_type_hints(fn)
    except Exception:
        hints = {}
    out: dict[str, Any] = {}
    for name, value in inputs.items():
        hint = hints.get(name)
        try:
            out[name] = TypeAdapter(hint).validate_python(value) if hint is not None else value
        except Exception:
            out[name] = value
    return out


def _recorded_error(act: Any, error: str) -> BaseException:
    """The exception the run recorded, as its own type when the action's module (or the
    builtins) names it; else an :class:`ActionError` with its message."""
    name, _, message = error.partition(": ")
    namespace = getattr(getattr(act, "fn", None), "__globals__", {})
    cls = namespace.get(name) or getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            return cls(message)
        except Exception:
            pass
    return ActionError(error)


def _short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) and limit > 60 else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
