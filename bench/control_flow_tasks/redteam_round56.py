"""Round 56 red team: a side acting on another field of the record its lookup was given
(get_customer(customer_id=jobs[n].customer_id) then confirm_job(job_id=jobs[n].id)), attacked.

Run with ``python /work/redteam/round56/api/run.py`` (against the frozen tree).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------- 1 van route: a search returns a list of routes; the loop is over route 0's stops,
# the lookups are given stops' customer ids (list_routes_1.0.stops.N.customer_id); the side books a
# pickup on the ROUTE (list_routes_1.0.id) for the customer. Place = the route, not the stop.
class Stop(BaseModel):
    id: str
    customer_id: str


class Route(BaseModel):
    id: str
    van: str
    stops: list[Stop]


class Shopper(BaseModel):
    id: str
    has_return: bool


ROUTES = {
    "V1": [("R-100", [("S1", "C1"), ("S2", "C2"), ("S3", "C3")])],
    "V2": [("R-200", [("S7", "C4"), ("S8", "C1")])],
    "V3": [("R-300", [("S9", "C2")])],
    "V4": [("R-400", [("R-401", "C5"), ("S12", "C3")])],
}
RETURNS = {"C1": True, "C2": False, "C3": True, "C4": True, "C5": True}


@action(read_only=True)
def find_routes(van: str) -> list[Route]:
    """Today's delivery routes driven by a van (a search: a list)."""
    return [
        Route(id=r, van=van, stops=[Stop(id=s, customer_id=c) for s, c in stops])
        for r, stops in ROUTES[van]
    ]


@action(read_only=True)
def get_shopper(customer_id: str) -> Shopper:
    """A customer and whether they have a parcel waiting to be returned."""
    return Shopper(id=customer_id, has_return=RETURNS[customer_id])


@action
def book_pickup(route_id: str, customer_id: str) -> str:
    """Add a return pickup for a customer to a route."""
    effect("book_pickup", route_id, customer_id)
    return "booked"


pickups: Task[Any] = Task(
    "Find today's route for the van. For every stop on it whose customer has a parcel waiting to "
    "be returned, book a return pickup on that route for the customer. Return how many pickups "
    "you booked.",
    name="r56_route_pickups",
    inputs={"van": str},
    outputs={"booked": int},
    actions=[find_routes, get_shopper, book_pickup],
)


def pickups_ref(i: dict[str, Any]) -> Expected:
    ((rid, stops),) = ROUTES[i["van"]]
    cs = [c for _, c in stops if RETURNS[c]]
    return Expected([("book_pickup", rid, c) for c in cs], {"booked": len(cs)})


CASES.append(
    Case(
        task=pickups,
        features=("nested list", "lookup given a field", "side acts on the outer record"),
        recorded={"van": "V1"},
        answers=[
            say("Van V1's route.", "find_routes", van=ref("van")),
            say(
                "First stop's customer.",
                "get_shopper",
                customer_id=ref("find_routes_1.0.stops.0.customer_id"),
            ),
            say(
                "C1 has a return: booking.",
                "book_pickup",
                route_id=ref("find_routes_1.0.id"),
                customer_id=ref("get_shopper_1.id"),
            ),
            say(
                "Second stop.",
                "get_shopper",
                customer_id=ref("find_routes_1.0.stops.1.customer_id"),
            ),
            say(
                "Third stop.", "get_shopper", customer_id=ref("find_routes_1.0.stops.2.customer_id")
            ),
            say(
                "C3 has a return: booking.",
                "book_pickup",
                route_id=ref("find_routes_1.0.id"),
                customer_id=ref("get_shopper_3.id"),
            ),
            say("Booked 2 pickups.", "finish", booked=2),
        ],
        reference=pickups_ref,
        held_out=[
            HeldOut("2 stops both returns", {"van": "V2"}),
            HeldOut("1 stop no return", {"van": "V3"}),
            HeldOut("stop id looks like a route", {"van": "V4"}),
        ],
    )
)


# ---------- 2 same, one-argument side acting on the route's driver (the outer record's field)
class Stop2(BaseModel):
    id: str
    customer_id: str
    driver_id: str  # the stop's assigned helper, not the route's driver


class Route2(BaseModel):
    id: str
    driver_id: str
    stops: list[Stop2]


ROUTES2 = {
    "mon": [("R-1", "D1", [("S1", "C1", "H1"), ("S2", "C2", "H2"), ("S3", "C3", "H3")])],
    "tue": [("R-2", "D2", [("S4", "C4", "H4"), ("S5", "C2", "H5")])],
    "wed": [("R-3", "D3", [("S6", "C3", "D3")])],
}


@action(read_only=True)
def search_routes(day: str) -> list[Route2]:
    """The delivery routes on a day (a search: a list); each stop names its helper."""
    return [
        Route2(
            id=r,
            driver_id=d,
            stops=[Stop2(id=s, customer_id=c, driver_id=h) for s, c, h in stops],  # type: ignore[misc]
        )
        for r, d, stops in ROUTES2[day]
    ]


@action
def text_driver(driver_id: str, customer_id: str) -> str:
    """Text a driver to collect a return from a customer."""
    effect("text_driver", driver_id, customer_id)
    return "sent"


Route2.model_rebuild()
drivers: Task[Any] = Task(
    "Look at the day's route. For every stop whose customer has a parcel to return, text the "
    "route's driver to collect it. Return how many texts you sent.",
    name="r56_route_driver",
    inputs={"day": str},
    outputs={"texts": int},
    actions=[search_routes, get_shopper, text_driver],
)


def drivers_ref(i: dict[str, Any]) -> Expected:
    ((_, d, stops),) = ROUTES2[i["day"]]
    cs = [c for _, c, _ in stops if RETURNS[c]]
    return Expected([("text_driver", d, c) for c in cs], {"texts": len(cs)})


CASES.append(
    Case(
        task=drivers,
        features=("nested list", "side acts on the outer record's field the inner one has too"),
        recorded={"day": "mon"},
        answers=[
            say("Monday's route.", "search_routes", day=ref("day")),
            say("Stop 1.", "get_shopper", customer_id=ref("search_routes_1.0.stops.0.customer_id")),
            say(
                "Return waiting: texting D1.",
                "text_driver",
                driver_id=ref("search_routes_1.0.driver_id"),
                customer_id=ref("get_shopper_1.id"),
            ),
            say("Stop 2.", "get_shopper", customer_id=ref("search_routes_1.0.stops.1.customer_id")),
            say("Stop 3.", "get_shopper", customer_id=ref("search_routes_1.0.stops.2.customer_id")),
            say(
                "Return waiting: texting D1.",
                "text_driver",
                driver_id=ref("search_routes_1.0.driver_id"),
                customer_id=ref("get_shopper_3.id"),
            ),
            say("Sent 2 texts.", "finish", texts=2),
        ],
        reference=drivers_ref,
        held_out=[
            HeldOut("1 of 2", {"day": "tue"}),
            HeldOut("helper is the driver", {"day": "wed"}),
        ],
    )
)


# ---------- 3 window cleaning with words naming a record field ("skip jobs on Elm Street")
class Job(BaseModel):
    id: str
    customer_id: str
    street: str


class Client(BaseModel):
    id: str
    paid_up: bool


JOBS = {
    "mon": [("W1", "K1", "Oak Street"), ("W2", "K2", "Ash Road"), ("W3", "K3", "Bay Lane")],
    "tue": [("W5", "K5", "Elm Street"), ("W6", "K1", "Fir Road")],
    "wed": [("W7", "K2", "Elm Street"), ("W8", "K6", "Yew Close")],
    "thu": [("W9", "K5", "Oak Street"), ("W9", "K5", "Oak Street")],
    "fri": [("W10", "K3", "Elm Street")],
}
PAID = {"K1": True, "K2": False, "K3": True, "K5": True, "K6": True}


@action(read_only=True)
def list_jobs(day: str) -> list[Job]:
    """Window-cleaning jobs planned for a day, with the street each is on."""
    return [Job(id=j, customer_id=c, street=s) for j, c, s in JOBS[day]]


@action(read_only=True)
def get_client(customer_id: str) -> Client:
    """A customer and whether their account is paid up."""
    return Client(id=customer_id, paid_up=PAID[customer_id])


@action
def confirm_job(job_id: str) -> str:
    """Confirm a cleaning job to the crew and the customer."""
    effect("confirm_job", job_id)
    return "confirmed"


@action
def hold_job(job_id: str, reason: str) -> str:
    """Put a cleaning job on hold with a reason."""
    effect("hold_job", job_id, reason)
    return "held"


elm: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs for customers whose account is paid up. Skip any "
    "job on Elm Street: the road is closed this week. Return how many jobs you confirmed.",
    name="r56_elm_street",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_jobs, get_client, confirm_job],
)


def elm_ref(i: dict[str, Any]) -> Expected:
    seen: list[str] = []
    for j, c, s in JOBS[i["day"]]:
        if PAID[c] and s != "Elm Street" and j not in seen:
            seen.append(j)
    return Expected([("confirm_job", j) for j in seen], {"confirmed": len(seen)})


