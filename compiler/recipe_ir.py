"""The recipe IR: what the recipe function will do, statement by statement.

The ``lower`` pass builds it from a trace; later passes rewrite it (inputs become parameters,
copies become references, names get cleaned); :mod:`compiler.codegen` lays it out as Python.
Every statement remembers the trace step it came from, so a report (or a healing merge) can
point back at the run::

    RecipeIR
    ├── params         Param(name, annotation)          the task inputs
    ├── statements     Assign(var, Call | CodeExpr)     ``invoices = list_invoices(...)``
    │                    └ expect                       ``expect(invoices, "…")`` right after it
    │                  ExprStmt(Call | CodeExpr)        a call whose result is not stored
    │                  Return(value | fields)           from the last ``finish``
    │                  Guard(condition, message)        ``if not cond: raise SideExit(…)``
    │                  Loop(var, iterable, body)        ``for invoice in unpaid: …``
    │                  If(condition, body, orelse)      ``if invoice.days_overdue > 30: …``
    │                  Until(element, body, limit)      turn pages until ``element`` shows
    │                  (each with a comment and notes:  the model's reason, the compiler's notes)
    ├── imports        ImportName(module, name, alias)  filled by the ``names`` pass
    ├── constants      str                              model constants, for the header
    └── warnings       CompileWarning(code, message, step)

Expressions are the trace IR's own (:data:`compiler.ir.Expr`).
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from compiler.ir import ActionRef, CodeExpr, Expr, LocatorExpr, RefExpr, TaskSpec


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CompileWarning(_Frozen):
    """Something the recipe may get wrong, found while compiling (an error under ``strict``)."""

    code: str
    """Stable short code, e.g. ``no-finish``."""
    message: str
    """What was found and what to do about it."""
    step: int | None = None
    """Index of the trace step concerned, if any."""


class Call(_Frozen):
    """A call of a recorded action with keyword arguments."""

    kind: Literal["call"] = "call"
    action: ActionRef
    """The action called (never a built-in)."""
    kwargs: dict[str, Expr] = {}
    """Keyword arguments, in recorded order."""
    callee: str | None = None
    """How the recipe spells the function (import alias plus the rest of the qualname, e.g.
    ``send_reminder`` or ``Mailer.send``); set by the ``names`` pass."""


Value: TypeAlias = Annotated[Call | CodeExpr, Field(discriminator="kind")]


class _Statement(_Frozen):
    step: int | None = None
    """Index of the trace step this statement comes from."""
    comment: str | None = None
    """A one-line comment placed above the statement (the model's stated reason)."""
    notes: tuple[str, ...] = ()
    """One-line comments from the compiler placed above the statement (after ``comment``):
    a literal kept because its match was ambiguous, and why."""


class Assign(_Statement):
    """``var = <call or compute expression>``."""

    kind: Literal["assign"] = "assign"
    var: str
    """The variable that holds the result."""
    value: Value
    expect: str | None = None
    """Message of an ``expect(var, message)`` check emitted right after the assignment: the
    recording proves the result should not be empty (see the ``expectations`` pass)."""


class ExprStmt(_Statement):
    """A call (or expression) whose result is not stored."""

    kind: Literal["expr"] = "expr"
    value: Value
    refused: str | None = None
    """A call the recording made that raised and was never retried, after which the agent
    went another way ("the card was declined; I send a payment link"): what it raised, as
    the run wrote it (``"RuntimeError: card of C-1 declined"``). The recipe makes the call,
    goes on only when it raises that again, and leaves through a side exit when it goes
    through (the recording never showed what follows then)."""
    refused_with: tuple[tuple[str, str], ...] = ()
    """``(value, keyword)``: an argument's recorded value as ``refused`` writes it, which the
    recipe writes from the argument (the next customer's id in the next customer's error)."""


class Return(_Statement):
    """The recipe's ``return``: one value, the output model built from fields, or ``None``."""

    kind: Literal["return"] = "return"
    value: Expr | None = None
    """The value returned when the task has a ``single`` output."""
    fields: dict[str, Expr] | None = None
    """Output field values when the task has ``fields`` outputs (output-model order)."""


class Guard(_Statement):
    """A check the recording depended on: when ``condition`` is false at replay the recipe
    leaves through a side exit (``raise SideExit(message)``), before any later effect, and the
    runtime hands the rest to the agent from there."""

    kind: Literal["guard"] = "guard"
    condition: CodeExpr
    """Python source that holds on the recorded path."""
    message: str
    """What the side exit says: what was recorded, what differs now."""
    uses: tuple[str, ...] = ()
    """Runtime helpers the condition calls (``same_as_recorded``), for the imports: a bare
    name from ``runtime.expect``, or ``module.name`` (``runtime.browser.same_form``)."""


def side_exit(step: int | None, message: str, note: str, comment: str | None = None) -> Guard:
    """A guard that never holds: the recipe always leaves here (``raise SideExit(message)``),
    since nothing it can read tells whether the recorded step is right now; the agent takes
    over."""
    return Guard(
        step=step,
        condition=CodeExpr(source="False"),
        message=message,
        notes=(note,),
        comment=comment,
    )


class Loop(_Statement):
    """``for var in iterable:`` over a repeated part of the recording; the body's results that
    later statements read are collected into lists (``collect``)."""

    kind: Literal["loop"] = "loop"
    var: str
    """The loop variable (one item of the list)."""
    iterable: RefExpr | CodeExpr
    """The list looped over."""
    also: tuple[tuple[str, RefExpr | CodeExpr], ...] = ()
    """Lists read item by item with ``iterable``: ``for sku, price in zip(skus, prices,
    strict=True)`` (a guard before the loop checks they are of one length)."""
    body: tuple[Statement, ...] = ()
    """The statements of one iteration."""
    collect: tuple[tuple[str, str], ...] = ()
    """``(list, value)`` pairs: ``list = []`` before the loop, ``list.append(value)`` at the end
    of each iteration (``value`` is a body variable)."""
    steps: tuple[int, ...] = ()
    """Every trace step the loop rolled up (for reports and ``--explain``)."""


class If(_Statement):
    """``if condition: body`` — ``else: orelse``, where an ``orelse`` of one ``If`` reads as
    ``elif``: in a loop, the items the recording treated differently (a final notice for some,
    a reminder for others), each branch under the rule that selects its items."""

    kind: Literal["if"] = "if"
    condition: CodeExpr
    """Python source over the loop variable (``invoice.days_overdue > 30``)."""
    body: tuple[Statement, ...] = ()
    orelse: tuple[Statement, ...] = ()
    collect: tuple[tuple[str, str], ...] = ()
    """In a loop's body: ``(list, value)`` pairs, ``list = []`` before the loop and
    ``list.append(value)`` at the end of ``body`` (the items the branch acted on)."""
    orelse_collect: tuple[tuple[str, str], ...] = ()
    """The same at the end of ``orelse`` (the items the other side acted on)."""


class Until(_Statement):
    """Turn pages until an element shows: the recording pressed the same fixed control ("Next")
    again and again, then acted on an element its data names (the result titled ``title``)::

        for _ in range(limit):
            if shows(<element>, or_=<turn>):
                break
            <body>                    # click "Next"
        else:
            raise SideExit(...)

    The loop leaves as soon as the page shows ``element``; ``limit`` page turns that never
    show it leave the recipe (the agent takes over), as does a turn whose control is gone."""

    kind: Literal["until"] = "until"
    element: LocatorExpr
    """The element whose showing ends the loop (the one the statement after the loop acts on)."""
    turn: LocatorExpr
    """The control the body acts on: the check waits until the page shows it or ``element``
    (a page still drawing its results shows neither)."""
    body: tuple[Statement, ...] = ()
    """One page turn."""
    limit: int
    """At most this many turns (a few times the pages the recording went through)."""
    recorded: int = 0
    """How many turns the recording made."""
    steps: tuple[int, ...] = ()
    """Every trace step the loop rolled up (for reports and ``--explain``)."""


Statement: TypeAlias = Annotated[
    Assign | ExprStmt | Return | Guard | Loop | If | Until, Field(discriminator="kind")
]
Loop.model_rebuild()
If.model_rebuild()
Until.model_rebuild()


class Param(_Frozen):
    """One parameter of the recipe function (a task input)."""

    name: str
    annotation: str
    """Annotation source text, e.g. ``list[str]``."""


class ImportName(_Frozen):
    """``from module import name`` or ``from module import name as alias``."""

    module: str
    name: str
    alias: str | None = None


EXPECT_IMPORT = ImportName(module="runtime.expect", name="expect")
"""What a recipe with ``expect(...)`` checks imports (the code generator adds it)."""
SIDE_EXIT_IMPORT = ImportName(module="runtime.errors", name="SideExit")
"""What a recipe with guards imports."""
SHOWS_IMPORT = ImportName(module="runtime.browser", name="shows")
"""What a recipe with an :class:`Until` imports (the presence check)."""
REFUSED_IMPORT = ImportName(module="runtime.expect", name="refused_as_recorded")
"""What a recipe with a refused call (:attr:`ExprStmt.refused`) imports."""
REFUSAL = "refusal"
"""The name a refused call's ``except ... as`` binds (kept free of the recipe's variables)."""
GUARD_HELPERS_MODULE = "runtime.expect"
"""Where the helpers a guard's condition may call (``same_as_recorded``) live."""


def collected(loop: Loop) -> list[str]:
    """The lists a loop fills: its own ``collect`` and its branches' (``If.collect``,
    ``If.orelse_collect``)."""
    names = [name for name, _ in loop.collect]
    return names + [
        name for s in loop.body if isinstance(s, If) for name, _ in (*s.collect, *s.orelse_collect)
    ]


def walk_statements(statements: tuple[Statement, ...] | list[Statement]) -> list[Statement]:
    """Every statement, loop and branch bodies included (a loop, ``if`` or page turning
    before its body), in source order."""
    out: list[Statement] = []
    for stmt in statements:
        out.append(stmt)
        if isinstance(stmt, Loop | Until):
            out.extend(walk_statements(stmt.body))
        elif isinstance(stmt, If):
            out.extend(walk_statements(stmt.body))
            out.extend(walk_statements(stmt.orelse))
    return out


class RecipeIR(_Frozen):
    """A whole recipe before layout."""

    task: TaskSpec
    """The task (description, inputs, outputs) as recorded."""
    run_id: str
    """Run the recipe was compiled from (header)."""
    created_at: str
    """When that run started (header)."""
    function_name: str
    """Name of the recipe function (:func:`compiler.naming.recipe_function_name`)."""
    model_name: str | None = None
    """Name of the output class when the task has ``fields`` outputs."""
    params: tuple[Param, ...] = ()
    statements: tuple[Statement, ...] = ()
    imports: tuple[ImportName, ...] = ()
    """Imports of actions and types (not the fixed ones every recipe has)."""
    constants: tuple[str, ...] = ()
    """Values the model wrote out that no input or result explains, one line each (the
    ``provenance`` pass); the recipe header lists them."""
    page_name: str | None = None
    """The variable holding the browser page when a statement uses locators (``page``)."""
    warnings: tuple[CompileWarning, ...] = ()
    """Warnings the passes found, in order."""

    def with_warning(self, code: str, message: str, step: int | None = None) -> RecipeIR:
        """A copy with one more warning."""
        warning = CompileWarning(code=code, message=message, step=step)
        return self.model_copy(update={"warnings": (*self.warnings, warning)})
