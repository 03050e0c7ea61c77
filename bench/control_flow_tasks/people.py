"""Lists the person hands over: a shopping list (values copied), course attendees (items
passed by ``$ref``), VIP customers (a loop over a computed list), tickets to assign (a body of
three steps: read a row, look up, act) and price changes (reads batched, then writes)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say

# --------------------------------------------------------------------------- shopping list

GROCERIES = {"milk", "bread", "eggs", "butter", "apples", "rice", "coffee", "tea"}


@action
def add_to_cart(item: str) -> int:
    """Add one grocery item to the cart; returns how many items the cart holds now."""
    if item not in GROCERIES:
        raise LookupError(f"the shop has no {item!r}")
    effect("add_to_cart", item)
    return 0


cart: Task[Any] = Task(
    "Add every item of the shopping list to the cart. Report how many items you added.",
    name="shopping_cart",
    inputs={"items": list[str]},
    outputs={"added": int},
    actions=[add_to_cart],
)


def cart_reference(inputs: dict[str, Any]) -> Expected:
    items = inputs["items"]
    return Expected([("add_to_cart", i) for i in items], {"added": len(items)})


CART = Case(
    task=cart,
    features=("list input", "whole list", "copy", "count typed"),
    recorded={"items": ["milk", "bread", "eggs"]},
    answers=[
        AIResponse(
            content="I add the three items of the list to the cart.",
            tool_calls=[
                ToolCall("add_to_cart", {"item": "milk"}),
                ToolCall("add_to_cart", {"item": "bread"}),
                ToolCall("add_to_cart", {"item": "eggs"}),
            ],
        ),
        AIResponse(
            content="All three are in the cart.",
            tool_calls=[ToolCall("finish", {"added": 3})],
        ),
    ],
    reference=cart_reference,
    held_out=[
        HeldOut("4 items", {"items": ["butter", "milk", "rice", "coffee"]}),
        HeldOut("1 item", {"items": ["tea"]}),
        HeldOut("empty list", {"items": []}),
        HeldOut("3 other items", {"items": ["apples", "eggs", "bread"]}),
    ],
)

# --------------------------------------------------------------------------- enrolment

COURSES = {"safety-101", "excel-201", "first-aid"}


@action
def enroll(course: str, email: str) -> str:
    """Enroll a person in a course; returns the enrolment id."""
    if course not in COURSES:
        raise LookupError(f"no course {course!r}")
    effect("enroll", course, email)
    return f"{course}:{email}"


enrolment: Task[Any] = Task(
    "Enroll every attendee of the list in the course. Report how many you enrolled.",
    name="enroll_attendees",
    inputs={"course": str, "emails": list[str]},
    outputs={"enrolled": int},
    actions=[enroll],
)


def enrolment_reference(inputs: dict[str, Any]) -> Expected:
    emails = inputs["emails"]
    return Expected([("enroll", inputs["course"], e) for e in emails], {"enrolled": len(emails)})


ENROLMENT = Case(
    task=enrolment,
    features=("list input", "whole list", "$ref", "count typed"),
    recorded={"course": "safety-101", "emails": ["ana@corp.test", "ben@corp.test"]},
    answers=[
        AIResponse(
            content="I enroll both attendees in the course.",
            tool_calls=[
                ToolCall("enroll", {"course": {"$ref": "course"}, "email": {"$ref": "emails.0"}}),
                ToolCall("enroll", {"course": {"$ref": "course"}, "email": {"$ref": "emails.1"}}),
            ],
        ),
        AIResponse(
            content="Both are enrolled.",
            tool_calls=[ToolCall("finish", {"enrolled": 2})],
        ),
    ],
    reference=enrolment_reference,
    held_out=[
        HeldOut(
            "3 attendees, other course",
            {"course": "excel-201", "emails": ["cy@corp.test", "di@corp.test", "ed@corp.test"]},
        ),
        HeldOut("1 attendee", {"course": "first-aid", "emails": ["fay@corp.test"]}),
        HeldOut("nobody", {"course": "safety-101", "emails": []}),
    ],
)

# --------------------------------------------------------------------------- VIP tags

CUSTOMERS: dict[str, list[tuple[str, str, int]]] = {
    "north": [("C-1", "Ana", 14), ("C-2", "Ben", 3), ("C-3", "Cy", 10), ("C-4", "Di", 9)],
    "south": [("C-11", "Ed", 22), ("C-12", "Fay", 31), ("C-13", "Gus", 12), ("C-14", "Hal", 1)],
    "east": [("C-21", "Ivy", 2), ("C-22", "Jo", 9)],
    "west": [],
}


class Customer(BaseModel):
    id: str
    name: str
    orders: int


@action(read_only=True)
def list_customers(region: str) -> list[Customer]:
    """Customers of a sales region, with how many orders each has placed."""
    return [Customer(id=i, name=n, orders=o) for i, n, o in CUSTOMERS[region]]


@action
def tag_customer(customer_id: str, tag: str) -> None:
    """Add a tag to a customer's profile."""
    effect("tag_customer", customer_id, tag)


