"""Reading lists and tables from the DOM: what ``extract_list`` and ``extract_table`` do once
they know their element. A list is learnt from the refs of one row (row selectors and per-field
selectors, each verified on the page), then read in one round trip, or selector by selector when
the page cannot resolve the selectors itself, with the recipe's alternates from
``locators.json`` tried after the selectors it shows; a list or table that had no rows yet is
waited for, then read again until its rows stop changing, and one whose rows the page drew
late, by its own timer, is read once they are still (the late-rows rules:
:data:`LATE_ROWS_QUIET_S`). Also the typed
:class:`Row` and :class:`FieldSpec`, and the calls into the page helpers that every browser
action reads through.
"""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import SkipJsonSchema

from runtime.browser.cells import FieldType, _typed
from runtime.browser.errors import BrowserError, LocatorError
from runtime.browser.locators import Found
from runtime.browser.snapshot import evaluate_one, page_helpers_js
from runtime.browser.waits import ANSWER_QUIET_MS

if TYPE_CHECKING:
    from playwright.sync_api import Locator

__all__ = [
    "EMPTY_LIST_WAIT_S",
    "LATE_ROWS_CAP_S",
    "LATE_ROWS_QUIET_S",
    "POLL_S",
    "ROWS_DRAWN_JS",
    "FieldSpec",
    "Row",
]

EMPTY_LIST_WAIT_S = 1.0
"""How long ``extract_list`` waits for rows before it reads an empty list (unless ``nonempty``:
then the session's timeout)."""
POLL_S = 0.1
LATE_ROWS_QUIET_S = 1.0
"""Rules: a table or list is read once its rows have not changed for this long when

- a read found it empty at first, and rows showed while it waited (read again until they are
  still); or
- a read found rows that the page drew late, by its own timer, less than this long ago
  (:data:`ROWS_DRAWN_JS`: elements added to or removed from the list, or the list inserted,
  after the document was parsed and more than ``ANSWER_QUIET_MS`` after the last of their
  causes: the document's parse and load, a trusted input (the run's click, key or typing),
  an answer to one of the page's requests). The page may then go on drawing in stages (the
  first two orders, then the rest): a loaded machine ends the settle after the first stage
  as readily as before it (``rt7_late_rows``, "4 paid of 5": two of five rows read, two
  orders marked, in 4 of 10 runs beside two busy processes).
  The wait is counted from the last drawing, by the page's clock.

A list there at once, drawn while the document was parsed or in answer to an action or a
request, is read at once, as the page settled; the cost, paid only by reads of rows drawn late:
what is left of this much after their last drawing (the first rule: this much per read). A
stage drawn later than this after the one before is still missed, and so is a stage a timer
draws after a first one drawn in answer to an action or a request (both take a page whose
stages are that far apart; the second is not timing: the read cannot know a timer is set).
Drawing inside a shadow root is not noted (the first rule still holds there). (0.5 s missed a
stage drawn 0.45 s after the one before when the machine was loaded: a page's timers fire late
then.)"""
LATE_ROWS_CAP_S = 5 * LATE_ROWS_QUIET_S
"""How long a read waits at most for rows to be still; then it reads what is there."""
ROWS_DRAWN_JS = """(el, [promptMs, quietMs]) => {
  const changes = window.__rcChanges;
  const nav = performance.getEntriesByType("navigation")[0];
  if (!changes || !changes.drawn || !nav || !(nav.domContentLoadedEventEnd > 0)) return null;
  const now = performance.now();
  const at = (map, node) => map.get(node) ?? -Infinity;
  let last = Math.max(at(changes.drawn, el), at(changes.inserted, el));
  for (let up = el.parentNode; up; up = up.parentNode) {
    last = Math.max(last, at(changes.inserted, up));
  }
  for (const node of el.querySelectorAll("*")) last = Math.max(last, at(changes.drawn, node));
  if (!(last > nav.domContentLoadedEventEnd) || now - last >= quietMs) return null;
  let cause = nav.domContentLoadedEventEnd;
  const causes = [nav.loadEventEnd, changes.input, changes.answer];
  for (const [, end] of changes.answers.values()) causes.push(end);
  for (const time of causes) if (time <= last) cause = Math.max(cause, time);
  return last - cause > promptMs ? now - last : null;
}"""
"""How many ms ago the page last drew the rows of ``el`` late (see :data:`LATE_ROWS_QUIET_S`),
if less than ``quietMs``; else ``null`` (also when the page's changes are not known). Causes are
known by the page's own clock, each only by its last time: a cause after the drawing explains
nothing, and a drawing whose cause came again since looks late (a wait, not a miss); so does
one answering an action that is no trusted input (``select_option``'s events)."""


