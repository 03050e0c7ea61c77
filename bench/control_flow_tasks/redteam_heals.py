"""Red-team heal tasks (issue 16): heals must not make later replays wrong.

- ``pay_invoice``: a retry of the failed call with one more argument (an approval code) is one
  input's need: a bridge at the failure, never the path of every input;
- ``buy_or_backorder2``: a second heal at the same call gets its own ``except``, and the variant
  it names (``"white"``, read off the failure's message) runs only when the message is the same;
- ``buy_partial_coincidence``: a quantity the fallback worked out runs only for the same failure;
- ``refunds3_head``: a bridge at a decision's other side runs only up to the healed run's amount
  (a third outcome, reject, starts past it).

Copied from the red team's tasks (``/work/redteam/heals/rt_heals``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from control_flow_tasks import Case, Expected, HeldOut, effect, ref, say
from runtime import Task, action

INVOICES: dict[str, tuple[str, float]] = {
    "SI-1": ("Acme", 2400.0),
    "SI-2": ("Birch", 25000.0),
    "SI-3": ("Cobalt", 800.0),
    "SI-4": ("Delta", 12500.0),
    "SI-5": ("Echo", 9999.0),
}
LIMIT = 10000.0


class ApprovalRequired(Exception):
    """The payment is over the daily limit: it needs a manager's approval code."""


class SupplierInvoice(BaseModel):
    id: str
    supplier: str
    amount: float


@action(read_only=True)
def get_invoice(invoice_id: str) -> SupplierInvoice:
    """A supplier invoice with the amount due."""
    s, a = INVOICES[invoice_id]
    return SupplierInvoice(id=invoice_id, supplier=s, amount=a)


@action
def request_approval(invoice_id: str) -> str:
    """Ask a manager to approve paying the invoice; returns the approval code."""
    effect("request_approval", invoice_id)
    return f"APR-{invoice_id}"


@action
def pay(invoice_id: str, amount: float, approval_code: str | None = None) -> str:
    """Pay a supplier invoice; returns the payment reference. A payment over 10000 raises
    ApprovalRequired unless approval_code (from request_approval) is given."""
    if amount > LIMIT and approval_code is None:
        raise ApprovalRequired(f"paying {amount} needs an approval code (limit {LIMIT})")
    effect("pay", invoice_id, amount, approval_code)
    return f"PAY-{invoice_id}"


payments_task: Task[Any] = Task(
    "Pay the supplier invoice in full. Return the payment reference.",
    name="pay_invoice",
    inputs={"invoice_id": str},
    outputs={"payment": str},
    actions=[get_invoice, request_approval, pay],
)


def payments_reference(inputs: dict[str, Any]) -> Expected:
    iid = inputs["invoice_id"]
    amount = INVOICES[iid][1]
    if amount > LIMIT:
        return Expected(
            [("request_approval", iid), ("pay", iid, amount, f"APR-{iid}")],
            {"payment": f"PAY-{iid}"},
        )
    return Expected([("pay", iid, amount, None)], {"payment": f"PAY-{iid}"})


PAYMENTS = Case(
    task=payments_task,
    features=("retry with new arg",),
    recorded={"invoice_id": "SI-1"},
    answers=[
        say("I look up the invoice.", "get_invoice", invoice_id=ref("invoice_id")),
        say(
            "I pay it in full.",
            "pay",
            invoice_id=ref("get_invoice_1.id"),
            amount=ref("get_invoice_1.amount"),
        ),
        say("Paid.", "finish", payment=ref("pay_1")),
    ],
    reference=payments_reference,
    held_out=[
        HeldOut(
            "25000: needs approval (heal)",
            {"invoice_id": "SI-2"},
            [
                say(
                    "The payment needs a manager's approval code; I request approval.",
                    "request_approval",
                    invoice_id=ref("invoice_id"),
                ),
                say(
                    "I pay it with the approval code.",
                    "pay",
                    invoice_id=ref("invoice_id"),
                    amount=ref("invoice.amount"),
                    approval_code=ref("request_approval_1"),
                ),
                say("Paid.", "finish", payment=ref("pay_1")),
            ],
        ),
        HeldOut("800: small again", {"invoice_id": "SI-3"}),
        HeldOut("12500: big again", {"invoice_id": "SI-4"}),
        HeldOut("9999: just under", {"invoice_id": "SI-5"}),
    ],
)


