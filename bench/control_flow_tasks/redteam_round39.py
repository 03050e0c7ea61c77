"""Red team round 39 (api prober): attacks on today's last changes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------------------------------------------- 1 VIP unpaid: compute reads list, tests less
class Reg(BaseModel):
    id: str
    attendee: str
    paid: bool
    vip: bool


REGS = {
    "ev-1": [("R-1", "a", True, False), ("R-2", "b", False, True), ("R-3", "c", True, False)],
    "ev-2": [("R-4", "d", True, True), ("R-5", "e", False, False)],  # unpaid non-VIP
    "ev-3": [("R-6", "f", False, True)],
    "ev-4": [("R-7", "g", False, False), ("R-8", "h", False, False), ("R-9", "i", True, True)],
    "ev-5": [("R-10", "j", True, False), ("R-11", "k", False, True), ("R-12", "l", False, False)],
    "ev-6": [
        ("R-13", "m", True, False),
        ("R-14", "n", False, False),
        ("R-15", "o", True, True),
        ("R-16", "p", False, True),
    ],
    "ev-7": [("R-17", "q", True, False), ("R-18", "r", True, False), ("R-19", "s", False, False)],
}


@action(read_only=True)
def list_regs(event_id: str) -> list[Reg]:
    """Registrations of an event (paid flag, VIP flag)."""
    return [Reg(id=i, attendee=a, paid=p, vip=v) for i, a, p, v in REGS[event_id]]


@action
def confirm_reg(registration_id: str) -> str:
    """Confirm a registration and email the ticket."""
    effect("confirm_reg", registration_id)
    return "confirmed"


@action
def notify_org(event_id: str, message: str) -> str:
    """Send the event organizer a message."""
    effect("notify_org", event_id, message)
    return "sent"


@action
def hold_event(event_id: str) -> str:
    """Put the event's ticket sales on hold."""
    effect("hold_event", event_id)
    return "held"


vip_unpaid: Task[Any] = Task(
    "Confirm every paid registration of the event. If any VIP registration is still unpaid, "
    "tell the organizer with the message 'VIP payment missing'. Report how many you confirmed.",
    name="r39_vip_unpaid",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_regs, confirm_reg, notify_org],
)


def vip_ref(i: dict[str, Any]) -> Expected:
    rs = REGS[i["event_id"]]
    eff: list[tuple[Any, ...]] = [("confirm_reg", r) for r, _, p, _v in rs if p]
    if any(not p and v for _, _, p, v in rs):
        eff.append(("notify_org", i["event_id"], "VIP payment missing"))
    return Expected(eff, {"confirmed": sum(1 for *_, p, _v in rs if p)})


CASES.append(
    Case(
        task=vip_unpaid,
        features=("filter", "if any notify", "compute tests less than words"),
        recorded={"event_id": "ev-1"},
        answers=[
            say("I list the registrations.", "list_regs", event_id=ref("event_id")),
            say("The paid ones.", "compute", expression="[r for r in list_regs_1 if r.paid]"),
            say("Confirm R-1.", "confirm_reg", registration_id=ref("compute_1.0.id")),
            say("Confirm R-3.", "confirm_reg", registration_id=ref("compute_1.1.id")),
            say("The unpaid ones.", "compute", expression="[r for r in list_regs_1 if not r.paid]"),
            say(
                "R-2 is unpaid and it is a VIP. Any unpaid?",
                "compute",
                expression="len(compute_2) > 0",
            ),
            say(
                "Tell the organizer.",
                "notify_org",
                event_id=ref("event_id"),
                message="VIP payment missing",
            ),
            say("Two confirmed.", "finish", confirmed=2),
        ],
        reference=vip_ref,
        held_out=[
            HeldOut("vip unpaid only", {"event_id": "ev-3"}),
            HeldOut("vip+plain unpaid", {"event_id": "ev-5"}),
            HeldOut("ADV plain unpaid only", {"event_id": "ev-2"}),
            HeldOut("ADV 2 plain unpaid", {"event_id": "ev-4"}),
        ],
    )
)


# ---------------------------- 2 two changes after the loop, one compute, second has threshold
def _unpaid(e: str) -> int:
    return sum(1 for *_, p, _v in REGS[e] if not p)


