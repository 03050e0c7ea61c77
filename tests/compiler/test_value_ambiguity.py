"""A copied value that several sources explain: the recipe keeps the one the compiler prefers and
guards, before the statement, that the others still agree (``compiler.passes._ambiguity``)."""

from __future__ import annotations

import pytest
from trace_kit import COMPUTE, FLOAT, STR, call, finish, lit, read_only, ref, returning, trace

from compiler import compile_trace
from compiler.ir import OutputSpec, Step, Trace, TypeRef

PAY = read_only("pay_bill").model_copy(update={"read_only": False})
ORDER = read_only("order_units").model_copy(update={"read_only": False})


def _source(t: Trace) -> str:
    return compile_trace(t).source


def _said(step: Step, reason: str) -> Step:
    return step.model_copy(update={"reason": reason})


def _before(source: str, guard: str, call_text: str) -> bool:
    """``guard`` is an ``if not (...)`` line above the first line that has ``call_text``."""
    lines = source.splitlines()
    at = [
        i
        for i, line in enumerate(lines)
        if line.strip() in (f"if not ({guard}):", f"if not {guard}:")
    ]
    calls = [i for i, line in enumerate(lines) if call_text in line]
    return bool(at) and bool(calls) and at[0] < calls[0]


def _bill_then_wallet(*steps: Step, description: str = "Pay the bill from the wallet.") -> Trace:
    bill = returning(
        call(0, read_only("get_bill"), "get_bill_1", bill_id="B-1"),
        {"id": "B-1", "amount": 45.5},
        "Bill",
    )
    wallet = returning(
        call(1, read_only("get_wallet"), "get_wallet_1", customer="ana"),
        {"customer": "ana", "balance": 45.5},
        "Wallet",
    )
    return trace(
        bill,
        wallet,
        *steps,
        description=description,
        inputs={"bill_id": STR},
        values={"bill_id": "B-1"},
        outputs=OutputSpec(single=FLOAT),
    )


def test_two_fields_holding_the_copied_value_are_checked_to_agree() -> None:
    source = _source(
        _bill_then_wallet(call(2, PAY, bill_id=ref("bill_id"), amount=45.5), finish(3, result=45.5))
    )
    assert "amount=wallet.balance" in source  # the most recent, as before
    assert _before(source, "wallet.balance == bill.amount", "pay_bill(")
    assert 'raise SideExit("amount=45.5 matched values that differ now")' in source
    assert source.count("wallet.balance == bill.amount") == 1  # not again before the return


def test_a_value_only_one_field_holds_is_not_guarded() -> None:
    steps = (call(2, PAY, bill_id=ref("bill_id"), amount=45.5), finish(3, result="done"))
    t = _bill_then_wallet(*steps)
    wallet = t.steps[1].model_copy(update={"result": {"customer": "ana", "balance": 100.0}})
    t = t.model_copy(update={"steps": (t.steps[0], wallet, *t.steps[2:])})
    source = _source(t)
    assert "amount=bill.amount" in source and "SideExit" not in source


def test_an_input_and_a_result_field_equal_to_the_copy_are_checked_to_agree() -> None:
    product = returning(
        call(0, read_only("get_product"), "get_product_1", sku=ref("sku")),
        {"sku": "P-1", "stock": 5, "min_batch": 20},
        "Product",
    )
    t = trace(
        product,
        call(1, ORDER, sku=ref("sku"), quantity=20),
        finish(2, result="ok"),
        inputs={"sku": STR, "reorder_level": TypeRef(annotation="int")},
        values={"sku": "P-1", "reorder_level": 20},
    )
    source = _source(t)
    assert "quantity=reorder_level" in source  # an input wins, as before
    assert _before(source, "reorder_level == product.min_batch", "order_units(")


def test_a_constant_the_description_writes_is_checked_against_the_field_it_equals() -> None:
    invoice = returning(
        call(0, read_only("get_invoice"), "get_invoice_1", invoice_id=ref("invoice_id")),
        {"id": "I-1", "amount": 40.0, "currency": "EUR"},
        "Invoice",
    )
    t = trace(
        invoice,
        call(1, PAY, amount=ref("get_invoice_1", "amount"), currency="EUR"),
        finish(2, result="ok"),
        description="Charge the invoice. Our processor only takes EUR: pass currency='EUR'.",
        inputs={"invoice_id": STR},
        values={"invoice_id": "I-1"},
    )
    assert _before(_source(t), 'invoice.currency == "EUR"', "pay_bill(")


