"""Round 52: ordinary business tasks in new domains, varied agent styles, replayed on new inputs.

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


# ---------- 1 veterinary lab: filter compute on a status word, $ref, count typed
class Sample(BaseModel):
    id: str
    pet: str
    status: str


LAB = {
    "northvet": [("S1", "Rex", "ready"), ("S2", "Tom", "processing"), ("S3", "Bella", "ready")],
    "cityvet": [("S10", "Max", "processing")],
    "paws": [],
    "riverside": [("S20", "Luna", "ready"), ("S21", "Milo", "ready"), ("S22", "Coco", "ready")],
}


@action(read_only=True)
def list_lab_samples(clinic: str) -> list[Sample]:
    """Samples a clinic sent to the lab, with their status (processing or ready)."""
    return [Sample(id=i, pet=p, status=s) for i, p, s in LAB[clinic]]


@action
def send_lab_result(sample_id: str) -> str:
    """Email the clinic the result of a finished sample."""
    effect("send_lab_result", sample_id)
    return "sent"


vetlab: Task[Any] = Task(
    "Send the clinic the results of all its samples that are ready. Return how many results you "
    "sent.",
    name="r52_vetlab_results",
    inputs={"clinic": str},
    outputs={"sent": int},
    actions=[list_lab_samples, send_lab_result],
)


def vetlab_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, _, st in LAB[i["clinic"]] if st == "ready"]
    return Expected([("send_lab_result", s) for s in ids], {"sent": len(ids)})


CASES.append(
    Case(
        task=vetlab,
        features=("filter compute", "$ref", "count typed"),
        recorded={"clinic": "northvet"},
        answers=[
            say("Listing the clinic's samples.", "list_lab_samples", clinic=ref("clinic")),
            say(
                "Keeping the ready ones.",
                "compute",
                expression="[s for s in list_lab_samples_1 if s.status == 'ready']",
            ),
            say("Sending S1 (Rex).", "send_lab_result", sample_id=ref("compute_1.0.id")),
            say("Sending S3 (Bella).", "send_lab_result", sample_id=ref("compute_1.1.id")),
            say("Sent 2 results.", "finish", sent=2),
        ],
        reference=vetlab_ref,
        held_out=[
            HeldOut("none ready", {"clinic": "cityvet"}),
            HeldOut("no samples", {"clinic": "paws"}),
            HeldOut("3 ready", {"clinic": "riverside"}),
        ],
    )
)


# ---------- 2 community garden: decision in head on a bool, ids copied, list copied in finish
class Gardener(BaseModel):
    id: str
    name: str
    fee_paid: bool


GARDENS = {
    "elm": [("G1", "Ada", True), ("G2", "Bo", False), ("G3", "Cy", False), ("G4", "Di", True)],
    "oak": [("G10", "Ed", True)],
    "ash": [("G20", "Flo", False)],
    "yew": [],
    "fir": [("G30", "Gus", False), ("G31", "Hu", True), ("G32", "Ivy", False)],
}


@action(read_only=True)
def list_plot_holders(garden: str) -> list[Gardener]:
    """Plot holders of a community garden and whether they paid this year's fee."""
    return [Gardener(id=i, name=n, fee_paid=p) for i, n, p in GARDENS[garden]]


@action
def send_fee_reminder(member_id: str) -> str:
    """Email a plot holder a reminder to pay the yearly fee."""
    effect("send_fee_reminder", member_id)
    return "sent"


garden: Task[Any] = Task(
    "Send a fee reminder to every plot holder in the garden who hasn't paid this year's fee. "
    "Return the ids you reminded.",
    name="r52_garden_fees",
    inputs={"garden": str},
    outputs={"reminded": list[str]},
    actions=[list_plot_holders, send_fee_reminder],
)


def garden_ref(i: dict[str, Any]) -> Expected:
    ids = [g for g, _, p in GARDENS[i["garden"]] if not p]
    return Expected([("send_fee_reminder", g) for g in ids], {"reminded": ids})


CASES.append(
    Case(
        task=garden,
        features=("decision in head", "copied", "list copied"),
        recorded={"garden": "elm"},
        answers=[
            say("Who holds plots here?", "list_plot_holders", garden=ref("garden")),
            say("Ada has paid; Bo hasn't. Reminding Bo.", "send_fee_reminder", member_id="G2"),
            say("Cy hasn't paid either.", "send_fee_reminder", member_id="G3"),
            say("Di paid. Done.", "finish", reminded=["G2", "G3"]),
        ],
        reference=garden_ref,
        held_out=[
            HeldOut("all paid", {"garden": "oak"}),
            HeldOut("1 unpaid", {"garden": "ash"}),
            HeldOut("empty", {"garden": "yew"}),
            HeldOut("2 of 3 unpaid", {"garden": "fir"}),
        ],
    )
)


# ---------- 3 bike-share: lookup each, compute vs constant, one side, count typed
class Bike(BaseModel):
    id: str
    battery_pct: int


BIKES = {"B1": 15, "B2": 80, "B3": 5, "B4": 55, "B5": 19, "B6": 20, "B7": 90, "B8": 3}
STATIONS = {
    "central": ["B1", "B2", "B3", "B4"],
    "harbour": ["B5", "B6"],
    "park": ["B7"],
    "depot": [],
    "mill": ["B8", "B1", "B7"],
}


@action(read_only=True)
def list_station_bikes(station: str) -> list[str]:
    """Ids of the e-bikes docked at a station."""
    return list(STATIONS[station])


@action(read_only=True)
def get_bike(bike_id: str) -> Bike:
    """An e-bike with its battery charge in percent."""
    return Bike(id=bike_id, battery_pct=BIKES[bike_id])


@action
def schedule_battery_swap(bike_id: str) -> str:
    """Put an e-bike on the van crew's battery-swap list."""
    effect("schedule_battery_swap", bike_id)
    return "scheduled"


bikes: Task[Any] = Task(
    "Check every e-bike at the station and schedule a battery swap for each one below 20 percent "
    "charge. Return how many swaps you scheduled.",
    name="r52_bike_swaps",
    inputs={"station": str},
    outputs={"swaps": int},
    actions=[list_station_bikes, get_bike, schedule_battery_swap],
)


def bikes_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b in STATIONS[i["station"]] if BIKES[b] < 20]
    return Expected([("schedule_battery_swap", b) for b in ids], {"swaps": len(ids)})


_bk = [say("Which bikes are docked?", "list_station_bikes", station=ref("station"))]
for n, low in enumerate([True, False, True, False]):
    _bk.append(say("Checking its battery.", "get_bike", bike_id=ref(f"list_station_bikes_1.{n}")))
    _bk.append(say("Below 20%?", "compute", expression=f"get_bike_{n + 1}.battery_pct < 20"))
    if low:
        _bk.append(
            say(
                "Low, scheduling a swap.",
                "schedule_battery_swap",
                bike_id=ref(f"get_bike_{n + 1}.id"),
            )
        )
