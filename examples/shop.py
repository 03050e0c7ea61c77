"""Example: a browser task on a small shop that this file serves itself on 127.0.0.1.

Task: find the cheapest product matching a query under a budget, add it to the cart, and return
its name and price. The agent drives a real Chromium through the browser actions; the recipe
replays the same clicks through recorded locators, and the "cheapest under budget" choice is a
``compute`` expression, so a new query or budget gives a new, correct answer without the model.

    python examples/shop.py              # the whole demo (agent → recipe → replay, new inputs),
                                         # in examples/.demo-shop/
    python examples/shop.py --serve      # only serve the shop, to look at it in a browser
    recipe run examples/shop.py          # run the task (agent once, then the recipe)

Without ``OPENAI_API_KEY`` (or with ``RECIPE_USE_MOCKS=1``) the model's answers come from
``examples/shop.cassette.json``, a recorded run.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from runtime import AIResponse, Task, TaskConfig
from runtime.agent.cassettes import load_cassette
from runtime.browser import BROWSER_ACTIONS

HERE = Path(__file__).resolve().parent
SITE = HERE / "shop_site"
CASSETTE = HERE / "shop.cassette.json"

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
}


# --------------------------------------------------------------------------- the shop


@dataclass(frozen=True)
class ShopVariant:
    """A changed copy of the shop (the robustness bench serves many of them)."""

    name: str = "original"
    rewrite: Callable[[str, str], str] | None = None
    """``(file name, text) -> text`` for the HTML, CSS and JavaScript files."""
    products: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None
    """Changes the product data (order, new products)."""
    delay_s: float = 0.0
    """Added before every API answer: a slow backend."""
    notes: str = ""


@dataclass
class ShopServer:
    """The shop on ``http://127.0.0.1:<port>/``: static files plus a tiny JSON API.

    ``GET /api/products?q=`` lists products whose name contains ``q``;
    ``GET /api/products/<id>`` is one product; ``POST /api/cart`` adds ``{"id": ...}``;
    ``GET /api/cart`` lists the cart. ``cart`` holds the ids added, for checks.
    """

    variant: ShopVariant = field(default_factory=ShopVariant)
    port: int = 0
    cart: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def products(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = json.loads((SITE / "products.json").read_text("utf-8"))
        return self.variant.products(rows) if self.variant.products else rows

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the shop is not running; use `with ShopServer() as shop:`")
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> ShopServer:
        shop = self

        class Handler(_Handler):
            server_shop = shop

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ShopServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server_shop: ShopServer

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, value: Any, status: int = 200) -> None:
        shop = self.server_shop
        if shop.variant.delay_s:
            time.sleep(shop.variant.delay_s)
        self._send(status, json.dumps(value).encode(), "application/json")

    def do_GET(self) -> None:
        shop = self.server_shop
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == "/api/products":
            query = parse_qs(parts.query).get("q", [""])[0].strip().lower()
            self._json([p for p in shop.products() if query in p["name"].lower()])
            return
        if path.startswith("/api/products/"):
            wanted = path.removeprefix("/api/products/")
            found = [p for p in shop.products() if p["id"] == wanted]
            self._json(found[0] if found else {"error": "no such product"}, 200 if found else 404)
            return
        if path == "/api/cart":
            by_id = {p["id"]: p for p in shop.products()}
            self._json({"items": [by_id[i] for i in shop.cart if i in by_id]})
            return
        name = "index.html" if path in ("/", "") else path.lstrip("/")
        file = SITE / name
        if "/" in name or not file.is_file() or file.suffix not in _TYPES:
            self._send(404, b"not found", "text/plain")
            return
        text = file.read_text("utf-8")
        if shop.variant.rewrite and file.suffix in (".html", ".css", ".js"):
            text = shop.variant.rewrite(name, text)
        self._send(200, text.encode("utf-8"), _TYPES[file.suffix])

    def do_POST(self) -> None:
        shop = self.server_shop
        if urlsplit(self.path).path != "/api/cart":
            self._send(404, b"not found", "text/plain")
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            product_id = json.loads(self.rfile.read(length) or b"{}")["id"]
        except (ValueError, KeyError, TypeError):
            self._json({"error": 'send {"id": ...}'}, 400)
            return
        if product_id not in {p["id"] for p in shop.products()}:
            self._json({"error": "no such product"}, 404)
            return
        shop.cart.append(product_id)
        self._json({"count": len(shop.cart)})


# --------------------------------------------------------------------------- the task


def mock_responses() -> list[AIResponse] | None:
    """The recorded model answers, unless a real model is configured."""
    if os.environ.get("OPENAI_API_KEY") and os.environ.get("RECIPE_USE_MOCKS") != "1":
        return None
    return load_cassette(CASSETTE)


shop = Task(
    "Open the shop at shop_url. Find the cheapest product whose name contains the query "
    "(case-insensitive) and whose price is at most the budget, add it to the cart, and return "
    "its name and price.",
    name="shop",
    inputs={"shop_url": str, "query": str, "budget": float},
    outputs={"name": str, "price": float},
    actions=list(BROWSER_ACTIONS),
    mock_responses=mock_responses(),
    # Every run stops after five minutes; a model request that failed transiently is retried
    # twice; page loads (navigate) and model requests start at most 5 a second each.
    config=TaskConfig(max_duration_seconds=300, max_retries=2, requests_per_second=5),
)

_DEMO_SHOP: ShopServer | None = None


def __getattr__(name: str) -> Any:
    # `recipe run examples/shop.py` reads DEFAULT_INPUTS: serve the shop only when asked.
    global _DEMO_SHOP
    if name == "DEFAULT_INPUTS":
        if _DEMO_SHOP is None:
            _DEMO_SHOP = ShopServer().start()
        return {"shop_url": _DEMO_SHOP.url, "query": "mug", "budget": 10.0}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def demo(workdir: Path) -> None:
    """Agent run → recipe → replay with another query and budget, as a user would see it.

    Records into ``workdir`` (emptied first) so the committed ``recipes/shop`` stays as it is.
    """
    if workdir.exists():
        shutil.rmtree(workdir)
    task = shop.with_options(recipe_dir=workdir / "recipes")
    with ShopServer() as server:
        print(f"== 1. The agent solves the task once on {server.url} (recorded model answers)")
        result = task.run_agent(shop_url=server.url, query="mug", budget=10.0)
        print(result, "— cart:", server.cart)
        assert task.last_run is not None
        print(task.last_run.report())
        print(f"\n== 2. The generated recipe ({task.last_run.recipe_path})\n")
        print(task.last_run.recipe_path.read_text())  # type: ignore[union-attr]
    with ShopServer() as server:
        print("== 3. Replay for another query and budget, in the background: zero model calls")
        execution = task.run_async(shop_url=server.url, query="teapot", budget=30.0)
        other = execution.wait(timeout=120)
        print(other, "— cart:", server.cart)
        print("\n".join(execution.status().lines()))
        assert execution.report is not None
        print(execution.report.report())


if __name__ == "__main__":
    if "--serve" in sys.argv:
        with ShopServer(port=8765) as server:
            print(f"Tiny Shop on {server.url} (Ctrl+C to stop)")
            with contextlib.suppress(KeyboardInterrupt):
                threading.Event().wait()
        raise SystemExit(0)
    try:
        demo(HERE / ".demo-shop")
    except Exception as exc:  # show a readable message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
