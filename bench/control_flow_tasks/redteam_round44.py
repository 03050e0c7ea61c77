"""Round 44: ordinary business tasks in new domains, varied agent styles, replayed on new inputs.

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


# ------------------------------------ 1 airport ground handling: filter compute on status, $ref
class Flight(BaseModel):
    id: str
    status: str
    stand: str


FLIGHTS = {
    "T1": [
        ("LH100", "delayed", "A1"),
        ("LH102", "on_time", "A2"),
        ("BA7", "delayed", "A4"),
        ("AF9", "boarding", "A5"),
    ],
    "T2": [("KL5", "delayed", "B1")],
    "T3": [("IB3", "on_time", "C1"), ("TP8", "boarding", "C2")],
    "T4": [],
    "T5": [
        ("U21", "delayed", "D1"),
        ("U22", "delayed", "D2"),
        ("U23", "delayed", "D3"),
        ("U24", "on_time", "D4"),
    ],
}


@action(read_only=True)
def list_departures(terminal: str) -> list[Flight]:
    """Today's departures of a terminal with status (on_time, delayed, boarding) and stand."""
    return [Flight(id=f, status=s, stand=st) for f, s, st in FLIGHTS[terminal]]


@action
def hold_catering_truck(flight_id: str, stand: str) -> str:
    """Hold back the catering truck for a flight at its stand."""
    effect("hold_catering_truck", flight_id, stand)
    return "held"


ground: Task[Any] = Task(
    "Hold back the catering truck for every delayed departure of the terminal. Return how many "
    "trucks you held.",
    name="r44_catering_hold",
    inputs={"terminal": str},
    outputs={"held": int},
    actions=[list_departures, hold_catering_truck],
)


def ground_ref(i: dict[str, Any]) -> Expected:
    fl = [(f, st) for f, s, st in FLIGHTS[i["terminal"]] if s == "delayed"]
    return Expected([("hold_catering_truck", f, st) for f, st in fl], {"held": len(fl)})


CASES.append(
    Case(
        task=ground,
        features=("filter compute", "$ref", "count typed"),
        recorded={"terminal": "T1"},
        answers=[
            say("Checking the departures board.", "list_departures", terminal=ref("terminal")),
            say(
                "Keeping the delayed ones.",
                "compute",
                expression="[f for f in list_departures_1 if f.status == 'delayed']",
            ),
            say(
                "LH100 at A1.",
                "hold_catering_truck",
                flight_id=ref("compute_1.0.id"),
                stand=ref("compute_1.0.stand"),
            ),
            say(
                "BA7 at A4.",
                "hold_catering_truck",
                flight_id=ref("compute_1.1.id"),
                stand=ref("compute_1.1.stand"),
            ),
            say("Held two trucks.", "finish", held=2),
        ],
        reference=ground_ref,
        held_out=[
            HeldOut("1 delayed", {"terminal": "T2"}),
            HeldOut("none delayed", {"terminal": "T3"}),
            HeldOut("no flights", {"terminal": "T4"}),
            HeldOut("3 delayed", {"terminal": "T5"}),
        ],
    )
)


# ------------------- 2 water utility: lookup each, decision in head vs an input, list copied
class Meter(BaseModel):
    id: str
    litres_per_day: int


METERS = {"M1": 310, "M2": 1450, "M3": 220, "M4": 2100, "M5": 980, "M6": 5000, "M7": 400}
DISTRICTS = {
    "north": ["M1", "M2", "M3"],
    "east": ["M4", "M5"],
    "south": ["M7"],
    "west": [],
    "centre": ["M6", "M1", "M4", "M5"],
}


@action(read_only=True)
def list_meters(district: str) -> list[str]:
    """Ids of the water meters of a district."""
    return list(DISTRICTS[district])


@action(read_only=True)
def get_meter(meter_id: str) -> Meter:
    """A meter with its average consumption over the last week."""
    return Meter(id=meter_id, litres_per_day=METERS[meter_id])


@action
def schedule_leak_check(meter_id: str) -> str:
    """Send a technician to check a property for leaks."""
    effect("schedule_leak_check", meter_id)
    return "scheduled"


water: Task[Any] = Task(
    "Schedule a leak check for every meter of the district whose daily consumption is above "
    "the limit. Return the ids of the meters you scheduled.",
    name="r44_leak_checks",
    inputs={"district": str, "limit": int},
    outputs={"checked": list[str]},
    actions=[list_meters, get_meter, schedule_leak_check],
)


def water_ref(i: dict[str, Any]) -> Expected:
    ids = [m for m in DISTRICTS[i["district"]] if METERS[m] > i["limit"]]
    return Expected([("schedule_leak_check", m) for m in ids], {"checked": ids})


_wa = [say("Listing the district's meters.", "list_meters", district=ref("district"))]
for n, hi in enumerate([False, True, False], start=1):
    _wa.append(say("Reading the meter.", "get_meter", meter_id=ref(f"list_meters_1.{n-1}")))
    if hi:
        _wa.append(say("Above the limit.", "schedule_leak_check", meter_id=f"M{n}"))
_wa.append(say("Only M2 is above 1000 l/day.", "finish", checked=["M2"]))
CASES.append(
    Case(
        task=water,
        features=("lookup each", "decision in head", "input threshold", "copied", "list copied"),
        recorded={"district": "north", "limit": 1000},
        answers=_wa,
        reference=water_ref,
        held_out=[
            HeldOut("1 of 2", {"district": "east", "limit": 1000}),
            HeldOut("none over", {"district": "south", "limit": 1000}),
            HeldOut("empty district", {"district": "west", "limit": 1000}),
            HeldOut("3 of 4 lower limit", {"district": "centre", "limit": 900}),
        ],
    )
)


# ------------------------------------ 3 dental lab: act on all, ids copied, clinic from input
class LabCase(BaseModel):
    id: str
    kind: str


LAB = {
    "smile-dental": [("C-11", "crown"), ("C-12", "bridge"), ("C-13", "veneer")],
    "bright-teeth": [("C-20", "crown")],
    "oak-clinic": [],
    "river-dent": [("C-31", "implant"), ("C-32", "crown"), ("C-33", "crown"), ("C-34", "inlay")],
}


@action(read_only=True)
def list_finished_cases(clinic: str) -> list[LabCase]:
    """Finished lab cases waiting to go back to a clinic."""
    return [LabCase(id=c, kind=k) for c, k in LAB[clinic]]


@action
def ship_case(case_id: str, clinic: str) -> str:
    """Ship a finished case back to the clinic by courier."""
    effect("ship_case", case_id, clinic)
    return "shipped"


dlab: Task[Any] = Task(
    "Ship every finished case back to the clinic. Return how many cases you shipped.",
    name="r44_dental_lab_ship",
    inputs={"clinic": str},
    outputs={"shipped": int},
    actions=[list_finished_cases, ship_case],
)


def dlab_ref(i: dict[str, Any]) -> Expected:
    c = LAB[i["clinic"]]
    return Expected([("ship_case", x, i["clinic"]) for x, _ in c], {"shipped": len(c)})