two_changes: Task[Any] = Task(
    "Confirm every paid registration of the event. If any registrations are unpaid, tell the "
    "organizer with the message 'unpaid registrations'; if two or more are unpaid, also put "
    "the event on hold. Report how many you confirmed.",
    name="r39_two_changes",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_regs, confirm_reg, notify_org, hold_event],
)


def two_ref(i: dict[str, Any]) -> Expected:
    rs = REGS[i["event_id"]]
    eff: list[tuple[Any, ...]] = [("confirm_reg", r) for r, _, p, _v in rs if p]
    n = _unpaid(i["event_id"])
    if n:
        eff.append(("notify_org", i["event_id"], "unpaid registrations"))
    if n >= 2:
        eff.append(("hold_event", i["event_id"]))
    return Expected(eff, {"confirmed": len(rs) - n})


CASES.append(
    Case(
        task=two_changes,
        features=("filter", "two changes after loop, one compute"),
        recorded={"event_id": "ev-6"},
        answers=[
            say("I list the registrations.", "list_regs", event_id=ref("event_id")),
            say("The paid ones.", "compute", expression="[r for r in list_regs_1 if r.paid]"),
            say("Confirm R-13.", "confirm_reg", registration_id=ref("compute_1.0.id")),
            say("Confirm R-15.", "confirm_reg", registration_id=ref("compute_1.1.id")),
            say("The unpaid ones.", "compute", expression="[r for r in list_regs_1 if not r.paid]"),
            say("Any unpaid?", "compute", expression="len(compute_2) > 0"),
            say(
                "Tell the organizer.",
                "notify_org",
                event_id=ref("event_id"),
                message="unpaid registrations",
            ),
            say(
                "Two are unpaid, so I put the event on hold.",
                "hold_event",
                event_id=ref("event_id"),
            ),
            say("Two confirmed.", "finish", confirmed=2),
        ],
        reference=two_ref,
        held_out=[
            HeldOut("2 unpaid", {"event_id": "ev-5"}),
            HeldOut("2 unpaid b", {"event_id": "ev-4"}),
            HeldOut("ADV 1 unpaid", {"event_id": "ev-2"}),
            HeldOut("ADV 1 unpaid only", {"event_id": "ev-3"}),
            HeldOut("ADV 1 unpaid 2 paid", {"event_id": "ev-7"}),
        ],
    )
)


# -------------------------------------------- 3 count threshold written only as a word bound
threshold: Task[Any] = Task(
    "Confirm every paid registration of the event. If more than one registration is unpaid, "
    "tell the organizer with the message 'several unpaid'. Report how many you confirmed.",
    name="r39_threshold",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_regs, confirm_reg, notify_org],
)


def thr_ref(i: dict[str, Any]) -> Expected:
    rs = REGS[i["event_id"]]
    eff: list[tuple[Any, ...]] = [("confirm_reg", r) for r, _, p, _v in rs if p]
    n = _unpaid(i["event_id"])
    if n > 1:
        eff.append(("notify_org", i["event_id"], "several unpaid"))
    return Expected(eff, {"confirmed": len(rs) - n})


CASES.append(
    Case(
        task=threshold,
        features=("filter", "if several notify", "compute any"),
        recorded={"event_id": "ev-6"},
        answers=[
            say("I list the registrations.", "list_regs", event_id=ref("event_id")),
            say("The paid ones.", "compute", expression="[r for r in list_regs_1 if r.paid]"),
            say("Confirm R-13.", "confirm_reg", registration_id=ref("compute_1.0.id")),
            say("Confirm R-15.", "confirm_reg", registration_id=ref("compute_1.1.id")),
            say("The unpaid ones.", "compute", expression="[r for r in list_regs_1 if not r.paid]"),
            say("Are there unpaid ones?", "compute", expression="bool(compute_2)"),
            say(
                "Yes, two of them: more than one.",
                "notify_org",
                event_id=ref("event_id"),
                message="several unpaid",
            ),
            say("Two confirmed.", "finish", confirmed=2),
        ],
        reference=thr_ref,
        held_out=[
            HeldOut("2 unpaid", {"event_id": "ev-5"}),
            HeldOut("ADV 1 unpaid ev-1", {"event_id": "ev-1"}),
            HeldOut("ADV 1 unpaid", {"event_id": "ev-2"}),
            HeldOut("ADV 1 unpaid only", {"event_id": "ev-3"}),
        ],
    )
)


# --------------------- 4 unread record + a guard on one named field, second condition unread
class Customer(BaseModel):
    id: str
    tier: str
    suspended: bool


