"""Robustness bench: does a recorded browser recipe survive the small changes real sites make?

The shop example (``examples/shop.py``) is recorded once from its cassette. Then every variant
below is served by the same shop server and the recipe is replayed on it with new inputs
(query "teapot", budget 30), four ways:

- **ours, no model** — our recipe (several locators per element, tried in order);
- **ours + fallback** — the same, letting the agent finish from a failed step;
- **baseline, no model** — the same run, but every element found by the one CSS selector a
  classic recorder would have kept (and list fields by one class or tag selector);
- **baseline + fallback**.

A run passes when it returns the product the variant's own data says is right (the cheapest
"teapot" under 30) and that product — only it — is in the cart.

The fallback's model is :class:`ScriptedShopper`, a mock: a fixed policy that reads the page
outline the agent loop shows a model (``snapshot_for_model``) and answers with tool calls as
the recorded agent would. No network, no API key.

    python bench/robustness.py                  # every variant
    python bench/robustness.py --only slow,banner --timeout 5
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from compiler import compile_trace  # noqa: E402
from compiler.ir import LiteralExpr, LocatorCandidate, LocatorExpr, Trace  # noqa: E402
from examples.shop import SITE, ShopServer, ShopVariant  # noqa: E402
from examples.shop import shop as recorded_shop  # noqa: E402
from runtime import AIResponse, Task, TaskConfig, ToolCall  # noqa: E402
from runtime.agent.cassettes import load_cassette  # noqa: E402
from runtime.agent.messages import Message  # noqa: E402
from runtime.browser import (  # noqa: E402
    BrowserConfig,
    browser_session,
    close_browser,
    snapshot_for_model,
)
from runtime.store.folder import RecipeFolder  # noqa: E402

RECORD_INPUTS = {"query": "mug", "budget": 10.0}
REPLAY_INPUTS = {"query": "teapot", "budget": 30.0}


# --------------------------------------------------------------------------- the variants


def _sub(text: str, old: str, new: str, *, count: int = -1) -> str:
    """``str.replace`` that insists the anchor exists (the bench must not silently test the
    original page when the site changes)."""
    if old not in text:
        raise AssertionError(f"bench anchor not found: {old[:60]!r}")
    return text.replace(old, new, count)


_IDS = (
    "search-form",
    "search-input",
    "search-button",
    "results-heading",
    "result-count",
    "product-list",
    "cart-link",
    "product",
    "product-name",
    "product-price",
    "product-description",
    "add-to-cart",
    "cart-status",
    "cart-table",
    "cart-rows",
)


def _ids_renamed(name: str, text: str) -> str:
    for ident in _IDS:
        new = "shop-" + ident.replace("-", "_")
        for pattern in ('id="{}"', 'for="{}"', 'aria-labelledby="{}"', 'getElementById("{}")'):
            text = text.replace(pattern.format(ident), pattern.format(new))
        text = re.sub(rf"#{re.escape(ident)}\b", "#" + new, text)
    return text


def _classes_renamed(name: str, text: str) -> str:
    def rename(tokens: str) -> str:
        return " ".join("k-" + t for t in tokens.split())

    if name.endswith(".css"):
        return re.sub(r"\.(?=[a-z])([a-z][\w-]*)", lambda m: ".k-" + m.group(1), text)
    text = re.sub(r'class="([^"]*)"', lambda m: f'class="{rename(m.group(1))}"', text)
    return re.sub(r'class: "([^"]*)"', lambda m: f'class: "{rename(m.group(1))}"', text)


def _testids_removed(name: str, text: str) -> str:
    text = re.sub(r'\s+data-testid="[^"]*"', "", text)
    return re.sub(r',\s*"data-testid": "[^"]*"', "", text)


def _wrappers(name: str, text: str) -> str:
    if name == "index.html":
        text = _sub(text, "<form", '<div class="panel"><div class="panel-body"><form')
        text = _sub(text, "</form>", "</form></div></div>")
        text = _sub(text, "<ul", '<div class="list-frame"><ul')
        return _sub(text, "</ul>", "</ul></div>")
    if name == "product.html":
        text = _sub(text, "<button", '<div class="actions"><span class="action"><button')
        return _sub(text, "</button>", "</button></span></div>")
    if name == "shop.js":
        return _sub(
            text,
            '    const count = document.getElementById("result-count");',
            "    for (const item of list.children) {\n"
            '      const inner = el("div", { class: "card-inner" }, []);\n'
            "      inner.append(...item.childNodes);\n"
            '      item.append(el("div", { class: "card" }, [inner]));\n'
            "    }\n"
            '    const count = document.getElementById("result-count");',
        )
    return text


def _moved(name: str, text: str) -> str:
    if name == "index.html":
        form = re.search(r"\s*<form.*?</form>", text, re.S)
        assert form is not None
        text = text.replace(form.group(0), "")
        return _sub(text, "  </main>", form.group(0).strip("\n") + "\n  </main>")
    if name == "product.html":
        button = re.search(r"\s*<button.*?</button>", text, re.S)
        assert button is not None
        text = text.replace(button.group(0), "")
        return _sub(
            text,
            '      <h1 id="product-name"',
            button.group(0).strip("\n") + '\n      <h1 id="product-name"',
        )
    if name == "shop.js":
        # The price now comes before the name in each card.
        heading = re.search(r'        el\("h3".*?\]\),\n', text, re.S)
        price = re.search(r'        el\("span".*?\]\),\n', text, re.S)
        assert heading is not None and price is not None
        return text.replace(heading.group(0) + price.group(0), price.group(0) + heading.group(0))
    return text


def _reworded(name: str, text: str) -> str:
    if name == "index.html":
        return _sub(text, ">Search</button>", ">Find</button>")
    if name == "product.html":
        return _sub(text, ">Add to cart</button>", ">Add to basket</button>")
    return text


_BANNER = (
    '<div class="promo"><h2>Spring sale</h2><p>10% off every teapot this week.</p>'
    '<button type="button" class="btn">Dismiss</button></div>'
)


def _banner(name: str, text: str) -> str:
    if name.endswith(".html"):
        text = _sub(text, "<body>", "<body>\n  " + _BANNER)
        return _sub(text, '<main class="page">', '<main class="page">\n    ' + _BANNER)
    return text


_COOKIES = """
  <div id="cookie-overlay" style="position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:10">
    <div role="dialog" aria-modal="true" aria-label="Cookies"
         style="background:#fff;margin:20vh auto;padding:20px;max-width:360px">
      <p>We use cookies to remember your cart.</p>
      <button type="button" id="accept-cookies">Accept cookies</button>
    </div>
  </div>
  <script>
    (function () {
      const overlay = document.getElementById("cookie-overlay");
      if (sessionStorage.getItem("cookies-ok")) overlay.remove();
      document.getElementById("accept-cookies").addEventListener("click", function () {
        sessionStorage.setItem("cookies-ok", "1");
        overlay.remove();
      });
    })();
  </script>
