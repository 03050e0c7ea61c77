"""Items the words except, of a value the recording never saw (red team rounds 40 and 41).

"Cancel every seat idle for more than 90 days, unless the seat is on annual billing": every
recorded seat was on monthly billing, so no rule the recording shows tells an annual seat
apart, and the loop cancelled one. No reading of the words finds every such exception (round
41 broke one cue list with "with the exception of", "apart from", "leave out", "billed
annually", "Seats on annual billing stay as they are", "unless they are a wholesaler"), so
where the words hold any word that may set items apart (:data:`_CUE`: "unless", "except",
"exception", "apart from", "leave", "stay", "keep", "not", "only", "never", "skip", ...), a
loop goes on only while every item it acts on holds, in each text field every recorded item it
acted on had alike (``billing == "monthly"``), that value: an item of another is one the
recording never showed. Where such a field differed between the items (``customer``), a word
the words set apart after the cue and quote, or write next to the field's name, must not be in
it (``'internal' not in customer``). A guard, never a rule: the recording cannot say what the
model does with such an item.
"""

from __future__ import annotations

import re
from typing import Any

from compiler.literals import literal_source
from compiler.passes._predicates import Access, field_source
from compiler.passes._scope import _code
from compiler.recipe_ir import Guard

_CUE = re.compile(
    r"\b(?:unless|except\w*|exclu\w+|other\s+than|apart\s+from|aside\s+from|leave|left|"
    r"stay\w*|keep\w*|kept|not|n't|only|never|skip\w*|without|instead|but)\b"
)
_STOP_WORDS = """the a an of for from to in on at by with and or any all its it their his her
whose who that this those these is are was were be been has have had not no one ones which when
where if then there than as so do does did"""
_STOP = frozenset(_STOP_WORDS.split())
_WINDOW = 70
"""How far after the cue (in characters, up to the sentence's end) the exception reads."""


def excepted(
    description: str, items: list[Any], ruled: set[str] | None = None, inputs: Any = ()
) -> list[tuple[str, str]]:
    """(field, word) pairs the words except (see the module): text fields of the items whose
    values differed; ``(field, "=" + value)`` for those every item held alike, but for the
    fields a rule the loop keeps reads (``ruled``) and values an input held (``inputs``)."""
    if not items or not all(isinstance(i, dict) for i in items):
        return []
    fields = [k for k in items[0] if all(isinstance(i.get(k), str) for i in items)]
    text = description.lower()
    found: list[tuple[str, str]] = []
    if _CUE.search(text):
        for field in fields:
            values = {i[field] for i in items}
            value = values.pop() if len(values) == 1 else None
            if value is None or _id_like(field) or field in (ruled or set()):
                continue  # (a rule the loop keeps reads it: alike because it chose so)
            if any(value == given for given in inputs):
                continue  # (alike as an input was: the loop's rule or lookup takes it from there)
            found.append((field, "=" + value))
        # A whole-number field the words name (``tier``: "except tier 3 members") holds one of
        # the few values the recorded items had.
        for field in items[0]:
            numbers = [i.get(field) for i in items]
            if (
                all(type(n) is int for n in numbers)
                and len(set(numbers)) <= 3
                and re.search(rf"\b{re.escape(str(field).lower())}\b", text)
            ):
                found.append((field, "in" + repr(tuple(sorted(set(numbers))))))
    fields = [f for f in fields if len({i[f] for i in items}) > 1]
    for cue in _CUE.finditer(text):
        window = re.split(r"[.;!?]", text[cue.end() : cue.end() + _WINDOW])[0]
        named = [f for f in fields if any(p in window for p in _parts(f))]
        quoted = re.findall(r"['\"‘“]([^'\"’”]{2,40})['\"’”]", window)
        words = [w for w in re.findall(r"[a-z][a-z0-9_-]{2,}", window) if w not in _STOP]
        for field in named:
            seen = {str(i[field]).lower() for i in items}
            for word in [*quoted, *words]:
                if word not in seen and word not in _parts(field):
                    found.append((field, word.lower()))
        if quoted and not named:
            for field in fields:
                seen = {str(i[field]).lower() for i in items}
                found += [(field, q.lower()) for q in quoted if q.lower() not in seen]
    return list(dict.fromkeys(found))


def excepted_guard(
    step: int | None,
    pairs: list[tuple[str, str]],
    var: str,
    list_src: str,
    access: Access,
) -> Guard | None:
    """The guard that no item of ``list_src`` holds a value the words except."""
    if not pairs:
        return None
    tests = [_test(field_source(var, field, access), word) for field, word in pairs]
    shown = ", ".join(_shown(field, word) for field, word in pairs[:4])
    return Guard(
        step=step,
        condition=_code(f"all({' and '.join(tests)} for {var} in {list_src})"),
        message=f"an item of {list_src} is unlike every item the recording acted on ({shown}), "
        "and the words may set such items apart",
        notes=(
            "The words may set items apart by a value the recording never saw: go on only while "
            "every item holds what the recorded ones held, and none what the words set apart.",
        ),
    )


def _parts(field: str) -> list[str]:
    """The words of a field's name long enough to mean it (``billing`` of ``billing_plan``)."""
    return [p for p in re.split(r"[_\W]+", field.lower()) if len(p) >= 4] or [field.lower()]


def _id_like(field: str) -> bool:
    """A field that names one item (its id, name, email): alike on all only by chance."""
    parts = set(re.split(r"[_\W]+", field.lower()))
    return bool(parts & {"id", "uuid", "key", "name", "email", "title", "sku", "code", "number"})


def _test(read: str, word: str) -> str:
    """The test of one (field, word) pair, the field read as ``read``."""
    if word.startswith("="):
        return f"{read} == {literal_source(word[1:])}"
    if word.startswith("in("):
        return f"{read} in {word[2:]}"
    return f"{literal_source(word)} not in str({read}).lower()"


def _shown(field: str, word: str) -> str:
    if word.startswith("="):
        return f"{field} {word[1:]!r} as every recorded item"
    if word.startswith("in("):
        return f"{field} one of {word[2:]}"
    return f"{field} without {word!r}"
