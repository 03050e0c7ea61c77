"""Guards on the sides of a loop that decides per item (:mod:`._decided`): what the model may
have tested in its head besides the decision, as the items it acted on each way show.

Rules (:func:`acting_guards`, :func:`_side_guards`): on each acting side, a word-like or
true/false field every item acted on had alike, where the items left differed or the words
name it, must read so before acting; where both sides act, also one every item had (a status,
nothing, an empty list, a field of a nested record: ``customer["tier"]``), written once before
the ``if``, and on either kind of loop a mark of nothing having happened (``incoming == 0``);
a bound the words compare that the decision does not hold holds a side whose items fell on one
side of it, numbers of one unit only (``30 days`` bounds no amount); a time the words speak of
holds an age field; a cap the words write caps the side it is about (:func:`_cap_guard`); a
bound the words set on a value worked out per item holds that value (:func:`_value_bounds`).
"""

from __future__ import annotations

import ast
import re
from typing import Any

from compiler.fingerprint import present
from compiler.ir import CodeExpr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.passes._decision_reads import decision_guards
from compiler.passes._guard_kit import PRESENT, guard_on
from compiler.passes._hidden_words import (
    _WORDLIKE,
    _is_number,
    every_number,
    in_digits,
    word_list,
)
from compiler.passes._loop_uses import _call_name, same_word
from compiler.passes._number_words import comparison_words
from compiler.passes._predicates import Access
from compiler.passes._scope import _Scope, _source
from compiler.passes._side_records import _items_by_place, _records, _result
from compiler.passes._values import json_equal
from compiler.passes._walk import (
    argument_exprs,
    leaf_exprs,
)
from compiler.recipe_ir import (
    Assign,
    ExprStmt,
    Guard,
    If,
    Loop,
    Statement,
    walk_statements,
)


def _value_bounds(
    acting: list[Statement], values: list[list[Any]], decision: Statement, description: str
) -> list[Statement]:
    """A side's statements with a guard after each value it works out per item that the words
    bound ("refund 20% of the total, never more than 50 EUR per order": ``amount <= 50``) where
    neither the decision nor the value's code holds the bound, when every value the recording
    worked out fell within it: past the bound, the model would have passed another value."""
    told = comparison_words(in_digits(description.lower()))
    decided = (
        decision.value.source
        if isinstance(decision, Assign) and isinstance(decision.value, CodeExpr)
        else ""
    )
    out: list[Statement] = []
    for stmt, seen in zip(acting, values, strict=True):
        out.append(stmt)
        if not (isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr)):
            continue
        if not seen or not all(_kind(v) == "number" for v in seen):
            continue
        held = every_number(f"{decided} {stmt.value.source}")
        for bound, ops in sorted(told.items()):
            if any(abs(bound - h) < 1e-9 for h in held):
                continue
            sign = _side_of(bound, ops, seen, as_words=True)
            if sign is None:
                continue
            test = f"{stmt.var} {sign} {literal_source(bound)}"
            out.append(
                guard_on(
                    test,
                    stmt.step,
                    f"The words bound what is worked out here at {literal_source(bound)}, and "
                    f"every value the recording worked out had {test}: past it, the model would "
                    "have passed another value.",
                    f"{stmt.var} is past {literal_source(bound)}, a bound the words set",
                )
            )
    return out


def _side_of(bound: float, ops: set[str], seen: list[Any], *, as_words: bool) -> str | None:
    """The comparison with ``bound`` that every value ``seen`` satisfies: the one the words
    make (``ops``) where it holds, else a strict one; ``as_words``: only on the side the words
    compare (a cap "never more than 50" holds values below it, never above)."""
    below = {"<=", "<"} & ops
    above = {">=", ">"} & ops
    if ">=" in ops and all(v >= bound for v in seen):
        return ">="
    if (above or not as_words) and all(v > bound for v in seen):
        return ">"
    if "<=" in ops and all(v <= bound for v in seen):
        return "<="
    if (below or not as_words) and all(v < bound for v in seen):
        return "<"
    return None


