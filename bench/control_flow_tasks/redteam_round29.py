"""Red-team round 29 (API): plain loops, filtered subsets, refs at depth, copied values, counts.

Each task is recorded once by a scripted agent and replayed on held-out inputs with no model.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three, calls

# ---------- A: stock < own level
PRODUCTS: dict[str, list[tuple[str, int, int]]] = {
    # shelf: (sku, stock, reorder_level)
    "A1": [("P-1", 5, 20), ("P-2", 40, 20), ("P-3", 8, 20), ("P-4", 60, 20)],
    "B1": [("P-11", 25, 30), ("P-12", 15, 10), ("P-13", 2, 5)],
    "C1": [("P-21", 10, 20), ("P-22", 30, 20)],
    "D1": [("P-31", 18, 40), ("P-32", 19, 12)],
}


class Product(BaseModel):
    sku: str
    stock: int
    reorder_level: int


@action(read_only=True)
def list_products(shelf: str) -> list[Product]:
    """Products on a shelf with their stock and their own reorder level."""
    return [Product(sku=s, stock=q, reorder_level=lv) for s, q, lv in PRODUCTS[shelf]]


@action
def reorder(sku: str) -> str:
    """Place a standard reorder for a product; returns the order id."""
    effect("reorder", sku)
    return f"ro-{sku}"


def a_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, q, lv in PRODUCTS[i["shelf"]] if q < lv]
    return Expected([("reorder", s) for s in ids], {"reordered": len(ids)})


A = Case(
    task=Task(
        "Reorder every product on the shelf whose stock is below its reorder level. Report how "
        "many you reordered.",
        name="r29_below_own_level",
        inputs={"shelf": str},
        outputs={"reordered": int},
        actions=[list_products, reorder],
    ),
    features=("filter: field vs field",),
    recorded={"shelf": "A1"},
    answers=[
        say("I list the shelf's products.", "list_products", shelf=ref("shelf")),
        calls(
            "P-1 (5 < 20) and P-3 (8 < 20) are below their reorder level; I reorder them.",
            ("reorder", {"sku": ref("list_products_1.0.sku")}),
            ("reorder", {"sku": ref("list_products_1.2.sku")}),
        ),
        say("Two reordered.", "finish", reordered=2),
    ],
    reference=a_ref,
    held_out=[
        HeldOut("ordinary: level 20 again", {"shelf": "C1"}),
        HeldOut("levels 30/10/5", {"shelf": "B1"}),
        HeldOut("18<40 but 19>12", {"shelf": "D1"}),
    ],
)

# ---------- B: zero acted
TICKETS: dict[str, list[tuple[str, int]]] = {
    # queue: (ticket id, age in days)
    "support": [("T-1", 2), ("T-2", 5), ("T-3", 1)],
    "billing": [("T-11", 9), ("T-12", 3)],
    "sales": [("T-21", 4)],
    "legal": [],
}


class Ticket(BaseModel):
    id: str
    age_days: int


@action(read_only=True)
def list_open_tickets(queue: str) -> list[Ticket]:
    """Open tickets of a queue with their age in days."""
    return [Ticket(id=t, age_days=a) for t, a in TICKETS[queue]]


@action
def escalate(ticket_id: str) -> str:
    """Escalate a ticket to the team lead."""
    effect("escalate", ticket_id)
    return "escalated"


def b_ref(i: dict[str, Any]) -> Expected:
    ids = [t for t, a in TICKETS[i["queue"]] if a > 7]
    return Expected([("escalate", t) for t in ids], {"escalated": len(ids)})


B = Case(
    task=Task(
        "Escalate every open ticket of the queue that is older than 7 days. Report how many you "
        "escalated.",
        name="r29_escalate_none_recorded",
        inputs={"queue": str},
        outputs={"escalated": int},
        actions=[list_open_tickets, escalate],
    ),
    features=("filter: no item acted",),
    recorded={"queue": "support"},
    answers=[
        say("I list the queue's open tickets.", "list_open_tickets", queue=ref("queue")),
        say("None is older than 7 days (2, 5, 1); nothing to escalate.", "finish", escalated=0),
    ],
    reference=b_ref,
    held_out=[
        HeldOut("ordinary: none old", {"queue": "sales"}),
        HeldOut("empty", {"queue": "legal"}),
        HeldOut("one 9 days old", {"queue": "billing"}),
    ],
)

# ---------- C: subset in one call
ORD: dict[str, list[tuple[str, float, bool]]] = {
    # day: (order id, weight kg, paid)
    "mon": [("O-1", 2.5, True), ("O-2", 1.0, False), ("O-3", 4.0, True)],
    "tue": [("O-11", 3.0, True), ("O-12", 0.5, True)],
    "wed": [("O-21", 1.5, False), ("O-22", 2.0, True), ("O-23", 6.0, False), ("O-24", 1.0, True)],
    "thu": [("O-31", 1.5, False)],
}


class DayOrder(BaseModel):
    id: str
    weight_kg: float
    paid: bool


@action(read_only=True)
def list_orders(day: str) -> list[DayOrder]:
    """Orders placed on a day, with weight and whether they are paid."""
    return [DayOrder(id=o, weight_kg=w, paid=p) for o, w, p in ORD[day]]


@action
def create_manifest(entries: list[dict[str, Any]]) -> str:
    """Create the carrier's pickup manifest: one entry {order, weight} per parcel."""
    effect("create_manifest", tuple((e["order"], e["weight"]) for e in entries))
    return "MAN-1"


