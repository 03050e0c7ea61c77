"""Red team round 28 (api): the decision compute itself, lookups, side calls, values per item.

Each task is recorded once by a scripted GPT-like agent (one tool call a turn, computes for the
decision) and replayed on held-out inputs: half ordinary, half adversarial.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref
from ._api_kit import Script, at_least_three

# =========================================================================== A. running budget
# The words: approve while what is left of the budget covers it. The agent compared every
# expense with the budget it read once (500); on the recording the approved ones summed to 300,
# so the per-item check coincided with the running one.

BUDGETS: dict[str, float] = {"eng": 500.0, "ops": 1000.0, "hr": 500.0, "it": 400.0}
EXP: dict[str, float] = {
    "X-1": 100.0,
    "X-2": 600.0,
    "X-3": 200.0,
    "X-4": 50.0,
    "X-5": 80.0,
    "X-6": 1200.0,
    "X-7": 300.0,
    "X-8": 300.0,
    "X-9": 150.0,
    "X-10": 250.0,
    "X-11": 250.0,
}
TEAM_EXP: dict[str, list[str]] = {
    "eng": ["X-1", "X-2", "X-3"],
    "ops": ["X-4", "X-5", "X-6"],  # ordinary: 130 approved, 1200 rejected
    "hr": ["X-7", "X-8", "X-9"],  # adversarial: 300 + 300 > 500
    "it": ["X-10", "X-11"],  # adversarial: 250 + 250 > 400
}


class Budget(BaseModel):
    team: str
    remaining: float


class Expense(BaseModel):
    id: str
    amount: float
    currency: str


@action(read_only=True)
def get_team_budget(team: str) -> Budget:
    """What is left of a team's budget this quarter, in EUR."""
    return Budget(team=team, remaining=BUDGETS[team])


@action(read_only=True)
def list_pending_expenses(team: str) -> list[str]:
    """The ids of a team's expenses waiting for approval, oldest first."""
    return list(TEAM_EXP[team])


@action(read_only=True)
def get_pending_expense(expense_id: str) -> Expense:
    """One expense: its amount and currency."""
    return Expense(id=expense_id, amount=EXP[expense_id], currency="EUR")


@action
def approve_pending(expense_id: str) -> str:
    """Approve an expense; its amount is taken from the team's budget."""
    effect("approve_pending", expense_id)
    return "approved"


@action
def reject_pending(expense_id: str, reason: str) -> str:
    """Reject an expense with a reason."""
    effect("reject_pending", expense_id, reason)
    return "rejected"


budget_task: Task[Any] = Task(
    "Go through the team's pending expenses oldest first. Approve each one as long as what is "
    "left of the team's budget still covers it (every approval uses up budget); reject the "
    "others with the reason 'budget exhausted'. Report how many you approved and rejected.",
    name="r28_running_budget",
    inputs={"team": str},
    outputs={"approved": int, "rejected": int},
    actions=[
        get_team_budget,
        list_pending_expenses,
        get_pending_expense,
        approve_pending,
        reject_pending,
    ],
)


def budget_reference(inputs: dict[str, Any]) -> Expected:
    left = BUDGETS[inputs["team"]]
    effects: list[tuple[Any, ...]] = []
    a = r = 0
    for e in TEAM_EXP[inputs["team"]]:
        if EXP[e] <= left:
            left -= EXP[e]
            effects.append(("approve_pending", e))
            a += 1
        else:
            effects.append(("reject_pending", e, "budget exhausted"))
            r += 1
    return Expected(effects, {"approved": a, "rejected": r})


def _budget_answers() -> list[AIResponse]:
    s = Script()
    s.call("I read the team's budget.", "get_team_budget", team=ref("team"))
    s.call("I list the pending expenses.", "list_pending_expenses", team=ref("team"))
    for n, eid in enumerate(TEAM_EXP["eng"], start=1):
        s.call(
            "Next expense.",
            "get_pending_expense",
            expense_id=ref(f"list_pending_expenses_1.{n - 1}"),
        )
        s.compute(
            "Does the budget cover it?",
            f"get_pending_expense_{n}.amount <= get_team_budget_1.remaining",
        )
        if EXP[eid] <= 500:
            s.call(
                "Covered: approve.",
                "approve_pending",
                expense_id=ref(f"get_pending_expense_{n}.id"),
            )
        else:
            s.call(
                "Not covered: reject.",
                "reject_pending",
                expense_id=ref(f"get_pending_expense_{n}.id"),
                reason="budget exhausted",
            )
    s.call("Two approved, one rejected.", "finish", approved=2, rejected=1)
    return s.out


