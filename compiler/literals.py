"""Python source for JSON values, docstrings and comments — exact whatever text they hold.

Every constant a recipe contains goes through here, so a literal the model wrote (quotes,
backslashes, NUL, lone surrogates, bidi controls, 10 000-digit integers, ``-0.0``, ``inf``)
always compiles and evaluates back to the recorded value.
"""

from __future__ import annotations

import math
from typing import Any

_DECIMAL_MAX_BITS = 14_000
"""Integers wider than this are written in hex: Python refuses to parse decimal literals of
more than 4300 digits (``sys.int_info.default_max_str_digits``), and 14 000 bits stay below."""

_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def literal_source(value: Any, *, float_name: str = "float") -> str:
    """Python source that evaluates to ``value``, for any JSON value.

    ``float_name`` is how the recipe spells the builtin ``float`` (for ``inf``/``nan``); the
    code generator passes ``builtins.float`` when a task input shadows ``float``.
    """
    if value is None or value is True or value is False:
        return repr(value)
    if isinstance(value, int):
        return int_source(value)
    if isinstance(value, float):
        return float_source(value, float_name=float_name)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal_source(v, float_name=float_name) for v in value) + "]"
    if isinstance(value, dict):
        items = (
            literal_source(k, float_name=float_name)
            + ": "
            + literal_source(v, float_name=float_name)
            for k, v in value.items()
        )
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def int_source(value: int) -> str:
    """Decimal for ordinary integers, upper-case hex (black's spelling) for huge ones."""
    if abs(value).bit_length() <= _DECIMAL_MAX_BITS:
        return str(value)
    digits = format(abs(value), "X")
    return ("-0x" if value < 0 else "0x") + digits


def float_source(value: float, *, float_name: str = "float") -> str:
    """``repr`` for finite floats (shortest round-trip, ``-0.0`` kept), else ``float("inf")`` …"""
    if math.isnan(value):
        return f'{float_name}("nan")'
    if math.isinf(value):
        return f'{float_name}("inf")' if value > 0 else f'{float_name}("-inf")'
    return repr(value)


def escape_char(ch: str) -> str:
    """One character as it may appear inside any quoted string literal (no quote handling)."""
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def fstring_text(text: str) -> str:
    """Literal text for the body of an ``f"..."`` (or ``"...".format``) string."""
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "{":
            out.append("{{")
        elif ch == "}":
            out.append("}}")
        else:
            out.append(escape_char(ch))
    return "".join(out)


def docstring_source(text: str) -> str:
    """A triple-quoted literal holding ``text`` (newlines kept, everything else escaped)."""
    out = []
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append(ch)
        elif ch == '"':
            # A quote followed by a quote (or ending the text) could close the literal.
            nxt = text[i + 1] if i + 1 < len(text) else '"'
            out.append('\\"' if nxt == '"' else '"')
        else:
            out.append(escape_char(ch))
    return '"""' + "".join(out) + '"""'


def comment_text(text: str, *, limit: int = 200) -> str:
    """``text`` as one line fit for a ``#`` comment: non-printables become spaces, runs of
    whitespace collapse, and long text is cut with an ellipsis."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat
