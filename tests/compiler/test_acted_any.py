"""Reading "if you cancelled any," and "if any registrations are unpaid," in a task's words
(:mod:`compiler.passes._acted_any`): only where nothing else in the words could make the change
after the loop depend on the data. The phrasings refused here are the red team's (rounds 25b to
27, 39) and the ways a qualifier can hide elsewhere in the words."""

from __future__ import annotations

import pytest

from compiler.ir import ActionRef, CodeExpr, RefExpr
from compiler.passes._acted_any import _past_of, acted_any, decided_any
from compiler.recipe_ir import Assign, Call, ExprStmt, Guard, Loop, Statement

CANCEL = (
    "The meeting room is closed for maintenance on the date: cancel every booking of it that "
    "day. If you cancelled any, tell the front desk how many ('Cancelled N bookings'). "
    "Return the number cancelled."
)
EVENTS = (
    "Confirm every paid registration of the event. If any registrations are unpaid, tell the "
    "organizer how many, with the message '<n> unpaid registrations'. Report how many you "
    "confirmed."
)


def _call(name: str, read_only: bool = False) -> Call:
    return Call(action=ActionRef(name=name, module="m", qualname=name, read_only=read_only))


def _loop(action: str, over: str) -> Loop:
    return Loop(var="item", iterable=RefExpr(name=over), body=(ExprStmt(value=_call(action)),))


def test_if_you_cancelled_any_needs_an_item_of_the_loops_list() -> None:
    assert acted_any(_loop("cancel_booking", "bookings"), "bookings", CANCEL) == "bookings"


@pytest.mark.parametrize(
    "words",
    [
        # a number, a comparison or a second change's condition after the comma
        CANCEL.replace("how many", "if you cancelled 2 or more"),
        CANCEL.replace("tell the front desk how many", "tell the front desk if more than one"),
        CANCEL.replace("any,", "any of them,"),
        # a qualifier in another sentence, a day, a negation, an exception
        CANCEL + " This applies to rooms of the east wing only.",
        CANCEL + " On Fridays the front desk is closed.",
        CANCEL + " Members of the board are never cancelled.",
        CANCEL.replace("('Cancelled N bookings')", "unless the room is internal"),
        CANCEL + " Rooms over 20 seats have their own desk.",
        # the "if" not at a sentence's start: something before it may qualify it
        CANCEL.replace(". If you", "; large rooms: if you"),
        # another verb than the loop's action
        CANCEL.replace("cancelled any", "moved any"),
        # two conditions
        CANCEL + " If the room is large, also email facilities.",
        # a sentence of its own that narrows "any" with no cue word (round 42)
        CANCEL.replace(" If you", " The front desk wants to hear about the board rooms. If you"),
        CANCEL.replace("day.", "day (board members first)."),
    ],
)
def test_other_words_keep_the_change_held_as_recorded(words: str) -> None:
    assert acted_any(_loop("cancel_booking", "bookings"), "bookings", words) is None


def test_a_loop_of_two_actions_or_none_is_not_read() -> None:
    two = Loop(
        var="b",
        iterable=RefExpr(name="bookings"),
        body=(ExprStmt(value=_call("cancel_booking")), ExprStmt(value=_call("email_member"))),
    )
    assert acted_any(two, "bookings", CANCEL) is None
    reads = Loop(
        var="b",
        iterable=RefExpr(name="bookings"),
        body=(Assign(var="x", value=_call("get_booking", read_only=True)),),
    )
    assert acted_any(reads, "bookings", CANCEL) is None


@pytest.mark.parametrize(
    ("form", "verb", "past"),
    [
        ("stopped", "stop", True),
        ("cancelled", "cancel", True),
        ("canceled", "cancel", True),
        ("archived", "archive", True),
        ("notified", "notify", True),
        ("moved", "cancel", False),
        ("stop", "stop", False),
    ],
)
def test_the_past_of_an_actions_verb(form: str, verb: str, past: bool) -> None:
    assert _past_of(form, verb) is past


def _events(test: str, picked: str = "[r for r in registrations if not r.paid]") -> list[Statement]:
    return [
        Assign(var="registrations", value=_call("list_registrations", read_only=True)),
        Assign(var="paid", value=CodeExpr(source="[r for r in registrations if r.paid]")),
        _loop("confirm_registration", "paid"),
        Assign(var="unpaid", value=CodeExpr(source=picked)),
        Assign(var="any_unpaid", value=CodeExpr(source=test)),
        Guard(condition=CodeExpr(source="any_unpaid", names=("any_unpaid",)), message="m"),
    ]


@pytest.mark.parametrize("test", ["len(unpaid) > 0", "bool(unpaid)", "len(unpaid) >= 1"])
def test_the_models_own_test_of_what_the_words_ask_decides(test: str) -> None:
    emitted = _events(test)
    loop = emitted[2]
    assert isinstance(loop, Loop)
    assert decided_any(loop, emitted[3:], emitted, EVENTS)


@pytest.mark.parametrize(
    ("test", "picked", "words"),
    [
        ("len(unpaid) > 1", None, EVENTS),  # another test than "any"
        ("len(unpaid) > 0", "[r for r in registrations if r.vip]", EVENTS),  # another field
        ("len(unpaid) > 0", "[r for r in registrations if r.paid]", EVENTS),  # not negated
        ("len(unpaid) > 0", None, EVENTS.replace("any registrations", "any VIP registrations")),
        ("len(unpaid) > 0", None, EVENTS.replace("any registrations", "more than one")),
        ("len(unpaid) > 0", None, EVENTS + " If two or more are unpaid, also hold the event."),
        ("len(unpaid) > 0", None, EVENTS.replace("are unpaid", "are still unpaid")),
        ("len(unpaid) > 0", None, EVENTS + " The organizer is in charge of the workshop seats."),
    ],
)
def test_a_test_unlike_the_words_does_not_decide(test: str, picked: str | None, words: str) -> None:
    emitted = _events(test, picked or "[r for r in registrations if not r.paid]")
    loop = emitted[2]
    assert isinstance(loop, Loop)
    assert not decided_any(loop, emitted[3:], emitted, words)


def test_an_unguarded_test_does_not_decide() -> None:
    emitted = _events("len(unpaid) > 0")[:-1]
    loop = emitted[2]
    assert isinstance(loop, Loop)
    assert not decided_any(loop, emitted[3:], emitted, EVENTS)
