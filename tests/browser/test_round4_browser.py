"""Round-4 red-team browser fixes: a name recorded exactly when that alone finds the element (a
replay never takes "Unsubscribe" for "Subscribe"), a checkbox recorded inside its named group
(Reviewers, not Watchers), and a choice the agent read off the page replayed only while what it
read is unchanged (else a side exit before it)."""

from __future__ import annotations

from typing import Any

import pytest
from browser_kit import LocalSite, ref_of

from compiler import compile_trace
from compiler.ir import LocatorCandidate, LocatorExpr, OutputSpec, Step, Trace, TypeRef
from compiler.locators import DataValues, bind_locator, render_candidate, render_locator
from runtime.browser import BrowserSession, LocatorError, find, navigate, snapshot_for_model
from runtime.browser.locators import (
    OTHER_NAME,
    locator_expr_for_ref,
    other_by_substring,
    playwright_locator,
)
from tests.compiler.trace_kit import STR, action, call, finish, read_only, returning, trace

pytestmark = pytest.mark.slow

CHANNEL = """<!doctype html><title>Channel</title>
<p>Weekly notes.</p><button type="button" id="b">{label}</button>
<button type="button" id="s">Share</button>"""

GROUPS = """<!doctype html><title>Pull request</title>
{groups}"""


def _group(kind: str, people: list[str]) -> str:
    boxes = "".join(
        f'<li><label><input type="checkbox" value="{p}"> {p}</label></li>' for p in people
    )
    return f"<fieldset><legend>{kind}</legend><ul>{boxes}</ul></fieldset>"


def _quoted(source: str) -> str:
    """Source with its string literals in double quotes (as black writes them)."""
    return source.replace("'", '"')


def _record(session: BrowserSession, url: str, line: str) -> LocatorExpr:
    navigate(url)
    expr, _ = locator_expr_for_ref(session.page, ref_of(snapshot_for_model() or "", line))
    return expr


# --------------------------------------------------------------------------- B: exact names


def test_a_name_is_recorded_exact_when_that_alone_finds_the_element(
    session: BrowserSession, site: LocalSite
) -> None:
    expr = _record(session, site.add("/sub", CHANNEL.format(label="Subscribe")), 'button "Sub')
    first = expr.candidates[0]
    assert (first.strategy, first.name, first.exact) == ("role", "Subscribe", True)
    rendered = _quoted(render_candidate(first))
    assert rendered == 'page.get_by_role("button", name="Subscribe", exact=True)'


def test_no_locator_of_subscribe_presses_unsubscribe(
    session: BrowserSession, site: LocalSite
) -> None:
    expr = _record(session, site.add("/sub1", CHANNEL.format(label="Subscribe")), 'button "Sub')
    assert any(c.strategy == "css" and c.value == "#b" for c in expr.candidates)
    navigate(site.add("/unsub", CHANNEL.format(label="Unsubscribe")))
    page = session.page
    found = find(*(playwright_locator(page, c) for c in expr.candidates), timeout_s=0.5)
    with pytest.raises(LocatorError, match="inside a longer word"):
        found.resolve()
    assert OTHER_NAME in dict(session.locator_reports[-1].tried).values()


