"""Round 47: ordinary business tasks in new domains, varied agent styles, replayed on new inputs.

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


# ------------------------------ 1 orchestra: filter compute on a flag, $ref by path, count typed
class Musician(BaseModel):
    id: str
    name: str
    confirmed: bool


SECTIONS = {
    "strings": [
        ("MU1", "Ana", False),
        ("MU2", "Ben", True),
        ("MU3", "Cleo", False),
        ("MU4", "Dan", True),
    ],
    "brass": [("MU10", "Eva", False)],
    "winds": [("MU20", "Finn", True), ("MU21", "Gia", True)],
    "percussion": [],
    "choir": [("MU30", "Hal", False), ("MU31", "Ida", False), ("MU32", "Jo", False)],
}


@action(read_only=True)
def list_section(section: str) -> list[Musician]:
    """The musicians of an orchestra section and whether they confirmed Saturday's rehearsal."""
    return [Musician(id=i, name=n, confirmed=c) for i, n, c in SECTIONS[section]]


@action
def send_rehearsal_reminder(musician_id: str) -> str:
    """Text a musician a reminder to confirm the rehearsal."""
    effect("send_rehearsal_reminder", musician_id)
    return "sent"


orch: Task[Any] = Task(
    "Remind every musician of the section who has not confirmed Saturday's rehearsal. Return how "
    "many reminders you sent.",
    name="r47_orchestra_remind",
    inputs={"section": str},
    outputs={"reminded": int},
    actions=[list_section, send_rehearsal_reminder],
)


def orch_ref(i: dict[str, Any]) -> Expected:
    ids = [m for m, _, c in SECTIONS[i["section"]] if not c]
    return Expected([("send_rehearsal_reminder", m) for m in ids], {"reminded": len(ids)})


CASES.append(
    Case(
        task=orch,
        features=("filter compute", "$ref", "count typed"),
        recorded={"section": "strings"},
        answers=[
            say("Let me see the strings section.", "list_section", section=ref("section")),
            say(
                "Keeping those who haven't confirmed.",
                "compute",
                expression="[m for m in list_section_1 if not m.confirmed]",
            ),
            say("Reminding Ana.", "send_rehearsal_reminder", musician_id=ref("compute_1.0.id")),
            say("Reminding Cleo.", "send_rehearsal_reminder", musician_id=ref("compute_1.1.id")),
            say("Two reminders sent.", "finish", reminded=2),
        ],
        reference=orch_ref,
        held_out=[
            HeldOut("1 unconfirmed", {"section": "brass"}),
            HeldOut("all confirmed", {"section": "winds"}),
            HeldOut("empty section", {"section": "percussion"}),
            HeldOut("3 unconfirmed", {"section": "choir"}),
        ],
    )
)


# ------------------- 2 glass recycling: decision in head on a number vs constant, ids copied, list
class GlassBin(BaseModel):
    id: str
    fill_pct: int


ROUTES = {
    "R1": [("GB1", 85), ("GB2", 40), ("GB3", 92)],
    "R2": [("GB7", 20)],
    "R3": [("GB8", 80), ("GB9", 81), ("GB10", 10), ("GB11", 99)],
    "R4": [],
}


@action(read_only=True)
def list_route_bins(route: str) -> list[GlassBin]:
    """The bottle banks of a collection route with their sensor fill level in percent."""
    return [GlassBin(id=b, fill_pct=f) for b, f in ROUTES[route]]


@action
def schedule_emptying(bin_id: str) -> str:
    """Put a bottle bank on tomorrow's emptying list."""
    effect("schedule_emptying", bin_id)
    return "scheduled"


glass: Task[Any] = Task(
    "Schedule emptying for every bottle bank on the route that is at least 80 percent full. "
    "Return the ids you scheduled.",
    name="r47_glass_emptying",
    inputs={"route": str},
    outputs={"scheduled": list[str]},
    actions=[list_route_bins, schedule_emptying],
)


def glass_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b, f in ROUTES[i["route"]] if f >= 80]
    return Expected([("schedule_emptying", b) for b in ids], {"scheduled": ids})


CASES.append(
    Case(
        task=glass,
        features=("decision in head", "copied", "list copied"),
        recorded={"route": "R1"},
        answers=[
            say("Reading the fill levels on the route.", "list_route_bins", route=ref("route")),
            say("GB1 is at 85%, scheduling it.", "schedule_emptying", bin_id="GB1"),
            say(
                "GB2 is only 40%, skip. GB3 is 92%, scheduling.", "schedule_emptying", bin_id="GB3"
            ),
            say("Done: GB1 and GB3.", "finish", scheduled=["GB1", "GB3"]),
        ],
        reference=glass_ref,
        held_out=[
            HeldOut("none full", {"route": "R2"}),
            HeldOut("3 of 4 incl. exactly 80", {"route": "R3"}),
            HeldOut("empty route", {"route": "R4"}),
        ],
    )
)


# --------------- 3 animal shelter: lookup each, compute on a flag, per-item field copied into call
class Animal(BaseModel):
    id: str
    species: str
    transfer_approved: bool


ANIMALS = {
    "A1": ("dog", True),
    "A2": ("cat", False),
    "A3": ("cat", True),
    "A4": ("rabbit", True),
    "A5": ("dog", False),
    "A6": ("dog", True),
    "A7": ("cat", True),
}
SHELTERS = {
    "eastside": ["A1", "A2", "A3"],
    "harbor": ["A5"],
    "hillview": ["A4", "A6", "A7"],
    "mill": [],
    "oak": ["A2", "A7"],
}


@action(read_only=True)
def list_shelter_animals(shelter: str) -> list[str]:
    """Ids of the animals currently at a shelter."""
    return list(SHELTERS[shelter])


@action(read_only=True)
def get_animal(animal_id: str) -> Animal:
    """An animal's record: species and whether its transfer to the partner rescue is approved."""
    s, ok = ANIMALS[animal_id]
    return Animal(id=animal_id, species=s, transfer_approved=ok)


@action
def book_transport(animal_id: str, species: str) -> str:
    """Book a seat on Friday's transport van to the partner rescue."""
    effect("book_transport", animal_id, species)
    return "booked"


shelter: Task[Any] = Task(
    "Book Friday's van for every animal at the shelter whose transfer is approved. Return how many "
    "you booked.",
    name="r47_shelter_transport",
    inputs={"shelter": str},
    outputs={"booked": int},
    actions=[list_shelter_animals, get_animal, book_transport],
)


def shelter_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a in SHELTERS[i["shelter"]] if ANIMALS[a][1]]
    return Expected([("book_transport", a, ANIMALS[a][0]) for a in ids], {"booked": len(ids)})


_sh = [say("Which animals are there?", "list_shelter_animals", shelter=ref("shelter"))]
for n, ok in enumerate([True, False, True], start=1):
    _sh.append(say("Looking it up.", "get_animal", animal_id=ref(f"list_shelter_animals_1.{n-1}")))
    _sh.append(say("Approved?", "compute", expression=f"get_animal_{n}.transfer_approved"))
    if ok:
        _sh.append(
            say(
                "Approved, booking.",
                "book_transport",
                animal_id=ref(f"get_animal_{n}.id"),
                species=ref(f"get_animal_{n}.species"),
            )
        )
_sh.append(say("Booked 2 animals.", "finish", booked=2))
CASES.append(
    Case(
        task=shelter,
        features=("lookup each", "compute", "one side", "field copied", "count typed"),
        recorded={"shelter": "eastside"},
        answers=_sh,
        reference=shelter_ref,
        held_out=[
            HeldOut("0 of 1", {"shelter": "harbor"}),
            HeldOut("3 of 3", {"shelter": "hillview"}),
            HeldOut("empty", {"shelter": "mill"}),
            HeldOut("1 of 2", {"shelter": "oak"}),
        ],
    )
)


