"""Healing: replace only the failed region of a recipe with what the fallback agent did.

How steps are located: the traceback of a failed replay gives the line the recipe function
was executing. The top-level statement of the function body that contains that line (found
with libcst position metadata) starts the *failed region*, which runs to the end of the body
(for rejected outputs, the region is the final ``return``). Healing keeps the file byte for
byte outside that region — the module header, imports, helper functions, comments, renamed
variables and logging before the failure — and puts there the statements compiled from the
fallback's steps. The fallback saw the recipe's variables under their names in the file, so its
references compile to those names. Imports the new statements need are added to an existing
``from module import …`` line or after the last top-level import. Where the fallback's path
is attached instead, keeping every recorded path (a bridge), :mod:`runtime.run.bridges` places it.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, GatherImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider

from compiler import compile_trace, recipe_function_name
from compiler.format import format_source
from compiler.ir import (
    ActionRef,
    CodeExpr,
    Expr,
    LiteralExpr,
    Step,
    TaskSpec,
    Trace,
    Usage,
)
from compiler.locators_file import Alternates
from compiler.passes._values import short_repr, value_of
from compiler.passes.provenance import Origin, classify
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Loop,
    RecipeIR,
    collected,
    walk_statements,
)
from runtime.actions._types import type_ref
from runtime.actions.recorder import jsonable
from runtime.agent.redaction import REDACTED, redact
from runtime.errors import RecipeError

COMPUTE = ActionRef(
    name="compute", module="runtime", qualname="compute", read_only=True, builtin="compute"
)


@dataclass
class _Region:
    index: int
    start_line: int


# --------------------------------------------------------------------------- locating


def _function(module: cst.Module, fn_name: str) -> cst.FunctionDef | None:
    for stmt in module.body:
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == fn_name:
            return stmt
    return None


def function_body_span(source: str, fn_name: str) -> tuple[int, int] | None:
    """(first line of the body's first statement, last line of the function), 1-based."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    fn = _function(wrapper.module, fn_name)
    if fn is None or not isinstance(fn.body, cst.IndentedBlock) or not fn.body.body:
        return None
    first = positions[fn.body.body[0]].start.line
    return first, positions[fn].end.line


def body_statements(source: str, fn_name: str) -> list[tuple[str, int, int]]:
    """Each top-level statement of ``fn_name``'s body: its code (without the comments and
    blank lines above it), first line and last line, 1-based (empty: no such function)."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    fn = _function(wrapper.module, fn_name)
    if fn is None or not isinstance(fn.body, cst.IndentedBlock):
        return []
    empty = cst.Module(body=[])
    return [
        (
            empty.code_for_node(stmt.with_changes(leading_lines=[])),
            positions[stmt].start.line,
            positions[stmt].end.line,
        )
        for stmt in fn.body.body
    ]


def rebase_line(before: str, after: str, fn_name: str, line: int) -> int | None:
    """The line of ``after`` that is ``line`` of ``before``: the same place in the same
    top-level statement of ``fn_name``'s body, found by its code. ``None`` when that
    statement is not exactly once in ``after`` (another heal wrapped it, an edit changed it)."""
    old = next(((c, a) for c, a, b in body_statements(before, fn_name) if a <= line <= b), None)
    if old is None:
        return None
    found = [a for c, a, _ in body_statements(after, fn_name) if c == old[0]]
    return found[0] + (line - old[1]) if len(found) == 1 else None


def locate_region(source: str, fn_name: str, line: int | None, *, returned: bool) -> _Region:
    """The failed region: the body statement containing ``line`` (or the last ``return``)."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    fn = _function(wrapper.module, fn_name)
    if fn is None or not isinstance(fn.body, cst.IndentedBlock):
        raise RecipeError(f"cannot heal: the recipe has no top-level function {fn_name}().")
    body = list(fn.body.body)
    if returned or line is None:
        for i in range(len(body) - 1, -1, -1):
            if _is_return(body[i]):
                return _Region(i, positions[body[i]].start.line)
        return _Region(len(body), positions[fn].end.line)
    for i, stmt in enumerate(body):
        pos = positions[stmt]
        if pos.start.line <= line <= pos.end.line:
            return _Region(i, pos.start.line)
    raise RecipeError(f"cannot heal: line {line} is not inside {fn_name}()'s body.")


def _is_return(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(s, cst.Return) for s in stmt.body
    )


# --------------------------------------------------------------------------- compiling the suffix


@dataclass(frozen=True)
class ModelConstant:
    """An argument of an action call in healed code that is a constant the model wrote: a
    literal the compiler could not explain by an input, a variable or a computation."""

    action: str
    argument: str
    value: Any
    """The literal's value (the expression's source for a computation that reads nothing)."""
    shown: str
    """The value as a short Python literal, for messages."""


@dataclass(frozen=True)
class Suffix:
    """The fallback's steps compiled as the continuation of a recipe."""

    body: list[cst.BaseStatement]
    imports: list[tuple[str, str, str | None]]
    """``(module, name, alias)`` the body needs."""
    constant_outputs: tuple[str, ...]
    """Warnings for outputs that would be constants the model wrote."""
    constant_arguments: tuple[ModelConstant, ...]
    """Every action argument (read-only calls too) that is a constant the model wrote."""
    alternates: Alternates
    """The new elements' other locators (for ``locators.json``)."""


def compile_suffix(
    spec: TaskSpec,
    variables: dict[str, Any],
    steps: Sequence[Step],
    outputs: dict[str, Any],
    *,
    run_id: str,
    created_at: str,
    note_text: str | None = None,
    secrets: Sequence[str] = (),
) -> Suffix:
    """Compile the fallback's steps as a continuation of a recipe whose variables exist
    (``note_text``: the comment over them, one line; ``secrets``: the clear text of the secret
    inputs, redacted before anything is compiled).

    Returns the new statements, the imports they need, and the constants the model wrote in
    them (outputs and action arguments).

    The variables become the parameters of a throw-away recipe (so they are referenced,
    never shadowed, and literal copies of their values become references); its body is the
    new region and its imports the ones the body needs.
    """
    known = {n: v for n, v in variables.items() if n.isidentifier()}
    suffix_spec = spec.model_copy(
        update={"inputs": {n: _safe_type_ref(v) for n, v in known.items()}}
    )
    trace = Trace(
        run_id=run_id,
        created_at=created_at,
        task=suffix_spec,
        inputs={n: jsonable(v) for n, v in known.items() if n not in spec.secret_inputs},
        steps=tuple(s.model_copy(update={"index": i}) for i, s in enumerate(steps)),
        outputs=jsonable(outputs),
        mode="recipe+fallback",
    )
    compiled = compile_trace(redact(trace, secrets))
    module = cst.parse_module(compiled.source)
    fn = _function(module, recipe_function_name(spec.name))
    assert fn is not None and isinstance(fn.body, cst.IndentedBlock)
    body = [s for s in fn.body.body if not _is_docstring(s)]
    if body:
        note = cst.EmptyLine(comment=cst.Comment(f"# {note_text or _HEALED.format(run_id=run_id)}"))
        first = body[0]
        assert isinstance(first, cst.SimpleStatementLine | cst.BaseCompoundStatement)
        body[0] = first.with_changes(leading_lines=[note, *first.leading_lines])
    used = _names_in(body)
    imports: list[tuple[str, str, str | None]] = []
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.ImportFrom) and isinstance(small.names, Sequence):
                mod = _dotted(small.module) if small.module else ""
                for alias in small.names:
                    name = _dotted(alias.name)
                    asname = alias.asname.name.value if alias.asname else None  # type: ignore[union-attr]
                    if (asname or name) in used:
                        imports.append((mod, name, asname))
    constants = tuple(w.message for w in compiled.warnings if w.code == "constant-output")
    return Suffix(body, imports, constants, constant_arguments(compiled.ir), compiled.alternates)


