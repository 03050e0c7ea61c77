"""``task.batch`` / ``recipe batch``: a recipe over many rows, one result line per row,
resumable without running a row's side effect twice."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from runtime.agent.providers import AIResponse
from runtime.batch import load_results
from runtime.batch._inputs import RowIds
from runtime.batch._limits import LimitedProvider, ThreadLimiter
from runtime.batch._results import started_journal_path
from runtime.errors import RecipeCompilerError
from tests.batch.ledger_kit import fallback_answers, recorded, signed, signed_answers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.txt"
    monkeypatch.setenv("LEDGER_FILE", str(path))
    return path


@pytest.fixture
def task(tmp_path: Path, ledger: Path) -> Any:
    recorded_task = recorded(tmp_path / "recipes")
    ledger.unlink()  # the recording noted "PEN"
    return recorded_task


def jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), "utf-8"
    )
    return path


def noted(ledger: Path) -> list[str]:
    return ledger.read_text("utf-8").splitlines() if ledger.is_file() else []


def test_one_result_per_row_and_a_bad_row_names_its_line(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    rows = jsonl(
        tmp_path / "in.jsonl",
        [
            {"item": "a", "delay": 0},
            {"item": 5, "delay": 0},
            "not json",
            {"item": "b", "delay": 0},
            {"item": "c"},
        ],
    )
    out = tmp_path / "results.jsonl"
    report = task.batch(rows, out=out)

    assert [r.line for r in report.results] == [1, 2, 3, 4, 5]
    assert [r.mode for r in report.results] == ["recipe", "failed", "failed", "recipe", "failed"]
    assert [r.outputs for r in report.results if r.mode == "recipe"] == ["noted A", "noted B"]
    bad = [r for r in report.results if r.mode == "failed"]
    assert {r.error_kind for r in bad} == {"input"}
    assert "line 2" in (bad[0].error or "") and "'item' should be str" in (bad[0].error or "")
    assert "in.jsonl, line 3: not valid JSON" in (bad[1].error or "")
    assert "line 5" in (bad[2].error or "") and "missing input(s): delay" in (bad[2].error or "")
    assert noted(ledger) == ["A", "B"]

    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(line)["id"] for line in lines)
    record = tmp_path / json.loads(lines[-1])["run"] if "run" in lines[-1] else None
    done = [r for r in load_results(out) if r.mode == "recipe"]
    assert all((tmp_path / r.run).is_file() for r in done if r.run), record
    first = json.loads((tmp_path / (done[0].run or "")).read_text("utf-8"))
    assert [s["action"]["name"] for s in first["trace"]["steps"]] == ["check", "note"]


def test_resume_skips_the_rows_done_even_when_rows_are_inserted(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    out = tmp_path / "results.jsonl"
    rows = [{"item": x, "delay": 0} for x in ("a", "b", "c")]
    task.batch(jsonl(tmp_path / "in.jsonl", rows), out=out)
    with out.open("a", encoding="utf-8") as handle:  # a line cut off by a crash mid-write
        handle.write('{"id": "1234", "line": 9, "mo')

    more = [{"item": "new", "delay": 0}, *rows, {"item": "last", "delay": 0}]
    report = task.batch(jsonl(tmp_path / "in.jsonl", more), out=out)

    assert report.ran == 2
    assert sorted(noted(ledger)) == ["A", "B", "C", "LAST", "NEW"]
    assert [r.outputs for r in report.results] == [
        f"noted {x.upper()}" for x in ("new", "a", "b", "c", "last")
    ]
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(line) for line in lines)


def test_a_row_stopped_while_running_is_not_run_again_until_asked(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    out = tmp_path / "results.jsonl"
    rows = [{"item": x, "delay": 0} for x in ("a", "b")]
    task.batch(jsonl(tmp_path / "in.jsonl", rows), out=out)
    # "c" was running when the batch was killed: noted as started, no result line.
    cut = {"item": "c", "delay": 0}
    started = started_journal_path(out)
    ids = RowIds()
    for row in [*rows, cut]:
        row_id = ids.next(row)
    with started.open("a", encoding="utf-8") as handle:
        handle.write(row_id + "\n")

    report = task.batch(jsonl(tmp_path / "in.jsonl", [*rows, cut]), out=out)
    last = report.results[-1]
    assert (last.mode, last.error_kind) == ("failed", "interrupted")
    assert "--retry-failed" in (last.error or "")
    assert noted(ledger) == ["A", "B"]

    again = task.batch(jsonl(tmp_path / "in.jsonl", [*rows, cut]), out=out, retry_failed=True)
    assert again.ran == 1 and again.results[-1].outputs == "noted C"
    assert noted(ledger) == ["A", "B", "C"]
    assert [r.id for r in load_results(out)] == [r.id for r in again.results]


def test_csv_and_parquet_rows_are_read_as_the_inputs_types(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("item,delay\nx,0\ny,0.0\nz,soon\n", encoding="utf-8")
    report = task.batch(csv, out=tmp_path / "csv.jsonl")
    assert [r.mode for r in report.results] == ["recipe", "recipe", "failed"]
    assert report.results[0].inputs == {"item": "x", "delay": 0.0}
    assert "line 4" in (report.results[2].error or "")
    assert "column 'delay': expected a number, got 'soon'" in (report.results[2].error or "")

    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    pq.write_table(pa.table({"item": ["p", "q"], "delay": [0.0, 0.0]}), tmp_path / "in.parquet")
    report = task.batch(tmp_path / "in.parquet", out=tmp_path / "pq.jsonl")
    assert [r.outputs for r in report.results] == ["noted P", "noted Q"]
    assert noted(ledger) == ["X", "Y", "P", "Q"]


def test_a_failing_step_falls_back_once_and_the_healed_recipe_serves_the_rest(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    healer = task.with_options(mock_responses=fallback_answers("bad-x"))
    rows = [{"item": x, "delay": 0} for x in ("a", "bad-x", "bad-y", "b")]
    out = tmp_path / "results.jsonl"
    report = healer.batch(jsonl(tmp_path / "in.jsonl", rows), out=out)

    assert [r.mode for r in report.results] == ["recipe", "recipe+fallback", "recipe", "recipe"]
    fell_back = report.results[1]
    assert fell_back.healed and fell_back.failed_step == 1 and fell_back.model_calls == 2
    assert sum(r.model_calls for r in report.results) == 2
    assert noted(ledger) == ["A", "bad-x", "bad-y", "B"]
    record = json.loads((tmp_path / (fell_back.run or "")).read_text("utf-8"))
    assert record["healed"] and "except ValueError" in record["recipe_after"]
    assert "pass" in record["heal_report"] and record["turns"][0]["input_tokens"] > 0


def test_without_the_fallback_a_failing_row_fails_with_where_and_what(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    strict = task.with_options(config=task.config.model_copy(update={"on_failure": "raise"}))
    rows = [{"item": x, "delay": 0} for x in ("bad-x", "a")]
    report = strict.batch(rows)
    assert [r.mode for r in report.results] == ["failed", "recipe"]
    error = report.results[0].error or ""
    assert "recipe.py, line" in error and "step 1 of the recipe: check(item='bad-x')" in error
    assert report.results[0].error_kind == "recipe" and report.results[0].failed_step == 1


def test_secret_inputs_never_reach_the_results_or_run_records(tmp_path: Path, ledger: Path) -> None:
    secret = "hunter2-very-secret"
    recorder = signed.with_options(recipe_dir=tmp_path / "recipes", mock_responses=signed_answers())
    recorder.run_agent(item="pen", token=secret)
    task = recorder.with_options(mock_responses=[])
    out = tmp_path / "results.jsonl"
    report = task.batch([{"item": "a", "token": secret}, {"item": "bad", "token": secret}], out=out)
    assert report.results[0].inputs == {"item": "a", "token": "**********"}
    for path in [out, *(tmp_path / "results.runs").glob("*.json")]:
        assert secret not in path.read_text("utf-8"), path


def test_model_requests_go_through_one_bounded_pool() -> None:
    running, most = [0], [0]
    lock = threading.Lock()

    class Slow:
        name = "slow"

        def complete(self, messages: Any, tools: Any, *, turn: int) -> AIResponse:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1
            return AIResponse(content="ok", input_tokens=3, output_tokens=1)

    provider = LimitedProvider(Slow(), ThreadLimiter(2, None))
    threads = [
        threading.Thread(target=provider.complete, args=([], []), kwargs={"turn": 1})
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 2 and len(provider.turns) == 8

    paced = LimitedProvider(Slow(), ThreadLimiter(8, 20.0))
    start = time.perf_counter()
    for _ in range(5):
        paced.complete([], [], turn=1)
    assert time.perf_counter() - start >= 0.2  # 20 per second: the fifth starts at 0.2 s


@pytest.mark.slow
def test_worker_processes_run_every_row_once(tmp_path: Path, task: Any, ledger: Path) -> None:
    rows = [{"item": f"i{n}", "delay": 0.02} for n in range(12)]
    report = task.batch(rows, workers=2, out=tmp_path / "results.jsonl")
    assert [r.mode for r in report.results] == ["recipe"] * 12
    assert sorted(noted(ledger)) == sorted(f"I{n}" for n in range(12))
    # Rows ran in worker processes, at most two; which worker got how many depends on how soon
    # each started (on a busy machine the first one up may run all twelve 20 ms rows).
    workers = {r.worker for r in report.results}
    assert 1 <= len(workers) <= 2 and f"{socket.gethostname()}:{os.getpid()}" not in workers


@pytest.mark.slow
def test_a_worker_process_that_dies_stops_the_batch_with_what_to_do(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    rows = [{"item": "a", "delay": 0}, {"item": "end-the-process", "delay": 0}]
    out = tmp_path / "results.jsonl"
    with pytest.raises(RecipeCompilerError, match=r"a worker process died .* Run the batch again"):
        task.batch(rows, workers=2, out=out)
    for line in out.read_text("utf-8").splitlines():
        json.loads(line)


@pytest.mark.slow
def test_sigkill_leaves_whole_lines_and_a_resume_runs_no_row_twice(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    rows = jsonl(tmp_path / "in.jsonl", [{"item": f"i{n}", "delay": 0.1} for n in range(30)])
    out = tmp_path / "results.jsonl"
    command = [
        sys.executable, "-m", "runtime.cli", "batch", str(tmp_path / "recipes" / "ledger"),
        str(rows), "--out", str(out), "--workers", "2", "--quiet",
    ]  # fmt: skip
    env = {**os.environ, "LEDGER_FILE": str(ledger)}
    first = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None:
        workers = _children_of(first.pid) or workers
        if out.is_file() and out.read_text("utf-8").count("\n") >= 5:
            break
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    time.sleep(0.5)  # orphaned workers finish the row they had, then find the parent gone
    for line in out.read_text("utf-8").splitlines():
        json.loads(line)  # every line is whole

    orphans = workers
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in orphans) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in orphans if _alive(p)], "workers outlived their killed parent"

    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    results = load_results(out)
    assert sorted(r.line for r in results) == list(range(1, 31))
    counts = {item: noted(ledger).count(item) for item in set(noted(ledger))}
    assert all(n == 1 for n in counts.values()), counts
    for r in results:
        item = f"I{r.line - 1}"
        if r.mode == "recipe":
            assert counts.get(item) == 1
        else:
            assert r.error_kind == "interrupted", r.error


def test_the_batch_package_lists_exactly_its_public_names() -> None:
    import runtime
    import runtime.batch

    names = {n for n in dir(runtime.batch) if n.isidentifier() and not n.startswith("_")}
    names -= {"annotations", "importlib", "TYPE_CHECKING", "Any"}
    assert names == set(runtime.batch.__all__)
    assert sorted(runtime.batch.__all__) == list(runtime.batch.__all__)
    assert runtime.BatchReport is runtime.batch.BatchReport
    assert runtime.ResultRow is runtime.batch.ResultRow


def _children_of(pid: int) -> list[int]:
    """The worker processes of ``pid`` (read from /proc: no extra dependency)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and "python" in fields.get("Name", ""):
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state


