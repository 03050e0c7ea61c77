"""An untrusted ``trace.json`` never runs code (issue 18, item 4): whatever text sits in any of
its fields, the compiled recipe holds only literals, validated names and validated compute
expressions — or compiling stops with a :class:`CompileError`/:class:`TraceError` naming the
field."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import compile_trace
from compiler._validate import check_annotation
from compiler.errors import CompileError, TraceError
from compiler.expr import ALLOWED_BUILTINS, ALLOWED_METHODS, FORBIDDEN_NAMES
from compiler.ir import BRIEF_CONSTANT, load_trace
from compiler.naming import is_identifier, is_module_path

DATA = Path(__file__).parents[1] / "compiler" / "data"
CASES = sorted(p.parent.name for p in DATA.glob("*/trace.json"))
ROOT = Path(__file__).parents[2]

PWN = "(__import__('os').system('touch pwned') and str) or str"


def raw_case(name: str) -> dict[str, Any]:
    return json.loads((DATA / name / "trace.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the probe


def test_the_reported_annotation_is_refused(tmp_path: Path) -> None:
    raw = raw_case("invoices")
    raw["task"]["inputs"]["customer"]["annotation"] = PWN
    with pytest.raises(CompileError) as caught:
        compile_trace(load_trace(json.dumps(raw)))
    message = str(caught.value)
    assert "task input 'customer'" in message and "not a plain type" in message
    assert "Fix the type" in message
    # the command line says the same, writes nothing and runs nothing
    trace = tmp_path / "trace.json"
    trace.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "recipe.py"
    done = subprocess.run(
        [sys.executable, "-m", "runtime.cli", "compile", str(trace), "-o", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode != 0, done.stdout
    assert "not a plain type" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() and not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    "annotation",
    [
        PWN,
        "__import__('os').system('x')",
        "list[os.system('x')]",
        "int if True else str",
        "lambda: int",
        "(x := int)",
        "int  # comment",
        "int\nimport os",
        "str.__class__",
        "_private",
        "Literal[__import__('os')]",
        "dict[str, 'int']",  # a string outside Literal
        "list[1]",
        "int + str",
        "eval",
        "list[open]",
        "[int]",
        "",
    ],
)
def test_annotations_that_are_not_plain_types_are_refused(annotation: str) -> None:
    with pytest.raises(CompileError, match="task input 'x'"):
        check_annotation(annotation, "task input 'x'")


@pytest.mark.parametrize(
    "annotation",
    [
        "int",
        "list[Invoice]",
        "dict[str, tuple[int, ...]]",
        "str | None",
        "Optional[Customer]",
        "typing.Optional[models.Customer]",
        "Callable[[int, str], bool]",
        "Literal['a', \"b#c\", 1, -2.5, True, None, b'x']",
        "Literal[Color.RED]",
        "Annotated",
    ],
)
def test_plain_types_pass(annotation: str) -> None:
    check_annotation(annotation, "task input 'x'")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (("module",), "os; import sys", "has module 'os; import sys', which cannot be imported"),
        (("qualname",), "send()", "has qualname 'send()'"),
        (("module",), "builtins", "in Python's standard library"),
        (("module",), "os", "in Python's standard library"),
        (("module",), "subprocess", "in Python's standard library"),
        (("module",), "billing.tools", None),  # a project's module: the name decides
        (("qualname",), "__import__", "private name '__import__'"),
        (("name",), "send reminder", "not a Python identifier"),
    ],
)
def test_action_names_are_identifiers(field: tuple[str], value: str, message: str | None) -> None:
    raw = raw_case("invoices")
    step = next(s for s in raw["steps"] if s["action"].get("builtin") is None)
    step["action"][field[0]] = value
    trace = load_trace(json.dumps(raw))
    if message is None:
        compile_trace(trace)
        return
    with pytest.raises(CompileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        compile_trace(trace)


# --------------------------------------------------------------------------- the property


def string_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every string in a trace's JSON that its schema leaves free: values (not the
    tags of a choice, which the schema checks) and the keys of maps (marked with ``KEY``)."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, str):
        if not any(part in _TAGS for part in path if isinstance(part, str)):
            found.append(path)
    elif isinstance(value, dict):
        is_map = bool(path) and (path[-1] in _MAPS or any(p in _DATA for p in path))
        for key, item in value.items():
            if is_map:
                found.append((*path, KEY, key))
            found.extend(string_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(string_paths(item, (*path, index)))
    return found


_TAGS = {"kind", "schema_version", "strategy", "status", "mode", "source", "builtin", "path_kinds"}
_MAPS = {"inputs", "fields", "args"}
_DATA = {"value", "result", "outputs"}
KEY = object()
"""Marks a path whose last element is a map's key to replace (not the value under it)."""


