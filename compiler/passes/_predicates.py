"""Which items of a list the recording acted on, as a predicate over the items' fields.

The ``control_flow`` pass found a repeated part of the recording that acted on some items of a
list; this module proposes the predicates that select exactly those items: a boolean field
(``invoice.paid``, ``not invoice.paid``), equality of a string or an integer with a constant
or an input (``ticket.status == "open"``, ``order.customer == customer``), or a comparison of
a number with an input, a number the text writes, or zero (``item.price <= budget``). Every
candidate is checked against the recorded items and scored by how plainly the words say it
(:func:`candidates`): the task description naming its value with the right comparison ("under
50" → ``< 50``, "submitted" → ``== "submitted"``) beats a field the text merely names, which
beats a value only the recording shows. Every rule that fits (one field, or two joined by
``and``) and that the words do not overrule is kept (:func:`agreeing`): several become a guard
at replay: they must agree on the new items, or the recipe stops before the loop's first
effect.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Literal

from compiler.literals import literal_source
from compiler.naming import is_identifier
from compiler.passes._number_words import (
    _NUMBER,
    _ZERO,
    comparison_words,
    count_numbers,
    input_comparisons,
    ranks,
    unformatted,
)
from compiler.passes._values import is_integer, json_equal

Access = Literal["attr", "key"]

MAX_CANDIDATES = 6
"""Most predicates a guard compares (the most specific first)."""


@dataclass(frozen=True)
class Predicate:
    """One way to say which items were acted on."""

    source: str
    """Python source over the loop variable, e.g. ``not invoice.paid``."""
    named: bool
    """Whether the task description or the model's reasons name its field, input or value."""
    test: Callable[[Any], bool]
    """The predicate over a recorded (JSON) item."""
    score: int = 0
    """How plainly the words say it: 3 the description names the value and the comparison,
    2 the description (or an input) names the value, 1 the text names the field, 0 only the
    recording shows it. Of the fitting candidates, the best are kept."""
    halves: tuple[Predicate, ...] = ()
    """The two predicates a conjunction joins (``()`` for a single one)."""
    gap: bool = False
    """A comparison with a value only the recording shows: never a rule of its own, only the
    other end of the gap a comparison with an unsaid bound was chosen in."""
    path: tuple[str, ...] = ()
    """The field it reads inside an item (``("customer", "tier")``); ``()`` for a conjunction
    (its :attr:`halves` have theirs) or a rule over no field."""
    compared: str | None = None
    """For an equality of a text field: the source of what it is compared with (``"open"``
    quoted, or an input's name)."""


EVERY = Predicate("True", True, lambda _item: True)
"""The rule "every item", next to a filter that every recorded item passed."""


def field_source(var: str, field: str, access: Access) -> str:
    """``var.field`` or ``var["field"]``."""
    if access == "attr" and is_identifier(field):
        return f"{var}.{field}"
    return f"{var}[{literal_source(field)}]"