def acting_guards(loop: Loop, scope: _Scope) -> tuple[list[Guard], list[Guard], list[Guard]]:
    """Guards for a loop of this module's: before its ``if`` (what both sides must see alike),
    at the start of its body and of its ``else`` (:func:`_side_guards`)."""
    where = next((n for n, s in enumerate(loop.body) if isinstance(s, If)), None)
    if decided_var(loop) is None or where is None:
        return [], [], []
    branch = loop.body[where]
    assert isinstance(branch, If)
    if branch.orelse_collect:
        body, other = _side_guards(loop, scope, True), _side_guards(loop, scope, False)
        both = {g.condition.source for g in body} & {g.condition.source for g in other}
        before = [g for g in body if g.condition.source in both]
        before = [
            g.model_copy(
                update={
                    "message": f"the recording acted on every item only where {g.condition.source}",
                    "notes": (
                        f"Every item the recording looked up had {g.condition.source} and was "
                        "acted on one way or the other: an item without it may get neither.",
                    ),
                }
            )
            for g in before
        ]
        return (
            before,
            [g for g in body if g.condition.source not in both],
            [g for g in other if g.condition.source not in both],
        )
    side = not branch.condition.source.startswith("not ")
    return [], _side_guards(loop, scope, side), []


def _side_guards(loop: Loop, scope: _Scope, side: bool) -> list[Guard]:
    """Guards for the start of one acting side of a loop of this module's: a field of a lookup
    that the decision does not read, and on which every item acted on was alike (a word, a
    true/false, a value equal to an input; numbers and dates within the range they had),
    where the items left differed from them or the task's words name it, may be a condition
    the model kept in its head (``region == "domestic"`` when the compute tested only the
    total, ``refunded is False`` for "not refunded yet", ``country == country`` for "shipped
    to the given country", ``"2026-01-01" <= placed <= "2026-11-20"`` for "placed in 2026",
    ``items == 1`` for "single-item"; a number or date only where the words name its field):
    act only while it reads so. Ids are no condition. Of one item acted on, every field is
    alike: a word or number of it is a condition only where the words name it (or a number
    marks nothing having happened)."""
    decided = decided_var(loop)
    where = next((n for n, s in enumerate(loop.body) if isinstance(s, If)), None)
    if decided is None or where is None:
        return []
    branch = loop.body[where]
    # The rolled statements before the branch, a repetition's steps each (guards the passes
    # put between them have none of their own).
    rolled = [s for s in loop.body[:where] if isinstance(s, Assign | ExprStmt)]
    at = len(rolled)
    if not at or not loop.steps or len(loop.steps) % at:
        return []
    decision = rolled[-1]
    assert isinstance(branch, If) and isinstance(decision, Assign)
    code = decision.value.source if isinstance(decision.value, CodeExpr) else ""
    reps = [loop.steps[r : r + at] for r in range(0, len(loop.steps), at)]
    acted = [rep for rep in reps if _result(scope, rep[at - 1]) is side]
    left = [rep for rep in reps if _result(scope, rep[at - 1]) is not side]
    words = set(word_list(scope.description))
    # (Numbers the sides pass or work with are the words' too: "escalate to tier 2".)
    used = " ".join(
        str(leaf.value) if isinstance(leaf, LiteralExpr) else leaf.source
        for s in walk_statements((*branch.body, *branch.orelse))
        for label, expr in (
            argument_exprs(s)
            if not (isinstance(s, Assign) and isinstance(s.value, CodeExpr))
            else [("code", s.value)]
        )
        for _, leaf in leaf_exprs(expr, label)
        if isinstance(leaf, LiteralExpr | CodeExpr)
    )
    loose = _more_said(scope.description, f"{code} {used}")
    passed = {  # fields the acting calls pass on: amounts to use, not conditions
        (leaf.name, leaf.path[0])
        for s in walk_statements(branch.body if side else branch.orelse or branch.body)
        for label, expr in argument_exprs(s)
        for _, leaf in leaf_exprs(expr, label)
        if isinstance(leaf, RefExpr) and leaf.path
    }

    def passed_here(var: str) -> set[str]:
        return {str(field) for name, field in passed if name == var}

    both = bool(branch.orelse_collect)
    guards: list[Guard] = []
    records = _records(loop, rolled, reps, acted, left, scope) if acted else []
    for var, results, others, access, nested in records:
        read = _fields_read(code, var)
        guards += _relations(var, access, results, read | passed_here(var), words)
        guards += _bound_guards(var, access, results, read, code, scope.description)
        guards += _record_guards(var, access, results, read, scope.description, decision.step)
        every = {str(f) for f in results[0]} | {
            str(sub) for v in results[0].values() if isinstance(v, dict) for sub in v
        }
        for path in _paths(results, read):
            field = str(path[-1])
            if len(path) > 1 and path[0] not in nested and access != "key":
                continue  # (how to read inside it is not known; inside a dict, a dict)
            kinds = (access, *([nested.get(path[0], access)] * (len(path) - 1)))
            source = _source(RefExpr(name=var, path=path, path_kinds=kinds))
            seen = [_at(r, path) for r in results]
            rest = [_at(o, path) for o in others if isinstance(o, dict)]
            passed_on = path[0] in passed_here(var) and len(path) == 1
            if passed_on and _kind(seen[0]) == "number":
                continue
            # (Where both sides act, a value every item had is one the recording never saw
            # an item without: "orders still in transit get neither".)
            alike = all(json_equal(v, seen[0]) for v in [*seen, *rest])
            # (Where both sides act, a word or flag every item had; on either kind of loop, a
            # mark of nothing having happened every item had: 0 incoming, reopened 0 times.)
            shared = alike and ((both and _kind(seen[0]) != "number") or _empty_mark(seen[0]))
            named = _named(field, words) or shared or _timed(field, scope.description, code)
            # (Where both sides act, the words the other side's items had are another
            # action's, not items left: a set of words only where the words name the field.)
            test = _alike(source, seen, rest, named, scope, loose, passed_on, sets=not both)
            if test is not None and re.fullmatch(rf".+ <= {re.escape(source)} <= .+", test):
                # (A range the recording happened to see: the words' own bound of the same
                # unit, where they write one the decision does not hold, in its place.)
                test = _unit_bound(source, field, seen, f"{code} {used}", scope.description) or test
            if test is None:
                test = _left_as_named(source, seen, rest, scope.description)
            if test is None:
                test = _present_as_told(source, field, seen, scope.description, every)
            if test is None:
                continue
            guards.append(
                guard_on(
                    test,
                    decision.step,
                    f"Every item the recording acted on this way had {test}, which the decision "
                    f"({decision.var}) does not read: act only while it holds.",
                    helper=PRESENT if test.startswith(f"{PRESENT}(") else None,
                )
            )
    done = (branch.orelse_collect if both and not side else branch.collect)[0][0]
    mine = branch.body if side or not both else branch.orelse
    theirs = (branch.orelse if side else branch.body) if both else ()
    cap = _cap_guard(
        done,
        len(acted),
        f"{code} {used}",  # (a number a side passes is no cap: "escalate to tier 2")
        scope.description,
        {_call_name(s) for s in mine} - {""},
        {_call_name(s) for s in theirs} - {""},
    )
    assigned = [(p, s.var) for p, s in enumerate(rolled[:-1]) if isinstance(s, Assign)]
    seen_acted = {var: [_result(scope, rep[p]) for rep in acted] for p, var in assigned}
    seen_all = {var: [_result(scope, rep[p]) for rep in reps] for p, var in assigned}
    items = _items_by_place(loop, rolled, reps, scope)
    if items is not None:  # (the loop's own item, which the decision reads by place)
        seen_acted[loop.var] = [items[n] for n, rep in enumerate(reps) if rep in acted]
        seen_all[loop.var] = items
    reads = decision_guards(
        code,
        seen_acted,
        seen_all,
        done,
        mine,
        scope.description,
        decision.step,
        ruled_out=side,  # (the other way of "x != 'failed'" is "failed" itself)
    )
    return [*guards, *cap, *reads]


