"""Round 37 probes: interactions of loops decided in the head with batch calls, copied lists,
the model's own filters, places, and acts that differ for reasons the lookup does not show."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# --- 1 freight/parcel + conditional email
class Shipment(BaseModel):
    id: str
    weight_kg: float
    destination: str


SHIP = {
    "S1": (12.0, "Lyon"),
    "S2": (48.0, "Lyon"),
    "S3": (7.5, "Nice"),
    "S4": (31.0, "Lyon"),
    "S5": (30.0, "Nice"),
    "S6": (2.0, "Nice"),
    "S7": (90.0, "Paris"),
    "S8": (29.9, "Lyon"),
}
DOCK = {
    "d1": ["S1", "S2", "S3"],
    "d2": ["S4", "S6"],
    "d3": ["S5", "S8"],
    "d4": ["S7", "S2"],
    "d5": ["S6"],
    "d6": ["S3", "S7", "S1"],
}


@action(read_only=True)
def list_dock(dock: str) -> list[str]:
    """Shipment ids waiting at a loading dock."""
    return list(DOCK[dock])


@action(read_only=True)
def get_shipment(shipment_id: str) -> Shipment:
    """A shipment with its weight and destination."""
    w, d = SHIP[shipment_id]
    return Shipment(id=shipment_id, weight_kg=w, destination=d)


@action
def book_freight(shipment_id: str) -> str:
    """Book a shipment on a freight carrier."""
    effect("book_freight", shipment_id)
    return "booked freight"


@action
def book_parcel(shipment_id: str) -> str:
    """Book a shipment as parcel post."""
    effect("book_parcel", shipment_id)
    return "booked parcel"


@action
def email_warehouse(shipment_ids: list[str], note: str) -> str:
    """Email the warehouse about some shipments."""
    effect("email_warehouse", tuple(shipment_ids), note)
    return "sent"


def _ship_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    fr: list[str] = []
    pa = 0
    for s in DOCK[i["dock"]]:
        if SHIP[s][0] > 30:
            eff.append(("book_freight", s))
            fr.append(s)
        else:
            eff.append(("book_parcel", s))
            pa += 1
    if fr:
        eff.append(("email_warehouse", tuple(fr), "needs a forklift"))
    return Expected(eff, {"freight": len(fr), "parcels": pa})


_s = [say("What's at the dock?", "list_dock", dock=ref("dock"))]
for _n, _sid in enumerate(DOCK["d1"]):
    _s.append(say(f"Weighing {_sid}.", "get_shipment", shipment_id=ref(f"list_dock_1.{_n}")))
    if SHIP[_sid][0] > 30:
        _s.append(say("Over 30 kg, freight.", "book_freight", shipment_id=ref(f"list_dock_1.{_n}")))
    else:
        _s.append(say("Light, parcel.", "book_parcel", shipment_id=ref(f"list_dock_1.{_n}")))
_s.append(
    say(
        "S2 went by freight; telling the warehouse.",
        "email_warehouse",
        shipment_ids=["S2"],
        note="needs a forklift",
    )
)
_s.append(say("Done.", "finish", freight=1, parcels=2))
CASES.append(
    Case(
        task=Task(
            "Book every shipment waiting at the dock: anything over 30 kg goes by freight, the "
            "rest as parcel post. If any went by freight, email the warehouse the list of freight "
            "shipments with the note 'needs a forklift'. Report how many went by freight and how "
            "many as parcels.",
            name="r37_freight_email",
            inputs={"dock": str},
            outputs={"freight": int, "parcels": int},
            actions=[list_dock, get_shipment, book_freight, book_parcel, email_warehouse],
        ),
        features=("decided in head", "copied list after", "conditional call"),
        recorded={"dock": "d1"},
        answers=_s,
        reference=_ship_ref,
        held_out=[
            HeldOut("ordinary 1 freight", {"dock": "d2"}),
            HeldOut("ordinary 3 items", {"dock": "d6"}),
            HeldOut("adv no freight (30.0 edge)", {"dock": "d3"}),
            HeldOut("adv all freight", {"dock": "d4"}),
            HeldOut("adv single parcel", {"dock": "d5"}),
        ],
    )
)

# ---------------------------------------------------------------- 1b same, by $ref in the email
_s2 = [
    *list(_s[:-2]),
    say(
        "Telling the warehouse.",
        "email_warehouse",
        shipment_ids=[ref("get_shipment_2.id")],
        note="needs a forklift",
    ),
    say("Done.", "finish", freight=1, parcels=2),
]
CASES.append(
    Case(
        task=Task(
            "Book every shipment waiting at the dock: anything over 30 kg goes by freight, the "
            "rest as parcel post. If any went by freight, email the warehouse the list of freight "
            "shipments with the note 'needs a forklift'. Report how many went by freight and how "
            "many as parcels.",
            name="r37_freight_email_ref",
            inputs={"dock": str},
            outputs={"freight": int, "parcels": int},
            actions=[list_dock, get_shipment, book_freight, book_parcel, email_warehouse],
        ),
        features=("decided in head", "ref list after", "conditional call"),
        recorded={"dock": "d1"},
        answers=_s2,
        reference=_ship_ref,
        held_out=[
            HeldOut("ordinary 1 freight", {"dock": "d2"}),
            HeldOut("ordinary 3 items", {"dock": "d6"}),
            HeldOut("adv no freight (30.0 edge)", {"dock": "d3"}),
            HeldOut("adv all freight", {"dock": "d4"}),
        ],
    )
)


# --- 2 second list (VIP) decides; total coincides
class Order(BaseModel):
    id: str
    customer: str
    total: float


ORD = {
    "o1": ("ann", 150.0),
    "o2": ("bob", 40.0),
    "o3": ("cy", 220.0),
    "o4": ("dan", 300.0),
    "o5": ("eve", 20.0),
    "o6": ("ann", 35.0),
    "o7": ("bob", 500.0),
}
COMPL = {"mon": ["o1", "o2", "o3"], "tue": ["o4", "o5"], "wed": ["o6", "o7"], "thu": ["o1", "o5"]}
VIPS = {"mon": ["ann", "cy"], "tue": ["dan"], "wed": ["ann"], "thu": ["ann", "eve"]}


@action(read_only=True)
def list_complaints(day: str) -> list[str]:
    """Order ids with a complaint filed on a day."""
    return list(COMPL[day])


@action(read_only=True)
def list_vip_customers(day: str) -> list[str]:
    """Customers flagged VIP by the account team on a day."""
    return list(VIPS[day])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order with its customer and total."""
    c, t = ORD[order_id]
    return Order(id=order_id, customer=c, total=t)


