"""What runs cost: a price table per model, a meter per run, and a ledger per recipe folder.

- :class:`PriceTable` is data: ``runtime/actions/prices.json`` (US dollars per million tokens,
  editable), overridden or extended per task by ``TaskConfig(prices={"my-model": {"input": 1,
  "output": 2}})``. A dated model name (``gpt-4o-mini-2024-07-18``) is priced by its longest listed
  prefix.
- :class:`CostMeter` adds up what one run's model answers cost, each priced by the model that
  answered (a mock answer without a model is priced as the model the task would use).
- :class:`Ledger` is ``recipes/<task>/ledger.jsonl``: one JSON line per run (agent run, replay,
  replay with a fallback), appended in a single write, so ``recipe show`` can say what the agent
  run cost, what each fallback cost, and what the replays saved so far.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runtime.errors import RecipeCompilerError

__all__ = [
    "PRICES_FILE",
    "CostMeter",
    "Ledger",
    "LedgerEntry",
    "ModelPrice",
    "PriceTable",
    "default_prices",
    "format_cost",
]

DEFAULT_MODEL = "gpt-4o-mini"
"""The model used when neither the caller nor ``OPENAI_MODEL`` names one (priced here; the
OpenAI provider asks for it)."""
PRICES_FILE = Path(__file__).with_name("prices.json")
"""The shipped price table."""


class PriceError(RecipeCompilerError):
    """The price table (``runtime/actions/prices.json`` or ``TaskConfig(prices=...)``) is not
    valid."""


class ModelPrice(BaseModel):
    """What one model costs, in the table's currency per million tokens."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input: float = Field(ge=0)
    """Per million prompt tokens."""
    output: float = Field(ge=0)
    """Per million completion tokens."""

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.input + output_tokens * self.output) / 1_000_000


class PriceTable(BaseModel):
    """``runtime/actions/prices.json``: model name → :class:`ModelPrice`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    currency: str = "USD"
    """The currency of every price (reports print it as ``$`` for USD)."""
    models: dict[str, ModelPrice] = {}
    """Prices by model name."""

    def price_of(self, model: str | None) -> tuple[str, ModelPrice] | None:
        """The entry that prices ``model``: its own, else its longest listed prefix followed by
        ``-`` (a dated snapshot), after dropping a provider prefix (``openai/``, ``openai:``)."""
        if not model:
            return None
        name = model.split("/", 1)[-1].split(":", 1)[-1] if "/" in model or ":" in model else model
        if name in self.models:
            return name, self.models[name]
        prefixes = [k for k in self.models if name.startswith(k + "-")]
        if not prefixes:
            return None
        best = max(prefixes, key=len)
        return best, self.models[best]

    def with_overrides(self, overrides: Mapping[str, ModelPrice]) -> PriceTable:
        if not overrides:
            return self
        return self.model_copy(update={"models": {**self.models, **overrides}})


@cache
def default_prices() -> PriceTable:
    """The shipped table (read once per process)."""
    try:
        return PriceTable.model_validate_json(PRICES_FILE.read_bytes())
    except (OSError, ValidationError) as exc:
        raise PriceError(
            f"{PRICES_FILE}: cannot read the price table ({exc}). Restore the file, or fix the "
            'entry it names: {"models": {"gpt-4o-mini": {"input": 0.15, "output": 0.6}}}.'
        ) from None


def format_cost(cost: float | None, currency: str = "USD") -> str:
    """``$0.0021``, ``$12.50``, ``$0``; ``unknown`` for ``None``."""
    if cost is None:
        return "unknown"
    sign = "$" if currency == "USD" else f"{currency} "
    if cost == 0:
        return f"{sign}0"
    if abs(cost) < 1:
        return f"{sign}{cost:.4f}"
    return f"{sign}{cost:,.2f}"


class CostMeter:
    """The model answers of one run and what they cost (thread-safe: a run's model calls and
    a status reader may be in different threads)."""

    def __init__(self, prices: PriceTable, *, default_model: str | None = None) -> None:
        self.prices = prices
        self.default_model = default_model
        """The model a mock answer (one that names no model) is priced as."""
        self._lock = threading.Lock()
        self.calls = 0
        self.input_tokens = 0
        self.output_tokens = 0
        self.cost: float | None = 0.0
        """What the answers cost; ``None`` once an answer came from a model with no price."""
        self.priced_as: list[str] = []
        """The price-table entries used, in order of first use."""
        self.unpriced: list[str] = []
        """Models that answered but have no price."""

    def add(self, model: str | None, input_tokens: int, output_tokens: int) -> None:
        name = model or self.default_model
        found = self.prices.price_of(name)
        with self._lock:
            self.calls += 1
            self.input_tokens += input_tokens
            self.output_tokens += output_tokens
            if found is None:
                shown = name or "an unnamed model"
                if shown not in self.unpriced:
                    self.unpriced.append(shown)
                self.cost = None
                return
            entry, price = found
            if entry not in self.priced_as:
                self.priced_as.append(entry)
            if self.cost is not None:
                self.cost += price.cost(input_tokens, output_tokens)

    def warnings(self) -> tuple[str, ...]:
        return tuple(
            f"no price for the model {name!r}: the run's cost is unknown. Add it to "
            f"{PRICES_FILE} or to TaskConfig(prices={{{name!r}: {{'input': ..., 'output': ...}}}}) "
            "(dollars per million tokens)."
            for name in self.unpriced
        )


# --------------------------------------------------------------------------- the ledger

Mode = Literal["agent", "recipe", "recipe+fallback"]


class LedgerEntry(BaseModel):
    """One run of a task, as ``ledger.jsonl`` keeps it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    run_id: str
    """The run's id (as in its trace and report)."""
    mode: Mode
    """Agent run, replay, or replay with a fallback."""
    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float | None = 0.0
    """What the model calls cost (``None``: a model without a price answered)."""
    priced_as: tuple[str, ...] = ()
    """The price-table entries used."""
    currency: str = "USD"
    duration_s: float = 0.0
    failed_step: int | None = None
    """For a replay with a fallback: the recipe step that failed (from 1)."""


