"""Red-team tasks (issue 15, rule 1): decisions the model made in its head, with no compute the
recipe can re-run — a refund over a threshold, a status string, a yes/no answer, a balance's
sign, a count or a list that decides, a string verdict, a recording that changed nothing — and
values it worked out in its head (10% of a total, a date a week later, a first name), small ids
copied from a list, a read whose status decides in a loop body. Copied from the red team's
branches and loops tasks; each replay is correct or stops before the effect it cannot explain."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say

# ------------------------------------------------------------------ A. refund, decided in the head

REFUNDS = {"R-1": 35.0, "R-2": 480.0, "R-3": 120.0, "R-4": 200.0, "R-5": 200.5}


class RefundRequest(BaseModel):
    id: str
    amount: float


@action(read_only=True)
def get_refund(request_id: str) -> RefundRequest:
    """A customer's refund request."""
    return RefundRequest(id=request_id, amount=REFUNDS[request_id])


@action
def pay_refund(request_id: str, amount: float) -> str:
    """Pay the refund to the customer's card; returns the payment id."""
    effect("pay_refund", request_id, amount)
    return f"pay-{request_id}"


@action
def escalate_refund(request_id: str) -> str:
    """Hand the request to a supervisor; returns the escalation id."""
    effect("escalate_refund", request_id)
    return f"esc-{request_id}"


refund_head: Task[Any] = Task(
    "Refund the amount of the refund request. If the amount is over 200, do not refund it: "
    "escalate it to a supervisor instead. Report whether you escalated it.",
    name="refund_head",
    inputs={"request_id": str},
    outputs={"escalated": bool},
    actions=[get_refund, pay_refund, escalate_refund],
)


def refund_ref(i: dict[str, Any]) -> Expected:
    rid, amount = i["request_id"], REFUNDS[i["request_id"]]
    if amount > 200:
        return Expected([("escalate_refund", rid)], {"escalated": True})
    return Expected([("pay_refund", rid, amount)], {"escalated": False})


REFUND_HEAD = Case(
    task=refund_head,
    features=("decision in the head",),
    recorded={"request_id": "R-1"},
    answers=[
        say("I read the refund request.", "get_refund", request_id=ref("request_id")),
        say(
            "35.00 is not over 200, so I refund it directly.",
            "pay_refund",
            request_id=ref("request_id"),
            amount=ref("get_refund_1.amount"),
        ),
        say("Refunded, no escalation.", "finish", escalated=False),
    ],
    reference=refund_ref,
    held_out=[
        HeldOut("480: other side", {"request_id": "R-2"}),
        HeldOut("120: same side", {"request_id": "R-3"}),
        HeldOut("200.5: other side", {"request_id": "R-5"}),
    ],
)

# ------------------------------------------------------------ B. ticket status string, in the head

TICKETS = {"T-1": "resolved", "T-2": "open", "T-3": "resolved", "T-4": "waiting"}


class Ticket(BaseModel):
    id: str
    status: str
    requester: str


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """A support ticket with its status (open, waiting or resolved)."""
    return Ticket(id=ticket_id, status=TICKETS[ticket_id], requester="ana@example.test")


@action
def close_ticket(ticket_id: str) -> str:
    """Close a ticket; returns its new status."""
    effect("close_ticket", ticket_id)
    return "closed"


@action
def nudge_ticket(ticket_id: str, comment: str) -> str:
    """Add a comment to a ticket asking the assignee for an update; returns the comment id."""
    effect("nudge_ticket", ticket_id)
    return f"c-{ticket_id}"


tidy: Task[Any] = Task(
    "Close the ticket if it is resolved; otherwise add a comment asking for an update. Return "
    "the action you took ('closed' or 'nudged').",
    name="tidy_ticket",
    inputs={"ticket_id": str},
    outputs={"outcome": str},
    actions=[get_ticket, close_ticket, nudge_ticket],
)


def tidy_ref(i: dict[str, Any]) -> Expected:
    t = i["ticket_id"]
    if TICKETS[t] == "resolved":
        return Expected([("close_ticket", t)], {"outcome": "closed"})
    return Expected([("nudge_ticket", t)], {"outcome": "nudged"})


