"""Where a copied value comes from when several sources explain it.

One rule, shared by the ``parameters`` and ``data_flow`` passes: **a literal the model copied is
linked to the explanation the pass prefers; when any other explanation held the same value in
the recording and could hold another at replay, the statement is preceded by one guard that
they all still agree** (``if not (wallet.balance == bill.amount): raise SideExit(...)``). Which
one the model meant is not in the trace; where they differ, a guess could make a wrong effect.

The explanations of a literal are every input, every whole result and every top-level field of
one (of any earlier step, not only the latest) equal to it, and the literal itself when the
task's description writes it (a constant the task fixes: ``currency="EUR"``). Numbers compare
loosely here (``120`` and ``120.0`` are one value: JSON has one number type). When the step's
reason shows the number was worked out (``24 - 12 = 12``), a single match may be a coincidence:
the arithmetic, over what its operands equal, is one more explanation to agree with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from compiler.ir import CodeExpr, RefExpr
from compiler.literals import literal_source
from compiler.naming import BUILTIN_NAMES, is_identifier
from compiler.recipe_ir import Guard

_NUMBER = r"-?\d[\d,]*(?:\.\d+)?"
_ARITHMETIC = re.compile(
    rf"(?<![\w.])({_NUMBER})\s*([-+*/×])\s*({_NUMBER})\s*=\s*({_NUMBER})(?![\d.]\d)"
)
"""``a op b = c`` in the model's words (``24 - 12 = 12``, ``3 × 15 = 45``)."""


@dataclass(frozen=True)
class Explanation:
    """One place a recorded value may come from, as the recipe would read it."""

    source: str
    """Python source of the value at replay: ``bill.amount``, ``'EUR'``."""
    names: tuple[str, ...]
    """The variables it reads."""
    what: str
    """For comments: ``input limit``, ``field amount of the result of get_bill (step 0)``."""


def of_ref(ref: RefExpr, what: str) -> Explanation:
    from compiler.codegen import ref_source

    return Explanation(ref_source(ref), (ref.name,), what)


def of_constant(value: Any, what: str = "the task description") -> Explanation:
    return Explanation(literal_source(value), (), what)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def loosely_equal(a: Any, b: Any) -> bool:
    """Equal JSON values, a number equal to a number whatever int or float it is typed."""
    if is_number(a) and is_number(b):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


def written_in(value: Any, text: str) -> bool:
    """Whether ``text`` (the task's description) writes ``value`` itself, not inside a longer
    word or number: ``"EUR"`` in "pass currency='EUR'", ``100`` in "over 100"."""
    if isinstance(value, str):
        if len(value) < 2:
            return False
        return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text) is not None
    if not is_number(value):
        return False
    forms = {str(value)}
    if float(value).is_integer():
        forms.add(str(int(value)))
    return any(re.search(rf"(?<![\w.]){re.escape(f)}(?![\w]|\.\d)", text) for f in forms)


def worked_out(value: Any, reason: str | None) -> list[tuple[float, str, float]]:
    """The ``(a, op, b)`` of each ``a op b = value`` the reason writes: the model worked the
    number out, so a value it equals may hold it by coincidence."""
    if not is_number(value) or not reason:
        return []
    found = []
    for match in _ARITHMETIC.finditer(reason):
        a, op, b, result = match.groups()
        try:
            numbers = [float(x.replace(",", "")) for x in (a, b, result)]
        except ValueError:
            continue
        if numbers[2] == value:
            found.append((numbers[0], "*" if op == "×" else op, numbers[1]))
    return found


def arithmetic(left: Explanation, op: str, right: Explanation, shown: str) -> Explanation | None:
    """The worked-out arithmetic over what its operands equal; ``None`` when neither operand is
    data (then it is a constant equal to the literal, which agrees with anything equal to it)."""
    if not left.names and not right.names:
        return None
    names = tuple(dict.fromkeys((*left.names, *right.names)))
    return Explanation(
        f"{left.source} {op} {right.source}", names, f"the arithmetic in the reason ({shown})"
    )


def number_constant(value: float) -> Explanation:
    """A number the model wrote in its reason, as the recipe writes it (``24``, ``12.5``)."""
    return of_constant(int(value) if value.is_integer() else value, "a number in the reason")


