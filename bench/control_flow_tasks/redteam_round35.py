"""Round 35 probes: copied ids in decided loops, $ref lists after, filtered selections, batches."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ------------------------------------------------------------------ shared dental statements
class Statement(BaseModel):
    patient_id: str
    billed: float
    paid: float
    guarantor: str


BILL = {
    "PT-1": (200.0, 200.0, "PT-2"),
    "PT-2": (350.0, 100.0, "PT-2"),
    "PT-3": (90.0, 0.0, "PT-3"),
    "PT-4": (120.0, 120.0, "PT-4"),
    "PT-5": (60.0, 59.0, "PT-9"),
    "PT-6": (80.0, 10.0, "PT-6"),
    "PT-9": (50.0, 0.0, "PT-9"),
}


@action(read_only=True)
def get_statement(patient_id: str) -> Statement:
    """A patient's billed and paid amounts for the visit, and who guarantees the account."""
    b, p, g = BILL[patient_id]
    return Statement(patient_id=patient_id, billed=b, paid=p, guarantor=g)


@action
def send_balance_statement(patient_id: str) -> str:
    """Mail the patient a statement of their outstanding balance."""
    effect("send_balance_statement", patient_id)
    return "mailed"


# --------------------------------------------- 1 copies skipping a repeated id (visits list)
VISITS = {
    "mon": ["PT-1", "PT-2", "PT-2", "PT-3"],
    "tue": ["PT-4"],
    "wed": ["PT-6", "PT-2", "PT-6"],
    "thu": ["PT-3", "PT-2"],
}


@action(read_only=True)
def list_visits(day: str) -> list[str]:
    """Patient id of every visit at the clinic on a weekday (one seen twice is listed twice)."""
    return list(VISITS[day])


visits: Task[Any] = Task(
    "Go through the patients who visited on the day and mail a balance statement to anyone who "
    "has paid less than they were billed - one statement per patient, even if they came in "
    "twice. Report how many statements you mailed.",
    name="r35_visits_once",
    inputs={"day": str},
    outputs={"statements": int},
    actions=[list_visits, get_statement, send_balance_statement],
)


def visits_ref(i: dict[str, Any]) -> Expected:
    ids = [p for p in dict.fromkeys(VISITS[i["day"]]) if BILL[p][1] < BILL[p][0]]
    return Expected([("send_balance_statement", p) for p in ids], {"statements": len(ids)})


_v = [say("Who visited Monday?", "list_visits", day=ref("day"))]
for n, (pid, owes) in enumerate([("PT-1", False), ("PT-2", True), ("PT-3", True)], start=1):
    _v.append(
        say(f"Checking {pid} (PT-2 came twice, once is enough).", "get_statement", patient_id=pid)
    )
    _v.append(
        say(
            "Paid less?", "compute", expression=f"get_statement_{n}.paid < get_statement_{n}.billed"
        )
    )
    if owes:
        _v.append(say(f"{pid} owes, mailing.", "send_balance_statement", patient_id=pid))
_v.append(say("Two statements mailed.", "finish", statements=2))
CASES.append(
    Case(
        task=visits,
        features=("copied ids", "skip repeat"),
        recorded={"day": "mon"},
        answers=_v,
        reference=visits_ref,
        held_out=[
            HeldOut("ordinary 0 of 1", {"day": "tue"}),
            HeldOut("ordinary 2 distinct", {"day": "thu"}),
            HeldOut("adv repeat owes", {"day": "wed"}),
        ],
    )
)


# --------------------------------------------- 2 equal values in two lists (seen vs flagged)
SEEN = {
    "mon": ["PT-1", "PT-2", "PT-3"],
    "tue": ["PT-2", "PT-3"],
    "wed": ["PT-4"],
    "thu": ["PT-6", "PT-5"],
}
FLAGGED = {
    "mon": ["PT-1", "PT-2", "PT-3"],
    "tue": ["PT-6", "PT-2", "PT-3"],
    "wed": ["PT-4"],
    "thu": ["PT-6", "PT-5"],
}


@action(read_only=True)
def list_patients_seen(day: str) -> list[str]:
    """Patients who actually came in on a weekday."""
    return list(SEEN[day])


