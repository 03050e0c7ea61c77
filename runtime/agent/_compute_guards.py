"""Guards of the ``compute`` interpreter: the evaluation context with its deadline and
budgets, iteration caps, size-checked operators, and the allowed builtins and methods.

Split from :mod:`runtime.agent.compute`, which compiles expressions into closures that call these.
"""

from __future__ import annotations

import ast
import builtins
import math
import operator
import re
import sys
import time
import types
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from compiler.expr import ALLOWED_BUILTINS
from runtime.agent._compute_receivers import (
    allowed_method,
    field_reader,
    is_allowed_method,
    read_field,
)
from runtime.errors import ExpressionEvalError

MAX_STRING_CHARS: int = 1_000_000
"""Longest string one repetition, padding or format width may produce."""

MAX_INT_BITS: int = 1_000_000
"""Largest integer (in bits) that ``*`` or ``**`` may produce."""

BUDGET_FACTOR: int = 100
"""One evaluation may allocate this many times ``max_result_items`` items (and
:data:`MAX_STRING_CHARS` characters) in total."""

_MAX_ROUND_DIGITS = 100_000
_TICK_EVERY = 256  # items a builtin pulls from a lazy iterable between deadline checks

# --------------------------------------------------------------------------- context


class _Context:
    """Per-call state: the deadline, the caps and what is left of the allocation budget."""

    __slots__ = (
        "builtin_values",
        "chars_left",
        "deadline",
        "items_left",
        "max_items",
        "time_limit_s",
        "variables",
    )

    def __init__(
        self, variables: Mapping[str, Any], time_limit_s: float, max_result_items: int
    ) -> None:
        self.variables = variables
        self.time_limit_s = time_limit_s
        self.deadline = time.monotonic() + time_limit_s
        self.max_items = max_result_items
        self.items_left = BUDGET_FACTOR * max_result_items
        self.chars_left = BUDGET_FACTOR * MAX_STRING_CHARS
        self.builtin_values: dict[str, Any] = {}

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise ExpressionEvalError(
                f"compute: time limit of {self.time_limit_s} s exceeded; simplify the "
                f"expression or split it into several steps."
            )

    def too_many(self) -> ExpressionEvalError:
        return ExpressionEvalError(
            f"compute: the result would hold more than {self.max_items} items "
            f"(max_result_items={self.max_items})."
        )

    def charge_items(self, count: int) -> None:
        self.items_left -= count
        if self.items_left < 0:
            raise ExpressionEvalError(
                f"compute: the expression builds more than "
                f"{BUDGET_FACTOR * self.max_items} items in total; split it into several steps."
            )

    def charge_chars(self, count: int) -> None:
        self.chars_left -= count
        if self.chars_left < 0:
            raise ExpressionEvalError(
                f"compute: the expression builds more than {BUDGET_FACTOR * MAX_STRING_CHARS} "
                f"characters in total; split it into several steps."
            )

    def charge(self, value: Any, count: int) -> None:
        if isinstance(value, str | bytes):
            self.charge_chars(count)
        else:
            self.charge_items(count)

    def builtin_value(self, name: str) -> Any:
        """The builtin ``name`` read as a value (``key=len``), guarded like a call would be."""
        if name in _PLAIN_BUILTINS:
            return _PLAIN_BUILTINS[name]
        cached = self.builtin_values.get(name)
        if cached is None:
            impl = _GUARDED_BUILTINS[name]

            def guarded(*args: Any, **kwargs: Any) -> Any:
                return impl(self, args, kwargs)

            guarded.__name__ = guarded.__qualname__ = name
            cached = self.builtin_values[name] = guarded
        return cached


def _string_too_long() -> ExpressionEvalError:
    return ExpressionEvalError(
        f"compute: the result would be longer than {MAX_STRING_CHARS} characters."
    )


def _int_too_big() -> ExpressionEvalError:
    return ExpressionEvalError(f"compute: the integer result would exceed {MAX_INT_BITS} bits.")


# --------------------------------------------------------------------------- iteration guards

_IN_MEMORY: frozenset[type] = frozenset(
    {
        list,
        tuple,
        str,
        bytes,
        bytearray,
        dict,
        set,
        frozenset,
        type({}.keys()),
        type({}.values()),
        type({}.items()),
    }
)
_SEQUENCES = (str, bytes, list, tuple)


def _range_len(value: range) -> int:
    try:
        return len(value)
    except OverflowError:
        return sys.maxsize


def _timed(ctx: _Context, iterable: Iterable[Any]) -> Iterator[Any]:
    """Yield from ``iterable``, checking the deadline: for builtins that loop in C."""
    for count, item in enumerate(iterable, 1):
        if not count % _TICK_EVERY:
            ctx.tick()
        yield item


