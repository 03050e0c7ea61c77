"""Red-team round 8's API findings: the silent wrongs the compiler made before they were fixed,
and three tasks the red team tried that held up (and must keep replaying).

A number written next to a bool field's name: 'flag every *paid* invoice over 100 EUR' made 100
the bound of ``paid``, so ``amount > 100`` was never proposed and every paid invoice was flagged.
Two loops over one list whose subsets coincide in the recording (the unpaid invoices are the
ones over 100 EUR): the second loop flagged the unpaid ones.

Numbers the model wrote into a text that the data does not hold: an amount due worked out in
its head (balance + late fee = 37.50), typed into an email and returned; a cost of 12.345 written
rounded (12.35). The recipe told every customer 37.50 and every driver 12.35; now what was read
is kept under a guard.

A number computed and passed nowhere in a conditional task (the headroom ``limit - amount``, 60
left: within the limit): it was dropped and nothing guarded its sign, so claims over the limit
were refunded; now it keeps its recorded side.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say


def calls(why: str, *made: tuple[str, dict[str, Any]]) -> AIResponse:
    """One turn of the scripted agent that makes several tool calls at once."""
    return AIResponse(content=why, tool_calls=[ToolCall(name, args) for name, args in made])


@action
def refund(order_id: str, amount: float) -> str:
    """Refund an amount (EUR) of an order; returns the refund id."""
    effect("refund", order_id, amount)
    return f"rf-{order_id}"


@action
def request_approval(order_id: str) -> str:
    """Ask a manager to approve refunding an order."""
    effect("request_approval", order_id)
    return "pending"


@action
def send_message(customer: str, text: str) -> str:
    """Send a customer a message."""
    effect("send_message", customer, text)
    return "sent"


# --------------------------------------------------------------------------- invoices: filters

INVOICES: dict[str, list[tuple[str, float, bool]]] = {
    "acme": [
        ("I-1", 120.0, False),
        ("I-2", 80.0, True),
        ("I-3", 145.0, False),
        ("I-4", 60.0, True),
    ],
    "globex": [("G-1", 120.0, True), ("G-2", 40.0, False), ("G-3", 300.0, False)],
    "hooli": [("H-1", 20.0, False), ("H-2", 30.0, False)],
    "initech": [("N-1", 500.0, True), ("N-2", 150.0, False)],
    "paid2": [
        ("P-1", 120.0, True),
        ("P-2", 80.0, False),
        ("P-3", 145.0, True),
        ("P-4", 60.0, False),
    ],
    "paidsmall": [("S-1", 120.0, True), ("S-2", 40.0, True), ("S-3", 300.0, False)],
    "allbig": [("T-1", 220.0, True), ("T-2", 99.0, False)],
    "allsmall": [("U-1", 20.0, True), ("U-2", 30.0, True)],
}
"""Customer → invoices (id, amount in EUR, paid)."""


class Invoice(BaseModel):
    id: str
    amount: float
    paid: bool


@action(read_only=True)
def list_invoices(customer: str) -> list[Invoice]:
    """All invoices of a customer, paid and unpaid."""
    return [Invoice(id=i, amount=a, paid=p) for i, a, p in INVOICES[customer]]


@action
def send_reminder(invoice_id: str) -> str:
    """Email a payment reminder for an invoice."""
    effect("send_reminder", invoice_id)
    return "ok"


@action
def flag_for_review(invoice_id: str) -> str:
    """Flag an invoice for the finance team's review."""
    effect("flag_for_review", invoice_id)
    return "ok"


def _paid_over(i: dict[str, Any]) -> Expected:
    flagged = [x for x, amount, paid in INVOICES[i["customer"]] if paid and amount > 100]
    return Expected([("flag_for_review", x) for x in flagged], {"flagged": flagged})


