"""The compute expression language as the compiler sees it: what passes the allow-list, what the
model is told when it does not, which variables an expression reads, and renaming them."""

from __future__ import annotations

import pytest

from compiler.errors import ExpressionError
from compiler.expr import (
    ALLOWED_BUILTINS,
    ALLOWED_METHODS,
    MAX_EXPRESSION_CHARS,
    free_names,
    rename_expression,
    required_imports,
    validate_expression,
)

REALISTIC = [
    "sum(i.amount for i in invoices if not i.paid)",
    "min((p.price, p.name) for p in products)[1]",
    "sorted([(p.price, p.name) for p in products])[0][1]",
    "max(products, key=len)",
    "[p.name for p in products if p.price < budget and p.in_stock]",
    "f'{total:.2f} EUR for {customer.name!r}'",
    "f'{len(items):>{width}} items'",
    "(date.fromisoformat(d) + timedelta(days=30)).isoformat()",
    "datetime.strptime(s, '%Y-%m-%d').date() < date.today()",
    "order['lines'][0].get('sku', 'n/a')",
    "{k: v for k, v in prices.items() if v > 0}",
    "[[cell.strip() for cell in row.split(',')] for row in csv_text.splitlines()]",
    "[y for x in groups for y in x.members if y.active]",
    "sum(1 for _ in rows)",
    "', '.join(sorted({t.lower() for t in tags}))",
    "round(sum(xs) / len(xs), 2) if xs else 0.0",
    "1 <= n < 10",
    "[*a, *b]",
    "{**defaults, 'limit': 10}",
    "dict(zip(keys, values))",
    "list(enumerate(names, start=1))",
    "not any(x is None for x in xs)",
    "text[:100] + ('…' if len(text) > 100 else '')",
    "'%s: %d' % (name, count)",
    "{1, 2} | set(extra)",
    "divmod(total_minutes, 60)",
]

ATTACKS = [
    ("__import__('os')", "'__import__' is not allowed"),
    ("().__class__.__bases__[0].__subclasses__()", "'__class__' is not allowed"),
    ("x.__dict__", "'__dict__' is not allowed"),
    ("x._private", "'_private' is not allowed"),
    ("_secret", "'_secret' is not allowed"),
    ("(lambda: 1)()", "lambda functions are not allowed"),
    ("sorted(xs, key=lambda p: p.price)", "lambda functions are not allowed"),
    ("[y := 1]", "assignment expressions (':=') are not allowed"),
    ("open('f')", "calls to 'open' are not allowed (column 1). Allowed functions: abs, all, any"),
    ("getattr(x, 'a')", "calls to 'getattr' are not allowed"),
    ("'{0.__class__}'.format(x)", "calls to the method '.format()' are not allowed"),
    ("'{0.__class__}'.format_map(x)", "calls to the method '.format_map()' are not allowed"),
    ("eval('1')", "calls to 'eval' are not allowed"),
    ("exec", "the name 'exec' is not allowed"),
    ("sorted(xs, key=getattr)", "the name 'getattr' is not allowed"),
    ("x" * (MAX_EXPRESSION_CHARS + 1), f"the limit is {MAX_EXPRESSION_CHARS}"),
    ("(x for x in y).gi_frame.f_globals", "'gi_frame' is not allowed"),
    ("x.mro()", "'.mro()' are not allowed"),
    ("xs.append(1)", "calls to the method '.append()' are not allowed"),
    ("x[0]()", "only allowed functions and methods can be called"),
    ("1 << 30", "the operator '<<' is not allowed"),
    ("~x", "the operator '~' is not allowed"),
    ("a @ b", "the operator '@' is not allowed"),
    ("...", "the constant Ellipsis is not allowed"),
    ("[x async for x in y]", "async comprehensions are not allowed"),
    ("await x", "'await' is not allowed"),
    ("[a for a.b in c]", "comprehension targets must be names or tuples of names"),
    ("[a for *a, b in c]", "comprehension targets must be names or tuples of names"),
    ("[sum(x) for sum in y]", "here it is a comprehension variable"),
    ("[x for x in [1] if y for y in [2]]", "'y' is read before its 'for' binds it"),
    ("dict(__class__=1)", "keyword argument '__class__' is not allowed"),
    ("import os", "does not parse"),
    ("x = 1", "does not parse"),
    ("", "empty"),
    ("[" + ", ".join(["1"] * 600) + "]", "too complex"),
    ("+".join(["a"] * 150), "nests more than"),
]


@pytest.mark.parametrize("source", REALISTIC)
def test_realistic_expressions_are_allowed(source: str) -> None:
    validate_expression(source)


@pytest.mark.parametrize(("source", "message"), ATTACKS, ids=[a[0][:40] for a in ATTACKS])
def test_attacks_and_mistakes_are_rejected_with_a_precise_message(
    source: str, message: str
) -> None:
    with pytest.raises(ExpressionError, match=r"^compute: ") as caught:
        validate_expression(source)
    assert message in str(caught.value)