def constant_arguments(ir: RecipeIR) -> tuple[ModelConstant, ...]:
    """The arguments of every action call in ``ir`` that are constants the model wrote (its
    parameters are what the code may read: the variables where it goes on); ``None``, the
    "not given" of an optional argument, is none."""
    origins: dict[str, set[Origin]] = {p.name: {"input"} for p in ir.params}
    found: list[ModelConstant] = []
    for stmt in walk_statements(ir.statements):
        if isinstance(stmt, Loop):
            origins[stmt.var] = classify(stmt.iterable, origins)
            for name, also in stmt.also:
                origins[name] = classify(also, origins)
            for name in collected(stmt):
                origins[name] = {"action result"}
            continue
        if not isinstance(stmt, Assign | ExprStmt):
            continue
        if isinstance(stmt.value, Call):
            for key, expr in stmt.value.kwargs.items():
                if classify(expr, origins) != {"constant"}:
                    continue
                if isinstance(expr, LiteralExpr):
                    if expr.value is None:
                        continue
                    value: Any = expr.value
                else:
                    value = expr.source if isinstance(expr, CodeExpr) else None
                shown = short_repr(value, 60)
                found.append(ModelConstant(stmt.value.action.name, key, value, shown))
        if isinstance(stmt, Assign):
            if isinstance(stmt.value, Call):
                origins[stmt.var] = {"action result"}
            else:
                reads = classify(stmt.value, origins)
                origins[stmt.var] = {"constant"} if reads == {"constant"} else {"compute"}
    return tuple(found)


