"""The pins a bridge writes (split from :mod:`runtime.run.bridges`): the guard that keeps a bridge
to the data its healed run saw, ``if not (order.tier == 'gold' and ...): raise SideExit("... not
what the bridge was made from")`` (:func:`_pin_check`), and what goes in it — the record fields
the task's words or the fallback's reasons name (:func:`_named_pins`, with how words name a field
or write its value), the values a hidden decision's guard does not read (:func:`_pins`), the ones
it does (:func:`_guarded_pins`), and a bridge's own pin guard pinned again as a new healed run read
it (:func:`_repinned`)."""

from __future__ import annotations

from typing import Any

import libcst as cst

from compiler.fingerprint import fingerprint
from compiler.passes._hidden_words import _WORD, _compares, _is_number, _named, _split, _words
from runtime.actions.recorder import jsonable
from runtime.run.bridge_checks import _Context
from runtime.run.heal import _names_in


def _repinned(
    test: cst.BaseExpression, block: cst.IndentedBlock, context: _Context
) -> cst.IndentedBlock:
    """The bridge at a bridge's own pin guard (:data:`PINNED`): the fields it pins, and those
    the words name (:func:`_named_pins`), as the new healed run read them."""
    pins: dict[str, str] = {}
    for name, field in sorted(_reads(test), key=str):
        data = jsonable(context.variables.get(name))
        if field is not None and isinstance(data, dict) and field in data:
            value = context.variables[name]
            ref = f"{name}[{field!r}]" if isinstance(value, dict) else f"{name}.{field}"
            pins[ref] = _equals(ref, data[field])
    for ref, check in _named_pins(set(), context):
        pins.setdefault(ref, check)
    pinned = _pin_check(list(pins.items()))
    return block if pinned is None else block.with_changes(body=[pinned, *block.body])


def _guarded_pins(test: cst.BaseExpression, context: _Context) -> list[tuple[str, str]]:
    """``(what, check)`` for each field or scalar variable a guard's ``test`` reads, as the
    healed run read it (``order2.status == 'pending'``)."""
    pins: dict[str, str] = {}
    reads = _reads(test)
    objects = {name for name, field in reads if field is not None}
    for name, field in sorted(reads, key=lambda read: (read[0], read[1] or "")):
        if name not in context.variables:
            continue
        value = context.variables[name]
        data = jsonable(value)
        if field is None:
            if name not in objects and not isinstance(data, dict | list):
                pins.setdefault(name, _equals(name, data))
        elif isinstance(data, dict) and field in data and not isinstance(value, list | tuple):
            ref = f"{name}[{field!r}]" if isinstance(value, dict) else f"{name}.{field}"
            pins.setdefault(ref, _equals(ref, data[field]))
    return list(pins.items())


def _pin_check(pins: list[tuple[str, str]]) -> cst.BaseStatement | None:
    """One guard over ``(what, check)`` pins: ``if not (...): raise SideExit("<what> are not
    what the bridge was made from")``; ``None`` when there is none."""
    if not pins:
        return None
    listed = ", ".join(shown for shown, _ in pins)
    condition = " and ".join(check for _, check in pins)
    condition = condition if len(pins) == 1 else f"({condition})"
    message = f"{listed} {'is' if len(pins) == 1 else 'are'} not what the bridge was made from"
    return cst.parse_statement(f"if not {condition}:\n    raise SideExit({message!r})\n")


def _named_pins(read: set[tuple[str, str | None]], context: _Context) -> list[tuple[str, str]]:
    """``(what, check)`` for each field of a record the recipe holds that the task's words or
    the fallback's reasons name (:func:`_names_field`): a true/false field whose name they
    write (``vip``, ``is_vip``), a number field they name where they compare numbers, a text
    field whose name they write ("not gold tier", "the premium plan": the healed run's
    ``tier == "standard"`` is a value the words need not write) or whose value they write.
    Left out: the fields ``read`` (a decision's own),
    and a field echoing an input (the record's identity). The fallback may have decided on any
    of them, so the bridge runs only while they read as on the healed run."""
    words = _words(context.words)
    if not words:
        return []
    compares = _compares(context.words)
    said = [w.lower() for w in _WORD.findall(context.words)]
    inputs = [
        jsonable(v)
        for n, v in context.variables.items()
        if n not in context.definitions and not isinstance(v, list | dict | tuple)
    ]
    pins: list[tuple[str, str]] = []
    for name, value in context.variables.items():
        data = jsonable(value)
        if not name.isidentifier() or not isinstance(data, dict) or isinstance(value, list | tuple):
            continue
        if (name, None) in read and not any(v == name and f for v, f in read):
            continue  # the decision reads the whole record
        for field, item in data.items():
            if not isinstance(field, str) or (name, field) in read or item in inputs:
                continue
            if isinstance(item, bool) or (_is_number(item) and compares):
                if not _names_field(field, words):
                    continue
            elif not isinstance(item, str) or not (
                (len(item) >= 3 and item.lower() in words)
                or _writes_value(field, [str(f) for f in data], said)
            ):
                continue
            ref = f"{name}[{field!r}]" if isinstance(value, dict) else f"{name}.{field}"
            if isinstance(value, dict) or field.isidentifier():
                pins.append((ref, _equals(ref, item)))
    return pins


