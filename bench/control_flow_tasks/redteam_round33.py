"""Round 33: ordinary business tasks in new domains, varied agent styles, replayed on new inputs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ------------------------------------------------- 1 agriculture: filter compute on a number, $ref
class Field_(BaseModel):
    id: str
    crop: str
    soil_moisture: int


FIELDS = {
    "farm-1": [("F1", "wheat", 22), ("F2", "maize", 41), ("F3", "barley", 18), ("F4", "oats", 35)],
    "farm-2": [("F5", "wheat", 10)],
    "farm-3": [("F6", "maize", 55), ("F7", "rye", 30)],
    "farm-4": [],
    "farm-5": [("F8", "wheat", 5), ("F9", "rye", 29), ("F10", "oats", 12)],
}


@action(read_only=True)
def list_fields(farm_id: str) -> list[Field_]:
    """The fields of a farm with their current soil moisture (%)."""
    return [Field_(id=i, crop=c, soil_moisture=m) for i, c, m in FIELDS[farm_id]]


@action
def start_irrigation(field_id: str) -> str:
    """Start the irrigation system on a field."""
    effect("start_irrigation", field_id)
    return "running"


irrigate: Task[Any] = Task(
    "Start irrigation on every field of the farm whose soil moisture is below 30%. "
    "Return the ids of the fields you irrigated.",
    name="r33_irrigate",
    inputs={"farm_id": str},
    outputs={"irrigated": list[str]},
    actions=[list_fields, start_irrigation],
)


def irrigate_ref(i: dict[str, Any]) -> Expected:
    ids = [f for f, _, m in FIELDS[i["farm_id"]] if m < 30]
    return Expected([("start_irrigation", f) for f in ids], {"irrigated": ids})


CASES.append(
    Case(
        task=irrigate,
        features=("filter compute", "list copied in finish"),
        recorded={"farm_id": "farm-1"},
        answers=[
            say(
                "First I'll get the farm's fields and their moisture.",
                "list_fields",
                farm_id=ref("farm_id"),
            ),
            say(
                "Let me pick the ones below 30%.",
                "compute",
                expression="[f for f in list_fields_1 if f.soil_moisture < 30]",
            ),
            say(
                "F1 is dry, starting irrigation.",
                "start_irrigation",
                field_id=ref("compute_1.0.id"),
            ),
            say("F3 is dry too.", "start_irrigation", field_id=ref("compute_1.1.id")),
            say("Both dry fields are irrigated.", "finish", irrigated=["F1", "F3"]),
        ],
        reference=irrigate_ref,
        held_out=[
            HeldOut("1 of 1", {"farm_id": "farm-2"}),
            HeldOut("0 of 2", {"farm_id": "farm-3"}),
            HeldOut("no fields", {"farm_id": "farm-4"}),
            HeldOut("3 of 3", {"farm_id": "farm-5"}),
        ],
    )
)


# ------------------------------------------------------ 2 airline crew: act on all, copied literals
class Crew(BaseModel):
    employee_id: str
    role: str


CREW = {
    "LH400": [("C-11", "captain"), ("C-12", "first officer"), ("C-13", "purser")],
    "LH401": [("C-21", "captain"), ("C-22", "first officer")],
    "LH402": [],
    "LH403": [
        ("C-31", "captain"),
        ("C-32", "first officer"),
        ("C-33", "purser"),
        ("C-34", "cabin"),
        ("C-35", "cabin"),
    ],
}


@action(read_only=True)
def get_flight_crew(flight: str) -> list[Crew]:
    """The crew rostered on a flight."""
    return [Crew(employee_id=e, role=r) for e, r in CREW[flight]]


@action
def send_briefing(employee_id: str, flight: str) -> str:
    """Send the pre-flight briefing pack for a flight to a crew member."""
    effect("send_briefing", employee_id, flight)
    return "sent"


brief: Task[Any] = Task(
    "Send the pre-flight briefing for the flight to every crew member rostered on it. "
    "Return how many briefings you sent.",
    name="r33_crew_brief",
    inputs={"flight": str},
    outputs={"briefed": int},
    actions=[get_flight_crew, send_briefing],
)


def brief_ref(i: dict[str, Any]) -> Expected:
    c = CREW[i["flight"]]
    return Expected([("send_briefing", e, i["flight"]) for e, _ in c], {"briefed": len(c)})


CASES.append(
    Case(
        task=brief,
        features=("act on all", "copied literals", "count typed"),
        recorded={"flight": "LH400"},
        answers=[
            say("I need the crew roster for LH400.", "get_flight_crew", flight="LH400"),
            say("Briefing the captain C-11.", "send_briefing", employee_id="C-11", flight="LH400"),
            say("Now the first officer C-12.", "send_briefing", employee_id="C-12", flight="LH400"),
            say("And the purser C-13.", "send_briefing", employee_id="C-13", flight="LH400"),
            say("All three crew members were briefed.", "finish", briefed=3),
        ],
        reference=brief_ref,
        held_out=[
            HeldOut("2 crew", {"flight": "LH401"}),
            HeldOut("no crew", {"flight": "LH402"}),
            HeldOut("5 crew", {"flight": "LH403"}),
        ],
    )
)


# ----------------------------------------- 3 courts: lookup each, decision in the head (bool field)
class Hearing(BaseModel):
    case_no: str
    language: str
    interpreter_needed: bool


HEARINGS = {
    "H-1": ("es", True),
    "H-2": ("en", False),
    "H-3": ("pl", True),
    "H-4": ("en", False),
    "H-5": ("ar", True),
    "H-6": ("en", False),
    "H-7": ("tr", True),
}
DOCKET = {
    "2026-03-02": ["H-1", "H-2", "H-3"],
    "2026-03-03": ["H-4"],
    "2026-03-04": ["H-5", "H-6", "H-7", "H-2"],
    "2026-03-05": [],
}


@action(read_only=True)
def list_docket(date: str) -> list[str]:
    """Case numbers heard on a date."""
    return list(DOCKET[date])


@action(read_only=True)
def get_hearing(case_no: str) -> Hearing:
    """Details of a hearing, including whether a party needs an interpreter."""
    lang, need = HEARINGS[case_no]
    return Hearing(case_no=case_no, language=lang, interpreter_needed=need)


@action
def book_interpreter(case_no: str, language: str) -> str:
    """Book a court interpreter for a hearing."""
    effect("book_interpreter", case_no, language)
    return f"INT-{case_no}"


courts: Task[Any] = Task(
    "Go through the hearings on the docket for the date and book an interpreter, in the right "
    "language, for every hearing where one is needed. Report how many you booked.",
    name="r33_interpreters",
    inputs={"date": str},
    outputs={"booked": int},
    actions=[list_docket, get_hearing, book_interpreter],
)


def courts_ref(i: dict[str, Any]) -> Expected:
    h = [c for c in DOCKET[i["date"]] if HEARINGS[c][1]]
    return Expected([("book_interpreter", c, HEARINGS[c][0]) for c in h], {"booked": len(h)})


_c = [say("Let me see the docket.", "list_docket", date=ref("date"))]
for n, need in enumerate([True, False, True], start=1):
    _c.append(say("Checking this hearing.", "get_hearing", case_no=ref(f"list_docket_1.{n-1}")))
    if need:
        _c.append(
            say(
                "This one needs an interpreter, booking.",
                "book_interpreter",
                case_no=ref(f"get_hearing_{n}.case_no"),
                language=ref(f"get_hearing_{n}.language"),
            )
        )
_c.append(say("Two interpreters booked; H-2 is in English.", "finish", booked=2))
CASES.append(
    Case(
        task=courts,
        features=("lookup each", "decision in head", "count typed"),
        recorded={"date": "2026-03-02"},
        answers=_c,
        reference=courts_ref,
        held_out=[
            HeldOut("0 of 1", {"date": "2026-03-03"}),
            HeldOut("3 of 4", {"date": "2026-03-04"}),
            HeldOut("empty docket", {"date": "2026-03-05"}),
        ],
    )
)


# ------------------------------------------------ 4 dental: filter compute on bool, ids compute out
class Appt(BaseModel):
    id: str
    patient: str
    confirmed: bool


APPTS = {
    "2026-04-01": [
        ("A1", "Ola", False),
        ("A2", "Per", True),
        ("A3", "Quin", False),
        ("A4", "Rut", True),
    ],
    "2026-04-02": [("A5", "Sam", True)],
    "2026-04-03": [("A6", "Tor", False), ("A7", "Uma", False)],
    "2026-04-04": [],
}


@action(read_only=True)
def list_appointments(day: str) -> list[Appt]:
    """Dental appointments on a day with their confirmation status."""
    return [Appt(id=a, patient=p, confirmed=c) for a, p, c in APPTS[day]]


@action
def send_confirmation_request(appointment_id: str) -> str:
    """Text the patient asking them to confirm an appointment."""
    effect("send_confirmation_request", appointment_id)
    return "queued"


dental: Task[Any] = Task(
    "Text a confirmation request for every appointment on the day that the patient hasn't "
    "confirmed yet. Return the appointment ids you texted.",
    name="r33_dental_confirm",
    inputs={"day": str},
    outputs={"texted": list[str]},
    actions=[list_appointments, send_confirmation_request],
)


def dental_ref(i: dict[str, Any]) -> Expected:
    ids = [a for a, _, c in APPTS[i["day"]] if not c]
    return Expected([("send_confirmation_request", a) for a in ids], {"texted": ids})


CASES.append(
    Case(
        task=dental,
        features=("filter compute bool", "ids compute", "$ref finish"),
        recorded={"day": "2026-04-01"},
        answers=[
            say("Fetching the day's appointments.", "list_appointments", day=ref("day")),
            say(
                "Keeping the unconfirmed ones.",
                "compute",
                expression="[a.id for a in list_appointments_1 if not a.confirmed]",
            ),
            say("Texting A1.", "send_confirmation_request", appointment_id=ref("compute_1.0")),
            say("Texting A3.", "send_confirmation_request", appointment_id=ref("compute_1.1")),
            say("Done, both unconfirmed patients texted.", "finish", texted=ref("compute_1")),
        ],
        reference=dental_ref,
        held_out=[
            HeldOut("all confirmed", {"day": "2026-04-02"}),
            HeldOut("2 of 2", {"day": "2026-04-03"}),
            HeldOut("no appts", {"day": "2026-04-04"}),
        ],
    )
)


# ------------------------------------------------------ 5 newsroom: both sides, compute per item
class Draft(BaseModel):
    id: str
    headline: str
    word_count: int


WORDS = {"D-1": 800, "D-2": 1900, "D-3": 950, "D-4": 2400, "D-5": 400, "D-6": 1201, "D-7": 1200}
DESK = {
    "sports": ["D-1", "D-2", "D-3"],
    "politics": ["D-4"],
    "culture": ["D-5", "D-7"],
    "science": [],
    "business": ["D-6", "D-5", "D-4", "D-1"],
}


@action(read_only=True)
def list_drafts(desk: str) -> list[str]:
    """Ids of the drafts waiting on a desk."""
    return list(DESK[desk])


@action(read_only=True)
def get_draft(draft_id: str) -> Draft:
    """One draft with its word count."""
    return Draft(id=draft_id, headline=f"Story {draft_id}", word_count=WORDS[draft_id])


@action
def publish_draft(draft_id: str) -> str:
    """Publish a draft to the website."""
    effect("publish_draft", draft_id)
    return "live"


@action
def send_to_copy_desk(draft_id: str) -> str:
    """Send a draft to the copy desk for trimming."""
    effect("send_to_copy_desk", draft_id)
    return "queued"


news: Task[Any] = Task(
    "Go through the drafts waiting on the desk: publish those of 1200 words or fewer, and send "
    "longer ones to the copy desk for trimming. Report how many you published and how many "
    "went to the copy desk.",
    name="r33_newsroom",
    inputs={"desk": str},
    outputs={"published": int, "to_copy_desk": int},
    actions=[list_drafts, get_draft, publish_draft, send_to_copy_desk],
)


def news_ref(i: dict[str, Any]) -> Expected:
    eff = []
    for d in DESK[i["desk"]]:
        eff.append(("publish_draft" if WORDS[d] <= 1200 else "send_to_copy_desk", d))
    p = sum(1 for e in eff if e[0] == "publish_draft")
    return Expected(eff, {"published": p, "to_copy_desk": len(eff) - p})


_n = [say("Listing the sports desk drafts.", "list_drafts", desk=ref("desk"))]
for n, short in enumerate([True, False, True], start=1):
    _n.append(say("Reading the draft.", "get_draft", draft_id=ref(f"list_drafts_1.{n-1}")))
    _n.append(say("Is it short enough?", "compute", expression=f"get_draft_{n}.word_count <= 1200"))
    if short:
        _n.append(
            say("Short enough, publishing.", "publish_draft", draft_id=ref(f"get_draft_{n}.id"))
        )
    else:
        _n.append(
            say(
                "Too long, to the copy desk.",
                "send_to_copy_desk",
                draft_id=ref(f"get_draft_{n}.id"),
            )
        )
_n.append(say("Two published, one to the copy desk.", "finish", published=2, to_copy_desk=1))
CASES.append(
    Case(
        task=news,
        features=("lookup each", "both sides", "compute", "counts typed"),
        recorded={"desk": "sports"},
        answers=_n,
        reference=news_ref,
        held_out=[
            HeldOut("1 long", {"desk": "politics"}),
            HeldOut("2 short incl 1200", {"desk": "culture"}),
            HeldOut("empty", {"desk": "science"}),
            HeldOut("2+2", {"desk": "business"}),
        ],
    )
)


# ------------------------------------------------ 6 museum: single decision against an input
class LoanReq(BaseModel):
    id: str
    object_title: str
    insured_value: float
    borrower: str


MUSEUM = {
    "ML-1": ("Vase", 250000.0, "Tate"),
    "ML-2": ("Mask", 900000.0, "Louvre"),
    "ML-3": ("Print", 4000.0, "MoMA"),
    "ML-4": ("Bronze", 120001.0, "Prado"),
}


@action(read_only=True)
def get_loan_request(loan_id: str) -> LoanReq:
    """An incoming request to borrow an object, with its insured value."""
    t, v, b = MUSEUM[loan_id]
    return LoanReq(id=loan_id, object_title=t, insured_value=v, borrower=b)


@action
def arrange_courier(loan_id: str) -> str:
    """Arrange an accompanying museum courier for a loan."""
    effect("arrange_courier", loan_id)
    return "courier booked"


@action
def arrange_fine_art_shipping(loan_id: str) -> str:
    """Book standard fine-art shipping (no courier) for a loan."""
    effect("arrange_fine_art_shipping", loan_id)
    return "shipping booked"


museum: Task[Any] = Task(
    "For the loan request, if the object's insured value is above the courier threshold, "
    "arrange an accompanying courier; otherwise book standard fine-art shipping. "
    "Return what you booked.",
    name="r33_museum_loan",
    inputs={"loan_id": str, "courier_threshold": float},
    outputs={"booked": str},
    actions=[get_loan_request, arrange_courier, arrange_fine_art_shipping],
)


def museum_ref(i: dict[str, Any]) -> Expected:
    if MUSEUM[i["loan_id"]][1] > i["courier_threshold"]:
        return Expected([("arrange_courier", i["loan_id"])], {"booked": "courier booked"})
    return Expected([("arrange_fine_art_shipping", i["loan_id"])], {"booked": "shipping booked"})


CASES.append(
    Case(
        task=museum,
        features=("single decision vs input", "$ref finish"),
        recorded={"loan_id": "ML-1", "courier_threshold": 100000.0},
        answers=[
            say("Reading the loan request.", "get_loan_request", loan_id=ref("loan_id")),
            say(
                "Above the threshold?",
                "compute",
                expression="get_loan_request_1.insured_value > courier_threshold",
            ),
            say(
                "It is, so a courier must accompany it.",
                "arrange_courier",
                loan_id=ref("get_loan_request_1.id"),
            ),
            say("Courier arranged.", "finish", booked=ref("arrange_courier_1")),
        ],
        reference=museum_ref,
        held_out=[
            HeldOut("other loan above", {"loan_id": "ML-2", "courier_threshold": 100000.0}),
            HeldOut("just above", {"loan_id": "ML-4", "courier_threshold": 120000.0}),
            HeldOut(
                "higher threshold",
                {"loan_id": "ML-1", "courier_threshold": 500000.0},
                new_path=True,
            ),
            HeldOut(
                "cheap print", {"loan_id": "ML-3", "courier_threshold": 100000.0}, new_path=True
            ),
        ],
    )
)


# -------------------------------------- 7 utilities: per-item computed amount after lookup each
class Reading(BaseModel):
    meter_id: str
    units: float
    tariff: float


METERS = {
    "M1": (120.0, 0.3),
    "M2": (40.5, 0.3),
    "M3": (300.0, 0.25),
    "M4": (0.0, 0.3),
    "M5": (77.0, 0.32),
}
ACCOUNTS = {"AC-1": ["M1", "M2"], "AC-2": ["M3"], "AC-3": [], "AC-4": ["M5", "M4", "M1"]}


@action(read_only=True)
def list_meters(account_id: str) -> list[str]:
    """Meter ids on a utilities account."""
    return list(ACCOUNTS[account_id])


@action(read_only=True)
def read_meter(meter_id: str) -> Reading:
    """This month's consumption (units) and tariff (per unit) for a meter."""
    u, t = METERS[meter_id]
    return Reading(meter_id=meter_id, units=u, tariff=t)


