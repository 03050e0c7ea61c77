"""Round 53 red team: templates typed around an item's value (448fa13), codes the words write
(38bd69e / 3e35771), comparative words on a bound (aaf72cc)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------- 1 (A) weekday the model worked out from a date, kept constant in the template
class Pup(BaseModel):
    id: str
    name: str
    owner_email: str
    pickup_date: str


PUPS = {
    "pack-a": [("K1", "Rex", "r@x.com", "2026-05-04"), ("K2", "Milo", "m@x.com", "2026-05-11")],
    "pack-b": [("K3", "Luna", "l@x.com", "2026-05-05")],  # Tuesday
    "pack-c": [("K4", "Max", "x@x.com", "2026-05-18"), ("K5", "Ivy", "i@x.com", "2026-05-22")],
    "pack-d": [("K6", "Ody", "o@x.com", "2026-05-25")],  # Monday
}


@action(read_only=True)
def list_pups(pack: str) -> list[Pup]:
    """Dogs of a daycare pack with owner email and the date the owner picks them up."""
    return [Pup(id=i, name=n, owner_email=e, pickup_date=d) for i, n, e, d in PUPS[pack]]


@action
def email_pup_owner(email: str, subject: str) -> str:
    """Email a dog's owner."""
    effect("email_pup_owner", email, subject)
    return "sent"


pickup: Task[Any] = Task(
    "Email the owner of every dog in the pack a pickup reminder, subject "
    "'<dog name>: pickup on <weekday of its pickup date>'. Return how many emails you sent.",
    name="r53_pickup_weekday",
    inputs={"pack": str},
    outputs={"sent": int},
    actions=[list_pups, email_pup_owner],
)


def pickup_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("email_pup_owner", e, f"{n}: pickup on {dt.date.fromisoformat(d).strftime('%A')}")
        for _, n, e, d in PUPS[i["pack"]]
    ]
    return Expected(eff, {"sent": len(eff)})


CASES.append(
    Case(
        task=pickup,
        features=("act on all", "template", "weekday in head"),
        recorded={"pack": "pack-a"},
        answers=[
            say("The pack.", "list_pups", pack=ref("pack")),
            say(
                "Rex, 4 May is a Monday.",
                "email_pup_owner",
                email=ref("list_pups_1.0.owner_email"),
                subject="Rex: pickup on Monday",
            ),
            say(
                "Milo, 11 May is a Monday.",
                "email_pup_owner",
                email=ref("list_pups_1.1.owner_email"),
                subject="Milo: pickup on Monday",
            ),
            say("Two sent.", "finish", sent=2),
        ],
        reference=pickup_ref,
        held_out=[
            HeldOut("1 Tuesday", {"pack": "pack-b"}),
            HeldOut("Mon + Fri", {"pack": "pack-c"}),
            HeldOut("1 Monday", {"pack": "pack-d"}),
        ],
    )
)


# ---------- 2 (A) a two-letter title both recorded guests shared
class Guest(BaseModel):
    id: str
    title: str
    surname: str
    phone: str


WAIT = {
    "fri": [("G1", "Mr", "Novak", "+100"), ("G2", "Mr", "Berg", "+101")],
    "sat": [("G3", "Ms", "Kaur", "+102")],
    "sun": [("G4", "Mr", "Ito", "+103"), ("G5", "Dr", "Lund", "+104")],
    "mon": [("G6", "Mr", "Adams", "+105")],
}


@action(read_only=True)
def list_waitlist(day: str) -> list[Guest]:
    """Guests on the restaurant's waitlist for a day, with title, surname and phone."""
    return [Guest(id=i, title=t, surname=s, phone=p) for i, t, s, p in WAIT[day]]


@action
def send_sms(phone: str, text: str) -> str:
    """Text a guest."""
    effect("send_sms", phone, text)
    return "sent"


table: Task[Any] = Task(
    "Text every guest on the day's waitlist 'Dear <title> <surname>, your table is ready'. "
    "Return how many guests you texted.",
    name="r53_table_ready_title",
    inputs={"day": str},
    outputs={"texted": int},
    actions=[list_waitlist, send_sms],
)


def table_ref(i: dict[str, Any]) -> Expected:
    eff = [("send_sms", p, f"Dear {t} {s}, your table is ready") for _, t, s, p in WAIT[i["day"]]]
    return Expected(eff, {"texted": len(eff)})


CASES.append(
    Case(
        task=table,
        features=("act on all", "template", "short title"),
        recorded={"day": "fri"},
        answers=[
            say("Waitlist.", "list_waitlist", day=ref("day")),
            say(
                "Novak.",
                "send_sms",
                phone=ref("list_waitlist_1.0.phone"),
                text="Dear Mr Novak, your table is ready",
            ),
            say(
                "Berg.",
                "send_sms",
                phone=ref("list_waitlist_1.1.phone"),
                text="Dear Mr Berg, your table is ready",
            ),
            say("Two texted.", "finish", texted=2),
        ],
        reference=table_ref,
        held_out=[
            HeldOut("1 Ms", {"day": "sat"}),
            HeldOut("Mr + Dr", {"day": "sun"}),
            HeldOut("1 Mr", {"day": "mon"}),
        ],
    )
)


