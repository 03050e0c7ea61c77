"""What a loop's later statements read, for the ``control_flow`` pass: the body's results
collected into lists (``for i in [item, item_2]`` becomes ``for i in items``), whether a name
and an action share a word, and the clean-up after rolling (no length guard, no ``expect`` on a
list a loop goes over). Split from :mod:`._loops`, which finds the loops; the numbers written
after a loop are :mod:`._loop_counts`."""

from __future__ import annotations

import re
from typing import Any, Literal

from compiler.ir import (
    CodeExpr,
    DictExpr,
    Expr,
    ListExpr,
    LiteralExpr,
    RefExpr,
)
from compiler.passes._collected import _replace_listing, _replace_sum
from compiler.passes._predicates import Access
from compiler.passes._scope import _code, _Scope, _source
from compiler.passes._values import (
    follow,
    is_distinctive,
    json_equal,
    value_of,
)
from compiler.passes._walk import (
    expr_names,
    leaf_exprs,
    map_arguments,
    names_read,
    statement_exprs,
)
from compiler.passes.data_flow import access_of
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    Loop,
    Statement,
    walk_statements,
)


def _paths_in(item: Any) -> list[tuple[Any, ...]]:
    """Paths into an item: itself, its fields, their fields (two levels)."""
    paths: list[tuple[Any, ...]] = [()]
    if isinstance(item, dict):
        for key, inner in item.items():
            paths.append((key,))
            if isinstance(inner, dict):
                paths.extend((key, sub) for sub in inner)
    return paths


def _collect_refs(
    stmt: Statement,
    blocks: list[list[Statement]],
    locals_: list[dict[str, int]],
    scope: _Scope,
    collects: list[tuple[str, str]],
    collect_names: dict[tuple[int, tuple[str | int, ...]], str],
    template: dict[int, str],
    chosen: list[Any],
    var: str,
    access: Access | None,
    in_scope: dict[str, Any],
) -> Statement | None:
    """``stmt`` reading the body's results (or the items' fields) only through collected
    lists, or ``None`` when it reads one repetition's result (which a loop cannot give), or
    holds a value the model wrote that differs from one repetition to the next (which the
    loop would not repeat)."""
    every_local = {name for names in locals_ for name in names}
    if isinstance(stmt, Guard) and not set(stmt.condition.names) & every_local:
        return stmt  # a check over what the loop leaves alone (a count guard before a call)
    if isinstance(stmt, Guard):
        return None
    reps = len(blocks)
    failed = False
    varying_values = _iteration_values(
        chosen, [scope.result_of(b[p])[0] for b in blocks for p in range(len(b))]
    )
    if isinstance(stmt, Loop):
        # A loop of its own, rolled first (the same items again, or others): it may follow
        # when it reads nothing of a repetition's, and holds no value of one.
        reads_one = bool(names_read(stmt) & every_local)
        return None if reads_one or _holds_one(stmt, varying_values) else stmt

    def per_item(expr: Expr) -> tuple[int, tuple[str | int, ...]] | None:
        """(body position, path) when ``expr`` lists that value of every repetition."""
        if (
            isinstance(expr, ListExpr)
            and len(expr.items) == reps
            and all(
                isinstance(item, RefExpr) and item.name in locals_[t]
                for t, item in enumerate(expr.items)
            )
        ):
            found: set[tuple[int, tuple[str | int, ...]]] = set()
            for t, item in enumerate(expr.items):
                assert isinstance(item, RefExpr)
                found.add((locals_[t][item.name], item.path))
            return found.pop() if len(found) == 1 else None
        # Otherwise (``$ref``s to the items themselves, or copies) by the values listed.
        if isinstance(expr, ListExpr):
            known, listed = value_of(expr, in_scope)
        elif isinstance(expr, LiteralExpr):
            known, listed = True, expr.value
        else:
            return None
        if not known or not isinstance(listed, list) or len(listed) != reps or reps < 2:
            return None
        if not any(is_distinctive(v) for v in listed):
            return None
        for path in _paths_in(chosen[0]):
            at_items = [follow(item, path) for item in chosen]
            if all(k and json_equal(v, w) for (k, v), w in zip(at_items, listed, strict=True)):
                return (-1, path)  # the items' own field, listed
        for p in range(len(blocks[0])):
            if not isinstance(blocks[0][p], Assign):
                continue
            for path in [(), *[(k,) for k in _fields(blocks, p, scope)]]:
                at_results = [follow(scope.result_of(b[p])[0], path) for b in blocks]
                if all(
                    k and json_equal(v, w) for (k, v), w in zip(at_results, listed, strict=True)
                ):
                    return (p, path)
        return None

    def rewrite(expr: Expr, _label: str) -> Expr:
        nonlocal failed
        found = per_item(expr)
        if found is not None:
            p, path = found
            if found not in collect_names:
                if p == -1:
                    name = scope.fresh(_plural_name(var, path))
                    kinds: tuple[Literal["attr", "key"], ...] = tuple(
                        "attr" if access == "attr" and str(e).isidentifier() else "key"
                        for e in path
                    )
                    value = _source(RefExpr(name=var, path=path, path_kinds=kinds))
                else:
                    stmt0 = blocks[0][p]
                    assert isinstance(stmt0, Assign)
                    base = template[p]
                    name = scope.fresh(_plural_name(base, path))
                    value = _source(
                        RefExpr(
                            name=base,
                            path=path,
                            path_kinds=tuple(_access_kind(scope, stmt0) for _ in path),
                        )
                    )
                collect_names[found] = name
                collects.append((name, value))
            return RefExpr(name=collect_names[found])
        if isinstance(expr, LiteralExpr) and _mentions(expr.value, varying_values):
            failed = scope.copied_later = True  # a value of one repetition: not repeatable
            return expr
        if isinstance(expr, ListExpr | DictExpr):
            return expr  # map_arguments looks inside
        if expr_names(expr) & every_local:
            failed = True
        return expr

    if (
        isinstance(stmt, Assign | ExprStmt)
        and isinstance(stmt.value, CodeExpr)
        and set(stmt.value.names) & every_local
    ):
        stmt = _listing_collected(stmt, blocks, scope, collects, collect_names, template)
    new = map_arguments(stmt, rewrite)
    reads_one = (
        isinstance(new, Assign | ExprStmt)
        and isinstance(new.value, CodeExpr)
        and bool(set(new.value.names) & every_local)
    )
    return None if failed or reads_one else new


