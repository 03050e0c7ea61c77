"""Red team round 12, at compile level, and the loop that decides per item.

- **Roles**: two accounts looked up with the same action, then given to one change in different
  arguments (``transfer(from_account=account_a, to_account=account_b)``): which one sends was
  decided on the balances ("from the account with more money"), so the change goes on only while
  they compare as recorded; values whose own names say their roles (an input ``from_account``
  given as ``from_account``) need no guard.
- **Deciding per item**: each item looked up, decided on in a ``compute`` that came out both
  ways, acted on one side only: one loop with an ``if``, and the count of the items acted on.
"""

from __future__ import annotations

from typing import Any

from compiler import compile_trace
from compiler.ir import OutputSpec, Trace, TypeRef
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

STR = TypeRef(annotation="str")


def outputs(**fields: str) -> OutputSpec:
    return OutputSpec(
        fields={k: TypeRef(annotation=v) for k, v in fields.items()}, model_name="Out"
    )


def body(t: Trace) -> str:
    source = compile_trace(t).source
    return source.split(f"def {t.task.name}(", 1)[1].split('if __name__ == "__main__":', 1)[0]


def transfer_trace(first: str, second: str, description: str) -> Trace:
    balance = read_only("get_balance")
    return trace(
        returning(call(0, balance, account=ref(first)), 500.0, "float"),
        returning(call(1, balance, account=ref(second)), 200.0, "float"),
        call(2, action("transfer"), from_account=ref(first), to_account=ref(second), amount=50.0),
        finish(3, done=True),
        name="move_money",
        description=description,
        inputs={first: STR, second: STR},
        values={first: "A", second: "B"},
        outputs=outputs(done="bool"),
    )


def test_roles_chosen_on_two_lookups_are_guarded_by_their_recorded_order() -> None:
    src = body(
        transfer_trace(
            "account_a",
            "account_b",
            "Move 50 EUR from whichever of the two accounts holds more money to the other one.",
        )
    )
    guard = src.index("if not (balance > balance_result):")
    assert guard < src.index("transfer(")
    assert "no longer compare as when the recording gave them their roles" in src


def test_values_whose_names_say_their_roles_need_no_role_guard() -> None:
    src = body(transfer_trace("from_account", "to_account", "Move 50 EUR between the accounts."))
    assert "gave them their roles" not in src


def decided_trace(
    totals: dict[str, float],
    notify_over: float | None = None,
    extra: dict[str, dict[str, Any]] | None = None,
    description: str = "Refund every open order of the customer whose total is over 100. "
    "Report how many.",
    **finished: Any,
) -> Trace:
    """A recording that lists order ids, then looks each order up, decides ``total > 100`` in a
    compute and refunds the ones over 100 (and notifies a manager of those over
    ``notify_over``), then finishes with the count typed."""
    order, refund, notify = read_only("get_order"), action("refund"), action("notify_manager")
    steps = [
        returning(call(0, read_only("list_order_ids"), customer=ref("customer")), list(totals))
    ]
    index = 1
    for n, (oid, total) in enumerate(totals.items()):
        looked = f"get_order_{index}"
        steps.append(
            returning(
                call(index, order, order_id=ref("list_order_ids_0", n)),
                {"id": oid, "total": total, **(extra or {}).get(oid, {})},
                "Order",
            )
        )
        steps.append(returning(compute(index + 1, f"{looked}.total > 100"), total > 100))
        index += 2
        if total > 100:
            steps.append(call(index, refund, order_id=ref(looked, "id")))
            index += 1
        if notify_over is not None and total > notify_over:
            steps.append(call(index, notify, order_id=ref(looked, "id")))
            index += 1
    finished = finished or {"refunded": sum(1 for t in totals.values() if t > 100)}
    steps.append(finish(index, **finished))
    return trace(
        *steps,
        name="refund_big",
        description=description,
        values={"customer": "C1"},
        outputs=outputs(**{k: "int" for k in finished}),
    )


def test_a_decision_per_item_that_came_out_both_ways_is_a_loop_with_an_if() -> None:
    src = body(decided_trace({"O-1": 250.0, "O-2": 40.0, "O-3": 180.0}))
    assert "for order_id in order_ids:" in src, src
    lines = [line.strip() for line in src.splitlines()]
    decision = next(line for line in lines if line.endswith(".total > 100"))
    var = decision.split(" = ")[0]
    assert f"if {var}:" in lines
    assert "way only" not in src  # both sides were recorded: no decision leaves the recipe
    assert "refunded=len(" in src


def coupon_trace(coupon: str | None) -> Trace:
    steps = [
        returning(
            call(0, action("create_order"), customer=ref("customer"), item=ref("item")),
            "ORD-1",
            "str",
        )
    ]
    if coupon is not None:
        steps.append(
            call(1, action("apply_coupon"), order_id=ref("create_order_0"), code=ref("coupon"))
        )
    steps.append(finish(len(steps), order_id=ref("create_order_0")))
    return trace(
        *steps,
        name="coupon_order",
        description="Create an order of the item for the customer. If a coupon code is given, "
        "apply it to the order. Return the order id.",
        inputs={"customer": STR, "item": STR, "coupon": TypeRef(annotation="str | None")},
        values={"customer": "Ada", "item": "lamp", "coupon": coupon},
        outputs=outputs(order_id="str"),
    )


