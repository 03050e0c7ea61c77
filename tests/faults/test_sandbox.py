"""The compute sandbox checks the object a method is called on, not only the method's name
(issue 18, item 3): ``p.replace('moved.txt')`` must never rename a file."""

from __future__ import annotations

import enum
import os
import threading
from collections import Counter, OrderedDict, namedtuple
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel, ConfigDict, computed_field

from compiler.errors import ExpressionError
from runtime.agent.compute import evaluate
from runtime.errors import ExpressionEvalError

CALLS: list[str] = []


def refused(source: str, variables: dict[str, Any], *words: str) -> str:
    with pytest.raises(ExpressionEvalError) as caught:
        evaluate(source, variables)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    return message


# --------------------------------------------------------------------------- the probe


def test_a_path_is_never_renamed(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    p = {"p": target}
    message = refused("p.replace('moved.txt')", p, "PosixPath.replace()", "not allowed")
    assert "str, bytes, list" in message  # says where methods may be called
    for source in (
        "list(map(p.replace, ['moved.txt']))",  # the method as a value, called by a builtin
        "sorted(['moved.txt'], key=p.replace)",
        "max(['moved.txt'], key=p.replace)",
    ):
        refused(source, p, "replace")
    assert target.read_text() == "keep me" and not (tmp_path / "moved.txt").exists()
    assert not (Path.cwd() / "moved.txt").exists()


def test_an_allowed_name_on_any_other_object_is_refused() -> None:
    def spy(*args: object) -> str:
        CALLS.append("called")
        return "x"

    done = threading.Thread(target=lambda: None)
    done.start()
    cases = [
        ("ns.lower('rm -rf /')", {"ns": NS(lower=spy)}, "SimpleNamespace.lower()"),
        ("ns.lower", {"ns": NS(lower=spy)}, "SimpleNamespace.lower"),
        ("sorted(xs, key=ns.upper)", {"ns": NS(upper=spy), "xs": [1]}, "upper"),
        ("t.join()", {"t": done}, "Thread.join()"),
        ("page.title()", {"page": Page()}, "Page.title()"),
        ("page.time()", {"page": Page()}, "Page.time()"),
    ]
    for source, variables, words in cases:
        refused(source, variables, words)
    assert CALLS == [] and Page.calls == []


class Page:
    """A stand-in for an object with side effects behind innocent names (a browser page)."""

    calls: ClassVar[list[str]] = []

    def title(self) -> str:
        self.calls.append("title")
        return "t"

    def time(self) -> float:
        self.calls.append("time")
        return 0.0


# --------------------------------------------------------------------------- subclasses


class LoudStr(str):
    def lower(self) -> str:  # type: ignore[override]
        CALLS.append("lower")
        return str.lower(self)


class LoudDict(dict[str, Any]):
    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        CALLS.append("get")
        return super().get(key, default)


class Color(enum.StrEnum):
    RED = "Red"


def test_a_subclass_that_redefines_a_method_is_refused() -> None:
    refused("s.lower()", {"s": LoudStr("ABC")}, "LoudStr.lower()", "redefines the str method")
    refused("d.get('k')", {"d": LoudDict(k=1)}, "LoudDict.get()", "redefines the dict method")
    assert CALLS == []
    # subclasses that keep the built-in methods work as the built-in types do
    assert evaluate("c.lower(), c.value, c.name", {"c": Color.RED}) == ("red", "Red", "RED")
    assert evaluate("o.get('a'), list(o.items())", {"o": OrderedDict(a=1)}) == (1, [("a", 1)])
    assert evaluate("c.get('a', 0)", {"c": Counter("aab")}) == 2


# --------------------------------------------------------------------------- attributes


class Product(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    price: float

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        return f"{self.name} ({self.price})"

    @property
    def stock(self) -> int:
        CALLS.append("stock")
        return 1


@dataclass
class Invoice:
    number: str
    amount: float

    def title(self) -> str:
        CALLS.append("title")
        return self.number


Point = namedtuple("Point", "x y")


class Sensor:
    def __init__(self) -> None:
        self.reading = 3.5

    @property
    def live(self) -> float:
        CALLS.append("live")
        return 0.0


def test_attribute_reads_are_data_fields_only() -> None:
    product = Product(name="kettle", price=29.0, colour="red")
    assert evaluate("p.name, p.price, p.label, p.colour", {"p": product}) == (
        "kettle",
        29.0,
        "kettle (29.0)",
        "red",
    )
    refused("p.stock", {"p": product}, "Product.stock cannot be read", "property")
    refused("p.model_dump", {"p": product}, "Product.model_dump is a function")
    refused("p.model_fields", {"p": product}, "Product.model_fields")
    assert evaluate("i.number, i.amount", {"i": Invoice("A-1", 5.0)}) == ("A-1", 5.0)
    refused("i.title()", {"i": Invoice("A-1", 5.0)}, "Invoice.title()", "not allowed")
    assert evaluate("pt.x + pt.y, pt.count(1)", {"pt": Point(1, 2)}) == (3, 1)
    assert evaluate("s.reading", {"s": Sensor()}) == 3.5
    refused("s.live", {"s": Sensor()}, "Sensor.live cannot be read")
    assert CALLS == []


def test_a_missing_attribute_says_what_there_is() -> None:
    refused("p.nme", {"p": Product(name="a", price=1.0)}, "no attribute 'nme'", "name, price")
    refused("row.sku", {"row": {"sku": "K1"}}, "no attribute 'sku'", "['sku']")
    refused("n.missing", {"n": 1}, "AttributeError: 'int' object has no attribute 'missing'")


def test_the_built_in_value_types_keep_their_methods_and_attributes() -> None:
    variables = {
        "s": "Ada Lovelace",
        "xs": [3, 1, 3],
        "d": {"k": 1},
        "when": datetime(2024, 2, 29, 12, 30),
        "day": date(2024, 1, 31),
        "span": timedelta(days=2),
        "blob": b"a,b",
    }
    assert evaluate(
        "s.lower().split(), xs.count(3), d.get('k'), sorted(d.items()), when.year, "
        "when.replace(year=2028).isoformat(), day.weekday(), span.total_seconds(), "
        "span.days, blob.split(b','), str.join('-', ['a', 'b']), date.fromisoformat("
        "'2024-03-01').day, (1, 2).index(2), range(5).count(2), list(map(str.upper, ['a']))",
        variables,
    ) == (
        ["ada", "lovelace"],
        2,
        1,
        [("k", 1)],
        2024,
        "2028-02-29T12:30:00",
        2,
        172800.0,
        2,
        [b"a", b"b"],
        "a-b",
        1,
        1,
        1,
        ["A"],
    )


def test_an_allowed_name_missing_on_a_built_in_type_reads_like_python() -> None:
    refused("xs.lower()", {"xs": [1]}, "AttributeError: 'list' object has no attribute 'lower'")
    refused("d.split()", {"d": {}}, "'dict' object has no attribute 'split'")
    refused("n.upper()", {"n": 1}, "'int' object has no attribute 'upper'")


def test_names_outside_the_allow_list_still_fail_validation(tmp_path: Path) -> None:
    for source in ("p.rename('x')", "p.unlink()", "p.write_text('x')", "os.system('true')"):
        with pytest.raises(ExpressionError):
            evaluate(source, {"p": tmp_path, "os": os})
