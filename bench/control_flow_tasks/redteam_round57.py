"""Round 57: ordinary business tasks in new domains, varied agent styles, replayed on new inputs.

A measurement, not an attack. Held-out inputs that take a side of a decision the recording never
took carry ``new_path=True``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------- 1 chess club: filter compute vs an input, $ref per index, count typed
class Player(BaseModel):
    id: str
    name: str
    rating: int


CHESS = {
    "juniors": [("P1", "Ana", 1510), ("P2", "Ben", 1320), ("P3", "Cy", 1605)],
    "seniors": [("P7", "Dee", 1900), ("P8", "Eli", 1450)],
    "novices": [("P9", "Fay", 900)],
    "empty": [],
}


@action(read_only=True)
def list_club_players(section: str) -> list[Player]:
    """Players in a section of the chess club with their current rating."""
    return [Player(id=i, name=n, rating=r) for i, n, r in CHESS[section]]


@action
def invite_to_tournament(player_id: str) -> str:
    """Invite a player to the club's rated tournament."""
    effect("invite_to_tournament", player_id)
    return "invited"


chess: Task[Any] = Task(
    "Invite every player in the section rated at or above the minimum rating to the tournament. "
    "Return how many players you invited.",
    name="r57_chess_invites",
    inputs={"section": str, "min_rating": int},
    outputs={"invited": int},
    actions=[list_club_players, invite_to_tournament],
)


def chess_ref(i: dict[str, Any]) -> Expected:
    ids = [p for p, _, r in CHESS[i["section"]] if r >= i["min_rating"]]
    return Expected([("invite_to_tournament", p) for p in ids], {"invited": len(ids)})


CASES.append(
    Case(
        task=chess,
        features=("filter compute vs input", "$ref", "count typed"),
        recorded={"section": "juniors", "min_rating": 1500},
        answers=[
            say("Listing the juniors.", "list_club_players", section=ref("section")),
            say(
                "Who meets the minimum?",
                "compute",
                expression="[p for p in list_club_players_1 if p.rating >= min_rating]",
            ),
            say("Inviting Ana.", "invite_to_tournament", player_id=ref("compute_1.0.id")),
            say("Inviting Cy.", "invite_to_tournament", player_id=ref("compute_1.1.id")),
            say("Two invited.", "finish", invited=2),
        ],
        reference=chess_ref,
        held_out=[
            HeldOut("seniors 1 qualifies", {"section": "seniors", "min_rating": 1500}),
            HeldOut("seniors lower bar", {"section": "seniors", "min_rating": 1400}),
            HeldOut("novices none", {"section": "novices", "min_rating": 1500}),
            HeldOut("empty section", {"section": "empty", "min_rating": 1200}),
        ],
    )
)


# ---------- 2 bus depot: lookup each, decision in head, ids copied, count typed
class Bus(BaseModel):
    id: str
    km_since_service: int


DEPOT = {
    "east": ["B1", "B2", "B3"],
    "west": ["B4", "B5"],
    "north": ["B6"],
    "south": [],
}
BUS_KM = {"B1": 24000, "B2": 8000, "B3": 31000, "B4": 21000, "B5": 26000, "B6": 5000}


@action(read_only=True)
def list_depot_buses(depot: str) -> list[str]:
    """Ids of the buses based at a depot."""
    return list(DEPOT[depot])


@action(read_only=True)
def get_bus(bus_id: str) -> Bus:
    """A bus with the kilometres driven since its last service."""
    return Bus(id=bus_id, km_since_service=BUS_KM[bus_id])


@action
def book_bus_service(bus_id: str) -> str:
    """Book a bus into the workshop for a service."""
    effect("book_bus_service", bus_id)
    return "booked"


depot: Task[Any] = Task(
    "Book a service for every bus at the depot that has driven more than 20000 km since its last "
    "service. Return how many services you booked.",
    name="r57_bus_service",
    inputs={"depot": str},
    outputs={"booked": int},
    actions=[list_depot_buses, get_bus, book_bus_service],
)


def depot_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b in DEPOT[i["depot"]] if BUS_KM[b] > 20000]
    return Expected([("book_bus_service", b) for b in ids], {"booked": len(ids)})


CASES.append(
    Case(
        task=depot,
        features=("lookup each", "decision in head", "copied ids", "count typed"),
        recorded={"depot": "east"},
        answers=[
            say("Buses at East depot.", "list_depot_buses", depot=ref("depot")),
            say("Checking B1.", "get_bus", bus_id="B1"),
            say("B1 is at 24000 km, booking.", "book_bus_service", bus_id="B1"),
            say("Checking B2.", "get_bus", bus_id="B2"),
            say("Checking B3; B2 is fine.", "get_bus", bus_id="B3"),
            say("B3 is at 31000 km, booking.", "book_bus_service", bus_id="B3"),
            say("Booked 2.", "finish", booked=2),
        ],
        reference=depot_ref,
        held_out=[
            HeldOut("both due", {"depot": "west"}),
            HeldOut("none due", {"depot": "north"}),
            HeldOut("no buses", {"depot": "south"}),
        ],
    )
)


# ---------- 3 vet pharmacy: lookup each, compute decision, both sides, lists returned
class Rx(BaseModel):
    id: str
    pet: str
    refills_left: int


REFILLS = {
    "mon": ["RX1", "RX2", "RX3"],
    "tue": ["RX4", "RX5"],
    "wed": ["RX6"],
    "thu": [],
}
RX = {
    "RX1": ("Rex", 2),
    "RX2": ("Tom", 0),
    "RX3": ("Bo", 1),
    "RX4": ("Kit", 0),
    "RX5": ("Max", 3),
    "RX6": ("Zed", 0),
}


@action(read_only=True)
def list_refill_requests(day: str) -> list[str]:
    """Prescription ids with a refill request received on a day."""
    return list(REFILLS[day])


@action(read_only=True)
def get_prescription(rx_id: str) -> Rx:
    """A pet's prescription with the refills it has left."""
    pet, left = RX[rx_id]
    return Rx(id=rx_id, pet=pet, refills_left=left)


@action
def dispense_refill(rx_id: str) -> str:
    """Dispense a refill of a prescription."""
    effect("dispense_refill", rx_id)
    return "dispensed"


@action
def request_vet_renewal(rx_id: str) -> str:
    """Ask the vet to renew a prescription that has no refills left."""
    effect("request_vet_renewal", rx_id)
    return "requested"


vetrx: Task[Any] = Task(
    "Handle the day's refill requests: dispense a refill where the prescription has refills "
    "left, otherwise ask the vet to renew it. Return the dispensed and the renewal-requested "
    "prescription ids.",
    name="r57_vet_refills",
    inputs={"day": str},
    outputs={"dispensed": list[str], "renewals": list[str]},
    actions=[list_refill_requests, get_prescription, dispense_refill, request_vet_renewal],
)


def vetrx_ref(i: dict[str, Any]) -> Expected:
    eff, d, r = [], [], []
    for x in REFILLS[i["day"]]:
        if RX[x][1] > 0:
            eff.append(("dispense_refill", x))
            d.append(x)
        else:
            eff.append(("request_vet_renewal", x))
            r.append(x)
    return Expected(eff, {"dispensed": d, "renewals": r})


