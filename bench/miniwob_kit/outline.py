"""The page outline as the stand-in model reads it: the text the agent loop sends, parsed.

The runtime sends lines like ``  - tab "Tab #2" [collapsed] [ref=e4]`` or
``- generic [ref=e9]: Gerta`` (see ``runtime/browser/snapshot.py``). The stand-in finds elements
in them by role and visible text, as a model reading the same text would; it never sees the DOM.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_LINE = re.compile(r"^(?P<indent> *)- (?P<body>.*)$")
_HEAD = re.compile(r'^(?P<role>[a-z]+)(?: (?P<name>"(?:[^"\\]|\\.)*"))?(?P<rest>.*)$')
_TAG = re.compile(r" \[([^\]]*)\]")


@dataclass
class Node:
    """One line of the outline."""

    depth: int
    role: str
    name: str = ""
    ref: str | None = None
    states: set[str] = field(default_factory=set)
    text: str = ""
    """What follows the colon: a value, or the element's text."""
    index: int = 0
    """Position in the outline."""

    @property
    def label(self) -> str:
        """The name, else the text: what a person reads on the element."""
        return self.name or self.text


class Outline:
    """The latest page outline, parsed into :class:`Node` lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes: list[Node] = []
        for line in text.splitlines():
            match = _LINE.match(line)
            if match is None:
                continue
            node = _parse(match.group("body"), len(match.group("indent")) // 2)
            if node is not None:
                node.index = len(self.nodes)
                self.nodes.append(node)

    def __bool__(self) -> bool:
        return bool(self.nodes)

    def all(
        self, role: str | None = None, label: str | None = None, *, with_ref: bool = True
    ) -> list[Node]:
        """Nodes of ``role`` (any if ``None``) whose name or text is exactly ``label``."""
        return [
            n
            for n in self.nodes
            if (role is None or n.role == role)
            and (label is None or _same(n.label, label))
            and (n.ref is not None or not with_ref)
        ]

    def first(self, role: str | None = None, label: str | None = None) -> Node | None:
        found = self.all(role, label)
        return found[0] if found else None

    def children(self, parent: Node) -> Iterator[Node]:
        """The lines nested under ``parent``, at any depth."""
        for node in self.nodes[parent.index + 1 :]:
            if node.depth <= parent.depth:
                return
            yield node

    def has_text(self, words: str) -> bool:
        return _norm(words).lower() in _norm(self.text).lower()


def _parse(body: str, depth: int) -> Node | None:
    if body.startswith("text: "):
        return Node(depth=depth, role="text", text=body[6:])
    if body.startswith("…"):
        return None
    head, sep, after = body.partition("]: ")
    if sep:
        head += "]"
    elif body.endswith(":"):
        head = body[:-1]
    else:
        head, sep, after = body, "", ""
        bare = re.match(r'^([a-z]+(?: "(?:[^"\\]|\\.)*")?): (.*)$', body)
        if bare:  # `option "x": …` has no tags before the colon
            head, after = bare.group(1), bare.group(2)
    match = _HEAD.match(head)
    if match is None:
        return None
    name = json.loads(match.group("name")) if match.group("name") else ""
    node = Node(depth=depth, role=match.group("role"), name=name, text=after.strip())
    for tag in _TAG.findall(match.group("rest")):
        if tag.startswith("ref="):
            node.ref = tag[4:]
        else:
            node.states.add(tag)
    if node.text.startswith('"') and node.text.endswith('"'):
        with contextlib.suppress(ValueError):
            node.text = json.loads(node.text)  # a field's value
    return node


def _norm(text: str) -> str:
    return " ".join(text.split())


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)
