"""Pass ``data_flow``: literal copies of earlier values become references and f-strings.

The model reads a result and types what it saw into the next call (``get_invoice(
invoice_id="INV-7")``); the recipe must read it from the new result instead. For every literal
argument (of every call, and every ``finish`` value), using the JSON snapshots the recorder kept,
in this order of precedence:

1. **A whole variable** equal to the literal (an earlier result, a ``compute_n`` included; the
   most recent wins) → a reference: ``invoice_id=invoice``.
2. **A field** of one (a top-level attribute of an object result, a key of a dict; inputs too) →
   ``invoice_id=customer.id``. Deeper paths are not followed: the snapshot cannot tell a nested
   object from a dict.
3. **A string containing** input values or results/fields — text of three characters or more,
   or a distinctive number as Python prints it (``12.0``) — not inside a longer word or number
   → an f-string: ``f"notes/{slug}.md"``, ``f"Refunded {amount} to {customer.name}"``.
4. **A list position** only (``rows[0].id``): picking "the first one" does not generalize, so
   the literal stays, with a comment and a ``list-position`` warning.

**Several explanations.** A copy that more than one value explains (two fields, an input and
a field, a field and a constant the description writes, a number the reason worked out by
arithmetic) keeps the reference above and is guarded: one ``if not (a == b): raise SideExit``
before the statement checks they still agree (:mod:`._ambiguity`). So is a compute's constant
equal to an input (``total > 100`` with ``limit=100``: ``limit == 100``); a dict key equal to
an input (``rates["USD"]`` with ``currency="USD"``) reads the dict by the input instead; and a
literal that is a piece of an input (``"acme.test"`` of ``email``) is checked to still be one.

Values too common to mean anything (see :func:`~compiler.passes._values.is_distinctive`:
booleans, one-digit integers, one-character strings …) are never matched: a coincidence would
silently change what the recipe does, while a kept constant is at least reported.

**Counters** are not matched either. A keyword of an action is a counter when more than half of
the calls of that action that pass it pass an integer literal that equals no input, earlier
result, field or list item, however small: the model numbers the calls itself (``stage(i=1)``,
``stage(i=2)`` … ``stage(i=10)``), so an earlier result that happens to be ``10`` does not make
``i=10`` a copy of it. Such a literal stays, with a comment naming the value it equals (and, as
any constant, in the recipe header when the action is not read-only). Ids copied into repeated
calls (``get_invoice(id=1042)``, ``get_invoice(id=2077)``) mostly equal earlier values, so they
are still matched; and since a match is only dropped when most values match nothing, it takes
three calls or more: a single call is matched as before. Strings and floats are not affected.

The rule lives here, in :func:`counter_slots`, and both passes apply it: the ``parameters`` pass,
which runs first, keeps a counter's literal that equals an *input* (``stage(i=10)`` with the
input ``limit=10``) and writes that comment; this pass keeps the ones that equal a result, a
field or a list item, and says nothing more about those ``parameters`` has explained.
"""

from __future__ import annotations

import ast
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

from compiler.ir import CodeExpr, Expr, FStringExpr, LiteralExpr, RefExpr
from compiler.naming import is_identifier
from compiler.passes._ambiguity import (
    Agreement,
    Explanation,
    agreement,
    agreement_guard,
    arithmetic,
    is_number,
    loosely_equal,
    number_constant,
    of_constant,
    of_ref,
    piece_guard,
    plain,
    worked_out,
    written_in,
)
from compiler.passes._context import PassContext
from compiler.passes._value_texts import MIN_SUBSTRING, _as_texts, _bounded, _walk_lists
from compiler.passes._values import is_distinctive, is_integer, short_repr, value_of
from compiler.passes._walk import map_arguments_noting
from compiler.recipe_ir import (
    Assign,
    Call,
    CompileWarning,
    ExprStmt,
    Guard,
    RecipeIR,
    Statement,
)

Access = Literal["attr", "key"]

_MAX_SCAN = 20_000
"""Longest literal string searched for substrings."""
_DICT_TYPES = ("dict", "Dict", "typing.Dict", "Mapping", "typing.Mapping", "collections.abc.")
_CLASS_NAME = re.compile(r"(?:[A-Za-z_]\w*\.)*[A-Z]\w*")

