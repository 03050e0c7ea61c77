"""Pass ``expectations``: ``expect(...)`` checks after steps whose outcome the recording proves.

When a read-only lookup returned a non-empty list or dict in the recording and a later step uses
it, an empty answer at replay almost always means the world changed (a renamed filter, a moved
record, a page that no longer lists anything), and every later step would work on nothing. The
recipe checks right after the call::

    invoices = list_invoices(customer_id=customer.id)
    expect(invoices, "list_invoices returned nothing (the recording had 4 items)")

A failed ``expect`` is a failed step: the runtime hands the rest of the task to the agent.
Conservative on purpose: only read-only actions, only non-empty lists and dicts (an object that
merely serializes as a JSON object is always truthy, so it gets no check), only results that a
later statement reads.
"""

from __future__ import annotations

from compiler.passes._context import PassContext
from compiler.passes._walk import read_later
from compiler.passes.data_flow import access_of
from compiler.recipe_ir import EXPECT_IMPORT, Assign, Call, RecipeIR


def expectations(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Attach an ``expect`` message to each assignment the recording proves non-empty."""
    if EXPECT_IMPORT.name in ir.task.inputs or ir.function_name == EXPECT_IMPORT.name:
        return ir, []  # the recipe could not import the helper under its name
    steps = {s.index: s for s in ctx.trace.steps}
    statements = list(ir.statements)
    read = read_later(statements)
    changes: list[str] = []
    for i, stmt in enumerate(statements):
        if not isinstance(stmt, Assign) or not isinstance(stmt.value, Call):
            continue
        step = steps.get(stmt.step if stmt.step is not None else -1)
        if step is None or not stmt.value.action.read_only or not read[i]:
            continue
        result = step.result
        annotation = step.result_type.annotation if step.result_type else None
        proven = isinstance(result, list) or access_of(annotation, result) == "key"
        if not proven or not isinstance(result, list | dict) or not result:
            continue
        count = f"{len(result)} item{'s' if len(result) != 1 else ''}"
        message = f"{stmt.value.action.name} returned nothing (the recording had {count})"
        statements[i] = stmt.model_copy(update={"expect": message})
        changes.append(f"step {stmt.step}: expect {stmt.var} to be non-empty ({count} recorded)")
    if not changes:
        return ir, []
    return ir.model_copy(update={"statements": tuple(statements)}), changes
