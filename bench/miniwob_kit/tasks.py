"""The MiniWoB++ tasks of the bench: their inputs (the utterance's fields) and the stand-in's
policy for each.

Inputs come from the utterance through MiniWoB's own field extractor (``miniwob/fields.py`` of
the wheel), renamed to say what they are (``target`` → ``tab_number``). Each policy does what a
sensible model does with the outline it is shown: it finds elements by their role and visible
text matching the inputs, passes the inputs by ``$ref`` and leaves choices to ``compute``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from miniwob_kit.outline import Node
from miniwob_kit.standin import Move, Policy, StandInStuck, Turn

Fields = list[tuple[str, str]]


@dataclass(frozen=True)
class MiniTask:
    """One MiniWoB++ task as a recipe-compiler task."""

    name: str
    """The page: ``miniwob/<name>.html``."""
    description: str
    inputs: dict[str, Any]
    """Input names and types."""
    to_inputs: Callable[[Fields], dict[str, Any]]
    """The utterance's fields (as MiniWoB's extractor gives them) → the task's inputs."""
    policy: Policy
    why: str
    """What the task exercises (printed with ``--list``)."""


def _rename(**names: str) -> Callable[[Fields], dict[str, Any]]:
    def convert(fields: Fields) -> dict[str, Any]:
        given = dict(fields)
        return {new: given.get(old, "") for old, new in names.items()}

    return convert


def _secret(convert: Callable[[Fields], dict[str, Any]], name: str) -> Callable[..., Any]:
    """``convert``, with the input ``name`` a ``SecretStr`` (it never shows in a trace)."""

    def secret(fields: Fields) -> dict[str, Any]:
        inputs = convert(fields)
        return {**inputs, name: SecretStr(inputs[name])}

    return secret


def _need(node: Node | None, what: str) -> Node:
    if node is None or node.ref is None:
        raise StandInStuck(f"{what} is not on the page")
    return node


# --------------------------------------------------------------------------- policies


def click_button(t: Turn) -> Move:
    if t.done("click"):
        return t.finish()
    button = _need(t.page.first("button", t.inputs["button"]), "the button")
    return t.click("click", "I click the button the task names.", button)


def click_checkboxes(t: Turn) -> Move:
    for word in t.inputs["words"]:
        box = _need(t.page.first("checkbox", word), f"the checkbox {word!r}")
        if "checked" not in box.states and not t.done(f"check {word}"):
            return t.move(f"check {word}", f"I tick {word}.", "check", target=box.ref)
    return t.submit()


def click_tab(t: Turn) -> Move:
    if t.done("tab"):
        return t.finish()
    tab = _need(t.page.first("tab", f"Tab #{t.inputs['tab_number']}"), "the tab")
    return t.click("tab", "I open the tab the task names.", tab)


def click_option(t: Turn) -> Move:
    radio = _need(t.page.first("radio", t.inputs["option"]), "the option")
    if "checked" not in radio.states and not t.done("check"):
        return t.move("check", "I choose the option the task names.", "check", target=radio.ref)
    return t.submit()


def click_link(t: Turn) -> Move:
    if t.done("click"):
        return t.finish()
    word = t.inputs["word"]
    links = [n for n in t.page.all(None, word) if n.role not in ("text", "paragraph")]
    if not links and "click_text" in t.tools:
        return t.move(
            "click", "I click the word the task names.", "click_text", text={"$ref": "word"}
        )
    link = _need(links[0] if links else None, f"the link {word!r}")
    return t.click("click", "I click the link the task names.", link)


def email_delete(t: Turn) -> Move:
    if t.done("trash"):
        return t.finish()
    icons = [
        n
        for n in t.page.nodes
        if n.ref and "trash" in (n.name + " " + n.text + " " + " ".join(n.states)).lower()
    ]
    if t.done("open"):
        icon = _need(icons[0] if icons else None, "the trash icon")
        return t.click("trash", "I delete the open email with its trash icon.", icon)
    sender = _need(t.page.first(None, t.inputs["sender"]), "the sender's email")
    return t.click("open", "I open the email from the sender the task names.", sender)


