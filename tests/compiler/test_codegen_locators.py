"""Browser steps in a recipe: a recorded element becomes ``find(page.get_by_…(…), …)``, the
recipe opens the page first and imports what it needs."""

from __future__ import annotations

import ast
import sys
import types
from typing import Any

from trace_kit import STR, action, finish, ref, trace

from compiler import compile_trace
from compiler.ir import LocatorCandidate, LocatorExpr, OutputSpec, Step, Trace

CLICK = action("click", module="runtime.browser")
FILL = action("fill", module="runtime.browser")
SEARCH = LocatorExpr(
    candidates=(
        LocatorCandidate(strategy="role", value="searchbox", name="Search"),
        LocatorCandidate(strategy="css", value="#q"),
    ),
    description='searchbox "Search"',
    context="header",
)
GO = LocatorExpr(candidates=(LocatorCandidate(strategy="role", value="button", name="Go"),))


def _steps() -> list[Step]:
    return [
        Step(index=0, action=FILL, args={"target": SEARCH, "value": ref("query")}),
        Step(index=1, action=CLICK, args={"target": GO}),
    ]


def _trace(*steps: Step, **kw: Any) -> Trace:
    return trace(
        *steps,
        finish(len(steps), result=ref("query")),
        name="shop",
        inputs=kw.pop("inputs", {"query": STR}),
        values=kw.pop("values", {"query": "mug"}),
        outputs=OutputSpec(single=STR),
        **kw,
    )


def test_locators_render_like_playwright_codegen() -> None:
    """One locator per element in the code; the element's others go beside the recipe."""
    compiled = compile_trace(_trace(*_steps()))
    source = compiled.source
    assert "from runtime.browser import click, current_page, fill, find\n" in source
    body = source.split("def shop(query: str) -> str:\n", 1)[1]
    assert body.startswith(
        '    """Send reminders for unpaid invoices of a customer."""\n'
        "    page = current_page()\n"
        '    # searchbox "Search" in header\n'
        '    fill(target=find(page.get_by_role("searchbox", name="Search")), value=query)\n'
        '    click(target=find(page.get_by_role("button", name="Go")))\n'
    )
    # (GO has a single candidate: nothing to keep beside the recipe.)
    assert list(compiled.alternates.elements) == ['page.get_by_role("searchbox", name="Search")']
    assert (
        compiled.alternates.elements['page.get_by_role("searchbox", name="Search")'].locators
        == SEARCH.candidates
    )


def test_a_recipe_without_locators_has_no_page() -> None:
    source = compile_trace(_trace(Step(index=0, action=CLICK, args={}))).source
    assert "current_page" not in source and "find" not in source


def test_an_input_named_page_keeps_its_name() -> None:
    source = compile_trace(
        _trace(*_steps(), inputs={"query": STR, "page": STR}, values={"query": "mug", "page": "1"})
    ).source
    assert "    page_2 = current_page()\n" in source
    assert 'find(page_2.get_by_role("button", name="Go"))' in source


def test_an_action_named_find_is_imported_under_another_name() -> None:
    other = action("find", module="shop.search")
    steps = [*_steps(), Step(index=2, action=other, args={}, result_var="find_1")]
    source = compile_trace(_trace(*steps)).source
    assert "from shop.search import find as find_action\n" in source


def test_the_recipe_runs_against_a_page() -> None:
    calls: list[Any] = []

    class Page:
        def __getattr__(self, method: str) -> Any:
            return lambda *a, **k: (method, a, k)

    browser = types.ModuleType("runtime.browser")
    browser.current_page = Page  # type: ignore[attr-defined]
    browser.find = lambda *locators: ("found", locators)  # type: ignore[attr-defined]
    browser.click = lambda **kw: calls.append(("click", kw))  # type: ignore[attr-defined]
    browser.fill = lambda **kw: calls.append(("fill", kw))  # type: ignore[attr-defined]
    source = compile_trace(_trace(*_steps())).source
    real = sys.modules.get("runtime.browser")
    sys.modules["runtime.browser"] = browser
    try:
        namespace: dict[str, Any] = {"__name__": "recipe"}
        exec(compile(source, "recipe.py", "exec"), namespace)
        assert namespace["shop"](query="tea") == "tea"
    finally:
        if real is not None:
            sys.modules["runtime.browser"] = real
        else:
            del sys.modules["runtime.browser"]
    assert calls == [
        (
            "fill",
            {
                "target": ("found", (("get_by_role", ("searchbox",), {"name": "Search"}),)),
                "value": "tea",
            },
        ),
        ("click", {"target": ("found", (("get_by_role", ("button",), {"name": "Go"}),))}),
    ]
    ast.parse(source)
