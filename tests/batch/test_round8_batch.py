"""Round 8: a batch of a task that keeps permanent memory through a sub-task or a dependency
runs one row at a time too (two rows at once welcomed one customer twice and dropped another
from the list)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runtime import AIResponse, ModelError, Task, ToolCall, action
from runtime.errors import InputError
from runtime.tasks.memory import MEMORY_FILE, SqliteMemory

WELCOMED: list[str] = []
MADE: list[str] = []


class Script:
    """A model that answers from a list the test fills."""

    name = "mock"

    def __init__(self) -> None:
        self.answers: list[AIResponse] = []

    def complete(self, messages: Any, tools: Any, *, turn: int) -> AIResponse:
        if not self.answers:
            raise ModelError(f"no scripted answer left for turn {turn}")
        return self.answers.pop(0)


def call(name: str, **args: Any) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, args)])


def ref(name: str) -> dict[str, str]:
    return {"$ref": name}


@action
def send_welcome(customer: str) -> str:
    """Send the welcome email; returns its id."""
    WELCOMED.append(customer)
    return f"msg-{len(WELCOMED)}"


@action
def open_account(customer: str) -> str:
    """Open the customer's account; returns its id."""
    MADE.append(customer)
    return f"acc-{customer}"


GREET_MODEL, SIGNUP_MODEL = Script(), Script()
greet = Task(
    "Welcome the customer unless they are on the 'welcomed' list in memory; then add them.",
    name="greet",
    inputs={"customer": str},
    outputs={"sent": bool},
    actions=[send_welcome],
    memory_scope="permanent",
    provider=GREET_MODEL,
)
signup = Task(  # no memory of its own: its sub-task keeps it
    "Open the customer's account, then welcome them with the greet task.",
    name="signup",
    inputs={"customer": str},
    outputs={"account": str},
    actions=[open_account, greet],
    provider=SIGNUP_MODEL,
)
after_greet = Task(  # reaches the memory through depends_on
    "Open the customer's account once they were greeted.",
    name="after_greet",
    inputs={"customer": str},
    outputs=str,
    actions=[open_account],
    depends_on=[greet],
    provider=SIGNUP_MODEL,
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # recipes/ of the module-level tasks go here
    WELCOMED.clear()
    MADE.clear()
    GREET_MODEL.answers, SIGNUP_MODEL.answers = [], []


@pytest.mark.parametrize("parent", [signup, after_greet], ids=["sub-task", "depends_on"])
def test_a_task_reaching_permanent_memory_is_refused_more_workers(parent: Task[Any]) -> None:
    with pytest.raises(
        InputError,
        match=r"runs tasks that keep permanent memory \('greet'\).*workers=1 \(it was 2\)",
    ):
        parent.batch([{"customer": "Birch"}, {"customer": "Cobalt"}], workers=2)
    assert WELCOMED == [] and MADE == []  # refused before any row ran


def test_one_worker_runs_every_row_and_the_memory_keeps_every_customer(tmp_path: Path) -> None:
    GREET_MODEL.answers = [
        call("memory_get", key="welcomed", default=[]),
        call("compute", expression="customer in memory_get_1"),
        call("send_welcome", customer=ref("customer")),
        call("compute", expression="memory_get_1 + [customer]"),
        call("memory_set", key="welcomed", value=ref("compute_2")),
        call("finish", sent=True),
    ]
    SIGNUP_MODEL.answers = [
        call("open_account", customer=ref("customer")),
        call("greet", customer=ref("customer")),
        call("finish", account=ref("open_account_1")),
    ]
    signup.run(customer="Acme")
    report = signup.batch([{"customer": "Birch"}, {"customer": "Cobalt"}], workers=1)
    assert [r.mode for r in report.results] == ["recipe", "recipe"]
    assert WELCOMED == ["Acme", "Birch", "Cobalt"]
    memory = SqliteMemory(tmp_path / "recipes" / MEMORY_FILE)
    assert memory.get("welcomed") == ["Acme", "Birch", "Cobalt"]