@action
def issue_charge(account_id: str, meter_id: str, amount: float) -> str:
    """Add a charge for one meter to the account's bill."""
    effect("issue_charge", account_id, meter_id, round(amount, 6))
    return "charged"


util: Task[Any] = Task(
    "Bill the account for this month: for each of its meters, read the meter and charge "
    "units times tariff. Report how many charges you issued.",
    name="r33_utilities_bill",
    inputs={"account_id": str},
    outputs={"charges": int},
    actions=[list_meters, read_meter, issue_charge],
)


def util_ref(i: dict[str, Any]) -> Expected:
    a = i["account_id"]
    ms = ACCOUNTS[a]
    return Expected(
        [("issue_charge", a, m, round(METERS[m][0] * METERS[m][1], 6)) for m in ms],
        {"charges": len(ms)},
    )


_u = [say("Which meters are on the account?", "list_meters", account_id=ref("account_id"))]
for n in (1, 2):
    _u.append(say("Reading the meter.", "read_meter", meter_id=ref(f"list_meters_1.{n-1}")))
    _u.append(
        say(
            "Working out the charge.",
            "compute",
            expression=f"read_meter_{n}.units * read_meter_{n}.tariff",
        )
    )
    _u.append(
        say(
            "Charging it.",
            "issue_charge",
            account_id=ref("account_id"),
            meter_id=ref(f"read_meter_{n}.meter_id"),
            amount=ref(f"compute_{n}"),
        )
    )
