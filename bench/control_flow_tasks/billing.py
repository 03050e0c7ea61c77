"""Billing: payment reminders (a filtered loop), expense approvals (a filter on two fields),
refunds (a decision recorded on its False side)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say

# --------------------------------------------------------------------------- reminders

INVOICES: dict[str, list[tuple[str, float, bool]]] = {
    "ACME Corp": [
        ("A-101", 120.0, False),
        ("A-102", 80.0, True),
        ("A-103", 45.5, False),
        ("A-104", 300.0, True),
    ],
    "Globex": [
        ("G-201", 99.0, False),
        ("G-202", 15.0, False),
        ("G-203", 70.0, True),
        ("G-204", 12.0, False),
    ],
    "Initech": [("I-301", 50.0, True), ("I-302", 60.0, True)],
    "Umbrella": [],
    "Hooli": [("H-401", 10.0, True), ("H-402", 22.0, False)],
}


class Invoice(BaseModel):
    id: str
    customer: str
    amount: float
    paid: bool


@action(read_only=True)
def list_invoices(customer: str) -> list[Invoice]:
    """All invoices of a customer, paid and unpaid, oldest first."""
    if customer not in INVOICES:
        raise LookupError(f"no customer named {customer!r}")
    return [Invoice(id=i, customer=customer, amount=a, paid=p) for i, a, p in INVOICES[customer]]


@action
def send_reminder(invoice_id: str) -> str:
    """Email the invoice's customer a payment reminder for it; returns the message id."""
    if not any(i == invoice_id for rows in INVOICES.values() for i, _, _ in rows):
        raise LookupError(f"no invoice {invoice_id!r}")
    effect("send_reminder", invoice_id)
    return f"msg-{invoice_id}"


reminders: Task[Any] = Task(
    "Send a payment reminder for each unpaid invoice of the customer. Report how many reminders "
    "you sent.",
    name="reminders",
    inputs={"customer": str},
    outputs={"reminded": int},
    actions=[list_invoices, send_reminder],
)


def reminders_reference(inputs: dict[str, Any]) -> Expected:
    unpaid = [i for i, _, paid in INVOICES[inputs["customer"]] if not paid]
    return Expected([("send_reminder", i) for i in unpaid], {"reminded": len(unpaid)})


REMINDERS = Case(
    task=reminders,
    features=("action result", "filter: bool field", "$ref", "count typed"),
    recorded={"customer": "ACME Corp"},
    answers=[
        AIResponse(
            content="I list the customer's invoices to find the unpaid ones.",
            tool_calls=[ToolCall("list_invoices", {"customer": {"$ref": "customer"}})],
        ),
        AIResponse(
            content="A-101 and A-103 are unpaid; I send a reminder for each.",
            tool_calls=[
                ToolCall("send_reminder", {"invoice_id": {"$ref": "list_invoices_1.0.id"}}),
                ToolCall("send_reminder", {"invoice_id": {"$ref": "list_invoices_1.2.id"}}),
            ],
        ),
        AIResponse(
            content="Two reminders sent.",
            tool_calls=[ToolCall("finish", {"reminded": 2})],
        ),
    ],
    reference=reminders_reference,
    held_out=[
        HeldOut("3 unpaid of 4", {"customer": "Globex"}),
        HeldOut("none unpaid", {"customer": "Initech"}),
        HeldOut("no invoices", {"customer": "Umbrella"}),
        HeldOut("1 unpaid, 2nd", {"customer": "Hooli"}),
    ],
)

# --------------------------------------------------------------------------- expenses

EXPENSES: dict[str, list[tuple[str, str, float, str]]] = {
    "design": [
        ("E-1", "ana", 120.0, "submitted"),
        ("E-2", "ben", 35.0, "submitted"),
        ("E-3", "cy", 20.0, "approved"),
        ("E-4", "di", 49.99, "submitted"),
        ("E-5", "ed", 75.0, "rejected"),
    ],
    "sales": [
        ("E-11", "fay", 12.5, "submitted"),
        ("E-12", "gus", 8.0, "rejected"),
        ("E-13", "hal", 60.0, "submitted"),
        ("E-14", "ivy", 30.0, "approved"),
        ("E-15", "jo", 44.0, "submitted"),
    ],
    "legal": [("E-21", "kim", 500.0, "submitted"), ("E-22", "lou", 10.0, "approved")],
    "ops": [("E-31", "max", 5.0, "submitted"), ("E-32", "ned", 7.0, "submitted")],
}


