"""Red team round 27 (api): after-loop changes, distinct items, lacking fields, counts.
Labels starting ``adv:`` are adversarial held-out inputs; the others are ordinary."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import Items
from ._tickets_kit import Desk, Post, when

# =================================================================== 1. support tickets


class Customer(BaseModel):
    name: str
    plan: str


class Ticket(BaseModel):
    id: str
    subject: str
    priority: str
    waiting_on: str
    customer: Customer


def _t(waiting: str, plan: str = "pro", prio: str = "normal") -> dict[str, Any]:
    return {"waiting_on": waiting, "plan": plan, "priority": prio}


TICKETS: dict[str, dict[str, Any]] = {
    "T-1": _t("customer"),
    "T-2": _t("us"),
    "T-3": _t("us", plan="enterprise"),
    "T-4": _t("customer", plan="enterprise"),
    "T-11": _t("customer"),
    "T-12": _t("us"),
    "T-13": _t("customer", plan="enterprise"),
    "T-14": _t("us"),
    "T-15": _t("us", plan="enterprise"),
    "T-16": _t("customer"),
}
QUEUES: dict[str, list[Any]] = {
    "billing": ["T-1", "T-2", "T-3", "T-4"],
    "web": ["T-11", "T-12"],  # pro escalated
    "api": ["T-12", "T-14"],
    "closers": ["T-11", "T-13"],
    "mobile": [],
    "ent": ["T-15", "T-11"],  # enterprise escalated
    "mixed": ["T-16", "T-12", "T-15", "T-13"],
    # same ticket, spelled apart beyond case/space
    "dup_hash": ["#T-12", "T-12", "T-11"],
    "dup_zero": ["T-012", "T-12", "T-11"],
    "dup_nodash": ["T12", "T-12", "T-11"],
    "dup_url": ["https://desk.acme.test/tickets/T-12", "T-12", "T-11"],
}


def _canon(tid: Any) -> str:
    s = str(tid).strip().upper().rsplit("/", 1)[-1].lstrip("#")
    num = s.replace("T", "").replace("-", "")
    return f"T-{int(num)}"


@action(read_only=True)
def list_stale_tickets(queue: str) -> list[str]:
    """The ids of the queue's tickets idle for more than 48 hours, as people wrote them in the
    queue (a '#T-12' mention, a desk link or a bare 'T12' all name ticket T-12)."""
    return list(QUEUES[queue])


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """One ticket by any spelling of its id: subject, priority, who it waits on (customer or
    us) and the customer (name, plan: free, pro or enterprise)."""
    tid = _canon(ticket_id)
    row = dict(TICKETS[tid])
    plan = row.pop("plan")
    return Ticket(id=tid, subject=f"Issue {tid}", customer=Customer(name="Acme", plan=plan), **row)


@action
def close_ticket(ticket_id: str) -> str:
    """Close a ticket."""
    effect("close_ticket", _canon(ticket_id))
    return "closed"


@action
def escalate_ticket(ticket_id: str) -> str:
    """Hand a ticket to tier 2."""
    effect("escalate_ticket", _canon(ticket_id))
    return "accepted"


@action
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email."""
    effect("send_email", to, subject, body)
    return "sent"


TBASE = (
    "Go through the queue's stale tickets: close a ticket if it waits on the customer, and "
    "escalate it to the second-line team if it waits on us. "
)
TACTIONS = [list_stale_tickets, get_ticket, close_ticket, escalate_ticket, send_email]
AM = "am@acme.test"
LEAD = "lead@acme.test"


DESK = Desk(TICKETS, QUEUES, _canon)
t_script = DESK.script
t_reference = DESK.reference


ORDINARY = {"web", "closers", "mobile", "api", "ent", "mixed"}


def t_task(name: str, words: str, **more: type) -> Task[Any]:
    return Task(
        TBASE + words + " Report how many you closed and escalated.",
        name=name,
        inputs={"queue": str, **more},
        outputs={"closed": int, "escalated": int},
        actions=TACTIONS,
    )


def t_held(*queues: str, **more: Any) -> list[HeldOut]:
    return [
        HeldOut(
            (q if q in ORDINARY else f"adv: {q}") + "".join(f" {v}" for v in more.values()),
            {"queue": q, **more},
        )
        for q in queues
    ]


AM_MAIL: Post = (
    "An enterprise ticket was escalated: I tell the account manager.",
    "send_email",
    {"to": AM, "subject": "Enterprise escalation", "body": "An enterprise ticket was escalated."},
)


