"""Red-team round 9's API findings: the silent wrongs the compiler made before they were fixed,
and two tasks that held up (and must keep replaying).

A compute that reads list items by position after a loop explained the calls: the model reminds
the unpaid invoices (I-1 and I-3, items 0 and 2 of the list) and then adds up, formats or
collects ``list_invoices_1[0]`` and ``list_invoices_1[2]``. The loop generalized but the compute
kept [0] and [2] for every customer: the wrong total was returned or told, the wrong ids
returned. Now such a compute is a pick and the list stays under its guard.

A whole number under 10 worked out in the head (3 days late from two dates, an average of 4
stars) and typed into a text or returned: numbers of 10 and more were guarded, these were not,
so every customer was told '3 days late' and every product rated 4/5. Now a small number is
guarded like a larger one (unless it counts the changes the recipe made), and a task that
changes nothing and answers with such a value replays only on the data it read.

Controls: the same days passed as an argument (``extend_subscription(days=3)``) and written in a
text when they are 12 (``rt9_days_late_12``) were guarded before the fix and must stay so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say


def calls(why: str, *made: tuple[str, dict[str, Any]]) -> AIResponse:
    """One turn of the scripted agent that makes several tool calls at once."""
    return AIResponse(content=why, tool_calls=[ToolCall(name, args) for name, args in made])


@action
def notify(customer: str, text: str) -> str:
    """Send a customer a notice."""
    effect("notify", customer, text)
    return "sent"


# ----------------------------------------------------------------------------- invoices by position


class Invoice(BaseModel):
    id: str
    amount: float
    paid: bool


INVOICES: dict[str, list[tuple[str, float, bool]]] = {
    "acme": [
        ("I-1", 120.0, False),
        ("I-2", 50.0, True),
        ("I-3", 145.0, False),
        ("I-4", 60.0, True),
    ],
    "three": [("T-1", 50.0, True), ("T-2", 80.0, True), ("T-3", 145.0, True), ("T-4", 10.0, False)],
    "quarter": [
        ("Q-1", 50.0, True),
        ("Q-2", 80.0, False),
        ("Q-3", 145.0, False),
        ("Q-4", 10.0, False),
    ],
    "swap": [("S-1", 50.0, True), ("S-2", 80.0, False), ("S-3", 145.0, True), ("S-4", 12.0, False)],
    "five": [
        ("F-1", 50.0, False),
        ("F-2", 80.0, False),
        ("F-3", 145.0, True),
        ("F-4", 12.0, False),
        ("F-5", 30.0, False),
    ],
}
"""Customer → invoices (id, amount in EUR, paid); in the recording (acme) the unpaid ones are
items 0 and 2."""


@action(read_only=True)
def list_invoices(customer: str) -> list[Invoice]:
    """All invoices of a customer, paid and unpaid."""
    return [Invoice(id=i, amount=a, paid=p) for i, a, p in INVOICES[customer]]


@action
def send_reminder(invoice_id: str) -> str:
    """Email a payment reminder for an invoice."""
    effect("send_reminder", invoice_id)
    return "ok"


def _unpaid(customer: str) -> list[tuple[str, float, bool]]:
    return [row for row in INVOICES[customer] if not row[2]]


def _reminders(customer: str) -> list[tuple[Any, ...]]:
    return [("send_reminder", invoice) for invoice, _, _ in _unpaid(customer)]


def _remind_total(i: dict[str, Any]) -> Expected:
    total = sum(amount for _, amount, _ in _unpaid(i["customer"]))
    return Expected(_reminders(i["customer"]), {"total": total})


def _remind_text(i: dict[str, Any]) -> Expected:
    total = sum(amount for _, amount, _ in _unpaid(i["customer"]))
    told = ("notify", i["customer"], f"Reminders sent; {total:.2f} EUR is open.")
    return Expected([*_reminders(i["customer"]), told], {"ok": True})


def _remind_ids(i: dict[str, Any]) -> Expected:
    ids = [invoice for invoice, _, _ in _unpaid(i["customer"])]
    return Expected(_reminders(i["customer"]), {"ids": ids})


_REMIND = "Send a payment reminder for each unpaid invoice of the customer"
_BY_POSITION = "list_invoices_1[0].amount + list_invoices_1[2].amount"
_CUSTOMERS = [
    HeldOut("3 of 4 paid", {"customer": "three"}),
    HeldOut("1 of 4 paid", {"customer": "quarter"}),
    HeldOut("2 of 4, others", {"customer": "swap"}),
]


def _by_position(
    name: str,
    description: str,
    outputs: dict[str, Any],
    last: list[AIResponse],
    reference: Any,
    held_out: list[HeldOut],
    *,
    tells: bool = False,
) -> Case:
    """List the invoices, remind the unpaid ones (items 0 and 2 in the recording) by reference,
    then ``last``: a compute that reads items 0 and 2 by position, and the answer (``tells``:
    the task may notify the customer)."""
    return Case(
        task=Task(
            description,
            name=name,
            inputs={"customer": str},
            outputs=outputs,
            actions=[list_invoices, send_reminder, *([notify] if tells else [])],
        ),
        features=("loop", "a compute reads the loop's items by position"),
        recorded={"customer": "acme"},
        answers=[
            say("I list the invoices.", "list_invoices", customer=ref("customer")),
            calls(
                "I-1 and I-3 are unpaid; I remind both.",
                ("send_reminder", {"invoice_id": ref("list_invoices_1.0.id")}),
                ("send_reminder", {"invoice_id": ref("list_invoices_1.2.id")}),
            ),
            *last,
        ],
        reference=reference,
        held_out=held_out,
    )


REMIND_TOTAL = _by_position(
    "rt9_remind_total_pos",
    f"{_REMIND}. Return the total amount of the invoices you reminded.",
    {"total": float},
    [
        say("I add up the two reminded amounts.", "compute", expression=_BY_POSITION),
        say("Done.", "finish", total=ref("compute_1")),
    ],
    _remind_total,
    [*_CUSTOMERS, HeldOut("4 of 5 unpaid", {"customer": "five"})],
)
"""Every customer's total was items 0 and 2 (120 + 145 = 265 for 'three', which owes 10)."""

