"""Round 31: ordinary business tasks, recorded once, replayed on ordinary new inputs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from .redteam_round29 import get_customer, j_ref, list_segment, send_offer

CASES: list[Case] = []


# ------------------------------------------------------------------ 1 HR onboarding: act on all
class Hire(BaseModel):
    id: str
    name: str
    department: str


HIRES = {
    "2026-01-05": [("E-101", "Ana", "Sales"), ("E-102", "Ben", "IT"), ("E-103", "Cem", "Ops")],
    "2026-01-12": [("E-201", "Dia", "IT")],
    "2026-01-19": [],
    "2026-01-26": [
        ("E-301", "Eli", "HR"),
        ("E-302", "Fay", "Sales"),
        ("E-303", "Gus", "IT"),
        ("E-304", "Hal", "Ops"),
        ("E-305", "Ivy", "IT"),
    ],
}


@action(read_only=True)
def list_new_hires(start_date: str) -> list[Hire]:
    """Employees starting on a date."""
    return [Hire(id=i, name=n, department=d) for i, n, d in HIRES[start_date]]


@action
def create_account(employee_id: str, department: str) -> str:
    """Create the employee's IT account in their department; returns the login."""
    effect("create_account", employee_id, department)
    return f"login-{employee_id.lower()}"


onboard: Task[Any] = Task(
    "Create an IT account for every employee starting on the given date, in their department. "
    "Return the logins created.",
    name="r31_onboard",
    inputs={"start_date": str},
    outputs={"logins": list[str]},
    actions=[list_new_hires, create_account],
)


def onboard_ref(i: dict[str, Any]) -> Expected:
    h = HIRES[i["start_date"]]
    return Expected(
        [("create_account", e, d) for e, _, d in h],
        {"logins": [f"login-{e.lower()}" for e, _, _ in h]},
    )


CASES.append(
    Case(
        task=onboard,
        features=("act on all", "$ref"),
        recorded={"start_date": "2026-01-05"},
        answers=[
            say("I list the new hires.", "list_new_hires", start_date=ref("start_date")),
            *[
                say(
                    "I create the next account.",
                    "create_account",
                    employee_id=ref(f"list_new_hires_1.{k}.id"),
                    department=ref(f"list_new_hires_1.{k}.department"),
                )
                for k in range(3)
            ],
            say(
                "Done.",
                "finish",
                logins=[ref("create_account_1"), ref("create_account_2"), ref("create_account_3")],
            ),
        ],
        reference=onboard_ref,
        held_out=[
            HeldOut("1 hire", {"start_date": "2026-01-12"}),
            HeldOut("none", {"start_date": "2026-01-19"}),
            HeldOut("5 hires", {"start_date": "2026-01-26"}),
        ],
    )
)


# ------------------------------------------------------------ 2 library: filter by number, compute
class Loan(BaseModel):
    id: str
    member: str
    days_overdue: int


LOANS = {
    "north": [("L-1", "m1", 3), ("L-2", "m2", 20), ("L-3", "m3", 15), ("L-4", "m4", 0)],
    "south": [("L-5", "m5", 30), ("L-6", "m6", 2)],
    "east": [("L-7", "m7", 1)],
    "west": [],
    "centre": [("L-8", "m8", 40), ("L-9", "m9", 14), ("L-10", "m1", 15), ("L-11", "m2", 99)],
}


@action(read_only=True)
def list_loans(branch: str) -> list[Loan]:
    """Open loans of a library branch."""
    return [Loan(id=i, member=m, days_overdue=d) for i, m, d in LOANS[branch]]


@action
def send_overdue_notice(loan_id: str) -> str:
    """Email the member an overdue notice for a loan."""
    effect("send_overdue_notice", loan_id)
    return "sent"


overdue: Task[Any] = Task(
    "Send an overdue notice for every loan of the branch that is more than 14 days overdue. "
    "Report how many notices you sent.",
    name="r31_overdue",
    inputs={"branch": str},
    outputs={"notices": int},
    actions=[list_loans, send_overdue_notice],
)


def overdue_ref(i: dict[str, Any]) -> Expected:
    ids = [loan for loan, _, d in LOANS[i["branch"]] if d > 14]
    return Expected([("send_overdue_notice", loan) for loan in ids], {"notices": len(ids)})


CASES.append(
    Case(
        task=overdue,
        features=("filter compute", "count typed"),
        recorded={"branch": "north"},
        answers=[
            say("I list the loans.", "list_loans", branch=ref("branch")),
            say(
                "I keep those over 14 days overdue.",
                "compute",
                expression="[l for l in list_loans_1 if l.days_overdue > 14]",
            ),
            say("Notice for the first.", "send_overdue_notice", loan_id=ref("compute_1.0.id")),
            say("Notice for the second.", "send_overdue_notice", loan_id=ref("compute_1.1.id")),
            say("Two sent.", "finish", notices=2),
        ],
        reference=overdue_ref,
        held_out=[
            HeldOut("1 of 2", {"branch": "south"}),
            HeldOut("none overdue", {"branch": "east"}),
            HeldOut("no loans", {"branch": "west"}),
            HeldOut("3 of 4", {"branch": "centre"}),
        ],
    )
)


# ------------------------------------------------------------------ 3 fleet: lookup each, one-sided
class Vehicle(BaseModel):
    id: str
    plate: str
    km_since_service: int


VEH = {"V-1": 12000, "V-2": 4000, "V-3": 15500, "V-4": 9999, "V-5": 10001, "V-6": 200, "V-7": 30000}
DEPOTS = {
    "depot-a": ["V-1", "V-2", "V-3"],
    "depot-b": ["V-4", "V-5"],
    "depot-c": [],
    "depot-d": ["V-6", "V-2"],
    "depot-e": ["V-7", "V-1", "V-5", "V-4"],
}


@action(read_only=True)
def list_vehicles(depot: str) -> list[str]:
    """Ids of the vehicles based at a depot."""
    return list(DEPOTS[depot])


@action(read_only=True)
def get_vehicle(vehicle_id: str) -> Vehicle:
    """One vehicle with its km since last service."""
    return Vehicle(id=vehicle_id, plate=f"P{vehicle_id}", km_since_service=VEH[vehicle_id])


@action
def schedule_service(vehicle_id: str) -> str:
    """Book a workshop service slot for a vehicle."""
    effect("schedule_service", vehicle_id)
    return f"slot-{vehicle_id}"


fleet: Task[Any] = Task(
    "Check each vehicle at the depot and schedule a service for any that has driven more than "
    "10000 km since its last service. Report how many services you scheduled.",
    name="r31_fleet",
    inputs={"depot": str},
    outputs={"scheduled": int},
    actions=[list_vehicles, get_vehicle, schedule_service],
)


def fleet_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in DEPOTS[i["depot"]] if VEH[v] > 10000]
    return Expected([("schedule_service", v) for v in ids], {"scheduled": len(ids)})


_f = [say("I list the vehicles.", "list_vehicles", depot=ref("depot"))]
for n, due in enumerate([True, False, True], start=1):
    _f.append(say("I look it up.", "get_vehicle", vehicle_id=ref(f"list_vehicles_1.{n-1}")))
    _f.append(say("Is it due?", "compute", expression=f"get_vehicle_{n}.km_since_service > 10000"))
    if due:
        _f.append(
            say("Due: I schedule it.", "schedule_service", vehicle_id=ref(f"get_vehicle_{n}.id"))
        )