def generality_lost(
    source: str,
    fn_name: str,
    region: int,
    constants: Sequence[ModelConstant],
    earlier_inputs: Sequence[tuple[str, str, Any]] = (),
) -> list[str]:
    """Why healed code with these model ``constants`` would make the recipe less general: the
    recipe passes a parameter, a reference or a loop variable for the same argument of the same
    action from the failed statement (body statement ``region`` of ``fn_name``) on; or the
    constant is an input of an earlier run (``(run id, input name, value)``), another input's
    answer. Empty when neither."""
    general = _general_arguments(source, fn_name, region)
    reasons: list[str] = []
    for c in constants:
        was = general.get((c.action, c.argument))
        if was is not None:
            reasons.append(
                f"{c.action}({c.argument}=...) is `{was}` in the recipe, the fallback passed "
                f"the constant {c.shown}"
            )
            continue
        earlier = next((e for e in earlier_inputs if _same_value(e[2], c.value)), None)
        if earlier is not None:
            run, name, _ = earlier
            reasons.append(
                f"{c.action}({c.argument}={c.shown}) passes the input {name!r} of run {run}, "
                "not one of this run"
            )
    return reasons


def input_values(value: Any) -> list[Any]:
    """The values an input holds that a model could copy: itself, and the items of a list or
    the values of an object, at any depth."""
    if isinstance(value, list | tuple):
        return [v for item in value for v in input_values(item)]
    if isinstance(value, dict):
        return [v for item in value.values() for v in input_values(item)]
    return [value]


def _same_value(earlier: Any, constant: Any) -> bool:
    """Whether a model constant is an earlier run's input value: a text of two characters or
    more, or a number other than 0 and 1 (too common to tell anything)."""
    if isinstance(constant, bool) or type(earlier) is not type(constant):
        return False
    if isinstance(constant, str):
        return len(constant) >= 2 and constant == earlier
    if isinstance(constant, int | float):
        return constant not in (0, 1) and constant == earlier
    return False


def _general_arguments(source: str, fn_name: str, region: int) -> dict[tuple[str, str], str]:
    """``(action, argument) -> code`` for each call argument that is not a literal in
    ``fn_name``'s body from statement ``region`` on (loops and blocks included)."""
    tree = ast.parse(source)
    fn = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == fn_name), None)
    if fn is None:
        return {}
    found: dict[tuple[str, str], str] = {}
    for stmt in fn.body[region:]:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            for keyword in node.keywords:
                if keyword.arg is not None and not _is_literal(keyword.value):
                    found.setdefault((node.func.id, keyword.arg), ast.unparse(keyword.value))
    return found


def _is_literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


_HEALED = "Healed by run {run_id}: the agent re-did the steps below."
BRIDGED = "Bridge from run {run_id}: what the agent did from here (runs/{run_id}.json)."