@action(read_only=True)
def list_flagged_accounts(day: str) -> list[str]:
    """Patients the front desk flagged for a billing check on a weekday."""
    return list(FLAGGED[day])


flagged: Task[Any] = Task(
    "Check the accounts the front desk flagged for the day, but only of patients who were "
    "actually seen that day; mail a balance statement to each of them who paid less than "
    "billed. Report how many you mailed.",
    name="r35_flagged_seen",
    inputs={"day": str},
    outputs={"statements": int},
    actions=[list_patients_seen, list_flagged_accounts, get_statement, send_balance_statement],
)


def flagged_ref(i: dict[str, Any]) -> Expected:
    ids = [p for p in FLAGGED[i["day"]] if p in SEEN[i["day"]] and BILL[p][1] < BILL[p][0]]
    return Expected([("send_balance_statement", p) for p in ids], {"statements": len(ids)})


_f = [
    say("Who was seen?", "list_patients_seen", day=ref("day")),
    say("And who is flagged?", "list_flagged_accounts", day=ref("day")),
]
for n, (pid, owes) in enumerate([("PT-1", False), ("PT-2", True), ("PT-3", True)], start=1):
    _f.append(say(f"{pid} was seen and flagged, checking.", "get_statement", patient_id=pid))
    _f.append(
        say(
            "Paid less?", "compute", expression=f"get_statement_{n}.paid < get_statement_{n}.billed"
        )
    )
    if owes:
        _f.append(say(f"{pid} owes.", "send_balance_statement", patient_id=pid))
_f.append(say("Two mailed.", "finish", statements=2))
CASES.append(
    Case(
        task=flagged,
        features=("copied ids", "two equal lists"),
        recorded={"day": "mon"},
        answers=_f,
        reference=flagged_ref,
        held_out=[
            HeldOut("ordinary same lists 0", {"day": "wed"}),
            HeldOut("ordinary same lists 2", {"day": "thu"}),
            HeldOut("adv flagged not seen", {"day": "tue"}),
        ],
    )
)


# ------------------------------------------- 3 copy that is also a field of an earlier lookup
HOUSE = {"A": ["PT-1", "PT-2", "PT-3"], "B": ["PT-5", "PT-6"], "C": ["PT-4"], "D": ["PT-1", "PT-3"]}


@action(read_only=True)
def list_household(account: str) -> list[str]:
    """The patients on a family account."""
    return list(HOUSE[account])


house: Task[Any] = Task(
    "For each patient on the family account, mail a balance statement if they paid less than "
    "they were billed. Report how many statements you mailed.",
    name="r35_household",
    inputs={"account": str},
    outputs={"statements": int},
    actions=[list_household, get_statement, send_balance_statement],
)


def house_ref(i: dict[str, Any]) -> Expected:
    ids = [p for p in HOUSE[i["account"]] if BILL[p][1] < BILL[p][0]]
    return Expected([("send_balance_statement", p) for p in ids], {"statements": len(ids)})


_h = [say("Family members?", "list_household", account=ref("account"))]
for n, (pid, owes) in enumerate([("PT-1", False), ("PT-2", True), ("PT-3", True)], start=1):
    _h.append(say(f"Checking {pid}.", "get_statement", patient_id=pid))
    _h.append(
        say(
            "Paid less?", "compute", expression=f"get_statement_{n}.paid < get_statement_{n}.billed"
        )
    )
    if owes:
        _h.append(say(f"{pid} owes.", "send_balance_statement", patient_id=pid))
_h.append(say("Two mailed.", "finish", statements=2))
CASES.append(
    Case(
        task=house,
        features=("copied ids", "copy equals earlier field"),
        recorded={"account": "A"},
        answers=_h,
        reference=house_ref,
        held_out=[
            HeldOut("ordinary 0 of 1", {"account": "C"}),
            HeldOut("ordinary 1 of 2", {"account": "D"}),
            HeldOut("adv guarantor differs", {"account": "B"}),
        ],
    )
)


# --------------------------------- 4 $ref list after the loop that is a hidden subset (highlights)
class Talk(BaseModel):
    id: str
    title: str
    avg_review: float