@dataclass(frozen=True)
class Agreement:
    """A literal linked to ``preferred`` that ``others`` explained too."""

    label: str
    """``argument amount``, ``output paid``."""
    shown: str
    """The recorded value, for messages."""
    preferred: Explanation
    others: tuple[Explanation, ...]

    def subject(self) -> str:
        """``amount=45.5``, ``'Berlin' in message``, ``the compute's constant 100``."""
        kind, _, key = self.label.partition(" ")
        if kind in ("argument", "output", "result") and key.endswith(" piece"):
            return f"{self.shown} in {key.removesuffix(' piece')}"
        if kind in ("argument", "output", "result") and key and " " not in key:
            return f"{key}={self.shown}"
        return f"{self.label} {self.shown}"

    def condition(self) -> str:
        """``wallet.balance == bill.amount``: the values read at replay first, constants last."""
        ordered = sorted([self.preferred, *self.others], key=lambda e: not e.names)
        if len(ordered) == 2 and ordered[1].source in ("True", "False"):
            # (``express`` or ``not express``, not ``express == True``)
            return ordered[0].source if ordered[1].source == "True" else f"not {ordered[0].source}"
        return " == ".join(e.source for e in ordered)

    def names(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for e in (self.preferred, *self.others):
            seen.update(dict.fromkeys(e.names))
        return tuple(seen)


def agreement(
    label: str, shown: str, preferred: Explanation, others: list[Explanation]
) -> Agreement | None:
    """The agreement to guard, or ``None`` when no other explanation could differ at replay.
    (A variable the recording named in a way no Python code can read, ``x y``, is left out:
    the guard is written before the passes that clean names.)"""
    if not writable(preferred):
        return None
    unique: dict[str, Explanation] = {}
    for other in others:
        if not writable(other):
            continue
        if other.source != preferred.source and other.source not in unique:
            unique[other.source] = other
    if not unique or (not preferred.names and all(not o.names for o in unique.values())):
        return None
    return Agreement(label, shown, preferred, tuple(unique.values()))


def plain(name: str) -> bool:
    """A variable name code the passes write can read before the names are cleaned: an
    identifier that is no builtin (``sum`` would stay the builtin when ``names`` renames it)."""
    return is_identifier(name) and name not in BUILTIN_NAMES


def writable(explanation: Explanation) -> bool:
    """Whether a guard can read it: every variable it reads is :func:`plain`."""
    return all(plain(n) for n in explanation.names)


def agreement_guard(step: int | None, agreements: list[Agreement]) -> Guard:
    """One guard before a statement: every ambiguous value of it still agrees."""
    agreements = list({a.condition(): a for a in agreements}.values())
    condition = " and ".join(
        a.condition() if len(agreements) == 1 else f"({a.condition()})" for a in agreements
    )
    names = tuple(dict.fromkeys(n for a in agreements for n in a.names()))
    keys = ", ".join(a.subject() for a in agreements)
    notes = tuple(
        f"{a.subject()} came from {a.preferred.what}, but "
        + " and ".join(o.what for o in a.others)
        + " held it too in the recording: go on only while they agree."
        for a in agreements
    )
    return Guard(
        step=step,
        condition=CodeExpr(source=condition, names=names),
        message=f"{keys} matched values that differ now",
        notes=notes,
    )


def piece_guard(value: str, holder: Explanation, whole: str, step: int | None) -> Guard | None:
    """A guard that ``whole`` (an input's recorded text) still holds the piece ``value`` where
    the recording's did, with the separators around it (``email.endswith("@acme.test")``);
    ``None`` when ``value`` is not a piece of it set off by separators."""
    start = whole.find(value)
    if start < 0 or value == whole or not writable(holder):
        return None
    end = start + len(value)
    before = whole[start - 1] if start > 0 else ""
    after = whole[end] if end < len(whole) else ""
    if (before and before.isalnum()) or (after and after.isalnum()):
        return None
    piece = before + value + after
    if not after:
        source = f"{holder.source}.endswith({literal_source(piece)})"
    elif not before:
        source = f"{holder.source}.startswith({literal_source(piece)})"
    else:
        source = f"{literal_source(piece)} in {holder.source}"
    return Guard(
        step=step,
        condition=CodeExpr(source=source, names=holder.names),
        message=f"{value!r} was a piece of {holder.what}, which no longer holds it",
        notes=(
            f"{value!r} was typed from a piece of {holder.what}; the recipe keeps it and goes "
            "on only while that piece is still there.",
        ),
    )
