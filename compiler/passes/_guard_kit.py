"""The pieces every hidden-decision guard is made of (split from
:mod:`compiler.passes._hidden_decisions`): what a recorded value satisfies as a condition, a
guard with its side-exit message and note, a guard that values are still the recorded ones, and
what a statement read before it."""

from __future__ import annotations

import ast
import re
from typing import Any

from compiler.fingerprint import fingerprint, kind_of
from compiler.ir import CodeExpr, LocatorExpr
from compiler.literals import literal_source
from compiler.passes._hidden_words import (
    _is_number,
    _number_text,
    _of_the_head,
    worked_out,
)
from compiler.passes._loop_counts import _in_words
from compiler.passes._loop_uses import same_word
from compiler.passes._scope import SAME_AS_RECORDED, _code, _Scope
from compiler.passes._values import follow, short_repr
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    If,
    Loop,
    Statement,
    Until,
)


def _changes(stmt: Statement) -> bool:
    return isinstance(stmt, Assign | ExprStmt) and (
        isinstance(stmt.value, Call) and not stmt.value.action.read_only
    )


CLOCK = re.compile(r"\b(?:date|datetime)\.(?:today|now|utcnow)\s*\(|\btime\.time\s*\(")
"""A ``compute`` that reads the clock: what it gave is something the recording read."""


def _is_read(name: str, at: int, scope: _Scope) -> bool:
    stmt = scope.ir.statements[at]
    if isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr):
        return CLOCK.search(stmt.value.source) is not None
    return isinstance(stmt, Assign) and isinstance(stmt.value, Call) and stmt.value.action.read_only


def _read_before(stmt: Statement, scope: _Scope) -> list[str]:
    """The inputs and the results read before ``stmt`` (what a decision before it saw)."""
    known = scope.at(scope.position_of(stmt))
    return list(scope.inputs) + [
        name
        for name, (at, _, _) in known.items()
        if at >= 0 and _is_read(name, at, scope) and is_live(name, scope)
    ]


def is_live(name: str, scope: _Scope) -> bool:
    """Whether the code after the loops still has ``name`` (see ``_Scope.live``)."""
    return scope.live is None or name in scope.live


def _condition(source: str, seen: list[Any], numbers: list[float], *, equal: bool) -> str | None:
    """What every recorded value in ``seen`` satisfies: equal to it (``equal``, or a bool
    kept as its truth), on its side of 0 and of each of ``numbers`` (a number), or as empty as
    it (a container); ``None`` when the recorded values disagree."""
    first = seen[0] if seen else None
    if not seen or any(type(v) is not type(first) for v in seen):
        return None
    if isinstance(first, bool):
        if any(v != first for v in seen):
            return None
        return f"{source} is {first}"  # (not its truth: a "false" text is true)
    if equal:
        if any(v != first for v in seen):
            return None
        return f"{source} == {literal_source(first)}"
    if _is_number(first):
        bounds = sorted(set(numbers) or {0.0})  # (0 stands for "positive", "any", "none")
        sides = {tuple((v > b) - (v < b) for b in bounds) for v in seen}
        if len(sides) != 1:
            return None
        side = sides.pop()
        if 0 in side:
            return f"{source} == {_number_text(bounds[side.index(0)])}"
        below = [b for b, s in zip(bounds, side, strict=True) if s > 0]
        above = [b for b, s in zip(bounds, side, strict=True) if s < 0]
        if not above:
            return f"{source} > {_number_text(below[-1])}"
        if not below:
            return f"{source} < {_number_text(above[0])}"
        return f"{_number_text(below[-1])} < {source} < {_number_text(above[0])}"
    if isinstance(first, list | dict | str):
        if any(bool(v) != bool(first) for v in seen):
            return None
        return f"len({source}) > 0" if first else f"len({source}) == 0"
    return None


def _unlike(condition: str, source: str, value: Any) -> str:
    if isinstance(value, list | dict):
        return f"the recording went on only where {condition} ({source} had {len(value)} items)"
    return f"the recording went on only where {condition} ({source} was {short_repr(value)})"