def _capped(ctx: _Context, iterable: Iterable[Any]) -> Iterator[Any]:
    """Like :func:`_timed`, and fail once more than ``max_result_items`` items came."""
    limit = ctx.max_items
    for count, item in enumerate(iterable, 1):
        if count > limit:
            raise ctx.too_many()
        if not count % _TICK_EVERY:
            ctx.tick()
        yield item


def _reducible(ctx: _Context, value: Any) -> Any:
    """``value`` for a builtin that consumes it without keeping it (``sum``, ``any`` …)."""
    kind = type(value)
    if kind in _IN_MEMORY:
        return value
    if kind is range and _range_len(value) <= ctx.max_items:
        return value
    if kind is not range and isinstance(value, Collection):
        return value
    return _timed(ctx, value)


def _materializable(ctx: _Context, value: Any) -> Any:
    """``value`` for a builtin that builds a collection from it (``list``, ``sorted`` …)."""
    kind = type(value)
    if kind in _IN_MEMORY:
        return value
    if kind is range:
        if _range_len(value) > ctx.max_items:
            raise ctx.too_many()
        return value
    if isinstance(value, Collection):
        return value
    return _capped(ctx, value)


def _contains(ctx: _Context, item: Any, container: Any) -> bool:
    kind = type(container)
    if kind in _IN_MEMORY:
        return item in container
    if kind is range and type(item) not in (int, bool) and _range_len(container) > ctx.max_items:
        return _scan(ctx, item, container)
    if kind is range or hasattr(kind, "__contains__"):
        return item in container
    return _scan(ctx, item, container)


def _scan(ctx: _Context, item: Any, iterable: Iterable[Any]) -> bool:
    # What ``in`` does for an object without __contains__, with deadline checks.
    return any(value is item or value == item for value in _timed(ctx, iterable))


# --------------------------------------------------------------------------- operators


def _add(ctx: _Context, left: Any, right: Any) -> Any:
    kind = type(left)
    if kind in _SEQUENCES and type(right) is kind:
        ctx.charge(left, len(left) + len(right))
    return left + right


def _repeat_size(ctx: _Context, sequence: Any, times: int) -> None:
    size = len(sequence) * max(times, 0)
    if isinstance(sequence, str | bytes):
        if size > MAX_STRING_CHARS:
            raise _string_too_long()
    elif size > ctx.max_items:
        raise ctx.too_many()
    ctx.charge(sequence, size)


def _mul(ctx: _Context, left: Any, right: Any) -> Any:
    if type(left) is float or type(right) is float:
        return left * right
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _int_too_big()
    elif isinstance(left, _SEQUENCES) and isinstance(right, int):
        _repeat_size(ctx, left, right)
    elif isinstance(right, _SEQUENCES) and isinstance(left, int):
        _repeat_size(ctx, right, left)
    return left * right


def _pow(ctx: _Context, base: Any, exponent: Any) -> Any:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and exponent > 0
        and abs(base) > 1
        and (exponent > MAX_INT_BITS or exponent * math.log2(abs(base)) > MAX_INT_BITS)
    ):
        raise _int_too_big()
    return base**exponent


# %-format conversions: "%(key)flags width.precision length type"
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.S)
_DIGITS = re.compile(r"\d+")


def _check_width(text: str) -> None:
    if len(text) > 9 or int(text) > MAX_STRING_CHARS:
        raise _string_too_long()


def _mod(ctx: _Context, left: Any, right: Any) -> Any:
    if type(left) is int or type(left) is float:
        return left % right
    if isinstance(left, str | bytes):
        text = left.decode("latin-1") if isinstance(left, bytes) else left
        for match in _PERCENT_SPEC.finditer(text):
            for part in match.group(1, 2):
                if part == "*":
                    raise ExpressionEvalError(
                        "compute: '*' widths in %-formatting are not supported; write the "
                        "width as a number or use an f-string."
                    )
                if part:
                    _check_width(part)
    return left % right


# Operators that can build something much larger than their operands get a guard …
_GUARDED_BINARY: dict[type[ast.operator], Callable[[_Context, Any, Any], Any]] = {
    ast.Add: _add,
    ast.Mult: _mul,
    ast.Mod: _mod,
    ast.Pow: _pow,
}
# … the others run as they are.
_PLAIN_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Sub: operator.sub,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_,
    ast.BitXor: operator.xor,
}

_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.Not: operator.not_,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}