def _safe_type_ref(value: Any) -> Any:
    """The type of a recipe variable as a parameter of the healed suffix; a list of one class
    (``list[Expense]``, what a filter over a listing gives) says so, so the suffix reads its
    items' fields as attributes, not keys."""
    try:
        if isinstance(value, list) and value:
            kinds = {type(v) for v in value}
            if len(kinds) == 1:
                (kind,) = kinds
                if kind not in (dict, str, int, float, bool, list, tuple):
                    return type_ref(list[kind])  # type: ignore[valid-type]
        return type_ref(type(value))
    except Exception:
        return type_ref(Any)


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _names_in(nodes: Sequence[cst.CSTNode]) -> set[str]:
    found: set[str] = set()

    class _Collect(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            found.add(node.value)

    for node in nodes:
        node.visit(_Collect())
    return found


def _dotted(node: cst.BaseExpression | cst.Attribute | cst.Name) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return cst.Module(body=[]).code_for_node(node)


# --------------------------------------------------------------------------- splicing


def splice(
    source: str,
    fn_name: str,
    region: _Region,
    new_body: Sequence[cst.BaseStatement],
    imports: Sequence[tuple[str, str, str | None]],
) -> str:
    """Replace ``fn_name``'s body from ``region.index`` on; add missing imports."""
    module = cst.parse_module(source)
    new_statements: list[cst.BaseStatement] = []
    for stmt in module.body:
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == fn_name:
            assert isinstance(stmt.body, cst.IndentedBlock)
            kept = list(stmt.body.body[: region.index])
            body = stmt.body.with_changes(body=[*kept, *new_body])
            stmt = stmt.with_changes(body=body)
        new_statements.append(stmt)
    module = module.with_changes(body=new_statements)
    module = add_imports(module, imports)
    healed = module.code
    try:
        compile(healed, "<healed recipe>", "exec")
    except SyntaxError as exc:  # pragma: no cover - libcst output always parses
        raise RecipeError(f"healing produced invalid code ({exc}); nothing was written.") from None
    return healed


def add_imports(module: cst.Module, imports: Sequence[tuple[str, str, str | None]]) -> cst.Module:
    """``module`` with the ``from module import name [as asname]`` lines in ``imports`` it lacks,
    scheduled through libcst's ``AddImportsVisitor``: a name joins its module's ``from … import``
    line, or a new line goes after the last top-level import; the lines it changes laid out by
    black (a merged line may outgrow 100 characters).

    ``AddImportsVisitor`` reads and extends only a module's *first* import block, and a recipe's
    first block ends at its ``if __name__ == "__main__": sys.path.insert(...)``: there, an action
    would be imported before the project is on the path, beside (not into) its existing line. So
    the visitor gets the module from its last import block on; a name imported further up
    already is not asked for."""
    body = list(module.body)
    start = max((i for i, s in enumerate(body) if _is_import(s)), default=0)
    while start > 0 and _is_import(body[start - 1]):
        start -= 1
    above = GatherImportsVisitor(CodemodContext())
    module.with_changes(body=[s for s in body[:start] if _is_import(s)]).visit(above)
    context = CodemodContext()
    for mod, name, asname in dict.fromkeys(imports):
        held = above.alias_mapping.get(mod, []) if asname else above.object_mapping.get(mod, ())
        if ((name, asname) if asname else name) not in held:
            AddImportsVisitor.add_needed_import(context, mod, name, asname)
    tail = module.with_changes(body=body[start:]).visit(AddImportsVisitor(context))
    untouched = {module.code_for_node(s) for s in body[start:] if _is_import(s)}
    laid_out = [
        _black(s) if _is_import(s) and module.code_for_node(s) not in untouched else s
        for s in tail.body
    ]
    return module.with_changes(body=[*body[:start], *laid_out])


def _is_import(stmt: cst.CSTNode) -> TypeGuard[cst.SimpleStatementLine]:
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in stmt.body
    )


def _black(stmt: cst.SimpleStatementLine) -> cst.BaseStatement:
    """``stmt`` as black lays it out, its leading comments and blank lines kept."""
    bare = cst.Module(body=[stmt.with_changes(leading_lines=[])]).code
    return cst.parse_statement(format_source(bare)).with_changes(leading_lines=stmt.leading_lines)


# --------------------------------------------------------------------------- the kept run


