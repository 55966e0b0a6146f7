"""The NLTK-free word, sentence and token rules the checkers count with."""

from __future__ import annotations

import pytest

from reward_server.ifeval.text import (
    count_capital_words,
    count_sentences,
    count_words,
    detect_language,
    split_sentences,
)


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("One sentence without a period", 1),
        ("First. Second? Third!", 3),
        ("Mr. Smith met Dr. Jones, e.g. at noon. They talked.", 2),
        ("Pi is 3.14 and e is 2.72. Both are irrational.", 2),
        ('He said "stop." Then he left.', 2),
        ("The U.S. economy grew. It was fast.", 2),
        ("J. R. R. Tolkien wrote books. Many of them.", 2),
        ("Take vitamin C. It helps. Ask Dr. Smith.", 3),
        ("Apples, pears, etc. The list goes on.", 2),
        ("It shines on the sun. They're warm.", 1),
        ("Wait... what happened? Nothing... Then silence.", 3),
        ("A heading\nA line without punctuation\nAnother line.", 1),
        ("**Bold statement.** Plain follow-up.", 2),
        ("", 0),
    ],
)
def test_sentence_count(text: str, n: int) -> None:
    assert count_sentences(text) == n, split_sentences(text)


def test_words_are_word_character_runs() -> None:
    assert count_words("It's state-of-the-art: 3.5 x_y!") == 9  # it s state of the art 3 5 x_y


def test_capital_words_split_contractions_and_separators() -> None:
    assert count_capital_words("I DON'T KNOW,WHY") == 5
    assert count_capital_words("WELL-KNOWN A/B ok . !") == 2
    assert count_capital_words("CANNOT") == 2


def test_language_detection_is_deterministic() -> None:
    text = "Ceci est un texte court."
    results = {detect_language(text) for _ in range(5)}
    assert results == {"fr"}
    assert detect_language("1234 ...") is None
