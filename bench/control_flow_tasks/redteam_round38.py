"""Round 38: ordinary business tasks in new domains, varied agent styles, replayed on new inputs.

Measures the everyday replay rate (not adversarial). Held-out inputs that take the side of a
decision the recording never took carry ``new_path=True``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ------------------------------------------ 1 hospital beds: filter compute on a status, $ref
class Bed(BaseModel):
    id: str
    status: str


BEDS = {
    "W1": [("B1", "dirty"), ("B2", "clean"), ("B3", "dirty"), ("B4", "occupied")],
    "W2": [("B5", "dirty")],
    "W3": [("B6", "clean"), ("B7", "occupied")],
    "W4": [],
    "W5": [("B8", "dirty"), ("B9", "dirty"), ("B10", "dirty"), ("B11", "clean")],
}


@action(read_only=True)
def list_beds(ward: str) -> list[Bed]:
    """The beds of a ward with their status (clean, dirty, occupied)."""
    return [Bed(id=b, status=s) for b, s in BEDS[ward]]


@action
def request_cleaning(bed_id: str) -> str:
    """Ask housekeeping to clean a bed."""
    effect("request_cleaning", bed_id)
    return "requested"


beds: Task[Any] = Task(
    "Ask housekeeping to clean every dirty bed on the ward. Return how many you requested.",
    name="r38_beds",
    inputs={"ward": str},
    outputs={"requested": int},
    actions=[list_beds, request_cleaning],
)


def beds_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b, s in BEDS[i["ward"]] if s == "dirty"]
    return Expected([("request_cleaning", b) for b in ids], {"requested": len(ids)})


CASES.append(
    Case(
        task=beds,
        features=("filter compute", "$ref", "count typed"),
        recorded={"ward": "W1"},
        answers=[
            say("Let me see the ward's beds.", "list_beds", ward=ref("ward")),
            say(
                "Picking the dirty ones.",
                "compute",
                expression="[b for b in list_beds_1 if b.status == 'dirty']",
            ),
            say("B1 is dirty.", "request_cleaning", bed_id=ref("compute_1.0.id")),
            say("B3 too.", "request_cleaning", bed_id=ref("compute_1.1.id")),
            say("Two cleanings requested.", "finish", requested=2),
        ],
        reference=beds_ref,
        held_out=[
            HeldOut("1 dirty", {"ward": "W2"}),
            HeldOut("none dirty", {"ward": "W3"}),
            HeldOut("empty ward", {"ward": "W4"}),
            HeldOut("3 dirty", {"ward": "W5"}),
        ],
    )
)


# ------------------------- 2 freight customs: lookup each, both sides by value, counts typed
class Shipment(BaseModel):
    id: str
    declared_value: float
    origin: str


SHIP = {
    "S-1": (4200.0, "CN"),
    "S-2": (800.0, "US"),
    "S-3": (1500.0, "DE"),
    "S-4": (9000.0, "JP"),
    "S-5": (2500.0, "MX"),
    "S-6": (120.0, "CN"),
}
PENDING = {
    "port-a": ["S-1", "S-2", "S-3"],
    "port-b": ["S-4"],
    "port-c": ["S-5", "S-6"],
    "port-d": [],
    "port-e": ["S-6", "S-4", "S-2", "S-1"],
}


@action(read_only=True)
def list_pending_shipments(port: str) -> list[str]:
    """Ids of shipments waiting for customs clearance at a port."""
    return list(PENDING[port])


@action(read_only=True)
def get_shipment(shipment_id: str) -> Shipment:
    """A shipment with its declared value (EUR) and origin country."""
    v, o = SHIP[shipment_id]
    return Shipment(id=shipment_id, declared_value=v, origin=o)


@action
def file_full_declaration(shipment_id: str) -> str:
    """File a full customs declaration for a shipment."""
    effect("file_full_declaration", shipment_id)
    return "filed"


@action
def file_simplified_declaration(shipment_id: str) -> str:
    """File a simplified (low value) customs declaration for a shipment."""
    effect("file_simplified_declaration", shipment_id)
    return "filed"


customs: Task[Any] = Task(
    "For every shipment pending at the port, file a full customs declaration if its declared "
    "value is over 2500 EUR, otherwise a simplified one. Report how many of each you filed.",
    name="r38_customs",
    inputs={"port": str},
    outputs={"full": int, "simplified": int},
    actions=[
        list_pending_shipments,
        get_shipment,
        file_full_declaration,
        file_simplified_declaration,
    ],
)


def customs_ref(i: dict[str, Any]) -> Expected:
    eff = []
    for s in PENDING[i["port"]]:
        full = SHIP[s][0] > 2500
        eff.append(("file_full_declaration" if full else "file_simplified_declaration", s))
    f = sum(1 for e in eff if e[0] == "file_full_declaration")
    return Expected(eff, {"full": f, "simplified": len(eff) - f})


_cu = [say("Listing pending shipments.", "list_pending_shipments", port=ref("port"))]
for n, full in enumerate([True, False, False], start=1):
    _cu.append(
        say(
            "Fetching the shipment.",
            "get_shipment",
            shipment_id=ref(f"list_pending_shipments_1.{n-1}"),
        )
    )
    _cu.append(
        say("Is it over 2500?", "compute", expression=f"get_shipment_{n}.declared_value > 2500")
    )
    act = "file_full_declaration" if full else "file_simplified_declaration"
    _cu.append(say("Filing.", act, shipment_id=ref(f"get_shipment_{n}.id")))
_cu.append(say("One full, two simplified.", "finish", full=1, simplified=2))
CASES.append(
    Case(
        task=customs,
        features=("lookup each", "both sides", "compute", "counts typed"),
        recorded={"port": "port-a"},
        answers=_cu,
        reference=customs_ref,
        held_out=[
            HeldOut("1 full", {"port": "port-b"}),
            HeldOut("2 simplified incl 2500", {"port": "port-c"}),
            HeldOut("none", {"port": "port-d"}),
            HeldOut("2+2", {"port": "port-e"}),
        ],
    )
)


# -------------- 3 admissions: lookup each, decision in head vs an input, list copied in finish
class Applicant(BaseModel):
    id: str
    name: str
    gpa: float


APPL = {
    "A-1": 3.8,
    "A-2": 2.9,
    "A-3": 3.5,
    "A-4": 3.1,
    "A-5": 3.95,
    "A-6": 2.5,
    "A-7": 3.3,
}
PROGRAMS = {
    "physics": ["A-1", "A-2", "A-3"],
    "history": ["A-4", "A-6"],
    "biology": ["A-5"],
    "law": [],
    "math": ["A-7", "A-5", "A-1", "A-6"],
}


@action(read_only=True)
def list_applicants(program: str) -> list[str]:
    """Ids of complete applications to a program."""
    return list(PROGRAMS[program])


@action(read_only=True)
def get_applicant(applicant_id: str) -> Applicant:
    """An applicant with their GPA."""
    return Applicant(id=applicant_id, name=f"Student {applicant_id}", gpa=APPL[applicant_id])


@action
def send_offer(applicant_id: str, program: str) -> str:
    """Send an admission offer to an applicant."""
    effect("send_offer", applicant_id, program)
    return "offered"


adm: Task[Any] = Task(
    "Send an admission offer for the program to every applicant whose GPA is at least the "
    "minimum GPA given. Return the ids of the applicants you made offers to.",
    name="r38_admissions",
    inputs={"program": str, "min_gpa": float},
    outputs={"offered": list[str]},
    actions=[list_applicants, get_applicant, send_offer],
)


def adm_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a in PROGRAMS[i["program"]] if APPL[a] >= i["min_gpa"]]
    return Expected([("send_offer", a, i["program"]) for a in ids], {"offered": ids})


_ad = [say("Listing applicants.", "list_applicants", program=ref("program"))]
for n, ok in enumerate([True, False, True], start=1):
    _ad.append(
        say("Checking the GPA.", "get_applicant", applicant_id=ref(f"list_applicants_1.{n-1}"))
    )
    if ok:
        _ad.append(
            say(
                "Meets the minimum, sending an offer.",
                "send_offer",
                applicant_id=ref(f"get_applicant_{n}.id"),
                program=ref("program"),
            )
        )
_ad.append(say("A-1 and A-3 got offers; A-2 is below 3.4.", "finish", offered=["A-1", "A-3"]))
CASES.append(
    Case(
        task=adm,
        features=("lookup each", "decision in head", "input threshold", "list copied"),
        recorded={"program": "physics", "min_gpa": 3.4},
        answers=_ad,
        reference=adm_ref,
        held_out=[
            HeldOut("1 of 2", {"program": "history", "min_gpa": 3.0}),
            HeldOut("1 of 1", {"program": "biology", "min_gpa": 3.4}),
            HeldOut("none", {"program": "law", "min_gpa": 3.4}),
            HeldOut("3 of 4 other min", {"program": "math", "min_gpa": 3.2}),
        ],
    )
)


# --------------------- 4 payroll taxes: act on all, per-item computed amount from an input rate
class Payslip(BaseModel):
    employee_id: str
    gross: float


PAYROLL = {
    "2026-01": [("E1", 4000.0), ("E2", 5200.0), ("E3", 3100.0)],
    "2026-02": [("E1", 4100.0)],
    "2026-03": [],
    "2026-04": [("E4", 2500.0), ("E5", 6100.0), ("E6", 3333.0), ("E7", 4000.0)],
}


@action(read_only=True)
def list_payslips(period: str) -> list[Payslip]:
    """The payslips of a pay period with their gross pay."""
    return [Payslip(employee_id=e, gross=g) for e, g in PAYROLL[period]]


@action
def remit_withholding(employee_id: str, period: str, amount: float) -> str:
    """Remit an employee's income tax withholding for a period to the tax office."""
    effect("remit_withholding", employee_id, period, amount)
    return "remitted"


