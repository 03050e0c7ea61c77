"""Round 46 red team (api): one-item sides with hidden conditions (_side_guards._alike), counts
named by three-letter words (_loop_uses.same_word), whole numbers the words write (_loop_caps)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


def per_item(
    listing: AIResponse,
    n_items: int,
    look: str,
    key: str,
    decide: str,
    sides: list[bool],
    yes: Any,
    no: Any,
    finish: AIResponse,
    lister: str,
) -> list[AIResponse]:
    out = [listing]
    for n in range(1, n_items + 1):
        out.append(say("I look the next one up.", look, **{key: ref(f"{lister}_1.{n - 1}")}))
        out.append(say("I check the rule.", "compute", expression=decide.format(n=n)))
        out.append(yes(n) if sides[n - 1] else no(n))
    out.append(finish)
    return out


# ===== A: gift cards never refunded (a)
class Order(BaseModel):
    id: str
    total: float
    product_type: str


ORD: dict[str, tuple[float, str]] = {
    "A1": (180.0, "physical"),
    "A2": (40.0, "physical"),
    "A3": (25.0, "physical"),
    "A4": (150.0, "gift_card"),
    "A5": (220.0, "physical"),
    "A6": (60.0, "gift_card"),
    "A7": (300.0, "gift_card"),
    "A8": (110.0, "physical"),
}
DAMAGED: dict[str, list[str]] = {
    "rec": ["A1", "A2", "A3"],
    "plain": ["A5", "A2", "A8"],
    "gift_big": ["A4", "A2", "A5"],
    "gift_only": ["A7", "A6"],
    "empty": [],
}


@action(read_only=True)
def list_damaged_orders(customer: str) -> list[str]:
    """Ids of the customer's orders reported damaged."""
    return list(DAMAGED[customer])


@action(read_only=True)
def fetch_order(order_id: str) -> Order:
    """One order: total in EUR and its product type."""
    t, k = ORD[order_id]
    return Order(id=order_id, total=t, product_type=k)


@action
def issue_refund(order_id: str) -> str:
    """Refund an order in full."""
    effect("issue_refund", order_id)
    return "ok"


@action
def send_apology_voucher(order_id: str) -> str:
    """Send the standard apology voucher for an order."""
    effect("send_apology_voucher", order_id)
    return "ok"


gift: Task[Any] = Task(
    "These orders were reported damaged. Refund every one over 100 EUR and send the apology "
    "voucher for the rest, but never refund gift cards: those only get the voucher. Tell me how "
    "many refunds and how many vouchers went out.",
    name="r46_gift_cards",
    inputs={"customer": str},
    outputs={"refunds": int, "vouchers": int},
    actions=[list_damaged_orders, fetch_order, issue_refund, send_apology_voucher],
)


def gift_ref(i: dict[str, Any]) -> Expected:
    eff = []
    r = 0
    for o in DAMAGED[i["customer"]]:
        t, k = ORD[o]
        if t > 100 and k != "gift_card":
            eff.append(("issue_refund", o))
            r += 1
        else:
            eff.append(("send_apology_voucher", o))
    return Expected(eff, {"refunds": r, "vouchers": len(eff) - r})


CASES.append(
    Case(
        task=gift,
        features=("one item on a side", "hidden exclusion"),
        recorded={"customer": "rec"},
        answers=per_item(
            say("Damaged orders.", "list_damaged_orders", customer=ref("customer")),
            3,
            "fetch_order",
            "order_id",
            "fetch_order_{n}.total > 100",
            [True, False, False],
            lambda n: say(
                "Over 100 and a physical product: refund.",
                "issue_refund",
                order_id=ref(f"fetch_order_{n}.id"),
            ),
            lambda n: say(
                "100 or less: voucher.", "send_apology_voucher", order_id=ref(f"fetch_order_{n}.id")
            ),
            say("1 refund, 2 vouchers.", "finish", refunds=1, vouchers=2),
            "list_damaged_orders",
        ),
        reference=gift_ref,
        held_out=[
            HeldOut("ordinary", {"customer": "plain"}),
            HeldOut("gift card 150", {"customer": "gift_big"}),
            HeldOut("only gift cards", {"customer": "gift_only"}),
            HeldOut("empty", {"customer": "empty"}),
        ],
    )
)


