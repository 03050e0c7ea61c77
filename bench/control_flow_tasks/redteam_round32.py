"""Round 32 prober (api): hidden-rule loops, decided copies, places, selection guard."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ------------------------------------------------ 1 hidden rule: mileage, no number in words
class Van(BaseModel):
    id: str
    plate: str
    km_since_service: int


VANS = {"V1": 12000, "V2": 4000, "V3": 15500, "V4": 9999, "V5": 10001, "V6": 6000, "V7": 3000}
YARDS = {"y1": ["V1", "V2", "V3"], "y2": ["V4", "V5"], "y3": ["V6", "V7"], "y4": ["V7", "V1"]}


@action(read_only=True)
def list_vans(yard: str) -> list[str]:
    """Ids of the vans at a yard."""
    return list(YARDS[yard])


@action(read_only=True)
def get_van(van_id: str) -> Van:
    """One van with its km since last service."""
    return Van(id=van_id, plate=f"P-{van_id}", km_since_service=VANS[van_id])


@action
def book_service(van_id: str) -> str:
    """Book a van into the workshop."""
    effect("book_service", van_id)
    return "booked"


def vans_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in YARDS[i["yard"]] if VANS[v] > 10000]
    return Expected([("book_service", v) for v in ids], {"booked": len(ids)})


CASES.append(
    Case(
        task=Task(
            "Book a workshop service for every van at the yard that has done more than 10000 km "
            "since its last service. Report how many you booked.",
            name="r32_vans_hidden_bound",
            inputs={"yard": str},
            outputs={"booked": int},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule", "number bound in words"),
        recorded={"yard": "y1"},
        answers=[
            say("I list the vans.", "list_vans", yard=ref("yard")),
            say("I look up V1.", "get_van", van_id=ref("list_vans_1.0")),
            say("12000 km: over. I book it.", "book_service", van_id=ref("get_van_1.id")),
            say("I look up V2.", "get_van", van_id=ref("list_vans_1.1")),
            say("V2 is at 4000 km, not due. I look up V3.", "get_van", van_id=ref("list_vans_1.2")),
            say("15500 km. I book it.", "book_service", van_id=ref("get_van_3.id")),
            say("Two booked.", "finish", booked=2),
        ],
        reference=vans_ref,
        held_out=[
            HeldOut("ordinary: 9999 / 10001", {"yard": "y2"}),
            HeldOut("adv: 6000 / 3000", {"yard": "y3"}),
            HeldOut("ordinary: 3000 / 12000", {"yard": "y4"}),
        ],
    )
)

# same, words name the field but no number ("high mileage since service")
CASES.append(
    Case(
        task=Task(
            "Book a workshop service for every van at the yard with high mileage since its last "
            "service. Report how many you booked.",
            name="r32_vans_hidden_vague",
            inputs={"yard": str},
            outputs={"booked": int},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule", "number bound not in words"),
        recorded={"yard": "y1"},
        answers=CASES[-1].answers,
        reference=vans_ref,
        held_out=CASES[-1].held_out,
    )
)


# ------------------------------------------------ 2 hidden rule: two fields separate alike
class Member(BaseModel):
    id: str
    email: str
    tier: str
    region: str
    opted_out: bool


MEMBERS = {
    "m1": ("a@x.io", "gold", "north", False),
    "m2": ("b@x.io", "silver", "south", False),
    "m3": ("c@x.io", "gold", "north", False),
    "m4": ("d@x.io", "gold", "south", False),
    "m5": ("e@x.io", "silver", "north", False),
    "m6": ("f@x.io", "gold", "north", True),
    "m7": ("g@x.io", "gold", "north", False),
}
CLUBS = {"k1": ["m1", "m2", "m3"], "k2": ["m4", "m5"], "k3": ["m6", "m7"], "k4": ["m7", "m2"]}


@action(read_only=True)
def list_club(club: str) -> list[str]:
    """Member ids of a club."""
    return list(CLUBS[club])


@action(read_only=True)
def get_member(member_id: str) -> Member:
    """A member: email, tier, region and whether they opted out of mail."""
    e, t, r, o = MEMBERS[member_id]
    return Member(id=member_id, email=e, tier=t, region=r, opted_out=o)


@action
def send_voucher(email: str) -> str:
    """Email the loyalty voucher."""
    effect("send_voucher", email)
    return "sent"


def club_ref(i: dict[str, Any]) -> Expected:
    to = [MEMBERS[m][0] for m in CLUBS[i["club"]] if MEMBERS[m][1] == "gold" and not MEMBERS[m][3]]
    return Expected([("send_voucher", e) for e in to], {"sent_to": to})


CASES.append(
    Case(
        task=Task(
            "Email the loyalty voucher to every gold member of the club who has not opted out "
            "of mail. Return the addresses you emailed.",
            name="r32_club_two_fields",
            inputs={"club": str},
            outputs={"sent_to": list[str]},
            actions=[list_club, get_member, send_voucher],
        ),
        features=("hidden rule", "two fields separate", "copies collected"),
        recorded={"club": "k1"},
        answers=[
            say("I list the club.", "list_club", club=ref("club")),
            say("I look up m1.", "get_member", member_id=ref("list_club_1.0")),
            say("Gold; I email a.", "send_voucher", email=ref("get_member_1.email")),
            say("I look up m2.", "get_member", member_id=ref("list_club_1.1")),
            say("m2 is silver. I look up m3.", "get_member", member_id=ref("list_club_1.2")),
            say("Gold; I email c.", "send_voucher", email=ref("get_member_3.email")),
            say("Done.", "finish", sent_to=["a@x.io", "c@x.io"]),
        ],
        reference=club_ref,
        held_out=[
            HeldOut("adv: gold south / silver north", {"club": "k2"}),
            HeldOut("adv: opted out gold", {"club": "k3"}),
            HeldOut("ordinary: gold, silver", {"club": "k4"}),
        ],
    )
)

# copies out of order / subset: finish lists the addresses in reverse
CASES.append(
    Case(
        task=Task(
            "Email the loyalty voucher to every gold member of the club who has not opted out "
            "of mail. Return the addresses you emailed, the most recent first.",
            name="r32_club_reverse_copies",
            inputs={"club": str},
            outputs={"sent_to": list[str]},
            actions=[list_club, get_member, send_voucher],
        ),
        features=("hidden rule", "copies reversed"),
        recorded={"club": "k1"},
        answers=[*CASES[-1].answers[:-1], say("Done.", "finish", sent_to=["c@x.io", "a@x.io"])],
        reference=lambda i: Expected(
            club_ref(i).effects, {"sent_to": list(reversed(club_ref(i).outputs["sent_to"]))}
        ),
        held_out=[*CASES[-1].held_out, HeldOut("ordinary: two gold", {"club": "k5"})],
    )
)
CLUBS["k5"] = ["m7", "m3"]


# copies into a change call after the loop (tell the club secretary who got one)
@action
def notify_secretary(club: str, emails: list[str]) -> str:
    """Tell the club secretary which members got the voucher."""
    effect("notify_secretary", club, tuple(emails))
    return "ok"


def club_notify_ref(i: dict[str, Any]) -> Expected:
    base = club_ref(i)
    to = base.outputs["sent_to"]
    return Expected([*base.effects, ("notify_secretary", i["club"], tuple(to))], {"sent": len(to)})


CASES.append(
    Case(
        task=Task(
            "Email the loyalty voucher to every gold member of the club who has not opted out "
            "of mail, then tell the club secretary which addresses got one. Report how many sent.",
            name="r32_club_copies_in_change",
            inputs={"club": str},
            outputs={"sent": int},
            actions=[list_club, get_member, send_voucher, notify_secretary],
        ),
        features=("hidden rule", "copies in change call after loop"),
        recorded={"club": "k1"},
        answers=[
            *CASES[-2].answers[:-1],
            say(
                "I tell the secretary.",
                "notify_secretary",
                club=ref("club"),
                emails=["a@x.io", "c@x.io"],
            ),
            say("Done.", "finish", sent=2),
        ],
        reference=club_notify_ref,
        held_out=[*CASES[-2].held_out, HeldOut("ordinary: two gold", {"club": "k5"})],
    )
)


# ------------------------------------------------ 3 hidden rule both sides: approve/forward
class Claim(BaseModel):
    id: str
    amount: float
    employee: str


CLAIMS = {"e1": 120.0, "e2": 800.0, "e3": 450.0, "e4": 500.0, "e5": 499.0, "e6": 700.0, "e7": 90.0}
BATCHES = {"b1": ["e1", "e2", "e3"], "b2": ["e4", "e5"], "b3": ["e6", "e7"], "b4": ["e7", "e1"]}


@action(read_only=True)
def list_claims(batch: str) -> list[str]:
    """Expense claim ids in a batch."""
    return list(BATCHES[batch])


@action(read_only=True)
def get_claim(claim_id: str) -> Claim:
    """One expense claim."""
    return Claim(id=claim_id, amount=CLAIMS[claim_id], employee=f"emp-{claim_id}")


@action
def approve_claim(claim_id: str) -> str:
    """Approve a claim for payment."""
    effect("approve_claim", claim_id)
    return "approved"


@action
def forward_claim(claim_id: str) -> str:
    """Forward a claim to the finance manager."""
    effect("forward_claim", claim_id)
    return "forwarded"


def claims_ref(i: dict[str, Any]) -> Expected:
    eff = []
    a = f = 0
    for c in BATCHES[i["batch"]]:
        if CLAIMS[c] < 500:
            eff.append(("approve_claim", c))
            a += 1
        else:
            eff.append(("forward_claim", c))
            f += 1
    return Expected(eff, {"approved": a, "forwarded": f})


CASES.append(
    Case(
        task=Task(
            "Approve every expense claim in the batch under 500; forward the others to the "
            "finance manager. Report how many you approved and how many you forwarded.",
            name="r32_claims_hidden_both",
            inputs={"batch": str},
            outputs={"approved": int, "forwarded": int},
            actions=[list_claims, get_claim, approve_claim, forward_claim],
        ),
        features=("hidden rule", "both sides", "bound in words"),
        recorded={"batch": "b1"},
        answers=[
            say("I list the claims.", "list_claims", batch=ref("batch")),
            say("I look up e1.", "get_claim", claim_id=ref("list_claims_1.0")),
            say("120, approve.", "approve_claim", claim_id=ref("list_claims_1.0")),
            say("I look up e2.", "get_claim", claim_id=ref("list_claims_1.1")),
            say("800, forward.", "forward_claim", claim_id=ref("list_claims_1.1")),
            say("I look up e3.", "get_claim", claim_id=ref("list_claims_1.2")),
            say("450, approve.", "approve_claim", claim_id=ref("list_claims_1.2")),
            say("Done.", "finish", approved=2, forwarded=1),
        ],
        reference=claims_ref,
        held_out=[
            HeldOut("adv: 500 / 499", {"batch": "b2"}),
            HeldOut("adv: 700 / 90", {"batch": "b3"}),
            HeldOut("ordinary: 90 / 120", {"batch": "b4"}),
        ],
    )
)


# ------------------------------------------------ 4 places: running total / order / sum after
class Lease(BaseModel):
    id: str
    rent: float


LEASES = {
    "mar": [("L1", 1000.0), ("L2", 2000.0)],
    "apr": [("L3", 1500.0)],
    "may": [("L4", 100.0), ("L5", 200.0), ("L6", 300.0)],
}


@action(read_only=True)
def list_leases(month: str) -> list[Lease]:
    """Leases expiring in a month."""
    return [Lease(id=i, rent=r) for i, r in LEASES[month]]


@action
def offer_renewal(lease_id: str, new_rent: float) -> str:
    """Send a renewal offer at a new rent."""
    effect("offer_renewal", lease_id, new_rent)
    return "sent"


def total_ref(i: dict[str, Any]) -> Expected:
    rows = [(lid, round(r * 1.03, 2)) for lid, r in LEASES[i["month"]]]
    return Expected(
        [("offer_renewal", lid, nr) for lid, nr in rows],
        {"offers": len(rows), "new_rent_total": round(sum(nr for _, nr in rows), 2)},
    )


CASES.append(
    Case(
        task=Task(
            "Offer every lease expiring this month a renewal at 3% more rent (rounded to cents). "
            "Report how many offers you sent and the total new rent.",
            name="r32_leases_sum_after",
            inputs={"month": str},
            outputs={"offers": int, "new_rent_total": float},
            actions=[list_leases, offer_renewal],
        ),
        features=("places", "compute result summed after loop"),
        recorded={"month": "mar"},
        answers=[
            say("List.", "list_leases", month=ref("month")),
            say("New rent 1.", "compute", expression="round(list_leases_1[0].rent * 1.03, 2)"),
            say(
                "Offer.",
                "offer_renewal",
                lease_id=ref("list_leases_1.0.id"),
                new_rent=ref("compute_1"),
            ),
            say("New rent 2.", "compute", expression="round(list_leases_1[1].rent * 1.03, 2)"),
            say(
                "Offer.",
                "offer_renewal",
                lease_id=ref("list_leases_1.1.id"),
                new_rent=ref("compute_2"),
            ),
            say("Total.", "compute", expression="round(compute_1 + compute_2, 2)"),
            say("Done.", "finish", offers=2, new_rent_total=ref("compute_3")),
        ],
        reference=total_ref,
        held_out=[
            HeldOut("ordinary: 1 lease", {"month": "apr"}),
            HeldOut("ordinary: 3 leases", {"month": "may"}),
        ],
    )
)


# running total: each offer carries the cumulative new rent (a value not a function of the item)
@action
def post_ledger(lease_id: str, running_total: float) -> str:
    """Post a lease's renewal to the ledger with the running total so far."""
    effect("post_ledger", lease_id, running_total)
    return "posted"