BUDGET = Case(
    task=budget_task,
    features=("decision against an outer value that the acting side uses up",),
    recorded={"team": "eng"},
    answers=_budget_answers(),
    reference=budget_reference,
    held_out=[
        HeldOut("ordinary: small ones fit", {"team": "ops"}),
        HeldOut("ADV two of 300 on 500", {"team": "hr"}),
        HeldOut("ADV two of 250 on 400", {"team": "it"}),
    ],
)

# =========================================================================== C. fraud check word
# The words: ship what PASSED the fraud check, the others to manual review. The agent's compute
# tests != 'failed', which on the recording coincides with == 'passed'.

FRAUD: dict[str, str] = {
    "F-1": "passed",
    "F-2": "failed",
    "F-3": "passed",
    "F-4": "passed",
    "F-5": "failed",
    "F-6": "pending",
    "F-7": "passed",
    "F-8": "",
    "F-9": "failed",
}
FRAUD_BATCH: dict[str, list[str]] = {
    "b1": ["F-1", "F-2", "F-3"],
    "b2": ["F-4", "F-5"],  # ordinary
    "b3": ["F-7", "F-6"],  # adversarial: a check still pending
    "b4": ["F-9", "F-8"],  # adversarial: no check recorded
}


class WebOrder(BaseModel):
    id: str
    fraud_check: str
    total: float


@action(read_only=True)
def list_new_orders(batch: str) -> list[str]:
    """The ids of the batch's new web orders."""
    return list(FRAUD_BATCH[batch])


@action(read_only=True)
def get_web_order(order_id: str) -> WebOrder:
    """One web order: the fraud check's result ('passed', 'failed', 'pending' or '') and total."""
    return WebOrder(id=order_id, fraud_check=FRAUD[order_id], total=50.0)


@action
def release_to_warehouse(order_id: str) -> str:
    """Release an order to the warehouse for shipping."""
    effect("release_to_warehouse", order_id)
    return "released"


@action
def queue_manual_review(order_id: str) -> str:
    """Put an order in the manual fraud review queue."""
    effect("queue_manual_review", order_id)
    return "queued"


fraud_task: Task[Any] = Task(
    "Release to the warehouse every new order of the batch whose fraud check passed; put every "
    "other order in the manual review queue. Report how many you released and queued.",
    name="r28_fraud_passed",
    inputs={"batch": str},
    outputs={"released": int, "queued": int},
    actions=[list_new_orders, get_web_order, release_to_warehouse, queue_manual_review],
)


def fraud_reference(inputs: dict[str, Any]) -> Expected:
    ids = FRAUD_BATCH[inputs["batch"]]
    eff: list[tuple[Any, ...]] = [
        ("release_to_warehouse", o) if FRAUD[o] == "passed" else ("queue_manual_review", o)
        for o in ids
    ]
    rel = sum(1 for o in ids if FRAUD[o] == "passed")
    return Expected(eff, {"released": rel, "queued": len(ids) - rel})


def _fraud_answers() -> list[AIResponse]:
    s = Script()
    s.call("I list the batch.", "list_new_orders", batch=ref("batch"))
    for n, oid in enumerate(FRAUD_BATCH["b1"], start=1):
        s.call("Next order.", "get_web_order", order_id=ref(f"list_new_orders_1.{n - 1}"))
        s.compute("Did it clear the fraud check?", f"get_web_order_{n}.fraud_check != 'failed'")
        if FRAUD[oid] == "passed":
            s.call(
                "Cleared: release.", "release_to_warehouse", order_id=ref(f"get_web_order_{n}.id")
            )
        else:
            s.call(
                "Failed: manual review.",
                "queue_manual_review",
                order_id=ref(f"get_web_order_{n}.id"),
            )
    s.call("Two released, one queued.", "finish", released=2, queued=1)
    return s.out


FRAUD_CASE = Case(
    task=fraud_task,
    features=("compute tests != a word; the words name the other word",),
    recorded={"batch": "b1"},
    answers=_fraud_answers(),
    reference=fraud_reference,
    held_out=[
        HeldOut("ordinary", {"batch": "b2"}),
        HeldOut("ADV check pending", {"batch": "b3"}),
        HeldOut("ADV check empty", {"batch": "b4"}),
    ],
)