CUST = {
    "C1": ("premium", False),
    "C2": ("basic", False),
    "C3": ("premium", True),
    "C4": ("premium", False),
}


@action(read_only=True)
def get_customer(customer_id: str) -> Customer:
    """A customer with tier ('premium' or 'basic') and whether the account is suspended."""
    t, s = CUST[customer_id]
    return Customer(id=customer_id, tier=t, suspended=s)


@action
def ship_express(order_id: str) -> str:
    """Ship an order by express."""
    effect("ship_express", order_id)
    return "shipped"


@action
def ship_standard(order_id: str) -> str:
    """Ship an order by standard post."""
    effect("ship_standard", order_id)
    return "shipped"


shipping: Task[Any] = Task(
    "Ship the order. If the customer is premium and their account is not suspended, ship it "
    "express; otherwise ship it standard. Return the service you used.",
    name="r39_shipping",
    inputs={"order_id": str, "customer_id": str},
    outputs={"service": str},
    actions=[get_customer, ship_express, ship_standard],
)


def ship_ref(i: dict[str, Any]) -> Expected:
    t, s = CUST[i["customer_id"]]
    act = "ship_express" if t == "premium" and not s else "ship_standard"
    return Expected([(act, i["order_id"])], {"service": act.removeprefix("ship_")})


CASES.append(
    Case(
        task=shipping,
        features=("unread record", "two conditions"),
        recorded={"order_id": "O1", "customer_id": "C1"},
        answers=[
            say("Let me look at the customer.", "get_customer", customer_id=ref("customer_id")),
            say("Premium and active: express.", "ship_express", order_id=ref("order_id")),
            say("Done.", "finish", service="express"),
        ],
        reference=ship_ref,
        held_out=[
            HeldOut("premium active", {"order_id": "O2", "customer_id": "C4"}),
            HeldOut("ADV basic", {"order_id": "O3", "customer_id": "C2"}, new_path=True),
            HeldOut(
                "ADV premium suspended", {"order_id": "O4", "customer_id": "C3"}, new_path=True
            ),
        ],
    )
)


# ---------------------------------------------- 5 unread list lookup (non-empty) decides
class Complaint(BaseModel):
    id: str
    status: str


COMPLAINTS = {"C1": [("K1", "open")], "C2": [], "C3": [("K2", "closed")], "C4": [("K3", "open")]}


@action(read_only=True)
def list_complaints(customer_id: str) -> list[Complaint]:
    """A customer's complaints with their status (open or closed)."""
    return [Complaint(id=k, status=s) for k, s in COMPLAINTS[customer_id]]


@action
def send_voucher(customer_id: str) -> str:
    """Send the customer an apology voucher."""
    effect("send_voucher", customer_id)
    return "sent"


@action
def send_survey(customer_id: str) -> str:
    """Send the customer a satisfaction survey."""
    effect("send_survey", customer_id)
    return "sent"


complaints: Task[Any] = Task(
    "If the customer has an open complaint, send them an apology voucher; otherwise send them "
    "a satisfaction survey.",
    name="r39_complaints",
    inputs={"customer_id": str},
    outputs={"sent": str},
    actions=[list_complaints, send_voucher, send_survey],
)


def comp_ref(i: dict[str, Any]) -> Expected:
    op = any(s == "open" for _, s in COMPLAINTS[i["customer_id"]])
    return Expected(
        [("send_voucher" if op else "send_survey", i["customer_id"])],
        {"sent": "voucher" if op else "survey"},
    )


CASES.append(
    Case(
        task=complaints,
        features=("unread list lookup", "conditional"),
        recorded={"customer_id": "C1"},
        answers=[
            say("Checking complaints.", "list_complaints", customer_id=ref("customer_id")),
            say("K1 is open: voucher.", "send_voucher", customer_id=ref("customer_id")),
            say("Done.", "finish", sent="voucher"),
        ],
        reference=comp_ref,
        held_out=[
            HeldOut("open", {"customer_id": "C4"}),
            HeldOut("ADV none", {"customer_id": "C2"}, new_path=True),
            HeldOut("ADV closed only", {"customer_id": "C3"}, new_path=True),
        ],
    )
)


# ------------------------- 6 number compute, boolean compute reads it against another test
class Student(BaseModel):
    id: str
    grades: list[float]