class Row(BaseModel):
    """One extracted row; its fields are attributes (``row.price``)."""

    model_config = ConfigDict(extra="allow", frozen=True)


class FieldSpec(BaseModel):
    """How to read one field of each row of a list."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    ref: str | None = None
    """The ref of this field's element inside ONE row (the agent gives it)."""
    selectors: SkipJsonSchema[tuple[str, ...]] = ()
    """Playwright selectors relative to a row, tried in order (the recipe gives them)."""
    type: FieldType = "text"
    """text, number (parsed from text like "$1,299.00"), integer, url (a link's address),
    value (a form field's value) or checked."""


def _helper(element: Found | Locator, op: str, **arg: Any) -> Any:
    if isinstance(element, Found):
        return element.read(page_helpers_js(), {"op": op, **arg})
    return evaluate_one(element, page_helpers_js(), {"op": op, **arg})


def _locator(element: Found | Locator) -> Locator:
    return element.locator if isinstance(element, Found) else element


@functools.cache
def _rows_and_drawn_js() -> str:
    """The page helpers' read, with :data:`ROWS_DRAWN_JS` of the element after it as
    ``drawnLate`` (one round trip)."""
    return (
        f"async (el, arg) => {{ const out = await ({page_helpers_js()})(el, arg);"
        f" if (out && typeof out === 'object')"
        f" out.drawnLate = ({ROWS_DRAWN_JS})(el, arg.drawn); return out; }}"
    )


def _read_rows(element: Found | Locator, op: str, **arg: Any) -> Any:
    """:func:`_helper`'s read of rows (``"table"``, ``"read_list"``) and, as ``drawnLate``, how
    many ms ago the page drew them late (:data:`ROWS_DRAWN_JS`)."""
    arg = {"op": op, "drawn": _drawn_arg(), **arg}
    if isinstance(element, Found):
        return element.read(_rows_and_drawn_js(), arg)
    return evaluate_one(element, _rows_and_drawn_js(), arg)


def _drawn_arg() -> list[float]:
    return [ANSWER_QUIET_MS, LATE_ROWS_QUIET_S * 1000]


def _helper_all(locator: Locator, op: str, **arg: Any) -> Any:
    return locator.evaluate_all(f"(els, arg) => ({page_helpers_js()})(els, arg)", {"op": op, **arg})


def _with_alternates(
    container: Found, rows: list[str], specs: dict[str, FieldSpec]
) -> tuple[list[str], dict[str, FieldSpec]]:
    """The row and field selectors the recipe shows, each followed by the others recorded
    for it in ``locators.json`` (while the recipe still shows the first of them)."""
    entry = container.alternates()
    if entry is None:
        return rows, specs
    if entry.rows and entry.rows[0] == rows[0]:
        rows = [*rows, *(r for r in entry.rows[1:] if r not in rows)]
    out = {}
    for key, spec in specs.items():
        more = entry.fields.get(key, ())
        if more and spec.selectors and more[0] == spec.selectors[0]:
            extra = tuple(s for s in more[1:] if s not in spec.selectors)
            spec = spec.model_copy(update={"selectors": (*spec.selectors, *extra)})
        out[key] = spec
    return rows, out


