"""Browser tasks: Playwright actions, page snapshots for the model, robust locators, limits.

    from runtime.browser import BROWSER_ACTIONS, BrowserConfig, browser_session
    shop = Task("...", name="shop", inputs={...}, actions=[*BROWSER_ACTIONS])

A recipe of a browser task reads like Playwright codegen::

    page = current_page()
    navigate(shop_url)
    fill(find(page.get_by_role("searchbox", name="Search products")), query)
    click(find(page.get_by_role("button", name="Search"), page.locator("#search-button")))

Recording hooks (registered with :func:`runtime.actions.recorder.register_hooks` on import;
the recorder calls them for every action call, whoever made it):

- :func:`snapshot_for_model` — the page outline appended to what the model reads;
- :func:`recording_args` — the recorded arguments of a browser action: the locator candidates
  of the element it acted on, instead of the ref the model typed.
"""

from __future__ import annotations

from typing import Any

from compiler.ir import Expr, LiteralExpr, LocatorExpr
from runtime.actions.recorder import register_hooks as _register_hooks
from runtime.browser.actions import (
    BROWSER_ACTIONS,
    FieldSpec,
    Row,
    check,
    click,
    click_text,
    extract_list,
    extract_table,
    fill,
    hover,
    navigate,
    press,
    read_text,
    read_value,
    screenshot,
    scroll,
    select_option,
    shows,
    uncheck,
    upload_file,
    wait_for_text,
    wait_for_url,
)
from runtime.browser.dialogs import new_dialogs as _new_dialogs
from runtime.browser.dialogs import no_new_dialog
from runtime.browser.errors import BrowserError, BrowserLaunchError, BrowserLimitError, LocatorError
from runtime.browser.form_fields import same_form
from runtime.browser.limits import BrowserConfig
from runtime.browser.locators import Found, find
from runtime.browser.session import (
    BrowserSession,
    LocatorReport,
    browser_session,
    capture_failure,
    close_browser,
    configure_browser,
    current_page,
    current_session,
    run_session,
    stand_in_page,
)
from runtime.browser.session import active_session as _active_session
from runtime.browser.snapshot import BROWSER_GUIDE, snapshot_for_model
from runtime.browser.toggles import same_state

__all__ = [
    "BROWSER_ACTIONS",
    "BROWSER_GUIDE",
    "BrowserConfig",
    "BrowserError",
    "BrowserLaunchError",
    "BrowserLimitError",
    "BrowserSession",
    "FieldSpec",
    "Found",
    "LocatorError",
    "LocatorReport",
    "Row",
    "browser_session",
    "busy_report",
    "capture_failure",
    "check",
    "click",
    "click_text",
    "close_browser",
    "configure_browser",
    "current_page",
    "current_session",
    "extract_list",
    "extract_table",
    "fill",
    "find",
    "hover",
    "locator_report",
    "navigate",
    "no_new_dialog",
    "press",
    "read_text",
    "read_value",
    "recording_args",
    "run_session",
    "same_form",
    "same_state",
    "screenshot",
    "scroll",
    "select_option",
    "shows",
    "snapshot_for_model",
    "stand_in_page",
    "uncheck",
    "upload_file",
    "wait_for_text",
    "wait_for_url",
]

_PACK = frozenset(a.name for a in BROWSER_ACTIONS)
_READS = frozenset({"read_text", "read_value", "extract_list", "extract_table"})
_CLICKS = frozenset({"click", "click_text"})


def _found_something(result: Any) -> bool:
    return bool(result.strip()) if isinstance(result, str) else bool(result)


def recording_args(
    action_name: str, kwargs: dict[str, Any], result: Any = None, *, ok: bool = True
) -> dict[str, Expr] | None:
    """The arguments to record for the browser action that just ran, replacing what the caller
    passed, or ``None`` when there is nothing to replace (not a browser action).

    - ``target`` given as a ref (agent) → the :class:`~compiler.ir.LocatorExpr` of candidates
      verified on the page;
    - ``target`` given as a :class:`Found` (replay) whose first locator did not work → fresh
      candidates for the element as the page shows it now (what healing should record); when
      the first locator worked, the recipe's own locators stand and nothing is replaced;
    - ``extract_list``'s ``fields``/``rows`` and ``extract_table``'s ``columns`` → the
      selectors and types learnt from the page, as literals;
    - a click on a ref → its target's ``opened_dialog``: whether a dialog opened (the page is
      let settle first; see :mod:`runtime.browser.dialogs`);
    - a read (``read_text``, ``read_value``, ``extract_list``, ``extract_table``) that found
      something → ``nonempty=True``: at replay it waits until it finds something again (a
      suggestion list after a debounce, results that come late) rather than read too early.

    With ``ok=False`` (a failed call) only what is already known is returned: no page work.
    """
    if action_name not in _PACK:
        return None
    session = _active_session()
    if session is None or session.pending_action != action_name:
        return None
    pending, session.pending_args, session.pending_action = session.pending_args, {}, None
    key = "target" if "target" in pending else "text"
    target = pending.get(key)
    if ok and action_name in _CLICKS and isinstance(target, LocatorExpr):
        # (The agent clicked an element: note whether the click opened a dialog.)
        try:
            opened = _new_dialogs(session) > 0
        except Exception:  # a page that went away opened none to answer
            opened = False
        pending[key] = target.model_copy(update={"opened_dialog": opened})
    out: dict[str, Expr] = {}
    for key, value in pending.items():
        if isinstance(value, Found):
            if not ok or not value.looked_up or value.index == 0:
                continue
            try:
                out[key] = value.locator_expr()
            except Exception:  # the element went away: keep what the recipe said
                continue
        elif isinstance(value, LocatorExpr):
            out[key] = value
        else:
            out[key] = LiteralExpr(value=value)
    if ok and action_name in _READS and _found_something(result):
        out["nonempty"] = LiteralExpr(value=True)
    return out or None


class _BrowserHooks:
    """What the browser adds to every recording (registered when this package is imported:
    a run that never loads the browser pays nothing)."""

    recording_args = staticmethod(recording_args)
    snapshot_for_model = staticmethod(snapshot_for_model)


_register_hooks(_BrowserHooks())


def locator_report() -> list[LocatorReport]:
    """Every element ``find`` looked up in this run, with the locator that worked."""
    return list(current_session().locator_reports)


def busy_report() -> list[str]:
    """One line per page of this run on which waiting for the page to settle ran out of time,
    for a run's warnings (why a replay was slow)."""
    waits: dict[str, list[float]] = {}
    for url, seconds in current_session().busy:
        waits.setdefault(url, []).append(seconds)
    return [
        f"{url}: the page was still busy after {max(seconds):g} s "
        f"({'once' if len(seconds) == 1 else f'{len(seconds)} times'}): a request that never "
        "ends or a page that keeps changing; each of those looks at it waited that long"
        for url, seconds in waits.items()
    ]
