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

A browser run is tested the same way, on a stand-in page (:mod:`runtime.run.recorded_page`):
``current_page()`` builds locators without a browser, ``find(...)`` looks nothing up, and an
element argument matches when the recipe's first locator is one the run recorded for the
element it acted on (the locators verified on the page, or the selector a replay used).
Whatever the recording cannot answer (``page.keyboard``, ``locator.count()``, …) fails the
run's test, naming the call and the recipe line.

A run the world has outdated (the service changed for every input) is retired with a note
(``recipe test --retire RUN_ID``) in ``retired.json``; it stays in history and is skipped. So is
a run recorded under another brief than ``trace.json``'s (the task's instructions, context or
attached files changed, and the agent recorded the task again).
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import json
import sys
import time
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from pydantic import BaseModel, TypeAdapter

from compiler.ir import Trace, load_trace
from compiler.passes._values import value_of
from compiler.passes.drop_failed import recorded_values, refused_steps, unknown_outcome
from runtime.actions.recorder import RunRecorder, jsonable, recording
from runtime.browser import stand_in_page
from runtime.errors import ActionError, RecipeError, SideExit, TraceError
from runtime.run.recorded_page import (
    RecordedElement,
    RecordedLocator,
    RecordedPage,
    Unanswerable,
    element_of,
    found_selector,
    same_read_spec,
)
from runtime.run.replay import load_recipe_module, recipe_function
from runtime.store._files import atomic_write_text, temp_path
from runtime.store.folder import RETIRED_FILE, RecipeFolder

_BROWSER_MODULE = "runtime.browser"
"""The module of the browser actions, whose element arguments are compared as elements."""


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
    elements: dict[str, RecordedElement] = field(default_factory=dict)
    """Arguments that are page elements (a browser step's ``target``): the element acted on."""
    browser: bool = False
    """A browser action's call (its list reads' selectors compare as the element's do)."""

    def shown(self) -> str:
        args = [f"{k}={_short(v)}" for k, v in self.args.items()]
        args += [f"{k}={e.shown}" for k, e in self.elements.items()]
        return f"{self.action}({', '.join(args)})"


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
    stops_at: int | None = None
    """The step where the recipe leaves through a side exit by design (a change the recording
    never knew the outcome of: ``drop_failed.unknown_outcome``); ``calls`` end before it."""

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
    """``(run id, why)`` for runs not tested (retired or unfinished runs, unreadable files)."""

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
    brief: dict[str, str] | None = None  # the current recording's (trace.json comes first)
    for path in files:
        try:
            trace = load_trace(path.read_bytes(), source=str(path))
        except TraceError as exc:
            skipped.append((path.name, f"unreadable: {exc}"))
            continue
        if path == folder.trace_path:
            brief = trace.task.brief_digests
        if path.parent == folder.runs_dir and not trace.kept:
            continue  # a run log kept for diagnosis, not a test
        if trace.mode == "recipe+fallback" and not trace.kept:
            continue  # a healed trace: the run it was made from is kept in runs/
        if trace.run_id in seen:
            continue
        seen.add(trace.run_id)
        if None not in (brief, trace.task.brief_digests) and trace.task.brief_digests != brief:
            # The model read other instructions, context or files: what it decided then is no
            # test of the recipe recorded under the brief the task has now.
            skipped.append((trace.run_id, "recorded under another brief (instructions, context)"))
            continue
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
    finished = any(s.action.builtin == "finish" and s.status == "ok" for s in trace.steps)
    if not finished and trace.outputs is None:
        return "the run never finished"
    return None


