"""Picks the words explain (the cheapest quote), and filters scored by the description."""

from __future__ import annotations

from typing import Any

import pytest

from compiler import compile_trace
from compiler.ir import OutputSpec, Trace, TypeRef
from compiler.passes._predicates import choose
from compiler.recipe_ir import Guard
from runtime.errors import SideExit
from runtime.expect import highest, lowest
from tests.compiler.trace_kit import STR, action, call, finish, read_only, ref, returning, trace

QUOTES = read_only("get_quotes")
BOOK = action("book_carrier")
RECORDED = [
    {"carrier": "FastFreight", "price": 18.0, "days": 2, "co2": 9},
    {"carrier": "RoadRunner", "price": 12.5, "days": 4, "co2": 3},
    {"carrier": "Parcelo", "price": 14.0, "days": 3, "co2": 5},
]
BOOKED = OutputSpec(fields={"carrier": TypeRef(annotation="str")}, model_name="Out")


def booking(description: str, *, carrier: Any = "RoadRunner") -> Trace:
    first = returning(call(0, QUOTES, route=ref("route")), RECORDED, "list[Quote]")
    return trace(
        first,
        call(1, BOOK, route=ref("route"), carrier=carrier),
        finish(2, carrier=ref("get_quotes_0", 1, "carrier")),
        description=description,
        name="booking",
        inputs={"route": STR},
        values={"route": "Leeds-York"},
        outputs=BOOKED,
    )


def test_the_cheapest_item_picked_by_copy_is_picked_by_its_price() -> None:
    src = compile_trace(booking("Book the cheapest carrier for the route.")).source
    assert 'cheapest_quote = lowest(quotes, "price")' in src
    assert "carrier=cheapest_quote.carrier" in src
    assert "Out(carrier=cheapest_quote.carrier)" in src
    assert "RoadRunner" not in src.split('"""', 2)[2]  # not in the code (the header may say)
    assert "same_as_recorded" not in src
    assert "from runtime.expect import expect, lowest" in src


def test_a_pick_by_ref_is_explained_the_same_way() -> None:
    t = booking("Book the cheapest carrier.", carrier=ref("get_quotes_0", 1, "carrier"))
    src = compile_trace(t).source
    assert "carrier=cheapest_quote.carrier" in src


def test_without_a_superlative_the_pick_stays_guarded() -> None:
    src = compile_trace(booking("Book a carrier for the route.")).source
    assert "same_as_recorded(" in src and "lowest(" not in src


def test_the_words_give_the_direction_and_fields_that_fit_alike_become_a_guard() -> None:
    # RoadRunner has the highest days and nothing else the highest: "longest" takes days.
    src = compile_trace(booking("Book the carrier with the longest transit in days.")).source
    assert 'longest_quote = highest(quotes, "days")' in src
    # A field the words do not name explains nothing, even where it holds the extreme.
    src = compile_trace(booking("Book the carrier with the longest transit.")).source
    assert "highest(" not in src and "same_as_recorded(" in src
    # "cheapest" names price; a field the words do not name is no rival then.
    ir = compile_trace(booking("Book the cheapest carrier.")).ir
    assert not [s for s in ir.statements if isinstance(s, Guard)]
    # Two fields the words name alike: the recipe goes on only while they pick the same item.
    src = compile_trace(booking("Book the carrier with the smallest price and co2.")).source
    assert "smallest_quote = lowest(quotes, " in src
    assert "if not (smallest_quote is lowest(quotes, " in src


def test_lowest_and_highest_pick_one_item_or_leave_through_a_side_exit() -> None:
    assert lowest(RECORDED, "price")["carrier"] == "RoadRunner"
    assert highest(RECORDED, "days")["carrier"] == "RoadRunner"
    with pytest.raises(SideExit, match="share the lowest price"):
        lowest([{"price": 1.0}, {"price": 1.0}], "price")
    with pytest.raises(SideExit, match="empty"):
        highest([], "price")


EXPENSES = [
    {"id": "E-1", "amount": 120.0, "status": "submitted"},
    {"id": "E-2", "amount": 35.0, "status": "submitted"},
    {"id": "E-3", "amount": 20.0, "status": "approved"},
    {"id": "E-4", "amount": 49.99, "status": "submitted"},
    {"id": "E-5", "amount": 80.0, "status": "draft"},
]


def test_the_description_s_value_and_comparison_win_over_recorded_boundaries() -> None:
    picked = choose(
        EXPENSES,
        {1, 3},
        var="expense",
        access="attr",
        inputs={"team": "design"},
        text="Approve every submitted expense report under 50 EUR. E-2 (35.00) and E-4 (49.99)",
        description="Approve every submitted expense report under 50 EUR.",
    )
    assert picked is not None
    assert [p.source for p in picked] == [
        'expense.status == "submitted" and expense.amount < 50'
    ] or [p.source for p in picked] == ["expense.status == 'submitted' and expense.amount < 50"]


def test_values_the_reasons_only_narrate_name_no_rule() -> None:
    items = [{"id": f"N-{n}", "days": d} for n, d in enumerate((10, 0))]

    def chosen(description: str) -> set[str]:
        picked = choose(
            items,
            {0},
            var="invoice",
            access="attr",
            inputs={},
            text=f"{description} N-0 is 10 days overdue: reminder.",
            description=description,
        )
        assert picked is not None
        return {p.source for p in picked}

    # 10 only narrates the recorded item, and no id is a rule: every fitting bound stays, so
    # the recipe checks they agree.
    assert chosen("Send reminders.") >= {"invoice.days > 0", "invoice.days >= 10"}
    # An action's description that writes the bound ("0: not yet due") says the rule.
    assert chosen("Send reminders. Days overdue (0: not yet due).") == {"invoice.days > 0"}
