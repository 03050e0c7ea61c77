"""A pytest plugin: one test per recorded run of every recipe folder pytest looks into.

Installed with the package (entry point ``recipe_compiler``). A folder with ``recipe.py`` and
``trace.json`` is collected from its ``trace.json``; each recorded run of the task (see
:mod:`runtime.run.recorded_tests`) becomes a test named after the run, so a hand edit that breaks a
recorded path fails CI with the run, the step, what was expected and what happened. Runs that
are not tested (retired or unfinished runs) are reported as skipped. Put the recipe
folder under pytest's ``testpaths`` (this project lists ``recipes``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compiler.ir import load_trace
from runtime.run.replay import load_recipe_module, recipe_function
from runtime.store.folder import RecipeFolder

_NOT_RECIPES = {"history", "pending", "runs"}


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if (
        file_path.name == "trace.json"
        and (file_path.parent / "recipe.py").is_file()
        and file_path.parent.name not in _NOT_RECIPES
        and file_path.parent.parent.name not in _NOT_RECIPES
    ):
        return RecipeRuns.from_parent(parent, path=file_path)
    return None


class RecipeRunFailed(Exception):
    """The recipe did not do what a recorded run did."""


class RecipeRuns(pytest.File):
    """The recorded runs of one recipe folder."""

    def collect(self) -> Iterator[pytest.Item]:
        # lazy: every pytest session loads this plugin; libcst (recorded_tests) only with recipes
        from runtime.run.recorded_tests import recorded_runs

        runs, skipped = recorded_runs(RecipeFolder(self.path.parent))
        for run in runs:
            yield RecordedRunItem.from_parent(self, name=f"run {run.run_id}", run=run)
        for run_id, why in skipped:
            yield SkippedRunItem.from_parent(self, name=f"run {run_id}", why=why)

    def recipe_function(self) -> Any:
        cached = getattr(self, "_fn", None)
        if cached is None:
            trace = load_trace(self.path.read_bytes(), source=str(self.path))
            recipe = self.path.parent / "recipe.py"
            cached = recipe_function(load_recipe_module(recipe), trace.task.name, recipe)
            self._fn = cached
        return cached


class RecordedRunItem(pytest.Item):
    def __init__(self, *, run: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.run = run

    def runtest(self) -> None:
        assert isinstance(self.parent, RecipeRuns)
        from runtime.run.recorded_tests import run_against  # lazy: as in collect()

        outcome = run_against(self.parent.recipe_function(), self.run)
        if outcome.problem is not None:
            raise RecipeRunFailed(f"{self.run.describe()}:\n{outcome.problem}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, RecipeRunFailed):
            return f"{self.path.parent / 'recipe.py'}: {excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.parent.name}: recorded {self.name}"


class SkippedRunItem(pytest.Item):
    def __init__(self, *, why: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.why = why

    def runtest(self) -> None:
        pytest.skip(self.why)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.parent.name}: recorded {self.name}"
