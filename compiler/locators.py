"""Source code for a recorded page element: Playwright codegen style, every string escaped.

A :class:`~compiler.ir.LocatorExpr` becomes a call of ``find`` with one Playwright locator per
candidate, most robust first::

    find(page.get_by_role("button", name="Search"), page.get_by_test_id("search"),
         page.locator("#go"))

Candidate text comes from the page, which is untrusted: it only ever reaches the recipe through
:func:`compiler.literals.literal_source`, so whatever a page says (quotes, backslashes,
newlines, ``")); import os; ((``) stays a string literal.

**Text that is data.** When a candidate's text equals an input, an item of a list input or a
variable, or holds one (``Tab #2`` with the input ``tab_number="2"``), :func:`bind_locator`
builds it from that data, exactly matched, and drops the element's other candidates (ids, CSS
paths, XPaths, fixed text): the text says *which* element among similar ones, and a candidate
that does not carry it would find the recorded element, not the one the new data names::

    find(page.get_by_role("tab", name=f"Tab #{tab_number}", exact=True))

**Rows.** An element alike in every row of a table or list (a "Mark shipped" button) is
recorded inside its row, told by a cell no other row shows
(:attr:`~compiler.ir.LocatorCandidate.row`); that text is data too, or the key field of an item
of a list read earlier (``orders[2].order``, :meth:`DataValues.add_rows`)::

    find(page.get_by_role("row").filter(has=page.get_by_text(order.order, exact=True))
         .get_by_role("button", name="Mark shipped", exact=True))

In a table, the text is looked for only in the cell of the column the recording found it in
(:attr:`~compiler.ir.RowKey.column`, by its header or ``#n``): the row of customer "Ana Lima"
is never the row that shows her as its referrer::

    page.get_by_role("row").filter(has=page.locator('column="Customer"').get_by_text(customer,
                                                                                  exact=True))

A row may be told by two cells together (:attr:`~compiler.ir.RowKey.also`: a sender and a
subject, each shown by another row too); both texts are data, from the same item of a list
when one shows both (:meth:`DataValues.row_pair_for`)::

    find(page.get_by_role("listitem").filter(has=page.get_by_text(row.sender, exact=True))
         .filter(has=page.get_by_text(row.subject, exact=True))
         .get_by_role("button", name="Archive", exact=True))

A recipe that uses locators needs ``page = current_page()`` before its first step and the
imports in :data:`LOCATOR_IMPORTS`; :func:`uses_locators` tells the code generator when.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Literal

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from compiler.errors import CompileError
from compiler.ir import Expr, FStringExpr, LocatorCandidate, LocatorExpr, RefExpr
from compiler.literals import comment_text, literal_source
from compiler.locators_file import column_selector
from compiler.naming import is_identifier

__all__ = [
    "LOCATOR_IMPORTS",
    "LOCATOR_NAMES",
    "DataValues",
    "bind_locator",
    "locator_comment",
    "page_setup_source",
    "promote_locator",
    "render_candidate",
    "render_locator",
    "replace_locator",
    "scope_source",
    "uses_locators",
]

LOCATOR_IMPORTS: tuple[tuple[str, str], ...] = (
    ("runtime.browser", "current_page"),
    ("runtime.browser", "find"),
)
"""``(module, name)`` imports a recipe with locators needs."""

LOCATOR_NAMES: tuple[str, ...] = ("current_page", "find", "page")
"""Names such a recipe uses; variables and parameters must not take them."""

_GETTERS = {
    "label": "get_by_label",
    "placeholder": "get_by_placeholder",
    "text": "get_by_text",
    "alt": "get_by_alt_text",
    "title": "get_by_title",
}


DataSource = Callable[[Expr], str]
"""Python source of the expression a candidate's text is built from (the code generator's)."""

TEXT_STRATEGIES = ("role", "label", "placeholder", "text", "alt", "title")
"""Strategies whose candidate finds the element by text a person reads (for ``role``, its
name): the ones whose text can be data."""


def _cell(page: str, column: str | None) -> str:
    """Where a row's text is looked for: anywhere in the row (``page``), or only in the cell of
    its recorded column (``page.locator('column="Customer"')``, see
    :attr:`~compiler.ir.RowKey.column`)."""
    if column is None:
        return page
    return f"{page}.locator({literal_source(column_selector(column))})"


def render_candidate(
    candidate: LocatorCandidate, *, page: str = "page", data: DataSource | None = None
) -> str:
    """One candidate as a Playwright call on ``page``, e.g. ``page.get_by_label("Email")``;
    text built from data (:attr:`~compiler.ir.LocatorCandidate.text_from`) is emitted by
    ``data``."""
    _check_name(page)
    s = candidate.strategy
    text = candidate.name if s == "role" else candidate.value
    text_source = None if text is None else literal_source(text)
    data_source = None
    if candidate.text_from is not None:
        if data is None:
            raise CompileError("internal error: a locator built from data needs its renderer")
        data_source = data(candidate.text_from)
        if candidate.row is None:
            text_source = data_source
    value = literal_source(candidate.value) if text_source is None or s == "role" else text_source
    base = page if candidate.within is None else scope_source(candidate.within, page=page)
    if candidate.row is not None:
        row_text = data_source or literal_source(candidate.row.text)
        base = (
            f"{base}.get_by_role({literal_source(candidate.row.role)})"
            f".filter(has={_cell(page, candidate.row.column)}.get_by_text({row_text}, exact=True))"
        )
        if candidate.row.also is not None:
            also = candidate.row.also_from
            if also is not None and data is None:
                raise CompileError("internal error: a locator built from data needs its renderer")
            also_text = (
                data(also) if also is not None and data else literal_source(candidate.row.also)
            )
            cell = _cell(page, candidate.row.also_column)
            base += f".filter(has={cell}.get_by_text({also_text}, exact=True))"
    if s == "role":
        args = [value]
        if text_source is not None:
            args.append(f"name={text_source}")
        if candidate.exact:
            args.append("exact=True")
        call = f"{base}.get_by_role({', '.join(args)})"
    elif s in _GETTERS:
        exact = ", exact=True" if candidate.exact else ""
        call = f"{base}.{_GETTERS[s]}({value}{exact})"
    elif s == "test_id":
        call = f"{base}.get_by_test_id({value})"
    elif s == "css":
        call = f"{base}.locator({value})"
    elif s == "xpath":
        call = f"{base}.locator({literal_source('xpath=' + candidate.value)})"
    else:  # pragma: no cover - the IR's Literal type admits nothing else
        raise CompileError(f"unknown locator strategy {s!r}")
    if candidate.nth is not None:
        call += f".nth({int(candidate.nth)})"
    return call


_GROUP_SCOPE = re.compile(r'^internal:role=([a-z]+)\[name="((?:[^"\\]|\\.)*)"s\]$')
"""A recorded scope that is a named group (``internal:role=group[name="Reviewers"s]``)."""


def scope_source(within: str, *, page: str = "page") -> str:
    """The Playwright call for a candidate's recorded scope: a named group as
    ``page.get_by_role("group", name="Reviewers", exact=True)``, an id as
    ``page.locator("#cart")``."""
    match = _GROUP_SCOPE.match(within)
    if match is None:
        return f"{page}.locator({literal_source(within)})"
    name = re.sub(r"\\(.)", r"\1", match.group(2))
    return (
        f"{page}.get_by_role({literal_source(match.group(1))}, "
        f"name={literal_source(name)}, exact=True)"
    )


def render_locator(
    expr: LocatorExpr, *, page: str = "page", find: str = "find", data: DataSource | None = None
) -> str:
    """``find(<candidate>, ...)`` for a recorded element (one line; black wraps it)."""
    _check_name(find)
    if not expr.candidates:
        what = f" ({comment_text(expr.description)})" if expr.description else ""
        raise CompileError(
            f"a recorded element{what} has no locator candidates, so the recipe could not find "
            "it. Record the task again."
        )
    calls = (render_candidate(c, page=page, data=data) for c in expr.candidates)
    return f"{find}({', '.join(calls)})"


# --------------------------------------------------------------------------- text from data


class DataValues:
    """The values a candidate's text may come from at one point of a recipe: the inputs, the
    items of list inputs and the variables in scope (whole, or a field of an object), each with
    the reference that reads it. :meth:`expr_for` finds the text's data."""

    def __init__(self, *, description: str = "") -> None:
        self._values: list[tuple[str, int, RefExpr, bool]] = []
        """``(text, rank, reference, is a string)``; a smaller rank is preferred."""
        self._description = _norm(description)
        """The task description: text it writes is a constant, whatever input equals it."""
        self._keys: list[tuple[str, int, RefExpr]] = []
        """``(text, rank, reference)`` for the key fields of list items (:meth:`add_rows`)."""
        self._pairs: dict[tuple[str, str], list[tuple[int, RefExpr, RefExpr]]] = {}
        """``(text, text)`` → ``(rank, reference, reference)`` for two text fields of a list
        item that together tell the items apart (:meth:`add_rows`)."""

    def add(self, ref: RefExpr, value: Any, rank: int) -> None:
        """Note that ``ref`` reads ``value`` (strings and integers can be text; others are
        ignored). ``rank``: preference among equal values, smaller first."""
        if isinstance(value, bool) or not isinstance(value, str | int):
            return
        text = str(value)
        if text and text == _norm(text):
            self._values.append((text, rank, ref, isinstance(value, str)))

    def add_input(self, name: str, value: Any) -> None:
        """An input, and the items of a list input (``words[1]``)."""
        self.add(RefExpr(name=name), value, 0)
        if isinstance(value, list):
            for i, item in enumerate(value):
                self.add(RefExpr(name=name, path=(i,)), item, 1)

    def add_variable(self, name: str, value: Any, order: int, *, keys: bool = False) -> None:
        """A variable (the result of a call or a compute), and the fields of an object value
        (``row.name``, or ``row["name"]`` with ``keys``). Later variables are preferred."""
        rank = _MAX_ORDER - min(order, _MAX_ORDER - 1)
        self.add(RefExpr(name=name), value, 2 * _MAX_ORDER + rank)
        if isinstance(value, dict):
            kind: Literal["key", "attr"] = "key" if keys else "attr"
            for key, item in value.items():
                if keys or (is_identifier(key) and not key.startswith("_")):
                    field = RefExpr(name=name, path=(key,), path_kinds=(kind,))
                    self.add(field, item, 3 * _MAX_ORDER + rank)

    def add_rows(
        self, name: str, items: Any, order: int, *, access: Literal["key", "attr"] | None
    ) -> None:
        """The items of a list variable (rows read from a table, say) as rows of the page: each
        text field whose values tell the items apart (an order number) is a key a row can be
        found by (``orders[2].order``). ``access``: how an item's fields are read (``None``:
        unknown, so no key is noted)."""
        if access is None or not isinstance(items, list) or not items:
            return
        if not all(isinstance(item, dict) for item in items):
            return
        rank = _MAX_ORDER - min(order, _MAX_ORDER - 1)
        columns: dict[str, list[str]] = {}
        for key in items[0]:
            if access == "attr" and not (is_identifier(key) and not key.startswith("_")):
                continue
            texts = [item.get(key) for item in items]
            if not all(isinstance(t, str) and t and t == _norm(t) for t in texts):
                continue
            columns[key] = texts
            if len(set(texts)) != len(texts):
                continue  # not a key: two rows show the same text
            for i, text in enumerate(texts):
                ref = RefExpr(name=name, path=(i, key), path_kinds=("index", access))
                self._keys.append((text, rank, ref))
        for first, second in itertools.permutations(columns, 2):
            both = list(zip(columns[first], columns[second], strict=True))
            if len(set(both)) != len(both):
                continue  # two rows show both texts
            for i, texts_of_item in enumerate(both):
                one = RefExpr(name=name, path=(i, first), path_kinds=("index", access))
                other = RefExpr(name=name, path=(i, second), path_kinds=("index", access))
                self._pairs.setdefault(texts_of_item, []).append((rank, one, other))

    def row_pair_for(
        self, text: str, also: str, *, named: Collection[str] = ()
    ) -> tuple[RefExpr | FStringExpr | None, RefExpr | FStringExpr | None]:
        """The two texts that tell a row apart together, built from the data: two fields of
        one item of a list read earlier that shows both (``row.sender``, ``row.subject``: the
        item is that row's record), else each as :meth:`row_expr_for` builds it."""
        pairs = self._pairs.get((_norm(text), _norm(also)))
        if pairs:
            _, first, second = min(pairs, key=lambda p: p[0])
            return first, second
        return self.row_expr_for(text, named=named), self.row_expr_for(also, named=named)

    def row_expr_for(
        self, text: str, *, named: Collection[str] = ()
    ) -> RefExpr | FStringExpr | None:
        """The text of a cell telling a row from the others, built from the data: a whole
        input or variable equal to it first, else the key field of a list item equal to it
        (:meth:`add_rows`), else the values inside it (as :meth:`expr_for`)."""
        found = self.expr_for(text, named=named)
        whole = isinstance(found, RefExpr) or (
            isinstance(found, FStringExpr) and len(found.parts) == 1
        )
        if whole:
            return found
        keys = [(rank, ref) for value, rank, ref in self._keys if value == _norm(text)]
        if keys:
            return min(keys, key=lambda k: k[0])[1]
        return found

    def expr_for(self, text: str, *, named: Collection[str] = ()) -> RefExpr | FStringExpr | None:
        """``text`` built from the data: the reference to a value equal to it, else an f-string
        of the values found inside it (a number, or text of three characters or more, not part
        of a longer word or number); ``None`` if it holds none. A text cut short by the page
        outline (ending in "…") is not what the page says, so it holds none; nor does a whole
        text the task description writes (:meth:`written`: it is a constant there).

        Among inputs of one value (``guests=2``, ``day=2``) the one ``named`` (the names the
        model's reason for the step says) is preferred, else the first; :meth:`ties` lists the
        others, which the recipe must check still agree."""
        if self.written(text):
            return None
        return self._built(text, named)

    def _built(self, text: str, named: Collection[str]) -> RefExpr | FStringExpr | None:
        if not text or text.endswith("…"):
            return None
        text = _norm(text)
        whole = [(rank, ref, is_str) for value, rank, ref, is_str in self._values if value == text]
        if whole:
            _, ref, is_str = min(whole, key=lambda w: (w[0], w[1].name not in named))
            return ref if is_str else FStringExpr(parts=(ref,))
        found: list[tuple[int, int, int, RefExpr]] = []
        for value, rank, ref, _ in self._values:
            if len(value) < 3 and not value.isdigit():
                continue
            for match in re.finditer(re.escape(value), text):
                start, end = match.span()
                if _bounded(text, start, end):
                    found.append((start, end, rank, ref))
        if not found:
            return None
        found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2], f[3].name not in named))
        parts: list[str | RefExpr] = []
        last = 0
        for start, end, _rank, ref in found:
            if start < last:
                continue
            if start > last:
                parts.append(text[last:start])
            parts.append(ref)
            last = end
        if last < len(text):
            parts.append(text[last:])
        return FStringExpr(parts=tuple(parts))

    def written(self, text: str) -> bool:
        """Whether the task description writes ``text`` whole ("press Done to save" writes
        "Done"): the description is the same for every input, so the text is a constant there
        even when an input equals it."""
        text = _norm(text)
        if not self._description or not any(c.isalpha() for c in text):
            return False  # a number the description writes ("page 1 of 3") names no control
        return any(
            _bounded(self._description, m.start(), m.end())
            for m in re.finditer(re.escape(text), self._description)
        )

    def ties(self, source: Expr | None) -> list[tuple[RefExpr, RefExpr]]:
        """``(used, other)`` for each input (or item of a list input) that :meth:`expr_for`
        did not use for ``source`` but that holds the same text as one it did: two inputs of
        one recorded value (``guests=2``, ``day=2``) both explain the text, and the recording
        cannot tell which the page needs."""
        out: list[tuple[RefExpr, RefExpr]] = []
        for used in _refs(source):
            mine = [(t, r) for t, r, ref, _ in self._values if ref == used and r < 2 * _MAX_ORDER]
            if not mine:
                continue
            text, _ = mine[0]
            out += [
                (used, ref)
                for value, rank, ref, _ in self._values
                if value == text and rank < 2 * _MAX_ORDER and ref != used
            ]
        return out

    def constants(self, text: str) -> list[RefExpr | FStringExpr]:
        """What ``text`` would be built from (as :meth:`expr_for` builds it, and the inputs
        that tie with it) when the task description writes it (:meth:`written`) and inputs
        explain it too: the recipe keeps the text as written, and must check that these still
        equal it."""
        if not self.written(text):
            return []
        built = self._built(text, ())
        if built is None or not any(self.given(r) for r in _refs(built)):
            return []
        return [built, *(other for _, other in self.ties(built))]

    def inputs_equal(self, text: str) -> set[str]:
        """The inputs (or list inputs, by an item) whose value is ``text``."""
        text = _norm(text)
        return {
            r.name for value, rank, r, _ in self._values if value == text and rank < 2 * _MAX_ORDER
        }

    def given(self, ref: RefExpr) -> bool:
        """Whether ``ref`` reads an input or an item of a list input (not a variable)."""
        return any(r == ref and rank < 2 * _MAX_ORDER for _, rank, r, _ in self._values)

    def is_text(self, ref: RefExpr) -> bool:
        """Whether ``ref`` (a value :meth:`add` noted) holds a string rather than a number."""
        return next((is_str for _, _, r, is_str in self._values if r == ref), True)


