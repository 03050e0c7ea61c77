"""Red team round 42 (api prober): changes after a loop whose words say when they follow
(_acted_any.py), typed counts, caps in the words."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------------------------------------------------------------- shared VM world
class VM(BaseModel):
    id: str
    cpu_avg: float
    gpu: bool
    owner: str


VMS = {
    "p-a": [
        ("v-1", 1.0, True, "ann@x.io"),
        ("v-2", 50.0, False, "bob@x.io"),
        ("v-3", 2.0, True, "ann@x.io"),
    ],
    "p-b": [("v-4", 1.5, False, "cy@x.io"), ("v-5", 60.0, True, "dee@x.io")],  # idle CPU-only
    "p-c": [("v-6", 0.5, True, "eve@x.io")],
    "p-d": [("v-7", 1.0, True, "fay@x.io"), ("v-8", 2.0, False, "gil@x.io")],
    "p-e": [("v-9", 90.0, True, "hal@x.io")],
}


@action(read_only=True)
def list_vms(project: str) -> list[VM]:
    """VMs of a project with 14-day average CPU (%), whether they have a GPU, and owner email."""
    return [VM(id=i, cpu_avg=c, gpu=g, owner=o) for i, c, g, o in VMS[project]]


@action
def stop_vm(vm_id: str) -> str:
    """Stop a VM."""
    effect("stop_vm", vm_id)
    return "stopped"


@action
def post_finops(project: str, message: str) -> str:
    """Post a message to the FinOps channel about a project."""
    effect("post_finops", project, message)
    return "posted"


@action
def email_owner(to: str, message: str) -> str:
    """Email a VM owner."""
    effect("email_owner", to, message)
    return "sent"


def _idle(p: str) -> list[tuple[str, float, bool, str]]:
    return [v for v in VMS[p] if v[1] < 5]


# 1 hidden qualifier in another sentence, no cue word: "FinOps wants to hear about GPU machines."
gpu: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. FinOps wants to hear about the "
    "GPU machines. If you stopped any, post to FinOps saying how many (e.g. 'Stopped 2 idle GPU "
    "VMs'). Return the ids you stopped.",
    name="r42_gpu_finops",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def gpu_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    g = [v for v in idle if v[2]]
    if g:
        eff.append(("post_finops", i["project"], f"Stopped {len(g)} idle GPU VMs"))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=gpu,
        features=("filter compute", "if any notify", "qualifier in other sentence"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say(
                "Both were GPU machines.",
                "compute",
                expression="f'Stopped {len(compute_1)} idle GPU VMs'",
            ),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_2")),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=gpu_ref,
        held_out=[
            HeldOut("idle CPU-only VM", {"project": "p-b"}),
            HeldOut("1 GPU idle", {"project": "p-c"}),
            HeldOut("1 GPU + 1 CPU idle", {"project": "p-d"}),
            HeldOut("none idle", {"project": "p-e"}, new_path=True),
        ],
    )
)


# 2 X's argument depends on which items: "tell their owner" (recorded: one owner for both)
owner: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, email "
    "their owner that the VM was stopped for being idle. Return the ids you stopped.",
    name="r42_vm_owner",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, email_owner],
)

MSG = "Your VM was stopped for being idle."


def owner_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    seen: list[str] = []
    for v in idle:
        if v[3] not in seen:
            seen.append(v[3])
    eff += [("email_owner", o, MSG) for o in seen]
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=owner,
        features=("filter records", "if any notify", "arg from item 0"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0.id")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1.id")),
            say(
                "Both belong to ann; one email.",
                "email_owner",
                to=ref("compute_1.0.owner"),
                message=MSG,
            ),
            say("Done.", "finish", stopped=["v-1", "v-3"]),
        ],
        reference=owner_ref,
        held_out=[
            HeldOut("1 idle", {"project": "p-c"}),
            HeldOut("2 idle, 2 owners", {"project": "p-d"}),
            HeldOut("1 idle cy", {"project": "p-b"}),
            HeldOut("none idle", {"project": "p-e"}, new_path=True),
        ],
    )
)


# 3 count typed in the message (no compute), acted_any
typed: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post to "
    "FinOps saying how many (e.g. 'Stopped 2 idle VMs'). Return the ids you stopped.",
    name="r42_typed_count",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def typed_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    if idle:
        eff.append(("post_finops", i["project"], f"Stopped {len(idle)} idle VMs"))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=typed,
        features=("filter compute", "if any notify", "count typed in message"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say("Posting.", "post_finops", project=ref("project"), message="Stopped 2 idle VMs"),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=typed_ref,
        held_out=[
            HeldOut("1 idle", {"project": "p-c"}),
            HeldOut("2 idle", {"project": "p-d"}),
            HeldOut("1 idle b", {"project": "p-b"}),
            HeldOut("none idle", {"project": "p-e"}, new_path=True),
        ],
    )
)


# ---------------------------------------------------------------- invoices world (decided_any)
class Invoice(BaseModel):
    id: str
    customer_email: str
    paid: bool
    amount: float


INV = {
    "2026-01": [
        ("I-1", "a@c.io", True, 100.0),
        ("I-2", "b@c.io", False, 50.0),
        ("I-3", "c@c.io", True, 70.0),
    ],
    "2026-02": [
        ("I-4", "a@c.io", False, 10.0),
        ("I-5", "d@c.io", False, 20.0),
        ("I-6", "e@c.io", True, 30.0),
    ],
    "2026-03": [("I-7", "a@c.io", True, 10.0)],
    "2026-04": [("I-8", "f@c.io", False, 99.0)],
    "2026-05": [
        ("I-9", "g@c.io", True, 5.0),
        ("I-10", "g@c.io", False, 6.0),
        ("I-11", "h@c.io", True, 7.0),
    ],
}


@action(read_only=True)
def list_invoices(month: str) -> list[Invoice]:
    """Invoices issued in a month (YYYY-MM) with the customer's email and whether paid."""
    return [Invoice(id=i, customer_email=e, paid=p, amount=a) for i, e, p, a in INV[month]]


