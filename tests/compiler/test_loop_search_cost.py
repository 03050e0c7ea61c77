"""The loop search stays linear in a recipe's length on runs of like calls no list explains.

Counted, not timed: how many loops the control-flow pass tries to build. A chain (every call
takes the previous result) and a run of like calls whose lists are short used to try every
length at every place: quadratic tries, each as long as the run (400 chained calls took minutes).
"""

from __future__ import annotations

from typing import Any

import pytest
from trace_kit import action, call, finish, ref, returning, trace

from compiler import compile_trace
from compiler.ir import TypeRef
from compiler.passes import _loops

ADD = action("add", module="bench.overhead")
BILL = action("bill", module="bench.overhead")  # an effect: kept though unread


def tries(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    build = _loops._build_loop

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(_loops, "_build_loop", counting)
    return counted


@pytest.mark.parametrize("steps", [40, 160])
def test_a_chain_of_calls_tries_no_loop(monkeypatch: pytest.MonkeyPatch, steps: int) -> None:
    counted = tries(monkeypatch)
    chain = [call(0, ADD, "add_0", value=ref("start"), amount=1)]
    chain += [
        call(n, ADD, f"add_{n}", value=ref(f"add_{n - 1}"), amount=n + 1) for n in range(1, steps)
    ]
    source = compile_trace(
        trace(
            *chain,
            finish(steps, result=ref(f"add_{steps - 1}")),
            inputs={"start": TypeRef(annotation="int")},
            values={"start": 0},
        )
    ).source
    assert source.count(" = add(value=") == steps  # not rolled: each call reads the one before
    assert counted == []


@pytest.mark.parametrize("steps", [40, 160])
def test_like_calls_try_at_most_as_many_repetitions_as_a_list_has_items(
    monkeypatch: pytest.MonkeyPatch, steps: int
) -> None:
    counted = tries(monkeypatch)
    bills = [
        returning(
            call(n, BILL, f"bill_{n}", customer_id=ref("customer"), number=n + 1),
            [{"id": f"{n}-{i}", "total": float(i)} for i in range(4)],
            "list[dict[str, Any]]",
        )
        for n in range(steps)
    ]
    compile_trace(trace(*bills, finish(steps, result=steps)))
    # Lists of 4 items: at most 3 repetition counts (4, 3, 2) per body length per place.
    assert 0 < len(counted) <= steps * _loops.MAX_BODY * 3
