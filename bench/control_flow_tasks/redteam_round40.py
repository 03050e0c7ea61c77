"""Red team round 40 (api prober): everyday tasks on today's loops, half adversarial inputs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ------------------------------------------------------------ 1 expenses decided in the head
class Claim(BaseModel):
    id: str
    employee: str
    amount: float
    has_receipt: bool


CLAIMS = {
    "C-1": ("ann", 120.0, True),
    "C-2": ("bob", 800.0, True),
    "C-3": ("cat", 300.0, True),
    "C-4": ("dan", 500.0, True),  # exactly the limit: approve ("up to 500")
    "C-5": ("eve", 300.0, False),  # no receipt: reject
    "C-6": ("fay", 45.0, True),
    "C-7": ("gus", 1900.0, True),
    "C-8": ("hal", 499.99, True),
}
TEAMS = {
    "sales": ["C-1", "C-2", "C-3"],
    "ops": ["C-6", "C-7", "C-8"],
    "hr": [],
    "legal": ["C-6", "C-4", "C-7"],
    "it": ["C-1", "C-5", "C-2"],
}


@action(read_only=True)
def list_pending_claims(team: str) -> list[str]:
    """The ids of the team's pending expense claims."""
    return list(TEAMS[team])


@action(read_only=True)
def get_claim(claim_id: str) -> Claim:
    """One expense claim: employee, amount in EUR, whether a receipt is attached."""
    e, a, r = CLAIMS[claim_id]
    return Claim(id=claim_id, employee=e, amount=a, has_receipt=r)


@action
def approve_claim(claim_id: str) -> str:
    """Approve an expense claim for payout."""
    effect("approve_claim", claim_id)
    return "approved"


@action
def reject_claim(claim_id: str, reason: str) -> str:
    """Reject an expense claim with a reason the employee sees."""
    effect("reject_claim", claim_id, reason)
    return "rejected"


expenses: Task[Any] = Task(
    "Go through the team's pending expense claims. Approve each claim of up to 500 EUR that has "
    "a receipt attached; reject the others with the reason 'policy'. Report how many you "
    "approved and how many you rejected.",
    name="r40_expenses",
    inputs={"team": str},
    outputs={"approved": int, "rejected": int},
    actions=[list_pending_claims, get_claim, approve_claim, reject_claim],
)


def _ok(c: str) -> bool:
    _e, a, r = CLAIMS[c]
    return a <= 500 and r


def expenses_ref(i: dict[str, Any]) -> Expected:
    ids = TEAMS[i["team"]]
    eff: list[tuple[Any, ...]] = [
        ("approve_claim", c) if _ok(c) else ("reject_claim", c, "policy") for c in ids
    ]
    n = sum(_ok(c) for c in ids)
    return Expected(eff, {"approved": n, "rejected": len(ids) - n})


def _exp_turns() -> list[Any]:
    out = [say("I list the pending claims.", "list_pending_claims", team=ref("team"))]
    for n, (_cid, ok) in enumerate([("C-1", True), ("C-2", False), ("C-3", True)], start=1):
        out.append(say("I look it up.", "get_claim", claim_id=ref(f"list_pending_claims_1.{n-1}")))
        if ok:
            out.append(
                say(
                    "Under 500 with a receipt: approve.",
                    "approve_claim",
                    claim_id=ref(f"get_claim_{n}.id"),
                )
            )
        else:
            out.append(
                say(
                    "Over 500: reject.",
                    "reject_claim",
                    claim_id=ref(f"get_claim_{n}.id"),
                    reason="policy",
                )
            )
    out.append(say("Two approved, one rejected.", "finish", approved=2, rejected=1))
    return out


