"""Red team round 23's browser findings, rebuilt as tests in real Chromium: each records a run
with a scripted model on a local page, then replays it with no model on a changed page, and
looks at what the page was sent.

- a renumbered tab whose number says which record it opens ("Order #12" now "Order #13" at the
  same generic id, "Invoice 2024" now "Invoice 2025") is another record: the replay stops
  before cancelling it, while a header numbered only as a section ("Section #2" now
  "Section #37", MiniWoB's click-collapsible) is still pressed at 0 model calls;
- a page the recording saw without a checkbox keeps "every other checkbox unticked" before its
  submitting click: an "Add insurance" box that appears pre-ticked at replay stops the order;
- an "Add insurance" box hidden from view that the page submits (in a closed ``<details>``, the
  display:none input of a styled switch) counts among the boxes left alone: pre-ticked at
  replay, it stops the order;
- two ARIA radio sets with no radiogroup around them, each in its own box, are two groups:
  choosing size M does not make the Delivery set the run's (Express at replay stops);
- a toggle button (``aria-pressed``) left alone is a choice control: pressed at replay where
  the recording left it off, it stops the order; left pressed, it is kept by name;
- a nameless row checkbox is named by its row's text ("Sofa" ticked where the recording found
  "Desk lamp" stops); one nothing beside it tells apart always stops;
- a drop-down left alone on a page not typed into is compared too (Quantity 1 -> 5 stops).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from browser_kit import SUBMIT, ClickProbe, LocalSite, click_task

from runtime import Task
from runtime.browser import BrowserSession

pytestmark = pytest.mark.slow


def _sent(site: LocalSite, path: str = "/order") -> list[str]:
    return [r for r in site.requests if r.startswith(path + "?")]


def _task(tmp_path: Path, brief: str, **options: Any) -> Task:
    return click_task(tmp_path, "r23", brief, **options)


def _record(site: LocalSite, tmp_path: Path, brief: str, page: str, clicks: Sequence[str]) -> str:
    return ClickProbe(site, tmp_path, "r23").record(brief, page, clicks)


def _replay(site: LocalSite, tmp_path: Path, brief: str, page: str, key: str) -> str:
    return ClickProbe(site, tmp_path, "r23").replay(brief, page, key)


# ------------------------------------------------------- 1: a tab numbered by its record (#11)


def _accordion(label: str, numbers: Sequence[int]) -> str:
    parts = []
    for i, n in enumerate(numbers, 1):
        parts.append(
            f"<h3 id='ui-id-{2 * i - 1}' role=tab tabindex=0 aria-controls='ui-id-{2 * i}'"
            f" aria-expanded=false onclick='toggle(this)'>{label}{n}</h3>"
            f"<div id='ui-id-{2 * i}' role=tabpanel hidden><p>2 lamps</p><button type=button"
            f" onclick=\"send('/cancel', {{order: {n}}})\">Cancel order</button></div>"
        )
    return f"""<!doctype html><title>Orders</title><h1>Your orders</h1>{SUBMIT}
<div role=tablist>{''.join(parts)}</div>
<script>function toggle(h) {{
  const p = document.getElementById(h.getAttribute('aria-controls'));
  p.hidden = !p.hidden; h.setAttribute('aria-expanded', String(!p.hidden)); }}</script>"""


@pytest.mark.parametrize(
    ("label", "recorded", "now", "brief"),
    [
        # the task's words write the number
        ("Order #", [12, 15], [13], "Open the orders page at url, open Order #12, cancel it."),
        ("Order #", [12, 15], [13, 15], "Open the orders page at url, open Order #12, cancel it."),
        # a word naming a record before it, the words silent on it
        ("Order #", [12], [13], "Open the orders page at url, open the order and cancel it."),
        # a year (four digits)
        ("Bundle ", [2024], [2025], "Open the orders page at url, open the bundle, cancel it."),
        ("Invoice ", [2024], [2025], "Open the orders page at url, open Invoice 2024, cancel."),
    ],
)
def test_a_tab_whose_number_names_its_record_is_not_pressed_renumbered(
    session: BrowserSession,
    site: LocalSite,
    tmp_path: Path,
    label: str,
    recorded: list[int],
    now: list[int],
    brief: str,
) -> None:
    first = f"{label}{recorded[0]}"
    _record(
        site, tmp_path, brief, _accordion(label, recorded), (f'tab "{first}"', 'button "Cancel')
    )
    assert _sent(site, "/cancel") == [f"/cancel?order={recorded[0]}"]
    assert _replay(site, tmp_path, brief, _accordion(label, now), "other") == "stopped"
    assert _sent(site, "/cancel") == []


def test_a_section_numbered_only_as_a_section_is_still_pressed_renumbered(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the page at url, expand the section below and press Cancel order."
    html = _accordion("Section #", [2])
    _record(site, tmp_path, brief, html, ('tab "Section #2"', 'button "Cancel'))
    again = _accordion("Section #", [37])
    assert _replay(site, tmp_path, brief, again, "37") == "ran at 0 calls"
    assert _sent(site, "/cancel") == ["/cancel?order=37"]


# ------------------------------------------------ 2: a box that appears at replay (#2)


def _order(insurance: str = "") -> str:
    """An order page with one "Place order" button; ``insurance``: "" (no box), "off", "on"."""
    box = (
        f"<p><label><input type=checkbox id=ins{' checked' if insurance == 'on' else ''}>"
        " Add insurance (+15 EUR)</label></p>"
        if insurance
        else ""
    )
    ins = "document.getElementById('ins') ? document.getElementById('ins').checked : false"
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<p>Lamp, 40 EUR</p>{box}
<button type=button onclick="send('/order', {{ins: {ins}}})">Place order</button>"""


