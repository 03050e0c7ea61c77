"""Round 45 red team: dispatch between words (_dispatch._chosen_kind), objects of an item's own
results (_loops._positional), counts after a dispatch."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------------------------------------------------------------- jobs, languages, translators
class Job(BaseModel):
    id: str
    target_language: str
    rush: bool = False


JOBS: dict[str, list[tuple[str, str, bool]]] = {
    "b1": [("T1", "de", True), ("T2", "fr", False), ("T3", "de", True)],
    "b2": [("T4", "it", False), ("T5", "de", False)],
    "b3": [("T6", "fr", True), ("T7", "es", False)],
    "b4": [("T8", "de", False), ("T9", "fr", True), ("T10", "fr", False)],
    "b5": [("T11", "it", True)],
}


@action(read_only=True)
def list_new_jobs(batch: str) -> list[Job]:
    """New translation jobs of a batch with their target language code and rush flag."""
    return [Job(id=j, target_language=lang, rush=r) for j, lang, r in JOBS[batch]]


@action
def assign_translator(job_id: str, translator: str) -> str:
    """Assign a job to a translator."""
    effect("assign_translator", job_id, translator)
    return "assigned"


def _jobs_transcript(names: dict[str, str], finish: dict[str, Any]) -> list[Any]:
    t = [say("New jobs.", "list_new_jobs", batch=ref("batch"))]
    for n, (_, lang, _) in enumerate(JOBS["b1"]):
        t.append(
            say(
                f"{lang} job, {names[lang]}.",
                "assign_translator",
                job_id=ref(f"list_new_jobs_1.{n}.id"),
                translator=names[lang],
            )
        )
    t.append(say("Done.", "finish", **finish))
    return t


HELD_JOBS = [
    HeldOut("de+fr ordinary", {"batch": "b4"}),
    HeldOut("italian + german", {"batch": "b2"}),
    HeldOut("fr + spanish", {"batch": "b3"}),
    HeldOut("only italian", {"batch": "b5"}),
]

# A: a third language the words name, never recorded
NAMES3 = {"de": "Petra", "fr": "Luc", "it": "Marco"}
third: Task[Any] = Task(
    "Assign every new job of the batch: German jobs to Petra, French jobs to Luc, Italian jobs "
    "to Marco. Return how many jobs were assigned.",
    name="r45_third_language",
    inputs={"batch": str},
    outputs={"assigned": int},
    actions=[list_new_jobs, assign_translator],
)


def third_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_translator", j, NAMES3[lang]) for j, lang, _ in JOBS[i["batch"]] if lang in NAMES3
    ]
    return Expected(eff, {"assigned": len(eff)})


CASES.append(
    Case(
        task=third,
        features=("dispatch", "third word never recorded"),
        recorded={"batch": "b1"},
        answers=_jobs_transcript(NAMES3, {"assigned": 3}),
        reference=third_ref,
        held_out=HELD_JOBS,
    )
)

# B: other languages are left alone by the words
leave: Task[Any] = Task(
    "Assign the new jobs of the batch: German jobs to Petra, French jobs to Luc. Leave jobs in "
    "any other language unassigned. Return how many went to Petra and how many to Luc.",
    name="r45_leave_other_language",
    inputs={"batch": str},
    outputs={"petra": int, "luc": int},
    actions=[list_new_jobs, assign_translator],
)


def leave_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_translator", j, NAMES3[lang])
        for j, lang, _ in JOBS[i["batch"]]
        if lang in ("de", "fr")
    ]
    p = sum(1 for e in eff if e[2] == "Petra")
    return Expected(eff, {"petra": p, "luc": len(eff) - p})


CASES.append(
    Case(
        task=leave,
        features=("dispatch", "else catches unassigned"),
        recorded={"batch": "b1"},
        answers=_jobs_transcript(NAMES3, {"petra": 2, "luc": 1}),
        reference=leave_ref,
        held_out=HELD_JOBS,
    )
)

# E: a count named by neither word that equals one word's count in the recording
rushc: Task[Any] = Task(
    "Assign every new job of the batch: German jobs to Petra, French jobs to Luc. Return how "
    "many of the jobs are rush jobs.",
    name="r45_rush_count",
    inputs={"batch": str},
    outputs={"rush": int},
    actions=[list_new_jobs, assign_translator],
)


def rush_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_translator", j, "Petra" if lang == "de" else "Luc")
        for j, lang, _ in JOBS[i["batch"]]
    ]
    return Expected(eff, {"rush": sum(1 for _, _, r in JOBS[i["batch"]] if r)})


CASES.append(
    Case(
        task=rushc,
        features=("dispatch", "count named by neither word"),
        recorded={"batch": "b1"},
        answers=_jobs_transcript(NAMES3, {"rush": 2}),
        reference=rush_ref,
        held_out=[
            HeldOut("de+fr ordinary", {"batch": "b4"}),
            HeldOut("4 jobs", {"batch": "b6"}),
        ],
    )
)


# ---------------------------------------------------------------- letters: language by country
class Member(BaseModel):
    id: str
    country: str


MEMBERS = {
    "m1": [("M1", "DE"), ("M2", "FR"), ("M3", "DE"), ("M4", "FR")],
    "m2": [("M5", "AT"), ("M6", "FR")],
    "m3": [("M7", "DE"), ("M8", "BE")],
    "m4": [("M9", "FR"), ("M10", "DE")],
}


@action(read_only=True)
def list_members(club: str) -> list[Member]:
    """Members of a club with their country code."""
    return [Member(id=m, country=c) for m, c in MEMBERS[club]]


@action
def send_renewal_letter(member_id: str, language: str) -> str:
    """Send a member the renewal letter in a language (de or fr)."""
    effect("send_renewal_letter", member_id, language)
    return "sent"


LANG = {"DE": "de", "AT": "de", "FR": "fr", "BE": "fr"}
letters: Task[Any] = Task(
    "Send every member of the club the renewal letter: in German (de) for members in Germany or "
    "Austria, in French (fr) for members in France or Belgium. Return how many letters went out.",
    name="r45_letter_language",
    inputs={"club": str},
    outputs={"sent": int},
    actions=[list_members, send_renewal_letter],
)


def letters_ref(i: dict[str, Any]) -> Expected:
    eff = [("send_renewal_letter", m, LANG[c]) for m, c in MEMBERS[i["club"]]]
    return Expected(eff, {"sent": len(eff)})


_lt = [say("Members.", "list_members", club=ref("club"))]
for n, (_, c) in enumerate(MEMBERS["m1"]):
    _lt.append(
        say(
            f"{c}.",
            "send_renewal_letter",
            member_id=ref(f"list_members_1.{n}.id"),
            language=LANG[c],
        )
    )
_lt.append(say("4 letters.", "finish", sent=4))
CASES.append(
    Case(
        task=letters,
        features=("dispatch", "word rule with second value named in words"),
        recorded={"club": "m1"},
        answers=_lt,
        reference=letters_ref,
        held_out=[
            HeldOut("FR+DE ordinary", {"club": "m4"}),
            HeldOut("Austria", {"club": "m2"}),
            HeldOut("Belgium", {"club": "m3"}),
        ],
    )
)


# ---------------------------------------------------------------- support tickets: hidden vip
class Ticket(BaseModel):
    id: str
    priority: str
    vip: bool


TICKETS = {
    "q1": [
        ("K1", "urgent", False),
        ("K2", "normal", False),
        ("K3", "urgent", False),
        ("K4", "normal", False),
    ],
    "q2": [("K5", "normal", True), ("K6", "urgent", False)],
    "q3": [("K7", "normal", False), ("K8", "urgent", True)],
}


@action(read_only=True)
def list_open_tickets(queue: str) -> list[Ticket]:
    """Open tickets of a queue with priority and whether the customer is a VIP."""
    return [Ticket(id=t, priority=p, vip=v) for t, p, v in TICKETS[queue]]


@action
def route_ticket(ticket_id: str, team: str) -> str:
    """Route a ticket to a support team."""
    effect("route_ticket", ticket_id, team)
    return "routed"


tickets: Task[Any] = Task(
    "Route every open ticket of the queue: urgent tickets and any ticket from a VIP customer go "
    "to the escalations team, the rest to the frontline team. Return how many went to "
    "escalations.",
    name="r45_vip_route",
    inputs={"queue": str},
    outputs={"escalations": int},
    actions=[list_open_tickets, route_ticket],
)


def tickets_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("route_ticket", t, "escalations" if p == "urgent" or v else "frontline")
        for t, p, v in TICKETS[i["queue"]]
    ]
    return Expected(eff, {"escalations": sum(1 for e in eff if e[2] == "escalations")})


_tk = [say("Queue.", "list_open_tickets", queue=ref("queue"))]
for n, (_, p, v) in enumerate(TICKETS["q1"]):
    _tk.append(
        say(
            f"{p}.",
            "route_ticket",
            ticket_id=ref(f"list_open_tickets_1.{n}.id"),
            team="escalations" if p == "urgent" or v else "frontline",
        )
    )
_tk.append(say("2 escalated.", "finish", escalations=2))
CASES.append(
    Case(
        task=tickets,
        features=("dispatch", "second condition in words, field alike in recording"),
        recorded={"queue": "q1"},
        answers=_tk,
        reference=tickets_ref,
        held_out=[
            HeldOut("vip normal", {"queue": "q2"}),
            HeldOut("vip urgent ordinary", {"queue": "q3"}),
        ],
    )
)


# ---------------------------------------------------------------- emails routed by subject text
class Email(BaseModel):
    id: str
    subject: str
    customer_tier: str


EMAILS = {
    "e1": [
        ("E1", "Invoice charged twice", "gold"),
        ("E2", "App crashes on login", "basic"),
        ("E3", "Refund for March invoice", "gold"),
    ],
    "e2": [("E4", "App will not sync", "gold"), ("E5", "Wrong VAT on invoice", "basic")],
    "e3": [("E6", "Invoice missing", "gold")],
}


@action(read_only=True)
def list_support_emails(inbox: str) -> list[Email]:
    """Unassigned support emails with subject and customer tier."""
    return [Email(id=e, subject=s, customer_tier=t) for e, s, t in EMAILS[inbox]]


@action
def assign_email(email_id: str, agent: str) -> str:
    """Assign a support email to an agent."""
    effect("assign_email", email_id, agent)
    return "assigned"


BILLING = ("invoice", "refund", "vat")
emails: Task[Any] = Task(
    "Assign the unassigned support emails: billing questions to Ann, technical problems to Bob. "
    "Return how many you assigned.",
    name="r45_topic_route",
    inputs={"inbox": str},
    outputs={"assigned": int},
    actions=[list_support_emails, assign_email],
)


def _agent(subject: str) -> str:
    return "Ann" if any(w in subject.lower() for w in BILLING) else "Bob"


def emails_ref(i: dict[str, Any]) -> Expected:
    eff = [("assign_email", e, _agent(s)) for e, s, _ in EMAILS[i["inbox"]]]
    return Expected(eff, {"assigned": len(eff)})


_em = [say("Inbox.", "list_support_emails", inbox=ref("inbox"))]
for n, (_, s, _) in enumerate(EMAILS["e1"]):
    _em.append(
        say(
            f"'{s}'.",
            "assign_email",
            email_id=ref(f"list_support_emails_1.{n}.id"),
            agent=_agent(s),
        )
    )
_em.append(say("3.", "finish", assigned=3))
CASES.append(
    Case(
        task=emails,
        features=("dispatch", "word picked from text no field shows"),
        recorded={"inbox": "e1"},
        answers=_em,
        reference=emails_ref,
        held_out=[
            HeldOut("gold technical", {"inbox": "e2"}),
            HeldOut("gold billing ordinary", {"inbox": "e3"}),
        ],
    )
)


# ---------------------------------------------------------------- donors: object with a tier word
class Donor(BaseModel):
    id: str
    name: str
    total: int


DONORS = {
    "d1": [("D1", "Ada", 1500), ("D2", "Bo", 300), ("D3", "Cy", 2500)],
    "d2": [("D4", "Di", 800), ("D5", "Ed", 1000)],
    "d3": [("D6", "Fa", 5000), ("D7", "Gu", 50)],
}


@action(read_only=True)
def list_donors(campaign: str) -> list[Donor]:
    """Donors of a campaign with their total given."""
    return [Donor(id=d, name=n, total=t) for d, n, t in DONORS[campaign]]


@action
def send_thanks(recipient: dict[str, Any], card: str) -> str:
    """Send a thank-you card to a donor (recipient: donor_id and name)."""
    effect("send_thanks", recipient["donor_id"], recipient["name"], card)
    return "sent"


thanks: Task[Any] = Task(
    "Send every donor of the campaign a thank-you card: the 'gold' card to donors who gave 1000 "
    "or more, the 'classic' card to the others. Return how many gold cards you sent.",
    name="r45_donor_cards",
    inputs={"campaign": str},
    outputs={"gold": int},
    actions=[list_donors, send_thanks],
)


def thanks_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("send_thanks", d, n, "gold" if t >= 1000 else "classic")
        for d, n, t in DONORS[i["campaign"]]
    ]
    return Expected(eff, {"gold": sum(1 for e in eff if e[3] == "gold")})


_th = [say("Donors.", "list_donors", campaign=ref("campaign"))]
for n, (_, _, t) in enumerate(DONORS["d1"]):
    _th.append(
        say(
            "Card.",
            "send_thanks",
            recipient={
                "donor_id": ref(f"list_donors_1.{n}.id"),
                "name": ref(f"list_donors_1.{n}.name"),
            },
            card="gold" if t >= 1000 else "classic",
        )
    )
_th.append(say("2 gold.", "finish", gold=2))
CASES.append(
    Case(
        task=thanks,
        features=("dispatch", "object recipient", "threshold in words"),
        recorded={"campaign": "d1"},
        answers=_th,
        reference=thanks_ref,
        held_out=[
            HeldOut("800 and 1000", {"campaign": "d2"}),
            HeldOut("ordinary", {"campaign": "d3"}),
        ],
    )
)


# ---------------------------------------------------------------- consent flag with None
class Contact(BaseModel):
    id: str
    opted_in: bool | None


CONTACTS = {
    "c1": [("C1", True), ("C2", False), ("C3", True)],
    "c2": [("C4", None), ("C5", True)],
    "c3": [("C6", False), ("C7", False)],
}


@action(read_only=True)
def list_contacts(segment: str) -> list[Contact]:
    """Contacts of a segment and whether they opted in to marketing (None: never asked)."""
    return [Contact(id=c, opted_in=o) for c, o in CONTACTS[segment]]


@action
def set_marketing(contact_id: str, mode: str) -> str:
    """Set a contact's marketing mode: 'allow' or 'block'."""
    effect("set_marketing", contact_id, mode)
    return "ok"


