"""Round-4 red-team browser tasks (served on 127.0.0.1, real Chromium), each once a silent wrong:

- a choice read off the page (the plan the page recommends, the cheapest delivery, the first
  two topics listed, a one-time code the page shows) replayed as a fixed name or value;
- "Subscribe" found by a loose name that also matches "Unsubscribe";
- a checkbox of the group "Reviewers" whose name the group "Watchers" shows too.

Each page takes a seed in its URL that decides the instance (what it asks, its order).

    cd bench && python -c "from control_flow_tasks import redteam_web4 as m; m.serve_forever()"
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from typing import Any

from miniwob_kit.outline import Outline

from runtime import AIResponse

from . import Case, Expected, HeldOut
from ._site_kit import (
    PAGE,
    PageReader,
    Route,
    SitePage,
    answer,
    ref_of,
    routed_site,
    seed_of,
    shuffled,
)
from ._site_kit import browser_task as _task
from ._site_kit import save as _save
from ._site_kit import words as _words

PEOPLE = ["Ana", "Bob", "Cy", "Dana", "Eli"]
PLANS = ["Starter", "Team", "Business", "Enterprise"]
TOPICS = ["Jazz", "Opera", "Rock", "Folk", "Blues", "Soul", "Funk"]
DELIVERY = {
    1: [("Standard", 4.90), ("Express", 9.90), ("Pickup", 0.00), ("Next day", 12.00)],
    2: [("Pickup", 2.50), ("Standard", 4.90), ("Locker", 1.50), ("Express", 9.90)],
    3: [("Express", 9.90), ("Standard", 3.90), ("Pickup", 0.00)],
    4: [("Next day", 12.00), ("Pickup", 1.00), ("Standard", 0.00)],
}


def _on_change(selector: str, parts: str) -> str:
    """Script: each of ``selector``'s inputs notes an effect (``parts``) when it changes."""
    return (
        f"for (const b of document.querySelectorAll({json.dumps(selector)}))"
        f' b.addEventListener("change", () => {_save(parts)});'
    )


# --------------------------------------------------------------------------- the site


def plan_page(seed: int) -> str:
    """A radio group of plans (shuffled by seed); a line of text names the recommended one."""
    rec = PLANS[seed % len(PLANS)]
    radios = "".join(
        f'<li><label><input type="radio" name="plan" value="{p}"> {p}</label></li>'
        for p in shuffled(PLANS, seed)
    )
    body = (
        f'<p id="rec">Based on your usage we recommend the <b>{rec}</b> plan.</p>'
        f'<fieldset><legend>Plan</legend><ul style="list-style:none">{radios}</ul></fieldset>'
        '<button type="button" id="go">Continue</button>'
    )
    script = (
        'document.getElementById("go").addEventListener("click", () => {'
        ' const c = document.querySelector("input[name=plan]:checked"); '
        + _save(f'"plan", {seed}, c ? c.value : null')
        + "; });"
    )
    return PAGE.format(title="Choose a plan", body=body, script=script)


def code_of(seed: int) -> str:
    r = random.Random(seed * 7 + 1)
    return f"{r.randint(1000, 9999)}-{r.choice('ABCDEFGHJK')}{r.choice('LMNPQRSTUV')}"


def code_page(seed: int) -> str:
    body = (
        f'<p>Your one-time code is <b id="code">{code_of(seed)}</b>. Type it below.</p>'
        '<p><label>Code <input name="code" type="text"></label></p>'
        '<button type="button" id="ok">Confirm</button>'
    )
    typed = 'document.querySelector("input[name=code]").value'
    script = (
        'document.getElementById("ok").addEventListener("click", () => '
        + _save(f'"code", {seed}, {typed}')
        + ");"
    )
    return PAGE.format(title="Confirm your sign-in", body=body, script=script)


def _group(kind: str, people: list[str]) -> str:
    boxes = "".join(
        f'<li><label><input type="checkbox" data-kind="{kind}" value="{p}"> {p}</label></li>'
        for p in people
    )
    return f'<fieldset><legend>{kind}</legend><ul style="list-style:none">{boxes}</ul></fieldset>'