tax: Task[Any] = Task(
    "For every payslip of the period, remit the employee's income tax withholding: the gross "
    "pay times the withholding rate, rounded to cents. Return how many remittances you made.",
    name="r38_payroll_tax",
    inputs={"period": str, "rate": float},
    outputs={"remitted": int},
    actions=[list_payslips, remit_withholding],
)


def tax_ref(i: dict[str, Any]) -> Expected:
    p = PAYROLL[i["period"]]
    return Expected(
        [("remit_withholding", e, i["period"], round(g * i["rate"], 2)) for e, g in p],
        {"remitted": len(p)},
    )


_tx = [say("Getting the payslips.", "list_payslips", period=ref("period"))]
for n in range(3):
    _tx.append(
        say(
            "Working out the withholding.",
            "compute",
            expression=f"round(list_payslips_1[{n}].gross * rate, 2)",
        )
    )
    _tx.append(
        say(
            "Remitting.",
            "remit_withholding",
            employee_id=ref(f"list_payslips_1.{n}.employee_id"),
            period=ref("period"),
            amount=ref(f"compute_{n+1}"),
        )
    )
_tx.append(say("Three remittances made.", "finish", remitted=3))
CASES.append(
    Case(
        task=tax,
        features=("act on all", "per-item compute", "input rate", "count typed"),
        recorded={"period": "2026-01", "rate": 0.22},
        answers=_tx,
        reference=tax_ref,
        held_out=[
            HeldOut("1 slip", {"period": "2026-02", "rate": 0.22}),
            HeldOut("no slips", {"period": "2026-03", "rate": 0.22}),
            HeldOut("4 slips other rate", {"period": "2026-04", "rate": 0.25}),
        ],
    )
)


# ----------------------------- 5 municipal permits: single decision on a field, two branches
class PermitApp(BaseModel):
    id: str
    applicant: str
    floor_area_m2: float


PERMITS = {
    "P-1": ("Ava", 35.0),
    "P-2": ("Ben", 12.5),
    "P-3": ("Cai", 49.9),
    "P-4": ("Dora", 120.0),
    "P-5": ("Eli", 50.0),
}


@action(read_only=True)
def get_permit_application(application_id: str) -> PermitApp:
    """A building permit application with the floor area applied for."""
    a, f = PERMITS[application_id]
    return PermitApp(id=application_id, applicant=a, floor_area_m2=f)


@action
def approve_permit(application_id: str) -> str:
    """Approve a permit application directly."""
    effect("approve_permit", application_id)
    return "approved"


@action
def refer_to_planning_board(application_id: str) -> str:
    """Refer a permit application to the planning board for review."""
    effect("refer_to_planning_board", application_id)
    return "referred"


permit: Task[Any] = Task(
    "Process the building permit application: approve it directly if the floor area is under "
    "50 m2, otherwise refer it to the planning board. Return what you did ('approved' or "
    "'referred').",
    name="r38_permit",
    inputs={"application_id": str},
    outputs={"decision": str},
    actions=[get_permit_application, approve_permit, refer_to_planning_board],
)


def permit_ref(i: dict[str, Any]) -> Expected:
    small = PERMITS[i["application_id"]][1] < 50
    act = "approve_permit" if small else "refer_to_planning_board"
    return Expected([(act, i["application_id"])], {"decision": "approved" if small else "referred"})


CASES.append(
    Case(
        task=permit,
        features=("single decision", "compute", "other branch"),
        recorded={"application_id": "P-1"},
        answers=[
            say(
                "Reading the application.",
                "get_permit_application",
                application_id=ref("application_id"),
            ),
            say(
                "Under 50 m2?", "compute", expression="get_permit_application_1.floor_area_m2 < 50"
            ),
            say(
                "Yes, approving directly.",
                "approve_permit",
                application_id=ref("get_permit_application_1.id"),
            ),
            say("Approved.", "finish", decision="approved"),
        ],
        reference=permit_ref,
        held_out=[
            HeldOut("small", {"application_id": "P-2"}),
            HeldOut("49.9", {"application_id": "P-3"}),
            HeldOut("large: other branch", {"application_id": "P-4"}, new_path=True),
            HeldOut("exactly 50: other branch", {"application_id": "P-5"}, new_path=True),
        ],
    )
)


# ------------------ 6 film festival: filter by a string field in the head, copied literals
class Film(BaseModel):
    id: str
    title: str
    genre: str


FILMS = {
    "fest-24": [
        ("F1", "Tides", "documentary"),
        ("F2", "Run", "drama"),
        ("F3", "Salt", "documentary"),
        ("F4", "Kin", "comedy"),
    ],
    "fest-25": [("F5", "Ash", "drama")],
    "fest-26": [("F6", "Ore", "documentary")],
    "fest-27": [],
    "fest-28": [
        ("F7", "Fen", "documentary"),
        ("F8", "Gale", "documentary"),
        ("F9", "Hush", "horror"),
    ],
}


@action(read_only=True)
def list_submissions(festival: str) -> list[Film]:
    """Films submitted to a festival edition."""
    return [Film(id=i, title=t, genre=g) for i, t, g in FILMS[festival]]


@action
def assign_to_jury(film_id: str, jury: str) -> str:
    """Assign a film to a jury."""
    effect("assign_to_jury", film_id, jury)
    return "assigned"


film: Task[Any] = Task(
    "Assign every documentary submitted to the festival to the documentary jury. "
    "Return the ids of the films you assigned.",
    name="r38_film_docs",
    inputs={"festival": str},
    outputs={"assigned": list[str]},
    actions=[list_submissions, assign_to_jury],
)


def film_ref(i: dict[str, Any]) -> Expected:
    ids = [f for f, _, g in FILMS[i["festival"]] if g == "documentary"]
    return Expected([("assign_to_jury", f, "documentary") for f in ids], {"assigned": ids})


CASES.append(
    Case(
        task=film,
        features=("filter in head", "copied literals", "constant argument", "list copied"),
        recorded={"festival": "fest-24"},
        answers=[
            say("Listing the submissions for fest-24.", "list_submissions", festival="fest-24"),
            say("Tides (F1) is a documentary.", "assign_to_jury", film_id="F1", jury="documentary"),
            say(
                "Salt (F3) is a documentary too.",
                "assign_to_jury",
                film_id="F3",
                jury="documentary",
            ),
            say("Run and Kin are not documentaries. Done.", "finish", assigned=["F1", "F3"]),
        ],
        reference=film_ref,
        held_out=[
            HeldOut("none", {"festival": "fest-25"}),
            HeldOut("1 of 1", {"festival": "fest-26"}),
            HeldOut("empty", {"festival": "fest-27"}),
            HeldOut("2 of 3", {"festival": "fest-28"}),
        ],
    )
)


# ------------------- 7 coworking: act on all, then "if any, notify the front desk"
class Booking(BaseModel):
    id: str
    member: str


ROOM_BOOKINGS = {
    "room-1": [("BK1", "m-ann"), ("BK2", "m-bob")],
    "room-2": [("BK3", "m-cat")],
    "room-3": [],
    "room-4": [("BK4", "m-dan"), ("BK5", "m-eve"), ("BK6", "m-fay")],
}


