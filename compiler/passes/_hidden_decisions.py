"""Decisions the recipe cannot see: guards before a changing action whose recorded path
depended on something the model worked out without a ``compute`` the recipe can re-run.

Filled in by the rules below; :func:`hidden_decisions` runs inside ``control_flow`` after the
visible decisions and picks are guarded.
"""

from __future__ import annotations

from compiler.passes._scope import _Scope
from compiler.recipe_ir import Statement


def hidden_decisions(
    statements: list[Statement], scope: _Scope, changes: list[str]
) -> list[Statement]:
    """Guards for the decisions and values the recording made in the model's head."""
    return statements