_u.append(say("Both meters billed.", "finish", charges=2))
CASES.append(
    Case(
        task=util,
        features=("lookup each", "per-item compute", "count typed"),
        recorded={"account_id": "AC-1"},
        answers=_u,
        reference=util_ref,
        held_out=[
            HeldOut("1 meter", {"account_id": "AC-2"}),
            HeldOut("no meters", {"account_id": "AC-3"}),
            HeldOut("3 meters incl zero", {"account_id": "AC-4"}),
        ],
    )
)


# ---------------------------------------------- 8 insurance claims: filter vs an input limit
class Claim(BaseModel):
    id: str
    policy: str
    amount: float


CLAIMS = {
    "queue-a": [("CL-1", "P1", 320.0), ("CL-2", "P2", 1800.0), ("CL-3", "P3", 95.5)],
    "queue-b": [("CL-4", "P4", 2500.0)],
    "queue-c": [("CL-5", "P5", 499.99), ("CL-6", "P6", 10.0), ("CL-7", "P7", 500.0)],
    "queue-d": [],
}


@action(read_only=True)
def list_open_claims(queue: str) -> list[Claim]:
    """Open claims in a work queue."""
    return [Claim(id=c, policy=p, amount=a) for c, p, a in CLAIMS[queue]]


@action
def approve_claim(claim_id: str) -> str:
    """Approve a claim for payment."""
    effect("approve_claim", claim_id)
    return "approved"


claims: Task[Any] = Task(
    "Auto-approve every open claim in the queue whose amount is at most the auto-approval "
    "limit; leave the others for an adjuster. Report how many you approved.",
    name="r33_claims_auto",
    inputs={"queue": str, "limit": float},
    outputs={"approved": int},
    actions=[list_open_claims, approve_claim],
)


def claims_ref(i: dict[str, Any]) -> Expected:
    ids = [c for c, _, a in CLAIMS[i["queue"]] if a <= i["limit"]]
    return Expected([("approve_claim", c) for c in ids], {"approved": len(ids)})


CASES.append(
    Case(
        task=claims,
        features=("filter vs input", "count computed"),
        recorded={"queue": "queue-a", "limit": 500.0},
        answers=[
            say("Loading the open claims.", "list_open_claims", queue=ref("queue")),
            say(
                "Which are within the limit?",
                "compute",
                expression="[c for c in list_open_claims_1 if c.amount <= limit]",
            ),
            say("Approving CL-1.", "approve_claim", claim_id=ref("compute_1.0.id")),
            say("Approving CL-3.", "approve_claim", claim_id=ref("compute_1.1.id")),
            say("Counting.", "compute", expression="len(compute_1)"),
            say("Done.", "finish", approved=ref("compute_2")),
        ],
        reference=claims_ref,
        held_out=[
            HeldOut("0 of 1", {"queue": "queue-b", "limit": 500.0}),
            HeldOut("3 of 3 at limit", {"queue": "queue-c", "limit": 500.0}),
            HeldOut("empty", {"queue": "queue-d", "limit": 500.0}),
            HeldOut("higher limit", {"queue": "queue-a", "limit": 2000.0}),
        ],
    )
)


# ------------------------------ 9 recruiting: same action both sides with different constants
class Candidate(BaseModel):
    id: str
    name: str
    screening_score: int


SCORE = {"R-1": 4, "R-2": 2, "R-3": 5, "R-4": 3, "R-5": 1, "R-6": 4}
ROLE = {"dev": ["R-1", "R-2", "R-3"], "pm": ["R-4"], "ux": ["R-6", "R-5"], "ops": []}


@action(read_only=True)
def list_screened(role: str) -> list[str]:
    """Candidates who finished phone screening for a role."""
    return list(ROLE[role])


@action(read_only=True)
def get_candidate(candidate_id: str) -> Candidate:
    """A candidate with their screening score (1-5)."""
    return Candidate(id=candidate_id, name=f"N{candidate_id}", screening_score=SCORE[candidate_id])


@action
def move_candidate(candidate_id: str, stage: str) -> str:
    """Move a candidate to a pipeline stage (interview, rejected, ...)."""
    effect("move_candidate", candidate_id, stage)
    return stage


recruit: Task[Any] = Task(
    "For each candidate screened for the role: a screening score of 4 or more moves them to "
    "the interview stage, anything lower to rejected. Report how many you moved to interview "
    "and how many you rejected.",
    name="r33_recruiting",
    inputs={"role": str},
    outputs={"interviews": int, "rejected": int},
    actions=[list_screened, get_candidate, move_candidate],
)


def recruit_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("move_candidate", c, "interview" if SCORE[c] >= 4 else "rejected") for c in ROLE[i["role"]]
    ]
    k = sum(1 for e in eff if e[2] == "interview")
    return Expected(eff, {"interviews": k, "rejected": len(eff) - k})


_r = [say("Listing the screened candidates.", "list_screened", role=ref("role"))]
for n, good in enumerate([True, False, True], start=1):
    _r.append(
        say(
            "Looking at the candidate.", "get_candidate", candidate_id=ref(f"list_screened_1.{n-1}")
        )
    )
    _r.append(
        say("Score 4 or more?", "compute", expression=f"get_candidate_{n}.screening_score >= 4")
    )
    _r.append(
        say(
            "Moving them on." if good else "Rejecting.",
            "move_candidate",
            candidate_id=ref(f"get_candidate_{n}.id"),
            stage="interview" if good else "rejected",
        )
    )
