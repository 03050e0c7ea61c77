"""Loops for the ``control_flow`` pass: repeated steps over a list's items become ``for``
loops (a filter from :mod:`._predicates`), arguments listing every item become comprehensions,
and no ``expect`` stays on a list a loop goes over."""

from __future__ import annotations

import ast
import re
from itertools import pairwise
from typing import Any

from compiler.ir import (
    CodeExpr,
    DictExpr,
    Expr,
    FStringExpr,
    ListExpr,
    LiteralExpr,
    LocatorExpr,
    RefExpr,
)
from compiler.naming import singular
from compiler.passes._elements import _element_for, _element_template
from compiler.passes._excepted import excepted, excepted_guard
from compiler.passes._guard_kit import _unseen_guard, agreement_guard, fields_guard
from compiler.passes._loop_anchor import TEMPLATE, _anchor, _Leaf, _zipped
from compiler.passes._loop_counts import LoopFacts, _counts
from compiler.passes._loop_places import (
    _by_place,
    _filtered_fields,
    _place,
    _places,
    _reads_only_fields,
)
from compiler.passes._loop_uses import _call_name, _collect_refs, _paths_in
from compiler.passes._narrowing import unseen_values
from compiler.passes._predicates import EVERY, Access, Predicate, choose
from compiler.passes._scope import _code, _Scope, _source
from compiler.passes._values import (
    follow,
    is_distinctive,
    is_integer,
    json_equal,
)
from compiler.passes._walk import expr_names, leaf_exprs, rename_code
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    Loop,
    Statement,
)

MAX_BODY = 6
"""Most statements in one repetition of a loop body."""


# --------------------------------------------------------------------------- loops


def _shape(stmt: Statement) -> tuple[Any, ...] | None:
    """What two repetitions of a statement share; ``None`` for statements that never repeat."""
    if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
        action = stmt.value.action
        refused = isinstance(stmt, ExprStmt) and stmt.refused is not None  # (never rolls)
        return (
            "call",
            action.module,
            action.qualname,
            tuple(stmt.value.kwargs),
            type(stmt),
            refused,
        )
    return None


def _body_shape(stmt: Statement) -> tuple[Any, ...] | None:
    """:func:`_shape`, or for a compute, its code with every name left out (``x.total > 100``
    in each repetition, over that repetition's own lookup): what a loop body may hold besides
    calls, read an item, decide on it, then act."""
    shape = _shape(stmt)
    if shape is not None or not (isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr)):
        return shape
    try:
        tree = ast.parse(stmt.value.source, mode="eval")
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _place(node) is not None:
            node.slice = ast.Constant(value="#")
        if isinstance(node, ast.Name):
            node.id = "_"
    return ("code", ast.dump(tree))


def _best_loop(
    statements: list[Statement], i: int, scope: _Scope
) -> tuple[list[Statement], int, list[Statement]] | None:
    """The loop that covers the most statements from ``i``: (its statements, how many
    recorded statements it replaces, the statements after it rewritten)."""
    first = _shape(statements[i])
    if first is None and not _by_place(statements[i]):
        return None
    # Every loop goes over a list in scope, an item per repetition: none repeats more often than
    # the longest has items (which keeps runs of like calls that no list explains cheap).
    longest = scope.longest_list_before(scope.position_of(statements[i]))
    if longest < 2:
        return None
    options: list[tuple[int, int, int]] = []  # (-covered, k, r)
    for k in range(1, MAX_BODY + 1):
        block = statements[i : i + k]
        if len(block) < k or any(_body_shape(s) is None for s in block):
            break
        shapes = [_body_shape(s) for s in block]
        r = 1
        results = {s.var for s in block if isinstance(s, Assign)}
        while (
            r < longest
            and [_body_shape(s) for s in statements[i + r * k : i + (r + 1) * k]] == shapes
        ):
            following = statements[i + r * k : i + (r + 1) * k]
            if any(_reads(s) & results for s in following):
                break  # it reads an earlier repetition's result: no loop goes past it (a chain)
            results |= {s.var for s in following if isinstance(s, Assign)}
            r += 1
        for reps in range(r, 1, -1):
            options.append((-(reps * k), k, reps))
    for _, k, reps in sorted(options):
        built = _build_loop(statements, i, k, reps, scope)
        if built is not None:
            return built
    return None


