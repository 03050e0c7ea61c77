"""Shared statement helpers of the passes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compiler.ir import CodeExpr, RefExpr
from compiler.passes._walk import names_read, read_later
from compiler.recipe_ir import Assign, Return, Statement

NAMES = ("a", "b", "c")


@st.composite
def statements(draw: st.DrawFn) -> Statement:
    reads = draw(st.lists(st.sampled_from(NAMES), max_size=2))
    code = CodeExpr(source=" + ".join(reads) or "1")
    if draw(st.booleans()):
        return Return(value=RefExpr(name=reads[0]) if reads else None)
    return Assign(var=draw(st.sampled_from(NAMES)), value=code)


def naive_read_later(var: str, rest: list[Statement]) -> bool:
    """The definition: a later statement reads ``var`` before it is assigned again."""
    for later in rest:
        if var in names_read(later):
            return True
        if isinstance(later, Assign) and later.var == var:
            return False
    return False


@given(st.lists(statements(), max_size=12))
def test_read_later_is_the_definition_in_one_pass(stmts: list[Statement]) -> None:
    expected = [
        isinstance(s, Assign) and naive_read_later(s.var, stmts[i + 1 :])
        for i, s in enumerate(stmts)
    ]
    assert read_later(stmts) == expected


def test_a_statement_reading_and_reassigning_counts_as_a_read() -> None:
    stmts: list[Statement] = [
        Assign(var="a", value=CodeExpr(source="1")),
        Assign(var="a", value=CodeExpr(source="a + 1")),
        Assign(var="b", value=CodeExpr(source="2")),
    ]
    assert read_later(stmts) == [True, False, False]