_r.append(say("Two to interview, one rejected.", "finish", interviews=2, rejected=1))
CASES.append(
    Case(
        task=recruit,
        features=("same action both sides", "constant per side", "counts typed"),
        recorded={"role": "dev"},
        answers=_r,
        reference=recruit_ref,
        held_out=[
            HeldOut("1 reject", {"role": "pm"}),
            HeldOut("1+1", {"role": "ux"}),
            HeldOut("none", {"role": "ops"}),
        ],
    )
)


# ----------------------------------------- 10 RTV: loop over a field of a result, copied values
class RmaLine(BaseModel):
    sku: str
    qty: int


class Rma(BaseModel):
    id: str
    vendor: str
    lines: list[RmaLine]


RMAS = {
    "RMA-1": ("Acme", [("SKU-A", 3), ("SKU-B", 1)]),
    "RMA-2": ("Bolt", [("SKU-C", 12)]),
    "RMA-3": ("Acme", []),
    "RMA-4": ("Core", [("SKU-D", 2), ("SKU-E", 5), ("SKU-F", 1)]),
}


@action(read_only=True)
def get_rma(rma_id: str) -> Rma:
    """A return-to-vendor authorisation with its lines."""
    v, ls = RMAS[rma_id]
    return Rma(id=rma_id, vendor=v, lines=[RmaLine(sku=s, qty=q) for s, q in ls])


@action
def pick_for_return(rma_id: str, sku: str, qty: int) -> str:
    """Create a warehouse pick task for returning stock to the vendor."""
    effect("pick_for_return", rma_id, sku, qty)
    return f"PK-{sku}"


rtv: Task[Any] = Task(
    "Create a pick task for each line of the return-to-vendor authorisation, with its sku and "
    "quantity. Return the pick task ids.",
    name="r33_rtv_picks",
    inputs={"rma_id": str},
    outputs={"picks": list[str]},
    actions=[get_rma, pick_for_return],
)


def rtv_ref(i: dict[str, Any]) -> Expected:
    ls = RMAS[i["rma_id"]][1]
    return Expected(
        [("pick_for_return", i["rma_id"], s, q) for s, q in ls],
        {"picks": [f"PK-{s}" for s, _ in ls]},
    )


CASES.append(
    Case(
        task=rtv,
        features=("loop over field", "copied values", "refs in finish list"),
        recorded={"rma_id": "RMA-1"},
        answers=[
            say("Opening the RMA.", "get_rma", rma_id=ref("rma_id")),
            say("Line 1: SKU-A x3.", "pick_for_return", rma_id="RMA-1", sku="SKU-A", qty=3),
            say("Line 2: SKU-B x1.", "pick_for_return", rma_id="RMA-1", sku="SKU-B", qty=1),
            say(
                "Both picks created.",
                "finish",
                picks=[ref("pick_for_return_1"), ref("pick_for_return_2")],
            ),
        ],
        reference=rtv_ref,
        held_out=[
            HeldOut("1 line", {"rma_id": "RMA-2"}),
            HeldOut("no lines", {"rma_id": "RMA-3"}),
            HeldOut("3 lines", {"rma_id": "RMA-4"}),
        ],
    )
)


# -------------------------------- 11 cloud cost: filter compute, stop each, "if any notify" after
class Instance(BaseModel):
    id: str
    cpu_avg: float
    owner: str


INST = {
    "proj-a": [("i-1", 2.5, "ann@x.io"), ("i-2", 40.0, "bob@x.io"), ("i-3", 0.4, "cy@x.io")],
    "proj-b": [("i-4", 75.0, "dee@x.io")],
    "proj-c": [("i-5", 1.0, "eve@x.io")],
    "proj-d": [],
    "proj-e": [("i-6", 3.0, "fay@x.io"), ("i-7", 4.9, "gil@x.io"), ("i-8", 5.0, "hal@x.io")],
}


@action(read_only=True)
def list_instances(project: str) -> list[Instance]:
    """VMs of a cloud project with their 14-day average CPU (%)."""
    return [Instance(id=i, cpu_avg=c, owner=o) for i, c, o in INST[project]]


@action
def stop_instance(instance_id: str) -> str:
    """Stop a VM."""
    effect("stop_instance", instance_id)
    return "stopped"


@action
def notify_finops(project: str, message: str) -> str:
    """Post a message to the FinOps channel about a project."""
    effect("notify_finops", project, message)
    return "posted"


cloud: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post to "
    "FinOps saying how many (e.g. 'Stopped 2 idle VMs'). Return the ids you stopped.",
    name="r33_cloud_idle",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_instances, stop_instance, notify_finops],
)


def cloud_ref(i: dict[str, Any]) -> Expected:
    ids = [x for x, c, _ in INST[i["project"]] if c < 5]
    eff: list[Any] = [("stop_instance", x) for x in ids]
    if ids:
        eff.append(("notify_finops", i["project"], f"Stopped {len(ids)} idle VMs"))
    return Expected(eff, {"stopped": ids})


