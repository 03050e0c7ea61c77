"""Round 34 prober (api): selection guard after loops, looked-up rule, copies in texts, places."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ------------------------------------------------ A1 conditional after-loop change, same ids
# The ids are per-event numbers (R-1, R-2, R-3 in every event); the paid flag is looked up.
class Reg(BaseModel):
    id: str
    attendee: str
    paid: bool


PAID = {
    "ev-1": {"R-1": True, "R-2": False, "R-3": True},
    "ev-2": {"R-1": True, "R-2": True, "R-3": True},  # same ids, all paid
    "ev-3": {"R-1": False, "R-2": True},
    "ev-4": {"R-1": True, "R-2": False, "R-3": False},  # same ids, 2 unpaid
}


@action(read_only=True)
def list_registration_ids(event_id: str) -> list[str]:
    """Registration numbers of an event (R-1, R-2, ... per event)."""
    return list(PAID[event_id])


@action(read_only=True)
def get_registration(event_id: str, registration_id: str) -> Reg:
    """One registration of an event."""
    return Reg(
        id=registration_id,
        attendee=f"{event_id}/{registration_id}",
        paid=PAID[event_id][registration_id],
    )


@action
def confirm_reg(event_id: str, registration_id: str) -> str:
    """Confirm a registration and email the ticket."""
    effect("confirm_reg", event_id, registration_id)
    return "confirmed"


@action
def tell_organizer(event_id: str, message: str) -> str:
    """Message the organizer."""
    effect("tell_organizer", event_id, message)
    return "sent"


def ev_ref(i: dict[str, Any]) -> Expected:
    p = PAID[i["event_id"]]
    eff: list[tuple[Any, ...]] = [("confirm_reg", i["event_id"], r) for r, ok in p.items() if ok]
    if not all(p.values()):
        eff.append(("tell_organizer", i["event_id"], "Some registrations are still unpaid."))
    return Expected(eff, {"confirmed": sum(p.values())})


CASES.append(
    Case(
        task=Task(
            "Confirm every paid registration of the event. If any registration is unpaid, tell "
            "the organizer 'Some registrations are still unpaid.' Report how many you confirmed.",
            name="r34_events_same_ids",
            inputs={"event_id": str},
            outputs={"confirmed": int},
            actions=[list_registration_ids, get_registration, confirm_reg, tell_organizer],
        ),
        features=("decided loop", "conditional change after loop", "ids list same"),
        recorded={"event_id": "ev-1"},
        answers=[
            say("List.", "list_registration_ids", event_id=ref("event_id")),
            say(
                "R-1.",
                "get_registration",
                event_id=ref("event_id"),
                registration_id=ref("list_registration_ids_1.0"),
            ),
            say("Paid?", "compute", expression="get_registration_1.paid"),
            say(
                "Confirm.",
                "confirm_reg",
                event_id=ref("event_id"),
                registration_id=ref("get_registration_1.id"),
            ),
            say(
                "R-2.",
                "get_registration",
                event_id=ref("event_id"),
                registration_id=ref("list_registration_ids_1.1"),
            ),
            say("Paid?", "compute", expression="get_registration_2.paid"),
            say(
                "Unpaid. R-3.",
                "get_registration",
                event_id=ref("event_id"),
                registration_id=ref("list_registration_ids_1.2"),
            ),
            say("Paid?", "compute", expression="get_registration_3.paid"),
            say(
                "Confirm.",
                "confirm_reg",
                event_id=ref("event_id"),
                registration_id=ref("get_registration_3.id"),
            ),
            say(
                "R-2 was unpaid; tell the organizer.",
                "tell_organizer",
                event_id=ref("event_id"),
                message="Some registrations are still unpaid.",
            ),
            say("Two.", "finish", confirmed=2),
        ],
        reference=ev_ref,
        held_out=[
            HeldOut("adv: same ids, all paid", {"event_id": "ev-2"}),
            HeldOut("ordinary: 2 regs, 1 unpaid", {"event_id": "ev-3"}),
            HeldOut("adv: same ids, 2 unpaid", {"event_id": "ev-4"}),
        ],
    )
)

# A2: no compute (the looked-up rule decides), same after-loop change
CASES.append(
    Case(
        task=Task(
            CASES[-1].task.description,
            name="r34_events_same_ids_hidden",
            inputs={"event_id": str},
            outputs={"confirmed": int},
            actions=[list_registration_ids, get_registration, confirm_reg, tell_organizer],
        ),
        features=("hidden rule", "conditional change after loop", "ids list same"),
        recorded={"event_id": "ev-1"},
        answers=[
            say("List.", "list_registration_ids", event_id=ref("event_id")),
            say(
                "R-1.",
                "get_registration",
                event_id=ref("event_id"),
                registration_id=ref("list_registration_ids_1.0"),
            ),
            say(
                "Paid: confirm.",
                "confirm_reg",
                event_id=ref("event_id"),
                registration_id=ref("get_registration_1.id"),
            ),
            say(
                "R-2.",
                "get_registration",
                event_id=ref("event_id"),
                registration_id=ref("list_registration_ids_1.1"),
            ),
            say(
                "Unpaid. R-3.",
                "get_registration",
                event_id=ref("event_id"),
                registration_id=ref("list_registration_ids_1.2"),
            ),
            say(
                "Paid: confirm.",
                "confirm_reg",
                event_id=ref("event_id"),
                registration_id=ref("get_registration_3.id"),
            ),
            say(
                "R-2 was unpaid; tell the organizer.",
                "tell_organizer",
                event_id=ref("event_id"),
                message="Some registrations are still unpaid.",
            ),
            say("Two.", "finish", confirmed=2),
        ],
        reference=ev_ref,
        held_out=CASES[-1].held_out,
    )
)


# ------------------------------------------------ A3 selection of a selection, ids then lookups
class Inv(BaseModel):
    id: str
    amount: float
    overdue: bool


INVS = {
    "acme": [("I1", 500.0, True), ("I2", 50.0, True), ("I3", 900.0, False)],
    "bolt": [("I1", 500.0, True), ("I2", 700.0, True), ("I3", 900.0, False)],
    "core": [("I1", 500.0, True), ("I2", 50.0, False), ("I3", 20.0, True)],
}


@action(read_only=True)
def list_invoices(customer: str) -> list[Inv]:
    """A customer's open invoices."""
    return [Inv(id=i, amount=a, overdue=o) for i, a, o in INVS[customer]]