@action
def close_invoice(invoice_id: str) -> str:
    """Close (archive) an invoice."""
    effect("close_invoice", invoice_id)
    return "closed"


@action
def send_reminder(to: str, message: str) -> str:
    """Email a payment reminder."""
    effect("send_reminder", to, message)
    return "sent"


@action
def notify_accounting(month: str, message: str) -> str:
    """Post a note to accounting about a month."""
    effect("notify_accounting", month, message)
    return "posted"


# 4 decided_any, X's argument from item 0 of the unpaid list
remind: Task[Any] = Task(
    "Close every paid invoice of the month. If any invoices are unpaid, send the customer a "
    "payment reminder. Return how many you closed.",
    name="r42_invoice_remind",
    inputs={"month": str},
    outputs={"closed": int},
    actions=[list_invoices, close_invoice, send_reminder],
)
RMSG = "Friendly reminder: you have an unpaid invoice."


def remind_ref(i: dict[str, Any]) -> Expected:
    rs = INV[i["month"]]
    eff: list[Any] = [("close_invoice", r[0]) for r in rs if r[2]]
    seen: list[str] = []
    for r in rs:
        if not r[2] and r[1] not in seen:
            seen.append(r[1])
    eff += [("send_reminder", e, RMSG) for e in seen]
    return Expected(eff, {"closed": sum(1 for r in rs if r[2])})


CASES.append(
    Case(
        task=remind,
        features=("filter by flag", "if any are unpaid", "arg from item 0"),
        recorded={"month": "2026-01"},
        answers=[
            say("Listing invoices.", "list_invoices", month=ref("month")),
            say("Paid ones.", "compute", expression="[r for r in list_invoices_1 if r.paid]"),
            say("Close I-1.", "close_invoice", invoice_id=ref("compute_1.0.id")),
            say("Close I-3.", "close_invoice", invoice_id=ref("compute_1.1.id")),
            say("Unpaid ones.", "compute", expression="[r for r in list_invoices_1 if not r.paid]"),
            say("Any unpaid?", "compute", expression="len(compute_2) > 0"),
            say("Remind b.", "send_reminder", to=ref("compute_2.0.customer_email"), message=RMSG),
            say("Two closed.", "finish", closed=2),
        ],
        reference=remind_ref,
        held_out=[
            HeldOut("2 unpaid, 2 customers", {"month": "2026-02"}),
            HeldOut("all paid", {"month": "2026-03"}, new_path=True),
            HeldOut("none paid, 1 unpaid", {"month": "2026-04"}),
            HeldOut("1 unpaid g", {"month": "2026-05"}),
        ],
    )
)


# 5 decided_any, message typed with the count and the id
typedd: Task[Any] = Task(
    "Close every paid invoice of the month. If any invoices are unpaid, tell accounting which "
    "ones. Return how many you closed.",
    name="r42_invoice_typed",
    inputs={"month": str},
    outputs={"closed": int},
    actions=[list_invoices, close_invoice, notify_accounting],
)


