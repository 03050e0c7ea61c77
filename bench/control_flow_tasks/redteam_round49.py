"""Red team round 49 (api prober): the `_alike` net of acted_any / decided_any attacked by
narrowings on fields the recorded items differed on, nested fields, fields looked up per item,
a single recorded item, ids found in two lists, and decided_any over a differing field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say
from ._api_kit import at_least_three

CASES: list[Case] = []

# id, cpu_avg, gpu, kind
VMS: dict[str, list[tuple[str, float, bool]]] = {
    "mix": [("v-1", 1.0, True), ("v-2", 2.0, False), ("v-3", 50.0, True)],
    "cpu1": [("v-4", 1.5, False), ("v-5", 60.0, True)],
    "gpu1": [("v-6", 0.5, True), ("v-13", 40.0, False)],
    "gpu2": [("v-7", 1.0, True), ("v-8", 2.0, True), ("v-9", 70.0, False)],
    "cpu2": [("v-10", 1.0, False), ("v-11", 2.0, False), ("v-14", 90.0, True)],
    "mix2": [("v-15", 3.0, False), ("v-16", 4.0, True)],
}


def _idle(p: str) -> list[tuple[str, float, bool]]:
    return [v for v in VMS[p] if v[1] < 5]


class VM(BaseModel):
    id: str
    cpu_avg: float
    gpu: bool


class Specs(BaseModel):
    gpu: bool
    ram_gb: int


class NVM(BaseModel):
    id: str
    cpu_avg: float
    specs: Specs


class KVM(BaseModel):
    id: str
    cpu_avg: float
    kind: str


class Usage(BaseModel):
    id: str
    cpu_avg: float


class Cost(BaseModel):
    id: str
    monthly_usd: int
    currency: str


@action(read_only=True)
def list_vms(project: str) -> list[VM]:
    """VMs of a project with 14-day average CPU (%) and whether they have a GPU."""
    return [VM(id=i, cpu_avg=c, gpu=g) for i, c, g in VMS[project]]


@action(read_only=True)
def list_vm_specs(project: str) -> list[NVM]:
    """VMs of a project with 14-day average CPU (%) and their hardware specs."""
    return [NVM(id=i, cpu_avg=c, specs=Specs(gpu=g, ram_gb=64)) for i, c, g in VMS[project]]


@action(read_only=True)
def list_vm_kinds(project: str) -> list[KVM]:
    """VMs of a project with 14-day average CPU (%) and their kind ('gpu' or 'cpu')."""
    return [KVM(id=i, cpu_avg=c, kind="gpu" if g else "cpu") for i, c, g in VMS[project]]


@action(read_only=True)
def list_usage(project: str) -> list[Usage]:
    """The 14-day average CPU (%) of each VM of a project."""
    return [Usage(id=i, cpu_avg=c) for i, c, _ in VMS[project]]


@action(read_only=True)
def get_vm(vm_id: str) -> VM:
    """One VM's details (CPU, whether it has a GPU)."""
    for vs in VMS.values():
        for i, c, g in vs:
            if i == vm_id:
                return VM(id=i, cpu_avg=c, gpu=g)
    raise KeyError(vm_id)


@action(read_only=True)
def list_costs(project: str) -> list[Cost]:
    """The monthly cost of each VM of a project."""
    return [Cost(id=i, monthly_usd=300 if g else 100, currency="USD") for i, c, g in VMS[project]]


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


def _gpu_ids_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    g = [v[0] for v in idle if v[2]]
    if g:
        eff.append(("post_finops", i["project"], "Stopped GPU VMs: " + ", ".join(g)))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


_HELD = [
    HeldOut("idle CPU-only (1)", {"project": "cpu1"}),
    HeldOut("idle CPU-only (2)", {"project": "cpu2"}),
    HeldOut("idle 1 GPU", {"project": "gpu1"}),
    HeldOut("idle 2 GPU", {"project": "gpu2"}),
    HeldOut("idle 1 CPU + 1 GPU", {"project": "mix2"}),
]