PAID_OVER = Case(
    task=Task(
        "Flag every paid invoice over 100 EUR of the customer for review. Return the ids you "
        "flagged.",
        name="rt8_paid_over",
        inputs={"customer": str},
        outputs={"flagged": list[str]},
        actions=[list_invoices, flag_for_review],
    ),
    features=("filter", "number next to a bool field's name"),
    recorded={"customer": "paid2"},
    answers=[
        say("I list the invoices.", "list_invoices", customer=ref("customer")),
        calls(
            "P-1 and P-3 are paid and over 100 EUR; I flag them.",
            ("flag_for_review", {"invoice_id": ref("list_invoices_1.0.id")}),
            ("flag_for_review", {"invoice_id": ref("list_invoices_1.2.id")}),
        ),
        say(
            "Done.",
            "finish",
            flagged=[ref("list_invoices_1.0.id"), ref("list_invoices_1.2.id")],
        ),
    ],
    reference=_paid_over,
    held_out=[
        HeldOut("paid under 100", {"customer": "paidsmall"}),
        HeldOut("one big paid", {"customer": "allbig"}),
        HeldOut("all paid, small", {"customer": "allsmall"}),
        HeldOut("acme", {"customer": "acme"}),
    ],
)
"""The recipe flagged every paid invoice: 100 was taken as the bound of ``paid``."""


def _reminded_then_flagged(i: dict[str, Any]) -> Expected:
    rows = INVOICES[i["customer"]]
    unpaid = [x for x, _, paid in rows if not paid]
    effects = [("send_reminder", x) for x in unpaid]
    effects += [("flag_for_review", x) for x, amount, _ in rows if amount > 100]
    return Expected(effects, {"reminded": len(unpaid)})


def _two_subsets_case(
    name: str, reminders: tuple[Any, Any], flags: tuple[Any, Any], last: list[AIResponse]
) -> Case:
    """Remind the unpaid invoices, then flag those over 100 EUR; in the recording (acme) both
    subsets are I-1 and I-3. ``reminders`` and ``flags`` are the invoice ids as the model passed
    them (a ``$ref`` or a copied id)."""
    return Case(
        task=Task(
            "Send a payment reminder for each unpaid invoice of the customer, then flag every "
            "invoice over 100 EUR (paid or not) for review. Return how many reminders you sent.",
            name=name,
            inputs={"customer": str},
            outputs={"reminded": int},
            actions=[list_invoices, send_reminder, flag_for_review],
        ),
        features=("two loops", "second subset coincides in recording"),
        recorded={"customer": "acme"},
        answers=[
            say("I list the invoices.", "list_invoices", customer=ref("customer")),
            calls(
                "I-1 and I-3 are unpaid; I remind both.",
                *(("send_reminder", {"invoice_id": r}) for r in reminders),
            ),
            calls(
                "I-1 and I-3 are over 100 EUR; I flag them.",
                *(("flag_for_review", {"invoice_id": f}) for f in flags),
            ),
            *last,
        ],
        reference=_reminded_then_flagged,
        held_out=[
            HeldOut("paid over 100", {"customer": "globex"}),
            HeldOut("none over 100", {"customer": "hooli"}),
            HeldOut("one each, differ", {"customer": "initech"}),
        ],
    )


BY_REF = (ref("list_invoices_1.0.id"), ref("list_invoices_1.2.id"))
COPIED = ("I-1", "I-3")

TWO_SUBSETS = _two_subsets_case(
    "rt8_two_subsets",
    reminders=BY_REF,
    flags=COPIED,
    last=[say("Two reminders.", "finish", reminded=2)],
)
"""The recipe flagged the unpaid invoices (those the first loop took)."""

TWO_SUBSETS_REF = _two_subsets_case(
    "rt8_two_subsets_ref",
    reminders=BY_REF,
    flags=BY_REF,
    last=[
        say(
            "I count the reminders.",
            "compute",
            expression="len([i for i in list_invoices_1 if not i.paid])",
        ),
        say("Done.", "finish", reminded=ref("compute_1")),
    ],
)

TWO_SUBSETS_COPY_FIRST = _two_subsets_case(
    "rt8_two_subsets_copyfirst",
    reminders=COPIED,
    flags=BY_REF,
    last=[say("Two reminders.", "finish", reminded=2)],
)


# ---------------------------------------------------------------- an amount due worked out


