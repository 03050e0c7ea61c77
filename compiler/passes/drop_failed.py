"""Pass ``drop_failed``: calls that raised are attempts, not part of the recipe, except the ones
the agent's path went on from.

A failed call is the agent finding its way (a wrong argument, a missing field, a tool that said
no); the call it retried successfully carries what works, so a retried one is left out.

A call that raised and was never retried can be the decision itself: "charge the card; if it
is declined, email a payment link" is recorded as a failed ``charge_card`` and then
``send_payment_link``. Left out, the recipe would send a link to a card that works. So in a
recording (not a fallback's continuation, which its bridge's ``except`` already places) such a
call stays, marked :func:`refused`, when its arguments are all the task's inputs or earlier
results (a value the model typed may be a guess it gave up on) and it failed as a tool says no
(not a ``TypeError`` or a validation error of the call itself): the recipe makes the call, goes
on only when it raises the same again, and leaves through a side exit when it goes through.
"""

from __future__ import annotations

import re
from typing import Any

from compiler.ir import LiteralExpr, RefExpr, Step, Trace
from compiler.passes._context import PassContext
from compiler.passes._values import value_of
from compiler.passes._walk import leaf_exprs

_MALFORMED = frozenset(
    {
        "TypeError",
        "ValidationError",
        "ArgumentError",
        "ActionArgumentError",
        "AttributeError",
        "NameError",
        "RefError",
        "UnknownActionError",
    }
)
"""Errors that say the call itself was malformed: the model's mistake, never a decision."""
TRANSIENT = frozenset(
    {
        "TimeoutError",
        "ConnectionError",
        "ConnectionResetError",
        "ConnectionAbortedError",
        "ConnectionRefusedError",
        "BrokenPipeError",
        "TimeoutException",
        "ReadTimeout",
        "ConnectTimeout",
        "APITimeoutError",
        "APIConnectionError",
    }
)
"""Errors after which a change may or may not have been made (the bank took the money, then
did not answer in time): never a refusal the path goes on from."""


def drop_failed(trace: Trace, ctx: PassContext) -> tuple[Trace, list[str]]:
    """Leave out every step whose status is ``error``, but the refused calls (see the module)."""
    kept = []
    changes = []
    refusals = refused_steps(trace)
    values = recorded_values(trace)
    for position, step in enumerate(trace.steps):
        if step.status != "error":
            kept.append(step)
            continue
        error = f": {step.error.splitlines()[0].rstrip(': ')}" if step.error else ""
        retry = _retry(trace, position, values)
        if unknown_outcome(trace, position, values):
            kept.append(step)
            changes.append(
                f"step {step.index}: kept the failed call of {step.action.name}{error} (not "
                "retried): whether it went through is unknown, so the recipe stops before it"
            )
            continue
        if step.index in refusals:
            kept.append(step)
            changes.append(
                f"step {step.index}: kept the failed call of {step.action.name}{error} (not "
                "retried): the recipe makes it and goes on only when it fails so again"
            )
            continue
        then = f" (retried successfully at step {retry})" if retry is not None else " (not retried)"
        changes.append(f"step {step.index}: dropped failed call of {step.action.name}{error}{then}")
    if not changes:
        return trace, []
    return trace.model_copy(update={"steps": tuple(kept)}), changes


def refused_steps(trace: Trace) -> frozenset[int]:
    """The indices of the failed steps a recording's recipe makes again (see the module); what
    ``recipe test`` expects a replay of the run to call too."""
    if trace.mode != "agent":
        return frozenset()
    values = recorded_values(trace)
    return frozenset(
        step.index
        for position, step in enumerate(trace.steps)
        if step.status == "error"
        and _retry(trace, position, values) is None
        and _decides(step, values)
    )


def _retry(trace: Trace, position: int, values: dict[str, Any]) -> int | None:
    """The step that retried the failed call at ``position`` successfully, if one did: a later
    call of the same action that went through, passing the same value for every argument both
    calls name (a retry adds or mends an argument; the same action for another item, charge
    C after B was refused, is no retry of B's)."""
    failed = trace.steps[position]
    for later in trace.steps[position + 1 :]:
        if later.status == "ok" and _changing(later) and later.action.name != failed.action.name:
            return None  # a top-up, then the payment again: what came between decided it
        if later.status != "ok" or later.action.name != failed.action.name:
            continue
        if all(
            _same_value(failed.args[key], later.args[key], values)
            for key in failed.args.keys() & later.args.keys()
        ):
            return later.index
    return None


