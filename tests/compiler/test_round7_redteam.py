"""Red team round 7's silent wrongs, at compile level: numbers the model wrote inside texts (a
counter's ``7 -> 8`` in a log line, ``210`` in a returned note) keep what was read under a
guard before the text is used, and a filter over items checks the kinds and spellings of the
fields its rule reads (``fields_as_recorded``) before it picks, also when the rule joins two
texts. The bench tasks are ``bench/control_flow_tasks/redteam_round7.py``."""

from __future__ import annotations

from typing import Any

import pytest

from compiler import compile_trace
from compiler.ir import FStringExpr, ListExpr, OutputSpec, Step, Trace, TypeRef
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

MODULE = "examples.round7"


def outputs(**fields: str) -> OutputSpec:
    return OutputSpec(
        fields={k: TypeRef(annotation=v) for k, v in fields.items()}, model_name="Out"
    )


def body(t: Trace) -> str:
    """The recipe function's body (no header, no imports, no ``__main__``)."""
    source = compile_trace(t).source
    return source.split(f"def {t.task.name}(", 1)[1].split('if __name__ == "__main__":', 1)[0]


def guarded_before(src: str, used: str) -> str:
    """The guard the recipe writes right before ``used`` (the text between the statement
    before it and ``used``), failing when there is none."""
    at = src.index(used)
    guard = src.rfind("if not ", 0, at)
    assert guard != -1 and "raise SideExit(" in src[guard:at], src
    return src[guard:at]


def fields_check(src: str, before: str) -> str:
    """The ``fields_as_recorded`` guard's condition, asserted to come before ``before``."""
    start = src.index("if not fields_as_recorded(")
    assert start < src.index(before), src
    return src[start : src.index("raise SideExit(", start)]


# --------------------------------------------------------------------------- numbers in texts

COUNTER = (
    "Add `step` to the counter: read it, write back its value plus step, and log "
    "'<name>: <old> -> <new>'. Return the new value."
)


def counter_bump(message: Any) -> Trace:
    """Read a counter of 7, add the step in ``compute``, write 8 back, then log ``message``."""
    return trace(
        returning(call(0, read_only("read_counter", MODULE), name=ref("name")), 7, "int"),
        returning(compute(1, "read_counter_0 + step"), 8, "int"),
        call(2, action("write_counter", MODULE), name=ref("name"), value=ref("compute_1")),
        call(3, action("log_event", MODULE), message=message),
        finish(4, value=ref("compute_1")),
        name="counter_bump",
        description=COUNTER,
        inputs={"name": TypeRef(annotation="str"), "step": TypeRef(annotation="int")},
        values={"name": "visits", "step": 1},
        outputs=outputs(value="int"),
    )


@pytest.mark.parametrize(
    "message",
    [FStringExpr(parts=(ref("name"), ": 7 -> 8")), "visits: 7 -> 8"],
    ids=["f-string", "typed text"],
)
def test_a_counters_numbers_written_into_a_log_line_are_guarded(message: Any) -> None:
    src = body(counter_bump(message))
    assert 'log_event(message=f"{name}: 7 -> 8")' in src
    guard = guarded_before(src, "log_event(")
    # What was read (the counter) and what it became are kept as recorded.
    assert "same_as_recorded([" in guard and "counter" in guard and "step" in guard
    assert "7 -> 8" in guard
    # The write before it does not wait on the guard: it is right for any counter.
    assert src.index("write_counter(") < src.index(guard)


NOTE = "Refund the order's total. Return a note 'Refunded <total> EUR for <id>'."
ORDER = {"id": "R-20", "customer": "cust-20", "total": 210.0}


def refund_note(note: Any) -> Trace:
    """Look up an order of 210 EUR, refund its total, and return ``note``."""
    look_up = returning(call(0, read_only("get_order", MODULE), order_id=ref("order_id")), ORDER)
    return trace(
        look_up.model_copy(update={"result_type": TypeRef(annotation="Ord")}),
        returning(
            call(
                1,
                action("refund", MODULE),
                order_id=ref("get_order_0", "id"),
                amount=ref("get_order_0", "total"),
            ),
            "rf-R-20",
            "str",
        ),
        finish(2, note=note),
        name="refund_note",
        description=NOTE,
        inputs={"order_id": TypeRef(annotation="str")},
        values={"order_id": "R-20"},
        outputs=outputs(note="str"),
    )


@pytest.mark.parametrize(
    "note",
    ["Refunded 210 EUR for R-20", FStringExpr(parts=("Refunded 210 EUR for ", ref("order_id")))],
    ids=["typed text", "f-string"],
)
def test_an_amount_written_into_a_returned_note_is_guarded(note: Any) -> None:
    src = body(refund_note(note))
    assert 'note=f"Refunded 210 EUR for {order_id}"' in src
    guard = guarded_before(src, "return Out(")
    assert "same_as_recorded([" in guard and "order" in guard
    assert "Refunded 210 EUR" in guard
    # The refund itself is right for any order: it runs before the guard.
    assert src.index("refund(order_id=") < src.index(guard)