def search_engine(t: Turn) -> Move:
    page = t.page
    box = _need(page.first("textbox"), "the search box")
    if not t.done("fill") and box.text != t.inputs["query"]:
        return t.move(
            "fill",
            "I type the name to search for.",
            "fill",
            target=box.ref,
            value={"$ref": "query"},
        )
    results = _result_links(t)
    if not t.done("search") and not results:
        button = _need(page.first("button", "Search"), "the Search button")
        return t.click("search", "I run the search.", button)
    if not t.done("which page"):
        return t.move(
            "which page",
            "Three results per page: I work out the page of the result asked for.",
            "compute",
            expression="(int(rank) - 1) // 3 + 1",
        )
    if not t.done("page"):
        number = t.value("which page")
        link = _need(page.first("link", str(number)), f"the link to page {number}")
        return t.click("page", "I go to that page of results.", link)
    if not t.done("result"):
        position = (int(t.inputs["rank"]) - 1) % 3
        if len(results) <= position:
            raise StandInStuck("the result is not on the page")
        return t.click("result", "I open the result asked for.", results[position])
    return t.finish()


def _result_links(t: Turn) -> list[Node]:
    """The result titles: links outside the pagination list."""
    lists = [n for n in t.page.nodes if n.role == "list"]
    inside = {c.index for lst in lists for c in t.page.children(lst)}
    return [n for n in t.page.all("link") if n.index not in inside]


def use_autocomplete(t: Turn) -> Move:
    page = t.page
    box = _need(page.first("textbox"), "the text box")
    if not t.done("fill"):
        return t.move(
            "fill", "I type the start of the item.", "fill", target=box.ref, value={"$ref": "start"}
        )
    if not t.done("read"):
        items = _suggestions(t)
        if not items:
            raise StandInStuck("no suggestions are shown")
        container, first = items
        return t.move(
            "read",
            "I read the suggestions.",
            "extract_list",
            target=container.ref,
            fields={"name": {"ref": first.ref}},
        )
    if not t.done("pick"):
        var = t.var("read")
        return t.move(
            "pick",
            "I take the first suggestion that starts and ends as asked.",
            "compute",
            expression=f"[s.name for s in {var} if s.name.startswith(start) "
            f"and s.name.endswith(end)][0]",
        )
    if not t.done("choose"):
        picked = (t.value("pick") or "").strip("'\"")
        node = _need(t.page.first(None, picked), f"the suggestion {picked!r}")
        return t.click("choose", "I choose that suggestion.", node)
    return t.submit()


def _suggestions(t: Turn) -> tuple[Node, Node] | None:
    """The suggestion list (the list-like element holding items) and the text of its first
    item."""
    for node in t.page.nodes:
        if node.role in ("list", "listbox", "menu") and node.ref:
            texts = [c for c in t.page.children(node) if c.ref and c.label]
            if texts:
                return node, texts[0]
    return None


def click_collapsible(t: Turn) -> Move:
    if not t.done("expand"):
        section = next((n for n in t.page.all("tab") if n.name.startswith("Section")), None)
        return t.click("expand", "I expand the section.", _need(section, "the section"))
    return t.submit()


def click_dialog(t: Turn) -> Move:
    if t.done("close"):
        return t.finish()
    close = _need(t.page.first("button", "Close"), "the dialog's close button")
    return t.click("close", 'I close the dialog with its "x".', close)


def choose_list(t: Turn) -> Move:
    if not t.done("select"):
        box = _need(t.page.first("combobox"), "the list")
        return t.move(
            "select", "I choose the item.", "select_option", target=box.ref, option={"$ref": "item"}
        )
    return t.submit()


def enter_text(t: Turn) -> Move:
    if not t.done("fill"):
        box = _need(t.page.first("textbox"), "the text field")
        return t.move("fill", "I type the text.", "fill", target=box.ref, value={"$ref": "text"})
    return t.submit()


