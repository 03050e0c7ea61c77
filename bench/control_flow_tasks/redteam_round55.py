"""Round 55 red team (api): batch counts named for an argument key or an inflected verb, decisions
in the head with one action given one of two words, numbers with commas."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------- A1 van loading: the batch answer lists refused parcels (no number); loaded typed
class Parcel(BaseModel):
    id: str
    kg: float


ROUTES = {
    "north": [("P1", 4.0), ("P2", 7.5)],
    "south": [("P5", 3.0), ("P6", 80.0), ("P7", 2.0)],
    "east": [("P9", 95.0)],
    "west": [("P11", 1.0), ("P12", 2.0), ("P13", 3.0)],
}


@action(read_only=True)
def list_route_parcels(route: str) -> list[Parcel]:
    """Parcels waiting at the depot for a delivery route."""
    return [Parcel(id=i, kg=k) for i, k in ROUTES[route]]


@action
def load_van(parcel_ids: list[str]) -> dict[str, Any]:
    """Load parcels onto the route's van. The van refuses any parcel over 50 kg; the answer
    lists the refused parcel ids."""
    kg = {i: k for r in ROUTES.values() for i, k in r}
    refused = [p for p in parcel_ids if kg[p] > 50]
    effect("load_van", tuple(p for p in parcel_ids if kg[p] <= 50))
    return {"refused": refused}


van: Task[Any] = Task(
    "Load all of the route's parcels onto the van in one go. Return how many parcels were "
    "actually loaded (the van refuses some).",
    name="r55_van_loaded",
    inputs={"route": str},
    outputs={"loaded": int},
    actions=[list_route_parcels, load_van],
)


def van_ref(i: dict[str, Any]) -> Expected:
    ok = tuple(p for p, k in ROUTES[i["route"]] if k <= 50)
    return Expected([("load_van", ok)], {"loaded": len(ok)})


CASES.append(
    Case(
        task=van,
        features=("batch call", "count typed", "answer lists refusals"),
        recorded={"route": "north"},
        answers=[
            say("Parcels for the route.", "list_route_parcels", route=ref("route")),
            say(
                "Loading both.",
                "load_van",
                parcel_ids=[ref("list_route_parcels_1.0.id"), ref("list_route_parcels_1.1.id")],
            ),
            say("Nothing refused: 2 loaded.", "finish", loaded=2),
        ],
        reference=van_ref,
        held_out=[
            HeldOut("3 ok", {"route": "west"}),
            HeldOut("1 of 3 refused", {"route": "south"}),
            HeldOut("all refused", {"route": "east"}),
        ],
    )
)


# ---------- A2 dinner booking: count named for the argument key, but it is a headcount
class Rsvp(BaseModel):
    name: str
    plus_ones: int


RSVPS = {
    "gala": [("Ann", 0), ("Ben", 0)],
    "lunch": [("Cy", 1), ("Di", 0)],
    "brunch": [("Ed", 0), ("Fay", 0), ("Gus", 0)],
    "party": [("Hal", 2)],
}


@action(read_only=True)
def list_rsvps(event: str) -> list[Rsvp]:
    """Who said yes to an event, with how many plus-ones each brings."""
    return [Rsvp(name=n, plus_ones=p) for n, p in RSVPS[event]]


@action
def book_dinner(event: str, guests: list[str]) -> str:
    """Book the restaurant for the event's guests (by name; the restaurant asks plus-ones on
    the night)."""
    effect("book_dinner", event, tuple(guests))
    return "booked"


dinner: Task[Any] = Task(
    "Book the dinner for everyone who said yes to the event. Return the number of guests "
    "coming, counting their plus-ones, so the kitchen can plan.",
    name="r55_dinner_headcount",
    inputs={"event": str},
    outputs={"guests": int},
    actions=[list_rsvps, book_dinner],
)


def dinner_ref(i: dict[str, Any]) -> Expected:
    rs = RSVPS[i["event"]]
    return Expected(
        [("book_dinner", i["event"], tuple(n for n, _ in rs))],
        {"guests": sum(1 + p for _, p in rs)},
    )


CASES.append(
    Case(
        task=dinner,
        features=("batch call", "count named for the key", "headcount"),
        recorded={"event": "gala"},
        answers=[
            say("Who is coming?", "list_rsvps", event=ref("event")),
            say(
                "Booking Ann and Ben.",
                "book_dinner",
                event=ref("event"),
                guests=[ref("list_rsvps_1.0.name"), ref("list_rsvps_1.1.name")],
            ),
            say("No plus-ones, so 2 guests.", "finish", guests=2),
        ],
        reference=dinner_ref,
        held_out=[
            HeldOut("3 alone", {"event": "brunch"}),
            HeldOut("1 plus-one", {"event": "lunch"}),
            HeldOut("1 with 2 plus-ones", {"event": "party"}),
        ],
    )
)


# ---------- A3 bike rental: 'rented' (inflected verb) counts bikes, not bookings
class BikeBooking(BaseModel):
    id: str
    bikes: int


BIKE_DAYS = {
    "sat": [("B1", 1), ("B2", 1)],
    "sun": [("B3", 2), ("B4", 1)],
    "mon": [("B5", 1)],
    "tue": [("B6", 1), ("B7", 1), ("B8", 1)],
}


@action(read_only=True)
def list_bike_bookings(day: str) -> list[BikeBooking]:
    """Bike bookings for a day, with how many bikes each one is for."""
    return [BikeBooking(id=i, bikes=b) for i, b in BIKE_DAYS[day]]


@action
def rent_out(booking_ids: list[str]) -> str:
    """Hand out the bikes of the given bookings and start their rental clocks."""
    effect("rent_out", tuple(booking_ids))
    return "ok"


bikes: Task[Any] = Task(
    "Start every booking of the day. Return how many bikes were rented out.",
    name="r55_bikes_rented",
    inputs={"day": str},
    outputs={"rented": int},
    actions=[list_bike_bookings, rent_out],
)


def bikes_ref(i: dict[str, Any]) -> Expected:
    bs = BIKE_DAYS[i["day"]]
    return Expected([("rent_out", tuple(b for b, _ in bs))], {"rented": sum(n for _, n in bs)})


CASES.append(
    Case(
        task=bikes,
        features=("batch call", "inflected verb count", "sum not length"),
        recorded={"day": "sat"},
        answers=[
            say("Bookings for the day.", "list_bike_bookings", day=ref("day")),
            say(
                "Starting both.",
                "rent_out",
                booking_ids=[ref("list_bike_bookings_1.0.id"), ref("list_bike_bookings_1.1.id")],
            ),
            say("One bike each: 2 rented.", "finish", rented=2),
        ],
        reference=bikes_ref,
        held_out=[
            HeldOut("3 single", {"day": "tue"}),
            HeldOut("one for 2 bikes", {"day": "sun"}),
            HeldOut("1 single", {"day": "mon"}),
        ],
    )
)


# ---------- A1b van loading: the van refuses what it has no room for (no field tells)
VAN_ROOM = {"north": 5, "south": 2, "east": 0, "west": 5}


@action
def load_van_room(route: str, parcel_ids: list[str]) -> dict[str, Any]:
    """Load parcels onto the route's van, in order, until it is full; the answer lists the
    parcel ids it had no room for."""
    room = VAN_ROOM[route]
    effect("load_van", tuple(parcel_ids[:room]))
    return {"no_room": list(parcel_ids[room:])}


van2: Task[Any] = Task(
    "Load all of the route's parcels onto its van in one go. Return how many parcels got loaded.",
    name="r55_van_room",
    inputs={"route": str},
    outputs={"loaded": int},
    actions=[list_route_parcels, load_van_room],
)


def van2_ref(i: dict[str, Any]) -> Expected:
    ids = tuple(p for p, _ in ROUTES[i["route"]])[: VAN_ROOM[i["route"]]]
    return Expected([("load_van", ids)], {"loaded": len(ids)})


CASES.append(
    Case(
        task=van2,
        features=("batch call", "count typed", "answer lists what did not go"),
        recorded={"route": "north"},
        answers=[
            say("Parcels for the route.", "list_route_parcels", route=ref("route")),
            say(
                "Loading both.",
                "load_van_room",
                route=ref("route"),
                parcel_ids=[ref("list_route_parcels_1.0.id"), ref("list_route_parcels_1.1.id")],
            ),
            say("All fitted: 2 loaded.", "finish", loaded=2),
        ],
        reference=van2_ref,
        held_out=[
            HeldOut("3 fit", {"route": "west"}),
            HeldOut("room for 2 of 3", {"route": "south"}),
            HeldOut("van full", {"route": "east"}),
        ],
    )
)


# ---------- B1 used cars, words name no field: the grade follows the year, records fit km too
class Car(BaseModel):
    vin: str
    mileage_km: int
    year: int


CARS = {
    "V1": (45000, 2021),
    "V2": (160000, 2011),
    "V3": (99000, 2019),
    "V4": (150000, 2022),
    "V5": (30000, 2009),
    "V6": (20000, 2020),
    "V7": (230000, 2005),
}
TRADEINS = {
    "mon": ["V1", "V2", "V3"],
    "tue": ["V4"],
    "wed": ["V5", "V6"],
    "thu": ["V6", "V2"],
    "fri": ["V7", "V1"],
}


@action(read_only=True)
def list_trade_ins(day: str) -> list[str]:
    """VINs of the cars traded in on a day."""
    return list(TRADEINS[day])


@action(read_only=True)
def get_car(vin: str) -> Car:
    """A traded-in car with its odometer reading and model year."""
    km, y = CARS[vin]
    return Car(vin=vin, mileage_km=km, year=y)


@action
def list_for_sale(vin: str, grade: str) -> str:
    """Put a car on the forecourt under a grade: "certified" or "as-is"."""
    effect("list_for_sale", vin, grade)
    return "listed"


cars_year: Task[Any] = Task(
    "List every car traded in on the day for sale: certified if it is from 2015 or newer, "
    "otherwise as-is. Return how many cars you listed.",
    name="r55_cars_by_year",
    inputs={"day": str},
    outputs={"listed": int},
    actions=[list_trade_ins, get_car, list_for_sale],
)


def cars_year_ref(i: dict[str, Any]) -> Expected:
    return Expected(
        [
            ("list_for_sale", v, "certified" if CARS[v][1] >= 2015 else "as-is")
            for v in TRADEINS[i["day"]]
        ],
        {"listed": len(TRADEINS[i["day"]])},
    )


def _cars_answers(finish: dict[str, Any]) -> list[Any]:
    return [
        say("Trade-ins for the day.", "list_trade_ins", day=ref("day")),
        say("Checking V1.", "get_car", vin="V1"),
        say("2021: certified.", "list_for_sale", vin="V1", grade="certified"),
        say("Checking V2.", "get_car", vin="V2"),
        say("2011: as-is.", "list_for_sale", vin="V2", grade="as-is"),
        say("Checking V3.", "get_car", vin="V3"),
        say("2019: certified.", "list_for_sale", vin="V3", grade="certified"),
        say("Done.", "finish", **finish),
    ]


CASES.append(
    Case(
        task=cars_year,
        features=("decision in head", "same action two words", "km fits the recording too"),
        recorded={"day": "mon"},
        answers=_cars_answers({"listed": 3}),
        reference=cars_year_ref,
        held_out=[
            HeldOut("new, high km", {"day": "tue"}),
            HeldOut("old low km + new", {"day": "wed"}),
            HeldOut("new + old", {"day": "thu"}),
        ],
    )
)


# ---------- B2 same, but the words give no rule at all (the policy is in the model's head)
cars_policy: Task[Any] = Task(
    "List every car traded in on the day for sale under the grade our certification policy "
    "gives it (certified or as-is). Return how many cars you listed.",
    name="r55_cars_policy",
    inputs={"day": str},
    outputs={"listed": int},
    actions=[list_trade_ins, get_car, list_for_sale],
)
CASES.append(
    Case(
        task=cars_policy,
        features=("decision in head", "same action two words", "no rule in the words"),
        recorded={"day": "mon"},
        answers=_cars_answers({"listed": 3}),
        reference=cars_year_ref,
        held_out=[
            HeldOut("new, high km", {"day": "tue"}),
            HeldOut("old low km + new", {"day": "wed"}),
            HeldOut("new + old", {"day": "thu"}),
        ],
    )
)


# ---------- B3 a third grade the recording never showed, named with its own bound
cars3: Task[Any] = Task(
    "List every car traded in on the day for sale: certified if it has at most 100,000 km, "
    "as-is up to 200,000 km, and anything with more goes under grade 'parts-only'.",
    name="r55_cars_three_grades",
    inputs={"day": str},
    outputs={"listed": int},
    actions=[list_trade_ins, get_car, list_for_sale],
)


def cars3_ref(i: dict[str, Any]) -> Expected:
    def g(km: int) -> str:
        return "certified" if km <= 100000 else "as-is" if km <= 200000 else "parts-only"

    return Expected(
        [("list_for_sale", v, g(CARS[v][0])) for v in TRADEINS[i["day"]]],
        {"listed": len(TRADEINS[i["day"]])},
    )


CASES.append(
    Case(
        task=cars3,
        features=("decision in head", "same action", "third word unseen"),
        recorded={"day": "mon"},
        answers=[
            say("Trade-ins for the day.", "list_trade_ins", day=ref("day")),
            say("Checking V1.", "get_car", vin="V1"),
            say("45,000 km: certified.", "list_for_sale", vin="V1", grade="certified"),
            say("Checking V2.", "get_car", vin="V2"),
            say("160,000 km: as-is.", "list_for_sale", vin="V2", grade="as-is"),
            say("Checking V3.", "get_car", vin="V3"),
            say("99,000 km: certified.", "list_for_sale", vin="V3", grade="certified"),
            say("Done.", "finish", listed=3),
        ],
        reference=cars3_ref,
        held_out=[
            HeldOut("cert + as-is", {"day": "thu"}),
            HeldOut("230,000 km", {"day": "fri"}, new_path=True),
        ],
    )
)


# ---------- B4 two agents taking turns; records happen to split on priority
class Ticket(BaseModel):
    id: str
    priority: str


TICKETS = {"T1": "high", "T2": "low", "T3": "high", "T4": "high", "T5": "high", "T6": "low"}
QUEUE = {"mon": ["T1", "T2", "T3"], "tue": ["T4", "T5"], "wed": ["T6", "T4", "T2"]}


@action(read_only=True)
def list_new_tickets(day: str) -> list[str]:
    """Ids of the tickets opened on a day."""
    return list(QUEUE[day])


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """A ticket with its priority."""
    return Ticket(id=ticket_id, priority=TICKETS[ticket_id])


@action
def assign_ticket(ticket_id: str, agent: str) -> str:
    """Assign a ticket to a support agent (alice or bob)."""
    effect("assign_ticket", ticket_id, agent)
    return "assigned"


turns: Task[Any] = Task(
    "Go through the day's new tickets in order and assign them to alice and bob in turns, "
    "starting with alice.",
    name="r55_tickets_in_turns",
    inputs={"day": str},
    outputs={"assigned": int},
    actions=[list_new_tickets, get_ticket, assign_ticket],
)


def turns_ref(i: dict[str, Any]) -> Expected:
    return Expected(
        [
            ("assign_ticket", t, "alice" if n % 2 == 0 else "bob")
            for n, t in enumerate(QUEUE[i["day"]])
        ],
        {"assigned": len(QUEUE[i["day"]])},
    )


CASES.append(
    Case(
        task=turns,
        features=("decision in head", "same action two words", "rule is the position"),
        recorded={"day": "mon"},
        answers=[
            say("New tickets.", "list_new_tickets", day=ref("day")),
            say("Looking at T1.", "get_ticket", ticket_id="T1"),
            say("Alice takes T1.", "assign_ticket", ticket_id="T1", agent="alice"),
            say("Looking at T2.", "get_ticket", ticket_id="T2"),
            say("Bob takes T2.", "assign_ticket", ticket_id="T2", agent="bob"),
            say("Looking at T3.", "get_ticket", ticket_id="T3"),
            say("Alice again for T3.", "assign_ticket", ticket_id="T3", agent="alice"),
            say("Done.", "finish", assigned=3),
        ],
        reference=turns_ref,
        held_out=[
            HeldOut("2 high", {"day": "tue"}),
            HeldOut("low first", {"day": "wed"}),
        ],
    )
)


# ---------- C1 European decimal comma: 'more than 1,5 kg' is one and a half
class Pack(BaseModel):
    id: str
    kg: float


PACKS = {"K1": 0.8, "K2": 2.3, "K3": 3.1, "K4": 1.2, "K5": 1.4, "K6": 4.0}
DISPATCH = {"mon": ["K1", "K2", "K3"], "tue": ["K4", "K6"], "wed": ["K5"]}


@action(read_only=True)
def list_packs(day: str) -> list[str]:
    """Ids of the packages to dispatch on a day."""
    return list(DISPATCH[day])


@action(read_only=True)
def get_pack(pack_id: str) -> Pack:
    """A package with its weight in kg."""
    return Pack(id=pack_id, kg=PACKS[pack_id])


@action
def ship_pack(pack_id: str, service: str) -> str:
    """Hand a package to a carrier service: "courier" or "post"."""
    effect("ship_pack", pack_id, service)
    return "shipped"


packs: Task[Any] = Task(
    "Ship every package of the day: by courier if it weighs more than 1,5 kg, by post otherwise.",
    name="r55_packs_decimal_comma",
    inputs={"day": str},
    outputs={"shipped": int},
    actions=[list_packs, get_pack, ship_pack],
)


def packs_ref(i: dict[str, Any]) -> Expected:
    return Expected(
        [("ship_pack", p, "courier" if PACKS[p] > 1.5 else "post") for p in DISPATCH[i["day"]]],
        {"shipped": len(DISPATCH[i["day"]])},
    )


CASES.append(
    Case(
        task=packs,
        features=("decision in head", "same action two words", "decimal comma"),
        recorded={"day": "mon"},
        answers=[
            say("Packages today.", "list_packs", day=ref("day")),
            say("K1?", "get_pack", pack_id="K1"),
            say("0.8 kg: post.", "ship_pack", pack_id="K1", service="post"),
            say("K2?", "get_pack", pack_id="K2"),
            say("2.3 kg: courier.", "ship_pack", pack_id="K2", service="courier"),
            say("K3?", "get_pack", pack_id="K3"),
            say("3.1 kg: courier.", "ship_pack", pack_id="K3", service="courier"),
            say("Done.", "finish", shipped=3),
        ],
        reference=packs_ref,
        held_out=[
            HeldOut("1.2 + 4.0", {"day": "tue"}),
            HeldOut("1.4", {"day": "wed"}),
        ],
    )
)


# ---------- C1 control: the same words with a decimal point
packs_dot: Task[Any] = Task(
    "Ship every package of the day: by courier if it weighs more than 1.5 kg, by post otherwise.",
    name="r55_packs_decimal_point",
    inputs={"day": str},
    outputs={"shipped": int},
    actions=[list_packs, get_pack, ship_pack],
)
CASES.append(
    Case(
        task=packs_dot,
        features=("decision in head", "same action two words", "decimal point (control)"),
        recorded={"day": "mon"},
        answers=CASES[-1].answers,
        reference=packs_ref,
        held_out=[HeldOut("1.2 + 4.0", {"day": "tue"}), HeldOut("1.4", {"day": "wed"})],
    )
)


# ---------- A4 a batch whose key names a subset: 'vegan' counts vegan meals, the list is all guests
class Guest(BaseModel):
    name: str
    vegan: bool


TABLES = {
    "T1": [("Ann", True), ("Raj", True)],
    "T2": [("Lee", False), ("Mo", True)],
    "T3": [("Nia", True), ("Oz", True), ("Pia", True)],
}


@action(read_only=True)
def list_table_guests(table: str) -> list[Guest]:
    """The guests seated at a wedding table, and whether each eats vegan."""
    return [Guest(name=n, vegan=v) for n, v in TABLES[table]]


@action
def order_vegan_menu(table: str, vegan: list[str]) -> str:
    """Tell the kitchen the table's guests; the kitchen reads their meal choices itself."""
    effect("order_vegan_menu", table, tuple(vegan))
    return "ok"


