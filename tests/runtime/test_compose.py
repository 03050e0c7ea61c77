"""Composition: a task given to another task as an action, and depends_on. The sub-task runs
its own recipe; a failure inside it falls back inside the sub-task only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runtime import AIResponse, ModelError, Task, TaskDefinitionError, ToolCall, action

EMAILS = {"ACME": "ap@acme.example", "Globex": "billing@globex.example"}
ARCHIVE = {"Initech": "finance@initech.example"}
SENT: list[str] = []


@action(read_only=True)
def find_email(customer: str) -> str:
    """The customer's billing address from the directory."""
    return EMAILS[customer]


@action(read_only=True)
def search_archive(customer: str) -> str:
    """The customer's billing address from the archive of old customers."""
    return ARCHIVE[customer]


@action
def send_notice(email: str) -> str:
    """Send the notice; returns its id."""
    SENT.append(email)
    return f"notice-{len(SENT)}"


class Script:
    """A model that answers from a list the test fills (shared by the module-level tasks)."""

    name = "mock"

    def __init__(self) -> None:
        self.answers: list[AIResponse] = []
        self.asked = 0
        self.requests: list[list[dict[str, Any]]] = []

    def complete(self, messages: Any, tools: Any, *, turn: int) -> AIResponse:
        self.asked += 1
        self.requests.append(list(messages))
        if not self.answers:
            raise ModelError(f"{self!r}: no scripted answer left for turn {turn}")
        return self.answers.pop(0)


LOOKUP_MODEL = Script()
PARENT_MODEL = Script()

lookup = Task(
    "Find the customer's billing email.",
    name="lookup",
    inputs={"customer": str},
    outputs={"email": str},
    actions=[find_email, search_archive],
    provider=LOOKUP_MODEL,
)
notify = Task(
    "Send the customer a notice at their billing email.",
    name="notify",
    inputs={"customer": str},
    outputs=str,
    actions=[lookup, send_notice],
    provider=PARENT_MODEL,
)
brief = Task(
    "Send the customer a notice at the email the lookup found.",
    name="brief",
    inputs={"customer": str},
    outputs=str,
    actions=[send_notice],
    depends_on=[lookup],
    provider=PARENT_MODEL,
)


def call(name: str, **args: Any) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, args)])


LOOKUP_ANSWERS = [
    call("find_email", customer="ACME"),
    call("finish", email={"$ref": "find_email_1"}),
]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # recipes/ of the module-level tasks go here
    SENT.clear()
    for model in (LOOKUP_MODEL, PARENT_MODEL):
        model.answers, model.asked, model.requests = [], 0, []


def test_a_task_is_an_action_of_another_and_both_get_recipes(tmp_path: Path) -> None:
    LOOKUP_MODEL.answers = list(LOOKUP_ANSWERS)
    PARENT_MODEL.answers = [
        call("lookup", customer="ACME"),
        call("send_notice", email={"$ref": "lookup_1.email"}),
        call("finish", result={"$ref": "send_notice_1"}),
    ]
    assert notify.run(customer="ACME") == "notice-1"
    assert SENT == ["ap@acme.example"]
    assert lookup.last_run is not None and lookup.last_run.mode == "agent"
    parent = (tmp_path / "recipes" / "notify" / "recipe.py").read_text()
    assert f"from {lookup.defined_in} import lookup, send_notice" in parent
    assert "lookup(customer=customer)" in parent
    assert (tmp_path / "recipes" / "lookup" / "recipe.py").is_file()

    # Both replay: no model at all.
    assert notify.run(customer="Globex") == "notice-2"
    assert SENT[-1] == "billing@globex.example"
    assert (LOOKUP_MODEL.asked, PARENT_MODEL.asked) == (2, 3)
    assert notify.last_run is not None and notify.last_run.mode == "recipe"
    assert [s.action.name for s in notify.last_run.steps] == ["lookup", "send_notice"]
    assert lookup.last_run is not None and lookup.last_run.mode == "recipe"


def test_a_failure_inside_the_sub_recipe_falls_back_inside_the_sub_task(tmp_path: Path) -> None:
    LOOKUP_MODEL.answers = list(LOOKUP_ANSWERS)
    PARENT_MODEL.answers = [
        call("lookup", customer="ACME"),
        call("send_notice", email={"$ref": "lookup_1.email"}),
        call("finish", result={"$ref": "send_notice_1"}),
    ]
    notify.run(customer="ACME")
    # Initech is not in the directory: the sub-recipe's find_email raises, and only the
    # sub-task's agent is asked, from that step; the parent's recipe goes on.
    LOOKUP_MODEL.answers = [
        call("search_archive", customer="Initech"),
        call("finish", email={"$ref": "search_archive_1"}),
    ]
    assert notify.run(customer="Initech") == "notice-2"
    assert SENT == ["ap@acme.example", "finance@initech.example"]
    assert PARENT_MODEL.asked == 3  # the parent's model was not asked again
    assert notify.last_run is not None and notify.last_run.mode == "recipe"
    assert lookup.last_run is not None and lookup.last_run.mode == "recipe+fallback"
    assert lookup.last_run.failed_step == 1


def test_depends_on_runs_first_and_passes_its_outputs_in(tmp_path: Path) -> None:
    LOOKUP_MODEL.answers = list(LOOKUP_ANSWERS)
    PARENT_MODEL.answers = [
        call("send_notice", email={"$ref": "lookup_1.email"}),
        call("finish", result={"$ref": "send_notice_1"}),
    ]
    assert brief.run(customer="ACME") == "notice-1"
    told = PARENT_MODEL.requests[0][1].content
    assert "These tasks it depends on already ran" in told
    assert "- lookup_1 = lookup(" in told and "ap@acme.example" in told
    recipe = (tmp_path / "recipes" / "brief" / "recipe.py").read_text()
    assert recipe.index("lookup(customer=customer)") < recipe.index("send_notice(")
    assert brief.run(customer="Globex") == "notice-2"
    assert SENT[-1] == "billing@globex.example" and PARENT_MODEL.asked == 2


def test_a_sub_task_must_live_at_module_level() -> None:
    local = Task("Find.", name="local_lookup", inputs={"customer": str}, outputs=str)
    with pytest.raises(TaskDefinitionError, match="define it at module level"):
        Task("Use it.", name="user", actions=[local])