@action
def send_reminder(customer: str, invoice_id: str) -> str:
    """Send a payment reminder for an invoice."""
    effect("send_reminder", customer, invoice_id)
    return "sent"


@action
def flag_small(customer: str, note: str) -> str:
    """Flag the account for the small-balance team."""
    effect("flag_small", customer, note)
    return "flagged"


def inv_ref(i: dict[str, Any]) -> Expected:
    rows = INVS[i["customer"]]
    big = [x for x, a, o in rows if o and a >= 100]
    small = [x for x, a, o in rows if o and a < 100]
    eff: list[tuple[Any, ...]] = [("send_reminder", i["customer"], x) for x in big]
    if small:
        eff.append(("flag_small", i["customer"], "small overdue invoices"))
    return Expected(eff, {"reminded": len(big)})


CASES.append(
    Case(
        task=Task(
            "Send a payment reminder for every overdue invoice of the customer of at least 100. "
            "If there are overdue invoices under 100, flag the account with the note "
            "'small overdue invoices'. Report how many reminders you sent.",
            name="r34_invoices_sel_of_sel",
            inputs={"customer": str},
            outputs={"reminded": int},
            actions=[list_invoices, send_reminder, flag_small],
        ),
        features=("selection of selection", "conditional change after loop"),
        recorded={"customer": "acme"},
        answers=[
            say("List.", "list_invoices", customer=ref("customer")),
            say("Overdue.", "compute", expression="[v for v in list_invoices_1 if v.overdue]"),
            say("At least 100.", "compute", expression="[v for v in compute_1 if v.amount >= 100]"),
            say(
                "Remind.",
                "send_reminder",
                customer=ref("customer"),
                invoice_id=ref("compute_2.0.id"),
            ),
            say("Any small?", "compute", expression="[v for v in compute_1 if v.amount < 100]"),
            say("Flag.", "flag_small", customer=ref("customer"), note="small overdue invoices"),
            say("One.", "finish", reminded=1),
        ],
        reference=inv_ref,
        held_out=[
            HeldOut("adv: no small", {"customer": "bolt"}),
            HeldOut("ordinary: 1 big 1 small", {"customer": "core"}),
        ],
    )
)