GRADES = {
    "S1": [4.0, 3.5, 4.0],
    "S2": [3.0, 3.0, 3.0],
    "S3": [4.0, 4.0, 4.0],
    "S4": [2.0, 2.5, 1.0],
    "S5": [],
}


@action(read_only=True)
def get_student(student_id: str) -> Student:
    """A student with their course grades (0-4 scale)."""
    return Student(id=student_id, grades=GRADES[student_id])


@action
def award_honors(student_id: str, average: float) -> str:
    """Put a student on the honors list with their average."""
    effect("award_honors", student_id, average)
    return "awarded"


honors: Task[Any] = Task(
    "Put the student on the honors list if their grade average is above 3.5.",
    name="r39_honors",
    inputs={"student_id": str},
    outputs={"awarded": bool},
    actions=[get_student, award_honors],
)


def hon_ref(i: dict[str, Any]) -> Expected:
    g = GRADES[i["student_id"]]
    if g and sum(g) / len(g) > 3.5:
        return Expected([("award_honors", i["student_id"], sum(g) / len(g))], {"awarded": True})
    return Expected([], {"awarded": False})


CASES.append(
    Case(
        task=honors,
        features=("number compute", "sanity boolean compute", "bound in words"),
        recorded={"student_id": "S1"},
        answers=[
            say("The student.", "get_student", student_id=ref("student_id")),
            say(
                "Their average.",
                "compute",
                expression="sum(get_student_1.grades) / len(get_student_1.grades)",
            ),
            say("Check the average is a valid grade.", "compute", expression="0 <= compute_1 <= 4"),
            say(
                "3.83 is above 3.5: honors.",
                "award_honors",
                student_id=ref("student_id"),
                average=ref("compute_1"),
            ),
            say("Done.", "finish", awarded=True),
        ],
        reference=hon_ref,
        held_out=[
            HeldOut("4.0", {"student_id": "S3"}),
            HeldOut("ADV 3.0", {"student_id": "S2"}, new_path=True),
            HeldOut("ADV 1.83", {"student_id": "S4"}, new_path=True),
        ],
    )
)


# 6b: later boolean compute uses another bound than the words
honors_b: Task[Any] = Task(
    honors.description,
    name="r39_honors_bound",
    inputs={"student_id": str},
    outputs={"awarded": bool},
    actions=[get_student, award_honors],
)
CASES.append(
    Case(
        task=honors_b,
        features=("number compute", "decision with other bound"),
        recorded={"student_id": "S1"},
        answers=[
            say("The student.", "get_student", student_id=ref("student_id")),
            say(
                "Their average.",
                "compute",
                expression="sum(get_student_1.grades) / len(get_student_1.grades)",
            ),
            say("Honors-worthy?", "compute", expression="compute_1 >= 3.0"),
            say(
                "Yes: honors.",
                "award_honors",
                student_id=ref("student_id"),
                average=ref("compute_1"),
            ),
            say("Done.", "finish", awarded=True),
        ],
        reference=hon_ref,
        held_out=[
            HeldOut("4.0", {"student_id": "S3"}),
            HeldOut("ADV 3.0", {"student_id": "S2"}, new_path=True),
            HeldOut("ADV 1.83", {"student_id": "S4"}, new_path=True),
        ],
    )
)


# ---------------------------------------- 7 batch count, answer holds the number as text
STORIES = {
    "desk-a": ["N1", "N2"],
    "desk-b": ["N3", "N4", "N5"],
    "desk-c": ["N6"],
    "desk-d": ["N7", "N8"],
}
ALREADY = {"N4", "N8"}


@action(read_only=True)
def list_stale(desk: str) -> list[str]:
    """Ids of the desk's stories older than a year."""
    return list(STORIES[desk])


@action
def archive_stories(ids: list[str]) -> str:
    """Archive stories; those already archived are skipped. Says how many were archived."""
    done = [i for i in ids if i not in ALREADY]
    for i in done:
        effect("archive", i)
    skipped = len(ids) - len(done)
    return f"{len(done)} archived, {skipped} skipped (already archived)"


batch: Task[Any] = Task(
    "Archive the desk's stale stories. Report how many were archived.",
    name="r39_batch_text",
    inputs={"desk": str},
    outputs={"archived": int},
    actions=[list_stale, archive_stories],
)


def batch_ref(i: dict[str, Any]) -> Expected:
    done = [s for s in STORIES[i["desk"]] if s not in ALREADY]
    return Expected([("archive", s) for s in done], {"archived": len(done)})


