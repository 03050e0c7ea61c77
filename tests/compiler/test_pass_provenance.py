"""Pass ``provenance``: every output and changing-action argument is classified; constants the
model wrote become warnings, header lines and (under ``--strict``) errors."""

from __future__ import annotations

import pytest
from trace_kit import (
    FLOAT,
    STR,
    action,
    call,
    compute,
    finish,
    read_only,
    ref,
    requires_expr,
    trace,
)

from compiler import CompileWarning, compile_trace
from compiler.errors import CompileError
from compiler.ir import OutputSpec, Trace
from compiler.passes import PassContext, lower, provenance
from compiler.recipe_ir import RecipeIR

SEND = action("send_reminder")
LOOKUP = read_only("find_customer")
OUTPUTS = OutputSpec(fields={"total": FLOAT, "who": STR})


def _run(t: Trace) -> tuple[RecipeIR, list[str]]:
    ctx = PassContext(trace=t)
    return provenance(lower(t, ctx)[0], ctx)


def test_a_constant_output_is_a_warning_with_the_promised_wording() -> None:
    ir, changes = _run(trace(finish(0, total=1234.5, who=ref("customer")), outputs=OUTPUTS))
    assert ir.warnings == (
        CompileWarning(
            code="constant-output",
            message="output 'total' is the constant 1234.5 — this recipe will always return it",
            step=0,
        ),
    )
    assert ir.constants == ("output 'total' = 1234.5",)
    assert changes == ["step 0, output total: constant", "step 0, output who: input"]


def test_every_origin_is_named() -> None:
    t = trace(
        call(0, LOOKUP, "c", name=ref("customer")),
        call(1, SEND, "s", email=ref("c", "email"), note="hi", when=None),
        finish(2, total=ref("s"), who=ref("customer")),
        outputs=OUTPUTS,
    )
    ir, changes = _run(t)
    assert changes == [
        "step 1, argument email: action result",
        "step 1, argument note: constant",
        "step 1, argument when: constant",
        "step 2, output total: action result",
        "step 2, output who: input",
    ]
    # a read-only call's arguments are not classified; None ("not given") is not reported
    assert [w.code for w in ir.warnings] == ["constant-argument"]
    assert ir.warnings[0].message == (
        "argument 'note' of send_reminder is the constant 'hi' — every run of this recipe "
        "passes it"
    )


@requires_expr
def test_a_compute_of_constants_is_a_constant() -> None:
    t = trace(
        compute(0, "round(1200 + 34.5, 2)", "t"),
        compute(1, "customer.upper()", "u"),
        finish(2, total=ref("t"), who=ref("u")),
        outputs=OUTPUTS,
    )
    ir, changes = _run(t)
    assert changes == ["step 2, output total: constant", "step 2, output who: compute"]
    assert ir.warnings[0].message.startswith(
        "output 'total' is the constant t = round(1200 + 34.5, 2) —"
    )


@requires_expr
def test_the_clock_is_not_a_constant() -> None:
    t = trace(compute(0, "date.today().isoformat()", "d"), finish(1, result=ref("d")))
    assert _run(t)[1] == ["step 1, result: compute"]


def test_header_lists_the_constants_and_strict_refuses_them() -> None:
    t = trace(call(0, SEND, note="hi"), finish(1, total=1.5, who="ACME"), outputs=OUTPUTS)
    result = compile_trace(t)
    assert (
        "Constants the model wrote out, which no input or result explains (this recipe\n"
        "uses them whatever the inputs; check them):\n"
        "- send_reminder(note='hi'), step 0\n"
        "- output 'total' = 1.5\n"
    ) in result.source
    assert "who" not in result.source.split('"""')[1]  # 'ACME' became the input customer
    with pytest.raises(CompileError, match=r"constant-output: output 'total' is the constant 1\.5"):
        compile_trace(t, strict=True)
