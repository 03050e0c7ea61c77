"""Issue 15: a loop that looks each item up, decides on it in a ``compute`` and acts on one
side (or one way on each side) replays right on new lists, or stops first.

A scripted model lists a queue's ticket ids, then for each id looks the ticket up, decides in a
``compute`` (a size over a number, or a kind equal to a word) and escalates the ticket when the
decision came out the acting way (``True``, or ``False`` for "unless" rules), passing the id
by ``$ref`` or copying it; where both sides act, it labels the other tickets "backlog". It
finishes with the counts it typed. The recording saw both sides
of the decision. The recipe then replays NEW random lists with no model: every replay makes
exactly the effects the rule implies and returns the right count, or raises having made only
effects the rule implies (never a wrong one).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

effects: list[str] = []
current: dict[str, dict[str, Any]] = {}
order: list[str] = []


class Ticket(BaseModel):
    id: str
    size: int
    kind: str


@action(read_only=True)
def list_ticket_ids(queue: str) -> list[str]:
    """The ids of a queue's tickets, in order."""
    return list(order)


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """One ticket."""
    return Ticket(**current[ticket_id])


@action
def escalate(ticket_id: str) -> None:
    """Escalate a ticket."""
    effects.append(ticket_id)


@action
def label_ticket(ticket_id: str, label: str) -> None:
    """Put a label on a ticket."""
    effects.append(f"{label}:{ticket_id}")


@dataclass(frozen=True)
class Rule:
    field: str  # "size" (over a number) or "kind" (equal to a word)
    value: Any
    acts_when: bool  # escalate where the compute came out this way

    def code(self, var: str) -> str:
        if self.field == "size":
            return f"{var}.size > {self.value}"
        return f"{var}.kind == {self.value!r}"

    def holds(self, record: dict[str, Any]) -> bool:
        met = record["size"] > self.value if self.field == "size" else record["kind"] == self.value
        return bool(met) == self.acts_when

    def words(self) -> str:
        if self.field == "size":
            test = f"its size is over {self.value}"
        else:
            test = f"its kind is {self.value}"
        return f"when {test}" if self.acts_when else f"unless {test}"


KINDS = ("bug", "chore", "feature")
rules = st.one_of(
    st.builds(Rule, st.just("size"), st.integers(0, 8), st.booleans()),
    st.builds(Rule, st.just("kind"), st.sampled_from(KINDS), st.booleans()),
)


@st.composite
def tickets(draw: st.DrawFn) -> list[dict[str, Any]]:
    numbers = draw(st.lists(st.integers(0, 999), unique=True, max_size=7))
    return [
        {"id": f"t{n}", "size": draw(st.integers(0, 9)), "kind": draw(st.sampled_from(KINDS))}
        for n in numbers
    ]


def wanted(records: list[dict[str, Any]], rule: Rule) -> list[str]:
    return [r["id"] for r in records if rule.holds(r)]


def wanted_effects(records: list[dict[str, Any]], rule: Rule, both: bool) -> list[str]:
    """The effects the rule implies, in order: escalations, and the labels where both act."""
    return [
        r["id"] if rule.holds(r) else f"backlog:{r['id']}" for r in records if rule.holds(r) or both
    ]


