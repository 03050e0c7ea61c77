"""Red team round 28 (api), second batch: a lookup twice per item, the same action on both sides
with a value worked out per item, a lookup that changes something, a second lookup with counts
named after the actions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, action

from . import Case, Expected, HeldOut, effect, ref
from ._api_kit import Script, at_least_three
from .redteam_round28 import (
    get_customer,
    get_return,
    issue_store_credit,
    list_returns,
    refund_to_account,
    returns_answers,
    settle,
)

# ---------------------------------------------------------------- P11 second lookup, counts named
returns2: Task[Any] = Task(
    "Settle the day's returns. Look each return up and its customer: gold customers, and any "
    "return over 200 EUR, get a refund to the account on file; the others get store credit. "
    "Report how many refunds and how many store credits.",
    name="r28_second_lookup_named",
    inputs={"day": str},
    outputs={"refunds": int, "store_credits": int},
    actions=[list_returns, get_return, get_customer, refund_to_account, issue_store_credit],
)


def returns2_reference(inputs: dict[str, Any]) -> Expected:
    eff, p = settle(inputs["day"])
    if p is None:
        return Expected(eff, {"refunds": -1, "store_credits": -1})
    return Expected(eff, {"refunds": p, "store_credits": len(eff) - p})


RETURNS2 = Case(
    task=returns2,
    features=("second lookup",),
    recorded={"day": "mon"},
    answers=returns_answers(
        "Refund.", "Two refunds, one store credit.", refunds=2, store_credits=1
    ),
    reference=returns2_reference,
    held_out=[
        HeldOut("ordinary", {"day": "tue"}),
        HeldOut("ordinary 2", {"day": "wed"}),
        HeldOut("ADV customer not on file", {"day": "thu"}),
    ],
)

# ---------------------------------------------------------------- P1 lookup twice (re-check stock)
STOCK: dict[str, int] = {"K-1": 3, "K-2": 40, "K-3": 0, "K-4": 12, "K-5": 5, "K-6": 9}
WAVES: dict[str, list[str]] = {
    "w1": ["K-1", "K-2", "K-3"],
    "w2": ["K-4", "K-5"],
    "w3": ["K-6", "K-3", "K-2"],
}


class Sku(BaseModel):
    sku: str
    on_hand: int


@action(read_only=True)
def list_wave(wave: str) -> list[str]:
    """The skus of a restock wave."""
    return list(WAVES[wave])


@action(read_only=True)
def get_stock(sku: str) -> Sku:
    """Units on hand for a sku."""
    return Sku(sku=sku, on_hand=STOCK[sku])


@action
def order_restock(sku: str) -> str:
    """Order a restock of a sku from the supplier."""
    effect("order_restock", sku)
    return "ordered"


@action
def mark_stock_ok(sku: str) -> str:
    """Mark a sku's stock as checked and fine."""
    effect("mark_stock_ok", sku)
    return "ok"


restock: Task[Any] = Task(
    "For each sku of the restock wave: if fewer than 10 units are on hand, order a restock; "
    "otherwise mark its stock as ok. Report how many restocks you ordered and how many skus "
    "you marked ok.",
    name="r28_lookup_twice",
    inputs={"wave": str},
    outputs={"restocks": int, "marked_ok": int},
    actions=[list_wave, get_stock, order_restock, mark_stock_ok],
)


def restock_reference(inputs: dict[str, Any]) -> Expected:
    ids = WAVES[inputs["wave"]]
    eff: list[tuple[Any, ...]] = [
        ("order_restock", s) if STOCK[s] < 10 else ("mark_stock_ok", s) for s in ids
    ]
    r = sum(1 for s in ids if STOCK[s] < 10)
    return Expected(eff, {"restocks": r, "marked_ok": len(ids) - r})


def _restock() -> list[AIResponse]:
    s = Script()
    s.call("I list the wave.", "list_wave", wave=ref("wave"))
    for n, sku in enumerate(WAVES["w1"], start=1):
        s.call("Stock of the next sku.", "get_stock", sku=ref(f"list_wave_1.{n - 1}"))
        s.call(
            "I re-read it to be sure it is current.", "get_stock", sku=ref(f"list_wave_1.{n - 1}")
        )
        s.compute("Under 10?", f"get_stock_{2 * n}.on_hand < 10")
        if STOCK[sku] < 10:
            s.call("Restock.", "order_restock", sku=ref(f"get_stock_{2 * n}.sku"))
        else:
            s.call("Fine.", "mark_stock_ok", sku=ref(f"get_stock_{2 * n}.sku"))
    s.call("Two restocks, one ok.", "finish", restocks=2, marked_ok=1)
    return s.out


RESTOCK = Case(
    task=restock,
    features=("the same lookup twice per item",),
    recorded={"wave": "w1"},
    answers=_restock(),
    reference=restock_reference,
    held_out=[HeldOut("ordinary", {"wave": "w2"}), HeldOut("ordinary 2", {"wave": "w3"})],
)

# ------------------------------------------------ P3 same action both sides, value per item
PRICES: dict[str, tuple[float | None, int]] = {
    "S-1": (20.0, 150),
    "S-2": (35.0, 12),
    "S-3": (8.0, 300),
    "S-4": (50.0, 101),
    "S-5": (12.5, 3),
    "S-6": (None, 500),
    "S-7": (9.99, 7),
}
CATS: dict[str, list[str]] = {
    "c1": ["S-1", "S-2", "S-3"],
    "c2": ["S-4", "S-5"],
    "c3": ["S-7", "S-6"],
}


class Product(BaseModel):
    sku: str
    price: float | None
    stock: int


