"""Red team round 25 (api): counts after per-item decisions (rules of commit 24cffb6) and
everyday loops from new domains. Labels starting ``adv:`` are adversarial held-out inputs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import Items

# ============================================================== 1. software licences (one-sided)


class Seat(BaseModel):
    id: str
    user: str
    kind: str  # person | service | shared
    days_unused: int


SEATS: dict[str, tuple[str, int]] = {
    "S-1": ("person", 120),
    "S-2": ("service", 200),
    "S-3": ("person", 75),
    "S-4": ("service", 10),
    "S-11": ("person", 90),
    "S-12": ("service", 400),
    "S-13": ("person", 61),
    "S-14": ("person", 5),  # not unused long enough: neither reclaimed nor exempt
    "S-15": ("shared", 300),
}
PRODUCTS: dict[str, list[str]] = {
    "figma": ["S-1", "S-2", "S-3", "S-4"],
    "slack": ["S-11", "S-12", "S-13"],
    "zoom": [],
    "jira": ["S-13", "S-2"],
    "miro": ["S-1", "S-14", "S-2", "S-3"],
    "adobe": ["S-14", "S-11"],
}


@action(read_only=True)
def list_seats(product: str) -> list[str]:
    """The ids of the licence seats assigned on a product."""
    return list(PRODUCTS[product])


@action(read_only=True)
def get_seat(seat_id: str) -> Seat:
    """One seat: its user, the kind of account (person, service or shared) and days unused."""
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
        "Unused 60+ days and a person's account?",
        lambda n: f"get_seat_{n}.days_unused >= 60 and get_seat_{n}.kind == 'person'",
        lambda n, sid: (
            [SEAT_ITEMS.on(n, "I reclaim it.", "reclaim_seat")]
            if SEATS[sid][1] >= 60 and SEATS[sid][0] == "person"
            else []
        ),
        finish,
    )


def seat_reference(outputs: Any) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = PRODUCTS[inputs["product"]]
        eff = [("reclaim_seat", i) for i in ids if SEATS[i][1] >= 60 and SEATS[i][0] == "person"]
        exempt = sum(1 for i in ids if SEATS[i][0] != "person")
        return Expected(eff, outputs(ids, len(eff), exempt))

    return reference


SEAT_HELD = [
    HeldOut("slack: new seats", {"product": "slack"}),
    HeldOut("zoom: none", {"product": "zoom"}),
    HeldOut("jira: one each", {"product": "jira"}),
    HeldOut("adv: a recent person seat", {"product": "miro"}),
    HeldOut("adv: only recent + unused person", {"product": "adobe"}),
]

SEAT_EXEMPT = Case(
    task=Task(
        "Reclaim every licence seat on the product that has been unused for 60 days or more. "
        "Service and shared accounts are exempt from reclaiming. Report how many seats you "
        "reclaimed and how many were exempt.",
        name="r25_seat_exempt",
        inputs={"product": str},
        outputs={"reclaimed": int, "exempt": int},
        actions=[list_seats, get_seat, reclaim_seat],
    ),
    features=("one-sided; 'exempt' names a part of the compute, not every item left",),
    recorded={"product": "figma"},
    answers=seat_script({"reclaimed": 2, "exempt": 2}),
    reference=seat_reference(lambda ids, r, e: {"reclaimed": r, "exempt": e}),
    held_out=SEAT_HELD,
)

SEAT_SKIPPED = Case(
    task=Task(
        "Reclaim every licence seat on the product that has been unused for 60 days or more, "
        "but skip service and shared accounts (report how many you skipped that way). Report "
        "how many seats you reclaimed too.",
        name="r25_seat_skipped",
        inputs={"product": str},
        outputs={"reclaimed": int, "skipped": int},
        actions=[list_seats, get_seat, reclaim_seat],
    ),
    features=("one-sided; 'skipped' defined by the words as the service/shared ones",),
    recorded={"product": "figma"},
    answers=seat_script({"reclaimed": 2, "skipped": 2}),
    reference=seat_reference(lambda ids, r, e: {"reclaimed": r, "skipped": e}),
    held_out=SEAT_HELD,
)

# ============================================================= 2. subscription renewals: 'kept'


class Subscription(BaseModel):
    id: str
    customer: str
    plan: str
    days_since_login: int
    auto_renew: bool


SUBS: dict[str, tuple[str, int]] = {
    "SUB-1": ("pro", 3),
    "SUB-2": ("pro", 80),
    "SUB-3": ("basic", 12),
    "SUB-4": ("basic", 45),
    "SUB-11": ("pro", 1),
    "SUB-12": ("basic", 29),
    "SUB-13": ("pro", 7),
    "SUB-14": ("basic", 31),
    "SUB-15": ("team", 200),
}
DUE: dict[str, list[str]] = {
    "monday": ["SUB-1", "SUB-2", "SUB-3", "SUB-4"],
    "tuesday": ["SUB-11", "SUB-12", "SUB-13", "SUB-14"],
    "wednesday": ["SUB-15", "SUB-2"],
    "thursday": ["SUB-11"],
    "friday": [],
    "saturday": ["SUB-11", "SUB-12", "SUB-13"],
}


@action(read_only=True)
def list_due_subscriptions(day: str) -> list[str]:
    """The ids of the subscriptions that come up for renewal on a day."""
    return list(DUE[day])


@action(read_only=True)
def get_subscription(subscription_id: str) -> Subscription:
    """One subscription: customer, plan, days since the customer last logged in, auto-renew."""
    plan, days = SUBS[subscription_id]
    return Subscription(
        id=subscription_id,
        customer=f"c-{subscription_id}",
        plan=plan,
        days_since_login=days,
        auto_renew=True,
    )


@action
def renew_subscription(subscription_id: str) -> str:
    """Renew a subscription for another period."""
    effect("renew_subscription", subscription_id)
    return "renewed"


SUB_ITEMS = Items(
    [say("I list today's renewals.", "list_due_subscriptions", day=ref("day"))],
    "get_subscription",
    "subscription_id",
    "Next one.",
)


def renew_script(finish: dict[str, Any], noun: str = "") -> list[AIResponse]:
    return SUB_ITEMS.script(
        DUE["monday"],
        "Logged in within 30 days?",
        lambda n: f"get_subscription_{n}.days_since_login <= 30",
        lambda n, sid: (
            [SUB_ITEMS.on(n, "Active: I renew it.", "renew_subscription")]
            if SUBS[sid][1] <= 30
            else []
        ),
        finish,
    )


def renew_reference(outputs: Any) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = DUE[inputs["day"]]
        eff = [("renew_subscription", i) for i in ids if SUBS[i][1] <= 30]
        return Expected(eff, outputs(ids, len(eff)))

    return reference


RENEW_HELD = [
    HeldOut("tuesday: 3 active, 1 not", {"day": "tuesday"}),
    HeldOut("wednesday: none active", {"day": "wednesday"}),
    HeldOut("thursday: one", {"day": "thursday"}),
    HeldOut("friday: none due", {"day": "friday"}),
    HeldOut("saturday: all active", {"day": "saturday"}),
]

RENEW_KEPT = Case(
    task=Task(
        "Renew each subscription due today whose customer logged in within the last 30 days; "
        "let the others lapse. Report how many subscriptions we kept.",
        name="r25_renew_kept",
        inputs={"day": str},
        outputs={"kept": int},
        actions=[list_due_subscriptions, get_subscription, renew_subscription],
    ),
    features=("one-sided; 'kept' means the renewed ones (keep = retain the customer)",),
    recorded={"day": "monday"},
    answers=renew_script({"kept": 2}),
    reference=renew_reference(lambda ids, r: {"kept": r}),
    held_out=RENEW_HELD,
)

RENEW_RETAINED = Case(
    task=Task(
        "Renew each subscription due today whose customer logged in within the last 30 days; "
        "let the others lapse. Report how many customers we retained and how many churned.",
        name="r25_renew_retained",
        inputs={"day": str},
        outputs={"customers_retained": int, "churned": int},
        actions=[list_due_subscriptions, get_subscription, renew_subscription],
    ),
    features=("one-sided; 'retained' means the renewed ones",),
    recorded={"day": "monday"},
    answers=renew_script({"customers_retained": 2, "churned": 2}),
    reference=renew_reference(lambda ids, r: {"customers_retained": r, "churned": len(ids) - r}),
    held_out=RENEW_HELD,
)


# ====================================================== 3. grant applications: 'refunded' of fund


class Application(BaseModel):
    id: str
    applicant: str
    score: int
    fee_paid: bool


APPS: dict[str, int] = {
    "A-1": 85,
    "A-2": 60,
    "A-3": 91,
    "A-4": 40,
    "A-11": 88,
    "A-12": 95,
    "A-13": 81,
    "A-14": 20,
    "A-21": 79,
}
ROUNDS: dict[str, list[str]] = {
    "spring": ["A-1", "A-2", "A-3", "A-4"],
    "summer": ["A-11", "A-12", "A-13", "A-14"],
    "autumn": ["A-21", "A-4"],
    "winter": ["A-12"],
    "empty": [],
}


@action(read_only=True)
def list_applications(funding_round: str) -> list[str]:
    """The ids of the grant applications submitted in a funding round."""
    return list(ROUNDS[funding_round])


@action(read_only=True)
def get_application(application_id: str) -> Application:
    """One grant application: applicant, review score (0-100), whether the fee was paid."""
    return Application(
        id=application_id,
        applicant=f"org-{application_id}",
        score=APPS[application_id],
        fee_paid=True,
    )


@action
def fund_application(application_id: str) -> str:
    """Fund a grant application (pays out the grant)."""
    effect("fund_application", application_id)
    return "funded"


@action
def decline_application(application_id: str) -> str:
    """Decline a grant application; finance then refunds its application fee."""
    effect("decline_application", application_id)
    return "declined"


APP_ITEMS = Items(
    [
        say(
            "I list the round's applications.",
            "list_applications",
            funding_round=ref("funding_round"),
        )
    ],
    "get_application",
    "application_id",
    "Next application.",
)


def grant_script(finish: dict[str, Any], both: bool) -> list[AIResponse]:
    def act(n: int, aid: str) -> list[AIResponse]:
        if APPS[aid] >= 80:
            return [APP_ITEMS.on(n, "I fund it.", "fund_application")]
        return [APP_ITEMS.on(n, "Below 80: declined.", "decline_application")] if both else []

    return APP_ITEMS.script(
        ROUNDS["spring"],
        "Score 80 or more?",
        lambda n: f"get_application_{n}.score >= 80",
        act,
        finish,
    )


def grant_reference(both: bool, outputs: Any) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = ROUNDS[inputs["funding_round"]]
        eff: list[tuple[Any, ...]] = []
        f = d = 0
        for i in ids:
            if APPS[i] >= 80:
                eff.append(("fund_application", i))
                f += 1
            else:
                d += 1
                if both:
                    eff.append(("decline_application", i))
        return Expected(eff, outputs(ids, f, d))

    return reference


GRANT_HELD = [
    HeldOut("summer: 3 funded 1 not", {"funding_round": "summer"}),
    HeldOut("autumn: none funded", {"funding_round": "autumn"}),
    HeldOut("winter: one funded", {"funding_round": "winter"}),
    HeldOut("empty round", {"funding_round": "empty"}),
]

GRANT_FEES_BOTH = Case(
    task=Task(
        "Go through the funding round's applications. Fund every application with a review "
        "score of 80 or more and decline the rest (declined applicants get their application "
        "fee refunded by finance). Report how many you declined and how many fees will be "
        "refunded.",
        name="r25_grant_fees_refunded",
        inputs={"funding_round": str},
        outputs={"declined": int, "fees_refunded": int},
        actions=[list_applications, get_application, fund_application, decline_application],
    ),
    features=("two-sided; 're' of 'refunded' read as fund_application done again",),
    recorded={"funding_round": "spring"},
    answers=grant_script({"declined": 2, "fees_refunded": 2}, both=True),
    reference=grant_reference(True, lambda ids, f, d: {"declined": d, "fees_refunded": d}),
    held_out=GRANT_HELD,
)

GRANT_FEES_ONE = Case(
    task=Task(
        "Go through the funding round's applications and fund every application with a review "
        "score of 80 or more; the others need nothing from you (finance refunds their "
        "application fee). Report how many applicants get their fee refunded.",
        name="r25_grant_refunded_one",
        inputs={"funding_round": str},
        outputs={"refunded": int},
        actions=[list_applications, get_application, fund_application],
    ),
    features=("one-sided; 'refunded' is the items left, not fund_application again",),
    recorded={"funding_round": "spring"},
    answers=grant_script({"refunded": 2}, both=False),
    reference=grant_reference(False, lambda ids, f, d: {"refunded": d}),
    held_out=GRANT_HELD,
)

# ================================================ 4. procurement approvals (everyday + adversarial)


class Vendor(BaseModel):
    name: str
    status: str  # approved | blocked


class PurchaseRequest(BaseModel):
    id: str
    requester: str
    amount: float
    vendor: Vendor


PRS: dict[str, tuple[float, str]] = {
    "PR-1": (450.0, "approved"),
    "PR-2": (2300.0, "approved"),
    "PR-3": (980.0, "approved"),
    "PR-4": (5100.0, "approved"),
    "PR-11": (120.0, "approved"),
    "PR-12": (1000.0, "approved"),
    "PR-13": (1000.01, "approved"),
    "PR-14": (15.5, "approved"),
    "PR-21": (300.0, "blocked"),
}
INBOX: dict[str, list[str]] = {
    "ops": ["PR-1", "PR-2", "PR-3", "PR-4"],
    "it": ["PR-11", "PR-12", "PR-13"],
    "hr": ["PR-14"],
    "legal": [],
    "marketing": ["PR-13", "PR-2"],
    "facilities": ["PR-21", "PR-11"],
    "dup": ["PR-11", "PR-2", "PR-11"],
}


@action(read_only=True)
def list_purchase_requests(department: str) -> list[str]:
    """The ids of a department's purchase requests awaiting approval."""
    return list(INBOX[department])