</body>"""


def _cookie_modal(name: str, text: str) -> str:
    return _sub(text, "</body>", _COOKIES) if name.endswith(".html") else text


def _layout(name: str, text: str) -> str:
    """The product grid becomes a table, and the search form moves to the right."""
    if name == "index.html":
        text = _sub(text, '<ul id="product-list"', '<table id="product-list"')
        return _sub(text, 'aria-label="Products"></ul>', 'aria-label="Products"></table>')
    if name == "shop.js":
        text = _sub(text, 'el("li", { class: "product-card"', 'el("tr", { class: "product-card"')
        text = _sub(
            text, 'el("h3", { class: "product-name" }', 'el("td", { class: "product-name" }'
        )
        return _sub(text, 'el("span", { class: "price"', 'el("td", { class: "price"')
    if name == "shop.css":
        return text + "\n.search-form { flex-direction: row-reverse; }\n"
    return text


def _tags_changed(name: str, text: str) -> str:
    if name == "shop.js":
        text = _sub(text, 'el("h3", {', 'el("h4", {')
        return _sub(text, 'el("span", { class: "price"', 'el("strong", { class: "price"')
    if name == "product.html":
        text = _sub(
            text, '<button id="add-to-cart"', '<div role="button" tabindex="0" id="add-to-cart"'
        )
        return _sub(text, "Add to cart</button>", "Add to cart</div>")
    return text


def _reversed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list(reversed(rows))


def _more_products(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    extra = [
        {"id": "clay-teapot", "name": "Clay Teapot", "price": 18.0, "description": "Unglazed."},
        {"id": "teapot-set", "name": "Teapot Set", "price": 59.0, "description": "Pot and cups."},
        {"id": "tiny-mug", "name": "Tiny Mug", "price": 5.0, "description": "Very small."},
    ]
    return rows[:3] + extra + rows[3:]


VARIANTS: tuple[ShopVariant, ...] = (
    ShopVariant("original", notes="the page the recipe was recorded on"),
    ShopVariant("ids-renamed", rewrite=_ids_renamed, notes="every id attribute renamed"),
    ShopVariant("classes-renamed", rewrite=_classes_renamed, notes="every class renamed"),
    ShopVariant("testids-removed", rewrite=_testids_removed, notes="no data-testid anywhere"),
    ShopVariant("wrappers", rewrite=_wrappers, notes="extra wrapper elements everywhere"),
    ShopVariant("moved", rewrite=_moved, notes="search form below the list, price above name"),
    ShopVariant("reworded", rewrite=_reworded, notes='"Find", "Add to basket"'),
    ShopVariant("banner", rewrite=_banner, notes="promo banners above the header and content"),
    ShopVariant("cookie-modal", rewrite=_cookie_modal, notes="a modal that must be dismissed"),
    ShopVariant("reordered", products=_reversed, notes="product list in reverse order"),
    ShopVariant("new-products", products=_more_products, notes="a cheaper teapot appears"),
    ShopVariant("slow", delay_s=0.8, notes="every API answer 0.8 s late"),
    ShopVariant("layout", rewrite=_layout, notes="product grid becomes a table"),
    ShopVariant("tags-changed", rewrite=_tags_changed, notes="h3→h4, span→strong, div button"),
)


def expected_for(variant: ShopVariant, query: str, budget: float) -> dict[str, Any] | None:
    """The right answer on this variant, from its own product data."""
    rows = json.loads((SITE / "products.json").read_text("utf-8"))
    if variant.products:
        rows = variant.products(rows)
    matching = [r for r in rows if query.lower() in r["name"].lower() and r["price"] <= budget]
    return min(matching, key=lambda r: r["price"]) if matching else None


# --------------------------------------------------------------------------- the mock model


class ScriptedShopper:
    """A mock model for fallbacks: it looks at the page (as the agent loop shows it to a real
    model) and at its own earlier results, and answers with the next tool call a sensible
    shopper would make. Deterministic; never sees the variant's source."""

    name = "scripted-shopper"

    def __init__(self) -> None:
        self.list_var: str | None = None
        self.pick_var: str | None = None
        self.row_var: str | None = None
        self.clicked_add = False
        self.waited = False
        self.seen = 0

    def complete(self, messages: list[Message], tools: Any, *, turn: int) -> AIResponse:
        results = [m.content for m in messages if m.kind == "tool_result"]
        for content in results[self.seen :]:
            stored = re.match(r"Stored as `(\w+)`", content)
            if stored is None:
                continue
            name = stored.group(1)
            if name.startswith("extract_list") and self.list_var is None:
                self.list_var = name
            elif name.startswith("compute") and self.list_var and self.pick_var is None:
                self.pick_var = name
            elif name.startswith("compute") and self.pick_var and self.row_var is None:
                self.row_var = name
        self.seen = len(results)
        return self._next(snapshot_for_model() or "")

    def _next(self, page: str) -> AIResponse:
        def call(reason: str, tool: str, **arguments: Any) -> AIResponse:
            return AIResponse(
                content=reason,
                tool_calls=[ToolCall(tool, arguments)],
                input_tokens=0,
                output_tokens=0,
            )

        dialog = re.search(r"- (?:alert)?dialog.*?(?=\n- |\Z)", page, re.S)
        if dialog:
            button = re.search(r'button "[^"]*" \[ref=(e\d+)\]', dialog.group(0))
            if button:
                return call(
                    "A dialog covers the page; I close it.", "click", target=button.group(1)
                )
        if self.clicked_add and not self.waited:
            self.waited = True
            return call("I wait for the confirmation.", "wait_for_text", text="to your cart")
        if self.clicked_add:
            row = self.row_var
            return call(
                "Done.", "finish", name={"$ref": f"{row}.name"}, price={"$ref": f"{row}.price"}
            )
        add = re.search(r'button "Add to [^"]*" \[ref=(e\d+)\]', page)
        if self.row_var and add:
            self.clicked_add = True
            return call("I add the product to the cart.", "click", target=add.group(1))
        if self.row_var:
            return call("I open the product.", "navigate", url={"$ref": f"{self.row_var}.url"})
        if self.pick_var:
            return call(
                "I take the chosen row.",
                "compute",
                expression=f"{self.list_var}[{self.pick_var}[1]]",
            )
        if self.list_var:
            return call(
                "I pick the cheapest match under budget.",
                "compute",
                expression=(
                    f"min([(p.price, i) for i, p in enumerate({self.list_var}) "
                    "if query.lower() in p.name.lower() and p.price <= budget])"
                ),
            )
        listing = re.search(r'- (?:list|table) "Products" \[ref=(e\d+)\]', page)
        link = re.search(r'link "[^"]*" \[ref=(e\d+)\] \[url=/product\.html', page)
        query_in_url = re.search(r"^URL: .*[?&]q=", page, re.M)
        if listing and link and query_in_url:
            after = page[link.end() :]
            price = re.search(r"\[ref=(e\d+)\]: \$", after) or re.search(
                r'"\$[\d.,]+" \[ref=(e\d+)\]', after
            )
            if price:
                return call(
                    "I read the product list.",
                    "extract_list",
                    target=listing.group(1),
                    fields={
                        "name": {"ref": link.group(1)},
                        "price": {"ref": price.group(1), "type": "number"},
                        "url": {"ref": link.group(1), "type": "url"},
                    },
                )
        box = re.search(r'searchbox "[^"]*" \[ref=(e\d+)\](?:: "(.*)")?', page)
        if box and box.group(2) is None:
            return call("I type the query.", "fill", target=box.group(1), value={"$ref": "query"})
        search = re.search(r'- search \[ref=e\d+\]:.*?button "[^"]*" \[ref=(e\d+)\]', page, re.S)
        if search:
            return call("I run the search.", "click", target=search.group(1))
        return call("I open the shop.", "navigate", url={"$ref": "shop_url"})


