"""Round 51 red team: (A) a 'none' value set apart (`_set_apart`), (B) decisions read by place.

Run with /work/redteam/round51/api/run.py against the frozen tree.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ========== A: rentals with an inspection word
class Inspection(BaseModel):
    rental_id: str
    damage: str
    waiver: bool = False


DMG: dict[str, tuple[str, bool]] = {
    "R1": ("none", False),
    "R2": ("scratch", False),
    "R3": ("dent", False),
    "R4": ("none", False),
    "R5": ("scratch", False),
    "R6": ("crack", False),
    "R7": ("dent", True),
    "R8": ("None", False),
    "R9": ("NONE", False),
    "R10": ("scratch", True),
    "R11": ("dent", False),
}
DAYS: dict[str, list[str]] = {
    "rec3": ["R1", "R2", "R3"],
    "rec2": ["R1", "R3"],
    "scratch": ["R5", "R4"],
    "crack": ["R6", "R1"],
    "waiver": ["R7", "R10", "R4"],
    "caps": ["R8", "R11"],
    "caps2": ["R9", "R2"],
    "plain": ["R11", "R4", "R3"],
    "empty": [],
}


@action(read_only=True)
def list_returned_rentals(day: str) -> list[str]:
    """Ids of the rentals returned on a day."""
    return list(DAYS[day])


@action(read_only=True)
def get_inspection(rental_id: str) -> Inspection:
    """The return inspection of a rental: the damage found, and whether the renter bought the
    damage waiver."""
    d, w = DMG[rental_id]
    return Inspection(rental_id=rental_id, damage=d, waiver=w)


@action
def open_damage_case(rental_id: str) -> str:
    """Open a damage case against the renter."""
    effect("open_damage_case", rental_id)
    return "opened"


@action
def release_deposit(rental_id: str) -> str:
    """Release the renter's deposit."""
    effect("release_deposit", rental_id)
    return "released"


def _damaged(d: str) -> bool:
    return d.lower() != "none"


def _rental_script(
    day: str,
    acted: Any,
    both: bool,
    count_names: tuple[str, str] | None,
    finish_list: str | None = None,
    by_ref: bool = True,
) -> list[Any]:
    out = [say("Returns of the day.", "list_returned_rentals", day=ref("day"))]
    cases: list[str] = []
    others: list[str] = []
    for n, rid in enumerate(DAYS[day], start=1):
        out.append(
            say(
                f"Inspection of {rid}.",
                "get_inspection",
                rental_id=ref(f"list_returned_rentals_1.{n - 1}") if by_ref else rid,
            )
        )
        if acted(rid):
            out.append(
                say(
                    "Damage found.",
                    "open_damage_case",
                    rental_id=ref(f"get_inspection_{n}.rental_id"),
                )
            )
            cases.append(rid)
        elif both:
            out.append(
                say("Clean.", "release_deposit", rental_id=ref(f"get_inspection_{n}.rental_id"))
            )
            others.append(rid)
    args: dict[str, Any] = {}
    if count_names:
        args[count_names[0]] = len(cases)
        if both:
            args[count_names[1]] = len(others)
    if finish_list:
        args[finish_list] = cases
    out.append(say("Done.", "finish", **args))
    return out


HELD_R = [
    HeldOut("scratch+none", {"day": "scratch"}),
    HeldOut("crack unseen", {"day": "crack"}),
    HeldOut("waiver", {"day": "waiver"}),
    HeldOut("None capital", {"day": "caps"}),
    HeldOut("NONE upper", {"day": "caps2"}),
    HeldOut("plain", {"day": "plain"}),
    HeldOut("empty", {"day": "empty"}),
]

# A1: "any damage (scratches, dents, cracks)" -- examples in the words; recorded none + dent only
a1: Task[Any] = Task(
    "Open a damage case for every rental returned on the day whose inspection found any damage "
    "at all (a scratch, a dent, a crack). Return the rental ids.",
    name="r51_dmg_examples",
    inputs={"day": str},
    outputs={"cases": list[str]},
    actions=[list_returned_rentals, get_inspection, open_damage_case],
)


def a1_ref(i: dict[str, Any]) -> Expected:
    ids = [r for r in DAYS[i["day"]] if _damaged(DMG[r][0])]
    return Expected([("open_damage_case", r) for r in ids], {"cases": ids})


CASES.append(
    Case(
        task=a1,
        features=("set apart", "examples in words"),
        recorded={"day": "rec2"},
        answers=_rental_script("rec2", lambda r: _damaged(DMG[r][0]), False, None, "cases"),
        reference=a1_ref,
        held_out=HELD_R,
    )
)

# A2: both sides: damage -> case, else release deposit; counts
a2: Task[Any] = Task(
    "For every rental returned on the day: if its inspection found damage, open a damage case; "
    "otherwise release the deposit. Return how many cases and how many deposits released.",
    name="r51_dmg_both",
    inputs={"day": str},
    outputs={"cases": int, "released": int},
    actions=[list_returned_rentals, get_inspection, open_damage_case, release_deposit],
)


def a2_ref(i: dict[str, Any], waiver: bool = False) -> Expected:
    eff: list[Any] = []
    c = r = 0
    for rid in DAYS[i["day"]]:
        d, w = DMG[rid]
        if _damaged(d) and not (waiver and w):
            eff.append(("open_damage_case", rid))
            c += 1
        else:
            eff.append(("release_deposit", rid))
            r += 1
    return Expected(eff, {"cases": c, "released": r})


CASES.append(
    Case(
        task=a2,
        features=("set apart", "both sides"),
        recorded={"day": "rec3"},
        answers=_rental_script("rec3", lambda r: _damaged(DMG[r][0]), True, ("cases", "released")),
        reference=a2_ref,
        held_out=HELD_R,
    )
)

# A3: hidden waiver condition in the words, waiver alike on recording (one-sided)
a3: Task[Any] = Task(
    "Open a damage case for every rental returned on the day whose inspection found damage, "
    "unless the renter bought the damage waiver. Return the rental ids.",
    name="r51_dmg_waiver",
    inputs={"day": str},
    outputs={"cases": list[str]},
    actions=[list_returned_rentals, get_inspection, open_damage_case],
)


