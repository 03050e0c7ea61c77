"""``expect(...)``: checks the compiler puts after steps whose outcome the recording proves.

A failed expectation is a failed step: the runtime falls back to the agent from there.
"""

from __future__ import annotations

from typing import Any

from runtime.errors import RecipeError


class ExpectationFailed(RecipeError):
    """A recipe's ``expect(...)`` check did not hold."""


def expect(condition: Any, message: str) -> None:
    """Fail the step (and hand the rest to the agent) when ``condition`` is falsy."""
    if not condition:
        raise ExpectationFailed(message)
