"""Bridges: a heal attaches the fallback's path where the replay left the recipe, and every
recorded path stays (a tracing JIT's bridge at a side exit). :func:`runtime.heal.compile_suffix`
compiles the path; this module places it: filling a side exit, or ``try``/``except`` around the
statement whose action raised, inside earlier bridges too."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from runtime.heal import _add_imports, _function, _names_in
from runtime.recorder import jsonable

BridgeKind = str
"""``side-exit`` (fill a guard's ``raise SideExit``), ``exception`` (``try``/``except`` the
failing statement)."""


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
    module = _add_imports(module, [*imports, *guards])
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
    from compiler.fingerprint import fingerprint

    test = guard.test
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test = test.expression
    if isinstance(test, cst.Name):
        return block  # a decision
    code = cst.Module(body=[]).code_for_node(test)
    if "same_as_recorded(" not in code and not code.startswith("all("):
        return block  # not a guard on data (a list's length, say): the fallback's path generalizes
    names: list[str] = []

    class _Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            value = variables.get(node.value)
            if node.value not in names and isinstance(value, list | dict | tuple):
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