CASES.append(
    Case(
        task=expenses,
        features=("decided in the head", "inclusive bound in words", "receipt named in words"),
        recorded={"team": "sales"},
        answers=_exp_turns(),
        reference=expenses_ref,
        held_out=[
            HeldOut("ordinary mix", {"team": "ops"}),
            HeldOut("empty", {"team": "hr"}),
            HeldOut("ADV exactly 500", {"team": "legal"}),
            HeldOut("ADV no receipt", {"team": "it"}),
        ],
    )
)


# ---------------------------------------- 2 same action, two constants, pickup after the loop
class Parcel(BaseModel):
    id: str
    weight_kg: float
    city: str


WEIGHTS = {"P-1": 2.0, "P-2": 45.0, "P-3": 7.5, "P-4": 1.0, "P-5": 80.0, "P-6": 31.0, "P-7": 30.0}
DAYS = {
    "mon": ["P-1", "P-2", "P-3"],
    "tue": ["P-4", "P-3"],  # no freight -> no pickup
    "wed": ["P-5", "P-1", "P-6"],  # two freight -> one pickup
    "thu": [],
    "fri": ["P-7", "P-2"],  # 30.0 exactly -> parcel
}


@action(read_only=True)
def list_outgoing(day: str) -> list[str]:
    """The ids of the parcels leaving the warehouse on a day."""
    return list(DAYS[day])


@action(read_only=True)
def get_parcel(parcel_id: str) -> Parcel:
    """One outgoing parcel: weight in kg and destination city."""
    return Parcel(id=parcel_id, weight_kg=WEIGHTS[parcel_id], city="Lyon")


@action
def book_shipment(parcel_id: str, service: str) -> str:
    """Book a carrier for a parcel: service 'freight' or 'parcel'."""
    effect("book_shipment", parcel_id, service)
    return f"bk-{parcel_id}"


@action
def book_truck_pickup(day: str) -> str:
    """Book the freight truck to pick up at the warehouse on a day."""
    effect("book_truck_pickup", day)
    return "ok"


shipping: Task[Any] = Task(
    "Book a carrier for every parcel leaving on the given day: parcels over 30 kg go by freight, "
    "the rest by parcel service. If anything goes by freight, also book the truck pickup for "
    "that day (once). Report how many shipments you booked and how many went by freight.",
    name="r40_shipping",
    inputs={"day": str},
    outputs={"shipments": int, "freight": int},
    actions=[list_outgoing, get_parcel, book_shipment, book_truck_pickup],
)


def shipping_ref(i: dict[str, Any]) -> Expected:
    ids = DAYS[i["day"]]
    eff: list[tuple[Any, ...]] = [
        ("book_shipment", p, "freight" if WEIGHTS[p] > 30 else "parcel") for p in ids
    ]
    nf = sum(WEIGHTS[p] > 30 for p in ids)
    if nf:
        eff.append(("book_truck_pickup", i["day"]))
    return Expected(eff, {"shipments": len(ids), "freight": nf})


def _ship_turns() -> list[Any]:
    out = [say("I list the outgoing parcels.", "list_outgoing", day=ref("day"))]
    for n, fr in enumerate([False, True, False], start=1):
        out.append(say("I look it up.", "get_parcel", parcel_id=ref(f"list_outgoing_1.{n-1}")))
        out.append(say("Over 30 kg?", "compute", expression=f"get_parcel_{n}.weight_kg > 30"))
        out.append(
            say(
                "Booking.",
                "book_shipment",
                parcel_id=ref(f"get_parcel_{n}.id"),
                service="freight" if fr else "parcel",
            )
        )
    out.append(
        say("One went by freight, so I book the truck.", "book_truck_pickup", day=ref("day"))
    )
    out.append(say("Three shipments, one freight.", "finish", shipments=3, freight=1))
    return out


CASES.append(
    Case(
        task=shipping,
        features=("same action both sides, constants", "change after loop if a side acted"),
        recorded={"day": "mon"},
        answers=_ship_turns(),
        reference=shipping_ref,
        held_out=[
            HeldOut("two freight", {"day": "wed"}),
            HeldOut("empty", {"day": "thu"}),
            HeldOut("ADV no freight", {"day": "tue"}),
            HeldOut("ADV exactly 30", {"day": "fri"}),
        ],
    )
)