_bk.append(say("Two swaps scheduled.", "finish", swaps=2))
CASES.append(
    Case(
        task=bikes,
        features=("lookup each", "compute", "one side", "count typed"),
        recorded={"station": "central"},
        answers=_bk,
        reference=bikes_ref,
        held_out=[
            HeldOut("1 low incl. exactly 20", {"station": "harbour"}),
            HeldOut("none low", {"station": "park"}),
            HeldOut("empty", {"station": "depot"}),
            HeldOut("2 of 3 low", {"station": "mill"}),
        ],
    )
)


# -------- 4 language school: lookup each, compute vs constant, same action both sides, counts
class Placement(BaseModel):
    student_id: str
    score: int


SCORES = {"L1": 72, "L2": 45, "L3": 60, "L4": 38, "L5": 90, "L6": 59, "L7": 81}
INTAKES = {
    "sept": ["L1", "L2", "L3", "L4"],
    "oct": ["L5", "L7"],
    "nov": ["L6"],
    "dec": [],
    "jan": ["L2", "L5", "L6"],
}


@action(read_only=True)
def list_new_students(intake: str) -> list[str]:
    """Ids of the students who took the placement test for an intake."""
    return list(INTAKES[intake])


@action(read_only=True)
def get_placement(student_id: str) -> Placement:
    """A student's placement-test score out of 100."""
    return Placement(student_id=student_id, score=SCORES[student_id])


@action
def enroll(student_id: str, level: str) -> str:
    """Enroll a student in a course level (A2 or B1)."""
    effect("enroll", student_id, level)
    return "enrolled"


lang: Task[Any] = Task(
    "Enroll each new student of the intake: B1 if they scored 60 or more on the placement test, "
    "otherwise A2. Return how many went into B1 and how many into A2.",
    name="r52_language_levels",
    inputs={"intake": str},
    outputs={"b1": int, "a2": int},
    actions=[list_new_students, get_placement, enroll],
)


def lang_ref(i: dict[str, Any]) -> Expected:
    eff = [("enroll", s, "B1" if SCORES[s] >= 60 else "A2") for s in INTAKES[i["intake"]]]
    b1 = sum(1 for e in eff if e[2] == "B1")
    return Expected(eff, {"b1": b1, "a2": len(eff) - b1})


_lg = [say("Who is in the intake?", "list_new_students", intake=ref("intake"))]
for n, hi in enumerate([True, False, True, False]):
    _lg.append(say("Score?", "get_placement", student_id=ref(f"list_new_students_1.{n}")))
    _lg.append(say("60 or more?", "compute", expression=f"get_placement_{n + 1}.score >= 60"))
    _lg.append(
        say(
            "Enrolling.",
            "enroll",
            student_id=ref(f"get_placement_{n + 1}.student_id"),
            level="B1" if hi else "A2",
        )
    )
_lg.append(say("Two in B1, two in A2.", "finish", b1=2, a2=2))
CASES.append(
    Case(
        task=lang,
        features=("lookup each", "compute", "same action both sides", "two counts"),
        recorded={"intake": "sept"},
        answers=_lg,
        reference=lang_ref,
        held_out=[
            HeldOut("2 B1", {"intake": "oct"}),
            HeldOut("1 A2 (59)", {"intake": "nov"}),
            HeldOut("empty", {"intake": "dec"}),
            HeldOut("mix of 3", {"intake": "jan"}),
        ],
    )
)


# ---------- 5 marathon: act on all, per-item field copied by $ref into the call, count
class Runner(BaseModel):
    id: str
    bib: int
    email: str


WAVES = {
    "A": [("R1", 101, "r1@m.org"), ("R2", 102, "r2@m.org")],
    "B": [("R5", 205, "r5@m.org"), ("R6", 206, "r6@m.org"), ("R7", 207, "r7@m.org")],
    "C": [("R9", 309, "r9@m.org")],
    "D": [],
}


@action(read_only=True)
def list_wave_runners(wave: str) -> list[Runner]:
    """Runners registered in a start wave with their bib number and email."""
    return [Runner(id=i, bib=b, email=e) for i, b, e in WAVES[wave]]


@action
def email_bib(email: str, bib: int) -> str:
    """Email a runner their bib number and start time."""
    effect("email_bib", email, bib)
    return "sent"


marathon: Task[Any] = Task(
    "Email every runner in the start wave their bib number. Return how many emails you sent.",
    name="r52_marathon_bibs",
    inputs={"wave": str},
    outputs={"emailed": int},
    actions=[list_wave_runners, email_bib],
)


def marathon_ref(i: dict[str, Any]) -> Expected:
    rs = WAVES[i["wave"]]
    return Expected([("email_bib", e, b) for _, b, e in rs], {"emailed": len(rs)})


CASES.append(
    Case(
        task=marathon,
        features=("act on all", "two fields by $ref", "count typed"),
        recorded={"wave": "A"},
        answers=[
            say("Getting the wave's runners.", "list_wave_runners", wave=ref("wave")),
            say(
                "Bib 101 to R1.",
                "email_bib",
                email=ref("list_wave_runners_1.0.email"),
                bib=ref("list_wave_runners_1.0.bib"),
            ),
            say(
                "Bib 102 to R2.",
                "email_bib",
                email=ref("list_wave_runners_1.1.email"),
                bib=ref("list_wave_runners_1.1.bib"),
            ),
            say("2 emails sent.", "finish", emailed=2),
        ],
        reference=marathon_ref,
        held_out=[
            HeldOut("3 runners", {"wave": "B"}),
            HeldOut("1 runner", {"wave": "C"}),
            HeldOut("empty wave", {"wave": "D"}),
        ],
    )
)


# ---------- 6 rooftop solar: loop over a field of a result (site.panels), compute, copied ids
class Panel(BaseModel):
    id: str
    output_w: int


class Site(BaseModel):
    id: str
    panels: list[Panel]


SITES = {
    "roof1": [("P1", 310), ("P2", 120), ("P3", 305), ("P4", 90)],
    "roof2": [("P10", 300), ("P11", 290)],
    "roof3": [("P20", 50)],
    "roof4": [],
    "roof5": [("P30", 149), ("P31", 150), ("P32", 10)],
}


@action(read_only=True)
def get_site(site_id: str) -> Site:
    """A rooftop site and the output of each panel at noon, in watts."""
    return Site(id=site_id, panels=[Panel(id=p, output_w=w) for p, w in SITES[site_id]])


@action
def open_panel_ticket(site_id: str, panel_id: str) -> str:
    """Open a maintenance ticket for one panel."""
    effect("open_panel_ticket", site_id, panel_id)
    return "T-" + panel_id


solar: Task[Any] = Task(
    "Open a maintenance ticket for every panel on the site producing under 150 W at noon. "
    "Return the panel ids you opened tickets for.",
    name="r52_solar_tickets",
    inputs={"site_id": str},
    outputs={"panels": list[str]},
    actions=[get_site, open_panel_ticket],
)


def solar_ref(i: dict[str, Any]) -> Expected:
    ids = [p for p, w in SITES[i["site_id"]] if w < 150]
    return Expected([("open_panel_ticket", i["site_id"], p) for p in ids], {"panels": ids})