@action(read_only=True)
def get_purchase_request(request_id: str) -> PurchaseRequest:
    """One purchase request: requester, amount in EUR, vendor (name, status approved/blocked)."""
    amount, status = PRS[request_id]
    return PurchaseRequest(
        id=request_id,
        requester=f"emp-{request_id}",
        amount=amount,
        vendor=Vendor(name=f"Vendor {request_id}", status=status),
    )


@action
def approve_purchase(request_id: str) -> str:
    """Approve a purchase request."""
    effect("approve_purchase", request_id)
    return "approved"


@action
def route_to_finance(request_id: str, reason: str) -> str:
    """Send a purchase request to the finance director for approval."""
    effect("route_to_finance", request_id, reason)
    return "routed"


REASON = "over the 1000 EUR approval limit"


PR_ITEMS = Items(
    [say("I list the requests.", "list_purchase_requests", department=ref("department"))],
    "get_purchase_request",
    "request_id",
    "Next request.",
)


def pr_script(finish: dict[str, Any]) -> list[AIResponse]:
    return PR_ITEMS.script(
        INBOX["ops"],
        "Within my limit?",
        lambda n: f"get_purchase_request_{n}.amount <= 1000",
        lambda n, pid: [
            (
                PR_ITEMS.on(n, "I approve it.", "approve_purchase")
                if PRS[pid][0] <= 1000
                else PR_ITEMS.on(n, "Over the limit: finance.", "route_to_finance", reason=REASON)
            )
        ],
        finish,
    )