@dataclass(frozen=True)
class Demo:
    records: list[dict[str, Any]]
    rule: Rule
    by_ref: bool
    both: bool
    replays: list[list[dict[str, Any]]]

    def task(self) -> Task[Any]:
        if self.both:
            return Task(
                "Go through the queue's tickets: look each one up and escalate it "
                f"{self.rule.words()}; label every other ticket 'backlog'. Report how many you "
                "escalated and how many you labelled.",
                name="escalations",
                inputs={"queue": str},
                outputs={"escalated": int, "labelled": int},
                actions=[list_ticket_ids, get_ticket, escalate, label_ticket],
            )
        return Task(
            "Go through the queue's tickets: look each one up and escalate it "
            f"{self.rule.words()}. Report how many you escalated.",
            name="escalations",
            inputs={"queue": str},
            outputs={"escalated": int},
            actions=[list_ticket_ids, get_ticket, escalate],
        )

    def answers(self) -> list[AIResponse]:
        out = [
            AIResponse(
                content="I list the ticket ids.",
                tool_calls=[ToolCall("list_ticket_ids", {"queue": {"$ref": "queue"}})],
            )
        ]
        for n, record in enumerate(self.records, start=1):
            looked = f"get_ticket_{n}"
            out.append(
                AIResponse(
                    content="I look the next ticket up.",
                    tool_calls=[
                        ToolCall(
                            "get_ticket", {"ticket_id": {"$ref": f"list_ticket_ids_1.{n - 1}"}}
                        )
                    ],
                )
            )
            out.append(
                AIResponse(
                    content="I check the rule.",
                    tool_calls=[ToolCall("compute", {"expression": self.rule.code(looked)})],
                )
            )
            ticket = {"$ref": f"{looked}.id"} if self.by_ref else record["id"]
            if self.rule.holds(record):
                out.append(
                    AIResponse(
                        content="It needs escalating.",
                        tool_calls=[ToolCall("escalate", {"ticket_id": ticket})],
                    )
                )
            elif self.both:
                out.append(
                    AIResponse(
                        content="It goes to the backlog.",
                        tool_calls=[
                            ToolCall("label_ticket", {"ticket_id": ticket, "label": "backlog"})
                        ],
                    )
                )
        done = len(wanted(self.records, self.rule))
        counts = {"escalated": done}
        if self.both:
            counts["labelled"] = len(self.records) - done
        out.append(AIResponse(content="Done.", tool_calls=[ToolCall("finish", counts)]))
        return out


@st.composite
def demos(draw: st.DrawFn) -> Demo:
    records = draw(tickets())
    rule = draw(rules)
    acted = wanted(records, rule)
    assume(0 < len(acted) < len(records))  # both sides of the decision shown
    return Demo(
        records=records,
        rule=rule,
        by_ref=draw(st.booleans()),
        both=draw(st.booleans()),
        replays=draw(st.lists(tickets(), min_size=3, max_size=3)),
    )


def _use(records: list[dict[str, Any]]) -> None:
    current.clear()
    current.update({r["id"]: r for r in records})
    order[:] = [r["id"] for r in records]
    effects.clear()


@settings(
    max_examples=int(os.environ.get("DECIDED_EXAMPLES", "20")),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
    deadline=None,
)
@given(demo=demos())
def test_a_loop_deciding_per_item_replays_right_or_stops_before_any_wrong_effect(
    demo: Demo,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        agent = demo.task().with_options(recipe_dir=Path(tmp), mock_responses=demo.answers())
        _use(demo.records)
        agent.run(queue="q1")
        assert effects == wanted_effects(demo.records, demo.rule, demo.both)
        source = agent.folder.recipe_path.read_text("utf-8")
        if len(wanted(demo.records, demo.rule)) >= 2:
            assert "for " in source and "if " in source, source  # it rolled, both sides code

        replay = demo.task().with_options(recipe_dir=Path(tmp), mock_responses=[])
        for records in demo.replays:
            want = wanted_effects(records, demo.rule, demo.both)
            escalated = len(wanted(records, demo.rule))
            _use(records)
            try:
                got = replay.run(queue="q2")
            except Exception as exc:
                event("stopped" if not effects else "stopped after right effects")
                assert not Counter(effects) - Counter(
                    want
                ), f"stopped ({type(exc).__name__}) after effects {effects}; want {want}"
            else:
                event("replayed")
                assert (effects, got.escalated) == (want, escalated), f"{demo.rule} on {records}"
                if demo.both:
                    assert got.labelled == len(records) - escalated, f"{demo.rule} on {records}"