TIDY = Case(
    task=tidy,
    features=("status string of a result", "decision in the head"),
    recorded={"ticket_id": "T-1"},
    answers=[
        say("I read the ticket.", "get_ticket", ticket_id=ref("ticket_id")),
        say("It is resolved, so I close it.", "close_ticket", ticket_id=ref("ticket_id")),
        say("Closed.", "finish", outcome=ref("close_ticket_1")),
    ],
    reference=tidy_ref,
    held_out=[
        HeldOut("open: other side", {"ticket_id": "T-2"}),
        HeldOut("resolved: same side", {"ticket_id": "T-3"}),
        HeldOut("waiting: other side", {"ticket_id": "T-4"}),
    ],
)

# ------------------------------------------------------------- C. boolean returned by an action

ELIGIBLE = {"C-1": True, "C-2": False, "C-3": True, "C-4": False}


@action(read_only=True)
def check_eligibility(customer_id: str) -> bool:
    """Whether the customer may receive a goodwill credit."""
    return ELIGIBLE[customer_id]


@action
def grant_credit(customer_id: str, amount: float) -> str:
    """Give the customer a goodwill credit; returns the credit id."""
    effect("grant_credit", customer_id, amount)
    return f"cr-{customer_id}"


credit: Task[Any] = Task(
    "If the customer is eligible, grant them a goodwill credit of the given amount. Report "
    "whether you granted it.",
    name="goodwill_credit",
    inputs={"customer_id": str, "amount": float},
    outputs={"granted": bool},
    actions=[check_eligibility, grant_credit],
)


def credit_ref(i: dict[str, Any]) -> Expected:
    c = i["customer_id"]
    if ELIGIBLE[c]:
        return Expected([("grant_credit", c, i["amount"])], {"granted": True})
    return Expected([], {"granted": False})


CREDIT = Case(
    task=credit,
    features=("boolean action result", "decision in the head"),
    recorded={"customer_id": "C-1", "amount": 15.0},
    answers=[
        say(
            "I check whether the customer is eligible.",
            "check_eligibility",
            customer_id=ref("customer_id"),
        ),
        say(
            "They are eligible, so I grant the credit.",
            "grant_credit",
            customer_id=ref("customer_id"),
            amount=ref("amount"),
        ),
        say("Granted.", "finish", granted=ref("check_eligibility_1")),
    ],
    reference=credit_ref,
    held_out=[
        HeldOut("not eligible", {"customer_id": "C-2", "amount": 15.0}),
        HeldOut("eligible, other amount", {"customer_id": "C-3", "amount": 40.0}),
        HeldOut("another not eligible", {"customer_id": "C-4", "amount": 40.0}),
    ],
)

# ------------------------------------------------- D. a count computed, compared in the head

OVERDUE = {
    "acme": [("I-1", 40), ("I-2", 0), ("I-3", 75)],
    "globex": [("I-11", 0), ("I-12", 0)],
    "initech": [("I-21", 10)],
    "hooli": [],
}


class Inv(BaseModel):
    id: str
    days_overdue: int


@action(read_only=True)
def list_open_invoices(customer: str) -> list[Inv]:
    """A customer's open invoices with their days overdue (0: not due yet)."""
    return [Inv(id=i, days_overdue=d) for i, d in OVERDUE[customer]]


@action
def put_on_hold(customer: str, reason: str) -> str:
    """Put the customer's account on credit hold; returns the hold id."""
    effect("put_on_hold", customer)
    return f"hold-{customer}"


hold: Task[Any] = Task(
    "If the customer has any overdue invoice, put their account on credit hold. Report how many "
    "invoices are overdue.",
    name="credit_hold",
    inputs={"customer": str},
    outputs={"overdue": int},
    actions=[list_open_invoices, put_on_hold],
)


def hold_ref(i: dict[str, Any]) -> Expected:
    n = sum(1 for _, d in OVERDUE[i["customer"]] if d > 0)
    return Expected([("put_on_hold", i["customer"])] if n else [], {"overdue": n})


HOLD = Case(
    task=hold,
    features=("count computed", "compared in the head"),
    recorded={"customer": "acme"},
    answers=[
        say("I list the customer's open invoices.", "list_open_invoices", customer=ref("customer")),
        say(
            "I count the overdue ones.",
            "compute",
            expression="len([i for i in list_open_invoices_1 if i.days_overdue > 0])",
        ),
        say(
            "Two are overdue, so I put the account on hold.",
            "put_on_hold",
            customer=ref("customer"),
            reason="overdue invoices",
        ),
        say("Done.", "finish", overdue=ref("compute_1")),
    ],
    reference=hold_ref,
    held_out=[
        HeldOut("none overdue", {"customer": "globex"}),
        HeldOut("one overdue", {"customer": "initech"}),
        HeldOut("no invoices", {"customer": "hooli"}),
    ],
)

