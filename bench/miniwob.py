"""MiniWoB++ bench: do browser recipes generalize to new episodes, or stop safely?

MiniWoB++ is the standard web-task benchmark; its task pages ship in the ``miniwob`` wheel on
PyPI. This script fetches the wheel itself (``pip download --no-deps``, cached under
``bench/.cache/``), serves its pages on 127.0.0.1, and for each task:

1. records one episode (seed 0) with a scripted stand-in for the model
   (``bench/miniwob_kit``): it reads only the page outline the runtime sends and the task's
   inputs — the utterance's fields, parsed by MiniWoB's own extractor — picks refs by visible
   text and passes inputs by ``$ref``, as a model would;
2. replays the recipe on new episodes (seeds 1…N), each a new random instance of the task, on a
   page the harness prepared (``task.run`` inside ``browser_session``), and reads MiniWoB's
   reward (``WOB_RAW_REWARD_GLOBAL``). A failed step falls back to the same stand-in, and the
   recipe heals, as it would for a user.

Per task it prints: solved with 0 model calls; **silently wrong** (the replay returned, but no
reward came); solved with the fallback and the model calls spent; failed; heals. Targets:
silently wrong = 0, ≥ 90% solved at 0 calls, 100% with the fallback.

    python bench/miniwob.py                             # every task, 50 seeds each
    python bench/miniwob.py --tasks click-tab,click-option --seeds 5 -v
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from _common import ROOT, publish, table
from miniwob_kit import TASKS, MiniTask, StandIn

from runtime import Task, TaskConfig
from runtime.browser import BROWSER_ACTIONS, BrowserConfig, browser_session, close_browser

MINIWOB_VERSION = "1.1.0"
CACHE = ROOT / "bench" / ".cache"
EPISODE_TIME_MS = 600_000
"""Each task's own time limit (10–30 s) is lifted: the bench measures whether a recipe does the
right thing, not how fast the shared machine is."""
RECORD_SEED = 0
_PIP_DOWNLOAD = (sys.executable, "-m", "pip", "download", "--no-deps", "--quiet")


# --------------------------------------------------------------------------- the wheel


def fetch_miniwob(cache: Path = CACHE) -> Path:
    """The folder holding the wheel's ``html/`` and ``fields.py``, downloaded once."""
    target = cache / f"miniwob-{MINIWOB_VERSION}"
    if (target / "html" / "miniwob").is_dir() and (target / "fields.py").is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        subprocess.run(
            [*_PIP_DOWNLOAD, f"miniwob=={MINIWOB_VERSION}", "-d", tmp],
            check=True,
        )
        wheel = next(Path(tmp).glob("miniwob-*.whl"))
        staging = Path(tmp) / "unpacked"
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if member.startswith("miniwob/html/") or member == "miniwob/fields.py":
                    archive.extract(member, staging)
        shutil.rmtree(target, ignore_errors=True)
        (staging / "miniwob").rename(target)
    return target


