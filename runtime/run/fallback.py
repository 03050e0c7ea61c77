"""Fallback: when a recipe step fails, the agent continues from that step — and only that.

It is given the task, the variables that exist at the failure (taken from the recipe
function's frame, under their names in the recipe; the inputs among them), the failed call with
its error and, as a hint, the recipe's statements from the failed one on (compact and capped:
the steps that already ran are not repeated). Its calls are recorded like an agent run's
(``X_n`` counted within the fallback, skipping names the recipe already uses), and it ends with
``finish``.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from compiler.ir import Step, Usage, load_trace
from compiler.passes._predicates import separating
from runtime.actions._types import module_path_of
from runtime.actions.recorder import RunRecorder, jsonable, world_snapshot
from runtime.agent import prompting
from runtime.agent.loop import AgentLoop, progress
from runtime.agent.messages import Message, SystemMessage, UserMessage
from runtime.agent.providers import ModelProvider
from runtime.agent.redaction import redact, redact_text
from runtime.errors import (
    BriefChanged,
    FallbackError,
    ModelError,
    RecipeCompilerError,
    RecipeError,
    RunStopped,
    SideExit,
)
from runtime.expect import ExpectationFailed
from runtime.run.bridges import bridge, exit_span, predicate_bridge
from runtime.run.heal import (
    BRIDGED,
    ModelConstant,
    compile_suffix,
    generality_lost,
    healed_trace,
    input_values,
    kept_run,
    locate_region,
    rebase_line,
    splice,
)
from runtime.run.recorded_tests import run_of, run_recipe_tests, variables_at
from runtime.run.replay import ReplayFailure, recipe_source
from runtime.run.run import Run
from runtime.store.folder import HealProposal

if TYPE_CHECKING:
    from runtime.tasks.task import Task


@dataclass
class FailurePoint:
    """Where the recipe failed, in recipe terms."""

    position: int
    """How many action calls of the recipe succeeded before the failure (the failed step is
    the next one: step ``position + 1`` counted from 1)."""
    line: int | None
    """Line of the recipe function's statement that failed (``None``: after it returned)."""
    description: str
    """The failed call and its error, as the model reads it."""
    error: BaseException
    """The exception itself."""
    variables: dict[str, Any]
    """Variables of the recipe function at the failure (inputs included)."""
    returned_at: int | None = None
    """When the outputs were rejected (``line`` is ``None``): the line of the ``return``
    statement that ran, if known."""


@dataclass
class FallbackOutcome:
    """What the fallback agent did."""

    outputs: Any
    raw_outputs: dict[str, Any]
    steps: list[Step]
    usage: Usage
    variables: dict[str, Any]


def failure_point(
    failure: ReplayFailure, replay: RunRecorder, *, returned: bool = False
) -> FailurePoint:
    """Describe a replay failure: position, line, the failed call and the recipe's variables."""
    ok = [s for s in replay.steps if s.status == "ok"]
    last = replay.steps[-1] if replay.steps else None
    err = failure.error
    if last is not None and last.status == "error" and not returned:
        args = ", ".join(f"{k}={_show(v)}" for k, v in last.args.items())
        what = f"{last.action.name}({args}) raised {last.error}"
    elif returned:
        what = f"the recipe's outputs were rejected: {type(err).__name__}: {err}"
    else:
        what = f"{type(err).__name__}: {err}"
    frame = replay.frame
    return FailurePoint(
        position=len(ok),
        line=failure.line,
        description=what,
        error=err,
        variables=recipe_variables(failure.frame_locals),
        returned_at=frame.f_lineno if returned and frame is not None else None,
    )


def changes_made(replay: RunRecorder) -> list[str]:
    """The calls of the replay that changed something, as the fallback is told of them: a
    failure inside a loop must not make the agent redo the items the recipe already did."""
    return [
        f"{s.action.name}({', '.join(f'{k}={_show(v)}' for k, v in s.args.items())})"
        for s in replay.steps
        if s.status == "ok" and not s.action.read_only and s.action.builtin is None
    ]


