"""Evaluate ``compute`` expressions: an interpreter for the language of :mod:`compiler.expr`.

The text comes from the model, so it never reaches ``eval``/``exec``/``compile``. Instead
:func:`evaluate` validates it, turns the syntax tree into a tree of small Python closures (one per
node, cached per source text) and runs those. Each closure does what Python does for its node,
so a result equals what the generated recipe, which runs the same text as plain Python, computes.

Limits, all raising :class:`~runtime.errors.ExpressionEvalError`:

- a wall-clock deadline (``time_limit_s``), checked before every call and every few loop
  iterations, including iterations that builtins such as ``sum`` or ``list`` drive over lazy
  iterables (ranges, ``map``/``zip`` objects, generators);
- ``max_result_items``: most items one operation may produce from a lazy source or a
  comprehension (``list(range(10**12))``, ``[0] * 10**9``);
- :data:`MAX_STRING_CHARS` for strings made by repetition, padding or format widths, and
  :data:`MAX_INT_BITS` for integers made by ``*`` and ``**``;
- a budget of :data:`BUDGET_FACTOR` times those caps for everything one evaluation allocates,
  so nesting cannot multiply what a single operation may build.
"""

from __future__ import annotations

import ast
import builtins
import functools
import math
import operator
import re
import sys
import time
import types
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

from compiler.expr import ALLOWED_BUILTINS, ALLOWED_METHODS, parse_expression
from runtime.errors import ExpressionEvalError

__all__ = [
    "BUDGET_FACTOR",
    "MAX_INT_BITS",
    "MAX_STRING_CHARS",
    "evaluate",
]

MAX_STRING_CHARS: int = 1_000_000
"""Longest string one repetition, padding or format width may produce."""

MAX_INT_BITS: int = 1_000_000
"""Largest integer (in bits) that ``*`` or ``**`` may produce."""

BUDGET_FACTOR: int = 100
"""One evaluation may allocate this many times ``max_result_items`` items (and
:data:`MAX_STRING_CHARS` characters) in total."""

_MAX_ROUND_DIGITS = 100_000
_TICK_EVERY = 256  # items a builtin pulls from a lazy iterable between deadline checks
_TICK_LOOP = 8  # comprehension iterations between deadline checks (bodies check on calls too)

_Frames = tuple[Mapping[str, Any], ...]
"""The variables, then one dict per enclosing comprehension (its loop variables)."""


def evaluate(
    source: str,
    variables: Mapping[str, Any],
    *,
    time_limit_s: float = 1.0,
    max_result_items: int = 100_000,
) -> Any:
    """Evaluate the ``compute`` expression ``source`` over ``variables`` and return its value.

    Raises :class:`~compiler.errors.ExpressionError` if ``source`` is not allowed, and
    :class:`~runtime.errors.ExpressionEvalError` if evaluating it fails, takes longer than
    ``time_limit_s`` or would build something larger than the limits allow.
    """
    program = _compile(source)
    shadowed = [name for name in program.builtins if name in variables]
    if shadowed:
        raise ExpressionEvalError(
            f"compute: the variable {shadowed[0]!r} hides the builtin {shadowed[0]}() this "
            f"expression uses; rename the variable."
        )
    ctx = _Context(variables, time_limit_s, max_result_items)
    try:
        return program.code(ctx, (variables,))
    except ExpressionEvalError:
        raise
    except Exception as exc:
        raise ExpressionEvalError(f"compute: {type(exc).__name__}: {exc}") from exc
    finally:
        # A lazy result (a generator) may be consumed later, by other code: the deadline
        # belonged to this call only.
        ctx.deadline = math.inf


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


def _get_attribute(ctx: _Context, value: Any, name: str) -> Any:
    result = getattr(value, name)
    if type(result) in _PLAIN_VALUES:
        return result
    if isinstance(result, _UNSAFE_VALUES):
        raise ExpressionEvalError(f"compute: the attribute {name!r} exposes interpreter internals.")
    if callable(result):
        if name not in ALLOWED_METHODS:
            raise ExpressionEvalError(
                f"compute: {type(value).__name__}.{name} is a function or class; only the "
                f"allowed methods may be used as values."
            )
        return _method_value(ctx, value, name, result)
    return result


# --------------------------------------------------------------------------- compilation

_Code = Callable[[_Context, _Frames], Any]


@dataclass(frozen=True)
class _Program:
    code: _Code
    builtins: frozenset[str]
    """Builtin names the expression reads (a variable of that name would hide them)."""