# ---- 1 acted_any: "post the GPU ones", recorded idle items differ on gpu (no field alike)
gpu_mixed: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post the "
    "GPU ones to FinOps by id. Return the ids you stopped.",
    name="r49_gpu_mixed",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)
CASES.append(
    Case(
        task=gpu_mixed,
        features=("filter compute", "if any notify", "narrowing on a differing flag"),
        recorded={"project": "mix"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ones.", "compute", expression="[v for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0.id")),
            say("Stop v-2.", "stop_vm", vm_id=ref("compute_1.1.id")),
            say(
                "GPU ones.",
                "compute",
                expression="'Stopped GPU VMs: ' + ', '.join(v.id for v in compute_1 if v.gpu)",
            ),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_2")),
            say("Done.", "finish", stopped=["v-1", "v-2"]),
        ],
        reference=_gpu_ids_ref,
        held_out=_HELD,
    )
)

# ---- 2 acted_any: the flag is nested (specs.gpu), recorded all GPU
gpu_nested: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post the "
    "GPU ones to FinOps by id. Return the ids you stopped.",
    name="r49_gpu_nested",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vm_specs, stop_vm, post_finops],
)
CASES.append(
    Case(
        task=gpu_nested,
        features=("filter compute", "if any notify", "nested flag"),
        recorded={"project": "gpu2"},
        answers=[
            say("Listing VMs.", "list_vm_specs", project=ref("project")),
            say(
                "Idle ones.", "compute", expression="[v for v in list_vm_specs_1 if v.cpu_avg < 5]"
            ),
            say("Stop v-7.", "stop_vm", vm_id=ref("compute_1.0.id")),
            say("Stop v-8.", "stop_vm", vm_id=ref("compute_1.1.id")),
            say(
                "GPU ones.",
                "compute",
                expression=(
                    "'Stopped GPU VMs: ' + ', '.join(v.id for v in compute_1 if" " v.specs.gpu)"
                ),
            ),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_2")),
            say("Done.", "finish", stopped=["v-7", "v-8"]),
        ],
        reference=_gpu_ids_ref,
        held_out=[h for h in _HELD if h.inputs["project"] != "gpu2"]
        + [HeldOut("mix", {"project": "mix"})],
    )
)


# ---- 3 acted_any: the flag is only in a per-item lookup; constant message
def _reservation_ref(i: dict[str, Any]) -> Expected:
    idle = _idle(i["project"])
    eff: list[Any] = [("stop_vm", v[0]) for v in idle]
    if any(v[2] for v in idle):
        eff.append(("post_finops", i["project"], "Please shrink the GPU reservation."))
    return Expected(eff, {"stopped": [v[0] for v in idle]})


