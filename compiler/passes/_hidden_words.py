"""What a task's words and its recorded data say, for the hidden-decision guards
(:mod:`compiler.passes._hidden_decisions`): which words make a change conditional, which numbers
and fields the description writes, whether a value the model typed could be worked out from the
data (a number, a date, a text holding the data's words or numbers, a word made from the data),
and whether a compute decides or counts."""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterator
from typing import Any

from compiler.ir import FStringExpr, LiteralExpr
from compiler.passes._number_words import comparison_words, unformatted
from compiler.passes._walk import (
    parse_code,
)

_WORD = re.compile(r"[A-Za-z]+")


_NUMBER = re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)?(?![\w%])")


_SIGNS = frozenset({"positive", "negative", "zero"})
"""Words that compare a number with 0: with the numbers the description writes, what makes a
number field it names a decision input (a percentage to take off is no threshold, and "at
least the minimum order" compares no field with 0)."""


_CONDITIONAL = frozenset(
    {"if", "unless", "when", "whenever", "whether", "only", "otherwise", "any"}
)
"""Words that make a change depend on the data."""


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_VERBS = ("get", "read", "check", "fetch", "load", "find", "lookup", "is", "has", "count")


def values_inside(value: Any) -> list[Any]:
    """The values inside a list or object at any depth (the first 100 of each container), or
    ``value`` itself."""
    if isinstance(value, list):
        return [v for item in value[:100] for v in values_inside(item)]
    if isinstance(value, dict):
        return [v for item in list(value.values())[:100] for v in values_inside(item)]
    return [value]


def _counts(source: str) -> bool:
    """Whether a compute counts or sums what a filter keeps (``sum(1 for i in invoices if not
    i.paid)``): a number the model worked out from the data, as a ``len`` is."""
    return any(
        isinstance(node, ast.comprehension) and node.ifs for node in ast.walk(parse_code(source))
    )


def names_field(keyword: str, field: str) -> bool:
    """Whether an argument's keyword names an item's field (``number`` / ``number``,
    ``ticket_id`` / ``id``, ``id`` / ``ticket_id``)."""
    return keyword == field or keyword.endswith("_" + field) or field.endswith("_" + keyword)


def _decisive(source: str) -> bool:
    for node in ast.walk(parse_code(source)):
        if isinstance(node, ast.Compare | ast.IfExp | ast.BoolOp):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
            return True
    return False


_MORE = re.compile(r"^(?:next|next_?(?:cursor|page|token|url|link)|cursor|has_?more|more)$", re.I)
"""A field that says whether a listing has another page (``next_cursor``, ``has_more``)."""


_TOKEN = re.compile(r"\S{1,64}")


def _chosen(value: Any, data: list[Any], described: str, *, rest: bool = True) -> bool:
    """A yes/no, or a one-word value made from the data (a username from a name, ``"DE"`` for
    ``"de"``, ``proj-ax7`` from a code ``AX7``), that the model typed for a changing call: a
    choice it made for this input, unless the description (or a recorded failure's message:
    "requires a currency, e.g. currency='EUR'") writes that word and no other it could have
    chosen instead ("go express; the rest go standard" writes two: then it is a choice even
    with no data in it; ``rest``: unless a decision the recipe makes tells apart the items
    that get each word the words set against it). A word no data holds (``carrier="DHL"``)
    is the model's own pick for every input, as a sentence it composed is, and stays."""
    if isinstance(value, bool):
        return True
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        return False
    if re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", described):
        if not rest:
            return False  # (the words' other words are other sides', see the caller)
        return (
            offered_word(value, described)
            or bool(contrasted_words(value, described))
            or bool(_REST.search(described))
        )
    return _made_from(value.lower(), _data_texts(data))


_REST = re.compile(
    r"\b(?:(?:the )?(?:rest|others?|otherwise|else)|elsewhere|(?:any|every)(?:where|thing) else|"
    r"all others?|any other)\b"
)
"""Words that give the items a rule leaves another value ("the rest go standard")."""
_PLAIN = frozenset(
    {"a", "an", "the", "by", "of", "to", "for", "with", "and", "or", "its", "their", "in", "on"}
)


_GIVING = frozenset(
    {"go", "goes", "get", "gets", "use", "uses", "ship", "ships", "send", "sends", "take", "takes"}
)
"""Verbs that give items a value ("go express", "get standard")."""


