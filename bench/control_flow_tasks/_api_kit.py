"""What the red-team API task modules share: builders of the scripted agent's transcripts (a
listing, then per item its lookup, a decision in a ``compute`` and the calls acting on it), the
turns of the damaged-order claims that several rounds reuse, and small helpers for cases.

Rules (so that a module's tasks stay what they were before they used this kit):

- It defines no action, no model and no :class:`~runtime.Task`. A recipe imports its task's
  actions from the module that defines them, and a task remembers the module that built it
  (``Task.defined_in``): both must stay the task module, so each module keeps its own actions,
  models and ``Task(...)`` calls and takes only transcripts and helpers from here.
- A builder returns plain :class:`~runtime.AIResponse` turns made with
  :func:`~control_flow_tasks.say`; the wording of each turn is the caller's or a default below.
- It is not a task module: :data:`control_flow_tasks.MODULES` does not list it, so
  :func:`~control_flow_tasks.cases` never collects it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from runtime import AIResponse, ToolCall

from . import Case, HeldOut, ref, say

__all__ = [
    "RECORDED_SIDES",
    "Act",
    "Items",
    "Script",
    "Turns",
    "both_sides",
    "calls",
    "decided_loop",
    "each_item",
    "held",
    "listing",
    "look",
    "lookup",
    "nothing",
    "over_100",
    "part",
    "refund",
    "transcript",
    "voucher",
]

Turns = list[AIResponse]

Act = Callable[[int, str], Turns]
"""The turns acting on item ``n`` (numbered as its lookup is) with the given id; none where
it is left."""


# --------------------------------------------------------------------------------- transcripts


class Script:
    """A transcript under construction; numbers the computes as the runtime does."""

    def __init__(self) -> None:
        self.out: Turns = []
        self.c = 0

    def call(self, why: str, name: str, **args: Any) -> None:
        self.out.append(say(why, name, **args))

    def compute(self, why: str, expr: str) -> str:
        self.c += 1
        self.out.append(say(why, "compute", expression=expr))
        return f"compute_{self.c}"


def calls(why: str, *made: tuple[str, dict[str, Any]]) -> AIResponse:
    """One turn of the scripted agent that makes several tool calls at once."""
    return AIResponse(content=why, tool_calls=[ToolCall(name, args) for name, args in made])


def lookup(
    action: str,
    lister: str,
    why: str = "I look the next order up.",
    argname: str = "order_id",
    *,
    first: int = 1,
) -> Callable[[int], AIResponse]:
    """The turn looking up item ``n`` of the listing result ``lister`` (whose first item is
    item ``first``)."""
    return lambda n: say(why, action, **{argname: ref(f"{lister}.{n - first}")})


def decided_loop(
    listing: AIResponse,
    look: Callable[[int], AIResponse],
    decide: Callable[[int], str],
    sides: Sequence[bool],
    act: Callable[[int, int], Turns],
    other: Callable[[int, int], Turns],
    finish: Sequence[AIResponse],
    *,
    why: str = "I check the rule for it.",
    extra_computes: Callable[[bool], int] = lambda side: 0,
) -> Turns:
    """``listing``, then per item (``sides[n - 1]``: which side it falls on) its lookup, its
    decision ``decide(n)`` in a compute and its side's calls (``act(n, c)`` or ``other(n, c)``,
    ``c`` the number of computes so far, the decision's included; a side that computes more says
    how many in ``extra_computes``); then ``finish``."""
    out = [listing]
    computes = 0
    for n, side in enumerate(sides, start=1):
        out.append(look(n))
        computes += 1
        out.append(say(why, "compute", expression=decide(n)))
        out.extend(act(n, computes) if side else other(n, computes))
        computes += extra_computes(side)
    out.extend(finish)
    return out


def both_sides(
    listing: AIResponse,
    look: Callable[[int], AIResponse],
    decide: Callable[[int], str],
    sides: Sequence[bool],
    act: Callable[[int], Turns],
    other: Callable[[int], Turns],
    finish: Sequence[AIResponse],
) -> Turns:
    """:func:`decided_loop` whose sides' calls depend on the item's number alone."""
    return decided_loop(
        listing, look, decide, sides, lambda n, c: act(n), lambda n, c: other(n), finish
    )


def each_item(
    ids: Sequence[str],
    look: Callable[[int], AIResponse],
    rule: Callable[[int], str],
    act: Act,
    *,
    why: str = "I check the rule.",
    start: int = 1,
) -> Turns:
    """Per item of ``ids`` (item ``n``, numbered from ``start``): its lookup, ``rule(n)`` in a
    compute, and ``act(n, id)``."""
    out: Turns = []
    for n, item in enumerate(ids, start=start):
        out.append(look(n))
        out.append(say(why, "compute", expression=rule(n)))
        out.extend(act(n, item))
    return out


class Items:
    """A list gone through one lookup per item, as the scripted agent does it: the ``listing``
    turns (the last one's call lists the items, its result ``<name>_1``), then item ``n``'s
    lookup, a call of ``getter`` with ``id_arg`` the listing's ``n``-th entry and the words
    ``next_why``; a call acting on item ``n`` passes, as its ``id_arg``, the id that lookup
    returned (:meth:`on`)."""

    def __init__(self, listing: Sequence[AIResponse], getter: str, id_arg: str, next_why: str):
        self.listing = list(listing)
        self.getter = getter
        self.id_arg = id_arg
        self.look = lookup(getter, f"{listing[-1].tool_calls[0].name}_1", next_why, id_arg)

    def on(self, n: int, why: str, action: str, **more: Any) -> AIResponse:
        """A call of ``action`` on item ``n`` (its looked-up id), with ``more`` arguments."""
        return say(why, action, **{self.id_arg: ref(f"{self.getter}_{n}.id")}, **more)

    def script(
        self,
        ids: Sequence[str],
        why: str,
        rule: Callable[[int], str],
        act: Act,
        finish: dict[str, Any],
    ) -> Turns:
        """The listing, per item of ``ids`` :func:`each_item`'s turns (``rule(n)`` computed
        with the words ``why``, then ``act(n, id)``), and ``finish`` said "Done."."""
        turns = each_item(ids, self.look, rule, act, why=why)
        return [*self.listing, *turns, say("Done.", "finish", **finish)]


# ------------------------------------------------------------------ the damaged-order claims

look = lookup("get_order", "list_claimed_orders_1")
"""The lookup of the ``n``-th claimed order."""


def listing() -> AIResponse:
    """The listing of the customer's claimed orders."""
    return say("I list the claimed orders.", "list_claimed_orders", customer=ref("customer"))


