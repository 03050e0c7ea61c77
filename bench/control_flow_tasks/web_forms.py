"""Browser tasks whose element is named by an input, on pages whose order or layout changes
from one load to the next: a delivery option chosen by name among radio buttons shuffled per
page, every inbox message from a sender archived (rows read with ``extract_list``, shuffled per
page, a row leaving the list when archived), and a button pressed by its label among buttons
whose names start alike ("Save", "Save draft"), laid out differently per page.

A page's order comes from a seed in its URL (``/delivery/ana/3``), so the reference knows it and
a held-out input can ask for another order. The pages save every change at once, as
:mod:`.web`'s do, so the server has logged an effect before the action that caused it returns.

    cd bench && python -c "from control_flow_tasks import web_forms; web_forms.serve_forever()"
"""

from __future__ import annotations

import html
import json
import re
import threading
from typing import Any
from urllib.parse import unquote, urlsplit

from miniwob_kit.outline import Node, Outline

from runtime import AIResponse, Task
from runtime.browser import BROWSER_ACTIONS

from . import Case, Expected, HeldOut, effect
from ._site_kit import (
    BROWSER,
    PAGE,
    Handler,
    PageReader,
    Site,
    SitePage,
    answer,
    ref_of,
    shuffled,
)

# --------------------------------------------------------------------------- the data

DELIVERY: list[tuple[str, float, int]] = [
    ("Standard", 4.90, 4),
    ("Express", 9.90, 1),
    ("Express saver", 7.50, 2),
    ("Next day", 12.00, 1),
    ("Pickup", 0.00, 3),
]
"""Delivery options: name, price, days. "Express" is a prefix of "Express saver"."""

INBOXES: dict[str, list[tuple[str, str, str]]] = {
    "ana": [
        ("m1", "Ben", "Lunch on Friday"),
        ("m2", "Cleo", "Quarterly report"),
        ("m3", "Benson", "Your parcel"),
        ("m4", "Ben", "Re: the slides"),
        ("m5", "Cleo", "Re: Quarterly report"),
        ("m6", "Dana", "Welcome"),
        ("m7", "Cleo", "Offsite agenda"),
    ],
    "bo": [
        ("n1", "Eve", "Invoice 1042"),
        ("n2", "Ben", "Tickets"),
        ("n3", "Eve", "Invoice 1043"),
        ("n4", "Eve", "Invoice 1044"),
        ("n5", "Finn", "Hello"),
    ],
    "cy": [
        ("p1", "Finn", "Hello"),
        ("p2", "Ben", "Hello"),
        ("p3", "Cleo", "Minutes"),
    ],
}
"""Messages by mailbox: id, sender, subject. "Ben" is a prefix of "Benson"; in ``cy`` two
senders wrote the same subject."""

BUTTONS = ["Save", "Save draft", "Save as template", "Send", "Send later", "Discard"]
"""The editor's buttons; several names start with another's."""


# --------------------------------------------------------------------------- the site


def delivery_page(user: str, seed: int) -> str:
    rows = "\n".join(
        f'<tr><td><label><input type="radio" name="delivery" value="{html.escape(name)}"> '
        f"{html.escape(name)}</label></td><td>{price:.2f}</td><td>{days} days</td></tr>"
        for name, price, days in shuffled(DELIVERY, seed)
    )
    body = (
        f"<p>Order of {html.escape(user)}. How should we deliver it?</p>\n"
        "<fieldset><legend>Delivery</legend><table>\n<thead><tr><th>Option</th><th>Price</th>"
        f"<th>Arrives in</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table></fieldset>\n"
        '<p id="summary"></p>'
    )
    script = (
        'for (const box of document.querySelectorAll("input[name=delivery]")) {\n'
        '  box.addEventListener("change", () => {\n'
        f'    save("/api/delivery", {{user: {json.dumps(user)}, option: box.value}});\n'
        "    const cells = box.closest('tr').cells;\n"
        '    document.getElementById("summary").textContent =\n'
        "      `Delivery: ${box.value}, ${cells[1].textContent}`;\n"
        "  });\n"
        "}"
    )
    return PAGE.format(title="Delivery", body=body, script=script)