@action(read_only=True)
def list_category(category: str) -> list[str]:
    """The skus of a category."""
    return list(CATS[category])


@action(read_only=True)
def get_product(sku: str) -> Product:
    """A product's price (None when unpriced) and stock."""
    p, s = PRICES[sku]
    return Product(sku=sku, price=p, stock=s)


@action
def set_price(sku: str, price: float) -> str:
    """Set a product's price, in EUR."""
    effect("set_price", sku, price)
    return "set"


reprice: Task[Any] = Task(
    "Reprice the category: a product with more than 100 units in stock drops 10% in price; "
    "any other goes up 5%. Round prices to the cent. Report how many went down and up.",
    name="r28_same_action_values",
    inputs={"category": str},
    outputs={"down": int, "up": int},
    actions=[list_category, get_product, set_price],
)


def reprice_reference(inputs: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    d = 0
    for s in CATS[inputs["category"]]:
        p, st = PRICES[s]
        if p is None:
            return Expected(eff, {"down": -1, "up": -1})
        if st > 100:
            eff.append(("set_price", s, round(p * 0.9, 2)))
            d += 1
        else:
            eff.append(("set_price", s, round(p * 1.05, 2)))
    return Expected(eff, {"down": d, "up": len(eff) - d})


def _reprice() -> list[AIResponse]:
    s = Script()
    s.call("I list the category.", "list_category", category=ref("category"))
    for n, sku in enumerate(CATS["c1"], start=1):
        s.call("Next product.", "get_product", sku=ref(f"list_category_1.{n - 1}"))
        s.compute("Over 100 in stock?", f"get_product_{n}.stock > 100")
        if PRICES[sku][1] > 100:
            c = s.compute("10% down.", f"round(get_product_{n}.price * 0.9, 2)")
        else:
            c = s.compute("5% up.", f"round(get_product_{n}.price * 1.05, 2)")
        s.call("Set it.", "set_price", sku=ref(f"get_product_{n}.sku"), price=ref(c))
    s.call("Two down, one up.", "finish", down=2, up=1)
    return s.out


REPRICE = Case(
    task=reprice,
    features=("same action both sides, different value per item",),
    recorded={"category": "c1"},
    answers=_reprice(),
    reference=reprice_reference,
    held_out=[
        HeldOut("ordinary", {"category": "c2"}),
        HeldOut("ADV unpriced product", {"category": "c3"}),
    ],
)

# ------------------------------------------------ P7 a lookup that changes something
TK: dict[str, str] = {
    "T-1": "bug",
    "T-2": "question",
    "T-3": "bug",
    "T-4": "question",
    "T-5": "bug",
}
TQ: dict[str, list[str]] = {"q1": ["T-1", "T-2", "T-3"], "q2": ["T-4", "T-5"], "q0": []}


class Tkt(BaseModel):
    id: str
    kind: str


@action(read_only=True)
def list_unassigned(queue: str) -> list[str]:
    """The ids of the queue's unassigned tickets."""
    return list(TQ[queue])


@action
def claim_ticket(ticket_id: str) -> Tkt:
    """Assign a ticket to yourself and return it."""
    effect("claim_ticket", ticket_id)
    return Tkt(id=ticket_id, kind=TK[ticket_id])


@action
def send_to_engineering(ticket_id: str) -> str:
    """Hand a ticket to engineering."""
    effect("send_to_engineering", ticket_id)
    return "sent"


@action
def answer_with_faq(ticket_id: str) -> str:
    """Answer a ticket with the FAQ link and close it."""
    effect("answer_with_faq", ticket_id)
    return "closed"


claim: Task[Any] = Task(
    "Claim each unassigned ticket of the queue, then hand the bugs to engineering and answer "
    "the others with the FAQ. Report how many went to engineering and how many got the FAQ.",
    name="r28_claiming_lookup",
    inputs={"queue": str},
    outputs={"engineering": int, "faq": int},
    actions=[list_unassigned, claim_ticket, send_to_engineering, answer_with_faq],
)


def claim_reference(inputs: dict[str, Any]) -> Expected:
    eff: list[tuple[Any, ...]] = []
    e = 0
    for t in TQ[inputs["queue"]]:
        eff.append(("claim_ticket", t))
        if TK[t] == "bug":
            eff.append(("send_to_engineering", t))
            e += 1
        else:
            eff.append(("answer_with_faq", t))
    return Expected(eff, {"engineering": e, "faq": len(TQ[inputs["queue"]]) - e})


def _claim() -> list[AIResponse]:
    s = Script()
    s.call("I list the unassigned tickets.", "list_unassigned", queue=ref("queue"))
    for n, t in enumerate(TQ["q1"], start=1):
        s.call("I claim the next one.", "claim_ticket", ticket_id=ref(f"list_unassigned_1.{n - 1}"))
        s.compute("A bug?", f"claim_ticket_{n}.kind == 'bug'")
        if TK[t] == "bug":
            s.call("To engineering.", "send_to_engineering", ticket_id=ref(f"claim_ticket_{n}.id"))
        else:
            s.call("FAQ answer.", "answer_with_faq", ticket_id=ref(f"claim_ticket_{n}.id"))
    s.call("Two to engineering, one FAQ.", "finish", engineering=2, faq=1)
    return s.out


CLAIM = Case(
    task=claim,
    features=("a lookup that changes something",),
    recorded={"queue": "q1"},
    answers=_claim(),
    reference=claim_reference,
    held_out=[HeldOut("ordinary", {"queue": "q2"}), HeldOut("empty queue", {"queue": "q0"})],
)

CASES = [RETURNS2, RESTOCK, REPRICE, CLAIM]
CASES = at_least_three(CASES)