def c_ref(i: dict[str, Any]) -> Expected:
    rows = [(o, w) for o, w, p in ORD[i["day"]] if p]
    return Expected([("create_manifest", tuple(rows))], {"manifest": "MAN-1"})


C = Case(
    task=Task(
        "Create one pickup manifest with every paid order of the day (its id and weight). Return "
        "the manifest id.",
        name="r29_manifest_paid",
        inputs={"day": str},
        outputs={"manifest": str},
        actions=[list_orders, create_manifest],
    ),
    features=("filtered subset inside one argument", "$ref in dict in list"),
    recorded={"day": "mon"},
    answers=[
        say("I list the day's orders.", "list_orders", day=ref("day")),
        say(
            "O-1 and O-3 are paid; I put them on the manifest.",
            "create_manifest",
            entries=[
                {"order": ref("list_orders_1.0.id"), "weight": ref("list_orders_1.0.weight_kg")},
                {"order": ref("list_orders_1.2.id"), "weight": ref("list_orders_1.2.weight_kg")},
            ],
        ),
        say("Manifest created.", "finish", manifest=ref("create_manifest_1")),
    ],
    reference=c_ref,
    held_out=[
        HeldOut("ordinary: all paid", {"day": "tue"}),
        HeldOut("2 of 4 paid", {"day": "wed"}),
        HeldOut("none paid", {"day": "thu"}),
    ],
)

# ---------- D: ids skipped
SUBS: dict[str, list[tuple[str, bool]]] = {
    # list: (email, opted_in)
    "news": [("a@x.io", True), ("b@x.io", False), ("c@x.io", True), ("d@x.io", False)],
    "promo": [("e@x.io", False), ("f@x.io", True), ("g@x.io", True)],
    "beta": [("h@x.io", True), ("i@x.io", True)],
}


class Subscriber(BaseModel):
    email: str
    opted_in: bool


@action(read_only=True)
def list_subscribers(mailing_list: str) -> list[Subscriber]:
    """Subscribers of a mailing list and whether they opted in."""
    return [Subscriber(email=e, opted_in=o) for e, o in SUBS[mailing_list]]


@action
def send_newsletter(email: str) -> str:
    """Send this month's newsletter to one address."""
    effect("send_newsletter", email)
    return "sent"


def d_ref(i: dict[str, Any]) -> Expected:
    rows = SUBS[i["mailing_list"]]
    return Expected(
        [("send_newsletter", e) for e, o in rows if o],
        {"skipped": [e for e, o in rows if not o]},
    )


D = Case(
    task=Task(
        "Send the newsletter to every subscriber of the list who opted in. Return the addresses "
        "you skipped.",
        name="r29_skipped_addresses",
        inputs={"mailing_list": str},
        outputs={"skipped": list[str]},
        actions=[list_subscribers, send_newsletter],
    ),
    features=("filter: bool", "complement copied in finish"),
    recorded={"mailing_list": "news"},
    answers=[
        say("I list the subscribers.", "list_subscribers", mailing_list=ref("mailing_list")),
        say("a@x.io opted in.", "send_newsletter", email=ref("list_subscribers_1.0.email")),
        say("c@x.io opted in.", "send_newsletter", email=ref("list_subscribers_1.2.email")),
        say("b and d did not opt in.", "finish", skipped=["b@x.io", "d@x.io"]),
    ],
    reference=d_ref,
    held_out=[
        HeldOut("ordinary: 1 skipped", {"mailing_list": "promo"}),
        HeldOut("none skipped", {"mailing_list": "beta"}),
    ],
)

# ---------- E: units over lines
PO: dict[str, list[tuple[str, int]]] = {
    "PO-1": [("BOLT", 1), ("NUT", 1), ("WASHER", 1)],
    "PO-2": [("HINGE", 1), ("SCREW", 1)],
    "PO-3": [("PANEL", 2), ("FRAME", 4)],
}


class Line(BaseModel):
    sku: str
    qty: int


class PurchaseOrder(BaseModel):
    id: str
    lines: list[Line]


@action(read_only=True)
def get_po(order_id: str) -> PurchaseOrder:
    """A purchase order with its lines."""
    return PurchaseOrder(id=order_id, lines=[Line(sku=s, qty=q) for s, q in PO[order_id]])


@action
def receive(sku: str, qty: int) -> str:
    """Book received goods into stock."""
    effect("receive", sku, qty)
    return "booked"


def e_ref(i: dict[str, Any]) -> Expected:
    rows = PO[i["order_id"]]
    return Expected([("receive", s, q) for s, q in rows], {"units": sum(q for _, q in rows)})


E = Case(
    task=Task(
        "Book every line of the purchase order into stock (its sku and quantity). Report how many "
        "units you booked in total.",
        name="r29_units_booked",
        inputs={"order_id": str},
        outputs={"units": int},
        actions=[get_po, receive],
    ),
    features=("loop over a field", "sum typed equal to count"),
    recorded={"order_id": "PO-1"},
    answers=[
        say("I read the purchase order.", "get_po", order_id=ref("order_id")),
        calls(
            "Three lines of 1 each; I book them.",
            *[
                (
                    "receive",
                    {"sku": ref(f"get_po_1.lines.{n}.sku"), "qty": ref(f"get_po_1.lines.{n}.qty")},
                )
                for n in range(3)
            ],
        ),
        say("3 units booked.", "finish", units=3),
    ],
    reference=e_ref,
    held_out=[
        HeldOut("ordinary: 2 lines of 1", {"order_id": "PO-2"}),
        HeldOut("qty 2 and 4", {"order_id": "PO-3"}),
    ],
)