def _shown(value: Any) -> str:
    if isinstance(value, list | dict) and len(short_repr(value)) > 30:
        return f"{len(value)} items"
    return short_repr(value)


def _guard(
    stmt: Statement, condition: str, names: tuple[str, ...], message: str, note: str
) -> Guard:
    return Guard(
        step=stmt.step,
        condition=CodeExpr(source=condition, names=names),
        message=message,
        notes=(note,),
    )


def _same_guard(
    stmt: Statement,
    names: list[str],
    scope: _Scope,
    message: str,
    note: str,
    values: dict[str, Any] | None = None,
) -> Guard:
    """The guard that ``names`` hold what the recording saw (their recorded ``values``, by
    default the scope's before ``stmt``)."""
    if values is None:
        values = scope.values_at(scope.position_of(stmt))
    if len(names) == 1:
        subject, digest = names[0], fingerprint(values[names[0]])
    else:
        subject = f"[{', '.join(names)}]"
        digest = fingerprint([values[n] for n in names])
    return Guard(
        step=stmt.step,
        condition=CodeExpr(
            source=f"{SAME_AS_RECORDED}({subject}, {literal_source(digest)})", names=tuple(names)
        ),
        message=message,
        notes=(note,),
        uses=(SAME_AS_RECORDED,),
    )


def _unseen_guard(
    step: int, condition: str, list_src: str, rule: str, comment: str | None
) -> Guard:
    return Guard(
        step=step,
        condition=_code(condition),
        message=f"an item of {list_src} has a value the recording never saw for the rule {rule}",
        notes=(
            f"The words narrow the items without writing the value {rule} tests: an item of a "
            "value the recording never saw may be one they mean; go on only while every item's "
            "value is one it saw.",
        ),
        comment=comment,
    )


def agreement_guard(
    step: int,
    sources: list[str],
    var: str,
    list_src: str,
    *,
    which: str,
    recorded: str,
    where: str = "",
) -> Guard:
    """The guard that several rules fitting the recording agree on the items now (over the
    items ``where`` keeps, e.g. `` if not (rule before)``)."""
    agree = " == ".join(f"({s})" for s in sources)
    return Guard(
        step=step,
        condition=_code(f"all({agree} for {var} in {list_src}{where})"),
        message=f"{recorded}, and these rules all fit it but disagree on the items now: "
        + "; ".join(sources),
        notes=(
            f"Which items of {list_src} {which}: {len(sources)} rules fit the recording; go on "
            "only where they agree.",
        ),
    )


FIELDS_AS_RECORDED = "fields_as_recorded"
"""The runtime helper a filter's field guard calls (``runtime.expect.fields_as_recorded``)."""
PRESENT = "present"
"""The runtime helper a guard that an item has a field the words say it may lack calls
(``runtime.expect.present``)."""
SAYS_COUNT = "says_count"
"""The runtime helper a guard that a batch call's text answer still says the count the recipe
works out calls (``runtime.expect.says_count``)."""
ALL_DISTINCT = "all_distinct"
"""The runtime helper a guard that a loop's items all differ calls
(``runtime.expect.all_distinct``)."""