# --------------------------------------------------------------------------- the runs


@dataclass
class Outcome:
    ok: bool
    detail: str
    seconds: float
    model_calls: int = 0


def _task(recipe_dir: Path, *, fallback: bool) -> Task[Any]:
    if fallback:
        config = TaskConfig(on_failure="fallback", heal="never")
    else:
        config = TaskConfig(on_failure="raise")
    if fallback:
        return recorded_shop.with_options(
            recipe_dir=recipe_dir, config=config, mock_responses=None, provider=ScriptedShopper()
        )
    return recorded_shop.with_options(recipe_dir=recipe_dir, config=config, mock_responses=[])


def record(workdir: Path, browser: BrowserConfig) -> Path:
    """Record the shop task from its cassette on the original shop; returns the recipe dir."""
    recipe_dir = workdir / "ours"
    cassette = load_cassette(ROOT / "examples" / "shop.cassette.json")
    task = recorded_shop.with_options(recipe_dir=recipe_dir, mock_responses=cassette)
    with ShopServer() as server, browser_session(browser):
        task.run_agent(shop_url=server.url, **RECORD_INPUTS)
    return recipe_dir


def css_only(trace: Trace) -> Trace:
    """The baseline: each element keeps only its CSS selector, each list one selector."""

    def fields(value: Any) -> Any:
        out = {}
        for key, spec in value.items():
            css = [s for s in spec["selectors"] if not s.startswith(("role=", "[data-testid"))]
            out[key] = {**spec, "selectors": css[:1]}
        return out

    steps = []
    for step in trace.steps:
        args = dict(step.args)
        for key, expr in step.args.items():
            if isinstance(expr, LocatorExpr):
                css = [c for c in expr.candidates if c.strategy == "css"]
                keep: tuple[LocatorCandidate, ...] = tuple(css[:1]) or expr.candidates[-1:]
                args[key] = expr.model_copy(update={"candidates": keep})
            elif key == "fields" and isinstance(expr, LiteralExpr) and isinstance(expr.value, dict):
                args[key] = LiteralExpr(value=fields(expr.value))
            elif key == "rows" and isinstance(expr, LiteralExpr) and isinstance(expr.value, list):
                css_rows = [s for s in expr.value if isinstance(s, str) and "." in s]
                args[key] = LiteralExpr(value=css_rows[:1] or expr.value[-1:])
        steps.append(step.model_copy(update={"args": args}))
    return trace.model_copy(update={"steps": tuple(steps)})