_CAP = re.compile(
    r"\b(?:at most|no more than|not more than|never more than|up to|a maximum of|maximum of|"
    r"max(?:imum)?|(?:the )?first|only|just|a limit of|limit of|limited to|capped at|cap of|"
    r"(?:must )?not exceed|never exceed)\s+(\d+)\b|\b(\d+)\s+(?:[a-z]+\s+)?at most\b"
)
"""A cap the words write ("no more than 3 orders", "up to 2", "the first 2")."""


_UNITS = {
    "time": r"(?:second|minute|hour|day|week|month|year)s?",
    "money": r"(?:eur|euros?|usd|dollars?|gbp|pounds?|chf|€|\$|£)",
    "weight": r"(?:kg|kilos?|kilograms?|g|grams?|lbs?|pounds?)",
}
_FIELD_UNITS = {
    "time": {"day", "days", "hours", "age", "old", "idle", "overdue", "minutes", "weeks"},
    "money": {"amount", "total", "price", "fee", "cost", "balance", "due", "paid", "spend"},
    "weight": {"weight", "kg", "grams", "mass"},
}


def _unit_bound(
    source: str, field: str, seen: list[Any], held_in: str, description: str
) -> str | None:
    """``shipment.weight_kg <= 30`` for a number field whose unit a bound the words write shares
    ("at most 30 kg") when every value acted on this way lies on its side: the words' bound,
    rather than the range the recording happened to see."""
    unit = _field_unit(field)
    if unit is None or not seen or not all(_kind(v) == "number" for v in seen):
        return None
    for bound, ops, told_unit in _told_bounds(description, held_in):
        if told_unit != unit:
            continue
        # (Either side of it: "takes no parcel over 30kg" holds the ones it took below it.)
        sign = _side_of(bound, ops, seen, as_words=False)
        if sign is not None:
            return f"{source} {sign} {literal_source(bound)}"
    return None