# ---------- F: two constants
TIX: dict[str, list[tuple[str, str]]] = {
    # inbox: (ticket, customer tier)
    "mon": [("K-1", "vip"), ("K-2", "standard"), ("K-3", "vip"), ("K-4", "standard")],
    "tue": [("K-11", "standard"), ("K-12", "vip")],
    "wed": [("K-21", "standard"), ("K-22", "trial"), ("K-23", "vip")],
}


class TierTicket(BaseModel):
    id: str
    tier: str


@action(read_only=True)
def list_new_tickets(inbox: str) -> list[TierTicket]:
    """New tickets with the customer's tier (vip, standard, trial)."""
    return [TierTicket(id=t, tier=c) for t, c in TIX[inbox]]


@action
def set_priority(ticket_id: str, priority: str) -> str:
    """Set a ticket's priority: "high" or "normal"."""
    effect("set_priority", ticket_id, priority)
    return priority


def f_ref(i: dict[str, Any]) -> Expected:
    rows = TIX[i["inbox"]]
    return Expected(
        [("set_priority", t, "high" if c == "vip" else "normal") for t, c in rows],
        {"triaged": len(rows)},
    )


F = Case(
    task=Task(
        "Triage the new tickets: VIP customers' tickets get priority high, all others normal. "
        "Report how many tickets you triaged.",
        name="r29_two_constants",
        inputs={"inbox": str},
        outputs={"triaged": int},
        actions=[list_new_tickets, set_priority],
    ),
    features=("same action, constant per item by a field, no compute",),
    recorded={"inbox": "mon"},
    answers=[
        say("I list the new tickets.", "list_new_tickets", inbox=ref("inbox")),
        calls(
            "K-1 and K-3 are VIP: high; K-2 and K-4 normal.",
            ("set_priority", {"ticket_id": ref("list_new_tickets_1.0.id"), "priority": "high"}),
            ("set_priority", {"ticket_id": ref("list_new_tickets_1.1.id"), "priority": "normal"}),
            ("set_priority", {"ticket_id": ref("list_new_tickets_1.2.id"), "priority": "high"}),
            ("set_priority", {"ticket_id": ref("list_new_tickets_1.3.id"), "priority": "normal"}),
        ),
        say("Four triaged.", "finish", triaged=4),
    ],
    reference=f_ref,
    held_out=[
        HeldOut("ordinary: vip+standard", {"inbox": "tue"}),
        HeldOut("a trial tier", {"inbox": "wed"}),
    ],
)

# ---------- G: distinct customers
DAY_ORDERS: dict[str, list[tuple[str, str]]] = {
    "d1": [("S-1", "ana@x.io"), ("S-2", "ben@x.io"), ("S-3", "cy@x.io")],
    "d2": [("S-11", "dan@x.io"), ("S-12", "eve@x.io")],
    "d3": [("S-21", "fay@x.io"), ("S-22", "gus@x.io"), ("S-23", "fay@x.io")],
}


class Sale(BaseModel):
    id: str
    customer_email: str


@action(read_only=True)
def list_sales(day: str) -> list[Sale]:
    """The day's sales with the buyer's email."""
    return [Sale(id=s, customer_email=e) for s, e in DAY_ORDERS[day]]


@action
def send_thanks(to: str) -> str:
    """Send a thank-you email."""
    effect("send_thanks", to)
    return "ok"


def g_ref(i: dict[str, Any]) -> Expected:
    seen: list[str] = []
    for _, e in DAY_ORDERS[i["day"]]:
        if e not in seen:
            seen.append(e)
    return Expected([("send_thanks", e) for e in seen], {"thanked": len(seen)})


G = Case(
    task=Task(
        "Send one thank-you email to each customer who bought something that day (once per "
        "customer, even if they ordered twice). Report how many customers you thanked.",
        name="r29_thank_each_customer_once",
        inputs={"day": str},
        outputs={"thanked": int},
        actions=[list_sales, send_thanks],
    ),
    features=("whole list", "distinct words"),
    recorded={"day": "d1"},
    answers=[
        say("I list the day's sales.", "list_sales", day=ref("day")),
        calls(
            "Three different customers; I thank each.",
            *[("send_thanks", {"to": ref(f"list_sales_1.{n}.customer_email")}) for n in range(3)],
        ),
        say("Three thanked.", "finish", thanked=3),
    ],
    reference=g_ref,
    held_out=[
        HeldOut("ordinary: 2 customers", {"day": "d2"}),
        HeldOut("fay twice", {"day": "d3"}),
    ],
)

# ---------- H: sequence numbers
BATCH: dict[str, list[str]] = {
    "b1": ["O-5", "O-9", "O-2"],
    "b2": ["O-7", "O-8"],
    "b3": ["O-1", "O-3", "O-4", "O-6"],
}


@action(read_only=True)
def list_batch(batch: str) -> list[str]:
    """Order ids in a packing batch, in packing order."""
    return list(BATCH[batch])


@action
def print_label(order_id: str, sequence: int) -> str:
    """Print a parcel label carrying its position in the batch (1 for the first)."""
    effect("print_label", order_id, sequence)
    return "printed"


def h_ref(i: dict[str, Any]) -> Expected:
    ids = BATCH[i["batch"]]
    return Expected([("print_label", o, n + 1) for n, o in enumerate(ids)], {"printed": len(ids)})


