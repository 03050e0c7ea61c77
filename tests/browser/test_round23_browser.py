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
  replay, it stops the order.
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


def _sent(site: LocalSite, path: str) -> list[str]:
    return [r for r in site.requests if r.startswith(path + "?")]


def _task(tmp_path: Path, brief: str, **options: Any) -> Task:
    return Task(
        brief,
        name="r23",
        inputs={"url": str},
        outputs={"done": bool},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


def _record(site: LocalSite, tmp_path: Path, brief: str, html: str, clicks: Sequence[str]) -> None:
    """Record "open url, click each outline line of ``clicks`` in turn" on ``html``."""
    steps: list[Any] = [ToolCall("navigate", {"url": {"$ref": "url"}})]
    for line in clicks:
        step: Callable[[str], ToolCall] = lambda o, line=line: ToolCall(  # noqa: E731
            "click", {"target": ref_of(o, line)}
        )
        steps.append(step)
    steps.append(ToolCall("finish", {"done": True}))
    task = _task(tmp_path, brief, provider=OutlineReader(*steps))
    task.run_agent(url=site.add(f"/rec/{tmp_path.name}", html))


def _replay(site: LocalSite, tmp_path: Path, brief: str, html: str, key: str) -> str:
    """Replay with no model on ``html``: "ran at 0 calls", or "stopped"."""
    site.requests.clear()
    task = _task(tmp_path, brief, mock_responses=[])
    try:
        task.run(url=site.add(f"/rep/{tmp_path.name}/{key}", html))
    except Exception:  # any stop before the effect is what these tests want
        return "stopped"
    assert task.last_run is not None
    return f"ran at {task.last_run.model_calls} calls"


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