wed: Task[Any] = Task(
    "Send the kitchen the names of every guest at the table for the vegan menu order form. "
    "Return how many vegan meals the table needs.",
    name="r55_vegan_key_subset",
    inputs={"table": str},
    outputs={"vegan": int},
    actions=[list_table_guests, order_vegan_menu],
)


def wed_ref(i: dict[str, Any]) -> Expected:
    gs = TABLES[i["table"]]
    return Expected(
        [("order_vegan_menu", i["table"], tuple(n for n, _ in gs))],
        {"vegan": sum(1 for _, v in gs if v)},
    )


CASES.append(
    Case(
        task=wed,
        features=("batch call", "count named for the key", "key names a subset"),
        recorded={"table": "T1"},
        answers=[
            say("Guests at the table.", "list_table_guests", table=ref("table")),
            say(
                "Sending both names.",
                "order_vegan_menu",
                table=ref("table"),
                vegan=[ref("list_table_guests_1.0.name"), ref("list_table_guests_1.1.name")],
            ),
            say("Both eat vegan: 2 vegan meals.", "finish", vegan=2),
        ],
        reference=wed_ref,
        held_out=[
            HeldOut("3 vegan", {"table": "T3"}),
            HeldOut("1 of 2 vegan", {"table": "T2"}),
        ],
    )
)


