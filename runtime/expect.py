"""``expect(...)``: checks the compiler puts after steps whose outcome the recording proves.

A failed expectation is a failed step: the runtime falls back to the agent from there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from compiler.fingerprint import fingerprint, identity, kind_of
from compiler.fingerprint import present as _present
from runtime.actions.recorder import current_recorder, jsonable
from runtime.errors import RecipeCompilerError, RecipeError, SideExit


class ExpectationFailed(RecipeError):
    """A recipe's ``expect(...)`` check did not hold."""


def same_as_recorded(value: Any, digest: str) -> bool:
    """Whether ``value`` is, as JSON, what the recording saw (the guard before a step that uses
    something the model picked from it by position: a side exit when it changed)."""
    return fingerprint(jsonable(value)) == digest


SECRET_SHOWN = "**********"
"""How a recorded text shows a secret input (``runtime.agent.redaction.REDACTED``, a layer
above this one): in a recorded error it stands for any text."""


def refused_as_recorded(error: BaseException, recorded: str, action: str | None = None) -> None:
    """Go on past a call that raised only when it raised as it did in the recording
    (``recorded``: ``"RuntimeError: card of C-1 declined"``, written by the recipe with this
    run's arguments) and, given ``action``, only when that action's call raised it
    (:func:`raised_by`: a statement calling a helper that makes several calls may fail in
    another of them with the same message); otherwise leave through a side exit, since the
    recording never showed what follows such an error. A side exit or another recipe error
    passes through as it is."""
    if isinstance(error, RecipeCompilerError):
        raise error
    if not raised_as(error, recorded):
        raise SideExit(
            f"the call raised {type(error).__name__}, not what the recording saw it raise "
            f"({recorded})"
        ) from error
    if action is not None and not raised_by(error, action):
        raised = _last_failed(error)
        by = f"by {raised.action.name}, not " if raised is not None else "not "
        raise SideExit(
            f"the exception ({recorded}) was raised {by}by {action}, the call whose failure "
            "the recording saw"
        ) from error


def raised_by(error: BaseException, action: str) -> bool:
    """Whether ``error`` is the exception of the last failed action call this run recorded,
    and that call was of ``action``: which call of a statement raised (an exception's class
    and message say why a call failed, not which call it was)."""
    raised = _last_failed(error)
    return raised is not None and raised.action.name == action


def _last_failed(error: BaseException) -> Any:
    """The last failed step the run in progress recorded, when ``error`` is its exception."""
    recorder = current_recorder()
    if recorder is None:
        return None
    failed = next((s for s in reversed(recorder.steps) if s.status == "error"), None)
    if failed is None or failed.error != f"{type(error).__name__}: {error}":
        return None
    return failed


def raised_as(error: BaseException, recorded: str, action: str | None = None) -> bool:
    """Whether ``error`` reads as ``recorded`` (``"PaymentFailed: card declined for O-2"``,
    a secret shown as :data:`SECRET_SHOWN` standing for any text) and, given ``action``, was
    raised by that action's call (:func:`raised_by`): which of the failures a healed recipe
    has bridges for this one is."""
    said = f"{type(error).__name__}: {error}"
    pattern = ".+?".join(re.escape(piece) for piece in recorded.split(SECRET_SHOWN))
    if re.fullmatch(pattern, said, flags=re.DOTALL) is None:
        return False
    return action is None or raised_by(error, action)


def all_distinct(values: Any) -> bool:
    """Whether no value is there twice, nor in another case or spacing (a lookup may read
    ``"t-12 "`` as ``"T-12"``), nor a record with another's ``id``: a loop that acts on each
    would act on one twice."""
    seen = [identity(v) for v in values]
    return len(set(seen)) == len(seen)


_ONE_NUMBER = re.compile(r"(?<![\w.,])\d+(?![\w.,])")


def says_count(answer: Any, recorded: str, count: int) -> bool:
    """Whether a call's text answer reads as the recorded one but for its one number, and that
    number is ``count`` (``"archived 3"`` where the recording read ``"archived 2"``, with 3
    items given): a count the recipe works out as the items given is passed on only while the
    call's own answer says the same (not "none archived: 2 were locked")."""
    parts = _ONE_NUMBER.split(recorded)
    if not isinstance(answer, str) or len(parts) != 2:
        return False
    said = re.fullmatch(re.escape(parts[0]) + r"(\d+)" + re.escape(parts[1]), answer)
    return said is not None and int(said.group(1)) == count


def present(value: Any) -> bool:
    """Whether a value is there (not ``None``, ``""``, ``"N/A"``, ``[]``; in a record, every
    value; a model is read as the record it was recorded as): a guard before acting on an
    item whose words say it may lack it."""
    return _present(jsonable(value))


def expect(condition: Any, message: str) -> None:
    """Fail the step (and hand the rest to the agent) when ``condition`` is falsy."""
    if not condition:
        raise ExpectationFailed(message)


def lowest(items: Any, field: str) -> Any:
    """The one item of ``items`` with the lowest ``field`` (an attribute, or a key of a dict):
    what a recording that picked "the cheapest" meant. A side exit when the list is empty or
    two items share the lowest value: which of them to act on would be a guess."""
    return _extreme(items, field, lowest=True)


def highest(items: Any, field: str) -> Any:
    """The one item of ``items`` with the highest ``field``; a side exit when the list is
    empty or two items share it (see :func:`lowest`)."""
    return _extreme(items, field, lowest=False)


def _extreme(items: Any, field: str, *, lowest: bool) -> Any:
    listed = list(items)
    word = "lowest" if lowest else "highest"
    if not listed:
        raise SideExit(f"no item to pick the {word} {field} from: the list is empty")
    values = [item[field] if isinstance(item, dict) else getattr(item, field) for item in listed]
    best = min(values) if lowest else max(values)
    at = [n for n, value in enumerate(values) if value == best]
    if len(at) > 1:
        raise SideExit(
            f"{len(at)} items share the {word} {field} ({best!r}): which one to pick is a guess"
        )
    return listed[at[0]]


_MISSING = object()


def fields_as_recorded(
    items: Any, kinds: Mapping[str, str], texts: Mapping[str, Any] | None = None
) -> bool:
    """Whether every item of ``items`` holds, at each field of ``kinds`` (``"paid"``,
    ``"customer.tier"``), a value of a kind the recording saw there (``"bool"``,
    ``"text|none"``), and no text at a field of ``texts`` that differs from the text given
    only in case, spacing or Unicode form (``"Open "`` for ``"open"``): the guard before a
    filter the compiler inferred, which would skip such an item, or take a ``None`` or a
    ``"false"`` for false, where the model might not."""
    for item in jsonable(list(items)) or []:
        for field, allowed in kinds.items():
            value = _at(item, field)
            if value is _MISSING or kind_of(value) not in allowed.split("|"):
                return False
        for field, text in (texts or {}).items():
            value = _at(item, field)
            if (
                isinstance(value, str)
                and isinstance(text, str)
                and value != text
                and _folded(value) == _folded(text)
            ):
                return False
    return True


def _at(item: Any, field: str) -> Any:
    for key in field.split("."):
        if not isinstance(item, dict) or key not in item:
            return _MISSING
        item = item[key]
    return item


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
