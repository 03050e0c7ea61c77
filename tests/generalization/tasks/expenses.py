"""Finance: submit an employee's approved expenses of a month to their manager."""

from __future__ import annotations

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, HeldOut

EMPLOYEES = [
    {"id": "E-7", "name": "Dana Scully", "manager_id": "E-2", "cost_center": "CC-40"},
    {"id": "E-8", "name": "Fox Mulder", "manager_id": "E-2", "cost_center": "CC-40"},
    {"id": "E-11", "name": "Walter Skinner", "manager_id": "E-1", "cost_center": "CC-10"},
    {"id": "E-15", "name": "Monica Reyes", "manager_id": "E-11", "cost_center": "CC-12"},
]
EXPENSES = [
    {"id": "X-1", "employee_id": "E-7", "month": "2025-03", "amount": 212.4, "approved": True},
    {"id": "X-2", "employee_id": "E-7", "month": "2025-03", "amount": 35.0, "approved": False},
    {"id": "X-3", "employee_id": "E-7", "month": "2025-03", "amount": 200.4, "approved": True},
    {"id": "X-4", "employee_id": "E-7", "month": "2025-04", "amount": 18.9, "approved": True},
    {"id": "X-5", "employee_id": "E-8", "month": "2025-03", "amount": 1250.0, "approved": True},
    {"id": "X-6", "employee_id": "E-8", "month": "2025-03", "amount": 49.99, "approved": True},
    {"id": "X-7", "employee_id": "E-11", "month": "2025-05", "amount": 77.7, "approved": False},
    {"id": "X-8", "employee_id": "E-11", "month": "2025-05", "amount": 15.3, "approved": True},
    {"id": "X-9", "employee_id": "E-15", "month": "2025-04", "amount": 640.0, "approved": True},
    {"id": "X-10", "employee_id": "E-15", "month": "2025-04", "amount": 60.0, "approved": True},
    {"id": "X-11", "employee_id": "E-15", "month": "2025-04", "amount": 9.5, "approved": True},
]


class Employee(BaseModel):
    id: str
    name: str
    manager_id: str
    cost_center: str


class Expense(BaseModel):
    id: str
    employee_id: str
    month: str
    amount: float
    approved: bool


class Receipt(BaseModel):
    receipt_id: str
    total: float


@action(read_only=True)
def get_employee(employee_id: str) -> Employee:
    """An employee, with their manager."""
    return Employee(**next(e for e in EMPLOYEES if e["id"] == employee_id))


@action(read_only=True)
def list_expenses(employee_id: str, month: str) -> list[Expense]:
    """An employee's expenses of a month (YYYY-MM)."""
    return [
        Expense(**x) for x in EXPENSES if x["employee_id"] == employee_id and x["month"] == month
    ]


@action(read_only=True)
def get_currency_rates() -> dict[str, float]:
    """Today's exchange rates to EUR."""
    return {"USD": 0.92, "GBP": 1.17}


@action
def submit_report(manager_id: str, total: float, item_count: int, title: str) -> Receipt:
    """Submit an expense report to a manager for payout."""
    return Receipt(receipt_id=f"RC-{manager_id}-{item_count}-{round(total)}", total=total)


task = Task(
    "Submit the employee's approved expenses of the month to their manager, titled with the "
    "month and the employee's name. Report the total, the number of items and the receipt id.",
    name="expenses",
    inputs={"employee_id": str, "month": str},
    outputs={"total": float, "items": int, "receipt": str},
    actions=[get_employee, list_expenses, get_currency_rates, submit_report],
)

MOCKS = [
    AIResponse(
        content="Who is the employee and who approves their expenses?",
        tool_calls=[ToolCall("get_employee", {"employee_id": "E-7"})],
    ),
    AIResponse(
        content="Their expenses this month, and today's rates.",
        tool_calls=[
            ToolCall("list_expenses", {"employee_id": "E-7", "month": "2025-03"}),
            ToolCall("get_currency_rates", {}),
        ],
    ),
    AIResponse(
        content="Approved items, their total and count.",
        tool_calls=[
            ToolCall("compute", {"expression": "[x for x in list_expenses_1 if x.approved]"}),
            ToolCall("compute", {"expression": "round(sum(x.amount for x in compute_1), 2)"}),
            ToolCall("compute", {"expression": "len(compute_1)"}),
        ],
    ),
    AIResponse(
        content="Submitting the report.",
        tool_calls=[
            ToolCall(
                "submit_report",
                {
                    "manager_id": "E-2",
                    "total": "412.80 EUR",
                    "item_count": {"$ref": "compute_3"},
                    "title": "Expenses 2025-03 — Dana Scully",
                },
            )
        ],
    ),
    AIResponse(
        content="The total must be a number.",
        tool_calls=[
            ToolCall(
                "submit_report",
                {
                    "manager_id": "E-2",
                    "total": 412.8,
                    "item_count": {"$ref": "compute_3"},
                    "title": "Expenses 2025-03 — Dana Scully",
                },
            )
        ],
    ),
    AIResponse(
        content="Submitted.",
        tool_calls=[
            ToolCall(
                "finish",
                {
                    "total": {"$ref": "compute_2"},
                    "items": {"$ref": "compute_3"},
                    "receipt": "RC-E-2-2-413",
                },
            )
        ],
    ),
]

CASE = Case(
    task=task,
    recorded={"employee_id": "E-7", "month": "2025-03"},
    mocks=MOCKS,
    held_out=[
        HeldOut(
            {"employee_id": "E-8", "month": "2025-03"},
            {"total": 1299.99, "items": 2, "receipt": "RC-E-2-2-1300"},
        ),
        HeldOut(
            {"employee_id": "E-11", "month": "2025-05"},
            {"total": 15.3, "items": 1, "receipt": "RC-E-1-1-15"},
        ),
        HeldOut(
            {"employee_id": "E-15", "month": "2025-04"},
            {"total": 709.5, "items": 3, "receipt": "RC-E-11-3-710"},
        ),
        HeldOut(
            {"employee_id": "E-7", "month": "2025-04"},
            {"total": 18.9, "items": 1, "receipt": "RC-E-2-1-19"},
        ),
    ],
)
