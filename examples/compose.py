"""Example: two tasks composed, and a task with memory.

``contact`` finds a customer's billing email and id. ``follow_up`` uses it as an action, totals
the customer's unpaid invoices (the invoices example's data) and keeps a follow-up list of
emails in its permanent memory (``recipes/memory.sqlite``), returning the total and how many
customers are on the list.

    python examples/compose.py     # the whole demo, in examples/.demo-compose/

1. the agent runs ``follow_up`` once; inside it, ``contact``'s own agent runs once: two recipes,
   and the parent's calls the child's (``contact_outputs = contact(customer=customer)``);
2. both replay for other customers with zero model calls; the list in memory grows, because
   the recipe reads memory when it runs, not what the recording saw;
3. a name the directory does not know as written ("globex inc"): ``contact``'s recipe fails
   at ``find_customer``, and only ``contact``'s agent finishes its part (it searches); the
   parent's recipe goes on, without its model;
4. a replay in the background, its status, and what the runs cost.

Without ``OPENAI_API_KEY`` (or with ``RECIPE_USE_MOCKS=1``) the models' answers come from
recorded runs: ``compose.cassette.json`` (``follow_up``) and ``compose_contact.cassette.json``
(``contact``: its agent run, then its fallback). ``python examples/compose.py --rerecord``
stores the requests the current code sends with those answers, offline.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import the examples from the project root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from examples.invoices import Customer, data_dir, find_customer, list_invoices
from runtime import AIResponse, Task, TaskConfig, action
from runtime.agent.cassettes import load_cassette, rerecord_cassette
from runtime.agent.messages import Message
from runtime.agent.providers import MockProvider, ModelProvider, provider_from_env

HERE = Path(__file__).resolve().parent
CONTACT_CASSETTE = HERE / "compose_contact.cassette.json"
FOLLOW_UP_CASSETTE = HERE / "compose.cassette.json"


@action(read_only=True)
def search_customers(query: str) -> list[Customer]:
    """Customers whose name contains the query, ignoring case."""
    rows = json.loads((data_dir() / "customers.json").read_text())
    return [Customer(**r) for r in rows if query.lower() in r["name"].lower()]


class ExampleModel:
    """The model a task of this example talks to: the answers recorded in ``cassette``, or the
    real model when ``OPENAI_API_KEY`` is set. ``inner`` can be swapped (``--rerecord``)."""

    def __init__(self, cassette: Path) -> None:
        self.cassette = cassette
        self.inner: ModelProvider = (
            provider_from_env()
            if os.environ.get("OPENAI_API_KEY") and os.environ.get("RECIPE_USE_MOCKS") != "1"
            else MockProvider(load_cassette(cassette), task_name=cassette.stem)
        )
        self.name = "mock" if isinstance(self.inner, MockProvider) else self.inner.name

    def complete(
        self, messages: list[Message], tools: list[dict[str, Any]], *, turn: int
    ) -> AIResponse:
        return self.inner.complete(messages, tools, turn=turn)


CONTACT_MODEL = ExampleModel(CONTACT_CASSETTE)
FOLLOW_UP_MODEL = ExampleModel(FOLLOW_UP_CASSETTE)

contact = Task(
    "Find the customer's billing email and customer id.",
    name="contact",
    inputs={"customer": str},
    outputs={"email": str, "customer_id": str},
    actions=[find_customer, search_customers],
    provider=CONTACT_MODEL,
)

follow_up = Task(
    "Get the customer's contact details with the contact task, total their unpaid invoices, "
    "and add their email to the follow-up list kept in memory under 'follow_up' (each email "
    "once, sorted). Report the total due and how many customers are on the list.",
    name="follow_up",
    inputs={"customer": str},
    outputs={"total_due": float, "on_list": int},
    actions=[contact, list_invoices],
    memory_scope="permanent",
    provider=FOLLOW_UP_MODEL,
    config=TaskConfig(max_duration_seconds=120, max_retries=2),
)

DEFAULT_INPUTS = {"customer": "ACME Corp"}


def demo(workdir: Path, *, show: bool = True) -> None:
    """The steps of the module docstring, in ``workdir`` (emptied first)."""
    say = print if show else (lambda *_, **__: None)
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    shutil.copytree(
        HERE / "invoices_data", workdir / "data", ignore=shutil.ignore_patterns("outbox")
    )
    os.environ["INVOICES_DATA"] = str(workdir / "data")
    # The tasks keep their recipes in ./recipes, and a recipe imports the sub-task from this
    # module: work in the scratch folder, with the project root importable.
    os.chdir(workdir)
    memory_file = workdir / "recipes" / "memory.sqlite"

    say("== 1. The agent runs follow_up once; contact's own agent runs inside it")
    say(follow_up.run(customer="ACME Corp"))
    say(_report(follow_up), _report(contact), sep="\n")
    for task in (follow_up, contact):
        say(f"\n-- {task.folder.recipe_path}:")
        say(task.folder.recipe_path.read_text().split("\n\n\n", 1)[-1])

    say("== 2. Both recipes replay for other customers: zero model calls; memory grows")
    for customer in ("Globex Inc", "Initech"):
        say(customer, "→", follow_up.run(customer=customer))
        say(_report(follow_up))
    say("follow-up list in", memory_file, "→", _memory(memory_file))

    say("\n== 3. 'globex inc' is not a name the directory knows: contact falls back inside")
    say("   itself (it searches), and follow_up's recipe goes on without its model")
    say(follow_up.run(customer="globex inc"))
    say(_report(contact), _report(follow_up), sep="\n")

    say("\n== 4. A replay in the background, its status, and what the runs cost")
    execution = follow_up.run_async(customer="Umbrella Ltd")
    say(execution.wait(timeout=60))
    say("\n".join(execution.status().lines()))
    from runtime.actions.costs import cost_lines

    for task in (follow_up, contact):
        say(f"{task.name}:", *cost_lines(task.folder.path, task.folder.load_trace()), sep="\n")


def _report(task: Task[Any]) -> str:
    assert task.last_run is not None
    return task.last_run.report()


def _memory(path: Path) -> Any:
    from runtime.tasks.memory import SqliteMemory

    return SqliteMemory(path).get("follow_up")


def rerecord(workdir: Path) -> None:
    """Store with each cassette's answers the requests the current code sends for them,
    offline (after a prompt or recipe change; the answers stay as they are): the demo runs
    once per cassette, that task answering through ``rerecord_cassette``, the other from its
    cassette's answers, unchecked."""
    models = (CONTACT_MODEL, FOLLOW_UP_MODEL)
    for model in models:

        def run(provider: ModelProvider, model: ExampleModel = model) -> None:
            for other in models:
                answers = [
                    r.model_copy(update={"request": None}) for r in load_cassette(other.cassette)
                ]
                other.inner = provider if other is model else MockProvider(answers)
            demo(workdir, show=False)

        print(f"wrote {rerecord_cassette(model.cassette, run)}")


if __name__ == "__main__":
    root = Path.cwd()
    try:
        if "--rerecord" in sys.argv:
            rerecord(HERE / ".demo-compose")
        else:
            demo(HERE / ".demo-compose")
    except Exception as exc:  # show a readable message, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        os.chdir(root)
