"""What a person watching a batch sees: a progress bar with the rate and the time left, the
rows by mode as they finish, then a summary table (rich, on stderr)."""

from __future__ import annotations

from collections import Counter
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

    from runtime.batch._results import ResultRow
    from runtime.batch._run import BatchReport


_SHORT = {"recipe": "recipe", "recipe+fallback": "fallback", "failed": "[red]failed[/]"}


class NoProgress:
    """The display of a batch run without one (the Python API's default)."""

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self, rows: list[ResultRow]) -> None:
        return None

    def note(self, text: str) -> None:
        return None


class BatchProgress:
    """A rich progress bar on stderr: rows done of all, rows per second, time left, and the
    count of rows by mode so far."""

    def __init__(self, *, total: int, title: str) -> None:
        # lazy: rich (~0.2 s) is needed only to draw a batch's progress
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            Task,
            TextColumn,
            TimeRemainingColumn,
        )

        # lazy: rich (~0.2 s) is needed only to draw a batch's progress
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task: Task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.1f} rows/s" if speed else "… rows/s", style="cyan")

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            RateColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[modes]}"),
            console=self.console,
            speed_estimate_period=60,
        )
        self.modes: Counter[str] = Counter()
        self.task_id = self.progress.add_task(title, total=total, modes="")

    def __enter__(self) -> BatchProgress:
        self.progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def advance(self, rows: list[ResultRow]) -> None:
        for row in rows:
            self.modes[row.mode] += 1
        shown = " · ".join(
            f"{_SHORT[mode]} {self.modes[mode]:,}" for mode in _SHORT if self.modes[mode]
        )
        self.progress.update(self.task_id, advance=len(rows), modes=shown)

    def note(self, text: str) -> None:
        self.progress.console.print(f"[yellow]{text}")


def summary_lines(report: BatchReport) -> list[str]:
    """The summary as plain lines (``BatchReport.summary()``)."""
    return [f"{label}: {value}" for label, value in _figures(report)]


def summary_table(report: BatchReport) -> Table:
    """The summary as a rich table."""
    # lazy: rich (~0.2 s) is needed only to draw a batch's progress
    from rich.table import Table

    table = Table(title="batch summary", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, value in _figures(report):
        table.add_row(label, value)
    return table


def print_summary(report: BatchReport) -> None:
    # lazy: rich (~0.2 s) is needed only to draw a batch's progress
    from rich.console import Console

    Console(stderr=True).print(summary_table(report))


def _figures(report: BatchReport) -> list[tuple[str, str]]:
    rows = report.results
    kinds = Counter(r.error_kind for r in rows if r.mode == "failed")
    failed = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items(), key=str))
    p50, p95 = report.percentile(0.5), report.percentile(0.95)
    figures: list[tuple[str, str]] = [
        (
            "rows",
            f"{len(rows):,}"
            + (f" of {report.total:,}" if report.total > len(rows) else "")
            + f" ({report.ran:,} run now, {len(rows) - report.ran:,} done before)",
        ),
        ("recipe", f"{report.count('recipe'):,}"),
        ("recipe+fallback", f"{report.fallbacks:,} ({report.healed} healed the recipe)"),
        ("failed", f"{report.failed:,}" + (f" ({failed})" if failed else "")),
        ("model calls", f"{sum(r.model_calls for r in rows):,}"),
        (
            "tokens",
            f"{sum(r.input_tokens for r in rows):,} in / "
            f"{sum(r.output_tokens for r in rows):,} out",
        ),
        ("cost", "-" if report.cost is None else f"{report.cost:.4f}"),
        ("per row", "-" if p50 is None else f"p50 {_secs(p50)}, p95 {_secs(p95 or 0.0)}"),
        (
            "wall time",
            f"{report.wall_s:.1f} s"
            + (f", {report.ran / report.wall_s:,.1f} rows/s" if report.wall_s > 0 else ""),
        ),
    ]
    if report.out is not None:
        figures.append(("results", str(report.out)))
    if report.interrupted:
        figures.append(("stopped", "by Ctrl-C: run the same command again to go on"))
    return figures


def _secs(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
