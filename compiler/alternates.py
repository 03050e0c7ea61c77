"""One locator per element in the recipe; the other ways to find it in ``locators.json``.

A recorded element comes with several candidates (role and name, label, placeholder, test id,
id, XPath, …), most robust first. The recipe reads like a person's Playwright script, so it
names each element by its first candidate only::

    fill(target=find(page.get_by_role("searchbox", name="Search products")), value=query)

and the others go to ``locators.json`` beside the recipe, keyed by that first locator's source::

    {"version": 1, "elements": {
      "page.get_by_role(\\"searchbox\\", name=\\"Search products\\")": {
        "locators": [{"strategy": "role", "value": "searchbox", "name": "Search products"},
                     {"strategy": "label", "value": "Search products"}, …]}}}

When the first locator finds nothing at replay, ``find`` reads the element's entry (matched by
the Playwright selector the first candidate stands for, so a hand-edited locator simply has no
alternates) and tries the rest, with the same acceptance rules as inline locators.

A list read (``extract_list``) keeps its first row selector and the first selector of each
field inline; the others are stored with its element (``rows``, ``fields``), each list starting
with the selector the recipe shows, and are used only while the recipe still shows that one.

**Data.** An element whose text is data (``name=f"Tab #{tab_number}"``) keeps only candidates
built from the same data (:func:`compiler.locators.bind_locator`); they are stored with the
expression their text comes from (``text_from``), which the runtime evaluates in the recipe's
frame, so an alternate never names another element than the data does.

**Two elements, one key.** If two elements of a recipe show the same first locator, the entry
keeps only the alternates both share (a candidate that finds one of them but not the other
would be wrong for it). A file that is missing means "no alternates", never an error.
"""

from __future__ import annotations

from typing import Any

import black

from compiler.codegen import expr_source
from compiler.errors import CompileError
from compiler.ir import LiteralExpr, LocatorCandidate, LocatorExpr
from compiler.locators import DataSource, render_candidate, replace_locator
from compiler.locators_file import Alternates, ElementAlternates
from compiler.recipe_ir import Call, If, Loop, RecipeIR, Statement, Until

__all__ = ["locator_key", "promote_alternate", "split_alternates"]

_ONE_LINE = black.Mode(line_length=1_000_000)


def locator_key(candidate: LocatorCandidate, *, page: str, data: DataSource) -> str:
    """The source of ``candidate`` as the recipe shows it (black's quotes), on one line: its
    element's key in ``locators.json``."""
    source = render_candidate(candidate, page=page, data=data)
    return black.format_str(source, mode=_ONE_LINE).strip()


def split_alternates(ir: RecipeIR, *, data: DataSource) -> tuple[RecipeIR, Alternates]:
    """``ir`` with each element reduced to its first candidate (and each list read to its
    first row and field selectors), and what was taken out, keyed by element. ``data``
    renders the expressions data-bound text comes from (the code generator's)."""
    page = ir.page_name or "page"
    found: list[tuple[str, ElementAlternates]] = []

    def key(expr: LocatorExpr) -> str:
        return locator_key(expr.candidates[0], page=page, data=data)

    def call(value: Call) -> Call:
        kwargs = dict(value.kwargs)
        for name, expr in value.kwargs.items():
            if not isinstance(expr, LocatorExpr):
                continue
            entry = ElementAlternates(locators=expr.candidates)
            if name == "target":
                entry = _cut_list_read(kwargs, entry)
            if expr.candidates and (len(entry.locators) > 1 or entry.rows or entry.fields):
                found.append((key(expr), entry))
            kwargs[name] = expr.model_copy(update={"candidates": expr.candidates[:1]})
        return value.model_copy(update={"kwargs": kwargs})

    def statement(stmt: Statement) -> Statement:
        update: dict[str, Any] = {}
        value = getattr(stmt, "value", None)
        if isinstance(value, Call):
            update["value"] = call(value)
        if isinstance(stmt, Loop | Until | If):
            update["body"] = tuple(statement(s) for s in stmt.body)
        if isinstance(stmt, If):
            update["orelse"] = tuple(statement(s) for s in stmt.orelse)
        return stmt.model_copy(update=update) if update else stmt

    statements = tuple(statement(s) for s in ir.statements)
    alternates = Alternates()
    for k, entry in found:
        alternates = alternates.add(k, entry)
    return ir.model_copy(update={"statements": statements}), alternates


def _selectors(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(s, str) for s in value):
        return tuple(value)
    return None


def _cut_list_read(kwargs: dict[str, Any], entry: ElementAlternates) -> ElementAlternates:
    """For a list read (``rows=[...]``, ``fields={"name": {"selectors": [...]}}``, recorded
    as literals): cut each list of selectors in ``kwargs`` to its first, and return ``entry``
    with the full lists."""
    rows_expr, fields_expr = kwargs.get("rows"), kwargs.get("fields")
    rows = _selectors(rows_expr.value) if isinstance(rows_expr, LiteralExpr) else None
    if rows is not None and len(rows) > 1:
        kwargs["rows"] = LiteralExpr(value=list(rows[:1]))
        entry = entry.model_copy(update={"rows": rows})
    specs = fields_expr.value if isinstance(fields_expr, LiteralExpr) else None
    if not isinstance(specs, dict):
        return entry
    cut: dict[str, Any] = dict(specs)
    fields: dict[str, tuple[str, ...]] = {}
    for name, spec in specs.items():
        if not isinstance(spec, dict):
            continue
        selectors = _selectors(spec.get("selectors"))
        if selectors is not None and len(selectors) > 1:
            fields[name] = selectors
            cut[name] = dict(spec) | {"selectors": list(selectors[:1])}
    if fields:
        kwargs["fields"] = LiteralExpr(value=cut)
        entry = entry.model_copy(update={"fields": fields})
    return entry


def promote_alternate(
    source: str, alternates: Alternates, line: int, key: str, position: int
) -> tuple[str, Alternates]:
    """After a replay found the element of ``key`` only by its locator number ``position``
    in ``locators.json``: ``source`` with that locator in the ``find`` call on ``line``, and
    the alternates with it first under its own key (the old key's entry stays for any other
    element that shows it). Raises :class:`CompileError` if either is not there any more."""
    entry = alternates.elements.get(key)
    if entry is None or not 0 < position < len(entry.locators):
        raise CompileError(f"{key}: no locator number {position + 1} in locators.json.")
    page = key.split(".", 1)[0]
    used = entry.locators[position]
    new_key = locator_key(used, page=page, data=expr_source)
    source = replace_locator(source, line, new_key)
    rest = tuple(c for i, c in enumerate(entry.locators) if i != position)
    moved = entry.model_copy(update={"locators": (used, *rest)})
    return source, alternates.model_copy(
        update={"elements": {**alternates.elements, new_key: moved}}
    )