def recipe_variables(frame_locals: dict[str, Any]) -> dict[str, Any]:
    """The data variables of the recipe frame (not modules, functions or private names)."""
    return {
        name: value
        for name, value in frame_locals.items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType | types.FunctionType | type)
        and not inspect.isbuiltin(value)
    }


def remaining_steps(source: str, fn_name: str, line: int | None) -> list[str]:
    """The statements of the recipe function ``fn_name`` from the failed one to its end, each
    as compact source (:func:`~runtime.agent.prompting.hint_source`): no comments and no docstring,
    black's line breaks undone, a ``find(...)`` by its first locator.

    ``line`` is a line of the failed statement (``None``: the outputs were rejected after the
    function returned, so its last ``return`` is the failed step). The statements before it
    ran and are left out: their results reach the agent as variables.
    """
    tree = ast.parse(source)
    fn = next(
        (
            node
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == fn_name
        ),
        None,
    )
    if fn is None:
        return []
    body = fn.body[1:] if ast.get_docstring(fn, clean=False) is not None else fn.body
    if line is None:
        returns = [i for i, stmt in enumerate(body) if isinstance(stmt, ast.Return)]
        first = returns[-1] if returns else len(body)
    else:
        first = next(
            (i for i, stmt in enumerate(body) if line <= (stmt.end_lineno or stmt.lineno)),
            len(body),
        )
    return [prompting.hint_source(stmt) for stmt in body[first:]]


def run_fallback(
    run: Run,
    provider: ModelProvider,
    point: FailurePoint,
    remaining: list[str],
    done: list[str] | None = None,
) -> FallbackOutcome:
    """Let the agent finish ``run``'s task from the failure point (``done``: the changing calls
    the recipe already made, which the agent must not make again). The model usage goes to
    ``run.usage`` even when the agent fails, and its steps to ``run.fallback_steps``."""
    task, inputs = run.task, run.inputs
    recorder = RunRecorder("fallback", max_repr_len=task.config.max_result_repr_len)
    recorder.variables.update(point.variables)
    for name, value in inputs.items():
        recorder.variables.setdefault(name, value)
    secrets = run.secrets()  # redacted from every text the model is sent, as the loop does
    messages: list[Message] = [
        SystemMessage(content=task.system_prompt()),
        UserMessage(
            content=prompting.fallback_message(
                task.description,
                recorder.variables,
                point.description,
                remaining,
                done=list(done or ()),
                secret_inputs=task.secret_inputs,
                secrets=secrets,
                var_limit=task.config.max_var_repr_len,
            )
        ),
    ]
    page = world_snapshot()
    if page:
        messages.append(UserMessage(content=redact_text(f"The page now:\n{page}", secrets)))
    loop = AgentLoop.for_task(task, provider, recorder, messages)
    try:
        outcome = loop.run()
    finally:
        run.usage = loop.usage  # what was spent, even on failure
        run.fallback_steps = list(recorder.steps)
    return FallbackOutcome(
        outputs=outcome.outputs,
        raw_outputs=outcome.raw_outputs,
        steps=list(recorder.steps),
        usage=outcome.usage,
        variables=recorder.variables,
    )


