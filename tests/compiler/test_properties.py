"""Properties of ``compile_trace`` over arbitrary traces.

For any trace (nasty task names and descriptions, inputs of several types, up to 40 steps of
random actions — read-only or not, returning objects, text or lists, with JSON snapshots of what
they returned — with arbitrary JSON literals, literal *copies* of inputs, result fields, whole
results and list items, strings containing them, references with paths, f-strings, failed
steps, compute steps, a finish or none), every pass preserves behaviour. The recipe:

- compiles, is black-stable, and is byte-identical when compiled twice;
- reproduces every literal argument it keeps exactly (read back from the syntax tree);
- replays the run: with the recorded inputs, each (fake) action is called in the recorded order
  with exactly the recorded arguments — except read-only calls nothing referenced, which may be
  left out — and the function returns what ``finish`` was given.

``HYPOTHESIS_PROFILE=fuzz pytest tests/compiler/test_properties.py`` runs 2000 examples.
"""

from __future__ import annotations

import ast
import builtins
import math
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trace_kit import COMPUTE, FINISH, HAS_EXPR

import runtime.expect as runtime_expect
from compiler import compile_trace
from compiler.format import BLACK_MODE
from compiler.ir import (
    ActionRef,
    Expr,
    FStringExpr,
    ImportRef,
    LiteralExpr,
    OutputSpec,
    RefExpr,
    Step,
    TaskSpec,
    Trace,
    TypeRef,
)
from compiler.naming import is_identifier
from runtime.actions import recorder

# --------------------------------------------------------------------------- fake actions

WEIRD_KEYS = [
    "plain",
    "x y",
    "it's",
    'q"uote',
    "back\\slash",
    "#hash",
    "{b}",
    "a:b",
    "naïve",
    "l\nf",
]


@dataclass(eq=False)
class FakeResult:
    """What an "object" fake action returns: attributes, a list and a dict with awkward keys.

    Its content depends only on ``seed`` (the action and its arguments), so a replay that
    leaves out an unused call still gets equal results from the others. A dataclass, so the
    runtime's JSON snapshot of it (``jsonable``, what a guard compares) is :meth:`snapshot`,
    as the recorder's would be for a real object.
    """

    seed: int
    n: int = 0
    name: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.n = 10 + self.seed % 1000
        self.name = f"result-{self.seed}"
        self.rows = [{"not an id": self.n, "k": "v"}, {"not an id": -self.n, "k": "w"}]
        self.data = {key: f"<{key}>{self.seed}" for key in WEIRD_KEYS}

    def snapshot(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "n": self.n,
            "name": self.name,
            "rows": self.rows,
            "data": self.data,
        }

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FakeResult) and other.seed == self.seed

    def __hash__(self) -> int:
        return self.seed

    def __str__(self) -> str:
        return f"R{self.seed}"


RESULT_KINDS = {"object": "FakeResult", "text": "str", "list": "list[str]"}
"""What a fake action returns, and the type annotation the recorder would give it."""


def make_result(key: tuple[str, str], kind: str, kwargs: dict[str, Any]) -> Any:
    ordered = sorted(kwargs.items(), key=lambda item: item[0])  # keyword order is free
    seed = hash((key, tuple((k, canon(v)) for k, v in ordered))) & 0xFFFFFF
    if kind == "object":
        return FakeResult(seed)
    if kind == "text":
        return f"text-{seed}"
    return [f"item-{seed}-a", f"item-{seed}-b"]


