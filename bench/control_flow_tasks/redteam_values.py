"""Red-team tasks (values): where a copied value comes from when several sources explain it.

A value the model copied that an input and a result field held (account_setup, min_batch), two
fields (pay_from_wallet), a field and a constant the description writes (charge_eur), an input
and the description's own word (berlin_warehouse); a dict key that is an input's value
(dict_key_rate, dict_key_ref); a piece of an input passed to a lookup (company_domain); a number
worked out by arithmetic that a field or an input happens to equal (top_up, capped_reorder); a
compute's threshold equal to an input (approval_over_limit). The recipe keeps the explanation
the compiler prefers and guards that the others agree (``compiler.passes._ambiguity``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, effect, ref, say

CASES: list[Case] = []

# =========================================================================== 1. account_setup
# The created account's username is the wanted one unless it is taken (then a digit is added).
# The model copies the username it read in the result; it equals the input by coincidence.

TAKEN = {"cy", "ed"}


class Account(BaseModel):
    id: str
    username: str


@action
def create_account(wanted_username: str, email: str) -> Account:
    """Create a user account; the username is the wanted one, or the wanted one with a digit
    when that one is taken."""
    name = wanted_username + ("2" if wanted_username in TAKEN else "")
    effect("create_account", name, email)
    return Account(id=f"U-{name}", username=name)


@action
def send_welcome(username: str, email: str) -> str:
    """Email the new user their login name."""
    effect("send_welcome", username, email)
    return "sent"


account_setup: Task[Any] = Task(
    "Create an account for the person with the wanted username, then send them a welcome email "
    "telling them the username they got.",
    name="account_setup",
    inputs={"wanted_username": str, "email": str},
    outputs={"username": str},
    actions=[create_account, send_welcome],
)


def account_ref(i: dict[str, Any]) -> Expected:
    name = i["wanted_username"] + ("2" if i["wanted_username"] in TAKEN else "")
    return Expected(
        [("create_account", name, i["email"]), ("send_welcome", name, i["email"])],
        {"username": name},
    )


CASES.append(
    Case(
        task=account_setup,
        features=("result equals input",),
        recorded={"wanted_username": "ana.lopez", "email": "ana@corp.test"},
        answers=[
            say(
                "I create the account.",
                "create_account",
                wanted_username=ref("wanted_username"),
                email=ref("email"),
            ),
            say(
                "The account got the username ana.lopez; I send the welcome email.",
                "send_welcome",
                username="ana.lopez",
                email=ref("email"),
            ),
            say("Done.", "finish", username="ana.lopez"),
        ],
        reference=account_ref,
        held_out=[
            HeldOut("free name", {"wanted_username": "ben.k", "email": "ben@corp.test"}),
            HeldOut("taken name", {"wanted_username": "cy", "email": "cy@corp.test"}),
            HeldOut("taken name 2", {"wanted_username": "ed", "email": "ed@corp.test"}),
        ],
    )
)


# =========================================================================== 5. company_domain
# An email's domain (a substring of an input) passed to a lookup, whose result drives an effect.

COMPANIES = {"acme.test": "CO-1", "globex.test": "CO-2", "initech.test": "CO-3"}


class Company(BaseModel):
    id: str
    domain: str


@action(read_only=True)
def find_company(domain: str) -> Company:
    """The company that owns an email domain."""
    return Company(id=COMPANIES[domain], domain=domain)


@action
def add_contact(company_id: str, email: str) -> str:
    """Add a contact person to a company in the CRM."""
    effect("add_contact", company_id, email)
    return "ok"


company_domain: Task[Any] = Task(
    "Add the person as a contact of the company that owns their email domain.",
    name="company_domain",
    inputs={"email": str},
    outputs={"company_id": str},
    actions=[find_company, add_contact],
)


def domain_ref(i: dict[str, Any]) -> Expected:
    c = COMPANIES[i["email"].split("@")[1]]
    return Expected([("add_contact", c, i["email"])], {"company_id": c})


CASES.append(
    Case(
        task=company_domain,
        features=("substring of input: domain",),
        recorded={"email": "ana@acme.test"},
        answers=[
            say("I find the company of the domain acme.test.", "find_company", domain="acme.test"),
            say(
                "I add the contact.",
                "add_contact",
                company_id=ref("find_company_1.id"),
                email=ref("email"),
            ),
            say("Done.", "finish", company_id=ref("find_company_1.id")),
        ],
        reference=domain_ref,
        held_out=[
            HeldOut("other domain", {"email": "bob@globex.test"}),
            HeldOut("same domain", {"email": "cy@acme.test"}),
            HeldOut("third domain", {"email": "di@initech.test"}),
        ],
    )
)


INV = {"A-101": 1250.0, "A-102": 45.5, "B-7": 99.0, "C-9": 1250.0}


class InvoiceInfo(BaseModel):
    id: str
    amount: float


@action(read_only=True)
def get_invoice(invoice_id: str) -> InvoiceInfo:
    """An invoice, amount in EUR."""
    return InvoiceInfo(id=invoice_id, amount=INV[invoice_id])


# =========================================================================== 8. dict_key_rate
# $ref into a dict input by a key that is the value of another input.


@action
def charge(invoice_id: str, amount: float, currency: str) -> str:
    """Charge the customer's card."""
    effect("charge", invoice_id, amount, currency)
    return "ok"


