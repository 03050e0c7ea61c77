"""Filters the red team found guessed (issue 15): every rule that fits the recording and that
the words do not overrule stays in the agreement set, so a replay on items where they disagree
stops before the loop's first effect instead of acting on the best-scored guess."""

from __future__ import annotations

from typing import Any

from compiler.passes._predicates import EVERY, choose, separating


def _chosen(
    items: list[dict[str, Any]],
    selected: set[int],
    description: str,
    reasons: str = "",
    inputs: dict[str, Any] | None = None,
) -> list[str] | None:
    picked = choose(
        items,
        selected,
        var="item",
        access="attr",
        inputs=inputs or {},
        text=f"{description} {reasons}",
        description=description,
    )
    return None if picked is None else [p.source for p in picked]


def test_a_condition_the_recording_never_tested_stays_beside_the_one_it_did() -> None:
    # "unpaid ... over 100": the paid invoice was also under 100, so either rule fits.
    items = [
        {"id": "S-1", "amount": 150.0, "paid": False},
        {"id": "S-2", "amount": 80.0, "paid": True},
        {"id": "S-3", "amount": 40.0, "paid": False},
        {"id": "S-4", "amount": 250.0, "paid": False},
    ]
    got = _chosen(items, {0, 3}, "Send a reminder for each unpaid invoice over 100 EUR.")
    assert got is not None
    assert "item.amount > 100" in got
    assert "item.amount > 100 and not item.paid" in got


def test_a_number_bounds_the_field_it_is_written_next_to() -> None:
    items = [
        {"id": "E-1", "amount": 30.0, "age_days": 5},
        {"id": "E-2", "amount": 20.0, "age_days": 12},
        {"id": "E-3", "amount": 120.0, "age_days": 60},
        {"id": "E-4", "amount": 45.0, "age_days": 70},
    ]
    got = _chosen(
        items,
        {0, 1},
        "Approve every expense report under 50 EUR that was submitted in the last 30 days.",
    )
    assert got is not None
    assert not any("age_days < 50" in s for s in got), got
    assert "item.amount < 50 and item.age_days <= 30" in got


def test_a_field_of_an_object_field_is_a_candidate() -> None:
    items = [
        {"id": "O-1", "total": 250.0, "customer": {"name": "Ana", "tier": "gold"}},
        {"id": "O-2", "total": 40.0, "customer": {"name": "Ben", "tier": "silver"}},
        {"id": "O-3", "total": 180.0, "customer": {"name": "Cy", "tier": "gold"}},
        {"id": "O-4", "total": 60.0, "customer": {"name": "Di", "tier": "bronze"}},
    ]
    got = _chosen(items, {0, 2}, "Discount every order whose customer is in the gold tier.")
    assert got == ["item.customer.tier == 'gold'"]


def test_a_bound_only_the_recorded_values_show_drives_no_effect() -> None:
    # "the two largest": totals split at 50..250 here, a rank rather than a threshold.
    items = [
        {"id": "O-1", "total": 50.0},
        {"id": "O-2", "total": 300.0},
        {"id": "O-3", "total": 20.0},
        {"id": "O-4", "total": 250.0},
    ]
    described = "Flag the customer's two largest orders for review."
    assert _chosen(items, {1, 3}, described, "The two largest are O-2 (300) and O-4 (250).") is None


def test_an_integer_every_item_has_its_own_of_is_no_rule() -> None:
    items = [{"id": "L-1", "score": 82, "size": 120}, {"id": "L-2", "score": 35, "size": 15}]
    got = _chosen(items, {1}, "Route the week's leads.")
    assert got is None or not any("82" in s or "120" in s for s in got), got


def test_a_filter_no_recorded_item_failed_stops_on_an_item_it_rejects() -> None:
    items = [{"id": "O-1", "paid": True}, {"id": "O-2", "paid": True}]
    got = choose(
        items,
        {0, 1},
        var="item",
        access="attr",
        inputs={},
        text="Ship each order if it is paid, otherwise request a payment.",
    )
    assert got is not None
    assert [p.source for p in got] == ["item.paid", EVERY.source]


def test_a_heal_bridge_keeps_every_field_that_tells_the_runs_apart() -> None:
    runs = [
        {"item": "KETTLE", "product": {"sku": "KETTLE", "price": 25.0, "stock": 5}},
        {"item": "TOASTER", "product": {"sku": "TOASTER", "price": 45.0, "stock": 0}},
    ]
    described = (
        "Buy the item at its listed price if it is in stock, otherwise backorder it "
        "(orders over 30 ship free)."
    )
    got = separating(
        runs,
        {1},
        objects={"product": "attr"},
        inputs={"item"},
        description=described,
        text=f"{described} It is out of stock; I backorder it.",
    )
    assert got is not None
    sources = [p.source for p in got]
    assert "product.price > 30" in sources and "product.stock <= 0" in sources


def test_the_other_side_of_a_written_bound_is_a_rule_the_words_give() -> None:
    """ "10 EUR on invoices of 100 EUR or more, 5 EUR on smaller ones", recorded on small ones:
    ``amount < 100`` (the smaller ones) is said, so it stays in the agreement set and an
    invoice of 120 stops the loop that charges 5."""
    items = [
        {"id": "A-1", "amount": 40.0, "paid": False},
        {"id": "A-2", "amount": 80.0, "paid": True},
        {"id": "A-3", "amount": 65.0, "paid": False},
    ]
    got = _chosen(
        items,
        {0, 2},
        "Charge a late fee on each unpaid invoice: 10 EUR on invoices of 100 EUR or more, 5 EUR "
        "on smaller ones.",
    )
    assert got is not None and got[0] == "not item.paid"
    assert "not item.paid and item.amount < 100" in got
