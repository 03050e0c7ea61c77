"""The public API: ``compile_trace`` and what it returns."""

from __future__ import annotations

import pydantic
import pytest
from trace_kit import action, call, failed, finish, ref, trace

import compiler
from compiler import CompileResult, CompileWarning, compile_trace, recipe_function_name
from compiler.errors import CompileError

SEND = action("send_reminder")


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(compiler.__all__) == [
        "CompileResult",
        "CompileWarning",
        "PassReport",
        "__version__",
        "compile_trace",
        "recipe_function_name",
    ]
    for name in compiler.__all__:
        assert hasattr(compiler, name)
    assert compiler.__version__ == "0.1.0"
    assert recipe_function_name("Invoices") == "invoices"


def test_result_is_frozen_and_explains_each_pass() -> None:
    t = trace(
        failed(0, SEND, customer="ACME"), call(1, SEND, customer="ACME"), finish(2, result="x")
    )
    result = compile_trace(t)
    assert isinstance(result, CompileResult)
    assert [r.name for r in result.explain] == [
        "drop_failed",
        "lower",
        "parameters",
        "data_flow",
        "locator_data",
        "page_choices",
        "drop_unused",
        "expectations",
        "readable_names",
        "names",
        "control_flow",
        "form_guards",
        "provenance",
        "comments",
    ]
    assert result.explain[0].changes == (
        "step 0: dropped failed call of send_reminder: ValueError: boom "
        "(retried successfully at step 1)",
    )
    assert any("→ input customer" in c for c in result.explain[2].changes)
    assert [s.step for s in result.ir.statements] == [1, 2]
    with pytest.raises(pydantic.ValidationError):
        result.source = ""  # type: ignore[misc]


def test_same_trace_same_bytes() -> None:
    t = trace(call(0, SEND, "s", customer="ACME", amount=1.5), finish(1, result="x"))
    assert compile_trace(t).source == compile_trace(t).source


def test_warnings_and_strict() -> None:
    t = trace(call(0, SEND, "s"))
    result = compile_trace(t)
    assert result.warnings == (
        CompileWarning(
            code="no-finish",
            message="the run never called finish successfully, so the recipe returns None. "
            "Record the task again, or add the return by hand.",
        ),
    )
    with pytest.raises(CompileError, match="--strict turns into errors:\n  - no-finish"):
        compile_trace(t, strict=True)
    assert compile_trace(trace(finish(0, result=ref("customer"))), strict=True).warnings == ()


def test_compiler_never_imports_runtime() -> None:
    import ast
    from pathlib import Path

    for path in Path(compiler.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = (
                    [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
                )
                assert not any((m or "").split(".")[0] == "runtime" for m in modules), path
