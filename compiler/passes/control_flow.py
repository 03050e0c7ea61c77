"""Pass ``control_flow``: repetition becomes loops; decisions and unexplained picks become guards.

A recipe is a recorded path compiled like a tracing JIT compiles a trace: what the path
depended on but the compiler cannot explain is checked at replay (a **guard**), and a guard
that fails leaves through a **side exit** (``raise SideExit(...)``) before any later effect, so
the runtime hands the rest to the agent from there. Three rewrites, in this order:

1. **Loops.** A run of two or more repetitions of the same calls (one call, or a body of
   several: read a row, then act on it) whose changing arguments are, repetition after
   repetition, the same field of successive items of one list in scope (a task input, an
   action result, a compute, or a field of one) — passed by ``$ref`` (``rows.0.id``) or
   copied — becomes ``for item in items:``. When the recording acted on a subset, the
   predicate that selects it is inferred over the items' fields (:mod:`._predicates`):
   ``unpaid = [invoice for invoice in invoices if not invoice.paid]``; when several fit the
   recording, a guard checks that they agree on the new items. Body results read later are
   collected into lists, and a literal the model wrote that equals the number of repetitions
   becomes ``len(...)``. No ``expect`` is kept on a list whose only use is the loop: an empty
   list is a valid input.
2. **Decisions.** A ``compute`` that gave a boolean is a decision when the task can change
   something: the recipe goes on only down the recorded side (``if not needs_approval: raise
   SideExit(...)``); the other side was never seen.
3. **Unexplained picks.** A literal the model copied from a list by position (what the
   ``data_flow`` pass keeps and flags) cannot be explained, so the statement that uses it runs
   only while the list is exactly what the recording saw (``same_as_recorded(rows, "…")``).
4. **Page turns.** The same control ("Next") pressed again and again before an action on an
   element the data names becomes a loop that turns pages until that element shows
   (:mod:`._pages`).

Runs after ``names`` (it sees the final variable names and picks fresh ones the same way) and
before ``provenance``.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from compiler.fingerprint import fingerprint
from compiler.ir import (
    CodeExpr,
    LiteralExpr,
    LocatorExpr,
    RefExpr,
)
from compiler.literals import literal_source
from compiler.passes._comprehensions import listed_items
from compiler.passes._context import PassContext
from compiler.passes._decided import decided_loop, decided_var
from compiler.passes._dispatch import dispatch_loop
from compiler.passes._elements import element_refs
from compiler.passes._extremes import Extreme
from compiler.passes._extremes import explain as explain_pick
from compiler.passes._extremes import rewrite as rewrite_pick
from compiler.passes._guard_kit import _condition, _unlike
from compiler.passes._hidden_decisions import hidden_decisions
from compiler.passes._hidden_loop import hidden_decided_loop
from compiler.passes._hidden_words import (
    _conditional,
    _is_number,
    _number_text,
    _numbers,
    every_number,
    in_digits,
    names_field,
    values_inside,
)
from compiler.passes._loop_uses import _drop_loop_expects, _without_length_guards
from compiler.passes._number_words import unformatted
from compiler.passes._pages import turn_pages
from compiler.passes._rolling import _roll
from compiler.passes._scope import SAME_AS_RECORDED, _canon, _code, _Scope, _source
from compiler.passes._values import (
    is_distinctive,
    is_integer,
    json_equal,
    short_repr,
)
from compiler.passes._walk import leaf_exprs, names_read
from compiler.recipe_ir import (
    GUARD_HELPERS_MODULE,
    Assign,
    Call,
    ExprStmt,
    Guard,
    If,
    ImportName,
    Loop,
    RecipeIR,
    Return,
    Statement,
    side_exit,
)

Flat = Assign | ExprStmt | Return


def control_flow(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Roll loops, then guard decisions and unexplained picks."""
    scope = _Scope(ir, ctx)
    changes: list[str] = []
    statements = _roll(
        list(ir.statements),
        scope,
        changes,
        others=(dispatch_loop, decided_loop, hidden_decided_loop),
    )
    statements = _without_length_guards(statements)
    statements = listed_items(statements, scope, changes)
    statements = _decisions(statements, scope, changes)
    statements = _picks(statements, scope, changes)
    statements = hidden_decisions(statements, scope, changes)
    statements = _drop_loop_expects(statements, changes, scope.looped)
    statements = turn_pages(statements, ir.params, changes)
    rolled = {s for stmt in statements if isinstance(stmt, Loop) for s in stmt.steps}
    rolled |= scope.explained
    warnings = tuple(w for w in ir.warnings if not (w.code == "list-position" and w.step in rolled))
    imports = ir.imports + tuple(
        ImportName(module=GUARD_HELPERS_MODULE, name=h) for h in sorted(scope.helpers)
    )
    update = {"statements": tuple(statements), "warnings": warnings, "imports": imports}
    return ir.model_copy(update=update), changes


