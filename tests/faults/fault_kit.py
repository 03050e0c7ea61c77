"""Tasks, scripted model answers and folder snapshots shared by the fault-injection tests.

Two small tasks with no network and no browser:

- ``ship_order`` (reserve, then ship): the shipping service can start to require a carrier,
  and then the fallback ships again with one, which the heal bridges at the call's ``except``
  (a retry one input needed is never every input's path, and no recorded run is retired);
- ``restock`` (buy, or backorder when out of stock): buying an item that is out of stock
  raises, and the heal adds a bridge (``try: … except OutOfStock:``), rewriting the recipe only.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from runtime import AIResponse, Task, TaskConfig, ToolCall, action

WORLD = {"require_carrier": False}
STOCK = {"lamp": 5, "desk": 0}


class OutOfStock(Exception):
    """The item cannot be bought now."""


@action(read_only=True)
def get_stock(item: str) -> int:
    """Units in stock."""
    return 40


@action
def reserve(item: str, quantity: int) -> str:
    """Reserve units; returns the reservation id."""
    return f"R-{item}-{quantity}"


@action
def ship(reservation: str, address: str, carrier: str | None = None) -> str:
    """Ship a reservation; returns the tracking number."""
    if WORLD["require_carrier"] and carrier is None:
        raise ValueError("the shipping service now requires a carrier")
    return f"T-{reservation}-{carrier or 'std'}"


@action(read_only=True)
def check_stock(item: str) -> int:
    """Units of the item in stock."""
    return STOCK[item]


@action
def buy(item: str) -> str:
    """Buy one unit of the item; raises OutOfStock when there is none."""
    if STOCK[item] <= 0:
        raise OutOfStock(f"{item} is out of stock")
    return f"P-{item}"


@action
def backorder(item: str) -> str:
    """Order the item from the supplier."""
    return f"B-{item}"


def call(name: str, **args: Any) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, dict(args))])


def ship_agent() -> list[AIResponse]:
    """A whole agent run of ``ship_order``: five model turns."""
    return [
        call("get_stock", item="pen"),
        call("reserve", item="pen", quantity={"$ref": "quantity"}),
        call("ship", reservation={"$ref": "reserve_1"}, address={"$ref": "address"}),
        call("compute", expression="get_stock_1 - quantity"),
        call("finish", tracking={"$ref": "ship_1"}, remaining={"$ref": "compute_1"}),
    ]


def ship_fallback() -> list[AIResponse]:
    """The fallback when ``ship`` needs a carrier: ship with DHL, compute, finish."""
    return [
        call(
            "ship",
            reservation={"$ref": "reservation"},
            address={"$ref": "address"},
            carrier="DHL",
        ),
        call("compute", expression="stock - quantity"),
        call("finish", tracking={"$ref": "ship_1"}, remaining={"$ref": "compute_1"}),
    ]


SHIP_INPUTS = {"item": "pen", "quantity": 2, "address": "Main St 1"}


def ship_task(root: Path, mocks: list[AIResponse] | None = None, **options: Any) -> Task:
    config = options.pop("config", None) or TaskConfig()
    return Task(
        "Reserve `quantity` units of `item` and ship them to `address`.",
        name="ship_order",
        inputs={"item": str, "quantity": int, "address": str},
        outputs={"tracking": str, "remaining": int},
        actions=[get_stock, reserve, ship],
        config=config,
        mock_responses=mocks,
        recipe_dir=root / "recipes",
        **options,
    )


def restock_agent() -> list[AIResponse]:
    return [
        call("check_stock", item={"$ref": "item"}),
        call("buy", item={"$ref": "item"}),
        call("finish", reference={"$ref": "buy_1"}),
    ]


def restock_fallback() -> list[AIResponse]:
    return [
        call("backorder", item={"$ref": "item"}),
        call("finish", reference={"$ref": "backorder_1"}),
    ]


def restock_task(root: Path, mocks: list[AIResponse] | None = None) -> Task:
    return Task(
        "Buy the item if it is in stock, otherwise backorder it; return the reference.",
        name="restock",
        inputs={"item": str},
        outputs={"reference": str},
        actions=[check_stock, buy, backorder],
        recipe_dir=root / "recipes",
        mock_responses=mocks,
    )


# --------------------------------------------------------------------------- snapshots

_RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")
_STAMP = re.compile(r"\d{8}T\d{12}Z")
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:\+00:00|Z)?")
_DURATION = re.compile(r'"duration_s": [0-9.e-]+|\b\d+(?:\.\d+)? ?(?:ms|s)\b')


def normalized(text: str) -> str:
    """``text`` with run ids, times and durations replaced by placeholders: what two runs of
    the same script agree on."""
    text = _RUN_ID.sub("RUN", text)
    text = _STAMP.sub("STAMP", text)
    text = _ISO.sub("TIME", text)
    return _DURATION.sub("DURATION", text)


APPEND_ONLY = ("ledger.jsonl",)
"""Logs appended to after a run, outside the folder's all-or-nothing writes."""


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too, not the append-only logs): normalized
    relative path → normalized content, plus its permission bits."""
    files: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts or path.name in APPEND_ONLY:
            continue
        if path.name.endswith(".lock"):  # a lock file holds no data
            continue
        mode = oct(path.stat().st_mode & 0o777)
        text = path.read_bytes().decode("utf-8", errors="replace")
        # The folder's own path, wherever it was copied from.
        text = re.sub(rf"(?:/[^\s/'\"]+)+/{re.escape(folder.name)}\b", "FOLDER", text)
        files[normalized(str(path.relative_to(folder)))] = f"{mode}\n{normalized(text)}"
    return files


def stray_files(folder: Path) -> list[str]:
    """Files an interrupted write may leave behind: temp, staged, manifest, trash files."""
    pattern = re.compile(r"^\.(commit-|stage-|trash-|recipe-under-test)|\.tmp(\.py)?$")
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if pattern.search(p.name) and "__pycache__" not in p.parts
    )


def umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
