"""Orders and warehouses: shipping with collected tracking numbers, manager approval (a decision
recorded on its True side), reserving an order's lines (a loop over a field of a result),
reordering (a decision recorded on its False side, which changes nothing), cancelling by carrier
(a filter by an input), booking the cheapest carrier (a pick the model made in its head) and
buying an item or backordering it (the other branch is an action that raises)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, Expected, HeldOut, effect, ref, say

# --------------------------------------------------------------------------- shipping

READY: dict[str, list[tuple[str, str]]] = {
    "Leeds": [("O-17", "York"), ("O-18", "Hull")],
    "Bremen": [("O-31", "Kiel"), ("O-33", "Celle"), ("O-34", "Verden")],
    "Lyon": [("O-52", "Nice")],
    "Porto": [],
}


class ReadyOrder(BaseModel):
    id: str
    destination: str


@action(read_only=True)
def list_ready_orders(warehouse: str) -> list[ReadyOrder]:
    """Orders packed and ready to ship from a warehouse, oldest first."""
    return [ReadyOrder(id=i, destination=d) for i, d in READY[warehouse]]


@action
def ship(order_id: str) -> str:
    """Hand an order to the carrier; returns its tracking number."""
    effect("ship", order_id)
    return f"TRK-{order_id[2:]}-{len(order_id) * 7}"


shipping: Task[Any] = Task(
    "Ship every order that is ready in the warehouse and return the tracking numbers, in order.",
    name="ship_ready",
    inputs={"warehouse": str},
    outputs={"tracking": list[str]},
    actions=[list_ready_orders, ship],
)


def shipping_reference(inputs: dict[str, Any]) -> Expected:
    ids = [i for i, _ in READY[inputs["warehouse"]]]
    return Expected(
        [("ship", i) for i in ids], {"tracking": [f"TRK-{i[2:]}-{len(i) * 7}" for i in ids]}
    )


SHIPPING = Case(
    task=shipping,
    features=("action result", "whole list", "$ref", "results collected"),
    recorded={"warehouse": "Leeds"},
    answers=[
        AIResponse(
            content="I list the orders ready in the warehouse.",
            tool_calls=[ToolCall("list_ready_orders", {"warehouse": {"$ref": "warehouse"}})],
        ),
        AIResponse(
            content="Two orders are ready; I ship both.",
            tool_calls=[
                ToolCall("ship", {"order_id": {"$ref": "list_ready_orders_1.0.id"}}),
                ToolCall("ship", {"order_id": {"$ref": "list_ready_orders_1.1.id"}}),
            ],
        ),
        AIResponse(
            content="Both shipped; here are their tracking numbers.",
            tool_calls=[ToolCall("finish", {"tracking": [{"$ref": "ship_1"}, {"$ref": "ship_2"}]})],
        ),
    ],
    reference=shipping_reference,
    held_out=[
        HeldOut("3 ready", {"warehouse": "Bremen"}),
        HeldOut("1 ready", {"warehouse": "Lyon"}),
        HeldOut("none ready", {"warehouse": "Porto"}),
    ],
)

# --------------------------------------------------------------------------- approvals

ORDERS: dict[str, tuple[str, float]] = {
    "SO-1": ("Acme", 250.0),
    "SO-2": ("Acme", 50.0),
    "SO-3": ("Birch", 310.5),
    "SO-4": ("Cobalt", 100.0),
}


class SalesOrder(BaseModel):
    id: str
    customer: str
    total: float


@action(read_only=True)
def get_order(order_id: str) -> SalesOrder:
    """A sales order with its total."""
    customer, total = ORDERS[order_id]
    return SalesOrder(id=order_id, customer=customer, total=total)


@action
def request_approval(order_id: str) -> str:
    """Ask a manager to approve an order; returns the approval request's id."""
    effect("request_approval", order_id)
    return f"apr-{order_id}"


