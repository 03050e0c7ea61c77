"""Pass ``lower``: steps → statements, finish → return, every reference checked."""

from __future__ import annotations

import pytest
from trace_kit import (
    FINISH,
    FLOAT,
    STR,
    action,
    call,
    compute,
    finish,
    lit,
    ref,
    requires_expr,
    trace,
)

from compiler.errors import CompileError
from compiler.ir import CodeExpr, FStringExpr, OutputSpec, RefExpr, Step, Trace, TypeRef
from compiler.passes import PassContext, lower
from compiler.recipe_ir import Assign, Call, ExprStmt, RecipeIR, Return

LIST = action("list_invoices", read_only=True)
SEND = action("send_reminder")


def _lower(t: Trace) -> RecipeIR:
    return lower(t, PassContext(trace=t))[0]


def test_calls_become_assignments_and_finish_the_return() -> None:
    t = trace(call(0, LIST, "list_invoices_1", customer=ref("customer")), finish(1, result="ok"))
    ir = _lower(t)
    assign, ret = ir.statements
    assert isinstance(assign, Assign) and assign.var == "list_invoices_1" and assign.step == 0
    assert isinstance(assign.value, Call) and assign.value.kwargs == {"customer": ref("customer")}
    assert isinstance(ret, Return) and ret.value == lit("ok") and ret.step == 1
    assert ir.function_name == "invoices" and [p.name for p in ir.params] == ["customer"]
    assert ir.warnings == ()


def test_reason_becomes_a_one_line_comment() -> None:
    step = call(0, LIST).model_copy(update={"reason": "Need the\ninvoices\x00 first"})
    ir = _lower(trace(step, finish(1, result="x")))
    assert ir.statements[0].comment == "Need the invoices first"


def test_call_without_result_var_is_an_expression_statement() -> None:
    step = call(0, SEND).model_copy(update={"result_var": None})
    ir = _lower(trace(step, finish(1, result="x")))
    assert isinstance(ir.statements[0], ExprStmt)


def test_output_fields_are_taken_in_model_order() -> None:
    outputs = OutputSpec(fields={"total": FLOAT, "note": STR})
    t = trace(finish(0, note="n", total=1.5), outputs=outputs)
    (ret,) = _lower(t).statements
    assert isinstance(ret, Return) and list(ret.fields or {}) == ["total", "note"]


def test_missing_output_field_is_an_error_naming_the_step() -> None:
    t = trace(finish(3, total=1.5), outputs=OutputSpec(fields={"total": FLOAT, "note": STR}))
    with pytest.raises(CompileError, match=r"step 3: finish did not give .*'note'"):
        _lower(t)


def test_extra_finish_argument_is_a_warning() -> None:
    ir = _lower(trace(finish(0, result="x", chatter="hello")))
    assert [w.code for w in ir.warnings] == ["finish-extra-arg"]


def test_single_output_from_the_only_argument() -> None:
    (ret,) = _lower(trace(finish(0, answer=42))).statements
    assert isinstance(ret, Return) and ret.value == lit(42)


def test_no_outputs_returns_none() -> None:
    (ret,) = _lower(trace(finish(0), outputs=OutputSpec())).statements
    assert isinstance(ret, Return) and ret.value is None and ret.fields is None


def test_no_finish_warns() -> None:
    ir = _lower(trace(call(0, LIST)))
    assert [w.code for w in ir.warnings] == ["no-finish"]


def test_only_the_last_finish_counts_and_later_steps_warn() -> None:
    t = trace(finish(0, result="a"), call(1, LIST), finish(2, result="b"), call(3, SEND))
    ir = _lower(t)
    assert [s.step for s in ir.statements] == [1, 2]
    assert [(w.code, w.step) for w in ir.warnings] == [("after-finish", 3)]


def test_reference_to_unknown_variable_is_an_error() -> None:
    t = trace(call(0, SEND, amount=ref("list_invoices_9")), finish(1, result="x"))
    with pytest.raises(CompileError, match=r"step 0: argument 'amount' reads 'list_invoices_9'"):
        _lower(t)


def test_reference_inside_fstring_is_checked() -> None:
    text = FStringExpr(parts=("Dear ", RefExpr(name="nobody")))
    with pytest.raises(CompileError, match=r"step 0: .*'nobody'"):
        _lower(trace(call(0, SEND, text=text), finish(1, result="x")))


def test_private_attribute_path_is_refused() -> None:
    with pytest.raises(CompileError, match="private attribute '__class__'"):
        _lower(trace(call(0, SEND, x=ref("customer", "__class__")), finish(1, result="x")))


def test_path_kinds_must_match_the_path() -> None:
    bad = RefExpr(name="customer", path=("a", "b"), path_kinds=("attr",))
    with pytest.raises(CompileError, match=r"step 0: .*2 path elements but 1 path kinds"):
        _lower(trace(call(0, SEND, x=bad), finish(1, result="x")))


def test_action_that_cannot_be_imported_is_an_error() -> None:
    bad = action("send", module="examples.x; import os")
    with pytest.raises(CompileError, match=r"step 0: action 'send' .* cannot be imported"):
        _lower(trace(call(0, bad), finish(1, result="x")))


def test_invalid_input_name_is_an_error() -> None:
    t = trace(finish(0, result="x"), inputs={"not valid": STR}, values={})
    with pytest.raises(CompileError, match=r"task input 'not valid' is not a valid"):
        _lower(t)


def test_bad_annotation_is_an_error() -> None:
    t = trace(finish(0, result="x"), inputs={"a": TypeRef(annotation="list[")}, values={})
    with pytest.raises(CompileError, match="task input 'a': the type annotation 'list\\['"):
        _lower(t)


@requires_expr
def test_compute_becomes_code() -> None:
    t = trace(
        call(0, LIST, "list_invoices_1"),
        compute(1, "sum(i.amount for i in list_invoices_1 if not i.paid)", "compute_1"),
        finish(2, result=ref("compute_1")),
    )
    stmt = _lower(t).statements[1]
    assert isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr)
    assert stmt.value.source == "sum(i.amount for i in list_invoices_1 if not i.paid)"
    assert stmt.value.names == ("list_invoices_1",)


@requires_expr
def test_disallowed_compute_is_an_error_naming_the_step() -> None:
    t = trace(compute(4, "__import__('os').system('x')"), finish(5, result="x"))
    with pytest.raises(CompileError, match=r"step 4: the compute expression .* is not allowed"):
        _lower(t)


@requires_expr
def test_compute_reading_an_unknown_variable_is_an_error() -> None:
    t = trace(compute(0, "len(nothing)"), finish(1, result="x"))
    with pytest.raises(CompileError, match=r"step 0: the compute expression reads 'nothing'"):
        _lower(t)


def test_compute_without_expression_is_an_error() -> None:
    step = Step(index=0, action=compute(0, "1").action, args={}, result_var="c")
    with pytest.raises(CompileError, match="step 0: a compute step needs an 'expression'"):
        _lower(trace(step, Step(index=1, action=FINISH, args={"result": lit(1)})))
