"""Pass ``drop_failed``."""

from __future__ import annotations

from trace_kit import action, call, failed, finish, trace

from compiler.passes import PassContext, drop_failed

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