def _listing_collected(
    stmt: Assign | ExprStmt,
    blocks: list[list[Statement]],
    scope: _Scope,
    collects: list[tuple[str, str]],
    collect_names: dict[tuple[int, tuple[str | int, ...]], str],
    template: dict[int, str],
) -> Assign | ExprStmt:
    """A compute that lists every repetition's result in order (``[round(i.price, 2) for i in
    [item, item_2, item_3]]``) reads the collected list instead (``for i in items``)."""
    assert isinstance(stmt.value, CodeExpr)
    source = stmt.value.source
    for p in range(len(blocks[0])):
        names = []
        for block in blocks:
            at = block[p]
            if not isinstance(at, Assign):
                break
            names.append(at.var)
        else:
            key: tuple[int, tuple[str | int, ...]] = (p, ())
            name = collect_names.get(key) or scope.fresh(_plural_name(template[p], ()))
            replaced = _replace_listing(source, names, name) or _replace_sum(
                source, names, name, template[p]
            )
            if replaced is None:
                if key not in collect_names:
                    scope.taken.discard(name)
                continue
            if key not in collect_names:
                collect_names[key] = name
                collects.append((name, template[p]))
            source = replaced
    if source == stmt.value.source:
        return stmt
    return stmt.model_copy(update={"value": _code(source)})


def _iteration_values(items: list[Any], results: list[Any]) -> list[Any]:
    """Distinctive values that differ between the items acted on (their fields) — and the
    values of the repetitions' results — which a literal after the loop may not repeat."""
    found: list[Any] = []
    fields: dict[str, list[Any]] = {}
    for item in items:
        if isinstance(item, dict):
            for key, value in item.items():
                fields.setdefault(key, []).append(value)
        else:
            fields.setdefault("", []).append(item)
    for values in fields.values():
        if len({repr(v) for v in values}) > 1:
            found += [v for v in values if is_distinctive(v) and not isinstance(v, list | dict)]
    found += [r for r in results if is_distinctive(r) and not isinstance(r, list | dict)]
    return found


def _holds_one(loop: Loop, values: list[Any]) -> bool:
    """Whether a statement of the loop holds a value the model wrote that is one of ``values``."""
    return any(
        isinstance(leaf, LiteralExpr) and _mentions(leaf.value, values)
        for stmt in walk_statements([loop])
        for expr in statement_exprs(stmt)
        for _, leaf in leaf_exprs(expr, "")
    )