def _changing(step: Step) -> bool:
    return step.action.builtin is None and not step.action.read_only


def recorded_values(trace: Trace) -> dict[str, Any]:
    """The inputs and every stored result of the run, by name."""
    values: dict[str, Any] = dict(trace.inputs)
    for step in trace.steps:
        if step.status == "ok" and step.result_var is not None:
            values[step.result_var] = step.result
    return values


def _same_value(a: Any, b: Any, values: dict[str, Any]) -> bool:
    """Whether two argument expressions held the same value (unknown ones count as the same:
    a mended argument is what a retry is)."""
    known_a, value_a = value_of(a, values)
    known_b, value_b = value_of(b, values)
    if not known_a or not known_b:
        return True
    if isinstance(a, LiteralExpr) or isinstance(b, LiteralExpr):
        return True  # a value the model typed, mended: "80" for 80.0, a fixed spelling
    return bool(value_a == value_b)


def _decides(step: Step, values: dict[str, Any]) -> bool:
    """Whether a failed call may have decided the path: a tool of the task's (not a built-in
    or a browser action) that said no to arguments the run's data holds (passed by ``$ref``,
    or copied: ``"C-1"`` typed for the input ``C-1``), not to a value the model made up."""
    if step.action.builtin is not None or step.action.module.startswith("runtime"):
        return False
    if not step.error or _error_class(step) in _MALFORMED | TRANSIENT:
        return False
    data = {_key(v) for v in _scalars(list(values.values()))}
    return all(
        isinstance(leaf, RefExpr) or (isinstance(leaf, LiteralExpr) and _key(leaf.value) in data)
        for key, expr in step.args.items()
        for _, leaf in leaf_exprs(expr, key)
    )


def _error_class(step: Step) -> str:
    return (step.error or "").split(":", 1)[0].strip()


def unknown_outcome(trace: Trace, position: int, values: dict[str, Any]) -> bool:
    """Whether the failed step at ``position`` is a change whose outcome the recording never
    knew: a task action that changes something raised a transient error (a timeout) and was
    never retried. What the agent did next rested on a guess or a check the recipe cannot
    repeat ("the transfer timed out; the list shows it went through"), so the recipe stops
    there and the agent takes over."""
    step = trace.steps[position]
    return (
        trace.mode == "agent"
        and step.status == "error"
        and not step.action.read_only
        and step.action.builtin is None
        and not step.action.module.startswith("runtime")
        and _error_class(step) in TRANSIENT
        and _retry(trace, position, values) is None
    )


def _key(value: Any) -> Any:
    """A scalar as a set member that tells 1 from True and 80 from "80"."""
    return (type(value) is bool, float(value)) if isinstance(value, int | float) else value


def _scalars(values: list[Any], depth: int = 0) -> list[Any]:
    """The scalars inside recorded values (three levels, the first 100 items of a list)."""
    found: list[Any] = []
    for value in values[:100]:
        if isinstance(value, dict) and depth < 3:
            found += _scalars(list(value.values()), depth + 1)
        elif isinstance(value, list) and depth < 3:
            found += _scalars(value, depth + 1)
        elif isinstance(value, str | int | float):
            found.append(value)
    return found


def refused(step: Step, values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """For a kept failed call, each argument whose recorded value its error writes (an id, an
    amount): ``(value as written, keyword)``, for
    :attr:`compiler.recipe_ir.ExprStmt.refused_with`."""
    text = step.error or ""
    shown: list[tuple[str, str]] = []
    for key, expr in step.args.items():
        known, value = value_of(expr, values) if isinstance(expr, RefExpr) else (False, None)
        if not known or isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        written = str(value)
        pattern = rf"(?<![\w.]){re.escape(written)}(?![\w]|\.\d)"
        if len(written) >= 2 and key.isidentifier() and re.search(pattern, text):
            shown.append((written, key))
    return tuple(sorted(shown, key=lambda p: -len(p[0])))
