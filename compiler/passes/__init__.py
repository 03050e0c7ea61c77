"""Compiler passes, one module each, run in this order by :func:`compiler.compile_trace`:

1. :func:`drop_failed` (trace → trace): leave out calls that raised (attempts the agent retried).
2. :func:`lower` (trace → recipe IR): steps become statements, ``finish`` the ``return``.
3. :func:`parameters`: literal copies of inputs become parameters (ambiguous ones are kept and
   flagged).
4. :func:`data_flow`: literal copies of earlier results (or fields of them) become references,
   strings containing them f-strings; list positions are kept and flagged.

   Both keep a *counter*'s integer literals (``stage(i=1)`` … ``stage(i=10)``, numbered by the
   model) even when one equals an input or a result: one rule,
   :func:`~compiler.passes.data_flow.counter_slots`, says which keywords are counters.
   Then :func:`locator_data`: a page element whose text is data (an input, a list input's
   item, a variable) is found by that data, and by no candidate that does not carry it; and
   :func:`page_choices`: an alternative picked (or a value typed) by a constant the agent read
   off the page is guarded by that read, or stops the recipe before it.
5. :func:`drop_unused`: read-only calls and computes whose results nothing reads are left out.
6. :func:`expectations`: ``expect(...)`` after lookups the recording proves non-empty.
7. :func:`readable_names`: ``list_invoices_1`` → ``invoices``, ``compute_2`` → ``total``.
8. :func:`names`: import aliases, the output class, valid and unique variable names.
9. :func:`control_flow`: repeated steps become loops (a filter inferred over the items' fields),
   boolean decisions and values picked by list position become guards with side exits.
   Then :func:`form_guards`: a click the recording made after typing on the page goes on only
   while the page shows the form fields the recording saw then.
10. :func:`provenance`: where every output and changing-action argument comes from; constants
   the model wrote become warnings and header lines.
11. :func:`comments`: the model's reasons become neutral comments; a reason that also spoke
   for a call the recipe no longer makes (dropped, or a failed attempt) is not kept.

Each pass is a pure function ``(ir, PassContext) -> (ir, changes)``; ``changes`` are the
human-readable lines ``recipe compile --explain`` shows.
"""

from __future__ import annotations

from compiler.passes._context import PassContext
from compiler.passes.comments import comments
from compiler.passes.control_flow import control_flow
from compiler.passes.data_flow import data_flow
from compiler.passes.drop_failed import drop_failed
from compiler.passes.drop_unused import drop_unused
from compiler.passes.expectations import expectations
from compiler.passes.form_guards import form_guards
from compiler.passes.locator_data import locator_data
from compiler.passes.lower import lower
from compiler.passes.names import names
from compiler.passes.page_choices import page_choices
from compiler.passes.parameters import parameters
from compiler.passes.provenance import provenance
from compiler.passes.readable_names import readable_names

__all__ = [
    "PIPELINE",
    "PassContext",
    "comments",
    "control_flow",
    "data_flow",
    "drop_failed",
    "drop_unused",
    "expectations",
    "form_guards",
    "locator_data",
    "lower",
    "names",
    "page_choices",
    "parameters",
    "provenance",
    "readable_names",
]

PIPELINE = (
    parameters,
    data_flow,
    locator_data,
    page_choices,
    drop_unused,
    expectations,
    readable_names,
    names,
    control_flow,
    form_guards,
    provenance,
    comments,
)
"""The recipe-IR passes after :func:`lower`, in order."""
