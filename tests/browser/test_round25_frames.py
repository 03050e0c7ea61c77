"""Choice controls the form guard could not see, or took for the run's (red team round 23's
browser shapes #5, #6 and #8), in real Chromium: each records a run with a scripted model on a
local page, then replays it with no model on a changed page, and looks at what was sent.

- a box in a web component's open shadow root, left unticked, that comes pre-ticked stops the
  order; one the run ticked there is the run's, and replays;
- a box in a frame (same origin, or another origin: Playwright reads every frame) left
  unticked that comes pre-ticked stops the order;
- a box the page's script ticks when the run chooses Express ("Add insurance", an upsell the
  recorded page did not make) is left alone, not acted on by the run: the order stops; where
  the recorded page made the same upsell, the order goes as recorded;
- a styled switch whose visible part passes the run's click to the input behind it
  (``input.click()`` from the page's script) is still the run's; a box a button beside it
  ticks is not;
- a box the run ticked that the page renders anew (a React-like list) is still the run's when
  the one in its place is the only box of its name, in the state the run left it (round 23's
  avoidable stop: the topic "Garden" at replay now replays at 0 calls); another box pre-ticked
  still stops.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from browser_kit import SUBMIT, ClickProbe, LocalSite, OutlineReader, click_task, ref_of

from runtime import Task, ToolCall
from runtime.browser import BROWSER_ACTIONS, BrowserSession
from runtime.browser.form_fields import _evaluate, note_values_before

pytestmark = pytest.mark.slow


def _sent(site: LocalSite, path: str = "/order") -> list[str]:
    return [r for r in site.requests if r.startswith(path + "?")]


def _task(tmp_path: Path, brief: str, **options: Any) -> Task:
    return click_task(tmp_path, "r25", brief, **options)


def _record(site: LocalSite, tmp_path: Path, brief: str, page: str, clicks: Sequence[str]) -> str:
    return ClickProbe(site, tmp_path, "r25").record(brief, page, clicks)


def _replay(site: LocalSite, tmp_path: Path, brief: str, page: str, key: str) -> str:
    return ClickProbe(site, tmp_path, "r25").replay(brief, page, key)


BRIEF = "Open the checkout at url and press Place order."


# --------------------------------------------------------- 1: an open shadow root (#5)


def _shadow(sub: bool) -> str:
    """A checkout whose "Subscribe monthly" box lives in a web component's open shadow root."""
    on = " checked" if sub else ""
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<p><label><input type=checkbox id=gift> Gift wrap</label></p>
<shop-options id=opts></shop-options>
<script>
customElements.define("shop-options", class extends HTMLElement {{
  constructor() {{
    super();
    this.attachShadow({{mode: "open"}}).innerHTML =
      "<label><input type=checkbox id=sub{on}> Subscribe monthly (auto-renew)</label>";
  }}
}});
</script>
<button type=button onclick="send('/order', {{gift: gift.checked,
  sub: opts.shadowRoot.getElementById('sub').checked}})">Place order</button>"""


def test_a_box_in_a_shadow_root_that_comes_pre_ticked_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path, BRIEF, _shadow(False), ('button "Place order"',))
    assert _sent(site, "/order") == ["/order?gift=false&sub=false"]
    assert _replay(site, tmp_path, BRIEF, _shadow(False), "off") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?gift=false&sub=false"]
    assert _replay(site, tmp_path, BRIEF, _shadow(True), "on") == "stopped"
    assert _sent(site, "/order") == []