def typedd_ref(i: dict[str, Any]) -> Expected:
    rs = INV[i["month"]]
    eff: list[Any] = [("close_invoice", r[0]) for r in rs if r[2]]
    un = [r[0] for r in rs if not r[2]]
    if un:
        eff.append(("notify_accounting", i["month"], "Unpaid: " + ", ".join(un)))
    return Expected(eff, {"closed": sum(1 for r in rs if r[2])})


CASES.append(
    Case(
        task=typedd,
        features=("filter by flag", "if any are unpaid", "ids typed in message"),
        recorded={"month": "2026-01"},
        answers=[
            say("Listing invoices.", "list_invoices", month=ref("month")),
            say("Paid ones.", "compute", expression="[r for r in list_invoices_1 if r.paid]"),
            say("Close I-1.", "close_invoice", invoice_id=ref("compute_1.0.id")),
            say("Close I-3.", "close_invoice", invoice_id=ref("compute_1.1.id")),
            say("Unpaid ones.", "compute", expression="[r for r in list_invoices_1 if not r.paid]"),
            say("Any unpaid?", "compute", expression="bool(compute_2)"),
            say("Tell accounting.", "notify_accounting", month=ref("month"), message="Unpaid: I-2"),
            say("Two closed.", "finish", closed=2),
        ],
        reference=typedd_ref,
        held_out=[
            HeldOut("2 unpaid", {"month": "2026-02"}),
            HeldOut("all paid", {"month": "2026-03"}, new_path=True),
            HeldOut("1 unpaid I-8", {"month": "2026-04"}),
            HeldOut("1 unpaid I-10", {"month": "2026-05"}),
        ],
    )
)


# 6 acted_any, ids typed into the message
which: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post to "
    "FinOps which ones. Return the ids you stopped.",
    name="r42_typed_ids",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def which_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    if idle:
        eff.append(("post_finops", i["project"], "Stopped " + " and ".join(v[0] for v in idle)))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=which,
        features=("filter compute", "if any notify", "ids typed in message"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say("Posting.", "post_finops", project=ref("project"), message="Stopped v-1 and v-3"),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=which_ref,
        held_out=[
            HeldOut("1 idle", {"project": "p-c"}),
            HeldOut("2 idle", {"project": "p-d"}),
            HeldOut("1 idle b", {"project": "p-b"}),
            HeldOut("none idle", {"project": "p-e"}, new_path=True),
        ],
    )
)


# 7 acted_any, count typed as a word ("two")
words_: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post to "
    "FinOps saying how many. Return the ids you stopped.",
    name="r42_typed_word_count",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)
_NW = {1: "one", 2: "two", 3: "three"}


def words_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    if idle:
        eff.append(("post_finops", i["project"], f"Stopped {_NW[len(idle)]} idle VMs."))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=words_,
        features=("filter compute", "if any notify", "count typed as a word"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say("Posting.", "post_finops", project=ref("project"), message="Stopped two idle VMs."),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=words_ref,
        held_out=[
            HeldOut("1 idle", {"project": "p-c"}),
            HeldOut("2 idle", {"project": "p-d"}),
            HeldOut("1 idle b", {"project": "p-b"}),
            HeldOut("none idle", {"project": "p-e"}, new_path=True),
        ],
    )
)


# 8 acted_any where the action may not act (it answers "already checked in")
BOOK = {
    "g-1": ["B-1", "B-2"],
    "g-2": ["B-3"],  # checked in: cannot cancel
    "g-3": ["B-4", "B-5"],  # B-5 checked in
    "g-4": [],
    "g-5": ["B-6"],
}
CHECKED_IN = {"B-3", "B-5"}


@action(read_only=True)
def list_bookings(guest_id: str) -> list[str]:
    """Ids of a guest's bookings for today."""
    return list(BOOK[guest_id])


@action
def cancel_booking(booking_id: str) -> str:
    """Cancel a booking; answers 'cancelled', or 'refused: guest already checked in'."""
    if booking_id in CHECKED_IN:
        return "refused: guest already checked in"
    effect("cancel_booking", booking_id)
    return "cancelled"


@action
def tell_front_desk(message: str) -> str:
    """Message the front desk."""
    effect("tell_front_desk", message)
    return "sent"


cancel: Task[Any] = Task(
    "Cancel each of the guest's bookings. If you cancelled any, tell the front desk how "
    "many (e.g. 'Cancelled 2 bookings'). Return how many you cancelled.",
    name="r42_cancel_refused",
    inputs={"guest_id": str},
    outputs={"cancelled": int},
    actions=[list_bookings, cancel_booking, tell_front_desk],
)


