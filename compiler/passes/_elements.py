"""Browser steps in a loop: the elements one step acted on, repetition after repetition, are
one element when they differ only by the item of a list their text is built from
(``topics[0]``, ``topics[1]``); the loop's element then reads the item (``name=topic``).

The text may be that of the element's row (:attr:`compiler.ir.LocatorCandidate.row`): a "Mark
shipped" button pressed in the rows of ``orders[0]`` and ``orders[2]``, each row found by its
order number, is the button of the row of each order the loop goes over::

    for order in paid_orders:
        click(target=find(page.get_by_role("row").filter(has=page.get_by_text(order.order,
              exact=True)).get_by_role("button", name="Mark shipped", exact=True)))
"""

from __future__ import annotations

from typing import Any, Literal

from compiler.ir import Expr, LocatorExpr, RefExpr
from compiler.passes._predicates import Access
from compiler.passes._values import is_integer


def _element_template(
    exprs: list[Expr],
) -> tuple[LocatorExpr, tuple[str, list[int]] | None] | None:
    """For the elements one step acted on, repetition after repetition: the first one and
    ``(list, item index per repetition)`` when they differ only by the item of a list their
    text is built from (``topics[0]``, ``topics[1]``); ``None`` when they differ otherwise."""
    if not all(isinstance(e, LocatorExpr) for e in exprs):
        return None
    forms = []
    named_by: set[tuple[str, int]] = set()
    per_repetition: list[tuple[str, int] | None] = []
    for expr in exprs:
        assert isinstance(expr, LocatorExpr)
        items: set[tuple[str, int]] = set()
        form = tuple(_candidate_form(c, items) for c in expr.candidates)
        if len(items) > 1:
            return None
        forms.append(form)
        per_repetition.append(next(iter(items)) if items else None)
        named_by |= items
    if any(f != forms[0] for f in forms):
        return None
    first = exprs[0]
    assert isinstance(first, LocatorExpr)
    if not named_by:
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
    if candidate.row is not None:  # the text from data is the row's: the element's own stays
        row = (candidate.row.role, candidate.value, candidate.name, candidate.nth)
        return (candidate.strategy, candidate.exact, candidate.within, row, tuple(shape))
    return (candidate.strategy, candidate.exact, candidate.within, tuple(shape))


def _element_for(template: LocatorExpr, var: str, access: Access | None) -> LocatorExpr:
    """The first repetition's element, its text built from the loop's item instead."""

    def item_ref(ref: RefExpr) -> RefExpr:
        if not (ref.path and is_integer(ref.path[0])):
            return ref
        rest = ref.path[1:]
        kinds: tuple[Literal["attr", "key"], ...] = tuple(
            "attr" if access == "attr" and str(e).isidentifier() else "key" for e in rest
        )
        return RefExpr(name=var, path=rest, path_kinds=kinds)

    candidates = []
    for candidate in template.candidates:
        source = candidate.text_from
        if isinstance(source, RefExpr):
            source = item_ref(source)
        elif source is not None:
            parts = tuple(item_ref(p) if isinstance(p, RefExpr) else p for p in source.parts)
            source = source.model_copy(update={"parts": parts})
        candidates.append(candidate.model_copy(update={"text_from": source}))
    # The recorded description names the first item's element ('checkbox "Jazz"'): not over
    # a loop that acts on every item's.
    return template.model_copy(update={"candidates": tuple(candidates), "description": None})


def element_refs(expr: Expr) -> list[RefExpr]:
    """The references an element's text is built from (none for anything but an element)."""
    if not isinstance(expr, LocatorExpr):
        return []
    refs: list[RefExpr] = []
    for candidate in expr.candidates:
        source = candidate.text_from
        if isinstance(source, RefExpr):
            refs.append(source)
        elif source is not None:
            refs.extend(p for p in source.parts if isinstance(p, RefExpr))
    return refs
