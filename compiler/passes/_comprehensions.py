"""Comprehensions for the ``control_flow`` pass: an argument listing every item of a list the
same way (``[{"parcel": parcels[0].id, ...}, ...]``) becomes a comprehension over the list."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from compiler.ir import DictExpr, Expr, ListExpr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.passes._decided_counts import _NEGATING
from compiler.passes._guard_kit import SAYS_COUNT, agreement_guard, guard_on, nonempty_guard
from compiler.passes._hidden_words import every_number, word_list
from compiler.passes._loop_places import _filtered_fields, _reads_only_fields
from compiler.passes._loop_uses import same_word
from compiler.passes._loops import _item_name
from compiler.passes._predicates import EVERY, choose
from compiler.passes._scope import _code, _Scope, _source
from compiler.passes._values import follow, is_integer, short_repr
from compiler.passes._walk import map_arguments
from compiler.recipe_ir import Assign, Call, ExprStmt, Guard, Return, Statement

Batch = tuple[str, str, int, Any, str, list[dict[str, float]]]
"""A changing call given every item of a list: (the list's source, the action, how many items
the recording passed, what the call answered, the argument the list stands in:
``argument sheet['needs']``, the numbers each item holds, by path)."""


def listed_items(statements: list[Statement], scope: _Scope, changes: list[str]) -> list[Statement]:
    """Every statement through :func:`_listed_items`, then the counts of batch calls
    (:func:`_batch_counts`)."""
    out: list[Statement] = []
    batches: list[tuple[int, Batch]] = []
    for stmt in statements:
        made = _listed_items(stmt, scope, changes, out, batches)
        out.extend(made)
    return _batch_counts(out, batches, changes)


def _batch_counts(
    statements: list[Statement], batches: list[tuple[int, Batch]], changes: list[str]
) -> list[Statement]:
    """A whole number written after a batch call that equals the items it was given, named for
    its action or for the argument the list stands in (``archived=2`` after
    ``archive_stories(ids=[...])``, ``needs=2`` after ``send_sheet(sheet={"needs": [...]})``)
    and not in what the call
    answered, is ``len`` of the list given. Where the call answered a text whose only number
    is that count (``"archived 2"``), the model may have read it there: it is ``len`` behind a
    guard that the answer reads as recorded but for the number, and says the same."""
    for at, (listed, action, count, answered, given, numbered) in reversed(batches):
        if _holds_list(answered):
            continue  # (``{"no_room": []}``: the call said which it did not do)
        if _adds_up(numbered, count) or _adds_up([_numbers_of(answered)], count):
            continue  # (a number per item adds up to it, or adds nothing: lines of 1 each)
        told = None
        if count in _numbers_inside(answered):
            told = _told_guard(statements[at], listed, count, answered)
            if told is None:
                continue  # (the call said how many: the model may have read it there)
        # (``needs`` of ``sheet={"needs": [...]}``, ``loaded`` of ``load_van``: only where no
        # whole number of the items could add up to the count instead, "bikes" of bookings)
        loose = "" if any(numbered) else given.split(" ", 1)[-1]
        counted = partial(
            _counted, listed=listed, action=action, loose=loose, count=count, changes=changes
        )
        before = len(changes)
        statements = [
            map_arguments(s, counted) if n > at and _changes_or_returns(s) else s
            for n, s in enumerate(statements)
        ]
        if told is not None and len(changes) > before:
            statements.insert(at + 1, told)
    return statements


def _told_guard(call: Statement, listed: str, count: int, answered: Any) -> Guard | None:
    """The guard that a batch call's text answer, whose only number was the count of items the
    recording gave it, still reads so and says ``len`` of the list given."""
    if not (isinstance(call, Assign) and isinstance(answered, str)):
        return None
    if every_number(answered) != [count] or len(_ONE_NUMBER.split(answered)) != 2:
        return None
    test = f"{SAYS_COUNT}({call.var}, {literal_source(answered)}, len({listed}))"
    return guard_on(
        test,
        call.step,
        f"{call.value.action.name if isinstance(call.value, Call) else 'The call'} answered "
        f"{short_repr(answered)} for the {count} items the recording gave it: the count "
        "written after it is the items given only while the answer says the same.",
        f"{call.var} does not say {listed} were all done as the recording's answer "
        f"{short_repr(answered)} did",
        helper=SAYS_COUNT,
    )


_ONE_NUMBER = re.compile(r"(?<![\w.,])\d+(?![\w.,])")
"""A number in digits standing alone (as :func:`runtime.expect.says_count` reads one)."""


def _counted(
    expr: Expr,
    label: str,
    *,
    listed: str,
    action: str,
    loose: str,
    count: int,
    changes: list[str],
) -> Expr:
    named = same_word(label, action) or (
        bool(loose) and (same_word(label, loose) or _inflected(label, action))
    )
    if (
        isinstance(expr, LiteralExpr)
        and is_integer(expr.value)
        and not isinstance(expr.value, bool)
        and expr.value == count
        and named
        and not set(word_list(label.split(" ", 1)[-1])) & _NEGATING  # (``not_archived``)
    ):
        changes.append(f"{label}: {count} items given to {action} → len({listed})")
        return _code(f"len({listed})")
    return expr


def _numbers_of(value: Any, path: str = "") -> dict[str, float]:
    """The numbers a recorded value holds, by path, at any depth: numbers written as text
    ("1") and with decimals (1.0) too; never a true/false."""
    found: dict[str, float] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            found.update(_numbers_of(inner, f"{path}.{key}"))
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int | float) or (
        isinstance(value, str) and _NUMERAL.fullmatch(value.strip())
    ):
        found[path] = float(value)
    return found


_NUMERAL = re.compile(r"-?\d+(?:\.\d+)?")


def _held_numbers(items: list[Any]) -> list[dict[str, float]]:
    return [_numbers_of(item) for item in items if isinstance(item, dict)]


def _adds_up(numbers: list[dict[str, float]], count: int) -> bool:
    """Whether a number every item holds adds up to the count, or to nothing (so the count is
    as well the items plus it: guests and their plus-ones, red team rounds 55 and 58), or a
    set of numbers one answer holds does."""
    if not numbers or not all(numbers):
        return False
    paths = set.intersection(*(set(n) for n in numbers))
    for path in paths:
        total = sum(n[path] for n in numbers)
        if abs(total - count) < 1e-9 or abs(total) < 1e-9:
            return True
    if len(numbers) == 1:  # (one answer: its numbers together, ``{"B1": 1, "B2": 1}``)
        total = sum(numbers[0].values())
        return abs(total - count) < 1e-9
    return False


def _holds_list(value: Any) -> bool:
    """Whether an answer holds a list anywhere (``{"no_room": []}``)."""
    if isinstance(value, list):
        return True
    return isinstance(value, dict) and any(_holds_list(v) for v in value.values())


def _inflected(label: str, action: str) -> bool:
    """Whether the count's name is a word of the action with an ending (``loaded`` of
    ``load_van``, ``posts`` of ``post_notice``): a four-letter verb the five-letter comparison
    of :func:`same_word` misses."""
    mine = word_list(label.split(" ", 1)[-1])
    theirs = [w for w in word_list(action) if len(w) >= 4]
    return any(m in {w + end for end in ("s", "es", "d", "ed")} for m in mine for w in theirs)


def _changes_or_returns(stmt: Statement) -> bool:
    return isinstance(stmt, Return) or (
        isinstance(stmt, Assign | ExprStmt)
        and isinstance(stmt.value, Call)
        and not stmt.value.action.read_only
    )


def _numbers_inside(value: Any) -> list[Any]:
    """Every number an answer holds, written in a text too ("2 archived, 0 skipped")."""
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers_inside(v)]
    if isinstance(value, list):
        return [len(value), *(n for v in value for n in _numbers_inside(v))]
    if isinstance(value, str):
        return every_number(value)
    return [value] if is_integer(value) and not isinstance(value, bool) else []


def _listed_items(
    stmt: Statement,
    scope: _Scope,
    changes: list[str],
    before: list[Statement] | None = None,
    batches: list[tuple[int, Batch]] | None = None,
) -> list[Statement]:
    """An argument listing every item of a list (a variable or a field of one), in order, each
    the same way (``[{"parcel": parcels[0].id, "kg": parcels[0].kg}, …]``) becomes a
    comprehension over the list (``[{"parcel": parcel.id, "kg": parcel.kg} for parcel in
    parcels]``). A call that changes something is made so only while the list has items: the
    recording never showed whether the agent would call it with none (``archive(ids=[])``).
    Where the words narrow the items ("every story more than 365 days old") and every item
    passed here, the rules they say must hold of every item now, as for a loop over them."""
    if not isinstance(stmt, Assign | ExprStmt | Return):
        return [stmt]
    position = scope.position_of(stmt)
    listed_over: list[str] = []
    lengths: dict[str, int] = {}
    given: dict[str, str] = {}
    numbered: dict[str, list[dict[str, float]]] = {}
    agree: list[Guard] = []

    def rewrite(expr: Expr, label: str) -> Expr:
        if not isinstance(expr, ListExpr) or len(expr.items) < 2:
            return expr
        forms = []
        lists: set[RefExpr] = set()
        for n, item in enumerate(expr.items):
            form = _item_form(item, n, lists)
            if form is None:
                return expr
            forms.append(form)
        if len(lists) != 1 or any(f != forms[0] for f in forms):
            return expr
        listed = lists.pop()
        known = scope.at(position).get(listed.name)
        if known is None:
            return expr
        found, items = follow(known[1], listed.path)
        if not found or not isinstance(items, list) or len(items) != len(expr.items):
            return expr
        var = scope.fresh(_item_name(listed))
        template = _as_item(expr.items[0], listed, var)
        from compiler.codegen import expr_source

        code = _code(f"[{expr_source(template)} for {var} in {_source(listed)}]")
        if not listed.path:
            scope.looped.add(listed.name)
        listed_over.append(_source(listed))
        lengths[_source(listed)] = len(items)
        given[_source(listed)] = label
        numbered[_source(listed)] = _held_numbers(items)
        access = scope.item_access(known[2], items, position) if not listed.path else None
        rules = choose(
            items,
            set(range(len(items))),
            var=var,
            access=access,
            inputs=scope.inputs,
            text=scope.text,
            description=scope.told,
        )
        said = _filtered_fields(listed, before or [])  # (what the model's filter said)
        rules = [r for r in rules or [] if r is EVERY or not _reads_only_fields(r, said)]
        if any(r is not EVERY for r in rules):
            # (the words narrow the items: they may not all be meant, as all were here)
            agree.append(
                agreement_guard(
                    stmt.step or 0,
                    [r.source for r in rules],
                    var,
                    _source(listed),
                    which="to pass",
                    recorded=f"the recording passed every item of {_source(listed)}",
                ).model_copy(update={"step": stmt.step})
            )
        changes.append(
            f"step {stmt.step}, {label}: every item of {_source(listed)} → a comprehension"
        )
        return code

    new = map_arguments(stmt, rewrite)
    # (read or changing, a list the words narrow passed whole holds only as agreed)
    made = [*agree, *_nonempty(new, listed_over)]
    if batches is not None and len(lengths) == 1 and _changes_or_returns(new):
        assert isinstance(new, Assign | ExprStmt) and isinstance(new.value, Call)
        ((listed, count),) = lengths.items()
        at = len(before or []) + len(made) - 1
        answered = scope.result_of(stmt)[0]
        batches.append(
            (at, (listed, new.value.action.name, count, answered, given[listed], numbered[listed]))
        )
    return made


def _nonempty(new: Statement, listed_over: list[str]) -> list[Statement]:
    """A changing call given every item of a list, behind a guard that it has some."""
    changing = (
        isinstance(new, Assign | ExprStmt)
        and isinstance(new.value, Call)
        and not new.value.action.read_only
    )
    if not listed_over or not changing:
        return [new]
    assert isinstance(new, Assign | ExprStmt) and isinstance(new.value, Call)
    action = new.value.action.name
    guards: list[Statement] = [
        nonempty_guard(new.step, src, action, f"every item of {src}")
        for src in dict.fromkeys(listed_over)
    ]
    return [*guards, new]


def _item_form(expr: Expr, n: int, lists: set[RefExpr]) -> Any:
    """``expr`` with references to item ``n`` of a list (a variable, or a field of one: the
    first index in the path) made alike; ``None`` when it reads another item, or code."""
    if isinstance(expr, RefExpr):
        cut = next((c for c, e in enumerate(expr.path) if is_integer(e)), None)
        if cut is not None:
            if expr.path[cut] != n:
                return None
            lists.add(_list_of(expr, cut))
            return ("item", expr.name, expr.path[:cut], expr.path[cut + 1 :])
        return expr
    if isinstance(expr, DictExpr):
        entries = [(k, _item_form(e, n, lists)) for k, e in expr.entries]
        return None if any(f is None for _, f in entries) else ("dict", tuple(entries))
    if isinstance(expr, ListExpr):
        items = [_item_form(e, n, lists) for e in expr.items]
        return None if any(f is None for f in items) else ("list", tuple(items))
    if isinstance(expr, LiteralExpr):
        return expr
    return None


def _list_of(ref: RefExpr, cut: int) -> RefExpr:
    return RefExpr(name=ref.name, path=ref.path[:cut], path_kinds=ref.path_kinds[:cut])


def _as_item(expr: Expr, listed: RefExpr, var: str) -> Expr:
    """``expr`` reading the loop variable where it read the item (each field read as it was:
    ``order.lines[0].sku`` → ``line.sku``)."""
    if isinstance(expr, RefExpr) and expr.name == listed.name:
        cut = len(listed.path)
        if expr.path[:cut] == listed.path and len(expr.path) > cut and is_integer(expr.path[cut]):
            return RefExpr(
                name=var, path=expr.path[cut + 1 :], path_kinds=expr.path_kinds[cut + 1 :]
            )
    if isinstance(expr, DictExpr):
        entries = tuple((k, _as_item(e, listed, var)) for k, e in expr.entries)
        return expr.model_copy(update={"entries": entries})
    if isinstance(expr, ListExpr):
        items = tuple(_as_item(e, listed, var) for e in expr.items)
        return expr.model_copy(update={"items": items})
    return expr