Slot = tuple[str, str, str]
"""An action's module and qualname, and one of its keywords (see :func:`counter_slots`)."""


@dataclass
class _Binding:
    """What a variable held in the recording, as far as data flow can use it."""

    name: str
    value: Any
    access: Access | None
    """How fields of a JSON object value are read at replay (``None``: unknown, not read)."""
    order: int
    is_input: bool
    what: str
    """For messages: ``input customer`` or ``the result of list_invoices (step 1)``."""
    echoes: tuple[Any, ...] = ()
    """The arguments of the read-only lookup that gave it: a field equal to one (the airport
    looked up by its code has that code) tells nothing of its own."""
    changed: bool = False
    """Whether a call that changes something gave it (``move_candidate`` answering the stage
    it moved to): a word the task's words write is theirs, not that answer's."""

    def fields(self) -> list[tuple[str, Any]]:
        if not isinstance(self.value, dict) or self.access is None:
            return []
        return [
            (key, item)
            for key, item in self.value.items()
            if self.access == "key" or (is_identifier(key) and not key.startswith("_"))
        ]

    def ref(self, key: str | None = None) -> RefExpr:
        if key is None:
            return RefExpr(name=self.name)
        assert self.access is not None
        return RefExpr(name=self.name, path=(key,), path_kinds=(self.access,))


_Rank = tuple[int, int, int]
"""Preference among equal candidates: whole variables before fields, inputs before results,
recent before old (smaller is better)."""


