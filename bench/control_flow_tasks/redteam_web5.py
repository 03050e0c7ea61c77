"""Round-5 red-team browser tasks (served on 127.0.0.1, real Chromium), each once a silent wrong:

- a plan chosen by a "Choose Team" button, or by clicking its card's text, among alike ones;
- a choice whose only explanation is words that name every option (the task's list of plans, a
  sizing guidance read off the page);
- a quantity typed as a short literal that merely equalled an input;
- a toggle (a Star button, a switch) clicked though it is already on.

Each page takes a seed in its URL that decides the instance.
"""

from __future__ import annotations

import re

from . import Case, Expected, HeldOut
from ._site_kit import (
    PAGE,
    PageReader,
    Route,
    SitePage,
    answer,
    ref_of,
    routed_site,
    router,
    save,
    seed_of,
    shuffled,
    words,
)
from ._site_kit import browser_task as T
from .redteam_web4 import plan_stand_in as planr_stand_in

PLANS = ["Starter", "Team", "Business", "Enterprise"]

ROUTES: dict[str, Route] = {}
route = router(ROUTES)
SITE = routed_site(ROUTES)


class Page(SitePage):
    site = SITE


_BY_NAME: dict[str, Case] = {}


def add(case: Case) -> Case:
    _BY_NAME[case.task.name] = case
    return case


# ------ 1. plan chosen by a BUTTON
@route("planbtn")
def planbtn_page(seed: int) -> str:
    rec = PLANS[seed % 4]
    cards = "".join(
        f'<li><b>{p}</b> <button type="button" data-p="{p}">Choose {p}</button></li>'
        for p in shuffled(PLANS, seed)
    )
    body = (
        f"<p>Based on your usage we recommend the <b>{rec}</b> plan.</p>"
        f'<ul style="list-style:none">{cards}</ul>'
    )
    script = (
        'for (const b of document.querySelectorAll("button[data-p]"))'
        ' b.addEventListener("click", () => ' + save(f'"plan", {seed}, b.dataset.p') + ");"
    )
    return PAGE.format(title="Choose a plan", body=body, script=script)


def planbtn_stand_in(inputs):
    chosen = []

    def policy(page, n):
        if n == 0:
            return answer("I open the plan page.", "navigate", url={"$ref": "plan_url"})
        if n == 1:
            rec = next(p for p in PLANS if f"recommend the {p} plan" in words(page))
            chosen.append(rec)
            return answer(
                f"The page recommends the {rec} plan; I press Choose {rec}.",
                "click",
                target=ref_of(page.first("button", f"Choose {rec}"), rec),
            )
        return answer(f"I chose {chosen[0]}.", "finish", plan=chosen[0])

    return PageReader(policy)


def _planrec(i):
    s = seed_of(i["plan_url"])
    return Expected([("plan", s, PLANS[s % 4])], {"plan": PLANS[s % 4]})


add(
    Case(
        task=T(
            "Open the plan page at plan_url and choose the plan the page recommends (press its "
            "Choose button). Report the plan you chose.",
            "rt5_plan_button",
            {"plan_url": str},
            {"plan": str},
        ),
        features=("choice by button read off the page",),
        recorded={"plan_url": Page("/planbtn/5")},
        stand_in=planbtn_stand_in,
        serve=SITE.running,
        reference=_planrec,
        held_out=[
            HeldOut("Team again, other order", {"plan_url": Page("/planbtn/9")}),
            HeldOut("recommends Business", {"plan_url": Page("/planbtn/6")}),
            HeldOut("recommends Starter", {"plan_url": Page("/planbtn/4")}),
        ],
    )
)


# ------ 2. radio; the task words list the plans
@route("planr")
def planr_page(seed: int) -> str:
    rec = PLANS[seed % 4]
    radios = "".join(
        f'<li><label><input type="radio" name="plan" value="{p}"> {p}</label></li>'
        for p in shuffled(PLANS, seed)
    )
    body = (
        f"<p>Based on your usage we recommend the <b>{rec}</b> plan.</p>"
        f'<fieldset><legend>Plan</legend><ul style="list-style:none">{radios}</ul></fieldset>'
        '<button type="button" id="go">Continue</button>'
    )
    script = (
        'document.getElementById("go").addEventListener("click", () => {'
        ' const c = document.querySelector("input[name=plan]:checked"); '
        + save(f'"plan", {seed}, c ? c.value : null')
        + "; });"
    )
    return PAGE.format(title="Choose a plan", body=body, script=script)


