"""``compile_trace``: the one entry point the runtime and the CLI call."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from compiler.alternates import split_alternates
from compiler.codegen import expr_source, generate
from compiler.errors import CompileError
from compiler.format import check_compiles, format_source
from compiler.ir import Trace
from compiler.locators_file import Alternates
from compiler.passes import PIPELINE, PassContext, drop_failed, lower
from compiler.recipe_ir import CompileWarning, RecipeIR


class PassReport(BaseModel):
    """What one pass changed, for ``--explain``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    """The pass, e.g. ``parameters``."""
    changes: tuple[str, ...] = ()
    """One human-readable line per change, naming the step."""


class CompileResult(BaseModel):
    """A compiled recipe."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    """The recipe module, black-formatted; the same trace always gives the same bytes."""
    warnings: tuple[CompileWarning, ...] = ()
    """What the recipe may get wrong (errors instead under ``strict``)."""
    explain: tuple[PassReport, ...] = ()
    """What each pass did, in pipeline order."""
    ir: RecipeIR
    """The final recipe IR (statement ↔ trace step mapping, for healing and reports), every
    element with all its candidates."""
    alternates: Alternates = Alternates()
    """Each element's locators after the one the recipe shows: ``locators.json`` beside it
    (:mod:`compiler.alternates`)."""


def compile_trace(trace: Trace, *, strict: bool = False) -> CompileResult:
    """Compile a recorded run into recipe source.

    Raises :class:`~compiler.errors.CompileError` (naming the step and what to do) when the
    trace cannot become a recipe, and under ``strict`` when there is any warning.
    """
    from compiler import __version__

    ctx = PassContext(trace=trace, strict=strict)
    reports: list[PassReport] = []
    kept, changes = drop_failed(trace, ctx)
    reports.append(PassReport(name="drop_failed", changes=tuple(changes)))
    ir, changes = lower(kept, ctx)
    reports.append(PassReport(name="lower", changes=tuple(changes)))
    for rewrite in PIPELINE:
        ir, changes = rewrite(ir, ctx)
        reports.append(PassReport(name=rewrite.__name__, changes=tuple(changes)))
    if strict and ir.warnings:
        listed = "\n".join(f"  - {w.code}: {w.message}" for w in ir.warnings)
        raise CompileError(
            f"compiling task {trace.task.name!r} (run {trace.run_id}) gave warnings, which "
            f"--strict turns into errors:\n{listed}"
        )
    shown, alternates = split_alternates(ir, data=expr_source)
    source = format_source(generate(shown, version=__version__), function_name=ir.function_name)
    check_compiles(source)
    return CompileResult(
        source=source, warnings=ir.warnings, explain=tuple(reports), ir=ir, alternates=alternates
    )
