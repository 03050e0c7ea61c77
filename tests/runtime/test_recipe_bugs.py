"""A bug in the recipe's own code is not a changed world: it fails with a clear RecipeError
naming the file, the line and the name, starts no fallback, costs no model call and leaves the
file as the person wrote it. Errors of actions, expect(...) and guards still fall back."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from runtime import AIResponse, RecipeError, Task, ToolCall, action

SHELF = {"pen": 3, "ink": 0, "cup": 2}
TAKEN: list[str] = []


class Item(BaseModel):
    name: str
    units: int


@action(read_only=True)
def list_items(shelf: str) -> list[Item]:
    """The items on a shelf."""
    if shelf == "broken":
        raise TypeError("the shelf service sent a malformed answer")
    return [Item(name=n, units=u) for n, u in SHELF.items()]


@action
def take(item: str) -> str:
    """Take one unit of an item; returns a receipt."""
    TAKEN.append(item)
    return f"R-{item}"


def call(name: str, **args: object) -> AIResponse:
    return AIResponse(tool_calls=[ToolCall(name, dict(args))])


class Counting:
    """A model client that counts the calls it gets and answers from a script."""

    name = "counting"

    def __init__(self, answers: list[AIResponse]) -> None:
        self.answers = answers
        self.calls = 0

    def complete(self, messages: list, tools: list, *, turn: int) -> AIResponse:  # type: ignore[type-arg]
        self.calls += 1
        return self.answers.pop(0)


def shelf_task(recipes: Path, model: Counting) -> Task:
    return Task(
        "Take one unit of every item in stock on the shelf; return the receipts.",
        name="restock_shelf",
        inputs={"shelf": str},
        outputs={"receipts": list[str]},
        actions=[list_items, take],
        recipe_dir=recipes,
        provider=model,
    )


def recording() -> Counting:
    return Counting(
        [
            call("list_items", shelf={"$ref": "shelf"}),
            call("take", item={"$ref": "list_items_1.0.name"}),
            call("take", item={"$ref": "list_items_1.2.name"}),
            call("finish", receipts=[{"$ref": "take_1"}, {"$ref": "take_2"}]),
        ]
    )


@pytest.fixture
def recipe(tmp_path: Path) -> Path:
    """A recorded, committed-style recipe: a loop over the items in stock."""
    shelf_task(tmp_path, recording()).run(shelf="A")
    path = tmp_path / "restock_shelf" / "recipe.py"
    assert any(_is_the_loop(line) for line in path.read_text().splitlines())
    TAKEN.clear()
    return path


def _is_the_loop(line: str) -> bool:
    """The recipe's ``for`` statement (not a comprehension's ``for`` inside a guard)."""
    return line.startswith("    for item in ") and line.endswith(":")


def test_a_typo_in_a_hand_edit_is_a_clear_error_with_no_model_call(recipe: Path) -> None:
    source = recipe.read_text()
    loop = next(line for line in source.splitlines() if _is_the_loop(line))
    iterable = loop.split(" in ", 1)[1].rstrip(":")
    edited = source.replace(loop, loop.replace(f" in {iterable}:", " in itemz:"))
    recipe.write_text(edited)
    line = edited.splitlines().index(loop.replace(f" in {iterable}:", " in itemz:")) + 1
    model = Counting([call("finish", receipts=["R-pen"])])
    task = shelf_task(recipe.parent.parent, model)
    with pytest.raises(RecipeError) as info:
        task.run(shelf="A")
    message = str(info.value)
    assert f"{recipe}, line {line}: NameError" in message and "'itemz'" in message
    assert "no fallback was started and no model was called" in message
    assert model.calls == 0 and TAKEN == []
    assert recipe.read_text() == edited  # the person's line is still there, byte for byte
    assert not (recipe.parent / "pending").exists() and not (recipe.parent / "history").exists()


def test_a_misspelled_field_is_a_recipe_error_too(recipe: Path) -> None:
    recipe.write_text(recipe.read_text().replace("item.units", "item.unitz"))
    model = Counting([])
    with pytest.raises(RecipeError, match=r"AttributeError: .*'unitz'.*the name 'unitz'"):
        shelf_task(recipe.parent.parent, model).run(shelf="A")
    assert model.calls == 0


def test_an_action_that_raises_a_type_error_still_falls_back(recipe: Path) -> None:
    model = Counting([call("finish", receipts=[])])
    task = shelf_task(recipe.parent.parent, model)
    assert task.run(shelf="broken").receipts == []
    assert task.last_run is not None and task.last_run.mode == "recipe+fallback"
    assert model.calls == 1


def test_a_value_the_world_left_out_still_falls_back(recipe: Path) -> None:
    """An attribute of None (a lookup that found nothing) is the world's, not a typo."""
    source = recipe.read_text()
    loop = next(line for line in source.splitlines() if _is_the_loop(line))
    lookup = "    big = next((i for i in items if i.units > 99), None)\n    print(big.name)\n"
    recipe.write_text(source.replace(loop, lookup + loop, 1))
    model = Counting([call("finish", receipts=[])])
    task = shelf_task(recipe.parent.parent, model)
    assert task.run(shelf="A").receipts == []
    assert task.last_run is not None and task.last_run.mode == "recipe+fallback"
    assert model.calls == 1
