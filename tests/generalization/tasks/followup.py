"""Support: schedule a follow-up on a ticket some days after it was opened."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, HeldOut

TICKETS = [
    {"id": "T-1001", "subject": "Printer on fire", "opened": "2025-03-10", "assignee": "mchen"},
    {"id": "T-1002", "subject": "VPN drops hourly", "opened": "2025-02-27", "assignee": "okafor"},
    {"id": "T-1003", "subject": "Refund not received", "opened": "2024-12-30", "assignee": "mchen"},
    {"id": "T-1004", "subject": "Password reset loop", "opened": "2025-06-01", "assignee": "lund"},
    {
        "id": "T-1005",
        "subject": "Invoice in wrong currency",
        "opened": "2025-01-31",
        "assignee": "okafor",
    },
]
AGENTS = [
    {"username": "mchen", "name": "Mei Chen", "email": "m.chen@help.test"},
    {"username": "okafor", "name": "Ada Okafor", "email": "a.okafor@help.test"},
    {"username": "lund", "name": "Per Lund", "email": "p.lund@help.test"},
]
SCHEDULED: list[dict[str, str]] = []


class Ticket(BaseModel):
    id: str
    subject: str
    opened: str
    assignee: str


class Agent(BaseModel):
    username: str
    name: str
    email: str


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """A support ticket; `opened` is an ISO date."""
    return Ticket(**next(t for t in TICKETS if t["id"] == ticket_id))


@action(read_only=True)
def get_agent(username: str) -> Agent:
    """A support agent by username."""
    return Agent(**next(a for a in AGENTS if a["username"] == username))


@action(read_only=True)
def list_holidays() -> list[str]:
    """Public holidays this year (ISO dates)."""
    return ["2025-01-01", "2025-04-18", "2025-12-25"]


@action
def schedule_followup(ticket_id: str, due_date: str, assignee_email: str, note: str) -> str:
    """Schedule a follow-up; `due_date` must be an ISO date (YYYY-MM-DD). Returns its id."""
    try:
        date.fromisoformat(due_date)
    except ValueError:
        raise ValueError(f"due_date must be YYYY-MM-DD, got {due_date!r}") from None
    SCHEDULED.append({"ticket": ticket_id, "due": due_date, "to": assignee_email, "note": note})
    return f"FU-{ticket_id}-{due_date.replace('-', '')}"


task = Task(
    "Schedule a follow-up on the ticket `days` days after it was opened, assigned to the "
    "ticket's agent, with a note naming the ticket and its subject. Report the due date and the "
    "follow-up id.",
    name="followup",
    inputs={"ticket_id": str, "days": int},
    outputs={"due_date": str, "followup": str},
    actions=[get_ticket, get_agent, list_holidays, schedule_followup],
)

MOCKS = [
    AIResponse(
        content="Reading the ticket.",
        tool_calls=[ToolCall("get_ticket", {"ticket_id": "T-1001"})],
    ),
    AIResponse(
        content="Finding the assigned agent's email, and the holiday calendar.",
        tool_calls=[ToolCall("get_agent", {"username": "mchen"}), ToolCall("list_holidays", {})],
    ),
    AIResponse(
        content="The due date is the opening date plus the given days.",
        tool_calls=[
            ToolCall(
                "compute",
                {
                    "expression": "(date.fromisoformat(get_ticket_1.opened) "
                    "+ timedelta(days=days)).isoformat()"
                },
            )
        ],
    ),
    AIResponse(
        content="Scheduling the follow-up.",
        tool_calls=[
            ToolCall(
                "schedule_followup",
                {
                    "ticket_id": "T-1001",
                    "due_date": "13/03/2025",
                    "assignee_email": "m.chen@help.test",
                    "note": "Follow up on T-1001: Printer on fire",
                },
            )
        ],
    ),
    AIResponse(
        content="It wants an ISO date; using the computed one.",
        tool_calls=[
            ToolCall(
                "schedule_followup",
                {
                    "ticket_id": "T-1001",
                    "due_date": "2025-03-13",
                    "assignee_email": "m.chen@help.test",
                    "note": "Follow up on T-1001: Printer on fire",
                },
            )
        ],
    ),
    AIResponse(
        content="Done.",
        tool_calls=[
            ToolCall(
                "finish",
                {"due_date": {"$ref": "compute_1"}, "followup": {"$ref": "schedule_followup_1"}},
            )
        ],
    ),
]

CASE = Case(
    task=task,
    recorded={"ticket_id": "T-1001", "days": 3},
    mocks=MOCKS,
    held_out=[
        HeldOut(
            {"ticket_id": "T-1002", "days": 3},
            {"due_date": "2025-03-02", "followup": "FU-T-1002-20250302"},
        ),
        HeldOut(
            {"ticket_id": "T-1003", "days": 7},
            {"due_date": "2025-01-06", "followup": "FU-T-1003-20250106"},
        ),
        HeldOut(
            {"ticket_id": "T-1004", "days": 14},
            {"due_date": "2025-06-15", "followup": "FU-T-1004-20250615"},
        ),
        HeldOut(
            {"ticket_id": "T-1005", "days": 1},
            {"due_date": "2025-02-01", "followup": "FU-T-1005-20250201"},
        ),
    ],
)
