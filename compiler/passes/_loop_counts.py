"""Numbers the model wrote after a loop, for the ``control_flow`` pass (split from
:mod:`._loop_uses`): a count of the repetitions as ``len(...)``, the items a filter left out,
a sum of a field, a number the body passed times the repetitions; what a count's name says of
them; and the guards where a number is explained two ways, or not at all."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from compiler.fingerprint import fingerprint
from compiler.ir import CodeExpr, Expr, FStringExpr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.passes._hidden_words import in_digits
from compiler.passes._loop_uses import _paths_in, same_word
from compiler.passes._predicates import Access
from compiler.passes._scope import SAME_AS_RECORDED, _code
from compiler.passes._values import follow, is_integer, json_equal
from compiler.passes._walk import map_arguments
from compiler.recipe_ir import Assign, Call, ExprStmt, Guard, Return, Statement


@dataclass(frozen=True)
class LoopFacts:
    """What :func:`_counts` needs to know of a loop just rolled."""

    reps: int
    """How many times the recording went round."""
    count_of: str
    """What the loop goes over (source): ``len(<it>)`` counts the repetitions."""
    var: str
    """The loop variable."""
    access: Access | None
    """How the items' fields are read."""
    items: list[Any]
    """The items the recording acted on."""
    mine: set[str]
    """The body's actions."""
    others: set[str]
    """Actions called after the loop."""
    words: set[str]
    """Names of what the loop counts besides its actions (the list, when it goes over all of
    it)."""
    description: str
    """The task's own words."""
    whole: str
    """The list the loop filtered (source), or ``count_of`` when it goes over all of it."""
    size: int
    """How many items that list had in the recording."""
    holder: str
    """The variable holding the list the loop went over (or filtered)."""
    recorded: Any
    """Its value in the recording."""
    step: int
    each: tuple[float, ...] = ()
    """The numbers the body's changing calls pass as written, the same on every repetition
    (a fee of 5 per invoice): a total of them is one of them times the repetitions."""


COUNT_WORDS = frozenset({"count", "counts", "number", "num", "n", "how_many", "many"})
"""Output and argument names that say they count something (the loop, right after one)."""

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
"""Numbers a description may write as words (``in two days``)."""


def _counts(stmt: Statement, facts: LoopFacts) -> list[Statement]:
    """Numbers the model wrote after a loop, in later calls and the outputs, explained by the
    loop (the statement, and any guard to put before it).

    A literal equal to the number of repetitions becomes ``len(<what the loop went over>)``
    when its name says it counts the loop's calls or items (``reminded`` of ``send_reminder``,
    ``count``) or is the description's own word for them (``ticked`` of "how many boxes you
    ticked"), unless that name is a field of the items too (``already_paid``); a number the
    description writes, or one named for another action (``escalated`` after a loop that
    reminds), stays as written; any other stays as written under a guard: in a call, that the
    count is still the same, and in the outputs, that the loop's list is still what the
    recording saw. A number in the outputs or a call that equals
    the sum of one numeric field over the items acted on becomes that sum
    (``sum(invoice.amount for invoice in unpaid)``); any other number in the outputs is
    unexplained, and is returned only under that same guard. A count named for a field of the
    items that equals the items a filter left out (``already_paid``) is that difference."""
    if facts.reps < 2:
        return [stmt]
    is_output = isinstance(stmt, Return)
    if not is_output and not (
        isinstance(stmt, Assign | ExprStmt)
        and isinstance(stmt.value, Call)
        and not stmt.value.action.read_only
    ):
        return [stmt]
    coincidences: list[str] = []  # labels of counts nothing else explains
    unexplained: list[str] = []  # labels of other numbers nothing explains
    undecided: list[str] = []  # labels of counts both the loop and the left-out explain
    written: list[tuple[str, Expr, Any]] = []  # totals equal to a number the words write
    both: list[tuple[str, Expr]] = []  # sums that equal the count of the items too

    def rewrite(expr: Expr, label: str) -> Expr:
        if not isinstance(expr, LiteralExpr) or not _is_number(expr.value):
            return expr
        value = expr.value
        theirs = any(same_word(label, o) for o in facts.others) and not any(
            same_word(label, m) for m in facts.mine
        )
        if is_integer(value) and value == facts.reps:
            by_field = _left_out(value, label, facts) is not None
            if _names_the_loop(label, facts):
                if by_field:
                    undecided.append(label)  # ``paid`` after a loop that pays, by ``paid``
                return _code(f"len({facts.count_of})")
            summed = _sum_of(value, facts)
            if summed is not None:
                # (As many as the items: every value was 1, and the count of the items fits as
                # well; round 48's households of one person each. Only while they agree.)
                both.append((label, summed))
                return summed
            if theirs or _described(value, facts.description):
                return expr
            if by_field:
                return _code(f"len({facts.whole}) - len({facts.count_of})")
            if _in_words(label, facts.description):
                if not _names_a_field(label, facts):
                    return _code(f"len({facts.count_of})")  # "how many boxes you ticked"
                if _fits_left_out(value, facts):
                    # ``approved`` of "press Approve", and an ``action: "Approve"`` field
                    undecided.append(label)
                    return _code(f"len({facts.count_of})")
            coincidences.append(label)
            return expr
        if theirs:
            return expr  # ``closed`` after a loop that refunds: the later loop's to explain
        summed = _sum_of(value, facts) or _left_out(value, label, facts)
        if summed is not None:
            return summed
        times = _times_each(value, facts)
        if times is not None:
            if _described(value, facts.description):
                written.append((label, times, value))  # "10 EUR" written; 2 fees of 5: 10
            return times
        if is_output and not theirs and not _described(value, facts.description):
            unexplained.append(label)
        return expr

    new = map_arguments(stmt, rewrite)
    coincidences += _counts_in_text(new, facts)
    guards = [_agreement(stmt, undecided, facts)] if undecided else []
    guards += [_written_total(stmt, *total) for total in written]
    guards += [_sum_or_count(stmt, *pair, facts) for pair in both]
    if is_output and (coincidences or unexplained):
        what = ", ".join(coincidences + unexplained)
        note = (
            f"The model wrote {what} after going over {facts.count_of}, and no count or sum "
            f"explains it: return it only while {facts.holder} is what the recording saw."
        )
        return [*guards, unexplained_after(stmt, facts.holder, facts.recorded, what, note), new]
    if coincidences:
        what = ", ".join(coincidences)
        return [
            *guards,
            Guard(
                step=stmt.step,
                condition=_code(f"len({facts.count_of}) == {facts.reps}"),
                message=(
                    f"{facts.count_of} has another number of items than the {facts.reps} the "
                    f"recording went over, and its {what} = {facts.reps} may have counted them"
                ),
                notes=(
                    f"The model wrote {what} = {facts.reps}, the number of items the loop went "
                    f"over, and nothing says whether it counts them: go on only while "
                    f"{facts.count_of} has {facts.reps}.",
                ),
            ),
            new,
        ]
    return [*guards, new]