_f.append(say("Two scheduled.", "finish", scheduled=2))
CASES.append(
    Case(
        task=fleet,
        features=("lookup each", "one-sided decision", "count typed"),
        recorded={"depot": "depot-a"},
        answers=_f,
        reference=fleet_ref,
        held_out=[
            HeldOut("1 of 2", {"depot": "depot-b"}),
            HeldOut("none", {"depot": "depot-c"}),
            HeldOut("0 of 2", {"depot": "depot-d"}),
            HeldOut("2 of 4", {"depot": "depot-e"}),
        ],
    )
)


# ------------------------------------------------------------------ 4 grades: both sides
class Grade(BaseModel):
    student_id: str
    score: int


SCORES = {"S-1": 72, "S-2": 41, "S-3": 50, "S-4": 88, "S-5": 12, "S-6": 49, "S-7": 95}
CLASSES = {
    "7a": ["S-1", "S-2", "S-3", "S-4"],
    "7b": ["S-5", "S-6"],
    "7c": ["S-7"],
    "7d": [],
    "7e": ["S-2", "S-7", "S-6", "S-1", "S-3"],
}


@action(read_only=True)
def list_students(class_id: str) -> list[str]:
    """Student ids of a class."""
    return list(CLASSES[class_id])


@action(read_only=True)
def get_exam_grade(student_id: str) -> Grade:
    """A student's final exam score (0-100)."""
    return Grade(student_id=student_id, score=SCORES[student_id])


@action
def record_pass(student_id: str) -> str:
    """Record that the student passed the course."""
    effect("record_pass", student_id)
    return "ok"


@action
def book_resit(student_id: str) -> str:
    """Book the student into the resit exam."""
    effect("book_resit", student_id)
    return "ok"


grades: Task[Any] = Task(
    "For each student of the class, look up the exam grade: a score of 50 or more is a pass, "
    "record it; below 50, book the student into the resit."
    " Report how many passed and how many resit.",
    name="r31_grades",
    inputs={"class_id": str},
    outputs={"passed": int, "resits": int},
    actions=[list_students, get_exam_grade, record_pass, book_resit],
)


def grades_ref(i: dict[str, Any]) -> Expected:
    ss = CLASSES[i["class_id"]]
    eff = [("record_pass" if SCORES[s] >= 50 else "book_resit", s) for s in ss]
    p = sum(1 for s in ss if SCORES[s] >= 50)
    return Expected(eff, {"passed": p, "resits": len(ss) - p})


_g = [say("I list the class.", "list_students", class_id=ref("class_id"))]
for n, ok in enumerate([True, False, True, True], start=1):
    _g.append(say("Its grade.", "get_exam_grade", student_id=ref(f"list_students_1.{n-1}")))
    _g.append(say("Pass?", "compute", expression=f"get_exam_grade_{n}.score >= 50"))
    _g.append(
        say(
            "Passed." if ok else "Failed: resit.",
            "record_pass" if ok else "book_resit",
            student_id=ref(f"get_exam_grade_{n}.student_id"),
        )
    )
_g.append(say("Three passed, one resit.", "finish", passed=3, resits=1))
CASES.append(
    Case(
        task=grades,
        features=("both sides", "counts typed"),
        recorded={"class_id": "7a"},
        answers=_g,
        reference=grades_ref,
        held_out=[
            HeldOut("both resit", {"class_id": "7b"}),
            HeldOut("1 pass", {"class_id": "7c"}),
            HeldOut("empty class", {"class_id": "7d"}),
            HeldOut("5 mixed", {"class_id": "7e"}),
        ],
    )
)


# ------------------------------------------------------------------ 5 restaurant: single decision
class Booking(BaseModel):
    id: str
    party_size: int
    time: str


BOOKINGS = {
    "B-1": (10, "19:00"),
    "B-2": (12, "20:00"),
    "B-3": (4, "19:30"),
    "B-4": (9, "18:00"),
    "B-5": (2, "21:00"),
}


@action(read_only=True)
def get_booking(booking_id: str) -> Booking:
    """A restaurant booking."""
    s, t = BOOKINGS[booking_id]
    return Booking(id=booking_id, party_size=s, time=t)


@action
def assign_private_room(booking_id: str) -> str:
    """Seat a booking in the private room."""
    effect("assign_private_room", booking_id)
    return "room"


@action
def assign_table(booking_id: str) -> str:
    """Seat a booking at a table in the main room."""
    effect("assign_table", booking_id)
    return "table"


seat: Task[Any] = Task(
    "Seat the booking: parties of more than 8 go to the private room, others to a table in the "
    "main room. Return where it went.",
    name="r31_seat",
    inputs={"booking_id": str},
    outputs={"where": str},
    actions=[get_booking, assign_private_room, assign_table],
)


def seat_ref(i: dict[str, Any]) -> Expected:
    b = i["booking_id"]
    if BOOKINGS[b][0] > 8:
        return Expected([("assign_private_room", b)], {"where": "room"})
    return Expected([("assign_table", b)], {"where": "table"})


CASES.append(
    Case(
        task=seat,
        features=("single decision",),
        recorded={"booking_id": "B-1"},
        answers=[
            say("I read the booking.", "get_booking", booking_id=ref("booking_id")),
            say("Is it over 8?", "compute", expression="get_booking_1.party_size > 8"),
            say("Large party: private room.", "assign_private_room", booking_id=ref("booking_id")),
            say("Done.", "finish", where=ref("assign_private_room_1")),
        ],
        reference=seat_ref,
        held_out=[
            HeldOut("12 people", {"booking_id": "B-2"}),
            HeldOut("9 people", {"booking_id": "B-4"}),
            HeldOut("4 people", {"booking_id": "B-3"}, new_path=True),
        ],
    )
)


# ---------------------------------------------- 6 IT tickets: filter by status word, list returned
class Ticket(BaseModel):
    id: str
    priority: str
    subject: str


QUEUES = {
    "helpdesk": [
        ("T-1", "high", "VPN down"),
        ("T-2", "low", "mouse"),
        ("T-3", "high", "email"),
        ("T-4", "medium", "printer"),
    ],
    "network": [("T-5", "low", "cable"), ("T-6", "high", "switch")],
    "apps": [("T-7", "low", "font")],
    "empty": [],
    "infra": [("T-8", "high", "disk"), ("T-9", "high", "cpu"), ("T-10", "high", "ram")],
}


@action(read_only=True)
def list_open_tickets(queue: str) -> list[Ticket]:
    """Open tickets of a queue."""
    return [Ticket(id=i, priority=p, subject=s) for i, p, s in QUEUES[queue]]


@action
def escalate_ticket(ticket_id: str) -> str:
    """Escalate a ticket to the on-call engineer."""
    effect("escalate_ticket", ticket_id)
    return "escalated"


tickets: Task[Any] = Task(
    "Escalate every high-priority open ticket of the queue to the on-call engineer. Return the ids "
    "of the tickets you escalated.",
    name="r31_tickets",
    inputs={"queue": str},
    outputs={"escalated": list[str]},
    actions=[list_open_tickets, escalate_ticket],
)


def tickets_ref(i: dict[str, Any]) -> Expected:
    ids = [t for t, p, _ in QUEUES[i["queue"]] if p == "high"]
    return Expected([("escalate_ticket", t) for t in ids], {"escalated": ids})