CASES.append(
    Case(
        task=cloud,
        features=("filter compute", "if any notify", "f-string message"),
        recorded={"project": "proj-a"},
        answers=[
            say("Listing the project's VMs.", "list_instances", project=ref("project")),
            say(
                "Idle ones are under 5% CPU.",
                "compute",
                expression="[i.id for i in list_instances_1 if i.cpu_avg < 5]",
            ),
            say("Stopping i-1.", "stop_instance", instance_id=ref("compute_1.0")),
            say("Stopping i-3.", "stop_instance", instance_id=ref("compute_1.1")),
            say(
                "I stopped some, so I tell FinOps.",
                "compute",
                expression="f'Stopped {len(compute_1)} idle VMs'",
            ),
            say("Posting.", "notify_finops", project=ref("project"), message=ref("compute_2")),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=cloud_ref,
        held_out=[
            HeldOut("none idle", {"project": "proj-b"}, new_path=True),
            HeldOut("1 idle", {"project": "proj-c"}),
            HeldOut("no VMs", {"project": "proj-d"}, new_path=True),
            HeldOut("2 of 3", {"project": "proj-e"}),
        ],
    )
)


# --------------------------- 12 conference: lookup each, one-sided, then a list of refs passed on
class Talk(BaseModel):
    id: str
    title: str
    avg_review: float


TALKS = {"T-1": 4.2, "T-2": 2.9, "T-3": 3.6, "T-4": 3.5, "T-5": 1.8, "T-6": 4.9}
TRACKS = {"ml": ["T-1", "T-2", "T-3"], "web": ["T-4"], "sec": ["T-5"], "db": ["T-6", "T-2", "T-4"]}


@action(read_only=True)
def list_submissions(track: str) -> list[str]:
    """Talk submission ids for a conference track."""
    return list(TRACKS[track])


@action(read_only=True)
def get_talk(talk_id: str) -> Talk:
    """A submission with its average review score (1-5)."""
    return Talk(id=talk_id, title=f"Talk {talk_id}", avg_review=TALKS[talk_id])


@action
def accept_talk(talk_id: str) -> str:
    """Accept a talk."""
    effect("accept_talk", talk_id)
    return "accepted"


@action
def send_to_program_chair(track: str, talk_ids: list[str]) -> str:
    """Send the program chair the list of accepted talks for a track."""
    effect("send_to_program_chair", track, tuple(talk_ids))
    return "sent"


conf: Task[Any] = Task(
    "Accept every talk submitted to the track with an average review of 3.5 or higher, then "
    "send the program chair the list of accepted talk ids for the track. Return that list.",
    name="r33_conf_accept",
    inputs={"track": str},
    outputs={"accepted": list[str]},
    actions=[list_submissions, get_talk, accept_talk, send_to_program_chair],
)


def conf_ref(i: dict[str, Any]) -> Expected:
    ids = [t for t in TRACKS[i["track"]] if TALKS[t] >= 3.5]
    eff: list[Any] = [("accept_talk", t) for t in ids]
    eff.append(("send_to_program_chair", i["track"], tuple(ids)))
    return Expected(eff, {"accepted": ids})


_t = [say("Listing the submissions.", "list_submissions", track=ref("track"))]
for n, ok in enumerate([True, False, True], start=1):
    _t.append(say("Reading reviews.", "get_talk", talk_id=ref(f"list_submissions_1.{n-1}")))
    _t.append(say("3.5 or more?", "compute", expression=f"get_talk_{n}.avg_review >= 3.5"))
    if ok:
        _t.append(say("Accepting.", "accept_talk", talk_id=ref(f"get_talk_{n}.id")))
_t.append(
    say(
        "Telling the chair.",
        "send_to_program_chair",
        track=ref("track"),
        talk_ids=[ref("get_talk_1.id"), ref("get_talk_3.id")],
    )
)
_t.append(say("Done.", "finish", accepted=["T-1", "T-3"]))
CASES.append(
    Case(
        task=conf,
        features=("lookup each", "one-sided", "list of refs in argument"),
        recorded={"track": "ml"},
        answers=_t,
        reference=conf_ref,
        held_out=[
            HeldOut("1 at 3.5", {"track": "web"}),
            HeldOut("0 of 1", {"track": "sec"}),
            HeldOut("2 of 3", {"track": "db"}),
        ],
    )
)


# ------------------------------------------------- 13 vet: act on all of a lookup list, two args
class Pet(BaseModel):
    id: str
    name: str
    species: str


PETS = {
    "O-1": [("P1", "Rex", "dog"), ("P2", "Tom", "cat")],
    "O-2": [("P3", "Kiwi", "bird")],
    "O-3": [],
    "O-4": [("P4", "Bo", "dog"), ("P5", "Mia", "cat"), ("P6", "Zed", "rabbit")],
}


@action(read_only=True)
def list_pets_due(owner_id: str) -> list[Pet]:
    """An owner's pets that are due their annual vaccination."""
    return [Pet(id=p, name=n, species=s) for p, n, s in PETS[owner_id]]


@action
def book_vaccination(pet_id: str, species: str, date: str) -> str:
    """Book a vaccination slot for a pet on a date."""
    effect("book_vaccination", pet_id, species, date)
    return f"VX-{pet_id}"


vet: Task[Any] = Task(
    "Book a vaccination on the given date for each of the owner's pets that is due. "
    "Return the booking refs.",
    name="r33_vet_vax",
    inputs={"owner_id": str, "date": str},
    outputs={"bookings": list[str]},
    actions=[list_pets_due, book_vaccination],
)


def vet_ref(i: dict[str, Any]) -> Expected:
    ps = PETS[i["owner_id"]]
    return Expected(
        [("book_vaccination", p, s, i["date"]) for p, _, s in ps],
        {"bookings": [f"VX-{p}" for p, _, _ in ps]},
    )


CASES.append(
    Case(
        task=vet,
        features=("act on all", "copied literals mixed with refs", "list copied in finish"),
        recorded={"owner_id": "O-1", "date": "2026-05-10"},
        answers=[
            say("Which pets are due?", "list_pets_due", owner_id=ref("owner_id")),
            say(
                "Booking Rex the dog.",
                "book_vaccination",
                pet_id="P1",
                species="dog",
                date=ref("date"),
            ),
            say(
                "Booking Tom the cat.",
                "book_vaccination",
                pet_id="P2",
                species="cat",
                date=ref("date"),
            ),
            say("Both booked.", "finish", bookings=["VX-P1", "VX-P2"]),
        ],
        reference=vet_ref,
        held_out=[
            HeldOut("1 bird", {"owner_id": "O-2", "date": "2026-05-11"}),
            HeldOut("none due", {"owner_id": "O-3", "date": "2026-05-10"}),
            HeldOut("3 pets", {"owner_id": "O-4", "date": "2026-06-01"}),
        ],
    )
)


# ------------------------------ 14 marketing consent: filter by a string field in the head
class Contact(BaseModel):
    email: str
    consent: str


LISTS = {
    "spring": [
        ("a@m.com", "granted"),
        ("b@m.com", "withdrawn"),
        ("c@m.com", "granted"),
        ("d@m.com", "unknown"),
    ],
    "summer": [("e@m.com", "withdrawn")],
    "autumn": [("f@m.com", "granted"), ("g@m.com", "granted")],
    "winter": [],
}


@action(read_only=True)
def get_mailing_list(list_name: str) -> list[Contact]:
    """Contacts of a mailing list with their marketing consent (granted/withdrawn/unknown)."""
    return [Contact(email=e, consent=c) for e, c in LISTS[list_name]]


@action
def send_newsletter(email: str, edition: str) -> str:
    """Email a newsletter edition to one contact."""
    effect("send_newsletter", email, edition)
    return "sent"


consent: Task[Any] = Task(
    "Send the newsletter edition to every contact on the mailing list whose marketing consent "
    "is granted. Return the addresses you sent it to.",
    name="r33_newsletter",
    inputs={"list_name": str, "edition": str},
    outputs={"sent_to": list[str]},
    actions=[get_mailing_list, send_newsletter],
)


def consent_ref(i: dict[str, Any]) -> Expected:
    to = [e for e, c in LISTS[i["list_name"]] if c == "granted"]
    return Expected([("send_newsletter", e, i["edition"]) for e in to], {"sent_to": to})


CASES.append(
    Case(
        task=consent,
        features=("filter in head by string field", "$ref args", "list copied in finish"),
        recorded={"list_name": "spring", "edition": "2026-03"},
        answers=[
            say("Getting the mailing list.", "get_mailing_list", list_name=ref("list_name")),
            say(
                "a@m.com has consent.",
                "send_newsletter",
                email=ref("get_mailing_list_1.0.email"),
                edition=ref("edition"),
            ),
            say(
                "b has withdrawn; c@m.com has consent.",
                "send_newsletter",
                email=ref("get_mailing_list_1.2.email"),
                edition=ref("edition"),
            ),
            say("d is unknown, so skipped. Done.", "finish", sent_to=["a@m.com", "c@m.com"]),
        ],
        reference=consent_ref,
        held_out=[
            HeldOut("0 of 1", {"list_name": "summer", "edition": "2026-06"}),
            HeldOut("2 of 2", {"list_name": "autumn", "edition": "2026-09"}),
            HeldOut("empty", {"list_name": "winter", "edition": "2026-12"}),
        ],
    )
)


# ----------------------------- 15 charity: filter compute, receipts, sum returned
class Donation(BaseModel):
    id: str
    donor: str
    amount: float


DON = {
    "2026-01": [("DN-1", "Ivo", 300.0), ("DN-2", "Jo", 50.0), ("DN-3", "Kai", 250.0)],
    "2026-02": [("DN-4", "Lu", 1000.0)],
    "2026-03": [("DN-5", "Max", 20.0), ("DN-6", "Ned", 249.99)],
    "2026-04": [],
    "2026-05": [
        ("DN-7", "Oz", 400.0),
        ("DN-8", "Pia", 260.0),
        ("DN-9", "Quy", 5.0),
        ("DN-10", "Ron", 999.5),
    ],
}


@action(read_only=True)
def list_donations(month: str) -> list[Donation]:
    """Donations received in a month."""
    return [Donation(id=d, donor=n, amount=a) for d, n, a in DON[month]]


@action
def issue_tax_receipt(donation_id: str) -> str:
    """Issue a tax-deductible receipt for a donation."""
    effect("issue_tax_receipt", donation_id)
    return "issued"


charity: Task[Any] = Task(
    "Issue a tax receipt for every donation of 250 or more received in the month. Return how "
    "many receipts you issued and the total amount they cover.",
    name="r33_charity_receipts",
    inputs={"month": str},
    outputs={"receipts": int, "total": float},
    actions=[list_donations, issue_tax_receipt],
)


def charity_ref(i: dict[str, Any]) -> Expected:
    ds = [(d, a) for d, _, a in DON[i["month"]] if a >= 250]
    return Expected(
        [("issue_tax_receipt", d) for d, _ in ds],
        {"receipts": len(ds), "total": float(sum(a for _, a in ds))},
    )


CASES.append(
    Case(
        task=charity,
        features=("filter compute", "sum compute", "count typed"),
        recorded={"month": "2026-01"},
        answers=[
            say("Pulling January's donations.", "list_donations", month=ref("month")),
            say(
                "Those of 250 or more.",
                "compute",
                expression="[d for d in list_donations_1 if d.amount >= 250]",
            ),
            say("Receipt for DN-1.", "issue_tax_receipt", donation_id=ref("compute_1.0.id")),
            say("Receipt for DN-3.", "issue_tax_receipt", donation_id=ref("compute_1.1.id")),
            say("Totalling.", "compute", expression="sum(d.amount for d in compute_1)"),
            say("Two receipts.", "finish", receipts=2, total=ref("compute_2")),
        ],
        reference=charity_ref,
        held_out=[
            HeldOut("1 big", {"month": "2026-02"}),
            HeldOut("0 of 2", {"month": "2026-03"}),
            HeldOut("none", {"month": "2026-04"}),
            HeldOut("3 of 4", {"month": "2026-05"}),
        ],
    )
)


# --------------------------- 16 school transport: lookup each, both sides, decision in head
class Address(BaseModel):
    student_id: str
    distance_km: float


DIST = {"ST-1": 4.2, "ST-2": 1.1, "ST-3": 2.0, "ST-4": 6.5, "ST-5": 3.0, "ST-6": 3.1}
ROUTES = {
    "north": ["ST-1", "ST-2", "ST-3"],
    "east": ["ST-4"],
    "west": ["ST-5", "ST-6"],
    "south": [],
}


@action(read_only=True)
def list_new_students(zone: str) -> list[str]:
    """New students living in a school zone."""
    return list(ROUTES[zone])


@action(read_only=True)
def get_home_distance(student_id: str) -> Address:
    """Distance from a student's home to the school in km."""
    return Address(student_id=student_id, distance_km=DIST[student_id])


@action
def assign_bus_pass(student_id: str) -> str:
    """Issue a school bus pass to a student."""
    effect("assign_bus_pass", student_id)
    return "pass issued"


@action
def send_walking_route(student_id: str) -> str:
    """Send the family the safe walking route to school."""
    effect("send_walking_route", student_id)
    return "sent"


transport: Task[Any] = Task(
    "For each new student in the zone: if they live more than 3 km from school, issue a bus "
    "pass; otherwise send the family the safe walking route. Report how many bus passes and "
    "how many walking routes.",
    name="r33_school_bus",
    inputs={"zone": str},
    outputs={"bus_passes": int, "walking_routes": int},
    actions=[list_new_students, get_home_distance, assign_bus_pass, send_walking_route],
)


def transport_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_bus_pass" if DIST[s] > 3 else "send_walking_route", s) for s in ROUTES[i["zone"]]
    ]
    b = sum(1 for e in eff if e[0] == "assign_bus_pass")
    return Expected(eff, {"bus_passes": b, "walking_routes": len(eff) - b})


