"""Loading a recipe file: hand edits that define classes work, and nothing global changes."""

from __future__ import annotations

import sys
from pathlib import Path

from runtime.run.replay import load_recipe_module, recipe_function

RECIPE = """\
from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel


@dataclass
class Greeting:
    text: str


class Outputs(BaseModel):
    greeting: Words


class Words(BaseModel):
    text: str


Outputs.model_rebuild()


def greet(name: str) -> Outputs:
    return Outputs(greeting=Words(text=Greeting(f"Hello, {name}!").text))
"""


def test_a_recipe_edited_to_define_a_dataclass_loads(tmp_path: Path) -> None:
    path = tmp_path / "recipes" / "greet" / "recipe.py"
    path.parent.mkdir(parents=True)
    path.write_text(RECIPE, encoding="utf-8")
    before = set(sys.modules)

    fn = recipe_function(load_recipe_module(path), "greet", path)

    assert fn(name="Ada").greeting.text == "Hello, Ada!"
    assert set(sys.modules) == before
