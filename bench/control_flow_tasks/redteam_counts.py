"""Red-team counts, sums and collected lists after a loop: a count the model wrote that names
something else (``already_paid``), a number the description writes (``in 2 days``), a total it
added up, ``$ref``s to the loop's items in ``finish``, a copied list with a duplicate, and every
line of a field (``order.lines``) listed in one call."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import EFFECTS, Case, Expected, HeldOut, effect, ref, say

# --------------------------------------------------------------------------- invoices

BALANCES: dict[str, list[tuple[str, float, bool]]] = {
    "ACME": [
        ("A-1", 120.0, False),
        ("A-2", 80.0, True),
        ("A-3", 45.5, False),
        ("A-4", 300.0, True),
    ],
    "Globex": [
        ("G-1", 99.0, False),
        ("G-2", 15.0, False),
        ("G-3", 70.0, True),
        ("G-4", 12.0, False),
    ],
    "Initech": [("I-1", 50.0, True), ("I-2", 60.0, True)],
    "Hooli": [("H-1", 10.0, True), ("H-2", 22.0, False), ("H-3", 31.0, True)],
    "Umbrella": [("U-1", 10.0, False), ("U-2", 20.0, False)],
}


class Balance(BaseModel):
    id: str
    amount: float
    paid: bool


@action(read_only=True)
def list_balances(customer: str) -> list[Balance]:
    """All invoices of a customer, paid and unpaid, oldest first (amounts in EUR)."""
    return [Balance(id=i, amount=a, paid=p) for i, a, p in BALANCES[customer]]


@action
def remind(invoice_id: str) -> str:
    """Email the invoice's customer a payment reminder for it."""
    effect("remind", invoice_id)
    return f"msg-{invoice_id}"


@action
def schedule_followup(customer: str, days: int) -> str:
    """Schedule a follow-up call with the customer in the given number of days."""
    effect("schedule_followup", customer, days)
    return "scheduled"


def _unpaid(customer: str) -> list[tuple[str, float, bool]]:
    return [row for row in BALANCES[customer] if not row[2]]


def _remind_both(lister: str = "list_balances_1") -> AIResponse:
    return AIResponse(
        content="A-1 and A-3 are unpaid; I remind both.",
        tool_calls=[
            ToolCall("remind", {"invoice_id": ref(f"{lister}.0.id")}),
            ToolCall("remind", {"invoice_id": ref(f"{lister}.2.id")}),
        ],
    )


count_paid: Task[Any] = Task(
    "Send a payment reminder for each unpaid invoice of the customer. Report how many reminders "
    "you sent and how many of the customer's invoices are already paid.",
    name="remind_and_count_paid",
    inputs={"customer": str},
    outputs={"reminded": int, "already_paid": int},
    actions=[list_balances, remind],
)


def count_paid_reference(inputs: dict[str, Any]) -> Expected:
    rows, unpaid = BALANCES[inputs["customer"]], _unpaid(inputs["customer"])
    return Expected(
        [("remind", i) for i, _, _ in unpaid],
        {"reminded": len(unpaid), "already_paid": len(rows) - len(unpaid)},
    )


COUNT_PAID = Case(
    task=count_paid,
    features=("a count named for something else", "equal to the loop's count"),
    recorded={"customer": "ACME"},
    answers=[
        say("I list the customer's invoices.", "list_balances", customer=ref("customer")),
        _remind_both(),
        say(
            "2 reminders sent; A-2 and A-4 are already paid.", "finish", reminded=2, already_paid=2
        ),
    ],
    reference=count_paid_reference,
    held_out=[
        HeldOut("3 unpaid 1 paid", {"customer": "Globex"}),
        HeldOut("0 unpaid 2 paid", {"customer": "Initech"}),
        HeldOut("1 unpaid 2 paid", {"customer": "Hooli"}),
        HeldOut("2 unpaid 0 paid", {"customer": "Umbrella"}),
    ],
)

followup: Task[Any] = Task(
    "Send a payment reminder for each unpaid invoice of the customer, then schedule a follow-up "
    "call with the customer in 2 days. Report how many reminders you sent.",
    name="remind_then_followup",
    inputs={"customer": str},
    outputs={"reminded": int},
    actions=[list_balances, remind, schedule_followup],
)


def followup_reference(inputs: dict[str, Any]) -> Expected:
    unpaid = _unpaid(inputs["customer"])
    effects = [("remind", i) for i, _, _ in unpaid]
    return Expected(
        [*effects, ("schedule_followup", inputs["customer"], 2)], {"reminded": len(unpaid)}
    )


