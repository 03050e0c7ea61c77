"""The form a click submits: what the recording saw, and the guard that the page still shows it.

Rule: a click the recording made after typing on the same page (a fill, a choice, a ticked box)
runs at replay only while the page's visible, enabled form fields are the ones the recording saw
just before it; a field that appeared on a choice (a State drop-down once the country is the
United States) or one that went away is a form the recording never filled, so the recipe leaves
through a side exit before the click and the agent fills it.

Rule: the form is compared with its values too. Recording and replay alike keep each field's
value as it was before the run's first form action (or click) on the page, a field that shows up
later as it was before the next one; the click goes on only while every field the recipe typed
into was, before it typed, empty where the recording found it empty and filled where it found
it filled (a phone the recording found empty and typed is on file now: the agent may keep it;
a drop-down's first option, drawn anew each time, is no reason to stop), and every field left
alone holds what it held then (a Country pre-filled "Germany" the agent saw and left is
"France" now). A field left alone is recorded as ``textbox "Country" = "Germany"``, one typed
into as ``textbox "Phone" = ""`` or ``= (filled)``; a password field, or a field holding a
secret the run typed, only as ``= (a secret)`` or ``= ""`` (never its text); a value longer
than :data:`LONG` characters by a fingerprint. Recordings without values compare names only.

A form field is an element of a value-taking role (a text box, a drop-down, a number box…), or
a checkbox or radio button marked required; it is named ``role "accessible name"``, the way the
recipe's comments describe elements (``combobox "State"``). Checkboxes and radio buttons that
are not required are not fields: lists of them are data (one per topic, per row), and the recipe
acts on them by name (those the run leaves alone are kept apart: the last rule).

Rule: a lone optional checkbox (or switch) — the only one the page shows — that the run did not
tick or untick is part of the form, with its state: an "offers by email" box the recording found
unticked and left so is submitted unticked, and a page where it comes pre-ticked is the agent's.

Rule: the choice controls the run left alone are part of what it decided on. Before a click the
agent made on a button or a link (a click that may submit) the recording keeps the state of the
checkboxes, switches and radio buttons the run never acted on, and the click runs at replay only
while the controls the replay left alone hold that state (on a page that showed none too: a box
that appears pre-ticked at replay is one the agent never saw):

- a checkbox or switch left alone ticked is kept by name (``left alone: checkbox "Share my data"
  = "checked"``); those left alone unticked are one entry, whatever their names and however many
  (``left alone: every other checkbox = "not checked"``, always written): the boxes of a list the
  run ticked by the task's inputs differ on every page, and the others are not pinned by name,
  but a box that comes pre-ticked where the recording found every box it left alone unticked is
  one the agent never decided to submit;
- a radio group none of whose buttons the run acted on is kept with its choice (``left alone:
  radio group "Shipping" = "Standard"``, ``= none`` when none is chosen), named by its legend or
  label, else by its options (``radio group ("Standard", "Express")``); a group the run chose in
  is the run's. Radio inputs of one name in one form are one group; else the radio group
  around them; else the nearest element around one that holds another such radio button,
  inside the fieldset around it if any (a "Size" set and a "Delivery" set in two boxes are two
  groups, in a fieldset wrapping the whole form too: choosing a size does not make the
  delivery the run's); else the fieldset; else the radio button alone. A tab with
  ``aria-selected`` (a "Monthly | Yearly" billing switch) is chosen in its tab list the same
  way (``left alone: tab list "Billing period" = "Monthly"``);
- a button with ``aria-pressed`` (a toggle, "Add insurance") is a choice control too, as a
  ``toggle button``: left alone pressed, it is kept by name (``left alone: toggle button "Add
  insurance" = "pressed"``); left alone not pressed, it is among the others unticked;
- a choice control with no name of its own (a cart row's bare checkbox) is named by the text
  of the nearest element around it that shows text (``checkbox "(beside: Desk lamp)"``), while
  that element holds no other choice control; else it is :data:`NAMELESS`, and a guard that
  holds such an entry never passes (two nameless boxes are not told apart). Boxes of one name
  ("Gift wrap" in each cart row) are told apart by the text of the widest element around each
  that holds no other of them (``checkbox "Gift wrap (beside: Mug 8 EUR Gift wrap)"``), and
  boxes of one name in two frames by the frame's text (``(in frame: Coffee beans…)``); where
  those texts are alike too, nothing tells them apart and they keep their name;
- a native checkbox or radio button hidden from view (inside a closed ``<details>``, the input
  behind a styled switch) counts among them: a form submits it and a script reads it (it is no
  form field of the typed-page rules, though); so does a drop-down or text box hidden from view
  that the run did not type into (a Quantity in a closed "More options"), kept with its value
  (``left alone: hidden combobox "Quantity" = "5"``) where it holds one (a drop-down past its
  first option, a text box not empty); an ``<input type=hidden>`` is the page's, not kept;
- so does a disabled choice control (a disabled field does not): a box the page locked ticked
  ("Auto-renew yearly", forced by the plan) is not submitted by a form, but it is what the
  page's script reads, and the recording never saw it ticked;
- a form-associated custom element (``attachInternals``) with a boolean ``checked`` property
  is a checkbox, read by that property: its ElementInternals role and ``ariaChecked`` can be
  read by no script outside it.

A drop-down's value is every option selected (a ``<select multiple>``: ``"Gift wrap |
Insurance"``), and an ARIA listbox's that of its options marked ``aria-selected`` (chips), not
its text.

Where they are read: the page's document, the open shadow roots in it (a web component's
"Subscribe monthly" box) and every frame of the page, of its origin or another (Playwright
reads each frame; the page's own script could not read another origin's). A frame that cannot
be read (it navigated as it was read) counts as a box left alone that no guard passes
(:data:`UNREAD`). A closed shadow root is read by no script but its component's: its
controls are not seen (the page's snapshot shows none of them either).

"Acted on": a form action targeted it, or the run's own click reached it after the run's first
action on the page (trusted input: on it, in it, or on its label); also a click the page's
script makes on it in answer to the run's click on an element that is no choice control,
button, link or field and whose nearest element holding a choice control holds only it (the
styled part of a switch passing the click to its input). A control the page's script clicks
otherwise (an "Add insurance" box it ticks when the run chooses Express) is left alone: its
state is compared with the recording's.

Rule: the controls the run acted on are compared too, by what its clicks did. Each keeps the
state the run's last click on it left it in (a radio button chosen: on, until the run chooses
another of its group); one the page turned back since (a "Subscribe monthly" box the run
unticked that the page ticks again, a "Gift wrap" it ticked that the page unticks) counts, and
so does each the run acted on through a click a styled element passed on. The recording writes
how many where there are any (``acted on: controls the page turned back = 1``, ``acted on:
clicks a styled element passed on = 1``; none: nothing written) and the click runs at replay
only while the counts are the same: a card whose handler ticks the insurance box beside it at
replay, where the recording saw no click passed on, is the page's doing, not the run's. (By
count, not name: the boxes a run ticks by the task's inputs are named differently each run.)
At replay, a click of the recipe on a choice control makes the page one the run typed on, as
the recording's did. The page helper (``form_fields.js``) starts listening
at the run's first action on each page. Recordings without the part (older ones) keep the
guard they had. On a page the run typed into, the form's fields come
first (the rules above), ``(no form fields)`` when there are none; on a page it did not type
into, the form fields left alone come first, as the page showed them (a Quantity drop-down left
at "1" that is "5" at replay stops the order), where the page shows a value-taking field; else
only the choices are compared. A control the run acted on that the page re-creates (a list
rendered anew on each change) passes its mark to the control now in its place only when that
is the only choice control of its role and name on the page and in the state the gone one was
left in; otherwise it counts as left alone (a safe stop where its name differs).

Not read, so not guarded: a closed shadow root (above), and a form-associated custom element
whose state only its ElementInternals hold (no ``checked`` property). Not replayed either:
boxes a "Select all" box ticks by script are left alone ticked by name, so other rows at
replay stop the click (accepting boxes the page ticked that the recording did not see is what
the upsell rule forbids).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from compiler.ir import ACTED, LEFT_ALONE, NO_FIELDS, LocatorExpr
from runtime.browser.session import current_session, current_stand_in
from runtime.browser.snapshot import page_helpers_js
from runtime.browser.waits import FORM_ACTIONS

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from runtime.browser.session import BrowserSession

__all__ = [
    "FORM_ACTIONS",
    "LEFT_ALONE",
    "NO_FIELDS",
    "form_fields",
    "mark_typed",
    "note_form_fields",
    "note_values_before",
    "same_form",
]

VALUE_ROLES = ("textbox", "searchbox", "combobox", "listbox", "spinbutton", "slider")
"""Roles of fields that take a value: always part of the form."""
CHOICE_ROLES = ("checkbox", "radio", "switch")
"""Roles of fields that are part of the form only when marked required."""
TOGGLE = "toggle button"
"""The role a button with ``aria-pressed`` takes among the choice controls (an "Add insurance"
toggle): never a form field, but kept when left alone, as a checkbox is."""
TAB = "tab"
"""A tab with ``aria-selected`` (a segmented "Monthly | Yearly" billing control) is a choice
control too, chosen in its tab list as a radio button in its group (never a form field, and a
click on one is no typing)."""
SUBMITS = ("button", "link")
"""Roles of the click targets that may submit: before one, the choices left alone are kept."""
_SELECTOR = (
    "input, select, textarea, [contenteditable=''], [contenteditable='true'], [aria-pressed], "
    + ", ".join(f"[role={r}]" for r in (*VALUE_ROLES, *CHOICE_ROLES))
    + ", [role=tab][aria-selected]"
)
NAMELESS = "(no name, nothing beside it)"
"""The name of a choice control with no name of its own whose nearest text around it is shared
with another choice control: a guard holding it never passes (see the module's rules)."""
UNREAD = "(in a frame that could not be read)"
"""The name of the row a frame that could not be read gives (it navigated as it was read): a
ticked box left alone, so that a guard holding it never passes, and one that meets it fails."""
UNREAD_ROW = ("checkbox", UNREAD, False, "checked", False, False, False, False, None, True)


LONG = 80
"""A field value longer than this is recorded by a fingerprint (``(sha256 1a2b3c4d5e6f, 412
chars)``), so that the recipe stays readable."""
SECRET = "(a secret)"
"""How a non-empty password (or a typed secret) is recorded: never its text."""
FILLED = "(filled)"
"""How a field the run typed into is recorded when it was not empty before."""
_ENTRY = re.compile(r'^(\w+ "(?:[^"\\]|\\.)*")(?: = (.*))?$', re.S)


def _evaluate(page: Page, *, mark: bool = False) -> list[list[Any]]:
    """The page's visible, enabled fields and choice controls, each as ``[role, name, required,
    value, secret, empty, typed]``, a choice control's followed by ``acted, [group key, group
    name] | None, hidden``: a native checkbox or radio button hidden from view is one too. The
    main frame's first, then each frame's (same origin or not: Playwright reads them all), in
    open shadow roots too; a frame that cannot be read gives an :data:`UNREAD` row. ``mark``:
    before a click or form action, also mark the dialogs open now (``runtime.browser.dialogs``)
    and listen for the choice controls the run acts on. One evaluation per frame."""
    arg = {
        "op": "form_fields",
        "selector": _SELECTOR,
        "roles": [*VALUE_ROLES, *CHOICE_ROLES, TOGGLE, TAB],
        "mark": mark,
    }
    source = f"(arg) => ({page_helpers_js()})(null, arg)"
    rows: list[list[Any]] = page.evaluate(source, arg)
    frame_of = [0] * len(rows)
    others = [frame for frame in page.frames if frame != page.main_frame]
    for number, frame in enumerate(others, start=1):
        try:
            found: list[list[Any]] = frame.evaluate(source, arg)
        except Exception:  # (a frame that navigates or goes away as it is read)
            if not frame.is_detached():
                rows.append(list(UNREAD_ROW))
                frame_of.append(number)
            continue
        for row in found:
            if len(row) > 8 and isinstance(row[8], list):  # its radio groups are its own
                row[8] = [f"frame {number} {row[8][0]}", row[8][1]]
        frame_of.extend([number] * len(found))
        rows.extend(found)
    _apart_in_frames(rows, frame_of)
    return rows


def _apart_in_frames(rows: list[list[Any]], frame_of: list[int]) -> None:
    """Boxes (switches, toggles) of one name in two frames (a "Subscribe monthly" box in each
    order line's widget) are told apart by the text of the frame each is in (a choice row's
    last item, ``form_fields.js``): ``checkbox "Subscribe monthly (in frame: Coffee beans…)"``."""
    frames: dict[tuple[str, str], set[int]] = {}
    for row, number in zip(rows, frame_of, strict=True):
        if row[0] in ("checkbox", "switch", TOGGLE) and len(row) > 12:
            frames.setdefault((row[0], str(row[1])), set()).add(number)
    for row in rows:
        boxes = row[0] in ("checkbox", "switch", TOGGLE) and len(row) > 12
        if boxes and len(frames[(row[0], str(row[1]))]) > 1:
            row[1] = f"{row[1]} (in frame: {row[12]})"


def _form_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """Of :func:`_evaluate`'s rows, the form fields (see the module's rules): choice controls
    hidden from view are not (they count only among those left alone)."""
    rows = [r for r in rows if not (len(r) > 9 and r[9])]
    optional = [r for r in rows if r[0] in ("checkbox", "switch") and not r[2]]
    lone = optional[0] if len(optional) == 1 and not optional[0][6] else None
    return [r for r in rows if r[0] in VALUE_ROLES or r[2] or r is lone]


def form_fields(page: Page) -> tuple[str, ...]:
    """The page's visible, enabled form fields (``textbox "Name"``), in page order: one
    evaluation in the page."""
    return tuple(f"{row[0]} {_quoted(row[1])}" for row in _form_rows(_evaluate(page)))


OTHERS_UNTICKED = f'{LEFT_ALONE}every other checkbox = "not checked"'
"""The entry every recorded choice part holds: the checkboxes (and switches) left alone that are
not named ticked are unticked."""


TURNED_BACK = f"{ACTED}controls the page turned back = "
"""How many controls the run acted on are no longer in the state its click left them in (the
page re-ticked a box the run unticked): written only where the recording saw any (none is the
rule, in recordings older than the entry too)."""
PASSED_ON = f"{ACTED}clicks a styled element passed on = "
"""How many controls the run acted on by a click a styled element passed on (a styled switch
and its input): at replay, as many as the recording saw; written only where it saw any."""


def _left_alone(rows: list[list[Any]]) -> list[str]:
    """The state of the choice controls the run left alone (see the module's rules), as the
    guard records it: ticked boxes by name, radio groups with their choice, and
    :data:`OTHERS_UNTICKED`; then the two counts about the controls the run acted on
    (:data:`TURNED_BACK`, :data:`PASSED_ON`)."""
    out = [OTHERS_UNTICKED]
    acted_rows = [r for r in rows if r[0] in (*CHOICE_ROLES, TOGGLE, TAB) and len(r) > 11 and r[7]]
    for entry, count in (
        (TURNED_BACK, sum(1 for r in acted_rows if r[10])),
        (PASSED_ON, sum(1 for r in acted_rows if r[11])),
    ):
        if count:  # (none: not written, so that recipes stay short)
            out.append(f"{entry}{count}")
    groups: dict[str, tuple[str, str, list[str], list[str], list[bool]]] = {}
    for row in rows:
        if row[0] in VALUE_ROLES and len(row) > 9 and row[9]:
            if row[5] or row[6]:  # empty (a select at its first option), or typed into
                continue
            shown = _shown(str(row[3]), bool(row[4]), set())
            out.append(f"{LEFT_ALONE}hidden {row[0]} {_quoted(str(row[1]))} = {shown}")
            continue
        if row[0] not in (*CHOICE_ROLES, TOGGLE, TAB) or len(row) < 9:
            continue
        role, name, on, acted = row[0], str(row[1]), row[3] == "checked", bool(row[7])
        if role not in ("radio", TAB):
            if on and not acted:
                state = "pressed" if role == TOGGLE else "checked"
                out.append(f'{LEFT_ALONE}{role} {_quoted(name)} = "{state}"')
            continue
        key, label = row[8] if isinstance(row[8], list) else ("page", "")
        kind = "tab list" if role == TAB else "radio group"
        group = groups.setdefault(str(key), (kind, str(label), [], [], []))
        _kind, _label, options, chosen, touched = group
        options.append(name)
        if on:
            chosen.append(name)
        touched.append(acted)
    for kind, label, options, chosen, touched in groups.values():
        if any(touched):
            continue
        what = _quoted(label) if label else "(" + ", ".join(map(_quoted, options)) + ")"
        value = _quoted(chosen[0]) if chosen else "none"
        out.append(f"{LEFT_ALONE}{kind} {what} = {value}")
    return out


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shown(value: str, secret: bool, secrets: set[str]) -> str:
    """A field's value as the guard records it: quoted text, or (secrets, long text) masked."""
    if not value:
        return '""'
    if secret or value in secrets:
        return SECRET
    if len(value) > LONG:
        digest = hashlib.sha256(value.encode()).hexdigest()[:12]
        return f"(sha256 {digest}, {len(value)} chars)"
    return json.dumps(value, ensure_ascii=False)


def _keyed(
    rows: list[list[Any]], secrets: set[str]
) -> list[tuple[str, str, tuple[str, bool], bool]]:
    """Each form field of :func:`_evaluate`'s ``rows`` as ``(role "name"#n, role "name", (shown
    value, empty), typed)``: ``#n`` tells apart fields of the same name, in page order;
    ``typed``: a form action of the run marked it (:func:`mark_typed`)."""
    seen: Counter[str] = Counter()
    out = []
    for role, name, _required, value, secret, empty, typed, *_ in _form_rows(rows):
        field = f"{role} {_quoted(name)}"
        seen[field] += 1
        shown = _shown(str(value), bool(secret), secrets)
        out.append((f"{field}#{seen[field]}", field, (shown, bool(empty)), bool(typed)))
    return out


def mark_typed(element: Locator) -> None:
    """Mark the element a form action types into (recording and replay alike): the guard then
    keeps only whether it was empty before (see the module's rules). One evaluation."""
    if current_stand_in() is None:
        element.evaluate("el => { el.__rcTyped = true; }")


def _on_typed_page(session: BrowserSession) -> bool:
    return session.typed_on is not None and session.typed_on == session.page.url


def note_values_before(session: BrowserSession) -> None:
    """Before a form action or a click (recording and replay alike): keep each form field's
    value the first time it is seen on the page being typed into (``session.form_before``); the
    first such action on another page starts afresh. The same evaluation marks the dialogs open
    now (a click then tells one it opened: :mod:`runtime.browser.dialogs`)."""
    if current_stand_in() is not None:
        return
    if not _on_typed_page(session):
        session.form_before = {}
    session.settle_if_changed()
    rows = _evaluate(session.page, mark=True)
    for key, _field, before, _typed in _keyed(rows, session.secrets):
        session.form_before.setdefault(key, before)


def _form_with_values(session: BrowserSession, rows: list[list[Any]]) -> tuple[str, ...]:
    """The form fields of :func:`_evaluate`'s ``rows``, each with its value before the run typed
    into it (for a field it typed into, only whether it was empty), or now for one it has not
    seen: ``textbox "Country" = "Germany"``, ``textbox "Phone" = ""``."""
    kept = session.form_before if _on_typed_page(session) else {}
    out = []
    for key, field, now, typed in _keyed(rows, session.secrets):
        shown, empty = kept.get(key, now)
        value = '""' if empty else FILLED if typed else shown
        out.append(f"{field} = {value}")
    return tuple(out)


def same_form(page: Page, recorded: tuple[str, ...] | list[str]) -> bool:
    """Whether the page shows the form fields the recording saw before this click, with the
    values they held before the recording typed, and the choice controls the run left alone in
    the state the recording saw them (the guard before a click that may submit; see the
    module's rules). Order does not matter; how many of each does. One evaluation in the page;
    under ``recipe test`` the recorded run answers."""
    stand_in = current_stand_in()
    if stand_in is not None:
        return bool(stand_in.same_form(tuple(recorded)))
    session = current_session()
    session.settle_if_changed()
    rows = _evaluate(page)
    if not _on_typed_page(session) and any(len(r) > 9 and r[7] for r in rows):
        # the run clicked a choice control on this page: typing, as the recording counted it
        # (note_form_fields); the values before it are those note_values_before kept then
        session.typed_on = page.url
    fields = [entry for entry in recorded if not entry.startswith((LEFT_ALONE, ACTED))]
    choices = [entry for entry in recorded if entry.startswith((LEFT_ALONE, ACTED))]
    if any(NAMELESS in entry or UNREAD in entry for entry in choices):
        return False  # a choice control left alone that nothing names (or reads): not told apart
    if choices:
        if Counter(_left_alone(rows)) != Counter(choices):
            return False
        if not fields:
            return True  # a page the recording typed nothing into
        fields = [] if fields == [NO_FIELDS] else fields
    parsed = [_ENTRY.match(entry) for entry in fields]
    if not all(m is not None and m.group(2) is not None for m in parsed):
        names = (f"{row[0]} {_quoted(row[1])}" for row in _form_rows(rows))
        return Counter(names) == Counter(fields)  # recorded without values
    return Counter(_form_with_values(session, rows)) == Counter(fields)


def note_form_fields(session: BrowserSession, target: Any, key: str) -> None:
    """While recording a click the agent made (``target`` as it typed it: a ref or a text):
    after typing on this page, keep the page's form fields with their values before the agent
    typed (:func:`note_values_before`, called just before) on the recorded element for the
    recipe's guard; a click on a checkbox, radio button or switch counts as typing. A click on
    a button or a link also keeps the state of the choice controls the run left alone (see
    the module's rules). Costs one evaluation, and only for such clicks."""
    if not isinstance(target, str):
        return  # a recipe's own click: its guard (if any) already ran
    expr = session.pending_args.get(key)
    if not isinstance(expr, LocatorExpr):
        return
    page = session.page
    typed = _on_typed_page(session)
    submits = any(c.strategy == "role" and c.value in SUBMITS for c in expr.candidates)
    if typed or submits:
        rows = _evaluate(page)
        fields = _form_with_values(session, rows) if typed else None
        if submits:
            if typed:
                form = fields or (NO_FIELDS,)
            else:  # the value fields left alone, as the recording saw them (if any)
                shows = any(row[0] in VALUE_ROLES for row in rows)
                form = _form_with_values(session, rows) if shows else ()
            fields = (*form, *_left_alone(rows))
        if fields is not None:
            session.pending_args[key] = expr.model_copy(update={"form_fields": fields})
    if any(c.strategy == "role" and c.value in CHOICE_ROLES for c in expr.candidates):
        session.typed_on = page.url
