"""HTML pages of runs and batches: ``recipe show recipes/<task> [RUN_ID] --html [--open]`` and
``recipe show results.jsonl --html``.

Each page is one self-contained file — styles and the little script inline, screenshots as
``data:`` URIs — that opens offline and loads nothing (its Content-Security-Policy forbids it).
Pages are jinja2 templates (``templates/``) with autoescaping on; :mod:`._view` computes what
they show, secret inputs redacted.

- :func:`render_run` / :func:`write_run_report`: one run (a
  :class:`~runtime.store.history.RunRecord`).
- :func:`write_batch_report`: a batch's index page, one line per row filterable by mode, each
  linking to the row's own page (``results.runs/<row id>.html``).
"""

from __future__ import annotations

import functools
import json
import os
import webbrowser
from pathlib import Path
from typing import Any

import jinja2

from compiler import __version__
from runtime.batch._results import ResultRow, load_results
from runtime.errors import RecipeError
from runtime.html_report._view import RunView, run_view
from runtime.run.recorded_tests import run_recipe_tests
from runtime.store._files import atomic_write_text
from runtime.store.folder import RecipeFolder
from runtime.store.history import RunRecord, find_run, load_record

__all__ = ["render_batch", "render_run", "show_html", "write_batch_report", "write_run_report"]

_TEMPLATES = Path(__file__).with_name("templates")


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _version() -> str:
    return str(__version__)


def render_run(record: RunRecord, *, back: str | None = None) -> str:
    """The page of one run."""
    view: RunView = run_view(record, back=back)
    template = _environment().get_template("run.html.j2")
    return template.render(title=view.title, run=view, version=_version())


def write_run_report(record: RunRecord, path: str | Path, *, back: str | None = None) -> Path:
    return atomic_write_text(path, render_run(record, back=back))


def render_batch(rows: list[ResultRow], *, name: str, pages: dict[str, str]) -> str:
    """The index page of a batch: ``pages`` maps a row id to its page's relative URL."""
    modes: dict[str, int] = {}
    for r in rows:
        modes[r.mode] = modes.get(r.mode, 0) + 1
    durations = sorted(r.duration_s for r in rows if r.error_kind != "input")
    facts = [
        ("rows", f"{len(rows):,}"),
        ("model calls", f"{sum(r.model_calls for r in rows):,}"),
        (
            "tokens",
            f"{sum(r.input_tokens for r in rows):,} in / "
            f"{sum(r.output_tokens for r in rows):,} out",
        ),
    ]
    costs = [r.cost for r in rows if r.cost is not None]
    if costs:
        facts.append(("cost", f"{sum(costs):.4f}"))
    if durations:
        facts.append(("p50 per row", _secs(durations[len(durations) // 2])))
        facts.append(
            ("p95 per row", _secs(durations[min(len(durations) - 1, int(len(durations) * 0.95))]))
        )
    view = {
        "name": name,
        "facts": facts,
        "modes": [(m, modes[m]) for m in ("recipe", "recipe+fallback", "failed") if m in modes],
        "rows": [_batch_row(r, pages.get(r.id)) for r in rows],
    }
    template = _environment().get_template("batch.html.j2")
    return template.render(title=f"batch {name}", batch=view, version=_version())


def write_batch_report(results: str | Path, output: str | Path | None = None) -> Path:
    """Write the index page of a results file (``results.html`` beside it) and the page of
    every row whose run record is kept (``results.runs/<id>.html``, redone only when the
    record is newer)."""
    results = Path(results)
    if not results.is_file():
        raise RecipeError(f"{results}: no such results file.")
    rows = sorted(load_results(results), key=lambda r: r.line)
    index = Path(output) if output is not None else results.with_suffix(".html")
    pages: dict[str, str] = {}
    for row in rows:
        if not row.run:
            continue
        record_path = results.parent / row.run
        if not record_path.is_file():
            continue
        page = record_path.with_suffix(".html")
        if not page.is_file() or page.stat().st_mtime < record_path.stat().st_mtime:
            back = _relative(index, page.parent)
            write_run_report(load_record(record_path), page, back=back)
        pages[row.id] = _relative(page, index.parent)
    atomic_write_text(index, render_batch(rows, name=results.stem, pages=pages))
    return index


def show_html(
    path: str | Path,
    run_id: str | None = None,
    *,
    output: str | Path | None = None,
    open_page: bool = False,
) -> Path:
    """``recipe show PATH [RUN_ID] --html``: the page of a run of a recipe folder (written to
    ``<folder>/reports/<run id>.html``), a run record file, or a batch's results file."""
    path = Path(path)
    if path.is_file() and path.suffix == ".jsonl":
        if run_id is not None:
            page = _batch_row_page(path, run_id, output)
        else:
            page = write_batch_report(path, output)
    elif path.is_file() and path.suffix == ".json":
        record = load_record(path)
        page = write_run_report(record, output or path.with_suffix(".html"))
    else:
        folder = RecipeFolder(path)
        if not folder.path.is_dir():
            raise RecipeError(f"{path}: no such recipe folder or results file.")
        record = find_run(folder, run_id)
        if record.healed and record.heal_report is None and record.recipe_after is not None:
            report = run_recipe_tests(folder, source=record.recipe_after).text()
            record = record.model_copy(update={"heal_report": report})
        target = output or folder.path / "reports" / f"{record.trace.run_id}.html"
        page = write_run_report(record, target)
    if open_page:
        webbrowser.open(page.resolve().as_uri())
    return page


def _batch_row_page(results: Path, wanted: str, output: str | Path | None) -> Path:
    for row in load_results(results):
        if wanted in (row.id, row.run_id) and row.run:
            record = results.parent / row.run
            return write_run_report(load_record(record), output or record.with_suffix(".html"))
    raise RecipeError(f"{results}: no row or run {wanted!r} with a run record.")


def _batch_row(row: ResultRow, href: str | None) -> dict[str, Any]:
    inputs = json.dumps(row.inputs, ensure_ascii=False) if row.inputs is not None else "-"
    outputs = json.dumps(row.outputs, ensure_ascii=False)
    return {
        "line": row.line,
        "mode": row.mode,
        "healed": row.healed,
        "inputs": _cut(inputs),
        "outputs": _cut(outputs),
        "error": _cut(row.error) if row.error else None,
        "model_calls": row.model_calls,
        "tokens": f"{row.input_tokens + row.output_tokens:,}",
        "cost": "-" if row.cost is None else f"{row.cost:.4f}",
        "duration": _secs(row.duration_s),
        "href": href,
        "run_id": row.run_id,
    }


def _relative(target: Path, start: Path) -> str:

    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def _cut(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _secs(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