def canon(value: Any) -> Any:
    """A hashable stand-in for an argument value (no int-to-text conversion, no nan identity)."""
    if isinstance(value, FakeResult):
        return ("R", value.seed)
    if isinstance(value, dict):
        return ("d", tuple((canon(k), canon(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("l", tuple(canon(v) for v in value))
    if isinstance(value, float):
        return ("f", repr(value))
    return (type(value).__name__, value)


def snapshot(value: Any) -> Any:
    """The JSON snapshot the recorder would keep (``None`` when not JSON)."""
    if isinstance(value, FakeResult):
        return value.snapshot()
    if isinstance(value, list):
        items = [snapshot(v) for v in value]
        return (
            None
            if any(i is None and v is not None for i, v in zip(items, value, strict=True))
            else items
        )
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        entries = {k: snapshot(v) for k, v in value.items()}
        missing = any(entries[k] is None and v is not None for k, v in value.items())
        return None if missing else entries
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return None


# Paths into a FakeResult: (path, path_kinds).
RESULT_PATHS: list[tuple[tuple[str | int, ...], tuple[str, ...]]] = [
    ((), ()),
    (("name",), ()),
    (("rows", 0, "not an id"), ()),
    (("rows", -1, "k"), ("attr", "index", "key")),
    *((("data", key), ("attr", "key")) for key in WEIRD_KEYS),
]


@dataclass
class CallLog:
    kinds: dict[tuple[str, str], str]
    calls: list[tuple[tuple[str, str], dict[str, Any], Any]] = field(default_factory=list)

    def action(self, key: tuple[str, str]) -> Any:
        def fake(**kwargs: Any) -> Any:
            result = make_result(key, self.kinds.get(key, "object"), kwargs)
            self.calls.append((key, kwargs, result))
            return result

        return fake


@contextmanager
def fake_modules(trace: Trace, log: CallLog) -> Iterator[None]:
    """Install in-memory modules holding a recording fake for every action of ``trace``."""
    modules: dict[str, types.ModuleType] = {}
    for step in trace.steps:
        act = step.action
        if act.builtin is not None:
            continue
        parts = act.module.split(".")
        for i in range(1, len(parts) + 1):
            modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
        module = modules[act.module]
        head, _, rest = act.qualname.partition(".")
        if rest:
            holder = getattr(module, head, None) or types.SimpleNamespace()
            setattr(holder, rest, log.action((act.module, act.qualname)))
            setattr(module, head, holder)
        else:
            setattr(module, head, log.action((act.module, act.qualname)))
    clash = set(modules) & set(sys.modules)
    assert not clash, f"fake modules would replace real ones: {clash}"
    sys.modules.update(modules)
    try:
        yield
    finally:
        for name in modules:
            del sys.modules[name]


# --------------------------------------------------------------------------- strategies

FRAGMENTS = [
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "\\n",
    "\n",
    "\r\n",
    "{",
    "}",
    "{x}",
    "\x00",
    "\u2028",
    "\u202e",
    "\ud800",
    "#",
    "\t",
    "é",
    "🧾",
]
CHARS = st.characters(exclude_categories=())  # lone surrogates included
nasty_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARS, max_size=4)), max_size=5
).map("".join)
huge_ints = st.builds(
    lambda digits, sign, extra: sign * (10 ** (digits - 1) + extra),
    st.integers(4250, 4400),
    st.sampled_from([1, -1]),
    st.integers(0, 10**9),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | huge_ints | st.floats() | nasty_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=8,
)
SPECIAL_NAMES = ["float", "list", "id", "sum", "main", "os", "open", "customer", "class_", "Any"]
identifiers = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), st.sampled_from(SPECIAL_NAMES)
).filter(is_identifier)
ANY = TypeRef(annotation="Any", imports=(ImportRef(module="typing", name="Any"),))
INPUT_KINDS: list[tuple[TypeRef, st.SearchStrategy[Any]]] = [
    (TypeRef(annotation="str"), nasty_text),
    (TypeRef(annotation="int"), st.integers()),
    (TypeRef(annotation="float"), st.floats()),
    (TypeRef(annotation="list[str]"), st.lists(nasty_text, max_size=3)),
    (ANY, json_values),
]
MODULES = ["fake_rc_a", "fake_rc_b", "fake_rc_pkg.sub"]
SECRET = "password_secret"


@dataclass
class Scope:
    """What the generator knows while building steps: names defined and what they hold."""

    inputs: dict[str, Any]
    kinds: dict[str, str] = field(default_factory=dict)  # name -> "input" | "result" | "compute"
    values: dict[str, Any] = field(default_factory=dict)  # what each name holds at this point

    def names(self) -> list[str]:
        return sorted(self.kinds)

    def objects(self) -> list[FakeResult]:
        return [v for v in self.values.values() if isinstance(v, FakeResult)]

    def copyable(self) -> list[Any]:
        """Values a model might type out again: whole text/list results, result fields, list
        items, compute strings and input strings."""
        found: list[Any] = []
        for name, value in self.values.items():
            if isinstance(value, FakeResult):
                found += [value.name, value.n, value.rows[0]["not an id"]]
            elif isinstance(value, str) and (self.kinds[name] != "input" or len(value) >= 3):
                found.append(value)
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                found += [value, value[0]]
        return found