@action(read_only=True)
def list_room_bookings(room: str, date: str) -> list[Booking]:
    """Bookings of a meeting room on a date."""
    return [Booking(id=b, member=m) for b, m in ROOM_BOOKINGS[room]]


@action
def cancel_booking(booking_id: str) -> str:
    """Cancel a booking and tell its member."""
    effect("cancel_booking", booking_id)
    return "cancelled"


@action
def notify_front_desk(message: str) -> str:
    """Post a message to the front desk."""
    effect("notify_front_desk", message)
    return "posted"


cowork: Task[Any] = Task(
    "The meeting room is closed for maintenance on the date: cancel every booking of it that "
    "day. If you cancelled any, tell the front desk how many ('Cancelled N bookings'). "
    "Return the number cancelled.",
    name="r38_cowork_cancel",
    inputs={"room": str, "date": str},
    outputs={"cancelled": int},
    actions=[list_room_bookings, cancel_booking, notify_front_desk],
)


def cowork_ref(i: dict[str, Any]) -> Expected:
    b = ROOM_BOOKINGS[i["room"]]
    eff: list[Any] = [("cancel_booking", x) for x, _ in b]
    if b:
        eff.append(("notify_front_desk", f"Cancelled {len(b)} bookings"))
    return Expected(eff, {"cancelled": len(b)})


CASES.append(
    Case(
        task=cowork,
        features=("act on all", "if any notify", "compute message"),
        recorded={"room": "room-1", "date": "2026-05-04"},
        answers=[
            say(
                "Listing the room's bookings.",
                "list_room_bookings",
                room=ref("room"),
                date=ref("date"),
            ),
            say("Cancelling BK1.", "cancel_booking", booking_id=ref("list_room_bookings_1.0.id")),
            say("Cancelling BK2.", "cancel_booking", booking_id=ref("list_room_bookings_1.1.id")),
            say(
                "I cancelled some, so the front desk needs to know.",
                "compute",
                expression="f'Cancelled {len(list_room_bookings_1)} bookings'",
            ),
            say("Posting.", "notify_front_desk", message=ref("compute_1")),
            say("Two bookings cancelled.", "finish", cancelled=2),
        ],
        reference=cowork_ref,
        held_out=[
            HeldOut("1 booking", {"room": "room-2", "date": "2026-05-05"}),
            HeldOut("no bookings", {"room": "room-3", "date": "2026-05-04"}, new_path=True),
            HeldOut("3 bookings", {"room": "room-4", "date": "2026-05-06"}),
        ],
    )
)


# ------------- 8 farm co-op: loop over a field of a result, per-item computed payment
class Lot(BaseModel):
    lot_id: str
    kg: float


class Delivery(BaseModel):
    id: str
    member_id: str
    price_per_kg: float
    lots: list[Lot]


DELIV = {
    "D-1": ("mem-7", 0.5, [("L1", 100.0), ("L2", 250.0)]),
    "D-2": ("mem-3", 0.8, [("L3", 40.0)]),
    "D-3": ("mem-9", 0.5, []),
    "D-4": ("mem-1", 1.25, [("L4", 10.0), ("L5", 20.0), ("L6", 33.0)]),
}


@action(read_only=True)
def get_delivery(delivery_id: str) -> Delivery:
    """A member's delivery to the co-op: the price per kg and the lots delivered."""
    m, p, lots = DELIV[delivery_id]
    return Delivery(
        id=delivery_id, member_id=m, price_per_kg=p, lots=[Lot(lot_id=i, kg=k) for i, k in lots]
    )


@action
def credit_member(member_id: str, lot_id: str, amount: float) -> str:
    """Credit a member's account for one delivered lot."""
    effect("credit_member", member_id, lot_id, amount)
    return "credited"


coop: Task[Any] = Task(
    "Credit the member for each lot of the delivery: the lot's weight times the delivery's price "
    "per kg. Return how many lots you credited.",
    name="r38_coop_credit",
    inputs={"delivery_id": str},
    outputs={"lots": int},
    actions=[get_delivery, credit_member],
)


def coop_ref(i: dict[str, Any]) -> Expected:
    m, p, lots = DELIV[i["delivery_id"]]
    return Expected([("credit_member", m, lot, k * p) for lot, k in lots], {"lots": len(lots)})


_co = [say("Reading the delivery.", "get_delivery", delivery_id=ref("delivery_id"))]
for n in range(2):
    _co.append(
        say(
            "Amount for this lot.",
            "compute",
            expression=f"get_delivery_1.lots[{n}].kg * get_delivery_1.price_per_kg",
        )
    )
    _co.append(
        say(
            "Crediting.",
            "credit_member",
            member_id=ref("get_delivery_1.member_id"),
            lot_id=ref(f"get_delivery_1.lots.{n}.lot_id"),
            amount=ref(f"compute_{n+1}"),
        )
    )
_co.append(say("Both lots credited.", "finish", lots=2))
CASES.append(
    Case(
        task=coop,
        features=("loop over a field", "per-item compute", "count typed"),
        recorded={"delivery_id": "D-1"},
        answers=_co,
        reference=coop_ref,
        held_out=[
            HeldOut("1 lot", {"delivery_id": "D-2"}),
            HeldOut("no lots", {"delivery_id": "D-3"}),
            HeldOut("3 lots", {"delivery_id": "D-4"}),
        ],
    )
)


# ------------- 9 ride-share payouts: act on all, field copied by $ref, sum returned via compute
class Earning(BaseModel):
    driver_id: str
    balance: float


EARN = {
    "city-a": [("DR1", 310.5), ("DR2", 120.0), ("DR3", 88.25)],
    "city-b": [("DR4", 50.0)],
    "city-c": [],
    "city-d": [("DR5", 10.0), ("DR6", 20.0), ("DR7", 30.0), ("DR8", 40.5)],
}


@action(read_only=True)
def list_driver_balances(city: str) -> list[Earning]:
    """Drivers in a city with their unpaid balance."""
    return [Earning(driver_id=d, balance=b) for d, b in EARN[city]]


@action
def pay_out(driver_id: str, amount: float) -> str:
    """Pay a driver's balance to their bank account."""
    effect("pay_out", driver_id, amount)
    return f"PO-{driver_id}"


rides: Task[Any] = Task(
    "Pay out every driver in the city their full unpaid balance. Return the total amount paid.",
    name="r38_ride_payouts",
    inputs={"city": str},
    outputs={"total_paid": float},
    actions=[list_driver_balances, pay_out],
)


def rides_ref(i: dict[str, Any]) -> Expected:
    e = EARN[i["city"]]
    return Expected([("pay_out", d, b) for d, b in e], {"total_paid": sum(b for _, b in e)})


CASES.append(
    Case(
        task=rides,
        features=("act on all", "$ref field", "sum compute"),
        recorded={"city": "city-a"},
        answers=[
            say("Getting balances.", "list_driver_balances", city=ref("city")),
            say(
                "Paying DR1.",
                "pay_out",
                driver_id=ref("list_driver_balances_1.0.driver_id"),
                amount=ref("list_driver_balances_1.0.balance"),
            ),
            say(
                "Paying DR2.",
                "pay_out",
                driver_id=ref("list_driver_balances_1.1.driver_id"),
                amount=ref("list_driver_balances_1.1.balance"),
            ),
            say(
                "Paying DR3.",
                "pay_out",
                driver_id=ref("list_driver_balances_1.2.driver_id"),
                amount=ref("list_driver_balances_1.2.balance"),
            ),
            say(
                "Adding up.", "compute", expression="sum(d.balance for d in list_driver_balances_1)"
            ),
            say("All paid.", "finish", total_paid=ref("compute_1")),
        ],
        reference=rides_ref,
        held_out=[
            HeldOut("1 driver", {"city": "city-b"}),
            HeldOut("no drivers", {"city": "city-c"}),
            HeldOut("4 drivers", {"city": "city-d"}),
        ],
    )
)


# ------------ 10 library acquisitions: lookup each, both sides vs a budget, decision in head
class PurchaseRequest(BaseModel):
    id: str
    title: str
    price: float


REQS = {
    "R1": 35.0,
    "R2": 120.0,
    "R3": 49.0,
    "R4": 50.0,
    "R5": 80.0,
    "R6": 12.0,
}
QUEUE = {
    "branch-n": ["R1", "R2", "R3"],
    "branch-s": ["R4", "R6"],
    "branch-e": ["R5"],
    "branch-w": [],
    "branch-c": ["R2", "R6", "R5", "R1"],
}