class Account(BaseModel):
    id: str
    name: str
    balance: float
    late_fee: float


ACCOUNTS: dict[str, tuple[str, float, float]] = {
    "C-1": ("Ana", 25.0, 12.5),
    "C-2": ("Ben", 40.0, 0.0),
    "C-3": ("Ana", 25.0, 5.0),
    "C-4": ("Cy", 30.0, 7.5),
    "C-5": ("Di", 37.5, 0.0),
}
"""Customer id → (name, open balance, late fee) in EUR."""


@action(read_only=True)
def get_account(customer_id: str) -> Account:
    """A customer account: name, open balance and late fee in EUR."""
    name, balance, fee = ACCOUNTS[customer_id]
    return Account(id=customer_id, name=name, balance=balance, late_fee=fee)


@action
def email_customer(customer_id: str, text: str) -> str:
    """Email a customer."""
    effect("email_customer", customer_id, text)
    return "sent"


HI = "Hi {name}, your amount due is {due:.2f} EUR."
PAY = "Hi {name}, please pay {due:.2f} EUR within 14 days."
PLAIN = "Your amount due is {due:.2f} EUR."


def _head_sum(
    name: str,
    description: str,
    text: str,
    *,
    computed: bool,
    why: str = "I email Ana her amount due.",
) -> Case:
    """Email the amount due (balance + late fee) in ``text``; the model writes 37.50 for C-1,
    worked out in a ``compute`` it returns (``computed``) or in its head (and returns 37.5)."""

    def emailed(i: dict[str, Any]) -> Expected:
        who, balance, fee = ACCOUNTS[i["customer_id"]]
        due = balance + fee
        message = text.format(name=who, due=due)
        return Expected([("email_customer", i["customer_id"], message)], {"due": due})

    work_out = say(
        "I work out the amount due.",
        "compute",
        expression="get_account_1.balance + get_account_1.late_fee",
    )
    return Case(
        task=Task(
            description,
            name=name,
            inputs={"customer_id": str},
            outputs={"due": float},
            actions=[get_account, email_customer],
        ),
        features=("a number worked out in the head, typed in a text",),
        recorded={"customer_id": "C-1"},
        answers=[
            say("I read the account.", "get_account", customer_id=ref("customer_id")),
            *([work_out] if computed else []),
            say(
                why,
                "email_customer",
                customer_id=ref("customer_id"),
                text=text.format(name="Ana", due=37.5),
            ),
            say("Done.", "finish", due=ref("compute_1") if computed else 37.5),
        ],
        reference=emailed,
        held_out=[
            HeldOut("Ben 40", {"customer_id": "C-2"}),
            HeldOut("Ana 30", {"customer_id": "C-3"}),
            HeldOut("Cy 37.5", {"customer_id": "C-4"}),
            HeldOut("Di 37.5, no fee", {"customer_id": "C-5"}),
        ],
    )


_DUE = "Email the customer their amount due (open balance plus late fee)"
_RETURN = "Return the amount due."
HEAD_SUM_TEXT = _head_sum(
    "rt8_head_sum_text",
    f"{_DUE} as 'Hi <name>, your amount due is <amount, 2 decimals> EUR.'. {_RETURN}",
    HI,
    computed=True,
)
HEAD_SUM_NOCOMPUTE = _head_sum(
    "rt8_head_sum_nocompute", HEAD_SUM_TEXT.task.description, HI, computed=False
)
"""Every customer was told 'your amount due is 37.50 EUR' and 37.5 returned."""
HEAD_SUM_NODECIMALS = _head_sum(
    "rt8_head_sum_nodecimals",
    f"{_DUE} as 'Hi <name>, your amount due is <amount> EUR.'. {_RETURN}",
    HI,
    computed=False,
)
HEAD_SUM_14DAYS = _head_sum(
    "rt8_head_sum_14days",
    f"{_DUE}, payable within 14 days, as 'Hi <name>, please pay <amount> EUR within 14 days.'. "
    + _RETURN,
    PAY,
    computed=True,
    why="I email Ana.",
)
HEAD_SUM_PLAIN = _head_sum(
    "rt8_head_sum_plain",
    f"{_DUE} as 'Your amount due is <amount> EUR.'. {_RETURN}",
    PLAIN,
    computed=True,
    why="I email the customer her amount due.",
)
HEAD_SUM_PLAIN_NOCOMPUTE = _head_sum(
    "rt8_head_sum_plain_nocompute",
    HEAD_SUM_PLAIN.task.description,
    PLAIN,
    computed=False,
    why="The amount due is 37.50; I email the customer.",
)