# ------------------------------------------------ B/C vans: looked-up rule, copies in texts
class Svc(BaseModel):
    km: int
    due: bool


class Van(BaseModel):
    id: str
    plate: str
    service: Svc | None


VANS: dict[str, tuple[int, bool] | None] = {
    "V1": (12000, True),
    "V2": (4000, False),
    "V3": (15500, True),
    "V4": (9000, True),
    "V5": (20000, False),
    "V6": None,
    "V7": (3000, False),
    "V8": (11000, True),
}
YARDS = {
    "y1": ["V1", "V2", "V3"],
    "y2": ["V4", "V5"],
    "y3": ["V7", "V8", "V1"],
    "y4": ["V6", "V8"],
    "y5": ["V8", "V7", "V3"],
}


@action(read_only=True)
def list_vans(yard: str) -> list[str]:
    """Ids of the vans at a yard."""
    return list(YARDS[yard])


@action(read_only=True)
def get_van(van_id: str) -> Van:
    """One van, with its service record (km since service, whether the service is due)."""
    s = VANS[van_id]
    return Van(
        id=van_id, plate=f"P-{van_id}", service=None if s is None else Svc(km=s[0], due=s[1])
    )


@action
def book_service(van_id: str) -> str:
    """Book a van into the workshop."""
    effect("book_service", van_id)
    return "booked"


@action
def tell_manager(yard: str, message: str) -> str:
    """Message the yard manager."""
    effect("tell_manager", yard, message)
    return "sent"


def _due(v: str) -> bool:
    s = VANS[v]
    return s is not None and s[1]


def vans_msg_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in YARDS[i["yard"]] if _due(v)]
    msg = "Booked " + ", ".join(f"P-{v}" for v in ids)
    return Expected(
        [*(("book_service", v) for v in ids), ("tell_manager", i["yard"], msg)],
        {"booked": len(ids)},
    )


_van_loop = [
    say("I list the vans.", "list_vans", yard=ref("yard")),
    say("V1.", "get_van", van_id=ref("list_vans_1.0")),
    say("Service due: book.", "book_service", van_id=ref("get_van_1.id")),
    say("V2.", "get_van", van_id=ref("list_vans_1.1")),
    say("Not due. V3.", "get_van", van_id=ref("list_vans_1.2")),
    say("Due: book.", "book_service", van_id=ref("get_van_3.id")),
]

CASES.append(
    Case(
        task=Task(
            "Book a workshop service for every van at the yard whose service is due, then tell "
            "the yard manager 'Booked <plates>' listing the plates you booked. Report how many.",
            name="r34_vans_plates_in_text",
            inputs={"yard": str},
            outputs={"booked": int},
            actions=[list_vans, get_van, book_service, tell_manager],
        ),
        features=("hidden rule nested", "copies inside a text"),
        recorded={"yard": "y1"},
        answers=[
            *_van_loop,
            say("Tell.", "tell_manager", yard=ref("yard"), message="Booked P-V1, P-V3"),
            say("Two.", "finish", booked=2),
        ],
        reference=vans_msg_ref,
        held_out=[
            HeldOut("ordinary: 1 due (km low) / not due (km high)", {"yard": "y2"}),
            HeldOut("ordinary: 3 vans 2 due", {"yard": "y3"}),
            HeldOut("adv: no service record", {"yard": "y4"}),
            HeldOut("ordinary: 2 due", {"yard": "y5"}),
        ],
    )
)


def vans_dict_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in YARDS[i["yard"]] if _due(v)]
    return Expected([("book_service", v) for v in ids], {"plates": {v: f"P-{v}" for v in ids}})


CASES.append(
    Case(
        task=Task(
            "Book a workshop service for every van at the yard whose service is due. Return the "
            "booked vans' plates, by van id.",
            name="r34_vans_dict_copies",
            inputs={"yard": str},
            outputs={"plates": dict[str, str]},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule nested", "dict of copies"),
        recorded={"yard": "y1"},
        answers=[*_van_loop, say("Done.", "finish", plates={"V1": "P-V1", "V3": "P-V3"})],
        reference=vans_dict_ref,
        held_out=CASES[-1].held_out,
    )
)


def vans_all_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in YARDS[i["yard"]] if _due(v)]
    return Expected(
        [("book_service", v) for v in ids], {"checked": [f"P-{v}" for v in YARDS[i["yard"]]]}
    )