def replaced(raw: Any, path: tuple[Any, ...], text: str) -> None:
    """Put ``text`` at ``path`` inside ``raw`` (in place)."""
    *head, last = path
    if len(head) >= 1 and head[-1] is KEY:
        container = raw
        for part in head[:-1]:
            container = container[part]
        if text not in container:
            container[text] = container.pop(last)
        return
    container = raw
    for part in head:
        container = container[part]
    container[last] = text


INJECTIONS = [
    PWN,
    "__import__('os').system('touch pwned')",
    "os.system('touch pwned')",
    "x\nimport os\nos.system('touch pwned')",
    "x'); import os; os.system('touch pwned'); ('",
    'x"""; import os; """',
    "str  # evil",
    "{__import__('os')}",
    "{x!r:{y}}",
    "\\",
    "eval",
    "exec('1')",
    "getattr(x, 'y')",
    "a.__class__",
    "lambda: 0",
    "p.replace('moved.txt')",
    "sum(x for x in xs)",
    "list[int] | None",
    "examples.invoices",
    "1",
    "",
    "\u2028\u0000\ud800",
]
TEXT = st.one_of(st.sampled_from(INJECTIONS), st.text(max_size=40))

FIXED_MODULES = {
    "__future__",
    "pydantic",
    "typing",
    "datetime",
    "collections.abc",
    "runtime.expect",
    "runtime.errors",
    "runtime.recipe_main",
    "runtime.browser",
}
METHOD_CALLS = ALLOWED_METHODS | {
    # the module skeleton, loops, f-string fallbacks, locators, inf/nan
    "insert",
    "getcwd",
    "append",
    "format",
    "float",
    "get_by_role",
    "get_by_label",
    "get_by_placeholder",
    "get_by_test_id",
    "get_by_text",
    "get_by_alt_text",
    "get_by_title",
    "locator",
    "nth",
    "filter",  # an element inside its row: get_by_role("row").filter(has=…)
}
FORBIDDEN_NODES = (
    ast.Lambda,
    ast.NamedExpr,
    ast.Await,
    ast.Yield,
    ast.YieldFrom,
    ast.Global,
    ast.Nonlocal,
    ast.Delete,
    ast.With,
    ast.While,
    ast.AsyncFunctionDef,
    ast.AsyncFor,
)


def check_refusal(node: ast.Try) -> None:
    """The one ``try`` a recipe has: a refused call made again (``try: <call>`` / ``except
    Exception as refusal: refused_as_recorded(refusal, <text>)`` / ``else: raise
    SideExit(<text>)``), with only constant text or an f-string of names around it."""
    assert len(node.body) == 1 and isinstance(node.body[0], ast.Expr), ast.unparse(node)
    assert isinstance(node.body[0].value, ast.Call), ast.unparse(node)
    assert not node.finalbody and len(node.handlers) == 1, ast.unparse(node)
    handler = node.handlers[0]
    assert ast.unparse(handler.type) == "Exception" and handler.name == "refusal"  # type: ignore[arg-type]
    assert len(handler.body) == 1, ast.unparse(node)
    check = handler.body[0]
    assert isinstance(check, ast.Expr) and isinstance(check.value, ast.Call)
    assert ast.unparse(check.value.func) == "refused_as_recorded"
    said = check.value.args[1]
    assert isinstance(said, ast.Constant) or (
        isinstance(said, ast.JoinedStr)
        and all(
            isinstance(v, ast.Constant)
            or (isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name | ast.Attribute))
            for v in said.values
        )
    ), ast.unparse(node)
    assert len(node.orelse) == 1 and isinstance(node.orelse[0], ast.Raise), ast.unparse(node)
    gone = node.orelse[0].exc
    assert isinstance(gone, ast.Call) and ast.unparse(gone.func) == "SideExit"
    assert all(isinstance(a, ast.Constant) for a in gone.args), ast.unparse(node)