consent: Task[Any] = Task(
    "For every contact of the segment set marketing to 'allow' if they opted in, otherwise "
    "'block'. Return how many are blocked.",
    name="r45_consent_none",
    inputs={"segment": str},
    outputs={"blocked": int},
    actions=[list_contacts, set_marketing],
)


def consent_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("set_marketing", c, "allow" if o is True else "block") for c, o in CONTACTS[i["segment"]]
    ]
    return Expected(eff, {"blocked": sum(1 for e in eff if e[2] == "block")})


_cs = [say("Segment.", "list_contacts", segment=ref("segment"))]
for n, (_, o) in enumerate(CONTACTS["c1"]):
    _cs.append(
        say(
            "Mode.",
            "set_marketing",
            contact_id=ref(f"list_contacts_1.{n}.id"),
            mode="allow" if o else "block",
        )
    )
_cs.append(say("1 blocked.", "finish", blocked=1))
CASES.append(
    Case(
        task=consent,
        features=("dispatch", "flag None never recorded"),
        recorded={"segment": "c1"},
        answers=_cs,
        reference=consent_ref,
        held_out=[HeldOut("never asked", {"segment": "c2"}), HeldOut("all out", {"segment": "c3"})],
    )
)


# ================================================================ batch 2
JOBS["b6"] = [("T12", "de", False), ("T13", "fr", False), ("T14", "de", True), ("T15", "fr", False)]