H = Case(
    task=Task(
        "Print a label for every order of the batch, numbering them 1, 2, 3... in batch order. "
        "Report how many labels you printed.",
        name="r29_label_sequence",
        inputs={"batch": str},
        outputs={"printed": int},
        actions=[list_batch, print_label],
    ),
    features=("per-item position number",),
    recorded={"batch": "b1"},
    answers=[
        say("I list the batch.", "list_batch", batch=ref("batch")),
        calls(
            "Three orders; labels 1 to 3.",
            *[
                ("print_label", {"order_id": ref(f"list_batch_1.{n}"), "sequence": n + 1})
                for n in range(3)
            ],
        ),
        say("Three printed.", "finish", printed=3),
    ],
    reference=h_ref,
    held_out=[
        HeldOut("ordinary: 2", {"batch": "b2"}),
        HeldOut("4 orders", {"batch": "b3"}),
    ],
)

# ---------- I: total and closed
QUEUE: dict[str, list[tuple[str, str]]] = {
    "q1": [("C-1", "resolved"), ("C-2", "resolved"), ("C-3", "resolved")],
    "q2": [("C-11", "resolved"), ("C-12", "open"), ("C-13", "resolved"), ("C-14", "open")],
    "q3": [("C-21", "resolved"), ("C-22", "resolved")],
}


class Case_(BaseModel):
    id: str
    status: str


@action(read_only=True)
def list_cases(queue: str) -> list[Case_]:
    """Cases of a queue with their status (open or resolved)."""
    return [Case_(id=c, status=s) for c, s in QUEUE[queue]]


@action
def close_case(case_id: str) -> str:
    """Close a case."""
    effect("close_case", case_id)
    return "closed"


def i_ref(i: dict[str, Any]) -> Expected:
    rows = QUEUE[i["queue"]]
    ids = [c for c, s in rows if s == "resolved"]
    return Expected([("close_case", c) for c in ids], {"in_queue": len(rows), "closed": len(ids)})


CASE_I = Case(
    task=Task(
        "Close every resolved case in the queue. Report how many cases the queue had and how "
        "many you closed.",
        name="r29_queue_and_closed",
        inputs={"queue": str},
        outputs={"in_queue": int, "closed": int},
        actions=[list_cases, close_case],
    ),
    features=("filter every recorded item passed", "two counts equal"),
    recorded={"queue": "q1"},
    answers=[
        say("I list the queue's cases.", "list_cases", queue=ref("queue")),
        calls(
            "All three are resolved; I close them.",
            *[("close_case", {"case_id": ref(f"list_cases_1.{n}.id")}) for n in range(3)],
        ),
        say("The queue had 3; I closed 3.", "finish", in_queue=3, closed=3),
    ],
    reference=i_ref,
    held_out=[
        HeldOut("ordinary: 2 resolved", {"queue": "q3"}),
        HeldOut("2 of 4 resolved", {"queue": "q2"}),
    ],
)

# ---------- J: read then act
CUST: dict[str, tuple[str, bool]] = {
    "c1": ("ana@x.io", True),
    "c2": ("ben@x.io", False),
    "c3": ("cy@x.io", True),
    "c4": ("di@x.io", True),
    "c5": ("ed@x.io", False),
    "c6": ("fi@x.io", True),
}
SEGMENT: dict[str, list[str]] = {
    "s1": ["c1", "c2", "c3"],
    "s2": ["c4", "c5"],
    "s3": ["c5", "c2"],
    "s4": ["c6", "c1", "c4"],
}


class Cust(BaseModel):
    id: str
    email: str
    marketing_ok: bool


@action(read_only=True)
def list_segment(segment: str) -> list[str]:
    """Customer ids of a segment."""
    return list(SEGMENT[segment])


@action(read_only=True)
def get_customer(customer_id: str) -> Cust:
    """A customer's email and whether marketing mail is allowed."""
    e, ok = CUST[customer_id]
    return Cust(id=customer_id, email=e, marketing_ok=ok)


@action
def send_offer(to: str) -> str:
    """Email the spring offer."""
    effect("send_offer", to)
    return "sent"


def j_ref(i: dict[str, Any]) -> Expected:
    to = [CUST[c][0] for c in SEGMENT[i["segment"]] if CUST[c][1]]
    return Expected([("send_offer", e) for e in to], {"sent_to": to})


J = Case(
    task=Task(
        "Email the spring offer to every customer of the segment who allows marketing mail. "
        "Return the addresses you emailed.",
        name="r29_read_then_offer",
        inputs={"segment": str},
        outputs={"sent_to": list[str]},
        actions=[list_segment, get_customer, send_offer],
    ),
    features=("loop reads then acts", "filter on read result", "copied in finish"),
    recorded={"segment": "s1"},
    answers=[
        say("I list the segment.", "list_segment", segment=ref("segment")),
        say("I look up c1.", "get_customer", customer_id=ref("list_segment_1.0")),
        say("Allowed; I email ana.", "send_offer", to=ref("get_customer_1.email")),
        say("I look up c2.", "get_customer", customer_id=ref("list_segment_1.1")),
        say(
            "c2 does not allow marketing; I look up c3.",
            "get_customer",
            customer_id=ref("list_segment_1.2"),
        ),
        say("Allowed; I email cy.", "send_offer", to=ref("get_customer_3.email")),
        say("Done.", "finish", sent_to=["ana@x.io", "cy@x.io"]),
    ],
    reference=j_ref,
    held_out=[
        HeldOut("ordinary: 1 of 2", {"segment": "s2"}),
        HeldOut("none allowed", {"segment": "s3"}),
        HeldOut("all allowed", {"segment": "s4"}),
    ],
)

# ---------- K: at most budget
CAT: dict[str, list[tuple[str, float]]] = {
    "garden": [("G-1", 12.0), ("G-2", 55.0), ("G-3", 30.0), ("G-4", 80.0)],
    "kitchen": [("K-1", 20.0), ("K-2", 40.0), ("K-3", 19.99)],
    "bath": [("B-1", 10.0), ("B-2", 60.0)],
}


