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
named for every item (``handled``) where both sides act is the list's length. Where one side
acts, a count named for the items it left (``kept``, ``skipped``, ``not_refunded``; not
``exempt``, which may name those left for one reason of several) that equals them is
``len(list) - len(side)`` when the decision leaves items one way only (one comparison of
numbers or one flag, not ``a and b`` nor a word compared) and the recording left a number of
items other than it acted on (or the words name the rest: "keep the rest"); a count named as
the list itself (``orders`` of ``order_ids``, and of no other list in scope) that equals every
item and no side's count is ``len(list)``; a word for an action done again counts it
(``reordered`` of ``place_order``). Any other number written after the loop (``units``, a
text with a number in it) is used only while the list is what the recording saw.

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
more than 50 EUR per order") holds that value; a field the words say an item may lack ("skip
patients with no phone number", "no guardian on record") that every item acted on had holds
it present (``present(patient.phone)``); and what the decision reads itself is held where
the recording could not show it would hold again (:mod:`._decision_reads`: a word it only rules
out, a place in a list, a value acting uses up, a total the words cap).

Before the loop, its list must hold no item twice, however a lookup may spell it
(``all_distinct(order_ids)``: one listed twice would be acted on twice, which the recording
never showed). After it, a change in a task whose words make anything conditional needs the
list as recorded (:func:`compiler.passes._loop_decisions._after_loop_guards`).

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

import re
from typing import Any

from compiler.ir import CodeExpr, Expr, LiteralExpr, RefExpr
from compiler.passes._decided_copies import collect_copies, given_source, texts_read
from compiler.passes._decided_counts import (
    _Counted,
    _counts_after,
    _has_digit,
    _passes_number,
    _plural,
)
from compiler.passes._hidden_words import (
    _is_number,
    every_number,
    quoted_words,
    word_list,
)
from compiler.passes._loop_places import _by_place, _places
from compiler.passes._loop_uses import _call_name
from compiler.passes._loops import (
    MAX_BODY,
    _body_shape,
    _build_loop,
    _positional,
    _shape,
)
from compiler.passes._scope import _code, _Scope, _source
from compiler.passes._side_guards import _value_bounds, acting_guards, decided_var
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
    If,
    Loop,
    Statement,
)

__all__ = ["acting_guards", "decided_loop", "decided_var"]

Built = tuple[list[Statement], int, list[Statement]]


def decided_loop(statements: list[Statement], i: int, scope: _Scope) -> Built | None:
    """The loop from statement ``i`` whose body decides per item (see the module)."""
    for m in range(1, MAX_BODY):
        if m == 1 and not _by_place(statements[i]):
            continue  # (a decision alone reads its item by place: ``permits[0].days_over > 14``)
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
        # (an ambiguity data flow flagged; an item copied from a list by its position is the
        # loop's to explain, as a plain loop's copies are)
        and all("list position" in note for note in stmt.notes)
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
    for side in sides:
        if not _alike_calls(statements, m, by_side[side], every_result, scope.description, scope):
            return None
    lookups = {
        p: s.var
        for p, s in enumerate(statements[i : i + m - 1])
        if isinstance(s, Assign) and isinstance(s.value, Call)
    }
    after, copies = collect_copies(
        after, statements, m, [(side, by_side[side]) for side in sides], lookups, scope
    )
    if any(names_read(s) & every_result for s in after):
        for pairs in copies.values():
            scope.taken -= {name for name, _ in pairs}
        return None  # what a repetition gave is read after the loop
    built = _build_loop(
        [*statements[:i], *prefixes, *after], i, m, len(reps), scope, decided_at=m - 1
    )
    if built is None:
        for pairs in copies.values():
            scope.taken -= {name for name, _ in pairs}
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
        place = _place_of(first)
        acting[side] = [
            _read_at_place(
                _read_as_looked_up(rename_statement(s, names), looked_up, loop), place, loop
            )
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
        rf"(steps \d+)–{max(loop.steps)}( of the recording)", rf"\g<1>–{last}\g<2>", loop.comment
    )
    loop = loop.model_copy(update={"body": body, "comment": comment})
    new = [loop if isinstance(s, Loop) else s for s in new]
    holder = loop.iterable.name if isinstance(loop.iterable, RefExpr) else _source(loop.iterable)
    if copies:
        same: dict[str, str] = {}  # (the items themselves: the side's own list of them)
        for side, copied in copies.items():
            key = "orelse_collect" if len(sides) == 2 and not side else "collect"
            resolved = [(name, given_source(read, loop)) for name, read in copied]
            same |= {name: done[side] for name, value in resolved if value == loop.var}
            kept = tuple(pair for pair in resolved if pair[0] not in same)
            branch = branch.model_copy(update={key: (*getattr(branch, key), *kept)})
        rewritten = [rename_statement(stmt, same) for stmt in rewritten]
        scope.taken -= set(same)
        body = tuple(branch if isinstance(s, If) else s for s in loop.body)
        loop = loop.model_copy(update={"body": body})
        new = [loop if isinstance(s, Loop) else s for s in new]
    texts = texts_read(statements, reps, m, scope)
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
            lists={n for n, v in in_scope.items() if isinstance(v, list) and n != holder},
            decided=decision.value.source if isinstance(decision.value, CodeExpr) else "",
            sums=_sums(statements, m, by_side[side], acting[side], scope),
            fresh=scope.fresh,
            texts=texts,
        )
        for side in sides
    ]
    rewritten = [
        new_stmt
        for stmt in rewritten
        for new_stmt in _counts_after(stmt, counted, scope.description)
    ]
    # The values worked out per item that a sum after the loop adds up, collected by side.
    for side, count in zip(sides, counted, strict=True):
        if not count.summed:
            continue
        summed = tuple((name, var) for var, name in count.summed.items())
        key = "orelse_collect" if len(sides) == 2 and not side else "collect"
        branch = branch.model_copy(update={key: (*getattr(branch, key), *summed)})
    if any(count.summed for count in counted):
        body = tuple(branch if isinstance(s, If) else s for s in loop.body)
        loop = loop.model_copy(update={"body": body})
        new = [loop if isinstance(s, Loop) else s for s in new]
    return new, end - i, rewritten


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