def a3_ref(i: dict[str, Any]) -> Expected:
    ids = [r for r in DAYS[i["day"]] if _damaged(DMG[r][0]) and not DMG[r][1]]
    return Expected([("open_damage_case", r) for r in ids], {"cases": ids})


CASES.append(
    Case(
        task=a3,
        features=("set apart", "hidden condition"),
        recorded={"day": "rec3"},
        answers=_rental_script("rec3", lambda r: _damaged(DMG[r][0]), False, None, "cases"),
        reference=a3_ref,
        held_out=HELD_R,
    )
)

# A4: both sides with waiver in words
a4: Task[Any] = Task(
    "For every rental returned on the day: if its inspection found damage and the renter has no "
    "damage waiver, open a damage case; otherwise release the deposit. Return how many cases and "
    "how many deposits released.",
    name="r51_dmg_both_waiver",
    inputs={"day": str},
    outputs={"cases": int, "released": int},
    actions=[list_returned_rentals, get_inspection, open_damage_case, release_deposit],
)
CASES.append(
    Case(
        task=a4,
        features=("set apart", "both sides", "hidden"),
        recorded={"day": "rec3"},
        answers=_rental_script("rec3", lambda r: _damaged(DMG[r][0]), True, ("cases", "released")),
        reference=lambda i: a2_ref(i, waiver=True),
        held_out=HELD_R,
    )
)

# A5: only dents (subset of the non-none values); recorded none, dent
a5: Task[Any] = Task(
    "Dents go to the body shop: open a damage case for every rental returned on the day whose "
    "inspection found a dent. Return the rental ids.",
    name="r51_dmg_only_dents",
    inputs={"day": str},
    outputs={"cases": list[str]},
    actions=[list_returned_rentals, get_inspection, open_damage_case],
)


def a5_ref(i: dict[str, Any]) -> Expected:
    ids = [r for r in DAYS[i["day"]] if DMG[r][0] == "dent"]
    return Expected([("open_damage_case", r) for r in ids], {"cases": ids})


CASES.append(
    Case(
        task=a5,
        features=("set apart", "subset"),
        recorded={"day": "rec2"},
        answers=_rental_script("rec2", lambda r: DMG[r][0] == "dent", False, None, "cases"),
        reference=a5_ref,
        held_out=HELD_R,
    )
)


# A6: 'none' means something on the acted side: no insurance -> charge
class Booking(BaseModel):
    booking_id: str
    insurance: str


INS = {
    "B1": "none",
    "B2": "basic",
    "B3": "full",
    "B4": "none",
    "B5": "premium",
    "B6": "basic",
    "B7": "nothing",
    "B8": "full",
}
BOOKS = {
    "rec": ["B1", "B2", "B3"],
    "h1": ["B4", "B6"],
    "h2": ["B5", "B4"],
    "h3": ["B7", "B8"],
    "h4": ["B2", "B3", "B6"],
    "h5": [],
}


@action(read_only=True)
def list_bookings(day: str) -> list[Booking]:
    """The day's bookings with the insurance the renter took (none, basic, full, ...)."""
    return [Booking(booking_id=b, insurance=INS[b]) for b in BOOKS[day]]


@action
def charge_excess_hold(booking_id: str) -> str:
    """Put a 500 EUR excess hold on the renter's card."""
    effect("charge_excess_hold", booking_id)
    return "held"


a6: Task[Any] = Task(
    "Put the excess hold on the card of every renter in today's bookings who took no insurance. "
    "Return the booking ids.",
    name="r51_ins_none_acted",
    inputs={"day": str},
    outputs={"held": list[str]},
    actions=[list_bookings, charge_excess_hold],
)


def a6_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b in BOOKS[i["day"]] if INS[b] in ("none", "nothing")]
    return Expected([("charge_excess_hold", b) for b in ids], {"held": ids})


CASES.append(
    Case(
        task=a6,
        features=("set apart", "none acted", "list items"),
        recorded={"day": "rec"},
        answers=[
            say("Bookings.", "list_bookings", day=ref("day")),
            say(
                "B1 has none.", "charge_excess_hold", booking_id=ref("list_bookings_1.0.booking_id")
            ),
            say("Done.", "finish", held=["B1"]),
        ],
        reference=a6_ref,
        held_out=[
            HeldOut("none+basic", {"day": "h1"}),
            HeldOut("premium unseen", {"day": "h2"}),
            HeldOut("nothing", {"day": "h3"}),
            HeldOut("all insured", {"day": "h4"}),
            HeldOut("empty", {"day": "h5"}),
        ],
    )
)


# A7: filter over list items (not lookups): insured ones get a thank-you -> acted side the non-none
@action
def send_cover_summary(booking_id: str) -> str:
    """Email the renter a summary of their insurance cover."""
    effect("send_cover_summary", booking_id)
    return "sent"


a7: Task[Any] = Task(
    "Email a cover summary to every renter in today's bookings who took insurance. Return the "
    "booking ids.",
    name="r51_ins_filter_items",
    inputs={"day": str},
    outputs={"sent": list[str]},
    actions=[list_bookings, send_cover_summary],
)


def a7_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b in BOOKS[i["day"]] if INS[b] not in ("none", "nothing")]
    return Expected([("send_cover_summary", b) for b in ids], {"sent": ids})


CASES.append(
    Case(
        task=a7,
        features=("set apart", "list items"),
        recorded={"day": "rec"},
        answers=[
            say("Bookings.", "list_bookings", day=ref("day")),
            say("B2 basic.", "send_cover_summary", booking_id=ref("list_bookings_1.1.booking_id")),
            say("B3 full.", "send_cover_summary", booking_id=ref("list_bookings_1.2.booking_id")),
            say("Done.", "finish", sent=["B2", "B3"]),
        ],
        reference=a7_ref,
        held_out=[
            HeldOut("none+basic", {"day": "h1"}),
            HeldOut("premium unseen", {"day": "h2"}),
            HeldOut("nothing", {"day": "h3"}),
            HeldOut("all insured", {"day": "h4"}),
            HeldOut("empty", {"day": "h5"}),
        ],
    )
)