CASES.append(
    Case(
        task=solar,
        features=("loop over a field", "filter compute", "copied"),
        recorded={"site_id": "roof1"},
        answers=[
            say("Reading the site's panel outputs.", "get_site", site_id=ref("site_id")),
            say(
                "Which are under 150 W?",
                "compute",
                expression="[p.id for p in get_site_1.panels if p.output_w < 150]",
            ),
            say("P2 is at 120 W.", "open_panel_ticket", site_id="roof1", panel_id="P2"),
            say("P4 is at 90 W.", "open_panel_ticket", site_id="roof1", panel_id="P4"),
            say("Tickets for P2 and P4.", "finish", panels=["P2", "P4"]),
        ],
        reference=solar_ref,
        held_out=[
            HeldOut("all fine", {"site_id": "roof2"}),
            HeldOut("1 low", {"site_id": "roof3"}),
            HeldOut("no panels", {"site_id": "roof4"}),
            HeldOut("2 of 3 low", {"site_id": "roof5"}),
        ],
    )
)


# ---------- 7 inter-library loans: single decision on a bool field, two branches, $ref
class LoanRequest(BaseModel):
    id: str
    isbn: str
    held_by_partner: bool


REQS = {
    "IL1": ("978-1", True),
    "IL2": ("978-2", True),
    "IL3": ("978-3", False),
    "IL4": ("978-4", False),
}


@action(read_only=True)
def get_loan_request(request_id: str) -> LoanRequest:
    """A patron's inter-library loan request and whether a partner library holds the book."""
    isbn, held = REQS[request_id]
    return LoanRequest(id=request_id, isbn=isbn, held_by_partner=held)


@action
def request_from_partner(isbn: str) -> str:
    """Ask the partner network to send the book."""
    effect("request_from_partner", isbn)
    return "requested"


@action
def suggest_purchase(isbn: str) -> str:
    """Put the book on the acquisitions suggestion list."""
    effect("suggest_purchase", isbn)
    return "suggested"


ill: Task[Any] = Task(
    "Handle the inter-library loan request: if a partner library holds the book, request it from "
    "the partner, otherwise suggest it for purchase. Return whether you requested it.",
    name="r52_ill_request",
    inputs={"request_id": str},
    outputs={"requested": bool},
    actions=[get_loan_request, request_from_partner, suggest_purchase],
)


def ill_ref(i: dict[str, Any]) -> Expected:
    isbn, held = REQS[i["request_id"]]
    if held:
        return Expected([("request_from_partner", isbn)], {"requested": True})
    return Expected([("suggest_purchase", isbn)], {"requested": False})


CASES.append(
    Case(
        task=ill,
        features=("one decision", "decision in head", "$ref"),
        recorded={"request_id": "IL1"},
        answers=[
            say("Looking up the request.", "get_loan_request", request_id=ref("request_id")),
            say(
                "A partner holds it, so I'll request it.",
                "request_from_partner",
                isbn=ref("get_loan_request_1.isbn"),
            ),
            say("Requested.", "finish", requested=True),
        ],
        reference=ill_ref,
        held_out=[
            HeldOut("also held", {"request_id": "IL2"}),
            HeldOut("not held", {"request_id": "IL3"}, new_path=True),
            HeldOut("not held 2", {"request_id": "IL4"}, new_path=True),
        ],
    )
)


# ---------- 8 climbing gym: filter compute vs an input limit, list of ids returned by $ref
class Membership(BaseModel):
    member_id: str
    days_left: int


GYMS = {
    "boulder": [("M1", 3), ("M2", 40), ("M3", 10), ("M4", 7)],
    "crag": [("M10", 60)],
    "wall": [],
    "peak": [("M20", 1), ("M21", 2)],
}


@action(read_only=True)
def list_memberships(gym: str) -> list[Membership]:
    """Active memberships of a gym with the days left until they expire."""
    return [Membership(member_id=m, days_left=d) for m, d in GYMS[gym]]


@action
def send_renewal_offer(member_id: str) -> str:
    """Email a member the renewal offer."""
    effect("send_renewal_offer", member_id)
    return "sent"


climb: Task[Any] = Task(
    "Send a renewal offer to every member of the gym whose membership expires within the given "
    "number of days. Return the member ids you contacted.",
    name="r52_climbing_renewals",
    inputs={"gym": str, "within_days": int},
    outputs={"contacted": list[str]},
    actions=[list_memberships, send_renewal_offer],
)


def climb_ref(i: dict[str, Any]) -> Expected:
    ids = [m for m, d in GYMS[i["gym"]] if d <= i["within_days"]]
    return Expected([("send_renewal_offer", m) for m in ids], {"contacted": ids})


CASES.append(
    Case(
        task=climb,
        features=("filter vs input", "compute ids", "list by $ref"),
        recorded={"gym": "boulder", "within_days": 7},
        answers=[
            say("Listing memberships.", "list_memberships", gym=ref("gym")),
            say(
                "Who expires within the window?",
                "compute",
                expression=(
                    "[m.member_id for m in list_memberships_1 if m.days_left <=" " within_days]"
                ),
            ),
            say("Offer to M1.", "send_renewal_offer", member_id=ref("compute_1.0")),
            say("Offer to M4.", "send_renewal_offer", member_id=ref("compute_1.1")),
            say("Contacted both.", "finish", contacted=ref("compute_1")),
        ],
        reference=climb_ref,
        held_out=[
            HeldOut("wider window", {"gym": "boulder", "within_days": 14}),
            HeldOut("none expiring", {"gym": "crag", "within_days": 7}),
            HeldOut("no members", {"gym": "wall", "within_days": 30}),
            HeldOut("2 expiring", {"gym": "peak", "within_days": 7}),
        ],
    )
)


# ---------- 9 farm shop: filtered subset, per-item number worked out in a compute, passed on
class StockItem(BaseModel):
    sku: str
    on_hand: int
    par: int


SHOPS = {
    "main": [("EGG", 4, 30), ("MILK", 25, 20), ("JAM", 2, 12)],
    "market": [("HONEY", 10, 10)],
    "stall": [("CIDER", 0, 24)],
    "closed": [],
    "village": [("EGG", 29, 30), ("BREAD", 5, 15), ("CHEESE", 20, 8)],
}


@action(read_only=True)
def list_stock(shop: str) -> list[StockItem]:
    """A farm shop's stock: units on hand and the par level."""
    return [StockItem(sku=s, on_hand=o, par=p) for s, o, p in SHOPS[shop]]


@action
def order_from_farm(sku: str, quantity: int) -> str:
    """Order units of a product from the farm for tomorrow's delivery."""
    effect("order_from_farm", sku, quantity)
    return "ordered"


farm: Task[Any] = Task(
    "For each product in the shop that is below its par level, order enough from the farm to "
    "bring it back up to par. Return how many products you reordered.",
    name="r52_farmshop_reorder",
    inputs={"shop": str},
    outputs={"reordered": int},
    actions=[list_stock, order_from_farm],
)