def fallback_and_heal(run: Run, point: FailurePoint, fn: Callable[..., Any]) -> Any:
    """Let the agent finish ``run`` from the failure of its recipe ``fn`` at ``point``, then
    heal the recipe per ``config.heal``; finishes the run (its report goes to
    ``task.task_runs``) and returns the outputs. A changed brief is no failure of a step: the
    agent records the task again (:func:`rerecord`)."""
    if isinstance(point.error, BriefChanged):
        return rerecord(run, point.error)
    task = run.task
    run.mode = "recipe+fallback"
    run.failed_step = point.position + 1
    run.failure = point.description
    run.usage = Usage()
    replay = run.recorder
    path = task.folder.recipe_path
    progress.info(
        "recipe step %d failed: %s — the agent continues from there",
        point.position + 1,
        redact_text(str(point.error), run.secrets()),
    )
    analysed = recipe_source(fn)  # the text that ran: the failure's lines are its lines
    if analysed is None:
        analysed = path.read_text(encoding="utf-8")
    remaining = remaining_steps(analysed, fn.__name__, point.line)
    provider = task.model_provider()
    try:
        outcome = run_fallback(run, provider, point, remaining, changes_made(replay))
    except (ModelError, RecipeCompilerError) as exc:
        task.save_cassette(provider, run.secrets())
        log = task.folder.save_run_log(run.trace(None, provider))
        problem = redact_text(str(exc), run.secrets())
        if isinstance(exc, RunStopped):  # a time limit or a cancel: not the fallback's failure
            raise type(exc)(
                f"{problem}\nThe recipe and trace are unchanged; this run's log is kept in {log}."
            ) from None
        raise FallbackError(
            f"task {task.name!r}: {path}: {point.description}; the fallback agent could "
            f"not finish the task either: {type(exc).__name__}: {problem}\nThe recipe and "
            f"trace are unchanged; this run's log is kept in {log}."
        ) from exc
    task.save_cassette(provider, run.secrets())
    history: Path | None = None

    def run_log() -> Path:
        return task.folder.save_run_log(run.trace(outcome.raw_outputs, provider))

    # One heal of a folder at a time, from reading the recipe to writing it: a heal that ran
    # meanwhile changed the file, so the failure is found again in the file as it is now.
    with task.folder.heal_lock():
        try:
            current = path.read_text(encoding="utf-8")
            where = _rebased(point, analysed, current, fn.__name__, path)
            proposal: HealProposal | None = _heal_proposal(
                run, where, outcome, fn.__name__, current
            )
        except (RecipeCompilerError, OSError) as exc:
            proposal = None
            warnings: tuple[str, ...] = (
                f"could not heal the recipe ({exc}); run log: {run_log()}",
            )
        else:
            warnings = ()
        if proposal is not None:
            history, warnings = _apply(run, proposal, warnings, run_log)
    run.finish(
        recipe_path=path,
        trace_path=task.folder.trace_path,
        history_path=history,
        steps=redact((*replay.steps, *outcome.steps), run.secrets()),
        outputs=jsonable(outcome.outputs),
        warnings=warnings,
    )
    return outcome.outputs


def rerecord(run: Run, changed: BriefChanged) -> Any:
    """Let the agent do ``run``'s task from the start, under the brief its task has now, and
    replace the recipe with the one it records (per ``config.heal``, as a heal would: written,
    proposed for ``recipe heal``, or only logged); finishes the run and returns the outputs.

    The recipe repeats what the model decided from the instructions, context and attached files
    it read when it recorded (a fee it read in a policy file): under another brief no step of
    it can be trusted, so none runs, and no heal can bridge a single step."""
    task = run.task
    why = str(changed)
    progress.info("task %r: %s — the agent runs from the start", task.name, why)
    run.restart_as_agent(why)
    try:
        outputs, trace, compiled = task.record(run)
    except (ModelError, RecipeCompilerError) as exc:
        if isinstance(exc, RunStopped):
            raise
        raise FallbackError(
            f"task {task.name!r}: {why}, so the recipe did not run; the agent could not record "
            f"the task again either: {type(exc).__name__}: {exc}\nThe recipe and trace are "
            "unchanged."
        ) from exc
    warnings: tuple[str, ...] = (
        f"{why}: the recipe did not run; the agent did the task from the start",
        *(w.message for w in compiled.warnings),
    )
    history: Path | None = None
    with task.folder.heal_lock():
        path = task.folder.recipe_path
        proposal = HealProposal(
            task=task.name,
            based_on=path.read_text(encoding="utf-8") if path.is_file() else "",
            source=compiled.source,
            trace=trace,
            alternates=compiled.alternates,
            replaces_path=True,
        )
        history, warnings = _apply(run, proposal, warnings, lambda: task.folder.save_run_log(trace))
    run.finish(
        recipe_path=task.folder.recipe_path,
        trace_path=task.folder.trace_path,
        history_path=history,
        steps=trace.steps,
        outputs=jsonable(outputs),
        warnings=warnings,
    )
    return outputs