def make_baseline(ours: Path, workdir: Path) -> Path:
    trace = css_only(RecipeFolder.for_task(ours, "shop").load_trace())
    recipe_dir = workdir / "baseline"
    compiled = compile_trace(trace)
    RecipeFolder.for_task(recipe_dir, "shop").save(
        trace, compiled.source, label="bench", alternates=compiled.alternates
    )
    return recipe_dir


def run_one(
    recipe_dir: Path, variant: ShopVariant, browser: BrowserConfig, *, fallback: bool
) -> Outcome:
    want = expected_for(variant, **REPLAY_INPUTS)
    task = _task(recipe_dir, fallback=fallback)
    start = time.perf_counter()
    with ShopServer(variant) as server, browser_session(browser):
        try:
            got = task.run(shop_url=server.url, **REPLAY_INPUTS)
        except Exception as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            # The recipe path is long and the same every time: show what failed and why.
            why = first.split(" of the recipe: ", 1)[-1]
            seconds = time.perf_counter() - start
            return Outcome(False, f"{type(exc).__name__}: {why[:220]}", seconds)
        cart = list(server.cart)
    seconds = time.perf_counter() - start
    run = task.last_run
    calls = run.model_calls if run else 0
    if want is None:
        return Outcome(False, "bench error: no right answer on this variant", seconds, calls)
    answer = (getattr(got, "name", None), getattr(got, "price", None))
    if answer != (want["name"], want["price"]):
        return Outcome(False, f"wrong answer {answer}, expected {want['name']}", seconds, calls)
    if cart != [want["id"]]:
        return Outcome(False, f"cart is {cart}, expected [{want['id']!r}]", seconds, calls)
    mode = run.mode if run else "?"
    return Outcome(True, f"{mode}, {calls} model calls", seconds, calls)