def login_user(t: Turn) -> Move:
    boxes = t.page.all("textbox")
    if len(boxes) < 2:
        raise StandInStuck("the login form is not on the page")
    if not t.done("user"):
        return t.move(
            "user", "I type the username.", "fill", target=boxes[0].ref, value={"$ref": "username"}
        )
    if not t.done("password"):
        return t.move(
            "password",
            "I type the password.",
            "fill",
            target=boxes[1].ref,
            value={"$ref": "password"},
        )
    return t.submit("Login")


def enter_password(t: Turn) -> Move:
    boxes = t.page.all("textbox")
    if len(boxes) < 2:
        raise StandInStuck("the password fields are not on the page")
    for n, box in enumerate(boxes[:2]):
        if not t.done(f"fill {n}"):
            return t.move(
                f"fill {n}",
                "I type the password.",
                "fill",
                target=box.ref,
                value={"$ref": "password"},
            )
    return t.submit()


# --------------------------------------------------------------------------- the tasks


def _words(fields: Fields) -> dict[str, Any]:
    return {"words": [v for k, v in fields if k.startswith("target")]}


TASKS: tuple[MiniTask, ...] = (
    MiniTask(
        "click-button",
        "Click on the button named `button`.",
        {"button": str},
        _rename(target="button"),
        click_button,
        "a data-bound click",
    ),
    MiniTask(
        "click-checkboxes",
        "Tick exactly the checkboxes named in `words`, then Submit.",
        {"words": list[str]},
        _words,
        click_checkboxes,
        "a loop over a list input",
    ),
    MiniTask(
        "click-tab",
        "Click on the tab number `tab_number`.",
        {"tab_number": str},
        _rename(target="tab_number"),
        click_tab,
        "a data-bound tab (f-string)",
    ),
    MiniTask(
        "click-option",
        "Select the option `option` and click Submit.",
        {"option": str},
        _rename(target="option"),
        click_option,
        "a data-bound radio",
    ),
    MiniTask(
        "click-link",
        "Click on the link that reads `word`.",
        {"word": str},
        _rename(target="word"),
        click_link,
        "a clickable word in running text",
    ),
    MiniTask(
        "email-inbox-delete",
        "Find the email from `sender` and delete it with its trash " "icon.",
        {"sender": str},
        _rename(by="sender"),
        email_delete,
        "a row action, an icon-only button",
    ),
    MiniTask(
        "search-engine",
        "Search for `query` and click the search result number `rank` " "(three results per page).",
        {"query": str, "rank": str},
        _rename(query="query", rank="rank"),
        search_engine,
        "pagination, compute",
    ),
    MiniTask(
        "use-autocomplete",
        "Enter an item that starts with `start` and ends with `end` "
        "(any end if `end` is empty), choosing it from the suggestions, and Submit.",
        {"start": str, "end": str},
        _rename(start="start", end="end"),
        use_autocomplete,
        "a debounced widget",
    ),
    MiniTask(
        "click-collapsible",
        "Expand the section and click Submit.",
        {},
        _rename(),
        click_collapsible,
        "a fixed element whose name changes",
    ),
    MiniTask(
        "click-dialog",
        'Close the dialog box by clicking its "x".',
        {},
        _rename(),
        click_dialog,
        "a dialog",
    ),
    MiniTask(
        "choose-list",
        "Select `item` from the list and click Submit.",
        {"item": str},
        _rename(target="item"),
        choose_list,
        "a drop-down by input",
    ),
    MiniTask(
        "enter-text",
        "Enter `text` into the text field and press Submit.",
        {"text": str},
        _rename(target="text"),
        enter_text,
        "typing an input",
    ),
    MiniTask(
        "login-user",
        "Log in with `username` and `password`.",
        {"username": str, "password": SecretStr},
        _secret(_rename(username="username", password="password"), "password"),
        login_user,
        "a form, a secret input",
    ),
    MiniTask(
        "enter-password",
        "Enter `password` into both password fields and press Submit.",
        {"password": SecretStr},
        _secret(_rename(target="password"), "password"),
        enter_password,
        "the same secret input twice",
    ),
)

CI_TASKS = ("click-tab", "use-autocomplete", "email-inbox-delete")
"""The reduced form the test suite runs (3 tasks × 5 seeds)."""