# --------------------------------------------------------------------------- decisions


def _decisions(
    statements: list[Statement],
    scope: _Scope,
    changes: list[str],
    loop: Loop | None = None,
    skip: str | None = None,
) -> list[Statement]:
    """A guard after each boolean compute of a task that changes something (in a loop's body
    too: every repetition took one side), and, in a task whose words make its changes
    conditional, after each number computed that nothing reads: the model read a decision off
    it ("60 left: within the limit"), so it keeps its recorded side of 0 and of the numbers the
    description writes."""
    if not scope.effects:
        return statements
    out: list[Statement] = []
    for n, stmt in enumerate(statements):
        if isinstance(stmt, Loop) and all(isinstance(s, Assign | ExprStmt) for s in stmt.body):
            body = _decisions(list(stmt.body), scope, changes, loop=stmt)
            stmt = stmt.model_copy(update={"body": tuple(body)})
        elif isinstance(stmt, Loop) and (decided := decided_var(stmt)) is not None:
            # A loop deciding per item: its other decisions came out one way, and keep it.
            at = next(n for n, s in enumerate(stmt.body) if isinstance(s, If))
            body = _decisions(list(stmt.body[:at]), scope, changes, loop=stmt, skip=decided)
            stmt = stmt.model_copy(update={"body": (*body, *stmt.body[at:])})
        if (
            isinstance(stmt, Assign)
            and isinstance(stmt.value, CodeExpr)
            and isinstance(scope.result_of(stmt)[0], bool)
        ):
            for bounded in _boundary_guards(stmt, scope):
                out.append(bounded)
                changes.append(f"step {stmt.step}: the bound of {stmt.var} — guarded")
        out.append(stmt)
        if not (isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr)):
            continue
        step = scope.steps.get(-1 if stmt.step is None else stmt.step)
        if step is None:
            continue
        if not isinstance(step.result, bool):
            guard = _unread_number(stmt, statements[n + 1 :], loop, scope)
            if guard is not None:
                out.append(guard)
                changes.append(f"step {stmt.step}: number {stmt.var} read off — guarded")
            continue
        if stmt.var == skip:
            continue  # (both of its sides are code)
        recorded = step.result
        condition = stmt.var if recorded else f"not {stmt.var}"
        out.append(
            Guard(
                step=stmt.step,
                condition=CodeExpr(source=condition, names=(stmt.var,)),
                message=f"{stmt.var} is {not recorded}: the recording went the {recorded} way only",
                notes=(
                    f"A decision: the recording went on with {stmt.var} = {recorded}; the "
                    "other side leaves the recipe (the agent takes over from here).",
                ),
            )
        )
        changes.append(f"step {stmt.step}: decision {stmt.var} guarded (recorded {recorded})")
    return out


_ORDERS = (ast.Gt, ast.GtE, ast.Lt, ast.LtE)


