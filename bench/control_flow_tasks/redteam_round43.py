"""Red team round 43 (api prober): "If you <verb>ed any" with a qualifier in a Report
sentence, caps written other ways than "at most three of them", count words other than digits
and "two" ("both"), and a batch call's count beside a negated count of the same size."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []


# ---------------------------------------------------------------- VM world
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
    "p-b": [("v-4", 1.5, False, "cy@x.io"), ("v-5", 60.0, True, "dee@x.io")],
    "p-c": [("v-6", 0.5, True, "eve@x.io")],
    "p-d": [("v-7", 1.0, True, "fay@x.io"), ("v-8", 2.0, False, "gil@x.io")],
    "p-e": [("v-9", 90.0, True, "hal@x.io")],
    "p-f": [
        ("v-20", 1.0, True, "a@x.io"),
        ("v-21", 1.0, True, "a@x.io"),
        ("v-22", 2.0, False, "a@x.io"),
        ("v-23", 3.0, False, "a@x.io"),
    ],
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


def _idle(p: str) -> list[tuple[str, float, bool, str]]:
    return [v for v in VMS[p] if v[1] < 5]


# 1 acted_any: the qualifier sits in a "Report ..." sentence (allowed as a return sentence)
report_gpu: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post to "
    "FinOps how many GPU machines you stopped. Report to FinOps on the GPU machines alone. "
    "Return the ids you stopped.",
    name="r43_report_gpu",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def report_gpu_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    g = [v for v in idle if v[2]]
    if g:
        eff.append(("post_finops", i["project"], f"Stopped {len(g)} idle GPU VMs"))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=report_gpu,
        features=("filter compute", "if any notify", "qualifier in Report sentence"),
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
        reference=report_gpu_ref,
        held_out=[
            HeldOut("idle CPU-only VM", {"project": "p-b"}),
            HeldOut("1 GPU idle", {"project": "p-c"}),
            HeldOut("1 GPU + 1 CPU idle", {"project": "p-d"}),
        ],
    )
)


# 2 acted_any: the change's compute filters the GPU ones; none on new input -> empty post
gpu_list: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post the "
    "GPU ones to FinOps by id. Return the ids you stopped.",
    name="r43_post_gpu_ids",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def gpu_list_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    g = [v[0] for v in idle if v[2]]
    if g:
        eff.append(("post_finops", i["project"], "Stopped GPU VMs: " + ", ".join(g)))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=gpu_list,
        features=("filter compute", "if any notify", "filter in change"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0.id")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1.id")),
            say(
                "GPU ones.",
                "compute",
                expression="'Stopped GPU VMs: ' + ', '.join(v.id for v in compute_1 if v.gpu)",
            ),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_2")),
            say("Done.", "finish", stopped=["v-1", "v-3"]),
        ],
        reference=gpu_list_ref,
        held_out=[
            HeldOut("idle CPU-only VM", {"project": "p-b"}),
            HeldOut("1 GPU idle", {"project": "p-c"}),
            HeldOut("1 GPU + 1 CPU idle", {"project": "p-d"}),
        ],
    )
)


# 3-6 caps written other ways than "at most three of them"
def _cap_case(tag: str, words: str) -> Case:
    task: Task[Any] = Task(
        f"Stop the VMs in the project whose average CPU is under 5%, {words}. Return the ids "
        "you stopped.",
        name=f"r43_cap_{tag}",
        inputs={"project": str},
        outputs={"stopped": list[str]},
        actions=[list_vms, stop_vm],
    )

    def ref_(i: dict[str, Any]) -> Expected:
        idle = _idle(i["project"])[:3]
        return Expected([("stop_vm", v[0]) for v in idle], {"stopped": [v[0] for v in idle]})

    return Case(
        task=task,
        features=("filter compute", "cap in words"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=ref_,
        held_out=[
            HeldOut("4 idle (cap 3)", {"project": "p-f"}),
            HeldOut("1 idle", {"project": "p-c"}),
            HeldOut("2 idle", {"project": "p-d"}),
        ],
    )


CASES.append(_cap_case("no_more_than", "no more than three of them"))
CASES.append(_cap_case("up_to", "up to three a day"))
CASES.append(_cap_case("max_3", "a maximum of 3 per run"))
CASES.append(_cap_case("three_at_most", "three at most"))


# ---------------------------------------------------------------- hotel bookings
BOOKINGS = {
    "g-1": ["B-1", "B-2"],
    "g-2": ["B-3", "B-4", "B-5"],
    "g-3": ["B-6"],
    "g-4": ["B-7", "B-8"],
}


@action(read_only=True)
def list_bookings(guest_id: str) -> list[str]:
    """Ids of a guest's open bookings."""
    return list(BOOKINGS[guest_id])


