"""Evaluating compute expressions: the same result as plain Python (which is what the recipe runs),
clear errors, and limits that stop runaway expressions quickly.

Python's own ``eval`` appears here only as an oracle, on expressions these tests wrote.
"""

from __future__ import annotations

import builtins
import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from compiler.errors import ExpressionError
from compiler.expr import free_names, rename_expression
from runtime.agent.compute import evaluate
from runtime.errors import ExpressionEvalError


@dataclass
class Invoice:
    number: str
    amount: float
    paid: bool
    due: dt.date


class Product(BaseModel):
    name: str
    price: float
    tags: list[str] = []


VARIABLES: dict[str, Any] = {
    "invoices": [
        Invoice("A-1", 120.0, False, dt.date(2024, 1, 31)),
        Invoice("A-2", 80.5, True, dt.date(2024, 2, 15)),
        Invoice("A-3", 42.25, False, dt.date(2024, 3, 1)),
    ],
    "products": [
        Product(name="kettle", price=29.99, tags=["kitchen"]),
        Product(name="toaster", price=24.5, tags=["kitchen", "sale"]),
        Product(name="lamp", price=45.0),
    ],
    "order": {"id": 7, "lines": [{"sku": "K1", "qty": 2}, {"sku": "L9", "qty": 1}]},
    "start": "2024-01-31",
    "name": "Ada Lovelace",
    "n": 7,
    "xs": [3, 1, 2],
    "grid": [[1, 0, 2], [0, 3, 0]],
    "csv_text": "a, b\nc ,d",
}

CORPUS = [
    "sum(i.amount for i in invoices if not i.paid)",
    "min((p.price, p.name) for p in products)[1]",
    "sorted([(p.price, p.name) for p in products])",
    "[p.name for p in products if 'kitchen' in p.tags]",
    "f'{sum(i.amount for i in invoices):.2f} EUR, {len(invoices)} invoices, {name!r:>16}'",
    "f'{n:05d}|{name:^20}|{0.5:.0%}|{n!s:{n}}|'",
    "(date.fromisoformat(start) + timedelta(days=30)).isoformat()",
    "[i.number for i in invoices if i.due < date(2024, 2, 20)]",
    "f'{invoices[0].due:%d.%m.%Y}'",
    "datetime.strptime(start, '%Y-%m-%d').weekday()",
    "order['lines'][0].get('sku', 'n/a')",
    "sum(line['qty'] for line in order['lines'])",
    "{line['sku']: line['qty'] for line in order['lines'] if line['qty'] > 1}",
    "[[c * 2 for c in row if c] for row in grid]",
    "[c for row in grid for c in row if c if c != 2]",
    "[[cell.strip() for cell in row.split(',')] for row in csv_text.splitlines()]",
    "', '.join(sorted({t.upper() for p in products for t in p.tags}))",
    "', '.join(map(str, xs))",
    "sorted(xs, reverse=True)",
    "sorted(name.split(), key=len)",
    "max(p.price for p in products), min(name.split(), key=len)",
    "1 < n < 10 > 2",
    "0 < n < 5 < 1 / 0",  # the chain stops at the first false comparison
    "xs and xs[0] or None",
    "[] or 0 or 'last'",
    "n if n % 2 else -n",
    "n ** 2 // 3 % 5 - -n + +n",
    "7 / 2, 7 // 2, -7 // 2, -7 % 3, 2 ** -1, divmod(-7, 2)",
    "xs[::-1], xs[1:], xs[:-1], name[::2], xs[-1]",
    "[*xs, *range(3)], (*xs,), {*xs}",
    "{**order, 'id': 8}",
    "dict(order, id=9)",
    "dict(zip('abc', xs))",
    "list(enumerate(xs, start=1))",
    "sum([[1], [2, 3]], [])",
    "sum((timedelta(days=d) for d in xs), timedelta(0))",
    "round(2.675, 2), round(7), round(1234, -2)",
    "abs(-n), bool(''), int('42'), float('1.5'), str(n), len(name)",
    "tuple(reversed(xs)), list(range(2, 10, 3)), frozenset([1, 1])",
    "all(x > 0 for x in xs), any(x > 2 for x in xs)",
    "'%05.1f|%-6s|%d%%' % (3.14159, 'ab', 50)",
    "'%(id)d' % order",
    "name.lower().replace('a', 'A', 1).center(20, '*')",
    "name.zfill(15), name.ljust(14, '.'), name.rjust(14)",
    "str.upper(name), str.join('-', ['a', 'b']), list(map(str.lower, ['A', 'B']))",
    "name.partition(' '), name.rsplit(' ', 1), name.find('x'), name.count('a')",
    "xs.index(2), xs.count(3), 3 in xs, 4 not in xs, 'Ada' in name",
    "x is None, n is not None",
    "{1, 2} | {3}, {1, 2} & {2}, {1, 2} ^ {2, 3}, {1, 2} - {1}, 6 | 1, 6 & 3, 6 ^ 3",
    "(1, 2) + (3,), [0] * 3, 'ab' * 2, 2 * 'cd', b'x' * 2",
    "[list(g) for g in [(x for _ in [0]) for x in [1, 2]]]",  # late binding, as in Python
    "[x for x in xs for x in [x, x * 10]]",
    "[x for x in [x for x in xs]]",
    "[(a, b) for a, b in order.items() if a == 'id']",
    "[(a, b, c) for a, (b, c) in [(1, (2, 3)), (4, [5, 6])]]",
    "date.today() == date.today()",
    "timedelta(hours=36).total_seconds(), timedelta(days=2).days",
    "datetime(2024, 2, 29, 12, 30).replace(year=2028).isoformat()",
]