# ---------- 3 (A) a word from a record looked up per item, both recorded items alike
class Member(BaseModel):
    id: str
    name: str
    email: str


class Plan(BaseModel):
    member_id: str
    plan: str
    renews_on: str


CLUB = {
    "north": [("M1", "Ana", "ana@c.org"), ("M2", "Ben", "ben@c.org")],
    "south": [("M3", "Cleo", "cleo@c.org")],
    "east": [("M4", "Dan", "dan@c.org"), ("M5", "Eve", "eve@c.org")],
    "west": [("M6", "Finn", "finn@c.org")],
}
PLANS = {"M1": "Gold", "M2": "Gold", "M3": "Silver", "M4": "Gold", "M5": "Basic", "M6": "Gold"}


@action(read_only=True)
def list_members(branch: str) -> list[Member]:
    """Members of a gym branch."""
    return [Member(id=i, name=n, email=e) for i, n, e in CLUB[branch]]


@action(read_only=True)
def get_plan(member_id: str) -> Plan:
    """A member's plan (Basic, Silver or Gold) and its renewal date."""
    return Plan(member_id=member_id, plan=PLANS[member_id], renews_on="2026-06-01")


@action
def email_member(email: str, subject: str) -> str:
    """Email a gym member."""
    effect("email_member", email, subject)
    return "sent"


gym: Task[Any] = Task(
    "Look up the plan of every member of the branch and email them, subject "
    "'<name>: your <plan> plan renews soon'. Return how many members you emailed.",
    name="r53_gym_plan_template",
    inputs={"branch": str},
    outputs={"emailed": int},
    actions=[list_members, get_plan, email_member],
)


def gym_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("email_member", e, f"{n}: your {PLANS[m]} plan renews soon")
        for m, n, e in CLUB[i["branch"]]
    ]
    return Expected(eff, {"emailed": len(eff)})


_gy = [say("Members.", "list_members", branch=ref("branch"))]
for n, nm in enumerate(["Ana", "Ben"]):
    _gy.append(say("Plan?", "get_plan", member_id=ref(f"list_members_1.{n}.id")))
    _gy.append(
        say(
            "Gold. Emailing.",
            "email_member",
            email=ref(f"list_members_1.{n}.email"),
            subject=f"{nm}: your Gold plan renews soon",
        )
    )
_gy.append(say("Two emailed.", "finish", emailed=2))
CASES.append(
    Case(
        task=gym,
        features=("lookup each", "template", "word from lookup"),
        recorded={"branch": "north"},
        answers=_gy,
        reference=gym_ref,
        held_out=[
            HeldOut("1 Silver", {"branch": "south"}),
            HeldOut("Gold + Basic", {"branch": "east"}),
            HeldOut("1 Gold", {"branch": "west"}),
        ],
    )
)


# ---------- 4 (A) a one-letter size both recorded orders shared
class Kit(BaseModel):
    id: str
    player: str
    size: str
    email: str


TEAM = {
    "u12": [("P1", "Ana", "M", "a@t.org"), ("P2", "Ben", "M", "b@t.org")],
    "u14": [("P3", "Cai", "L", "c@t.org")],
    "u16": [("P4", "Dee", "M", "d@t.org"), ("P5", "Eli", "S", "e@t.org")],
    "u18": [("P6", "Fay", "M", "f@t.org")],
}


@action(read_only=True)
def list_kit_orders(team: str) -> list[Kit]:
    """The team's jersey orders: player, jersey size and the parent's email."""
    return [Kit(id=i, player=p, size=s, email=e) for i, p, s, e in TEAM[team]]


@action
def notify_parent(email: str, message: str) -> str:
    """Email a player's parent."""
    effect("notify_parent", email, message)
    return "sent"


kit: Task[Any] = Task(
    "Tell the parent of every player on the team that the jersey arrived, message "
    "'<player>'s jersey (size <size>) is ready for pickup'. Return how many parents you told.",
    name="r53_jersey_size",
    inputs={"team": str},
    outputs={"told": int},
    actions=[list_kit_orders, notify_parent],
)


def kit_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("notify_parent", e, f"{p}'s jersey (size {s}) is ready for pickup")
        for _, p, s, e in TEAM[i["team"]]
    ]
    return Expected(eff, {"told": len(eff)})


CASES.append(
    Case(
        task=kit,
        features=("act on all", "template", "one-letter size"),
        recorded={"team": "u12"},
        answers=[
            say("Orders.", "list_kit_orders", team=ref("team")),
            say(
                "Ana.",
                "notify_parent",
                email=ref("list_kit_orders_1.0.email"),
                message="Ana's jersey (size M) is ready for pickup",
            ),
            say(
                "Ben.",
                "notify_parent",
                email=ref("list_kit_orders_1.1.email"),
                message="Ben's jersey (size M) is ready for pickup",
            ),
            say("Two told.", "finish", told=2),
        ],
        reference=kit_ref,
        held_out=[
            HeldOut("1 L", {"team": "u14"}),
            HeldOut("M + S", {"team": "u16"}),
            HeldOut("1 M", {"team": "u18"}),
        ],
    )
)


# ---------- 5 (B) a room code the words write, picked per item by a second field (surname)
class Candidate(BaseModel):
    id: str
    surname: str
    extra_time: bool