def _build_loop(
    statements: list[Statement],
    i: int,
    k: int,
    reps: int,
    scope: _Scope,
    decided_at: int | None = None,
) -> tuple[list[Statement], int, list[Statement]] | None:
    """The loop over ``reps`` repetitions of ``k`` statements from ``i``. ``decided_at``: the
    body position of a true/false compute that may come out either way (its sides are the
    caller's to write, :mod:`._decided`); the loop then counts nothing after it itself."""
    blocks = [statements[i + t * k : i + (t + 1) * k] for t in range(reps)]
    locals_: list[dict[str, int]] = [
        {s.var: p for p, s in enumerate(block) if isinstance(s, Assign)} for block in blocks
    ]
    every_local = {name for names in locals_ for name in names}
    template_vars = {p: name for name, p in locals_[0].items()}
    # Leaves of every argument, per repetition, with body-local references made positional.
    varying: list[_Leaf] = []
    invariant: dict[tuple[int, str], Expr] = {}
    located: dict[tuple[int, str], LocatorExpr] = {}
    """Elements named by successive items of a list (their templates, from the first one)."""
    element_items: list[tuple[str, list[int]]] = []
    places: dict[int, list[tuple[str, int]]] = {}
    """Each compute's places in an outer list, per repetition (``leases[0]``, ``leases[1]``)."""
    for p in range(k):
        calls = [block[p] for block in blocks]
        if not _same_code(
            calls, locals_, template_vars, p, scope, either=p == decided_at, places=places
        ):
            return None
        for key in _kwargs(calls[0]):
            per_block = [leaf_exprs(_kwargs(c)[key], f"argument {key}") for c in calls]
            labels = [[label for label, _ in leaves] for leaves in per_block]
            if any(lab != labels[0] for lab in labels):
                return None
            for n, (label, _) in enumerate(per_block[0]):
                exprs = [leaves[n][1] for leaves in per_block]
                if any(isinstance(e, LocatorExpr) for e in exprs):
                    element = _element_template(exprs)
                    if element is None:
                        return None  # elements that differ otherwise than by a list's items
                    template, named_by = element
                    if named_by is None:
                        invariant[(p, label)] = template  # the same element every time
                    else:
                        located[(p, label)] = template
                        element_items.append(named_by)
                    continue
                normalized = []
                for t, expr in enumerate(exprs):
                    names = expr_names(expr)
                    if names & (every_local - set(locals_[t])):
                        return None  # one repetition reads another's result
                    normalized.append(_positional(expr, locals_[t], p))
                if any(n is None for n in normalized):
                    return None
                if all(n == normalized[0] for n in normalized):
                    invariant[(p, label)] = _rename(exprs[0], locals_[0], template_vars)
                else:
                    varying.append(_Leaf(p, key, label, exprs))
    position = scope.position_of(statements[i])
    if not varying and not element_items:
        anchored_at = _anchor_of_places(places, scope, position) if decided_at is not None else None
        if anchored_at is None:
            return None
    if len({(name, tuple(idx)) for name, idx in element_items}) > 1:
        return None  # elements named by different lists, or other items of one
    anchored = _anchor(varying, scope, position) if varying else None
    if not varying and not element_items:
        anchored = anchored_at
    if element_items:
        name, idx = element_items[0]
        if any(b <= a for a, b in pairwise(idx)):
            return None  # the items in another order than the list's: not a loop over it
        if anchored is None and varying:
            return None
        if anchored is not None and (anchored[0] != RefExpr(name=name) or anchored[3] != idx):
            return None
        known = scope.at(position).get(name)
        if known is None or not isinstance(known[1], list) or not known[1]:
            return None
        if anchored is None:
            items_of = known[1]
            access_of_items = scope.item_access(known[2], items_of, position)
            anchored = (RefExpr(name=name), items_of, access_of_items, idx, {})
    zipped: list[tuple[str, RefExpr]] = []
    if anchored is None and varying and not element_items:
        # Every repetition read the n-th item of two lists or more (skus[n], prices[n]).
        found = _zipped(varying, scope, position)
        if found is not None:
            anchored, partners = found
            for ref, leaves in partners:
                partner_var = scope.fresh(_item_name(ref))
                zipped.append((partner_var, ref))
                for leaf, rest, partner_access in leaves:
                    kinds = tuple(
                        "attr" if partner_access == "attr" and str(e).isidentifier() else "key"
                        for e in rest
                    )
                    invariant[(leaf.position, leaf.label)] = RefExpr(
                        name=partner_var,
                        path=rest,
                        path_kinds=kinds,  # type: ignore[arg-type]
                    )
    if anchored is None:
        return None
    list_ref, items, access, indices, subpaths = anchored
    if places and any(
        [name for name, _ in reads] != [_source(list_ref)] * len(reads)
        or [at for _, at in reads] != indices
        for reads in places.values()
    ):
        return None  # a compute reads another list, or other items, than the loop goes over
    if places and access is None:
        # The model's own code read the item's fields (``leases[0].rent``): so does the loop.
        first = [
            s.value.source
            for s in blocks[0]
            if isinstance(s, Assign) and isinstance(s.value, CodeExpr)
        ]
        place = rf"\b{re.escape(_source(list_ref))}\[{indices[0]}\]"
        if any(re.search(place + r"\.[A-Za-z_]", src) for src in first):
            access = "attr"
        elif any(re.search(place + r"\[", src) for src in first):
            access = "key"
    selected = set(indices)
    shapes = {_shape(s) for s in blocks[0]} - {None}
    if any(
        _shape(later) in shapes and _reads_an_item(later, list_ref, items)
        for later in statements[i + reps * k :]
    ):
        return None  # the same calls on more of its items later: a filter would be told wrong
    if any(
        _shape(earlier) in shapes and _names_an_item(earlier, list_ref.name, items)
        for earlier in statements[:i]
    ):
        return None  # the same calls on its earlier items already: a loop over all would redo
    item_base = _item_name(list_ref)
    # The body's own result may have the item's name (``invoice = get_invoice(...)``).
    var = scope.fresh(f"listed_{item_base}" if item_base in template_vars.values() else item_base)
    if zipped:
        predicates: list[Predicate] | None = []
    else:
        predicates = choose(
            items,
            selected,
            var=var,
            access=access,
            inputs=scope.inputs,
            text=scope.text,
            description=scope.told,
        )
    if predicates and len(selected) == len(items):
        # Every item of the model's own selection (``[c for c in claims if c.amount <= limit]``)
        # was acted on: a rule over the fields it selected by says again what it said.
        chosen_by = _filtered_fields(list_ref, statements[:i])
        kept = [p for p in predicates if p is EVERY or not _reads_only_fields(p, chosen_by)]
        predicates = [] if all(p is EVERY for p in kept) else kept
    if predicates is None:
        scope.taken.discard(var)
        return None
    # Later statements may read the body's results only as the whole list of them (collected).
    after = statements[i + reps * k :]
    collects: list[tuple[str, str]] = []
    collect_names: dict[tuple[int, tuple[str | int, ...]], str] = {}
    rewritten: list[Statement] = []
    for stmt in after:
        new = _collect_refs(
            stmt,
            blocks,
            locals_,
            scope,
            collects,
            collect_names,
            template_vars,
            [items[j] for j in indices],
            var,
            access,
            scope.values_at(scope.position_of(statements[i])),
        )
        if new is None:
            scope.taken.discard(var)
            for name, _ in collects:
                scope.taken.discard(name)
            return None
        rewritten.append(new)
    # The body: the first repetition, each varying leaf read from the item.
    body: list[Statement] = []
    for p, stmt in enumerate(blocks[0]):
        if isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr):
            value = stmt.value
            if p in places:  # (``leases[0]`` of the first repetition: the item)
                place = rf"\b{re.escape(_source(list_ref))}\[{indices[0]}\]"
                source = re.sub(place, var, value.source)
                value = _code(source)
            body.append(stmt.model_copy(update={"value": value, "comment": None}))
            continue
        assert isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)
        kwargs: dict[str, Expr] = {}
        for key, expr in stmt.value.kwargs.items():
            label = f"argument {key}"
            if (p, label) in located:
                chosen = predicates[0].source if predicates else None
                kwargs[key] = _element_for(located[(p, label)], var, access, chosen)
                continue
            kwargs[key] = _fill(expr, label, p, invariant, varying, subpaths, var, access)
        call = stmt.value.model_copy(update={"kwargs": kwargs})
        notes = tuple(n for n in stmt.notes if "list position" not in n)
        body.append(stmt.model_copy(update={"value": call, "notes": notes, "comment": None}))
    out: list[Statement] = []
    iterable: RefExpr | CodeExpr = list_ref
    list_src = _source(list_ref)
    steps = tuple(s.step for block in blocks for s in block if s.step is not None)
    reasons = {block[0].comment for block in blocks}
    if len(reasons) == 1:
        comment = blocks[0][0].comment  # the model's reason, said once over the loop
    else:  # a reason per item ("Remind a1."): none of them reads right over the loop
        shown = [s for s in steps if s >= 0]  # (not the decisions the pass wrote in)
        where = f"steps {shown[0]}–{shown[-1]} of the recording"
        if len(selected) == len(items):
            comment = f"For each item of {list_src} ({where})."
        else:
            comment = f"For the items of {list_src} the recording acted on ({where})."
    if predicates:
        sources = [p.source for p in predicates]
        field_check = fields_guard(steps[0], predicates, list_src, items)
        if field_check is not None:  # (before the rules read the fields)
            out.append(field_check.model_copy(update={"comment": comment}))
            comment = None
        if len(predicates) > 1:
            recorded = f"the recording acted on {len(selected)} of {len(items)} items of {list_src}"
            out.append(
                agreement_guard(
                    steps[0], sources, var, list_src, which="to act on", recorded=recorded
                ).model_copy(update={"comment": comment})
            )
            comment = None
        chosen = sources[0]
        unseen = unseen_values(items, chosen, var, list_src, scope.description, item_base)
        if unseen is not None:
            out.append(_unseen_guard(steps[0], unseen, list_src, chosen, comment))
            comment = None
        selection = scope.fresh(_selection_name(item_base, chosen, var))
        out.append(
            Assign(
                var=selection,
                value=_code(f"[{var} for {var} in {list_src} if {chosen}]"),
                step=None,
                comment=comment,
            )
        )
        comment = None
        iterable = RefExpr(name=selection)
    mine = {_call_name(s) for s in blocks[0]}
    facts = LoopFacts(
        reps=reps,
        count_of=_source(iterable),
        var=var,
        access=access,
        items=[items[j] for j in indices],
        mine=mine,
        others={_call_name(s) for s in after if _call_name(s)} - mine,
        words=set() if predicates else {_source(list_ref)},
        description=scope.description,
        whole=list_src,
        size=len(items),
        holder=list_ref.name,
        recorded=scope.values_at(position).get(list_ref.name),
        step=steps[0],
        each=_numbers_passed(body),
    )
    if decided_at is None:
        rewritten = [new for stmt in rewritten for new in _counts(stmt, facts)]
    ruled = {h.path[0] for p in predicates or [] for h in (p.halves or (p,)) if h.path}
    pairs = excepted(
        scope.description, [items[j] for j in indices], ruled, tuple(scope.inputs.values())
    )
    if pairs:
        if access is None:
            scope.taken.discard(var)
            return None  # (no way to read the excepted fields of its items)
        held = excepted_guard(steps[0], pairs, var, _source(iterable), access)
        if held is not None:
            out.append(held)
    for _, partner_ref in zipped:
        partner_src = _source(partner_ref)
        out.append(
            Guard(
                step=steps[0],
                condition=_code(f"len({partner_src}) == len({list_src})"),
                message=(
                    f"the recording read {list_src} and {partner_src} item by item, and they "
                    "are not of one length now"
                ),
                notes=(f"{list_src} and {partner_src} go together item by item.",),
            )
        )
    out.append(
        Loop(
            var=var,
            also=tuple(zipped),
            iterable=iterable,
            body=tuple(body),
            collect=tuple(collects),
            steps=steps,
            step=steps[0],
            comment=comment,
        )
    )
    return out, reps * k, rewritten