CASES.append(
    Case(
        task=Task(
            "Book a workshop service for every van at the yard whose service is due. Return the "
            "plates of all the vans you checked.",
            name="r34_vans_copies_both_sides",
            inputs={"yard": str},
            outputs={"checked": list[str]},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule nested", "copies span both sides"),
        recorded={"yard": "y1"},
        answers=[*_van_loop, say("Done.", "finish", checked=["P-V1", "P-V2", "P-V3"])],
        reference=vans_all_ref,
        held_out=CASES[-1].held_out,
    )
)


def vans_first_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in YARDS[i["yard"]] if _due(v)]
    return Expected(
        [("book_service", v) for v in ids], {"first_plate": f"P-{ids[0]}" if ids else ""}
    )


CASES.append(
    Case(
        task=Task(
            "Book a workshop service for every van at the yard whose service is due. Return the "
            "plate of the first van you booked.",
            name="r34_vans_first_copy",
            inputs={"yard": str},
            outputs={"first_plate": str},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule nested", "copy of a subset of one side"),
        recorded={"yard": "y1"},
        answers=[*_van_loop, say("Done.", "finish", first_plate="P-V1")],
        reference=vans_first_ref,
        held_out=CASES[-1].held_out,
    )
)


# rule named by the words on a field the model didn't use: words say "high mileage (over 10000
# km)", the model booked by the due flag in the recording where both agree.
def vans_km_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in YARDS[i["yard"]] if VANS[v] is not None and VANS[v][0] > 10000]  # type: ignore[index]
    return Expected([("book_service", v) for v in ids], {"booked": len(ids)})


CASES.append(
    Case(
        task=Task(
            "Book a workshop service for every van at the yard that has done more than 10000 km "
            "since its last service. Report how many you booked.",
            name="r34_vans_km_nested",
            inputs={"yard": str},
            outputs={"booked": int},
            actions=[list_vans, get_van, book_service],
        ),
        features=("hidden rule nested", "two fields separate, words name km"),
        recorded={"yard": "y1"},
        answers=[*_van_loop, say("Two.", "finish", booked=2)],
        reference=vans_km_ref,
        held_out=[
            HeldOut("adv: due but 9000 / 20000 not due", {"yard": "y2"}),
            HeldOut("ordinary: 3 vans", {"yard": "y3"}),
            HeldOut("adv: no service record", {"yard": "y4"}),
        ],
    )
)


# two lookups per item: van + its open defects (a list); book if any defect
class Defect(BaseModel):
    code: str
    severity: str


DEFECTS = {
    "V1": [Defect(code="brk", severity="high")],
    "V2": [],
    "V3": [Defect(code="lmp", severity="low")],
    "V4": [],
    "V5": [Defect(code="tyr", severity="high")],
    "V6": [],
    "V7": [],
    "V8": [Defect(code="oil", severity="high")],
}


@action(read_only=True)
def list_defects(van_id: str) -> list[Defect]:
    """Open defects reported on a van."""
    return list(DEFECTS[van_id])


def vans_def_ref(i: dict[str, Any]) -> Expected:
    ids = [v for v in YARDS[i["yard"]] if DEFECTS[v]]
    return Expected([("book_service", v) for v in ids], {"booked": len(ids)})