CASES.append(
    Case(
        task=vetrx,
        features=("lookup each", "compute decision", "both sides", "$ref", "lists copied"),
        recorded={"day": "mon"},
        answers=[
            say("Monday's requests.", "list_refill_requests", day=ref("day")),
            say("RX1 first.", "get_prescription", rx_id=ref("list_refill_requests_1.0")),
            say("Refills left?", "compute", expression="get_prescription_1.refills_left > 0"),
            say("Yes, dispensing.", "dispense_refill", rx_id=ref("get_prescription_1.id")),
            say("RX2 next.", "get_prescription", rx_id=ref("list_refill_requests_1.1")),
            say("Refills left?", "compute", expression="get_prescription_2.refills_left > 0"),
            say(
                "None left, asking the vet.",
                "request_vet_renewal",
                rx_id=ref("get_prescription_2.id"),
            ),
            say("RX3.", "get_prescription", rx_id=ref("list_refill_requests_1.2")),
            say("Refills left?", "compute", expression="get_prescription_3.refills_left > 0"),
            say("Yes, dispensing.", "dispense_refill", rx_id=ref("get_prescription_3.id")),
            say("All handled.", "finish", dispensed=["RX1", "RX3"], renewals=["RX2"]),
        ],
        reference=vetrx_ref,
        held_out=[
            HeldOut("one of each", {"day": "tue"}),
            HeldOut("one renewal", {"day": "wed"}),
            HeldOut("no requests", {"day": "thu"}),
        ],
    )
)


# ---------- 4 music school: loop over a field of a result, copied literals, count typed
class Student(BaseModel):
    id: str
    email: str


class Course(BaseModel):
    id: str
    instrument: str
    students: list[Student]


COURSES = {
    "VIO1": ("violin", [("S1", "s1@m.org"), ("S2", "s2@m.org")]),
    "PIA2": ("piano", [("S5", "s5@m.org"), ("S6", "s6@m.org"), ("S7", "s7@m.org")]),
    "CEL3": ("cello", [("S9", "s9@m.org")]),
    "FLU4": ("flute", []),
}


@action(read_only=True)
def get_course(course_id: str) -> Course:
    """A music course with its enrolled students."""
    inst, ss = COURSES[course_id]
    return Course(id=course_id, instrument=inst, students=[Student(id=a, email=b) for a, b in ss])


@action
def send_recital_invite(email: str, course_id: str) -> str:
    """Email a student an invitation to their course's end-of-term recital."""
    effect("send_recital_invite", email, course_id)
    return "sent"


music: Task[Any] = Task(
    "Send every student enrolled in the course an invitation to the end-of-term recital. Return "
    "how many invitations you sent.",
    name="r57_music_recital",
    inputs={"course_id": str},
    outputs={"sent": int},
    actions=[get_course, send_recital_invite],
)


def music_ref(i: dict[str, Any]) -> Expected:
    ss = COURSES[i["course_id"]][1]
    return Expected([("send_recital_invite", e, i["course_id"]) for _, e in ss], {"sent": len(ss)})


CASES.append(
    Case(
        task=music,
        features=("loop over field", "copied literals", "count typed"),
        recorded={"course_id": "VIO1"},
        answers=[
            say("Looking up the course.", "get_course", course_id="VIO1"),
            say("Inviting s1.", "send_recital_invite", email="s1@m.org", course_id="VIO1"),
            say("Inviting s2.", "send_recital_invite", email="s2@m.org", course_id="VIO1"),
            say("Sent 2.", "finish", sent=2),
        ],
        reference=music_ref,
        held_out=[
            HeldOut("3 students", {"course_id": "PIA2"}),
            HeldOut("1 student", {"course_id": "CEL3"}),
            HeldOut("no students", {"course_id": "FLU4"}),
        ],
    )
)


# ---------- 5 theatre: act on all with a per-item field by $ref, total by compute
class TheatreBooking(BaseModel):
    id: str
    paid: float


SHOWS = {
    "hamlet-fri": [("T1", 40.0), ("T2", 25.5), ("T3", 60.0)],
    "hamlet-sat": [("T8", 30.0)],
    "hamlet-sun": [],
    "lear-fri": [("T11", 10.0), ("T12", 20.0)],
}


@action(read_only=True)
def list_performance_bookings(performance: str) -> list[TheatreBooking]:
    """Bookings for a performance with the amount each booker paid."""
    return [TheatreBooking(id=b, paid=p) for b, p in SHOWS[performance]]


@action
def refund_ticket_booking(booking_id: str, amount: float) -> str:
    """Refund a theatre booking the given amount."""
    effect("refund_ticket_booking", booking_id, amount)
    return "refunded"


theatre: Task[Any] = Task(
    "The performance is cancelled. Refund every booking in full. Return how many bookings you "
    "refunded and the total amount refunded.",
    name="r57_theatre_cancel",
    inputs={"performance": str},
    outputs={"refunded": int, "total": float},
    actions=[list_performance_bookings, refund_ticket_booking],
)


def theatre_ref(i: dict[str, Any]) -> Expected:
    bs = SHOWS[i["performance"]]
    return Expected(
        [("refund_ticket_booking", b, p) for b, p in bs],
        {"refunded": len(bs), "total": sum(p for _, p in bs)},
    )


CASES.append(
    Case(
        task=theatre,
        features=("act on all", "$ref per-item field", "sum compute", "count typed"),
        recorded={"performance": "hamlet-fri"},
        answers=[
            say(
                "Bookings for the performance.",
                "list_performance_bookings",
                performance=ref("performance"),
            ),
            say(
                "Refunding T1.",
                "refund_ticket_booking",
                booking_id=ref("list_performance_bookings_1.0.id"),
                amount=ref("list_performance_bookings_1.0.paid"),
            ),
            say(
                "Refunding T2.",
                "refund_ticket_booking",
                booking_id=ref("list_performance_bookings_1.1.id"),
                amount=ref("list_performance_bookings_1.1.paid"),
            ),
            say(
                "Refunding T3.",
                "refund_ticket_booking",
                booking_id=ref("list_performance_bookings_1.2.id"),
                amount=ref("list_performance_bookings_1.2.paid"),
            ),
            say(
                "Adding up.",
                "compute",
                expression="sum(b.paid for b in list_performance_bookings_1)",
            ),
            say("Done.", "finish", refunded=3, total=ref("compute_1")),
        ],
        reference=theatre_ref,
        held_out=[
            HeldOut("1 booking", {"performance": "hamlet-sat"}),
            HeldOut("no bookings", {"performance": "hamlet-sun"}),
            HeldOut("other show", {"performance": "lear-fri"}),
        ],
    )
)


# ---------- 6 dog grooming: act on all, copied literals, count typed
class Appointment(BaseModel):
    id: str
    dog: str
    phone: str


GROOM = {
    "2026-03-02": [("G1", "Fido", "0711"), ("G2", "Luna", "0722")],
    "2026-03-03": [("G5", "Bo", "0755"), ("G6", "Rex", "0766"), ("G7", "Pip", "0777")],
    "2026-03-04": [],
    "2026-03-05": [("G9", "Moss", "0799")],
}