FOLLOWUP = Case(
    task=followup,
    features=("a number the description writes", "equal to the loop's count"),
    recorded={"customer": "ACME"},
    answers=[
        say("I list the invoices.", "list_balances", customer=ref("customer")),
        _remind_both(),
        say(
            "Now the follow-up in 2 days.",
            "schedule_followup",
            customer=ref("customer"),
            days=2,
        ),
        say("Done: two reminders.", "finish", reminded=2),
    ],
    reference=followup_reference,
    held_out=[
        HeldOut("0 unpaid", {"customer": "Initech"}),
        HeldOut("3 unpaid", {"customer": "Globex"}),
        HeldOut("1 unpaid", {"customer": "Hooli"}),
    ],
)

owed: Task[Any] = Task(
    "Send a payment reminder for each unpaid invoice of the customer and report the total amount "
    "still owed.",
    name="remind_and_total",
    inputs={"customer": str},
    outputs={"owed": float},
    actions=[list_balances, remind],
)


def owed_reference(inputs: dict[str, Any]) -> Expected:
    unpaid = _unpaid(inputs["customer"])
    return Expected([("remind", i) for i, _, _ in unpaid], {"owed": sum(a for _, a, _ in unpaid)})


OWED = Case(
    task=owed,
    features=("a sum typed in finish",),
    recorded={"customer": "ACME"},
    answers=[
        say("I list the invoices.", "list_balances", customer=ref("customer")),
        _remind_both(),
        say("120 + 45.5 = 165.5 is still owed.", "finish", owed=165.5),
    ],
    reference=owed_reference,
    held_out=[
        HeldOut("3 unpaid", {"customer": "Globex"}),
        HeldOut("none", {"customer": "Initech"}),
        HeldOut("2 unpaid", {"customer": "Umbrella"}),
    ],
)

# --------------------------------------------------------------------------- collections cases


@action
def open_case(invoice_id: str) -> int:
    """Open a collections case for an unpaid invoice; returns the case number."""
    effect("open_case", invoice_id)
    return sum(1 for e in EFFECTS if e[0] == "open_case")


cases_task: Task[Any] = Task(
    "Open a collections case for each unpaid invoice of the customer. Return the case numbers "
    "and the ids of the invoices.",
    name="collect_cases",
    inputs={"customer": str},
    outputs={"cases": list[int], "invoices": list[str]},
    actions=[list_balances, open_case],
)


def cases_reference(inputs: dict[str, Any]) -> Expected:
    ids = [i for i, _, _ in _unpaid(inputs["customer"])]
    return Expected(
        [("open_case", i) for i in ids], {"cases": list(range(1, len(ids) + 1)), "invoices": ids}
    )


CASES_OPENED = Case(
    task=cases_task,
    features=("results collected", "$refs to the loop's items in finish"),
    recorded={"customer": "ACME"},
    answers=[
        say("I list the invoices.", "list_balances", customer=ref("customer")),
        AIResponse(
            content="A-1 and A-3 are unpaid.",
            tool_calls=[
                ToolCall("open_case", {"invoice_id": ref("list_balances_1.0.id")}),
                ToolCall("open_case", {"invoice_id": ref("list_balances_1.2.id")}),
            ],
        ),
        say(
            "Done.",
            "finish",
            cases=[ref("open_case_1"), ref("open_case_2")],
            invoices=[ref("list_balances_1.0.id"), ref("list_balances_1.2.id")],
        ),
    ],
    reference=cases_reference,
    held_out=[
        HeldOut("3 unpaid", {"customer": "Globex"}),
        HeldOut("none", {"customer": "Initech"}),
        HeldOut("1 unpaid, 2nd", {"customer": "Hooli"}),
    ],
)

# --------------------------------------------------------------------------- shopping list


@action
def add_to_cart(item: str) -> str:
    """Add one unit of a grocery item to the cart."""
    effect("add_to_cart", item)
    return "ok"


cart: Task[Any] = Task(
    "Add every item of the shopping list to the cart (one unit per line of the list).",
    name="cart_dups",
    inputs={"items": list[str]},
    outputs={"added": int},
    actions=[add_to_cart],
)


def cart_reference(inputs: dict[str, Any]) -> Expected:
    return Expected([("add_to_cart", i) for i in inputs["items"]], {"added": len(inputs["items"])})


CART = Case(
    task=cart,
    features=("a copied input list with a duplicate",),
    recorded={"items": ["milk", "eggs", "milk"]},
    answers=[
        AIResponse(
            content="I add each line of the list.",
            tool_calls=[ToolCall("add_to_cart", {"item": x}) for x in ("milk", "eggs", "milk")],
        ),
        say("Three added.", "finish", added=3),
    ],
    reference=cart_reference,
    held_out=[
        HeldOut("4 items", {"items": ["bread", "milk", "tea", "jam"]}),
        HeldOut("2 items", {"items": ["tea", "jam"]}),
        HeldOut("no dups 3", {"items": ["milk", "eggs", "salt"]}),
        HeldOut("empty", {"items": []}),
    ],
)

CASES = [COUNT_PAID, FOLLOWUP, OWED, CASES_OPENED, CART]

NEW_PATHS: dict[str, set[str]] = {}
"""None: every held-out input here takes the recording's path."""