# --------------------------------------------- E. a filtered list, "any?" decided in the head

STOCKS = {
    "north": [("KETTLE", 0), ("MUG", 12), ("TOASTER", 0)],
    "south": [("KETTLE", 4), ("MUG", 7)],
    "east": [("LAMP", 0)],
    "west": [("KETTLE", 0), ("LAMP", 0), ("MUG", 3)],
}


class StockLine(BaseModel):
    sku: str
    units: int


@action(read_only=True)
def list_stock(store: str) -> list[StockLine]:
    """Units in stock of each product of a store."""
    return [StockLine(sku=s, units=u) for s, u in STOCKS[store]]


@action
def notify_purchasing(store: str, skus: list[str]) -> str:
    """Send the purchasing team one message listing a store's products to restock."""
    effect("notify_purchasing", store, tuple(skus))
    return "sent"


restock: Task[Any] = Task(
    "If any product of the store is out of stock, send the purchasing team one message listing "
    "those products. Return the number of products out of stock.",
    name="restock_alert",
    inputs={"store": str},
    outputs={"out_of_stock": int},
    actions=[list_stock, notify_purchasing],
)


def restock_ref(i: dict[str, Any]) -> Expected:
    skus = tuple(s for s, u in STOCKS[i["store"]] if u == 0)
    return Expected(
        [("notify_purchasing", i["store"], skus)] if skus else [], {"out_of_stock": len(skus)}
    )


RESTOCK = Case(
    task=restock,
    features=("filtered list", "emptiness decided in the head"),
    recorded={"store": "north"},
    answers=[
        say("I list the store's stock.", "list_stock", store=ref("store")),
        say(
            "I keep the products out of stock.",
            "compute",
            expression="[l.sku for l in list_stock_1 if l.units == 0]",
        ),
        say(
            "Two products are out of stock; I notify purchasing.",
            "notify_purchasing",
            store=ref("store"),
            skus=ref("compute_1"),
        ),
        say("I count them.", "compute", expression="len(compute_1)"),
        say("Done.", "finish", out_of_stock=ref("compute_2")),
    ],
    reference=restock_ref,
    held_out=[
        HeldOut("none out of stock", {"store": "south"}),
        HeldOut("one out of stock", {"store": "east"}),
        HeldOut("two of three", {"store": "west"}),
    ],
)

# ----------------------------------------------- F. early finish: nothing done in the recording

ACCTS = {"A-1": "active", "A-2": "suspended", "A-3": "active", "A-4": "suspended"}


class Acct(BaseModel):
    id: str
    status: str


@action(read_only=True)
def get_acct(account_id: str) -> Acct:
    """An account with its status (active or suspended)."""
    return Acct(id=account_id, status=ACCTS[account_id])


@action
def reactivate(account_id: str) -> str:
    """Reactivate a suspended account."""
    effect("reactivate", account_id)
    return "active"


react: Task[Any] = Task(
    "Reactivate the account if it is suspended. Report whether you reactivated it.",
    name="reactivate_if_suspended",
    inputs={"account_id": str},
    outputs={"reactivated": bool},
    actions=[get_acct, reactivate],
)


def react_ref(i: dict[str, Any]) -> Expected:
    a = i["account_id"]
    if ACCTS[a] == "suspended":
        return Expected([("reactivate", a)], {"reactivated": True})
    return Expected([], {"reactivated": False})


REACT = Case(
    task=react,
    features=("early finish without acting", "decision in the head"),
    recorded={"account_id": "A-1"},
    answers=[
        say("I read the account.", "get_acct", account_id=ref("account_id")),
        say("It is active, not suspended: nothing to do.", "finish", reactivated=False),
    ],
    reference=react_ref,
    held_out=[
        HeldOut("suspended: other side", {"account_id": "A-2"}),
        HeldOut("active: same side", {"account_id": "A-3"}),
        HeldOut("another suspended", {"account_id": "A-4"}),
    ],
)

# -------------------------------------------------- G. a number result, sign decided in the head

