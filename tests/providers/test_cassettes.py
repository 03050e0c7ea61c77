"""Cassettes: a recorded run saved as JSON and read back as mock responses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime.cassettes import (
    Cassette,
    CassetteError,
    RecordingProvider,
    load_cassette,
    read_cassette,
    save_cassette,
)
from runtime.providers import AIResponse, MockProvider, ToolCall

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
    assert raw["schema_version"] == 1
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
    first = recorder.complete([{"role": "user", "content": "go"}], [], turn=0)
    recorder.complete([{"role": "user", "content": "go"}, first.to_message()], [], turn=1)
    assert len(recorder.responses) == 2
    assert all(r.latency_s is not None and r.input_tokens for r in recorder.responses)
    path = recorder.save(tmp_path / "recipes" / "t" / "cassette.json", task="t")
    replay = MockProvider(load_cassette(path))
    assert replay.complete([], [], turn=0).tool_calls == [ToolCall("finish", {"total": 3})]
    assert replay.complete([], [], turn=1) == recorder.responses[1]