REMIND_TEXT = _by_position(
    "rt9_remind_text_pos",
    f"{_REMIND}, then tell the customer 'Reminders sent; <total open, 2 decimals> EUR is open.' "
    "Return ok=True.",
    {"ok": bool},
    [
        say(
            "I format the open total.",
            "compute",
            expression=f"f'Reminders sent; {{{_BY_POSITION}:.2f}} EUR is open.'",
        ),
        say("I tell the customer.", "notify", customer=ref("customer"), text=ref("compute_1")),
        say("Done.", "finish", ok=True),
    ],
    _remind_text,
    _CUSTOMERS,
    tells=True,
)
"""Every customer was told the sum of items 0 and 2."""

REMIND_IDS = _by_position(
    "rt9_remind_ids_pos",
    f"{_REMIND}. Return the ids reminded.",
    {"ids": list[str]},
    [
        say(
            "I collect the ids.",
            "compute",
            expression="[list_invoices_1[0].id, list_invoices_1[2].id]",
        ),
        say("Done.", "finish", ids=ref("compute_1")),
    ],
    _remind_ids,
    _CUSTOMERS,
)
"""Every customer's answer was the ids of items 0 and 2."""


# ---------------------------------------------------------------------------- days late in the head


class Shipment(BaseModel):
    id: str
    customer: str
    promised: str
    shipped: str


SHIPMENTS: dict[str, tuple[str, str, str]] = {
    "O-1": ("ana", "2026-03-04", "2026-03-07"),
    "O-2": ("ben", "2026-03-04", "2026-03-09"),
    "O-3": ("cy", "2026-02-25", "2026-03-09"),
    "O-4": ("di", "2026-03-10", "2026-03-13"),
}
"""Order id → (customer, promised ship date, actual ship date): 3, 5, 12 and 3 days late."""


@action(read_only=True)
def get_shipment(order_id: str) -> Shipment:
    """An order's shipment: customer, promised and actual ship dates (ISO)."""
    customer, promised, shipped = SHIPMENTS[order_id]
    return Shipment(id=order_id, customer=customer, promised=promised, shipped=shipped)


@action
def extend_subscription(customer: str, days: int) -> str:
    """Extend a customer's subscription by a number of days."""
    effect("extend_subscription", customer, days)
    return "ok"


def _days_late(order_id: str) -> tuple[int, str]:
    """How many days late the order shipped, and its customer."""
    customer, promised, shipped = SHIPMENTS[order_id]
    return (date.fromisoformat(shipped) - date.fromisoformat(promised)).days, customer


def _told_late(i: dict[str, Any]) -> Expected:
    days, customer = _days_late(i["order_id"])
    text = f"Your order {i['order_id']} shipped {days} days late, sorry!"
    return Expected([("notify", customer, text)], {"days": days})


def _returned(i: dict[str, Any]) -> Expected:
    return Expected([], {"days": _days_late(i["order_id"])[0]})


def _extended(i: dict[str, Any]) -> Expected:
    days, customer = _days_late(i["order_id"])
    return Expected([("extend_subscription", customer, days)], {"ok": True})


_TELL_LATE = (
    "Tell the order's customer how many days late it shipped, as 'Your order <id> shipped <n> "
    "days late, sorry!'. Return the number of days."
)
_ORDERS = [
    HeldOut("5 days", {"order_id": "O-2"}),
    HeldOut("12 days", {"order_id": "O-3"}),
    HeldOut("3 days, other", {"order_id": "O-4"}),
]