_s = [say("Who's new in the zone?", "list_new_students", zone=ref("zone"))]
for n, far in enumerate([True, False, False], start=1):
    _s.append(
        say(
            "How far do they live?",
            "get_home_distance",
            student_id=ref(f"list_new_students_1.{n-1}"),
        )
    )
    if far:
        _s.append(
            say(
                "Over 3 km: bus pass.",
                "assign_bus_pass",
                student_id=ref(f"get_home_distance_{n}.student_id"),
            )
        )
    else:
        _s.append(
            say(
                "Within 3 km: walking route.",
                "send_walking_route",
                student_id=ref(f"get_home_distance_{n}.student_id"),
            )
        )
_s.append(say("One pass and two walking routes.", "finish", bus_passes=1, walking_routes=2))
CASES.append(
    Case(
        task=transport,
        features=("lookup each", "both sides", "decision in head", "counts typed"),
        recorded={"zone": "north"},
        answers=_s,
        reference=transport_ref,
        held_out=[
            HeldOut("1 far", {"zone": "east"}),
            HeldOut("3.0 and 3.1", {"zone": "west"}),
            HeldOut("none", {"zone": "south"}),
        ],
    )
)


# ---------------------------- 17 sports league: filter on bool in the head, copied literals
class Team(BaseModel):
    id: str
    name: str
    fee_paid: bool


TEAMS = {
    "div-1": [
        ("TM-1", "Lions", True),
        ("TM-2", "Hawks", False),
        ("TM-3", "Bears", True),
        ("TM-4", "Owls", False),
    ],
    "div-2": [("TM-5", "Rams", True)],
    "div-3": [("TM-6", "Foxes", False)],
    "div-4": [("TM-7", "Eels", False), ("TM-8", "Cats", False), ("TM-9", "Yaks", True)],
}


@action(read_only=True)
def list_teams(division: str) -> list[Team]:
    """Teams of a league division and whether their season fee is paid."""
    return [Team(id=t, name=n, fee_paid=p) for t, n, p in TEAMS[division]]


@action
def send_fee_reminder(team_id: str) -> str:
    """Email a team's manager a reminder that the season fee is unpaid."""
    effect("send_fee_reminder", team_id)
    return "sent"


league: Task[Any] = Task(
    "Send a fee reminder to every team in the division that hasn't paid its season fee. "
    "Report how many reminders went out.",
    name="r33_league_fees",
    inputs={"division": str},
    outputs={"reminders": int},
    actions=[list_teams, send_fee_reminder],
)


def league_ref(i: dict[str, Any]) -> Expected:
    ids = [t for t, _, p in TEAMS[i["division"]] if not p]
    return Expected([("send_fee_reminder", t) for t in ids], {"reminders": len(ids)})


CASES.append(
    Case(
        task=league,
        features=("filter in head by bool", "copied literals", "count typed"),
        recorded={"division": "div-1"},
        answers=[
            say("Checking the division's teams.", "list_teams", division=ref("division")),
            say("Hawks (TM-2) haven't paid.", "send_fee_reminder", team_id="TM-2"),
            say("Owls (TM-4) haven't paid either.", "send_fee_reminder", team_id="TM-4"),
            say("Two reminders sent.", "finish", reminders=2),
        ],
        reference=league_ref,
        held_out=[
            HeldOut("all paid", {"division": "div-2"}),
            HeldOut("1 of 1", {"division": "div-3"}),
            HeldOut("2 of 3", {"division": "div-4"}),
        ],
    )
)


# --------------- 18 insurance: per-item compute over a field of a result (claim.items)
class Item(BaseModel):
    code: str
    cost: float


class Invoice(BaseModel):
    id: str
    items: list[Item]


INV = {
    "INV-1": [("X-RAY", 120.0), ("CONSULT", 80.0)],
    "INV-2": [("SURGERY", 1500.0)],
    "INV-3": [],
    "INV-4": [("LAB", 45.5), ("CONSULT", 80.0), ("DRUGS", 12.25)],
}


@action(read_only=True)
def get_invoice(invoice_id: str) -> Invoice:
    """A medical invoice with its items."""
    return Invoice(id=invoice_id, items=[Item(code=c, cost=v) for c, v in INV[invoice_id]])


@action
def reimburse_item(invoice_id: str, code: str, amount: float) -> str:
    """Reimburse the member for one invoice item."""
    effect("reimburse_item", invoice_id, code, round(amount, 6))
    return "paid"


reimb: Task[Any] = Task(
    "Reimburse each item of the medical invoice at 80% of its cost. Report how many items you "
    "reimbursed.",
    name="r33_reimburse",
    inputs={"invoice_id": str},
    outputs={"items": int},
    actions=[get_invoice, reimburse_item],
)


def reimb_ref(i: dict[str, Any]) -> Expected:
    it = INV[i["invoice_id"]]
    return Expected(
        [("reimburse_item", i["invoice_id"], c, round(v * 0.8, 6)) for c, v in it],
        {"items": len(it)},
    )


CASES.append(
    Case(
        task=reimb,
        features=("loop over field", "per-item compute", "count typed"),
        recorded={"invoice_id": "INV-1"},
        answers=[
            say("Opening the invoice.", "get_invoice", invoice_id=ref("invoice_id")),
            say("80% of the X-ray.", "compute", expression="get_invoice_1.items[0].cost * 0.8"),
            say(
                "Paying it.",
                "reimburse_item",
                invoice_id=ref("invoice_id"),
                code=ref("get_invoice_1.items.0.code"),
                amount=ref("compute_1"),
            ),
            say("80% of the consult.", "compute", expression="get_invoice_1.items[1].cost * 0.8"),
            say(
                "Paying it.",
                "reimburse_item",
                invoice_id=ref("invoice_id"),
                code=ref("get_invoice_1.items.1.code"),
                amount=ref("compute_2"),
            ),
            say("Two items reimbursed.", "finish", items=2),
        ],
        reference=reimb_ref,
        held_out=[
            HeldOut("1 item", {"invoice_id": "INV-2"}),
            HeldOut("no items", {"invoice_id": "INV-3"}),
            HeldOut("3 items", {"invoice_id": "INV-4"}),
        ],
    )
)


