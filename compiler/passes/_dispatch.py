"""Loops whose items took different actions: a final notice for some, a reminder for others.

The recording went through a list's items in order and called one of two or three actions on
each (or nothing): ``send_final_notice(N-1)``, ``send_overdue_reminder(N-2)``,
``send_final_notice(N-4)``. Each action's items are told apart by a rule over the items'
fields, inferred as list filters are (:mod:`._predicates`), in ``if``/``elif`` order — the
second rule separates its items from the ones the first rule left::

    for invoice in due_invoices:
        if invoice.days_overdue > 30:
            send_final_notice(invoice_id=invoice.id)
        elif invoice.days_overdue > 0:
            send_overdue_reminder(invoice_id=invoice.id)

A count the model wrote after the loop that equals one action's number of items becomes that
count (``len([invoice for invoice in due_invoices if invoice.days_overdue > 30])``). Nothing
else is rolled: a statement after the run that reads one call's result, a literal that
repeats one item's value, a count that could be either action's, two rules that fit but
disagree on the new items (a guard before the loop), or an order no rule explains all leave
the recording as it was, with its guards.

One action given one word for some items and another for the others (``set_roaming(mode=
"allow")`` where consent was given, ``mode="block"`` elsewhere) is two ways to act, told apart
the same way, but only under rules the words or the model's reasons name, and with every rule
that fits checked to agree (none left out for one the words say better): the recording shows
which items got which word, not why (red team round 45: a split on ``customer_tier`` where the
model read each email's subject; "how many are rush jobs" naming a field that split the
recorded jobs as their language did).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import permutations
from typing import Any, Literal

from compiler.ir import Expr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.passes._guard_kit import agreement_guard, fields_guard
from compiler.passes._loop_uses import _iteration_values, _mentions, _paths_in, same_word
from compiler.passes._loops import _item_name, _shape
from compiler.passes._predicates import Access, Predicate, candidates, choose, fitting
from compiler.passes._scope import _canon, _code, _Scope, _source
from compiler.passes._values import follow, is_distinctive, is_integer, json_equal
from compiler.passes._walk import expr_names, leaf_exprs, map_arguments
from compiler.recipe_ir import Assign, Call, ExprStmt, Guard, If, Loop, Return, Statement

MAX_ACTIONS = 3
"""Most different actions one loop dispatches between."""


@dataclass
class _Tied:
    """A statement of the run, tied to one item of the list."""

    stmt: Assign | ExprStmt
    index: int
    paths: dict[str, tuple[Any, ...]]
    """Label of each argument leaf read from the item → its path inside the item."""
    label: str = ""
    """How the action is named where one action given other words is two ways to act
    (``assign_translator Petra``)."""


def dispatch_loop(
    statements: list[Statement], i: int, scope: _Scope
) -> tuple[list[Statement], int, list[Statement]] | None:
    """The loop over one list whose items the statements from ``i`` treat differently: (its
    statements, how many recorded statements it replaces, the statements after it)."""
    for kind in (_shape, _chosen_kind):
        run = 0
        shapes: list[Any] = []
        while i + run < len(statements):
            stmt = statements[i + run]
            shape = kind(stmt)
            if shape is None:
                break
            if shape not in shapes:
                if len(shapes) == MAX_ACTIONS:
                    break
                shapes.append(shape)
            run += 1
        if len(shapes) >= 2:
            return _dispatched(statements, i, scope, run, kind)
    return None  # one action, given the same words: a plain loop's job


def _chosen_kind(stmt: Statement) -> Any:
    """:func:`_shape`, and the words the call was given (``translator="Petra"``): where one
    action got one word for some items and another for the others, each word is a way to act
    on an item as another action would be."""
    shape = _shape(stmt)
    if shape is None:
        return None
    assert isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)
    words = tuple(
        (label, leaf.value)
        for key, expr in stmt.value.kwargs.items()
        for label, leaf in leaf_exprs(expr, f"argument {key}")
        if isinstance(leaf, LiteralExpr)
        and isinstance(leaf.value, str)
        and _WORDLIKE.fullmatch(leaf.value)
    )
    return (shape, words)


_WORDLIKE = re.compile(r"[A-Za-z][A-Za-z .'-]{0,30}")
"""A value that reads as a word or a name (``"Petra"``, ``"large"``), not an id or a sentence."""


def _dispatched(
    statements: list[Statement],
    i: int,
    scope: _Scope,
    run: int,
    kind: Callable[[Statement], Any],
) -> tuple[list[Statement], int, list[Statement]] | None:
    """:func:`dispatch_loop` over the ``run`` statements from ``i``, told apart by ``kind``."""
    position = scope.position_of(statements[i])
    among = _could_tie(statements[i], scope)
    for list_ref, items, access in scope.lists_before(position, among):
        if access is None:
            continue
        # The longest run of statements that act on this list's items in its order: a shorter
        # one leaves the same actions on later items after it, which the rules must see too.
        ties: list[_Tied] = []
        results: set[str] = set()
        for stmt in statements[i : i + run]:
            tie = _tie(stmt, list_ref, items, results, scope, position)
            if tie is None or (ties and tie.index <= ties[-1].index):
                break
            ties.append(tie)
            if isinstance(stmt, Assign):
                results.add(stmt.var)
        length = len(ties)
        block = statements[i : i + length]
        if length < 2 or len({kind(s) for s in block}) < 2:
            continue
        groups = _groups(ties, kind)
        if groups is None:
            continue
        block_shapes = {kind(s) for s in block}
        if any(
            kind(later) in block_shapes and _tie(later, list_ref, items, results, scope, position)
            for later in statements[i + length :]
        ):
            continue  # the same actions on more items later: the rules would be told wrong
        built = _loop(
            statements, i, length, list_ref, items, access, groups, scope, kind is _chosen_kind
        )
        if built is not None:
            return built
    return None


def _tie(
    stmt: Statement,
    list_ref: RefExpr,
    items: list[Any],
    results: set[str],
    scope: _Scope,
    position: int,
) -> _Tied | None:
    """Which item a statement acted on, and which of its argument leaves read that item."""
    if not (isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)):
        return None
    prefix = len(list_ref.path)
    indices: set[int] = set()
    paths: dict[str, tuple[Any, ...]] = {}
    for key, expr in stmt.value.kwargs.items():
        for label, leaf in leaf_exprs(expr, f"argument {key}"):
            if expr_names(leaf) & results:
                return None  # reads another call of the run
            if (
                isinstance(leaf, RefExpr)
                and leaf.name == list_ref.name
                and leaf.path[:prefix] == list_ref.path
                and len(leaf.path) > prefix
                and is_integer(leaf.path[prefix])
            ):
                index = leaf.path[prefix]
                assert isinstance(index, int)
                indices.add(index)
                paths[label] = leaf.path[prefix + 1 :]
                continue
            if isinstance(leaf, LiteralExpr) and is_distinctive(leaf.value):
                at = _places(items, leaf.value)
                if len(at) == 1:
                    n, path = at.pop()
                    indices.add(n)
                    paths[label] = path
                    continue
                if at:
                    return None  # the value sits at several items or fields: a guess
    if len(indices) != 1:
        return None
    index = indices.pop()
    if not 0 <= index < len(items):
        return None
    # Any other literal must not repeat the item's own values (it would be this item's only).
    values = _iteration_values([items[index], *items], [])
    for key, expr in stmt.value.kwargs.items():
        for label, leaf in leaf_exprs(expr, f"argument {key}"):
            if label in paths or not isinstance(leaf, LiteralExpr):
                continue
            if _mentions(leaf.value, values):
                return None
    return _Tied(stmt, index, paths)


def _could_tie(stmt: Statement, scope: _Scope) -> set[str]:
    """The variables whose lists :func:`_tie` could tie ``stmt`` to (a superset): those it
    reads by reference, and those whose items hold one of its distinctive literals at a path
    :func:`_places` looks at. Asked for every statement, so the lists are indexed once."""
    names: set[str] = set()
    if not (isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)):
        return names
    if scope.item_values is None:
        scope.item_values = _item_values(scope)
    for key, expr in stmt.value.kwargs.items():
        for _, leaf in leaf_exprs(expr, key):
            if isinstance(leaf, RefExpr):
                names.add(leaf.name)
            elif isinstance(leaf, LiteralExpr) and is_distinctive(leaf.value):
                names |= scope.item_values.get(_canon(leaf.value), set())
    return names


def _item_values(scope: _Scope) -> dict[str, set[str]]:
    """Every value at a path inside an item of a list a variable holds (itself, or a list
    field of it: every list :meth:`_Scope.lists_before` yields), as canonical JSON, equal for
    any values :func:`json_equal` calls equal → the variables."""
    index: dict[str, set[str]] = {}
    for _, name, value, _ in scope.bindings:
        if isinstance(value, list):
            lists = [value]
        elif isinstance(value, dict):
            lists = [v for v in value.values() if isinstance(v, list)]
        else:
            continue
        for items in lists:
            for item in items:
                for path in _paths_in(item):
                    known, got = follow(item, path)
                    if known:
                        index.setdefault(_canon(got), set()).add(name)
    return index


def _places(items: list[Any], value: Any) -> set[tuple[int, tuple[Any, ...]]]:
    """Where ``value`` sits in the items: (item index, path inside the item)."""
    found: set[tuple[int, tuple[Any, ...]]] = set()
    for n, item in enumerate(items):
        for path in _paths_in(item):
            known, got = follow(item, path)
            if known and json_equal(got, value):
                found.add((n, path))
    return found


def _groups(
    ties: list[_Tied], kind: Callable[[Statement], Any] = _shape
) -> list[list[_Tied]] | None:
    """The run's statements by action (and, by :func:`_chosen_kind`, the words it was given),
    in order of first appearance; every statement of one action must read the same fields of
    its item and pass the same other arguments."""
    by_shape: dict[Any, list[_Tied]] = {}
    for tie in ties:
        if kind is _chosen_kind:
            tie.label = " ".join([_action([tie]), *(str(w) for _, w in kind(tie.stmt)[1])])
        by_shape.setdefault(kind(tie.stmt), []).append(tie)
    for group in by_shape.values():
        first = group[0]
        for other in group[1:]:
            if other.paths != first.paths or _fixed(other) != _fixed(first):
                return None
    return list(by_shape.values())


def _fixed(tie: _Tied) -> list[tuple[str, Expr]]:
    assert isinstance(tie.stmt.value, Call)
    return [
        (label, leaf)
        for key, expr in tie.stmt.value.kwargs.items()
        for label, leaf in leaf_exprs(expr, f"argument {key}")
        if label not in tie.paths
    ]


def _loop(
    statements: list[Statement],
    i: int,
    length: int,
    list_ref: RefExpr,
    items: list[Any],
    access: Access,
    groups: list[list[_Tied]],
    scope: _Scope,
    worded: bool = False,
) -> tuple[list[Statement], int, list[Statement]] | None:
    """The loop (``worded``: one action, told apart by the words it was given, where each
    rule must be one the words or reasons name, and every rule that fits is checked: the
    recording shows the items, not why the model gave each its word; round 45 found a split
    the words never gave, ``customer_tier``, and one field they name elsewhere, ``rush``)."""
    var = scope.fresh(_item_name(list_ref))
    list_src = _source(list_ref)
    explanations = _rules(items, groups, var, access, scope)
    said = [  # (the same tuples: the rivals are every explanation but the chosen one)
        e
        for e in explanations
        if not worded
        or (
            all(any(p.named for p in ps) for ps in e[1] if ps)
            and not _overruled(e, items, var, access, scope)
        )
    ]
    if not said:
        scope.taken.discard(var)
        return None
    # The simplest explanation (fewest two-field rules, then the plainest words) is the code;
    # unless the description says every rule, each other order that fits is checked too.
    words = scope.description.lower()
    ranked = sorted(said, key=lambda e: _simplicity(e, words))
    order, chosen = ranked[0]
    best = _simplicity(ranked[0], words)
    stated = not worded and all(
        max(p.score for p in predicates) >= 2 for predicates in chosen if predicates
    )
    rivals = (
        [e for e in explanations if e is not ranked[0]]
        if worded
        else [e for e in ranked[1:] if not stated or _simplicity(e, words) == best]
    )
    classifiers = [
        _classifier(o, picks) for o, found in [(order, chosen), *rivals] for picks in _each(found)
    ]
    if len(classifiers) > MAX_CLASSIFIERS:
        scope.taken.discard(var)
        return None
    # Counts after the loop: a literal equal to one action's number of items.
    conditions: list[str] = []
    for n, predicates in enumerate(chosen):
        before = [f"not ({chosen[m][0].source})" for m in range(n) if chosen[m]]
        mine = [predicates[0].source] if predicates else []
        conditions.append(" and ".join([*before, *mine]) or "True")
    if all(chosen):  # some items get nothing: those any rule selects
        conditions.append(" or ".join(f"({p[0].source})" for p in chosen))
    else:
        conditions.append("True")
    sizes = [len(order[n]) for n in range(len(order))]
    rest = statements[i + length :]
    every_result = {s.var for s in statements[i : i + length] if isinstance(s, Assign)}
    varying = _iteration_values([items[t.index] for g in groups for t in g], [])
    rewritten: list[Statement] = []
    for stmt in rest:
        names = [_action(group) for group in order]
        new = _counted(stmt, names, sizes, conditions, var, list_src, every_result, varying)
        if new is None:
            scope.taken.discard(var)
            return None
        rewritten.append(new)
    out: list[Statement] = []
    steps = tuple(s.step for s in statements[i : i + length] if s.step is not None)
    field_check = fields_guard(steps[0], [p for ps in chosen for p in ps], list_src, items)
    if field_check is not None:
        out.append(field_check)
    if rivals:
        shown = [c for c in classifiers]
        out.append(
            Guard(
                step=steps[0],
                condition=_code(
                    "all(" + " == ".join(f"({c})" for c in shown) + f" for {var} in {list_src})"
                ),
                message=(
                    f"the recording fits several rules for which action each item of {list_src} "
                    "gets, and they disagree on the items now"
                ),
                notes=(
                    f"Which action each item of {list_src} gets: {len(shown)} ways fit the "
                    "recording; go on only where they agree.",
                ),
            )
        )
    for n, predicates in enumerate(chosen):
        if len(predicates) < 2 or rivals:
            continue
        earlier = [f"not ({chosen[m][0].source})" for m in range(n) if chosen[m]]
        action = _action(order[n])
        out.append(
            agreement_guard(
                steps[0],
                [p.source for p in predicates],
                var,
                list_src,
                which=f"get {action}",
                recorded=f"the recording gave {action} to {len(order[n])} items of {list_src}",
                where=f" if {' and '.join(earlier)}" if earlier else "",
            )
        )
    branch: tuple[Statement, ...] = ()
    for n in range(len(order) - 1, -1, -1):
        body = (_body(order[n][0], var, access),)
        if not chosen[n]:  # every item left: the ``else``
            branch = body
            continue
        branch = (If(condition=_code(chosen[n][0].source), body=body, orelse=branch),)
    reasons = {s.comment for s in statements[i : i + length]}
    comment = statements[i].comment
    if len(reasons) != 1 or (comment and _mentions(comment, varying)):
        # A reason per item, or one that narrates the recorded items: neither reads right
        # over the loop.
        comment = (
            f"For each item of {list_src}, as the recording did (steps {steps[0]}–{steps[-1]})."
        )
    out.append(
        Loop(var=var, iterable=list_ref, body=branch, steps=steps, step=steps[0], comment=comment)
    )
    return out, length, rewritten


def _rules(
    items: list[Any], groups: list[list[_Tied]], var: str, access: Access, scope: _Scope
) -> list[tuple[list[list[_Tied]], list[list[Predicate]]]]:
    """Every ``if``/``elif`` order of the actions in which each action's items have rules
    among the items the rules before it left, with those rules."""
    found_all: list[tuple[list[list[_Tied]], list[list[Predicate]]]] = []
    for order in permutations(groups):
        found: list[list[Predicate]] = []
        for n, (remaining, selected) in enumerate(_in_turn(list(order), items)):
            predicates = choose(
                remaining,
                selected,
                var=var,
                access=access,
                inputs=scope.inputs,
                text=scope.text,
                description=scope.told,
            )
            if predicates is None or (not predicates and n < len(order) - 1):
                break
            if not predicates and len(selected) != len(remaining):
                break
            found.append(predicates)
        else:
            found_all.append((list(order), found))
    return found_all


def _overruled(
    explanation: tuple[list[list[_Tied]], list[list[Predicate]]],
    items: list[Any],
    var: str,
    access: Access,
    scope: _Scope,
) -> bool:
    """Whether a rule that fits some action's items was left out for one the words say better:
    where one action is told apart by the words it was given, a field the words name in
    another role ("how many are rush jobs") may have pushed out the rule the model followed
    (the job's language), so every rule that fits must be among those checked."""
    order, found = explanation
    for (remaining, selected), predicates in zip(_in_turn(order, items), found, strict=True):
        proposed = candidates(
            remaining,
            var=var,
            access=access,
            inputs=scope.inputs,
            text=scope.text,
            description=scope.told,
        )
        fit = {
            p.source
            for p in fitting(remaining, selected, proposed)
            if not p.gap and " != " not in p.source  # (what no item breaks says nothing)
        }
        every = len(selected) == len(remaining)  # (the items left: the ``else``)
        if predicates and not every and not fit <= {p.source for p in predicates}:
            return True
    return False


def _in_turn(order: list[list[_Tied]], items: list[Any]) -> Iterator[tuple[list[Any], set[int]]]:
    """For each action in ``if``/``elif`` order: the items the rules before it left, and which
    of them (by place among those) it acted on."""
    left = list(range(len(items)))
    for group in order:
        picked = {t.index for t in group}
        yield [items[j] for j in left], {k for k, j in enumerate(left) if j in picked}
        left = [j for j in left if j not in picked]


MAX_CLASSIFIERS = 4
"""Most ways of telling the items apart one guard compares; more, and nothing is rolled."""


def _simplicity(
    explanation: tuple[list[list[_Tied]], list[list[Predicate]]], words: str
) -> tuple[int, int, int]:
    """Fewer two-field rules first, then the best-said, then the order in which the
    description names the actions ("a final notice for each one over 30 days, a reminder for
    the others")."""
    order, found = explanation
    pairs = sum(1 for predicates in found if predicates and " and " in predicates[0].source)
    said = sum(max(p.score for p in predicates) for predicates in found if predicates)
    at = [_mention(_action(group), words) for group in order]
    in_order = all(a is not None for a in at) and at == sorted(at)  # type: ignore[type-var]
    return pairs, -said, 0 if in_order else 1


def _mention(action: str, words: str) -> int | None:
    """Where the description first names an action (by a word of its name)."""
    found = [
        m.start()
        for w in re.split(r"[\W_]+", action.lower())
        if len(w) >= 4
        for m in [re.search(rf"\b{re.escape(w[:5])}", words)]
        if m is not None
    ]
    return min(found) if found else None


def _each(found: list[list[Predicate]]) -> list[list[Predicate | None]]:
    """One rule per action, every way (``None`` for an ``else``)."""
    out: list[list[Predicate | None]] = [[]]
    for predicates in found:
        options: list[Predicate | None] = list(predicates) if predicates else [None]
        out = [[*prefix, p] for prefix in out for p in options]
    return out


def _classifier(order: list[list[_Tied]], picks: list[Predicate | None]) -> str:
    """``"escalate" if (rule) else "remind" if (rule) else None``: the action an item gets."""
    source = "None"
    for group, pick in zip(reversed(order), reversed(picks), strict=True):
        name = literal_source(_action(group))
        source = name if pick is None else f"{name} if ({pick.source}) else {source}"
    return source


def _body(tie: _Tied, var: str, access: Access) -> Statement:
    """The action's call, reading its item through the loop variable."""

    def swap(expr: Expr, label: str) -> Expr:
        if label in tie.paths:
            path = tie.paths[label]
            kinds: tuple[Literal["attr", "key"], ...] = tuple(
                "attr" if access == "attr" and isinstance(e, str) and e.isidentifier() else "key"
                for e in path
            )
            return RefExpr(name=var, path=path, path_kinds=kinds)
        return expr

    new = map_arguments(tie.stmt, swap)
    assert isinstance(new, Assign | ExprStmt)
    notes = tuple(n for n in new.notes if "list position" not in n)
    return ExprStmt(value=new.value, step=new.step, notes=notes)


def _counted(
    stmt: Statement,
    names: list[str],
    sizes: list[int],
    conditions: list[str],
    var: str,
    list_src: str,
    results: set[str],
    varying: list[Any],
) -> Statement | None:
    """``stmt`` with counts of each action's items; ``None`` when it reads a call of the loop,
    repeats one item's value, or holds a count that could be either action's."""
    failed = False

    def rewrite(expr: Expr, label: str) -> Expr:
        nonlocal failed
        if expr_names(expr) & results:
            failed = True
            return expr
        if isinstance(expr, LiteralExpr) and is_integer(expr.value):
            which = [n for n, size in enumerate(sizes) if size == expr.value]
            if sum(sizes) == expr.value:
                which.append(len(sizes))  # every item acted on
            if len(which) > 1:
                # The count's own name may say whose it is ("escalated" of escalate).
                named = [n for n in which if n < len(names) and same_word(label, names[n])]
                which = named if len(named) == 1 else which
            if len(which) > 1:
                failed = True  # two actions' counts, or one and the total: a guess
                return expr
            if which:
                condition = conditions[which[0]]
                if condition == "True":
                    return _code(f"len({list_src})")
                return _code(f"len([{var} for {var} in {list_src} if {condition}])")
            return expr
        if isinstance(expr, LiteralExpr) and _mentions(expr.value, varying):
            failed = True
        return expr

    if isinstance(stmt, Guard | Loop | If):
        return None
    if isinstance(stmt, Return) or (
        isinstance(stmt, Assign | ExprStmt)
        and isinstance(stmt.value, Call)
        and not stmt.value.action.read_only
    ):
        new = map_arguments(stmt, rewrite)
    else:
        new = stmt
        from compiler.passes._walk import names_read

        if names_read(stmt) & results:
            failed = True
    return None if failed else new


def _action(group: list[_Tied]) -> str:
    if group[0].label:
        return group[0].label
    call = group[0].stmt.value
    assert isinstance(call, Call)
    return call.callee or call.action.name