@action(read_only=True)
def list_grooming_appointments(date: str) -> list[Appointment]:
    """Grooming appointments on a date with the owner's phone."""
    return [Appointment(id=a, dog=d, phone=p) for a, d, p in GROOM[date]]


@action
def text_owner(phone: str, message: str) -> str:
    """Send a text message to a dog owner."""
    effect("text_owner", phone, message)
    return "sent"


groom: Task[Any] = Task(
    "Text every owner with a grooming appointment on the date the message 'Reminder: grooming "
    "appointment tomorrow'. Return how many owners you texted.",
    name="r57_grooming_reminders",
    inputs={"date": str},
    outputs={"texted": int},
    actions=[list_grooming_appointments, text_owner],
)
GMSG = "Reminder: grooming appointment tomorrow"


def groom_ref(i: dict[str, Any]) -> Expected:
    a = GROOM[i["date"]]
    return Expected([("text_owner", p, GMSG) for _, _, p in a], {"texted": len(a)})


CASES.append(
    Case(
        task=groom,
        features=("act on all", "copied literals", "constant text", "count typed"),
        recorded={"date": "2026-03-02"},
        answers=[
            say("Appointments that day.", "list_grooming_appointments", date="2026-03-02"),
            say("Texting Fido's owner.", "text_owner", phone="0711", message=GMSG),
            say("Texting Luna's owner.", "text_owner", phone="0722", message=GMSG),
            say("Both texted.", "finish", texted=2),
        ],
        reference=groom_ref,
        held_out=[
            HeldOut("3 appointments", {"date": "2026-03-03"}),
            HeldOut("none", {"date": "2026-03-04"}),
            HeldOut("1 appointment", {"date": "2026-03-05"}),
        ],
    )
)


# ---------- 7 bird count: filter by a flag in the head, list returned copied
class Sighting(BaseModel):
    id: str
    species: str
    rare: bool


BIRDS = {
    "marsh": [
        ("O1", "heron", False),
        ("O2", "bittern", True),
        ("O3", "coot", False),
        ("O4", "spoonbill", True),
    ],
    "wood": [("O7", "robin", False), ("O8", "jay", False)],
    "coast": [("O9", "puffin", True)],
    "moor": [],
}


@action(read_only=True)
def list_sightings(site: str) -> list[Sighting]:
    """Sightings submitted for a survey site, each marked rare or not."""
    return [Sighting(id=a, species=b, rare=c) for a, b, c in BIRDS[site]]


@action
def flag_for_review(sighting_id: str) -> str:
    """Send a sighting to the county recorder for verification."""
    effect("flag_for_review", sighting_id)
    return "flagged"


birds: Task[Any] = Task(
    "Send every rare sighting from the site to the county recorder for review. Return the ids "
    "of the sightings you flagged.",
    name="r57_bird_rarities",
    inputs={"site": str},
    outputs={"flagged": list[str]},
    actions=[list_sightings, flag_for_review],
)


def birds_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a, _, r in BIRDS[i["site"]] if r]
    return Expected([("flag_for_review", a) for a in ids], {"flagged": ids})


CASES.append(
    Case(
        task=birds,
        features=("filter in head", "copied ids", "list copied"),
        recorded={"site": "marsh"},
        answers=[
            say("Sightings at the marsh.", "list_sightings", site=ref("site")),
            say("The bittern is rare.", "flag_for_review", sighting_id="O2"),
            say("So is the spoonbill.", "flag_for_review", sighting_id="O4"),
            say("Flagged two.", "finish", flagged=["O2", "O4"]),
        ],
        reference=birds_ref,
        held_out=[
            HeldOut("no rarities", {"site": "wood"}),
            HeldOut("1 rarity", {"site": "coast"}),
            HeldOut("no sightings", {"site": "moor"}),
        ],
    )
)


# ---------- 8 lab freezer: filter compute vs input date, then notify if any
class Sample(BaseModel):
    id: str
    expires: str


FREEZER = {
    "F1": [("SM1", "2026-01-10"), ("SM2", "2026-06-01"), ("SM3", "2026-02-01")],
    "F2": [("SM5", "2026-01-05")],
    "F3": [("SM7", "2026-09-09"), ("SM8", "2026-12-12")],
}


@action(read_only=True)
def list_freezer_samples(freezer: str) -> list[Sample]:
    """Samples stored in a freezer with their expiry date (ISO)."""
    return [Sample(id=a, expires=b) for a, b in FREEZER[freezer]]


@action
def discard_sample(sample_id: str) -> str:
    """Mark a sample for disposal."""
    effect("discard_sample", sample_id)
    return "discarded"


@action
def notify_lab_manager(freezer: str, count: int) -> str:
    """Tell the lab manager how many samples were discarded from a freezer."""
    effect("notify_lab_manager", freezer, count)
    return "notified"


freezer: Task[Any] = Task(
    "Discard every sample in the freezer that expired before today. If you discarded any, tell "
    "the lab manager how many. Return how many you discarded.",
    name="r57_freezer_expired",
    inputs={"freezer": str, "today": str},
    outputs={"discarded": int},
    actions=[list_freezer_samples, discard_sample, notify_lab_manager],
)


def freezer_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a, e in FREEZER[i["freezer"]] if e < i["today"]]
    eff = [("discard_sample", a) for a in ids]
    if ids:
        eff.append(("notify_lab_manager", i["freezer"], len(ids)))
    return Expected(eff, {"discarded": len(ids)})


CASES.append(
    Case(
        task=freezer,
        features=("filter compute vs input", "notify if any", "count by len"),
        recorded={"freezer": "F1", "today": "2026-03-01"},
        answers=[
            say("Samples in F1.", "list_freezer_samples", freezer=ref("freezer")),
            say(
                "Which expired?",
                "compute",
                expression="[s for s in list_freezer_samples_1 if s.expires < today]",
            ),
            say("Discarding SM1.", "discard_sample", sample_id=ref("compute_1.0.id")),
            say("Discarding SM3.", "discard_sample", sample_id=ref("compute_1.1.id")),
            say("Telling the manager.", "notify_lab_manager", freezer=ref("freezer"), count=2),
            say("Two discarded.", "finish", discarded=2),
        ],
        reference=freezer_ref,
        held_out=[
            HeldOut("1 expired", {"freezer": "F2", "today": "2026-03-01"}),
            HeldOut("none expired", {"freezer": "F3", "today": "2026-03-01"}, new_path=True),
            HeldOut("later date, all 3", {"freezer": "F1", "today": "2026-07-01"}),
        ],
    )
)


# ---------- 9 harbour master: one decision, both ways with the same action, compute
class Vessel(BaseModel):
    id: str
    name: str
    length_m: float


VESSELS = {
    "V1": ("Sea Lark", 24.0),
    "V2": ("Puffin", 9.5),
    "V3": ("Northern Star", 31.0),
    "V4": ("Minnow", 6.0),
}


@action(read_only=True)
def get_vessel(vessel_id: str) -> Vessel:
    """A vessel's registration with its length overall in metres."""
    n, length = VESSELS[vessel_id]
    return Vessel(id=vessel_id, name=n, length_m=length)


