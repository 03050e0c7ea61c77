"""Generalization tasks: recorded agent runs, and held-out inputs their recipes must get right.

Each module defines a small realistic task (actions over local data), the model answers of one
agent run written the way a real agent acts — it copies values between calls instead of passing
``$ref``, reasons with ``compute``, makes one failed attempt and one lookup it never uses — and
held-out input sets with the outputs a correct recipe returns. :func:`evaluate` runs the agent
once from those answers, then replays the compiled recipe on every held-out set with no model
(any model call would fail), and reports what passed and what the compiler warned about.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler import CompileWarning, compile_trace
from compiler.ir import load_trace
from compiler.passes._walk import argument_exprs, expr_names, names_read
from compiler.recipe_ir import Assign, RecipeIR, Return
from runtime import AIResponse, Task

MODULES = (
    "statement",
    "restock",
    "followup",
    "flight",
    "digest",
    "expenses",
    "price_alert",
    "shipping",
)

PROVENANCE_CODES = frozenset(
    {"constant-output", "constant-argument", "list-position", "ambiguous-input"}
)
"""Warnings that say where a recipe may not follow new inputs."""


@dataclass(frozen=True)
class HeldOut:
    """Inputs the agent never saw, and what a correct recipe returns for them."""

    inputs: dict[str, Any]
    expected: dict[str, Any]


@dataclass(frozen=True)
class Case:
    """One generalization task."""

    task: Task[Any]
    recorded: dict[str, Any]
    """Inputs of the recorded agent run."""
    mocks: list[AIResponse]
    """The model's answers in that run."""
    held_out: list[HeldOut]


@dataclass
class Miss:
    """A held-out set the recipe got wrong."""

    inputs: dict[str, Any]
    wrong: dict[str, tuple[Any, Any]]
    """Output field → (expected, got); ``{"<error>": (None, message)}`` if the replay failed."""
    explained_by: list[CompileWarning] = field(default_factory=list)


@dataclass
class Report:
    """How one task's recipe did on its held-out sets."""

    name: str
    passed: int
    total: int
    model_calls: int
    warnings: list[CompileWarning]
    misses: list[Miss]
    recipe: str

    @property
    def provenance_warnings(self) -> list[CompileWarning]:
        return [w for w in self.warnings if w.code in PROVENANCE_CODES]


def cases() -> list[Case]:
    """Every task, in a stable order."""
    return [importlib.import_module(f"{__name__}.{m}").CASE for m in MODULES]


def evaluate(case: Case, recipe_dir: Path) -> Report:
    """Record the agent run, then replay its recipe on every held-out set with no model."""
    agent = case.task.with_options(recipe_dir=recipe_dir, mock_responses=case.mocks)
    agent.run(**case.recorded)
    assert agent.last_run is not None and agent.last_run.mode == "agent"
    folder = agent.folder
    compiled = compile_trace(load_trace(folder.trace_path.read_bytes()))
    warnings = list(compiled.warnings)
    depends = output_dependencies(compiled.ir)

    replay = case.task.with_options(recipe_dir=recipe_dir, mock_responses=[])
    passed = model_calls = 0
    misses: list[Miss] = []
    for held in case.held_out:
        try:
            got = replay.run(**held.inputs)
            wrong = {
                name: (want, getattr(got, name))
                for name, want in held.expected.items()
                if not _equal(getattr(got, name), want)
            }
        except Exception as exc:  # a failed replay is a miss, with its reason
            wrong = {"<error>": (None, f"{type(exc).__name__}: {exc}")}
        if replay.last_run is not None:
            model_calls += replay.last_run.model_calls
        if wrong:
            misses.append(Miss(held.inputs, wrong, _explaining(warnings, wrong, depends)))
        else:
            passed += 1
    return Report(
        name=case.task.name,
        passed=passed,
        total=len(case.held_out),
        model_calls=model_calls,
        warnings=warnings,
        misses=misses,
        recipe=folder.recipe_path.read_text("utf-8"),
    )


def _equal(got: Any, want: Any) -> bool:
    if isinstance(want, float) and isinstance(got, int | float):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    return bool(got == want)


def output_dependencies(ir: RecipeIR) -> dict[str, set[int]]:
    """Output field → the trace steps its value depends on (through every variable it reads)."""
    steps_of: dict[str, set[int]] = {}
    found: dict[str, set[int]] = {}
    for stmt in ir.statements:
        reads = set().union(*(steps_of.get(n, set()) for n in names_read(stmt)))
        own = {stmt.step} if stmt.step is not None else set()
        if isinstance(stmt, Return):
            for label, expr in argument_exprs(stmt):
                name = label.split(" ", 1)[1] if " " in label else "result"
                found[name] = own | set().union(*(steps_of.get(n, set()) for n in expr_names(expr)))
        elif isinstance(stmt, Assign):
            steps_of[stmt.var] = own | reads
    return found


def _explaining(
    warnings: list[CompileWarning], wrong: Mapping[str, Any], depends: dict[str, set[int]]
) -> list[CompileWarning]:
    """Provenance warnings that name an output the recipe got wrong, or a step it depends on;
    a replay that left through a guard's side exit (a safe stop the compiler planned, before
    any effect) is explained by the warnings of the places it guards."""
    error = wrong.get("<error>")
    if error is not None and "SideExit" in str(error[1]):
        return [w for w in warnings if w.code in PROVENANCE_CODES]
    return [
        w
        for w in warnings
        if w.code in PROVENANCE_CODES
        and any(
            f"output {name!r}" in w.message
            or (w.step is not None and w.step in depends.get(name, ()))
            for name in wrong
        )
    ]