class Item(BaseModel):
    sku: str
    price: float


@action(read_only=True)
def list_items(category: str) -> list[Item]:
    """Items of a category with prices."""
    return [Item(sku=s, price=p) for s, p in CAT[category]]


@action
def add_to_sale(sku: str) -> str:
    """Put an item in the weekend sale."""
    effect("add_to_sale", sku)
    return "ok"


def k_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, p in CAT[i["category"]] if p <= i["max_price"]]
    return Expected([("add_to_sale", s) for s in ids], {"added": ids})


K = Case(
    task=Task(
        "Put every item of the category priced at most max_price into the weekend sale. Return "
        "the skus you added.",
        name="r29_at_most_price",
        inputs={"category": str, "max_price": float},
        outputs={"added": list[str]},
        actions=[list_items, add_to_sale],
    ),
    features=("filter: bound from input, at most",),
    recorded={"category": "garden", "max_price": 40.0},
    answers=[
        say("I list the category.", "list_items", category=ref("category")),
        calls(
            "G-1 (12) and G-3 (30) are at most 40.",
            ("add_to_sale", {"sku": ref("list_items_1.0.sku")}),
            ("add_to_sale", {"sku": ref("list_items_1.2.sku")}),
        ),
        say("Done.", "finish", added=[ref("list_items_1.0.sku"), ref("list_items_1.2.sku")]),
    ],
    reference=k_ref,
    held_out=[
        HeldOut("ordinary: bath 50", {"category": "bath", "max_price": 50.0}),
        HeldOut("exactly at 20", {"category": "kitchen", "max_price": 20.0}),
    ],
)

# ---------- L: nested loops
REGIONS: dict[str, list[str]] = {
    "north": ["Leeds", "York"],
    "south": ["Bath"],
    "east": ["Hull", "Ely"],
}
PEND: dict[str, list[tuple[str, str]]] = {
    "Leeds": [("S-1", "DHL"), ("S-2", "UPS")],
    "York": [("S-3", "DHL")],
    "Bath": [("S-4", "UPS"), ("S-5", "DHL")],
    "Hull": [("S-6", "UPS")],
    "Ely": [("S-7", "DHL"), ("S-8", "DHL")],
}


class Ship(BaseModel):
    id: str
    carrier: str


@action(read_only=True)
def list_warehouses(region: str) -> list[str]:
    """Warehouses of a region."""
    return list(REGIONS[region])


@action(read_only=True)
def list_pending(warehouse: str) -> list[Ship]:
    """Pending shipments of a warehouse with their carrier."""
    return [Ship(id=i, carrier=c) for i, c in PEND[warehouse]]


@action
def cancel_shipment(shipment_id: str) -> str:
    """Cancel a pending shipment."""
    effect("cancel_shipment", shipment_id)
    return "cancelled"


def l_ref(i: dict[str, Any]) -> Expected:
    ids = [s for w in REGIONS[i["region"]] for s, c in PEND[w] if c == "DHL"]
    return Expected([("cancel_shipment", s) for s in ids], {"cancelled": len(ids)})


L = Case(
    task=Task(
        "DHL stopped service: in every warehouse of the region, cancel each pending shipment "
        "that goes with DHL. Report how many you cancelled.",
        name="r29_nested_cancel",
        inputs={"region": str},
        outputs={"cancelled": int},
        actions=[list_warehouses, list_pending, cancel_shipment],
    ),
    features=("nested loops", "filter: constant"),
    recorded={"region": "north"},
    answers=[
        say("I list the region's warehouses.", "list_warehouses", region=ref("region")),
        say(
            "I list Leeds's pending shipments.",
            "list_pending",
            warehouse=ref("list_warehouses_1.0"),
        ),
        say("S-1 goes with DHL.", "cancel_shipment", shipment_id=ref("list_pending_1.0.id")),
        say("Now York.", "list_pending", warehouse=ref("list_warehouses_1.1")),
        say("S-3 goes with DHL.", "cancel_shipment", shipment_id=ref("list_pending_2.0.id")),
        say("Two cancelled.", "finish", cancelled=2),
    ],
    reference=l_ref,
    held_out=[
        HeldOut("ordinary: one warehouse", {"region": "south"}),
        HeldOut("east", {"region": "east"}),
    ],
)

CASES = [A, B, C, D, E, F, G, H, CASE_I, J, K, L]

# ---------- L2: nested, inner all acted
PEND2: dict[str, list[tuple[str, str]]] = {
    "Leeds": [("S-1", "DHL")],
    "York": [("S-3", "DHL")],
    "Bath": [("S-4", "DHL"), ("S-5", "DHL")],
    "Hull": [("S-6", "UPS"), ("S-9", "DHL")],
    "Ely": [("S-7", "DHL")],
}
REGIONS2: dict[str, list[str]] = {
    "north": ["Leeds", "York"],
    "south": ["Bath", "Ely"],
    "east": ["Hull", "Ely"],
    "west": ["Ely"],
}


@action(read_only=True)
def list_sites(region: str) -> list[str]:
    """Warehouses of a region."""
    return list(REGIONS2[region])


@action(read_only=True)
def list_waiting(warehouse: str) -> list[Ship]:
    """Pending shipments of a warehouse with their carrier."""
    return [Ship(id=i, carrier=c) for i, c in PEND2[warehouse]]