# ------------------------------------------- 3 library: hidden staff exemption in the words
class Loan(BaseModel):
    id: str
    member: str
    card: str
    days_overdue: int


LOANS = {
    "L-1": ("m1", "adult", 40),
    "L-2": ("m2", "adult", 5),
    "L-3": ("m3", "adult", 12),
    "L-4": ("m4", "staff", 60),  # staff: remind only
    "L-5": ("m5", "adult", 31),
    "L-6": ("m6", "child", 45),
    "L-7": ("m7", "staff", 3),
}
BRANCHES = {
    "north": ["L-1", "L-2", "L-3"],
    "south": ["L-5", "L-2"],
    "east": ["L-4", "L-1"],
    "west": ["L-6", "L-7", "L-3"],
    "none": [],
}


@action(read_only=True)
def list_overdue_loans(branch: str) -> list[str]:
    """The ids of the branch's overdue loans."""
    return list(BRANCHES[branch])


@action(read_only=True)
def get_loan(loan_id: str) -> Loan:
    """One loan: member, their card type (adult, child, staff), days overdue."""
    m, c, d = LOANS[loan_id]
    return Loan(id=loan_id, member=m, card=c, days_overdue=d)


@action
def charge_late_fee(loan_id: str) -> str:
    """Charge the member the standard late fee for a loan."""
    effect("charge_late_fee", loan_id)
    return "charged"


@action
def send_reminder(loan_id: str) -> str:
    """Email the member a reminder to return a loan."""
    effect("send_reminder", loan_id)
    return "sent"


library: Task[Any] = Task(
    "Handle the branch's overdue loans: charge the late fee on every loan more than 30 days "
    "overdue, and send a reminder for the others. Staff cards are never charged; they just get "
    "a reminder. Report how many fees you charged and how many reminders you sent.",
    name="r40_library",
    inputs={"branch": str},
    outputs={"fees": int, "reminders": int},
    actions=[list_overdue_loans, get_loan, charge_late_fee, send_reminder],
)


def _fee(lid: str) -> bool:
    _m, c, d = LOANS[lid]
    return d > 30 and c != "staff"


def library_ref(i: dict[str, Any]) -> Expected:
    ids = BRANCHES[i["branch"]]
    eff: list[tuple[Any, ...]] = [
        ("charge_late_fee" if _fee(x) else "send_reminder", x) for x in ids
    ]
    n = sum(_fee(x) for x in ids)
    return Expected(eff, {"fees": n, "reminders": len(ids) - n})


def _lib_turns() -> list[Any]:
    out = [say("I list the overdue loans.", "list_overdue_loans", branch=ref("branch"))]
    for n, fee in enumerate([True, False, False], start=1):
        out.append(say("I look it up.", "get_loan", loan_id=ref(f"list_overdue_loans_1.{n-1}")))
        out.append(
            say("More than 30 days?", "compute", expression=f"get_loan_{n}.days_overdue > 30")
        )
        if fee:
            out.append(
                say(
                    "Adult card, over 30 days: fee.",
                    "charge_late_fee",
                    loan_id=ref(f"get_loan_{n}.id"),
                )
            )
        else:
            out.append(say("Reminder.", "send_reminder", loan_id=ref(f"get_loan_{n}.id")))
    out.append(say("One fee, two reminders.", "finish", fees=1, reminders=2))
    return out


CASES.append(
    Case(
        task=library,
        features=("hidden exemption in the words", "both sides act"),
        recorded={"branch": "north"},
        answers=_lib_turns(),
        reference=library_ref,
        held_out=[
            HeldOut("ordinary", {"branch": "south"}),
            HeldOut("empty", {"branch": "none"}),
            HeldOut("ADV staff over 30", {"branch": "east"}),
            HeldOut("ADV child card", {"branch": "west"}),
        ],
    )
)


