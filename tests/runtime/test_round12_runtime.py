"""Round-12 red team, runtime:

- An exception bridge names the action whose call raised (``refused_as_recorded(error, "...",
  action="send_email")``): a statement that calls a helper making several calls may fail in
  another of them with the same message, and the bridge answers only the failure it was made
  from. A recipe written before the argument keeps working.
- ``recipe batch`` redacts the values of the inputs the task declares secret (a row is read as
  plain text, not as the task's ``SecretStr``) in everything it writes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from runtime import AIResponse, Task, TaskConfig, ToolCall, action
from runtime.actions.recorder import RunRecorder, recording
from runtime.errors import FallbackError, SideExit
from runtime.expect import raised_as, raised_by, refused_as_recorded

EFFECTS: list[tuple[str, ...]] = []

LOCKED = {"C-9", "C-8"}  # the API refuses to cancel these accounts
UNSUBSCRIBED = {"C-2", "C-3", "C-8"}  # the API refuses to email these customers


class ApiError(Exception):
    """An error answer of the subscriptions API (every call's)."""


@action
def cancel_subscription(customer_id: str) -> str:
    """Cancel the customer's subscription; returns the cancellation id."""
    if customer_id in LOCKED:
        raise ApiError("403 Forbidden")
    EFFECTS.append(("cancel", customer_id))
    return f"CX-{customer_id}"


@action
def send_email(customer_id: str, template: str) -> str:
    """Email the customer using a template; returns the message id."""
    if customer_id in UNSUBSCRIBED:
        raise ApiError("403 Forbidden")
    EFFECTS.append(("email", customer_id))
    return f"MSG-{customer_id}"


@action
def add_note(customer_id: str, text: str) -> str:
    """Add a note to the customer's account; returns the note id."""
    EFFECTS.append(("note", customer_id, text))
    return f"NOTE-{customer_id}"


def say(why: str, name: str, **args: Any) -> AIResponse:
    return AIResponse(content=why, tool_calls=[ToolCall(name, dict(args))])


CUSTOMER = {"$ref": "customer_id"}
RECORD = [
    say("I cancel the subscription.", "cancel_subscription", customer_id=CUSTOMER),
    say("I email the confirmation.", "send_email", customer_id=CUSTOMER, template="cancellation"),
    say("Sent.", "finish", message={"$ref": "send_email_1"}),
]
NOT_NOTIFIED = "Subscription cancelled; confirmation email refused (403), customer not notified."
NOT_CANCELLED = "Cancellation refused (403): the subscription is still active."


def note_fallback(text: str) -> list[AIResponse]:
    return [
        say(
            "The call was refused (403): I note it on the account.",
            "add_note",
            customer_id=CUSTOMER,
            text=text,
        ),
        say("Done.", "finish", message={"$ref": "add_note_1"}),
    ]


def cancel_task(recipes: Path, mocks: list[AIResponse]) -> Task[Any]:
    return Task(
        "Cancel the customer's subscription and email them the cancellation confirmation. "
        "Return the id of the message that tells the customer (or the account note).",
        name="cancel_sub",
        inputs={"customer_id": str},
        outputs={"message": str},
        actions=[cancel_subscription, send_email, add_note],
        recipe_dir=recipes,
        mock_responses=mocks,
        config=TaskConfig(heal="auto"),
    )


HELPER = '''
def cancel_and_confirm(customer_id: str) -> str:
    """Cancel, then send the confirmation (one unit of work)."""
    cancel_subscription(customer_id=customer_id)
    return send_email(customer_id=customer_id, template="cancellation")


def cancel_sub(customer_id: str) -> CancelSubOutputs:
    """Cancel the customer's subscription and email them the cancellation confirmation."""
    message = cancel_and_confirm(customer_id)
    return CancelSubOutputs(message=message)
'''


@pytest.fixture(autouse=True)
def _clean() -> None:
    EFFECTS.clear()


def refactored(tmp_path: Path) -> Path:
    """Record C-1, move the two calls into a helper (a user's edit), heal C-2's refused email
    with a note; the recipe's path."""
    cancel_task(tmp_path, RECORD).run(customer_id="C-1")
    path = tmp_path / "cancel_sub" / "recipe.py"
    source = path.read_text()
    body = source[source.index("\ndef cancel_sub(") : source.rindex("\n\nif __name__")]
    path.write_text(source.replace(body, HELPER))
    healing = cancel_task(tmp_path, note_fallback(NOT_NOTIFIED))
    assert healing.run(customer_id="C-2").message == "NOTE-C-2"
    assert healing.last_run is not None and healing.last_run.healed, healing.last_run.warnings
    return path


def replayed(task: Task[Any], customer_id: str) -> list[tuple[str, ...]]:
    EFFECTS.clear()
    task.run(customer_id=customer_id)
    assert task.last_run is not None and task.last_run.model_calls == 0
    return list(EFFECTS)


def test_a_bridge_around_a_helper_call_answers_only_the_action_it_was_made_from(
    tmp_path: Path,
) -> None:
    source = refactored(tmp_path).read_text()
    assert "refused_as_recorded(error, 'ApiError: 403 Forbidden', action='send_email')" in source
    replayer = cancel_task(tmp_path, [])
    assert replayed(replayer, "C-3") == [("cancel", "C-3"), ("note", "C-3", NOT_NOTIFIED)]
    EFFECTS.clear()
    # C-9: the cancellation is refused with the same message: no "cancelled" note.
    with pytest.raises(FallbackError, match=r"cancel_subscription\(customer_id='C-9'\) raised"):
        replayer.run(customer_id="C-9")
    assert EFFECTS == []


def test_a_heal_of_the_other_actions_failure_goes_before_the_bridges_check(
    tmp_path: Path,
) -> None:
    refactored(tmp_path)
    healing = cancel_task(tmp_path, note_fallback(NOT_CANCELLED))
    assert healing.run(customer_id="C-9").message == "NOTE-C-9"
    assert healing.last_run is not None and healing.last_run.healed, healing.last_run.warnings
    source = (tmp_path / "cancel_sub" / "recipe.py").read_text()
    assert "raised_as(error, 'ApiError: 403 Forbidden', action='send_email')" in source
    assert "action='cancel_subscription')" in source
    replayer = cancel_task(tmp_path, [])
    assert replayed(replayer, "C-8") == [("note", "C-8", NOT_CANCELLED)]
    assert replayed(replayer, "C-3") == [("cancel", "C-3"), ("note", "C-3", NOT_NOTIFIED)]
    assert replayed(replayer, "C-4") == [("cancel", "C-4"), ("email", "C-4")]


def test_a_bridge_around_the_action_call_itself_does_not_name_it(tmp_path: Path) -> None:
    """``message = send_email(...)`` makes one call: the check stays as it was."""
    cancel_task(tmp_path, RECORD).run(customer_id="C-1")
    healing = cancel_task(tmp_path, note_fallback(NOT_NOTIFIED))
    assert healing.run(customer_id="C-2").message == "NOTE-C-2"
    source = (tmp_path / "cancel_sub" / "recipe.py").read_text()
    assert "refused_as_recorded(error, 'ApiError: 403 Forbidden')" in source
    assert "action=" not in source


def test_refused_as_recorded_checks_which_call_raised() -> None:
    recorder = RunRecorder("recipe")
    with recording(recorder):
        with pytest.raises(ApiError) as cancelled:
            cancel_subscription(customer_id="C-9")
        error = cancelled.value
        # an old recipe's check, without the action, goes on as before
        refused_as_recorded(error, "ApiError: 403 Forbidden")
        refused_as_recorded(error, "ApiError: 403 Forbidden", action="cancel_subscription")
        assert raised_by(error, "cancel_subscription")
        assert not raised_as(error, "ApiError: 403 Forbidden", action="send_email")
        with pytest.raises(SideExit, match="by cancel_subscription, not by send_email"):
            refused_as_recorded(error, "ApiError: 403 Forbidden", action="send_email")
        # an exception no recorded call raised is no action's
        other = ApiError("403 Forbidden")
        assert not raised_by(ApiError("404 Not Found"), "cancel_subscription")
        with pytest.raises(SideExit, match="not by send_email"):
            refused_as_recorded(other, "ApiError: 403 Forbidden", action="send_email")
    assert not raised_by(error, "cancel_subscription")  # no run in progress: not known


# --------------------------------------------------------------------------- batch secrets


@action(read_only=True)
def fetch_balance(account: str, token: SecretStr) -> dict[str, Any]:
    """The account's balance (needs the API token); the service echoes the token."""
    key = token.get_secret_value()
    if account == "BAD":
        raise ValueError(f"account {account} unknown (request: GET /bal?acct={account}&key={key})")
    return {"account": account, "balance": 120.5, "auth_echo": f"Bearer {key}"}


@action
def post_note(account: str, text: str) -> str:
    """Post a note on the account."""
    EFFECTS.append(("post", account, text))
    return f"N-{account}"


def balance_task(recipes: Path, mocks: list[AIResponse]) -> Task[Any]:
    return Task(
        "Look up the account's balance with the API token and post a note with the balance on "
        "the account.",
        name="sec_note",
        inputs={"account": str, "token": SecretStr},
        outputs={"note": str},
        actions=[fetch_balance, post_note],
        recipe_dir=recipes,
        mock_responses=mocks,
    )


ACCOUNT = {"$ref": "account"}
BALANCE = [
    say(
        "I fetch the balance.",
        "fetch_balance",
        account=ACCOUNT,
        token={"$ref": "token"},
    ),
    say(
        "Balance is 120.5; I post it.",
        "post_note",
        account=ACCOUNT,
        text="Balance: 120.5",
    ),
    say("Done.", "finish", note={"$ref": "post_note_1"}),
]


def test_a_batch_writes_no_secret_input_read_from_its_rows(tmp_path: Path) -> None:
    balance_task(tmp_path, BALANCE).run(account="A1", token=SecretStr("tok-SECRETAAA"))
    unknown = [
        say(
            "The account is unknown: I note it.",
            "post_note",
            account=ACCOUNT,
            text="Unknown account.",
        ),
        say("Done.", "finish", note={"$ref": "post_note_1"}),
    ]
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        '{"account": "A5", "token": "tok-SECRETGGG"}\n'
        '{"account": "BAD", "token": "tok-SECRETHHH"}\n'
        '{"account": "A7", "token": 4711}\n'
    )
    out = tmp_path / "res.jsonl"
    report = balance_task(tmp_path, unknown).batch(rows, out=out)
    modes = [json.loads(line)["mode"] for line in out.read_text().splitlines()]
    assert sorted(modes) == ["failed", "recipe", "recipe+fallback"], report
    written = [out, *sorted((tmp_path / "res.runs").glob("*.json"))]
    assert len(written) == 3  # the two rows that ran keep their run records
    text = "\n".join(path.read_text() for path in written)
    assert "ValueError: account BAD unknown" in text and "Bearer **********" in text
    for secret in ("SECRETGGG", "SECRETHHH"):
        assert secret not in text
    # (The number token as a value of its own: inside a timing's digits it is no secret.)
    assert not re.search(r"(?<![\d.])4711(?![\d.])", text), text
