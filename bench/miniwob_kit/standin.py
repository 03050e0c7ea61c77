"""The scripted stand-in for the model: a fixed policy per task that reads only what a model
reads — the page outline the agent loop sends and the task's inputs (the utterance's fields) —
and answers with tool calls, passing inputs by ``$ref``. No network, no key, never the DOM.

A policy is a function of a :class:`Turn`: it looks at the page and at what it already did, and
returns the next :class:`Move`. Policies check the page before acting where the page shows it (a
box already ticked, a field already filled), so the same policy also finishes a task a recipe
left half-done: it is the fallback's model too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from miniwob_kit.outline import Node, Outline
from runtime import AIResponse, ToolCall
from runtime.agent.messages import Message

_STORED = re.compile(r"^Stored as `(\w+)` \(([^)]*)\): (.*)$", re.S)


class StandInStuck(RuntimeError):
    """The policy found nothing on the page it knows how to use (a model would be lost too)."""


@dataclass
class Move:
    """One tool call, with the reason a model would give and a label for :meth:`Turn.done`."""

    label: str
    reason: str
    tool: str
    args: dict[str, Any]


@dataclass
class Memory:
    """What the stand-in remembers between turns of one run."""

    done: set[str] = field(default_factory=set)
    """Labels of moves that succeeded."""
    stored: dict[str, str] = field(default_factory=dict)
    """Label of a move → the variable its result was stored in."""
    values: dict[str, str] = field(default_factory=dict)
    """Variable → its value as the tool result showed it."""
    pending: str | None = None
    errors: int = 0


@dataclass
class Turn:
    """What a policy sees: the latest outline, the inputs, its memory and the tools offered."""

    page: Outline
    inputs: dict[str, Any]
    memory: Memory
    tools: frozenset[str]

    def done(self, label: str) -> bool:
        return label in self.memory.done

    def var(self, label: str) -> str | None:
        """The variable the move ``label`` stored its result in."""
        return self.memory.stored.get(label)

    def value(self, label: str) -> str | None:
        """The result of the move ``label``, as the model read it (a repr)."""
        var = self.var(label)
        return self.memory.values.get(var) if var else None

    def move(self, label: str, reason: str, tool: str, **args: Any) -> Move:
        return Move(label, reason, tool, args)

    def click(self, label: str, reason: str, node: Node) -> Move:
        return Move(label, reason, "click", {"target": node.ref})

    def finish(self) -> Move:
        return Move("finish", "The task is done.", "finish", {})

    def submit(self, name: str = "Submit") -> Move:
        """Click the button ``name`` once, then finish."""
        if self.done("submit"):
            return self.finish()
        button = self.page.first("button", name)
        if button is None:
            raise StandInStuck(f'no button "{name}" on the page')
        return self.click("submit", f"I press {name}.", button)


Policy = Callable[[Turn], Move]


class StandIn:
    """A :class:`runtime.agent.providers.ModelProvider` that plays ``policy`` with ``inputs``."""

    name = "miniwob-stand-in"

    def __init__(self, policy: Policy, inputs: dict[str, Any]) -> None:
        self.policy = policy
        self.inputs = inputs
        self.memory = Memory()
        self.seen = 0

    def complete(self, messages: list[Message], tools: Any, *, turn: int) -> AIResponse:
        self._read_results(messages)
        offered = frozenset(t["function"]["name"] for t in tools)
        page = Outline(_latest_outline(messages))
        if not page and "scroll" in offered and not self.memory.done:
            # No outline yet (the first turn on a page the caller prepared): look first.
            move = Move("look", "I look at the page first.", "scroll", {"direction": "top"})
        else:
            move = self.policy(Turn(page, self.inputs, self.memory, offered))
        if move.tool == "finish" and "result" in _required(tools, "finish"):
            move.args = {"result": None}
        self.memory.pending = move.label
        return AIResponse(
            content=move.reason,
            tool_calls=[ToolCall(move.tool, move.args)],
            input_tokens=0,
            output_tokens=0,
        )

    def _read_results(self, messages: list[Message]) -> None:
        new = messages[self.seen :]
        self.seen = len(messages)
        for message in new:
            if message.kind != "tool_result":
                continue
            content = message.content or ""
            label, self.memory.pending = self.memory.pending, None
            if content.startswith("ERROR"):
                self.memory.errors += 1
                if self.memory.errors > 3:
                    raise StandInStuck(f"the same move keeps failing: {content[:300]}")
                continue
            if label is not None:
                self.memory.done.add(label)
            stored = _STORED.match(content)
            if stored is not None:
                if label is not None:
                    self.memory.stored[label] = stored.group(1)
                self.memory.values[stored.group(1)] = stored.group(3)


def _latest_outline(messages: list[Message]) -> str:
    for message in reversed(messages):
        content = message.content or ""
        if message.kind == "user":
            _, sep, page = content.partition("The page now:\n")
            if sep:
                return page
    return ""


def _required(tools: Any, name: str) -> list[str]:
    for tool in tools:
        if tool["function"]["name"] == name:
            return list(tool["function"].get("parameters", {}).get("required", []))
    return []
