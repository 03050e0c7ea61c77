"""Pass ``names``: every name the recipe binds is valid and clashes with nothing.

Decides, in this order: the imports of input/output types (kept as written, since annotations
spell them), the output class name, an alias for each action whose name is taken (by a builtin,
an input, the recipe function, a type, or an action of another module), and clean variable names
(``class`` → ``class_``, ``sum`` → ``sum_``), rewriting every reference to them.
"""

from __future__ import annotations

import ast

from compiler.errors import CompileError, ExpressionError
from compiler.ir import CodeExpr, Expr, FStringExpr, RefExpr, TypeRef
from compiler.naming import (
    BUILTIN_NAMES,
    RESERVED_GLOBALS,
    camel_case,
    clean_variable,
    is_identifier,
    is_module_path,
    unique_name,
)
from compiler.passes._context import PassContext
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    ImportName,
    RecipeIR,
    Return,
    Statement,
    Value,
)

_FIXED_IMPORTS = {("pydantic", "BaseModel")}
"""Imports a recipe has anyway; a type may ask for them without clashing."""


def names(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Choose import aliases, the output class name and variable names; rewrite references."""
    changes: list[str] = []
    params = {p.name for p in ir.params}
    types = _type_imports(ir)
    for name, module in _code_imports(ir).items():
        if name in params or name == ir.function_name or types.get(name, module) != module:
            raise CompileError(
                f"a compute expression uses {module}.{name}, but a task input, the task or one "
                f"of its types is also named {name!r}. Rename the input, task or type."
            )
        types[name] = module
    taken = set(RESERVED_GLOBALS) | {ir.function_name} | set(types) | params | BUILTIN_NAMES
    model_name = _model_name(ir, taken)
    if model_name is not None:
        taken.add(model_name)
    actions = _action_locals(ir, types, taken, changes)
    taken |= set(actions.values())
    taken |= _names_in_code(ir)
    statements = _rename_variables(ir, taken, actions, changes)
    imports = {
        ImportName(module=m, name=n) for n, m in types.items() if (m, n) not in _FIXED_IMPORTS
    }
    for (module, head), local in actions.items():
        imports.add(ImportName(module=module, name=head, alias=None if local == head else local))
    ordered = tuple(sorted(imports, key=lambda i: (i.module, i.name, i.alias or "")))
    return (
        ir.model_copy(
            update={"model_name": model_name, "statements": statements, "imports": ordered}
        ),
        changes,
    )


# --------------------------------------------------------------------------- globals


def _type_refs(ir: RecipeIR) -> list[TypeRef]:
    outputs = ir.task.outputs
    refs = list(ir.task.inputs.values())
    if outputs.single is not None:
        refs.append(outputs.single)
    refs.extend((outputs.fields or {}).values())
    return refs


def _type_imports(ir: RecipeIR) -> dict[str, str]:
    """Type name → module, for every import the annotations need."""
    found: dict[str, str] = {}
    for ref in _type_refs(ir):
        for imp in ref.imports:
            if imp.module == "builtins":
                continue
            where = f"the type {ref.annotation!r}"
            if not is_module_path(imp.module) or not is_identifier(imp.name):
                raise CompileError(
                    f"{where} needs 'from {imp.module} import {imp.name}', which is not a valid "
                    "import. Fix the type in the task definition."
                )
            other = found.get(imp.name)
            if other is not None and other != imp.module:
                raise CompileError(
                    f"the task's types need {imp.name!r} from both {other!r} and {imp.module!r}; "
                    "one recipe cannot import both under that name. Rename one of the types."
                )
            if imp.name == ir.function_name or (
                imp.name in RESERVED_GLOBALS and (imp.module, imp.name) not in _FIXED_IMPORTS
            ):
                raise CompileError(
                    f"{where} needs a type named {imp.name!r}, which the recipe module uses for "
                    "itself. Rename the type or the task."
                )
            found[imp.name] = imp.module
    return dict(sorted(found.items()))


def _code_imports(ir: RecipeIR) -> dict[str, str]:
    """Name → module of what compute expressions use without a variable (``date`` …)."""
    sources = [e.source for s in ir.statements for e in _stmt_exprs(s) if isinstance(e, CodeExpr)]
    if not sources:
        return {}
    from compiler.expr import required_imports

    return {name: module for source in sources for module, name in required_imports(source)}


def _model_name(ir: RecipeIR, taken: set[str]) -> str | None:
    outputs = ir.task.outputs
    if outputs.fields is None:
        return None
    if outputs.model_name is None:
        return unique_name(camel_case(ir.function_name) + "Outputs", taken)
    if not is_identifier(outputs.model_name) or outputs.model_name in taken:
        raise CompileError(
            f"the output model name {outputs.model_name!r} is not a valid Python class name or "
            "clashes with a builtin, a task input, a type or the recipe function. Choose "
            "another model name in the task definition."
        )
    return outputs.model_name


def _action_locals(
    ir: RecipeIR, types: dict[str, str], taken: set[str], changes: list[str]
) -> dict[tuple[str, str], str]:
    """(module, imported name) → the name the recipe calls it by, in order of first use."""
    locals_: dict[tuple[str, str], str] = {}
    heads: dict[str, str] = {}
    used = set(taken)
    for stmt in ir.statements:
        if isinstance(stmt, Return) or not isinstance(stmt.value, Call):
            continue
        action = stmt.value.action
        head = action.qualname.split(".")[0]
        key = (action.module, head)
        if key in locals_:
            continue
        if types.get(head) == action.module or head not in used:
            local = head
        else:
            if head in heads:
                why = f"an action from {heads[head]} has the same name"
                base = f"{action.module.rsplit('.', 1)[-1]}_{head}"
            else:
                why = _clash_reason(head, ir, types)
                base = f"{head}_action"
            local = unique_name(base, used)
            changes.append(f"step {stmt.step}: import {action.module}.{head} as {local} ({why})")
        heads.setdefault(head, action.module)
        locals_[key] = local
        used.add(local)
    return locals_


def _clash_reason(name: str, ir: RecipeIR, types: dict[str, str]) -> str:
    if name in ir.task.inputs:
        return "a task input has that name"
    if name == ir.function_name:
        return "the recipe function has that name"
    if name in types:
        return f"a type from {types[name]} has that name"
    if name in BUILTIN_NAMES:
        return "it would shadow the builtin"
    return "every recipe module uses that name"


def _names_in_code(ir: RecipeIR) -> set[str]:
    """Names compute expressions bind (comprehension and lambda variables), so a renamed
    variable never gets captured by one."""
    found: set[str] = set()
    for stmt in ir.statements:
        for expr in _stmt_exprs(stmt):
            if isinstance(expr, CodeExpr):
                for node in ast.walk(parse_code(expr.source)):
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        found.add(node.id)
                    elif isinstance(node, ast.arg):
                        found.add(node.arg)
    return found


def _stmt_exprs(stmt: Statement) -> list[Expr]:
    if isinstance(stmt, Return):
        if stmt.fields is not None:
            return list(stmt.fields.values())
        return [stmt.value] if stmt.value is not None else []
    if isinstance(stmt.value, Call):
        return list(stmt.value.kwargs.values())
    return [stmt.value]


def parse_code(source: str) -> ast.Expression:
    """Parse a compute expression, allowing it to span lines as if it were parenthesized."""
    try:
        return ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return ast.parse("(" + source + "\n)", mode="eval")


# --------------------------------------------------------------------------- variables


def _rename_variables(
    ir: RecipeIR,
    taken: set[str],
    actions: dict[tuple[str, str], str],
    changes: list[str],
) -> tuple[Statement, ...]:
    # Recorded name → recipe name of every variable bound so far (inputs keep their names).
    current = {p.name: p.name for p in ir.params}
    assigned: dict[str, str] = {}
    used = set(current)
    out: list[Statement] = []
    for stmt in ir.statements:
        stmt = _rewrite_statement(stmt, current, actions)
        if isinstance(stmt, Assign):
            new = assigned.get(stmt.var)
            if new is None:
                new = clean_variable(stmt.var, taken | used)
                if new != stmt.var:
                    changes.append(f"step {stmt.step}: variable {stmt.var!r} renamed to {new}")
            assigned[stmt.var] = current[stmt.var] = new
            used.add(new)
            stmt = stmt.model_copy(update={"var": new})
        out.append(stmt)
    return tuple(out)


def _rewrite_statement(
    stmt: Statement, current: dict[str, str], actions: dict[tuple[str, str], str]
) -> Statement:
    if isinstance(stmt, Return):
        if stmt.fields is not None:
            fields = {k: _rename(v, current) for k, v in stmt.fields.items()}
            return stmt.model_copy(update={"fields": fields})
        if stmt.value is not None:
            return stmt.model_copy(update={"value": _rename(stmt.value, current)})
        return stmt
    value: Value
    if isinstance(stmt.value, Call):
        action = stmt.value.action
        head, _, rest = action.qualname.partition(".")
        callee = actions[(action.module, head)] + (f".{rest}" if rest else "")
        kwargs = {k: _rename(v, current) for k, v in stmt.value.kwargs.items()}
        value = stmt.value.model_copy(update={"kwargs": kwargs, "callee": callee})
    else:
        value = _rename_code(stmt.value, current)
    assert isinstance(stmt, Assign | ExprStmt)
    return stmt.model_copy(update={"value": value})


def _rename(expr: Expr, current: dict[str, str]) -> Expr:
    if isinstance(expr, RefExpr):
        return _rename_ref(expr, current)
    if isinstance(expr, FStringExpr):
        parts = tuple(_rename_ref(p, current) if isinstance(p, RefExpr) else p for p in expr.parts)
        return expr.model_copy(update={"parts": parts})
    if isinstance(expr, CodeExpr):
        return _rename_code(expr, current)
    return expr


def _rename_ref(ref: RefExpr, current: dict[str, str]) -> RefExpr:
    new = current.get(ref.name, ref.name)
    return ref if new == ref.name else ref.model_copy(update={"name": new})


def _rename_code(code: CodeExpr, current: dict[str, str]) -> CodeExpr:
    mapping = {n: current[n] for n in code.names if n in current and current[n] != n}
    if not mapping:
        return code
    from compiler.expr import rename_expression

    try:
        source = rename_expression(code.source, mapping)
    except ExpressionError as exc:
        raise CompileError(f"internal error: cannot rename variables in a compute: {exc}") from None
    return CodeExpr(source=source, names=tuple(mapping.get(n, n) for n in code.names))
