"""Loops that decide per item: read the item, decide on it in a ``compute``, act on one side
(or one way on each side).

The recording looked every item of a list up, decided on each in the same ``compute``
(``get_order_1.total > 100``), and acted where it came out one way; for the items decided the
other way it went straight on to the next item, or acted another way. Both sides were seen, so
both are code::

    refund_order_ids = []
    send_voucher_order_ids = []
    for order_id in order_ids:
        order = get_order(order_id=order_id)
        compute_1 = order.total > 100
        if compute_1:
            refund_order(order_id=order.id)
            refund_order_ids.append(order_id)
        else:
            send_voucher(order_id=order.id)
            send_voucher_order_ids.append(order_id)
    return Outputs(refunded=len(refund_order_ids), vouchers=len(send_voucher_order_ids))

A count the model wrote after the loop becomes ``len`` of the items one side acted on only when
its name says so: it shares a word with that side's action or a word that side passes
(``express`` of ``service="express"``) and no other side's, or, where one side acts, the words
or a counting name (``count``) say it and neither could it count the items left (as many as
those acted on) nor add up numbers the acting calls were given; a name ``not`` or a refusal
turns around (``not_refunded``, ``refunds_declined``) counts the other side where both act,
and never the side it names; one that
may name either side (``pending_approval``, ``yet_to_ship``) or whose words fit both sides'
actions (``refunds_denied``) counts neither; two numbers are never one list's length; one
named for every item (``handled``) where both sides act is the list's length. Any other
number written after the loop (``skipped``, ``units``, a text) is used only while the list is
what the recording saw.

On each acting side (:func:`acting_guards`), a word-like or true/false field every item acted
on had alike, where the items left differed or the words name it, must read so before acting
("not refunded yet" when the compute tested only the total); where both sides act, also one
every item had (``status == "delivered"``, ``refunded_at is None``, ``customer["tier"] ==
"standard"``: "orders in transit get neither" was never seen), written once before the ``if``,
and on either kind of loop a mark of nothing having happened every item had (``incoming ==
0``); a
bound the words compare that the decision does not hold ("a voucher only for orders of at least
20 EUR", "twenty euros or more") holds a side whose items fell on one side of it; a time the
words speak of ("less than a month ago") holds a side to the range its items had at a time or
age field; a whole number the words write that the decision does not hold, as many as the
items a side acted on ("two at most"), or a cap beside the side's action no lower than that
("no more than three"), caps it; a bound the words set on a value worked out per item ("never
more than 50 EUR per order") holds that value.

Only the plain shape rolls: every item looked up in order (no filter before the loop), lookups
that change nothing before the decision, on each side the same calls each time (and computes
over the item's own results: ``round(order.total * 0.2, 2)``) and nothing else, reading only
the item's own results, what it was looked up by and the same outer values (no number written
out), and nothing after the loop reading what a repetition gave. A side seen only in the last
repetition does nothing (a call after it is the loop's only if no side's calls could be it). A
decision that came out one way for every item is a plain loop's, with its guard inside
(:mod:`._loops`).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

from compiler.ir import CodeExpr, Expr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.passes._guard_kit import _changes
from compiler.passes._hidden_words import (
    _WORDLIKE,
    _is_number,
    every_number,
    in_digits,
    word_list,
)
from compiler.passes._loop_uses import COUNT_WORDS, _call_name, same_word, unexplained_after
from compiler.passes._loops import (
    MAX_BODY,
    _body_shape,
    _build_loop,
    _positional,
    _shape,
)
from compiler.passes._predicates import Access, comparison_words
from compiler.passes._scope import _code, _Scope, _source
from compiler.passes._values import is_integer, json_equal, value_of
from compiler.passes._walk import (
    argument_exprs,
    leaf_exprs,
    map_arguments,
    names_read,
    rename_code,
    rename_statement,
)
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    If,
    Loop,
    Return,
    Statement,
    walk_statements,
)

Built = tuple[list[Statement], int, list[Statement]]


def decided_loop(statements: list[Statement], i: int, scope: _Scope) -> Built | None:
    """The loop from statement ``i`` whose body decides per item (see the module)."""
    for m in range(2, MAX_BODY):
        run = _run(statements, i, m, scope)
        if run is not None:
            built = _build(statements, i, m, run, scope)
            if built is not None:
                return built
    return None


_Rep = tuple[int, bool, int]
"""One repetition: where it starts, how its decision came out, how many calls it acted with."""


def _run(statements: list[Statement], i: int, m: int, scope: _Scope) -> list[_Rep] | None:
    """The repetitions of an ``m``-statement read-and-decide prefix from ``i``, each followed by
    the acting calls or by nothing, as its decision came out; ``None`` unless both sides came
    out and every repetition of one side acted alike and of the other did nothing."""
    prefix = statements[i : i + m]
    shapes = [_body_shape(s) for s in prefix]
    decision = prefix[-1]
    if len(prefix) < m or None in shapes:
        return None
    if not (isinstance(decision, Assign) and isinstance(decision.value, CodeExpr)):
        return None
    if not all(_reads_only(s) for s in prefix[:-1]):
        return None
    starts: list[tuple[int, bool]] = []
    at = i
    while [_body_shape(s) for s in statements[at : at + m]] == shapes:
        decided = scope.result_of(statements[at + m - 1])[0]
        if not isinstance(decided, bool):
            return None
        starts.append((at, decided))
        at += m
        while at < len(statements) and _body_shape(statements[at]) != shapes[0]:
            if _body_shape(statements[at]) is None:
                break
            at += 1
        else:
            continue
        if at >= len(statements) or _body_shape(statements[at]) != shapes[0]:
            break
    if len(starts) < 2 or len({d for _, d in starts}) < 2:
        return None
    # Each side's calls: what follows the first repetition of that side with another after
    # it (a side seen only last does nothing, unless what follows it is the other side's).
    acting: dict[bool, list[Statement]] = {}
    for n, (start, decided) in enumerate(starts[:-1]):
        acting.setdefault(decided, statements[start + m : starts[n + 1][0]])
    if not any(acting.values()) or any(len(a) > MAX_BODY - m for a in acting.values()):
        return None
    shapes_of: dict[bool, list[Any]] = {}
    for decided, calls in acting.items():
        shapes_of[decided] = [_body_shape(s) for s in calls]
        if None in shapes_of[decided] or not all(isinstance(c, Assign | ExprStmt) for c in calls):
            return None
        if not any(_shape(c) for c in calls) and calls:
            return None  # (a side that only works something out acts on nothing)
    reps: list[_Rep] = []
    for n, (start, decided) in enumerate(starts):
        mine = shapes_of.get(decided, [])
        if n + 1 < len(starts):  # between two repetitions: exactly the side's calls
            gap = statements[start + m : starts[n + 1][0]]
            if [_body_shape(s) for s in gap] != mine:
                return None  # something else done on a side, or the other side's calls
        else:  # the last: its side's calls, or (a side that does nothing) not the other's
            for side, theirs in shapes_of.items():
                follows = statements[start + m : start + m + len(theirs)]
                seen = [_body_shape(s) for s in follows]
                if theirs and seen == theirs and side != decided and mine != theirs:
                    return None  # what follows may be the other side's calls
            follows = statements[start + m : start + m + len(mine)]
            if [_body_shape(s) for s in follows] != mine:
                return None
        reps.append((start, decided, len(mine)))
    return reps


def _reads_only(stmt: Statement) -> bool:
    """A statement before the decision: a lookup that changes nothing, or a compute."""
    if isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr):
        return True
    return (
        isinstance(stmt, Assign)
        and isinstance(stmt.value, Call)
        and stmt.value.action.read_only
        and not stmt.notes  # (a list position or an ambiguity data flow flagged)
    )


def _build(
    statements: list[Statement], i: int, m: int, reps: list[_Rep], scope: _Scope
) -> Built | None:
    start_last, _, acted_last = reps[-1]
    end = start_last + m + acted_last
    prefixes = [s for start, _, _ in reps for s in statements[start : start + m]]
    after = statements[end:]
    sides = sorted({d for _, d, n in reps if n}, reverse=True)  # the sides that act
    by_side = {side: [(start, n) for start, d, n in reps if d == side] for side in sides}
    read_results = {s.var for s in prefixes if isinstance(s, Assign)}
    every_result = set(read_results)
    for start, _, n in reps:
        every_result |= {s.var for s in statements[start : start + m + n] if isinstance(s, Assign)}
    if any(names_read(s) & every_result for s in after):
        return None  # what a repetition gave is read after the loop
    for side in sides:
        if not _alike_calls(statements, m, by_side[side], every_result, scope.description):
            return None
    built = _build_loop(
        [*statements[:i], *prefixes, *after], i, m, len(reps), scope, decided_at=m - 1
    )
    if built is None:
        return None
    new, _, rewritten = built
    loop = next(s for s in new if isinstance(s, Loop))
    if any(isinstance(s, Assign) and isinstance(s.value, CodeExpr) for s in new if s is not loop):
        _release(scope, new)
        return None  # a filter the recording's lookups were chosen by: not this shape
    decision = loop.body[m - 1]
    assert isinstance(decision, Assign)
    position = scope.position_of(statements[i])
    in_scope = scope.values_at(position)
    known, items = value_of(loop.iterable, in_scope)
    if not known or not isinstance(items, list) or len(items) != len(reps):
        _release(scope, new)
        return None
    acting: dict[bool, list[Statement]] = {}
    done: dict[bool, str] = {}
    for side in sides:
        start, n = by_side[side][0]
        first = statements[start : start + m]
        names = {
            s.var: t.var
            for s, t in zip(first, loop.body, strict=True)
            if isinstance(s, Assign) and isinstance(t, Assign)
        }
        looked_up = _looked_up_by(first[:-1])
        acting[side] = [
            _read_as_looked_up(rename_statement(s, names), looked_up, loop)
            for s in statements[start + m : start + m + n]
        ]
        acting[side] = _value_bounds(
            acting[side],
            [
                [scope.result_of(statements[start + m + j])[0] for start, _ in by_side[side]]
                for j in range(len(acting[side]))
            ],
            decision,
            scope.description,
        )
        action = next(_call_name(s) for s in acting[side] if _call_name(s))
        done[side] = scope.fresh(_done_name(action, loop.var))
    counts = {d: sum(1 for _, e, _ in reps if e == d) for d in (True, False)}
    if len(sides) == 2:
        notes = (
            f"A decision per item: the recording acted one way on the {_items(counts[True])} "
            f"with {decision.var} = True and another way on the {_items(counts[False])} with "
            "False.",
        )
        branch = If(
            condition=_code(decision.var),
            body=tuple(acting[True]),
            orelse=tuple(acting[False]),
            collect=((done[True], loop.var),),
            orelse_collect=((done[False], loop.var),),
            notes=notes,
        )
    else:
        (side,) = sides
        branch = If(
            condition=_code(decision.var if side else f"not {decision.var}"),
            body=tuple(acting[side]),
            collect=((done[side], loop.var),),
            notes=(
                f"A decision per item: the recording went on with {decision.var} = {side} for "
                f"{counts[side]} of {len(reps)} items and acted on them, and did nothing for "
                "the others.",
            ),
        )
    body = (*loop.body[:m], branch, *loop.body[m:])
    # (The loop's steps stay its reads and decisions, a repetition's worth each, which the
    # passes after this one stride through; the branch holds each side's first repetition's.)
    last = max(s.step for s in statements[i:end] if s.step is not None)
    comment = loop.comment and re.sub(
        rf"(steps \d+)–{loop.steps[-1]}( of the recording)", rf"\g<1>–{last}\g<2>", loop.comment
    )
    loop = loop.model_copy(update={"body": body, "comment": comment})
    new = [loop if isinstance(s, Loop) else s for s in new]
    holder = loop.iterable.name if isinstance(loop.iterable, RefExpr) else _source(loop.iterable)
    counted = [
        _Counted(
            done=done[side],
            passes_numbers=any(
                _passes_number(s, scope)
                for start, n in by_side[side]
                for s in statements[start + m : start + m + n]
            ),
            acted=counts[side],
            others=len(reps) - counts[side],
            actions={_call_name(s) for s in acting[side]} - {""},
            words={
                w
                for s in acting[side]
                for label, expr in argument_exprs(s)
                for _, leaf in leaf_exprs(expr, label)
                if isinstance(leaf, LiteralExpr) and isinstance(leaf.value, str)
                for w in word_list(leaf.value)
            },
            holder=holder,
            recorded=in_scope.get(holder),
            step=loop.steps[0],
            sums=_sums(statements, m, by_side[side], acting[side], scope),
            fresh=scope.fresh,
        )
        for side in sides
    ]
    rewritten = [new_stmt for stmt in rewritten for new_stmt in _counts_after(stmt, counted)]
    # The values worked out per item that a sum after the loop adds up, collected by side.
    for side, count in zip(sides, counted, strict=True):
        if not count.summed:
            continue
        pairs = tuple((name, var) for var, name in count.summed.items())
        key = "orelse_collect" if len(sides) == 2 and not side else "collect"
        branch = branch.model_copy(update={key: (*getattr(branch, key), *pairs)})
    if any(count.summed for count in counted):
        body = tuple(branch if isinstance(s, If) else s for s in loop.body)
        loop = loop.model_copy(update={"body": body})
        new = [loop if isinstance(s, Loop) else s for s in new]
    return new, end - i, rewritten


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
                Guard(
                    step=stmt.step,
                    condition=_code(test),
                    message=f"{stmt.var} is past {literal_source(bound)}, a bound the words set",
                    notes=(
                        f"The words bound what is worked out here at {literal_source(bound)}, "
                        f"and every value the recording worked out had {test}: past it, the "
                        "model would have passed another value.",
                    ),
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


def _sums(
    statements: list[Statement],
    m: int,
    reps: list[tuple[int, int]],
    acting: list[Statement],
    scope: _Scope,
) -> dict[str, float]:
    """For each number a side works out per item (a ``compute``), its sum over the items the
    recording acted on this way (what a total typed after the loop may add up)."""
    found: dict[str, float] = {}
    for j, stmt in enumerate(acting):
        if not (isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr)):
            continue
        values = [scope.result_of(statements[start + m + j])[0] for start, _ in reps]
        if values and all(_is_number(v) for v in values):
            found[stmt.var] = float(sum(values))
    return found


def _alike_calls(
    statements: list[Statement],
    m: int,
    reps: list[tuple[int, int]],
    every_result: set[str],
    description: str = "",
) -> bool:
    """Whether every repetition of one side gave its calls the same things: what the item was
    looked up by, or the same fields of its own results, and no number or value written out
    (a choice per item; but a number the words write, the same on every item of the side:
    "escalate to tier 2") nor another repetition's result."""
    said = every_number(description)
    template: list[Any] | None = None
    for start, n in reps:
        block = statements[start : start + m + n]
        own = {s.var for s in block if isinstance(s, Assign)}
        local = {s.var: p for p, s in enumerate(block) if isinstance(s, Assign)}
        looked_up = _looked_up_by(block[: m - 1])
        shape: list[Any] = []
        for p, stmt in enumerate(block[m:], start=m):
            if isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr):
                # A value worked out per item: the same code over the item's own results.
                read = set(stmt.value.names)
                if read & (every_result - own) or any(local[n] >= p for n in read & set(local)):
                    return False  # another repetition's result, or a later one
                code = rename_code(stmt.value, {n: f"local{local[n]}" for n in read & set(local)})
                shape.append((p, "code", code.source))
                continue
            assert isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)
            for key, expr in stmt.value.kwargs.items():
                if expr in looked_up:  # what the item was looked up by (``$ref ids.2``)
                    shape.append((p, key, ("looked up by", *looked_up[expr])))
                    continue
                for _, leaf in leaf_exprs(expr, f"argument {key}"):
                    if (
                        isinstance(leaf, LiteralExpr)
                        and not _plain_word(leaf.value)
                        and not _said_number(leaf.value, said)
                    ):
                        return False  # a number or a value written out: a choice per item
                    if isinstance(leaf, RefExpr) and leaf.name in every_result - own:
                        return False  # another repetition's result
                shape.append((p, key, _positional(expr, local, p)))
        if any(part[2] is None for part in shape) or (template is not None and shape != template):
            return False
        template = shape
    return True


