"""Counts, sums and collected lists after a loop (the red team's WRONG replays): a number the
model wrote after a loop becomes ``len(...)`` or ``sum(...)`` only when that is what explains it,
and otherwise stays under a guard; lists of the loop's items, copies with duplicates and a
field's items roll; a loop never redoes items the recording already handled before it."""

from __future__ import annotations

from typing import Any

from compiler import compile_trace
from compiler.ir import DictExpr, ListExpr, OutputSpec, Trace, TypeRef
from tests.compiler.trace_kit import action, call, compute, finish, read_only, ref, returning, trace

LIST = read_only("list_invoices")
SEND = action("send_reminder")
FOLLOWUP = action("schedule_followup")
INVOICES = [
    {"id": "INV-1", "amount": 120.0, "paid": False},
    {"id": "INV-2", "amount": 20.0, "paid": True},
    {"id": "INV-3", "amount": 45.5, "paid": False},
    {"id": "INV-4", "amount": 40.0, "paid": True},
]


def outputs(**fields: str) -> OutputSpec:
    return OutputSpec(
        fields={k: TypeRef(annotation=v) for k, v in fields.items()}, model_name="Out"
    )


def reminders(
    *later: Any, description: str, out: OutputSpec, invoices: list[Any] = INVOICES
) -> Trace:
    """List the invoices, remind the two unpaid ones by ``$ref``, then ``later``."""
    first = returning(call(0, LIST, customer=ref("customer")), invoices, "list[Invoice]")
    sends = [call(1, SEND, invoice_id=ref("list_invoices_0", 0, "id"))]
    sends.append(call(2, SEND, invoice_id=ref("list_invoices_0", 2, "id")))
    return trace(first, *sends, *later, description=description, outputs=out)


def body(t: Trace) -> str:
    source = compile_trace(t).source
    return source.split("def invoices(", 1)[1].split('if __name__ == "__main__":', 1)[0]


PAID_COUNT = "Remind each unpaid invoice. Report how many you reminded and how many were paid."


def test_a_count_named_for_a_field_counts_the_items_the_filter_left_out() -> None:
    t = reminders(
        finish(3, reminded=2, already_paid=2),
        description=PAID_COUNT,
        out=outputs(reminded="int", already_paid="int"),
    )
    src = body(t)
    assert "reminded=len(unpaid_invoices)" in src
    assert "already_paid=len(invoice_list) - len(unpaid_invoices)" in src


def test_a_count_equal_to_the_loops_that_nothing_explains_is_guarded() -> None:
    five = [*INVOICES, {"id": "INV-5", "amount": 5.0, "paid": True}]
    t = reminders(
        finish(3, reminded=2, already_paid=2),
        description=PAID_COUNT,
        out=outputs(reminded="int", already_paid="int"),
        invoices=five,
    )
    src = body(t)
    assert "reminded=len(unpaid_invoices)" in src
    assert "already_paid=2" in src
    # ... returned only while the data is what the recording saw.
    assert src.index("same_as_recorded(invoice_list") < src.index("return Out(")


def test_a_number_the_description_writes_stays_as_written() -> None:
    t = reminders(
        call(3, FOLLOWUP, customer=ref("customer"), days=2),
        finish(4, reminded=2),
        description="Remind each unpaid invoice, then schedule a follow-up in 2 days.",
        out=outputs(reminded="int"),
    )
    src = body(t)
    assert "schedule_followup(customer=customer, days=2)" in src
    assert "reminded=len(unpaid_invoices)" in src
    assert "len(unpaid_invoices) == 2" not in src and "same_as_recorded" not in src


def test_an_unexplained_count_in_a_later_call_is_guarded_before_it() -> None:
    t = reminders(
        call(3, FOLLOWUP, customer=ref("customer"), days=2),
        finish(4, reminded=2),
        description="Remind each unpaid invoice, then schedule a follow-up.",
        out=outputs(reminded="int"),
    )
    src = body(t)
    assert "days=2" in src
    guard = src.index("if not (len(unpaid_invoices) == 2):")
    assert guard < src.index("schedule_followup(")


def test_a_total_the_model_added_up_is_the_sum_over_the_items() -> None:
    t = reminders(
        finish(3, owed=165.5),
        description="Remind each unpaid invoice and report the total still owed.",
        out=outputs(owed="float"),
    )
    src = body(t)
    assert "owed=sum(invoice.amount for invoice in unpaid_invoices)" in src
    assert "165.5" not in src.split("return", 1)[1]


def test_an_unexplained_number_after_a_loop_is_not_returned_blindly() -> None:
    t = reminders(
        finish(3, reminded=2, fee=7.25),
        description="Remind each unpaid invoice and report the fee.",
        out=outputs(reminded="int", fee="float"),
    )
    src = body(t)
    assert "fee=7.25" in src
    assert src.index("same_as_recorded(invoice_list") < src.index("return Out(")