# =========================================================================== D. second lookup
# Per order its customer is looked up by the order's customer_id; gold customers or orders over
# 200 get a refund to the customer's account on file, the others a store credit.

CUST: dict[str, dict[str, Any]] = {
    "C-1": {"tier": "gold", "account": "ACC-1"},
    "C-2": {"tier": "basic", "account": "ACC-2"},
    "C-3": {"tier": "basic", "account": "ACC-3"},
    "C-4": {"tier": "gold", "account": "ACC-4"},
}
RET: dict[str, tuple[str, float]] = {
    "R-1": ("C-1", 50.0),
    "R-2": ("C-2", 80.0),
    "R-3": ("C-3", 250.0),
    "R-4": ("C-4", 20.0),
    "R-5": ("C-2", 300.0),
    "R-6": ("C-3", 10.0),
    "R-7": ("C-9", 30.0),
}
RET_DAY: dict[str, list[str]] = {
    "mon": ["R-1", "R-2", "R-3"],
    "tue": ["R-4", "R-5", "R-6"],  # ordinary
    "wed": ["R-6", "R-4"],  # ordinary
    "thu": ["R-2", "R-7"],  # adversarial: a customer not on file
}


class ReturnItem(BaseModel):
    id: str
    customer_id: str
    amount: float


class Customer(BaseModel):
    id: str
    tier: str
    account: str


@action(read_only=True)
def list_returns(day: str) -> list[str]:
    """The ids of the returns received on a day."""
    return list(RET_DAY[day])


@action(read_only=True)
def get_return(return_id: str) -> ReturnItem:
    """One return: the customer and the amount paid."""
    c, a = RET[return_id]
    return ReturnItem(id=return_id, customer_id=c, amount=a)


@action(read_only=True)
def get_customer(customer_id: str) -> Customer:
    """A customer's tier and the bank account on file."""
    if customer_id not in CUST:
        raise KeyError(f"no customer {customer_id}")
    return Customer(id=customer_id, **CUST[customer_id])


@action
def refund_to_account(return_id: str, account: str) -> str:
    """Pay a return's amount back to a bank account."""
    effect("refund_to_account", return_id, account)
    return "paid"


@action
def issue_store_credit(return_id: str) -> str:
    """Issue store credit for a return."""
    effect("issue_store_credit", return_id)
    return "credited"


returns_task: Task[Any] = Task(
    "Settle the day's returns. Look each return up and its customer: gold customers, and any "
    "return over 200 EUR, get the money back to the account on file; the others get store "
    "credit. Report how many were paid back and how many credited.",
    name="r28_second_lookup",
    inputs={"day": str},
    outputs={"paid_back": int, "credited": int},
    actions=[list_returns, get_return, get_customer, refund_to_account, issue_store_credit],
)


def settle(day: str) -> tuple[list[tuple[Any, ...]], int | None]:
    """The effects of settling the day's returns, up to a customer not on file (the right thing
    is to stop there; effects before are fine), and how many were paid back to an account (None
    where a customer was not on file)."""
    eff: list[tuple[Any, ...]] = []
    for r in RET_DAY[day]:
        cid, amt = RET[r]
        if cid not in CUST:
            return eff, None
        if CUST[cid]["tier"] == "gold" or amt > 200:
            eff.append(("refund_to_account", r, CUST[cid]["account"]))
        else:
            eff.append(("issue_store_credit", r))
    return eff, sum(1 for e in eff if e[0] == "refund_to_account")


def _safe_returns_reference(inputs: dict[str, Any]) -> Expected:
    eff, p = settle(inputs["day"])
    if p is None:
        return Expected(eff, {"paid_back": -1, "credited": -1})
    return Expected(eff, {"paid_back": p, "credited": len(eff) - p})


