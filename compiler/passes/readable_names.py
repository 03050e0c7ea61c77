"""Pass ``readable_names``: ``list_invoices_1`` becomes ``invoices``, ``compute_2`` ``total``.

The recorder names results ``<action>_<n>``; a person would name them after what they hold. Only
those recorded names are replaced (a name a person or a healed recipe chose is kept). The first
free candidate wins, in this order:

1. the output field the value is returned as (``finish(total_due=compute_2)`` → ``total_due``);
2. for a call, the noun of the action (``list_invoices`` → ``invoices``,
   :func:`~compiler.naming.action_noun`) and of its result type (``list[Invoice]`` →
   ``invoices``); for a compute, what the expression makes (``sum(...)`` → ``total``,
   ``[i for i in invoices if not i.paid]`` → ``unpaid``, ``len(unpaid)`` → ``unpaid_count``);
3. the keyword it is passed to (``reserve(...)`` passed as ``reservation=`` → ``reservation``);
4. the first candidate made specific (``customer_record`` for an object, ``invoice_list`` for a
   list, else ``invoices_result``), then numbered; with no candidate at all, ``notify_result``
   for a call (a compute keeps its recorded name).

A call of an action declared to return ``None`` whose variable nothing reads gets no variable
at all: ``navigate(url=shop_url)``.

A name is free when no parameter, builtin, import, action, compute allow-list name (``date``,
``sum`` …), browser helper (``page``, ``find``), ``expect``, comprehension variable or other
variable has it. The ``names`` pass still makes every name valid afterwards.
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass, field

from compiler.ir import CodeExpr, RefExpr, Step
from compiler.naming import (
    BUILTIN_NAMES,
    RESERVED_GLOBALS,
    NamePool,
    action_noun,
    is_identifier,
    plural,
    singular,
    snake_case,
    type_noun,
    unique_name,
)
from compiler.passes._context import PassContext
from compiler.passes._walk import code_bound_names, parse_code, read_later, rename_statement
from compiler.recipe_ir import Assign, Call, ExprStmt, RecipeIR, Return, Statement

_ALWAYS_TAKEN = frozenset(
    {"date", "datetime", "timedelta", "page", "find", "current_page", "expect", "result", "self"}
)
_GENERIC_KEYWORDS = frozenset(
    {"value", "values", "data", "args", "kwargs", "arg", "input", "obj", "x", "y", "n", "s", "v"}
)
_PRICE_WORDS = frozenset({"price", "cost", "amount", "fare", "fee", "total"})
_TIME_WORDS = frozenset(
    {"date", "day", "issued", "due", "created", "created_at", "time", "when", "start", "departs"}
)
_NEGATIONS = {
    word: "un" + word
    for word in (
        "paid",
        "read",
        "sent",
        "shipped",
        "resolved",
        "approved",
        "verified",
        "assigned",
        "answered",
        "booked",
        "confirmed",
    )
}
_MAX_LENGTH = 40


@dataclass
class _Uses:
    """Where one assignment's value goes (until the variable is assigned again)."""

    outputs: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def readable_names(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Rename recorded ``<action>_<n>`` variables after what they hold."""
    statements = list(ir.statements)
    uses = _uses(statements)
    read = read_later(statements)
    steps = {s.index: s for s in ctx.trace.steps}
    taken = _taken(ir)
    renamed = {i for i, s in enumerate(statements) if isinstance(s, Assign) and _recorded(s)}
    current: dict[str, str] = {}
    chosen: dict[str, str] = {}
    changes: list[str] = []
    out: list[Statement] = []
    for i, stmt in enumerate(statements):
        stmt = rename_statement(stmt, current)
        if isinstance(stmt, Assign) and _returns_nothing(stmt, steps, is_read=read[i]):
            changes.append(f"step {stmt.step}: {stmt.var} dropped ({_action(stmt)} returns None)")
            out.append(
                ExprStmt(value=stmt.value, step=stmt.step, comment=stmt.comment, notes=stmt.notes)
            )
            continue
        if isinstance(stmt, Assign):
            if i in renamed:
                new = chosen.get(stmt.var)
                if new is None:
                    step = steps.get(stmt.step if stmt.step is not None else -1)
                    result = step.result if step is not None else None
                    annotation = step.result_type.annotation if step and step.result_type else None
                    candidates = _candidates(stmt, uses[i], annotation)
                    fallback = (
                        f"{snake_case(_action(stmt))}_result"
                        if _action(stmt) != "compute"
                        else None
                    )
                    new = _choose(candidates, result, taken, fallback)
                    if new is None:
                        new = stmt.var
                    else:
                        changes.append(f"step {stmt.step}: {stmt.var} → {new}")
                    chosen[stmt.var] = new
                    taken.add(new)
                current[stmt.var] = new
                stmt = stmt.model_copy(update={"var": new})
            else:
                current.pop(stmt.var, None)
        out.append(stmt)
    if not changes:
        return ir, []
    return ir.model_copy(update={"statements": tuple(out)}), changes


def _action(stmt: Assign) -> str:
    return stmt.value.action.name if isinstance(stmt.value, Call) else "compute"


def _recorded(stmt: Assign) -> bool:
    """A name the recorder made up (``list_invoices_1``, ``compute_3``)."""
    return re.fullmatch(re.escape(_action(stmt)) + r"_\d+", stmt.var) is not None


def _returns_nothing(stmt: Assign, steps: dict[int, Step], *, is_read: bool) -> bool:
    """A call of an action declared to return ``None`` whose variable nothing reads: the
    recipe calls it without storing a result (``navigate(url=...)``)."""
    step = steps.get(-1 if stmt.step is None else stmt.step)
    return (
        isinstance(stmt.value, Call)
        and step is not None
        and step.result_type is not None
        and step.result_type.annotation == "None"
        and _recorded(stmt)
        and not is_read
    )


def _taken(ir: RecipeIR) -> NamePool:
    taken = NamePool(BUILTIN_NAMES | RESERVED_GLOBALS | _ALWAYS_TAKEN)
    taken |= {p.name for p in ir.params} | {ir.function_name}
    for ref in [
        *ir.task.inputs.values(),
        ir.task.outputs.single,
        *(ir.task.outputs.fields or {}).values(),
    ]:
        if ref is not None:
            taken |= {imp.name for imp in ref.imports}
    for stmt in ir.statements:
        if isinstance(stmt, Assign):
            taken.add(stmt.var)  # recorded names stay taken, whether renamed or kept
        if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
            taken |= {stmt.value.action.name, stmt.value.action.qualname.split(".")[0]}
    taken |= code_bound_names(ir.statements)
    return taken


def _uses(statements: list[Statement]) -> list[_Uses]:
    """For each statement index that assigns, where its value goes."""
    uses = [_Uses() for _ in statements]
    binding: dict[str, int] = {}
    for i, stmt in enumerate(statements):
        if isinstance(stmt, Return) and stmt.fields is not None:
            for key, expr in stmt.fields.items():
                if isinstance(expr, RefExpr) and not expr.path and expr.name in binding:
                    uses[binding[expr.name]].outputs.append(key)
        elif isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
            for key, expr in stmt.value.kwargs.items():
                if isinstance(expr, RefExpr) and not expr.path and expr.name in binding:
                    uses[binding[expr.name]].keywords.append(key)
        if isinstance(stmt, Assign):
            binding[stmt.var] = i
    return uses


def _candidates(stmt: Assign, uses: _Uses, annotation: str | None) -> list[str]:
    found = list(uses.outputs)
    if isinstance(stmt.value, Call):
        found += [
            n
            for n in (action_noun(stmt.value.action.name), annotation and type_noun(annotation))
            if n
        ]
    else:
        described = compute_name(stmt.value)
        if described:
            found.append(described)
    found += [k for k in uses.keywords if k not in _GENERIC_KEYWORDS]
    return [c for c in dict.fromkeys(snake_case(c) for c in found) if _usable(c)]


def _usable(name: str) -> bool:
    return (
        bool(name)
        and len(name) <= _MAX_LENGTH
        and is_identifier(name)
        and not keyword.issoftkeyword(name)
        and not re.search(r"_\d+$", name)
    )


def _choose(
    candidates: list[str], result: object, taken: set[str], fallback: str | None
) -> str | None:
    for name in candidates:
        if name not in taken:
            return name
    if not candidates:
        return fallback if fallback and _usable(fallback) and fallback not in taken else None
    first = candidates[0]
    if isinstance(result, list):
        specific = f"{singular(first)}_list"
    elif isinstance(result, dict):
        specific = f"{first}_record"
    else:
        specific = f"{first}_result"
    if _usable(specific) and specific not in taken:
        return specific
    return unique_name(first, taken)


# --------------------------------------------------------------------------- compute names


def compute_name(code: CodeExpr) -> str | None:
    """A name for what a compute expression makes, or ``None`` when it is not obvious."""
    try:
        tree = parse_code(code.source)
    except SyntaxError:
        return None
    return _describe(tree.body)


def _describe(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return None if re.search(r"_\d+$", node.id) else node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _describe_call(node)
    if isinstance(node, ast.Subscript):
        inner = _describe(node.value)
        index = node.slice
        if isinstance(index, ast.Constant) and index.value in (0, -1) and inner:
            return ("first_" if index.value == 0 else "last_") + singular(inner)
        if isinstance(index, ast.Constant) and isinstance(index.value, str):
            return snake_case(index.value) or None
        if inner and not isinstance(index, ast.Slice) and singular(inner) != inner:
            return singular(inner)  # rows[i] is a row
        return None
    if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
        return _describe_comprehension(node)
    if isinstance(node, ast.JoinedStr):
        return "text"
    return None


def _describe_call(node: ast.Call) -> str | None:
    func = node.func
    first = node.args[0] if node.args else None
    if isinstance(func, ast.Name):
        name = func.id
        if name == "sum":
            return "total"
        if name == "len":
            inner = _describe(first) if first is not None else None
            return f"{inner}_count" if inner else "count"
        if name in ("round", "abs", "int", "float", "str", "list", "tuple", "set", "dict"):
            return _describe(first) if first is not None else None
        if name == "sorted" and isinstance(first, ast.Name):
            inner = _describe(first)
            return f"sorted_{inner}" if inner else None
        if name == "sorted" and first is not None:  # sorting a comprehension: what it makes
            return _describe(first)
        if name in ("min", "max") and first is not None:
            return _extreme(name, first)
        return None
    if isinstance(func, ast.Attribute):
        if func.attr == "join" and first is not None:
            inner = _describe(first)
            return f"{inner}_text" if inner else "text"
        if func.attr in ("lower", "upper", "strip", "title", "casefold", "capitalize"):
            return _describe(func.value)
    return None


def _extreme(which: str, arg: ast.expr) -> str | None:
    attr = None
    if isinstance(arg, ast.ListComp | ast.GeneratorExp) and len(arg.generators) == 1:
        elt = arg.elt
        if isinstance(elt, ast.Tuple) and elt.elts:
            elt = elt.elts[0]
        if isinstance(elt, ast.Attribute):
            attr = elt.attr
    if attr in _PRICE_WORDS:
        return "cheapest" if which == "min" else "most_expensive"
    if attr in _TIME_WORDS:
        return "earliest" if which == "min" else "latest"
    if attr:
        return f"{which}_{attr}"
    inner = _describe(arg)
    return f"{which}_{singular(inner)}" if inner else None


def _describe_comprehension(node: ast.ListComp | ast.GeneratorExp | ast.SetComp) -> str | None:
    gen = node.generators[0]
    if len(node.generators) != 1 or not isinstance(gen.target, ast.Name):
        return None
    target = gen.target.id
    source = _describe(gen.iter)
    chosen = _filter_name(gen.ifs, target, source) if gen.ifs else None
    elt = node.elt
    if isinstance(elt, ast.Name) and elt.id == target:
        return chosen if gen.ifs else source
    if (
        isinstance(elt, ast.Attribute)
        and isinstance(elt.value, ast.Name)
        and elt.value.id == target
    ):
        prefix = singular(chosen) if chosen else (singular(source) if source else None)
        return f"{prefix}_{plural(elt.attr)}" if prefix else plural(elt.attr)
    return None


def _filter_name(ifs: list[ast.expr], target: str, source: str | None) -> str:
    plain = source or "items"
    if len(ifs) == 1:
        test = ifs[0]
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            attr = _own_attr(test.operand, target)
            if attr:
                return _NEGATIONS.get(attr, f"not_{attr}")
        attr = _own_attr(test, target)
        if attr:
            return attr.removeprefix("is_")
        if (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq | ast.NotEq)
            and _own_attr(test.left, target)
            and isinstance(test.comparators[0], ast.Constant)
            and isinstance(test.comparators[0].value, str)
        ):
            word = snake_case(test.comparators[0].value)
            if word and len(word) <= 20:
                if isinstance(test.ops[0], ast.Eq):
                    return f"{word}_{plain}"
                return _NEGATIONS.get(word, f"not_{word}_{plain}")
    return f"matching_{plain}"


def _own_attr(node: ast.expr, target: str) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr if node.value.id == target else None
    return None