CASES.append(
    Case(
        task=tickets,
        features=("filter by word", "list returned"),
        recorded={"queue": "helpdesk"},
        answers=[
            say("I list the open tickets.", "list_open_tickets", queue=ref("queue")),
            say(
                "I keep the high-priority ones.",
                "compute",
                expression="[t for t in list_open_tickets_1 if t.priority == 'high']",
            ),
            say("Escalate the first.", "escalate_ticket", ticket_id=ref("compute_1.0.id")),
            say("Escalate the second.", "escalate_ticket", ticket_id=ref("compute_1.1.id")),
            say("The ids.", "compute", expression="[t.id for t in compute_1]"),
            say("Done.", "finish", escalated=ref("compute_2")),
        ],
        reference=tickets_ref,
        held_out=[
            HeldOut("1 high", {"queue": "network"}),
            HeldOut("no high", {"queue": "apps"}),
            HeldOut("empty", {"queue": "empty"}),
            HeldOut("all high", {"queue": "infra"}),
        ],
    )
)


# -------------------------------------------------------------- 7 rentals: per-item computed value
class Lease(BaseModel):
    id: str
    tenant: str
    rent: float


LEASES = {
    "2026-03": [("LS-1", "Kim", 1000.0), ("LS-2", "Lou", 850.0)],
    "2026-04": [("LS-3", "Max", 1200.0)],
    "2026-05": [],
    "2026-06": [("LS-4", "Ned", 640.0), ("LS-5", "Oda", 2100.0), ("LS-6", "Pia", 995.5)],
}


@action(read_only=True)
def list_expiring_leases(month: str) -> list[Lease]:
    """Leases ending in a month (YYYY-MM)."""
    return [Lease(id=i, tenant=t, rent=r) for i, t, r in LEASES[month]]


@action
def send_renewal_offer(lease_id: str, new_rent: float) -> str:
    """Offer the tenant a one-year renewal at a new monthly rent."""
    effect("send_renewal_offer", lease_id, new_rent)
    return "offered"


rentals: Task[Any] = Task(
    "Send every lease ending in the month a renewal offer at its current rent plus 3%, rounded to "
    "cents. Report how many offers you sent.",
    name="r31_rentals",
    inputs={"month": str},
    outputs={"offers": int},
    actions=[list_expiring_leases, send_renewal_offer],
)


def rentals_ref(i: dict[str, Any]) -> Expected:
    ls = LEASES[i["month"]]
    return Expected(
        [("send_renewal_offer", lease, round(r * 1.03, 2)) for lease, _, r in ls],
        {"offers": len(ls)},
    )


CASES.append(
    Case(
        task=rentals,
        features=("per-item compute", "count typed"),
        recorded={"month": "2026-03"},
        answers=[
            say("I list the expiring leases.", "list_expiring_leases", month=ref("month")),
            say(
                "New rent for the first.",
                "compute",
                expression="round(list_expiring_leases_1[0].rent * 1.03, 2)",
            ),
            say(
                "Offer it.",
                "send_renewal_offer",
                lease_id=ref("list_expiring_leases_1.0.id"),
                new_rent=ref("compute_1"),
            ),
            say(
                "New rent for the second.",
                "compute",
                expression="round(list_expiring_leases_1[1].rent * 1.03, 2)",
            ),
            say(
                "Offer it.",
                "send_renewal_offer",
                lease_id=ref("list_expiring_leases_1.1.id"),
                new_rent=ref("compute_2"),
            ),
            say("Two offers.", "finish", offers=2),
        ],
        reference=rentals_ref,
        held_out=[
            HeldOut("1 lease", {"month": "2026-04"}),
            HeldOut("none", {"month": "2026-05"}),
            HeldOut("3 leases", {"month": "2026-06"}),
        ],
    )
)


# ---------------------------------------- 8 events: confirm paid (flag), then if any unpaid notify
class Registration(BaseModel):
    id: str
    attendee: str
    paid: bool


REGS = {
    "ev-1": [("R-1", "a", True), ("R-2", "b", False), ("R-3", "c", True)],
    "ev-2": [("R-4", "d", True), ("R-5", "e", True)],
    "ev-3": [("R-6", "f", False)],
    "ev-4": [],
    "ev-5": [("R-7", "g", False), ("R-8", "h", True), ("R-9", "i", False), ("R-10", "j", True)],
}


@action(read_only=True)
def list_registrations(event_id: str) -> list[Registration]:
    """Registrations of an event."""
    return [Registration(id=i, attendee=a, paid=p) for i, a, p in REGS[event_id]]


@action
def confirm_registration(registration_id: str) -> str:
    """Confirm a registration and email the ticket."""
    effect("confirm_registration", registration_id)
    return "confirmed"


@action
def notify_organizer(event_id: str, message: str) -> str:
    """Send the event organizer a message."""
    effect("notify_organizer", event_id, message)
    return "sent"


events: Task[Any] = Task(
    "Confirm every paid registration of the event. If any registrations are unpaid, tell the "
    "organizer how many, with the message '<n> unpaid registrations'."
    " Report how many you confirmed.",
    name="r31_events",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_registrations, confirm_registration, notify_organizer],
)


def events_ref(i: dict[str, Any]) -> Expected:
    rs = REGS[i["event_id"]]
    eff: list[tuple[Any, ...]] = [("confirm_registration", r) for r, _, p in rs if p]
    unpaid = sum(1 for _, _, p in rs if not p)
    if unpaid:
        eff.append(("notify_organizer", i["event_id"], f"{unpaid} unpaid registrations"))
    return Expected(eff, {"confirmed": len(rs) - unpaid})


CASES.append(
    Case(
        task=events,
        features=("filter by flag", "if any notify"),
        recorded={"event_id": "ev-1"},
        answers=[
            say("I list the registrations.", "list_registrations", event_id=ref("event_id")),
            say(
                "The paid ones.",
                "compute",
                expression="[r for r in list_registrations_1 if r.paid]",
            ),
            say(
                "Confirm the first.", "confirm_registration", registration_id=ref("compute_1.0.id")
            ),
            say(
                "Confirm the second.", "confirm_registration", registration_id=ref("compute_1.1.id")
            ),
            say(
                "The unpaid ones.",
                "compute",
                expression="[r for r in list_registrations_1 if not r.paid]",
            ),
            say("Any unpaid?", "compute", expression="len(compute_2) > 0"),
            say("The message.", "compute", expression="f'{len(compute_2)} unpaid registrations'"),
            say(
                "Tell the organizer.",
                "notify_organizer",
                event_id=ref("event_id"),
                message=ref("compute_4"),
            ),
            say("Two confirmed.", "finish", confirmed=2),
        ],
        reference=events_ref,
        held_out=[
            HeldOut("all paid", {"event_id": "ev-2"}, new_path=True),
            HeldOut("1 unpaid only", {"event_id": "ev-3"}),
            HeldOut("2 and 2", {"event_id": "ev-5"}),
            HeldOut("no regs", {"event_id": "ev-4"}, new_path=True),
        ],
    )
)


# ------------------------------------------------------------- 9 pharmacy: both sides, lookup each
class Rx(BaseModel):
    id: str
    drug: str
    refills_left: int