class Expense(BaseModel):
    id: str
    employee: str
    amount: float
    status: str


@action(read_only=True)
def list_expenses(team: str) -> list[Expense]:
    """Every expense report of a team (status: submitted, approved or rejected), amounts in EUR."""
    return [Expense(id=i, employee=e, amount=a, status=s) for i, e, a, s in EXPENSES[team]]


@action
def approve_expense(expense_id: str) -> str:
    """Approve a submitted expense report; returns its new status."""
    if not any(i == expense_id for rows in EXPENSES.values() for i, *_ in rows):
        raise LookupError(f"no expense report {expense_id!r}")
    effect("approve_expense", expense_id)
    return "approved"


expenses: Task[Any] = Task(
    "Approve every submitted expense report of the team that is under 50 EUR, and return the "
    "ids of the reports you approved.",
    name="expense_approvals",
    inputs={"team": str},
    outputs={"approved": list[str]},
    actions=[list_expenses, approve_expense],
)


def expenses_reference(inputs: dict[str, Any]) -> Expected:
    ids = [i for i, _, a, s in EXPENSES[inputs["team"]] if s == "submitted" and a < 50]
    return Expected([("approve_expense", i) for i in ids], {"approved": ids})


EXPENSES_CASE = Case(
    task=expenses,
    features=("action result", "filter: two fields", "copy", "list typed in finish"),
    recorded={"team": "design"},
    answers=[
        AIResponse(
            content="I list the team's expense reports.",
            tool_calls=[ToolCall("list_expenses", {"team": {"$ref": "team"}})],
        ),
        AIResponse(
            content="E-2 (35.00) and E-4 (49.99) are submitted and under 50 EUR; I approve them.",
            tool_calls=[
                ToolCall("approve_expense", {"expense_id": "E-2"}),
                ToolCall("approve_expense", {"expense_id": "E-4"}),
            ],
        ),
        AIResponse(
            content="Both are approved.",
            tool_calls=[ToolCall("finish", {"approved": ["E-2", "E-4"]})],
        ),
    ],
    reference=expenses_reference,
    held_out=[
        HeldOut(
            "2 of 5, other positions",
            {"team": "sales"},
            [
                say(
                    "I keep the submitted reports under 50 EUR.",
                    "compute",
                    expression="[e for e in expenses if e.status == 'submitted' and e.amount < 50]",
                ),
                AIResponse(
                    content="E-11 and E-15 qualify; I approve them.",
                    tool_calls=[
                        ToolCall("approve_expense", {"expense_id": ref("compute_1.0.id")}),
                        ToolCall("approve_expense", {"expense_id": ref("compute_1.1.id")}),
                    ],
                ),
                say(
                    "Both are approved.",
                    "finish",
                    approved=[ref("compute_1.0.id"), ref("compute_1.1.id")],
                ),
            ],
        ),
        HeldOut("none qualifies", {"team": "legal"}),
        HeldOut("all qualify", {"team": "ops"}),
    ],
)

# --------------------------------------------------------------------------- refunds

REFUNDS: dict[str, tuple[str, float]] = {
    "R-1": ("ana@example.test", 35.0),
    "R-2": ("ben@example.test", 480.0),
    "R-3": ("cy@example.test", 120.0),
    "R-4": ("di@example.test", 200.0),
    "R-5": ("ed@example.test", 200.01),
}


class RefundRequest(BaseModel):
    id: str
    customer: str
    amount: float


@action(read_only=True)
def get_refund_request(request_id: str) -> RefundRequest:
    """A customer's refund request."""
    customer, amount = REFUNDS[request_id]
    return RefundRequest(id=request_id, customer=customer, amount=amount)


