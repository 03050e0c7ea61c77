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

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite, OutlineReader, ref_of

from runtime import Task, ToolCall
from runtime.browser import BROWSER_ACTIONS, BrowserSession

pytestmark = pytest.mark.slow

SUBMIT = """<script>
function send(path, values) {
  const x = new XMLHttpRequest();
  x.open("GET", path + "?" + new URLSearchParams(values), false);
  x.send();
  document.getElementById("status").textContent = "Done.";
}
</script><p id="status"></p>"""


def _sent(site: LocalSite, path: str = "/order") -> list[str]:
    return [r for r in site.requests if r.startswith(path + "?")]


def _task(tmp_path: Path, brief: str, **options: Any) -> Task:
    return Task(
        brief,
        name="r30",
        inputs={"url": str},
        outputs={"done": bool},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


def _record(site: LocalSite, tmp_path: Path, brief: str, page: str, clicks: Sequence[str]) -> str:
    """Record "open url, click each outline line of ``clicks`` in turn" on ``page``; the
    recipe's source."""
    site.requests.clear()
    steps: list[Any] = [ToolCall("navigate", {"url": {"$ref": "url"}})]
    for line in clicks:
        step: Callable[[str], ToolCall] = lambda o, line=line: ToolCall(  # noqa: E731
            "click", {"target": ref_of(o, line)}
        )
        steps.append(step)
    steps.append(ToolCall("finish", {"done": True}))
    task = _task(tmp_path, brief, provider=OutlineReader(*steps))
    task.run_agent(url=site.add(f"/rec/{tmp_path.name}", page))
    return (tmp_path / "r30" / "recipe.py").read_text("utf-8")


def _replay(site: LocalSite, tmp_path: Path, brief: str, page: str, key: str) -> str:
    """Replay with no model on ``page``: "ran at 0 calls", or "stopped"."""
    site.requests.clear()
    task = _task(tmp_path, brief, mock_responses=[])
    try:
        task.run(url=site.add(f"/rep/{tmp_path.name}/{key}", page))
    except Exception:  # any stop before the effect is what these tests want
        return "stopped"
    assert task.last_run is not None
    return f"ran at {task.last_run.model_calls} calls"


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