class _Index:
    """Every value the variables in scope held, looked up by a key that is equal exactly when
    :func:`~compiler.passes._values.json_equal` is, so each literal costs one lookup whatever
    the size of the run. A reassigned variable's old entries are skipped (not :meth:`live`)."""

    def __init__(self) -> None:
        self.current: dict[str, _Binding] = {}
        self.whole: dict[Any, list[_Binding]] = {}
        self.fields: dict[Any, list[tuple[_Binding, str]]] = {}
        self.lists: dict[Any, list[tuple[_Binding, str]]] = {}
        self.texts: dict[str, list[tuple[str, _Rank, _Binding, str | None, str]]] = {}
        """Needles for substring search, by their first :data:`MIN_SUBSTRING` characters."""
        self.numbers: dict[float, list[tuple[_Binding, str | None]]] = {}
        """Numbers (whole values and fields), by value whatever int or float they are typed."""
        self.count = 0

    def add(
        self,
        name: str,
        value: Any,
        access: Access | None,
        is_input: bool,
        what: str,
        echoes: tuple[Any, ...] = (),
        changed: bool = False,
    ) -> None:
        binding = _Binding(name, value, access, self.count, is_input, what, echoes, changed)
        self.count += 1
        self.current[name] = binding
        rank_base = 0 if is_input else 1
        key = json_key(value)
        if key is not None:
            self.whole.setdefault(key, []).append(binding)
        number = _number_key(value)
        if number is not None:
            self.numbers.setdefault(number, []).append((binding, None))
        self._add_text(value, (0, rank_base, -binding.order), binding, None)
        for field_name, item in binding.fields():
            item_key = json_key(item)
            if item_key is not None:
                self.fields.setdefault(item_key, []).append((binding, field_name))
            item_number = _number_key(item)
            if item_number is not None:
                self.numbers.setdefault(item_number, []).append((binding, field_name))
            self._add_text(item, (1, rank_base, -binding.order), binding, field_name)
        seen: set[Any] = set()
        for path, item in _walk_lists(value):
            item_key = json_key(item)
            if item_key is not None and item_key not in seen:
                seen.add(item_key)
                self.lists.setdefault(item_key, []).append((binding, path))

    def _add_text(self, value: Any, rank: _Rank, binding: _Binding, key: str | None) -> None:
        for needle, spec in _as_texts(value):
            entry = (needle, rank, binding, key, spec)
            self.texts.setdefault(needle[:MIN_SUBSTRING], []).append(entry)

    def live(self, binding: _Binding) -> bool:
        return self.current.get(binding.name) is binding

    def whole_match(self, value: Any) -> RefExpr | None:
        found = [b for b in self.whole.get(json_key(value), ()) if self.live(b)]
        return max(found, key=lambda b: b.order).ref() if found else None

    def holder(self, value: Any) -> _Binding | None:
        """The variable holding ``value`` (whole, as a field or as a list item), looked up with
        the precedence of the matches, whatever the value's size; ``None`` if none does."""
        key = json_key(value)
        for found in (
            [b for b in self.whole.get(key, ()) if self.live(b)],
            [b for b, _ in self.fields.get(key, ()) if self.live(b)],
            [b for b, _ in self.lists.get(key, ()) if self.live(b)],
        ):
            if found:
                return max(found, key=lambda b: b.order)
        return None

    def input_holds(self, value: Any) -> bool:
        """Whether an input in scope is ``value`` as a whole (what ``parameters`` matches)."""
        return any(b.is_input and self.live(b) for b in self.whole.get(json_key(value), ()))

    def field_match(self, value: Any) -> RefExpr | None:
        found = [(b, k) for b, k in self.fields.get(json_key(value), ()) if self.live(b)]
        if not found:
            return None
        binding, key = max(found, key=lambda f: f[0].order)
        return binding.ref(key)

    def explanations(self, value: Any) -> list[tuple[_Binding, str | None]]:
        """Every variable in scope (input or result, whatever its age) that holds ``value``
        whole or as a top-level field, numbers compared whatever int or float they are typed,
        oldest first."""
        if is_number(value):
            number = _number_key(value)
            found = [] if number is None else self.numbers.get(number, [])
        else:
            key = json_key(value)
            found = [(b, None) for b in self.whole.get(key, ())]
            found += list(self.fields.get(key, ()))
        return sorted(
            (
                (b, k)
                for b, k in found
                if self.live(b) and not any(loosely_equal(value, e) for e in b.echoes)
            ),
            key=lambda f: f[0].order,
        )

    def value_at(self, ref: RefExpr) -> tuple[bool, Any]:
        """The recorded value a reference of this pass (a variable or one field) reads."""
        binding = self.current.get(ref.name)
        if binding is None or len(ref.path) > 1:
            return False, None
        if not ref.path:
            return True, binding.value
        fields = dict(binding.fields())
        key = ref.path[0]
        return (key in fields, fields.get(key)) if isinstance(key, str) else (False, None)

    def list_match(self, value: Any) -> tuple[_Binding, str] | None:
        found = [(b, p) for b, p in self.lists.get(json_key(value), ()) if self.live(b)]
        return max(found, key=lambda f: f[0].order) if found else None

    def fstring(self, text: str) -> FStringExpr | None:
        """``text`` with every value found in it (longest first at each place) as a reference."""
        if len(text) > _MAX_SCAN:
            return None
        found: list[tuple[int, int, _Rank, RefExpr, str]] = []
        for start in range(len(text) - MIN_SUBSTRING + 1):
            for needle, rank, binding, key, spec in self.texts.get(
                text[start : start + MIN_SUBSTRING], ()
            ):
                end = start + len(needle)
                if (
                    self.live(binding)
                    and text.startswith(needle, start)
                    and _bounded(text, start, end)
                ):
                    found.append((start, end, rank, binding.ref(key), spec))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
        parts: list[str | RefExpr] = []
        specs: list[str] = []
        last = 0
        for start, end, _rank, ref, spec in found:
            if start < last:
                continue
            if start > last:
                parts.append(text[last:start])
                specs.append("")
            parts.append(ref)
            specs.append(spec)
            last = end
        if not parts:
            return None
        if last < len(text):
            parts.append(text[last:])
            specs.append("")
        return FStringExpr(parts=tuple(parts), formats=tuple(specs) if any(specs) else ())


def _number_key(value: Any) -> float | None:
    """A number as a float key (``120`` and ``120.0`` alike); ``None`` for anything else,
    ``nan`` and integers too large for a float."""
    if not is_number(value):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return None if math.isnan(number) else number