_MAX_ORDER = 1_000_000


def _refs(source: Expr | None) -> list[RefExpr]:
    """The references a text built from data reads."""
    if isinstance(source, RefExpr):
        return [source]
    if isinstance(source, FStringExpr):
        return [p for p in source.parts if isinstance(p, RefExpr)]
    return []


def _norm(text: str) -> str:
    return " ".join(text.split())


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not part of a longer word or number."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


_DESCRIBED = re.compile(r'^\S+ ("(?:[^"\\]|\\.)*")$')
"""A recorded element's description, ``button "Pay"``: what it is, and the text it shows."""


def candidate_text(candidate: LocatorCandidate) -> str | None:
    """The text a candidate finds its element by (a role's name; for an element found in a
    row, the row's text), or ``None``."""
    if candidate.row is not None:
        return candidate.row.text
    if candidate.strategy not in TEXT_STRATEGIES:
        return None
    return candidate.name if candidate.strategy == "role" else candidate.value


def bind_locator(
    expr: LocatorExpr, data: DataValues, *, named: Collection[str] = ()
) -> tuple[LocatorExpr, list[str]]:
    """``expr`` with each candidate whose text is data built from it, matched exactly; if any
    is, the element is *data-bound* and only those candidates stay — an id, a CSS path, an
    XPath or fixed text would find the recorded element, not the one the new data names.
    ``named``: the names the model's reason for the step says (preferred among equal inputs).
    Returns the element and what changed (one line each, for ``--explain``).

    A row is required to show every text of it that is data (:func:`_all_row_data`): a
    member named by ``first_name`` and ``last_name`` is looked up by both, never by the last
    name alone, which on other data finds another member of that name."""
    bound: list[LocatorCandidate] = []
    for candidate in expr.candidates:
        text = candidate_text(candidate)
        if candidate.row is not None and candidate.row.also is not None:
            paired = _bind_pair(candidate, data, named)
            if paired is not None:
                bound.append(paired)
            continue
        if candidate.row is not None:
            source = data.row_expr_for(text, named=named) if text else None
        else:
            source = data.expr_for(text, named=named) if text else None
        if source is not None:
            bound.append(candidate.model_copy(update={"text_from": source, "exact": True}))
    shown = _DESCRIBED.match(expr.description or "")
    source = data.expr_for(json.loads(shown.group(1)), named=named) if shown and not bound else None
    if source is not None:
        # The element shows the data, but no recorded candidate could say so (the page showed
        # that text elsewhere too): look for the text itself, inside the scope a recorded
        # candidate had (the group "Reviewers", not "Watchers", which shows the same names);
        # if it is not the one element showing it at replay, the lookup fails and the replay
        # falls back.
        value = json.loads(shown.group(1)) if shown else ""
        within = next((c.within for c in expr.candidates if c.within is not None), None)
        bound.append(
            LocatorCandidate(
                strategy="text", value=value, exact=True, text_from=source, within=within
            )
        )
    if not bound:
        return expr, []
    bound = _no_constant_narrowing(_all_row_data(bound, data))
    dropped = len(expr.candidates) - len(bound)
    what = expr.description or "an element"
    change = f"{what}: text from data ({len(bound)} locator(s))" + (
        f", {dropped} locator(s) that do not carry it dropped" if dropped else ""
    )
    return expr.model_copy(update={"candidates": tuple(bound)}), [change]