BALANCES = {"U-1": 42.5, "U-2": 0.0, "U-3": -12.0, "U-4": 7.25}


@action(read_only=True)
def get_balance(user_id: str) -> float:
    """The user's account balance in EUR (negative: they owe us)."""
    return BALANCES[user_id]


@action
def pay_out(user_id: str, amount: float) -> str:
    """Pay an amount to the user's bank account; returns the transfer id."""
    effect("pay_out", user_id, amount)
    return f"tr-{user_id}"


payout: Task[Any] = Task(
    "The user closed their account: if their balance is positive, pay it out to them. Return "
    "the amount paid out (0 if none).",
    name="close_payout",
    inputs={"user_id": str},
    outputs={"paid": float},
    actions=[get_balance, pay_out],
)


def payout_ref(i: dict[str, Any]) -> Expected:
    b = BALANCES[i["user_id"]]
    if b > 0:
        return Expected([("pay_out", i["user_id"], b)], {"paid": b})
    return Expected([], {"paid": 0.0})


PAYOUT = Case(
    task=payout,
    features=("number result", "sign decided in the head"),
    recorded={"user_id": "U-1"},
    answers=[
        say("I read the balance.", "get_balance", user_id=ref("user_id")),
        say(
            "42.50 is positive, so I pay it out.",
            "pay_out",
            user_id=ref("user_id"),
            amount=ref("get_balance_1"),
        ),
        say("Paid.", "finish", paid=ref("get_balance_1")),
    ],
    reference=payout_ref,
    held_out=[
        HeldOut("zero balance", {"user_id": "U-2"}),
        HeldOut("negative balance", {"user_id": "U-3"}),
        HeldOut("other positive", {"user_id": "U-4"}),
    ],
)


# ------------------------------------------------ H. gold discount: 10% of 250 = 25 in the head

ORDERS = {
    "O-1": ("gold", 250.0),
    "O-2": ("gold", 300.0),
    "O-3": ("silver", 250.0),
    "O-4": ("gold", 250.0),
}


class Order(BaseModel):
    id: str
    tier: str
    total: float


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order with its customer's loyalty tier and its total in EUR."""
    tier, total = ORDERS[order_id]
    return Order(id=order_id, tier=tier, total=total)


@action
def apply_discount(order_id: str, amount: float) -> str:
    """Take an amount off an order's total; returns the new invoice id."""
    effect("apply_discount", order_id, amount)
    return f"inv-{order_id}"


discount: Task[Any] = Task(
    "If the order's customer is gold tier, take 10% off the order's total. Report the discount "
    "given (0 if none).",
    name="gold_order_discount",
    inputs={"order_id": str},
    outputs={"discount": float},
    actions=[get_order, apply_discount],
)


def discount_ref(i: dict[str, Any]) -> Expected:
    tier, total = ORDERS[i["order_id"]]
    if tier == "gold":
        d = round(total * 0.1, 2)
        return Expected([("apply_discount", i["order_id"], d)], {"discount": d})
    return Expected([], {"discount": 0.0})


DISCOUNT = Case(
    task=discount,
    features=("decision by compute", "value computed in the head"),
    recorded={"order_id": "O-1"},
    answers=[
        say("I read the order.", "get_order", order_id=ref("order_id")),
        say(
            "I check whether the customer is gold tier.",
            "compute",
            expression="get_order_1.tier == 'gold'",
        ),
        say(
            "They are: 10% of 250.00 is 25.00, which I take off.",
            "apply_discount",
            order_id=ref("order_id"),
            amount=25.0,
        ),
        say("Discount applied.", "finish", discount=25.0),
    ],
    reference=discount_ref,
    held_out=[
        HeldOut("gold, total 300", {"order_id": "O-2"}),
        HeldOut("silver: other side", {"order_id": "O-3"}),
        HeldOut("gold, same total", {"order_id": "O-4"}),
    ],
)

# ------------------------------------------------- I. a follow-up a week later, date in the head

OPENED = {
    "K-1": ("2024-03-01", "high"),
    "K-2": ("2024-03-28", "high"),
    "K-3": ("2024-03-05", "low"),
    "K-4": ("2024-03-01", "high"),
}


class Case_(BaseModel):
    id: str
    opened: str
    priority: str


@action(read_only=True)
def get_case(case_id: str) -> Case_:
    """A support case with its opening date (ISO) and priority (high or low)."""
    opened, prio = OPENED[case_id]
    return Case_(id=case_id, opened=opened, priority=prio)