def candidates(
    items: list[Any],
    *,
    var: str,
    access: Access | None,
    inputs: dict[str, Any],
    text: str,
    description: str | None = None,
    write: Callable[[str], str] | None = None,
) -> list[Predicate]:
    """Every predicate over the items' scalar fields (and the scalar fields of an object field,
    one level down: ``order.customer.tier``) this module can propose (unchecked), each scored by
    the words: ``description`` is the task's own text (the model's reasons are in ``text`` too,
    and mostly narrate the recorded values, so they weigh less); ``write`` says how a top-level
    field is written in source (default :func:`field_source` of ``var``).

    A comparison's bound is an input, a number the text writes, or zero: never a value only
    the recording shows, which tells where this recording's items happen to split, not why (the
    two largest, the first few, a field nobody named). A number the description writes next to
    a field's name ("in the last 30 days") bounds that field only; one written next to none
    bounds the fields no other number is written next to."""
    found: list[Predicate] = []
    if not items or access is None or not all(isinstance(i, dict) for i in items):
        return found
    # ("exactly zero" writes the number 0: "never a claim of exactly zero" bounds the amount.)
    words = _ZERO.sub("0", text.lower())
    told = _ZERO.sub("0", (description if description is not None else text).lower())
    fields: list[tuple[tuple[str, ...], str]] = []
    for key in (k for k in items[0] if all(k in i for i in items)):
        ref = write(key) if write is not None else field_source(var, key, access)
        values = [i[key] for i in items]
        if all(isinstance(v, dict) for v in values):
            for sub in (k for k in values[0] if all(k in v for v in values)):
                fields.append(((key, sub), field_source(ref, sub, access)))
        else:
            fields.append(((key,), ref))
    # A constant equal to an input's value stays a candidate next to the input's form: which
    # one the task means, the words say ("whose kind is 'z'" or "whose kind is wanted"), else
    # the recipe checks that both agree.
    counts = count_numbers(told)
    told_numbers = {float(n) for n in _NUMBER.findall(unformatted(told))} - counts
    numbers = sorted(
        ({float(n) for n in _NUMBER.findall(unformatted(text))} | told_numbers) - counts
    )
    comparisons = comparison_words(told)
    numeric = [  # (only a number field can own a number: "every paid invoice over 100 EUR")
        path[-1] for path, _ in fields if all(_number(_get(i, path)) for i in items)
    ]
    claims = _claims(told, numeric)
    claimed = set().union(*claims.values()) if claims else set()
    for path, ref in fields:
        key = path[-1]
        values = [_get(i, path) for i in items]
        named_field = _named(key, words)
        field_score = 1 if named_field else 0
        if all(isinstance(v, bool) for v in values):
            found.append(Predicate(ref, named_field, _is(path, True), 2 * field_score, path=path))
            found.append(
                Predicate(f"not {ref}", named_field, _is(path, False), 2 * field_score, path=path)
            )
            continue
        if all(isinstance(v, str) for v in values):
            # An id-like field (every item its own value) is named by the reasons only because
            # they narrate the items: equality with one of its values is no rule then.
            categorical = len(set(values)) < len(values)
            for value in sorted(set(values)):
                in_told = _says(value, told)
                if not categorical and not in_told:
                    continue  # "the item whose id is N-3": a rule for no other list
                named = named_field or (len(value) >= 3 and value.lower() in words)
                negated = in_told and _negated(value, told)
                equal = (
                    3
                    if in_told and not negated
                    else (2 if _says(value, words) else field_score) if categorical else 0
                )
                differ = 3 if negated else (1 if named else 0) if categorical else 0
                shown = literal_source(value)
                found.append(
                    Predicate(
                        f"{ref} == {shown}",
                        named,
                        _equals(path, value),
                        equal,
                        path=path,
                        compared=shown,
                    )
                )
                found.append(
                    Predicate(
                        f"{ref} != {shown}",
                        named,
                        _not(_equals(path, value)),
                        differ,
                        path=path,
                        compared=shown,
                    )
                )
            if not categorical and _named(key, told):
                apart = _set_apart(path, ref, values)
                mine = {a.source for a in apart}
                found = [f for f in found if f.source not in mine] + apart
            for name, value in inputs.items():
                if isinstance(value, str):
                    # Named by its field: an input the text names says nothing of this field.
                    by_name = 3 if _named(name, told) else 2
                    found.append(
                        Predicate(
                            f"{ref} == {name}",
                            named_field,
                            _equals(path, value),
                            by_name,
                            path=path,
                            compared=name,
                        )
                    )
                    found.append(
                        Predicate(
                            f"{ref} != {name}",
                            named_field,
                            _not(_equals(path, value)),
                            1,
                            path=path,
                            compared=name,
                        )
                    )
            continue
        if all(is_integer(v) for v in values):
            categorical = len(set(values)) < len(values)
            for value in sorted(set(values)):
                in_told = float(value) in told_numbers
                if not categorical and not in_told:
                    continue  # "the lead whose score is 82": a rule for no other list
                named = named_field or (str(value) in re.findall(r"\d+", text))
                negated = in_told and _negated(str(value), told)
                equal = 3 if in_told and not negated else field_score if categorical else 0
                differ = 3 if negated else 0
                shown = literal_source(value)
                found.append(
                    Predicate(f"{ref} == {shown}", named, _equals(path, value), equal, path=path)
                )
                found.append(
                    Predicate(
                        f"{ref} != {shown}", named, _not(_equals(path, value)), differ, path=path
                    )
                )
            for name, value in inputs.items():
                if is_integer(value):
                    by_name = 3 if _named(name, told) else 2
                    found.append(
                        Predicate(
                            f"{ref} == {name}",
                            named_field,
                            _equals(path, value),
                            by_name,
                            path=path,
                        )
                    )
        if all(_number(v) for v in values):
            # A bound the text names (an input, a number written in the description) makes the
            # comparison a named one; zero, where a count or an amount changes meaning (none
            # in stock, not yet due), needs no words, but a rule over it only the field's name.
            bounds: list[tuple[str, float, bool, Callable[[str], int]]] = []
            for name, value in inputs.items():
                if _number(value):
                    by_input = 2 if _named(name, words) else 1
                    # ("priced at most max_price": the words' comparison with the input.)
                    ops = input_comparisons(name, told)
                    score = _told(ops) if ops else _fixed(by_input)
                    bounds.append((name, float(value), _named(name, words), score))
            recorded = {float(v) for v in values}
            for number in numbers:
                shown = literal_source(int(number) if number.is_integer() else number)
                if number in told_numbers:
                    owners = claims.get(number)
                    if owners is not None and key not in owners:
                        continue  # written next to another field's name
                    if owners is None and key in claimed:
                        continue  # this field has a number of its own
                    said = comparisons.get(number, set())
                    bounds.append((shown, number, True, _told(said)))
                elif number not in recorded:
                    # Only the reasons write it ("lines 1 and 3"): as weak as the field's name.
                    bounds.append((shown, number, named_field, _fixed(field_score)))
            if 0.0 not in {b[1] for b in bounds}:
                bounds.append(("0", 0.0, named_field, _fixed(field_score)))
            gaps = recorded - {b[1] for b in bounds}
            for value in sorted(gaps):
                shown = literal_source(int(value) if value.is_integer() else value)
                bounds.append((shown, value, False, _fixed(0)))
            for shown, bound, named, score in bounds:
                for op in (">", ">=", "<", "<="):
                    test = _compare(path, op, bound)
                    source = f"{ref} {op} {shown}"
                    found.append(
                        Predicate(source, named, test, score(op), gap=bound in gaps, path=path)
                    )
    return found