def bound_sources(candidate: LocatorCandidate) -> list[RefExpr | FStringExpr]:
    """What a data-bound candidate's texts are built from (its own text or row's, and the
    row's second text)."""
    row_also = candidate.row.also_from if candidate.row is not None else None
    return [s for s in (candidate.text_from, row_also) if s is not None]


def _row_texts(
    candidate: LocatorCandidate,
) -> list[tuple[str, RefExpr | FStringExpr, str | None]]:
    """``(text, what it is built from, its column)`` for each text of a candidate's row that
    is data."""
    row = candidate.row
    if row is None or candidate.text_from is None:
        return []
    out = [(row.text, candidate.text_from, row.column)]
    if row.also is not None and row.also_from is not None:
        out.append((row.also, row.also_from, row.also_column))
    return out


def _inputs_shown(candidate: LocatorCandidate, data: DataValues) -> frozenset[str]:
    """The inputs a data-bound candidate requires the element to show: for a row, every input
    equal to one of the row's texts it filters by (``first_name`` for "Ann", whether the text
    is built from the input or from a record read from the page); else the inputs its text is
    built from."""
    if candidate.row is None:
        return frozenset(
            r.name for s in bound_sources(candidate) for r in _refs(s) if data.given(r)
        )
    return frozenset(
        name for text, _, _ in _row_texts(candidate) for name in data.inputs_equal(text)
    )


