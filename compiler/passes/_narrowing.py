"""Words that narrow a loop's items without writing the value its filter tests ("each order
that never shipped"), and the guard that keeps such a filter to the values the recording saw
(split from :mod:`._predicates`, which infers the filters)."""

from __future__ import annotations

import ast
import re
from typing import Any

from compiler.literals import literal_source
from compiler.passes._predicates import _says

_RESTRICTS = frozenset(
    {
        "that",
        "which",
        "who",
        "whose",
        "where",
        "if",
        "unless",
        "when",
        "whenever",
        "only",
        "except",
        "not",
        "never",
        "without",
    }
)
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "those",
        "these",
        "them",
        "its",
        "their",
        "his",
        "her",
        "your",
        "our",
        "my",
        "this",
        "all",
        "both",
        "one",
        "single",
    }
)


def narrowed(description: str, noun: str) -> bool:
    """Whether the description narrows the items it says to act on ("each canceled order",
    "each of those orders that never shipped"): after "each", "every" or "all", within the
    clause, a word that restricts (that, which, not, only…), or a word other than a
    determiner before ``noun`` (the items' name, singular)."""
    for clause in re.split(r"[.;:!?,]", description.lower()):
        words = re.findall(r"[a-z]+", clause)
        for at, word in enumerate(words):
            if word not in ("each", "every", "all"):
                continue
            after = words[at + 1 :]
            if _RESTRICTS & set(after):
                return True
            named = [n for n, w in enumerate(after) if w.rstrip("s") == noun.rstrip("s")]
            if named and any(w not in _DETERMINERS for w in after[: named[0]]):
                return True
    return False


_EQUALITY = re.compile(
    r"^(?:not )?(\w+)(?:\.(\w+)|\[\"(\w+)\"\]) [!=]= (\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')$"
)


def unseen_values(
    items: list[Any], rule: str, var: str, list_src: str, description: str, noun: str
) -> str | None:
    """The condition that every item's field holds a value the recording saw, for a filter
    ``rule`` testing a text field by equality with a value the description does not write,
    when its words narrow the items (``each order that never shipped``, filtered to
    ``order.status == "cancelled"``): an item of another value (``"pending"``) was never seen
    acted on or left alone, so the recipe stops there rather than skip it or act on it."""
    match = _EQUALITY.match(rule)
    if match is None or match.group(1) != var or not narrowed(description, noun):
        return None
    field = match.group(2) or match.group(3)
    value = ast.literal_eval(match.group(4))
    if _says(str(value), description.lower()):
        return None
    seen = sorted({str(i.get(field)) for i in items if isinstance(i, dict)})
    if not seen or any(not isinstance(i, dict) or not isinstance(i.get(field), str) for i in items):
        return None
    ref = rule.split(" ", 1)[0] if not rule.startswith("not ") else rule.split(" ")[1]
    values = ", ".join(literal_source(v) for v in seen)
    return f"all({ref} in [{values}] for {var} in {list_src})"