# ---------- B5 second word per item chosen on something no field holds (lot by body type)
class Car2(BaseModel):
    vin: str
    mileage_km: int
    model: str


CARS2 = {
    "W1": (45000, "Toyota RAV4"),
    "W2": (160000, "VW Golf"),
    "W3": (99000, "VW Tiguan"),
    "W4": (50000, "VW Golf"),
    "W5": (170000, "Kia Sportage"),
    "W6": (20000, "Honda CR-V"),
}
TRADE2 = {"mon": ["W1", "W2", "W3"], "tue": ["W4"], "wed": ["W5", "W6"]}


@action(read_only=True)
def list_trade_ins2(day: str) -> list[str]:
    """VINs of the cars traded in on a day."""
    return list(TRADE2[day])


@action(read_only=True)
def get_car2(vin: str) -> Car2:
    """A traded-in car with its odometer reading and model."""
    km, m = CARS2[vin]
    return Car2(vin=vin, mileage_km=km, model=m)


@action
def list_on_lot(vin: str, grade: str, lot: str) -> str:
    """Put a car on a lot ("north" or "south") under a grade ("certified" or "as-is")."""
    effect("list_on_lot", vin, grade, lot)
    return "listed"


SUVS = {"Toyota RAV4", "VW Tiguan", "Kia Sportage", "Honda CR-V"}
lots: Task[Any] = Task(
    "List every car traded in on the day for sale: certified if it has at most 100,000 km, "
    "otherwise as-is. SUVs go on the north lot, every other car on the south lot.",
    name="r55_cars_lot_by_body",
    inputs={"day": str},
    outputs={"listed": int},
    actions=[list_trade_ins2, get_car2, list_on_lot],
)