@action
def refund_order(order_id: str) -> str:
    """Refund an order in full."""
    effect("refund_order", order_id)
    return "refunded"


@action
def send_voucher(order_id: str) -> str:
    """Send a 10% voucher for an order."""
    effect("send_voucher", order_id)
    return "voucher sent"


def _vip_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    r = v = 0
    for o in COMPL[i["day"]]:
        if ORD[o][0] in VIPS[i["day"]]:
            eff.append(("refund_order", o))
            r += 1
        else:
            eff.append(("send_voucher", o))
            v += 1
    return Expected(eff, {"refunds": r, "vouchers": v})


_v = [
    say("Complaints?", "list_complaints", day=ref("day")),
    say("And today's VIPs?", "list_vip_customers", day=ref("day")),
]
for _n, _oid in enumerate(COMPL["mon"]):
    _v.append(say(f"Checking {_oid}.", "get_order", order_id=ref(f"list_complaints_1.{_n}")))
    if ORD[_oid][0] in VIPS["mon"]:
        _v.append(
            say("VIP customer, refund.", "refund_order", order_id=ref(f"get_order_{_n+1}.id"))
        )
    else:
        _v.append(say("Not a VIP, voucher.", "send_voucher", order_id=ref(f"get_order_{_n+1}.id")))
