"""The left-alone choice guard before a submitting click (red team round 30's browser shapes), in
real Chromium: each records a run with a scripted model on a local page, then replays it with
no model on a changed page, and looks at what was sent.

- a box the run unticked that the page ticks again (a "we kept you subscribed" dark pattern),
  or ticked that the page unticks, stops the order: the run's controls must be as its click
  left them; on the recorded page the order replays;
- a card whose click handler also ticks the one box beside it ("Add insurance") made the box
  the run's (the styled-switch exception): the order stops, since the recording saw no click
  passed on; a styled switch recorded passing its click on replays.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
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
    return click_task(tmp_path, "r30", brief, **options)


def _record(site: LocalSite, tmp_path: Path, brief: str, page: str, clicks: Sequence[str]) -> str:
    return ClickProbe(site, tmp_path, "r30").record(brief, page, clicks)


def _replay(site: LocalSite, tmp_path: Path, brief: str, page: str, key: str) -> str:
    return ClickProbe(site, tmp_path, "r30").replay(brief, page, key)


ORDER = """<button type=button onclick="send('/order', {{{what}}})">Place order</button>"""


# ------------------------------------------- 1: a control the page turns back after the run


def _optout(sticky: bool) -> str:
    hook = "setTimeout(() => { sub.checked = true; }, 0);" if sticky else ""
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<p><label><input type=checkbox id=sub checked onchange="if (!this.checked) {{ {hook} }}">
 Subscribe monthly (auto-renew)</label></p>{ORDER.format(what="sub: sub.checked")}"""


OPTOUT = "Open the checkout at url, untick 'Subscribe monthly (auto-renew)' and press Place order."
OPTOUT_CLICKS = ('checkbox "Subscribe monthly', 'button "Place order"')


def test_a_box_the_run_unticked_that_the_page_ticks_again_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path, OPTOUT, _optout(False), OPTOUT_CLICKS)
    assert _sent(site) == ["/order?sub=false"]
    assert _replay(site, tmp_path, OPTOUT, _optout(False), "plain") == "ran at 0 calls"
    assert _sent(site) == ["/order?sub=false"]
    assert _replay(site, tmp_path, OPTOUT, _optout(True), "sticky") == "stopped"
    assert _sent(site) == []


def _gift(refuse: bool) -> str:
    hook = "setTimeout(() => { gift.checked = false; }, 0);" if refuse else ""
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<p><label><input type=checkbox id=gift onchange="if (this.checked) {{ {hook} }}">
 Gift wrap (+3 EUR)</label></p>{ORDER.format(what="gift: gift.checked")}"""


GIFT = "Open the checkout at url, tick 'Gift wrap (+3 EUR)' and press Place order."


def test_a_box_the_run_ticked_that_the_page_unticks_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path, GIFT, _gift(False), ('checkbox "Gift wrap', 'button "Place order"'))
    assert _sent(site) == ["/order?gift=true"]
    assert _replay(site, tmp_path, GIFT, _gift(False), "plain") == "ran at 0 calls"
    assert _sent(site) == ["/order?gift=true"]
    assert _replay(site, tmp_path, GIFT, _gift(True), "refused") == "stopped"
    assert _sent(site) == []


def test_a_page_that_turned_the_box_back_at_recording_too_replays(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    source = _record(
        site, tmp_path, GIFT, _gift(True), ('checkbox "Gift wrap', 'button "Place order"')
    )
    assert _sent(site) == ["/order?gift=false"]
    assert "acted on: controls the page turned back = 1" in source
    assert _replay(site, tmp_path, GIFT, _gift(True), "refused") == "ran at 0 calls"
    assert _replay(site, tmp_path, GIFT, _gift(False), "plain") == "stopped"


# ----------------------------------------- 2: a click passed on that the recording never saw


def _card(upsell: bool) -> str:
    hook = "ins.click();" if upsell else ""
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<section><h2>Delivery</h2>
<div id=std onclick="ship = 'Standard'">Standard (free)</div>
<div id=exp onclick="ship = 'Express'; {hook}" style="cursor:pointer">Express (+9 EUR)</div>
<p><label><input type=checkbox id=ins> Add insurance (+15 EUR)</label></p></section>
<script>let ship = "Standard";</script>{ORDER.format(what="ship, ins: ins.checked")}"""


