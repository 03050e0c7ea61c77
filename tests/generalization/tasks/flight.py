"""Travel: book the cheapest flight with at most a given number of stops."""

from __future__ import annotations

from pydantic import BaseModel

from runtime import AIResponse, Task, ToolCall, action

from . import Case, HeldOut

FLIGHTS = [
    {"code": "LH1171", "origin": "LIS", "destination": "BER", "price": 189.0, "stops": 1},
    {"code": "TP540", "origin": "LIS", "destination": "BER", "price": 142.5, "stops": 0},
    {"code": "FR8823", "origin": "LIS", "destination": "BER", "price": 64.99, "stops": 2},
    {"code": "IB3107", "origin": "OPO", "destination": "MAD", "price": 88.0, "stops": 0},
    {"code": "VY8461", "origin": "OPO", "destination": "MAD", "price": 59.9, "stops": 1},
    {"code": "U24431", "origin": "BER", "destination": "LIS", "price": 120.0, "stops": 0},
    {"code": "LX1087", "origin": "BER", "destination": "LIS", "price": 99.0, "stops": 1},
    {"code": "AF1447", "origin": "CDG", "destination": "ATH", "price": 210.0, "stops": 0},
    {"code": "A3611", "origin": "CDG", "destination": "ATH", "price": 175.0, "stops": 1},
    {"code": "W62201", "origin": "CDG", "destination": "ATH", "price": 95.0, "stops": 2},
]
AIRPORTS = {"LIS": "Lisbon", "BER": "Berlin", "OPO": "Porto", "MAD": "Madrid", "CDG": "Paris"}


class Flight(BaseModel):
    code: str
    origin: str
    destination: str
    price: float
    stops: int


class Airport(BaseModel):
    code: str
    city: str


class Booking(BaseModel):
    reference: str
    flight_code: str
    price: float


@action(read_only=True)
def search_flights(origin: str, destination: str) -> list[Flight]:
    """Flights between two airports (IATA codes), in no particular order."""
    return [
        Flight(**f) for f in FLIGHTS if (f["origin"], f["destination"]) == (origin, destination)
    ]


@action(read_only=True)
def get_airport(code: str) -> Airport:
    """An airport by IATA code."""
    return Airport(code=code, city=AIRPORTS.get(code, "?"))


@action
def book_flight(flight_code: str, passenger: str, note: str) -> Booking:
    """Book a seat on a flight for a passenger."""
    flight = next((f for f in FLIGHTS if f["code"] == flight_code), None)
    if flight is None:
        raise LookupError(f"no flight {flight_code!r}")
    initials = "".join(w[0] for w in passenger.split()).upper()
    return Booking(
        reference=f"BK-{flight_code}-{initials}", flight_code=flight_code, price=flight["price"]
    )


task = Task(
    "Book the cheapest flight from origin to destination with at most max_stops stops for the "
    "passenger, with a note saying the trip and the passenger. Report the booking reference, "
    "the flight code and the price.",
    name="flight",
    inputs={"origin": str, "destination": str, "passenger": str, "max_stops": int},
    outputs={"booking": str, "flight": str, "price": float},
    actions=[search_flights, get_airport, book_flight],
)

MOCKS = [
    AIResponse(
        content="Searching flights, and checking the destination airport.",
        tool_calls=[
            ToolCall("search_flights", {"origin": "LIS", "destination": "BER"}),
            ToolCall("get_airport", {"code": "BER"}),
        ],
    ),
    AIResponse(
        content="The cheapest flight within the allowed stops.",
        tool_calls=[
            ToolCall(
                "compute",
                {
                    "expression": "min((f.price, f.code) for f in search_flights_1 "
                    "if f.stops <= max_stops)[1]"
                },
            )
        ],
    ),
    AIResponse(
        content="Booking it.",
        tool_calls=[
            ToolCall(
                "book_flight",
                {"flight_code": "TP 540", "passenger": "Ana Silva", "note": "Trip LIS-BER"},
            )
        ],
    ),
    AIResponse(
        content="The code has no space; passing the computed one.",
        tool_calls=[
            ToolCall(
                "book_flight",
                {
                    "flight_code": {"$ref": "compute_1"},
                    "passenger": "Ana Silva",
                    "note": "Trip LIS-BER for Ana Silva",
                },
            )
        ],
    ),
    AIResponse(
        content="Booked.",
        tool_calls=[
            ToolCall(
                "finish",
                {"booking": "BK-TP540-AS", "flight": {"$ref": "compute_1"}, "price": 142.5},
            )
        ],
    ),
]

CASE = Case(
    task=task,
    recorded={"origin": "LIS", "destination": "BER", "passenger": "Ana Silva", "max_stops": 1},
    mocks=MOCKS,
    held_out=[
        HeldOut(
            {"origin": "OPO", "destination": "MAD", "passenger": "Rui Costa", "max_stops": 1},
            {"booking": "BK-VY8461-RC", "flight": "VY8461", "price": 59.9},
        ),
        HeldOut(
            {"origin": "OPO", "destination": "MAD", "passenger": "Rui Costa", "max_stops": 0},
            {"booking": "BK-IB3107-RC", "flight": "IB3107", "price": 88.0},
        ),
        HeldOut(
            {"origin": "BER", "destination": "LIS", "passenger": "Jonas Weber", "max_stops": 2},
            {"booking": "BK-LX1087-JW", "flight": "LX1087", "price": 99.0},
        ),
        HeldOut(
            {"origin": "CDG", "destination": "ATH", "passenger": "Élise Martin", "max_stops": 1},
            {"booking": "BK-A3611-ÉM", "flight": "A3611", "price": 175.0},
        ),
    ],
)
