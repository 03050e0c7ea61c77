"""A sub-task is a read-only action only when nothing it runs changes anything: its actions, and
the tasks it depends on (which run first, as its steps), recursively. A read-only action may be
dropped from a recipe when its result is unused, and it is no effect the recipe guards."""

from __future__ import annotations

from typing import Any

from runtime import Task, action
from runtime.tasks.compose import changes_nothing


@action(read_only=True)
def read_ledger(account: str) -> float:
    """The account's balance."""
    return 0.0


@action
def open_audit(account: str) -> str:
    """Open an audit file for the account (changes the audit register)."""
    return f"audit-{account}"


def _task(name: str, actions: list[Any], depends_on: tuple[Task[Any], ...] = ()) -> Task[Any]:
    return Task(
        f"{name} for the account.",
        name=name,
        inputs={"account": str},
        outputs=str,
        actions=actions,
        depends_on=depends_on,
    )


audit = _task("audit", [open_audit])
lookup = _task("lookup", [read_ledger])
report_after_audit = _task("report_after_audit", [read_ledger], depends_on=(audit,))
report_after_lookup = _task("report_after_lookup", [read_ledger], depends_on=(lookup,))
summary = _task("summary", [read_ledger, report_after_audit])
deep = _task("deep", [read_ledger], depends_on=(report_after_audit,))
parent = _task("parent", [summary, read_ledger])


def test_read_only_actions_and_read_only_dependencies_make_a_read_only_sub_task() -> None:
    assert changes_nothing(lookup)
    assert changes_nothing(report_after_lookup)
    assert report_after_lookup.as_action().read_only


def test_a_dependency_that_changes_something_makes_the_sub_task_changing() -> None:
    assert not changes_nothing(report_after_audit)
    assert not report_after_audit.as_action().read_only


def test_the_rule_holds_through_sub_tasks_and_dependencies_of_dependencies() -> None:
    assert not summary.as_action().read_only  # an action of it is that sub-task
    assert not deep.as_action().read_only  # its dependency depends on the audit
    # The parent's trace names the sub-task among the actions that change something.
    assert "summary" in parent.spec().effects
    assert "read_ledger" not in parent.spec().effects
