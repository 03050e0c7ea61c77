"""Turn Python types into :class:`compiler.ir.TypeRef` (source text + imports) and back to
importable paths, including for objects defined in a script run as ``__main__``."""

from __future__ import annotations

import builtins
import os
import sys
import types
import typing
from pathlib import Path
from typing import Any

from compiler.ir import ImportRef, TypeRef

_TYPING_NAMES = {
    typing.Any: "Any",
}


def module_path_of(obj: Any) -> str:
    """The importable module path of ``obj``'s defining module.

    Objects defined in a script run as ``__main__`` (``python examples/invoices.py``) get the
    dotted path of that script relative to the current directory (``examples.invoices``), which
    is how a recipe run from the project root imports them again.
    """
    module = getattr(obj, "__module__", None) or "__main__"
    if module != "__main__":
        return module
    main = sys.modules.get("__main__")
    file = getattr(main, "__file__", None)
    if not file:
        return "__main__"
    dotted = dotted_path_for_file(Path(file))
    # A recipe replayed in this process imports the action by that path: let it find the
    # running script instead of executing a second copy with its own module state.
    sys.modules.setdefault(dotted, main)  # type: ignore[arg-type]
    return dotted


def dotted_path_for_file(file: Path, root: Path | None = None) -> str:
    """``examples/invoices.py`` → ``examples.invoices`` relative to ``root`` (default: cwd)."""
    root = (root or Path(os.getcwd())).resolve()
    resolved = file.resolve()
    try:
        rel = resolved.relative_to(root)
    except ValueError:
        return resolved.stem
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) if parts else resolved.stem


def type_ref(annotation: Any) -> TypeRef:
    """Source text and imports for a type annotation (``list[Invoice]``, ``str | None``…)."""
    imports: set[tuple[str, str]] = set()
    text = _render(annotation, imports)
    return TypeRef(
        annotation=text,
        imports=tuple(ImportRef(module=m, name=n) for m, n in sorted(imports)),
    )


def _render(tp: Any, imports: set[tuple[str, str]]) -> str:
    if tp is None or tp is type(None):
        return "None"
    if tp is typing.Any:
        imports.add(("typing", "Any"))
        return "Any"
    if isinstance(tp, str):
        return tp
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(_render(a, imports) for a in args)
    if origin is typing.Literal:
        imports.add(("typing", "Literal"))
        return "Literal[" + ", ".join(repr(a) for a in args) + "]"
    if origin is typing.Annotated:
        return _render(args[0], imports)
    if origin is not None:
        base = _render(origin, imports)
        if not args:
            return base
        inner = ", ".join("..." if a is Ellipsis else _render(a, imports) for a in args)
        return f"{base}[{inner}]"
    if isinstance(tp, type):
        module, name = tp.__module__, tp.__qualname__
        if module == "builtins" and getattr(builtins, name, None) is tp:
            return name
        if module == "collections.abc":
            imports.add(("collections.abc", name))
            return name
        imports.add((module_path_of(tp), name.split(".")[0]))
        return name
    return repr(tp)