# -------------------- 4 parking enforcement: both sides (fine / warning), two counts typed
class Overstay(BaseModel):
    plate: str
    days_over: int


ZONES = {
    "Z1": [("KA-101", 20), ("KA-102", 3), ("KA-103", 15), ("KA-104", 7)],
    "Z2": [("MB-1", 2), ("MB-2", 9)],
    "Z3": [("HH-7", 30)],
    "Z4": [],
    "Z5": [("B-5", 14), ("B-6", 16), ("B-7", 1)],
}


@action(read_only=True)
def list_expired_permits(zone: str) -> list[Overstay]:
    """Cars parked in a residents' zone on an expired permit, with how many days it is expired."""
    return [Overstay(plate=p, days_over=d) for p, d in ZONES[zone]]


@action
def issue_fine(plate: str) -> str:
    """Issue a parking fine to a car."""
    effect("issue_fine", plate)
    return "fined"


@action
def send_warning(plate: str) -> str:
    """Send the keeper a warning letter."""
    effect("send_warning", plate)
    return "warned"


parking: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Return how many fines and how many warnings.",
    name="r47_parking_fines",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)


def parking_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    f = w = 0
    for p, d in ZONES[i["zone"]]:
        if d > 14:
            eff.append(("issue_fine", p))
            f += 1
        else:
            eff.append(("send_warning", p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


_pk = [say("Listing the expired permits in the zone.", "list_expired_permits", zone=ref("zone"))]
for n, over in enumerate([True, False, True, False]):
    _pk.append(
        say(
            "More than 14 days?",
            "compute",
            expression=f"list_expired_permits_1[{n}].days_over > 14",
        )
    )
    if over:
        _pk.append(say("Fine.", "issue_fine", plate=ref(f"list_expired_permits_1.{n}.plate")))
    else:
        _pk.append(say("Warning.", "send_warning", plate=ref(f"list_expired_permits_1.{n}.plate")))
_pk.append(say("Two fines, two warnings.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=parking,
        features=("both sides", "compute", "$ref", "two counts"),
        recorded={"zone": "Z1"},
        answers=_pk,
        reference=parking_ref,
        held_out=[
            HeldOut("2 warnings", {"zone": "Z2"}),
            HeldOut("1 fine", {"zone": "Z3"}),
            HeldOut("empty", {"zone": "Z4"}),
            HeldOut("14 exactly + mix", {"zone": "Z5"}),
        ],
    )
)


# ------------- 5 hearing-aid clinic: act on all, dict argument with $refs inside, count typed
class Patient(BaseModel):
    id: str
    email: str
    months_since_visit: int


CLINICS = {
    "leeds": [("P1", "p1@x.uk", 13), ("P2", "p2@x.uk", 18)],
    "york": [("P5", "p5@x.uk", 24)],
    "hull": [],
    "bath": [("P7", "p7@x.uk", 12), ("P8", "p8@x.uk", 14), ("P9", "p9@x.uk", 30)],
}


@action(read_only=True)
def list_due_patients(clinic: str) -> list[Patient]:
    """Patients of a clinic due for their yearly hearing-aid check."""
    return [Patient(id=p, email=e, months_since_visit=m) for p, e, m in CLINICS[clinic]]


@action
def send_recall(patient: dict[str, str]) -> str:
    """Send a recall letter; ``patient`` is ``{"id": ..., "email": ...}``."""
    effect("send_recall", patient["id"], patient["email"])
    return "sent"


hearing: Task[Any] = Task(
    "Send a recall to every patient of the clinic who is due for their yearly check. Return how "
    "many recalls you sent.",
    name="r47_hearing_recall",
    inputs={"clinic": str},
    outputs={"recalls": int},
    actions=[list_due_patients, send_recall],
)


def hearing_ref(i: dict[str, Any]) -> Expected:
    ps = CLINICS[i["clinic"]]
    return Expected([("send_recall", p, e) for p, e, _ in ps], {"recalls": len(ps)})


CASES.append(
    Case(
        task=hearing,
        features=("act on all", "dict arg with $refs", "count typed"),
        recorded={"clinic": "leeds"},
        answers=[
            say("Who is due at this clinic?", "list_due_patients", clinic=ref("clinic")),
            say(
                "Recall for P1.",
                "send_recall",
                patient={
                    "id": ref("list_due_patients_1.0.id"),
                    "email": ref("list_due_patients_1.0.email"),
                },
            ),
            say(
                "Recall for P2.",
                "send_recall",
                patient={
                    "id": ref("list_due_patients_1.1.id"),
                    "email": ref("list_due_patients_1.1.email"),
                },
            ),
            say("Sent 2 recalls.", "finish", recalls=2),
        ],
        reference=hearing_ref,
        held_out=[
            HeldOut("1 due", {"clinic": "york"}),
            HeldOut("none due", {"clinic": "hull"}),
            HeldOut("3 due", {"clinic": "bath"}),
        ],
    )
)


# ---------------- 6 food bank: per-item number worked out in a compute, passed to the call
class Pickup(BaseModel):
    id: str
    household_size: int


DAYS = {
    "mon": [("H1", 4), ("H2", 1), ("H3", 5)],
    "tue": [("H9", 2)],
    "wed": [],
    "thu": [("H4", 3), ("H5", 6), ("H6", 7), ("H7", 2)],
}


@action(read_only=True)
def list_pickups(day: str) -> list[Pickup]:
    """Households booked to collect food on a day, with the household size."""
    return [Pickup(id=h, household_size=s) for h, s in DAYS[day]]


@action
def pack_boxes(household_id: str, boxes: int) -> str:
    """Ask the warehouse to pack food boxes for a household."""
    effect("pack_boxes", household_id, boxes)
    return "packed"


food: Task[Any] = Task(
    "Pack boxes for every household collecting on the day: one box per two people, rounded up. "
    "Return how many households you packed for.",
    name="r47_foodbank_boxes",
    inputs={"day": str},
    outputs={"households": int},
    actions=[list_pickups, pack_boxes],
)


def food_ref(i: dict[str, Any]) -> Expected:
    ps = DAYS[i["day"]]
    return Expected([("pack_boxes", h, (s + 1) // 2) for h, s in ps], {"households": len(ps)})


_fb = [say("Who collects that day?", "list_pickups", day=ref("day"))]
for n in range(3):
    _fb.append(
        say("Boxes needed.", "compute", expression=f"(list_pickups_1[{n}].household_size + 1) // 2")
    )
    _fb.append(
        say(
            "Packing.",
            "pack_boxes",
            household_id=ref(f"list_pickups_1.{n}.id"),
            boxes=ref(f"compute_{n+1}"),
        )
    )
_fb.append(say("Packed for 3 households.", "finish", households=3))
CASES.append(
    Case(
        task=food,
        features=("act on all", "per-item compute", "count typed"),
        recorded={"day": "mon"},
        answers=_fb,
        reference=food_ref,
        held_out=[
            HeldOut("1 household", {"day": "tue"}),
            HeldOut("none", {"day": "wed"}),
            HeldOut("4 households", {"day": "thu"}),
        ],
    )
)


# ---------------------- 7 choir: one batch call with a list of ids copied, list returned
class Singer(BaseModel):
    id: str
    dues_paid: bool


CHOIRS = {
    "sopranos": [("S1", False), ("S2", True), ("S3", False)],
    "altos": [("AL1", False)],
    "tenors": [("T1", False), ("T2", False), ("T3", True), ("T4", False)],
}


@action(read_only=True)
def list_singers(voice: str) -> list[Singer]:
    """The singers of a voice part and whether they paid this term's dues."""
    return [Singer(id=s, dues_paid=p) for s, p in CHOIRS[voice]]


@action
def send_dues_reminder(singer_ids: list[str]) -> str:
    """Email one dues reminder to a group of singers."""
    effect("send_dues_reminder", tuple(singer_ids))
    return "sent"


choir: Task[Any] = Task(
    "Send one dues reminder to all singers of the voice part who haven't paid this term. Return "
    "their ids.",
    name="r47_choir_dues",
    inputs={"voice": str},
    outputs={"unpaid": list[str]},
    actions=[list_singers, send_dues_reminder],
)


def choir_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, p in CHOIRS[i["voice"]] if not p]
    return Expected([("send_dues_reminder", tuple(ids))], {"unpaid": ids})


CASES.append(
    Case(
        task=choir,
        features=("batch call", "list copied", "decision in head"),
        recorded={"voice": "sopranos"},
        answers=[
            say("Checking the sopranos.", "list_singers", voice=ref("voice")),
            say("S1 and S3 haven't paid.", "send_dues_reminder", singer_ids=["S1", "S3"]),
            say("Reminded S1 and S3.", "finish", unpaid=["S1", "S3"]),
        ],
        reference=choir_ref,
        held_out=[
            HeldOut("1 unpaid", {"voice": "altos"}),
            HeldOut("3 of 4 unpaid", {"voice": "tenors"}),
        ],
    )
)


# -------------------------- 8 marina: one decision on one value (move or confirm), $ref
class Berth(BaseModel):
    id: str
    boat_length_m: float
    berth_length_m: float


BERTHS = {"B1": (12.5, 10.0), "B2": (8.0, 10.0), "B3": (14.0, 12.0), "B4": (10.0, 10.0)}


@action(read_only=True)
def get_berth(berth_id: str) -> Berth:
    """A berth with its length and the length of the boat booked into it."""
    b, length = BERTHS[berth_id]
    return Berth(id=berth_id, boat_length_m=b, berth_length_m=length)


@action
def move_to_visitor_pontoon(berth_id: str) -> str:
    """Reassign the booking to the visitor pontoon."""
    effect("move_to_visitor_pontoon", berth_id)
    return "moved"


@action
def confirm_berth(berth_id: str) -> str:
    """Confirm the booking on its berth."""
    effect("confirm_berth", berth_id)
    return "confirmed"


marina: Task[Any] = Task(
    "Check the berth booking: if the boat is longer than the berth, move it to the visitor "
    "pontoon, otherwise confirm it. Return whether you moved it.",
    name="r47_marina_berth",
    inputs={"berth_id": str},
    outputs={"moved": bool},
    actions=[get_berth, move_to_visitor_pontoon, confirm_berth],
)


def marina_ref(i: dict[str, Any]) -> Expected:
    b, length = BERTHS[i["berth_id"]]
    if b > length:
        return Expected([("move_to_visitor_pontoon", i["berth_id"])], {"moved": True})
    return Expected([("confirm_berth", i["berth_id"])], {"moved": False})


CASES.append(
    Case(
        task=marina,
        features=("one decision", "compute", "$ref"),
        recorded={"berth_id": "B1"},
        answers=[
            say("Looking at the berth.", "get_berth", berth_id=ref("berth_id")),
            say(
                "Too long?",
                "compute",
                expression="get_berth_1.boat_length_m > get_berth_1.berth_length_m",
            ),
            say(
                "12.5 m boat on a 10 m berth: moving it.",
                "move_to_visitor_pontoon",
                berth_id=ref("get_berth_1.id"),
            ),
            say("Moved.", "finish", moved=True),
        ],
        reference=marina_ref,
        held_out=[
            HeldOut("also too long", {"berth_id": "B3"}),
            HeldOut("fits", {"berth_id": "B2"}, new_path=True),
            HeldOut("exactly fits", {"berth_id": "B4"}, new_path=True),
        ],
    )
)


# -------------------- 9 tutoring: sum compute with an input rate, one invoice, amount returned
class Session(BaseModel):
    id: str
    hours: float


TUTORS = {
    ("kim", "W10"): [("SE1", 1.5), ("SE2", 2.0), ("SE3", 1.0)],
    ("kim", "W11"): [("SE4", 1.0)],
    ("lee", "W10"): [("SE7", 2.0), ("SE8", 2.5)],
}


@action(read_only=True)
def list_sessions(tutor: str, week: str) -> list[Session]:
    """The sessions a tutor gave in a week."""
    return [Session(id=s, hours=h) for s, h in TUTORS[(tutor, week)]]


@action
def create_invoice(tutor: str, week: str, amount: float) -> str:
    """Create the tutor's invoice for a week."""
    effect("create_invoice", tutor, week, amount)
    return "INV"


tutoring: Task[Any] = Task(
    "Invoice the tutor's sessions of the week at the hourly rate. Return the amount.",
    name="r47_tutor_invoice",
    inputs={"tutor": str, "week": str, "rate": float},
    outputs={"amount": float},
    actions=[list_sessions, create_invoice],
)


def tutoring_ref(i: dict[str, Any]) -> Expected:
    amt = sum(h for _, h in TUTORS[(i["tutor"], i["week"])]) * i["rate"]
    return Expected([("create_invoice", i["tutor"], i["week"], amt)], {"amount": amt})


CASES.append(
    Case(
        task=tutoring,
        features=("sum compute", "input rate", "$ref"),
        recorded={"tutor": "kim", "week": "W10", "rate": 40.0},
        answers=[
            say(
                "Fetching the week's sessions.",
                "list_sessions",
                tutor=ref("tutor"),
                week=ref("week"),
            ),
            say(
                "Hours times rate.",
                "compute",
                expression="sum(s.hours for s in list_sessions_1) * rate",
            ),
            say(
                "Invoicing 180.",
                "create_invoice",
                tutor=ref("tutor"),
                week=ref("week"),
                amount=ref("compute_1"),
            ),
            say("Invoice for 180.0.", "finish", amount=ref("compute_1")),
        ],
        reference=tutoring_ref,
        held_out=[
            HeldOut("1 session", {"tutor": "kim", "week": "W11", "rate": 40.0}),
            HeldOut("other tutor, rate", {"tutor": "lee", "week": "W10", "rate": 35.0}),
        ],
    )
)


# ------------------- 10 bakery wholesale: loop over a field of a result (order.lines), copied
class Line(BaseModel):
    sku: str
    qty: int


class WholesaleOrder(BaseModel):
    id: str
    cafe: str
    lines: list[Line]


WORDERS = {
    "WO1": ("Bean Cafe", [("SOURDOUGH", 20), ("CROISSANT", 60)]),
    "WO2": ("Kiosk 4", [("BAGEL", 30)]),
    "WO3": ("Hotel Mare", [("SOURDOUGH", 10), ("RYE", 8), ("CROISSANT", 100)]),
}


@action(read_only=True)
def get_wholesale_order(order_id: str) -> WholesaleOrder:
    """A café's standing order for tomorrow with its lines."""
    c, ls = WORDERS[order_id]
    return WholesaleOrder(id=order_id, cafe=c, lines=[Line(sku=s, qty=q) for s, q in ls])


@action
def add_to_bake_plan(sku: str, qty: int) -> str:
    """Add a quantity of a product to tomorrow's bake plan."""
    effect("add_to_bake_plan", sku, qty)
    return "added"


bakery: Task[Any] = Task(
    "Add every line of the café's order to tomorrow's bake plan. Return how many lines you added.",
    name="r47_bakery_plan",
    inputs={"order_id": str},
    outputs={"lines": int},
    actions=[get_wholesale_order, add_to_bake_plan],
)


def bakery_ref(i: dict[str, Any]) -> Expected:
    ls = WORDERS[i["order_id"]][1]
    return Expected([("add_to_bake_plan", s, q) for s, q in ls], {"lines": len(ls)})


CASES.append(
    Case(
        task=bakery,
        features=("loop over result field", "copied", "count typed"),
        recorded={"order_id": "WO1"},
        answers=[
            say("Opening the order.", "get_wholesale_order", order_id=ref("order_id")),
            say("20 sourdough.", "add_to_bake_plan", sku="SOURDOUGH", qty=20),
            say("60 croissants.", "add_to_bake_plan", sku="CROISSANT", qty=60),
            say("Both lines added.", "finish", lines=2),
        ],
        reference=bakery_ref,
        held_out=[
            HeldOut("1 line", {"order_id": "WO2"}),
            HeldOut("3 lines", {"order_id": "WO3"}),
        ],
    )
)


# ---------- 11 museum tours: filter by number vs constant, decision in head, $ref by path, list
class TourBooking(BaseModel):
    id: str
    group_size: int


TOURS = {
    "2026-05-02": [("TB1", 12), ("TB2", 22), ("TB3", 18), ("TB4", 9)],
    "2026-05-03": [("TB9", 30)],
    "2026-05-04": [("TB11", 15), ("TB12", 10)],
    "2026-05-05": [],
}


@action(read_only=True)
def list_tour_bookings(date: str) -> list[TourBooking]:
    """Guided-tour bookings of a day with their group size."""
    return [TourBooking(id=b, group_size=g) for b, g in TOURS[date]]


@action
def assign_second_guide(booking_id: str) -> str:
    """Add a second guide to a tour."""
    effect("assign_second_guide", booking_id)
    return "assigned"


museum: Task[Any] = Task(
    "Groups of more than 15 need a second guide. Assign one to every such tour of the day and "
    "return the booking ids.",
    name="r47_museum_guides",
    inputs={"date": str},
    outputs={"bookings": list[str]},
    actions=[list_tour_bookings, assign_second_guide],
)


def museum_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b, g in TOURS[i["date"]] if g > 15]
    return Expected([("assign_second_guide", b) for b in ids], {"bookings": ids})


CASES.append(
    Case(
        task=museum,
        features=("decision in head", "$ref", "list copied"),
        recorded={"date": "2026-05-02"},
        answers=[
            say("Getting the day's tours.", "list_tour_bookings", date=ref("date")),
            say(
                "TB2 has 22 people.",
                "assign_second_guide",
                booking_id=ref("list_tour_bookings_1.1.id"),
            ),
            say("TB3 has 18.", "assign_second_guide", booking_id=ref("list_tour_bookings_1.2.id")),
            say("TB2 and TB3 got a second guide.", "finish", bookings=["TB2", "TB3"]),
        ],
        reference=museum_ref,
        held_out=[
            HeldOut("1 big group", {"date": "2026-05-03"}),
            HeldOut("15 exactly, none", {"date": "2026-05-04"}),
            HeldOut("no tours", {"date": "2026-05-05"}),
        ],
    )
)


# --------------------------- 12 hackathon: two loops in a row over filters of one listing
class Team(BaseModel):
    id: str
    submitted: bool


HACKS = {
    "spring": [("TM1", True), ("TM2", False), ("TM3", True), ("TM4", False)],
    "summer": [("TM8", True)],
    "autumn": [("TM9", False), ("TM10", True), ("TM11", True)],
    "winter": [],
}


@action(read_only=True)
def list_teams(event: str) -> list[Team]:
    """The teams of a hackathon and whether they submitted their project."""
    return [Team(id=t, submitted=s) for t, s in HACKS[event]]


@action
def send_to_judges(team_id: str) -> str:
    """Put a team's submission in the judges' queue."""
    effect("send_to_judges", team_id)
    return "queued"


@action
def send_deadline_reminder(team_id: str) -> str:
    """Remind a team that submissions close at 6pm."""
    effect("send_deadline_reminder", team_id)
    return "sent"


hack: Task[Any] = Task(
    "Send every team that submitted to the judges, then remind every team that hasn't submitted "
    "of the deadline. Return both lists of team ids.",
    name="r47_hackathon",
    inputs={"event": str},
    outputs={"judged": list[str], "reminded": list[str]},
    actions=[list_teams, send_to_judges, send_deadline_reminder],
)


def hack_ref(i: dict[str, Any]) -> Expected:
    ts = HACKS[i["event"]]
    j = [t for t, s in ts if s]
    r = [t for t, s in ts if not s]
    eff = [("send_to_judges", t) for t in j] + [("send_deadline_reminder", t) for t in r]
    return Expected(eff, {"judged": j, "reminded": r})


CASES.append(
    Case(
        task=hack,
        features=("two loops", "filter compute", "$ref", "lists by ref"),
        recorded={"event": "spring"},
        answers=[
            say("Listing the teams.", "list_teams", event=ref("event")),
            say(
                "Submitted ones.",
                "compute",
                expression="[t.id for t in list_teams_1 if t.submitted]",
            ),
            say(
                "Not yet submitted.",
                "compute",
                expression="[t.id for t in list_teams_1 if not t.submitted]",
            ),
            say("TM1 to the judges.", "send_to_judges", team_id=ref("compute_1.0")),
            say("TM3 to the judges.", "send_to_judges", team_id=ref("compute_1.1")),
            say("Reminding TM2.", "send_deadline_reminder", team_id=ref("compute_2.0")),
            say("Reminding TM4.", "send_deadline_reminder", team_id=ref("compute_2.1")),
            say("All done.", "finish", judged=ref("compute_1"), reminded=ref("compute_2")),
        ],
        reference=hack_ref,
        held_out=[
            HeldOut("1 submitted, 0 late", {"event": "summer"}),
            HeldOut("2 submitted, 1 late", {"event": "autumn"}),
            HeldOut("no teams", {"event": "winter"}),
        ],
    )
)


# -------------- 13 tree surgery: lookup each, compute vs constant, one side, ids copied into call
class TreeJob(BaseModel):
    id: str
    height_m: float


TJOBS = {"J1": 14.0, "J2": 6.5, "J3": 9.0, "J4": 22.0, "J5": 10.0, "J6": 11.0}
CREWS = {
    "north": ["J1", "J2", "J3"],
    "south": ["J4"],
    "east": ["J2", "J5"],
    "west": ["J6", "J4", "J3"],
}


@action(read_only=True)
def list_crew_jobs(crew: str) -> list[str]:
    """Ids of tomorrow's jobs of a tree surgery crew."""
    return list(CREWS[crew])


@action(read_only=True)
def get_tree_job(job_id: str) -> TreeJob:
    """A job with the height of the tree."""
    return TreeJob(id=job_id, height_m=TJOBS[job_id])


@action
def book_cherry_picker(job_id: str) -> str:
    """Hire a cherry picker for a job."""
    effect("book_cherry_picker", job_id)
    return "booked"


tree: Task[Any] = Task(
    "Hire a cherry picker for every job of the crew where the tree is taller than 10 metres. "
    "Return how many you hired.",
    name="r47_tree_picker",
    inputs={"crew": str},
    outputs={"hired": int},
    actions=[list_crew_jobs, get_tree_job, book_cherry_picker],
)


def tree_ref(i: dict[str, Any]) -> Expected:
    ids = [j for j in CREWS[i["crew"]] if TJOBS[j] > 10]
    return Expected([("book_cherry_picker", j) for j in ids], {"hired": len(ids)})


_tr = [say("Tomorrow's jobs.", "list_crew_jobs", crew=ref("crew"))]
for n, jid in enumerate(["J1", "J2", "J3"], start=1):
    _tr.append(say(f"Checking {jid}.", "get_tree_job", job_id=jid))
    _tr.append(say("Over 10 m?", "compute", expression=f"get_tree_job_{n}.height_m > 10"))
    if jid == "J1":
        _tr.append(say("14 m, hiring.", "book_cherry_picker", job_id="J1"))
_tr.append(say("One cherry picker hired.", "finish", hired=1))
CASES.append(
    Case(
        task=tree,
        features=("lookup each", "compute", "copied ids", "count typed"),
        recorded={"crew": "north"},
        answers=_tr,
        reference=tree_ref,
        held_out=[
            HeldOut("1 of 1", {"crew": "south"}),
            HeldOut("none (10 exactly)", {"crew": "east"}),
            HeldOut("2 of 3", {"crew": "west"}),
        ],
    )
)


# ------------- 14 cold chain: filter compute, act on subset, if any notify after, count by len
class Shipment(BaseModel):
    id: str
    max_temp_c: float


STORES = {
    "ST1": [("SH1", 5.0), ("SH2", 9.5), ("SH3", 7.9), ("SH4", 12.0)],
    "ST2": [("SH7", 10.1)],
    "ST3": [("SH8", 4.0), ("SH9", 8.0)],
    "ST4": [("SH5", 8.5), ("SH6", 9.0), ("SH10", 3.0)],
}


@action(read_only=True)
def list_shipments(store: str) -> list[Shipment]:
    """Today's vaccine and insulin deliveries to a pharmacy with the highest temperature logged."""
    return [Shipment(id=s, max_temp_c=t) for s, t in STORES[store]]


@action
def quarantine(shipment_id: str) -> str:
    """Quarantine a delivery until quality assurance releases it."""
    effect("quarantine", shipment_id)
    return "quarantined"


@action
def notify_pharmacist(store: str, message: str) -> str:
    """Message the store's duty pharmacist."""
    effect("notify_pharmacist", store, message)
    return "sent"


cold: Task[Any] = Task(
    "Quarantine every delivery to the store whose logger went above 8 °C. If you quarantined any, "
    "tell the duty pharmacist 'Check quarantine shelf'. Return how many you quarantined.",
    name="r47_cold_chain",
    inputs={"store": str},
    outputs={"quarantined": int},
    actions=[list_shipments, quarantine, notify_pharmacist],
)


def cold_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, t in STORES[i["store"]] if t > 8]
    eff: list[tuple[Any, ...]] = [("quarantine", s) for s in ids]
    if ids:
        eff.append(("notify_pharmacist", i["store"], "Check quarantine shelf"))
    return Expected(eff, {"quarantined": len(ids)})


CASES.append(
    Case(
        task=cold,
        features=("filter compute", "if any notify", "len compute"),
        recorded={"store": "ST1"},
        answers=[
            say("Reading today's deliveries.", "list_shipments", store=ref("store")),
            say(
                "Above 8 °C.",
                "compute",
                expression="[s for s in list_shipments_1 if s.max_temp_c > 8]",
            ),
            say("Quarantining SH2.", "quarantine", shipment_id=ref("compute_1.0.id")),
            say("Quarantining SH4.", "quarantine", shipment_id=ref("compute_1.1.id")),
            say(
                "Letting the pharmacist know.",
                "notify_pharmacist",
                store=ref("store"),
                message="Check quarantine shelf",
            ),
            say("How many.", "compute", expression="len(compute_1)"),
            say("Two quarantined.", "finish", quarantined=ref("compute_2")),
        ],
        reference=cold_ref,
        held_out=[
            HeldOut("1 warm", {"store": "ST2"}),
            HeldOut("none warm (8.0)", {"store": "ST3"}, new_path=True),
            HeldOut("2 of 3", {"store": "ST4"}),
        ],
    )
)


# -------------------- 15 rowing club: filter vs an input limit, list of ids returned by ref
class Boat(BaseModel):
    id: str
    hours_since_service: int


BOATS = {
    "main": [("B-Ada", 210), ("B-Bea", 90), ("B-Cat", 150), ("B-Dot", 40)],
    "juniors": [("J-1", 20), ("J-2", 30)],
    "masters": [("M-1", 400)],
}


@action(read_only=True)
def list_boats(boathouse: str) -> list[Boat]:
    """The boats of a boathouse with hours rowed since their last service."""
    return [Boat(id=b, hours_since_service=h) for b, h in BOATS[boathouse]]


@action
def schedule_service(boat_id: str) -> str:
    """Book a boat in for rigging service."""
    effect("schedule_service", boat_id)
    return "booked"


rowing: Task[Any] = Task(
    "Book a service for every boat of the boathouse rowed more hours than the limit since its last "
    "service. Return the boat ids.",
    name="r47_rowing_service",
    inputs={"boathouse": str, "limit": int},
    outputs={"serviced": list[str]},
    actions=[list_boats, schedule_service],
)


def rowing_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b, h in BOATS[i["boathouse"]] if h > i["limit"]]
    return Expected([("schedule_service", b) for b in ids], {"serviced": ids})


CASES.append(
    Case(
        task=rowing,
        features=("filter compute", "input threshold", "list by ref"),
        recorded={"boathouse": "main", "limit": 100},
        answers=[
            say("Boats of the boathouse.", "list_boats", boathouse=ref("boathouse")),
            say(
                "Over the limit.",
                "compute",
                expression="[b.id for b in list_boats_1 if b.hours_since_service > limit]",
            ),
            say("B-Ada.", "schedule_service", boat_id=ref("compute_1.0")),
            say("B-Cat.", "schedule_service", boat_id=ref("compute_1.1")),
            say("Booked both.", "finish", serviced=ref("compute_1")),
        ],
        reference=rowing_ref,
        held_out=[
            HeldOut("none over", {"boathouse": "juniors", "limit": 100}),
            HeldOut("1 over", {"boathouse": "masters", "limit": 100}),
            HeldOut("lower limit, 3", {"boathouse": "main", "limit": 60}),
        ],
    )
)


# ------------- 16 car rental returns: filtered subset, per-item number computed, count typed
class RentalReturn(BaseModel):
    id: str
    fuel_pct: int


BRANCHES = {
    "airport": [("RA1", 100), ("RA2", 60), ("RA3", 80)],
    "station": [("RS1", 100)],
    "centre": [("RC1", 25), ("RC2", 100), ("RC3", 50), ("RC4", 90)],
    "port": [("RP1", 40)],
}


@action(read_only=True)
def list_returns(branch: str) -> list[RentalReturn]:
    """Cars returned today at a branch with their fuel level in percent."""
    return [RentalReturn(id=r, fuel_pct=f) for r, f in BRANCHES[branch]]


@action
def charge_refuel(rental_id: str, litres: float) -> str:
    """Charge the renter for refuelling a number of litres."""
    effect("charge_refuel", rental_id, litres)
    return "charged"


rental: Task[Any] = Task(
    "Charge a refuel to every car returned at the branch without a full tank. The tanks hold 50 "
    "litres: charge the missing litres. Return how many renters you charged.",
    name="r47_rental_refuel",
    inputs={"branch": str},
    outputs={"charged": int},
    actions=[list_returns, charge_refuel],
)


def rental_ref(i: dict[str, Any]) -> Expected:
    rs = [(r, f) for r, f in BRANCHES[i["branch"]] if f < 100]
    return Expected(
        [("charge_refuel", r, (100 - f) * 50 / 100) for r, f in rs], {"charged": len(rs)}
    )


CASES.append(
    Case(
        task=rental,
        features=("filter compute", "per-item compute", "count typed"),
        recorded={"branch": "airport"},
        answers=[
            say("Today's returns.", "list_returns", branch=ref("branch")),
            say(
                "Not full.", "compute", expression="[r for r in list_returns_1 if r.fuel_pct < 100]"
            ),
            say(
                "Litres missing for RA2.",
                "compute",
                expression="(100 - compute_1[0].fuel_pct) * 50 / 100",
            ),
            say(
                "Charging RA2.",
                "charge_refuel",
                rental_id=ref("compute_1.0.id"),
                litres=ref("compute_2"),
            ),
            say(
                "Litres missing for RA3.",
                "compute",
                expression="(100 - compute_1[1].fuel_pct) * 50 / 100",
            ),
            say(
                "Charging RA3.",
                "charge_refuel",
                rental_id=ref("compute_1.1.id"),
                litres=ref("compute_3"),
            ),
            say("Two renters charged.", "finish", charged=2),
        ],
        reference=rental_ref,
        held_out=[
            HeldOut("all full", {"branch": "station"}),
            HeldOut("3 of 4", {"branch": "centre"}),
            HeldOut("1 of 1", {"branch": "port"}),
        ],
    )
)


# -------------- 17 pet insurance: lookup each, both sides (approve / reject with reason)
class PetClaim(BaseModel):
    id: str
    amount: float
    pre_existing: bool


PCLAIMS = {
    "PC1": (320.0, False),
    "PC2": (90.0, True),
    "PC3": (1200.0, False),
    "PC4": (45.0, True),
    "PC5": (600.0, False),
    "PC6": (75.0, False),
}
QUEUES = {
    "mon": ["PC1", "PC2", "PC3"],
    "tue": ["PC4"],
    "wed": ["PC5", "PC6"],
    "thu": [],
    "fri": ["PC2", "PC6", "PC4", "PC5"],
}


@action(read_only=True)
def list_claim_queue(day: str) -> list[str]:
    """Ids of the pet insurance claims submitted on a day."""
    return list(QUEUES[day])


@action(read_only=True)
def get_pet_claim(claim_id: str) -> PetClaim:
    """A claim with its amount and whether the vet marked the condition pre-existing."""
    a, p = PCLAIMS[claim_id]
    return PetClaim(id=claim_id, amount=a, pre_existing=p)


@action
def approve_claim(claim_id: str) -> str:
    """Approve a claim for payment."""
    effect("approve_claim", claim_id)
    return "approved"


@action
def reject_claim(claim_id: str, reason: str) -> str:
    """Reject a claim with a reason."""
    effect("reject_claim", claim_id, reason)
    return "rejected"


pet: Task[Any] = Task(
    "Go through the day's claims: reject those for a pre-existing condition with the reason "
    "'pre-existing condition', approve the rest. Return how many you approved and rejected.",
    name="r47_pet_claims",
    inputs={"day": str},
    outputs={"approved": int, "rejected": int},
    actions=[list_claim_queue, get_pet_claim, approve_claim, reject_claim],
)


def pet_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    a = r = 0
    for c in QUEUES[i["day"]]:
        if PCLAIMS[c][1]:
            eff.append(("reject_claim", c, "pre-existing condition"))
            r += 1
        else:
            eff.append(("approve_claim", c))
            a += 1
    return Expected(eff, {"approved": a, "rejected": r})


_pc = [say("The day's queue.", "list_claim_queue", day=ref("day"))]
for n, pre in enumerate([False, True, False], start=1):
    _pc.append(
        say("Opening the claim.", "get_pet_claim", claim_id=ref(f"list_claim_queue_1.{n-1}"))
    )
    _pc.append(say("Pre-existing?", "compute", expression=f"get_pet_claim_{n}.pre_existing"))
    if pre:
        _pc.append(
            say(
                "Rejecting.",
                "reject_claim",
                claim_id=ref(f"get_pet_claim_{n}.id"),
                reason="pre-existing condition",
            )
        )
    else:
        _pc.append(say("Approving.", "approve_claim", claim_id=ref(f"get_pet_claim_{n}.id")))
_pc.append(say("2 approved, 1 rejected.", "finish", approved=2, rejected=1))
CASES.append(
    Case(
        task=pet,
        features=("lookup each", "both sides", "constant reason", "two counts"),
        recorded={"day": "mon"},
        answers=_pc,
        reference=pet_ref,
        held_out=[
            HeldOut("1 rejected", {"day": "tue"}),
            HeldOut("2 approved", {"day": "wed"}),
            HeldOut("empty queue", {"day": "thu"}),
            HeldOut("2 and 2", {"day": "fri"}),
        ],
    )
)


# ---------------- 18 radio station: sum then one decision (flag or publish), other branch
class Ad(BaseModel):
    id: str
    seconds: int


SLOTS = {
    "0800": [("AD1", 60), ("AD2", 45), ("AD3", 30)],
    "0900": [("AD4", 60), ("AD5", 90)],
    "1000": [("AD6", 30), ("AD7", 30)],
    "1100": [("AD8", 120)],
}


@action(read_only=True)
def list_slot_ads(slot: str) -> list[Ad]:
    """The ads booked into an hourly ad break with their length in seconds."""
    return [Ad(id=a, seconds=s) for a, s in SLOTS[slot]]


@action
def flag_overbooked(slot: str, seconds: int) -> str:
    """Flag an ad break as overbooked for the sales team, with its total length."""
    effect("flag_overbooked", slot, seconds)
    return "flagged"


@action
def publish_break(slot: str) -> str:
    """Publish an ad break to the playout system."""
    effect("publish_break", slot)
    return "published"


radio: Task[Any] = Task(
    "An ad break may run at most 120 seconds. If the slot's ads run longer, flag it as overbooked "
    "with its total; otherwise publish it. Return the total seconds.",
    name="r47_radio_break",
    inputs={"slot": str},
    outputs={"seconds": int},
    actions=[list_slot_ads, flag_overbooked, publish_break],
)


def radio_ref(i: dict[str, Any]) -> Expected:
    tot = sum(s for _, s in SLOTS[i["slot"]])
    if tot > 120:
        return Expected([("flag_overbooked", i["slot"], tot)], {"seconds": tot})
    return Expected([("publish_break", i["slot"])], {"seconds": tot})


CASES.append(
    Case(
        task=radio,
        features=("sum compute", "one decision", "$ref"),
        recorded={"slot": "0800"},
        answers=[
            say("Ads in the slot.", "list_slot_ads", slot=ref("slot")),
            say("Total length.", "compute", expression="sum(a.seconds for a in list_slot_ads_1)"),
            say("Over 120?", "compute", expression="compute_1 > 120"),
            say("135 s, flagging.", "flag_overbooked", slot=ref("slot"), seconds=ref("compute_1")),
            say("Flagged, 135 seconds.", "finish", seconds=ref("compute_1")),
        ],
        reference=radio_ref,
        held_out=[
            HeldOut("150 s", {"slot": "0900"}),
            HeldOut("60 s", {"slot": "1000"}, new_path=True),
            HeldOut("120 s exactly", {"slot": "1100"}, new_path=True),
        ],
    )
)


# --------------- 19 observatory: list of dicts with $refs passed in one call (batch approve)
class ObsRequest(BaseModel):
    id: str
    telescope: str


NIGHTS = {
    "N1": [("OR1", "T-40"), ("OR2", "T-60")],
    "N2": [("OR5", "T-40")],
    "N3": [("OR6", "T-60"), ("OR7", "T-40"), ("OR8", "T-60")],
}


@action(read_only=True)
def list_observing_requests(night: str) -> list[ObsRequest]:
    """Observing requests for a night with the telescope asked for."""
    return [ObsRequest(id=r, telescope=t) for r, t in NIGHTS[night]]


@action
def approve_schedule(night: str, slots: list[dict[str, str]]) -> str:
    """Approve a night's schedule; ``slots`` is a list of ``{"request": id, "telescope": t}``."""
    effect("approve_schedule", night, tuple((s["request"], s["telescope"]) for s in slots))
    return "approved"


obs: Task[Any] = Task(
    "Approve the night's schedule with all its observing requests on the telescopes they asked "
    "for. Return how many requests.",
    name="r47_observatory",
    inputs={"night": str},
    outputs={"requests": int},
    actions=[list_observing_requests, approve_schedule],
)


def obs_ref(i: dict[str, Any]) -> Expected:
    rs = NIGHTS[i["night"]]
    return Expected([("approve_schedule", i["night"], tuple(rs))], {"requests": len(rs)})


CASES.append(
    Case(
        task=obs,
        features=("list of dicts with $refs", "batch call", "count typed"),
        recorded={"night": "N1"},
        answers=[
            say("Requests for the night.", "list_observing_requests", night=ref("night")),
            say(
                "Approving both.",
                "approve_schedule",
                night=ref("night"),
                slots=[
                    {
                        "request": ref("list_observing_requests_1.0.id"),
                        "telescope": ref("list_observing_requests_1.0.telescope"),
                    },
                    {
                        "request": ref("list_observing_requests_1.1.id"),
                        "telescope": ref("list_observing_requests_1.1.telescope"),
                    },
                ],
            ),
            say("2 requests approved.", "finish", requests=2),
        ],
        reference=obs_ref,
        held_out=[
            HeldOut("1 request", {"night": "N2"}),
            HeldOut("3 requests", {"night": "N3"}),
        ],
    )
)


# ------------ 20 resident parking permits: lookup each, bound in words vs days, $ref, ids list
class ResidentPermit(BaseModel):
    resident_id: str
    expires_in_days: int


PERMITS = {"RZ1": 12, "RZ2": 200, "RZ3": 30, "RZ4": 5, "RZ5": 31, "RZ6": 90}
STREETS = {
    "elm": ["RZ1", "RZ2", "RZ3"],
    "ash": ["RZ4"],
    "fir": ["RZ5", "RZ6"],
    "yew": ["RZ6", "RZ1", "RZ4", "RZ3"],
}


@action(read_only=True)
def list_street_residents(street: str) -> list[str]:
    """Ids of the residents of a street holding a parking permit."""
    return list(STREETS[street])


@action(read_only=True)
def get_resident_permit(resident_id: str) -> ResidentPermit:
    """A resident's permit with the days until it expires."""
    return ResidentPermit(resident_id=resident_id, expires_in_days=PERMITS[resident_id])


@action
def send_renewal_notice(resident_id: str) -> str:
    """Send the resident a permit renewal notice."""
    effect("send_renewal_notice", resident_id)
    return "sent"


permits: Task[Any] = Task(
    "Send a renewal notice to every resident of the street whose permit expires within 30 days. "
    "Return their ids.",
    name="r47_permit_renewals",
    inputs={"street": str},
    outputs={"notified": list[str]},
    actions=[list_street_residents, get_resident_permit, send_renewal_notice],
)


def permits_ref(i: dict[str, Any]) -> Expected:
    ids = [r for r in STREETS[i["street"]] if PERMITS[r] <= 30]
    return Expected([("send_renewal_notice", r) for r in ids], {"notified": ids})


_pm = [say("Residents of the street.", "list_street_residents", street=ref("street"))]
for n, due in enumerate([True, False, True], start=1):
    _pm.append(
        say("Permit.", "get_resident_permit", resident_id=ref(f"list_street_residents_1.{n-1}"))
    )
    _pm.append(
        say(
            "Within 30 days?",
            "compute",
            expression=f"get_resident_permit_{n}.expires_in_days <= 30",
        )
    )
    if due:
        _pm.append(
            say(
                "Notice.",
                "send_renewal_notice",
                resident_id=ref(f"get_resident_permit_{n}.resident_id"),
            )
        )
_pm.append(say("RZ1 and RZ3 notified.", "finish", notified=["RZ1", "RZ3"]))
CASES.append(
    Case(
        task=permits,
        features=("lookup each", "compute", "bound in words", "list copied"),
        recorded={"street": "elm"},
        answers=_pm,
        reference=permits_ref,
        held_out=[
            HeldOut("1 of 1", {"street": "ash"}),
            HeldOut("none (31 days)", {"street": "fir"}),
            HeldOut("3 of 4", {"street": "yew"}),
        ],
    )
)


# ------------- 21 glass recycling weigh-in: act on all + total kg compute, logged after loop
class Collection(BaseModel):
    bin_id: str
    kg: float


WEIGH = {
    "R1": [("GB1", 120.5), ("GB3", 98.0)],
    "R2": [("GB7", 40.0)],
    "R3": [("GB8", 80.0), ("GB9", 85.5), ("GB11", 110.0)],
}


@action(read_only=True)
def list_collections(route: str) -> list[Collection]:
    """Today's collections on a route with the weight of glass in each."""
    return [Collection(bin_id=b, kg=k) for b, k in WEIGH[route]]


@action
def reset_bin_sensor(bin_id: str) -> str:
    """Reset a bottle bank's fill sensor after emptying."""
    effect("reset_bin_sensor", bin_id)
    return "reset"


@action
def log_route_weight(route: str, kg: float) -> str:
    """Log a route's total collected weight for the council report."""
    effect("log_route_weight", route, kg)
    return "logged"


weigh: Task[Any] = Task(
    "Reset the sensor of every bottle bank emptied on the route today, then log the route's total "
    "weight. Return the total.",
    name="r47_glass_weighin",
    inputs={"route": str},
    outputs={"total_kg": float},
    actions=[list_collections, reset_bin_sensor, log_route_weight],
)


def weigh_ref(i: dict[str, Any]) -> Expected:
    cs = WEIGH[i["route"]]
    tot = sum(k for _, k in cs)
    eff: list[tuple[Any, ...]] = [("reset_bin_sensor", b) for b, _ in cs]
    eff.append(("log_route_weight", i["route"], tot))
    return Expected(eff, {"total_kg": tot})


CASES.append(
    Case(
        task=weigh,
        features=("act on all", "sum compute", "call after loop", "$ref"),
        recorded={"route": "R1"},
        answers=[
            say("Today's collections.", "list_collections", route=ref("route")),
            say("Reset GB1.", "reset_bin_sensor", bin_id=ref("list_collections_1.0.bin_id")),
            say("Reset GB3.", "reset_bin_sensor", bin_id=ref("list_collections_1.1.bin_id")),
            say("Total weight.", "compute", expression="sum(c.kg for c in list_collections_1)"),
            say("Logging 218.5 kg.", "log_route_weight", route=ref("route"), kg=ref("compute_1")),
            say("218.5 kg.", "finish", total_kg=ref("compute_1")),
        ],
        reference=weigh_ref,
        held_out=[
            HeldOut("1 bin", {"route": "R2"}),
            HeldOut("3 bins", {"route": "R3"}),
        ],
    )
)


# ------------- 22 bakery: per-item decision in head on a category word, two sides, copied
class Delivery(BaseModel):
    id: str
    cafe: str
    distance_km: float


DROPS = {
    "van1": [("D1", "Bean Cafe", 3.0), ("D2", "Hotel Mare", 18.0), ("D3", "Kiosk 4", 6.5)],
    "van2": [("D9", "Farm Shop", 25.0)],
    "van3": [("D4", "Deli", 2.0), ("D5", "Corner", 9.9)],
    "van4": [("D6", "Inn", 12.0), ("D7", "Cafe 7", 1.0), ("D8", "Mill", 30.0)],
}


@action(read_only=True)
def list_van_drops(van: str) -> list[Delivery]:
    """Tomorrow's drops of a delivery van with distance from the bakery."""
    return [Delivery(id=d, cafe=c, distance_km=k) for d, c, k in DROPS[van]]


@action
def book_courier(drop_id: str) -> str:
    """Hand a drop to the courier."""
    effect("book_courier", drop_id)
    return "booked"


@action
def add_to_van_route(drop_id: str) -> str:
    """Keep a drop on the van's own route."""
    effect("add_to_van_route", drop_id)
    return "added"


drops: Task[Any] = Task(
    "Drops more than 10 km from the bakery go by courier; the rest stay on the van's route. "
    "Return how many went by courier.",
    name="r47_bakery_courier",
    inputs={"van": str},
    outputs={"courier": int},
    actions=[list_van_drops, book_courier, add_to_van_route],
)


def drops_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    c = 0
    for d, _, k in DROPS[i["van"]]:
        if k > 10:
            eff.append(("book_courier", d))
            c += 1
        else:
            eff.append(("add_to_van_route", d))
    return Expected(eff, {"courier": c})


CASES.append(
    Case(
        task=drops,
        features=("both sides", "decision in head", "copied", "count typed"),
        recorded={"van": "van1"},
        answers=[
            say("Tomorrow's drops.", "list_van_drops", van=ref("van")),
            say("D1 is 3 km, van.", "add_to_van_route", drop_id="D1"),
            say("D2 is 18 km, courier.", "book_courier", drop_id="D2"),
            say("D3 is 6.5 km, van.", "add_to_van_route", drop_id="D3"),
            say("One by courier.", "finish", courier=1),
        ],
        reference=drops_ref,
        held_out=[
            HeldOut("1 courier only", {"van": "van2"}),
            HeldOut("0 courier", {"van": "van3"}),
            HeldOut("2 courier of 3", {"van": "van4"}),
        ],
    )
)


# ------------- 23 food bank volunteers: filter compute of ids passed whole in one batch call
class Volunteer(BaseModel):
    id: str
    available: bool


SHIFTS = {
    "sat-am": [("V1", True), ("V2", False), ("V3", True), ("V4", True)],
    "sat-pm": [("V5", True)],
    "sun-am": [("V6", False), ("V7", True)],
}


@action(read_only=True)
def list_shift_volunteers(shift: str) -> list[Volunteer]:
    """Volunteers signed up for a food bank shift and whether they confirmed availability."""
    return [Volunteer(id=v, available=a) for v, a in SHIFTS[shift]]


@action
def publish_rota(shift: str, volunteer_ids: list[str]) -> str:
    """Publish a shift's rota with the volunteers on it."""
    effect("publish_rota", shift, tuple(volunteer_ids))
    return "published"


rota: Task[Any] = Task(
    "Publish the shift's rota with every volunteer who confirmed they are available. Return their "
    "ids.",
    name="r47_foodbank_rota",
    inputs={"shift": str},
    outputs={"volunteers": list[str]},
    actions=[list_shift_volunteers, publish_rota],
)


def rota_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v, a in SHIFTS[i["shift"]] if a]
    return Expected([("publish_rota", i["shift"], tuple(ids))], {"volunteers": ids})