# --------------------------------------------------------------------------- a cost written rounded


class Fuel(BaseModel):
    id: str
    driver: str
    cost: float


FUEL: dict[str, tuple[str, float]] = {
    "F-100": ("ana", 12.345),
    "F-200": ("ben", 48.128),
    "F-300": ("cy", 12.349),
    "F-400": ("di", 7.5),
}


@action(read_only=True)
def get_fuel(receipt_id: str) -> Fuel:
    """A fuel receipt: driver and cost in EUR (to the tenth of a cent)."""
    driver, cost = FUEL[receipt_id]
    return Fuel(id=receipt_id, driver=driver, cost=cost)


@action
def reimburse(receipt_id: str, amount: float) -> str:
    """Reimburse a driver for a receipt."""
    effect("reimburse", receipt_id, amount)
    return "ok"


def _reimbursed(i: dict[str, Any]) -> Expected:
    driver, cost = FUEL[i["receipt_id"]]
    told = f"Reimbursed {cost:.2f} EUR for receipt {i['receipt_id']}."
    return Expected(
        [("reimburse", i["receipt_id"], cost), ("send_message", driver, told)], {"ok": True}
    )


ROUNDED_TEXT = Case(
    task=Task(
        "Reimburse the receipt's cost and message the driver 'Reimbursed <cost, rounded to "
        "cents> EUR for receipt <id>.'. Return ok=True.",
        name="rt8_rounded_text",
        inputs={"receipt_id": str},
        outputs={"ok": bool},
        actions=[get_fuel, reimburse, send_message],
    ),
    features=("a value rounded in the text",),
    recorded={"receipt_id": "F-100"},
    answers=[
        say("I read the receipt.", "get_fuel", receipt_id=ref("receipt_id")),
        say(
            "I reimburse the cost.",
            "reimburse",
            receipt_id=ref("receipt_id"),
            amount=ref("get_fuel_1.cost"),
        ),
        say(
            "I tell the driver.",
            "send_message",
            customer=ref("get_fuel_1.driver"),
            text="Reimbursed 12.35 EUR for receipt F-100.",
        ),
        say("Done.", "finish", ok=True),
    ],
    reference=_reimbursed,
    held_out=[
        HeldOut("48.13", {"receipt_id": "F-200"}),
        HeldOut("12.35 too", {"receipt_id": "F-300"}),
        HeldOut("7.50", {"receipt_id": "F-400"}),
    ],
)
"""Every driver was told 'Reimbursed 12.35 EUR' (12.35 is no number of the data)."""


# --------------------------------------------------------------------------- headroom under a limit


class Claim(BaseModel):
    id: str
    amount: float
    limit: float


CLAIMS: dict[str, tuple[float, float]] = {
    "K-1": (40.0, 100.0),
    "K-2": (70.0, 150.0),
    "K-3": (120.0, 100.0),
    "K-4": (99.0, 100.0),
    "K-5": (300.0, 250.0),
}
"""Claim id → (amount asked, the customer's refund limit) in EUR."""


@action(read_only=True)
def get_claim(claim_id: str) -> Claim:
    """A refund claim: the amount asked and the customer's refund limit (EUR)."""
    amount, limit = CLAIMS[claim_id]
    return Claim(id=claim_id, amount=amount, limit=limit)


def _handled(claim_id: str) -> tuple[Any, ...]:
    amount, limit = CLAIMS[claim_id]
    return ("refund", claim_id, amount) if amount <= limit else ("request_approval", claim_id)