def pr_reference(outputs: Any, blocked_rule: bool = False) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = INBOX[inputs["department"]]
        eff: list[tuple[Any, ...]] = []
        a = r = 0
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                continue  # the same request listed twice is decided once
            seen.add(i)
            amount, status = PRS[i]
            if blocked_rule and status == "blocked":
                continue
            if amount <= 1000:
                eff.append(("approve_purchase", i))
                a += 1
            else:
                eff.append(("route_to_finance", i, REASON))
                r += 1
        return Expected(eff, outputs(seen, a, r))

    return reference


PR_HELD = [
    HeldOut("it: limit edge", {"department": "it"}),
    HeldOut("hr: one small", {"department": "hr"}),
    HeldOut("legal: none", {"department": "legal"}),
    HeldOut("marketing: both over", {"department": "marketing"}),
    HeldOut("adv: blocked vendor", {"department": "facilities"}),
    HeldOut("adv: same request listed twice", {"department": "dup"}),
]

PR_PLAIN = Case(
    task=Task(
        "Go through the department's purchase requests awaiting approval. Approve each request "
        "of 1000 EUR or less; send each larger one to finance with the reason "
        f"'{REASON}'. Never approve or route a request whose vendor is blocked - leave those. "
        "Report how many you approved, how many went to finance, and how many requests there "
        "were.",
        name="r25_purchase_requests",
        inputs={"department": str},
        outputs={"approved": int, "sent_to_finance": int, "requests": int},
        actions=[list_purchase_requests, get_purchase_request, approve_purchase, route_to_finance],
    ),
    features=("procurement two-sided; 'requests' = the list (rule 2); blocked vendor; dup id",),
    recorded={"department": "ops"},
    answers=pr_script({"approved": 2, "sent_to_finance": 2, "requests": 4}),
    reference=pr_reference(
        lambda ids, a, r: {"approved": a, "sent_to_finance": r, "requests": len(ids)}, True
    ),
    held_out=PR_HELD,
)