def _claims(told: str, keys: list[str]) -> dict[float, set[str]]:
    """For each number the description writes within a few words of a field's name ("under 50
    EUR", "in the last 30 days" → ``age_days``), the fields it is written next to."""
    found: dict[float, set[str]] = {}
    told = unformatted(told)
    for match in _NUMBER.finditer(told):
        near = told[max(0, match.start() - 24) : match.end() + 24]
        owners = {k for k in keys if any(re.search(rf"\b{re.escape(w)}", near) for w in _parts(k))}
        if owners:
            found.setdefault(float(match.group()), set()).update(owners)
    return found


def _get(item: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        item = item[key]
    return item


_OTHER_SIDE = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}
"""Each comparison's complement: the items a rule leaves on the other side of its bound."""


def _told(said: set[str]) -> Callable[[str], int]:
    """The score of a bound the description writes, by comparison: 3 the one its words give,
    2 any when they give none, and 2 the other side of the one they give ("10 EUR on invoices
    of 100 EUR or more, 5 EUR on smaller ones": ``< 100`` is the smaller ones), 1 against
    them."""

    def score(op: str) -> int:
        if not said:
            return 2
        if op in said:
            return 3
        return 2 if _OTHER_SIDE[op] in said else 1

    return score


def _fixed(weight: int) -> Callable[[str], int]:
    """The score of a bound whatever the comparison."""
    return lambda _op: weight


def _set_apart(path: tuple[str, ...], ref: str, values: list[str]) -> list[Predicate]:
    """For a text field the description names whose recorded values all differ, one of them a
    word for nothing ("whose inspection found damage": ``none``, ``scratch``, ``dent``): that
    value set apart from the others, as ``!=`` and as ``in`` the others. Both fit where the
    items left held it, and disagree on a value the recording never saw (``crack``), where the
    recipe stops: which side such an item falls on, nothing shows. Never a value of a field of
    names (``employee``: ``ann``, ``bob``, ``cat``), where setting one apart is no rule."""
    seen = sorted(set(values))
    if not 2 <= len(seen) <= 6 or not all(v == "" or _PLAIN_WORD.fullmatch(v) for v in seen):
        return []
    out: list[Predicate] = []
    for value in seen:
        if value not in _NOTHING:
            continue
        others = tuple(v for v in seen if v != value)
        shown = literal_source(value)
        listed = (
            f"({', '.join(literal_source(o) for o in others)}{',' if len(others) == 1 else ''})"
        )
        out.append(
            Predicate(
                f"{ref} != {shown}", True, _not(_equals(path, value)), 1, path=path, compared=shown
            )
        )
        out.append(Predicate(f"{ref} in {listed}", True, _among(path, others), 1, path=path))
    return out