dict_key_rate: Task[Any] = Task(
    "Charge the invoice's EUR amount converted into the customer's currency with today's "
    "exchange rates (EUR → currency). Return the amount charged.",
    name="dict_key_rate",
    inputs={"invoice_id": str, "currency": str, "rates": dict[str, float]},
    outputs={"charged": float},
    actions=[get_invoice, charge],
)

RATES = {"USD": 1.1, "GBP": 0.85, "JPY": 160.0}


def dkr_ref(i: dict[str, Any]) -> Expected:
    amt = round(INV[i["invoice_id"]] * i["rates"][i["currency"]], 2)
    return Expected([("charge", i["invoice_id"], amt, i["currency"])], {"charged": amt})


CASES.append(
    Case(
        task=dict_key_rate,
        features=("$ref dict key", "compute"),
        recorded={"invoice_id": "B-7", "currency": "USD", "rates": RATES},
        answers=[
            say("I read the invoice.", "get_invoice", invoice_id=ref("invoice_id")),
            say(
                "I convert the amount to USD.",
                "compute",
                expression="round(get_invoice_1.amount * rates['USD'], 2)",
            ),
            say(
                "I charge it.",
                "charge",
                invoice_id=ref("invoice_id"),
                amount=ref("compute_1"),
                currency=ref("currency"),
            ),
            say("Done.", "finish", charged=ref("compute_1")),
        ],
        reference=dkr_ref,
        held_out=[
            HeldOut(
                "USD other invoice", {"invoice_id": "A-102", "currency": "USD", "rates": RATES}
            ),
            HeldOut("GBP", {"invoice_id": "B-7", "currency": "GBP", "rates": RATES}),
            HeldOut("JPY", {"invoice_id": "A-101", "currency": "JPY", "rates": RATES}),
        ],
    )
)

# 8b: the key in a $ref path, not in a compute.


@action
def set_rate(invoice_id: str, rate: float, currency: str) -> str:
    """Fix the exchange rate used to bill an invoice."""
    effect("set_rate", invoice_id, rate, currency)
    return "ok"


dict_key_ref: Task[Any] = Task(
    "Fix the invoice's exchange rate to today's rate for the customer's currency.",
    name="dict_key_ref",
    inputs={"invoice_id": str, "currency": str, "rates": dict[str, float]},
    outputs={"rate": float},
    actions=[set_rate],
)


def dkref_ref(i: dict[str, Any]) -> Expected:
    rate = i["rates"][i["currency"]]
    return Expected([("set_rate", i["invoice_id"], rate, i["currency"])], {"rate": rate})