def json_key(value: Any) -> Any:
    """A hashable key equal for two JSON values exactly when they are
    :func:`~compiler.passes._values.json_equal`
    (types and float signs count, dict key order too); ``None`` for values holding ``nan``."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int):
        return ("i", value)
    if isinstance(value, float):
        return None if math.isnan(value) else ("f", value, math.copysign(1.0, value))
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return ("n",)
    if isinstance(value, list):
        items = [json_key(v) for v in value]
        return None if any(i is None for i in items) else ("l", tuple(items))
    if isinstance(value, dict):
        pairs = [(k, json_key(v)) for k, v in value.items()]
        return None if any(v is None for _, v in pairs) else ("d", tuple(pairs))
    return None


def data_flow(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Turn literal copies of earlier values into references, f-strings or warnings; guard the
    ones several values explain (:mod:`._ambiguity`)."""
    counters = counter_slots(ir, ctx)
    reasons = {s.index: s.reason for s in ctx.trace.steps}
    changes: list[str] = []
    warnings: list[CompileWarning] = []
    statements: list[Statement] = []
    guarded = GuardsSeen()
    for stmt, index in _in_scope(ir, ctx):
        agreements: list[Agreement] = []
        guards: list[Guard] = []
        if isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr):
            stmt = _compute_constants(stmt, index, ir.task.description, guards, changes)
        new = map_arguments_noting(
            stmt,
            _rewrite,
            index=index,
            counter_labels=counter_arguments(stmt, counters),
            warnings=warnings,
            changes=changes,
            description=ir.task.description,
            reason=reasons.get(-1 if stmt.step is None else stmt.step),
            agreements=agreements,
            guards=guards,
        )
        if agreements:
            guards.append(agreement_guard(stmt.step, agreements))
        statements.extend(guarded.new(guards, changes))
        guarded.after(new)
        statements.append(new)
    update = {"statements": tuple(statements), "warnings": (*ir.warnings, *warnings)}
    return ir.model_copy(update=update), changes


class GuardsSeen:
    """The guards already in place, so one agreement checked before a call is not checked
    again before the ``return`` that copies the same value (until a variable it reads is
    assigned again)."""

    def __init__(self) -> None:
        self.live: dict[str, tuple[str, ...]] = {}

    def new(self, guards: list[Guard], changes: list[str]) -> list[Guard]:
        fresh = [g for g in guards if g.condition.source not in self.live]
        for guard in fresh:
            self.live[guard.condition.source] = guard.condition.names
            changes.append(f"step {guard.step}: guard — {guard.condition.source}")
        return fresh

    def after(self, stmt: Statement) -> None:
        if isinstance(stmt, Guard):
            self.live[stmt.condition.source] = stmt.condition.names
        elif isinstance(stmt, Assign):
            self.live = {k: v for k, v in self.live.items() if stmt.var not in v}


def _in_scope(ir: RecipeIR, ctx: PassContext) -> Iterator[tuple[Statement, _Index]]:
    """Each statement with the index of what is in scope before it: the (non-secret) inputs
    and the results earlier statements assigned. The index is updated after each yield."""
    steps = {s.index: s for s in ctx.trace.steps}
    secret = set(ctx.trace.task.secret_inputs)
    index = _Index()
    for name, ref in ir.task.inputs.items():
        if name in ctx.trace.inputs and name not in secret:
            value = ctx.trace.inputs[name]
            index.add(name, value, access_of(ref.annotation, value), True, f"input {name}")
    for stmt in ir.statements:
        yield stmt, index
        if isinstance(stmt, Assign):
            step = steps.get(-1 if stmt.step is None else stmt.step)
            if step is None:
                index.add(stmt.var, None, None, False, stmt.var)
            else:
                annotation = step.result_type.annotation if step.result_type else None
                what = f"the result of {step.action.name} (step {step.index})"
                access = access_of(annotation, step.result)
                echoes: tuple[Any, ...] = ()
                if isinstance(stmt.value, Call) and stmt.value.action.read_only:
                    known = {n: b.value for n, b in index.current.items()}
                    found = [value_of(e, known) for e in stmt.value.kwargs.values()]
                    echoes = tuple(v for ok, v in found if ok)
                changed = isinstance(stmt.value, Call) and not stmt.value.action.read_only
                index.add(stmt.var, step.result, access, False, what, echoes, changed)


