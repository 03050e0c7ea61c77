"""Logistics: create a shipping label for an order with the right carrier.

The recorded agent picked the first carrier of the list (it happened to be the right one) and
typed its code: the compiler keeps that literal, flags the list position and the constant
output, and a held-out order to another country shows why.
"""

from __future__ import annotations

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, HeldOut

ORDERS = [
    {"id": "O-5001", "customer": "Lena Park", "address_id": "A-77", "weights": [1.2, 0.4, 0.8]},
    {"id": "O-5002", "customer": "Tom Berg", "address_id": "A-78", "weights": [3.5]},
    {"id": "O-5003", "customer": "Ines Roth", "address_id": "A-79", "weights": [0.25, 0.25]},
    {"id": "O-5004", "customer": "Marc Dubois", "address_id": "A-80", "weights": [2.0, 1.1]},
    {"id": "O-5005", "customer": "Eva Klein", "address_id": "A-81", "weights": [12.0]},
]
ADDRESSES = [
    {"id": "A-77", "line": "Hauptstr. 5", "city": "Berlin", "country": "DE"},
    {"id": "A-78", "line": "Ringweg 12", "city": "Hamburg", "country": "DE"},
    {"id": "A-79", "line": "Marktplatz 1", "city": "Leipzig", "country": "DE"},
    {"id": "A-80", "line": "12 rue Oberkampf", "city": "Paris", "country": "FR"},
    {"id": "A-81", "line": "Domgasse 3", "city": "Köln", "country": "DE"},
]
CARRIERS = {
    "DE": [
        {"code": "DHL", "max_weight_kg": 31.5, "price": 5.49},
        {"code": "HERMES", "max_weight_kg": 25.0, "price": 4.95},
        {"code": "DPD", "max_weight_kg": 31.5, "price": 6.2},
    ],
    "FR": [
        {"code": "COLISSIMO", "max_weight_kg": 30.0, "price": 7.1},
        {"code": "DHL", "max_weight_kg": 31.5, "price": 9.9},
    ],
}


class Order(BaseModel):
    id: str
    customer: str
    address_id: str
    weights: list[float]


class Address(BaseModel):
    id: str
    line: str
    city: str
    country: str


class Carrier(BaseModel):
    code: str
    max_weight_kg: float
    price: float


class Label(BaseModel):
    tracking: str
    carrier: str


@action(read_only=True)
def get_order(order_id: str) -> Order:
    """An order, with the weight of each parcel item in kg."""
    return Order(**next(o for o in ORDERS if o["id"] == order_id))


@action(read_only=True)
def get_address(address_id: str) -> Address:
    """A delivery address."""
    return Address(**next(a for a in ADDRESSES if a["id"] == address_id))


@action(read_only=True)
def list_carriers(country: str) -> list[Carrier]:
    """Carriers that deliver in a country, the preferred (contracted) one first."""
    return [Carrier(**c) for c in CARRIERS[country]]


@action(read_only=True)
def get_order_history(customer: str) -> list[str]:
    """Earlier order ids of a customer."""
    return [o["id"] for o in ORDERS if o["customer"] == customer]


@action
def create_label(order_id: str, carrier: str, address_line: str, weight_kg: float) -> Label:
    """Create a shipping label; returns its tracking number."""
    return Label(tracking=f"{carrier}-{order_id}-{round(weight_kg * 1000)}g", carrier=carrier)


task = Task(
    "Create a shipping label for the order with the preferred carrier for the delivery country "
    "(the first one listed), addressed to the street line and city, with the parcel's total "
    "weight. Report the tracking number, the carrier and the weight.",
    name="shipping",
    inputs={"order_id": str},
    outputs={"tracking": str, "carrier": str, "weight_kg": float},
    actions=[get_order, get_address, list_carriers, get_order_history, create_label],
)

MOCKS = [
    AIResponse(
        content="Reading the order.", tool_calls=[ToolCall("get_order", {"order_id": "O-5001"})]
    ),
    AIResponse(
        content="The delivery address, and the customer's history.",
        tool_calls=[
            ToolCall("get_address", {"address_id": "A-77"}),
            ToolCall("get_order_history", {"customer": "Lena Park"}),
        ],
    ),
    AIResponse(
        content="Carriers for Germany, and the parcel weight.",
        tool_calls=[
            ToolCall("list_carriers", {"country": "DE"}),
            ToolCall("compute", {"expression": "round(sum(get_order_1.weights), 2)"}),
        ],
    ),
    AIResponse(
        content="DHL is listed first; creating the label.",
        tool_calls=[
            ToolCall(
                "create_label",
                {
                    "order_id": "O-5001",
                    "carrier": "DHL",
                    "address_line": "Hauptstr. 5, Berlin",
                    "weight_kg": "2.4 kg",
                },
            )
        ],
    ),
    AIResponse(
        content="The weight must be a number.",
        tool_calls=[
            ToolCall(
                "create_label",
                {
                    "order_id": "O-5001",
                    "carrier": "DHL",
                    "address_line": "Hauptstr. 5, Berlin",
                    "weight_kg": {"$ref": "compute_1"},
                },
            )
        ],
    ),
    AIResponse(
        content="Label created.",
        tool_calls=[
            ToolCall(
                "finish",
                {
                    "tracking": "DHL-O-5001-2400g",
                    "carrier": "DHL",
                    "weight_kg": {"$ref": "compute_1"},
                },
            )
        ],
    ),
]

CASE = Case(
    task=task,
    recorded={"order_id": "O-5001"},
    mocks=MOCKS,
    held_out=[
        HeldOut(
            {"order_id": "O-5002"},
            {"tracking": "DHL-O-5002-3500g", "carrier": "DHL", "weight_kg": 3.5},
        ),
        HeldOut(
            {"order_id": "O-5003"},
            {"tracking": "DHL-O-5003-500g", "carrier": "DHL", "weight_kg": 0.5},
        ),
        HeldOut(
            {"order_id": "O-5004"},
            {"tracking": "COLISSIMO-O-5004-3100g", "carrier": "COLISSIMO", "weight_kg": 3.1},
        ),
        HeldOut(
            {"order_id": "O-5005"},
            {"tracking": "DHL-O-5005-12000g", "carrier": "DHL", "weight_kg": 12.0},
        ),
    ],
)
