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
from runtime.run.heal import _function, _names_in, add_imports

BridgeKind = str
"""``side-exit`` (fill a guard's ``raise SideExit``), ``exception`` (``try``/``except`` the
failing statement), ``predicate`` (``if <predicate>:`` before it, :func:`predicate_bridge`)."""

DISAGREE = "the rules that tell the recorded runs apart here disagree now"
"""How a predicate bridge's guard starts its side exit: a heal at that exit runs only on the
data it was made from (the rules' disagreement is no rule)."""


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
) -> str | None:
    """``source`` with the fallback's statements attached where the replay left the recipe,
    every recorded path kept (a tracing JIT's bridge); ``None`` when the failure is at no place
    a bridge can go (inside a loop, or not a statement of the function body).

    - ``side-exit``: the ``raise SideExit(...)`` of a guard at the top of the function body is
      replaced by the new statements (which end in ``return``);
    - ``exception``: the failing top-level statement is wrapped in ``try`` with ``except
      <exception>:`` running the new statements.
    """
    if line is None or not new_body:
        return None
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    fn = _function(wrapper.module, fn_name)
    if fn is None or not isinstance(fn.body, cst.IndentedBlock):
        return None
    block = cst.IndentedBlock(body=list(new_body))
    body = _attach(list(fn.body.body), positions, line, kind, block, exception, variables or {})
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
    variables: dict[str, Any],
) -> list[cst.BaseStatement] | None:
    """``body`` with the bridge attached at ``line``, looking into earlier bridges (an ``if``
    or a ``try``'s ``except``) when the failure is inside one; ``None`` inside a loop."""
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
    if (
        kind == "side-exit"
        and isinstance(stmt, cst.If)
        and stmt.orelse is None
        and isinstance(stmt.body, cst.IndentedBlock)
        and len(stmt.body.body) == 1
        and _raises_side_exit(stmt.body.body[0])
    ):
        body[index] = stmt.with_changes(body=_data_guarded(stmt, block, variables))
        return body
    if kind == "exception" and exception is not None and isinstance(stmt, cst.SimpleStatementLine):
        handler = cst.ExceptHandler(type=cst.parse_expression(exception), body=block)
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
        inner = _attach(list(stmt.body.body), positions, line, kind, block, exception, variables)
        if inner is not None:
            body[index] = stmt.with_changes(body=stmt.body.with_changes(body=inner))
            return body
    if isinstance(stmt, cst.Try):
        for n, handler in enumerate(stmt.handlers):
            if not isinstance(handler.body, cst.IndentedBlock):
                continue
            if not positions[handler].start.line <= line <= positions[handler].end.line:
                continue
            inner = _attach(
                list(handler.body.body), positions, line, kind, block, exception, variables
            )
            if inner is None:
                return None
            handlers = list(stmt.handlers)
            handlers[n] = handler.with_changes(body=handler.body.with_changes(body=inner))
            body[index] = stmt.with_changes(handlers=handlers)
            return body
    return None  # a loop, or a block no bridge made: which part failed is not one statement


def _data_guarded(
    guard: cst.If, block: cst.IndentedBlock, variables: dict[str, Any]
) -> cst.IndentedBlock:
    """The bridge for a guard on data (a list a value was picked from by position, filter
    rules that disagree): what the fallback did fits the data it saw, so the bridge runs only
    on that data (``same_as_recorded``) and any other data still leaves through a side exit.
    The other side of a decision (``if not needed:``) and a list of another length than the
    recorded one (``len(words) == 2``) generalize: their bridges are unguarded."""
    test = guard.test
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test = test.expression
    disagreement = _side_exit_message(guard).startswith(DISAGREE)
    if isinstance(test, cst.Name) and not disagreement:
        return block  # a decision
    code = cst.Module(body=[]).code_for_node(test)
    if "same_as_recorded(" not in code and not code.startswith("all(") and not disagreement:
        return block  # not a guard on data (a list's length, say): the fallback's path generalizes
    names: list[str] = []

    class _Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value in names or node.value not in variables:
                return
            # A predicate bridge's rules read scalars and objects: all of them are the data.
            if disagreement or isinstance(variables[node.value], list | dict | tuple):
                names.append(node.value)

    test.visit(_Names())
    if not names:
        return block
    checks = " and ".join(
        f"same_as_recorded({n}, {fingerprint(jsonable(variables[n]))!r})" for n in names
    )
    listed = ", ".join(names)
    check = cst.parse_statement(
        f"if not ({checks}):\n"
        f"    raise SideExit({f'{listed} is not what the bridge was made from'!r})\n"
    )
    return block.with_changes(body=[check, *block.body])


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