def _sum_or_count(stmt: Statement, label: str, summed: Expr, facts: LoopFacts) -> Guard:
    """The guard that a sum read as the model's number (``sum(h.size for h in households)``)
    still equals the count of the items, the other reading the recording allows."""
    assert isinstance(summed, CodeExpr)
    return Guard(
        step=stmt.step,
        condition=_code(f"{summed.source} == len({facts.count_of})"),
        message=(
            f"{label} = {facts.reps} may add up a field or count the items of "
            f"{facts.count_of}, and those differ now"
        ),
        notes=(
            f"The model wrote {label} = {facts.reps}: the items' field adds up to it, and it is "
            f"as many as the items too; go on only while both say the same.",
        ),
    )


def unexplained_after(stmt: Statement, holder: str, recorded: Any, what: str, note: str) -> Guard:
    """``if not same_as_recorded(holder, …): raise SideExit(...)`` before a statement given
    numbers written after a loop that nothing explains (``what``)."""
    return Guard(
        step=stmt.step,
        condition=CodeExpr(
            source=f"{SAME_AS_RECORDED}({holder}, {literal_source(fingerprint(recorded))})",
            names=(holder,),
        ),
        message=(
            f"{holder} is not what the recording saw, and nothing says how the {what} the "
            "model wrote after the loop follows from it"
        ),
        notes=(note,),
        uses=(SAME_AS_RECORDED,),
    )


_ORDINALS = re.findall(r"\w+", "second third fourth fifth sixth seventh eighth ninth tenth")
_COUNT_WORDS = {
    "both": 2,
    "pair": 2,
    "couple": 2,
    "twice": 2,
    "trio": 3,
    "thrice": 3,
    "dozen": 12,
    **{word: n for n, word in enumerate(_ORDINALS, start=2)},
}
"""Words that write how many items, or which of them ("the third was non-refundable"), besides
the numbers :func:`compiler.passes._hidden_words.in_digits` reads."""