def transcript(
    decide: Callable[[int], str],
    sides: Sequence[bool],
    act: Callable[[int, int], Turns],
    other: Callable[[int, int], Turns],
    finish: AIResponse,
    *,
    extra_computes: Callable[[bool], int] = lambda side: 0,
) -> Turns:
    """:func:`decided_loop` over the customer's claimed orders, with one ``finish`` turn."""
    return decided_loop(
        listing(), look, decide, sides, act, other, [finish], extra_computes=extra_computes
    )


RECORDED_SIDES = (True, False, True, False)
"""Where the recorded claim's orders fall (customer ``ada`` in every claims module): over 100,
not, over 100, not."""


def over_100(
    finish: AIResponse,
    act: Callable[[int, int], Turns] | None = None,
    other: Callable[[int, int], Turns] | None = None,
    *,
    sides: Sequence[bool] = RECORDED_SIDES,
    extra_computes: Callable[[bool], int] = lambda side: 0,
) -> Turns:
    """:func:`transcript` deciding ``total > 100``: :func:`refund` (or ``act``) over, and
    :func:`voucher` (or ``other``) not."""
    return transcript(
        lambda n: f"get_order_{n}.total > 100",
        sides,
        act or refund,
        other or voucher,
        finish,
        extra_computes=extra_computes,
    )


def refund(n: int, c: int) -> Turns:
    return [say("Over 100: I refund it.", "refund_order", order_id=ref(f"get_order_{n}.id"))]


def voucher(n: int, c: int) -> Turns:
    return [say("A voucher for it.", "send_voucher", order_id=ref(f"get_order_{n}.id"))]


def nothing(n: int, c: int) -> Turns:
    return []


def part(n: int, c: int) -> Turns:
    """20% of the order's total worked out in a compute (the ``c + 1``-th), then refunded."""
    return [
        say("20% of its total.", "compute", expression=f"round(get_order_{n}.total * 0.2, 2)"),
        say(
            "I refund that part.",
            "refund_part",
            order_id=ref(f"get_order_{n}.id"),
            amount=ref(f"compute_{c + 1}"),
        ),
    ]


# ---------------------------------------------------------------------------------------- cases


def held(key: str, labels: Sequence[str]) -> list[HeldOut]:
    """Held-out inputs whose one input ``key`` is their label."""
    return [HeldOut(label, {key: label}) for label in labels]


def at_least_three(cases: list[Case]) -> list[Case]:
    """Each case, with its recorded inputs replayed too where it had fewer than three held-out
    inputs (``as recorded``: a recipe must redo its own run; the bench replays each task on
    three inputs at least)."""
    return [
        (
            case
            if len(case.held_out) >= 3
            else replace(
                case, held_out=[*case.held_out, HeldOut("as recorded", dict(case.recorded))]
            )
        )
        for case in cases
    ]
