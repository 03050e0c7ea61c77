"""Round 50 red team: decisions read by place (rule A) and "if you <verb>ed any" after a
loop (rule B).

Run with /work/redteam/round50/api/run.py against the frozen tree.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ========== A: parking, shared data
class Permit(BaseModel):
    plate: str
    days_over: int
    blue_badge: bool = False


PZ: dict[str, list[tuple[str, int, bool]]] = {
    # recorded ones
    "last_warn": [("KA-1", 20, False), ("KA-2", 16, False), ("KA-3", 3, False)],
    "skip_badge": [
        ("KA-1", 20, False),
        ("KA-2", 30, True),
        ("KA-3", 3, False),
        ("KA-4", 16, False),
    ],
    "rec4": [("KA-1", 20, False), ("KA-2", 3, False), ("KA-3", 15, False), ("KA-4", 7, False)],
    # held out
    "rec4b": [("KA-1", 20, False), ("KA-2", 3, False), ("KA-3", 20, False), ("KA-4", 7, False)],
    "h_warn_first": [("MB-1", 2, False), ("MB-2", 20, False), ("MB-3", 5, False)],
    "h_mixed4": [("MB-4", 1, False), ("MB-5", 9, False), ("MB-6", 25, False), ("MB-7", 4, False)],
    "h_plain": [("HH-1", 30, False), ("HH-2", 40, False), ("HH-3", 1, False)],
    "h_one": [("HH-9", 3, False)],
    "h_empty": [],
    "h_badge": [("BB-1", 25, False), ("BB-2", 40, True), ("BB-3", 2, False)],
    "h_badge_only": [("BB-4", 2, False), ("BB-5", 18, True)],
    "h_16days": [("FF-1", 16, False), ("FF-2", 2, False), ("FF-3", 30, False)],
    "h_dupe": [("DD-1", 20, False), ("DD-1", 20, False), ("DD-2", 1, False)],
}


@action(read_only=True)
def list_expired_permits(zone: str) -> list[Permit]:
    """Cars parked in a residents' zone on an expired permit: plate, days expired, blue badge."""
    return [Permit(plate=p, days_over=d, blue_badge=b) for p, d, b in PZ[zone]]


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


def _fw(i: dict[str, Any], badge_warn: bool = False, badge_skip: bool = False) -> Expected:
    eff: list[tuple[Any, ...]] = []
    f = w = 0
    for p, d, b in PZ[i["zone"]]:
        if b and badge_skip:
            continue
        if d > 14 and not (b and badge_warn):
            eff.append(("issue_fine", p))
            f += 1
        else:
            eff.append(("send_warning", p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


def _fw_sorted(i: dict[str, Any]) -> Expected:
    rows = sorted(PZ[i["zone"]], key=lambda r: -r[1])
    eff = [("issue_fine", p) if d > 14 else ("send_warning", p) for p, d, _ in rows]
    f = sum(1 for _, d, _ in rows if d > 14)
    return Expected(eff, {"fines": f, "warnings": len(rows) - f})


def _pk(zone_rec: str, pattern: list[tuple[int, bool]], fines: int, warns: int) -> list[Any]:
    out = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
    for n, over in pattern:
        out.append(
            say(
                "More than 14 days?",
                "compute",
                expression=f"list_expired_permits_1[{n}].days_over > 14",
            )
        )
        act = "issue_fine" if over else "send_warning"
        out.append(say("Acting.", act, plate=ref(f"list_expired_permits_1.{n}.plate")))
    out.append(say("Done.", "finish", fines=fines, warnings=warns))
    return out


HELD_PK = [
    HeldOut("warn first", {"zone": "h_warn_first"}),
    HeldOut("mixed 4", {"zone": "h_mixed4"}),
    HeldOut("plain", {"zone": "h_plain"}),
    HeldOut("one", {"zone": "h_one"}),
    HeldOut("empty", {"zone": "h_empty"}),
    HeldOut("16 days", {"zone": "h_16days"}),
    HeldOut("duplicate plate", {"zone": "h_dupe"}),
]

# --- A1: the warning side seen only in the last repetition
pk1: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Return how many fines and how many warnings.",
    name="r50_pk_last_warn",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=pk1,
        features=("by place", "side seen last"),
        recorded={"zone": "last_warn"},
        answers=_pk("last_warn", [(0, True), (1, True), (2, False)], 2, 1),
        reference=_fw,
        held_out=HELD_PK,
    )
)

