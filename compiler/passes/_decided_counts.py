"""The numbers typed after a loop that decides per item (:mod:`._decided`): which count the
items one side acted on, the list, or a sum of what a side worked out, and which are used only
while the list is what the recording saw (:func:`_counts_after`; the rules are in
:mod:`._decided`'s docstring)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from itertools import pairwise
from typing import Any

from compiler.ir import Expr, LiteralExpr, RefExpr
from compiler.naming import singular
from compiler.passes._guard_kit import _changes
from compiler.passes._hidden_words import (
    _is_number,
    word_list,
)
from compiler.passes._loop_counts import COUNT_WORDS, unexplained_after
from compiler.passes._loop_uses import same_word
from compiler.passes._scope import _code, _Scope
from compiler.passes._values import is_integer, value_of
from compiler.passes._walk import (
    argument_exprs,
    leaf_exprs,
    map_arguments,
)
from compiler.recipe_ir import (
    Return,
    Statement,
)


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
    decided: str = ""
    """The decision's code (``order.total > 100``)."""
    lists: set[str] = default(default_factory=set)
    """The other lists in scope after the loop (``invitees`` beside ``unanswered_invitees``)."""
    sums: dict[str, float] = default(default_factory=dict)
    """Each number the side works out per item, summed over the items acted on this way."""
    fresh: Callable[[str], str] | None = None
    summed: dict[str, str] = default(default_factory=dict)
    """The values a sum after the loop adds up, each with the list that collects them."""
    texts: frozenset[str] = frozenset()
    """The texts the repetitions read or were given (an item's email): one written after the
    loop is a copy of one item's, which another list would not give."""


def _counts_after(stmt: Statement, counted: list[_Counted], told: str) -> list[Statement]:
    """A number written after the loop, in a change or the outputs: the count of the items
    one side acted on (``len(done)``) when its name says it counts them (shares a word with
    that side's action and no other side's, or, where one side acts, is a word that counts and
    the items left were not as many); anything else the model wrote with a number in it (a
    count of the items left, a sum of what it passed, a text with a number in it or one a
    repetition read) is returned or passed only while the list is what the recording saw.
    ``told``: the task's words.
    """
    if not isinstance(stmt, Return) and not _changes(stmt):
        return [stmt]
    kept: list[str] = []

    def counts(expr: Expr, label: str) -> str | None:
        value = expr.value if isinstance(expr, LiteralExpr) else None
        if not _is_number(value) or not is_integer(value):
            return None
        fits = [c for c in counted if _counts_acted(label, c, alone=len(counted) == 1)]
        if not fits and len(counted) == 2:
            # ``not_refunded`` where both sides act: the other side's items.
            turned = [c for c in counted if _counts_acted(label, c, turned=True)]
            fits = [c for c in counted if c not in turned] if len(turned) == 1 else []
        if len(fits) == 1 and value == fits[0].acted:
            return f"len({fits[0].done})"
        if not fits and len(counted) == 1 and _counts_left(label, value, counted[0], told):
            return f"len({counted[0].holder}) - len({counted[0].done})"
        return None

    # (Two numbers that would both be one list's length: at most one of them counts it.)
    claimed = Counter(
        found
        for label, expr in argument_exprs(stmt)
        for inner, leaf in leaf_exprs(expr, label)
        if (found := counts(leaf, inner)) is not None
    )

    def rewrite(expr: Expr, label: str) -> Expr:
        if not isinstance(expr, LiteralExpr):
            return expr
        value = expr.value
        if (isinstance(value, str) and _has_digit(value)) or _copied(value, counted[0].texts):
            kept.append(label)
        if not _is_number(value):
            return expr
        found = counts(expr, label)
        if found is not None and claimed[found] == 1:
            return _code(found)
        if _counts_all(label, value, counted) or _counts_listed(label, value, counted):
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


