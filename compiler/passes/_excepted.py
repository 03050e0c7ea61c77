"""Items the words except, of a value the recording never saw (red team round 40).

"Cancel every seat idle for more than 90 days, unless the seat is on annual billing": every
recorded seat was on monthly billing, so no rule the recording shows tells an annual seat
apart, and the loop cancelled one. "Assign every high ticket, except tickets from the customer
'internal'": no recorded ticket was internal. Where the words set an exception ("unless",
"except", "excluding", "other than", "but not", "never", "skip") next to a text field of the
items they name (``billing``, ``customer``), each word there that no recorded item held in that
field may be the excepted value: the loop goes on only while no item holds it (``'annual'``);
a word the words quote there (``'internal'``) is held from every text field when they name
none. A guard, never a rule: the recording cannot say what the model does with such an item.
"""

from __future__ import annotations

import re
from typing import Any

from compiler.literals import literal_source
from compiler.passes._predicates import Access, field_source
from compiler.passes._scope import _code
from compiler.recipe_ir import Guard

_CUE = re.compile(
    r"\b(?:unless|except(?:\s+for)?|excluding|exclude|other\s+than|but\s+not|but\s+never|never|"
    r"skip(?:ping)?)\b"
)
_STOP_WORDS = """the a an of for from to in on at by with and or any all its it their his her
whose who that this those these is are was were be been has have had not no one ones which when
where if then there than as so do does did"""
_STOP = frozenset(_STOP_WORDS.split())
_WINDOW = 70
"""How far after the cue (in characters, up to the sentence's end) the exception reads."""


def excepted(description: str, items: list[Any]) -> list[tuple[str, str]]:
    """(field, word) pairs the words except (see the module): text fields of the items."""
    if not items or not all(isinstance(i, dict) for i in items):
        return []
    fields = [k for k in items[0] if all(isinstance(i.get(k), str) for i in items)]
    text = description.lower()
    found: list[tuple[str, str]] = []
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
    tests = [
        f"str({field_source(var, field, access)}).lower() != {literal_source(word)}"
        for field, word in pairs
    ]
    shown = ", ".join(f"{field} {word!r}" for field, word in pairs[:4])
    return Guard(
        step=step,
        condition=_code(f"all({' and '.join(tests)} for {var} in {list_src})"),
        message=f"an item of {list_src} holds a value the words except ({shown}), which the "
        "recording never saw",
        notes=(
            "The words except items by a value no recorded item held: go on only while no item "
            "holds it.",
        ),
    )


def _parts(field: str) -> list[str]:
    """The words of a field's name long enough to mean it (``billing`` of ``billing_plan``)."""
    return [p for p in re.split(r"[_\W]+", field.lower()) if len(p) >= 4] or [field.lower()]
