"""Crash-safe file writes: a reader (or a crash) never sees a half-written file, and a set of
files written together is seen all at once or not at all.

- :func:`atomic_write_text` / :func:`atomic_write_bytes`: one file, through a temp file in the
  same folder (fsync, rename, fsync the folder). Temp files are named by :func:`temp_path`
  (``.<name>.<pid>-<random>.tmp``), so one left by a killed process is recognised as stale.
- :class:`FileSet`: several files of one folder (a trace and its recipe, the history entry of
  the old pair, a run log…). Each is staged in full first, then a small manifest naming every
  rename is written: that write is the commit point. A process killed before it leaves only
  staged files, which :func:`recover` removes; killed after it, :func:`recover` finishes the
  renames. Writers hold :func:`folder_lock`, so recovery never races a live writer.

New files get the mode the user's umask gives (the kernel applies it); a replaced file keeps
its mode.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "FileSet",
    "atomic_write_bytes",
    "atomic_write_text",
    "folder_lock",
    "needs_recovery",
    "recover",
    "remove_stale_temps",
    "temp_path",
]

_MANIFEST = ".commit-"
_STAGE = ".stage-"
_TRASH = ".trash-"
_TEMP = re.compile(r"^\..+\.(?P<pid>\d+)-[0-9a-f]{8}\.tmp(?:\.py)?$")
_OLD_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # tempfile.mkstemp's, before pids
_OLD_TEMP_AGE_S = 3600.0


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` via a temp file, fsync, rename."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same folder, fsync, then rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target.parent, target.name)
    try:
        _write_new(tmp, data, like=target)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def temp_path(folder: Path, name: str, suffix: str = ".tmp") -> Path:
    """A fresh temp file name in ``folder``: ``.<name>.<pid>-<random><suffix>``, where the
    suffix is ``.tmp`` or ``.tmp.py`` (a file Python must import). :func:`recover` removes it
    once its process is gone."""
    return folder / f".{name}.{os.getpid()}-{secrets.token_hex(4)}{suffix}"


class FileSet:
    """Files of one folder written together: readers see all of them or none (see the module
    docstring). Use it inside :func:`folder_lock`, after :func:`recover`::

        files = FileSet(folder)
        files.put("trace.json", trace_text)
        files.put("recipe.py", source)
        files.commit()
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.generation = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.renames: list[tuple[str, str]] = []
        self._staged: list[Path] = []

    def _stage_path(self) -> Path:
        path = self.root / f"{_STAGE}{self.generation}-{len(self._staged)}"
        self._staged.append(path)
        return path

    def put(self, name: str, data: str | bytes) -> None:
        """Write ``data`` to ``root/name`` (a path relative to the root) at the commit."""
        self.root.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        staged = self._stage_path()
        _write_new(staged, raw, like=self.root / name)
        self.renames.append((staged.name, name))

    def put_dir(self, name: str, files: dict[str, bytes]) -> None:
        """Create the folder ``root/name`` (which must not exist) holding ``files``."""
        staged = self._stage_path()
        staged.mkdir(parents=True)
        for file_name, raw in files.items():
            _write_new(staged / file_name, raw, like=None)
        _fsync_dir(staged)
        self.renames.append((staged.name, name))

    def remove(self, name: str) -> None:
        """Remove ``root/name`` (a file or a folder) at the commit, if it exists."""
        if (self.root / name).exists():
            self.renames.append((name, f"{_TRASH}{self.generation}-{len(self.renames)}"))

    def commit(self) -> None:
        """Make every change visible: write the manifest (the commit point), then rename."""
        if not self.renames:
            return
        _fsync_dir(self.root)
        manifest = self.root / f"{_MANIFEST}{self.generation}.json"
        atomic_write_text(manifest, json.dumps({"renames": self.renames}) + "\n")
        _roll_forward(self.root, manifest, self.renames)

    def discard(self) -> None:
        """Remove what was staged (nothing was committed)."""
        for path in self._staged:
            _remove(path)


@contextlib.contextmanager
def folder_lock(folder: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold a lock on ``folder`` (created if missing) across processes and threads: exclusive
    for a writer, ``shared`` for readers that must see several files of one write.

    The lock is ``flock`` on the folder itself, so no lock file appears beside the user's
    files; the kernel releases it when its holder dies, even by SIGKILL. Where ``fcntl`` does
    not exist (Windows), writes are not serialised.
    """
    try:  # lazy: POSIX only, so other platforms still load this module
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def needs_recovery(folder: Path) -> bool:
    """Whether ``folder`` holds what an interrupted write leaves: a manifest, staged files,
    or temp files. Cheap (one directory listing); call :func:`recover` when it says yes."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(
        n.startswith((_MANIFEST, _STAGE, _TRASH)) or n.endswith((".tmp", ".tmp.py")) for n in names
    )


def recover(folder: Path, *, subfolders: tuple[str, ...] = ()) -> list[str]:
    """Finish or undo interrupted writes in ``folder``; call it holding :func:`folder_lock`.

    Committed file sets are completed, uncommitted staged files removed, and temp files of
    dead processes removed (here and in ``subfolders``). Returns what was done, one line each.
    """
    done: list[str] = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return done
    for name in names:
        if name.startswith(_MANIFEST) and name.endswith(".json"):
            manifest = folder / name
            try:
                raw = json.loads(manifest.read_text("utf-8"))["renames"]
                renames = [(str(src), str(dst)) for src, dst in raw]
            except (OSError, ValueError, KeyError, TypeError):
                continue  # not ours, or unreadable: leave it for a person to look at
            _roll_forward(folder, manifest, renames)
            done.append(f"finished an interrupted write ({', '.join(r[1] for r in renames)})")
    for name in os.listdir(folder):
        if name.startswith((_STAGE, _TRASH)):
            _remove(folder / name)
            done.append(f"removed {name}, left by an interrupted write")
    for sub in ("", *subfolders):
        for path in remove_stale_temps(folder / sub if sub else folder):
            done.append(f"removed the stale temp file {path.name}")
    return done


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temp files in ``folder`` whose writing process is gone; returns them."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        path = folder / name
        match = _TEMP.match(name)
        if match:
            stale = not _pid_alive(int(match["pid"]))
        elif _OLD_TEMP.match(name):
            try:
                stale = now - path.stat().st_mtime > _OLD_TEMP_AGE_S
            except OSError:
                continue
        else:
            continue
        if stale:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


# --------------------------------------------------------------------------- helpers


def _roll_forward(root: Path, manifest: Path, renames: list[tuple[str, str]]) -> None:
    """Apply the manifest's renames that have not happened yet, then drop the manifest.

    Idempotent, so a process killed half-way and the next one to recover agree: a rename from
    a staged file is done once the staged file is gone; a rename into the trash, once the trash
    entry exists (it is emptied only after the manifest is gone).
    """
    touched = {root}
    for src, dst in renames:
        source, target = root / src, root / dst
        done = target.exists() if dst.startswith(_TRASH) else False
        if done or not source.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        touched.add(target.parent)
    for folder in touched:
        _fsync_dir(folder)
    manifest.unlink(missing_ok=True)
    _fsync_dir(root)
    for _, dst in renames:
        if dst.startswith(_TRASH):
            _remove(root / dst)


def _write_new(path: Path, data: bytes, *, like: Path | None) -> None:
    """Create ``path`` (which must not exist), write ``data`` and fsync. The mode is the
    umask's, or that of ``like`` when that file exists (a rewrite keeps the user's mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        if like is not None:
            with contextlib.suppress(OSError):
                os.fchmod(fd, stat.S_IMODE(os.stat(like).st_mode))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (where the platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, another user's
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