ent_escalated = when(AM_MAIL, DESK.escalated_any("plan", "enterprise"))


def am_case(name: str, words: str, feature: str) -> Case:
    """A task whose one call after the loop is the email to the account manager, due where an
    enterprise customer's ticket was escalated (recorded on the billing queue)."""
    return Case(
        task=t_task(name, words),
        features=(feature,),
        recorded={"queue": "billing"},
        answers=t_script("billing", [AM_MAIL], {"closed": 2, "escalated": 2}),
        reference=t_reference(ent_escalated),
        held_out=t_held("web", "api", "closers", "mobile", "ent", "mixed"),
    )


# --- 1a. the qualifier in the same sentence, before a semicolon
T_SEMI = am_case(
    "r27_semicolon_referent",
    f"Enterprise customers pay for a named account manager; if you escalated any, email "
    f"the account manager ({AM}, subject 'Enterprise escalation', body 'An enterprise ticket "
    f"was escalated.').",
    "'X; if you escalated any, email': the ';' splits the qualifier off",
)

# --- 1b. the call's sentence names which items, with no conditional word
T_GO_TO = am_case(
    "r27_enterprise_escalations_go_to",
    f"Escalations of enterprise customers' tickets go to their account manager by email "
    f"({AM}, subject 'Enterprise escalation', body 'An enterprise ticket was escalated.'), "
    f"one email for the whole queue.",
    "'enterprise escalations go to the AM by email': not conditional, qualified",
)

# --- 1c. 'whenever' (not 'when')
T_WHENEVER = am_case(
    "r27_whenever",
    f"Whenever you escalate an enterprise customer's ticket, email the account manager "
    f"({AM}, subject 'Enterprise escalation', body 'An enterprise ticket was escalated.') "
    f"once, after the whole queue.",
    "'whenever you escalate an enterprise ticket, email … once after'",
)

# --- 1d. a time condition on an input
WEEKLY: Post = (
    "It is Friday: the weekly summary to the lead.",
    "send_email",
    {"to": LEAD, "subject": "Weekly escalations", "body": "Stale tickets were triaged."},
)


fridays = when(WEEKLY, lambda i, c, e: i["weekday"] == "Friday")


T_FRIDAY = Case(
    task=t_task(
        "r27_on_fridays",
        f"On Fridays, also email the support lead ({LEAD}, subject 'Weekly escalations', body "
        "'Stale tickets were triaged.'). The weekday is given.",
        weekday=str,
    ),
    features=("'On Fridays, email the lead': a time condition on an input the calls never read",),
    recorded={"queue": "billing", "weekday": "Friday"},
    answers=t_script("billing", [WEEKLY], {"closed": 2, "escalated": 2}),
    reference=t_reference(fridays),
    held_out=[
        *t_held("web", "billing", weekday="Friday"),
        *[
            HeldOut(f"adv: {q} Monday", {"queue": q, "weekday": "Monday"})
            for q in ("billing", "web")
        ],
    ],
)


LEAD_MAIL: Post = (
    "I escalated some: I tell the lead.",
    "send_email",
    {"to": LEAD, "subject": "Escalations", "body": "Some stale tickets were escalated today."},
)
T_AWAY = Case(
    task=t_task(
        "r27_lead_away_fridays",
        f"If you escalated any, email the support lead ({LEAD}, subject 'Escalations', body "
        "'Some stale tickets were escalated today.'). The lead is away on Fridays, so leave that "
        "step out on a Friday. The weekday is given.",
        weekday=str,
    ),
    features=("a second sentence drops the email on Fridays with no narrowing word",),
    recorded={"queue": "billing", "weekday": "Tuesday"},
    answers=t_script("billing", [LEAD_MAIL], {"closed": 2, "escalated": 2}),
    reference=t_reference(when(LEAD_MAIL, lambda i, c, e: bool(e) and i["weekday"] != "Friday")),
    held_out=[
        *t_held("web", "api", "closers", "billing", weekday="Tuesday"),
        *[
            HeldOut(f"adv: {q} Friday", {"queue": q, "weekday": "Friday"})
            for q in ("billing", "web")
        ],
    ],
)


# --- 1e. the escalation count is the condition, written as a number word
two_or_more = when(LEAD_MAIL, lambda i, c, e: len(e) >= 2)


