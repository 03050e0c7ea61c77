"""The ``compute`` expression language: a small, safe subset of Python expressions.

The model reasons ("pick the cheapest", "sum the unpaid") by calling the built-in ``compute`` action
with one Python expression over named variables. The runtime evaluates it with its own interpreter
(:mod:`runtime.agent.compute`); the compiler emits the same text, variables renamed, into the
recipe, where it runs as plain Python. Text from the model is untrusted, so every expression must
pass :func:`validate_expression` before either happens.

What the language allows
    literals (numbers, strings, bytes, ``True``/``False``/``None``), lists, tuples, sets and
    dicts (with ``*xs`` / ``**d`` unpacking), variables, attribute access and indexing/slicing,
    arithmetic ``+ - * / // % **``, set operators ``| & ^``, ``not``/``-``/``+``, ``and``/``or``,
    every comparison (chained too), ``a if c else b``, list/set/dict comprehensions and generator
    expressions (several ``for``/``if``), f-strings (format specs and ``!r``/``!s``/``!a``), calls
    to :data:`ALLOWED_BUILTINS` and to methods named in :data:`ALLOWED_METHODS` (keyword
    arguments and ``*args``/``**kwargs`` included).

What it forbids
    lambdas (write ``min((p.price, p.name) for p in products)`` or
    ``sorted([(p.price, p.name) for p in products])`` instead of a ``key=lambda``), ``:=``,
    ``await``/``yield``, bit shifts, ``~``, ``@``, any name or attribute starting with ``_``
    (the lone ``_`` is allowed as a throwaway comprehension variable), frame/code internals
    such as ``gi_frame``, names of dangerous builtins (``eval``, ``getattr``, ``open`` …),
    calls to anything else, starred comprehension targets, and expressions longer than
    :data:`MAX_EXPRESSION_CHARS` characters, with more than :data:`MAX_NODES` syntax nodes or
    nested deeper than :data:`MAX_DEPTH`.

This module is pure: it parses and inspects text and never evaluates it.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import libcst as cst
import libcst.metadata as cst_metadata

from compiler.errors import ExpressionError

__all__ = [
    "ALLOWED_BUILTINS",
    "ALLOWED_METHODS",
    "DATETIME_NAMES",
    "FORBIDDEN_ATTRIBUTES",
    "FORBIDDEN_NAMES",
    "MAX_DEPTH",
    "MAX_EXPRESSION_CHARS",
    "MAX_NODES",
    "free_names",
    "parse_expression",
    "rename_expression",
    "required_imports",
    "validate_expression",
]

MAX_EXPRESSION_CHARS: int = 2000
"""Longest expression text accepted, in characters."""

MAX_NODES: int = 500
"""Most syntax nodes (expressions, comprehension clauses, keyword arguments) accepted."""

MAX_DEPTH: int = 100
"""Deepest nesting of syntax nodes accepted (``a + b + c`` nests one level per ``+``)."""

DATETIME_NAMES: tuple[str, ...] = ("date", "datetime", "timedelta")
"""Names of the language that a recipe imports ``from datetime``."""

ALLOWED_BUILTINS: frozenset[str] = frozenset(
    {
        "abs",
        "all",
        "any",
        "bool",
        "dict",
        "divmod",
        "enumerate",
        "float",
        "frozenset",
        "int",
        "len",
        "list",
        "map",
        "max",
        "min",
        "range",
        "reversed",
        "round",
        "set",
        "sorted",
        "str",
        "sum",
        "tuple",
        "zip",
        *DATETIME_NAMES,
    }
)
"""Functions an expression may call (and read as values, e.g. ``sorted(xs, key=len)``)."""

ALLOWED_METHODS: frozenset[str] = frozenset(
    {
        # str (``format``/``format_map`` are missing on purpose: "{0.__class__}".format(x))
        "capitalize",
        "casefold",
        "center",
        "count",
        "endswith",
        "find",
        "index",
        "isalnum",
        "isalpha",
        "isdecimal",
        "isdigit",
        "islower",
        "isnumeric",
        "isspace",
        "istitle",
        "isupper",
        "join",
        "ljust",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rfind",
        "rindex",
        "rjust",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
        "zfill",
        # dict (list/tuple: ``index`` and ``count`` above; nothing that mutates)
        "get",
        "items",
        "keys",
        "values",
        # date / datetime / timedelta
        "combine",
        "date",
        "fromisoformat",
        "fromordinal",
        "isocalendar",
        "isoformat",
        "isoweekday",
        "now",
        "strftime",
        "strptime",
        "time",
        "timestamp",
        "today",
        "toordinal",
        "total_seconds",
        "weekday",
    }
)
"""Method names an expression may call on any receiver (``s.lower()``, ``d.get("k")``)."""

FORBIDDEN_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "ag_await",
        "ag_code",
        "ag_frame",
        "cr_await",
        "cr_code",
        "cr_frame",
        "cr_origin",
        "f_back",
        "f_builtins",
        "f_code",
        "f_globals",
        "f_locals",
        "f_trace",
        "func_code",
        "func_globals",
        "gi_code",
        "gi_frame",
        "gi_yieldfrom",
        "mro",
        "tb_frame",
        "tb_next",
    }
)
"""Attributes that lead from ordinary values to frames, code or globals (without a ``_``)."""

FORBIDDEN_NAMES: frozenset[str] = frozenset(
    {
        "breakpoint",
        "classmethod",
        "compile",
        "delattr",
        "dir",
        "eval",
        "exec",
        "exit",
        "getattr",
        "globals",
        "hasattr",
        "help",
        "locals",
        "memoryview",
        "object",
        "open",
        "property",
        "quit",
        "setattr",
        "staticmethod",
        "super",
        "type",
        "vars",
    }
)
"""Python builtins that may not even be read: in a recipe they would reach the real thing."""

_CONSTANT_TYPES = (str, bytes, int, float, complex, bool, type(None))

_BINARY_OPERATORS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
}
_FORBIDDEN_OPERATORS: dict[type[ast.AST], str] = {
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.MatMult: "@",
    ast.Invert: "~",
}
_UNARY_OPERATORS = (ast.Not, ast.USub, ast.UAdd)

# What to call a forbidden construct in a message, and what to write instead.
_FORBIDDEN_CONSTRUCTS: dict[type[ast.AST], tuple[str, str]] = {
    ast.Lambda: (
        "lambda functions are",
        "Use a comprehension instead, e.g. min((p.price, p.name) for p in products).",
    ),
    ast.NamedExpr: ("assignment expressions (':=') are", "Compute the value in a separate step."),
    ast.Await: ("'await' is", "An expression cannot wait; call an action instead."),
    ast.Yield: ("'yield' is", "Use a generator expression instead."),
    ast.YieldFrom: ("'yield from' is", "Use a generator expression instead."),
    ast.Starred: ("starred expressions outside calls and list/tuple/set literals are", ""),
}

_METHOD_HINT = "Allowed methods: " + ", ".join(sorted(ALLOWED_METHODS)) + "."
_FUNCTION_HINT = "Allowed functions: " + ", ".join(sorted(ALLOWED_BUILTINS)) + "."
_OPERATOR_HINT = "Allowed operators: " + " ".join(_BINARY_OPERATORS.values()) + "."


def parse_expression(source: str) -> ast.Expression:
    """Parse ``source`` and check it against the allow-list; return its (fresh) syntax tree.

    Raises :class:`~compiler.errors.ExpressionError` naming the first offending construct.
    """
    return _analyse(source).tree


def validate_expression(source: str) -> None:
    """Raise :class:`~compiler.errors.ExpressionError` unless ``source`` is an allowed expression.

    The message names the offending construct, where it is (column, and line when the
    expression spans several) and what is allowed instead.
    """
    _analyse(source)


def free_names(source: str) -> tuple[str, ...]:
    """Variables ``source`` reads, in order of first appearance.

    Comprehension variables and the names in :data:`ALLOWED_BUILTINS` are not variables.
    """
    return tuple(name for name in _analyse(source).free if name not in ALLOWED_BUILTINS)


def required_imports(source: str) -> tuple[tuple[str, str], ...]:
    """``(module, name)`` pairs a recipe must import for ``source`` to run as plain Python.

    Only the date names need an import: ``(("datetime", "date"), ("datetime", "timedelta"))``.
    """
    used = set(_analyse(source).free)
    return tuple(("datetime", name) for name in DATETIME_NAMES if name in used)


def rename_expression(source: str, mapping: Mapping[str, str]) -> str:
    """Rename the free variables of ``source`` by ``mapping``, keeping all other text verbatim.

    Comprehension variables, attributes and keyword-argument names are never renamed. Raises
    :class:`~compiler.errors.ExpressionError` if the result would mean something else: a new
    name that is not a valid variable name, that a comprehension variable would capture, or that
    collides with another variable.
    """
    analysis = _analyse(source)
    free = [name for name in analysis.free if name not in ALLOWED_BUILTINS]
    renames = {old: new for old, new in mapping.items() if old in free and old != new}
    if not renames:
        return source
    for old, new in renames.items():
        _check_new_name(old, new)
    final_names: dict[str, str] = {}
    for name in free:
        final = renames.get(name, name)
        if final in final_names:
            raise ExpressionError(
                f"compute: renaming would merge the variables {final_names[final]!r} and "
                f"{name!r} into {final!r} in {source!r}; choose distinct names."
            )
        final_names[final] = name
    bound = {
        node.id
        for node in ast.walk(analysis.tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
    if bound.isdisjoint(renames) and bound.isdisjoint(renames.values()):
        # No comprehension variable shadows or could capture a renamed name: every free
        # reference the checker found is replaced in place (fast; no scope analysis needed).
        fast = _rename_at(
            source, [(ln, col, n, renames[n]) for ln, col, n in analysis.refs if n in renames]
        )
        if fast is not None:
            return fast
    return _CstRenamer.rename(source, renames)


def _rename_at(source: str, edits: list[tuple[int, int, str, str]]) -> str | None:
    """``source`` with the name ``old`` at each (line, UTF-8 byte column) replaced by ``new``;
    ``None`` if a position does not hold exactly that name as written (e.g. a name Python reads
    differently after NFKC normalization)."""
    try:
        lines = source.encode("utf-8").splitlines(keepends=True)  # Python's own line breaks
    except UnicodeError:
        return None
    by_line: dict[int, list[tuple[int, bytes, bytes]]] = {}
    for line, col, old_name, new_name in edits:
        by_line.setdefault(line, []).append((col, old_name.encode(), new_name.encode()))
    for line, items in by_line.items():
        if not 1 <= line <= len(lines):
            return None
        text = lines[line - 1]
        for col, old, new in sorted(items, reverse=True):
            end = col + len(old)
            after = text[end : end + 1]
            if text[col:end] != old or (
                after and (after.isalnum() or after == b"_" or after[0] >= 0x80)
            ):
                return None
            text = text[:col] + new + text[end:]
        lines[line - 1] = text
    return b"".join(lines).decode("utf-8")


# --------------------------------------------------------------------------- analysis


@dataclass
class _Analysis:
    tree: ast.Expression
    free: list[str]
    """Free names in order of first appearance, builtins included."""
    refs: list[tuple[int, int, str]]
    """Every free reference: (line, UTF-8 byte column, name)."""


def _analyse(source: str) -> _Analysis:
    if not isinstance(source, str):
        raise ExpressionError(
            f"compute: the expression must be a string, not {type(source).__name__}."
        )
    if not source.strip():
        raise ExpressionError("compute: the expression is empty; write one Python expression.")
    if len(source) > MAX_EXPRESSION_CHARS:
        raise ExpressionError(
            f"compute: the expression is {len(source)} characters long; the limit is "
            f"{MAX_EXPRESSION_CHARS}. Split the work into several compute steps."
        )
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        where = _where_from_syntax_error(source, exc)
        raise ExpressionError(
            f"compute: the expression does not parse{where}: {exc.msg}. Write one Python "
            f"expression, e.g. sum(i.amount for i in invoices if not i.paid)."
        ) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"compute: the expression cannot be parsed: {exc}.") from None
    _check_size(source, tree)
    checker = _Checker(source)
    checker.visit(tree.body, frozenset())
    seen: dict[str, None] = {}
    for _, _, name in sorted(checker.free_refs):
        seen.setdefault(name, None)
    return _Analysis(tree=tree, free=list(seen), refs=sorted(checker.free_refs))


def _check_size(source: str, tree: ast.Expression) -> None:
    # Iterative on purpose: the checker below recurses, and must only see bounded depth.
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ExpressionError(
                f"compute: the expression is too complex (more than {MAX_NODES} syntax nodes). "
                f"Split the work into several compute steps."
            )
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"compute: the expression nests more than {MAX_DEPTH} levels deep (at "
                f"{_where(source, node).removeprefix(' (')}. Split the work into several "
                f"compute steps."
            )
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, _STRUCTURAL):
                stack.append((child, depth + 1))


_STRUCTURAL = (ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop)


class _Checker:
    """Walks an expression once: rejects what the allow-list forbids, records free names."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.free_refs: list[tuple[int, int, str]] = []
        # Targets of enclosing comprehensions that are local but not bound yet at this point.
        self.pending: frozenset[str] = frozenset()

    def fail(self, node: ast.AST, head: str, tail: str = ".") -> ExpressionError:
        """An error reading ``compute: <head> (column N)<tail>``."""
        return ExpressionError(f"compute: {head}{_where(self.source, node)}{tail}")

    def visit(self, node: ast.AST, bound: frozenset[str]) -> None:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise self._forbidden(node)
        method(node, bound)

    def _forbidden(self, node: ast.AST) -> ExpressionError:
        what, hint = _FORBIDDEN_CONSTRUCTS.get(
            type(node), (f"{type(node).__name__} expressions are", "")
        )
        return self.fail(node, f"{what} not allowed", f". {hint}".rstrip())

    def check_name(self, node: ast.AST, name: str, kind: str) -> None:
        if name.startswith("_") and name != "_":
            raise self.fail(
                node,
                f"the {kind} {name!r} is not allowed",
                ": names starting with '_' are private.",
            )

    # ---------------------------------------------------------------- leaves and names

    def visit_Constant(self, node: ast.Constant, bound: frozenset[str]) -> None:
        if not isinstance(node.value, _CONSTANT_TYPES):
            raise self.fail(node, f"the constant {node.value!r} is not allowed")

    def visit_Name(self, node: ast.Name, bound: frozenset[str]) -> None:
        self.check_name(node, node.id, "name")
        if node.id in self.pending:
            raise self.fail(
                node,
                f"the comprehension variable {node.id!r} is read before its 'for' binds it",
                ". Reorder the 'for' clauses.",
            )
        if node.id in bound:
            return
        if node.id in FORBIDDEN_NAMES:
            raise self.fail(node, f"the name {node.id!r} is not allowed", f". {_FUNCTION_HINT}")
        self.free_refs.append((node.lineno, node.col_offset, node.id))

    def visit_Attribute(self, node: ast.Attribute, bound: frozenset[str]) -> None:
        self.visit(node.value, bound)
        self.check_name(node, node.attr, "attribute")
        if node.attr in FORBIDDEN_ATTRIBUTES:
            raise self.fail(
                node, f"the attribute {node.attr!r} is not allowed", ": it exposes internals."
            )

    def visit_Subscript(self, node: ast.Subscript, bound: frozenset[str]) -> None:
        self.visit(node.value, bound)
        self.visit(node.slice, bound)

    def visit_Slice(self, node: ast.Slice, bound: frozenset[str]) -> None:
        for part in (node.lower, node.upper, node.step):
            if part is not None:
                self.visit(part, bound)

    # ---------------------------------------------------------------- operators

    def visit_BinOp(self, node: ast.BinOp, bound: frozenset[str]) -> None:
        if type(node.op) not in _BINARY_OPERATORS:
            symbol = _FORBIDDEN_OPERATORS.get(type(node.op), type(node.op).__name__)
            raise self.fail(node, f"the operator '{symbol}' is not allowed", f". {_OPERATOR_HINT}")
        self.visit(node.left, bound)
        self.visit(node.right, bound)

    def visit_UnaryOp(self, node: ast.UnaryOp, bound: frozenset[str]) -> None:
        if not isinstance(node.op, _UNARY_OPERATORS):
            symbol = _FORBIDDEN_OPERATORS.get(type(node.op), type(node.op).__name__)
            raise self.fail(
                node,
                f"the operator '{symbol}' is not allowed",
                ". Allowed unary operators: not - +.",
            )
        self.visit(node.operand, bound)

    def visit_BoolOp(self, node: ast.BoolOp, bound: frozenset[str]) -> None:
        for value in node.values:
            self.visit(value, bound)

    def visit_Compare(self, node: ast.Compare, bound: frozenset[str]) -> None:
        self.visit(node.left, bound)
        for comparator in node.comparators:
            self.visit(comparator, bound)

    def visit_IfExp(self, node: ast.IfExp, bound: frozenset[str]) -> None:
        self.visit(node.test, bound)
        self.visit(node.body, bound)
        self.visit(node.orelse, bound)

    # ---------------------------------------------------------------- literals

    def _visit_elements(self, elements: list[ast.expr], bound: frozenset[str]) -> None:
        for element in elements:
            self.visit(element.value if isinstance(element, ast.Starred) else element, bound)

    def visit_Tuple(self, node: ast.Tuple, bound: frozenset[str]) -> None:
        self._visit_elements(node.elts, bound)

    def visit_List(self, node: ast.List, bound: frozenset[str]) -> None:
        self._visit_elements(node.elts, bound)

    def visit_Set(self, node: ast.Set, bound: frozenset[str]) -> None:
        self._visit_elements(node.elts, bound)

    def visit_Dict(self, node: ast.Dict, bound: frozenset[str]) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                self.visit(key, bound)
            self.visit(value, bound)

    def visit_JoinedStr(self, node: ast.JoinedStr, bound: frozenset[str]) -> None:
        for value in node.values:
            self.visit(value, bound)

    def visit_FormattedValue(self, node: ast.FormattedValue, bound: frozenset[str]) -> None:
        self.visit(node.value, bound)
        if node.format_spec is not None:
            self.visit(node.format_spec, bound)

    # ---------------------------------------------------------------- calls

    def visit_Call(self, node: ast.Call, bound: frozenset[str]) -> None:
        func = node.func
        if isinstance(func, ast.Name):
            self.check_name(func, func.id, "function")
            if func.id in bound:
                raise self.fail(
                    func,
                    f"calls to {func.id!r} are not allowed",
                    ": here it is a comprehension variable, not a function.",
                )
            if func.id not in ALLOWED_BUILTINS:
                raise self.fail(
                    func, f"calls to {func.id!r} are not allowed", f". {_FUNCTION_HINT}"
                )
            self.free_refs.append((func.lineno, func.col_offset, func.id))
        elif isinstance(func, ast.Attribute):
            self.visit(func.value, bound)
            self.check_name(func, func.attr, "method")
            if func.attr not in ALLOWED_METHODS:
                raise self.fail(
                    func,
                    f"calls to the method '.{func.attr}()' are not allowed",
                    f". {_METHOD_HINT}",
                )
        else:
            self.visit(func, bound)  # a forbidden callee (a lambda …) gets its own message
            raise self.fail(
                func,
                "only allowed functions and methods can be called",
                f"; this calls {_describe(func)}. {_FUNCTION_HINT}",
            )
        self._visit_elements(node.args, bound)
        for kw in node.keywords:
            if kw.arg is not None:
                self.check_name(kw, kw.arg, "keyword argument")
            self.visit(kw.value, bound)

    # ---------------------------------------------------------------- comprehensions

    def _visit_comprehension(
        self,
        node: ast.AST,
        generators: list[ast.comprehension],
        results: list[ast.expr],
        bound: frozenset[str],
    ) -> None:
        per_generator: list[set[str]] = []
        for generator in generators:
            if generator.is_async:
                raise self.fail(node, "async comprehensions are not allowed")
            names: set[str] = set()
            self._collect_targets(generator.target, names)
            per_generator.append(names)
        targets = frozenset().union(*per_generator)
        outer_pending = self.pending
        # Python evaluates the first iterable in the enclosing scope, the rest inside, where
        # every target is local from the start (reading one too early is an error).
        self.visit(generators[0].iter, bound)
        bound_so_far: set[str] = set()
        try:
            for index, generator in enumerate(generators):
                if index:
                    inner = self._enter(bound, outer_pending, targets, bound_so_far)
                    self.visit(generator.iter, inner)
                bound_so_far |= per_generator[index]
                inner = self._enter(bound, outer_pending, targets, bound_so_far)
                for condition in generator.ifs:
                    self.visit(condition, inner)
            inner = self._enter(bound, outer_pending, targets, bound_so_far)
            for result in results:
                self.visit(result, inner)
        finally:
            self.pending = outer_pending

    def _enter(
        self,
        outer_bound: frozenset[str],
        outer_pending: frozenset[str],
        targets: frozenset[str],
        bound_so_far: set[str],
    ) -> frozenset[str]:
        """Set :attr:`pending` for a point inside a comprehension; return the bound names."""
        self.pending = (outer_pending - bound_so_far) | (targets - bound_so_far)
        return (outer_bound - self.pending) | bound_so_far

    def _collect_targets(self, target: ast.expr, names: set[str]) -> None:
        if isinstance(target, ast.Name):
            self.check_name(target, target.id, "name")
            names.add(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._collect_targets(element, names)
        else:
            raise self.fail(
                target,
                "comprehension targets must be names or tuples of names",
                f"; got {_describe(target)}.",
            )

    def visit_ListComp(self, node: ast.ListComp, bound: frozenset[str]) -> None:
        self._visit_comprehension(node, node.generators, [node.elt], bound)

    def visit_SetComp(self, node: ast.SetComp, bound: frozenset[str]) -> None:
        self._visit_comprehension(node, node.generators, [node.elt], bound)

    def visit_GeneratorExp(self, node: ast.GeneratorExp, bound: frozenset[str]) -> None:
        self._visit_comprehension(node, node.generators, [node.elt], bound)

    def visit_DictComp(self, node: ast.DictComp, bound: frozenset[str]) -> None:
        self._visit_comprehension(node, node.generators, [node.key, node.value], bound)


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "an attribute",
        ast.Call: "the result of a call",
        ast.Subscript: "a subscript expression",
        ast.Starred: "a starred expression",
        ast.Lambda: "a lambda",
        ast.Name: "a name",
    }
    return names.get(type(node), f"a {type(node).__name__} expression")