_PLAIN_WORD = re.compile(r"[a-z]{2,}(?: [a-z]+)*|n/a")
"""A value that reads as a word in lower case (``none``, ``scratch``), not an id, a name nor
a number."""

_NOTHING = frozenset({"", "none", "no", "nil", "null", "nothing", "empty", "n/a", "na"})
"""Words that say a field found nothing (an empty text too: "'' if none")."""


def _among(path: tuple[str, ...], values: tuple[str, ...]) -> Callable[[Any], bool]:
    return lambda item: _get(item, path) in values


def _says(value: str, text: str) -> bool:
    """Whether ``text`` (lower case) writes ``value`` as a word of its own (a short one only
    in quotes: ``'z'``)."""
    shown = re.escape(value.lower())
    if re.search(rf"(['\"“‘]){shown}['\"”’]", text):
        return True
    if len(value) < 3:
        return False
    return re.search(rf"(?<!\w){shown}(?!\w)", text) is not None


def _negated(value: str, text: str) -> bool:
    """Whether ``text`` writes ``value`` right after a negation ("not paid", "except draft")."""
    return (
        re.search(
            rf"\b(?:not|non-?|except|other than|unless|without)\s+(?:\w+\s+)?"
            rf"{re.escape(value.lower())}(?!\w)",
            text,
        )
        is not None
    )


def fitting(items: list[Any], selected: set[int], proposed: list[Predicate]) -> list[Predicate]:
    """The predicates that select exactly ``selected`` of ``items`` (no duplicates)."""
    fit: list[Predicate] = []
    seen: set[str] = set()
    for predicate in proposed:
        if predicate.source in seen:
            continue
        try:
            chosen = {i for i, item in enumerate(items) if predicate.test(item)}
        except (TypeError, KeyError):
            continue
        if chosen == selected:
            seen.add(predicate.source)
            fit.append(predicate)
    return fit


def agreeing(items: list[Any], selected: set[int], proposed: list[Predicate]) -> list[Predicate]:
    """The rules the recipe must check agree: every single predicate and every pair (``a and
    b``) that selects exactly ``selected``, less the ones the words overrule, the one to loop
    with first (the plainest single rule, then the best-said).

    A fitting rule is overruled when (1) the words say nothing of it (score 0) and they say
    something of another fitting rule; (2) another fitting rule over the same fields is said
    better: the words choose between rules over one field ("under 50" → ``< 50``, not
    ``<= 50``; "that carrier" → ``== carrier``, not ``== "DHL"``); (3) it is a pair whose
    half fits alone, or is a ``!=``, and whose other half the words do not say (score below
    2): it adds a condition nobody gave (``sender != "Benson" and subject != "Report"`` only
    leaves out the items the recording left out). Every other fitting rule stays, however it
    is scored: the recording cannot tell them apart, so at replay they must agree on the items
    or the recipe stops. A comparison with a recorded value (:attr:`Predicate.gap`) joins
    them only next to the best-said one when its bound is one the words do not write (zero, a
    number only the reasons write): any bound between the two fits the recording as well."""
    singles = fitting(items, selected, proposed)
    gaps = [p for p in singles if p.gap]
    singles = [p for p in singles if not p.gap]
    proposed = [p for p in proposed if not p.gap]
    alone = {p.source for p in singles}
    pairs = [
        pair
        for pair in fitting(items, selected, _pairs(items, selected, proposed))
        if not any(
            (half.source in alone or " != " in half.source) and other.score < 2
            for half, other in (pair.halves, pair.halves[::-1])
        )
    ]
    fit = singles + pairs
    if any(p.score > 0 for p in fit):
        fit = [p for p in fit if p.score > 0]
    best: dict[frozenset[str], int] = {}
    for p in fit:
        fields = _fields(p)
        best[fields] = max(best.get(fields, 0), p.score)
    fit = [p for p in fit if p.score == best[_fields(p)]]
    top = max((p.score for p in fit), default=0)
    weak = {
        _field_of(p.source)
        for p in fit
        if not p.halves and _rank(p.source) and p.score < 2 and p.score == top
    }
    fit += [p for p in gaps if _field_of(p.source) in weak]
    return sorted(fit, key=lambda p: (len(p.halves), -p.score, _rank(p.source), len(p.source)))


