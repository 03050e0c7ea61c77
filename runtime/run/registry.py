"""The run registry on disk, behind ``recipe run … --detach``, ``recipe status ID`` and
``recipe cancel ID`` (their commands: :mod:`runtime.cli.executions`).

One JSON file per execution (an :class:`~runtime.run.execution.ExecutionStatus`, written
atomically) in the registry folder: ``$RECIPE_RUNS_DIR``, else
``$XDG_STATE_HOME/recipe-compiler/executions`` (``~/.local/state/…``). A detached run is a
child process in a session of its own; it updates its file as it goes (at most four times a
second), and its output goes to ``<id>.log`` beside it. ``recipe cancel`` sends it ``SIGTERM``,
which the child turns into ``execution.cancel()``: it stops at its next action boundary.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import ValidationError

from runtime.errors import RecipeCompilerError
from runtime.run.execution import FINAL, ExecutionStatus
from runtime.store._files import atomic_write_text

__all__ = ["Registry", "RegistryError", "default_registry_dir", "runs_this"]

_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.-]{0,80}")


class RegistryError(RecipeCompilerError):
    """An execution id the registry does not know, or a registry file that cannot be read."""


def default_registry_dir() -> Path:
    if os.environ.get("RECIPE_RUNS_DIR"):
        return Path(os.environ["RECIPE_RUNS_DIR"])
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "recipe-compiler" / "executions"


class Registry:
    """The folder of execution files."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_registry_dir()

    def file(self, execution_id: str) -> Path:
        if not _ID.fullmatch(execution_id):
            raise RegistryError(
                f"{execution_id!r} is not an execution id (ids look like 20260105-093012-4f2a1c; "
                "`recipe status` lists them)."
            )
        return self.path / f"{execution_id}.json"

    def log(self, execution_id: str) -> Path:
        return self.file(execution_id).with_suffix(".log")

    def write(self, status: ExecutionStatus) -> None:
        atomic_write_text(self.file(status.id), status.model_dump_json(indent=2) + "\n")

    def read(self, execution_id: str) -> ExecutionStatus:
        """The execution's status; a run whose process is gone without a final state is
        reported as failed."""
        path = self.file(execution_id)
        if not path.is_file():
            raise RegistryError(
                f"no execution {execution_id} in {self.path}. `recipe status` lists the known "
                "ones (set RECIPE_RUNS_DIR if the run used another registry)."
            )
        try:
            status = ExecutionStatus.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            raise RegistryError(
                f"{path}: not an execution file ({exc.errors()[0]['msg']})."
            ) from None
        pid_file = path.with_suffix(".pid")
        if status.pid is None and pid_file.is_file():
            status = status.model_copy(update={"pid": int(pid_file.read_text().strip() or 0)})
        if status.state not in FINAL and status.pid is not None and not _alive(status.pid):
            status = status.model_copy(
                update={
                    "state": "failed",
                    "error": f"the process (pid {status.pid}) ended without a final report "
                    f"(killed, or out of memory?); see its output in {status.log}",
                    "current_action": None,
                }
            )
        return status

    def all(self) -> list[ExecutionStatus]:
        if not self.path.is_dir():
            return []
        found = []
        for path in sorted(self.path.glob("*.json")):
            try:
                found.append(self.read(path.stem))
            except RecipeCompilerError:
                continue
        return found


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    if stat.is_file():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
        except (OSError, IndexError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def runs_this(pid: int, execution_id: str) -> bool:
    """Whether ``pid`` is still the process of this execution (pids are reused)."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.is_file():
        return _alive(pid)
    try:
        return execution_id.encode() in cmdline.read_bytes()
    except OSError:
        return False
