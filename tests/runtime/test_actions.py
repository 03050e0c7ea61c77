"""@action: schema from the signature, validation that lists every problem, recording."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import BaseModel, SecretStr

from runtime import ActionError, TaskDefinitionError, action, recording


class Item(BaseModel):
    name: str
    price: float


@dataclasses.dataclass
class Point:
    x: int
    y: int


@action(read_only=True)
def search(query: str, limit: int = 5) -> list[Item]:
    """Search the catalogue."""
    return [Item(name=f"{query}-{i}", price=float(i)) for i in range(limit)]


@action
def move(point: Point, dx: int) -> Point:
    """Move a point right."""
    return Point(point.x + dx, point.y)


def test_schema_comes_from_signature_and_docstring() -> None:
    schema = search.tool_schema()["function"]
    assert schema["name"] == "search"
    assert schema["description"] == "Search the catalogue."
    props = schema["parameters"]["properties"]
    assert props["query"]["anyOf"][0] == {"type": "string"}
    assert props["query"]["anyOf"][1]["required"] == ["$ref"]
    assert schema["parameters"]["required"] == ["query"]
    assert search.read_only and not move.read_only


def test_validation_lists_every_problem() -> None:
    with pytest.raises(ActionError) as info:
        search.validate_args({"limit": "many", "extra": 1})
    text = str(info.value)
    assert "3 argument problems" in text
    assert "query: Field required" in text
    assert "limit:" in text and "'many'" in text
    assert "extra:" in text


@action
def call_api(url: str, headers: dict[str, str]) -> str:
    """Call an API with the given headers."""
    return "200"


@action
def call_api_with_secrets(url: str, headers: dict[str, str | SecretStr]) -> str:
    """Call an API; a header may hold a secret."""
    key = headers["X-Api-Key"]
    return "200" if isinstance(key, SecretStr) and key.get_secret_value() == "k-1" else "401"


def test_a_secret_where_the_action_wants_plain_text_says_how_to_accept_it() -> None:
    """A secret input reaches a ``$ref`` as a ``SecretStr`` (never as clear text the model
    could see or type), so an action must accept one: the error says where and how, in a
    container too."""
    headers = {"X-Api-Key": SecretStr("k-1")}
    with pytest.raises(ActionError) as info:
        call_api.validate_args({"url": "https://x", "headers": headers})
    text = str(info.value)
    assert "headers.X-Api-Key: Input should be a valid string (got SecretStr('**********'))" in text
    assert "dict[str, str | SecretStr]" in text and ".get_secret_value()" in text
    assert "k-1" not in text
    assert call_api_with_secrets("https://x", headers) == "200"  # type: ignore[arg-type]


def test_direct_call_validates_and_coerces() -> None:
    assert [i.name for i in search("pen", limit="2")] == ["pen-0", "pen-1"]  # type: ignore[arg-type]
    assert move(Point(1, 2), 3) == Point(4, 2)


def test_calls_are_recorded_inside_a_run() -> None:
    with recording() as rec:
        search("pen", limit=1)
        move(point=Point(0, 0), dx=1)
    assert [s.action.name for s in rec.steps] == ["search", "move"]
    assert rec.steps[0].result == [{"name": "pen-0", "price": 0.0}]
    assert rec.steps[1].args["point"].value == {"x": 0, "y": 0}  # type: ignore[union-attr]
    assert rec.variables == {"search_1": [Item(name="pen-0", price=0.0)], "move_1": Point(1, 0)}


def test_failed_call_is_recorded_and_reraised() -> None:
    @action
    def boom(x: int) -> int:
        """Always fails."""
        raise RuntimeError("nope")

    with recording() as rec, pytest.raises(RuntimeError):
        boom(1)
    assert rec.steps[0].status == "error"
    assert "RuntimeError: nope" in (rec.steps[0].error or "")
    assert rec.variables == {}


def test_reserved_and_bad_definitions_are_clear_errors() -> None:
    with pytest.raises(TaskDefinitionError, match="reserved"):

        @action
        def finish(x: int) -> int:
            """Clashes with the built-in."""
            return x

    with pytest.raises(TaskDefinitionError, match=r"\*args"):

        @action
        def varargs(*xs: int) -> int:
            """No schema possible."""
            return 0