def field_extractor(folder: Path, task: str) -> Callable[[str], list[tuple[str, str]]]:
    """MiniWoB's own parser of ``task``'s utterance into fields."""
    spec = importlib.util.spec_from_file_location("miniwob_fields", folder / "fields.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    extractor: Callable[[str], list[tuple[str, str]]] = module.get_field_extractor(task)
    return extractor


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # (a page left while a file was being sent: nothing to report)


@contextlib.contextmanager
def serve(html: Path) -> Iterator[str]:
    """Serve the task pages on 127.0.0.1; yields the base URL of ``miniwob/``."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/miniwob/"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- episodes

_START = """(arg) => {
  Math.seedrandom(arg.seed);
  core.EPISODE_MAX_TIME = arg.ms;
  core.startEpisodeReal();
  return core.getUtterance();
}"""


def start_episode(page: Any, url: str, seed: int) -> str:
    """Open the task page, start the episode of ``seed``; returns its utterance."""
    page.goto(url, wait_until="load")
    utterance: str = page.evaluate(_START, {"seed": seed, "ms": EPISODE_TIME_MS})
    page.wait_for_function("() => WOB_TASK_READY")
    return utterance


def reward(page: Any) -> float:
    """MiniWoB's raw reward of the episode (0 while it has not ended)."""
    return float(page.evaluate("() => WOB_DONE_GLOBAL ? WOB_RAW_REWARD_GLOBAL : 0"))


# --------------------------------------------------------------------------- runs


@dataclass
class Tally:
    """What happened to one task's runs."""

    task: str
    recorded: bool = False
    record_calls: int = 0
    record_note: str = ""
    seeds: int = 0
    solved_0: int = 0
    silently_wrong: int = 0
    fallback_solved: int = 0
    fallback_wrong: int = 0
    failed: int = 0
    fallback_calls: int = 0
    heals: int = 0
    promotions: int = 0
    notes: list[str] = field(default_factory=list)


def _task(spec: MiniTask, recipes: Path) -> Task[Any]:
    return Task(
        spec.description,
        name=spec.name.replace("-", "_"),
        inputs=spec.inputs,
        actions=list(BROWSER_ACTIONS),
        recipe_dir=recipes,
        config=TaskConfig(on_failure="fallback", heal="auto", max_turns=20),
    )


def _episode(
    spec: MiniTask, base: Task[Any], url: str, seed: int, parse: Any, browser: BrowserConfig
) -> tuple[Task[Any] | None, float, str | None, dict[str, Any]]:
    """One episode: the run (agent if no recipe yet, else recipe), its reward and error."""
    with browser_session(browser) as session:
        utterance = start_episode(session.page, url + spec.name + ".html", seed)
        inputs = spec.to_inputs(parse(utterance))
        task = base.with_options(provider=StandIn(spec.policy, inputs))
        error = None
        try:
            task.run(**inputs)
        except Exception as exc:  # every failure is a figure here
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            error = f"{type(exc).__name__}: {first[:300]}"
        return task, reward(session.page), error, {"utterance": utterance, **inputs}


def bench_task(
    spec: MiniTask,
    url: str,
    folder: Path,
    recipes: Path,
    seeds: list[int],
    browser: BrowserConfig,
    verbose: bool = False,
) -> Tally:
    tally = Tally(spec.name)
    parse = field_extractor(folder, spec.name)
    base = _task(spec, recipes)
    task, got, error, inputs = _episode(spec, base, url, RECORD_SEED, parse, browser)
    run = task.last_run if task else None
    if error or got < 1.0 or run is None or run.mode != "agent":
        tally.record_note = error or f"the recorded episode got reward {got}"
        shutil.rmtree(base.folder.path, ignore_errors=True)
        if verbose:
            print(f"  {spec.name}: not recorded: {tally.record_note}", flush=True)
        return tally
    tally.recorded = True
    tally.record_calls = run.model_calls
    for seed in seeds:
        task, got, error, inputs = _episode(spec, base, url, seed, parse, browser)
        run = task.last_run if task else None
        tally.seeds += 1
        solved = got >= 1.0
        if error is not None or run is None:
            tally.failed += 1
            outcome = f"failed: {error}"
        elif run.mode == "recipe":
            tally.solved_0 += solved
            tally.silently_wrong += not solved
            outcome = "solved, 0 calls" if solved else f"SILENTLY WRONG (reward {got})"
            if run.history_path is not None:
                tally.promotions += 1
        else:
            tally.fallback_solved += solved
            tally.fallback_wrong += not solved
            tally.fallback_calls += run.model_calls
            tally.heals += run.healed
            outcome = (
                f"{'solved' if solved else 'WRONG'} with fallback, {run.model_calls} calls"
                f"{', healed' if run.healed else ''} (failed: {run.failure})"
            )
        if outcome != "solved, 0 calls":
            tally.notes.append(f"seed {seed} {inputs}: {outcome}")
            if verbose:
                print(f"  {spec.name} seed {seed}: {outcome}", flush=True)
    return tally


# --------------------------------------------------------------------------- report


def _pct(n: int, total: int) -> str:
    return f"{n} ({n / total:.0%})" if total else "-"


def report(tallies: list[Tally]) -> str:
    rows = []
    for t in tallies:
        if not t.recorded:
            rows.append([t.task, 0, "not recorded", "-", "-", "-", "-", "-"])
            continue
        rows.append(
            [
                t.task,
                t.seeds,
                _pct(t.solved_0, t.seeds),
                t.silently_wrong,
                f"{_pct(t.fallback_solved, t.seeds)}, {t.fallback_calls} calls",
                t.failed + t.fallback_wrong,
                t.heals,
                t.promotions,
            ]
        )
    headers = [
        "task",
        "seeds",
        "0 calls",
        "silently wrong",
        "with fallback",
        "failed",
        "heals",
        "promoted",
    ]
    total = sum(t.seeds for t in tallies)
    planned = sum(t.seeds for t in tallies if t.recorded) or 1
    solved = sum(t.solved_0 for t in tallies)
    with_fb = solved + sum(t.fallback_solved for t in tallies)
    silent = sum(t.silently_wrong for t in tallies)
    unrecorded = [t.task for t in tallies if not t.recorded]
    lines = [
        table(headers, rows),
        "",
        f"over {len(tallies)} tasks, {total} replays: solved at 0 calls {solved}/{planned} "
        f"({solved / planned:.0%}), with the fallback {with_fb}/{planned} "
        f"({with_fb / planned:.0%}), silently wrong {silent}",
    ]
    if unrecorded:
        lines.append(f"not recorded (the stand-in could not do the task): {', '.join(unrecorded)}")
        for t in tallies:
            if not t.recorded:
                lines.append(f"  {t.task}: {t.record_note}")
    return "\n".join(lines)


def run(
    tasks: list[MiniTask],
    seeds: int,
    *,
    timeout_s: float = 3.0,
    verbose: bool = False,
    keep: Path | None = None,
) -> dict[str, Any]:
    folder = fetch_miniwob()
    browser = BrowserConfig(timeout_s=timeout_s, allowed_domains=["127.0.0.1"])
    workdir = keep or Path(tempfile.mkdtemp(prefix="recipe-miniwob-"))
    start = time.perf_counter()
    tallies = []
    try:
        with serve(folder / "html") as url:
            for spec in tasks:
                tallies.append(
                    bench_task(
                        spec, url, folder, workdir, list(range(1, seeds + 1)), browser, verbose
                    )
                )
    finally:
        close_browser()
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return {
        "miniwob": MINIWOB_VERSION,
        "seeds_per_task": seeds,
        "wall_s": round(time.perf_counter() - start, 1),
        "tasks": [asdict(t) for t in tallies],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=50, help="new episodes per task (50)")
    parser.add_argument("--tasks", help="comma-separated task names (default: all)")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds a lookup may wait")
    parser.add_argument("--keep", type=Path, help="keep the recipes in this folder")
    parser.add_argument("--list", action="store_true", help="list the tasks and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every run not solved")
    args = parser.parse_args(argv)
    known = {t.name: t for t in TASKS}
    if args.list:
        for t in TASKS:
            print(f"{t.name:<20} {t.why}")
        return 0
    chosen = list(TASKS)
    if args.tasks:
        names = args.tasks.split(",")
        unknown = [n for n in names if n not in known]
        if unknown:
            parser.error(f"unknown tasks {unknown}; known: {sorted(known)}")
        chosen = [known[n] for n in names]
    figures = run(chosen, args.seeds, timeout_s=args.timeout, verbose=args.verbose, keep=args.keep)
    tallies = [Tally(**t) for t in figures["tasks"]]
    publish("miniwob", figures, report(tallies))
    silent = sum(t.silently_wrong for t in tallies)
    return 0 if silent == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
