"""The checks an exception bridge starts with (split from :mod:`runtime.run.bridges`): the
exception reads as the one the bridge was made from, its message rebuilt with this run's
arguments (``refused_as_recorded(error, f"...{order_id}")``), and what a bridge's guards are made
from (:class:`_Context`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import libcst as cst

from compiler.codegen import fstring_source
from compiler.ir import FStringExpr, RefExpr
from runtime.expect import SECRET_SHOWN

_READERS = {"len": len, "abs": abs, "min": min, "max": max, "sum": sum, "round": round}
"""Builtins a guard's expression may call when a bridge evaluates it on the failure's variables."""


@dataclass(frozen=True)
class _Context:
    """What a bridge's guards are made from."""

    variables: dict[str, Any]
    """The recipe's variables at the failure."""
    definitions: dict[str, cst.BaseExpression]
    """The expression each variable of the recipe function was last assigned."""
    named: bool
    """Whether the ``except`` names its exception ``error`` (a guard on its message reads it)."""
    words: str = ""
    """The task's words and the fallback's reasons: what names the data a bridge decides on."""
    error: BaseException | None = None
    """The exception an ``exception`` bridge is made from (``None``: no check on its message)."""
    secrets: tuple[str, ...] = ()
    """Secret values: never written in a check (any text matches where they were)."""
    action: str | None = None
    """The action whose call raised the exception (``None``: not an action's exception): the
    check names it, since a statement that calls a helper may make several calls, and another
    of them may fail with the same message."""


def _message_checked(stmt: cst.BaseStatement) -> str | None:
    """What ``refused_as_recorded(error, <message>[, action=<name>])`` checks (the source of
    its arguments after ``error``), if ``stmt`` is an exception bridge's check on its
    exception."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call):
        return None
    call = small.value
    if not (isinstance(call.func, cst.Name) and call.func.value == "refused_as_recorded"):
        return None
    args = call.args
    if not 2 <= len(args) <= 3 or not (
        isinstance(args[0].value, cst.Name) and args[0].value.value == "error"
    ):
        return None
    if len(args) == 3 and (args[2].keyword is None or args[2].keyword.value != "action"):
        return None
    code = cst.Module(body=[]).code_for_node
    return ", ".join(
        code(a.value) if a.keyword is None else f"{a.keyword.value}={code(a.value)}"
        for a in args[1:]
    )


def _raised_check(
    stmt: cst.BaseStatement, context: _Context, error: BaseException | None
) -> cst.BaseStatement | None:
    """``refused_as_recorded(error, f"PaymentFailed: card declined for order {order_id}")``:
    the bridge's exception as the healed run saw it, an argument of the failed call written
    where the message showed its value (as the compiler writes a refusal the recording saw),
    a secret as :data:`~runtime.expect.SECRET_SHOWN`; any other message leaves through a side
    exit (an exception class says a call failed, its message says why). With the failed
    action known, the check names it (``action="send_email"``): a statement calling a helper may
    make several calls, and which one failed is what the bridge answers."""
    if error is None:
        return None
    said = f"{type(error).__name__}: {error}"
    for secret in context.secrets:
        said = said.replace(secret, SECRET_SHOWN)
    spans: list[tuple[int, int, RefExpr]] = []
    for arg in _call_arguments(stmt):
        ref = _ref_of(arg.value)
        if ref is None or arg.keyword is None:
            continue
        code = cst.Module(body=[]).code_for_node(arg.value)
        try:
            value = eval(code, {"__builtins__": _READERS}, dict(context.variables))
        except Exception:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        written = str(value)
        if not written.strip() or any(written in secret for secret in context.secrets):
            continue
        pattern = rf"(?<![\w.]){re.escape(written)}(?![\w]|\.\d)"
        for m in re.finditer(pattern, said):
            if not any(a < m.end() and m.start() < b for a, b, _ in spans):
                spans.append((m.start(), m.end(), ref))
    parts: list[str | RefExpr] = []
    at = 0
    for start, end, ref in sorted(spans, key=lambda span: span[0]):
        parts += [said[at:start], ref]
        at = end
    parts.append(said[at:])
    recorded = fstring_source(FStringExpr(parts=tuple(p for p in parts if p != "")))
    action = context.action
    named = f", action={action!r}" if action and not _calls_only(stmt, action) else ""
    return cst.parse_statement(f"refused_as_recorded(error, {recorded}{named})\n")


def _calls_only(stmt: cst.BaseStatement | None, action: str) -> bool:
    """Whether ``stmt`` is ``[x =] action(...)`` with no other call in it but those naming
    the element it acts on: the one call it makes is the action's (a helper's call, or a call
    in an argument, may be of another)."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    value = small.value if isinstance(small, cst.Assign | cst.AnnAssign | cst.Expr) else None
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", None)
    calls: list[cst.Call] = []

    class _Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if not _finds_element(node):
                calls.append(node)

    value.visit(_Calls())
    return name == action and len(calls) == 1


def _finds_element(call: cst.Call) -> bool:
    """A call that only says which element an action acts on (``find(...)``,
    ``page.get_by_role(...)``, ``.filter(...)``): part of the action's own call."""
    func: cst.BaseExpression = call.func
    if isinstance(func, cst.Name):
        return func.value == "find"
    while isinstance(func, cst.Attribute | cst.Call):
        func = func.value if isinstance(func, cst.Attribute) else func.func
    return isinstance(func, cst.Name) and func.value == "page"


def _call_arguments(stmt: cst.BaseStatement) -> list[cst.Arg]:
    """The arguments of the call a statement makes (``x = action(a=...)`` or ``action(...)``)."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return []
    small = stmt.body[0]
    value = small.value if isinstance(small, cst.Assign | cst.Expr) else None
    return list(value.args) if isinstance(value, cst.Call) else []


def _ref_of(node: cst.BaseExpression) -> RefExpr | None:
    """``order.total`` as a reference (a name and its attributes), else ``None``."""
    path: list[str] = []
    while isinstance(node, cst.Attribute):
        path.insert(0, node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    return RefExpr(name=node.value, path=tuple(path))