_FUNCTION_PARTS = frozenset(
    {"has", "can", "was", "did", "are", "the", "and", "for", "not", "any", "all", "per", "get"}
)
"""Name parts that say nothing of what a field holds (``is`` of ``is_vip``)."""


def _names_field(field: str, words: set[str]) -> bool:
    """Whether the words name a record field: its whole name is a word, a part of four letters
    or more is named as the compiler finds it (``_named``), or a part of three letters other
    than a function word (:data:`_FUNCTION_PARTS`) is a whole word of the text (``vip`` of
    ``is_vip``; ``is`` is too short to name anything)."""
    parts = _split(field)
    return (
        field.lower() in words
        or _named(parts, words)
        or any(len(p) == 3 and p not in _FUNCTION_PARTS and p in words for p in parts)
    )


_FUNCTION_WORDS = _FUNCTION_PARTS | {
    *("a", "an", "s", "this", "that", "these", "its", "it", "their", "his", "her", "our"),
    *("your", "my", "of", "is", "be", "or", "but", "to", "in", "on", "at", "with", "by"),
    *("from", "if", "so", "no", "each", "every", "other", "same", "else", "which", "what"),
    *("whose", "as", "than", "then", "only", "also", "when", "who", "whom", "new", "one"),
}
"""Words that write no value of a field (``the customer``, ``customer is not``)."""

_COPULAS = frozenset({"is", "was", "be", "equals", "of"})


def _writes_value(field: str, fields: list[str], said: list[str]) -> bool:
    """Whether the words (``said``, in order) write a value of a text ``field`` of a record
    with ``fields``: a word other than a function word or a field's name right before the
    field's name ("not gold tier", "the premium plan") or after "<name> is" ("plan is
    premium"), and not itself before another field's name ("customer is gold tier" writes the
    tier). The healed run's value need not be the one written: a field the words give values
    is one the fallback may have decided on."""
    parts = _split(field)
    names = {field.lower(), parts[-1]} if parts and len(parts[-1]) >= 3 else {field.lower()}
    others = {p for f in fields for p in [f.lower(), *_split(f)]}

    def value(at: int) -> bool:
        if not 0 <= at < len(said):
            return False
        word = said[at]
        if len(word) < 3 or word in _FUNCTION_WORDS or word in others:
            return False
        return not (at + 1 < len(said) and said[at + 1] in others and said[at + 1] not in names)

    for at, word in enumerate(said):
        if word not in names:
            continue
        if value(at - 1):
            return True
        if at + 2 < len(said) and said[at + 1] in _COPULAS and value(at + 2):
            return True
    return False


def _reads(expr: cst.CSTNode) -> set[tuple[str, str | None]]:
    """``(variable, field)`` for each ``variable.field`` or ``variable["field"]`` that
    ``expr`` reads, and ``(variable, None)`` for each name."""
    found: set[tuple[str, str | None]] = set()

    class _Reads(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            if isinstance(node.value, cst.Name):
                found.add((node.value.value, node.attr.value))

        def visit_Subscript(self, node: cst.Subscript) -> None:
            if isinstance(node.value, cst.Name) and len(node.slice) == 1:
                index = node.slice[0].slice
                if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
                    key = index.value.evaluated_value
                    if isinstance(key, str):
                        found.add((node.value.value, key))

        def visit_Name(self, node: cst.Name) -> None:
            found.add((node.value, None))

    expr.visit(_Reads())
    return found


def _pins(test: cst.BaseExpression, context: _Context) -> list[tuple[str, str]]:
    """``(what, check)`` for each value the recipe holds at a hidden decision's guard that the
    guard does not read: a scalar as an equality (``product.stock == 0``), anything else by
    ``same_as_recorded``. Left out: the guarded field or variable, an input a lookup was made
    with (``item`` of ``get_product(item=item)``) and a field of a result equal to it."""
    variables = context.variables
    guarded = _reads(test)
    fields = {name for name, field in guarded if field is not None}
    whole = {name for name, field in guarded if field is None} - fields
    keys = {
        name
        for expr in context.definitions.values()
        for name in _names_in([expr])
        if name in variables and name not in context.definitions
    }
    identities = [jsonable(variables[k]) for k in keys]
    pins: list[tuple[str, str]] = []
    for name, value in variables.items():
        if not name.isidentifier() or name in whole or name in keys:
            continue
        data = jsonable(value)
        if isinstance(data, dict) and not isinstance(value, list | tuple):
            for field, item in data.items():
                if (name, field) in guarded or item in identities or not isinstance(field, str):
                    continue
                ref = f"{name}[{field!r}]" if isinstance(value, dict) else f"{name}.{field}"
                if isinstance(value, dict) or field.isidentifier():
                    pins.append((ref, _equals(ref, item)))
        elif name not in fields:
            pins.append((name, _equals(name, data)))
    return pins


def _equals(ref: str, value: Any) -> str:
    """``ref == value`` for a scalar, else ``same_as_recorded(ref, <its fingerprint>)``."""
    if value is None or isinstance(value, bool):
        return f"{ref} is {value!r}"
    if isinstance(value, str) or is_number(value):
        return f"{ref} == {value!r}"
    return f"same_as_recorded({ref}, {fingerprint(value)!r})"


def is_number(value: Any) -> bool:
    """A finite int or float (not a bool)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value
        and abs(value) != float("inf")
    )