def test_a_box_the_run_ticks_in_a_shadow_root_is_the_runs(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the checkout at url, tick Subscribe monthly (auto-renew), press Place order."
    clicks = ('checkbox "Subscribe monthly (auto-renew)"', 'button "Place order"')
    _record(site, tmp_path, brief, _shadow(False), clicks)
    assert _sent(site, "/order") == ["/order?gift=false&sub=true"]
    assert _replay(site, tmp_path, brief, _shadow(False), "off") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?gift=false&sub=true"]


# ---------------------------------------------------------------- 2: frames (#6)


def _framed(site: LocalSite, key: str, sub: bool, *, other_origin: bool = False) -> str:
    """A checkout whose "Subscribe monthly" box is in a frame: of the same origin (srcdoc), or
    of another one (``localhost`` where the page is on 127.0.0.1)."""
    inner = (
        "<!doctype html><label><input type=checkbox id=sub"
        + (" checked" if sub else "")
        + "> Subscribe monthly (auto-renew)</label>"
    )
    if other_origin:
        src = site.add(f"/frame/{key}", inner).replace("127.0.0.1", "localhost")
        frame = f'<iframe id=opts src="{src}"></iframe>'
        read = f"'{'true' if sub else 'false'}'"  # (another origin's box: the page cannot read it)
    else:
        frame = f'<iframe id=opts srcdoc="{html.escape(inner)}"></iframe>'
        read = "opts.contentDocument.getElementById('sub').checked"
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<p><label><input type=checkbox id=gift> Gift wrap</label></p>{frame}
<button type=button onclick="send('/order', {{gift: gift.checked, sub: {read}}})">Place order
</button>"""


@pytest.mark.parametrize("other_origin", [False, True], ids=["same-origin", "other-origin"])
def test_a_box_in_a_frame_that_comes_pre_ticked_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path, other_origin: bool
) -> None:
    name = tmp_path.name

    def page(key: str, sub: bool) -> str:
        return _framed(site, f"{name}/{key}", sub, other_origin=other_origin)

    _record(site, tmp_path, BRIEF, page("rec", False), ('button "Place order"',))
    assert _sent(site, "/order") == ["/order?gift=false&sub=false"]
    assert _replay(site, tmp_path, BRIEF, page("off", False), "off") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?gift=false&sub=false"]
    assert _replay(site, tmp_path, BRIEF, page("on", True), "on") == "stopped"
    assert _sent(site, "/order") == []


# ------------------------------------------------ 3: a box the page's script ticks (#8)


def _upsell(upsell: bool) -> str:
    """Choosing Express makes the page's script click "Add insurance" (when ``upsell``)."""
    hook = "ins.click();" if upsell else ""
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<fieldset><legend>Shipping</legend>
<label><input type=radio name=ship value=Standard checked> Standard</label>
<label><input type=radio name=ship value=Express id=exp onclick="{hook}"> Express</label>
</fieldset>
<p><label><input type=checkbox id=gift> Gift wrap</label></p>
<p><label><input type=checkbox id=ins> Add insurance (+15 EUR)</label></p>
<button type=button onclick="send('/order', {{
  ship: document.querySelector('[name=ship]:checked').value, ins: ins.checked}})">Place order
</button>"""


UPSELL_BRIEF = "Open the checkout at url, choose Express shipping and press Place order."
UPSELL_CLICKS = ('radio "Express"', 'button "Place order"')


def test_a_box_the_pages_script_ticks_on_the_runs_choice_stops_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path, UPSELL_BRIEF, _upsell(False), UPSELL_CLICKS)
    assert _sent(site, "/order") == ["/order?ship=Express&ins=false"]
    assert _replay(site, tmp_path, UPSELL_BRIEF, _upsell(False), "plain") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?ship=Express&ins=false"]
    assert _replay(site, tmp_path, UPSELL_BRIEF, _upsell(True), "upsell") == "stopped"
    assert _sent(site, "/order") == []


def test_a_box_the_pages_script_ticked_at_recording_too_replays(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path, UPSELL_BRIEF, _upsell(True), UPSELL_CLICKS)
    assert _sent(site, "/order") == ["/order?ship=Express&ins=true"]
    assert _replay(site, tmp_path, UPSELL_BRIEF, _upsell(True), "upsell") == "ran at 0 calls"
    assert _sent(site, "/order") == ["/order?ship=Express&ins=true"]
    # the recorded page's upsell, gone at replay: the box is left unticked, not as recorded
    assert _replay(site, tmp_path, UPSELL_BRIEF, _upsell(False), "plain") == "stopped"
    assert _sent(site, "/order") == []


def test_a_styled_switch_passing_the_runs_click_to_its_input_is_the_runs(
    session: BrowserSession, site: LocalSite
) -> None:
    page = f"""<!doctype html><title>Checkout</title>{SUBMIT}
<div class=switch><input type=checkbox id=gift style="display:none" aria-label="Gift wrap">
<span id=knob onclick="gift.click()">Gift wrap</span></div>
<fieldset><legend>Shipping</legend>
<label><input type=radio name=ship value=Express id=exp onclick="ins.click()"> Express</label>
</fieldset>
<p><label><input type=checkbox id=ins> Add insurance (+15 EUR)</label></p>
<div><button type=button id=pick onclick="care.click()">Choose express care</button>
<input type=checkbox id=care aria-label="Extended warranty"></div>"""
    session.page.goto(site.add("/r25/switch", page))
    note_values_before(session)  # the run's first action on the page: its clicks are heard
    session.page.click("#knob")
    session.page.click("#exp")
    session.page.click("#pick")
    acted = {row[1]: (row[3], row[7]) for row in _evaluate(session.page) if len(row) > 7}
    assert acted["Gift wrap"] == ("checked", True)  # the run's, through the switch
    assert acted["Express"] == ("checked", True)  # the run's own click
    assert acted["Add insurance (+15 EUR)"] == ("checked", False)  # the page's doing
    assert acted["Extended warranty"] == ("checked", False)  # a button's, not the box's


# ------------------------------------------ 4: a list the page renders anew on each change


def _topics(names: Sequence[str], on: Sequence[str] = ()) -> str:
    """A React-like list of topic boxes, rendered anew (innerHTML) on every change."""
    return f"""<!doctype html><title>Topics</title><h1>Topics</h1>{SUBMIT}<ul id=list></ul>
