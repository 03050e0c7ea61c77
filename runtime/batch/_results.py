"""The results file of a batch: one JSON line per input row, appended as rows finish.

Every line is written whole, flushed and fsynced before the next row's result is taken, so a
Ctrl-C, a SIGKILL or a power cut leaves a file complete up to its last line (a line cut off by
a crash in the middle of a write is dropped when the batch resumes, and the row runs again
only if it changes nothing; see :class:`StartedJournal`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, JsonValue, ValidationError

from runtime.errors import InputError

Mode = Literal["recipe", "recipe+fallback", "failed"]
ErrorKind = Literal["input", "recipe", "fallback", "interrupted", "error"]


class ResultRow(BaseModel):
    """What one input row gave: its outputs or its error, how it ran and what it cost."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    """Stable id of the row: a hash of its inputs (``-2``, ``-3``… on repeats)."""
    line: int
    """Where the row is in the inputs file (a line of .jsonl/.csv, a row of .parquet)."""
    inputs: dict[str, JsonValue] | None = None
    """The inputs as validated (secret inputs shown as ``**********``)."""
    mode: Mode
    """``recipe`` (no model), ``recipe+fallback`` (the agent finished it) or ``failed``."""
    outputs: JsonValue = None
    """The task's outputs, as JSON (``None`` when the row failed)."""
    error: str | None = None
    """What went wrong, where, and what to do (``None`` when the row succeeded)."""
    error_kind: ErrorKind | None = None
    """``input`` (the row did not validate), ``recipe`` (a step failed and no fallback was
    allowed), ``fallback`` (the agent could not finish either), ``interrupted`` (the batch was
    stopped while the row ran) or ``error``."""
    failed_step: int | None = None
    """The recipe step that failed (from 1), for ``recipe+fallback`` and failed rows."""
    healed: bool = False
    """Whether this row's fallback rewrote the recipe (the rows after it use the healed one)."""
    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float | None = None
    """Model cost of the row, when the run reports one."""
    duration_s: float = 0.0
    run_id: str | None = None
    run: str | None = None
    """The row's run record (steps, screenshots), relative to the results file's folder."""
    worker: str | None = None
    warnings: list[str] = []


def started_journal_path(out: Path) -> Path:
    """Where a batch notes each row as it starts (tasks with side effects only)."""
    return out.with_name(out.name + ".started")


def runs_dir(out: Path) -> Path:
    """Where a batch keeps each row's run record: ``results.runs/`` beside ``results.jsonl``."""
    return out.with_name(out.stem + ".runs")


class ResultsFile:
    """The ``--out`` file: the rows already done (the last line of an id wins), and appends."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.done: dict[str, ResultRow] = {}
        self.dropped_tail: str | None = None
        """A last line cut off by a crash, dropped when the file was opened."""
        if self.path.exists():
            self._read()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("a", encoding="utf-8", newline="\n")

    def _read(self) -> None:
        data = self.path.read_bytes()
        end = data.rfind(b"\n") + 1
        if end < len(data):  # a line cut off in the middle of a write: drop it
            self.dropped_tail = data[end:].decode("utf-8", "replace")
            with self.path.open("r+b") as handle:
                handle.truncate(end)
                handle.flush()
                os.fsync(handle.fileno())
        for n, raw in enumerate(data[:end].decode("utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                row = ResultRow.model_validate_json(raw)
            except ValidationError as exc:
                problem = exc.errors()[0]["msg"]
                raise InputError(
                    f"{self.path}, line {n}: not a result row of a batch ({problem}). Is --out "
                    "the results file of this batch? Fix or remove that line, or choose another "
                    "--out."
                ) from None
            self.done[row.id] = row

    def append(self, rows: Iterable[ResultRow]) -> None:
        """Write rows, one line each, and make them durable before returning."""
        text = "".join(row.model_dump_json() + "\n" for row in rows)
        if not text:
            return
        self._handle.write(text)
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


class Journal(Protocol):
    """Notes a row as started, durably, before it runs."""

    def mark(self, row_id: str) -> None: ...


class StartedJournal:
    """Row ids noted, durably, just before each row runs.

    A row noted here without a line in the results file was running when the batch was
    stopped: its changes may have happened, so a resumed batch does not run it again (it is
    written as ``interrupted``), unless the task changes nothing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def mark(self, row_id: str) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (row_id + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> set[str]:
        if not self.path.is_file():
            return set()
        return {line for line in self.path.read_text(encoding="utf-8").splitlines() if line}


def load_results(path: str | Path) -> list[ResultRow]:
    """The rows of a results file, the last line of each id, in file order."""
    results = ResultsFile(path)
    results.close()
    return list(results.done.values())


def write_text_quietly(path: Path, text: str) -> None:
    """Write a diagnostic file whole (temp file + rename) without waiting for the disk: a run
    record is not worth an fsync per row; the results line that names it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