RX = {"RX-1": 2, "RX-2": 0, "RX-3": 5, "RX-4": 0, "RX-5": 1, "RX-6": 3}
DUE = {
    "p-1": ["RX-1", "RX-2", "RX-3"],
    "p-2": ["RX-4"],
    "p-3": ["RX-5", "RX-6"],
    "p-4": [],
    "p-5": ["RX-2", "RX-6", "RX-4", "RX-1"],
}


@action(read_only=True)
def list_due_prescriptions(patient_id: str) -> list[str]:
    """Ids of a patient's prescriptions due for a refill."""
    return list(DUE[patient_id])


@action(read_only=True)
def get_prescription(rx_id: str) -> Rx:
    """One prescription with the refills it has left."""
    return Rx(id=rx_id, drug="d" + rx_id, refills_left=RX[rx_id])


@action
def refill_prescription(rx_id: str) -> str:
    """Fill a prescription again (uses one refill)."""
    effect("refill_prescription", rx_id)
    return "filled"


@action
def request_renewal(rx_id: str) -> str:
    """Ask the prescribing doctor to renew a prescription."""
    effect("request_renewal", rx_id)
    return "requested"


pharmacy: Task[Any] = Task(
    "For each prescription of the patient that is due, refill it if it has refills left; otherwise "
    "ask the doctor to renew it."
    " Report how many were refilled and how many renewals you requested.",
    name="r31_pharmacy",
    inputs={"patient_id": str},
    outputs={"refilled": int, "renewals": int},
    actions=[list_due_prescriptions, get_prescription, refill_prescription, request_renewal],
)


def pharmacy_ref(i: dict[str, Any]) -> Expected:
    ids = DUE[i["patient_id"]]
    eff = [("refill_prescription" if RX[r] > 0 else "request_renewal", r) for r in ids]
    n = sum(1 for r in ids if RX[r] > 0)
    return Expected(eff, {"refilled": n, "renewals": len(ids) - n})


_p = [say("I list what is due.", "list_due_prescriptions", patient_id=ref("patient_id"))]
for n, ok in enumerate([True, False, True], start=1):
    _p.append(say("Look it up.", "get_prescription", rx_id=ref(f"list_due_prescriptions_1.{n-1}")))
    _p.append(say("Refills left?", "compute", expression=f"get_prescription_{n}.refills_left > 0"))
    _p.append(
        say(
            "Refill." if ok else "Ask for renewal.",
            "refill_prescription" if ok else "request_renewal",
            rx_id=ref(f"get_prescription_{n}.id"),
        )
    )
_p.append(say("Two refilled, one renewal.", "finish", refilled=2, renewals=1))
CASES.append(
    Case(
        task=pharmacy,
        features=("both sides", "counts typed"),
        recorded={"patient_id": "p-1"},
        answers=_p,
        reference=pharmacy_ref,
        held_out=[
            HeldOut("1 renewal", {"patient_id": "p-2"}),
            HeldOut("2 refills", {"patient_id": "p-3"}),
            HeldOut("nothing due", {"patient_id": "p-4"}),
            HeldOut("4 mixed", {"patient_id": "p-5"}),
        ],
    )
)


# ------------------------------------------------- 10 subscriptions: field copied by $ref per item
class Sub(BaseModel):
    id: str
    customer: str
    plan: str


SUBS = {
    "2026-02-01": [("SB-1", "c1", "basic"), ("SB-2", "c2", "pro"), ("SB-3", "c3", "basic")],
    "2026-02-02": [("SB-4", "c4", "team")],
    "2026-02-03": [],
    "2026-02-04": [
        ("SB-5", "c5", "pro"),
        ("SB-6", "c6", "pro"),
        ("SB-7", "c7", "team"),
        ("SB-8", "c8", "basic"),
    ],
}


@action(read_only=True)
def list_auto_renewals(date: str) -> list[Sub]:
    """Subscriptions set to auto-renew on a date."""
    return [Sub(id=i, customer=c, plan=p) for i, c, p in SUBS[date]]


@action
def renew_subscription(subscription_id: str, plan: str) -> str:
    """Renew a subscription for another year on a plan; returns the invoice id."""
    effect("renew_subscription", subscription_id, plan)
    return f"inv-{subscription_id}"


subs: Task[Any] = Task(
    "Renew every subscription set to auto-renew on the date, on its current plan. Report how many "
    "you renewed.",
    name="r31_subs",
    inputs={"date": str},
    outputs={"renewed": int},
    actions=[list_auto_renewals, renew_subscription],
)


def subs_ref(i: dict[str, Any]) -> Expected:
    ss = SUBS[i["date"]]
    return Expected([("renew_subscription", s, p) for s, _, p in ss], {"renewed": len(ss)})


CASES.append(
    Case(
        task=subs,
        features=("act on all", "field per item", "count typed"),
        recorded={"date": "2026-02-01"},
        answers=[
            say("I list the renewals.", "list_auto_renewals", date=ref("date")),
            *[
                say(
                    "Renew it on its plan.",
                    "renew_subscription",
                    subscription_id=ref(f"list_auto_renewals_1.{k}.id"),
                    plan=ref(f"list_auto_renewals_1.{k}.plan"),
                )
                for k in range(3)
            ],
            say("Three renewed.", "finish", renewed=3),
        ],
        reference=subs_ref,
        held_out=[
            HeldOut("1 team", {"date": "2026-02-02"}),
            HeldOut("none", {"date": "2026-02-03"}),
            HeldOut("4 mixed plans", {"date": "2026-02-04"}),
        ],
    )
)


# ------------------------------------------------------- 11 payroll: per-item compute after lookup
class Timesheet(BaseModel):
    employee_id: str
    hours: float
    rate: float


TS = {
    "wk-1": [("E-1", 40, 20.0), ("E-2", 35.5, 18.0), ("E-3", 12, 25.0)],
    "wk-2": [("E-4", 38, 22.5)],
    "wk-3": [],
    "wk-4": [("E-1", 20, 20.0), ("E-5", 41, 19.75), ("E-6", 8, 30.0), ("E-2", 16, 18.0)],
}


@action(read_only=True)
def list_timesheets(week: str) -> list[Timesheet]:
    """Approved timesheets of a week."""
    return [Timesheet(employee_id=e, hours=h, rate=r) for e, h, r in TS[week]]


@action
def pay_employee(employee_id: str, amount: float) -> str:
    """Pay an employee an amount; returns the payment id."""
    effect("pay_employee", employee_id, amount)
    return f"pay-{employee_id}"


payroll: Task[Any] = Task(
    "Pay every employee with an approved timesheet for the week: hours times hourly rate, rounded "
    "to cents. Report how many employees you paid.",
    name="r31_payroll",
    inputs={"week": str},
    outputs={"paid": int},
    actions=[list_timesheets, pay_employee],
)


def payroll_ref(i: dict[str, Any]) -> Expected:
    t = TS[i["week"]]
    return Expected([("pay_employee", e, round(h * r, 2)) for e, h, r in t], {"paid": len(t)})


_pay = [say("I list the timesheets.", "list_timesheets", week=ref("week"))]
for k in range(3):
    _pay.append(
        say(
            "Pay for this one.",
            "compute",
            expression=f"round(list_timesheets_1[{k}].hours * list_timesheets_1[{k}].rate, 2)",
        )
    )
    _pay.append(
        say(
            "Pay them.",
            "pay_employee",
            employee_id=ref(f"list_timesheets_1.{k}.employee_id"),
            amount=ref(f"compute_{k+1}"),
        )
    )