def _where(source: str, node: ast.AST) -> str:
    lineno = getattr(node, "lineno", None)
    col = getattr(node, "col_offset", None)
    if lineno is None or col is None:
        return ""
    # ast columns count UTF-8 bytes; messages count characters.
    char_col = len(_line(source, lineno).encode()[:col].decode(errors="ignore"))
    return _position(source, lineno, char_col)


def _where_from_syntax_error(source: str, exc: SyntaxError) -> str:
    if exc.lineno is None or exc.offset is None:
        return ""
    # SyntaxError.offset counts characters from 1 already.
    return _position(source, exc.lineno, max(exc.offset - 1, 0))


def _position(source: str, lineno: int, char_col: int) -> str:
    if "\n" in source.rstrip("\n"):
        return f" (line {lineno}, column {char_col + 1})"
    return f" (column {char_col + 1})"


def _line(source: str, lineno: int) -> str:
    lines = source.splitlines()
    return lines[lineno - 1] if 0 < lineno <= len(lines) else ""


# --------------------------------------------------------------------------- renaming


def _check_new_name(old: str, new: str) -> None:
    if not isinstance(new, str) or not new.isidentifier() or keyword.iskeyword(new):
        raise ExpressionError(
            f"compute: cannot rename {old!r} to {new!r}: not a valid Python variable name."
        )
    if new.startswith("_") or new in FORBIDDEN_NAMES or new in ALLOWED_BUILTINS:
        raise ExpressionError(
            f"compute: cannot rename {old!r} to {new!r}: that name is reserved in compute "
            f"expressions (private, a builtin, or forbidden)."
        )