# ===== B: expense claims, contractors (a)
class Claim(BaseModel):
    id: str
    amount: float
    employment: str
    days_late: int


CL: dict[str, tuple[float, str, int]] = {
    "E1": (120.0, "staff", 2),
    "E2": (900.0, "staff", 0),
    "E3": (80.0, "staff", 5),
    "E4": (300.0, "contractor", 1),
    "E5": (45.0, "staff", 3),
    "E6": (700.0, "staff", 1),
    "E7": (200.0, "contractor", 0),
}
CLB: dict[str, list[str]] = {
    "rec": ["E1", "E2", "E3"],
    "plain": ["E5", "E6"],
    "contract": ["E4", "E5", "E7"],
}


@action(read_only=True)
def list_open_claims(week: str) -> list[str]:
    """Ids of open expense claims submitted in a week."""
    return list(CLB[week])


@action(read_only=True)
def get_claim(claim_id: str) -> Claim:
    """One expense claim: amount, who filed it (staff/contractor), days late."""
    a, e, d = CL[claim_id]
    return Claim(id=claim_id, amount=a, employment=e, days_late=d)


@action
def approve_claim(claim_id: str) -> str:
    """Approve an expense claim for payment."""
    effect("approve_claim", claim_id)
    return "ok"


@action
def escalate_claim(claim_id: str) -> str:
    """Send a claim to the finance manager for review."""
    effect("escalate_claim", claim_id)
    return "ok"


claims: Task[Any] = Task(
    "Go through this week's open expense claims. Approve the ones under 500, send the bigger "
    "ones to the finance manager. Anything filed by someone who isn't on our payroll goes to "
    "the finance manager whatever the amount. Report how many you approved and escalated.",
    name="r46_payroll",
    inputs={"week": str},
    outputs={"approved": int, "escalated": int},
    actions=[list_open_claims, get_claim, approve_claim, escalate_claim],
)


def claims_ref(i: dict[str, Any]) -> Expected:
    eff = []
    for c in CLB[i["week"]]:
        a, e, _ = CL[c]
        eff.append(("approve_claim" if a < 500 and e == "staff" else "escalate_claim", c))
    ap = sum(1 for x in eff if x[0] == "approve_claim")
    return Expected(eff, {"approved": ap, "escalated": len(eff) - ap})


CASES.append(
    Case(
        task=claims,
        features=("one item on escalate side", "hidden: payroll"),
        recorded={"week": "rec"},
        answers=per_item(
            say("Open claims.", "list_open_claims", week=ref("week")),
            3,
            "get_claim",
            "claim_id",
            "get_claim_{n}.amount < 500",
            [True, False, True],
            lambda n: say(
                "Under 500, staff: approve.", "approve_claim", claim_id=ref(f"get_claim_{n}.id")
            ),
            lambda n: say(
                "Over 500: escalate.", "escalate_claim", claim_id=ref(f"get_claim_{n}.id")
            ),
            say("2 approved, 1 escalated.", "finish", approved=2, escalated=1),
            "list_open_claims",
        ),
        reference=claims_ref,
        held_out=[
            HeldOut("ordinary", {"week": "plain"}),
            HeldOut("contractors", {"week": "contract"}),
        ],
    )
)


# ===== C: tax_free count (b)
class Invoice(BaseModel):
    id: str
    country: str


INV: dict[str, str] = {"I1": "DE", "I2": "US", "I3": "DE", "I4": "JP", "I5": "CH", "I6": "DE"}
INB: dict[str, list[str]] = {
    "rec": ["I1", "I2", "I3"],
    "exports": ["I2", "I4", "I5", "I1"],
    "home": ["I1", "I3", "I6"],
}