def farm_ref(i: dict[str, Any]) -> Expected:
    eff = [("order_from_farm", s, p - o) for s, o, p in SHOPS[i["shop"]] if o < p]
    return Expected(eff, {"reordered": len(eff)})


CASES.append(
    Case(
        task=farm,
        features=("filtered subset", "per-item compute", "count typed"),
        recorded={"shop": "main"},
        answers=[
            say("Checking stock.", "list_stock", shop=ref("shop")),
            say(
                "Eggs are low: how many?",
                "compute",
                expression="list_stock_1[0].par - list_stock_1[0].on_hand",
            ),
            say(
                "Ordering 26 eggs.",
                "order_from_farm",
                sku=ref("list_stock_1.0.sku"),
                quantity=ref("compute_1"),
            ),
            say(
                "Milk is above par. Jam is low.",
                "compute",
                expression="list_stock_1[2].par - list_stock_1[2].on_hand",
            ),
            say(
                "Ordering 10 jam.",
                "order_from_farm",
                sku=ref("list_stock_1.2.sku"),
                quantity=ref("compute_2"),
            ),
            say("Two products reordered.", "finish", reordered=2),
        ],
        reference=farm_ref,
        held_out=[
            HeldOut("at par exactly", {"shop": "market"}),
            HeldOut("1 empty", {"shop": "stall"}),
            HeldOut("no stock", {"shop": "closed"}),
            HeldOut("2 of 3 low", {"shop": "village"}),
        ],
    )
)


# ---------- 10 catering: one batch call with a list of $refs inside a dict, count typed
class DietaryNote(BaseModel):
    guest: str
    need: str


EVENTS = {
    "E1": [("Ann", "vegan"), ("Raj", "nut-free")],
    "E2": [("Lee", "gluten-free")],
    "E3": [("Mo", "vegan"), ("Nia", "halal"), ("Oz", "vegan")],
    "E4": [],
}


@action(read_only=True)
def list_dietary_notes(event_id: str) -> list[DietaryNote]:
    """The dietary needs guests of a catered event gave when they registered."""
    return [DietaryNote(guest=g, need=n) for g, n in EVENTS[event_id]]


@action
def send_kitchen_sheet(sheet: dict[str, Any]) -> str:
    """Send the kitchen one sheet: ``{"event_id": ..., "needs": [need, ...]}``."""
    effect("send_kitchen_sheet", sheet["event_id"], tuple(sheet["needs"]))
    return "sent"


cater: Task[Any] = Task(
    "Send the kitchen one sheet with the dietary needs of every guest of the event, in order. "
    "Return how many needs were on it.",
    name="r52_catering_sheet",
    inputs={"event_id": str},
    outputs={"needs": int},
    actions=[list_dietary_notes, send_kitchen_sheet],
)


def cater_ref(i: dict[str, Any]) -> Expected:
    ns = [n for _, n in EVENTS[i["event_id"]]]
    return Expected([("send_kitchen_sheet", i["event_id"], tuple(ns))], {"needs": len(ns)})


CASES.append(
    Case(
        task=cater,
        features=("batch call", "list of $refs in a dict", "count typed"),
        recorded={"event_id": "E1"},
        answers=[
            say(
                "Reading the guests' dietary notes.", "list_dietary_notes", event_id=ref("event_id")
            ),
            say(
                "One sheet for the kitchen.",
                "send_kitchen_sheet",
                sheet={
                    "event_id": ref("event_id"),
                    "needs": [
                        ref("list_dietary_notes_1.0.need"),
                        ref("list_dietary_notes_1.1.need"),
                    ],
                },
            ),
            say("2 needs sent.", "finish", needs=2),
        ],
        reference=cater_ref,
        held_out=[
            HeldOut("1 note", {"event_id": "E2"}),
            HeldOut("3 notes", {"event_id": "E3"}),
            HeldOut("no notes", {"event_id": "E4"}),
        ],
    )
)


# -------- 11 dry cleaner: notify every ready order, then "if any unpaid, tell the front desk"
class CleanOrder(BaseModel):
    id: str
    customer_phone: str
    paid: bool


BRANCHES = {
    "high_st": [("D1", "555-1", True), ("D2", "555-2", False), ("D3", "555-3", True)],
    "mall": [("D10", "555-10", True)],
    "station": [("D20", "555-20", False), ("D21", "555-21", False)],
    "airport": [],
}


@action(read_only=True)
def list_ready_orders(branch: str) -> list[CleanOrder]:
    """Orders at a branch that are cleaned and ready for pickup, with whether they're paid."""
    return [CleanOrder(id=i, customer_phone=p, paid=pd) for i, p, pd in BRANCHES[branch]]


@action
def text_pickup_ready(phone: str) -> str:
    """Text a customer that their order is ready for pickup."""
    effect("text_pickup_ready", phone)
    return "texted"


@action
def notify_front_desk(branch: str, note: str) -> str:
    """Leave a note for the branch's front desk."""
    effect("notify_front_desk", branch)
    return "noted"


dry: Task[Any] = Task(
    "Text every customer whose order is ready at the branch. If any of the ready orders is "
    "unpaid, leave the front desk a note to collect payment. Return how many customers you texted.",
    name="r52_drycleaner_ready",
    inputs={"branch": str},
    outputs={"texted": int},
    actions=[list_ready_orders, text_pickup_ready, notify_front_desk],
)


def dry_ref(i: dict[str, Any]) -> Expected:
    os_ = BRANCHES[i["branch"]]
    eff: list[tuple[Any, ...]] = [("text_pickup_ready", p) for _, p, _ in os_]
    if any(not pd for _, _, pd in os_):
        eff.append(("notify_front_desk", i["branch"]))
    return Expected(eff, {"texted": len(os_)})


CASES.append(
    Case(
        task=dry,
        features=("act on all", "if any, notify", "count typed"),
        recorded={"branch": "high_st"},
        answers=[
            say("Ready orders at the branch.", "list_ready_orders", branch=ref("branch")),
            say(
                "Texting D1.",
                "text_pickup_ready",
                phone=ref("list_ready_orders_1.0.customer_phone"),
            ),
            say(
                "Texting D2.",
                "text_pickup_ready",
                phone=ref("list_ready_orders_1.1.customer_phone"),
            ),
            say(
                "Texting D3.",
                "text_pickup_ready",
                phone=ref("list_ready_orders_1.2.customer_phone"),
            ),
            say(
                "Any unpaid?",
                "compute",
                expression="any(not o.paid for o in list_ready_orders_1)",
            ),
            say(
                "D2 is unpaid: noting the front desk.",
                "notify_front_desk",
                branch=ref("branch"),
                note="Collect payment for D2 on pickup.",
            ),
            say("Texted 3.", "finish", texted=3),
        ],
        reference=dry_ref,
        held_out=[
            HeldOut("1 paid, no note", {"branch": "mall"}, new_path=True),
            HeldOut("2 unpaid", {"branch": "station"}),
            HeldOut("nothing ready", {"branch": "airport"}, new_path=True),
        ],
    )
)


# ---------- 12 plant nursery: two loops in a row over filters of one listing, counts typed
class Plant(BaseModel):
    id: str
    needs_water: bool
    root_bound: bool