<script>
const names = {list(names)!r}; const on = new Set({list(on)!r});
function render() {{
  list.innerHTML = names.map((n) => `<li><label><input type=checkbox value="${{n}}"
    ${{on.has(n) ? "checked" : ""}}> ${{n}}</label></li>`).join("");
}}
list.addEventListener("change", (e) => {{
  e.target.checked ? on.add(e.target.value) : on.delete(e.target.value); render(); }});
render();
</script>
<button type=button onclick="send('/topics', {{on: [...on].join(',')}})">Save</button>"""


def test_a_box_the_run_ticked_that_the_page_renders_anew_is_still_the_runs(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the topics page at url, tick the box named topic and press Save."
    task = Task(
        brief,
        name="r25",
        inputs={"url": str, "topic": str},
        outputs={"done": bool},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        provider=OutlineReader(
            ToolCall("navigate", {"url": {"$ref": "url"}}),
            lambda o: ToolCall("click", {"target": ref_of(o, 'checkbox "Music"')}),
            lambda o: ToolCall("click", {"target": ref_of(o, 'button "Save"')}),
            ToolCall("finish", {"done": True}),
        ),
    )
    site.requests.clear()
    task.run_agent(url=site.add("/r25/topics/rec", _topics(["Sports", "Music"])), topic="Music")
    assert _sent(site, "/topics") == ["/topics?on=Music"]

    def replay(key: str, page: str) -> str:
        site.requests.clear()
        again = Task(
            brief,
            name="r25",
            inputs={"url": str, "topic": str},
            outputs={"done": bool},
            actions=list(BROWSER_ACTIONS),
            recipe_dir=tmp_path,
            mock_responses=[],
        )
        try:
            again.run(url=site.add(f"/r25/topics/{key}", page), topic="Garden")
        except Exception:  # a stop before the effect
            return "stopped"
        assert again.last_run is not None
        return f"ran at {again.last_run.model_calls} calls"

    # the box the recipe ticks, rendered anew, is the run's: the others are as recorded
    assert replay("garden", _topics(["Garden", "Films"])) == "ran at 0 calls"
    assert _sent(site, "/topics") == ["/topics?on=Garden"]
    # another box the page shows pre-ticked is still one the run left alone
    assert replay("films", _topics(["Garden", "Films"], on=["Films"])) == "stopped"
    assert _sent(site, "/topics") == []


@pytest.mark.parametrize(
    ("anew", "acted"),
    [
        ('["Music"]', [("checked", True)]),  # the box rendered anew, as the run left it
        ('["Music", "Music"]', [("checked", False)] * 2),  # two of its name: not told apart
        ("[]", [("not checked", False)]),  # rendered anew in another state: not the run's
    ],
    ids=["one", "two-of-its-name", "other-state"],
)
def test_a_box_rendered_anew_is_the_runs_only_when_it_is_the_only_one_in_that_state(
    session: BrowserSession, site: LocalSite, anew: str, acted: list[tuple[str, bool]]
) -> None:
    # a click on "Music" renders the list anew: the boxes named in `anew` ticked
    page = f"""<!doctype html><title>Topics</title><ul id=list></ul><script>
function render(names, on) {{
  list.innerHTML = names.map((n) => `<li><label><input type=checkbox
    ${{on.includes(n) ? "checked" : ""}}> ${{n}}</label></li>`).join("");
}}
render(["Music"], []);
list.addEventListener("change", () => render({anew}.length ? {anew} : ["Music"], {anew}));
</script>"""
    session.page.goto(site.add(f"/r25/anew/{len(anew)}/{len(acted)}", page))
    note_values_before(session)  # the run's first action on the page: its clicks are heard
    session.page.get_by_role("checkbox", name="Music").click()
    rows = [(row[3], row[7]) for row in _evaluate(session.page) if row[1] == "Music"]
    assert rows == acted