@action(read_only=True)
def list_draft_invoices(month: str) -> list[str]:
    """Ids of the month's draft invoices."""
    return list(INB[month])


@action(read_only=True)
def get_invoice(invoice_id: str) -> Invoice:
    """One draft invoice: the buyer's country code."""
    return Invoice(id=invoice_id, country=INV[invoice_id])


@action
def add_sales_tax(invoice_id: str) -> str:
    """Add German VAT to a draft invoice."""
    effect("add_sales_tax", invoice_id)
    return "ok"


@action
def mark_export(invoice_id: str) -> str:
    """Mark a draft invoice as an export delivery (zero-rated)."""
    effect("mark_export", invoice_id)
    return "ok"


tax: Task[Any] = Task(
    "Finalise the month's draft invoices: buyers in Germany (DE) get sales tax added, every other "
    "buyer's invoice is marked as an export. Tell me how many invoices are tax free.",
    name="r46_tax_free",
    inputs={"month": str},
    outputs={"tax_free": int},
    actions=[list_draft_invoices, get_invoice, add_sales_tax, mark_export],
)


def tax_ref(i: dict[str, Any]) -> Expected:
    eff = [("add_sales_tax" if INV[x] == "DE" else "mark_export", x) for x in INB[i["month"]]]
    return Expected(eff, {"tax_free": sum(1 for x in INB[i["month"]] if INV[x] != "DE")})


CASES.append(
    Case(
        task=tax,
        features=("count by 3-letter word of the other side",),
        recorded={"month": "rec"},
        answers=per_item(
            say("Drafts.", "list_draft_invoices", month=ref("month")),
            3,
            "get_invoice",
            "invoice_id",
            "get_invoice_{n}.country == 'DE'",
            [True, False, True],
            lambda n: say(
                "German buyer: tax.", "add_sales_tax", invoice_id=ref(f"get_invoice_{n}.id")
            ),
            lambda n: say("Abroad: export.", "mark_export", invoice_id=ref(f"get_invoice_{n}.id")),
            say("One invoice is tax free.", "finish", tax_free=1),
            "list_draft_invoices",
        ),
        reference=tax_ref,
        held_out=[
            HeldOut("mostly exports", {"month": "exports"}),
            HeldOut("all domestic", {"month": "home"}),
        ],
    )
)


# ===== D: vip (b), count of the others
class Guest(BaseModel):
    id: str
    nights: int


GU: dict[str, int] = {"G1": 12, "G2": 2, "G3": 1, "G4": 30, "G5": 3, "G6": 4, "G7": 15}
GB: dict[str, list[str]] = {
    "rec": ["G1", "G2", "G3"],
    "busy": ["G4", "G5", "G6", "G7"],
    "two": ["G2", "G3"],
}


@action(read_only=True)
def list_checkouts(day: str) -> list[str]:
    """Ids of guests checking out on a day."""
    return list(GB[day])


@action(read_only=True)
def get_guest(guest_id: str) -> Guest:
    """One guest: nights stayed this year."""
    return Guest(id=guest_id, nights=GU[guest_id])


@action
def send_vip_gift(guest_id: str) -> str:
    """Send the loyalty gift box to a guest."""
    effect("send_vip_gift", guest_id)
    return "ok"


@action
def send_thank_you(guest_id: str) -> str:
    """Send a thank-you email to a guest."""
    effect("send_thank_you", guest_id)
    return "ok"


vip: Task[Any] = Task(
    "For today's check-outs: guests with 10 or more nights this year get the VIP gift box, "
    "everyone else a thank-you email. Report how many guests were below VIP level.",
    name="r46_below_vip",
    inputs={"day": str},
    outputs={"below_vip": int},
    actions=[list_checkouts, get_guest, send_vip_gift, send_thank_you],
)