_PEOPLE_SCRIPT = _on_change("input[type=checkbox]", '"people", b.dataset.kind, b.value, b.checked')


def watch_page(seed: int) -> str:
    """Two groups with the same names: Reviewers and Watchers (swapped on odd seeds)."""
    groups = [_group("Reviewers", PEOPLE), _group("Watchers", PEOPLE)]
    if seed % 2:
        groups.reverse()
    body = "<p>Pull request #12.</p>" + "".join(groups)
    return PAGE.format(title="Pull request", body=body, script=_PEOPLE_SCRIPT)


def pr_page(seed: int) -> str:
    """Reviewers lists everyone but the author (PEOPLE[seed % 5]); Watchers lists everyone."""
    author = PEOPLE[seed % len(PEOPLE)]
    body = (
        f"<p>Pull request by {author}.</p>"
        + _group("Reviewers", [p for p in PEOPLE if p != author])
        + _group("Watchers", PEOPLE)
    )
    return PAGE.format(title="Pull request", body=body, script=_PEOPLE_SCRIPT)


def cheap_page(seed: int) -> str:
    rows = "".join(
        f'<tr><td><label><input type="radio" name="d" value="{n}"> {n}</label></td>'
        f"<td>{p:.2f} EUR</td></tr>"
        for n, p in DELIVERY[seed]
    )
    body = (
        "<fieldset><legend>Delivery</legend><table><thead><tr><th>Option</th><th>Price</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></fieldset>"
    )
    script = _on_change("input[name=d]", f'"deliver", {seed}, b.value')
    return PAGE.format(title="Delivery", body=body, script=script)


def channel_page(seed: int) -> str:
    """A Subscribe button, or Unsubscribe (even seeds: already subscribed), and Share."""
    subscribed = seed % 2 == 0
    label = "Unsubscribe" if subscribed else "Subscribe"
    body = (
        f"<p>Channel {seed}: weekly notes.</p>"
        f'<button type="button" id="b">{label}</button> '
        '<button type="button" id="s">Share</button>'
    )
    script = (
        'document.getElementById("b").addEventListener("click", () => '
        + _save(f"{json.dumps(label.lower())}, {seed}")
        + ");"
    )
    return PAGE.format(title="Channel", body=body, script=script)


def topics_page(seed: int) -> str:
    boxes = "".join(
        f'<li><label><input type="checkbox" value="{t}"> {t}</label></li>'
        for t in shuffled(TOPICS, seed)
    )
    body = f'<p>Featured topics this week.</p><ul style="list-style:none">{boxes}</ul>'
    script = _on_change("input[type=checkbox]", '"follow", b.value')
    return PAGE.format(title="Topics", body=body, script=script)


ROUTES: dict[str, Route] = {
    "plan": plan_page,
    "code": code_page,
    "watch": watch_page,
    "pr": pr_page,
    "cheap": cheap_page,
    "channel": channel_page,
    "topics": topics_page,
}


SITE = routed_site(ROUTES)


class Page(SitePage):
    """A page of this module's :data:`SITE`, as the URL input of a task."""

    site = SITE


def serve_forever() -> None:
    """Serve the pages until interrupted (to look at them in a browser)."""
    with SITE.running():
        print(SITE.url("/plan/5"), SITE.url("/watch/2"), SITE.url("/channel/1"))
        input("Enter to stop. ")


# --------------------------------------------------------------------------- the plan recommended


def plan_stand_in(inputs: dict[str, Any]) -> PageReader:
    chosen: list[str] = []

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the plan page.", "navigate", url={"$ref": "plan_url"})
        if n == 1:
            rec = next(p for p in PLANS if f"recommend the {p} plan" in _words(page))
            chosen.append(rec)
            return answer(
                f"The page recommends the {rec} plan; I choose it.",
                "check",
                target=ref_of(page.first("radio", rec), rec),
            )
        if n == 2:
            return answer(
                "I press Continue.", "click", target=ref_of(page.first("button", "Continue"), "c")
            )
        return answer(f"I chose {chosen[0]}.", "finish", plan=chosen[0])

    return PageReader(policy)