EXAMS = {
    "maths": [
        ("C1", "Adler", True),
        ("C2", "Brandt", False),
        ("C3", "Kim", True),
        ("C4", "Meyer", False),
    ],
    "chem": [("C5", "Novak", False)],
    "bio": [("C6", "Lee", False), ("C7", "Young", True)],
    "art": [("C8", "Diaz", False), ("C9", "Ortiz", False)],
}


@action(read_only=True)
def list_candidates(exam: str) -> list[Candidate]:
    """Candidates sitting an exam, with whether they are allowed extra time."""
    return [Candidate(id=i, surname=s, extra_time=x) for i, s, x in EXAMS[exam]]


@action
def assign_room(candidate_id: str, room: str) -> str:
    """Seat an exam candidate in a room."""
    effect("assign_room", candidate_id, room)
    return "seated"


exam: Task[Any] = Task(
    "Seat every candidate of the exam: candidates allowed extra time go to room C2; the others "
    "are split by surname, A to M in room A1 and N to Z in room A2. Room B1 is closed. Return "
    "how many went to C2 and how many you seated elsewhere.",
    name="r53_exam_rooms",
    inputs={"exam": str},
    outputs={"c2": int, "elsewhere": int},
    actions=[list_candidates, assign_room],
)


def exam_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_room", c, "C2" if x else ("A1" if s[0] <= "M" else "A2"))
        for c, s, x in EXAMS[i["exam"]]
    ]
    c2 = sum(1 for e in eff if e[2] == "C2")
    return Expected(eff, {"c2": c2, "elsewhere": len(eff) - c2})


_ex = [say("Candidates.", "list_candidates", exam=ref("exam"))]
for n, x in enumerate([True, False, True, False]):
    _ex.append(say("Extra time?", "compute", expression=f"list_candidates_1[{n}].extra_time"))
    _ex.append(
        say(
            "C2." if x else "Surname A-M, A1.",
            "assign_room",
            candidate_id=ref(f"list_candidates_1.{n}.id"),
            room="C2" if x else "A1",
        )
    )
_ex.append(say("Two in C2, two elsewhere.", "finish", c2=2, elsewhere=2))
CASES.append(
    Case(
        task=exam,
        features=("act on all", "compute", "same action both sides", "code per item"),
        recorded={"exam": "maths"},
        answers=_ex,
        reference=exam_ref,
        held_out=[
            HeldOut("1 N-Z", {"exam": "chem"}),
            HeldOut("L + Y extra", {"exam": "bio"}),
            HeldOut("D + O", {"exam": "art"}),
        ],
    )
)


# ---------- 6 (B) a floor code the words write, another for wheelchair users (a list field)
class Delegate(BaseModel):
    id: str
    nights: int
    needs: list[str]


CONF = {
    "berlin": [("D1", 5, []), ("D2", 2, []), ("D3", 4, ["vegan"]), ("D4", 1, [])],
    "paris": [("D5", 6, ["wheelchair"])],
    "rome": [("D6", 2, ["wheelchair"]), ("D7", 4, [])],
    "oslo": [("D8", 3, ["vegan"])],
}


@action(read_only=True)
def list_delegates(event: str) -> list[Delegate]:
    """Delegates of a conference, with nights booked and special needs."""
    return [Delegate(id=i, nights=n, needs=list(x)) for i, n, x in CONF[event]]


@action
def book_room(delegate_id: str, room_type: str, floor: str) -> str:
    """Book a hotel room of a type on a floor for a delegate."""
    effect("book_room", delegate_id, room_type, floor)
    return "booked"


hotel: Task[Any] = Task(
    "Book a room for every delegate of the event: suite for stays over 3 nights, otherwise "
    "standard. Floor F2 is being renovated, so book everyone on F3, except wheelchair "
    "users, who need F1. Return how many suites and standard rooms you booked.",
    name="r53_hotel_floors",
    inputs={"event": str},
    outputs={"suites": int, "standard": int},
    actions=[list_delegates, book_room],
)


def hotel_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("book_room", d, "suite" if n > 3 else "standard", "F1" if "wheelchair" in x else "F3")
        for d, n, x in CONF[i["event"]]
    ]
    s = sum(1 for e in eff if e[2] == "suite")
    return Expected(eff, {"suites": s, "standard": len(eff) - s})


_ht = [say("Delegates.", "list_delegates", event=ref("event"))]
for n, big in enumerate([True, False, True, False]):
    _ht.append(say("Over 3 nights?", "compute", expression=f"list_delegates_1[{n}].nights > 3"))
    _ht.append(
        say(
            "Booking on F3.",
            "book_room",
            delegate_id=ref(f"list_delegates_1.{n}.id"),
            room_type="suite" if big else "standard",
            floor="F3",
        )
    )
_ht.append(say("Two suites, two standard.", "finish", suites=2, standard=2))
CASES.append(
    Case(
        task=hotel,
        features=("act on all", "compute", "same action both sides", "code constant"),
        recorded={"event": "berlin"},
        answers=_ht,
        reference=hotel_ref,
        held_out=[
            HeldOut("1 wheelchair suite", {"event": "paris"}),
            HeldOut("wheelchair + plain", {"event": "rome"}),
            HeldOut("1 vegan standard", {"event": "oslo"}),
        ],
    )
)


