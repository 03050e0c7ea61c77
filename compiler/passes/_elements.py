"""Browser steps in a loop: the elements one step acted on, repetition after repetition, are
one element when they differ only by the item of a list their text is built from
(``topics[0]``, ``topics[1]``); the loop's element then reads the item (``name=topic``).

The text may be that of the element's row (:attr:`compiler.ir.LocatorCandidate.row`): a "Mark
shipped" button pressed in the rows of ``orders[0]`` and ``orders[2]``, each row found by its
order number, is the button of the row of each order the loop goes over (a row told apart by two
texts together has both built from the item, :attr:`compiler.ir.RowKey.also`)::

    for order in paid_orders:
        click(target=find(page.get_by_role("row").filter(has=page.get_by_text(order.order,
              exact=True)).get_by_role("button", name="Mark shipped", exact=True)))
"""

from __future__ import annotations

import ast
import re
import unicodedata
from typing import Any, Literal

from compiler.ir import Expr, FStringExpr, LocatorExpr, RefExpr
from compiler.passes._predicates import Access
from compiler.passes._values import is_integer


def _element_template(
    exprs: list[Expr],
) -> tuple[LocatorExpr, tuple[str, list[int]] | None] | None:
    """For the elements one step acted on, repetition after repetition: the first one and
    ``(list, item index per repetition)`` when they differ only by the item of a list their
    text is built from (``topics[0]``, ``topics[1]``); ``None`` when they differ otherwise.

    The rows of a list are told apart by whichever of their texts no other row shows when
    the button is pressed, so one repetition may have keys another lacks (the sender shared
    by two messages tells the second apart only once the first is archived): then the
    element is the candidates built from an item that every repetition has, and only those.
    """
    if not all(isinstance(e, LocatorExpr) for e in exprs):
        return None
    located = [e for e in exprs if isinstance(e, LocatorExpr)]
    forms: list[list[tuple[Any, ...]]] = []
    items_of: list[list[set[tuple[str, int]]]] = []
    for expr in located:
        per_candidate = [set[tuple[str, int]]() for _ in expr.candidates]
        forms.append(
            [_candidate_form(c, i) for c, i in zip(expr.candidates, per_candidate, strict=True)]
        )
        items_of.append(per_candidate)
    first = located[0]
    if any(f != forms[0] for f in forms):
        shared = set(forms[0]).intersection(*forms[1:])
        keep = [n for n, f in enumerate(forms[0]) if f in shared and items_of[0][n]]
        if not keep:
            return None
        first = first.model_copy(update={"candidates": tuple(first.candidates[n] for n in keep)})
        kept_forms = {forms[0][n] for n in keep}
        items_of = [
            [i for f, i in zip(fs, its, strict=True) if f in kept_forms]
            for fs, its in zip(forms, items_of, strict=True)
        ]
    per_repetition: list[tuple[str, int] | None] = []
    for per_candidate in items_of:
        items = set().union(*per_candidate)
        if len(items) > 1:
            return None
        per_repetition.append(next(iter(items)) if items else None)
    if all(r is None for r in per_repetition):
        return first, None
    if any(r is None for r in per_repetition):
        return None
    lists = {r[0] for r in per_repetition if r is not None}
    if len(lists) != 1:
        return None
    return first, (lists.pop(), [r[1] for r in per_repetition if r is not None])


def _candidate_form(candidate: Any, items: set[tuple[str, int]]) -> tuple[Any, ...]:
    """A candidate with the item its text is built from left out (noted in ``items``)."""
    source = candidate.text_from
    if source is None:
        return (
            candidate.strategy,
            candidate.value,
            candidate.name,
            candidate.exact,
            candidate.nth,
            candidate.within,
            candidate.row,
        )
    shape = _source_shape(source, items)
    if candidate.row is not None:  # the text from data is the row's: the element's own stays
        row = (candidate.row.role, candidate.value, candidate.name, candidate.nth)
        also: Any = candidate.row.also  # a second text of the row: data, or fixed
        if candidate.row.also_from is not None:
            also = _source_shape(candidate.row.also_from, items)
        return (candidate.strategy, candidate.exact, candidate.within, row, shape, also)
    return (candidate.strategy, candidate.exact, candidate.within, shape)


def _source_shape(source: RefExpr | FStringExpr, items: set[tuple[str, int]]) -> tuple[Any, ...]:
    """A text's source with the item it reads left out (noted in ``items``)."""
    refs = [source] if isinstance(source, RefExpr) else source.parts
    shape: list[Any] = []
    for part in refs:
        if isinstance(part, RefExpr) and part.path and is_integer(part.path[0]):
            index = part.path[0]
            assert isinstance(index, int)
            items.add((part.name, index))
            shape.append(("item", part.name, part.path[1:]))
        else:
            shape.append(part)
    return tuple(shape)