def _told_bounds(description: str, held_in: str) -> list[tuple[float, Any, str | None]]:
    """The bounds the words compare with that the code ``held_in`` does not hold, each with its
    comparisons and the unit the words give it ("at most 30 kg": weight)."""
    held = every_number(held_in)
    told = in_digits(description.lower())
    return [
        (bound, ops, _unit_of(bound, told))
        for bound, ops in sorted(comparison_words(told).items())
        if not any(abs(bound - h) < 1e-9 for h in held)
    ]


def _unit_of(bound: float, told: str) -> str | None:
    """What a bound the words write counts ("30 days": time, "€5": money), if they say."""
    shown = re.escape(f"{bound:g}")
    for unit, pattern in _UNITS.items():
        if re.search(rf"(?<![\d.]){shown}\s*{pattern}\b", told) or re.search(
            rf"{pattern}\s*{shown}(?![\d.])", told
        ):
            return unit
    return None


def _field_unit(field: str) -> str | None:
    """What a number field counts, as its name says (``days_overdue``: time)."""
    words = set(word_list(field))
    found = [unit for unit, names in _FIELD_UNITS.items() if words & names]
    return found[0] if len(found) == 1 else None


def _cap_guard(
    done: str, acted: int, code: str, description: str, actions: set[str], others: set[str]
) -> list[Guard]:
    """``len(done) < 2`` when the words write a whole number the decision does not hold and
    the recording acted on exactly that many items on this side ("refund two orders at most"),
    or write a cap ("no more than three", "up to 3") no lower than that many, next to a word of
    this side's action and of no other side's (beside neither: every side): the cap may be why
    it acted on no more, so the recipe acts on no more either."""
    held = every_number(code)
    told = in_digits(description.lower())
    caps = []
    for match in _CAP.finditer(told):
        cap = int(match.group(1) or match.group(2))
        if cap < acted or any(abs(cap - h) < 1e-9 for h in held):
            continue
        near = set(word_list(told[max(0, match.start() - 60) : match.end() + 30]))
        mine = any(same_word("x " + " ".join(near), a) for a in actions)
        theirs = any(same_word("x " + " ".join(near), a) for a in others)
        if mine or not theirs:
            caps.append(cap)
    for number in every_number(description):
        if number == acted and not any(abs(number - h) < 1e-9 for h in held):
            caps.append(acted)
    for cap in sorted(set(caps))[:1]:
        test = f"len({done}) < {cap}"
        return [
            guard_on(
                test,
                None,
                f"The words write {cap}, which the decision does not hold, and the recording "
                f"acted on {acted} items this way: act on no more than {cap}.",
                f"{cap} items were acted on this way: the words cap them at {cap}",
            )
        ]
    return []