def fallback_available() -> bool:
    try:
        import runtime.run.fallback  # noqa: F401
    except ImportError:
        return False
    return "on_failure" in TaskConfig.model_fields


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated variant names")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds an action may wait")
    parser.add_argument("-v", "--verbose", action="store_true", help="print why runs failed")
    args = parser.parse_args(argv)
    variants = VARIANTS
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {v.name for v in VARIANTS}
        if unknown:
            parser.error(f"unknown variants {sorted(unknown)}; known: {[v.name for v in VARIANTS]}")
        variants = tuple(v for v in VARIANTS if v.name in wanted)
    browser = BrowserConfig(timeout_s=args.timeout, allowed_domains=["127.0.0.1"])
    with_fallback = fallback_available()
    workdir = Path(tempfile.mkdtemp(prefix="recipe-bench-"))
    try:
        ours = record(workdir, browser)
        baseline = make_baseline(ours, workdir)
        recipes = {"ours": ours, "baseline": baseline}
        header = f"{'variant':<16} {'ours':<8} {'ours+fb':<8} {'css':<8} {'css+fb':<8}  notes"
        print(header)
        print("-" * len(header))
        totals: dict[str, list[bool]] = {}
        for variant in variants:
            cells = []
            reasons = []
            for label, fallback in (
                ("ours", False),
                ("ours", True),
                ("baseline", False),
                ("baseline", True),
            ):
                column = label + ("+fb" if fallback else "")
                if fallback and not with_fallback:
                    cells.append("n/a")
                    continue
                outcome = run_one(recipes[label], variant, browser, fallback=fallback)
                totals.setdefault(column, []).append(outcome.ok)
                cells.append(("pass" if outcome.ok else "FAIL") + f" {outcome.seconds:.0f}s")
                if not outcome.ok:
                    reasons.append(f"    {column}: {outcome.detail}")
            row = " ".join(f"{c:<8}" for c in cells)
            print(f"{variant.name:<16} {row}  {variant.notes}")
            if args.verbose:
                for line in reasons:
                    print(line)
        print()
        perturbed = [i for i, v in enumerate(variants) if v.name != "original"]
        for column in ("ours", "ours+fb", "baseline", "baseline+fb"):
            results = totals.get(column)
            if results is None:
                print(f"{column:<12} n/a (fallback not available)")
                continue
            passed = sum(results[i] for i in perturbed)
            share = passed / len(perturbed) if perturbed else 1.0
            print(f"{column:<12} {passed}/{len(perturbed)} perturbed variants pass ({share:.0%})")
        ours_ok = [totals["ours"][i] for i in perturbed]
        target = sum(ours_ok) >= 0.8 * len(ours_ok)
        if with_fallback:
            target = target and all(totals["ours+fb"])
        return 0 if target else 1
    finally:
        close_browser()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
