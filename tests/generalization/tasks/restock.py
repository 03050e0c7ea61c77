"""Inventory: order enough of a product from its supplier to reach a target stock level."""

from __future__ import annotations

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, HeldOut

PRODUCTS = [
    {"sku": "SKU-200", "name": "Desk lamp", "stock": 12, "supplier_id": "SUP-7", "unit_cost": 4.3},
    {"sku": "SKU-201", "name": "Stapler", "stock": 3, "supplier_id": "SUP-3", "unit_cost": 2.5},
    {
        "sku": "SKU-202",
        "name": "Monitor arm",
        "stock": 40,
        "supplier_id": "SUP-7",
        "unit_cost": 21.0,
    },
    {
        "sku": "SKU-203",
        "name": "Notebook A5",
        "stock": 150,
        "supplier_id": "SUP-9",
        "unit_cost": 0.8,
    },
    {"sku": "SKU-204", "name": "Cable tray", "stock": 0, "supplier_id": "SUP-3", "unit_cost": 7.25},
]
SUPPLIERS = [
    {"id": "SUP-3", "name": "Office Direct", "email": "orders@officedirect.test", "min_order": 10},
    {"id": "SUP-7", "name": "Lumen & Co", "email": "sales@lumen.test", "min_order": 20},
    {"id": "SUP-9", "name": "Paperworks", "email": "po@paperworks.test", "min_order": 100},
]


class Product(BaseModel):
    sku: str
    name: str
    stock: int
    supplier_id: str
    unit_cost: float


class Supplier(BaseModel):
    id: str
    name: str
    email: str
    min_order: int


class PurchaseOrder(BaseModel):
    order_id: str
    sku: str
    quantity: int
    total_cost: float


@action(read_only=True)
def get_product(sku: str) -> Product:
    """A product by SKU, with its stock and supplier."""
    return Product(**next(p for p in PRODUCTS if p["sku"] == sku))


@action(read_only=True)
def get_supplier(supplier_id: str) -> Supplier:
    """A supplier, with its minimum order quantity."""
    return Supplier(**next(s for s in SUPPLIERS if s["id"] == supplier_id))


@action(read_only=True)
def list_warehouses() -> list[str]:
    """Our warehouses."""
    return ["Hamburg", "Leipzig"]


@action
def place_order(supplier_id: str, sku: str, quantity: int) -> PurchaseOrder:
    """Order units of a product from a supplier."""
    product = get_product.fn(sku)
    cost = round(quantity * product.unit_cost, 2)
    return PurchaseOrder(
        order_id=f"PO-{sku}-{quantity}", sku=sku, quantity=quantity, total_cost=cost
    )


task = Task(
    "Order the product from its supplier so that its stock reaches target_level, ordering at "
    "least the supplier's minimum order quantity. Report the order id, the quantity ordered and "
    "the order's cost.",
    name="restock",
    inputs={"sku": str, "target_level": int},
    outputs={"order_id": str, "quantity": int, "cost": float},
    actions=[get_product, get_supplier, list_warehouses, place_order],
)

MOCKS = [
    AIResponse(
        content="Checking the product's stock and supplier.",
        tool_calls=[ToolCall("get_product", {"sku": "SKU-200"})],
    ),
    AIResponse(
        content="Looking up the supplier's minimum order, and our warehouses.",
        tool_calls=[
            ToolCall("get_supplier", {"supplier_id": "SUP-7"}),
            ToolCall("list_warehouses", {}),
        ],
    ),
    AIResponse(
        content="Quantity: what reaches the target, but at least the minimum order.",
        tool_calls=[
            ToolCall(
                "compute",
                {"expression": "max(target_level - get_product_1.stock, get_supplier_1.min_order)"},
            )
        ],
    ),
    AIResponse(
        content="Placing the order.",
        tool_calls=[
            ToolCall(
                "place_order", {"supplier_id": "SUP-7", "sku": "SKU-200", "quantity": "38 units"}
            )
        ],
    ),
    AIResponse(
        content="The quantity must be a number.",
        tool_calls=[
            ToolCall(
                "place_order",
                {"supplier_id": "SUP-7", "sku": "SKU-200", "quantity": {"$ref": "compute_1"}},
            )
        ],
    ),
    AIResponse(
        content="Reporting the order.",
        tool_calls=[
            ToolCall(
                "finish",
                {"order_id": "PO-SKU-200-38", "quantity": {"$ref": "compute_1"}, "cost": 163.4},
            )
        ],
    ),
]

CASE = Case(
    task=task,
    recorded={"sku": "SKU-200", "target_level": 50},
    mocks=MOCKS,
    held_out=[
        HeldOut(
            {"sku": "SKU-201", "target_level": 30},
            {"order_id": "PO-SKU-201-27", "quantity": 27, "cost": 67.5},
        ),
        HeldOut(
            {"sku": "SKU-202", "target_level": 45},
            {"order_id": "PO-SKU-202-20", "quantity": 20, "cost": 420.0},
        ),
        HeldOut(
            {"sku": "SKU-203", "target_level": 400},
            {"order_id": "PO-SKU-203-250", "quantity": 250, "cost": 200.0},
        ),
        HeldOut(
            {"sku": "SKU-204", "target_level": 8},
            {"order_id": "PO-SKU-204-10", "quantity": 10, "cost": 72.5},
        ),
    ],
)