CASES.append(
    Case(
        task=dlab,
        features=("act on all", "copied literals", "count typed"),
        recorded={"clinic": "smile-dental"},
        answers=[
            say("What is finished for Smile Dental?", "list_finished_cases", clinic="smile-dental"),
            say("Shipping the crown.", "ship_case", case_id="C-11", clinic="smile-dental"),
            say("Shipping the bridge.", "ship_case", case_id="C-12", clinic="smile-dental"),
            say("Shipping the veneer.", "ship_case", case_id="C-13", clinic="smile-dental"),
            say("All three shipped.", "finish", shipped=3),
        ],
        reference=dlab_ref,
        held_out=[
            HeldOut("1 case", {"clinic": "bright-teeth"}),
            HeldOut("nothing finished", {"clinic": "oak-clinic"}),
            HeldOut("4 cases", {"clinic": "river-dent"}),
        ],
    )
)


# ------------------------ 4 school library: act on all, two fields of each item into the call
class Loan(BaseModel):
    student_id: str
    title: str
    days_overdue: int


LOANS = {
    "5A": [("S1", "Matilda", 3), ("S2", "Holes", 10)],
    "5B": [("S7", "Wonder", 1)],
    "5C": [],
    "6A": [("S9", "Dune", 2), ("S10", "Hatchet", 8), ("S11", "Coraline", 4)],
}


@action(read_only=True)
def list_overdue_loans(class_name: str) -> list[Loan]:
    """Overdue library loans of a class."""
    return [Loan(student_id=s, title=t, days_overdue=d) for s, t, d in LOANS[class_name]]


@action
def send_return_reminder(student_id: str, title: str) -> str:
    """Put a return reminder slip for a book in a student's tray."""
    effect("send_return_reminder", student_id, title)
    return "sent"


lib: Task[Any] = Task(
    "Send a return reminder for every overdue loan of the class. Return how many you sent.",
    name="r44_library_reminders",
    inputs={"class_name": str},
    outputs={"reminders": int},
    actions=[list_overdue_loans, send_return_reminder],
)


def lib_ref(i: dict[str, Any]) -> Expected:
    L = LOANS[i["class_name"]]
    return Expected([("send_return_reminder", s, t) for s, t, _ in L], {"reminders": len(L)})


CASES.append(
    Case(
        task=lib,
        features=("act on all", "$ref by path", "count typed"),
        recorded={"class_name": "5A"},
        answers=[
            say("Looking up overdue loans.", "list_overdue_loans", class_name=ref("class_name")),
            say(
                "Reminder for Matilda.",
                "send_return_reminder",
                student_id=ref("list_overdue_loans_1.0.student_id"),
                title=ref("list_overdue_loans_1.0.title"),
            ),
            say(
                "Reminder for Holes.",
                "send_return_reminder",
                student_id=ref("list_overdue_loans_1.1.student_id"),
                title=ref("list_overdue_loans_1.1.title"),
            ),
            say("Two reminders sent.", "finish", reminders=2),
        ],
        reference=lib_ref,
        held_out=[
            HeldOut("1 loan", {"class_name": "5B"}),
            HeldOut("no loans", {"class_name": "5C"}),
            HeldOut("3 loans", {"class_name": "6A"}),
        ],
    )
)


# ------------------- 5 port logistics: lookup each, compute, both sides, counts typed
class Container(BaseModel):
    id: str
    reefer: bool
    weight_t: float


CONT = {
    "MSCU1": (True, 22.0),
    "MSCU2": (False, 18.5),
    "MSCU3": (False, 25.0),
    "MSCU4": (True, 20.0),
    "MSCU5": (True, 12.0),
    "MSCU6": (False, 9.0),
    "MSCU7": (False, 30.0),
}
VESSELS = {
    "Aurora": ["MSCU1", "MSCU2", "MSCU3"],
    "Baltic": ["MSCU4"],
    "Corvus": ["MSCU6", "MSCU7"],
    "Delta": [],
    "Echo": ["MSCU5", "MSCU6", "MSCU4", "MSCU2"],
}


@action(read_only=True)
def list_discharge(vessel: str) -> list[str]:
    """Ids of the containers to discharge from a vessel."""
    return list(VESSELS[vessel])


@action(read_only=True)
def get_container(container_id: str) -> Container:
    """A container: whether it is refrigerated (reefer) and its gross weight."""
    r, w = CONT[container_id]
    return Container(id=container_id, reefer=r, weight_t=w)


@action
def assign_reefer_plug(container_id: str) -> str:
    """Reserve a powered reefer slot for a refrigerated container."""
    effect("assign_reefer_plug", container_id)
    return "plugged"


@action
def assign_dry_stack(container_id: str) -> str:
    """Assign a dry container to a slot in the general stack."""
    effect("assign_dry_stack", container_id)
    return "stacked"


port: Task[Any] = Task(
    "For each container to discharge from the vessel, reserve a reefer plug if it is a reefer, "
    "otherwise assign it to the dry stack. Report how many reefers and how many dry containers.",
    name="r44_port_yard",
    inputs={"vessel": str},
    outputs={"reefers": int, "dry": int},
    actions=[list_discharge, get_container, assign_reefer_plug, assign_dry_stack],
)


def port_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_reefer_plug" if CONT[c][0] else "assign_dry_stack", c)
        for c in VESSELS[i["vessel"]]
    ]
    r = sum(1 for e in eff if e[0] == "assign_reefer_plug")
    return Expected(eff, {"reefers": r, "dry": len(eff) - r})


_po = [say("Discharge list.", "list_discharge", vessel=ref("vessel"))]
for n, rf in enumerate([True, False, False], start=1):
    _po.append(
        say("Container details.", "get_container", container_id=ref(f"list_discharge_1.{n-1}"))
    )
    _po.append(say("Reefer?", "compute", expression=f"get_container_{n}.reefer"))
    _po.append(
        say(
            "Assigning.",
            "assign_reefer_plug" if rf else "assign_dry_stack",
            container_id=ref(f"get_container_{n}.id"),
        )
    )
_po.append(say("One reefer, two dry.", "finish", reefers=1, dry=2))
CASES.append(
    Case(
        task=port,
        features=("lookup each", "both sides", "compute", "counts typed"),
        recorded={"vessel": "Aurora"},
        answers=_po,
        reference=port_ref,
        held_out=[
            HeldOut("1 reefer only", {"vessel": "Baltic"}),
            HeldOut("2 dry only", {"vessel": "Corvus"}),
            HeldOut("empty", {"vessel": "Delta"}),
            HeldOut("2+2", {"vessel": "Echo"}),
        ],
    )
)


# ------------------ 6 wedding planning: filter compute, per-item field passed, refs list finish
class Guest(BaseModel):
    id: str
    rsvp: str
    meal: str


GUESTS = {
    "smith-jones": [
        ("G1", "yes", "fish"),
        ("G2", "no", "beef"),
        ("G3", "yes", "vegan"),
        ("G4", "pending", "beef"),
    ],
    "lee-park": [("G5", "yes", "beef")],
    "ortiz": [("G6", "no", "fish"), ("G7", "pending", "vegan")],
    "novak": [("G8", "yes", "beef"), ("G9", "yes", "fish"), ("G10", "yes", "vegan")],
}


@action(read_only=True)
def list_guests(wedding: str) -> list[Guest]:
    """The guests of a wedding with their RSVP (yes, no, pending) and meal choice."""
    return [Guest(id=g, rsvp=r, meal=m) for g, r, m in GUESTS[wedding]]


@action
def print_place_card(guest_id: str, meal: str) -> str:
    """Print a place card for a guest, marked with their meal."""
    effect("print_place_card", guest_id, meal)
    return "printed"


