"""Redaction: no secret input is ever written or shown in clear.

:func:`redact` is the one function every write point calls (or its caller, before): traces,
healed traces, pending heals and the runs kept beside a recipe, run logs, cassettes, reports
and error messages. It takes what is about to be written and the clear text of the run's
secret inputs (``SecretStr`` values), and replaces each occurrence of a secret inside a
*string value* with ``**********``.

Only data is touched: input and output values, arguments, results, errors, the model's words,
page text. Keys, numbers, booleans, ``null``, run ids, names, types and the structure are never
touched, so whatever the secret is (``1``, ``true``, ``ok``, ``2026``), a redacted trace reads
back as the same trace with the secret gone — never as broken JSON or a garbled run id. A
``compute`` expression is code: only the string literals inside it are redacted, so the code
still parses and computes the same thing.

Redacting twice changes nothing: the placeholder itself is never redacted again (a secret
``*`` does not turn ``**********`` into a hundred stars).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, SecretStr

from compiler.ir import (
    CodeExpr,
    DictExpr,
    FStringExpr,
    ListExpr,
    LiteralExpr,
    LocatorCandidate,
    LocatorExpr,
    Step,
    Trace,
)
from runtime.agent.messages import (
    AssistantMessage,
    SystemMessage,
    ToolCall,
    ToolResultMessage,
    UserMessage,
)
from runtime.agent.providers import AIResponse

__all__ = ["REDACTED", "redact", "redact_text", "redact_trace", "secrets_in"]

REDACTED = "**********"
"""What a secret is replaced with (pydantic shows a ``SecretStr`` the same way)."""

T = TypeVar("T")
_EXPRESSIONS = (LiteralExpr, FStringExpr, CodeExpr, LocatorExpr, ListExpr, DictExpr)


def secrets_in(values: Mapping[str, Any] | Iterable[Any]) -> list[str]:
    """The clear text of every non-empty ``SecretStr`` among ``values`` (a mapping's values)."""
    items = values.values() if isinstance(values, Mapping) else values
    return [
        v.get_secret_value() for v in items if isinstance(v, SecretStr) and v.get_secret_value()
    ]


def redact(value: T, secrets: Sequence[str]) -> T:
    """``value`` with every secret in its string data replaced by :data:`REDACTED`.

    ``value`` is a :class:`~compiler.ir.Trace`, a :class:`~compiler.ir.Step`, an expression, a
    model answer (``AIResponse``), a conversation message (:mod:`runtime.agent.messages`), a
    message (``str``), a JSON value, or a list or tuple of these; anything else is returned as
    it is. With no secrets, ``value`` itself comes back.
    """
    forms = _forms(secrets)
    if not forms:
        return value
    return _Redactor(forms).any(value)


def redact_text(text: str, secrets: Sequence[str]) -> str:
    """A message with every secret replaced by :data:`REDACTED` (see :func:`redact`)."""
    return redact(text, secrets)


def redact_trace(trace: Trace, secrets: Sequence[str]) -> Trace:
    """A trace with every secret in its data replaced by :data:`REDACTED` (see :func:`redact`)."""
    return redact(trace, secrets)


def _forms(secrets: Sequence[str]) -> list[str]:
    """The secrets as they can appear in text: as given, and escaped inside a ``repr`` or a
    JSON string (a secret with a quote or a backslash is written escaped); longest first, so
    a secret inside another is not redacted half."""
    forms: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        forms.update(f for f in (secret, repr(secret)[1:-1], json.dumps(secret)[1:-1]) if f)
    return sorted(forms, key=lambda f: (-len(f), f))


class _Redactor:
    def __init__(self, forms: list[str]) -> None:
        self.forms = forms

    # -- text and JSON ----------------------------------------------------------------

    def text(self, text: str) -> str:
        if not any(form in text for form in self.forms):
            return text
        for form in self.forms:
            # the placeholder is kept as it is: a secret such as "*" must not grow it
            text = REDACTED.join(part.replace(form, REDACTED) for part in text.split(REDACTED))
        return text

    def json(self, value: Any) -> Any:
        """A JSON value with its strings redacted; keys, numbers and booleans kept."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.json(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, tuple):
            return tuple(self.json(item) for item in value)
        return value

    def code(self, source: str) -> str:
        """A ``compute`` expression with its string literals redacted; the code stays the same.
        Text that does not parse is not code anyone runs: it is redacted as text."""
        if not any(form in source for form in self.forms):
            return source
        try:
            tree = ast.parse(source, mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return self.text(source)
        changed = False
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                redacted = self.text(node.value)
                if redacted != node.value:
                    node.value = redacted
                    changed = True
        return ast.unparse(tree) if changed else source

    # -- models -----------------------------------------------------------------------

    def any(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Trace):
            return self.trace(value)
        if isinstance(value, Step):
            return self.step(value)
        if isinstance(value, _EXPRESSIONS):
            return self.expr(value)
        if isinstance(value, list):
            return [self.any(item) for item in value]
        if isinstance(value, tuple):
            return tuple(self.any(item) for item in value)
        if isinstance(value, dict):
            return self.json(value)
        if isinstance(value, BaseModel):
            return self.model(value)
        return value

    def trace(self, trace: Trace) -> Trace:
        return trace.model_copy(
            update={
                "inputs": self.json(trace.inputs),
                "steps": tuple(self.step(s) for s in trace.steps),
                "outputs": self.json(trace.outputs),
            }
        )

    def step(self, step: Step) -> Step:
        compute = step.action.builtin == "compute"
        return step.model_copy(
            update={
                "args": {
                    key: (
                        self.code_literal(expr)
                        if compute and key == "expression" and isinstance(expr, LiteralExpr)
                        else self.expr(expr)
                    )
                    for key, expr in step.args.items()
                },
                "result": self.json(step.result),
                "result_repr": self.optional(step.result_repr),
                "error": self.optional(step.error),
                "reason": self.optional(step.reason),
            }
        )

    def code_literal(self, expr: LiteralExpr) -> LiteralExpr:
        if not isinstance(expr.value, str):
            return self.expr(expr)
        return expr.model_copy(update={"value": self.code(expr.value)})

    def expr(self, expr: Any) -> Any:
        if isinstance(expr, LiteralExpr):
            return expr.model_copy(update={"value": self.json(expr.value)})
        if isinstance(expr, FStringExpr):
            parts = tuple(self.text(p) if isinstance(p, str) else p for p in expr.parts)
            return expr.model_copy(update={"parts": parts})
        if isinstance(expr, CodeExpr):
            return expr.model_copy(update={"source": self.code(expr.source)})
        if isinstance(expr, LocatorExpr):
            return expr.model_copy(
                update={
                    "candidates": tuple(self.candidate(c) for c in expr.candidates),
                    "context": self.optional(expr.context),
                    "description": self.optional(expr.description),
                }
            )
        if isinstance(expr, ListExpr):
            return expr.model_copy(update={"items": tuple(self.expr(i) for i in expr.items)})
        if isinstance(expr, DictExpr):
            entries = tuple((key, self.expr(item)) for key, item in expr.entries)
            return expr.model_copy(update={"entries": entries})
        return expr  # a reference: names only

    def candidate(self, candidate: LocatorCandidate) -> LocatorCandidate:
        # a role's value is the ARIA role (structure); every other value is page text
        value = candidate.value if candidate.strategy == "role" else self.text(candidate.value)
        return candidate.model_copy(update={"value": value, "name": self.optional(candidate.name)})

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def model(self, model: BaseModel) -> BaseModel:
        """A model answer (``AIResponse``, ``ToolCall``) or a conversation message: text and
        arguments are data; kinds and tool-call ids are not."""
        if isinstance(model, SystemMessage | UserMessage | ToolResultMessage):
            return model.model_copy(update={"content": self.text(model.content)})
        if isinstance(model, AssistantMessage):
            return model.model_copy(
                update={
                    "content": self.optional(model.content),
                    "tool_calls": tuple(self.model(c) for c in model.tool_calls),
                }
            )
        if isinstance(model, AIResponse):
            request = model.request
            if request is not None:  # a cassette's: the conversation it was recorded for
                request = request.model_copy(update={"messages": self.json(request.messages)})
            return model.model_copy(
                update={
                    "content": self.optional(model.content),
                    "tool_calls": [self.model(c) for c in model.tool_calls],
                    "request": request,
                }
            )
        if isinstance(model, ToolCall):
            arguments = {
                key: (
                    self.code(item)
                    if model.name == "compute" and key == "expression" and isinstance(item, str)
                    else self.json(item)
                )
                for key, item in model.arguments.items()
            }
            return model.model_copy(
                update={"arguments": arguments, "raw_arguments": self.optional(model.raw_arguments)}
            )
        return model