@action
def issue_refund(request_id: str, amount: float) -> str:
    """Pay the refund back to the customer's card; returns the payment id."""
    effect("issue_refund", request_id, amount)
    return f"pay-{request_id}"


@action
def escalate(request_id: str, note: str) -> str:
    """Hand the request to a supervisor with a short note; returns the escalation id."""
    effect("escalate", request_id)
    return f"esc-{request_id}"


refunds: Task[Any] = Task(
    "Refund the customer the amount of the refund request. If the amount is over 200, do not "
    "refund it yourself: escalate the request to a supervisor instead. Report whether you "
    "escalated it.",
    name="refunds",
    inputs={"request_id": str},
    outputs={"escalated": bool},
    actions=[get_refund_request, issue_refund, escalate],
)


def refunds_reference(inputs: dict[str, Any]) -> Expected:
    rid = inputs["request_id"]
    amount = REFUNDS[rid][1]
    if amount > 200:
        return Expected([("escalate", rid)], {"escalated": True})
    return Expected([("issue_refund", rid, amount)], {"escalated": False})


ESCALATE = [
    say(
        "The amount is over 200, so I escalate the request instead of refunding it.",
        "escalate",
        request_id=ref("request_id"),
        note="Refund over 200: please review.",
    ),
    say("Escalated.", "finish", escalated=ref("escalated")),
]
"""What an agent does from the side exit of a request over 200."""

REFUNDS_CASE = Case(
    task=refunds,
    features=("decision recorded False", "both sides act"),
    recorded={"request_id": "R-1"},
    answers=[
        AIResponse(
            content="I read the refund request.",
            tool_calls=[ToolCall("get_refund_request", {"request_id": {"$ref": "request_id"}})],
        ),
        AIResponse(
            content="I check whether the amount is over 200.",
            tool_calls=[ToolCall("compute", {"expression": "get_refund_request_1.amount > 200"})],
        ),
        AIResponse(
            content="It is not, so I refund it directly.",
            tool_calls=[
                ToolCall(
                    "issue_refund",
                    {
                        "request_id": {"$ref": "request_id"},
                        "amount": {"$ref": "get_refund_request_1.amount"},
                    },
                )
            ],
        ),
        AIResponse(
            content="Refunded without escalation.",
            tool_calls=[ToolCall("finish", {"escalated": {"$ref": "compute_1"}})],
        ),
    ],
    reference=refunds_reference,
    held_out=[
        HeldOut("over 200: other branch", {"request_id": "R-2"}, ESCALATE),
        HeldOut("under 200, same branch", {"request_id": "R-3"}),
        HeldOut("exactly 200", {"request_id": "R-4"}),
        HeldOut("200.01: other branch", {"request_id": "R-5"}, ESCALATE),
    ],
)

# --------------------------------------------------------------------------- overdue notices

OVERDUE: dict[str, list[tuple[str, int]]] = {
    # customer: (invoice id, days overdue)
    "Northwind": [("N-1", 45), ("N-2", 10), ("N-3", 0), ("N-4", 31)],
    "Contoso": [("K-1", 5), ("K-2", 90), ("K-3", 30), ("K-4", 0), ("K-5", 12)],
    "Fabrikam": [("F-1", 0), ("F-2", 0)],
    "Tailspin": [("T-1", 60), ("T-2", 61)],
}


class DueInvoice(BaseModel):
    id: str
    days_overdue: int


@action(read_only=True)
def list_due_invoices(customer: str) -> list[DueInvoice]:
    """A customer's open invoices with how many days each is overdue (0: not yet due)."""
    return [DueInvoice(id=i, days_overdue=d) for i, d in OVERDUE[customer]]


@action
def send_overdue_reminder(invoice_id: str) -> None:
    """Send a friendly reminder for an overdue invoice."""
    effect("send_overdue_reminder", invoice_id)


@action
def send_final_notice(invoice_id: str) -> None:
    """Send a final notice before collection for an overdue invoice."""
    effect("send_final_notice", invoice_id)