@action
def assign_berth(vessel_id: str, zone: str) -> str:
    """Assign a visiting vessel a berth in a harbour zone ('outer' or 'inner')."""
    effect("assign_berth", vessel_id, zone)
    return "assigned"


harbour: Task[Any] = Task(
    "Assign the arriving vessel a berth: vessels over 20 m go to the outer zone, others to the "
    "inner zone. Return the zone you assigned.",
    name="r57_harbour_berth",
    inputs={"vessel_id": str},
    outputs={"zone": str},
    actions=[get_vessel, assign_berth],
)


def harbour_ref(i: dict[str, Any]) -> Expected:
    z = "outer" if VESSELS[i["vessel_id"]][1] > 20 else "inner"
    return Expected([("assign_berth", i["vessel_id"], z)], {"zone": z})


CASES.append(
    Case(
        task=harbour,
        features=("one decision", "compute", "constant per side"),
        recorded={"vessel_id": "V1"},
        answers=[
            say("Looking up the vessel.", "get_vessel", vessel_id=ref("vessel_id")),
            say("Over 20 m?", "compute", expression="get_vessel_1.length_m > 20"),
            say("Outer zone.", "assign_berth", vessel_id=ref("vessel_id"), zone="outer"),
            say("Assigned outer.", "finish", zone="outer"),
        ],
        reference=harbour_ref,
        held_out=[
            HeldOut("other long vessel", {"vessel_id": "V3"}),
            HeldOut("short vessel", {"vessel_id": "V2"}, new_path=True),
            HeldOut("tiny vessel", {"vessel_id": "V4"}, new_path=True),
        ],
    )
)


# ---------- 10 kindergarten: filter in the head on a field, per-item field copied
class Child(BaseModel):
    id: str
    name: str
    allergy: str


KINDER = {
    "ladybirds": [("C1", "Mia", "nuts"), ("C2", "Leo", ""), ("C3", "Ada", "dairy")],
    "owls": [("C5", "Sam", ""), ("C6", "Zoe", "")],
    "foxes": [("C8", "Ivy", "egg"), ("C9", "Tom", "nuts"), ("C10", "Ray", "gluten")],
    "bees": [],
}


@action(read_only=True)
def list_group_children(group: str) -> list[Child]:
    """Children in a kindergarten group with any food allergy ('' if none)."""
    return [Child(id=a, name=b, allergy=c) for a, b, c in KINDER[group]]


@action
def notify_kitchen(child_id: str, allergy: str) -> str:
    """Tell the kitchen about a child's food allergy for the trip lunch."""
    effect("notify_kitchen", child_id, allergy)
    return "noted"


kinder: Task[Any] = Task(
    "For the group's trip lunch, tell the kitchen about every child in the group who has a food "
    "allergy, with the allergy. Return how many children you reported.",
    name="r57_kinder_allergies",
    inputs={"group": str},
    outputs={"reported": int},
    actions=[list_group_children, notify_kitchen],
)


def kinder_ref(i: dict[str, Any]) -> Expected:
    cs = [(a, c) for a, _, c in KINDER[i["group"]] if c]
    return Expected([("notify_kitchen", a, c) for a, c in cs], {"reported": len(cs)})


CASES.append(
    Case(
        task=kinder,
        features=("filter in head", "per-item field copied", "count typed"),
        recorded={"group": "ladybirds"},
        answers=[
            say("Children in Ladybirds.", "list_group_children", group=ref("group")),
            say("Mia has a nut allergy.", "notify_kitchen", child_id="C1", allergy="nuts"),
            say("Ada has a dairy allergy.", "notify_kitchen", child_id="C3", allergy="dairy"),
            say("Reported two.", "finish", reported=2),
        ],
        reference=kinder_ref,
        held_out=[
            HeldOut("no allergies", {"group": "owls"}),
            HeldOut("3 allergies", {"group": "foxes"}),
            HeldOut("empty group", {"group": "bees"}),
        ],
    )
)


# ---------- 11 fitness coaching: lookup each, compute decision one-sided, count typed
class Activity(BaseModel):
    client_id: str
    workouts_this_week: int


COACH = {"team-a": ["U1", "U2", "U3"], "team-b": ["U4", "U5"], "team-c": ["U6"], "team-d": []}
WORKOUTS = {"U1": 0, "U2": 4, "U3": 1, "U4": 3, "U5": 5, "U6": 1}


@action(read_only=True)
def list_coached_clients(team: str) -> list[str]:
    """Client ids a coaching team looks after."""
    return list(COACH[team])


@action(read_only=True)
def get_weekly_activity(client_id: str) -> Activity:
    """How many workouts a client logged this week."""
    return Activity(client_id=client_id, workouts_this_week=WORKOUTS[client_id])


@action
def send_nudge(client_id: str) -> str:
    """Send a client a friendly in-app nudge to work out."""
    effect("send_nudge", client_id)
    return "sent"


coach: Task[Any] = Task(
    "Send a nudge to every client of the team who logged fewer than 2 workouts this week. "
    "Return how many nudges you sent.",
    name="r57_fitness_nudges",
    inputs={"team": str},
    outputs={"nudged": int},
    actions=[list_coached_clients, get_weekly_activity, send_nudge],
)


def coach_ref(i: dict[str, Any]) -> Expected:
    ids = [c for c in COACH[i["team"]] if WORKOUTS[c] < 2]
    return Expected([("send_nudge", c) for c in ids], {"nudged": len(ids)})


CASES.append(
    Case(
        task=coach,
        features=("lookup each", "compute decision", "one side", "$ref", "count typed"),
        recorded={"team": "team-a"},
        answers=[
            say("The team's clients.", "list_coached_clients", team=ref("team")),
            say("U1's week.", "get_weekly_activity", client_id=ref("list_coached_clients_1.0")),
            say("Under 2?", "compute", expression="get_weekly_activity_1.workouts_this_week < 2"),
            say("Nudging U1.", "send_nudge", client_id=ref("get_weekly_activity_1.client_id")),
            say("U2's week.", "get_weekly_activity", client_id=ref("list_coached_clients_1.1")),
            say("Under 2?", "compute", expression="get_weekly_activity_2.workouts_this_week < 2"),
            say(
                "U2 is active. U3's week.",
                "get_weekly_activity",
                client_id=ref("list_coached_clients_1.2"),
            ),
            say("Under 2?", "compute", expression="get_weekly_activity_3.workouts_this_week < 2"),
            say("Nudging U3.", "send_nudge", client_id=ref("get_weekly_activity_3.client_id")),
            say("Two nudges.", "finish", nudged=2),
        ],
        reference=coach_ref,
        held_out=[
            HeldOut("all active", {"team": "team-b"}),
            HeldOut("1 inactive", {"team": "team-c"}),
            HeldOut("no clients", {"team": "team-d"}),
        ],
    )
)


# ---------- 12 letting agent: per-item number worked out in a compute
class Tenancy(BaseModel):
    id: str
    rent: float