@dataclass
class _Counted:
    """What the numbers written after a loop that decides per item may count."""

    done: str
    """The list of the items acted on."""
    passes_numbers: bool
    """Whether the acting calls were given numbers (what a number after may add up)."""
    acted: int
    others: int
    """How many items the recording acted on, and how many it left."""
    actions: set[str]
    words: set[str]
    """The words the side's calls pass as written (``service="express"``)."""
    holder: str
    """The list the loop went over, and its value in the recording."""
    recorded: Any
    step: int
    sums: dict[str, float] = default(default_factory=dict)
    """Each number the side works out per item, summed over the items acted on this way."""
    fresh: Callable[[str], str] | None = None
    summed: dict[str, str] = default(default_factory=dict)
    """The values a sum after the loop adds up, each with the list that collects them."""


def _counts_after(stmt: Statement, counted: list[_Counted]) -> list[Statement]:
    """A number written after the loop, in a change or the outputs: the count of the items
    one side acted on (``len(done)``) when its name says it counts them (shares a word with
    that side's action and no other side's, or, where one side acts, is a word that counts and
    the items left were not as many); anything else the model wrote with a number in it (a
    count of the items left, a sum of what it passed, a text) is returned or passed only while
    the list is what the recording saw."""
    if not isinstance(stmt, Return) and not _changes(stmt):
        return [stmt]
    kept: list[str] = []

    def counts(expr: Expr, label: str) -> _Counted | None:
        value = expr.value if isinstance(expr, LiteralExpr) else None
        if not _is_number(value) or not is_integer(value):
            return None
        fits = [c for c in counted if _counts_acted(label, c, alone=len(counted) == 1)]
        if not fits and len(counted) == 2:
            # ``not_refunded`` where both sides act: the other side's items.
            turned = [c for c in counted if _counts_acted(label, c, turned=True)]
            fits = [c for c in counted if c not in turned] if len(turned) == 1 else []
        return fits[0] if len(fits) == 1 and value == fits[0].acted else None

    # (Two numbers that would both be one list's length: at most one of them counts it.)
    claimed = Counter(
        found.done
        for label, expr in argument_exprs(stmt)
        for inner, leaf in leaf_exprs(expr, label)
        if (found := counts(leaf, inner)) is not None
    )

    def rewrite(expr: Expr, label: str) -> Expr:
        if not isinstance(expr, LiteralExpr):
            return expr
        value = expr.value
        if isinstance(value, str) and _has_digit(value):
            kept.append(label)
        if not _is_number(value):
            return expr
        found = counts(expr, label)
        if found is not None and claimed[found.done] == 1:
            return _code(f"len({found.done})")
        if _counts_all(label, value, counted):
            return _code(f"len({counted[0].holder})")
        summed = _summed(value, counted)
        if summed is not None:
            return _code(summed)
        kept.append(label)
        return expr

    new = map_arguments(stmt, rewrite)
    if not kept:
        return [new]
    what = ", ".join(label.split(" ", 1)[-1] for label in kept)
    holder = counted[0].holder
    note = (
        f"The model wrote {what} after deciding on each item of {holder}, and nothing "
        f"says what it counts or adds up: use it only while {holder} is what the "
        "recording saw."
    )
    return [unexplained_after(stmt, holder, counted[0].recorded, what, note), new]


