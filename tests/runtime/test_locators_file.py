"""``locators.json`` beside a recipe: written with ``recipe.py`` by every writer of the folder,
merged by a heal, optional for older and hand-written folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import compile_trace
from compiler.ir import LocatorCandidate, Trace, load_trace
from compiler.locators_file import ALTERNATES_FILE, Alternates, ElementAlternates
from runtime.errors import RecipeError
from runtime.store.folder import HealProposal, RecipeFolder

SHOP = Path(__file__).resolve().parents[2] / "recipes" / "shop"
ROLE = LocatorCandidate(strategy="role", value="button", name="Pay")
TEST_ID = LocatorCandidate(strategy="test_id", value="pay")
ID = LocatorCandidate(strategy="css", value="#pay")


def _shop() -> tuple[str, Alternates, Trace]:
    trace = load_trace((SHOP / "trace.json").read_bytes())
    compiled = compile_trace(trace)
    return compiled.source, compiled.alternates, trace


def test_save_writes_the_alternates_with_the_recipe_and_a_recompile_without_removes_them(
    tmp_path: Path,
) -> None:
    source, alternates, trace = _shop()
    folder = RecipeFolder(tmp_path / "shop")
    folder.save(trace, source, label="first", alternates=alternates)
    assert folder.load_alternates() == alternates
    assert (folder.path / ALTERNATES_FILE).read_text() == (SHOP / ALTERNATES_FILE).read_text()
    # Saved again without alternates (a recipe with none): the old file goes, into history.
    history = folder.save(trace, source, label="second")
    assert history is not None and (history / ALTERNATES_FILE).is_file()
    assert not (folder.path / ALTERNATES_FILE).exists()
    assert folder.load_alternates() == Alternates()  # no file: no alternates, no error


def test_a_heal_merges_its_elements_by_key(tmp_path: Path) -> None:
    source, alternates, trace = _shop()
    folder = RecipeFolder(tmp_path / "shop")
    folder.save(trace, source, label="first", alternates=alternates)
    pay = 'page.get_by_role("button", name="Pay")'
    healed = Alternates(elements={pay: ElementAlternates(locators=(ROLE, TEST_ID))})
    proposal = HealProposal(
        task="shop",
        based_on=source,
        source=source + "# healed\n",
        trace=trace,
        alternates=healed,
    )
    folder.save_proposal(proposal)
    assert folder.load_proposal().alternates == healed
    folder.write_heal(proposal, label="heal")
    merged = folder.load_alternates()
    assert set(merged.elements) == {*alternates.elements, pay}


def test_two_elements_with_one_key_keep_only_the_alternates_they_share() -> None:
    key = 'page.get_by_role("button", name="Pay")'
    both = (
        Alternates()
        .add(key, ElementAlternates(locators=(ROLE, TEST_ID, ID), rows=("li", "div")))
        .add(key, ElementAlternates(locators=(ROLE, ID), rows=("li",)))
    )
    assert both.elements[key].locators == (ROLE, ID)
    assert both.elements[key].rows == ("li",)
    assert Alternates.loads(both.dumps()) == both


def test_an_invalid_file_is_an_error_that_names_it(tmp_path: Path) -> None:
    folder = RecipeFolder(tmp_path / "shop")
    folder.path.mkdir()
    (folder.path / ALTERNATES_FILE).write_text('{"elements": {"x": {}}}')
    with pytest.raises(RecipeError, match=r"locators\.json: not a valid locators file"):
        folder.load_alternates()
