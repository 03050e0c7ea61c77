"""Pass ``locator_data``: a page element whose text is data is found by that data.

A browser step records several candidates for the element it acted on; their text (a role's
name, a label, a placeholder, visible text) comes from the page. When that text equals an
input, an item of a list input or a variable in scope — or holds one, as ``Tab #2`` holds the
input ``tab_number="2"`` — the text says *which* element among similar ones, so the recipe
builds it from the data (``page.get_by_role("tab", name=f"Tab #{tab_number}", exact=True)``)
and keeps no candidate that does not carry it: an id or a position would find the recorded
element, not the one the new data names (see :func:`compiler.locators.bind_locator`).

Unlike a literal argument (``parameters``, ``data_flow``), a short value counts here: a wrong
match makes the lookup fail and the replay fall back, while a missed one clicks the recorded
element whatever the data says. Secret inputs are never matched.

An element named by an item of a list input (``words[1]``) was acted on for that item; a list of
another length at replay would need the loop the recording did not show (rolling browser steps
into loops is the ``control_flow`` pass's job). Until then a guard before the first such step
makes the recipe leave (and the agent take over) when the length differs. A pass that rolls
those steps into a loop over the whole list makes the guard moot: :func:`length_guard_of` tells
it which statement that is.
"""

from __future__ import annotations

import re
from typing import Literal

from compiler.ir import CodeExpr, Expr, LocatorExpr, Step
from compiler.locators import DataValues, bind_locator
from compiler.passes._context import PassContext
from compiler.passes._elements import element_refs
from compiler.passes._walk import map_arguments
from compiler.passes.data_flow import access_of
from compiler.recipe_ir import Assign, Guard, RecipeIR, Statement

_LENGTH = re.compile(r"len\((\w+)\) == \d+")
_POSITIONAL = re.compile(r"^(?:xpath=|/)|:nth-|nth=")
"""A CSS or XPath selector that finds an element by its position."""
_KEYED = ("dict", "Dict", "typing.Dict", "Mapping", "typing.Mapping", "collections.abc.")


def locator_data(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Build the text of data-bound elements from the data (see the module docstring)."""
    if not any(_has_locator(s) for s in ir.statements):
        return ir, []
    secret = set(ctx.trace.task.secret_inputs)
    steps = {s.index: s for s in ctx.trace.steps}
    data = DataValues()
    for name in ir.task.inputs:
        if name in ctx.trace.inputs and name not in secret:
            data.add_input(name, ctx.trace.inputs[name])
    lists = {
        name: len(value)
        for name, value in ctx.trace.inputs.items()
        if name in ir.task.inputs and name not in secret and isinstance(value, list)
    }
    changes: list[str] = []
    statements: list[Statement] = []
    guarded: set[str] = set()
    for order, stmt in enumerate(ir.statements):
        where = f"step {stmt.step}"
        items: set[str] = set()

        read = _read_text(steps.get(stmt.step)) if stmt.step is not None else None

        def bind(
            expr: Expr,
            label: str,
            where: str = where,
            items: set[str] = items,
            read: str | None = read,
        ) -> Expr:
            if not isinstance(expr, LocatorExpr):
                return expr
            if read is not None:
                expr = _not_by_what_it_reads(expr, read)
            bound, notes = bind_locator(expr, data)
            changes.extend(f"{where}, {label}: {note}" for note in notes)
            items.update(_list_items(bound, lists))
            return bound

        new = map_arguments(stmt, bind)
        if _has_locator(stmt):
            # A list recorded empty told the recording nothing about its items.
            items.update(n for n, length in lists.items() if length == 0)
        for name in sorted(items - guarded):
            guarded.add(name)
            statements.append(_length_guard(name, lists[name], stmt.step))
            changes.append(f"{where}: guard len({name}) == {lists[name]} (an element per item)")
        statements.append(new)
        if isinstance(stmt, Assign) and stmt.step in steps:
            step = steps[stmt.step]
            rtype = step.result_type.annotation if step.result_type else ""
            data.add_variable(stmt.var, step.result, order, keys=rtype.startswith(_KEYED))
            data.add_rows(stmt.var, step.result, order, access=_item_access(rtype, step.result))
    return ir.model_copy(update={"statements": tuple(statements)}), changes


def _read_text(step: Step | None) -> str | None:
    """The text a read-only step returned (``read_text``), or ``None``."""
    if step is None or not step.action.read_only or not isinstance(step.result, str):
        return None
    return " ".join(step.result.split()) or None


def _not_by_what_it_reads(expr: LocatorExpr, read: str) -> LocatorExpr:
    """A read's element without the candidates that find it by the very text it read (a
    summary found by "Delivery: Next day, 12.00"): on other data the element shows another
    text, so such a locator finds nothing there, or, built from the data, finds the recorded
    rest of it. Kept while only positional candidates would remain: those would read whatever
    element is there now, and a stop is better than a wrong value."""
    own = [
        c
        for c in expr.candidates
        if c.strategy == "text" and c.row is None and " ".join(c.value.split()) == read
    ]
    rest = [c for c in expr.candidates if c not in own]
    if not own or not any(c.nth is None and not _POSITIONAL.search(c.value) for c in rest):
        return expr
    return expr.model_copy(update={"candidates": tuple(rest)})


def _item_access(annotation: str, value: object) -> Literal["key", "attr"] | None:
    """How the fields of a list result's items are read (``list[Row]``: attributes)."""
    inner = re.fullmatch(r"\s*(?:list|List|Sequence|typing\.List)\[(.+)\]\s*", annotation)
    if inner is None or not isinstance(value, list) or not value:
        return None
    return access_of(inner.group(1), value[0])


def _has_locator(stmt: Statement) -> bool:
    found = False

    def look(expr: Expr, _label: str) -> Expr:
        nonlocal found
        found = found or isinstance(expr, LocatorExpr)
        return expr

    map_arguments(stmt, look)
    return found


def _list_items(expr: LocatorExpr, lists: dict[str, int]) -> set[str]:
    """The list inputs an item of which names the element."""
    found: set[str] = set()
    for ref in element_refs(expr):
        if ref.name in lists and ref.path:
            found.add(ref.name)
    return found


def _length_guard(name: str, length: int, step: int | None) -> Guard:
    condition = CodeExpr(source=f"len({name}) == {length}", names=(name,))
    if length == 0:
        return Guard(
            step=step,
            condition=condition,
            message=f"{name} has items, and the recording had none to act on",
            notes=(f"The recording had no item of {name}; with some, the agent takes over.",),
        )
    return Guard(
        step=step,
        condition=condition,
        message=f"{name} has another number of items than the {length} the recording acted on",
        notes=(
            f"The recording acted on elements named by the items of {name}, one by one; with "
            "another number of items the agent takes over.",
        ),
    )


def length_guard_of(stmt: Statement) -> str | None:
    """The list input whose length ``stmt`` guards, if it is a guard this pass added (a loop
    over every item of that list replaces it), else ``None``."""
    if not isinstance(stmt, Guard):
        return None
    match = _LENGTH.fullmatch(stmt.condition.source)
    ours = any(
        n.startswith(("The recording acted on elements", "The recording had no item"))
        for n in stmt.notes
    )
    return match.group(1) if match and ours else None