HOUSES = {
    "gh1": [("PL1", True, False), ("PL2", False, True), ("PL3", True, True), ("PL4", False, False)],
    "gh2": [("PL10", True, False)],
    "gh3": [("PL20", False, True), ("PL21", False, True)],
    "gh4": [],
}


@action(read_only=True)
def list_greenhouse(house: str) -> list[Plant]:
    """Plants in a greenhouse with whether they need water and whether they are root-bound."""
    return [Plant(id=i, needs_water=w, root_bound=r) for i, w, r in HOUSES[house]]


@action
def water_plant(plant_id: str) -> str:
    """Add a plant to the watering round."""
    effect("water_plant", plant_id)
    return "ok"


@action
def schedule_repot(plant_id: str) -> str:
    """Schedule a plant for repotting."""
    effect("schedule_repot", plant_id)
    return "ok"


nursery: Task[Any] = Task(
    "In the greenhouse, first water every plant that needs water, then schedule a repot for every "
    "root-bound plant. Return how many you watered and how many you scheduled for repotting.",
    name="r52_nursery_rounds",
    inputs={"house": str},
    outputs={"watered": int, "repotted": int},
    actions=[list_greenhouse, water_plant, schedule_repot],
)


def nursery_ref(i: dict[str, Any]) -> Expected:
    ps = HOUSES[i["house"]]
    w = [("water_plant", p) for p, nw, _ in ps if nw]
    r = [("schedule_repot", p) for p, _, rb in ps if rb]
    return Expected(w + r, {"watered": len(w), "repotted": len(r)})


CASES.append(
    Case(
        task=nursery,
        features=("two loops in a row", "filter compute", "two counts"),
        recorded={"house": "gh1"},
        answers=[
            say("Listing the greenhouse.", "list_greenhouse", house=ref("house")),
            say(
                "Thirsty plants?",
                "compute",
                expression="[p for p in list_greenhouse_1 if p.needs_water]",
            ),
            say("Watering PL1.", "water_plant", plant_id=ref("compute_1.0.id")),
            say("Watering PL3.", "water_plant", plant_id=ref("compute_1.1.id")),
            say(
                "Root-bound plants?",
                "compute",
                expression="[p for p in list_greenhouse_1 if p.root_bound]",
            ),
            say("Repot PL2.", "schedule_repot", plant_id=ref("compute_2.0.id")),
            say("Repot PL3.", "schedule_repot", plant_id=ref("compute_2.1.id")),
            say("Watered 2, repotting 2.", "finish", watered=2, repotted=2),
        ],
        reference=nursery_ref,
        held_out=[
            HeldOut("1 water, 0 repot", {"house": "gh2"}),
            HeldOut("0 water, 2 repot", {"house": "gh3"}),
            HeldOut("empty", {"house": "gh4"}),
        ],
    )
)


# ---------- 13 hostel: one decision with a compute on two fields, other branch is another action
class Dorm(BaseModel):
    id: str
    free_beds: int


class GroupBooking(BaseModel):
    id: str
    dorm_id: str
    guests: int


DORMS = {"D1": 8, "D2": 2, "D3": 6}
GROUPS = {"GB1": ("D1", 6), "GB2": ("D3", 6), "GB3": ("D2", 4), "GB4": ("D1", 10)}


@action(read_only=True)
def get_group_booking(booking_id: str) -> GroupBooking:
    """A group booking request: the dorm asked for and the number of guests."""
    d, g = GROUPS[booking_id]
    return GroupBooking(id=booking_id, dorm_id=d, guests=g)


@action(read_only=True)
def get_dorm(dorm_id: str) -> Dorm:
    """A dorm with its free beds for the requested night."""
    return Dorm(id=dorm_id, free_beds=DORMS[dorm_id])


@action
def confirm_group(booking_id: str) -> str:
    """Confirm a group booking."""
    effect("confirm_group", booking_id)
    return "confirmed"


@action
def waitlist_group(booking_id: str) -> str:
    """Put a group booking on the waitlist."""
    effect("waitlist_group", booking_id)
    return "waitlisted"


hostel: Task[Any] = Task(
    "Confirm the group booking if its dorm has enough free beds for all the guests, otherwise put "
    "it on the waitlist. Return whether you confirmed it.",
    name="r52_hostel_group",
    inputs={"booking_id": str},
    outputs={"confirmed": bool},
    actions=[get_group_booking, get_dorm, confirm_group, waitlist_group],
)


def hostel_ref(i: dict[str, Any]) -> Expected:
    d, g = GROUPS[i["booking_id"]]
    if DORMS[d] >= g:
        return Expected([("confirm_group", i["booking_id"])], {"confirmed": True})
    return Expected([("waitlist_group", i["booking_id"])], {"confirmed": False})


CASES.append(
    Case(
        task=hostel,
        features=("one decision", "two lookups", "compute on two fields"),
        recorded={"booking_id": "GB1"},
        answers=[
            say("Reading the booking.", "get_group_booking", booking_id=ref("booking_id")),
            say("And its dorm.", "get_dorm", dorm_id=ref("get_group_booking_1.dorm_id")),
            say(
                "Enough beds?",
                "compute",
                expression="get_dorm_1.free_beds >= get_group_booking_1.guests",
            ),
            say("8 free for 6 guests: confirming.", "confirm_group", booking_id=ref("booking_id")),
            say("Confirmed.", "finish", confirmed=True),
        ],
        reference=hostel_ref,
        held_out=[
            HeldOut("exactly enough", {"booking_id": "GB2"}),
            HeldOut("too few beds", {"booking_id": "GB3"}, new_path=True),
            HeldOut("too big a group", {"booking_id": "GB4"}, new_path=True),
        ],
    )
)


# ---------- 14 used cars: lookup each, decision in head on a number, same action two grades, lists
class Car(BaseModel):
    vin: str
    mileage_km: int


CARS = {"V1": 45000, "V2": 160000, "V3": 99000, "V4": 100001, "V5": 12000, "V6": 230000}
TRADEINS = {
    "mon": ["V1", "V2", "V3"],
    "tue": ["V5"],
    "wed": ["V6", "V4"],
    "thu": [],
}


@action(read_only=True)
def list_trade_ins(day: str) -> list[str]:
    """VINs of the cars traded in on a day."""
    return list(TRADEINS[day])


@action(read_only=True)
def get_car(vin: str) -> Car:
    """A traded-in car with its odometer reading."""
    return Car(vin=vin, mileage_km=CARS[vin])


@action
def list_for_sale(vin: str, grade: str) -> str:
    """Put a car on the forecourt under a grade: "certified" or "as-is"."""
    effect("list_for_sale", vin, grade)
    return "listed"


cars: Task[Any] = Task(
    "List every car traded in on the day for sale: certified if it has at most 100,000 km, "
    "otherwise as-is. Return the VINs listed as certified and the VINs listed as-is.",
    name="r52_usedcar_grades",
    inputs={"day": str},
    outputs={"certified": list[str], "as_is": list[str]},
    actions=[list_trade_ins, get_car, list_for_sale],
)


