"""``runtime.browser`` exports exactly its public names."""

from __future__ import annotations

import types

import runtime.browser as browser

IMPORTED_FOR_TYPES = {"Any", "Expr", "LiteralExpr", "LocatorExpr", "annotations"}


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(browser).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name not in IMPORTED_FOR_TYPES
    }
    assert sorted(browser.__all__) == sorted(public)
    assert list(browser.__all__) == sorted(browser.__all__)
    assert len(browser.__all__) == len(set(browser.__all__))