@action
def message_pm(text: str) -> str:
    """Post a message to the project manager."""
    effect("message_pm", text)
    return "posted"


# F: a text after the dispatch writes the counts
summ: Task[Any] = Task(
    "Assign every new job of the batch: German jobs to Petra, French jobs to Luc. Then message "
    "the project manager a one-line summary of the assignments.",
    name="r45_dispatch_summary_text",
    inputs={"batch": str},
    outputs={"done": bool},
    actions=[list_new_jobs, assign_translator, message_pm],
)


def summ_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = [
        ("assign_translator", j, "Petra" if lang == "de" else "Luc")
        for j, lang, _ in JOBS[i["batch"]]
    ]
    p = sum(1 for e in eff if e[2] == "Petra")
    eff.append(("message_pm", f"{len(eff)} jobs assigned: {p} to Petra, {len(eff) - p} to Luc."))
    return Expected(eff, {"done": True})


_sm = _jobs_transcript(NAMES3, {})[:-1]
_sm.append(say("Summary.", "message_pm", text="3 jobs assigned: 2 to Petra, 1 to Luc."))
_sm.append(say("Done.", "finish", done=True))
CASES.append(
    Case(
        task=summ,
        features=("dispatch", "counts in a text after"),
        recorded={"batch": "b1"},
        answers=_sm,
        reference=summ_ref,
        held_out=[HeldOut("1 de 2 fr", {"batch": "b4"}), HeldOut("4 jobs", {"batch": "b6"})],
    )
)

# F2: the same with count words
summ2: Task[Any] = Task(
    "Assign every new job of the batch: German jobs to Petra, French jobs to Luc. Then message "
    "the project manager who got what.",
    name="r45_dispatch_summary_words",
    inputs={"batch": str},
    outputs={"done": bool},
    actions=[list_new_jobs, assign_translator, message_pm],
)


