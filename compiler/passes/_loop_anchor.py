"""Which list a loop goes over (for :mod:`._loops`): the arguments that change from one
repetition to the next are read, repetition after repetition, from successive items of one list
in scope (:func:`_anchor`), or from the n-th item of two lists or more (:func:`_zipped`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from compiler.ir import Expr, RefExpr
from compiler.passes._loop_uses import _paths_in
from compiler.passes._predicates import Access
from compiler.passes._scope import _Scope
from compiler.passes._values import follow, is_distinctive, is_integer, json_equal, value_of


@dataclass
class _Leaf:
    position: int
    key: str
    label: str
    exprs: list[Expr]


def _anchor(
    varying: list[_Leaf], scope: _Scope, position: int
) -> (
    tuple[RefExpr, list[Any], Access | None, list[int], dict[tuple[int, str], tuple[Any, ...]]]
    | None
):
    """The list whose successive items the varying leaves read: (the list, its items, how its
    items' fields are read, the item index of each repetition, each leaf's path in its item)."""
    reps = len(varying[0].exprs)
    in_scope = scope.values_at(position)
    recorded: list[list[Any]] = []
    for leaf in varying:
        found = [value_of(e, in_scope) for e in leaf.exprs]
        if not all(k for k, _ in found):
            return None
        recorded.append([v for _, v in found])
    # The anchor first: a leaf whose values are distinctive pins the item of each repetition.
    order = sorted(
        range(len(varying)), key=lambda n: not all(is_distinctive(v) for v in recorded[n])
    )
    for list_ref, items, access in scope.lists_before(position):
        indices: list[int] | None = None
        subpaths: dict[tuple[int, str], tuple[Any, ...]] = {}
        typed: list[int] = []  # (texts typed around an item's value, read once indices are known)
        for n in order:
            leaf, values = varying[n], recorded[n]
            explicit = _explicit_indices(leaf, list_ref)
            matches = []
            for subpath in _paths_in(items[0]):
                got = _increasing(items, subpath, values, indices, explicit)
                if got is not None:
                    matches.append((subpath, got))
            if not matches and explicit is None and all(isinstance(v, str) for v in values):
                typed.append(n)
                continue
            if not matches:
                break
            if indices is None:
                if not (explicit is not None or all(is_distinctive(v) for v in values)):
                    break  # small numbers and flags turn up everywhere: no anchor
                if len({tuple(m[1]) for m in matches}) > 1:
                    break  # the same values sit at other items too: ambiguous
            if len(matches) > 1:
                matches = [m for m in matches if m[0] and str(m[0][-1]) == leaf.key]
                if len(matches) != 1:
                    break  # several fields fit this argument: a guess, so no loop
            subpaths[(leaf.position, leaf.label)] = matches[0][0]
            indices = matches[0][1]
        else:
            if indices is not None and len(set(indices)) == reps:
                for n in typed:
                    template = _template(
                        [items[i] for i in indices], recorded[n], items, scope.description
                    )
                    if template is None:
                        break
                    subpaths[(varying[n].position, varying[n].label)] = template
                else:
                    return list_ref, items, access, indices, subpaths
    return None


TEMPLATE = "template"
"""The mark of a subpath that is a text typed around an item's value: ``(TEMPLATE, before,
path, after)``."""


def _template(
    chosen: list[Any], texts: list[str], items: list[Any], described: str
) -> tuple[Any, ...] | None:
    """``(TEMPLATE, "", ("name",), ": vaccination due")`` where each repetition typed one text
    around its item's value ("Rex: vaccination due", "Milo: vaccination due"), the same before
    and after it every time: the one field whose value does so. ``None`` where none or several
    do, or where what stays the same holds a digit, a text an item of the list holds (a date
    two items happened to share, "due 2026-05-01", may be each item's own), or a word the
    task's words do not write outside a placeholder: "Monday" for
    "<weekday of its pickup date>", "Mr" for "<title>", "his" for "<his or her>" (red team
    round 53) were each item's own too."""
    if len(texts) < 2:
        return None
    outside = re.sub(r"<[^<>]*>", " ", described.lower())
    written = set(re.findall(r"[a-z]+", outside))
    held = {
        str(v).lower()
        for item in items
        if isinstance(item, dict)
        for v in item.values()
        if isinstance(v, str | int | float) and not isinstance(v, bool) and len(str(v)) >= 3
    }
    found: list[tuple[Any, ...]] = []
    for subpath in _paths_in(chosen[0]):
        values = [follow(item, subpath) for item in chosen]
        if not all(k and isinstance(v, str) and len(v) >= 3 for k, v in values):
            continue
        cuts = set()
        for (_, value), text in zip(values, texts, strict=True):
            if text.count(value) != 1:
                break
            at = text.index(value)
            cuts.add((text[:at], text[at + len(value) :]))
        else:
            if len(cuts) != 1:
                continue
            ((before, after),) = cuts
            kept = f"{before} {after}".lower()
            if not (before or after) or any(c.isdigit() for c in kept):
                continue
            if any(h in kept for h in held):
                continue
            said = re.findall(r"[a-z]+", kept)
            if not set(said) <= written:
                continue
            found.append((TEMPLATE, before, subpath, after))
    return found[0] if len(found) == 1 else None


def _zipped(varying: list[_Leaf], scope: _Scope, position: int) -> (
    tuple[
        tuple[RefExpr, list[Any], Access | None, list[int], dict[tuple[int, str], tuple[Any, ...]]],
        list[tuple[RefExpr, list[tuple[_Leaf, tuple[Any, ...], Access | None]]]],
    ]
    | None
):
    """When every varying leaf passed ``$ref`` to the n-th item of a whole list, in
    repetition n, and two lists or more of one length are read so: the first list (as
    :func:`_anchor` gives it) and the others, with their leaves (the path after the index)."""
    reps = len(varying[0].exprs)
    in_scope = scope.at(position)
    groups: dict[tuple[str, tuple[Any, ...]], list[tuple[_Leaf, RefExpr]]] = {}
    for leaf in varying:
        first = leaf.exprs[0]
        if not isinstance(first, RefExpr):
            return None
        cut = next((n for n, e in enumerate(first.path) if is_integer(e)), None)
        if cut is None:
            return None
        ref = RefExpr(name=first.name, path=first.path[:cut], path_kinds=first.path_kinds[:cut])
        if _explicit_indices(leaf, ref) != list(range(reps)):
            return None
        groups.setdefault((ref.name, ref.path), []).append((leaf, ref))
    if len(groups) < 2:
        return None
    lists: list[tuple[RefExpr, list[Any], Access | None, list[_Leaf]]] = []
    for leaves in groups.values():
        ref = leaves[0][1]
        if ref.name not in in_scope:
            return None
        _, holder, annotation = in_scope[ref.name]
        known, value = follow(holder, ref.path)
        if not known or not isinstance(value, list) or len(value) != reps:
            return None  # not every item of it: no zip
        access = scope.item_access(annotation if not ref.path else None, value, position)
        lists.append((ref, value, access, [leaf for leaf, _ in leaves]))
    anchor_ref, items, access, anchor_leaves = lists[0]
    prefix = len(anchor_ref.path) + 1
    subpaths = {
        (leaf.position, leaf.label): tuple(_path_of(leaf)[prefix:]) for leaf in anchor_leaves
    }
    partners = [
        (ref, [(leaf, tuple(_path_of(leaf)[len(ref.path) + 1 :]), acc) for leaf in leaves])
        for ref, _, acc, leaves in lists[1:]
    ]
    return (anchor_ref, items, access, list(range(reps)), subpaths), partners


def _path_of(leaf: _Leaf) -> tuple[Any, ...]:
    first = leaf.exprs[0]
    assert isinstance(first, RefExpr)
    return first.path


def _explicit_indices(leaf: _Leaf, list_ref: RefExpr) -> list[int] | None:
    """The item indices when every repetition passed ``$ref`` to ``list.<n>…`` itself."""
    prefix = len(list_ref.path)
    found: list[int] = []
    for expr in leaf.exprs:
        if not (
            isinstance(expr, RefExpr)
            and expr.name == list_ref.name
            and expr.path[:prefix] == list_ref.path
            and len(expr.path) > prefix
            and is_integer(expr.path[prefix])
        ):
            return None
        index = expr.path[prefix]
        assert isinstance(index, int)
        found.append(index)
    return found


def _increasing(
    items: list[Any],
    subpath: tuple[Any, ...],
    values: list[Any],
    fixed: list[int] | None,
    explicit: list[int] | None,
) -> list[int] | None:
    """Item indices, strictly increasing, whose value at ``subpath`` equals each repetition's
    value; with ``fixed`` (or ``explicit``) indices, just a check of those."""
    given = fixed if fixed is not None else explicit
    if given is not None:
        for index, value in zip(given, values, strict=True):
            if not 0 <= index < len(items):
                return None
            known, got = follow(items[index], subpath)
            if not known or not json_equal(got, value):
                return None
        if any(b <= a for a, b in pairwise(given)):
            return None
        return list(given)
    if len(values) == len(items):
        at = [follow(item, subpath) for item in items]
        if all(k and json_equal(v, w) for (k, v), w in zip(at, values, strict=True)):
            return list(range(len(items)))  # every item in order, duplicates too: no guess
    seen: list[Any] = []
    for item in items:
        known, got = follow(item, subpath)
        if known and any(json_equal(got, v) for v in values):
            if any(json_equal(got, s) for s in seen):
                return None  # a value at two items: which one the model meant is a guess
            seen.append(got)
    out: list[int] = []
    start = 0
    for value in values:
        for j in range(start, len(items)):
            known, got = follow(items[j], subpath)
            if known and json_equal(got, value):
                out.append(j)
                start = j + 1
                break
        else:
            return None
    return out