# --- A2: a place skipped (blue badge car left alone, said in the words)
pk2: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Leave blue-badge cars alone. Return how many "
    "fines and how many warnings.",
    name="r50_pk_skip_badge",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=pk2,
        features=("by place", "place skipped", "hidden condition"),
        recorded={"zone": "skip_badge"},
        answers=_pk("skip_badge", [(0, True), (2, False), (3, True)], 2, 1),
        reference=lambda i: _fw(i, badge_skip=True),
        held_out=[
            *HELD_PK,
            HeldOut("badge over", {"zone": "h_badge"}),
            HeldOut("badge only", {"zone": "h_badge_only"}),
        ],
    )
)

# --- A3: places out of order (model did the longest overdue first)
pk3: Task[Any] = Task(
    "For every car in the zone on an expired permit, longest overdue first: fine it if the permit "
    "expired more than 14 days ago, otherwise send a warning letter. Return how many fines and "
    "how many warnings.",
    name="r50_pk_out_of_order",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=pk3,
        features=("by place", "out of order"),
        recorded={"zone": "rec4"},
        answers=_pk("rec4", [(0, True), (2, True), (3, False), (1, False)], 2, 2),
        reference=_fw_sorted,
        held_out=HELD_PK,
    )
)

# --- A4: blue badge in the words: "blue-badge holders get a warning instead" (field alike recorded)
pk4: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Blue-badge holders only ever get a warning. "
    "Return how many fines and how many warnings.",
    name="r50_pk_badge_warn",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=pk4,
        features=("by place", "hidden condition in words"),
        recorded={"zone": "rec4"},
        answers=_pk("rec4", [(0, True), (1, False), (2, True), (3, False)], 2, 2),
        reference=lambda i: _fw(i, badge_warn=True),
        held_out=[
            *HELD_PK,
            HeldOut("badge over", {"zone": "h_badge"}),
            HeldOut("badge only", {"zone": "h_badge_only"}),
        ],
    )
)


# --- A5: fine amount typed per car (£10 per day over 14), coinciding on the recording
@action
def issue_fine_amount(plate: str, amount: int) -> str:
    """Issue a parking fine of ``amount`` pounds to a car."""
    effect("issue_fine_amount", plate, amount)
    return "fined"


pk5: Task[Any] = Task(
    "For every car in the zone on an expired permit: if the permit expired more than 14 days "
    "ago, fine it 10 pounds per day expired; otherwise send a warning letter. Return how many "
    "fines and how many warnings.",
    name="r50_pk_amount_typed",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine_amount, send_warning],
)


def pk5_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    f = w = 0
    for p, d, _ in PZ[i["zone"]]:
        if d > 14:
            eff.append(("issue_fine_amount", p, 10 * d))
            f += 1
        else:
            eff.append(("send_warning", p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


_a5 = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
for n, over in [(0, True), (1, False), (2, True), (3, False)]:
    _a5.append(
        say(
            "More than 14 days?",
            "compute",
            expression=f"list_expired_permits_1[{n}].days_over > 14",
        )
    )
    if over:
        _a5.append(
            say(
                "20 days, so 200 pounds.",
                "issue_fine_amount",
                plate=ref(f"list_expired_permits_1.{n}.plate"),
                amount=200,
            )
        )
    else:
        _a5.append(say("Warning.", "send_warning", plate=ref(f"list_expired_permits_1.{n}.plate")))
_a5.append(say("Done.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=pk5,
        features=("by place", "number typed per item coinciding"),
        recorded={"zone": "rec4b"},
        answers=_a5,
        reference=pk5_ref,
        held_out=HELD_PK,
    )
)


# --- A6: two parallel lists: keepers listed separately in the same order
class Keeper(BaseModel):
    plate: str
    keeper_id: str


@action(read_only=True)
def list_keepers(zone: str) -> list[Keeper]:
    """The registered keeper of each car in list_expired_permits, in the same order."""
    return [Keeper(plate=p, keeper_id="K" + p) for p, _, _ in PZ[zone]]


@action
def fine_keeper(plate: str, keeper_id: str) -> str:
    """Issue a parking fine for a car to its keeper."""
    effect("fine_keeper", plate, keeper_id)
    return "fined"


@action
def warn_keeper(plate: str, keeper_id: str) -> str:
    """Send a car's keeper a warning letter."""
    effect("warn_keeper", plate, keeper_id)
    return "warned"


pk6: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine its keeper if the permit expired more "
    "than 14 days ago, otherwise send the keeper a warning letter. Return how many fines and how "
    "many warnings.",
    name="r50_pk_two_lists",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, list_keepers, fine_keeper, warn_keeper],
)


