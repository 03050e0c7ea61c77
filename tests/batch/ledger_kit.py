"""A task with a side effect that a test can count: ``note`` appends its item to a ledger file
(``LEDGER_FILE``), so a row run twice shows twice. Defined at module level: a batch's worker
processes (and ``recipe batch``) import this module to find the task."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pydantic import SecretStr

from runtime import AIResponse, Task, ToolCall, action


def ledger_file() -> Path:
    return Path(os.environ.get("LEDGER_FILE", "ledger.txt"))


@action(read_only=True)
def check(item: str) -> str:
    """Check an item before noting it; items starting with "bad" are refused."""
    if item == "end-the-process":  # a worker process dying in the middle of a row
        os._exit(3)
    if item.startswith("bad"):
        raise ValueError(f"item {item!r} is refused")
    return item.upper()


@action
def note(item: str, delay: float = 0.0) -> str:
    """Note an item in the ledger (after ``delay`` seconds); returns the ledger entry."""
    time.sleep(delay)
    with ledger_file().open("a", encoding="utf-8") as handle:
        handle.write(item + "\n")
    return f"noted {item}"


@action(read_only=True)
def sign(token: SecretStr, entry: str) -> str:
    """Sign an entry with the secret token."""
    return f"{entry} (signed, {len(token.get_secret_value())} characters of token)"


ledger = Task(
    "Check the item, note it in the ledger, and return the ledger entry.",
    name="ledger",
    inputs={"item": str, "delay": float},
    outputs=str,
    actions=[check, note],
)

signed = Task(
    "Check the item, note it in the ledger, sign the entry with the token and return it.",
    name="signed",
    inputs={"item": str, "token": SecretStr},
    outputs=str,
    actions=[check, note, sign],
)


def ledger_answers() -> list[AIResponse]:
    """The model's answers of the recorded run (``item="pen"``)."""
    return [
        AIResponse(tool_calls=[ToolCall("check", {"item": {"$ref": "item"}})]),
        AIResponse(
            tool_calls=[ToolCall("note", {"item": {"$ref": "check_1"}, "delay": {"$ref": "delay"}})]
        ),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "note_1"}})]),
    ]


def signed_answers() -> list[AIResponse]:
    return [
        AIResponse(tool_calls=[ToolCall("check", {"item": {"$ref": "item"}})]),
        AIResponse(tool_calls=[ToolCall("note", {"item": {"$ref": "check_1"}})]),
        AIResponse(
            tool_calls=[ToolCall("sign", {"token": {"$ref": "token"}, "entry": {"$ref": "note_1"}})]
        ),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "sign_1"}})]),
    ]


def fallback_answers(item: str) -> list[AIResponse]:
    """What the agent does when ``check`` refuses ``item``: it notes the item anyway."""
    return [
        AIResponse(tool_calls=[ToolCall("note", {"item": item, "delay": {"$ref": "delay"}})]),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "note_1"}})]),
    ]


def recorded(recipe_dir: Path) -> Task:  # type: ignore[type-arg]
    """The ledger task with its recipe recorded in ``recipe_dir`` (one agent run)."""
    task = ledger.with_options(recipe_dir=recipe_dir, mock_responses=ledger_answers())
    task.run_agent(item="pen", delay=0.0)
    return task.with_options(mock_responses=[])
