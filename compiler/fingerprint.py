"""A short digest of a recorded JSON value, and the kind of one, shared by the compiler (which
writes what the recording saw into a guard) and the runtime (which checks a live value against
it).

Kept apart from the passes so a replay imports nothing heavy to check a guard.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

DIGEST_CHARS = 16
"""Hex characters kept of the SHA-256 (64 bits: no accidental match between two data sets)."""


def fingerprint(value: Any) -> str:
    """The digest of a JSON value: equal for equal values, whatever the key order."""
    text = json.dumps(_writable(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST_CHARS]


def _writable(value: Any) -> Any:
    """``value`` with integers past what ``str()`` writes in decimal (4,300 digits) in hex."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
        return {"int": hex(value)}
    if isinstance(value, list):
        return [_writable(v) for v in value]
    if isinstance(value, dict):
        return {k: _writable(v) for k, v in value.items()}
    return value


def kind_of(value: Any) -> str:
    """The JSON kind of a value: ``"bool"``, ``"number"``, ``"text"``, ``"none"``, ``"list"``
    or ``"object"`` (what ``runtime.expect.fields_as_recorded`` compares)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    return "list" if isinstance(value, list) else "object"


def identity(value: Any) -> str:
    """What tells an item of a list from another: a record by its ``id``, anything as text
    without case or outer spacing (``"t-12 "`` is ``"T-12"`` to a lookup that trims and folds)
    (``runtime.expect.all_distinct``)."""
    if isinstance(value, dict) and "id" in value:
        value = value["id"]
    elif not isinstance(value, str | int | float) and isinstance(getattr(value, "id", None), str):
        value = value.id
    return str(value).strip().casefold()