def counter_slots(ir: RecipeIR, ctx: PassContext) -> set[Slot]:
    """The counter keywords of the recipe's actions (see the module docstring): those that more
    than half of the action's calls passing them pass an integer literal nothing holds. One pass
    over the recipe, one lookup per argument.

    Both ``parameters`` and this pass call it, on the recipe before and after ``parameters``,
    and get the same set: ``parameters`` only replaces literals that equal an input in scope,
    which count as held before (the input holds them) and after (they are references, not
    literals); the literals it keeps, the calls and what is in scope do not change."""
    passed: Counter[Slot] = Counter()
    unexplained: Counter[Slot] = Counter()
    for stmt, index in _in_scope(ir, ctx):
        if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
            continue
        action = stmt.value.action
        for key, expr in stmt.value.kwargs.items():
            slot = (action.module, action.qualname, key)
            passed[slot] += 1
            if _is_integer_literal(expr) and index.holder(expr.value) is None:
                unexplained[slot] += 1
    return {slot for slot, count in unexplained.items() if 2 * count > passed[slot]}


def counter_arguments(stmt: Statement, counters: set[Slot]) -> dict[str, str]:
    """The labels (``argument i``) of ``stmt``'s counter arguments, each with its action's name
    (for the comment); empty for a ``return`` or a compute."""
    if not isinstance(stmt, Assign | ExprStmt) or not isinstance(stmt.value, Call):
        return {}
    action = stmt.value.action
    return {
        f"argument {key}": action.name
        for key in stmt.value.kwargs
        if (action.module, action.qualname, key) in counters
    }


def counter_kept(where: str, label: str, shown: str, action: str, what: str) -> tuple[str, str]:
    """The comment and the ``--explain`` line for a counter's literal kept although it equals
    ``what`` (``input limit``, ``the result of count (step 0)``)."""
    key = label.split(" ", 1)[-1]
    note = (
        f"{key}={shown} equals {what} by coincidence: most {action} calls pass {key} a number "
        "nothing earlier holds (a counter), so it stays as written"
    )
    change = f"{where}: literal {shown} kept (a counter of {action}; equals {what} by coincidence)"
    return note, change


def _is_integer_literal(expr: Expr) -> TypeGuard[LiteralExpr]:
    return isinstance(expr, LiteralExpr) and is_integer(expr.value)


def access_of(annotation: str | None, value: Any) -> Access | None:
    """How the fields of a value recorded as a JSON object are read at replay, judged from its
    type: ``key`` for dicts (and untyped JSON), ``attr`` for a class, ``None`` when unclear."""
    if not isinstance(value, dict) or annotation is None:
        return None
    text = annotation.replace(" ", "")
    for none in ("|None", "None|"):
        text = text.replace(none, "")
    if text.startswith("Optional[") and text.endswith("]"):
        text = text[len("Optional[") : -1]
    if text in ("dict", "Any", "typing.Any", "object", "JsonValue") or text.startswith(_DICT_TYPES):
        return "key"
    if _CLASS_NAME.fullmatch(text):
        return "attr"
    return None


# --------------------------------------------------------------------------- matching


