"""What the ``control_flow`` pass knows of a recipe: the recorded value of every variable at
each place, the names already taken, and how it writes code of its own."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from typing import Any

from compiler.ir import (
    CodeExpr,
    RefExpr,
    Step,
)
from compiler.locators import LOCATOR_NAMES
from compiler.naming import BUILTIN_NAMES, RESERVED_GLOBALS, unique_name
from compiler.passes._context import PassContext
from compiler.passes._predicates import Access
from compiler.passes._walk import code_bound_names
from compiler.passes.data_flow import access_of
from compiler.recipe_ir import (
    EXPECT_IMPORT,
    SIDE_EXIT_IMPORT,
    Assign,
    Call,
    ExprStmt,
    RecipeIR,
    Statement,
    walk_statements,
)

WRITTEN_STEPS = -1000
"""Step numbers below this one are of statements the ``control_flow`` pass wrote in."""

SAME_AS_RECORDED = "same_as_recorded"
"""The runtime helper a pick guard calls (``runtime.expect.same_as_recorded``)."""


class _Scope:
    """Recorded values of the inputs and of every top-level assignment, under the recipe's
    names (a name assigned twice has the value of the assignment before the place asked
    about), and the names the recipe already uses."""

    def __init__(self, ir: RecipeIR, ctx: PassContext) -> None:
        self.ir = ir
        self.steps: dict[int, Step] = {s.index: s for s in ctx.trace.steps}
        secret = set(ctx.trace.task.secret_inputs)
        self.inputs: dict[str, Any] = {
            name: ctx.trace.inputs[name]
            for name in ir.task.inputs
            if name in ctx.trace.inputs and name not in secret
        }
        self.bindings: list[tuple[int, str, Any, str | None]] = [
            (-1, name, value, ir.task.inputs[name].annotation)
            for name, value in self.inputs.items()
        ]
        """``(position, name, value, annotation)`` in order of position."""
        self.positions: dict[int, int] = {}
        for position, stmt in enumerate(ir.statements):
            if stmt.step is not None:
                self.positions[stmt.step] = position
            if isinstance(stmt, Assign) and stmt.step in self.steps:
                step = self.steps[stmt.step]
                annotation = step.result_type.annotation if step.result_type else None
                self.bindings.append((position, stmt.var, step.result, annotation))
        self._at: dict[int, dict[str, tuple[int, Any, str | None]]] = {}
        self._by_count: dict[int, dict[str, tuple[int, Any, str | None]]] = {}
        self._binding_positions = [b[0] for b in self.bindings]
        self._access: dict[tuple[str | None, int], Access] = {}
        self._typed: dict[str, list[tuple[int, str]]] | None = None
        self._holders: dict[str, list[tuple[int, str]]] | None = None
        self._input_order = list(self.inputs)
        self._longest: list[int] | None = None
        self.item_values: dict[str, set[str]] | None = None
        """Each value (canonical JSON) at a path inside an item of a list → the variables whose
        lists hold it (built by ``_dispatch``, which asks it for every statement)."""
        self._canons: dict[int, str] = {}
        reasons = " ".join(s.reason or "" for s in ctx.trace.steps)
        self.text = f"{ir.task.description} {reasons}"
        self.description = ir.task.description
        """The task's own words (the model's reasons narrate recorded values: they weigh less)."""
        self.failures = " ".join(s.error or "" for s in ctx.trace.steps if s.status != "ok")
        """What the recorded failures said (``requires a currency, e.g. currency='EUR'``)."""
        self.told = " ".join([ir.task.description, *ir.task.action_docs.values()])
        """What the model was told: the description and the actions' descriptions."""
        self.effects = ctx.changes_something
        self.worked_out: dict[int, Any] = {}
        """Recorded results of statements this pass wrote in, under step numbers of their own
        (below :data:`WRITTEN_STEPS`): a decision the model made in its head
        (:mod:`._hidden_loop`), which no step of the recording holds."""
        self.taken = _taken(ir)
        self.explained: set[int] = set()
        """Steps whose picks by list position the words explain (no warning left on them)."""
        self.helpers: set[str] = set()
        """Runtime helpers statements this pass wrote call (``lowest``), for the imports."""
        self.looped: set[str] = set()
        """Lists a comprehension in an argument goes over (no ``expect`` on them either)."""
        self.copied_later = False
        """Set when a loop did not roll because a later statement holds a value of one of its
        repetitions, written by the model (the loop rolling tries the later loops first)."""
        self.unread: list[str] = []
        """Once loops rolled: the inputs no statement of the recipe reads."""
        self.live: set[str] | None = None
        """Once loops rolled: the variables the recipe's top level still assigns (a repetition's
        results are gone with the loop, and its body's hold only the last item's, if any): what
        a guard after the loops may read. ``None`` before."""

    def at(self, position: int) -> dict[str, tuple[int, Any, str | None]]:
        """Name → (where it was assigned, its value, its type) for the variables in scope
        before top-level statement ``position``."""
        found = self._at.get(position)
        if found is None:
            # The bindings are in order of position: the first ``count`` are in scope. Start
            # from the largest scope already built below it (a C-level copy) and add the rest.
            count = bisect.bisect_left(self._binding_positions, position)
            start = max((c for c in self._by_count if c <= count), default=0)
            found = dict(self._by_count[start]) if start else {}
            for p, n, v, a in self.bindings[start:count]:
                found[n] = (p, v, a)
            self._by_count[count] = found
            self._at[position] = found
        return found

    def values_at(self, position: int) -> dict[str, Any]:
        return {name: value for name, (_, value, _) in self.at(position).items()}

    def position_of(self, stmt: Statement) -> int:
        """Where a (possibly rewritten) statement stood in the recipe before this pass."""
        return self.positions.get(-1 if stmt.step is None else stmt.step, len(self.positions))

    def result_of(self, stmt: Statement) -> tuple[Any, str | None]:
        """The recorded result of a statement's own step, and its type."""
        if stmt.step is not None and stmt.step in self.worked_out:
            return self.worked_out[stmt.step], "bool"
        step = self.steps.get(-1 if stmt.step is None else stmt.step)
        if step is None:
            return None, None
        return step.result, step.result_type.annotation if step.result_type else None

    def written_step(self, value: Any, beside: Statement) -> int:
        """A step number of its own for a statement this pass writes in, whose recorded result
        is ``value``, standing where ``beside`` stood."""
        step = WRITTEN_STEPS - len(self.worked_out)
        self.worked_out[step] = value
        self.positions[step] = self.position_of(beside)
        return step

    def fresh(self, base: str) -> str:
        name = unique_name(base or "item", self.taken)
        self.taken.add(name)
        return name

    def longest_list_before(self, position: int) -> int:
        """The most items of any list :meth:`lists_before` can yield before ``position`` (of
        any variable assigned before it, a bound)."""
        if self._longest is None:
            self._longest = [0]
            for _, _, value, _ in self.bindings:
                if isinstance(value, list):
                    size = len(value)
                elif isinstance(value, dict):
                    size = max((len(v) for v in value.values() if isinstance(v, list)), default=0)
                else:
                    size = 0
                self._longest.append(max(self._longest[-1], size))
        return self._longest[bisect.bisect_left(self._binding_positions, position)]

    def list_holders(self) -> dict[str, list[tuple[int, str]]]:
        """Each value held inside a list (canonical JSON; at any depth up to 4, the first 500
        items of a list) → the assignments holding it, ``(position, name)``, most recent
        first: one pass over the recipe, so a question costs the holders of one value, not a
        scan of every variable in scope (``control_flow``'s picks)."""
        if self._holders is None:
            self._holders = {}
            for at, name, value, _ in self.bindings:
                inside: set[str] = set()
                _collect_inside(value, False, 0, inside)
                for canon in inside:
                    self._holders.setdefault(canon, []).append((at, name))
            for holders in self._holders.values():  # (stable: inputs, all at -1, in order)
                holders.sort(key=lambda h: -h[0])
        return self._holders

    def lists_before(
        self, position: int, among: set[str] | None = None
    ) -> Iterator[tuple[RefExpr, list[Any], Access | None]]:
        """Lists in scope before top-level statement ``position``: variables, and list fields
        of variables, most recently defined first; only those of the variables ``among`` when
        given (a caller that knows which could matter asks for those: the rest costs nothing)."""
        scope = self.at(position)
        if among is None:
            count = bisect.bisect_left(self._binding_positions, position)
            names = [b[1] for b in self.bindings[:count] if scope[b[1]][0] == b[0]]
        else:
            names = [n for n in self._input_order if n in among]  # (in order, as below)
            names += [n for n in among if n in scope and n not in self._input_order]
        names.sort(key=lambda n: -scope[n][0])  # (stable: the inputs, all at -1, in order)
        for name in names:
            _, value, annotation = scope[name]
            if isinstance(value, list) and value:
                yield RefExpr(name=name), value, self.item_access(annotation, value, position)
            elif isinstance(value, dict):
                access = access_of(annotation, value)
                if access is None:
                    continue
                for key, inner in value.items():
                    if isinstance(inner, list) and inner and isinstance(key, str):
                        ref = RefExpr(name=name, path=(key,), path_kinds=(access,))
                        # Items of a class's list field are classes too (pydantic models).
                        found = self.item_access(None, inner, position)
                        yield ref, inner, found or (access if isinstance(inner[0], dict) else None)

    def item_access(self, annotation: str | None, items: list[Any], position: int) -> Access | None:
        """How the recipe reads fields of the list's items: from the list's type
        (``list[Invoice]``), else from another list in scope holding an equal item. Remembered
        per list (a list's items keep their type wherever the list is read)."""
        key = (annotation, id(items))
        if key in self._access:
            return self._access[key]
        found = self._item_access(annotation, items, position)
        if found is not None:
            self._access[key] = found
        return found

    def _item_access(
        self, annotation: str | None, items: list[Any], position: int
    ) -> Access | None:
        if not isinstance(items[0], dict):
            return None
        if annotation:
            inner = re.fullmatch(
                r"\s*(?:list|List|tuple|Tuple|Sequence|typing\.List|typing\.Sequence)\[(.+?)"
                r"(?:,\s*\.\.\.)?\]\s*",
                annotation,
            )
            if inner:
                found = access_of(inner.group(1), items[0])
                if found is not None:
                    return found
        canon = self._canons.get(id(items))
        if canon is None:  # (the lists are the bindings' values: their ids stay theirs)
            canon = self._canons[id(items)] = _canon(items[0])
        for at, other in self._typed_lists().get(canon, ()):
            if at >= position:
                break
            inner = re.fullmatch(r"\s*(?:list|List|Sequence)\[(.+?)\]\s*", other)
            if inner:
                return access_of(inner.group(1), items[0])
        return None

    def _typed_lists(self) -> dict[str, list[tuple[int, str]]]:
        """Each item (as canonical JSON) of a typed list of objects → where such lists were
        assigned and their types, in order: one pass over the recipe instead of a scan of
        every list in scope for every question."""
        if self._typed is None:
            self._typed = {}
            for at, _, value, annotation in self.bindings:
                if not annotation or not isinstance(value, list) or not value:
                    continue
                if not isinstance(value[0], dict):
                    continue
                for item in value:
                    entries = self._typed.setdefault(_canon(item), [])
                    if not entries or entries[-1] != (at, annotation):
                        entries.append((at, annotation))
        return self._typed