def _all_row_data(bound: list[LocatorCandidate], data: DataValues) -> list[LocatorCandidate]:
    """Rule: a row is looked up by every text of it that an input names. A candidate that
    finds the row by one such text (the last name) while another candidate shows the row has
    a text another input names (the first name) gets that text as its second filter
    (:attr:`~compiler.ir.RowKey.also`, a stricter lookup that still finds the recorded row);
    then a candidate that requires fewer inputs than another one is dropped, and those that
    require the most come first. (A row found by a record read from the page, ``rows[2]``,
    is that record's row: its other fields add nothing.)"""
    texts: dict[str, tuple[str, RefExpr | FStringExpr, str | None]] = {}
    for candidate in bound:
        for text, source, column in _row_texts(candidate):
            for name in data.inputs_equal(text):
                texts.setdefault(name, (text, source, column))
    chained: list[tuple[LocatorCandidate, bool]] = []
    for candidate in bound:
        row = candidate.row
        shown = _inputs_shown(candidate, data)
        missing = [found for name, found in texts.items() if name not in shown]
        if row is not None and row.also is None and candidate.text_from is not None and missing:
            text, source, column = missing[0]
            key = row.model_copy(update={"also": text, "also_from": source, "also_column": column})
            chained.append((candidate.model_copy(update={"row": key}), True))
        else:
            chained.append((candidate, False))
    shows = [_inputs_shown(c, data) for c, _ in chained]
    kept = [
        (len(mine), was_chained, c)
        for (c, was_chained), mine in zip(chained, shows, strict=True)
        if not any(mine < other for other in shows)
    ]
    kept.sort(key=lambda k: (-k[0], k[1]))
    out: list[LocatorCandidate] = []
    seen: set[tuple[Any, ...]] = set()
    for _, _, candidate in kept:
        row = candidate.row
        texts_of_row = frozenset((row.text, row.also)) if row is not None else None
        same = (candidate.model_copy(update={"row": None, "text_from": None}), texts_of_row)
        if same not in seen:
            seen.add(same)
            out.append(candidate)
    return out


