"""The red team's third round (each test one finding that replayed silently wrong): values a
loop passes that the model worked out in its head, a change after a loop in a conditional task,
a count written in a text after a loop, a count named for a later action, and refusals that a
lookup, a top-up or a copied argument hid."""

from __future__ import annotations

from typing import Any

from compiler import compile_trace
from compiler.ir import OutputSpec, Step, Trace, TypeRef
from compiler.passes import PassContext, drop_failed
from tests.compiler.trace_kit import action, call, failed, finish, read_only, ref, returning, trace

LIST = read_only("list_invoices")
NOTICE = action("final_notice")
MANAGER = action("notify_manager")
INVOICES = [
    {"id": "N-1", "days_late": 45, "customer": "North"},
    {"id": "N-2", "days_late": 60, "customer": "North"},
]


def notices(*later: Step, description: str, **args: Any) -> Trace:
    """List the invoices, send a final notice to both (by ``$ref``), then ``later``."""
    first = returning(call(0, LIST, customer=ref("customer")), INVOICES, "list[Invoice]")
    sends = [
        call(1, NOTICE, invoice_id=ref("list_invoices_0", 0, "id"), **args),
        call(2, NOTICE, invoice_id=ref("list_invoices_0", 1, "id"), **args),
    ]
    return trace(
        first, *sends, *later, finish(len(later) + 3, result="done"), description=description
    )


def body(t: Trace) -> str:
    source = compile_trace(t).source
    return source.split("def invoices(", 1)[1].split('if __name__ == "__main__":', 1)[0]


def test_a_date_worked_out_for_every_item_replays_only_on_the_recorded_data() -> None:
    src = body(
        notices(
            description="Send each late invoice a final notice due in two weeks.", due="2024-05-15"
        )
    )
    assert "same_as_recorded([customer, invoice_list]" in src
    assert src.index("same_as_recorded(") < src.index("for invoice in invoice_list:")


def test_a_change_after_a_loop_in_a_conditional_task_needs_the_loops_items() -> None:
    t = notices(
        call(3, MANAGER, customer=ref("customer"), text="Some invoices of North are late."),
        description="Send each late invoice a final notice. If any were, tell the manager.",
    )
    src = body(t)
    assert "if not same_as_recorded(invoice_list" in src
    assert src.index("same_as_recorded(invoice_list") < src.index("notify_manager(")


def test_a_text_after_a_loop_that_writes_its_count_is_guarded() -> None:
    t = notices(
        call(3, MANAGER, customer=ref("customer"), text="2 final notices sent."),
        description="Send each late invoice a final notice, then tell the manager.",
    )
    assert "if not (len(invoice_list) == 2):" in body(t)


def test_a_count_named_for_a_later_action_is_not_the_first_loops_sum() -> None:
    parcels = [{"id": "P-1", "value": 1.0}, {"id": "P-2", "value": 2.0}]
    tickets = [{"id": "K-1"}, {"id": "K-2"}, {"id": "K-3"}]
    refund, close = action("refund_parcel"), action("close_ticket")
    t = trace(
        returning(call(0, read_only("list_parcels"), truck=ref("customer")), parcels, "list[P]"),
        returning(call(1, read_only("list_tickets"), truck=ref("customer")), tickets, "list[K]"),
        call(2, refund, parcel_id=ref("list_parcels_0", 0, "id")),
        call(3, refund, parcel_id=ref("list_parcels_0", 1, "id")),
        call(4, close, ticket_id=ref("list_tickets_1", 0, "id")),
        call(5, close, ticket_id=ref("list_tickets_1", 1, "id")),
        call(6, close, ticket_id=ref("list_tickets_1", 2, "id")),
        finish(7, refunded=3.0, closed=3),
        description="Refund each damaged parcel and close every ticket of the truck.",
        outputs=OutputSpec(
            fields={"refunded": TypeRef(annotation="float"), "closed": TypeRef(annotation="int")},
            model_name="Out",
        ),
    )
    src = body(t)
    assert "closed=sum(" not in src and "closed=len(" in src


FIND = read_only("find_contact")
CREATE = action("create_contact")


def _refusal(index: int, act: Any, error: str, **args: Any) -> Step:
    return failed(index, act, **args).model_copy(update={"error": error})


def test_a_refused_lookup_stays_though_nothing_reads_its_result() -> None:
    t = trace(
        _refusal(0, FIND, "NotFoundError: no contact ann@x.com", email=ref("customer")),
        call(1, CREATE, email=ref("customer")),
        finish(2, result="done"),
        values={"customer": "ann@x.com"},
    )
    src = body(t)
    assert "try:\n        find_contact(email=customer)" in src


def test_a_call_that_went_through_only_after_another_change_keeps_its_refusal() -> None:
    pay, top_up = action("pay_from_wallet"), action("top_up")
    t = trace(
        _refusal(0, pay, "InsufficientFundsError: balance too low", wallet=ref("customer")),
        call(1, top_up, wallet=ref("customer")),
        call(2, pay, wallet=ref("customer")),
        finish(3, result="done"),
    )
    kept, _ = drop_failed(t, PassContext(trace=t))
    assert [s.index for s in kept.steps] == [0, 1, 2, 3]


def test_a_refused_call_with_arguments_copied_from_the_data_is_a_decision() -> None:
    charge = action("charge_card")
    copied = trace(
        _refusal(0, charge, "CardDeclinedError: declined", customer_id="C-1", amount=80.0),
        call(1, action("send_payment_link"), customer_id=ref("customer")),
        finish(2, result="link"),
        values={"customer": "C-1", "amount": 80.0},
    )
    kept, _ = drop_failed(copied, PassContext(trace=copied))
    assert [s.index for s in kept.steps] == [0, 1, 2]
    made_up = copied.model_copy(update={"inputs": {"customer": "C-9", "amount": 5.0}})
    kept, _ = drop_failed(made_up, PassContext(trace=made_up))
    assert [s.index for s in kept.steps] == [1, 2]
