"""Task memory: ``memory.get(key)`` and ``memory.set(key, value)``.

Both are actions. A task with a ``memory_scope`` offers them to its agent as the tools
``memory_get`` and ``memory_set``; a recipe calls them as plain functions
(``from runtime.tasks.memory import memory`` … ``memory.get(key="last_total")``); every call is
recorded like any action's, so a recipe that reads memory generalizes through data flow, and
a replay reads what is in memory now, not what the recording saw.

- ``memory_scope="session"``: kept for one run (a replay and its fallback share it; a sub-task
  shares its parent run's) and cleared when the run ends.
- ``memory_scope="permanent"``: a SQLite file beside the recipes, ``<recipe_dir>/memory.sqlite``,
  shared by the tasks of that folder and by every process. Runs that may use it take turns
  (:func:`memory_lock`): a run of a task that keeps permanent memory, itself or through a task
  it reaches, holds the file's lock from start to end, since two runs at once would both read
  "welcomed" before either writes it (one customer welcomed twice, another dropped).

Values are stored as JSON (a pydantic model is stored as its fields), so what comes back is
JSON data: dicts, lists, strings, numbers, booleans, ``None``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from runtime.actions.control import current_control
from runtime.actions.decorator import Action, action
from runtime.actions.recorder import jsonable
from runtime.errors import ActionError, RunCancelled
from runtime.tasks.compose import reached_tasks

if TYPE_CHECKING:
    from runtime.tasks.task import Task

__all__ = [
    "MEMORY_FILE",
    "MemoryStore",
    "Scope",
    "SessionMemory",
    "SqliteMemory",
    "memory",
    "memory_get",
    "memory_lock",
    "memory_set",
]

_progress = logging.getLogger("recipe")

Scope = Literal["session", "permanent"]
MEMORY_FILE = "memory.sqlite"
"""The permanent memory's file name, in the task's ``recipe_dir``."""


class MemoryStore(Protocol):
    """Where a run's memory lives."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...

    def end_of_run(self) -> None:
        """The run that owns the store ended."""
        ...


class SessionMemory:
    """Memory for one run, cleared when it ends."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            found = self._values.get(key)
        return default if found is None else json.loads(found)

    def set(self, key: str, value: Any) -> None:
        text = _dumps(key, value)
        with self._lock:
            self._values[key] = text

    def end_of_run(self) -> None:
        with self._lock:
            self._values.clear()


class SqliteMemory:
    """Permanent memory in a SQLite file (one connection per call: safe from any thread or
    process; SQLite serializes the writes)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS memory "
            "(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)"
        )
        return connection

    def get(self, key: str, default: Any = None) -> Any:
        connection = self._connect()
        try:
            row = connection.execute("SELECT value FROM memory WHERE key = ?", (key,)).fetchone()
        finally:
            connection.close()
        return default if row is None else json.loads(row[0])

    def set(self, key: str, value: Any) -> None:
        text = _dumps(key, value)
        connection = self._connect()
        try:
            with connection:  # one transaction: the write is whole or absent
                connection.execute(
                    "INSERT INTO memory (key, value, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                    "updated_at = excluded.updated_at",
                    (key, text, datetime.now(UTC).isoformat(timespec="seconds")),
                )
        finally:
            connection.close()

    def keys(self) -> list[str]:
        connection = self._connect()
        try:
            return [r[0] for r in connection.execute("SELECT key FROM memory ORDER BY key")]
        finally:
            connection.close()

    def end_of_run(self) -> None:
        """Permanent memory outlives the run."""


def _dumps(key: str, value: Any) -> str:
    data = jsonable(value)
    if data is None and value is not None:
        raise ActionError(
            f"memory.set({key!r}, ...): a {type(value).__name__} cannot be stored; memory holds "
            "JSON values (dicts, lists, text, numbers, booleans, None, pydantic models)."
        )
    return json.dumps(data, ensure_ascii=False)