def _python(source: str, variables: dict[str, Any]) -> Any:
    """The oracle: the same text run as plain Python, the way a recipe runs it."""
    namespace = {"date": dt.date, "datetime": dt.datetime, "timedelta": dt.timedelta}
    return eval(source, {**namespace, **variables})  # trusted, test-written text only


@pytest.mark.parametrize("source", CORPUS)
def test_results_equal_plain_python(source: str) -> None:
    variables = {**VARIABLES, "x": None}
    assert evaluate(source, variables) == _python(source, variables)


def test_results_keep_python_types() -> None:
    result = evaluate("(1, [2], {3}, {4: 5}, 1.0, True, None, 'a', b'b')", {})
    assert [type(v) for v in result] == [int, list, set, dict, float, bool, type(None), str, bytes]


def test_generator_results_stay_lazy_and_usable_after_the_deadline() -> None:
    gen = evaluate("(x * 2 for x in xs)", {"xs": [1, 2]}, time_limit_s=0.01)
    time.sleep(0.02)
    assert list(gen) == [2, 4]


def test_no_eval_or_exec_is_involved(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec must not be called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert evaluate("sum(x for x in xs if x > 1)", {"xs": [1, 2, 3]}) == 5


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("source", "variables", "message"),
    [
        ("1 / 0", {}, "compute: ZeroDivisionError: division by zero"),
        (
            "foo + 1",
            {"a": 1, "b": 2},
            "compute: name 'foo' is not defined; variables available: a, b",
        ),
        ("foo", {}, "variables available: (none)"),
        ("n.missing", {"n": 1}, "compute: AttributeError: 'int' object has no attribute 'missing'"),
        ("xs[5]", {"xs": []}, "compute: IndexError: list index out of range"),
        ("d['k']", {"d": {}}, "compute: KeyError: 'k'"),
        ("min([])", {}, "compute: ValueError: min() arg is an empty sequence"),
        ("'a' + 1", {}, 'compute: TypeError: can only concatenate str (not "int") to str'),
        ("[a for a, b in [(1, 2, 3)]]", {}, "ValueError: too many values to unpack (expected 2)"),
        (
            "[a for a, b in [(1,)]]",
            {},
            "ValueError: not enough values to unpack (expected 2, got 1)",
        ),
        ("{**xs}", {"xs": [1]}, "TypeError: 'list' object is not a mapping"),
        ("dict(a=1, **{'a': 2})", {}, "TypeError: got multiple values for keyword argument 'a'"),
        ("sum(xs)", {"sum": 1, "xs": []}, "the variable 'sum' hides the builtin sum()"),
        ("s.format", {"s": "{0.__class__}"}, "str.format is a function or class"),
        ("sorted(xs, key='{0.__class__}'.format)", {"xs": [1]}, "str.format is a function"),
        ("p.model_copy", {"p": Product(name="a", price=1)}, "model_copy is a function or class"),
    ],
)
def test_runtime_failures_raise_expression_eval_error(
    source: str, variables: dict[str, Any], message: str
) -> None:
    with pytest.raises(ExpressionEvalError) as caught:
        evaluate(source, variables)
    assert message in str(caught.value)