def pk6_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    f = w = 0
    for p, d, _ in PZ[i["zone"]]:
        if d > 14:
            eff.append(("fine_keeper", p, "K" + p))
            f += 1
        else:
            eff.append(("warn_keeper", p, "K" + p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


_a6 = [
    say("Listing the expired permits.", "list_expired_permits", zone=ref("zone")),
    say("And the keepers.", "list_keepers", zone=ref("zone")),
]
for n, over in [(0, True), (1, False), (2, True), (3, False)]:
    _a6.append(
        say(
            "More than 14 days?",
            "compute",
            expression=f"list_expired_permits_1[{n}].days_over > 14",
        )
    )
    _a6.append(
        say(
            "Acting.",
            "fine_keeper" if over else "warn_keeper",
            plate=ref(f"list_expired_permits_1.{n}.plate"),
            keeper_id=ref(f"list_keepers_1.{n}.keeper_id"),
        )
    )
_a6.append(say("Done.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=pk6,
        features=("by place", "two lists"),
        recorded={"zone": "rec4"},
        answers=_a6,
        reference=pk6_ref,
        held_out=HELD_PK,
    )
)

# --- A7: keeper id copied from a second list by the same place, but the keeper list sorted
# differently (by keeper id) -- model matched by plate in its head; call uses keepers[n]
# where the keeper list happens to align on the recording only.

# --- A0: control, as r47 but with this Permit
pk0: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Return how many fines and how many warnings.",
    name="r50_pk_control",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=pk0,
        features=("by place", "control"),
        recorded={"zone": "rec4"},
        answers=_pk("rec4", [(0, True), (1, False), (2, True), (3, False)], 2, 2),
        reference=_fw,
        held_out=HELD_PK,
    )
)


# ========== A8: hidden vehicle rule in words
class Stay(BaseModel):
    plate: str
    days_over: int
    vehicle: str


VZ: dict[str, list[tuple[str, int, str]]] = {
    "rec": [("KA-1", 20, "car"), ("KA-2", 3, "motorbike"), ("KA-3", 15, "van"), ("KA-4", 7, "car")],
    "moto_over": [("MO-1", 30, "motorbike"), ("MO-2", 2, "car")],
    "mix": [
        ("MX-1", 25, "car"),
        ("MX-2", 1, "van"),
        ("MX-3", 19, "motorbike"),
        ("MX-4", 50, "van"),
    ],
    "plain": [("PL-1", 16, "van"), ("PL-2", 4, "motorbike")],
    "empty": [],
}


@action(read_only=True)
def list_overstays(zone: str) -> list[Stay]:
    """Vehicles parked in a residents' zone on an expired permit: plate, days expired, vehicle
    type."""
    return [Stay(plate=p, days_over=d, vehicle=v) for p, d, v in VZ[zone]]


pk8: Task[Any] = Task(
    "For every vehicle in the zone on an expired permit: fine it if the permit expired more than "
    "14 days ago, otherwise send a warning letter. Motorbikes only ever get a warning letter. "
    "Return how many fines and how many warnings.",
    name="r50_pk_moto_words",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_overstays, issue_fine, send_warning],
)


def pk8_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    for p, d, v in VZ[i["zone"]]:
        eff.append(("issue_fine", p) if d > 14 and v != "motorbike" else ("send_warning", p))
    f = sum(1 for e in eff if e[0] == "issue_fine")
    return Expected(eff, {"fines": f, "warnings": len(eff) - f})