wed: Task[Any] = Task(
    "Print a place card, marked with the guest's meal, for every guest who RSVP'd yes. Return "
    "the ids of the guests you printed cards for.",
    name="r44_place_cards",
    inputs={"wedding": str},
    outputs={"printed": list[str]},
    actions=[list_guests, print_place_card],
)


def wed_ref(i: dict[str, Any]) -> Expected:
    g = [(x, m) for x, r, m in GUESTS[i["wedding"]] if r == "yes"]
    return Expected([("print_place_card", x, m) for x, m in g], {"printed": [x for x, _ in g]})


CASES.append(
    Case(
        task=wed,
        features=("filter compute", "per-item field", "refs list in finish"),
        recorded={"wedding": "smith-jones"},
        answers=[
            say("Getting the guest list.", "list_guests", wedding=ref("wedding")),
            say(
                "Confirmed guests only.",
                "compute",
                expression="[g for g in list_guests_1 if g.rsvp == 'yes']",
            ),
            say(
                "Card for G1.",
                "print_place_card",
                guest_id=ref("compute_1.0.id"),
                meal=ref("compute_1.0.meal"),
            ),
            say(
                "Card for G3.",
                "print_place_card",
                guest_id=ref("compute_1.1.id"),
                meal=ref("compute_1.1.meal"),
            ),
            say("Done.", "finish", printed=[ref("compute_1.0.id"), ref("compute_1.1.id")]),
        ],
        reference=wed_ref,
        held_out=[
            HeldOut("1 yes", {"wedding": "lee-park"}),
            HeldOut("no yes", {"wedding": "ortiz"}),
            HeldOut("3 yes", {"wedding": "novak"}),
        ],
    )
)


# --------------- 7 car-wash chain: lookup each, compute filter by number, "if any, notify" after
class Site(BaseModel):
    id: str
    soap_litres: int


SOAP = {"W1": 12, "W2": 45, "W3": 8, "W4": 60, "W5": 19, "W6": 30}
REGIONS = {
    "east": ["W1", "W2", "W3"],
    "west": ["W4", "W6"],
    "south": ["W5"],
    "north": ["W2", "W1", "W4", "W5"],
}


@action(read_only=True)
def list_sites(region: str) -> list[str]:
    """Ids of the car-wash sites of a region."""
    return list(REGIONS[region])


@action(read_only=True)
def get_site(site_id: str) -> Site:
    """A site with the litres of soap concentrate left."""
    return Site(id=site_id, soap_litres=SOAP[site_id])


@action
def order_soap(site_id: str, litres: int) -> str:
    """Order soap concentrate delivered to a site."""
    effect("order_soap", site_id, litres)
    return "ordered"


@action
def notify_regional_manager(region: str, message: str) -> str:
    """Message the region's manager."""
    effect("notify_regional_manager", region, message)
    return "sent"


wash: Task[Any] = Task(
    "Order 50 litres of soap for every site of the region with less than 20 litres left. If you "
    "ordered for any site, tell the regional manager 'Soap reordered'. Return how many orders.",
    name="r44_carwash_soap",
    inputs={"region": str},
    outputs={"orders": int},
    actions=[list_sites, get_site, order_soap, notify_regional_manager],
)


def wash_ref(i: dict[str, Any]) -> Expected:
    low = [s for s in REGIONS[i["region"]] if SOAP[s] < 20]
    eff: list[tuple[Any, ...]] = [("order_soap", s, 50) for s in low]
    if low:
        eff.append(("notify_regional_manager", i["region"], "Soap reordered"))
    return Expected(eff, {"orders": len(low)})


_cw = [say("Which sites are in the region?", "list_sites", region=ref("region"))]
for n, low in enumerate([True, False, True], start=1):
    _cw.append(say("Checking soap.", "get_site", site_id=ref(f"list_sites_1.{n-1}")))
    _cw.append(say("Below 20?", "compute", expression=f"get_site_{n}.soap_litres < 20"))
    if low:
        _cw.append(say("Ordering.", "order_soap", site_id=ref(f"get_site_{n}.id"), litres=50))
_cw.append(
    say(
        "Telling the manager.",
        "notify_regional_manager",
        region=ref("region"),
        message="Soap reordered",
    )
)
_cw.append(say("Two orders placed.", "finish", orders=2))
CASES.append(
    Case(
        task=wash,
        features=("lookup each", "compute", "one side", "if any notify", "count typed"),
        recorded={"region": "east"},
        answers=_cw,
        reference=wash_ref,
        held_out=[
            HeldOut("none low", {"region": "west"}, new_path=True),
            HeldOut("1 low", {"region": "south"}),
            HeldOut("2 of 4", {"region": "north"}),
        ],
    )
)


# ----------------------- 8 solar installer: loop over a field of a result (quote.lines), copied
class QuoteLine(BaseModel):
    sku: str
    qty: int


class Quote(BaseModel):
    id: str
    customer: str
    lines: list[QuoteLine]


QUOTES = {
    "Q-1": ("Ms Berg", [("PANEL-400", 12), ("INV-5K", 1), ("RAIL-2M", 8)]),
    "Q-2": ("Mr Ode", [("PANEL-400", 6)]),
    "Q-3": ("Farm Co", [("PANEL-450", 40), ("INV-10K", 2), ("RAIL-2M", 30), ("BATT-10", 2)]),
    "Q-4": ("Dr Lim", [("INV-5K", 1), ("BATT-10", 1)]),
}


@action(read_only=True)
def get_quote(quote_id: str) -> Quote:
    """An accepted quote with its lines (stock item and quantity)."""
    c, L = QUOTES[quote_id]
    return Quote(id=quote_id, customer=c, lines=[QuoteLine(sku=s, qty=q) for s, q in L])


@action
def reserve_stock(sku: str, qty: int, quote_id: str) -> str:
    """Reserve warehouse stock for a quote."""
    effect("reserve_stock", sku, qty, quote_id)
    return "reserved"


solar: Task[Any] = Task(
    "Reserve warehouse stock for every line of the accepted quote. Return the number of lines "
    "reserved.",
    name="r44_solar_reserve",
    inputs={"quote_id": str},
    outputs={"lines": int},
    actions=[get_quote, reserve_stock],
)


def solar_ref(i: dict[str, Any]) -> Expected:
    L = QUOTES[i["quote_id"]][1]
    return Expected([("reserve_stock", s, q, i["quote_id"]) for s, q in L], {"lines": len(L)})


CASES.append(
    Case(
        task=solar,
        features=("loop over field", "mixed $ref and copied", "count typed"),
        recorded={"quote_id": "Q-1"},
        answers=[
            say("Opening the quote.", "get_quote", quote_id=ref("quote_id")),
            say("12 panels.", "reserve_stock", sku="PANEL-400", qty=12, quote_id="Q-1"),
            say("The inverter.", "reserve_stock", sku="INV-5K", qty=1, quote_id="Q-1"),
            say("Rails.", "reserve_stock", sku="RAIL-2M", qty=8, quote_id="Q-1"),
            say("Three lines reserved.", "finish", lines=3),
        ],
        reference=solar_ref,
        held_out=[
            HeldOut("1 line", {"quote_id": "Q-2"}),
            HeldOut("4 lines", {"quote_id": "Q-3"}),
            HeldOut("2 lines", {"quote_id": "Q-4"}),
        ],
    )
)