# --------------------------------------- 19 utilities outage: two loops in a row over one list
class Affected(BaseModel):
    account: str
    phone: str


OUTAGE = {
    "OUT-1": [("AC-11", "+4711"), ("AC-12", "+4712")],
    "OUT-2": [("AC-21", "+4721")],
    "OUT-3": [],
    "OUT-4": [("AC-41", "+4741"), ("AC-42", "+4742"), ("AC-43", "+4743")],
}


@action(read_only=True)
def list_affected_customers(outage_id: str) -> list[Affected]:
    """Customers affected by a power outage."""
    return [Affected(account=a, phone=p) for a, p in OUTAGE[outage_id]]


@action
def send_sms(phone: str, text: str) -> str:
    """Send a text message."""
    effect("send_sms", phone, text)
    return "sent"


@action
def add_outage_credit(account: str, amount: float) -> str:
    """Credit an account for an outage."""
    effect("add_outage_credit", account, amount)
    return "credited"


outage: Task[Any] = Task(
    "For the outage, first text every affected customer 'Power is restored. A 15.00 credit is on "
    "its way.', then add a 15.00 credit to each of their accounts. Report how many customers "
    "were affected.",
    name="r33_outage_credit",
    inputs={"outage_id": str},
    outputs={"customers": int},
    actions=[list_affected_customers, send_sms, add_outage_credit],
)
_MSG = "Power is restored. A 15.00 credit is on its way."


def outage_ref(i: dict[str, Any]) -> Expected:
    cs = OUTAGE[i["outage_id"]]
    eff: list[Any] = [("send_sms", p, _MSG) for _, p in cs]
    eff += [("add_outage_credit", a, 15.0) for a, _ in cs]
    return Expected(eff, {"customers": len(cs)})


CASES.append(
    Case(
        task=outage,
        features=("two loops in a row", "constant text", "count typed"),
        recorded={"outage_id": "OUT-1"},
        answers=[
            say("Who was affected?", "list_affected_customers", outage_id=ref("outage_id")),
            say(
                "Texting the first customer.",
                "send_sms",
                phone=ref("list_affected_customers_1.0.phone"),
                text=_MSG,
            ),
            say(
                "Texting the second.",
                "send_sms",
                phone=ref("list_affected_customers_1.1.phone"),
                text=_MSG,
            ),
            say(
                "Now the credits: AC-11.",
                "add_outage_credit",
                account=ref("list_affected_customers_1.0.account"),
                amount=15.0,
            ),
            say(
                "And AC-12.",
                "add_outage_credit",
                account=ref("list_affected_customers_1.1.account"),
                amount=15.0,
            ),
            say("Two customers handled.", "finish", customers=2),
        ],
        reference=outage_ref,
        held_out=[
            HeldOut("1 customer", {"outage_id": "OUT-2"}),
            HeldOut("none", {"outage_id": "OUT-3"}),
            HeldOut("3 customers", {"outage_id": "OUT-4"}),
        ],
    )
)


# -------------------------------- 20 courts: one filing, a dict argument with $refs inside
class CourtCase(BaseModel):
    case_no: str
    judge: str
    plaintiff: str
    defendant: str


COURT = {
    "CV-1": ("Judge Ade", "Acme Ltd", "Bo Ltd"),
    "CV-2": ("Judge Bell", "Cy", "Dee"),
    "CV-3": ("Judge Cruz", "Eon plc", "Fay"),
}


@action(read_only=True)
def get_case(case_no: str) -> CourtCase:
    """A civil case with its judge and parties."""
    j, p, d = COURT[case_no]
    return CourtCase(case_no=case_no, judge=j, plaintiff=p, defendant=d)


@action
def file_document(case_no: str, doc_type: str, meta: dict[str, Any]) -> str:
    """File a document on a case, with metadata (judge, parties)."""
    effect("file_document", case_no, doc_type, meta["judge"], tuple(meta["parties"]))
    return f"DOC-{case_no}"


filing: Task[Any] = Task(
    "File the document of the given type on the case, with metadata naming the case's judge "
    "and both parties (plaintiff first). Return the document id.",
    name="r33_court_filing",
    inputs={"case_no": str, "doc_type": str},
    outputs={"document": str},
    actions=[get_case, file_document],
)


def filing_ref(i: dict[str, Any]) -> Expected:
    j, p, d = COURT[i["case_no"]]
    return Expected(
        [("file_document", i["case_no"], i["doc_type"], j, (p, d))],
        {"document": f"DOC-{i['case_no']}"},
    )


CASES.append(
    Case(
        task=filing,
        features=("dict argument with refs", "list inside dict"),
        recorded={"case_no": "CV-1", "doc_type": "motion"},
        answers=[
            say("Looking up the case.", "get_case", case_no=ref("case_no")),
            say(
                "Filing with the judge and parties.",
                "file_document",
                case_no=ref("case_no"),
                doc_type=ref("doc_type"),
                meta={
                    "judge": ref("get_case_1.judge"),
                    "parties": [ref("get_case_1.plaintiff"), ref("get_case_1.defendant")],
                },
            ),
            say("Filed.", "finish", document=ref("file_document_1")),
        ],
        reference=filing_ref,
        held_out=[
            HeldOut("other case", {"case_no": "CV-2", "doc_type": "motion"}),
            HeldOut("other type", {"case_no": "CV-3", "doc_type": "affidavit"}),
            HeldOut("same case other type", {"case_no": "CV-1", "doc_type": "brief"}),
        ],
    )
)


# ------------------------- 21 airline crew overtime: filter, then a per-item computed amount
class Hours(BaseModel):
    employee_id: str
    hours: float


HRS = {
    "2026-W10": [("C-1", 72.0), ("C-2", 55.0), ("C-3", 64.5)],
    "2026-W11": [("C-4", 61.0)],
    "2026-W12": [("C-5", 40.0), ("C-6", 60.0)],
    "2026-W13": [("C-7", 80.0), ("C-8", 66.0), ("C-9", 59.0), ("C-10", 70.0)],
}


@action(read_only=True)
def get_duty_hours(week: str) -> list[Hours]:
    """Duty hours per crew member for a week."""
    return [Hours(employee_id=e, hours=h) for e, h in HRS[week]]


@action
def pay_overtime(employee_id: str, hours: float) -> str:
    """Pay a crew member overtime for a number of hours."""
    effect("pay_overtime", employee_id, hours)
    return "paid"


ot: Task[Any] = Task(
    "For the week, pay overtime to every crew member who worked more than 60 duty hours, for "
    "the hours over 60. Report how many were paid overtime.",
    name="r33_crew_overtime",
    inputs={"week": str},
    outputs={"paid": int},
    actions=[get_duty_hours, pay_overtime],
)


def ot_ref(i: dict[str, Any]) -> Expected:
    xs = [(e, h - 60) for e, h in HRS[i["week"]] if h > 60]
    return Expected([("pay_overtime", e, h) for e, h in xs], {"paid": len(xs)})


CASES.append(
    Case(
        task=ot,
        features=("filter compute", "per-item compute", "count typed"),
        recorded={"week": "2026-W10"},
        answers=[
            say("Getting the week's duty hours.", "get_duty_hours", week=ref("week")),
            say(
                "Over 60 hours?",
                "compute",
                expression="[h for h in get_duty_hours_1 if h.hours > 60]",
            ),
            say("Overtime hours for C-1.", "compute", expression="compute_1[0].hours - 60"),
            say(
                "Paying C-1.",
                "pay_overtime",
                employee_id=ref("compute_1.0.employee_id"),
                hours=ref("compute_2"),
            ),
            say("Overtime hours for C-3.", "compute", expression="compute_1[1].hours - 60"),
            say(
                "Paying C-3.",
                "pay_overtime",
                employee_id=ref("compute_1.1.employee_id"),
                hours=ref("compute_3"),
            ),
            say("Two crew members paid.", "finish", paid=2),
        ],
        reference=ot_ref,
        held_out=[
            HeldOut("1 of 1", {"week": "2026-W11"}),
            HeldOut("0 incl exactly 60", {"week": "2026-W12"}),
            HeldOut("3 of 4", {"week": "2026-W13"}),
        ],
    )
)


