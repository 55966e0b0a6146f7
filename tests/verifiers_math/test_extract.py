"""The shared extraction helpers this part added or relies on (reward_server/extract.py)."""

from __future__ import annotations

import pytest

from reward_server.extract import Unparsable, answer_section, boxed_answers, last_answer_phrase


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("so the answer is 42.", "42"),
        ("The answer is: (B)", "(B)"),
        ("Final answer: $\\frac{1}{2}$", "\\frac{1}{2}"),
        ("**Answer:** C", "C"),
        ("The final answer is **B**.", "B"),
        ("answer is 3.\nLater: the answer is 4\n", "4"),
        ("ANSWER: x = 5", "x = 5"),
        ("no phrase here", None),
        ("the answer is\n", None),
    ],
)
def test_last_answer_phrase(text: str, want: str | None) -> None:
    assert last_answer_phrase(text) == want


def test_answer_section_and_boxes() -> None:
    assert answer_section("<think>a</think>b</think>c") == "c"
    with pytest.raises(Unparsable):
        answer_section("<think>never closed \\boxed{1}")
    assert [b.content for b in boxed_answers("\\boxed{a} x \\boxed{\\frac{1}{2}}")] == [
        "a",
        "\\frac{1}{2}",
    ]
    assert boxed_answers("\\boxed{unclosed") == []