def ledger_ref(i: dict[str, Any]) -> Expected:
    eff = []
    t = 0.0
    for lid, r in LEASES[i["month"]]:
        t = round(t + r, 2)
        eff.append(("post_ledger", lid, t))
    return Expected(eff, {"posted": len(eff)})


CASES.append(
    Case(
        task=Task(
            "Post every lease expiring this month to the ledger with the running total of rent "
            "so far. Report how many you posted.",
            name="r32_ledger_running",
            inputs={"month": str},
            outputs={"posted": int},
            actions=[list_leases, post_ledger],
        ),
        features=("places", "running total"),
        recorded={"month": "mar"},
        answers=[
            say("List.", "list_leases", month=ref("month")),
            say("Running 1.", "compute", expression="round(list_leases_1[0].rent, 2)"),
            say(
                "Post.",
                "post_ledger",
                lease_id=ref("list_leases_1.0.id"),
                running_total=ref("compute_1"),
            ),
            say("Running 2.", "compute", expression="round(compute_1 + list_leases_1[1].rent, 2)"),
            say(
                "Post.",
                "post_ledger",
                lease_id=ref("list_leases_1.1.id"),
                running_total=ref("compute_2"),
            ),
            say("Done.", "finish", posted=2),
        ],
        reference=ledger_ref,
        held_out=[
            HeldOut("ordinary: 1 lease", {"month": "apr"}),
            HeldOut("adv: 3 leases", {"month": "may"}),
        ],
    )
)