def test_an_input_the_description_also_writes_in_a_message_is_guarded() -> None:
    notify = read_only("notify").model_copy(update={"read_only": False})
    t = trace(
        call(0, notify, message="Your order to Berlin ships from our Berlin warehouse."),
        finish(1, result="ok"),
        description="Tell the customer their order ships from our Berlin warehouse.",
        inputs={"city": STR},
        values={"city": "Berlin"},
    )
    source = _source(t)
    assert _before(source, 'city == "Berlin"', "notify(")
    assert "\"'Berlin' in message matched values that differ now\"" in source


def test_a_dict_key_equal_to_an_input_reads_the_dict_by_the_input() -> None:
    rates = {"USD": 1.1, "GBP": 0.85}
    t = trace(
        call(0, PAY, rate=ref("rates", "USD"), currency=ref("currency")),
        finish(1, result="ok"),
        description="Fix the rate to today's rate for the customer's currency.",
        inputs={"currency": STR, "rates": TypeRef(annotation="dict[str, float]")},
        values={"currency": "USD", "rates": rates},
    )
    t = _with_key_kinds(t)
    source = _source(t)
    assert "rate=rates[currency]" in source and "SideExit" not in source


def _with_key_kinds(t: Trace) -> Trace:
    step = t.steps[0]
    rate = step.args["rate"].model_copy(update={"path_kinds": ("key",)})
    return t.model_copy(
        update={
            "steps": (step.model_copy(update={"args": {**step.args, "rate": rate}}), t.steps[1])
        }
    )


def test_a_compute_constant_equal_to_an_input_is_guarded() -> None:
    order = returning(
        call(0, read_only("get_order"), "get_order_1", order_id=ref("order_id")),
        {"id": "O-1", "total": 250.0},
        "Order",
    )
    decide = returning(
        Step(
            index=1,
            action=COMPUTE,
            args={"expression": lit("get_order_1.total > 100")},
            result_var="compute_1",
        ),
        True,
        "bool",
    )
    t = trace(
        order,
        decide,
        call(2, PAY, order_id=ref("order_id")),
        finish(3, result="ok"),
        description="If the order's total is over the limit, ask for approval.",
        inputs={"order_id": STR, "limit": FLOAT},
        values={"order_id": "O-1", "limit": 100.0},
    )
    source = _source(t)
    assert "order.total > 100" in source
    assert _before(source, "limit == 100", "order.total > 100")


def test_arithmetic_in_the_reason_makes_a_single_match_a_coincidence_to_guard() -> None:
    product = returning(
        call(0, read_only("get_product"), "get_product_1", sku=ref("sku")),
        {"sku": "TEA", "stock": 12, "target": 24},
        "Product",
    )
    t = trace(
        product,
        _said(call(1, ORDER, sku=ref("sku"), quantity=12), "24 - 12 = 12 are missing: I order 12."),
        finish(2, result="ok"),
        inputs={"sku": STR},
        values={"sku": "TEA"},
    )
    source = _source(t)
    assert _before(source, "product.stock == product.target - product.stock", "order_units(")


def test_a_piece_of_an_input_typed_into_a_lookup_is_guarded() -> None:
    company = returning(
        call(0, read_only("find_company"), "find_company_1", domain="acme.test"),
        {"id": "CO-1", "domain": "acme.test"},
        "Company",
    )
    add = read_only("add_contact").model_copy(update={"read_only": False})
    t = trace(
        company,
        call(1, add, company_id=ref("find_company_1", "id"), email=ref("email")),
        finish(2, result="ok"),
        description="Add the person as a contact of the company that owns their email domain.",
        inputs={"email": STR},
        values={"email": "ana@acme.test"},
    )
    source = _source(t)
    assert _before(source, 'email.endswith("@acme.test")', "find_company(")


def test_the_guard_runs_and_stops_before_the_effect() -> None:
    """The guard is real code: on data where the two fields differ, it raises before paying."""
    source = _source(
        _bill_then_wallet(call(2, PAY, bill_id=ref("bill_id"), amount=45.5), finish(3, result=45.5))
    )
    lines = [line.strip() for line in source.splitlines()]
    start = lines.index("if not (wallet.balance == bill.amount):")
    guard = f"{lines[start]}\n    {lines[start + 1]}"

    class SideExit(Exception):
        pass

    class Row:
        def __init__(self, **fields: float) -> None:
            self.__dict__.update(fields)

    exec(guard, {"wallet": Row(balance=45.5), "bill": Row(amount=45.5), "SideExit": SideExit})
    with pytest.raises(SideExit, match="differ now"):
        exec(guard, {"wallet": Row(balance=100.0), "bill": Row(amount=30.0), "SideExit": SideExit})