approvals: Task[Any] = Task(
    "If the order's total is over 100, ask a manager to approve it. Report whether approval was "
    "needed.",
    name="approvals",
    inputs={"order_id": str},
    outputs={"needed": bool},
    actions=[get_order, request_approval],
)


def approvals_reference(inputs: dict[str, Any]) -> Expected:
    oid = inputs["order_id"]
    needed = ORDERS[oid][1] > 100
    return Expected([("request_approval", oid)] if needed else [], {"needed": needed})


APPROVALS = Case(
    task=approvals,
    features=("decision recorded True",),
    recorded={"order_id": "SO-1"},
    answers=[
        AIResponse(
            content="I look up the order.",
            tool_calls=[ToolCall("get_order", {"order_id": {"$ref": "order_id"}})],
        ),
        AIResponse(
            content="I check whether its total is over 100.",
            tool_calls=[ToolCall("compute", {"expression": "get_order_1.total > 100"})],
        ),
        AIResponse(
            content="It is (250), so I ask a manager to approve it.",
            tool_calls=[ToolCall("request_approval", {"order_id": {"$ref": "get_order_1.id"}})],
        ),
        AIResponse(
            content="Approval requested.",
            tool_calls=[ToolCall("finish", {"needed": {"$ref": "compute_1"}})],
        ),
    ],
    reference=approvals_reference,
    held_out=[
        HeldOut(
            "50: other branch",
            {"order_id": "SO-2"},
            [
                say(
                    "The total is not over 100: no approval is needed.",
                    "finish",
                    needed=ref("needed"),
                )
            ],
        ),
        HeldOut("310.5: same branch", {"order_id": "SO-3"}),
        HeldOut(
            "exactly 100",
            {"order_id": "SO-4"},
            [say("100 is not over 100: no approval is needed.", "finish", needed=ref("needed"))],
        ),
    ],
)

# --------------------------------------------------------------------------- reserve lines

ORDER_LINES: dict[str, list[tuple[str, int]]] = {
    "PO-7": [("BOLT-M6", 40), ("NUT-M6", 40), ("WASHER-6", 80)],
    "PO-8": [("HINGE-S", 4), ("SCREW-3x16", 24)],
    "PO-9": [("PANEL-A", 1), ("PANEL-B", 1), ("PANEL-C", 2), ("FRAME-L", 1), ("FRAME-R", 1)],
    "PO-10": [],
}


class OrderLine(BaseModel):
    sku: str
    qty: int


class PurchaseOrder(BaseModel):
    id: str
    lines: list[OrderLine]


@action(read_only=True)
def get_purchase_order(order_id: str) -> PurchaseOrder:
    """A purchase order with its lines."""
    lines = [OrderLine(sku=s, qty=q) for s, q in ORDER_LINES[order_id]]
    return PurchaseOrder(id=order_id, lines=lines)


@action
def reserve_stock(sku: str, quantity: int) -> str:
    """Reserve stock of a product for picking; returns the reservation id."""
    effect("reserve_stock", sku, quantity)
    return f"res-{sku}"


reserve: Task[Any] = Task(
    "Reserve stock for every line of the purchase order (its product and quantity). Report how "
    "many lines you reserved.",
    name="reserve_lines",
    inputs={"order_id": str},
    outputs={"reserved": int},
    actions=[get_purchase_order, reserve_stock],
)


def reserve_reference(inputs: dict[str, Any]) -> Expected:
    lines = ORDER_LINES[inputs["order_id"]]
    return Expected([("reserve_stock", s, q) for s, q in lines], {"reserved": len(lines)})