# ====================================================== 5. event RSVPs: two listings, rule 2


class Invitee(BaseModel):
    id: str
    email: str
    days_since_invite: int


INVITEES: dict[str, int] = {"I-1": 10, "I-2": 2, "I-3": 9, "I-4": 1, "I-5": 30, "I-6": 8, "I-7": 3}
EVENTS: dict[str, tuple[list[str], list[str]]] = {
    # (everyone invited, those who have not answered)
    "gala": (["I-1", "I-2", "I-3", "I-4"], ["I-1", "I-2", "I-3", "I-4"]),
    "picnic": (["I-1", "I-2", "I-3", "I-4", "I-5", "I-6"], ["I-5", "I-6", "I-2"]),
    "launch": (["I-5", "I-7"], ["I-5", "I-7"]),
    "offsite": (["I-1", "I-2", "I-3"], []),
}


@action(read_only=True)
def list_invitees(event: str) -> list[str]:
    """Everyone invited to an event."""
    return list(EVENTS[event][0])


@action(read_only=True)
def list_unanswered_invitees(event: str) -> list[str]:
    """The invitees of an event who have not answered yet."""
    return list(EVENTS[event][1])


@action(read_only=True)
def get_invitee(invitee_id: str) -> Invitee:
    """One invitee: email and days since they were invited."""
    return Invitee(
        id=invitee_id, email=f"{invitee_id}@x.test", days_since_invite=INVITEES[invitee_id]
    )


@action
def send_rsvp_reminder(invitee_id: str) -> str:
    """Remind an invitee to answer the invitation."""
    effect("send_rsvp_reminder", invitee_id)
    return "sent"


INVITEE_ITEMS = Items(
    [
        say("How many are invited?", "list_invitees", event=ref("event")),
        say("Who has not answered?", "list_unanswered_invitees", event=ref("event")),
    ],
    "get_invitee",
    "invitee_id",
    "Next invitee.",
)


def rsvp_script(finish: dict[str, Any]) -> list[AIResponse]:
    return INVITEE_ITEMS.script(
        EVENTS["gala"][1],
        "Invited a week or more ago?",
        lambda n: f"get_invitee_{n}.days_since_invite >= 7",
        lambda n, iid: (
            [INVITEE_ITEMS.on(n, "I remind them.", "send_rsvp_reminder")]
            if INVITEES[iid] >= 7
            else []
        ),
        finish,
    )


def rsvp_reference(inputs: dict[str, Any]) -> Expected:
    everyone, open_ = EVENTS[inputs["event"]]
    eff = [("send_rsvp_reminder", i) for i in open_ if INVITEES[i] >= 7]
    return Expected(eff, {"invitees": len(everyone), "reminders_sent": len(eff)})


RSVP = Case(
    task=Task(
        "For the event, remind every invitee who has not answered and was invited a week or "
        "more ago. Report how many people are invited in all and how many reminders you sent.",
        name="r25_rsvp_invitees",
        inputs={"event": str},
        outputs={"invitees": int, "reminders_sent": int},
        actions=[list_invitees, list_unanswered_invitees, get_invitee, send_rsvp_reminder],
    ),
    features=("one-sided; a count named as the looped list's noun that counts another list",),
    recorded={"event": "gala"},
    answers=rsvp_script({"invitees": 4, "reminders_sent": 2}),
    reference=rsvp_reference,
    held_out=[
        HeldOut("picnic: most answered", {"event": "picnic"}),
        HeldOut("launch: none answered", {"event": "launch"}),
        HeldOut("offsite: all answered", {"event": "offsite"}),
    ],
)


# ================================================== 6. clinic appointment reminders (one-sided)


