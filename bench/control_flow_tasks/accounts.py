"""Accounts: two tasks whose other path nothing the recipe raises tells apart, so a heal's
bridge is guarded by a predicate over the recipe's variables that separates the recorded runs
(issue 16). Reporting an account's status, where an output guardrail rejects a suspended
account reported without a reactivation ticket (the recipe returned, nothing failed before);
and storing a customer's average order value, where the recipe's own division fails for a
customer with no orders."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say

# --------------------------------------------------------------------------- account status


class Account(BaseModel):
    id: str
    status: str
    plan: str


ACCOUNTS: dict[str, tuple[str, str]] = {
    "AC-1": ("active", "pro"),
    "AC-2": ("suspended", "pro"),
    "AC-3": ("active", "basic"),
    "AC-4": ("suspended", "basic"),
    "AC-5": ("closed", "pro"),
}


@action(read_only=True)
def get_account(account_id: str) -> Account:
    """An account with its status (active, suspended or closed) and plan."""
    status, plan = ACCOUNTS[account_id]
    return Account(id=account_id, status=status, plan=plan)


@action
def open_ticket(account_id: str) -> str:
    """Open a reactivation ticket for an account; returns the ticket id."""
    effect("open_ticket", account_id)
    return f"T-{account_id}"


def ticket_for_suspended(outputs: Any) -> None:
    """A suspended account is never reported without a reactivation ticket."""
    if outputs.status == "suspended" and not outputs.ticket:
        raise ValueError("a suspended account is reported with its reactivation ticket")


account_status: Task[Any] = Task(
    "Report the account's status. A suspended account also gets a reactivation ticket: return "
    "its id (no ticket otherwise).",
    name="account_status",
    inputs={"account_id": str},
    outputs={"status": str, "ticket": str | None},
    actions=[get_account, open_ticket],
    guardrail=ticket_for_suspended,
)


def status_reference(inputs: dict[str, Any]) -> Expected:
    account_id = inputs["account_id"]
    status = ACCOUNTS[account_id][0]
    if status == "suspended":
        return Expected(
            [("open_ticket", account_id)], {"status": status, "ticket": f"T-{account_id}"}
        )
    return Expected([], {"status": status, "ticket": None})


TICKET = [
    say(
        "The account is suspended, so the report needs a reactivation ticket; I open one.",
        "open_ticket",
        account_id=ref("account.id"),
    ),
    say(
        "Reported with the ticket.",
        "finish",
        status=ref("account.status"),
        ticket=ref("open_ticket_1"),
    ),
]
"""What an agent does once the guardrail rejected a suspended account reported without a
ticket: the recipe returned, so it starts at the return."""

STATUS_CASE = Case(
    task=account_status,
    features=("output guardrail rejects the other path", "bridge: predicate"),
    recorded={"account_id": "AC-1"},
    answers=[
        say("I look up the account.", "get_account", account_id=ref("account_id")),
        say(
            "It is active: no ticket is needed.",
            "finish",
            status=ref("get_account_1.status"),
            ticket=None,
        ),
    ],
    reference=status_reference,
    held_out=[
        HeldOut("suspended: outputs rejected", {"account_id": "AC-2"}, TICKET),
        HeldOut("active, same path", {"account_id": "AC-3"}),
        HeldOut("another suspended", {"account_id": "AC-4"}, TICKET),
        HeldOut("closed: no ticket", {"account_id": "AC-5"}),
    ],
)

# --------------------------------------------------------------------------- average order value

STATS: dict[str, tuple[float, int]] = {
    "ada": (120.0, 4),
    "bob": (0.0, 0),
    "cy": (90.0, 3),
    "dee": (0.0, 0),
    "eve": (55.5, 1),
}


class OrderStats(BaseModel):
    customer: str
    total: float
    orders: int


@action(read_only=True)
def order_stats(customer: str) -> OrderStats:
    """A customer's number of orders and their total value."""
    total, orders = STATS[customer]
    return OrderStats(customer=customer, total=total, orders=orders)


@action
def save_average(customer: str, average: float) -> str:
    """Store a customer's average order value; returns the record id."""
    effect("save_average", customer, average)
    return f"S-{customer}"


average_value: Task[Any] = Task(
    "Store the customer's average order value: the total over the number of orders, 0 for a "
    "customer with no orders.",
    name="average_order_value",
    inputs={"customer": str},
    outputs={"saved": str},
    actions=[order_stats, save_average],
)


def average_reference(inputs: dict[str, Any]) -> Expected:
    customer = inputs["customer"]
    total, orders = STATS[customer]
    average = total / orders if orders else 0.0
    return Expected([("save_average", customer, average)], {"saved": f"S-{customer}"})


NO_ORDERS = [
    say(
        "There are no orders, so the average is 0 — the total, which is 0 too.",
        "save_average",
        customer=ref("customer"),
        average=ref("order_stats_record.total"),
    ),
    say("Stored.", "finish", saved=ref("save_average_1")),
]
"""What an agent does once the recipe's division by the number of orders failed."""

AVERAGE_CASE = Case(
    task=average_value,
    features=("a computation fails on the other path", "bridge: predicate"),
    recorded={"customer": "ada"},
    answers=[
        say("I get the customer's orders.", "order_stats", customer=ref("customer")),
        say(
            "The average is the total over the orders.",
            "compute",
            expression="order_stats_1.total / order_stats_1.orders",
        ),
        say(
            "I store it.",
            "save_average",
            customer=ref("customer"),
            average=ref("compute_1"),
        ),
        say("Stored.", "finish", saved=ref("save_average_1")),
    ],
    reference=average_reference,
    held_out=[
        HeldOut("no orders: the division fails", {"customer": "bob"}, NO_ORDERS),
        HeldOut("3 orders, same path", {"customer": "cy"}),
        HeldOut("another with no orders", {"customer": "dee"}, NO_ORDERS),
        HeldOut("1 order", {"customer": "eve"}),
    ],
)

CASES = [STATUS_CASE, AVERAGE_CASE]
