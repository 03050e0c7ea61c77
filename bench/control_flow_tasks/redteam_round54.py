"""Round 54: ordinary business tasks in new domains, varied agent styles, replayed on new inputs.

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


# ---------- 1 zoo: filter compute on a number vs a constant, $ref, count typed
class Animal(BaseModel):
    id: str
    species: str
    days_since_check: int


ZOO = {
    "savanna": [("A1", "zebra", 200), ("A2", "giraffe", 40), ("A3", "ostrich", 365)],
    "reptiles": [("A10", "iguana", 10)],
    "aviary": [],
    "primates": [("A20", "gibbon", 181), ("A21", "lemur", 190), ("A22", "tamarin", 400)],
}


@action(read_only=True)
def list_enclosure_animals(enclosure: str) -> list[Animal]:
    """Animals in an enclosure with the days since their last vet check."""
    return [Animal(id=i, species=s, days_since_check=d) for i, s, d in ZOO[enclosure]]


@action
def book_vet_check(animal_id: str) -> str:
    """Book a routine vet check for an animal."""
    effect("book_vet_check", animal_id)
    return "booked"


zoo: Task[Any] = Task(
    "Book a vet check for every animal in the enclosure whose last check was more than 180 days "
    "ago. Return how many checks you booked.",
    name="r54_zoo_checks",
    inputs={"enclosure": str},
    outputs={"booked": int},
    actions=[list_enclosure_animals, book_vet_check],
)


def zoo_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a, _, d in ZOO[i["enclosure"]] if d > 180]
    return Expected([("book_vet_check", a) for a in ids], {"booked": len(ids)})


CASES.append(
    Case(
        task=zoo,
        features=("filter compute", "$ref", "count typed"),
        recorded={"enclosure": "savanna"},
        answers=[
            say(
                "Listing the savanna animals.", "list_enclosure_animals", enclosure=ref("enclosure")
            ),
            say(
                "Which are overdue?",
                "compute",
                expression="[a for a in list_enclosure_animals_1 if a.days_since_check > 180]",
            ),
            say("Booking the zebra.", "book_vet_check", animal_id=ref("compute_1.0.id")),
            say("Booking the ostrich.", "book_vet_check", animal_id=ref("compute_1.1.id")),
            say("Booked 2 checks.", "finish", booked=2),
        ],
        reference=zoo_ref,
        held_out=[
            HeldOut("none overdue", {"enclosure": "reptiles"}),
            HeldOut("no animals", {"enclosure": "aviary"}),
            HeldOut("3 overdue", {"enclosure": "primates"}),
        ],
    )
)


# ---------- 2 bookbinding: loop over a field of a result, per-item field copied by $ref
class Book(BaseModel):
    id: str
    cover: str


class BindOrder(BaseModel):
    id: str
    books: list[Book]


BIND = {
    "BO1": [("K1", "leather"), ("K2", "cloth")],
    "BO2": [("K5", "cloth"), ("K6", "cloth"), ("K7", "paper")],
    "BO3": [("K9", "leather")],
    "BO4": [],
}


@action(read_only=True)
def get_binding_order(order_id: str) -> BindOrder:
    """A bookbinding order with its books and the cover each one gets."""
    return BindOrder(id=order_id, books=[Book(id=b, cover=c) for b, c in BIND[order_id]])


@action
def start_binding(book_id: str, cover: str) -> str:
    """Put a book on the bench to be bound with the given cover."""
    effect("start_binding", book_id, cover)
    return "started"


bind: Task[Any] = Task(
    "Start binding every book in the order, each with the cover the order asks for. Return how "
    "many books you started.",
    name="r54_bookbinding",
    inputs={"order_id": str},
    outputs={"started": int},
    actions=[get_binding_order, start_binding],
)


def bind_ref(i: dict[str, Any]) -> Expected:
    bs = BIND[i["order_id"]]
    return Expected([("start_binding", b, c) for b, c in bs], {"started": len(bs)})


CASES.append(
    Case(
        task=bind,
        features=("loop over field", "$ref per-item field", "count typed"),
        recorded={"order_id": "BO1"},
        answers=[
            say("Reading the order.", "get_binding_order", order_id=ref("order_id")),
            say(
                "K1 in leather.",
                "start_binding",
                book_id=ref("get_binding_order_1.books.0.id"),
                cover=ref("get_binding_order_1.books.0.cover"),
            ),
            say(
                "K2 in cloth.",
                "start_binding",
                book_id=ref("get_binding_order_1.books.1.id"),
                cover=ref("get_binding_order_1.books.1.cover"),
            ),
            say("Both started.", "finish", started=2),
        ],
        reference=bind_ref,
        held_out=[
            HeldOut("3 books", {"order_id": "BO2"}),
            HeldOut("1 book", {"order_id": "BO3"}),
            HeldOut("empty order", {"order_id": "BO4"}),
        ],
    )
)


# ---------- 3 ferry: act on all, value copied literally from the result, count typed
class Passenger(BaseModel):
    booking: str
    email: str


FERRY = {
    "0800": [("F1", "a@x.com"), ("F2", "b@x.com"), ("F3", "c@x.com")],
    "1000": [("F7", "g@x.com")],
    "1200": [],
    "1400": [("F9", "i@x.com"), ("F10", "j@x.com")],
}


@action(read_only=True)
def list_sailing_passengers(sailing: str) -> list[Passenger]:
    """Bookings on a ferry sailing, with the booker's email."""
    return [Passenger(booking=b, email=e) for b, e in FERRY[sailing]]


@action
def email_delay_notice(email: str, sailing: str) -> str:
    """Email a passenger that their sailing is delayed."""
    effect("email_delay_notice", email, sailing)
    return "sent"


ferry: Task[Any] = Task(
    "The sailing is delayed by an hour. Email every passenger booked on it a delay notice. Return "
    "how many passengers you emailed.",
    name="r54_ferry_delay",
    inputs={"sailing": str},
    outputs={"emailed": int},
    actions=[list_sailing_passengers, email_delay_notice],
)


def ferry_ref(i: dict[str, Any]) -> Expected:
    ps = FERRY[i["sailing"]]
    return Expected([("email_delay_notice", e, i["sailing"]) for _, e in ps], {"emailed": len(ps)})


CASES.append(
    Case(
        task=ferry,
        features=("act on all", "copied", "count typed"),
        recorded={"sailing": "0800"},
        answers=[
            say("Who is on the 08:00?", "list_sailing_passengers", sailing=ref("sailing")),
            say("Emailing a@x.com.", "email_delay_notice", email="a@x.com", sailing="0800"),
            say("Emailing b@x.com.", "email_delay_notice", email="b@x.com", sailing="0800"),
            say("Emailing c@x.com.", "email_delay_notice", email="c@x.com", sailing="0800"),
            say("All 3 passengers emailed.", "finish", emailed=3),
        ],
        reference=ferry_ref,
        held_out=[
            HeldOut("1 passenger", {"sailing": "1000"}),
            HeldOut("no passengers", {"sailing": "1200"}),
            HeldOut("2 passengers", {"sailing": "1400"}),
        ],
    )
)


# ---------- 4 student housing: lookup each, decision in head on a bool, both sides, lists copied
class RepairReq(BaseModel):
    id: str
    room: str
    urgent: bool


REQS = {
    "R1": ("101", True),
    "R2": ("102", False),
    "R3": ("205", False),
    "R4": ("301", True),
    "R5": ("302", True),
    "R6": ("303", False),
}
HALLS = {
    "north": ["R1", "R2", "R3"],
    "south": ["R4", "R5"],
    "east": ["R6"],
    "west": [],
    "mixed": ["R6", "R4"],
}