def returns_answers(refund_why: str, finish_why: str, **counts: int) -> list[AIResponse]:
    """The recorded day (``mon``): per return its lookup, its customer's, the decision and the
    refund (said with ``refund_why``) or store credit; then ``finish`` with ``counts``."""
    s = Script()
    s.call("I list the day's returns.", "list_returns", day=ref("day"))
    for n, rid in enumerate(RET_DAY["mon"], start=1):
        s.call("Next return.", "get_return", return_id=ref(f"list_returns_1.{n - 1}"))
        s.call("Its customer.", "get_customer", customer_id=ref(f"get_return_{n}.customer_id"))
        s.compute(
            "Gold or over 200?", f"get_customer_{n}.tier == 'gold' or get_return_{n}.amount > 200"
        )
        cid, amt = RET[rid]
        if CUST[cid]["tier"] == "gold" or amt > 200:
            s.call(
                refund_why,
                "refund_to_account",
                return_id=ref(f"get_return_{n}.id"),
                account=ref(f"get_customer_{n}.account"),
            )
        else:
            s.call("Store credit.", "issue_store_credit", return_id=ref(f"get_return_{n}.id"))
    s.call(finish_why, "finish", **counts)
    return s.out


RETURNS = Case(
    task=returns_task,
    features=("second lookup by the first's field", "decision over two lookups", "side passes it"),
    recorded={"day": "mon"},
    answers=returns_answers("Money back.", "Two paid back, one credited.", paid_back=2, credited=1),
    reference=_safe_returns_reference,
    held_out=[
        HeldOut("ordinary", {"day": "tue"}),
        HeldOut("ordinary 2", {"day": "wed"}),
        HeldOut("ADV customer not on file", {"day": "thu"}),
    ],
)

# =========================================================================== E. first line only
# "Orders that contain a gift card get a voucher, the others a refund." The agent read the first
# line of each order (every recorded order had one line).

LINES: dict[str, list[str]] = {
    "G-1": ["gift_card"],
    "G-2": ["shoes"],
    "G-3": ["shirt"],
    "G-4": ["gift_card"],
    "G-5": ["shirt", "gift_card"],
    "G-6": ["socks"],
    "G-7": ["gift_card", "shoes"],
}
GIFT_CLAIMS: dict[str, list[str]] = {
    "k1": ["G-1", "G-2", "G-3"],
    "k2": ["G-4", "G-6"],  # ordinary
    "k3": ["G-6", "G-5"],  # adversarial: a gift card on the second line
    "k4": ["G-7", "G-2"],  # adversarial-ish: two lines, gift card first
}


class Line(BaseModel):
    sku: str
    category: str


class ShopOrder(BaseModel):
    id: str
    lines: list[Line]


@action(read_only=True)
def list_cancelled(key: str) -> list[str]:
    """The ids of the cancelled orders to settle."""
    return list(GIFT_CLAIMS[key])


@action(read_only=True)
def get_shop_order(order_id: str) -> ShopOrder:
    """One order with its lines (sku, category)."""
    return ShopOrder(
        id=order_id,
        lines=[Line(sku=f"{order_id}-{i}", category=c) for i, c in enumerate(LINES[order_id])],
    )


@action
def refund_card(order_id: str) -> str:
    """Refund an order to the card it was paid with."""
    effect("refund_card", order_id)
    return "ok"


@action
def send_gift_voucher(order_id: str) -> str:
    """Send a store voucher for the order's value (gift cards cannot go back to the card)."""
    effect("send_gift_voucher", order_id)
    return "ok"


gift_task: Task[Any] = Task(
    "Settle the cancelled orders: an order that contains a gift card is settled with a store "
    "voucher (gift cards can't be refunded to a card); any other order is refunded to the card. "
    "Report how many refunds and vouchers.",
    name="r28_first_line_only",
    inputs={"key": str},
    outputs={"refunds": int, "vouchers": int},
    actions=[list_cancelled, get_shop_order, refund_card, send_gift_voucher],
)


def gift_reference(inputs: dict[str, Any]) -> Expected:
    ids = GIFT_CLAIMS[inputs["key"]]
    has = {o: "gift_card" in LINES[o] for o in ids}
    eff: list[tuple[Any, ...]] = [
        ("send_gift_voucher", o) if has[o] else ("refund_card", o) for o in ids
    ]
    v = sum(has.values())
    return Expected(eff, {"refunds": len(ids) - v, "vouchers": v})


def _gift_answers() -> list[AIResponse]:
    s = Script()
    s.call("I list the cancelled orders.", "list_cancelled", key=ref("key"))
    for n, oid in enumerate(GIFT_CLAIMS["k1"], start=1):
        s.call("Next order.", "get_shop_order", order_id=ref(f"list_cancelled_1.{n - 1}"))
        s.compute("A gift card?", f"get_shop_order_{n}.lines[0].category == 'gift_card'")
        if "gift_card" in LINES[oid]:
            s.call(
                "Gift card: voucher.", "send_gift_voucher", order_id=ref(f"get_shop_order_{n}.id")
            )
        else:
            s.call("Refund to the card.", "refund_card", order_id=ref(f"get_shop_order_{n}.id"))
    s.call("Two refunds, one voucher.", "finish", refunds=2, vouchers=1)
    return s.out


