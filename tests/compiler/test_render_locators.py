"""Rendering recorded page elements as Playwright calls: page text only ever becomes an exactly
escaped string literal, whatever it holds."""

from __future__ import annotations

import ast
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.errors import CompileError
from compiler.ir import LiteralExpr, LocatorCandidate, LocatorExpr
from compiler.locators import (
    locator_comment,
    page_setup_source,
    promote_locator,
    render_candidate,
    render_locator,
    uses_locators,
)


class FakePage:
    """Records the Playwright calls a rendered locator makes."""

    def __getattr__(self, method: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> FakeLocator:
            return FakeLocator([(method, args, kwargs)])

        return call


class FakeLocator:
    def __init__(self, calls: list[Any]) -> None:
        self.calls = calls

    def nth(self, n: int) -> FakeLocator:
        return FakeLocator([*self.calls, ("nth", (n,), {})])


def run(source: str) -> Any:
    tree = ast.parse(source, mode="eval")
    return eval(compile(tree, "<recipe>", "eval"), {"page": FakePage(), "find": lambda *a: a})


def cand(strategy: str, value: str, **kw: Any) -> LocatorCandidate:
    return LocatorCandidate(strategy=strategy, value=value, **kw)  # type: ignore[arg-type]


def test_reads_like_playwright_codegen() -> None:
    expr = LocatorExpr(
        candidates=(
            cand("role", "button", name="Search"),
            cand("label", "Email", exact=True),
            cand("placeholder", "you@example.com"),
            cand("test_id", "go"),
            cand("text", "Go now"),
            cand("alt", "Logo"),
            cand("title", "Help"),
            cand("css", "#go"),
            cand("xpath", "/html/body/main/button[2]"),
            cand("role", "listitem", nth=2),
        )
    )
    assert render_locator(expr) == (
        'find(page.get_by_role("button", name="Search"), page.get_by_label("Email", exact=True), '
        'page.get_by_placeholder("you@example.com"), page.get_by_test_id("go"), '
        'page.get_by_text("Go now"), page.get_by_alt_text("Logo"), page.get_by_title("Help"), '
        'page.locator("#go"), page.locator("xpath=/html/body/main/button[2]"), '
        'page.get_by_role("listitem").nth(2))'.replace('"', "'")
    )
    assert render_candidate(cand("role", "main")) == "page.get_by_role('main')"
    assert render_candidate(cand("role", "button", name="OK", exact=True), page="p") == (
        "p.get_by_role('button', name='OK', exact=True)"
    )


NASTY = [
    '")); import os; os.system("rm -rf /"); ((',
    'it\'s "quoted" \\ and \\\\',
    "line one\nline two\r\n\ttab",
    "'''triple''' \"\"\"quotes\"\"\"",
    "{braces} {{double}} f'{x}'",
    "nul \x00 and bell \x07 and del \x7f",
    "bidi \u202e reversed \u2066 isolate",
    "lone surrogate \ud800 here",
    "emoji 🛒 and CJK 購物車",
    "#id > .class:nth-of-type(2) >> text=hi",
]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_page_text_stays_a_literal(text: str) -> None:
    expr = LocatorExpr(
        candidates=(
            cand("role", text, name=text),
            cand("text", text, exact=True),
            cand("css", text),
            cand("xpath", text),
        )
    )
    source = render_locator(expr)
    tree = ast.parse(source, mode="eval")
    # Nothing but one call of find whose arguments are page.<method>(<constants>) calls.
    assert isinstance(tree.body, ast.Call) and ast.unparse(tree.body.func) == "find"
    for node in ast.walk(tree):
        assert not isinstance(node, ast.Name) or node.id in ("find", "page")
    located = run(source)
    assert located[0].calls == [("get_by_role", (text,), {"name": text})]
    assert located[1].calls == [("get_by_text", (text,), {"exact": True})]
    assert located[2].calls == [("locator", (text,), {})]
    assert located[3].calls == [("locator", ("xpath=" + text,), {})]


@given(st.text(), st.text() | st.none(), st.booleans())
def test_any_text_round_trips(value: str, name: str | None, exact: bool) -> None:
    source = render_candidate(cand("role", value, name=name, exact=exact))
    kwargs: dict[str, Any] = {} if name is None else {"name": name}
    if exact:
        kwargs["exact"] = True
    assert run(source).calls == [("get_by_role", (value,), kwargs)]


def test_an_element_without_candidates_is_a_compile_error() -> None:
    with pytest.raises(CompileError, match='button \\"Pay\\"'):
        render_locator(LocatorExpr(candidates=(), description='button "Pay"'))


def test_helpers_for_the_code_generator() -> None:
    expr = LocatorExpr(
        candidates=(cand("css", "#a"),), description='button "Pay"', context='form "Checkout"'
    )
    assert locator_comment(expr) == 'button "Pay" in form "Checkout"'
    assert locator_comment(LocatorExpr(candidates=(cand("css", "#a"),))) is None
    assert page_setup_source() == "page = current_page()"
    assert uses_locators([{"x": LiteralExpr(value=1)}, {"target": expr}])
    assert not uses_locators([{"x": LiteralExpr(value=1)}])
    with pytest.raises(CompileError):
        render_candidate(cand("css", "#a"), page="not a name")


RECIPE = """def shop(page):
    # hand edit: kept
    click(
        target=find(
            page.get_by_role("button", name="Go"),
            page.get_by_test_id("go"),
            page.locator("#go"),
        )
    )
    fill(find(page.locator("#a"), page.locator("#b")), "x")  # also kept
"""


def test_promote_moves_the_locator_that_worked_first() -> None:
    lines = promote_locator(RECIPE, 4, 2).splitlines()
    assert lines[4:7] == [
        '            page.locator("#go"),',
        '            page.get_by_role("button", name="Go"),',
        '            page.get_by_test_id("go"),',
    ]
    assert lines[1] == "    # hand edit: kept" and lines[-1].endswith("# also kept")
    assert promote_locator(RECIPE, 10, 1).splitlines()[-1] == (
        '    fill(find(page.locator("#b"), page.locator("#a")), "x")  # also kept'
    )
    assert promote_locator(RECIPE, 10, 0) == RECIPE
    with pytest.raises(CompileError, match="line 2: no find"):
        promote_locator(RECIPE, 2, 1)
    with pytest.raises(CompileError, match="no locator number 5"):
        promote_locator(RECIPE, 10, 4)
