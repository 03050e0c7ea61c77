"""The fault-injection suite keeps a ledger: every fault a test injects, whether the system
survived it (it did what the README promises: a retry, a clear error, a repaired folder) and how
many files a user had were lost (must be 0).

Tests that inject many faults (a SIGKILL at every write point) log each one through the
``faults`` fixture; any other test in this folder counts as one fault, survived if it passed.
With ``RECIPE_FAULTS_REPORT=path.json`` set, the ledger is written there when the session ends;
``python bench/faults.py`` runs the suite that way and prints the table the README shows.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CATEGORIES = {
    "test_endpoint": "model endpoint: errors, hangs, garbage and cut-off answers",
    "test_crash": "SIGKILL at every write point of recording and healing",
    "test_concurrency": "concurrent replays, heals and writers",
    "test_secrets": "secrets in files and messages",
    "test_sandbox": "compute sandbox escapes",
    "test_untrusted_trace": "untrusted trace files",
    "test_bad_input": "bad input: value types, names, a broken trace, the README walk-through",
}

_LOGGED: dict[str, list[dict[str, Any]]] = {}
_OUTCOMES: dict[str, str] = {}


@dataclass
class FaultLog:
    """The faults one test injected."""

    category: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    def injected(self, fault: str, *, survived: bool, lost: int = 0) -> None:
        """Log one injected fault, whether it was survived and how many files were lost."""
        self.rows.append(
            {"category": self.category, "fault": fault, "survived": survived, "lost": lost}
        )


def _category(nodeid: str) -> str:
    module = Path(nodeid.split("::", 1)[0]).stem
    return CATEGORIES.get(module, module)


@pytest.fixture
def faults(request: pytest.FixtureRequest) -> FaultLog:
    log = FaultLog(_category(request.node.nodeid))
    _LOGGED[request.node.nodeid] = log.rows
    return log


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _OUTCOMES[report.nodeid] = report.outcome


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("RECIPE_FAULTS_REPORT")
    if not target:
        return
    rows: list[dict[str, Any]] = []
    for nodeid, outcome in _OUTCOMES.items():
        if outcome == "skipped":
            continue
        logged = _LOGGED.get(nodeid, [])
        rows += logged
        if not logged or outcome != "passed":
            # A test that logs nothing is one fault; one that failed after logging some
            # counts its failure as a fault not survived.
            rows.append(
                {
                    "category": _category(nodeid),
                    "fault": nodeid.split("::", 1)[-1],
                    "survived": outcome == "passed",
                    "lost": 0,
                }
            )
    Path(target).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
