"""Pass ``comments``: neutral comments, and none about a call the recipe no longer makes."""

from __future__ import annotations

import pytest
from trace_kit import action, call, failed, finish, read_only, ref, trace

from compiler import compile_trace
from compiler.ir import Step
from compiler.passes.comments import neutral

FIND = read_only("find_customer")
LIST = read_only("list_invoices")
INFO = read_only("company_info")
SEND = action("send_reminder")


def said(step: Step, turn: int, reason: str) -> Step:
    """``step`` asked for by the model in ``turn``, for ``reason``."""
    return step.model_copy(update={"turn": turn, "reason": reason})


def comments_of(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if line.strip().startswith("# ")]


@pytest.mark.parametrize(
    ("reason", "comment"),
    [
        ("I list the customer's invoices.", "List the customer's invoices."),
        ("I check whether the invoice is paid.", "Check whether the invoice is paid."),
        ("First I look up the customer.", "Look up the customer."),
        ("Now I'll send the reminder.", "Send the reminder."),
        ("Let me open the shop.", "Open the shop."),
        ("I need to confirm the order.", "Confirm the order."),
        ("I keep the unpaid ones, then total them.", "Keep the unpaid ones, then total them."),
        ("It is in the cart; I return its name.", "It is in the cart; return its name."),
        ("I open the page. Then I click Save.", "Open the page. Click Save."),
        ("Counting the unpaid invoices.", "Counting the unpaid invoices."),
        ("I’ll open the shop.", "Open the shop."),
    ],
)
def test_a_first_person_reason_becomes_an_imperative(reason: str, comment: str) -> None:
    assert neutral(reason) == comment


@pytest.mark.parametrize(
    "reason",
    [
        "I've found the customer.",
        "I'm checking the invoices.",
        "I found the customer.",
        "I think this is the right one.",
        "Now I also need to click it.",
        "The customer I need is ACME.",
        "Open what my search found.",
    ],
)
def test_a_reason_that_cannot_be_rewritten_plainly_is_none(reason: str) -> None:
    assert neutral(reason) is None


def test_the_recipe_comments_are_neutral_and_unrewritable_ones_name_the_action() -> None:
    t = trace(
        said(call(0, FIND, "customer_record", name="ACME"), 1, "First I look up the customer."),
        said(call(1, SEND, "reminder", email=ref("customer_record", "email")), 2, "I've got it."),
        said(finish(2, result=ref("reminder")), 3, "Done."),
    )
    assert comments_of(compile_trace(t).source) == [
        "# Look up the customer.",
        "# Send reminder.",
        "# Done.",
    ]


def test_a_reason_for_a_turn_with_a_dropped_call_is_not_kept() -> None:
    reason = "Now I fetch the invoices, and our company details for the reminder."
    t = trace(
        said(call(0, FIND, "customer_record", name="ACME"), 1, "I look up the customer."),
        said(call(1, LIST, "invoices", customer_id=ref("customer_record", "id")), 2, reason),
        said(call(2, INFO, "company"), 2, reason),  # nothing reads it: drop_unused removes it
        said(call(3, SEND, "reminder", invoices=ref("invoices")), 3, "I send the reminder."),
        finish(4, result=ref("reminder")),
    )
    result = compile_trace(t)
    assert "company_info" not in result.source
    assert comments_of(result.source) == [
        "# Look up the customer.",
        "# List invoices.",
        "# Send the reminder.",
    ]
    explain = {r.name: r.changes for r in result.explain}["comments"]
    assert (
        "step 1: comment dropped: its reason also spoke for step(s) 2 (a call of company_info), "
        "not in the recipe; from the action names instead"
    ) in explain


def test_a_retry_asked_for_after_the_error_does_not_keep_its_reason() -> None:
    t = trace(
        said(call(0, FIND, "customer_record", name="ACME"), 1, "I look up the customer."),
        said(failed(1, SEND, email=ref("customer_record", "email")), 2, "I send the reminder."),
        said(
            call(2, SEND, "reminder", email=ref("customer_record", "email"), ids=["I-1"]),
            3,
            "The reminder needs the invoice ids too; retrying with them.",
        ),
        finish(3, result=ref("reminder")),
    )
    source = compile_trace(t).source
    assert "retrying" not in source
    assert comments_of(source) == ["# Look up the customer.", "# Send reminder."]


def test_a_reason_shared_by_calls_that_all_stay_is_kept_once() -> None:
    reason = "I look up the customer and list the invoices."
    t = trace(
        said(call(0, FIND, "customer_record", name="ACME"), 1, reason),
        said(call(1, SEND, "reminder", email=ref("customer_record", "email")), 1, reason),
        finish(2, result=ref("reminder")),
    )
    assert comments_of(compile_trace(t).source) == ["# Look up the customer and list the invoices."]