@functools.lru_cache(maxsize=1024)
def _compile(source: str) -> _Program:
    tree = parse_expression(source)
    compiler = _Compiler()
    return _Program(compiler.compile(tree.body), frozenset(compiler.builtins))


@dataclass
class _Generator:
    name: str | None
    """The loop variable, when the target is a plain name (the common, faster case)."""
    assign: Callable[[dict[str, Any], Any], None]
    iterable: _Code
    conditions: tuple[_Code, ...]


class _Compiler:
    """Turns a validated syntax tree into closures ``code(ctx, frames) -> value``."""

    def __init__(self) -> None:
        # Loop-variable names of each enclosing comprehension; frames[i + 1] holds scopes[i].
        self.scopes: list[frozenset[str]] = []
        self.builtins: set[str] = set()

    def compile(self, node: ast.AST) -> _Code:
        return _DISPATCH[type(node)](self, node)

    def compile_all(self, nodes: Iterable[ast.AST]) -> tuple[_Code, ...]:
        return tuple(self.compile(node) for node in nodes)

    # ---------------------------------------------------------------- leaves and names

    def constant(self, node: ast.Constant) -> _Code:
        value = node.value
        return lambda ctx, frames: value

    def name(self, node: ast.Name) -> _Code:
        name = node.id
        levels = [index + 1 for index, scope in enumerate(self.scopes) if name in scope]
        if levels:
            return _local_loader(name, levels[-1])
        if name in ALLOWED_BUILTINS:
            self.builtins.add(name)
            return lambda ctx, frames: ctx.builtin_value(name)

        def load_variable(ctx: _Context, frames: _Frames) -> Any:
            try:
                return frames[0][name]
            except KeyError:
                available = ", ".join(list(ctx.variables)[:50]) or "(none)"
                raise ExpressionEvalError(
                    f"compute: name {name!r} is not defined; variables available: {available}"
                ) from None

        return load_variable

    def receiver(self, node: ast.expr) -> _Code:
        """Compile the object left of a dot: a builtin class there is the real one
        (``str.upper``, ``date.fromisoformat``), not the guarded callable a value read gives."""
        if (
            isinstance(node, ast.Name)
            and node.id in ALLOWED_BUILTINS
            and not any(node.id in scope for scope in self.scopes)
        ):
            self.builtins.add(node.id)
            real = _REAL_BUILTINS[node.id]
            return lambda ctx, frames: real
        return self.compile(node)

    def attribute(self, node: ast.Attribute) -> _Code:
        value, name = self.receiver(node.value), node.attr
        return lambda ctx, frames: _get_attribute(ctx, value(ctx, frames), name)

    def subscript(self, node: ast.Subscript) -> _Code:
        value, index = self.compile(node.value), self.compile(node.slice)
        return lambda ctx, frames: value(ctx, frames)[index(ctx, frames)]

    def slice(self, node: ast.Slice) -> _Code:
        parts = tuple(
            self.compile(part) if part is not None else None
            for part in (node.lower, node.upper, node.step)
        )
        lower, upper, step = (
            part if part is not None else (lambda ctx, frames: None) for part in parts
        )
        return lambda ctx, frames: slice(lower(ctx, frames), upper(ctx, frames), step(ctx, frames))

    # ---------------------------------------------------------------- operators

    def binop(self, node: ast.BinOp) -> _Code:
        left, right = self.compile(node.left), self.compile(node.right)
        plain = _PLAIN_BINARY.get(type(node.op))
        if plain is not None:
            return lambda ctx, frames: plain(left(ctx, frames), right(ctx, frames))
        guarded = _GUARDED_BINARY[type(node.op)]
        if isinstance(node.right, ast.Constant):  # x % 3, n * 2: the common, faster case
            constant = node.right.value
            return lambda ctx, frames: guarded(ctx, left(ctx, frames), constant)
        return lambda ctx, frames: guarded(ctx, left(ctx, frames), right(ctx, frames))

    def unaryop(self, node: ast.UnaryOp) -> _Code:
        operand, op = self.compile(node.operand), _UNARY[type(node.op)]
        return lambda ctx, frames: op(operand(ctx, frames))

    def boolop(self, node: ast.BoolOp) -> _Code:
        values = self.compile_all(node.values)
        if isinstance(node.op, ast.And):

            def all_true(ctx: _Context, frames: _Frames) -> Any:
                for code in values:
                    result = code(ctx, frames)
                    if not result:
                        return result
                return result

            return all_true

        def any_true(ctx: _Context, frames: _Frames) -> Any:
            for code in values:
                result = code(ctx, frames)
                if result:
                    return result
            return result

        return any_true

    def compare(self, node: ast.Compare) -> _Code:
        left = self.compile(node.left)
        steps = tuple(
            (_COMPARE[type(op)], self.compile(comparator))
            for op, comparator in zip(node.ops, node.comparators, strict=True)
        )
        if len(steps) == 1:
            ((op, right),) = steps
            return lambda ctx, frames: op(ctx, left(ctx, frames), right(ctx, frames))

        def chain(ctx: _Context, frames: _Frames) -> Any:
            current = left(ctx, frames)
            for op, right in steps:
                following = right(ctx, frames)
                result = op(ctx, current, following)
                if not result:
                    return result
                current = following
            return result

        return chain

    def ifexp(self, node: ast.IfExp) -> _Code:
        test, body, orelse = self.compile_all((node.test, node.body, node.orelse))
        return lambda ctx, frames: body(ctx, frames) if test(ctx, frames) else orelse(ctx, frames)

    # ---------------------------------------------------------------- literals

    def _elements(self, elements: list[ast.expr]) -> Callable[[_Context, _Frames], list[Any]]:
        if not any(isinstance(element, ast.Starred) for element in elements):
            codes = self.compile_all(elements)
            return lambda ctx, frames: [code(ctx, frames) for code in codes]
        parts = tuple(
            (
                (True, self.compile(element.value))
                if isinstance(element, ast.Starred)
                else (False, self.compile(element))
            )
            for element in elements
        )

        def build(ctx: _Context, frames: _Frames) -> list[Any]:
            result: list[Any] = []
            for starred, code in parts:
                if starred:
                    result.extend(_materializable(ctx, code(ctx, frames)))
                    if len(result) > ctx.max_items:
                        raise ctx.too_many()
                else:
                    result.append(code(ctx, frames))
            ctx.charge_items(len(result))
            return result

        return build

    def _fixed_tuple(
        self, elements: list[ast.expr]
    ) -> Callable[[_Context, _Frames], tuple[Any, ...]]:
        """A tuple of the values of ``elements`` (none starred); unrolled when short."""
        codes = self.compile_all(elements)
        if not codes:
            return lambda ctx, frames: ()
        if len(codes) == 1:
            (first,) = codes
            return lambda ctx, frames: (first(ctx, frames),)
        if len(codes) == 2:
            first, second = codes
            return lambda ctx, frames: (first(ctx, frames), second(ctx, frames))
        return lambda ctx, frames: tuple([code(ctx, frames) for code in codes])

    def tuple_(self, node: ast.Tuple) -> _Code:
        if not any(isinstance(element, ast.Starred) for element in node.elts):
            return self._fixed_tuple(node.elts)
        elements = self._elements(node.elts)
        return lambda ctx, frames: tuple(elements(ctx, frames))

    def list_(self, node: ast.List) -> _Code:
        return self._elements(node.elts)

    def set_(self, node: ast.Set) -> _Code:
        elements = self._elements(node.elts)
        return lambda ctx, frames: set(elements(ctx, frames))

    def dict_(self, node: ast.Dict) -> _Code:
        entries = tuple(
            (self.compile(key) if key is not None else None, self.compile(value))
            for key, value in zip(node.keys, node.values, strict=True)
        )

        def build(ctx: _Context, frames: _Frames) -> dict[Any, Any]:
            result: dict[Any, Any] = {}
            for key, value in entries:
                if key is None:
                    mapping = value(ctx, frames)
                    if not hasattr(mapping, "keys"):
                        raise TypeError(f"'{type(mapping).__name__}' object is not a mapping")
                    result.update(mapping)
                    ctx.charge_items(len(mapping))
                else:
                    result[key(ctx, frames)] = value(ctx, frames)
            return result

        return build

    def joinedstr(self, node: ast.JoinedStr) -> _Code:
        parts = self.compile_all(node.values)

        def join(ctx: _Context, frames: _Frames) -> str:
            pieces = [part(ctx, frames) for part in parts]
            ctx.charge_chars(sum(map(len, pieces)))
            return "".join(pieces)

        return join

    def formattedvalue(self, node: ast.FormattedValue) -> _Code:
        value = self.compile(node.value)
        convert: Callable[[Any], Any] | None = {-1: None, 115: str, 114: repr, 97: ascii}[
            node.conversion
        ]
        spec = self.compile(node.format_spec) if node.format_spec is not None else None

        def format_value(ctx: _Context, frames: _Frames) -> str:
            result = value(ctx, frames)
            if convert is not None:
                result = convert(result)
            if spec is None:
                return format(result)
            text = spec(ctx, frames)
            for width in _DIGITS.findall(text):
                _check_width(width)
            return format(result, text)

        return format_value

    # ---------------------------------------------------------------- calls

    def _arguments(
        self, node: ast.Call
    ) -> Callable[[_Context, _Frames], tuple[tuple[Any, ...], dict[str, Any]]]:
        simple = not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)
        if simple:
            values = self._fixed_tuple(node.args)
            return lambda ctx, frames: (values(ctx, frames), {})
        positional = self._elements(node.args)
        keywords = tuple((kw.arg, self.compile(kw.value)) for kw in node.keywords)

        def arguments(ctx: _Context, frames: _Frames) -> tuple[tuple[Any, ...], dict[str, Any]]:
            args = tuple(positional(ctx, frames))
            kwargs: dict[str, Any] = {}
            for name, code in keywords:
                value = code(ctx, frames)
                pairs = [(name, value)] if name is not None else _keyword_pairs(value)
                for key, item in pairs:
                    if key in kwargs:
                        raise TypeError(f"got multiple values for keyword argument '{key}'")
                    kwargs[key] = item
            return args, kwargs

        return arguments

    def call(self, node: ast.Call) -> _Code:
        arguments = self._arguments(node)
        func = node.func
        if isinstance(func, ast.Name):
            self.builtins.add(func.id)
            impl = _BUILTIN_IMPLS[func.id]

            def call_builtin(ctx: _Context, frames: _Frames) -> Any:
                args, kwargs = arguments(ctx, frames)
                ctx.tick()
                return impl(ctx, args, kwargs)

            return call_builtin

        assert isinstance(func, ast.Attribute)  # the only other callee the validator allows
        receiver_code, name = self.receiver(func.value), func.attr
        guarded = name in _GUARDED_METHODS

        def call_method(ctx: _Context, frames: _Frames) -> Any:
            receiver = receiver_code(ctx, frames)
            method = getattr(receiver, name)
            args, kwargs = arguments(ctx, frames)
            ctx.tick()
            if guarded:
                args = _guard_method(ctx, receiver, name, args)
            result = method(*args, **kwargs)
            if type(receiver) in (str, bytes) and type(result) in (str, bytes, list):
                ctx.charge(result, len(result))
            return result

        return call_method

    # ---------------------------------------------------------------- comprehensions

    def _generators(self, generators: list[ast.comprehension]) -> tuple[_Code, list[_Generator]]:
        """Compile the clauses; leaves the comprehension's scope pushed (pop it after)."""
        first = self.compile(generators[0].iter)  # evaluated in the enclosing scope
        targets: set[str] = set()
        for generator in generators:
            targets |= _target_names(generator.target)
        self.scopes.append(frozenset(targets))
        compiled = [
            _Generator(
                name=generator.target.id if isinstance(generator.target, ast.Name) else None,
                assign=_assigner(generator.target),
                iterable=self.compile(generator.iter),
                conditions=self.compile_all(generator.ifs),
            )
            for generator in generators
        ]
        return first, compiled

    def comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp) -> _Code:
        first, generators = self._generators(node.generators)
        if isinstance(node, ast.DictComp):
            key, value = self.compile(node.key), self.compile(node.value)
        else:
            element = self.compile(node.elt)
        self.scopes.pop()
        kind = type(node)

        def comprehension(ctx: _Context, frames: _Frames) -> Any:
            iterator = iter(first(ctx, frames))
            local: dict[str, Any] = {}
            inner = (*frames, local)
            limit = ctx.max_items
            result: Any
            if kind is ast.DictComp:
                result = {}
                for _ in _bindings(ctx, inner, local, generators, 0, iterator):
                    result[key(ctx, inner)] = value(ctx, inner)
                    if len(result) > limit:
                        raise ctx.too_many()
            else:
                result = [] if kind is ast.ListComp else set()
                add = result.append if kind is ast.ListComp else result.add
                for _ in _bindings(ctx, inner, local, generators, 0, iterator):
                    add(element(ctx, inner))
                    if len(result) > limit:
                        raise ctx.too_many()
            ctx.charge_items(len(result))
            return result

        return comprehension

    def generatorexp(self, node: ast.GeneratorExp) -> _Code:
        first, generators = self._generators(node.generators)
        element = self.compile(node.elt)
        self.scopes.pop()

        def run(ctx: _Context, frames: _Frames, iterator: Iterator[Any]) -> Iterator[Any]:
            local: dict[str, Any] = {}
            inner = (*frames, local)
            for _ in _bindings(ctx, inner, local, generators, 0, iterator):
                yield element(ctx, inner)

        # Like Python, evaluate and iter() the first iterable now, the rest lazily.
        return lambda ctx, frames: run(ctx, frames, iter(first(ctx, frames)))