def _element_for(
    template: LocatorExpr, var: str, access: Access | None, chosen: str | None = None
) -> LocatorExpr:
    """The first repetition's element, its text built from the loop's item instead; in a loop
    over the items a rule ``chosen`` selects, its row must still pass the rule's test of a
    field against a text (see :func:`_still_selected`)."""

    def item_ref(ref: RefExpr) -> RefExpr:
        if not (ref.path and is_integer(ref.path[0])):
            return ref
        rest = ref.path[1:]
        kinds: tuple[Literal["attr", "key"], ...] = tuple(
            "attr" if access == "attr" and str(e).isidentifier() else "key" for e in rest
        )
        return RefExpr(name=var, path=rest, path_kinds=kinds)

    def from_item(source: RefExpr | FStringExpr | None) -> RefExpr | FStringExpr | None:
        if isinstance(source, RefExpr):
            return item_ref(source)
        if source is None:
            return None
        parts = tuple(item_ref(p) if isinstance(p, RefExpr) else p for p in source.parts)
        return source.model_copy(update={"parts": parts})

    candidates = []
    for candidate in template.candidates:
        update: dict[str, Any] = {"text_from": from_item(candidate.text_from)}
        if candidate.row is not None and candidate.row.also_from is not None:
            also = from_item(candidate.row.also_from)
            update["row"] = candidate.row.model_copy(update={"also_from": also})
        candidates.append(candidate.model_copy(update=update))
    if chosen is not None:
        candidates = _still_selected(candidates, var, chosen)
    # The recorded description names the first item's element ('checkbox "Jazz"'): not over
    # a loop that acts on every item's.
    return template.model_copy(update={"candidates": tuple(candidates), "description": None})


def _still_selected(candidates: list[Any], var: str, chosen: str) -> list[Any]:
    """Rule: a loop over the items a rule selected by a field's text (``order.status ==
    "Paid"``, from one read of the table) finds each item's row only while the row still shows
    that text in that field's column (``….filter(has=page.locator('column="Status"')
    .get_by_text("Paid", exact=True))``): a click that changed another row (shipping one order
    ships the customer's other one), or a live refresh, leaves a row the rule no longer selects,
    which is then not found (the recipe stops) rather than acted on. The column is the one whose
    header names the field (as ``extract_table`` names it), among the columns the recorded
    candidates name; none known: any cell of the row. The test takes the place of a row's
    second text (a row told by two texts whose first alone tells it too is left out), and
    candidates that do not find the row by the item's text (a CSS path) are left out: a
    fallback without the test would find the row anyway."""
    tested = _field_text(chosen, var)
    if tested is None:
        return candidates
    field, text = tested
    columns = {
        column
        for candidate in candidates
        if candidate.row is not None
        for column in (candidate.row.column, candidate.row.also_column)
        if column is not None and header_key(column) == field
    }
    column = min(columns) if len(columns) == 1 else None
    single = {
        (c.row.text, c.row.column)
        for c in candidates
        if c.row is not None and c.row.also is None and c.text_from is not None
    }
    out = []
    for candidate in candidates:
        row = candidate.row
        if row is None or candidate.text_from is None:
            continue  # (it would find the row whatever it shows now)
        also = row.also_from
        if isinstance(also, RefExpr) and also.name == var and also.path == (field,):
            out.append(candidate)  # (its second text is the field the rule tests already)
            continue
        if row.also is not None and (row.text, row.column) in single:
            continue  # (the same row by its first text alone, which gets the test)
        update = {"also": text, "also_from": None, "also_column": column}
        out.append(candidate.model_copy(update={"row": row.model_copy(update=update)}))
    return out or candidates


def _field_text(chosen: str, var: str) -> tuple[str, str] | None:
    """``(field, text)`` of the first test ``var.field == "text"`` the rule ``chosen`` makes
    (alone or in an ``and``); ``None`` when it makes none."""
    try:
        tree = ast.parse(chosen, mode="eval").body
    except SyntaxError:
        return None
    tests = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
    for test in tests:
        if not (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)
            and isinstance(test.comparators[0], ast.Constant)
            and isinstance(test.comparators[0].value, str)
        ):
            continue
        left = test.left
        if (
            isinstance(left, ast.Attribute)
            and isinstance(left.value, ast.Name)
            and left.value.id == var
        ):
            return left.attr, test.comparators[0].value
        if (
            isinstance(left, ast.Subscript)
            and isinstance(left.value, ast.Name)
            and left.value.id == var
            and isinstance(left.slice, ast.Constant)
            and isinstance(left.slice.value, str)
        ):
            return left.slice.value, test.comparators[0].value
    return None


def header_key(header: str) -> str:
    """A table column's field name, as ``extract_table`` names it from the header's text
    (``runtime/browser/page_helpers.js``, ``headerKey``): "Unit price" is ``unit_price``."""
    key = unicodedata.normalize("NFKD", " ".join(header.split()).lower())
    key = "".join(c for c in key if not unicodedata.combining(c))
    key = re.sub(r"[^a-z0-9]+", "_", key).strip("_")
    return "c_" + key if key[:1].isdigit() else key


def element_refs(expr: Expr) -> list[RefExpr]:
    """The references an element's text is built from (none for anything but an element)."""
    if not isinstance(expr, LocatorExpr):
        return []
    refs: list[RefExpr] = []
    for candidate in expr.candidates:
        also = candidate.row.also_from if candidate.row is not None else None
        for source in (candidate.text_from, also):
            if isinstance(source, RefExpr):
                refs.append(source)
            elif source is not None:
                refs.extend(p for p in source.parts if isinstance(p, RefExpr))
    return refs