@action
def schedule_followup(case_id: str, on: str) -> str:
    """Schedule a follow-up call for a case on a date (ISO); returns the booking id."""
    effect("schedule_followup", case_id, on)
    return f"fu-{case_id}"


followup: Task[Any] = Task(
    "If the case is high priority, schedule a follow-up call one week after the date it was "
    "opened. Return the follow-up date, or null if none.",
    name="followup_week",
    inputs={"case_id": str},
    outputs={"followup": str | None},
    actions=[get_case, schedule_followup],
)


def followup_ref(i: dict[str, Any]) -> Expected:
    from datetime import date, timedelta

    opened, prio = OPENED[i["case_id"]]
    if prio != "high":
        return Expected([], {"followup": None})
    on = (date.fromisoformat(opened) + timedelta(days=7)).isoformat()
    return Expected([("schedule_followup", i["case_id"], on)], {"followup": on})


FOLLOWUP = Case(
    task=followup,
    features=("decision by compute", "date computed in the head"),
    recorded={"case_id": "K-1"},
    answers=[
        say("I read the case.", "get_case", case_id=ref("case_id")),
        say(
            "I check whether it is high priority.",
            "compute",
            expression="get_case_1.priority == 'high'",
        ),
        say(
            "It is; a week after 2024-03-01 is 2024-03-08.",
            "schedule_followup",
            case_id=ref("case_id"),
            on="2024-03-08",
        ),
        say("Scheduled.", "finish", followup="2024-03-08"),
    ],
    reference=followup_ref,
    held_out=[
        HeldOut("high, other date (month end)", {"case_id": "K-2"}),
        HeldOut("low: other side", {"case_id": "K-3"}),
        HeldOut("high, same date", {"case_id": "K-4"}),
    ],
)

# ------------------------------------------------ J. "Dear Alice" from a full name, in the head

CUSTOMERS = {
    "U-1": ("Alice Martin", "alice@example.test", True),
    "U-2": ("Bob Stone", "bob@example.test", True),
    "U-3": ("Carol King", "carol@example.test", False),
    "U-4": ("Alice Brown", "abrown@example.test", True),
}


class Customer(BaseModel):
    id: str
    name: str
    email: str
    opted_in: bool


@action(read_only=True)
def get_customer(customer_id: str) -> Customer:
    """A customer with their full name, email and whether they accept marketing email."""
    name, email, opt = CUSTOMERS[customer_id]
    return Customer(id=customer_id, name=name, email=email, opted_in=opt)


@action
def send_email(to: str, body: str) -> str:
    """Send an email; returns the message id."""
    effect("send_email", to, body)
    return "msg-1"


greet: Task[Any] = Task(
    "If the customer accepts marketing email, send them our spring offer, starting 'Dear "
    "<first name>,'. Report whether you sent it.",
    name="spring_offer",
    inputs={"customer_id": str},
    outputs={"sent": bool},
    actions=[get_customer, send_email],
)

OFFER = "our spring offer: 20% off all plans until May."


def greet_ref(i: dict[str, Any]) -> Expected:
    name, email, opt = CUSTOMERS[i["customer_id"]]
    if not opt:
        return Expected([], {"sent": False})
    return Expected([("send_email", email, f"Dear {name.split()[0]}, {OFFER}")], {"sent": True})


GREET = Case(
    task=greet,
    features=("decision by compute (bool field)", "name formatted in the head"),
    recorded={"customer_id": "U-1"},
    answers=[
        say("I read the customer.", "get_customer", customer_id=ref("customer_id")),
        say(
            "I check whether they accept marketing email.",
            "compute",
            expression="get_customer_1.opted_in",
        ),
        say(
            "They do; I send the offer to Alice.",
            "send_email",
            to=ref("get_customer_1.email"),
            body=f"Dear Alice, {OFFER}",
        ),
        say("Sent.", "finish", sent=ref("compute_1")),
    ],
    reference=greet_ref,
    held_out=[
        HeldOut("other name", {"customer_id": "U-2"}),
        HeldOut("not opted in", {"customer_id": "U-3"}),
        HeldOut("same first name", {"customer_id": "U-4"}),
    ],
)


# ------------------------------------------------------- M. decision computed as a string verdict