def test_an_optional_input_given_is_still_given_before_any_change() -> None:
    # (whichever change reads it: "if a gift message is given, gift-wrap the order" wraps
    # first and attaches the message after)
    src = body(coupon_trace("SAVE10"))
    assert src.index("if not coupon:") < src.index("create_order(")


def test_an_optional_input_left_out_is_still_left_out_before_any_change() -> None:
    src = body(coupon_trace(None))
    assert src.index("if coupon:") < src.index("create_order(")


def test_a_repetition_that_did_more_on_its_side_is_no_loop_that_drops_it() -> None:
    # Only the biggest refund is told to a manager: a call the other refunds did not make.
    src = body(decided_trace({"O-1": 250.0, "O-2": 40.0, "O-3": 980.0, "O-4": 120.0}, 500.0))
    assert "notify_manager(" in src, src


def test_a_count_of_the_items_left_is_no_count_of_the_items_acted_on() -> None:
    # Red team round 13: 2 refunded, 2 skipped: "skipped=2" was returned as len(refunded).
    # (As many skipped as refunded: nothing in the words says which "skipped" names.)
    src = body(
        decided_trace(
            {"O-1": 250.0, "O-2": 40.0, "O-3": 180.0, "O-4": 10.0},
            description="Refund every order over 100 EUR. Report how many you refunded and "
            "how many you skipped.",
            refunded=2,
            skipped=2,
        )
    )
    assert "refunded=len(" in src and "skipped=2" in src
    assert src.index("same_as_recorded(order_ids") < src.index("return ")


def test_the_acting_side_keeps_what_every_item_acted_on_had_alike() -> None:
    # Red team round 13: "over 100 and not refunded yet", the compute tests only the total.
    src = body(
        decided_trace(
            {"O-1": 250.0, "O-2": 40.0, "O-3": 180.0},
            extra={
                "O-1": {"refunded": False},
                "O-2": {"refunded": True},
                "O-3": {"refunded": False},
            },
            description="Refund every order over 100 EUR that was not refunded yet.",
            refunded=2,
        )
    )
    assert "if not (order.refunded is False):" in src, src


def test_the_acting_side_keeps_numbers_and_dates_every_item_acted_on_was_within() -> None:
    # Red team round 14: "single-item orders", "placed in 2026": the compute tests the total.
    src = body(
        decided_trace(
            {"O-1": 250.0, "O-2": 40.0, "O-3": 180.0},
            extra={
                "O-1": {"items": 1, "placed": "2026-02-01"},
                "O-2": {"items": 3, "placed": "2025-06-01"},
                "O-3": {"items": 1, "placed": "2026-03-05"},
            },
            description="Refund every single-item order placed in 2026 whose total is over 100.",
            refunded=2,
        )
    )
    assert "order.items == 1" in src, src
    assert "'2026-02-01' <= order.placed <= '2026-03-05'" in src, src


def test_a_field_that_was_an_input_the_recipe_never_reads_keeps_being_it() -> None:
    # Red team round 14 (and its plain-loop twin): "every order shipped to the given country";
    # each order looked up had country == the input country, which nothing else reads.
    order, refund = read_only("get_order"), action("refund")
    steps = [returning(call(0, read_only("list_order_ids"), customer=ref("customer")), ["A", "B"])]
    for n, oid in enumerate(["A", "B"]):
        looked = f"get_order_{2 * n + 1}"
        steps.append(
            returning(
                call(2 * n + 1, order, order_id=ref("list_order_ids_0", n)),
                {"id": oid, "country": "DE"},
                "Order",
            )
        )
        steps.append(call(2 * n + 2, refund, order_id=ref(looked, "id")))
    steps.append(finish(5, refunded=2))
    src = body(
        trace(
            *steps,
            name="refund_country",
            description="Refund every order of the customer shipped to the given country.",
            inputs={"customer": STR, "country": STR},
            values={"customer": "C1", "country": "DE"},
            outputs=outputs(refunded="int"),
        )
    )
    assert "if not (order.country == country):" in src, src


def test_a_decision_whose_comparison_the_words_do_not_make_stops_on_the_bound() -> None:
    # Red team round 15: "over 100 EUR" decided as `total >= 100`: an order of exactly 100.
    over = body(decided_trace({"O-1": 250.0, "O-2": 40.0, "O-3": 180.0}))
    assert "== 100" not in over  # (`> 100` is what "over 100" says)
    t = decided_trace({"O-1": 250.0, "O-2": 40.0, "O-3": 180.0})
    steps = [
        (
            s.model_copy(
                update={"args": {"expression": lit(s.args["expression"].value.replace(">", ">="))}}
            )
            if s.action.name == "compute"
            else s
        )
        for s in t.steps
    ]
    src = body(t.model_copy(update={"steps": tuple(steps)}))
    assert "if order.total == 100:" in src, src