def summary(option: str) -> str:
    """The summary the delivery page shows once ``option`` is chosen."""
    price = next(p for name, p, _ in DELIVERY if name == option)
    return f"Delivery: {option}, {price:.2f}"


def inbox_page(box: str, seed: int) -> str:
    items = "\n".join(
        f'<li data-id="{mid}"><span class="from">{html.escape(sender)}</span> '
        f'<span class="subject">{html.escape(subject)}</span> '
        '<button type="button">Archive</button></li>'
        for mid, sender, subject in shuffled(INBOXES[box], seed)
    )
    body = f'<p>Mailbox of {html.escape(box)}.</p>\n<ul aria-label="Inbox">\n{items}\n</ul>'
    script = (
        'for (const item of document.querySelectorAll("li[data-id]")) {\n'
        '  item.querySelector("button").addEventListener("click", () => {\n'
        '    save("/api/archive", {id: item.dataset.id});\n'
        "    item.remove();\n"
        "  });\n"
        "}"
    )
    return PAGE.format(title="Inbox", body=body, script=script)


def editor_page(seed: int) -> str:
    """The editor: its buttons in a toolbar above the text on even seeds, below it on odd
    ones, in the seed's order."""
    buttons = "\n".join(
        f'<button type="button">{html.escape(b)}</button>' for b in shuffled(BUTTONS, seed)
    )
    toolbar = f'<div role="toolbar" aria-label="Actions">\n{buttons}\n</div>'
    text = '<p><label>Message <textarea name="body">Hello!</textarea></label></p>'
    body = f"{toolbar}\n{text}" if seed % 2 == 0 else f"{text}\n{toolbar}"
    script = (
        'for (const button of document.querySelectorAll("[role=toolbar] button")) {\n'
        '  button.addEventListener("click", () => save("/api/press", '
        "{label: button.textContent}));\n"
        "}"
    )
    return PAGE.format(title="Message editor", body=body, script=script)


class _FormsHandler(Handler):
    """This module's pages."""

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        delivery = re.fullmatch(r"/delivery/(\w+)/(\d+)", path)
        inbox = re.fullmatch(r"/inbox/(\w+)/(\d+)", path)
        editor = re.fullmatch(r"/editor/(\d+)", path)
        if delivery:
            self._send(200, delivery_page(delivery.group(1), int(delivery.group(2))))
        elif inbox and inbox.group(1) in INBOXES:
            self._send(200, inbox_page(inbox.group(1), int(inbox.group(2))))
        elif editor:
            self._send(200, editor_page(int(editor.group(1))))
        else:
            super().do_GET()

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path not in ("/api/delivery", "/api/archive", "/api/press"):
            super().do_POST()
            return
        data = self._json_body()
        if path == "/api/delivery":
            effect("deliver", data["user"], data["option"])
        elif path == "/api/archive":
            effect("archive", data["id"])
        else:
            effect("press", data["label"])
        self._send(200, "{}", "application/json")


SITE = Site(handler=_FormsHandler)


class Page(SitePage):
    """A page of this module's :data:`SITE`, as the URL input of a task."""

    site = SITE


def serve_forever() -> None:
    """Serve the site until Ctrl+C (to look at the pages in a browser)."""
    with SITE.running():
        print(SITE.url("/delivery/ana/1"), SITE.url("/inbox/ana/1"), SITE.url("/editor/1"))
        threading.Event().wait()


def _path_parts(url: str) -> list[str]:
    return urlsplit(url).path.strip("/").split("/")


# --------------------------------------------------------------------------- delivery option

