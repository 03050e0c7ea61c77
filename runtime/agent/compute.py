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

Why not ``simpleeval`` (issue 19, item 6; measured with simpleeval 1.0.8): its
``EvalWithCompoundTypes`` was run behind :func:`compiler.expr.parse_expression` (our allow-list
first, the allowed builtins as its functions), once alone and once with this package's receiver
checks (:func:`~runtime.agent._compute_receivers.allowed_method` and ``read_field``) hooked
into its attribute and call nodes, against ``tests/faults/test_sandbox.py`` and
``tests/compute/`` — each limit case in its own process with 3 GB of address space and 20 s:

- **Resource limits: 0 of the 25 limit cases pass.** It has no deadline, and the loops that
  builtins drive run in C, so 8 never returned within 20 s: ``sum(range(10**12))``,
  ``'a' in range(10**12)``, ``'a' in map(str, range(10**12))``, ``max(zip(range(10**12)))``,
  ``set(enumerate(range(10**12)))``, ``range(10**12).count('a')``, ``round(5, -10**9)`` and the
  nested ``[[0] * 100000 for _ in range(100000)]``. 4 allocate until memory runs out
  (``list(range(10**12))``, ``sorted(range(10**12))``, ``[*range(10**12)]``,
  ``list(map('x'.rjust, [10**9]))``; without the address-space cap the first trial asked the
  kernel for 8 TB and was killed). 5 return what our caps refuse: ``'x'.zfill(10**9)`` (a 1 GB
  string), ``'%1000000000d' % 1``, ``'%*d' % (10**9, 1)``, ``sum([[0] * 1000] * 1000, [])``
  (10**6 items), ``(9 ** 300000) * (9 ** 300000)`` (572,545 digits: it caps ``**``, not ``*``).
  The other 8 are refused by its own caps, with different messages: ``'a' * 10**10``,
  ``[0] * 10**9``, ``10 ** 10**10``, ``f'{1:>1000000000}'`` (after building the 1 GB string),
  and four comprehensions stopped by ``MAX_COMPREHENSION_LENGTH``, a module global of 10,000
  iterations per evaluation: lower than our 100,000, not settable per call
  (``test_max_result_items_is_configurable`` fails), and it would refuse
  ``sum(i.amount for i in invoices)`` over 10,001 invoices.
- **Per-type method lists: alone, 6 of 8 sandbox tests fail.** It checks attribute *names*
  (``_`` prefixes, ``format``, ``mro``), not receivers: ``p.replace('moved.txt')`` on a
  ``Path`` renamed the test's file into the working directory. Its opt-in ``allowed_attrs`` is
  keyed by exact type, so it cannot say "the fields of any pydantic model or dataclass" or
  "a ``StrEnum``/``OrderedDict``/``Counter`` keeps the built-in methods it does not redefine".
  With our receiver checks hooked in, 7 of 8 pass; a function held by an object and read as a
  value still runs: ``sorted(xs, key=ns.upper)`` on a ``SimpleNamespace`` called it (refusing
  function values is :mod:`._compute_guards`' work).
- **Python semantics: 14 of the other 224 compute tests fail** (with our receiver checks; the
  property tests pass): no set comprehensions and no ``*`` unpacking in literals or calls
  (``FeatureNotAvailable: SetComp``, ``Starred``); generator expressions built eagerly as lists
  (late binding gives ``[[1], [2]]`` where Python gives ``[[2], [2]]``); f-string conversions
  dropped (``{name!r:>16}`` shows no quotes, ``{n!s:{n}}`` aligns a number, not a string);
  tuple targets unpacked with ``zip`` (``[a for a, b in [(1, 2, 3)]]`` returns where Python
  raises); a variable that hides a builtin and ``str.format`` read as a value go through;
  ``{**xs}`` of a list, repeated ``**`` keywords and unknown names raise other messages (an
  unknown name no longer lists the variables there are).

So simpleeval would replace only the tree walk (this module's ``_Compiler``, ~500 lines) and
every guard would stay; the recipe runs the same expression as plain Python, so a result that
differs from Python is a wrong record. We keep ours.
"""

from __future__ import annotations

import ast
import functools
import math
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from compiler.expr import ALLOWED_BUILTINS, parse_expression
from runtime.agent._compute_guards import (
    _BUILTIN_IMPLS,
    _COMPARE,
    _DIGITS,
    _GUARDED_BINARY,
    _GUARDED_METHODS,
    _PLAIN_BINARY,
    _REAL_BUILTINS,
    _UNARY,
    BUDGET_FACTOR,
    MAX_INT_BITS,
    MAX_STRING_CHARS,
    _check_width,
    _Context,
    _guard_method,
    _materializable,
    _reader_of,
)
from runtime.agent._compute_receivers import allowed_method
from runtime.errors import ExpressionEvalError

__all__ = [
    "BUDGET_FACTOR",
    "MAX_INT_BITS",
    "MAX_STRING_CHARS",
    "evaluate",
]


class _NoClass:
    """No value has this class: the empty entry of an attribute node's cache."""


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
            f"expression calls; rename the variable."
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


# --------------------------------------------------------------------------- compilation

_Code = Callable[[_Context, _Frames], Any]


@dataclass(frozen=True)
class _Program:
    code: _Code
    builtins: frozenset[str]
    """Builtin functions the expression calls (a variable of that name would hide them)."""


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
            # A variable of that name (an input called ``date``) hides the builtin, as a
            # parameter of the recipe function does in Python.
            return lambda ctx, frames: (
                frames[0][name] if name in frames[0] else ctx.builtin_value(name)
            )

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
            name, real = node.id, _REAL_BUILTINS[node.id]
            variable = self.compile(node)  # (a variable of that name hides the builtin)
            return lambda ctx, frames: variable(ctx, frames) if name in frames[0] else real
        return self.compile(node)

    def attribute(self, node: ast.Attribute) -> _Code:
        value, name = self.receiver(node.value), node.attr
        # How to read it depends on the class of the value only: remember the last class seen
        # here (one tuple, replaced whole, so concurrent evaluations never mix two classes).
        last: list[tuple[type, Any]] = [(_NoClass, None)]

        def read_attribute(ctx: _Context, frames: _Frames) -> Any:
            obj = value(ctx, frames)
            cls, reader = last[0]
            if type(obj) is not cls:
                reader = _reader_of(obj, name)
                if not isinstance(obj, type | types.ModuleType):
                    last[0] = (type(obj), reader)
            return reader(ctx, obj)

        return read_attribute

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
            method = allowed_method(receiver, name)  # by the receiver's type, not the name
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