# the places read the OTHER item (offers pair each lease with the next one's rent: reversed places)
def swap_ref(i: dict[str, Any]) -> Expected:
    rows = LEASES[i["month"]]
    eff = [
        ("offer_renewal", rows[k][0], round(rows[len(rows) - 1 - k][1] * 1.03, 2))
        for k in range(len(rows))
    ]
    return Expected(eff, {"offers": len(eff)})


CASES.append(
    Case(
        task=Task(
            "Offer every lease expiring this month a renewal at 3% over the rent of the lease "
            "listed opposite it (first with last). Report how many offers.",
            name="r32_leases_swapped_places",
            inputs={"month": str},
            outputs={"offers": int},
            actions=[list_leases, offer_renewal],
        ),
        features=("places", "not in order"),
        recorded={"month": "mar"},
        answers=[
            say("List.", "list_leases", month=ref("month")),
            say("Rent 1.", "compute", expression="round(list_leases_1[1].rent * 1.03, 2)"),
            say(
                "Offer.",
                "offer_renewal",
                lease_id=ref("list_leases_1.0.id"),
                new_rent=ref("compute_1"),
            ),
            say("Rent 2.", "compute", expression="round(list_leases_1[0].rent * 1.03, 2)"),
            say(
                "Offer.",
                "offer_renewal",
                lease_id=ref("list_leases_1.1.id"),
                new_rent=ref("compute_2"),
            ),
            say("Done.", "finish", offers=2),
        ],
        reference=swap_ref,
        held_out=[
            HeldOut("adv: 1 lease", {"month": "apr"}),
            HeldOut("adv: 3 leases", {"month": "may"}),
        ],
    )
)