def summ2_ref(i: dict[str, Any]) -> Expected:
    eff: list[Any] = [
        ("assign_translator", j, "Petra" if lang == "de" else "Luc")
        for j, lang, _ in JOBS[i["batch"]]
    ]
    return (
        Expected(
            [*eff, ("message_pm", "Petra has both German jobs, Luc the French one.")],
            {"done": True},
        )
        if [e[2] for e in eff].count("Petra") == 2 and len(eff) == 3
        else Expected([*eff, ("message_pm", "<different summary>")], {"done": True})
    )


_sm2 = _jobs_transcript(NAMES3, {})[:-1]
_sm2.append(say("Summary.", "message_pm", text="Petra has both German jobs, Luc the French one."))
_sm2.append(say("Done.", "finish", done=True))
CASES.append(
    Case(
        task=summ2,
        features=("dispatch", "count words in a text after"),
        recorded={"batch": "b1"},
        answers=_sm2,
        reference=summ2_ref,
        held_out=[HeldOut("1 de 2 fr", {"batch": "b4"}), HeldOut("4 jobs", {"batch": "b6"})],
    )
)

# G: a cap in the words over a dispatch
capt: Task[Any] = Task(
    "Assign at most three new jobs of the batch, in list order: German jobs to Petra, French "
    "jobs to Luc. Return how many you assigned.",
    name="r45_dispatch_cap",
    inputs={"batch": str},
    outputs={"assigned": int},
    actions=[list_new_jobs, assign_translator],
)


def capt_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_translator", j, "Petra" if lang == "de" else "Luc")
        for j, lang, _ in JOBS[i["batch"]][:3]
    ]
    return Expected(eff, {"assigned": len(eff)})


CASES.append(
    Case(
        task=capt,
        features=("dispatch", "cap"),
        recorded={"batch": "b1"},
        answers=_jobs_transcript(NAMES3, {"assigned": 3}),
        reference=capt_ref,
        held_out=[HeldOut("3 ordinary", {"batch": "b4"}), HeldOut("4 jobs", {"batch": "b6"})],
    )
)


# H: two arguments that vary: translator by language, deadline by rush
@action
def assign_with_deadline(job_id: str, translator: str, deadline: str) -> str:
    """Assign a job to a translator with a deadline ('24h' or '72h')."""
    effect("assign_with_deadline", job_id, translator, deadline)
    return "assigned"


JOBS["b7"] = [("T16", "de", True), ("T17", "fr", False), ("T18", "de", False)]
JOBS["b8"] = [("T19", "fr", True), ("T20", "de", False)]
two: Task[Any] = Task(
    "Assign every new job of the batch: German jobs to Petra, French jobs to Luc; rush jobs get "
    "the '24h' deadline, the others '72h'. Return how many jobs you assigned.",
    name="r45_two_words_vary",
    inputs={"batch": str},
    outputs={"assigned": int},
    actions=[list_new_jobs, assign_with_deadline],
)


def two_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("assign_with_deadline", j, "Petra" if lang == "de" else "Luc", "24h" if r else "72h")
        for j, lang, r in JOBS[i["batch"]]
    ]
    return Expected(eff, {"assigned": len(eff)})


_tw = [say("New jobs.", "list_new_jobs", batch=ref("batch"))]
for n, (_, lang, r) in enumerate(JOBS["b7"]):
    _tw.append(
        say(
            "Assign.",
            "assign_with_deadline",
            job_id=ref(f"list_new_jobs_1.{n}.id"),
            translator=NAMES3[lang],
            deadline="24h" if r else "72h",
        )
    )
_tw.append(say("3.", "finish", assigned=3))
CASES.append(
    Case(
        task=two,
        features=("dispatch", "two words vary"),
        recorded={"batch": "b7"},
        answers=_tw,
        reference=two_ref,
        held_out=[
            HeldOut("french rush (4th combo)", {"batch": "b8"}),
            HeldOut("ordinary", {"batch": "b4"}),
            HeldOut("4 jobs", {"batch": "b6"}),
        ],
    )
)


# I: object recipient whose keys differ by kind of donor
class Donor2(BaseModel):
    id: str
    name: str
    kind: str


DONORS2 = {
    "k1": [("P1", "Ada", "person"), ("C1", "Acme", "company"), ("P2", "Bo", "person")],
    "k2": [("C2", "Globex", "company"), ("P3", "Cy", "person")],
    "k3": [("C3", "Initech", "company")],
}


@action(read_only=True)
def list_campaign_donors(campaign: str) -> list[Donor2]:
    """Donors of a campaign: people or companies."""
    return [Donor2(id=d, name=n, kind=k) for d, n, k in DONORS2[campaign]]


@action
def issue_receipt(recipient: dict[str, Any]) -> str:
    """Issue a tax receipt: {'donor_id', 'person_name'} for a person, {'donor_id', 'company_name'}
    for a company."""
    effect("issue_receipt", tuple(sorted(recipient.items())))
    return "issued"


keys: Task[Any] = Task(
    "Issue a tax receipt to every donor of the campaign (people by person_name, companies by "
    "company_name). Return how many receipts you issued.",
    name="r45_receipt_keys_differ",
    inputs={"campaign": str},
    outputs={"issued": int},
    actions=[list_campaign_donors, issue_receipt],
)


def keys_ref(i: dict[str, Any]) -> Expected:
    eff = [
        (
            "issue_receipt",
            tuple(
                sorted(
                    {"donor_id": d, ("person_name" if k == "person" else "company_name"): n}.items()
                )
            ),
        )
        for d, n, k in DONORS2[i["campaign"]]
    ]
    return Expected(eff, {"issued": len(eff)})


_ky = [say("Donors.", "list_campaign_donors", campaign=ref("campaign"))]
for n, (_, _, k) in enumerate(DONORS2["k1"]):
    key = "person_name" if k == "person" else "company_name"
    _ky.append(
        say(
            "Receipt.",
            "issue_receipt",
            recipient={
                "donor_id": ref(f"list_campaign_donors_1.{n}.id"),
                key: ref(f"list_campaign_donors_1.{n}.name"),
            },
        )
    )