# A8: 'no' on a yes/no/... survey-like field where the words name it; the acted are 'no' ones
class Guest(BaseModel):
    guest_id: str
    breakfast: str


GB = {
    "G1": "no",
    "G2": "continental",
    "G3": "full english",
    "G4": "no",
    "G5": "vegan",
    "G6": "continental",
    "G7": "n/a",
}
GDAYS = {
    "rec": ["G1", "G2", "G3"],
    "h1": ["G4", "G6"],
    "h2": ["G5", "G4"],
    "h3": ["G7", "G2"],
    "h4": [],
}


@action(read_only=True)
def list_guests(day: str) -> list[Guest]:
    """Guests arriving on a day with their breakfast order."""
    return [Guest(guest_id=g, breakfast=GB[g]) for g in GDAYS[day]]


@action
def send_breakfast_menu(guest_id: str) -> str:
    """Email a guest the breakfast menu so they can order."""
    effect("send_breakfast_menu", guest_id)
    return "sent"


a8: Task[Any] = Task(
    "Email the breakfast menu to every guest arriving on the day who has not ordered breakfast "
    "(breakfast no). Return the guest ids.",
    name="r51_breakfast_no",
    inputs={"day": str},
    outputs={"sent": list[str]},
    actions=[list_guests, send_breakfast_menu],
)


def a8_ref(i: dict[str, Any]) -> Expected:
    ids = [g for g in GDAYS[i["day"]] if GB[g] in ("no", "n/a")]
    return Expected([("send_breakfast_menu", g) for g in ids], {"sent": ids})


CASES.append(
    Case(
        task=a8,
        features=("set apart", "none acted"),
        recorded={"day": "rec"},
        answers=[
            say("Guests.", "list_guests", day=ref("day")),
            say(
                "G1 no breakfast.", "send_breakfast_menu", guest_id=ref("list_guests_1.0.guest_id")
            ),
            say("Done.", "finish", sent=["G1"]),
        ],
        reference=a8_ref,
        held_out=[
            HeldOut("no+cont", {"day": "h1"}),
            HeldOut("vegan unseen", {"day": "h2"}),
            HeldOut("n/a", {"day": "h3"}),
            HeldOut("empty", {"day": "h4"}),
        ],
    )
)


# ========== B: decisions read by place
class Permit(BaseModel):
    plate: str
    days_over: int
    blue_badge: bool = False


PZ: dict[str, list[tuple[str, int, bool]]] = {
    "rec": [("KA-1", 20, False), ("KA-2", 3, False), ("KA-3", 15, False), ("KA-4", 7, False)],
    "rec3": [("KA-1", 20, False), ("KA-2", 3, False), ("KA-3", 15, False)],
    "h_mix": [("MB-4", 1, False), ("MB-5", 9, False), ("MB-6", 25, False), ("MB-7", 40, False)],
    "h_all": [("HH-1", 30, False), ("HH-2", 40, False), ("HH-3", 16, False)],
    "h_none": [("NN-1", 3, False), ("NN-2", 4, False)],
    "h_badge": [("BB-1", 25, False), ("BB-2", 40, True), ("BB-3", 2, True)],
    "h_dupe": [("DD-1", 20, False), ("DD-1", 20, False), ("DD-2", 1, False)],
    "h_10": [("TT-1", 10, False), ("TT-2", 12, False), ("TT-3", 30, False)],
    "h_empty": [],
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


HELD_P = [
    HeldOut(k, {"zone": k})
    for k in ["h_mix", "h_all", "h_none", "h_badge", "h_dupe", "h_10", "h_empty"]
]


def _fines(i: dict[str, Any], test: Any, both: bool = False, cap: int | None = None) -> Expected:
    eff: list[Any] = []
    f = w = 0
    for p, d, b in PZ[i["zone"]]:
        if test(d, b, i) and (cap is None or f < cap):
            eff.append(("issue_fine", p))
            f += 1
        elif both:
            eff.append(("send_warning", p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w} if both else {"fines": f})


def _place(
    zone: str, expr: Any, over: Any, both: bool, finish: dict[str, Any], typed: bool = False
) -> list[Any]:
    out = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
    for n, (p, d, b) in enumerate(PZ[zone]):
        out.append(say("Check.", "compute", expression=expr(n)))
        plate: Any = p if typed else ref(f"list_expired_permits_1.{n}.plate")
        if over(d, b):
            out.append(say("Fine.", "issue_fine", plate=plate))
        elif both:
            out.append(say("Warning.", "send_warning", plate=plate))
    out.append(say("Done.", "finish", **finish))
    return out


# B1: one side only acting
b1: Task[Any] = Task(
    "Fine every car in the zone whose permit expired more than 14 days ago. Return how many fines.",
    name="r51_pk_one_side",
    inputs={"zone": str},
    outputs={"fines": int},
    actions=[list_expired_permits, issue_fine],
)
CASES.append(
    Case(
        task=b1,
        features=("by place", "one side"),
        recorded={"zone": "rec"},
        answers=_place(
            "rec",
            lambda n: f"list_expired_permits_1[{n}].days_over > 14",
            lambda d, b: d > 14,
            False,
            {"fines": 2},
        ),
        reference=lambda i: _fines(i, lambda d, b, _: d > 14),
        held_out=HELD_P,
    )
)

# B2: two fields in the compute
b2: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago and it has no blue badge, otherwise send a warning letter. Return how many fines "
    "and how many warnings.",
    name="r51_pk_two_fields",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=b2,
        features=("by place", "two fields"),
        recorded={"zone": "rec"},
        answers=_place(
            "rec",
            lambda n: (
                f"list_expired_permits_1[{n}].days_over > 14"
                f" and not list_expired_permits_1[{n}].blue_badge"
            ),
            lambda d, b: d > 14 and not b,
            True,
            {"fines": 2, "warnings": 2},
        ),
        reference=lambda i: _fines(i, lambda d, b, _: d > 14 and not b, both=True),
        held_out=HELD_P,
    )
)