def _apply(
    run: Run,
    proposal: HealProposal,
    warnings: tuple[str, ...],
    run_log: Callable[[], Path],
) -> tuple[Path | None, tuple[str, ...]]:
    """Write, propose or skip ``proposal`` per ``config.heal`` (under the folder's heal lock),
    noting on ``run`` whether the recipe was healed or a proposal waits; returns the history
    entry of the recipe it replaced and the warnings."""
    task = run.task
    decision = _heal_decision(task, proposal)
    if decision == "write":
        try:
            history = task.folder.write_heal(proposal, label=f"healed-by-{run.run_id}")
        except RecipeError as exc:  # written over meanwhile, by something that took no lock
            problem = f"the recipe was not healed: {exc}; run log: {run_log()}"
            return None, (*warnings, problem)
        run.healed = True
        return history, warnings
    if decision != "propose":
        task.folder.save_run_log(proposal.trace)
        return None, warnings
    run.heal_proposal_path = task.folder.save_proposal(proposal)
    if proposal.held_back:
        warnings = (
            *warnings,
            f"the recipe was not healed: {proposal.held_back}; review with "
            "`recipe heal --dry-run`",
        )
    if proposal.constant_outputs:
        warnings = (
            *warnings,
            *proposal.constant_outputs,
            "the recipe was not healed: the fallback answered with constants, which fit "
            "this input only; review with `recipe heal --dry-run`",
        )
    return None, warnings


def _rebased(
    point: FailurePoint, analysed: str, current: str, fn_name: str, path: Path
) -> FailurePoint:
    """``point`` in the recipe as it is now: the replay ran ``analysed``, and another heal (or
    an edit) may have changed the file since. The failed statement is found again by its code;
    when it is not there exactly once, nothing can be healed safely."""
    at = point.line if point.line is not None else point.returned_at
    if current == analysed or at is None:
        return point
    line = rebase_line(analysed, current, fn_name, at)
    if line is None:
        raise RecipeError(
            f"{path} changed while the fallback ran (another heal, or an edit), and the failed "
            "statement is no longer one statement of the recipe function: this run's heal was "
            "not written. Replay the task: the recipe as it is now may handle this input"
        )
    if point.line is None:
        return dataclasses.replace(point, returned_at=line)
    return dataclasses.replace(point, line=line)