T_PAIR = Case(
    task=t_task(
        "r27_a_couple",
        f"Email the support lead ({LEAD}, subject 'Escalations', body 'Some stale tickets were "
        "escalated today.') if you escalated a couple "
        "or more; a single escalation she does not need to hear about.",
    ),
    features=("'a couple or more' (no digit): a count condition",),
    recorded={"queue": "billing"},
    answers=t_script("billing", [LEAD_MAIL], {"closed": 2, "escalated": 2}),
    reference=t_reference(two_or_more),
    held_out=t_held("web", "api", "closers", "mobile", "mixed"),
)

# --- 2. distinct items spelled apart beyond case and spacing
T_DUP = Case(
    task=t_task("r27_duplicate_spellings", ""),
    features=("'#T-12', 'T-012', 'T12', a desk link: the same ticket as 'T-12'",),
    recorded={"queue": "billing"},
    answers=t_script("billing", [], {"closed": 2, "escalated": 2}),
    reference=t_reference(lambda i, c, e: []),
    held_out=t_held(
        "web", "api", "closers", "mixed", "dup_hash", "dup_zero", "dup_nodash", "dup_url"
    ),
)

# ============================================ 2b. invitations: one address written two ways

INVITEES: dict[str, list[str]] = {
    "offsite": ["ana@acme.test", "bo@acme.test", "cy@acme.test"],
    "lunch": ["dee@acme.test", "eli@acme.test"],
    "none": [],
    "one": ["fay@acme.test"],
    "adv_named": ["Ana Lopez <ana@acme.test>", "ana@acme.test", "bo@acme.test"],
    "adv_mailto": ["mailto:bo@acme.test", "bo@acme.test"],
}


def _addr(a: str) -> str:
    a = a.strip()
    if "<" in a:
        a = a.split("<", 1)[1].rstrip(">")
    return a.removeprefix("mailto:").lower()


@action(read_only=True)
def list_invitees(event: str) -> list[str]:
    """The invitees of an event, as written on the sign-up sheet (addresses)."""
    return list(INVITEES[event])


@action
def send_invite(to: str, event: str) -> str:
    """Email an invitation for the event (the mail server reads 'Name <addr>' and 'mailto:')."""
    effect("send_invite", _addr(to), event)
    return "sent"


def inv_reference(inputs: dict[str, Any]) -> Expected:
    seen: list[str] = []
    for a in INVITEES[inputs["event"]]:
        if _addr(a) not in seen:
            seen.append(_addr(a))
    return Expected([("send_invite", a, inputs["event"]) for a in seen], {"invited": len(seen)})


INV_ANSWERS = [
    say("I list the invitees.", "list_invitees", event=ref("event")),
    *[
        say("Invite.", "send_invite", to=ref(f"list_invitees_1.{n}"), event=ref("event"))
        for n in range(3)
    ],
    say("Done.", "finish", invited=3),
]
INVITE = Case(
    task=Task(
        "Send the event's invitation to everyone on its invitee list, once each. "
        "Report how many you invited.",
        name="r27_invite_once_each",
        inputs={"event": str},
        outputs={"invited": int},
        actions=[list_invitees, send_invite],
    ),
    features=("'Name <addr>' and 'mailto:addr' beside 'addr'",),
    recorded={"event": "offsite"},
    answers=INV_ANSWERS,
    reference=inv_reference,
    held_out=[
        HeldOut("lunch", {"event": "lunch"}),
        HeldOut("none", {"event": "none"}),
        HeldOut("one", {"event": "one"}),
        HeldOut("adv: named", {"event": "adv_named"}),
        HeldOut("adv: mailto", {"event": "adv_mailto"}),
    ],
)

# ============================================ 3. recall reminders: fields that may be lacking


class Mobile(BaseModel):
    number: str | None
    country: str


class Contact(BaseModel):
    mobile: Mobile
    email: str


class Patient(BaseModel):
    id: str
    name: str
    phone: str | None
    months_since_visit: int
    contact: Contact


PATIENTS: dict[str, tuple[int, str | None]] = {
    "P-1": (14, "+44 7700 900001"),
    "P-2": (3, "+44 7700 900002"),
    "P-3": (20, "+44 7700 900003"),
    "P-4": (6, "+44 7700 900004"),
    "P-11": (13, "+44 7700 900011"),
    "P-12": (2, "+44 7700 900012"),
    "P-13": (30, None),
    "P-14": (18, "   "),
    "P-15": (25, "+44 7700 900015"),
    "P-16": (40, "N/A"),
    "P-17": (16, "+44 7700 900017"),
}
CLINICS: dict[str, list[str]] = {
    "north": ["P-1", "P-2", "P-3", "P-4"],
    "south": ["P-11", "P-12", "P-15"],
    "east": [],
    "west": ["P-12", "P-17"],
    "adv_none": ["P-13", "P-11"],
    "adv_spaces": ["P-14", "P-15"],
    "adv_na": ["P-16", "P-15"],
}