def _reads_an_item(stmt: Statement, list_ref: RefExpr, items: list[Any]) -> bool:
    """Whether a statement's arguments read an item of the list (``$ref rows.3.id``, or a
    copy of a distinctive value of one)."""
    prefix = len(list_ref.path)
    for key, expr in _kwargs(stmt).items():
        for _, leaf in leaf_exprs(expr, key):
            if (
                isinstance(leaf, RefExpr)
                and leaf.name == list_ref.name
                and leaf.path[:prefix] == list_ref.path
                and len(leaf.path) > prefix
            ):
                return True
            if isinstance(leaf, LiteralExpr) and is_distinctive(leaf.value):
                for item in items:
                    for path in _paths_in(item):
                        known, got = follow(item, path)
                        if known and json_equal(got, leaf.value):
                            return True
    return False


def _names_an_item(stmt: Statement, name: str, items: list[Any]) -> bool:
    """Whether a call's arguments name one item of a list: ``$ref name.<n>…``, or a copy of a
    distinctive value of a field that differs from item to item (an id, not the customer all
    the items share)."""
    differing = [
        path
        for path in _paths_in(items[0])
        if len({repr(follow(item, path)) for item in items}) > 1
    ]
    for key, expr in _kwargs(stmt).items():
        for _, leaf in leaf_exprs(expr, key):
            if (
                isinstance(leaf, RefExpr)
                and leaf.name == name
                and any(is_integer(e) for e in leaf.path)
            ):
                return True
            if isinstance(leaf, LiteralExpr) and is_distinctive(leaf.value):
                for path in differing:
                    for item in items:
                        known, got = follow(item, path)
                        if known and json_equal(got, leaf.value):
                            return True
    return False


