"""Red team round 9's silent wrongs, at compile level: a compute that reads items of a list by
position (``invoices[0].amount + invoices[2].amount``) is a pick like a ``$ref`` by position,
guarded even when a loop explained the calls; a number under 10 the model wrote out (``3`` days
late, ``Rated 4/5``) is guarded like a larger one, unless it counts the changes the recipe
made (``marked=1`` after one click on "Mark shipped"); and a task that changes nothing, whose
answer the model wrote out, replays only on the data it read."""

from __future__ import annotations

from compiler import compile_trace
from compiler.ir import OutputSpec, Trace, TypeRef
from tests.compiler.trace_kit import (
    action,
    call,
    compute,
    finish,
    read_only,
    ref,
    returning,
    trace,
)

STR = TypeRef(annotation="str")
INVOICES = [
    {"id": "I-1", "amount": 120.0, "paid": False},
    {"id": "I-2", "amount": 20.0, "paid": True},
    {"id": "I-3", "amount": 75.0, "paid": False},
]
SHIPMENT = {"customer": "ana", "promised": "2026-03-04", "shipped": "2026-03-07"}


def outputs(**fields: str) -> OutputSpec:
    return OutputSpec(
        fields={k: TypeRef(annotation=v) for k, v in fields.items()}, model_name="Out"
    )


def body(t: Trace) -> str:
    source = compile_trace(t).source
    return source.split(f"def {t.task.name}(", 1)[1].split('if __name__ == "__main__":', 1)[0]


def test_a_compute_reading_items_by_position_is_a_guarded_pick() -> None:
    remind = action("send_reminder")
    t = trace(
        returning(
            call(0, read_only("list_invoices"), customer=ref("customer")), INVOICES, "list[Inv]"
        ),
        call(1, remind, invoice_id=ref("list_invoices_0", 0, "id")),
        call(2, remind, invoice_id=ref("list_invoices_0", 2, "id")),
        returning(compute(3, "list_invoices_0[0].amount + list_invoices_0[2].amount"), 195.0),
        finish(4, total=ref("compute_3")),
        name="remind_total",
        description="Remind each unpaid invoice of the customer and return the total reminded.",
        inputs={"customer": STR},
        values={"customer": "ana"},
        outputs=outputs(total="float"),
    )
    src = body(t)
    assert "for invoice in" in src  # the reminders still loop
    guard = src.index("same_as_recorded(invoices")
    assert guard < src.index("[2].amount")


def _days(*steps: object, description: str, out: OutputSpec) -> Trace:
    lookup = call(0, read_only("get_shipment"), order_id=ref("order_id"))
    return trace(
        returning(lookup, SHIPMENT, "Shipment"),
        *steps,  # type: ignore[arg-type]
        name="days_late",
        description=description,
        inputs={"order_id": STR},
        values={"order_id": "O-1"},
        outputs=out,
    )


def test_a_small_number_written_out_in_a_text_and_returned_is_guarded() -> None:
    t = _days(
        call(1, action("send_message"), text="Your order shipped 3 days late, sorry!"),
        finish(2, days=3),
        description="Tell the customer how many days late the order shipped; return the days.",
        out=outputs(days="int"),
    )
    src = body(t)
    assert src.index("same_as_recorded(") < src.index("send_message(")


def test_an_answer_written_out_by_a_task_that_changes_nothing_is_guarded() -> None:
    t = _days(
        finish(1, days=3),
        description="How many days late did the order ship? Return the number of days.",
        out=outputs(days="int"),
    )
    src = body(t)
    assert "get_shipment(" in src  # kept for the guard
    assert src.index("same_as_recorded(") < src.index("return ")


def test_a_list_read_only_to_decide_keeps_its_emptiness_in_a_conditional_task() -> None:
    """Round 10: "refund if small, or if the customer got no refund yet this year; otherwise
    escalate": the model read past refunds (two), escalated, and passed the list nowhere."""
    t = trace(
        returning(
            call(0, read_only("list_past_refunds"), customer=ref("customer")),
            [{"id": "R-0"}, {"id": "R-9"}],
            "list[Refund]",
        ),
        call(1, action("escalate"), customer=ref("customer")),
        finish(2, done=True),
        name="first_refund",
        description="Refund the request if under 200, or if the customer got no refund yet "
        "this year; otherwise escalate it.",
        inputs={"customer": STR},
        values={"customer": "bob"},
        outputs=outputs(done="bool"),
    )
    src = body(t)
    # (Records, not just how many: "this year" is read off them, and round 39's "an open
    # complaint" too; they hold as recorded.)
    assert src.index("same_as_recorded(past_refunds") < src.index("escalate(")
