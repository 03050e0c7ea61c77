"""Result pages turned until the wanted item shows: "Next" pressed again and again before a click
on the link the input ``title`` names becomes a bounded loop (the golden ``paged_result`` has
the whole recipe); anything less like pagination stays as recorded."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

from compiler import compile_trace
from compiler.ir import load_trace
from compiler.passes._pages import LIMIT_FLOOR

TRACE = Path(__file__).parent / "data" / "paged_result" / "trace.json"
NEXT, LINK = 1, 3
"""Steps of the recording: navigate, Next, Next, the link, read the heading, finish."""


def _recorded() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TRACE.read_text("utf-8"))
    return data


def _with_steps(data: dict[str, Any], order: list[int]) -> dict[str, Any]:
    """The trace with its steps in ``order`` (a step may repeat), renumbered."""
    by_index = {s["index"]: s for s in data["steps"]}
    steps = [copy.deepcopy(by_index[i]) for i in order]
    for n, step in enumerate(steps):
        step["index"] = n
    return {**data, "steps": steps}


def _compile(data: dict[str, Any]) -> str:
    return compile_trace(load_trace(json.dumps(data))).source


def _function(source: str) -> ast.FunctionDef:
    return next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef))


def test_two_turns_then_the_named_link_loop_until_it_shows() -> None:
    source = _compile(_recorded())
    loops = [n for n in ast.walk(_function(source)) if isinstance(n, ast.For)]
    assert len(loops) == 1
    loop = loops[0]
    assert ast.unparse(loop.iter) == f"range({LIMIT_FLOOR})"
    check = loop.body[0]
    assert isinstance(check, ast.If) and isinstance(check.body[0], ast.Break)
    assert ast.unparse(check.test).startswith(
        "shows(page.get_by_role('link', name=title, exact=True), or_=page.get_by_role('button'"
    )
    assert "click(" in ast.unparse(loop.body[1])
    assert ast.unparse(loop.orelse[0]).startswith("raise SideExit(f'{title!r} did not show")
    # The link is clicked once, after the loop; the recorded turns are not repeated around it.
    assert source.count('name="Next")') == 2  # the check's wait, and the click in the loop
    assert source.index("else:") < source.index('get_by_role("link", name=title, exact=True)))')
    assert "from runtime.browser import current_page, find, shows" in source


def test_the_bound_grows_with_the_pages_recorded() -> None:
    source = _compile(_with_steps(_recorded(), [0, *[NEXT] * 5, LINK, 4, 5]))
    assert "for _ in range(18):" in source  # 3 × the 6 pages recorded
    assert "the recording turned 5" in source


def test_one_turn_is_no_pagination() -> None:
    """A control pressed once before a choice is a step of a form: it stays as recorded."""
    source = _compile(_with_steps(_recorded(), [0, NEXT, LINK, 4, 5]))
    assert "for _ in" not in source and "shows(" not in source
    assert source.count('page.get_by_role("button", name="Next")') == 1


def test_turns_before_an_element_no_data_names_stay_as_recorded() -> None:
    """The title is not an input: the link is the recorded one, and the recording's turns are
    how to reach it (no loop, no check)."""
    data = _recorded()
    data["task"]["inputs"] = {k: v for k, v in data["task"]["inputs"].items() if k != "title"}
    data["inputs"] = {k: v for k, v in data["inputs"].items() if k != "title"}
    source = _compile(data)
    assert "for _ in" not in source and "shows(" not in source
    assert source.count("click(") == 3


def test_turns_on_different_controls_are_no_loop() -> None:
    data = _with_steps(_recorded(), [0, NEXT, NEXT, LINK, 4, 5])
    other = data["steps"][2]["args"]["target"]["candidates"][0]
    other["name"] = "Load more"
    source = _compile(data)
    assert "for _ in" not in source


def test_an_input_named_range_keeps_the_turns_as_recorded() -> None:
    """The loop calls ``range`` and ``shows``: an input by either name would shadow it."""
    text = TRACE.read_text("utf-8").replace('"results_url"', '"range"')
    source = compile_trace(load_trace(text)).source
    assert "for _ in" not in source and "shows(" not in source
    assert "def open_paged_result(range: str, title: str)" in source