add(
    Case(
        task=T(
            "Open the plan page at plan_url. The page offers the Starter, Team, Business and "
            "Enterprise plans and recommends one of them: choose the recommended plan and press "
            "Continue. Report the plan you chose.",
            "rt5_plan_words_list",
            {"plan_url": str},
            {"plan": str},
        ),
        features=("choice read off the page", "task words list every option"),
        recorded={"plan_url": Page("/planr/5")},
        stand_in=planr_stand_in,
        serve=SITE.running,
        reference=_planrec,
        held_out=[
            HeldOut("Team again, other order", {"plan_url": Page("/planr/9")}),
            HeldOut("recommends Business", {"plan_url": Page("/planr/6")}),
            HeldOut("recommends Starter", {"plan_url": Page("/planr/4")}),
        ],
    )
)


# ------ 3. guidance read (constant), decision by seat count
SEATS = {1: 8, 2: 25, 3: 3, 4: 12}


def fits(seats: int) -> str:
    return "Starter" if seats <= 5 else "Team" if seats <= 20 else "Business"


@route("seats")
def seats_page(seed: int) -> str:
    radios = "".join(
        f'<li><label><input type="radio" name="plan" value="{p}"> {p}</label></li>'
        for p in PLANS[:3]
    )
    body = (
        f'<p>Your organisation has <b id="n">{SEATS[seed]}</b> members.</p>'
        '<p id="guide">Starter fits up to 5 members, Team up to 20 members, Business any size.</p>'
        f'<fieldset><legend>Plan</legend><ul style="list-style:none">{radios}</ul></fieldset>'
    )
    script = (
        'for (const b of document.querySelectorAll("input[name=plan]"))'
        f' b.addEventListener("change", () => {save(f"{chr(34)}plan{chr(34)}, {seed}, b.value")});'
    )
    return PAGE.format(title="Choose a plan", body=body, script=script)


def seats_stand_in(inputs):
    chosen = []

    def policy(page, n):
        if n == 0:
            return answer("I open the plan page.", "navigate", url={"$ref": "plan_url"})
        if n == 1:
            node = next(x for x in page.nodes if x.ref and "fits up to" in x.label)
            return answer("I read the sizing guidance.", "read_text", target=node.ref)
        if n == 2:
            m = re.search(r"has (\d+) members", words(page))
            plan = fits(int(m.group(1)))
            chosen.append(plan)
            return answer(
                f"The organisation has {m.group(1)} members, so {plan} fits; I choose it.",
                "check",
                target=ref_of(page.first("radio", plan), plan),
            )
        return answer(f"I chose {chosen[0]}.", "finish", plan=chosen[0])

    return PageReader(policy)


def _seats(i):
    s = seed_of(i["plan_url"])
    p = fits(SEATS[s])
    return Expected([("plan", s, p)], {"plan": p})


add(
    Case(
        task=T(
            "Open the plan page at plan_url and choose the plan that fits the organisation's "
            "number of members, following the sizing guidance on the page. Report the plan.",
            "rt5_plan_by_members",
            {"plan_url": str},
            {"plan": str},
        ),
        features=("guard read constant; decision from another element",),
        recorded={"plan_url": Page("/seats/1")},
        stand_in=seats_stand_in,
        serve=SITE.running,
        reference=_seats,
        held_out=[
            HeldOut("12 members: Team again", {"plan_url": Page("/seats/4")}),
            HeldOut("25 members: Business", {"plan_url": Page("/seats/2")}),
            HeldOut("3 members: Starter", {"plan_url": Page("/seats/3")}),
        ],
    )
)


# ------ 4. minimum quantity worked out in the head
MINQ = {1: 3, 2: 5, 3: 1, 4: 2}


@route("boxes")
def boxes_page(seed: int) -> str:
    body = (
        f"<p>Packing boxes. Minimum order: <b>{MINQ[seed]}</b> boxes.</p>"
        '<p><label>Quantity <input name="q" type="text"></label></p>'
        '<button type="button" id="ok">Add to cart</button>'
    )
    script = (
        'document.getElementById("ok").addEventListener("click", () => '
        + save(f'"cart", {seed}, document.querySelector("input[name=q]").value')
        + ");"
    )
    return PAGE.format(title="Packing boxes", body=body, script=script)