_a8 = [say("Listing the overstays.", "list_overstays", zone=ref("zone"))]
for n, over in [(0, True), (1, False), (2, True), (3, False)]:
    _a8.append(
        say("More than 14 days?", "compute", expression=f"list_overstays_1[{n}].days_over > 14")
    )
    _a8.append(
        say(
            "Fine." if over else "Warning.",
            "issue_fine" if over else "send_warning",
            plate=ref(f"list_overstays_1.{n}.plate"),
        )
    )
_a8.append(say("Two fines, two warnings.", "finish", fines=2, warnings=2))
VHELD = [
    HeldOut("motorbike over", {"zone": "moto_over"}),
    HeldOut("mix with motorbike over", {"zone": "mix"}),
    HeldOut("plain", {"zone": "plain"}),
    HeldOut("empty", {"zone": "empty"}),
]
CASES.append(
    Case(
        task=pk8,
        features=("by place", "hidden word rule"),
        recorded={"zone": "rec"},
        answers=_a8,
        reference=pk8_ref,
        held_out=VHELD,
    )
)

# A9: same, the rule said in a looser way (no vehicle value quoted): "two-wheelers"
pk9: Task[Any] = Task(
    "For every vehicle in the zone on an expired permit: fine it if the permit expired more than "
    "14 days ago, otherwise send a warning letter. Two-wheelers only ever get a warning letter. "
    "Return how many fines and how many warnings.",
    name="r50_pk_twowheel_words",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_overstays, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=pk9,
        features=("by place", "hidden synonym rule"),
        recorded={"zone": "rec"},
        answers=[*_a8],
        reference=pk8_ref,
        held_out=VHELD,
    )
)


# A10: the same hidden word rule with a lookup per item (not by place): is it rule A's alone?
@action(read_only=True)
def list_overstay_plates(zone: str) -> list[str]:
    """Plates of the vehicles parked in a residents' zone on an expired permit."""
    return [p for p, _, _ in VZ[zone]]


@action(read_only=True)
def get_overstay(plate: str) -> Stay:
    """One vehicle's overstay: days expired and vehicle type."""
    for z in VZ.values():
        for p, d, v in z:
            if p == plate:
                return Stay(plate=p, days_over=d, vehicle=v)
    raise KeyError(plate)


pk10: Task[Any] = Task(
    "For every vehicle in the zone on an expired permit: fine it if the permit expired more than "
    "14 days ago, otherwise send a warning letter. Motorbikes only ever get a warning letter. "
    "Return how many fines and how many warnings.",
    name="r50_lookup_moto_words",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_overstay_plates, get_overstay, issue_fine, send_warning],
)
_a10 = [say("Listing the overstays.", "list_overstay_plates", zone=ref("zone"))]
for n, over in [(0, True), (1, False), (2, True), (3, False)]:
    _a10.append(say("Looking it up.", "get_overstay", plate=ref(f"list_overstay_plates_1.{n}")))
    _a10.append(
        say("More than 14 days?", "compute", expression=f"get_overstay_{n+1}.days_over > 14")
    )
    _a10.append(
        say(
            "Fine." if over else "Warning.",
            "issue_fine" if over else "send_warning",
            plate=ref(f"get_overstay_{n+1}.plate"),
        )
    )
_a10.append(say("Two fines, two warnings.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=pk10,
        features=("lookup each", "hidden word rule"),
        recorded={"zone": "rec"},
        answers=_a10,
        reference=pk8_ref,
        held_out=VHELD,
    )
)


# ========== B: "If you cancelled any, ..."
class Booking(BaseModel):
    id: str
    deposit: float
    payment: str
    prepaid: bool


BK: dict[str, tuple[float, str, bool]] = {
    "B-1": (50.0, "credit_card", True),
    "B-2": (80.0, "debit_card", True),
    "B-3": (0.0, "cash", False),
    "B-4": (0.0, "cash", False),
    "B-5": (120.0, "credit_card", True),
    "B-6": (0.0, "invoice", False),
}
GUESTS = {
    "g-rec": ["B-1", "B-2", "B-5"],
    "g-card2": ["B-2", "B-1"],
    "g-cash": ["B-3", "B-4"],
    "g-mix": ["B-3", "B-5"],
    "g-one": ["B-5"],
    "g-none": [],
    "g-inv": ["B-6"],
}