_ky.append(say("3.", "finish", issued=3))
CASES.append(
    Case(
        task=keys,
        features=("positional object", "dict keys differ"),
        recorded={"campaign": "k1"},
        answers=_ky,
        reference=keys_ref,
        held_out=[
            HeldOut("company first", {"campaign": "k2"}),
            HeldOut("one company", {"campaign": "k3"}),
        ],
    )
)


# J: object with a constant that varies per item (channel by has_email)
class Donor3(BaseModel):
    id: str
    email: str | None


DONORS3 = {
    "h1": [("H1", "a@x.org"), ("H2", None), ("H3", "c@x.org")],
    "h2": [("H4", None), ("H5", "e@x.org")],
    "h3": [("H6", "f@x.org"), ("H7", None), ("H8", None)],
}


@action(read_only=True)
def list_supporters(campaign: str) -> list[Donor3]:
    """Supporters of a campaign and their email (None: post only)."""
    return [Donor3(id=d, email=e) for d, e in DONORS3[campaign]]


@action
def send_update(recipient: dict[str, Any]) -> str:
    """Send a campaign update: recipient {'supporter_id', 'channel': 'email' or 'post'}."""
    effect("send_update", recipient["supporter_id"], recipient["channel"])
    return "sent"


chan: Task[Any] = Task(
    "Send every supporter the campaign update: by email where we have their email, by post "
    "otherwise. Return how many went by post.",
    name="r45_channel_in_object",
    inputs={"campaign": str},
    outputs={"post": int},
    actions=[list_supporters, send_update],
)


def chan_ref(i: dict[str, Any]) -> Expected:
    eff = [("send_update", d, "email" if e else "post") for d, e in DONORS3[i["campaign"]]]
    return Expected(eff, {"post": sum(1 for x in eff if x[2] == "post")})


_ch = [say("Supporters.", "list_supporters", campaign=ref("campaign"))]
for n, (_, e) in enumerate(DONORS3["h1"]):
    _ch.append(
        say(
            "Send.",
            "send_update",
            recipient={
                "supporter_id": ref(f"list_supporters_1.{n}.id"),
                "channel": "email" if e else "post",
            },
        )
    )
_ch.append(say("1 by post.", "finish", post=1))
CASES.append(
    Case(
        task=chan,
        features=("dispatch", "word inside an object"),
        recorded={"campaign": "h1"},
        answers=_ch,
        reference=chan_ref,
        held_out=[
            HeldOut("post first", {"campaign": "h2"}),
            HeldOut("two by post", {"campaign": "h3"}),
        ],
    )
)


# ================================================================ batch 3
# K: the word is the item's own value in another case
class Shipment(BaseModel):
    id: str
    region: str


SHIPS = {
    "s1": [("S1", "eu"), ("S2", "us"), ("S3", "eu")],
    "s2": [("S4", "us"), ("S5", "apac")],
    "s3": [("S6", "us"), ("S7", "eu")],
}


@action(read_only=True)
def list_pending_shipments(day: str) -> list[Shipment]:
    """Pending shipments of a day with their region code."""
    return [Shipment(id=s, region=r) for s, r in SHIPS[day]]


@action
def queue_shipment(shipment_id: str, queue: str) -> str:
    """Put a shipment in a dispatch queue (named by region, upper case: EU, US, APAC)."""
    effect("queue_shipment", shipment_id, queue)
    return "queued"


ship: Task[Any] = Task(
    "Put every pending shipment of the day in its region's dispatch queue. Return how many "
    "shipments you queued.",
    name="r45_own_value_upper",
    inputs={"day": str},
    outputs={"queued": int},
    actions=[list_pending_shipments, queue_shipment],
)


def ship_ref(i: dict[str, Any]) -> Expected:
    eff = [("queue_shipment", s, r.upper()) for s, r in SHIPS[i["day"]]]
    return Expected(eff, {"queued": len(eff)})


_sh = [say("Pending.", "list_pending_shipments", day=ref("day"))]
for n, (_, r) in enumerate(SHIPS["s1"]):
    _sh.append(
        say(
            "Queue.",
            "queue_shipment",
            shipment_id=ref(f"list_pending_shipments_1.{n}.id"),
            queue=r.upper(),
        )
    )
_sh.append(say("3.", "finish", queued=3))
CASES.append(
    Case(
        task=ship,
        features=("dispatch", "word is the item's own value, upper case"),
        recorded={"day": "s1"},
        answers=_sh,
        reference=ship_ref,
        held_out=[HeldOut("apac", {"day": "s2"}), HeldOut("ordinary", {"day": "s3"})],
    )
)


# L: threshold in the words between recorded values
DONORS["d4"] = [("D8", "Ha", 1600), ("D9", "Io", 2200)]
DONORS["d5"] = [("D10", "Ju", 1900), ("D11", "Ka", 100)]
DONORS["d6"] = [("D12", "La", 1500), ("D13", "Mo", 2500), ("D14", "No", 10)]
thanks2: Task[Any] = Task(
    "Send every donor of the campaign a thank-you card: the 'gold' card to donors who gave more "
    "than 1800, the 'classic' card to the others. Return how many gold cards you sent.",
    name="r45_donor_threshold_words",
    inputs={"campaign": str},
    outputs={"gold": int},
    actions=[list_donors, send_thanks],
)


def thanks2_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("send_thanks", d, n, "gold" if t > 1800 else "classic")
        for d, n, t in DONORS[i["campaign"]]
    ]
    return Expected(eff, {"gold": sum(1 for e in eff if e[3] == "gold")})


_th2 = [say("Donors.", "list_donors", campaign=ref("campaign"))]
for n, (_, _, t) in enumerate(DONORS["d1"]):
    _th2.append(
        say(
            "Card.",
            "send_thanks",
            recipient={
                "donor_id": ref(f"list_donors_1.{n}.id"),
                "name": ref(f"list_donors_1.{n}.name"),
            },
            card="gold" if t > 1800 else "classic",
        )
    )
