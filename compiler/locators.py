"""Source code for a recorded page element: Playwright codegen style, every string escaped.

A :class:`~compiler.ir.LocatorExpr` becomes a call of ``find`` with one Playwright locator per
candidate, most robust first::

    find(page.get_by_role("button", name="Search"), page.get_by_test_id("search"),
         page.locator("#go"))

Candidate text comes from the page, which is untrusted: it only ever reaches the recipe through
:func:`compiler.literals.literal_source`, so whatever a page says (quotes, backslashes,
newlines, ``")); import os; ((``) stays a string literal.

A recipe that uses locators needs ``page = current_page()`` before its first step and the
imports in :data:`LOCATOR_IMPORTS`; :func:`uses_locators` tells the code generator when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from compiler.errors import CompileError
from compiler.ir import Expr, LocatorCandidate, LocatorExpr
from compiler.literals import comment_text, literal_source
from compiler.naming import is_identifier

__all__ = [
    "LOCATOR_IMPORTS",
    "LOCATOR_NAMES",
    "locator_comment",
    "page_setup_source",
    "promote_locator",
    "render_candidate",
    "render_locator",
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


def render_candidate(candidate: LocatorCandidate, *, page: str = "page") -> str:
    """One candidate as a Playwright call on ``page``, e.g. ``page.get_by_label("Email")``."""
    _check_name(page)
    s = candidate.strategy
    value = literal_source(candidate.value)
    if s == "role":
        args = [value]
        if candidate.name is not None:
            args.append(f"name={literal_source(candidate.name)}")
        if candidate.exact:
            args.append("exact=True")
        call = f"{page}.get_by_role({', '.join(args)})"
    elif s in _GETTERS:
        exact = ", exact=True" if candidate.exact else ""
        call = f"{page}.{_GETTERS[s]}({value}{exact})"
    elif s == "test_id":
        call = f"{page}.get_by_test_id({value})"
    elif s == "css":
        call = f"{page}.locator({value})"
    elif s == "xpath":
        call = f"{page}.locator({literal_source('xpath=' + candidate.value)})"
    else:  # pragma: no cover - the IR's Literal type admits nothing else
        raise CompileError(f"unknown locator strategy {s!r}")
    if candidate.nth is not None:
        call += f".nth({int(candidate.nth)})"
    return call


def render_locator(expr: LocatorExpr, *, page: str = "page", find: str = "find") -> str:
    """``find(<candidate>, ...)`` for a recorded element (one line; black wraps it)."""
    _check_name(find)
    if not expr.candidates:
        what = f" ({comment_text(expr.description)})" if expr.description else ""
        raise CompileError(
            f"a recorded element{what} has no locator candidates, so the recipe could not find "
            "it. Record the task again."
        )
    return f"{find}({', '.join(render_candidate(c, page=page) for c in expr.candidates)})"


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


def _check_name(name: str) -> None:
    if not is_identifier(name):
        raise CompileError(f"internal error: {name!r} is not an identifier")
