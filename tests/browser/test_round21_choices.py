"""Choice controls left alone before a submitting click, in real Chromium (red team round 20's
two open silent wrongs, rebuilt as tests):

- a sign-up page with two optional boxes the agent left unticked: replayed where one comes
  pre-ticked, the recipe stops before "Sign up" instead of submitting it ticked;
- a checkout whose "Shipping" group the agent left on Standard (it only pressed "Place order"):
  replayed where Express is pre-selected, the recipe stops before placing an Express order.

Boxes and options the run acted on are the run's: a list whose box the run ticks by the task's
input, among other random boxes, still replays at 0 model calls (MiniWoB's click-checkboxes and
click-option), and ``recipe test`` answers the new entries from the recorded run."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from browser_kit import SUBMIT, LocalSite, OutlineReader, ref_of

from compiler import compile_trace
from compiler.ir import LocatorExpr, load_trace
from runtime import Task, ToolCall
from runtime.browser import BROWSER_ACTIONS, BrowserSession, same_form
from runtime.browser.form_fields import LEFT_ALONE
from runtime.run.recorded_tests import run_recipe_tests

pytestmark = pytest.mark.slow

UNTICKED = 'left alone: every other checkbox = "not checked"'
STOPPED = r"left alone.* is in another state"
"""The side exit's message when a choice left alone is in another state."""


def _signup(offers: bool = False, share: bool = False) -> str:
    def box(key: str, name: str, on: bool) -> str:
        ticked = " checked" if on else ""
        return f"<p><label><input type='checkbox' id='{key}'{ticked}> {name}</label></p>"

    return f"""<!doctype html><title>Sign up</title><h1>Sign up</h1>{SUBMIT}
<p><label>Email <input id="email"></label></p>
{box("offers", "Send me offers", offers)}{box("share", "Share my data with partners", share)}
<button type="button" onclick="send('/signup', {{email: email.value,
  offers: offers.checked, share: share.checked}})">Sign up</button>"""


def _checkout(chosen: str | None = "Standard", legend: bool = True) -> str:
    radios = "".join(
        f"<label><input type='radio' name='ship' value='{o}'{' checked' if o == chosen else ''}>"
        f" {o}</label> "
        for o in ("Standard", "Express")
    )
    group = f"<fieldset><legend>Shipping</legend>{radios}</fieldset>" if legend else radios
    return f"""<!doctype html><title>Checkout</title><h1>Checkout</h1>{SUBMIT}
<p>1 lamp, 40 EUR</p>{group}
<button type="button" onclick="send('/order', {{ship:
  (document.querySelector('input[name=ship]:checked') || {{value: ''}}).value}})">Place order
</button>"""


def _topics(names: Sequence[str], ticked: Sequence[str] = ()) -> str:
    boxes = "".join(
        f"<li><label><input type='checkbox' value='{n}'{' checked' if n in ticked else ''}>"
        f" {n}</label></li>"
        for n in names
    )
    return f"""<!doctype html><title>Topics</title><h1>Topics</h1>{SUBMIT}<ul>{boxes}</ul>
<button type="button" onclick="send('/topics', {{on: [...document.querySelectorAll(
  'input:checked')].map((b) => b.value).join(',')}})">Save</button>"""


def _colours(names: Sequence[str]) -> str:
    radios = "".join(
        f"<p><label><input type='radio' name='c' value='{n}'> {n}</label></p>" for n in names
    )
    return f"""<!doctype html><title>Colour</title><h1>Colour</h1>{SUBMIT}{radios}
<button type="button" onclick="send('/colour', {{c:
  (document.querySelector('input:checked') || {{value: ''}}).value}})">Submit</button>"""


def _sent(site: LocalSite, path: str) -> list[str]:
    return [r for r in site.requests if r.startswith(path + "?")]


def _task(tmp_path: Path, name: str, brief: str, inputs: dict[str, Any], **options: Any) -> Task:
    return Task(
        brief,
        name=name,
        inputs=inputs,
        outputs={"done": bool},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


def _forms(folder: Path) -> list[tuple[str, tuple[str, ...] | None]]:
    trace = load_trace((folder / "trace.json").read_text("utf-8"))
    return [
        (s.action.name, a.form_fields)
        for s in trace.steps
        for a in s.args.values()
        if isinstance(a, LocatorExpr)
    ]


# --------------------------------------------------------------- 1: optional boxes left alone

SIGNUP = "Open the sign-up page at url, type email into Email and press Sign up."


def _record_signup(site: LocalSite, tmp_path: Path) -> Task:
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "url"}}),
        lambda o: ToolCall(
            "fill", {"target": ref_of(o, 'textbox "Email"'), "value": {"$ref": "email"}}
        ),
        lambda o: ToolCall("click", {"target": ref_of(o, 'button "Sign up"')}),
        ToolCall("finish", {"done": True}),
    )
    task = _task(tmp_path, "signup", SIGNUP, {"url": str, "email": str}, provider=model)
    task.run_agent(url=site.add("/signup/ana", _signup()), email="ana@x.io")
    assert _sent(site, "/signup") == ["/signup?email=ana%40x.io&offers=false&share=false"]
    site.requests.clear()
    return task


