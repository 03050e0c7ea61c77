"""The last steps of a compile: black lays the recipe out, CPython compiles it once more."""

from __future__ import annotations

import black
import pytest

from compiler.errors import CompileError
from compiler.format import BLACK_MODE, CHUNK_STATEMENTS, check_compiles, format_source


def test_recipes_are_laid_out_by_black_in_the_projects_style() -> None:
    source = "def recipe(a:int)->int:\n    x = [ a,a ]\n    return len( x )\n"
    assert format_source(source) == black.format_str(source, mode=BLACK_MODE)
    assert format_source(source).splitlines()[0] == "def recipe(a: int) -> int:"


def test_source_black_cannot_parse_is_a_compile_error() -> None:
    with pytest.raises(CompileError, match="black could not format"):
        format_source("def f(:\n    pass\n")


def test_the_last_check_rejects_source_python_cannot_compile() -> None:
    check_compiles("def f():\n    return 1\n")
    with pytest.raises(CompileError, match="does not compile"):
        check_compiles("def f(:\n    pass\n")
    # What only CPython's compiler reports, past its parser.
    with pytest.raises(CompileError, match="does not compile"):
        check_compiles("def f(a, a):\n    return a\n")


def long_module(statements: int, *, blank_every: int = 0) -> str:
    body = []
    for i in range(statements):
        if blank_every and i % blank_every == 0:
            body.append("")
        if i % 7 == 0:
            body.append(f"    # step {i}: what it does, as a comment")
        if i % 5 == 0:
            args = ", ".join(f"arg_{k}={k * i}" for k in range(i % 17))
            body.append(f"    var_{i} = action_{i % 3}({args})")
        elif i % 5 == 1:
            body.append(f"    var_{i} = [x for x in var_{i - 1} if x > {i}]")
        elif i % 5 == 2:
            items = ", ".join(f"'key_{k}': {{'nested': [{k}, {i}]}}" for k in range(i % 9))
            body.append(f"    var_{i} = {{{items}}}")
        elif i % 5 == 3:
            body.append(f"    for x in var_{i - 1}:\n        if x:\n            act(n=x)")
        else:
            body.append(f"    action_{i % 4}(text='{'w' * (i % 120)}', n=var_{i - 1})")
    return (
        '"""Module doc."""\n\nfrom __future__ import annotations\n\n\n'
        "def recipe(a: int) -> int:\n"
        '    """Doc\n\n    more doc\n    """\n' + "\n".join(body) + "\n    return a\n\n\n"
        'if __name__ == "__main__":\n    recipe(1)\n'
    )


@pytest.mark.parametrize("statements", [CHUNK_STATEMENTS * 3 + 17, CHUNK_STATEMENTS * 2])
def test_a_long_body_formatted_in_chunks_is_exactly_what_black_gives(statements: int) -> None:
    source = long_module(statements)
    assert format_source(source, function_name="recipe") == black.format_str(
        source, mode=BLACK_MODE
    )


def test_short_bodies_blank_lines_and_other_functions_take_one_black_call() -> None:
    for source in (long_module(20), long_module(CHUNK_STATEMENTS * 2, blank_every=13)):
        expected = black.format_str(source, mode=BLACK_MODE)
        assert format_source(source, function_name="recipe") == expected
        assert format_source(source, function_name="nope") == expected
        assert format_source(source) == expected