# --------------------------------------- 4 leave: two calls on one side, notify after if any
class Leave(BaseModel):
    id: str
    employee: str
    days: int


LEAVES = {
    "Q-1": ("a", 2),
    "Q-2": ("b", 8),
    "Q-3": ("c", 3),
    "Q-4": ("d", 5),
    "Q-5": ("e", 12),
    "Q-6": ("f", 6),
}
WEEKS = {
    "w1": ["Q-1", "Q-2", "Q-3"],
    "w2": ["Q-4", "Q-1"],  # none forwarded -> no HR lead note
    "w3": ["Q-5", "Q-6", "Q-3"],
    "w4": [],
}


@action(read_only=True)
def list_leave_requests(week: str) -> list[str]:
    """The ids of the leave requests filed in a week."""
    return list(WEEKS[week])


@action(read_only=True)
def get_leave(request_id: str) -> Leave:
    """One leave request: employee and number of days."""
    e, d = LEAVES[request_id]
    return Leave(id=request_id, employee=e, days=d)


@action
def approve_leave(request_id: str) -> str:
    """Approve a leave request."""
    effect("approve_leave", request_id)
    return "approved"


@action
def forward_to_hr(request_id: str) -> str:
    """Forward a leave request to HR for a decision."""
    effect("forward_to_hr", request_id)
    return "forwarded"


@action
def email_employee(request_id: str, message: str) -> str:
    """Email the employee of a request."""
    effect("email_employee", request_id, message)
    return "sent"


@action
def notify_hr_lead(message: str) -> str:
    """Message the HR lead."""
    effect("notify_hr_lead", message)
    return "sent"


leave: Task[Any] = Task(
    "Process this week's leave requests: approve each request of 5 days or fewer. Forward longer "
    "ones to HR and email the employee 'Your request was forwarded to HR'. If you forwarded any, "
    "message the HR lead 'leave requests waiting' once. Report how many you approved and how "
    "many you forwarded.",
    name="r40_leave",
    inputs={"week": str},
    outputs={"approved": int, "forwarded": int},
    actions=[
        list_leave_requests,
        get_leave,
        approve_leave,
        forward_to_hr,
        email_employee,
        notify_hr_lead,
    ],
)

MSG = "Your request was forwarded to HR"


def leave_ref(i: dict[str, Any]) -> Expected:
    ids = WEEKS[i["week"]]
    eff: list[tuple[Any, ...]] = []
    for q in ids:
        if LEAVES[q][1] <= 5:
            eff.append(("approve_leave", q))
        else:
            eff += [("forward_to_hr", q), ("email_employee", q, MSG)]
    nf = sum(LEAVES[q][1] > 5 for q in ids)
    if nf:
        eff.append(("notify_hr_lead", "leave requests waiting"))
    return Expected(eff, {"approved": len(ids) - nf, "forwarded": nf})


def _leave_turns() -> list[Any]:
    out = [say("I list the requests.", "list_leave_requests", week=ref("week"))]
    for n, ok in enumerate([True, False, True], start=1):
        out.append(
            say("I look it up.", "get_leave", request_id=ref(f"list_leave_requests_1.{n-1}"))
        )
        out.append(say("5 days or fewer?", "compute", expression=f"get_leave_{n}.days <= 5"))
        if ok:
            out.append(say("Approve.", "approve_leave", request_id=ref(f"get_leave_{n}.id")))
        else:
            out.append(say("Forward.", "forward_to_hr", request_id=ref(f"get_leave_{n}.id")))
            out.append(
                say(
                    "Tell them.", "email_employee", request_id=ref(f"get_leave_{n}.id"), message=MSG
                )
            )
    out.append(
        say(
            "One was forwarded; tell the HR lead.",
            "notify_hr_lead",
            message="leave requests waiting",
        )
    )
    out.append(say("Two approved, one forwarded.", "finish", approved=2, forwarded=1))
    return out