def _numbers_passed(body: list[Statement]) -> tuple[float, ...]:
    """The numbers the body's changing calls pass as written (the same on every repetition,
    since they stayed literals when the body rolled)."""
    found: list[float] = []
    for stmt in body:
        if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
            continue
        if stmt.value.action.read_only:
            continue
        for key, expr in stmt.value.kwargs.items():
            for _, leaf in leaf_exprs(expr, key):
                value = leaf.value if isinstance(leaf, LiteralExpr) else None
                if isinstance(value, int | float) and not isinstance(value, bool):
                    found.append(float(value))
    return tuple(found)


def _reads(stmt: Statement) -> set[str]:
    """The variables a call statement's arguments, or a compute, read."""
    if isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr):
        return set(stmt.value.names)
    return set().union(*(expr_names(e) for e in _kwargs(stmt).values()))


def _kwargs(stmt: Statement) -> dict[str, Expr]:
    """A call's arguments (none for a compute)."""
    if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
        return stmt.value.kwargs
    return {}


def _same_code(
    stmts: list[Statement],
    locals_: list[dict[str, int]],
    template: dict[int, str],
    p: int,
    scope: _Scope,
    either: bool = False,
    places: dict[int, list[tuple[str, int]]] | None = None,
) -> bool:
    """For a compute at body position ``p``: whether every repetition computes the same code
    over its own earlier results (renamed to the first repetition's names), and, for a true or
    false one, came out the same (an item decided otherwise took another path: no loop rolls
    over it), unless it may come out ``either`` way. ``True`` for a call."""
    first = stmts[0]
    if not (isinstance(first, Assign) and isinstance(first.value, CodeExpr)):
        return True
    sources = []
    for t, stmt in enumerate(stmts):
        assert isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr)
        own = {name: at for name, at in locals_[t].items() if at < p}
        others = {name for names in locals_ for name in names} - set(own)
        if set(stmt.value.names) & others:
            return False  # it reads another repetition's result, or a later one
        renamed = rename_code(stmt.value, {name: template[at] for name, at in own.items()})
        sources.append(renamed.source)
    local = set(template.values())
    read = [[(n, at) for n, at in _places(src) if n.split(".")[0] not in local] for src in sources]
    if any(read) and places is not None:
        # The same code at one place of an outer list per repetition (``leases[0]``, then
        # ``leases[1]``; not a place in the repetition's own result, ``order.lines[0]``): the
        # places are checked against the loop's items once it is anchored.
        if any(len({at for _, at in r}) != 1 for r in read):
            return False  # two places of a list in one repetition, or none in one
        sources = [
            (
                re.sub(rf"\b({'|'.join(re.escape(n) for n, _ in r)})\[\d+\]", r"\1[#]", src)
                if r
                else src
            )
            for src, r in zip(sources, read, strict=True)
        ]
        places[p] = [r[0] for r in read]
    if any(src != sources[0] for src in sources):
        return False
    results = [scope.result_of(stmt)[0] for stmt in stmts]
    decided = any(isinstance(r, bool) for r in results)
    return not decided or either or len({repr(r) for r in results}) == 1


