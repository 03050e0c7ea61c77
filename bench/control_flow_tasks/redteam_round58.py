"""Round 58 red team (api): batch counts with numbers the items hold in other shapes (strings,
floats, nested), decimal commas and European thousands in bounds, empty texts as words."""

from __future__ import annotations

import functools
import operator
from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------- A string plus-ones: the RSVP API returns party sizes as text ("0")
class RsvpS(BaseModel):
    name: str
    plus_ones: str


RSVPS = {
    "gala": [("Ann", "0"), ("Ben", "0")],
    "lunch": [("Cy", "1"), ("Di", "0")],
    "brunch": [("Ed", "0"), ("Fay", "0"), ("Gus", "0")],
    "party": [("Hal", "2")],
}


@action(read_only=True)
def list_rsvps_text(event: str) -> list[RsvpS]:
    """Who said yes to an event, with how many plus-ones each brings (as entered on the form)."""
    return [RsvpS(name=n, plus_ones=p) for n, p in RSVPS[event]]


@action
def book_dinner(event: str, guests: list[str]) -> str:
    """Book the restaurant for the event's guests by name (plus-ones are asked on the night)."""
    effect("book_dinner", event, tuple(guests))
    return "booked"


dinner = Task(
    "Book the dinner for everyone who said yes to the event. Return the number of guests "
    "coming, counting their plus-ones, so the kitchen can plan.",
    name="r58_dinner_text_plus",
    inputs={"event": str},
    outputs={"guests": int},
    actions=[list_rsvps_text, book_dinner],
)


def dinner_ref(i: dict[str, Any]) -> Expected:
    rs = RSVPS[i["event"]]
    return Expected(
        [("book_dinner", i["event"], tuple(n for n, _ in rs))],
        {"guests": sum(1 + int(p) for _, p in rs)},
    )