def _rewrite(
    expr: Expr,
    label: str,
    *,
    index: _Index,
    step: int | None,
    counter_labels: dict[str, str],
    notes: list[str],
    warnings: list[CompileWarning],
    changes: list[str],
    description: str,
    reason: str | None,
    agreements: list[Agreement],
    guards: list[Guard],
) -> Expr:
    if isinstance(expr, RefExpr):
        return _keyed_by_input(expr, label, index, step, description, agreements, changes)
    if not isinstance(expr, LiteralExpr) or not is_distinctive(expr.value):
        return expr
    value = expr.value
    where = f"step {step}, {label}"
    shown = short_repr(value)
    if label in counter_labels and _is_integer_literal(expr):
        holder = index.holder(value)
        if holder is not None and not index.input_holds(value):  # else parameters said it
            note, change = counter_kept(where, label, shown, counter_labels[label], holder.what)
            notes.append(note)
            changes.append(change)
        return expr
    found = index.whole_match(value) or index.field_match(value)
    answered = index.current.get(found.name) if found is not None else None
    if (
        found is not None
        and isinstance(value, str)
        and answered is not None
        and answered.changed
        and written_in(value, description)
    ):
        # ("interview", as a change answered and as the words write it: the words'.)
        changes.append(f"{where}: literal {shown} kept, as the task's words write it")
        return expr
    if found is not None:
        changes.append(f"{where}: literal {shown} → {_describe(found)}")
        preferred = of_ref(found, _what_of(found, index))
        others = explanations_of(value, index, description, reason)
        ambiguous = agreement(label, shown, preferred, others)
        if ambiguous is not None:
            agreements.append(ambiguous)
        return found
    if isinstance(value, str):
        fstring = index.fstring(value)
        if fstring is not None:
            names = ", ".join(_describe(p) for p in fstring.parts if isinstance(p, RefExpr))
            changes.append(f"{where}: literal {shown} → f-string of {names}")
            for part in fstring.parts:
                known, held = index.value_at(part) if isinstance(part, RefExpr) else (False, None)
                if not known:
                    continue
                assert isinstance(part, RefExpr)
                preferred = of_ref(part, _what_of(part, index))
                others = explanations_of(held, index, description, None)
                ambiguous = agreement(f"{label} piece", short_repr(held), preferred, others)
                if ambiguous is not None:
                    agreements.append(ambiguous)
            return fstring
    position = index.list_match(value)
    if position is not None:
        binding, path = position
        key = label.split(" ", 1)[-1]
        notes.append(
            f"{key}={shown} was item {path} of {binding.what} in the recording; a list "
            "position does not generalize, so it stays as written"
        )
        warnings.append(
            CompileWarning(
                code="list-position",
                message=f"{where}: {shown} appears only as item {path} of {binding.what}, and "
                "a list position does not generalize, so the recipe keeps the literal. Pick the "
                "item with compute (a filter, min or max) so the choice follows new data.",
                step=step,
            )
        )
        changes.append(f"{where}: literal {shown} kept (only at list position {path})")
    elif (
        isinstance(value, str)
        and len(value) >= MIN_SUBSTRING
        and not written_in(value, description)
    ):
        for binding in list(index.current.values()):
            if binding.is_input and isinstance(binding.value, str):
                piece = piece_guard(value, of_ref(binding.ref(), binding.what), binding.value, step)
                if piece is not None:
                    guards.append(piece)
                    changes.append(f"{where}: literal {shown} kept (a piece of {binding.what})")
                    break
    return expr


def explanations_of(
    value: Any, index: _Index, description: str, reason: str | None
) -> list[Explanation]:
    """Every explanation of a recorded ``value`` (see :mod:`._ambiguity`): what holds it in
    scope, the description writing it, and arithmetic the reason wrote that gives it."""
    found = [of_ref(b.ref(k), _what(b, k)) for b, k in index.explanations(value)]
    if written_in(value, description):
        found.append(of_constant(value))
    for a, op, b in worked_out(value, reason):
        shown = f"{short_repr(a)} {op} {short_repr(b)} = {short_repr(value)}"
        worked = arithmetic(_operand(a, index), op, _operand(b, index), shown)
        if worked is not None:
            found.append(worked)
    return found


def _operand(number: float, index: _Index) -> Explanation:
    """What a number of the model's arithmetic equals (the most recent holder), else itself."""
    held = index.explanations(number)
    if not held:
        return number_constant(number)
    binding, key = held[-1]
    return of_ref(binding.ref(key), _what(binding, key))


def _what(binding: _Binding, key: str | None) -> str:
    return binding.what if key is None else f"field {key} of {binding.what}"


def _what_of(ref: RefExpr, index: _Index) -> str:
    binding = index.current.get(ref.name)
    if binding is None:
        return ref.name
    key = ref.path[0] if ref.path and isinstance(ref.path[0], str) else None
    return _what(binding, key)


