"""What a per-item decision's own code reads that the recording could not show would hold
again (:mod:`._decided`; red team round 28): guards at the start of an acting side, next to
:func:`._side_guards._side_guards`'s.

- **A word the decision only rules out.** ``order.fraud_check != "failed"`` acts on any other
  word, also one the recording never saw (``"pending"``, ``""``) while the words may mean the
  one it saw ("release what passed"): the side acts only on the words its items had
  (``order.fraud_check in ("passed",)``).
- **A place in a list.** ``order.lines[0].category == "gift_card"``, where every item the
  recording looked up had lists of one length: an item with more (a gift card on line 2) is
  one it never saw (``len(order.lines) == 1``, on every side).
- **A value used up.** A decision that compares with a value read before the loop whose name
  says it is used up by acting (``team_budget.remaining``, ``allowance_left``, ``balance``):
  each item acted on may leave less for the next, which a decision computed from the value
  read once cannot see, so a side acts once before it stops (``len(approved) < 1``).
- **A total the words cap.** A bound the words put on a total ("never more than 150 EUR back
  in total") that the decision does not hold, where the side works a value out per item: the
  sum of them is what it caps, which no guard on one item holds, so a side acts once before
  it stops.
"""

from __future__ import annotations

import re
from typing import Any

from compiler.passes._guard_kit import guard_on
from compiler.passes._hidden_words import every_number, in_digits, word_list
from compiler.passes._number_words import comparison_words
from compiler.recipe_ir import Assign, Guard, Statement, walk_statements

_USED_UP = frozenset(
    {"remaining", "left", "available", "balance", "budget", "quota", "capacity", "allowance"}
)
"""Words of a value's name that say acting uses it up."""

_TOTAL = re.compile(
    r"\b(?:in total|total of|altogether|combined|overall|in all|all together|cumulative)\b"
)
"""Words that make a bound one on a total ("never more than 150 EUR back in total")."""


def decision_guards(
    code: str,
    looked_up: dict[str, list[Any]],
    everything: dict[str, list[Any]],
    done: str,
    side_body: tuple[Statement, ...],
    description: str,
    step: int | None,
    *,
    ruled_out: bool,
) -> list[Guard]:
    """The guards of this module's rules for one acting side. ``code``: the decision;
    ``looked_up``: each variable the loop's body assigns before it, with its recorded results
    on the items acted on this way; ``everything``: the same on every item; ``done``: the
    list the side fills; ``ruled_out``: whether the side acts where the decision holds (where
    a word it rules out may be one the recording never saw)."""
    guards = [
        *(_words_ruled_out(code, looked_up, step) if ruled_out else []),
        *_places_in_lists(code, everything, step),
    ]
    if _used_up(code, set(looked_up)) or _total_capped(code, side_body, description):
        guards.append(
            guard_on(
                f"len({done}) < 1",
                None,
                "The decision compares with a value that acting uses up, or the words cap a "
                "total of what this side works out per item: after one item, what is left is "
                "not what the decision read, so act on no more than one.",
                "one item was acted on this way: the next may not be right any more",
            )
        )
    return guards


def _words_ruled_out(code: str, looked_up: dict[str, list[Any]], step: int | None) -> list[Guard]:
    guards: list[Guard] = []
    for match in re.finditer(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*(?:!=|\bnot in\b)", code):
        var, field = match.group(1), match.group(2)
        seen = [r.get(field) if isinstance(r, dict) else None for r in looked_up.get(var, [])]
        texts = [v for v in seen if isinstance(v, str)]
        if not seen or len(texts) != len(seen):
            continue
        words = tuple(sorted(set(texts)))
        test = f"{var}.{field} in {words!r}"
        guards.append(
            guard_on(
                test,
                step,
                f"The decision only rules a word of {var}.{field} out, and every item the "
                f"recording acted on this way had {', '.join(map(repr, words))}: a word it never "
                "saw may be one the task's words do not mean, so act only on these.",
            )
        )
    return guards


def _places_in_lists(code: str, everything: dict[str, list[Any]], step: int | None) -> list[Guard]:
    guards: list[Guard] = []
    for match in re.finditer(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\[\d+\]", code):
        var, field = match.group(1), match.group(2)
        found = [r.get(field) if isinstance(r, dict) else None for r in everything.get(var, [])]
        lists = [v for v in found if isinstance(v, list)]
        if not found or len(lists) != len(found):
            continue
        lengths = {len(v) for v in lists}
        if len(lengths) != 1:
            continue  # (lists of several lengths were seen: a place in one is no accident)
        (length,) = lengths
        test = f"len({var}.{field}) == {length}"
        guards.append(
            guard_on(
                test,
                step,
                f"The decision reads one place of {var}.{field}, and every item the recording "
                f"looked up had {length} there: an item with another number is one it never "
                "saw, whose other places the decision does not read.",
                f"the recording decided only where {test}",
            )
        )
    return guards


def _used_up(code: str, inside: set[str]) -> bool:
    """Whether the decision compares with a value from outside the loop's body whose name says
    acting uses it up (``team_budget.remaining``)."""
    if not re.search(r"[<>]", code):
        return False
    for match in re.finditer(r"\b([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*|\[['\"]\w+['\"]\])*)", code):
        name, path = match.group(1), match.group(2)
        if name in inside or name in {"len", "round", "abs", "min", "max", "and", "or", "not"}:
            continue
        if set(word_list(f"{name} {path}")) & _USED_UP:
            return True
    return False


def _total_capped(code: str, side_body: tuple[Statement, ...], description: str) -> bool:
    """Whether the words cap a total with a number the decision does not hold, where the side
    works a value out per item."""
    computes = any(
        isinstance(s, Assign) and s.value.kind == "code" for s in walk_statements(side_body)
    )
    if not computes:
        return False
    told = in_digits(description.lower())
    held = every_number(code)
    for sentence in re.split(r"(?<=[.;!?])\s+", told):
        if not _TOTAL.search(sentence):
            continue
        if any(b not in held for b in comparison_words(sentence)):
            return True
    return False