def _boundary_guards(stmt: Assign, scope: _Scope) -> list[Guard]:
    """Before a decision that compares a value with a number the task's words write
    (``order.total >= 100`` for "over 100 EUR"): a guard that the value is not that number.
    Whether the words mean the bound itself ("over" or "at least") is what the model's
    comparison may have got wrong, and a recording seldom shows an item right on it."""
    assert isinstance(stmt.value, CodeExpr)
    written = every_number(unformatted(scope.description))
    guards: list[Guard] = []
    for node in _single_compares(ast.parse(stmt.value.source, mode="eval")):
        if not isinstance(node.ops[0], _ORDERS):
            continue
        sides = [node.left, node.comparators[0]]
        numbers = [
            float(side.value)
            for side in sides
            if isinstance(side, ast.Constant) and isinstance(side.value, int | float)
        ]
        bound = next((b for b in numbers if any(abs(b - w) < 1e-9 for w in written)), None)
        other = next((side for side in sides if not isinstance(side, ast.Constant)), None)
        if bound is None or other is None:
            continue
        said = words_orders(scope.description, bound)
        order = _order_of(node, other)
        if said and said <= {order, _COMPLEMENT[order]}:
            # the comparison the words make ("over 100": > 100; "at most 200": <=), wherever
            # they write the number ("10+ orders ... over 10 EUR": one has no phrase, UNSAID)
            continue
        value = ast.unparse(other)
        shown = _number_text(bound)
        condition = f"{value} != {shown}"
        if any(g.condition.source == condition for g in guards):
            continue
        guards.append(
            Guard(
                step=stmt.step,
                condition=CodeExpr(source=condition, names=tuple(sorted(_names_in(other)))),
                message=f"{value} is {shown}, the bound the task's words write",
                notes=(
                    f"{stmt.var} compares {value} with {shown}, which the words write: whether "
                    "they mean the bound itself (over, or at least) the recording does not show. "
                    "Go on only while the value is not on it.",
                ),
            )
        )
    return guards


def _single_compares(tree: ast.AST) -> list[ast.Compare]:
    """Every comparison in ``tree`` as comparisons of two sides: ``3 <= n <= 7`` is ``3 <= n``
    and ``n <= 7`` (red team round 53: a chained comparison had no bound guard)."""
    found: list[ast.Compare] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for n, op in enumerate(node.ops):
                found.append(ast.Compare(left=sides[n], ops=[op], comparators=[sides[n + 1]]))
    return found


_SYMBOL = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<="}
_FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}
_COMPLEMENT = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}
"""The other side of a bound ("at most 200" and "over 200" say the same of 200)."""


def _order_of(node: ast.Compare, value: ast.expr) -> str:
    """The comparison as ``value <op> bound`` (``100 < x`` is ``x > 100``)."""
    symbol = _SYMBOL[type(node.ops[0])]
    return symbol if node.left is value else _FLIPPED[symbol]


_BEFORE = (
    (">=", r"at or above|at or over|at least|no less than|not less than|no fewer than|minimum of"),
    (
        "<=",
        r"at or below|at or under|at most|no more than|not more than|up to|maximum of|within",
    ),
    (
        ">",
        r"over|more than|above|greater than|higher than|exceeds|exceeding|beyond|older than|"
        r"longer than|larger than|bigger than|later than|taller than|heavier than|hotter than|"
        r"warmer than|wider than|deeper than|farther than|further than",
    ),
    (
        "<",
        r"under|less than|below|lower than|fewer than|younger than|newer than|shorter than|"
        r"smaller than|earlier than|lighter than|colder than|cooler than|narrower than|"
        r"shallower than|closer than|nearer than",
    ),
)
_AFTER = (
    (">=", r"or more|or above|or higher|or greater|or over|and more|and above|and over|and up"),
    ("<=", r"or less|or below|or lower|or under|or fewer"),
)