def boxes_stand_in(inputs):
    got = []

    def policy(page, n):
        if n == 0:
            return answer("I open the product page.", "navigate", url={"$ref": "product_url"})
        if n == 1:
            m = int(re.search(r"Minimum order (\d+) boxes", words(page)).group(1))
            q = max(inputs["boxes"], m)
            got.append(q)
            return answer(
                f"You want {inputs['boxes']} and the minimum is {m}: I type {q}.",
                "fill",
                target=ref_of(page.first("textbox", "Quantity"), "q"),
                value=str(q),
            )
        if n == 2:
            return answer(
                "I add them to the cart.",
                "click",
                target=ref_of(page.first("button", "Add to cart"), "b"),
            )
        return answer(f"Added {got[0]}.", "finish", quantity=got[0])

    return PageReader(policy)


def _boxes(i):
    s = seed_of(i["product_url"])
    q = max(i["boxes"], MINQ[s])
    return Expected([("cart", s, str(q))], {"quantity": q})


add(
    Case(
        task=T(
            "Open the product page at product_url and add boxes boxes to the cart; if the page "
            "sets a minimum order above that, order the minimum instead. Report the quantity.",
            "rt5_min_quantity",
            {"product_url": str, "boxes": int},
            {"quantity": int},
        ),
        features=("value typed = input, also = page value",),
        recorded={"product_url": Page("/boxes/1"), "boxes": 3},
        stand_in=boxes_stand_in,
        serve=SITE.running,
        reference=_boxes,
        held_out=[
            HeldOut("4 wanted, min 3", {"product_url": Page("/boxes/1"), "boxes": 4}),
            HeldOut("2 wanted, min 5", {"product_url": Page("/boxes/2"), "boxes": 2}),
            HeldOut("2 wanted, min 3", {"product_url": Page("/boxes/1"), "boxes": 2}),
            HeldOut("6 wanted, min 1", {"product_url": Page("/boxes/3"), "boxes": 6}),
        ],
    )
)


add(
    Case(
        task=T(
            "Open the product page at product_url and add boxes boxes to the cart; if the page "
            "sets a minimum order above that, order the minimum instead. Report the quantity.",
            "rt5_min_quantity_plain",
            {"product_url": str, "boxes": int},
            {"quantity": int},
        ),
        features=("value typed = input, page min lower",),
        recorded={"product_url": Page("/boxes/1"), "boxes": 4},
        stand_in=boxes_stand_in,
        serve=SITE.running,
        reference=_boxes,
        held_out=[
            HeldOut("6 wanted, min 3", {"product_url": Page("/boxes/1"), "boxes": 6}),
            HeldOut("2 wanted, min 5", {"product_url": Page("/boxes/2"), "boxes": 2}),
            HeldOut("4 wanted, min 5", {"product_url": Page("/boxes/2"), "boxes": 4}),
        ],
    )
)


# ------ 7. a toggle already on (state shown on the page)
@route("star")
def star_page(seed: int) -> str:
    on = "true" if seed % 2 == 0 else "false"
    body = (
        f"<p>Repository demo-{seed}.</p>"
        f'<button type="button" id="s" aria-pressed="{on}">Star</button> '
        '<button type="button">Fork</button>'
    )
    script = (
        'const s = document.getElementById("s"); s.addEventListener("click", () => {'
        ' const now = s.getAttribute("aria-pressed") !== "true";'
        ' s.setAttribute("aria-pressed", String(now)); '
        + save(f'now ? "star" : "unstar", {seed}')
        + "; });"
    )
    return PAGE.format(title="Repository", body=body, script=script)


def star_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the repository.", "navigate", url={"$ref": "repo_url"})
        if n == 1:
            b = page.first("button", "Star")
            if "pressed" in b.states:
                return answer("The repository is already starred.", "finish", starred=True)
            return answer("Star is not pressed; I press it.", "click", target=ref_of(b, "Star"))
        return answer("Starred.", "finish", starred=True)

    return PageReader(policy)


def _star(i):
    s = seed_of(i["repo_url"])
    return Expected([] if s % 2 == 0 else [("star", s)], {"starred": True})


add(
    Case(
        task=T(
            "Open the repository at repo_url and star it, unless it is already starred (then "
            "change nothing). Report starred=true.",
            "rt5_star_toggle",
            {"repo_url": str},
            {"starred": bool},
        ),
        features=("toggle button, state shown",),
        recorded={"repo_url": Page("/star/1")},
        stand_in=star_stand_in,
        serve=SITE.running,
        reference=_star,
        held_out=[
            HeldOut("another, not starred", {"repo_url": Page("/star/3")}),
            HeldOut("already starred", {"repo_url": Page("/star/4")}),
            HeldOut("a third, not starred", {"repo_url": Page("/star/5")}),
        ],
    )
)