STOCK2 = {"KETTLE": 5, "TOASTER": 0, "MUG": 12, "LAMP": 3, "GRINDER": 0, "SHADE": 4}
VARIANTS = {"LAMP": ["white", "black"], "SHADE": ["linen", "paper"]}


class OutOfStock(Exception):
    """The item cannot be bought now: none is in stock."""


class VariantRequired(Exception):
    """The item comes in variants: the purchase names one."""


@action(read_only=True)
def check_stock(item: str) -> int:
    """Units of an item in stock."""
    return STOCK2[item]


@action
def buy(item: str, variant: str | None = None) -> str:
    """Buy one unit of an item from stock; returns the purchase reference. Raises OutOfStock
    when none is in stock, VariantRequired when the item comes in variants and none is named
    (the first variant listed is the default)."""
    if STOCK2[item] <= 0:
        raise OutOfStock(f"{item} is out of stock")
    if item in VARIANTS and variant is None:
        raise VariantRequired(
            f"{item} comes in {', '.join(VARIANTS[item])}: pass variant "
            f"(default {VARIANTS[item][0]!r})"
        )
    effect("buy", item, variant)
    return f"P-{item}"


@action
def backorder(item: str) -> str:
    """Order an item from the supplier, to ship when it arrives; returns the backorder
    reference."""
    effect("backorder", item)
    return f"B-{item}"


stock_task: Task[Any] = Task(
    "Buy the item if it is in stock (its default variant, if it comes in variants), otherwise "
    "backorder it. Return the purchase or backorder reference.",
    name="buy_or_backorder2",
    inputs={"item": str},
    outputs={"reference": str},
    actions=[check_stock, buy, backorder],
)


def stock_reference(inputs: dict[str, Any]) -> Expected:
    item = inputs["item"]
    if STOCK2[item] > 0:
        v = VARIANTS[item][0] if item in VARIANTS else None
        return Expected([("buy", item, v)], {"reference": f"P-{item}"})
    return Expected([("backorder", item)], {"reference": f"B-{item}"})


TWO_HEALS = Case(
    task=stock_task,
    features=("two heals",),
    recorded={"item": "KETTLE"},
    answers=[
        say("I check the item's stock.", "check_stock", item=ref("item")),
        say("5 are in stock, so I buy it.", "buy", item=ref("item")),
        say("Bought.", "finish", reference=ref("buy_1")),
    ],
    reference=stock_reference,
    held_out=[
        HeldOut(
            "TOASTER out of stock: heal 1",
            {"item": "TOASTER"},
            [
                say(
                    "There is none to buy; I backorder the item instead.",
                    "backorder",
                    item=ref("item"),
                ),
                say("Backordered.", "finish", reference=ref("backorder_1")),
            ],
        ),
        HeldOut(
            "LAMP needs a variant: heal 2",
            {"item": "LAMP"},
            [
                say(
                    "The lamp comes in variants; I buy the default one, white.",
                    "buy",
                    item=ref("item"),
                    variant="white",
                ),
                say("Bought.", "finish", reference=ref("buy_1")),
            ],
        ),
        HeldOut("MUG in stock", {"item": "MUG"}),
        HeldOut("GRINDER out of stock", {"item": "GRINDER"}),
        HeldOut("SHADE: variants, other default", {"item": "SHADE"}),
    ],
)


PARTS: dict[str, int] = {"BOLT": 50, "NUT": 2, "GEAR": 1, "CAM": 0, "PIN": 9, "ROD": 4}


class InsufficientStock(Exception):
    """Fewer units are in stock than asked for."""


@action(read_only=True)
def count_parts(sku: str) -> int:
    """Units of a part in stock."""
    return PARTS[sku]


