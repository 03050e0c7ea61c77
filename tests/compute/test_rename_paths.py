"""``rename_expression`` renames in place when no comprehension variable is involved, and by
libcst scope analysis otherwise; both give the same text."""

from __future__ import annotations

import pytest

from compiler.errors import ExpressionError
from compiler.expr import _CstRenamer, rename_expression

CASES = [
    "sum(i.amount for i in invoices if not i.paid)",
    "invoices[0].id + invoices[-1].id",
    "f'{customer} owes {total:.2f} ({len(invoices)} invoices)'",
    "min((p.price, p.name) for p in products if p.price <= budget)",
    "{'a': invoices, **extra}",
    "(date.fromisoformat(ticket.opened)\n + timedelta(days=days)).isoformat()",
    "naïve + invoices",
    "customer.invoices",  # an attribute is no variable
    "sorted(invoices, key=len)",
]
MAPPING = {"invoices": "unpaid", "customer": "client", "ticket": "issue", "naïve": "plain"}


@pytest.mark.parametrize("source", CASES)
def test_both_paths_agree(source: str) -> None:
    assert rename_expression(source, MAPPING) == _CstRenamer.rename(
        source, {k: v for k, v in MAPPING.items() if k in source}
    )


def test_attributes_and_keywords_are_not_renamed() -> None:
    assert rename_expression("customer.invoices", MAPPING) == "client.invoices"
    assert rename_expression("dict(invoices=invoices)", MAPPING) == "dict(invoices=unpaid)"


def test_a_comprehension_variable_takes_the_careful_path() -> None:
    assert rename_expression("[invoices for invoices in x] + invoices", MAPPING) == (
        "[invoices for invoices in x] + unpaid"
    )
    with pytest.raises(ExpressionError, match="would capture it"):
        rename_expression("[unpaid for unpaid in x if unpaid in invoices]", MAPPING)
