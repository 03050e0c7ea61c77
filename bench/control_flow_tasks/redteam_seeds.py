"""Red team round 4, seeds: a task whose rule is in an attached file (``context=``). The model
read "a late fee of 7.5 EUR" in ``policy.txt`` and typed ``amount=7.5``; when the policy says
10 EUR, the recipe must not add 7.5 (it does not run: the agent records the task again, and
with no model here that is a safe stop).

Each input sets the policy as its run starts (a :class:`LazyInput`), so the held-out inputs of
:func:`evaluate` can change the attached file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from runtime import Task, action

from . import Case, Expected, HeldOut, LazyInput, effect, ref, say

POLICY = Path(tempfile.mkdtemp(prefix="bench-seeds-")) / "policy.txt"
POLICY.write_text("Late fee policy\nEvery overdue invoice gets a late fee of 7.5 EUR.\n")


class UnderPolicy(LazyInput):
    """An invoice id, given to a run while the policy file says ``fee`` (written at its start)."""

    def __init__(self, invoice_id: str, fee: float) -> None:
        self.invoice_id, self.fee = invoice_id, fee

    def resolve(self) -> str:
        POLICY.write_text(
            f"Late fee policy\nEvery overdue invoice gets a late fee of {self.fee} EUR.\n"
        )
        return self.invoice_id


def _policy_fee() -> float:
    return float(POLICY.read_text().split("late fee of ")[1].split(" EUR")[0])


class Inv(BaseModel):
    id: str
    overdue: bool


@action(read_only=True)
def get_inv(invoice_id: str) -> Inv:
    """An invoice."""
    return Inv(id=invoice_id, overdue=True)


@action
def add_fee(invoice_id: str, amount: float) -> str:
    """Add a fee to an invoice."""
    effect("add_fee", invoice_id, amount)
    return "ok"


late_fee: Task[Any] = Task(
    "Add the late fee set by the attached policy to the overdue invoice. Return the fee.",
    name="late_fee",
    inputs={"invoice_id": str},
    outputs={"fee": float},
    actions=[get_inv, add_fee],
    context=[POLICY],
)


def fee_ref(inputs: dict[str, Any]) -> Expected:
    fee = _policy_fee()
    return Expected([("add_fee", inputs["invoice_id"], fee)], {"fee": fee})


CASES: list[Case] = [
    Case(
        task=late_fee,
        features=("context file",),
        recorded={"invoice_id": UnderPolicy("I-1", 7.5)},
        answers=[
            say("I check the invoice.", "get_inv", invoice_id=ref("invoice_id")),
            say(
                "It is overdue; the policy says 7.5 EUR.",
                "add_fee",
                invoice_id=ref("invoice_id"),
                amount=7.5,
            ),
            say("Done.", "finish", fee=7.5),
        ],
        reference=fee_ref,
        held_out=[
            HeldOut("same invoice, same policy", {"invoice_id": UnderPolicy("I-1", 7.5)}),
            HeldOut("policy unchanged", {"invoice_id": UnderPolicy("I-2", 7.5)}),
            HeldOut("policy now 10 EUR", {"invoice_id": UnderPolicy("I-3", 10.0)}),
            HeldOut("same invoice, policy 10 EUR", {"invoice_id": UnderPolicy("I-1", 10.0)}),
        ],
    )
]

NEW_PATHS: dict[str, set[str]] = {
    # What the model read changed: only the agent can tell the new fee.
    "late_fee": {"policy now 10 EUR", "same invoice, policy 10 EUR"},
}