# ------------------ 9 translation agency: per-item computed amount from an input rate
class Job(BaseModel):
    id: str
    words: int


JOBS = {
    "acme": [("J1", 1200), ("J2", 450), ("J3", 3000)],
    "globex": [("J4", 800)],
    "initech": [],
    "umbrella": [("J5", 100), ("J6", 2500), ("J7", 999), ("J8", 60)],
}


@action(read_only=True)
def list_delivered_jobs(client: str) -> list[Job]:
    """Translation jobs delivered to a client this month, with word counts."""
    return [Job(id=j, words=w) for j, w in JOBS[client]]


@action
def create_invoice(job_id: str, amount: float) -> str:
    """Invoice a job to the client."""
    effect("create_invoice", job_id, amount)
    return "invoiced"


trans: Task[Any] = Task(
    "Invoice every delivered job of the client at the per-word rate, rounded to cents. Return "
    "how many invoices you created.",
    name="r44_translation_invoices",
    inputs={"client": str, "rate": float},
    outputs={"invoices": int},
    actions=[list_delivered_jobs, create_invoice],
)


def trans_ref(i: dict[str, Any]) -> Expected:
    J = JOBS[i["client"]]
    return Expected(
        [("create_invoice", j, round(w * i["rate"], 2)) for j, w in J], {"invoices": len(J)}
    )


_tr = [say("Delivered jobs.", "list_delivered_jobs", client=ref("client"))]
for n in range(3):
    _tr.append(
        say("Amount.", "compute", expression=f"round(list_delivered_jobs_1[{n}].words * rate, 2)")
    )
    _tr.append(
        say(
            "Invoicing.",
            "create_invoice",
            job_id=ref(f"list_delivered_jobs_1.{n}.id"),
            amount=ref(f"compute_{n+1}"),
        )
    )
_tr.append(say("Three invoices.", "finish", invoices=3))
CASES.append(
    Case(
        task=trans,
        features=("act on all", "per-item compute", "input rate", "count typed"),
        recorded={"client": "acme", "rate": 0.12},
        answers=_tr,
        reference=trans_ref,
        held_out=[
            HeldOut("1 job", {"client": "globex", "rate": 0.12}),
            HeldOut("no jobs", {"client": "initech", "rate": 0.12}),
            HeldOut("4 jobs other rate", {"client": "umbrella", "rate": 0.095}),
        ],
    )
)


# ----------------------------- 10 dog daycare: one decision on one value, other branch
class Day(BaseModel):
    date: str
    booked: int
    capacity: int


DAYS = {
    "2026-06-01": (34, 30),
    "2026-06-02": (22, 30),
    "2026-06-03": (41, 40),
    "2026-06-04": (30, 30),
}


@action(read_only=True)
def get_day(date: str) -> Day:
    """Bookings and pen capacity of a daycare day."""
    b, c = DAYS[date]
    return Day(date=date, booked=b, capacity=c)


@action
def open_overflow_pen(date: str) -> str:
    """Open the overflow pen and call in an extra carer for a day."""
    effect("open_overflow_pen", date)
    return "opened"


dog: Task[Any] = Task(
    "If more dogs are booked for the day than the pens hold, open the overflow pen. Return "
    "whether you opened it.",
    name="r44_daycare_overflow",
    inputs={"date": str},
    outputs={"opened": bool},
    actions=[get_day, open_overflow_pen],
)


def dog_ref(i: dict[str, Any]) -> Expected:
    b, c = DAYS[i["date"]]
    return Expected([("open_overflow_pen", i["date"])] if b > c else [], {"opened": b > c})


CASES.append(
    Case(
        task=dog,
        features=("single decision", "compute", "bool typed"),
        recorded={"date": "2026-06-01"},
        answers=[
            say("Bookings for the day.", "get_day", date=ref("date")),
            say("Over capacity?", "compute", expression="get_day_1.booked > get_day_1.capacity"),
            say("34 > 30, opening.", "open_overflow_pen", date=ref("date")),
            say("Opened.", "finish", opened=True),
        ],
        reference=dog_ref,
        held_out=[
            HeldOut("under capacity", {"date": "2026-06-02"}, new_path=True),
            HeldOut("over by 1", {"date": "2026-06-03"}),
            HeldOut("exactly full", {"date": "2026-06-04"}, new_path=True),
        ],
    )
)


# --------------------------- 11 print shop: two loops in a row, counts typed for both
class PrintOrder(BaseModel):
    id: str
    customer_email: str


READY = {
    "mon": [("P1", "a@x.com"), ("P2", "b@x.com")],
    "tue": [("P3", "c@x.com")],
    "wed": [],
    "thu": [("P4", "d@x.com"), ("P5", "e@x.com"), ("P6", "f@x.com")],
}
TO_PRINT = {"mon": ["P7", "P8", "P9"], "tue": [], "wed": ["P10"], "thu": ["P11", "P12"]}


@action(read_only=True)
def list_queued_jobs(day: str) -> list[str]:
    """Ids of print jobs queued for a day."""
    return list(TO_PRINT[day])


@action
def send_to_press(job_id: str) -> str:
    """Send a queued job to the press."""
    effect("send_to_press", job_id)
    return "printing"


@action(read_only=True)
def list_ready_orders(day: str) -> list[PrintOrder]:
    """Finished orders of a day waiting for pickup."""
    return [PrintOrder(id=o, customer_email=e) for o, e in READY[day]]


@action
def email_pickup_notice(order_id: str, email: str) -> str:
    """Tell a customer their order is ready for pickup."""
    effect("email_pickup_notice", order_id, email)
    return "sent"


prn: Task[Any] = Task(
    "Send every queued job of the day to the press, then email a pickup notice for every "
    "finished order of the day. Return how many jobs you sent and how many notices.",
    name="r44_print_shop_day",
    inputs={"day": str},
    outputs={"printed": int, "notices": int},
    actions=[list_queued_jobs, send_to_press, list_ready_orders, email_pickup_notice],
)


def prn_ref(i: dict[str, Any]) -> Expected:
    d = i["day"]
    eff: list[tuple[Any, ...]] = [("send_to_press", j) for j in TO_PRINT[d]]
    eff += [("email_pickup_notice", o, e) for o, e in READY[d]]
    return Expected(eff, {"printed": len(TO_PRINT[d]), "notices": len(READY[d])})


CASES.append(
    Case(
        task=prn,
        features=("two loops", "$ref", "copied", "counts typed"),
        recorded={"day": "mon"},
        answers=[
            say("Queued jobs first.", "list_queued_jobs", day=ref("day")),
            say("P7.", "send_to_press", job_id="P7"),
            say("P8.", "send_to_press", job_id="P8"),
            say("P9.", "send_to_press", job_id="P9"),
            say("Now the finished orders.", "list_ready_orders", day=ref("day")),
            say(
                "Notice for P1.",
                "email_pickup_notice",
                order_id=ref("list_ready_orders_1.0.id"),
                email=ref("list_ready_orders_1.0.customer_email"),
            ),
            say(
                "Notice for P2.",
                "email_pickup_notice",
                order_id=ref("list_ready_orders_1.1.id"),
                email=ref("list_ready_orders_1.1.customer_email"),
            ),
            say("3 printed, 2 notices.", "finish", printed=3, notices=2),
        ],
        reference=prn_ref,
        held_out=[
            HeldOut("0 jobs 1 notice", {"day": "tue"}),
            HeldOut("1 job 0 notices", {"day": "wed"}),
            HeldOut("2 jobs 3 notices", {"day": "thu"}),
        ],
    )
)


