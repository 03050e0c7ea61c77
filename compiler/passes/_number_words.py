"""What the words say of numbers (split from :mod:`compiler.passes._predicates`): the numbers
they write as bounds, with thousands commas joined and decimal commas no bound; the comparison
each is given ("under 50", "30 or more", "at most max_price"); numbers that count or rank
("the 3 newest"), which bound nothing."""

from __future__ import annotations

import re

_FORMAT = re.compile(r"\b\d+\s+(?:decimals?|digits?|decimal places|places|characters?)\b")


def unformatted(text: str) -> str:
    """``text`` without the numbers that say how to write a value ("with 2 decimals", "4
    digits"): no bound, no count, no amount; and with a number written with thousands commas
    as one number ("100,000 km" is 100000, not 100 and 0)."""
    return _joined(_FORMAT.sub(" ", text))


_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d*,)")
"""A number written with thousands commas ("1,250,000"; not a list "10,20,300")."""


_DECIMAL_COMMA = re.compile(r"(?<![\d,.])\d+,\d{1,2}(?![\d,])")
"""A number that may be written with a decimal comma ("1,5 kg"): no bound either way (red team
round 55 read "more than 1,5 kg" as 1 and 5)."""


def _joined(text: str) -> str:
    joined = _THOUSANDS.sub(lambda m: m.group().replace(",", ""), text)
    return _DECIMAL_COMMA.sub(" ", joined)


_ZERO = re.compile(r"\bzero\b(?!-)")
"""The word for the number 0 (not "zero-rated")."""

_NUMBER = re.compile(r"(?<![\w.])(?<![\w.]-)\d+(?:\.\d+)?(?!\w)(?!\.\d)")
"""A number written in text, not one inside an id ("N-3", "v2") or a version ("1.2.3")."""

_BEFORE: list[tuple[str, str]] = [
    (r"more than|greater than|over|above|exceeds?|exceeding|beyond", ">"),
    (r"fewer than|less than|under|below", "<"),
    (r"at least|no less than|not less than|minimum of|no (?:cheaper|smaller|lower) than", ">="),
    (
        r"at most|no more than|not more than|up to|maximum of|within|in the (?:last|past)"
        r"|no (?:dearer|bigger|larger|higher) than|never (?:more than|over|above|exceeding)"
        r"|capped at|not (?:to )?exceed(?:ing)?",
        "<=",
    ),
]
_AFTER: list[tuple[str, str]] = [
    (r"or more|or above|and above|or over|and up|and upwards|and over", ">="),
    (
        r"or less|or fewer|or below|and below|or under",
        "<=",
    ),
]


_PERIOD = r"(?:second|minute|hour|day|week|month|year)s?"
_NOT_RANKS = r"(?:inter|requ|gu|dig|cont|prot|harv|for|sugg|inv|ch)est\b"  # (interest, guest)
_RANKED = re.compile(
    rf"\b(?:top|first|last|next|latest|earliest|newest|oldest)\s+(\d+)\b(?!\s+{_PERIOD})"
    rf"|\b(\d+)\s+(?:\w+\s+)?"
    rf"(?:most|least|best|worst|(?!{_NOT_RANKS})\w{{2,}}est|top|first|last|latest|recent)\b"
)
"""A number that counts the items a ranking picks ("the 2 most expensive", "top 3", "the first
5", "3 oldest"): how many, never a bound on a field."""


_RANKING = re.compile(rf"(?<!\bat )\b(?:most|least|best|worst|(?!{_NOT_RANKS})\w{{2,}}est)\b")


def count_numbers(text: str) -> set[float]:
    """The numbers ``text`` (lower case) writes as how many items a ranking picks."""
    return {float(a or b) for a, b in _RANKED.findall(text)}


def ranks(text: str) -> bool:
    """Whether ``text`` (lower case) picks items by rank ("the most expensive", "the oldest"),
    which no rule over one item's own fields says."""
    return _RANKING.search(text) is not None


def comparison_words(text: str) -> dict[float, set[str]]:
    """For each number the text writes, the comparisons its words give it ("under 50" → ``<``,
    "30 or more" → ``>=``)."""
    found: dict[float, set[str]] = {}
    text = _joined(text)
    number = r"(?:[$€£]\s*)?(\d+(?:\.\d+)?)"
    for words, op in _BEFORE:
        for match in re.finditer(rf"\b(?:{words})\s+{number}", text):
            found.setdefault(float(match.group(1)), set()).add(op)
    for words, op in _AFTER:
        for match in re.finditer(rf"{number}(?:\s*\w+)?\s+(?:{words})\b", text):
            found.setdefault(float(match.group(1)), set()).add(op)
    return found


def input_comparisons(name: str, text: str) -> set[str]:
    """The comparisons the words give an input's value by its name ("priced at most
    max_price", "max price or less" → ``<=``)."""
    found: set[str] = set()
    for shown in dict.fromkeys([name, name.replace("_", " ")]):
        phrase = rf"(?:the\s+)?{re.escape(shown.lower())}\b"
        for words, op in _BEFORE:
            if re.search(rf"\b(?:{words})\s+{phrase}", text):
                found.add(op)
        for words, op in _AFTER:
            if re.search(rf"\b{re.escape(shown.lower())}(?:\s*\w+)?\s+(?:{words})\b", text):
                found.add(op)
    return found