def cars_ref(i: dict[str, Any]) -> Expected:
    vs = TRADEINS[i["day"]]
    cert = [v for v in vs if CARS[v] <= 100000]
    asis = [v for v in vs if CARS[v] > 100000]
    eff = [("list_for_sale", v, "certified" if CARS[v] <= 100000 else "as-is") for v in vs]
    return Expected(eff, {"certified": cert, "as_is": asis})


CASES.append(
    Case(
        task=cars,
        features=("lookup each", "decision in head", "same action both sides", "lists copied"),
        recorded={"day": "mon"},
        answers=[
            say("Trade-ins for the day.", "list_trade_ins", day=ref("day")),
            say("Checking V1.", "get_car", vin="V1"),
            say("45,000 km: certified.", "list_for_sale", vin="V1", grade="certified"),
            say("Checking V2.", "get_car", vin="V2"),
            say("160,000 km: as-is.", "list_for_sale", vin="V2", grade="as-is"),
            say("Checking V3.", "get_car", vin="V3"),
            say("99,000 km: certified.", "list_for_sale", vin="V3", grade="certified"),
            say("Done.", "finish", certified=["V1", "V3"], as_is=["V2"]),
        ],
        reference=cars_ref,
        held_out=[
            HeldOut("1 certified", {"day": "tue"}),
            HeldOut("2 as-is", {"day": "wed"}),
            HeldOut("none", {"day": "thu"}),
        ],
    )
)


# ---------- 15 IT helpdesk: filter compute on a priority word, assign to an input agent, ids
class Ticket(BaseModel):
    id: str
    priority: str


QUEUES = {
    "network": [("T1", "high"), ("T2", "low"), ("T3", "high"), ("T4", "medium")],
    "email": [("T10", "low")],
    "printers": [("T20", "high")],
    "vpn": [],
}


@action(read_only=True)
def list_open_tickets(queue: str) -> list[Ticket]:
    """Open, unassigned tickets in a helpdesk queue with their priority (low, medium, high)."""
    return [Ticket(id=i, priority=p) for i, p in QUEUES[queue]]


@action
def assign_ticket(ticket_id: str, agent: str) -> str:
    """Assign a ticket to a helpdesk agent."""
    effect("assign_ticket", ticket_id, agent)
    return "assigned"


helpdesk: Task[Any] = Task(
    "Assign every high-priority open ticket in the queue to the on-call agent. Return the ids you "
    "assigned.",
    name="r52_helpdesk_oncall",
    inputs={"queue": str, "oncall": str},
    outputs={"assigned": list[str]},
    actions=[list_open_tickets, assign_ticket],
)


def helpdesk_ref(i: dict[str, Any]) -> Expected:
    ids = [t for t, p in QUEUES[i["queue"]] if p == "high"]
    return Expected([("assign_ticket", t, i["oncall"]) for t in ids], {"assigned": ids})


CASES.append(
    Case(
        task=helpdesk,
        features=("filter compute", "input passed", "list by $ref"),
        recorded={"queue": "network", "oncall": "sam"},
        answers=[
            say("Open tickets in the queue.", "list_open_tickets", queue=ref("queue")),
            say(
                "High-priority ids.",
                "compute",
                expression="[t.id for t in list_open_tickets_1 if t.priority == 'high']",
            ),
            say("T1 to Sam.", "assign_ticket", ticket_id=ref("compute_1.0"), agent=ref("oncall")),
            say("T3 to Sam.", "assign_ticket", ticket_id=ref("compute_1.1"), agent=ref("oncall")),
            say("Assigned T1 and T3.", "finish", assigned=ref("compute_1")),
        ],
        reference=helpdesk_ref,
        held_out=[
            HeldOut("none high", {"queue": "email", "oncall": "kim"}),
            HeldOut("1 high, other agent", {"queue": "printers", "oncall": "lou"}),
            HeldOut("empty queue", {"queue": "vpn", "oncall": "sam"}),
        ],
    )
)


# ---------- 16 home-care agency: act on all visits, two calls per item, count typed
class Visit(BaseModel):
    id: str
    client: str
    family_phone: str


ROTAS = {
    "carer_a": [("V1", "Mrs Hill", "07-1"), ("V2", "Mr Patel", "07-2")],
    "carer_b": [("V5", "Ms Ode", "07-5")],
    "carer_c": [("V7", "Mr Law", "07-7"), ("V8", "Mrs Kim", "07-8"), ("V9", "Mr Bay", "07-9")],
    "carer_d": [],
}


@action(read_only=True)
def list_todays_visits(carer: str) -> list[Visit]:
    """A carer's visits today with the client and a family contact number."""
    return [Visit(id=i, client=c, family_phone=p) for i, c, p in ROTAS[carer]]


@action
def confirm_visit(visit_id: str) -> str:
    """Mark a visit as confirmed on the rota."""
    effect("confirm_visit", visit_id)
    return "confirmed"


@action
def text_family(phone: str) -> str:
    """Text a client's family that today's visit is confirmed."""
    effect("text_family", phone)
    return "texted"


homecare: Task[Any] = Task(
    "Confirm each of the carer's visits today and text the client's family that it's confirmed. "
    "Return how many visits you confirmed.",
    name="r52_homecare_visits",
    inputs={"carer": str},
    outputs={"confirmed": int},
    actions=[list_todays_visits, confirm_visit, text_family],
)


def homecare_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    for v, _, p in ROTAS[i["carer"]]:
        eff += [("confirm_visit", v), ("text_family", p)]
    return Expected(eff, {"confirmed": len(ROTAS[i["carer"]])})


CASES.append(
    Case(
        task=homecare,
        features=("act on all", "two calls per item", "count typed"),
        recorded={"carer": "carer_a"},
        answers=[
            say("Today's visits.", "list_todays_visits", carer=ref("carer")),
            say(
                "Confirming Mrs Hill's visit.",
                "confirm_visit",
                visit_id=ref("list_todays_visits_1.0.id"),
            ),
            say(
                "Texting her family.",
                "text_family",
                phone=ref("list_todays_visits_1.0.family_phone"),
            ),
            say(
                "Confirming Mr Patel's visit.",
                "confirm_visit",
                visit_id=ref("list_todays_visits_1.1.id"),
            ),
            say(
                "Texting his family.",
                "text_family",
                phone=ref("list_todays_visits_1.1.family_phone"),
            ),
            say("Both confirmed.", "finish", confirmed=2),
        ],
        reference=homecare_ref,
        held_out=[
            HeldOut("1 visit", {"carer": "carer_b"}),
            HeldOut("3 visits", {"carer": "carer_c"}),
            HeldOut("day off", {"carer": "carer_d"}),
        ],
    )
)


# ---------- 17 vet lab billing: sum compute over fees, one invoice with the amount, amount out
class LabTest(BaseModel):
    id: str
    fee: float


TESTS = {
    "northvet": [("T1", 40.0), ("T2", 25.5), ("T3", 60.0)],
    "cityvet": [("T9", 12.0)],
    "paws": [("T20", 30.0), ("T21", 30.0)],
}