_v.append(say("Done.", "finish", refunds=2, vouchers=1))
CASES.append(
    Case(
        task=Task(
            "For every order with a complaint today: if its customer is on today's VIP list, "
            "refund it in full whatever its total; otherwise send a voucher. Report how many "
            "refunds and how many vouchers.",
            name="r37_vip_list",
            inputs={"day": str},
            outputs={"refunds": int, "vouchers": int},
            actions=[list_complaints, list_vip_customers, get_order, refund_order, send_voucher],
        ),
        features=("decided in head", "second list decides", "coincident field"),
        recorded={"day": "mon"},
        answers=_v,
        reference=_vip_ref,
        held_out=[
            HeldOut("ordinary vip big", {"day": "tue"}),
            HeldOut("adv vip small, nonvip big", {"day": "wed"}),
            HeldOut("adv vip small", {"day": "thu"}),
        ],
    )
)


# ---------------------------------------------------------------- 3 position decides ("first two")
class ClaimR(BaseModel):
    id: str
    amount: float


CLM = {"c1": 120.0, "c2": 450.0, "c3": 800.0, "c4": 900.0, "c5": 50.0, "c6": 70.0, "c7": 600.0}
QUEUE = {
    "q1": ["c1", "c2", "c3"],
    "q2": ["c4", "c5", "c6"],
    "q3": ["c5", "c6", "c7", "c1"],
    "q4": ["c3", "c7", "c5"],
}


@action(read_only=True)
def list_queue(queue: str) -> list[str]:
    """Claim ids in a queue, oldest first."""
    return list(QUEUE[queue])


@action(read_only=True)
def get_claim(claim_id: str) -> ClaimR:
    """A claim with its amount."""
    return ClaimR(id=claim_id, amount=CLM[claim_id])


@action
def approve_claim(claim_id: str) -> str:
    """Approve a claim."""
    effect("approve_claim", claim_id)
    return "approved"


@action
def forward_claim(claim_id: str) -> str:
    """Forward a claim to finance."""
    effect("forward_claim", claim_id)
    return "forwarded"


def _pos_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    for n, c in enumerate(QUEUE[i["queue"]]):
        eff.append(("approve_claim", c) if n < 2 else ("forward_claim", c))
    k = len(QUEUE[i["queue"]])
    return Expected(eff, {"approved": min(2, k), "forwarded": max(0, k - 2)})


_p = [say("The queue.", "list_queue", queue=ref("queue"))]
for _n, _cid in enumerate(QUEUE["q1"]):
    _p.append(say(f"Reading {_cid}.", "get_claim", claim_id=ref(f"list_queue_1.{_n}")))
    if _n < 2:
        _p.append(say("Within today's two.", "approve_claim", claim_id=ref(f"list_queue_1.{_n}")))
    else:
        _p.append(say("Past the first two.", "forward_claim", claim_id=ref(f"list_queue_1.{_n}")))
_p.append(say("Done.", "finish", approved=2, forwarded=1))
CASES.append(
    Case(
        task=Task(
            "Approve the two oldest claims in the queue whatever their amount (today's budget "
            "covers two claims); forward every other claim to finance. Report how many you "
            "approved and how many you forwarded.",
            name="r37_first_two",
            inputs={"queue": str},
            outputs={"approved": int, "forwarded": int},
            actions=[list_queue, get_claim, approve_claim, forward_claim],
        ),
        features=("decided in head", "position decides", "coincident field"),
        recorded={"queue": "q1"},
        answers=_p,
        reference=_pos_ref,
        held_out=[
            HeldOut("ordinary small-small-big", {"queue": "q2"}),
            HeldOut("adv 4 items", {"queue": "q3"}),
            HeldOut("adv big first", {"queue": "q4"}),
        ],
    )
)


