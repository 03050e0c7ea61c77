"""Round-8 runtime findings: runs that keep permanent memory (a sub-task's or a dependency's
included) take turns; the fallback's first message redacts secrets in every part; ``recipe
test`` reads a sub-task's recorded outputs as its outputs model."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr

from runtime import AIResponse, ModelError, Task, ToolCall, action
from runtime.errors import RunCancelled
from runtime.run.recorded_tests import run_recipe_tests
from runtime.tasks.memory import MEMORY_FILE, SqliteMemory, permanent_memory

# -- models and actions --------------------------------------------------------------------


class Script:
    """A model that answers from a list the test fills (shared by the module-level tasks)."""

    name = "mock"

    def __init__(self) -> None:
        self.answers: list[AIResponse] = []
        self.requests: list[list[Any]] = []

    def complete(self, messages: Any, tools: Any, *, turn: int) -> AIResponse:
        self.requests.append(list(messages))
        if not self.answers:
            raise ModelError(f"no scripted answer left for turn {turn}")
        return self.answers.pop(0)


def call(name: str, **args: Any) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, args)])


def ref(name: str) -> dict[str, str]:
    return {"$ref": name}


WELCOMED: list[str] = []
GATE = {"hold": False}
ENTERED = threading.Semaphore(0)
RELEASE = threading.Event()


@action(read_only=True)
def lookup_email(customer: str) -> str:
    """The customer's email (the test may hold a run here)."""
    if GATE["hold"]:
        ENTERED.release()
        RELEASE.wait(30)
    return f"hi@{customer.lower()}.test"


@action
def send_welcome(email: str) -> str:
    """Send the welcome email; returns its id."""
    WELCOMED.append(email)
    return f"msg-{len(WELCOMED)}"


@action
def create_account(customer: str) -> str:
    """Create the customer's account; returns its id."""
    return f"acc-{customer}"


WELCOME_MODEL, ONBOARD_MODEL, DIGEST_MODEL = Script(), Script(), Script()

welcome = Task(
    "Welcome the customer unless they are on the 'welcomed' list in memory; then add them.",
    name="welcome",
    inputs={"customer": str},
    outputs={"sent": bool},
    actions=[lookup_email, send_welcome],
    memory_scope="permanent",
    provider=WELCOME_MODEL,
)
onboard = Task(
    "Create the customer's account, then welcome them with the welcome task.",
    name="onboard",
    inputs={"customer": str},
    outputs={"account": str},
    actions=[create_account, welcome],
    provider=ONBOARD_MODEL,
)
digest = Task(  # permanent memory two levels down, through depends_on
    "Write the customer's digest after onboarding them.",
    name="digest",
    inputs={"customer": str},
    outputs=str,
    actions=[create_account],
    depends_on=[onboard],
    provider=DIGEST_MODEL,
)
plain = Task(
    "Create the customer's account.",
    name="plain",
    inputs={"customer": str},
    outputs=str,
    actions=[create_account],
    provider=DIGEST_MODEL,
)

WELCOME_ANSWERS = [
    call("memory_get", key="welcomed", default=[]),
    call("compute", expression="customer in memory_get_1"),
    call("lookup_email", customer=ref("customer")),
    call("send_welcome", email=ref("lookup_email_1")),
    call("compute", expression="memory_get_1 + [customer]"),
    call("memory_set", key="welcomed", value=ref("compute_2")),
    call("finish", sent=True),
]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # recipes/ of the module-level tasks go here
    WELCOMED.clear()
    GATE["hold"] = False
    RELEASE.clear()
    while ENTERED.acquire(blocking=False):
        pass
    for model in (WELCOME_MODEL, ONBOARD_MODEL, DIGEST_MODEL):
        model.answers, model.requests = [], []


# -- 1 and 2: permanent memory reached through sub-tasks and dependencies ------------------


def test_permanent_memory_is_found_through_sub_tasks_and_dependencies(tmp_path: Path) -> None:
    memory_file = (tmp_path / "recipes" / MEMORY_FILE).resolve()
    assert permanent_memory(welcome) == {memory_file: "welcome"}
    assert permanent_memory(onboard) == {memory_file: "welcome"}  # its sub-task's
    assert permanent_memory(digest) == {memory_file: "welcome"}  # via depends_on, then a sub-task
    assert permanent_memory(plain) == {}


def test_runs_of_a_task_with_permanent_memory_take_turns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    WELCOME_MODEL.answers = list(WELCOME_ANSWERS)
    assert welcome.run(customer="Acme").sent is True
    GATE["hold"] = True
    first = welcome.run_async(customer="Echo")
    assert ENTERED.acquire(timeout=30)  # the first run read the list and waits in lookup_email
    with caplog.at_level(logging.INFO, logger="recipe"):
        second = welcome.run_async(customer="Birch")
        # The second run waits for the first's lock before it reads anything (never a race:
        # the log line is written just before it blocks).
        _wait_for_log(caplog, "waiting for another run using the permanent memory")
        RELEASE.set()
        assert first.wait(30).sent is True
        assert second.wait(30).sent is True
    store = SqliteMemory(tmp_path / "recipes" / MEMORY_FILE)
    assert store.get("welcomed") == ["Acme", "Echo", "Birch"]  # neither write undid the other
    assert WELCOMED == ["hi@acme.test", "hi@echo.test", "hi@birch.test"]


def _wait_for_log(caplog: pytest.LogCaptureFixture, text: str) -> None:
    for _ in range(600):
        if text in caplog.text:
            return
        threading.Event().wait(0.05)
    raise AssertionError(f"never logged: {text}")