CASES.append(
    Case(
        task=dict_key_ref,
        features=("$ref dict key",),
        recorded={"invoice_id": "B-7", "currency": "USD", "rates": RATES},
        answers=[
            say(
                "I set the USD rate.",
                "set_rate",
                invoice_id=ref("invoice_id"),
                rate=ref("rates.USD"),
                currency=ref("currency"),
            ),
            say("Done.", "finish", rate=ref("rates.USD")),
        ],
        reference=dkref_ref,
        held_out=[
            HeldOut("GBP", {"invoice_id": "B-7", "currency": "GBP", "rates": RATES}),
            HeldOut("JPY", {"invoice_id": "A-1", "currency": "JPY", "rates": RATES}),
            HeldOut("USD again", {"invoice_id": "A-2", "currency": "USD", "rates": RATES}),
        ],
    )
)


# =========================================================================== 11. min_batch
# A value copied from a result field that equals an input by coincidence (distinctive: 20).

PRODUCTS = {"P-1": (5, 20), "P-2": (3, 50), "P-3": (8, 20), "P-4": (1, 12)}


class Product(BaseModel):
    sku: str
    stock: int
    min_batch: int


@action(read_only=True)
def get_product(sku: str) -> Product:
    """A product: units in stock and the supplier's minimum order batch."""
    s, b = PRODUCTS[sku]
    return Product(sku=sku, stock=s, min_batch=b)


@action
def place_order(sku: str, quantity: int) -> str:
    """Order units of a product from the supplier."""
    effect("place_order", sku, quantity)
    return "ok"


min_batch: Task[Any] = Task(
    "The product's stock is low: order the supplier's minimum batch of it. Then note the "
    "reorder level on the product page (input reorder_level, unchanged). Return the quantity "
    "ordered.",
    name="min_batch",
    inputs={"sku": str, "reorder_level": int},
    outputs={"ordered": int},
    actions=[get_product, place_order],
)


def mb_ref(i: dict[str, Any]) -> Expected:
    b = PRODUCTS[i["sku"]][1]
    return Expected([("place_order", i["sku"], b)], {"ordered": b})


CASES.append(
    Case(
        task=min_batch,
        features=("result field equals input",),
        recorded={"sku": "P-1", "reorder_level": 20},
        answers=[
            say("I read the product.", "get_product", sku=ref("sku")),
            say(
                "The minimum batch is 20; I order 20.",
                "place_order",
                sku=ref("sku"),
                quantity=20,
            ),
            say("Done.", "finish", ordered=20),
        ],
        reference=mb_ref,
        held_out=[
            HeldOut("batch 50 level 20", {"sku": "P-2", "reorder_level": 20}),
            HeldOut("batch 20 level 15", {"sku": "P-3", "reorder_level": 15}),
            HeldOut("batch 12 level 12", {"sku": "P-4", "reorder_level": 12}),
        ],
    )
)


# =========================================================================== 14. pay_from_wallet
# A value copied from one result's field equals a later result's field.

WALLETS = {"ana": 45.5, "ben": 100.0, "cy": 99.0}
BILLS = {"B-1": ("ana", 45.5), "B-2": ("ben", 30.0), "B-3": ("cy", 99.0), "B-4": ("ben", 62.25)}


class Bill(BaseModel):
    id: str
    customer: str
    amount: float


class Wallet(BaseModel):
    customer: str
    balance: float


@action(read_only=True)
def get_bill(bill_id: str) -> Bill:
    """A bill."""
    c, a = BILLS[bill_id]
    return Bill(id=bill_id, customer=c, amount=a)


@action(read_only=True)
def get_wallet(customer: str) -> Wallet:
    """A customer's prepaid wallet."""
    return Wallet(customer=customer, balance=WALLETS[customer])


@action
def pay_bill(bill_id: str, amount: float) -> str:
    """Pay a bill from the customer's wallet."""
    effect("pay_bill", bill_id, amount)
    return "ok"


pay_from_wallet: Task[Any] = Task(
    "Pay the bill in full from its customer's wallet if the wallet's balance covers it. Return "
    "the amount paid.",
    name="pay_from_wallet",
    inputs={"bill_id": str},
    outputs={"paid": float},
    actions=[get_bill, get_wallet, pay_bill],
)