def plan_read_stand_in(inputs: dict[str, Any]) -> PageReader:
    """The same, reading the recommendation with ``read_text`` first."""
    chosen: list[str] = []

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the plan page.", "navigate", url={"$ref": "plan_url"})
        if n == 1:
            node = next(x for x in page.nodes if x.ref and "recommend" in x.label)
            return answer("I read the recommendation.", "read_text", target=node.ref)
        if n == 2:
            rec = next(p for p in PLANS if f"the {p} plan" in _words(page))
            chosen.append(rec)
            return answer(
                f"The recommendation names {rec}; I choose it.",
                "check",
                target=ref_of(page.first("radio", rec), rec),
            )
        if n == 3:
            return answer(
                "I press Continue.", "click", target=ref_of(page.first("button", "Continue"), "c")
            )
        return answer(f"I chose {chosen[0]}.", "finish", plan=chosen[0])

    return PageReader(policy)


def _plan(url: str) -> str:
    return PLANS[seed_of(url) % 4]


PLAN_CASE = Case(
    task=_task(
        "Open the plan page at plan_url, choose the plan the page recommends, and press "
        "Continue. Report the plan you chose.",
        "choose_recommended_plan",
        {"plan_url": str},
        {"plan": str},
    ),
    features=("choice read off the page",),
    recorded={"plan_url": Page("/plan/5")},  # 5 % 4 = 1: Team
    stand_in=plan_stand_in,
    serve=SITE.running,
    reference=lambda i: Expected(
        [("plan", seed_of(i["plan_url"]), _plan(i["plan_url"]))], {"plan": _plan(i["plan_url"])}
    ),
    held_out=[
        HeldOut("Team again, other order", {"plan_url": Page("/plan/9")}),
        HeldOut("recommends Business", {"plan_url": Page("/plan/6")}),
        HeldOut("recommends Starter", {"plan_url": Page("/plan/4")}),
    ],
)

PLAN_READ_CASE = replace(
    PLAN_CASE,
    task=_task(
        "Open the plan page at plan_url, choose the plan the page recommends, and press "
        "Continue. Report the plan you chose.",
        "plan_after_reading",
        {"plan_url": str},
        {"plan": str},
    ),
    features=("choice read off the page", "read first"),
    stand_in=plan_read_stand_in,
)

# --------------------------------------------------------------------------- a one-time code


def code_stand_in(inputs: dict[str, Any]) -> PageReader:
    seen: list[str] = []

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the confirmation page.", "navigate", url={"$ref": "confirm_url"})
        if n == 1:
            found = re.search(r"\d{4}-[A-Z]{2}", page.text)
            assert found is not None
            seen.append(found.group(0))
            return answer(
                f"The page shows the code {seen[0]}; I type it.",
                "fill",
                target=ref_of(page.first("textbox", "Code"), "Code"),
                value=seen[0],
            )
        if n == 2:
            return answer(
                "I press Confirm.", "click", target=ref_of(page.first("button", "Confirm"), "c")
            )
        return answer("Confirmed.", "finish", code=seen[0])

    return PageReader(policy)


def _code(url: str) -> str:
    return code_of(seed_of(url))


CODE_CASE = Case(
    task=_task(
        "Open the sign-in confirmation at confirm_url, type the one-time code the page shows "
        "into the Code field and press Confirm. Report the code.",
        "type_one_time_code",
        {"confirm_url": str},
        {"code": str},
    ),
    features=("value typed from the page",),
    recorded={"confirm_url": Page("/code/1")},
    stand_in=code_stand_in,
    serve=SITE.running,
    reference=lambda i: Expected(
        [("code", seed_of(i["confirm_url"]), _code(i["confirm_url"]))],
        {"code": _code(i["confirm_url"])},
    ),
    held_out=[
        HeldOut("other code", {"confirm_url": Page("/code/2")}),
        HeldOut("other code 3", {"confirm_url": Page("/code/3")}),
        HeldOut("the recorded page again", {"confirm_url": Page("/code/1")}),
    ],
)

# --------------------------------------------------------------------------- the same name twice