CASES.append(
    Case(
        task=Task(
            "Book a workshop service for every van at the yard that has open defects reported. "
            "Report how many you booked.",
            name="r34_vans_two_lookups",
            inputs={"yard": str},
            outputs={"booked": int},
            actions=[list_vans, get_van, list_defects, book_service],
        ),
        features=("hidden rule", "two lookups per item", "lookup returns a list"),
        recorded={"yard": "y1"},
        answers=[
            say("I list the vans.", "list_vans", yard=ref("yard")),
            say("V1.", "get_van", van_id=ref("list_vans_1.0")),
            say("Defects.", "list_defects", van_id=ref("list_vans_1.0")),
            say("Has one: book.", "book_service", van_id=ref("get_van_1.id")),
            say("V2.", "get_van", van_id=ref("list_vans_1.1")),
            say("Defects.", "list_defects", van_id=ref("list_vans_1.1")),
            say("None. V3.", "get_van", van_id=ref("list_vans_1.2")),
            say("Defects.", "list_defects", van_id=ref("list_vans_1.2")),
            say("Has one: book.", "book_service", van_id=ref("get_van_3.id")),
            say("Two.", "finish", booked=2),
        ],
        reference=vans_def_ref,
        held_out=[
            HeldOut("adv: defect on not-due van", {"yard": "y2"}),
            HeldOut("ordinary: 3 vans", {"yard": "y3"}),
            HeldOut("adv: no service record", {"yard": "y4"}),
        ],
    )
)


# ------------------------------------------------ D places: filtered list / result field / zipped
class Line(BaseModel):
    sku: str
    price: float
    qty: int


class Order(BaseModel):
    id: str
    lines: list[Line]