def choose(
    items: list[Any],
    selected: set[int],
    *,
    var: str,
    access: Access | None,
    inputs: dict[str, Any],
    text: str,
    description: str | None = None,
) -> list[Predicate] | None:
    """The predicates to loop with: ``[]`` for every item, one predicate, or several that fit
    the recording (the recipe checks they agree, the first is the loop's filter); ``None`` when
    nothing fits, when only rules no words say fit (score 0) and there is no other to check
    them against, or the words pick by rank (the two priciest orders happened to be the
    express ones), or more rules fit than a guard compares (:data:`MAX_CANDIDATES`).

    When every item was acted on, a filter the description names that fits (``invoice.paid``
    for "each paid invoice") is kept next to :data:`EVERY`, the rule "every item": the two
    disagree on an item the filter rejects, and the recording never showed what happens to
    such an item (nothing, or "otherwise, send a payment request"), so the recipe stops there
    rather than skip it."""
    proposed = candidates(
        items, var=var, access=access, inputs=inputs, text=text, description=description
    )
    if len(selected) == len(items):
        # A "!=" that no item breaks, or a rule the words do not say, says nothing.
        positive = [p for p in proposed if " != " not in p.source and p.score >= 2]
        said = agreeing(items, selected, positive)
        if not said:
            return []
        found = [*said, EVERY]
    else:
        found = agreeing(items, selected, proposed)
        unsaid = bool(found) and max(p.score for p in found) == 0
        if unsaid and (len(found) == 1 or ranks((description or text).lower())):
            return None  # only the recording shows it: a coincidence, not a reason
    if not found or len(found) > MAX_CANDIDATES:
        return None
    return found


MAX_PAIRED = 60
"""Most single predicates paired into conjunctions (those true of every item acted on)."""


def _pairs(items: list[Any], selected: set[int], proposed: list[Predicate]) -> list[Predicate]:
    """``a and b`` for predicates true of every item acted on (two fields: "submitted and
    under 50"); named when both halves are."""
    covering: list[Predicate] = []
    seen: set[str] = set()
    for predicate in proposed:
        if predicate.source in seen:
            continue
        seen.add(predicate.source)
        try:
            if all(predicate.test(items[i]) for i in selected):
                covering.append(predicate)
        except (TypeError, KeyError):
            continue
    covering = sorted(covering, key=lambda p: (-p.score, not p.named, _rank(p.source)))
    covering = covering[:MAX_PAIRED]
    out: list[Predicate] = []
    for n, first in enumerate(covering):
        for second in covering[n + 1 :]:
            if _field_of(first.source) == _field_of(second.source):
                continue
            out.append(
                Predicate(
                    f"{first.source} and {second.source}",
                    first.named and second.named,
                    _both(first.test, second.test),
                    first.score + second.score,
                    (first, second),
                )
            )
    return out


def _field_of(source: str) -> str:
    return re.split(r" (?:==|!=|<=|>=|<|>) ", source.removeprefix("not "), maxsplit=1)[0]


def _fields(predicate: Predicate) -> frozenset[str]:
    return frozenset(_field_of(p.source) for p in (predicate.halves or (predicate,)))