# --- 4 own filter then head-decided loop with lookups
class Inv(BaseModel):
    id: str
    status: str


class InvDetail(BaseModel):
    id: str
    amount: float
    customer: str


INVS = {
    "acme": [("I1", "overdue"), ("I2", "paid"), ("I3", "overdue"), ("I4", "overdue")],
    "beta": [("I5", "overdue"), ("I6", "paid")],
    "gamma": [("I7", "paid"), ("I8", "overdue"), ("I9", "overdue")],
    "delta": [("I10", "paid"), ("I11", "draft")],
}
AMT = {
    "I1": 1500.0,
    "I2": 9000.0,
    "I3": 200.0,
    "I4": 80.0,
    "I5": 1000.0,
    "I6": 50.0,
    "I7": 5000.0,
    "I8": 999.0,
    "I9": 4000.0,
    "I10": 3000.0,
    "I11": 2000.0,
}


@action(read_only=True)
def list_invoices(account: str) -> list[Inv]:
    """An account's invoices with their status."""
    return [Inv(id=i, status=s) for i, s in INVS[account]]


@action(read_only=True)
def get_invoice(invoice_id: str) -> InvDetail:
    """An invoice's details."""
    return InvDetail(id=invoice_id, amount=AMT[invoice_id], customer="x")


@action
def escalate_invoice(invoice_id: str) -> str:
    """Send an invoice to collections."""
    effect("escalate_invoice", invoice_id)
    return "escalated"


@action
def send_reminder(invoice_id: str) -> str:
    """Send a payment reminder for an invoice."""
    effect("send_reminder", invoice_id)
    return "sent"


def _inv_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    e = r = 0
    for iid, st in INVS[i["account"]]:
        if st != "overdue":
            continue
        if AMT[iid] >= 1000:
            eff.append(("escalate_invoice", iid))
            e += 1
        else:
            eff.append(("send_reminder", iid))
            r += 1
    return Expected(eff, {"escalated": e, "reminders": r})


_i = [
    say("Invoices.", "list_invoices", account=ref("account")),
    say(
        "Only the overdue ones.",
        "compute",
        expression="[i for i in list_invoices_1 if i.status == 'overdue']",
    ),
]
for _n, (_iid, _) in enumerate([x for x in INVS["acme"] if x[1] == "overdue"]):
    _i.append(say(f"Details of {_iid}.", "get_invoice", invoice_id=ref(f"compute_1.{_n}.id")))
    if AMT[_iid] >= 1000:
        _i.append(
            say(
                "1000 or more: collections.",
                "escalate_invoice",
                invoice_id=ref(f"get_invoice_{_n+1}.id"),
            )
        )
    else:
        _i.append(
            say("Small, reminder.", "send_reminder", invoice_id=ref(f"get_invoice_{_n+1}.id"))
        )
_i.append(say("Done.", "finish", escalated=1, reminders=2))
CASES.append(
    Case(
        task=Task(
            "Go through the account's overdue invoices: send those of 1000 or more to collections "
            "and send a payment reminder for the smaller ones. Report how many you escalated and "
            "how many reminders you sent.",
            name="r37_filter_then_head",
            inputs={"account": str},
            outputs={"escalated": int, "reminders": int},
            actions=[list_invoices, get_invoice, escalate_invoice, send_reminder],
        ),
        features=("own filter", "decided in head", "lookups"),
        recorded={"account": "acme"},
        answers=_i,
        reference=_inv_ref,
        held_out=[
            HeldOut("ordinary 1000 edge", {"account": "beta"}),
            HeldOut("adv 999 and paid 5000", {"account": "gamma"}),
            HeldOut("adv none overdue", {"account": "delta"}),
        ],
    )
)