_pay.append(say("Three paid.", "finish", paid=3))
CASES.append(
    Case(
        task=payroll,
        features=("per-item compute", "count typed"),
        recorded={"week": "wk-1"},
        answers=_pay,
        reference=payroll_ref,
        held_out=[
            HeldOut("1 sheet", {"week": "wk-2"}),
            HeldOut("none", {"week": "wk-3"}),
            HeldOut("4 sheets", {"week": "wk-4"}),
        ],
    )
)


# -------------------------------------------- 12 inventory: filter by two fields, qty field copied
class Stock(BaseModel):
    sku: str
    on_hand: int
    reorder_level: int
    reorder_qty: int


STOCK = {
    "wh-1": [("SK-1", 5, 10, 50), ("SK-2", 30, 10, 40), ("SK-3", 0, 5, 20), ("SK-4", 12, 12, 30)],
    "wh-2": [("SK-5", 100, 10, 10)],
    "wh-3": [("SK-6", 1, 2, 8), ("SK-7", 3, 4, 16), ("SK-8", 9, 10, 100)],
    "wh-4": [],
}


@action(read_only=True)
def list_stock(warehouse: str) -> list[Stock]:
    """Stock levels of a warehouse."""
    return [
        Stock(sku=s, on_hand=o, reorder_level=lv, reorder_qty=q) for s, o, lv, q in STOCK[warehouse]
    ]


@action
def create_purchase_order(sku: str, quantity: int) -> str:
    """Order a quantity of a product from its supplier; returns the PO number."""
    effect("create_purchase_order", sku, quantity)
    return f"PO-{sku}"


inventory: Task[Any] = Task(
    "Reorder every product of the warehouse whose stock is below its reorder level, ordering its "
    "reorder quantity. Return the purchase order numbers.",
    name="r31_inventory",
    inputs={"warehouse": str},
    outputs={"purchase_orders": list[str]},
    actions=[list_stock, create_purchase_order],
)


def inventory_ref(i: dict[str, Any]) -> Expected:
    low = [(s, q) for s, o, lv, q in STOCK[i["warehouse"]] if o < lv]
    return Expected(
        [("create_purchase_order", s, q) for s, q in low],
        {"purchase_orders": [f"PO-{s}" for s, _ in low]},
    )


CASES.append(
    Case(
        task=inventory,
        features=("filter two fields", "field per item", "list of results"),
        recorded={"warehouse": "wh-1"},
        answers=[
            say("I read the stock.", "list_stock", warehouse=ref("warehouse")),
            say(
                "Below reorder level.",
                "compute",
                expression="[s for s in list_stock_1 if s.on_hand < s.reorder_level]",
            ),
            say(
                "Order the first.",
                "create_purchase_order",
                sku=ref("compute_1.0.sku"),
                quantity=ref("compute_1.0.reorder_qty"),
            ),
            say(
                "Order the second.",
                "create_purchase_order",
                sku=ref("compute_1.1.sku"),
                quantity=ref("compute_1.1.reorder_qty"),
            ),
            say(
                "Done.",
                "finish",
                purchase_orders=[ref("create_purchase_order_1"), ref("create_purchase_order_2")],
            ),
        ],
        reference=inventory_ref,
        held_out=[
            HeldOut("none low", {"warehouse": "wh-2"}),
            HeldOut("3 low", {"warehouse": "wh-3"}),
            HeldOut("empty", {"warehouse": "wh-4"}),
        ],
    )
)


# ------------------------------------------------------------- 13 logistics: loop over order.lines
class Line(BaseModel):
    sku: str
    quantity: int


class SalesOrder(BaseModel):
    id: str
    customer: str
    lines: list[Line]


SO = {
    "SO-1": [("A", 2), ("B", 1), ("C", 5)],
    "SO-2": [("D", 10)],
    "SO-3": [("A", 1), ("E", 3), ("F", 2), ("G", 7)],
    "SO-4": [("B", 4), ("C", 1)],
}


@action(read_only=True)
def get_sales_order(order_id: str) -> SalesOrder:
    """A sales order with its lines."""
    return SalesOrder(
        id=order_id, customer="cu", lines=[Line(sku=s, quantity=q) for s, q in SO[order_id]]
    )


@action
def reserve_stock(order_id: str, sku: str, quantity: int) -> str:
    """Reserve a quantity of a product for an order."""
    effect("reserve_stock", order_id, sku, quantity)
    return "reserved"


reserve: Task[Any] = Task(
    "Reserve stock for every line of the sales order. Report how many lines you reserved.",
    name="r31_reserve",
    inputs={"order_id": str},
    outputs={"lines": int},
    actions=[get_sales_order, reserve_stock],
)


def reserve_ref(i: dict[str, Any]) -> Expected:
    ls = SO[i["order_id"]]
    return Expected([("reserve_stock", i["order_id"], s, q) for s, q in ls], {"lines": len(ls)})


CASES.append(
    Case(
        task=reserve,
        features=("loop over field of result", "count typed"),
        recorded={"order_id": "SO-1"},
        answers=[
            say("I read the order.", "get_sales_order", order_id=ref("order_id")),
            *[
                say(
                    "Reserve this line.",
                    "reserve_stock",
                    order_id=ref("order_id"),
                    sku=ref(f"get_sales_order_1.lines.{k}.sku"),
                    quantity=ref(f"get_sales_order_1.lines.{k}.quantity"),
                )
                for k in range(3)
            ],
            say("Three lines.", "finish", lines=3),
        ],
        reference=reserve_ref,
        held_out=[
            HeldOut("1 line", {"order_id": "SO-2"}),
            HeldOut("4 lines", {"order_id": "SO-3"}),
            HeldOut("2 lines", {"order_id": "SO-4"}),
        ],
    )
)


# ------------------------------------------------------------------ 14 gym: two loops in a row
class Member(BaseModel):
    id: str
    name: str


EXPIRING = {"g1": ["M-1", "M-2"], "g2": ["M-5"], "g3": [], "g4": ["M-7", "M-8", "M-9"]}
EXPIRED = {"g1": ["M-3", "M-4"], "g2": [], "g3": ["M-6"], "g4": ["M-10"]}


@action(read_only=True)
def list_expiring_members(gym: str) -> list[Member]:
    """Members whose membership ends within 7 days."""
    return [Member(id=m, name=m.lower()) for m in EXPIRING[gym]]


@action(read_only=True)
def list_expired_members(gym: str) -> list[Member]:
    """Members whose membership has ended but whose key card still works."""
    return [Member(id=m, name=m.lower()) for m in EXPIRED[gym]]


@action
def send_renewal_reminder(member_id: str) -> str:
    """Email a member a reminder to renew."""
    effect("send_renewal_reminder", member_id)
    return "ok"


@action
def deactivate_card(member_id: str) -> str:
    """Deactivate a member's key card."""
    effect("deactivate_card", member_id)
    return "ok"


gym: Task[Any] = Task(
    "Send a renewal reminder to every member whose membership ends within 7 days, and deactivate "
    "the key card of every member whose membership has ended. Report both counts.",
    name="r31_gym",
    inputs={"gym": str},
    outputs={"reminders": int, "deactivated": int},
    actions=[list_expiring_members, list_expired_members, send_renewal_reminder, deactivate_card],
)