CLAIMS = {"CL-1": 80.0, "CL-2": 900.0, "CL-3": 499.0, "CL-4": 500.0}


class Claim(BaseModel):
    id: str
    amount: float


@action(read_only=True)
def get_claim(claim_id: str) -> Claim:
    """An insurance claim."""
    return Claim(id=claim_id, amount=CLAIMS[claim_id])


@action
def approve_claim(claim_id: str) -> str:
    """Approve and pay a claim."""
    effect("approve_claim", claim_id)
    return "approved"


@action
def send_to_adjuster(claim_id: str) -> str:
    """Send a claim to a human adjuster."""
    effect("send_to_adjuster", claim_id)
    return "queued"


claims: Task[Any] = Task(
    "Approve the claim if its amount is under 500; otherwise send it to an adjuster. Return "
    "what you did: 'approve' or 'adjuster'.",
    name="claim_route",
    inputs={"claim_id": str},
    outputs={"route": str},
    actions=[get_claim, approve_claim, send_to_adjuster],
)


def claims_ref(i: dict[str, Any]) -> Expected:
    c = i["claim_id"]
    if CLAIMS[c] < 500:
        return Expected([("approve_claim", c)], {"route": "approve"})
    return Expected([("send_to_adjuster", c)], {"route": "adjuster"})


CLAIMS_CASE = Case(
    task=claims,
    features=("decision computed as a string", "acted in the head on it"),
    recorded={"claim_id": "CL-1"},
    answers=[
        say("I read the claim.", "get_claim", claim_id=ref("claim_id")),
        say(
            "I decide the route from the amount.",
            "compute",
            expression="'approve' if get_claim_1.amount < 500 else 'adjuster'",
        ),
        say(
            "The route is approve, so I approve the claim.",
            "approve_claim",
            claim_id=ref("claim_id"),
        ),
        say("Done.", "finish", route=ref("compute_1")),
    ],
    reference=claims_ref,
    held_out=[
        HeldOut("900: other side", {"claim_id": "CL-2"}),
        HeldOut("499: same side", {"claim_id": "CL-3"}),
        HeldOut("500: other side", {"claim_id": "CL-4"}),
    ],
)


# ---------------------- U. two decisions in sequence: the first by compute, the second in the head

REQS = {
    "Q-1": (120.0, True),
    "Q-2": (120.0, False),
    "Q-3": (900.0, True),
    "Q-4": (40.0, True),
}


class Req(BaseModel):
    id: str
    amount: float
    receipt: bool


@action(read_only=True)
def get_req(request_id: str) -> Req:
    """An expense request with its amount and whether a receipt is attached."""
    a, r = REQS[request_id]
    return Req(id=request_id, amount=a, receipt=r)


@action
def pay_expense(request_id: str) -> None:
    """Pay an expense request."""
    effect("pay_expense", request_id)


@action
def ask_receipt(request_id: str) -> None:
    """Ask the employee to attach the receipt."""
    effect("ask_receipt", request_id)


@action
def escalate_expense(request_id: str) -> None:
    """Send an expense request to finance for review."""
    effect("escalate_expense", request_id)


expense: Task[Any] = Task(
    "Handle the expense request: over 500, send it to finance. Otherwise, pay it if it has a "
    "receipt, or ask for the receipt if not. Return what you did: 'finance', 'paid' or 'asked'.",
    name="expense_two_decisions",
    inputs={"request_id": str},
    outputs={"done": str},
    actions=[get_req, pay_expense, ask_receipt, escalate_expense],
)


def expense_ref(i: dict[str, Any]) -> Expected:
    r = i["request_id"]
    a, rec = REQS[r]
    if a > 500:
        return Expected([("escalate_expense", r)], {"done": "finance"})
    if rec:
        return Expected([("pay_expense", r)], {"done": "paid"})
    return Expected([("ask_receipt", r)], {"done": "asked"})


EXPENSE = Case(
    task=expense,
    features=("decisions in sequence", "second in the head", "output literal"),
    recorded={"request_id": "Q-1"},
    answers=[
        say("I read the request.", "get_req", request_id=ref("request_id")),
        say("I check whether it is over 500.", "compute", expression="get_req_1.amount > 500"),
        say(
            "It is not, and the receipt is attached, so I pay it.",
            "pay_expense",
            request_id=ref("request_id"),
        ),
        say("Paid.", "finish", done="paid"),
    ],
    reference=expense_ref,
    held_out=[
        HeldOut("no receipt: second decision flips", {"request_id": "Q-2"}),
        HeldOut("over 500: first flips", {"request_id": "Q-3"}),
        HeldOut("small, with receipt", {"request_id": "Q-4"}),
    ],
)


