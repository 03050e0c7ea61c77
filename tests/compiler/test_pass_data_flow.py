"""Pass ``data_flow``: literal copies of earlier results become references, f-strings or
flagged list positions."""

from __future__ import annotations

from typing import Any

import pytest
from trace_kit import STR, call, finish, lit, read_only, ref, returning, trace

from compiler import compile_trace
from compiler.ir import FStringExpr, OutputSpec, RefExpr, Trace, TypeRef
from compiler.passes import PassContext, data_flow, lower, parameters
from compiler.passes.data_flow import access_of, counter_slots
from compiler.recipe_ir import Assign, Call, Guard, RecipeIR, Return, Statement

FIND = read_only("find_customer")
LIST = read_only("list_invoices")
SEND = read_only("send_reminder").model_copy(update={"read_only": False})
CUSTOMER = {"id": "C001", "name": "ACME", "email": "billing@acme.example", "tier": 3}
INVOICES = [{"id": "INV-1", "amount": 250.0}, {"id": "INV-2", "amount": 99.5}]


def _run(t: Trace) -> tuple[RecipeIR, list[str]]:
    ctx = PassContext(trace=t)
    return data_flow(parameters(lower(t, ctx)[0], ctx)[0], ctx)


def _unguarded(ir: RecipeIR) -> list[Statement]:
    """The statements without the guards that agreements of values add (their own tests are
    in ``test_value_ambiguity.py``)."""
    return [s for s in ir.statements if not isinstance(s, Guard)]


def _kwargs(ir: RecipeIR, i: int) -> dict[str, Any]:
    stmt = _unguarded(ir)[i]
    assert isinstance(stmt, Assign) and isinstance(stmt.value, Call)
    return dict(stmt.value.kwargs)


def _customer_then(*steps: Any, annotation: str = "Customer", **kw: Any) -> Trace:
    first = returning(call(0, FIND, "find_customer_1", name="ACME"), CUSTOMER, annotation)
    return trace(first, *steps, **kw)


def test_a_copied_field_becomes_a_reference() -> None:
    ir, changes = _run(_customer_then(call(1, LIST, customer_id="C001"), finish(2, result="x")))
    assert _kwargs(ir, 1) == {
        "customer_id": RefExpr(name="find_customer_1", path=("id",), path_kinds=("attr",))
    }
    assert changes == ["step 1, argument customer_id: literal 'C001' → find_customer_1.id"]


def test_a_dict_result_is_read_by_key() -> None:
    ir, _ = _run(
        _customer_then(call(1, LIST, customer_id="C001"), finish(2, result="x"), annotation="dict")
    )
    assert _kwargs(ir, 1)["customer_id"] == RefExpr(
        name="find_customer_1", path=("id",), path_kinds=("key",)
    )


def test_unknown_result_types_are_not_read_into() -> None:
    first = returning(call(0, FIND, "find_customer_1", name="ACME"), CUSTOMER)
    ir, changes = _run(trace(first, call(1, LIST, customer_id="C001"), finish(2, result="x")))
    assert _kwargs(ir, 1) == {"customer_id": lit("C001")} and changes == []


def test_a_whole_result_wins_over_a_field() -> None:
    t = _customer_then(
        returning(call(1, read_only("pick"), "pick_1"), "C001", "str"),
        call(2, SEND, who="C001"),
        finish(3, result="x"),
    )
    ir, _ = _run(t)
    assert _kwargs(ir, 2) == {"who": ref("pick_1")}


def test_the_most_recent_equal_result_is_used() -> None:
    t = trace(
        returning(call(0, read_only("a"), "a_1"), "same value", "str"),
        returning(call(1, read_only("b"), "b_1"), "same value", "str"),
        call(2, SEND, x="same value"),
        finish(3, result="x"),
    )
    assert _kwargs(_run(t)[0], 2) == {"x": ref("b_1")}


def test_an_input_stays_a_parameter_even_if_a_field_equals_it() -> None:
    t = _customer_then(
        call(1, SEND, name="ACME"), finish(2, result="x"), values={"customer": "ACME"}
    )
    assert _kwargs(_run(t)[0], 1) == {"name": ref("customer")}


def test_a_string_containing_values_becomes_an_fstring() -> None:
    t = _customer_then(
        call(1, SEND, subject="Invoices of ACME Corp, mail billing@acme.example!"),
        finish(2, result="x"),
        values={"customer": "ACME Corp"},
    )
    ir, changes = _run(t)
    assert _kwargs(ir, 1) == {
        "subject": FStringExpr(
            parts=(
                "Invoices of ",
                ref("customer"),
                ", mail ",
                RefExpr(name="find_customer_1", path=("email",), path_kinds=("attr",)),
                "!",
            )
        )
    }
    assert "f-string of customer, find_customer_1.email" in changes[-1]