def gym_ref(i: dict[str, Any]) -> Expected:
    a, b = EXPIRING[i["gym"]], EXPIRED[i["gym"]]
    return Expected(
        [("send_renewal_reminder", m) for m in a] + [("deactivate_card", m) for m in b],
        {"reminders": len(a), "deactivated": len(b)},
    )


CASES.append(
    Case(
        task=gym,
        features=("two loops", "counts typed"),
        recorded={"gym": "g1"},
        answers=[
            say("Who is expiring?", "list_expiring_members", gym=ref("gym")),
            say("Remind.", "send_renewal_reminder", member_id=ref("list_expiring_members_1.0.id")),
            say("Remind.", "send_renewal_reminder", member_id=ref("list_expiring_members_1.1.id")),
            say("Who has expired?", "list_expired_members", gym=ref("gym")),
            say("Deactivate.", "deactivate_card", member_id=ref("list_expired_members_1.0.id")),
            say("Deactivate.", "deactivate_card", member_id=ref("list_expired_members_1.1.id")),
            say("Two and two.", "finish", reminders=2, deactivated=2),
        ],
        reference=gym_ref,
        held_out=[
            HeldOut("1 and 0", {"gym": "g2"}),
            HeldOut("0 and 1", {"gym": "g3"}),
            HeldOut("3 and 1", {"gym": "g4"}),
        ],
    )
)


# ------------------------------------------------------------ 15 expenses: decision vs input limit
class Expense(BaseModel):
    id: str
    employee: str
    amount: float


EXP = {"X-1": 80.0, "X-2": 420.0, "X-3": 150.0, "X-4": 149.99, "X-5": 12.5}


@action(read_only=True)
def get_expense(expense_id: str) -> Expense:
    """An expense claim."""
    return Expense(id=expense_id, employee="emp", amount=EXP[expense_id])


@action
def approve_expense(expense_id: str) -> str:
    """Approve an expense claim for payment."""
    effect("approve_expense", expense_id)
    return "approved"


@action
def forward_to_manager(expense_id: str) -> str:
    """Send an expense claim to the manager for approval."""
    effect("forward_to_manager", expense_id)
    return "forwarded"


expenses: Task[Any] = Task(
    "Approve the expense claim if its amount is within the auto-approval limit; otherwise forward "
    "it to the manager. Return whether you approved it.",
    name="r31_expenses",
    inputs={"expense_id": str, "limit": float},
    outputs={"approved": bool},
    actions=[get_expense, approve_expense, forward_to_manager],
)


def expenses_ref(i: dict[str, Any]) -> Expected:
    e = i["expense_id"]
    if EXP[e] <= i["limit"]:
        return Expected([("approve_expense", e)], {"approved": True})
    return Expected([("forward_to_manager", e)], {"approved": False})


CASES.append(
    Case(
        task=expenses,
        features=("single decision vs input",),
        recorded={"expense_id": "X-1", "limit": 150.0},
        answers=[
            say("I read the claim.", "get_expense", expense_id=ref("expense_id")),
            say("Within the limit?", "compute", expression="get_expense_1.amount <= limit"),
            say("Within: approve.", "approve_expense", expense_id=ref("expense_id")),
            say("Approved.", "finish", approved=ref("compute_1")),
        ],
        reference=expenses_ref,
        held_out=[
            HeldOut("at limit", {"expense_id": "X-3", "limit": 150.0}),
            HeldOut("small", {"expense_id": "X-5", "limit": 100.0}),
            HeldOut("higher limit", {"expense_id": "X-2", "limit": 500.0}),
            HeldOut("over limit", {"expense_id": "X-2", "limit": 150.0}, new_path=True),
        ],
    )
)

# ------------------------------------------------------------ 16 hotel: values copied from results
ROOMS = {
    "2026-03-01": ["101", "204", "310"],
    "2026-03-02": ["102"],
    "2026-03-03": [],
    "2026-03-04": ["201", "202", "203", "305"],
}


@action(read_only=True)
def list_checkouts(date: str) -> list[str]:
    """Room numbers checked out on a date."""
    return list(ROOMS[date])


@action
def request_cleaning(room: str) -> str:
    """Put a room on the housekeeping list."""
    effect("request_cleaning", room)
    return "queued"


hotel: Task[Any] = Task(
    "Put every room checked out on the date on the housekeeping list. Report how many rooms.",
    name="r31_hotel",
    inputs={"date": str},
    outputs={"rooms": int},
    actions=[list_checkouts, request_cleaning],
)


def hotel_ref(i: dict[str, Any]) -> Expected:
    r = ROOMS[i["date"]]
    return Expected([("request_cleaning", x) for x in r], {"rooms": len(r)})


CASES.append(
    Case(
        task=hotel,
        features=("act on all", "values copied"),
        recorded={"date": "2026-03-01"},
        answers=[
            say("I list the checkouts.", "list_checkouts", date=ref("date")),
            say("Room 101.", "request_cleaning", room="101"),
            say("Room 204.", "request_cleaning", room="204"),
            say("Room 310.", "request_cleaning", room="310"),
            say("Three rooms.", "finish", rooms=3),
        ],
        reference=hotel_ref,
        held_out=[
            HeldOut("1 room", {"date": "2026-03-02"}),
            HeldOut("none", {"date": "2026-03-03"}),
            HeldOut("4 rooms", {"date": "2026-03-04"}),
        ],
    )
)


# ----------------------------------------------------- 17 car rental: lookup each, decided in head
class Return(BaseModel):
    id: str
    plate: str
    fuel_full: bool


RET = {"CR-1": True, "CR-2": False, "CR-3": True, "CR-4": False, "CR-5": True, "CR-6": False}
DAYS = {
    "d1": ["CR-1", "CR-2", "CR-3"],
    "d2": ["CR-4", "CR-6"],
    "d3": ["CR-5"],
    "d4": [],
    "d5": ["CR-2", "CR-5", "CR-4", "CR-1"],
}


@action(read_only=True)
def list_returns(day: str) -> list[str]:
    """Ids of the cars returned on a day."""
    return list(DAYS[day])


@action(read_only=True)
def get_return(return_id: str) -> Return:
    """A car return: was the tank full?"""
    return Return(id=return_id, plate="P" + return_id, fuel_full=RET[return_id])


@action
def charge_refuel_fee(return_id: str) -> str:
    """Charge the customer the refuelling fee."""
    effect("charge_refuel_fee", return_id)
    return "charged"


cars: Task[Any] = Task(
    "Check every car returned on the day and charge the refuelling fee for each one returned "
    "without a full tank. Report how many fees you charged.",
    name="r31_cars",
    inputs={"day": str},
    outputs={"charged": int},
    actions=[list_returns, get_return, charge_refuel_fee],
)


def cars_ref(i: dict[str, Any]) -> Expected:
    ids = [r for r in DAYS[i["day"]] if not RET[r]]
    return Expected([("charge_refuel_fee", r) for r in ids], {"charged": len(ids)})


_c = [say("I list the returns.", "list_returns", day=ref("day"))]
for n, full in enumerate([True, False, True], start=1):
    _c.append(say("I check it.", "get_return", return_id=ref(f"list_returns_1.{n-1}")))
    if not full:
        _c.append(
            say(
                "Not full: I charge the fee.",
                "charge_refuel_fee",
                return_id=ref(f"get_return_{n}.id"),
            )
        )