# ---------- 7 (C) a comparative on another quantity with the same number
class Shopper(BaseModel):
    id: str
    orders: int


SHOPS = {
    "main": [("U1", 14), ("U2", 3), ("U3", 22), ("U4", 7)],
    "mall": [("U5", 10)],
    "dock": [("U6", 10), ("U7", 11), ("U8", 2)],
    "park": [("U9", 12)],
}


@action(read_only=True)
def list_shoppers(store: str) -> list[Shopper]:
    """Loyalty customers of a store with their number of orders this year."""
    return [Shopper(id=i, orders=o) for i, o in SHOPS[store]]


@action
def send_voucher(customer_id: str) -> str:
    """Send a customer a loyalty voucher."""
    effect("send_voucher", customer_id)
    return "sent"


loyal: Task[Any] = Task(
    "Send a loyalty voucher to every customer of the store with 10+ orders this year (vouchers "
    "are valid on baskets over 10 EUR). Return how many vouchers you sent.",
    name="r53_voucher_10plus",
    inputs={"store": str},
    outputs={"vouchers": int},
    actions=[list_shoppers, send_voucher],
)


def loyal_ref(i: dict[str, Any]) -> Expected:
    ids = [c for c, o in SHOPS[i["store"]] if o >= 10]
    return Expected([("send_voucher", c) for c in ids], {"vouchers": len(ids)})


_ly = [say("Customers.", "list_shoppers", store=ref("store"))]
for n, hi in enumerate([True, False, True, False]):
    _ly.append(say("Over 10?", "compute", expression=f"list_shoppers_1[{n}].orders > 10"))
    if hi:
        _ly.append(say("Voucher.", "send_voucher", customer_id=ref(f"list_shoppers_1.{n}.id")))
_ly.append(say("Two sent.", "finish", vouchers=2))
CASES.append(
    Case(
        task=loyal,
        features=("act on some", "compute", "bound"),
        recorded={"store": "main"},
        answers=_ly,
        reference=loyal_ref,
        held_out=[
            HeldOut("exactly 10", {"store": "mall"}),
            HeldOut("10, 11, 2", {"store": "dock"}),
            HeldOut("1 over", {"store": "park"}),
        ],
    )
)


# ---------- 8 (A) a word the words make depend on a flag all recorded items had alike
class Vax(BaseModel):
    id: str
    name: str
    owner_email: str
    overdue: bool


VAXD = {
    "pack-a": [
        ("K1", "Rex", "r@x.com", False),
        ("K2", "Milo", "m@x.com", False),
        ("K3", "Bella", "b@x.com", False),
    ],
    "pack-b": [("K4", "Luna", "l@x.com", True)],
    "pack-c": [("K5", "Max", "x@x.com", False), ("K6", "Ivy", "i@x.com", True)],
    "pack-d": [("K7", "Ody", "o@x.com", False)],
}


@action(read_only=True)
def list_vax_due(pack: str) -> list[Vax]:
    """Dogs of a daycare pack whose vaccination is due, with whether it is already overdue."""
    return [Vax(id=i, name=n, owner_email=e, overdue=o) for i, n, e, o in VAXD[pack]]


@action
def email_vax_owner(email: str, subject: str) -> str:
    """Email a dog's owner."""
    effect("email_vax_owner", email, subject)
    return "sent"


vaxo: Task[Any] = Task(
    "Email the owner of every dog on the pack's vaccination list, subject "
    "'<dog name>: vaccination due', or '<dog name>: vaccination overdue' where it is overdue. "
    "Return how many owners you emailed.",
    name="r53_vax_overdue",
    inputs={"pack": str},
    outputs={"emailed": int},
    actions=[list_vax_due, email_vax_owner],
)


def vaxo_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("email_vax_owner", e, f"{n}: vaccination {'overdue' if o else 'due'}")
        for _, n, e, o in VAXD[i["pack"]]
    ]
    return Expected(eff, {"emailed": len(eff)})


CASES.append(
    Case(
        task=vaxo,
        features=("act on all", "template", "flag in words"),
        recorded={"pack": "pack-a"},
        answers=[
            say("The list.", "list_vax_due", pack=ref("pack")),
            *[
                say(
                    f"{nm}, not overdue.",
                    "email_vax_owner",
                    email=ref(f"list_vax_due_1.{k}.owner_email"),
                    subject=f"{nm}: vaccination due",
                )
                for k, nm in enumerate(["Rex", "Milo", "Bella"])
            ],
            say("Three emailed.", "finish", emailed=3),
        ],
        reference=vaxo_ref,
        held_out=[
            HeldOut("1 overdue", {"pack": "pack-b"}),
            HeldOut("due + overdue", {"pack": "pack-c"}),
            HeldOut("1 due", {"pack": "pack-d"}),
        ],
    )
)


# ---------- 9 (A in a decided loop) templates on both sides, a weekday kept on one
class Leave(BaseModel):
    id: str
    employee: str
    email: str
    days: int
    start: str


