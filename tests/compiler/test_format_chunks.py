"""Long recipe bodies are black-formatted in chunks: the text must be exactly black's own."""

from __future__ import annotations

import gc

import black
import pytest
from trace_kit import action, call, finish, trace

from compiler import compile_trace
from compiler.errors import CompileError
from compiler.format import (
    BLACK_MODE,
    CHUNK_STATEMENTS,
    check_compiles,
    format_source,
    young_garbage_only,
)


def long_module(statements: int) -> str:
    body = []
    for i in range(statements):
        if i % 7 == 0:
            body.append(f"    # step {i}: the agent's reason, kept as a comment")
        if i % 5 == 0:
            args = ", ".join(f"arg_{k}={k * i}" for k in range(i % 17))
            body.append(f"    var_{i} = action_{i % 3}({args})")
        elif i % 5 == 1:
            body.append(f"    var_{i} = [x for x in var_{i - 1} if x > {i}]")
        elif i % 5 == 2:
            items = ", ".join(f"'key_{k}': {{'nested': [{k}, {i}]}}" for k in range(i % 9))
            body.append(f"    var_{i} = {{{items}}}")
        else:
            body.append(f"    action_{i % 4}(text='{'w' * (i % 120)}', n=var_{i - 1})")
    return (
        '"""Module doc."""\n\nfrom __future__ import annotations\n\n\n'
        "def recipe(a: int) -> int:\n"
        '    """Doc\n\n    more doc\n    """\n' + "\n".join(body) + "\n    return a\n\n\n"
        'if __name__ == "__main__":\n    recipe(1)\n'
    )


def test_chunked_formatting_equals_black_on_the_whole_module() -> None:
    source = long_module(CHUNK_STATEMENTS * 3 + 17)
    assert format_source(source, function_name="recipe") == black.format_str(
        source, mode=BLACK_MODE
    )


def test_short_bodies_and_unknown_functions_take_the_plain_path() -> None:
    short = long_module(20)
    expected = black.format_str(short, mode=BLACK_MODE)
    assert format_source(short, function_name="recipe") == expected
    assert format_source(short, function_name="nope") == expected
    assert format_source(short) == expected


@pytest.mark.parametrize("enabled", [True, False])
def test_garbage_collection_is_paused_and_restored(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with pytest.raises(RuntimeError), young_garbage_only():
            assert not gc.isenabled()
            raise RuntimeError("a compile error must not leave collection off")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_compile_trace_leaves_collection_as_it_found_it() -> None:
    compile_trace(
        trace(call(0, action("send_reminder"), email="a@b.example"), finish(1, result="sent"))
    )
    assert gc.isenabled()


def test_the_last_check_rejects_source_python_cannot_parse() -> None:
    check_compiles("def f():\n    return 1\n")
    with pytest.raises(CompileError, match="does not compile"):
        check_compiles("def f(:\n    pass\n")
