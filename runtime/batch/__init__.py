"""Run a recipe over many inputs: ``recipe batch recipes/<task> INPUTS --out results.jsonl``,
or ``task.batch(rows, workers=N)``.

- **Rows** come from ``.jsonl``, ``.csv`` or ``.parquet`` (with pyarrow) or a Python iterable;
  each is validated against the task's inputs, and a bad one gets its own error line.
- **One result line per row** (:class:`ResultRow`): outputs or error, mode, model calls,
  tokens, cost, duration, and the row's run record for ``recipe show --html``.
- **Resumable**: rows already in the results file are skipped; a row that was running when
  the batch was stopped is not run again when the task changes things (``--retry-failed``).
- **Engines**: worker processes on this machine (``local``), or Ray (``ray``, local or a
  cluster). Rows that need the model share one bounded pool; fallbacks and heals of a recipe
  happen one at a time, and the rows after a heal use the healed recipe.

Names are imported on first use (PEP 562): the command line builds its parser from
:mod:`runtime.cli.batch` without importing the runtime behind it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runtime.batch._inputs import InputRow, read_inputs
    from runtime.batch._results import ResultRow, load_results
    from runtime.batch._run import BatchReport, run_batch

__all__ = ["BatchReport", "InputRow", "ResultRow", "load_results", "read_inputs", "run_batch"]

_LAZY = {
    "BatchReport": "runtime.batch._run",
    "InputRow": "runtime.batch._inputs",
    "ResultRow": "runtime.batch._results",
    "load_results": "runtime.batch._results",
    "read_inputs": "runtime.batch._inputs",
    "run_batch": "runtime.batch._run",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'runtime.batch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