# B3: compute reads an input
b3: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than "
    "grace_days days ago, otherwise send a warning letter. Return how many fines and how many "
    "warnings.",
    name="r51_pk_input",
    inputs={"zone": str, "grace_days": int},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=b3,
        features=("by place", "input"),
        recorded={"zone": "rec", "grace_days": 14},
        answers=_place(
            "rec",
            lambda n: f"list_expired_permits_1[{n}].days_over > grace_days",
            lambda d, b: d > 14,
            True,
            {"fines": 2, "warnings": 2},
        ),
        reference=lambda i: _fines(i, lambda d, b, j: d > j["grace_days"], both=True),
        held_out=[
            HeldOut(k + " g14", {"zone": k, "grace_days": 14}) for k in ["h_mix", "h_10", "h_dupe"]
        ]
        + [HeldOut(k + " g5", {"zone": k, "grace_days": 5}) for k in ["h_mix", "h_10", "h_none"]],
    )
)

# B4: compute with literal number but the words say the grace input (number typed from input)
b4: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than "
    "grace_days days ago, otherwise send a warning letter. Return how many fines and how many "
    "warnings.",
    name="r51_pk_input_typed",
    inputs={"zone": str, "grace_days": int},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=b4,
        features=("by place", "input typed"),
        recorded={"zone": "rec", "grace_days": 14},
        answers=_place(
            "rec",
            lambda n: f"list_expired_permits_1[{n}].days_over > 14",
            lambda d, b: d > 14,
            True,
            {"fines": 2, "warnings": 2},
        ),
        reference=lambda i: _fines(i, lambda d, b, j: d > j["grace_days"], both=True),
        held_out=[HeldOut(k + " g14", {"zone": k, "grace_days": 14}) for k in ["h_mix", "h_10"]]
        + [HeldOut(k + " g5", {"zone": k, "grace_days": 5}) for k in ["h_mix", "h_10", "h_none"]],
    )
)

# B5: plates typed instead of refs
b5: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Return how many fines and how many warnings.",
    name="r51_pk_typed",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=b5,
        features=("by place", "typed"),
        recorded={"zone": "rec"},
        answers=_place(
            "rec",
            lambda n: f"list_expired_permits_1[{n}].days_over > 14",
            lambda d, b: d > 14,
            True,
            {"fines": 2, "warnings": 2},
            typed=True,
        ),
        reference=lambda i: _fines(i, lambda d, b, _: d > 14, both=True),
        held_out=HELD_P,
    )
)

# B6: a cap in the words coinciding with the recording
b6: Task[Any] = Task(
    "Fine at most 2 cars in the zone whose permit expired more than 14 days ago (the wardens "
    "can only process 2 a day); the others get nothing yet. Return how many fines.",
    name="r51_pk_cap",
    inputs={"zone": str},
    outputs={"fines": int},
    actions=[list_expired_permits, issue_fine],
)
CASES.append(
    Case(
        task=b6,
        features=("by place", "cap"),
        recorded={"zone": "rec"},
        answers=_place(
            "rec",
            lambda n: f"list_expired_permits_1[{n}].days_over > 14",
            lambda d, b: d > 14,
            False,
            {"fines": 2},
        ),
        reference=lambda i: _fines(i, lambda d, b, _: d > 14, cap=2),
        held_out=HELD_P,
    )
)

# B7: counts typed after with names fitting neither: "processed"
b7: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Return how many fines and how many cars were "
    "processed.",
    name="r51_pk_processed",
    inputs={"zone": str},
    outputs={"fines": int, "processed": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)


def b7_ref(i: dict[str, Any]) -> Expected:
    e = _fines(i, lambda d, b, _: d > 14, both=True)
    return Expected(e.effects, {"fines": e.outputs["fines"], "processed": len(PZ[i["zone"]])})


CASES.append(
    Case(
        task=b7,
        features=("by place", "count neither"),
        recorded={"zone": "rec"},
        answers=_place(
            "rec",
            lambda n: f"list_expired_permits_1[{n}].days_over > 14",
            lambda d, b: d > 14,
            True,
            {"fines": 2, "processed": 4},
        ),
        reference=b7_ref,
        held_out=HELD_P,
    )
)

# B8: blue badges skipped by the model (filter before), words say it; recorded had a badge car
PZ["rec_b"] = [("KA-1", 20, False), ("KA-2", 30, True), ("KA-3", 3, False), ("KA-4", 16, False)]
b8: Task[Any] = Task(
    "Fine every car in the zone whose permit expired more than 14 days ago, except blue-badge "
    "holders. Return how many fines.",
    name="r51_pk_badge_skip_one",
    inputs={"zone": str},
    outputs={"fines": int},
    actions=[list_expired_permits, issue_fine],
)
_b8 = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
for n in (0, 2, 3):
    _b8.append(say("Check.", "compute", expression=f"list_expired_permits_1[{n}].days_over > 14"))
    if PZ["rec_b"][n][1] > 14:
        _b8.append(say("Fine.", "issue_fine", plate=ref(f"list_expired_permits_1.{n}.plate")))
_b8.append(say("Done.", "finish", fines=2))
CASES.append(
    Case(
        task=b8,
        features=("by place", "skip in head", "one side"),
        recorded={"zone": "rec_b"},
        answers=_b8,
        reference=lambda i: _fines(i, lambda d, b, _: d > 14 and not b),
        held_out=HELD_P,
    )
)


# B9: nested list: an invoice's lines read by place
class Line(BaseModel):
    sku: str
    qty: int


class Invoice(BaseModel):
    invoice_id: str
    lines: list[Line]


INV = {
    "I1": [("S-1", 12), ("S-2", 3), ("S-3", 20)],
    "I2": [("T-1", 1), ("T-2", 50)],
    "I3": [("U-1", 11), ("U-2", 11), ("U-3", 2), ("U-4", 30)],
    "I4": [("V-1", 10)],
    "I5": [],
    "I6": [("W-1", 2), ("W-1", 40)],
}