@action(read_only=True)
def list_open_bookings(guest: str) -> list[Booking]:
    """A guest's open bookings: id, deposit paid (EUR), how they paid, whether prepaid."""
    return [
        Booking(id=b, deposit=BK[b][0], payment=BK[b][1], prepaid=BK[b][2]) for b in GUESTS[guest]
    ]


@action(read_only=True)
def list_open_booking_ids(guest: str) -> list[str]:
    """Ids of a guest's open bookings."""
    return list(GUESTS[guest])


@action(read_only=True)
def get_booking(booking_id: str) -> Booking:
    """One booking: deposit paid (EUR), how it was paid, whether prepaid."""
    d, p, pp = BK[booking_id]
    return Booking(id=booking_id, deposit=d, payment=p, prepaid=pp)


@action
def cancel_booking(booking_id: str) -> str:
    """Cancel a booking."""
    effect("cancel_booking", booking_id)
    return "cancelled"


@action
def message_accounts(guest: str, message: str) -> str:
    """Send the accounts team a message about a guest."""
    effect("message_accounts", guest, message)
    return "sent"


GHELD = [
    HeldOut("cash only", {"guest": "g-cash"}),
    HeldOut("cash + card", {"guest": "g-mix"}),
    HeldOut("one card", {"guest": "g-one"}),
    HeldOut("none", {"guest": "g-none"}),
    HeldOut("invoice", {"guest": "g-inv"}),
    HeldOut("two cards", {"guest": "g-card2"}),
]


def _bref(test: Any, msg: str) -> Any:
    def ref_(i: dict[str, Any]) -> Expected:
        ids = GUESTS[i["guest"]]
        eff: list[tuple[Any, ...]] = [("cancel_booking", b) for b in ids]
        if any(test(BK[b]) for b in ids):
            eff.append(("message_accounts", i["guest"], msg))
        return Expected(eff, {"cancelled": len(ids)})

    return ref_


# B1: number field, no number in the words ("refund the deposits": a deposit of 0 is none)
M1 = "Please refund the deposits on the cancelled bookings."
b1: Task[Any] = Task(
    "The guest asked us to cancel all their open bookings. Cancel each one. If you cancelled any, "
    "ask accounts to refund the deposits. Return how many you cancelled.",
    name="r50_b_deposits",
    inputs={"guest": str},
    outputs={"cancelled": int},
    actions=[list_open_bookings, cancel_booking, message_accounts],
)
_b1 = [say("Their open bookings.", "list_open_bookings", guest=ref("guest"))]
for n in range(3):
    _b1.append(say("Cancelling.", "cancel_booking", booking_id=ref(f"list_open_bookings_1.{n}.id")))
_b1.append(
    say("Asking accounts for the refund.", "message_accounts", guest=ref("guest"), message=M1)
)
_b1.append(say("Cancelled 3.", "finish", cancelled=3))
CASES.append(
    Case(
        task=b1,
        features=("acted any", "number field"),
        recorded={"guest": "g-rec"},
        answers=_b1,
        reference=_bref(lambda r: r[0] > 0, M1),
        held_out=GHELD,
    )
)

# B2: a text in another spelling: "card payments" vs payment="credit_card"/"debit_card"
M2 = "Please refund the card payments for the cancelled bookings."
b2: Task[Any] = Task(
    "The guest asked us to cancel all their open bookings. Cancel each one. If you cancelled any, "
    "ask accounts to refund the card payments. Return how many you cancelled.",
    name="r50_b_card_spelling",
    inputs={"guest": str},
    outputs={"cancelled": int},
    actions=[list_open_bookings, cancel_booking, message_accounts],
)
_b2 = [
    *_b1[:4],
    say("Asking accounts for the refund.", "message_accounts", guest=ref("guest"), message=M2),
    _b1[-1],
]
CASES.append(
    Case(
        task=b2,
        features=("acted any", "text spelling"),
        recorded={"guest": "g-rec"},
        answers=_b2,
        reference=_bref(lambda r: r[1].endswith("card"), M2),
        held_out=GHELD,
    )
)

