"""The imports a heal adds to a recipe (libcst's ``AddImportsVisitor``, issue 19 item 6): they
join the recipe's own ``from … import`` lines after its script-mode ``sys.path`` guard, never
above it, and black lays out what changed."""

from __future__ import annotations

import libcst as cst

from compiler.format import format_source
from runtime.run.heal import add_imports

RECIPE = '''"""Recipe for task "invoices". Edit freely."""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":  # run as a script: resolve action imports from the project root
    sys.path.insert(0, os.getcwd())

from pydantic import BaseModel

from examples.invoices import find_customer, list_invoices
from runtime.expect import expect


def invoices(customer: str) -> None:
    find_customer(customer)
'''


def added(source: str, *imports: tuple[str, str, str | None]) -> str:
    return add_imports(cst.parse_module(source), imports).code


def test_names_join_their_modules_line_after_the_path_guard() -> None:
    healed = added(
        RECIPE,
        ("examples.invoices", "send_reminder", None),
        ("runtime.expect", "same_as_recorded", None),
        ("runtime.errors", "SideExit", None),
    )
    head, _, imports = healed.partition("sys.path.insert(0, os.getcwd())\n")
    assert "examples" not in head and "runtime" not in head  # nothing imported before the guard
    assert "from examples.invoices import send_reminder, find_customer, list_invoices\n" in imports
    # a module the recipe does not import yet: a new line at the end of the block
    assert (
        "from runtime.expect import same_as_recorded, expect\n"
        "from runtime.errors import SideExit\n\n\ndef invoices("
    ) in imports
    assert healed.count("import") == RECIPE.count("import") + 1  # one new line, SideExit's
    assert format_source(healed) == healed
    compile(healed, "recipe.py", "exec")


def test_what_the_recipe_imports_already_is_not_added_again() -> None:
    assert added(RECIPE, ("examples.invoices", "list_invoices", None)) == RECIPE
    assert added(RECIPE, ("pydantic", "BaseModel", None)) == RECIPE
    edited = RECIPE.replace("import sys\n", "import sys\nfrom decimal import Decimal\n")
    assert added(edited, ("decimal", "Decimal", None)) == edited  # imported above the guard


def test_a_line_that_grows_past_100_characters_is_laid_out_by_black() -> None:
    healed = added(
        RECIPE,
        ("examples.invoices", "send_a_payment_reminder_by_registered_letter", None),
        ("examples.invoices", "mark_the_invoice_as_disputed", None),
    )
    assert (
        "from examples.invoices import (\n"
        "    mark_the_invoice_as_disputed,\n"
        "    send_a_payment_reminder_by_registered_letter,\n"
        "    find_customer,\n"
        "    list_invoices,\n"
        ")\n"
    ) in healed
    assert format_source(healed) == healed


def test_hand_written_import_lines_that_did_not_change_keep_their_layout() -> None:
    edited = RECIPE.replace(
        "from runtime.expect import expect\n", "from runtime.expect import (expect)  # mine\n"
    )
    healed = added(edited, ("examples.invoices", "send_reminder", None))
    assert "from runtime.expect import (expect)  # mine\n" in healed


def test_a_module_with_no_imports_gets_them_after_its_docstring() -> None:
    healed = added('"""A recipe."""\n\nx = 1\n', ("runtime.errors", "SideExit", None))
    assert healed == '"""A recipe."""\nfrom runtime.errors import SideExit\n\nx = 1\n'