RESERVE = Case(
    task=reserve,
    features=("field of a result", "whole list", "$ref", "two arguments per item", "count typed"),
    recorded={"order_id": "PO-7"},
    answers=[
        AIResponse(
            content="I read the purchase order.",
            tool_calls=[ToolCall("get_purchase_order", {"order_id": {"$ref": "order_id"}})],
        ),
        AIResponse(
            content="It has three lines; I reserve stock for each.",
            tool_calls=[
                ToolCall(
                    "reserve_stock",
                    {
                        "sku": {"$ref": f"get_purchase_order_1.lines.{n}.sku"},
                        "quantity": {"$ref": f"get_purchase_order_1.lines.{n}.qty"},
                    },
                )
                for n in range(3)
            ],
        ),
        AIResponse(
            content="All three lines are reserved.",
            tool_calls=[ToolCall("finish", {"reserved": 3})],
        ),
    ],
    reference=reserve_reference,
    held_out=[
        HeldOut("2 lines", {"order_id": "PO-8"}),
        HeldOut("5 lines", {"order_id": "PO-9"}),
        HeldOut("no lines", {"order_id": "PO-10"}),
    ],
)

# --------------------------------------------------------------------------- reorder

STOCK: dict[str, tuple[int, int, int]] = {
    # sku: (stock, reorder level, reorder quantity)
    "TEA-GREEN": (140, 50, 200),
    "TEA-BLACK": (12, 40, 150),
    "TEA-MINT": (75, 30, 100),
    "TEA-CHAI": (30, 30, 90),
}


class Product(BaseModel):
    sku: str
    stock: int
    reorder_level: int
    reorder_quantity: int


@action(read_only=True)
def get_product(sku: str) -> Product:
    """A product's stock, reorder level and reorder quantity."""
    stock, level, quantity = STOCK[sku]
    return Product(sku=sku, stock=stock, reorder_level=level, reorder_quantity=quantity)


@action
def place_purchase_order(sku: str, quantity: int) -> str:
    """Order more of a product from its supplier; returns the purchase order's id."""
    effect("place_purchase_order", sku, quantity)
    return f"po-{sku}"


reorder: Task[Any] = Task(
    "Check the product's stock: if it is below the product's reorder level, place a purchase "
    "order for its reorder quantity. Report whether you ordered.",
    name="reorder_check",
    inputs={"sku": str},
    outputs={"ordered": bool},
    actions=[get_product, place_purchase_order],
)


def reorder_reference(inputs: dict[str, Any]) -> Expected:
    sku = inputs["sku"]
    stock, level, quantity = STOCK[sku]
    if stock < level:
        return Expected([("place_purchase_order", sku, quantity)], {"ordered": True})
    return Expected([], {"ordered": False})


REORDER = Case(
    task=reorder,
    features=("decision recorded False", "recorded side changes nothing"),
    recorded={"sku": "TEA-GREEN"},
    answers=[
        AIResponse(
            content="I look up the product's stock.",
            tool_calls=[ToolCall("get_product", {"sku": {"$ref": "sku"}})],
        ),
        AIResponse(
            content="I check whether the stock is below the reorder level.",
            tool_calls=[
                ToolCall(
                    "compute", {"expression": "get_product_1.stock < get_product_1.reorder_level"}
                )
            ],
        ),
        AIResponse(
            content="It is not (140 in stock, level 50), so there is nothing to order.",
            tool_calls=[ToolCall("finish", {"ordered": {"$ref": "compute_1"}})],
        ),
    ],
    reference=reorder_reference,
    held_out=[
        HeldOut(
            "below level: other branch",
            {"sku": "TEA-BLACK"},
            [
                say(
                    "The stock is below the reorder level; I order the reorder quantity.",
                    "place_purchase_order",
                    sku=ref("sku"),
                    quantity=ref("product.reorder_quantity"),
                ),
                say("Ordered.", "finish", ordered=ref("ordered")),
            ],
        ),
        HeldOut("above level, same branch", {"sku": "TEA-MINT"}),
        HeldOut("exactly at level", {"sku": "TEA-CHAI"}),
    ],
)

# --------------------------------------------------------------------------- cancel by carrier