def cancel_ref(i: dict[str, Any]) -> Expected:
    done = [b for b in BOOK[i["guest_id"]] if b not in CHECKED_IN]
    eff: list[Any] = [("cancel_booking", b) for b in done]
    if done:
        eff.append(("tell_front_desk", f"Cancelled {len(done)} bookings"))
    return Expected(eff, {"cancelled": len(done)})


CASES.append(
    Case(
        task=cancel,
        features=("loop over listing", "if any notify", "action may refuse"),
        recorded={"guest_id": "g-1"},
        answers=[
            say("Listing bookings.", "list_bookings", guest_id=ref("guest_id")),
            say("Cancel B-1.", "cancel_booking", booking_id=ref("list_bookings_1.0")),
            say("Cancel B-2.", "cancel_booking", booking_id=ref("list_bookings_1.1")),
            say("Message.", "compute", expression="f'Cancelled {len(list_bookings_1)} bookings'"),
            say("Tell desk.", "tell_front_desk", message=ref("compute_1")),
            say("Done.", "finish", cancelled=ref("compute_1") if False else 2),
        ],
        reference=cancel_ref,
        held_out=[
            HeldOut("1 checked in only", {"guest_id": "g-2"}),
            HeldOut("1 of 2 checked in", {"guest_id": "g-3"}),
            HeldOut("none", {"guest_id": "g-4"}, new_path=True),
            HeldOut("1 booking", {"guest_id": "g-5"}),
        ],
    )
)


# ---------------------------------------------------------------- registrations (decided_any)
class Reg(BaseModel):
    id: str
    kind: str
    paid: bool


REGS = {
    "ev-1": [
        ("R-1", "workshop", True),
        ("R-2", "workshop", False),
        ("R-3", "talk", True),
        ("R-4", "workshop", False),
    ],
    "ev-2": [("R-5", "talk", False), ("R-6", "workshop", True)],  # unpaid talk only
    "ev-3": [("R-7", "workshop", False), ("R-8", "talk", True), ("R-9", "talk", True)],
    "ev-4": [("R-10", "workshop", True), ("R-11", "talk", False), ("R-12", "workshop", False)],
}


@action(read_only=True)
def list_registrations(event_id: str) -> list[Reg]:
    """Registrations for an event with their kind (workshop or talk) and whether paid."""
    return [Reg(id=i, kind=k, paid=p) for i, k, p in REGS[event_id]]


@action
def confirm_registration(registration_id: str) -> str:
    """Confirm a registration."""
    effect("confirm_registration", registration_id)
    return "confirmed"


@action
def notify_organizer(event_id: str, message: str) -> str:
    """Message the workshop organizer of an event."""
    effect("notify_organizer", event_id, message)
    return "sent"


# 9 decided_any, count typed as a word
regs_word: Task[Any] = Task(
    "Confirm every paid registration for the event. If any registrations are unpaid, tell the "
    "organizer how many. Return how many you confirmed.",
    name="r42_regs_word",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_registrations, confirm_registration, notify_organizer],
)


def regs_word_ref(i: dict[str, Any]) -> Expected:
    rs = REGS[i["event_id"]]
    eff: list[Any] = [("confirm_registration", r[0]) for r in rs if r[2]]
    un = sum(1 for r in rs if not r[2])
    if un:
        eff.append(
            ("notify_organizer", i["event_id"], f"{_NW[un].capitalize()} unpaid registrations.")
        )
    return Expected(eff, {"confirmed": len(rs) - un})


_regs_answers = [
    say("Listing.", "list_registrations", event_id=ref("event_id")),
    say("Paid ones.", "compute", expression="[r for r in list_registrations_1 if r.paid]"),
    say("Confirm R-1.", "confirm_registration", registration_id=ref("compute_1.0.id")),
    say("Confirm R-3.", "confirm_registration", registration_id=ref("compute_1.1.id")),
    say("Unpaid.", "compute", expression="[r for r in list_registrations_1 if not r.paid]"),
    say("Any?", "compute", expression="len(compute_2) > 0"),
]
CASES.append(
    Case(
        task=regs_word,
        features=("filter by flag", "if any are unpaid", "count typed as a word"),
        recorded={"event_id": "ev-1"},
        answers=[
            *_regs_answers,
            say(
                "Tell.",
                "notify_organizer",
                event_id=ref("event_id"),
                message="Two unpaid registrations.",
            ),
            say("Two confirmed.", "finish", confirmed=2),
        ],
        reference=regs_word_ref,
        held_out=[
            HeldOut("1 unpaid, 1 paid", {"event_id": "ev-2"}),
            HeldOut("1 unpaid, 2 paid", {"event_id": "ev-3"}),
            HeldOut("2 unpaid, 1 paid", {"event_id": "ev-4"}),
        ],
    )
)