vip: Task[Any] = Task(
    "Tag every customer of the region who has placed 10 or more orders as vip. Report how many "
    "customers you tagged.",
    name="vip_tags",
    inputs={"region": str},
    outputs={"tagged": int},
    actions=[list_customers, tag_customer],
)


def vip_reference(inputs: dict[str, Any]) -> Expected:
    ids = [i for i, _, o in CUSTOMERS[inputs["region"]] if o >= 10]
    return Expected([("tag_customer", i, "vip") for i in ids], {"tagged": len(ids)})


VIP = Case(
    task=vip,
    features=("computed list", "whole list", "$ref", "count computed"),
    recorded={"region": "north"},
    answers=[
        AIResponse(
            content="I list the region's customers.",
            tool_calls=[ToolCall("list_customers", {"region": {"$ref": "region"}})],
        ),
        AIResponse(
            content="I keep those with 10 or more orders.",
            tool_calls=[
                ToolCall(
                    "compute", {"expression": "[c for c in list_customers_1 if c.orders >= 10]"}
                )
            ],
        ),
        AIResponse(
            content="I tag both of them as vip.",
            tool_calls=[
                ToolCall("tag_customer", {"customer_id": {"$ref": "compute_1.0.id"}, "tag": "vip"}),
                ToolCall("tag_customer", {"customer_id": {"$ref": "compute_1.1.id"}, "tag": "vip"}),
            ],
        ),
        AIResponse(
            content="I count the customers tagged.",
            tool_calls=[ToolCall("compute", {"expression": "len(compute_1)"})],
        ),
        AIResponse(
            content="Done.",
            tool_calls=[ToolCall("finish", {"tagged": {"$ref": "compute_2"}})],
        ),
    ],
    reference=vip_reference,
    held_out=[
        HeldOut("3 of 4", {"region": "south"}),
        HeldOut("none qualifies", {"region": "east"}),
        HeldOut("no customers", {"region": "west"}),
    ],
)

# --------------------------------------------------------------------------- ticket assignment

TICKETS: dict[str, tuple[str, str]] = {
    "T-1": ("payments", "Refund button broken"),
    "T-2": ("search", "Typos return nothing"),
    "T-3": ("payments", "Card declined twice"),
    "T-4": ("mobile", "App crashes on start"),
    "T-5": ("search", "Slow results"),
    "T-6": ("mobile", "Dark mode unreadable"),
}
ON_CALL = {
    "payments": "r.iyer@corp.test",
    "search": "k.osei@corp.test",
    "mobile": "j.berg@corp.test",
}


class Ticket(BaseModel):
    id: str
    team: str
    title: str


@action(read_only=True)
def get_ticket(ticket_id: str) -> Ticket:
    """A support ticket with the team it belongs to."""
    team, title = TICKETS[ticket_id]
    return Ticket(id=ticket_id, team=team, title=title)


@action(read_only=True)
def get_on_call(team: str) -> str:
    """The email of a team's engineer on call this week."""
    return ON_CALL[team]


@action
def assign_ticket(ticket_id: str, engineer: str) -> None:
    """Assign a ticket to an engineer."""
    effect("assign_ticket", ticket_id, engineer)


tickets: Task[Any] = Task(
    "Assign each ticket of the list to the engineer on call for the ticket's team. Report how "
    "many tickets you assigned.",
    name="assign_tickets",
    inputs={"ticket_ids": list[str]},
    outputs={"assigned": int},
    actions=[get_ticket, get_on_call, assign_ticket],
)


def tickets_reference(inputs: dict[str, Any]) -> Expected:
    ids = inputs["ticket_ids"]
    return Expected(
        [("assign_ticket", t, ON_CALL[TICKETS[t][0]]) for t in ids], {"assigned": len(ids)}
    )


def _assign(n: int, ticket: str) -> list[AIResponse]:
    """One ticket, the way the agent goes through it: read it, find its on-call, assign."""
    return [
        AIResponse(
            content=f"I read ticket {ticket}.",
            tool_calls=[ToolCall("get_ticket", {"ticket_id": ticket})],
        ),
        AIResponse(
            content="I look up who is on call for its team.",
            tool_calls=[ToolCall("get_on_call", {"team": {"$ref": f"get_ticket_{n}.team"}})],
        ),
        AIResponse(
            content="I assign the ticket to them.",
            tool_calls=[
                ToolCall(
                    "assign_ticket",
                    {
                        "ticket_id": {"$ref": f"get_ticket_{n}.id"},
                        "engineer": {"$ref": f"get_on_call_{n}"},
                    },
                )
            ],
        ),
    ]


