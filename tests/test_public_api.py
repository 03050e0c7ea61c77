"""The public names: `__all__` lists exactly what the packages promise, and they import."""

from __future__ import annotations

import compiler
import runtime

CONTRACT = {"Task", "task", "action", "AIResponse", "ToolCall", "TaskConfig"}
NOT_API = {"annotations", "TYPE_CHECKING", "Any"}  # __future__ and typing helpers


def public_names(module: object) -> set[str]:
    names = {n for n in dir(module) if not n.startswith("_") and n not in NOT_API}
    return {n for n in names if type(getattr(module, n)).__name__ != "module"}


def test_runtime_all_lists_exactly_the_public_names() -> None:
    assert all(hasattr(runtime, n) for n in runtime.__all__)
    assert public_names(runtime) <= set(runtime.__all__)
    assert sorted(runtime.__all__) == list(runtime.__all__)
    assert set(runtime.__all__) >= CONTRACT


def test_contract_imports() -> None:
    from runtime import AIResponse, Task, TaskConfig, ToolCall, action, task  # noqa: F401

    assert ToolCall("x", {"a": 1}) == ToolCall(name="x", arguments={"a": 1})


def test_runtime_task_stays_the_decorator_once_its_module_is_imported() -> None:
    import runtime.tasks.decorator
    import runtime.tasks.task

    assert runtime.task is runtime.tasks.decorator.task
    assert runtime.Task is runtime.tasks.task.Task


def test_no_subpackage_shadows_a_public_name() -> None:
    """Importing a submodule sets it as an attribute of its package: a subpackage named like a
    public name (``runtime.task``, ``runtime.action``) would replace the decorator."""
    import importlib
    import pkgutil

    for info in pkgutil.walk_packages(runtime.__path__, "runtime."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    for name in runtime.__all__:
        assert type(getattr(runtime, name)).__name__ != "module", name


def test_compiler_all_lists_exactly_the_public_names() -> None:
    assert all(hasattr(compiler, n) for n in compiler.__all__)
    assert public_names(compiler) <= set(compiler.__all__)


def test_compiler_never_imports_runtime() -> None:
    import subprocess
    import sys

    code = (
        "import sys, compiler, compiler.api, compiler.codegen, compiler.passes\n"
        "assert not [m for m in sys.modules if m == 'runtime' or m.startswith('runtime.')]"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