GIFT = Case(
    task=gift_task,
    features=("decision reads lines[0] where every item had one line",),
    recorded={"key": "k1"},
    answers=_gift_answers(),
    reference=gift_reference,
    held_out=[
        HeldOut("ordinary", {"key": "k2"}),
        HeldOut("ADV gift card on line 2", {"key": "k3"}),
        HeldOut("ADV two lines, gift first", {"key": "k4"}),
    ],
)

# =========================================================================== H. currency
# "Over 100 EUR: refund 20% of the total; otherwise a voucher." Recorded orders all EUR. The side
# passes the share and the order's currency.

CUR: dict[str, tuple[float, str]] = {
    "P-1": (150.0, "EUR"),
    "P-2": (40.0, "EUR"),
    "P-3": (300.0, "EUR"),
    "P-4": (120.0, "EUR"),
    "P-5": (90.0, "EUR"),
    "P-6": (15000.0, "JPY"),
    "P-7": (90.0, "GBP"),
    "P-8": (101.0, "USD"),
}
CUR_CLAIMS: dict[str, list[str]] = {
    "u1": ["P-1", "P-2", "P-3"],
    "u2": ["P-4", "P-5"],  # ordinary
    "u3": ["P-6", "P-2"],  # adversarial: 15000 JPY is about 95 EUR
    "u4": ["P-8", "P-7"],  # adversarial: USD 101 ≈ 93 EUR ; GBP 90 ≈ 105 EUR
}
FX = {"EUR": 1.0, "JPY": 1 / 158, "GBP": 1.17, "USD": 0.92}


class IntlOrder(BaseModel):
    id: str
    total: float
    currency: str


@action(read_only=True)
def list_complaints(key: str) -> list[str]:
    """The ids of the orders with a delivery complaint."""
    return list(CUR_CLAIMS[key])


@action(read_only=True)
def get_intl_order(order_id: str) -> IntlOrder:
    """One order: its total in its currency."""
    t, c = CUR[order_id]
    return IntlOrder(id=order_id, total=t, currency=c)


@action
def refund_amount(order_id: str, amount: float, currency: str) -> str:
    """Refund an amount of an order, in the given currency."""
    effect("refund_amount", order_id, amount, currency)
    return "ok"


@action
def send_apology_voucher(order_id: str) -> str:
    """Send the standard apology voucher for an order."""
    effect("send_apology_voucher", order_id)
    return "ok"


cur_task: Task[Any] = Task(
    "For each complained-about order: if its total is over 100 EUR, refund 20% of the total in "
    "the order's currency; otherwise send the apology voucher. Report the refunds and vouchers.",
    name="r28_currency",
    inputs={"key": str},
    outputs={"refunds": int, "vouchers": int},
    actions=[list_complaints, get_intl_order, refund_amount, send_apology_voucher],
)