ORDERS = {
    "o1": [("A", 10.0, 2), ("B", 5.0, 1)],
    "o2": [("C", 7.5, 4)],
    "o3": [("D", 1.0, 1), ("E", 2.0, 3), ("F", 3.0, 5)],
}


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order with its lines."""
    return Order(id=order_id, lines=[Line(sku=s, price=p, qty=q) for s, p, q in ORDERS[order_id]])


@action
def bill_line(order_id: str, sku: str, amount: float) -> str:
    """Bill one order line."""
    effect("bill_line", order_id, sku, amount)
    return "billed"


def lines_ref(i: dict[str, Any]) -> Expected:
    rows = ORDERS[i["order_id"]]
    return Expected(
        [("bill_line", i["order_id"], s, round(p * q, 2)) for s, p, q in rows],
        {"billed": len(rows)},
    )


CASES.append(
    Case(
        task=Task(
            "Bill every line of the order at price times quantity. "
            "Report how many lines you billed.",
            name="r34_lines_result_field",
            inputs={"order_id": str},
            outputs={"billed": int},
            actions=[get_order, bill_line],
        ),
        features=("places", "field of a result"),
        recorded={"order_id": "o1"},
        answers=[
            say("Order.", "get_order", order_id=ref("order_id")),
            say(
                "Line 1.",
                "compute",
                expression="round(get_order_1.lines[0].price * get_order_1.lines[0].qty, 2)",
            ),
            say(
                "Bill.",
                "bill_line",
                order_id=ref("order_id"),
                sku=ref("get_order_1.lines.0.sku"),
                amount=ref("compute_1"),
            ),
            say(
                "Line 2.",
                "compute",
                expression="round(get_order_1.lines[1].price * get_order_1.lines[1].qty, 2)",
            ),
            say(
                "Bill.",
                "bill_line",
                order_id=ref("order_id"),
                sku=ref("get_order_1.lines.1.sku"),
                amount=ref("compute_2"),
            ),
            say("Two.", "finish", billed=2),
        ],
        reference=lines_ref,
        held_out=[
            HeldOut("ordinary: 1 line", {"order_id": "o2"}),
            HeldOut("ordinary: 3 lines", {"order_id": "o3"}),
        ],
    )
)


# places over a filtered compute list: only lines with qty > 1, billed with 10% bulk discount
def bulk_ref(i: dict[str, Any]) -> Expected:
    rows = [r for r in ORDERS[i["order_id"]] if r[2] > 1]
    return Expected(
        [("bill_line", i["order_id"], s, round(p * q * 0.9, 2)) for s, p, q in rows],
        {"billed": len(rows)},
    )


ORDERS["o4"] = [("G", 4.0, 1), ("H", 6.0, 2), ("J", 8.0, 3)]
ORDERS["o5"] = [("K", 2.0, 5), ("L", 3.0, 1), ("M", 10.0, 2)]

CASES.append(
    Case(
        task=Task(
            "Bill every line of the order with a quantity over 1 at price times quantity less 10%. "
            "Report how many lines you billed.",
            name="r34_lines_filtered_places",
            inputs={"order_id": str},
            outputs={"billed": int},
            actions=[get_order, bill_line],
        ),
        features=("places", "filtered compute list"),
        recorded={"order_id": "o3"},
        answers=[
            say("Order.", "get_order", order_id=ref("order_id")),
            say("Bulk lines.", "compute", expression="[l for l in get_order_1.lines if l.qty > 1]"),
            say(
                "Line 1.",
                "compute",
                expression="round(compute_1[0].price * compute_1[0].qty * 0.9, 2)",
            ),
            say(
                "Bill.",
                "bill_line",
                order_id=ref("order_id"),
                sku=ref("compute_1.0.sku"),
                amount=ref("compute_2"),
            ),
            say(
                "Line 2.",
                "compute",
                expression="round(compute_1[1].price * compute_1[1].qty * 0.9, 2)",
            ),
            say(
                "Bill.",
                "bill_line",
                order_id=ref("order_id"),
                sku=ref("compute_1.1.sku"),
                amount=ref("compute_3"),
            ),
            say("Two.", "finish", billed=2),
        ],
        reference=bulk_ref,
        held_out=[
            HeldOut("ordinary: 1 bulk", {"order_id": "o1"}),
            HeldOut("ordinary: 1 of 1", {"order_id": "o2"}),
            HeldOut("adv: bulk not first", {"order_id": "o4"}),
            HeldOut("ordinary: 2 of 3 split", {"order_id": "o5"}),
        ],
    )
)


# two lists zipped by place: quantities from a second lookup (stock counts) by position
@action(read_only=True)
def get_discounts(order_id: str) -> list[float]:
    """Per-line discount rates of an order, in line order."""
    return {
        "o1": [0.1, 0.0],
        "o2": [0.5],
        "o3": [0.0, 0.2, 0.1],
        "o4": [0.0, 0.0, 0.3],
        "o5": [0.1, 0.1, 0.1],
    }[order_id]


def zip_ref(i: dict[str, Any]) -> Expected:
    rows = ORDERS[i["order_id"]]
    ds = get_discounts.__wrapped__(i["order_id"]) if hasattr(get_discounts, "__wrapped__") else None
    ds = {
        "o1": [0.1, 0.0],
        "o2": [0.5],
        "o3": [0.0, 0.2, 0.1],
        "o4": [0.0, 0.0, 0.3],
        "o5": [0.1, 0.1, 0.1],
    }[i["order_id"]]
    return Expected(
        [
            ("bill_line", i["order_id"], s, round(p * q * (1 - d), 2))
            for (s, p, q), d in zip(rows, ds, strict=False)
        ],
        {"billed": len(rows)},
    )


CASES.append(
    Case(
        task=Task(
            "Bill every line of the order at price times quantity less the line's discount rate. "
            "Report how many lines you billed.",
            name="r34_lines_zipped",
            inputs={"order_id": str},
            outputs={"billed": int},
            actions=[get_order, get_discounts, bill_line],
        ),
        features=("places", "two lists zipped"),
        recorded={"order_id": "o1"},
        answers=[
            say("Order.", "get_order", order_id=ref("order_id")),
            say("Discounts.", "get_discounts", order_id=ref("order_id")),
            say(
                "Line 1.",
                "compute",
                expression=(
                    "round(get_order_1.lines[0].price * get_order_1.lines[0].qty"
                    " * (1 - get_discounts_1[0]), 2)"
                ),
            ),
            say(
                "Bill.",
                "bill_line",
                order_id=ref("order_id"),
                sku=ref("get_order_1.lines.0.sku"),
                amount=ref("compute_1"),
            ),
            say(
                "Line 2.",
                "compute",
                expression=(
                    "round(get_order_1.lines[1].price * get_order_1.lines[1].qty"
                    " * (1 - get_discounts_1[1]), 2)"
                ),
            ),
            say(
                "Bill.",
                "bill_line",
                order_id=ref("order_id"),
                sku=ref("get_order_1.lines.1.sku"),
                amount=ref("compute_2"),
            ),
            say("Two.", "finish", billed=2),
        ],
        reference=zip_ref,
        held_out=[
            HeldOut("ordinary: 1 line", {"order_id": "o2"}),
            HeldOut("ordinary: 3 lines", {"order_id": "o3"}),
            HeldOut("adv: 3 lines disc last", {"order_id": "o4"}),
        ],
    )
)

CASES = at_least_three(CASES)
