"""The last steps of a compile: black lays the recipe out, CPython compiles it once more."""

from __future__ import annotations

import black
import pytest

from compiler.errors import CompileError
from compiler.format import BLACK_MODE, check_compiles, format_source


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