def words_orders(description: str, bound: float) -> set[str]:
    """How the task's words compare with ``bound``: ``{">"}`` for "over 100 EUR", ``{">="}``
    for "100 EUR or more" and "at or above 100", both sides when the words name both, nothing
    when no phrase beside it says."""
    text = in_digits(unformatted(description.lower()))
    number = rf"(?:[$€£]\s*|(?:eur|usd|gbp)\s+)?{re.escape(_number_text(float(bound)))}"
    number += r"(?:\.0+)?(?!\d)(?!\.\d)"
    found: set[str] = set()
    for symbol, words in _BEFORE:  # (the longer phrases first: "at or above" is no "above")
        pattern = re.compile(rf"\b(?:{words})\s+(?:the\s+)?{number}")  # ("over the 1000")
        if pattern.search(text):
            found.add(symbol)
            text = pattern.sub(" ", text)
    for symbol, words in _AFTER:
        pattern = re.compile(rf"(?<![\d.]){number}(?:\s*[a-z%]{{1,5}})?\s+(?:{words})\b")
        if pattern.search(text):
            found.add(symbol)
            text = pattern.sub(" ", text)
    if found and re.search(rf"(?<![\d.]){number}", text):
        found.add(UNSAID)  # ("10+ orders ... over 10 EUR": the number once more, no phrase)
    return found


UNSAID = "?"
"""The mark of a number the words write once more with no phrase beside it that compares."""


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _unread_number(
    stmt: Assign, later: list[Statement], loop: Loop | None, scope: _Scope
) -> Guard | None:
    """The guard on a number computed that nothing reads, in a task whose words make its
    changes conditional (see :func:`_decisions`); ``None`` otherwise."""
    if not _conditional(scope.description) or any(stmt.var in names_read(s) for s in later):
        return None
    if loop is not None and any(stmt.var == value for _, value in loop.collect):
        return None
    seen = _repetition_results(stmt, loop, scope)
    if not seen or not all(_is_number(v) for v in seen):
        return None
    condition = _condition(stmt.var, seen, _numbers(scope.description), equal=False)
    if condition is None:
        return None
    return Guard(
        step=stmt.step,
        condition=_code(condition),
        message=_unlike(condition, stmt.var, seen[0]),
        notes=(
            f"The model worked {stmt.var} out and passed it nowhere: it decided something on "
            "it. Go on only while it reads on the recorded side.",
        ),
    )


def _repetition_results(stmt: Assign, loop: Loop | None, scope: _Scope) -> list[Any]:
    """What a statement gave in the recording: in a loop's body, in every repetition."""
    if loop is None or stmt.step is None:
        step = scope.steps.get(-1 if stmt.step is None else stmt.step)
        return [] if step is None else [step.result]
    size = sum(1 for s in loop.body if s.step is not None)
    if not size or stmt.step not in loop.steps or len(loop.steps) % size:
        return []
    at = loop.steps.index(stmt.step)
    found = [scope.steps.get(s) for s in loop.steps[at::size]]
    return [s.result for s in found if s is not None]


# --------------------------------------------------------------------------- picks