def _jobs_recording(act: str = "confirm", both: bool = False) -> list[Any]:
    out = [say("Monday's jobs.", "list_jobs", day=ref("day"))]
    for n, paid in enumerate([True, False, True]):
        out.append(
            say(
                f"Is job {n + 1}'s customer paid up?",
                "get_client",
                customer_id=ref(f"list_jobs_1.{n}.customer_id"),
            )
        )
        if paid:
            out.append(
                say("Paid up: confirming.", "confirm_job", job_id=ref(f"list_jobs_1.{n}.id"))
            )
        elif both:
            out.append(
                say(
                    "Owes money: on hold.",
                    "hold_job",
                    job_id=ref(f"list_jobs_1.{n}.id"),
                    reason="account not paid up",
                )
            )
    return out


CASES.append(
    Case(
        task=elm,
        features=("decision in head", "words name a record field"),
        recorded={"day": "mon"},
        answers=[*_jobs_recording(), say("Confirmed 2.", "finish", confirmed=2)],
        reference=elm_ref,
        held_out=[
            HeldOut("paid job on Elm", {"day": "tue"}),
            HeldOut("unpaid on Elm", {"day": "wed"}),
            HeldOut("job listed twice", {"day": "thu"}),
            HeldOut("only Elm", {"day": "fri"}),
        ],
    )
)


# ---------- 4 both sides act: confirm or hold; counts typed
both: Task[Any] = Task(
    "Go through the day's window-cleaning jobs: confirm those whose customer is paid up, and put "
    "the others on hold with the reason 'account not paid up'. Return how many you confirmed "
    "and how many you held.",
    name="r56_confirm_or_hold",
    inputs={"day": str},
    outputs={"confirmed": int, "held": int},
    actions=[list_jobs, get_client, confirm_job, hold_job],
)


def both_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    c = h = 0
    for j, k, _ in JOBS[i["day"]]:
        if PAID[k]:
            eff.append(("confirm_job", j))
            c += 1
        else:
            eff.append(("hold_job", j, "account not paid up"))
            h += 1
    return Expected(eff, {"confirmed": c, "held": h})


CASES.append(
    Case(
        task=both,
        features=("decision in head", "both sides act on the record", "counts typed"),
        recorded={"day": "mon"},
        answers=[
            *_jobs_recording(both=True),
            say("2 confirmed, 1 held.", "finish", confirmed=2, held=1),
        ],
        reference=both_ref,
        held_out=[
            HeldOut("paid + paid", {"day": "tue"}),
            HeldOut("unpaid + paid", {"day": "wed"}),
            HeldOut("listed twice", {"day": "thu"}),
            HeldOut("single", {"day": "fri"}),
        ],
    )
)


# ---------- 5 parallel list of the same length: slots[n] acted on, jobs[n] looked up
class Slot(BaseModel):
    id: str
    time: str


SLOTS = {
    "mon": [("T1", "09:00"), ("T2", "11:00"), ("T3", "14:00")],
    "tue": [("T5", "10:00"), ("T6", "12:00")],
    "wed": [("T8", "08:00"), ("T9", "13:00")],
}


@action(read_only=True)
def list_slots(day: str) -> list[Slot]:
    """The crew's time slots for a day, one per planned job, in the jobs' order."""
    return [Slot(id=s, time=t) for s, t in SLOTS[day]]


@action
def reserve_slot(slot_id: str) -> str:
    """Reserve a crew time slot."""
    effect("reserve_slot", slot_id)
    return "reserved"


slots_task: Task[Any] = Task(
    "The crew's slots for the day are listed in the same order as the day's jobs. For each job "
    "whose customer is paid up, reserve its slot. Return how many slots you reserved.",
    name="r56_parallel_slots",
    inputs={"day": str},
    outputs={"reserved": int},
    actions=[list_jobs, list_slots, get_client, reserve_slot],
)


def slots_ref(i: dict[str, Any]) -> Expected:
    ids = [s for (_, k, _), (s, _) in zip(JOBS[i["day"]], SLOTS[i["day"]], strict=False) if PAID[k]]
    return Expected([("reserve_slot", s) for s in ids], {"reserved": len(ids)})


_sl = [
    say("Monday's jobs.", "list_jobs", day=ref("day")),
    say("And slots.", "list_slots", day=ref("day")),
]
for _n, _paid in enumerate([True, False, True]):
    _sl.append(
        say(
            f"Job {_n + 1}'s customer.",
            "get_client",
            customer_id=ref(f"list_jobs_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _sl.append(say("Paid: reserving.", "reserve_slot", slot_id=ref(f"list_slots_1.{_n}.id")))
CASES.append(
    Case(
        task=slots_task,
        features=("parallel list", "lookup given a field"),
        recorded={"day": "mon"},
        answers=[*_sl, say("Reserved 2.", "finish", reserved=2)],
        reference=slots_ref,
        held_out=[HeldOut("2 paid", {"day": "tue"}), HeldOut("1 of 2", {"day": "wed"})],
    )
)


# ---------- 6 a bound the words compare on a RECORD field ("skip jobs with more than 40 windows")
class BigJob(BaseModel):
    id: str
    customer_id: str
    windows: int
    access_code: str | None


BIG = {
    "mon": [("W1", "K1", 12, "4411"), ("W2", "K2", 30, "1200"), ("W3", "K3", 25, "9031")],
    "tue": [("W5", "K5", 64, "7000"), ("W6", "K1", 18, "5120")],
    "wed": [("W7", "K6", 20, None), ("W8", "K3", 35, "3003")],
    "thu": [("W9", "K6", 41, "1111"), ("W10", "K2", 90, "2222")],
}


@action(read_only=True)
def list_window_jobs(day: str) -> list[BigJob]:
    """Window-cleaning jobs planned for a day: how many windows and the gate access code."""
    return [BigJob(id=j, customer_id=c, windows=w, access_code=a) for j, c, w, a in BIG[day]]


bound: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs for customers whose account is paid up, but not jobs "
    "with more than 40 windows (those need the big crew, which is booked separately). Return how "
    "many jobs you confirmed.",
    name="r56_window_bound",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_window_jobs, get_client, confirm_job],
)


def bound_ref(i: dict[str, Any]) -> Expected:
    ids = [j for j, c, w, _ in BIG[i["day"]] if PAID[c] and w <= 40]
    return Expected([("confirm_job", j) for j in ids], {"confirmed": len(ids)})


def _big_recording(lst: str = "list_window_jobs_1") -> list[Any]:
    out = [say("Monday's jobs.", "list_window_jobs", day=ref("day"))]
    for n, paid in enumerate([True, False, True]):
        out.append(
            say(f"Job {n + 1}'s customer?", "get_client", customer_id=ref(f"{lst}.{n}.customer_id"))
        )
        if paid:
            out.append(
                say(
                    "Paid up and small enough: confirming.",
                    "confirm_job",
                    job_id=ref(f"{lst}.{n}.id"),
                )
            )
    return out


CASES.append(
    Case(
        task=bound,
        features=("decision in head", "bound in words on a record field"),
        recorded={"day": "mon"},
        answers=[*_big_recording(), say("Confirmed 2.", "finish", confirmed=2)],
        reference=bound_ref,
        held_out=[
            HeldOut("64 windows paid", {"day": "tue"}),
            HeldOut("ordinary", {"day": "wed"}),
            HeldOut("41 and 90", {"day": "thu"}),
        ],
    )
)

# ---------- 7 a field the words say a record may lack ("no access code")
lack: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs for customers whose account is paid up. Skip jobs "
    "with no gate access code on file. Return how many jobs you confirmed.",
    name="r56_no_access_code",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_window_jobs, get_client, confirm_job],
)


def lack_ref(i: dict[str, Any]) -> Expected:
    ids = [j for j, c, _, a in BIG[i["day"]] if PAID[c] and a is not None]
    return Expected([("confirm_job", j) for j in ids], {"confirmed": len(ids)})


CASES.append(
    Case(
        task=lack,
        features=("decision in head", "record field may be missing"),
        recorded={"day": "mon"},
        answers=[*_big_recording(), say("Confirmed 2.", "finish", confirmed=2)],
        reference=lack_ref,
        held_out=[
            HeldOut("ordinary", {"day": "tue"}),
            HeldOut("paid, no code", {"day": "wed"}),
            HeldOut("unpaid mix", {"day": "thu"}),
        ],
    )
)


# ---------- 8 a status word on the record the model kept in its head; other side differed
class SJob(BaseModel):
    id: str
    customer_id: str
    status: str


SJOBS = {
    "mon": [
        ("W1", "K1", "scheduled"),
        ("W2", "K3", "cancelled"),
        ("W3", "K2", "scheduled"),
        ("W4", "K5", "scheduled"),
    ],
    "tue": [("W5", "K5", "cancelled"), ("W6", "K1", "scheduled")],
    "wed": [("W7", "K6", "scheduled"), ("W8", "K3", "rescheduled")],
}


@action(read_only=True)
def list_day_jobs(day: str) -> list[SJob]:
    """Window-cleaning jobs for a day with their booking status."""
    return [SJob(id=j, customer_id=c, status=s) for j, c, s in SJOBS[day]]


status_task: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs whose customer's account is paid up. Return how many "
    "jobs you confirmed.",
    name="r56_status_in_head",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_day_jobs, get_client, confirm_job],
)


def status_ref(i: dict[str, Any]) -> Expected:
    ids = [j for j, c, s in SJOBS[i["day"]] if PAID[c] and s == "scheduled"]
    return Expected([("confirm_job", j) for j in ids], {"confirmed": len(ids)})