def pw_ref(i: dict[str, Any]) -> Expected:
    _, a = BILLS[i["bill_id"]]
    return Expected([("pay_bill", i["bill_id"], a)], {"paid": a})


CASES.append(
    Case(
        task=pay_from_wallet,
        features=("value equals two result fields",),
        recorded={"bill_id": "B-1"},
        answers=[
            say("I read the bill.", "get_bill", bill_id=ref("bill_id")),
            say("I read the customer's wallet.", "get_wallet", customer=ref("get_bill_1.customer")),
            say(
                "I check the balance covers the bill.",
                "compute",
                expression="get_wallet_1.balance >= get_bill_1.amount",
            ),
            say(
                "It does (45.5 of 45.5); I pay 45.5.",
                "pay_bill",
                bill_id=ref("bill_id"),
                amount=45.5,
            ),
            say("Done.", "finish", paid=45.5),
        ],
        reference=pw_ref,
        held_out=[
            HeldOut("balance 100, bill 30", {"bill_id": "B-2"}),
            HeldOut("exact again", {"bill_id": "B-3"}),
            HeldOut("balance 100, bill 62.25", {"bill_id": "B-4"}),
        ],
    )
)

# =========================================================================== 15. berlin_warehouse
# Constant text that contains an input's value by coincidence.


@action
def notify_customer(email: str, message: str) -> str:
    """Send the customer a text message."""
    effect("notify_customer", email, message)
    return "ok"


berlin: Task[Any] = Task(
    "Tell the customer their order to their city ships tomorrow from our Berlin warehouse "
    "(all orders ship from Berlin).",
    name="berlin_warehouse",
    inputs={"email": str, "city": str},
    outputs={"message": str},
    actions=[notify_customer],
)


def berlin_ref(i: dict[str, Any]) -> Expected:
    return Expected(
        [
            (
                "notify_customer",
                i["email"],
                f"Your order to {i['city']} ships tomorrow from our Berlin warehouse.",
            )
        ],
        {"message": f"Your order to {i['city']} ships tomorrow from our Berlin warehouse."},
    )


CASES.append(
    Case(
        task=berlin,
        features=("f-string coincidence",),
        recorded={"email": "ana@x.test", "city": "Berlin"},
        answers=[
            say(
                "I notify the customer.",
                "notify_customer",
                email=ref("email"),
                message="Your order to Berlin ships tomorrow from our Berlin warehouse.",
            ),
            say(
                "Done.",
                "finish",
                message="Your order to Berlin ships tomorrow from our Berlin warehouse.",
            ),
        ],
        reference=berlin_ref,
        held_out=[
            HeldOut("Paris", {"email": "ben@x.test", "city": "Paris"}),
            HeldOut("Munich", {"email": "cy@x.test", "city": "Munich"}),
            HeldOut("Berlin again", {"email": "di@x.test", "city": "Berlin"}),
        ],
    )
)

# =========================================================================== 16. charge_eur
# A constant the task fixes ("EUR") equals a field of a result.

CINV = {"I-1": (40.0, "EUR"), "I-2": (25.0, "EUR"), "I-3": (30.0, "USD"), "I-4": (50.0, "USD")}


class CInv(BaseModel):
    id: str
    amount: float
    currency: str


@action(read_only=True)
def get_cinvoice(invoice_id: str) -> CInv:
    """An invoice with its amount and currency."""
    a, c = CINV[invoice_id]
    return CInv(id=invoice_id, amount=a, currency=c)


@action
def charge_card(invoice_id: str, amount: float, currency: str) -> str:
    """Charge the customer's card."""
    effect("charge_card", invoice_id, amount, currency)
    return "ok"


charge_eur: Task[Any] = Task(
    "Charge the invoice to the customer's card. Our processor only takes EUR: pass "
    "currency='EUR', converting the amount with usd_to_eur when the invoice is in USD.",
    name="charge_eur",
    inputs={"invoice_id": str, "usd_to_eur": float},
    outputs={"charged": float},
    actions=[get_cinvoice, charge_card],
)


