"""Round-12 red-team browser tasks on page structure (served on 127.0.0.1, real Chromium), each
once a silent wrong:

- "City" typed into the "Shipping address" section: on a page with only a "Billing address"
  the replay filled the billing city, the name alone being unique (``rt12_city_two_sections``);
- an "offers by email" box the recording found unticked and left so: where it came pre-ticked
  the replay signed up with offers (``rt12_offers_preticked``);
- a named control gone, another of its role at its position: the replay's positional locator
  ticked "SMS" or "Email digest" for "Email" (``rt12_prefix_checkbox``), chose "Economy" for
  "Express" (``rt12_radio_renamed``), pressed "Cancel order" for "Pay" (``rt12_pay_prefix``),
  and healing then moved that positional locator first, so that the next replay pressed
  "Pay later" where "Pay" was.

Each page takes a seed in its URL that decides the instance.
"""

# ruff: noqa: E501  (the red team's page scripts, kept as written)
from __future__ import annotations

from typing import Any

from . import Case, Expected, HeldOut
from ._site_kit import (
    PAGE,
    E,
    PageReader,
    Route,
    SitePage,
    answer,
    ref_of,
    routed_site,
    router,
    save,
    seed_of,
)
from ._site_kit import browser_task as T

ROUTES: dict[str, Route] = {}
route = router(ROUTES)
SITE = routed_site(ROUTES, rest=True)


class Page(SitePage):
    site = SITE


def _under(page: Any, node: Any, role: str, label: str) -> list[Any]:
    return [c for c in page.children(node) if c.role == role and c.label == label]


# ------ 1. "City" in Shipping only on the recorded page; Billing and/or Shipping on others
ADDR = {
    1: ["Shipping"],
    2: ["Billing", "Shipping"],
    3: ["Shipping", "Billing"],
    4: ["Billing"],
    5: ["Shipping"],
}


@route("addr")
def addr_page(seed, rest):
    secs = "".join(
        f'<fieldset data-s="{s}"><legend>{s} address</legend>'
        f'<label>Street <input type="text"></label> <label>City <input type="text" class="city"></label></fieldset>'
        for s in ADDR[seed]
    )
    body = f"<p>Order 77: delivery details.</p><form onsubmit='return false'>{secs}<button type='button' id='go'>Save address</button></form>"
    script = (
        "document.getElementById('go').addEventListener('click', () => { const out = [];"
        " for (const f of document.querySelectorAll('fieldset')) out.push(f.dataset.s + ':' + f.querySelector('.city').value);"
        + save('"save_address", ...out')
        + "; });"
    )
    return PAGE.format(title="Delivery", body=body, script=script)


def addr_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the delivery page.", "navigate", url={"$ref": "delivery_url"})
        if n == 1:
            grp = next(g for g in page.all("group") if g.label.startswith("Shipping"))
            box = _under(page, grp, "textbox", "City")[0]
            return answer(
                "I type the city into the City field of the Shipping address.",
                "fill",
                target=box.ref,
                value={"$ref": "city"},
            )
        if n == 2:
            return answer(
                "I save the address.",
                "click",
                target=ref_of(page.first("button", "Save address"), "save"),
            )
        return answer("Saved.", "finish", saved=True)

    return PageReader(policy)


def _addr(i):
    secs = ADDR[seed_of(i["delivery_url"])]
    if "Shipping" not in secs:
        return Expected([], {"saved": False})
    return Expected(
        [("save_address", *[f"{s}:{i['city'] if s == 'Shipping' else ''}" for s in secs])],
        {"saved": True},
    )


CITY = Case(
    task=T(
        "Open the delivery page at delivery_url, type city into the City field of the Shipping "
        "address, and press Save address. Report saved=true.",
        "rt12_city_two_sections",
        {"delivery_url": str, "city": str},
        {"saved": bool},
    ),
    features=("same label in two sections",),
    recorded={"delivery_url": Page("/addr/1"), "city": "Porto"},
    stand_in=addr_stand_in,
    serve=SITE.running,
    reference=_addr,
    held_out=[
        HeldOut("billing first", {"delivery_url": Page("/addr/2"), "city": "Lyon"}),
        HeldOut("only billing", {"delivery_url": Page("/addr/4"), "city": "Lyon"}),
        HeldOut("same shape", {"delivery_url": Page("/addr/5"), "city": "Oslo"}),
    ],
)

# ------ 2. sign-up: the "offers" box was unticked on the recorded page, pre-ticked elsewhere
OFFERS = {1: False, 2: True, 3: False, 4: True}