@action
def cancel_booking(booking_id: str) -> str:
    """Cancel a booking."""
    effect("cancel_booking", booking_id)
    return "cancelled"


@action
def add_note(guest_id: str, note: str) -> str:
    """Add a note to a guest's file."""
    effect("add_note", guest_id, note)
    return "noted"


both: Task[Any] = Task(
    "The guest asked us to cancel all their open bookings. Cancel each one, then add a note to "
    "the guest's file saying how many you cancelled. Return how many you cancelled.",
    name="r43_note_both",
    inputs={"guest_id": str},
    outputs={"cancelled": int},
    actions=[list_bookings, cancel_booking, add_note],
)


def _say_count(n: int) -> str:
    return {
        1: "Cancelled the one booking at the guest's request.",
        2: "Cancelled both bookings at the guest's request.",
    }.get(n, f"Cancelled {n} bookings at the guest's request.")


def both_ref(i: dict[str, Any]) -> Expected:
    b = BOOKINGS[i["guest_id"]]
    eff: list[Any] = [("cancel_booking", x) for x in b]
    eff.append(("add_note", i["guest_id"], _say_count(len(b))))
    return Expected(eff, {"cancelled": len(b)})


CASES.append(
    Case(
        task=both,
        features=("plain loop", "count word typed"),
        recorded={"guest_id": "g-1"},
        answers=[
            say("Listing.", "list_bookings", guest_id=ref("guest_id")),
            say("Cancel B-1.", "cancel_booking", booking_id=ref("list_bookings_1.0")),
            say("Cancel B-2.", "cancel_booking", booking_id=ref("list_bookings_1.1")),
            say(
                "Noting.",
                "add_note",
                guest_id=ref("guest_id"),
                note="Cancelled both bookings at the guest's request.",
            ),
            say("Done.", "finish", cancelled=2),
        ],
        reference=both_ref,
        held_out=[
            HeldOut("3 bookings", {"guest_id": "g-2"}),
            HeldOut("1 booking", {"guest_id": "g-3"}),
            HeldOut("2 bookings", {"guest_id": "g-4"}),
        ],
    )
)


# ---------------------------------------------------------------- batch archive + negated count
STORIES = {
    "web": [("S-1", 400), ("S-2", 10), ("S-3", 500), ("S-4", 20)],
    "app": [("S-5", 800), ("S-6", 900), ("S-7", 1000), ("S-8", 5)],
    "radio": [("S-9", 400), ("S-10", 30)],
    "print": [("S-11", 700), ("S-12", 3), ("S-13", 4), ("S-14", 999)],
}


class Story(BaseModel):
    id: str
    age_days: int


@action(read_only=True)
def list_stories(channel: str) -> list[Story]:
    """Stories of a channel with their age in days."""
    return [Story(id=s, age_days=a) for s, a in STORIES[channel]]


@action
def archive_stories(ids: list[str], reason: str) -> str:
    """Archive several stories in one batch; answers how many were archived."""
    effect("archive_stories", tuple(ids), reason)
    return f"archived {len(ids)}"


arch: Task[Any] = Task(
    "Archive, in one batch with the reason 'older than a year', every story of the channel "
    "that is more than 365 days old. Return how many you archived and how many stories were "
    "not archived.",
    name="r43_archive_not_archived",
    inputs={"channel": str},
    outputs={"archived": int, "not_archived": int},
    actions=[list_stories, archive_stories],
)


def arch_ref(i: dict[str, Any]) -> Expected:
    ids = [s for s, a in STORIES[i["channel"]] if a > 365]
    eff: list[Any] = [("archive_stories", tuple(ids), "older than a year")] if ids else []
    return Expected(
        eff, {"archived": len(ids), "not_archived": len(STORIES[i["channel"]]) - len(ids)}
    )


ARCH = Case(
    task=arch,
    features=("filter compute", "batch count", "negated count equal"),
    recorded={"channel": "web"},
    answers=[
        say("Listing.", "list_stories", channel=ref("channel")),
        say(
            "Old ones.", "compute", expression="[s.id for s in list_stories_1 if s.age_days > 365]"
        ),
        say(
            "Archiving S-1 and S-3.",
            "archive_stories",
            ids=[ref("compute_1.0"), ref("compute_1.1")],
            reason="older than a year",
        ),
        say("Two archived, two kept.", "finish", archived=2, not_archived=2),
    ],
    reference=arch_ref,
    held_out=[
        HeldOut("3 of 4 old", {"channel": "app"}),
        HeldOut("1 of 2 old", {"channel": "radio"}),
        HeldOut("2 of 4 old", {"channel": "print"}),
    ],
)
CASES.append(ARCH)