def ce_ref(i: dict[str, Any]) -> Expected:
    a, c = CINV[i["invoice_id"]]
    amt = a if c == "EUR" else round(a * i["usd_to_eur"], 2)
    return Expected([("charge_card", i["invoice_id"], amt, "EUR")], {"charged": amt})


CASES.append(
    Case(
        task=charge_eur,
        features=("constant equals result field",),
        recorded={"invoice_id": "I-1", "usd_to_eur": 0.9},
        answers=[
            say("I read the invoice.", "get_cinvoice", invoice_id=ref("invoice_id")),
            say(
                "It is already in EUR, I charge it.",
                "charge_card",
                invoice_id=ref("invoice_id"),
                amount=ref("get_cinvoice_1.amount"),
                currency="EUR",
            ),
            say("Done.", "finish", charged=ref("get_cinvoice_1.amount")),
        ],
        reference=ce_ref,
        held_out=[
            HeldOut("EUR", {"invoice_id": "I-2", "usd_to_eur": 0.9}),
            HeldOut("USD", {"invoice_id": "I-3", "usd_to_eur": 0.9}),
            HeldOut("another USD", {"invoice_id": "I-4", "usd_to_eur": 0.9}),
        ],
    )
)


# ------------------------------------ K. top-up = target - stock, which equals the stock field

STOCK = {"TEA": (12, 24), "COFFEE": (5, 24), "COCOA": (30, 24), "MATE": (12, 40)}


class StockLevel(BaseModel):
    sku: str
    stock: int
    target: int


@action(read_only=True)
def get_stock(sku: str) -> StockLevel:
    """A product's units in stock and its target stock level."""
    s, t = STOCK[sku]
    return StockLevel(sku=sku, stock=s, target=t)


@action
def order_units(sku: str, quantity: int) -> str:
    """Order units of a product from the supplier; returns the order id."""
    effect("order_units", sku, quantity)
    return f"po-{sku}"


topup: Task[Any] = Task(
    "If the product's stock is below its target level, order enough units to bring it up to "
    "the target. Report how many units you ordered.",
    name="top_up",
    inputs={"sku": str},
    outputs={"ordered": int},
    actions=[get_stock, order_units],
)


def topup_ref(i: dict[str, Any]) -> Expected:
    s, t = STOCK[i["sku"]]
    if s < t:
        return Expected([("order_units", i["sku"], t - s)], {"ordered": t - s})
    return Expected([], {"ordered": 0})


CASES.append(
    Case(
        task=topup,
        features=("decision by compute", "difference in the head equals a result field"),
        recorded={"sku": "TEA"},
        answers=[
            say("I read the product.", "get_stock", sku=ref("sku")),
            say(
                "I check whether the stock is below target.",
                "compute",
                expression="get_stock_1.stock < get_stock_1.target",
            ),
            say(
                "It is: 24 - 12 = 12 units are missing, so I order 12.",
                "order_units",
                sku=ref("sku"),
                quantity=12,
            ),
            say("Ordered.", "finish", ordered=12),
        ],
        reference=topup_ref,
        held_out=[
            HeldOut("stock 5: order 19", {"sku": "COFFEE"}),
            HeldOut("above target: other side", {"sku": "COCOA"}),
            HeldOut("stock 12, target 40", {"sku": "MATE"}),
        ],
    )
)

# -------------------------------------- L. a capped quantity, which equals the cap input

LEVELS = {"INK": (30, 40), "PAPER": (35, 40), "TONER": (10, 40), "PENS": (50, 40)}


class Supply(BaseModel):
    sku: str
    stock: int
    level: int


@action(read_only=True)
def get_supply(sku: str) -> Supply:
    """An office supply's stock and its reorder level."""
    s, lv = LEVELS[sku]
    return Supply(sku=sku, stock=s, level=lv)


@action
def reorder_supply(sku: str, quantity: int) -> str:
    """Reorder units of an office supply; returns the order id."""
    effect("reorder_supply", sku, quantity)
    return f"ro-{sku}"