def _claims(i: dict[str, Any]) -> Expected:
    return Expected([_handled(c) for c in i["claim_ids"]], {"handled": len(i["claim_ids"])})


def _headroom_turns(n: int, left: int) -> list[AIResponse]:
    """Read claim ``n`` (the ``n``-th ``get_claim``), work out the room under its limit, refund."""
    claim = f"get_claim_{n}"
    return [
        say(
            "How much room is left under the limit?",
            "compute",
            expression=f"{claim}.limit - {claim}.amount",
        ),
        say(
            f"{left} left: within the limit; I refund it.",
            "refund",
            order_id=ref(f"{claim}.id"),
            amount=ref(f"{claim}.amount"),
        ),
    ]


HEADROOM = Case(
    task=Task(
        "For each claim in claim_ids: refund the amount asked if it is within the customer's "
        "refund limit; otherwise request a manager's approval. Return how many claims you "
        "handled.",
        name="rt8_headroom",
        inputs={"claim_ids": list[str]},
        outputs={"handled": int},
        actions=[get_claim, refund, request_approval],
    ),
    features=("per-item numeric compute, decided in the head",),
    recorded={"claim_ids": ["K-1", "K-2"]},
    answers=[
        say("I read the first claim.", "get_claim", claim_id=ref("claim_ids.0")),
        *_headroom_turns(1, 60),
        say("I read the second claim.", "get_claim", claim_id=ref("claim_ids.1")),
        *_headroom_turns(2, 80),
        say("I count them.", "compute", expression="len(claim_ids)"),
        say("Done.", "finish", handled=ref("compute_3")),
    ],
    reference=_claims,
    held_out=[
        HeldOut("third over", {"claim_ids": ["K-1", "K-2", "K-3"]}),
        HeldOut("first over", {"claim_ids": ["K-5", "K-1"]}),
        HeldOut("one under", {"claim_ids": ["K-4"]}),
        HeldOut("one over", {"claim_ids": ["K-3"]}),
    ],
)
"""Claims over the limit were refunded: the headroom was computed, passed nowhere, dropped."""

HEADROOM_ONE = Case(
    task=Task(
        "Refund the claim's amount if it is within the customer's refund limit; otherwise "
        "request a manager's approval. Return the claim id.",
        name="rt8_headroom_one",
        inputs={"claim_id": str},
        outputs={"claim": str},
        actions=[get_claim, refund, request_approval],
    ),
    features=("numeric compute, decided in the head",),
    recorded={"claim_id": "K-1"},
    answers=[
        say("I read the claim.", "get_claim", claim_id=ref("claim_id")),
        *_headroom_turns(1, 60),
        say("Done.", "finish", claim=ref("claim_id")),
    ],
    reference=lambda i: Expected([_handled(i["claim_id"])], {"claim": i["claim_id"]}),
    held_out=[
        HeldOut("over", {"claim_id": "K-3"}),
        HeldOut("under", {"claim_id": "K-2"}),
        HeldOut("over big", {"claim_id": "K-5"}),
    ],
)


# --------------------------------------------------------------------------- held up: orders, bills

ORDERS: dict[str, tuple[str, float, str, float, float]] = {
    "A1": ("ana", 20.0, "delivered", 4.5, 20.0),
    "A2": ("ben", 35.5, "delivered", 4.5, 35.5),
    "A3": ("cy", 80.0, "delivered", 4.5, 80.0),
    "A4": ("di", 50.0, "delivered", 4.5, 50.0),
    "R-102": ("ben", 35.5, "delivered", 4.5, 35.5),
    "R-201": ("jo", 30.0, "delivered", 30.0, 20.0),
    "R-202": ("kim", 45.0, "delivered", 5.0, 45.0),
    "R-203": ("lou", 210.0, "delivered", 5.0, 210.0),
    "R-300": ("ned", 20.0, "delivered", 4.0, 20.0),
    "R-301": ("oli", 80.0, "delivered", 4.0, 80.0),
}
"""Order id → (customer, total, status, shipping fee, paid so far), amounts in EUR."""