CASES.append(
    Case(
        task=leave,
        features=("two calls on a side", "change after loop if a side acted"),
        recorded={"week": "w1"},
        answers=_leave_turns(),
        reference=leave_ref,
        held_out=[
            HeldOut("two forwarded", {"week": "w3"}),
            HeldOut("empty", {"week": "w4"}),
            HeldOut("ADV none forwarded", {"week": "w2"}),
        ],
    )
)


# ------------------------------- 5 filtered subset, exclusion named only in the words
class Ticket(BaseModel):
    id: str
    priority: str
    assignee: str | None
    customer: str


QUEUES = {
    "q1": [
        ("T-1", "high", None, "acme"),
        ("T-2", "low", None, "acme"),
        ("T-3", "high", None, "globex"),
        ("T-4", "high", "zoe", "acme"),
    ],
    "q2": [
        ("T-5", "high", None, "initech"),
        ("T-6", "high", None, "umbrella"),
        ("T-7", "high", None, "acme"),
    ],
    "q3": [("T-8", "high", None, "internal"), ("T-9", "high", None, "acme")],
    "q4": [("T-10", "low", None, "acme")],
}


@action(read_only=True)
def list_queue(queue: str) -> list[Ticket]:
    """The open tickets of a support queue: priority, assignee (or none), customer."""
    return [Ticket(id=i, priority=p, assignee=a, customer=c) for i, p, a, c in QUEUES[queue]]


@action
def assign_ticket(ticket_id: str, engineer: str) -> str:
    """Assign a ticket to an engineer."""
    effect("assign_ticket", ticket_id, engineer)
    return "assigned"


oncall: Task[Any] = Task(
    "Assign every unassigned high-priority ticket in the queue to the on-call engineer, except "
    "tickets from the customer 'internal', which wait for the morning. Report how many you "
    "assigned.",
    name="r40_oncall",
    inputs={"queue": str, "engineer": str},
    outputs={"assigned": int},
    actions=[list_queue, assign_ticket],
)


def oncall_ref(i: dict[str, Any]) -> Expected:
    ts = [t for t in QUEUES[i["queue"]] if t[1] == "high" and t[2] is None and t[3] != "internal"]
    return Expected([("assign_ticket", t[0], i["engineer"]) for t in ts], {"assigned": len(ts)})


CASES.append(
    Case(
        task=oncall,
        features=("filtered subset plain loop", "exclusion only in the words"),
        recorded={"queue": "q1", "engineer": "sam"},
        answers=[
            say("I list the queue.", "list_queue", queue=ref("queue")),
            say(
                "Unassigned high ones.",
                "compute",
                expression="[t for t in list_queue_1 if t.priority == 'high' and "
                "t.assignee is None]",
            ),
            say(
                "Assign T-1.",
                "assign_ticket",
                ticket_id=ref("compute_1.0.id"),
                engineer=ref("engineer"),
            ),
            say(
                "Assign T-3.",
                "assign_ticket",
                ticket_id=ref("compute_1.1.id"),
                engineer=ref("engineer"),
            ),
            say("Two assigned.", "finish", assigned=2),
        ],
        reference=oncall_ref,
        held_out=[
            HeldOut("three", {"queue": "q2", "engineer": "sam"}),
            HeldOut("none", {"queue": "q4", "engineer": "kim"}),
            HeldOut("ADV internal", {"queue": "q3", "engineer": "sam"}),
        ],
    )
)


# ------------------------------------- 6 filtered subset, a bound only the words state
class Sub(BaseModel):
    id: str
    active: bool
    monthly_price: float


ACCOUNTS = {
    "a1": [("S-1", True, 10.0), ("S-2", False, 15.0), ("S-3", True, 20.0)],
    "a2": [("S-4", True, 12.0), ("S-5", True, 30.0)],
    "a3": [("S-6", True, 80.0), ("S-7", True, 9.0)],  # 80 > 50: not renewed
    "a4": [("S-8", True, 50.0), ("S-9", False, 5.0)],  # exactly 50: renewed
}