@action(read_only=True)
def get_invoice(invoice_id: str) -> Invoice:
    """An invoice with its lines (sku, quantity)."""
    return Invoice(invoice_id=invoice_id, lines=[Line(sku=s, qty=q) for s, q in INV[invoice_id]])


@action
def apply_bulk_price(invoice_id: str, sku: str) -> str:
    """Reprice a line of an invoice at the bulk price."""
    effect("apply_bulk_price", invoice_id, sku)
    return "repriced"


@action
def confirm_line(invoice_id: str, sku: str) -> str:
    """Confirm a line of an invoice at list price."""
    effect("confirm_line", invoice_id, sku)
    return "confirmed"


b9: Task[Any] = Task(
    "Go through the lines of the invoice: reprice every line of more than 10 units at the bulk "
    "price, confirm the others at list price. Return how many lines were repriced and how many "
    "confirmed.",
    name="r51_inv_nested",
    inputs={"invoice_id": str},
    outputs={"repriced": int, "confirmed": int},
    actions=[get_invoice, apply_bulk_price, confirm_line],
)


def b9_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    r = c = 0
    for s, q in INV[i["invoice_id"]]:
        if q > 10:
            eff.append(("apply_bulk_price", i["invoice_id"], s))
            r += 1
        else:
            eff.append(("confirm_line", i["invoice_id"], s))
            c += 1
    return Expected(eff, {"repriced": r, "confirmed": c})


_b9 = [say("The invoice.", "get_invoice", invoice_id=ref("invoice_id"))]
for n, (_s, q) in enumerate(INV["I1"]):
    _b9.append(say("More than 10?", "compute", expression=f"get_invoice_1.lines[{n}].qty > 10"))
    _b9.append(
        say(
            "Act.",
            "apply_bulk_price" if q > 10 else "confirm_line",
            invoice_id=ref("invoice_id"),
            sku=ref(f"get_invoice_1.lines.{n}.sku"),
        )
    )
_b9.append(say("Done.", "finish", repriced=2, confirmed=1))
CASES.append(
    Case(
        task=b9,
        features=("by place", "nested list"),
        recorded={"invoice_id": "I1"},
        answers=_b9,
        reference=b9_ref,
        held_out=[HeldOut(k, {"invoice_id": k}) for k in ["I2", "I3", "I4", "I5", "I6"]],
    )
)


# B10: a text made per item on the warning side
@action
def send_warning_text(plate: str, message: str) -> str:
    """Send the keeper a warning letter with the given text."""
    effect("send_warning_text", plate, message)
    return "warned"


b10: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter saying how many days its permit has expired. "
    "Return how many fines and how many warnings.",
    name="r51_pk_text",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning_text],
)


def b10_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    f = w = 0
    for p, d, _ in PZ[i["zone"]]:
        if d > 14:
            eff.append(("issue_fine", p))
            f += 1
        else:
            eff.append(("send_warning_text", p, f"Your permit for {p} expired {d} days ago."))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


PZ["rec_t"] = [("KA-1", 20, False), ("KA-2", 3, False), ("KA-3", 15, False), ("KA-4", 3, False)]
_b10 = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
for n, (p, d, _b) in enumerate(PZ["rec_t"]):
    _b10.append(say("Check.", "compute", expression=f"list_expired_permits_1[{n}].days_over > 14"))
    if d > 14:
        _b10.append(say("Fine.", "issue_fine", plate=ref(f"list_expired_permits_1.{n}.plate")))
    else:
        _b10.append(
            say(
                "Warn.",
                "send_warning_text",
                plate=ref(f"list_expired_permits_1.{n}.plate"),
                message=f"Your permit for {p} expired 3 days ago.",
            )
        )
_b10.append(say("Done.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=b10,
        features=("by place", "text per item"),
        recorded={"zone": "rec_t"},
        answers=_b10,
        reference=b10_ref,
        held_out=HELD_P,
    )
)

# B11: computes batched first, then the acts
b11: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Return how many fines and how many warnings.",
    name="r51_pk_batched",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
_b11 = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
for n in range(4):
    _b11.append(say("Check.", "compute", expression=f"list_expired_permits_1[{n}].days_over > 14"))
for n, (_p, d, _b) in enumerate(PZ["rec"]):
    _b11.append(
        say(
            "Act.",
            "issue_fine" if d > 14 else "send_warning",
            plate=ref(f"list_expired_permits_1.{n}.plate"),
        )
    )
_b11.append(say("Done.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=b11,
        features=("by place", "batched computes"),
        recorded={"zone": "rec"},
        answers=_b11,
        reference=lambda i: _fines(i, lambda d, b, _: d > 14, both=True),
        held_out=HELD_P,
    )
)


# B12: after the loop, the warden gets the list of fined plates, typed
@action
def notify_warden(plates: list[str]) -> str:
    """Send the zone warden the list of plates fined today."""
    effect("notify_warden", tuple(plates))
    return "sent"


b12: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Then send the warden the list of fined plates. "
    "Return how many fines and how many warnings.",
    name="r51_pk_warden_list",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning, notify_warden],
)


def b12_ref(i: dict[str, Any]) -> Expected:
    e = _fines(i, lambda d, b, _: d > 14, both=True)
    fined = [p for p, d, _ in PZ[i["zone"]] if d > 14]
    return Expected([*e.effects, ("notify_warden", tuple(fined))], e.outputs)


_b12 = _place(
    "rec",
    lambda n: f"list_expired_permits_1[{n}].days_over > 14",
    lambda d, b: d > 14,
    True,
    {"fines": 2, "warnings": 2},
)
_b12.insert(-1, say("Warden.", "notify_warden", plates=["KA-1", "KA-3"]))
CASES.append(
    Case(
        task=b12,
        features=("by place", "list after typed"),
        recorded={"zone": "rec"},
        answers=_b12,
        reference=b12_ref,
        held_out=HELD_P,
    )
)

