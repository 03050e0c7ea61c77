"""Cassettes: a real model run's answers saved as JSON, replayed later as ``mock_responses``.

A cassette file looks like::

    {"schema_version": 2, "task": "invoices", "model": "gpt-4o-mini",
     "responses": [{"content": null, "tool_calls": [...], "input_tokens": 812, ...,
                    "request": {"continues": true, "messages": [...]}}, ...]}

Each answer keeps the request it was recorded for (the messages sent since the answer before, in
the OpenAI chat shape whatever provider ran: the typed messages are converted when recorded;
:mod:`runtime.agent.conversation` says what is compared and what legitimately varies), and answers
only that request when replayed: anything else raises :class:`~runtime.errors.CassetteMiss`.
A cassette of format 1 (answers only) still loads; its answers are replayed in order, unchecked,
with a warning to re-record it.

:class:`RecordingProvider` wraps a real provider and keeps every answer (with its latency and
request); :func:`save_cassette` writes them atomically; :func:`load_cassette` reads them back
and turns every problem into a :class:`CassetteError` that names the file and the place in it;
:func:`rerecord_cassette` stores the current requests of a run of a cassette's own answers,
offline (after a change to the prompts, the fallback's hint or the recipes).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticSerializationError

from compiler.errors import validation_problems, versioned_object_problem
from runtime.agent.conversation import RequestLog
from runtime.agent.messages import Message
from runtime.agent.providers import AIResponse, MockProvider, ModelProvider
from runtime.errors import RecipeCompilerError
from runtime.store._files import atomic_write_text

__all__ = [
    "CASSETTE_SCHEMA_VERSION",
    "Cassette",
    "CassetteError",
    "RecordingProvider",
    "dump_cassette",
    "load_cassette",
    "read_cassette",
    "rerecord_cassette",
    "save_cassette",
]

CASSETTE_SCHEMA_VERSION = 2
"""Bumped whenever a saved cassette would be read differently (2: answers keep their request)."""

_RERECORD = "re-record it by running the task with OPENAI_API_KEY set"


class CassetteError(RecipeCompilerError):
    """A cassette file is missing, not valid JSON, or does not match the cassette schema."""


class Cassette(BaseModel):
    """The file format of a cassette."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = CASSETTE_SCHEMA_VERSION
    """The cassette format version (currently 2; 1 had no requests)."""
    task: str
    """The task whose run was recorded."""
    model: str | None = None
    """The model the run used."""
    responses: list[AIResponse] = Field(default_factory=list)
    """The model's answers, in the order the agent received them, each with its request."""


def dump_cassette(responses: Sequence[AIResponse], *, task: str, model: str | None) -> str:
    """The cassette JSON text for ``responses`` (stable, indented, None fields left out)."""
    cassette = Cassette(task=task, model=model, responses=list(responses))
    try:
        return cassette.model_dump_json(indent=2, exclude_none=True) + "\n"
    except PydanticSerializationError as exc:
        raise CassetteError(
            f"Cannot save the cassette of task {task!r}: a response holds a value that is not "
            f"JSON ({exc}). Keep tool call arguments to JSON values."
        ) from None


def save_cassette(
    path: str | os.PathLike[str],
    responses: Sequence[AIResponse],
    *,
    task: str,
    model: str | None,
) -> Path:
    """Write a cassette atomically. Overwriting a file with different content first keeps the
    old one as ``<name>.bak`` next to it. Returns the path written."""
    target = Path(path)
    text = dump_cassette(responses, task=task, model=model)
    try:
        if target.is_file():
            old = target.read_bytes()
            if old == text.encode("utf-8"):
                return target
            _atomic_write_bytes(target.with_name(target.name + ".bak"), old)
        return atomic_write_text(target, text)
    except OSError as exc:
        raise CassetteError(
            f"Cannot write the cassette {target}: {exc.strerror or exc}. Check the path and its "
            "permissions."
        ) from None


