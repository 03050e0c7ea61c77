"""What a browser replay leaves to do after it returned: promote the locators that worked
(a small heal, under the folder's heal lock) and name the pages that never came to rest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.browser import busy_report, locator_report
from runtime.browser.candidates import is_positional
from runtime.errors import RecipeCompilerError, RecipeError

if TYPE_CHECKING:
    from runtime.tasks.task import Task


def promote_locators(task: Task[Any], path: Path) -> tuple[tuple[str, ...], Path | None]:
    """After a replay that found elements only by a later locator, heal the recipe to use the
    locator that worked (per ``config.heal``); returns warnings and the history entry.

    Rule: a positional locator (an XPath, ``:nth-of-type``, ``nth=``) is never moved first:
    it found the element by where it sat on this one page, which does not confirm it is the
    recorded element, and tried first it would pick whatever sits there next time ("Pay later"
    where "Pay" was) before the locators that name the element."""
    if not task.uses_browser():
        return (), None

    target = str(path.resolve())
    fell_back = [r for r in locator_report() if r.fell_back and r.file == target]
    if not fell_back:
        return (), None
    warnings = tuple(r.summary() for r in fell_back)
    promotable = [
        r for r in fell_back if r.used is not None and not is_positional(r.tried[r.used][0])
    ]
    if task.config.heal != "auto" or not promotable:
        return warnings, None
    from compiler.alternates import promote_alternate  # lazy: libcst and black
    from compiler.locators import promote_locator  # lazy: it edits the recipe with libcst

    with task.folder.heal_lock():  # a heal too: never over another one's write
        source = path.read_text(encoding="utf-8")
        try:
            alternates = task.folder.load_alternates()
        except RecipeError:
            alternates = None  # (not valid: the replay said so; only inline locators move)
        for report in promotable:
            if report.line is None or report.used is None:
                continue  # (a report that fell back has both; this tells the type checker)
            try:
                if report.alternate is None:
                    source = promote_locator(source, report.line, report.used)
                elif alternates is not None:
                    source, alternates = promote_alternate(
                        source, alternates, report.line, *report.alternate
                    )
            except RecipeCompilerError:
                continue  # the call moved (a hand edit): leave that one alone
        history = task.folder.save_recipe(source, label="locators", alternates=alternates)
    return (*warnings, "the recipe now tries the locators that worked first"), history


def busy_pages(task: Task[Any]) -> tuple[str, ...]:
    """Pages of this replay that kept a look at them waiting until the time ran out."""
    if not task.uses_browser():
        return ()

    return tuple(busy_report())