def contrasted_words(value: str, described: str) -> set[str]:
    """The words the description sets against ``value``: in the same place (``express`` for
    ``standard`` in "express service when …, standard service elsewhere", or in "go express;
    … go standard"), or in a list of choices with it ("standard or express")."""
    word = re.escape(value.lower())
    described = described.lower()
    found: set[str] = set()
    for match in re.finditer(rf"(?<![\w-]){word}\s+([a-z]+)", described):
        noun = match.group(1)
        if noun in _PLAIN:
            continue
        for other in re.finditer(rf"(?<![\w-])([a-z]+)\s+{re.escape(noun)}\b", described):
            if other.group(1) not in (value.lower(), *_PLAIN):
                found.add(other.group(1))
    for match in re.finditer(rf"(?<![\w-])([a-z]+)\s+{word}(?![\w-])", described):
        verb = match.group(1)  # "go express; … go standard": after the same verb
        if verb not in _GIVING:
            continue
        for other in re.finditer(rf"(?<![\w-]){re.escape(verb)}\s+([a-z]+)", described):
            if other.group(1) not in (value.lower(), *_PLAIN):
                found.add(other.group(1))
    for match in re.finditer(r"[\w-]+(?:,\s*[\w-]+)*,?\s+or\s+[\w-]+", described):
        listed = set(re.split(r",\s*|,?\s+or\s+", match.group(0)))
        if value.lower() in listed:
            found |= listed - {value.lower()}
    return found


def offered_word(value: Any, described: str) -> bool:
    """Whether the description offers ``value`` as one of words to choose among ("standard
    or express", "email, letter or call")."""
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        return False
    word = re.escape(value.lower())
    return (
        re.search(
            rf"(?<![\w-]){word}(?:,\s*[\w-]+)*\s+or\s+[\w-]+|[\w-]+(?:,\s*[\w-]+)*\s+or\s+"
            rf"(?:[\w-]+,\s*)*{word}(?![\w-])|[\w-]+,\s*{word},?\s*(?:[\w-]+\s*,\s*)*"
            r"[\w-]+\s+or\s",
            described.lower(),
        )
        is not None
    )


def _made_from(token: str, texts: set[str]) -> bool:
    """Whether a token shares a piece of two characters or more with a text of the data: it
    is one of them, holds one of their words, or one of its pieces is in one of them."""
    pieces = [p for p in re.split(r"[\W_]+", token) if len(p) >= 2]
    for text in texts:
        if token == text or any(p in text for p in pieces):
            return True
        if any(len(w) >= 3 and w in token for w in re.split(r"[\W_]+", text)):
            return True
    return False


def _of_the_head(value: Any, data: list[Any], described: str) -> bool:
    """A constant that may be worked out from the data: a number, a date, a text holding a
    word of a string the data holds; not one the description writes."""
    if value is None or isinstance(value, bool):
        return False
    if _is_number(value):
        if (isinstance(value, int) and value.bit_length() > 64) or not math.isfinite(value):
            return False  # (no head works out an infinity or a 20-digit number)
        if any(_close(value, n) for n in alternatives(described)):
            return True  # one of two amounts the description offers: chosen in the head
        return not any(_close(value, n) for n in _numbers(described))
    if not isinstance(value, str) or value.lower() in described:
        return False
    if _DATE.search(value):
        return True
    if _data_numbers(data) & _text_numbers(value, described):
        return True  # "Amount due: 1,250.00 EUR": a number of the data, written out
    words = {w.lower() for w in _WORD.findall(value) if len(w) >= 3} - _words(described)
    return bool(words & _data_words(data))


_WRITTEN = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")


def _text_numbers(text: str, described: str) -> set[float]:
    """The numbers a text writes (``1,250.00`` is 1250), less the description's and less 0–9
    (a count in passing), as floats."""
    found = {float(n.replace(",", "")) for n in _WRITTEN.findall(text)}
    return {n for n in found if abs(n) >= 10} - set(_numbers(described))