TALKS = {"T-1": 4.6, "T-2": 2.9, "T-3": 4.8, "T-4": 3.8, "T-5": 1.8, "T-6": 4.9, "T-7": 3.6}
TRACKS = {"ml": ["T-1", "T-2", "T-3"], "web": ["T-6"], "sec": ["T-5"], "db": ["T-4", "T-2", "T-6"]}


@action(read_only=True)
def list_submissions(track: str) -> list[str]:
    """Talk submission ids for a conference track."""
    return list(TRACKS[track])


@action(read_only=True)
def get_talk(talk_id: str) -> Talk:
    """A submission with its average review score (1-5)."""
    return Talk(id=talk_id, title=f"Talk {talk_id}", avg_review=TALKS[talk_id])


@action
def accept_talk(talk_id: str) -> str:
    """Accept a talk."""
    effect("accept_talk", talk_id)
    return "accepted"


@action
def reject_talk(talk_id: str) -> str:
    """Reject a talk."""
    effect("reject_talk", talk_id)
    return "rejected"


@action
def nominate_for_best_talk(talk_ids: list[str]) -> str:
    """Nominate talks for the best-talk award."""
    effect("nominate_for_best_talk", tuple(talk_ids))
    return "nominated"


high: Task[Any] = Task(
    "Accept every talk submitted to the track with an average review of 3.5 or higher and "
    "reject the rest. Then nominate the accepted talks rated 4.5 or higher for the best-talk "
    "award. Return how many you accepted.",
    name="r35_best_talk",
    inputs={"track": str},
    outputs={"accepted": int},
    actions=[list_submissions, get_talk, accept_talk, reject_talk, nominate_for_best_talk],
)


def high_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    acc = []
    for t in TRACKS[i["track"]]:
        if TALKS[t] >= 3.5:
            eff.append(("accept_talk", t))
            acc.append(t)
        else:
            eff.append(("reject_talk", t))
    best = [t for t in acc if TALKS[t] >= 4.5]
    if best:
        eff.append(("nominate_for_best_talk", tuple(best)))
    return Expected(eff, {"accepted": len(acc)})


_t = [say("Listing the submissions.", "list_submissions", track=ref("track"))]
for n, ok in enumerate([True, False, True], start=1):
    _t.append(say("Reading reviews.", "get_talk", talk_id=ref(f"list_submissions_1.{n-1}")))
    _t.append(say("3.5 or more?", "compute", expression=f"get_talk_{n}.avg_review >= 3.5"))
    if ok:
        _t.append(say("Accepting.", "accept_talk", talk_id=ref(f"get_talk_{n}.id")))
    else:
        _t.append(say("Rejecting.", "reject_talk", talk_id=ref(f"get_talk_{n}.id")))
_t.append(
    say(
        "Both accepted talks are rated 4.5+ (4.6 and 4.8), nominating them.",
        "nominate_for_best_talk",
        talk_ids=[ref("get_talk_1.id"), ref("get_talk_3.id")],
    )
)
_t.append(say("Done.", "finish", accepted=2))
CASES.append(
    Case(
        task=high,
        features=("both sides", "$ref list after", "hidden bound on the list"),
        recorded={"track": "ml"},
        answers=_t,
        reference=high_ref,
        held_out=[
            HeldOut("ordinary 1 high", {"track": "web"}),
            HeldOut("ordinary 0 of 1", {"track": "sec"}),
            HeldOut("adv accepted below 4.5", {"track": "db"}),
        ],
    )
)


# --------------------------- 5 filtered selection, words add a second condition on the field
class Claim(BaseModel):
    id: str
    policy: str
    amount: float


CLAIMS = {
    "queue-a": [("CL-1", "P1", 320.0), ("CL-2", "P2", 1800.0), ("CL-3", "P3", 95.5)],
    "queue-b": [("CL-4", "P4", 2500.0)],
    "queue-c": [("CL-5", "P5", 499.99), ("CL-6", "P6", 0.0), ("CL-7", "P7", 500.0)],
    "queue-d": [("CL-8", "P8", 120.0), ("CL-9", "P9", 0.0)],
}