CASES.append(
    Case(
        task=rota,
        features=("filter compute", "batch call by ref", "list by ref"),
        recorded={"shift": "sat-am"},
        answers=[
            say("Who signed up?", "list_shift_volunteers", shift=ref("shift")),
            say(
                "Available ones.",
                "compute",
                expression="[v.id for v in list_shift_volunteers_1 if v.available]",
            ),
            say("Publishing.", "publish_rota", shift=ref("shift"), volunteer_ids=ref("compute_1")),
            say("Rota published.", "finish", volunteers=ref("compute_1")),
        ],
        reference=rota_ref,
        held_out=[
            HeldOut("1 volunteer", {"shift": "sat-pm"}),
            HeldOut("1 of 2", {"shift": "sun-am"}),
        ],
    )
)


# ----- 24 car rental damage: lookup each, decision in head on a word, per-item word copied, list
class Inspection(BaseModel):
    rental_id: str
    damage: str


DAMAGE = {
    "RD1": "none",
    "RD2": "scratch",
    "RD3": "dent",
    "RD4": "none",
    "RD5": "scratch",
    "RD6": "none",
}
RETURN_DAYS = {
    "mon": ["RD1", "RD2", "RD3"],
    "tue": ["RD4"],
    "wed": ["RD5", "RD6"],
    "thu": ["RD3", "RD4", "RD5"],
}