# ----------------- 12 blood bank: filter by a number field, input destination, ids copied
class Unit(BaseModel):
    id: str
    blood_type: str
    days_to_expiry: int


UNITS = {
    "O-": [("U1", 2), ("U2", 20), ("U3", 3), ("U4", 11)],
    "A+": [("U5", 1)],
    "B+": [("U6", 15), ("U7", 9)],
    "AB-": [("U8", 0), ("U9", 3), ("U10", 2)],
}


@action(read_only=True)
def list_units(blood_type: str) -> list[Unit]:
    """Units of a blood type in stock with days left before expiry."""
    return [Unit(id=u, blood_type=blood_type, days_to_expiry=d) for u, d in UNITS[blood_type]]


@action
def transfer_unit(unit_id: str, hospital: str) -> str:
    """Send a unit to a hospital."""
    effect("transfer_unit", unit_id, hospital)
    return "sent"


blood: Task[Any] = Task(
    "Send every unit of the blood type that expires within 3 days to the hospital so it is used "
    "in time. Return the ids of the units you sent.",
    name="r44_blood_expiring",
    inputs={"blood_type": str, "hospital": str},
    outputs={"sent": list[str]},
    actions=[list_units, transfer_unit],
)


def blood_ref(i: dict[str, Any]) -> Expected:
    u = [x for x, d in UNITS[i["blood_type"]] if d <= 3]
    return Expected([("transfer_unit", x, i["hospital"]) for x in u], {"sent": u})


CASES.append(
    Case(
        task=blood,
        features=("filter compute", "ids copied", "list copied"),
        recorded={"blood_type": "O-", "hospital": "St Mary"},
        answers=[
            say("Units in stock.", "list_units", blood_type=ref("blood_type")),
            say(
                "Expiring within 3 days.",
                "compute",
                expression="[u.id for u in list_units_1 if u.days_to_expiry <= 3]",
            ),
            say("Sending U1.", "transfer_unit", unit_id="U1", hospital=ref("hospital")),
            say("Sending U3.", "transfer_unit", unit_id="U3", hospital=ref("hospital")),
            say("Sent U1 and U3.", "finish", sent=["U1", "U3"]),
        ],
        reference=blood_ref,
        held_out=[
            HeldOut("1 expiring", {"blood_type": "A+", "hospital": "St Mary"}),
            HeldOut("none expiring", {"blood_type": "B+", "hospital": "City General"}),
            HeldOut("3 expiring other hospital", {"blood_type": "AB-", "hospital": "City General"}),
        ],
    )
)


# -------------- 13 ski school: lookup each, both sides decided in head, lists copied in finish
class Lesson(BaseModel):
    id: str
    enrolled: int
    instructor: str


LESSONS = {
    "L1": (0, "Anna"),
    "L2": (4, "Ben"),
    "L3": (6, "Cara"),
    "L4": (0, "Dan"),
    "L5": (2, "Eve"),
    "L6": (0, "Finn"),
}
SLOTS = {
    "sat": ["L1", "L2", "L3"],
    "sun": ["L4"],
    "mon": ["L5", "L2"],
    "tue": [],
    "wed": ["L6", "L5", "L4", "L3"],
}


@action(read_only=True)
def list_lessons(day: str) -> list[str]:
    """Ids of the group lessons scheduled for a day."""
    return list(SLOTS[day])


@action(read_only=True)
def get_lesson(lesson_id: str) -> Lesson:
    """A lesson with how many pupils enrolled and its instructor."""
    e, ins = LESSONS[lesson_id]
    return Lesson(id=lesson_id, enrolled=e, instructor=ins)


@action
def cancel_lesson(lesson_id: str) -> str:
    """Cancel a lesson and free its instructor."""
    effect("cancel_lesson", lesson_id)
    return "cancelled"


@action
def confirm_lesson(lesson_id: str) -> str:
    """Confirm a lesson to its instructor."""
    effect("confirm_lesson", lesson_id)
    return "confirmed"


ski: Task[Any] = Task(
    "For each lesson of the day, cancel it if nobody enrolled, otherwise confirm it to the "
    "instructor. Return the ids you cancelled and the ids you confirmed.",
    name="r44_ski_lessons",
    inputs={"day": str},
    outputs={"cancelled": list[str], "confirmed": list[str]},
    actions=[list_lessons, get_lesson, cancel_lesson, confirm_lesson],
)


def ski_ref(i: dict[str, Any]) -> Expected:
    eff = []
    c: list[str] = []
    k: list[str] = []
    for l_ in SLOTS[i["day"]]:
        if LESSONS[l_][0] == 0:
            eff.append(("cancel_lesson", l_))
            c.append(l_)
        else:
            eff.append(("confirm_lesson", l_))
            k.append(l_)
    return Expected(eff, {"cancelled": c, "confirmed": k})


_sk = [say("Lessons of the day.", "list_lessons", day=ref("day"))]
for n, empty in enumerate([True, False, False], start=1):
    _sk.append(say("Enrolment?", "get_lesson", lesson_id=ref(f"list_lessons_1.{n-1}")))
    _sk.append(
        say(
            "Nobody enrolled, cancelling." if empty else "Has pupils, confirming.",
            "cancel_lesson" if empty else "confirm_lesson",
            lesson_id=ref(f"get_lesson_{n}.id"),
        )
    )
_sk.append(say("Done.", "finish", cancelled=["L1"], confirmed=["L2", "L3"]))
CASES.append(
    Case(
        task=ski,
        features=("lookup each", "both sides", "decision in head", "lists copied"),
        recorded={"day": "sat"},
        answers=_sk,
        reference=ski_ref,
        held_out=[
            HeldOut("1 cancel only", {"day": "sun"}),
            HeldOut("2 confirm only", {"day": "mon"}),
            HeldOut("no lessons", {"day": "tue"}),
            HeldOut("2+2", {"day": "wed"}),
        ],
    )
)


# ------------- 14 escape rooms: one batch call with a list of $refs inside, count from compute
class Booking(BaseModel):
    id: str
    room: str
    players: int


BOOKINGS = {
    "2026-07-01": [("E1", "Pharaoh", 4), ("E2", "Lab", 3), ("E3", "Heist", 6)],
    "2026-07-02": [("E4", "Lab", 2)],
    "2026-07-03": [],
    "2026-07-04": [("E5", "Pharaoh", 5), ("E6", "Heist", 4), ("E7", "Lab", 2), ("E8", "Lab", 6)],
}


@action(read_only=True)
def list_bookings(date: str) -> list[Booking]:
    """Escape-room bookings of a date."""
    return [Booking(id=b, room=r, players=p) for b, r, p in BOOKINGS[date]]


@action
def send_reminders(booking_ids: list[str], template: str) -> str:
    """Send one reminder message to each of the given bookings."""
    effect("send_reminders", tuple(booking_ids), template)
    return "queued"


esc: Task[Any] = Task(
    "Send the 'day-before' reminder to every booking of the date in one batch. Return how many "
    "bookings were reminded.",
    name="r44_escape_reminders",
    inputs={"date": str},
    outputs={"reminded": int},
    actions=[list_bookings, send_reminders],
)