class Patient(BaseModel):
    name: str
    phone: str | None


class Appointment(BaseModel):
    id: str
    patient: Patient
    time: str
    confirmed: bool
    status: str  # booked | cancelled


APPTS: dict[str, dict[str, Any]] = {
    "AP-1": {"confirmed": False},
    "AP-2": {"confirmed": True},
    "AP-3": {"confirmed": False},
    "AP-4": {"confirmed": True},
    "AP-5": {"confirmed": True},
    "AP-11": {"confirmed": False},
    "AP-12": {"confirmed": False},
    "AP-13": {"confirmed": True},
    "AP-21": {"confirmed": False, "status": "cancelled"},
    "AP-22": {"confirmed": False, "phone": None},
}
DAYS: dict[str, list[str]] = {
    "2026-05-04": ["AP-1", "AP-2", "AP-3", "AP-4", "AP-5"],
    "2026-05-05": ["AP-11", "AP-12", "AP-13"],
    "2026-05-06": ["AP-13", "AP-2"],
    "2026-05-07": ["AP-11"],
    "2026-05-08": [],
    "2026-05-09": ["AP-21", "AP-11"],
    "2026-05-10": ["AP-22", "AP-2"],
}


@action(read_only=True)
def list_appointments(date: str) -> list[str]:
    """The ids of the clinic's appointments on a date."""
    return list(DAYS[date])


@action(read_only=True)
def get_appointment(appointment_id: str) -> Appointment:
    """One appointment: the patient (name, phone), time, whether the patient confirmed it, and
    its status (booked or cancelled)."""
    row = APPTS[appointment_id]
    return Appointment(
        id=appointment_id,
        patient=Patient(
            name=f"P {appointment_id}",
            phone=row.get("phone", "+31 6 " + str(abs(hash(appointment_id)) % 10**8)),
        ),
        time="09:00",
        confirmed=row["confirmed"],
        status=row.get("status", "booked"),
    )


@action
def send_reminder(appointment_id: str, channel: str) -> str:
    """Send the patient a reminder of an appointment (channel: sms or email)."""
    effect("send_reminder", appointment_id, channel)
    return "sent"


APPT_ITEMS = Items(
    [say("I list the day's appointments.", "list_appointments", date=ref("date"))],
    "get_appointment",
    "appointment_id",
    "Next appointment.",
)


def appt_script(finish: dict[str, Any]) -> list[AIResponse]:
    return APPT_ITEMS.script(
        DAYS["2026-05-04"],
        "Not confirmed yet?",
        lambda n: f"not get_appointment_{n}.confirmed",
        lambda n, aid: (
            []
            if APPTS[aid]["confirmed"]
            else [APPT_ITEMS.on(n, "I text a reminder.", "send_reminder", channel="sms")]
        ),
        finish,
    )


def appt_reference(outputs: Any) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = DAYS[inputs["date"]]
        eff = []
        for i in ids:
            row = APPTS[i]
            if row["confirmed"] or row.get("status") == "cancelled" or "phone" in row:
                continue
            eff.append(("send_reminder", i, "sms"))
        conf = sum(1 for i in ids if APPTS[i]["confirmed"])
        return Expected(eff, outputs(ids, len(eff), conf))

    return reference


APPT = Case(
    task=Task(
        "Text (sms) a reminder for each of the day's appointments the patient has not "
        "confirmed yet. Skip cancelled appointments, and patients with no phone number. "
        "Report how many reminders you sent and how many appointments were already confirmed.",
        name="r25_clinic_reminders",
        inputs={"date": str},
        outputs={"reminders_sent": int, "already_confirmed": int},
        actions=[list_appointments, get_appointment, send_reminder],
    ),
    features=("clinic one-sided; 'already_confirmed' = items left; cancelled; no phone",),
    recorded={"date": "2026-05-04"},
    answers=appt_script({"reminders_sent": 2, "already_confirmed": 3}),
    reference=appt_reference(lambda ids, s, c: {"reminders_sent": s, "already_confirmed": c}),
    held_out=[
        HeldOut("new day: 2 of 3", {"date": "2026-05-05"}),
        HeldOut("all confirmed", {"date": "2026-05-06"}),
        HeldOut("one unconfirmed", {"date": "2026-05-07"}),
        HeldOut("no appointments", {"date": "2026-05-08"}),
        HeldOut("adv: cancelled", {"date": "2026-05-09"}),
        HeldOut("adv: no phone", {"date": "2026-05-10"}),
    ],
)

APPT_SKIPPED = Case(
    task=Task(
        "Text (sms) a reminder for each of the day's appointments the patient has not "
        "confirmed yet. Report how many reminders you sent and how many appointments you "
        "skipped.",
        name="r25_clinic_skipped",
        inputs={"date": str},
        outputs={"reminders_sent": int, "skipped": int},
        actions=[list_appointments, get_appointment, send_reminder],
    ),
    features=("clinic one-sided, everyday; 'skipped' rule 1",),
    recorded={"date": "2026-05-04"},
    answers=appt_script({"reminders_sent": 2, "skipped": 3}),
    reference=appt_reference(lambda ids, s, c: {"reminders_sent": s, "skipped": len(ids) - s}),
    held_out=[
        HeldOut("new day: 2 of 3", {"date": "2026-05-05"}),
        HeldOut("all confirmed", {"date": "2026-05-06"}),
        HeldOut("one unconfirmed", {"date": "2026-05-07"}),
        HeldOut("no appointments", {"date": "2026-05-08"}),
    ],
)

