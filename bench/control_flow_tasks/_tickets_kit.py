"""What the support-ticket red-team modules (rounds 25b, 26 and 27) share: the scripted agent's
transcript of a queue's stale tickets (each looked up, closed when it waits on the customer,
escalated when it waits on us, then the calls after the loop and ``finish``) and the reference
that acts on the same queue.

Rules (so that a module's tasks stay what they were before they used this kit):

- It defines no action, no model and no :class:`~runtime.Task`, as :mod:`._api_kit` does not:
  each module keeps its own tickets, queues, actions and ``Task(...)`` calls and hands its data
  to a :class:`Desk`, which only reads them.
- The reference acts once on a ticket the queue lists twice (spelled apart, as the module's
  ``canon`` tells); a queue that lists every ticket once is acted on item by item.
- An effect of a call after the loop is the call's name and its arguments' values in order
  (:func:`done`), as the action records it.
- It is not a task module: :data:`control_flow_tasks.MODULES` does not list it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import Expected, ref, say
from ._api_kit import Turns

__all__ = ["Desk", "Later", "Post", "Test", "done", "when"]

Post = tuple[str, str, dict[str, Any]]
"""A call after the loop: (why, action, arguments)."""

Later = Callable[[dict[str, Any], list[str], list[str]], list[tuple[Any, ...]]]
"""The effects after the loop, from the inputs, the closed and the escalated tickets."""

Test = Callable[[dict[str, Any], list[str], list[str]], bool]
"""Whether a call after the loop is due, from the same three."""


def done(post: Post) -> tuple[Any, ...]:
    """The effect the call ``post`` records."""
    return (post[1], *post[2].values())


def when(post: Post, test: Test) -> Later:
    """``post``'s effect where ``test`` holds, else none."""
    return lambda i, c, e: [done(post)] if test(i, c, e) else []


def _same(tid: Any) -> str:
    return str(tid)


@dataclass(frozen=True)
class Desk:
    """A module's tickets (id to row with ``waiting_on``), its queues (name to listed ids), how
    a listed id names its ticket, the closing and escalating calls' other arguments and the
    agent's words for the lookup, the closing and the escalation."""

    tickets: Mapping[str, Mapping[str, Any]]
    queues: Mapping[str, Sequence[Any]]
    canon: Callable[[Any], str] = _same
    close_args: Mapping[str, Any] = field(default_factory=dict)
    escalate_args: Mapping[str, Any] = field(default_factory=dict)
    next_why: str = "Next."
    close_why: str = "Close it."
    escalate_why: str = "Tier 2."

    def script(self, queue: str, post: Sequence[Post], finish: dict[str, Any]) -> Turns:
        """The recorded transcript over ``queue``: the loop, ``post`` and ``finish``."""
        out = [say("I list the stale tickets.", "list_stale_tickets", queue=ref("queue"))]
        for n, tid in enumerate(self.queues[queue], start=1):
            out.append(
                say(self.next_why, "get_ticket", ticket_id=ref(f"list_stale_tickets_1.{n - 1}"))
            )
            out.append(
                say(
                    "Waiting on the customer?",
                    "compute",
                    expression=f"get_ticket_{n}.waiting_on == 'customer'",
                )
            )
            this = ref(f"get_ticket_{n}.id")
            if self.tickets[self.canon(tid)]["waiting_on"] == "customer":
                out.append(say(self.close_why, "close_ticket", ticket_id=this, **self.close_args))
            else:
                out.append(
                    say(self.escalate_why, "escalate_ticket", ticket_id=this, **self.escalate_args)
                )
        for why, name, args in post:
            out.append(say(why, name, **args))
        out.append(say("Done.", "finish", **finish))
        return out

    def reference(self, later: Later) -> Callable[[dict[str, Any]], Expected]:
        """The reference over the input ``queue``: the loop's effects, then ``later``'s."""

        def reference(inputs: dict[str, Any]) -> Expected:
            eff: list[tuple[Any, ...]] = []
            closed: list[str] = []
            esc: list[str] = []
            seen: set[str] = set()
            for raw in self.queues[inputs["queue"]]:
                t = self.canon(raw)
                if t in seen:
                    continue  # the same ticket listed twice: acted on once
                seen.add(t)
                if self.tickets[t]["waiting_on"] == "customer":
                    eff.append(("close_ticket", t, *self.close_args.values()))
                    closed.append(t)
                else:
                    eff.append(("escalate_ticket", t, *self.escalate_args.values()))
                    esc.append(t)
            eff += later(inputs, closed, esc)
            return Expected(eff, {"closed": len(closed), "escalated": len(esc)})

        return reference

    def escalated_any(self, key: str, value: Any) -> Test:
        """Whether any escalated ticket's ``key`` is ``value``."""
        return lambda i, c, e: any(self.tickets[t][key] == value for t in e)
