"""Accounts receivable: send a customer a statement of everything they still owe."""

from __future__ import annotations

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, HeldOut

CUSTOMERS = [
    {"id": "C-101", "name": "Acme Corp", "email": "ap@acme.test", "currency": "EUR"},
    {"id": "C-102", "name": "Globex", "email": "billing@globex.test", "currency": "USD"},
    {"id": "C-103", "name": "Initech", "email": "finance@initech.test", "currency": "EUR"},
    {"id": "C-104", "name": "Umbrella", "email": "accounts@umbrella.test", "currency": "GBP"},
    {"id": "C-105", "name": "Hooli", "email": "pay@hooli.test", "currency": "USD"},
]
INVOICES = [
    {"id": "INV-1", "customer_id": "C-101", "amount": 1200.0, "status": "open"},
    {"id": "INV-2", "customer_id": "C-101", "amount": 80.5, "status": "paid"},
    {"id": "INV-3", "customer_id": "C-101", "amount": 310.25, "status": "overdue"},
    {"id": "INV-4", "customer_id": "C-102", "amount": 999.99, "status": "overdue"},
    {"id": "INV-5", "customer_id": "C-102", "amount": 45.0, "status": "open"},
    {"id": "INV-6", "customer_id": "C-102", "amount": 12.0, "status": "open"},
    {"id": "INV-7", "customer_id": "C-103", "amount": 700.0, "status": "paid"},
    {"id": "INV-8", "customer_id": "C-103", "amount": 64.3, "status": "open"},
    {"id": "INV-9", "customer_id": "C-104", "amount": 5000.0, "status": "paid"},
    {"id": "INV-10", "customer_id": "C-104", "amount": 250.0, "status": "paid"},
    {"id": "INV-11", "customer_id": "C-105", "amount": 18.75, "status": "overdue"},
    {"id": "INV-12", "customer_id": "C-105", "amount": 1.25, "status": "open"},
    {"id": "INV-13", "customer_id": "C-105", "amount": 300.0, "status": "paid"},
    {"id": "INV-14", "customer_id": "C-105", "amount": 99.0, "status": "open"},
]
RATES = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}
SENT: list[dict[str, object]] = []


class Customer(BaseModel):
    id: str
    name: str
    email: str
    currency: str


class Invoice(BaseModel):
    id: str
    customer_id: str
    amount: float
    status: str


@action(read_only=True)
def find_customer(name: str) -> Customer:
    """The customer with exactly this name (names are case-sensitive)."""
    for row in CUSTOMERS:
        if row["name"] == name:
            return Customer(**row)
    raise LookupError(f"no customer named {name!r}; names are case-sensitive")


@action(read_only=True)
def list_invoices(customer_id: str) -> list[Invoice]:
    """Every invoice of a customer: status is open, overdue or paid."""
    return [Invoice(**r) for r in INVOICES if r["customer_id"] == customer_id]


@action(read_only=True)
def get_exchange_rate(currency: str) -> float:
    """How many EUR one unit of the currency is worth today."""
    return RATES[currency]


@action
def send_statement(email: str, total_due: float, invoice_ids: list[str], currency: str) -> str:
    """Email a statement of the listed invoices; returns the statement id."""
    SENT.append({"email": email, "total_due": total_due, "ids": invoice_ids})
    return f"ST-{email.split('@')[0]}-{len(invoice_ids)}"


task = Task(
    "Send the customer a statement of all their unpaid (open or overdue) invoices, in the "
    "customer's currency, and report the total due, how many invoices are unpaid and the "
    "statement id.",
    name="statement",
    inputs={"customer": str},
    outputs={"total_due": float, "open_count": int, "statement": str},
    actions=[find_customer, list_invoices, get_exchange_rate, send_statement],
)

MOCKS = [
    AIResponse(
        content="First I look the customer up.",
        tool_calls=[ToolCall("find_customer", {"name": "acme corp"})],
    ),
    AIResponse(
        content="Names are case-sensitive; using the exact name.",
        tool_calls=[ToolCall("find_customer", {"name": "Acme Corp"})],
    ),
    AIResponse(
        content="Now their invoices, and the exchange rate in case I need to convert.",
        tool_calls=[
            ToolCall("list_invoices", {"customer_id": "C-101"}),
            ToolCall("get_exchange_rate", {"currency": "EUR"}),
        ],
    ),
    AIResponse(
        content="Keeping the unpaid invoices, their total and their ids.",
        tool_calls=[
            ToolCall(
                "compute", {"expression": "[i for i in list_invoices_1 if i.status != 'paid']"}
            ),
            ToolCall("compute", {"expression": "round(sum(i.amount for i in compute_1), 2)"}),
            ToolCall("compute", {"expression": "[i.id for i in compute_1]"}),
        ],
    ),
    AIResponse(
        content="Sending the statement in the customer's currency.",
        tool_calls=[
            ToolCall(
                "send_statement",
                {
                    "email": "ap@acme.test",
                    "total_due": {"$ref": "compute_2"},
                    "invoice_ids": {"$ref": "compute_3"},
                    "currency": "EUR",
                },
            )
        ],
    ),
    AIResponse(
        content="Counting the unpaid invoices.",
        tool_calls=[ToolCall("compute", {"expression": "len(compute_1)"})],
    ),
    AIResponse(
        content="Done.",
        tool_calls=[
            ToolCall(
                "finish",
                {
                    "total_due": {"$ref": "compute_2"},
                    "open_count": {"$ref": "compute_4"},
                    "statement": "ST-ap-2",
                },
            )
        ],
    ),
]

CASE = Case(
    task=task,
    recorded={"customer": "Acme Corp"},
    mocks=MOCKS,
    held_out=[
        HeldOut(
            {"customer": "Globex"},
            {"total_due": 1056.99, "open_count": 3, "statement": "ST-billing-3"},
        ),
        HeldOut(
            {"customer": "Initech"},
            {"total_due": 64.3, "open_count": 1, "statement": "ST-finance-1"},
        ),
        HeldOut(
            {"customer": "Umbrella"},
            {"total_due": 0.0, "open_count": 0, "statement": "ST-accounts-0"},
        ),
        HeldOut(
            {"customer": "Hooli"}, {"total_due": 119.0, "open_count": 3, "statement": "ST-pay-3"}
        ),
    ],
)