LEAVES = {
    "w1": [
        ("L1", "Ana", "ana@co", 3, "2026-05-04"),
        ("L2", "Ben", "ben@co", 9, "2026-05-05"),
        ("L3", "Cai", "cai@co", 2, "2026-05-11"),
        ("L4", "Dee", "dee@co", 12, "2026-05-12"),
    ],
    "w2": [("L5", "Eli", "eli@co", 4, "2026-05-06")],  # Wednesday
    "w3": [("L6", "Fay", "fay@co", 1, "2026-05-18"), ("L7", "Gus", "gus@co", 8, "2026-05-19")],
    "w4": [("L8", "Hal", "hal@co", 10, "2026-05-21")],
}


@action(read_only=True)
def list_leave_requests(week: str) -> list[Leave]:
    """Leave requests filed in a week: employee, email, number of days and first day."""
    return [Leave(id=i, employee=n, email=e, days=d, start=s) for i, n, e, d, s in LEAVES[week]]


@action
def reply_leave(email: str, message: str) -> str:
    """Email an employee about their leave request."""
    effect("reply_leave", email, message)
    return "sent"


leave: Task[Any] = Task(
    "Answer every leave request of the week: requests of 5 days or fewer are approved, message "
    "'<employee>: approved from <weekday of the first day>'; longer ones are declined, message "
    "'<employee>: declined, please talk to HR'. Return how many you approved and declined.",
    name="r53_leave_weekday_sides",
    inputs={"week": str},
    outputs={"approved": int, "declined": int},
    actions=[list_leave_requests, reply_leave],
)


def leave_ref(i: dict[str, Any]) -> Expected:
    eff = []
    for _, n, e, d, s in LEAVES[i["week"]]:
        if d <= 5:
            wd = dt.date.fromisoformat(s).strftime("%A")
            eff.append(("reply_leave", e, f"{n}: approved from {wd}"))
        else:
            eff.append(("reply_leave", e, f"{n}: declined, please talk to HR"))
    a = sum(1 for x in eff if "approved" in x[2])
    return Expected(eff, {"approved": a, "declined": len(eff) - a})


_lv = [say("Requests.", "list_leave_requests", week=ref("week"))]
for n, (nm, ok) in enumerate([("Ana", True), ("Ben", False), ("Cai", True), ("Dee", False)]):
    _lv.append(say("5 or fewer?", "compute", expression=f"list_leave_requests_1[{n}].days <= 5"))
    _lv.append(
        say(
            "Replying.",
            "reply_leave",
            email=ref(f"list_leave_requests_1.{n}.email"),
            message=f"{nm}: approved from Monday" if ok else f"{nm}: declined, please talk to HR",
        )
    )
_lv.append(say("2 approved, 2 declined.", "finish", approved=2, declined=2))
CASES.append(
    Case(
        task=leave,
        features=("act on all", "compute", "both sides", "templates per side", "weekday"),
        recorded={"week": "w1"},
        answers=_lv,
        reference=leave_ref,
        held_out=[
            HeldOut("1 Wednesday approve", {"week": "w2"}),
            HeldOut("Mon approve + decline", {"week": "w3"}),
            HeldOut("1 decline", {"week": "w4"}),
        ],
    )
)


# ---------- 10 (A) the value typed in capitals (avoidable-stop check)
class Flight(BaseModel):
    id: str
    city: str
    agent_email: str


FLIGHTS = {
    "mon": [("F1", "Oslo", "a@t.com"), ("F2", "Lima", "b@t.com")],
    "tue": [("F3", "Rome", "c@t.com")],
    "wed": [("F4", "Cairo", "d@t.com"), ("F5", "Quito", "e@t.com")],
}


@action(read_only=True)
def list_delayed_flights(day: str) -> list[Flight]:
    """Delayed flights of a day: destination city and the travel agent to tell."""
    return [Flight(id=i, city=c, agent_email=e) for i, c, e in FLIGHTS[day]]


@action
def alert_agent(email: str, subject: str) -> str:
    """Email a travel agent."""
    effect("alert_agent", email, subject)
    return "sent"


delay: Task[Any] = Task(
    "Alert the travel agent of every delayed flight of the day, subject 'DELAY - <CITY IN "
    "CAPITALS>'. Return how many agents you alerted.",
    name="r53_delay_caps",
    inputs={"day": str},
    outputs={"alerted": int},
    actions=[list_delayed_flights, alert_agent],
)


def delay_ref(i: dict[str, Any]) -> Expected:
    eff = [("alert_agent", e, f"DELAY - {c.upper()}") for _, c, e in FLIGHTS[i["day"]]]
    return Expected(eff, {"alerted": len(eff)})


CASES.append(
    Case(
        task=delay,
        features=("act on all", "template", "case change"),
        recorded={"day": "mon"},
        answers=[
            say("Delayed.", "list_delayed_flights", day=ref("day")),
            say(
                "Oslo.",
                "alert_agent",
                email=ref("list_delayed_flights_1.0.agent_email"),
                subject="DELAY - OSLO",
            ),
            say(
                "Lima.",
                "alert_agent",
                email=ref("list_delayed_flights_1.1.agent_email"),
                subject="DELAY - LIMA",
            ),
            say("Two.", "finish", alerted=2),
        ],
        reference=delay_ref,
        held_out=[
            HeldOut("1", {"day": "tue"}),
            HeldOut("2", {"day": "wed"}),
            HeldOut("as recorded", {"day": "mon"}),
        ],
    )
)