# ============================================ 7. fleet maintenance: same action, two packages


class Vehicle(BaseModel):
    id: str
    plate: str
    km_since_service: int
    status: str  # active | in_repair | retired


FLEET_KM: dict[str, Any] = {
    "V-1": 18000,
    "V-2": 4000,
    "V-3": 22000,
    "V-4": 9000,
    "V-11": 15000,
    "V-12": 14999,
    "V-13": 30000,
    "V-21": (40000, "retired"),
    "V-22": (3000, "in_repair"),
}
DEPOTS: dict[str, list[str]] = {
    "north": ["V-1", "V-2", "V-3", "V-4"],
    "south": ["V-11", "V-12", "V-13"],
    "east": ["V-12"],
    "west": [],
    "harbour": ["V-21", "V-11"],
    "airport": ["V-22", "V-13"],
}


def _km(v: str) -> tuple[int, str]:
    row = FLEET_KM[v]
    return row if isinstance(row, tuple) else (row, "active")


@action(read_only=True)
def list_vehicles(depot: str) -> list[str]:
    """The ids of the vehicles based at a depot."""
    return list(DEPOTS[depot])


@action(read_only=True)
def get_vehicle(vehicle_id: str) -> Vehicle:
    """One vehicle: plate, km driven since its last service, status (active, in_repair,
    retired)."""
    km, status = _km(vehicle_id)
    return Vehicle(id=vehicle_id, plate=f"XX-{vehicle_id}", km_since_service=km, status=status)


@action
def book_service(vehicle_id: str, package: str) -> str:
    """Book a vehicle into the workshop (package: full or inspection)."""
    effect("book_service", vehicle_id, package)
    return f"bk-{vehicle_id}"


VEHICLE_ITEMS = Items(
    [say("I list the depot's vehicles.", "list_vehicles", depot=ref("depot"))],
    "get_vehicle",
    "vehicle_id",
    "Next vehicle.",
)


def fleet_script(finish: dict[str, Any]) -> list[AIResponse]:
    def act(n: int, vid: str) -> list[AIResponse]:
        pkg = "full" if _km(vid)[0] >= 15000 else "inspection"
        return [VEHICLE_ITEMS.on(n, f"Book the {pkg} package.", "book_service", package=pkg)]

    return VEHICLE_ITEMS.script(
        DEPOTS["north"],
        "15000 km or more since service?",
        lambda n: f"get_vehicle_{n}.km_since_service >= 15000",
        act,
        finish,
    )


def fleet_reference(inputs: dict[str, Any]) -> Expected:
    ids = DEPOTS[inputs["depot"]]
    eff = []
    for v in ids:
        km, status = _km(v)
        if status != "active":
            continue
        eff.append(("book_service", v, "full" if km >= 15000 else "inspection"))
    full = sum(1 for e in eff if e[2] == "full")
    return Expected(
        eff, {"full_services": full, "inspections": len(eff) - full, "vehicles": len(ids)}
    )


FLEET = Case(
    task=Task(
        "Book every active vehicle of the depot into the workshop: the full package for "
        "vehicles driven 15000 km or more since their last service, an inspection for the "
        "others. Vehicles in repair or retired are not booked. Report how many full services "
        "and inspections you booked and how many vehicles the depot has.",
        name="r25_fleet_service",
        inputs={"depot": str},
        outputs={"full_services": int, "inspections": int, "vehicles": int},
        actions=[list_vehicles, get_vehicle, book_service],
    ),
    features=("fleet two-sided same action, constant per side; 'vehicles' rule 2; status",),
    recorded={"depot": "north"},
    answers=fleet_script({"full_services": 2, "inspections": 2, "vehicles": 4}),
    reference=fleet_reference,
    held_out=[
        HeldOut("south: edge km", {"depot": "south"}),
        HeldOut("east: one inspection", {"depot": "east"}),
        HeldOut("west: none", {"depot": "west"}),
        HeldOut("adv: retired vehicle", {"depot": "harbour"}),
        HeldOut("adv: in repair", {"depot": "airport"}),
    ],
)

# ========================================================= 8. school grading (two-sided)


class Submission(BaseModel):
    id: str
    student: str
    score: float | None
    late: bool


SCORES: dict[str, Any] = {
    "E-1": 72.0,
    "E-2": 41.0,
    "E-3": 55.0,
    "E-4": 38.5,
    "E-11": 50.0,
    "E-12": 49.5,
    "E-13": 90.0,
    "E-21": None,
}
CLASSES: dict[str, list[str]] = {
    "7a": ["E-1", "E-2", "E-3", "E-4"],
    "7b": ["E-11", "E-12", "E-13"],
    "7c": ["E-13"],
    "7d": [],
    "7e": ["E-21", "E-1"],
}


@action(read_only=True)
def list_submissions(class_name: str) -> list[str]:
    """The ids of a class's exam submissions."""
    return list(CLASSES[class_name])


@action(read_only=True)
def get_submission(submission_id: str) -> Submission:
    """One exam submission: the student, the score out of 100 (None if absent), late or not."""
    return Submission(
        id=submission_id, student=f"st-{submission_id}", score=SCORES[submission_id], late=False
    )


@action
def record_pass(submission_id: str) -> str:
    """Record that the student passed."""
    effect("record_pass", submission_id)
    return "ok"