@action(read_only=True)
def list_purchase_requests(branch: str) -> list[str]:
    """Ids of patrons' purchase requests at a branch."""
    return list(QUEUE[branch])


@action(read_only=True)
def get_purchase_request(request_id: str) -> PurchaseRequest:
    """A purchase request with the book's price."""
    return PurchaseRequest(id=request_id, title=f"Book {request_id}", price=REQS[request_id])


@action
def order_book(request_id: str) -> str:
    """Order the requested book from the supplier."""
    effect("order_book", request_id)
    return "ordered"


@action
def send_to_committee(request_id: str) -> str:
    """Send a purchase request to the acquisitions committee."""
    effect("send_to_committee", request_id)
    return "queued"


acq: Task[Any] = Task(
    "Handle the branch's purchase requests: order books costing 50 or less right away, and send "
    "pricier ones to the acquisitions committee. Return the ids you ordered and the ids sent to "
    "the committee.",
    name="r38_acquisitions",
    inputs={"branch": str},
    outputs={"ordered": list[str], "committee": list[str]},
    actions=[list_purchase_requests, get_purchase_request, order_book, send_to_committee],
)


def acq_ref(i: dict[str, Any]) -> Expected:
    eff = []
    for r in QUEUE[i["branch"]]:
        eff.append(("order_book" if REQS[r] <= 50 else "send_to_committee", r))
    o = [e[1] for e in eff if e[0] == "order_book"]
    c = [e[1] for e in eff if e[0] == "send_to_committee"]
    return Expected(eff, {"ordered": o, "committee": c})


_aq = [say("Listing requests.", "list_purchase_requests", branch="branch-n")]
for rid, cheap in [("R1", True), ("R2", False), ("R3", True)]:
    _aq.append(say(f"Looking at {rid}.", "get_purchase_request", request_id=rid))
    if cheap:
        _aq.append(say(f"{rid} is within 50, ordering.", "order_book", request_id=rid))
    else:
        _aq.append(
            say(f"{rid} costs more than 50, to committee.", "send_to_committee", request_id=rid)
        )
_aq.append(say("Done.", "finish", ordered=["R1", "R3"], committee=["R2"]))
CASES.append(
    Case(
        task=acq,
        features=("lookup each", "both sides", "decision in head", "copied literals", "lists out"),
        recorded={"branch": "branch-n"},
        answers=_aq,
        reference=acq_ref,
        held_out=[
            HeldOut("50 and 12", {"branch": "branch-s"}),
            HeldOut("1 pricey", {"branch": "branch-e"}),
            HeldOut("none", {"branch": "branch-w"}),
            HeldOut("2+2", {"branch": "branch-c"}),
        ],
    )
)


# ------------- 11 telecom: filter compute, same constant plan, ids list returned by $ref
class Subscriber(BaseModel):
    msisdn: str
    plan: str
    data_used_gb: float


SUBS = {
    "acct-1": [("0711", "legacy", 25.0), ("0712", "legacy", 3.0), ("0713", "legacy", 40.5)],
    "acct-2": [("0721", "legacy", 1.0)],
    "acct-3": [("0731", "legacy", 21.0)],
    "acct-4": [],
    "acct-5": [("0751", "legacy", 20.0), ("0752", "legacy", 55.0), ("0753", "legacy", 30.0)],
}


@action(read_only=True)
def list_lines(account_id: str) -> list[Subscriber]:
    """The mobile lines of a business account with last month's data use."""
    return [Subscriber(msisdn=m, plan=p, data_used_gb=d) for m, p, d in SUBS[account_id]]


@action
def change_plan(msisdn: str, plan: str) -> str:
    """Move a line to another plan."""
    effect("change_plan", msisdn, plan)
    return "changed"


tel: Task[Any] = Task(
    "Move every line of the account that used more than 20 GB last month to the unlimited plan. "
    "Return the numbers you moved.",
    name="r38_telecom_upgrade",
    inputs={"account_id": str},
    outputs={"moved": list[str]},
    actions=[list_lines, change_plan],
)


def tel_ref(i: dict[str, Any]) -> Expected:
    ids = [m for m, _, d in SUBS[i["account_id"]] if d > 20]
    return Expected([("change_plan", m, "unlimited") for m in ids], {"moved": ids})


CASES.append(
    Case(
        task=tel,
        features=("filter compute ids", "constant argument", "$ref list out"),
        recorded={"account_id": "acct-1"},
        answers=[
            say("Listing the lines.", "list_lines", account_id=ref("account_id")),
            say(
                "Which used more than 20 GB?",
                "compute",
                expression="[l.msisdn for l in list_lines_1 if l.data_used_gb > 20]",
            ),
            say("Moving 0711.", "change_plan", msisdn=ref("compute_1.0"), plan="unlimited"),
            say("Moving 0713.", "change_plan", msisdn=ref("compute_1.1"), plan="unlimited"),
            say("Done.", "finish", moved=ref("compute_1")),
        ],
        reference=tel_ref,
        held_out=[
            HeldOut("none over", {"account_id": "acct-2"}),
            HeldOut("1 over", {"account_id": "acct-3"}),
            HeldOut("no lines", {"account_id": "acct-4"}),
            HeldOut("2 of 3 incl 20.0", {"account_id": "acct-5"}),
        ],
    )
)


# ------------- 12 clinical trials: lookup each, bool field in a compute, one-sided, count typed
class Participant(BaseModel):
    id: str
    site: str
    visit_overdue: bool


PART = {
    "P01": True,
    "P02": False,
    "P03": False,
    "P04": True,
    "P05": True,
    "P06": False,
    "P07": True,
}
ARMS = {
    "arm-a": ["P01", "P02", "P03", "P04"],
    "arm-b": ["P05"],
    "arm-c": ["P06"],
    "arm-d": [],
    "arm-e": ["P07", "P05", "P02"],
}


@action(read_only=True)
def list_participants(arm: str) -> list[str]:
    """Ids of participants enrolled in a trial arm."""
    return list(ARMS[arm])


@action(read_only=True)
def get_participant(participant_id: str) -> Participant:
    """A participant with whether their study visit is overdue."""
    return Participant(id=participant_id, site="Site 1", visit_overdue=PART[participant_id])


@action
def schedule_followup_call(participant_id: str) -> str:
    """Schedule a coordinator's follow-up call with a participant."""
    effect("schedule_followup_call", participant_id)
    return "scheduled"


trial: Task[Any] = Task(
    "Schedule a follow-up call with every participant in the arm whose study visit is overdue. "
    "Report how many calls you scheduled.",
    name="r38_trial_followup",
    inputs={"arm": str},
    outputs={"calls": int},
    actions=[list_participants, get_participant, schedule_followup_call],
)


def trial_ref(i: dict[str, Any]) -> Expected:
    ids = [p for p in ARMS[i["arm"]] if PART[p]]
    return Expected([("schedule_followup_call", p) for p in ids], {"calls": len(ids)})


_tr = [say("Listing participants.", "list_participants", arm=ref("arm"))]
for n, od in enumerate([True, False, False, True], start=1):
    _tr.append(
        say("Checking.", "get_participant", participant_id=ref(f"list_participants_1.{n-1}"))
    )
    _tr.append(say("Overdue?", "compute", expression=f"get_participant_{n}.visit_overdue"))
    if od:
        _tr.append(
            say(
                "Overdue, scheduling.",
                "schedule_followup_call",
                participant_id=ref(f"get_participant_{n}.id"),
            )
        )
_tr.append(say("Two calls scheduled.", "finish", calls=2))
CASES.append(
    Case(
        task=trial,
        features=("lookup each", "one-sided", "bool compute", "count typed"),
        recorded={"arm": "arm-a"},
        answers=_tr,
        reference=trial_ref,
        held_out=[
            HeldOut("1 of 1", {"arm": "arm-b"}),
            HeldOut("0 of 1", {"arm": "arm-c"}),
            HeldOut("empty", {"arm": "arm-d"}),
            HeldOut("2 of 3", {"arm": "arm-e"}),
        ],
    )
)


# ------------- 13 fitness classes: act on all with two calls per item, count typed
class ClassBooking(BaseModel):
    booking_id: str
    member_id: str


CLASS_BOOK = {
    "yoga-0700": [("CB1", "M1"), ("CB2", "M2")],
    "spin-1800": [("CB3", "M3")],
    "hiit-1200": [],
    "pilates-0900": [("CB4", "M4"), ("CB5", "M5"), ("CB6", "M1")],
}