@action(read_only=True)
def list_month_tests(clinic: str) -> list[LabTest]:
    """Tests the lab ran for a clinic this month, with their fee."""
    return [LabTest(id=i, fee=f) for i, f in TESTS[clinic]]


@action
def send_invoice(clinic: str, amount: float) -> str:
    """Send a clinic its monthly invoice."""
    effect("send_invoice", clinic, amount)
    return "INV-1"


vetbill: Task[Any] = Task(
    "Send the clinic one invoice for the total of this month's test fees. Return the amount.",
    name="r52_vetlab_invoice",
    inputs={"clinic": str},
    outputs={"amount": float},
    actions=[list_month_tests, send_invoice],
)


def vetbill_ref(i: dict[str, Any]) -> Expected:
    total = sum(f for _, f in TESTS[i["clinic"]])
    return Expected([("send_invoice", i["clinic"], total)], {"amount": total})


CASES.append(
    Case(
        task=vetbill,
        features=("sum compute", "one call", "amount by $ref"),
        recorded={"clinic": "northvet"},
        answers=[
            say("This month's tests.", "list_month_tests", clinic=ref("clinic")),
            say(
                "Adding up the fees.",
                "compute",
                expression="sum(t.fee for t in list_month_tests_1)",
            ),
            say("Invoicing 125.5.", "send_invoice", clinic=ref("clinic"), amount=ref("compute_1")),
            say("Invoice sent for 125.5.", "finish", amount=ref("compute_1")),
        ],
        reference=vetbill_ref,
        held_out=[
            HeldOut("1 test", {"clinic": "cityvet"}),
            HeldOut("2 tests", {"clinic": "paws"}),
        ],
    )
)


# ---------- 18 marathon results: both sides vs an input qualifying time, compute, counts typed
class Result(BaseModel):
    runner_id: str
    minutes: int


RACES = {
    "spring": [("R1", 175), ("R2", 240), ("R3", 190), ("R4", 300)],
    "autumn": [("R10", 170), ("R11", 180)],
    "fun": [("R20", 400)],
    "cancelled": [],
}


@action(read_only=True)
def list_results(race: str) -> list[Result]:
    """Finishers of a race with their finish time in minutes."""
    return [Result(runner_id=r, minutes=m) for r, m in RACES[race]]


@action
def send_qualifier_email(runner_id: str) -> str:
    """Tell a runner they qualified for the championship race."""
    effect("send_qualifier_email", runner_id)
    return "sent"


@action
def send_thank_you(runner_id: str) -> str:
    """Send a runner the thank-you email with their photos."""
    effect("send_thank_you", runner_id)
    return "sent"


mresults: Task[Any] = Task(
    "For every finisher of the race: if their time is at or under the qualifying time, send the "
    "qualifier email, otherwise send the thank-you email. Return how many qualified and how many "
    "got a thank-you.",
    name="r52_marathon_qualifiers",
    inputs={"race": str, "qualifying_minutes": int},
    outputs={"qualified": int, "thanked": int},
    actions=[list_results, send_qualifier_email, send_thank_you],
)


def mresults_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    for r, m in RACES[i["race"]]:
        ok = m <= i["qualifying_minutes"]
        eff.append(("send_qualifier_email" if ok else "send_thank_you", r))
    q = sum(1 for e in eff if e[0] == "send_qualifier_email")
    return Expected(eff, {"qualified": q, "thanked": len(eff) - q})


_mr = [say("Race results.", "list_results", race=ref("race"))]
for n, ok in enumerate([True, False, True, False]):
    _mr.append(
        say(
            "Qualified?", "compute", expression=f"list_results_1[{n}].minutes <= qualifying_minutes"
        )
    )
    act = "send_qualifier_email" if ok else "send_thank_you"
    _mr.append(say("Emailing.", act, runner_id=ref(f"list_results_1.{n}.runner_id")))
_mr.append(say("2 qualified, 2 thanked.", "finish", qualified=2, thanked=2))
CASES.append(
    Case(
        task=mresults,
        features=("both sides", "compute vs input", "two counts"),
        recorded={"race": "spring", "qualifying_minutes": 195},
        answers=_mr,
        reference=mresults_ref,
        held_out=[
            HeldOut("all qualify", {"race": "autumn", "qualifying_minutes": 180}),
            HeldOut("none qualify", {"race": "fun", "qualifying_minutes": 195}),
            HeldOut("no finishers", {"race": "cancelled", "qualifying_minutes": 195}),
            HeldOut("stricter time", {"race": "spring", "qualifying_minutes": 180}),
        ],
    )
)


# ---------- 19 language school: loop over course.sessions, cancel each, ids copied, count
class ClassSession(BaseModel):
    id: str
    date: str


class Course(BaseModel):
    id: str
    sessions: list[ClassSession]


COURSES = {
    "FR1": [("S1", "06-01"), ("S2", "06-08")],
    "ES2": [("S10", "06-02"), ("S11", "06-09"), ("S12", "06-16")],
    "DE3": [("S20", "06-03")],
    "IT4": [],
}


@action(read_only=True)
def get_course(course_id: str) -> Course:
    """A course with its remaining sessions."""
    return Course(
        id=course_id, sessions=[ClassSession(id=s, date=d) for s, d in COURSES[course_id]]
    )


@action
def cancel_session(session_id: str) -> str:
    """Cancel one class session and notify enrolled students."""
    effect("cancel_session", session_id)
    return "cancelled"


cancel: Task[Any] = Task(
    "The teacher of this course is leaving: cancel all its remaining sessions. Return how many "
    "sessions you cancelled.",
    name="r52_course_cancel",
    inputs={"course_id": str},
    outputs={"cancelled": int},
    actions=[get_course, cancel_session],
)


def cancel_ref(i: dict[str, Any]) -> Expected:
    ss = COURSES[i["course_id"]]
    return Expected([("cancel_session", s) for s, _ in ss], {"cancelled": len(ss)})


CASES.append(
    Case(
        task=cancel,
        features=("loop over a field", "copied ids", "count typed"),
        recorded={"course_id": "FR1"},
        answers=[
            say("Getting the course.", "get_course", course_id=ref("course_id")),
            say("Cancelling S1 (June 1).", "cancel_session", session_id="S1"),
            say("Cancelling S2 (June 8).", "cancel_session", session_id="S2"),
            say("Cancelled 2 sessions.", "finish", cancelled=2),
        ],
        reference=cancel_ref,
        held_out=[
            HeldOut("3 sessions", {"course_id": "ES2"}),
            HeldOut("1 session", {"course_id": "DE3"}),
            HeldOut("none left", {"course_id": "IT4"}),
        ],
    )
)


# ---------- 20 community garden plots: dict argument with $refs inside per item, waitlist
class PlotRequest(BaseModel):
    member_id: str
    plot: str


WAITLISTS = {
    "elm": [("G7", "P-12"), ("G8", "P-3")],
    "oak": [("G15", "P-1")],
    "ash": [("G21", "P-4"), ("G22", "P-5"), ("G23", "P-6")],
    "yew": [],
}