@pytest.mark.parametrize(
    "text", ["ACMEs are here", "xACME", "AC", "Annual", "acme"]  # inside a word, too short …
)
def test_substrings_inside_words_are_not_matched(text: str) -> None:
    t = trace(
        call(0, SEND, note=text),
        finish(1, result="x"),
        inputs={"who": STR, "short": STR},
        values={"who": "ACME", "short": "Ann"},
    )
    assert _kwargs(_run(t)[0], 0) == {"note": lit(text)}


def test_a_list_position_is_kept_with_a_comment_and_a_warning() -> None:
    t = trace(
        returning(call(0, LIST, "list_invoices_1"), INVOICES, "list[Invoice]"),
        call(1, SEND, invoice_id="INV-2"),
        finish(2, result="x"),
    )
    ir, changes = _run(t)
    assert _kwargs(ir, 1) == {"invoice_id": lit("INV-2")}
    assert ir.statements[1].notes == (
        "invoice_id='INV-2' was item [1].id of the result of list_invoices (step 0) in the "
        "recording; a list position does not generalize, so it stays as written",
    )
    (warning,) = ir.warnings
    assert warning.code == "list-position" and warning.step == 1
    assert "appears only as item [1].id of the result of list_invoices (step 0)" in warning.message
    assert changes == [
        "step 1, argument invoice_id: literal 'INV-2' kept (only at list position [1].id)"
    ]


def test_finish_values_too() -> None:
    t = trace(
        returning(call(0, read_only("total"), "total_1"), 1234.5, "float"),
        finish(1, total=1234.5, label="x"),
        outputs=OutputSpec(fields={"total": TypeRef(annotation="float"), "label": STR}),
    )
    ret = _run(t)[0].statements[1]
    assert isinstance(ret, Return) and ret.fields == {"total": ref("total_1"), "label": lit("x")}


def test_small_numbers_are_never_matched() -> None:
    t = _customer_then(
        returning(call(1, read_only("count"), "count_1"), 2, "int"),
        returning(call(2, read_only("count"), "count_2"), 12, "int"),
        call(3, SEND, tier=3, n=2, m=12, flag=True),
        finish(4, result="x"),
    )
    assert _kwargs(_run(t)[0], 3) == {
        "tier": lit(3),
        "n": lit(2),
        "m": ref("count_2"),
        "flag": lit(True),
    }


def test_secret_inputs_are_never_matched() -> None:
    t = trace(
        call(0, SEND, note="token abc123 here"),
        finish(1, result="x"),
        inputs={"token": STR},
        values={"token": "abc123"},
        secret=("token",),
    )
    assert _kwargs(_run(t)[0], 0) == {"note": lit("token abc123 here")}


def test_a_reassigned_variable_is_matched_with_its_value_at_that_point() -> None:
    t = trace(
        returning(call(0, read_only("get"), "v"), "first value", "str"),
        returning(call(1, read_only("get"), "v"), "second value", "str"),
        call(2, SEND, x="first value", y="second value"),
        finish(3, result="x"),
    )
    assert _kwargs(_run(t)[0], 2) == {"x": lit("first value"), "y": ref("v")}


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("dict[str, int]", "key"),
        ("dict", "key"),
        ("Any", "key"),
        ("Customer", "attr"),
        ("examples.types.Customer | None", "attr"),
        ("Optional[Customer]", "attr"),
        ("list[Customer]", None),
        ("Customer | Order", None),
        (None, None),
    ],
)
def test_access_of(annotation: str | None, expected: str | None) -> None:
    assert access_of(annotation, {"a": 1}) == expected
    assert access_of(annotation, [1]) is None


def test_the_recipe_reads_the_new_value() -> None:
    t = _customer_then(call(1, SEND, customer_id="C001"), finish(2, result="x"))
    assert "send_reminder(customer_id=customer_record.id)" in compile_trace(t).source


def test_numbers_inside_strings_become_fstring_fields() -> None:
    t = trace(
        returning(call(0, read_only("total"), "total_1"), 1757.25, "float"),
        returning(call(1, read_only("count"), "count_1"), 3, "int"),
        call(2, SEND, text="Due: 1757.25 EUR for 3 invoices (not 11757.25)"),
        finish(3, result="x"),
    )
    assert _kwargs(_run(t)[0], 2) == {
        "text": FStringExpr(parts=("Due: ", ref("total_1"), " EUR for 3 invoices (not 11757.25)"))
    }


STAGE = read_only("stage").model_copy(update={"read_only": False})


def _pipeline(n: int = 10) -> Trace:
    """``bench/fallback_cost.py``'s run: ``stage(i, value)`` returns ``value + i``; the model
    numbers the stages itself and copies each result into the next call's ``value``."""
    steps, value = [], 0
    for i in range(1, n + 1):
        steps.append(returning(call(i - 1, STAGE, f"stage_{i - 1}", i=i, value=value), value + i))
        value += i
    return trace(*steps, finish(n, result=value), inputs={}, values={})