# --- 5 batch count vs what the call did
class Story(BaseModel):
    id: str
    age_days: int


STOR = {
    "web": [("S-1", 400), ("S-3", 800)],
    "app": [("S-5", 500), ("S-2", 900)],
    "radio": [("S-8", 700), ("S-9", 1000), ("S-10", 366)],
}
HOLD = {"S-2", "S-9"}


class ArchiveResult(BaseModel):
    archived_ids: list[str]
    on_legal_hold: list[str]


@action(read_only=True)
def list_stories(channel: str) -> list[Story]:
    """Published stories of a channel with their age in days."""
    return [Story(id=s, age_days=a) for s, a in STOR[channel]]


@action
def archive_stories(ids: list[str]) -> ArchiveResult:
    """Archive a batch of stories; stories on legal hold are skipped and listed."""
    done = [s for s in ids if s not in HOLD]
    effect("archive_stories", tuple(ids))
    return ArchiveResult(archived_ids=done, on_legal_hold=[s for s in ids if s in HOLD])


def _arch_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, a in STOR[i["channel"]] if a > 365]
    eff: list[Any] = [("archive_stories", tuple(ids))] if ids else []
    return Expected(eff, {"archived": len([s for s in ids if s not in HOLD])})


CASES.append(
    Case(
        task=Task(
            "Archive, in one batch, every story of the channel more than a year old. Return how "
            "many stories were actually archived (some may be on legal hold and get skipped).",
            name="r37_batch_count_held",
            inputs={"channel": str},
            outputs={"archived": int},
            actions=[list_stories, archive_stories],
        ),
        features=("batch", "count vs answer"),
        recorded={"channel": "web"},
        answers=[
            say("Listing.", "list_stories", channel=ref("channel")),
            say(
                "Both over a year (400, 800).",
                "archive_stories",
                ids=[ref("list_stories_1.0.id"), ref("list_stories_1.1.id")],
            ),
            say("Two archived, none on hold.", "finish", archived=2),
        ],
        reference=_arch_ref,
        held_out=[
            HeldOut("ordinary 3 old", {"channel": "radio"}),
            HeldOut("adv one on hold", {"channel": "app"}),
            HeldOut("adv 3 one on hold", {"channel": "radio"}),
        ],
    )
)


# --- 6 do-not-contact list decides; a field named alike coincides
class Customer(BaseModel):
    id: str
    email: str
    contact_allowed: bool
    tier: str


CUST = {
    "k1": (True, "gold"),
    "k2": (False, "gold"),
    "k3": (True, "silver"),
    "k4": (True, "gold"),
    "k5": (True, "silver"),
    "k6": (False, "silver"),
    "k7": (True, "gold"),
}
SEG = {
    "spring": ["k1", "k2", "k3"],
    "summer": ["k4", "k5"],
    "fall": ["k5", "k6", "k7"],
    "winter": ["k3", "k4"],
}
DNC = {"spring": ["k2"], "summer": ["k5"], "fall": ["k6"], "winter": []}


@action(read_only=True)
def list_segment(segment: str) -> list[str]:
    """Customer ids in a campaign segment."""
    return list(SEG[segment])


@action(read_only=True)
def list_do_not_contact(segment: str) -> list[str]:
    """Customers who asked not to be contacted for this campaign."""
    return list(DNC[segment])


@action(read_only=True)
def get_customer(customer_id: str) -> Customer:
    """A customer record (contact_allowed is the account-wide marketing consent)."""
    ok, tier = CUST[customer_id]
    return Customer(id=customer_id, email=f"{customer_id}@x.io", contact_allowed=ok, tier=tier)


@action
def send_offer(to: str) -> str:
    """Email the campaign offer."""
    effect("send_offer", to)
    return "sent"


def _dnc_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    for c in SEG[i["segment"]]:
        if c not in DNC[i["segment"]] and CUST[c][0]:
            eff.append(("send_offer", f"{c}@x.io"))
    return Expected(eff, {"sent": len(eff)})