gpu_lookup: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, ask FinOps "
    "to shrink the GPU reservation. Return the ids you stopped.",
    name="r49_gpu_lookup",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_usage, get_vm, stop_vm, post_finops],
)
CASES.append(
    Case(
        task=gpu_lookup,
        features=("filter compute", "if any notify", "flag in per-item lookup"),
        recorded={"project": "gpu2"},
        answers=[
            say("Usage.", "list_usage", project=ref("project")),
            say("Idle ids.", "compute", expression="[u.id for u in list_usage_1 if u.cpu_avg < 5]"),
            say("Checking v-7.", "get_vm", vm_id=ref("compute_1.0")),
            say("GPU box; stopping v-7.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Checking v-8.", "get_vm", vm_id=ref("compute_1.1")),
            say("GPU box; stopping v-8.", "stop_vm", vm_id=ref("compute_1.1")),
            say(
                "Both were GPU; asking FinOps.",
                "post_finops",
                project=ref("project"),
                message="Please shrink the GPU reservation.",
            ),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=_reservation_ref,
        held_out=[h for h in _HELD if h.inputs["project"] != "gpu2"]
        + [HeldOut("mix", {"project": "mix"})],
    )
)

# ---- 4 acted_any: one recorded idle item, narrowing by a str field (kind='gpu')
gpu_single: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post the "
    "GPU ones to FinOps by id. Return the ids you stopped.",
    name="r49_gpu_single",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vm_kinds, stop_vm, post_finops],
)
CASES.append(
    Case(
        task=gpu_single,
        features=("filter compute", "if any notify", "one recorded item, str field"),
        recorded={"project": "gpu1"},
        answers=[
            say("Listing VMs.", "list_vm_kinds", project=ref("project")),
            say(
                "Idle ones.", "compute", expression="[v for v in list_vm_kinds_1 if v.cpu_avg < 5]"
            ),
            say("Stop v-6.", "stop_vm", vm_id=ref("compute_1.0.id")),
            say(
                "GPU ones.",
                "compute",
                expression=(
                    "'Stopped GPU VMs: ' + ', '.join(v.id for v in compute_1 if" " v.kind == 'gpu')"
                ),
            ),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_2")),
            say("Done.", "finish", stopped=["v-6"]),
        ],
        reference=_gpu_ids_ref,
        held_out=[h for h in _HELD if h.inputs["project"] != "gpu1"]
        + [HeldOut("mix", {"project": "mix"})],
    )
)


# ---- 5 acted_any: ids found in two lists (costs read first), flag in the second
def _saved_ref(i: dict[str, Any]) -> Expected:
    e = _gpu_ids_ref(i)
    idle = _idle(i["project"])
    return Expected(
        e.effects,
        {"stopped": [v[0] for v in idle], "saved_usd": sum(300 if v[2] else 100 for v in idle)},
    )


gpu_two_lists: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, post the "
    "GPU ones to FinOps by id. Return the ids you stopped and the monthly cost they ran up.",
    name="r49_gpu_two_lists",
    inputs={"project": str},
    outputs={"stopped": list[str], "saved_usd": int},
    actions=[list_costs, list_vms, stop_vm, post_finops],
)
CASES.append(
    Case(
        task=gpu_two_lists,
        features=("filter compute", "if any notify", "ids in two lists"),
        recorded={"project": "gpu2"},
        answers=[
            say("Costs first.", "list_costs", project=ref("project")),
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ids.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-7.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-8.", "stop_vm", vm_id=ref("compute_1.1")),
            say(
                "GPU ones.",
                "compute",
                expression=(
                    "'Stopped GPU VMs: ' + ', '.join(v.id for v in list_vms_1 if"
                    " v.id in compute_1 and v.gpu)"
                ),
            ),
            say("Posting.", "post_finops", project=ref("project"), message=ref("compute_2")),
            say(
                "Cost.",
                "compute",
                expression="sum(c.monthly_usd for c in list_costs_1 if c.id in compute_1)",
            ),
            say("Done.", "finish", stopped=ref("compute_1"), saved_usd=ref("compute_3")),
        ],
        reference=_saved_ref,
        held_out=[h for h in _HELD if h.inputs["project"] != "gpu2"]
        + [HeldOut("mix", {"project": "mix"})],
    )
)


# ---------- registrations (decided_any)
class Reg(BaseModel):
    id: str
    kind: str
    paid: bool