# ---------- 11 (B) the action's description offers the rate words in other shapes
class Overstay(BaseModel):
    plate: str
    days_over: int


PK = {
    "rec": [("KA-1", 20), ("KA-2", 3), ("KA-3", 15), ("KA-4", 7)],
    "h_long": [("LG-1", 45), ("LG-2", 20), ("LG-3", 2)],
    "h_mix": [("MB-4", 1), ("MB-6", 25), ("MB-7", 40)],
    "h_plain": [("PL-1", 16), ("PL-2", 4)],
}


@action(read_only=True)
def list_overstays(zone: str) -> list[Overstay]:
    """Cars parked in a residents' zone on an expired permit: plate, days expired."""
    return [Overstay(plate=p, days_over=d) for p, d in PK[zone]]


@action
def send_warning_letter(plate: str) -> str:
    """Send a warning letter to a car's keeper."""
    effect("send_warning_letter", plate)
    return "sent"


@action
def fine_car_pipe(plate: str, rate: str) -> str:
    """Issue a parking fine to a car. rate: 'standard' | 'double'."""
    effect("fine_car", plate, rate)
    return "fined"


@action
def fine_car_slash(plate: str, rate: str) -> str:
    """Issue a parking fine to a car at the standard/double rate."""
    effect("fine_car", plate, rate)
    return "fined"


@action
def fine_car_oneof(plate: str, rate: str) -> str:
    """Issue a parking fine to a car; rate is one of: standard, double."""
    effect("fine_car", plate, rate)
    return "fined"


@action
def fine_car_or(plate: str, rate: str) -> str:
    """Issue a parking fine to a car at a rate: standard or double."""
    effect("fine_car", plate, rate)
    return "fined"


@action
def fine_car_and(plate: str, rate: str) -> str:
    """Issue a parking fine. Two rates exist, standard and double."""
    effect("fine_car", plate, rate)
    return "fined"


def _pk_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    f = w = 0
    for p, d in PK[i["zone"]]:
        if d > 14:
            eff.append(("fine_car", p, "double" if d > 30 else "standard"))
            f += 1
        else:
            eff.append(("send_warning_letter", p))
            w += 1
    return Expected(eff, {"fines": f, "warnings": w})


def _pk_script(fine: str) -> list[Any]:
    out = [say("Listing the overstays.", "list_overstays", zone=ref("zone"))]
    for n, (_p, d) in enumerate(PK["rec"]):
        out.append(
            say("More than 14?", "compute", expression=f"list_overstays_1[{n}].days_over > 14")
        )
        if d > 14:
            out.append(
                say(
                    "Fine, under a month so standard.",
                    fine,
                    plate=ref(f"list_overstays_1.{n}.plate"),
                    rate="standard",
                )
            )
        else:
            out.append(
                say("Warn.", "send_warning_letter", plate=ref(f"list_overstays_1.{n}.plate"))
            )
    out.append(say("Done.", "finish", fines=2, warnings=2))
    return out


for _tag, _act in [
    ("pipe", fine_car_pipe),
    ("slash", fine_car_slash),
    ("oneof", fine_car_oneof),
    ("and", fine_car_and),
    ("or", fine_car_or),  # (control: the shape 3e35771 reads, expected to stop)
]:
    CASES.append(
        Case(
            task=Task(
                "For every car in the zone on an expired permit: fine it if the permit expired "
                "more than 14 days ago, otherwise send a warning letter. Long overstays (over a "
                "month) cost twice as much. Return how many fines and how many warnings.",
                name=f"r53_rate_doc_{_tag}",
                inputs={"zone": str},
                outputs={"fines": int, "warnings": int},
                actions=[list_overstays, _act, send_warning_letter],
            ),
            features=("act on all", "compute", "two actions", "rate chosen per item, doc shape"),
            recorded={"zone": "rec"},
            answers=_pk_script(f"fine_car_{_tag}"),
            reference=_pk_ref,
            held_out=[HeldOut(k, {"zone": k}) for k in ["h_long", "h_mix", "h_plain"]],
        )
    )


# ---------- 12 (A) a pronoun the model picked per item by the dog's sex
class Pet(BaseModel):
    id: str
    name: str
    sex: str
    owner_email: str


PETS = {
    "pack-a": [("K1", "Rex", "male", "r@x.com"), ("K2", "Milo", "male", "m@x.com")],
    "pack-b": [("K3", "Luna", "female", "l@x.com")],
    "pack-c": [("K4", "Max", "male", "x@x.com"), ("K5", "Ivy", "female", "i@x.com")],
    "pack-d": [("K6", "Ody", "male", "o@x.com")],
}


@action(read_only=True)
def list_pets(pack: str) -> list[Pet]:
    """Dogs of a daycare pack with their sex and the owner's email."""
    return [Pet(id=i, name=n, sex=s, owner_email=e) for i, n, s, e in PETS[pack]]


@action
def email_pet_owner(email: str, subject: str) -> str:
    """Email a dog's owner."""
    effect("email_pet_owner", email, subject)
    return "sent"