_th2.append(say("1 gold.", "finish", gold=1))
CASES.append(
    Case(
        task=thanks2,
        features=("dispatch", "threshold in words between recorded values"),
        recorded={"campaign": "d1"},
        answers=_th2,
        reference=thanks2_ref,
        held_out=[
            HeldOut("1600 and 2200", {"campaign": "d4"}),
            HeldOut("1900", {"campaign": "d5"}),
            HeldOut("ordinary", {"campaign": "d6"}),
        ],
    )
)


# M: a cap written as 'two of the'
class Room(BaseModel):
    id: str
    available: bool


ROOMS = {
    "w1": [("R1", True), ("R2", False), ("R3", True)],
    "w2": [("R4", True), ("R5", True), ("R6", True)],
    "w3": [("R7", False), ("R8", True), ("R9", True)],
}


@action(read_only=True)
def list_rooms(site: str) -> list[Room]:
    """Meeting rooms of a site and whether they are free on the workshop day."""
    return [Room(id=r, available=a) for r, a in ROOMS[site]]


@action
def book_room(room_id: str) -> str:
    """Book a meeting room for the workshop."""
    effect("book_room", room_id)
    return "booked"


rooms: Task[Any] = Task(
    "Book two of the site's free rooms for the workshop (any two). Return how many rooms you "
    "booked.",
    name="r45_cap_two_of",
    inputs={"site": str},
    outputs={"booked": int},
    actions=[list_rooms, book_room],
)


def rooms_ref(i: dict[str, Any]) -> Expected:
    eff = [("book_room", r) for r, a in ROOMS[i["site"]] if a][:2]
    return Expected(eff, {"booked": len(eff)})


CASES.append(
    Case(
        task=rooms,
        features=("cap as 'two of the'", "filter compute"),
        recorded={"site": "w1"},
        answers=[
            say("Rooms.", "list_rooms", site=ref("site")),
            say("Free ones.", "compute", expression="[r for r in list_rooms_1 if r.available]"),
            say("Book R1.", "book_room", room_id=ref("compute_1.0.id")),
            say("Book R3.", "book_room", room_id=ref("compute_1.1.id")),
            say("2.", "finish", booked=2),
        ],
        reference=rooms_ref,
        held_out=[HeldOut("3 free", {"site": "w2"}), HeldOut("ordinary", {"site": "w3"})],
    )
)


# N: 'the lone' in a text after a loop
class Flight2(BaseModel):
    id: str
    delayed: bool


FL = {
    "f1": [("LX1", True), ("LX2", False)],
    "f2": [("LX3", True), ("LX4", True)],
    "f3": [("LX5", False), ("LX6", True)],
}


@action(read_only=True)
def list_flights(day: str) -> list[Flight2]:
    """Flights of a day and whether they are delayed."""
    return [Flight2(id=f, delayed=d) for f, d in FL[day]]


@action
def notify_crew(flight_id: str) -> str:
    """Notify a flight's crew of its delay."""
    effect("notify_crew", flight_id)
    return "notified"


@action
def post_ops_log(text: str) -> str:
    """Post a line to the operations log."""
    effect("post_ops_log", text)
    return "posted"


lone: Task[Any] = Task(
    "Notify the crew of every delayed flight of the day, then post a line to the ops log saying "
    "what you did.",
    name="r45_lone_in_text",
    inputs={"day": str},
    outputs={"done": bool},
    actions=[list_flights, notify_crew, post_ops_log],
)


def lone_ref(i: dict[str, Any]) -> Expected:
    d = [f for f, x in FL[i["day"]] if x]
    text = (
        "Notified the crew of the lone delayed flight."
        if len(d) == 1
        else f"Notified the crews of {len(d)} delayed flights."
    )
    return Expected([*(("notify_crew", f) for f in d), ("post_ops_log", text)], {"done": True})


CASES.append(
    Case(
        task=lone,
        features=("filter compute", "count word 'lone' in a text"),
        recorded={"day": "f1"},
        answers=[
            say("Flights.", "list_flights", day=ref("day")),
            say("Delayed.", "compute", expression="[f for f in list_flights_1 if f.delayed]"),
            say("Notify.", "notify_crew", flight_id=ref("compute_1.0.id")),
            say("Log.", "post_ops_log", text="Notified the crew of the lone delayed flight."),
            say("Done.", "finish", done=True),
        ],
        reference=lone_ref,
        held_out=[HeldOut("2 delayed", {"day": "f2"}), HeldOut("ordinary 1", {"day": "f3"})],
    )
)


# ================================================================ batch 4
# O: a count after the dispatch that equals one word's count by chance
JOBS["b9"] = [("T21", "de", True), ("T22", "fr", True), ("T23", "de", False)]
rush2: Task[Any] = Task(
    "Assign every new job of the batch: German jobs to Petra, French jobs to Luc. Return how "
    "many of the jobs are flagged rush.",
    name="r45_count_coincides",
    inputs={"batch": str},
    outputs={"rush": int},
    actions=[list_new_jobs, assign_translator],
)
_r2 = [say("New jobs.", "list_new_jobs", batch=ref("batch"))]
for n, (_, lang, _) in enumerate(JOBS["b9"]):
    _r2.append(
        say(
            f"{lang}.",
            "assign_translator",
            job_id=ref(f"list_new_jobs_1.{n}.id"),
            translator=NAMES3[lang],
        )
    )
_r2.append(say("2 rush.", "finish", rush=2))
CASES.append(
    Case(
        task=rush2,
        features=("dispatch", "count equal to one side by chance"),
        recorded={"batch": "b9"},
        answers=_r2,
        reference=rush_ref,
        held_out=[HeldOut("1 de rush, 2 fr", {"batch": "b4"}), HeldOut("4 jobs", {"batch": "b6"})],
    )
)


# P: three bands, the lowest never recorded
class Order(BaseModel):
    id: str
    total: float


ORD = {
    "o1": [("O1", 800.0), ("O2", 150.0), ("O3", 620.0), ("O4", 300.0)],
    "o2": [("O5", 40.0), ("O6", 700.0)],
    "o3": [("O7", 120.0), ("O8", 950.0)],
}