@action(read_only=True)
def list_subscriptions(account: str) -> list[Sub]:
    """The account's subscriptions: active flag and monthly price."""
    return [Sub(id=i, active=a, monthly_price=p) for i, a, p in ACCOUNTS[account]]


@action
def renew_subscription(subscription_id: str) -> str:
    """Renew a subscription for another year (charges the card on file)."""
    effect("renew_subscription", subscription_id)
    return "renewed"


renew: Task[Any] = Task(
    "Renew every active subscription on the account, except any that costs more than 50 a month "
    "(those the customer wants to review first). Report how many you renewed.",
    name="r40_renew",
    inputs={"account": str},
    outputs={"renewed": int},
    actions=[list_subscriptions, renew_subscription],
)


def renew_ref(i: dict[str, Any]) -> Expected:
    ss = [s for s, a, p in ACCOUNTS[i["account"]] if a and p <= 50]
    return Expected([("renew_subscription", s) for s in ss], {"renewed": len(ss)})


CASES.append(
    Case(
        task=renew,
        features=("filtered subset", "bound only in words, prices differed"),
        recorded={"account": "a1"},
        answers=[
            say("I list the subscriptions.", "list_subscriptions", account=ref("account")),
            say(
                "The active ones.",
                "compute",
                expression="[s for s in list_subscriptions_1 if s.active]",
            ),
            say("Renew S-1.", "renew_subscription", subscription_id=ref("compute_1.0.id")),
            say("Renew S-3.", "renew_subscription", subscription_id=ref("compute_1.1.id")),
            say("Two renewed.", "finish", renewed=2),
        ],
        reference=renew_ref,
        held_out=[
            HeldOut("ordinary", {"account": "a2"}),
            HeldOut("ADV over 50", {"account": "a3"}),
            HeldOut("ADV exactly 50", {"account": "a4"}),
        ],
    )
)


# ------------------------------- 7 refund/voucher with 'already refunded get nothing'
class Order(BaseModel):
    id: str
    total: float
    status: str


ORDERS = {
    "O-1": (150.0, "delivered"),
    "O-2": (40.0, "delivered"),
    "O-3": (220.0, "delivered"),
    "O-4": (60.0, "delivered"),
    "O-5": (300.0, "refunded"),  # nothing
    "O-6": (20.0, "refunded"),  # nothing
    "O-7": (101.0, "delivered"),
}
CUSTOMERS = {
    "ana": ["O-1", "O-2", "O-3", "O-4"],
    "ben": ["O-7", "O-4"],
    "cal": ["O-5", "O-2"],
    "dee": ["O-6", "O-1"],
}


