"""Names in a recipe: the function, the output class, variables and import aliases.

Every name the generator writes comes from here, so it is always a valid, non-keyword Python
identifier that survives NFKC normalization (Python reads ``ﬁle`` as ``file``), and never
shadows a builtin, an import, a parameter or another variable by accident.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Iterable

RESERVED_GLOBALS = frozenset({"annotations", "os", "sys", "builtins", "BaseModel", "main"})
"""Module-level names every recipe binds (``from __future__ import annotations``, ``import os``,
``import sys``, ``from pydantic import BaseModel``, and ``main`` from ``runtime.recipe_main`` in
the ``__main__`` block); ``builtins`` is imported when a parameter shadows ``float``."""

BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))
"""Names of Python builtins (``list``, ``sum``, ``id`` …), which variables must not shadow."""

_NON_WORD = re.compile(r"[^0-9A-Za-z]+")


def is_identifier(name: str) -> bool:
    """A valid, non-keyword identifier that Python reads back unchanged."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and unicodedata.normalize("NFKC", name) == name
    )


def is_module_path(path: str) -> bool:
    """A dotted module path such as ``examples.invoices``."""
    return bool(path) and all(is_identifier(part) for part in path.split("."))


def snake_case(text: str) -> str:
    """ASCII ``snake_case`` words of ``text`` (accents dropped, other characters split words)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", plain)
    return _NON_WORD.sub("_", plain).strip("_").lower()


def camel_case(text: str) -> str:
    """``CamelCase`` of the words of ``text``: ``send_invoices`` → ``SendInvoices``."""
    return "".join(word[:1].upper() + word[1:] for word in snake_case(text).split("_") if word)


def recipe_function_name(task_name: str) -> str:
    """The recipe function (and folder) name for a task: a ``snake_case`` identifier that is no
    keyword, builtin or name every recipe module binds. ``"Send invoices!"`` → ``send_invoices``,
    ``"list"`` → ``list_task``, ``"2fa"`` → ``task_2fa``."""
    name = snake_case(task_name) or "task"
    if name[0].isdigit():
        name = "task_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_task"
    if name in BUILTIN_NAMES or name in RESERVED_GLOBALS:
        name += "_task"
    return name


def variable_base(name: str) -> str:
    """A readable identifier for a variable whose recorded name is not one."""
    if is_identifier(name):
        return name
    base = snake_case(name) or "value"
    return "v_" + base if base[0].isdigit() else base


def unique_name(base: str, taken: Iterable[str] | set[str], *, suffix: str = "") -> str:
    """``base`` (plus ``suffix``) if free and valid, else ``base_2``, ``base_3`` … .

    With a :class:`NamePool`, the numbers are counted on from the last one handed out for
    ``base``, so naming n variables after one word takes linear time, not quadratic."""
    taken = taken if isinstance(taken, set | frozenset) else set(taken)
    first = base + suffix
    if first not in taken and is_identifier(first):
        return first
    pool = taken if isinstance(taken, NamePool) else None
    n = pool.next_number.get((base, suffix), 2) if pool is not None else 2
    while True:
        candidate = f"{base}{suffix}_{n}" if suffix else f"{base}_{n}"
        if candidate not in taken and is_identifier(candidate):
            if pool is not None:
                pool.next_number[(base, suffix)] = n + 1
            return candidate
        n += 1


class NamePool(set[str]):
    """The names in use, as a set that its users only add to, so :func:`unique_name` may go on
    numbering each base where it stopped (every lower number is still taken). Were a name
    removed, the names handed out would stay unique, only not the lowest free ones."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        super().__init__(names)
        self.next_number: dict[tuple[str, str], int] = {}