@action(read_only=True)
def list_open_orders(store: str) -> list[Order]:
    """Open orders of a store with their totals."""
    return [Order(id=o, total=t) for o, t in ORD[store]]


@action
def set_handling(order_id: str, handling: str) -> str:
    """Set an order's handling: 'priority' or 'standard'."""
    effect("set_handling", order_id, handling)
    return "set"


bands: Task[Any] = Task(
    "Set handling for the open orders of the store: 'priority' for orders over 500, 'standard' "
    "for orders from 100 to 500. Leave orders under 100 as they are. Return how many got "
    "priority.",
    name="r45_unrecorded_band",
    inputs={"store": str},
    outputs={"priority": int},
    actions=[list_open_orders, set_handling],
)


def bands_ref(i: dict[str, Any]) -> Expected:
    eff = [
        ("set_handling", o, "priority" if t > 500 else "standard")
        for o, t in ORD[i["store"]]
        if t >= 100
    ]
    return Expected(eff, {"priority": sum(1 for e in eff if e[2] == "priority")})


_bd = [say("Orders.", "list_open_orders", store=ref("store"))]
for n, (_, t) in enumerate(ORD["o1"]):
    _bd.append(
        say(
            "Set.",
            "set_handling",
            order_id=ref(f"list_open_orders_1.{n}.id"),
            handling="priority" if t > 500 else "standard",
        )
    )
_bd.append(say("2 priority.", "finish", priority=2))
CASES.append(
    Case(
        task=bands,
        features=("dispatch", "third band never recorded"),
        recorded={"store": "o1"},
        answers=_bd,
        reference=bands_ref,
        held_out=[HeldOut("under 100", {"store": "o2"}), HeldOut("ordinary", {"store": "o3"})],
    )
)


# ================================================================ batch 5
# Q: an object of the item's fields plus a constant the words tie to each item
class Donor4(BaseModel):
    id: str
    name: str
    language: str


DONORS4 = {
    "g1": [("G1", "Ada", "English"), ("G2", "Bo", "English"), ("G3", "Cy", "English")],
    "g2": [("G4", "Dé", "French"), ("G5", "Ed", "English")],
    "g3": [("G6", "Fy", "English")],
}


@action(read_only=True)
def list_gala_donors(gala: str) -> list[Donor4]:
    """Donors invited to a gala with their preferred language."""
    return [Donor4(id=d, name=n, language=lang) for d, n, lang in DONORS4[gala]]


@action
def send_invitation(recipient: dict[str, Any], template: str) -> str:
    """Send a gala invitation; template is a language code ('en', 'fr', 'de')."""
    effect("send_invitation", recipient["donor_id"], recipient["name"], template)
    return "sent"


CODES = {"English": "en", "French": "fr"}
gala: Task[Any] = Task(
    "Invite every donor of the gala, each with the invitation template in their preferred "
    "language. Return how many invitations you sent.",
    name="r45_object_template_code",
    inputs={"gala": str},
    outputs={"sent": int},
    actions=[list_gala_donors, send_invitation],
)


def gala_ref(i: dict[str, Any]) -> Expected:
    eff = [("send_invitation", d, n, CODES[lang]) for d, n, lang in DONORS4[i["gala"]]]
    return Expected(eff, {"sent": len(eff)})


_gl = [say("Donors.", "list_gala_donors", gala=ref("gala"))]
for n in range(3):
    _gl.append(
        say(
            "Invite.",
            "send_invitation",
            recipient={
                "donor_id": ref(f"list_gala_donors_1.{n}.id"),
                "name": ref(f"list_gala_donors_1.{n}.name"),
            },
            template="en",
        )
    )
_gl.append(say("3.", "finish", sent=3))
CASES.append(
    Case(
        task=gala,
        features=("positional object", "constant per item in another form"),
        recorded={"gala": "g1"},
        answers=_gl,
        reference=gala_ref,
        held_out=[HeldOut("a French donor", {"gala": "g2"}), HeldOut("ordinary", {"gala": "g3"})],
    )
)


# R: dispatch on a bool the model judged from a text (no field says 'damaged')
class Return_(BaseModel):
    id: str
    note: str
    opened: bool


RETS = {
    "r1": [
        ("X1", "box crushed, screen cracked", True),
        ("X2", "changed my mind", False),
        ("X3", "arrived broken", True),
    ],
    "r2": [("X4", "wrong size", True), ("X5", "cracked lid", False)],
    "r3": [("X6", "broken on arrival", True)],
}


@action(read_only=True)
def list_returns(warehouse: str) -> list[Return_]:
    """Returned parcels with the customer's note and whether the parcel was opened."""
    return [Return_(id=r, note=n, opened=o) for r, n, o in RETS[warehouse]]


@action
def file_return(return_id: str, outcome: str) -> str:
    """File a returned parcel: outcome 'damage claim' or 'restock'."""
    effect("file_return", return_id, outcome)
    return "filed"


DAMAGE = ("crush", "crack", "broke", "broken")
rets: Task[Any] = Task(
    "File every returned parcel of the warehouse: parcels that arrived damaged go to "
    "'damage claim', the rest to 'restock'. Return how many you restocked.",
    name="r45_damage_from_note",
    inputs={"warehouse": str},
    outputs={"restocked": int},
    actions=[list_returns, file_return],
)


def _out(note: str) -> str:
    return "damage claim" if any(w in note for w in DAMAGE) else "restock"


def rets_ref(i: dict[str, Any]) -> Expected:
    eff = [("file_return", r, _out(n)) for r, n, _ in RETS[i["warehouse"]]]
    return Expected(eff, {"restocked": sum(1 for e in eff if e[2] == "restock")})


_rt = [say("Returns.", "list_returns", warehouse=ref("warehouse"))]
for n, (_, note, _) in enumerate(RETS["r1"]):
    _rt.append(
        say(
            f"Note: {note}.",
            "file_return",
            return_id=ref(f"list_returns_1.{n}.id"),
            outcome=_out(note),
        )
    )
