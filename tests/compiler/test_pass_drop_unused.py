"""Pass ``drop_unused``: read-only calls and computes nothing reads are left out."""

from __future__ import annotations

from trace_kit import action, call, compute, finish, read_only, ref, requires_expr, trace

from compiler.ir import Trace, TypeRef
from compiler.passes import PassContext, drop_unused, lower, parameters
from compiler.recipe_ir import RecipeIR

LOOKUP = read_only("company_info")
SEND = action("send_reminder")


def _run(t: Trace) -> tuple[RecipeIR, list[str]]:
    ctx = PassContext(trace=t)
    return drop_unused(lower(t, ctx)[0], ctx)


def _steps(ir: RecipeIR) -> list[int | None]:
    return [s.step for s in ir.statements]


def test_an_unused_lookup_is_dropped() -> None:
    ir, changes = _run(trace(call(0, LOOKUP), call(1, SEND), finish(2, result="x")))
    assert _steps(ir) == [1, 2]
    assert changes == [
        "step 0: dropped call of company_info (company_info_0): its result is unused"
    ]


def test_a_used_lookup_is_kept() -> None:
    t = trace(call(0, LOOKUP, "info"), call(1, SEND, x=ref("info", "iban")), finish(2, result="x"))
    assert _steps(_run(t)[0]) == [0, 1, 2]


def test_calls_that_change_something_are_always_kept() -> None:
    assert _steps(_run(trace(call(0, SEND, "unused"), finish(1, result="x")))[0]) == [0, 1]


@requires_expr
def test_lookups_only_feeding_dropped_steps_go_too() -> None:
    t = trace(
        call(0, LOOKUP, "info"),
        compute(1, "info.name", "name"),
        call(2, read_only("other"), "o", n=ref("name")),
        finish(3, result=ref("customer")),
    )
    ir, changes = _run(t)
    assert _steps(ir) == [3] and len(changes) == 3


@requires_expr
def test_a_lookup_read_by_a_compute_that_is_returned_stays() -> None:
    t = trace(
        call(0, LOOKUP, "info"), compute(1, "info.name", "name"), finish(2, result=ref("name"))
    )
    assert _steps(_run(t)[0]) == [0, 1, 2]


def test_a_reassigned_variable_is_judged_per_assignment() -> None:
    t = trace(
        call(0, LOOKUP, "v"),
        call(1, LOOKUP, "v"),  # overwrites v before anything reads it
        call(2, SEND, x=ref("v")),
        finish(3, result="x"),
    )
    assert _steps(_run(t)[0]) == [1, 2, 3]


def test_nothing_to_drop_is_unchanged() -> None:
    t = trace(call(0, SEND), finish(1, result="x"))
    ctx = PassContext(trace=t)
    ir = lower(t, ctx)[0]
    assert drop_unused(ir, ctx) == (ir, [])


def test_warnings_about_a_dropped_lookup_go_with_it() -> None:
    t = trace(
        call(0, LOOKUP, depth=3),  # 3 equals the input, too short to be sure: a warning …
        call(1, SEND),
        finish(2, result="x"),
        inputs={"level": TypeRef(annotation="int")},
        values={"level": 3},
    )
    ctx = PassContext(trace=t)
    ir = parameters(lower(t, ctx)[0], ctx)[0]
    assert [w.code for w in ir.warnings] == ["ambiguous-input"]
    assert drop_unused(ir, ctx)[0].warnings == ()  # … about a call the recipe no longer makes
