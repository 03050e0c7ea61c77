"""A cap the words write on a loop that changes things ("stop the idle VMs, at most three of
them", "up to 5 reminders"): where the recording acted on no more items than the cap, nothing
it did shows which items the model would leave out on a longer list, so the loop goes on only
while its list holds no more than the cap (a guard before it, never a guess at which to keep).

Not a bound of a value ("up to 30 days", "at most 50 EUR", "up to 10%": a unit follows), nor a
number a compute of the recording holds (its filter's bound, already code). A whole number the
words write with no cap word, as many as the items the loop went over ("book two of the free
rooms", "we need 2 rooms"), holds the list to that many. Loops that decide
per item have their own cap per side (:func:`compiler.passes._side_guards._cap_guard`)."""

from __future__ import annotations

import re

from compiler.ir import CodeExpr, RefExpr
from compiler.passes._guard_kit import _changes, guard_on
from compiler.passes._hidden_words import every_number, in_digits, plain_text
from compiler.passes._scope import _Scope, _source
from compiler.passes._side_guards import _CAP, _UNITS
from compiler.passes._values import value_of
from compiler.recipe_ir import Assign, Guard, If, Loop, walk_statements

_UNIT_AFTER = re.compile(
    r"\s*(?:%|percent\b|" + "|".join(rf"{u}\b" for u in _UNITS.values()) + ")", re.IGNORECASE
)


def loop_cap_guards(stmt: Loop, scope: _Scope, changes: list[str]) -> list[Guard]:
    """``len(items) <= 3`` before a loop that changes things, where the words cap it (see the
    module)."""
    if any(isinstance(s, If) and s.collect for s in stmt.body):
        return []  # (a loop deciding per item: its sides are capped on their own)
    if not any(_changes(s) for s in walk_statements(stmt.body)):
        return []
    values = scope.values_at(scope.position_of(stmt))
    known, items = value_of(stmt.iterable, values)
    if not known or not isinstance(items, list):
        return []
    held = {
        n
        for s in scope.ir.statements
        if isinstance(s, Assign) and isinstance(s.value, CodeExpr)
        for n in every_number(s.value.source)
    }
    told = in_digits(scope.description.lower())
    caps = sorted(
        cap
        for match in _CAP.finditer(told)
        for cap in [int(match.group(1) or match.group(2))]
        if cap >= len(items)
        and cap not in held
        and not (match.group(1) and _UNIT_AFTER.match(told, match.end()))
    )
    listed = stmt.iterable.name if isinstance(stmt.iterable, RefExpr) else _source(stmt.iterable)
    if not caps:
        return _as_many(stmt, listed, len(items), told, held, changes)
    cap = caps[0]
    changes.append(f"step {stmt.step}: the words cap the loop — len({listed}) <= {cap}")
    return [
        guard_on(
            f"len({listed}) <= {cap}",
            stmt.step,
            f"The words write a cap of {cap}, and the recording went over {len(items)} items: "
            f"which ones the model would leave out of a longer list it never showed, so go on "
            f"only while {listed} has no more than {cap}.",
            f"{listed} has more than the {cap} items the words allow, and the recording never "
            "showed which ones to leave out",
        )
    ]


_WHOLE = re.compile(r"(?<![\w.,/:-])(\d+)(?![\w.,/:-]|\.\d)")


def _as_many(
    stmt: Loop, listed: str, acted: int, told: str, held: set[float], changes: list[str]
) -> list[Guard]:
    """``len(rooms) == 2`` before a loop over as many items as a whole number the words write
    with no unit after it and no compute holds ("book two of the free rooms", "we need 2
    rooms", "a couple of visitors"; not in a quoted text nor an example in brackets: "(e.g.
    'Stopped 2 idle VMs')"), ``len(rooms) <= 3`` where the words write more than the
    recording went over ("the workshop needs 3 rooms" and 2 were free): the number may be how
    many to act on, not how many there happened to be (red team rounds 45 and 46)."""
    told = _COUPLE.sub(lambda m: str(_SOME[m.group(1)]), plain_text(told))
    for match in _WHOLE.finditer(told):
        number = int(match.group(1))
        if number < max(acted, 2) or number > MAX_WRITTEN or number in held:
            continue
        if _UNIT_AFTER.match(told, match.end()):
            continue
        test = f"len({listed}) == {number}" if number == acted else f"len({listed}) <= {number}"
        changes.append(f"step {stmt.step}: the words write {number} — {test}")
        return [
            guard_on(
                test,
                stmt.step,
                f"The words write {number}, and the recording went over {acted} items: it may "
                f"be how many to act on, so go on only while {test}.",
                f"{listed} has another number of items than the {number} the words write "
                f"allow (the recording went over {acted})",
            )
        ]
    return []


MAX_WRITTEN = 50
"""The largest number the words write that is read as how many items to act on (not a year)."""

_SOME = {"couple": 2, "pair": 2, "trio": 3, "dozen": 12}
_COUPLE = re.compile(r"\ba (couple|pair|trio|dozen)\b(?: of)?")
"""How many "a couple of", "a pair of", "a dozen" say."""
