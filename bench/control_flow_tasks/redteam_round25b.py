"""Red team round 25b: changes after a two-sided loop that an "if ... any ..." clause names
(``_side_said``) and texts after the loop whose numbers the words write (``_numbers_told``).

One support world: stale tickets are closed (waiting on the customer) or escalated to tier 2
(waiting on us); what happens after the loop is what each task varies. Recorded the way a
GPT-class agent acts: one tool call a turn, ids by ``$ref``, the decision in a ``compute``,
counts typed in ``finish``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, HeldOut, effect
from ._tickets_kit import Desk, Later, Post, done, when


class Customer(BaseModel):
    name: str
    plan: str


class Ticket(BaseModel):
    id: str
    subject: str
    priority: str
    waiting_on: str  # customer | us
    hours_idle: int
    customer: Customer


def _t(waiting: str, plan: str = "pro", hours: int = 72, prio: str = "normal") -> dict[str, Any]:
    return {"waiting_on": waiting, "plan": plan, "hours_idle": hours, "priority": "normal"}


TICKETS: dict[str, dict[str, Any]] = {
    "T-1": _t("customer", hours=120),
    "T-2": _t("us", hours=50, prio="high"),
    "T-3": _t("us", hours=80),
    "T-4": _t("customer", hours=200, prio="low"),
    "T-5": _t("us", plan="enterprise", hours=60, prio="high"),
    "T-11": _t("customer", hours=99),
    "T-12": _t("us", hours=72, prio="low"),
    "T-13": _t("customer", hours=300, prio="high"),
    "T-14": _t("us", hours=49, prio="urgent"),
    "T-16": _t("customer", hours=73),
    "T-6": _t("us", hours=90),
}
REJECTED = {"T-6"}  # tier 2 refuses this escalation (the call returns a rejection)

QUEUES: dict[str, list[str]] = {
    "billing": ["T-1", "T-2", "T-3", "T-4"],  # 2 closed, 2 escalated
    "billing_rej": ["T-1", "T-2", "T-6", "T-4"],  # 2 closed, 2 escalated, T-6 rejected
    "vipmix": ["T-1", "T-5", "T-3", "T-4"],  # an enterprise ticket escalated
    "web": ["T-11", "T-12"],  # one each
    "api": ["T-12", "T-14"],  # all escalated, none closed
    "closers": ["T-11", "T-13", "T-16"],  # all closed, none escalated
    "mobile": [],
    "three": ["T-12", "T-14", "T-2", "T-11"],  # 3 escalated, 1 closed
    "one_esc": ["T-11", "T-13", "T-14"],  # 2 closed, 1 escalated
    "internal": ["T-11", "T-12"],  # internal queue: never email (words)
    "ent": ["T-5", "T-11"],
}


@action(read_only=True)
def list_stale_tickets(queue: str) -> list[str]:
    """The ids of the queue's tickets idle for more than 48 hours."""
    return list(QUEUES[queue])


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """One ticket: subject, priority (low, normal, high, urgent), who it waits on (customer or
    us), hours idle and the customer (name, plan: free, pro or enterprise)."""
    row = dict(TICKETS[ticket_id])
    plan = row.pop("plan")
    return Ticket(
        id=ticket_id, subject=f"Issue {ticket_id}", customer=Customer(name="Acme", plan=plan), **row
    )


@action
def close_ticket(ticket_id: str, note: str) -> str:
    """Close a ticket with a note to the customer."""
    effect("close_ticket", ticket_id, note)
    return "closed"


@action
def escalate_ticket(ticket_id: str, tier: int) -> str:
    """Ask a support tier (2 or 3) to take a ticket over. Returns 'accepted' or 'rejected: <why>'
    (a rejected ticket stays with us)."""
    effect("escalate_ticket", ticket_id, tier)
    return "rejected: queue is full" if ticket_id in REJECTED else "accepted"