CARD = "Open the checkout at url, choose 'Express (+9 EUR)' delivery and press Place order."


def test_a_card_that_ticks_the_box_beside_it_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(
        site, tmp_path, CARD, _card(False), ("generic [clickable] [ref=e5]", 'button "Place order"')
    )
    assert _sent(site) == ["/order?ship=Express&ins=false"]
    assert _replay(site, tmp_path, CARD, _card(False), "plain") == "ran at 0 calls"
    assert _replay(site, tmp_path, CARD, _card(True), "upsell") == "stopped"
    assert _sent(site) == []


def _switch(extra: bool) -> str:
    more = "<p><label><input type=checkbox checked> Newsletter</label></p>" if extra else ""
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<div class=switch><input type=checkbox id=gift style="display:none" aria-label="Gift wrap">
<span id=knob onclick="gift.click()" style="cursor:pointer">Gift wrap</span></div>{more}
{ORDER.format(what="gift: gift.checked")}"""


def test_a_styled_switch_recorded_passing_its_click_on_replays(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the checkout at url, switch on 'Gift wrap' and press Place order."
    source = _record(
        site,
        tmp_path,
        brief,
        _switch(False),
        ("generic [clickable] [ref=e3]", 'button "Place order"'),
    )
    assert _sent(site) == ["/order?gift=true"]
    assert "acted on: clicks a styled element passed on = 1" in source
    assert _replay(site, tmp_path, brief, _switch(False), "plain") == "ran at 0 calls"
    assert _sent(site) == ["/order?gift=true"]
    assert _replay(site, tmp_path, brief, _switch(True), "extra") == "stopped"


# ------------------------------- 3: values a select or a listbox holds beyond the first, hidden

PRESS = "Open the checkout at url and press Place order."


def _multi(ins: bool) -> str:
    on = " selected" if ins else ""
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<label>Extras <select id=ex multiple><option selected>Gift wrap</option>
<option{on}>Insurance (+15 EUR)</option></select></label>
{ORDER.format(what="ex: [...ex.selectedOptions].map(o => o.text).join('|')")}"""


def _chips(ins: bool) -> str:
    def chip(name: str, on: bool) -> str:
        return f"<li role=option aria-selected={str(on).lower()}>{name}</li>"

    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<ul role=listbox aria-multiselectable=true aria-label=Extras>{chip("Gift wrap", True)}
{chip("Insurance (+15 EUR)", ins)}</ul>
{ORDER.format(what="ex: document.querySelectorAll('[aria-selected=true]').length")}"""


def _folded(qty: int) -> str:
    opts = "".join(f"<option{' selected' if n == qty else ''}>{n}</option>" for n in (1, 5))
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<details><summary>More options</summary><label>Quantity <select id=q>{opts}</select></label>
</details>{ORDER.format(what="qty: q.value")}"""


@pytest.mark.parametrize(
    ("page", "sent"),
    [
        (_multi, "/order?ex=Gift+wrap"),
        (_chips, "/order?ex=1"),
        (_folded, "/order?qty=1"),
    ],
    ids=["select-multiple", "listbox-chips", "select-in-closed-details"],
)
def test_a_value_left_alone_beyond_the_first_option_or_hidden_is_compared(
    session: BrowserSession,
    site: LocalSite,
    tmp_path: Path,
    page: Callable[[Any], str],
    sent: str,
) -> None:
    plain, changed = (1, 5) if page is _folded else (False, True)
    _record(site, tmp_path, PRESS, page(plain), ('button "Place order"',))
    assert _sent(site) == [sent]
    assert _replay(site, tmp_path, PRESS, page(plain), "plain") == "ran at 0 calls"
    assert _sent(site) == [sent]
    assert _replay(site, tmp_path, PRESS, page(changed), "changed") == "stopped"
    assert _sent(site) == []


