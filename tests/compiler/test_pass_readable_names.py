"""Pass ``readable_names``: recorded ``<action>_<n>`` names become names a person would pick."""

from __future__ import annotations

import pytest
from trace_kit import (
    FLOAT,
    STR,
    action,
    call,
    compute,
    finish,
    read_only,
    ref,
    requires_expr,
    returning,
    trace,
)

from compiler.ir import CodeExpr, OutputSpec, Trace, TypeRef
from compiler.naming import action_noun, plural, singular, type_noun
from compiler.passes import PassContext, lower, readable_names
from compiler.passes.readable_names import compute_name
from compiler.recipe_ir import Assign, Call, RecipeIR, Return

LIST = read_only("list_invoices")
FIND = read_only("find_customer")
SEND = action("send_reminder")
RESERVE = action("reserve")


def _run(t: Trace) -> tuple[RecipeIR, list[str]]:
    ctx = PassContext(trace=t)
    return readable_names(lower(t, ctx)[0], ctx)


def _vars(ir: RecipeIR) -> list[str]:
    return [s.var for s in ir.statements if isinstance(s, Assign)]


def test_names_from_actions_outputs_and_keywords() -> None:
    t = trace(
        returning(call(0, FIND, "find_customer_1"), {"id": "C1"}, "Customer"),
        returning(call(1, LIST, "list_invoices_1"), [{"id": 1}], "list[Invoice]"),
        call(2, RESERVE, "reserve_1"),
        call(3, SEND, "send_reminder_1", reservation=ref("reserve_1"), to=ref("find_customer_1")),
        finish(4, done=ref("send_reminder_1"), invoices=ref("list_invoices_1")),
        inputs={"who": STR},
        values={"who": "x"},
        name="remind",
        outputs=OutputSpec(fields={"done": STR, "invoices": TypeRef(annotation="list")}),
    )
    ir, changes = _run(t)
    assert _vars(ir) == ["customer", "invoices", "reservation", "done"]
    ret = ir.statements[-1]
    assert isinstance(ret, Return) and ret.fields == {
        "done": ref("done"),
        "invoices": ref("invoices"),
    }
    assert changes[0] == "step 0: find_customer_1 → customer"


def test_taken_names_get_a_specific_form() -> None:
    t = trace(
        returning(call(0, FIND, "find_customer_1"), {"id": "C1"}, "Customer"),
        returning(call(1, LIST, "list_invoices_1"), [1], "list[Invoice]"),
        call(2, SEND, x=ref("find_customer_1"), y=ref("list_invoices_1")),
        finish(3, result="x"),
    )  # the input is `customer`, the recipe function `invoices`
    assert _vars(_run(t)[0]) == ["customer_record", "invoice_list", "reminder"]


def test_names_never_shadow_builtins_imports_or_each_other() -> None:
    t = trace(
        call(0, read_only("get_list"), "get_list_1"),
        call(1, read_only("get_date"), "get_date_1"),
        call(2, read_only("get_page"), "get_page_1"),
        call(3, action("send_x"), "send_x_1"),
        call(4, action("send_x"), "send_x_2"),
        finish(5, result=ref("send_x_2")),
    )
    names_ = _vars(_run(t)[0])
    assert names_[:3] == ["list_result", "date_result", "page_result"]
    assert len(set(names_)) == len(names_)


def test_names_a_person_chose_are_kept() -> None:
    t = trace(call(0, LIST, "open_items"), finish(1, result=ref("open_items")))
    assert _run(t) == (lower(t, PassContext(trace=t))[0], [])