def test_messages_name_line_and_column_of_multiline_expressions() -> None:
    with pytest.raises(ExpressionError) as caught:
        validate_expression("(a,\n b.__c)")
    assert "(line 2, column 2)" in str(caught.value)


def test_columns_count_characters_not_bytes() -> None:
    with pytest.raises(ExpressionError) as caught:
        validate_expression("'é' + open(1)")
    assert "(column 7)" in str(caught.value)


def test_format_is_neither_a_builtin_nor_a_method() -> None:
    assert "format" not in ALLOWED_BUILTINS
    assert "format" not in ALLOWED_METHODS
    assert not {name for name in ALLOWED_METHODS | ALLOWED_BUILTINS if name.startswith("_")}


def test_non_string_source_is_rejected() -> None:
    with pytest.raises(ExpressionError, match="must be a string"):
        validate_expression(42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- free names


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("a + b * a", ("a", "b")),
        ("sum(i.amount for i in invoices if i.due < today)", ("invoices", "today")),
        ("[x for x in x]", ("x",)),  # the first iterable is read outside the comprehension
        ("[y for x in xs for y in x]", ("xs",)),
        ("[[x for x in y] for y in [x]]", ("x",)),
        ("[x for x in xs] + [x]", ("xs", "x")),
        ("f'{a:{width}}' + b.c", ("a", "width", "b")),
        ("sorted(xs, key=len, reverse=desc)", ("xs", "desc")),
        ("date.today() - start", ("start",)),
        ("{k: v for k, v in m.items()}", ("m",)),
    ],
)
def test_free_names_in_first_appearance_order(source: str, names: tuple[str, ...]) -> None:
    assert free_names(source) == names


def test_required_imports_are_the_date_names_used() -> None:
    assert required_imports("x + 1") == ()
    assert required_imports("(date.fromisoformat(d) + timedelta(days=30)).isoformat()") == (
        ("datetime", "date"),
        ("datetime", "timedelta"),
    )
    assert required_imports("datetime.now()") == (("datetime", "datetime"),)
    # A comprehension variable called date is not the class.
    assert required_imports("[date for date in ds]") == ()


# --------------------------------------------------------------------------- renaming


@pytest.mark.parametrize(
    ("source", "mapping", "expected"),
    [
        ("a + b", {"a": "price"}, "price + b"),
        (
            "sum(p.price for p in products if p.price < limit)",
            {"products": "items", "p": "q", "price": "cost", "limit": "budget"},
            "sum(p.price for p in items if p.price < budget)",
        ),
        ("[x for x in x] + [x]", {"x": "xs"}, "[x for x in xs] + [xs]"),
        ("[x for x in xs if x > 0]", {"x": "y", "xs": "values"}, "[x for x in values if x > 0]"),
        ("sorted(a, key=len, reverse=key)", {"key": "desc"}, "sorted(a, key=len, reverse=desc)"),
        ("f'{a:{w}} {a!r}'", {"a": "amount", "w": "width"}, "f'{amount:{width}} {amount!r}'"),
        ("order.total  +  fee # why", {"order": "o", "total": "t"}, "o.total  +  fee # why"),
        ("(a,\n  b)", {"a": "b", "b": "a"}, "(b,\n  a)"),
        ("len(a)", {"len": "size"}, "len(a)"),
    ],
)
def test_rename_touches_free_variables_only_and_keeps_the_text(
    source: str, mapping: dict[str, str], expected: str
) -> None:
    renamed = rename_expression(source, mapping)
    assert renamed == expected
    validate_expression(renamed)


def test_rename_without_changes_returns_the_source() -> None:
    assert rename_expression("a + 1", {"zzz": "y"}) == "a + 1"


@pytest.mark.parametrize(
    ("source", "mapping", "message"),
    [
        ("[y + x for y in ys]", {"x": "y"}, "would capture it"),
        ("a + b", {"a": "b"}, "would merge the variables 'a' and 'b'"),
        ("a", {"a": "1st"}, "not a valid Python variable name"),
        ("a", {"a": "class"}, "not a valid Python variable name"),
        ("a", {"a": "_hidden"}, "reserved"),
        ("a", {"a": "sum"}, "reserved"),
        ("a", {"a": "eval"}, "reserved"),
    ],
)
def test_rename_refuses_to_change_the_meaning(
    source: str, mapping: dict[str, str], message: str
) -> None:
    with pytest.raises(ExpressionError, match=message):
        rename_expression(source, mapping)


@pytest.mark.parametrize("source", REALISTIC)
def test_renaming_every_free_name_agrees_with_free_names(source: str) -> None:
    names = free_names(source)
    mapping = {name: f"v_{name}" for name in names}
    renamed = rename_expression(source, mapping)
    assert free_names(renamed) == tuple(mapping[name] for name in names)
