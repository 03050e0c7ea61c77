"""Cassettes: a real model run's answers saved as JSON, replayed later as ``mock_responses``.

A cassette file looks like::

    {"schema_version": 1, "task": "invoices", "model": "gpt-4o-mini",
     "responses": [{"content": null, "tool_calls": [...], "input_tokens": 812, ...}, ...]}

:class:`RecordingProvider` wraps a real provider and keeps every answer (with its latency);
:func:`save_cassette` writes them atomically; :func:`load_cassette` reads them back and turns
every problem into a :class:`CassetteError` that names the file and the place in it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticSerializationError

from compiler.errors import validation_problems, versioned_object_problem
from runtime._files import atomic_write_text
from runtime.errors import RecipeCompilerError
from runtime.providers import AIResponse, ModelProvider

__all__ = [
    "CASSETTE_SCHEMA_VERSION",
    "Cassette",
    "CassetteError",
    "RecordingProvider",
    "dump_cassette",
    "load_cassette",
    "read_cassette",
    "save_cassette",
]

CASSETTE_SCHEMA_VERSION = 1
"""Bumped whenever a saved cassette would be read differently."""

_RERECORD = "re-record it by running the task with OPENAI_API_KEY set"


class CassetteError(RecipeCompilerError):
    """A cassette file is missing, not valid JSON, or does not match the cassette schema."""


class Cassette(BaseModel):
    """The file format of a cassette."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = CASSETTE_SCHEMA_VERSION
    """The cassette format version (currently 1)."""
    task: str
    """The task whose run was recorded."""
    model: str | None = None
    """The model the run used."""
    responses: list[AIResponse] = Field(default_factory=list)
    """The model's answers, in the order the agent received them."""


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
        return Cassette.model_validate(raw)
    except ValidationError as exc:
        raise CassetteError(
            f"{source}: does not match cassette schema version {CASSETTE_SCHEMA_VERSION}:\n"
            + validation_problems(exc)
            + f"\nFix those fields, or {_RERECORD}."
        ) from None


def load_cassette(path: str | os.PathLike[str]) -> list[AIResponse]:
    """The recorded responses of a cassette file, ready to use as ``mock_responses``."""
    return list(read_cassette(path).responses)


class RecordingProvider:
    """Forwards every request to ``inner`` and keeps each answer, so a real run can be saved
    with :meth:`save` and replayed later without the model."""

    def __init__(self, inner: ModelProvider) -> None:
        self.inner = inner
        self.name = inner.name
        self.responses: list[AIResponse] = []

    def complete(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        started = time.perf_counter()
        response = self.inner.complete(messages, tools, turn=turn)
        if response.latency_s is None:
            response = response.model_copy(update={"latency_s": time.perf_counter() - started})
        self.responses.append(response)
        return response

    def save(self, path: str | os.PathLike[str], *, task: str) -> Path:
        """Save everything recorded so far as a cassette (see :func:`save_cassette`)."""
        return save_cassette(path, self.responses, task=task, model=self.name)
