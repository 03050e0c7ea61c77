"""The page-side scripts of runtime.browser, read from the ``.js`` files beside this module with
``grid.js`` (the table grid rules) put where a script says ``/* grid.js */``: the page helpers
and the "column" selector engine, which Playwright runs as separate scripts, name a cell's
column by the same code."""

from __future__ import annotations

import functools
from pathlib import Path

_HERE = Path(__file__).parent
_GRID = "/* grid.js */"


@functools.cache
def script(name: str) -> str:
    """The text of ``name`` (``"page_helpers.js"``), with ``grid.js`` included."""
    text = (_HERE / name).read_text(encoding="utf-8")
    return text.replace(_GRID, (_HERE / "grid.js").read_text(encoding="utf-8"))