ENDING = {
    "2026-04": [("TN1", 1000.0), ("TN2", 1250.0)],
    "2026-05": [("TN5", 800.0)],
    "2026-06": [],
    "2026-07": [("TN7", 900.0), ("TN8", 1500.0), ("TN9", 2000.0)],
}


@action(read_only=True)
def list_tenancies_ending(month: str) -> list[Tenancy]:
    """Tenancies whose term ends in a month, with the current monthly rent."""
    return [Tenancy(id=a, rent=b) for a, b in ENDING[month]]


@action
def send_renewal_offer(tenancy_id: str, new_rent: float) -> str:
    """Offer a tenant a renewal at a new monthly rent."""
    effect("send_renewal_offer", tenancy_id, new_rent)
    return "offered"


letting: Task[Any] = Task(
    "Offer every tenancy ending in the month a renewal at its current rent plus 3%. Return how "
    "many offers you sent.",
    name="r57_letting_renewals",
    inputs={"month": str},
    outputs={"offers": int},
    actions=[list_tenancies_ending, send_renewal_offer],
)


def letting_ref(i: dict[str, Any]) -> Expected:
    ts = ENDING[i["month"]]
    return Expected(
        [("send_renewal_offer", a, round(b * 1.03, 2)) for a, b in ts], {"offers": len(ts)}
    )


CASES.append(
    Case(
        task=letting,
        features=("act on all", "per-item number in compute", "$ref", "count typed"),
        recorded={"month": "2026-04"},
        answers=[
            say("Tenancies ending in April.", "list_tenancies_ending", month=ref("month")),
            say(
                "New rent for TN1.",
                "compute",
                expression="round(list_tenancies_ending_1[0].rent * 1.03, 2)",
            ),
            say(
                "Offering TN1.",
                "send_renewal_offer",
                tenancy_id=ref("list_tenancies_ending_1.0.id"),
                new_rent=ref("compute_1"),
            ),
            say(
                "New rent for TN2.",
                "compute",
                expression="round(list_tenancies_ending_1[1].rent * 1.03, 2)",
            ),
            say(
                "Offering TN2.",
                "send_renewal_offer",
                tenancy_id=ref("list_tenancies_ending_1.1.id"),
                new_rent=ref("compute_2"),
            ),
            say("Two offers out.", "finish", offers=2),
        ],
        reference=letting_ref,
        held_out=[
            HeldOut("1 tenancy", {"month": "2026-05"}),
            HeldOut("none", {"month": "2026-06"}),
            HeldOut("3 tenancies", {"month": "2026-07"}),
        ],
    )
)


# ---------- 13 book club: one call with a list of $refs inside
class Member(BaseModel):
    id: str
    email: str


CLUBS = {
    "thursday": [("M1", "m1@bc.org"), ("M2", "m2@bc.org"), ("M3", "m3@bc.org")],
    "sunday": [("M5", "m5@bc.org"), ("M6", "m6@bc.org")],
    "crime": [("M8", "m8@bc.org")],
    "poetry": [
        ("M9", "m9@bc.org"),
        ("M10", "m10@bc.org"),
        ("M11", "m11@bc.org"),
        ("M12", "m12@bc.org"),
    ],
}


@action(read_only=True)
def list_club_members(club: str) -> list[Member]:
    """Members of a book club with their email."""
    return [Member(id=a, email=b) for a, b in CLUBS[club]]


@action
def send_group_email(recipients: list[str], subject: str) -> str:
    """Send one email to a list of addresses."""
    effect("send_group_email", tuple(recipients), subject)
    return "sent"


bookclub: Task[Any] = Task(
    "Send one email to all members of the club announcing next month's book, with the subject "
    "given. Return how many members you emailed.",
    name="r57_bookclub_announce",
    inputs={"club": str, "subject": str},
    outputs={"emailed": int},
    actions=[list_club_members, send_group_email],
)


def bookclub_ref(i: dict[str, Any]) -> Expected:
    ms = CLUBS[i["club"]]
    return Expected(
        [("send_group_email", tuple(e for _, e in ms), i["subject"])], {"emailed": len(ms)}
    )


CASES.append(
    Case(
        task=bookclub,
        features=("list of $refs in an argument", "input passed", "count typed"),
        recorded={"club": "thursday", "subject": "Next: Middlemarch"},
        answers=[
            say("The members.", "list_club_members", club=ref("club")),
            say(
                "One email to everyone.",
                "send_group_email",
                recipients=[
                    ref("list_club_members_1.0.email"),
                    ref("list_club_members_1.1.email"),
                    ref("list_club_members_1.2.email"),
                ],
                subject=ref("subject"),
            ),
            say("Emailed 3.", "finish", emailed=3),
        ],
        reference=bookclub_ref,
        held_out=[
            HeldOut("2 members", {"club": "sunday", "subject": "Next: Beloved"}),
            HeldOut("1 member", {"club": "crime", "subject": "Next: Rebecca"}),
            HeldOut("4 members", {"club": "poetry", "subject": "Next: Ariel"}),
        ],
    )
)


# ---------- 14 drone survey: compute per listed item vs an input, both sides, counts typed
class Flight(BaseModel):
    id: str
    site: str
    wind_kmh: int


FLIGHTS = {
    "mon": [("D1", "quarry", 35), ("D2", "farm", 12), ("D3", "bridge", 18)],
    "tue": [("D5", "dam", 40), ("D6", "solar", 45)],
    "wed": [("D8", "roof", 10)],
    "thu": [],
}


@action(read_only=True)
def list_survey_flights(day: str) -> list[Flight]:
    """Drone survey flights planned on a day with the forecast wind at each site."""
    return [Flight(id=a, site=b, wind_kmh=c) for a, b, c in FLIGHTS[day]]


@action
def postpone_flight(flight_id: str) -> str:
    """Postpone a survey flight."""
    effect("postpone_flight", flight_id)
    return "postponed"


@action
def confirm_flight(flight_id: str) -> str:
    """Confirm a survey flight with the pilot."""
    effect("confirm_flight", flight_id)
    return "confirmed"


drone: Task[Any] = Task(
    "For each flight on the day: postpone it if the forecast wind is above the wind limit, "
    "otherwise confirm it. Return how many you postponed and how many you confirmed.",
    name="r57_drone_wind",
    inputs={"day": str, "wind_limit": int},
    outputs={"postponed": int, "confirmed": int},
    actions=[list_survey_flights, postpone_flight, confirm_flight],
)


def drone_ref(i: dict[str, Any]) -> Expected:
    eff, p, c = [], 0, 0
    for a, _, w in FLIGHTS[i["day"]]:
        if w > i["wind_limit"]:
            eff.append(("postpone_flight", a))
            p += 1
        else:
            eff.append(("confirm_flight", a))
            c += 1
    return Expected(eff, {"postponed": p, "confirmed": c})