PENDING: dict[str, list[tuple[str, str]]] = {
    "Leeds": [("S-11", "UPS"), ("S-12", "DHL"), ("S-13", "UPS"), ("S-15", "DHL"), ("S-16", "GLS")],
    "Bremen": [("S-21", "DHL"), ("S-22", "DHL"), ("S-23", "DHL")],
    "Lyon": [("S-31", "UPS")],
}


class Shipment(BaseModel):
    id: str
    carrier: str


@action(read_only=True)
def list_pending_shipments(warehouse: str) -> list[Shipment]:
    """Shipments of a warehouse not yet picked up, with their carrier."""
    return [Shipment(id=i, carrier=c) for i, c in PENDING[warehouse]]


@action
def cancel_shipment(shipment_id: str) -> str:
    """Cancel a pending shipment; returns its new status."""
    effect("cancel_shipment", shipment_id)
    return "cancelled"


cancel: Task[Any] = Task(
    "The carrier has stopped service: cancel every pending shipment of the warehouse that goes "
    "with that carrier. Report how many you cancelled.",
    name="cancel_by_carrier",
    inputs={"warehouse": str, "carrier": str},
    outputs={"cancelled": int},
    actions=[list_pending_shipments, cancel_shipment],
)


def cancel_reference(inputs: dict[str, Any]) -> Expected:
    ids = [i for i, c in PENDING[inputs["warehouse"]] if c == inputs["carrier"]]
    return Expected([("cancel_shipment", i) for i in ids], {"cancelled": len(ids)})


CANCEL = Case(
    task=cancel,
    features=("action result", "filter: equal to an input", "copy", "count typed"),
    recorded={"warehouse": "Leeds", "carrier": "DHL"},
    answers=[
        AIResponse(
            content="I list the warehouse's pending shipments.",
            tool_calls=[ToolCall("list_pending_shipments", {"warehouse": {"$ref": "warehouse"}})],
        ),
        AIResponse(
            content="S-12 and S-15 go with DHL; I cancel them.",
            tool_calls=[
                ToolCall("cancel_shipment", {"shipment_id": "S-12"}),
                ToolCall("cancel_shipment", {"shipment_id": "S-15"}),
            ],
        ),
        AIResponse(
            content="Two shipments cancelled.",
            tool_calls=[ToolCall("finish", {"cancelled": 2})],
        ),
    ],
    reference=cancel_reference,
    held_out=[
        HeldOut("other carrier (UPS)", {"warehouse": "Leeds", "carrier": "UPS"}),
        HeldOut("other warehouse, all DHL", {"warehouse": "Bremen", "carrier": "DHL"}),
        HeldOut("carrier with none", {"warehouse": "Lyon", "carrier": "DHL"}),
    ],
)

# --------------------------------------------------------------------------- cheapest carrier

QUOTES: dict[str, list[tuple[str, float]]] = {
    "Leeds-York": [("FastFreight", 18.0), ("RoadRunner", 12.5), ("Parcelo", 14.0)],
    "Leeds-Hull": [("FastFreight", 11.0), ("RoadRunner", 13.5), ("Parcelo", 16.0)],
    "Leeds-Bath": [("FastFreight", 21.0), ("RoadRunner", 12.5), ("Parcelo", 19.0)],
    "Leeds-Ely": [("Parcelo", 9.5), ("RoadRunner", 12.5)],
}


class Quote(BaseModel):
    carrier: str
    price: float


@action(read_only=True)
def get_quotes(route: str) -> list[Quote]:
    """Carriers' prices for a route."""
    return [Quote(carrier=c, price=p) for c, p in QUOTES[route]]


@action
def book_carrier(route: str, carrier: str) -> str:
    """Book a carrier for a route; returns the booking id."""
    effect("book_carrier", route, carrier)
    return f"bk-{carrier}"


cheapest: Task[Any] = Task(
    "Book the cheapest carrier for the route and report which carrier you booked and its price.",
    name="book_cheapest",
    inputs={"route": str},
    outputs={"carrier": str, "price": float},
    actions=[get_quotes, book_carrier],
)