@st.composite
def exprs(draw: st.DrawFn, scope: Scope) -> Expr:
    choice = draw(st.integers(0, 11))
    names = scope.names()
    if choice <= 2 or not names:
        return LiteralExpr(value=draw(json_values))
    if choice == 3 and scope.inputs:
        # a literal copy of an input value (the parameters pass turns it into a reference)
        return LiteralExpr(value=draw(st.sampled_from(list(scope.inputs.values()))))
    copyable = scope.copyable()
    if choice in (4, 5) and copyable:
        # a literal copy of a result, a field, a list item (data flow makes it a reference) …
        value = draw(st.sampled_from(copyable))
        if choice == 5 and isinstance(value, str):
            # … or a string that contains one (data flow makes it an f-string)
            value = draw(nasty_text) + value + draw(st.sampled_from(["", " ", "/", ".md", "x"]))
        return LiteralExpr(value=value)
    if choice <= 8:
        return draw(refs(scope))
    # Only values that format the same however large they are (a huge int cannot be formatted).
    texty = [
        n for n in names if scope.kinds[n] == "result" or isinstance(scope.inputs.get(n, 0), str)
    ]
    part = nasty_text | refs(scope, texty) if texty else nasty_text
    return FStringExpr(parts=tuple(draw(st.lists(part, min_size=1, max_size=4))))


@st.composite
def refs(draw: st.DrawFn, scope: Scope, names: list[str] | None = None) -> RefExpr:
    name = draw(st.sampled_from(names or scope.names()))
    kind = scope.kinds[name]
    if kind == "result" and isinstance(scope.values.get(name), FakeResult):
        path, kinds = draw(st.sampled_from(RESULT_PATHS))
        return RefExpr(name=name, path=path, path_kinds=kinds)  # type: ignore[arg-type]
    if kind == "result" and isinstance(scope.values.get(name), list) and draw(st.booleans()):
        return RefExpr(name=name, path=(1,), path_kinds=("index",))
    if kind == "compute" and draw(st.booleans()):
        return RefExpr(name=name, path=(0,))
    return RefExpr(name=name)


def _compute_names(scope: Scope) -> list[str]:
    from compiler.expr import validate_expression

    usable = []
    for name in scope.names():
        if (
            not is_identifier(name)
            or hasattr(builtins, name)
            or name in ("date", "datetime", "timedelta")
        ):
            continue
        try:
            validate_expression(name)
        except Exception:
            continue
        usable.append(name)
    return usable