_d = [
    say("Segment.", "list_segment", segment=ref("segment")),
    say("Who opted out of this campaign?", "list_do_not_contact", segment=ref("segment")),
]
for _n, _c in enumerate(SEG["spring"]):
    _d.append(say(f"Looking up {_c}.", "get_customer", customer_id=ref(f"list_segment_1.{_n}")))
    if _c not in DNC["spring"]:
        _d.append(
            say(
                "Not on the list and contact allowed.",
                "send_offer",
                to=ref(f"get_customer_{_n+1}.email"),
            )
        )
_d.append(say("Two sent.", "finish", sent=2))
CASES.append(
    Case(
        task=Task(
            "Email the campaign offer to every customer in the segment, except anyone on the "
            "campaign's do-not-contact list and anyone whose contact is not allowed. Report how "
            "many offers you sent.",
            name="r37_dnc_list",
            inputs={"segment": str},
            outputs={"sent": int},
            actions=[list_segment, list_do_not_contact, get_customer, send_offer],
        ),
        features=("decided in head", "second list decides", "field named alike"),
        recorded={"segment": "spring"},
        answers=_d,
        reference=_dnc_ref,
        held_out=[
            HeldOut("ordinary none on list", {"segment": "winter"}),
            HeldOut("adv on list but allowed", {"segment": "summer"}),
            HeldOut("adv mix", {"segment": "fall"}),
        ],
    )
)


# --- 7 renew subscriptions expiring in the input month
class Sub(BaseModel):
    id: str
    expires: str
    plan: str


SUBS = {
    "A1": ("2026-12-03", "pro"),
    "A2": ("2027-01-10", "pro"),
    "A3": ("2026-12-20", "pro"),
    "A4": ("2027-01-05", "pro"),
    "A5": ("2027-02-01", "pro"),
    "A6": ("2026-12-31", "pro"),
    "A7": ("2026-11-30", "pro"),
}
ACCTS = {
    "north": ["A1", "A2", "A3"],
    "south": ["A4", "A5", "A6"],
    "east": ["A6", "A7"],
    "west": ["A4", "A1"],
}


@action(read_only=True)
def list_subscriptions(region: str) -> list[str]:
    """Subscription ids in a sales region."""
    return list(ACCTS[region])


@action(read_only=True)
def get_subscription(sub_id: str) -> Sub:
    """A subscription with its expiry date (YYYY-MM-DD)."""
    e, p = SUBS[sub_id]
    return Sub(id=sub_id, expires=e, plan=p)


@action
def renew_subscription(sub_id: str) -> str:
    """Renew a subscription for a year."""
    effect("renew_subscription", sub_id)
    return "renewed"


def _sub_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("renew_subscription", s) for s in ACCTS[i["region"]] if SUBS[s][0].startswith(i["month"])
    ]
    return Expected(eff, {"renewed": len(eff)})


_u = [say("Subscriptions in the region.", "list_subscriptions", region=ref("region"))]
for _n, _sid in enumerate(ACCTS["north"]):
    _u.append(
        say(f"Expiry of {_sid}?", "get_subscription", sub_id=ref(f"list_subscriptions_1.{_n}"))
    )
    if SUBS[_sid][0].startswith("2026-12"):
        _u.append(
            say(
                "Expires in 2026-12, renewing.",
                "renew_subscription",
                sub_id=ref(f"list_subscriptions_1.{_n}"),
            )
        )
