"""Red team round 26 (api): after-loop changes asked by conditional sentences, counts of the
items left, counts named as the list, distinct items, fields the words say may be missing.
Labels starting ``adv:`` are adversarial held-out inputs."""

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
    waiting_on: str  # customer | us
    customer: Customer


def _t(waiting: str, plan: str = "pro", prio: str = "normal") -> dict[str, Any]:
    return {"waiting_on": waiting, "plan": plan, "priority": prio}


TICKETS: dict[str, dict[str, Any]] = {
    "T-1": _t("customer"),
    "T-2": _t("us"),
    "T-3": _t("us", plan="enterprise", prio="urgent"),
    "T-4": _t("customer", plan="enterprise"),
    "T-11": _t("customer"),
    "T-12": _t("us"),
    "T-13": _t("customer", plan="enterprise"),
    "T-14": _t("us", prio="urgent"),
    "T-15": _t("us", plan="enterprise"),
}
QUEUES: dict[str, Any] = {
    "billing": ["T-1", "T-2", "T-3", "T-4"],  # recorded: 2 closed, 2 escalated (T-3 ent+urgent)
    "web": ["T-11", "T-12"],  # one each, escalated pro normal
    "api": ["T-12", "T-14"],  # all escalated: pro, one urgent
    "closers": ["T-11", "T-13"],
    "mobile": [],
    "ent": ["T-15", "T-11"],  # enterprise escalated, normal priority
    "urgent": ["T-14", "T-13"],  # urgent pro escalated
    "internal": ["T-2", "T-1"],
    # distinct-items attacks: the same ticket twice, spelled apart
    "dup_case": ["T-12", "t-12", "T-11"],
    "dup_space": ["T-12", "T-12 ", "T-11"],
    "dup_dicts": [
        {"id": "T-12", "via": "email"},
        {"id": "T-12", "via": "chat"},
        {"id": "T-11", "via": "email"},
    ],
}


def _canon(tid: Any) -> str:
    if isinstance(tid, dict):
        tid = tid["id"]
    return str(tid).strip().upper()


@action(read_only=True)
def list_stale_tickets(queue: str) -> list[Any]:
    """The tickets of the queue idle for more than 48 hours (ids; some queues list
    the messages as {id, via})."""
    return list(QUEUES[queue])


@action(read_only=True)
def get_ticket(ticket_id: Any) -> Ticket:
    """One ticket (ids are case-insensitive): subject, priority (low, normal, high, urgent),
    who it waits on (customer or us) and the customer (name, plan: free, pro or enterprise)."""
    tid = _canon(ticket_id)
    row = dict(TICKETS[tid])
    plan = row.pop("plan")
    return Ticket(id=tid, subject=f"Issue {tid}", customer=Customer(name="Acme", plan=plan), **row)


@action
def close_ticket(ticket_id: str) -> str:
    """Close a ticket."""
    effect("close_ticket", ticket_id)
    return "closed"


@action
def escalate_ticket(ticket_id: str) -> str:
    """Hand a ticket to tier 2."""
    effect("escalate_ticket", ticket_id)
    return "accepted"


@action
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email."""
    effect("send_email", to, subject, body)
    return "sent"


@action
def notify(recipient: str, message: str) -> str:
    """Page a person (on-call engineer, lead, ...) with a short message."""
    effect("notify", recipient, message)
    return "ok"


TBASE = (
    "Go through the queue's stale tickets: close each ticket waiting on the customer and "
    "escalate each one waiting on us to tier 2. "
)
TACTIONS = [list_stale_tickets, get_ticket, close_ticket, escalate_ticket, send_email, notify]


DESK = Desk(TICKETS, QUEUES, _canon)
t_script = DESK.script
t_reference = DESK.reference


def t_task(name: str, words: str) -> Task[Any]:
    return Task(
        TBASE + words + " Report how many you closed and escalated.",
        name=name,
        inputs={"queue": str},
        outputs={"closed": int, "escalated": int},
        actions=TACTIONS,
    )


def t_held(*queues: str) -> list[HeldOut]:
    return [HeldOut(q if q in ORDINARY else f"adv: {q}", {"queue": q}) for q in queues]


ORDINARY = {"web", "closers", "mobile", "api"}
LEAD = "lead@acme.test"
AM = "am@acme.test"

# --- 1a. the qualifier stands before the 'if' of the same sentence
AM_MAIL: Post = (
    "An enterprise ticket was escalated: I tell the account manager.",
    "send_email",
    {"to": AM, "subject": "Enterprise escalation", "body": "An enterprise ticket was escalated."},
)


def am_case(name: str, words: str, feature: str) -> Case:
    """A task whose one call after the loop is the email to the account manager, due where an
    enterprise customer's ticket was escalated (recorded on the billing queue)."""
    return Case(
        task=t_task(name, words),
        features=(feature,),
        recorded={"queue": "billing"},
        answers=t_script("billing", [AM_MAIL], {"closed": 2, "escalated": 2}),
        reference=t_reference(when(AM_MAIL, DESK.escalated_any("plan", "enterprise"))),
        held_out=t_held("web", "api", "closers", "mobile", "ent", "urgent"),
    )