def _atomic_write_bytes(target: Path, data: bytes) -> None:
    # The backup keeps the old file byte for byte, even if it is not valid UTF-8.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_cassette(path: str | os.PathLike[str]) -> Cassette:
    """Read and validate a whole cassette file."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CassetteError(
            f"No cassette at {source}. Check the path, or record one: {_RERECORD}."
        ) from None
    except UnicodeDecodeError as exc:
        raise CassetteError(
            f"{source}: not UTF-8 text (byte {exc.start}). A cassette is a JSON file; "
            f"restore it from {source.name}.bak if there is one, or {_RERECORD}."
        ) from None
    except OSError as exc:
        raise CassetteError(f"Cannot read the cassette {source}: {exc.strerror or exc}.") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CassetteError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            f"Fix it by hand, restore {source.name}.bak if there is one, or {_RERECORD}."
        ) from None
    problem = versioned_object_problem(raw, kind="cassette", current=CASSETTE_SCHEMA_VERSION)
    if problem:
        raise CassetteError(f"{source}: {problem}")
    try:
        cassette = Cassette.model_validate(raw)
    except ValidationError as exc:
        raise CassetteError(
            f"{source}: does not match cassette schema version {CASSETTE_SCHEMA_VERSION}:\n"
            + validation_problems(exc)
            + f"\nFix those fields, or {_RERECORD}."
        ) from None
    if cassette.schema_version < 2 and cassette.responses:
        warnings.warn(
            f"{source}: a cassette of format {cassette.schema_version} holds no requests, so its "
            f"answers are replayed in order, whatever is asked; {_RERECORD}, or store the "
            "requests with runtime.agent.cassettes.rerecord_cassette.",
            stacklevel=2,
        )
    return cassette.model_copy(
        update={
            "responses": [
                (
                    r.model_copy(
                        update={"request": r.request.model_copy(update={"source": str(path)})}
                    )
                    if r.request is not None
                    else r
                )
                for r in cassette.responses
            ]
        }
    )


def load_cassette(path: str | os.PathLike[str]) -> list[AIResponse]:
    """The recorded responses of a cassette file, ready to use as ``mock_responses``: each
    answers only the request it was recorded for."""
    return list(read_cassette(path).responses)


class RecordingProvider:
    """Forwards every request to ``inner`` and keeps each answer with its request, so a real
    run can be saved with :meth:`save` and replayed later without the model."""

    def __init__(self, inner: ModelProvider) -> None:
        self.inner = inner
        self.name = inner.name
        self.responses: list[AIResponse] = []
        self._log = RequestLog()

    def complete(
        self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        request = self._log.request(messages)
        started = time.perf_counter()
        response = self.inner.complete(messages, tools, turn=turn)
        if response.latency_s is None:
            response = response.model_copy(update={"latency_s": time.perf_counter() - started})
        self.responses.append(response.model_copy(update={"request": request}))
        self._log.answered(response.assistant_message())
        return response

    def save(self, path: str | os.PathLike[str], *, task: str) -> Path:
        """Save everything recorded so far as a cassette (see :func:`save_cassette`)."""
        return save_cassette(path, self.responses, task=task, model=self.name)


def rerecord_cassette(path: str | os.PathLike[str], run: Callable[[ModelProvider], object]) -> Path:
    """Store with each answer of the cassette at ``path`` the request the current code sends
    for it, offline: ``run(provider)`` must make the cassette's run again with ``provider``,
    which gives the recorded answers in order, unchecked. The answers themselves are kept as
    they were (no token estimates, no latencies are added); the old file is kept as
    ``<name>.bak``. For a prompt, hint or recipe change that leaves the answers right — to
    change what the model answered, record again with the model."""
    cassette = read_cassette(path)
    answers = [r.model_copy(update={"request": None}) for r in cassette.responses]
    scripted = MockProvider(answers, task_name=cassette.task, name=cassette.model or "mock")
    log = RequestLog()
    stored: list[AIResponse] = []

    class Rerecording:
        name = scripted.name

        def complete(
            self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
        ) -> AIResponse:
            request = log.request(messages)
            response = scripted.complete(messages, tools, turn=turn)
            stored.append(answers[len(stored)].model_copy(update={"request": request}))
            log.answered(response.assistant_message())
            return response

    run(Rerecording())
    if len(stored) != len(answers):
        raise CassetteError(
            f"{path}: the run used {len(stored)} of the cassette's {len(answers)} answers, so "
            "it is not the run the cassette recorded; nothing was written."
        )
    return save_cassette(path, stored, task=cassette.task, model=cassette.model)
