"""The page-side scripts of runtime.browser, read from the ``.js`` files beside this module,
with each ``/* name.js */`` comment replaced by that file's text: ``grid.js`` (the table grid
rules), which the page helpers and the "column" selector engine (run by Playwright as separate
scripts) share, so that both name a cell's column by the same code; and the page helpers'
parts ``page_outline.js``, ``form_fields.js`` and ``page_lists.js`` (one function in the page,
written in three files so that none is too long to read)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

_HERE = Path(__file__).parent
_INCLUDE = re.compile(r"/\* ([a-z_]+\.js) \*/")


@functools.cache
def script(name: str) -> str:
    """The text of ``name`` (``"page_helpers.js"``), with the files it includes put in."""
    text = (_HERE / name).read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: (_HERE / m.group(1)).read_text(encoding="utf-8"), text)