@route("alerts")
def alerts_page(seed: int) -> str:
    on = "true" if seed % 2 == 0 else "false"
    body = (
        f"<p>Account settings.</p>"
        f'<button type="button" role="switch" id="s" aria-checked="{on}">Email alerts</button>'
    )
    script = (
        'const s = document.getElementById("s"); s.addEventListener("click", () => {'
        ' const now = s.getAttribute("aria-checked") !== "true";'
        ' s.setAttribute("aria-checked", String(now)); '
        + save(f'now ? "alerts_on" : "alerts_off", {seed}')
        + "; });"
    )
    return PAGE.format(title="Settings", body=body, script=script)


def alerts_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the settings.", "navigate", url={"$ref": "settings_url"})
        if n == 1:
            b = page.first("switch", "Email alerts")
            if "checked" in b.states:
                return answer("Email alerts are already on.", "finish", on=True)
            return answer("Email alerts are off; I switch them on.", "click", target=ref_of(b, "s"))
        return answer("On.", "finish", on=True)

    return PageReader(policy)


def _alerts(i):
    s = seed_of(i["settings_url"])
    return Expected([] if s % 2 == 0 else [("alerts_on", s)], {"on": True})


add(
    Case(
        task=T(
            "Open the settings at settings_url and make sure Email alerts are switched on. "
            "Report on=true.",
            "rt5_switch_on",
            {"settings_url": str},
            {"on": bool},
        ),
        features=("switch clicked, state shown",),
        recorded={"settings_url": Page("/alerts/1")},
        stand_in=alerts_stand_in,
        serve=SITE.running,
        reference=_alerts,
        held_out=[
            HeldOut("another, off", {"settings_url": Page("/alerts/3")}),
            HeldOut("already on", {"settings_url": Page("/alerts/4")}),
            HeldOut("a third, off", {"settings_url": Page("/alerts/5")}),
        ],
    )
)


# ------ 9. plan cards with no role: click_text
@route("cards")
def cards_page(seed: int) -> str:
    rec = PLANS[seed % 4]
    cards = "".join(
        f'<div class="card" data-p="{p}" style="cursor:pointer;border:1px solid #999;'
        f'margin:4px;padding:4px">{p}</div>'
        for p in shuffled(PLANS, seed)
    )
    body = (
        f"<p>Based on your usage we recommend the {rec} plan. Click a plan to choose it.</p>{cards}"
    )
    script = (
        'for (const c of document.querySelectorAll(".card")) c.addEventListener("click", () => '
        + save(f'"plan", {seed}, c.dataset.p')
        + ");"
    )
    return PAGE.format(title="Choose a plan", body=body, script=script)


def cards_stand_in(inputs):
    chosen = []

    def policy(page, n):
        if n == 0:
            return answer("I open the plan page.", "navigate", url={"$ref": "plan_url"})
        if n == 1:
            rec = next(p for p in PLANS if f"recommend the {p} plan" in words(page))
            chosen.append(rec)
            return answer(f"The page recommends {rec}; I click its card.", "click_text", text=rec)
        return answer(f"I chose {chosen[0]}.", "finish", plan=chosen[0])

    return PageReader(policy)


add(
    Case(
        task=T(
            "Open the plan page at plan_url and choose the plan the page recommends by clicking "
            "it. Report the plan you chose.",
            "rt5_plan_click_text",
            {"plan_url": str},
            {"plan": str},
        ),
        features=("choice by click_text",),
        recorded={"plan_url": Page("/cards/5")},
        stand_in=cards_stand_in,
        serve=SITE.running,
        reference=_planrec,
        held_out=[
            HeldOut("Team again, other order", {"plan_url": Page("/cards/9")}),
            HeldOut("recommends Business", {"plan_url": Page("/cards/6")}),
            HeldOut("recommends Starter", {"plan_url": Page("/cards/4")}),
        ],
    )
)


CASES: list[Case] = list(_BY_NAME.values())

NEW_PATHS: dict[str, set[str]] = {
    # The recording clicked the toggle; these inputs must change nothing.
    "rt5_star_toggle": {"already starred"},
    "rt5_switch_on": {"already on"},
}
"""Held-out inputs whose right replay takes a path the recording never took."""