def _learn_list(
    container: Locator, specs: dict[str, FieldSpec], token: str
) -> tuple[dict[str, FieldSpec], list[str]]:
    """From refs in one row: verified row selectors and per-field selectors."""
    missing = [k for k, s in specs.items() if not s.ref]
    if missing:
        raise BrowserError(f"extract_list: give a ref for every field (missing: {missing}).")
    refs = {k: str(s.ref).strip() for k, s in specs.items()}
    info = _helper(container, "rows_of", fields=refs, token=token)
    if "error" in info:
        raise BrowserError(f"extract_list: {info['error']}.")
    expected = list(range(info["count"]))
    rows = [
        sel
        for sel in info["rows"]
        if _helper_all(container.locator(sel), "row_index", token=token) == expected
    ]
    if not rows:
        raise BrowserError("extract_list: the rows of this list cannot be located again.")
    row_locator = container.locator(rows[0])
    first = info["first"]
    learnt: dict[str, FieldSpec] = {}
    for key, spec in specs.items():
        good = []
        for sel in info["fields"][key]:
            pairs = _helper_all(row_locator.locator(sel), "field_check", token=token)
            in_first = [mark for row, mark in pairs if row == first]
            per_row: dict[int, int] = {}
            for row, _ in pairs:
                per_row[row] = per_row.get(row, 0) + 1
            if len(in_first) == 1 and key in in_first[0] and max(per_row.values()) == 1:
                good.append(sel)
        if not good:
            raise BrowserError(f"extract_list: field {key!r} cannot be located in each row.")
        learnt[key] = FieldSpec(selectors=tuple(good), type=spec.type)
    return learnt, rows


def _read_list(
    container: Found | Locator,
    specs: dict[str, FieldSpec],
    rows: list[str],
    token: str,
    wait_s: float = EMPTY_LIST_WAIT_S,
) -> list[Row]:
    """Every row of the list, read in one round trip when the page can resolve the selectors
    itself (CSS and ``role=``), else selector by selector through Playwright; a list with no
    rows yet is given ``wait_s`` to show some."""
    deadline = time.monotonic() + wait_s
    fields = {k: {"selectors": list(s.selectors), "type": s.type} for k, s in specs.items()}
    while True:
        wait_ms = max(0.0, (deadline - time.monotonic()) * 1000)
        out = _read_rows(container, "read_list", rows=rows, fields=fields, waitMs=wait_ms)
        if not out.get("replaced") or time.monotonic() >= deadline:
            break  # (a list swapped for a new one while waiting: read the new one)
    if out.get("count") and _until_drawn_rows_still(container, out.get("drawnLate")):
        out = _helper(container, "read_list", rows=rows, fields=fields, waitMs=0)
    elif out.get("late"):
        # (The rows came while waiting: the list may still be drawing the rest.)
        still_since, cap = time.monotonic(), time.monotonic() + LATE_ROWS_CAP_S
        while time.monotonic() - still_since < LATE_ROWS_QUIET_S and time.monotonic() < cap:
            time.sleep(POLL_S)
            again = _helper(container, "read_list", rows=rows, fields=fields, waitMs=0)
            if again.get("values") != out.get("values") or again.get("rows") != out.get("rows"):
                out, still_since = again, time.monotonic()
    if "unsupported" in out or "replaced" in out:
        return _read_list_by_selector(_locator(container), specs, rows, token, wait_s)
    if "rows" not in out:
        return _no_rows(out["tried"])
    for key, missing in out["missing"].items():
        if missing == out["count"]:
            raise _field_nowhere(key, out["count"], specs[key])
    return [Row(**{k: _typed(v[k], specs[k].type) for k in specs}) for v in out["values"]]