def _said_number(value: Any, said: list[float]) -> bool:
    """A whole number the words write (``tier=2`` for "escalate to tier 2")."""
    return is_integer(value) and not isinstance(value, bool) and any(value == n for n in said)


def _alike_calls(
    statements: list[Statement],
    m: int,
    reps: list[tuple[int, int]],
    every_result: set[str],
    description: str = "",
    scope: _Scope | None = None,
) -> bool:
    """Whether every repetition of one side gave its calls the same things: what the item was
    looked up by, or the same fields of its own results, and no number or value written out
    (a choice per item; but a number the words write, the same on every item of the side:
    "escalate to tier 2") nor another repetition's result; nor a field of its lookup's answer
    that held what another field of the item held too (``client.latest_job_id`` and
    ``job.id``, both "W1": which one the model copied, nothing says; red team round 56)."""
    said = every_number(description)
    quoted = quoted_words(description)
    template: list[Any] | None = None
    for start, n in reps:
        block = statements[start : start + m + n]
        own = {s.var for s in block if isinstance(s, Assign)}
        local = {s.var: p for p, s in enumerate(block) if isinstance(s, Assign)}
        looked_up = _looked_up_by(block[: m - 1])
        place = _place_of(block[:m])
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
                at = _at_place(expr, place)
                if at is not None:  # the item the decision read (``permits[2].plate``)
                    shape.append((p, key, ("at the place", at)))
                    continue
                if scope is not None and _two_sources(expr, block, scope):
                    return False
                for _, leaf in leaf_exprs(expr, f"argument {key}"):
                    if (
                        isinstance(leaf, LiteralExpr)
                        and not _plain_word(leaf.value)
                        and not _said_number(leaf.value, said)
                        and leaf.value not in quoted  # ("reason 'unused for over 90 days'")
                        and not _written_code(leaf.value, description)  # ("B1 if ...")
                    ):
                        return False  # a number or a value written out: a choice per item
                    if isinstance(leaf, RefExpr) and leaf.name in every_result - own:
                        return False  # another repetition's result
                if _outer_place(expr, every_result | own):
                    # (``coming_from=route_jobs[0].id`` on a side: a place in a list that is not
                    # the item's; which one for other items, nothing says; red team round 56)
                    return False
                shape.append((p, key, _positional(expr, local, p)))
        if any(part[2] is None for part in shape) or (template is not None and shape != template):
            return False
        template = shape
    return True


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