T_QUAL_BEFORE = am_case(
    "r26_qualifier_before_if",
    f"For enterprise customers' tickets: if you escalated any, email the account manager "
    f"({AM}, subject 'Enterprise escalation').",
    "'For enterprise tickets: if you escalated any, email …': qualifier before if",
)

# --- 1b. 'any of them' referring to a noun of the previous sentence
T_OF_THEM = am_case(
    "r26_any_of_them",
    f"Enterprise customers pay for a named account manager. If you escalated any of "
    f"them, email the account manager ({AM}, subject 'Enterprise escalation').",
    "'any of them' = the previous sentence's enterprise customers",
)

# --- 1c. a second sentence restricting the email, without any conditional word
LEAD_MAIL: Post = (
    "I escalated some: I tell the lead.",
    "send_email",
    {"to": LEAD, "subject": "Escalations", "body": "Some stale tickets were escalated today."},
)
T_NEVER = Case(
    task=t_task(
        "r26_never_email_internal",
        f"If you escalated any, email the support lead ({LEAD}, subject 'Escalations'). The "
        "internal queue pages on-call by itself, so never email the lead about it.",
    ),
    features=("restriction of the email in a separate sentence that is not 'conditional'",),
    recorded={"queue": "billing"},
    answers=t_script("billing", [LEAD_MAIL], {"closed": 2, "escalated": 2}),
    reference=t_reference(when(LEAD_MAIL, lambda i, c, e: bool(e) and i["queue"] != "internal")),
    held_out=t_held("web", "api", "closers", "mobile", "internal"),
)

# --- 1d. 'by mail' (not 'email'): no sentence found -> old guard (every side non-empty)
T_BY_MAIL = Case(
    task=t_task(
        "r26_by_mail",
        f"If you escalated any tickets, let the support lead ({LEAD}) know by mail (subject "
        "'Escalations').",
    ),
    features=("'by mail' for send_email: no sentence names the call",),
    recorded={"queue": "billing"},
    answers=t_script("billing", [LEAD_MAIL], {"closed": 2, "escalated": 2}),
    reference=t_reference(when(LEAD_MAIL, lambda i, c, e: bool(e))),
    held_out=t_held("web", "api", "closers", "mobile"),
)

# --- 1e. generic action name 'notify', a condition on the escalated tickets
PAGE: Post = (
    "An urgent one went to tier 2: I page on-call.",
    "notify",
    {"recipient": "on-call", "message": "Urgent ticket escalated to tier 2."},
)
T_NOTIFY = Case(
    task=t_task(
        "r26_notify_urgent",
        "If an urgent ticket went to tier 2, notify the on-call engineer ('on-call').",
    ),
    features=("generic action name notify; condition on a field of the escalated items",),
    recorded={"queue": "billing"},
    answers=t_script("billing", [PAGE], {"closed": 2, "escalated": 2}),
    reference=t_reference(when(PAGE, DESK.escalated_any("priority", "urgent"))),
    held_out=t_held("web", "api", "closers", "mobile", "ent", "urgent"),
)

# --- 1f. previous sentence holds the condition, the next says 'if any'
T_PREV = am_case(
    "r26_prev_sentence",
    f"Escalations of enterprise tickets need the account manager's attention. If there "
    f"were any, email the account manager ({AM}, subject 'Enterprise escalation').",
    "condition in the previous sentence, 'if there were any' in the call's",
)