@action(read_only=True)
def list_repair_requests(hall: str) -> list[str]:
    """Ids of the open repair requests in a residence hall."""
    return list(HALLS[hall])


@action(read_only=True)
def get_repair_request(request_id: str) -> RepairReq:
    """A repair request with its room and whether it is urgent."""
    room, urgent = REQS[request_id]
    return RepairReq(id=request_id, room=room, urgent=urgent)


@action
def dispatch_today(request_id: str) -> str:
    """Send the on-call maintenance worker today."""
    effect("dispatch_today", request_id)
    return "dispatched"


@action
def schedule_next_week(request_id: str) -> str:
    """Put a repair on next week's maintenance rota."""
    effect("schedule_next_week", request_id)
    return "scheduled"


housing: Task[Any] = Task(
    "Go through the hall's open repair requests: dispatch the urgent ones today and schedule the "
    "rest for next week. Return the ids dispatched and the ids scheduled.",
    name="r54_housing_repairs",
    inputs={"hall": str},
    outputs={"dispatched": list[str], "scheduled": list[str]},
    actions=[list_repair_requests, get_repair_request, dispatch_today, schedule_next_week],
)


def housing_ref(i: dict[str, Any]) -> Expected:
    eff, d, s = [], [], []
    for r in HALLS[i["hall"]]:
        if REQS[r][1]:
            eff.append(("dispatch_today", r))
            d.append(r)
        else:
            eff.append(("schedule_next_week", r))
            s.append(r)
    return Expected(eff, {"dispatched": d, "scheduled": s})


CASES.append(
    Case(
        task=housing,
        features=("lookup each", "decision in head", "both sides", "lists copied"),
        recorded={"hall": "north"},
        answers=[
            say("Open requests in North hall.", "list_repair_requests", hall=ref("hall")),
            say("Looking at R1.", "get_repair_request", request_id="R1"),
            say("R1 is urgent: dispatching today.", "dispatch_today", request_id="R1"),
            say("Looking at R2.", "get_repair_request", request_id="R2"),
            say("R2 can wait.", "schedule_next_week", request_id="R2"),
            say("Looking at R3.", "get_repair_request", request_id="R3"),
            say("R3 can wait too.", "schedule_next_week", request_id="R3"),
            say("Done.", "finish", dispatched=["R1"], scheduled=["R2", "R3"]),
        ],
        reference=housing_ref,
        held_out=[
            HeldOut("2 urgent", {"hall": "south"}),
            HeldOut("1 not urgent", {"hall": "east"}),
            HeldOut("none", {"hall": "west"}),
            HeldOut("one of each", {"hall": "mixed"}),
        ],
    )
)


# ---------- 5 brewery: filter compute vs an input limit, list returned by $ref
class Tank(BaseModel):
    id: str
    beer: str
    days: int


TANKS = {
    "main": [("T1", "lager", 21), ("T2", "ipa", 9), ("T3", "stout", 14)],
    "annex": [("T7", "pils", 3)],
    "pilot": [("T9", "sour", 30), ("T10", "ale", 12)],
    "closed": [],
}


@action(read_only=True)
def list_fermenters(cellar: str) -> list[Tank]:
    """Fermenting tanks in a cellar, with the beer and the days it has fermented."""
    return [Tank(id=t, beer=b, days=d) for t, b, d in TANKS[cellar]]


@action
def transfer_to_conditioning(tank_id: str) -> str:
    """Move a tank's beer to a conditioning tank."""
    effect("transfer_to_conditioning", tank_id)
    return "moved"


brew: Task[Any] = Task(
    "Move every fermenter in the cellar that has fermented at least the given number of days to "
    "conditioning. Return the tank ids you moved.",
    name="r54_brewery_transfer",
    inputs={"cellar": str, "min_days": int},
    outputs={"moved": list[str]},
    actions=[list_fermenters, transfer_to_conditioning],
)


def brew_ref(i: dict[str, Any]) -> Expected:
    ids = [t for t, _, d in TANKS[i["cellar"]] if d >= i["min_days"]]
    return Expected([("transfer_to_conditioning", t) for t in ids], {"moved": ids})


CASES.append(
    Case(
        task=brew,
        features=("filter compute vs input", "list by $ref"),
        recorded={"cellar": "main", "min_days": 14},
        answers=[
            say("Reading the main cellar.", "list_fermenters", cellar=ref("cellar")),
            say(
                "Tanks at or past the minimum.",
                "compute",
                expression="[t.id for t in list_fermenters_1 if t.days >= min_days]",
            ),
            say("Moving T1.", "transfer_to_conditioning", tank_id=ref("compute_1.0")),
            say("Moving T3.", "transfer_to_conditioning", tank_id=ref("compute_1.1")),
            say("Moved T1 and T3.", "finish", moved=ref("compute_1")),
        ],
        reference=brew_ref,
        held_out=[
            HeldOut("none ready", {"cellar": "annex", "min_days": 14}),
            HeldOut("other limit", {"cellar": "pilot", "min_days": 10}),
            HeldOut("empty cellar", {"cellar": "closed", "min_days": 7}),
            HeldOut("low limit", {"cellar": "main", "min_days": 5}),
        ],
    )
)


# ---------- 6 print-on-demand: one decision (compute) on a field, two actions
class PodOrder(BaseModel):
    id: str
    country: str
    items: int


PODS = {"P1": ("US", 2), "P2": ("US", 5), "P3": ("DE", 1), "P4": ("US", 1), "P5": ("JP", 3)}


@action(read_only=True)
def get_print_order(order_id: str) -> PodOrder:
    """A print-on-demand order with its shipping country and item count."""
    c, n = PODS[order_id]
    return PodOrder(id=order_id, country=c, items=n)


@action
def ship_domestic(order_id: str) -> str:
    """Ship an order with the domestic carrier."""
    effect("ship_domestic", order_id)
    return "label"


@action
def ship_international(order_id: str) -> str:
    """Ship an order with the international carrier (customs form included)."""
    effect("ship_international", order_id)
    return "label"


pod: Task[Any] = Task(
    "Ship the printed order: orders to the US go with the domestic carrier, all others with the "
    "international carrier. Return the carrier you used ('domestic' or 'international').",
    name="r54_pod_ship",
    inputs={"order_id": str},
    outputs={"carrier": str},
    actions=[get_print_order, ship_domestic, ship_international],
)


def pod_ref(i: dict[str, Any]) -> Expected:
    if PODS[i["order_id"]][0] == "US":
        return Expected([("ship_domestic", i["order_id"])], {"carrier": "domestic"})
    return Expected([("ship_international", i["order_id"])], {"carrier": "international"})


CASES.append(
    Case(
        task=pod,
        features=("one decision", "compute", "$ref"),
        recorded={"order_id": "P1"},
        answers=[
            say("Reading the order.", "get_print_order", order_id=ref("order_id")),
            say(
                "Is it going to the US?", "compute", expression="get_print_order_1.country == 'US'"
            ),
            say("US order: domestic carrier.", "ship_domestic", order_id=ref("order_id")),
            say("Shipped domestic.", "finish", carrier="domestic"),
        ],
        reference=pod_ref,
        held_out=[
            HeldOut("other US order", {"order_id": "P2"}),
            HeldOut("US, 1 item", {"order_id": "P4"}),
            HeldOut("Germany", {"order_id": "P3"}, new_path=True),
            HeldOut("Japan", {"order_id": "P5"}, new_path=True),
        ],
    )
)


# ---------- 7 recycling depot: per-item number worked out in a compute from an input rate
class DropOff(BaseModel):
    id: str
    member_id: str
    kg: float