def test_disallowed_expressions_fail_validation_not_evaluation() -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate("__import__('os').system('true')", {})
    assert not isinstance(caught.value, ExpressionEvalError)


def test_a_variable_with_a_builtin_name_is_fine_when_unused() -> None:
    assert evaluate("xs[0]", {"sum": 1, "xs": [4]}) == 4


def test_an_input_hides_the_builtin_of_its_name_as_a_parameter_does() -> None:
    # An input called `date` is the recipe function's parameter `date`: Python reads the
    # parameter, so compute does too (only calling the hidden builtin is refused).
    assert evaluate("date[:4]", {"date": "2024-01-02"}) == "2024"
    assert evaluate("date.split('-')[1]", {"date": "2024-01-02"}) == "01"
    assert evaluate("date.fromisoformat('2024-01-02').day", {}) == 2


# --------------------------------------------------------------------------- limits

LIMITS = [
    ("'a' * 10**10", "longer than"),
    ("[0] * 10**9", "more than 100000 items"),
    ("10 ** 10**10", "integer result would exceed"),
    ("(9 ** 300000) * (9 ** 300000)", "integer result would exceed"),
    ("round(5, -10**9)", "integer result would exceed"),
    ("list(range(10**12))", "more than 100000 items"),
    ("sorted(range(10**12))", "more than 100000 items"),
    ("set(enumerate(range(10**12)))", "more than 100000 items"),
    ("[*range(10**12)]", "more than 100000 items"),
    ("[x for x in range(10**12)]", "more than 100000 items"),
    ("''.join(str(i) for i in range(10**7))", "more than 100000 items"),
    ("'x'.zfill(10**9)", "longer than"),
    ("list(map('x'.rjust, [10**9]))", "longer than"),
    ("f'{1:>1000000000}'", "longer than"),
    ("'%1000000000d' % 1", "longer than"),
    ("'%*d' % (10**9, 1)", "'*' widths"),
    ("[[0] * 100000 for _ in range(100000)]", "items in total"),
    ("sum([[0] * 1000] * 1000, [])", "items in total"),
    ("range(10**12).count('a')", "searching a range"),
    ("sum(range(10**12))", "time limit of 0.2 s exceeded"),
    ("sum(1 for a in range(10**6) for b in range(10**6))", "time limit of 0.2 s exceeded"),
    ("'a' in range(10**12)", "time limit of 0.2 s exceeded"),
    ("'a' in map(str, range(10**12))", "time limit of 0.2 s exceeded"),
    ("max(zip(range(10**12)))", "time limit of 0.2 s exceeded"),
    ("any(x < 0 for x in range(10**12))", "time limit of 0.2 s exceeded"),
]


@pytest.mark.parametrize(("source", "message"), LIMITS)
def test_limits_stop_runaway_expressions_quickly(source: str, message: str) -> None:
    # Size guards must fire on their own, so they get a time limit a loaded machine never
    # reaches; only the deadline cases run with a short one. (No wall-clock assertions here:
    # timings belong in bench/.)
    limit = 0.2 if "time limit" in message else 60.0
    with pytest.raises(ExpressionEvalError) as caught:
        evaluate(source, {}, time_limit_s=limit)
    assert message in str(caught.value)


def test_max_result_items_is_configurable() -> None:
    assert evaluate("list(range(10))", {}, max_result_items=10) == list(range(10))
    with pytest.raises(ExpressionEvalError, match="more than 10 items"):
        evaluate("[x for x in range(11)]", {}, max_result_items=10)


def test_big_inputs_are_not_limited_by_the_result_caps() -> None:
    big = list(range(300_000))
    assert evaluate("len(sorted(big)) + sum(big[:3])", {"big": big}) == 300_003


# --------------------------------------------------------------------------- property test


def _words(text: str) -> list[str]:
    """Space-separated choices; ``_`` stands for a space inside one (``not_in``)."""
    return [word.replace("_", " ") for word in text.split()]