@requires_expr
def test_compute_names_and_renamed_expressions() -> None:
    t = trace(
        returning(call(0, LIST, "list_invoices_1"), [{"paid": False}], "list[Invoice]"),
        compute(1, "[i for i in list_invoices_1 if not i.paid]", "compute_1"),
        compute(2, "round(sum(i.amount for i in compute_1), 2)", "compute_2"),
        compute(3, "[i.id for i in compute_1]", "compute_3"),
        compute(4, "len(compute_1)", "compute_4"),
        call(5, SEND, "send_reminder_1", ids=ref("compute_3"), amount=ref("compute_2")),
        finish(6, total=ref("compute_2"), count=ref("compute_4")),
        outputs=OutputSpec(fields={"total": FLOAT, "count": TypeRef(annotation="int")}),
        name="remind",
    )
    ir, _ = _run(t)
    assert _vars(ir) == ["invoices", "unpaid", "total", "unpaid_ids", "count", "reminder"]
    code = ir.statements[3]
    assert isinstance(code, Assign) and isinstance(code.value, CodeExpr)
    assert code.value.source == "[i.id for i in unpaid]"
    call_ = ir.statements[5]
    assert isinstance(call_, Assign) and isinstance(call_.value, Call)
    assert call_.value.kwargs == {"ids": ref("unpaid_ids"), "amount": ref("total")}


@requires_expr
def test_a_new_name_is_never_captured_by_a_comprehension_variable() -> None:
    t = trace(
        returning(call(0, LIST, "list_invoices_1"), [1], "list[Invoice]"),
        compute(1, "[invoices for invoices in list_invoices_1]", "compute_1"),
        finish(2, result=ref("compute_1")),
        name="remind",
    )
    assert _vars(_run(t)[0])[0] == "invoice_list"


@requires_expr
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("sum(i.amount for i in unpaid)", "total"),
        ("len(unpaid)", "unpaid_count"),
        ("[i for i in invoices if not i.paid]", "unpaid"),
        ("[i for i in invoices if i.overdue]", "overdue"),
        ("[o for o in orders if o.status == 'open']", "open_orders"),
        ("[p for p in products if p.price <= budget]", "matching_products"),
        ("[p.name for p in products]", "product_names"),
        ("[i.id for i in invoices if not i.shipped]", "unshipped_ids"),
        ("min((p.price, p.name) for p in products)", "cheapest"),
        ("max(e.date for e in events)", "latest"),
        ("max(s.stock for s in items)", "max_stock"),
        ("sorted(products)", "sorted_products"),
        ("flights[0]", "first_flight"),
        ("', '.join(ids)", "ids_text"),
        ("f'{a} and {b}'", "text"),
        ("customer.email.lower()", "email"),
        ("a + b", None),
        ("compute_3", None),
    ],
)
def test_compute_name(source: str, expected: str | None) -> None:
    assert compute_name(CodeExpr(source=source)) == expected


def test_words() -> None:
    assert [action_noun(a) for a in ("list_invoices", "get_user_by_email", "count_items")] == [
        "invoices",
        "user",
        "item_count",
    ]
    assert action_noun("reserve") is None and action_noun("ship") is None
    assert [type_noun(t) for t in ("Customer", "list[Invoice]", "Order | None", "str")] == [
        "customer",
        "invoices",
        "order",
        None,
    ]
    assert [plural(w) for w in ("invoice", "category", "address", "ids")] == [
        "invoices",
        "categories",
        "addresses",
        "ids",
    ]
    assert [singular(w) for w in ("invoices", "categories", "status", "unpaid")] == [
        "invoice",
        "category",
        "status",
        "unpaid",
    ]


def test_a_call_of_an_action_returning_none_stores_nothing() -> None:
    nav = action("navigate", module="runtime.browser")
    t = trace(
        returning(call(0, nav, "navigate_1", url="https://x.test"), None, "None"),
        returning(call(1, nav, "navigate_2"), None, "None"),
        call(2, SEND, x=ref("navigate_2")),  # read: keeps its variable
        finish(3, result="x"),
    )
    ir, changes = _run(t)
    assert [s.kind for s in ir.statements] == ["expr", "assign", "assign", "return"]
    assert changes[0] == "step 0: navigate_1 dropped (navigate returns None)"


@requires_expr
def test_an_item_picked_by_a_computed_index_is_named_after_the_list() -> None:
    assert compute_name(CodeExpr(source="rows[best[1]]")) == "row"
    assert compute_name(CodeExpr(source="rows[1:]")) is None