def vip_ref(i: dict[str, Any]) -> Expected:
    ids = GB[i["day"]]
    eff = [("send_vip_gift" if GU[g] >= 10 else "send_thank_you", g) for g in ids]
    return Expected(eff, {"below_vip": sum(1 for g in ids if GU[g] < 10)})


CASES.append(
    Case(
        task=vip,
        features=("count by 3-letter word, named for the others",),
        recorded={"day": "rec"},
        answers=per_item(
            say("Check-outs.", "list_checkouts", day=ref("day")),
            3,
            "get_guest",
            "guest_id",
            "get_guest_{n}.nights >= 10",
            [True, False, False],
            lambda n: say("VIP: gift.", "send_vip_gift", guest_id=ref(f"get_guest_{n}.id")),
            lambda n: say("Below: thanks.", "send_thank_you", guest_id=ref(f"get_guest_{n}.id")),
            say("Two were below VIP level.", "finish", below_vip=2),
            "list_checkouts",
        ),
        reference=vip_ref,
        held_out=[HeldOut("1 of 4 below", {"day": "busy"}), HeldOut("none vip", {"day": "two"})],
    )
)


# ===== E: need 3 rooms, found 2 (c)
FREE: dict[str, list[str]] = {
    "rec": ["R101", "R102"],
    "many": ["R201", "R202", "R203", "R204", "R205"],
    "three": ["R301", "R302", "R303"],
    "one": ["R401"],
}


@action(read_only=True)
def list_free_rooms(date: str) -> list[str]:
    """Ids of the meeting rooms free all day on a date."""
    return list(FREE[date])


@action
def book_room(room_id: str, date: str) -> str:
    """Book a room for the whole day."""
    effect("book_room", room_id, date)
    return "booked"


rooms: Task[Any] = Task(
    "The workshop needs 3 breakout rooms on the date. Book free rooms for it and tell me how many "
    "you managed to book.",
    name="r46_need_three",
    inputs={"date": str},
    outputs={"booked": int},
    actions=[list_free_rooms, book_room],
)


def rooms_ref(i: dict[str, Any]) -> Expected:
    got = FREE[i["date"]][:3]
    return Expected([("book_room", r, i["date"]) for r in got], {"booked": len(got)})


CASES.append(
    Case(
        task=rooms,
        features=("words' number above recorded count",),
        recorded={"date": "rec"},
        answers=[
            say("Free rooms.", "list_free_rooms", date=ref("date")),
            say(
                "Booking the first.",
                "book_room",
                room_id=ref("list_free_rooms_1.0"),
                date=ref("date"),
            ),
            say(
                "Only two free; booking the second.",
                "book_room",
                room_id=ref("list_free_rooms_1.1"),
                date=ref("date"),
            ),
            say("Only 2 were free.", "finish", booked=2),
        ],
        reference=rooms_ref,
        held_out=[
            HeldOut("5 free", {"date": "many"}),
            HeldOut("3 free", {"date": "three"}),
            HeldOut("1 free", {"date": "one"}),
        ],
    )
)


# ===== F: a couple of desks (c, number as words)
DESKS: dict[str, list[str]] = {"rec": ["D1", "D2"], "many": ["D3", "D4", "D5", "D6"], "one": ["D7"]}


@action(read_only=True)
def list_free_desks(floor: str) -> list[str]:
    """Ids of the hot desks free today on a floor."""
    return list(DESKS[floor])


@action
def reserve_desk(desk_id: str) -> str:
    """Reserve a hot desk for today for the visitors."""
    effect("reserve_desk", desk_id)
    return "ok"


desks: Task[Any] = Task(
    "A couple of visitors from the Lyon office are coming today. Reserve hot desks for them on "
    "the floor and report how many desks you reserved.",
    name="r46_couple_desks",
    inputs={"floor": str},
    outputs={"reserved": int},
    actions=[list_free_desks, reserve_desk],
)