def lots_ref(i: dict[str, Any]) -> Expected:
    out = []
    for v in TRADE2[i["day"]]:
        km, m = CARS2[v]
        out.append(
            (
                "list_on_lot",
                v,
                "certified" if km <= 100000 else "as-is",
                "north" if m in SUVS else "south",
            )
        )
    return Expected(out, {"listed": len(TRADE2[i["day"]])})


CASES.append(
    Case(
        task=lots,
        features=("decision in head", "same action", "second word on another ground"),
        recorded={"day": "mon"},
        answers=[
            say("Trade-ins.", "list_trade_ins2", day=ref("day")),
            say("W1?", "get_car2", vin="W1"),
            say("RAV4, 45,000 km.", "list_on_lot", vin="W1", grade="certified", lot="north"),
            say("W2?", "get_car2", vin="W2"),
            say("Golf, 160,000 km.", "list_on_lot", vin="W2", grade="as-is", lot="south"),
            say("W3?", "get_car2", vin="W3"),
            say("Tiguan, 99,000 km.", "list_on_lot", vin="W3", grade="certified", lot="north"),
            say("Done.", "finish", listed=3),
        ],
        reference=lots_ref,
        held_out=[
            HeldOut("Golf low km", {"day": "tue"}),
            HeldOut("SUV high km + SUV low", {"day": "wed"}),
        ],
    )
)