def cur_reference(inputs: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    r = 0
    for o in CUR_CLAIMS[inputs["key"]]:
        t, c = CUR[o]
        if t * FX[c] > 100:
            eff.append(("refund_amount", o, round(t * 0.2, 2), c))
            r += 1
        else:
            eff.append(("send_apology_voucher", o))
    return Expected(eff, {"refunds": r, "vouchers": len(eff) - r})


def _cur_answers() -> list[AIResponse]:
    s = Script()
    s.call("I list the complaints.", "list_complaints", key=ref("key"))
    for n, oid in enumerate(CUR_CLAIMS["u1"], start=1):
        s.call("Next order.", "get_intl_order", order_id=ref(f"list_complaints_1.{n - 1}"))
        s.compute("Over 100 EUR?", f"get_intl_order_{n}.total > 100")
        if CUR[oid][0] > 100:
            c = s.compute("20% of it.", f"round(get_intl_order_{n}.total * 0.2, 2)")
            s.call(
                "Refund the share.",
                "refund_amount",
                order_id=ref(f"get_intl_order_{n}.id"),
                amount=ref(c),
                currency=ref(f"get_intl_order_{n}.currency"),
            )
        else:
            s.call("A voucher.", "send_apology_voucher", order_id=ref(f"get_intl_order_{n}.id"))
    s.call("Two refunds, one voucher.", "finish", refunds=2, vouchers=1)
    return s.out


CURRENCY = Case(
    task=cur_task,
    features=("currency every item had alike, passed by $ref on one side",),
    recorded={"key": "u1"},
    answers=_cur_answers(),
    reference=cur_reference,
    held_out=[
        HeldOut("ordinary", {"key": "u2"}),
        HeldOut("ADV yen", {"key": "u3"}),
        HeldOut("ADV usd/gbp", {"key": "u4"}),
    ],
)

# =========================================================================== N. capped sum
# "20% back on orders over 100, but no more than 150 EUR back in total for the customer."

CAP_ORDERS: dict[str, float] = {
    "Q-1": 200.0,
    "Q-2": 50.0,
    "Q-3": 180.0,
    "Q-4": 110.0,
    "Q-5": 20.0,
    "Q-6": 500.0,
    "Q-7": 400.0,
    "Q-8": 30.0,
}
CAP_CUST: dict[str, list[str]] = {
    "ann": ["Q-1", "Q-2", "Q-3"],  # 40 + 36 = 76
    "ben": ["Q-4", "Q-5"],  # ordinary: 22
    "cat": ["Q-6", "Q-7", "Q-8"],  # adversarial: 100 + 80 = 180 > 150
}


class CapOrder(BaseModel):
    id: str
    total: float


@action(read_only=True)
def list_late_orders(customer: str) -> list[str]:
    """The ids of a customer's orders delivered late."""
    return list(CAP_CUST[customer])


@action(read_only=True)
def get_late_order(order_id: str) -> CapOrder:
    """One late order and its total in EUR."""
    return CapOrder(id=order_id, total=CAP_ORDERS[order_id])


@action
def credit_back(order_id: str, amount: float) -> str:
    """Credit part of an order back to the customer, in EUR."""
    effect("credit_back", order_id, amount)
    return "ok"


@action
def send_sorry_note(order_id: str) -> str:
    """Send the sorry-for-the-delay note for an order."""
    effect("send_sorry_note", order_id)
    return "ok"


cap_task: Task[Any] = Task(
    "The customer's orders came late. For each order over 100 EUR credit back 20% of its total, "
    "but never more than 150 EUR back in total for this customer; for the others send the sorry "
    "note. Report how many orders you credited.",
    name="r28_capped_total",
    inputs={"customer": str},
    outputs={"credited": int},
    actions=[list_late_orders, get_late_order, credit_back, send_sorry_note],
)


def cap_reference(inputs: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    total = 0.0
    n = 0
    for o in CAP_CUST[inputs["customer"]]:
        t = CAP_ORDERS[o]
        if t > 100:
            share = round(t * 0.2, 2)
            share = min(share, 150 - total)
            if share > 0:
                eff.append(("credit_back", o, share))
                total += share
                n += 1
        else:
            eff.append(("send_sorry_note", o))
    return Expected(eff, {"credited": n})


def _cap_answers() -> list[AIResponse]:
    s = Script()
    s.call("I list the late orders.", "list_late_orders", customer=ref("customer"))
    for n, oid in enumerate(CAP_CUST["ann"], start=1):
        s.call("Next order.", "get_late_order", order_id=ref(f"list_late_orders_1.{n - 1}"))
        s.compute("Over 100?", f"get_late_order_{n}.total > 100")
        if CAP_ORDERS[oid] > 100:
            c = s.compute("20% of it.", f"round(get_late_order_{n}.total * 0.2, 2)")
            s.call(
                "Credit it back.",
                "credit_back",
                order_id=ref(f"get_late_order_{n}.id"),
                amount=ref(c),
            )
        else:
            s.call("Sorry note.", "send_sorry_note", order_id=ref(f"get_late_order_{n}.id"))
    s.call("Two credited, 76 EUR in all, under the cap.", "finish", credited=2)
    return s.out


CAPPED = Case(
    task=cap_task,
    features=("a bound on the sum of values worked out per item",),
    recorded={"customer": "ann"},
    answers=_cap_answers(),
    reference=cap_reference,
    held_out=[
        HeldOut("ordinary", {"customer": "ben"}),
        HeldOut("ADV sum over the cap", {"customer": "cat"}),
    ],
)

CASES = [BUDGET, FRAUD_CASE, RETURNS, GIFT, CURRENCY, CAPPED]
CASES = at_least_three(CASES)
