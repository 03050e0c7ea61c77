"""The ``__main__`` block of every recipe: ``python recipes/<task>/recipe.py --customer ACME``.

Options come from the recipe function's signature; values are validated by pydantic (a string
for ``str`` inputs, JSON for anything else); the outputs are printed as JSON.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
import typing
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError

from runtime.recorder import RunRecorder, jsonable, recording


def build_parser(fn: Callable[..., Any]) -> argparse.ArgumentParser:
    doc = inspect.getdoc(fn) or ""
    parser = argparse.ArgumentParser(
        prog=f"recipe {fn.__name__}",
        description=f"{doc}\n\nRuns the recipe without any model call and prints its outputs "
        "as JSON. Values of non-text inputs are JSON (e.g. --limit 5, --tags '[\"a\"]').",
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
    """Validate one command-line value against its annotation."""
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    try:
        return adapter.validate_python(raw)
    except ValidationError:
        pass
    try:
        return adapter.validate_json(raw)
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"]) from None


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