def _both(a: Callable[[Any], bool], b: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda item: a(item) and b(item)


def _rank(source: str) -> int:
    if " == " in source or " != " in source:
        return 0
    if not any(op in source for op in ("<", ">")):
        return 0
    return 1


def _named(name: str, words: str) -> bool:
    return any(p in words for p in _parts(name))


def _parts(name: str) -> list[str]:
    """The words of a name (``age_days`` → ``age``, ``days``), of three letters or more."""
    return [p.lower() for p in re.split(r"_|(?<=[a-z])(?=[A-Z])", name) if len(p) >= 3]


def _number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return is_integer(value) or math.isfinite(value)


def _is(path: tuple[str, ...], want: bool) -> Callable[[Any], bool]:
    return lambda item: _get(item, path) is want


def _equals(path: tuple[str, ...], value: Any) -> Callable[[Any], bool]:
    return lambda item: json_equal(_get(item, path), value)


def _not(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda item: not test(item)


def _compare(path: tuple[str, ...], op: str, bound: float) -> Callable[[Any], bool]:
    ops: dict[str, Callable[[float, float], bool]] = {
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
    }
    compare = ops[op]
    return lambda item: compare(float(_get(item, path)), bound)


def separating(
    runs: list[dict[str, Any]],
    selected: set[int],
    *,
    objects: dict[str, Access],
    inputs: Collection[str],
    description: str,
    text: str | None = None,
) -> list[Predicate] | None:
    """The predicates over the variables at one place of a recipe that hold for the runs in
    ``selected`` and for no other run that reached that place: the guard of a heal's bridge,
    where nothing else (an exception, an ``expect``, a side exit) tells the paths apart.

    ``runs`` holds each run's variables there, as JSON. The candidates are a list filter's
    (:func:`candidates`), over the scalar variables and the fields of ``objects`` (the
    variables read field by field, and how), plus a field compared with an input of the run
    (``order.customer == customer``, ``order.total > budget``). An input equal to a constant
    (``item == "desk"``) is one input's answer, not a rule: never proposed. The best-scored
    fitting ones are returned, as for a filter (several: the recipe checks they agree);
    ``None`` when none fits.
    """
    if not runs:
        return None
    text = description if text is None else text
    names = [n for n in runs[0] if all(n in r for r in runs)]
    scalars = [n for n in names if n not in objects]
    rows = [{n: r[n] for n in scalars} for r in runs]
    # An input equal to a constant, or a field equal to an input's value (an id), is one
    # input's answer, not a rule.
    answers = {
        json_value
        for r in runs
        for n in inputs
        if isinstance(json_value := r.get(n), str) or is_integer(json_value)
    }
    proposed = [
        p
        for p in candidates(
            rows, var="", access="key", inputs={}, text=text, description=description, write=str
        )
        if not (_field_of(p.source) in inputs and (" == " in p.source or " != " in p.source))
    ]
    fields: list[tuple[str, Callable[[Any], Any], str]] = [
        (n, _reader(n, None), n) for n in scalars if n not in inputs
    ]
    for name in (n for n in names if n in objects):
        items = [r[name] for r in runs]
        for p in candidates(
            items, var=name, access=objects[name], inputs={}, text=text, description=description
        ):
            proposed.append(dataclasses.replace(p, test=_within(name, p.test)))
        if all(isinstance(i, dict) for i in items):
            for key in (k for k in items[0] if all(k in i for i in items)):
                ref = field_source(name, key, objects[name])
                fields.append((ref, _reader(name, key), key))
    proposed += _against_inputs(runs, fields, [n for n in names if n in inputs], text.lower())
    proposed = [p for p in proposed if _constant_of(p.source, answers) is None]
    fit = agreeing(runs, selected, proposed)
    return fit if fit and len(fit) <= MAX_CANDIDATES else None


def _constant_of(source: str, among: set[Any]) -> Any:
    """The constant an equality ``x == c`` / ``x != c`` compares with, when it is one of
    ``among``; else ``None``."""
    parts = re.split(r" (?:==|!=) ", source, maxsplit=1)
    if len(parts) != 2:
        return None
    try:
        value = ast.literal_eval(parts[1])
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str | int) and value in among else None


def _against_inputs(
    runs: list[dict[str, Any]],
    fields: list[tuple[str, Callable[[Any], Any], str]],
    inputs: list[str],
    words: str,
) -> list[Predicate]:
    """A field (``(source, reader, name)``) compared with an input of the same run: equal or
    not (texts, integers), or a numeric comparison."""
    found: list[Predicate] = []
    for name in inputs:
        given = [r[name] for r in runs]
        for ref, read, field in fields:
            try:
                values = [read(r) for r in runs]
            except (KeyError, TypeError):
                continue
            named = _named(field, words)
            pairs = list(zip(values, given, strict=True))
            if all(isinstance(v, str) and isinstance(g, str) for v, g in pairs) or all(
                is_integer(v) and is_integer(g) for v, g in pairs
            ):
                same = _same_as(read, name)
                found.append(Predicate(f"{ref} == {name}", named, same, 2))
                found.append(Predicate(f"{ref} != {name}", named, _not(same), 1))
            if all(_number(v) and _number(g) for v, g in pairs):
                score = 2 if _named(name, words) else 1
                for op in (">", ">=", "<", "<="):
                    test = _compare_with(read, op, name)
                    found.append(Predicate(f"{ref} {op} {name}", True, test, score))
    return found


def _reader(name: str, key: str | None) -> Callable[[Any], Any]:
    if key is None:
        return lambda run: run[name]
    return lambda run: run[name][key]


def _within(name: str, test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda run: test(run[name])


def _same_as(read: Callable[[Any], Any], name: str) -> Callable[[Any], bool]:
    return lambda run: json_equal(read(run), run[name])


def _compare_with(read: Callable[[Any], Any], op: str, name: str) -> Callable[[Any], bool]:
    return lambda run: _OPS[op](float(read(run)), float(run[name]))


_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}
