"""Fallback cost: tokens the fallback spends when step k of n fails, against a full agent run.

A synthetic pipeline task of n actions is recorded once (scripted model answers); then for
each k the k-th action is made to fail and the fallback (scripted answers for steps k..n)
finishes the task. Token counts are the mock provider's estimate of what was sent (chars/4
of the messages and tools), the same estimate for both sides, so the ratio is meaningful.

    python bench/fallback_cost.py [--steps 10]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import publish, table

from runtime import AIResponse, Task, ToolCall, action

BROKEN = {"at": 0}


@action
def stage(i: int, value: int, version: int = 1) -> int:
    """Run pipeline stage i on value; returns the new value."""
    if BROKEN["at"] == i and version < 2:
        raise RuntimeError(f"stage {i} now requires version=2")
    return value + i


def answers(n: int, start: int, value: int, *, fix_at: int | None) -> list[AIResponse]:
    """Scripted model answers for stages start..n, then finish."""
    out = []
    for i in range(start, n + 1):
        args: dict[str, object] = {"i": i, "value": value}
        if i == fix_at:
            args["version"] = 2
        out.append(AIResponse(content=f"Run stage {i}.", tool_calls=[ToolCall("stage", args)]))
        value += i
    out.append(AIResponse(tool_calls=[ToolCall("finish", {"result": value})]))
    return out


def make(n: int, recipe_dir: Path, mocks: list[AIResponse]) -> Task:  # type: ignore[type-arg]
    return Task(
        f"Run the {n} pipeline stages in order on the start value and return the result.",
        name="pipeline",
        inputs={"start": int},
        outputs=int,
        actions=[stage],
        mock_responses=mocks,
        recipe_dir=recipe_dir,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10, help="pipeline length n")
    args = parser.parse_args()
    n = args.steps
    rows, points = [], []
    with tempfile.TemporaryDirectory() as tmp:
        full = make(n, Path(tmp) / "full", answers(n, 1, 0, fix_at=None))
        full.run(start=0)
        assert full.last_run is not None
        full_tokens, full_calls = full.last_run.input_tokens, full.last_run.model_calls
        for k in range(1, n + 1):
            recipe_dir = Path(tmp) / f"k{k}"
            make(n, recipe_dir, answers(n, 1, 0, fix_at=None)).run(start=0)
            BROKEN["at"] = k
            value_before_k = sum(range(1, k))
            task = make(n, recipe_dir, answers(n, k, value_before_k, fix_at=k))
            result = task.run(start=0)
            BROKEN["at"] = 0
            run = task.last_run
            assert run is not None and run.mode == "recipe+fallback", run
            assert result == sum(range(n + 1)), (k, result)
            ratio = run.input_tokens / full_tokens
            rows.append([k, run.model_calls, run.input_tokens, round(ratio, 3)])
            points.append(
                {
                    "k": k,
                    "model_calls": run.model_calls,
                    "input_tokens": run.input_tokens,
                    "ratio_to_full": ratio,
                }
            )
    heading = (
        f"Fallback cost when step k of n={n} fails (full agent run: {full_calls} calls, "
        f"{full_tokens} input tokens)\n"
    )
    figures = {
        "steps": n,
        "full_run": {"model_calls": full_calls, "input_tokens": full_tokens},
        "fallback": points,
    }
    publish(
        "fallback_cost",
        figures,
        heading + "\n" + table(["k", "model calls", "input tokens", "÷ full run"], rows),
    )


if __name__ == "__main__":
    main()