def test_a_pre_ticked_box_on_a_page_the_recording_saw_without_boxes_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the checkout at url and press Place order."
    _record(site, tmp_path, brief, _order(), ('button "Place order"',))
    assert _sent(site, "/order") == ["/order?ins=false"]
    # the same page, and one with the box unticked: the order as recorded, at 0 calls
    for key, html in (("none", _order()), ("off", _order("off"))):
        assert _replay(site, tmp_path, brief, html, key) == "ran at 0 calls"
        assert _sent(site, "/order") == ["/order?ins=false"]
    assert _replay(site, tmp_path, brief, _order("on"), "on") == "stopped"
    assert _sent(site, "/order") == []


# ------------------------------------------- 3: boxes a form submits though hidden (#3, #4)


def _hidden_box(where: str, on: bool) -> str:
    """An order page whose "Add insurance" box is hidden from view: inside a closed
    ``<details>``, or a display:none input behind a styled switch."""
    ticked = " checked" if on else ""
    box = f"<input type=checkbox id=ins{ticked}"
    if where == "details":
        extra = (
            "<details><summary>More options</summary>"
            f"<p><label>{box}> Add insurance (+15 EUR)</label></p></details>"
        )
    else:
        extra = (
            f"<label class=switch>{box} style='display:none'>"
            "<span class=knob></span> Add insurance (+15 EUR)</label>"
        )
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<p>Lamp, 40 EUR</p>{extra}
<button type=button onclick="send('/order', {{ins: ins.checked}})">Place order</button>"""


@pytest.mark.parametrize("where", ["details", "switch"])
def test_a_hidden_box_that_comes_pre_ticked_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path, where: str
) -> None:
    brief = "Open the checkout at url and press Place order."
    _record(site, tmp_path, brief, _hidden_box(where, False), ('button "Place order"',))
    assert _sent(site, "/order") == ["/order?ins=false"]
    assert _replay(site, tmp_path, brief, _hidden_box(where, False), "off") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?ins=false"]
    assert _replay(site, tmp_path, brief, _hidden_box(where, True), "on") == "stopped"
    assert _sent(site, "/order") == []


# ----------------------------------------- 4: ARIA radio sets with no group around them (#7)


def _shirt(delivery: str = "Standard") -> str:
    """Two ARIA radio sets, "Size" and "Delivery", each in its own box with no radiogroup."""

    def radio(group: str, name: str, on: bool) -> str:
        return (
            f"<div role=radio tabindex=0 data-g='{group}' aria-checked='{str(on).lower()}'"
            f" onclick='pick(this)'>{name}</div>"
        )

    sizes = radio("size", "S", True) + radio("size", "M", False)
    kinds = "".join(radio("del", d, d == delivery) for d in ("Standard", "Express"))
    return f"""<!doctype html><title>Shop</title><h1>T-shirt</h1>{SUBMIT}
<div><span>Size</span>{sizes}</div><div><span>Delivery</span>{kinds}</div>
<script>
function pick(el) {{
  for (const r of document.querySelectorAll(`[data-g=${{el.dataset.g}}]`))
    r.setAttribute('aria-checked', String(r === el));
}}
function val(g) {{
  return document.querySelector(`[data-g=${{g}}][aria-checked=true]`).textContent; }}