_u.append(say("Two renewed.", "finish", renewed=2))
CASES.append(
    Case(
        task=Task(
            "Renew every subscription in the region that expires in the given month (YYYY-MM). "
            "Report how many you renewed.",
            name="r37_expiring_month",
            inputs={"region": str, "month": str},
            outputs={"renewed": int},
            actions=[list_subscriptions, get_subscription, renew_subscription],
        ),
        features=("decided in head", "date vs input"),
        recorded={"region": "north", "month": "2026-12"},
        answers=_u,
        reference=_sub_ref,
        held_out=[
            HeldOut("ordinary same month", {"region": "east", "month": "2026-12"}),
            HeldOut("adv next month", {"region": "south", "month": "2027-01"}),
            HeldOut("adv next month 2", {"region": "west", "month": "2027-01"}),
            HeldOut("adv same month new region", {"region": "south", "month": "2026-12"}),
        ],
    )
)


# --- 8 an input list excludes; a named field coincides
def _exc_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("send_offer", f"{c}@x.io")
        for c in SEG[i["segment"]]
        if c not in i["exclude"] and CUST[c][0]
    ]
    return Expected(eff, {"sent": len(eff)})


_e = [say("Segment.", "list_segment", segment=ref("segment"))]
for _n, _c in enumerate(SEG["spring"]):
    _e.append(say(f"Looking up {_c}.", "get_customer", customer_id=ref(f"list_segment_1.{_n}")))
    if _c != "k2":
        _e.append(
            say("Allowed and not excluded.", "send_offer", to=ref(f"get_customer_{_n+1}.email"))
        )
_e.append(say("Two sent.", "finish", sent=2))
CASES.append(
    Case(
        task=Task(
            "Email the campaign offer to every customer in the segment whose contact is allowed, "
            "except the customers in the exclude list. Report how many offers you sent.",
            name="r37_exclude_input",
            inputs={"segment": str, "exclude": list[str]},
            outputs={"sent": int},
            actions=[list_segment, get_customer, send_offer],
        ),
        features=("decided in head", "input list decides", "field named"),
        recorded={"segment": "spring", "exclude": ["k2"]},
        answers=_e,
        reference=_exc_ref,
        held_out=[
            HeldOut("ordinary nothing excluded", {"segment": "winter", "exclude": []}),
            HeldOut("adv allowed but excluded", {"segment": "summer", "exclude": ["k5"]}),
            HeldOut("adv same exclude", {"segment": "fall", "exclude": ["k2"]}),
        ],
    )
)


# --- 9 per-item compute from places inside a head-decided loop
class Lease(BaseModel):
    id: str
    tenant: str
    rent: float


class Tenant(BaseModel):
    id: str
    good_standing: bool


LEASES = {
    "b1": [("L1", "t1", 1000.0), ("L2", "t2", 1200.0), ("L3", "t3", 900.0)],
    "b2": [("L4", "t4", 1500.0), ("L5", "t2", 800.0)],
    "b3": [("L6", "t3", 2000.0)],
    "b4": [("L7", "t1", 700.0), ("L8", "t5", 1100.0)],
}
TEN = {"t1": True, "t2": False, "t3": True, "t4": True, "t5": True}


@action(read_only=True)
def list_leases(building: str) -> list[Lease]:
    """Leases ending this quarter in a building, with the current monthly rent."""
    return [Lease(id=a, tenant=t, rent=r) for a, t, r in LEASES[building]]


@action(read_only=True)
def get_tenant(tenant_id: str) -> Tenant:
    """A tenant's standing."""
    return Tenant(id=tenant_id, good_standing=TEN[tenant_id])


@action
def renew_lease(lease_id: str, new_rent: float) -> str:
    """Renew a lease for a year at a new monthly rent."""
    effect("renew_lease", lease_id, round(new_rent, 2))
    return "renewed"


@action
def send_nonrenewal(lease_id: str) -> str:
    """Send a notice that a lease will not be renewed."""
    effect("send_nonrenewal", lease_id)
    return "sent"


def _lease_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    r = n = 0
    for a, t, rent in LEASES[i["building"]]:
        if TEN[t]:
            eff.append(("renew_lease", a, round(rent * 1.03, 2)))
            r += 1
        else:
            eff.append(("send_nonrenewal", a))
            n += 1
    return Expected(eff, {"renewed": r, "not_renewed": n})