def _canon(value: Any) -> str:
    """JSON text equal for values :func:`json_equal` calls equal (``1`` and ``1.0`` alike)."""
    return json.dumps(_integral(value), sort_keys=True, default=str)


def _collect_inside(node: Any, through_list: bool, depth: int, found: set[str]) -> None:
    if through_list:
        found.add(_canon(node))
    if depth >= 4:
        return
    if isinstance(node, list):
        for item in node[:500]:
            _collect_inside(item, True, depth + 1, found)
    elif isinstance(node, dict):
        for item in node.values():
            _collect_inside(item, through_list, depth + 1, found)


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
        return {"int": hex(value)}  # past what str() may write in decimal (4,300 digits)
    if isinstance(value, list):
        return [_integral(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _integral(v) for k, v in value.items()}
    return value


def _taken(ir: RecipeIR) -> set[str]:
    taken = set(BUILTIN_NAMES) | set(RESERVED_GLOBALS) | set(LOCATOR_NAMES)
    taken |= {p.name for p in ir.params} | {ir.function_name}
    taken |= {SIDE_EXIT_IMPORT.name, SAME_AS_RECORDED, EXPECT_IMPORT.name}
    taken |= {i.alias or i.name for i in ir.imports}
    if ir.model_name:
        taken.add(ir.model_name)
    if ir.page_name:
        taken.add(ir.page_name)
    for stmt in walk_statements(ir.statements):
        if isinstance(stmt, Assign):
            taken.add(stmt.var)
        if isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call):
            taken.add((stmt.value.callee or stmt.value.action.name).split(".")[0])
    taken |= code_bound_names(ir.statements)
    return taken


def _code(source: str) -> CodeExpr:
    """A compute expression this pass wrote, checked like the model's."""
    from compiler.expr import free_names, validate_expression

    validate_expression(source)
    return CodeExpr(source=source, names=tuple(free_names(source)))


def _source(expr: RefExpr | CodeExpr) -> str:
    from compiler.codegen import ref_source

    return ref_source(expr) if isinstance(expr, RefExpr) else expr.source
