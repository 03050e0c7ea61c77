"""Round 48 red team (api): counts by a number field (c87439c), negating words that name the
acting side (22c833b _NEGATING)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


def per_item(
    listing, n_items, look, key, decide, sides, yes, no, finish, lister
) -> list[AIResponse]:
    out = [listing]
    for n in range(1, n_items + 1):
        out.append(say("I look the next one up.", look, **{key: ref(f"{lister}_1.{n - 1}")}))
        out.append(say("I check the rule.", "compute", expression=decide.format(n=n)))
        out.append(yes(n) if sides[n - 1] else no(n))
    out.append(finish)
    return out


# ===== A: guests count is a sum of a number field (b)
class Booking(BaseModel):
    id: str
    guests: int


BK = {
    "rec": [("B1", 1), ("B2", 1), ("B3", 1)],
    "plain": [("B4", 1), ("B5", 1)],
    "couples": [("B6", 2), ("B7", 4), ("B8", 1)],
    "empty": [],
}


@action(read_only=True)
def list_bookings(day: str) -> list[Booking]:
    """Restaurant bookings for a day, with the number of guests of each."""
    return [Booking(id=i, guests=g) for i, g in BK[day]]


@action
def confirm_booking(booking_id: str) -> str:
    """Text the booking holder a confirmation."""
    effect("confirm_booking", booking_id)
    return "ok"


guests_task: Task[Any] = Task(
    "Confirm every booking for the day, then tell the kitchen how many guests are coming "
    "in total.",
    name="r48_guests",
    inputs={"day": str},
    outputs={"guests": int},
    actions=[list_bookings, confirm_booking],
)


def guests_ref(i: dict[str, Any]) -> Expected:
    bs = BK[i["day"]]
    return Expected([("confirm_booking", b) for b, _ in bs], {"guests": sum(g for _, g in bs)})


CASES.append(
    Case(
        task=guests_task,
        features=("count by a number field",),
        recorded={"day": "rec"},
        answers=[
            say("Bookings.", "list_bookings", day=ref("day")),
            say("Confirm.", "confirm_booking", booking_id=ref("list_bookings_1.0.id")),
            say("Confirm.", "confirm_booking", booking_id=ref("list_bookings_1.1.id")),
            say("Confirm.", "confirm_booking", booking_id=ref("list_bookings_1.2.id")),
            say("Three single guests.", "finish", guests=3),
        ],
        reference=guests_ref,
        held_out=[
            HeldOut("ordinary", {"day": "plain"}),
            HeldOut("couples", {"day": "couples"}),
            HeldOut("empty", {"day": "empty"}),
        ],
    )
)


# ===== B: parcels, heavy count by weight field (b) — weighs>20 is freight, count 'parcels'
class Parcel(BaseModel):
    id: str
    weight_kg: float
    parcels: int


PC = {
    "rec": [("P1", 30.0, 1), ("P2", 5.0, 1), ("P3", 8.0, 1)],
    "plain": [("P4", 2.0, 1), ("P5", 25.0, 1)],
    "multi": [("P6", 3.0, 3), ("P7", 40.0, 2)],
}


@action(read_only=True)
def list_shipments(warehouse: str) -> list[str]:
    """Ids of shipments waiting at a warehouse."""
    return [p for p, _, _ in PC[warehouse]]


@action(read_only=True)
def get_shipment(shipment_id: str) -> Parcel:
    """One shipment: total weight and how many parcels it is packed in."""
    for w in PC.values():
        for p, kg, n in w:
            if p == shipment_id:
                return Parcel(id=p, weight_kg=kg, parcels=n)
    raise KeyError(shipment_id)


@action
def book_freight(shipment_id: str) -> str:
    """Book a freight pickup for a shipment."""
    effect("book_freight", shipment_id)
    return "ok"


@action
def book_parcel_post(shipment_id: str) -> str:
    """Send a shipment by parcel post."""
    effect("book_parcel_post", shipment_id)
    return "ok"


ship_task: Task[Any] = Task(
    "Ship everything waiting at the warehouse: over 20 kg goes by freight, the rest by parcel "
    "post. Tell me how many parcels went by post.",
    name="r48_parcels",
    inputs={"warehouse": str},
    outputs={"parcels": int},
    actions=[list_shipments, get_shipment, book_freight, book_parcel_post],
)


def ship_ref(i: dict[str, Any]) -> Expected:
    eff, n = [], 0
    for p, kg, k in PC[i["warehouse"]]:
        if kg > 20:
            eff.append(("book_freight", p))
        else:
            eff.append(("book_parcel_post", p))
            n += k
    return Expected(eff, {"parcels": n})


CASES.append(
    Case(
        task=ship_task,
        features=("count by a number field", "both sides"),
        recorded={"warehouse": "rec"},
        answers=per_item(
            say("Shipments.", "list_shipments", warehouse=ref("warehouse")),
            3,
            "get_shipment",
            "shipment_id",
            "get_shipment_{n}.weight_kg > 20",
            [True, False, False],
            lambda n: say(
                "Heavy: freight.", "book_freight", shipment_id=ref(f"get_shipment_{n}.id")
            ),
            lambda n: say(
                "Light: post.", "book_parcel_post", shipment_id=ref(f"get_shipment_{n}.id")
            ),
            say("2 parcels by post.", "finish", parcels=2),
            "list_shipments",
        ),
        reference=ship_ref,
        held_out=[
            HeldOut("ordinary", {"warehouse": "plain"}),
            HeldOut("multi parcel", {"warehouse": "multi"}),
        ],
    )
)


# ===== C: free shipping count names the acting side with a negating word (a)
class Cart(BaseModel):
    id: str
    total: float


CT = {
    "rec": [("C1", 80.0), ("C2", 20.0), ("C3", 95.0)],
    "plain": [("C4", 70.0), ("C5", 10.0), ("C6", 60.0)],
    "flip": [("C7", 10.0), ("C8", 15.0), ("C9", 90.0)],
}


@action(read_only=True)
def list_open_carts(shop: str) -> list[str]:
    """Ids of checked-out orders waiting for a shipping decision."""
    return [c for c, _ in CT[shop]]


@action(read_only=True)
def get_cart(cart_id: str) -> Cart:
    """One order with its total in EUR."""
    for w in CT.values():
        for c, t in w:
            if c == cart_id:
                return Cart(id=c, total=t)
    raise KeyError(cart_id)


@action
def apply_free_shipping(cart_id: str) -> str:
    """Waive shipping on an order."""
    effect("apply_free_shipping", cart_id)
    return "ok"


@action
def add_shipping_fee(cart_id: str) -> str:
    """Add the 4.90 EUR shipping fee to an order."""
    effect("add_shipping_fee", cart_id)
    return "ok"


free_task: Task[Any] = Task(
    "Orders over 50 EUR ship free; add the shipping fee to the others. Report how many orders "
    "got free shipping.",
    name="r48_free_shipping",
    inputs={"shop": str},
    outputs={"free_shipping": int},
    actions=[list_open_carts, get_cart, apply_free_shipping, add_shipping_fee],
)


def free_ref(i: dict[str, Any]) -> Expected:
    eff, n = [], 0
    for c, t in CT[i["shop"]]:
        if t > 50:
            eff.append(("apply_free_shipping", c))
            n += 1
        else:
            eff.append(("add_shipping_fee", c))
    return Expected(eff, {"free_shipping": n})


CASES.append(
    Case(
        task=free_task,
        features=("negating word names the acting side",),
        recorded={"shop": "rec"},
        answers=per_item(
            say("Orders.", "list_open_carts", shop=ref("shop")),
            3,
            "get_cart",
            "cart_id",
            "get_cart_{n}.total > 50",
            [True, False, True],
            lambda n: say("Over 50: free.", "apply_free_shipping", cart_id=ref(f"get_cart_{n}.id")),
            lambda n: say("Fee.", "add_shipping_fee", cart_id=ref(f"get_cart_{n}.id")),
            say("2 shipped free.", "finish", free_shipping=2),
            "list_open_carts",
        ),
        reference=free_ref,
        held_out=[
            HeldOut("ordinary", {"shop": "plain"}),
            HeldOut("mostly fees", {"shop": "flip"}),
        ],
    )
)


# ===== D: how many households have children: a count by a number field, recorded all 1 (b)
class Household(BaseModel):
    id: str
    children: int


HH = {
    "rec": [("H1", 1), ("H2", 1), ("H3", 1)],
    "plain": [("H4", 1), ("H5", 1)],
    "mixed": [("H6", 0), ("H7", 3), ("H8", 2)],
}


@action(read_only=True)
def list_registrations(event: str) -> list[Household]:
    """Households registered for an event, with how many children each brings."""
    return [Household(id=h, children=c) for h, c in HH[event]]


@action
def send_welcome_pack(household_id: str) -> str:
    """Mail a household the event welcome pack."""
    effect("send_welcome_pack", household_id)
    return "ok"


kids_task: Task[Any] = Task(
    "Send the welcome pack to every household registered for the summer fair, and tell me how "
    "many households are bringing children.",
    name="r48_kids",
    inputs={"event": str},
    outputs={"households_with_children": int},
    actions=[list_registrations, send_welcome_pack],
)


def kids_ref(i: dict[str, Any]) -> Expected:
    hs = HH[i["event"]]
    return Expected(
        [("send_welcome_pack", h) for h, _ in hs],
        {"households_with_children": sum(1 for _, c in hs if c > 0)},
    )


CASES.append(
    Case(
        task=kids_task,
        features=("count by a number field",),
        recorded={"event": "rec"},
        answers=[
            say("Registrations.", "list_registrations", event=ref("event")),
            say("Pack.", "send_welcome_pack", household_id=ref("list_registrations_1.0.id")),
            say("Pack.", "send_welcome_pack", household_id=ref("list_registrations_1.1.id")),
            say("Pack.", "send_welcome_pack", household_id=ref("list_registrations_1.2.id")),
            say("All three bring a child.", "finish", households_with_children=3),
        ],
        reference=kids_ref,
        held_out=[
            HeldOut("ordinary", {"event": "plain"}),
            HeldOut("one without kids", {"event": "mixed"}),
        ],
    )
)


# ===== E: 'how many adults': number field adults, all recorded 2, count = households*... (b)
class Room(BaseModel):
    id: str
    adults: int


RM = {
    "rec": [("R1", 1), ("R2", 1)],
    "plain": [("R3", 1), ("R4", 1), ("R5", 1)],
    "doubles": [("R6", 2), ("R7", 2)],
}


@action(read_only=True)
def list_checkins(date: str) -> list[Room]:
    """Rooms checking in on a date, with how many adults stay in each."""
    return [Room(id=r, adults=a) for r, a in RM[date]]


@action
def prepare_breakfast_voucher(room_id: str) -> str:
    """Print the breakfast voucher for a room."""
    effect("prepare_breakfast_voucher", room_id)
    return "ok"


adults_task: Task[Any] = Task(
    "Print breakfast vouchers for the rooms checking in today and tell the breakfast room how "
    "many adults to expect.",
    name="r48_adults",
    inputs={"date": str},
    outputs={"adults": int},
    actions=[list_checkins, prepare_breakfast_voucher],
)


def adults_ref(i: dict[str, Any]) -> Expected:
    rs = RM[i["date"]]
    return Expected(
        [("prepare_breakfast_voucher", r) for r, _ in rs], {"adults": sum(a for _, a in rs)}
    )


CASES.append(
    Case(
        task=adults_task,
        features=("count by a number field",),
        recorded={"date": "rec"},
        answers=[
            say("Check-ins.", "list_checkins", date=ref("date")),
            say("Voucher.", "prepare_breakfast_voucher", room_id=ref("list_checkins_1.0.id")),
            say("Voucher.", "prepare_breakfast_voucher", room_id=ref("list_checkins_1.1.id")),
            say("Two single rooms, 2 adults.", "finish", adults=2),
        ],
        reference=adults_ref,
        held_out=[
            HeldOut("ordinary", {"date": "plain"}),
            HeldOut("doubles", {"date": "doubles"}),
        ],
    )
)


# ===== F: 'how many are heavy (over 20 kg)' in a plain loop, all recorded heavy (b)
class Pkg(BaseModel):
    id: str
    weight_kg: float


PK = {
    "rec": [("K1", 25.0), ("K2", 31.0), ("K3", 22.0)],
    "plain": [("K4", 40.0), ("K5", 28.0)],
    "light": [("K6", 3.0), ("K7", 26.0), ("K8", 1.5)],
}


@action(read_only=True)
def list_pickups(route: str) -> list[Pkg]:
    """Packages to collect on a courier route, with their weight."""
    return [Pkg(id=p, weight_kg=w) for p, w in PK[route]]


@action
def schedule_pickup(package_id: str) -> str:
    """Schedule the courier to collect a package."""
    effect("schedule_pickup", package_id)
    return "ok"


heavy_task: Task[Any] = Task(
    "Schedule a pickup for every package on the route and tell me how many heavy packages "
    "there are (over 20 kg), so dispatch sends a second driver.",
    name="r48_heavy",
    inputs={"route": str},
    outputs={"heavy_packages": int},
    actions=[list_pickups, schedule_pickup],
)


def heavy_ref(i: dict[str, Any]) -> Expected:
    ps = PK[i["route"]]
    return Expected(
        [("schedule_pickup", p) for p, _ in ps], {"heavy_packages": sum(1 for _, w in ps if w > 20)}
    )


CASES.append(
    Case(
        task=heavy_task,
        features=("count by a number field",),
        recorded={"route": "rec"},
        answers=[
            say("Pickups.", "list_pickups", route=ref("route")),
            say("Schedule.", "schedule_pickup", package_id=ref("list_pickups_1.0.id")),
            say("Schedule.", "schedule_pickup", package_id=ref("list_pickups_1.1.id")),
            say("Schedule.", "schedule_pickup", package_id=ref("list_pickups_1.2.id")),
            say("All three are over 20 kg.", "finish", heavy_packages=3),
        ],
        reference=heavy_ref,
        held_out=[
            HeldOut("ordinary", {"route": "plain"}),
            HeldOut("light ones", {"route": "light"}),
        ],
    )
)


# ===== G: 'how many households' beside household_size, all recorded of size 1 (b)
class Pickup(BaseModel):
    id: str
    household_size: int


FB = {
    "rec": [("F1", 1), ("F2", 1), ("F3", 1)],
    "plain": [("F4", 1), ("F5", 1)],
    "families": [("F6", 4), ("F7", 3)],
}


@action(read_only=True)
def list_collections(day: str) -> list[Pickup]:
    """Households booked to collect food on a day, with the household size."""
    return [Pickup(id=h, household_size=s) for h, s in FB[day]]


@action
def reserve_parcel(household_id: str) -> str:
    """Reserve one food parcel for a household."""
    effect("reserve_parcel", household_id)
    return "ok"


hh_task: Task[Any] = Task(
    "Reserve a food parcel for every household collecting on the day. Return how many "
    "households you reserved for.",
    name="r48_households",
    inputs={"day": str},
    outputs={"households": int},
    actions=[list_collections, reserve_parcel],
)


def hh_ref(i: dict[str, Any]) -> Expected:
    hs = FB[i["day"]]
    return Expected([("reserve_parcel", h) for h, _ in hs], {"households": len(hs)})


CASES.append(
    Case(
        task=hh_task,
        features=("count named like a number field",),
        recorded={"day": "rec"},
        answers=[
            say("Collections.", "list_collections", day=ref("day")),
            say("Reserve.", "reserve_parcel", household_id=ref("list_collections_1.0.id")),
            say("Reserve.", "reserve_parcel", household_id=ref("list_collections_1.1.id")),
            say("Reserve.", "reserve_parcel", household_id=ref("list_collections_1.2.id")),
            say("3 households.", "finish", households=3),
        ],
        reference=hh_ref,
        held_out=[
            HeldOut("ordinary", {"day": "plain"}),
            HeldOut("families", {"day": "families"}),
        ],
    )
)


# ===== H: 'short_shipped' names the acting side with a negating word (a)
class Line(BaseModel):
    id: str
    in_stock: int
    ordered: int


LN = {
    "rec": [("L1", 5, 10), ("L2", 20, 10), ("L3", 2, 4)],
    "plain": [("L4", 1, 3), ("L5", 9, 2), ("L6", 0, 1)],
    "flip": [("L7", 9, 2), ("L8", 8, 3), ("L9", 0, 5)],
}


@action(read_only=True)
def list_order_lines(order: str) -> list[str]:
    """Ids of the lines of a wholesale order."""
    return [x for x, _, _ in LN[order]]


@action(read_only=True)
def get_line(line_id: str) -> Line:
    """One order line: units in stock and units ordered."""
    for w in LN.values():
        for x, s, o in w:
            if x == line_id:
                return Line(id=x, in_stock=s, ordered=o)
    raise KeyError(line_id)


@action
def mark_short_shipped(line_id: str) -> str:
    """Ship what is in stock and mark the line short-shipped."""
    effect("mark_short_shipped", line_id)
    return "ok"


@action
def ship_in_full(line_id: str) -> str:
    """Ship a line in full."""
    effect("ship_in_full", line_id)
    return "ok"


short_task: Task[Any] = Task(
    "Ship the order: lines we have enough stock for ship in full, the others are short-shipped. "
    "Tell me how many lines were short-shipped.",
    name="r48_short",
    inputs={"order": str},
    outputs={"short_shipped": int},
    actions=[list_order_lines, get_line, mark_short_shipped, ship_in_full],
)


def short_ref(i: dict[str, Any]) -> Expected:
    eff, n = [], 0
    for x, s, o in LN[i["order"]]:
        if s >= o:
            eff.append(("ship_in_full", x))
        else:
            eff.append(("mark_short_shipped", x))
            n += 1
    return Expected(eff, {"short_shipped": n})


CASES.append(
    Case(
        task=short_task,
        features=("negating word names the acting side",),
        recorded={"order": "rec"},
        answers=per_item(
            say("Lines.", "list_order_lines", order=ref("order")),
            3,
            "get_line",
            "line_id",
            "get_line_{n}.in_stock < get_line_{n}.ordered",
            [True, False, True],
            lambda n: say(
                "Not enough: short.", "mark_short_shipped", line_id=ref(f"get_line_{n}.id")
            ),
            lambda n: say("Enough: full.", "ship_in_full", line_id=ref(f"get_line_{n}.id")),
            say("2 short-shipped.", "finish", short_shipped=2),
            "list_order_lines",
        ),
        reference=short_ref,
        held_out=[
            HeldOut("ordinary", {"order": "plain"}),
            HeldOut("mostly full", {"order": "flip"}),
        ],
    )
)

CASES = at_least_three(CASES)
