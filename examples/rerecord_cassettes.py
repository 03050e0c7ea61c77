"""Store the current requests in the examples' cassettes, offline, from their own recorded answers.

A cassette answers only the requests it recorded (``runtime.agent.conversation`` says what is
compared). After a change to what the agent is sent — the prompts, the fallback's hint, the
generated recipe, an action's result text — the examples' cassettes miss (``CassetteMiss``) though
their answers are still right. This script runs each example's recorded run again, in a scratch
folder, answering with the cassette's own answers in order, and stores the new requests with
them (the old file is kept as ``<name>.bak``):

    python examples/rerecord_cassettes.py            # all three
    python examples/rerecord_cassettes.py invoices   # or some: invoices, invoices_fallback, shop

Review the diff: only the ``request`` parts may change. To change the answers themselves,
record again with the model (``OPENAI_API_KEY`` set).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import the examples from the project root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from examples import invoices, shop
from runtime.agent.cassettes import rerecord_cassette
from runtime.agent.providers import ModelProvider

HERE = Path(__file__).resolve().parent


def _invoices_data(workdir: Path) -> Path:
    data = workdir / "data"
    shutil.copytree(HERE / "invoices_data", data, ignore=shutil.ignore_patterns("outbox"))
    os.environ["INVOICES_DATA"] = str(data)
    return data


def invoices_run(workdir: Path) -> Callable[[ModelProvider], object]:
    """The first run: the agent, for ACME Corp."""

    def run(provider: ModelProvider) -> object:
        _invoices_data(workdir)
        task = invoices.invoices.with_options(
            recipe_dir=workdir / "recipes", mock_responses=None, provider=provider
        )
        return task.run_agent(**invoices.DEFAULT_INPUTS)

    return run


def invoices_fallback_run(workdir: Path) -> Callable[[ModelProvider], object]:
    """The fallback: the recipe of the first run fails at send_reminder on the outbox service
    v2, for Globex Inc, and the agent finishes from there (as ``python examples/invoices.py``
    step 4)."""

    def run(provider: ModelProvider) -> object:
        data = _invoices_data(workdir)
        recipes = workdir / "recipes"
        first = invoices.invoices.with_options(
            recipe_dir=recipes, mock_responses=invoices.load_cassette(invoices.CASSETTE)
        )
        first.run_agent(**invoices.DEFAULT_INPUTS)
        shutil.copy(HERE / "invoices_data_v2" / "service.json", data / "service.json")
        healer = invoices.invoices.with_options(
            recipe_dir=recipes, mock_responses=None, provider=provider
        )
        return healer.run(customer="Globex Inc")

    return run


def shop_run(workdir: Path) -> Callable[[ModelProvider], object]:
    """The shop's agent run: the cheapest mug under 10 (as ``python examples/shop.py``)."""

    def run(provider: ModelProvider) -> object:
        task = shop.shop.with_options(
            recipe_dir=workdir / "recipes", mock_responses=None, provider=provider
        )
        with shop.ShopServer() as server:
            return task.run_agent(shop_url=server.url, query="mug", budget=10.0)

    return run


CASSETTES: dict[str, tuple[Path, Callable[[Path], Callable[[ModelProvider], object]]]] = {
    "invoices": (invoices.CASSETTE, invoices_run),
    "invoices_fallback": (invoices.FALLBACK_CASSETTE, invoices_fallback_run),
    "shop": (shop.CASSETTE, shop_run),
}


def main(names: list[str]) -> None:
    unknown = sorted(set(names) - set(CASSETTES))
    if unknown:
        raise SystemExit(f"unknown cassette(s) {unknown}; choose from {sorted(CASSETTES)}")
    saved = os.environ.get("INVOICES_DATA")
    try:
        for name in names or list(CASSETTES):
            path, scenario = CASSETTES[name]
            with tempfile.TemporaryDirectory(prefix=f"rerecord-{name}-") as scratch:
                written = rerecord_cassette(path, scenario(Path(scratch)))
            print(f"{name}: requests stored in {written}")
    finally:
        if saved is None:
            os.environ.pop("INVOICES_DATA", None)
        else:
            os.environ["INVOICES_DATA"] = saved


if __name__ == "__main__":
    main(sys.argv[1:])