@route("signup")
def signup_page(seed, rest):
    body = (
        "<p>Create your account.</p><label>Email <input type='email' id='em'></label><br>"
        f"<label><input type='checkbox' id='of' {'checked' if OFFERS[seed] else ''}> Send me offers by email</label><br>"
        "<button type='button' id='go'>Create account</button>"
    )
    script = (
        "document.getElementById('go').addEventListener('click', () => "
        + save(
            '"signup", document.getElementById("em").value, document.getElementById("of").checked'
        )
        + ");"
    )
    return PAGE.format(title="Sign up", body=body, script=script)


def signup_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the sign-up page.", "navigate", url={"$ref": "signup_url"})
        if n == 1:
            return answer(
                "I type the email.",
                "fill",
                target=ref_of(page.first("textbox", "Email"), "em"),
                value={"$ref": "email"},
            )
        if n == 2:
            box = page.first("checkbox", "Send me offers by email")
            if "checked" in box.states:
                return answer("The offers box is ticked; I untick it.", "uncheck", target=box.ref)
            return answer(
                "The offers box is not ticked, as wanted; I create the account.",
                "click",
                target=ref_of(page.first("button", "Create account"), "b"),
            )
        if n == 3 and page.first("status").label != "Saved.":
            return answer(
                "I create the account.",
                "click",
                target=ref_of(page.first("button", "Create account"), "b"),
            )
        return answer("Done.", "finish", created=True)

    return PageReader(policy)


OFFERS_CASE = Case(
    task=T(
        "Open the sign-up page at signup_url, sign up with email, and make sure you are NOT signed up for "
        "offers by email. Report created=true.",
        "rt12_offers_preticked",
        {"signup_url": str, "email": str},
        {"created": bool},
    ),
    features=("checkbox already in the wanted state",),
    recorded={"signup_url": Page("/signup/1"), "email": "ana@x.io"},
    stand_in=signup_stand_in,
    serve=SITE.running,
    reference=lambda i: Expected([("signup", i["email"], False)], {"created": True}),
    held_out=[
        HeldOut("offers pre-ticked", {"signup_url": Page("/signup/2"), "email": "ben@x.io"}),
        HeldOut("same", {"signup_url": Page("/signup/3"), "email": "cy@x.io"}),
        HeldOut("pre-ticked again", {"signup_url": Page("/signup/4"), "email": "di@x.io"}),
    ],
)

# ------ 3. checkbox labels that are prefixes: "Email" / "Email digest"
CH = {
    1: ["Email", "SMS"],
    2: ["Email digest", "Email", "SMS"],
    3: ["Email digest", "SMS"],
    4: ["SMS", "Email"],
    5: ["SMS", "Push"],
}


@route("chan")
def chan_page(seed, rest):
    boxes = "".join(
        f"<li><label><input type='checkbox' value='{c}'> {c}</label></li>" for c in CH[seed]
    )
    script = (
        "for (const b of document.querySelectorAll('input')) b.addEventListener('change', () => "
        + save(f'"channel", {seed}, b.value, b.checked')
        + ");"
    )
    return PAGE.format(
        title="Alerts", body=f"<p>How should we alert you?</p><ul>{boxes}</ul>", script=script
    )


def chan_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the alerts page.", "navigate", url={"$ref": "alerts_url"})
        if n == 1:
            return answer(
                "I tick Email.", "check", target=ref_of(page.first("checkbox", "Email"), "email")
            )
        return answer("Done.", "finish", done=True)

    return PageReader(policy)


def _chan(i):
    s = seed_of(i["alerts_url"])
    return (
        Expected([("channel", s, "Email", True)], {"done": True})
        if "Email" in CH[s]
        else Expected([], {"done": False})
    )


CHANNEL = Case(
    task=T(
        "Open the alerts page at alerts_url and tick the Email box. Report done=true.",
        "rt12_prefix_checkbox",
        {"alerts_url": str},
        {"done": bool},
    ),
    features=("prefix labels",),
    recorded={"alerts_url": Page("/chan/1")},
    stand_in=chan_stand_in,
    serve=SITE.running,
    reference=_chan,
    held_out=[
        HeldOut("digest first", {"alerts_url": Page("/chan/2")}),
        HeldOut("only digest", {"alerts_url": Page("/chan/3")}),
        HeldOut("reordered", {"alerts_url": Page("/chan/4")}),
        HeldOut("no Email box", {"alerts_url": Page("/chan/5")}),
    ],
)

# ------ 4. radio group: options renamed/shuffled per instance
SPEEDS = {
    1: ["Standard", "Express", "Pickup"],
    2: ["Pickup", "Standard", "Express"],
    3: ["Standard", "Economy", "Pickup"],
    4: ["Standard", "Express (next day)", "Pickup"],
}


