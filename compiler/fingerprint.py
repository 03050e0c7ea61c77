"""A short digest of a recorded JSON value, and the kind of one, shared by the compiler (which
writes what the recording saw into a guard) and the runtime (which checks a live value against
it).

Kept apart from the passes so a replay imports nothing heavy to check a guard.
"""

from __future__ import annotations

import hashlib
import json
import re
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
    """What tells an item of a list from another, as a lookup may read it: a record by its
    ``id``; an e-mail address wherever it stands (``"Ana <ana@x.io>"``, ``mailto:ana@x.io``);
    a link by its last part; then the letters and digits alone, without case or leading zeros
    (``"#T-012"``, ``"t12 "`` and ``"T-12"`` are one ticket) (``runtime.expect.all_distinct``)."""
    if isinstance(value, dict) and "id" in value:
        value = value["id"]
    elif not isinstance(value, str | int | float) and isinstance(getattr(value, "id", None), str):
        value = value.id
    text = str(value).strip().casefold()
    address = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    if address:
        return address.group(0)
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"(?<!\d)0+(?=\d)", "", re.sub(r"[\W_]+", "", text))


ABSENT = frozenset({"", "n/a", "na", "none", "null", "nil", "-", "--", "unknown", "tbd", "?"})
"""Texts that stand for nothing there (a phone number written ``"N/A"``)."""


def present(value: Any) -> bool:
    """Whether a value is there: not ``None``, no text of :data:`ABSENT` (spaces aside), no
    empty list, and in a record every value there too (``runtime.expect.present``)."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip().casefold() not in ABSENT
    if isinstance(value, dict):
        return bool(value) and all(present(v) for v in value.values())
    if isinstance(value, list | tuple):
        return bool(value)
    return True