_c.append(say("One fee.", "finish", charged=1))
CASES.append(
    Case(
        task=cars,
        features=("lookup each", "decided in head", "count typed"),
        recorded={"day": "d1"},
        answers=_c,
        reference=cars_ref,
        held_out=[
            HeldOut("both empty", {"day": "d2"}),
            HeldOut("1 full", {"day": "d3"}),
            HeldOut("none", {"day": "d4"}),
            HeldOut("2 of 4", {"day": "d5"}),
        ],
    )
)


# -------------------------------------------------------- 18 returns: both sides on a string field
class Inspection(BaseModel):
    item_id: str
    condition: str


COND = {
    "I-1": "resellable",
    "I-2": "damaged",
    "I-3": "resellable",
    "I-4": "damaged",
    "I-5": "resellable",
    "I-6": "damaged",
}
RMA = {
    "r1": ["I-1", "I-2", "I-3"],
    "r2": ["I-4"],
    "r3": ["I-5", "I-3"],
    "r4": [],
    "r5": ["I-6", "I-5", "I-2", "I-1"],
}


@action(read_only=True)
def list_returned_items(batch: str) -> list[str]:
    """Ids of the items in a batch of customer returns."""
    return list(RMA[batch])


@action(read_only=True)
def inspect_item(item_id: str) -> Inspection:
    """The inspection result of a returned item: 'resellable' or 'damaged'."""
    return Inspection(item_id=item_id, condition=COND[item_id])


@action
def restock_item(item_id: str) -> str:
    """Put a returned item back on the shelf."""
    effect("restock_item", item_id)
    return "ok"


@action
def dispose_item(item_id: str) -> str:
    """Send a returned item to disposal."""
    effect("dispose_item", item_id)
    return "ok"


returns: Task[Any] = Task(
    "Process the batch of returned items: restock the ones inspected as resellable, dispose of "
    "the damaged ones. Report how many were restocked and how many disposed of.",
    name="r31_returns",
    inputs={"batch": str},
    outputs={"restocked": int, "disposed": int},
    actions=[list_returned_items, inspect_item, restock_item, dispose_item],
)


def returns_ref(i: dict[str, Any]) -> Expected:
    ids = RMA[i["batch"]]
    eff = [("restock_item" if COND[x] == "resellable" else "dispose_item", x) for x in ids]
    n = sum(1 for x in ids if COND[x] == "resellable")
    return Expected(eff, {"restocked": n, "disposed": len(ids) - n})


_r = [say("I list the batch.", "list_returned_items", batch=ref("batch"))]
for n, ok in enumerate([True, False, True], start=1):
    _r.append(
        say("Inspection result.", "inspect_item", item_id=ref(f"list_returned_items_1.{n-1}"))
    )
    _r.append(
        say("Resellable?", "compute", expression=f"inspect_item_{n}.condition == 'resellable'")
    )
    _r.append(
        say(
            "Restock." if ok else "Dispose.",
            "restock_item" if ok else "dispose_item",
            item_id=ref(f"inspect_item_{n}.item_id"),
        )
    )
_r.append(say("Two restocked, one disposed.", "finish", restocked=2, disposed=1))
CASES.append(
    Case(
        task=returns,
        features=("both sides on word",),
        recorded={"batch": "r1"},
        answers=_r,
        reference=returns_ref,
        held_out=[
            HeldOut("1 damaged", {"batch": "r2"}),
            HeldOut("2 resellable", {"batch": "r3"}),
            HeldOut("empty", {"batch": "r4"}),
            HeldOut("4 mixed", {"batch": "r5"}),
        ],
    )
)


# --------------------------------------------------------- 19 IT offboarding: loop then one action
class Device(BaseModel):
    serial: str
    kind: str


DEV = {
    "u1": [("SN1", "laptop"), ("SN2", "phone")],
    "u2": [("SN3", "laptop")],
    "u3": [],
    "u4": [("SN4", "laptop"), ("SN5", "tablet"), ("SN6", "phone")],
}


@action(read_only=True)
def list_assigned_devices(employee_id: str) -> list[Device]:
    """Devices assigned to an employee."""
    return [Device(serial=s, kind=k) for s, k in DEV[employee_id]]


@action
def wipe_device(serial: str) -> str:
    """Remotely wipe a device."""
    effect("wipe_device", serial)
    return "wiped"


@action
def close_offboarding(employee_id: str, note: str) -> str:
    """Close the employee's offboarding ticket with a note."""
    effect("close_offboarding", employee_id, note)
    return "closed"


offboard: Task[Any] = Task(
    "Wipe every device assigned to the leaving employee, then close their offboarding ticket with "
    "the note 'wiped <n> devices'.",
    name="r31_offboard",
    inputs={"employee_id": str},
    outputs={"wiped": int},
    actions=[list_assigned_devices, wipe_device, close_offboarding],
)


def offboard_ref(i: dict[str, Any]) -> Expected:
    d = DEV[i["employee_id"]]
    return Expected(
        [("wipe_device", s) for s, _ in d]
        + [("close_offboarding", i["employee_id"], f"wiped {len(d)} devices")],
        {"wiped": len(d)},
    )


CASES.append(
    Case(
        task=offboard,
        features=("loop then one action", "compute count"),
        recorded={"employee_id": "u1"},
        answers=[
            say("I list the devices.", "list_assigned_devices", employee_id=ref("employee_id")),
            say("Wipe.", "wipe_device", serial=ref("list_assigned_devices_1.0.serial")),
            say("Wipe.", "wipe_device", serial=ref("list_assigned_devices_1.1.serial")),
            say(
                "The note.", "compute", expression="f'wiped {len(list_assigned_devices_1)} devices'"
            ),
            say(
                "Close the ticket.",
                "close_offboarding",
                employee_id=ref("employee_id"),
                note=ref("compute_1"),
            ),
            say("How many.", "compute", expression="len(list_assigned_devices_1)"),
            say("Done.", "finish", wiped=ref("compute_2")),
        ],
        reference=offboard_ref,
        held_out=[
            HeldOut("1 device", {"employee_id": "u2"}),
            HeldOut("none", {"employee_id": "u3"}),
            HeldOut("3 devices", {"employee_id": "u4"}),
        ],
    )
)


# --------------------------------------------- 20 library holds: filter by status, decided in head
class Hold(BaseModel):
    id: str
    member: str
    status: str


HOLDS = {
    "b1": [("H-1", "m1", "ready"), ("H-2", "m2", "waiting"), ("H-3", "m3", "ready")],
    "b2": [("H-4", "m4", "waiting")],
    "b3": [("H-5", "m5", "ready")],
    "b4": [],
    "b5": [
        ("H-6", "m6", "ready"),
        ("H-7", "m7", "ready"),
        ("H-8", "m8", "waiting"),
        ("H-9", "m9", "ready"),
    ],
}


@action(read_only=True)
def list_holds(branch: str) -> list[Hold]:
    """Book holds at a branch with their status ('ready' for pickup or 'waiting')."""
    return [Hold(id=i, member=m, status=s) for i, m, s in HOLDS[branch]]


@action
def notify_pickup(hold_id: str) -> str:
    """Tell the member their held book is ready for pickup."""
    effect("notify_pickup", hold_id)
    return "ok"