def _bound_guards(
    var: str, access: Access, results: list[Any], read: set[str], code: str, description: str
) -> list[Guard]:
    """A number field the decision reads, and a bound the words compare that the decision does
    not hold ("a voucher only for orders of at least 20 EUR"): when every item on this side
    fell on one side of it, act only while the item does too (``order.total >= 20``)."""
    guards: list[Guard] = []
    for bound, ops, unit in _told_bounds(description, code):
        for field in sorted(read):
            if unit is not None and _field_unit(field) not in (None, unit):
                continue  # ("30 days" bounds no amount, "below 5 EUR" no number of days)
            seen = [r.get(field) for r in results]
            if not seen or not all(_kind(v) == "number" for v in seen):
                continue
            source = _source(RefExpr(name=var, path=(field,), path_kinds=(access,)))
            sign = _side_of(bound, ops, seen, as_words=False)
            if sign is None:
                continue  # (items on both sides of it acted this way: it bounds nothing here)
            test = f"{source} {sign} {literal_source(bound)}"
            guards.append(
                guard_on(
                    test,
                    None,
                    f"The words compare with {literal_source(bound)}, which the decision does "
                    f"not hold, and every item acted on this way had {test}.",
                    f"the recording acted this way only where {test}",
                )
            )
    return guards


def _empty_mark(value: Any) -> bool:
    """A value that says nothing has happened (0, ``False``, ``None``, an empty list)."""
    return value is None or value is False or value == [] or (_is_number(value) and value == 0)


def _paths(results: list[Any], read: set[str]) -> list[tuple[str, ...]]:
    """The fields of a lookup's results a hidden condition may be on: each field the decision
    does not read, and each field of a record inside one every result holds (``customer``'s
    ``tier``: "a VIP customer's order is always refunded"); no ids."""
    out: list[tuple[str, ...]] = []
    for field in results[0]:
        if not isinstance(field, str) or field in read or field == "id" or field.endswith("_id"):
            continue  # (what the compute decides on is the decision's)
        if all(isinstance(r.get(field), dict) for r in results):
            out += [
                (field, sub)
                for sub in results[0][field]
                if isinstance(sub, str)
                and sub.isidentifier()
                and sub != "id"
                and not sub.endswith("_id")
                and all(sub in r[field] for r in results)
            ]
        else:
            out.append((field,))
    return out