# B13: one-sided with a "let off" count
b13: Task[Any] = Task(
    "Fine every car in the zone whose permit expired more than 14 days ago; the others are let "
    "off. Return how many fines and how many cars were let off.",
    name="r51_pk_let_off",
    inputs={"zone": str},
    outputs={"fines": int, "let_off": int},
    actions=[list_expired_permits, issue_fine],
)


def b13_ref(i: dict[str, Any]) -> Expected:
    e = _fines(i, lambda d, b, _: d > 14)
    return Expected(
        e.effects, {"fines": e.outputs["fines"], "let_off": len(PZ[i["zone"]]) - e.outputs["fines"]}
    )


CASES.append(
    Case(
        task=b13,
        features=("by place", "one side", "count other"),
        recorded={"zone": "rec3"},
        answers=_place(
            "rec3",
            lambda n: f"list_expired_permits_1[{n}].days_over > 14",
            lambda d, b: d > 14,
            False,
            {"fines": 2, "let_off": 1},
        ),
        reference=b13_ref,
        held_out=HELD_P,
    )
)


# B14: the warden gets a count typed
@action
def report_fines(zone: str, count: int) -> str:
    """Tell the zone warden how many fines were issued."""
    effect("report_fines", zone, count)
    return "sent"


b14: Task[Any] = Task(
    "Fine every car in the zone whose permit expired more than 14 days ago, then report to the "
    "warden how many fines you issued. Return how many fines.",
    name="r51_pk_report_count",
    inputs={"zone": str},
    outputs={"fines": int},
    actions=[list_expired_permits, issue_fine, report_fines],
)


def b14_ref(i: dict[str, Any]) -> Expected:
    e = _fines(i, lambda d, b, _: d > 14)
    return Expected([*e.effects, ("report_fines", i["zone"], e.outputs["fines"])], e.outputs)


_b14 = _place(
    "rec",
    lambda n: f"list_expired_permits_1[{n}].days_over > 14",
    lambda d, b: d > 14,
    False,
    {"fines": 2},
)
_b14.insert(-1, say("Report.", "report_fines", zone=ref("zone"), count=2))
CASES.append(
    Case(
        task=b14,
        features=("by place", "count typed into action"),
        recorded={"zone": "rec"},
        answers=_b14,
        reference=b14_ref,
        held_out=HELD_P,
    )
)


# A9: list items, 2 recorded (none, dent), words list examples incl. unseen ones
class Car(BaseModel):
    plate: str
    damage: str


CARS = {
    "rec": [("C1", "none"), ("C2", "dent")],
    "h1": [("C3", "scratch"), ("C4", "none")],
    "h2": [("C5", "crack"), ("C6", "dent")],
    "h3": [("C7", "dent"), ("C8", "none"), ("C9", "dent")],
    "h4": [],
}


@action(read_only=True)
def list_returned_cars(day: str) -> list[Car]:
    """Cars returned on a day with the damage their inspection found."""
    return [Car(plate=p, damage=d) for p, d in CARS[day]]


@action
def open_case(plate: str) -> str:
    """Open a damage case for a car."""
    effect("open_case", plate)
    return "opened"


a9: Task[Any] = Task(
    "Open a damage case for every car returned on the day whose inspection found any damage at "
    "all (a scratch, a dent, a crack...). Return the plates.",
    name="r51_cars_examples",
    inputs={"day": str},
    outputs={"plates": list[str]},
    actions=[list_returned_cars, open_case],
)


def a9_ref(i: dict[str, Any]) -> Expected:
    ps = [p for p, d in CARS[i["day"]] if d != "none"]
    return Expected([("open_case", p) for p in ps], {"plates": ps})


CASES.append(
    Case(
        task=a9,
        features=("set apart", "examples", "list items"),
        recorded={"day": "rec"},
        answers=[
            say("Cars.", "list_returned_cars", day=ref("day")),
            say("C2 dent.", "open_case", plate=ref("list_returned_cars_1.1.plate")),
            say("Done.", "finish", plates=["C2"]),
        ],
        reference=a9_ref,
        held_out=[HeldOut(k, {"day": k}) for k in ["h1", "h2", "h3", "h4"]],
    )
)


# B15: a hidden numeric condition kept in the head ("first offenders only get a warning")
class Permit2(BaseModel):
    plate: str
    days_over: int
    previous_fines: int


P2: dict[str, list[tuple[str, int, int]]] = {
    "rec": [("KA-1", 20, 2), ("KA-2", 3, 0), ("KA-3", 15, 1), ("KA-4", 7, 1)],
    "h_first": [("FO-1", 30, 0), ("FO-2", 2, 3)],
    "h_mix": [("MX-1", 25, 4), ("MX-2", 1, 0), ("MX-3", 19, 0)],
    "h_plain": [("PL-1", 16, 1), ("PL-2", 4, 2)],
}


@action(read_only=True)
def list_expired_permits2(zone: str) -> list[Permit2]:
    """Cars parked in a residents' zone on an expired permit: plate, days expired, and how many
    parking fines the keeper had before."""
    return [Permit2(plate=p, days_over=d, previous_fines=f) for p, d, f in P2[zone]]


b15: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. First offenders (no previous fines) only ever get "
    "a warning. Return how many fines and how many warnings.",
    name="r51_pk_first_offender",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits2, issue_fine, send_warning],
)