# 8 acted_any, the change's own sentence names the field ("how many GPU machines"), no Report
gpu_words: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post to "
    "FinOps how many GPU machines you stopped. Return the ids you stopped.",
    name="r43_gpu_in_clause",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)
CASES.append(
    Case(
        task=gpu_words,
        features=("filter compute", "if any notify", "field named after the comma"),
        recorded={"project": "p-a"},
        answers=CASES[0].answers,
        reference=report_gpu_ref,
        held_out=CASES[0].held_out,
    )
)


# 9-10 count words for a recording of three: "all three", "a trio"
def _words_case(tag: str, note: str) -> Case:
    task: Task[Any] = Task(
        "The guest asked us to cancel all their open bookings. Cancel each one, then add a note "
        "to the guest's file saying how many you cancelled. Return how many you cancelled.",
        name=f"r43_note_{tag}",
        inputs={"guest_id": str},
        outputs={"cancelled": int},
        actions=[list_bookings, cancel_booking, add_note],
    )

    def ref_(i: dict[str, Any]) -> Expected:
        b = BOOKINGS[i["guest_id"]]
        eff: list[Any] = [("cancel_booking", x) for x in b]
        said = note if len(b) == 3 else f"Cancelled {len(b)} bookings at the guest's request."
        if len(b) == 1:
            said = "Cancelled the one booking at the guest's request."
        eff.append(("add_note", i["guest_id"], said))
        return Expected(eff, {"cancelled": len(b)})

    return Case(
        task=task,
        features=("plain loop", "count word typed"),
        recorded={"guest_id": "g-2"},
        answers=[
            say("Listing.", "list_bookings", guest_id=ref("guest_id")),
            say("Cancel B-3.", "cancel_booking", booking_id=ref("list_bookings_1.0")),
            say("Cancel B-4.", "cancel_booking", booking_id=ref("list_bookings_1.1")),
            say("Cancel B-5.", "cancel_booking", booking_id=ref("list_bookings_1.2")),
            say("Noting.", "add_note", guest_id=ref("guest_id"), note=note),
            say("Done.", "finish", cancelled=3),
        ],
        reference=ref_,
        held_out=[
            HeldOut("2 bookings", {"guest_id": "g-1"}),
            HeldOut("1 booking", {"guest_id": "g-3"}),
            HeldOut("2 bookings b", {"guest_id": "g-4"}),
        ],
    )


CASES.append(_words_case("all_three", "Cancelled all three bookings at the guest's request."))
CASES.append(_words_case("trio", "Cancelled the trio of bookings at the guest's request."))
CASES.append(
    _words_case(
        "third", "Cancelled every booking at the guest's request; the third was non-refundable."
    )
)


# 12 batch count beside another count of the same size named for neither ("kept")
arch_kept: Task[Any] = Task(
    "Archive, in one batch with the reason 'older than a year', every story of the channel "
    "that is more than 365 days old. Return how many you archived and how many you kept.",
    name="r43_archive_kept",
    inputs={"channel": str},
    outputs={"archived": int, "kept": int},
    actions=[list_stories, archive_stories],
)


def kept_ref(i: dict[str, Any]) -> Expected:
    e = arch_ref(i)
    return Expected(
        e.effects, {"archived": e.outputs["archived"], "kept": e.outputs["not_archived"]}
    )


CASES.append(
    Case(
        task=arch_kept,
        features=("filter compute", "batch count", "other count equal"),
        recorded={"channel": "web"},
        answers=[*ARCH.answers[:3], say("Two archived, two kept.", "finish", archived=2, kept=2)],
        reference=kept_ref,
        held_out=ARCH.held_out,
    )
)


# ---------------------------------------------------------------- event registrations
class Reg(BaseModel):
    id: str
    kind: str
    paid: bool


REGS = {
    "ev-1": [
        ("R-1", "talk", True),
        ("R-2", "workshop", False),
        ("R-3", "talk", True),
        ("R-4", "workshop", False),
    ],
    "ev-2": [("R-5", "talk", False), ("R-6", "workshop", True)],
    "ev-3": [("R-7", "workshop", False), ("R-8", "talk", True), ("R-9", "talk", True)],
    "ev-4": [("R-10", "talk", False), ("R-11", "workshop", False), ("R-12", "talk", True)],
}