CASES.append(
    Case(
        task=batch,
        features=("batch", "count typed from text answer"),
        recorded={"desk": "desk-a"},
        answers=[
            say("Stale stories.", "list_stale", desk=ref("desk")),
            say("Archive them all.", "archive_stories", ids=["N1", "N2"]),
            say("It says 2 archived.", "finish", archived=2),
        ],
        reference=batch_ref,
        held_out=[
            HeldOut("1 story", {"desk": "desk-c"}),
            HeldOut("ADV 1 of 3 skipped", {"desk": "desk-b"}),
            HeldOut("ADV 1 of 2 skipped", {"desk": "desk-d"}),
        ],
    )
)


# 7b: batch by $ref list, answer holds the number as text
batch_r: Task[Any] = Task(
    batch.description,
    name="r39_batch_ref",
    inputs={"desk": str},
    outputs={"archived": int},
    actions=[list_stale, archive_stories],
)
CASES.append(
    Case(
        task=batch_r,
        features=("batch $ref", "count typed from text answer"),
        recorded={"desk": "desk-a"},
        answers=[
            say("Stale stories.", "list_stale", desk=ref("desk")),
            say(
                "Archive them all.",
                "archive_stories",
                ids=[ref("list_stale_1.0"), ref("list_stale_1.1")],
            ),
            say("It says 2 archived.", "finish", archived=2),
        ],
        reference=batch_ref,
        held_out=[
            HeldOut("1 story", {"desk": "desk-c"}),
            HeldOut("ADV 1 of 3 skipped", {"desk": "desk-b"}),
            HeldOut("ADV 1 of 2 skipped", {"desk": "desk-d"}),
        ],
    )
)


# ---------------- 8 hidden loop: a second list holding the looked-up ids, read by nothing
class Shopper(BaseModel):
    id: str
    spent: float


SPENT = {"C1": 1500.0, "C2": 300.0, "C3": 2200.0, "C4": 5000.0, "C5": 1800.0, "C6": 90.0}
ACTIVE = {"a": ["C1", "C2", "C3", "C4"], "b": ["C1", "C3"], "c": ["C4", "C6"]}


@action(read_only=True)
def list_active_shoppers(region: str) -> list[str]:
    """Ids of the region's shoppers with an active account."""
    return list(ACTIVE[region])


@action(read_only=True)
def get_shopper(shopper_id: str) -> Shopper:
    """A shopper with what they spent this year (EUR)."""
    return Shopper(id=shopper_id, spent=SPENT[shopper_id])


@action
def send_offer(shopper_id: str) -> str:
    """Send a shopper the loyalty offer."""
    effect("send_offer", shopper_id)
    return "sent"


offers: Task[Any] = Task(
    "Of the given candidates, send the loyalty offer to every one who still has an active "
    "account in the region and spent over 1000 EUR this year.",
    name="r39_offers",
    inputs={"region": str, "candidates": list[str]},
    outputs={"offered": int},
    actions=[list_active_shoppers, get_shopper, send_offer],
)


def offers_ref(i: dict[str, Any]) -> Expected:
    act = set(ACTIVE[i["region"]])
    sent = [("send_offer", c) for c in i["candidates"] if c in act and SPENT[c] > 1000]
    return Expected(sent, {"offered": len(sent)})


CASES.append(
    Case(
        task=offers,
        features=("hidden loop", "second list holding the ids"),
        recorded={"region": "a", "candidates": ["C1", "C2", "C3"]},
        answers=[
            say("Active shoppers of the region.", "list_active_shoppers", region=ref("region")),
            say("C1.", "get_shopper", shopper_id="C1"),
            say("C1 spent 1500: offer.", "send_offer", shopper_id="C1"),
            say("C2.", "get_shopper", shopper_id="C2"),
            say("C3.", "get_shopper", shopper_id="C3"),
            say("C3 spent 2200: offer.", "send_offer", shopper_id="C3"),
            say("Done.", "finish", offered=2),
        ],
        reference=offers_ref,
        held_out=[
            HeldOut("all active", {"region": "a", "candidates": ["C4", "C2"]}),
            HeldOut("ADV inactive big spender", {"region": "b", "candidates": ["C1", "C5"]}),
            HeldOut("ADV inactive big 2", {"region": "c", "candidates": ["C5", "C4", "C6"]}),
        ],
    )
)

CASES = at_least_three(CASES)