@action(read_only=True)
def list_returned_rentals(day: str) -> list[str]:
    """Ids of the rentals returned on a day."""
    return list(RETURN_DAYS[day])


@action(read_only=True)
def get_inspection(rental_id: str) -> Inspection:
    """The return inspection of a rental: the damage found (none, scratch, dent)."""
    return Inspection(rental_id=rental_id, damage=DAMAGE[rental_id])


@action
def open_damage_case(rental_id: str, damage: str) -> str:
    """Open a damage case against the renter."""
    effect("open_damage_case", rental_id, damage)
    return "opened"


damage: Task[Any] = Task(
    "Open a damage case for every rental returned on the day whose inspection found damage. "
    "Return the rental ids.",
    name="r47_rental_damage",
    inputs={"day": str},
    outputs={"cases": list[str]},
    actions=[list_returned_rentals, get_inspection, open_damage_case],
)


def damage_ref(i: dict[str, Any]) -> Expected:
    ids = [r for r in RETURN_DAYS[i["day"]] if DAMAGE[r] != "none"]
    return Expected([("open_damage_case", r, DAMAGE[r]) for r in ids], {"cases": ids})


_dm = [say("Returns of the day.", "list_returned_rentals", day=ref("day"))]
for rid in ["RD1", "RD2", "RD3"]:
    _dm.append(say(f"Inspection of {rid}.", "get_inspection", rental_id=rid))
    if DAMAGE[rid] != "none":
        _dm.append(
            say(f"{DAMAGE[rid]} found.", "open_damage_case", rental_id=rid, damage=DAMAGE[rid])
        )
_dm.append(say("Cases for RD2 and RD3.", "finish", cases=["RD2", "RD3"]))
CASES.append(
    Case(
        task=damage,
        features=("lookup each", "decision in head", "word copied", "list copied"),
        recorded={"day": "mon"},
        answers=_dm,
        reference=damage_ref,
        held_out=[
            HeldOut("none damaged", {"day": "tue"}),
            HeldOut("1 of 2", {"day": "wed"}),
            HeldOut("2 of 3", {"day": "thu"}),
        ],
    )
)

CASES = at_least_three(CASES)
