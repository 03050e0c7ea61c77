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

**Ties are never a silent choice.** A text several explanations fit is built from the one
the step's reason names (else the first input), and a guard before the step checks that the
others still agree: ``guests`` and ``day`` both recorded 2 and the button "2" was pressed, so the
recipe stops unless ``guests == day``. Text the task description writes ("press Done to save")
is a constant, even when an input equals it (``column="Done"``): the recipe keeps it as written
and checks ``column == "Done"`` before the step. A drop-down's option (``select_option``) is page
text too: ``option="2"`` with the input ``guests=2`` is built as ``f"{guests}"``, by the same rules.

An element named by an item of a list input (``words[1]``) was acted on for that item; a list of
another length at replay would need the loop the recording did not show (rolling browser steps
into loops is the ``control_flow`` pass's job). Until then a guard before the first such step
makes the recipe leave (and the agent take over) when the length differs. A pass that rolls
those steps into a loop over the whole list makes the guard moot: :func:`length_guard_of` tells
it which statement that is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Literal

from compiler.codegen import fstring_source, ref_source
from compiler.ir import CodeExpr, Expr, FStringExpr, LiteralExpr, LocatorExpr, RefExpr, Step
from compiler.literals import literal_source
from compiler.locators import DataValues, bind_locator, bound_sources, candidate_text
from compiler.passes._context import PassContext
from compiler.passes._elements import element_refs
from compiler.passes._walk import map_arguments
from compiler.passes.data_flow import access_of
from compiler.recipe_ir import Assign, Call, Guard, RecipeIR, Statement

_LENGTH = re.compile(r"len\((\w+)\) == \d+")
_POSITIONAL = re.compile(r"^(?:xpath=|/)|:nth-|nth=")
"""A CSS or XPath selector that finds an element by its position."""
_KEYED = ("dict", "Dict", "typing.Dict", "Mapping", "typing.Mapping", "collections.abc.")
_PAGE_TEXT = {"select_option": "option"}
"""Arguments of browser actions whose value is text the page shows (a drop-down's option)."""


def locator_data(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Build the text of data-bound elements from the data (see the module docstring)."""
    if not any(_has_locator(s) for s in ir.statements):
        return ir, []
    secret = set(ctx.trace.task.secret_inputs)
    steps = {s.index: s for s in ctx.trace.steps}
    data = DataValues(description=ctx.trace.task.description)
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
    agreed: set[frozenset[str]] = set()
    for order, stmt in enumerate(ir.statements):
        where = f"step {stmt.step}"
        items: set[str] = set()
        agree: list[Guard] = []
        step = steps.get(stmt.step) if stmt.step is not None else None
        read = _read_text(step)
        named = _named(step, ir.task.inputs)
        page_text = _page_text_argument(stmt)

        def bind(
            expr: Expr,
            label: str,
            where: str = where,
            items: set[str] = items,
            read: str | None = read,
            named: set[str] = named,
            agree: list[Guard] = agree,
            page_text: str | None = page_text,
        ) -> Expr:
            if label == page_text and isinstance(expr, LiteralExpr):
                text, change = _bind_page_text(expr, data, named, agree)
                changes.extend([f"{where}, {label}: {change}"] if change else [])
                return text
            if not isinstance(expr, LocatorExpr):
                return expr
            if read is not None:
                expr = _not_by_what_it_reads(expr, read)
            bound, notes = bind_locator(expr, data, named=named)
            changes.extend(f"{where}, {label}: {note}" for note in notes)
            items.update(_list_items(bound, lists))
            agree.extend(_agreement_guards(expr, bound, data))
            return bound

        new = map_arguments(stmt, bind)
        for guard in agree:
            same = frozenset(guard.condition.source.split(" == "))  # a == b is b == a
            if same not in agreed:
                agreed.add(same)
                statements.append(guard.model_copy(update={"step": stmt.step}))
                changes.append(f"{where}: guard {guard.condition.source} ({guard.message})")
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


def _named(step: Step | None, inputs: Iterable[str]) -> set[str]:
    """The inputs the model's reason for ``step`` names as words ("I click day 3": ``day``;
    ``first_name`` as "first_name" or "first name")."""
    reason = (step.reason or "") if step is not None else ""
    return {
        name
        for name in inputs
        if re.search(rf"\b{re.escape(name)}\b", reason)
        or re.search(rf"\b{re.escape(name.replace('_', ' '))}\b", reason)
    }


def _page_text_argument(stmt: Statement) -> str | None:
    """The label (``argument option``) of the argument of ``stmt`` that is page text."""
    value = getattr(stmt, "value", None)
    if not isinstance(value, Call):
        return None
    if not value.action.module.startswith("runtime.browser"):
        return None
    key = _PAGE_TEXT.get(value.action.name)
    return f"argument {key}" if key is not None else None


def _bind_page_text(
    expr: LiteralExpr, data: DataValues, named: set[str], agree: list[Guard]
) -> tuple[Expr, str | None]:
    """A literal the page shows (a drop-down's option) built from the data equal to it, as a
    locator's text is (an integer input counts by its text: ``option="2"`` is
    ``f"{guests}"``), with the guards its ties need; and what changed."""
    if not isinstance(expr.value, str):
        return expr, None
    what = f"the option {json.dumps(expr.value, ensure_ascii=False)}"
    agree.extend(_constant_guards(expr.value, data, what))
    source = data.expr_for(expr.value, named=named)
    if source is None:
        return expr, None
    agree.extend(_tie_guards(source, data, what))
    return source, f"{what} → {_source(source)} (page text from data)"


def _agreement_guards(recorded: LocatorExpr, bound: LocatorExpr, data: DataValues) -> list[Guard]:
    """Guards that every explanation of the element's data-bound text still agrees (see the
    module docstring): the inputs that tie with the ones its locators are built from, and,
    for an element kept as written because the task description writes its text, the inputs
    equal to that text."""
    what = recorded.description or "the element"
    if bound.candidates == recorded.candidates:
        texts = [t for t in (candidate_text(c) for c in recorded.candidates) if t]
        for text in dict.fromkeys(texts):
            kept = _constant_guards(text, data, what)
            if kept:
                return kept
        return []
    sources = [s for c in bound.candidates for s in bound_sources(c)]
    return [g for source in sources for g in _tie_guards(source, data, what)]


def _tie_guards(source: RefExpr | FStringExpr, data: DataValues, what: str) -> list[Guard]:
    """``used == other`` for each input that ties with one ``source`` reads."""
    out: list[Guard] = []
    for used, other in data.ties(source):
        a, b = ref_source(used), ref_source(other)
        left, right = a, b
        if data.is_text(used) != data.is_text(other):  # guests=2 and a text "2"
            left, right = (a, f"str({b})") if data.is_text(used) else (f"str({a})", b)
        out.append(
            Guard(
                condition=CodeExpr(source=f"{left} == {right}", names=(used.name, other.name)),
                message=f"{a} and {b} differ, and the recording cannot tell which of them "
                f"{what} shows",
                notes=(
                    f"{a} and {b} were equal in the recording, so either explains {what}: go "
                    "on only while they still agree.",
                ),
            )
        )
    return out


def _constant_guards(text: str, data: DataValues, what: str) -> list[Guard]:
    """``input == "text"`` for each input equal to a text the task description writes."""
    written = json.dumps(text, ensure_ascii=False)
    out: list[Guard] = []
    for source in data.constants(text):
        left = _source(source)
        names = tuple(dict.fromkeys(r.name for r in _refs_of(source)))
        out.append(
            Guard(
                condition=CodeExpr(source=f"{left} == {literal_source(text)}", names=names),
                message=f"{left} is not {written}, which the task description writes, and "
                "the recording cannot tell which of them names the element",
                notes=(
                    f"The task description writes {written}, and {left} equalled it in the "
                    f"recording: the recipe keeps {what} as written, and goes on only while "
                    f"{left} still equals it.",
                ),
            )
        )
    return out


def _refs_of(source: RefExpr | FStringExpr) -> list[RefExpr]:
    if isinstance(source, RefExpr):
        return [source]
    return [p for p in source.parts if isinstance(p, RefExpr)]


def _source(source: RefExpr | FStringExpr) -> str:
    return ref_source(source) if isinstance(source, RefExpr) else fstring_source(source)


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