TICKETS_CASE = Case(
    task=tickets,
    features=("list input", "three-step body", "copy", "count typed"),
    recorded={"ticket_ids": ["T-1", "T-4"]},
    answers=[
        *_assign(1, "T-1"),
        *_assign(2, "T-4"),
        AIResponse(
            content="Both tickets are assigned.",
            tool_calls=[ToolCall("finish", {"assigned": 2})],
        ),
    ],
    reference=tickets_reference,
    held_out=[
        HeldOut("3 tickets", {"ticket_ids": ["T-2", "T-3", "T-6"]}),
        HeldOut("1 ticket", {"ticket_ids": ["T-5"]}),
        HeldOut("no tickets", {"ticket_ids": []}),
    ],
)

# --------------------------------------------------------------------------- price changes

PRICES = {"LAMP-1": 24.0, "LAMP-2": 31.5, "DESK-1": 149.0, "CHAIR-1": 89.9, "SHELF-1": 45.0}


class Item(BaseModel):
    sku: str
    price: float


@action(read_only=True)
def get_item(sku: str) -> Item:
    """A catalogue item with its current price."""
    return Item(sku=sku, price=PRICES[sku])


@action
def set_price(sku: str, price: float) -> None:
    """Change an item's price in the catalogue."""
    effect("set_price", sku, price)


prices: Task[Any] = Task(
    "Raise the price of every item in the list by the given percentage, rounded to cents. "
    "Report the new prices, in the order of the list.",
    name="raise_prices",
    inputs={"skus": list[str], "percent": float},
    outputs={"prices": list[float]},
    actions=[get_item, set_price],
)


def prices_reference(inputs: dict[str, Any]) -> Expected:
    new = [round(PRICES[s] * (1 + inputs["percent"] / 100), 2) for s in inputs["skus"]]
    return Expected(
        [("set_price", s, p) for s, p in zip(inputs["skus"], new, strict=True)], {"prices": new}
    )


def _raise_prices_from_start(n: int) -> list[AIResponse]:
    """What an agent does for a list of ``n`` items when the recipe stops at its first step (the
    list is not the recorded one): the recording's steps, for these items."""
    if not n:
        return [say("The list is empty: there is nothing to raise.", "finish", prices=[])]
    return [
        AIResponse(
            content=f"I read the {n} items' current prices.",
            tool_calls=[ToolCall("get_item", {"sku": ref(f"skus.{k}")}) for k in range(n)],
        ),
        say(
            "I compute the raised prices, rounded to cents.",
            "compute",
            expression="[round(i.price * (1 + percent / 100), 2) for i in ["
            + ", ".join(f"get_item_{k + 1}" for k in range(n))
            + "]]",
        ),
        AIResponse(
            content="I set the new prices.",
            tool_calls=[
                ToolCall("set_price", {"sku": ref(f"skus.{k}"), "price": ref(f"compute_1.{k}")})
                for k in range(n)
            ],
        ),
        say("All prices are raised.", "finish", prices=ref("compute_1")),
    ]


PRICES_CASE = Case(
    task=prices,
    features=("list input", "reads batched, then writes", "$ref", "results computed"),
    recorded={"skus": ["LAMP-1", "LAMP-2", "DESK-1"], "percent": 10.0},
    answers=[
        AIResponse(
            content="I read the three items' current prices.",
            tool_calls=[ToolCall("get_item", {"sku": {"$ref": f"skus.{n}"}}) for n in range(3)],
        ),
        AIResponse(
            content="I compute the raised prices, rounded to cents.",
            tool_calls=[
                ToolCall(
                    "compute",
                    {
                        "expression": "[round(i.price * (1 + percent / 100), 2) "
                        "for i in [get_item_1, get_item_2, get_item_3]]"
                    },
                )
            ],
        ),
        AIResponse(
            content="I set the new prices.",
            tool_calls=[
                ToolCall(
                    "set_price", {"sku": {"$ref": f"skus.{n}"}, "price": {"$ref": f"compute_1.{n}"}}
                )
                for n in range(3)
            ],
        ),
        AIResponse(
            content="All three prices are raised.",
            tool_calls=[ToolCall("finish", {"prices": {"$ref": "compute_1"}})],
        ),
    ],
    reference=prices_reference,
    held_out=[
        HeldOut(
            "2 items", {"skus": ["CHAIR-1", "SHELF-1"], "percent": 5.0}, _raise_prices_from_start(2)
        ),
        HeldOut(
            "4 items",
            {"skus": ["SHELF-1", "LAMP-2", "DESK-1", "LAMP-1"], "percent": 10.0},
            _raise_prices_from_start(4),
        ),
        HeldOut("no items", {"skus": [], "percent": 10.0}, _raise_prices_from_start(0)),
    ],
)

CASES = [CART, ENROLMENT, VIP, TICKETS_CASE, PRICES_CASE]
