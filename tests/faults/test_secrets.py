"""A secret input never reaches a file the project writes in clear, and redacting it never
breaks a run, whatever the secret is (issue 18, items 1 and 2)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from compiler.ir import (
    ActionRef,
    CodeExpr,
    LiteralExpr,
    RefExpr,
    Step,
    TaskSpec,
    Trace,
    dump_trace,
    load_trace,
)
from runtime import AIResponse, FallbackError, Task, TaskConfig, ToolCall, action
from runtime.agent.redaction import REDACTED, redact
from runtime.errors import ModelError

STATE = {"expired": False}
SECRET = "hunter2-secret"


@pytest.fixture(autouse=True)
def _reset() -> None:
    STATE["expired"] = False


@action
def open_vault(user: str, password: SecretStr, code: str | None = None) -> str:
    """Open the user's vault; returns the session id."""
    if STATE["expired"] and code is None:
        raise ValueError(f"password {password.get_secret_value()!r} of {user} has expired")
    return f"session-{user}-{code or 'plain'}"


@action(read_only=True)
def renewal_code(user: str, password: SecretStr) -> str:
    """A one-time code that renews an expired password."""
    return f"code-for-{user}"


@action
def open_with_code(user: str, code: str) -> str:
    """Open the user's vault with a one-time code; returns the session id."""
    return f"session-{user}-{code}"


WHO = {"user": {"$ref": "user"}, "password": {"$ref": "password"}}


def agent_mocks() -> list[AIResponse]:
    return [
        AIResponse(content="Open the vault.", tool_calls=[ToolCall("open_vault", WHO)]),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "open_vault_1"}})]),
    ]


def bridge_mocks() -> list[AIResponse]:
    """The password expired: try again (it fails again, quoting the password), then open the
    vault another way — a bridge after the failed call."""
    return [
        AIResponse(content="Try again.", tool_calls=[ToolCall("open_vault", WHO)]),
        AIResponse(content="It expired; renew.", tool_calls=[ToolCall("renewal_code", WHO)]),
        AIResponse(
            tool_calls=[
                ToolCall(
                    "open_with_code", {"user": {"$ref": "user"}, "code": {"$ref": "renewal_code_1"}}
                )
            ]
        ),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "open_with_code_1"}})]),
    ]


def replace_mocks() -> list[AIResponse]:
    """Try again (it fails again), then call the failed action with other arguments: one
    input's need, so the heal bridges it (``except``) and the recorded path stays."""
    return [
        AIResponse(content="Try again.", tool_calls=[ToolCall("open_vault", WHO)]),
        AIResponse(tool_calls=[ToolCall("open_vault", {**WHO, "code": "renewed"})]),
        AIResponse(tool_calls=[ToolCall("finish", {"result": {"$ref": "open_vault_1"}})]),
    ]


def vault(tmp_path: Path, mocks: list[AIResponse], **config: object) -> Task[str]:
    return Task(
        "Open the vault of `user`.",
        name="vault",
        inputs={"user": str, "password": SecretStr},
        outputs=str,
        actions=[open_vault, renewal_code, open_with_code],
        config=TaskConfig(save_cassette=tmp_path / "vault.cassette.json", **config),  # type: ignore[arg-type]
        mock_responses=mocks,
        recipe_dir=tmp_path / "recipes",
    )


def files_holding(root: Path, secret: str) -> list[str]:
    """Every file under ``root`` whose text holds ``secret`` in clear."""
    return [
        str(p.relative_to(root))
        for p in sorted(root.rglob("*"))
        if p.is_file() and secret in p.read_text(encoding="utf-8", errors="replace")
    ]