def b15_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    f = w = 0
    for p, d, pf in P2[i["zone"]]:
        if d > 14 and pf > 0:
            eff.append(("issue_fine", p))
            f += 1
        else:
            eff.append(("send_warning", p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


_b15 = [say("Listing the expired permits.", "list_expired_permits2", zone=ref("zone"))]
for n, (_p, d, _pf) in enumerate(P2["rec"]):
    _b15.append(
        say(
            "More than 14 days?",
            "compute",
            expression=f"list_expired_permits2_1[{n}].days_over > 14",
        )
    )
    _b15.append(
        say(
            "Act.",
            "issue_fine" if d > 14 else "send_warning",
            plate=ref(f"list_expired_permits2_1.{n}.plate"),
        )
    )
_b15.append(say("Done.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=b15,
        features=("by place", "hidden numeric"),
        recorded={"zone": "rec"},
        answers=_b15,
        reference=b15_ref,
        held_out=[HeldOut(k, {"zone": k}) for k in ["h_first", "h_mix", "h_plain"]],
    )
)


# B16: a lookup per item inside the by-place loop; hidden condition on the looked-up record
class Keeper(BaseModel):
    keeper_id: str
    diplomat: bool


KEEPERS = {
    "KA-1": ("K1", False),
    "KA-2": ("K2", False),
    "KA-3": ("K3", False),
    "KA-4": ("K4", False),
    "MB-4": ("K5", False),
    "MB-5": ("K6", False),
    "MB-6": ("K7", True),
    "MB-7": ("K8", False),
    "HH-1": ("K9", True),
    "HH-2": ("K10", False),
    "HH-3": ("K11", False),
    "NN-1": ("K12", False),
    "NN-2": ("K13", True),
}


@action(read_only=True)
def get_keeper(plate: str) -> Keeper:
    """The registered keeper of a car, and whether the car has diplomatic status."""
    k, dip = KEEPERS[plate]
    return Keeper(keeper_id=k, diplomat=dip)


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


b16: Task[Any] = Task(
    "For every car in the zone on an expired permit: look up its keeper, fine the keeper if the "
    "permit expired more than 14 days ago, otherwise send the keeper a warning letter. Cars with "
    "diplomatic status are never fined: they get a warning. Return how many fines and warnings.",
    name="r51_pk_keeper_diplomat",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, get_keeper, fine_keeper, warn_keeper],
)


def b16_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    f = w = 0
    for p, d, _ in PZ[i["zone"]]:
        k, dip = KEEPERS[p]
        if d > 14 and not dip:
            eff.append(("fine_keeper", p, k))
            f += 1
        else:
            eff.append(("warn_keeper", p, k))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


_b16 = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
for n, (_p, d, _b) in enumerate(PZ["rec"]):
    _b16.append(say("Keeper.", "get_keeper", plate=ref(f"list_expired_permits_1.{n}.plate")))
    _b16.append(
        say(
            "More than 14 days?",
            "compute",
            expression=f"list_expired_permits_1[{n}].days_over > 14",
        )
    )
    _b16.append(
        say(
            "Act.",
            "fine_keeper" if d > 14 else "warn_keeper",
            plate=ref(f"list_expired_permits_1.{n}.plate"),
            keeper_id=ref(f"get_keeper_{n + 1}.keeper_id"),
        )
    )
_b16.append(say("Done.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=b16,
        features=("by place", "lookup inside", "hidden bool on lookup"),
        recorded={"zone": "rec"},
        answers=_b16,
        reference=b16_ref,
        held_out=[HeldOut(k, {"zone": k}) for k in ["h_mix", "h_all", "h_none"]],
    )
)

# A10: dispatch over list items with no compute: damage -> case, none -> release deposit
CARS.update(
    {
        "rec3": [("C1", "none"), ("C2", "dent"), ("C10", "scratch")],
        "h5": [("C11", "None"), ("C12", "dent")],
        "h6": [("C13", "n/a"), ("C14", "scratch")],
    }
)


@action
def release_car_deposit(plate: str) -> str:
    """Release the deposit held for a car."""
    effect("release_car_deposit", plate)
    return "released"


a10: Task[Any] = Task(
    "For every car returned on the day: open a damage case if its inspection found damage, "
    "otherwise release its deposit. Return how many cases and how many deposits released.",
    name="r51_cars_dispatch",
    inputs={"day": str},
    outputs={"cases": int, "released": int},
    actions=[list_returned_cars, open_case, release_car_deposit],
)


def a10_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    c = r = 0
    for p, d in CARS[i["day"]]:
        if d.lower() not in ("none", "n/a"):
            eff.append(("open_case", p))
            c += 1
        else:
            eff.append(("release_car_deposit", p))
            r += 1
    return Expected(eff, {"cases": c, "released": r})


_a10 = [say("Cars.", "list_returned_cars", day=ref("day"))]
for n, (_p, d) in enumerate(CARS["rec3"]):
    _a10.append(
        say(
            "Act.",
            "open_case" if d != "none" else "release_car_deposit",
            plate=ref(f"list_returned_cars_1.{n}.plate"),
        )
    )
_a10.append(say("Done.", "finish", cases=2, released=1))
CASES.append(
    Case(
        task=a10,
        features=("set apart", "dispatch"),
        recorded={"day": "rec3"},
        answers=_a10,
        reference=a10_ref,
        held_out=[HeldOut(k, {"day": k}) for k in ["h1", "h2", "h3", "h4", "h5", "h6"]],
    )
)


# B17: by place, the fine side makes two calls (fine + notify keeper), per place
@action
def notify_keeper(plate: str) -> str:
    """Email the keeper that a fine was issued."""
    effect("notify_keeper", plate)
    return "sent"


b17: Task[Any] = Task(
    "For every car in the zone on an expired permit: if the permit expired more than 14 days ago, "
    "fine it and email the keeper about the fine; otherwise send a warning letter. Return how many "
    "fines and how many warnings.",
    name="r51_pk_two_calls",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, notify_keeper, send_warning],
)