_st = [say("Monday's jobs.", "list_day_jobs", day=ref("day"))]
for _n, _act in enumerate([True, False, False, True]):
    _st.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_day_jobs_1.{_n}.customer_id"),
        )
    )
    if _act:
        _st.append(
            say("Paid up: confirming.", "confirm_job", job_id=ref(f"list_day_jobs_1.{_n}.id"))
        )
CASES.append(
    Case(
        task=status_task,
        features=("decision in head", "record status kept in head"),
        recorded={"day": "mon"},
        answers=[*_st, say("Confirmed 2 (W2 was cancelled anyway).", "finish", confirmed=2)],
        reference=status_ref,
        held_out=[
            HeldOut("paid but cancelled", {"day": "tue"}),
            HeldOut("rescheduled", {"day": "wed"}),
        ],
    )
)


# ---------- 9 a value copied as a plain word (surname), one acting repetition
class Guest(BaseModel):
    id: str
    surname: str


class Passport(BaseModel):
    guest_id: str
    verified: bool


PARTY = {
    "P1": [("G1", "Okafor"), ("G2", "Lindqvist"), ("G3", "Moreau")],
    "P2": [("G4", "Tanaka"), ("G5", "Silva")],
    "P3": [("G6", "Novak")],
}
VERIFIED = {"G1": False, "G2": True, "G3": False, "G4": True, "G5": True, "G6": True}


@action(read_only=True)
def list_party(party_id: str) -> list[Guest]:
    """The guests of a travelling party."""
    return [Guest(id=g, surname=s) for g, s in PARTY[party_id]]


@action(read_only=True)
def get_passport(guest_id: str) -> Passport:
    """Whether a guest's passport has been verified."""
    return Passport(guest_id=guest_id, verified=VERIFIED[guest_id])


@action
def check_in(surname: str) -> str:
    """Check a guest in at the desk by surname."""
    effect("check_in", surname)
    return "checked in"


guests: Task[Any] = Task(
    "Check in every guest of the party whose passport has been verified. Return how many you "
    "checked in.",
    name="r56_copied_surname",
    inputs={"party_id": str},
    outputs={"checked_in": int},
    actions=[list_party, get_passport, check_in],
)


def guests_ref(i: dict[str, Any]) -> Expected:
    ss = [s for g, s in PARTY[i["party_id"]] if VERIFIED[g]]
    return Expected([("check_in", s) for s in ss], {"checked_in": len(ss)})


CASES.append(
    Case(
        task=guests,
        features=("decision in head", "value copied, no digit", "one acting repetition"),
        recorded={"party_id": "P1"},
        answers=[
            say("The party.", "list_party", party_id=ref("party_id")),
            say("Okafor's passport?", "get_passport", guest_id=ref("list_party_1.0.id")),
            say("Lindqvist's passport?", "get_passport", guest_id=ref("list_party_1.1.id")),
            say("Verified: checking in Lindqvist.", "check_in", surname="Lindqvist"),
            say("Moreau's passport?", "get_passport", guest_id=ref("list_party_1.2.id")),
            say("Checked in 1.", "finish", checked_in=1),
        ],
        reference=guests_ref,
        held_out=[
            HeldOut("2 verified", {"party_id": "P2"}),
            HeldOut("1 verified", {"party_id": "P3"}),
        ],
    )
)


# ---------- 10 per customer, the lookup is given a field of a record in the customer's OWN list
# (get_ticket(ticket_id=get_account_2.tickets.0.id)); the side escalates that same ticket. The
# recording's customers each had their open ticket first.
class TicketRef(BaseModel):
    id: str
    status: str


class Account(BaseModel):
    id: str
    tickets: list[TicketRef]


class Ticket(BaseModel):
    id: str
    hours_waiting: int


ACCTS = {
    "A1": [("T1", "open")],
    "A2": [("T2", "open"), ("T3", "closed")],
    "A3": [("T4", "open")],
    "A4": [("T5", "closed"), ("T6", "open")],
    "A5": [("T7", "open")],
}
WAIT = {"T1": 60, "T2": 12, "T3": 90, "T4": 72, "T5": 100, "T6": 10, "T7": 55}
LISTS = {"north": ["A1", "A2", "A3"], "south": ["A4", "A5"], "east": ["A5", "A2"]}


@action(read_only=True)
def list_priority_accounts(region: str) -> list[str]:
    """Ids of the priority accounts in a region."""
    return list(LISTS[region])


@action(read_only=True)
def get_account(account_id: str) -> Account:
    """An account with its support tickets (id and status)."""
    return Account(id=account_id, tickets=[TicketRef(id=t, status=s) for t, s in ACCTS[account_id]])


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """A support ticket and how many hours it has been waiting."""
    return Ticket(id=ticket_id, hours_waiting=WAIT[ticket_id])


@action
def escalate_ticket(ticket_id: str) -> str:
    """Escalate a support ticket to tier 2."""
    effect("escalate_ticket", ticket_id)
    return "escalated"


tickets: Task[Any] = Task(
    "For each priority account in the region, find its open support ticket and escalate it if "
    "it has been waiting more than 48 hours. Return how many tickets you escalated.",
    name="r56_first_ticket",
    inputs={"region": str},
    outputs={"escalated": int},
    actions=[list_priority_accounts, get_account, get_ticket, escalate_ticket],
)


def tickets_ref(i: dict[str, Any]) -> Expected:
    out = []
    for a in LISTS[i["region"]]:
        for t, s in ACCTS[a]:
            if s == "open" and WAIT[t] > 48:
                out.append(t)
    return Expected([("escalate_ticket", t) for t in out], {"escalated": len(out)})


_tk = [say("Priority accounts.", "list_priority_accounts", region=ref("region"))]
for _n, (_acc, _esc) in enumerate([("A1", True), ("A2", False), ("A3", True)]):
    _tk.append(
        say(f"Account {_acc}.", "get_account", account_id=ref(f"list_priority_accounts_1.{_n}"))
    )
    _tk.append(
        say("Its open ticket.", "get_ticket", ticket_id=ref(f"get_account_{_n + 1}.tickets.0.id"))
    )
    _tk.append(
        say("Waiting long?", "compute", expression=f"get_ticket_{_n + 1}.hours_waiting > 48")
    )
    if _esc:
        _tk.append(
            say(
                "Over 48 hours: escalating.",
                "escalate_ticket",
                ticket_id=ref(f"get_account_{_n + 1}.tickets.0.id"),
            )
        )
CASES.append(
    Case(
        task=tickets,
        features=("place in a per-item result", "compute decision"),
        recorded={"region": "north"},
        answers=[*_tk, say("Escalated 2.", "finish", escalated=2)],
        reference=tickets_ref,
        held_out=[
            HeldOut("open ticket second", {"region": "south"}),
            HeldOut("ordinary", {"region": "east"}),
        ],
    )
)


# ---------- 11 same job listed twice with a different slot (not identical records)
class TJob(BaseModel):
    id: str
    customer_id: str
    slot: str


TJOBS = {
    "mon": [("W1", "K1", "am"), ("W2", "K2", "am"), ("W3", "K3", "pm")],
    "tue": [("W5", "K5", "am"), ("W5", "K5", "pm")],
    "wed": [("W6", "K1", "pm"), ("W7", "K6", "am")],
}


@action(read_only=True)
def list_slot_jobs(day: str) -> list[TJob]:
    """Window-cleaning jobs for a day, with the slot each is planned in."""
    return [TJob(id=j, customer_id=c, slot=s) for j, c, s in TJOBS[day]]


dup: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs whose customer's account is paid up. Return how many "
    "jobs you confirmed.",
    name="r56_job_twice",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_slot_jobs, get_client, confirm_job],
)


def dup_ref(i: dict[str, Any]) -> Expected:
    seen: list[str] = []
    for j, c, _ in TJOBS[i["day"]]:
        if PAID[c] and j not in seen:
            seen.append(j)
    return Expected([("confirm_job", j) for j in seen], {"confirmed": len(seen)})


_dp = [say("Monday's jobs.", "list_slot_jobs", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _dp.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_slot_jobs_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _dp.append(
            say("Paid up: confirming.", "confirm_job", job_id=ref(f"list_slot_jobs_1.{_n}.id"))
        )
CASES.append(
    Case(
        task=dup,
        features=("decision in head", "record listed twice, other field differs"),
        recorded={"day": "mon"},
        answers=[*_dp, say("Confirmed 2.", "finish", confirmed=2)],
        reference=dup_ref,
        held_out=[
            HeldOut("same job twice, two slots", {"day": "tue"}),
            HeldOut("ordinary", {"day": "wed"}),
        ],
    )
)


# ---------- 12 the side passes ANOTHER record of the list too (the job before it on the route);
# one repetition acted, so nothing compared its place with another's
class PJob(BaseModel):
    id: str
    customer_id: str


PJOBS = {
    "mon": [("W1", "K2"), ("W2", "K3"), ("W3", "K2")],
    "tue": [("W4", "K2"), ("W5", "K5"), ("W6", "K1")],
    "wed": [("W7", "K2"), ("W8", "K2"), ("W9", "K6")],
    "thu": [("W10", "K6"), ("W11", "K2")],
}


@action(read_only=True)
def list_route_jobs(day: str) -> list[PJob]:
    """The day's window-cleaning jobs in route order."""
    return [PJob(id=j, customer_id=c) for j, c in PJOBS[day]]


@action
def confirm_with_travel(job_id: str, coming_from: str) -> str:
    """Confirm a cleaning job, telling the crew which job on the route they come from."""
    effect("confirm_with_travel", job_id, coming_from)
    return "confirmed"


travel: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs whose customer is paid up. When you confirm a job, "
    "tell the crew which job comes just before it on the route list (the depot, 'DEPOT', for the "
    "first). Return how many jobs you confirmed.",
    name="r56_previous_job",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_route_jobs, get_client, confirm_with_travel],
)