# ------------------ 22 dental billing: lookup each, decision on two fields, one-sided, literals
class Statement(BaseModel):
    patient_id: str
    billed: float
    paid: float


BILL = {
    "PT-1": (200.0, 200.0),
    "PT-2": (350.0, 100.0),
    "PT-3": (90.0, 0.0),
    "PT-4": (120.0, 120.0),
    "PT-5": (60.0, 59.0),
}
CLINIC = {"mon": ["PT-1", "PT-2", "PT-3"], "tue": ["PT-4"], "wed": ["PT-5", "PT-1"], "thu": []}


@action(read_only=True)
def list_patients_seen(day: str) -> list[str]:
    """Patients seen at the clinic on a weekday."""
    return list(CLINIC[day])


@action(read_only=True)
def get_statement(patient_id: str) -> Statement:
    """A patient's billed and paid amounts for the visit."""
    b, p = BILL[patient_id]
    return Statement(patient_id=patient_id, billed=b, paid=p)


@action
def send_balance_statement(patient_id: str) -> str:
    """Mail the patient a statement of their outstanding balance."""
    effect("send_balance_statement", patient_id)
    return "mailed"


dbill: Task[Any] = Task(
    "For each patient seen on the day, check their statement and mail a balance statement to "
    "anyone who has paid less than they were billed. Report how many statements you mailed.",
    name="r33_dental_balance",
    inputs={"day": str},
    outputs={"statements": int},
    actions=[list_patients_seen, get_statement, send_balance_statement],
)


def dbill_ref(i: dict[str, Any]) -> Expected:
    ids = [p for p in CLINIC[i["day"]] if BILL[p][1] < BILL[p][0]]
    return Expected([("send_balance_statement", p) for p in ids], {"statements": len(ids)})


_d = [say("Who was seen Monday?", "list_patients_seen", day=ref("day"))]
for n, (pid, owes) in enumerate([("PT-1", False), ("PT-2", True), ("PT-3", True)], start=1):
    _d.append(say(f"Checking {pid}.", "get_statement", patient_id=pid))
    _d.append(
        say(
            "Paid less than billed?",
            "compute",
            expression=f"get_statement_{n}.paid < get_statement_{n}.billed",
        )
    )
    if owes:
        _d.append(say(f"{pid} owes money, mailing.", "send_balance_statement", patient_id=pid))
_d.append(say("Two statements mailed.", "finish", statements=2))
CASES.append(
    Case(
        task=dbill,
        features=("lookup each", "two-field compute", "copied literals", "count typed"),
        recorded={"day": "mon"},
        answers=_d,
        reference=dbill_ref,
        held_out=[
            HeldOut("0 of 1", {"day": "tue"}),
            HeldOut("1 of 2", {"day": "wed"}),
            HeldOut("none seen", {"day": "thu"}),
        ],
    )
)


# ------------------- 23 newsroom archive: filter compute, one bulk call with a dict of $refs
class Story(BaseModel):
    id: str
    age_days: int


STORIES = {
    "web": [("S-1", 400), ("S-2", 20), ("S-3", 800), ("S-4", 100)],
    "app": [("S-5", 500)],
    "print": [("S-6", 3), ("S-7", 364)],
    "radio": [("S-8", 365), ("S-9", 1000), ("S-10", 366)],
}


@action(read_only=True)
def list_stories(channel: str) -> list[Story]:
    """Published stories of a channel with their age in days."""
    return [Story(id=s, age_days=a) for s, a in STORIES[channel]]


@action
def archive_stories(request: dict[str, Any]) -> str:
    """Archive a batch of stories: request = {"ids": [...], "reason": "..."}."""
    effect("archive_stories", tuple(request["ids"]), request["reason"])
    return f"archived {len(request['ids'])}"


archive: Task[Any] = Task(
    "Archive, in one batch with the reason 'older than a year', every story of the channel "
    "that is more than 365 days old. Return how many you archived.",
    name="r33_archive_batch",
    inputs={"channel": str},
    outputs={"archived": int},
    actions=[list_stories, archive_stories],
)


def archive_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, a in STORIES[i["channel"]] if a > 365]
    eff: list[Any] = [("archive_stories", tuple(ids), "older than a year")] if ids else []
    return Expected(eff, {"archived": len(ids)})


CASES.append(
    Case(
        task=archive,
        features=("filter compute", "dict arg with list of refs", "count typed"),
        recorded={"channel": "web"},
        answers=[
            say("Listing the channel's stories.", "list_stories", channel=ref("channel")),
            say(
                "Older than 365 days.",
                "compute",
                expression="[s for s in list_stories_1 if s.age_days > 365]",
            ),
            say(
                "Archiving S-1 and S-3 in one batch.",
                "archive_stories",
                request={
                    "ids": [ref("compute_1.0.id"), ref("compute_1.1.id")],
                    "reason": "older than a year",
                },
            ),
            say("Two archived.", "finish", archived=2),
        ],
        reference=archive_ref,
        held_out=[
            HeldOut("1 old", {"channel": "app"}),
            HeldOut("2 of 3 incl 365", {"channel": "radio"}),
            HeldOut("none old", {"channel": "print"}, new_path=True),
        ],
    )
)


# ------------- 24 vet kennels: lookup each, same action both sides, returns an id, list out
class Patient(BaseModel):
    id: str
    weight_kg: float


WEIGHT = {"VP-1": 32.0, "VP-2": 4.5, "VP-3": 8.0, "VP-4": 40.0, "VP-5": 25.0, "VP-6": 25.5}
WARD = {"mon": ["VP-1", "VP-2", "VP-3"], "tue": ["VP-4"], "wed": ["VP-5", "VP-6"], "thu": []}


@action(read_only=True)
def list_admissions(day: str) -> list[str]:
    """Animals admitted for overnight stay on a day."""
    return list(WARD[day])


@action(read_only=True)
def get_patient(patient_id: str) -> Patient:
    """An animal patient with its weight."""
    return Patient(id=patient_id, weight_kg=WEIGHT[patient_id])


@action
def book_kennel(patient_id: str, size: str) -> str:
    """Book an overnight kennel of a size (large or small) for an animal."""
    effect("book_kennel", patient_id, size)
    return f"K-{patient_id}"


kennel: Task[Any] = Task(
    "Book an overnight kennel for each animal admitted on the day: a large kennel for animals "
    "over 25 kg, a small one otherwise. Return the kennel booking ids.",
    name="r33_vet_kennels",
    inputs={"day": str},
    outputs={"kennels": list[str]},
    actions=[list_admissions, get_patient, book_kennel],
)


def kennel_ref(i: dict[str, Any]) -> Expected:
    ps = WARD[i["day"]]
    return Expected(
        [("book_kennel", p, "large" if WEIGHT[p] > 25 else "small") for p in ps],
        {"kennels": [f"K-{p}" for p in ps]},
    )


_k = [say("Who's admitted?", "list_admissions", day=ref("day"))]
for n, big in enumerate([True, False, False], start=1):
    _k.append(say("Weighing in.", "get_patient", patient_id=ref(f"list_admissions_1.{n-1}")))
    _k.append(say("Over 25 kg?", "compute", expression=f"get_patient_{n}.weight_kg > 25"))
    _k.append(
        say(
            "Large kennel." if big else "Small kennel.",
            "book_kennel",
            patient_id=ref(f"get_patient_{n}.id"),
            size="large" if big else "small",
        )
    )
_k.append(
    say(
        "Three kennels booked.",
        "finish",
        kennels=[ref("book_kennel_1"), ref("book_kennel_2"), ref("book_kennel_3")],
    )
)
CASES.append(
    Case(
        task=kennel,
        features=("lookup each", "same action both sides", "refs list in finish"),
        recorded={"day": "mon"},
        answers=_k,
        reference=kennel_ref,
        held_out=[
            HeldOut("1 large", {"day": "tue"}),
            HeldOut("25.0 and 25.5", {"day": "wed"}),
            HeldOut("none", {"day": "thu"}),
        ],
    )
)

CASES = at_least_three(CASES)