@action(read_only=True)
def list_class_bookings(class_id: str) -> list[ClassBooking]:
    """Bookings for a fitness class."""
    return [ClassBooking(booking_id=b, member_id=m) for b, m in CLASS_BOOK[class_id]]


@action
def cancel_class_booking(booking_id: str) -> str:
    """Cancel a class booking."""
    effect("cancel_class_booking", booking_id)
    return "cancelled"


@action
def refund_class_credit(member_id: str, credits: int) -> str:
    """Give a member class credits back."""
    effect("refund_class_credit", member_id, credits)
    return "refunded"


fit: Task[Any] = Task(
    "The class is cancelled because the instructor is ill: cancel every booking and give each "
    "booked member 1 class credit back. Return how many bookings you cancelled.",
    name="r38_fitness_cancel",
    inputs={"class_id": str},
    outputs={"cancelled": int},
    actions=[list_class_bookings, cancel_class_booking, refund_class_credit],
)


def fit_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    for b, m in CLASS_BOOK[i["class_id"]]:
        eff += [("cancel_class_booking", b), ("refund_class_credit", m, 1)]
    return Expected(eff, {"cancelled": len(CLASS_BOOK[i["class_id"]])})


_fi = [say("Who is booked?", "list_class_bookings", class_id=ref("class_id"))]
for n in range(2):
    _fi.append(
        say(
            "Cancelling.",
            "cancel_class_booking",
            booking_id=ref(f"list_class_bookings_1.{n}.booking_id"),
        )
    )
    _fi.append(
        say(
            "Credit back.",
            "refund_class_credit",
            member_id=ref(f"list_class_bookings_1.{n}.member_id"),
            credits=1,
        )
    )
_fi.append(say("Both bookings cancelled and credited.", "finish", cancelled=2))
CASES.append(
    Case(
        task=fit,
        features=("act on all", "two calls per item", "constant argument", "count typed"),
        recorded={"class_id": "yoga-0700"},
        answers=_fi,
        reference=fit_ref,
        held_out=[
            HeldOut("1 booking", {"class_id": "spin-1800"}),
            HeldOut("no bookings", {"class_id": "hiit-1200"}),
            HeldOut("3 bookings", {"class_id": "pilates-0900"}),
        ],
    )
)


# ------------- 14 real estate: act on all, then one call with a dict of $refs summarising
class Showing(BaseModel):
    id: str
    buyer: str
    time: str


SHOWINGS = {
    "L-10": [("SH1", "Kim", "10:00"), ("SH2", "Lee", "11:30")],
    "L-11": [("SH3", "Moe", "09:00")],
    "L-12": [],
    "L-13": [("SH4", "Ned", "13:00"), ("SH5", "Ola", "14:00"), ("SH6", "Pia", "15:00")],
}


@action(read_only=True)
def list_showings(listing_id: str, date: str) -> list[Showing]:
    """Showings booked for a property listing on a date."""
    return [Showing(id=s, buyer=b, time=t) for s, b, t in SHOWINGS[listing_id]]


@action
def confirm_showing(showing_id: str) -> str:
    """Confirm a showing with the buyer."""
    effect("confirm_showing", showing_id)
    return "confirmed"


@action
def send_seller_update(listing_id: str, update: dict[str, Any]) -> str:
    """Send the seller an update about their listing."""
    effect("send_seller_update", listing_id, update["count"], tuple(update["times"]))
    return "sent"


estate: Task[Any] = Task(
    "Confirm every showing booked for the listing on the date, then send the seller an update "
    "with the number of showings and their times. Return the number of showings.",
    name="r38_showings",
    inputs={"listing_id": str, "date": str},
    outputs={"showings": int},
    actions=[list_showings, confirm_showing, send_seller_update],
)


def estate_ref(i: dict[str, Any]) -> Expected:
    s = SHOWINGS[i["listing_id"]]
    eff: list[Any] = [("confirm_showing", x) for x, _, _ in s]
    eff.append(("send_seller_update", i["listing_id"], len(s), tuple(t for _, _, t in s)))
    return Expected(eff, {"showings": len(s)})


CASES.append(
    Case(
        task=estate,
        features=("act on all", "dict argument with refs", "list of refs"),
        recorded={"listing_id": "L-10", "date": "2026-06-01"},
        answers=[
            say(
                "Listing showings.", "list_showings", listing_id=ref("listing_id"), date=ref("date")
            ),
            say(
                "Confirming Kim at 10:00.",
                "confirm_showing",
                showing_id=ref("list_showings_1.0.id"),
            ),
            say(
                "Confirming Lee at 11:30.",
                "confirm_showing",
                showing_id=ref("list_showings_1.1.id"),
            ),
            say(
                "Updating the seller.",
                "send_seller_update",
                listing_id=ref("listing_id"),
                update={
                    "count": 2,
                    "times": [ref("list_showings_1.0.time"), ref("list_showings_1.1.time")],
                },
            ),
            say("Two showings.", "finish", showings=2),
        ],
        reference=estate_ref,
        held_out=[
            HeldOut("1 showing", {"listing_id": "L-11", "date": "2026-06-02"}),
            HeldOut("no showings", {"listing_id": "L-12", "date": "2026-06-01"}),
            HeldOut("3 showings", {"listing_id": "L-13", "date": "2026-06-03"}),
        ],
    )
)


# ------------- 15 wine shop: filter compute, per-item computed reorder quantity
class Stock(BaseModel):
    sku: str
    on_hand: int
    par_level: int


CELLAR = {
    "reds": [("W-1", 3, 12), ("W-2", 20, 12), ("W-3", 0, 6)],
    "whites": [("W-4", 5, 10)],
    "rose": [("W-5", 8, 6), ("W-6", 6, 6)],
    "bubbles": [],
    "dessert": [("W-7", 1, 4), ("W-8", 2, 24), ("W-9", 9, 10)],
}


@action(read_only=True)
def list_stock(category: str) -> list[Stock]:
    """Wines of a category with bottles on hand and their par level."""
    return [Stock(sku=s, on_hand=o, par_level=p) for s, o, p in CELLAR[category]]


@action
def place_supplier_order(sku: str, bottles: int) -> str:
    """Order bottles of a wine from its supplier."""
    effect("place_supplier_order", sku, bottles)
    return "ordered"


wine: Task[Any] = Task(
    "For every wine in the category with fewer bottles on hand than its par level, order enough "
    "bottles to bring it back up to par. Return the skus you ordered.",
    name="r38_wine_reorder",
    inputs={"category": str},
    outputs={"ordered": list[str]},
    actions=[list_stock, place_supplier_order],
)


def wine_ref(i: dict[str, Any]) -> Expected:
    low = [(s, p - o) for s, o, p in CELLAR[i["category"]] if o < p]
    return Expected(
        [("place_supplier_order", s, q) for s, q in low], {"ordered": [s for s, _ in low]}
    )


CASES.append(
    Case(
        task=wine,
        features=("filter compute", "per-item compute", "list copied"),
        recorded={"category": "reds"},
        answers=[
            say("Checking stock.", "list_stock", category=ref("category")),
            say(
                "Below par:",
                "compute",
                expression="[w for w in list_stock_1 if w.on_hand < w.par_level]",
            ),
            say(
                "How many for W-1?",
                "compute",
                expression="compute_1[0].par_level - compute_1[0].on_hand",
            ),
            say(
                "Ordering W-1.",
                "place_supplier_order",
                sku=ref("compute_1.0.sku"),
                bottles=ref("compute_2"),
            ),
            say(
                "How many for W-3?",
                "compute",
                expression="compute_1[1].par_level - compute_1[1].on_hand",
            ),
            say(
                "Ordering W-3.",
                "place_supplier_order",
                sku=ref("compute_1.1.sku"),
                bottles=ref("compute_3"),
            ),
            say("Ordered W-1 and W-3.", "finish", ordered=["W-1", "W-3"]),
        ],
        reference=wine_ref,
        held_out=[
            HeldOut("1 low", {"category": "whites"}),
            HeldOut("none low (one at par)", {"category": "rose"}),
            HeldOut("empty", {"category": "bubbles"}),
            HeldOut("3 low", {"category": "dessert"}),
        ],
    )
)


# ------------- 16 pet adoption: lookup each applicant, decision on two fields, one-sided
class Adopter(BaseModel):
    id: str
    home_check_passed: bool
    references_ok: bool


