"""Red team round 41 (api prober): the exception rule (_excepted.py) and its phrasings."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


class Seat(BaseModel):
    id: str
    user: str
    days_since_login: int
    billing: str


ORGS = {
    "acme": [
        ("SE-1", "u1", 120, "monthly"),
        ("SE-2", "u2", 10, "monthly"),
        ("SE-3", "u3", 200, "monthly"),
    ],
    "beta": [("SE-4", "u4", 95, "monthly"), ("SE-5", "u5", 60, "monthly")],
    "gamma": [("SE-6", "u6", 150, "annual"), ("SE-7", "u7", 100, "monthly")],
    "delta": [("SE-8", "u8", 5, "monthly"), ("SE-9", "u9", 300, "monthly")],
    # the recording saw an annual seat, but a recent one: nothing told it apart
    "rec2": [
        ("SE-1", "u1", 120, "monthly"),
        ("SE-10", "u10", 12, "annual"),
        ("SE-3", "u3", 200, "monthly"),
    ],
    "annual_prepaid": [("SE-11", "u11", 130, "annual_prepaid"), ("SE-7", "u7", 100, "monthly")],
}


@action(read_only=True)
def list_seats(org: str) -> list[Seat]:
    """The org's software seats: user, days since the user last logged in, billing."""
    return [Seat(id=i, user=u, days_since_login=d, billing=b) for i, u, d, b in ORGS[org]]


@action
def cancel_seat(seat_id: str) -> str:
    """Cancel a seat (the user loses access)."""
    effect("cancel_seat", seat_id)
    return "cancelled"


def seats_ref(i: dict[str, Any]) -> Expected:
    ss = [s for s, _u, d, b in ORGS[i["org"]] if d > 90 and not b.startswith("annual")]
    return Expected([("cancel_seat", s) for s in ss], {"cancelled": len(ss)})


def _seat_filter_turns(first: str = "SE-1", second: str = "SE-3") -> list[Any]:
    return [
        say("I list the seats.", "list_seats", org=ref("org")),
        say(
            "Not logged in for over 90 days.",
            "compute",
            expression="[s for s in list_seats_1 if s.days_since_login > 90]",
        ),
        say(f"Cancel {first}.", "cancel_seat", seat_id=ref("compute_1.0.id")),
        say(f"Cancel {second}.", "cancel_seat", seat_id=ref("compute_1.1.id")),
        say("Two cancelled.", "finish", cancelled=2),
    ]


def _seat_head_turns(second_index: int = 2) -> list[Any]:
    return [
        say("I list the seats.", "list_seats", org=ref("org")),
        say("u1: 120 days idle, cancel.", "cancel_seat", seat_id=ref("list_seats_1.0.id")),
        say("u3: 200 days, cancel.", "cancel_seat", seat_id=ref(f"list_seats_1.{second_index}.id")),
        say("Two cancelled.", "finish", cancelled=2),
    ]


SEAT_HELD = [
    HeldOut("ordinary", {"org": "delta"}),
    HeldOut("ordinary 95/60", {"org": "beta"}),
    HeldOut("ADV annual", {"org": "gamma"}),
    HeldOut("ADV annual_prepaid", {"org": "annual_prepaid"}),
]

PHRASINGS = {
    "r41_seats_exception_of": "Cancel every seat in the org whose user hasn't logged in for more "
    "than 90 days, with the exception of seats on annual billing. Report how many seats you "
    "cancelled.",
    "r41_seats_billed_annually": "Cancel every seat in the org whose user hasn't logged in for "
    "more than 90 days, unless it is billed annually. Report how many seats you cancelled.",
    "r41_seats_other_sentence": "Cancel every seat in the org whose user hasn't logged in for "
    "more than 90 days. Seats on annual billing stay as they are, we paid for the year. Report "
    "how many seats you cancelled.",
    "r41_seats_leave_out": "Cancel every seat in the org whose user hasn't logged in for more "
    "than 90 days, but leave out annual seats. Report how many seats you cancelled.",
    "r41_seats_apart_from": "Apart from seats on annual billing, cancel every seat in the org "
    "whose user hasn't logged in for more than 90 days. Report how many seats you cancelled.",
    "r41_seats_only_if_not": "Cancel a seat in the org only if its user hasn't logged in for "
    "more than 90 days and only if the billing is not annual. Report how many seats you "
    "cancelled.",
    "r41_seats_not_for": "Cancel every seat in the org whose user hasn't logged in for more than "
    "90 days - not for annual billing though. Report how many seats you cancelled.",
}