class _CstRenamer(cst.CSTTransformer):
    """Renames the Name nodes that libcst's scope analysis reports as free accesses."""

    def __init__(self, targets: dict[cst.Name, str]) -> None:
        super().__init__()
        self.targets = targets

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        new = self.targets.get(original_node)
        return updated_node if new is None else updated_node.with_changes(value=new)

    @classmethod
    def rename(cls, source: str, renames: dict[str, str]) -> str:
        try:
            module = cst.parse_module(source)
        except cst.ParserSyntaxError as exc:  # ast accepted it; libcst should too
            raise ExpressionError(f"compute: cannot rename in {source!r}: {exc}") from None
        wrapper = cst_metadata.MetadataWrapper(module, unsafe_skip_copy=True)
        scopes = wrapper.resolve(cst_metadata.ScopeProvider)
        targets: dict[cst.Name, str] = {}
        for scope in _unique_scopes(scopes.values()):
            for access in scope.accesses:
                node = access.node
                if not isinstance(node, cst.Name) or node.value not in renames:
                    continue
                if any(_is_local(ref) for ref in access.referents):
                    continue
                new = renames[node.value]
                if any(_is_local(ref) for ref in scope[new]):
                    raise ExpressionError(
                        f"compute: cannot rename {node.value!r} to {new!r} in {source!r}: "
                        f"a comprehension variable named {new!r} would capture it."
                    )
                targets[node] = new
        return module.visit(cls(targets)).code


def _unique_scopes(
    scopes: Iterable[cst_metadata.Scope | None],
) -> Iterator[cst_metadata.Scope]:
    seen: set[int] = set()
    for scope in scopes:
        if scope is not None and id(scope) not in seen:
            seen.add(id(scope))
            yield scope


def _is_local(assignment: cst_metadata.BaseAssignment) -> bool:
    return not isinstance(assignment, cst_metadata.BuiltinAssignment)