ADOPTERS = {
    "AD1": (True, True),
    "AD2": (True, False),
    "AD3": (False, True),
    "AD4": (True, True),
    "AD5": (False, False),
    "AD6": (True, True),
}
PET_APPS = {
    "dog-rex": ["AD1", "AD2", "AD3"],
    "cat-tom": ["AD4"],
    "dog-max": ["AD5", "AD2"],
    "cat-ivy": [],
    "rabbit-bo": ["AD6", "AD3", "AD4"],
}


@action(read_only=True)
def list_adoption_applications(pet_id: str) -> list[str]:
    """Ids of the people who applied to adopt a pet."""
    return list(PET_APPS[pet_id])


@action(read_only=True)
def get_adopter(adopter_id: str) -> Adopter:
    """An applicant with their home check and reference results."""
    h, r = ADOPTERS[adopter_id]
    return Adopter(id=adopter_id, home_check_passed=h, references_ok=r)


@action
def invite_to_meet(adopter_id: str, pet_id: str) -> str:
    """Invite an applicant to a meet-and-greet with the pet."""
    effect("invite_to_meet", adopter_id, pet_id)
    return "invited"


pets: Task[Any] = Task(
    "Invite every applicant for the pet who passed the home check and whose references are OK "
    "to a meet-and-greet. Return the ids you invited.",
    name="r38_pet_meet",
    inputs={"pet_id": str},
    outputs={"invited": list[str]},
    actions=[list_adoption_applications, get_adopter, invite_to_meet],
)


def pets_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a in PET_APPS[i["pet_id"]] if all(ADOPTERS[a])]
    return Expected([("invite_to_meet", a, i["pet_id"]) for a in ids], {"invited": ids})


_pe = [say("Listing applicants.", "list_adoption_applications", pet_id=ref("pet_id"))]
for n, ok in enumerate([True, False, False], start=1):
    _pe.append(
        say(
            "Checking the applicant.",
            "get_adopter",
            adopter_id=ref(f"list_adoption_applications_1.{n-1}"),
        )
    )
    _pe.append(
        say(
            "Both checks OK?",
            "compute",
            expression=f"get_adopter_{n}.home_check_passed and get_adopter_{n}.references_ok",
        )
    )
    if ok:
        _pe.append(
            say(
                "Inviting.",
                "invite_to_meet",
                adopter_id=ref(f"get_adopter_{n}.id"),
                pet_id=ref("pet_id"),
            )
        )
_pe.append(say("Only AD1 qualifies.", "finish", invited=["AD1"]))
CASES.append(
    Case(
        task=pets,
        features=("lookup each", "two-field compute", "one-sided", "list copied"),
        recorded={"pet_id": "dog-rex"},
        answers=_pe,
        reference=pets_ref,
        held_out=[
            HeldOut("1 of 1", {"pet_id": "cat-tom"}),
            HeldOut("0 of 2", {"pet_id": "dog-max"}),
            HeldOut("no applicants", {"pet_id": "cat-ivy"}),
            HeldOut("2 of 3", {"pet_id": "rabbit-bo"}),
        ],
    )
)


# ------------- 17 software licenses: filter compute, revoke each, one bulk email with ids
class Seat(BaseModel):
    user: str
    days_since_login: int


SEATS = {
    "figma": [("ann", 120), ("bob", 5), ("cy", 95), ("dee", 30)],
    "jira": [("eve", 200)],
    "slack": [("fay", 1), ("gus", 89)],
    "zoom": [],
    "adobe": [("hal", 91), ("ivy", 400), ("jon", 90)],
}


@action(read_only=True)
def list_seats(product: str) -> list[Seat]:
    """Licensed seats of a software product with days since each user last logged in."""
    return [Seat(user=u, days_since_login=d) for u, d in SEATS[product]]


@action
def revoke_seat(product: str, user: str) -> str:
    """Revoke a user's license seat."""
    effect("revoke_seat", product, user)
    return "revoked"


@action
def email_it_admin(subject: str, users: list[str]) -> str:
    """Email the IT admin a list of users."""
    effect("email_it_admin", subject, tuple(users))
    return "sent"


lic: Task[Any] = Task(
    "Revoke the product's seats of users who haven't logged in for more than 90 days, then email "
    "the IT admin the list of revoked users with the subject '<product> seats revoked'. "
    "Return the revoked users.",
    name="r38_license_revoke",
    inputs={"product": str},
    outputs={"revoked": list[str]},
    actions=[list_seats, revoke_seat, email_it_admin],
)


def lic_ref(i: dict[str, Any]) -> Expected:
    p = i["product"]
    u = [x for x, d in SEATS[p] if d > 90]
    eff: list[Any] = [("revoke_seat", p, x) for x in u]
    eff.append(("email_it_admin", f"{p} seats revoked", tuple(u)))
    return Expected(eff, {"revoked": u})


CASES.append(
    Case(
        task=lic,
        features=("filter compute ids", "bulk call with list ref", "f-string compute"),
        recorded={"product": "figma"},
        answers=[
            say("Listing seats.", "list_seats", product=ref("product")),
            say(
                "Inactive over 90 days:",
                "compute",
                expression="[s.user for s in list_seats_1 if s.days_since_login > 90]",
            ),
            say("Revoking ann.", "revoke_seat", product=ref("product"), user=ref("compute_1.0")),
            say("Revoking cy.", "revoke_seat", product=ref("product"), user=ref("compute_1.1")),
            say("Subject line.", "compute", expression="f'{product} seats revoked'"),
            say("Emailing IT.", "email_it_admin", subject=ref("compute_2"), users=ref("compute_1")),
            say("Done.", "finish", revoked=ref("compute_1")),
        ],
        reference=lic_ref,
        held_out=[
            HeldOut("1 of 1", {"product": "jira"}),
            HeldOut("none", {"product": "slack"}),
            HeldOut("no seats", {"product": "zoom"}),
            HeldOut("2 of 3 (90 kept)", {"product": "adobe"}),
        ],
    )
)


# ------------- 18 bike rentals: two loops in a row (swap low batteries, then tag all inspected)
class Bike(BaseModel):
    id: str
    battery_pct: int


STATIONS = {
    "st-1": [("BK-1", 15), ("BK-2", 80), ("BK-3", 5)],
    "st-2": [("BK-4", 60)],
    "st-3": [("BK-5", 10), ("BK-6", 19)],
    "st-4": [],
}


@action(read_only=True)
def list_bikes(station: str) -> list[Bike]:
    """E-bikes docked at a station with their battery level."""
    return [Bike(id=b, battery_pct=p) for b, p in STATIONS[station]]


@action
def swap_battery(bike_id: str) -> str:
    """Swap an e-bike's battery for a charged one."""
    effect("swap_battery", bike_id)
    return "swapped"


@action
def log_inspection(bike_id: str, station: str) -> str:
    """Log that a bike was inspected at a station today."""
    effect("log_inspection", bike_id, station)
    return "logged"


bikes: Task[Any] = Task(
    "On the station round: swap the battery of every e-bike below 20%, then log an inspection "
    "for every bike at the station. Return how many batteries you swapped.",
    name="r38_bike_round",
    inputs={"station": str},
    outputs={"swapped": int},
    actions=[list_bikes, swap_battery, log_inspection],
)


def bikes_ref(i: dict[str, Any]) -> Expected:
    s = STATIONS[i["station"]]
    low = [b for b, p in s if p < 20]
    eff: list[Any] = [("swap_battery", b) for b in low]
    eff += [("log_inspection", b, i["station"]) for b, _ in s]
    return Expected(eff, {"swapped": len(low)})


_bk = [say("Listing bikes.", "list_bikes", station=ref("station"))]
_bk.append(say("BK-1 is at 15%, swapping.", "swap_battery", bike_id=ref("list_bikes_1.0.id")))
_bk.append(say("BK-3 is at 5%, swapping.", "swap_battery", bike_id=ref("list_bikes_1.2.id")))
for n in range(3):
    _bk.append(
        say(
            "Logging inspection.",
            "log_inspection",
            bike_id=ref(f"list_bikes_1.{n}.id"),
            station=ref("station"),
        )
    )
_bk.append(say("Two batteries swapped.", "finish", swapped=2))
CASES.append(
    Case(
        task=bikes,
        features=("filter in head", "two loops in a row", "count typed"),
        recorded={"station": "st-1"},
        answers=_bk,
        reference=bikes_ref,
        held_out=[
            HeldOut("none low", {"station": "st-2"}),
            HeldOut("2 low incl 19", {"station": "st-3"}),
            HeldOut("empty station", {"station": "st-4"}),
        ],
    )
)


