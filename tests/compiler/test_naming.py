"""Names: the recipe function, variables and identifiers."""

from __future__ import annotations

import builtins
import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler import recipe_function_name
from compiler.naming import (
    RESERVED_GLOBALS,
    NamePool,
    camel_case,
    clean_variable,
    is_identifier,
    is_module_path,
    snake_case,
    unique_name,
)


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        ("invoices", "invoices"),
        ("Send invoices!", "send_invoices"),
        ("SendInvoices", "send_invoices"),
        ("Rechnungen prüfen", "rechnungen_prufen"),
        ("2fa login", "task_2fa_login"),
        ("", "task"),
        ("漢字", "task"),
        ("class", "class_task"),
        ("match", "match_task"),
        ("list", "list_task"),
        ("main", "main_task"),
        ("os", "os_task"),
        ("__init__", "init"),
    ],
)
def test_recipe_function_name(task: str, expected: str) -> None:
    assert recipe_function_name(task) == expected


@given(st.text(st.characters(exclude_categories=())))
def test_recipe_function_name_is_always_usable(task: str) -> None:
    name = recipe_function_name(task)
    assert is_identifier(name) and name.isascii()
    assert not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
    assert not hasattr(builtins, name)
    assert name not in RESERVED_GLOBALS
    assert recipe_function_name(task) == name


def test_is_identifier_rejects_keywords_and_nfkc_changes() -> None:
    assert is_identifier("x_1") and is_identifier("naïve")
    assert not is_identifier("class") and not is_identifier("1x") and not is_identifier("a b")
    assert not is_identifier("ﬁle")  # Python reads it as "file"


def test_module_path() -> None:
    assert is_module_path("examples.invoices")
    assert not is_module_path("examples..invoices") and not is_module_path("os; import x")


def test_case_helpers() -> None:
    assert snake_case("Send HTML-Invoices") == "send_html_invoices"
    assert camel_case("send_invoices") == "SendInvoices"


def test_unique_name() -> None:
    assert unique_name("x", set()) == "x"
    assert unique_name("x", {"x", "x_2"}) == "x_3"
    assert unique_name("send", {"send_action"}, suffix="_action") == "send_action_2"


@given(st.lists(st.sampled_from(["x", "x_3", "y", "x_5", "z_2"]), max_size=30))
def test_a_name_pool_hands_out_the_same_names_as_a_plain_set(requests: list[str]) -> None:
    """Each request either takes a name outright (``x_3``) or asks for a fresh one after a
    base: the pool's remembered numbering must give exactly the lowest free names."""
    plain: set[str] = set()
    pool = NamePool()
    for request in requests:
        if request[-1].isdigit():
            plain.add(request)
            pool.add(request)
            continue
        expected = unique_name(request, plain)
        assert unique_name(request, pool) == expected
        plain.add(expected)
        pool.add(expected)
    assert pool == plain


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("list_invoices_1", set(), "list_invoices_1"),
        ("class", set(), "class_"),
        ("sum", set(), "sum_"),
        ("customer", {"customer"}, "customer_"),
        ("x y", set(), "x_y"),
        ("1st", set(), "v_1st"),
        ("ﬁle", set(), "file"),
        ("sum", {"sum_"}, "sum_2"),
        ("", set(), "value"),
    ],
)
def test_clean_variable(name: str, taken: set[str], expected: str) -> None:
    assert clean_variable(name, taken) == expected