def _heal_proposal(
    run: Run,
    point: FailurePoint,
    outcome: FallbackOutcome,
    fn_name: str,
    based_on: str,
) -> HealProposal:
    """The heal of ``based_on`` (the recipe as it is on disk, under the heal lock), with the
    failure of ``run`` at ``point`` (in ``based_on``'s lines)."""
    task, replay, run_id = run.task, run.recorder, run.run_id
    returned = point.line is None
    old = task.folder.load_trace()
    secrets = run.secrets()  # redacted from all it writes and compiles
    kind, exception, needs = _bridge_kind(point, replay, outcome)
    spec = task.spec()
    # The fallback agent was told the failure: its words are the task's words to it too (a
    # value the message names, "e.g. currency='EUR'", is one it was given, not one it chose).
    told = spec.model_copy(update={"description": f"{spec.description}\n{point.description}"})
    suffix = compile_suffix(
        told,
        point.variables,
        outcome.steps,
        outcome.raw_outputs,
        run_id=run_id,
        created_at=run.created_at,
        note_text=BRIDGED.format(run_id=run_id) if kind is not None else None,
        secrets=secrets,
    )
    body, imports, constants = suffix.body, suffix.imports, suffix.constant_outputs
    region = locate_region(based_on, fn_name, point.line, returned=returned)
    # A heal never trades a parameter, a reference or a loop variable for a model constant.
    lost = generality_lost(
        based_on, fn_name, region.index, suffix.constant_arguments, _earlier_inputs(task, run_id)
    )
    less_general = (
        "the heal would make the recipe less general: " + "; ".join(lost) if lost else None
    )
    source = None
    unbridged: str | None = None
    same_message, guessed = _constants_in_bridge(
        kind, point, suffix.constant_arguments, outcome, secrets
    )
    if kind == "predicate":
        source, unbridged = _predicate_bridge(
            task, point, based_on, fn_name, body, [*imports, *needs], run_id, outcome
        )
    elif kind is not None:
        source = bridge(
            based_on,
            fn_name,
            point.line,
            kind,
            body,
            [*imports, *needs],
            exception=exception,
            variables=point.variables,
            same_message=same_message,
            error=point.error,
            words=" ".join([task.description, *(s.reason for s in outcome.steps if s.reason)]),
            secrets=secrets,
            action=_failed_action(point, replay),
        )
    # The run as it happened, kept as a test of the recipe: with a bridge at the failed call,
    # that call is where the bridge takes over; with a bridge before it (a predicate's) or the
    # path replaced, that call is no longer made.
    made = (
        replay.steps
        if source is not None and kind != "predicate"
        else [s for s in replay.steps if s.status == "ok"]
    )
    # What the run was (the kept run and a replacing heal's trace both record it).
    record: dict[str, Any] = {
        "run_id": run_id,
        "created_at": run.created_at,
        "inputs": run.inputs,
        "outputs": outcome.raw_outputs,
        "usage": outcome.usage,
        "secrets": secrets,
    }
    kept = kept_run(old, made, outcome.steps, outcome.variables, **record)
    # What every proposal of this heal shares.
    common: dict[str, Any] = {
        "task": task.name,
        "based_on": based_on,
        "constant_outputs": constants,
        "alternates": suffix.alternates,
        "kept_run": kept,
    }
    if source is not None:
        held = "; ".join(r for r in (less_general, guessed) if r) or None
        proposal = HealProposal(source=source, trace=old, held_back=held, **common)
        return _checked(task, proposal)
    source = splice(based_on, fn_name, region, body, imports)
    trace = healed_trace(old, point.position, returned, outcome.steps, point.variables, **record)
    proposal = HealProposal(
        source=source,
        trace=trace,
        **common,
        replaces_path=True,
        held_back="; ".join(
            reason
            for reason in (
                less_general,
                unbridged,
                (
                    None
                    if kind in (None, "predicate")
                    else "the failure is inside a loop or a block, where no bridge can keep "
                    "the recorded path: the heal would replace it"
                ),
            )
            if reason
        )
        or None,
    )
    return _checked(task, proposal)


def _earlier_inputs(task: Task[Any], run_id: str) -> list[tuple[str, str, Any]]:
    """``(run id, input name, value)`` of every input value of the runs recorded for the task
    (trace, history, kept runs and run logs) but ``run_id``: a model constant among them is
    another input's answer."""
    folder = task.folder
    files = [folder.trace_path, *folder.history_dir.glob("*/trace.json")]
    files += folder.runs_dir.glob("*.json")
    found: list[tuple[str, str, Any]] = []
    for file in files:
        try:
            trace = load_trace(file.read_bytes(), source=str(file))
        except (OSError, RecipeCompilerError):
            continue  # unreadable: ``recipe test`` names it
        if trace.run_id == run_id:
            continue
        for name, value in trace.inputs.items():
            if name not in trace.task.secret_inputs:
                found += [(trace.run_id, name, v) for v in input_values(value)]
    return found