def reviewer_stand_in(inputs: dict[str, Any]) -> PageReader:
    who = inputs["reviewer"]

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the pull request.", "navigate", url={"$ref": "pr_url"})
        if n == 1:
            group = next(g for g in page.all("group") if g.label == "Reviewers")
            box = next(
                (c for c in page.children(group) if c.role == "checkbox" and c.label == who), None
            )
            if box is None:
                return answer(f"{who} is not offered as a reviewer.", "finish", done=False)
            return answer(f"I tick {who} under Reviewers.", "check", target=ref_of(box, who))
        return answer("Done.", "finish", done=True)

    return PageReader(policy)


WATCH_CASE = Case(
    task=_task(
        "Open the pull request at pr_url and tick reviewer in its Reviewers list (not in "
        "Watchers). Report done=true.",
        "tick_reviewer_group",
        {"pr_url": str, "reviewer": str},
        {"done": bool},
    ),
    features=("same label in two groups", "groups swapped"),
    recorded={"pr_url": Page("/watch/2"), "reviewer": "Bob"},
    stand_in=reviewer_stand_in,
    serve=SITE.running,
    reference=lambda i: Expected([("people", "Reviewers", i["reviewer"], True)], {"done": True}),
    held_out=[
        HeldOut("groups swapped", {"pr_url": Page("/watch/1"), "reviewer": "Bob"}),
        HeldOut("other person, swapped", {"pr_url": Page("/watch/3"), "reviewer": "Dana"}),
        HeldOut("other person", {"pr_url": Page("/watch/4"), "reviewer": "Ana"}),
    ],
)


def _offered(i: dict[str, Any]) -> Expected:
    if i["reviewer"] == PEOPLE[seed_of(i["pr_url"]) % 5]:
        return Expected([], {"done": False})
    return Expected([("people", "Reviewers", i["reviewer"], True)], {"done": True})


OFFERED_CASE = Case(
    task=_task(
        "Open the pull request at pr_url and tick reviewer in its Reviewers list (never in "
        "Watchers). If the Reviewers list does not offer reviewer (an author cannot review "
        "their own pull request), tick nothing and report done=false; else report done=true.",
        "reviewer_if_offered",
        {"pr_url": str, "reviewer": str},
        {"done": bool},
    ),
    features=("same label in two groups", "missing from one"),
    recorded={"pr_url": Page("/pr/0"), "reviewer": "Bob"},
    stand_in=reviewer_stand_in,
    serve=SITE.running,
    reference=_offered,
    held_out=[
        HeldOut("Bob is the author", {"pr_url": Page("/pr/1"), "reviewer": "Bob"}),
        HeldOut("Cy is the author", {"pr_url": Page("/pr/2"), "reviewer": "Cy"}),
        HeldOut("Dana, author Ana", {"pr_url": Page("/pr/5"), "reviewer": "Dana"}),
    ],
)

# --------------------------------------------------------------------------- the cheapest option


def cheap_stand_in(inputs: dict[str, Any]) -> PageReader:
    chosen: list[str] = []

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the delivery form.", "navigate", url={"$ref": "form_url"})
        if n == 1:
            priced = []
            for row in page.all("row"):
                kids = list(page.children(row))
                radio = next((k for k in kids if k.role == "radio"), None)
                price = next((k for k in kids if k.role == "cell" and "EUR" in k.label), None)
                if radio and price:
                    priced.append((float(price.label.split()[0]), radio))
            cost, radio = min(priced, key=lambda p: p[0])
            chosen.append(radio.label)
            return answer(
                f"{radio.label} is the cheapest ({cost:.2f} EUR); I choose it.",
                "check",
                target=ref_of(radio, "radio"),
            )
        return answer("Chosen.", "finish", option=chosen[0])

    return PageReader(policy)


def _cheapest(i: dict[str, Any]) -> Expected:
    seed = seed_of(i["form_url"])
    name = min(DELIVERY[seed], key=lambda x: x[1])[0]
    return Expected([("deliver", seed, name)], {"option": name})