def test_a_loose_name_recorded_earlier_never_finds_a_longer_word(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/unsub2", CHANNEL.format(label="Unsubscribe")))
    page = session.page
    with pytest.raises(LocatorError, match="inside a longer word"):
        find(page.get_by_role("button", name="Subscribe"), timeout_s=0.5).resolve()
    navigate(site.add("/sub2", CHANNEL.format(label="Subscribe now")))
    find(page.get_by_role("button", name="Subscribe"), timeout_s=0.5).resolve()  # reworded


def test_other_by_substring() -> None:
    assert other_by_substring("Subscribe", "Unsubscribe")
    assert other_by_substring("Item 1", "Item 10")
    assert not other_by_substring("Search", "Search now")  # a reworded button
    assert not other_by_substring("Pay", "Pay")


# --------------------------------------------------------------------------- C: group scope


def test_a_checkbox_is_recorded_inside_its_named_group(
    session: BrowserSession, site: LocalSite
) -> None:
    people = ["Ana", "Bob"]
    html = GROUPS.format(groups=_group("Reviewers", people) + _group("Watchers", people))
    navigate(site.add("/pr", html))
    outline = snapshot_for_model() or ""
    # The first "Bob" checkbox of the outline is the Reviewers' one.
    expr, _ = locator_expr_for_ref(session.page, ref_of(outline, 'checkbox "Bob"'))
    first = expr.candidates[0]
    assert first.within == 'internal:role=group[name="Reviewers"s]'
    data = DataValues(description="Tick reviewer in the Reviewers list.")
    data.add_input("reviewer", "Bob")
    bound, _ = bind_locator(expr, data)
    assert all(c.within == first.within for c in bound.candidates)
    source = _quoted(render_locator(bound, data=lambda e: "reviewer"))
    assert source.startswith(
        'find(page.get_by_role("group", name="Reviewers", exact=True)'
        '.get_by_role("checkbox", name=reviewer, exact=True)'
    )

    def named(who: str) -> list[LocatorCandidate]:
        return [c.model_copy(update={"name": who, "text_from": None}) for c in bound.candidates]

    # Groups swapped: still the Reviewers' box; not offered there: no element at all.
    swapped_html = GROUPS.format(groups=_group("Watchers", people) + _group("Reviewers", people))
    navigate(site.add("/pr2", swapped_html))
    swapped = session.page
    locator = playwright_locator(swapped, named("Ana")[0])
    assert locator.count() == 1
    assert locator.evaluate("el => el.closest('fieldset').querySelector('legend').textContent") == (
        "Reviewers"
    )
    html3 = GROUPS.format(groups=_group("Reviewers", ["Ana"]) + _group("Watchers", people))
    navigate(site.add("/pr3", html3))
    assert playwright_locator(session.page, named("Bob")[0]).count() == 0


def test_text_of_data_keeps_the_recorded_scope() -> None:
    """The ``_DESCRIBED`` branch (no candidate showed the data): the text looked up inside the
    scope a recorded candidate had."""
    scope = 'internal:role=group[name="Reviewers"s]'
    expr = LocatorExpr(
        candidates=(
            LocatorCandidate(strategy="css", value="fieldset:nth-of-type(1) li:nth-of-type(2)"),
            LocatorCandidate(strategy="xpath", value="/html/body/fieldset[1]/ul/li[2]"),
            LocatorCandidate(strategy="role", value="list", within=scope),
        ),
        description='checkbox "Bob"',
    )
    data = DataValues()
    data.add_input("reviewer", "Bob")
    bound, _ = bind_locator(expr, data)
    assert [(c.strategy, c.within) for c in bound.candidates] == [("text", scope)]


# --------------------------------------------------------------------------- A: page choices

CHECK = action("check", module="runtime.browser.actions")
NAVIGATE = action("navigate", module="runtime.browser.actions")
FILL = action("fill", module="runtime.browser.actions")
READ = read_only("read_text", module="runtime.browser.actions")


def _radio(name: str) -> LocatorExpr:
    return LocatorExpr(
        candidates=(
            LocatorCandidate(strategy="role", value="radio", name=name, exact=True),
            LocatorCandidate(strategy="css", value="li:nth-of-type(2) > label > input"),
        ),
        description=f'radio "{name}"',
    )


def _page_trace(*steps: Step, description: str, inputs: dict[str, Any] | None = None) -> Trace:
    values = {"plan_url": "http://127.0.0.1/plan/5", **(inputs or {})}
    return trace(
        call(0, NAVIGATE, url=values["plan_url"]),
        *steps,
        finish(len(steps) + 1, result=None),
        name="plan_task",
        description=description,
        inputs=dict.fromkeys(values, STR),
        values=values,
        outputs=OutputSpec(single=TypeRef(annotation="None")),
    )


def _body(t: Trace) -> str:
    return compile_trace(t).source.split("def plan_task", 1)[1]


def test_a_choice_read_off_the_page_stops_before_it() -> None:
    t = _page_trace(
        call(1, CHECK, target=_radio("Team")),
        description="Open plan_url and choose the plan the page recommends.",
    )
    body = _body(t)
    assert body.index("raise SideExit(") < body.index("check(")
    assert 'radio "Team"' in body and "by reading the page" in body


def test_a_choice_after_a_read_holding_it_is_guarded_by_that_read() -> None:
    text = "Based on your usage we recommend the Team plan."
    read = LocatorExpr(
        candidates=(LocatorCandidate(strategy="css", value="#rec"),), description="paragraph"
    )
    t = _page_trace(
        returning(call(1, READ, target=read), text, "str"),
        call(2, CHECK, target=_radio("Team")),
        description="Open plan_url and choose the plan the page recommends.",
    )
    body = _body(t)
    assert "read_text(" in body  # kept: the guard reads it
    assert f'== "{text}"):' in body
    assert body.index(f'== "{text}"') < body.index("check(")


def test_a_value_typed_from_the_page_stops_before_it() -> None:
    box = LocatorExpr(
        candidates=(LocatorCandidate(strategy="role", value="textbox", name="Code"),),
        description='textbox "Code"',
    )
    t = _page_trace(
        call(1, FILL, target=box, value="4714-FS"),
        description="Type the one-time code the page shows into the Code field.",
    )
    body = _body(t)
    assert body.index("raise SideExit(") < body.index("fill(")


@pytest.mark.parametrize(
    ("description", "inputs"),
    [
        ("Open plan_url and choose the Team plan.", {}),  # the task writes it
        ("Open plan_url and choose plan.", {"plan": "Team"}),  # an input names it
    ],
)
def test_a_choice_the_task_explains_is_replayed(description: str, inputs: dict[str, Any]) -> None:
    t = _page_trace(call(1, CHECK, target=_radio("Team")), description=description, inputs=inputs)
    assert "SideExit" not in _body(t)
