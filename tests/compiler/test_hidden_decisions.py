"""Decisions the recording made in the model's head: the recipe replays the recorded path only
while what that decision read reads the same, and leaves through a side exit otherwise
(compiler/passes/_hidden_decisions.py; the red team's branches repros)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from compiler import compile_trace
from compiler.ir import OutputSpec, Trace, TypeRef
from runtime.errors import SideExit
from runtime.expect import all_distinct, expect, same_as_recorded
from tests.compiler.trace_kit import (
    STR,
    action,
    call,
    compute,
    finish,
    read_only,
    ref,
    returning,
    trace,
)


class Request(BaseModel):
    id: str
    amount: float


class Ticket(BaseModel):
    id: str
    status: str


class Invoice(BaseModel):
    id: str
    days_overdue: int


class Order(BaseModel):
    id: str
    tier: str
    total: float


class Numbered(BaseModel):
    number: int
    status: str


def replay(t: Trace, actions: dict[str, Callable[..., Any]], **inputs: Any) -> list[str]:
    """Compile ``t`` and run its recipe with ``actions`` standing in for the recorded ones;
    the changing calls made, in order (a side exit propagates)."""
    made: list[str] = []
    namespace: dict[str, Any] = {
        "__name__": "recipe",
        "SideExit": SideExit,
        "same_as_recorded": same_as_recorded,
        "all_distinct": all_distinct,
        "expect": expect,
    }
    changing = {s.action.name for s in t.steps if not s.action.read_only and not s.action.builtin}
    for name, fn in actions.items():
        namespace[name] = _recording(name, fn, made) if name in changing else fn
    source = compile_trace(t).source
    body = "\n".join(
        line
        for line in source.splitlines()
        if not line.startswith(("from examples", "from runtime"))
    )
    exec(compile(body, "recipe.py", "exec"), namespace)  # the recipe under test
    namespace[t.task.name](**inputs)
    return made


def _recording(name: str, fn: Callable[..., Any], made: list[str]) -> Callable[..., Any]:
    def call(**kwargs: Any) -> Any:
        made.append(f"{name}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})")
        return fn(**kwargs)

    return call


ID = {"request_id": STR}
OUT = OutputSpec(fields={"done": TypeRef(annotation="bool")}, model_name="Out")


def refund_trace() -> Trace:
    return trace(
        returning(
            call(0, read_only("get_refund"), request_id=ref("request_id")),
            {"id": "R-1", "amount": 35.0},
            "Request",
        ),
        call(
            1,
            action("pay_refund"),
            request_id=ref("request_id"),
            amount=ref("get_refund_0", "amount"),
        ),
        finish(2, done=False),
        name="refund",
        description="Refund the request. If the amount is over 200, escalate it instead.",
        inputs=ID,
        values={"request_id": "R-1"},
        outputs=OUT,
    )


def test_a_number_a_comparison_names_stays_on_its_recorded_side() -> None:
    requests = {"R-2": 480.0, "R-3": 120.0}
    actions = {
        "get_refund": lambda request_id: Request(id=request_id, amount=requests[request_id]),
        "pay_refund": lambda **_: "paid",
    }
    assert replay(refund_trace(), actions, request_id="R-3") == [
        "pay_refund(request_id='R-3', amount=120.0)"
    ]
    with pytest.raises(SideExit, match=re.escape("request.amount < 200")):
        replay(refund_trace(), actions, request_id="R-2")


def test_a_status_the_description_writes_is_kept_though_nothing_reads_it() -> None:
    t = trace(
        returning(
            call(0, read_only("get_ticket"), ticket_id=ref("ticket_id")),
            {"id": "T-1", "status": "resolved"},
            "Ticket",
        ),
        call(1, action("close_ticket"), ticket_id=ref("ticket_id")),
        finish(2, done=True),
        name="tidy",
        description="Close the ticket if it is resolved; otherwise ask for an update.",
        inputs={"ticket_id": STR},
        values={"ticket_id": "T-1"},
        outputs=OUT,
    )
    statuses = {"T-2": "open", "T-3": "resolved"}
    actions = {
        "get_ticket": lambda ticket_id: Ticket(id=ticket_id, status=statuses[ticket_id]),
        "close_ticket": lambda **_: "closed",
    }
    assert replay(t, actions, ticket_id="T-3") == ["close_ticket(ticket_id='T-3')"]
    with pytest.raises(SideExit, match="status == 'resolved'"):
        replay(t, actions, ticket_id="T-2")


def test_a_yes_no_answer_nothing_decides_on_must_be_as_recorded() -> None:
    t = trace(
        returning(
            call(0, read_only("check_eligibility"), customer_id=ref("customer_id")), True, "bool"
        ),
        call(1, action("grant_credit"), customer_id=ref("customer_id")),
        finish(2, done=ref("check_eligibility_0")),
        name="credit",
        description="If the customer is eligible, grant them a goodwill credit.",
        inputs={"customer_id": STR},
        values={"customer_id": "C-1"},
        outputs=OUT,
    )
    actions = {
        "check_eligibility": lambda customer_id: customer_id != "C-2",
        "grant_credit": lambda **_: "cr",
    }
    assert replay(t, actions, customer_id="C-3") == ["grant_credit(customer_id='C-3')"]
    with pytest.raises(SideExit):
        replay(t, actions, customer_id="C-2")


def count_trace() -> Trace:
    return trace(
        returning(
            call(0, read_only("list_open_invoices"), customer=ref("customer")),
            [
                {"id": "I-1", "days_overdue": 40},
                {"id": "I-2", "days_overdue": 0},
                {"id": "I-3", "days_overdue": 75},
            ],
            "list[Invoice]",
        ),
        returning(compute(1, "len([i for i in list_open_invoices_0 if i.days_overdue > 0])"), 2),
        call(2, action("put_on_hold"), customer=ref("customer"), reason="overdue invoices"),
        finish(3, overdue=ref("compute_1")),
        name="hold",
        description="If the customer has any overdue invoice, put their account on hold.",
        outputs=OutputSpec(fields={"overdue": TypeRef(annotation="int")}, model_name="Out"),
    )


def test_a_count_that_decides_keeps_its_recorded_side_of_zero() -> None:
    books = {
        "initech": [Invoice(id="I-21", days_overdue=10)],
        "globex": [Invoice(id="I-11", days_overdue=0)],
    }
    actions = {
        "list_open_invoices": lambda customer: books[customer],
        "put_on_hold": lambda **_: "hold",
    }
    made = replay(count_trace(), actions, customer="initech")
    assert made == ["put_on_hold(customer='initech', reason='overdue invoices')"]
    with pytest.raises(SideExit, match="overdue > 0"):
        replay(count_trace(), actions, customer="globex")


def test_a_recording_that_changed_nothing_answers_only_on_the_data_it_saw() -> None:
    t = trace(
        returning(
            call(0, read_only("get_ticket"), ticket_id=ref("ticket_id")),
            {"id": "T-1", "status": "active"},
            "Ticket",
        ),
        finish(1, done=False),
        name="reactivate",
        description="Reactivate the account if it is suspended.",
        inputs={"ticket_id": STR},
        values={"ticket_id": "T-1"},
        outputs=OUT,
    )
    t = t.model_copy(update={"task": t.task.model_copy(update={"effects": ("reactivate",)})})
    source = compile_trace(t).source
    assert "same_as_recorded(ticket," in source  # the lookup is kept for the guard
    actions = {"get_ticket": lambda ticket_id: Ticket(id=ticket_id, status="suspended")}
    with pytest.raises(SideExit, match="changed nothing"):
        replay(t, actions, ticket_id="T-1")


def test_a_number_typed_out_replays_only_on_the_data_it_came_from() -> None:
    t = trace(
        returning(
            call(0, read_only("get_order"), order_id=ref("order_id")),
            {"id": "O-1", "tier": "gold", "total": 250.0},
            "Order",
        ),
        call(1, action("apply_discount"), order_id=ref("order_id"), amount=25.0),
        finish(2, done=True),
        name="discount",
        description="If the customer is gold tier, take 10% off the order's total.",
        inputs={"order_id": STR},
        values={"order_id": "O-1"},
        outputs=OUT,
    )
    orders = {"O-1": 250.0, "O-2": 300.0}
    actions = {
        "get_order": lambda order_id: Order(id=order_id, tier="gold", total=orders[order_id]),
        "apply_discount": lambda **_: "ok",
    }
    assert replay(t, actions, order_id="O-1") == ["apply_discount(order_id='O-1', amount=25.0)"]
    with pytest.raises(SideExit, match=re.escape("amount=25.0")):
        replay(t, actions, order_id="O-2")


def test_small_ids_copied_from_a_list_get_a_pick_guard() -> None:
    listed = [{"number": 3, "status": "resolved"}, {"number": 5, "status": "open"}]
    t = trace(
        returning(call(0, read_only("list_tickets"), queue=ref("queue")), listed, "list[Numbered]"),
        call(1, action("close_ticket"), queue=ref("queue"), number=3),
        finish(2, done=True),
        name="close_resolved",
        description="Close every resolved ticket of the queue.",
        inputs={"queue": STR},
        values={"queue": "web"},
        outputs=OUT,
    )
    source = compile_trace(t).source
    assert "same_as_recorded(tickets," in source and "picked 3 from it" in source


def test_a_pick_guard_also_covers_an_input_nothing_reads() -> None:
    leads = [{"id": "L-1", "score": 82}, {"id": "L-2", "score": 35}]
    t = trace(
        returning(call(0, read_only("list_leads"), week=ref("week")), leads, "list[Lead]"),
        call(1, action("assign_to_sales"), lead_id="L-1"),
        finish(2, done=True),
        name="route",
        description="Send each lead whose score is at least min_score to sales.",
        inputs={"week": STR, "min_score": TypeRef(annotation="int")},
        values={"week": "wk1", "min_score": 70},
        outputs=OUT,
    )
    assert "same_as_recorded([leads, min_score]," in compile_trace(t).source


class Paid(BaseModel):
    id: str
    paid: bool


class Amount(BaseModel):
    id: str
    amount: float


def test_a_count_a_quiet_recording_answered_with_replays_only_on_the_data_it_saw() -> None:
    t = trace(
        returning(
            call(0, read_only("list_invoices"), customer=ref("customer")),
            [{"id": "A-1", "paid": True}, {"id": "A-2", "paid": True}],
            "list[Paid]",
        ),
        returning(compute(1, "sum(1 for i in list_invoices_0 if not i.paid)"), 0),
        finish(2, reminded=ref("compute_1")),
        name="remind",
        description="Send a payment reminder for each unpaid invoice of the customer.",
        inputs={"customer": STR},
        values={"customer": "ACME"},
        outputs=OutputSpec(fields={"reminded": TypeRef(annotation="int")}, model_name="Out"),
    )
    t = t.model_copy(update={"task": t.task.model_copy(update={"effects": ("send_reminder",)})})
    books = {
        "ACME": [Paid(id="A-1", paid=True), Paid(id="A-2", paid=True)],
        "Globex": [Paid(id="G-1", paid=False)],
    }
    actions = {"list_invoices": lambda customer: books[customer]}
    assert replay(t, actions, customer="ACME") == []
    with pytest.raises(SideExit, match="changed nothing"):
        replay(t, actions, customer="Globex")  # (a reminder was due: the recording never sent one)


def test_a_text_writing_a_number_of_a_lookup_keeps_the_lookup_and_guards_it() -> None:
    t = trace(
        returning(
            call(0, read_only("get_invoice"), invoice_id=ref("invoice_id")),
            {"id": "A-1", "amount": 1250.0},
            "Amount",
        ),
        call(1, action("send_email"), to=ref("email"), body="Amount due: 1,250.00 EUR"),
        finish(2, done=True),
        name="email_invoice",
        description="Email the invoice to the customer, the body stating the amount due.",
        inputs={"invoice_id": STR, "email": STR},
        values={"invoice_id": "A-1", "email": "ap@acme.test"},
        outputs=OUT,
    )
    source = compile_trace(t).source
    # The amount is written as the model wrote it (two decimals, thousands commas): filled in.
    assert 'body=f"Amount due: {invoice.amount:,.2f} EUR"' in source
    amounts = {"A-1": 1250.0, "A-2": 45.5}
    bodies: list[str] = []
    actions = {
        "get_invoice": lambda invoice_id: Amount(id=invoice_id, amount=amounts[invoice_id]),
        "send_email": lambda **kwargs: bodies.append(kwargs["body"]),
    }
    replay(t, actions, invoice_id="A-1", email="ap@acme.test")
    replay(t, actions, invoice_id="A-2", email="ap@acme.test")
    assert bodies == ["Amount due: 1,250.00 EUR", "Amount due: 45.50 EUR"]


def test_a_text_writing_a_number_no_format_writes_keeps_the_lookup_and_guards_it() -> None:
    t = trace(
        returning(
            call(0, read_only("get_invoice"), invoice_id=ref("invoice_id")),
            {"id": "A-1", "amount": 210.0},
            "Amount",
        ),
        call(1, action("send_email"), to=ref("email"), body="Amount due: 210 EUR"),
        finish(2, done=True),
        name="email_invoice",
        description="Email the invoice to the customer, the body stating the amount due.",
        inputs={"invoice_id": STR, "email": STR},
        values={"invoice_id": "A-1", "email": "ap@acme.test"},
        outputs=OUT,
    )
    source = compile_trace(t).source
    assert "invoice = get_invoice(" in source  # kept, though nothing but the guard reads it
    amounts = {"A-1": 210.0, "A-2": 45.5}
    actions = {
        "get_invoice": lambda invoice_id: Amount(id=invoice_id, amount=amounts[invoice_id]),
        "send_email": lambda **_: "sent",
    }
    assert len(replay(t, actions, invoice_id="A-1", email="ap@acme.test")) == 1
    with pytest.raises(SideExit, match="Amount due"):
        replay(t, actions, invoice_id="A-2", email="ap@acme.test")


def test_records_copied_whole_into_an_output_get_a_pick_guard() -> None:
    listed = [{"id": "A-1", "amount": 120.0}, {"id": "A-2", "amount": 15.0}]
    t = trace(
        returning(call(0, read_only("list_due"), customer=ref("customer")), listed, "list[Amount]"),
        finish(1, overdue=[{"id": "A-1", "amount": 120.0}]),
        name="overdue",
        description="List the customer's overdue invoices.",
        inputs={"customer": STR},
        values={"customer": "ACME"},
        outputs=OutputSpec(fields={"overdue": TypeRef(annotation="list[dict]")}, model_name="Out"),
    )
    assert "same_as_recorded(due," in compile_trace(t).source


def _typed(value: Any, description: str, name: str = "Ana Lopez") -> str:
    t = trace(
        call(0, action("create_user"), full_name=ref("name"), username=value),
        finish(1, done=True),
        name="onboard",
        description=description,
        inputs={"name": STR},
        values={"name": name},
        outputs=OUT,
    )
    return compile_trace(t).source


def test_a_one_word_value_or_a_yes_no_the_model_chose_replays_only_on_the_data_it_saw() -> None:
    # a username made up from the name, a country code, a flag: the model's choices
    assert "same_as_recorded(name," in _typed("alopez", "Create the user's account.")
    assert "same_as_recorded(name," in _typed("DE", "Book it (the code in capitals).", "de")
    assert "same_as_recorded(name," in _typed(True, "Create the user's account.")


def test_a_word_the_description_gives_is_the_tasks_unless_it_offers_another() -> None:
    assert "same_as_recorded" not in _typed("express", "Ship it express.")
    offered = "Orders due today go express; the rest go standard."
    assert "same_as_recorded(name," in _typed("express", offered)
    # a sentence the model composed, or a word no data holds, is its own pick for every input
    assert "same_as_recorded" not in _typed("Welcome aboard!", "Create the user's account.")
    assert "same_as_recorded" not in _typed("DHL", "Create the user's account.")


def test_a_next_page_marker_decides_how_many_pages_are_read() -> None:
    t = trace(
        returning(
            call(0, read_only("list_tickets"), queue=ref("queue")),
            {"tickets": [{"id": "T-1"}], "next_cursor": "c-1"},
            "TicketPage",
        ),
        returning(
            call(
                1,
                read_only("list_tickets"),
                queue=ref("queue"),
                cursor=ref("list_tickets_0", "next_cursor"),
            ),
            {"tickets": [{"id": "T-2"}], "next_cursor": None},
            "TicketPage",
        ),
        call(2, action("close_ticket"), ticket_id=ref("list_tickets_1", "tickets", 0, "id")),
        finish(3, done=True),
        name="close_all",
        description="Close the queue's tickets.",
        inputs={"queue": STR},
        values={"queue": "web"},
        outputs=OUT,
    )
    source = compile_trace(t).source
    assert "if tickets.next_cursor is None:" in source  # (the last page: a pick guard)


class Signup(BaseModel):
    email: str


class Bill(BaseModel):
    id: str
    paid: bool


def welcome_trace(module: str = "examples.invoices") -> Trace:
    emails = ["a@x.io", "b@x.io", "c@x.io"]
    return trace(
        returning(
            call(0, read_only("list_signups"), day=ref("day")),
            [{"email": e} for e in emails],
            "list[Signup]",
        ),
        *(
            call(1 + n, action("send_welcome", module), email=ref("list_signups_0", n, "email"))
            for n in range(3)
        ),
        finish(4, done=True),
        name="welcome",
        description="Send the welcome email once to each distinct address that signed up.",
        inputs={"day": STR},
        values={"day": "mon"},
        outputs=OUT,
    )


def test_a_loop_that_passed_distinct_values_goes_on_only_while_they_are_distinct() -> None:
    days = {"tue": ["a@x.io", "b@x.io"], "wed": ["a@x.io", "b@x.io", "a@x.io"]}
    actions = {
        "list_signups": lambda day: [Signup(email=e) for e in days[day]],
        "send_welcome": lambda **_: "sent",
    }
    assert replay(welcome_trace(), actions, day="tue") == [
        "send_welcome(email='a@x.io')",
        "send_welcome(email='b@x.io')",
    ]
    with pytest.raises(SideExit, match="holds an item twice"):
        replay(welcome_trace(), actions, day="wed")  # (the old recipe welcomed a@x.io twice)


def test_a_browser_loop_gets_no_distinct_guard() -> None:
    assert "holds an item twice" not in compile_trace(welcome_trace("runtime.browser")).source


def statement_trace(paid: list[bool]) -> Trace:
    bills = [{"id": f"I-{n}", "paid": p} for n, p in enumerate(paid)]
    return trace(
        returning(
            call(0, read_only("list_invoices"), customer=ref("customer")), bills, "list[Bill]"
        ),
        compute(1, "[i.id for i in list_invoices_0]"),
        call(2, action("send_statement"), customer=ref("customer"), invoice_ids=ref("compute_1")),
        finish(3, done=True),
        name="statement",
        description="Email the customer one statement listing their unpaid invoices.",
        inputs={"customer": STR},
        values={"customer": "Soylent"},
        outputs=OUT,
    )


def test_a_true_false_field_the_words_negate_must_hold_for_every_item() -> None:
    bills = {"Initech": [False, False, False], "ACME": [False, True]}
    actions = {
        "list_invoices": lambda customer: [
            Bill(id=f"I-{n}", paid=p) for n, p in enumerate(bills[customer])
        ],
        "send_statement": lambda **_: "sent",
    }
    t = statement_trace([False, False])
    assert replay(t, actions, customer="Initech") == [
        "send_statement(customer='Initech', invoice_ids=['I-0', 'I-1', 'I-2'])"
    ]
    with pytest.raises(SideExit, match="paid=True"):
        replay(t, actions, customer="ACME")  # (the old recipe listed the paid I-1 too)


def test_no_item_guard_where_the_items_disagree_or_a_filter_reads_the_field() -> None:
    assert "all(not" not in compile_trace(statement_trace([False, True])).source
    t = statement_trace([False, False])
    steps = list(t.steps)
    steps[1] = compute(1, "[i.id for i in list_invoices_0 if not i.paid]")
    filtered = t.model_copy(update={"steps": tuple(steps) if isinstance(t.steps, tuple) else steps})
    assert "all(not" not in compile_trace(filtered).source


class ClaimRecord(BaseModel):
    id: str
    amount_paid: float
    amount_claimed: float


def test_a_number_its_reason_compares_with_another_goes_on_only_while_they_compare_so() -> None:
    t = trace(
        returning(
            call(0, read_only("get_claim"), claim_id=ref("claim_id")),
            {"id": "CL-1", "amount_paid": 55.0, "amount_claimed": 40.0},
            "ClaimRecord",
        ),
        call(
            1,
            action("refund"),
            claim_id=ref("claim_id"),
            amount=ref("get_claim_0", "amount_claimed"),
        ).model_copy(
            update={"reason": "The claim (40.00) is below what was paid (55.00); I refund it."}
        ),
        finish(2, done=True),
        name="settle",
        description="Refund what the customer claims, but never more than they paid.",
        inputs={"claim_id": STR},
        values={"claim_id": "CL-1"},
        outputs=OUT,
    )
    claims = {"CL-1": (55.0, 40.0), "CL-2": (30.0, 45.0), "CL-3": (60.0, 60.0)}
    actions = {
        "get_claim": lambda claim_id: ClaimRecord(
            id=claim_id, amount_paid=claims[claim_id][0], amount_claimed=claims[claim_id][1]
        ),
        "refund": lambda **_: "ok",
    }
    assert replay(t, actions, claim_id="CL-3") == ["refund(claim_id='CL-3', amount=60.0)"]
    with pytest.raises(SideExit, match=re.escape("amount_claimed <= claim.amount_paid")):
        replay(t, actions, claim_id="CL-2")  # (refunding 45 of a 30 payment: never)


@pytest.mark.parametrize(
    ("described", "offered"),
    [
        ("Set each order's fee: 5 EUR or 10 EUR, as its customer pays.", {5.0, 10.0}),
        ("10 EUR on invoices of 100 EUR or more, 5 EUR on smaller ones.", {5.0, 10.0}),
        ("Pay $20 or $30, whichever the plan says.", {20.0, 30.0}),
        ("Give 10% off orders over 200 EUR and 5% off the rest.", {5.0, 10.0}),
        ("Send a reminder in 2 days and a final notice in 7 days.", set()),  # both used
        ("Ship 3 boxes within 2 days.", set()),
        ("Remind each unpaid invoice over 100 EUR; the fee is 5 EUR.", set()),
    ],
)
def test_amounts_the_description_offers_to_choose_among(
    described: str, offered: set[float]
) -> None:
    from compiler.passes._hidden_words import alternatives

    assert set(alternatives(described)) == offered


FEE = action("set_fee")
ORDERS = [{"id": "O-1", "plan": "basic"}, {"id": "O-2", "plan": "basic"}]


def test_an_amount_chosen_per_item_goes_on_only_for_items_like_the_recorded_ones() -> None:
    """ "5 EUR or 10 EUR, as its customer pays", both recorded orders basic, the reason silent:
    nothing says why 5, so the loop goes on only while every order is basic."""
    t = trace(
        returning(call(0, read_only("list_orders"), day=ref("customer")), ORDERS, "list[Order]"),
        call(1, FEE, order_id=ref("list_orders_0", 0, "id"), fee=5),
        call(2, FEE, order_id=ref("list_orders_0", 1, "id"), fee=5),
        finish(3, result="done"),
        description="Set each order's handling fee: 5 EUR or 10 EUR, as its customer pays.",
    )
    source = compile_trace(t).source
    assert 'if not all(order.plan == "basic" for order in orders):' in source
    assert "set_fee(order_id=order.id, fee=5)" in source


def test_one_amount_the_description_writes_is_its_word() -> None:
    t = trace(
        returning(call(0, read_only("list_orders"), day=ref("customer")), ORDERS, "list[Order]"),
        call(1, FEE, order_id=ref("list_orders_0", 0, "id"), fee=5),
        call(2, FEE, order_id=ref("list_orders_0", 1, "id"), fee=5),
        finish(3, result="done"),
        description="Set each order's handling fee to 5 EUR.",
    )
    assert "order.plan ==" not in compile_trace(t).source


@pytest.mark.parametrize(
    ("value", "described", "offered"),
    [
        ("standard", "Ship each order, standard or express, as its customer pays.", True),
        ("express", "Ship each order, standard or express.", True),
        ("letter", "Contact each customer by email, letter or call.", True),
        ("standard", "Ship every order with standard shipping.", False),
        ("DHL", "Ship every order via DHL.", False),
    ],
)
def test_words_the_description_offers_to_choose_among(
    value: str, described: str, offered: bool
) -> None:
    from compiler.passes._hidden_words import offered_word

    assert offered_word(value, described) is offered