_l = [say("Leases ending.", "list_leases", building=ref("building"))]
_k = 0
for _n, (_a, _t, _r) in enumerate(LEASES["b1"]):
    _l.append(say(f"Tenant of {_a}?", "get_tenant", tenant_id=ref(f"list_leases_1.{_n}.tenant")))
    if TEN[_t]:
        _k += 1
        _l.append(
            say(
                "Good standing; new rent is 3% more.",
                "compute",
                expression=f"list_leases_1[{_n}].rent * 1.03",
            )
        )
        _l.append(
            say(
                "Renewing.",
                "renew_lease",
                lease_id=ref(f"list_leases_1.{_n}.id"),
                new_rent=ref(f"compute_{_k}"),
            )
        )
    else:
        _l.append(
            say("Not in good standing.", "send_nonrenewal", lease_id=ref(f"list_leases_1.{_n}.id"))
        )
_l.append(say("Done.", "finish", renewed=2, not_renewed=1))
CASES.append(
    Case(
        task=Task(
            "For every lease ending this quarter in the building: if the tenant is in good "
            "standing, renew it at 3% more rent; otherwise send a non-renewal notice. Report how "
            "many you renewed and how many you did not.",
            name="r37_lease_places",
            inputs={"building": str},
            outputs={"renewed": int, "not_renewed": int},
            actions=[list_leases, get_tenant, renew_lease, send_nonrenewal],
        ),
        features=("decided in head", "per-item compute from places", "negated count"),
        recorded={"building": "b1"},
        answers=_l,
        reference=_lease_ref,
        held_out=[
            HeldOut("ordinary 1+1", {"building": "b2"}),
            HeldOut("ordinary single", {"building": "b3"}),
            HeldOut("adv all good", {"building": "b4"}),
        ],
    )
)


# --- 10 one-sided head loop, then a batch over the side, count for the batch
@action
def pay_claims(claim_ids: list[str]) -> str:
    """Pay approved claims in one bank run; claims already paid are skipped."""
    effect("pay_claims", tuple(claim_ids))
    return "queued"


def _pay_ref(i: dict[str, Any]) -> Expected:
    acc = [c for c in QUEUE[i["queue"]] if CLM[c] < 500]
    eff: list[Any] = [("approve_claim", c) for c in acc]
    if acc:
        eff.append(("pay_claims", tuple(acc)))
    return Expected(eff, {"paid": len(acc)})


_y = [say("The queue.", "list_queue", queue=ref("queue"))]
for _n, _cid in enumerate(QUEUE["q1"]):
    _y.append(say(f"Reading {_cid}.", "get_claim", claim_id=ref(f"list_queue_1.{_n}")))
    if CLM[_cid] < 500:
        _y.append(say("Under 500.", "approve_claim", claim_id=ref(f"list_queue_1.{_n}")))
_y.append(say("Paying both.", "pay_claims", claim_ids=["c1", "c2"]))
_y.append(say("Two paid.", "finish", paid=2))
CASES.append(
    Case(
        task=Task(
            "Approve every claim in the queue under 500 and leave the others. If you approved any, "
            "pay the approved claims in one bank run. Report how many claims you paid.",
            name="r37_approve_then_pay",
            inputs={"queue": str},
            outputs={"paid": int},
            actions=[list_queue, get_claim, approve_claim, pay_claims],
        ),
        features=("decided in head", "copied batch after", "count for batch"),
        recorded={"queue": "q1"},
        answers=_y,
        reference=_pay_ref,
        held_out=[
            HeldOut("ordinary 2 small", {"queue": "q2"}),
            HeldOut("ordinary 3 small", {"queue": "q3"}),
            HeldOut("adv 1 small", {"queue": "q4"}),
        ],
    )
)

CASES = at_least_three(CASES)