# ---------- A5 two lists in one batch call, count named for one key
class Diner(BaseModel):
    name: str
    need: str


DINERS = {
    "E1": [("Ann", "vegan"), ("Raj", "halal")],
    "E2": [("Lee", "vegan"), ("Mo", "vegan"), ("Nia", "halal")],
    "E4": [("Uma", "vegan")],
}


@action(read_only=True)
def list_diners(event_id: str) -> list[Diner]:
    """Guests of an event with their dietary need (vegan or halal)."""
    return [Diner(name=n, need=x) for n, x in DINERS[event_id]]


@action
def send_diet_sheet(sheet: dict[str, Any]) -> str:
    """Send the kitchen ``{"vegan": [names], "halal": [names]}``."""
    effect("send_diet_sheet", tuple(sheet["vegan"]), tuple(sheet["halal"]))
    return "sent"


diet2: Task[Any] = Task(
    "Send the kitchen one sheet listing the vegan guests and the halal guests of the event. "
    "Return how many vegan guests there are.",
    name="r55_two_lists_one_call",
    inputs={"event_id": str},
    outputs={"vegan": int},
    actions=[list_diners, send_diet_sheet],
)


def diet2_ref(i: dict[str, Any]) -> Expected:
    ds = DINERS[i["event_id"]]
    v = tuple(n for n, x in ds if x == "vegan")
    h = tuple(n for n, x in ds if x == "halal")
    return Expected([("send_diet_sheet", v, h)], {"vegan": len(v)})


CASES.append(
    Case(
        task=diet2,
        features=("batch call", "two lists", "count named for a key"),
        recorded={"event_id": "E1"},
        answers=[
            say("Guests.", "list_diners", event_id=ref("event_id")),
            say(
                "One sheet.",
                "send_diet_sheet",
                sheet={
                    "vegan": [ref("list_diners_1.0.name")],
                    "halal": [ref("list_diners_1.1.name")],
                },
            ),
            say("1 vegan.", "finish", vegan=1),
        ],
        reference=diet2_ref,
        held_out=[
            HeldOut("2 vegan 1 halal", {"event_id": "E2"}),
            HeldOut("1 vegan", {"event_id": "E4"}),
        ],
    )
)
CASES = at_least_three(CASES)