overdue: Task[Any] = Task(
    "Go through the customer's overdue invoices in order: send a final notice for each one more "
    "than 30 days overdue and a friendly reminder for the others. Invoices not yet due get "
    "nothing. Report how many final notices and reminders you sent.",
    name="overdue_notices",
    inputs={"customer": str},
    outputs={"final_notices": int, "reminders": int},
    actions=[list_due_invoices, send_overdue_reminder, send_final_notice],
)


def overdue_reference(inputs: dict[str, Any]) -> Expected:
    effects: list[tuple[Any, ...]] = []
    for invoice, days in OVERDUE[inputs["customer"]]:
        if days > 30:
            effects.append(("send_final_notice", invoice))
        elif days > 0:
            effects.append(("send_overdue_reminder", invoice))
    finals = sum(1 for e in effects if e[0] == "send_final_notice")
    return Expected(effects, {"final_notices": finals, "reminders": len(effects) - finals})


OVERDUE_COUNTS = [
    say(
        "I count the final notices.",
        "compute",
        expression="len([i for i in due_invoices if i.days_overdue > 30])",
    ),
    say(
        "And the reminders.",
        "compute",
        expression="len([i for i in due_invoices if 0 < i.days_overdue <= 30])",
    ),
    say("Done.", "finish", final_notices=ref("compute_1"), reminders=ref("compute_2")),
]
"""How a fallback agent ends an overdue run: it counts what it sent in ``compute``."""

OVERDUE_CASE = Case(
    task=overdue,
    features=("action result", "two filters interleaved (a branch in the body)", "$ref"),
    recorded={"customer": "Northwind"},
    answers=[
        AIResponse(
            content="I list the customer's open invoices.",
            tool_calls=[ToolCall("list_due_invoices", {"customer": {"$ref": "customer"}})],
        ),
        AIResponse(
            content="N-1 is 45 days overdue: final notice. N-2 is 10 days overdue: reminder. "
            "N-3 is not due. N-4 is 31 days overdue: final notice.",
            tool_calls=[
                ToolCall("send_final_notice", {"invoice_id": {"$ref": "list_due_invoices_1.0.id"}}),
                ToolCall(
                    "send_overdue_reminder", {"invoice_id": {"$ref": "list_due_invoices_1.1.id"}}
                ),
                ToolCall("send_final_notice", {"invoice_id": {"$ref": "list_due_invoices_1.3.id"}}),
            ],
        ),
        AIResponse(
            content="Two final notices and one reminder sent.",
            tool_calls=[ToolCall("finish", {"final_notices": 2, "reminders": 1})],
        ),
    ],
    reference=overdue_reference,
    held_out=[
        HeldOut(
            "1 final, 3 reminders",
            {"customer": "Contoso"},
            [
                AIResponse(
                    content="K-1 is 5 days overdue: reminder. K-2 is 90: final notice. K-3 is "
                    "30: reminder. K-4 is not due. K-5 is 12: reminder.",
                    tool_calls=[
                        ToolCall("send_overdue_reminder", {"invoice_id": ref("due_invoices.0.id")}),
                        ToolCall("send_final_notice", {"invoice_id": ref("due_invoices.1.id")}),
                        ToolCall("send_overdue_reminder", {"invoice_id": ref("due_invoices.2.id")}),
                        ToolCall("send_overdue_reminder", {"invoice_id": ref("due_invoices.4.id")}),
                    ],
                ),
                *OVERDUE_COUNTS,
            ],
        ),
        HeldOut("nothing due", {"customer": "Fabrikam"}, OVERDUE_COUNTS),
        HeldOut(
            "finals only",
            {"customer": "Tailspin"},
            [
                AIResponse(
                    content="T-1 and T-2 are both more than 30 days overdue: final notices.",
                    tool_calls=[
                        ToolCall("send_final_notice", {"invoice_id": ref("due_invoices.0.id")}),
                        ToolCall("send_final_notice", {"invoice_id": ref("due_invoices.1.id")}),
                    ],
                ),
                *OVERDUE_COUNTS,
            ],
        ),
    ],
)

CASES = [REMINDERS, EXPENSES_CASE, REFUNDS_CASE, OVERDUE_CASE]