DROPS = {
    "mon": [("D1", "M1", 12.0), ("D2", "M2", 5.5)],
    "tue": [("D5", "M7", 20.0)],
    "wed": [],
    "thu": [("D8", "M1", 2.0), ("D9", "M3", 8.0), ("D10", "M4", 1.5)],
}


@action(read_only=True)
def list_drop_offs(day: str) -> list[DropOff]:
    """Scrap-metal drop-offs at the depot on a day, with the weight in kg."""
    return [DropOff(id=d, member_id=m, kg=k) for d, m, k in DROPS[day]]


@action
def credit_member(member_id: str, amount: float) -> str:
    """Credit a depot member's account."""
    effect("credit_member", member_id, round(amount, 2))
    return "credited"


recycle: Task[Any] = Task(
    "Credit each member who dropped off scrap on the day with the weight times the rate per kg. "
    "Return how many members you credited.",
    name="r54_recycling_credit",
    inputs={"day": str, "rate": float},
    outputs={"credited": int},
    actions=[list_drop_offs, credit_member],
)


def recycle_ref(i: dict[str, Any]) -> Expected:
    ds = DROPS[i["day"]]
    return Expected(
        [("credit_member", m, round(k * i["rate"], 2)) for _, m, k in ds], {"credited": len(ds)}
    )


CASES.append(
    Case(
        task=recycle,
        features=("per-item compute", "input rate", "count typed"),
        recorded={"day": "mon", "rate": 0.5},
        answers=[
            say("Monday's drop-offs.", "list_drop_offs", day=ref("day")),
            say("Credit for D1.", "compute", expression="list_drop_offs_1[0].kg * rate"),
            say(
                "Crediting M1 6.0.",
                "credit_member",
                member_id=ref("list_drop_offs_1.0.member_id"),
                amount=ref("compute_1"),
            ),
            say("Credit for D2.", "compute", expression="list_drop_offs_1[1].kg * rate"),
            say(
                "Crediting M2 2.75.",
                "credit_member",
                member_id=ref("list_drop_offs_1.1.member_id"),
                amount=ref("compute_2"),
            ),
            say("Credited 2 members.", "finish", credited=2),
        ],
        reference=recycle_ref,
        held_out=[
            HeldOut("1 drop-off", {"day": "tue", "rate": 0.5}),
            HeldOut("none", {"day": "wed", "rate": 0.5}),
            HeldOut("3, other rate", {"day": "thu", "rate": 0.8}),
        ],
    )
)


# ---------- 8 piano tuning: act on all, phone copied, list of ids copied in finish
class TuneClient(BaseModel):
    id: str
    name: str
    phone: str


TUNING = {
    "march": [("C1", "Ames", "555-0101"), ("C2", "Bell", "555-0102")],
    "april": [("C5", "Cole", "555-0105"), ("C6", "Dunn", "555-0106"), ("C7", "Eyre", "555-0107")],
    "may": [],
    "june": [("C9", "Fox", "555-0109")],
}


@action(read_only=True)
def list_clients_due(month: str) -> list[TuneClient]:
    """Clients whose yearly piano tuning falls in a month."""
    return [TuneClient(id=c, name=n, phone=p) for c, n, p in TUNING[month]]


@action
def text_booking_link(phone: str) -> str:
    """Text a client the link to book their tuning."""
    effect("text_booking_link", phone)
    return "sent"


piano: Task[Any] = Task(
    "Text a booking link to every client whose tuning is due this month. Return the ids of the "
    "clients you texted.",
    name="r54_piano_due",
    inputs={"month": str},
    outputs={"texted": list[str]},
    actions=[list_clients_due, text_booking_link],
)


def piano_ref(i: dict[str, Any]) -> Expected:
    cs = TUNING[i["month"]]
    return Expected([("text_booking_link", p) for _, _, p in cs], {"texted": [c for c, _, _ in cs]})


CASES.append(
    Case(
        task=piano,
        features=("act on all", "copied", "list copied"),
        recorded={"month": "march"},
        answers=[
            say("Who is due in March?", "list_clients_due", month=ref("month")),
            say("Texting Ames.", "text_booking_link", phone="555-0101"),
            say("Texting Bell.", "text_booking_link", phone="555-0102"),
            say("Both texted.", "finish", texted=["C1", "C2"]),
        ],
        reference=piano_ref,
        held_out=[
            HeldOut("3 due", {"month": "april"}),
            HeldOut("none due", {"month": "may"}),
            HeldOut("1 due", {"month": "june"}),
        ],
    )
)


# ---------- 9 phone repair: decision in head on a status word, ids copied, list copied
class Repair(BaseModel):
    id: str
    model: str
    status: str


REPAIRS = {
    "downtown": [
        ("J1", "Pixel 7", "fixed"),
        ("J2", "iPhone 12", "waiting parts"),
        ("J3", "Galaxy S21", "fixed"),
    ],
    "mall": [("J10", "iPhone 13", "waiting parts")],
    "airport": [],
    "station": [
        ("J20", "Moto G", "fixed"),
        ("J21", "iPhone 11", "in progress"),
        ("J22", "Pixel 6", "fixed"),
        ("J23", "Galaxy A5", "fixed"),
    ],
}


@action(read_only=True)
def list_repairs(shop: str) -> list[Repair]:
    """Repairs at a shop, with their status (in progress, waiting parts, fixed)."""
    return [Repair(id=i, model=m, status=s) for i, m, s in REPAIRS[shop]]


@action
def notify_ready_for_pickup(repair_id: str) -> str:
    """Tell the customer their phone is ready to collect."""
    effect("notify_ready_for_pickup", repair_id)
    return "notified"


phone: Task[Any] = Task(
    "Tell every customer whose repair is fixed that their phone is ready for pickup. Return the "
    "repair ids you notified.",
    name="r54_phone_pickup",
    inputs={"shop": str},
    outputs={"notified": list[str]},
    actions=[list_repairs, notify_ready_for_pickup],
)


def phone_ref(i: dict[str, Any]) -> Expected:
    ids = [r for r, _, s in REPAIRS[i["shop"]] if s == "fixed"]
    return Expected([("notify_ready_for_pickup", r) for r in ids], {"notified": ids})


CASES.append(
    Case(
        task=phone,
        features=("decision in head", "copied", "list copied"),
        recorded={"shop": "downtown"},
        answers=[
            say("Repairs at the downtown shop.", "list_repairs", shop=ref("shop")),
            say("J1 is fixed.", "notify_ready_for_pickup", repair_id="J1"),
            say(
                "J2 still waits for parts; J3 is fixed.", "notify_ready_for_pickup", repair_id="J3"
            ),
            say("Notified J1 and J3.", "finish", notified=["J1", "J3"]),
        ],
        reference=phone_ref,
        held_out=[
            HeldOut("none fixed", {"shop": "mall"}),
            HeldOut("no repairs", {"shop": "airport"}),
            HeldOut("3 of 4 fixed", {"shop": "station"}),
        ],
    )
)


# ---------- 10 surf school: one decision on a forecast, then cancel all lessons of the day
class Forecast(BaseModel):
    beach: str
    wind_kt: int


WIND = {"north": 32, "south": 12, "bay": 28, "reef": 40}
LESSONS = {"north": ["L1", "L2"], "south": ["L5"], "bay": ["L8", "L9", "L10"], "reef": []}


@action(read_only=True)
def get_forecast(beach: str) -> Forecast:
    """Tomorrow's wind forecast for a beach, in knots."""
    return Forecast(beach=beach, wind_kt=WIND[beach])


