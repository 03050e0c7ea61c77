"""``says_count``: a batch call's text answer still says the count the recipe works out (the
items it gave), in the words the recording's answer had."""

from __future__ import annotations

import pytest

from runtime.expect import says_count


@pytest.mark.parametrize(
    ("answer", "count", "said"),
    [
        ("archived 3", 3, True),
        ("archived 2", 2, True),
        ("archived 1", 3, False),  # fewer done than given
        ("archived 3 (1 skipped)", 3, False),  # more said than the recording's answer
        ("none archived: 3 were locked", 3, False),  # the number of something else
        ("Archived 3", 3, False),  # not the recording's words
        (3, 3, False),  # not a text
    ],
)
def test_the_answer_reads_as_recorded_but_for_the_count(
    answer: object, count: int, said: bool
) -> None:
    assert says_count(answer, "archived 2", count) is said


def test_a_recorded_answer_without_exactly_one_number_says_nothing() -> None:
    assert not says_count("archived 2 of 2", "archived 2 of 2", 2)
    assert not says_count("done", "done", 2)