delivery: Task[Any] = Task(
    "Open the delivery form at form_url and choose the delivery option named option. Then "
    "report the delivery summary the page shows. If the form has no option of that name, "
    "choose nothing and report an empty summary.",
    name="choose_delivery",
    inputs={"form_url": str, "option": str},
    outputs={"summary": str},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def delivery_stand_in(inputs: dict[str, Any]) -> PageReader:
    """Open the form, tick the radio button named by the option, read the summary, finish
    with it (by ``$ref``)."""
    option: str = inputs["option"]

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the delivery form.", "navigate", url={"$ref": "form_url"})
        if n == 1:
            radio = ref_of(page.first("radio", option), f'radio "{option}"')
            return answer(f"I choose {option}.", "check", target=radio)
        if n == 2:
            text = ref_of(_starting_with(page, "Delivery: "), "the delivery summary")
            return answer("I read the summary.", "read_text", target=text)
        return answer("The option is chosen.", "finish", summary={"$ref": "read_text_1"})

    return PageReader(policy)


def _starting_with(page: Outline, start: str) -> Node | None:
    """The first element whose text starts with ``start``."""
    return next((n for n in page.nodes if n.ref and n.label.startswith(start)), None)


def delivery_reference(inputs: dict[str, Any]) -> Expected:
    user = _path_parts(inputs["form_url"])[1]
    option = inputs["option"]
    if option not in {name for name, _, _ in DELIVERY}:
        return Expected([], {"summary": ""})
    return Expected([("deliver", user, option)], {"summary": summary(option)})


DELIVERY_CASE = Case(
    task=delivery,
    features=("browser", "radio named by an input", "options shuffled per page"),
    recorded={"form_url": Page("/delivery/ana/1"), "option": "Next day"},
    stand_in=delivery_stand_in,
    serve=SITE.running,
    reference=delivery_reference,
    held_out=[
        HeldOut("another option", {"form_url": Page("/delivery/ben/1"), "option": "Pickup"}),
        HeldOut(
            "same option, another order",
            {"form_url": Page("/delivery/cy/4"), "option": "Next day"},
        ),
        HeldOut(
            "prefix of another option",
            {"form_url": Page("/delivery/di/2"), "option": "Express"},
        ),
        HeldOut("the longer name", {"form_url": Page("/delivery/ed/3"), "option": "Express saver"}),
        HeldOut("no such option", {"form_url": Page("/delivery/fay/1"), "option": "Drone"}),
    ],
)

# --------------------------------------------------------------------------- archive by sender

archive: Task[Any] = Task(
    "Open the inbox at inbox_url and archive every message from sender (press the Archive "
    "button of its row); leave the other messages. Report how many messages you archived.",
    name="archive_from_sender",
    inputs={"inbox_url": str, "sender": str},
    outputs={"archived": int},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def archive_stand_in(inputs: dict[str, Any]) -> PageReader:
    """Open the inbox, read its rows with ``extract_list``, then press Archive in the first
    row from the sender until none is left (an archived row leaves the list), finish with how
    many it pressed."""
    sender: str = inputs["sender"]
    pressed: list[str] = []

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the inbox.", "navigate", url={"$ref": "inbox_url"})
        if n == 1:
            inbox = ref_of(page.first("list", "Inbox"), 'list "Inbox"')
            row = ref_of(next(iter(page.all("listitem")), None), "a message")
            who, subject = [c for c in page.children(page.all("listitem")[0]) if c.ref][:2]
            return answer(
                "I read the messages of the inbox.",
                "extract_list",
                target=inbox,
                fields={
                    "sender": {"ref": ref_of(who, row)},
                    "subject": {"ref": ref_of(subject, row)},
                },
            )
        for item in page.all("listitem"):
            inside = list(page.children(item))
            if inside and inside[0].label == sender:
                button = next((c for c in inside if c.role == "button"), None)
                pressed.append(inside[1].label)
                return answer(
                    f"{inside[1].label!r} is from {sender}; I archive it.",
                    "click",
                    target=ref_of(button, f"Archive button of {inside[1].label!r}"),
                )
        return answer(
            f"{len(pressed)} messages from {sender} are archived.",
            "finish",
            archived=len(pressed),
        )

    return PageReader(policy)


def archive_reference(inputs: dict[str, Any]) -> Expected:
    box, seed = _path_parts(inputs["inbox_url"])[1:3]
    mine = [m for m, who, _ in shuffled(INBOXES[box], int(seed)) if who == inputs["sender"]]
    return Expected([("archive", m) for m in mine], {"archived": len(mine)})


ARCHIVE_CASE = Case(
    task=archive,
    features=("browser", "extract_list", "filter: sender equals an input", "rows shuffled"),
    recorded={"inbox_url": Page("/inbox/ana/1"), "sender": "Ben"},
    stand_in=archive_stand_in,
    serve=SITE.running,
    reference=archive_reference,
    held_out=[
        HeldOut("3 from another sender", {"inbox_url": Page("/inbox/ana/2"), "sender": "Cleo"}),
        HeldOut(
            "same sender, rows reordered", {"inbox_url": Page("/inbox/ana/5"), "sender": "Ben"}
        ),
        HeldOut(
            "the sender's name extended", {"inbox_url": Page("/inbox/ana/3"), "sender": "Benson"}
        ),
        HeldOut("no message from them", {"inbox_url": Page("/inbox/ana/4"), "sender": "Zoe"}),
        HeldOut("another inbox, 3 of 5", {"inbox_url": Page("/inbox/bo/2"), "sender": "Eve"}),
        HeldOut("another inbox, 1 of 5", {"inbox_url": Page("/inbox/bo/7"), "sender": "Ben"}),
        HeldOut(
            "a subject another sender shares", {"inbox_url": Page("/inbox/cy/1"), "sender": "Ben"}
        ),
    ],
)

# --------------------------------------------------------------------------- button by label

press_label: Task[Any] = Task(
    "Open the message editor at editor_url and press the button labelled label (exactly that "
    "label). Report the label you pressed; if the editor has no such button, press nothing and "
    "report an empty text.",
    name="press_labelled_button",
    inputs={"editor_url": str, "label": str},
    outputs={"pressed": str},
    actions=list(BROWSER_ACTIONS),
    config=BROWSER,
)


def press_stand_in(inputs: dict[str, Any]) -> PageReader:
    """Open the editor, click the button whose name is the label, finish with the label (by
    ``$ref``: it is an input)."""
    label: str = inputs["label"]

    def policy(page: Outline, n: int) -> AIResponse:
        if n == 0:
            return answer("I open the editor.", "navigate", url={"$ref": "editor_url"})
        if n == 1:
            button = ref_of(page.first("button", label), f'button "{label}"')
            return answer(f"I press {label}.", "click", target=button)
        return answer(f"{label} is pressed.", "finish", pressed={"$ref": "label"})

    return PageReader(policy)


def press_reference(inputs: dict[str, Any]) -> Expected:
    label = inputs["label"]
    if label not in BUTTONS:
        return Expected([], {"pressed": ""})
    return Expected([("press", label)], {"pressed": label})


PRESS_CASE = Case(
    task=press_label,
    features=("browser", "button named by an input", "layout per page", "names share a prefix"),
    recorded={"editor_url": Page("/editor/1"), "label": "Save draft"},
    stand_in=press_stand_in,
    serve=SITE.running,
    reference=press_reference,
    held_out=[
        HeldOut("prefix of the recorded label", {"editor_url": Page("/editor/1"), "label": "Save"}),
        HeldOut("another layout", {"editor_url": Page("/editor/2"), "label": "Save draft"}),
        HeldOut("prefix, another layout", {"editor_url": Page("/editor/4"), "label": "Send"}),
        HeldOut("the longer name", {"editor_url": Page("/editor/3"), "label": "Send later"}),
        HeldOut(
            "third of a family", {"editor_url": Page("/editor/6"), "label": "Save as template"}
        ),
        HeldOut("no such button", {"editor_url": Page("/editor/5"), "label": "Publish"}),
    ],
)

CASES = [DELIVERY_CASE, ARCHIVE_CASE, PRESS_CASE]