@st.composite
def traces(draw: st.DrawFn) -> Trace:
    input_names = draw(st.lists(identifiers, unique=True, max_size=4))
    inputs: dict[str, TypeRef] = {}
    values: dict[str, Any] = {}
    for name in input_names:
        ref, values_strategy = draw(st.sampled_from(INPUT_KINDS))
        inputs[name] = ref
        values[name] = draw(values_strategy)
    secret: tuple[str, ...] = ()
    if draw(st.booleans()) and SECRET not in inputs:
        inputs[SECRET] = TypeRef(annotation="str")
        secret = (SECRET,)
    scope = Scope(inputs=values, kinds={n: "input" for n in inputs})
    scope.values = dict(values)
    if secret:
        scope.values[SECRET] = SECRET_VALUE

    actions = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(identifiers | st.sampled_from(input_names or ["x"]))
        qualname = draw(st.sampled_from([name, f"Box.{name}"]))
        actions.append(
            ActionRef(
                name=name,
                module=draw(st.sampled_from(MODULES)),
                qualname=qualname,
                read_only=draw(st.booleans()),
            )
        )
    kinds = {(a.module, a.qualname): draw(st.sampled_from(list(RESULT_KINDS))) for a in actions}

    steps: list[Step] = []
    counter: dict[str, int] = {}
    for index in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["call"] * 6 + ["failed", "compute"]))
        if kind == "compute" and HAS_EXPR:
            usable = _compute_names(scope)
            picked = draw(st.lists(st.sampled_from(usable), max_size=3)) if usable else []
            var = f"compute_{index}"
            objects = [n for n in usable if isinstance(scope.values.get(n), FakeResult)]
            if objects and draw(st.booleans()):
                expression = f'{draw(st.sampled_from(objects))}.name + "-c"'
            else:
                expression = "[" + ", ".join(["1", *picked]) + "]"
            value = eval(expression, {}, dict(scope.values))
            steps.append(
                Step(
                    index=index,
                    action=COMPUTE,
                    args={"expression": LiteralExpr(value=expression)},
                    result_var=var,
                    result=snapshot(value),
                    result_type=TypeRef(annotation=type(value).__name__),
                )
            )
            scope.kinds[var] = "compute"
            scope.values[var] = value
            continue
        act = draw(st.sampled_from(actions))
        keys = draw(
            st.lists(
                identifiers | st.sampled_from(["not ok", "class", "x-y"]), unique=True, max_size=4
            )
        )
        args = {key: draw(exprs(scope)) for key in keys}
        reason = draw(st.none() | nasty_text)
        if kind == "failed":
            # An attempt the model got wrong (a malformed call), which every recipe leaves out;
            # a refusal the path went on from stays in ``try``: tests/runtime/test_refused_calls.py.
            error = "TypeError: E"
            steps.append(
                Step(index=index, action=act, args=args, status="error", error=error, reason=reason)
            )
            continue
        counter[act.name] = counter.get(act.name, 0) + 1
        var = draw(
            st.sampled_from(
                [f"{act.name}_{counter[act.name]}"] * 4
                + ["class", "sum", "x y", "1st", "ﬁle", *scope.names()]
            )
        )
        key = (act.module, act.qualname)
        result = make_result(
            key, kinds[key], {k: resolve(v, scope.values) for k, v in args.items()}
        )
        steps.append(
            Step(
                index=index,
                action=act,
                args=args,
                result_var=var,
                result=snapshot(result),
                result_type=TypeRef(annotation=RESULT_KINDS[kinds[key]]),
                reason=reason,
            )
        )
        scope.kinds[var] = "result"
        scope.values[var] = result

    outputs = draw(st.sampled_from(["fields", "single", "none"]))
    spec = OutputSpec()
    finish_args: dict[str, Expr] = {}
    if outputs == "fields":
        fields = draw(
            st.lists(identifiers.map("out_{}".format), unique=True, min_size=1, max_size=3)
        )
        spec = OutputSpec(fields={f: ANY for f in fields})
        finish_args = {f: draw(exprs(scope)) for f in fields}
    elif outputs == "single":
        spec = OutputSpec(single=ANY)
        finish_args = {"result": draw(exprs(scope))}
    if draw(st.booleans()):
        steps.append(Step(index=len(steps), action=FINISH, args={}, status="error", error="E"))
    if draw(st.integers(0, 9)) > 0:
        steps.append(Step(index=len(steps), action=FINISH, args=finish_args))
        for _ in range(draw(st.integers(0, 1))):  # a call after finish is left out
            steps.append(Step(index=len(steps), action=actions[0], result_var="late_1"))

    return Trace(
        run_id=draw(nasty_text),
        created_at=draw(nasty_text),
        task=TaskSpec(
            name=draw(nasty_text),
            description=draw(nasty_text),
            inputs=inputs,
            outputs=spec,
            secret_inputs=secret,
        ),
        inputs=values,
        steps=tuple(steps),
    )


# --------------------------------------------------------------------------- comparisons


def same(actual: Any, expected: Any) -> bool:
    """Exact equality of recorded values: types too, ``-0.0`` vs ``0.0``, ``nan`` == ``nan``."""
    if isinstance(expected, float) and isinstance(actual, float):
        if math.isnan(expected):
            return math.isnan(actual)
        return actual == expected and math.copysign(1, actual) == math.copysign(1, expected)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(actual) == len(expected) and all(map(same, actual, expected))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return list(actual) == list(expected) and all(
            same(actual[k], expected[k]) for k in expected
        )
    return type(actual) is type(expected) and actual == expected


def resolve(expr: Expr, env: dict[str, Any]) -> Any:
    """What an argument expression evaluates to, computed from the trace alone."""
    if isinstance(expr, LiteralExpr):
        return expr.value
    if isinstance(expr, RefExpr):
        value = env[expr.name]
        kinds = expr.path_kinds or tuple(
            "attr" if isinstance(p, str) else "index" for p in expr.path
        )
        for element, kind in zip(expr.path, kinds, strict=True):
            if kind == "attr" and isinstance(element, str) and is_identifier(element):
                value = getattr(value, element)
            else:
                value = value[element]
        return value
    if isinstance(expr, FStringExpr):
        return "".join(p if isinstance(p, str) else format(resolve(p, env), "") for p in expr.parts)
    raise AssertionError(f"unexpected expression {expr!r}")


