"""Replay vs agent: model calls, tokens and wall time of an agent run against the recipe replay.

For every example, the agent run and the recipe replay are timed side by side in one process
(interleaved rounds, medians). The agent talks through the real ``openai`` client to
:class:`runtime.testing.FakeOpenAIServer` on 127.0.0.1, which answers from the example's cassette
and waits before each answer: its recorded latency, or ``--latency`` seconds when none was
recorded. The committed cassettes hold no latency, so the default is 1.2 s per answer — a
typical round trip of a small chat model (gpt-4o-mini class) answering one short tool-calling
turn with a few thousand prompt tokens. ``--latency 0.2`` makes a quick run.

Tokens are the server's count: the cassette's, else the same chars/4 estimate of what was sent
that the mock provider uses. The replay must make 0 model calls and spend 0 tokens; a fake
server is up during every replay too, and is checked to have received nothing.

    python bench/replay_vs_agent.py [--latency 1.2] [--rounds 3] [--only invoices]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import publish, table
from _timing import interleaved, median, ratio

from runtime import AIResponse, Task, TaskConfig
from runtime.actions.recorder import jsonable
from runtime.agent.cassettes import load_cassette
from runtime.agent.providers import allow_model_requests
from runtime.testing import FakeOpenAIServer

DEFAULT_LATENCY_S = 1.2
"""Seconds the fake server waits before each answer that has no recorded latency."""

MODEL = "gpt-4o-mini"


@dataclass
class Example:
    """One example task, with what a run of it needs."""

    name: str
    task: Task  # type: ignore[type-arg]
    answers: list[AIResponse]
    inputs: Callable[[], contextlib.AbstractContextManager[dict[str, Any]]]
    """Sets up what a run needs (a server, a browser session) and gives the inputs."""


def invoices_example(workdir: Path) -> Example:
    """The invoices task on a scratch copy of its data (reminders go to the copy's outbox)."""
    from examples import invoices as ex

    data = workdir / "invoices_data"
    shutil.copytree(ex.HERE / "invoices_data", data, ignore=shutil.ignore_patterns("outbox"))

    @contextlib.contextmanager
    def inputs() -> Iterator[dict[str, Any]]:
        previous = os.environ.get("INVOICES_DATA")
        os.environ["INVOICES_DATA"] = str(data)
        try:
            yield dict(ex.DEFAULT_INPUTS)
        finally:
            if previous is None:
                os.environ.pop("INVOICES_DATA", None)
            else:
                os.environ["INVOICES_DATA"] = previous

    return Example("invoices", ex.invoices, load_cassette(ex.CASSETTE), inputs)


def shop_example() -> Example | str:
    """The browser example, or why it cannot run here."""
    try:
        from examples import shop as ex
        from runtime.browser import BrowserConfig, browser_session

        task, server_type, cassette = ex.shop, ex.ShopServer, ex.CASSETTE
    except Exception as exc:  # the example is being written by someone else
        return f"not available yet ({type(exc).__name__}: {exc})"
    if not isinstance(task, Task):
        return "not available yet (examples.shop defines no task)"
    config = BrowserConfig(allowed_domains=["127.0.0.1"], timeout_s=10)

    @contextlib.contextmanager
    def inputs() -> Iterator[dict[str, Any]]:
        with server_type() as server, browser_session(config):
            yield {"shop_url": server.url, "query": "mug", "budget": 10.0}

    try:  # start Chromium once, outside every timing
        with browser_session(config) as session:
            assert session.page is not None
    except Exception as exc:
        return f"not available here (the browser does not start: {exc})"
    return Example("shop", task, load_cassette(cassette), inputs)


def measure(example: Example, recipe_dir: Path, latency: float, rounds: int, warmup: int) -> dict:
    """Time the agent run and the replay side by side; returns the figures."""
    agent_runs: list[dict[str, int]] = []
    outputs: dict[str, Any] = {}

    def configured(server: FakeOpenAIServer) -> Task:  # type: ignore[type-arg]
        config = TaskConfig(
            base_url=server.base_url, api_key="sk-bench", model=MODEL, on_failure="raise"
        )
        return example.task.with_options(recipe_dir=recipe_dir, mock_responses=None, config=config)

    def agent() -> float:
        server = FakeOpenAIServer(example.answers, simulate_latency=True, default_latency_s=latency)
        with server, example.inputs() as inputs, allow_model_requests():
            task = configured(server)
            start = time.perf_counter()
            outputs["agent"] = task.run_agent(**inputs)
            elapsed = time.perf_counter() - start
        run = task.last_run
        assert run is not None and run.mode == "agent", run
        assert server.used == len(example.answers), "the agent did not use every answer"
        agent_runs.append(
            {
                "model_calls": run.model_calls,
                "input_tokens": run.input_tokens,
                "output_tokens": run.output_tokens,
            }
        )
        return elapsed

    def replay() -> float:
        server = FakeOpenAIServer(example.answers)  # up, but it must not be asked anything
        with server, example.inputs() as inputs, allow_model_requests():
            task = configured(server)
            start = time.perf_counter()
            outputs["replay"] = task.replay(**inputs)
            elapsed = time.perf_counter() - start
        run = task.last_run
        assert run is not None and run.mode == "recipe", run
        assert run.model_calls == 0 and run.input_tokens == 0 and run.output_tokens == 0, run
        assert not server.requests, f"the replay sent {len(server.requests)} model requests"
        return elapsed

    samples = interleaved({"agent": agent, "replay": replay}, rounds, warmup=warmup)
    assert jsonable(outputs["agent"]) == jsonable(outputs["replay"]), outputs
    first = agent_runs[0]
    assert all(r == first for r in agent_runs), agent_runs
    agent_s, replay_s = median(samples["agent"]), median(samples["replay"])
    waited = latency * first["model_calls"]
    return {
        "example": example.name,
        "agent": {
            **first,
            "wall_s": agent_s,
            "model_wait_s": waited,
            "samples_s": samples["agent"],
        },
        "replay": {
            "model_calls": 0,
            "input_tokens": 0,
            "output_tokens": 0,
            "wall_s": replay_s,
            "samples_s": samples["replay"],
        },
        "speedup": ratio(agent_s, replay_s),
    }


def run(
    *,
    latency: float = DEFAULT_LATENCY_S,
    rounds: int = 3,
    warmup: int = 1,
    only: list[str] | None = None,
) -> dict[str, Any]:
    """Measure every example (or those in ``only``); returns the figures."""
    results: list[dict[str, Any]] = []
    unavailable: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as tmp:
        workdir = Path(tmp)
        examples: list[Example | tuple[str, str]] = []
        if not only or "invoices" in only:
            examples.append(invoices_example(workdir))
        if not only or "shop" in only:
            shop = shop_example()
            examples.append(shop if isinstance(shop, Example) else ("shop", shop))
        for item in examples:
            if isinstance(item, tuple):
                unavailable[item[0]] = item[1]
                continue
            recipe_dir = workdir / f"recipes-{item.name}"
            if item.name == "invoices":
                results.append(measure(item, recipe_dir, latency, rounds, warmup))
                continue
            try:  # the browser example is still being written: report, do not fail the bench
                results.append(measure(item, recipe_dir, latency, rounds, warmup))
            except Exception as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                unavailable[item.name] = f"not available yet ({type(exc).__name__}: {first})"
    return {
        "latency_s": latency,
        "rounds": rounds,
        "examples": results,
        "unavailable": unavailable,
    }


def report(figures: dict[str, Any]) -> str:
    """The table a person reads."""
    rows = []
    for r in figures["examples"]:
        a, p = r["agent"], r["replay"]
        rows.append(
            [
                r["example"],
                a["model_calls"],
                f"{a['input_tokens']}/{a['output_tokens']}",
                a["wall_s"],
                p["model_calls"],
                f"{p['input_tokens']}/{p['output_tokens']}",
                p["wall_s"],
                f"{r['speedup']:.0f}×",
            ]
        )
    lines = [
        f"Replay vs agent (model latency {figures['latency_s']:g} s per answer, medians of "
        f"{figures['rounds']} interleaved rounds)\n",
        table(
            [
                "example",
                "agent calls",
                "agent tokens in/out",
                "agent s",
                "replay calls",
                "replay tokens",
                "replay s",
                "speed-up",
            ],
            rows,
        ),
    ]
    for r in figures["examples"]:
        a = r["agent"]
        lines.append(
            f"{r['example']}: the agent run spent {a['model_wait_s']:.2f} s waiting for the model "
            f"and {a['wall_s'] - a['model_wait_s']:.2f} s on everything else"
        )
    for name, why in figures["unavailable"].items():
        lines.append(f"{name}: {why}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--latency",
        type=float,
        default=DEFAULT_LATENCY_S,
        help=f"seconds per model answer without a recorded latency (default {DEFAULT_LATENCY_S})",
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="rounds not kept (default 1)")
    parser.add_argument("--only", action="append", choices=["invoices", "shop"])
    args = parser.parse_args(argv)
    figures = run(latency=args.latency, rounds=args.rounds, warmup=args.warmup, only=args.only)
    publish("replay_vs_agent", figures, report(figures))
    return figures


if __name__ == "__main__":
    main()