def _told_case(name: str, order_id: str, days: int, why: str, held_out: list[HeldOut]) -> Case:
    """Tell the customer the days late, worked out in the head (``days`` for ``order_id``)."""
    return Case(
        task=Task(
            _TELL_LATE,
            name=name,
            inputs={"order_id": str},
            outputs={"days": int},
            actions=[get_shipment, notify],
        ),
        features=("days worked out in the head, typed in a text",),
        recorded={"order_id": order_id},
        answers=[
            say("I read the shipment.", "get_shipment", order_id=ref("order_id")),
            say(
                why,
                "notify",
                customer=ref("get_shipment_1.customer"),
                text=f"Your order {order_id} shipped {days} days late, sorry!",
            ),
            say("Done.", "finish", days=days),
        ],
        reference=_told_late,
        held_out=held_out,
    )


DAYS_LATE = _told_case(
    "rt9_days_late", "O-1", 3, "Promised 03-04, shipped 03-07: 3 days late.", _ORDERS
)
"""Every customer was told '3 days late' and 3 returned."""

DAYS_LATE_12 = _told_case(
    "rt9_days_late_12",
    "O-3",
    12,
    "Promised 02-25, shipped 03-09: 12 days late.",
    [
        HeldOut("3 days", {"order_id": "O-1"}),
        HeldOut("5 days", {"order_id": "O-2"}),
        HeldOut("3 days, other", {"order_id": "O-4"}),
    ],
)
"""Control: 12 was guarded before the fix."""

DAYS_RETURN = Case(
    task=Task(
        "How many days late did the order ship? Return the number of days.",
        name="rt9_days_return",
        inputs={"order_id": str},
        outputs={"days": int},
        actions=[get_shipment],
    ),
    features=("days worked out in the head, returned", "no change"),
    recorded={"order_id": "O-1"},
    answers=[
        say("I read the shipment.", "get_shipment", order_id=ref("order_id")),
        say("Promised 03-04, shipped 03-07: 3 days late.", "finish", days=3),
    ],
    reference=_returned,
    held_out=_ORDERS,
)
"""3 was returned for every order."""

EXTEND_DAYS = Case(
    task=Task(
        "Compensate the order's customer: extend their subscription by one day for each day the "
        "order shipped late. Return ok=True.",
        name="rt9_extend_days",
        inputs={"order_id": str},
        outputs={"ok": bool},
        actions=[get_shipment, extend_subscription],
    ),
    features=("days worked out in the head, passed as an argument",),
    recorded={"order_id": "O-1"},
    answers=[
        say("I read the shipment.", "get_shipment", order_id=ref("order_id")),
        say(
            "Promised 03-04, shipped 03-07: 3 days late; I extend by 3 days.",
            "extend_subscription",
            customer=ref("get_shipment_1.customer"),
            days=3,
        ),
        say("Done.", "finish", ok=True),
    ],
    reference=_extended,
    held_out=_ORDERS,
)
"""Control: a small number passed as an argument was guarded before the fix."""


# --------------------------------------------------------------------------- an average in the head


class Review(BaseModel):
    id: str
    stars: int


REVIEWS: dict[str, list[int]] = {
    "p1": [3, 5, 4],
    "p2": [5, 5, 5],
    "p3": [1, 2, 3],
    "p4": [4, 4, 4],
}
"""Product → the stars of its reviews (1-5)."""


@action(read_only=True)
def list_reviews(product: str) -> list[Review]:
    """A product's reviews (1-5 stars)."""
    return [Review(id=f"{product}-r{k}", stars=s) for k, s in enumerate(REVIEWS[product])]


@action
def set_badge(product: str, text: str) -> str:
    """Set the product's rating badge text."""
    effect("set_badge", product, text)
    return "ok"


def _badge(i: dict[str, Any]) -> Expected:
    stars = REVIEWS[i["product"]]
    average = sum(stars) / len(stars)
    return Expected([("set_badge", i["product"], f"Rated {average:g}/5")], {"average": average})


AVG_BADGE = Case(
    task=Task(
        "Set the product's badge to its average star rating as 'Rated <average>/5'. Return the "
        "average.",
        name="rt9_avg_badge",
        inputs={"product": str},
        outputs={"average": float},
        actions=[list_reviews, set_badge],
    ),
    features=("an average worked out in the head, typed in a text",),
    recorded={"product": "p1"},
    answers=[
        say("I list the reviews.", "list_reviews", product=ref("product")),
        say("3, 5 and 4 average 4.", "set_badge", product=ref("product"), text="Rated 4/5"),
        say("Done.", "finish", average=4.0),
    ],
    reference=_badge,
    held_out=[
        HeldOut("all 5", {"product": "p2"}),
        HeldOut("1, 2, 3", {"product": "p3"}),
        HeldOut("4, 4, 4", {"product": "p4"}),
    ],
)
"""Every product was rated 4/5 and 4.0 returned."""


CASES = [
    REMIND_TOTAL,
    REMIND_TEXT,
    REMIND_IDS,
    DAYS_LATE,
    DAYS_RETURN,
    AVG_BADGE,
    EXTEND_DAYS,
    DAYS_LATE_12,
]