def test_a_number_the_description_writes_is_no_number_of_the_data() -> None:
    """The note's guard is for numbers of the data: a note whose number the task itself gives
    ('Return a note ... 210 EUR ...') is the same for every order (the task's 210 reads as a
    condition on the order's total instead)."""
    t = refund_note("Refunded 210 EUR for R-20")
    words = t.task.model_copy(update={"description": NOTE.replace("<total>", "210")})
    src = body(t.model_copy(update={"task": words}))
    assert 'note=f"Refunded 210 EUR for {order_id}"' in src
    assert "recording wrote note=" not in src


# --------------------------------------------------------------------------- filters' fields

STOCK = [
    {"sku": "S-1", "qty": 0, "discontinued": False},
    {"sku": "S-2", "qty": 14, "discontinued": False},
    {"sku": "S-3", "qty": 0, "discontinued": True},
    {"sku": "S-4", "qty": 0, "discontinued": False},
    {"sku": "S-5", "qty": 3, "discontinued": False},
]
RESTOCK = (
    "Reorder 10 units of every product of the warehouse that is out of stock, unless it is "
    "discontinued. Return the skus you reordered."
)


def picked(
    listed: Step, act: str, arg: str, field: str, at: tuple[int, ...], **kw: Any
) -> list[Step]:
    """``listed``, then ``act`` on the items ``at`` by ``$ref`` (``arg`` = the item's
    ``field``), then finish."""
    var = listed.result_var or ""
    acts = [
        call(n, action(act, MODULE), **{arg: ref(var, i, field)}, **kw)
        for n, i in enumerate(at, start=1)
    ]
    return [listed, *acts]


def test_a_filter_over_dict_items_checks_the_kinds_of_the_fields_it_reads() -> None:
    listed = returning(
        call(0, read_only("get_stock", MODULE), warehouse=ref("warehouse")),
        STOCK,
        "list[dict[str, Any]]",
    )
    steps = picked(listed, "reorder", "sku", "sku", (0, 3), units=10)
    t = trace(
        *steps,
        finish(
            3,
            reordered=ListExpr(items=(ref("get_stock_0", 0, "sku"), ref("get_stock_0", 3, "sku"))),
        ),
        name="restock",
        description=RESTOCK,
        inputs={"warehouse": TypeRef(annotation="str")},
        values={"warehouse": "w1"},
        outputs=outputs(reordered="list[str]"),
    )
    src = body(t)
    check = fields_check(src, "reorder(")
    assert "fields_as_recorded(stock, " in check
    # The kinds the recording saw, and no text to compare: a bool and a number.
    assert '"discontinued": "bool"' in check and '"qty": "number"' in check
    assert check.count("{") == 1


TICKETS = [
    {"id": "T-1", "status": "open", "priority": "high"},
    {"id": "T-2", "status": "closed", "priority": "high"},
    {"id": "T-3", "status": "open", "priority": "low"},
    {"id": "T-4", "status": "open", "priority": "high"},
    {"id": "T-5", "status": "pending", "priority": "high"},
]


def escalate(description: str, at: tuple[int, ...]) -> Trace:
    listed = returning(
        call(0, read_only("list_tickets", MODULE), queue=ref("queue")), TICKETS, "list[Ticket]"
    )
    return trace(
        *picked(listed, "escalate", "ticket_id", "id", at),
        finish(len(at) + 1, escalated=len(at)),
        name="escalate_tickets",
        description=description,
        inputs={"queue": TypeRef(annotation="str")},
        values={"queue": "t1"},
        outputs=outputs(escalated="int"),
    )


def test_a_filter_on_a_text_checks_for_near_miss_spellings() -> None:
    src = body(escalate("Escalate every open ticket of the queue. Report how many.", (0, 2, 3)))
    check = fields_check(src, "escalate(")
    assert "fields_as_recorded(tickets, " in check
    assert '{"status": "text"}' in check
    assert '{"status": "open"}' in check  # ('Open ', 'OPEN' stop the replay)
    assert 'ticket.status == "open"' in src


def test_a_rule_joining_two_texts_compiles_with_both_fields_checked() -> None:
    """The old equality pattern read ``"open" and ticket.priority == "high"`` as one text and
    the compile crashed."""
    t = escalate(
        "Escalate every open high-priority ticket of the queue. Report how many you escalated.",
        (0, 3),
    )
    src = body(t)
    assert 'ticket.status == "open" and ticket.priority == "high"' in src
    check = fields_check(src, "selected_tickets = [")
    assert '{"status": "text", "priority": "text"}' in check
    assert '{"status": "open", "priority": "high"}' in check