def _counts_in_text(stmt: Statement, facts: LoopFacts) -> list[str]:
    """Labels of texts after a loop that write the number of its repetitions ("2 final
    notices sent"): the model may have counted the items, and nothing in the text says so."""
    found: list[str] = []
    shown = re.compile(rf"(?<![\w.]){facts.reps}(?![\w]|\.\d)")

    def look(expr: Expr, label: str) -> Expr:
        texts = (
            [expr.value]
            if isinstance(expr, LiteralExpr) and isinstance(expr.value, str)
            else (
                [p for p in expr.parts if isinstance(p, str)]
                if isinstance(expr, FStringExpr)
                else []
            )
        )
        said = any(
            shown.search(in_digits(t))
            or facts.reps in {_COUNT_WORDS.get(w) for w in re.findall(r"[a-z]+", t.lower())}
            for t in texts
        )
        if said and label not in found:
            found.append(label)
        return expr

    map_arguments(stmt, look)
    return found


def _agreement(stmt: Statement, labels: list[str], facts: LoopFacts) -> Guard:
    """The guard that a count read as the loop's (``len(selected)``) still equals the items the
    filter left out (``len(table) - len(selected)``), the other reading its name allows."""
    what = ", ".join(labels)
    left = f"len({facts.whole}) - len({facts.count_of})"
    return Guard(
        step=stmt.step,
        condition=_code(f"{left} == len({facts.count_of})"),
        message=(
            f"{what} = {facts.reps} may count the items of {facts.count_of} or the items of "
            f"{facts.whole} the loop left out, and those differ now"
        ),
        notes=(
            f"The model wrote {what} = {facts.reps}: the items the loop went over and the ones "
            f"it left out both number {facts.reps} in the recording, and its name fits both: go "
            "on only while they agree.",
        ),
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _names_the_loop(label: str, facts: LoopFacts) -> bool:
    """Whether a value's name says it counts the loop: a word of it shares a stem with the
    body's actions (``added`` and ``add_to_cart``) or with what the loop goes over, or begins
    like a word of an action's (``ordered`` and ``place_purchase_order``, which the stems
    ``order`` and ``ord`` miss), or it is a word that counts (``count``)."""
    words = _words(label)
    if any(w in COUNT_WORDS for w in words) or "how_many" in label:
        return True
    theirs = {w for name in (*facts.mine, *facts.words) for w in _words(name)}
    if any(_stem(a) == _stem(b) for a in words for b in theirs if len(_stem(a)) >= 3):
        return True
    return any(same_word(label, name) for name in facts.mine)  # ``ordered``, ``…_order``


def _left_out(value: Any, label: str, facts: LoopFacts) -> Expr | None:
    """``len(<list>) - len(<filtered>)`` for a count named for a field of the items
    (``already_paid`` after reminding the unpaid ones) that equals the items the filter left
    out (and not all of them), when that field tells the items left out from the ones acted on
    (``paid`` does; an ``action: "Approve"`` every row holds does not)."""
    if not _fits_left_out(value, facts) or not _names_the_difference(label, facts):
        return None
    return _code(f"len({facts.whole}) - len({facts.count_of})")


def _fits_left_out(value: Any, facts: LoopFacts) -> bool:
    """Whether ``value`` is the number of items the loop's filter left out (and not all)."""
    return (
        facts.whole != facts.count_of
        and is_integer(value)
        and value == facts.size - facts.reps
        and value != facts.size
    )


def _names_the_difference(label: str, facts: LoopFacts) -> bool:
    """Whether a value's name is a field (or a field's word) on which the items the filter
    left out and the ones the loop acted on hold no value in common; when the recorded list is
    not at hand, whether it names a field at all."""
    left = list(facts.recorded) if isinstance(facts.recorded, list) else []
    for item in facts.items:
        at = next((n for n, other in enumerate(left) if json_equal(other, item)), None)
        if at is None:
            return _names_a_field(label, facts)
        del left[at]
    if not left or not facts.items or not isinstance(facts.items[0], dict):
        return _names_a_field(label, facts)
    mine = {_stem(w) for w in _words(label) if len(_stem(w)) >= 3}
    for path in _paths_in(facts.items[0]):
        if not path:
            continue
        acted = [follow(item, path) for item in facts.items]
        others = [follow(item, path) for item in left]
        if any(any(json_equal(v, w) for _, w in acted) for _, v in others):
            continue  # a value both hold: the field does not tell them apart
        words = [str(e) for e in path] + [v for _, v in others if isinstance(v, str)]
        if any(_stem(w) in mine for text in words for w in _words(text)):
            return True
    return False


def _names_a_field(label: str, facts: LoopFacts) -> bool:
    """Whether a value's name shares a word with a field of the items (``already_paid`` and
    ``paid``): it may count the items by that field, not the ones the loop went over."""
    fields = {  # (a count by a number field it is not: ``households`` of ``household_size``)
        str(e)
        for item in facts.items[:1]
        for path in _paths_in(item)
        if not _number_at(item, path)
        for e in path
    }
    fields |= {  # and words the items hold (``"status": "paid"``)
        v
        for item in facts.items
        if isinstance(item, dict)
        for v in item.values()
        if isinstance(v, str) and len(v) <= 20
    }
    theirs = {_stem(w) for f in fields for w in _words(f)}
    return any(_stem(w) in theirs for w in _words(label) if len(_stem(w)) >= 3)


def _number_at(item: Any, path: tuple[Any, ...]) -> bool:
    known, value = follow(item, path)
    return known and isinstance(value, int | float) and not isinstance(value, bool)


def _in_words(label: str, text: str) -> bool:
    """Whether a word of a value's name is one of ``text``'s (by stem)."""
    theirs = {_stem(w) for w in re.split(r"\W+", text.lower()) if w}
    return any(_stem(w) in theirs for w in _words(label) if len(_stem(w)) >= 3)


def _words(label: str) -> list[str]:
    return [w for w in re.split(r"[\W_]+", label.split(" ", 1)[-1].lower()) if w]


def _stem(word: str) -> str:
    """A crude stem, enough to tell ``reminded`` and ``send_reminder`` share a word (and
    ``closed`` and ``close``, ``paid`` and ``pay``)."""
    word = _IRREGULAR.get(word, word)
    for suffix in ("ings", "ing", "ers", "er", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2]:
        word = word[:-1]  # "added" → "add", "shipped" → "ship"
    elif len(word) >= 4 and word[-1] == "e":
        word = word[:-1]  # "close" as "closed" → "clos"
    return word[:6]


_IRREGULAR = {"paid": "pay", "sent": "send", "sold": "sell", "bought": "buy", "made": "make"}
"""Past forms of verbs actions are named for that no suffix rule finds."""


def _described(value: Any, description: str) -> bool:
    """Whether the task's description writes the number (``in 2 days``, ``two``)."""
    texts = [str(value)]
    if isinstance(value, float) and value.is_integer():
        texts.append(str(int(value)))
    if is_integer(value) and 0 <= value < len(_NUMBER_WORDS):
        texts.append(_NUMBER_WORDS[value])
    return any(
        re.search(rf"(?<![\w.]){re.escape(t)}(?![\w]|\.\d)", description, re.IGNORECASE)
        for t in texts
    )


def _sum_of(value: Any, facts: LoopFacts) -> Expr | None:
    """``sum(<item>.<field> for <item> in <loop list>)`` when exactly one numeric field of the
    items acted on sums to ``value``."""
    if not facts.items or not isinstance(facts.items[0], dict):
        return None
    fits = []
    for path in _paths_in(facts.items[0]):
        if not path:
            continue
        found = [follow(item, path) for item in facts.items]
        if not all(k and _is_number(v) for k, v in found):
            continue
        total = sum(v for _, v in found)
        if math.isclose(total, value, rel_tol=1e-9, abs_tol=1e-9):
            fits.append(path)
    if len(fits) != 1:
        return None
    kinds: tuple[Literal["attr", "key"], ...] = tuple(
        "attr" if facts.access == "attr" and str(e).isidentifier() else "key" for e in fits[0]
    )
    from compiler.codegen import expr_source

    field = expr_source(RefExpr(name=facts.var, path=fits[0], path_kinds=kinds))
    return _code(f"sum({field} for {facts.var} in {facts.count_of})")


def _times_each(value: Any, facts: LoopFacts) -> Expr | None:
    """``<n> * len(<loop list>)`` when exactly one number ``n`` the body passes as written on
    every repetition makes ``value`` over the repetitions (two fees of 5: ``fees=10``)."""
    fits = {
        n
        for n in facts.each
        if n and not math.isclose(n, value) and math.isclose(n * facts.reps, value)
    }
    if len(fits) != 1:
        return None
    each = fits.pop()
    shown = literal_source(int(each) if each.is_integer() else each)
    return _code(f"{shown} * len({facts.count_of})")


def _written_total(stmt: Statement, label: str, total: Expr, value: Any) -> Guard:
    """The guard that a total read as the body's numbers times the repetitions still equals
    the number the description writes, the other reading of what the model wrote."""
    assert isinstance(total, CodeExpr)
    shown = literal_source(value)
    return Guard(
        step=stmt.step,
        condition=_code(f"{total.source} == {shown}"),
        message=(
            f"{label} = {shown} may be {total.source} or the {shown} the description writes, "
            "and those differ now"
        ),
        notes=(
            f"The model wrote {label} = {shown}: the numbers the loop passed add up to it, and "
            "the description writes it too: go on only while both agree.",
        ),
    )
