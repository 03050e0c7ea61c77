"""What a trace may put into a recipe's source, checked before any of it is emitted.

A ``trace.json`` can come from anywhere (a colleague, an issue, a download), and a recipe is
imported and run. So every piece of trace text that becomes *code* rather than a literal is
checked here, and anything else is a :class:`~compiler.errors.CompileError` naming the field:

- a **type annotation** is a type expression only: names and dotted names, subscripts
  (``list[Invoice]``, ``dict[str, tuple[int, ...]]``, ``Callable[[int], str]``), ``|`` and
  ``None``; a string, number or boolean only inside ``Literal[...]``. No call, no operator but
  ``|``, no name or attribute that starts with ``_`` or names a dangerous builtin (``eval``,
  ``open`` …), one line, no comment. Annotations are evaluated when a recipe runs (pydantic
  builds the output model from them, ``typing.get_type_hints`` reads the parameters), so
  nothing else may reach them;
- a **module path** is dotted identifiers, and an **action's name** one identifier; an
  action's module and qualname go through no private (``__x``) name;
- **compute sources** pass the allow-list of :mod:`compiler.expr` (the lower pass checks every
  one, in compute steps and inside arguments alike).

Everything else a trace holds (values, reasons, descriptions, ids, page text) is emitted as
escaped literals, comments or docstrings by :mod:`compiler.literals`, never as code.

This module is pure: it parses text and never evaluates it.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize

from compiler.errors import CompileError
from compiler.expr import FORBIDDEN_NAMES
from compiler.naming import is_identifier, is_module_path

__all__ = ["check_action_names", "check_annotation", "check_module_path"]

_LITERAL_CONSTANTS = (str, bytes, int, float, bool)
_NOT_TYPES = FORBIDDEN_NAMES - {
    "classmethod",
    "memoryview",
    "object",
    "property",
    "staticmethod",
    "super",
    "type",
}
"""Dangerous builtins that are no type either (``eval``, ``open`` …); ``object`` and ``type``
are types."""
_MAX_ANNOTATION_CHARS = 1000
_FIX_TYPE = "Fix the type in the task definition (or in trace.json)."
_RETRACE = "Fix trace.json or record the task again."


def check_annotation(annotation: str, where: str) -> None:
    """Raise :class:`CompileError` unless ``annotation`` is a plain type expression (see the
    module docstring); ``where`` names the field in the message (``task input 'x'``)."""
    shown = repr(annotation) if len(annotation) <= 120 else repr(annotation[:117]) + "…"
    if not annotation.strip():
        raise CompileError(f"{where}: the type annotation is empty. {_FIX_TYPE}")
    if len(annotation) > _MAX_ANNOTATION_CHARS:
        raise CompileError(
            f"{where}: the type annotation {shown} is longer than {_MAX_ANNOTATION_CHARS} "
            f"characters. {_FIX_TYPE}"
        )
    if any(ch in annotation for ch in "\n\r\0"):
        raise CompileError(
            f"{where}: the type annotation {shown} must be one line (no line breaks). {_FIX_TYPE}"
        )
    try:
        tree = ast.parse(annotation.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise CompileError(
            f"{where}: the type annotation {shown} is not a Python expression. {_FIX_TYPE}"
        ) from None
    if _has_comment(annotation):
        raise CompileError(
            f"{where}: the type annotation {shown} must not hold a comment. {_FIX_TYPE}"
        )
    problem = _Annotation().problem(tree.body, in_literal=False)
    if problem is not None:
        raise CompileError(
            f"{where}: the type annotation {shown} is not a plain type: {problem}. Types may "
            f"use names, dotted names, subscripts, | and None (values only inside "
            f"Literal[...]). {_FIX_TYPE}"
        )


def check_module_path(path: str, where: str) -> None:
    """Raise :class:`CompileError` unless ``path`` is a dotted module path (``examples.shop``);
    ``where`` says whose path it is (``step 3: the type 'Invoice'``)."""
    if not is_module_path(path):
        raise CompileError(
            f"{where} names the module {path[:120]!r}, which cannot be imported: a module path "
            f"is dotted Python identifiers, such as examples.invoices. {_RETRACE}"
        )


def check_action_names(name: str, module: str, qualname: str, where: str) -> None:
    """Raise :class:`CompileError` unless an action's tool name is an identifier and its module
    and qualname are dotted identifiers without private parts (what the recipe imports and
    calls); ``where`` is ``step <n>``."""
    shown = f"{where}: action {name[:80]!r}"
    for what, path in (("module", module), ("qualname", qualname)):
        if not is_module_path(path):
            raise CompileError(
                f"{shown} has {what} {path[:120]!r}, which cannot be imported: it must be dotted "
                f"Python identifiers, such as examples.invoices. {_RETRACE}"
            )
    private = [p for p in (*module.split("."), *qualname.split(".")) if p.startswith("__")]
    if private:
        raise CompileError(
            f"{shown} lives at {module}.{qualname}, which cannot be imported: it goes through "
            f"the private name {private[0]!r}, and a recipe imports public names only. {_RETRACE}"
        )
    if not is_identifier(name):
        raise CompileError(f"{shown}: the action name is not a Python identifier. {_RETRACE}")
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or top == "builtins":
        # An action is a function of the task's project; a trace that names the standard
        # library's (os.system, subprocess.run, shutil.rmtree …) would have the recipe call it.
        raise CompileError(
            f"{shown} lives at {module}.{qualname}, in Python's standard library, which holds "
            f"no action of a task: a trace cannot name one. If your own package is named "
            f"{top!r}, rename it. {_RETRACE}"
        )


def _has_comment(source: str) -> bool:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return True
    return any(token.type == tokenize.COMMENT for token in tokens)


class _Annotation:
    """Finds the first part of an annotation's syntax tree that is not a type expression."""

    def problem(self, node: ast.expr, *, in_literal: bool) -> str | None:
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name | ast.Attribute):
                return f"{ast.unparse(node)} reads an attribute of something that is not a name"
            return self._name(node.attr) or self.problem(node.value, in_literal=False)
        if isinstance(node, ast.Constant):
            if node.value is None or node.value is Ellipsis:
                return None
            if in_literal and isinstance(node.value, _LITERAL_CONSTANTS):
                return None
            return f"the value {ast.unparse(node)[:60]} stands outside Literal[...]"
        if isinstance(node, ast.UnaryOp):
            if (
                in_literal
                and isinstance(node.op, ast.USub)
                and isinstance(node.operand, ast.Constant)
                and type(node.operand.value) in (int, float)
            ):
                return None
            return f"{ast.unparse(node)[:60]} is an operation, not a type"
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, ast.BitOr):
                return f"{ast.unparse(node)[:60]} uses an operator other than |"
            return self.problem(node.left, in_literal=False) or self.problem(
                node.right, in_literal=False
            )
        if isinstance(node, ast.Subscript):
            if not isinstance(node.value, ast.Name | ast.Attribute):
                return f"{ast.unparse(node)[:60]} subscripts something that is not a name"
            literal = _is_literal(node.value)
            return self.problem(node.value, in_literal=False) or self._items(
                node.slice, in_literal=literal
            )
        if in_literal is False and isinstance(node, ast.List | ast.Tuple):
            return f"{ast.unparse(node)[:60]} is a list or tuple outside a subscript"
        kind = _KINDS.get(type(node), "the expression")
        return f"{kind} {ast.unparse(node)[:60]} is not allowed"

    def _items(self, node: ast.expr, *, in_literal: bool) -> str | None:
        """The inside of ``X[...]``: one type, or several (a tuple), or a list of types
        (``Callable[[int], str]``)."""
        if isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                inner = (
                    self._items(element, in_literal=in_literal)
                    if isinstance(element, ast.List)
                    else self.problem(element, in_literal=in_literal)
                )
                if inner is not None:
                    return inner
            return None
        return self.problem(node, in_literal=in_literal)

    @staticmethod
    def _name(name: str) -> str | None:
        if name.startswith("_"):
            return f"the name {name!r} starts with _"
        if name in _NOT_TYPES:
            return f"{name!r} names a dangerous builtin, not a type"
        if not is_identifier(name):
            return f"{name!r} is not a plain identifier"
        return None


_KINDS: dict[type[ast.AST], str] = {
    ast.Call: "the call",
    ast.BoolOp: "the and/or expression",
    ast.Compare: "the comparison",
    ast.IfExp: "the conditional expression",
    ast.Lambda: "the lambda",
    ast.NamedExpr: "the assignment expression",
    ast.JoinedStr: "the f-string",
}


def _is_literal(node: ast.expr) -> bool:
    """``Literal`` or ``<module>.Literal`` (``typing.Literal``)."""
    if isinstance(node, ast.Name):
        return node.id == "Literal"
    return isinstance(node, ast.Attribute) and node.attr == "Literal"
