"""Shopping: create a price alert for a product and say whether it is on sale.

The recorded agent judged "on sale" in its head and typed ``True``: the compiler flags the
constant output, and a held-out product that is not on sale shows why.
"""

from __future__ import annotations

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, HeldOut

PRODUCTS = [
    {"id": "P-31", "name": "Espresso Machine", "price": 340.0, "list_price": 425.0},
    {"id": "P-32", "name": "Milk Frother", "price": 45.0, "list_price": 60.0},
    {"id": "P-33", "name": "Burr Grinder", "price": 119.0, "list_price": 129.0},
    {"id": "P-34", "name": "Kettle", "price": 24.0, "list_price": 40.0},
    {"id": "P-35", "name": "Scale", "price": 30.0, "list_price": 36.0},
]
ALERTS: list[tuple[str, str]] = []


class Product(BaseModel):
    id: str
    name: str
    price: float
    list_price: float


class PricePoint(BaseModel):
    day: str
    price: float


@action(read_only=True)
def find_product(name: str) -> Product:
    """A product by its exact name."""
    for p in PRODUCTS:
        if p["name"] == name:
            return Product(**p)
    raise LookupError(f"no product named {name!r}")


@action(read_only=True)
def price_history(product_id: str) -> list[PricePoint]:
    """Prices of the last days."""
    return [PricePoint(day="2025-03-01", price=1.0)]


@action
def create_alert(product_id: str, message: str) -> str:
    """Create a price alert; returns its id."""
    ALERTS.append((product_id, message))
    return f"AL-{product_id}"


task = Task(
    "Compute the product's discount from its list price in percent (one decimal), say whether "
    "it is on sale (a discount of at least threshold_pct), and create a price alert with a "
    "message giving the discount. Report the discount, on_sale and the alert id.",
    name="price_alert",
    inputs={"product_name": str, "threshold_pct": float},
    outputs={"discount_pct": float, "on_sale": bool, "alert": str},
    actions=[find_product, price_history, create_alert],
)

MOCKS = [
    AIResponse(
        content="Finding the product.",
        tool_calls=[ToolCall("find_product", {"name": "espresso machine"})],
    ),
    AIResponse(
        content="Names are exact; retrying.",
        tool_calls=[ToolCall("find_product", {"name": "Espresso Machine"})],
    ),
    AIResponse(
        content="Looking at the price history too.",
        tool_calls=[ToolCall("price_history", {"product_id": "P-31"})],
    ),
    AIResponse(
        content="The discount in percent, and the alert message.",
        tool_calls=[
            ToolCall(
                "compute",
                {
                    "expression": "round(100 * (1 - find_product_1.price "
                    "/ find_product_1.list_price), 1)"
                },
            ),
            ToolCall("compute", {"expression": 'f"{product_name} is {compute_1}% off"'}),
        ],
    ),
    AIResponse(
        content="Creating the alert.",
        tool_calls=[
            ToolCall("create_alert", {"product_id": "P-31", "message": {"$ref": "compute_2"}})
        ],
    ),
    AIResponse(
        content="20% is above the 15% threshold, so it is on sale.",
        tool_calls=[
            ToolCall(
                "finish",
                {
                    "discount_pct": {"$ref": "compute_1"},
                    "on_sale": True,
                    "alert": {"$ref": "create_alert_1"},
                },
            )
        ],
    ),
]

CASE = Case(
    task=task,
    recorded={"product_name": "Espresso Machine", "threshold_pct": 15.0},
    mocks=MOCKS,
    held_out=[
        HeldOut(
            {"product_name": "Milk Frother", "threshold_pct": 20.0},
            {"discount_pct": 25.0, "on_sale": True, "alert": "AL-P-32"},
        ),
        HeldOut(
            {"product_name": "Burr Grinder", "threshold_pct": 10.0},
            {"discount_pct": 7.8, "on_sale": False, "alert": "AL-P-33"},
        ),
        HeldOut(
            {"product_name": "Kettle", "threshold_pct": 30.0},
            {"discount_pct": 40.0, "on_sale": True, "alert": "AL-P-34"},
        ),
        HeldOut(
            {"product_name": "Scale", "threshold_pct": 15.0},
            {"discount_pct": 16.7, "on_sale": True, "alert": "AL-P-35"},
        ),
    ],
)
