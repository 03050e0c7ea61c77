"""Result pages turned until the wanted item shows: the recording pressed the same fixed control
("Next", found the same way each time) two or more times in a row, then acted on an element its
data names (the result link titled ``title``, see the ``locator_data`` pass). How many pages it
turned depends on where the item was for the recorded inputs, so the recipe turns pages until
the item shows, as a person's script would::

    for _ in range(10):
        if shows(page.get_by_role("link", name=title, exact=True), or_=page.get_by_role(...)):
            break
        click(target=find(page.get_by_role("button", name="Next"), page.locator("#next")))
    else:
        raise SideExit(f"{title!r} did not show in 10 pages")
    click(target=find(page.get_by_role("link", name=title, exact=True)))

The check waits as a read does (``runtime.browser.shows``): the page settles after the turn,
then shows the item or the control. The bound comes from the recording: a few times the pages
it went through, never fewer than :data:`LIMIT_FLOOR`. When the item never shows, the loop (or
the lookup of a control the last page no longer has) stops the recipe before any click on a
result: the agent takes over. One turn is not enough to go on — a "Continue" pressed once
before a choice is a step of a form, not a page of results — so it stays as recorded.
"""

from __future__ import annotations

from compiler.ir import Expr, LocatorExpr
from compiler.passes._walk import argument_exprs
from compiler.recipe_ir import (
    SHOWS_IMPORT,
    Assign,
    Call,
    ExprStmt,
    Param,
    Statement,
    Until,
    walk_statements,
)

MIN_TURNS = 2
"""The fewest presses of one control in a row that read as turning pages."""
PAGES_FACTOR = 3
"""The loop turns at most this many times the pages the recording went through…"""
LIMIT_FLOOR = 10
"""…and never fewer than this many."""


def turn_pages(
    statements: list[Statement], params: tuple[Param, ...], changes: list[str]
) -> list[Statement]:
    """``statements`` with each run of page turns followed by an action on a data-bound
    element rolled into an :class:`~compiler.recipe_ir.Until` (see the module docstring).
    ``params``: the recipe's parameters (none may shadow a name the loop calls)."""
    defined = {p.name for p in params}
    defined |= {s.var for s in walk_statements(statements) if isinstance(s, Assign)}
    if defined & {SHOWS_IMPORT.name, "range"}:
        return statements
    out: list[Statement] = []
    i = 0
    while i < len(statements):
        turn = _turn_of(statements[i])
        if turn is None:
            out.append(statements[i])
            i += 1
            continue
        end = i + 1
        while end < len(statements) and _same_turn(statements[end], statements[i]):
            end += 1
        wanted = _wanted_element(statements[end]) if end < len(statements) else None
        turns = end - i
        if turns < MIN_TURNS or wanted is None:
            out.extend(statements[i:end])
            i = end
            continue
        first = statements[i]
        steps = tuple(s.step for s in statements[i:end] if s.step is not None)
        limit = max(LIMIT_FLOOR, PAGES_FACTOR * (turns + 1))
        what = wanted.description or "the element"
        out.append(
            Until(
                step=first.step,
                element=wanted,
                turn=turn,
                body=(first.model_copy(update={"comment": None}),),
                limit=limit,
                recorded=turns,
                steps=steps,
                notes=(
                    f"Turn the pages until the element the inputs name ({what} when recorded) "
                    f"shows: the recording turned {turns} (steps {steps[0]}–{steps[-1]}); at "
                    f"most {limit} here, then the agent takes over.",
                ),
            )
        )
        changes.append(
            f"steps {steps[0]}–{steps[-1]}: {turns} page turns rolled into a loop until "
            f"{what} shows (at most {limit})"
        )
        i = end
    return out


def _turn_of(stmt: Statement) -> LocatorExpr | None:
    """The control a call that changes the page acts on, when it is one fixed element (no text
    from data) and the call's only element."""
    if not (isinstance(stmt, ExprStmt) and isinstance(stmt.value, Call)):
        return None
    if stmt.value.action.read_only:
        return None
    elements = [e for _, e in argument_exprs(stmt) if isinstance(e, LocatorExpr)]
    if len(elements) != 1 or not elements[0].candidates:
        return None
    if any(c.text_from is not None for c in elements[0].candidates):
        return None
    return elements[0]


def _same_turn(stmt: Statement, first: Statement) -> bool:
    """The same call on the same control: the same action, the same arguments, the element
    found by the same most robust candidate."""
    if _turn_of(stmt) is None:
        return False
    assert isinstance(stmt, ExprStmt) and isinstance(first, ExprStmt)
    assert isinstance(stmt.value, Call) and isinstance(first.value, Call)
    if stmt.value.action != first.value.action:
        return False
    if stmt.value.kwargs.keys() != first.value.kwargs.keys():
        return False
    return all(_same_arg(stmt.value.kwargs[k], first.value.kwargs[k]) for k in first.value.kwargs)


def _same_arg(a: Expr, b: Expr) -> bool:
    if isinstance(a, LocatorExpr) and isinstance(b, LocatorExpr):
        return a.candidates[0] == b.candidates[0]
    return a == b


def _wanted_element(stmt: Statement) -> LocatorExpr | None:
    """The element a call acts on or reads when its most robust candidate's text is data."""
    if not (isinstance(stmt, Assign | ExprStmt) and isinstance(stmt.value, Call)):
        return None
    elements = [e for _, e in argument_exprs(stmt) if isinstance(e, LocatorExpr)]
    if len(elements) != 1 or not elements[0].candidates:
        return None
    return elements[0] if elements[0].candidates[0].text_from is not None else None