@action
def buy_parts(sku: str, qty: int) -> str:
    """Buy units of a part from stock; returns the purchase reference. Raises InsufficientStock
    when fewer are in stock."""
    if qty > PARTS[sku]:
        raise InsufficientStock(f"only {PARTS[sku]} of {sku} in stock, {qty} asked")
    effect("buy", sku, qty)
    return f"P-{sku}-{qty}"


@action
def backorder_parts(sku: str, qty: int) -> str:
    """Order units of a part from the supplier; returns the backorder reference."""
    effect("backorder", sku, qty)
    return f"B-{sku}-{qty}"


partial_task: Task[Any] = Task(
    "Get qty units of the part: buy them from stock; if fewer are in stock, buy the ones in "
    "stock and backorder the rest. Return the purchase reference and the backorder reference "
    "(empty when nothing was backordered).",
    name="buy_partial",
    inputs={"sku": str, "qty": int},
    outputs={"purchase": str, "backorder": str},
    actions=[count_parts, buy_parts, backorder_parts],
)


def partial_reference(inputs: dict[str, Any]) -> Expected:
    sku, qty = inputs["sku"], inputs["qty"]
    have = PARTS[sku]
    if qty <= have:
        return Expected([("buy", sku, qty)], {"purchase": f"P-{sku}-{qty}", "backorder": ""})
    eff = ([("buy", sku, have)] if have else []) + [("backorder", sku, qty - have)]
    return Expected(
        eff, {"purchase": f"P-{sku}-{have}" if have else "", "backorder": f"B-{sku}-{qty - have}"}
    )


def partial_fallback(rest: int) -> list:
    return [
        say("Not enough in stock; I check how many there are.", "count_parts", sku=ref("sku")),
        say("There are 2; I buy those.", "buy_parts", sku=ref("sku"), qty=ref("count_parts_1")),
        say(f"I backorder the remaining {rest}.", "backorder_parts", sku=ref("sku"), qty=rest),
        say("Done.", "finish", purchase=ref("buy_parts_1"), backorder=ref("backorder_parts_1")),
    ]


PARTIAL = Case(
    task=partial_task,
    features=("literal in bridge",),
    recorded={"sku": "BOLT", "qty": 4},
    answers=[
        say("I buy the parts from stock.", "buy_parts", sku=ref("sku"), qty=ref("qty")),
        say("Bought; nothing to backorder.", "finish", purchase=ref("buy_parts_1"), backorder=""),
    ],
    reference=partial_reference,
    held_out=[
        HeldOut(
            "NUT 5 (2 in stock): heal, backorder 3 typed",
            {"sku": "NUT", "qty": 5},
            partial_fallback(3),
        ),
        HeldOut("BOLT 10: A again", {"sku": "BOLT", "qty": 10}),
        HeldOut("GEAR 6 (1 in stock)", {"sku": "GEAR", "qty": 6}),
        HeldOut("PIN 12 (9 in stock)", {"sku": "PIN", "qty": 12}),
        HeldOut("NUT 5 again", {"sku": "NUT", "qty": 5}),
    ],
)


COINCIDENCE = replace(
    PARTIAL,
    task=partial_task.with_options(name="buy_partial_coincidence"),
    held_out=[
        HeldOut(
            "NUT 4 (2 in stock): heal, backorder 2 typed (= stock)",
            {"sku": "NUT", "qty": 4},
            partial_fallback(2),
        ),
        *PARTIAL.held_out[1:],
        HeldOut("ROD 7 (4 in stock)", {"sku": "ROD", "qty": 7}),
    ],
)


REQUESTS: dict[str, tuple[str, float]] = {
    "R-1": ("Ann", 150.0),
    "R-2": ("Bob", 500.0),
    "R-3": ("Cid", 80.0),
    "R-4": ("Dee", 700.0),
    "R-5": ("Eve", 5000.0),
    "R-6": ("Fay", 200.0),
    "R-7": ("Gus", 1000.0),
    "R-8": ("Hal", 1200.0),
}