def check_recipe(source: str) -> None:
    """Every construct in ``source`` is one the compiler may emit."""
    tree = ast.parse(source)
    bound: set[str] = set()
    for imp in ast.walk(tree):  # top level, and ``main`` in the ``__main__`` block
        if isinstance(imp, ast.ImportFrom):
            module = imp.module or ""
            assert imp.level == 0 and (module in FIXED_MODULES or is_module_path(module)), module
            assert module == "__future__" or not any(p.startswith("_") for p in module.split("."))
            for alias in imp.names:
                assert is_identifier(alias.name) and not alias.name.startswith("_"), alias.name
                bound.add(alias.asname or alias.name)
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom):
            continue
        if isinstance(stmt, ast.Import):
            assert {a.name for a in stmt.names} <= {"os", "sys", "builtins"}
        elif isinstance(stmt, ast.ClassDef):
            assert all(isinstance(s, ast.AnnAssign) for s in stmt.body), ast.unparse(stmt)
            bound.add(stmt.name)
        elif isinstance(stmt, ast.FunctionDef):
            bound.add(stmt.name)
        elif isinstance(stmt, ast.If):
            assert ast.unparse(stmt.test) == "__name__ == '__main__'", ast.unparse(stmt)
        elif isinstance(stmt, ast.Assign):  # the brief's fingerprints: a dict of constants
            assert [ast.unparse(t) for t in stmt.targets] == [BRIEF_CONSTANT], ast.unparse(stmt)
            assert isinstance(stmt.value, ast.Dict), ast.unparse(stmt)
            assert all(
                isinstance(part, ast.Constant) and isinstance(part.value, str)
                for part in (*stmt.value.keys, *stmt.value.values)
            ), ast.unparse(stmt)
        else:
            assert isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant), ast.unparse(
                stmt
            )
    for node in ast.walk(tree):
        assert not isinstance(node, FORBIDDEN_NODES), ast.unparse(node)
        if isinstance(node, ast.Try):
            check_refusal(node)
        if isinstance(node, ast.Name):
            assert node.id in ("_", "__name__") or not node.id.startswith("_"), node.id
            assert node.id not in FORBIDDEN_NAMES, node.id
        elif isinstance(node, ast.Attribute):
            assert not node.attr.startswith("_"), ast.unparse(node)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                allowed = bound | ALLOWED_BUILTINS | {"float"}
                assert func.id in allowed, f"calls {func.id}: {ast.unparse(node)[:200]}"
            else:
                assert isinstance(func, ast.Attribute), ast.unparse(node)[:200]
                root: ast.expr = func
                while isinstance(root, ast.Attribute):
                    root = root.value
                action = isinstance(root, ast.Name) and root.id in bound  # an action's qualname
                assert action or func.attr in METHOD_CALLS, ast.unparse(node)[:200]
        elif isinstance(node, ast.FunctionDef):
            annotations = [a.annotation for a in node.args.args] + [node.returns]
            for annotation in annotations:
                if annotation is not None:
                    check_annotation(ast.unparse(annotation), "the recipe")
        elif isinstance(node, ast.AnnAssign):
            check_annotation(ast.unparse(node.annotation), "the output model")


@pytest.mark.parametrize("case", CASES)
def test_the_golden_recipes_pass_the_check(case: str) -> None:
    check_recipe(compile_trace(load_trace(json.dumps(raw_case(case)))).source)


@st.composite
def tampered(draw: st.DrawFn) -> tuple[str, str]:
    case = draw(st.sampled_from(CASES))
    raw = raw_case(case)
    paths = string_paths(raw)
    for _ in range(draw(st.integers(1, 3))):
        replaced(raw, draw(st.sampled_from(paths)), draw(TEXT))
        paths = string_paths(raw)
    return case, json.dumps(raw)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tampered())
def test_any_text_in_any_field_never_becomes_code(case_and_text: tuple[str, str]) -> None:
    _, text = case_and_text
    try:
        trace = load_trace(text)
        source = compile_trace(trace).source
    except (CompileError, TraceError):
        return
    check_recipe(source)