# --- 4. distinct items: the same ticket listed twice, spelled apart
T_DUP = Case(
    task=t_task("r26_duplicate_spellings", ""),
    features=("ids differing in case/space, dict items with the same id",),
    recorded={"queue": "billing"},
    answers=t_script("billing", [], {"closed": 2, "escalated": 2}),
    reference=t_reference(lambda i, c, e: []),
    held_out=t_held("web", "api", "closers", "mobile", "dup_case", "dup_space", "dup_dicts"),
)

# --- 1g. the restriction as the next sentence ('Do this only for ...')
T_AFTER_ONLY = am_case(
    "r26_restriction_next_sentence",
    f"If you escalated any, email the account manager ({AM}, subject 'Enterprise "
    "escalation'). This applies to enterprise customers' tickets only.",
    "the qualifier is the next sentence, which does not name the call",
)

# ============================================ 2. licence seats: 'skipped' = the service accounts


class Seat(BaseModel):
    id: str
    user: str
    kind: str  # person | service
    days_unused: int


SEATS: dict[str, tuple[str, int]] = {
    "S-1": ("person", 120),
    "S-2": ("person", 200),
    "S-3": ("service", 10),
    "S-4": ("person", 75),
    "S-11": ("person", 90),
    "S-12": ("service", 5),
    "S-13": ("person", 20),
    "S-14": ("person", 61),
    "S-15": ("person", 3),
}
PRODUCTS: dict[str, list[str]] = {
    "figma": ["S-1", "S-2", "S-3", "S-4"],  # 3 reclaimed, 1 service skipped
    "slack": ["S-11", "S-12", "S-14"],  # 2 reclaimed, 1 service
    "zoom": [],
    "jira": ["S-11"],
    "miro": ["S-11", "S-13", "S-12"],  # a recent person seat: left, not 'skipped'
    "adobe": ["S-14", "S-15", "S-13"],
}


@action(read_only=True)
def list_seats(product: str) -> list[str]:
    """The ids of the licence seats assigned on a product."""
    return list(PRODUCTS[product])


@action(read_only=True)
def get_seat(seat_id: str) -> Seat:
    """One seat: its user, the kind of account (person or service) and days unused."""
    kind, days = SEATS[seat_id]
    return Seat(id=seat_id, user=f"u-{seat_id}", kind=kind, days_unused=days)


@action
def reclaim_seat(seat_id: str) -> str:
    """Take a licence seat back from its user."""
    effect("reclaim_seat", seat_id)
    return "reclaimed"


SEAT_ITEMS = Items(
    [say("I list the seats.", "list_seats", product=ref("product"))],
    "get_seat",
    "seat_id",
    "Next seat.",
)


def seat_script(finish: dict[str, Any]) -> list[AIResponse]:
    return SEAT_ITEMS.script(
        PRODUCTS["figma"],
        "Unused 60+ days?",
        lambda n: f"get_seat_{n}.days_unused >= 60",
        lambda n, sid: (
            [SEAT_ITEMS.on(n, "Reclaim it.", "reclaim_seat")]
            if SEATS[sid][1] >= 60 and SEATS[sid][0] == "person"
            else []
        ),
        finish,
    )


def seat_reference(inputs: dict[str, Any]) -> Expected:
    ids = PRODUCTS[inputs["product"]]
    eff = [("reclaim_seat", i) for i in ids if SEATS[i][1] >= 60 and SEATS[i][0] == "person"]
    skipped = sum(1 for i in ids if SEATS[i][0] == "service")
    return Expected(eff, {"reclaimed": len(eff), "skipped": skipped})


SEAT_SKIPPED = Case(
    task=Task(
        "Reclaim every licence seat on the product that has been unused for 60 days or more. "
        "Skip service accounts (they are shared by scripts) and report how many you skipped, "
        "and how many seats you reclaimed.",
        name="r26_seat_skipped_one_compute",
        inputs={"product": str},
        outputs={"reclaimed": int, "skipped": int},
        actions=[list_seats, get_seat, reclaim_seat],
    ),
    features=("one compute (days only); 'skipped' = service accounts, recorded = items left",),
    recorded={"product": "figma"},
    answers=seat_script({"reclaimed": 3, "skipped": 1}),
    reference=seat_reference,
    held_out=[
        HeldOut("slack", {"product": "slack"}),
        HeldOut("zoom", {"product": "zoom"}),
        HeldOut("jira", {"product": "jira"}),
        HeldOut("adv: recent person seat", {"product": "miro"}),
        HeldOut("adv: only persons", {"product": "adobe"}),
    ],
)