@pytest.mark.parametrize("ticked", ["offers", "share"])
def test_a_box_left_unticked_that_comes_pre_ticked_stops_before_sign_up(
    session: BrowserSession, site: LocalSite, tmp_path: Path, ticked: str
) -> None:
    _record_signup(site, tmp_path)
    folder = tmp_path / "signup"
    assert _forms(folder) == [("fill", None), ("click", ('textbox "Email" = ""', UNTICKED))]
    source = (folder / "recipe.py").read_text("utf-8")
    assert f"same_form(\n        page, ('textbox \"Email\" = \"\"', '{UNTICKED}')\n    )" in source

    replay = _task(tmp_path, "signup", SIGNUP, {"url": str, "email": str}, mock_responses=[])
    got = replay.run(url=site.add("/signup/ben", _signup()), email="ben@x.io")
    assert got.done and _sent(site, "/signup") == [
        "/signup?email=ben%40x.io&offers=false&share=false"
    ]
    assert replay.last_run is not None and replay.last_run.model_calls == 0
    site.requests.clear()

    page = site.add(f"/signup/cy-{ticked}", _signup(**{ticked: True}))
    with pytest.raises(Exception, match=STOPPED):
        replay.run(url=page, email="cy@x.io")
    assert _sent(site, "/signup") == []


# --------------------------------------------------------------- 2: a radio group left alone

CHECKOUT = "Open the checkout at url and press Place order."


def _record_checkout(site: LocalSite, tmp_path: Path, legend: bool = True) -> Task:
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "url"}}),
        lambda o: ToolCall("click", {"target": ref_of(o, 'button "Place order"')}),
        ToolCall("finish", {"done": True}),
    )
    task = _task(tmp_path, "checkout", CHECKOUT, {"url": str}, provider=model)
    task.run_agent(url=site.add(f"/checkout/rec-{legend}", _checkout(legend=legend)))
    assert _sent(site, "/order") == ["/order?ship=Standard"]
    site.requests.clear()
    return task


@pytest.mark.parametrize(
    ("legend", "group"), [(True, '"Shipping"'), (False, '("Standard", "Express")')]
)
def test_a_radio_group_left_alone_that_comes_otherwise_chosen_stops_before_the_order(
    session: BrowserSession, site: LocalSite, tmp_path: Path, legend: bool, group: str
) -> None:
    _record_checkout(site, tmp_path, legend)
    folder = tmp_path / "checkout"
    pinned = f'{LEFT_ALONE}radio group {group} = "Standard"'
    # No typing on the page: the guard holds the choices only.
    assert _forms(folder) == [("click", (UNTICKED, pinned))]

    replay = _task(tmp_path, "checkout", CHECKOUT, {"url": str}, mock_responses=[])
    assert replay.run(url=site.add(f"/checkout/same-{legend}", _checkout(legend=legend))).done
    assert _sent(site, "/order") == ["/order?ship=Standard"]
    assert replay.last_run is not None and replay.last_run.model_calls == 0
    site.requests.clear()

    for chosen in ("Express", None):
        page = site.add(f"/checkout/{chosen}-{legend}", _checkout(chosen, legend=legend))
        with pytest.raises(Exception, match=STOPPED):
            replay.run(url=page)
        assert _sent(site, "/order") == []


# --------------------------------------------------------------- 3: the run's own choices


@pytest.mark.parametrize("how", ["click", "check"])
def test_a_box_ticked_by_the_input_among_random_boxes_still_replays(
    session: BrowserSession, site: LocalSite, tmp_path: Path, how: str
) -> None:
    brief = "Open the topics page at url, tick the box named topic and press Save."
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "url"}}),
        lambda o: ToolCall(how, {"target": ref_of(o, 'checkbox "Music"')}),
        lambda o: ToolCall("click", {"target": ref_of(o, 'button "Save"')}),
        ToolCall("finish", {"done": True}),
    )
    inputs = {"url": str, "topic": str}
    task = _task(tmp_path, "topics", brief, inputs, provider=model)
    task.run_agent(url=site.add(f"/topics/{how}/0", _topics(["Sports", "Music"])), topic="Music")
    assert _sent(site, "/topics") == ["/topics?on=Music"]
    site.requests.clear()
    # The boxes left alone are one entry, not their names (other pages show other ones); the
    # page was typed into (a box ticked) and shows no form field.
    assert _forms(tmp_path / "topics")[-1] == ("click", ("(no form fields)", UNTICKED))

    replay = _task(tmp_path, "topics", brief, inputs, mock_responses=[])
    for i, (names, topic) in enumerate(
        [(["Cooking", "Films", "Garden", "Poetry"], "Garden"), (["Chess", "Yoga"], "Chess")]
    ):
        url = site.add(f"/topics/{how}/{i + 1}", _topics(names))
        assert replay.run(url=url, topic=topic).done
        assert _sent(site, "/topics") == [f"/topics?on={topic}"]
        assert replay.last_run is not None and replay.last_run.model_calls == 0
        site.requests.clear()

    # A box of the list that comes pre-ticked is one the agent never decided to submit.
    url = site.add(f"/topics/{how}/pre", _topics(["Films", "Garden"], ticked=["Films"]))
    with pytest.raises(Exception, match=STOPPED):
        replay.run(url=url, topic="Garden")
    assert _sent(site, "/topics") == []


