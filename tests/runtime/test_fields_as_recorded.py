"""``runtime.expect.fields_as_recorded``: the check a recipe runs before an inferred filter picks
items (red team round 7). An item whose field holds a value of a kind the recording never saw
there (``None`` or ``"false"`` for a bool, ``"1"`` or ``True`` for a number, no value at all),
or a text that differs from the compared one only in case, spacing or Unicode form, stops the
replay; items like the recorded ones go on."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from pydantic import BaseModel

from runtime.expect import fields_as_recorded

STOCK_KINDS = {"qty": "number", "discontinued": "bool"}


def row(**fields: Any) -> dict[str, Any]:
    return {"sku": "S-1", "qty": 0, "discontinued": False, **fields}


def test_items_of_the_recorded_kinds_go_on() -> None:
    items = [row(), row(sku="S-2", qty=14, discontinued=True), row(qty=2.5)]
    assert fields_as_recorded(items, STOCK_KINDS)


def test_no_items_go_on() -> None:
    assert fields_as_recorded([], STOCK_KINDS)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("discontinued", None),
        ("discontinued", "false"),
        ("discontinued", "true"),
        ("discontinued", 0),
        ("qty", "1"),
        ("qty", "0"),
        ("qty", True),
        ("qty", None),
        ("qty", [0]),
    ],
)
def test_a_value_of_another_kind_stops(field: str, value: Any) -> None:
    items = [row(), row(sku="S-2", **{field: value})]
    assert not fields_as_recorded(items, STOCK_KINDS)


def test_a_missing_key_stops() -> None:
    items = [{"id": "AL-41"}, {"id": "AL-42", "severity": 1}]
    assert not fields_as_recorded(items, {"severity": "number"})
    assert fields_as_recorded(items[1:], {"severity": "number"})


def test_kinds_joined_by_a_bar_allow_each() -> None:
    items = [{"coupon": None}, {"coupon": "SAVE10"}]
    assert fields_as_recorded(items, {"coupon": "text|none"})
    assert not fields_as_recorded(items, {"coupon": "text"})
    assert not fields_as_recorded([{"coupon": 10}], {"coupon": "text|none"})


def test_a_nested_path_reads_the_field_of_a_field() -> None:
    kinds = {"customer.tier": "text"}
    assert fields_as_recorded([{"customer": {"name": "Ana", "tier": "gold"}}], kinds)
    assert not fields_as_recorded([{"customer": {"name": "Ana", "tier": None}}], kinds)
    assert not fields_as_recorded([{"customer": {"name": "Ana"}}], kinds)
    assert not fields_as_recorded([{"customer": None}], kinds)
    assert not fields_as_recorded([{"customer": "gold"}], kinds)


TICKET_KINDS = {"status": "text"}


@pytest.mark.parametrize("status", ["open", "closed", "reopened", "pending"])
def test_the_compared_text_or_another_text_goes_on(status: str) -> None:
    items = [{"id": "T-1", "status": "open"}, {"id": "T-2", "status": status}]
    assert fields_as_recorded(items, TICKET_KINDS, {"status": "open"})


@pytest.mark.parametrize("status", ["Open", "OPEN", "open ", " open", "Open "])
def test_a_text_that_differs_only_in_case_or_spacing_stops(status: str) -> None:
    items = [{"id": "T-1", "status": "open"}, {"id": "T-2", "status": status}]
    assert not fields_as_recorded(items, TICKET_KINDS, {"status": "open"})
    # Without a text to compare, only the kind is checked.
    assert fields_as_recorded(items, TICKET_KINDS)


def test_a_text_in_another_unicode_form_stops() -> None:
    composed = unicodedata.normalize("NFC", "Müller GmbH")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    items = [{"customer": composed}, {"customer": decomposed}]
    assert not fields_as_recorded(items, {"customer": "text"}, {"customer": composed})
    assert not fields_as_recorded(items[1:], {"customer": "text"}, {"customer": composed})
    assert fields_as_recorded(items[:1], {"customer": "text"}, {"customer": composed})


def test_each_compared_field_is_checked() -> None:
    kinds = {"status": "text", "priority": "text"}
    texts = {"status": "open", "priority": "high"}
    assert fields_as_recorded([{"status": "open", "priority": "low"}], kinds, texts)
    assert not fields_as_recorded([{"status": "open", "priority": "High"}], kinds, texts)


class Address(BaseModel):
    city: str
    country: str | None


class Customer(BaseModel):
    email: str
    vip: bool
    address: Address


def customer(vip: Any = True, country: str | None = "DE") -> Customer:
    return Customer(email="a@x.io", vip=vip, address=Address(city="Berlin", country=country))


def test_pydantic_items_are_read_as_their_fields() -> None:
    kinds = {"vip": "bool", "address.country": "text"}
    assert fields_as_recorded([customer(), customer(vip=False)], kinds, {"address.country": "DE"})
    assert not fields_as_recorded([customer(country=None)], kinds)
    assert not fields_as_recorded([customer(country="de")], kinds, {"address.country": "DE"})
    assert not fields_as_recorded([customer(country="DE ")], kinds, {"address.country": "DE"})


def test_any_iterable_of_items_is_read() -> None:
    items = (r for r in [row(), row(discontinued=None)])
    assert not fields_as_recorded(items, STOCK_KINDS)
    assert fields_as_recorded((row(), row(qty=3)), STOCK_KINDS)
