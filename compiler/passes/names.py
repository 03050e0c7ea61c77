"""Pass ``names``: every name the recipe binds is valid and clashes with nothing.

Decides, in this order: the imports of input/output types (kept as written, since annotations
spell them), the output class name, an alias for each action whose name is taken (by a builtin,
an input, the recipe function, a type, or an action of another module), the browser page
variable when locators are used, and clean variable names (``class`` → ``class_``, ``sum`` →
``sum_``), rewriting every reference to them.
"""

from __future__ import annotations

from compiler.errors import CompileError
from compiler.ir import CodeExpr, TypeRef
from compiler.locators import LOCATOR_NAMES, uses_locators
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
from compiler.passes._walk import code_bound_names, rename_statement, statement_exprs
from compiler.recipe_ir import (
    EXPECT_IMPORT,
    REFUSAL,
    REFUSED_IMPORT,
    SIDE_EXIT_IMPORT,
    Assign,
    Call,
    ExprStmt,
    ImportName,
    RecipeIR,
    Statement,
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
    for name in _feature_names(ir):
        if name in params or name == ir.function_name or name in types:
            raise CompileError(
                f"the recipe needs the name {name!r} for itself (browser page helpers or "
                "expect checks), but a task input, the task or one of its types has it. Rename "
                "the input, task or type."
            )
        taken.add(name)
    model_name = _model_name(ir, taken)
    if model_name is not None:
        taken.add(model_name)
    actions = _action_locals(ir, types, taken, changes)
    taken |= set(actions.values())
    taken |= code_bound_names(ir.statements)
    page_name = None
    if _uses_locators(ir):
        page_name = unique_name("page", taken | params)
        taken.add(page_name)
    statements = _rename_variables(ir, taken, actions, changes)
    imports = {
        ImportName(module=m, name=n) for n, m in types.items() if (m, n) not in _FIXED_IMPORTS
    }
    for (module, head), local in actions.items():
        imports.add(ImportName(module=module, name=head, alias=None if local == head else local))
    ordered = tuple(sorted(imports, key=lambda i: (i.module, i.name, i.alias or "")))
    update = {
        "model_name": model_name,
        "statements": statements,
        "imports": ordered,
        "page_name": page_name,
    }
    return ir.model_copy(update=update), changes


def _uses_locators(ir: RecipeIR) -> bool:
    return uses_locators(
        s.value.kwargs
        for s in ir.statements
        if isinstance(s, Assign | ExprStmt) and isinstance(s.value, Call)
    )


def _feature_names(ir: RecipeIR) -> set[str]:
    """Module-level names the recipe binds for what it uses (locators, expect checks)."""
    found: set[str] = set()
    if _uses_locators(ir):
        found |= set(LOCATOR_NAMES) - {"page"}
    if any(isinstance(s, Assign) and s.expect is not None for s in ir.statements):
        found.add(EXPECT_IMPORT.name)
    if any(isinstance(s, ExprStmt) and s.refused is not None for s in ir.statements):
        found |= {REFUSAL, REFUSED_IMPORT.name, SIDE_EXIT_IMPORT.name}
    return found


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
    sources = [
        e.source for s in ir.statements for e in statement_exprs(s) if isinstance(e, CodeExpr)
    ]
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
        if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
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
    blocked = taken | set(current)  # one growing set: a union per statement was quadratic
    out: list[Statement] = []
    for stmt in ir.statements:
        stmt = _rewrite_statement(stmt, current, actions)
        if isinstance(stmt, Assign):
            new = assigned.get(stmt.var)
            if new is None:
                new = clean_variable(stmt.var, blocked)
                if new != stmt.var:
                    changes.append(f"step {stmt.step}: variable {stmt.var!r} renamed to {new}")
            assigned[stmt.var] = current[stmt.var] = new
            blocked.add(new)
            stmt = stmt.model_copy(update={"var": new})
        out.append(stmt)
    return tuple(out)


def _rewrite_statement(
    stmt: Statement, current: dict[str, str], actions: dict[tuple[str, str], str]
) -> Statement:
    stmt = rename_statement(stmt, current)
    if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
        return stmt
    action = stmt.value.action
    head, _, rest = action.qualname.partition(".")
    callee = actions[(action.module, head)] + (f".{rest}" if rest else "")
    return stmt.model_copy(update={"value": stmt.value.model_copy(update={"callee": callee})})
