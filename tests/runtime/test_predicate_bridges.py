"""Bridges guarded by a predicate: where nothing the recipe raised tells the new path from the
recorded one (the outputs were rejected, a computation failed, an exception no import names),
the heal puts the fallback's path behind ``if <predicate>:``, the predicate being what separates
the recorded runs' variables at that place from the new run's. Both paths then replay with no
model; rules that fit equally but disagree on new data stop at a ``SideExit``; no rule at all
sends the heal to ``pending/`` with the reason. No heal here replaces a recorded path: the
recorded trace stays ``trace.json`` (a replace rewrites it), and every recorded run passes
``recipe test``. (The one heal that still replaces a path is the changed world: the fallback
made the failed action's call again another way; ``recipe test`` checks the old runs fail
that way too, see ``tests/faults/test_secrets.py`` and the invoices example.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from runtime import AIResponse, Task, TaskConfig, ToolCall, action
from runtime.errors import FallbackError
from runtime.run.bridges import DISAGREE
from runtime.run.recorded_tests import run_recipe_tests

EFFECTS: list[str] = []


class Account(BaseModel):
    id: str
    status: str
    overdue: bool
    disputed: bool


def account(id: str, status: str, overdue: bool, disputed: bool) -> Account:
    return Account(id=id, status=status, overdue=overdue, disputed=disputed)


ACCOUNTS = {
    "A-1": account("A-1", "active", False, False),
    "A-2": account("A-2", "suspended", True, True),
    "A-3": account("A-3", "active", False, False),
    "A-4": account("A-4", "suspended", True, True),
    "A-5": account("A-5", "closed", True, False),
    "A-6": account("A-6", "closed", False, True),
}


@action(read_only=True)
def get_account(account_id: str) -> Account:
    """An account."""
    return ACCOUNTS[account_id]


@action
def open_ticket(account_id: str) -> str:
    """Open a reactivation ticket for the account; returns its id."""
    EFFECTS.append(f"ticket {account_id}")
    return f"T-{account_id}"


def needs_ticket(outputs: Any) -> None:
    """A suspended account is never reported without a reactivation ticket."""
    if outputs.status == "suspended" and not outputs.ticket:
        raise ValueError("a suspended account needs a reactivation ticket")


def every_account_needs_ticket(outputs: Any) -> None:
    if not outputs.ticket:
        raise ValueError("every report needs a ticket now")


NAMED = (
    "Report the account's status; a suspended account also gets a reactivation ticket, whose "
    "id is returned."
)
UNNAMED = "Report the account's status, with a ticket id where one is needed."


def account_task(
    recipes: Path,
    mocks: list[AIResponse],
    *,
    description: str = NAMED,
    guardrail: Any = needs_ticket,
    **config: Any,
) -> Task:
    return Task(
        description,
        name="account_status",
        inputs={"account_id": str},
        outputs={"status": str, "ticket": str | None},
        actions=[get_account, open_ticket],
        recipe_dir=recipes,
        mock_responses=mocks,
        guardrail=guardrail,
        config=TaskConfig(**config),
    )


def call(name: str, **args: object) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, dict(args))])


RECORDED = [
    call("get_account", account_id={"$ref": "account_id"}),
    call("finish", status={"$ref": "get_account_1.status"}, ticket=None),
]
TICKET = [
    call("open_ticket", account_id={"$ref": "account.id"}),
    call("finish", status={"$ref": "account.status"}, ticket={"$ref": "open_ticket_1"}),
]
"""What the agent does once the guardrail rejected a report without a ticket."""

NO_TICKET = [call("finish", status={"$ref": "account.status"}, ticket=None)]


@pytest.fixture(autouse=True)
def _clean() -> None:
    EFFECTS.clear()


def recorded(task: Task) -> str:
    """The run id of the task's last run (the recording)."""
    assert task.last_run is not None
    return task.last_run.run_id


def trace_kept(recipes: Path, name: str, run_id: str) -> bool:
    """Whether ``trace.json`` is still the recording's: a bridge keeps it, a replace does not."""
    return json.loads((recipes / name / "trace.json").read_text())["run_id"] == run_id


def replay(task: Task, account_id: str) -> tuple[Any, list[str]]:
    EFFECTS.clear()
    out = task.run(account_id=account_id)
    assert task.last_run is not None and task.last_run.model_calls == 0
    return out, list(EFFECTS)