# ------------------------------------------------ 5 vans variants: counts, copies, item ids
_VAN_TASK = (
    "Book a workshop service for every van at the yard that has done more than 10000 km "
    "since its last service. "
)
_van_body = [
    say("I list the vans.", "list_vans", yard=ref("yard")),
    say("I look up V1.", "get_van", van_id=ref("list_vans_1.0")),
    say("12000 km: over. I book it.", "book_service", van_id=ref("get_van_1.id")),
    say("I look up V2.", "get_van", van_id=ref("list_vans_1.1")),
    say("V2 is at 4000 km, not due. I look up V3.", "get_van", van_id=ref("list_vans_1.2")),
    say("15500 km. I book it.", "book_service", van_id=ref("get_van_3.id")),
]
_van_held = [
    HeldOut("ordinary: 9999 / 10001", {"yard": "y2"}),
    HeldOut("adv: 6000 / 3000", {"yard": "y3"}),
    HeldOut("ordinary: 3000 / 12000", {"yard": "y4"}),
    HeldOut("ordinary: 3 of 4", {"yard": "y5"}),
]
YARDS["y5"] = ["V1", "V5", "V3", "V7"]


def _sel(i: dict[str, Any]) -> list[str]:
    return [v for v in YARDS[i["yard"]] if VANS[v] > 10000]