def _local_loader(name: str, level: int) -> _Code:
    def load_local(ctx: _Context, frames: _Frames) -> Any:
        try:
            return frames[level][name]
        except KeyError:
            raise ExpressionEvalError(
                f"compute: NameError: cannot access the comprehension variable {name!r} "
                f"before it is bound."
            ) from None

    return load_local


def _keyword_pairs(mapping: Any) -> list[tuple[str, Any]]:
    if not hasattr(mapping, "keys"):
        raise TypeError(f"argument after ** must be a mapping, not {type(mapping).__name__}")
    pairs = []
    for key in mapping.keys():  # noqa: SIM118 - what Python's ** calls
        if not isinstance(key, str):
            raise TypeError("keywords must be strings")
        pairs.append((key, mapping[key]))
    return pairs


def _bindings(
    ctx: _Context,
    frames: _Frames,
    local: dict[str, Any],
    generators: list[_Generator],
    index: int,
    iterator: Iterator[Any],
) -> Iterator[None]:
    """Bind the loop variables for each iteration that passes every ``if``; yield each time."""
    generator = generators[index]
    name, assign, conditions = generator.name, generator.assign, generator.conditions
    last = index == len(generators) - 1
    for count, item in enumerate(iterator):
        if not count % _TICK_LOOP:
            ctx.tick()
        if name is not None:
            local[name] = item
        else:
            assign(local, item)
        for condition in conditions:
            if not condition(ctx, frames):
                break
        else:
            if last:
                yield None
            else:
                nested = iter(generators[index + 1].iterable(ctx, frames))
                yield from _bindings(ctx, frames, local, generators, index + 1, nested)