CASES.append(
    Case(
        task=drone,
        features=("compute per item vs input", "both sides", "counts typed"),
        recorded={"day": "mon", "wind_limit": 30},
        answers=[
            say("Monday's flights.", "list_survey_flights", day=ref("day")),
            say(
                "D1 too windy?",
                "compute",
                expression="list_survey_flights_1[0].wind_kmh > wind_limit",
            ),
            say("Postponing D1.", "postpone_flight", flight_id=ref("list_survey_flights_1.0.id")),
            say(
                "D2 too windy?",
                "compute",
                expression="list_survey_flights_1[1].wind_kmh > wind_limit",
            ),
            say("Confirming D2.", "confirm_flight", flight_id=ref("list_survey_flights_1.1.id")),
            say(
                "D3 too windy?",
                "compute",
                expression="list_survey_flights_1[2].wind_kmh > wind_limit",
            ),
            say("Confirming D3.", "confirm_flight", flight_id=ref("list_survey_flights_1.2.id")),
            say("1 postponed, 2 confirmed.", "finish", postponed=1, confirmed=2),
        ],
        reference=drone_ref,
        held_out=[
            HeldOut("both windy", {"day": "tue", "wind_limit": 30}),
            HeldOut("calm", {"day": "wed", "wind_limit": 30}),
            HeldOut("no flights", {"day": "thu", "wind_limit": 30}),
            HeldOut("stricter limit", {"day": "mon", "wind_limit": 15}),
        ],
    )
)


# ---------- 15 board game cafe: two loops in a row, counts typed
class Reservation(BaseModel):
    id: str
    phone: str


RES = {
    "fri": ([("R1", "111"), ("R2", "222")], [("W1", "901")]),
    "sat": ([("R5", "555")], [("W3", "903"), ("W4", "904")]),
    "sun": ([("R7", "777"), ("R8", "888"), ("R9", "999")], []),
    "mon": ([], []),
}


@action(read_only=True)
def list_table_reservations(night: str) -> list[Reservation]:
    """Confirmed table reservations for a games night."""
    return [Reservation(id=a, phone=b) for a, b in RES[night][0]]


@action(read_only=True)
def list_waitlist(night: str) -> list[Reservation]:
    """People on the waiting list for a games night."""
    return [Reservation(id=a, phone=b) for a, b in RES[night][1]]


@action
def text_confirmation(phone: str) -> str:
    """Text a guest that their table is confirmed."""
    effect("text_confirmation", phone)
    return "sent"


@action
def text_full_house(phone: str) -> str:
    """Text a waitlisted guest that the night is full."""
    effect("text_full_house", phone)
    return "sent"


cafe: Task[Any] = Task(
    "Text every reservation for the night its confirmation, then text everyone on the waiting "
    "list that the night is full. Return how many confirmations and how many full-house texts "
    "you sent.",
    name="r57_cafe_night",
    inputs={"night": str},
    outputs={"confirmations": int, "full_house": int},
    actions=[list_table_reservations, list_waitlist, text_confirmation, text_full_house],
)


def cafe_ref(i: dict[str, Any]) -> Expected:
    r, w = RES[i["night"]]
    return Expected(
        [("text_confirmation", p) for _, p in r] + [("text_full_house", p) for _, p in w],
        {"confirmations": len(r), "full_house": len(w)},
    )


CASES.append(
    Case(
        task=cafe,
        features=("two loops", "$ref", "counts typed"),
        recorded={"night": "fri"},
        answers=[
            say("Reservations first.", "list_table_reservations", night=ref("night")),
            say(
                "Confirming R1.",
                "text_confirmation",
                phone=ref("list_table_reservations_1.0.phone"),
            ),
            say(
                "Confirming R2.",
                "text_confirmation",
                phone=ref("list_table_reservations_1.1.phone"),
            ),
            say("Now the waiting list.", "list_waitlist", night=ref("night")),
            say("Telling W1 it's full.", "text_full_house", phone=ref("list_waitlist_1.0.phone")),
            say("Done.", "finish", confirmations=2, full_house=1),
        ],
        reference=cafe_ref,
        held_out=[
            HeldOut("1 and 2", {"night": "sat"}),
            HeldOut("3, no waitlist", {"night": "sun"}),
            HeldOut("quiet night", {"night": "mon"}),
        ],
    )
)


# ---------- 16 tattoo studio: filter by a bool in the head, list copied
class TattooBooking(BaseModel):
    id: str
    client: str
    deposit_paid: bool


TATTOO = {
    "week10": [
        ("TB1", "Jo", True),
        ("TB2", "Kai", False),
        ("TB3", "Lu", True),
        ("TB4", "Mo", False),
    ],
    "week11": [("TB6", "Ned", True)],
    "week12": [("TB8", "Oz", False)],
    "week13": [],
}


@action(read_only=True)
def list_studio_bookings(week: str) -> list[TattooBooking]:
    """Tattoo bookings in a week and whether the deposit was paid."""
    return [TattooBooking(id=a, client=b, deposit_paid=c) for a, b, c in TATTOO[week]]


@action
def release_slot(booking_id: str) -> str:
    """Cancel a booking and free its slot."""
    effect("release_slot", booking_id)
    return "released"


tattoo: Task[Any] = Task(
    "Release the slot of every booking in the week whose deposit hasn't been paid. Return the "
    "booking ids you released.",
    name="r57_tattoo_deposits",
    inputs={"week": str},
    outputs={"released": list[str]},
    actions=[list_studio_bookings, release_slot],
)


def tattoo_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a, _, p in TATTOO[i["week"]] if not p]
    return Expected([("release_slot", a) for a in ids], {"released": ids})


CASES.append(
    Case(
        task=tattoo,
        features=("filter in head (bool false)", "copied ids", "list copied"),
        recorded={"week": "week10"},
        answers=[
            say("This week's bookings.", "list_studio_bookings", week=ref("week")),
            say("Kai hasn't paid.", "release_slot", booking_id="TB2"),
            say("Mo hasn't paid either.", "release_slot", booking_id="TB4"),
            say("Released two.", "finish", released=["TB2", "TB4"]),
        ],
        reference=tattoo_ref,
        held_out=[
            HeldOut("all paid", {"week": "week11"}),
            HeldOut("1 unpaid", {"week": "week12"}),
            HeldOut("no bookings", {"week": "week13"}),
        ],
    )
)


# ---------- 17 orchard: loop over a field with a filter compute, input passed through
class Row(BaseModel):
    id: str
    ripe_pct: int


class Block(BaseModel):
    id: str
    variety: str
    rows: list[Row]


ORCHARD = {
    "north": ("gala", [("N1", 85), ("N2", 60), ("N3", 90)]),
    "south": ("bramley", [("S1", 95), ("S2", 81)]),
    "east": ("cox", [("E1", 40)]),
    "west": ("fuji", []),
}


@action(read_only=True)
def get_orchard_block(block: str) -> Block:
    """An orchard block with its rows and how ripe each row's fruit is (percent)."""
    v, rs = ORCHARD[block]
    return Block(id=block, variety=v, rows=[Row(id=a, ripe_pct=b) for a, b in rs])


@action
def schedule_picking(row_id: str, crew: str) -> str:
    """Schedule a picking crew on a row."""
    effect("schedule_picking", row_id, crew)
    return "scheduled"


orchard: Task[Any] = Task(
    "Schedule the given crew to pick every row in the block that is at least 80% ripe. Return "
    "the row ids you scheduled.",
    name="r57_orchard_picking",
    inputs={"block": str, "crew": str},
    outputs={"rows": list[str]},
    actions=[get_orchard_block, schedule_picking],
)