def literal_value(node: ast.expr) -> Any:
    """Evaluate a literal as emitted (``float("inf")`` included)."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List):
        return [literal_value(e) for e in node.elts]
    if isinstance(node, ast.Dict):
        pairs = zip(node.keys, node.values, strict=True)
        return {literal_value(k): literal_value(v) for k, v in pairs}  # type: ignore[arg-type]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -literal_value(node.operand)
    if isinstance(node, ast.Call) and ast.unparse(node.func) in ("float", "builtins.float"):
        (arg,) = node.args
        assert isinstance(arg, ast.Constant) and arg.value in ("inf", "-inf", "nan")
        return float(arg.value)
    raise AssertionError(f"not a literal: {ast.unparse(node)}")


def kept_steps(trace: Trace) -> list[Step]:
    ok = [s for s in trace.steps if s.status == "ok"]
    finishes = [i for i, s in enumerate(ok) if s.action.builtin == "finish"]
    if finishes:
        ok = ok[: finishes[-1] + 1]
    return [s for s in ok if s.action.builtin != "finish" or s is ok[-1]]


def droppable(steps: list[Step]) -> set[int]:
    """Indexes of steps a recipe may leave out: read-only calls (and computes) whose results no
    kept step reads (a backward scan over the trace's own references)."""
    live: set[str] = set()
    found: set[int] = set()
    for step in reversed(steps):
        pure = step.action.builtin == "compute" or (
            step.action.builtin is None and step.action.read_only
        )
        if pure and (step.result_var is None or step.result_var not in live):
            found.add(step.index)
            continue
        if step.result_var is not None:
            live.discard(step.result_var)
        for expr in step.args.values():
            if isinstance(expr, RefExpr):
                live.add(expr.name)
            elif isinstance(expr, FStringExpr):
                live |= {p.name for p in expr.parts if isinstance(p, RefExpr)}
            elif step.action.builtin == "compute" and isinstance(expr, LiteralExpr):
                live |= _code_names(str(expr.value))
    return found


def _code_names(source: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(source, mode="eval")) if isinstance(n, ast.Name)}


# --------------------------------------------------------------------------- the property

SECRET_VALUE = "s3cret"


@pytest.fixture(autouse=True, scope="module")
def printable_huge_ints() -> Iterator[None]:
    """Let hypothesis print failing traces holding huge ints; the test body itself runs under
    Python's default limit (:func:`default_int_limit`), which is what a recipe meets."""
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    yield
    sys.set_int_max_str_digits(previous)


@contextmanager
def default_int_limit() -> Iterator[None]:
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(4300)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(previous)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(traces())
def test_any_trace_compiles_to_a_recipe_that_replays_it(trace: Trace) -> None:
    with default_int_limit():
        check_recipe(trace)


def check_recipe(trace: Trace) -> None:
    result = compile_trace(trace)
    source = result.source

    compile(source, "recipe.py", "exec", dont_inherit=True)
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert compile_trace(trace).source == source
    check_kept_literals(trace, result.ir, source)

    # Replay: run the recipe against recording fakes.
    kinds = {(s.action.module, s.action.qualname): _kind(s) for s in trace.steps if s.result_type}
    log = CallLog(kinds=kinds)
    call_inputs = dict(trace.inputs)
    if trace.task.secret_inputs:
        call_inputs[SECRET] = SECRET_VALUE
    module = types.ModuleType("recipe_under_test")
    # Guards compare a value with what the recording kept of it (runtime.actions.recorder.jsonable);
    # the fakes' recorded results are their snapshots, so the guards see those too.
    real_jsonable = recorder.jsonable

    def fake_jsonable(value: Any) -> Any:
        found = snapshot(value)
        return found if found is not None or value is None else real_jsonable(value)

    with (
        fake_modules(trace, log),
        mock.patch.object(recorder, "jsonable", fake_jsonable),
        # runtime.expect binds the name at import: patch it where the guards read it.
        mock.patch.object(runtime_expect, "jsonable", fake_jsonable),
    ):
        sys.modules[module.__name__] = module
        try:
            exec(compile(source, "recipe.py", "exec", dont_inherit=True), module.__dict__)
            returned = getattr(module, result.ir.function_name)(**call_inputs)
        finally:
            del sys.modules[module.__name__]

    # What the run did, step by step; the recipe's calls must be those, in order, except
    # read-only calls nothing referenced.
    steps = kept_steps(trace)
    env = dict(call_inputs)
    expected: list[tuple[Step, tuple[str, str], dict[str, Any]]] = []
    outputs = trace.task.outputs
    for step in steps:
        if step.action.builtin == "compute":
            expression = step.args["expression"]
            assert isinstance(expression, LiteralExpr) and isinstance(expression.value, str)
            env[step.result_var or ""] = eval(expression.value, {}, env)
            continue
        if step.action.builtin == "finish":
            if outputs.fields is not None:
                for name in outputs.fields:
                    assert same(getattr(returned, name), resolve(step.args[name], env)), name
            elif outputs.single is not None:
                assert same(returned, resolve(step.args["result"], env))
            continue
        key = (step.action.module, step.action.qualname)
        args = {name: resolve(expr, env) for name, expr in step.args.items()}
        if step.result_var is not None:
            env[step.result_var] = make_result(key, kinds.get(key, "object"), args)
        expected.append((step, key, args))
    assert is_replay_of(log.calls, expected, droppable(steps)), (
        "the recipe's calls are not the run's calls (minus unused read-only ones):\n"
        f"  recipe: {[(k, a) for k, a, _ in log.calls]}\n"
        f"  run:    {[(s.index, k, a) for s, k, a in expected]}"
    )
    if outputs.fields is None and outputs.single is None:
        assert returned is None