def test_a_run_waiting_for_the_memory_lock_can_be_cancelled(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    WELCOME_MODEL.answers = list(WELCOME_ANSWERS)
    welcome.run(customer="Acme")
    GATE["hold"] = True
    first = welcome.run_async(customer="Echo")
    assert ENTERED.acquire(timeout=30)
    with caplog.at_level(logging.INFO, logger="recipe"):
        second = welcome.run_async(customer="Birch")
        _wait_for_log(caplog, "waiting for another run using the permanent memory")
        second.cancel()
        with pytest.raises(RunCancelled, match="while it waited for another run"):
            second.wait(30)
    RELEASE.set()
    assert first.wait(30).sent is True
    assert WELCOMED == ["hi@acme.test", "hi@echo.test"]  # the cancelled run did nothing


def test_a_parent_takes_its_sub_task_s_memory_lock_and_the_sub_task_re_enters_it(
    tmp_path: Path,
) -> None:
    WELCOME_MODEL.answers = list(WELCOME_ANSWERS)
    ONBOARD_MODEL.answers = [
        call("create_account", customer=ref("customer")),
        call("welcome", customer=ref("customer")),
        call("finish", account=ref("create_account_1")),
    ]
    assert onboard.run(customer="Acme").account == "acc-Acme"
    assert onboard.run(customer="Birch").account == "acc-Birch"  # replays: no deadlock
    assert onboard.last_run is not None and onboard.last_run.mode == "recipe"
    assert SqliteMemory(tmp_path / "recipes" / MEMORY_FILE).get("welcomed") == ["Acme", "Birch"]
    assert (tmp_path / "recipes" / (MEMORY_FILE + ".lock")).exists()


# -- 3: the fallback's first message redacts secrets everywhere ------------------------------

PASSWORD = "hunter2-Zq9"


class Conn(BaseModel):
    dsn: str


class ExportFailed(Exception):
    """The export failed."""


@action(read_only=True)
def connect(user: str, password: SecretStr) -> Conn:
    """Open a connection; returns its DSN."""
    return Conn(dsn=f"postgres://{user}:{password.get_secret_value()}@db.internal/reports")


@action
def export_table(dsn: str, table: str) -> str:
    """Export a table; returns the export id."""
    if table == "refunds":
        raise ExportFailed(f"quota exceeded for {dsn}")
    return f"EX-{table}"


EXPORT_MODEL = Script()
db_export = Task(
    "Connect to the database and export the table. Return the export id.",
    name="db_export",
    inputs={"user": str, "password": SecretStr, "table": str},
    outputs={"export_id": str},
    actions=[connect, export_table],
    provider=EXPORT_MODEL,
)


def test_the_fallback_message_never_shows_a_secret_a_variable_quotes() -> None:
    EXPORT_MODEL.answers = [
        call("connect", user=ref("user"), password=ref("password")),
        call("export_table", dsn=ref("connect_1.dsn"), table=ref("table")),
        call("finish", export_id=ref("export_table_1")),
    ]
    db_export.run_agent(user="ann", password=SecretStr(PASSWORD), table="orders")
    EXPORT_MODEL.requests = []
    EXPORT_MODEL.answers = [call("finish", export_id="")]
    db_export.replay(user="bob", password=SecretStr(PASSWORD), table="refunds")
    first = str(EXPORT_MODEL.requests[0][1].content)
    assert "Variables now" in first and "postgres://bob:" in first  # the variable is shown
    assert PASSWORD not in first
    assert all(PASSWORD not in str(m.content) for r in EXPORT_MODEL.requests for m in r)


# -- 4: recipe test reads a sub-task's recorded outputs as its outputs model -----------------


@action
def charge(customer: str, amount: float) -> str:
    """Charge the customer; returns the charge id."""
    return f"CH-{customer}-{int(amount)}"


@action
def ship_item(charge_id: str, item: str) -> str:
    """Ship the item paid by the charge; returns the tracking number."""
    return f"TRK-{item}-{charge_id}"


BILL_MODEL, ORDER_MODEL = Script(), Script()
bill = Task(
    "Charge the customer 12.",
    name="bill",
    inputs={"customer": str},
    outputs={"charge_id": str},
    actions=[charge],
    provider=BILL_MODEL,
)
place_order = Task(
    "Bill the customer with the bill task, then ship the item.",
    name="place_order",
    inputs={"customer": str, "item": str},
    outputs={"reference": str},
    actions=[bill, ship_item],
    provider=ORDER_MODEL,
)


def test_recipe_test_answers_a_sub_task_with_its_outputs_model() -> None:
    BILL_MODEL.answers = [
        call("charge", customer=ref("customer"), amount=12.0),
        call("finish", charge_id=ref("charge_1")),
    ]
    ORDER_MODEL.answers = [
        call("bill", customer=ref("customer")),
        call("ship_item", charge_id=ref("bill_1.charge_id"), item=ref("item")),
        call("finish", reference=ref("ship_item_1")),
    ]
    assert place_order.run(customer="ann", item="mug").reference == "TRK-mug-CH-ann-12"
    assert ".charge_id" in place_order.folder.recipe_path.read_text()
    report = run_recipe_tests(place_order.folder)
    assert report.ok, report.text()


def test_a_secret_cut_by_the_variable_limit_shows_no_half() -> None:
    from runtime.agent.prompting import fallback_message

    value = "x" * 295 + PASSWORD + "y" * 50  # the 300-character cut falls inside the secret
    text = fallback_message(
        "Export.",
        {"dsn": value, "parts": [value, value]},
        f"step 2: quota exceeded for {PASSWORD}",
        ["export_table(dsn=dsn)"],
        done=[f"- connect({PASSWORD})"],
        secrets=[PASSWORD],
    )
    assert "x" * 295 + PASSWORD[:5] not in text  # not even the secret's first half
    assert "x" * 295 + "****…" in text and "step 2: quota exceeded for **********" in text
    assert "connect(**********)" in text