def test_a_counter_equal_to_an_earlier_result_stays_literal() -> None:
    ir, changes = _run(_pipeline())  # stage 4 returned 10: i=10 must not read it
    assert _kwargs(ir, 9) == {"i": lit(10), "value": ref("stage_8")}
    assert _kwargs(ir, 4) == {"i": lit(5), "value": ref("stage_3")}  # a real copy of that 10
    assert ir.statements[9].notes == (
        "i=10 equals the result of stage (step 3) by coincidence: most stage calls pass i a "
        "number nothing earlier holds (a counter), so it stays as written",
    )
    assert (
        "step 9, argument i: literal 10 kept (a counter of stage; equals the result of stage "
        "(step 3) by coincidence)" in changes
    )
    assert ir.warnings == ()


def test_a_counter_is_not_linked_to_a_result_named_like_it() -> None:
    count = returning(call(0, read_only("count_stages"), "i"), 10, "int")
    stages = [call(k, STAGE, i=k) for k in range(1, 11)]
    source = compile_trace(trace(count, *stages, finish(11, result="done"))).source
    assert "stage(i=10)" in source and "i=i" not in source
    assert "- stage(i=10), step 10" in source  # a constant in the header, like i=1 … i=9
    assert "i=10 equals the result of count_stages (step 0) by coincidence" in source


def test_ids_copied_into_repeated_calls_are_still_linked() -> None:
    get = read_only("get_invoice")
    t = trace(
        returning(call(0, read_only("oldest_unpaid"), "oldest"), 1042, "int"),
        returning(call(1, read_only("newest_unpaid"), "newest"), 2077, "int"),
        call(2, get, id=1042),
        call(3, get, id=2077),
        call(4, get, id=7),  # one value of three matches nothing: not "most"
        finish(5, result="x"),
    )
    ir, changes = _run(t)
    assert [_kwargs(ir, i) for i in (2, 3, 4)] == [
        {"id": ref("oldest")},
        {"id": ref("newest")},
        {"id": lit(7)},
    ]
    assert not any("counter" in c for c in changes)


@pytest.mark.parametrize("others", [(), (3,)], ids=["one call", "two calls"])
def test_a_two_digit_copy_is_still_linked(others: tuple[int, ...]) -> None:
    count = returning(call(0, read_only("count"), "count_1"), 12, "int")
    later = [call(2 + k, SEND, n=v) for k, v in enumerate(others)]
    t = trace(count, call(1, SEND, n=12), *later, finish(2 + len(others), result="x"))
    assert _kwargs(_run(t)[0], 1) == {"n": ref("count_1")}


def test_strings_are_never_counters() -> None:
    tag = read_only("tag").model_copy(update={"read_only": False})
    t = trace(
        returning(call(0, read_only("release"), "release_1"), "v10", "str"),
        *[call(k, tag, label=f"v{k}") for k in range(1, 11)],
        finish(11, result="x"),
    )
    assert _kwargs(_run(t)[0], 10) == {"label": ref("release_1")}


def _numbered_with_input(limit: int = 10) -> Trace:
    """Stages numbered 1 … 10 after a count of 10, with the input ``limit``."""
    count = returning(call(0, read_only("count_stages"), "count"), 10, "int")
    stages = [call(k, STAGE, i=k) for k in range(1, 11)]
    inputs = {"limit": TypeRef(annotation="int")}
    return trace(count, *stages, finish(11, result="x"), inputs=inputs, values={"limit": limit})


@pytest.mark.parametrize("t", [_pipeline(), _numbered_with_input()], ids=["results", "input"])
def test_parameters_and_data_flow_see_the_same_counters(t: Trace) -> None:
    ctx = PassContext(trace=t)
    lowered = lower(t, ctx)[0]
    counters = counter_slots(lowered, ctx)
    assert counters == {("examples.invoices", "stage", "i")}
    assert counter_slots(parameters(lowered, ctx)[0], ctx) == counters


def test_a_counter_equal_to_an_input_and_a_result_gets_one_comment() -> None:
    ir, changes = _run(_numbered_with_input())
    assert _kwargs(ir, 10) == {"i": lit(10)}
    assert ir.statements[10].notes == (
        "i=10 equals input limit by coincidence: most stage calls pass i a number nothing "
        "earlier holds (a counter), so it stays as written",
    )
    assert changes == []  # parameters explained it


def test_a_counter_equal_to_a_result_only_is_explained_here() -> None:
    ir, changes = _run(_numbered_with_input(limit=99))
    assert _kwargs(ir, 10) == {"i": lit(10)}
    assert (
        ir.statements[10]
        .notes[0]
        .startswith("i=10 equals the result of count_stages (step 0) by coincidence")
    )
    assert len(changes) == 1