@action
def enrol_in_resit(submission_id: str) -> str:
    """Enrol the student in the resit exam."""
    effect("enrol_in_resit", submission_id)
    return "ok"


SUBMISSION_ITEMS = Items(
    [say("I list the submissions.", "list_submissions", class_name=ref("class_name"))],
    "get_submission",
    "submission_id",
    "Next submission.",
)


def grade_script(finish: dict[str, Any]) -> list[AIResponse]:
    return SUBMISSION_ITEMS.script(
        CLASSES["7a"],
        "50 or more?",
        lambda n: f"get_submission_{n}.score >= 50",
        lambda n, eid: [
            (
                SUBMISSION_ITEMS.on(n, "Passed.", "record_pass")
                if SCORES[eid] >= 50
                else SUBMISSION_ITEMS.on(n, "Resit.", "enrol_in_resit")
            )
        ],
        finish,
    )


def grade_reference(inputs: dict[str, Any]) -> Expected:
    ids = CLASSES[inputs["class_name"]]
    eff = []
    for e in ids:
        sc = SCORES[e]
        if sc is None:
            eff.append(("enrol_in_resit", e))  # absent: resit
        elif sc >= 50:
            eff.append(("record_pass", e))
        else:
            eff.append(("enrol_in_resit", e))
    p = sum(1 for x in eff if x[0] == "record_pass")
    return Expected(eff, {"passed": p, "resits": len(eff) - p, "students": len(ids)})


GRADE = Case(
    task=Task(
        "Grade the class's exam: a score of 50 or more passes (record it); everyone else, "
        "absent students included, is enrolled in the resit. Report how many passed, how many "
        "resits, and how many students sat in the class list.",
        name="r25_grading",
        inputs={"class_name": str},
        outputs={"passed": int, "resits": int, "students": int},
        actions=[list_submissions, get_submission, record_pass, enrol_in_resit],
    ),
    features=("school two-sided; None score; 'students' is not the list noun",),
    recorded={"class_name": "7a"},
    answers=grade_script({"passed": 2, "resits": 2, "students": 4}),
    reference=grade_reference,
    held_out=[
        HeldOut("7b: edge scores", {"class_name": "7b"}),
        HeldOut("7c: one pass", {"class_name": "7c"}),
        HeldOut("7d: empty", {"class_name": "7d"}),
        HeldOut("adv: absent (None)", {"class_name": "7e"}),
    ],
)


# ================================================ 9. real estate: listings without photos


class Listing(BaseModel):
    id: str
    address: str
    photos: list[str]
    status: str


PHOTOS: dict[str, int] = {
    "H-1": 0,
    "H-2": 6,
    "H-3": 0,
    "H-4": 12,
    "H-11": 0,
    "H-12": 0,
    "H-13": 0,
    "H-14": 3,
}
OFFICES: dict[str, list[str]] = {
    "centre": ["H-1", "H-2", "H-3", "H-4"],
    "docks": ["H-11", "H-12", "H-13", "H-14"],
    "hills": ["H-2", "H-14"],
    "park": ["H-11"],
    "empty": [],
}


@action(read_only=True)
def list_active_listings(office: str) -> list[str]:
    """The ids of an office's active property listings."""
    return list(OFFICES[office])


@action(read_only=True)
def get_listing(listing_id: str) -> Listing:
    """One listing: address, photo urls, status."""
    return Listing(
        id=listing_id,
        address=f"{listing_id} Main St",
        photos=[f"p{k}.jpg" for k in range(PHOTOS[listing_id])],
        status="active",
    )


@action
def schedule_photoshoot(listing_id: str) -> str:
    """Book the photographer for a listing."""
    effect("schedule_photoshoot", listing_id)
    return "booked"


@action
def publish_listing(listing_id: str) -> str:
    """Publish a listing on the property portals."""
    effect("publish_listing", listing_id)
    return "published"


LISTING_ITEMS = Items(
    [say("I list the active listings.", "list_active_listings", office=ref("office"))],
    "get_listing",
    "listing_id",
    "Next listing.",
)


def photo_script(finish: dict[str, Any], both: bool) -> list[AIResponse]:
    def act(n: int, hid: str) -> list[AIResponse]:
        if PHOTOS[hid] == 0:
            return [LISTING_ITEMS.on(n, "I book the photographer.", "schedule_photoshoot")]
        if both:
            return [LISTING_ITEMS.on(n, "It has photos: I publish it.", "publish_listing")]
        return []

    return LISTING_ITEMS.script(
        OFFICES["centre"], "No photos?", lambda n: f"len(get_listing_{n}.photos) == 0", act, finish
    )


def photo_reference(both: bool) -> Any:
    def reference(inputs: dict[str, Any]) -> Expected:
        ids = OFFICES[inputs["office"]]
        eff: list[tuple[Any, ...]] = []
        for h in ids:
            if PHOTOS[h] == 0:
                eff.append(("schedule_photoshoot", h))
            elif both:
                eff.append(("publish_listing", h))
        without = sum(1 for h in ids if PHOTOS[h] == 0)
        return Expected(eff, {"listings_without_photos": without})

    return reference


PHOTO_HELD = [
    HeldOut("docks: 3 without", {"office": "docks"}),
    HeldOut("hills: all have photos", {"office": "hills"}),
    HeldOut("park: one without", {"office": "park"}),
    HeldOut("empty office", {"office": "empty"}),
]

