"""``expect(...)``: checks the compiler puts after steps whose outcome the recording proves.

A failed expectation is a failed step: the runtime falls back to the agent from there.
"""

from __future__ import annotations

from typing import Any

from runtime.errors import RecipeError


class ExpectationFailed(RecipeError):
    """A recipe's ``expect(...)`` check did not hold."""


def same_as_recorded(value: Any, digest: str) -> bool:
    """Whether ``value`` is, as JSON, what the recording saw (the guard before a step that uses
    something the model picked from it by position: a side exit when it changed)."""
    from compiler.fingerprint import fingerprint
    from runtime.recorder import jsonable

    return fingerprint(jsonable(value)) == digest


def expect(condition: Any, message: str) -> None:
    """Fail the step (and hand the rest to the agent) when ``condition`` is falsy."""
    if not condition:
        raise ExpectationFailed(message)