@action(read_only=True)
def list_damage_claims(customer: str) -> list[str]:
    """The ids of the customer's orders claimed as damaged."""
    return list(CUSTOMERS[customer])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: total in EUR and status (delivered, refunded, ...)."""
    t, s = ORDERS[order_id]
    return Order(id=order_id, total=t, status=s)


@action
def refund_order(order_id: str) -> str:
    """Refund an order in full."""
    effect("refund_order", order_id)
    return "refunded"


@action
def send_voucher(order_id: str) -> str:
    """Send a 10 EUR apology voucher for an order."""
    effect("send_voucher", order_id)
    return "sent"


damage: Task[Any] = Task(
    "Handle the customer's damage claims: refund each order over 100 EUR, otherwise send the "
    "apology voucher. Orders that were already refunded get nothing. Report how many orders "
    "you refunded, how many vouchers you sent, and how many claims you handled in total.",
    name="r40_damage",
    inputs={"customer": str},
    outputs={"refunded": int, "vouchers": int, "handled": int},
    actions=[list_damage_claims, get_order, refund_order, send_voucher],
)


def damage_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    r = v = 0
    for o in CUSTOMERS[i["customer"]]:
        t, s = ORDERS[o]
        if s == "refunded":
            continue
        if t > 100:
            eff.append(("refund_order", o))
            r += 1
        else:
            eff.append(("send_voucher", o))
            v += 1
    return Expected(eff, {"refunded": r, "vouchers": v, "handled": r + v})


def _damage_turns() -> list[Any]:
    out = [say("I list the claims.", "list_damage_claims", customer=ref("customer"))]
    for n, big in enumerate([True, False, True, False], start=1):
        out.append(say("I look it up.", "get_order", order_id=ref(f"list_damage_claims_1.{n-1}")))
        out.append(say("Over 100?", "compute", expression=f"get_order_{n}.total > 100"))
        out.append(
            say(
                "Acting.",
                "refund_order" if big else "send_voucher",
                order_id=ref(f"get_order_{n}.id"),
            )
        )
    out.append(say("Done.", "finish", refunded=2, vouchers=2, handled=4))
    return out


CASES.append(
    Case(
        task=damage,
        features=("both sides", "status exclusion in words", "count 'handled' fits both"),
        recorded={"customer": "ana"},
        answers=_damage_turns(),
        reference=damage_ref,
        held_out=[
            HeldOut("ordinary", {"customer": "ben"}),
            HeldOut("ADV refunded big", {"customer": "cal"}),
            HeldOut("ADV refunded small", {"customer": "dee"}),
        ],
    )
)


# ------------------------- 8 cancel unused subscriptions decided in the head over places
class Seat(BaseModel):
    id: str
    user: str
    days_since_login: int
    billing: str


ORGS = {
    "acme": [
        ("SE-1", "u1", 120, "monthly"),
        ("SE-2", "u2", 10, "monthly"),
        ("SE-3", "u3", 200, "monthly"),
    ],
    "beta": [("SE-4", "u4", 95, "monthly"), ("SE-5", "u5", 60, "monthly")],  # 95 cancel, 60 keep
    "gamma": [("SE-6", "u6", 150, "annual"), ("SE-7", "u7", 100, "monthly")],  # annual kept
    "delta": [("SE-8", "u8", 5, "monthly"), ("SE-9", "u9", 300, "monthly")],
}


@action(read_only=True)
def list_seats(org: str) -> list[Seat]:
    """The org's software seats: user, days since the user last logged in, billing."""
    return [Seat(id=i, user=u, days_since_login=d, billing=b) for i, u, d, b in ORGS[org]]


@action
def cancel_seat(seat_id: str) -> str:
    """Cancel a seat (the user loses access)."""
    effect("cancel_seat", seat_id)
    return "cancelled"


seats: Task[Any] = Task(
    "Cancel every seat in the org whose user hasn't logged in for more than 90 days, unless the "
    "seat is on annual billing. Report how many seats you cancelled.",
    name="r40_seats",
    inputs={"org": str},
    outputs={"cancelled": int},
    actions=[list_seats, cancel_seat],
)


def seats_ref(i: dict[str, Any]) -> Expected:
    ss = [s for s, _u, d, b in ORGS[i["org"]] if d > 90 and b != "annual"]
    return Expected([("cancel_seat", s) for s in ss], {"cancelled": len(ss)})


CASES.append(
    Case(
        task=seats,
        features=("decided in the head over places", "bound in words", "annual exemption"),
        recorded={"org": "acme"},
        answers=[
            say("I list the seats.", "list_seats", org=ref("org")),
            say(
                "u1 hasn't logged in for 120 days: cancel.",
                "cancel_seat",
                seat_id=ref("list_seats_1.0.id"),
            ),
            say("u3: 200 days, cancel.", "cancel_seat", seat_id=ref("list_seats_1.2.id")),
            say("Two cancelled.", "finish", cancelled=2),
        ],
        reference=seats_ref,
        held_out=[
            HeldOut("ordinary", {"org": "delta"}),
            HeldOut("ADV 95 and 60", {"org": "beta"}),
            HeldOut("ADV annual", {"org": "gamma"}),
        ],
    )
)