def _anchor_of_places(
    places: dict[int, list[tuple[str, int]]], scope: _Scope, position: int
) -> tuple[RefExpr, list[Any], None, list[int], dict[tuple[int, str], tuple[Any, ...]]] | None:
    """The list a decision alone reads by place each repetition (``permits[0].days_over >
    14``, then ``permits[1]``), where no argument varies: the sides the caller writes act on
    the item (:mod:`._decided`)."""
    read = {(name, tuple(at for _, at in reads)) for reads in places.values() for name, _ in reads}
    if len(read) != 1:
        return None
    ((name, indices),) = read
    known = scope.at(position).get(name)
    if "." in name or known is None or not isinstance(known[1], list) or not known[1]:
        return None
    if any(b <= a for a, b in pairwise(indices)):
        return None
    return RefExpr(name=name), known[1], None, list(indices), {}


def _positional(expr: Expr, local: dict[str, int], p: int) -> Any:
    """``expr`` with references to this repetition's own results made positional (for
    comparing repetitions); ``None`` when it reads a result of a later statement, or a place
    in a list one read (red team round 29: ``pending[0]`` in a loop over warehouses cancelled
    each new warehouse's first shipment, whatever its carrier)."""
    if isinstance(expr, RefExpr) and expr.name in local:
        if local[expr.name] >= p or any(isinstance(step, int) for step in expr.path):
            # (A place in a list the repetition read, ``pending[0]``: which item of each new
            # list is meant, nothing says; unrolled, the pick is guarded.)
            return None
        return ("local", local[expr.name], expr.path, expr.path_kinds)
    if isinstance(expr, FStringExpr):
        parts: list[Any] = []
        for part in expr.parts:
            if isinstance(part, RefExpr) and part.name in local:
                parts.append(("local", local[part.name], part.path))
            else:
                parts.append(part)
        return ("fstring", tuple(parts))
    if isinstance(expr, CodeExpr) and set(expr.names) & set(local):
        return None  # code over one repetition's results: not compared
    if isinstance(expr, ListExpr | DictExpr):  # (``{"donor_id": donor.id, "name": donor.name}``)
        inside = (
            [(None, e) for e in expr.items] if isinstance(expr, ListExpr) else list(expr.entries)
        )
        shown = [(key, _positional(e, local, p)) for key, e in inside]
        if any(part is None for _, part in shown):
            return None
        return (expr.kind, tuple(shown))
    return expr