def travel_ref(i: dict[str, Any]) -> Expected:
    js = PJOBS[i["day"]]
    out = [(j, js[n - 1][0] if n else "DEPOT") for n, (j, c) in enumerate(js) if PAID[c]]
    return Expected([("confirm_with_travel", j, f) for j, f in out], {"confirmed": len(out)})


CASES.append(
    Case(
        task=travel,
        features=("decision in head", "side passes the previous record", "one acting repetition"),
        recorded={"day": "mon"},
        answers=[
            say("Monday's route.", "list_route_jobs", day=ref("day")),
            say("W1's customer?", "get_client", customer_id=ref("list_route_jobs_1.0.customer_id")),
            say("W2's customer?", "get_client", customer_id=ref("list_route_jobs_1.1.customer_id")),
            say(
                "Paid: confirming W2, coming from W1.",
                "confirm_with_travel",
                job_id=ref("list_route_jobs_1.1.id"),
                coming_from=ref("list_route_jobs_1.0.id"),
            ),
            say("W3's customer?", "get_client", customer_id=ref("list_route_jobs_1.2.customer_id")),
            say("Confirmed 1.", "finish", confirmed=1),
        ],
        reference=travel_ref,
        held_out=[
            HeldOut("two paid at 2,3", {"day": "tue"}),
            HeldOut("one paid at 3", {"day": "wed"}),
            HeldOut("first paid", {"day": "thu"}),
        ],
    )
)


# ---------- 13 crew copied from the FIRST job (all alike when recorded); each job has its own crew
class CJob(BaseModel):
    id: str
    customer_id: str
    crew_id: str


CJOBS = {
    "mon": [("W1", "K1", "CR1"), ("W2", "K2", "CR1"), ("W3", "K3", "CR1")],
    "tue": [("W4", "K5", "CR2"), ("W5", "K1", "CR3")],
    "wed": [("W6", "K2", "CR4"), ("W7", "K6", "CR4")],
}


@action(read_only=True)
def list_crew_jobs(day: str) -> list[CJob]:
    """The day's window-cleaning jobs, each with the crew planned for it."""
    return [CJob(id=j, customer_id=c, crew_id=r) for j, c, r in CJOBS[day]]


@action
def dispatch(job_id: str, crew_id: str) -> str:
    """Dispatch a crew to a cleaning job."""
    effect("dispatch", job_id, crew_id)
    return "dispatched"


crew: Task[Any] = Task(
    "Dispatch each of the day's window-cleaning jobs whose customer is paid up to the crew "
    "planned for it. Return how many jobs you dispatched.",
    name="r56_first_crew",
    inputs={"day": str},
    outputs={"dispatched": int},
    actions=[list_crew_jobs, get_client, dispatch],
)


def crew_ref(i: dict[str, Any]) -> Expected:
    out = [(j, r) for j, c, r in CJOBS[i["day"]] if PAID[c]]
    return Expected([("dispatch", j, r) for j, r in out], {"dispatched": len(out)})


CASES.append(
    Case(
        task=crew,
        features=("decision in head", "side passes the first record's field"),
        recorded={"day": "mon"},
        answers=[
            say("Monday's jobs (all crew CR1).", "list_crew_jobs", day=ref("day")),
            say("W1's customer?", "get_client", customer_id=ref("list_crew_jobs_1.0.customer_id")),
            say(
                "Paid: dispatching.",
                "dispatch",
                job_id=ref("list_crew_jobs_1.0.id"),
                crew_id=ref("list_crew_jobs_1.0.crew_id"),
            ),
            say("W2's customer?", "get_client", customer_id=ref("list_crew_jobs_1.1.customer_id")),
            say("W3's customer?", "get_client", customer_id=ref("list_crew_jobs_1.2.customer_id")),
            say(
                "Paid: dispatching, same crew.",
                "dispatch",
                job_id=ref("list_crew_jobs_1.2.id"),
                crew_id=ref("list_crew_jobs_1.0.crew_id"),
            ),
            say("Dispatched 2.", "finish", dispatched=2),
        ],
        reference=crew_ref,
        held_out=[
            HeldOut("crews differ", {"day": "tue"}),
            HeldOut("one paid", {"day": "wed"}),
        ],
    )
)


# ---------- 14 the decision compute reads the lookup AND the record by place
compute_both: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs whose customer is paid up and that have at most 40 "
    "windows. Return how many jobs you confirmed.",
    name="r56_compute_record",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_window_jobs, get_client, confirm_job],
)

_cb = [say("Monday's jobs.", "list_window_jobs", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _cb.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_window_jobs_1.{_n}.customer_id"),
        )
    )
    _cb.append(
        say(
            "Confirm?",
            "compute",
            expression=f"get_client_{_n + 1}.paid_up and list_window_jobs_1.{_n}.windows <= 40",
        )
    )
    if _paid:
        _cb.append(
            say("Yes: confirming.", "confirm_job", job_id=ref(f"list_window_jobs_1.{_n}.id"))
        )
CASES.append(
    Case(
        task=compute_both,
        features=("compute reads lookup and record by place",),
        recorded={"day": "mon"},
        answers=[*_cb, say("Confirmed 2.", "finish", confirmed=2)],
        reference=bound_ref,
        held_out=[
            HeldOut("64 windows paid", {"day": "tue"}),
            HeldOut("ordinary", {"day": "wed"}),
            HeldOut("41 and 90", {"day": "thu"}),
        ],
    )
)


# ---------- 15 both sides act on the record, no word fields; counts typed
class BJob(BaseModel):
    id: str
    customer_id: str


BJOBS = {
    "mon": [("W1", "K1"), ("W2", "K2"), ("W3", "K3")],
    "tue": [("W4", "K5"), ("W5", "K1")],
    "wed": [("W6", "K2"), ("W7", "K6"), ("W8", "K2")],
    "thu": [],
}


@action(read_only=True)
def list_booked_jobs(day: str) -> list[BJob]:
    """The day's booked window-cleaning jobs."""
    return [BJob(id=j, customer_id=c) for j, c in BJOBS[day]]


@action
def send_payment_link(customer_id: str, job_id: str) -> str:
    """Email a customer a payment link for a job."""
    effect("send_payment_link", customer_id, job_id)
    return "sent"


both2: Task[Any] = Task(
    "Go through the day's booked jobs: confirm those whose customer is paid up; for the others, "
    "email the customer a payment link for the job instead. Return how many jobs you confirmed "
    "and how many payment links you sent.",
    name="r56_confirm_or_link",
    inputs={"day": str},
    outputs={"confirmed": int, "links_sent": int},
    actions=[list_booked_jobs, get_client, confirm_job, send_payment_link],
)


def both2_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    for j, k in BJOBS[i["day"]]:
        eff.append(("confirm_job", j) if PAID[k] else ("send_payment_link", k, j))
    c = sum(1 for e in eff if e[0] == "confirm_job")
    return Expected(eff, {"confirmed": c, "links_sent": len(eff) - c})


