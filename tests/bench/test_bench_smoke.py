"""Every benchmark's main logic runs at a tiny size and gives well-formed figures.

No timing is asserted (these machines are noisy); what is checked is what the figures promise:
a replay makes no model call, a synthetic trace has the size asked for, a plain replay imports
none of the heavy packages.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import compiler_scaling  # noqa: E402
import overhead  # noqa: E402
import replay_vs_agent  # noqa: E402
import run_all  # noqa: E402
import startup  # noqa: E402

from compiler import compile_trace  # noqa: E402


def _positive(value: float) -> bool:
    return isinstance(value, float) and math.isfinite(value) and value > 0


def test_replay_vs_agent_replay_makes_no_model_call() -> None:
    figures = replay_vs_agent.run(latency=0.0, rounds=1, warmup=0, only=["invoices"])
    (invoices,) = figures["examples"]
    agent, replay = invoices["agent"], invoices["replay"]
    assert agent["model_calls"] > 0 and agent["input_tokens"] > 0
    assert (replay["model_calls"], replay["input_tokens"], replay["output_tokens"]) == (0, 0, 0)
    assert _positive(agent["wall_s"]) and _positive(replay["wall_s"])
    assert _positive(invoices["speedup"])
    assert "invoices" in replay_vs_agent.report(figures)


def test_overhead_pure_python_figures() -> None:
    figures = overhead.run(calls=5, rounds=1, with_browser=False)
    assert [r["workload"] for r in figures["pure_python"]] == ["add", "bill"]
    for r in figures["pure_python"]:
        assert r["calls"] == 5
        for key in ("hand_written_s", "recipe_s", "recipe_recorded_s", "ratio_recorded"):
            assert _positive(r[key]), (key, r)
        assert math.isfinite(r["wrapper_overhead_us_per_call"])
    assert "browser: skipped" in overhead.report(figures)


def test_overhead_counts_the_shop_recipe_against_the_hand_written_script() -> None:
    size = overhead.recipe_size()
    assert size["hand_written_lines"] > 0
    assert size["recipe_function_lines"] > 0
    assert size["ratio"] == round(size["recipe_function_lines"] / size["hand_written_lines"], 2)
    assert "shop recipe:" in overhead.report(overhead.run(calls=2, rounds=1, with_browser=False))


def test_code_lines_skips_the_docstring_comments_and_blank_lines() -> None:
    source = (
        'def f(a):\n    """Doc\n    more."""\n    # why\n\n'
        "    b = (\n        a\n    )\n    return b\n"
    )
    assert overhead.code_lines(source, "f") == 5


@pytest.mark.slow
def test_overhead_browser_figures() -> None:
    figures = overhead.run(browser_rounds=2, with_python=False)
    b = figures["browser"]
    assert isinstance(b, dict), b
    low, high = b["paired_ratio_interval"]
    assert _positive(b["paired_ratio"]) and 0 < low <= b["paired_ratio"] <= high
    trips, spans = b["round_trips"], b["round_trips_range"]
    assert 0 < trips["hand_written"] <= trips["recipe"]
    for side in ("recipe", "hand_written"):
        low, high = spans[side]
        assert 0 < low <= trips[side] <= high
    text = overhead.report(figures)
    assert "95% interval" in text and f"recipe {trips['recipe']}" in text


def test_the_browser_verdict_says_when_the_noise_decides() -> None:
    from _timing import median_interval

    assert median_interval([1.0, 1.0, 1.0]) == (1.0, 1.0)
    low, high = median_interval([0.9, 1.0, 1.1, 1.2, 1.3])
    assert 0.9 <= low <= 1.1 <= high <= 1.3
    assert median_interval([0.9, 1.0, 1.1, 1.2, 1.3]) == (low, high)  # the same every run
    assert overhead._verdict(0.98, 1.04, 1.05).startswith("meets")
    assert overhead._verdict(1.06, 1.10, 1.05).startswith("misses")
    assert "cannot tell" in overhead._verdict(1.01, 1.09, 1.05)


@pytest.mark.parametrize("workload", overhead.WORKLOADS)
def test_overhead_recipe_and_hand_written_script_agree(workload: str, tmp_path: Path) -> None:
    from runtime.run.replay import load_recipe_module, recipe_function

    trace = overhead.synthetic_trace(workload, 7)
    path = tmp_path / "recipe.py"
    path.write_text(compile_trace(trace).source, encoding="utf-8")
    recipe = recipe_function(load_recipe_module(path), trace.task.name, path)
    inputs = {"start": 0} if workload == "add" else {"start": 0, "customer": "C001"}
    assert overhead._same(recipe(**inputs), overhead.hand_written(workload, 7)(**inputs))
    assert path.read_text().count(f"= {workload}(") == 7


def test_compiler_scaling_traces_and_figures() -> None:
    for size in (10, 37):
        trace = compiler_scaling.synthetic_trace(size)
        assert len(trace.steps) == size and trace.steps[-1].action.builtin == "finish"
        assert {s.status for s in trace.steps} == {"ok", "error"}
        compile_trace(trace)
    figures = compiler_scaling.run(sizes=(10, 20), rounds=1)
    assert [p["steps"] for p in figures["sizes"]] == [10, 20]
    for p in figures["sizes"]:
        assert _positive(p["us_per_step"]) and p["peak_memory_bytes"] > 0
    assert "ratio_10k_1k" not in figures
    assert "µs/step" in compiler_scaling.report(figures)


def test_startup_plain_replay_imports_no_heavy_package(tmp_path: Path) -> None:
    folder = startup.minimal_recipe(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    env = startup._env(data, tmp_path)
    cmd = [sys.executable, "-c", startup._CHILD, "replay", str(folder), "--input", "name=Bo"]
    wall, marks = startup.timed(cmd, env)
    assert _positive(wall) and 0 < marks["first_action"] <= marks["end"]
    assert startup.import_profile(cmd, env)["heavy_imported"] == []


def test_run_all_plans_every_benchmark() -> None:
    for quick in (True, False):
        commands = run_all.plan(quick=quick)
        scripts = [Path(cmd[1]) for cmd in commands]
        assert [s.stem for s in scripts] == list(run_all.FULL)
        assert all(s.is_file() for s in scripts)
    assert run_all.summary({}) == ""