def _has_phone(p: str | None) -> bool:
    return bool(p and p.strip() and any(ch.isdigit() for ch in p))


@action(read_only=True)
def list_patients(clinic: str) -> list[str]:
    """The ids of a clinic's registered patients."""
    return list(CLINICS[clinic])


@action(read_only=True)
def get_patient(patient_id: str) -> Patient:
    """One patient: name, phone as typed at reception (may be missing), months since the last
    visit, and contact (mobile number and country, email)."""
    months, phone = PATIENTS[patient_id]
    return Patient(
        id=patient_id,
        name=f"pt {patient_id}",
        phone=phone,
        months_since_visit=months,
        contact=Contact(mobile=Mobile(number=phone, country="GB"), email=f"{patient_id}@mail.test"),
    )


@action
def send_recall_sms(patient_id: str) -> str:
    """Text a patient a reminder to book a check-up (uses the phone on file, whatever it is)."""
    effect("send_recall_sms", patient_id)
    return "queued"


PATIENT_ITEMS = Items(
    [say("I list the patients.", "list_patients", clinic=ref("clinic"))],
    "get_patient",
    "patient_id",
    "Next patient.",
)


def recall_script(finish: dict[str, Any]) -> list[AIResponse]:
    return PATIENT_ITEMS.script(
        CLINICS["north"],
        "12 months or more?",
        lambda n: f"get_patient_{n}.months_since_visit >= 12",
        lambda n, pid: (
            [PATIENT_ITEMS.on(n, "Text it.", "send_recall_sms")] if PATIENTS[pid][0] >= 12 else []
        ),
        finish,
    )


def recall_reference(inputs: dict[str, Any]) -> Expected:
    ids = CLINICS[inputs["clinic"]]
    eff = [
        ("send_recall_sms", i) for i in ids if PATIENTS[i][0] >= 12 and _has_phone(PATIENTS[i][1])
    ]
    return Expected(eff, {"reminded": len(eff)})


RECALL_HELD = [
    HeldOut("south", {"clinic": "south"}),
    HeldOut("east", {"clinic": "east"}),
    HeldOut("west", {"clinic": "west"}),
    HeldOut("adv: phone None", {"clinic": "adv_none"}),
    HeldOut("adv: phone '   '", {"clinic": "adv_spaces"}),
    HeldOut("adv: phone 'N/A'", {"clinic": "adv_na"}),
]


def recall_case(name: str, skip: str, feature: str) -> Case:
    return Case(
        task=Task(
            "Text a recall reminder to every patient of the clinic whose last visit was 12 "
            f"months ago or more. {skip} Report how many you reminded.",
            name=name,
            inputs={"clinic": str},
            outputs={"reminded": int},
            actions=[list_patients, get_patient, send_recall_sms],
        ),
        features=(feature,),
        recorded={"clinic": "north"},
        answers=recall_script({"reminded": 2}),
        reference=recall_reference,
        held_out=RECALL_HELD,
    )


R_NO_PHONE = recall_case("r27_recall_no_phone", "Skip patients with no phone number.", "base")
R_BLANK = recall_case("r27_recall_blank", "Skip patients whose phone number is blank.", "blank")
R_DONT_HAVE = recall_case(
    "r27_recall_dont_have", "Skip anyone whose number we don't have.", "'number we don't have'"
)
R_ON_FILE = recall_case(
    "r27_recall_on_file", "Only text patients with a mobile number on file.", "'on file', positive"
)
R_CANT = recall_case(
    "r27_recall_cant_text", "Patients we cannot text are left out.", "'cannot text'"
)
R_MOBILE = recall_case(
    "r27_recall_mobile_nested",
    "Skip patients with no mobile number (contact > mobile > number).",
    "nested three deep",
)
CASES = [
    T_SEMI,
    T_GO_TO,
    T_WHENEVER,
    T_FRIDAY,
    T_AWAY,
    T_PAIR,
    T_DUP,
    INVITE,
    R_NO_PHONE,
    R_BLANK,
    R_DONT_HAVE,
    R_ON_FILE,
    R_CANT,
    R_MOBILE,
]