@action
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email."""
    effect("send_email", to, subject, body)
    return "sent"


@action
def post_message(channel: str, text: str) -> str:
    """Post a message in a team chat channel."""
    effect("post_message", channel, text)
    return "posted"


NOTE = "Closing for now - reply any time to reopen."
BASE = (
    "Go through the queue's stale tickets: close each ticket that is waiting on the customer "
    f"(note: '{NOTE}'), and escalate each one waiting on us to tier 2. "
)
LEAD = "support-lead@acme.test"
ACTIONS = [list_stale_tickets, get_ticket, close_ticket, escalate_ticket, send_email, post_message]

DESK = Desk(
    TICKETS,
    QUEUES,
    close_args={"note": NOTE},
    escalate_args={"tier": 2},
    next_why="Next ticket.",
    close_why="I close it.",
    escalate_why="Tier 2 for it.",
)
script = DESK.script
reference = DESK.reference


def held(*queues: str) -> list[HeldOut]:
    return [HeldOut(q, {"queue": q}) for q in queues]


ALL_HELD = ("web", "api", "closers", "mobile", "three", "one_esc")


def task(name: str, words: str) -> Task[Any]:
    return Task(
        BASE + words + " Report how many you closed and escalated.",
        name=name,
        inputs={"queue": str},
        outputs={"closed": int, "escalated": int},
        actions=ACTIONS,
    )


def ticket_case(
    name: str,
    words: str,
    feature: str,
    post: list[Post],
    later: Later,
    *,
    queue: str = "billing",
    more_held: tuple[str, ...] = (),
) -> Case:
    """A task of ``words`` recorded on ``queue`` (2 closed, 2 escalated, then the calls
    ``post``), held out on :data:`ALL_HELD` and ``more_held``; ``later`` gives the effects due
    after the loop on any queue."""
    return Case(
        task=task(name, words),
        features=(feature,),
        recorded={"queue": queue},
        answers=script(queue, post, {"closed": 2, "escalated": 2}),
        reference=reference(later),
        held_out=held(*ALL_HELD, *more_held),
    )


# ---------------------------------------------------------------- 1. two emails, two sentences
CS = "cs@acme.test"
LEAD_MAIL = (
    "I escalated some: I tell the lead.",
    "send_email",
    {
        "to": LEAD,
        "subject": "Stale ticket escalations",
        "body": "Some stale tickets were escalated today; please review them.",
    },
)
CS_MAIL = (
    "I closed some: customer success should follow up.",
    "send_email",
    {
        "to": CS,
        "subject": "Closed stale tickets",
        "body": "Some stale tickets waiting on customers were wrapped up today; please follow up "
        "with them.",
    },
)

TWO_EMAILS = ticket_case(
    "r25b_two_emails",
    f"If you escalated any, email the support lead ({LEAD}, subject 'Stale ticket "
    f"escalations') asking them to review. If you closed any, email customer success ({CS}, "
    "subject 'Closed stale tickets') so they can follow up with the customers.",
    "two send_email calls after the loop, each asked by its own 'if ... any' sentence",
    [LEAD_MAIL, CS_MAIL],
    lambda i, c, e: ([done(LEAD_MAIL)] if e else []) + ([done(CS_MAIL)] if c else []),
)

# ---------------------------------------------- 2. the sentence that names the action is another
POST = (
    "I closed some: I post it in #closures.",
    "post_message",
    {"channel": "closures", "text": "Stale tickets waiting on customers were wrapped up today."},
)
SEND_LEAD = (
    "I escalated some: email to the lead.",
    "send_email",
    {
        "to": LEAD,
        "subject": "Stale ticket escalations",
        "body": "Some stale tickets were escalated today; please review them.",
    },
)
WRONG_SENTENCE = ticket_case(
    "r25b_send_message_vs_email",
    "If you closed any, send a message to the 'closures' channel saying so. If you escalated "
    f"any, email the support lead ({LEAD}, subject 'Stale ticket escalations').",
    "'send a message' (post_message) sentence shares 'send' with send_email",
    [POST, SEND_LEAD],
    lambda i, c, e: ([done(POST)] if c else []) + ([done(SEND_LEAD)] if e else []),
)

# ------------------------------------------- 3. a negation the word list lacks ("couldn't")
COULDNT = (
    "Two could not be closed: I tell the lead.",
    "send_email",
    {
        "to": LEAD,
        "subject": "Tickets needing attention",
        "body": "Some stale tickets are waiting on us, so I could not close them; please review.",
    },
)
COULDNT_CLOSE = ticket_case(
    "r25b_couldnt_close",
    f"If any ticket couldn't be closed, email the support lead ({LEAD}, subject 'Tickets "
    "needing attention') so they can review.",
    "'if any ticket couldn't be closed' names close_ticket but means the other side",
    [COULDNT],
    when(COULDNT, lambda i, c, e: bool(e)),
)

# ------------------------------------------ 4. a qualifier inside the clause (enterprise only)
AM = "am@acme.test"
AM_MAIL = (
    "An enterprise ticket was escalated: I tell the account manager.",
    "send_email",
    {
        "to": AM,
        "subject": "Enterprise escalation",
        "body": "A ticket of a key account was escalated today; you may want to reach out.",
    },
)
ENTERPRISE = ticket_case(
    "r25b_enterprise_escalated",
    f"If you escalated any enterprise customer's ticket, email the account manager ({AM}, "
    "subject 'Enterprise escalation').",
    "'if you escalated any enterprise customer's ticket': a qualifier in the clause",
    [AM_MAIL],
    when(AM_MAIL, DESK.escalated_any("plan", "enterprise")),
    queue="vipmix",
    more_held=("ent",),
)


# -------------------------------------- 5. a count in the text that reads like the words' 'tier 2'
def tier_body(n: int) -> str:
    return f"Escalated to tier 2: {n} tickets. Please review them today."


TIER_MAIL = (
    "I tell the lead how many.",
    "send_email",
    {"to": LEAD, "subject": "Stale ticket escalations", "body": tier_body(2)},
)
TIER_COUNT = ticket_case(
    "r25b_tier_count_text",
    f"If you escalated any, email the support lead ({LEAD}, subject 'Stale ticket "
    "escalations') saying how many you escalated.",
    "text 'Escalated to tier 2: 2 tickets': the count sits after 'tier'",
    [TIER_MAIL],
    lambda i, c, e: (
        [("send_email", LEAD, "Stale ticket escalations", tier_body(len(e)))] if e else []
    ),
)

# ------------------------------------------ 6. 'if any escalation was rejected' (a tool result)
REJ_MAIL = (
    "Tier 2 rejected one: I tell the lead.",
    "send_email",
    {
        "to": LEAD,
        "subject": "Rejected escalations",
        "body": "Tier 2 rejected an escalation today; the ticket is still with us.",
    },
)
REJECTED_ESC = ticket_case(
    "r25b_escalation_rejected",
    f"If any escalation was rejected by tier 2, email the support lead ({LEAD}, subject "
    "'Rejected escalations').",
    "clause names escalate but depends on what the call returned",
    [REJ_MAIL],
    when(REJ_MAIL, lambda i, c, e: any(t in REJECTED for t in e)),
    queue="billing_rej",
)


# ----------------------------------- 7. '2 or more' and a text whose count the words also write
def more_body(n: int) -> str:
    return f"Escalated {n} tickets to tier 2 today."


MORE_MAIL = (
    "Two or more: I tell the lead.",
    "send_email",
    {"to": LEAD, "subject": "Escalations", "body": more_body(2)},
)
TWO_OR_MORE = ticket_case(
    "r25b_escalated_2_or_more",
    f"If you escalated 2 or more, email the support lead ({LEAD}, subject 'Escalations') "
    "saying how many you escalated.",
    "threshold in the clause; text 'Escalated 2 tickets to tier 2' of 'escalated 2'",
    [MORE_MAIL],
    lambda i, c, e: (
        [("send_email", LEAD, "Escalations", more_body(len(e)))] if len(e) >= 2 else []
    ),
)

# --------------------------------------------------- 8. a condition after the clause's comma
UNLESS = ticket_case(
    "r25b_unless_internal",
    f"If you escalated any, email the support lead ({LEAD}, subject 'Stale ticket "
    "escalations') asking them to review, unless the queue is 'internal' (its escalations "
    "page the on-call engineer by themselves).",
    "'unless the queue is internal' after the clause's comma",
    [LEAD_MAIL],
    when(LEAD_MAIL, lambda i, c, e: bool(e) and i["queue"] != "internal"),
    more_held=("internal",),
)

REJECTED_NO_DIGIT = ticket_case(
    "r25b_escalation_refused",
    f"If any escalation was refused, email the support lead ({LEAD}, subject "
    "'Rejected escalations').",
    "clause names escalate but depends on what the call returned (no digit)",
    [REJ_MAIL],
    when(REJ_MAIL, lambda i, c, e: any(t in REJECTED for t in e)),
    queue="billing_rej",
)

CASES = [
    REJECTED_NO_DIGIT,
    TWO_EMAILS,
    WRONG_SENTENCE,
    COULDNT_CLOSE,
    ENTERPRISE,
    TIER_COUNT,
    REJECTED_ESC,
    TWO_OR_MORE,
    UNLESS,
]