capped: Task[Any] = Task(
    "If the supply's stock is under its level, reorder the missing units, but never more than "
    "max_units at once. Report the quantity reordered.",
    name="capped_reorder",
    inputs={"sku": str, "max_units": int},
    outputs={"quantity": int},
    actions=[get_supply, reorder_supply],
)


def capped_ref(i: dict[str, Any]) -> Expected:
    s, lv = LEVELS[i["sku"]]
    if s >= lv:
        return Expected([], {"quantity": 0})
    q = min(lv - s, i["max_units"])
    return Expected([("reorder_supply", i["sku"], q)], {"quantity": q})


CASES.append(
    Case(
        task=capped,
        features=("decision by compute", "value in the head equals an input", "threshold input"),
        recorded={"sku": "INK", "max_units": 10},
        answers=[
            say("I read the supply.", "get_supply", sku=ref("sku")),
            say(
                "I check whether the stock is under the level.",
                "compute",
                expression="get_supply_1.stock < get_supply_1.level",
            ),
            say(
                "It is: 40 - 30 = 10 missing, within the cap of 10, so I reorder 10.",
                "reorder_supply",
                sku=ref("sku"),
                quantity=10,
            ),
            say("Reordered.", "finish", quantity=10),
        ],
        reference=capped_ref,
        held_out=[
            HeldOut("5 missing", {"sku": "PAPER", "max_units": 10}),
            HeldOut("30 missing, cap 10", {"sku": "TONER", "max_units": 10}),
            HeldOut("30 missing, cap 25", {"sku": "TONER", "max_units": 25}),
            HeldOut("above level", {"sku": "PENS", "max_units": 10}),
        ],
    )
)


ORDERS = {"O-1": 250.0, "O-2": 50.0, "O-3": 180.0, "O-4": 100.0, "O-5": 320.0}


class Order(BaseModel):
    id: str
    total: float


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order with its total in EUR."""
    return Order(id=order_id, total=ORDERS[order_id])


@action
def request_approval(order_id: str) -> str:
    """Ask a manager to approve an order."""
    effect("request_approval", order_id)
    return "pending"


# ----------------------------------- R. threshold input, its value typed into the compute

approve_limit: Task[Any] = Task(
    "If the order's total is over the limit, ask a manager to approve it. Report whether "
    "approval was needed.",
    name="approval_over_limit",
    inputs={"order_id": str, "limit": float},
    outputs={"needed": bool},
    actions=[get_order, request_approval],
)


def limit_ref(i: dict[str, Any]) -> Expected:
    if ORDERS[i["order_id"]] > i["limit"]:
        return Expected([("request_approval", i["order_id"])], {"needed": True})
    return Expected([], {"needed": False})


CASES.append(
    Case(
        task=approve_limit,
        features=("threshold input", "its value typed in the compute"),
        recorded={"order_id": "O-1", "limit": 100.0},
        answers=[
            say("I read the order.", "get_order", order_id=ref("order_id")),
            say(
                "I check whether the total is over the limit of 100.",
                "compute",
                expression="get_order_1.total > 100",
            ),
            say("It is, so I request approval.", "request_approval", order_id=ref("order_id")),
            say("Requested.", "finish", needed=ref("compute_1")),
        ],
        reference=limit_ref,
        held_out=[
            HeldOut("limit raised above the total", {"order_id": "O-3", "limit": 200.0}),
            HeldOut("same limit, under", {"order_id": "O-2", "limit": 100.0}),
            HeldOut("limit 300, total 250", {"order_id": "O-1", "limit": 300.0}),
        ],
    )
)


NEW_PATHS: dict[str, set[str]] = {
    "charge_eur": {"USD", "another USD"},
    "top_up": {"above target: other side"},
    "capped_reorder": {"above level"},
    "approval_over_limit": {"same limit, under"},
}
"""Inputs that need a path the recording never took: a USD invoice is converted first (the
recording charged EUR as it was), the other side of a decision."""