def _no_constant_narrowing(bound: list[LocatorCandidate]) -> list[LocatorCandidate]:
    """Rule: a row that its data alone tells apart is never narrowed by a constant text the
    recording happened to see in it (Ana Lima's row and "Trial"): where the data names two
    rows, that text would pick one of them. So when a candidate finds the row by data only,
    those that add a constant text are dropped (the runtime's ``find`` also refuses them
    once a data-bound locator is ambiguous)."""

    def constant_also(candidate: LocatorCandidate) -> bool:
        row = candidate.row
        return row is not None and row.also is not None and row.also_from is None

    if not any(c.row is not None and not constant_also(c) for c in bound):
        return bound
    return [c for c in bound if not constant_also(c)]


def _bind_pair(
    candidate: LocatorCandidate, data: DataValues, named: Collection[str] = ()
) -> LocatorCandidate | None:
    """A candidate whose row is told by two texts together, with those of them that are data
    built from it (the data one first, so that ``text_from`` says the row is data-bound);
    ``None`` when neither is."""
    row = candidate.row
    assert row is not None and row.also is not None
    text, also = row.text, row.also
    source, also_source = data.row_pair_for(text, also, named=named)
    if source is None:
        if also_source is None:
            return None
        text, also, source, also_source = also, text, also_source, None
    key = row.model_copy(update={"text": text, "also": also, "also_from": also_source})
    return candidate.model_copy(update={"row": key, "text_from": source, "exact": True})