def test_an_option_chosen_by_the_input_among_random_options_still_replays(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    brief = "Open the page at url, choose the option named colour and press Submit."
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "url"}}),
        lambda o: ToolCall("click", {"target": ref_of(o, 'radio "Blue"')}),
        lambda o: ToolCall("click", {"target": ref_of(o, 'button "Submit"')}),
        ToolCall("finish", {"done": True}),
    )
    inputs = {"url": str, "colour": str}
    task = _task(tmp_path, "colour", brief, inputs, provider=model)
    task.run_agent(url=site.add("/colour/0", _colours(["Red", "Blue", "Green"])), colour="Blue")
    assert _sent(site, "/colour") == ["/colour?c=Blue"]
    site.requests.clear()
    # The group the run chose in is the run's: not pinned.
    assert _forms(tmp_path / "colour")[-1] == ("click", ("(no form fields)", UNTICKED))

    replay = _task(tmp_path, "colour", brief, inputs, mock_responses=[])
    assert replay.run(url=site.add("/colour/1", _colours(["Pink", "Teal", "Gray"])), colour="Teal")
    assert _sent(site, "/colour") == ["/colour?c=Teal"]
    assert replay.last_run is not None and replay.last_run.model_calls == 0


# --------------------------------------------------------------- 4: recipe test, old traces


def test_recipe_test_answers_the_choices_from_the_recorded_run(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    signup = _record_signup(site, tmp_path)
    checkout = _record_checkout(site, tmp_path)
    for task in (signup, checkout):
        report = run_recipe_tests(task.folder)
        assert report.ok and len(report.outcomes) == 1


def test_traces_without_the_choices_keep_their_guards(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record_checkout(site, tmp_path)
    _record_signup(site, tmp_path)
    for name, kept in (("checkout", False), ("signup", True)):
        trace = load_trace((tmp_path / name / "trace.json").read_text("utf-8"))
        old = json.loads(trace.model_dump_json())
        for step in old["steps"]:
            for arg in step["args"].values():
                if isinstance(arg, dict) and arg.get("form_fields"):
                    fields = [f for f in arg["form_fields"] if not f.startswith(LEFT_ALONE)]
                    arg["form_fields"] = fields or None
        source = compile_trace(load_trace(json.dumps(old))).source
        assert ("same_form" in source) is kept and "left alone" not in source
    # The old sign-up guard names the Email field only: a pre-ticked box passes it, as before.
    session.page.goto(site.add("/signup/old", _signup(share=True)))
    assert same_form(session.page, ('textbox "Email" = ""',))
    assert not same_form(session.page, ('textbox "Email" = ""', UNTICKED))


def test_same_form_reads_switches_and_ticked_boxes_by_name(
    session: BrowserSession, site: LocalSite
) -> None:
    page = session.page
    page.goto(
        site.add(
            "/prefs",
            "<!doctype html><title>Prefs</title>"
            "<div role='switch' aria-checked='true' aria-label='Dark mode' tabindex='0'></div>"
            "<label><input type='checkbox' checked> Keep me signed in</label>"
            "<label><input type='checkbox'> Newsletter</label>"
            "<div role='radiogroup' aria-label='Size'><div role='radio' aria-checked='false'>S"
            "</div><div role='radio' aria-checked='true'>M</div></div>"
            "<button>Save</button>",
        )
    )
    entries = (
        UNTICKED,
        'left alone: switch "Dark mode" = "checked"',
        'left alone: checkbox "Keep me signed in" = "checked"',
        'left alone: radio group "Size" = "M"',
    )
    assert same_form(page, entries) and same_form(page, tuple(reversed(entries)))
    page.evaluate("document.querySelector('[role=switch]').setAttribute('aria-checked', 'false')")
    assert not same_form(page, entries)
    assert same_form(page, tuple(e for e in entries if "Dark mode" not in e))
