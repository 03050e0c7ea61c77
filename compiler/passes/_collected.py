"""Computes after a loop that read every repetition's result, rewritten to read the list the
loop collects: a list display of them (``[round(i.price, 2) for i in [item, item_2]]``), or a
sum of one field of each (``get_order_1.total + get_order_2.total``). Pure source rewriting
(:mod:`._loop_uses` decides when)."""

from __future__ import annotations

import ast


def _replace_listing(source: str, names: list[str], new: str) -> str | None:
    """``source`` with the list display ``[names...]`` (in that order) replaced by ``new``,
    the rest of the text kept; ``None`` when it has no such list."""
    import ast

    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return None
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.List)
            and len(node.elts) == len(names)
            and all(
                isinstance(e, ast.Name) and e.id == n for e, n in zip(node.elts, names, strict=True)
            )
            and node.end_lineno is not None
            and node.end_col_offset is not None
        ):
            text = source.encode()
            begin = len(source[: starts[node.lineno - 1]].encode()) + node.col_offset
            end = len(source[: starts[node.end_lineno - 1]].encode()) + node.end_col_offset
            return (text[:begin] + new.encode() + text[end:]).decode()
    return None


def _replace_sum(source: str, names: list[str], new: str, item: str) -> str | None:
    """``source`` with a sum of one field of every repetition's result, in order
    (``get_order_1.total + get_order_2.total``), replaced by the sum over the collected list
    (``sum(order.total for order in orders)``); ``None`` when it has no such sum."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return None

    class Summed(ast.NodeTransformer):
        found = False

        def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
            terms = _added(node)
            if terms is not None and len(terms) == len(names):
                shown = [
                    ast.unparse(_rooted(term, name, item))
                    for term, name in zip(terms, names, strict=True)
                ]
                if all(shown) and len(set(shown)) == 1:
                    self.found = True
                    return ast.parse(f"sum({shown[0]} for {item} in {new})", mode="eval").body
            return self.generic_visit(node)

    summed = Summed()
    tree = summed.visit(tree)
    return ast.unparse(tree) if summed.found else None


def _added(node: ast.AST) -> list[ast.expr] | None:
    """The terms of ``a + b + c`` (left to right); ``None`` for anything else."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _added(node.left) or [node.left]
        return [*left, node.right]
    return None


def _rooted(term: ast.expr, name: str, item: str) -> ast.expr:
    """``term`` (``get_order_1.total``) read from ``item`` instead of ``name``, or an empty
    name when it is not a field path from ``name``."""
    node: ast.expr = term
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    if not (isinstance(node, ast.Name) and node.id == name):
        return ast.Name(id="")
    copied = ast.parse(ast.unparse(term), mode="eval").body
    inner: ast.expr = copied
    while isinstance(inner, ast.Attribute | ast.Subscript):
        if isinstance(inner.value, ast.Name):
            inner.value = ast.Name(id=item)
            break
        inner = inner.value
    if isinstance(copied, ast.Name):
        return ast.Name(id=item)
    return copied
