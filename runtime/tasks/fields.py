"""The task fields users bring from the seed APIs, mapped onto ours.

==================  ==========================  ===============================================
seed                their name                  ours
==================  ==========================  ===============================================
ControlFlow         ``objective``               ``description`` (either, not both)
ControlFlow         ``result_type``             ``outputs`` (either, not both)
Upsonic             ``response_format``         ``outputs`` (either, not both)
Conatus             ``starting_variables``      ``inputs`` with these values as defaults
                                                (not with ``inputs``)
Conatus             ``model_config``            ``TaskConfig(model=, base_url=, api_key=,
                                                request_timeout_s=)``, laid over ``config``
ControlFlow         ``instructions``            its own field: added to what the model reads
ControlFlow/Upsonic ``context``                 its own field: shown to the model; files and
                                                folders in it become attachments it can read
Upsonic             ``guardrail_retries``       its own field: how often the agent may retry
                                                after the guardrail rejected its outputs
==================  ==========================  ===============================================

A recipe replays without the model, so ``instructions`` and ``context`` matter where the
model works: the agent run and a fallback.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.fingerprint import fingerprint
from runtime.actions.recorder import jsonable
from runtime.errors import TaskDefinitionError
from runtime.tasks.config import TaskConfig

__all__ = [
    "SEED_FIELDS",
    "SeedFields",
    "brief_digests",
    "context_files",
    "model_brief",
    "take_seed_fields",
]

SEED_FIELDS = (
    "objective",
    "instructions",
    "context",
    "result_type",
    "response_format",
    "starting_variables",
    "model_config",
    "guardrail_retries",
)
"""The seed names ``Task(...)`` accepts besides its own."""

_MODEL_CONFIG_KEYS = {
    "model": "model",
    "model_name": "model",
    "base_url": "base_url",
    "api_key": "api_key",
    "request_timeout_s": "request_timeout_s",
    "timeout": "request_timeout_s",
}
FILE_LIMIT = 8_000
"""Characters of one attached file the model reads."""
TOTAL_LIMIT = 40_000
"""Characters of all attached files together."""


@dataclass
class SeedFields:
    """What the seed names gave, resolved onto ``Task``'s own arguments."""

    description: Any
    inputs: Any
    outputs: Any
    config: TaskConfig | None
    defaults: dict[str, Any]
    """Input values from ``starting_variables``."""
    instructions: str | None = None
    context: Any = None
    guardrail_retries: int | None = None


def take_seed_fields(
    description: Any, inputs: Any, outputs: Any, config: TaskConfig | None, fields: dict[str, Any]
) -> SeedFields:
    """Resolve the seed names given in ``fields`` (``None``: not given); a clash (``objective`` with
    ``description``, ``starting_variables`` with ``inputs``…) is a :class:`TaskDefinitionError`
    naming both."""
    given = {k: v for k, v in fields.items() if k in SEED_FIELDS and v is not None}
    if "objective" in given:
        if description is not None:
            raise TaskDefinitionError(
                "Give the task's description or its objective (ControlFlow's name for it), not "
                "both."
            )
        description = given["objective"]
    formats = [k for k in ("result_type", "response_format") if k in given]
    if formats:
        if outputs is not None or len(formats) > 1:
            names = ["outputs"] * (outputs is not None) + formats
            raise TaskDefinitionError(
                f"{' and '.join(names)} all name the task's outputs; give one of them."
            )
        outputs = given[formats[0]]
    defaults: dict[str, Any] = {}
    if "starting_variables" in given:
        if inputs is not None:
            raise TaskDefinitionError(
                "starting_variables and inputs are mutually exclusive: starting_variables "
                "gives the inputs by example (their values become the defaults), inputs by type."
            )
        start = given["starting_variables"]
        if not isinstance(start, Mapping):
            raise TaskDefinitionError(
                "starting_variables must be a dict of name to value, e.g. {'customer': 'ACME'}"
                f" (a {type(start).__name__} gives the variables no names)."
            )
        inputs = {name: type(value) for name, value in start.items()}
        defaults = dict(start)
    if "model_config" in given:
        config = _with_model_config(config, given["model_config"])
    retries = given.get("guardrail_retries")
    if retries is not None and (not isinstance(retries, int) or retries < 0):
        raise TaskDefinitionError(f"guardrail_retries must be an integer ≥ 0, got {retries!r}.")
    instructions = given.get("instructions")
    if instructions is not None and not isinstance(instructions, str):
        raise TaskDefinitionError("instructions must be text.")
    return SeedFields(
        description=description,
        inputs=inputs,
        outputs=outputs,
        config=config,
        defaults=defaults,
        instructions=instructions,
        context=given.get("context"),
        guardrail_retries=retries,
    )