def l2_ref(i: dict[str, Any]) -> Expected:
    ids = [s for w in REGIONS2[i["region"]] for s, c in PEND2[w] if c == "DHL"]
    return Expected([("cancel_shipment", s) for s in ids], {"cancelled": len(ids)})


L2 = Case(
    task=Task(
        "DHL stopped service: in every warehouse of the region, cancel each pending shipment "
        "that goes with DHL. Report how many you cancelled.",
        name="r29_nested_inner_single",
        inputs={"region": str},
        outputs={"cancelled": int},
        actions=[list_sites, list_waiting, cancel_shipment],
    ),
    features=("nested loops", "inner list of one"),
    recorded={"region": "north"},
    answers=[
        say("I list the region's warehouses.", "list_sites", region=ref("region")),
        say("I list Leeds's pending shipments.", "list_waiting", warehouse=ref("list_sites_1.0")),
        say("S-1 goes with DHL.", "cancel_shipment", shipment_id=ref("list_waiting_1.0.id")),
        say("Now York.", "list_waiting", warehouse=ref("list_sites_1.1")),
        say("S-3 goes with DHL.", "cancel_shipment", shipment_id=ref("list_waiting_2.0.id")),
        say("Two cancelled.", "finish", cancelled=2),
    ],
    reference=l2_ref,
    held_out=[
        HeldOut("ordinary: one warehouse of one", {"region": "west"}),
        HeldOut("Bath has 2 DHL", {"region": "south"}),
        HeldOut("Hull: UPS first", {"region": "east"}),
    ],
)

# ---------- M: largest first per account
TXNS: dict[str, list[tuple[str, float]]] = {
    "acc1": [("X-1", 900.0), ("X-2", 20.0)],
    "acc2": [("X-3", 700.0), ("X-4", 15.0), ("X-5", 3.0)],
    "acc3": [("X-6", 10.0), ("X-7", 950.0)],
    "acc4": [("X-8", 800.0)],
}
ACC_GROUPS: dict[str, list[str]] = {"g1": ["acc1", "acc2"], "g2": ["acc4"], "g3": ["acc3", "acc1"]}


class Txn(BaseModel):
    id: str
    amount: float


@action(read_only=True)
def list_accounts(group: str) -> list[str]:
    """Account ids of a review group."""
    return list(ACC_GROUPS[group])


@action(read_only=True)
def list_transactions(account: str) -> list[Txn]:
    """Today's transactions of an account, in time order."""
    return [Txn(id=t, amount=a) for t, a in TXNS[account]]


@action
def flag_transaction(txn_id: str) -> str:
    """Flag a transaction for compliance review."""
    effect("flag_transaction", txn_id)
    return "flagged"


def m_ref(i: dict[str, Any]) -> Expected:
    out = []
    for acc in ACC_GROUPS[i["group"]]:
        rows = TXNS[acc]
        out.append(max(rows, key=lambda r: r[1])[0])
    return Expected([("flag_transaction", t) for t in out], {"flagged": out})


M = Case(
    task=Task(
        "For every account of the review group, flag its largest transaction of today for "
        "compliance review. Return the flagged transaction ids.",
        name="r29_largest_per_account",
        inputs={"group": str},
        outputs={"flagged": list[str]},
        actions=[list_accounts, list_transactions, flag_transaction],
    ),
    features=("loop reads then acts", "pick in head per item"),
    recorded={"group": "g1"},
    answers=[
        say("I list the group's accounts.", "list_accounts", group=ref("group")),
        say("acc1's transactions.", "list_transactions", account=ref("list_accounts_1.0")),
        say(
            "X-1 (900) is the largest.", "flag_transaction", txn_id=ref("list_transactions_1.0.id")
        ),
        say("acc2's transactions.", "list_transactions", account=ref("list_accounts_1.1")),
        say(
            "X-3 (700) is the largest.", "flag_transaction", txn_id=ref("list_transactions_2.0.id")
        ),
        say(
            "Done.",
            "finish",
            flagged=[ref("flag_transaction_1"), ref("flag_transaction_2")] and ["X-1", "X-3"],
        ),
    ],
    reference=m_ref,
    held_out=[
        HeldOut("ordinary: one account", {"group": "g2"}),
        HeldOut("acc3: largest second", {"group": "g3"}),
    ],
)

# ---------- J2: read then act, all allowed
SEGMENT2: dict[str, list[str]] = {"t1": ["c1", "c3"], "t2": ["c4", "c6"], "t3": ["c4", "c5", "c6"]}


@action(read_only=True)
def list_segment2(segment: str) -> list[str]:
    """Customer ids of a segment."""
    return list(SEGMENT2[segment])


def j2_ref(i: dict[str, Any]) -> Expected:
    to = [CUST[c][0] for c in SEGMENT2[i["segment"]] if CUST[c][1]]
    return Expected([("send_offer", e) for e in to], {"sent": len(to)})


J2 = Case(
    task=Task(
        "Email the spring offer to every customer of the segment who allows marketing mail. "
        "Report how many you emailed.",
        name="r29_read_then_offer_all",
        inputs={"segment": str},
        outputs={"sent": int},
        actions=[list_segment2, get_customer, send_offer],
    ),
    features=("loop reads then acts", "filter every recorded item passed, named"),
    recorded={"segment": "t1"},
    answers=[
        say("I list the segment.", "list_segment2", segment=ref("segment")),
        say("I look up c1.", "get_customer", customer_id=ref("list_segment2_1.0")),
        say("Allowed; I email ana.", "send_offer", to=ref("get_customer_1.email")),
        say("I look up c3.", "get_customer", customer_id=ref("list_segment2_1.1")),
        say("Allowed; I email cy.", "send_offer", to=ref("get_customer_2.email")),
        say("Two emailed.", "finish", sent=2),
    ],
    reference=j2_ref,
    held_out=[
        HeldOut("ordinary: both allowed", {"segment": "t2"}),
        HeldOut("c5 not allowed", {"segment": "t3"}),
    ],
)

