"""The control_flow pass: loops from repetition, guards from decisions and position picks."""

from __future__ import annotations

from typing import Any

from compiler import compile_trace
from compiler.ir import DictExpr, ListExpr, OutputSpec, Trace, TypeRef
from compiler.recipe_ir import Guard, Loop
from tests.compiler.trace_kit import (
    action,
    call,
    compute,
    finish,
    lit,
    read_only,
    ref,
    returning,
    trace,
)

LIST = read_only("list_invoices")
SEND = action("send_reminder")
GET = read_only("get_invoice")
INVOICES = [
    {"id": "INV-1", "amount": 10.0, "paid": False, "status": "open"},
    {"id": "INV-2", "amount": 20.0, "paid": True, "status": "closed"},
    {"id": "INV-3", "amount": 30.0, "paid": False, "status": "open"},
    {"id": "INV-4", "amount": 40.0, "paid": True, "status": "closed"},
]
COUNT = OutputSpec(fields={"reminded": TypeRef(annotation="int")}, model_name="Out")


def listing(*steps: Any, description: str = "Send a reminder for each unpaid invoice.") -> Trace:
    first = returning(call(0, LIST, customer=ref("customer")), INVOICES, "list[Invoice]")
    return trace(first, *steps, description=description, outputs=COUNT)


def body(source: str) -> str:
    return source.split("def invoices(", 1)[1].split('if __name__ == "__main__":', 1)[0]


def loops(t: Trace) -> list[Loop]:
    return [s for s in compile_trace(t).ir.statements if isinstance(s, Loop)]


def test_copied_ids_of_some_items_become_a_loop_over_a_named_filter() -> None:
    t = listing(
        call(1, SEND, invoice_id="INV-1"), call(2, SEND, invoice_id="INV-3"), finish(3, reminded=2)
    )
    src = body(compile_trace(t).source)
    assert "unpaid_invoices = [invoice for invoice in invoice_list if not invoice.paid]" in src
    assert (
        "for invoice in unpaid_invoices:\n        reminder = send_reminder(invoice_id=invoice.id)"
        in src
    )
    assert "reminded=len(unpaid_invoices)" in src
    assert "INV-1" not in src and "expect(" not in src


def test_refs_by_list_position_become_the_same_loop() -> None:
    t = listing(
        call(1, SEND, invoice_id=ref("list_invoices_0", 0, "id")),
        call(2, SEND, invoice_id=ref("list_invoices_0", 2, "id")),
        finish(3, reminded=2),
    )
    (loop,) = loops(t)
    assert loop.steps == (1, 2)
    assert "not invoice.paid" in compile_trace(t).source


def test_every_item_loops_over_the_list_itself() -> None:
    t = listing(
        *[call(i + 1, SEND, invoice_id=f"INV-{i + 1}") for i in range(4)], finish(5, reminded=4)
    )
    src = body(compile_trace(t).source)
    assert "for invoice in invoice_list:\n" in src
    assert "reminded=len(invoice_list)" in src
    assert " if " not in src.split("for invoice in invoice_list:\n")[1]  # (the guard before
    # it: the recorded ids were all different)


def test_rules_that_all_fit_but_disagree_later_are_a_guard_before_the_loop() -> None:
    # Nothing in the description names a field: `not paid`, `status == "open"` (and more)
    # all select the recorded items; the recipe goes on only where they agree.
    t = listing(
        call(1, SEND, invoice_id="INV-1"),
        call(2, SEND, invoice_id="INV-3"),
        finish(3, reminded=2),
        description="Send the reminders.",
    )
    ir = compile_trace(t).ir
    guards = [s for s in ir.statements if isinstance(s, Guard)]
    assert len(guards) == 2  # the fields the rules read hold the recorded kinds; the rules agree
    assert guards[0].condition.source.startswith("fields_as_recorded(")
    condition = guards[1].condition.source
    assert condition.startswith("all(") and "invoice.paid" in condition
    assert "invoice.status" in condition
    kinds = [type(s).__name__ for s in ir.statements]
    assert kinds.index("Guard") < kinds.index("Loop")