PHOTOS_ONE = Case(
    task=Task(
        "Book a photoshoot for every active listing of the office that has no photos yet. "
        "Report how many listings were without photos.",
        name="r25_listings_without_photos",
        inputs={"office": str},
        outputs={"listings_without_photos": int},
        actions=[list_active_listings, get_listing, schedule_photoshoot],
    ),
    features=("one-sided; 'without X' names the acted side (the action supplies X)",),
    recorded={"office": "centre"},
    answers=photo_script({"listings_without_photos": 2}, both=False),
    reference=photo_reference(False),
    held_out=PHOTO_HELD,
)

PHOTOS_BOTH = Case(
    task=Task(
        "Go through the office's active listings: book a photoshoot for each listing with no "
        "photos, and publish each one that has photos. Report how many listings were without "
        "photos.",
        name="r25_listings_without_photos_both",
        inputs={"office": str},
        outputs={"listings_without_photos": int},
        actions=[list_active_listings, get_listing, schedule_photoshoot, publish_listing],
    ),
    features=("two-sided; 'without X' turned to the other side",),
    recorded={"office": "centre"},
    answers=photo_script({"listings_without_photos": 2}, both=True),
    reference=photo_reference(True),
    held_out=PHOTO_HELD,
)

# ============================================== 10. clinic no-shows: 'kept' among three kinds


class Visit(BaseModel):
    id: str
    patient: str
    outcome: str  # attended | no_show | cancelled


VISITS: dict[str, str] = {
    "VI-1": "attended",
    "VI-2": "no_show",
    "VI-3": "attended",
    "VI-4": "no_show",
    "VI-5": "attended",
    "VI-11": "no_show",
    "VI-12": "attended",
    "VI-13": "cancelled",
    "VI-14": "no_show",
}
YESTERDAY: dict[str, list[str]] = {
    "dr_a": ["VI-1", "VI-2", "VI-3", "VI-4", "VI-5"],
    "dr_b": ["VI-11", "VI-12", "VI-14"],
    "dr_c": ["VI-12", "VI-13", "VI-11"],
    "dr_d": ["VI-13", "VI-14"],
    "dr_e": [],
}


@action(read_only=True)
def list_yesterdays_visits(doctor: str) -> list[str]:
    """The ids of the visits booked with a doctor yesterday."""
    return list(YESTERDAY[doctor])


@action(read_only=True)
def get_visit(visit_id: str) -> Visit:
    """One visit: the patient and its outcome (attended, no_show or cancelled)."""
    return Visit(id=visit_id, patient=f"pt-{visit_id}", outcome=VISITS[visit_id])


@action
def send_rebooking_link(visit_id: str) -> str:
    """Send the patient of a missed visit a link to book a new one."""
    effect("send_rebooking_link", visit_id)
    return "sent"


VISIT_ITEMS = Items(
    [say("I list yesterday's visits.", "list_yesterdays_visits", doctor=ref("doctor"))],
    "get_visit",
    "visit_id",
    "Next visit.",
)


def noshow_script(finish: dict[str, Any]) -> list[AIResponse]:
    return VISIT_ITEMS.script(
        YESTERDAY["dr_a"],
        "A no-show?",
        lambda n: f"get_visit_{n}.outcome == 'no_show'",
        lambda n, vid: (
            [VISIT_ITEMS.on(n, "I send a rebooking link.", "send_rebooking_link")]
            if VISITS[vid] == "no_show"
            else []
        ),
        finish,
    )


def noshow_reference(inputs: dict[str, Any]) -> Expected:
    ids = YESTERDAY[inputs["doctor"]]
    eff = [("send_rebooking_link", v) for v in ids if VISITS[v] == "no_show"]
    kept = sum(1 for v in ids if VISITS[v] == "attended")
    return Expected(eff, {"links_sent": len(eff), "kept": kept})


NOSHOW = Case(
    task=Task(
        "Send a rebooking link to every patient who missed (no-show) their visit with the "
        "doctor yesterday. Report how many links you sent and how many appointments were kept.",
        name="r25_clinic_no_show_kept",
        inputs={"doctor": str},
        outputs={"links_sent": int, "kept": int},
        actions=[list_yesterdays_visits, get_visit, send_rebooking_link],
    ),
    features=("one-sided; 'kept' = attended, the items left had a third kind (cancelled)",),
    recorded={"doctor": "dr_a"},
    answers=noshow_script({"links_sent": 2, "kept": 3}),
    reference=noshow_reference,
    held_out=[
        HeldOut("dr_b: ordinary", {"doctor": "dr_b"}),
        HeldOut("dr_e: none", {"doctor": "dr_e"}),
        HeldOut("adv: a cancelled visit", {"doctor": "dr_c"}),
        HeldOut("adv: cancelled + no-show", {"doctor": "dr_d"}),
    ],
)

CASES = [
    SEAT_EXEMPT,
    SEAT_SKIPPED,
    RENEW_KEPT,
    RENEW_RETAINED,
    GRANT_FEES_BOTH,
    GRANT_FEES_ONE,
    PR_PLAIN,
    RSVP,
    APPT,
    APPT_SKIPPED,
    FLEET,
    GRADE,
    PHOTOS_ONE,
    PHOTOS_BOTH,
    NOSHOW,
]