@action(read_only=True)
def list_open_claims(queue: str) -> list[Claim]:
    """Open claims in a work queue."""
    return [Claim(id=c, policy=p, amount=a) for c, p, a in CLAIMS[queue]]


@action
def approve_claim(claim_id: str) -> str:
    """Approve a claim for payment."""
    effect("approve_claim", claim_id)
    return "approved"


claims: Task[Any] = Task(
    "Auto-approve every open claim in the queue whose amount is at most the auto-approval "
    "limit, but never a claim of exactly zero (those are data errors for an adjuster). "
    "Report how many you approved.",
    name="r35_claims_nonzero",
    inputs={"queue": str, "limit": float},
    outputs={"approved": int},
    actions=[list_open_claims, approve_claim],
)


def claims_ref(i: dict[str, Any]) -> Expected:
    ids = [c for c, _, a in CLAIMS[i["queue"]] if 0 < a <= i["limit"]]
    return Expected([("approve_claim", c) for c in ids], {"approved": len(ids)})


CASES.append(
    Case(
        task=claims,
        features=("filtered selection", "second condition on same field in words"),
        recorded={"queue": "queue-a", "limit": 500.0},
        answers=[
            say("Loading the open claims.", "list_open_claims", queue=ref("queue")),
            say(
                "Which are within the limit? (none are zero here)",
                "compute",
                expression="[c for c in list_open_claims_1 if c.amount <= limit]",
            ),
            say("Approving CL-1.", "approve_claim", claim_id=ref("compute_1.0.id")),
            say("Approving CL-3.", "approve_claim", claim_id=ref("compute_1.1.id")),
            say("Done.", "finish", approved=2),
        ],
        reference=claims_ref,
        held_out=[
            HeldOut("ordinary 0 of 1", {"queue": "queue-b", "limit": 500.0}),
            HeldOut("ordinary higher limit", {"queue": "queue-a", "limit": 2000.0}),
            HeldOut("adv zero claim", {"queue": "queue-c", "limit": 500.0}),
            HeldOut("adv zero claim 2", {"queue": "queue-d", "limit": 500.0}),
        ],
    )
)


# --------------------------- 6 batch over every item of the raw list (decision in the head)
class Story(BaseModel):
    id: str
    age_days: int


STORIES = {
    "web": [("S-1", 400), ("S-3", 800)],
    "app": [("S-5", 500)],
    "print": [("S-6", 3), ("S-7", 364)],
    "radio": [("S-8", 365), ("S-9", 1000), ("S-10", 366)],
}


@action(read_only=True)
def list_stories(channel: str) -> list[Story]:
    """Published stories of a channel with their age in days."""
    return [Story(id=s, age_days=a) for s, a in STORIES[channel]]


@action
def archive_stories(ids: list[str], reason: str) -> str:
    """Archive a batch of stories."""
    effect("archive_stories", tuple(ids), reason)
    return f"archived {len(ids)}"


arch: Task[Any] = Task(
    "Archive, in one batch with the reason 'older than a year', every story of the channel "
    "that is more than 365 days old. Return how many you archived.",
    name="r35_archive_all_listed",
    inputs={"channel": str},
    outputs={"archived": int},
    actions=[list_stories, archive_stories],
)


def arch_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, a in STORIES[i["channel"]] if a > 365]
    eff: list[Any] = [("archive_stories", tuple(ids), "older than a year")] if ids else []
    return Expected(eff, {"archived": len(ids)})


CASES.append(
    Case(
        task=arch,
        features=("batch of every item", "decision in head"),
        recorded={"channel": "web"},
        answers=[
            say("Listing the channel's stories.", "list_stories", channel=ref("channel")),
            say(
                "Both are over a year old (400 and 800 days); archiving them together.",
                "archive_stories",
                ids=[ref("list_stories_1.0.id"), ref("list_stories_1.1.id")],
                reason="older than a year",
            ),
            say("Two archived.", "finish", archived=2),
        ],
        reference=arch_ref,
        held_out=[
            HeldOut("ordinary 1 old", {"channel": "app"}),
            HeldOut("adv 2 of 3 incl 365", {"channel": "radio"}),
            HeldOut("adv none old", {"channel": "print"}, new_path=True),
        ],
    )
)

CASES = at_least_three(CASES)