class Ledger:
    """``recipes/<task>/ledger.jsonl``: every run of the task, one JSON line each.

    A line is appended with one ``write`` on a file opened for appending, so concurrent runs
    never interleave their lines and a crash leaves at most a cut last line, which reading
    skips. The ledger is local history (git-ignored), like ``runs/``.
    """

    FILE_NAME = "ledger.jsonl"

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.path = Path(folder) / self.FILE_NAME

    def append(self, entry: LedgerEntry) -> None:
        line = (entry.model_dump_json() + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)

    def entries(self) -> list[LedgerEntry]:
        if not self.path.is_file():
            return []
        out = []
        for text in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                out.append(LedgerEntry.model_validate_json(text))
            except ValidationError:
                continue  # a line cut by a crash, or written by a newer version
        return out

    def summary(self, *, agent_cost: float | None = None, currency: str = "USD") -> list[str]:
        """What ``recipe show`` prints: the agent run's cost, each fallback's, and what the
        replays saved so far (each replay saves the agent run's cost minus its own).

        ``agent_cost``: the recorded agent run's cost when the ledger holds no agent run
        (recorded before ledgers existed): priced from the trace's tokens."""
        entries = self.entries()
        agents = [e for e in entries if e.mode == "agent"]
        if agents:
            agent_cost = agents[-1].cost
        lines = [f"  agent run: {format_cost(agent_cost, currency)}"]
        if agents:
            last = agents[-1]
            lines[0] += (
                f" ({last.model_calls} model calls, {last.input_tokens} tokens in / "
                f"{last.output_tokens} out"
                + (f", {', '.join(last.priced_as)} prices" if last.priced_as else "")
                + ")"
            )
        replays = [e for e in entries if e.mode != "agent"]
        fallbacks = [e for e in replays if e.mode == "recipe+fallback"]
        for entry in fallbacks:
            lines.append(
                f"  fallback in run {entry.run_id} (step {entry.failed_step} failed): "
                f"{format_cost(entry.cost, currency)} ({entry.model_calls} model calls)"
            )
        if not replays:
            lines.append("  replays so far: none")
            return lines
        spent = _total(e.cost for e in replays)
        saved = None if agent_cost is None or spent is None else agent_cost * len(replays) - spent
        lines.append(
            f"  replays so far: {len(replays)} ({len(fallbacks)} with a fallback), spent "
            f"{format_cost(spent, currency)} on the model; saved ≈ {format_cost(saved, currency)}"
            " by not running the agent each time"
        )
        return lines


def _total(costs: Iterable[float | None]) -> float | None:
    total = 0.0
    for cost in costs:
        if cost is None:
            return None
        total += cost
    return total


def prices_from_config(overrides: Mapping[str, Any] | None) -> PriceTable:
    """The shipped table with a task's ``TaskConfig(prices=...)`` laid over it."""
    table = default_prices()
    if not overrides:
        return table
    return table.with_overrides(
        {
            name: price if isinstance(price, ModelPrice) else ModelPrice.model_validate(price)
            for name, price in overrides.items()
        }
    )


def recorded_run_cost(model: str | None, input_tokens: int, output_tokens: int) -> float | None:
    """What a recorded agent run cost at today's shipped prices (a mock run, named ``mock`` or
    not at all, is priced as ``OPENAI_MODEL``, else the default model)."""
    name = model if model and model != "mock" else os.environ.get("OPENAI_MODEL", DEFAULT_MODEL)
    found = default_prices().price_of(name)
    return found[1].cost(input_tokens, output_tokens) if found else None


def cost_lines(folder: str | os.PathLike[str], trace: Any | None) -> list[str]:
    """``recipe show``'s cost section for a recipe folder and its trace (``None``: no trace)."""
    agent_cost = None
    if trace is not None and trace.mode == "agent":
        usage = trace.usage
        agent_cost = recorded_run_cost(trace.model, usage.input_tokens, usage.output_tokens)
    return ["  cost:", *("  " + line for line in Ledger(folder).summary(agent_cost=agent_cost))]
