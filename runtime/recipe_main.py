"""The ``__main__`` block of every recipe: ``python recipes/<task>/recipe.py --customer ACME``.

Options come from the recipe function's signature; values are validated by pydantic (a string
for ``str`` inputs, JSON for anything else); the outputs are printed as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import json
import sys
import time
import types
import typing
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from runtime.actions.recorder import RunRecorder, jsonable, recording


def build_parser(fn: Callable[..., Any]) -> argparse.ArgumentParser:
    doc = inspect.getdoc(fn) or ""
    parser = argparse.ArgumentParser(
        prog=f"recipe {fn.__name__}",
        description=f"{doc}\n\nRuns the recipe without any model call and prints its outputs "
        "as JSON. Values of non-text inputs are JSON (e.g. --limit 5, --tags '[\"a\"]'); "
        "null or an empty value leaves out an input that may be left out (--coupon null).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hints = typing.get_type_hints(fn)
    for p in inspect.signature(fn).parameters.values():
        annotation = hints.get(p.name, Any)
        shown = getattr(annotation, "__name__", str(annotation))
        parser.add_argument(
            f"--{p.name.replace('_', '-')}",
            dest=p.name,
            required=p.default is p.empty,
            default=None if p.default is p.empty else p.default,
            help=f"{shown} (required)" if p.default is p.empty else f"{shown}",
        )
    return parser


def parse_value(raw: str, annotation: Any) -> Any:
    """Validate one command-line value against its annotation: the text itself when it fits
    (``abc`` for a str, ``5`` for an int, ``2024-05-01`` for a date), else the text as strict
    JSON (``[1, 2]``, ``{"a": 1}``, ``null``), so ``true`` is never taken for the integer 1.
    For an input that may be left out (``str | None``), ``null`` and an empty value (``--input
    coupon=``, an empty CSV cell) are ``None``: not the text ``"null"`` or ``""``.
    A misfit is a ``ValueError`` saying what was expected and what was given."""
    if raw.strip() in ("", "null") and _admits_none(annotation):
        return None
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    try:
        return adapter.validate_python(raw)
    except ValidationError:
        pass
    try:
        return adapter.validate_json(raw, strict=True)
    except ValidationError as exc:
        error = exc.errors()[0]
    detail = ""
    if error["type"] != "json_invalid" and error["loc"]:
        where = ".".join(str(p) for p in error["loc"])
        detail = f" ({where}: {error['msg']})"
    raise ValueError(f"expected {_expected(annotation)}, got {raw!r}{detail}") from None


def _admits_none(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def _expected(annotation: Any) -> str:
    """What a value of ``annotation`` looks like on the command line, for error messages."""

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        shown = [_expected(a) for a in args if a is not type(None)]
        return " or ".join(shown) + (" or null" if type(None) in args else "")
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(annotation))
    simple = {
        bool: "true or false",
        int: "an integer",
        float: "a number",
        str: "text",
        datetime.datetime: "a date and time, e.g. 2024-05-01T09:30:00",
        datetime.date: "a date, e.g. 2024-05-01",
    }
    if annotation in simple:
        return simple[annotation]
    if origin in (list, tuple, set, frozenset) or annotation in (list, tuple, set, frozenset):
        return "a JSON list, e.g. [1, 2]"
    if origin is dict or annotation is dict or typing.is_typeddict(annotation):
        return 'a JSON object, e.g. {"key": "value"}'
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"a JSON object with the fields of {annotation.__name__}"
    return f"a {getattr(annotation, '__name__', str(annotation))} (as JSON)"


def main(fn: Callable[..., Any], argv: Sequence[str] | None = None) -> None:
    """Parse options, run the recipe function under a recorder, print outputs and a summary."""
    parser = build_parser(fn)
    ns = parser.parse_args(argv)
    hints = typing.get_type_hints(fn)
    kwargs: dict[str, Any] = {}
    for name, raw in vars(ns).items():
        if isinstance(raw, str):
            try:
                kwargs[name] = parse_value(raw, hints.get(name, Any))
            except ValueError as exc:
                parser.error(f"--{name.replace('_', '-')}: {exc}")
        else:
            kwargs[name] = raw
    recorder = RunRecorder("recipe")
    start = time.perf_counter()
    try:
        with recording(recorder):
            result = fn(**kwargs)
    except Exception as exc:
        print(
            f"error: step {len(recorder.steps)} failed: {type(exc).__name__}: {exc}",
            file=sys.stderr,
        )
        raise SystemExit(1) from None
    print(json.dumps(jsonable(result), indent=2, ensure_ascii=False))
    print(
        f"{len(recorder.steps)} action calls, 0 model calls, "
        f"{time.perf_counter() - start:.3f} s",
        file=sys.stderr,
    )