@action(read_only=True)
def list_lessons(beach: str) -> list[str]:
    """Ids of tomorrow's lessons at a beach."""
    return list(LESSONS[beach])


@action
def cancel_lesson(lesson_id: str) -> str:
    """Cancel a lesson and tell the students."""
    effect("cancel_lesson", lesson_id)
    return "cancelled"


surf: Task[Any] = Task(
    "If tomorrow's wind at the beach is over 25 knots, cancel all of tomorrow's lessons there. "
    "Return how many lessons you cancelled.",
    name="r54_surf_wind",
    inputs={"beach": str},
    outputs={"cancelled": int},
    actions=[get_forecast, list_lessons, cancel_lesson],
)


def surf_ref(i: dict[str, Any]) -> Expected:
    b = i["beach"]
    if WIND[b] <= 25:
        return Expected([], {"cancelled": 0})
    return Expected(
        [("cancel_lesson", lesson) for lesson in LESSONS[b]], {"cancelled": len(LESSONS[b])}
    )


CASES.append(
    Case(
        task=surf,
        features=("one decision", "then act on all", "count typed"),
        recorded={"beach": "north"},
        answers=[
            say("Checking the wind.", "get_forecast", beach=ref("beach")),
            say("Over 25 knots?", "compute", expression="get_forecast_1.wind_kt > 25"),
            say("32 knots: too windy. Listing lessons.", "list_lessons", beach=ref("beach")),
            say("Cancelling L1.", "cancel_lesson", lesson_id=ref("list_lessons_1.0")),
            say("Cancelling L2.", "cancel_lesson", lesson_id=ref("list_lessons_1.1")),
            say("Cancelled 2 lessons.", "finish", cancelled=2),
        ],
        reference=surf_ref,
        held_out=[
            HeldOut("windy, 3 lessons", {"beach": "bay"}),
            HeldOut("windy, no lessons", {"beach": "reef"}),
            HeldOut("calm", {"beach": "south"}, new_path=True),
        ],
    )
)


# ---------- 11 bike lane survey: filter compute returning ids vs a constant, list by $ref
class Segment(BaseModel):
    id: str
    potholes: int


STREETS = {
    "high st": [("S1", 4), ("S2", 0), ("S3", 3), ("S4", 1)],
    "mill rd": [("S10", 2)],
    "canal way": [("S20", 7), ("S21", 5)],
    "new ave": [],
}


@action(read_only=True)
def list_lane_segments(street: str) -> list[Segment]:
    """Bike-lane segments surveyed on a street, with the potholes counted on each."""
    return [Segment(id=s, potholes=p) for s, p in STREETS[street]]


@action
def file_repair_ticket(segment_id: str) -> str:
    """File a road-repair ticket for a bike-lane segment."""
    effect("file_repair_ticket", segment_id)
    return "filed"


lanes: Task[Any] = Task(
    "File a repair ticket for every bike-lane segment on the street with 3 or more potholes. "
    "Return the segment ids you filed tickets for.",
    name="r54_bike_lanes",
    inputs={"street": str},
    outputs={"tickets": list[str]},
    actions=[list_lane_segments, file_repair_ticket],
)


def lanes_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, p in STREETS[i["street"]] if p >= 3]
    return Expected([("file_repair_ticket", s) for s in ids], {"tickets": ids})


CASES.append(
    Case(
        task=lanes,
        features=("filter compute ids", "list by $ref"),
        recorded={"street": "high st"},
        answers=[
            say("Survey of High St.", "list_lane_segments", street=ref("street")),
            say(
                "Segments with 3+ potholes.",
                "compute",
                expression="[s.id for s in list_lane_segments_1 if s.potholes >= 3]",
            ),
            say("Ticket for S1.", "file_repair_ticket", segment_id=ref("compute_1.0")),
            say("Ticket for S3.", "file_repair_ticket", segment_id=ref("compute_1.1")),
            say("Filed 2 tickets.", "finish", tickets=ref("compute_1")),
        ],
        reference=lanes_ref,
        held_out=[
            HeldOut("none bad", {"street": "mill rd"}),
            HeldOut("both bad", {"street": "canal way"}),
            HeldOut("not surveyed", {"street": "new ave"}),
        ],
    )
)


# ---------- 12 church hall: lookup each, compute decision per item, both sides, counts typed
class HallRequest(BaseModel):
    id: str
    group: str
    hours: int


HALLREQ = {
    "Q1": ("choir", 2),
    "Q2": ("wedding", 8),
    "Q3": ("yoga", 3),
    "Q4": ("party", 6),
    "Q5": ("scouts", 4),
    "Q6": ("fair", 10),
}
WEEKS = {
    "w10": ["Q1", "Q2", "Q3"],
    "w11": ["Q4", "Q6"],
    "w12": ["Q5"],
    "w13": [],
    "w14": ["Q6", "Q5", "Q1"],
}


@action(read_only=True)
def list_hall_requests(week: str) -> list[str]:
    """Ids of booking requests for the church hall in a week."""
    return list(WEEKS[week])


@action(read_only=True)
def get_hall_request(request_id: str) -> HallRequest:
    """A hall booking request with the group and the hours asked for."""
    g, h = HALLREQ[request_id]
    return HallRequest(id=request_id, group=g, hours=h)


@action
def approve_booking(request_id: str) -> str:
    """Approve a hall booking."""
    effect("approve_booking", request_id)
    return "approved"


@action
def refer_to_committee(request_id: str) -> str:
    """Send a hall booking to the parish committee to decide."""
    effect("refer_to_committee", request_id)
    return "referred"


church: Task[Any] = Task(
    "Go through the week's hall requests: approve any of 4 hours or less, refer longer ones to "
    "the committee. Return how many you approved and how many you referred.",
    name="r54_church_hall",
    inputs={"week": str},
    outputs={"approved": int, "referred": int},
    actions=[list_hall_requests, get_hall_request, approve_booking, refer_to_committee],
)


def church_ref(i: dict[str, Any]) -> Expected:
    eff, a, r = [], 0, 0
    for q in WEEKS[i["week"]]:
        if HALLREQ[q][1] <= 4:
            eff.append(("approve_booking", q))
            a += 1
        else:
            eff.append(("refer_to_committee", q))
            r += 1
    return Expected(eff, {"approved": a, "referred": r})


CASES.append(
    Case(
        task=church,
        features=("lookup each", "compute per item", "both sides", "counts typed"),
        recorded={"week": "w10"},
        answers=[
            say("Requests for week 10.", "list_hall_requests", week=ref("week")),
            say("Reading Q1.", "get_hall_request", request_id=ref("list_hall_requests_1.0")),
            say("4 hours or less?", "compute", expression="get_hall_request_1.hours <= 4"),
            say(
                "Choir, 2 hours: approve.",
                "approve_booking",
                request_id=ref("get_hall_request_1.id"),
            ),
            say("Reading Q2.", "get_hall_request", request_id=ref("list_hall_requests_1.1")),
            say("4 hours or less?", "compute", expression="get_hall_request_2.hours <= 4"),
            say(
                "Wedding, 8 hours: committee.",
                "refer_to_committee",
                request_id=ref("get_hall_request_2.id"),
            ),
            say("Reading Q3.", "get_hall_request", request_id=ref("list_hall_requests_1.2")),
            say("4 hours or less?", "compute", expression="get_hall_request_3.hours <= 4"),
            say(
                "Yoga, 3 hours: approve.",
                "approve_booking",
                request_id=ref("get_hall_request_3.id"),
            ),
            say("Approved 2, referred 1.", "finish", approved=2, referred=1),
        ],
        reference=church_ref,
        held_out=[
            HeldOut("2 long", {"week": "w11"}),
            HeldOut("1 short", {"week": "w12"}),
            HeldOut("none", {"week": "w13"}),
            HeldOut("mixed order", {"week": "w14"}),
        ],
    )
)


# ---------- 13 courier depot: one batch call with a list of $refs inside
class Parcel(BaseModel):
    id: str
    postcode: str


ROUTES = {
    "r1": [("X1", "AB1"), ("X2", "AB2")],
    "r2": [("X5", "CD1"), ("X6", "CD2"), ("X7", "CD3")],
    "r3": [("X9", "EF1")],
}


@action(read_only=True)
def list_route_parcels(route: str) -> list[Parcel]:
    """Parcels sorted to a delivery route."""
    return [Parcel(id=p, postcode=c) for p, c in ROUTES[route]]


@action
def load_van(van: str, parcel_ids: list[str]) -> str:
    """Record that these parcels were loaded onto a van."""
    effect("load_van", van, tuple(parcel_ids))
    return "loaded"


courier: Task[Any] = Task(
    "Load all of the route's parcels onto the given van in one go. Return how many parcels you "
    "loaded.",
    name="r54_courier_load",
    inputs={"route": str, "van": str},
    outputs={"loaded": int},
    actions=[list_route_parcels, load_van],
)


def courier_ref(i: dict[str, Any]) -> Expected:
    ps = [p for p, _ in ROUTES[i["route"]]]
    return Expected([("load_van", i["van"], tuple(ps))], {"loaded": len(ps)})


CASES.append(
    Case(
        task=courier,
        features=("batch call", "list of $refs", "count typed"),
        recorded={"route": "r1", "van": "V-3"},
        answers=[
            say("Parcels on route r1.", "list_route_parcels", route=ref("route")),
            say(
                "Loading both onto V-3.",
                "load_van",
                van=ref("van"),
                parcel_ids=[ref("list_route_parcels_1.0.id"), ref("list_route_parcels_1.1.id")],
            ),
            say("Loaded 2 parcels.", "finish", loaded=2),
        ],
        reference=courier_ref,
        held_out=[
            HeldOut("3 parcels", {"route": "r2", "van": "V-3"}),
            HeldOut("1 parcel, other van", {"route": "r3", "van": "V-8"}),
            HeldOut("same route, other van", {"route": "r1", "van": "V-5"}),
        ],
    )
)


# ---------- 14 school canteen: filter on a negative balance, amount per item, if any tell head
class PupilBal(BaseModel):
    id: str
    name: str
    balance: float


CANTEEN = {
    "3A": [("U1", "Ann", -4.5), ("U2", "Ben", 10.0), ("U3", "Cal", -2.0)],
    "3B": [("U10", "Dee", 5.0)],
    "3C": [("U20", "Eli", -8.0)],
    "3D": [],
}


@action(read_only=True)
def list_canteen_balances(class_name: str) -> list[PupilBal]:
    """Canteen account balances for the pupils of a class (negative = owes money)."""
    return [PupilBal(id=p, name=n, balance=b) for p, n, b in CANTEEN[class_name]]


@action
def send_parent_letter(pupil_id: str, balance: float) -> str:
    """Send the parents a letter asking them to top up a negative canteen balance."""
    effect("send_parent_letter", pupil_id, balance)
    return "sent"


@action
def notify_head_teacher(class_name: str, letters: int) -> str:
    """Tell the head teacher how many top-up letters went out for a class."""
    effect("notify_head_teacher", class_name, letters)
    return "ok"


canteen: Task[Any] = Task(
    "Send a top-up letter to the parents of every pupil in the class with a negative canteen "
    "balance, stating the balance. If you sent any, tell the head teacher how many. Return the "
    "number of letters.",
    name="r54_canteen_letters",
    inputs={"class_name": str},
    outputs={"letters": int},
    actions=[list_canteen_balances, send_parent_letter, notify_head_teacher],
)


def canteen_ref(i: dict[str, Any]) -> Expected:
    neg = [(p, b) for p, _, b in CANTEEN[i["class_name"]] if b < 0]
    eff: list[Any] = [("send_parent_letter", p, b) for p, b in neg]
    if neg:
        eff.append(("notify_head_teacher", i["class_name"], len(neg)))
    return Expected(eff, {"letters": len(neg)})


CASES.append(
    Case(
        task=canteen,
        features=("filter compute", "per-item field", "if any notify", "count typed"),
        recorded={"class_name": "3A"},
        answers=[
            say("Balances for 3A.", "list_canteen_balances", class_name=ref("class_name")),
            say(
                "Who is in the red?",
                "compute",
                expression="[p for p in list_canteen_balances_1 if p.balance < 0]",
            ),
            say(
                "Letter for Ann.",
                "send_parent_letter",
                pupil_id=ref("compute_1.0.id"),
                balance=ref("compute_1.0.balance"),
            ),
            say(
                "Letter for Cal.",
                "send_parent_letter",
                pupil_id=ref("compute_1.1.id"),
                balance=ref("compute_1.1.balance"),
            ),
            say(
                "Telling the head: 2 letters.",
                "notify_head_teacher",
                class_name=ref("class_name"),
                letters=2,
            ),
            say("2 letters sent.", "finish", letters=2),
        ],
        reference=canteen_ref,
        held_out=[
            HeldOut("1 in the red", {"class_name": "3C"}),
            HeldOut("nobody owes", {"class_name": "3B"}, new_path=True),
            HeldOut("empty class", {"class_name": "3D"}, new_path=True),
        ],
    )
)


# ---------- 15 florist: act on all standing orders, two calls per item, $ref fields
class StandingOrder(BaseModel):
    id: str
    customer_id: str
    bouquet: str


FLOWERS = {
    "fri": [("O1", "CU1", "roses"), ("O2", "CU2", "tulips")],
    "sat": [("O5", "CU5", "lilies")],
    "sun": [],
    "mon": [("O7", "CU7", "roses"), ("O8", "CU8", "peonies"), ("O9", "CU9", "mixed")],
}


@action(read_only=True)
def list_standing_orders(day: str) -> list[StandingOrder]:
    """Weekly standing flower orders due on a day."""
    return [StandingOrder(id=o, customer_id=c, bouquet=b) for o, c, b in FLOWERS[day]]


@action
def make_up_bouquet(order_id: str, bouquet: str) -> str:
    """Put a bouquet on the workbench for an order."""
    effect("make_up_bouquet", order_id, bouquet)
    return "queued"


@action
def charge_customer(customer_id: str) -> str:
    """Charge the customer's card on file for their standing order."""
    effect("charge_customer", customer_id)
    return "charged"


florist: Task[Any] = Task(
    "For each standing order due today, queue its bouquet and charge the customer. Return how many "
    "orders you processed.",
    name="r54_florist_standing",
    inputs={"day": str},
    outputs={"processed": int},
    actions=[list_standing_orders, make_up_bouquet, charge_customer],
)


def florist_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    for o, c, b in FLOWERS[i["day"]]:
        eff += [("make_up_bouquet", o, b), ("charge_customer", c)]
    return Expected(eff, {"processed": len(FLOWERS[i["day"]])})