def fields_guard(step: int, rules: list[Any], list_src: str, items: list[Any]) -> Guard | None:
    """The guard that the fields a filter's rules read (``rules``: the predicates of
    :mod:`._predicates`, each maybe two joined) hold, on every item of the list now, values of
    the kinds the recording saw there, and no text that differs from the one a rule compares
    with only in case, spacing or Unicode form: an item whose ``paid`` is ``None`` or
    ``"false"``, whose ``severity`` is ``"1"``, or whose ``status`` is ``"Open "``, would be
    skipped or taken by the rule where the model may have done otherwise. ``None`` when no
    rule reads a field."""
    kinds: dict[str, str] = {}
    texts: dict[str, str] = {}
    for rule in rules:
        for half in rule.halves or (rule,):
            if not half.path or any("." in key for key in half.path):
                continue  # (no field, or a key the helper's dotted path cannot name)
            field = ".".join(half.path)
            seen = sorted({kind_of(follow(item, half.path)[1]) for item in items})
            kinds[field] = "|".join(seen)
            if half.compared is not None and "text" in seen:
                texts[field] = half.compared
    if not kinds:
        return None
    args = [
        list_src,
        "{"
        + ", ".join(f"{literal_source(k)}: {literal_source(v)}" for k, v in kinds.items())
        + "}",
    ]
    if texts:
        args.append("{" + ", ".join(f"{literal_source(k)}: {v}" for k, v in texts.items()) + "}")
    fields = " or ".join(kinds)
    quoted = [v for v in texts.values() if v.startswith(("'", '"'))]
    like = f", or a text like {quoted[0]}" if quoted else ", or the compared text"
    like = like if texts else ""
    return Guard(
        step=step,
        condition=_helper_code(f"{FIELDS_AS_RECORDED}({', '.join(args)})"),
        message=(
            f"an item of {list_src} holds at {fields} a value of another kind than the recording "
            f"saw{like + ' in another case or spacing' if like else ''}"
        ),
        notes=(
            "The rule below was learned from values of these kinds: go on only while every item "
            "holds such values.",
        ),
        uses=(FIELDS_AS_RECORDED,),
    )


def guard_on(
    test: str,
    step: int | None,
    note: str,
    message: str | None = None,
    helper: str | None = None,
) -> Guard:
    """A guard a step goes on under: ``test`` (a condition, or a call of the runtime ``helper``
    it names), by default saying the recording acted only where it held."""
    return Guard(
        step=step,
        condition=_helper_code(test) if helper else _code(test),
        message=message or f"the recording acted only where {test}",
        notes=(note,),
        uses=(helper,) if helper else (),
    )


def _helper_code(source: str) -> CodeExpr:
    """A guard condition calling a runtime helper (not a compute: no allow-list to pass)."""
    found = {n.id for n in ast.walk(ast.parse(source, mode="eval")) if isinstance(n, ast.Name)}
    return CodeExpr(
        source=source, names=tuple(sorted(found - {FIELDS_AS_RECORDED, ALL_DISTINCT, PRESENT}))
    )


def counts_its_changes(key: str, value: Any, before: list[Statement]) -> bool:
    """Whether a whole number returned as ``key`` counts the changes the recipe made before it
    on a straight path: as many calls as it holds, of an action (or on an element) whose name
    shares a word with ``key`` (``marked=1`` after one click on "Mark shipped",
    ``reminded=2`` after two ``send_reminder`` calls). Such a count is the recipe's own, not
    one worked out from the data (``days=3``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    made = 0
    for stmt in before:
        if isinstance(stmt, Loop | If | Until):
            return False  # (a loop's count is the count rules' to explain)
        if not _changes(stmt):
            continue
        assert isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)
        names = [stmt.value.action.name]
        for expr in stmt.value.kwargs.values():
            if isinstance(expr, LocatorExpr):  # (the element's name: "Mark shipped")
                names += [expr.description or ""]
                names += [c.name or c.value for c in expr.candidates]
        label = f"output {key}"
        if any(same_word(label, name) or _in_words(label, name) for name in names):
            made += 1
    return made == value


def returned_worked_out(
    key: str, value: Any, data: list[Any], described: str, before: list[Statement]
) -> bool:
    """Whether a number a recipe returns as ``key`` was worked out in the model's head from
    what it read (``due=37.5``, ``days=3``), not written by the description or a count of the
    changes the recipe made before it (:func:`counts_its_changes`): rule 5 guards it."""
    return (
        worked_out(value)
        and _of_the_head(value, data, described)
        and not counts_its_changes(key, value, before)
    )


def nonempty_guard(step: int | None, listed: str, action: str, given: str) -> Guard:
    """The guard that a list a changing call is given (``given`` says how: "every item of
    ``listed``", "the items the loop collects") has items: with none, whether the agent would
    make the call at all the recording never showed."""
    return Guard(
        step=step,
        condition=_code(listed),
        message=f"{listed} is empty, and the recording never called {action} with no items",
        notes=(
            f"{action} is given {given}; with none, whether the agent would call it at all the "
            "recording never showed: go on only while there are some.",
        ),
    )