def esc_ref(i: dict[str, Any]) -> Expected:
    b = [x for x, _, _ in BOOKINGS[i["date"]]]
    eff = [("send_reminders", tuple(b), "day-before")] if b else []
    return Expected(eff, {"reminded": len(b)})


CASES.append(
    Case(
        task=esc,
        features=("batch call", "list of $refs in args", "count typed"),
        recorded={"date": "2026-07-01"},
        answers=[
            say("Tomorrow's bookings.", "list_bookings", date=ref("date")),
            say(
                "One batch for all three.",
                "send_reminders",
                booking_ids=[
                    ref("list_bookings_1.0.id"),
                    ref("list_bookings_1.1.id"),
                    ref("list_bookings_1.2.id"),
                ],
                template="day-before",
            ),
            say("Three reminded.", "finish", reminded=3),
        ],
        reference=esc_ref,
        held_out=[
            HeldOut("1 booking", {"date": "2026-07-02"}),
            HeldOut("no bookings", {"date": "2026-07-03"}, new_path=True),
            HeldOut("4 bookings", {"date": "2026-07-04"}),
        ],
    )
)


# --------- 15 beekeeping co-op: loop over a field, per-item compute amount, total via compute
class Lot(BaseModel):
    member: str
    kg: float


class Delivery(BaseModel):
    id: str
    price_per_kg: float
    lots: list[Lot]


DELIV = {
    "D-1": (8.5, [("Ada", 40.0), ("Bo", 12.5), ("Cy", 30.0)]),
    "D-2": (9.0, [("Ada", 20.0)]),
    "D-3": (7.25, [("Di", 10.0), ("Ed", 15.5)]),
    "D-4": (8.0, [("Bo", 5.0), ("Cy", 7.5), ("Di", 22.0), ("Fe", 3.0)]),
}


@action(read_only=True)
def get_delivery(delivery_id: str) -> Delivery:
    """A honey delivery to the co-op: price per kg and each member's lot."""
    p, L = DELIV[delivery_id]
    return Delivery(id=delivery_id, price_per_kg=p, lots=[Lot(member=m, kg=k) for m, k in L])


@action
def pay_member(member: str, amount: float) -> str:
    """Pay a co-op member."""
    effect("pay_member", member, amount)
    return "paid"


bee: Task[Any] = Task(
    "Pay every member for their lot of the delivery: kilos times the delivery's price per kg. "
    "Return the total paid.",
    name="r44_honey_payout",
    inputs={"delivery_id": str},
    outputs={"total": float},
    actions=[get_delivery, pay_member],
)


def bee_ref(i: dict[str, Any]) -> Expected:
    p, L = DELIV[i["delivery_id"]]
    eff = [("pay_member", m, k * p) for m, k in L]
    return Expected(eff, {"total": sum(k * p for _, k in L)})


_be = [say("Opening the delivery.", "get_delivery", delivery_id=ref("delivery_id"))]
for n in range(3):
    _be.append(
        say(
            "Amount for the lot.",
            "compute",
            expression=f"get_delivery_1.lots[{n}].kg * get_delivery_1.price_per_kg",
        )
    )
    _be.append(
        say(
            "Paying.",
            "pay_member",
            member=ref(f"get_delivery_1.lots.{n}.member"),
            amount=ref(f"compute_{n+1}"),
        )
    )
_be.append(say("Total.", "compute", expression="compute_1 + compute_2 + compute_3"))
_be.append(say("Paid out.", "finish", total=ref("compute_4")))
CASES.append(
    Case(
        task=bee,
        features=("loop over field", "per-item compute", "total compute ref"),
        recorded={"delivery_id": "D-1"},
        answers=_be,
        reference=bee_ref,
        held_out=[
            HeldOut("1 lot", {"delivery_id": "D-2"}),
            HeldOut("2 lots", {"delivery_id": "D-3"}),
            HeldOut("4 lots", {"delivery_id": "D-4"}),
        ],
    )
)


# --------------------------- 16 concert ticketing: single decision, other branch is no action
class Event(BaseModel):
    id: str
    sold: int
    capacity: int


EVENTS = {"EV1": (5000, 5000), "EV2": (3100, 5000), "EV3": (800, 800), "EV4": (799, 800)}


@action(read_only=True)
def get_event(event_id: str) -> Event:
    """A concert with tickets sold and venue capacity."""
    s, c = EVENTS[event_id]
    return Event(id=event_id, sold=s, capacity=c)


@action
def mark_sold_out(event_id: str) -> str:
    """Show an event as sold out and close its ticket shop."""
    effect("mark_sold_out", event_id)
    return "closed"


con: Task[Any] = Task(
    "If every ticket of the concert is sold, mark it sold out. Return whether you did.",
    name="r44_concert_sold_out",
    inputs={"event_id": str},
    outputs={"sold_out": bool},
    actions=[get_event, mark_sold_out],
)


def con_ref(i: dict[str, Any]) -> Expected:
    s, c = EVENTS[i["event_id"]]
    return Expected([("mark_sold_out", i["event_id"])] if s >= c else [], {"sold_out": s >= c})


CASES.append(
    Case(
        task=con,
        features=("single decision", "decision in head", "copied id", "bool typed"),
        recorded={"event_id": "EV1"},
        answers=[
            say("Sales so far.", "get_event", event_id=ref("event_id")),
            say("5000 of 5000 sold, closing the shop.", "mark_sold_out", event_id="EV1"),
            say("Marked sold out.", "finish", sold_out=True),
        ],
        reference=con_ref,
        held_out=[
            HeldOut("not sold out", {"event_id": "EV2"}, new_path=True),
            HeldOut("other sold out", {"event_id": "EV3"}),
            HeldOut("one short", {"event_id": "EV4"}, new_path=True),
        ],
    )
)


# ------------------ 17 laundry: filter compute on status, per-item field, count via compute
class LaundryOrder(BaseModel):
    id: str
    status: str
    phone: str


LAUNDRY = {
    "shop-1": [
        ("O1", "ready", "+111"),
        ("O2", "washing", "+112"),
        ("O3", "ready", "+113"),
        ("O4", "ready", "+114"),
    ],
    "shop-2": [("O5", "washing", "+115")],
    "shop-3": [("O6", "ready", "+116")],
    "shop-4": [],
}


@action(read_only=True)
def list_orders(shop: str) -> list[LaundryOrder]:
    """Today's laundry orders of a shop with status (received, washing, ready) and phone."""
    return [LaundryOrder(id=o, status=s, phone=p) for o, s, p in LAUNDRY[shop]]


@action
def send_sms(phone: str, text: str) -> str:
    """Text a customer."""
    effect("send_sms", phone, text)
    return "sent"


laun: Task[Any] = Task(
    "Text every customer whose order is ready: 'Your laundry is ready for pickup'. Return how "
    "many texts you sent.",
    name="r44_laundry_ready",
    inputs={"shop": str},
    outputs={"texts": int},
    actions=[list_orders, send_sms],
)


def laun_ref(i: dict[str, Any]) -> Expected:
    p = [ph for _, s, ph in LAUNDRY[i["shop"]] if s == "ready"]
    return Expected(
        [("send_sms", x, "Your laundry is ready for pickup") for x in p], {"texts": len(p)}
    )


_la = [
    say("Today's orders.", "list_orders", shop=ref("shop")),
    say(
        "Which are ready?",
        "compute",
        expression="[o.phone for o in list_orders_1 if o.status == 'ready']",
    ),
]
for n in range(3):
    _la.append(
        say(
            "Texting.",
            "send_sms",
            phone=ref(f"compute_1.{n}"),
            text="Your laundry is ready for pickup",
        )
    )