LEAVES = st.sampled_from(
    _words("a b c s t xs ys w v 0 1 2 -3 'q' '' True None [] [1,2] (1,'x') {'k':1}")
)
BINARY = st.sampled_from(_words("+ - * // % / < <= == != in not_in and or | &"))
FUNCTIONS = st.sampled_from(
    _words("len abs str bool sorted list sum min max tuple int any all dict round")
    + _words("list(reversed list(enumerate")
)
METHODS = st.sampled_from(
    _words("upper() split() strip('a') count('a') index(1) startswith('a') get('k',0)")
    + _words("replace('a','bb') zfill(4) lower() items() join(['x','y'])")
)


def _expressions(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def call(parts: tuple[str, str]) -> str:
        function, argument = parts
        closing = ")" * (function.count("(") + 1)
        return f"{function}({argument}{closing}"

    return st.one_of(
        st.tuples(children, BINARY, children).map(lambda p: f"({p[0]} {p[1]} {p[2]})"),
        st.tuples(children, st.sampled_from(["0", "1", "2", "3"])).map(
            lambda p: f"({p[0]} ** {p[1]})"
        ),
        children.map(lambda e: f"(not {e})"),
        children.map(lambda e: f"(-{e})"),
        st.tuples(children, children, children).map(lambda p: f"({p[0]} if {p[1]} else {p[2]})"),
        st.tuples(FUNCTIONS, children).map(call),
        st.tuples(children, METHODS).map(lambda p: f"{p[0]}.{p[1]}"),
        st.tuples(children, children).map(lambda p: f"{p[0]}[{p[1]}]"),
        st.tuples(children, children, children).map(lambda p: f"{p[0]}[{p[1]}:{p[2]}]"),
        st.tuples(children, children, children).map(
            lambda p: f"[{p[0]} for v in {p[1]} if {p[2]}]"
        ),
        st.tuples(children, children).map(lambda p: f"sum({p[0]} for v in {p[1]})"),
        st.tuples(children, children).map(lambda p: f"{{v: {p[0]} for v in {p[1]}}}"),
        st.tuples(children, children).map(lambda p: f'f"<{{{p[0]}}}|{{{p[1]}!r:>6}}>"'),
        st.tuples(children, children).map(lambda p: f"[{p[0]}, *{p[1]}]"),
        st.tuples(children, children, children).map(lambda p: f"({p[0]} < {p[1]} <= {p[2]})"),
    )


EXPRESSIONS = st.recursive(LEAVES, _expressions, max_leaves=12)
PROPERTY_VARIABLES: dict[str, Any] = {
    "a": 3,
    "b": -2,
    "c": 0,
    "s": "abca",
    "t": "X y",
    "xs": [1, 2, 3],
    "ys": [],
    "w": ["b", "a"],
}
LIMIT_MESSAGES = ("more than", "longer than", "would exceed", "time limit")


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # "perhaps you missed a comma?"
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_evaluate_agrees_with_python(source: str) -> None:
    try:
        compile(source, "<generated>", "eval")
    except SyntaxError:  # e.g. nested f-strings reusing quotes: invalid for both
        with pytest.raises(ExpressionError):
            evaluate(source, PROPERTY_VARIABLES)
        return
    try:
        result: Any = evaluate(source, PROPERTY_VARIABLES)
        ours: BaseException | None = None
    except ExpressionEvalError as exc:
        assume(not any(limit in str(exc) for limit in LIMIT_MESSAGES))
        ours = exc
    try:
        expected = _python(source, PROPERTY_VARIABLES)
    except Exception as exc:
        assert ours is not None, f"Python raised {exc!r}, evaluate returned {result!r}"
        kind = type(exc).__name__
        if isinstance(exc, NameError):
            assert "not defined" in str(ours) or kind in str(ours)
        else:
            assert str(ours).startswith(f"compute: {kind}: "), (str(ours), repr(exc))
        return
    assert ours is None, f"evaluate raised {ours}, Python returned {expected!r}"
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_a_renamed_expression_over_renamed_variables_means_the_same(source: str) -> None:
    try:
        names = free_names(source)
        expected: Any = evaluate(source, PROPERTY_VARIABLES)
    except ExpressionError:
        assume(False)
    mapping = {name: f"{name}_renamed" for name in names}
    renamed = rename_expression(source, mapping)
    assert free_names(renamed) == tuple(mapping.values())
    variables = {mapping.get(name, name): value for name, value in PROPERTY_VARIABLES.items()}
    assert evaluate(renamed, variables) == expected