CASES.append(
    Case(
        task=dinner,
        features=("batch call", "count named for the key", "numbers as text"),
        recorded={"event": "gala"},
        answers=[
            say("Who is coming?", "list_rsvps_text", event=ref("event")),
            say(
                "Booking Ann and Ben.",
                "book_dinner",
                event=ref("event"),
                guests=[ref("list_rsvps_text_1.0.name"), ref("list_rsvps_text_1.1.name")],
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


# ---------- B nested bikes: each booking holds its bike count in a nested 'detail'
class Detail(BaseModel):
    bikes: int
    helmet: bool


class BookingN(BaseModel):
    id: str
    detail: Detail


BIKE_DAYS = {
    "sat": [("B1", 1), ("B2", 1)],
    "sun": [("B3", 2), ("B4", 1)],
    "mon": [("B5", 1)],
    "tue": [("B6", 1), ("B7", 1), ("B8", 1)],
}


@action(read_only=True)
def list_bike_bookings(day: str) -> list[BookingN]:
    """Bike bookings for a day; each one's detail says how many bikes it is for."""
    return [BookingN(id=i, detail=Detail(bikes=b, helmet=True)) for i, b in BIKE_DAYS[day]]


@action
def rent_out(booking_ids: list[str]) -> str:
    """Hand out the bikes of the given bookings and start their rental clocks."""
    effect("rent_out", tuple(booking_ids))
    return "ok"


bikes = Task(
    "Start every booking of the day. Return how many bikes were rented out.",
    name="r58_bikes_nested",
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
        features=("batch call", "inflected verb count", "nested number"),
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


# ---------- C float quantities: order lines with quantity 1.0 (the shop API returns floats)
class Line(BaseModel):
    sku: str
    quantity: float


CARTS = {
    "K1": [("TEA", 1.0), ("MUG", 1.0)],
    "K2": [("TEA", 3.0), ("MUG", 1.0)],
    "K3": [("PEN", 1.0), ("INK", 1.0), ("PAD", 1.0)],
    "K4": [("CUP", 2.0)],
}


@action(read_only=True)
def get_cart_lines(cart_id: str) -> list[Line]:
    """The lines of a customer's cart: a product and how many of it."""
    return [Line(sku=s, quantity=q) for s, q in CARTS[cart_id]]


@action
def pick_items(cart_id: str, skus: list[str]) -> str:
    """Send the warehouse the products to pick for a cart (the pickers read the quantities)."""
    effect("pick_items", cart_id, tuple(skus))
    return "sent"


picks = Task(
    "Send every line of the cart to the warehouse for picking. Return how many items will be "
    "picked in all, so the packer knows what box to use.",
    name="r58_picks_float",
    inputs={"cart_id": str},
    outputs={"items": int},
    actions=[get_cart_lines, pick_items],
)


def picks_ref(i: dict[str, Any]) -> Expected:
    ls = CARTS[i["cart_id"]]
    return Expected(
        [("pick_items", i["cart_id"], tuple(s for s, _ in ls))],
        {"items": int(sum(q for _, q in ls))},
    )


CASES.append(
    Case(
        task=picks,
        features=("batch call", "count named for the action's word", "float quantities"),
        recorded={"cart_id": "K1"},
        answers=[
            say("The cart's lines.", "get_cart_lines", cart_id=ref("cart_id")),
            say(
                "Sending both lines.",
                "pick_items",
                cart_id=ref("cart_id"),
                skus=[ref("get_cart_lines_1.0.sku"), ref("get_cart_lines_1.1.sku")],
            ),
            say("One of each: 2 items.", "finish", items=2),
        ],
        reference=picks_ref,
        held_out=[
            HeldOut("3 singles", {"cart_id": "K3"}),
            HeldOut("3 teas and a mug", {"cart_id": "K2"}),
            HeldOut("2 cups one line", {"cart_id": "K4"}),
        ],
    )
)


# ---------- C2 same with whole-number quantities: 'items' is a word of pick_items itself
class LineI(BaseModel):
    sku: str
    quantity: int


@action(read_only=True)
def get_order_lines(cart_id: str) -> list[LineI]:
    """The lines of a customer's order: a product and how many of it."""
    return [LineI(sku=s, quantity=int(q)) for s, q in CARTS[cart_id]]


picks2 = Task(
    "Send every line of the order to the warehouse for picking. Return how many items will be "
    "picked in all, so the packer knows what box to use.",
    name="r58_picks_int",
    inputs={"cart_id": str},
    outputs={"items": int},
    actions=[get_order_lines, pick_items],
)

CASES.append(
    Case(
        task=picks2,
        features=("batch call", "count named for the action's word", "int quantities"),
        recorded={"cart_id": "K1"},
        answers=[
            say("The order's lines.", "get_order_lines", cart_id=ref("cart_id")),
            say(
                "Sending both lines.",
                "pick_items",
                cart_id=ref("cart_id"),
                skus=[ref("get_order_lines_1.0.sku"), ref("get_order_lines_1.1.sku")],
            ),
            say("One of each: 2 items.", "finish", items=2),
        ],
        reference=picks_ref,
        held_out=[
            HeldOut("3 singles", {"cart_id": "K3"}),
            HeldOut("3 teas and a mug", {"cart_id": "K2"}),
            HeldOut("2 cups one line", {"cart_id": "K4"}),
        ],
    )
)


# ---------- D European thousands ('1.000 EUR' is a thousand): decision in the head
class Parcel(BaseModel):
    id: str
    value_eur: float


VALUES = {
    "P1": 300.0,
    "P2": 1500.0,
    "P3": 2200.0,
    "P4": 800.0,
    "P5": 1200.0,
    "P6": 950.0,
    "P7": 5000.0,
    "P8": 1000.0,
}
DAYS = {"mon": ["P1", "P2", "P3"], "tue": ["P4", "P7"], "wed": ["P5"], "thu": ["P6", "P8"]}


@action(read_only=True)
def list_parcels(day: str) -> list[str]:
    """Ids of the parcels to send on a day."""
    return list(DAYS[day])


@action(read_only=True)
def get_parcel(parcel_id: str) -> Parcel:
    """A parcel with its declared value in EUR."""
    return Parcel(id=parcel_id, value_eur=VALUES[parcel_id])


@action
def send_parcel(parcel_id: str, service: str) -> str:
    """Send a parcel with a carrier service: "insured" or "standard"."""
    effect("send_parcel", parcel_id, service)
    return "sent"


def _parcels_ref(i: dict[str, Any]) -> Expected:
    ids = DAYS[i["day"]]
    return Expected(
        [("send_parcel", p, "insured" if VALUES[p] > 1000 else "standard") for p in ids],
        {"parcels": len(ids)},
    )


def _parcel_answers() -> list[Any]:
    return [
        say("Parcels today.", "list_parcels", day=ref("day")),
        say("P1?", "get_parcel", parcel_id=ref("list_parcels_1.0")),
        say(
            "300 EUR: standard.",
            "send_parcel",
            parcel_id=ref("get_parcel_1.id"),
            service="standard",
        ),
        say("P2?", "get_parcel", parcel_id=ref("list_parcels_1.1")),
        say(
            "1500 EUR: insured.", "send_parcel", parcel_id=ref("get_parcel_2.id"), service="insured"
        ),
        say("P3?", "get_parcel", parcel_id=ref("list_parcels_1.2")),
        say(
            "2200 EUR: insured.", "send_parcel", parcel_id=ref("get_parcel_3.id"), service="insured"
        ),
        say("Done.", "finish", parcels=3),
    ]


_PARCEL_HELD = [
    HeldOut("800 + 5000", {"day": "tue"}),
    HeldOut("1200", {"day": "wed"}),
    HeldOut("950 + exactly 1000", {"day": "thu"}),
]

for _name, _words in [
    ("r58_parcels_eu_thousands", "over 1.000 EUR"),
    ("r58_parcels_eu_full", "over 1.000,00 EUR"),
    ("r58_parcels_plain", "over 1000 EUR"),
]:
    CASES.append(
        Case(
            task=Task(
                f"Send every parcel of the day: insured if its declared value is {_words}, "
                "standard otherwise. Return how many parcels you sent.",
                name=_name,
                inputs={"day": str},
                outputs={"parcels": int},
                actions=[list_parcels, get_parcel, send_parcel],
            ),
            features=("decision in head", "same action two words", "european number"),
            recorded={"day": "mon"},
            answers=_parcel_answers(),
            reference=_parcels_ref,
            held_out=list(_PARCEL_HELD),
        )
    )


# ---------- G empty texts among a field's values: '' for none, and other blanks on new input
class Kid(BaseModel):
    id: str
    name: str
    allergy: str | None


KIDS = {
    "ladybirds": [("C1", "Mia", "nuts"), ("C2", "Leo", ""), ("C3", "Ada", "dairy")],
    "owls": [("C5", "Sam", ""), ("C6", "Zoe", "egg")],
    "foxes": [("C8", "Ivy", "none"), ("C9", "Tom", "nuts")],
    "bees": [("C11", "Kai", " "), ("C12", "Uma", "gluten")],
    "ants": [("C13", "Eli", None), ("C14", "Noa", "dairy")],
    "moles": [("C15", "Ola", "None"), ("C16", "Pia", "nuts")],
}


@action(read_only=True)
def list_kids(group: str) -> list[Kid]:
    """Children in a kindergarten group with any food allergy ('' if none)."""
    return [Kid(id=a, name=b, allergy=c) for a, b, c in KIDS[group]]


@action
def tell_kitchen(child_id: str, allergy: str) -> str:
    """Tell the kitchen about a child's food allergy for the trip lunch."""
    effect("tell_kitchen", child_id, allergy)
    return "noted"


_NONE_WORDS = {"", "none", " "}


def kids_ref(i: dict[str, Any]) -> Expected:
    cs = [
        (a, c)
        for a, _, c in KIDS[i["group"]]
        if c is not None and c.strip().lower() not in _NONE_WORDS
    ]
    return Expected([("tell_kitchen", a, c) for a, c in cs], {"reported": len(cs)})


CASES.append(
    Case(
        task=Task(
            "For the group's trip lunch, tell the kitchen about every child in the group who has "
            "a food allergy, with the allergy. Return how many children you reported.",
            name="r58_kids_blanks",
            inputs={"group": str},
            outputs={"reported": int},
            actions=[list_kids, tell_kitchen],
        ),
        features=("filter in head", "empty text", "other blanks on new input"),
        recorded={"group": "ladybirds"},
        answers=[
            say("Children in Ladybirds.", "list_kids", group=ref("group")),
            say("Mia has a nut allergy.", "tell_kitchen", child_id="C1", allergy="nuts"),
            say("Ada has a dairy allergy.", "tell_kitchen", child_id="C3", allergy="dairy"),
            say("Reported two.", "finish", reported=2),
        ],
        reference=kids_ref,
        held_out=[
            HeldOut("'' and egg", {"group": "owls"}),
            HeldOut("'none' written out", {"group": "foxes"}),
            HeldOut("a space", {"group": "bees"}),
            HeldOut("None", {"group": "ants"}),
            HeldOut("'None' text", {"group": "moles"}),
        ],
    )
)


# ---------- G2 '' meaning "not yet entered": remind the blank ones; 'none' is a filled-in form
class FormKid(BaseModel):
    id: str
    name: str
    allergy_form: str


FORMS = {
    "ladybirds": [("C1", "Mia", "nuts"), ("C2", "Leo", ""), ("C3", "Ada", "none")],
    "owls": [("C5", "Sam", ""), ("C6", "Zoe", "egg"), ("C7", "Max", "")],
    "foxes": [("C8", "Ivy", "none"), ("C9", "Tom", "no")],
    "bees": [("C11", "Kai", " "), ("C12", "Uma", "gluten")],
}


@action(read_only=True)
def list_forms(group: str) -> list[FormKid]:
    """Children of a group with what their parents wrote on the allergy form ('' if the form
    has not been filled in yet; 'none' if the child has no allergy)."""
    return [FormKid(id=a, name=b, allergy_form=c) for a, b, c in FORMS[group]]


@action
def remind_parents(child_id: str) -> str:
    """Send a child's parents a reminder to fill in the allergy form."""
    effect("remind_parents", child_id)
    return "sent"


def forms_ref(i: dict[str, Any]) -> Expected:
    cs = [a for a, _, c in FORMS[i["group"]] if not c.strip()]
    return Expected([("remind_parents", a) for a in cs], {"reminders": len(cs)})


CASES.append(
    Case(
        task=Task(
            "Before the trip, remind the parents of every child in the group whose allergy form "
            "has not been filled in yet. Return how many reminders you sent.",
            name="r58_forms_blank",
            inputs={"group": str},
            outputs={"reminders": int},
            actions=[list_forms, remind_parents],
        ),
        features=("filter in head", "empty text means not entered", "none is filled in"),
        recorded={"group": "ladybirds"},
        answers=[
            say("Children in Ladybirds.", "list_forms", group=ref("group")),
            say("Leo's form is blank.", "remind_parents", child_id="C2"),
            say("Reminded one.", "finish", reminders=1),
        ],
        reference=forms_ref,
        held_out=[
            HeldOut("two blanks and egg", {"group": "owls"}),
            HeldOut("none and no", {"group": "foxes"}),
            HeldOut("a space", {"group": "bees"}),
        ],
    )
)


# ---------- F one action, words apart in one argument (service); a second argument (handling)
# the same on every recorded item, though the words give a rule for it
class Box(BaseModel):
    id: str
    kg: float
    contents: str


BOXES = {
    "K1": (0.8, "books"),
    "K2": (2.3, "shoes"),
    "K3": (3.1, "toys"),
    "K4": (1.2, "glassware"),
    "K5": (4.0, "books"),
    "K6": (2.6, "glassware"),
}
SHIP_DAYS = {"mon": ["K1", "K2", "K3"], "tue": ["K4", "K5"], "wed": ["K6"], "thu": ["K5", "K1"]}


@action(read_only=True)
def list_boxes(day: str) -> list[str]:
    """Ids of the boxes to ship on a day."""
    return list(SHIP_DAYS[day])


@action(read_only=True)
def get_box(box_id: str) -> Box:
    """A box with its weight in kg and what is in it."""
    kg, what = BOXES[box_id]
    return Box(id=box_id, kg=kg, contents=what)


@action
def ship_box(box_id: str, service: str, handling: str) -> str:
    """Hand a box to a carrier: service "courier" or "post", handling "normal" or "fragile"."""
    effect("ship_box", box_id, service, handling)
    return "shipped"


def boxes_ref(i: dict[str, Any]) -> Expected:
    ids = SHIP_DAYS[i["day"]]
    return Expected(
        [
            (
                "ship_box",
                b,
                "courier" if BOXES[b][0] > 2 else "post",
                "fragile" if BOXES[b][1] == "glassware" else "normal",
            )
            for b in ids
        ],
        {"boxes": len(ids)},
    )


CASES.append(
    Case(
        task=Task(
            "Ship every box of the day: by courier if it weighs more than 2 kg, by post "
            "otherwise. Glassware needs fragile handling. Return how many boxes you shipped.",
            name="r58_boxes_handling",
            inputs={"day": str},
            outputs={"boxes": int},
            actions=[list_boxes, get_box, ship_box],
        ),
        features=(
            "decision in head",
            "one argument apart",
            "second argument constant in recording",
        ),
        recorded={"day": "mon"},
        answers=[
            say("Boxes today.", "list_boxes", day=ref("day")),
            say("K1?", "get_box", box_id=ref("list_boxes_1.0")),
            say(
                "0.8 kg books: post.",
                "ship_box",
                box_id=ref("get_box_1.id"),
                service="post",
                handling="normal",
            ),
            say("K2?", "get_box", box_id=ref("list_boxes_1.1")),
            say(
                "2.3 kg: courier.",
                "ship_box",
                box_id=ref("get_box_2.id"),
                service="courier",
                handling="normal",
            ),
            say("K3?", "get_box", box_id=ref("list_boxes_1.2")),
            say(
                "3.1 kg: courier.",
                "ship_box",
                box_id=ref("get_box_3.id"),
                service="courier",
                handling="normal",
            ),
            say("Shipped 3.", "finish", boxes=3),
        ],
        reference=boxes_ref,
        held_out=[
            HeldOut("glass 1.2 + books 4.0", {"day": "tue"}),
            HeldOut("glass 2.6", {"day": "wed"}),
            HeldOut("books both ways", {"day": "thu"}),
        ],
    )
)


# ---------- F2 same, the fragile rule only in the action's words ('handling' offers 'fragile')
CASES.append(
    Case(
        task=Task(
            "Ship every box of the day: by courier if it weighs more than 2 kg, by post "
            "otherwise. Return how many boxes you shipped.",
            name="r58_boxes_handling_unsaid",
            inputs={"day": str},
            outputs={"boxes": int},
            actions=[list_boxes, get_box, ship_box],
        ),
        features=(
            "decision in head",
            "one argument apart",
            "second argument constant, offered words",
        ),
        recorded={"day": "mon"},
        answers=CASES[-1].answers,
        reference=boxes_ref,
        held_out=[
            HeldOut("glass 1.2 + books 4.0", {"day": "tue"}),
            HeldOut("glass 2.6", {"day": "wed"}),
            HeldOut("books both ways", {"day": "thu"}),
        ],
    )
)


# ---------- H batch answer holding a dict of numbers per item (bikes handed out per booking);
# the listing gives plain ids, so no number of the items shows
@action(read_only=True)
def list_booking_ids(day: str) -> list[str]:
    """Ids of the bike bookings for a day."""
    return [b for b, _ in BIKE_DAYS[day]]


@action
def start_rentals(booking_ids: list[str]) -> dict[str, Any]:
    """Hand out the bikes of the given bookings; answers how many bikes went out per booking."""
    effect("start_rentals", tuple(booking_ids))
    per = dict(functools.reduce(operator.iadd, (list(BIKE_DAYS[d]) for d in BIKE_DAYS), []))
    return {"status": "ok", "bikes_out": {b: per[b] for b in booking_ids}}


def rentals_ref(i: dict[str, Any]) -> Expected:
    bs = BIKE_DAYS[i["day"]]
    return Expected([("start_rentals", tuple(b for b, _ in bs))], {"rented": sum(n for _, n in bs)})


CASES.append(
    Case(
        task=Task(
            "Start every bike booking of the day. Return how many bikes were rented out.",
            name="r58_rentals_answer_dict",
            inputs={"day": str},
            outputs={"rented": int},
            actions=[list_booking_ids, start_rentals],
        ),
        features=("batch call", "inflected verb count", "answer holds a dict of numbers"),
        recorded={"day": "sat"},
        answers=[
            say("Bookings for the day.", "list_booking_ids", day=ref("day")),
            say(
                "Starting both.",
                "start_rentals",
                booking_ids=[ref("list_booking_ids_1.0"), ref("list_booking_ids_1.1")],
            ),
            say("1 + 1 bikes went out: 2 rented.", "finish", rented=2),
        ],
        reference=rentals_ref,
        held_out=[
            HeldOut("3 single", {"day": "tue"}),
            HeldOut("one for 2 bikes", {"day": "sun"}),
            HeldOut("1 single", {"day": "mon"}),
        ],
    )
)


@action
def hand_out_bikes(booking_ids: list[str]) -> dict[str, Any]:
    """Hand out the bikes of the given bookings; answers how many bikes went out per booking."""
    effect("start_rentals", tuple(booking_ids))
    per = dict(functools.reduce(operator.iadd, (list(BIKE_DAYS[d]) for d in BIKE_DAYS), []))
    return {"status": "ok", "out": {b: per[b] for b in booking_ids}}


def handout_ref(i: dict[str, Any]) -> Expected:
    bs = BIKE_DAYS[i["day"]]
    return Expected([("start_rentals", tuple(b for b, _ in bs))], {"bikes": sum(n for _, n in bs)})


CASES.append(
    Case(
        task=Task(
            "Hand out the bikes of every booking of the day. Return how many bikes went out.",
            name="r58_handout_answer_dict",
            inputs={"day": str},
            outputs={"bikes": int},
            actions=[list_booking_ids, hand_out_bikes],
        ),
        features=(
            "batch call",
            "count named for the action's word",
            "answer holds a dict of numbers",
        ),
        recorded={"day": "sat"},
        answers=[
            say("Bookings for the day.", "list_booking_ids", day=ref("day")),
            say(
                "Handing out both.",
                "hand_out_bikes",
                booking_ids=[ref("list_booking_ids_1.0"), ref("list_booking_ids_1.1")],
            ),
            say("1 + 1 bikes went out.", "finish", bikes=2),
        ],
        reference=handout_ref,
        held_out=[
            HeldOut("3 single", {"day": "tue"}),
            HeldOut("one for 2 bikes", {"day": "sun"}),
            HeldOut("1 single", {"day": "mon"}),
        ],
    )
)


# ---------- J lookups given a NESTED field of each job (job.customer.id); one customer may have
# two jobs in a day -> must not be reminded twice (2f423b9 near-miss)
class CustRef(BaseModel):
    id: str
    name: str


class NJob(BaseModel):
    id: str
    customer: CustRef


class Client(BaseModel):
    id: str
    paid_up: bool


NPAID = {"K1": True, "K2": False, "K7": False, "K3": False}
NJOBS = {
    "rem": [("W1", "K2"), ("W2", "K1"), ("W3", "K7")],
    "rem2": [("W20", "K7"), ("W21", "K1"), ("W22", "K3")],
    "sun": [("W14", "K2"), ("W15", "K1"), ("W16", "K2")],
    "mon": [("W30", "K3"), ("W31", "K3")],
}


@action(read_only=True)
def list_day_jobs(day: str) -> list[NJob]:
    """The window-cleaning jobs booked on a day, each with its customer."""
    return [NJob(id=j, customer=CustRef(id=k, name=k.lower())) for j, k in NJOBS[day]]


@action(read_only=True)
def get_account(customer_id: str) -> Client:
    """A customer's account: whether it is paid up."""
    return Client(id=customer_id, paid_up=NPAID[customer_id])


@action
def email_reminder(customer_id: str) -> str:
    """Email a customer a reminder to settle their account."""
    effect("email_reminder", customer_id)
    return "sent"


def nrem_ref(i: dict[str, Any]) -> Expected:
    cs: list[str] = []
    for _, k in NJOBS[i["day"]]:
        if not NPAID[k] and k not in cs:
            cs.append(k)
    return Expected([("email_reminder", c) for c in cs], {"reminded": len(cs)})


_nr = [say("Today's jobs.", "list_day_jobs", day=ref("day"))]
for _n, _owes in enumerate([True, False, True]):
    _nr.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_account",
            customer_id=ref(f"list_day_jobs_1.{_n}.customer.id"),
        )
    )
    _nr.append(say("Paid up?", "compute", expression=f"not get_account_{_n + 1}.paid_up"))
    if _owes:
        _nr.append(
            say(
                "Not paid up: reminder.",
                "email_reminder",
                customer_id=ref(f"get_account_{_n + 1}.id"),
            )
        )
CASES.append(
    Case(
        task=Task(
            "Email a payment reminder to every customer with a window-cleaning job today whose "
            "account is not paid up. Return how many customers you reminded.",
            name="r58_remind_nested_customer",
            inputs={"day": str},
            outputs={"reminded": int},
            actions=[list_day_jobs, get_account, email_reminder],
        ),
        features=("compute decision", "lookup given a nested field", "customer twice"),
        recorded={"day": "rem"},
        answers=[*_nr, say("Reminded 2.", "finish", reminded=2)],
        reference=nrem_ref,
        held_out=[
            HeldOut("two owe, distinct", {"day": "rem2"}),
            HeldOut("same customer twice", {"day": "sun"}),
            HeldOut("one customer two jobs", {"day": "mon"}),
        ],
    )
)
CASES = at_least_three(CASES)