_rt.append(say("1 restocked.", "finish", restocked=1))
CASES.append(
    Case(
        task=rets,
        features=("dispatch", "decision from free text, bool field coincides"),
        recorded={"warehouse": "r1"},
        answers=_rt,
        reference=rets_ref,
        held_out=[
            HeldOut("opened but fine / cracked unopened", {"warehouse": "r2"}),
            HeldOut("ordinary", {"warehouse": "r3"}),
        ],
    )
)


# S: a cap written as 'Pick N'
ROOMS["w4"] = [("R10", True), ("R11", True), ("R12", True), ("R13", False)]
rooms2: Task[Any] = Task(
    "We need 2 free rooms for the workshop: book them from the site's free rooms. Return how "
    "many rooms you booked.",
    name="r45_cap_need_n",
    inputs={"site": str},
    outputs={"booked": int},
    actions=[list_rooms, book_room],
)
CASES.append(
    Case(
        task=rooms2,
        features=("cap as 'we need 2'", "filter compute"),
        recorded={"site": "w1"},
        answers=[
            say("Rooms.", "list_rooms", site=ref("site")),
            say("Free ones.", "compute", expression="[r for r in list_rooms_1 if r.available]"),
            say("Book R1.", "book_room", room_id=ref("compute_1.0.id")),
            say("Book R3.", "book_room", room_id=ref("compute_1.1.id")),
            say("2.", "finish", booked=2),
        ],
        reference=rooms_ref,
        held_out=[HeldOut("3 free", {"site": "w4"}), HeldOut("ordinary", {"site": "w3"})],
    )
)


# ================================================================ batch 6
# T: dispatch decided from a description text; amounts happen to split the same way
class Expense(BaseModel):
    id: str
    description: str
    amount: float


EXP = {
    "x1": [
        ("EX1", "Team lunch", 45.0),
        ("EX2", "Flight to Lyon", 320.0),
        ("EX3", "Client dinner", 80.0),
        ("EX4", "Train to Bern", 150.0),
    ],
    "x2": [("EX5", "Taxi to airport", 35.0), ("EX6", "Conference dinner", 240.0)],
    "x3": [("EX7", "Coffee with client", 12.0), ("EX8", "Hotel Paris", 410.0)],
}


@action(read_only=True)
def list_expense_claims(month: str) -> list[Expense]:
    """Submitted expense claims of a month with description and amount."""
    return [Expense(id=e, description=d, amount=a) for e, d, a in EXP[month]]


@action
def send_for_approval(claim_id: str, approver: str) -> str:
    """Send an expense claim to an approver."""
    effect("send_for_approval", claim_id, approver)
    return "sent"


TRAVEL = ("flight", "train", "taxi", "hotel")
exp: Task[Any] = Task(
    "Send every expense claim of the month for approval: meals go to Carla, travel goes to Dev. "
    "Return how many claims you sent.",
    name="r45_expense_category_words",
    inputs={"month": str},
    outputs={"sent": int},
    actions=[list_expense_claims, send_for_approval],
)


def _approver(d: str) -> str:
    return "Dev" if any(w in d.lower() for w in TRAVEL) else "Carla"


def exp_ref(i: dict[str, Any]) -> Expected:
    eff = [("send_for_approval", e, _approver(d)) for e, d, _ in EXP[i["month"]]]
    return Expected(eff, {"sent": len(eff)})


_ex = [say("Claims.", "list_expense_claims", month=ref("month"))]
for n, (_, d, _) in enumerate(EXP["x1"]):
    _ex.append(
        say(
            f"{d}.",
            "send_for_approval",
            claim_id=ref(f"list_expense_claims_1.{n}.id"),
            approver=_approver(d),
        )
    )
_ex.append(say("4.", "finish", sent=4))
CASES.append(
    Case(
        task=exp,
        features=("dispatch", "decision from free text, amount coincides"),
        recorded={"month": "x1"},
        answers=_ex,
        reference=exp_ref,
        held_out=[
            HeldOut("cheap taxi, dear dinner", {"month": "x2"}),
            HeldOut("ordinary", {"month": "x3"}),
        ],
    )
)


# ================================================================ batch 7
# U: a batch call, a count of the items left out named without a negation word
class Tk(BaseModel):
    id: str
    status: str


TKS = {
    "a1": [("A1", "closed"), ("A2", "open"), ("A3", "closed"), ("A4", "open")],
    "a2": [("A5", "closed"), ("A6", "closed"), ("A7", "closed"), ("A8", "open")],
    "a3": [("A9", "open"), ("A10", "closed")],
}


@action(read_only=True)
def list_board_tickets(board: str) -> list[Tk]:
    """Tickets of a board with status open or closed."""
    return [Tk(id=t, status=s) for t, s in TKS[board]]


@action
def archive_tickets(ticket_ids: list[str]) -> str:
    """Archive several tickets at once."""
    effect("archive_tickets", tuple(ticket_ids))
    return "archived"


arch: Task[Any] = Task(
    "Archive the closed tickets of the board in one go. Return how many you archived and how "
    "many stay on the board.",
    name="r45_batch_stay_count",
    inputs={"board": str},
    outputs={"archived": int, "stay_on_board": int},
    actions=[list_board_tickets, archive_tickets],
)


def arch_ref(i: dict[str, Any]) -> Expected:
    c = [t for t, s in TKS[i["board"]] if s == "closed"]
    return Expected(
        [("archive_tickets", tuple(c))],
        {"archived": len(c), "stay_on_board": len(TKS[i["board"]]) - len(c)},
    )


CASES.append(
    Case(
        task=arch,
        features=("batch call", "count of the others equal to the batch's"),
        recorded={"board": "a1"},
        answers=[
            say("Board.", "list_board_tickets", board=ref("board")),
            say(
                "Closed.",
                "compute",
                expression="[t.id for t in list_board_tickets_1 if t.status == 'closed']",
            ),
            say("Archive.", "archive_tickets", ticket_ids=ref("compute_1")),
            say("2 and 2.", "finish", archived=2, stay_on_board=2),
        ],
        reference=arch_ref,
        held_out=[HeldOut("3 closed 1 open", {"board": "a2"}), HeldOut("1 and 1", {"board": "a3"})],
    )
)

CASES = at_least_three(CASES)