_b2 = [say("Monday's jobs.", "list_booked_jobs", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _b2.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_booked_jobs_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _b2.append(
            say("Paid: confirming.", "confirm_job", job_id=ref(f"list_booked_jobs_1.{_n}.id"))
        )
    else:
        _b2.append(
            say(
                "Owes: payment link.",
                "send_payment_link",
                customer_id=ref(f"get_client_{_n + 1}.id"),
                job_id=ref(f"list_booked_jobs_1.{_n}.id"),
            )
        )
CASES.append(
    Case(
        task=both2,
        features=("decision in head", "both sides act on the record", "counts typed"),
        recorded={"day": "mon"},
        answers=[*_b2, say("2 confirmed, 1 link.", "finish", confirmed=2, links_sent=1)],
        reference=both2_ref,
        held_out=[
            HeldOut("all paid", {"day": "tue"}),
            HeldOut("2 owe", {"day": "wed"}),
            HeldOut("none", {"day": "thu"}),
        ],
    )
)


# ---------- 16 nested under a single result: loop over get_week_1.days.0.jobs; the lookups'
# first index is the DAY (days.0), so the "place" is the day; the side passes the day's id
class DJob(BaseModel):
    id: str
    customer_id: str


class Day(BaseModel):
    id: str
    jobs: list[DJob]


class Week(BaseModel):
    id: str
    days: list[Day]


WEEKS = {
    "wk1": [("D-MON-1", [("J1", "K1"), ("J2", "K2"), ("J3", "K3")]), ("D-TUE-1", [("J4", "K5")])],
    "wk2": [("D-MON-2", [("J5", "K5"), ("J6", "K1")]), ("D-TUE-2", [])],
    "wk3": [("D-MON-3", [("D-MON-3", "K6"), ("J8", "K2")])],
}


@action(read_only=True)
def get_week(week: str) -> Week:
    """A week's schedule: its days (Monday first), each with its window-cleaning jobs."""
    return Week(
        id=week,
        days=[Day(id=d, jobs=[DJob(id=j, customer_id=c) for j, c in js]) for d, js in WEEKS[week]],
    )


@action
def reserve_permit(day_id: str, customer_id: str) -> str:
    """Reserve a street parking permit for a customer's address on a day."""
    effect("reserve_permit", day_id, customer_id)
    return "reserved"


permits: Task[Any] = Task(
    "For every Monday job of the week whose customer is paid up, reserve a parking permit for "
    "that customer on Monday. Return how many permits you reserved.",
    name="r56_week_monday",
    inputs={"week": str},
    outputs={"reserved": int},
    actions=[get_week, get_client, reserve_permit],
)


def permits_ref(i: dict[str, Any]) -> Expected:
    d, js = WEEKS[i["week"]][0]
    cs = [c for _, c in js if PAID[c]]
    return Expected([("reserve_permit", d, c) for c in cs], {"reserved": len(cs)})


_wk = [say("This week's schedule.", "get_week", week=ref("week"))]
for _n, _paid in enumerate([True, False, True]):
    _wk.append(
        say(
            f"Monday job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"get_week_1.days.0.jobs.{_n}.customer_id"),
        )
    )
    if _paid:
        _wk.append(
            say(
                "Paid: permit.",
                "reserve_permit",
                day_id=ref("get_week_1.days.0.id"),
                customer_id=ref(f"get_client_{_n + 1}.id"),
            )
        )
CASES.append(
    Case(
        task=permits,
        features=("nested list", "side passes the outer record's field"),
        recorded={"week": "wk1"},
        answers=[*_wk, say("Reserved 2.", "finish", reserved=2)],
        reference=permits_ref,
        held_out=[
            HeldOut("2 paid", {"week": "wk2"}),
            HeldOut("job id like day id", {"week": "wk3"}),
        ],
    )
)

# ---------- 17 previous-job with a compute decision (not in the head)
travel_c: Task[Any] = Task(
    travel.description,
    name="r56_previous_job_compute",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_route_jobs, get_client, confirm_with_travel],
)
CASES.append(
    Case(
        task=travel_c,
        features=("compute decision", "side passes the previous record"),
        recorded={"day": "mon"},
        answers=[
            say("Monday's route.", "list_route_jobs", day=ref("day")),
            say("W1's customer?", "get_client", customer_id=ref("list_route_jobs_1.0.customer_id")),
            say("Paid?", "compute", expression="get_client_1.paid_up"),
            say("W2's customer?", "get_client", customer_id=ref("list_route_jobs_1.1.customer_id")),
            say("Paid?", "compute", expression="get_client_2.paid_up"),
            say(
                "Paid: confirming W2, coming from W1.",
                "confirm_with_travel",
                job_id=ref("list_route_jobs_1.1.id"),
                coming_from=ref("list_route_jobs_1.0.id"),
            ),
            say("W3's customer?", "get_client", customer_id=ref("list_route_jobs_1.2.customer_id")),
            say("Paid?", "compute", expression="get_client_3.paid_up"),
            say("Confirmed 1.", "finish", confirmed=1),
        ],
        reference=travel_ref,
        held_out=[
            HeldOut("two paid at 2,3", {"day": "tue"}),
            HeldOut("one paid at 3", {"day": "wed"}),
            HeldOut("first paid", {"day": "thu"}),
        ],
    )
)


# ---------- 18 control: plain id list (no record fields), side passes ids[n-1]: is the constant
# place older than the new rule?
IDS = {
    "mon": ["W1", "W2", "W3"],
    "tue": ["W4", "W5", "W6"],
    "wed": ["W7", "W8", "W9"],
    "thu": ["W10", "W11"],
}
OWNER = {
    "W1": "K2",
    "W2": "K3",
    "W3": "K2",
    "W4": "K2",
    "W5": "K5",
    "W6": "K1",
    "W7": "K2",
    "W8": "K2",
    "W9": "K6",
    "W10": "K6",
    "W11": "K2",
}


class JobInfo(BaseModel):
    id: str
    customer_paid_up: bool


@action(read_only=True)
def list_route_job_ids(day: str) -> list[str]:
    """Ids of the day's window-cleaning jobs in route order."""
    return list(IDS[day])


@action(read_only=True)
def get_job_info(job_id: str) -> JobInfo:
    """A job and whether its customer's account is paid up."""
    return JobInfo(id=job_id, customer_paid_up=PAID[OWNER[job_id]])


travel_ids: Task[Any] = Task(
    travel.description,
    name="r56_previous_id",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_route_job_ids, get_job_info, confirm_with_travel],
)


def travel_ids_ref(i: dict[str, Any]) -> Expected:
    js = IDS[i["day"]]
    out = [(j, js[n - 1] if n else "DEPOT") for n, j in enumerate(js) if PAID[OWNER[j]]]
    return Expected([("confirm_with_travel", j, f) for j, f in out], {"confirmed": len(out)})


CASES.append(
    Case(
        task=travel_ids,
        features=("compute decision", "side passes the previous id", "control"),
        recorded={"day": "mon"},
        answers=[
            say("Monday's route.", "list_route_job_ids", day=ref("day")),
            say("W1?", "get_job_info", job_id=ref("list_route_job_ids_1.0")),
            say("Paid?", "compute", expression="get_job_info_1.customer_paid_up"),
            say("W2?", "get_job_info", job_id=ref("list_route_job_ids_1.1")),
            say("Paid?", "compute", expression="get_job_info_2.customer_paid_up"),
            say(
                "Paid: confirming W2, coming from W1.",
                "confirm_with_travel",
                job_id=ref("list_route_job_ids_1.1"),
                coming_from=ref("list_route_job_ids_1.0"),
            ),
            say("W3?", "get_job_info", job_id=ref("list_route_job_ids_1.2")),
            say("Paid?", "compute", expression="get_job_info_3.customer_paid_up"),
            say("Confirmed 1.", "finish", confirmed=1),
        ],
        reference=travel_ids_ref,
        held_out=[
            HeldOut("two paid at 2,3", {"day": "tue"}),
            HeldOut("one paid at 3", {"day": "wed"}),
            HeldOut("first paid", {"day": "thu"}),
        ],
    )
)


# ---------- 19 the agent does not look the same customer up twice (W2 shares W1's customer)
SHARE = {
    "mon": [("W1", "K1"), ("W2", "K1"), ("W3", "K2"), ("W4", "K3")],
    "tue": [("W5", "K2"), ("W6", "K2"), ("W7", "K1")],
    "wed": [("W8", "K6"), ("W9", "K2"), ("W10", "K6")],
}


@action(read_only=True)
def list_open_jobs(day: str) -> list[BJob]:
    """The day's open window-cleaning jobs."""
    return [BJob(id=j, customer_id=c) for j, c in SHARE[day]]


share: Task[Any] = Task(
    "Confirm the day's open window-cleaning jobs whose customer is paid up. Return how many jobs "
    "you confirmed.",
    name="r56_shared_customer",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_open_jobs, get_client, confirm_job],
)


def share_ref(i: dict[str, Any]) -> Expected:
    ids = [j for j, c in SHARE[i["day"]] if PAID[c]]
    return Expected([("confirm_job", j) for j in ids], {"confirmed": len(ids)})


CASES.append(
    Case(
        task=share,
        features=("decision in head", "lookup skipped for a customer already seen"),
        recorded={"day": "mon"},
        answers=[
            say("Monday's open jobs.", "list_open_jobs", day=ref("day")),
            say("K1?", "get_client", customer_id=ref("list_open_jobs_1.0.customer_id")),
            say("Paid: confirming W1.", "confirm_job", job_id=ref("list_open_jobs_1.0.id")),
            say("W2 is K1 too: confirming.", "confirm_job", job_id=ref("list_open_jobs_1.1.id")),
            say("K2?", "get_client", customer_id=ref("list_open_jobs_1.2.customer_id")),
            say("K3?", "get_client", customer_id=ref("list_open_jobs_1.3.customer_id")),
            say("Paid: confirming W4.", "confirm_job", job_id=ref("list_open_jobs_1.3.id")),
            say("Confirmed 3.", "finish", confirmed=3),
        ],
        reference=share_ref,
        held_out=[
            HeldOut("unpaid shared", {"day": "tue"}),
            HeldOut("paid shared apart", {"day": "wed"}),
        ],
    )
)


# ---------- 20 two calls on the side: confirm the job and text the customer of the record
@action
def text_customer(customer_id: str, job_id: str) -> str:
    """Text a customer that their job is confirmed."""
    effect("text_customer", customer_id, job_id)
    return "texted"


two: Task[Any] = Task(
    "Confirm the day's booked jobs whose customer is paid up, and text each of those customers "
    "that their job is confirmed. Return how many jobs you confirmed.",
    name="r56_two_calls",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_booked_jobs, get_client, confirm_job, text_customer],
)


