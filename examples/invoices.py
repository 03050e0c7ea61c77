"""Example: remind a customer of their unpaid invoices.

The data is a small local data set (``examples/invoices_data/*.json``); the side effect is a
reminder written into ``examples/invoices_data/outbox/``.

    recipe run examples/invoices.py                  # run the task (agent once, then recipe)
    python examples/invoices.py                      # the whole demo: agent → recipe → replay

Without ``OPENAI_API_KEY`` (or with ``RECIPE_USE_MOCKS=1``) the agent's model answers come from
``examples/invoices.cassette.json``, a recorded run; with a key, the real model is used.
Set ``INVOICES_DATA`` to use another data folder.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from pydantic import BaseModel

from runtime import AIResponse, Task, action
from runtime.cassettes import load_cassette

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


@action
def send_reminder(email: str, amount_due: float, invoice_ids: list[str]) -> str:
    """Write a payment reminder into the outbox; returns the reminder's file name."""
    outbox = data_dir() / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"reminder-{email.split('@')[0]}-{len(invoice_ids)}.txt"
    body = (
        f"To: {email}\nSubject: Payment reminder\n\n"
        f"Invoices {', '.join(invoice_ids)} are unpaid. Amount due: {amount_due:.2f}.\n"
    )
    (outbox / name).write_text(body, encoding="utf-8")
    return name


def mock_responses() -> list[AIResponse] | None:
    """The recorded model answers, unless a real model is configured."""
    if os.environ.get("OPENAI_API_KEY") and os.environ.get("RECIPE_USE_MOCKS") != "1":
        return None
    return load_cassette(CASSETTE)


invoices = Task(
    "Send a payment reminder to the customer for all of their unpaid invoices, and report the "
    "total amount due, how many invoices are unpaid and the reminder's file name.",
    name="invoices",
    inputs={"customer": str},
    outputs={"total_due": float, "unpaid_count": int, "reminder": str},
    actions=[find_customer, list_invoices, company_info, send_reminder],
    mock_responses=mock_responses(),
)

DEFAULT_INPUTS = {"customer": "ACME Corp"}


def demo() -> None:
    """Agent run → recipe → replay for another customer, printing what a user would see."""
    print("== 1. The agent solves the task once (recorded model answers, no API key needed)")
    result = invoices.run_agent(customer="ACME Corp")
    print(result)
    assert invoices.last_run is not None
    print(invoices.last_run.report())
    print(f"\n== 2. The generated recipe ({invoices.last_run.recipe_path})\n")
    print(invoices.last_run.recipe_path.read_text())  # type: ignore[union-attr]
    print("== 3. Replay for another customer: zero model calls")
    other = invoices.run(customer="Globex Inc")
    print(other)
    print(invoices.last_run.report())


if __name__ == "__main__":
    try:
        demo()
    except Exception as exc:  # show a readable message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