def kept_run(
    old: Trace,
    replay_steps: Sequence[Step],
    fallback_steps: Sequence[Step],
    variables: dict[str, Any],
    *,
    run_id: str,
    created_at: str,
    inputs: dict[str, Any],
    outputs: dict[str, Any],
    usage: Usage,
    secrets: Sequence[str] = (),
) -> Trace:
    """The run a bridge was made from, kept as a regression test of the recipe: the calls the
    replay made (values, the failed one included) and the fallback's, whose references to the
    recipe's variables are written out as the values they had (``secrets`` redacted)."""
    env = {n: jsonable(v) for n, v in variables.items()}
    suffix: list[Step] = []
    for i, step in enumerate(fallback_steps):
        args: dict[str, Expr] = {}
        for key, expr in step.args.items():
            known, value = value_of(expr, env)
            args[key] = LiteralExpr(value=value) if known else expr
        if step.result_var is not None:
            env[step.result_var] = step.result
        suffix.append(step.model_copy(update={"index": len(replay_steps) + i, "args": args}))
    return _fallback_run(
        old, [*replay_steps], suffix, run_id, created_at, inputs, outputs, usage, secrets, kept=True
    )


# --------------------------------------------------------------------------- the healed trace


def healed_trace(
    old: Trace,
    position: int,
    returned: bool,
    fallback_steps: Sequence[Step],
    variables: dict[str, Any],
    *,
    run_id: str,
    created_at: str,
    inputs: dict[str, Any],
    outputs: dict[str, Any],
    usage: Usage,
    secrets: Sequence[str] = (),
) -> Trace:
    """The replayed prefix (as the recipe computed it) plus the fallback's steps (``secrets``
    redacted).

    The prefix is read off the recipe compiled from the old trace: every statement the replay
    got through (up to the failed call, and never past a variable the failed frame had not
    bound) becomes a step again, with its arguments already generalized (references to
    inputs and earlier variables) and its result under its name in the recipe, so the
    fallback's references line up and compiling this trace gives the healed recipe.
    """
    base: RecipeIR = compile_trace(old).ir
    prefix: list[Step] = []
    calls_seen = 0
    for stmt in base.statements:
        if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
            if calls_seen == position and not returned:
                break
            calls_seen += 1
        if not isinstance(stmt, Assign | ExprStmt):
            break
        if isinstance(stmt, Assign) and stmt.var not in variables and not returned:
            break  # the recipe stopped before binding it (a failed expect or compute)
        var = stmt.var if isinstance(stmt, Assign) else None
        value = variables.get(var) if var else None
        if isinstance(stmt.value, Call):
            action: ActionRef = stmt.value.action
            args: dict[str, Expr] = dict(stmt.value.kwargs)
        else:
            assert isinstance(stmt.value, CodeExpr)
            action, args = COMPUTE, {"expression": LiteralExpr(value=stmt.value.source)}
        prefix.append(
            Step(
                index=len(prefix),
                action=action,
                args=args,
                result_var=var,
                result=jsonable(value),
                source="recipe",
            )
        )
    suffix = [s.model_copy(update={"index": len(prefix) + i}) for i, s in enumerate(fallback_steps)]
    return _fallback_run(
        old, prefix, suffix, run_id, created_at, inputs, outputs, usage, secrets, kept=False
    )


def _fallback_run(
    old: Trace,
    prefix: list[Step],
    suffix: list[Step],
    run_id: str,
    created_at: str,
    inputs: dict[str, Any],
    outputs: dict[str, Any],
    usage: Usage,
    secrets: Sequence[str],
    *,
    kept: bool,
) -> Trace:
    """A run the recipe started and the fallback finished, redacted for writing."""
    trace = Trace(
        run_id=run_id,
        created_at=created_at,
        task=old.task,
        inputs={
            n: (REDACTED if n in old.task.secret_inputs else jsonable(v)) for n, v in inputs.items()
        },
        steps=(*prefix, *suffix),
        outputs=jsonable(outputs),
        usage=usage,
        model=old.model,
        mode="recipe+fallback",
        fallback_from=len(prefix),
        kept=kept,
    )
    return redact(trace, secrets)