@route("speed")
def speed_page(seed, rest):
    radios = "".join(
        f"<label><input type='radio' name='sp' value='{E(o)}'> {E(o)}</label><br>"
        for o in SPEEDS[seed]
    )
    body = f"<p>Order 88.</p><fieldset><legend>Delivery speed</legend>{radios}</fieldset><button type='button' id='go'>Confirm</button>"
    script = (
        "document.getElementById('go').addEventListener('click', () => { const r = document.querySelector('input[name=sp]:checked');"
        + save(f'"delivery", {seed}, r ? r.value : null')
        + "; });"
    )
    return PAGE.format(title="Delivery", body=body, script=script)


def speed_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the order page.", "navigate", url={"$ref": "order_url"})
        if n == 1:
            return answer(
                "I choose Express.",
                "check",
                target=ref_of(page.first("radio", "Express"), "express"),
            )
        if n == 2:
            return answer(
                "I confirm.", "click", target=ref_of(page.first("button", "Confirm"), "b")
            )
        return answer("Done.", "finish", done=True)

    return PageReader(policy)


def _speed(i):
    s = seed_of(i["order_url"])
    return (
        Expected([("delivery", s, "Express")], {"done": True})
        if "Express" in SPEEDS[s]
        else Expected([], {"done": False})
    )


SPEED = Case(
    task=T(
        "Open the order page at order_url, choose Express delivery and press Confirm. Report done=true.",
        "rt12_radio_renamed",
        {"order_url": str},
        {"done": bool},
    ),
    features=("radio group shuffled/renamed",),
    recorded={"order_url": Page("/speed/1")},
    stand_in=speed_stand_in,
    serve=SITE.running,
    reference=_speed,
    held_out=[
        HeldOut("shuffled", {"order_url": Page("/speed/2")}),
        HeldOut("Economy in its place", {"order_url": Page("/speed/3")}),
        HeldOut("Express renamed longer", {"order_url": Page("/speed/4")}),
    ],
)

# ------ 5. "Pay" beside "Pay later"; other instances lack Pay (in this order: a positional
# locator a replay used is not moved first for the next one)
PAY = {
    1: ["Pay later", "Pay"],
    2: ["Pay later", "Cancel order"],
    3: ["Pay", "Pay later"],
    4: ["Pay later", "Pay by bank"],
}


@route("pay")
def pay_page(seed, rest):
    btns = " ".join(f"<button type='button'>{E(b)}</button>" for b in PAY[seed])
    script = (
        "for (const b of document.querySelectorAll('button')) b.addEventListener('click', () => "
        + save(f'"press", {seed}, b.textContent')
        + ");"
    )
    return PAGE.format(
        title="Invoice 12",
        body=f"<p>Invoice 12: 40.00 EUR due.</p><div>{btns}</div>",
        script=script,
    )


def pay_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the invoice.", "navigate", url={"$ref": "invoice_url"})
        if n == 1:
            return answer(
                "I press Pay.", "click", target=ref_of(page.first("button", "Pay"), "pay")
            )
        return answer("Paid.", "finish", paid=True)

    return PageReader(policy)


def _pay(i):
    s = seed_of(i["invoice_url"])
    return (
        Expected([("press", s, "Pay")], {"paid": True})
        if "Pay" in PAY[s]
        else Expected([], {"paid": False})
    )


PAY_CASE = Case(
    task=T(
        "Open the invoice at invoice_url and press Pay (not Pay later). Report paid=true.",
        "rt12_pay_prefix",
        {"invoice_url": str},
        {"paid": bool},
    ),
    features=("prefix label buttons",),
    recorded={"invoice_url": Page("/pay/1")},
    stand_in=pay_stand_in,
    serve=SITE.running,
    reference=_pay,
    held_out=[
        HeldOut("Cancel order in its place", {"invoice_url": Page("/pay/2")}),
        HeldOut("swapped", {"invoice_url": Page("/pay/3")}),
        HeldOut("Pay by bank in its place", {"invoice_url": Page("/pay/4")}),
    ],
)

CASES = [CITY, OFFERS_CASE, CHANNEL, SPEED, PAY_CASE]

NEW_PATHS: dict[str, set[str]] = {
    "rt12_city_two_sections": {"only billing"},
    "rt12_offers_preticked": {"offers pre-ticked", "pre-ticked again"},
    "rt12_prefix_checkbox": {"only digest", "no Email box"},
    "rt12_radio_renamed": {"Economy in its place", "Express renamed longer"},
    "rt12_pay_prefix": {"Cancel order in its place", "Pay by bank in its place"},
}
"""Held-out inputs whose path the recording never took: the named field or control is not on
the page (another one of its role is), or a box comes pre-ticked."""
