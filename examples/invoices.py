"""Example: remind a customer of their unpaid invoices.

The data is a small local data set (``examples/invoices_data/*.json``); the side effect is a
reminder written into ``examples/invoices_data/outbox/``.

    python examples/invoices.py          # the whole demo, in examples/.demo/
    recipe run examples/invoices.py      # run the task (agent once, then the recipe)

Without ``OPENAI_API_KEY`` (or with ``RECIPE_USE_MOCKS=1``) the model's answers come from
recorded runs: ``invoices.cassette.json`` (the first run) and ``invoices_fallback.cassette.json``
(the fallback after the outbox service changed); with a key, the real model is used.
Set ``INVOICES_DATA`` to use another data folder (``examples/invoices_data_v2`` is the same data
behind version 2 of the outbox service, which requires a currency).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from pydantic import BaseModel

from runtime import AIResponse, Task, TaskConfig, action
from runtime.agent.cassettes import load_cassette

HERE = Path(__file__).resolve().parent
CASSETTE = HERE / "invoices.cassette.json"


def data_dir() -> Path:
    return Path(os.environ.get("INVOICES_DATA", HERE / "invoices_data"))


class Customer(BaseModel):
    id: str
    name: str
    email: str


class Invoice(BaseModel):
    id: str
    customer_id: str
    issued: str
    amount: float
    paid: bool


@action(read_only=True)
def find_customer(name: str) -> Customer:
    """Find a customer by exact name. Raises if there is no such customer."""
    for row in json.loads((data_dir() / "customers.json").read_text()):
        if row["name"] == name:
            return Customer(**row)
    raise LookupError(f"no customer named {name!r}")


@action(read_only=True)
def list_invoices(customer_id: str) -> list[Invoice]:
    """All invoices of a customer (paid and unpaid), oldest first."""
    rows = json.loads((data_dir() / "invoices.json").read_text())
    found = [Invoice(**r) for r in rows if r["customer_id"] == customer_id]
    return sorted(found, key=lambda i: i.issued)


@action(read_only=True)
def company_info() -> dict[str, str]:
    """Our own company's name and payment details."""
    return {"name": "Northwind Supplies", "iban": "DE89 3704 0044 0532 0130 00"}


def service() -> dict[str, object]:
    path = data_dir() / "service.json"
    return json.loads(path.read_text()) if path.is_file() else {}


@action
def send_reminder(
    email: str, amount_due: float, invoice_ids: list[str], currency: str | None = None
) -> str:
    """Write a payment reminder into the outbox; returns the reminder's file name.

    Since version 2 of the outbox service, `currency` (e.g. "EUR") is required."""
    if service().get("require_currency") and not currency:
        raise ValueError("the outbox service (v2) requires a currency, e.g. currency='EUR'")
    outbox = data_dir() / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"reminder-{email.split('@')[0]}-{len(invoice_ids)}.txt"
    body = (
        f"To: {email}\nSubject: Payment reminder\n\n"
        f"Invoices {', '.join(invoice_ids)} are unpaid. "
        f"Amount due: {amount_due:.2f}{' ' + currency if currency else ''}.\n"
    )
    (outbox / name).write_text(body, encoding="utf-8")
    return name


def use_real_model() -> bool:
    return bool(os.environ.get("OPENAI_API_KEY")) and os.environ.get("RECIPE_USE_MOCKS") != "1"


def mock_responses(cassette: Path = CASSETTE) -> list[AIResponse] | None:
    """Recorded model answers, unless a real model is configured (then ``None``)."""
    return None if use_real_model() else load_cassette(cassette)


def recorded_answers() -> list[AIResponse] | None:
    """What this process can need from the model: on the original outbox service, the whole
    recorded run (an agent run; a replay needs none); on version 2 (``invoices_data_v2``,
    where the recipe fails at ``send_reminder``), the fallback's recorded answers."""
    changed = bool(service().get("require_currency"))
    return mock_responses(FALLBACK_CASSETTE if changed else CASSETTE)


FALLBACK_CASSETTE = HERE / "invoices_fallback.cassette.json"

invoices = Task(
    "Send a payment reminder to the customer for all of their unpaid invoices, and report the "
    "total amount due, how many invoices are unpaid and the reminder's file name.",
    name="invoices",
    inputs={"customer": str},
    outputs={"total_due": float, "unpaid_count": int, "reminder": str},
    actions=[find_customer, list_invoices, company_info, send_reminder],
    mock_responses=recorded_answers(),
    # Limits of every run, agent or recipe: stop after two minutes; retry a model request
    # that failed transiently (or a read-only step that timed out) twice; at most two model
    # requests at once across the threads of this process.
    config=TaskConfig(
        max_duration_seconds=120, max_retries=2, retry_delay_seconds=1, concurrent_requests=2
    ),
)

DEFAULT_INPUTS = {"customer": "ACME Corp"}


def demo(workdir: Path) -> None:
    """Agent run → recipe → replays → a changed service: fallback and heal → replay again.

    Works in ``workdir`` (recipes and a copy of the data) so the committed files stay as they
    are; prints what a user would see at each step.
    """
    if workdir.exists():
        shutil.rmtree(workdir)
    recipes = workdir / "recipes"
    shutil.copytree(
        HERE / "invoices_data", workdir / "data", ignore=shutil.ignore_patterns("outbox")
    )
    os.environ["INVOICES_DATA"] = str(workdir / "data")

    step("1. The agent solves the task once (recorded model answers; no API key needed)")
    task = invoices.with_options(recipe_dir=recipes, mock_responses=mock_responses())
    print(task.run(customer="ACME Corp"))
    report(task)
    recipe = recipes / "invoices" / "recipe.py"
    step(f"2. The generated recipe: {recipe}")
    print(recipe.read_text())

    step("3. Replays for other customers, both at once in the background: zero model calls")
    executions = {c: task.run_async(customer=c) for c in ("Globex Inc", "Initech")}
    for customer, execution in executions.items():
        print(customer, "→", execution.wait(timeout=60))
        print("\n".join(execution.status().lines()))
        assert execution.report is not None
        print(execution.report.report())

    step("4. The outbox service changes (v2 requires a currency): the recipe fails at")
    print("   send_reminder, the agent finishes only the rest, and the recipe heals itself")
    shutil.copy(HERE / "invoices_data_v2" / "service.json", workdir / "data" / "service.json")
    healer = invoices.with_options(
        recipe_dir=recipes, mock_responses=mock_responses(FALLBACK_CASSETTE)
    )
    print(healer.run(customer="Globex Inc"))
    report(healer)
    assert healer.last_run is not None and healer.last_run.history_path is not None
    before = (healer.last_run.history_path / "recipe.py").read_text()
    print(unified_diff(before, recipe.read_text(), str(recipe)))

    step("5. The healed recipe replays on the new service: zero model calls again")
    print(task.run(customer="Initech"))
    report(task)

    step("6. What the runs cost (as `recipe show recipes/invoices` prints it)")
    print("\n".join(cost_lines(recipes / "invoices", task.folder.load_trace())))


def step(title: str) -> None:
    print(f"\n== {title}")


def report(task: Task) -> None:  # type: ignore[type-arg]
    assert task.last_run is not None
    print(task.last_run.report())


if __name__ == "__main__":
    from runtime.actions.costs import cost_lines
    from runtime.store.folder import unified_diff

    try:
        demo(HERE / ".demo")
    except Exception as exc:  # show a readable message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