for _name, _words in PHRASINGS.items():
    CASES.append(
        Case(
            task=Task(
                _words,
                name=_name,
                inputs={"org": str},
                outputs={"cancelled": int},
                actions=[list_seats, cancel_seat],
            ),
            features=("filtered subset", "exception phrasing"),
            recorded={"org": "acme"},
            answers=_seat_filter_turns(),
            reference=seats_ref,
            held_out=list(SEAT_HELD),
        )
    )

# exception value seen in the recording on an item not acted upon for the other reason
CASES.append(
    Case(
        task=Task(
            "Cancel every seat in the org whose user hasn't logged in for more than 90 days, "
            "unless the seat is on annual billing. Report how many seats you cancelled.",
            name="r41_seats_seen_annual",
            inputs={"org": str},
            outputs={"cancelled": int},
            actions=[list_seats, cancel_seat],
        ),
        features=("filtered subset", "excepted value seen on a skipped item"),
        recorded={"org": "rec2"},
        answers=_seat_filter_turns(),
        reference=seats_ref,
        held_out=list(SEAT_HELD),
    )
)
# same, decided in the head
CASES.append(
    Case(
        task=Task(
            "Cancel every seat in the org whose user hasn't logged in for more than 90 days, "
            "unless the seat is on annual billing. Report how many seats you cancelled.",
            name="r41_seats_seen_annual_head",
            inputs={"org": str},
            outputs={"cancelled": int},
            actions=[list_seats, cancel_seat],
        ),
        features=("decided in the head", "excepted value seen on a skipped item"),
        recorded={"org": "rec2"},
        answers=_seat_head_turns(),
        reference=seats_ref,
        held_out=list(SEAT_HELD),
    )
)


# ------------------------------------------- wholesaler implied field, value in another form
class Customer(BaseModel):
    id: str
    name: str
    segment: str
    overdue_days: int


BOOKS = {
    "jan": [("K-1", "Bo", "retail", 45), ("K-2", "Cy", "retail", 3), ("K-3", "Di", "retail", 60)],
    "feb": [("K-4", "Ed", "retail", 31), ("K-5", "Fi", "retail", 90)],
    "mar": [("K-6", "Gu", "wholesale", 70), ("K-7", "Ha", "retail", 40)],
    "apr": [("K-8", "Io", "retail", 10)],
}


@action(read_only=True)
def list_customers(month: str) -> list[Customer]:
    """The month's customers with an open invoice: segment and days overdue."""
    return [Customer(id=i, name=n, segment=s, overdue_days=d) for i, n, s, d in BOOKS[month]]


@action
def send_dunning_letter(customer_id: str) -> str:
    """Send a formal dunning letter (adds a 15 EUR fee)."""
    effect("send_dunning_letter", customer_id)
    return "sent"


dunning: Task[Any] = Task(
    "Send a dunning letter to every customer more than 30 days overdue, unless they are a "
    "wholesaler (account managers handle those). Report how many letters you sent.",
    name="r41_dunning_wholesaler",
    inputs={"month": str},
    outputs={"letters": int},
    actions=[list_customers, send_dunning_letter],
)


def dunning_ref(i: dict[str, Any]) -> Expected:
    cs = [c for c, _n, s, d in BOOKS[i["month"]] if d > 30 and s != "wholesale"]
    return Expected([("send_dunning_letter", c) for c in cs], {"letters": len(cs)})


CASES.append(
    Case(
        task=dunning,
        features=("filtered subset", "implied field, value in another form"),
        recorded={"month": "jan"},
        answers=[
            say("I list the customers.", "list_customers", month=ref("month")),
            say(
                "Over 30 days overdue.",
                "compute",
                expression="[c for c in list_customers_1 if c.overdue_days > 30]",
            ),
            say("Letter to K-1.", "send_dunning_letter", customer_id=ref("compute_1.0.id")),
            say("Letter to K-3.", "send_dunning_letter", customer_id=ref("compute_1.1.id")),
            say("Two letters.", "finish", letters=2),
        ],
        reference=dunning_ref,
        held_out=[
            HeldOut("ordinary", {"month": "feb"}),
            HeldOut("ordinary none", {"month": "apr"}),
            HeldOut("ADV wholesale", {"month": "mar"}),
        ],
    )
)


# ------------------------------------------------ number exception: tier 3 is lifetime
class Member(BaseModel):
    id: str
    email: str
    tier: int
    expires_in_days: int