CHEAP_CASE = Case(
    task=_task(
        "Open the delivery form at form_url and choose the cheapest delivery option. Report "
        "its name.",
        "cheapest_delivery_option",
        {"form_url": str},
        {"option": str},
    ),
    features=("decision from page data",),
    recorded={"form_url": Page("/cheap/1")},
    stand_in=cheap_stand_in,
    serve=SITE.running,
    reference=_cheapest,
    held_out=[
        HeldOut("Pickup again, other order", {"form_url": Page("/cheap/3")}),
        HeldOut("Locker cheapest", {"form_url": Page("/cheap/2")}),
        HeldOut("Standard free", {"form_url": Page("/cheap/4")}),
    ],
)

# --------------------------------------------------------------------------- Subscribe


def subscribe_stand_in(inputs: dict[str, Any]) -> PageReader:
    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the channel.", "navigate", url={"$ref": "channel_url"})
        if n == 1:
            button = page.first("button", "Subscribe")
            if button is None:
                return answer("Already subscribed.", "finish", pressed=False)
            return answer("I press Subscribe.", "click", target=ref_of(button, "Subscribe"))
        return answer("Subscribed.", "finish", pressed=True)

    return PageReader(policy)


def _subscribed(i: dict[str, Any]) -> Expected:
    seed = seed_of(i["channel_url"])
    if seed % 2 == 0:
        return Expected([], {"pressed": False})
    return Expected([("subscribe", seed)], {"pressed": True})


SUBSCRIBE_CASE = Case(
    task=_task(
        "Open the channel page at channel_url and press Subscribe. If the page offers no "
        "Subscribe button (you are already subscribed), press nothing. Report pressed=true if "
        "you pressed it.",
        "press_subscribe",
        {"channel_url": str},
        {"pressed": bool},
    ),
    features=("constant name, part of another",),
    recorded={"channel_url": Page("/channel/1")},
    stand_in=subscribe_stand_in,
    serve=SITE.running,
    reference=_subscribed,
    held_out=[
        HeldOut("another channel", {"channel_url": Page("/channel/3")}),
        HeldOut("already subscribed", {"channel_url": Page("/channel/4")}),
        HeldOut("a third channel", {"channel_url": Page("/channel/5")}),
    ],
)

# --------------------------------------------------------------------------- the first two listed


def first_two_stand_in(inputs: dict[str, Any]) -> PageReader:
    got: list[str] = []

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the topics page.", "navigate", url={"$ref": "topics_url"})
        if n <= 2:
            box = page.all("checkbox")[n - 1]
            got.append(box.label)
            which = "first" if n == 1 else "second"
            return answer(
                f"{box.label} is listed {which}; I follow it.", "check", target=ref_of(box, "box")
            )
        return answer("Followed the first two.", "finish", followed=list(got))

    return PageReader(policy)


def _first_two(url: str) -> list[str]:
    return shuffled(TOPICS, seed_of(url))[:2]


FIRST_TWO_CASE = Case(
    task=_task(
        "Open the topics page at topics_url and follow the first two topics it lists (tick "
        "their boxes). Report the topics you followed.",
        "follow_first_two",
        {"topics_url": str},
        {"followed": list[str]},
    ),
    features=("position on a reordered page",),
    recorded={"topics_url": Page("/topics/1")},
    stand_in=first_two_stand_in,
    serve=SITE.running,
    reference=lambda i: Expected(
        [("follow", t) for t in _first_two(i["topics_url"])],
        {"followed": _first_two(i["topics_url"])},
    ),
    held_out=[
        HeldOut("other order", {"topics_url": Page("/topics/2")}),
        HeldOut("listed order", {"topics_url": Page("/topics/0")}),
        HeldOut("a third order", {"topics_url": Page("/topics/3")}),
    ],
)

CASES = [
    PLAN_CASE,
    PLAN_READ_CASE,
    CODE_CASE,
    WATCH_CASE,
    OFFERED_CASE,
    CHEAP_CASE,
    SUBSCRIBE_CASE,
    FIRST_TWO_CASE,
]

NEW_PATHS: dict[str, set[str]] = {
    # The recording ticked or pressed; these inputs must change nothing.
    "reviewer_if_offered": {"Bob is the author", "Cy is the author"},
    "press_subscribe": {"already subscribed"},
}
"""Held-out inputs whose right replay takes a path the recording never took."""