def orchard_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a, p in ORCHARD[i["block"]][1] if p >= 80]
    return Expected([("schedule_picking", a, i["crew"]) for a in ids], {"rows": ids})


CASES.append(
    Case(
        task=orchard,
        features=("loop over field", "filter compute", "input passed", "list by $ref"),
        recorded={"block": "north", "crew": "crew-2"},
        answers=[
            say("Reading the block.", "get_orchard_block", block=ref("block")),
            say(
                "Ripe rows?",
                "compute",
                expression="[r.id for r in get_orchard_block_1.rows if r.ripe_pct >= 80]",
            ),
            say("Crew on N1.", "schedule_picking", row_id=ref("compute_1.0"), crew=ref("crew")),
            say("Crew on N3.", "schedule_picking", row_id=ref("compute_1.1"), crew=ref("crew")),
            say("Scheduled.", "finish", rows=ref("compute_1")),
        ],
        reference=orchard_ref,
        held_out=[
            HeldOut("2 ripe, other crew", {"block": "south", "crew": "crew-1"}),
            HeldOut("none ripe", {"block": "east", "crew": "crew-2"}),
            HeldOut("no rows", {"block": "west", "crew": "crew-3"}),
        ],
    )
)


# ---------- 18 recording studio: one decision, amount worked out in a compute
class Session(BaseModel):
    id: str
    band: str
    hours_booked: int
    hours_used: int
    rate: float


SESSIONS = {
    "SS1": ("The Owls", 4, 6, 50.0),
    "SS2": ("Blue Fen", 3, 5, 60.0),
    "SS3": ("Kestrel", 8, 9, 45.0),
    "SS4": ("Quiet Co", 5, 5, 50.0),
}


@action(read_only=True)
def get_studio_session(session_id: str) -> Session:
    """A studio session with hours booked, hours used and the hourly rate."""
    b, hb, hu, r = SESSIONS[session_id]
    return Session(id=session_id, band=b, hours_booked=hb, hours_used=hu, rate=r)


@action
def invoice_overtime(session_id: str, amount: float) -> str:
    """Invoice a band for overtime on a session."""
    effect("invoice_overtime", session_id, amount)
    return "invoiced"


studio: Task[Any] = Task(
    "If the session ran over its booked hours, invoice the band the extra hours at the hourly "
    "rate. Return the amount invoiced (0 if none).",
    name="r57_studio_overtime",
    inputs={"session_id": str},
    outputs={"invoiced": float},
    actions=[get_studio_session, invoice_overtime],
)


def studio_ref(i: dict[str, Any]) -> Expected:
    _, hb, hu, r = SESSIONS[i["session_id"]]
    if hu > hb:
        a = (hu - hb) * r
        return Expected([("invoice_overtime", i["session_id"], a)], {"invoiced": a})
    return Expected([], {"invoiced": 0})


CASES.append(
    Case(
        task=studio,
        features=("one decision", "amount in compute", "$ref"),
        recorded={"session_id": "SS1"},
        answers=[
            say("Reading the session.", "get_studio_session", session_id=ref("session_id")),
            say(
                "Did it run over?",
                "compute",
                expression="get_studio_session_1.hours_used > get_studio_session_1.hours_booked",
            ),
            say(
                "Yes; the extra.",
                "compute",
                expression=(
                    "(get_studio_session_1.hours_used -"
                    " get_studio_session_1.hours_booked) * get_studio_session_1.rate"
                ),
            ),
            say(
                "Invoicing.",
                "invoice_overtime",
                session_id=ref("session_id"),
                amount=ref("compute_2"),
            ),
            say("Invoiced.", "finish", invoiced=ref("compute_2")),
        ],
        reference=studio_ref,
        held_out=[
            HeldOut("2 extra hours", {"session_id": "SS2"}),
            HeldOut("1 extra hour", {"session_id": "SS3"}),
            HeldOut("on time", {"session_id": "SS4"}, new_path=True),
        ],
    )
)


# ---------- 19 golf: filter compute, per-item number computed inline in compute list
class TeeTime(BaseModel):
    id: str
    players: int


TEES = {
    "sat-am": [("TT1", 2), ("TT2", 4), ("TT3", 3)],
    "sat-pm": [("TT5", 4), ("TT6", 4)],
    "sun-am": [("TT8", 1)],
    "sun-pm": [("TT9", 3), ("TT10", 2), ("TT11", 1)],
}


@action(read_only=True)
def list_tee_times(slot: str) -> list[TeeTime]:
    """Tee times in a slot with how many players are booked (a group is at most 4)."""
    return [TeeTime(id=a, players=b) for a, b in TEES[slot]]


@action
def publish_open_spots(tee_id: str, spots: int) -> str:
    """List a tee time's open spots on the members' app."""
    effect("publish_open_spots", tee_id, spots)
    return "published"


golf: Task[Any] = Task(
    "For every tee time in the slot that isn't full (4 players), publish its open spots on the "
    "app. Return how many tee times you published.",
    name="r57_golf_spots",
    inputs={"slot": str},
    outputs={"published": int},
    actions=[list_tee_times, publish_open_spots],
)


def golf_ref(i: dict[str, Any]) -> Expected:
    ts = [(a, 4 - p) for a, p in TEES[i["slot"]] if p < 4]
    return Expected([("publish_open_spots", a, s) for a, s in ts], {"published": len(ts)})


CASES.append(
    Case(
        task=golf,
        features=("filter compute", "per-item number in compute", "count typed"),
        recorded={"slot": "sat-am"},
        answers=[
            say("Tee times.", "list_tee_times", slot=ref("slot")),
            say(
                "Not full, with spots.",
                "compute",
                expression=(
                    "[{'id': t.id, 'spots': 4 - t.players} for t in"
                    " list_tee_times_1 if t.players < 4]"
                ),
            ),
            say(
                "TT1 has 2 spots.",
                "publish_open_spots",
                tee_id=ref("compute_1.0.id"),
                spots=ref("compute_1.0.spots"),
            ),
            say(
                "TT3 has 1 spot.",
                "publish_open_spots",
                tee_id=ref("compute_1.1.id"),
                spots=ref("compute_1.1.spots"),
            ),
            say("Published two.", "finish", published=2),
        ],
        reference=golf_ref,
        held_out=[
            HeldOut("all full", {"slot": "sat-pm"}),
            HeldOut("1 open", {"slot": "sun-am"}),
            HeldOut("3 open", {"slot": "sun-pm"}),
        ],
    )
)


# ---------- 20 pool maintenance: lookup each, compute decision, list of ids returned by compute
class Chemistry(BaseModel):
    pool_id: str
    chlorine_ppm: float


POOLS = {"site-1": ["PL1", "PL2", "PL3"], "site-2": ["PL4", "PL5"], "site-3": ["PL6"], "site-4": []}
CHLOR = {"PL1": 0.6, "PL2": 2.1, "PL3": 0.9, "PL4": 1.5, "PL5": 3.0, "PL6": 0.4}