CLUBS = {
    "north": [("M-1", "a@x", 1, 10), ("M-2", "b@x", 2, 200), ("M-3", "c@x", 2, 5)],
    "south": [("M-4", "d@x", 1, 20), ("M-5", "e@x", 1, 3)],
    "east": [("M-6", "f@x", 3, 8), ("M-7", "g@x", 1, 12)],
    "west": [("M-8", "h@x", 2, 400)],
}


@action(read_only=True)
def list_members(club: str) -> list[Member]:
    """The club's members: email, tier (1, 2 or 3) and days until the membership expires."""
    return [Member(id=i, email=e, tier=t, expires_in_days=d) for i, e, t, d in CLUBS[club]]


@action
def send_renewal_invoice(member_id: str) -> str:
    """Send the member an invoice to renew the membership."""
    effect("send_renewal_invoice", member_id)
    return "sent"


renewal: Task[Any] = Task(
    "Send a renewal invoice to every member whose membership expires within 30 days, except "
    "tier 3 members (they have lifetime memberships). Report how many invoices you sent.",
    name="r41_renewal_tier",
    inputs={"club": str},
    outputs={"invoices": int},
    actions=[list_members, send_renewal_invoice],
)


def renewal_ref(i: dict[str, Any]) -> Expected:
    ms = [m for m, _e, t, d in CLUBS[i["club"]] if d <= 30 and t != 3]
    return Expected([("send_renewal_invoice", m) for m in ms], {"invoices": len(ms)})


CASES.append(
    Case(
        task=renewal,
        features=("filtered subset", "number exception"),
        recorded={"club": "north"},
        answers=[
            say("I list the members.", "list_members", club=ref("club")),
            say(
                "Expiring within 30 days.",
                "compute",
                expression="[m for m in list_members_1 if m.expires_in_days <= 30]",
            ),
            say("Invoice M-1.", "send_renewal_invoice", member_id=ref("compute_1.0.id")),
            say("Invoice M-3.", "send_renewal_invoice", member_id=ref("compute_1.1.id")),
            say("Two invoices.", "finish", invoices=2),
        ],
        reference=renewal_ref,
        held_out=[
            HeldOut("ordinary", {"club": "south"}),
            HeldOut("ordinary none", {"club": "west"}),
            HeldOut("ADV tier 3", {"club": "east"}),
        ],
    )
)


# ------------------------------------------------ flag exception: gift orders
class Shipment(BaseModel):
    id: str
    status: str
    is_gift: bool


SHIPS = {
    "d1": [("S-1", "delayed", False), ("S-2", "on_time", False), ("S-3", "delayed", False)],
    "d2": [("S-4", "delayed", False), ("S-5", "delayed", False)],
    "d3": [("S-6", "delayed", True), ("S-7", "delayed", False)],
    "d4": [("S-8", "on_time", True)],
}


@action(read_only=True)
def list_shipments(day: str) -> list[Shipment]:
    """The day's shipments: status (on_time, delayed) and whether it is a gift order."""
    return [Shipment(id=i, status=s, is_gift=g) for i, s, g in SHIPS[day]]


@action
def email_delay_notice(shipment_id: str) -> str:
    """Email the buyer that the shipment is delayed."""
    effect("email_delay_notice", shipment_id)
    return "sent"


delays: Task[Any] = Task(
    "Email a delay notice for every delayed shipment of the day, but not for gift orders (the "
    "buyer must not spoil the surprise for the recipient). Report how many notices you sent.",
    name="r41_delay_gift",
    inputs={"day": str},
    outputs={"notices": int},
    actions=[list_shipments, email_delay_notice],
)


def delays_ref(i: dict[str, Any]) -> Expected:
    ss = [s for s, st, g in SHIPS[i["day"]] if st == "delayed" and not g]
    return Expected([("email_delay_notice", s) for s in ss], {"notices": len(ss)})


CASES.append(
    Case(
        task=delays,
        features=("filtered subset", "flag exception 'but not for'"),
        recorded={"day": "d1"},
        answers=[
            say("I list the shipments.", "list_shipments", day=ref("day")),
            say(
                "The delayed ones.",
                "compute",
                expression="[s for s in list_shipments_1 if s.status == 'delayed']",
            ),
            say("Notice S-1.", "email_delay_notice", shipment_id=ref("compute_1.0.id")),
            say("Notice S-3.", "email_delay_notice", shipment_id=ref("compute_1.1.id")),
            say("Two notices.", "finish", notices=2),
        ],
        reference=delays_ref,
        held_out=[
            HeldOut("ordinary", {"day": "d2"}),
            HeldOut("ordinary none", {"day": "d4"}),
            HeldOut("ADV gift", {"day": "d3"}),
        ],
    )
)