def test_rejected_outputs_get_a_predicate_bridge_and_both_paths_replay(tmp_path: Path) -> None:
    recording = account_task(tmp_path, RECORDED)
    recording.run(account_id="A-1")
    recipe = tmp_path / "account_status" / "recipe.py"
    before = recipe.read_text()
    healing = account_task(tmp_path, TICKET, heal="auto")
    assert healing.run(account_id="A-2").ticket == "T-A-2"
    run = healing.last_run
    assert run is not None and run.mode == "recipe+fallback" and run.healed, run.warnings
    assert trace_kept(tmp_path, "account_status", recorded(recording))
    source = recipe.read_text()
    # The recorded path stays, after the bridge; the bridge is guarded by the rule the
    # description names.
    recorded_return = "    return AccountStatusOutputs(status=account.status, ticket=None)\n"
    assert recorded_return in before and source.endswith(before[before.index(recorded_return) :])
    assert '    if account.status == "suspended":\n' in source
    assert "ticket = open_ticket(account_id=account.id)" in source
    replayer = account_task(tmp_path, [])
    for account_id, ticket, effects in (
        ("A-1", None, []),
        ("A-2", "T-A-2", ["ticket A-2"]),
        ("A-3", None, []),  # never seen: the recorded path
        ("A-4", "T-A-4", ["ticket A-4"]),  # never seen: the bridge
    ):
        out, made = replay(replayer, account_id)
        assert (out.ticket, made) == (ticket, effects), account_id
    report = run_recipe_tests(replayer.folder)
    assert report.ok and len(report.outcomes) == 2, report.text()


def test_rules_that_disagree_on_new_data_stop_at_a_side_exit(tmp_path: Path) -> None:
    """The description names no field or value: `account.overdue` and `account.disputed` fit
    the two runs equally. A closed account is where they disagree: the recipe stops there,
    before any effect, and a heal from that stop runs only on the data it was made from."""
    account_task(tmp_path, RECORDED, description=UNNAMED).run(account_id="A-1")
    account_task(tmp_path, TICKET, description=UNNAMED, heal="auto").run(account_id="A-2")
    source = (tmp_path / "account_status" / "recipe.py").read_text()
    assert DISAGREE in source and "raise SideExit(" in source
    replayer = account_task(tmp_path, [], description=UNNAMED)
    assert replay(replayer, "A-1")[1] == [] and replay(replayer, "A-4")[1] == ["ticket A-4"]
    EFFECTS.clear()
    with pytest.raises(FallbackError, match="SideExit"):
        replayer.run(account_id="A-5")
    assert EFFECTS == []  # stopped before open_ticket: no wrong effect
    # The agent says a closed account needs no ticket; the heal fills that side exit for
    # this data only.
    closing = account_task(tmp_path, NO_TICKET, description=UNNAMED, heal="auto")
    assert closing.run(account_id="A-5").ticket is None
    assert closing.last_run is not None and closing.last_run.healed, closing.last_run.warnings
    assert "same_as_recorded(account" in (tmp_path / "account_status" / "recipe.py").read_text()
    out, made = replay(replayer, "A-5")
    assert (out.status, out.ticket, made) == ("closed", None, [])
    EFFECTS.clear()
    with pytest.raises(FallbackError, match="SideExit"):
        replayer.run(account_id="A-6")  # closed too, other data: still a stop, not a guess
    assert EFFECTS == []
    assert run_recipe_tests(replayer.folder).ok


def test_no_rule_tells_the_runs_apart_the_heal_waits_in_pending(tmp_path: Path) -> None:
    """The guardrail now wants a ticket for every account: the recorded input fails as it is.
    Its variables are the recorded run's, so nothing separates the paths: no replace."""
    account_task(tmp_path, RECORDED).run(account_id="A-1")
    recipe = tmp_path / "account_status" / "recipe.py"
    before = recipe.read_text()
    stricter = account_task(tmp_path, TICKET, guardrail=every_account_needs_ticket, heal="auto")
    assert stricter.run(account_id="A-1").ticket == "T-A-1"
    run = stricter.last_run
    assert run is not None and not run.healed and run.heal_proposal_path is not None
    assert any("no rule over the variables" in w for w in run.warnings), run.warnings
    assert recipe.read_text() == before


class Stats(BaseModel):
    customer: str
    total: float
    orders: int


STATS = {
    "ada": Stats(customer="ada", total=120.0, orders=4),
    "bob": Stats(customer="bob", total=0.0, orders=0),
    "cy": Stats(customer="cy", total=90.0, orders=3),
}


@action(read_only=True)
def order_stats(customer: str) -> Stats:
    """A customer's order count and total."""
    return STATS[customer]


@action
def save_average(customer: str, average: float) -> str:
    """Store the customer's average order value."""
    EFFECTS.append(f"save {customer} {average}")
    return f"S-{customer}"