@action(read_only=True)
def list_site_pools(site: str) -> list[str]:
    """Pool ids at a leisure site."""
    return list(POOLS[site])


@action(read_only=True)
def read_pool_chemistry(pool_id: str) -> Chemistry:
    """The latest chlorine reading of a pool (ppm)."""
    return Chemistry(pool_id=pool_id, chlorine_ppm=CHLOR[pool_id])


@action
def dose_chlorine(pool_id: str) -> str:
    """Order a chlorine dose for a pool."""
    effect("dose_chlorine", pool_id)
    return "dosed"


pools: Task[Any] = Task(
    "Check every pool at the site and order a chlorine dose for each whose chlorine is below "
    "1.0 ppm. Return the ids of the pools you dosed.",
    name="r57_pool_chlorine",
    inputs={"site": str},
    outputs={"dosed": list[str]},
    actions=[list_site_pools, read_pool_chemistry, dose_chlorine],
)


def pools_ref(i: dict[str, Any]) -> Expected:
    ids = [p for p in POOLS[i["site"]] if CHLOR[p] < 1.0]
    return Expected([("dose_chlorine", p) for p in ids], {"dosed": ids})


CASES.append(
    Case(
        task=pools,
        features=("lookup each", "decision in head", "copied ids", "list copied"),
        recorded={"site": "site-1"},
        answers=[
            say("Pools at site 1.", "list_site_pools", site=ref("site")),
            say("Reading PL1.", "read_pool_chemistry", pool_id="PL1"),
            say("0.6 is low; dosing PL1.", "dose_chlorine", pool_id="PL1"),
            say("Reading PL2.", "read_pool_chemistry", pool_id="PL2"),
            say("PL2 is fine. Reading PL3.", "read_pool_chemistry", pool_id="PL3"),
            say("0.9 is low; dosing PL3.", "dose_chlorine", pool_id="PL3"),
            say("Dosed two.", "finish", dosed=["PL1", "PL3"]),
        ],
        reference=pools_ref,
        held_out=[
            HeldOut("all fine", {"site": "site-2"}),
            HeldOut("1 low", {"site": "site-3"}),
            HeldOut("no pools", {"site": "site-4"}),
        ],
    )
)


# ---------- 21 cinema: filter compute then one batch call with a list of $refs in a dict
class Screening(BaseModel):
    id: str
    sold: int
    capacity: int


CINEMA = {
    "screen-1": [("SC1", 120, 120), ("SC2", 80, 120), ("SC3", 120, 120)],
    "screen-2": [("SC5", 60, 60)],
    "screen-3": [("SC7", 10, 90), ("SC8", 20, 90)],
    "screen-4": [("SC9", 50, 50), ("SC10", 50, 50), ("SC11", 50, 50)],
}


@action(read_only=True)
def list_screenings(screen: str) -> list[Screening]:
    """Today's screenings in a screen with tickets sold and capacity."""
    return [Screening(id=a, sold=b, capacity=c) for a, b, c in CINEMA[screen]]


@action
def update_listings(changes: dict[str, list[str]]) -> str:
    """Apply listing changes, e.g. {"sold_out": [screening ids]}."""
    effect("update_listings", tuple(sorted((k, tuple(v)) for k, v in changes.items())))
    return "updated"


cinema: Task[Any] = Task(
    "Mark every sold-out screening in the screen as sold out in the listings, in one update. "
    "Return how many screenings you marked.",
    name="r57_cinema_soldout",
    inputs={"screen": str},
    outputs={"marked": int},
    actions=[list_screenings, update_listings],
)


def cinema_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a, s, c in CINEMA[i["screen"]] if s >= c]
    eff = [("update_listings", (("sold_out", tuple(ids)),))] if ids else []
    return Expected(eff, {"marked": len(ids)})


CASES.append(
    Case(
        task=cinema,
        features=("filter compute", "dict with list of $refs", "count typed"),
        recorded={"screen": "screen-1"},
        answers=[
            say("Screenings in screen 1.", "list_screenings", screen=ref("screen")),
            say(
                "Which are sold out?",
                "compute",
                expression="[s for s in list_screenings_1 if s.sold >= s.capacity]",
            ),
            say(
                "Marking both in one update.",
                "update_listings",
                changes={"sold_out": [ref("compute_1.0.id"), ref("compute_1.1.id")]},
            ),
            say("Marked two.", "finish", marked=2),
        ],
        reference=cinema_ref,
        held_out=[
            HeldOut("1 sold out", {"screen": "screen-2"}),
            HeldOut("none sold out", {"screen": "screen-3"}, new_path=True),
            HeldOut("3 sold out", {"screen": "screen-4"}),
        ],
    )
)


# ---------- 22 ski rental: decision in the head per listed item, both sides, lists copied
class SkiReturn(BaseModel):
    id: str
    customer: str
    damaged: bool


SKI = {
    "mon": [("K1", "Ola", False), ("K2", "Per", True), ("K3", "Siv", False)],
    "tue": [("K5", "Tor", True), ("K6", "Una", False)],
    "wed": [("K8", "Vik", False)],
    "thu": [],
}


@action(read_only=True)
def list_ski_returns(day: str) -> list[SkiReturn]:
    """Ski sets returned on a day, with whether the inspection found damage."""
    return [SkiReturn(id=a, customer=b, damaged=c) for a, b, c in SKI[day]]


@action
def release_deposit(rental_id: str) -> str:
    """Release a rental's deposit back to the customer."""
    effect("release_deposit", rental_id)
    return "released"


@action
def charge_damage(rental_id: str) -> str:
    """Keep a rental's deposit against damage and open a damage report."""
    effect("charge_damage", rental_id)
    return "charged"


ski: Task[Any] = Task(
    "For each ski set returned on the day: if the inspection found damage, charge the damage, "
    "otherwise release the deposit. Return the rental ids you released and the ones you charged.",
    name="r57_ski_returns",
    inputs={"day": str},
    outputs={"released": list[str], "charged": list[str]},
    actions=[list_ski_returns, release_deposit, charge_damage],
)


def ski_ref(i: dict[str, Any]) -> Expected:
    eff, r, c = [], [], []
    for a, _, d in SKI[i["day"]]:
        if d:
            eff.append(("charge_damage", a))
            c.append(a)
        else:
            eff.append(("release_deposit", a))
            r.append(a)
    return Expected(eff, {"released": r, "charged": c})


CASES.append(
    Case(
        task=ski,
        features=("decision in head", "both sides", "copied ids", "lists copied"),
        recorded={"day": "mon"},
        answers=[
            say("Today's returns.", "list_ski_returns", day=ref("day")),
            say("K1 is clean; releasing.", "release_deposit", rental_id="K1"),
            say("K2 is damaged; charging.", "charge_damage", rental_id="K2"),
            say("K3 is clean; releasing.", "release_deposit", rental_id="K3"),
            say("All done.", "finish", released=["K1", "K3"], charged=["K2"]),
        ],
        reference=ski_ref,
        held_out=[
            HeldOut("one of each", {"day": "tue"}),
            HeldOut("1 clean", {"day": "wed"}),
            HeldOut("no returns", {"day": "thu"}),
        ],
    )
)
CASES = at_least_three(CASES)
