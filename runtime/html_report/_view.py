"""What a run's page shows, computed in Python; the templates only lay it out.

Every value that reaches a page is text the template escapes (autoescape is on): argument
values, results, errors and recipe lines are never written as markup. Secret inputs are shown
as ``**********`` whatever the record holds.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.ir import (
    CodeExpr,
    DictExpr,
    FStringExpr,
    ListExpr,
    LiteralExpr,
    LocatorExpr,
    RefExpr,
    Step,
)
from runtime.html_report._diff import DiffRow, side_by_side
from runtime.store.history import RunRecord

REDACTED = "**********"
PREVIEW = 300
"""Characters of a value shown inline; the rest is cut, with how much was cut."""
_LOCATOR_TEXT = re.compile(r"^<element to find by (.*)>$", re.S)


@dataclass(frozen=True)
class Piece:
    """A bit of an argument: plain text, or a variable linking to where it came from."""

    text: str
    href: str | None = None
    kind: str = "text"


@dataclass
class StepView:
    number: int
    anchor: str
    action: str
    source: str
    status: str
    args: list[tuple[str, list[Piece]]]
    result_var: str | None
    result: str | None
    error: str | None
    duration: str
    turn: int | None
    reason: str | None
    locator: str | None
    failed_here: bool = False


@dataclass
class TurnView:
    turn: str
    tokens_in: str
    tokens_out: str
    cost: str
    duration: str
    calls: str
    reason: str


@dataclass
class RunView:
    title: str
    task: str
    description: str
    run_id: str
    created_at: str
    mode: str
    status: str
    model: str
    usage: list[tuple[str, str]]
    inputs: list[tuple[str, str, str]]
    """``(name, value, anchor)``."""
    outputs: str
    error: str | None
    steps: list[StepView]
    turns: list[TurnView]
    turns_note: str | None
    fallback: str | None
    fallback_steps: list[str]
    screenshots: list[tuple[str, str]]
    """``(name, data: URI)``."""
    missing_screenshots: list[str]
    locators: list[str]
    warnings: list[str]
    diff: list[DiffRow] | None
    heal_note: str | None
    tests: list[tuple[str, str]]
    """``(status, line)`` of the ``recipe test`` report: ``ok``, ``fail``, ``skip``, ``info``."""
    back: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def run_view(record: RunRecord, *, back: str | None = None) -> RunView:
    trace = record.trace
    secret = set(trace.task.secret_inputs)
    defined: dict[str, str] = {}
    inputs = []
    for name, value in trace.inputs.items():
        anchor = f"var-{name}"
        defined[name] = anchor
        shown = REDACTED if name in secret else _preview(value)
        inputs.append((name, shown, anchor))
    steps = []
    for number, step in enumerate(trace.steps, start=1):  # (a fallback counts its own from 0)
        anchor = f"step-{number}"
        steps.append(_step_view(step, number, anchor, defined))
        if step.result_var:
            defined[step.result_var] = anchor
    if record.failed_step is not None:
        recipe_steps = [s for s in steps if s.source == "recipe"]
        ok = [s for s in recipe_steps if s.status == "ok"]
        for view in recipe_steps:
            if view.status == "error" or (
                view is recipe_steps[-1] and len(ok) == len(recipe_steps)
            ):
                view.failed_here = True
                break
    failed = record.error is not None
    mode = "failed" if failed else trace.mode
    usage = [
        ("model calls", str(trace.usage.model_calls)),
        ("tokens", f"{trace.usage.input_tokens:,} in / {trace.usage.output_tokens:,} out"),
    ]
    cost = record.cost if record.cost is not None else getattr(trace.usage, "cost", None)
    if cost is not None:
        usage.append(("cost", f"{cost:.4f}"))
    if record.duration_s is not None:
        usage.append(("duration", _secs(record.duration_s)))
    fallback = None
    fallback_steps: list[str] = []
    if trace.fallback_from is not None or record.failure:
        where = record.failed_step or ((trace.fallback_from or 0) + 1)
        failure = re.sub(r"^step \d+ of the recipe: ", "", record.failure or "")
        fallback = f"The recipe left at step {where}" + (f": {failure}" if failure else ".")
        fallback_steps = [
            f"{s.action}({', '.join(k for k, _ in s.args)})"
            for s in steps
            if s.source == "fallback"
        ]
    diff = None
    heal_note = None
    if record.recipe_before is not None and record.recipe_after is not None:
        diff = side_by_side(record.recipe_before, record.recipe_after)
        heal_note = (
            "This run healed the recipe: on the left the recipe it replaced, on the right the "
            "healed one."
            if record.healed
            else "This run proposed a heal (not written; apply it with `recipe heal`): on the "
            "left the recipe, on the right the proposed one."
        )
    screenshots, missing = _screenshots(record)
    turns, turns_note = _turns(record)
    return RunView(
        title=f"{trace.task.name} — {mode} run {trace.run_id}",
        task=trace.task.name,
        description=trace.task.description,
        run_id=trace.run_id,
        created_at=trace.created_at,
        mode=mode,
        status="failed" if failed else "ok",
        model=trace.model or "-",
        usage=usage,
        inputs=inputs,
        outputs=_pretty(trace.outputs),
        error=record.error,
        steps=steps,
        turns=turns,
        turns_note=turns_note,
        fallback=fallback,
        fallback_steps=fallback_steps,
        screenshots=screenshots,
        missing_screenshots=missing,
        locators=list(record.locators),
        warnings=list(record.warnings),
        diff=diff,
        heal_note=heal_note,
        tests=_tests(record.heal_report),
        back=back,
    )


def _step_view(step: Step, number: int, anchor: str, defined: dict[str, str]) -> StepView:
    args = [(key, _pieces(expr, defined)) for key, expr in step.args.items()]
    locator = None
    target = step.args.get("target")
    if isinstance(target, LiteralExpr) and isinstance(target.value, str):
        match = _LOCATOR_TEXT.match(target.value)
        locator = match.group(1) if match else None
    elif isinstance(target, LocatorExpr) and target.candidates:
        locator = _candidate(target)
    return StepView(
        number=number,
        anchor=anchor,
        action=step.action.name,
        source=step.source,
        status=step.status,
        args=args,
        result_var=step.result_var,
        result=_cut(step.result_repr) if step.result_repr is not None else None,
        error=step.error,
        duration=_secs(step.duration_s),
        turn=step.turn,
        reason=step.reason,
        locator=locator,
    )


def _pieces(expr: Any, defined: dict[str, str]) -> list[Piece]:
    if isinstance(expr, LiteralExpr):
        return [Piece(_preview(expr.value), kind="literal")]
    if isinstance(expr, RefExpr):
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in expr.path)
        anchor = defined.get(expr.name)
        return [Piece(expr.name + path, href=f"#{anchor}" if anchor else None, kind="ref")]
    if isinstance(expr, FStringExpr):
        out = [Piece('f"', kind="literal")]
        for part in expr.parts:
            if isinstance(part, str):
                out.append(Piece(part, kind="literal"))
            else:
                out += [Piece("{"), *_pieces(part, defined), Piece("}")]
        return [*out, Piece('"', kind="literal")]
    if isinstance(expr, CodeExpr):
        out = []
        names = set(expr.names)
        for token in re.split(r"([A-Za-z_][A-Za-z0-9_]*)", expr.source):
            if token in names and token in defined:
                out.append(Piece(token, href=f"#{defined[token]}", kind="ref"))
            elif token:
                out.append(Piece(token, kind="code"))
        return out
    if isinstance(expr, LocatorExpr):
        return [Piece(_candidate(expr), kind="locator")]
    if isinstance(expr, ListExpr):
        out = [Piece("[")]
        for n, item in enumerate(expr.items):
            out += ([Piece(", ")] if n else []) + _pieces(item, defined)
        return [*out, Piece("]")]
    if isinstance(expr, DictExpr):
        out = [Piece("{")]
        for n, (key, value) in enumerate(expr.entries):
            out += ([Piece(", ")] if n else []) + [Piece(f"{json.dumps(key)}: ")]
            out += _pieces(value, defined)
        return [*out, Piece("}")]
    return [Piece(str(getattr(expr, "kind", "?")))]


def _candidate(expr: LocatorExpr) -> str:
    first = expr.candidates[0]
    text = f"{first.strategy}={first.value}"
    if first.name:
        text += f' name="{first.name}"'
    if expr.description:
        text = f"{expr.description} — {text}"
    more = len(expr.candidates) - 1
    return text + (f" (+{more} more)" if more else "")


def _turns(record: RunRecord) -> tuple[list[TurnView], str | None]:
    steps_by_turn: dict[tuple[str, int], list[Step]] = {}
    for step in record.trace.steps:
        if step.turn is not None:
            steps_by_turn.setdefault((step.source, step.turn), []).append(step)
    if record.turns:
        source = "fallback" if record.trace.fallback_from is not None else "agent"
        views = []
        for t in record.turns:
            steps = steps_by_turn.get((source, t.turn), [])
            views.append(
                TurnView(
                    turn=str(t.turn),
                    tokens_in=f"{t.input_tokens:,}",
                    tokens_out=f"{t.output_tokens:,}",
                    cost="-" if t.cost is None else f"{t.cost:.4f}",
                    duration=_secs(t.duration_s),
                    calls=", ".join(t.calls) or "(text)",
                    reason=next((s.reason for s in steps if s.reason), "") or "",
                )
            )
        return views, None
    if not steps_by_turn:
        return [], None
    views = [
        TurnView(
            turn=f"{turn}" + (" (fallback)" if source == "fallback" else ""),
            tokens_in="-",
            tokens_out="-",
            cost="-",
            duration="-",
            calls=", ".join(s.action.name for s in steps),
            reason=next((s.reason for s in steps if s.reason), "") or "",
        )
        for (source, turn), steps in steps_by_turn.items()
    ]
    usage = record.trace.usage
    note = (
        f"The trace keeps the tokens of the whole run ({usage.input_tokens:,} in / "
        f"{usage.output_tokens:,} out over {usage.model_calls} model calls), not of each turn."
    )
    return views, note


def _screenshots(record: RunRecord) -> tuple[list[tuple[str, str]], list[str]]:
    base = Path(record.source).parent if record.source else Path.cwd()
    shown, missing = [], []
    for name in record.screenshots:
        path = Path(name) if Path(name).is_absolute() else base / name
        if path.is_file():
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            shown.append((path.name, f"data:image/png;base64,{data}"))
        else:
            missing.append(name)
    return shown, missing


def _tests(report: str | None) -> list[tuple[str, str]]:
    if not report:
        return []
    out = []
    for line in report.splitlines():
        if line.startswith("ok"):
            out.append(("ok", line))
        elif line.startswith("FAIL"):
            out.append(("fail", line))
        elif line.startswith("skip"):
            out.append(("skip", line))
        else:
            out.append(("info", line))
    return out


def _preview(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    return _cut(text)


def _pretty(value: Any) -> str:
    return _cut(json.dumps(value, ensure_ascii=False, indent=2), 4000)


def _cut(text: str, limit: int = PREVIEW) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} more characters)"


def _secs(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