@action(read_only=True)
def list_plot_offers(garden: str) -> list[PlotRequest]:
    """Members on a garden's waitlist who have been offered a freed-up plot and accepted."""
    return [PlotRequest(member_id=m, plot=p) for m, p in WAITLISTS[garden]]


@action
def assign_plot(assignment: dict[str, str]) -> str:
    """Record a plot assignment: ``{"member_id": ..., "plot": ...}``."""
    effect("assign_plot", assignment["member_id"], assignment["plot"])
    return "assigned"


plots: Task[Any] = Task(
    "Assign each accepted plot offer in the garden to its member. Return the member ids.",
    name="r52_garden_assign",
    inputs={"garden": str},
    outputs={"members": list[str]},
    actions=[list_plot_offers, assign_plot],
)


def plots_ref(i: dict[str, Any]) -> Expected:
    ws = WAITLISTS[i["garden"]]
    return Expected([("assign_plot", m, p) for m, p in ws], {"members": [m for m, _ in ws]})


CASES.append(
    Case(
        task=plots,
        features=("act on all", "dict arg with $refs", "list copied"),
        recorded={"garden": "elm"},
        answers=[
            say("Accepted offers.", "list_plot_offers", garden=ref("garden")),
            say(
                "Assigning P-12 to G7.",
                "assign_plot",
                assignment={
                    "member_id": ref("list_plot_offers_1.0.member_id"),
                    "plot": ref("list_plot_offers_1.0.plot"),
                },
            ),
            say(
                "Assigning P-3 to G8.",
                "assign_plot",
                assignment={
                    "member_id": ref("list_plot_offers_1.1.member_id"),
                    "plot": ref("list_plot_offers_1.1.plot"),
                },
            ),
            say("Assigned G7 and G8.", "finish", members=["G7", "G8"]),
        ],
        reference=plots_ref,
        held_out=[
            HeldOut("1 offer", {"garden": "oak"}),
            HeldOut("3 offers", {"garden": "ash"}),
            HeldOut("none", {"garden": "yew"}),
        ],
    )
)


# ---------- 21 climbing gym: per-item refund computed from an input rate, cancelled class
class Booking(BaseModel):
    id: str
    paid: float


CLASSES = {
    "intro_mon": [("BK1", 20.0), ("BK2", 30.0)],
    "lead_tue": [("BK5", 45.0)],
    "kids_wed": [("BK8", 10.0), ("BK9", 12.0), ("BK10", 10.0)],
    "yoga_thu": [],
}


@action(read_only=True)
def list_class_bookings(class_id: str) -> list[Booking]:
    """Bookings for a class with what each member paid."""
    return [Booking(id=b, paid=p) for b, p in CLASSES[class_id]]


@action
def refund_booking(booking_id: str, amount: float) -> str:
    """Refund part or all of a booking."""
    effect("refund_booking", booking_id, amount)
    return "refunded"


refunds: Task[Any] = Task(
    "The class is cancelled: refund every booking the given share of what was paid (e.g. 0.5 for "
    "half). Return how many bookings you refunded.",
    name="r52_climbing_refunds",
    inputs={"class_id": str, "share": float},
    outputs={"refunded": int},
    actions=[list_class_bookings, refund_booking],
)


def refunds_ref(i: dict[str, Any]) -> Expected:
    bs = CLASSES[i["class_id"]]
    return Expected([("refund_booking", b, p * i["share"]) for b, p in bs], {"refunded": len(bs)})


CASES.append(
    Case(
        task=refunds,
        features=("act on all", "per-item compute from input", "count typed"),
        recorded={"class_id": "intro_mon", "share": 0.5},
        answers=[
            say("Bookings for the class.", "list_class_bookings", class_id=ref("class_id")),
            say("Refund for BK1.", "compute", expression="list_class_bookings_1[0].paid * share"),
            say(
                "Refunding 10.",
                "refund_booking",
                booking_id=ref("list_class_bookings_1.0.id"),
                amount=ref("compute_1"),
            ),
            say("Refund for BK2.", "compute", expression="list_class_bookings_1[1].paid * share"),
            say(
                "Refunding 15.",
                "refund_booking",
                booking_id=ref("list_class_bookings_1.1.id"),
                amount=ref("compute_2"),
            ),
            say("Two refunds.", "finish", refunded=2),
        ],
        reference=refunds_ref,
        held_out=[
            HeldOut("1 booking, full", {"class_id": "lead_tue", "share": 1.0}),
            HeldOut("3 bookings", {"class_id": "kids_wed", "share": 0.5}),
            HeldOut("no bookings", {"class_id": "yoga_thu", "share": 0.5}),
        ],
    )
)


# ---------- 22 hostel checkout: filter on a balance > 0, charge the balance by $ref, ids list
class Guest(BaseModel):
    id: str
    balance: float


CHECKOUTS = {
    "mon": [("H1", 0.0), ("H2", 12.5), ("H3", 0.0), ("H4", 30.0)],
    "tue": [("H10", 0.0)],
    "wed": [("H20", 8.0)],
    "thu": [],
}


@action(read_only=True)
def list_checkouts(day: str) -> list[Guest]:
    """Guests checking out on a day with their open balance (bar tab, towels, late checkout)."""
    return [Guest(id=g, balance=b) for g, b in CHECKOUTS[day]]


@action
def charge_card(guest_id: str, amount: float) -> str:
    """Charge a guest's card on file."""
    effect("charge_card", guest_id, amount)
    return "charged"


checkout: Task[Any] = Task(
    "Charge every guest checking out on the day the open balance on their card, for those who "
    "have one. Return the guest ids you charged.",
    name="r52_hostel_checkout",
    inputs={"day": str},
    outputs={"charged": list[str]},
    actions=[list_checkouts, charge_card],
)


def checkout_ref(i: dict[str, Any]) -> Expected:
    gs = [(g, b) for g, b in CHECKOUTS[i["day"]] if b > 0]
    return Expected([("charge_card", g, b) for g, b in gs], {"charged": [g for g, _ in gs]})


CASES.append(
    Case(
        task=checkout,
        features=("filter compute", "amount by $ref", "list copied"),
        recorded={"day": "mon"},
        answers=[
            say("Today's checkouts.", "list_checkouts", day=ref("day")),
            say(
                "Who owes something?",
                "compute",
                expression="[g for g in list_checkouts_1 if g.balance > 0]",
            ),
            say(
                "H2 owes 12.50.",
                "charge_card",
                guest_id=ref("compute_1.0.id"),
                amount=ref("compute_1.0.balance"),
            ),
            say(
                "H4 owes 30.",
                "charge_card",
                guest_id=ref("compute_1.1.id"),
                amount=ref("compute_1.1.balance"),
            ),
            say("Charged H2 and H4.", "finish", charged=["H2", "H4"]),
        ],
        reference=checkout_ref,
        held_out=[
            HeldOut("none owe", {"day": "tue"}),
            HeldOut("1 owes", {"day": "wed"}),
            HeldOut("nobody leaving", {"day": "thu"}),
        ],
    )
)
CASES = at_least_three(CASES)