def is_replay_of(
    calls: list[tuple[tuple[str, str], dict[str, Any], Any]],
    expected: list[tuple[Step, tuple[str, str], dict[str, Any]]],
    may_skip: set[int],
) -> bool:
    """Whether ``calls`` is ``expected`` with only steps of ``may_skip`` left out (identical
    calls make this ambiguous for a greedy match, hence the table)."""
    n, m = len(expected), len(calls)
    ok = [[False] * (m + 1) for _ in range(n + 1)]
    ok[n][m] = True
    for i in range(n - 1, -1, -1):
        step, key, args = expected[i]
        for j in range(m, -1, -1):
            skip = step.index in may_skip and ok[i + 1][j]
            take = (
                j < m and calls[j][0] == key and _same_args(calls[j][1], args) and ok[i + 1][j + 1]
            )
            ok[i][j] = skip or take
    return ok[0][0]


def _kind(step: Step) -> str:
    annotation = step.result_type.annotation if step.result_type else None
    return next((k for k, a in RESULT_KINDS.items() if a == annotation), "object")


def _same_args(actual: dict[str, Any], expected: dict[str, Any]) -> bool:
    return set(actual) == set(expected) and all(same(actual[k], expected[k]) for k in expected)


def check_kept_literals(trace: Trace, ir: Any, source: str) -> None:
    """Every argument still a literal in the recipe IR is emitted exactly as recorded."""
    from compiler.recipe_ir import Assign, Call, ExprStmt

    steps = {s.index: s for s in trace.steps}
    tree = ast.parse(source)
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    body = [
        s
        for s in function.body
        if not isinstance(s, ast.Pass)
        and not (
            isinstance(s, ast.Expr)
            and isinstance(s.value, ast.Call)
            and ast.unparse(s.value.func) == "expect"
        )
    ]
    if ast.get_docstring(function, clean=False) is not None:
        body = body[1:]
    assert len(body) == len(ir.statements)
    for stmt, node in zip(ir.statements, body, strict=True):
        if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
            continue
        if isinstance(stmt, ExprStmt) and stmt.refused is not None:  # a refused call, in try
            assert isinstance(node, ast.Try) and len(node.body) == 1
            node = node.body[0]
        assert isinstance(node, ast.Assign | ast.Expr) and isinstance(node.value, ast.Call)
        emitted: dict[str, ast.expr] = {}
        for keyword in node.value.keywords:
            if keyword.arg is None:
                assert isinstance(keyword.value, ast.Dict)
                for k, v in zip(keyword.value.keys, keyword.value.values, strict=True):
                    assert isinstance(k, ast.Constant)
                    emitted[k.value] = v
            else:
                emitted[keyword.arg] = keyword.value
        step = steps[stmt.step]
        assert list(emitted) == list(step.args) or set(emitted) == set(step.args)
        for name, expr in stmt.value.kwargs.items():
            if isinstance(expr, LiteralExpr):
                recorded = step.args[name]
                assert isinstance(recorded, LiteralExpr)
                assert same(literal_value(emitted[name]), recorded.value), name
