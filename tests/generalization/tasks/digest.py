"""Support: post a digest of a team's urgent open tickets to the team's channel."""

from __future__ import annotations

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, HeldOut

TEAMS = [
    {"name": "payments", "lead": "r.iyer@corp.test", "channel": "#payments-alerts"},
    {"name": "search", "lead": "k.osei@corp.test", "channel": "#search-oncall"},
    {"name": "mobile", "lead": "j.berg@corp.test", "channel": "#mobile-triage"},
    {"name": "infra", "lead": "s.wolf@corp.test", "channel": "#infra-pager"},
]
TICKETS = [
    {"id": "PAY-12", "team": "payments", "priority": 1, "status": "open"},
    {"id": "PAY-15", "team": "payments", "priority": 3, "status": "open"},
    {"id": "PAY-9", "team": "payments", "priority": 2, "status": "open"},
    {"id": "PAY-4", "team": "payments", "priority": 1, "status": "closed"},
    {"id": "SRC-3", "team": "search", "priority": 2, "status": "open"},
    {"id": "SRC-8", "team": "search", "priority": 4, "status": "open"},
    {"id": "MOB-21", "team": "mobile", "priority": 1, "status": "open"},
    {"id": "MOB-20", "team": "mobile", "priority": 1, "status": "open"},
    {"id": "MOB-2", "team": "mobile", "priority": 3, "status": "closed"},
    {"id": "INF-40", "team": "infra", "priority": 3, "status": "open"},
    {"id": "INF-41", "team": "infra", "priority": 2, "status": "closed"},
]
POSTED: list[tuple[str, str]] = []


class Team(BaseModel):
    name: str
    lead: str
    channel: str


class Ticket(BaseModel):
    id: str
    team: str
    priority: int
    status: str


@action(read_only=True)
def get_team(team: str) -> Team:
    """A team, with its chat channel."""
    return Team(**next(t for t in TEAMS if t["name"] == team))


@action(read_only=True)
def list_tickets(team: str) -> list[Ticket]:
    """All tickets of a team (priority 1 is the most urgent)."""
    return [Ticket(**t) for t in TICKETS if t["team"] == team]


@action(read_only=True)
def get_sla_policy(priority: int) -> dict[str, int]:
    """Response-time targets for a priority, in hours."""
    return {"respond_h": priority * 4, "resolve_h": priority * 24}


@action
def post_message(channel: str, text: str) -> str:
    """Post to a chat channel (with its leading #); returns the message id."""
    if not channel.startswith("#") or channel not in {t["channel"] for t in TEAMS}:
        raise ValueError(f"unknown channel {channel!r}")
    POSTED.append((channel, text))
    return f"msg-{channel[1:]}-{len(text)}"


task = Task(
    "Post to the team's channel a digest of its open tickets with priority max_priority or more "
    "urgent (a lower number), listing their ids in order. Report how many there are and the "
    "message id.",
    name="digest",
    inputs={"team": str, "max_priority": int},
    outputs={"count": int, "message_id": str},
    actions=[get_team, list_tickets, get_sla_policy, post_message],
)

MOCKS = [
    AIResponse(
        content="Getting the team's channel.",
        tool_calls=[ToolCall("get_team", {"team": "payments"})],
    ),
    AIResponse(
        content="Listing its tickets and the SLA for this priority.",
        tool_calls=[
            ToolCall("list_tickets", {"team": "payments"}),
            ToolCall("get_sla_policy", {"priority": 2}),
        ],
    ),
    AIResponse(
        content="The urgent open tickets, sorted, and the digest text.",
        tool_calls=[
            ToolCall(
                "compute",
                {
                    "expression": "sorted(t.id for t in list_tickets_1 "
                    "if t.status == 'open' and t.priority <= max_priority)"
                },
            ),
            ToolCall(
                "compute",
                {
                    "expression": 'f"{len(compute_1)} urgent open tickets for {team}: '
                    "{', '.join(compute_1)}\""
                },
            ),
        ],
    ),
    AIResponse(
        content="Posting the digest.",
        tool_calls=[
            ToolCall("post_message", {"channel": "payments-alerts", "text": {"$ref": "compute_2"}})
        ],
    ),
    AIResponse(
        content="The channel needs its #.",
        tool_calls=[
            ToolCall("post_message", {"channel": "#payments-alerts", "text": {"$ref": "compute_2"}})
        ],
    ),
    AIResponse(
        content="Counting them for the report.",
        tool_calls=[ToolCall("compute", {"expression": "len(compute_1)"})],
    ),
    AIResponse(
        content="Done.",
        tool_calls=[
            ToolCall(
                "finish", {"count": {"$ref": "compute_3"}, "message_id": {"$ref": "post_message_1"}}
            )
        ],
    ),
]


def _message_id(channel: str, count: int, team: str, ids: list[str]) -> str:
    return f"msg-{channel[1:]}-{len(f'{count} urgent open tickets for {team}: ' + ', '.join(ids))}"


CASE = Case(
    task=task,
    recorded={"team": "payments", "max_priority": 2},
    mocks=MOCKS,
    held_out=[
        HeldOut(
            {"team": "search", "max_priority": 2},
            {"count": 1, "message_id": _message_id("#search-oncall", 1, "search", ["SRC-3"])},
        ),
        HeldOut(
            {"team": "mobile", "max_priority": 1},
            {
                "count": 2,
                "message_id": _message_id("#mobile-triage", 2, "mobile", ["MOB-20", "MOB-21"]),
            },
        ),
        HeldOut(
            {"team": "payments", "max_priority": 3},
            {
                "count": 3,
                "message_id": _message_id(
                    "#payments-alerts", 3, "payments", ["PAY-12", "PAY-15", "PAY-9"]
                ),
            },
        ),
        HeldOut(
            {"team": "infra", "max_priority": 4},
            {"count": 1, "message_id": _message_id("#infra-pager", 1, "infra", ["INF-40"])},
        ),
    ],
)