CASES.append(
    Case(
        task=florist,
        features=("act on all", "two calls per item", "$ref fields", "count typed"),
        recorded={"day": "fri"},
        answers=[
            say("Friday's standing orders.", "list_standing_orders", day=ref("day")),
            say(
                "Roses for O1.",
                "make_up_bouquet",
                order_id=ref("list_standing_orders_1.0.id"),
                bouquet=ref("list_standing_orders_1.0.bouquet"),
            ),
            say(
                "Charging CU1.",
                "charge_customer",
                customer_id=ref("list_standing_orders_1.0.customer_id"),
            ),
            say(
                "Tulips for O2.",
                "make_up_bouquet",
                order_id=ref("list_standing_orders_1.1.id"),
                bouquet=ref("list_standing_orders_1.1.bouquet"),
            ),
            say(
                "Charging CU2.",
                "charge_customer",
                customer_id=ref("list_standing_orders_1.1.customer_id"),
            ),
            say("Processed 2 orders.", "finish", processed=2),
        ],
        reference=florist_ref,
        held_out=[
            HeldOut("1 order", {"day": "sat"}),
            HeldOut("none", {"day": "sun"}),
            HeldOut("3 orders", {"day": "mon"}),
        ],
    )
)


# ---------- 16 driving school: decision in head on a number vs a constant, ids copied, list copied
class Learner(BaseModel):
    id: str
    name: str
    lessons: int


LEARNERS = {
    "kay": [("ST1", "Ola", 22), ("ST2", "Pia", 8), ("ST3", "Raj", 20)],
    "lee": [("ST7", "Sue", 12)],
    "max": [("ST9", "Tom", 30), ("ST10", "Uma", 25)],
    "ned": [],
}


@action(read_only=True)
def list_instructor_learners(instructor: str) -> list[Learner]:
    """An instructor's learners with the number of lessons each has taken."""
    return [Learner(id=i, name=n, lessons=k) for i, n, k in LEARNERS[instructor]]


@action
def book_driving_test(learner_id: str) -> str:
    """Book a practical driving test for a learner."""
    effect("book_driving_test", learner_id)
    return "booked"


driving: Task[Any] = Task(
    "Book a driving test for each of the instructor's learners who has taken at least 20 lessons. "
    "Return the learner ids you booked.",
    name="r54_driving_tests",
    inputs={"instructor": str},
    outputs={"booked": list[str]},
    actions=[list_instructor_learners, book_driving_test],
)


def driving_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, _, k in LEARNERS[i["instructor"]] if k >= 20]
    return Expected([("book_driving_test", s) for s in ids], {"booked": ids})


CASES.append(
    Case(
        task=driving,
        features=("decision in head", "number vs constant", "copied", "list copied"),
        recorded={"instructor": "kay"},
        answers=[
            say("Kay's learners.", "list_instructor_learners", instructor=ref("instructor")),
            say("Ola has 22 lessons: booking.", "book_driving_test", learner_id="ST1"),
            say("Pia only 8. Raj has exactly 20: booking.", "book_driving_test", learner_id="ST3"),
            say("Booked Ola and Raj.", "finish", booked=["ST1", "ST3"]),
        ],
        reference=driving_ref,
        held_out=[
            HeldOut("none ready", {"instructor": "lee"}),
            HeldOut("both ready", {"instructor": "max"}),
            HeldOut("no learners", {"instructor": "ned"}),
        ],
    )
)


# ---------- 17 campsite: refund each departing pitch's deposit (field by $ref), sum compute
class Departure(BaseModel):
    pitch: str
    deposit: float


CAMP = {
    "d1": [("P1", 50.0), ("P2", 30.0)],
    "d2": [("P7", 75.0)],
    "d3": [],
    "d4": [("P9", 20.0), ("P10", 50.0), ("P11", 40.0)],
}


@action(read_only=True)
def list_departures(day: str) -> list[Departure]:
    """Pitches checking out on a day, with the deposit held for each."""
    return [Departure(pitch=p, deposit=d) for p, d in CAMP[day]]


@action
def refund_deposit(pitch: str, amount: float) -> str:
    """Refund a pitch's deposit to the guest's card."""
    effect("refund_deposit", pitch, amount)
    return "refunded"


camp: Task[Any] = Task(
    "Refund the deposit of every pitch checking out today. Return the total amount refunded.",
    name="r54_campsite_deposits",
    inputs={"day": str},
    outputs={"total": float},
    actions=[list_departures, refund_deposit],
)


def camp_ref(i: dict[str, Any]) -> Expected:
    ds = CAMP[i["day"]]
    return Expected([("refund_deposit", p, d) for p, d in ds], {"total": sum(d for _, d in ds)})


CASES.append(
    Case(
        task=camp,
        features=("act on all", "$ref field", "sum compute"),
        recorded={"day": "d1"},
        answers=[
            say("Today's departures.", "list_departures", day=ref("day")),
            say(
                "Refunding P1.",
                "refund_deposit",
                pitch=ref("list_departures_1.0.pitch"),
                amount=ref("list_departures_1.0.deposit"),
            ),
            say(
                "Refunding P2.",
                "refund_deposit",
                pitch=ref("list_departures_1.1.pitch"),
                amount=ref("list_departures_1.1.deposit"),
            ),
            say(
                "Total refunded.", "compute", expression="sum(d.deposit for d in list_departures_1)"
            ),
            say("Refunded 80.", "finish", total=ref("compute_1")),
        ],
        reference=camp_ref,
        held_out=[
            HeldOut("1 pitch", {"day": "d2"}),
            HeldOut("nobody leaves", {"day": "d3"}),
            HeldOut("3 pitches", {"day": "d4"}),
        ],
    )
)


# ---------- 18 tailoring: one decision, same action with a different constant per side
class Alteration(BaseModel):
    id: str
    garment: str
    due_in_days: int


ALTS = {
    "J1": ("suit", 1),
    "J2": ("dress", 2),
    "J3": ("coat", 6),
    "J4": ("shirt", 0),
    "J5": ("trousers", 10),
}


@action(read_only=True)
def get_alteration(job_id: str) -> Alteration:
    """An alteration job with the garment and how many days until it is due."""
    g, d = ALTS[job_id]
    return Alteration(id=job_id, garment=g, due_in_days=d)


@action
def assign_tailor(job_id: str, tailor: str) -> str:
    """Assign an alteration job to a tailor ('senior' or 'junior')."""
    effect("assign_tailor", job_id, tailor)
    return "assigned"


tailor: Task[Any] = Task(
    "Assign the alteration job: if it is due within 2 days give it to the senior tailor, "
    "otherwise to the junior tailor. Return who you assigned it to.",
    name="r54_tailor_assign",
    inputs={"job_id": str},
    outputs={"tailor": str},
    actions=[get_alteration, assign_tailor],
)


def tailor_ref(i: dict[str, Any]) -> Expected:
    t = "senior" if ALTS[i["job_id"]][1] <= 2 else "junior"
    return Expected([("assign_tailor", i["job_id"], t)], {"tailor": t})


CASES.append(
    Case(
        task=tailor,
        features=("one decision", "compute", "same action other constant"),
        recorded={"job_id": "J1"},
        answers=[
            say("Reading job J1.", "get_alteration", job_id=ref("job_id")),
            say("Due within 2 days?", "compute", expression="get_alteration_1.due_in_days <= 2"),
            say(
                "Due tomorrow: senior tailor.",
                "assign_tailor",
                job_id=ref("job_id"),
                tailor="senior",
            ),
            say("Assigned to the senior tailor.", "finish", tailor="senior"),
        ],
        reference=tailor_ref,
        held_out=[
            HeldOut("due in 2 days", {"job_id": "J2"}),
            HeldOut("due today", {"job_id": "J4"}),
            HeldOut("due in 6 days", {"job_id": "J3"}, new_path=True),
            HeldOut("due in 10 days", {"job_id": "J5"}, new_path=True),
        ],
    )
)


# ---------- 19 pottery studio: two loops in a row over two different lists
class Member(BaseModel):
    id: str
    email: str


