"""Cassettes: a recorded run saved as JSON and read back as mock responses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime import CassetteMiss, ModelError
from runtime.agent.cassettes import (
    Cassette,
    CassetteError,
    RecordingProvider,
    load_cassette,
    read_cassette,
    rerecord_cassette,
    save_cassette,
)
from runtime.agent.messages import SystemMessage, ToolResultMessage, UserMessage
from runtime.agent.providers import AIResponse, MockProvider, ModelProvider, ToolCall

RESPONSES = [
    AIResponse(
        tool_calls=[ToolCall("search", {"q": 'naïve "quotes" \n'}, "call_0_0")],
        input_tokens=120,
        output_tokens=18,
        latency_s=0.42,
        model="gpt-4o-mini",
    ),
    AIResponse(tool_calls=[ToolCall("search", '{"q": ', "call_1_0")]),  # malformed, kept raw
    AIResponse(content="All done.", input_tokens=300, output_tokens=4, latency_s=0.1),
]


def test_round_trip(tmp_path: Path) -> None:
    path = save_cassette(tmp_path / "c.json", RESPONSES, task="flights", model="gpt-4o-mini")
    assert load_cassette(path) == RESPONSES
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 2
    assert (raw["task"], raw["model"]) == ("flights", "gpt-4o-mini")
    assert len(raw["responses"]) == 3
    assert raw["responses"][1]["tool_calls"][0]["raw_arguments"] == '{"q": '
    assert read_cassette(path) == Cassette(task="flights", model="gpt-4o-mini", responses=RESPONSES)


def test_overwriting_a_different_cassette_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    save_cassette(path, RESPONSES[:1], task="t", model=None)
    first = path.read_text(encoding="utf-8")
    save_cassette(path, RESPONSES[:1], task="t", model=None)
    assert not (tmp_path / "c.json.bak").exists()  # same content: nothing to keep
    save_cassette(path, RESPONSES, task="t", model=None)
    assert (tmp_path / "c.json.bak").read_text(encoding="utf-8") == first
    assert load_cassette(path) == RESPONSES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json", "c.json.bak"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CassetteError, match=r"No cassette at .*nope\.json.*OPENAI_API_KEY"):
        load_cassette(tmp_path / "nope.json")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "schema_version": 1,\n  "task": "t",\n  "responses": [,]\n}\n')
    with pytest.raises(CassetteError) as info:
        load_cassette(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 4, column 17" in message
    assert "re-record" in message


def test_schema_errors_name_the_field_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    bad = {
        "schema_version": 1,
        "task": "t",
        "responses": [
            {"content": "ok"},
            {"tool_calls": [{"arguments": {}}], "input_tokens": "many"},
        ],
    }
    path.write_text(json.dumps(bad))
    with pytest.raises(CassetteError) as info:
        load_cassette(path)
    message = str(info.value)
    assert "responses.1.tool_calls.0.name" in message
    assert "responses.1.input_tokens" in message
    assert str(path) in message


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("[]", "must be a JSON object"),
        ('{"task": "t", "responses": []}', "missing or invalid 'schema_version'"),
        ('{"schema_version": 99, "task": "t", "responses": []}', "newer than"),
    ],
)
def test_wrong_top_level(tmp_path: Path, payload: str, expected: str) -> None:
    path = tmp_path / "c.json"
    path.write_text(payload)
    with pytest.raises(CassetteError, match=expected):
        load_cassette(path)


def test_recording_provider_records_and_replays(tmp_path: Path) -> None:
    inner = MockProvider([AIResponse(tool_calls=[ToolCall("finish", {"total": 3})]), "done"])
    recorder = RecordingProvider(inner)
    assert recorder.name == "mock"
    go = UserMessage(content="go")
    first = recorder.complete([go], [], turn=0)
    recorder.complete([go, first.assistant_message()], [], turn=1)
    assert len(recorder.responses) == 2
    assert all(r.latency_s is not None and r.input_tokens for r in recorder.responses)
    path = recorder.save(tmp_path / "recipes" / "t" / "cassette.json", task="t")
    replay = MockProvider(load_cassette(path))
    again = replay.complete([go], [], turn=0)
    assert again.tool_calls == [ToolCall("finish", {"total": 3})]
    conversation = [go, again.assistant_message()]
    assert replay.complete(conversation, [], turn=1) == recorder.responses[1]


# --------------------------------------------------------------------------- matching requests

SYSTEM = SystemMessage(content="You complete a task by calling tools.")


def ask(customer: str) -> UserMessage:
    return UserMessage(content=f"Task: remind.\nInput variables:\n- customer = {customer!r}")


def stored(customer: str) -> dict[str, str]:
    """``ask(customer)`` as a cassette file stores it: the OpenAI chat shape it always had."""
    return {
        "role": "user",
        "content": f"Task: remind.\nInput variables:\n- customer = {customer!r}",
    }


def recorded_run(tmp_path: Path) -> Path:
    """A two-turn run for ACME Corp, recorded into a cassette."""
    inner = MockProvider(
        [
            AIResponse(tool_calls=[ToolCall("find_customer", {"name": "ACME Corp"}, "call_a")]),
            AIResponse(tool_calls=[ToolCall("finish", {"id": {"$ref": "find_customer_1.id"}})]),
        ]
    )
    recorder = RecordingProvider(inner)
    first = recorder.complete([SYSTEM, ask("ACME Corp")], [], turn=1)
    recorder.complete(
        [
            SYSTEM,
            ask("ACME Corp"),
            first.assistant_message(),
            ToolResultMessage(tool_call_id="call_a", content="Stored as `c` (str): 'C001'"),
        ],
        [],
        turn=2,
    )
    return recorder.save(tmp_path / "run.cassette.json", task="t")


def test_a_cassette_answers_the_conversation_it_recorded(tmp_path: Path) -> None:
    path = recorded_run(tmp_path)
    saved = json.loads(path.read_text(encoding="utf-8"))["responses"]
    assert saved[0]["request"] == {"continues": False, "messages": [stored("ACME Corp")]}
    assert saved[1]["request"] == {  # only what was sent since the answer, without the ids
        "continues": True,
        "messages": [{"role": "tool", "content": "Stored as `c` (str): 'C001'"}],
    }

    replay = MockProvider(load_cassette(path))
    # What legitimately varies is not compared: the system prompt, the tools, tool-call ids.
    first = replay.complete(
        [SystemMessage(content="New wording."), ask("ACME Corp")], [{"x": 1}], turn=1
    )
    assert first.tool_calls[0].name == "find_customer"
    tool = ToolResultMessage(tool_call_id="call_zz", content="Stored as `c` (str): 'C001'")
    answer = first.assistant_message()
    other_ids = answer.model_copy(
        update={"tool_calls": (answer.tool_calls[0].model_copy(update={"id": "call_zz"}),)}
    )
    assert (
        replay.complete([SYSTEM, ask("ACME Corp"), other_ids, tool], [], turn=2).tool_calls[0].name
        == "finish"
    )


def test_another_input_gets_a_cassette_miss_naming_the_turn_and_the_difference(
    tmp_path: Path,
) -> None:
    replay = MockProvider(load_cassette(recorded_run(tmp_path)), task_name="t")
    with pytest.raises(CassetteMiss) as info:
        replay.complete([SYSTEM, ask("Nobody Ltd")], [], turn=1)
    message = str(info.value)
    assert "turn 1" in message and "run.cassette.json" in message
    assert "message 1 (user) differs" in message
    assert "'ACME Corp'" in message and "'Nobody Ltd'" in message
    assert isinstance(info.value, ModelError) and replay.used == 0  # the answer stays unused


def test_another_tool_result_later_in_the_run_misses_too(tmp_path: Path) -> None:
    replay = MockProvider(load_cassette(recorded_run(tmp_path)), task_name="t")
    first = replay.complete([SYSTEM, ask("ACME Corp")], [], turn=1)
    changed = ToolResultMessage(tool_call_id="call_a", content="Stored as `c` (str): 'C009'")
    with pytest.raises(CassetteMiss, match=r"turn 2: .*message 3 \(tool\) differs: .*'C009'"):
        replay.complete([SYSTEM, ask("ACME Corp"), first.assistant_message(), changed], [], turn=2)


def test_a_local_servers_port_is_not_compared() -> None:
    recorder = RecordingProvider(MockProvider(["ok"]))
    recorder.complete([UserMessage(content="open http://127.0.0.1:41234/shop")], [], turn=1)
    replay = MockProvider(recorder.responses)
    again = UserMessage(content="open http://127.0.0.1:5173/shop")
    assert replay.complete([again], [], turn=1).content == "ok"
    with pytest.raises(CassetteMiss):
        MockProvider(recorder.responses).complete(
            [UserMessage(content="open http://example.com:5173/shop")], [], turn=1
        )


def test_hand_written_mock_responses_stay_a_script() -> None:
    scripted = MockProvider([AIResponse(content="first"), "second"])
    assert scripted.complete([ask("anyone")], [], turn=1).content == "first"
    assert scripted.complete([], [], turn=2).content == "second"


def test_a_format_1_cassette_still_loads_and_replays_in_order_with_a_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps({"schema_version": 1, "task": "t", "responses": [{"content": "hi"}]})
    )
    with pytest.warns(UserWarning, match="format 1 holds no requests"):
        answers = load_cassette(path)
    assert MockProvider(answers).complete([ask("anyone")], [], turn=1).content == "hi"


def test_rerecord_stores_the_current_requests_and_keeps_the_answers(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    save_cassette(path, RESPONSES[:1] + RESPONSES[2:], task="t", model="gpt-4o-mini")
    before = load_cassette(path)

    def run(provider: ModelProvider) -> None:
        first = provider.complete([SYSTEM, ask("ACME Corp")], [], turn=1)
        provider.complete([SYSTEM, ask("ACME Corp"), first.assistant_message()], [], turn=2)

    rerecord_cassette(path, run)
    after = load_cassette(path)
    assert [a.model_copy(update={"request": None}) for a in after] == before  # same answers
    assert after[0].request is not None and after[0].request.messages == [stored("ACME Corp")]
    with pytest.raises(CassetteError, match="used 1 of the cassette's 2 answers"):
        rerecord_cassette(path, lambda p: p.complete([ask("ACME Corp")], [], turn=1))