def two_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    for j, k in BJOBS[i["day"]]:
        if PAID[k]:
            eff += [("confirm_job", j), ("text_customer", k, j)]
    return Expected(eff, {"confirmed": len(eff) // 2})


_tw = [say("Monday's jobs.", "list_booked_jobs", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _tw.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_booked_jobs_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _tw.append(
            say("Paid: confirming.", "confirm_job", job_id=ref(f"list_booked_jobs_1.{_n}.id"))
        )
        _tw.append(
            say(
                "Texting them.",
                "text_customer",
                customer_id=ref(f"list_booked_jobs_1.{_n}.customer_id"),
                job_id=ref(f"list_booked_jobs_1.{_n}.id"),
            )
        )
CASES.append(
    Case(
        task=two,
        features=("decision in head", "two calls on a side", "record fields"),
        recorded={"day": "mon"},
        answers=[*_tw, say("Confirmed 2.", "finish", confirmed=2)],
        reference=two_ref,
        held_out=[
            HeldOut("all paid", {"day": "tue"}),
            HeldOut("2 owe", {"day": "wed"}),
            HeldOut("none", {"day": "thu"}),
        ],
    )
)


# ---------- 21 one paid job recorded: assigned the first free crew; crews are used up
class Crew(BaseModel):
    id: str
    name: str


CREWS = {
    "mon": [("CR1", "Ana"), ("CR2", "Ben")],
    "tue": [("CR3", "Cy"), ("CR4", "Di")],
    "wed": [("CR5", "Ed"), ("CR6", "Flo")],
}
FREE_JOBS = {
    "mon": [("W1", "K2"), ("W2", "K3"), ("W3", "K2")],
    "tue": [("W4", "K1"), ("W5", "K5")],
    "wed": [("W6", "K2"), ("W7", "K6")],
}


@action(read_only=True)
def list_free_crews(day: str) -> list[Crew]:
    """Crews free on a day. Each crew can take one job a day."""
    return [Crew(id=c, name=n) for c, n in CREWS[day]]


@action(read_only=True)
def list_unassigned_jobs(day: str) -> list[BJob]:
    """The day's window-cleaning jobs with no crew yet."""
    return [BJob(id=j, customer_id=c) for j, c in FREE_JOBS[day]]


@action
def assign_crew(job_id: str, crew_id: str) -> str:
    """Assign a crew to a job (a crew takes one job a day)."""
    effect("assign_crew", job_id, crew_id)
    return "assigned"


assign: Task[Any] = Task(
    "Assign a free crew to each of the day's unassigned jobs whose customer is paid up, taking "
    "the free crews in the order listed (a crew takes one job a day). Return how many jobs you "
    "assigned.",
    name="r56_first_free_crew",
    inputs={"day": str},
    outputs={"assigned": int},
    actions=[list_free_crews, list_unassigned_jobs, get_client, assign_crew],
)


def assign_ref(i: dict[str, Any]) -> Expected:
    crews = [c for c, _ in CREWS[i["day"]]]
    jobs = [j for j, k in FREE_JOBS[i["day"]] if PAID[k]]
    eff = [("assign_crew", j, c) for j, c in zip(jobs, crews, strict=False)]
    return Expected(eff, {"assigned": len(eff)})


CASES.append(
    Case(
        task=assign,
        features=("decision in head", "one acting repetition", "outer list by place, used up"),
        recorded={"day": "mon"},
        answers=[
            say("Free crews.", "list_free_crews", day=ref("day")),
            say("Unassigned jobs.", "list_unassigned_jobs", day=ref("day")),
            say(
                "W1's customer?",
                "get_client",
                customer_id=ref("list_unassigned_jobs_1.0.customer_id"),
            ),
            say(
                "W2's customer?",
                "get_client",
                customer_id=ref("list_unassigned_jobs_1.1.customer_id"),
            ),
            say(
                "Paid: Ana's crew takes W2.",
                "assign_crew",
                job_id=ref("list_unassigned_jobs_1.1.id"),
                crew_id=ref("list_free_crews_1.0.id"),
            ),
            say(
                "W3's customer?",
                "get_client",
                customer_id=ref("list_unassigned_jobs_1.2.customer_id"),
            ),
            say("Assigned 1.", "finish", assigned=1),
        ],
        reference=assign_ref,
        held_out=[
            HeldOut("two paid", {"day": "tue"}),
            HeldOut("one paid (2nd)", {"day": "wed"}),
        ],
    )
)


# ---------- 22 records as plain dicts (key access), both sides, a status word every item had
DJOBS = {
    "mon": [("W1", "K1", "booked"), ("W2", "K2", "booked"), ("W3", "K3", "booked")],
    "tue": [("W4", "K5", "booked"), ("W5", "K2", "booked")],
    "wed": [("W6", "K1", "booked"), ("W7", "K6", "on hold")],
    "thu": [("W8", "K2", "on hold"), ("W9", "K3", "booked")],
}


@action(read_only=True)
def list_jobs_table(day: str) -> list[dict[str, str]]:
    """The day's window-cleaning jobs as rows: id, customer_id, status."""
    return [{"id": j, "customer_id": c, "status": s} for j, c, s in DJOBS[day]]


@action
def cancel_job(job_id: str, customer_id: str) -> str:
    """Cancel a job and tell the customer why."""
    effect("cancel_job", job_id, customer_id)
    return "cancelled"


dicts: Task[Any] = Task(
    "For each of the day's booked jobs: confirm it if the customer is paid up, otherwise cancel "
    "it. Return how many you confirmed and how many you cancelled.",
    name="r56_dict_rows",
    inputs={"day": str},
    outputs={"confirmed": int, "cancelled": int},
    actions=[list_jobs_table, get_client, confirm_job, cancel_job],
)


def dicts_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = []
    for j, k, s in DJOBS[i["day"]]:
        if s != "booked":
            continue
        eff.append(("confirm_job", j) if PAID[k] else ("cancel_job", j, k))
    c = sum(1 for e in eff if e[0] == "confirm_job")
    return Expected(eff, {"confirmed": c, "cancelled": len(eff) - c})


_dr = [say("Monday's jobs.", "list_jobs_table", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _dr.append(
        say(
            f"Row {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_jobs_table_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _dr.append(
            say("Paid: confirming.", "confirm_job", job_id=ref(f"list_jobs_table_1.{_n}.id"))
        )
    else:
        _dr.append(
            say(
                "Unpaid: cancelling.",
                "cancel_job",
                job_id=ref(f"list_jobs_table_1.{_n}.id"),
                customer_id=ref(f"list_jobs_table_1.{_n}.customer_id"),
            )
        )
CASES.append(
    Case(
        task=dicts,
        features=("decision in head", "dict rows", "both sides", "status word"),
        recorded={"day": "mon"},
        answers=[*_dr, say("2 confirmed, 1 cancelled.", "finish", confirmed=2, cancelled=1)],
        reference=dicts_ref,
        held_out=[
            HeldOut("ordinary", {"day": "tue"}),
            HeldOut("paid on hold", {"day": "wed"}),
            HeldOut("unpaid on hold", {"day": "thu"}),
        ],
    )
)


# ---------- 23 a second lookup per item given a field of ANOTHER list's record (the depot's
# station, depots[0]): two places, so the side's jobs[n].id is no longer "at the place"
class Depot(BaseModel):
    id: str
    station: str


class Weather(BaseModel):
    station: str
    dry: bool


@action(read_only=True)
def list_depots(day: str) -> list[Depot]:
    """Depots open on a day (the crew's depot first) and their weather station."""
    return [Depot(id="DP1", station="ST-9"), Depot(id="DP2", station="ST-4")]


@action(read_only=True)
def get_weather(station: str) -> Weather:
    """Whether it will be dry at a weather station."""
    return Weather(station=station, dry=True)


weather: Task[Any] = Task(
    "Confirm the day's booked jobs whose customer is paid up, as long as it will be dry at the "
    "crew's depot. Return how many jobs you confirmed.",
    name="r56_two_places",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_depots, list_booked_jobs, get_client, get_weather, confirm_job],
)


def weather_ref(i: dict[str, Any]) -> Expected:
    ids = [j for j, k in BJOBS[i["day"]] if PAID[k]]
    return Expected([("confirm_job", j) for j in ids], {"confirmed": len(ids)})


W1JOBS = [("W1", "K2"), ("W2", "K2"), ("W3", "K3")]
BJOBS["fri"] = W1JOBS
_tp = [
    say("Depots.", "list_depots", day=ref("day")),
    say("Jobs.", "list_booked_jobs", day=ref("day")),
]
for _n, _paid in enumerate([False, False, True]):
    _tp.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_booked_jobs_1.{_n}.customer_id"),
        )
    )
    _tp.append(say("Dry at the depot?", "get_weather", station=ref("list_depots_1.0.station")))
    if _paid:
        _tp.append(
            say(
                "Paid and dry: confirming.",
                "confirm_job",
                job_id=ref(f"list_booked_jobs_1.{_n}.id"),
            )
        )
CASES.append(
    Case(
        task=weather,
        features=("decision in head", "two places", "one acting repetition"),
        recorded={"day": "fri"},
        answers=[*_tp, say("Confirmed 1.", "finish", confirmed=1)],
        reference=weather_ref,
        held_out=[
            HeldOut("ordinary", {"day": "mon"}),
            HeldOut("all paid", {"day": "tue"}),
            HeldOut("2 owe", {"day": "wed"}),
        ],
    )
)


# ---------- 24 the count is of CUSTOMERS confirmed, not of jobs (equal when recorded)
custs: Task[Any] = Task(
    "Confirm the day's booked jobs whose customer is paid up. Return how many customers had a "
    "job confirmed.",
    name="r56_customers_confirmed",
    inputs={"day": str},
    outputs={"customers_confirmed": int},
    actions=[list_booked_jobs, get_client, confirm_job],
)


def custs_ref(i: dict[str, Any]) -> Expected:
    js = [(j, k) for j, k in BJOBS[i["day"]] if PAID[k]]
    return Expected(
        [("confirm_job", j) for j, _ in js], {"customers_confirmed": len({k for _, k in js})}
    )


BJOBS["sat"] = [("W11", "K1"), ("W12", "K5"), ("W13", "K1")]
_cc = [say("Monday's jobs.", "list_booked_jobs", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _cc.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_booked_jobs_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _cc.append(
            say("Paid: confirming.", "confirm_job", job_id=ref(f"list_booked_jobs_1.{_n}.id"))
        )
CASES.append(
    Case(
        task=custs,
        features=("decision in head", "count of distinct customers"),
        recorded={"day": "mon"},
        answers=[*_cc, say("2 customers (K1, K3).", "finish", customers_confirmed=2)],
        reference=custs_ref,
        held_out=[
            HeldOut("ordinary", {"day": "tue"}),
            HeldOut("one customer two jobs", {"day": "sat"}),
        ],
    )
)


# ---------- 25 the side acts on the CUSTOMER (the field the lookup was given); one customer may
# have two jobs in a day -> two reminders
@action
def send_reminder(customer_id: str) -> str:
    """Email a customer a reminder to settle their account."""
    effect("send_reminder", customer_id)
    return "sent"


remind: Task[Any] = Task(
    "Email a payment reminder to every customer with a window-cleaning job today whose account "
    "is not paid up. Return how many customers you reminded.",
    name="r56_remind_customer",
    inputs={"day": str},
    outputs={"reminded": int},
    actions=[list_booked_jobs, get_client, send_reminder],
)


def remind_ref(i: dict[str, Any]) -> Expected:
    cs: list[str] = []
    for _, k in BJOBS[i["day"]]:
        if not PAID[k] and k not in cs:
            cs.append(k)
    return Expected([("send_reminder", c) for c in cs], {"reminded": len(cs)})


BJOBS["sun"] = [("W14", "K2"), ("W15", "K1"), ("W16", "K2")]
BJOBS["rem2"] = [("W20", "K7"), ("W21", "K1"), ("W22", "K2")]
BJOBS["rem"] = [("W1", "K2"), ("W2", "K1"), ("W3", "K7")]
PAID["K7"] = False
_rm = [say("Today's jobs.", "list_booked_jobs", day=ref("day"))]
for _n, _owes in enumerate([True, False, True]):
    _rm.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_booked_jobs_1.{_n}.customer_id"),
        )
    )
    if _owes:
        _rm.append(
            say(
                "Not paid up: reminder.",
                "send_reminder",
                customer_id=ref(f"list_booked_jobs_1.{_n}.customer_id"),
            )
        )
CASES.append(
    Case(
        task=remind,
        features=("decision in head", "side acts on the looked-up key", "customer twice"),
        recorded={"day": "rem"},
        answers=[*_rm, say("Reminded 2.", "finish", reminded=2)],
        reference=remind_ref,
        held_out=[
            HeldOut("none owes", {"day": "tue"}),
            HeldOut("two owe, distinct", {"day": "rem2"}),
            HeldOut("same customer twice (wed)", {"day": "wed"}),
            HeldOut("same customer twice", {"day": "sun"}),
        ],
    )
)


# ---------- 26 ids copied as typed values; the lookup's answer holds the same id by coincidence
# (each recorded customer's latest job IS the listed job)
class Client2(BaseModel):
    id: str
    paid_up: bool
    latest_job_id: str


LATEST = {"K1": "W1", "K2": "W2", "K3": "W3", "K5": "W4", "K6": "W90"}


@action(read_only=True)
def get_client_record(customer_id: str) -> Client2:
    """A customer: whether their account is paid up, and their most recently booked job."""
    return Client2(id=customer_id, paid_up=PAID[customer_id], latest_job_id=LATEST[customer_id])


typed: Task[Any] = Task(
    "Confirm the day's booked jobs whose customer is paid up. Return how many jobs you confirmed.",
    name="r56_typed_ids",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_booked_jobs, get_client_record, confirm_job],
)


BJOBS["typ"] = [("W20", "K6"), ("W21", "K1"), ("W22", "K5")]
_ty = [say("Monday's jobs.", "list_booked_jobs", day=ref("day"))]
for _n, (_j, _k, _paid) in enumerate([("W1", "K1", True), ("W2", "K2", False), ("W3", "K3", True)]):
    _ty.append(say(f"{_j}'s customer {_k}?", "get_client_record", customer_id=_k))
    if _paid:
        _ty.append(say(f"Paid: confirming {_j}.", "confirm_job", job_id=_j))
CASES.append(
    Case(
        task=typed,
        features=("decision in head", "values copied", "coincidence with lookup field"),
        recorded={"day": "mon"},
        answers=[*_ty, say("Confirmed 2.", "finish", confirmed=2)],
        reference=weather_ref,
        held_out=[
            HeldOut("ordinary", {"day": "tue"}),
            HeldOut("latest job differs", {"day": "typ"}),
        ],
    )
)


# ---------- 27 the agent skipped (without a lookup) the last listed job: it was cancelled
skipjobs: Task[Any] = Task(
    "Confirm the day's window-cleaning jobs whose customer's account is paid up (cancelled jobs "
    "need nothing). Return how many jobs you confirmed.",
    name="r56_skip_unlooked",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_day_jobs, get_client, confirm_job],
)
SJOBS["fri"] = [
    ("W30", "K1", "scheduled"),
    ("W31", "K2", "scheduled"),
    ("W32", "K3", "scheduled"),
    ("W33", "K5", "cancelled"),
]
SJOBS["sat"] = [("W34", "K1", "scheduled"), ("W35", "K5", "cancelled"), ("W36", "K3", "scheduled")]
SJOBS["sun"] = [("W37", "K1", "scheduled"), ("W38", "K3", "scheduled"), ("W39", "K6", "cancelled")]
_sk = [say("Friday's jobs; W33 is cancelled.", "list_day_jobs", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _sk.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_day_jobs_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _sk.append(
            say("Paid up: confirming.", "confirm_job", job_id=ref(f"list_day_jobs_1.{_n}.id"))
        )
CASES.append(
    Case(
        task=skipjobs,
        features=("decision in head", "item skipped without lookup", "filtered subset"),
        recorded={"day": "fri"},
        answers=[*_sk, say("Confirmed 2; W33 was cancelled.", "finish", confirmed=2)],
        reference=status_ref,
        held_out=[
            HeldOut("cancelled in the middle", {"day": "sat"}),
            HeldOut("cancelled last", {"day": "sun"}),
            HeldOut("paid but cancelled", {"day": "tue"}),
        ],
    )
)


# ---------- 28 control for 26: ids typed, no coincident field in the lookup's answer
typed2: Task[Any] = Task(
    typed.description,
    name="r56_typed_ids_plain",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_booked_jobs, get_client, confirm_job],
)
_ty2 = [say("Monday's jobs.", "list_booked_jobs", day=ref("day"))]
for _n, (_j, _k, _paid) in enumerate([("W1", "K1", True), ("W2", "K2", False), ("W3", "K3", True)]):
    _ty2.append(say(f"{_j}'s customer {_k}?", "get_client", customer_id=_k))
    if _paid:
        _ty2.append(say(f"Paid: confirming {_j}.", "confirm_job", job_id=_j))
CASES.append(
    Case(
        task=typed2,
        features=("decision in head", "values copied"),
        recorded={"day": "mon"},
        answers=[*_ty2, say("Confirmed 2.", "finish", confirmed=2)],
        reference=weather_ref,
        held_out=[
            HeldOut("ordinary", {"day": "tue"}),
            HeldOut("2 owe", {"day": "wed"}),
            HeldOut("3 jobs", {"day": "typ"}),
        ],
    )
)


# ---------- 29 both sides the same action with different constants; the decision is on the
# RECORD's kind, and the looked-up client's tier coincides with it when recorded
class KJob(BaseModel):
    id: str
    customer_id: str
    kind: str


class Tiered(BaseModel):
    id: str
    business: bool


KJOBS = {
    "mon": [
        ("W1", "K1", "commercial"),
        ("W2", "K2", "home"),
        ("W3", "K3", "commercial"),
        ("W4", "K5", "home"),
    ],
    "tue": [("W5", "K1", "home"), ("W6", "K2", "home")],
    "wed": [("W7", "K3", "commercial"), ("W8", "K5", "home")],
}
BUSINESS = {"K1": True, "K2": False, "K3": True, "K5": False}


@action(read_only=True)
def list_kind_jobs(day: str) -> list[KJob]:
    """The day's window-cleaning jobs: commercial premises or homes."""
    return [KJob(id=j, customer_id=c, kind=k) for j, c, k in KJOBS[day]]


@action(read_only=True)
def get_tiered_client(customer_id: str) -> Tiered:
    """A customer and whether they hold a business account."""
    return Tiered(id=customer_id, business=BUSINESS[customer_id])


@action
def book_crew(job_id: str, crew: str) -> str:
    """Book a crew type ("rope access" or "ladder") for a job."""
    effect("book_crew", job_id, crew)
    return "booked"


kinds: Task[Any] = Task(
    "Book a crew for each of the day's jobs: the rope access crew for commercial premises, the "
    "ladder crew for homes. Look up each customer first to check their account is open. Return "
    "how many of each you booked.",
    name="r56_kind_vs_tier",
    inputs={"day": str},
    outputs={"rope_access": int, "ladder": int},
    actions=[list_kind_jobs, get_tiered_client, book_crew],
)


def kinds_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("book_crew", j, "rope access" if k == "commercial" else "ladder")
        for j, _, k in KJOBS[i["day"]]
    ]
    r = sum(1 for e in eff if e[2] == "rope access")
    return Expected(eff, {"rope_access": r, "ladder": len(eff) - r})


_kd = [say("Monday's jobs.", "list_kind_jobs", day=ref("day"))]
for _n, (_j, _c, _k) in enumerate(KJOBS["mon"]):
    _kd.append(
        say(
            f"{_c}'s account?",
            "get_tiered_client",
            customer_id=ref(f"list_kind_jobs_1.{_n}.customer_id"),
        )
    )
    _kd.append(
        say(
            f"{_k}: booking.",
            "book_crew",
            job_id=ref(f"list_kind_jobs_1.{_n}.id"),
            crew="rope access" if _k == "commercial" else "ladder",
        )
    )
CASES.append(
    Case(
        task=kinds,
        features=(
            "decision in head",
            "both sides same action",
            "record field decides, lookup coincides",
        ),
        recorded={"day": "mon"},
        answers=[*_kd, say("2 rope access, 2 ladder.", "finish", rope_access=2, ladder=2)],
        reference=kinds_ref,
        held_out=[
            HeldOut("business client, home job", {"day": "tue"}),
            HeldOut("ordinary", {"day": "wed"}),
        ],
    )
)


# ---------- 30 a list typed after the loop: the customers whose jobs were confirmed
custlist: Task[Any] = Task(
    "Confirm the day's booked jobs whose customer is paid up. Return the customers whose jobs "
    "you confirmed.",
    name="r56_customer_list",
    inputs={"day": str},
    outputs={"customers": list[str]},
    actions=[list_booked_jobs, get_client, confirm_job],
)


def custlist_ref(i: dict[str, Any]) -> Expected:
    js = [(j, k) for j, k in BJOBS[i["day"]] if PAID[k]]
    cs: list[str] = []
    for _, k in js:
        if k not in cs:
            cs.append(k)
    return Expected([("confirm_job", j) for j, _ in js], {"customers": cs})


CASES.append(
    Case(
        task=custlist,
        features=("decision in head", "list typed after", "customers"),
        recorded={"day": "mon"},
        answers=[*_cc, say("K1 and K3.", "finish", customers=["K1", "K3"])],
        reference=custlist_ref,
        held_out=[
            HeldOut("ordinary", {"day": "tue"}),
            HeldOut("one customer two jobs", {"day": "sat"}),
        ],
    )
)

# ---------- 31 jobs confirmed listed by id, plus the count of jobs looked at
jobsout: Task[Any] = Task(
    "Confirm the day's booked jobs whose customer is paid up. Return the ids of the jobs you "
    "confirmed and how many jobs you checked.",
    name="r56_ids_and_checked",
    inputs={"day": str},
    outputs={"confirmed_jobs": list[str], "checked": int},
    actions=[list_booked_jobs, get_client, confirm_job],
)


def jobsout_ref(i: dict[str, Any]) -> Expected:
    js = [j for j, k in BJOBS[i["day"]] if PAID[k]]
    return Expected(
        [("confirm_job", j) for j in js], {"confirmed_jobs": js, "checked": len(BJOBS[i["day"]])}
    )


CASES.append(
    Case(
        task=jobsout,
        features=("decision in head", "ids typed after", "count of all items"),
        recorded={"day": "mon"},
        answers=[
            *_cc,
            say("W1 and W3; checked 3.", "finish", confirmed_jobs=["W1", "W3"], checked=3),
        ],
        reference=jobsout_ref,
        held_out=[
            HeldOut("ordinary", {"day": "tue"}),
            HeldOut("2 owe", {"day": "wed"}),
            HeldOut("none", {"day": "thu"}),
        ],
    )
)


# ---------- 32 a flag on the record the words name, alike (False) on every recorded item
class FJob(BaseModel):
    id: str
    customer_id: str
    permit_needed: bool


FJOBS = {
    "mon": [("W1", "K1", False), ("W2", "K2", False), ("W3", "K3", False)],
    "tue": [("W4", "K5", True), ("W5", "K1", False)],
    "wed": [("W6", "K6", False), ("W7", "K3", False)],
}


@action(read_only=True)
def list_flagged_jobs(day: str) -> list[FJob]:
    """The day's window-cleaning jobs; permit_needed is true where the council must issue a
    ladder permit first."""
    return [FJob(id=j, customer_id=c, permit_needed=p) for j, c, p in FJOBS[day]]


flag: Task[Any] = Task(
    "Confirm the day's jobs whose customer is paid up, except jobs that still need a ladder "
    "permit. Return how many jobs you confirmed.",
    name="r56_permit_flag",
    inputs={"day": str},
    outputs={"confirmed": int},
    actions=[list_flagged_jobs, get_client, confirm_job],
)


def flag_ref(i: dict[str, Any]) -> Expected:
    js = [j for j, k, p in FJOBS[i["day"]] if PAID[k] and not p]
    return Expected([("confirm_job", j) for j in js], {"confirmed": len(js)})


_fl = [say("Monday's jobs.", "list_flagged_jobs", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _fl.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_flagged_jobs_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _fl.append(
            say(
                "Paid, no permit needed: confirming.",
                "confirm_job",
                job_id=ref(f"list_flagged_jobs_1.{_n}.id"),
            )
        )
CASES.append(
    Case(
        task=flag,
        features=("decision in head", "record flag the words name, alike"),
        recorded={"day": "mon"},
        answers=[*_fl, say("Confirmed 2.", "finish", confirmed=2)],
        reference=flag_ref,
        held_out=[
            HeldOut("paid, permit needed", {"day": "tue"}),
            HeldOut("ordinary", {"day": "wed"}),
        ],
    )
)


# ---------- 33 the side passes a place INSIDE the record (job.crews[0]): the first crew listed
# for each job was the available one when recorded
class CrewSlot(BaseModel):
    id: str
    available: bool


class XJob(BaseModel):
    id: str
    customer_id: str
    crews: list[CrewSlot]


XJOBS = {
    "mon": [
        ("W1", "K1", [("CR1", True), ("CR2", False)]),
        ("W2", "K2", [("CR3", True)]),
        ("W3", "K3", [("CR4", True), ("CR5", True)]),
    ],
    "tue": [("W4", "K5", [("CR6", False), ("CR7", True)]), ("W5", "K1", [("CR8", True)])],
    "wed": [
        ("W6", "K6", [("CR9", True), ("CR10", False)]),
        ("W7", "K2", [("CR11", False), ("CR12", True)]),
    ],
}


@action(read_only=True)
def list_crewed_jobs(day: str) -> list[XJob]:
    """The day's window-cleaning jobs, each with the crews that could do it and whether each
    is available."""
    return [
        XJob(id=j, customer_id=c, crews=[CrewSlot(id=r, available=a) for r, a in cs])
        for j, c, cs in XJOBS[day]
    ]


avail: Task[Any] = Task(
    "Dispatch each of the day's jobs whose customer is paid up to an available crew from the "
    "job's crew list. Return how many jobs you dispatched.",
    name="r56_first_crew_in_record",
    inputs={"day": str},
    outputs={"dispatched": int},
    actions=[list_crewed_jobs, get_client, dispatch],
)


def avail_ref(i: dict[str, Any]) -> Expected:
    out = []
    for j, k, cs in XJOBS[i["day"]]:
        if PAID[k]:
            out.append((j, next(r for r, a in cs if a)))
    return Expected([("dispatch", j, r) for j, r in out], {"dispatched": len(out)})


_av = [say("Monday's jobs.", "list_crewed_jobs", day=ref("day"))]
for _n, _paid in enumerate([True, False, True]):
    _av.append(
        say(
            f"Job {_n + 1}'s customer?",
            "get_client",
            customer_id=ref(f"list_crewed_jobs_1.{_n}.customer_id"),
        )
    )
    if _paid:
        _av.append(
            say(
                "Paid: dispatching its available crew.",
                "dispatch",
                job_id=ref(f"list_crewed_jobs_1.{_n}.id"),
                crew_id=ref(f"list_crewed_jobs_1.{_n}.crews.0.id"),
            )
        )
CASES.append(
    Case(
        task=avail,
        features=("decision in head", "place inside the record"),
        recorded={"day": "mon"},
        answers=[*_av, say("Dispatched 2.", "finish", dispatched=2)],
        reference=avail_ref,
        held_out=[HeldOut("first crew busy", {"day": "tue"}), HeldOut("ordinary", {"day": "wed"})],
    )
)
CASES = at_least_three(CASES)
