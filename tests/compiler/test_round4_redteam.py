"""The red team's fourth round (each test one finding that replayed silently wrong): a number
worked out from a lookup nothing else reads, a choice between two lookups of one action, an
input a list held or not, a count of a ranking taken for a bound, and a loop's lookup that the
description narrows without writing its value."""

from __future__ import annotations

from compiler import compile_trace
from compiler.ir import Trace, TypeRef
from compiler.passes._narrowing import narrowed
from compiler.passes._number_words import count_numbers, ranks
from tests.compiler.trace_kit import action, call, compute, finish, read_only, ref, returning, trace

STR = TypeRef(annotation="str")
CREATE = action("create_invoice")


def body(t: Trace) -> str:
    source = compile_trace(t).source
    return source.split(f"def {t.task.name}(", 1)[1].split('if __name__ == "__main__":', 1)[0]


def test_a_number_worked_out_from_a_lookup_keeps_the_lookup_in_its_guard() -> None:
    """41 read, 42 typed: the lookup no statement reads stays, and the guard reads it."""
    t = trace(
        returning(call(0, read_only("last_invoice_no")), 41, "int"),
        call(1, CREATE, customer=ref("customer"), number=42),
        finish(2, result="done"),
        description="Create the customer's next invoice.",
    )
    src = body(t)
    assert "last_invoice_no()" in src
    assert "same_as_recorded([customer, last_invoice_no" in src
    assert src.index("same_as_recorded(") < src.index("create_invoice(")


def test_a_choice_between_two_lookups_of_one_action_is_guarded() -> None:
    quote = read_only("get_quote")
    t = trace(
        returning(call(0, quote, "q1", supplier=ref("first")), 30.0, "float"),
        returning(call(1, quote, "q2", supplier=ref("second")), 33.0, "float"),
        call(2, action("place_po"), supplier=ref("first")),
        finish(3, result="done"),
        description="Get quotes from both suppliers and order from the cheaper one.",
        inputs={"first": STR, "second": STR},
        values={"first": "ACME", "second": "Globex"},
    )
    src = body(t)
    assert src.count("get_quote(") == 2  # (neither lookup is dropped as unused)
    guard = src.index("if not same_as_recorded([q1, q2]")
    assert guard < src.index("place_po(")


def test_lookups_of_every_value_the_change_gets_are_no_choice() -> None:
    account = read_only("get_account")
    t = trace(
        returning(call(0, account, "a", account_id=ref("first")), {"balance": 5}, "dict"),
        returning(call(1, account, "b", account_id=ref("second")), {"balance": 9}, "dict"),
        call(2, action("transfer"), source=ref("first"), target=ref("second")),
        finish(3, result="done"),
        description="Move the money from the first account to the second.",
        inputs={"first": STR, "second": STR},
        values={"first": "A-1", "second": "A-2"},
    )
    assert "chose between" not in body(t)


def test_an_input_a_list_did_not_hold_is_guarded_to_stay_out_of_it() -> None:
    t = trace(
        returning(call(0, read_only("welcomed"), "seen"), ["zed@x.io"], "list[str]"),
        call(1, action("send_welcome"), email=ref("email")),
        compute(2, "seen + [email]", "updated"),
        call(3, action("save_welcomed"), emails=ref("updated")),
        finish(4, result="done"),
        description="Welcome the new user unless they were welcomed before.",
        inputs={"email": STR},
        values={"email": "ana@x.io"},
    )
    src = body(t)
    assert "if email in seen:" in src
    assert src.index("if email in seen:") < src.index("send_welcome(")


def test_an_input_a_listing_of_records_did_not_hold_is_guarded_by_the_field_named_like_it() -> None:
    members = [{"email": "ana@x.io", "role": "dev"}, {"email": "bo@x.io", "role": "ops"}]
    t = trace(
        returning(call(0, read_only("list_members"), "members"), members, "list[Member]"),
        call(1, action("invite"), email=ref("email")),
        finish(2, result="done"),
        description="Invite the user to the team.",
        inputs={"email": STR},
        values={"email": "cy@x.io"},
    )
    assert "if email in [member.email for member in members]:" in body(t) or (
        "if email in [item.email for item in members]:" in body(t)
    )


def test_a_list_of_other_things_or_one_that_held_the_input_is_no_decision() -> None:
    """A glance at the warehouses says nothing of a SKU; a history that holds the order is
    not why a label was made for it."""
    for listed, value in ((["Hamburg", "Leipzig"], "SKU-200"), (["O-1", "O-5"], "O-5")):
        t = trace(
            returning(call(0, read_only("listing"), "seen"), listed, "list[str]"),
            call(1, action("place"), sku=ref("sku")),
            finish(2, result="done"),
            description="Place it.",
            inputs={"sku": STR},
            values={"sku": value},
        )
        assert "listing(" not in body(t)


def test_the_count_of_a_ranking_is_no_bound_and_a_ranking_is_no_field_rule() -> None:
    assert count_numbers("flag the 2 most expensive open orders") == {2.0}
    assert count_numbers("the top 3 leads, the first 5 rows") == {3.0, 5.0}
    assert count_numbers("in the last 30 days") == set()  # (a period: a bound)
    assert count_numbers("fees of 100 eur interest") == set()
    assert ranks("the oldest ticket") and ranks("the 2 cheapest carriers")
    assert not ranks("at most 50") and not ranks("send the reminders.")


