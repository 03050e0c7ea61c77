"""Which items of a list the recording acted on, as a predicate over the items' fields.

The ``control_flow`` pass found a repeated part of the recording that acted on some items of a
list; this module proposes the predicates that select exactly those items: a boolean field
(``invoice.paid``, ``not invoice.paid``), equality of a string or an integer with a constant
or an input (``ticket.status == "open"``, ``order.customer == customer``), or a comparison of
a number with an input, a number the task description names, or the recorded boundary
(``item.price <= budget``). Every candidate is checked against the recorded items; the ones
whose field (or input, or constant) the task description or the model's reasons name are
preferred. Several candidates that fit become a guard at replay: they must agree on the new
items, or the recipe stops before the loop's first effect.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from compiler.literals import literal_source
from compiler.naming import is_identifier
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
) -> list[Predicate]:
    """Every predicate over the items' scalar fields this module can propose (unchecked)."""
    found: list[Predicate] = []
    if not items or access is None or not all(isinstance(i, dict) for i in items):
        return found
    words = text.lower()
    common = [k for k in items[0] if all(k in i for i in items)]
    # A constant equal to an input is the input (as data flow says): only its input form.
    from_inputs = {v for v in inputs.values() if isinstance(v, str) or is_integer(v)}
    numbers = sorted({float(n) for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text)})
    for key in common:
        values = [i[key] for i in items]
        ref = field_source(var, key, access)
        named_field = _named(key, words)
        if all(isinstance(v, bool) for v in values):
            found.append(Predicate(ref, named_field, _is(key, True)))
            found.append(Predicate(f"not {ref}", named_field, _is(key, False)))
            continue
        if all(isinstance(v, str) for v in values):
            for value in sorted(set(values) - from_inputs):
                named = named_field or (len(value) >= 3 and value.lower() in words)
                shown = literal_source(value)
                found.append(Predicate(f"{ref} == {shown}", named, _equals(key, value)))
                found.append(Predicate(f"{ref} != {shown}", named, _not(_equals(key, value))))
            for name, value in inputs.items():
                if isinstance(value, str):
                    # Named by its field: an input the text names says nothing of this field.
                    found.append(Predicate(f"{ref} == {name}", named_field, _equals(key, value)))
                    found.append(
                        Predicate(f"{ref} != {name}", named_field, _not(_equals(key, value)))
                    )
            continue
        if all(is_integer(v) for v in values):
            for value in sorted(set(values) - from_inputs):
                named = named_field or (str(value) in re.findall(r"\d+", text))
                shown = literal_source(value)
                found.append(Predicate(f"{ref} == {shown}", named, _equals(key, value)))
                found.append(Predicate(f"{ref} != {shown}", named, _not(_equals(key, value))))
            for name, value in inputs.items():
                if is_integer(value):
                    found.append(Predicate(f"{ref} == {name}", named_field, _equals(key, value)))
        if all(_number(v) for v in values):
            # A bound the text names (an input, a number written in the description) makes the
            # comparison a named one; a recorded value as the bound never does.
            bounds: list[tuple[str, float, bool]] = []
            for name, value in inputs.items():
                if _number(value):
                    bounds.append((name, float(value), _named(name, words)))
            for number in numbers:
                shown = literal_source(int(number) if number.is_integer() else number)
                bounds.append((shown, number, True))
            numeric_inputs = {float(v) for v in inputs.values() if _number(v)}
            for value in sorted({float(v) for v in values} - numeric_inputs):
                shown = literal_source(int(value) if value.is_integer() else value)
                bounds.append((shown, value, False))
            for shown, bound, named in bounds:
                for op in (">", ">=", "<", "<="):
                    found.append(Predicate(f"{ref} {op} {shown}", named, _compare(key, op, bound)))
    return found


def fitting(
    items: list[Any], selected: set[int], proposed: list[Predicate]
) -> tuple[list[Predicate], bool]:
    """The predicates that select exactly ``selected`` of ``items`` (no duplicates), and
    whether those are the named ones (else every fitting one is returned)."""
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
    named = [p for p in fit if p.named]
    return (named, True) if named else (fit, False)


def choose(
    items: list[Any],
    selected: set[int],
    *,
    var: str,
    access: Access | None,
    inputs: dict[str, Any],
    text: str,
) -> list[Predicate] | None:
    """The predicates to loop with: ``[]`` for every item, one predicate, or several that fit
    the recording equally (the recipe checks they agree); ``None`` when nothing fits."""
    proposed = candidates(items, var=var, access=access, inputs=inputs, text=text)
    if len(selected) == len(items):
        # Every item was acted on: a filter only when the description names one that fits,
        # and says something about the items (a "!=" that no item breaks says nothing).
        positive = [p for p in proposed if " != " not in p.source]
        fit, named = fitting(items, selected, positive)
        return _simplest(fit) if named else []
    fit, named = fitting(items, selected, proposed)
    if not fit:
        fit, named = fitting(items, selected, _pairs(items, selected, proposed))
    if not fit:
        return None
    return _simplest(fit)


MAX_PAIRED = 40
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
    covering = sorted(covering, key=lambda p: (not p.named, _rank(p.source)))[:MAX_PAIRED]
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
                )
            )
    return out


def _field_of(source: str) -> str:
    return re.split(r" (?:==|!=|<=|>=|<|>) ", source.removeprefix("not "), maxsplit=1)[0]


def _both(a: Callable[[Any], bool], b: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda item: a(item) and b(item)


def _simplest(fit: list[Predicate]) -> list[Predicate]:
    """Fitting predicates, equalities and plain fields first, at most :data:`MAX_CANDIDATES`;
    of comparisons with the same field and bound, one."""
    ranked = sorted(fit, key=lambda p: (_rank(p.source), len(p.source)))
    return ranked[:MAX_CANDIDATES]


def _rank(source: str) -> int:
    if " == " in source or " != " in source:
        return 0
    if not any(op in source for op in ("<", ">")):
        return 0
    return 1


def _named(name: str, words: str) -> bool:
    parts = [p for p in re.split(r"_|(?<=[a-z])(?=[A-Z])", name) if len(p) >= 3]
    return any(p.lower() in words for p in parts)


def _number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return is_integer(value) or math.isfinite(value)


def _is(key: str, want: bool) -> Callable[[Any], bool]:
    return lambda item: item[key] is want


def _equals(key: str, value: Any) -> Callable[[Any], bool]:
    return lambda item: json_equal(item[key], value)


def _not(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda item: not test(item)


def _compare(key: str, op: str, bound: float) -> Callable[[Any], bool]:
    ops: dict[str, Callable[[float, float], bool]] = {
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
    }
    compare = ops[op]
    return lambda item: compare(float(item[key]), bound)