DUE = {
    "clay": [("PM1", "p1@x"), ("PM2", "p2@x")],
    "wheel": [("PM5", "p5@x")],
    "kiln": [],
    "glaze": [("PM8", "p8@x"), ("PM9", "p9@x"), ("PM10", "p10@x")],
}
LAPSED = {"clay": ["PM3"], "wheel": [], "kiln": ["PM6", "PM7"], "glaze": ["PM11"]}


@action(read_only=True)
def list_renewals_due(studio: str) -> list[Member]:
    """Members whose studio membership renews this month."""
    return [Member(id=m, email=e) for m, e in DUE[studio]]


@action(read_only=True)
def list_lapsed_members(studio: str) -> list[str]:
    """Ids of members whose membership lapsed over 90 days ago."""
    return list(LAPSED[studio])


@action
def send_renewal_invoice(member_id: str) -> str:
    """Email a member the invoice for their renewal."""
    effect("send_renewal_invoice", member_id)
    return "sent"


@action
def release_shelf(member_id: str) -> str:
    """Free a lapsed member's storage shelf."""
    effect("release_shelf", member_id)
    return "released"


pottery: Task[Any] = Task(
    "Send a renewal invoice to every member due to renew this month, then free the storage shelf "
    "of every lapsed member. Return how many invoices you sent and how many shelves you freed.",
    name="r54_pottery_members",
    inputs={"studio": str},
    outputs={"invoices": int, "shelves": int},
    actions=[list_renewals_due, list_lapsed_members, send_renewal_invoice, release_shelf],
)


def pottery_ref(i: dict[str, Any]) -> Expected:
    s = i["studio"]
    eff: list[Any] = [("send_renewal_invoice", m) for m, _ in DUE[s]]
    eff += [("release_shelf", m) for m in LAPSED[s]]
    return Expected(eff, {"invoices": len(DUE[s]), "shelves": len(LAPSED[s])})


CASES.append(
    Case(
        task=pottery,
        features=("two loops in a row", "$ref", "counts typed"),
        recorded={"studio": "clay"},
        answers=[
            say("Renewals due.", "list_renewals_due", studio=ref("studio")),
            say(
                "Invoice for PM1.",
                "send_renewal_invoice",
                member_id=ref("list_renewals_due_1.0.id"),
            ),
            say(
                "Invoice for PM2.",
                "send_renewal_invoice",
                member_id=ref("list_renewals_due_1.1.id"),
            ),
            say("Now the lapsed members.", "list_lapsed_members", studio=ref("studio")),
            say("Freeing PM3's shelf.", "release_shelf", member_id=ref("list_lapsed_members_1.0")),
            say("2 invoices, 1 shelf.", "finish", invoices=2, shelves=1),
        ],
        reference=pottery_ref,
        held_out=[
            HeldOut("1 due, none lapsed", {"studio": "wheel"}),
            HeldOut("none due, 2 lapsed", {"studio": "kiln"}),
            HeldOut("3 due, 1 lapsed", {"studio": "glaze"}),
        ],
    )
)


# ---------- 20 window cleaning: lookup customer per job, act only on paid-up ones, decision in head
class CleanJob(BaseModel):
    id: str
    customer_id: str
    address: str


class Customer(BaseModel):
    id: str
    paid_up: bool


JOBS = {
    "mon": [("W1", "K1", "1 Elm"), ("W2", "K2", "2 Oak"), ("W3", "K3", "3 Ash")],
    "tue": [("W5", "K5", "5 Fir")],
    "wed": [("W7", "K2", "7 Yew"), ("W8", "K6", "8 Bay")],
    "thu": [],
}
PAID = {"K1": True, "K2": False, "K3": True, "K5": True, "K6": True}


@action(read_only=True)
def list_cleaning_jobs(day: str) -> list[CleanJob]:
    """Window-cleaning jobs planned for a day."""
    return [CleanJob(id=j, customer_id=c, address=a) for j, c, a in JOBS[day]]


@action(read_only=True)
def get_customer(customer_id: str) -> Customer:
    """A customer and whether their account is paid up."""
    return Customer(id=customer_id, paid_up=PAID[customer_id])


@action
def confirm_job(job_id: str) -> str:
    """Confirm a cleaning job to the crew and the customer."""
    effect("confirm_job", job_id)
    return "confirmed"


windows: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs, but only for customers whose account is paid up. "
    "Return how many jobs you confirmed.",
    name="r54_window_jobs",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_cleaning_jobs, get_customer, confirm_job],
)


def windows_ref(i: dict[str, Any]) -> Expected:
    ids = [j for j, c, _ in JOBS[i["day"]] if PAID[c]]
    return Expected([("confirm_job", j) for j in ids], {"confirmed": len(ids)})


CASES.append(
    Case(
        task=windows,
        features=("lookup each", "decision in head", "one side", "count typed"),
        recorded={"day": "mon"},
        answers=[
            say("Monday's jobs.", "list_cleaning_jobs", day=ref("day")),
            say(
                "Is K1 paid up?",
                "get_customer",
                customer_id=ref("list_cleaning_jobs_1.0.customer_id"),
            ),
            say("Yes: confirming W1.", "confirm_job", job_id=ref("list_cleaning_jobs_1.0.id")),
            say(
                "Is K2 paid up?",
                "get_customer",
                customer_id=ref("list_cleaning_jobs_1.1.customer_id"),
            ),
            say(
                "Is K3 paid up?",
                "get_customer",
                customer_id=ref("list_cleaning_jobs_1.2.customer_id"),
            ),
            say(
                "K2 owes money, K3 is fine: confirming W3.",
                "confirm_job",
                job_id=ref("list_cleaning_jobs_1.2.id"),
            ),
            say("Confirmed 2 jobs.", "finish", confirmed=2),
        ],
        reference=windows_ref,
        held_out=[
            HeldOut("1 paid", {"day": "tue"}),
            HeldOut("one owes", {"day": "wed"}),
            HeldOut("no jobs", {"day": "thu"}),
        ],
    )
)


# ---------- 21 museum archive: dict argument with $refs inside, per request, list copied
class ArchiveReq(BaseModel):
    id: str
    box: str
    reader: str


ARCH = {
    "am": [("AR1", "BX-12", "rd7"), ("AR2", "BX-40", "rd9")],
    "pm": [("AR5", "BX-3", "rd2")],
    "eve": [],
    "sat": [("AR8", "BX-1", "rd1"), ("AR9", "BX-2", "rd1"), ("AR10", "BX-77", "rd4")],
}


@action(read_only=True)
def list_retrieval_requests(session: str) -> list[ArchiveReq]:
    """Reading-room requests for archive boxes in a session."""
    return [ArchiveReq(id=r, box=b, reader=d) for r, b, d in ARCH[session]]


@action
def fetch_box(slip: dict[str, str]) -> str:
    """Send a retrieval slip ({'box': ..., 'reader': ...}) to the stacks."""
    effect("fetch_box", slip["box"], slip["reader"])
    return "fetching"


archive: Task[Any] = Task(
    "Send the stacks a retrieval slip for every box requested in the session. Return the request "
    "ids you sent slips for.",
    name="r54_archive_slips",
    inputs={"session": str},
    outputs={"sent": list[str]},
    actions=[list_retrieval_requests, fetch_box],
)


def archive_ref(i: dict[str, Any]) -> Expected:
    rs = ARCH[i["session"]]
    return Expected([("fetch_box", b, d) for _, b, d in rs], {"sent": [r for r, _, _ in rs]})


