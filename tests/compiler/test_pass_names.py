"""Pass ``names``: import aliases, output class name, clean variable names."""

from __future__ import annotations

import pytest
from trace_kit import FLOAT, STR, action, call, compute, finish, lit, ref, requires_expr, trace

from compiler.errors import CompileError
from compiler.ir import FStringExpr, ImportRef, OutputSpec, RefExpr, Trace, TypeRef
from compiler.passes import PassContext, lower, names, parameters
from compiler.recipe_ir import Assign, Call, ImportName, RecipeIR, Return


def _run(t: Trace) -> tuple[RecipeIR, list[str]]:
    ctx = PassContext(trace=t)
    ir = parameters(lower(t, ctx)[0], ctx)[0]
    return names(ir, ctx)


def _call(ir: RecipeIR, i: int) -> Call:
    stmt = ir.statements[i]
    assert isinstance(stmt, Assign) and isinstance(stmt.value, Call)
    return stmt.value


def test_plain_names_are_kept() -> None:
    t = trace(call(0, action("send_reminder"), "send_reminder_1"), finish(1, result="x"))
    ir, changes = _run(t)
    assert changes == []
    assert _call(ir, 0).callee == "send_reminder"
    assert ir.imports == (ImportName(module="examples.invoices", name="send_reminder"),)


def test_same_action_name_from_two_modules() -> None:
    t = trace(
        call(0, action("send", module="mail.smtp")),
        call(1, action("send", module="chat.slack")),
        call(2, action("send", module="mail.smtp")),
        finish(3, result="x"),
    )
    ir, changes = _run(t)
    assert [_call(ir, i).callee for i in range(3)] == ["send", "slack_send", "send"]
    assert ImportName(module="chat.slack", name="send", alias="slack_send") in ir.imports
    assert changes == [
        "step 1: import chat.slack.send as slack_send (an action from mail.smtp has the same name)"
    ]


@pytest.mark.parametrize(
    ("action_name", "alias", "why"),
    [
        ("customer", "customer_action", "a task input has that name"),
        ("invoices", "invoices_action", "the recipe function has that name"),
        ("open", "open_action", "it would shadow the builtin"),
        ("main", "main_action", "every recipe module uses that name"),
        ("Invoice", "Invoice_action", "a type from examples.types has that name"),
    ],
)
def test_action_clashing_with_a_global_name_gets_an_alias(
    action_name: str, alias: str, why: str
) -> None:
    invoice = TypeRef(
        annotation="Invoice", imports=(ImportRef(module="examples.types", name="Invoice"),)
    )
    t = trace(
        call(0, action(action_name)),
        finish(1, result=lit("x")),
        outputs=OutputSpec(single=invoice),
    )
    ir, changes = _run(t)
    assert _call(ir, 0).callee == alias
    assert changes[0].endswith(f"as {alias} ({why})")


def test_action_sharing_a_types_import_needs_no_alias() -> None:
    invoice = TypeRef(annotation="Invoice", imports=(ImportRef(module="m", name="Invoice"),))
    t = trace(
        call(0, action("Invoice", module="m")), finish(1, x=1), outputs=OutputSpec(single=invoice)
    )
    ir, _ = _run(t)
    assert _call(ir, 0).callee == "Invoice" and ir.imports == (
        ImportName(module="m", name="Invoice"),
    )


def test_dotted_qualname_imports_the_head() -> None:
    t = trace(call(0, action("send", module="m", qualname="Mailer.send")), finish(1, result="x"))
    ir, _ = _run(t)
    assert _call(ir, 0).callee == "Mailer.send" and ir.imports[0].name == "Mailer"


def test_variables_are_renamed_and_references_rewritten() -> None:
    t = trace(
        call(0, action("a"), "class"),
        call(1, action("b"), "sum"),
        call(
            2, action("c"), "x y", p=ref("class"), q=FStringExpr(parts=("n=", RefExpr(name="sum")))
        ),
        finish(3, result=ref("x y", "name")),
    )
    ir, changes = _run(t)
    assert [s.var for s in ir.statements if isinstance(s, Assign)] == ["class_", "sum_", "x_y"]
    assert _call(ir, 2).kwargs == {
        "p": ref("class_"),
        "q": FStringExpr(parts=("n=", RefExpr(name="sum_"))),
    }
    ret = ir.statements[3]
    assert isinstance(ret, Return) and ret.value == ref("x_y", "name")
    assert "step 0: variable 'class' renamed to class_" in changes