def test_values_that_sit_at_several_items_are_not_rolled_but_guarded() -> None:
    same = [{"id": "X-1", "paid": False}, {"id": "X-1", "paid": True}, {"id": "X-2", "paid": False}]
    first = returning(call(0, LIST, customer=ref("customer")), same, "list[Invoice]")
    t = trace(
        first,
        call(1, SEND, invoice_id="X-1"),
        call(2, SEND, invoice_id="X-2"),
        finish(3, reminded=2),
        outputs=COUNT,
    )
    ir = compile_trace(t).ir
    assert not any(isinstance(s, Loop) for s in ir.statements)
    guards = [s for s in ir.statements if isinstance(s, Guard)]
    assert guards and all("same_as_recorded(invoice_list," in g.condition.source for g in guards)


def test_a_body_of_several_steps_rolls_with_its_own_results() -> None:
    steps = []
    for n, item in enumerate(("INV-1", "INV-3")):
        got = returning(
            call(1 + 2 * n, GET, invoice_id=item),
            {"id": item, "email": f"{item.lower()}@x.test", "amount": 10.0 + n},
            "Invoice",
        )
        steps += [got, call(2 + 2 * n, SEND, email=f"{item.lower()}@x.test")]
    t = listing(*steps, finish(5, reminded=2))
    src = body(compile_trace(t).source)
    assert "for listed_invoice in unpaid_invoices:" in src
    assert "        invoice = get_invoice(invoice_id=listed_invoice.id)\n" in src
    assert "        reminder = send_reminder(email=invoice.email)\n" in src


def test_one_repetition_reading_another_s_result_is_not_a_loop() -> None:
    a = returning(call(1, GET, invoice_id="INV-1"), {"id": "INV-1", "next": "INV-3"}, "Invoice")
    b = returning(call(2, GET, invoice_id=ref("get_invoice_1", "next")), {"id": "INV-3"}, "Invoice")
    t = listing(a, b, finish(3, reminded=2))
    assert loops(t) == []


def test_results_collected_in_finish_by_nested_refs() -> None:
    ship = action("ship")
    orders = ["O-1", "O-2", "O-3"]
    steps = [
        returning(call(i, ship, order_id=ref("orders", i)), {"tracking": f"T-{o}"}, "Shipment")
        for i, o in enumerate(orders)
    ]
    tracking = ListExpr(items=tuple(ref(f"ship_{i}", "tracking") for i in range(3)))
    t = trace(
        *steps,
        finish(3, tracking=tracking, count=3),
        inputs={"orders": TypeRef(annotation="list[str]")},
        values={"orders": orders},
        outputs=OutputSpec(
            fields={
                "tracking": TypeRef(annotation="list[str]"),
                "count": TypeRef(annotation="int"),
            },
            model_name="Out",
        ),
    )
    src = body(compile_trace(t).source.replace("def ship_all(", "def invoices("))
    assert "trackings = []" in src and "trackings.append(shipment.tracking)" in src
    assert "tracking=trackings, count=len(orders)" in src


def test_a_ref_inside_an_object_is_emitted_as_code() -> None:
    notify = action("notify")
    payload = DictExpr(entries=(("who", ref("customer")), ("n", lit(3))))
    t = trace(call(0, notify, payload=payload), finish(1, result="ok"))
    assert 'notify(payload={"who": customer, "n": 3})' in compile_trace(t).source


def test_a_boolean_decision_guards_the_recorded_side() -> None:
    approve = action("request_approval")
    get = returning(call(0, read_only("get_order"), order_id="O-1"), {"total": 250.0}, "Order")
    t = trace(
        get,
        returning(compute(1, "get_order_0.total > 100"), True),
        call(2, approve, order_id="O-1"),
        finish(3, result="done"),
    )
    src = compile_trace(t).source
    assert "if not needs" in src or "raise SideExit(" in src
    guards = [s for s in compile_trace(t).ir.statements if isinstance(s, Guard)]
    # (and one over the constant "O-1" the model typed for the changing call)
    assert [g for g in guards if "True way only" in g.message]