def test_the_description_narrows_each_item_without_writing_the_value() -> None:
    assert narrowed("Refund the full total of each canceled order among them.", "order")
    assert narrowed("Refund each of those orders that never shipped.", "order")
    assert not narrowed("Refund each order in the list.", "order")
    assert not narrowed("Refund every one of the orders.", "order")


def test_a_loops_lookup_the_words_narrow_holds_each_item_to_the_recorded_status() -> None:
    get = read_only("get_order")
    refund = action("refund")
    orders = [{"id": "R-1", "status": "cancelled"}, {"id": "R-2", "status": "cancelled"}]
    t = trace(
        returning(call(0, get, order_id=ref("order_ids", 0)), orders[0], "Order"),
        call(1, refund, order_id=ref("get_order_0", "id")),
        returning(call(2, get, order_id=ref("order_ids", 1)), orders[1], "Order"),
        call(3, refund, order_id=ref("get_order_2", "id")),
        finish(4, result="done"),
        description="Refund each of the customer's orders that never shipped.",
        inputs={"order_ids": TypeRef(annotation="list[str]")},
        values={"order_ids": ["R-1", "R-2"]},
    )
    src = body(t)
    assert "for " in src and '.status == "cancelled"' in src
    assert src.index('.status == "cancelled"') < src.index("refund(")


def test_a_change_given_a_field_of_one_of_two_lookups_is_a_choice_between_them() -> None:
    """Round 5: the cheaper quote accepted by its own id (``quote.id``), not by the supplier."""
    quote = read_only("request_quote")
    t = trace(
        returning(call(0, quote, "q1", supplier=ref("first")), {"id": "Q-A", "price": 30.0}),
        returning(call(1, quote, "q2", supplier=ref("second")), {"id": "Q-G", "price": 27.0}),
        call(2, action("accept_quote"), quote_id=ref("q2", "id")),
        finish(3, result="done"),
        description="Request quotes from both suppliers and accept the cheaper one.",
        inputs={"first": STR, "second": STR},
        values={"first": "ACME", "second": "Globex"},
    )
    src = body(t)
    assert src.count("request_quote(") == 2
    assert src.index("if not same_as_recorded([q1, q2]") < src.index("accept_quote(")


def test_a_narrowed_filter_whose_value_no_words_write_stops_on_a_value_never_seen() -> None:
    """Round 5: "orders that never shipped" filtered as ``status == "cancelled"``; a pending
    order was never seen, so the recipe stops rather than skip it."""
    orders = [
        {"id": "O-1", "status": "cancelled"},
        {"id": "O-2", "status": "delivered"},
        {"id": "O-3", "status": "cancelled"},
    ]
    t = trace(
        returning(call(0, read_only("list_orders"), customer=ref("customer")), orders, "list[O]"),
        call(1, action("refund"), order_id=ref("list_orders_0", 0, "id")),
        call(2, action("refund"), order_id=ref("list_orders_0", 2, "id")),
        finish(3, result="done"),
        description="Refund each of the customer's orders that never shipped.",
    )
    src = body(t)
    assert 'if not all(order.status in ["cancelled", "delivered"] for order in orders):' in src
    assert src.index(" in [") < src.index("refund(")


def test_a_copy_named_like_its_input_still_agrees_with_a_result_that_held_it() -> None:
    """Round 5: ``amount=100.0`` typed as "the invoice total", equal to the input ``amount``
    only because the customer pays no tax."""
    t = trace(
        returning(
            call(0, action("create_invoice"), "invoice", amount=ref("amount")),
            {"id": "I-1", "total": 100.0},
            "Invoice",
        ),
        call(1, action("charge_card"), amount=100.0),
        finish(2, result="done"),
        description="Invoice the customer, then charge the invoice's total.",
        inputs={"amount": TypeRef(annotation="float")},
        values={"amount": 100.0},
    )
    src = body(t)
    assert "amount == invoice.total" in src
    assert src.index("amount == invoice.total") < src.index("charge_card(")


def test_an_empty_list_read_before_a_change_that_nothing_else_reads_must_stay_empty() -> None:
    """Round 5: "nobody got a coupon yet", read from memory, then a coupon sent; on a second
    run the list holds the customer, and the recipe that dropped the read sent it again."""
    t = trace(
        returning(call(0, read_only("read_memory"), "welcomed"), [], "list[str]"),
        call(1, action("send_coupon"), customer=ref("customer")),
        finish(2, result="done"),
        description="Send the customer a welcome coupon unless they already got one.",
    )
    src = body(t)
    assert "if not (len(welcomed) == 0):" in src
    assert src.index("len(welcomed) == 0") < src.index("send_coupon(")


def test_a_date_typed_after_reading_the_clock_keeps_the_clock_in_its_guard() -> None:
    """Round 6: "a week from today", today read through a compute and the date typed; the
    same ticket on a later day booked the recorded date."""
    t = trace(
        returning(compute(0, "date.today().isoformat()", "today"), "2026-11-20"),
        call(1, action("schedule_followup"), ticket=ref("customer"), on="2026-11-27"),
        finish(2, result="done"),
        description="Schedule a follow-up for the customer one week from today.",
    )
    src = body(t)
    assert "date.today()" in src
    assert "same_as_recorded([customer, today]" in src
    assert src.index("same_as_recorded(") < src.index("schedule_followup(")