PRIO = {"T-1": "urgent", "T-2": "urgent", "T-3": "low", "T-4": "urgent", "T-5": "normal"}


class Tkt(BaseModel):
    id: str
    priority: str
    team: str


@action(read_only=True)
def read_ticket(ticket_id: str) -> Tkt:
    """A ticket with its priority (urgent, normal or low) and team."""
    return Tkt(id=ticket_id, priority=PRIO[ticket_id], team="infra")


@action
def page_oncall(ticket_id: str) -> str:
    """Page the on-call engineer about a ticket; returns the page id."""
    effect("page_oncall", ticket_id)
    return f"pg-{ticket_id}"


def page_ref(i: dict[str, Any]) -> Expected:
    ids = [t for t in i["ticket_ids"] if PRIO[t] == "urgent"]
    return Expected([("page_oncall", t) for t in ids], {"paged": len(ids)})


# ----------------------------------------------- X. read, decide in the head, act (all True seen)

page_head: Task[Any] = Task(
    "For each ticket id, read the ticket and page the on-call engineer if it is urgent. Report "
    "how many pages you sent.",
    name="page_urgent_head",
    inputs={"ticket_ids": list[str]},
    outputs={"paged": int},
    actions=[read_ticket, page_oncall],
)

PAGE_HEAD = Case(
    task=page_head,
    features=("list input", "two-step body", "decision in the head"),
    recorded={"ticket_ids": ["T-1", "T-2"]},
    answers=[
        say("I read the first ticket.", "read_ticket", ticket_id=ref("ticket_ids.0")),
        say("It is urgent; I page the on-call.", "page_oncall", ticket_id=ref("ticket_ids.0")),
        say("I read the second ticket.", "read_ticket", ticket_id=ref("ticket_ids.1")),
        say("It is urgent too; I page the on-call.", "page_oncall", ticket_id=ref("ticket_ids.1")),
        say("Two pages sent.", "finish", paged=2),
    ],
    reference=page_ref,
    held_out=[
        HeldOut("second is low", {"ticket_ids": ["T-4", "T-3"]}),
        HeldOut("three, middle normal", {"ticket_ids": ["T-1", "T-5", "T-4"]}),
        HeldOut("no tickets", {"ticket_ids": []}),
    ],
)


# ------------------------------------------------- small ids copied from a list (loops red team)

Q = {
    "web": [(3, "resolved"), (5, "open"), (8, "resolved"), (9, "open")],
    "app": [(3, "open"), (4, "resolved"), (6, "resolved"), (8, "open")],
    "api": [(1, "open")],
    "ops": [(2, "resolved"), (7, "resolved"), (11, "open")],
}


class QueueTicket(BaseModel):
    number: int
    status: str


@action(read_only=True)
def list_tickets(queue: str) -> list[QueueTicket]:
    """The tickets of a queue, with their status (open or resolved)."""
    return [QueueTicket(number=n, status=s) for n, s in Q[queue]]


@action
def close_queue_ticket(queue: str, number: int) -> str:
    """Close a resolved ticket of a queue."""
    effect("close_queue_ticket", queue, number)
    return "closed"


close_resolved: Task[Any] = Task(
    "Close every resolved ticket of the queue. Report how many you closed.",
    name="close_resolved",
    inputs={"queue": str},
    outputs={"closed": int},
    actions=[list_tickets, close_queue_ticket],
)


def t16_ref(inputs: dict[str, Any]) -> Expected:
    ns = [n for n, s in Q[inputs["queue"]] if s == "resolved"]
    return Expected([("close_queue_ticket", inputs["queue"], n) for n in ns], {"closed": len(ns)})


T16 = Case(
    task=close_resolved,
    features=("small-int ids copied",),
    recorded={"queue": "web"},
    answers=[
        say("I list the queue's tickets.", "list_tickets", queue=ref("queue")),
        AIResponse(
            content="Tickets 3 and 8 are resolved; I close them.",
            tool_calls=[
                ToolCall("close_queue_ticket", {"queue": ref("queue"), "number": 3}),
                ToolCall("close_queue_ticket", {"queue": ref("queue"), "number": 8}),
            ],
        ),
        say("Two closed.", "finish", closed=2),
    ],
    reference=t16_ref,
    held_out=[
        HeldOut("other queue", {"queue": "app"}),
        HeldOut("none resolved", {"queue": "api"}),
        HeldOut("two of three", {"queue": "ops"}),
    ],
)