pron: Task[Any] = Task(
    "Email the owner of every dog in the pack, subject '<dog name> had a great day, <his or her> "
    "photos are online'. Return how many owners you emailed.",
    name="r53_pronoun",
    inputs={"pack": str},
    outputs={"emailed": int},
    actions=[list_pets, email_pet_owner],
)


def pron_ref(i: dict[str, Any]) -> Expected:
    eff = [
        (
            "email_pet_owner",
            e,
            f"{n} had a great day, {'his' if s == 'male' else 'her'} photos are online",
        )
        for _, n, s, e in PETS[i["pack"]]
    ]
    return Expected(eff, {"emailed": len(eff)})


CASES.append(
    Case(
        task=pron,
        features=("act on all", "template", "pronoun by field"),
        recorded={"pack": "pack-a"},
        answers=[
            say("Pack.", "list_pets", pack=ref("pack")),
            say(
                "Rex.",
                "email_pet_owner",
                email=ref("list_pets_1.0.owner_email"),
                subject="Rex had a great day, his photos are online",
            ),
            say(
                "Milo.",
                "email_pet_owner",
                email=ref("list_pets_1.1.owner_email"),
                subject="Milo had a great day, his photos are online",
            ),
            say("Two.", "finish", emailed=2),
        ],
        reference=pron_ref,
        held_out=[
            HeldOut("1 female", {"pack": "pack-b"}),
            HeldOut("male + female", {"pack": "pack-c"}),
            HeldOut("1 male", {"pack": "pack-d"}),
        ],
    )
)


# ---------- 13 (A in a decided loop, avoidable-stop check) plain templates on both sides
leave2: Task[Any] = Task(
    "Answer every leave request of the week: requests of 5 days or fewer are approved, message "
    "'<employee>: approved'; longer ones are declined, message '<employee>: declined, please "
    "talk to HR'. Return how many you approved and declined.",
    name="r53_leave_sides_plain",
    inputs={"week": str},
    outputs={"approved": int, "declined": int},
    actions=[list_leave_requests, reply_leave],
)


def leave2_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("reply_leave", e, f"{n}: approved" if d <= 5 else f"{n}: declined, please talk to HR")
        for _, n, e, d, _s in LEAVES[i["week"]]
    ]
    a = sum(1 for x in eff if "approved" in x[2])
    return Expected(eff, {"approved": a, "declined": len(eff) - a})


_lv2 = [say("Requests.", "list_leave_requests", week=ref("week"))]
for n, (nm, ok) in enumerate([("Ana", True), ("Ben", False), ("Cai", True), ("Dee", False)]):
    _lv2.append(say("5 or fewer?", "compute", expression=f"list_leave_requests_1[{n}].days <= 5"))
    _lv2.append(
        say(
            "Replying.",
            "reply_leave",
            email=ref(f"list_leave_requests_1.{n}.email"),
            message=f"{nm}: approved" if ok else f"{nm}: declined, please talk to HR",
        )
    )
_lv2.append(say("2 approved, 2 declined.", "finish", approved=2, declined=2))
CASES.append(
    Case(
        task=leave2,
        features=("act on all", "compute", "both sides", "templates per side"),
        recorded={"week": "w1"},
        answers=_lv2,
        reference=leave2_ref,
        held_out=[
            HeldOut("1 approve", {"week": "w2"}),
            HeldOut("approve + decline", {"week": "w3"}),
            HeldOut("1 decline", {"week": "w4"}),
        ],
    )
)


# ---------- 14 (C) two bounds in one chained comparison: no bound guard
class Stay(BaseModel):
    id: str
    nights: int


STAYS = {
    "rec": [("S1", 5), ("S2", 1), ("S3", 6), ("S4", 9)],
    "h_edge": [("S5", 3), ("S6", 7)],
    "h_mid": [("S7", 4)],
    "h_long": [("S8", 12), ("S9", 5)],
}


@action(read_only=True)
def list_stays(week: str) -> list[Stay]:
    """Hotel bookings arriving in a week, with their number of nights."""
    return [Stay(id=i, nights=n) for i, n in STAYS[week]]


@action
def offer_upgrade(booking_id: str) -> str:
    """Offer a booking a free room upgrade."""
    effect("offer_upgrade", booking_id)
    return "offered"


upg: Task[Any] = Task(
    "Offer a free upgrade to every booking of the week staying more than 3 and fewer than 7 "
    "nights. Return how many upgrades you offered.",
    name="r53_upgrade_chained",
    inputs={"week": str},
    outputs={"upgrades": int},
    actions=[list_stays, offer_upgrade],
)


def upg_ref(i: dict[str, Any]) -> Expected:
    ids = [b for b, n in STAYS[i["week"]] if 3 < n < 7]
    return Expected([("offer_upgrade", b) for b in ids], {"upgrades": len(ids)})


_up = [say("Bookings.", "list_stays", week=ref("week"))]
for n, (_b, nights) in enumerate(STAYS["rec"]):
    _up.append(say("In range?", "compute", expression=f"3 <= list_stays_1[{n}].nights <= 7"))
    if 3 <= nights <= 7:
        _up.append(say("Upgrade.", "offer_upgrade", booking_id=ref(f"list_stays_1.{n}.id")))
