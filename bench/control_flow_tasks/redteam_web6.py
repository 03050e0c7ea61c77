"""Round-6 red-team browser tasks (served on 127.0.0.1, real Chromium), each once a silent wrong:
a form field that already holds a value when the page loads.

- a Country pre-filled "Germany" on the recording, so the agent typed only the name and saved;
  replayed where the Country is empty or "France", the recipe saved without Germany;
- a Phone empty on the recording, so the agent typed one; replayed where a phone is on file
  ("keep one that is"), the recipe overwrote it.

Each page takes a seed in its URL that decides the instance.
"""

from __future__ import annotations

from . import Case, Expected, HeldOut
from ._site_kit import PAGE, PageReader, Route, SitePage, answer, ref_of, routed_site, save, seed_of
from ._site_kit import browser_task as T

COUNTRY = {1: "Germany", 2: "", 3: "France", 4: "Germany", 5: "germany"}
PHONE = {1: "", 2: "555-0101", 3: "", 4: "555-0199"}


def address_page(seed: int) -> str:
    body = (
        "<p>Delivery address.</p>"
        '<p><label>Full name <input id="n" type="text"></label></p>'
        f'<p><label>Country <input id="c" type="text" value="{COUNTRY[seed]}"></label></p>'
        '<button type="button" id="ok">Save address</button>'
    )
    value = 'document.getElementById("n").value, document.getElementById("c").value'
    script = (
        'document.getElementById("ok").addEventListener("click", () => '
        + save(f'"address", {seed}, {value}')
        + ");"
    )
    return PAGE.format(title="Address", body=body, script=script)


def contact_page(seed: int) -> str:
    body = (
        "<p>Contact details. A phone number already on file is kept unless you change it.</p>"
        '<p><label>Email <input id="e" type="text"></label></p>'
        f'<p><label>Phone <input id="p" type="text" value="{PHONE[seed]}"></label></p>'
        '<button type="button" id="ok">Save contact</button>'
    )
    value = 'document.getElementById("e").value, document.getElementById("p").value'
    script = (
        'document.getElementById("ok").addEventListener("click", () => '
        + save(f'"contact", {seed}, {value}')
        + ");"
    )
    return PAGE.format(title="Contact", body=body, script=script)


ROUTES: dict[str, Route] = {"address": address_page, "contact": contact_page}
SITE = routed_site(ROUTES)


class Page(SitePage):
    site = SITE


# ------ 1. a pre-filled field left alone
def addr_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the address form.", "navigate", url={"$ref": "address_url"})
        if n == 1:
            return answer(
                "I type the full name.",
                "fill",
                target=ref_of(page.first("textbox", "Full name"), "n"),
                value={"$ref": "name"},
            )
        if n == 2:
            c = page.first("textbox", "Country")
            if c.text != "Germany":
                return answer(
                    "I type Germany as the country.", "fill", target=c.ref, value="Germany"
                )
            return answer(
                "Country already says Germany; I save the address.",
                "click",
                target=ref_of(page.first("button", "Save address"), "b"),
            )
        if (
            n == 3
            and page.first("textbox", "Country").text == "Germany"
            and page.first("status").label != "Saved."
        ):
            return answer(
                "I save the address.",
                "click",
                target=ref_of(page.first("button", "Save address"), "b"),
            )
        return answer("Saved.", "finish", saved=True)

    return PageReader(policy)


def _addr(i):
    s = seed_of(i["address_url"])
    return Expected([("address", s, i["name"], "Germany")], {"saved": True})


PREFILLED_COUNTRY = Case(
    task=T(
        "Open the address form at address_url, type name as the full name, make sure the country "
        "is Germany (it may be filled in already), and save the address. Report saved=true.",
        "rt6_prefilled_country",
        {"address_url": str, "name": str},
        {"saved": bool},
    ),
    features=("pre-filled field left alone",),
    recorded={"address_url": Page("/address/1"), "name": "Ana Lima"},
    stand_in=addr_stand_in,
    serve=SITE.running,
    reference=_addr,
    held_out=[
        HeldOut("Germany again", {"address_url": Page("/address/4"), "name": "Ben Ode"}),
        HeldOut("country empty", {"address_url": Page("/address/2"), "name": "Cy Park"}),
        HeldOut("France", {"address_url": Page("/address/3"), "name": "Di Rao"}),
        HeldOut("germany lowercase", {"address_url": Page("/address/5"), "name": "Ed Fox"}),
    ],
)


# ------ 2. a field typed on the recording, pre-filled later
def contact_stand_in(inputs):
    def policy(page, n):
        if n == 0:
            return answer("I open the contact form.", "navigate", url={"$ref": "contact_url"})
        if n == 1:
            return answer(
                "I type the email.",
                "fill",
                target=ref_of(page.first("textbox", "Email"), "e"),
                value={"$ref": "email"},
            )
        if n == 2:
            p = page.first("textbox", "Phone")
            if not p.text:
                return answer(
                    "No phone on file; I type the phone.",
                    "fill",
                    target=p.ref,
                    value={"$ref": "phone"},
                )
            return answer(
                "A phone is on file; I keep it and save.",
                "click",
                target=ref_of(page.first("button", "Save contact"), "b"),
            )
        if n == 3 and page.first("status").label != "Saved.":
            return answer(
                "I save.", "click", target=ref_of(page.first("button", "Save contact"), "b")
            )
        return answer("Saved.", "finish", saved=True)

    return PageReader(policy)


def _contact(i):
    s = seed_of(i["contact_url"])
    return Expected([("contact", s, i["email"], PHONE[s] or i["phone"])], {"saved": True})


KEEP_PHONE = Case(
    task=T(
        "Open the contact form at contact_url, type email as the email; type phone as the phone "
        "only if no phone number is on file already (keep one that is), then save. "
        "Report saved=true.",
        "rt6_keep_phone",
        {"contact_url": str, "email": str, "phone": str},
        {"saved": bool},
    ),
    features=("field filled on recording, pre-filled later",),
    recorded={"contact_url": Page("/contact/1"), "email": "a@x.io", "phone": "555-0142"},
    stand_in=contact_stand_in,
    serve=SITE.running,
    reference=_contact,
    held_out=[
        HeldOut(
            "empty again",
            {"contact_url": Page("/contact/3"), "email": "b@x.io", "phone": "555-0777"},
        ),
        HeldOut(
            "phone on file",
            {"contact_url": Page("/contact/2"), "email": "c@x.io", "phone": "555-0888"},
        ),
        HeldOut(
            "another phone",
            {"contact_url": Page("/contact/4"), "email": "d@x.io", "phone": "555-0999"},
        ),
    ],
)


CASES = [PREFILLED_COUNTRY, KEEP_PHONE]

NEW_PATHS: dict[str, set[str]] = {
    # The recording saw Germany already there; these need it typed.
    "rt6_prefilled_country": {"country empty", "France", "germany lowercase"},
    # The recording found no phone and typed one; these must keep the phone on file.
    "rt6_keep_phone": {"phone on file", "another phone"},
}
"""Held-out inputs whose right replay takes a path the recording never took."""
