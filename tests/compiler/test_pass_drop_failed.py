"""Pass ``drop_failed``."""

from __future__ import annotations

from typing import Any

import pytest
from trace_kit import action, call, failed, finish, ref, trace

from compiler.ir import ActionRef, Step
from compiler.passes import PassContext, drop_failed
from compiler.passes.drop_failed import refused

SEND = action("send_reminder")


def test_failed_steps_are_left_out_and_reported() -> None:
    t = trace(failed(0, SEND, customer="ACME"), call(1, SEND, customer="ACME"), finish(2))
    kept, changes = drop_failed(t, PassContext(trace=t))
    assert [s.index for s in kept.steps] == [1, 2]
    assert changes == [
        "step 0: dropped failed call of send_reminder: ValueError: boom "
        "(retried successfully at step 1)"
    ]


def test_a_failed_call_never_retried_is_dropped_too() -> None:
    t = trace(call(0, SEND), failed(1, action("archive"), x=1), finish(2))
    kept, changes = drop_failed(t, PassContext(trace=t))
    assert [s.index for s in kept.steps] == [0, 2]
    assert changes == ["step 1: dropped failed call of archive: ValueError: boom (not retried)"]


def test_nothing_failed_is_unchanged() -> None:
    t = trace(call(0, SEND), finish(1))
    kept, changes = drop_failed(t, PassContext(trace=t))
    assert kept is t and changes == []


def _refusal(index: int, act: ActionRef, error: str, **args: Any) -> Step:
    return failed(index, act, **args).model_copy(update={"error": error})


CHARGE = action("charge_card")
LINK = action("send_payment_link")


def test_a_refused_call_never_retried_on_inputs_stays() -> None:
    """A card declined, then a payment link: the refusal decided the path, so it stays."""
    t = trace(
        _refusal(0, CHARGE, "RuntimeError: card of C-1 declined", customer=ref("customer")),
        call(1, LINK, customer=ref("customer")),
        finish(2, via="link"),
        values={"customer": "C-1"},
    )
    kept, changes = drop_failed(t, PassContext(trace=t))
    assert [s.index for s in kept.steps] == [0, 1, 2]
    assert changes == [
        "step 0: kept the failed call of charge_card: RuntimeError: card of C-1 declined (not "
        "retried): the recipe makes it and goes on only when it fails so again"
    ]
    assert refused(kept.steps[0], {"customer": "C-1"}) == (("C-1", "customer"),)


@pytest.mark.parametrize(
    ("error", "args"),
    [
        ("RuntimeError: no such card", {"customer": "C-9"}),  # a value the model typed
        ("TypeError: charge_card() got an unexpected keyword", {"customer": ref("customer")}),
        ("ValidationError: amount: field required", {"customer": ref("customer")}),
    ],
)
def test_a_guess_or_a_malformed_call_is_still_dropped(error: str, args: dict[str, Any]) -> None:
    t = trace(
        _refusal(0, CHARGE, error, **args),
        call(1, LINK, customer=ref("customer")),
        finish(2),
        values={"customer": "C-1"},
    )
    kept, _ = drop_failed(t, PassContext(trace=t))
    assert [s.index for s in kept.steps] == [1, 2]


def test_a_fallbacks_refused_call_is_dropped() -> None:
    """A fallback's continuation: the bridge's ``except`` already stands where it failed."""
    t = trace(
        _refusal(0, CHARGE, "RuntimeError: declined", customer=ref("customer")),
        call(1, LINK, customer=ref("customer")),
        finish(2),
        values={"customer": "C-1"},
    ).model_copy(update={"mode": "recipe+fallback"})
    kept, _ = drop_failed(t, PassContext(trace=t))
    assert [s.index for s in kept.steps] == [1, 2]


def test_the_same_action_for_another_item_is_no_retry() -> None:
    """Charge A, B refused, charge C, then a link for B: C's charge is no retry of B's, so B's
    refusal stays; a call that mends an argument of the same values is a retry."""
    listed = {"list_0": ["A", "B", "C"]}
    t = trace(
        call(0, CHARGE, customer=ref("list_0", 0)),
        _refusal(1, CHARGE, "RuntimeError: declined", customer=ref("list_0", 1)),
        call(2, CHARGE, customer=ref("list_0", 2)),
        call(3, LINK, customer=ref("list_0", 1)),
        finish(4),
        values={"customer": "x", **listed},
    )
    kept, _ = drop_failed(t, PassContext(trace=t))
    assert [s.index for s in kept.steps] == [0, 1, 2, 3, 4]
    mended = trace(
        _refusal(0, CHARGE, "ValueError: currency required", customer=ref("customer")),
        call(1, CHARGE, customer=ref("customer"), currency="EUR"),
        finish(2),
    )
    kept, changes = drop_failed(mended, PassContext(trace=mended))
    assert [s.index for s in kept.steps] == [1, 2] and "retried successfully" in changes[0]