def locator_comment(expr: LocatorExpr) -> str | None:
    """A one-line description for a comment (``button "Search" in form``), or ``None``."""
    parts = [p for p in (expr.description, expr.context and f"in {expr.context}") if p]
    return comment_text(" ".join(parts)) or None


def page_setup_source(*, page: str = "page") -> str:
    """The statement that opens (or reuses) the run's page at the top of the recipe."""
    _check_name(page)
    return f"{page} = current_page()"


def uses_locators(args: Iterable[Mapping[str, Expr]]) -> bool:
    """Whether any argument mapping (one per call) holds a :class:`LocatorExpr`."""
    return any(isinstance(e, LocatorExpr) for kwargs in args for e in kwargs.values())


def promote_locator(source: str, line: int, index: int, *, find: str = "find") -> str:
    """``source`` with the ``index``-th locator of the ``find(...)`` call on ``line`` moved
    first — what healing does when a replay found an element only by a later locator.

    Everything else (comments, hand edits, formatting) stays byte for byte. Raises
    :class:`CompileError` when no such call is on that line.
    """
    module = cst.parse_module(source)
    wrapper = MetadataWrapper(module)
    positions = wrapper.resolve(PositionProvider)
    matches: list[cst.Call] = []

    class _Find(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name) and node.func.value == find:
                span = positions[node]
                if span.start.line <= line <= span.end.line:
                    matches.append(node)

    wrapper.visit(_Find())
    if not matches:
        raise CompileError(f"line {line}: no {find}(...) call to update.")
    # The innermost call on the line is the one that ran.
    target = min(matches, key=lambda n: positions[n].end.line - positions[n].start.line)
    args = list(target.args)
    if not 0 <= index < len(args) or any(a.keyword or a.star for a in args):
        raise CompileError(f"line {line}: {find}(...) has no locator number {index + 1}.")
    if index == 0:
        return source
    order = [args[index], *args[:index], *args[index + 1 :]]
    # Keep each position's separator (comma, whitespace) where it was.
    reordered = [
        moved.with_changes(comma=slot.comma) for moved, slot in zip(order, args, strict=True)
    ]

    class _Promote(cst.CSTTransformer):
        def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
            return updated.with_changes(args=reordered) if original is target else updated

    return wrapper.module.visit(_Promote()).code


