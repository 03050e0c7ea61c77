"""Red team round 16: a bridge healed at a comparison of two values (a role guard, ``balance >
balance_result``) runs only while they compare as on the healed run: a tie is a third outcome
the bridge never saw, and it used to transfer money at 0 calls."""

from __future__ import annotations

import libcst as cst

from runtime.run.bridges import _related


def _test(source: str) -> cst.BaseExpression:
    return cst.parse_expression(source)


def test_the_bridge_keeps_the_order_the_healed_run_saw() -> None:
    check = _related(_test("balance > balance_result"), {"balance": 100.0, "balance_result": 300.0})
    assert check is not None
    code = cst.Module(body=[check]).code
    assert "if not (balance < balance_result):" in code and "SideExit" in code


def test_a_comparison_with_a_number_or_of_non_numbers_is_left_to_other_rules() -> None:
    assert _related(_test("total > 100"), {"total": 50.0}) is None
    assert _related(_test("a > b"), {"a": "x", "b": "y"}) is None