def test_an_input_nothing_reads_is_pinned_when_a_compute_holds_a_number_of_the_head() -> None:
    # Red team round 15: "add 20% VAT if include_vat is true": price * 1.2, include_vat unread.
    t = trace(
        returning(call(0, read_only("get_price"), item=ref("item")), 80.0, "float"),
        returning(compute(1, "round(get_price_0 * 1.2, 2)"), 96.0),
        call(2, action("charge"), amount=ref("compute_1")),
        finish(3, charged=ref("compute_1")),
        description="Charge the item's price; if include_vat is true, add 20% VAT.",
        inputs={"item": STR, "include_vat": TypeRef(annotation="bool")},
        values={"item": "X", "include_vat": True},
        outputs=outputs(charged="float"),
    )
    src = body(t)
    assert src.index("if not (include_vat is True):") < src.index("charge("), src


def test_the_words_comparison_is_read_with_thousands_percents_and_longer_phrases() -> None:
    # Red team round 16: "over 1,000 EUR" and "over 10%" were not read as bounds the words
    # write; "at or above 100" is >=, not >.
    from compiler.passes.control_flow import words_orders

    assert words_orders("Refund orders over 1,000 EUR.", 1000.0) == {">"}
    assert words_orders("Flag a discount over 10%.", 10.0) == {">"}
    assert words_orders("Totals at or above 100 EUR.", 100.0) == {">="}
    assert words_orders("100 EUR and more", 100.0) == {">="}
    assert words_orders("every ticket older than 24 hours", 24.0) == {">"}
    assert words_orders("at most 200; over 200 escalate", 200.0) == {"<=", ">"}


def test_a_count_named_for_another_action_or_a_noun_is_no_count_of_the_items_acted_on() -> None:
    # Red team round 16: "flagged" (another loop's action), "customers" (what is counted).
    src = body(
        decided_trace(
            {"O-1": 250.0, "O-2": 40.0, "O-3": 180.0},
            description="Refund every order over 100 EUR and report how many customers got one.",
            customers=2,
        )
    )
    assert "customers=len(" not in src and "customers=2" in src, src


def test_the_acting_side_keeps_a_value_the_words_except() -> None:
    # Red team round 16: "except gift cards", the compute tests only the total.
    src = body(
        decided_trace(
            {"O-1": 250.0, "O-2": 40.0, "O-3": 180.0},
            extra={"O-1": {"kind": "book"}, "O-2": {"kind": "toys"}, "O-3": {"kind": "shoes"}},
            description="Refund every order over 100 EUR, except gift cards.",
            refunded=2,
        )
    )
    assert "order.kind in ['book', 'shoes']" in src, src


def test_the_acting_side_keeps_the_words_and_the_number_every_item_acted_on_had() -> None:
    # Red team round 17: "arrived damaged" (broken and crushed acted on, ok left) and "not
    # settled at all yet" (0 received on every acted invoice, 40 on the one left).
    src = body(
        decided_trace(
            {"O-1": 250.0, "O-2": 40.0, "O-3": 180.0},
            extra={
                "O-1": {"condition": "broken", "received": 0.0},
                "O-2": {"condition": "ok", "received": 40.0},
                "O-3": {"condition": "crushed", "received": 0.0},
            },
            description="Refund every order that arrived damaged and was not settled, over 100.",
            refunded=2,
        )
    )
    assert "order.condition in ['broken', 'crushed']" in src, src
    assert "order.received == 0.0" in src, src


def test_a_flag_nothing_reads_is_held_as_recorded() -> None:
    # Red team round 17: "if strict is true, refund only orders over 200".
    t = trace(
        returning(call(0, read_only("get_order"), order_id=ref("order_id")), {"total": 250.0}),
        returning(compute(1, "get_order_0['total'] > 200"), True),
        call(2, action("refund"), order_id=ref("order_id")),
        finish(3, refunded=True),
        description="Refund the order if over 100 EUR; if strict is true, only if over 200 EUR.",
        inputs={"order_id": STR, "strict": TypeRef(annotation="bool")},
        values={"order_id": "O-1", "strict": True},
        outputs=outputs(refunded="bool"),
    )
    src = body(t)
    assert src.index("if not (strict is True):") < src.index("refund("), src


def test_bounds_written_in_words_are_read() -> None:
    # Red team round 18: "over two hundred euros" decided as `total >= 200`.
    from compiler.passes._hidden_words import every_number, in_digits

    assert every_number("over two hundred euros, a hundred, fifty, 1k, 1 000") == [
        200.0,
        100.0,
        50.0,
        1000.0,
        1000.0,
    ]
    assert in_digits("refund each one of them") == "refund each one of them"


def test_a_count_named_with_a_doubled_consonant_counts_the_items_acted_on() -> None:
    # Red team round 18: `flagged` after `flag_order`.
    from compiler.passes._decided_counts import _undoubled

    assert _undoubled("flagged") == "flag" and _undoubled("shipped") == "ship"
    assert _undoubled("refunded") == "refunded"