# ------------------------------------- 4: a fieldset around two ARIA radio sets is not a group


def _sets(express: bool) -> str:
    def radio(group: str, name: str, on: bool) -> str:
        return (
            f"<div role=radio tabindex=0 data-g={group} aria-checked={str(on).lower()}"
            f" onclick='pick(this)'>{name}</div>"
        )

    return f"""<!doctype html><title>Shop</title><h1>T-shirt</h1>{SUBMIT}
<fieldset><legend>Your order</legend>
<div><span>Size</span>{radio("size", "S", True)}{radio("size", "M", False)}</div>
<div><span>Delivery</span>{radio("del", "Standard", not express)}
{radio("del", "Express (+20 EUR)", express)}</div>
{ORDER.format(what="size: val('size'), del: val('del')")}</fieldset>
<script>
function pick(el) {{
  for (const r of document.querySelectorAll(`[data-g=${{el.dataset.g}}]`))
    r.setAttribute('aria-checked', String(r === el));
}}
function val(g) {{
  return document.querySelector(`[data-g=${{g}}][aria-checked=true]`).textContent;
}}
</script>"""


def test_a_fieldset_around_two_aria_radio_sets_does_not_merge_them(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the page at url, choose size M and press Place order."
    _record(site, tmp_path, brief, _sets(False), ('radio "M"', 'button "Place order"'))
    assert _sent(site) == ["/order?size=M&del=Standard"]
    assert _replay(site, tmp_path, brief, _sets(False), "plain") == "ran at 0 calls"
    assert _sent(site) == ["/order?size=M&del=Standard"]
    assert _replay(site, tmp_path, brief, _sets(True), "express") == "stopped"
    assert _sent(site) == []


# -------------------------------------- 5: boxes of one name in two rows, or in two frames


def _rows(mug: bool) -> str:
    def row(item: str, on: bool) -> str:
        return (
            f"<tr><td>{item}</td><td><label><input type=checkbox data-i={item}"
            f"{' checked' if on else ''}> Gift wrap (+3 EUR)</label></td></tr>"
        )

    wrap = "[...document.querySelectorAll('input:checked')].map(b => b.dataset.i).join()"
    return f"""<!doctype html><title>Cart</title><h1>Cart</h1>{SUBMIT}
<table>{row("Mug", mug)}{row("Lamp", not mug)}</table>{ORDER.format(what="wrap: " + wrap)}"""


def _frames(coffee: bool) -> str:
    def frame(item: str, key: str, on: bool) -> str:
        inner = (
            f"<p>{item}</p><label><input type=checkbox id=sub{' checked' if on else ''}>"
            " Subscribe monthly (auto-renew)</label>"
        )
        return f'<iframe id="{key}" srcdoc="{html.escape(inner)}"></iframe>'

    subs = "coffee: sub_of(fc), tea: sub_of(ft)"
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
{frame("Coffee beans 12 EUR", "fc", coffee)}{frame("Green tea 30 EUR", "ft", not coffee)}
<script>const sub_of = (f) => f.contentDocument.getElementById("sub").checked;</script>
{ORDER.format(what=subs)}"""


@pytest.mark.parametrize(
    ("page", "sent"),
    [(_rows, "/order?wrap=Mug"), (_frames, "/order?coffee=true&tea=false")],
    ids=["rows", "frames"],
)
def test_ticked_boxes_of_one_name_are_told_apart_by_their_row_or_frame(
    session: BrowserSession,
    site: LocalSite,
    tmp_path: Path,
    page: Callable[[bool], str],
    sent: str,
) -> None:
    _record(site, tmp_path, PRESS, page(True), ('button "Place order"',))
    assert _sent(site) == [sent]
    assert _replay(site, tmp_path, PRESS, page(True), "plain") == "ran at 0 calls"
    assert _sent(site) == [sent]
    assert _replay(site, tmp_path, PRESS, page(False), "swapped") == "stopped"
    assert _sent(site) == []


# ------------------------------------------- 6: a tab list with aria-selected is a choice


def _billing(yearly: bool) -> str:
    def tab(name: str, on: bool) -> str:
        return f"<button role=tab aria-selected={str(on).lower()}>{name}</button>"

    return f"""<!doctype html><title>Plan</title><h1>Plan</h1>{SUBMIT}
<div role=tablist aria-label="Billing period">{tab("Monthly (9 EUR)", not yearly)}
{tab("Yearly (90 EUR)", yearly)}</div>
{ORDER.format(what="p: document.querySelector('[aria-selected=true]').textContent")}"""


def test_a_billing_period_tab_left_alone_is_compared(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    source = _record(site, tmp_path, PRESS, _billing(False), ('button "Place order"',))
    assert _sent(site) == ["/order?p=Monthly+%289+EUR%29"]
    assert 'left alone: tab list "Billing period" = "Monthly (9 EUR)"' in source
    assert _replay(site, tmp_path, PRESS, _billing(False), "plain") == "ran at 0 calls"
    assert _replay(site, tmp_path, PRESS, _billing(True), "yearly") == "stopped"
    assert _sent(site) == []


# ------------------- 7: a form-associated custom checkbox, and a box the page locked ticked


def _custom(on: bool) -> str:
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<x-check id=sub {"checked" if on else ""}>Subscribe monthly (auto-renew)</x-check>
<script>
customElements.define("x-check", class extends HTMLElement {{
  static formAssociated = true;
  constructor() {{ super(); this.i = this.attachInternals(); this.i.role = "checkbox";
    this.tabIndex = 0; this.on = this.hasAttribute("checked"); this.sync();
    this.addEventListener("click", () => {{ this.on = !this.on; this.sync(); }}); }}
  sync() {{ this.i.ariaChecked = String(this.on); }}
  get checked() {{ return this.on; }}
}});
</script>{ORDER.format(what="sub: sub.checked")}"""


def _locked(on: bool) -> str:
    box = "checked disabled" if on else ""
    return f"""<!doctype html><title>Checkout</title><h1>Pro plan</h1>{SUBMIT}
<p><label><input type=checkbox id=renew {box}> Auto-renew yearly</label></p>
{ORDER.format(what="renew: renew.checked")}"""


@pytest.mark.parametrize("page", [_custom, _locked], ids=["custom-element", "disabled"])
def test_a_custom_or_locked_box_that_comes_ticked_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path, page: Callable[[bool], str]
) -> None:
    _record(site, tmp_path, PRESS, page(False), ('button "Place order"',))
    sent = _sent(site)
    assert sent in (["/order?sub=false"], ["/order?renew=false"])
    assert _replay(site, tmp_path, PRESS, page(False), "plain") == "ran at 0 calls"
    assert _sent(site) == sent
    assert _replay(site, tmp_path, PRESS, page(True), "ticked") == "stopped"
    assert _sent(site) == []


def test_a_custom_box_the_run_ticks_is_the_runs(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the checkout at url, tick 'Subscribe monthly (auto-renew)' and press Place order."
    source = _record(
        site,
        tmp_path,
        brief,
        _custom(False),
        ("generic [clickable] [ref=e3]", 'button "Place order"'),
    )
    assert _sent(site) == ["/order?sub=true"]
    assert 'left alone: checkbox "Subscribe' not in source  # acted on, not left alone
    assert _replay(site, tmp_path, brief, _custom(False), "plain") == "ran at 0 calls"
    assert _sent(site) == ["/order?sub=true"]