def average_task(recipes: Path, mocks: list[AIResponse], **config: Any) -> Task:
    return Task(
        "Store the customer's average order value (total over orders; 0 with no orders).",
        name="average",
        inputs={"customer": str},
        outputs={"saved": str},
        actions=[order_stats, save_average],
        recipe_dir=recipes,
        mock_responses=mocks,
        config=TaskConfig(**config),
    )


def test_a_failed_computation_gets_a_predicate_bridge(tmp_path: Path) -> None:
    recording = average_task(
        tmp_path,
        [
            call("order_stats", customer={"$ref": "customer"}),
            call("compute", expression="order_stats_1.total / order_stats_1.orders"),
            call("save_average", customer={"$ref": "customer"}, average={"$ref": "compute_1"}),
            call("finish", saved={"$ref": "save_average_1"}),
        ],
    )
    recording.run(customer="ada")
    healing = average_task(
        tmp_path,
        [
            call("save_average", customer={"$ref": "customer"}, average={"$ref": "stats.total"}),
            call("finish", saved={"$ref": "save_average_1"}),
        ],
        heal="auto",
    )
    assert healing.run(customer="bob").saved == "S-bob"
    assert healing.last_run is not None and healing.last_run.healed, healing.last_run.warnings
    assert trace_kept(tmp_path, "average", recorded(recording))
    source = (tmp_path / "average" / "recipe.py").read_text()
    assert "stats.total / stats.orders" in source  # the recorded path stays
    replayer = average_task(tmp_path, [])
    for customer, effect in (
        ("ada", "save ada 30.0"),
        ("bob", "save bob 0.0"),
        ("cy", "save cy 30.0"),
    ):
        EFFECTS.clear()
        replayer.run(customer=customer)
        assert replayer.last_run is not None and replayer.last_run.model_calls == 0
        assert [effect] == EFFECTS
    assert run_recipe_tests(replayer.folder).ok


def _unavailable() -> type[Exception]:
    class Unavailable(Exception):
        """A room that cannot be booked (a class no import names)."""

    return Unavailable


Unavailable = _unavailable()


class Room(BaseModel):
    name: str
    under_repair: bool


ROOMS = {
    "oak": Room(name="oak", under_repair=False),
    "elm": Room(name="elm", under_repair=True),
    "ash": Room(name="ash", under_repair=False),
    "yew": Room(name="yew", under_repair=True),
}


@action(read_only=True)
def get_room(room: str) -> Room:
    """A meeting room."""
    return ROOMS[room]


@action
def book(room: str) -> str:
    """Book the room; a room under repair cannot be booked."""
    if ROOMS[room].under_repair:
        raise Unavailable(f"{room} is under repair")
    EFFECTS.append(f"book {room}")
    return f"B-{room}"


@action
def report_repair(room: str) -> str:
    """Ask facilities when the room's repair ends."""
    EFFECTS.append(f"report {room}")
    return f"R-{room}"


def room_task(recipes: Path, mocks: list[AIResponse], **config: Any) -> Task:
    return Task(
        "Book the meeting room; a room under repair cannot be booked: ask facilities instead.",
        name="rooms",
        inputs={"room": str},
        outputs={"reference": str},
        actions=[get_room, book, report_repair],
        recipe_dir=recipes,
        mock_responses=mocks,
        config=TaskConfig(**config),
    )


def test_an_exception_no_import_names_gets_a_predicate_bridge(tmp_path: Path) -> None:
    """`except Unavailable:` cannot be written (the class is local to a function): the
    bridge goes before the call instead, behind what told the runs apart there."""
    recording = room_task(
        tmp_path,
        [
            call("get_room", room={"$ref": "room"}),
            call("book", room={"$ref": "get_room_1.name"}),
            call("finish", reference={"$ref": "book_1"}),
        ],
    )
    recording.run(room="oak")
    healing = room_task(
        tmp_path,
        [
            call("report_repair", room={"$ref": "room"}),
            call("finish", reference={"$ref": "report_repair_1"}),
        ],
        heal="auto",
    )
    assert healing.run(room="elm").reference == "R-elm"
    assert healing.last_run is not None and healing.last_run.healed, healing.last_run.warnings
    assert trace_kept(tmp_path, "rooms", recorded(recording))
    source = (tmp_path / "rooms" / "recipe.py").read_text()
    assert "except Unavailable" not in source and ".under_repair is False):\n" in source
    replayer = room_task(tmp_path, [])
    for room, effect in (("oak", "book oak"), ("elm", "report elm"), ("yew", "report yew")):
        EFFECTS.clear()
        replayer.run(room=room)
        assert replayer.last_run is not None and replayer.last_run.model_calls == 0
        assert [effect] == EFFECTS
    assert run_recipe_tests(replayer.folder).ok