def _keyed_by_input(
    ref: RefExpr,
    label: str,
    index: _Index,
    step: int | None,
    description: str,
    agreements: list[Agreement],
    changes: list[str],
) -> Expr:
    """A ``$ref`` into a dict by a key that is an input's value (``rates.USD`` with the input
    ``currency="USD"``) reads the dict by the input: ``rates[currency]`` (guarded to agree with
    the key itself when the description writes it)."""
    from compiler.codegen import ref_source

    if not plain(ref.name):
        return ref
    kinds = ref.path_kinds or tuple("attr" if isinstance(p, str) else "index" for p in ref.path)
    for i, (element, kind) in enumerate(zip(ref.path, kinds, strict=True)):
        if kind != "key" or not isinstance(element, str) or not is_distinctive(element):
            continue
        inputs = [
            b
            for b, k in index.explanations(element)
            if k is None and b.is_input and b.name != ref.name and plain(b.name)
        ]
        if not inputs:
            continue
        key = inputs[0]
        head = ref.model_copy(update={"path": ref.path[:i], "path_kinds": ref.path_kinds[:i]})
        tail = ref.model_copy(
            update={"name": "_", "path": ref.path[i + 1 :], "path_kinds": ref.path_kinds[i + 1 :]}
        )
        source = f"{ref_source(head)}[{key.name}]{ref_source(tail)[1:]}"
        changes.append(
            f"step {step}, {label}: key {element!r} of {ref.name} → the input {key.name}"
        )
        others = [of_ref(b.ref(), b.what) for b in inputs[1:]]
        if written_in(element, description):
            others.append(of_constant(element))
        ambiguous = agreement(label, short_repr(element), of_ref(key.ref(), key.what), others)
        if ambiguous is not None:
            agreements.append(ambiguous)
        return CodeExpr(source=source, names=tuple(dict.fromkeys((ref.name, key.name))))
    return ref


def _compute_constants(
    stmt: Assign, index: _Index, description: str, guards: list[Guard], changes: list[str]
) -> Assign:
    """A compute's constant equal to an input: as a dict key (``rates['USD']``, the input
    ``currency="USD"``) it becomes the input, guarded when the description writes it; any
    other one stays (``total > 100``, the input ``limit=100``) and one guard before the compute
    checks the input still equals it. The model wrote the number, not which it meant."""
    assert isinstance(stmt.value, CodeExpr)
    code = stmt.value
    try:
        tree = ast.parse(code.source, mode="eval")
    except SyntaxError:
        return stmt
    keys: set[int] = {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}
    edits: list[tuple[int, int, str]] = []
    agreements: list[Agreement] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not is_distinctive(node.value):
            continue
        if not isinstance(node.value, str | int | float) or isinstance(node.value, bool):
            continue
        inputs = [
            b
            for b, k in index.explanations(node.value)
            if k is None and b.is_input and plain(b.name)
        ]
        if not inputs:
            continue
        shown = short_repr(node.value)
        label = "the compute's constant"
        if id(node) in keys and isinstance(node.value, str):
            key = inputs[0]
            edits.append((*_span(code.source, node), key.name))
            changes.append(f"step {stmt.step}: compute key {shown} → the input {key.name}")
            others = [of_ref(b.ref(), b.what) for b in inputs[1:]]
            if written_in(node.value, description):
                others.append(of_constant(node.value))
            found = agreement(label, shown, of_ref(key.ref(), key.what), others)
        else:
            constant = of_constant(node.value, "the model's own number")
            found = agreement(label, shown, constant, [of_ref(b.ref(), b.what) for b in inputs])
        if found is not None:
            agreements.append(found)
    if agreements:
        guards.append(agreement_guard(stmt.step, agreements))
    if not edits:
        return stmt
    source = code.source
    for start, end, name in sorted(edits, reverse=True):
        source = source[:start] + name + source[end:]
    names = tuple(dict.fromkeys((*code.names, *(name for _, _, name in edits))))
    return stmt.model_copy(update={"value": CodeExpr(source=source, names=names)})


def _span(source: str, node: ast.expr) -> tuple[int, int]:
    """Character offsets of ``node`` in ``source`` (``ast`` counts UTF-8 bytes per line)."""
    lines = source.splitlines(keepends=True)

    def offset(line: int, col: int) -> int:
        before = sum(len(text) for text in lines[: line - 1])
        return before + len(lines[line - 1].encode()[:col].decode())

    assert node.end_lineno is not None and node.end_col_offset is not None
    return offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)


def _describe(ref: RefExpr) -> str:
    from compiler.codegen import ref_source

    return ref_source(ref)