# ============================================ 5. recall reminders: fields that may be missing


class Contact(BaseModel):
    phone: str | None
    email: str | None


class Patient(BaseModel):
    id: str
    name: str
    phone: str | None
    months_since_visit: int
    contact: Contact
    photo_count: int
    guardian: dict[str, str] | None


PATIENTS: dict[str, tuple[int, str | None]] = {
    "P-1": (14, "+44 7700 900001"),
    "P-2": (3, "+44 7700 900002"),
    "P-3": (20, "+44 7700 900003"),
    "P-4": (6, "+44 7700 900004"),
    "P-11": (13, "+44 7700 900011"),
    "P-12": (2, "+44 7700 900012"),
    "P-13": (30, None),
    "P-14": (18, ""),
    "P-15": (25, "+44 7700 900015"),
}
CLINICS: dict[str, list[str]] = {
    "north": ["P-1", "P-2", "P-3", "P-4"],
    "south": ["P-11", "P-12", "P-15"],
    "east": [],
    "west": ["P-12"],
    "adv_none": ["P-13", "P-11"],
    "adv_blank": ["P-14", "P-15"],
}


@action(read_only=True)
def list_patients(clinic: str) -> list[str]:
    """The ids of a clinic's registered patients."""
    return list(CLINICS[clinic])


@action(read_only=True)
def get_patient(patient_id: str) -> Patient:
    """One patient: name, mobile phone (may be missing), months since the last visit, the
    same phone under contact, how many photos of the ID are on file, and a guardian (minors)."""
    months, phone = PATIENTS[patient_id]
    return Patient(
        id=patient_id,
        name=f"pt {patient_id}",
        phone=phone,
        months_since_visit=months,
        contact=Contact(phone=phone, email=f"{patient_id}@mail.test"),
        photo_count=0 if not phone else int(patient_id.split("-")[1]) % 3 + 1,
        guardian={"name": "G", "phone": phone} if phone else None,
    )


@action
def send_recall_sms(patient_id: str) -> str:
    """Text a patient a reminder to book a check-up (uses the phone on file)."""
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
    eff = [("send_recall_sms", i) for i in ids if PATIENTS[i][0] >= 12 and PATIENTS[i][1]]
    return Expected(eff, {"reminded": len(eff)})


RECALL_HELD = [
    HeldOut("south", {"clinic": "south"}),
    HeldOut("east", {"clinic": "east"}),
    HeldOut("west", {"clinic": "west"}),
    HeldOut("adv: phone None", {"clinic": "adv_none"}),
    HeldOut("adv: phone ''", {"clinic": "adv_blank"}),
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


R_BASE = recall_case("r26_recall_no_phone", "Skip patients with no phone number.", "as told")
R_BLANK = recall_case(
    "r26_recall_blank", "Skip patients whose phone number is blank.", "'whose X is blank'"
)
R_HAVENT = recall_case(
    "r26_recall_havent_given",
    "Patients who haven't given us a phone number cannot be texted; leave them out.",
    "'haven't given us a phone number'",
)
R_MOBILE = recall_case(
    "r26_recall_no_mobile", "Skip anyone with no mobile on file.", "'mobile' for field phone"
)
R_UNREACH = recall_case(
    "r26_recall_unreachable",
    "Only patients we can reach by text should get one.",
    "reachability only in words",
)
R_PHOTO = recall_case(
    "r26_recall_no_photo",
    "Skip patients without any ID photos on file (number of photos).",
    "int field photo_count",
)
R_GUARD = recall_case(
    "r26_recall_no_guardian",
    "Skip patients with no guardian on record.",
    "dict field guardian",
)

CASES = [
    T_QUAL_BEFORE,
    T_OF_THEM,
    T_NEVER,
    T_BY_MAIL,
    T_NOTIFY,
    T_PREV,
    T_DUP,
    T_AFTER_ONLY,
    SEAT_SKIPPED,
    R_BASE,
    R_BLANK,
    R_HAVENT,
    R_MOBILE,
    R_UNREACH,
    R_PHOTO,
    R_GUARD,
]