def clean_variable(name: str, taken: set[str]) -> str:
    """The name a recorded variable gets: unchanged when it is a valid identifier that clashes
    with nothing in ``taken`` or the builtins; otherwise the cleaned name with a trailing ``_``
    (``class`` → ``class_``, ``sum`` → ``sum_``) or a number."""
    if is_identifier(name) and name not in taken and name not in BUILTIN_NAMES:
        return name
    base = variable_base(name)
    blocked = taken | BUILTIN_NAMES
    if base not in blocked and is_identifier(base):
        return base
    if base + "_" not in blocked and is_identifier(base + "_"):
        return base + "_"
    return unique_name(base, blocked)


# --------------------------------------------------------------------------- readable words

# fmt: off
_VERBS = frozenset({
    "get", "find", "list", "fetch", "load", "read", "search", "lookup", "query", "retrieve",
    "check", "create", "make", "add", "send", "post", "submit", "place", "book", "open",
    "generate", "calculate", "compute", "extract", "parse", "scan", "download", "upload",
    "issue", "request", "register", "schedule", "start", "run", "build", "draft", "write",
    "reserve", "look", "pull", "show",
})
# fmt: on
"""Leading verbs of action names whose result is named after the rest: ``list_invoices`` →
``invoices``, ``send_reminder`` → ``reminder``."""

_QUALIFIERS = ("by", "for", "of", "from", "in", "with", "on", "at")
"""Words that start a qualifier to cut: ``get_user_by_email`` → ``user``."""


def plural(word: str) -> str:
    """``invoice`` → ``invoices``, ``category`` → ``categories``; plurals stay as they are."""
    if not word or singular(word) != word:
        return word
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def singular(word: str) -> str:
    """``invoices`` → ``invoice``, ``categories`` → ``category``, ``addresses`` → ``address``;
    words that are not plural stay (``status``, ``unpaid``)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "uses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    if word.endswith("us") and len(word) == 4 and word not in ("plus", "onus", "opus", "thus"):
        return word[:-1]  # skus, cpus, gpus (a four-letter Latin "-us" is rare)
    return word


def action_noun(action_name: str) -> str | None:
    """What an action's result is called, from its name: ``list_invoices`` → ``invoices``,
    ``find_customer`` → ``customer``, ``get_user_by_email`` → ``user``, ``count_items`` →
    ``item_count``; ``None`` when the name is no verb phrase (``reserve``, ``ship``)."""
    words = [w for w in snake_case(action_name).split("_") if w]
    if len(words) < 2:
        return None
    verb, rest = words[0], words[1:]
    if verb == "count":
        return "_".join([*map(singular, rest), "count"]) if rest else None
    if verb == "look" and rest[0] == "up":
        rest = rest[1:]
    elif verb not in _VERBS:
        return None
    for i, word in enumerate(rest):
        if word in _QUALIFIERS and i > 0:
            rest = rest[:i]
            break
    return "_".join(rest) or None


def type_noun(annotation: str) -> str | None:
    """What a value of a type is called: ``Customer`` → ``customer``, ``list[Invoice]`` →
    ``invoices``, ``Order | None`` → ``order``; ``None`` for builtin and unclear types."""
    text = annotation.replace(" ", "")
    for none in ("|None", "None|"):
        text = text.replace(none, "")
    optional = re.fullmatch(r"(?:typing\.)?Optional\[(.+)\]", text)
    if optional:
        text = optional.group(1)
    many = re.fullmatch(
        r"(?:list|List|tuple|Tuple|set|Set|frozenset|Sequence|Iterable|typing\.\w+|"
        r"collections\.abc\.\w+)\[(.+?)(?:,\.\.\.)?\]",
        text,
    )
    inner = many.group(1) if many else text
    if not re.fullmatch(r"(?:[A-Za-z_]\w*\.)*[A-Z]\w*", inner):
        return None
    name = inner.rsplit(".", 1)[-1]
    if name in ("Any", "Optional", "Union", "BaseModel", "JsonValue", "Self", "None", "NoneType"):
        return None
    noun = snake_case(name)
    if not noun:
        return None
    return plural(noun) if many else noun