def cheapest_reference(inputs: dict[str, Any]) -> Expected:
    route = inputs["route"]
    carrier, price = min(QUOTES[route], key=lambda q: q[1])
    return Expected([("book_carrier", route, carrier)], {"carrier": carrier, "price": price})


CHEAPEST_FALLBACK = [
    say(
        "I pick the cheapest carrier of the quotes.",
        "compute",
        expression="min((q.price, q.carrier) for q in quotes)[1]",
    ),
    say("And its price.", "compute", expression="min(q.price for q in quotes)"),
    say("I book it.", "book_carrier", route=ref("route"), carrier=ref("compute_1")),
    say("Booked.", "finish", carrier=ref("compute_1"), price=ref("compute_2")),
]
"""What an agent does once the recipe stops because the quotes changed: it picks the cheapest
in ``compute`` this time (the way the system prompt asks), so the bridge repeats the pick."""

CHEAPEST = Case(
    task=cheapest,
    features=("pick made in the head", "copy", "unexplained value"),
    recorded={"route": "Leeds-York"},
    answers=[
        AIResponse(
            content="I get the carriers' quotes for the route.",
            tool_calls=[ToolCall("get_quotes", {"route": {"$ref": "route"}})],
        ),
        AIResponse(
            content="RoadRunner is the cheapest at 12.50; I book it.",
            tool_calls=[
                ToolCall("book_carrier", {"route": {"$ref": "route"}, "carrier": "RoadRunner"})
            ],
        ),
        AIResponse(
            content="Booked.",
            tool_calls=[
                ToolCall(
                    "finish",
                    {
                        "carrier": {"$ref": "get_quotes_1.1.carrier"},
                        "price": {"$ref": "get_quotes_1.1.price"},
                    },
                )
            ],
        ),
    ],
    reference=cheapest_reference,
    held_out=[
        HeldOut("another carrier is cheapest", {"route": "Leeds-Hull"}, CHEAPEST_FALLBACK),
        HeldOut("same carrier cheapest", {"route": "Leeds-Bath"}, CHEAPEST_FALLBACK),
        HeldOut("shorter list, other cheapest", {"route": "Leeds-Ely"}, CHEAPEST_FALLBACK),
    ],
)

# --------------------------------------------------------------------------- one pickup for all

PARCELS: dict[str, list[tuple[str, float]]] = {
    "north": [("P-1", 2.5), ("P-2", 0.8), ("P-3", 12.0)],
    "south": [("P-11", 4.0), ("P-12", 1.25)],
    "east": [("P-21", 3.0), ("P-22", 3.0), ("P-23", 7.5), ("P-24", 0.5)],
    "west": [("P-31", 9.9)],
}


class Parcel(BaseModel):
    id: str
    kg: float


@action(read_only=True)
def list_parcels(depot: str) -> list[Parcel]:
    """Parcels waiting for pickup at a depot, with their weight in kg."""
    return [Parcel(id=i, kg=w) for i, w in PARCELS[depot]]


class PickupItem(BaseModel):
    parcel: str
    kg: float


@action
def request_pickup(depot: str, items: list[PickupItem]) -> str:
    """Ask the carrier to collect parcels from a depot in one pickup; returns the pickup id."""
    effect("request_pickup", depot, tuple((i.parcel, i.kg) for i in items))
    return f"pk-{depot}-{len(items)}"


pickup: Task[Any] = Task(
    "Request one pickup for all the parcels waiting at the depot, listing each parcel with its "
    "weight, in order. Report the pickup id.",
    name="pickup_request",
    inputs={"depot": str},
    outputs={"pickup": str},
    actions=[list_parcels, request_pickup],
)


def pickup_reference(inputs: dict[str, Any]) -> Expected:
    depot = inputs["depot"]
    items = tuple(PARCELS[depot])
    return Expected([("request_pickup", depot, items)], {"pickup": f"pk-{depot}-{len(items)}"})