CASES.append(
    Case(
        task=Task(
            _VAN_TASK + "Report how many vans you checked and how many you booked.",
            name="r32_vans_checked_count",
            inputs={"yard": str},
            outputs={"checked": int, "booked": int},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule", "count of all"),
        recorded={"yard": "y1"},
        answers=[*_van_body, say("Done.", "finish", checked=3, booked=2)],
        reference=lambda i: Expected(
            [("book_service", v) for v in _sel(i)],
            {"checked": len(YARDS[i["yard"]]), "booked": len(_sel(i))},
        ),
        held_out=_van_held,
    )
)
CASES.append(
    Case(
        task=Task(
            _VAN_TASK + "Return the plates of the vans you booked and their km.",
            name="r32_vans_plates_km",
            inputs={"yard": str},
            outputs={"plates": list[str], "km": list[int]},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule", "copies texts and numbers"),
        recorded={"yard": "y1"},
        answers=[*_van_body, say("Done.", "finish", plates=["P-V1", "P-V3"], km=[12000, 15500])],
        reference=lambda i: Expected(
            [("book_service", v) for v in _sel(i)],
            {"plates": [f"P-{v}" for v in _sel(i)], "km": [VANS[v] for v in _sel(i)]},
        ),
        held_out=_van_held,
    )
)
CASES.append(
    Case(
        task=Task(
            _VAN_TASK + "Return the ids of the vans you booked.",
            name="r32_vans_item_ids",
            inputs={"yard": str},
            outputs={"booked": list[str]},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule", "acts on item id", "copies item ids"),
        recorded={"yard": "y1"},
        answers=[
            say("I list the vans.", "list_vans", yard=ref("yard")),
            say("I look up V1.", "get_van", van_id=ref("list_vans_1.0")),
            say("12000 km: over. I book it.", "book_service", van_id=ref("list_vans_1.0")),
            say("I look up V2.", "get_van", van_id=ref("list_vans_1.1")),
            say("V2 is at 4000 km. I look up V3.", "get_van", van_id=ref("list_vans_1.2")),
            say("15500 km. I book it.", "book_service", van_id=ref("list_vans_1.2")),
            say("Done.", "finish", booked=["V1", "V3"]),
        ],
        reference=lambda i: Expected([("book_service", v) for v in _sel(i)], {"booked": _sel(i)}),
        held_out=_van_held,
    )
)


# last item not acted, then the same action after the loop for a fixed spare van
CASES.append(
    Case(
        task=Task(
            _VAN_TASK + "Also always book the yard's spare van V7. Report how many you booked.",
            name="r32_vans_same_action_after",
            inputs={"yard": str},
            outputs={"booked": int},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule", "last not acted", "same action after loop"),
        recorded={"yard": "y6"},
        answers=[
            say("I list the vans.", "list_vans", yard=ref("yard")),
            say("I look up V1.", "get_van", van_id=ref("list_vans_1.0")),
            say("12000 km. I book it.", "book_service", van_id=ref("get_van_1.id")),
            say("I look up V3.", "get_van", van_id=ref("list_vans_1.1")),
            say("15500 km. I book it.", "book_service", van_id=ref("get_van_2.id")),
            say("I look up V2.", "get_van", van_id=ref("list_vans_1.2")),
            say("4000, not due. Now the spare.", "book_service", van_id="V7"),
            say("Done.", "finish", booked=3),
        ],
        reference=lambda i: Expected(
            [("book_service", v) for v in _sel(i)] + [("book_service", "V7")],
            {"booked": len(_sel(i)) + 1},
        ),
        held_out=[*_van_held[:3], HeldOut("ordinary: 3 of 4", {"yard": "y5"})],
    )
)
YARDS["y6"] = ["V1", "V3", "V2"]


@action
def report_mileage(yard: str, km: list[int]) -> str:
    """Send the fleet manager the km of the vans booked in."""
    effect("report_mileage", yard, tuple(km))
    return "ok"


CASES.append(
    Case(
        task=Task(
            _VAN_TASK + "Then send the fleet manager the km of the vans you booked. "
            "Report how many you booked.",
            name="r32_vans_numbers_in_change",
            inputs={"yard": str},
            outputs={"booked": int},
            actions=[list_vans, get_van, book_service, report_mileage],
        ),
        features=("hidden rule", "numbers read copied into change call after loop"),
        recorded={"yard": "y1"},
        answers=[
            *_van_body,
            say("Report.", "report_mileage", yard=ref("yard"), km=[12000, 15500]),
            say("Done.", "finish", booked=2),
        ],
        reference=lambda i: Expected(
            [("book_service", v) for v in _sel(i)]
            + [("report_mileage", i["yard"], tuple(VANS[v] for v in _sel(i)))],
            {"booked": len(_sel(i))},
        ),
        held_out=_van_held,
    )
)

CASES = at_least_three(CASES)
