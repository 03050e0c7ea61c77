"""Counts typed after a loop that decides per item, named other ways than by the action
(``compiler/passes/_decided_counts.py``): the items the only acting side left (``kept``,
``skipped``, ``not_refunded``), every item by the list's own name (``orders``), and an action
done again (``reordered`` of ``place_order``). Each is code only when the recording tells it
apart from the other counts; anything else stays as typed, used only while the list is as
recorded."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from compiler.passes._decided_counts import _again, _Counted, _counts_acted, _numbers_told
from tests.compiler.test_round12_redteam import body, decided_trace

ORDERS = {"O-1": 250.0, "O-2": 40.0, "O-3": 180.0, "O-4": 10.0, "O-5": 20.0}
"""Two orders over 100 (refunded), three under (left)."""


def refund_report(report: str, **finished: int) -> str:
    return body(
        decided_trace(
            ORDERS,
            description=f"Refund every order over 100 EUR. Report {report}.",
            **finished,
        )
    )


def test_the_items_the_only_side_left_are_the_list_less_the_side() -> None:
    for name in ("kept", "orders_kept", "skipped", "not_refunded", "skipped_count"):
        src = refund_report(f"how many you refunded and the {name}", refunded=2, **{name: 3})
        assert f"{name}=len(order_ids) - len(refund_order_ids)" in src, (name, src)
        assert "same_as_recorded(order_ids" not in src, src


def test_a_left_count_that_is_not_the_items_left_stays_as_typed() -> None:
    src = refund_report("how many you refunded and kept", refunded=2, kept=4)
    assert "kept=4" in src
    assert src.index("same_as_recorded(order_ids") < src.index("return ")


def test_a_name_that_may_mean_either_way_is_no_count_of_the_items_left() -> None:
    # ``pending`` may name the refunds waiting as much as the orders never refunded.
    src = refund_report("how many you refunded and how many are pending", refunded=2, pending=3)
    assert "pending=3" in src
    assert src.index("same_as_recorded(order_ids") < src.index("return ")


def test_a_count_named_as_the_list_counts_every_item() -> None:
    src = refund_report("how many you refunded and how many orders", refunded=2, orders=5)
    assert "orders=len(order_ids)" in src, src
    assert "same_as_recorded(order_ids" not in src, src


def test_a_count_named_as_the_list_that_is_not_every_item_stays_as_typed() -> None:
    # Two: the refunded orders, not every order; the name alone does not say so.
    src = refund_report("how many orders you refunded", orders=2)
    assert "orders=2" in src
    assert src.index("same_as_recorded(order_ids") < src.index("return ")


def counted(*actions: str) -> _Counted:
    return _Counted(
        done="done",
        passes_numbers=True,
        acted=2,
        others=3,
        actions=set(actions),
        words=set(),
        holder="items",
        recorded=None,
    )


def test_an_action_done_again_is_counted_by_its_again_word() -> None:
    assert _again("reordered") == "ordered"
    assert _counts_acted("output reordered", counted("place_order"))
    assert _counts_acted("output restocked_products", counted("stock_product"))


def test_a_re_word_that_is_no_again_is_not_the_action() -> None:
    for word, action in (("released", "lease_car"), ("reserved", "serve_meal")):
        assert _again(word) == word
        assert not _counts_acted(f"output {word}", counted(action)), word
    assert _again("reship") == "reship"  # (a rest under five letters stays)


def test_a_text_whose_numbers_the_words_write_is_no_count() -> None:
    told = "Escalate each ticket waiting on us to tier 2. If you escalated any, email the lead."
    assert _numbers_told("Tickets were escalated to tier 2 today; please review.", told)
    for text in ("2 tickets escalated to tier 2", "tier 3 today", "see T-12", "tier 22"):
        assert not _numbers_told(text, told), text


BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from control_flow_tasks import cases, evaluate  # noqa: E402

BY_NAME = {case.name: case for case in cases()}


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("r24_access_review", ["crm: two over 90, at the limit", "wiki: none", "git: all revoked"]),
        ("r24_reorder_min_qty", ["paint: two low", "glue: none low", "mixed: all low"]),
        ("r24_idle_counts", ["web: one each", "api: all escalated", "empty queue"]),
        # (A text after the loop with "tier 2" of the words in it, sent "if you escalated any".)
        ("r24_support_email_if_any", ["web: one each", "api: all escalated", "urgent priority"]),
    ],
)
def test_everyday_counts_and_a_change_after_the_loop_replay(
    name: str, labels: list[str], tmp_path: Path
) -> None:
    report = evaluate(BY_NAME[name], tmp_path / name)
    verdicts = {o.label: o.verdict for o in report.held_out}
    assert all(verdicts[label] == "correct" for label in labels), verdicts
    assert "WRONG" not in verdicts.values(), verdicts


def test_a_change_the_words_make_on_one_side_stops_when_that_side_is_empty(
    tmp_path: Path,
) -> None:
    # "If you escalated any, email the lead": every ticket closed, none escalated.
    report = evaluate(BY_NAME["r24_support_email_if_any"], tmp_path)
    found = next(o for o in report.held_out if o.label == "adv: nothing escalated")
    assert found.verdict == "safe stop", found
    assert "escalate_ticket_stale_tickets is empty" in (found.error or ""), found
