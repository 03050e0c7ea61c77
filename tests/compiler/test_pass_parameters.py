"""Pass ``parameters``: literal copies of inputs become references to them."""

from __future__ import annotations

from typing import Any

import pytest
from trace_kit import STR, action, call, finish, lit, ref, returning, trace

from compiler import compile_trace
from compiler.ir import OutputSpec, Trace, TypeRef
from compiler.passes import PassContext, lower, parameters
from compiler.passes._values import is_distinctive, json_equal, matchable
from compiler.recipe_ir import Assign, Call, Guard, RecipeIR, Return, Statement

SEND = action("send_reminder")


def _run(t: Trace) -> tuple[RecipeIR, list[str]]:
    ctx = PassContext(trace=t)
    return parameters(lower(t, ctx)[0], ctx)


def _unguarded(ir: RecipeIR) -> list[Statement]:
    """The statements without the guards that agreements of values add (their own tests are
    in ``test_value_ambiguity.py``)."""
    return [s for s in ir.statements if not isinstance(s, Guard)]


def _kwargs(ir: RecipeIR, i: int = 0) -> dict[str, Any]:
    stmt = _unguarded(ir)[i]
    assert isinstance(stmt, Assign) and isinstance(stmt.value, Call)
    return dict(stmt.value.kwargs)


def test_literal_copy_of_an_input_becomes_a_reference() -> None:
    ir, changes = _run(trace(call(0, SEND, customer="ACME", note="other"), finish(1, result="x")))
    assert _kwargs(ir) == {"customer": ref("customer"), "note": lit("other")}
    assert changes == ["step 0, argument customer: literal 'ACME' → input customer"]


def test_finish_arguments_too() -> None:
    ir, _ = _run(trace(finish(0, result="ACME")))
    assert ir.statements[0] == Return(step=0, value=ref("customer"))
    outputs = OutputSpec(fields={"who": STR})
    ir, _ = _run(trace(finish(0, who="ACME"), outputs=outputs))
    assert ir.statements[0] == Return(step=0, fields={"who": ref("customer")})


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (True, True),  # never bools
        (None, None),
        ("A", "A"),  # too short to mean anything
        ([], []),
        (1, 1.0),  # same number, different JSON type
        (1, True),
        (0.0, -0.0),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
        ("ACME", "ACME "),  # whole values only
    ],
)
def test_values_that_are_not_replaced(value: Any, literal: Any) -> None:
    t = trace(
        call(0, SEND, x=lit(literal)),
        finish(1, result="x"),
        inputs={"v": TypeRef(annotation="object")},
        values={"v": value},
    )
    ir, changes = _run(t)
    assert _kwargs(ir) == {"x": lit(literal)}
    assert all("kept (ambiguous" in c for c in changes if "guard" not in c)


@pytest.mark.parametrize("value", [12, 2.5, "ab", [1, 2], {"k": [None, True]}])
def test_values_that_are_replaced(value: Any) -> None:
    t = trace(
        call(0, SEND, x=lit(value)),
        finish(1, result="x"),
        inputs={"v": TypeRef(annotation="object")},
        values={"v": value},
    )
    assert _kwargs(_run(t)[0]) == {"x": ref("v")}


def test_first_input_in_signature_order_wins() -> None:
    t = trace(
        call(0, SEND, x="same"),
        finish(1, result="x"),
        inputs={"b": STR, "a": STR},
        values={"a": "same", "b": "same"},
    )
    assert _kwargs(_run(t)[0]) == {"x": ref("b")}


def test_secret_inputs_are_never_matched() -> None:
    t = trace(
        call(0, SEND, x="***"),
        finish(1, result="x"),
        inputs={"password": STR},
        values={"password": "***"},
        secret=("password",),
    )
    assert _kwargs(_run(t)[0]) == {"x": lit("***")}


def test_input_shadowed_by_a_result_variable_is_not_referenced() -> None:
    t = trace(call(0, SEND, "customer"), call(1, SEND, "s", x="ACME"), finish(2, result="x"))
    assert _kwargs(_run(t)[0], 1) == {"x": lit("ACME")}


def test_helpers() -> None:
    assert json_equal([1, {"a": 2.0}], [1, {"a": 2.0}])
    assert not json_equal(float("nan"), float("nan"))
    assert not is_distinctive(False) and not is_distinctive(9) and is_distinctive(10)
    assert is_distinctive(2.5) and not is_distinctive(1.0)
    assert not matchable(None) and not matchable("") and matchable(False)


@pytest.mark.parametrize("value", [True, 1, 0, -1, 7, "A"])
def test_a_short_value_equal_to_an_input_is_kept_with_a_comment_and_a_warning(value: Any) -> None:
    t = trace(
        call(0, SEND, flag=value),
        finish(1, result="x"),
        inputs={"express": TypeRef(annotation="object")},
        values={"express": value},
    )
    ir, _ = _run(t)
    assert _kwargs(ir) == {"flag": lit(value)}
    assert _unguarded(ir)[0].notes == (
        f"flag={value!r} equals input 'express' but is too short to be sure it is a copy; "
        "kept as written",
    )
    # A change given it goes on only while the input still equals it (round 5: "ann" typed
    # for the customer ann was passed for every other customer).
    guard = ir.statements[0]
    assert isinstance(guard, Guard) and "express" in guard.condition.source
    (warning,) = ir.warnings
    assert warning.code == "ambiguous-input" and warning.step == 0
    assert warning.message.startswith(f"step 0, argument flag: {value!r} equals input 'express'")