def memory_for(task: Task[Any], parent: MemoryStore | None) -> tuple[MemoryStore, bool]:
    """The store a run of ``task`` uses, and whether the run owns it (then it ends with the
    run): a sub-task's session is its parent run's."""
    scope = task.memory_scope
    if scope == "permanent":
        return SqliteMemory(Path(task.recipe_dir) / MEMORY_FILE), False
    if parent is not None and isinstance(parent, SessionMemory):
        return parent, False
    return SessionMemory(), True


def permanent_memory(task: Task[Any]) -> dict[Path, str]:
    """The permanent memory files a run of ``task`` may read and write, each with the name of a
    task that keeps it: its own, and those of the tasks it reaches (sub-tasks among its actions,
    tasks it depends on, recursively)."""
    files: dict[Path, str] = {}
    for reached in reached_tasks(task):
        if reached.memory_scope == "permanent":
            path = (Path(reached.recipe_dir) / MEMORY_FILE).resolve()
            files.setdefault(path, reached.name)
    return files


@contextlib.contextmanager
def memory_lock(task: Task[Any]) -> Iterator[None]:
    """Held for a whole run of ``task`` when it keeps permanent memory (itself or through a task
    it reaches), so that such runs take turns across threads and processes: a second one waits
    for the first to end. Nothing for other tasks. Re-entrant in one thread (a sub-task's run
    inside its parent's holds it already); a lock file beside the memory file
    (``memory.sqlite.lock``), released by the kernel when its holder dies."""
    files = sorted(permanent_memory(task))
    if not files:
        yield
        return
    from filelock import FileLock, Timeout  # lazy: only runs that keep permanent memory

    with contextlib.ExitStack() as held:
        for path in files:  # always in this order: two runs never wait for each other
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(path) + ".lock", is_singleton=True)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                _wait_for(lock, task, path)
            held.callback(lock.release)
        yield


def _wait_for(lock: Any, task: Task[Any], path: Path) -> None:
    """Take ``lock``, which another run holds, unless this run is cancelled meanwhile."""
    from filelock import Timeout  # lazy: as in memory_lock, only runs that keep permanent memory

    _progress.info(
        "task %r: waiting for another run using the permanent memory %s", task.name, path
    )
    control = current_control()  # an execution's, prepared before its run starts
    while True:
        if control is not None and control.cancel_event.is_set():
            raise RunCancelled(
                f"task {task.name!r}: the run was cancelled while it waited for another run "
                f"using the permanent memory {path}; nothing of it ran."
            )
        try:
            lock.acquire(timeout=0.2)
            return
        except Timeout:
            continue


def _store(what: str) -> MemoryStore:
    control = current_control()
    store = control.memory if control is not None else None
    if store is None:
        raise ActionError(
            f"{what}: this run has no memory. Give the task memory_scope='session' (kept for "
            "the run) or memory_scope='permanent' (a SQLite file beside the recipes), and run "
            "it with task.run(...) or `recipe replay`."
        )
    return store


@action(read_only=True, name="memory_get")
def _memory_get(key: str, default: Any = None) -> Any:
    """Read a value from the task's memory (``default`` when the key was never set)."""
    return _store(f"memory.get({key!r})").get(key, default)


@action(idempotent=True, name="memory_set")
def _memory_set(key: str, value: Any) -> None:
    """Write a value (JSON: text, numbers, lists, objects) into the task's memory under
    ``key``, replacing what was there."""
    _store(f"memory.set({key!r}, ...)").set(key, value)


memory_get: Action[..., Any] = _memory_get
memory_set: Action[..., None] = _memory_set
# Recipes import ``memory`` and call ``memory.get(...)`` / ``memory.set(...)``.
memory_get.qualname = "memory.get"
memory_set.qualname = "memory.set"


class Memory:
    """``memory.get(key, default=None)`` and ``memory.set(key, value)``: the memory of the run
    in progress (see the module docstring)."""

    get = memory_get
    set = memory_set

    def __repr__(self) -> str:
        return "<task memory: memory.get(key), memory.set(key, value)>"


memory = Memory()
"""The memory actions, as recipes call them."""