def _bridge_kind(
    point: FailurePoint, replay: RunRecorder, outcome: FallbackOutcome
) -> tuple[str | None, str | None, list[tuple[str, str, str | None]]]:
    """Where the fallback's path attaches: ``(kind, exception caught, imports it needs)``.

    A side exit is filled; a failed action or ``expect`` gets ``try``/``except`` of the
    exception it raised — also when the fallback made the failed call again with other
    arguments: one input's need is not every input's path, and an input whose call still
    succeeds keeps the recorded path (where the service changed for every input, every call
    goes through the ``except``). Where nothing raised tells the paths apart (the outputs
    were rejected, a computation of the recipe failed, an exception no import names), a
    predicate over the variables does
    (``predicate``, :func:`_predicate_bridge`)."""
    err = point.error
    if point.line is None:
        return "predicate", None, []
    if isinstance(err, SideExit):
        return "side-exit", None, []
    if isinstance(err, ExpectationFailed):
        name = ExpectationFailed.__name__
        return "exception", name, [("runtime.expect", name, None)]
    last = replay.steps[-1] if replay.steps else None
    if last is None or last.status != "error":
        return "predicate", None, []  # not an action's failure (a compute, a recipe edit)
    cls = type(err)
    if cls.__module__ == "builtins":
        return "exception", cls.__name__, []
    module = module_path_of(cls)
    if module == "__main__" or "." in cls.__qualname__ or "<" in cls.__qualname__:
        return "predicate", None, []  # not importable by name: no specific type to catch
    return "exception", cls.__name__, [(module, cls.__name__, None)]


def _failed_action(point: FailurePoint, replay: RunRecorder) -> str | None:
    """The action whose call raised the failure (through a bridge's side exit, its cause): the
    last failed call the replay recorded, when the exception is that call's. An exception
    bridge names it, since the failing statement may call a helper making several calls."""
    err: BaseException | None = point.error
    if isinstance(err, SideExit):
        err = err.__cause__
    failed = next((s for s in reversed(replay.steps) if s.status == "error"), None)
    if err is None or failed is None or failed.error != f"{type(err).__name__}: {err}":
        return None
    return failed.action.name


def _predicate_bridge(
    task: Task[Any],
    point: FailurePoint,
    based_on: str,
    fn_name: str,
    body: list[Any],
    imports: list[tuple[str, str, str | None]],
    run_id: str,
    outcome: FallbackOutcome,
) -> tuple[str | None, str | None]:
    """The recipe with the fallback's path behind ``if <predicate>:`` before the statement
    where the replay left it, the predicate being what tells this run from the recorded runs
    that reached that statement (their variables there, from ``recipe test``'s answers);
    several that fit and disagree on new data stop the recipe there. ``(None, why)`` when no
    such bridge can be made: the heal then waits for review, it never replaces their path."""
    at = point.line if point.line is not None else point.returned_at
    if at is None:
        return None, (
            "the recipe's outputs were rejected and which return statement made them is not "
            "known, so no rule can keep the recorded path beside the new one"
        )
    span = exit_span(based_on, fn_name, at)
    if span is None:
        return None, (
            f"the recipe left at line {at}, inside a loop or a block, where no bridge can keep "
            "the recorded path: the heal would replace it"
        )
    secret = set(task.secret_inputs)
    tested = variables_at(task.folder, based_on, fn_name, span)
    reached = [(run, recipe_variables(found)) for run, found in tested if found is not None]
    if not reached:
        return None, (
            f"none of the {len(tested)} recorded runs `recipe test` can run (a browser run "
            f"needs a page) reaches line {span[0]}, so none shows what tells this run's path "
            "from the recipe's there: the heal would replace it"
        )
    live = {n: v for n, v in point.variables.items() if n not in secret}
    runs = [{n: jsonable(v) for n, v in found.items() if n not in secret} for _, found in reached]
    runs.append({n: jsonable(v) for n, v in live.items()})
    objects: dict[str, Literal["attr", "key"]] = {
        n: "key" if isinstance(v, dict) else "attr"
        for n, v in live.items()
        if all(isinstance(r.get(n), dict) for r in runs)
    }
    reasons = " ".join(s.reason for s in outcome.steps if s.reason)
    predicates = separating(
        runs,
        {len(runs) - 1},
        objects=objects,
        inputs=set(task.input_types) - secret,
        description=task.description,
        text=f"{task.description} {reasons}",
    )
    ids = ", ".join(run.run_id for run, _ in reached)
    if not predicates:
        names = ", ".join(sorted(live)) or "none"
        return None, (
            f"no rule over the variables at line {span[0]} ({names}) tells this run from the "
            f"recorded runs that reached it ({ids}), so a heal would replace their path"
        )
    source = predicate_bridge(
        based_on,
        fn_name,
        at,
        [p.source for p in predicates],
        body,
        imports,
        run_id=run_id,
        runs=len(reached),
    )
    if source is None:
        return None, f"the bridge's guard ({predicates[0].source}) could not be placed at line {at}"
    return source, None


