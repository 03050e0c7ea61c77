"""The import structure: runtime's layers and no cycles (``[tool.importlinter]`` in
pyproject.toml), and no cycle hidden by an import inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _imports_inside_functions(path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` of every import placed inside a function."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if in_function and isinstance(child, ast.ImportFrom) and child.level == 0:
                found.append((child.lineno, child.module or ""))
            if in_function and isinstance(child, ast.Import):
                found.append((child.lineno, child.names[0].name))
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_an_import_inside_a_function_says_why_it_is_lazy() -> None:
    """A project import inside a function would hide a cycle, and a library imported there
    hides a dependency; the few that stay load a heavy or platform-only library late (libcst,
    playwright, openai, ray, fcntl...) and say so on their line or the comment above."""
    unexplained = []
    for path in sorted((ROOT / "runtime").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for line, module in _imports_inside_functions(path):
            said, above = lines[line - 1], line - 2
            while above >= 0 and lines[above].strip().startswith(("#", "import ", "from ")):
                said += lines[above]  # the comment above it (over the imports of its group)
                above -= 1
            if above >= 0:
                said += lines[above]  # or on the line that opens the block (``try:  # ...``)
            if "#" not in said:
                unexplained.append(f"{path.relative_to(ROOT)}:{line}: import of {module}")
    assert not unexplained, "move these imports to the top of their module:\n" + "\n".join(
        unexplained
    )


def test_every_runtime_module_imports_first_in_a_fresh_interpreter() -> None:
    """Whatever module a program imports first, it imports: no order-dependent cycle."""
    modules = []
    for path in sorted((ROOT / "runtime").rglob("*.py")):
        if path.name == "__main__.py":
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    code = (
        "import importlib, subprocess, sys\n"
        "bad = [m for m in sys.argv[1:] if subprocess.run([sys.executable, '-c', "
        "f'import {m}'], capture_output=True).returncode]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *modules], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_replay_loads_no_heavy_library() -> None:
    """The lazy imports above keep these out of ``recipe replay`` and of every pytest session
    (the plugin): the code generator, the model client and the browser load when used."""
    heavy = ["black", "httpx", "jinja2", "libcst", "openai", "playwright", "rich"]
    code = (
        "import sys\n"
        "import runtime.cli, runtime.tasks.task, runtime.run.replay_folder, runtime.browser\n"
        "import runtime.run.pytest_plugin, runtime.batch._worker, runtime.recipe_main\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(heavy)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