def _target_names(target: ast.expr) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    assert isinstance(target, ast.Tuple | ast.List)
    names: set[str] = set()
    for element in target.elts:
        names |= _target_names(element)
    return names


def _assigner(target: ast.expr) -> Callable[[dict[str, Any], Any], None]:
    if isinstance(target, ast.Name):
        name = target.id

        def assign_name(local: dict[str, Any], value: Any) -> None:
            local[name] = value

        return assign_name
    assert isinstance(target, ast.Tuple | ast.List)
    parts = tuple(_assigner(element) for element in target.elts)
    count = len(parts)

    def assign_unpacked(local: dict[str, Any], value: Any) -> None:
        if type(value) is tuple and len(value) == count:
            values: Any = value
        else:
            values = list(islice(iter(value), count + 1))
            if len(values) < count:
                raise ValueError(
                    f"not enough values to unpack (expected {count}, got {len(values)})"
                )
            if len(values) > count:
                raise ValueError(f"too many values to unpack (expected {count})")
        for part, item in zip(parts, values, strict=True):
            part(local, item)

    return assign_unpacked


_DISPATCH: dict[type[ast.AST], Callable[[_Compiler, Any], _Code]] = {
    ast.Attribute: _Compiler.attribute,
    ast.BinOp: _Compiler.binop,
    ast.BoolOp: _Compiler.boolop,
    ast.Call: _Compiler.call,
    ast.Compare: _Compiler.compare,
    ast.Constant: _Compiler.constant,
    ast.Dict: _Compiler.dict_,
    ast.DictComp: _Compiler.comprehension,
    ast.FormattedValue: _Compiler.formattedvalue,
    ast.GeneratorExp: _Compiler.generatorexp,
    ast.IfExp: _Compiler.ifexp,
    ast.JoinedStr: _Compiler.joinedstr,
    ast.List: _Compiler.list_,
    ast.ListComp: _Compiler.comprehension,
    ast.Name: _Compiler.name,
    ast.Set: _Compiler.set_,
    ast.SetComp: _Compiler.comprehension,
    ast.Slice: _Compiler.slice,
    ast.Subscript: _Compiler.subscript,
    ast.Tuple: _Compiler.tuple_,
    ast.UnaryOp: _Compiler.unaryop,
}