# 10 decided_any, a qualifier in another sentence (the organizer is the workshop organizer)
regs_ws: Task[Any] = Task(
    "Confirm every paid registration for the event. The organizer is in charge of the workshop "
    "seats. If any registrations are unpaid, tell the organizer how many (e.g. '2 unpaid "
    "workshop registrations'). Return how many you confirmed.",
    name="r42_regs_workshop",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_registrations, confirm_registration, notify_organizer],
)


def regs_ws_ref(i: dict[str, Any]) -> Expected:
    rs = REGS[i["event_id"]]
    eff: list[Any] = [("confirm_registration", r[0]) for r in rs if r[2]]
    un = sum(1 for r in rs if not r[2] and r[1] == "workshop")
    if un:
        eff.append(("notify_organizer", i["event_id"], f"{un} unpaid workshop registrations"))
    return Expected(eff, {"confirmed": sum(1 for r in rs if r[2])})


CASES.append(
    Case(
        task=regs_ws,
        features=("filter by flag", "if any are unpaid", "qualifier in other sentence"),
        recorded={"event_id": "ev-1"},
        answers=[
            *_regs_answers,
            say(
                "Message (both are workshop seats).",
                "compute",
                expression="f'{len(compute_2)} unpaid workshop registrations'",
            ),
            say("Tell.", "notify_organizer", event_id=ref("event_id"), message=ref("compute_4")),
            say("Two confirmed.", "finish", confirmed=2),
        ],
        reference=regs_ws_ref,
        held_out=[
            HeldOut("unpaid talk only", {"event_id": "ev-2"}),
            HeldOut("1 unpaid workshop", {"event_id": "ev-3"}),
            HeldOut("1 talk + 1 workshop unpaid", {"event_id": "ev-4"}),
        ],
    )
)


# 11 acted_any with a cap the loop's sentence writes ("at most three")
VMS.update(
    {
        "p-f": [
            ("v-20", 1.0, True, "a@x.io"),
            ("v-21", 1.0, True, "a@x.io"),
            ("v-22", 2.0, False, "a@x.io"),
            ("v-23", 3.0, False, "a@x.io"),
        ],
    }
)
cap: Task[Any] = Task(
    "Stop the VMs in the project whose average CPU is under 5%, at most three of them. If you "
    "stopped any, post to FinOps saying how many (e.g. 'Stopped 2 idle VMs'). Return the ids "
    "you stopped.",
    name="r42_cap_three",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def cap_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])[:3]
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    if idle:
        eff.append(("post_finops", i["project"], f"Stopped {len(idle)} idle VMs"))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=cap,
        features=("filter compute", "if any notify", "cap in words"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say("Message.", "compute", expression="f'Stopped {len(compute_1)} idle VMs'"),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_2")),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=cap_ref,
        held_out=[
            HeldOut("4 idle (cap)", {"project": "p-f"}),
            HeldOut("1 idle", {"project": "p-c"}),
            HeldOut("2 idle", {"project": "p-d"}),
        ],
    )
)


# 12 two loops, same verb, one post after both
two: Task[Any] = Task(
    "Stop every VM whose average CPU is under 5% in the project and in its staging project. If "
    "you stopped any, post to FinOps on the project saying how many (e.g. 'Stopped 2 idle VMs'). "
    "Return the ids you stopped.",
    name="r42_two_loops",
    inputs={"project": str, "staging": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def two_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"]) + _idle(i["staging"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    if idle:
        eff.append(("post_finops", i["project"], f"Stopped {len(idle)} idle VMs"))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=two,
        features=("two loops", "if any notify"),
        recorded={"project": "p-a", "staging": "p-c"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say("Staging.", "list_vms", project=ref("staging")),
            say("Idle.", "compute", expression="[v.id for v in list_vms_2 if v.cpu_avg < 5]"),
            say("Stop v-6.", "stop_vm", vm_id=ref("compute_2.0")),
            say("All.", "compute", expression="compute_1 + compute_2"),
            say("Message.", "compute", expression="f'Stopped {len(compute_3)} idle VMs'"),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_4")),
            say("Done.", "finish", stopped=ref("compute_3")),
        ],
        reference=two_ref,
        held_out=[
            HeldOut("prod idle, staging none", {"project": "p-d", "staging": "p-e"}),
            HeldOut("prod none, staging idle", {"project": "p-e", "staging": "p-c"}),
            HeldOut("both idle", {"project": "p-d", "staging": "p-b"}),
            HeldOut("none", {"project": "p-e", "staging": "p-e"}, new_path=True),
        ],
    )
)

CASES = at_least_three(CASES)