holds: Task[Any] = Task(
    "Tell every member whose hold at the branch is ready for pickup. Report how many you told.",
    name="r31_holds",
    inputs={"branch": str},
    outputs={"notified": int},
    actions=[list_holds, notify_pickup],
)


def holds_ref(i: dict[str, Any]) -> Expected:
    ids = [h for h, _, s in HOLDS[i["branch"]] if s == "ready"]
    return Expected([("notify_pickup", h) for h in ids], {"notified": len(ids)})


CASES.append(
    Case(
        task=holds,
        features=("filter in head", "count typed"),
        recorded={"branch": "b1"},
        answers=[
            say("I list the holds.", "list_holds", branch=ref("branch")),
            say("H-1 is ready.", "notify_pickup", hold_id=ref("list_holds_1.0.id")),
            say("H-3 is ready.", "notify_pickup", hold_id=ref("list_holds_1.2.id")),
            say("Two told.", "finish", notified=2),
        ],
        reference=holds_ref,
        held_out=[
            HeldOut("none ready", {"branch": "b2"}),
            HeldOut("1 ready", {"branch": "b3"}),
            HeldOut("empty", {"branch": "b4"}),
            HeldOut("3 of 4", {"branch": "b5"}),
        ],
    )
)


# -------------------- 21 school fees: filter vs input, reminder with amount field, list by compute
class Fee(BaseModel):
    student_id: str
    balance: float
    guardian_email: str


FEES = {
    "y7": [("S1", 120.0, "g1@x"), ("S2", 0.0, "g2@x"), ("S3", 45.0, "g3@x"), ("S4", 300.0, "g4@x")],
    "y8": [("S5", 10.0, "g5@x")],
    "y9": [("S6", 0.0, "g6@x"), ("S7", 80.0, "g7@x")],
    "y10": [],
}


@action(read_only=True)
def list_fee_balances(year_group: str) -> list[Fee]:
    """Outstanding fee balances of a year group."""
    return [Fee(student_id=s, balance=b, guardian_email=e) for s, b, e in FEES[year_group]]


@action
def email_fee_reminder(email: str, amount: float) -> str:
    """Email a guardian a reminder of the balance due."""
    effect("email_fee_reminder", email, amount)
    return "ok"


fees: Task[Any] = Task(
    "Email a fee reminder, with the amount due, to the guardian of every student in the year group "
    "whose balance is at least the given minimum. Return the student ids reminded.",
    name="r31_fees",
    inputs={"year_group": str, "minimum": float},
    outputs={"reminded": list[str]},
    actions=[list_fee_balances, email_fee_reminder],
)


def fees_ref(i: dict[str, Any]) -> Expected:
    sel = [(s, b, e) for s, b, e in FEES[i["year_group"]] if b >= i["minimum"]]
    return Expected(
        [("email_fee_reminder", e, b) for _, b, e in sel], {"reminded": [s for s, _, _ in sel]}
    )


CASES.append(
    Case(
        task=fees,
        features=("filter vs input", "fields per item", "list by compute"),
        recorded={"year_group": "y7", "minimum": 50.0},
        answers=[
            say("I list the balances.", "list_fee_balances", year_group=ref("year_group")),
            say(
                "Those at or above the minimum.",
                "compute",
                expression="[f for f in list_fee_balances_1 if f.balance >= minimum]",
            ),
            say(
                "Remind.",
                "email_fee_reminder",
                email=ref("compute_1.0.guardian_email"),
                amount=ref("compute_1.0.balance"),
            ),
            say(
                "Remind.",
                "email_fee_reminder",
                email=ref("compute_1.1.guardian_email"),
                amount=ref("compute_1.1.balance"),
            ),
            say("The ids.", "compute", expression="[f.student_id for f in compute_1]"),
            say("Done.", "finish", reminded=ref("compute_2")),
        ],
        reference=fees_ref,
        held_out=[
            HeldOut("1 small", {"year_group": "y8", "minimum": 5.0}),
            HeldOut("1 of 2", {"year_group": "y9", "minimum": 50.0}),
            HeldOut("empty", {"year_group": "y10", "minimum": 50.0}),
            HeldOut("lower min", {"year_group": "y7", "minimum": 10.0}),
        ],
    )
)

# ------------------------------------------------ 22 events, recorded with id lists (records fine)
events_ids: Task[Any] = Task(
    events.description,
    name="r31_events_ids",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_registrations, confirm_registration, notify_organizer],
)
CASES.append(
    Case(
        task=events_ids,
        features=("filter ids", "if any notify"),
        recorded={"event_id": "ev-1"},
        answers=[
            say("List.", "list_registrations", event_id=ref("event_id")),
            say(
                "Paid ones.", "compute", expression="[r.id for r in list_registrations_1 if r.paid]"
            ),
            say("Confirm.", "confirm_registration", registration_id=ref("compute_1.0")),
            say("Confirm.", "confirm_registration", registration_id=ref("compute_1.1")),
            say(
                "Unpaid count.", "compute", expression="len(list_registrations_1) - len(compute_1)"
            ),
            say("Any unpaid?", "compute", expression="compute_2 > 0"),
            say("The message.", "compute", expression="f'{compute_2} unpaid registrations'"),
            say("Tell.", "notify_organizer", event_id=ref("event_id"), message=ref("compute_4")),
            say("Two.", "finish", confirmed=2),
        ],
        reference=events_ref,
        held_out=[
            HeldOut("all paid", {"event_id": "ev-2"}, new_path=True),
            HeldOut("1 unpaid only", {"event_id": "ev-3"}),
            HeldOut("2 and 2", {"event_id": "ev-5"}),
            HeldOut("no regs", {"event_id": "ev-4"}, new_path=True),
        ],
    )
)


# ------------------------------------------------------------------ 23 copied after a decided loop
# (Found while fixing round 31: a loop that decides per item in a compute, then the addresses
# it read copied into finish; they were returned as recorded for every other segment.)
_copied = [
    say("I list the segment.", "list_segment", segment=ref("segment")),
    say("I look up c1.", "get_customer", customer_id=ref("list_segment_1.0")),
    say("Check.", "compute", expression="get_customer_1.marketing_ok"),
    say("Allowed; I email ana.", "send_offer", to=ref("get_customer_1.email")),
    say("I look up c2.", "get_customer", customer_id=ref("list_segment_1.1")),
    say("Check.", "compute", expression="get_customer_2.marketing_ok"),
    say("I look up c3.", "get_customer", customer_id=ref("list_segment_1.2")),
    say("Check.", "compute", expression="get_customer_3.marketing_ok"),
    say("Allowed; I email cy.", "send_offer", to=ref("get_customer_3.email")),
    say("Done.", "finish", sent_to=["ana@x.io", "cy@x.io"]),
]
CASES.append(
    Case(
        task=Task(
            "Email the spring offer to every customer of the segment who allows marketing "
            "mail. Return the addresses you emailed.",
            name="r31_offer_copied_after",
            inputs={"segment": str},
            outputs={"sent_to": list[str]},
            actions=[list_segment, get_customer, send_offer],
        ),
        features=("lookup each", "decided in a compute", "read values copied in finish"),
        recorded={"segment": "s1"},
        answers=_copied,
        reference=j_ref,
        held_out=[
            HeldOut("ordinary: 1 of 2", {"segment": "s2"}),
            HeldOut("none allowed", {"segment": "s3"}),
            HeldOut("all allowed", {"segment": "s4"}),
        ],
    )
)