@pytest.mark.parametrize("heal", ["auto", "ask", "never"])
def test_a_secret_quoted_by_a_failed_action_stays_out_of_every_file(
    tmp_path: Path, heal: str
) -> None:
    vault(tmp_path, agent_mocks()).run(user="ann", password=SECRET)
    STATE["expired"] = True
    task = vault(tmp_path, bridge_mocks(), heal=heal)
    assert task.run(user="ann", password=SECRET) == "session-ann-code-for-ann"
    run = task.last_run
    assert run is not None and run.mode == "recipe+fallback"
    folder = tmp_path / "recipes" / "vault"
    if heal == "auto":
        assert run.healed and list((folder / "runs").glob("*.json"))
    if heal == "ask":
        assert (folder / "pending" / "trace.json").is_file()
    assert files_holding(tmp_path, SECRET) == []
    assert SECRET not in run.report() and "**********" in (run.failure or "")
    # the recipe still replays (healed or not) with the real secret
    STATE["expired"] = False
    assert vault(tmp_path, []).run(user="bob", password="other") == "session-bob-plain"


def test_a_heal_that_calls_the_failed_action_again_is_redacted(tmp_path: Path) -> None:
    """The fallback makes the failed call again with other arguments: a bridge at the failed
    call, the recorded ``trace.json`` kept, the kept run redacted."""
    vault(tmp_path, agent_mocks()).run(user="ann", password=SECRET)
    STATE["expired"] = True
    task = vault(tmp_path, replace_mocks(), heal="auto")
    assert task.run(user="ann", password=SECRET) == "session-ann-renewed"
    assert task.last_run is not None and task.last_run.healed
    folder = tmp_path / "recipes" / "vault"
    trace = load_trace((folder / "trace.json").read_bytes())
    assert trace.mode != "recipe+fallback"  # the recorded run stays the recipe's trace
    assert files_holding(tmp_path, SECRET) == []
    recipe = (folder / "recipe.py").read_text()
    assert 'code="renewed"' in recipe and "except " in recipe


def test_a_failed_fallback_keeps_a_redacted_log_and_error(tmp_path: Path) -> None:
    vault(tmp_path, agent_mocks()).run(user="ann", password=SECRET)
    STATE["expired"] = True
    task = vault(tmp_path, [])  # the fallback finds no model answer
    with pytest.raises(FallbackError) as info:
        task.run(user="ann", password=SECRET)
    assert SECRET not in str(info.value) and "has expired" in str(info.value)
    assert list((tmp_path / "recipes" / "vault" / "runs").glob("*.json"))
    assert files_holding(tmp_path, SECRET) == []


def test_a_failed_agent_run_keeps_a_redacted_log(tmp_path: Path) -> None:
    mocks = agent_mocks()[:1]  # then the mock list runs out
    STATE["expired"] = True
    with pytest.raises(ModelError) as info:
        vault(tmp_path, mocks).run(user="ann", password=SECRET)
    assert SECRET not in str(info.value)
    assert list((tmp_path / "recipes" / "vault" / "runs").glob("*.json"))
    assert files_holding(tmp_path, SECRET) == []


def test_the_recipe_failure_error_is_redacted(tmp_path: Path) -> None:
    vault(tmp_path, agent_mocks()).run(user="ann", password=SECRET)
    STATE["expired"] = True
    with pytest.raises(Exception) as info:
        vault(tmp_path, [], on_failure="raise").run(user="ann", password=SECRET)
    assert "has expired" in str(info.value) and SECRET not in str(info.value)


# --------------------------------------------------------------------------- item 2