def test_a_row_that_waited_for_a_heal_runs_the_healed_recipe_without_the_model(
    tmp_path: Path, task: Any, ledger: Path
) -> None:
    """Another worker healed the recipe while this row, failed before any change, waited for
    the heal lock: the row runs the healed recipe instead of falling back."""
    import contextlib

    from runtime.batch._worker import RowRunner, WorkRow

    runner = RowRunner(task, ThreadLimiter(1, None))
    recipe = task.folder.recipe_path
    healed = recipe.read_text("utf-8").replace(
        "item_result = check(item=item)", 'item_result = item.removeprefix("bad-").upper()'
    )

    @contextlib.contextmanager
    def heal_meanwhile() -> Any:
        recipe.write_text(healed, "utf-8")  # what the other worker's heal wrote
        yield

    runner._heal_lock = heal_meanwhile  # type: ignore[method-assign]
    row = WorkRow(id="r1", line=1, values={"item": "bad-z", "delay": 0.0}, shown_inputs={})
    outcome = runner.run(row)
    assert (outcome.result.mode, outcome.result.model_calls) == ("recipe", 0)
    assert outcome.result.outputs == "noted Z" and noted(ledger) == ["Z"]


def test_two_batches_never_write_one_results_file_at_once(tmp_path: Path, task: Any) -> None:
    from filelock import FileLock

    from runtime.errors import InputError

    out = tmp_path / "results.jsonl"
    with (
        FileLock(str(out) + ".lock"),
        pytest.raises(InputError, match="another batch is writing this results file"),
    ):
        task.batch([{"item": "a", "delay": 0}], out=out)
    assert task.batch([{"item": "a", "delay": 0}], out=out).ran == 1


def test_a_task_with_permanent_memory_is_batched_one_row_at_a_time(tmp_path: Path) -> None:
    """Round 6: two rows at once both read "welcomed" empty and welcomed the same customer."""
    from runtime import Task
    from runtime.errors import InputError

    task = Task(
        "Welcome the customer unless memory's 'welcomed' list holds them.",
        name="welcome_batch",
        inputs={"customer": str},
        outputs={"sent": bool},
        memory_scope="permanent",
        recipe_dir=tmp_path,
    )
    with pytest.raises(InputError, match=r"permanent memory.*workers=1 \(it was 2\)"):
        task.batch([{"customer": "ana"}], workers=2)