CASES += [L2, M, J2]

# ---------- N: preferred carrier alike
READY_O: dict[str, list[tuple[str, str]]] = {
    "w1": [("R-1", "DHL"), ("R-2", "DHL"), ("R-3", "DHL")],
    "w2": [("R-11", "DHL"), ("R-12", "DHL")],
    "w3": [("R-21", "UPS"), ("R-22", "DHL")],
}


class ReadyO(BaseModel):
    id: str
    preferred_carrier: str


@action(read_only=True)
def list_ready(warehouse: str) -> list[ReadyO]:
    """Orders ready to ship with the customer's preferred carrier."""
    return [ReadyO(id=o, preferred_carrier=c) for o, c in READY_O[warehouse]]


@action
def ship_with(order_id: str, carrier: str) -> str:
    """Hand an order to a carrier."""
    effect("ship_with", order_id, carrier)
    return "shipped"


def n_ref(i: dict[str, Any]) -> Expected:
    rows = READY_O[i["warehouse"]]
    return Expected([("ship_with", o, c) for o, c in rows], {"shipped": len(rows)})


N = Case(
    task=Task(
        "Ship every ready order of the warehouse with the customer's preferred carrier. Report "
        "how many you shipped.",
        name="r29_preferred_carrier_copied",
        inputs={"warehouse": str},
        outputs={"shipped": int},
        actions=[list_ready, ship_with],
    ),
    features=("whole list", "constant copied that a field held alike"),
    recorded={"warehouse": "w1"},
    answers=[
        say("I list the ready orders.", "list_ready", warehouse=ref("warehouse")),
        calls(
            "All three prefer DHL.",
            *[
                ("ship_with", {"order_id": ref(f"list_ready_1.{n}.id"), "carrier": "DHL"})
                for n in range(3)
            ],
        ),
        say("Three shipped.", "finish", shipped=3),
    ],
    reference=n_ref,
    held_out=[
        HeldOut("ordinary: 2 DHL", {"warehouse": "w2"}),
        HeldOut("one prefers UPS", {"warehouse": "w3"}),
    ],
)

# ---------- O: amount worked out
CARTS: dict[str, list[tuple[str, float, int]]] = {
    "k1": [("L-1", 25.0, 2), ("L-2", 10.0, 3)],
    "k2": [("L-11", 5.0, 1), ("L-12", 7.5, 2)],
    "k3": [("L-21", 12.0, 4)],
}


class CartLine(BaseModel):
    id: str
    unit_price: float
    qty: int


@action(read_only=True)
def list_cart(cart: str) -> list[CartLine]:
    """Lines of a cart with unit price and quantity."""
    return [CartLine(id=i, unit_price=p, qty=q) for i, p, q in CARTS[cart]]


@action
def invoice_line(line_id: str, amount: float) -> str:
    """Invoice one cart line for an amount."""
    effect("invoice_line", line_id, amount)
    return "inv"


def o_ref(i: dict[str, Any]) -> Expected:
    rows = CARTS[i["cart"]]
    return Expected([("invoice_line", line, p * q) for line, p, q in rows], {"lines": len(rows)})


CASE_O = Case(
    task=Task(
        "Invoice every line of the cart for its unit price times its quantity. Report how many "
        "lines you invoiced.",
        name="r29_amount_in_head",
        inputs={"cart": str},
        outputs={"lines": int},
        actions=[list_cart, invoice_line],
    ),
    features=("whole list", "number worked out per item, copied"),
    recorded={"cart": "k1"},
    answers=[
        say("I list the cart.", "list_cart", cart=ref("cart")),
        calls(
            "25 x 2 = 50 and 10 x 3 = 30.",
            ("invoice_line", {"line_id": ref("list_cart_1.0.id"), "amount": 50.0}),
            ("invoice_line", {"line_id": ref("list_cart_1.1.id"), "amount": 30.0}),
        ),
        say("Two invoiced.", "finish", lines=2),
    ],
    reference=o_ref,
    held_out=[
        HeldOut("ordinary", {"cart": "k2"}),
        HeldOut("one line", {"cart": "k3"}),
    ],
)

# ---------- P: archived and kept
DOCS: dict[str, list[tuple[str, bool]]] = {
    "f1": [("D-1", True), ("D-2", False), ("D-3", True), ("D-4", True)],
    "f2": [("D-11", True), ("D-12", False), ("D-13", False)],
    "f3": [("D-21", False), ("D-22", True)],
}


class Doc(BaseModel):
    id: str
    expired: bool


@action(read_only=True)
def list_docs(folder: str) -> list[Doc]:
    """Documents of a folder and whether they expired."""
    return [Doc(id=d, expired=e) for d, e in DOCS[folder]]


@action
def archive(doc_id: str) -> str:
    """Archive a document."""
    effect("archive", doc_id)
    return "archived"


def p_ref(i: dict[str, Any]) -> Expected:
    rows = DOCS[i["folder"]]
    ids = [d for d, e in rows if e]
    return Expected(
        [("archive", d) for d in ids],
        {"archived": len(ids), "kept": len(rows) - len(ids), "documents": len(rows)},
    )