def test_refs_to_the_loop_items_in_finish_are_collected() -> None:
    listed = ListExpr(items=(ref("list_invoices_0", 0, "id"), ref("list_invoices_0", 2, "id")))
    t = reminders(
        finish(3, invoices=listed),
        description="Remind each unpaid invoice. Return the ids of the invoices.",
        out=outputs(invoices="list[str]"),
    )
    src = body(t)
    assert "ids.append(invoice.id)" in src and "invoices=ids" in src
    assert "same_as_recorded" not in src and "[0]" not in src


def test_every_item_with_a_duplicate_rolls() -> None:
    add = action("add_to_cart")
    items = ["milk", "eggs", "milk"]
    t = trace(
        *[call(i, add, item=v) for i, v in enumerate(items)],
        finish(3, added=3),
        description="Add every item of the shopping list to the cart.",
        inputs={"items": TypeRef(annotation="list[str]")},
        values={"items": items},
        outputs=outputs(added="int"),
    )
    src = body(t)
    assert "for item in items:\n        " in src and "add_to_cart(item=item)" in src
    assert "added=len(items)" in src and "milk" not in src


def test_every_item_of_a_field_becomes_a_comprehension() -> None:
    get = read_only("get_order")
    ship = action("create_shipment")
    order = {"id": "O-1", "lines": [{"sku": "SKU-A", "qty": 2}, {"sku": "SKU-B", "qty": 1}]}
    lines = ListExpr(
        items=tuple(
            DictExpr(
                entries=(
                    ("sku", ref("get_order_0", "lines", n, "sku")),
                    ("qty", ref("get_order_0", "lines", n, "qty")),
                )
            )
            for n in range(2)
        )
    )
    t = trace(
        returning(call(0, get, order_id=ref("order_id")), order, "Order"),
        call(1, ship, items=lines),
        finish(2, result="ok"),
        description="Ship every line of the order.",
        inputs={"order_id": TypeRef(annotation="str")},
        values={"order_id": "O-1"},
    )
    src = body(t)
    assert '[{"sku": line.sku, "qty": line.qty} for line in order.lines]' in src
    assert "same_as_recorded" not in src


def test_no_loop_redoes_items_handled_before_it() -> None:
    sales, nurture = action("assign_to_sales"), action("add_to_nurture")
    leads = [
        {"id": "L-1", "score": 80},
        {"id": "L-2", "score": 40},
        {"id": "L-3", "score": 75},
        {"id": "L-4", "score": 90},
    ]
    t = trace(
        returning(call(0, read_only("list_leads"), week=ref("week")), leads, "list[Lead]"),
        call(1, sales, lead_id="L-1"),
        call(2, nurture, lead_id="L-2"),
        call(3, sales, lead_id="L-3"),
        call(4, sales, lead_id="L-4"),
        finish(5, result="ok"),
        description="Route each of the week's leads.",
        inputs={"week": TypeRef(annotation="str")},
        values={"week": "wk1"},
    )
    src = body(t)
    # A loop over every lead from the last two calls would assign L-1 to sales a second time.
    assert "for lead in" not in src or 'assign_to_sales(lead_id="L-1")' not in src


# --------------------------------------------------------------- counts two readings explain
# A count equal both to the items the loop went over and to the ones its filter left out is
# read as the filter's left-out items only when its name is a field that tells the two apart;
# when the name fits both readings, the loop's count is kept under a guard that they agree.

PRESS = action("press_button")
EXPENSES = [
    {"ref": "X1", "owner": "ann", "action": "Approve"},
    {"ref": "X2", "owner": "cy", "action": "Approve"},
    {"ref": "X3", "owner": "ann", "action": "Approve"},
    {"ref": "X4", "owner": "dan", "action": "Approve"},
]
APPROVE = "Press Approve on every expense of the owner. Report how many you approved."


def approvals(description: str = APPROVE) -> Trace:
    """List the expenses, press Approve on ann's two by ``$ref``, report ``approved=2``."""
    listing = call(0, read_only("list_expenses"), owner=ref("owner"))
    return trace(
        returning(listing, EXPENSES, "list[Expense]"),
        call(1, PRESS, ref=ref("list_expenses_0", 0, "ref")),
        call(2, PRESS, ref=ref("list_expenses_0", 2, "ref")),
        finish(3, approved=2),
        description=description,
        inputs={"owner": TypeRef(annotation="str")},
        values={"owner": "ann"},
        outputs=outputs(approved="int"),
    )


def test_a_field_every_item_holds_does_not_make_a_count_the_left_out_ones() -> None:
    src = body(approvals())
    # ``action: "Approve"`` is on every row: ``approved`` is read as the rows pressed, ...
    assert "approved=len(selected_expenses))" in src
    assert "approved=len(expenses) - len(" not in src
    # ... and returned only while the rows left out are as many, as in the recording.
    condition = "len(expenses) - len(selected_expenses) == len(selected_expenses)"
    assert src.index(f"if not ({condition}):") < src.index("return Out(")


def test_a_count_named_for_the_loops_action_and_a_telling_field_is_guarded() -> None:
    pay = action("pay_invoice")
    t = trace(
        returning(call(0, LIST, customer=ref("customer")), INVOICES, "list[Invoice]"),
        call(1, pay, invoice_id=ref("list_invoices_0", 0, "id")),
        call(2, pay, invoice_id=ref("list_invoices_0", 2, "id")),
        finish(3, paid=2),
        description="Pay each unpaid invoice. Report how many you paid.",
        outputs=outputs(paid="int"),
    )
    src = body(t)
    assert "paid=len(unpaid_invoices)" in src
    guard = src.index("if not (len(invoice_list) - len(unpaid_invoices) == len(unpaid_invoices)):")
    assert guard < src.index("return Out(")