@action(read_only=True)
def list_registrations(event_id: str) -> list[Reg]:
    """Registrations of an event: id, kind (talk or workshop) and whether paid."""
    return [Reg(id=a, kind=k, paid=p) for a, k, p in REGS[event_id]]


@action
def confirm_registration(registration_id: str) -> str:
    """Confirm a paid registration."""
    effect("confirm_registration", registration_id)
    return "confirmed"


@action
def notify_organizer(event_id: str, message: str) -> str:
    """Message the organizer of an event."""
    effect("notify_organizer", event_id, message)
    return "sent"


regs_ws: Task[Any] = Task(
    "Confirm every paid registration for the event. If any registrations are unpaid, tell the "
    "organizer how many workshop seats are still unpaid. Return how many you confirmed.",
    name="r43_regs_workshop_clause",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_registrations, confirm_registration, notify_organizer],
)


def regs_ws_ref(i: dict[str, Any]) -> Expected:
    rs = REGS[i["event_id"]]
    eff: list[Any] = [("confirm_registration", r[0]) for r in rs if r[2]]
    ws = sum(1 for r in rs if not r[2] and r[1] == "workshop")
    if any(not r[2] for r in rs):
        eff.append(("notify_organizer", i["event_id"], f"{ws} workshop seats unpaid"))
    return Expected(eff, {"confirmed": sum(1 for r in rs if r[2])})


CASES.append(
    Case(
        task=regs_ws,
        features=("filter by flag", "if any are unpaid", "field named after the comma"),
        recorded={"event_id": "ev-1"},
        answers=[
            say("Listing.", "list_registrations", event_id=ref("event_id")),
            say("Paid ones.", "compute", expression="[r for r in list_registrations_1 if r.paid]"),
            say("Confirm R-1.", "confirm_registration", registration_id=ref("compute_1.0.id")),
            say("Confirm R-3.", "confirm_registration", registration_id=ref("compute_1.1.id")),
            say("Unpaid.", "compute", expression="[r for r in list_registrations_1 if not r.paid]"),
            say("Any?", "compute", expression="len(compute_2) > 0"),
            say(
                "Both unpaid are workshops.",
                "compute",
                expression="f'{len(compute_2)} workshop seats unpaid'",
            ),
            say("Tell.", "notify_organizer", event_id=ref("event_id"), message=ref("compute_4")),
            say("Two confirmed.", "finish", confirmed=ref("len(compute_1)") if False else 2),
        ],
        reference=regs_ws_ref,
        held_out=[
            HeldOut("unpaid talk only", {"event_id": "ev-2"}),
            HeldOut("1 unpaid workshop", {"event_id": "ev-3"}),
            HeldOut("talk + workshop unpaid", {"event_id": "ev-4"}),
        ],
    )
)


# acted_any, the change names the last item stopped
last: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post to "
    "FinOps the id of the last VM you stopped. Return the ids you stopped.",
    name="r43_last_stopped",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def last_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    if idle:
        eff.append(("post_finops", i["project"], idle[-1][0]))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=last,
        features=("filter compute", "if any notify", "last item"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_1.1")),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=last_ref,
        held_out=[
            HeldOut("4 idle", {"project": "p-f"}),
            HeldOut("1 idle", {"project": "p-c"}),
            HeldOut("2 idle", {"project": "p-d"}),
        ],
    )
)


# acted_any, the post's count typed as "both"
both_post: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post to "
    "FinOps saying what you stopped. Return the ids you stopped.",
    name="r43_post_both",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)


def both_post_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    if idle:
        n = len(idle)
        msg = "Stopped both idle VMs." if n == 2 else f"Stopped {n} idle VM{'s' if n > 1 else ''}."
        eff.append(("post_finops", i["project"], msg))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


CASES.append(
    Case(
        task=both_post,
        features=("filter compute", "if any notify", "count word 'both'"),
        recorded={"project": "p-a"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-3.", "stop_vm", vm_id=ref("compute_1.1")),
            say(
                "Posting.", "post_finops", project=ref("project"), message="Stopped both idle VMs."
            ),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=both_post_ref,
        held_out=[
            HeldOut("4 idle", {"project": "p-f"}),
            HeldOut("1 idle", {"project": "p-c"}),
            HeldOut("2 idle", {"project": "p-d"}),
        ],
    )
)

CASES = at_least_three(CASES)
