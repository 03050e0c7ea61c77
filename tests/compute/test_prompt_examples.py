"""The compute examples the system prompt teaches are valid expressions that evaluate."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace as NS

import pytest

from compiler.expr import validate_expression
from runtime.agent.compute import evaluate
from runtime.agent.prompting import SYSTEM_PROMPT, compute_tool_schema

EXAMPLES = [
    example.strip()
    for line in re.findall(r"^   - [a-z ]+: (.+)$", SYSTEM_PROMPT, re.MULTILINE)
    for example in re.split(r", (?=[a-z]+\()|\(no lambdas.*\)$", line)
    if example.strip()
]

VARIABLES = {
    "list_invoices_1": [NS(paid=False, amount=10.0), NS(paid=True, amount=5.0)],
    "compute_1": [NS(paid=False, amount=10.0)],
    "products": [NS(price=3.0), NS(price=1.5)],
    "flights": [NS(price=90, code="LH1", stops=0), NS(price=80, code="FR2", stops=2)],
    "max_stops": 1,
    "customer": "ACME",
    "ticket": NS(opened="2025-03-01"),
    "days": 3,
    "get_order_1": NS(total=250.0),
}


def test_the_prompt_teaches_every_kind_of_reasoning() -> None:
    for kind in ("filtering", "sorting", "picking", "arithmetic", "formatting", "date arithmetic"):
        assert kind in SYSTEM_PROMPT
    assert "date arithmetic" in compute_tool_schema()["function"]["description"]
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("expression", EXAMPLES)
def test_each_example_is_allowed_and_evaluates(expression: str) -> None:
    validate_expression(expression)
    evaluate(expression, VARIABLES)


def test_the_examples_compute_what_they_say() -> None:
    results = {e: evaluate(e, VARIABLES) for e in EXAMPLES}
    assert "FR2" not in results.values() and "LH1" in results.values()  # within max_stops
    assert date(2025, 3, 4).isoformat() in results.values()
