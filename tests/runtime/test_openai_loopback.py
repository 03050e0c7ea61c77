"""The agent through the REAL openai client, against a fake OpenAI-compatible server on
127.0.0.1 that serves the example's recorded answers over HTTP."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from examples import invoices as example
from runtime import ModelError, TaskConfig
from runtime.agent.providers import allow_model_requests
from runtime.testing import FakeOpenAIServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    shutil.copytree(
        ROOT / "examples" / "invoices_data", folder, ignore=shutil.ignore_patterns("outbox")
    )
    monkeypatch.setenv("INVOICES_DATA", str(folder))


def test_agent_over_http_with_the_openai_sdk(tmp_path: Path) -> None:
    responses = example.mock_responses()
    assert responses
    with FakeOpenAIServer(responses, expected_api_key="sk-test") as server, allow_model_requests():
        task = example.invoices.with_options(
            recipe_dir=tmp_path / "recipes",
            mock_responses=None,
            config=TaskConfig(model="fake-model", base_url=server.base_url, api_key="sk-test"),
        )
        out = task.run(customer="ACME Corp")
        requests = list(server.requests)
    assert (out.total_due, out.unpaid_count) == (1757.25, 3)
    assert task.last_run is not None and task.last_run.model_calls == len(responses)
    assert task.last_run.input_tokens > 0
    first = requests[0]
    assert first["model"] == "fake-model"
    assert first["messages"][0]["role"] == "system"
    assert {t["function"]["name"] for t in first["tools"]} >= {"find_customer", "compute", "finish"}
    # the model saw the stored variable name of its first call in the second request
    tool_msgs = [m for m in requests[1]["messages"] if m["role"] == "tool"]
    assert "find_customer_1" in tool_msgs[0]["content"]
    trace = json.loads((tmp_path / "recipes" / "invoices" / "trace.json").read_text())
    assert "sk-test" not in json.dumps(trace)
    # replay: the server is gone, and no model is needed
    again = task.run(customer="Initech")
    assert (again.total_due, again.unpaid_count) == (89.99, 1)
    assert task.last_run.model_calls == 0


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    task = example.invoices.with_options(
        recipe_dir=tmp_path / "recipes",
        mock_responses=None,
        config=TaskConfig(model="m", base_url="http://127.0.0.1:9/v1", api_key="sk-x"),
    )
    with allow_model_requests(), pytest.raises(ModelError) as info:
        task.run(customer="ACME Corp")
    text = str(info.value)
    assert "127.0.0.1:9" in text and "sk-x" not in text
    assert not (tmp_path / "recipes" / "invoices" / "recipe.py").exists()


def test_no_api_key_says_what_to_do(tmp_path: Path) -> None:
    task = example.invoices.with_options(recipe_dir=tmp_path / "r", mock_responses=None)
    with allow_model_requests(), pytest.raises(ModelError, match="OPENAI_API_KEY"):
        task.run(customer="ACME Corp")