def _picks(statements: list[Statement], scope: _Scope, changes: list[str]) -> list[Statement]:
    """Before a statement that uses a literal found only at a list position, a guard that the
    list holding it is exactly what the recording saw."""
    out: list[Statement] = []
    guarded: dict[str, int] = {}  # holder → where the value its guard checked was assigned
    explained = scope.explained
    picked: dict[str, Extreme] = {}  # holder → the item the words explain (the cheapest…)
    assigned_at: dict[str, int] = {}  # holder → where the list its pick went over was assigned
    read = set().union(*(names_read(s) for s in statements)) if statements else set()
    unread = [p for p in scope.inputs if p not in read]
    for stmt in statements:
        position = scope.position_of(stmt)
        if isinstance(stmt, Assign | ExprStmt) and _positional_target(stmt):
            out.append(
                side_exit(
                    stmt.step,
                    f"step {stmt.step}: the recording picked this element by its position among "
                    "similar ones, and nothing says which one the page needs now",
                    "The element below was picked by its position among elements that look alike "
                    "(no text of its own names it): the agent takes over here.",
                )
            )
            changes.append(f"step {stmt.step}: side exit — an element picked by position")
        if isinstance(stmt, Assign | ExprStmt | Return) and (_is_flat(stmt) or _code_picks(stmt)):
            for earlier in picked.values() if _is_flat(stmt) else ():
                if (
                    scope.at(position).get(earlier.holder, (None,))[0]
                    == assigned_at[earlier.holder]
                ):
                    stmt = _flat(rewrite_pick(stmt, earlier, scope, position))
            for holder, _ in _pick_holders(stmt, scope, position) if _is_flat(stmt) else ():
                pick = explain_pick(stmt, holder, scope, position)
                if pick is None:
                    continue
                out.extend(pick.statements)
                scope.helpers |= set(pick.helpers)
                picked[holder] = pick
                assigned_at[holder] = scope.at(position)[holder][0]
                stmt = _flat(rewrite_pick(stmt, pick, scope, position))
                changes.append(f"step {stmt.step}: pick from {holder} explained ({pick.var})")
            if picked:
                notes = tuple(n for n in stmt.notes if "list position" not in n)
                stmt = stmt.model_copy(update={"notes": notes})
                if stmt.step is not None and not _pick_holders(stmt, scope, position):
                    explained.add(stmt.step)
            holders = _pick_holders(stmt, scope, position)
            for holder, what in holders:
                assigned = scope.at(position)[holder][0]
                if guarded.get(holder) == assigned:
                    continue  # checked already, and not assigned since
                guarded[holder] = assigned
                # An input no statement reads may be what the model compared the items with.
                checked = [holder, *(p for p in unread if p != holder)]
                values = scope.values_at(position)
                subject = holder if len(checked) == 1 else f"[{', '.join(checked)}]"
                digest = fingerprint(
                    values[holder] if len(checked) == 1 else [values[n] for n in checked]
                )
                out.append(
                    Guard(
                        step=stmt.step,
                        condition=CodeExpr(
                            source=f"{SAME_AS_RECORDED}({subject}, {literal_source(digest)})",
                            names=tuple(checked),
                        ),
                        message=(
                            f"{holder} changed since the recording picked {what} from it"
                            if len(checked) == 1
                            else f"{', '.join(checked)} changed since the recording picked "
                            f"{what} from {holder}"
                        ),
                        notes=(
                            f"{what} was picked from {holder} by position and nothing says why: "
                            + (
                                f"go on only while {holder} is what the recording saw."
                                if len(checked) == 1
                                else f"go on only while {' and '.join(checked)} are what the "
                                "recording saw."
                            ),
                        ),
                        uses=(SAME_AS_RECORDED,),
                    )
                )
                changes.append(f"step {stmt.step}: guard — {holder} unchanged ({what})")
        if isinstance(stmt, Assign | ExprStmt | Return) and holders_of(stmt, scope, position):
            stmt = stmt.model_copy(
                update={"notes": tuple(n for n in stmt.notes if "list position" not in n)}
            )
        out.append(stmt)
    return out


def _flat(stmt: Statement) -> Flat:
    assert isinstance(stmt, Assign | ExprStmt | Return)
    return stmt


_POSITIONAL = re.compile(r":nth-|\[\d+\]")


def _positional_target(stmt: Assign | ExprStmt) -> bool:
    """A changing call on an element found only by its position (``tr:nth-of-type(3)``,
    ``xpath=…/tr[3]/…``) or by the text of a row that no data explains (the row of "A-1", when
    no input or result says why that order): which of the alike elements the model meant is
    not in the trace."""
    if not isinstance(stmt.value, Call) or stmt.value.action.read_only:
        return False
    for expr in stmt.value.kwargs.values():
        if (
            isinstance(expr, LocatorExpr)
            and expr.candidates
            and all(
                c.nth is not None
                or (c.strategy in ("css", "xpath") and _POSITIONAL.search(c.value))
                or (c.row is not None and c.text_from is None)
                for c in expr.candidates
            )
        ):
            return True
    return False


def holders_of(stmt: Flat, scope: _Scope, position: int) -> bool:
    return _is_flat(stmt) and bool(_pick_holders(stmt, scope, position))


def _is_flat(stmt: Flat) -> bool:
    return isinstance(stmt, Return) or isinstance(stmt.value, Call)