_la.append(say("Count.", "compute", expression="len(compute_1)"))
_la.append(say("Done.", "finish", texts=ref("compute_2")))
CASES.append(
    Case(
        task=laun,
        features=("filter compute", "$ref", "count via compute"),
        recorded={"shop": "shop-1"},
        answers=_la,
        reference=laun_ref,
        held_out=[
            HeldOut("none ready", {"shop": "shop-2"}),
            HeldOut("1 ready", {"shop": "shop-3"}),
            HeldOut("no orders", {"shop": "shop-4"}),
        ],
    )
)


# ---------- 18 scholarship office: lookup each, compute vs input, both sides, award from input
class Applicant(BaseModel):
    id: str
    score: int


SCORES = {"A1": 88, "A2": 71, "A3": 93, "A4": 65, "A5": 80, "A6": 79, "A7": 99}
ROUNDS = {
    "spring": ["A1", "A2", "A3"],
    "summer": ["A4"],
    "autumn": ["A5", "A7"],
    "winter": ["A6", "A5", "A4", "A7"],
}


@action(read_only=True)
def list_applications(round_name: str) -> list[str]:
    """Ids of the scholarship applications of a round."""
    return list(ROUNDS[round_name])


@action(read_only=True)
def get_application(application_id: str) -> Applicant:
    """An application with its panel score (0-100)."""
    return Applicant(id=application_id, score=SCORES[application_id])


@action
def award_scholarship(application_id: str, amount: int) -> str:
    """Award a scholarship."""
    effect("award_scholarship", application_id, amount)
    return "awarded"


@action
def send_regret_letter(application_id: str) -> str:
    """Tell an applicant they were not successful."""
    effect("send_regret_letter", application_id)
    return "sent"


sch: Task[Any] = Task(
    "For each application of the round, award the scholarship amount if the panel score is at "
    "least the cut-off, otherwise send a regret letter. Return how many awards and regrets.",
    name="r44_scholarships",
    inputs={"round_name": str, "cutoff": int, "amount": int},
    outputs={"awards": int, "regrets": int},
    actions=[list_applications, get_application, award_scholarship, send_regret_letter],
)


def sch_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    for a in ROUNDS[i["round_name"]]:
        if SCORES[a] >= i["cutoff"]:
            eff.append(("award_scholarship", a, i["amount"]))
        else:
            eff.append(("send_regret_letter", a))
    w = sum(1 for e in eff if e[0] == "award_scholarship")
    return Expected(eff, {"awards": w, "regrets": len(eff) - w})


_sc = [say("Applications.", "list_applications", round_name=ref("round_name"))]
for n, ok in enumerate([True, False, True], start=1):
    _sc.append(say("Score?", "get_application", application_id=ref(f"list_applications_1.{n-1}")))
    _sc.append(say("At the cut-off?", "compute", expression=f"get_application_{n}.score >= cutoff"))
    if ok:
        _sc.append(
            say(
                "Awarding.",
                "award_scholarship",
                application_id=ref(f"get_application_{n}.id"),
                amount=ref("amount"),
            )
        )
    else:
        _sc.append(
            say(
                "Regret letter.",
                "send_regret_letter",
                application_id=ref(f"get_application_{n}.id"),
            )
        )
_sc.append(say("Two awards, one regret.", "finish", awards=2, regrets=1))
CASES.append(
    Case(
        task=sch,
        features=("lookup each", "both sides", "compute vs input", "counts typed"),
        recorded={"round_name": "spring", "cutoff": 80, "amount": 2000},
        answers=_sc,
        reference=sch_ref,
        held_out=[
            HeldOut("1 regret", {"round_name": "summer", "cutoff": 80, "amount": 2000}),
            HeldOut(
                "2 awards other amount", {"round_name": "autumn", "cutoff": 80, "amount": 1500}
            ),
            HeldOut("2+2 other cutoff", {"round_name": "winter", "cutoff": 80, "amount": 2000}),
            HeldOut("higher cutoff", {"round_name": "spring", "cutoff": 90, "amount": 2000}),
        ],
    )
)


# ------------- 19 blood bank donors: lookup each, decision in head on a number, dict arg
class Donor(BaseModel):
    id: str
    name: str
    days_since_donation: int


DONORS = {
    "D1": ("Ann", 70),
    "D2": ("Raj", 30),
    "D3": ("Lea", 120),
    "D4": ("Tom", 56),
    "D5": ("Ivo", 10),
    "D6": ("Kim", 200),
}
CLINICS = {
    "hall-a": ["D1", "D2", "D3"],
    "hall-b": ["D5"],
    "hall-c": ["D4", "D6"],
    "hall-d": ["D2", "D6", "D1", "D5"],
}


@action(read_only=True)
def list_registered_donors(venue: str) -> list[str]:
    """Ids of the donors registered at a donation venue."""
    return list(CLINICS[venue])


@action(read_only=True)
def get_donor(donor_id: str) -> Donor:
    """A donor with the days since their last donation."""
    n, d = DONORS[donor_id]
    return Donor(id=donor_id, name=n, days_since_donation=d)


@action
def send_invitation(recipient: dict[str, str], session: str) -> str:
    """Invite a donor to a donation session. recipient: {"donor_id": ..., "name": ...}."""
    effect("send_invitation", recipient["donor_id"], recipient["name"], session)
    return "invited"


don: Task[Any] = Task(
    "Invite every donor of the venue who last gave blood at least 56 days ago to the session. "
    "Return how many you invited.",
    name="r44_donor_invites",
    inputs={"venue": str, "session": str},
    outputs={"invited": int},
    actions=[list_registered_donors, get_donor, send_invitation],
)


def don_ref(i: dict[str, Any]) -> Expected:
    ids = [d for d in CLINICS[i["venue"]] if DONORS[d][1] >= 56]
    return Expected(
        [("send_invitation", d, DONORS[d][0], i["session"]) for d in ids], {"invited": len(ids)}
    )


_do = [say("Registered donors.", "list_registered_donors", venue=ref("venue"))]
for n, ok in enumerate([True, False, True], start=1):
    _do.append(say("Last donation?", "get_donor", donor_id=ref(f"list_registered_donors_1.{n-1}")))
    if ok:
        _do.append(
            say(
                "Eligible, inviting.",
                "send_invitation",
                recipient={
                    "donor_id": {"$ref": f"get_donor_{n}.id"},
                    "name": {"$ref": f"get_donor_{n}.name"},
                },
                session=ref("session"),
            )
        )
_do.append(say("Two invited; Raj gave 30 days ago.", "finish", invited=2))
CASES.append(
    Case(
        task=don,
        features=("lookup each", "decision in head", "dict arg with $refs", "count typed"),
        recorded={"venue": "hall-a", "session": "June drive"},
        answers=_do,
        reference=don_ref,
        held_out=[
            HeldOut("none eligible", {"venue": "hall-b", "session": "June drive"}),
            HeldOut("2 incl exactly 56", {"venue": "hall-c", "session": "July drive"}),
            HeldOut("2 of 4", {"venue": "hall-d", "session": "June drive"}),
        ],
    )
)


# --------------- 20 concert refunds: act on all, amount field $ref, total via sum compute
class Ticket(BaseModel):
    id: str
    price: float