def _with_model_config(config: TaskConfig | None, model_config: Any) -> TaskConfig:
    if hasattr(model_config, "model_dump"):
        model_config = model_config.model_dump(exclude_none=True)
    if not isinstance(model_config, Mapping):
        raise TaskDefinitionError(
            f"model_config must be a dict, e.g. {{'model': 'gpt-4o'}}; got {model_config!r}."
        )
    unknown = sorted(set(model_config) - set(_MODEL_CONFIG_KEYS))
    if unknown:
        raise TaskDefinitionError(
            f"model_config: {', '.join(unknown)} not supported; it takes "
            f"{', '.join(sorted(_MODEL_CONFIG_KEYS))} (the agent sends no sampling options)."
        )
    base = (config or TaskConfig()).model_dump()
    changes = {_MODEL_CONFIG_KEYS[k]: v for k, v in model_config.items()}
    return TaskConfig.model_validate({**base, **changes})


# --------------------------------------------------------------------------- what the model reads


def context_files(context: Any) -> tuple[Any, list[Path]]:
    """``context`` without the paths of existing files and folders, and those files (a
    folder's, recursively, hidden ones left out), in order."""
    files: list[Path] = []

    def visit(value: Any) -> Any:
        if isinstance(value, str | os.PathLike) and _is_path(value):
            path = Path(value)
            if path.is_dir():
                files.extend(
                    sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file() and not any(part.startswith(".") for part in p.parts)
                    )
                )
            else:
                files.append(path)
            return _GONE
        if isinstance(value, Mapping):
            kept = {k: visit(v) for k, v in value.items()}
            return {k: v for k, v in kept.items() if v is not _GONE}
        if isinstance(value, list | tuple):
            return [v for v in (visit(v) for v in value) if v is not _GONE]
        return value

    cleaned = visit(context)
    return (None if cleaned is _GONE else cleaned), files


_GONE: Any = object()


def _is_path(value: str | os.PathLike[str]) -> bool:
    text = os.fspath(value)
    if not text or "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).exists()
    except (OSError, ValueError):
        return False


def model_brief(instructions: str | None, context: Any) -> str | None:
    """The instructions, context and attached files, as the model reads them (``None`` when
    the task has none)."""
    brief = _brief(instructions, context)
    parts: list[str] = []
    if brief.instructions is not None:
        parts.append(f"Instructions for this task:\n{brief.instructions}")
    if brief.context is not None:
        parts.append(f"Context for this task:\n{brief.context}")
    if brief.files:
        lines = ["Attached files (read-only; long files are cut):"]
        lines += [f"--- {path}{shown}" for path, shown in brief.files]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) or None


def brief_digests(instructions: str | None, context: Any) -> dict[str, str]:
    """The fingerprint of each part of what the model reads besides the description:
    ``instructions``, ``context`` (the inline part) and each attached file under its name (the
    text the model reads of it, not its path: a moved project reads the same). A trace keeps
    these, never the text; a replay compares them with the task's current ones
    (:func:`runtime.run.replay.brief_changed`)."""
    brief = _brief(instructions, context)
    digests: dict[str, str] = {}
    if brief.instructions is not None:
        digests["instructions"] = fingerprint(brief.instructions)
    if brief.context is not None:
        digests["context"] = fingerprint(brief.context)
    for path, shown in brief.files:
        key, n = path.name, 1
        while key in digests:
            n += 1
            key = f"{path.name} ({n})"
        digests[key] = fingerprint(shown)
    return digests


@dataclass
class _Brief:
    instructions: str | None
    context: str | None
    files: list[tuple[Path, str]]
    """Each attached file and what the model reads after its path: `` (N bytes)`` and its
    text (cut), or why it is not shown."""


def _brief(instructions: str | None, context: Any) -> _Brief:
    cleaned, files = context_files(context) if context is not None else (None, [])
    shown = None
    if cleaned not in (None, {}, [], ""):
        shown = cleaned if isinstance(cleaned, str) else _json(cleaned)
    return _Brief(
        instructions=instructions.strip() if instructions else None,
        context=shown,
        files=_attachments(files),
    )


def _json(value: Any) -> str:
    return json.dumps(jsonable(value), indent=2, ensure_ascii=False, default=str)


def _attachments(files: list[Path]) -> list[tuple[Path, str]]:
    shown: list[tuple[Path, str]] = []
    budget = TOTAL_LIMIT
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            shown.append((path, f": cannot be read ({exc.strerror or exc})"))
            continue
        head = f" ({len(data):,} bytes)"
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text[:8192]:
            shown.append((path, f"{head}: binary, not shown"))
            continue
        limit = min(FILE_LIMIT, budget)
        if limit <= 0:
            shown.append(
                (path, f"{head}: not shown (the attachments' {TOTAL_LIMIT:,} characters are used)")
            )
            continue
        cut = f"\n… ({len(text) - limit:,} more characters)" if len(text) > limit else ""
        shown.append((path, f"{head}\n{text[:limit]}{cut}"))
        budget -= min(len(text), limit)
    return shown