def test_a_short_value_is_a_parameter_when_the_argument_has_the_inputs_name() -> None:
    t = trace(
        call(0, SEND, express=True),
        finish(1, result="x"),
        inputs={"express": TypeRef(annotation="bool")},
        values={"express": True},
    )
    ir, changes = _run(t)
    assert _kwargs(ir) == {"express": ref("express")} and ir.warnings == ()
    assert changes == ["step 0, argument express: literal True → input express (same name)"]


def test_a_value_equal_to_two_inputs_is_flagged() -> None:
    t = trace(
        call(0, SEND, x="same"),
        finish(1, result="x"),
        inputs={"b": STR, "a": STR},
        values={"a": "same", "b": "same"},
    )
    ir, _ = _run(t)
    assert _unguarded(ir)[0].notes == ("x='same' equals inputs 'b' and 'a'; used b",)
    assert [w.code for w in ir.warnings] == ["ambiguous-input"]


def test_a_value_equal_to_two_inputs_follows_the_argument_name_silently() -> None:
    t = trace(
        call(0, SEND, a="same"),
        finish(1, result="x"),
        inputs={"b": STR, "a": STR},
        values={"a": "same", "b": "same"},
    )
    ir, _ = _run(t)
    assert _kwargs(ir) == {"a": ref("a")} and ir.warnings == () and ir.statements[0].notes == ()


STAGE = action("stage")
INT = TypeRef(annotation="int")


def _stages(inputs: dict[str, Any], n: int = 10) -> Trace:
    """The model numbers ``stage`` calls itself (``i=1`` … ``i=n``)."""
    stages = [call(k - 1, STAGE, i=k) for k in range(1, n + 1)]
    return trace(*stages, finish(n, result="x"), inputs=dict.fromkeys(inputs, INT), values=inputs)


def test_a_counter_equal_to_an_input_stays_literal_with_a_comment() -> None:
    ir, changes = _run(_stages({"limit": 10}))
    assert _kwargs(ir, 9) == {"i": lit(10)} and ir.warnings == ()
    assert ir.statements[9].notes == (
        "i=10 equals input limit by coincidence: most stage calls pass i a number nothing "
        "earlier holds (a counter), so it stays as written",
    )
    assert changes == [
        "step 9, argument i: literal 10 kept (a counter of stage; equals input limit by "
        "coincidence)"
    ]


def test_a_counter_equal_to_an_input_reads_once_in_the_recipe() -> None:
    count = returning(call(0, action("count_stages", read_only=True), "count"), 10, "int")
    stages = [call(k, STAGE, i=k) for k in range(1, 11)]
    t = trace(count, *stages, finish(11, result="x"), inputs={"limit": INT}, values={"limit": 10})
    result = compile_trace(t)
    assert "stage(i=10)" in result.source and "i=limit" not in result.source
    assert "i=count" not in result.source and "i=counted" not in result.source
    assert result.source.count("by coincidence") == 1  # data_flow does not repeat parameters
    assert "i=10 equals input limit by coincidence" in result.source
    explain = {r.name: r.changes for r in result.explain}
    assert any("a counter of stage" in c for c in explain["parameters"])
    assert not any("a counter of stage" in c for c in explain["data_flow"])


@pytest.mark.parametrize(
    ("inputs", "what"),
    [
        ({"page": 3}, "input page"),  # short values too: no ambiguous-input warning
        ({"i": 3}, "input i"),  # nor the input of the argument's name
        ({"a": 3, "b": 3}, "inputs a and b"),
    ],
)
def test_any_counter_literal_equal_to_inputs_stays(inputs: dict[str, int], what: str) -> None:
    ir, _ = _run(_stages(inputs))
    assert _kwargs(ir, 2) == {"i": lit(3)} and ir.warnings == ()
    assert ir.statements[2].notes[0].startswith(f"i=3 equals {what} by coincidence")


def test_a_single_copy_of_a_two_digit_input_is_still_a_parameter() -> None:
    fetch = action("fetch")  # it changes something, so the recipe keeps the call
    t = trace(call(0, fetch, n=10), finish(1, result="x"), inputs={"n": INT}, values={"n": 10})
    ir, changes = _run(t)
    assert _kwargs(ir) == {"n": ref("n")}
    assert changes == ["step 0, argument n: literal 10 → input n"]
    assert "fetch(n=n)" in compile_trace(t).source


def test_repeated_copies_of_inputs_are_still_parameters() -> None:
    get = action("get_invoice", read_only=True)
    t = trace(
        call(0, get, id=1042),
        call(1, get, id=2077),
        call(2, get, id=1042),
        finish(3, result="x"),
        inputs={"first": INT, "second": INT},
        values={"first": 1042, "second": 2077},
    )
    ir, _ = _run(t)
    assert [_kwargs(ir, i) for i in range(3)] == [
        {"id": ref("first")},
        {"id": ref("second")},
        {"id": ref("first")},
    ]