def b17_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    f = w = 0
    for p, d, _ in PZ[i["zone"]]:
        if d > 14:
            eff += [("issue_fine", p), ("notify_keeper", p)]
            f += 1
        else:
            eff.append(("send_warning", p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


_b17 = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
for n, (_p, d, _b) in enumerate(PZ["rec"]):
    _b17.append(
        say("More than 14?", "compute", expression=f"list_expired_permits_1[{n}].days_over > 14")
    )
    if d > 14:
        _b17.append(say("Fine.", "issue_fine", plate=ref(f"list_expired_permits_1.{n}.plate")))
        _b17.append(
            say("Tell keeper.", "notify_keeper", plate=ref(f"list_expired_permits_1.{n}.plate"))
        )
    else:
        _b17.append(say("Warn.", "send_warning", plate=ref(f"list_expired_permits_1.{n}.plate")))
_b17.append(say("Done.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=b17,
        features=("by place", "two calls a side"),
        recorded={"zone": "rec"},
        answers=_b17,
        reference=b17_ref,
        held_out=HELD_P,
    )
)


# B18: by place, the compute compares to a *different place's* value that coincides (model slip):
# it wrote [n] in the compute but a fixed 14-day list head... skipped. Instead: compute reads
# `>= 15` while the words say "more than 14" (same on integers): held out fine.
b18: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Return how many fines and how many warnings.",
    name="r51_pk_ge15",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine, send_warning],
)
CASES.append(
    Case(
        task=b18,
        features=("by place", "other bound"),
        recorded={"zone": "rec"},
        answers=_place(
            "rec",
            lambda n: f"list_expired_permits_1[{n}].days_over >= 15",
            lambda d, b: d > 14,
            True,
            {"fines": 2, "warnings": 2},
        ),
        reference=lambda i: _fines(i, lambda d, b, _: d > 14, both=True),
        held_out=HELD_P,
    )
)


# B19/B20: a constant word on the fine side the model chose on other grounds (rate by days)
@action
def issue_fine_rate(plate: str, rate: str) -> str:
    """Issue a parking fine to a car at a rate: standard or double."""
    effect("issue_fine_rate", plate, rate)
    return "fined"


def _rate_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    f = w = 0
    for p, d, _ in PZ[i["zone"]]:
        if d > 14:
            eff.append(("issue_fine_rate", p, "double" if d > 30 else "standard"))
            f += 1
        else:
            eff.append(("send_warning", p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


def _rate_script() -> list[Any]:
    out = [say("Listing the expired permits.", "list_expired_permits", zone=ref("zone"))]
    for n, (_p, d, _b) in enumerate(PZ["rec"]):
        out.append(
            say(
                "More than 14?", "compute", expression=f"list_expired_permits_1[{n}].days_over > 14"
            )
        )
        if d > 14:
            out.append(
                say(
                    "Fine, under a month so standard.",
                    "issue_fine_rate",
                    plate=ref(f"list_expired_permits_1.{n}.plate"),
                    rate="standard",
                )
            )
        else:
            out.append(say("Warn.", "send_warning", plate=ref(f"list_expired_permits_1.{n}.plate")))
    out.append(say("Done.", "finish", fines=2, warnings=2))
    return out


PZ["h_long"] = [("LG-1", 45, False), ("LG-2", 20, False), ("LG-3", 2, False)]
HELD_RATE = [HeldOut(k, {"zone": k}) for k in ["h_long", "h_all", "h_mix", "h_10"]]
b19: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Permits expired more than 30 days are fined at "
    "the double rate. Return how many fines and how many warnings.",
    name="r51_pk_rate_words",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine_rate, send_warning],
)
CASES.append(
    Case(
        task=b19,
        features=("by place", "constant chosen per item"),
        recorded={"zone": "rec"},
        answers=_rate_script(),
        reference=_rate_ref,
        held_out=HELD_RATE,
    )
)
b20: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Long overstays (over a month) cost twice as much. "
    "Return how many fines and how many warnings.",
    name="r51_pk_rate_unsaid",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine_rate, send_warning],
)
CASES.append(
    Case(
        task=b20,
        features=("by place", "constant chosen per item, unquoted"),
        recorded={"zone": "rec"},
        answers=_rate_script(),
        reference=_rate_ref,
        held_out=HELD_RATE,
    )
)

# B21: as B20, the month said as a number (a bound the decision does not hold)
b21: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Long overstays (more than 30 days) cost twice as "
    "much. Return how many fines and how many warnings.",
    name="r51_pk_rate_bound",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_permits, issue_fine_rate, send_warning],
)
CASES.append(
    Case(
        task=b21,
        features=("by place", "constant chosen per item, bound"),
        recorded={"zone": "rec"},
        answers=_rate_script(),
        reference=_rate_ref,
        held_out=HELD_RATE,
    )
)


# B22: as B20 but a lookup loop (ids listed, each looked up) -- is it by-place only?
@action(read_only=True)
def list_expired_plates(zone: str) -> list[str]:
    """Plates of the cars parked in a residents' zone on an expired permit."""
    return [p for p, _, _ in PZ[zone]]


@action(read_only=True)
def get_permit(plate: str) -> Permit:
    """A car's expired permit: days expired, blue badge."""
    for zone in PZ.values():
        for p, d, b in zone:
            if p == plate:
                return Permit(plate=p, days_over=d, blue_badge=b)
    raise KeyError(plate)


b22: Task[Any] = Task(
    "For every car in the zone on an expired permit: fine it if the permit expired more than 14 "
    "days ago, otherwise send a warning letter. Long overstays (over a month) cost twice as much. "
    "Return how many fines and how many warnings.",
    name="r51_lk_rate_unsaid",
    inputs={"zone": str},
    outputs={"fines": int, "warnings": int},
    actions=[list_expired_plates, get_permit, issue_fine_rate, send_warning],
)
_b22 = [say("Plates.", "list_expired_plates", zone=ref("zone"))]
for n, (_p, d, _b) in enumerate(PZ["rec"]):
    _b22.append(say("Permit.", "get_permit", plate=ref(f"list_expired_plates_1.{n}")))
    _b22.append(say("More than 14?", "compute", expression=f"get_permit_{n + 1}.days_over > 14"))
    if d > 14:
        _b22.append(
            say(
                "Fine, under a month so standard.",
                "issue_fine_rate",
                plate=ref(f"get_permit_{n + 1}.plate"),
                rate="standard",
            )
        )
    else:
        _b22.append(say("Warn.", "send_warning", plate=ref(f"get_permit_{n + 1}.plate")))
_b22.append(say("Done.", "finish", fines=2, warnings=2))
CASES.append(
    Case(
        task=b22,
        features=("lookup", "constant chosen per item, unquoted"),
        recorded={"zone": "rec"},
        answers=_b22,
        reference=_rate_ref,
        held_out=HELD_RATE,
    )
)

CASES = at_least_three(CASES)