def desks_ref(i: dict[str, Any]) -> Expected:
    got = DESKS[i["floor"]][:2]
    return Expected([("reserve_desk", d) for d in got], {"reserved": len(got)})


CASES.append(
    Case(
        task=desks,
        features=("'a couple' = 2 as words",),
        recorded={"floor": "rec"},
        answers=[
            say("Free desks.", "list_free_desks", floor=ref("floor")),
            say("First.", "reserve_desk", desk_id=ref("list_free_desks_1.0")),
            say("Second.", "reserve_desk", desk_id=ref("list_free_desks_1.1")),
            say("Reserved 2.", "finish", reserved=2),
        ],
        reference=desks_ref,
        held_out=[HeldOut("4 free", {"floor": "many"}), HeldOut("1 free", {"floor": "one"})],
    )
)


# ===== C2/D2: counts with both sides equal at recording (b)
INB["rec4"] = ["I1", "I2", "I3", "I4"]
tax2: Task[Any] = Task(
    tax.description,
    name="r46_tax_free_even",
    inputs={"month": str},
    outputs={"tax_free": int},
    actions=[list_draft_invoices, get_invoice, add_sales_tax, mark_export],
)
CASES.append(
    Case(
        task=tax2,
        features=("3-letter word of the other side, counts equal",),
        recorded={"month": "rec4"},
        answers=per_item(
            say("Drafts.", "list_draft_invoices", month=ref("month")),
            4,
            "get_invoice",
            "invoice_id",
            "get_invoice_{n}.country == 'DE'",
            [True, False, True, False],
            lambda n: say(
                "German buyer: tax.", "add_sales_tax", invoice_id=ref(f"get_invoice_{n}.id")
            ),
            lambda n: say("Abroad: export.", "mark_export", invoice_id=ref(f"get_invoice_{n}.id")),
            say("Two invoices are tax free.", "finish", tax_free=2),
            "list_draft_invoices",
        ),
        reference=tax_ref,
        held_out=[
            HeldOut("mostly exports", {"month": "exports"}),
            HeldOut("all domestic", {"month": "home"}),
        ],
    )
)

GB["rec4"] = ["G1", "G2", "G7", "G3"]
vip2: Task[Any] = Task(
    vip.description,
    name="r46_below_vip_even",
    inputs={"day": str},
    outputs={"below_vip": int},
    actions=[list_checkouts, get_guest, send_vip_gift, send_thank_you],
)
CASES.append(
    Case(
        task=vip2,
        features=("3-letter word, count of the others, counts equal",),
        recorded={"day": "rec4"},
        answers=per_item(
            say("Check-outs.", "list_checkouts", day=ref("day")),
            4,
            "get_guest",
            "guest_id",
            "get_guest_{n}.nights >= 10",
            [True, False, True, False],
            lambda n: say("VIP: gift.", "send_vip_gift", guest_id=ref(f"get_guest_{n}.id")),
            lambda n: say("Below: thanks.", "send_thank_you", guest_id=ref(f"get_guest_{n}.id")),
            say("Two were below VIP level.", "finish", below_vip=2),
            "list_checkouts",
        ),
        reference=vip_ref,
        held_out=[HeldOut("1 of 4 below", {"day": "busy"}), HeldOut("none vip", {"day": "two"})],
    )
)


# ===== G: third-party sellers, one refund (a)
class SoldOrder(BaseModel):
    id: str
    total: float
    third_party: bool


SO: dict[str, tuple[float, bool]] = {
    "S1": (180.0, False),
    "S2": (40.0, True),
    "S3": (25.0, False),
    "S4": (150.0, True),
    "S5": (220.0, False),
    "S6": (130.0, True),
    "S7": (20.0, False),
}
SOB: dict[str, list[str]] = {
    "rec": ["S1", "S2", "S3"],
    "plain": ["S5", "S7"],
    "tp": ["S4", "S7", "S5"],
    "tp2": ["S6", "S4"],
}