def _two_sources(expr: Expr, block: list[Statement], scope: _Scope) -> bool:
    """Whether an argument reads a field of a lookup's answer in the repetition whose recorded
    value another field of the listed record the lookup was given a field of held too."""
    if not isinstance(expr, RefExpr) or len(expr.path) != 1:
        return False
    made = next((s for s in block if isinstance(s, Assign) and s.var == expr.name), None)
    if made is None or not isinstance(made.value, Call):
        return False
    answer, _ = scope.result_of(made)
    if not isinstance(answer, dict) or expr.path[0] not in answer:
        return False
    value = answer[expr.path[0]]
    values = scope.values_at(scope.position_of(made))
    given = [value_of(e, values) for e in made.value.kwargs.values()]
    given_values = [v for known, v in given if known and isinstance(v, str | int)]
    for listed in values.values():
        if not isinstance(listed, list):
            continue
        for item in listed:
            if not isinstance(item, dict):
                continue
            keys = {k for k, v in item.items() if any(json_equal(v, g) for g in given_values)}
            if keys and any(k not in keys and json_equal(v, value) for k, v in item.items()):
                return True
    return False


def _outer_place(expr: Expr, results: set[str]) -> bool:
    """Whether an argument reads a place in a list the repetitions did not read themselves
    (``free_crews[0].id``, ``route_jobs[0].id``), inside a list or object too."""
    return any(
        isinstance(leaf, RefExpr)
        and leaf.name not in results
        and any(isinstance(step, int) for step in leaf.path)
        for _, leaf in leaf_exprs(expr, "argument")
    )


def _place_of(prefix: list[Statement]) -> tuple[str, tuple[str, ...], int] | None:
    """Where a repetition's reads found its item: the list's variable, the fields to it, the
    place. A decision alone may read it by place (``permits[2].days_over > 14``), or the
    lookups be given fields of it (``get_customer(customer_id=jobs[2].customer_id)``), where
    the sides may act on another field of the same item (``confirm_job(job_id=jobs[2].id)``);
    ``None`` where the reads name no one place."""
    decision, lookups = prefix[-1], prefix[:-1]
    found: set[tuple[str, tuple[str, ...], int]] = set()
    if not lookups and isinstance(decision, Assign) and isinstance(decision.value, CodeExpr):
        for dotted, at in _places(decision.value.source):
            name, *fields = dotted.split(".")
            found.add((name, tuple(fields), at))
    for lookup in lookups:
        if not (isinstance(lookup, Assign) and isinstance(lookup.value, Call)):
            return None
        for expr in lookup.value.kwargs.values():
            if not isinstance(expr, RefExpr):
                continue
            cut = next((n for n, e in enumerate(expr.path) if isinstance(e, int)), None)
            if cut is not None and cut + 1 < len(expr.path):
                index = expr.path[cut]
                assert isinstance(index, int)
                found.add((expr.name, tuple(str(e) for e in expr.path[:cut]), index))
    if len(found) != 1:
        return None
    return found.pop()


def _at_place(expr: Expr, place: tuple[str, tuple[str, ...], int] | None) -> Any:
    """The path inside the item of a reference to the place the decision read (``("plate",)``
    of ``permits[2].plate``), or ``None``."""
    if place is None or not isinstance(expr, RefExpr) or expr.name != place[0]:
        return None
    _, fields, at = place
    head = (*fields, at)
    if expr.path[: len(head)] != head:
        return None
    inside = expr.path[len(head) :]
    if any(isinstance(step, int) for step in inside):
        return None  # (``jobs[2].crews[0].id``: which crew of each job, nothing says)
    return inside


def _read_at_place(
    stmt: Statement, place: tuple[str, tuple[str, ...], int] | None, loop: Loop
) -> Statement:
    """An acting call given a field of the item the decision read by place, given the loop's
    item's field instead (``plate=permit.plate``)."""
    if place is None:
        return stmt

    def rewrite(expr: Expr, _label: str) -> Expr:
        inside = _at_place(expr, place)
        if inside is None or not isinstance(expr, RefExpr):
            return expr
        kinds = expr.path_kinds[len(expr.path) - len(inside) :] if expr.path_kinds else ()
        return RefExpr(name=loop.var, path=inside, path_kinds=kinds)

    return map_arguments(stmt, rewrite)


def _written_code(value: Any, description: str) -> bool:
    """A code with a digit the words write as it is, as a word of its own ("B1 if they scored
    60 or more, otherwise A2"): the side's constant, as a plain word is."""
    return (
        isinstance(value, str)
        and bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,5}", value))
        and re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", description) is not None
    )


def _plain_word(value: Any) -> bool:
    """A value the same on every item that no choice made: a word or phrase with no digits
    (``reason="over the limit"``), or ``None``."""
    return value is None or (isinstance(value, str) and not _has_digit(value))


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
