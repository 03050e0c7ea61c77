"""Bridges: a heal attaches the fallback's path where the replay left the recipe, and every
recorded path stays (a tracing JIT's bridge at a side exit).
:func:`runtime.run.heal.compile_suffix` compiles the path; this module places it: filling a side
exit, ``try``/``except`` around the statement whose action raised, or — where nothing the recipe
raised tells the paths apart (the outputs were rejected, a computation failed) — ``if
<predicate>:`` before the statement where the replay left, the predicate being what separates the
recorded runs there (:func:`predicate_bridge`); inside earlier bridges too."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from compiler.fingerprint import fingerprint
from compiler.format import format_source
from runtime.actions.recorder import jsonable
from runtime.run.bridge_checks import (
    _READERS,
    _calls_only,
    _Context,
    _message_checked,
    _raised_check,
)
from runtime.run.bridge_pins import (
    _guarded_pins,
    _named_pins,
    _pin_check,
    _pins,
    _reads,
    _repinned,
)
from runtime.run.bridge_pins import _names_field as _names_field  # tests import these 3 here
from runtime.run.bridge_pins import _words as _words
from runtime.run.bridge_pins import _writes_value as _writes_value
from runtime.run.heal import _function, _names_in, add_imports

BridgeKind = str
"""``side-exit`` (fill a guard's ``raise SideExit``), ``exception`` (``try``/``except`` the
failing statement), ``predicate`` (``if <predicate>:`` before it, :func:`predicate_bridge`)."""

DISAGREE = "the rules that tell the recorded runs apart here disagree now"
"""How a predicate bridge's guard starts its side exit: a heal at that exit runs only on the
data it was made from (the rules' disagreement is no rule)."""

BEYOND = "is beyond the values the bridge was made from"
"""What a decision bridge's guard says when the number the decision compares is farther from
the decision's boundary than the healed run's: a third outcome may start there, so a heal at
that exit runs only on the data it was made from."""

HIDDEN = "the recording went on only where"
"""How a hidden decision's guard (``compiler/passes/_hidden_decisions.py``) starts its side
exit: data the task's words name must read as recorded there. The recording shows no decision
on it, so leaving there says only that this data is unlike the recording's, not that it is
why the fallback took another path (the product's price is off, its stock is what differs):
a heal at that exit runs only on the data it was made from."""

PINNED = "not what the bridge was made from"
"""How a bridge's own guard on data ends its side exit (``order.tier is not what the bridge was
made from``): it pins what the healed run read, and no decision was made there, so a heal at
that exit runs only on the data it was made from (the values it pins, as they read now)."""

_ORDERED = {
    cst.LessThan: "<",
    cst.LessThanEqual: "<=",
    cst.GreaterThan: ">",
    cst.GreaterThanEqual: ">=",
}


def bridge(
    source: str,
    fn_name: str,
    line: int | None,
    kind: BridgeKind,
    new_body: Sequence[cst.BaseStatement],
    imports: Sequence[tuple[str, str, str | None]],
    *,
    exception: str | None = None,
    variables: dict[str, Any] | None = None,
    same_message: str | None = None,
    error: BaseException | None = None,
    words: str = "",
    secrets: Sequence[str] = (),
    action: str | None = None,
) -> str | None:
    """``source`` with the fallback's statements attached where the replay left the recipe,
    every recorded path kept (a tracing JIT's bridge); ``None`` when the failure is at no place
    a bridge can go (inside a loop, or not a statement of the function body).

    - ``side-exit``: the ``raise SideExit(...)`` of a guard at the top of the function body is
      replaced by the new statements (which end in ``return``);
    - ``exception``: the failing top-level statement is wrapped in ``try`` with ``except
      <exception>:`` running the new statements (a statement an earlier bridge wrapped gets
      one more ``except``). ``same_message``: the new statements pass a constant the failure's
      message showed the fallback, so they run only when the exception says that again.
      Otherwise they run only when the exception reads as ``error`` did, this run's values
      written where the failed call's arguments were (:func:`_raised_check`), and only while the
      record fields ``words`` (the task's and the fallback's reasons) name read as they did
      (:func:`_named_pins`): the fallback decided on what it saw, and one class of exception,
      or one path after it, is not every failure's. ``action``: the action whose call raised;
      the check names it (``refused_as_recorded(error, ..., action="send_email")``), since the
      statement may call a helper making several calls, another of which may fail alike.
    """
    if line is None or not new_body:
        return None
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    fn = _function(wrapper.module, fn_name)
    if fn is None or not isinstance(fn.body, cst.IndentedBlock):
        return None
    block = cst.IndentedBlock(body=list(new_body))
    if same_message is not None:
        failing = _statement_at(fn, positions, line)
        named = action is not None and not _calls_only(failing, action)
        other = f" or not raised_by(error, {action!r})" if named else ""
        check = cst.parse_statement(
            f"if str(error) != {same_message!r}{other}:\n"
            f"    raise SideExit({'the exception is not the one the bridge was made from'!r})\n"
        )
        block = block.with_changes(body=[check, *block.body])
    context = _Context(
        variables or {},
        _definitions(fn),
        same_message is not None or error is not None,
        words=words,
        error=None if same_message is not None else error,
        secrets=tuple(s for s in secrets if s),
        action=action,
    )
    body = _attach(list(fn.body.body), positions, line, kind, block, exception, context)
    if body is None:
        return None
    module = wrapper.module
    new_fn = fn.with_changes(body=fn.body.with_changes(body=body))
    module = module.with_changes(body=[new_fn if s is fn else s for s in module.body])
    used = _names_in([new_fn])
    guards = [
        (module_name, name, None)
        for module_name, name in (
            ("runtime.expect", "same_as_recorded"),
            ("runtime.expect", "refused_as_recorded"),
            ("runtime.expect", "raised_as"),
            ("runtime.expect", "raised_by"),
            ("runtime.errors", "SideExit"),
        )
        if name in used
    ]
    module = add_imports(module, [*imports, *guards])
    healed = module.code
    try:
        compile(healed, "<healed recipe>", "exec")
    except SyntaxError:  # pragma: no cover - libcst output always parses
        return None
    return healed


def _attach(
    body: list[cst.BaseStatement],
    positions: Any,
    line: int,
    kind: BridgeKind,
    block: cst.IndentedBlock,
    exception: str | None,
    context: _Context,
    failed: cst.BaseStatement | None = None,
) -> list[cst.BaseStatement] | None:
    """``body`` with the bridge attached at ``line``, looking into earlier bridges (an ``if``
    or a ``try``'s ``except``) when the failure is inside one; ``None`` inside a loop.
    ``failed``: inside an ``except``, the statement its ``try`` made (whose call raised)."""
    index = next(
        (i for i, s in enumerate(body) if positions[s].start.line <= line <= positions[s].end.line),
        None,
    )
    if index is None:
        return None
    stmt = body[index]
    if kind == "side-exit" and _raises_side_exit(stmt):
        body[index : index + 1] = list(block.body)  # a plain side exit: the bridge instead
        return body
    recorded = _message_checked(stmt)
    if (
        kind == "side-exit"
        and recorded is not None
        and failed is not None
        and isinstance(stmt, cst.SimpleStatementLine)
    ):
        # An exception bridge's check on the message stopped another failure of its class:
        # this failure's path goes before it, for this failure's message only.
        cause = context.error.__cause__ if context.error is not None else None
        raised = _raised_check(failed, context, cause)
        if raised is None:
            return None
        pinned = _pin_check(_named_pins(set(), context))
        other = cst.parse_statement(f"if not raised_as(error, {recorded}):\n    pass\n")
        assert isinstance(other, cst.If)
        checks = [raised] if pinned is None else [raised, pinned]
        body[index] = other.with_changes(
            body=cst.IndentedBlock(body=[*checks, *block.body]), leading_lines=stmt.leading_lines
        )
        return body
    if (
        kind == "side-exit"
        and isinstance(stmt, cst.If)
        and stmt.orelse is None
        and isinstance(stmt.body, cst.IndentedBlock)
        and len(stmt.body.body) == 1
        and _raises_side_exit(stmt.body.body[0])
    ):
        body[index] = stmt.with_changes(body=_data_guarded(stmt, block, context))
        return body
    if kind == "exception" and exception is not None and isinstance(stmt, cst.SimpleStatementLine):
        handler = _handler(stmt, exception, block, context)
        body[index] = cst.Try(
            body=cst.IndentedBlock(body=[stmt.with_changes(leading_lines=[])]),
            handlers=[handler],
            leading_lines=stmt.leading_lines,
        )
        return body
    # Inside an earlier bridge: attach there, the paths around it stay.
    if (
        isinstance(stmt, cst.If)
        and stmt.orelse is None
        and isinstance(stmt.body, cst.IndentedBlock)
    ):
        inner = _attach(
            list(stmt.body.body), positions, line, kind, block, exception, context, failed
        )
        if inner is not None:
            body[index] = stmt.with_changes(body=stmt.body.with_changes(body=inner))
            return body
    if (
        isinstance(stmt, cst.Try)
        and kind == "exception"
        and exception is not None
        and isinstance(stmt.body, cst.IndentedBlock)
        and len(stmt.body.body) == 1
        and positions[stmt.body.body[0]].start.line <= line <= positions[stmt.body.body[0]].end.line
    ):
        # An earlier bridge's statement failed another way: one more ``except`` beside its own.
        caught = [cst.Module(body=[]).code_for_node(h.type) for h in stmt.handlers if h.type]
        if exception in caught or stmt.orelse is not None or stmt.finalbody is not None:
            return None
        handler = _handler(stmt.body.body[0], exception, block, context)
        body[index] = stmt.with_changes(handlers=[*stmt.handlers, handler])
        return body
    if isinstance(stmt, cst.Try):
        for n, handler in enumerate(stmt.handlers):
            if not isinstance(handler.body, cst.IndentedBlock):
                continue
            if not positions[handler].start.line <= line <= positions[handler].end.line:
                continue
            made = stmt.body.body[0] if isinstance(stmt.body, cst.IndentedBlock) else None
            inner = _attach(
                list(handler.body.body), positions, line, kind, block, exception, context, made
            )
            if inner is None:
                return None
            handlers = list(stmt.handlers)
            handlers[n] = handler.with_changes(body=handler.body.with_changes(body=inner))
            body[index] = stmt.with_changes(handlers=handlers)
            return body
    return None  # a loop, or a block no bridge made: which part failed is not one statement


def _statement_at(fn: cst.FunctionDef, positions: Any, line: int) -> cst.BaseStatement | None:
    """The simple statement of ``fn`` (at any depth) holding ``line``."""
    found: list[cst.BaseStatement] = []

    class _Lines(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
            if positions[node].start.line <= line <= positions[node].end.line:
                found.append(node)
            return False

    fn.visit(_Lines())
    return found[0] if found else None


def _handler(
    stmt: cst.BaseStatement, exception: str, block: cst.IndentedBlock, context: _Context
) -> cst.ExceptHandler:
    """``except <exception> as error:`` running ``block`` only when the exception reads as the
    one the bridge was made from (:func:`_raised_check`) and the record fields the words name
    read as they did (:func:`_named_pins`)."""
    checks: list[cst.BaseStatement] = []
    raised = _raised_check(stmt, context, context.error)
    if raised is not None:
        checks.append(raised)
    pinned = _pin_check(_named_pins(set(), context))
    if pinned is not None:
        checks.append(pinned)
    return cst.ExceptHandler(
        type=cst.parse_expression(exception),
        body=block.with_changes(body=[*checks, *block.body]),
        name=cst.AsName(name=cst.Name("error")) if context.named else None,
    )


def _definitions(fn: cst.FunctionDef) -> dict[str, cst.BaseExpression]:
    found: dict[str, cst.BaseExpression] = {}

    class _Assigns(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
                found[node.targets[0].target.value] = node.value

    fn.visit(_Assigns())
    return found


def _data_guarded(guard: cst.If, block: cst.IndentedBlock, context: _Context) -> cst.IndentedBlock:
    """The bridge for a guard's side exit. What the fallback did fits the data it saw:

    - at a decision that compares a number with a constant (``if not compute_1:`` where
      ``compute_1 = request.amount <= 200``), the bridge runs for numbers from the boundary up
      to the healed run's (a guard ``request.amount <= 500``), since a third outcome may start
      past it; at any other decision, only on the data the decision read (``same_as_recorded``);
      a decision on a bool input has one other side, and its bridge is unguarded;
    - at a guard on data (a value picked from a list or an object by position, filter rules
      that disagree, a number beyond an earlier bridge's, data the task's words name that no
      recorded decision reads: :data:`HIDDEN`), only on that data (``same_as_recorded`` over
      every variable the guard reads, whatever its type);
    - at a comparison of two values (``balance > balance_result``), only while they compare
      as on the healed run (:func:`_related`);
    - a list of another length than the recorded one (``len(words) == 2``) generalizes.

    The one rule: a bridge stands for the other side of a decision only where the recording
    made that decision; at any other guard it stands for the data the healed run saw.
    """
    variables = context.variables
    test = guard.test
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test = test.expression
    message = _side_exit_message(guard)
    code = cst.Module(body=[]).code_for_node(test)
    if message.startswith(HIDDEN):
        return _hidden_bridge(guard, test, block, context)
    if message.endswith(PINNED) and "same_as_recorded(" not in code:
        return _repinned(test, block, context)
    exact = (
        message.startswith(DISAGREE)
        or BEYOND in message
        or "same_as_recorded(" in code  # a pick guard: what it checks is data, objects too
    )
    if isinstance(test, cst.Name) and not exact:
        decision = context.definitions.get(test.value)
        if decision is None:
            return block  # a decision on an input: its other side is one value
        beyond = _beyond(decision, variables.get(test.value), variables)
        if beyond is not None:
            return _beyond_bridge(beyond, decision, block, context)
        test, exact = decision, True
    elif isinstance(test, cst.Comparison) and not exact:
        beyond = _beyond(test, not _negated(guard), variables)
        if beyond is not None:
            return _beyond_bridge(beyond, test, block, context)
        related = _related(test, variables)  # two values: the order the healed run saw
        if related is not None:
            return block.with_changes(body=[related, *block.body])
    if "same_as_recorded(" not in code and not code.startswith("all(") and not exact:
        return block  # not a guard on data (a list's length, say): the fallback's path generalizes
    names: list[str] = []

    class _Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value in names or node.value not in variables:
                return
            # A decision's and a predicate bridge's rules read scalars and objects: all data.
            if exact or isinstance(variables[node.value], list | dict | tuple):
                names.append(node.value)

    test.visit(_Names())
    if not names:
        return block
    checks = " and ".join(
        f"same_as_recorded({n}, {fingerprint(jsonable(variables[n]))!r})" for n in names
    )
    listed = ", ".join(names)
    check = cst.parse_statement(
        f"if not {checks if len(names) == 1 else f'({checks})'}:\n"
        f"    raise SideExit({f'{listed} is not what the bridge was made from'!r})\n"
    )
    return block.with_changes(body=[check, *block.body])


def _beyond_bridge(
    beyond: cst.BaseStatement,
    decision: cst.BaseExpression,
    block: cst.IndentedBlock,
    context: _Context,
) -> cst.IndentedBlock:
    """The bridge at a decision on a number: within the healed run's number (``beyond``), and
    only while the other record fields the words name read as they did (:func:`_named_pins`):
    "500 is over 200 and the customer is not a VIP" took the other side on both."""
    pinned = _pin_check(_named_pins(_reads(decision), context))
    checks = [beyond] if pinned is None else [beyond, pinned]
    return block.with_changes(body=[*checks, *block.body])


def _hidden_bridge(
    guard: cst.If, test: cst.BaseExpression, block: cst.IndentedBlock, context: _Context
) -> cst.IndentedBlock:
    """The bridge at a hidden decision's guard (:data:`HIDDEN`): the healed run left there
    because the guarded field read otherwise than recorded, but any other data it read may be
    why the fallback took another path (a price off, the stock what differs). So the bridge runs
    only where every other value the recipe read before the guard is as the healed run had it
    (an input a lookup was made with, and a field echoing it, are that input's identity, not a
    rule), and a guarded number no farther than the healed run's (:func:`_beyond`); a guarded
    value compared otherwise (``order.status == "paid"``: the healed run read 'pending', and
    'cancelled' is a third outcome) is pinned as the healed run read it."""
    variables = context.variables
    checks: list[cst.BaseStatement] = []
    beyond = None
    if isinstance(test, cst.Comparison):
        beyond = _beyond(test, not _negated(guard), variables)
    if beyond is not None:
        checks.append(beyond)
    related = _related(test, variables) if beyond is None else None
    if related is not None:
        checks.append(related)
    pins = _pins(test, context)
    if beyond is None:
        pins = [*_guarded_pins(test, context), *pins]
    pinned = _pin_check(pins)
    if pinned is not None:
        checks.append(pinned)
    return block.with_changes(body=[*checks, *block.body])


def _negated(guard: cst.If) -> bool:
    return isinstance(guard.test, cst.UnaryOperation) and isinstance(guard.test.operator, cst.Not)


def _beyond(
    decision: cst.BaseExpression, taken: Any, variables: dict[str, Any]
) -> cst.BaseStatement | None:
    """The guard that keeps a bridge at a decision ``number <op> constant`` (whose value was
    ``taken`` on the healed run) to numbers between the boundary and the healed run's;
    ``None`` when the decision is not such a comparison."""
    if not isinstance(decision, cst.Comparison) or len(decision.comparisons) != 1:
        return None
    target = decision.comparisons[0]
    op = _ORDERED.get(type(target.operator))
    if op is None or not isinstance(taken, bool):
        return None
    left, right = decision.left, target.comparator
    if _number(right) is not None:
        operand, bound, flipped = left, _number(right), False
    elif _number(left) is not None:
        operand, bound, flipped = right, _number(left), True
    else:
        return None
    code = cst.Module(body=[]).code_for_node(operand)
    try:
        value = eval(code, {"__builtins__": _READERS}, dict(variables))  # recipe code, as it ran
    except Exception:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or bound is None:
        return None

    def holds(x: float) -> bool:
        pair = (bound, x) if flipped else (x, bound)
        return {"<": pair[0] < pair[1], "<=": pair[0] <= pair[1]}.get(
            op, pair[0] > pair[1] if op == ">" else pair[0] >= pair[1]
        )

    if holds(float("inf")) == taken:
        kept = f"{code} <= {value!r}"
    elif holds(float("-inf")) == taken:
        kept = f"{code} >= {value!r}"
    else:
        return None
    message = f"{code} {BEYOND} ({value!r})"
    return cst.parse_statement(f"if not ({kept}):\n    raise SideExit({message!r})\n")


def _related(decision: cst.BaseExpression, variables: dict[str, Any]) -> cst.BaseStatement | None:
    """The guard that keeps a bridge at a comparison of two values (``balance >
    balance_result``: which account holds more gave the roles) to the order the healed run
    saw them in (``balance < balance_result``; a tie is a third outcome the bridge never
    saw); ``None`` when the decision is no such comparison."""
    if not isinstance(decision, cst.Comparison) or len(decision.comparisons) != 1:
        return None
    target = decision.comparisons[0]
    if _ORDERED.get(type(target.operator)) is None:
        return None
    sides = [decision.left, target.comparator]
    if any(_number(side) is not None for side in sides):
        return None  # (a bound: :func:`_beyond`'s)
    codes = [cst.Module(body=[]).code_for_node(side) for side in sides]
    try:  # recipe code, as it ran
        left, right = (eval(c, {"__builtins__": _READERS}, dict(variables)) for c in codes)
    except Exception:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right)):
        return None
    sign = "<" if left < right else ">" if left > right else "=="
    kept = f"{codes[0]} {sign} {codes[1]}"
    message = f"{codes[0]} and {codes[1]} do not compare as on the healed run ({kept})"
    return cst.parse_statement(f"if not ({kept}):\n    raise SideExit({message!r})\n")


def _number(node: cst.BaseExpression) -> float | int | None:
    sign = 1
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node, sign = node.expression, -1
    if isinstance(node, cst.Integer | cst.Float):
        value = node.evaluated_value
        return sign * value if isinstance(value, int | float) else None
    return None


def _raises_side_exit(stmt: cst.BaseStatement) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    return (
        isinstance(small, cst.Raise)
        and isinstance(small.exc, cst.Call)
        and isinstance(small.exc.func, cst.Name)
        and small.exc.func.value == "SideExit"
    )


def _side_exit_message(guard: cst.If) -> str:
    """The text of the ``raise SideExit("...")`` that is ``guard``'s body ("" if none)."""
    assert isinstance(guard.body, cst.IndentedBlock)
    stmt = guard.body.body[0]
    assert isinstance(stmt, cst.SimpleStatementLine)
    small = stmt.body[0]
    assert isinstance(small, cst.Raise) and isinstance(small.exc, cst.Call)
    args = small.exc.args
    if args and isinstance(args[0].value, cst.SimpleString):
        value = args[0].value.evaluated_value
        return value if isinstance(value, str) else ""
    return ""


# --------------------------------------------------------------------------- predicate bridges


def exit_span(source: str, fn_name: str, line: int) -> tuple[int, int] | None:
    """The first and last line of the statement a predicate bridge goes before: the innermost
    statement of ``fn_name`` holding ``line``, looking into ``if`` and ``try`` blocks (earlier
    bridges); ``None`` inside a loop or another block, where the variables differ each time."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    fn = _function(wrapper.module, fn_name)
    if fn is None or not isinstance(fn.body, cst.IndentedBlock):
        return None
    found: list[cst.BaseStatement] = []

    def note(stmt: cst.BaseStatement) -> list[cst.BaseStatement]:
        found.append(stmt)
        return [stmt]

    if _before(list(fn.body.body), positions, line, note) is None:
        return None
    return positions[found[0]].start.line, positions[found[0]].end.line


def predicate_bridge(
    source: str,
    fn_name: str,
    line: int,
    predicates: Sequence[str],
    new_body: Sequence[cst.BaseStatement],
    imports: Sequence[tuple[str, str, str | None]],
    *,
    run_id: str,
    runs: int,
) -> str | None:
    """``source`` with ``if <predicate>: <new_body>`` before the statement holding ``line``
    (:func:`exit_span`), the recorded path going on after it for the ``runs`` recorded runs
    that reached that statement (the predicate is false for each). Several ``predicates`` fit
    the runs equally: a guard first checks they agree on the data now, and stops before the
    bridge (``SideExit``) when they do not. ``None`` when no bridge can go there."""
    if not predicates or not new_body:
        return None
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    fn = _function(wrapper.module, fn_name)
    if fn is None or not isinstance(fn.body, cst.IndentedBlock):
        return None
    chosen = predicates[0]
    told = f"{runs} recorded run{'s' if runs != 1 else ''}"
    code = ""
    if len(predicates) > 1:
        agree = " == ".join(f"({p})" for p in predicates)
        message = f"{DISAGREE}: " + "; ".join(predicates)
        code += f"if not ({agree}):\n    raise SideExit({message!r})\n"
    code += f"if {chosen}:\n    pass\n"
    added = _formatted(code)
    if added is None:
        return None
    last = added[-1]
    assert isinstance(last, cst.If)
    added[-1] = last.with_changes(body=cst.IndentedBlock(body=list(new_body)))
    first = added[0]
    assert isinstance(first, cst.If)
    shown = cst.Module(body=[]).code_for_node(last.test)  # as black wrote it
    note = (
        f"Run {run_id} left the recipe here with `{shown}`, which is false for the {told} "
        "that got here: the bridge below is its path, theirs goes on after it."
    )
    comments = [cst.EmptyLine(comment=cst.Comment(f"# {t}")) for t in textwrap.wrap(note, 90)]
    added[0] = first.with_changes(leading_lines=comments)

    def place(stmt: cst.BaseStatement) -> list[cst.BaseStatement]:
        return [*added, stmt]  # the statement keeps its comments: they say what it does

    body = _before(list(fn.body.body), positions, line, place)
    if body is None:
        return None
    module = wrapper.module
    new_fn = fn.with_changes(body=fn.body.with_changes(body=body))
    module = module.with_changes(body=[new_fn if s is fn else s for s in module.body])
    if len(predicates) > 1:
        imports = [*imports, ("runtime.errors", "SideExit", None)]
    healed = add_imports(module, imports).code
    try:
        compile(healed, "<healed recipe>", "exec")
    except SyntaxError:  # a predicate is generated source: never written unchecked
        return None
    return healed


def _before(
    body: list[cst.BaseStatement],
    positions: Any,
    line: int,
    place: Callable[[cst.BaseStatement], list[cst.BaseStatement]],
) -> list[cst.BaseStatement] | None:
    """``body`` with the statement holding ``line`` replaced by ``place(statement)``, looking
    into ``if`` bodies and ``try`` blocks; ``None`` when ``line`` is inside another block."""
    index = next(
        (i for i, s in enumerate(body) if positions[s].start.line <= line <= positions[s].end.line),
        None,
    )
    if index is None:
        return None
    stmt = body[index]
    blocks: list[tuple[str, cst.BaseSuite]] = []
    if isinstance(stmt, cst.If):
        blocks = [("body", stmt.body)]
    elif isinstance(stmt, cst.Try):
        blocks = [
            ("body", stmt.body),
            *((f"handler{n}", h.body) for n, h in enumerate(stmt.handlers)),
        ]
    for name, block in blocks:
        if not isinstance(block, cst.IndentedBlock):
            continue
        inner_stmts = list(block.body)
        if not any(positions[s].start.line <= line <= positions[s].end.line for s in inner_stmts):
            continue
        inner = _before(inner_stmts, positions, line, place)
        if inner is None:
            return None
        new_block = block.with_changes(body=inner)
        if name == "body":
            body[index] = stmt.with_changes(body=new_block)
        else:
            assert isinstance(stmt, cst.Try)
            handlers = list(stmt.handlers)
            n = int(name.removeprefix("handler"))
            handlers[n] = handlers[n].with_changes(body=new_block)
            body[index] = stmt.with_changes(handlers=handlers)
        return body
    if any(positions[s].start.line <= line <= positions[s].end.line for s in _nested(stmt)):
        return None  # inside a loop, a with or an else: not the place the recorded runs passed
    body[index : index + 1] = place(stmt)
    return body


def _nested(stmt: cst.BaseStatement) -> list[cst.BaseStatement]:
    """The statements of every block directly inside ``stmt`` (body, else, handlers...)."""
    found: list[cst.BaseStatement] = []

    class _Blocks(cst.CSTVisitor):
        def visit_IndentedBlock(self, node: cst.IndentedBlock) -> bool:
            found.extend(node.body)
            return False

    stmt.visit(_Blocks())
    return found


def _formatted(code: str) -> list[cst.BaseStatement] | None:
    """``code`` (statements of a recipe function's body) laid out by black, as statements;
    ``None`` when it is not valid Python (a predicate is generated source)."""
    indented = "".join(f"    {line}\n" for line in code.splitlines())
    try:
        module = cst.parse_module(format_source("def _bridge():\n" + indented))
    except Exception:
        return None
    fn = module.body[0]
    assert isinstance(fn, cst.FunctionDef) and isinstance(fn.body, cst.IndentedBlock)
    return list(fn.body.body)