def _code_picks(stmt: Flat) -> list[tuple[str, str]]:
    """``(variable, the item)`` of each item a compute reads from a variable by a constant
    position (``invoices[2].amount``): a pick as much as a ``$ref invoices.2`` is."""
    if isinstance(stmt, Return) or not isinstance(stmt.value, CodeExpr):
        return []
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(stmt.value.source, mode="eval")):
        if not (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and type(node.slice.value) is int
        ):
            continue
        root = node.value
        while isinstance(root, ast.Attribute | ast.Subscript):
            root = root.value
        if isinstance(root, ast.Name):
            found.setdefault(root.id, ast.unparse(node))
    return list(found.items())


def _listed(name: str, scope: _Scope, position: int) -> bool:
    """Whether ``name`` holds a list an input or a call gave (not a compute's own tuple, as
    ``(price, index)``, whose places are its meaning)."""
    at, value, _ = scope.at(position).get(name, (None, None, None))
    if not isinstance(value, list) or at is None:
        return False
    if at < 0:
        return True  # an input
    stmt = scope.ir.statements[at]
    return isinstance(stmt, Assign) and isinstance(stmt.value, Call)


def _pick_holders(stmt: Flat, scope: _Scope, position: int) -> list[tuple[str, str]]:
    from compiler.passes._walk import argument_exprs

    if not _is_flat(stmt):  # a compute: the items it reads by position, from listed data
        return [(name, what) for name, what in _code_picks(stmt) if _listed(name, scope, position)]
    found: dict[str, str] = {}
    for label, expr in argument_exprs(stmt):
        for _, leaf in leaf_exprs(expr, label):
            for ref in element_refs(leaf):  # the row of table[0]: an element picked by position
                # (An item of a list input has its length guard from the locator_data pass.)
                if ref.name in scope.inputs or not any(is_integer(p) for p in ref.path):
                    continue
                if ref.name in scope.at(position):
                    found.setdefault(ref.name, _source(ref))
            if isinstance(leaf, RefExpr) and any(is_integer(p) for p in leaf.path):
                # The model passed an item by its position ($ref rows.0.id): a pick too.
                if leaf.name in scope.at(position) and leaf.name not in found:
                    found[leaf.name] = _source(leaf)
                continue
            if not isinstance(leaf, LiteralExpr):
                continue
            if isinstance(leaf.value, list | dict):  # records copied whole: by their values
                holder = next(
                    (
                        h
                        for v in values_inside(leaf.value)
                        if is_distinctive(v) and (h := _list_holder(v, scope, position))
                    ),
                    None,
                )
            elif is_distinctive(leaf.value):
                holder = _list_holder(leaf.value, scope, position)
            elif isinstance(leaf.value, int) and is_integer(leaf.value):
                if isinstance(stmt, Return):
                    continue  # (an output's small number is a count more often than a copy)
                holder = _small_int_holder(label.split(" ", 1)[-1], leaf.value, scope, position)
            else:
                continue
            if holder is not None and holder not in found:
                found[holder] = short_repr(leaf.value)
    return list(found.items())


def _small_int_holder(label: str, value: int, scope: _Scope, position: int) -> str | None:
    """A small integer (``number=3``) is a copy only where a list's items hold it at the field
    the keyword names (``number``, ``ticket_id``/``id``): the most recent such list in scope
    (small numbers turn up everywhere, so the field must say it)."""
    known = scope.at(position)
    for name, (at, held, _) in sorted(known.items(), key=lambda kv: -kv[1][0]):
        if at >= position or not isinstance(held, list):
            continue
        if any(
            isinstance(item, dict)
            and any(names_field(label, f) and json_equal(v, value) for f, v in item.items())
            for item in held[:500]
        ):
            return name
    return None


def _list_holder(value: Any, scope: _Scope, position: int) -> str | None:
    """The most recent variable in scope that holds ``value`` inside a list, and nowhere a
    whole variable or a top-level field equals it (then data flow would have used that)."""
    known = scope.at(position)
    for at, name in scope.list_holders().get(_canon(value), ()):
        if at < position and known.get(name, (None,))[0] == at:  # its latest assignment
            return name
    return None
