"""What ``bench/batch.py`` needs besides the examples: an I/O-bound task, and a CPU meter.

- **An I/O-bound task** (``notify``): look a customer up on a service, then send them a notice
  there. The service (:class:`SlowService`) runs on 127.0.0.1 in this process and answers every
  request after a fixed latency, as a remote API would; each row spends nearly all its time
  waiting for two answers, which is what the batch target (≥ 0.7 × N for N workers) is about.
  The task is recorded once by a scripted stand-in for the model (:func:`record_notify`), so the
  recipe the batch replays is compiled like any other.
- **CPU seconds of this process and its descendants** (:class:`TreeCpu`): the batch's worker
  processes, their Playwright driver and Chromium processes included, read from ``/proc``.
"""

from __future__ import annotations

import json
import os
import resource
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

# --------------------------------------------------------------------------- the service


class SlowService:
    """``http://127.0.0.1:<port>/`` answering each request after ``latency_s``.

    ``GET /customers/<name>`` is a customer (``{"id", "name", "email"}``), 404 for an unknown
    name; ``POST /notices`` with ``{"customer_id", "text"}`` stores a notice and returns its id.
    ``notices`` holds what was posted, for checks.
    """

    def __init__(self, latency_s: float = 0.05) -> None:
        self.latency_s = latency_s
        self.notices: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the service is not running; use `with SlowService() as s:`")
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def __enter__(self) -> SlowService:
        service = self

        class Handler(_Handler):
            owner = service

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.request_queue_size = 64  # many workers connect at once
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _Handler(BaseHTTPRequestHandler):
    owner: SlowService
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""

    def _answer(self, status: int, value: Any) -> None:
        time.sleep(self.owner.latency_s)
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        name = path.removeprefix("/customers/")
        if not path.startswith("/customers/") or not name:
            self._answer(404, {"error": "GET /customers/<name>"})
            return
        slug = "".join(c for c in name.lower() if c.isalnum())
        self._answer(200, {"id": f"c-{slug}", "name": name, "email": f"billing@{slug}.example"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            notice = json.loads(self.rfile.read(length))
            customer_id, text = str(notice["customer_id"]), str(notice["text"])
        except (ValueError, KeyError, TypeError):
            self._answer(400, {"error": 'send {"customer_id": ..., "text": ...}'})
            return
        with self.owner._lock:
            self.owner.notices.append({"customer_id": customer_id, "text": text})
            number = len(self.owner.notices)
        self._answer(200, {"id": f"n-{number}"})


# --------------------------------------------------------------------------- the task


class Customer(BaseModel):
    id: str
    name: str
    email: str


def _call(url: str, data: dict[str, Any] | None = None) -> Any:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"} if body else {}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


@action(read_only=True)
def find_customer(service_url: str, name: str) -> Customer:
    """Look a customer up by exact name on the customer service at ``service_url``."""
    return Customer(**_call(f"{service_url.rstrip('/')}/customers/{quote(name)}"))


@action
def send_notice(service_url: str, customer_id: str, text: str) -> str:
    """Send the customer a notice through the service at ``service_url``; returns its id."""
    answer = _call(f"{service_url.rstrip('/')}/notices", {"customer_id": customer_id, "text": text})
    return str(answer["id"])


notify: Task[Any] = Task(
    "Look the customer up on the customer service at service_url and send them a notice that "
    "their statement is ready. Return the notice's id.",
    name="notify",
    inputs={"service_url": str, "customer": str},
    outputs={"notice": str},
    actions=[find_customer, send_notice],
)

NOTICE = "Your statement is ready."

ANSWERS = [
    AIResponse(
        content="I look the customer up first.",
        tool_calls=[
            ToolCall(
                "find_customer",
                {"service_url": {"$ref": "service_url"}, "name": {"$ref": "customer"}},
            )
        ],
    ),
    AIResponse(
        content="Found; I send the notice to their id.",
        tool_calls=[
            ToolCall(
                "send_notice",
                {
                    "service_url": {"$ref": "service_url"},
                    "customer_id": {"$ref": "find_customer_1.id"},
                    "text": NOTICE,
                },
            )
        ],
    ),
    AIResponse(
        content="Sent.",
        tool_calls=[ToolCall("finish", {"notice": {"$ref": "send_notice_1"}})],
    ),
]
"""A scripted stand-in for the model: the run an agent makes for this task."""


def record_notify(recipe_dir: Path, service_url: str) -> Task[Any]:
    """Record the task once with the scripted answers (writes ``recipe_dir/notify/``) and
    return it as a batch replays it: with no model (a row that needs one fails)."""
    if not (recipe_dir / "notify" / "recipe.py").is_file():
        recording = notify.with_options(recipe_dir=recipe_dir, mock_responses=list(ANSWERS))
        recording.run(service_url=service_url, customer="ACME Corp")
    return notify.with_options(recipe_dir=recipe_dir, mock_responses=[])


# --------------------------------------------------------------------------- CPU seconds

_TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class _Proc:
    ppid: int
    name: str
    own: int
    """User + system ticks of the process."""
    reaped: int
    """User + system ticks of its children that ended and that it waited for."""


def _descendants() -> tuple[dict[int, _Proc], set[int]]:
    """Every live descendant of this process, and every process alive on the machine."""
    stats: dict[int, _Proc] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        name = text[text.index("(") + 1 : text.rindex(")")].split("-")[0]  # node-MainThread
        fields = text[text.rindex(")") + 2 :].split()  # from field 3 (state) on
        own = int(fields[11]) + int(fields[12])
        stats[int(entry.name)] = _Proc(int(fields[1]), name, own, int(fields[13]) + int(fields[14]))
    children: dict[int, list[int]] = {}
    for pid, proc in stats.items():
        children.setdefault(proc.ppid, []).append(pid)
    found: dict[int, _Proc] = {}
    todo = list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        found[pid] = stats[pid]
        todo += children.get(pid, [])
    return found, set(stats)


def _own_seconds() -> tuple[float, float]:
    """This process, and its children that ended (exact, from the kernel)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN
    )
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


class TreeCpu:
    """CPU seconds this process and its descendants use inside a ``with`` block.

    Descendants are sampled every ``interval`` seconds. A process alive at the end counts its
    own time and its ended children's. One that ended counts nothing of its own: its parent
    waited for it, so all of its time is in the parent's (and, if the parent ended too, in the
    grandparent's …, up to this process's ended children). One left to init (alive, out of the
    tree) counts up to its last sample. ``by_name`` splits the total by process name
    (``python``, ``node``, ``chromium``; an ended process counts under its parent's name).
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.seconds = 0.0
        self.by_name: dict[str, float] = {}
        self._first: dict[int, _Proc] = {}
        self._last: dict[int, _Proc] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def _sample(self, *, first: bool = False) -> tuple[dict[int, _Proc], set[int]]:
        now, machine = _descendants()
        for pid, proc in now.items():
            self._first.setdefault(pid, proc if first else _Proc(proc.ppid, proc.name, 0, 0))
        self._last.update(now)
        return now, machine

    def _sample_until_stopped(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> TreeCpu:
        self._start = _own_seconds()
        self._sample(first=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        _, machine = self._sample()
        me, ended = (end - start for end, start in zip(_own_seconds(), self._start, strict=True))
        by_name = {"this process": me, "its ended children": ended}
        for pid, last in self._last.items():
            first = self._first[pid]
            if pid not in machine:  # ended: its parent has all of it, from before the block too
                ticks = -(first.own + first.reaped)
            else:
                ticks = last.own + last.reaped - first.own - first.reaped
            by_name[last.name] = by_name.get(last.name, 0.0) + ticks / _TICK
        self.by_name = {name: s for name, s in by_name.items() if abs(s) >= 0.005}
        self.seconds = sum(by_name.values())


# --------------------------------------------------------------------------- a batch's timeline


class LineClock:
    """When a results file got its first line and when it got its ``lines``-th, in seconds
    from the start of the ``with`` block (the file is polled every ``interval`` seconds): the
    time to the first result (start-up plus a row), and the steady pace of the rest."""

    def __init__(self, path: Path, lines: int, interval: float = 0.02) -> None:
        self.path = path
        self.lines = lines
        self.interval = interval
        self.first_s: float | None = None
        self.last_s: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        seen, offset = 0, 0
        while not self._stop.is_set():
            if self.path.is_file():
                with self.path.open("rb") as handle:
                    handle.seek(offset)
                    new = handle.read()
                offset += len(new)
                seen += new.count(b"\n")
                now = time.perf_counter() - self._start
                if seen and self.first_s is None:
                    self.first_s = now
                if seen >= self.lines:
                    self.last_s = now
                    return
            self._stop.wait(self.interval)

    def __enter__(self) -> LineClock:
        self._start = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
