"""Red team round 8's silent wrongs, at compile level: a number the description writes next
to a true/false field's name is no bound of that field ("every paid invoice over 100 EUR");
a number the model worked out in its head and typed into a message or returned keeps what was
read under a guard; and a number computed and passed nowhere, in a task whose changes are
conditional, keeps its recorded side (the model read a decision off it)."""

from __future__ import annotations

from compiler import compile_trace
from compiler.ir import OutputSpec, Trace, TypeRef
from tests.compiler.trace_kit import (
    action,
    call,
    compute,
    finish,
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


def test_a_number_next_to_a_flag_is_no_bound_of_the_flag() -> None:
    invoices = [
        {"id": "I-1", "amount": 150.0, "paid": True},
        {"id": "I-2", "amount": 40.0, "paid": False},
        {"id": "I-3", "amount": 300.0, "paid": True},
        {"id": "I-4", "amount": 20.0, "paid": False},
    ]
    flag = action("flag_for_review")
    t = trace(
        returning(
            call(0, read_only("list_invoices"), customer=ref("customer")), invoices, "list[Inv]"
        ),
        call(1, flag, invoice_id=ref("list_invoices_0", 0, "id")),
        call(2, flag, invoice_id=ref("list_invoices_0", 2, "id")),
        finish(3, flagged=2),
        name="flag_paid",
        description="Flag every paid invoice over 100 EUR of the customer for review.",
        inputs={"customer": STR},
        values={"customer": "ana"},
        outputs=outputs(flagged="int"),
    )
    src = body(t)
    # "amount > 100" is a rule that fits too: the rules must agree (a paid one of 40 EUR).
    assert "invoice.amount > 100" in src and "invoice.paid" in src
    assert "disagree on the items now" in src


def test_a_total_worked_out_in_the_head_keeps_the_lookup_under_a_guard() -> None:
    t = trace(
        returning(
            call(0, read_only("get_account"), customer_id=ref("customer_id")),
            {"name": "Ana", "balance": 25.0, "late_fee": 12.5},
            "Account",
        ),
        call(1, action("send_email"), text="Your amount due is 37.50 EUR."),
        finish(2, due=37.5),
        name="amount_due",
        description="Email the customer the amount due (balance plus late fee) and return it.",
        inputs={"customer_id": STR},
        values={"customer_id": "C-1"},
        outputs=outputs(due="float"),
    )
    src = body(t)
    assert "get_account(" in src  # kept: the guard reads it
    assert src.count("raise SideExit(") >= 1
    assert src.index("same_as_recorded(") < src.index("send_email(")


def test_a_number_computed_and_passed_nowhere_keeps_its_side() -> None:
    t = trace(
        returning(
            call(0, read_only("get_claim"), claim_id=ref("claim_id")),
            {"id": "K-1", "amount": 40.0, "limit": 100.0},
            "Claim",
        ),
        returning(compute(1, "get_claim_0.limit - get_claim_0.amount"), 60.0),
        call(
            2,
            action("refund"),
            claim_id=ref("get_claim_0", "id"),
            amount=ref("get_claim_0", "amount"),
        ),
        finish(3, refunded=True),
        name="headroom",
        description="Refund the claim if within the customer's limit, otherwise ask approval.",
        inputs={"claim_id": STR},
        values={"claim_id": "K-1"},
        outputs=outputs(refunded="bool"),
    )
    src = body(t)
    assert ".limit - " in src  # the compute stays, though nothing reads it
    assert "> 0" in src and src.index("> 0") < src.index("refund(")


def test_a_number_that_says_how_to_write_a_value_is_no_bound() -> None:
    from compiler.passes._hidden_words import _numbers

    told = "Email the amount due (balance plus late fee, with 2 decimals) if over 100 EUR."
    assert _numbers(told) == [100.0]