def _rename(expr: Expr, local: dict[str, int], template: dict[int, str]) -> Expr:
    from compiler.passes._walk import rename_expr

    return rename_expr(expr, {name: template[p] for name, p in local.items()})


def _fill(
    expr: Expr,
    label: str,
    p: int,
    invariant: dict[tuple[int, str], Expr],
    varying: list[_Leaf],
    subpaths: dict[tuple[int, str], tuple[Any, ...]],
    var: str,
    access: Access | None,
) -> Expr:
    """One argument of the loop body: invariant leaves as recorded, varying ones from the
    item (``invoice.id``)."""
    if (p, label) in invariant:
        return invariant[(p, label)]
    if (p, label) in subpaths and subpaths[(p, label)][:1] == (TEMPLATE,):
        # (a text typed around the item's value: f"{dog.name}: vaccination due")
        _, before, path, after = subpaths[(p, label)]
        inside = _fill(expr, label, p, invariant, varying, {(p, label): path}, var, access)
        assert isinstance(inside, RefExpr)
        parts: tuple[str | RefExpr, ...] = tuple(p for p in (before, inside, after) if p != "")
        return FStringExpr(parts=parts)
    if (p, label) in subpaths:
        path = subpaths[(p, label)]
        kinds: tuple[Any, ...] = tuple(
            "attr" if access == "attr" and isinstance(e, str) and e.isidentifier() else "key"
            for e in path
        )
        return RefExpr(name=var, path=path, path_kinds=kinds)
    if isinstance(expr, ListExpr):
        return expr.model_copy(
            update={
                "items": tuple(
                    _fill(e, f"{label}[{n}]", p, invariant, varying, subpaths, var, access)
                    for n, e in enumerate(expr.items)
                )
            }
        )
    if isinstance(expr, DictExpr):
        return expr.model_copy(
            update={
                "entries": tuple(
                    (k, _fill(e, f"{label}[{k!r}]", p, invariant, varying, subpaths, var, access))
                    for k, e in expr.entries
                )
            }
        )
    raise AssertionError(f"internal error: no template for {label}")


def _item_name(list_ref: RefExpr) -> str:
    """``invoices`` → ``invoice``, ``invoice_list`` → ``invoice``, ``data`` → ``data_item``."""
    base = str(list_ref.path[-1]) if list_ref.path else list_ref.name
    stripped = re.sub(r"_(list|items|results|rows|records)$", "", base)
    word = singular(stripped)
    if stripped == base and word == base:
        word = "item" if base in ("items", "list", "values") else f"{base}_item"
    return word if word.isidentifier() else "item"


def _selection_name(item: str, predicate: str, var: str) -> str:
    """``unpaid_invoices`` for ``not invoice.paid``; ``selected_<items>`` otherwise."""
    from compiler.naming import plural

    words = plural(item)
    plain = re.fullmatch(rf"(not )?{re.escape(var)}\.(\w+)", predicate)
    if plain:
        field = plain.group(2)
        if field.startswith("is_"):
            field = field[3:]
        prefix = ("un" if plain.group(1) and not field.startswith("un") else "") + field
        if plain.group(1) and field in ("active", "done", "open"):
            prefix = f"not_{field}"
        return f"{prefix}_{words}"
    return f"selected_{words}"