P = Case(
    task=Task(
        "Archive every expired document of the folder. Report how many you archived, how many "
        "you kept, and how many documents the folder had.",
        name="r29_archived_kept_documents",
        inputs={"folder": str},
        outputs={"archived": int, "kept": int, "documents": int},
        actions=[list_docs, archive],
    ),
    features=("filter: bool", "three counts typed"),
    recorded={"folder": "f1"},
    answers=[
        say("I list the folder.", "list_docs", folder=ref("folder")),
        calls(
            "D-1, D-3 and D-4 expired.",
            *[("archive", {"doc_id": ref(f"list_docs_1.{n}.id")}) for n in (0, 2, 3)],
        ),
        say("3 archived, 1 kept, 4 documents.", "finish", archived=3, kept=1, documents=4),
    ],
    reference=p_ref,
    held_out=[
        HeldOut("ordinary: 1 of 3", {"folder": "f2"}),
        HeldOut("1 of 2", {"folder": "f3"}),
    ],
)


# ---------- Q: two loops, two lists
@action(read_only=True)
def list_pending_at(warehouse: str) -> list[Ship]:
    """Pending shipments of a warehouse with their carrier."""
    return [Ship(id=i, carrier=c) for i, c in PEND[warehouse]]


def q_ref(i: dict[str, Any]) -> Expected:
    ids = [s for w in (i["first"], i["second"]) for s, c in PEND[w] if c == "DHL"]
    return Expected([("cancel_shipment", s) for s in ids], {"cancelled": ids})


Q = Case(
    task=Task(
        "DHL stopped service: cancel each pending DHL shipment at the first warehouse, then at "
        "the second. Return the cancelled shipment ids.",
        name="r29_two_loops_two_lists",
        inputs={"first": str, "second": str},
        outputs={"cancelled": list[str]},
        actions=[list_pending_at, cancel_shipment],
    ),
    features=("two loops in a row", "filter: constant", "$refs in finish"),
    recorded={"first": "Bath", "second": "Ely"},
    answers=[
        say("First warehouse.", "list_pending_at", warehouse=ref("first")),
        say("S-5 is DHL.", "cancel_shipment", shipment_id=ref("list_pending_at_1.1.id")),
        say("Second warehouse.", "list_pending_at", warehouse=ref("second")),
        calls(
            "Both DHL.",
            ("cancel_shipment", {"shipment_id": ref("list_pending_at_2.0.id")}),
            ("cancel_shipment", {"shipment_id": ref("list_pending_at_2.1.id")}),
        ),
        say(
            "Done.",
            "finish",
            cancelled=[
                ref("list_pending_at_1.1.id"),
                ref("list_pending_at_2.0.id"),
                ref("list_pending_at_2.1.id"),
            ],
        ),
    ],
    reference=q_ref,
    held_out=[
        HeldOut("ordinary: Leeds, Ely", {"first": "Leeds", "second": "Ely"}),
        HeldOut("Ely, Bath", {"first": "Ely", "second": "Bath"}),
        HeldOut("Hull, York", {"first": "Hull", "second": "York"}),
    ],
)

CASES += [N, CASE_O, P, Q]

# ---------- L3: nested, inner two acted
PEND3: dict[str, list[tuple[str, str]]] = {
    "Leeds": [("S-1", "DHL"), ("S-2", "DHL")],
    "York": [("S-3", "DHL"), ("S-4", "DHL")],
    "Bath": [("S-5", "DHL"), ("S-6", "UPS"), ("S-7", "DHL")],
    "Hull": [("S-8", "DHL")],
    "Ely": [("S-9", "DHL"), ("S-10", "DHL"), ("S-11", "DHL")],
}
REGIONS3: dict[str, list[str]] = {
    "north": ["Leeds", "York"],
    "south": ["Bath"],
    "east": ["Hull", "Ely"],
}


@action(read_only=True)
def list_depots(region: str) -> list[str]:
    """Warehouses of a region."""
    return list(REGIONS3[region])


@action(read_only=True)
def list_queued(warehouse: str) -> list[Ship]:
    """Pending shipments of a warehouse with their carrier."""
    return [Ship(id=i, carrier=c) for i, c in PEND3[warehouse]]


def l3_ref(i: dict[str, Any]) -> Expected:
    ids = [s for w in REGIONS3[i["region"]] for s, c in PEND3[w] if c == "DHL"]
    return Expected([("cancel_shipment", s) for s in ids], {"cancelled": len(ids)})


L3 = Case(
    task=Task(
        "DHL stopped service: in every warehouse of the region, cancel each pending shipment "
        "that goes with DHL. Report how many you cancelled.",
        name="r29_nested_inner_two",
        inputs={"region": str},
        outputs={"cancelled": int},
        actions=[list_depots, list_queued, cancel_shipment],
    ),
    features=("nested loops", "inner all acted"),
    recorded={"region": "north"},
    answers=[
        say("I list the region's warehouses.", "list_depots", region=ref("region")),
        say("Leeds.", "list_queued", warehouse=ref("list_depots_1.0")),
        calls(
            "Both DHL.",
            *[("cancel_shipment", {"shipment_id": ref(f"list_queued_1.{n}.id")}) for n in range(2)],
        ),
        say("York.", "list_queued", warehouse=ref("list_depots_1.1")),
        calls(
            "Both DHL.",
            *[("cancel_shipment", {"shipment_id": ref(f"list_queued_2.{n}.id")}) for n in range(2)],
        ),
        say("Four cancelled.", "finish", cancelled=4),
    ],
    reference=l3_ref,
    held_out=[
        HeldOut("ordinary: east 1+3", {"region": "east"}),
        HeldOut("Bath: UPS in the middle", {"region": "south"}),
    ],
)
CASES += [L3]
CASES = at_least_three(CASES)