class Order(BaseModel):
    id: str
    customer: str
    total: float
    status: str
    shipping: float
    paid: float


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order: its customer, total in EUR, status (delivered, shipped, cancelled), shipping fee
    and the amount the customer paid so far."""
    customer, total, status, shipping, paid = ORDERS[order_id]
    return Order(
        id=order_id, customer=customer, total=total, status=status, shipping=shipping, paid=paid
    )


def _capped(i: dict[str, Any]) -> Expected:
    amounts = [(o, min(ORDERS[o][1], i["cap"])) for o in i["order_ids"]]
    refunded = round(sum(a for _, a in amounts), 2)
    return Expected([("refund", o, a) for o, a in amounts], {"refunded": refunded})


def _capped_turns(n: int, which: str) -> list[AIResponse]:
    """Look up order ``n``, cap its refund (``compute_n``), refund it."""
    order = f"get_order_{n}"
    return [
        say(f"I look up the {which} order.", "get_order", order_id=ref(f"order_ids.{n - 1}")),
        say("I cap its refund.", "compute", expression=f"min({order}.total, cap)"),
        say("I refund it.", "refund", order_id=ref(f"{order}.id"), amount=ref(f"compute_{n}")),
    ]


CAPPED_REFUNDS = Case(
    task=Task(
        "Refund each order in order_ids its total, but at most `cap` EUR per order. Return the "
        "total amount refunded.",
        name="rt8_capped_refunds",
        inputs={"order_ids": list[str], "cap": float},
        outputs={"refunded": float},
        actions=[get_order, refund],
    ),
    features=("per-item compute feeds argument", "sum"),
    recorded={"order_ids": ["A1", "A2"], "cap": 50.0},
    answers=[
        *_capped_turns(1, "first"),
        *_capped_turns(2, "second"),
        say("I add the refunds up.", "compute", expression="round(compute_1 + compute_2, 2)"),
        say("Done.", "finish", refunded=ref("compute_3")),
    ],
    reference=_capped,
    held_out=[
        HeldOut("one over cap", {"order_ids": ["A3", "A1"], "cap": 50.0}),
        HeldOut("three", {"order_ids": ["A1", "A2", "A4"], "cap": 50.0}),
        HeldOut("empty", {"order_ids": [], "cap": 50.0}),
        HeldOut("one, lower cap", {"order_ids": ["A2"], "cap": 30.0}),
        HeldOut("same again", {"order_ids": ["A1", "A1"], "cap": 50.0}),
    ],
)


def _discounted(i: dict[str, Any]) -> Expected:
    effects: list[tuple[Any, ...]] = []
    for o in i["order_ids"]:
        customer, total = ORDERS[o][:2]
        amount = round(total * 0.9, 2)
        told = f"Refunded {amount:.2f} EUR for order {o}."
        effects += [("refund", o, amount), ("send_message", customer, told)]
    return Expected(effects, {"count": len(i["order_ids"])})


def _discount_turns(n: int, order_id: str, told: str) -> list[AIResponse]:
    """Look up order ``n``, work out 90% of its total, refund it and tell the customer."""
    order = f"get_order_{n}"
    return [
        say(f"I look up {order_id}.", "get_order", order_id=ref(f"order_ids.{n - 1}")),
        say("90% of its total.", "compute", expression=f"round({order}.total * 0.9, 2)"),
        say("I refund it.", "refund", order_id=ref(f"{order}.id"), amount=ref(f"compute_{n}")),
        say("I tell the customer.", "send_message", customer=ref(f"{order}.customer"), text=told),
    ]


DISCOUNT_TEXT = Case(
    task=Task(
        "For each order in order_ids refund 90% of its total and message the customer "
        "'Refunded <amount, 2 decimals> EUR for order <id>.'. Return how many you refunded.",
        name="rt8_discount_text",
        inputs={"order_ids": list[str]},
        outputs={"count": int},
        actions=[get_order, refund, send_message],
    ),
    features=("per-item compute", "format fill of a compute in a loop"),
    recorded={"order_ids": ["R-300", "R-102"]},
    answers=[
        *_discount_turns(1, "R-300", "Refunded 18.00 EUR for order R-300."),
        *_discount_turns(2, "R-102", "Refunded 31.95 EUR for order R-102."),
        say("Done.", "finish", count=2),
    ],
    reference=_discounted,
    held_out=[
        HeldOut("three", {"order_ids": ["R-202", "R-301", "R-203"]}),
        HeldOut("one", {"order_ids": ["R-201"]}),
        HeldOut("empty", {"order_ids": []}),
        HeldOut("same twice", {"order_ids": ["R-300", "R-300"]}),
    ],
)


class Bill(BaseModel):
    id: str
    customer: str
    net: float
    gross: float


BILLS: dict[str, tuple[str, float, float]] = {
    "X-1": ("ana", 12.5, 12.5),
    "X-2": ("ben", 100.0, 120.0),
    "X-3": ("cy", 30.0, 30.0),
    "X-4": ("di", 1250.0, 1500.0),
}
"""Bill id → (customer, net, gross) in EUR; in the recording (X-1) net and gross coincide."""


@action(read_only=True)
def get_bill(bill_id: str) -> Bill:
    """A bill: net amount and gross amount (tax included; tax-exempt customers pay net), EUR."""
    customer, net, gross = BILLS[bill_id]
    return Bill(id=bill_id, customer=customer, net=net, gross=gross)


@action
def charge(bill_id: str, amount: float) -> str:
    """Charge the customer's card for a bill."""
    effect("charge", bill_id, amount)
    return f"ch-{bill_id}"