def written_numbers(expr: Any, data: list[Any], described: str) -> set[float]:
    """The numbers a text the model wrote holds that the description does not write: a
    literal, or the literal parts of an f-string whose other parts the recipe fills in
    (``f"Refunded 12.50 EUR for {order_id}"``, ``f"{name}: 7 -> 8"``, ``f"your amount due is
    37.50 EUR"`` worked out in the head, ``"shipped 3 days late"``)."""
    if isinstance(expr, FStringExpr):
        text = " ".join(p if isinstance(p, str) else " " for p in expr.parts)
    elif isinstance(expr, LiteralExpr) and isinstance(expr.value, str):
        text = expr.value
    else:
        return set()
    if not any(c.isspace() for c in text.strip()):
        return set()  # (a code or an id, "O-2", "INV-1042": no prose; the pick rules have it)
    written = {float(n.replace(",", "")) for n in _STANDALONE.findall(text)}
    return written - set(_numbers(described))


_STANDALONE = re.compile(r"(?<![\w.,-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w-])")
"""A number written as a word of its own (not a piece of ``O-2`` or ``2024-03-08``)."""


def worked_out(value: Any) -> bool:
    """A returned number (not a true or false): what the model wrote out (``37.5``, ``3``
    days between two dates) unless a rule made it a ``len(...)`` or a reference already."""
    return _is_number(value)


def _leaves(data: list[Any]) -> Iterator[Any]:
    """The scalars of recorded values, down to depth 4 (the first 100 items of each list)."""

    def walk(node: Any, depth: int) -> Iterator[Any]:
        if isinstance(node, list | dict):
            if depth < 4:
                items = node[:100] if isinstance(node, list) else list(node.values())
                for item in items:
                    yield from walk(item, depth + 1)
        else:
            yield node

    for value in data:
        yield from walk(value, 0)


def _data_texts(data: list[Any]) -> set[str]:
    return {v.lower() for v in _leaves(data) if isinstance(v, str) and v}


def _data_words(data: list[Any]) -> set[str]:
    return {
        w.lower()
        for v in _leaves(data)
        if isinstance(v, str)
        for w in _WORD.findall(v)
        if len(w) >= 3
    }


def _data_numbers(data: list[Any]) -> set[float]:
    return {
        float(v)
        for v in _leaves(data)
        if _is_number(v) and (not isinstance(v, int) or v.bit_length() <= 64) and math.isfinite(v)
    }


_AMOUNT = re.compile(r"(?<![\w.-])(?:([$€£])\s*)?(\d+(?:\.\d+)?)(?!\w)(?:\s*(%|[a-zA-Z]+))?")


def alternatives(described: str) -> frozenset[float]:
    """Amounts the description offers to choose among: two or more numbers written with one
    unit ("10 EUR on invoices of 100 EUR or more, 5 EUR on smaller ones": 10 and 5; "5 or 10
    EUR"), less the ones a comparison bounds ("100 EUR or more"). A model that typed one of
    them chose it, in its head, by something in the data."""
    bounds = set(comparison_words(described.lower()))
    if not bounds and not _CHOICE.search(described):
        return frozenset()  # "in 2 days, then in 7 days": both used, none chosen
    by_unit: dict[str, set[float]] = {}
    found = list(_AMOUNT.finditer(described))
    for n, match in enumerate(found):
        number = float(match.group(2))
        if number in bounds:
            continue
        unit = (match.group(1) or match.group(3) or "").lower()
        if unit == "or" and n + 1 < len(found):  # "5 or 10 EUR": the next number's unit
            unit = (found[n + 1].group(1) or found[n + 1].group(3) or "").lower()
        unit = unit[:-1] if len(unit) > 3 and unit.endswith("s") else unit  # nights, night
        if unit and unit not in _NOT_UNITS:
            by_unit.setdefault(unit, set()).add(number)
    return frozenset(n for numbers in by_unit.values() if len(numbers) >= 2 for n in numbers)


_CHOICE = re.compile(
    r"\b(?:or|otherwise|else|rest|others?|smaller|larger|bigger|depending|if|unless|when|"
    r"whether)\b",
    re.IGNORECASE,
)
"""Words that make amounts a choice."""

_NOT_UNITS = frozenset({"and", "to", "of", "in", "on", "at", "for", "the", "a", "an", "by"})
"""Words after a number that say nothing of what it counts."""


def _conditional(text: str) -> bool:
    """Whether the task's words make what it changes depend on the data (rules 2 and 3)."""
    return bool(_words(text) & _CONDITIONAL)