def _copied(value: Any, texts: frozenset[str], inside: bool = False) -> bool:
    """Whether a value written after the loop holds a text a repetition read, or (in a list
    or record) any number (``km=[12000, 15500]``: what items it came from, nothing says)."""
    if isinstance(value, str):
        return value in texts or (inside and _has_digit(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return inside
    if isinstance(value, list):
        return any(_copied(v, texts, True) for v in value)
    if isinstance(value, dict):
        return any(_copied(v, texts, True) for v in value.values())
    return False


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


_NOT_AGAIN = frozenset(
    {"release", "recover", "reserve", "resign", "reform", "research", "represent", "relate"}
    | {"remark", "report", "repose", "resort", "restrain", "retire", "reveal", "resolve"}
    | {"recount", "refuse", "reject", "return", "remit", "respond", "restore", "revert"}
)
"""Words that begin with *re* and do not mean doing the rest again (``release`` is not
``lease`` again)."""


def _again(word: str) -> str:
    """``order`` of ``reorder`` (the same action done again: ``reordered`` counts the items
    ``place_order`` ordered); a word of :data:`_NOT_AGAIN`, or a short rest, stays."""
    rest = word[2:]
    if not word.startswith("re") or len(rest) < 5 or any(word.startswith(n) for n in _NOT_AGAIN):
        return word
    return rest


_KEPT = frozenset({"kept", "skipped", "untouched", "unchanged"})
"""Words that name the items a loop left alone when only one side acts (``kept`` beside
``revoke_grant``). Not ``exempt`` or ``spared``: they name the items left for one reason
("service accounts are exempt"), which may be fewer; not ``retained``: renewing a
subscription retains the customer."""


_LEFT_VERBS = {"kept": "keep", "skipped": "skip"}
_REST = r"(?:the\s+rest|the\s+others|all\s+others|everything\s+else|all\s+other\s+\w+)\b"


def _counts_left(label: str, value: Any, counted: _Counted, told: str) -> bool:
    """Whether a number after a loop where one side acts counts the items it left (``kept``,
    ``not_revoked``): its name says so (:func:`_left_named`, :func:`_not_done`), it equals
    them, the decision leaves items one way only (:func:`_one_way_left`), and the recording
    left a number of items other than it acted on, or the words name the rest with the
    count's verb ("keep the rest"); a verb the words give other items ("skip service
    accounts") makes the count theirs."""
    rest = _rest_told(label, told)
    told_apart = (counted.others != counted.acted or rest) and (rest or not _verb_told(label, told))
    named = _left_named(label, counted) or _not_done(label, counted)
    return value == counted.others and told_apart and named and _one_way_left(counted.decided)


def _rest_told(label: str, told: str) -> bool:
    """Whether the task's words give the items left the name a count has ("revoke ... and keep
    the rest": ``kept``; "skip all other invoices": ``skipped``)."""
    words = set(word_list(label.split(" ", 1)[-1])) & set(_LEFT_VERBS)
    return any(re.search(rf"\b{_LEFT_VERBS[w]}s?\s+{_REST}", told.lower()) for w in words)


def _verb_told(label: str, told: str) -> bool:
    """Whether the task's words use a left count's verb ("skip service accounts"; not "how many
    you skipped")."""
    words = set(word_list(label.split(" ", 1)[-1])) & set(_LEFT_VERBS)
    return any(re.search(rf"\b{_LEFT_VERBS[w]}s?\b", told.lower()) for w in words)


def _one_way_left(code: str) -> bool:
    """Whether a decision leaves items one way only, so that a name for the items left names
    them all: one comparison of numbers (``seat.days_unused >= 60``) or one flag
    (``not visit.confirmed``); not ``a and b`` (an item left for either reason), nor a word
    compared (``outcome == "no_show"``: the items left may be ``attended`` or ``cancelled``)."""
    if re.search(r"\b(?:and|or)\b", code):
        return False
    if re.fullmatch(r"(?:not\s+)?[\w.]+(?:\[['\"]\w+['\"]\])*", code.strip()):
        return True
    return bool(re.search(r"[<>]", code)) and not re.search(r"==|!=|\bin\b|\bis\b", code)


def _not_done(label: str, counted: _Counted) -> bool:
    """``not_refunded``, ``non_renewed`` of ``refund_order``, ``renew``: ``not`` or ``non``
    right before the action's own verb (``without_photos`` names what items lack, which the
    action may be about: ``schedule_photoshoot``)."""
    words = word_list(label.split(" ", 1)[-1])
    verbs = {_split_verb(a) for a in counted.actions}
    return any(
        w in {"not", "non"} and len(v) >= 4 and same_word(f"x {stem}", v)
        for w, n in pairwise(words)
        for v in verbs
        for stem in _past_stems(n)
    )


def _split_verb(action: str) -> str:
    return action.lower().split("_")[0]


def _past_stems(word: str) -> list[str]:
    """What a past form may be the past of: ``ship`` of ``shipped``, ``pass`` of ``passed``
    (the doubled consonant may be the verb's own), ``refund`` of ``refunded``."""
    dropped = word[:-2] if word.endswith("ed") and len(word) > 5 else word
    return list(dict.fromkeys([_undoubled(word), dropped]))


def _nouns(text: str) -> set[str]:
    """A name's words, each without a plural *s* (``ticket`` of ``idle_tickets``)."""
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in word_list(text)}


def _left_named(label: str, counted: _Counted) -> bool:
    """Whether a number's ``label`` names the items the only acting side left alone: its
    words, past the list's own and a counting word, are all of :data:`_KEPT` (``kept``,
    ``grants_kept``, ``skipped_count``)."""
    words = _nouns(label.split(" ", 1)[-1]) - _nouns(counted.holder) - COUNT_WORDS
    return bool(words) and words <= _KEPT


def _counts_listed(label: str, value: Any, counted: list[_Counted]) -> bool:
    """Whether a number after the loop counts every item because its name is the list's own
    (``idle_tickets`` of the list ``idle_tickets``, ``ticket_count``), past a counting word or
    ``total``, and no other list's in scope; only where the recording told it apart from what
    each side acted on."""
    words = _nouns(label.split(" ", 1)[-1]) - COUNT_WORDS - {"total", "all", "in"}
    total = counted[0].acted + counted[0].others
    return (
        is_integer(value)
        and value == total
        and all(value != c.acted for c in counted)
        and bool(words)
        and words <= _nouns(counted[0].holder)
        # (No other list's: ``invitees`` beside ``unanswered_invitees`` may be either.)
        and not any(words <= _nouns(other) for other in counted[0].lists)
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
        "free",
        "below",
        "under",
        "outside",
        "short",
        "minus",
        "excluding",
        "except",
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
    own = {w for a in counted.actions for w in word_list(a)}  # (``free`` of apply_free_shipping)
    negated = (
        (set(words) & _NEGATING) - own
        # (``unrefunded``, ``incomplete``: the prefix turns an action's word; ``interviews``,
        # ``invoices`` are words of their own)
        or any(
            w.startswith(("un", "in"))
            and len(w) > 7
            and any(same_word(f"output {w[2:]}", a) for a in counted.actions)
            for w in words
        )
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
    again = " ".join(_again(w) for w in plain.split())
    # (``pass`` of ``passed``, ``bill`` of ``billed``: a four-letter verb, not undoubled.)
    stems = " ".join(_IRREGULAR.get(w, _past_stems(w)[-1]) for w in words)
    single = " ".join(singular(w) for w in words)  # (``bus_passes`` of ``assign_bus_pass``)
    if any(
        same_word(f"output {said}", a)
        for a in counted.actions
        for said in (plain, again, stems, single)
    ):
        return True  # ``refunded`` of ``refund``, ``held`` of ``hold_payout``
    if (set(words) | {singular(w) for w in words}) & counted.words:
        return True  # ``express`` of ``ship_order(service="express")``, ``interviews`` too
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


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _plural(var: str) -> str:
    return var if var.endswith("s") else f"{var}s"