def test_a_count_its_name_decides_needs_no_agreement_guard() -> None:
    t = reminders(
        finish(3, reminded=2, already_paid=2),
        description=PAID_COUNT,
        out=outputs(reminded="int", already_paid="int"),
    )
    src = body(t)
    assert "already_paid=len(invoice_list) - len(unpaid_invoices)" in src
    assert "== len(unpaid_invoices)" not in src
    assert src.count("raise SideExit") == 1 and "fields_as_recorded(" in src  # (the kinds only)


FEE = action("charge_late_fee")


def fees(description: str, total: float) -> Trace:
    first = returning(call(0, LIST, customer=ref("customer")), INVOICES, "list[Invoice]")
    charges = [
        call(1, FEE, invoice_id=ref("list_invoices_0", 0, "id"), fee=5),
        call(2, FEE, invoice_id=ref("list_invoices_0", 2, "id"), fee=5),
    ]
    return trace(
        first,
        *charges,
        finish(3, fees=total),
        description=description,
        outputs=outputs(fees="float"),
    )


def test_a_total_of_a_number_passed_each_time_is_that_number_times_the_items() -> None:
    src = body(fees("Charge a 5 EUR late fee on each unpaid invoice; return the total.", 10.0))
    assert "fees=5 * len(unpaid_invoices)" in src
    assert "== 10.0" not in src


def test_a_total_the_description_also_writes_goes_on_only_while_both_agree() -> None:
    src = body(
        fees(
            "Charge a late fee on each unpaid invoice: 10 EUR on invoices of 100 EUR or more, "
            "5 EUR on smaller ones. Return the total of the fees.",
            10.0,
        )
    )
    assert "fees=5 * len(unpaid_invoices)" in src
    assert "if not (5 * len(unpaid_invoices) == 10.0):" in src


def test_a_run_by_ref_rolls_when_a_later_run_copies_the_same_items() -> None:
    """Remind the unpaid invoices by ``$ref``, then log each by copying its id: the copies
    looked like values of single repetitions of the first run (which then stayed unrolled,
    under a guard that stopped every other customer); both runs are loops now."""
    log = action("log_reminder")
    t = reminders(
        call(3, log, invoice_id="INV-1"),
        call(4, log, invoice_id="INV-3"),
        finish(5, reminded=2),
        description="Remind each unpaid invoice, then log each reminder. Report how many.",
        out=outputs(reminded="int"),
    )
    src = body(t)
    assert "same_as_recorded" not in src
    assert (
        src.count("unpaid_invoices = [invoice for invoice in invoice_list if not invoice.paid]")
        == 1
    )
    assert src.count("for invoice in unpaid_invoices:") == 2  # one selection, two loops over it
    assert "send_reminder(invoice_id=invoice.id)" in src
    assert "log_reminder(invoice_id=invoice.id)" in src
    assert "INV-1" not in src


def test_a_body_that_looks_up_decides_then_acts_rolls_with_the_decision_guarded() -> None:
    """Look each order up, decide in a compute (recorded False both times), refund it, then
    add the refunds up: one loop whose body keeps the decision under a side exit, and the sum
    over the collected orders (the body's compute kept it unrolled behind a guard that
    stopped every other list)."""
    get, refund = read_only("get_order"), action("refund")
    orders = [{"id": "R-7", "total": 12.5}, {"id": "R-8", "total": 30.0}]
    steps: list[Any] = []
    for n, order in enumerate(orders):
        base = 3 * n
        steps.append(returning(call(base, get, order_id=ref("order_ids", n)), order, "Order"))
        steps.append(returning(compute(base + 1, f"get_order_{base}.total > 100"), False))
        steps.append(
            call(
                base + 2,
                refund,
                order_id=ref(f"get_order_{base}", "id"),
                amount=ref(f"get_order_{base}", "total"),
            )
        )
    steps.append(compute(6, "round(get_order_0.total + get_order_3.total, 2)"))
    steps.append(
        finish(
            7,
            refunded=ListExpr(items=(ref("get_order_0", "id"), ref("get_order_3", "id"))),
            total=ref("compute_6"),
        )
    )
    t = trace(
        *steps,
        description="Refund each order its total; one over 100 EUR needs approval instead.",
        inputs={"order_ids": TypeRef(annotation="list[str]")},
        values={"order_ids": ["R-7", "R-8"]},
        outputs=outputs(refunded="list[str]", total="float"),
    )
    src = compile_trace(t).source
    assert "same_as_recorded" not in src
    assert src.count("refund(") == 1  # one loop
    assert "for order_id in order_ids:" in src
    assert ".total > 100" in src and "raise SideExit" in src  # the decision, inside the loop
    assert "sum(" in src and "for " in src.split("sum(", 1)[1].split(")", 1)[0]