# ------------------------------------------------- read, then act on a closed ticket (loops)

SURVEY_TICKETS = {
    "T-1": ("open", "ana@x.test"),
    "T-2": ("closed", "ben@x.test"),
    "T-3": ("open", "cy@x.test"),
    "T-4": ("open", "di@x.test"),
    "T-5": ("closed", "ed@x.test"),
    "T-6": ("pending", "fay@x.test"),
}


class SurveyTicket(BaseModel):
    id: str
    status: str
    requester: str


@action(read_only=True)
def read_survey_ticket(ticket_id: str) -> SurveyTicket:
    """A support ticket: its status (open, pending or closed) and the requester's email."""
    s, r = SURVEY_TICKETS[ticket_id]
    return SurveyTicket(id=ticket_id, status=s, requester=r)


@action
def send_survey(email: str, ticket_id: str) -> str:
    """Email a satisfaction survey about a ticket."""
    effect("send_survey", email, ticket_id)
    return "sent"


surveys: Task[Any] = Task(
    "For each ticket in the list, read it, and send its requester a satisfaction survey if the "
    "ticket is closed. Report how many surveys you sent.",
    name="closed_surveys",
    inputs={"ticket_ids": list[str]},
    outputs={"sent": int},
    actions=[read_survey_ticket, send_survey],
)


def t7_ref(inputs: dict[str, Any]) -> Expected:
    eff = [
        ("send_survey", SURVEY_TICKETS[t][1], t)
        for t in inputs["ticket_ids"]
        if SURVEY_TICKETS[t][0] == "closed"
    ]
    return Expected(eff, {"sent": len(eff)})


T7 = Case(
    task=surveys,
    features=("body: read then act, all closed in recording",),
    recorded={"ticket_ids": ["T-2", "T-5"]},
    answers=[
        say("I read the first ticket.", "read_survey_ticket", ticket_id=ref("ticket_ids.0")),
        say(
            "It is closed; I send the survey.",
            "send_survey",
            email=ref("read_survey_ticket_1.requester"),
            ticket_id=ref("read_survey_ticket_1.id"),
        ),
        say("I read the second ticket.", "read_survey_ticket", ticket_id=ref("ticket_ids.1")),
        say(
            "It is closed too; I send the survey.",
            "send_survey",
            email=ref("read_survey_ticket_2.requester"),
            ticket_id=ref("read_survey_ticket_2.id"),
        ),
        say("Two surveys sent.", "finish", sent=2),
    ],
    reference=t7_ref,
    held_out=[
        HeldOut("open and closed", {"ticket_ids": ["T-1", "T-2"]}),
        HeldOut("3 closed-ish", {"ticket_ids": ["T-5", "T-2", "T-6"]}),
        HeldOut("empty", {"ticket_ids": []}),
    ],
)

CASES = [
    REFUND_HEAD,
    TIDY,
    CREDIT,
    HOLD,
    RESTOCK,
    REACT,
    PAYOUT,
    DISCOUNT,
    FOLLOWUP,
    GREET,
    CLAIMS_CASE,
    EXPENSE,
    PAGE_HEAD,
    T16,
    T7,
]

NEW_PATHS: dict[str, set[str]] = {
    "refund_head": {"480: other side", "200.5: other side"},
    "tidy_ticket": {"open: other side", "waiting: other side"},
    "goodwill_credit": {"not eligible", "another not eligible"},
    "credit_hold": {"none overdue", "no invoices"},
    "restock_alert": {"none out of stock"},
    "reactivate_if_suspended": {"suspended: other side", "another suspended"},
    "close_payout": {"zero balance", "negative balance"},
    "gold_order_discount": {"silver: other side"},
    "followup_week": {"low: other side"},
    "spring_offer": {"not opted in"},
    "claim_route": {"900: other side", "500: other side"},
    "expense_two_decisions": {"no receipt: second decision flips", "over 500: first flips"},
}
"""Held-out inputs on the side the recording never took: the right replay stops before it."""
