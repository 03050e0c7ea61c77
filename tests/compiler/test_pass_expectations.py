"""Pass ``expectations``: ``expect(...)`` after lookups the recording proves non-empty."""

from __future__ import annotations

from typing import Any

import pytest
from trace_kit import action, call, finish, read_only, ref, returning, trace

from compiler import compile_trace
from compiler.ir import Trace
from compiler.passes import PassContext, expectations, lower
from compiler.recipe_ir import Assign, RecipeIR

LIST = read_only("list_invoices")
SEND = action("send_reminder")


def _run(t: Trace) -> tuple[RecipeIR, list[str]]:
    ctx = PassContext(trace=t)
    return expectations(lower(t, ctx)[0], ctx)


def _lookup_then_use(result: Any, annotation: str | None, act: Any = LIST) -> Trace:
    return trace(
        returning(call(0, act, "list_invoices_1"), result, annotation),
        call(1, SEND, x=ref("list_invoices_1")),
        finish(2, result="x"),
    )


def test_a_used_non_empty_list_gets_an_expect() -> None:
    ir, changes = _run(_lookup_then_use([{"id": 1}, {"id": 2}], "list[Invoice]"))
    first = ir.statements[0]
    assert isinstance(first, Assign)
    assert first.expect == "list_invoices returned nothing (the recording had 2 items)"
    assert changes == ["step 0: expect list_invoices_1 to be non-empty (2 items recorded)"]


def test_the_recipe_checks_right_after_the_call() -> None:
    source = compile_trace(_lookup_then_use([{"id": 1}], "list[Invoice]")).source
    assert (
        "    invoice_list = list_invoices()\n"
        '    expect(invoice_list, "list_invoices returned nothing (the recording had 1 item)")\n'
    ) in source
    assert "from runtime.expect import expect\n" in source


def test_a_non_empty_dict_gets_one_too() -> None:
    ir, _ = _run(_lookup_then_use({"a": 1}, "dict[str, int]"))
    assert ir.statements[0].expect is not None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("result", "annotation", "act"),
    [
        ([], "list[Invoice]", LIST),  # empty in the recording: an empty answer may be right
        ({"id": "C1"}, "Customer", LIST),  # an object is always truthy
        ("text", "str", LIST),
        (None, None, LIST),
        ([1], "list[int]", SEND),  # not read-only
    ],
)
def test_no_expect_where_the_recording_proves_nothing(
    result: Any, annotation: Any, act: Any
) -> None:
    ir, changes = _run(_lookup_then_use(result, annotation, act))
    assert ir.statements[0].expect is None and changes == []  # type: ignore[union-attr]


def test_no_expect_when_the_result_is_not_used() -> None:
    t = trace(returning(call(0, LIST, "l"), [1], "list[int]"), finish(1, result="x"))
    assert _run(t)[1] == []


def test_no_expect_when_the_name_is_taken() -> None:
    t = _lookup_then_use([1], "list[int]")
    t = t.model_copy(update={"task": t.task.model_copy(update={"name": "expect"})})
    assert _run(t)[1] == []