PICKUP = Case(
    task=pickup,
    features=("action result", "whole list", "$ref inside a list of objects", "one call for all"),
    recorded={"depot": "north"},
    answers=[
        AIResponse(
            content="I list the parcels waiting at the depot.",
            tool_calls=[ToolCall("list_parcels", {"depot": {"$ref": "depot"}})],
        ),
        AIResponse(
            content="I request one pickup for the three parcels.",
            tool_calls=[
                ToolCall(
                    "request_pickup",
                    {
                        "depot": {"$ref": "depot"},
                        "items": [
                            {
                                "parcel": {"$ref": f"list_parcels_1.{n}.id"},
                                "kg": {"$ref": f"list_parcels_1.{n}.kg"},
                            }
                            for n in range(3)
                        ],
                    },
                )
            ],
        ),
        AIResponse(
            content="The pickup is booked.",
            tool_calls=[ToolCall("finish", {"pickup": {"$ref": "request_pickup_1"}})],
        ),
    ],
    reference=pickup_reference,
    held_out=[
        HeldOut("2 parcels", {"depot": "south"}),
        HeldOut("4 parcels", {"depot": "east"}),
        HeldOut("1 parcel", {"depot": "west"}),
    ],
)

# --------------------------------------------------------------------------- buy or backorder

INVENTORY: dict[str, int] = {"KETTLE": 5, "TOASTER": 0, "MUG": 12, "GRINDER": 0}


class OutOfStock(Exception):
    """The item cannot be bought now: none is in stock."""


@action(read_only=True)
def check_stock(item: str) -> int:
    """Units of an item in stock."""
    return INVENTORY[item]


@action
def buy(item: str) -> str:
    """Buy one unit of an item from stock; returns the purchase reference. Raises OutOfStock
    when none is in stock."""
    if INVENTORY[item] <= 0:
        raise OutOfStock(f"{item} is out of stock")
    effect("buy", item)
    return f"P-{item}"


@action
def backorder(item: str) -> str:
    """Order an item from the supplier, to ship when it arrives; returns the backorder
    reference."""
    effect("backorder", item)
    return f"B-{item}"


stock: Task[Any] = Task(
    "Buy the item if it is in stock, otherwise backorder it. Return the purchase or backorder "
    "reference.",
    name="buy_or_backorder",
    inputs={"item": str},
    outputs={"reference": str},
    actions=[check_stock, buy, backorder],
)


def stock_reference(inputs: dict[str, Any]) -> Expected:
    item = inputs["item"]
    if INVENTORY[item] > 0:
        return Expected([("buy", item)], {"reference": f"P-{item}"})
    return Expected([("backorder", item)], {"reference": f"B-{item}"})


BACKORDER = [
    say("There is none to buy; I backorder the item instead.", "backorder", item=ref("item")),
    say("Backordered.", "finish", reference=ref("backorder_1")),
]
"""What an agent does once ``buy`` raised ``OutOfStock``."""

STOCK_CASE = Case(
    task=stock,
    features=("decision made by an action that raises", "bridge: try/except"),
    recorded={"item": "KETTLE"},
    answers=[
        say("I check the item's stock.", "check_stock", item=ref("item")),
        say("5 are in stock, so I buy it.", "buy", item=ref("item")),
        say("Bought.", "finish", reference=ref("buy_1")),
    ],
    reference=stock_reference,
    held_out=[
        HeldOut("out of stock: other branch", {"item": "TOASTER"}, BACKORDER),
        HeldOut("in stock, same branch", {"item": "MUG"}),
        HeldOut("another out of stock", {"item": "GRINDER"}, BACKORDER),
    ],
)

CASES = [SHIPPING, APPROVALS, RESERVE, REORDER, CANCEL, CHEAPEST, PICKUP, STOCK_CASE]