def _charged(i: dict[str, Any]) -> Expected:
    bill = i["bill_id"]
    customer, _, gross = BILLS[bill]
    told = f"We charged {gross:.2f} EUR for bill {bill}."
    return Expected(
        [("charge", bill, gross), ("send_message", customer, told)], {"charge": f"ch-{bill}"}
    )


NET_GROSS = Case(
    task=Task(
        "Charge the bill's gross amount and message the customer 'We charged <gross, 2 "
        "decimals> EUR for bill <id>.'. Return the charge id.",
        name="rt8_net_gross",
        inputs={"bill_id": str},
        outputs={"charge": str},
        actions=[get_bill, charge, send_message],
    ),
    features=("format fill", "two fields equal in recording"),
    recorded={"bill_id": "X-1"},
    answers=[
        say("I read the bill.", "get_bill", bill_id=ref("bill_id")),
        say(
            "I charge the gross.", "charge", bill_id=ref("bill_id"), amount=ref("get_bill_1.gross")
        ),
        say(
            "I tell the customer.",
            "send_message",
            customer=ref("get_bill_1.customer"),
            text="We charged 12.50 EUR for bill X-1.",
        ),
        say("Done.", "finish", charge=ref("charge_1")),
    ],
    reference=_charged,
    held_out=[
        HeldOut("gross 120", {"bill_id": "X-2"}),
        HeldOut("exempt 30", {"bill_id": "X-3"}),
        HeldOut("1,500.00", {"bill_id": "X-4"}),
    ],
)


CASES = [
    PAID_OVER,
    TWO_SUBSETS,
    TWO_SUBSETS_REF,
    TWO_SUBSETS_COPY_FIRST,
    HEAD_SUM_TEXT,
    HEAD_SUM_NOCOMPUTE,
    HEAD_SUM_NODECIMALS,
    HEAD_SUM_14DAYS,
    HEAD_SUM_PLAIN,
    HEAD_SUM_PLAIN_NOCOMPUTE,
    ROUNDED_TEXT,
    HEADROOM,
    HEADROOM_ONE,
    CAPPED_REFUNDS,
    DISCOUNT_TEXT,
    NET_GROSS,
]

NEW_PATHS: dict[str, set[str]] = {
    "rt8_headroom": {"third over", "first over", "one over"},
    "rt8_headroom_one": {"over", "over big"},
}
"""Claims over the limit need a manager's approval, which the recording never requested: only a
stop before it is right (the refunds before it in the list are expected)."""