REGS: dict[str, list[tuple[str, str, bool]]] = {
    "ev-1": [
        ("R-1", "workshop", True),
        ("R-2", "workshop", False),
        ("R-3", "talk", True),
        ("R-4", "talk", False),
    ],
    "ev-2": [("R-5", "talk", False), ("R-6", "workshop", True)],
    "ev-3": [("R-7", "workshop", False), ("R-8", "talk", True)],
    "ev-4": [("R-9", "talk", False), ("R-10", "talk", False), ("R-11", "workshop", True)],
    "ev-5": [("R-12", "workshop", False), ("R-13", "talk", False), ("R-14", "talk", True)],
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
    """Message the event's organizer."""
    effect("notify_organizer", event_id, message)
    return "sent"


# ---- 6 decided_any: narrowing by kind in the rest; recorded unpaid differ on kind
regs_ws: Task[Any] = Task(
    "Confirm every paid registration for the event. If any registrations are unpaid, ask the "
    "organizer to chase the workshop seats by id. Return how many you confirmed.",
    name="r49_regs_workshop_mixed",
    inputs={"event_id": str},
    outputs={"confirmed": int},
    actions=[list_registrations, confirm_registration, notify_organizer],
)


def regs_ws_ref(i: dict[str, Any]) -> Expected:
    rs = REGS[i["event_id"]]
    eff: list[Any] = [("confirm_registration", r[0]) for r in rs if r[2]]
    ws = [r[0] for r in rs if not r[2] and r[1] == "workshop"]
    if ws:
        eff.append(("notify_organizer", i["event_id"], "Unpaid workshop seats: " + ", ".join(ws)))
    return Expected(eff, {"confirmed": sum(1 for r in rs if r[2])})


CASES.append(
    Case(
        task=regs_ws,
        features=("filter by flag", "if any are unpaid", "narrowing on a differing str field"),
        recorded={"event_id": "ev-1"},
        answers=[
            say("Listing.", "list_registrations", event_id=ref("event_id")),
            say("Paid ones.", "compute", expression="[r for r in list_registrations_1 if r.paid]"),
            say("Confirm R-1.", "confirm_registration", registration_id=ref("compute_1.0.id")),
            say("Confirm R-3.", "confirm_registration", registration_id=ref("compute_1.1.id")),
            say("Unpaid.", "compute", expression="[r for r in list_registrations_1 if not r.paid]"),
            say("Any?", "compute", expression="len(compute_2) > 0"),
            say(
                "Workshop ones.",
                "compute",
                expression=(
                    "'Unpaid workshop seats: ' + ', '.join(r.id for r in"
                    " compute_2 if r.kind == 'workshop')"
                ),
            ),
            say("Tell.", "notify_organizer", event_id=ref("event_id"), message=ref("compute_4")),
            say("Two confirmed.", "finish", confirmed=2),
        ],
        reference=regs_ws_ref,
        held_out=[
            HeldOut("unpaid talk only", {"event_id": "ev-2"}),
            HeldOut("unpaid workshop only", {"event_id": "ev-3"}),
            HeldOut("2 unpaid talks", {"event_id": "ev-4"}),
            HeldOut("unpaid ws + talk", {"event_id": "ev-5"}),
        ],
    )
)


# ---- 7 acted_any: constant message naming GPU, list of ids, recorded idle items differ on gpu
gpu_const: Task[Any] = Task(
    "Stop every VM in the project whose average CPU is under 5%. If you stopped any, ask FinOps "
    "to shrink the GPU reservation. Return the ids you stopped.",
    name="r49_gpu_const_ids",
    inputs={"project": str},
    outputs={"stopped": list[str]},
    actions=[list_vms, stop_vm, post_finops],
)
CASES.append(
    Case(
        task=gpu_const,
        features=("filter compute", "if any notify", "constant message, differing flag"),
        recorded={"project": "mix"},
        answers=[
            say("Listing VMs.", "list_vms", project=ref("project")),
            say("Idle ids.", "compute", expression="[v.id for v in list_vms_1 if v.cpu_avg < 5]"),
            say("Stop v-1.", "stop_vm", vm_id=ref("compute_1.0")),
            say("Stop v-2.", "stop_vm", vm_id=ref("compute_1.1")),
            say(
                "v-1 was a GPU box; asking FinOps.",
                "post_finops",
                project=ref("project"),
                message="Please shrink the GPU reservation.",
            ),
            say("Done.", "finish", stopped=ref("compute_1")),
        ],
        reference=_reservation_ref,
        held_out=_HELD,
    )
)
CASES = at_least_three(CASES)