# ------------------------- 9 same as 8 with a flag named in the words (admin seats kept)
class Seat2(BaseModel):
    id: str
    user: str
    days_since_login: int
    is_admin: bool


ORGS2 = {
    "acme": [("SE-1", "u1", 120, False), ("SE-2", "u2", 10, False), ("SE-3", "u3", 200, False)],
    "beta": [("SE-4", "u4", 95, False), ("SE-5", "u5", 60, False)],
    "gamma": [("SE-6", "u6", 150, True), ("SE-7", "u7", 100, False)],
}


@action(read_only=True)
def list_seats2(org: str) -> list[Seat2]:
    """The org's software seats: user, days since last login, whether the user is an admin."""
    return [Seat2(id=i, user=u, days_since_login=d, is_admin=a) for i, u, d, a in ORGS2[org]]


@action
def cancel_seat2(seat_id: str) -> str:
    """Cancel a seat (the user loses access)."""
    effect("cancel_seat2", seat_id)
    return "cancelled"


seats2: Task[Any] = Task(
    "Cancel every seat in the org whose user hasn't logged in for more than 90 days, but never "
    "an admin's seat. Report how many seats you cancelled.",
    name="r40_seats_admin",
    inputs={"org": str},
    outputs={"cancelled": int},
    actions=[list_seats2, cancel_seat2],
)


def seats2_ref(i: dict[str, Any]) -> Expected:
    ss = [s for s, _u, d, a in ORGS2[i["org"]] if d > 90 and not a]
    return Expected([("cancel_seat2", s) for s in ss], {"cancelled": len(ss)})


CASES.append(
    Case(
        task=seats2,
        features=("decided in the head over places", "admin flag named in words"),
        recorded={"org": "acme"},
        answers=[
            say("I list the seats.", "list_seats2", org=ref("org")),
            say(
                "u1: 120 days, not an admin: cancel.",
                "cancel_seat2",
                seat_id=ref("list_seats2_1.0.id"),
            ),
            say("u3: 200 days: cancel.", "cancel_seat2", seat_id=ref("list_seats2_1.2.id")),
            say("Two cancelled.", "finish", cancelled=2),
        ],
        reference=seats2_ref,
        held_out=[
            HeldOut("ordinary", {"org": "beta"}),
            HeldOut("ADV admin", {"org": "gamma"}),
        ],
    )
)


# ------------- 10 as 8 but decided in a compute over the listing (filter), annual exemption
seats3: Task[Any] = Task(
    "Cancel every seat in the org whose user hasn't logged in for more than 90 days, unless the "
    "seat is on annual billing. Report how many seats you cancelled.",
    name="r40_seats_filter",
    inputs={"org": str},
    outputs={"cancelled": int},
    actions=[list_seats, cancel_seat],
)

CASES.append(
    Case(
        task=seats3,
        features=("filtered subset", "annual exemption alike on every item"),
        recorded={"org": "acme"},
        answers=[
            say("I list the seats.", "list_seats", org=ref("org")),
            say(
                "Not logged in for over 90 days.",
                "compute",
                expression="[s for s in list_seats_1 if s.days_since_login > 90]",
            ),
            say("Cancel SE-1.", "cancel_seat", seat_id=ref("compute_1.0.id")),
            say("Cancel SE-3.", "cancel_seat", seat_id=ref("compute_1.1.id")),
            say("Two cancelled.", "finish", cancelled=2),
        ],
        reference=seats_ref,
        held_out=[
            HeldOut("ADV 95 and 60", {"org": "beta"}),
            HeldOut("ADV annual", {"org": "gamma"}),
        ],
    )
)

CASES = at_least_three(CASES)