def _compares(text: str) -> bool:
    return any(n != 0 for n in _numbers(text)) or bool(_words(text) & _SIGNS)


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(unformatted(text))]


_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_UNITS = {w: n for n, w in enumerate(_UNIT_WORDS.split())}
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_TENS = {w: 10 * (n + 2) for n, w in enumerate(_TEN_WORDS.split())}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORDED = re.compile(
    r"\b(?:a|an|"
    + "|".join([*_UNITS, *_TENS])
    + r")(?:[\s-]+(?:and\s+)?(?:"
    + "|".join([*_UNITS, *_TENS, *_SCALES])
    + r"))*\b|\b(?:a\s+)?(?:hundred|thousand)\b",
    re.IGNORECASE,
)


def _worded(phrase: str) -> int | None:
    """``200`` for "two hundred", ``100`` for "a hundred", ``1000`` for "one thousand";
    ``None`` for words that write no number ("a", "an")."""
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in ("a", "an"):
            current = current or 1
            continue
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if word == "thousand":
                total, current = total + current, 0
        else:
            return None
        seen = seen or word not in ("a", "an")
    return total + current if seen else None


def in_digits(text: str) -> str:
    """``text`` with numbers written out in digits: "two hundred" → 200, "1k" → 1000,
    "1 000" → 1000, "1,000" → 1000 (what the number readers below see)."""

    def digits(match: re.Match[str]) -> str:
        words = match.group(0)
        if words.lower() in ("one", "zero"):
            return words  # (a pronoun as often: "each one")
        number = _worded(words)
        return words if number is None else str(number)

    text = _WORDED.sub(digits, text)
    text = re.sub(r"\b(\d+)k\b", lambda m: str(int(m.group(1)) * 1000), text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=\d)[ ,](?=\d{3}(?!\d))", "", text)
    return text


def every_number(text: str) -> list[float]:
    """Every number ``text`` writes, a percentage, an amount with a unit, thousands commas or
    words too ("10%", "100EUR", "1,000", "two hundred"): what a comparison in the words or a
    reason may be about (:func:`_numbers` leaves percentages and formats out: they bound
    nothing of a list)."""
    plain = in_digits(text)
    return [float(n) for n in re.findall(r"(?<![\w.-])-?\d+(?:\.\d+)?(?!\.?\d)", plain)]


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


_WORDLIKE = re.compile(r"[A-Za-z][A-Za-z_\- ]{1,30}")
"""A value that reads as a word or a short phrase (a status, a kind), not an id or a sentence."""


_QUOTED = re.compile(r"(?<!\w)['\"‘“]([^'\"‘’“”\n]{1,40}?)['\"’”](?!\w)")


def plain_text(text: str) -> str:
    """The words without what they quote and without a bracket that only gives an example
    ("(e.g. 'Stopped 2 idle VMs')", "('Cancelled N bookings')"); any other bracket stays."""
    text = _QUOTED.sub(" ", text)
    return _EXAMPLE.sub(" ", text)


_EXAMPLE = re.compile(r"\(\s*(?:(?:e\.\s?g\.|eg|for example|for instance)[^()]*)?\)", re.I)


def quoted_words(text: str) -> set[str]:
    """The words a text quotes (``label it 'backlog'``), as written; not an apostrophe's
    (``the queue's``)."""
    return {m.group(1) for m in _QUOTED.finditer(text)}


def word_list(text: str) -> list[str]:
    """The lowercase words of a text or a name (``"Pay now"``, ``from_account``)."""
    return [w for w in re.split(r"[\W_]+", text.lower()) if w]


def _split(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name)
    return [p.lower() for p in spaced.split("_") if p]


def _action_words(name: str) -> list[str]:
    parts = _split(name)
    return parts[1:] if len(parts) > 1 and parts[0] in _VERBS else parts


def _named(parts: list[str], words: set[str]) -> bool:
    """Whether the words name a field: a part of four letters or more is a word of the text,
    or shares its first six letters with one (``eligibility`` / ``eligible``)."""
    for part in parts:
        if len(part) < 4:
            continue
        if part in words or any(len(w) >= 6 and w[:6] == part[:6] for w in words):
            return True
    return False