def _checked(task: Task[Any], proposal: HealProposal) -> HealProposal:
    """The proposal with ``recipe test``'s verdict on the healed source, the new run included:
    a heal that would break a recorded run is held back (a run that did not fail is never
    retired by a heal: what another input needed says nothing of it)."""
    runs = []
    if proposal.kept_run is not None:
        where = task.folder.runs_dir / f"{proposal.kept_run.run_id}.json"
        runs.append(run_of(proposal.kept_run, where))
    report = run_recipe_tests(task.folder, source=proposal.source, extra=runs)
    broken = [f"{o.run.describe()}: {o.problem or ''}" for o in report.failures]
    update: dict[str, Any] = {"report": report.text()}
    if broken and proposal.held_back is None:
        update["held_back"] = "the healed recipe would break recorded runs:\n" + "\n".join(broken)
    return proposal.model_copy(update=update)


def _constants_in_bridge(
    kind: str | None,
    point: FailurePoint,
    constants: Sequence[ModelConstant],
    outcome: FallbackOutcome,
    secrets: Sequence[str],
) -> tuple[str | None, str | None]:
    """``(message, why held back)`` for the constants a bridge would pass to changing actions.

    A value the fallback read off this input's data (a number, or a word the failure's message
    or a variable shows) fits that input only: the bridge runs only when the exception it
    answers says the same again (``message``, when that message shows every such value and no
    secret), otherwise the heal is held back for review. A word or a note no data shows is the
    model's own choice, kept as a recording's constant arguments are."""
    if kind is None:
        return None, None  # no bridge: a replacing heal is held back or checked on its own
    changing = {s.action.name for s in outcome.steps if not s.action.read_only}
    message = str(point.error)
    known = [message, *(repr(jsonable(v)) for v in point.variables.values())]

    def read_off_data(c: ModelConstant) -> bool:
        """Whether ``c`` is a number, or a word the data before its call shows."""
        if not isinstance(c.value, str):
            return isinstance(c.value, int | float)  # a number, worked out or copied
        if len(c.value.split()) != 1:
            return False  # a sentence (a note): the model's own words
        seen = list(known)
        for step in outcome.steps:
            if step.action.name == c.action:
                break
            seen.append(repr(step.result))
        return any(c.value in text for text in seen)

    values = [c for c in constants if c.action in changing and read_off_data(c)]
    if not values:
        return None, None
    shown = ", ".join(f"{c.action}({c.argument}={c.shown})" for c in values)
    if (
        kind == "exception"
        and all(str(c.value) in message for c in values)
        and not any(secret and secret in message for secret in secrets)
    ):
        return message, None
    return None, (
        f"the bridge passes {shown}, a value the fallback worked out for this input's data, "
        "which the recipe cannot work out for another input"
    )


def _heal_decision(task: Task[Any], proposal: HealProposal) -> str:
    """``write``, ``propose`` (keep for ``recipe heal``) or ``skip``, per ``config.heal``.

    A heal whose outputs would be constants the model wrote is only ever proposed: it fits
    the input that failed, and written it would answer every later input the same way."""
    mode = task.config.heal
    if (proposal.constant_outputs or proposal.held_back) and mode != "never":
        return "propose"
    if mode == "auto":
        return "write"
    if mode == "never":
        return "skip"
    if sys.stdin is not None and sys.stdin.isatty():
        print(proposal.diff(str(task.folder.recipe_path)), file=sys.stderr)
        answer = input("Write this healed recipe? [y/N] ").strip().lower()
        return "write" if answer in ("y", "yes") else "propose"
    return "propose"


def _show(expr: Any) -> str:
    value = getattr(expr, "value", None)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