# ----------------------------- ids + lookups, both sides, exception on a text field
class Order(BaseModel):
    id: str
    total: float
    payment: str


ORDERS = {
    "O-1": (150.0, "card"),
    "O-2": (40.0, "card"),
    "O-3": (220.0, "card"),
    "O-4": (60.0, "paypal"),
    "O-5": (300.0, "gift_card"),
    "O-6": (20.0, "gift_card"),
    "O-7": (130.0, "paypal"),
}
CUSTS = {
    "ana": ["O-1", "O-2", "O-3"],
    "ben": ["O-7", "O-4"],
    "cal": ["O-5", "O-2"],
    "dee": ["O-6", "O-1"],
}


@action(read_only=True)
def list_claims(customer: str) -> list[str]:
    """The ids of the customer's orders claimed as damaged."""
    return list(CUSTS[customer])


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """One order: total in EUR and payment method (card, paypal, gift_card)."""
    t, p = ORDERS[order_id]
    return Order(id=order_id, total=t, payment=p)


@action
def refund_order(order_id: str) -> str:
    """Refund an order in full to the original payment method."""
    effect("refund_order", order_id)
    return "refunded"


@action
def send_voucher(order_id: str) -> str:
    """Send a 10 EUR apology voucher for an order."""
    effect("send_voucher", order_id)
    return "sent"


damage: Task[Any] = Task(
    "Handle the customer's damage claims: refund each order over 100 EUR, otherwise send the "
    "apology voucher. With the exception of orders paid with a gift card, which get nothing "
    "(finance handles those). Report how many you refunded and how many vouchers you sent.",
    name="r41_damage_giftcard",
    inputs={"customer": str},
    outputs={"refunded": int, "vouchers": int},
    actions=[list_claims, get_order, refund_order, send_voucher],
)


def damage_ref(i: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    r = v = 0
    for o in CUSTS[i["customer"]]:
        t, p = ORDERS[o]
        if p == "gift_card":
            continue
        if t > 100:
            eff.append(("refund_order", o))
            r += 1
        else:
            eff.append(("send_voucher", o))
            v += 1
    return Expected(eff, {"refunded": r, "vouchers": v})


def _damage_turns() -> list[Any]:
    out = [say("I list the claims.", "list_claims", customer=ref("customer"))]
    for n, big in enumerate([True, False, True], start=1):
        out.append(say("I look it up.", "get_order", order_id=ref(f"list_claims_1.{n-1}")))
        out.append(say("Over 100?", "compute", expression=f"get_order_{n}.total > 100"))
        out.append(
            say(
                "Acting.",
                "refund_order" if big else "send_voucher",
                order_id=ref(f"get_order_{n}.id"),
            )
        )
    out.append(say("Done.", "finish", refunded=2, vouchers=1))
    return out


CASES.append(
    Case(
        task=damage,
        features=("both sides, ids + lookups", "exception in its own sentence, gift card"),
        recorded={"customer": "ana"},
        answers=_damage_turns(),
        reference=damage_ref,
        held_out=[
            HeldOut("ordinary paypal", {"customer": "ben"}),
            HeldOut("ADV gift card big", {"customer": "cal"}),
            HeldOut("ADV gift card small", {"customer": "dee"}),
        ],
    )
)

# ------------------------- restriction instead of exception: "only seats billed monthly"
MORE = {
    "r41_seats_only_monthly": "Cancel every seat in the org whose user hasn't logged in for more "
    "than 90 days; only monthly seats can be cancelled. Report how many seats you cancelled.",
    "r41_seats_unless_not_monthly": "Cancel every seat in the org whose user hasn't logged in "
    "for more than 90 days, unless the seat's billing is not monthly. Report how many seats you "
    "cancelled.",
    "r41_seats_baseline_r40": "Cancel every seat in the org whose user hasn't logged in for more "
    "than 90 days, unless the seat is on annual billing. Report how many seats you cancelled.",
}
for _name, _words in MORE.items():
    CASES.append(
        Case(
            task=Task(
                _words,
                name=_name,
                inputs={"org": str},
                outputs={"cancelled": int},
                actions=[list_seats, cancel_seat],
            ),
            features=("filtered subset", "exception phrasing"),
            recorded={"org": "acme"},
            answers=_seat_filter_turns(),
            reference=seats_ref,
            held_out=list(SEAT_HELD),
        )
    )

CASES = at_least_three(CASES)