def replace_locator(source: str, line: int, locator: str, *, find: str = "find") -> str:
    """``source`` with the first locator of the ``find(...)`` call on ``line`` replaced by
    ``locator`` (Python source) — what healing does when a replay found an element only by a
    locator from ``locators.json``. Everything else stays byte for byte."""
    module = cst.parse_module(source)
    wrapper = MetadataWrapper(module)
    positions = wrapper.resolve(PositionProvider)
    matches: list[cst.Call] = []

    class _Find(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name) and node.func.value == find and node.args:
                span = positions[node]
                if span.start.line <= line <= span.end.line:
                    matches.append(node)

    wrapper.visit(_Find())
    if not matches:
        raise CompileError(f"line {line}: no {find}(...) call to update.")
    target = min(matches, key=lambda n: positions[n].end.line - positions[n].start.line)
    first = target.args[0]
    if first.keyword or first.star:
        raise CompileError(f"line {line}: {find}(...) has no locator to replace.")
    new = first.with_changes(value=cst.parse_expression(locator))

    class _Replace(cst.CSTTransformer):
        def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
            if original is not target:
                return updated
            return updated.with_changes(args=[new, *updated.args[1:]])

    return wrapper.module.visit(_Replace()).code


def _check_name(name: str) -> None:
    if not is_identifier(name):
        raise CompileError(f"internal error: {name!r} is not an identifier")