def test_result_variable_named_like_an_input_keeps_both_meanings() -> None:
    t = trace(
        call(0, action("a"), "r", x=ref("customer")),
        call(1, action("b"), "customer", x=ref("customer")),
        call(2, action("c"), "z", x=ref("customer")),
        finish(3, result="x"),
    )
    ir, _ = _run(t)
    assert [dict(_call(ir, i).kwargs) for i in range(3)] == [
        {"x": ref("customer")},
        {"x": ref("customer")},
        {"x": ref("customer_")},
    ]


def test_reassigned_variable_keeps_one_name() -> None:
    t = trace(
        call(0, action("a"), "list"),
        call(1, action("a"), "list", x=ref("list")),
        finish(2, result=ref("list")),
    )
    ir, _ = _run(t)
    assert [s.var for s in ir.statements if isinstance(s, Assign)] == ["list_", "list_"]
    assert _call(ir, 1).kwargs == {"x": ref("list_")}


def test_output_model_name() -> None:
    outputs = OutputSpec(fields={"total": FLOAT})
    ir, _ = _run(trace(finish(0, total=1.0), outputs=outputs))
    assert ir.model_name == "InvoicesOutputs"
    named = OutputSpec(fields={"total": FLOAT}, model_name="Summary")
    assert _run(trace(finish(0, total=1.0), outputs=named))[0].model_name == "Summary"
    with pytest.raises(CompileError, match="output model name 'customer'"):
        _run(
            trace(finish(0, total=1.0), outputs=named.model_copy(update={"model_name": "customer"}))
        )


def test_default_model_name_avoids_clashes() -> None:
    outputs = OutputSpec(fields={"total": FLOAT})
    t = trace(finish(0, total=1.0), outputs=outputs, inputs={"InvoicesOutputs": STR}, values={})
    assert _run(t)[0].model_name == "InvoicesOutputs_2"


def test_two_types_with_one_name_are_an_error() -> None:
    a = TypeRef(annotation="Item", imports=(ImportRef(module="a", name="Item"),))
    b = TypeRef(annotation="Item", imports=(ImportRef(module="b", name="Item"),))
    t = trace(finish(0, result="x"), inputs={"x": a}, values={}, outputs=OutputSpec(single=b))
    with pytest.raises(CompileError, match="'Item' from both 'a' and 'b'"):
        _run(t)


def test_builtins_types_need_no_import() -> None:
    ref_ = TypeRef(annotation="int", imports=(ImportRef(module="builtins", name="int"),))
    t = trace(finish(0, result=1), inputs={"n": ref_}, values={"n": 5})
    assert _run(t)[0].imports == ()


@requires_expr
def test_compute_sources_are_renamed() -> None:
    t = trace(
        call(0, action("a"), "customer"),  # shadows the input from here on
        compute(1, "[x for x in customer] + [max(customer)]", "c"),
        finish(2, result=ref("c")),
    )
    ir, _ = _run(t)
    code = ir.statements[1]
    assert isinstance(code, Assign) and code.value.kind == "code"
    assert code.value.source == "[x for x in customer_] + [max(customer_)]"


@requires_expr
def test_renamed_variable_is_not_captured_by_a_comprehension_variable() -> None:
    t = trace(
        call(0, action("a"), "customer"),
        compute(1, "[customer_ for customer_ in [1]] + [customer]", "c"),
        finish(2, result=ref("c")),
    )
    ir, _ = _run(t)
    assert ir.statements[0].var == "customer_2"  # type: ignore[union-attr]


@requires_expr
def test_datetime_names_are_imported() -> None:
    t = trace(compute(0, "date(2024, 1, 2)", "d"), finish(1, result=ref("d")))
    ir, _ = _run(t)
    assert ImportName(module="datetime", name="date") in ir.imports