def test_a_false_decision_with_no_effect_after_it_is_guarded_too() -> None:
    t = trace(
        returning(call(0, read_only("get_order"), order_id="O-1"), {"total": 50.0}, "Order"),
        returning(compute(1, "get_order_0.total > 100"), False),
        finish(2, result="no"),
    )
    t = t.model_copy(update={"task": t.task.model_copy(update={"effects": ("request_approval",)})})
    (guard,) = [s for s in compile_trace(t).ir.statements if isinstance(s, Guard)]
    assert guard.condition.source == "not compute_1"
    assert "False way only" in guard.message


def test_a_task_that_changes_nothing_needs_no_decision_guard() -> None:
    t = trace(
        returning(call(0, read_only("get_order"), order_id="O-1"), {"total": 50.0}, "Order"),
        returning(compute(1, "get_order_0.total > 100"), False),
        finish(2, result=ref("compute_1")),
    )
    assert not any(isinstance(s, Guard) for s in compile_trace(t).ir.statements)


def test_explain_names_each_loop_and_guard_with_its_steps() -> None:
    t = listing(
        call(1, SEND, invoice_id="INV-1"), call(2, SEND, invoice_id="INV-3"), finish(3, reminded=2)
    )
    report = {r.name: r.changes for r in compile_trace(t).explain}["control_flow"]
    assert "steps 1, 2: rolled into a loop over unpaid_invoices" in report[0]


def test_items_picked_by_ref_and_by_copy_roll_over_an_integer_field_filter() -> None:
    """Found by the property test: the first item passed by $ref (rows.0.id), the second
    copied; the filter is an integer field's equality."""
    records = [{"id": f"r{i}", "size": s} for i, s in enumerate([1, 0, 0, 1, 2])]
    first = returning(call(0, LIST, customer=ref("customer")), records, "list[Invoice]")
    t = trace(
        first,
        call(1, SEND, invoice_id=ref("list_invoices_0", 0, "id")),
        call(2, SEND, invoice_id="r3"),
        finish(3, reminded=2),
        outputs=COUNT,
        description="Send a reminder for each invoice of size 1.",
    )
    src = body(compile_trace(t).source)
    assert "[invoice for invoice in invoice_list if invoice.size == 1]" in src


def test_one_rule_no_words_say_is_no_filter_but_a_guard_on_the_list() -> None:
    """Round 4: the two priciest orders were the only ones of size 1 by chance. A single rule
    only the recording shows has nothing to be checked against: the recipe holds the list to
    the recorded one instead of looping with it."""
    records = [{"id": f"r{i}", "size": s} for i, s in enumerate([1, 0, 0, 1, 2])]
    first = returning(call(0, LIST, customer=ref("customer")), records, "list[Invoice]")
    t = trace(
        first,
        call(1, SEND, invoice_id=ref("list_invoices_0", 0, "id")),
        call(2, SEND, invoice_id="r3"),
        finish(3, reminded=2),
        outputs=COUNT,
        description="Send a reminder for the 2 most expensive invoices.",
    )
    src = body(compile_trace(t).source)
    assert "if invoice.size" not in src
    assert src.index("if not same_as_recorded(invoice_list, ") < src.index("send_reminder(")


def test_an_item_passed_by_its_position_is_guarded_when_no_loop_explains_it() -> None:
    t = listing(call(1, SEND, invoice_id=ref("list_invoices_0", 2, "id")), finish(2, reminded=1))
    src = body(compile_trace(t).source)
    guard = src.index("if not same_as_recorded(invoice_list, ")
    assert guard < src.index("send_reminder(invoice_id=invoice_list[2].id)")