def run_of(trace: Trace, where: Path) -> RecordedRun:
    """The calls of a trace with their argument values (references resolved)."""
    env: dict[str, Any] = dict(trace.inputs)
    calls: list[RecordedCall] = []
    fallback_from = trace.fallback_from if trace.mode == "recipe+fallback" else None
    refusals = refused_steps(trace)
    values = recorded_values(trace)
    stops_at = next(
        (s.index for p, s in enumerate(trace.steps) if unknown_outcome(trace, p, values)), None
    )
    for step in trace.steps:
        if stops_at is not None and step.index >= stops_at:
            break  # (the recipe stops there: the rest was the agent's)
        if step.action.builtin is not None:
            if step.result_var is not None:
                env[step.result_var] = step.result
            continue
        failed = step.status != "ok"
        # An agent's failed attempt is no part of the recipe, unless the path went on from it
        # (a card declined: the recipe makes that call too); a replay's failed call is the
        # place its fallback (and the recipe's bridge) took over.
        if (
            failed
            and (fallback_from is None or step.index >= fallback_from)
            and step.index not in refusals
        ):
            continue
        args: dict[str, Any] = {}
        unknown: set[str] = set()
        elements: dict[str, RecordedElement] = {}
        rows = step.args.get("rows")
        browser = step.action.module.startswith(_BROWSER_MODULE)
        for key, expr in step.args.items():
            element = browser and element_of(
                expr if expr.kind == "locator" else getattr(expr, "value", None),
                rows=getattr(rows, "value", None),
            )
            if element:
                elements[key] = element
                continue
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
                elements=elements,
                browser=browser,
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
        stops_at=stops_at,
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
        if any(c.browser for run in runs for c in run.calls):
            # The browser actions' argument types import Playwright on first use (~0.1 s):
            # a cost of the process, not of the first run it would be timed with.
            importlib.import_module("playwright.sync_api")
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
    answers = _Answers(run)
    changing = [c for c in run.calls if not c.read_only]
    problem: str | None = None
    try:
        with answers.answering():
            value = fn(**_typed_inputs(fn, run.inputs))
    except SideExit as exc:
        if run.stops_at is None or answers.changes_made < len(changing):
            problem = f"the recipe raised SideExit: {_short(str(exc), 300)}"
        else:  # it stops where the run's outcome became unknown, every change before it made
            return RunOutcome(run=run, problem=None, duration_s=time.perf_counter() - start)
    except _Mismatch as exc:
        problem = str(exc)
    except Unanswerable as exc:
        problem = f"{_recipe_line(fn, exc)}the recipe asked {exc} ({answers.where()})"
    except Exception as exc:
        problem = f"the recipe raised {type(exc).__name__}: {_short(str(exc), 300)}"
    else:
        made = answers.changes_made
        if made < len(changing):
            missing = changing[made]
            problem = (
                f"the recipe returned before step {missing.index} of the run "
                f"(change {made + 1}): {missing.shown()}"
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


def _recipe_line(fn: Any, exc: BaseException) -> str:
    """``recipe.py line N: `` for the recipe function's statement that raised ``exc``."""
    code = getattr(fn, "__code__", None)
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is code:
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None or code is None:
        return ""
    return f"{Path(code.co_filename).name} line {line}: "


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

    answers = _Answers(run)
    before = sys.gettrace()
    sys.settrace(calls)
    try:
        with answers.answering():
            fn(**_typed_inputs(fn, run.inputs))
    except _Reached:
        return seen
    except (_Mismatch, Unanswerable, Exception):
        return None  # the run took another way, or the recipe no longer does what it did
    finally:
        sys.settrace(before)
    return None


class _Answers:
    """Answers every action call from one recorded run (raising :class:`_Mismatch` at the
    first difference), and for a browser run the stand-in page the recipe sees."""

    def __init__(self, run: RecordedRun) -> None:
        self.run = run
        self.changing = [c for c in run.calls if not c.read_only]
        self.lookups = [c for c in run.calls if c.read_only]
        self.used: set[int] = set()
        self.changes_made = 0
        self.last: RecordedCall | None = None
        """The call answered last (the run's step the recipe is at)."""
        self.page = RecordedPage(upcoming=self._upcoming, reads=self._reads)
        self._checked: dict[int, dict[str, Any]] = {}

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        recorder = RunRecorder("recipe")
        recorder.responder = self.respond
        with recording(recorder), stand_in_page(self.page):
            yield

    def where(self) -> str:
        """Where in the run the recipe is, for a message."""
        if self.last is None:
            return "before the run's first step"
        return f"after step {self.last.index} of the run, {self.last.shown()}"

    def _upcoming(self) -> list[tuple[str, dict[str, RecordedElement]]]:
        after = -1 if self.last is None else self.last.index
        return [(c.action, c.elements) for c in self.run.calls if c.index > after]

    def _reads(self) -> list[tuple[RecordedElement, int]]:
        """The list reads answered so far, newest first, with how many rows each read."""
        out = []
        for call in sorted(self.lookups, key=lambda c: -c.index):
            target = call.elements.get("target")
            read = target is not None and target.rows and isinstance(call.result, list)
            if read and call.index in self.used:
                assert target is not None and isinstance(call.result, list)
                out.append((target, len(call.result)))
        return out

    def respond(self, act: Any, kwargs: dict[str, Any]) -> Any:
        got = {k: _arg_json(v) for k, v in kwargs.items()}
        shown = f"{act.name}({', '.join(f'{k}={self._shown(v)}' for k, v in got.items())})"
        if act.read_only:
            matches = [
                c
                for c in self.lookups
                if c.action == act.name and _same_args(c, self._args(act, c, kwargs), got)
            ]
            if not matches:
                raise _Mismatch(
                    f"the recipe looked up {shown}, which the run never did, so it has no "
                    f"recorded answer{self._element_hint(act.name, got, self.lookups)}"
                )
            call = next((c for c in matches if c.index not in self.used), matches[0])
        else:
            if self.changes_made >= len(self.changing):
                raise _Mismatch(f"the recipe made the change {shown}, which the run never made")
            call = self.changing[self.changes_made]
            if call.action != act.name or not _same_args(call, self._args(act, call, kwargs), got):
                raise _Mismatch(
                    f"at step {call.index} of the run (change {self.changes_made + 1}) the run "
                    f"made {call.shown()}, but the recipe made {shown}"
                    + self._element_hint(act.name, got, [call])
                )
            self.changes_made += 1
        self.used.add(call.index)
        self.last = call
        if call.error is not None:
            raise _recorded_error(act, call.error)
        return _typed(act, call.result)

    def _args(self, act: Any, call: RecordedCall, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The recorded arguments as the action takes them, defaults filled in (a recipe may
        leave out what the run gave as the default, or spell a value the way the action's
        types do); the recorded JSON as it is if the action does not accept it."""
        if call.index in self._checked:
            return self._checked[call.index]
        validate = getattr(act, "validate_args", None)
        out = call.args
        if validate is not None:
            # The arguments the test does not compare as values are taken from the recipe.
            given = {k: v for k, v in kwargs.items() if k in call.elements or k in call.unknown}
            try:
                checked = validate({**given, **call.args})
            except Exception:
                checked = None
            if checked is not None:
                out = {k: jsonable(v) for k, v in checked.items() if k not in given}
        self._checked[call.index] = out
        return out

    def _shown(self, value: Any) -> str:
        selector = found_selector(value)
        return self.page.source_of(selector) if selector is not None else _short(value)

    def _element_hint(self, action: str, got: dict[str, Any], calls: list[RecordedCall]) -> str:
        """Why an element argument did not match: the locators the run recorded for it."""
        for call in calls:
            if call.action != action:
                continue
            for key, element in call.elements.items():
                selector = found_selector(got.get(key))
                if selector is not None and not element.is_found_by(selector):
                    return (
                        f"; {self.page.source_of(selector)} is none of the locators the run "
                        f"recorded for {element.shown} ({element.ways()})"
                    )
        return ""


def _arg_json(value: Any) -> Any:
    """An argument as the test compares it (a bare stand-in locator as ``find`` shows one)."""
    if isinstance(value, RecordedLocator):
        return f"<element to find by {value.selector}>"
    return jsonable(value)


def _same_args(call: RecordedCall, args: dict[str, Any], got: dict[str, Any]) -> bool:
    """The recorded arguments ``args`` (:meth:`_Answers._args`), and no other (an argument
    left at ``None`` is not given); an
    element argument matches when the recipe's first locator is one the run recorded for it."""
    for key, element in call.elements.items():
        selector = found_selector(got.get(key))
        if selector is None or not element.is_found_by(selector):
            return False
    given = {k for k, v in got.items() if v is not None}
    if given - set(args) - call.unknown - set(call.elements):
        return False
    return all(
        _equal(value, got.get(key)) or (call.browser and same_read_spec(key, value, got.get(key)))
        for key, value in args.items()
        if value is not None
    ) and all(got.get(k) is None for k, v in args.items() if v is None)


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
    """A recorded (JSON) result as the action returns it: as its declared return type, or, for
    a sub-task with output fields (declared ``Any``), as the sub-task's outputs model
    (``result_model``), so that a recipe reading ``bill_outputs.charge_id`` reads it here too."""
    annotation: Any = getattr(act, "result_model", None) or getattr(act, "return_type", Any)
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
