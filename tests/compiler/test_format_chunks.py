"""Long recipe bodies are black-formatted in chunks: the text must be exactly black's own."""

from __future__ import annotations

import black

from compiler.format import BLACK_MODE, CHUNK_STATEMENTS, format_source


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
