"""A guard on a true or false field the recording read compares it with ``True``/``False``
itself, not its truth: a record whose flag came back as the text ``"false"`` (or ``None``)
must stop the recipe, not pass for true (red team round 7)."""

from __future__ import annotations

from compiler import compile_trace
from compiler.ir import TypeRef
from tests.compiler.trace_kit import action, call, finish, read_only, ref, returning, trace


def test_a_flag_read_before_a_change_is_compared_with_true_itself() -> None:
    t = trace(
        returning(
            call(0, read_only("get_customer"), customer_id=ref("customer_id")),
            {"id": "C-1", "eligible": True},
            "Customer",
        ),
        call(1, action("grant_credit"), customer_id=ref("customer_id"), amount=20),
        finish(2, granted=True),
        description="Grant a goodwill credit of 20 to the customer if they are eligible.",
        inputs={"customer_id": TypeRef(annotation="str")},
        values={"customer_id": "C-1"},
    )
    source = compile_trace(t).source
    assert "eligible is True" in source
    assert ".eligible:" not in source and "not customer.eligible" not in source