def _mentions(value: Any, among: list[Any]) -> bool:
    """Whether a literal is, holds or (as text) contains one of ``among``."""
    if isinstance(value, list):
        return any(_mentions(v, among) for v in value)
    if isinstance(value, dict):
        return any(_mentions(v, among) for v in value.values())
    for other in among:
        if json_equal(value, other):
            return True
        text = str(other)
        if (
            isinstance(value, str)
            and isinstance(other, str | int | float)
            and len(text) >= 3
            and re.search(rf"(?<![\w.]){re.escape(text)}(?![\w])", value)
        ):
            return True
    return False


def _fields(blocks: list[list[Statement]], p: int, scope: _Scope) -> list[str]:
    stmt = blocks[0][p]
    assert isinstance(stmt, Assign)
    value, _ = scope.result_of(stmt)
    return [k for k in value if isinstance(k, str)] if isinstance(value, dict) else []


def _access_kind(scope: _Scope, stmt: Statement) -> Literal["attr", "key"]:
    value, annotation = scope.result_of(stmt)
    return access_of(annotation, value) or "key"


def _plural_name(base: str, path: tuple[str | int, ...]) -> str:
    from compiler.naming import plural

    word = str(path[-1]) if path else base
    word = re.sub(r"_\d+$", "", word)
    return plural(word) if word.isidentifier() else "results"


def _call_name(stmt: Statement) -> str:
    if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
        return stmt.value.callee or stmt.value.action.name
    return ""


def same_word(label: str, action: str) -> bool:
    """Whether a value's label and an action share a word stem (``output escalated`` and
    ``escalate``, ``output final_notices`` and ``send_final_notice``)."""
    mine = [w for w in re.split(r"[\W_]+", label.split(" ", 1)[-1].lower()) if _telling(w)]
    theirs = [w for w in re.split(r"[\W_]+", action.lower()) if _telling(w)]
    return any(a[:5] == b[:5] for a in mine for b in theirs)


def _telling(word: str) -> bool:
    """A word of a name that can say what it is about: four letters or more, or a three-letter
    word that is no verb of every action nor a word of every name (``dry`` of
    ``assign_dry_stack``, ``vip``; not ``set``, ``new``, ``all``, ``not``)."""
    return len(word) >= 4 or (len(word) == 3 and word not in _PLAIN_SHORT)


_PLAIN_SHORT = frozenset(
    re.findall(
        r"\w+",
        "all any and are but can due for get got had has its may new non nor not now off old one "
        "out own per put run set the too two use via was yet add ids",
    )
)


def _without_length_guards(statements: list[Statement]) -> list[Statement]:
    """A list the recipe now loops over whole needs no guard on its length (the
    ``locator_data`` pass guards lists whose items name elements, until a loop does)."""
    looped = {
        s.iterable.name
        for s in statements
        if isinstance(s, Loop) and isinstance(s.iterable, RefExpr)
    }
    from compiler.passes.locator_data import length_guard_of

    return [s for s in statements if length_guard_of(s) not in looped]


# --------------------------------------------------------------------------- expectations


def _drop_loop_expects(
    statements: list[Statement], changes: list[str], looped_too: set[str]
) -> list[Statement]:
    """No ``expect`` on a list a loop goes over, directly or through computes (a filter, a
    sort): an empty list is a valid input, and the loop runs zero times."""
    feeds: dict[str, set[str]] = {}  # variable → the compute variables made from it
    looped: set[str] = set(looped_too)
    for stmt in walk_statements(statements):
        if isinstance(stmt, Loop):
            looped |= expr_names(stmt.iterable)
            for _, also in stmt.also:
                looped |= expr_names(also)
        elif isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr):
            for name in stmt.value.names:
                feeds.setdefault(name, set()).add(stmt.var)

    def reaches_loop(name: str, seen: set[str]) -> bool:
        if name in looped:
            return True
        seen.add(name)
        return any(reaches_loop(n, seen) for n in feeds.get(name, ()) if n not in seen)

    out: list[Statement] = []
    for stmt in statements:
        if isinstance(stmt, Assign) and stmt.expect is not None and reaches_loop(stmt.var, set()):
            stmt = stmt.model_copy(update={"expect": None})
            changes.append(
                f"step {stmt.step}: no expect on {stmt.var} (an empty list loops 0 times)"
            )
        out.append(stmt)
    return out
