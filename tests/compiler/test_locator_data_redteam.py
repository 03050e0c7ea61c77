"""Locators bound to data never choose silently (red-team cases): a row named by two inputs is
looked up by both, two inputs of one recorded value are checked to agree, a label the task
description writes stays a constant checked against the input equal to it, and a drop-down
option typed as the text of an integer input follows that input."""

from __future__ import annotations

from typing import Any

from trace_kit import STR, action, finish, lit, trace

from compiler import compile_trace
from compiler.codegen import expr_source
from compiler.ir import (
    LocatorCandidate,
    LocatorExpr,
    OutputSpec,
    RowKey,
    Step,
    Trace,
    TypeRef,
)
from compiler.locators import render_candidate

CLICK = action("click", module="runtime.browser.actions")
SELECT = action("select_option", module="runtime.browser.actions")
INT = TypeRef(annotation="int")


def _remove(*rows: RowKey) -> LocatorExpr:
    """A "Remove" button alike in every row, found by the rows ``rows`` name, else by its
    position."""
    button = LocatorCandidate(strategy="role", value="button", name="Remove")
    return LocatorExpr(
        candidates=(
            *(button.model_copy(update={"row": r}) for r in rows),
            LocatorCandidate(
                strategy="css", value="tr:nth-of-type(1) > td:nth-of-type(4) > button"
            ),
        ),
        description='button "Remove"',
    )


def _button(name: str) -> LocatorExpr:
    return LocatorExpr(
        candidates=(
            LocatorCandidate(strategy="role", value="button", name=name),
            LocatorCandidate(strategy="css", value=f"#b{len(name)}"),
        ),
        description=f'button "{name}"',
    )


def _trace(
    *steps: Step,
    inputs: dict[str, Any],
    types: dict[str, TypeRef] | None = None,
    description: str = "Do it on the page.",
) -> Trace:
    return trace(
        *steps,
        finish(len(steps), result=None),
        name="page_task",
        description=description,
        inputs=types or dict.fromkeys(inputs, STR),
        values=inputs,
        outputs=OutputSpec(single=TypeRef(annotation="None")),
    )


def _flat(t: Trace) -> str:
    """The recipe's body on one line per statement, without spaces (black wraps calls)."""
    source = compile_trace(t).source.split('"""\n', 2)[2].split("\n\n\nif __name__")[0]
    return "".join(source.split())


def _beside(t: Trace) -> list[str]:
    """Every locator ``locators.json`` keeps beside the recipe (one-line recipe source)."""
    elements = compile_trace(t).alternates.elements.values()
    return [
        "".join(render_candidate(c, data=expr_source).split())
        for entry in elements
        for c in entry.locators
    ]


NAMED = {"first_name": "Ann", "last_name": "Lee"}
BY_FIRST = ".filter(has=page.get_by_text(first_name,exact=True))"
BY_LAST = ".filter(has=page.get_by_text(last_name,exact=True))"


def test_a_row_named_by_two_inputs_is_never_found_by_one_of_them() -> None:
    # "Lee" alone told the row apart when recorded (the other Ann is Ann Kim); on a page with
    # Ann Lee only, "Lee" alone would remove her for the input Bob Lee.
    t = _trace(
        Step(
            index=0,
            action=CLICK,
            args={
                "target": _remove(
                    RowKey(role="row", text="Lee"),
                    RowKey(role="row", text="Design"),
                    RowKey(role="row", text="Ann", also="Lee"),
                )
            },
        ),
        inputs=NAMED,
    )
    body = _flat(t)
    assert f'page.get_by_role("row"){BY_FIRST}{BY_LAST}.get_by_role(' in body, body
    for locator in _beside(t):
        assert "first_name" in locator and "last_name" in locator, locator


def test_two_single_keys_of_one_row_are_chained_into_one_lookup() -> None:
    t = _trace(
        Step(
            index=0,
            action=CLICK,
            args={
                "target": _remove(RowKey(role="row", text="Lee"), RowKey(role="row", text="Ann"))
            },
        ),
        inputs=NAMED,
    )
    body = _flat(t)
    assert f'page.get_by_role("row"){BY_LAST}{BY_FIRST}.get_by_role(' in body, body
    assert all("first_name" in c and "last_name" in c for c in _beside(t))


def test_the_pair_that_binds_both_inputs_wins_over_a_pair_with_a_fixed_text() -> None:
    # A reference number comes first in the row: the pair (X1, Ann) binds the first name only.
    t = _trace(
        Step(
            index=0,
            action=CLICK,
            args={
                "target": _remove(
                    RowKey(role="row", text="X1"),
                    RowKey(role="row", text="X1", also="Ann"),
                    RowKey(role="row", text="Ann", also="Lee"),
                )
            },
        ),
        inputs=NAMED,
    )
    body = _flat(t)
    assert f'page.get_by_role("row"){BY_FIRST}{BY_LAST}.get_by_role(' in body, body
    assert "X1" not in body


def test_two_inputs_of_one_recorded_value_are_checked_to_agree_before_the_step() -> None:
    t = _trace(
        Step(index=0, action=CLICK, args={"target": _button("2")}, reason="I click day 2."),
        inputs={"guests": 2, "day": 2},
        types={"guests": INT, "day": INT},
    )
    body = _flat(t)
    # The reason names day, so the button follows day; guests must still agree.
    guard = body.index("ifnot(day==guests):raiseSideExit(")
    assert guard < body.index('click(target=find(page.get_by_role("button",name=f"{day}"')
    namespace: dict[str, Any] = {}
    exec(compile_trace(t).source.split("\n\n\nif __name__")[0], namespace)


def test_a_label_the_description_writes_stays_a_constant_checked_against_the_input() -> None:
    t = _trace(
        Step(index=0, action=CLICK, args={"target": _button("Done")}),
        inputs={"column": "Done"},
        description="Choose column in the Column drop-down and press Done to save.",
    )
    body = _flat(t)
    assert "name=column" not in body, body
    guard = body.index('ifnot(column=="Done"):raiseSideExit(')
    assert guard < body.index('click(target=find(page.get_by_role("button",name="Done")))')


def test_an_option_typed_as_the_text_of_an_integer_input_follows_the_input() -> None:
    box = LocatorExpr(
        candidates=(LocatorCandidate(strategy="role", value="combobox", name="Guests"),),
        description='combobox "Guests"',
    )
    t = _trace(
        Step(index=0, action=SELECT, args={"target": box, "option": lit("2")}),
        inputs={"guests": 2, "day": 5},
        types={"guests": INT, "day": INT},
    )
    body = _flat(t)
    assert 'option=f"{guests}"' in body, body
    assert "SideExit" not in body


def test_an_option_two_inputs_explain_is_guarded() -> None:
    box = LocatorExpr(
        candidates=(LocatorCandidate(strategy="role", value="combobox", name="Guests"),),
        description='combobox "Guests"',
    )
    t = _trace(
        Step(index=0, action=SELECT, args={"target": box, "option": lit("3")}, reason="3 guests."),
        Step(index=1, action=CLICK, args={"target": _button("3")}, reason="I click day 3."),
        inputs={"guests": 3, "day": 3},
        types={"guests": INT, "day": INT},
    )
    body = _flat(t)
    assert 'option=f"{guests}"' in body and 'name=f"{day}"' in body, body
    # One check, before the first step either explanation reaches.
    assert body.count("raiseSideExit(") == 1
    assert body.index("ifnot(guests==day)") < body.index("select_option(")
