"""``locators.json``, beside a recipe: each element's locators after the one the recipe shows.

Written by the compiler (:mod:`compiler.alternates` says what goes in it and why), read by the
runtime's ``find`` when the locator in the recipe finds nothing. Light on purpose: a replay
imports it. The format, one locator or selector list a line::

    {
      "version": 1,
      "elements": {
        "page.get_by_role(\\"searchbox\\", name=\\"Search products\\")": {
          "locators": [
            {"strategy": "role", "value": "searchbox", "name": "Search products"},
            {"strategy": "label", "value": "Search products"},
            {"strategy": "css", "value": "#search-input"}
          ]
        }
      }
    }

Each element is keyed by the source of the locator the recipe shows (black's quotes); its
``locators`` start with that one. A list read adds ``rows`` and ``fields`` (lists of
selectors, each starting with the one the recipe shows).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from compiler.errors import CompileError
from compiler.ir import LocatorCandidate

__all__ = ["ALTERNATES_FILE", "Alternates", "ElementAlternates", "column_selector"]

ALTERNATES_FILE = "locators.json"
"""The file beside ``recipe.py`` that holds each element's other locators."""


def column_selector(column: str) -> str:
    """The selector of the cell of a table row in ``column`` (a header's text, or ``#2``), for
    the ``column`` selector engine the runtime registers (``runtime/browser/column_engine.js``):
    ``column="Referred by"``. The compiler writes it into recipes and the runtime builds the
    same, so a recipe's locator and its entry here stay one key."""
    return "column=" + json.dumps(column, ensure_ascii=False)


class ElementAlternates(BaseModel):
    """Every way to find one element: the first is the locator the recipe shows."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    locators: tuple[LocatorCandidate, ...]
    """The element's candidates, the one in the recipe first."""
    rows: tuple[str, ...] = ()
    """For a list read: its row selectors, the one in the recipe first."""
    fields: dict[str, tuple[str, ...]] = {}
    """For a list read: each field's selectors within a row, the one in the recipe first."""

    def common(self, other: ElementAlternates) -> ElementAlternates:
        """What both entries of one key agree on (two elements that show the same locator)."""
        mine = [c for c in self.locators[1:] if c in other.locators[1:]]
        fields = dict(other.fields) | {
            k: _common(v, other.fields[k]) if k in other.fields else v
            for k, v in self.fields.items()
        }
        return ElementAlternates(
            locators=(self.locators[0], *mine),
            rows=(
                _common(self.rows, other.rows)
                if self.rows and other.rows
                else self.rows or other.rows
            ),
            fields={k: v for k, v in fields.items() if v},
        )


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """Selectors in both lists, if both start with the same one; else none at all."""
    if not a or not b or a[0] != b[0]:
        return ()
    return (a[0], *(s for s in a[1:] if s in b[1:]))


class Alternates(BaseModel):
    """The content of ``locators.json``: each element's locators, keyed by the source of the
    one the recipe shows."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = 1
    elements: dict[str, ElementAlternates] = {}

    def add(self, key: str, entry: ElementAlternates) -> Alternates:
        """These alternates with ``entry`` for ``key`` (intersected with one already there)."""
        if key in self.elements:
            entry = self.elements[key].common(entry)
        return self.model_copy(update={"elements": {**self.elements, key: entry}})

    def merged(self, newer: Alternates) -> Alternates:
        """These alternates updated by ``newer`` (a heal's): its keys win, the others stay."""
        return self.model_copy(update={"elements": {**self.elements, **newer.elements}})

    def dumps(self) -> str:
        """The file's text, one locator or selector list a line: the same alternates always
        give the same bytes (elements sorted by key)."""

        def one(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False)

        elements = []
        for key in sorted(self.elements):
            entry = self.elements[key]
            parts = [
                '      "locators": [\n'
                + ",\n".join(
                    "        " + one(c.model_dump(mode="json", exclude_defaults=True))
                    for c in entry.locators
                )
                + "\n      ]"
            ]
            if entry.rows:
                parts.append(f'      "rows": {one(entry.rows)}')
            if entry.fields:
                fields = ",\n".join(
                    f"        {one(k)}: {one(v)}" for k, v in sorted(entry.fields.items())
                )
                parts.append('      "fields": {\n' + fields + "\n      }")
            elements.append(f"    {one(key)}: {{\n" + ",\n".join(parts) + "\n    }")
        body = ",\n".join(elements)
        return (
            f'{{\n  "version": {self.version},\n  "elements": {{\n{body}\n  }}\n}}\n'
            if elements
            else f'{{\n  "version": {self.version},\n  "elements": {{}}\n}}\n'
        )

    @classmethod
    def loads(cls, text: str | bytes, *, source: str = ALTERNATES_FILE) -> Alternates:
        """Parse the file; a clear :class:`CompileError` naming it if it is not valid."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise CompileError(
                f"{source}: not a valid locators file ({exc.error_count()} problem(s): "
                f"{exc.errors()[0]['msg']}). Fix it, or delete it: the recipe then uses only "
                "the locators it shows."
            ) from None