# B3: a looked-up record's flag, named by a synonym ("paid in advance" for prepaid)
M3 = "Please refund what the guest paid in advance."
b3: Task[Any] = Task(
    "The guest asked us to cancel all their open bookings. Look each one up and cancel it. "
    "If you cancelled any, ask accounts to refund what was paid in advance. "
    "Return how many you cancelled.",
    name="r50_b_lookup_synonym",
    inputs={"guest": str},
    outputs={"cancelled": int},
    actions=[list_open_booking_ids, get_booking, cancel_booking, message_accounts],
)
_b3 = [say("Their open bookings.", "list_open_booking_ids", guest=ref("guest"))]
for n in range(3):
    _b3.append(say("Looking it up.", "get_booking", booking_id=ref(f"list_open_booking_ids_1.{n}")))
    _b3.append(say("Cancelling.", "cancel_booking", booking_id=ref(f"get_booking_{n+1}.id")))
_b3.append(
    say("Asking accounts for the refund.", "message_accounts", guest=ref("guest"), message=M3)
)
_b3.append(say("Cancelled 3.", "finish", cancelled=3))
CASES.append(
    Case(
        task=b3,
        features=("acted any", "lookup field", "synonym"),
        recorded={"guest": "g-rec"},
        answers=_b3,
        reference=_bref(lambda r: r[2], M3),
        held_out=GHELD,
    )
)


# ========== A11/A12: a bound in the words unlike the compute's
VZ["rec_b"] = [("KB-1", 25, "car"), ("KB-2", 3, "car"), ("KB-3", 30, "van"), ("KB-4", 7, "van")]
VZ["b_16"] = [("KB-5", 16, "car"), ("KB-6", 40, "van")]
VZ["b_plain"] = [("KB-7", 22, "car"), ("KB-8", 1, "van")]
WORDS_B = (
    "For every vehicle in the zone on an expired permit: fine it if the permit expired at least "
    "21 days ago, otherwise send a warning letter. Return how many fines and how many warnings."
)


def bref(i: dict[str, Any]) -> Expected:
    eff = [("issue_fine", p) if d >= 21 else ("send_warning", p) for p, d, _ in VZ[i["zone"]]]
    f = sum(1 for e in eff if e[0] == "issue_fine")
    return Expected(eff, {"fines": f, "warnings": len(eff) - f})


BHELD = [
    HeldOut("16 days", {"zone": "b_16"}),
    HeldOut("plain", {"zone": "b_plain"}),
    HeldOut("empty", {"zone": "empty"}),
]
pk11: Task[Any] = Task(
    WORDS_B,
    name="r50_pk_bound_words",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_overstays, issue_fine, send_warning],
)
_a11 = [say("Listing the overstays.", "list_overstays", zone=ref("zone"))]
for n, over in [(0, True), (1, False), (2, True), (3, False)]:
    _a11.append(
        say("Over two weeks?", "compute", expression=f"list_overstays_1[{n}].days_over > 14")
    )
    _a11.append(
        say(
            "Fine." if over else "Warning.",
            "issue_fine" if over else "send_warning",
            plate=ref(f"list_overstays_1.{n}.plate"),
        )
    )
_a11.append(say("Two fines, two warnings.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=pk11,
        features=("by place", "bound in words"),
        recorded={"zone": "rec_b"},
        answers=_a11,
        reference=bref,
        held_out=BHELD,
    )
)

pk12: Task[Any] = Task(
    WORDS_B,
    name="r50_lookup_bound_words",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_overstay_plates, get_overstay, issue_fine, send_warning],
)
_a12 = [say("Listing the overstays.", "list_overstay_plates", zone=ref("zone"))]
for n, over in [(0, True), (1, False), (2, True), (3, False)]:
    _a12.append(say("Looking it up.", "get_overstay", plate=ref(f"list_overstay_plates_1.{n}")))
    _a12.append(say("Over two weeks?", "compute", expression=f"get_overstay_{n+1}.days_over > 14"))
    _a12.append(
        say(
            "Fine." if over else "Warning.",
            "issue_fine" if over else "send_warning",
            plate=ref(f"get_overstay_{n+1}.plate"),
        )
    )
_a12.append(say("Two fines, two warnings.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=pk12,
        features=("lookup each", "bound in words"),
        recorded={"zone": "rec_b"},
        answers=_a12,
        reference=bref,
        held_out=BHELD,
    )
)
CASES = at_least_three(CASES)