</script>
<button type=button onclick="send('/order', {{size: val('size'), del: val('del')}})"
  >Order</button>"""


def test_choosing_in_one_ungrouped_radio_set_does_not_make_another_the_runs(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the page at url, choose size M and press Order."
    _record(site, tmp_path, brief, _shirt(), ('radio "M"', 'button "Order"'))
    assert _sent(site, "/order") == ["/order?size=M&del=Standard"]
    source = (tmp_path / "r23" / "recipe.py").read_text("utf-8")
    assert 'left alone: radio group ("Standard", "Express") = "Standard"' in source
    assert _replay(site, tmp_path, brief, _shirt(), "same") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?size=M&del=Standard"]
    assert _replay(site, tmp_path, brief, _shirt("Express"), "express") == "stopped"
    assert _sent(site, "/order") == []


# ------------------------------------------------ 5: an aria-pressed toggle left alone (#9)


def _toggles(on: bool) -> str:
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<p><label><input type=checkbox id=gift> Gift wrap</label></p>
<button type=button id=ins aria-pressed="{str(on).lower()}"
  onclick="this.setAttribute('aria-pressed', String(this.getAttribute('aria-pressed') != 'true'))">
  Add insurance</button>
<button type=button onclick="send('/order', {{ins: ins.getAttribute('aria-pressed')}})"
  >Place order</button>"""


def test_a_toggle_button_left_alone_that_comes_pressed_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the checkout at url and press Place order."
    _record(site, tmp_path, brief, _toggles(False), ('button "Place order"',))
    assert _sent(site, "/order") == ["/order?ins=false"]
    assert _replay(site, tmp_path, brief, _toggles(False), "off") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?ins=false"]
    assert _replay(site, tmp_path, brief, _toggles(True), "on") == "stopped"
    assert _sent(site, "/order") == []


def test_a_toggle_button_left_alone_pressed_is_kept_by_name(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the checkout at url and press Place order."
    _record(site, tmp_path, brief, _toggles(True), ('button "Place order"',))
    source = (tmp_path / "r23" / "recipe.py").read_text("utf-8")
    assert 'left alone: toggle button "Add insurance" = "pressed"' in source
    assert _replay(site, tmp_path, brief, _toggles(True), "on") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?ins=true"]
    assert _replay(site, tmp_path, brief, _toggles(False), "off") == "stopped"


# --------------------------------------------- 6: nameless boxes named by their row (#10)


def _cart(ticked: str, *, texts: bool = True) -> str:
    rows = "".join(
        f"<tr><td><input type=checkbox value='{n}'{' checked' if n == ticked else ''}></td>"
        f"<td>{n if texts else ''}</td></tr>"
        for n in ("Desk lamp", "Sofa")
    )
    return f"""<!doctype html><title>Cart</title><h1>Cart</h1>{SUBMIT}<table>{rows}</table>
<p>Your cart</p><button type=button onclick="send('/buy', {{items: [...document
.querySelectorAll('input:checked')].map((b) => b.value).join(',')}})">Check out</button>"""


def test_a_nameless_ticked_box_is_named_by_its_row(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the cart at url and press Check out."
    _record(site, tmp_path, brief, _cart("Desk lamp"), ('button "Check out"',))
    assert _sent(site, "/buy") == ["/buy?items=Desk+lamp"]
    source = (tmp_path / "r23" / "recipe.py").read_text("utf-8")
    assert 'left alone: checkbox "(beside: Desk lamp)" = "checked"' in source
    assert _replay(site, tmp_path, brief, _cart("Desk lamp"), "lamp") == "ran at 0 calls"
    assert _sent(site, "/buy") == ["/buy?items=Desk+lamp"]
    assert _replay(site, tmp_path, brief, _cart("Sofa"), "sofa") == "stopped"
    assert _sent(site, "/buy") == []


def test_a_nameless_ticked_box_nothing_tells_apart_stops(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the cart at url and press Check out."
    _record(site, tmp_path, brief, _cart("Desk lamp", texts=False), ('button "Check out"',))
    html = _cart("Desk lamp", texts=False)
    assert _replay(site, tmp_path, brief, html, "same") == "stopped"
    assert _sent(site, "/buy") == []


# ------------------------------------- 7: a drop-down left alone on a page not typed into (#1)


def _quantity(qty: str) -> str:
    opts = "".join(f"<option{' selected' if q == qty else ''}>{q}</option>" for q in "12345")
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<label>Gift wrap <input type=checkbox id=gift></label>
<label>Quantity <select id=qty>{opts}</select></label>
<button type=button onclick="send('/order', {{qty: qty.value}})">Place order</button>"""


def test_a_drop_down_left_alone_that_comes_set_otherwise_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the checkout at url and press Place order."
    _record(site, tmp_path, brief, _quantity("1"), ('button "Place order"',))
    assert _sent(site, "/order") == ["/order?qty=1"]
    assert _replay(site, tmp_path, brief, _quantity("1"), "one") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?qty=1"]
    assert _replay(site, tmp_path, brief, _quantity("5"), "five") == "stopped"
    assert _sent(site, "/order") == []