_up.append(say("Two offered.", "finish", upgrades=2))
CASES.append(
    Case(
        task=upg,
        features=("act on some", "compute", "two bounds chained"),
        recorded={"week": "rec"},
        answers=_up,
        reference=upg_ref,
        held_out=[HeldOut(k, {"week": k}) for k in ["h_edge", "h_mid", "h_long"]],
    )
)


# (control for 14: the same bounds written with `and`; the bound guard is expected to stop)
_up2 = [say("Bookings.", "list_stays", week=ref("week"))]
for n, (_b, nights) in enumerate(STAYS["rec"]):
    _up2.append(
        say(
            "In range?",
            "compute",
            expression=f"list_stays_1[{n}].nights >= 3 and list_stays_1[{n}].nights <= 7",
        )
    )
    if 3 <= nights <= 7:
        _up2.append(say("Upgrade.", "offer_upgrade", booking_id=ref(f"list_stays_1.{n}.id")))
_up2.append(say("Two offered.", "finish", upgrades=2))
upg2: Task[Any] = Task(
    "Offer a free upgrade to every booking of the week staying more than 3 and fewer than 7 "
    "nights. Return how many upgrades you offered.",
    name="r53_upgrade_and_control",
    inputs={"week": str},
    outputs={"upgrades": int},
    actions=[list_stays, offer_upgrade],
)
CASES.append(
    Case(
        task=upg2,
        features=("act on some", "compute", "two bounds with and"),
        recorded={"week": "rec"},
        answers=_up2,
        reference=upg_ref,
        held_out=[HeldOut(k, {"week": k}) for k in ["h_edge", "h_mid", "h_long"]],
    )
)


# ---------- 5b (B) as 5, the split told without naming the field ("alphabetically")
exam2: Task[Any] = Task(
    "Seat every candidate of the exam: candidates allowed extra time go to room C2; the others "
    "are split alphabetically, A to M in room A1 and N to Z in room A2. Room B1 is closed. "
    "Return how many went to C2 and how many you seated elsewhere.",
    name="r53_exam_rooms_alpha",
    inputs={"exam": str},
    outputs={"c2": int, "elsewhere": int},
    actions=[list_candidates, assign_room],
)
CASES.append(
    Case(
        task=exam2,
        features=("act on all", "compute", "same action both sides", "code per item"),
        recorded={"exam": "maths"},
        answers=_ex,
        reference=exam_ref,
        held_out=[
            HeldOut("1 N-Z", {"exam": "chem"}),
            HeldOut("L + Y extra", {"exam": "bio"}),
            HeldOut("D + O", {"exam": "art"}),
        ],
    )
)


# ---------- 15 (B) a third code the words give for a second bound on one side
LV = {
    "sept": [("L1", 72), ("L2", 45), ("L3", 64), ("L4", 38)],
    "oct": [("L5", 93)],
    "nov": [("L6", 59), ("L7", 90)],
    "dec": [("L8", 61)],
}


class Score(BaseModel):
    student_id: str
    score: int


@action(read_only=True)
def list_students(intake: str) -> list[str]:
    """Ids of the students who took the placement test for an intake."""
    return [s for s, _ in LV[intake]]


@action(read_only=True)
def get_score(student_id: str) -> Score:
    """A student's placement-test score out of 100."""
    return Score(student_id=student_id, score=dict(x for v in LV.values() for x in v)[student_id])


@action
def enroll_student(student_id: str, level: str) -> str:
    """Enroll a student in a course level."""
    effect("enroll_student", student_id, level)
    return "enrolled"


lv3: Task[Any] = Task(
    "Enroll each new student of the intake: B1 if they scored 60 or more on the placement test, "
    "otherwise A2; the strongest, who scored 90 and up, skip straight to B2. Return how many you "
    "enrolled.",
    name="r53_levels_three_codes",
    inputs={"intake": str},
    outputs={"enrolled": int},
    actions=[list_students, get_score, enroll_student],
)


def lv3_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("enroll_student", s, "B2" if x >= 90 else "B1" if x >= 60 else "A2")
        for s, x in LV[i["intake"]]
    ]
    return Expected(eff, {"enrolled": len(eff)})


_l3 = [say("Who?", "list_students", intake=ref("intake"))]
for n, (_s, x) in enumerate(LV["sept"]):
    _l3.append(say("Score?", "get_score", student_id=ref(f"list_students_1.{n}")))
    _l3.append(say("60 or more?", "compute", expression=f"get_score_{n + 1}.score >= 60"))
    _l3.append(
        say(
            "Enrolling.",
            "enroll_student",
            student_id=ref(f"get_score_{n + 1}.student_id"),
            level="B1" if x >= 60 else "A2",
        )
    )
_l3.append(say("Four enrolled.", "finish", enrolled=4))
CASES.append(
    Case(
        task=lv3,
        features=("lookup each", "compute", "same action both sides", "third code"),
        recorded={"intake": "sept"},
        answers=_l3,
        reference=lv3_ref,
        held_out=[
            HeldOut("93", {"intake": "oct"}),
            HeldOut("59 + 90", {"intake": "nov"}),
            HeldOut("61", {"intake": "dec"}),
        ],
    )
)
CASES = at_least_three(CASES)