def _at(record: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        record = record.get(key) if isinstance(record, dict) else None
    return record


def _fields_read(code: str, var: str) -> set[str]:
    """The fields of ``var`` a compute reads (``order.total``, ``order["total"]``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(code, mode="eval")) if code else ():
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == var:
                found.add(node.attr)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == var
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            found.add(node.slice.value)
    return found


def _relations(
    var: str, access: Access, results: list[Any], involved: set[str], words: set[str]
) -> list[Guard]:
    """Two number fields of one lookup, one of them read by the decision or passed on by the
    acting call, both named by the task's words, that every item acted on held in one order
    ("the requested amount is not more than the order total": ``requested <= total``): act only
    while they do."""
    numeric = [
        f
        for f, v in results[0].items()
        if isinstance(f, str) and _kind(v) == "number" and f != "id" and not f.endswith("_id")
    ]
    numeric = [f for f in numeric if all(_kind(r.get(f)) == "number" for r in results)]
    guards: list[Guard] = []
    for n, a in enumerate(numeric):
        for b in numeric[n + 1 :]:
            if not ({a, b} & involved and _named(a, words) and _named(b, words)):
                continue
            if None not in (_field_unit(a), _field_unit(b)) and _field_unit(a) != _field_unit(b):
                continue  # (an amount and a number of days are not compared)
            pairs = [(r[a], r[b]) for r in results]
            if all(x < y for x, y in pairs):
                sign = "<"
            elif all(x > y for x, y in pairs):
                sign = ">"
            elif all(x <= y for x, y in pairs):
                sign = "<="
            elif all(x >= y for x, y in pairs):
                sign = ">="
            else:
                continue
            left = _source(RefExpr(name=var, path=(a,), path_kinds=(access,)))
            right = _source(RefExpr(name=var, path=(b,), path_kinds=(access,)))
            test = f"{left} {sign} {right}"
            guards.append(
                guard_on(
                    test,
                    None,
                    f"Every item the recording acted on had {a} {sign} {b}, both of which the "
                    "task's words name: act only while it holds.",
                )
            )
    return guards


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def _alike(
    source: str,
    seen: list[Any],
    rest: list[Any],
    named: bool,
    scope: _Scope,
    loose: bool,
    passed_on: bool = False,
    sets: bool = True,
) -> str | None:
    """What every value the items acted on had at one field satisfies, as a condition, when it
    may be a condition the model kept in its head (a word or flag where the items left differed
    or the words name the field, several words where an item left had another (``sets``, or
    where the words name the field); one number an
    item left did not have; a number or date range where the words name it, or where the
    items left fell outside it and the words write a number or a month the decision does not
    hold: ``loose``); ``None`` when nothing is."""
    first = seen[0]
    if _kind(first) == "other" and all(json_equal(v, first) for v in seen):
        # Nothing, or one list every item had (``refunded_at is None``, ``tags == []``),
        # where the items left differed or the words name it: "already refunded" never seen.
        differs = any(not json_equal(o, first) for o in rest)
        if not (differs or named) or not isinstance(first, list | type(None)):
            return None
        return f"{source} is None" if first is None else f"{source} == {literal_source(first)}"
    if any(_kind(v) != _kind(first) for v in seen) or _kind(first) == "other":
        return None
    if isinstance(first, str) and not _DATE.fullmatch(first) and not _WORDLIKE.fullmatch(first):
        return None  # (a free text: a name, a note)
    if isinstance(first, bool) or (isinstance(first, str) and not _DATE.fullmatch(first)):
        if any(not json_equal(v, first) for v in seen):
            # Words that differ: kept as the set the items acted on had, where an item left had
            # another ("arrived damaged": broken and crushed acted on, ok left).
            words = sorted({v for v in seen if isinstance(v, str)})
            other = any(isinstance(o, str) and o not in words for o in rest)
            if isinstance(first, bool) or not other or passed_on or not (sets or named):
                return None  # (a word the acting call passes on names the item: its sku)
            return f"{source} in {literal_source(words)}"
        # (Alike means something of two items or more: one item has every value alike, so its
        # word is a rule only where the words name it; round 44's instructor 'Anna'.)
        differs = any(not json_equal(o, first) for o in rest) and len(seen) > 1
        if not (differs or named or (isinstance(first, str) and _named(first, scope.description))):
            return None
        if isinstance(first, bool):
            return f"{source} is {first}"
        given = next((k for k, v in scope.inputs.items() if json_equal(v, first)), None)
        return f"{source} == {given or literal_source(first)}"
    if not (_is_number(first) or isinstance(first, str)):
        return None
    low, high = min(seen), max(seen)
    outside = any(_kind(o) == _kind(first) and not low <= o <= high for o in rest)
    # (One number every item acted on had and an item left did not: a rule where several items
    # had it, or it marks nothing having happened, "amount_received == 0.0" of "not settled at
    # all yet"; one item's weight is no rule, round 44's reefer of 22.0 t.)
    one = low == high and outside and (len(seen) > 1 or _empty_mark(first))
    if not (named or (loose and (outside or low == high)) or one):
        return None  # (numbers and dates differ from item to item: the words make one a rule)
    if low == high:
        given = next((k for k, v in scope.inputs.items() if json_equal(v, low)), None)
        return f"{source} == {given or literal_source(low)}"
    return f"{literal_source(low)} <= {source} <= {literal_source(high)}"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if _is_number(value):
        return "number"
    return "text" if isinstance(value, str) else "other"


_SAID = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|single|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|today|yesterday|week|"
    r"month|year)\b"
)


_TIMES = re.compile(
    r"\b(?:days?|weeks?|months?|years?|ago|recent(?:ly)?|older|newer|since|yesterday|today|"
    r"fortnight)\b"
)
_TIME_FIELDS = frozenset(
    {"day", "days", "age", "old", "date", "placed", "created", "updated", "time", "since", "at"}
)


def _timed(field: str, description: str, code: str) -> bool:
    """Whether the words speak of a time ("placed less than a month ago") the decision does
    not hold, and ``field`` is a time or an age (``days_old``, ``placed_at``): the words name
    it, though not by its name."""
    if not set(word_list(field)) & _TIME_FIELDS or _TIMES.search(code.lower()):
        return False
    return bool(_TIMES.search(description.lower()))


def _more_said(description: str, code: str) -> bool:
    """Whether the words write a number the decision's code does not hold, a number word or
    a time ("in March 2026", "just one item"): a condition the compute may have left out."""
    told = _EACH_ONE.sub(" ", description.lower())
    held = every_number(code)
    if any(not any(abs(n - h) < 1e-9 for h in held) for n in every_number(told)):
        return True
    return bool(_SAID.search(told))


_EACH_ONE = re.compile(
    r"\b(?:each|every|any|no|the next|one by) one\b|\bone (?:at a time|by one)\b"
)
""""Look each one up": no number the words write."""


_EXCEPT = re.compile(r"\b(?:except|excluding|other than|apart from|but not|unless|not)\b")


def _left_as_named(source: str, seen: list[Any], rest: list[Any], described: str) -> str | None:
    """``kind != 'gift card'``: a word an item left had at a field, which the task's words
    write and no item acted on had ("over 100 EUR, except gift cards"); where the words
    except something no item showed, ``kind in ('book', 'shoes')``: the words the items acted
    on had."""
    if not all(isinstance(v, str) and _WORDLIKE.fullmatch(v) for v in seen):
        return None
    told = described.lower()
    named = sorted(
        {
            o
            for o in rest
            if isinstance(o, str)
            and o not in seen
            and _WORDLIKE.fullmatch(o)
            and (re.search(rf"\b{re.escape(o.lower())}", told) or _all_said(o, told))
        }
    )
    if named:
        return " and ".join(f"{source} != {literal_source(v)}" for v in named)
    if _EXCEPT.search(told):
        return f"{source} in {literal_source(tuple(sorted(set(seen))))}"
    return None


def _all_said(value: str, told: str) -> bool:
    """Whether the words write every word of a value, in their own form (``gift_card`` in
    "never refund gift cards")."""
    words = [w for w in word_list(value) if len(w) >= 3]
    said = set(word_list(told))
    return bool(words) and all(any(t.startswith(w) for t in said) for w in words)


_LACKING = re.compile(
    r"\b(?:no|without|missing|lacks?|lacking|empty|blank|none|absent|unknown|never)\b|n't"
)
"""Words that say an item may lack something ("with no phone number", "whose phone is blank",
"who haven't given us a phone number")."""


def _present_as_told(
    source: str, field: str, seen: list[Any], description: str, fields: set[str]
) -> str | None:
    """``present(patient.phone)`` where a sentence of the words speaks of the field
    and of lacking something ("skip patients with no phone number", "whose phone is blank")
    and every item acted on this way had it, as text or a list: an item without it (``None``,
    blank, ``"N/A"``: :func:`compiler.fingerprint.present`) is one the recording never saw."""
    kind = type(seen[0]) if seen else None
    if kind not in (str, list) or not all(type(v) is kind and present(v) for v in seen):
        return None
    if not _lacking_told(field, description, fields):
        return None
    return f"{PRESENT}({source})"


_LACKING_UNNAMED = re.compile(
    r"\b(?:no|without|missing|lacking|blank|empty|cannot|unable|unreachable)\b|n't"
    r"|\bon (?:file|record)\b"
)
"""Words that say an item may lack something even where the words name it otherwise than
its field ("no mobile on file" of ``phone``, "whose number we don't have", "only patients with a
number on file", "patients we cannot text")."""


def _lacking_told(field: str, description: str, fields: set[str]) -> bool:
    """Whether a sentence of the words says something may be lacking and names the field (its
    first five letters), or, with a word of :data:`_LACKING_UNNAMED`, names no field of the
    item's (``fields``) at all: what it lacks may be this one."""

    def names(sentence: str, field: str) -> bool:
        parts = [w[:5] for w in word_list(field) if len(w) >= 4]
        return any(re.search(rf"\b{re.escape(n)}", sentence) for n in parts)

    for sentence in re.split(r"(?<=[.;:!?])\s+", description.lower()):
        if _LACKING.search(sentence) and names(sentence, field):
            return True
        if _LACKING_UNNAMED.search(sentence) and not any(names(sentence, f) for f in fields):
            return True
    return False


def _record_guards(
    var: str, access: Access, results: list[Any], read: set[str], description: str, step: int | None
) -> list[Guard]:
    """A record inside the item (``guardian``, ``contact``) that every item acted on this way
    had, every value of it there, where a sentence of the words says it may be lacking ("skip
    patients with no guardian on record", "no mobile number"): act only where it is there,
    whole (``present(patient.guardian)``)."""
    guards: list[Guard] = []
    for field in results[0] if results else ():
        values = [r.get(field) for r in results]
        if field in read or not all(isinstance(v, dict) and present(v) for v in values):
            continue
        if not isinstance(field, str) or not _lacking_told(
            field, description, set(map(str, results[0]))
        ):
            continue
        source = _source(RefExpr(name=var, path=(field,), path_kinds=(access,)))
        test = f"{PRESENT}({source})"
        guards.append(
            guard_on(
                test,
                step,
                f"The words speak of items without {field}, and every item the recording acted "
                f"on this way had it, whole: act only while {test}.",
                helper=PRESENT,
            )
        )
    return guards


def _named(name: str, words: set[str] | str) -> bool:
    """Whether the task's words name a field (``items`` in "single-item", ``placed``)."""
    told = words if isinstance(words, set) else set(word_list(words))
    return any(
        w[:4] == t[:4] and len(w) >= 4 and len(t) >= 4 for w in word_list(name) for t in told
    ) or bool(set(word_list(name)) & told)


def decided_var(loop: Loop) -> str | None:
    """The variable a loop of this module's decides each item on (what its branch tests)."""
    assigned = {s.var for s in loop.body if isinstance(s, Assign)}
    for stmt in loop.body:
        if isinstance(stmt, If) and len(stmt.condition.names) == 1:
            (name,) = stmt.condition.names
            if name in assigned:
                return name
    return None
