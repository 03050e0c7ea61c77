"""The composition example end to end, offline: a task used by another as an action, both
recipes replayed without a model, a fallback inside the sub-task only, permanent memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_compose_demo_runs_end_to_end() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    res = subprocess.run(
        [sys.executable, "examples/compose.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    out = res.stdout
    # 1. one agent run each; the parent's recipe calls the sub-task's
    assert "task 'follow_up': agent run" in out and "task 'contact': agent run" in out
    assert "contact_outputs = contact(customer=customer)" in out
    assert 'memory.get(key="follow_up", default=[])' in out
    # 2. replays without a model, reading memory as it is now
    assert "Initech → total_due=89.99 on_list=3" in out
    assert out.count("model calls: 0") >= 4
    # 3. the sub-task falls back inside itself; the parent's recipe goes on
    step3 = out.split("== 3.", 1)[1].split("== 4.", 1)[0]
    assert "task 'contact': recipe+fallback run" in step3
    assert "task 'follow_up': recipe run" in step3 and "total_due=2660.75 on_list=3" in step3
    # 4. an execution's status and the cost ledger
    assert "task 'follow_up': completed" in out
    assert "saved ≈ $" in out
