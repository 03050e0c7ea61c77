"""The recipes committed under ``recipes/`` are what the compiler makes of their traces today.

A recipe folder's ``recipe.py`` is compiler output until someone edits it by hand or a heal
rewrites it — both legitimate, and both make it differ from ``compile(trace.json)``. So the
test cannot just compare the two: it needs to know whether the file on disk is still the text
the compiler wrote. ``tests/data/committed_recipes.json`` keeps, per folder, the SHA-256 of each
generated file as it was last regenerated:

- the file equals what the compiler makes of the trace today: fine;
- it still has the recorded hash (nobody touched it) but the compiler now makes something else:
  **stale** — the test fails and names the command that regenerates it;
- it has another hash: edited by hand or healed since it was generated — not the compiler's to
  judge, so it is skipped (regenerating would throw the edit away).

Regenerate every committed recipe (and the hashes), then review ``git diff recipes/``::

    UPDATE_GOLDEN=1 python -m pytest tests/test_committed_recipes.py
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from compiler import compile_trace
from compiler.ir import load_trace
from compiler.locators_file import ALTERNATES_FILE
from runtime.store._files import atomic_write_text

ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "recipes"
HASHES = Path(__file__).parent / "data" / "committed_recipes.json"
REGENERATE = "UPDATE_GOLDEN=1 python -m pytest tests/test_committed_recipes.py"
FOLDERS = sorted(p.parent.name for p in RECIPES.glob("*/trace.json"))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _generated(folder: Path) -> dict[str, str]:
    """The files the compiler makes of ``folder``'s trace, by name."""
    trace_path = folder / "trace.json"
    trace = load_trace(trace_path.read_bytes(), source=str(trace_path))
    compiled = compile_trace(trace)
    files = {"recipe.py": compiled.source}
    if compiled.alternates.elements:  # each element's other locators, beside the recipe
        files[ALTERNATES_FILE] = compiled.alternates.dumps()
    return files


def _recorded() -> dict[str, dict[str, str]]:
    return json.loads(HASHES.read_text(encoding="utf-8")) if HASHES.is_file() else {}


def test_there_are_committed_recipes() -> None:
    assert {"invoices", "shop"} <= set(FOLDERS)


@pytest.mark.parametrize("name", FOLDERS)
def test_a_committed_recipe_is_not_stale(name: str) -> None:
    folder = RECIPES / name
    generated = _generated(folder)
    if os.environ.get("UPDATE_GOLDEN"):
        recorded = _recorded()
        for file, text in generated.items():
            atomic_write_text(folder / file, text)
        recorded[name] = {file: _sha(text) for file, text in generated.items()}
        atomic_write_text(HASHES, json.dumps(dict(sorted(recorded.items())), indent=2) + "\n")
    hashes = _recorded().get(name)
    assert hashes is not None, (
        f"recipes/{name}/ has no recorded hash in {HASHES.relative_to(ROOT)}, so this test "
        f"cannot tell a hand edit from a stale recipe. Run: {REGENERATE}"
    )
    for file, status in _status(folder, hashes).items():
        if status == "edited":
            pytest.skip(f"recipes/{name}/{file} was edited by hand or healed since generated")
        assert status == "current", (
            f"recipes/{name}/{file} is stale: the compiler now makes something else of "
            f"recipes/{name}/trace.json. Regenerate it and review `git diff recipes/`: "
            f"{REGENERATE}"
        )


def _status(folder: Path, hashes: dict[str, str]) -> dict[str, str]:
    """Per generated file: ``current`` (what the compiler makes of the trace today), ``stale``
    (untouched since generated, but the compiler now makes something else) or ``edited``."""
    out = {}
    for file, text in _generated(folder).items():
        path = folder / file
        on_disk = path.read_text(encoding="utf-8") if path.is_file() else ""
        if on_disk == text:
            out[file] = "current"
        else:
            out[file] = "stale" if _sha(on_disk) == hashes.get(file) else "edited"
    return out


def test_a_stale_recipe_is_told_from_a_hand_edited_one(tmp_path: Path) -> None:
    """The rule itself, on a scratch copy: a hand edit is left alone, an untouched recipe that
    the compiler would now write differently is stale."""
    folder = tmp_path / "invoices"
    folder.mkdir()
    (folder / "trace.json").write_bytes((RECIPES / "invoices" / "trace.json").read_bytes())
    current = _generated(folder)["recipe.py"]
    old = current.replace("# Look up the customer", "# First I look up the customer")
    assert old != current
    hashes = {"recipe.py": _sha(old)}  # what an older compiler wrote, and recorded
    (folder / "recipe.py").write_text(old, encoding="utf-8")
    assert _status(folder, hashes) == {"recipe.py": "stale"}
    (folder / "recipe.py").write_text(old + "\n# my note\n", encoding="utf-8")
    assert _status(folder, hashes) == {"recipe.py": "edited"}
    (folder / "recipe.py").write_text(current, encoding="utf-8")
    assert _status(folder, hashes) == {"recipe.py": "current"}