TICKETS = {
    "EV9": [("T1", 45.0), ("T2", 60.0), ("T3", 45.0)],
    "EV10": [("T4", 80.0)],
    "EV11": [],
    "EV12": [("T5", 30.0), ("T6", 30.0), ("T7", 99.5), ("T8", 12.0)],
}


@action(read_only=True)
def list_tickets(event_id: str) -> list[Ticket]:
    """Tickets sold for an event with the price paid."""
    return [Ticket(id=t, price=p) for t, p in TICKETS[event_id]]


@action
def refund_ticket(ticket_id: str, amount: float) -> str:
    """Refund a ticket to the buyer's card."""
    effect("refund_ticket", ticket_id, amount)
    return "refunded"


ref_t: Task[Any] = Task(
    "The concert is cancelled: refund every ticket sold at the price paid. Return the total "
    "refunded.",
    name="r44_concert_refunds",
    inputs={"event_id": str},
    outputs={"total": float},
    actions=[list_tickets, refund_ticket],
)


def reft_ref(i: dict[str, Any]) -> Expected:
    T = TICKETS[i["event_id"]]
    return Expected([("refund_ticket", t, p) for t, p in T], {"total": sum(p for _, p in T)})


_rt = [say("Tickets sold.", "list_tickets", event_id=ref("event_id"))]
for n in range(3):
    _rt.append(
        say(
            "Refunding.",
            "refund_ticket",
            ticket_id=ref(f"list_tickets_1.{n}.id"),
            amount=ref(f"list_tickets_1.{n}.price"),
        )
    )
_rt.append(say("Total refunded.", "compute", expression="sum(t.price for t in list_tickets_1)"))
_rt.append(say("Done.", "finish", total=ref("compute_1")))
CASES.append(
    Case(
        task=ref_t,
        features=("act on all", "$ref amount", "sum compute"),
        recorded={"event_id": "EV9"},
        answers=_rt,
        reference=reft_ref,
        held_out=[
            HeldOut("1 ticket", {"event_id": "EV10"}),
            HeldOut("no tickets", {"event_id": "EV11"}),
            HeldOut("4 tickets", {"event_id": "EV12"}),
        ],
    )
)


# ----- 21 translation agency: assign by language field, copied literal per item, both sides
class TJob(BaseModel):
    id: str
    target_language: str


TJOBS = {
    "batch-1": [("T1", "de"), ("T2", "fr"), ("T3", "de")],
    "batch-2": [("T4", "fr")],
    "batch-3": [("T5", "de"), ("T6", "de")],
    "batch-4": [],
    "batch-5": [("T7", "fr"), ("T8", "de"), ("T9", "fr"), ("T10", "fr")],
}


@action(read_only=True)
def list_new_jobs(batch: str) -> list[TJob]:
    """New translation jobs of a batch with their target language (de or fr)."""
    return [TJob(id=j, target_language=lang) for j, lang in TJOBS[batch]]


@action
def assign_translator(job_id: str, translator: str) -> str:
    """Assign a job to a translator."""
    effect("assign_translator", job_id, translator)
    return "assigned"


tra2: Task[Any] = Task(
    "Assign every new job of the batch: German jobs to Petra, French jobs to Luc. Return how "
    "many jobs each got.",
    name="r44_translator_assign",
    inputs={"batch": str},
    outputs={"petra": int, "luc": int},
    actions=[list_new_jobs, assign_translator],
)


def tra2_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_translator", j, "Petra" if lang == "de" else "Luc")
        for j, lang in TJOBS[i["batch"]]
    ]
    p = sum(1 for e in eff if e[2] == "Petra")
    return Expected(eff, {"petra": p, "luc": len(eff) - p})


_t2 = [say("New jobs.", "list_new_jobs", batch=ref("batch"))]
for n, de in enumerate([True, False, True]):
    _t2.append(
        say(
            "German, Petra." if de else "French, Luc.",
            "assign_translator",
            job_id=ref(f"list_new_jobs_1.{n}.id"),
            translator="Petra" if de else "Luc",
        )
    )
_t2.append(say("Petra 2, Luc 1.", "finish", petra=2, luc=1))
CASES.append(
    Case(
        task=tra2,
        features=("act on all", "same action both sides", "decision in head", "counts typed"),
        recorded={"batch": "batch-1"},
        answers=_t2,
        reference=tra2_ref,
        held_out=[
            HeldOut("1 French", {"batch": "batch-2"}),
            HeldOut("2 German", {"batch": "batch-3"}),
            HeldOut("empty", {"batch": "batch-4"}),
            HeldOut("1+3", {"batch": "batch-5"}),
        ],
    )
)


# ------------- 22 dog daycare vaccinations: filter compute on a bool flag, reminder with name
class Dog(BaseModel):
    id: str
    name: str
    owner_email: str
    vaccination_due: bool


DOGS = {
    "pack-a": [
        ("K1", "Rex", "r@x.com", True),
        ("K2", "Bella", "b@x.com", False),
        ("K3", "Milo", "m@x.com", True),
    ],
    "pack-b": [("K4", "Luna", "l@x.com", False)],
    "pack-c": [("K5", "Max", "x@x.com", True)],
    "pack-d": [
        ("K6", "Ody", "o@x.com", True),
        ("K7", "Pip", "p@x.com", True),
        ("K8", "Zed", "z@x.com", False),
        ("K9", "Ivy", "i@x.com", True),
    ],
}


@action(read_only=True)
def list_dogs(pack: str) -> list[Dog]:
    """Dogs of a daycare pack with owner email and whether a vaccination is due."""
    return [Dog(id=i, name=n, owner_email=e, vaccination_due=v) for i, n, e, v in DOGS[pack]]


@action
def email_owner(email: str, subject: str) -> str:
    """Email a dog's owner."""
    effect("email_owner", email, subject)
    return "sent"


vax: Task[Any] = Task(
    "Email the owner of every dog in the pack whose vaccination is due, subject "
    "'<dog name>: vaccination due'. Return the names of the dogs.",
    name="r44_daycare_vax",
    inputs={"pack": str},
    outputs={"dogs": list[str]},
    actions=[list_dogs, email_owner],
)


def vax_ref(i: dict[str, Any]) -> Expected:
    d = [(n, e) for _, n, e, v in DOGS[i["pack"]] if v]
    return Expected(
        [("email_owner", e, f"{n}: vaccination due") for n, e in d], {"dogs": [n for n, _ in d]}
    )


CASES.append(
    Case(
        task=vax,
        features=("filter compute", "per-item subject compute", "copied literals", "list copied"),
        recorded={"pack": "pack-a"},
        answers=[
            say("The pack.", "list_dogs", pack=ref("pack")),
            say("Due ones.", "compute", expression="[d for d in list_dogs_1 if d.vaccination_due]"),
            say("Rex's owner.", "email_owner", email="r@x.com", subject="Rex: vaccination due"),
            say("Milo's owner.", "email_owner", email="m@x.com", subject="Milo: vaccination due"),
            say("Rex and Milo.", "finish", dogs=["Rex", "Milo"]),
        ],
        reference=vax_ref,
        held_out=[
            HeldOut("none due", {"pack": "pack-b"}),
            HeldOut("1 due", {"pack": "pack-c"}),
            HeldOut("3 of 4 due", {"pack": "pack-d"}),
        ],
    )
)


CASES = at_least_three(CASES)