@pytest.mark.parametrize("secret", ["true", "1", "ok", "0000", "2026", "null", "e", '"', "*"])
def test_any_secret_redacts_without_breaking_the_run(tmp_path: Path, secret: str) -> None:
    task = vault(tmp_path, agent_mocks())
    assert task.run(user="ann", password=secret) == "session-ann-plain"
    run = task.last_run
    assert run is not None and run.mode == "agent"
    folder = tmp_path / "recipes" / "vault"
    trace = load_trace((folder / "trace.json").read_bytes())
    assert trace.run_id == run.run_id  # a secret like 2026 leaves the run id alone
    if secret not in "session-ann-plain":
        assert trace.outputs in ("session-ann-plain", {"result": "session-ann-plain"})
    # and the recipe replays, with the secret and a fallback that quotes it
    STATE["expired"] = True
    healed = vault(tmp_path, bridge_mocks())
    assert healed.run(user="ann", password=secret) == "session-ann-code-for-ann"
    assert healed.last_run is not None and healed.last_run.mode == "recipe+fallback"
    for path in [folder / "trace.json", *folder.glob("runs/*.json")]:
        assert load_trace(path.read_bytes()).task.name == "vault"
    STATE["expired"] = False
    assert vault(tmp_path, []).run(user="cy", password=secret) == "session-cy-plain"


# --------------------------------------------------------------------------- the function


def test_only_string_values_are_redacted() -> None:
    value = {"1": [1, True, None, 2026.5, "a1b", {"ok": "ok?"}], "true": "true"}
    assert redact(value, ["1"]) == {
        "1": [1, True, None, 2026.5, "a**********b", {"ok": "ok?"}],
        "true": "true",
    }
    assert redact(value, ["ok"])["1"][5] == {"ok": "**********?"}
    assert redact(value, []) is value


def test_redacting_twice_changes_nothing() -> None:
    for secret in ["*", "**", "hunter2", "*****"]:
        once = redact(f"a {secret} b", [secret])
        assert redact(once, [secret]) == once and secret not in once.replace(REDACTED, "")


def test_a_secret_written_escaped_is_redacted_too() -> None:
    secret = "it's a \\ secret\n"
    text = f"ValueError: {secret!r} is wrong; json: {json.dumps(secret)}"
    assert redact(text, [secret]) == f'ValueError: "{REDACTED}" is wrong; json: "{REDACTED}"'


def test_a_compute_expression_keeps_its_code() -> None:
    step = Step(
        index=0,
        action=ActionRef(name="compute", module="runtime", qualname="compute", builtin="compute"),
        args={"expression": LiteralExpr(value="x[1] == 'pw1' and len(y) > 1")},
        result_var="compute_1",
        result=True,
    )
    (args,) = [redact(step, ["1"]).args["expression"]]
    assert isinstance(args, LiteralExpr)
    assert args.value == f"x[1] == 'pw{REDACTED}' and len(y) > 1"
    assert redact(step, ["y"]).args == step.args  # a name is code, not data
    code = CodeExpr(source="f'{a}-1' + 'b1'")
    redacted = redact(code, ["1"])
    assert ast.parse(redacted.source, mode="eval")
    assert redacted.source == f"f'{{a}}-{REDACTED}' + 'b{REDACTED}'"


def test_names_ids_and_types_are_never_redacted() -> None:
    trace = Trace(
        run_id="20260101T000000Z-abc123",
        created_at="2026-01-01T00:00:00+00:00",
        task=TaskSpec(name="vault", description="Open the vault", inputs={}),
        inputs={"password": REDACTED, "user": "ann2026"},
        steps=(
            Step(
                index=0,
                action=ActionRef(name="open2026", module="m2026", qualname="open2026"),
                args={"user": RefExpr(name="user"), "note": LiteralExpr(value="2026")},
                result_var="open2026_1",
                result={"2026": 2026, "year": "2026"},
                error=None,
            ),
        ),
        outputs={"result": "2026"},
    )
    redacted = redact(trace, ["2026"])
    assert load_trace(dump_trace(redacted)) == redacted
    assert redacted.run_id == trace.run_id and redacted.created_at == trace.created_at
    assert redacted.inputs == {"password": REDACTED, "user": f"ann{REDACTED}"}
    (step,) = redacted.steps
    assert step.action == trace.steps[0].action and step.result_var == "open2026_1"
    assert step.args["note"] == LiteralExpr(value=REDACTED)
    assert step.result == {"2026": 2026, "year": REDACTED}
    assert redacted.outputs == {"result": REDACTED}
