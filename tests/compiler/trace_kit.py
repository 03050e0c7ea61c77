"""Builders for traces in compiler tests (short to write, valid by construction)."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from compiler.ir import (
    ActionRef,
    CodeExpr,
    DictExpr,
    Expr,
    FStringExpr,
    ImportRef,
    ListExpr,
    LiteralExpr,
    LocatorExpr,
    OutputSpec,
    RefExpr,
    Step,
    TaskSpec,
    Trace,
    TypeRef,
)

HAS_EXPR = importlib.util.find_spec("compiler.expr") is not None
requires_expr = pytest.mark.skipif(not HAS_EXPR, reason="compiler.expr is not written yet")

COMPUTE = ActionRef(name="compute", module="runtime", qualname="compute", builtin="compute")
FINISH = ActionRef(name="finish", module="runtime", qualname="finish", builtin="finish")


def action(name: str, module: str = "examples.invoices", **kw: Any) -> ActionRef:
    return ActionRef(name=name, module=module, qualname=kw.pop("qualname", name), **kw)


def lit(value: Any) -> LiteralExpr:
    return LiteralExpr(value=value)


def ref(name: str, *path: str | int) -> RefExpr:
    return RefExpr(name=name, path=path)


def _expr(value: Any) -> Expr:
    if isinstance(
        value, LiteralExpr | RefExpr | FStringExpr | CodeExpr | LocatorExpr | ListExpr | DictExpr
    ):
        return value
    return lit(value)


def call(index: int, act: ActionRef, var: str | None = None, **args: Any) -> Step:
    """A successful call; plain Python values become literals."""
    return Step(
        index=index,
        action=act,
        args={k: _expr(v) for k, v in args.items()},
        result_var=var if var is not None else f"{act.name}_{index}",
    )


def failed(index: int, act: ActionRef, **args: Any) -> Step:
    return Step(
        index=index,
        action=act,
        args={k: _expr(v) for k, v in args.items()},
        status="error",
        error="ValueError: boom",
    )


def compute(index: int, expression: str, var: str | None = None) -> Step:
    return Step(
        index=index,
        action=COMPUTE,
        args={"expression": lit(expression)},
        result_var=var or f"compute_{index}",
    )


def finish(index: int, **args: Any) -> Step:
    return Step(index=index, action=FINISH, args={k: _expr(v) for k, v in args.items()})


STR = TypeRef(annotation="str")
FLOAT = TypeRef(annotation="float")
INVOICES = TypeRef(
    annotation="list[Invoice]", imports=(ImportRef(module="examples.invoices", name="Invoice"),)
)


def trace(
    *steps: Step,
    name: str = "invoices",
    description: str = "Send reminders for unpaid invoices of a customer.",
    inputs: dict[str, TypeRef] | None = None,
    values: dict[str, Any] | None = None,
    outputs: OutputSpec | None = None,
    secret: tuple[str, ...] = (),
) -> Trace:
    return Trace(
        run_id="run-0001",
        created_at="2025-01-02T03:04:05Z",
        task=TaskSpec(
            name=name,
            description=description,
            inputs={"customer": STR} if inputs is None else inputs,
            outputs=outputs or OutputSpec(single=TypeRef(annotation="str")),
            secret_inputs=secret,
        ),
        inputs={"customer": "ACME"} if values is None else values,
        steps=steps,
    )


def returning(step: Step, value: Any, annotation: str | None = None) -> Step:
    """``step`` with the JSON snapshot (and type) of what it returned, as the recorder keeps."""
    rtype = TypeRef(annotation=annotation) if annotation is not None else None
    return step.model_copy(update={"result": value, "result_type": rtype})


def read_only(name: str, module: str = "examples.invoices") -> ActionRef:
    return action(name, module=module, read_only=True)