# ------------- 19 clinical trials: single adverse event, decision on a string field
class AdverseEvent(BaseModel):
    id: str
    participant_id: str
    severity: str


AES = {
    "AE-1": ("P01", "serious"),
    "AE-2": ("P02", "serious"),
    "AE-3": ("P03", "mild"),
    "AE-4": ("P04", "moderate"),
}


@action(read_only=True)
def get_adverse_event(event_id: str) -> AdverseEvent:
    """An adverse event report with its severity (mild, moderate, serious)."""
    p, s = AES[event_id]
    return AdverseEvent(id=event_id, participant_id=p, severity=s)


@action
def report_to_ethics_board(event_id: str) -> str:
    """Send an expedited report of an adverse event to the ethics board."""
    effect("report_to_ethics_board", event_id)
    return "reported"


@action
def log_adverse_event(event_id: str) -> str:
    """Log an adverse event in the trial database for the periodic report."""
    effect("log_adverse_event", event_id)
    return "logged"


ae: Task[Any] = Task(
    "Handle the adverse event: if it is serious, send an expedited report to the ethics board; "
    "otherwise just log it for the periodic report. Return 'reported' or 'logged'.",
    name="r38_adverse_event",
    inputs={"event_id": str},
    outputs={"handled": str},
    actions=[get_adverse_event, report_to_ethics_board, log_adverse_event],
)


def ae_ref(i: dict[str, Any]) -> Expected:
    ser = AES[i["event_id"]][1] == "serious"
    return Expected(
        [("report_to_ethics_board" if ser else "log_adverse_event", i["event_id"])],
        {"handled": "reported" if ser else "logged"},
    )


CASES.append(
    Case(
        task=ae,
        features=("single decision", "string field in head", "other branch"),
        recorded={"event_id": "AE-3"},
        answers=[
            say("Reading the event.", "get_adverse_event", event_id=ref("event_id")),
            say("It's mild, so I log it.", "log_adverse_event", event_id=ref("event_id")),
            say("Logged.", "finish", handled="logged"),
        ],
        reference=ae_ref,
        held_out=[
            HeldOut("moderate", {"event_id": "AE-4"}),
            HeldOut("serious: other branch", {"event_id": "AE-1"}, new_path=True),
            HeldOut("another serious: other branch", {"event_id": "AE-2"}, new_path=True),
        ],
    )
)


# ------------- 20 telecom roaming: same action both sides with different constants, by a flag
class Line(BaseModel):
    msisdn: str
    roaming_consent: bool


ROAM = {
    "corp-1": [("0801", True), ("0802", False), ("0803", True)],
    "corp-2": [("0811", False)],
    "corp-3": [("0821", True), ("0822", True)],
    "corp-4": [],
}


@action(read_only=True)
def list_corporate_lines(account_id: str) -> list[Line]:
    """A corporate account's lines with whether the employee consented to roaming charges."""
    return [Line(msisdn=m, roaming_consent=c) for m, c in ROAM[account_id]]


@action
def set_roaming(msisdn: str, mode: str) -> str:
    """Set a line's roaming mode ('allow' or 'block')."""
    effect("set_roaming", msisdn, mode)
    return mode


roam: Task[Any] = Task(
    "Before the trip, set roaming for every line of the account: 'allow' where the employee "
    "consented to roaming charges, 'block' otherwise. Return how many lines you allowed and "
    "how many you blocked.",
    name="r38_roaming",
    inputs={"account_id": str},
    outputs={"allowed": int, "blocked": int},
    actions=[list_corporate_lines, set_roaming],
)


def roam_ref(i: dict[str, Any]) -> Expected:
    ls = ROAM[i["account_id"]]
    eff = [("set_roaming", m, "allow" if c else "block") for m, c in ls]
    a = sum(1 for _, c in ls if c)
    return Expected(eff, {"allowed": a, "blocked": len(ls) - a})


CASES.append(
    Case(
        task=roam,
        features=(
            "both sides same action",
            "constant per side",
            "decision in head",
            "counts typed",
        ),
        recorded={"account_id": "corp-1"},
        answers=[
            say("Listing lines.", "list_corporate_lines", account_id=ref("account_id")),
            say(
                "0801 consented: allow.",
                "set_roaming",
                msisdn=ref("list_corporate_lines_1.0.msisdn"),
                mode="allow",
            ),
            say(
                "0802 did not: block.",
                "set_roaming",
                msisdn=ref("list_corporate_lines_1.1.msisdn"),
                mode="block",
            ),
            say(
                "0803 consented: allow.",
                "set_roaming",
                msisdn=ref("list_corporate_lines_1.2.msisdn"),
                mode="allow",
            ),
            say("Two allowed, one blocked.", "finish", allowed=2, blocked=1),
        ],
        reference=roam_ref,
        held_out=[
            HeldOut("1 blocked", {"account_id": "corp-2"}),
            HeldOut("2 allowed", {"account_id": "corp-3"}),
            HeldOut("no lines", {"account_id": "corp-4"}),
        ],
    )
)


# ------------- 21 payroll overtime: filter compute, per-item overtime pay, total returned
class Timesheet(BaseModel):
    employee_id: str
    hours: float
    hourly_rate: float


SHEETS = {
    "wk-10": [("E1", 45.0, 20.0), ("E2", 38.0, 25.0), ("E3", 42.0, 30.0)],
    "wk-11": [("E1", 40.0, 20.0)],
    "wk-12": [("E4", 50.0, 18.0)],
    "wk-13": [],
    "wk-14": [("E2", 41.0, 25.0), ("E5", 44.5, 22.0), ("E6", 30.0, 19.0)],
}


@action(read_only=True)
def list_timesheets(week: str) -> list[Timesheet]:
    """Approved timesheets for a week with hours worked and hourly rate."""
    return [Timesheet(employee_id=e, hours=h, hourly_rate=r) for e, h, r in SHEETS[week]]


@action
def add_overtime_pay(employee_id: str, week: str, amount: float) -> str:
    """Add overtime pay to an employee's next payslip."""
    effect("add_overtime_pay", employee_id, week, amount)
    return "added"


ot: Task[Any] = Task(
    "For every timesheet of the week with more than 40 hours, add overtime pay: the hours over "
    "40 times 1.5 times the hourly rate. Return the ids of the employees paid overtime.",
    name="r38_overtime",
    inputs={"week": str},
    outputs={"paid": list[str]},
    actions=[list_timesheets, add_overtime_pay],
)


def ot_ref(i: dict[str, Any]) -> Expected:
    s = [(e, (h - 40) * 1.5 * r) for e, h, r in SHEETS[i["week"]] if h > 40]
    return Expected(
        [("add_overtime_pay", e, i["week"], a) for e, a in s], {"paid": [e for e, _ in s]}
    )


_ot = [
    say("Timesheets for the week.", "list_timesheets", week=ref("week")),
    say("Over 40 hours:", "compute", expression="[t for t in list_timesheets_1 if t.hours > 40]"),
]
for n in range(2):
    _ot.append(
        say(
            "Overtime amount.",
            "compute",
            expression=f"(compute_1[{n}].hours - 40) * 1.5 * compute_1[{n}].hourly_rate",
        )
    )
    _ot.append(
        say(
            "Adding overtime.",
            "add_overtime_pay",
            employee_id=ref(f"compute_1.{n}.employee_id"),
            week=ref("week"),
            amount=ref(f"compute_{n+2}"),
        )
    )
_ot.append(
    say(
        "Paid E1 and E3.",
        "finish",
        paid=[ref("compute_1.0.employee_id"), ref("compute_1.1.employee_id")],
    )
)
CASES.append(
    Case(
        task=ot,
        features=("filter compute", "per-item compute", "list of refs out"),
        recorded={"week": "wk-10"},
        answers=_ot,
        reference=ot_ref,
        held_out=[
            HeldOut("exactly 40", {"week": "wk-11"}),
            HeldOut("1 of 1", {"week": "wk-12"}),
            HeldOut("no sheets", {"week": "wk-13"}),
            HeldOut("2 of 3", {"week": "wk-14"}),
        ],
    )
)


# ------------- 22 admissions scholarship: aggregate compute then single decision, other branch
class Grade(BaseModel):
    course: str
    points: float