@action(read_only=True)
def list_complaints(shop: str) -> list[str]:
    """Ids of orders with an open 'arrived broken' complaint."""
    return list(SOB[shop])


@action(read_only=True)
def load_order(order_id: str) -> SoldOrder:
    """One order: total in EUR; third_party is True when a marketplace partner sold it."""
    t, p = SO[order_id]
    return SoldOrder(id=order_id, total=t, third_party=p)


@action
def refund_in_full(order_id: str) -> str:
    """Refund an order in full from our account."""
    effect("refund_in_full", order_id)
    return "ok"


@action
def send_store_credit(order_id: str) -> str:
    """Send 10 EUR store credit for an order."""
    effect("send_store_credit", order_id)
    return "ok"


seller: Task[Any] = Task(
    "Settle the open 'arrived broken' complaints: orders over 100 EUR get a full refund, cheaper "
    "ones 10 EUR store credit. We can't refund what a marketplace partner sold, so those always "
    "get the store credit. Report the number of refunds and of credits.",
    name="r46_partner_sold",
    inputs={"shop": str},
    outputs={"refunds": int, "credits": int},
    actions=[list_complaints, load_order, refund_in_full, send_store_credit],
)


def seller_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("refund_in_full" if SO[o][0] > 100 and not SO[o][1] else "send_store_credit", o)
        for o in SOB[i["shop"]]
    ]
    r = sum(1 for e in eff if e[0] == "refund_in_full")
    return Expected(eff, {"refunds": r, "credits": len(eff) - r})


CASES.append(
    Case(
        task=seller,
        features=("one item on refund side", "bool hidden, other side differs"),
        recorded={"shop": "rec"},
        answers=per_item(
            say("Complaints.", "list_complaints", shop=ref("shop")),
            3,
            "load_order",
            "order_id",
            "load_order_{n}.total > 100",
            [True, False, False],
            lambda n: say(
                "Over 100, our own sale: refund.",
                "refund_in_full",
                order_id=ref(f"load_order_{n}.id"),
            ),
            lambda n: say(
                "Cheap: store credit.", "send_store_credit", order_id=ref(f"load_order_{n}.id")
            ),
            say("1 refund, 2 credits.", "finish", refunds=1, credits=2),
            "list_complaints",
        ),
        reference=seller_ref,
        held_out=[
            HeldOut("ordinary", {"shop": "plain"}),
            HeldOut("partner 150", {"shop": "tp"}),
            HeldOut("only partner", {"shop": "tp2"}),
        ],
    )
)


# ===== A2: gift cards, recording saw a cheap gift card (a)
DAMAGED["rec2"] = ["A1", "A6", "A3"]
gift2: Task[Any] = Task(
    gift.description,
    name="r46_gift_cards_mixed",
    inputs={"customer": str},
    outputs={"refunds": int, "vouchers": int},
    actions=[list_damaged_orders, fetch_order, issue_refund, send_apology_voucher],
)
CASES.append(
    Case(
        task=gift2,
        features=("one item on a side", "hidden exclusion, other side differs"),
        recorded={"customer": "rec2"},
        answers=per_item(
            say("Damaged orders.", "list_damaged_orders", customer=ref("customer")),
            3,
            "fetch_order",
            "order_id",
            "fetch_order_{n}.total > 100",
            [True, False, False],
            lambda n: say("Over 100: refund.", "issue_refund", order_id=ref(f"fetch_order_{n}.id")),
            lambda n: say("Voucher.", "send_apology_voucher", order_id=ref(f"fetch_order_{n}.id")),
            say("1 refund, 2 vouchers.", "finish", refunds=1, vouchers=2),
            "list_damaged_orders",
        ),
        reference=gift_ref,
        held_out=[
            HeldOut("ordinary", {"customer": "plain"}),
            HeldOut("gift card 150", {"customer": "gift_big"}),
            HeldOut("only gift cards", {"customer": "gift_only"}),
        ],
    )
)

CASES = at_least_three(CASES)