def _read_list_by_selector(
    container: Locator,
    specs: dict[str, FieldSpec],
    rows: list[str],
    token: str,
    wait_s: float = EMPTY_LIST_WAIT_S,
) -> list[Row]:
    # An empty list is an answer (no product matches), but a list still rendering is not:
    # give the rows a moment to appear before reading none.
    deadline = time.monotonic() + wait_s
    while True:
        row_locator, count, tried = _find_rows(container, rows, token)
        if row_locator is not None or time.monotonic() >= deadline:
            break
        time.sleep(POLL_S)
    if row_locator is not None and _until_drawn_rows_still(
        container, evaluate_one(container, ROWS_DRAWN_JS, _drawn_arg())
    ):
        row_locator, count, tried = _find_rows(container, rows, token)
    if row_locator is None:
        return _no_rows(tried)
    values: list[dict[str, Any]] = [{} for _ in range(count)]
    for key, spec in specs.items():
        unresolved = set(range(count))
        for sel in spec.selectors:
            pairs = _helper_all(
                row_locator.locator(sel), "field_values", token=token, type=spec.type
            )
            per_row: dict[int, list[Any]] = {}
            for row, value in pairs:
                per_row.setdefault(row, []).append(value)
            for row in list(unresolved):
                found = per_row.get(row, [])
                if len(found) == 1:
                    values[row][key] = found[0]
                    unresolved.discard(row)
            if not unresolved:
                break
        if unresolved and len(unresolved) == count:
            raise _field_nowhere(key, count, spec)
        for row in unresolved:
            values[row][key] = None
    return [Row(**{k: _typed(v.get(k), specs[k].type) for k in specs}) for v in values]


def _no_rows(tried: list[tuple[str, int]]) -> list[Row]:
    """No row selector found clean rows: an empty list, or an error if some found nested ones."""
    if all(n == 0 for _, n in tried):
        return []
    raise LocatorError(
        "extract_list: no row selector found clean rows in the list:\n  "
        + "\n  ".join(f"{sel} — {'rows nested in rows' if n < 0 else n}" for sel, n in tried)
    )


def _field_nowhere(key: str, count: int, spec: FieldSpec) -> LocatorError:
    return LocatorError(
        f"extract_list: field {key!r} was found in none of the {count} rows "
        f"(selectors tried: {', '.join(spec.selectors)})."
    )


def _find_rows(
    container: Locator, rows: list[str], token: str
) -> tuple[Locator | None, int, list[tuple[str, int]]]:
    """The first row selector that finds rows (none inside another), marked for reading."""
    tried = []
    for sel in rows:
        candidate = container.locator(sel)
        marked = _helper_all(candidate, "mark_rows", token=token)
        tried.append((sel, marked))
        if marked > 0:
            return candidate, marked, tried
    return None, 0, tried


def _once_rows_still(table: Found | Locator, data: dict[str, Any], deadline: float) -> Any:
    """``data`` (a read of ``table``) read again until its rows have not changed for
    :data:`LATE_ROWS_QUIET_S` (or ``deadline`` passes: then the last read)."""
    still_since = time.monotonic()
    while time.monotonic() - still_since < LATE_ROWS_QUIET_S and time.monotonic() < deadline:
        time.sleep(POLL_S)
        again = _helper(table, "table")
        if again["rows"] != data["rows"] or again["headers"] != data["headers"]:
            data, still_since = again, time.monotonic()
    return data


def _until_drawn_rows_still(element: Found | Locator, since_ms: float | None) -> bool:
    """If the page drew the rows of ``element`` late, ``since_ms`` ago (:data:`ROWS_DRAWN_JS`,
    as a read found), wait until they have not been drawn for :data:`LATE_ROWS_QUIET_S` (at
    most :data:`LATE_ROWS_CAP_S`). Returns whether it waited: then the rows are to be read
    again."""
    cap = time.monotonic() + LATE_ROWS_CAP_S
    waited = False
    while since_ms is not None and time.monotonic() < cap:
        waited = True
        time.sleep(max(POLL_S, min(LATE_ROWS_QUIET_S - since_ms / 1000, cap - time.monotonic())))
        if isinstance(element, Found):
            since_ms = element.read(ROWS_DRAWN_JS, _drawn_arg())
        else:
            since_ms = evaluate_one(element, ROWS_DRAWN_JS, _drawn_arg())
    return waited