class RefundRequest(BaseModel):
    id: str
    customer: str
    amount: float


@action(read_only=True)
def get_refund_request(request_id: str) -> RefundRequest:
    """A customer's refund request with its amount."""
    c, a = REQUESTS[request_id]
    return RefundRequest(id=request_id, customer=c, amount=a)


@action
def refund(request_id: str) -> str:
    """Pay the refund back to the customer; returns the refund's reference."""
    effect("refund", request_id)
    return f"RF-{request_id}"


@action
def escalate(request_id: str) -> str:
    """Send the request to a supervisor for review; returns the review ticket."""
    effect("escalate", request_id)
    return f"ESC-{request_id}"


@action
def reject(request_id: str) -> str:
    """Reject the request and tell the customer; returns the rejection notice id."""
    effect("reject", request_id)
    return f"REJ-{request_id}"


DESC = (
    "Handle the refund request: refund it if the amount is at most 200, escalate it to a "
    "supervisor if it is over 200 and at most 1000, and reject it if it is over 1000. "
    "Return the reference of what you did."
)


def make_task(name: str) -> Task[Any]:
    return Task(
        DESC,
        name=name,
        inputs={"request_id": str},
        outputs={"reference": str},
        actions=[get_refund_request, refund, escalate, reject],
    )


def refunds3_reference(inputs: dict[str, Any]) -> Expected:
    rid = inputs["request_id"]
    amount = REQUESTS[rid][1]
    if amount <= 200:
        return Expected([("refund", rid)], {"reference": f"RF-{rid}"})
    if amount <= 1000:
        return Expected([("escalate", rid)], {"reference": f"ESC-{rid}"})
    return Expected([("reject", rid)], {"reference": f"REJ-{rid}"})


RECORD = [
    say("I look up the refund request.", "get_refund_request", request_id=ref("request_id")),
    say(
        "I check whether the amount is at most 200.",
        "compute",
        expression="get_refund_request_1.amount <= 200",
    ),
    say("It is (150), so I refund it.", "refund", request_id=ref("get_refund_request_1.id")),
    say("Refunded.", "finish", reference=ref("refund_1")),
]

HEAD = [
    say(
        "500 is over 200 but not over 1000, so I escalate it to a supervisor.",
        "escalate",
        request_id=ref("request_id"),
    ),
    say("Escalated.", "finish", reference=ref("escalate_1")),
]


def computed(var: str) -> list:
    return [
        say(
            "The amount is over 200; I check whether it is at most 1000.",
            "compute",
            expression=f"{var}.amount <= 1000",
        ),
        say("It is, so I escalate it to a supervisor.", "escalate", request_id=ref("request_id")),
        say("Escalated.", "finish", reference=ref("escalate_1")),
    ]


def refunds3_held(fallback: list) -> list[HeldOut]:
    return [
        HeldOut("500: B, healed", {"request_id": "R-2"}, fallback),
        HeldOut("80: A again", {"request_id": "R-3"}),
        HeldOut("700: B again", {"request_id": "R-4"}),
        HeldOut("5000: C (reject)", {"request_id": "R-5"}),
        HeldOut("200: boundary A", {"request_id": "R-6"}),
        HeldOut("1000: boundary B", {"request_id": "R-7"}),
        HeldOut("1200: C", {"request_id": "R-8"}),
    ]


HEAD_CASE = Case(
    task=make_task("refunds3_head"),
    features=("3-way",),
    recorded={"request_id": "R-1"},
    answers=RECORD,
    reference=refunds3_reference,
    held_out=refunds3_held(HEAD),
)

COMPUTED_CASE = Case(
    task=make_task("refunds3_computed"),
    features=("3-way",),
    recorded={"request_id": "R-1"},
    answers=RECORD,
    reference=refunds3_reference,
    held_out=refunds3_held(computed("refund_request")),
)


CASES = [PAYMENTS, TWO_HEALS, COINCIDENCE, HEAD_CASE]

NEW_PATHS: dict[str, set[str]] = {}
"""Every held-out input here is met in a heal sequence (``heal_sequence``)."""