TRANSCRIPTS = {
    "ST-1": [("calc", 3.7), ("chem", 4.0), ("lit", 3.3)],
    "ST-2": [("calc", 3.9), ("bio", 3.6)],
    "ST-3": [("hist", 2.7), ("art", 3.0)],
    "ST-4": [("calc", 3.5), ("phys", 3.5), ("lit", 3.5), ("art", 3.5)],
}


@action(read_only=True)
def get_transcript(student_id: str) -> list[Grade]:
    """A student's course grades (grade points)."""
    return [Grade(course=c, points=p) for c, p in TRANSCRIPTS[student_id]]


@action
def add_to_deans_list(student_id: str, average: float) -> str:
    """Put a student on the dean's list with their average."""
    effect("add_to_deans_list", student_id, average)
    return "added"


dean: Task[Any] = Task(
    "Work out the student's average grade points; if it is 3.5 or higher, put them on the "
    "dean's list with that average. Return the average and whether they were added.",
    name="r38_deans_list",
    inputs={"student_id": str},
    outputs={"average": float, "added": bool},
    actions=[get_transcript, add_to_deans_list],
)


def dean_ref(i: dict[str, Any]) -> Expected:
    g = [p for _, p in TRANSCRIPTS[i["student_id"]]]
    avg = sum(g) / len(g)
    ok = avg >= 3.5
    return Expected(
        [("add_to_deans_list", i["student_id"], avg)] if ok else [], {"average": avg, "added": ok}
    )


CASES.append(
    Case(
        task=dean,
        features=("aggregate compute", "single decision", "other branch"),
        recorded={"student_id": "ST-1"},
        answers=[
            say("Fetching the transcript.", "get_transcript", student_id=ref("student_id")),
            say(
                "Average:",
                "compute",
                expression="sum(g.points for g in get_transcript_1) / len(get_transcript_1)",
            ),
            say("3.5 or more?", "compute", expression="compute_1 >= 3.5"),
            say(
                "Yes, adding to the dean's list.",
                "add_to_deans_list",
                student_id=ref("student_id"),
                average=ref("compute_1"),
            ),
            say("Added.", "finish", average=ref("compute_1"), added=True),
        ],
        reference=dean_ref,
        held_out=[
            HeldOut("2 courses high", {"student_id": "ST-2"}),
            HeldOut("exactly 3.5", {"student_id": "ST-4"}),
            HeldOut("low: other branch", {"student_id": "ST-3"}, new_path=True),
        ],
    )
)


# ------------- 23 library acquisitions again, $ref style: both sides' id lists passed by $ref
acq_refs: Task[Any] = Task(
    acq.description,
    name="r38_acquisitions_refs",
    inputs={"branch": str},
    outputs={"ordered": list[str], "committee": list[str]},
    actions=[list_purchase_requests, get_purchase_request, order_book, send_to_committee],
)
_aq2 = [say("Listing requests.", "list_purchase_requests", branch=ref("branch"))]
for n, cheap in enumerate([True, False, True], start=1):
    _aq2.append(
        say(
            "Looking at it.",
            "get_purchase_request",
            request_id=ref(f"list_purchase_requests_1.{n-1}"),
        )
    )
    _aq2.append(say("50 or less?", "compute", expression=f"get_purchase_request_{n}.price <= 50"))
    act = "order_book" if cheap else "send_to_committee"
    _aq2.append(say("Acting.", act, request_id=ref(f"get_purchase_request_{n}.id")))
_aq2.append(
    say(
        "Done.",
        "finish",
        ordered=[ref("get_purchase_request_1.id"), ref("get_purchase_request_3.id")],
        committee=[ref("get_purchase_request_2.id")],
    )
)
CASES.append(
    Case(
        task=acq_refs,
        features=("lookup each", "both sides", "compute", "lists of refs out"),
        recorded={"branch": "branch-n"},
        answers=_aq2,
        reference=acq_ref,
        held_out=[
            HeldOut("50 and 12", {"branch": "branch-s"}),
            HeldOut("1 pricey", {"branch": "branch-e"}),
            HeldOut("none", {"branch": "branch-w"}),
            HeldOut("2+2", {"branch": "branch-c"}),
        ],
    )
)


# ------------- 24 IT-style single decision in the head on a bool field (incident paging)
class Incident(BaseModel):
    id: str
    service: str
    customer_facing: bool


INCIDENTS = {"INC-1": ("billing", False), "INC-2": ("search", False), "INC-3": ("checkout", True)}


@action(read_only=True)
def get_incident(incident_id: str) -> Incident:
    """An incident with whether it affects customers."""
    s, c = INCIDENTS[incident_id]
    return Incident(id=incident_id, service=s, customer_facing=c)


@action
def page_on_call(incident_id: str) -> str:
    """Page the on-call engineer about an incident."""
    effect("page_on_call", incident_id)
    return "paged"


@action
def open_ticket(incident_id: str) -> str:
    """Open a next-business-day ticket for an incident."""
    effect("open_ticket", incident_id)
    return "opened"


inc: Task[Any] = Task(
    "Triage the incident: page the on-call engineer if it is customer facing, otherwise open a "
    "next-business-day ticket. Return 'paged' or 'ticket'.",
    name="r38_incident_triage",
    inputs={"incident_id": str},
    outputs={"outcome": str},
    actions=[get_incident, page_on_call, open_ticket],
)


def inc_ref(i: dict[str, Any]) -> Expected:
    c = INCIDENTS[i["incident_id"]][1]
    return Expected(
        [("page_on_call" if c else "open_ticket", i["incident_id"])],
        {"outcome": "paged" if c else "ticket"},
    )


CASES.append(
    Case(
        task=inc,
        features=("single decision", "bool field in head", "other branch"),
        recorded={"incident_id": "INC-1"},
        answers=[
            say("Reading the incident.", "get_incident", incident_id=ref("incident_id")),
            say(
                "Not customer facing, so a ticket.",
                "open_ticket",
                incident_id=ref("get_incident_1.id"),
            ),
            say("Ticket opened.", "finish", outcome="ticket"),
        ],
        reference=inc_ref,
        held_out=[
            HeldOut("internal", {"incident_id": "INC-2"}),
            HeldOut("customer facing: other branch", {"incident_id": "INC-3"}, new_path=True),
        ],
    )
)


# ------------- 25 acquisitions with both lists passed on to changing calls after the loop
@action
def notify_patrons_ordered(request_ids: list[str]) -> str:
    """Tell the patrons behind these requests that their books were ordered."""
    effect("notify_patrons_ordered", tuple(request_ids))
    return "sent"


@action
def send_committee_agenda(request_ids: list[str]) -> str:
    """Send the acquisitions committee the agenda of requests to review."""
    effect("send_committee_agenda", tuple(request_ids))
    return "sent"


acq_mail: Task[Any] = Task(
    "Handle the branch's purchase requests: order books costing 50 or less right away, and send "
    "pricier ones to the acquisitions committee. Then tell the patrons whose books you ordered, "
    "and send the committee the agenda of the requests it must review. Return how many you "
    "ordered.",
    name="r38_acquisitions_mail",
    inputs={"branch": str},
    outputs={"ordered": int},
    actions=[
        list_purchase_requests,
        get_purchase_request,
        order_book,
        send_to_committee,
        notify_patrons_ordered,
        send_committee_agenda,
    ],
)


def acq_mail_ref(i: dict[str, Any]) -> Expected:
    base = acq_ref(i)
    o, c = base.outputs["ordered"], base.outputs["committee"]
    eff = list(base.effects)
    if o:
        eff.append(("notify_patrons_ordered", tuple(o)))
    if c:
        eff.append(("send_committee_agenda", tuple(c)))
    return Expected(eff, {"ordered": len(o)})


_aq3 = [
    *_aq2[:-1],
    say(
        "Telling the patrons.",
        "notify_patrons_ordered",
        request_ids=[ref("get_purchase_request_1.id"), ref("get_purchase_request_3.id")],
    ),
    say(
        "Committee agenda.", "send_committee_agenda", request_ids=[ref("get_purchase_request_2.id")]
    ),
    say("Two ordered.", "finish", ordered=2),
]
CASES.append(
    Case(
        task=acq_mail,
        features=("lookup each", "both sides", "both lists passed on after the loop"),
        recorded={"branch": "branch-n"},
        answers=_aq3,
        reference=acq_mail_ref,
        held_out=[
            HeldOut("recorded branch again", {"branch": "branch-n"}),
            HeldOut("2+2", {"branch": "branch-c"}),
            HeldOut("1 pricey", {"branch": "branch-e"}),
        ],
    )
)

CASES = at_least_three(CASES)