_COMPARE: dict[type[ast.cmpop], Callable[[_Context, Any, Any], Any]] = {
    ast.Eq: lambda ctx, a, b: a == b,
    ast.NotEq: lambda ctx, a, b: a != b,
    ast.Lt: lambda ctx, a, b: a < b,
    ast.LtE: lambda ctx, a, b: a <= b,
    ast.Gt: lambda ctx, a, b: a > b,
    ast.GtE: lambda ctx, a, b: a >= b,
    ast.Is: lambda ctx, a, b: a is b,
    ast.IsNot: lambda ctx, a, b: a is not b,
    ast.In: _contains,
    ast.NotIn: lambda ctx, a, b: not _contains(ctx, a, b),
}


# --------------------------------------------------------------------------- builtins

_PLAIN_BUILTINS: dict[str, Any] = {
    "abs": abs,
    "bool": bool,
    "date": date,
    "datetime": datetime,
    "divmod": divmod,
    "float": float,
    "int": int,
    "len": len,
    "range": range,
    "reversed": reversed,
    "timedelta": timedelta,
}

_Impl = Callable[[_Context, tuple[Any, ...], dict[str, Any]], Any]


def _materializer(function: Callable[..., Any]) -> _Impl:
    def impl(ctx: _Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if args:
            args = (_materializable(ctx, args[0]), *args[1:])
        result = function(*args, **kwargs)
        ctx.charge_items(len(result))
        return result

    return impl


def _dict(ctx: _Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if args and not hasattr(args[0], "keys"):
        args = (_materializable(ctx, args[0]), *args[1:])
    result = dict(*args, **kwargs)
    ctx.charge_items(len(result))
    return result


def _str(ctx: _Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    result = str(*args, **kwargs)
    ctx.charge_chars(len(result))
    return result


def _reducer(function: Callable[..., Any]) -> _Impl:
    def impl(ctx: _Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if len(args) == 1:
            args = (_reducible(ctx, args[0]),)
        return function(*args, **kwargs)

    return impl


def _sum(ctx: _Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if not 1 <= len(args) <= 2 or set(kwargs) - {"start"}:
        return sum(*args, **kwargs)  # let Python word the TypeError
    start = args[1] if len(args) == 2 else kwargs.get("start", 0)
    items = _reducible(ctx, args[0])
    if isinstance(start, int | float | complex | str | bytes | bytearray):
        return sum(items, start)
    # sum([[...], ...], []) copies quadratically in C; add one by one, guarded.
    total = start
    for item in items:
        ctx.tick()
        total = _add(ctx, total, item)
    return total


def _round(ctx: _Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    digits = args[1] if len(args) > 1 else kwargs.get("ndigits")
    number = args[0] if args else kwargs.get("number")
    if isinstance(number, int) and isinstance(digits, int) and digits < -_MAX_ROUND_DIGITS:
        raise _int_too_big()
    return round(*args, **kwargs)


def _lazy(function: Callable[..., Any], first: int) -> _Impl:
    """A builtin returning an iterator; positional arguments from ``first`` on are iterables."""

    def impl(ctx: _Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        guarded = tuple(
            _reducible(ctx, arg) if index >= first else arg for index, arg in enumerate(args)
        )
        return function(*guarded, **kwargs)

    return impl


def _first_only(function: Callable[..., Any]) -> _Impl:
    def impl(ctx: _Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if args:
            args = (_reducible(ctx, args[0]), *args[1:])
        return function(*args, **kwargs)

    return impl


_GUARDED_BUILTINS: dict[str, _Impl] = {
    "all": _reducer(all),
    "any": _reducer(any),
    "dict": _dict,
    "enumerate": _first_only(enumerate),
    "frozenset": _materializer(frozenset),
    "list": _materializer(list),
    "map": _lazy(map, 1),
    "max": _reducer(max),
    "min": _reducer(min),
    "round": _round,
    "set": _materializer(set),
    "sorted": _materializer(sorted),
    "str": _str,
    "sum": _sum,
    "tuple": _materializer(tuple),
    "zip": _lazy(zip, 0),
}


def _plain_impl(function: Callable[..., Any]) -> _Impl:
    return lambda ctx, args, kwargs: function(*args, **kwargs)


_REAL_BUILTINS: dict[str, Any] = {
    **_PLAIN_BUILTINS,
    **{name: getattr(builtins, name) for name in _GUARDED_BUILTINS},
}

_BUILTIN_IMPLS: dict[str, _Impl] = {
    **{name: _plain_impl(function) for name, function in _PLAIN_BUILTINS.items()},
    **_GUARDED_BUILTINS,
}
assert set(_BUILTIN_IMPLS) == ALLOWED_BUILTINS, "every allowed builtin needs an implementation"


# --------------------------------------------------------------------------- methods

_PADDING = frozenset({"center", "ljust", "rjust", "zfill"})
_GUARDED_METHODS = _PADDING | {"count", "index", "join", "replace"}
_UNSAFE_VALUES = (
    types.CodeType,
    types.FrameType,
    types.ModuleType,
    types.TracebackType,
)


def _guard_method(
    ctx: _Context, receiver: Any, name: str, args: tuple[Any, ...]
) -> tuple[Any, ...]:
    """Check a call of an amplifying method before it runs; return the arguments to use."""
    offset = 0
    if isinstance(receiver, type) and args:  # unbound: str.join(", ", items)
        receiver, offset = args[0], 1
    rest = args[offset:]
    if isinstance(receiver, str | bytes):
        if name == "join" and rest:
            items = _materializable(ctx, rest[0])
            if not isinstance(items, Collection):
                items = list(items)
            size = len(receiver) * max(len(items) - 1, 0)
            size += sum(len(item) for item in items if isinstance(item, str | bytes))
            ctx.charge_chars(size)
            return (*args[:offset], items, *rest[1:])
        if name == "replace" and len(rest) >= 2:
            old, new = rest[0], rest[1]
            if isinstance(old, str | bytes) and isinstance(new, str | bytes):
                found = receiver.count(old) if old else len(receiver) + 1  # type: ignore[arg-type]
                if len(rest) > 2 and isinstance(rest[2], int) and rest[2] >= 0:
                    found = min(found, rest[2])
                ctx.charge_chars(len(receiver) + found * max(len(new) - len(old), 0))
        elif name in _PADDING and rest and isinstance(rest[0], int):
            if rest[0] > MAX_STRING_CHARS:
                raise _string_too_long()
            ctx.charge_chars(max(rest[0], len(receiver)))
    elif (
        isinstance(receiver, range)
        and name in ("count", "index")
        and rest
        and type(rest[0]) not in (int, bool)
        and _range_len(receiver) > ctx.max_items
    ):
        raise ExpressionEvalError(
            f"compute: searching a range of more than {ctx.max_items} items for a non-integer "
            f"is not supported."
        )
    return args


def _method_value(ctx: _Context, receiver: Any, name: str, method: Any) -> Any:
    """A method read as a value (``key=str.lower``), guarded like a call would be."""
    if name not in _GUARDED_METHODS:
        return method

    def guarded(*args: Any, **kwargs: Any) -> Any:
        return method(*_guard_method(ctx, receiver, name, args), **kwargs)

    guarded.__name__ = guarded.__qualname__ = name
    return guarded


_PLAIN_VALUES: frozenset[type] = frozenset(
    {int, float, str, bool, type(None), list, dict, tuple, set, date, datetime, timedelta}
)


_AttributeReader = Callable[[_Context, Any], Any]
_ATTRIBUTES: dict[tuple[type, str], _AttributeReader] = {}
"""(class of a value, attribute) → how compute reads it: the decision depends on the class
only, and attribute reads are the hot path of comprehensions over records."""


def _reader_of(value: Any, name: str) -> _AttributeReader:
    """How compute reads ``value.name``: an allowed method of a built-in value type (as a value,
    guarded), or data (see :mod:`runtime.agent._compute_receivers`). The same for every instance of
    ``type(value)`` (cached), or for this class or module alone."""
    if isinstance(value, type | types.ModuleType):
        return _attribute_reader(value, name)
    key = (type(value), name)
    reader = _ATTRIBUTES.get(key)
    if reader is None:
        reader = _attribute_reader(value, name)
        if len(_ATTRIBUTES) < 8192:
            _ATTRIBUTES[key] = reader
    return reader


def _attribute_reader(value: Any, name: str) -> _AttributeReader:
    if is_allowed_method(value, name):
        return lambda ctx, receiver: _method_value(
            ctx, receiver, name, allowed_method(receiver, name)
        )
    if isinstance(value, type | types.ModuleType):
        return lambda ctx, receiver: _checked_value(receiver, name, read_field(receiver, name))
    read = field_reader(type(value), name)

    def read_data(ctx: _Context, receiver: Any) -> Any:
        result = read(receiver)
        if type(result) in _PLAIN_VALUES:
            return result
        return _checked_value(receiver, name, result)

    return read_data


def _checked_value(value: Any, name: str, result: Any) -> Any:
    """An attribute's value, unless it leads to internals or to code."""
    if type(result) in _PLAIN_VALUES:
        return result
    if isinstance(result, _UNSAFE_VALUES):
        raise ExpressionEvalError(f"compute: the attribute {name!r} exposes interpreter internals.")
    if callable(result):
        raise ExpressionEvalError(
            f"compute: {type(value).__name__}.{name} is a function or class; only the "
            f"allowed methods may be used as values."
        )
    return result