CASES.append(
    Case(
        task=archive,
        features=("dict argument with $refs", "act on all", "list copied"),
        recorded={"session": "am"},
        answers=[
            say("Morning requests.", "list_retrieval_requests", session=ref("session")),
            say(
                "Slip for BX-12.",
                "fetch_box",
                slip={
                    "box": ref("list_retrieval_requests_1.0.box"),
                    "reader": ref("list_retrieval_requests_1.0.reader"),
                },
            ),
            say(
                "Slip for BX-40.",
                "fetch_box",
                slip={
                    "box": ref("list_retrieval_requests_1.1.box"),
                    "reader": ref("list_retrieval_requests_1.1.reader"),
                },
            ),
            say("Both slips sent.", "finish", sent=["AR1", "AR2"]),
        ],
        reference=archive_ref,
        held_out=[
            HeldOut("1 request", {"session": "pm"}),
            HeldOut("none", {"session": "eve"}),
            HeldOut("3 requests", {"session": "sat"}),
        ],
    )
)


# ---------- 22 ferry vehicles: lookup each by copied id, decision in head on a length, one side
class VehicleBooking(BaseModel):
    id: str
    length_m: float


VEH = {"V1": 7.5, "V2": 4.2, "V3": 5.0, "V4": 8.0, "V5": 6.5, "V6": 3.9}
VSAIL = {"0900": ["V1", "V2", "V3"], "1100": ["V4", "V5"], "1300": ["V6"], "1500": []}


@action(read_only=True)
def list_vehicle_bookings(sailing: str) -> list[str]:
    """Ids of the vehicle bookings on a sailing."""
    return list(VSAIL[sailing])


@action(read_only=True)
def get_vehicle_booking(booking_id: str) -> VehicleBooking:
    """A vehicle booking with the vehicle's length in metres."""
    return VehicleBooking(id=booking_id, length_m=VEH[booking_id])


@action
def charge_oversize_fee(booking_id: str) -> str:
    """Charge the oversize-vehicle supplement on a booking."""
    effect("charge_oversize_fee", booking_id)
    return "charged"


vehicles: Task[Any] = Task(
    "Check each vehicle booked on the sailing and charge the oversize supplement for any vehicle "
    "longer than 6 metres. Return how many supplements you charged.",
    name="r54_ferry_oversize",
    inputs={"sailing": str},
    outputs={"charged": int},
    actions=[list_vehicle_bookings, get_vehicle_booking, charge_oversize_fee],
)


def vehicles_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in VSAIL[i["sailing"]] if VEH[v] > 6]
    return Expected([("charge_oversize_fee", v) for v in ids], {"charged": len(ids)})


CASES.append(
    Case(
        task=vehicles,
        features=("lookup each", "decision in head", "one side", "copied ids", "count typed"),
        recorded={"sailing": "0900"},
        answers=[
            say("Vehicles on the 09:00.", "list_vehicle_bookings", sailing=ref("sailing")),
            say("Checking V1.", "get_vehicle_booking", booking_id="V1"),
            say("7.5 m: oversize.", "charge_oversize_fee", booking_id="V1"),
            say("Checking V2.", "get_vehicle_booking", booking_id="V2"),
            say("4.2 m is fine. Checking V3.", "get_vehicle_booking", booking_id="V3"),
            say("5 m is fine. One supplement charged.", "finish", charged=1),
        ],
        reference=vehicles_ref,
        held_out=[
            HeldOut("2 oversize", {"sailing": "1100"}),
            HeldOut("1 small", {"sailing": "1300"}),
            HeldOut("no vehicles", {"sailing": "1500"}),
        ],
    )
)


# ---------- 23 recycling depot volunteers: act on every item of an input list, constant word
@action
def assign_shift(volunteer_id: str, shift: str) -> str:
    """Put a volunteer on a shift ('early' or 'late')."""
    effect("assign_shift", volunteer_id, shift)
    return "assigned"


rota: Task[Any] = Task(
    "Put each of these volunteers on Saturday's early shift. Return how many you assigned.",
    name="r54_depot_rota",
    inputs={"volunteers": list[str]},
    outputs={"assigned": int},
    actions=[assign_shift],
)


def rota_ref(i: dict[str, Any]) -> Expected:
    vs = i["volunteers"]
    return Expected([("assign_shift", v, "early") for v in vs], {"assigned": len(vs)})


CASES.append(
    Case(
        task=rota,
        features=("input list", "constant word", "count typed"),
        recorded={"volunteers": ["VL1", "VL2", "VL3"]},
        answers=[
            say("VL1 to the early shift.", "assign_shift", volunteer_id="VL1", shift="early"),
            say("VL2 to the early shift.", "assign_shift", volunteer_id="VL2", shift="early"),
            say("VL3 to the early shift.", "assign_shift", volunteer_id="VL3", shift="early"),
            say("Assigned 3.", "finish", assigned=3),
        ],
        reference=rota_ref,
        held_out=[
            HeldOut("2 others", {"volunteers": ["VL7", "VL8"]}),
            HeldOut("1", {"volunteers": ["VL4"]}),
            HeldOut("none", {"volunteers": []}),
            HeldOut("4", {"volunteers": ["VL1", "VL5", "VL6", "VL9"]}),
        ],
    )
)


# ---------- 24 surf school wetsuits: filter on a bool with `not`, amount from an input, ids by $ref
class WetsuitRental(BaseModel):
    id: str
    returned: bool


SUITS = {
    "sat": [("WS1", True), ("WS2", False), ("WS3", True), ("WS4", False)],
    "sun": [("WS7", True)],
    "mon": [("WS9", False)],
    "tue": [],
}


@action(read_only=True)
def list_wetsuit_rentals(day: str) -> list[WetsuitRental]:
    """Wetsuit rentals from a day, and whether each suit came back."""
    return [WetsuitRental(id=w, returned=r) for w, r in SUITS[day]]


@action
def charge_late_fee(rental_id: str, amount: float) -> str:
    """Charge the renter's card a late-return fee."""
    effect("charge_late_fee", rental_id, amount)
    return "charged"


suits: Task[Any] = Task(
    "Charge the late fee to every wetsuit rental from that day that hasn't been returned. Return "
    "the rental ids you charged.",
    name="r54_wetsuit_late",
    inputs={"day": str, "fee": float},
    outputs={"charged": list[str]},
    actions=[list_wetsuit_rentals, charge_late_fee],
)


def suits_ref(i: dict[str, Any]) -> Expected:
    ids = [w for w, r in SUITS[i["day"]] if not r]
    return Expected([("charge_late_fee", w, i["fee"]) for w in ids], {"charged": ids})


CASES.append(
    Case(
        task=suits,
        features=("filter compute not", "input amount", "list by $ref"),
        recorded={"day": "sat", "fee": 15.0},
        answers=[
            say("Saturday's rentals.", "list_wetsuit_rentals", day=ref("day")),
            say(
                "Not returned yet:",
                "compute",
                expression="[w.id for w in list_wetsuit_rentals_1 if not w.returned]",
            ),
            say(
                "Charging WS2.", "charge_late_fee", rental_id=ref("compute_1.0"), amount=ref("fee")
            ),
            say(
                "Charging WS4.", "charge_late_fee", rental_id=ref("compute_1.1"), amount=ref("fee")
            ),
            say("Charged WS2 and WS4.", "finish", charged=ref("compute_1")),
        ],
        reference=suits_ref,
        held_out=[
            HeldOut("all returned", {"day": "sun", "fee": 15.0}),
            HeldOut("1 late, other fee", {"day": "mon", "fee": 20.0}),
            HeldOut("no rentals", {"day": "tue", "fee": 15.0}),
        ],
    )
)
CASES = at_least_three(CASES)