_IRREGULAR = {
    "held": "hold",
    "sent": "send",
    "paid": "pay",
    "kept": "keep",
    "sold": "sell",
    "bought": "buy",
    "made": "make",
    "told": "tell",
    "given": "give",
    "taken": "take",
    "written": "write",
    "chosen": "choose",
}
"""Past forms a count's name may take of an action's verb (``held`` of ``hold_payout``)."""


def _summed(value: Any, counted: list[_Counted]) -> str | None:
    """``round(sum(amounts), 2)`` when a number typed after the loop is, to the cent, the sum
    of one value a side worked out per item (and of no other): a total the model added up."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    fits = [
        (count, var)
        for count in counted
        for var, total in count.sums.items()
        if abs(round(total, 2) - value) < 1e-9 or abs(total - value) < 1e-9
    ]
    if len(fits) != 1 or (is_integer(value) and not value):
        return None
    count, var = fits[0]
    if var not in count.summed:
        assert count.fresh is not None
        count.summed[var] = count.fresh(_plural(var))
    listed = count.summed[var]  # (typed to the cent, as money is: the sum to the cent too)
    return f"round(sum({listed}), 2)" if round(value, 2) == value else f"sum({listed})"


_ALL_WORDS = frozenset(
    {"handled", "processed", "reviewed", "checked", "examined", "triaged", "total", "all"}
)
"""Words that name every item a loop went over, when each was acted on one way or another."""


def _counts_all(label: str, value: Any, counted: list[_Counted]) -> bool:
    """Whether a number after a loop whose both sides act counts every item (``handled``:
    each item was acted on one way or the other), its name one of :data:`_ALL_WORDS`, turned
    around by none of :data:`_NEGATING`."""
    words = set(word_list(label.split(" ", 1)[-1]))
    return (
        len(counted) == 2
        and is_integer(value)
        and value == counted[0].acted + counted[1].acted
        and bool(words & _ALL_WORDS)
        and not words & _NEGATING
    )


def _undoubled(word: str) -> str:
    """``flag`` of ``flagged``, ``ship`` of ``shipped`` (the doubled consonant), ``deny`` of
    ``denied``."""
    if word.endswith("ed") and len(word) > 4 and word[-3] == word[-4] and word[-3] not in "aeiou":
        return word[:-3]
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    return word


_NEGATING = frozenset(
    {
        "not",
        "non",
        "no",
        "without",
        "pending",
        "awaiting",
        "left",
        "remaining",
        "skipped",
        "unprocessed",
        "missing",
        "failed",
        "outstanding",
        "excluded",
        "ignored",
        "yet",
        "still",
        "remain",
        "unpaid",
    }
)
_TURNING = frozenset({"not", "non", "no", "without"})
"""The words of :data:`_NEGATING` that only turn a name around (``not_refunded``: the items
not refunded); others (``pending_approval``, ``awaiting_receipt``, ``yet_to_ship``) may name
either side, so such a count is used only while the list is as recorded."""
"""Words that turn a count's name around (``not_refunded``, ``pending_approval``): it counts
the items the action was not done to."""


_REFUSED = frozenset(
    {
        "declined",
        "withheld",
        "rejected",
        "refused",
        "never",
        "ineligible",
        "denied",
        "blocked",
        "withdrawn",
        "cancelled",
        "canceled",
        "voided",
    }
)
"""Words that say an action was not done, beside the action's own word (``refunds_declined``,
``never_refunded``): they turn the name around as ``not`` does (the other side's items); alone
(``rejected`` of ``reject_expense``) they name the action done."""


def _counts_acted(
    label: str, counted: _Counted, *, alone: bool = True, turned: bool = False
) -> bool:
    """Whether a number's ``label`` names the items one side acted on (``alone``: the only
    side that acts; else a counting word does not say which side); never a name a word of
    :data:`_NEGATING` turns around (``turned``: whether it names them turned around,
    ``not_refunded`` of ``refund_order``)."""
    words = word_list(label.split(" ", 1)[-1])
    negated = (
        set(words) & _NEGATING
        or any(w.startswith(("un", "in")) and len(w) > 7 for w in words)
        or (set(words) & _REFUSED and len(words) > 1)
    )
    if bool(negated) != turned:
        return False
    if turned:
        if not set(words) <= _TURNING | {w for w in words if w not in _NEGATING}:
            return False  # (``awaiting``, ``yet``: which side it names is not known)
        words = [w for w in words if w not in _NEGATING]
        alone = False
    plain = " ".join(_IRREGULAR.get(w, _undoubled(w)) for w in words)
    if any(same_word(f"output {plain}", action) for action in counted.actions):
        return True  # ``refunded`` of ``refund``, ``held`` of ``hold_payout``
    if set(words) & counted.words:
        return True  # ``express`` of ``ship_order(service="express")``
    if not alone:
        return False
    # (Not a word of the task's: "flagged" of a second loop, "customers" of their orders.)
    said = set(words) & COUNT_WORDS  # ``count``, ``number``
    # (As many items left as acted on: the count may be theirs. Numbers passed: a sum. One
    # item acted on: a 1 turns up everywhere, unless the action's own word says it.)
    return bool(said) and counted.acted not in (1, counted.others) and not counted.passes_numbers


def _passes_number(stmt: Statement, scope: _Scope) -> bool:
    values = scope.values_at(scope.position_of(stmt))
    for label, expr in argument_exprs(stmt):
        for _, leaf in leaf_exprs(expr, label):
            known, value = value_of(leaf, values) if isinstance(leaf, RefExpr) else (True, None)
            if isinstance(leaf, LiteralExpr):
                value = leaf.value
            if known and _is_number(value):
                return True
    return False


def _looked_up_by(prefix: list[Statement]) -> dict[Expr, tuple[int, str]]:
    """The references the repetition's lookups were given whole, each with where it was given
    (the lookup's position, the keyword): an acting call given the same reads it as they do."""
    found: dict[Expr, tuple[int, str]] = {}
    for p, stmt in enumerate(prefix):
        if isinstance(stmt, Assign) and isinstance(stmt.value, Call):
            for key, expr in stmt.value.kwargs.items():
                if isinstance(expr, RefExpr):
                    found.setdefault(expr, (p, key))
    return found


def _read_as_looked_up(
    stmt: Statement, looked_up: dict[Expr, tuple[int, str]], loop: Loop
) -> Statement:
    """An acting call of the first acting repetition given what its lookup was given, reading
    it as the loop's lookup does (``expense_id=expense_id``); a compute as it is."""
    if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
        return stmt
    kwargs = dict(stmt.value.kwargs)
    for key, expr in kwargs.items():
        if expr in looked_up:
            p, given = looked_up[expr]
            lookup = loop.body[p]
            assert isinstance(lookup, Assign) and isinstance(lookup.value, Call)
            kwargs[key] = lookup.value.kwargs[given]
    return stmt.model_copy(update={"value": stmt.value.model_copy(update={"kwargs": kwargs})})


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


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
    act only while it reads so. Ids are no condition."""
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
    for p, stmt in enumerate(rolled[:-1]):
        if not (isinstance(stmt, Assign) and isinstance(stmt.value, Call)) or not acted:
            continue
        results = [_result(scope, rep[p]) for rep in acted]
        others = [_result(scope, rep[p]) for rep in left]
        first, annotation = scope.result_of(stmt)
        from compiler.passes.data_flow import access_of

        access = access_of(annotation, first)
        if access is None or not all(isinstance(r, dict) for r in results):
            continue
        read = _fields_read(code, stmt.var)
        guards += _relations(stmt.var, access, results, read | passed_here(stmt.var), words)
        guards += _bound_guards(stmt.var, access, results, read, code, scope.description)
        nested = _nested_access(scope, acted[0][p] if acted else None)
        for path in _paths(results, read):
            field = str(path[-1])
            if len(path) > 1 and path[0] not in nested and access != "key":
                continue  # (how to read inside it is not known; inside a dict, a dict)
            kinds = (access, *([nested.get(path[0], access)] * (len(path) - 1)))
            source = _source(RefExpr(name=stmt.var, path=path, path_kinds=kinds))
            seen = [_at(r, path) for r in results]
            rest = [_at(o, path) for o in others if isinstance(o, dict)]
            passed_on = path[0] in passed_here(stmt.var) and len(path) == 1
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
            if test is None:
                test = _left_as_named(source, seen, rest, scope.description)
            if test is None:
                continue
            guards.append(
                Guard(
                    step=decision.step,
                    condition=_code(test),
                    message=f"the recording acted only where {test}",
                    notes=(
                        f"Every item the recording acted on this way had {test}, which the "
                        f"decision ({decision.var}) does not read: act only while it holds.",
                    ),
                )
            )
    done = (branch.orelse_collect if both and not side else branch.collect)[0][0]
    mine = branch.body if side or not both else branch.orelse
    theirs = (branch.orelse if side else branch.body) if both else ()
    cap = _cap_guard(
        done,
        len(acted),
        code,
        scope.description,
        {_call_name(s) for s in mine} - {""},
        {_call_name(s) for s in theirs} - {""},
    )
    return [*guards, *cap]


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
            Guard(
                step=None,
                condition=_code(test),
                message=f"{cap} items were acted on this way: the words cap them at {cap}",
                notes=(
                    f"The words write {cap}, which the decision does not hold, and the "
                    f"recording acted on {acted} items this way: act on no more than {cap}.",
                ),
            )
        ]
    return []


def _bound_guards(
    var: str, access: Access, results: list[Any], read: set[str], code: str, description: str
) -> list[Guard]:
    """A number field the decision reads, and a bound the words compare that the decision does
    not hold ("a voucher only for orders of at least 20 EUR"): when every item on this side
    fell on one side of it, act only while the item does too (``order.total >= 20``)."""
    held = every_number(code)
    told = in_digits(description.lower())
    guards: list[Guard] = []
    for bound, ops in sorted(comparison_words(told).items()):
        if any(abs(bound - h) < 1e-9 for h in held):
            continue
        unit = _unit_of(bound, told)
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
                Guard(
                    step=None,
                    condition=_code(test),
                    message=f"the recording acted this way only where {test}",
                    notes=(
                        f"The words compare with {literal_source(bound)}, which the decision "
                        f"does not hold, and every item acted on this way had {test}.",
                    ),
                )
            )
    return guards


def _said_number(value: Any, said: list[float]) -> bool:
    """A whole number the words write (``tier=2`` for "escalate to tier 2")."""
    return is_integer(value) and not isinstance(value, bool) and any(value == n for n in said)


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


def _nested_access(scope: _Scope, step: int | None) -> dict[str, Access]:
    """How each field holding a record is read inside, from the step's recorded repr: a model
    (``employee=Employee(...)``) by attribute, a dict (``meta={...}``) by key."""
    found = scope.steps.get(step) if step is not None else None
    shown = found.result_repr if found is not None and found.result_repr else ""
    out: dict[str, Access] = {}
    for match in re.finditer(r"\b([A-Za-z_]\w*)=(?:([A-Z]\w*)\(|(\{))", shown):
        out.setdefault(match.group(1), "attr" if match.group(2) else "key")
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
                Guard(
                    step=None,
                    condition=_code(test),
                    message=f"the recording acted only where {test}",
                    notes=(
                        f"Every item the recording acted on had {a} {sign} {b}, both of which "
                        "the task's words name: act only while it holds.",
                    ),
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
        differs = any(not json_equal(o, first) for o in rest)
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
    if not (named or (loose and (outside or low == high)) or (low == high and outside)):
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
            and re.search(rf"\b{re.escape(o.lower())}", told)
        }
    )
    if named:
        return " and ".join(f"{source} != {literal_source(v)}" for v in named)
    if _EXCEPT.search(told):
        return f"{source} in {literal_source(tuple(sorted(set(seen))))}"
    return None


def _named(name: str, words: set[str] | str) -> bool:
    """Whether the task's words name a field (``items`` in "single-item", ``placed``)."""
    told = words if isinstance(words, set) else set(word_list(words))
    return any(
        w[:4] == t[:4] and len(w) >= 4 and len(t) >= 4 for w in word_list(name) for t in told
    ) or bool(set(word_list(name)) & told)


def _result(scope: _Scope, step: int) -> Any:
    found = scope.steps.get(step)
    return None if found is None else found.result


def decided_var(loop: Loop) -> str | None:
    """The variable a loop of this module's decides each item on (what its branch tests)."""
    assigned = {s.var for s in loop.body if isinstance(s, Assign)}
    for stmt in loop.body:
        if isinstance(stmt, If) and len(stmt.condition.names) == 1:
            (name,) = stmt.condition.names
            if name in assigned:
                return name
    return None


def _plain_word(value: Any) -> bool:
    """A value the same on every item that no choice made: a word or phrase with no digits
    (``reason="over the limit"``), or ``None``."""
    return value is None or (isinstance(value, str) and not _has_digit(value))


def _plural(var: str) -> str:
    return var if var.endswith("s") else f"{var}s"


def _items(count: int) -> str:
    return "item" if count == 1 else f"{count} items"


def _done_name(action: str, var: str) -> str:
    """The list of the items an action was done to: ``refund_order_ids`` (``refund_order``,
    items ``order_id``; a word the two share is written once), ``label_ticket_ids``."""
    words, theirs = action.split("_"), _plural(var).split("_")
    for n in range(min(len(words), len(theirs) - 1), 0, -1):
        if words[-n:] == theirs[:n]:
            return "_".join([*words, *theirs[n:]])
    return f"{action}_{_plural(var)}"


def _release(scope: _Scope, new: list[Statement]) -> None:
    """Give back the names a loop that is not kept took."""
    for stmt in new:
        if isinstance(stmt, Loop):
            scope.taken.discard(stmt.var)
            for name, _ in stmt.collect:
                scope.taken.discard(name)
        elif isinstance(stmt, Assign):
            scope.taken.discard(stmt.var)
