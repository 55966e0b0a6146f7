"""Every IFEval checker, table-driven: one response that follows the instruction and one that
does not, chosen at the edges of each rule (strict '<', inclusive '>=', case, whitespace)."""

from __future__ import annotations

from typing import Any

import pytest

from reward_server.ifeval import CHECKERS, follows, parse_args

EN = "This is a plain English answer about the weather and the garden in spring."

# (instruction id, kwargs, follows, does not follow)
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "keywords:existence",
        {"keywords": ["garden", "Rain"]},
        "The GARDEN needs rain.",
        "The garden is dry.",
    ),
    (
        "keywords:frequency",
        {"keyword": "cat", "frequency": 2, "relation": "at least"},
        "Cat and cat.",
        "One cat.",
    ),
    (
        "keywords:frequency",
        {"keyword": "cat", "frequency": 2, "relation": "less than"},
        "One cat.",
        "Cat, CAT.",
    ),
    (
        "keywords:forbidden_words",
        {"forbidden_words": ["war"]},
        "A software warning.",
        "No War here.",
    ),
    (
        "keywords:letter_frequency",
        {"letter": "Z", "let_frequency": 3, "let_relation": "at least"},
        "zzZ",
        "zz",
    ),
    (
        "keywords:letter_frequency",
        {"letter": "z", "let_frequency": 3, "let_relation": "less than"},
        "zz",
        "zZz",
    ),
    (
        "language:response_language",
        {"language": "de"},
        "Das ist eine kurze Antwort auf Deutsch, und sie ist ganz einfach zu verstehen.",
        EN,
    ),
    (
        "length_constraints:number_sentences",
        {"num_sentences": 3, "relation": "less than"},
        "One. Two.",
        "One. Two. Three.",
    ),
    (
        "length_constraints:number_sentences",
        {"num_sentences": 3, "relation": "at least"},
        "Mr. Li came. Then he left! Why?",
        "Mr. Li came at 3.5 p.m. today. Then he left.",
    ),
    (
        "length_constraints:number_words",
        {"num_words": 4, "relation": "at least"},
        "it's a cat",
        "a big cat",
    ),
    (
        "length_constraints:number_words",
        {"num_words": 4, "relation": "less than"},
        "a big cat",
        "it's a big cat",
    ),
    (
        "length_constraints:number_paragraphs",
        {"num_paragraphs": 2},
        "***\nFirst.\n***\nSecond.\n***",
        "First.\n***\n***\nSecond.",
    ),
    (
        "length_constraints:nth_paragraph_first_word",
        {"num_paragraphs": 2, "nth_paragraph": 2, "first_word": "Second"},
        'One.\n\n"Second, yes."',
        "One.\n\nThird.\n\nSecond.",
    ),
    (
        "detectable_content:number_placeholders",
        {"num_placeholders": 2},
        "[name] at [address]",
        "[name] at address",
    ),
    (
        "detectable_content:postscript",
        {"postscript_marker": "P.S."},
        "Body.\np. s. see you",
        "Body.\nPS see you",
    ),
    (
        "detectable_content:postscript",
        {"postscript_marker": "P.P.S"},
        "Body.\nP.P.S. more",
        "Body.\nP.S. more",
    ),
    (
        "detectable_format:number_bullet_lists",
        {"num_bullets": 2},
        "* one\n- two\n**bold** line",
        "* one\n* two\n- three",
    ),
    (
        "detectable_format:constrained_response",
        {},
        "Well... My answer is maybe.",
        "my answer is yes.",
    ),
    (
        "detectable_format:number_highlighted_sections",
        {"num_highlights": 2},
        "*a* and **b**",
        "*a* and * * and **",
    ),
    (
        "detectable_format:multiple_sections",
        {"section_spliter": "SECTION", "num_sections": 2},
        "SECTION 1\nx\nSECTION 2\ny",
        "SECTION 1\nx\nSection 2\ny",
    ),
    ("detectable_format:json_format", {}, '```json\n{"a": [1, 2]}\n```', '{"a": 1} and more'),
    ("detectable_format:title", {}, "<<My Poem>>\nroses", "<< >>\n<<broken\n>>"),
    (
        "combination:two_responses",
        {},
        "First answer.\n******\nSecond answer.",
        "Same.\n******\nSame.",
    ),
    (
        "combination:repeat_prompt",
        {"prompt_to_repeat": "Write a poem."},
        "  write a POEM. Roses are red.",
        "Sure! Write a poem.",
    ),
    (
        "startend:end_checker",
        {"end_phrase": "Any other questions?"},
        'Done. any other questions?"\n',
        "Any other questions? Bye.",
    ),
    ("startend:quotation", {}, '  "Quoted answer."  ', '"Quoted" answer.'),
    (
        "change_case:capital_word_frequency",
        {"capital_frequency": 3, "capital_relation": "at least"},
        "I DON'T agree",
        "I don't AGREE",
    ),
    (
        "change_case:capital_word_frequency",
        {"capital_frequency": 3, "capital_relation": "less than"},
        "I don't AGREE",
        "I DON'T agree",
    ),
    ("change_case:english_capital", {}, EN.upper(), EN.upper().replace("GARDEN", "Garden")),
    ("change_case:english_lowercase", {}, EN.lower(), EN),
    ("punctuation:no_comma", {}, "No commas here; none.", "One, two."),
]


def test_every_instruction_has_cases() -> None:
    assert {c[0] for c in CASES} == set(CHECKERS.names())
    assert len(CHECKERS) == 25


@pytest.mark.parametrize(("iid", "kwargs", "good", "bad"), CASES, ids=[c[0] for c in CASES])
def test_checker_pass_and_fail(iid: str, kwargs: dict[str, Any], good: str, bad: str) -> None:
    args = parse_args(iid, kwargs)
    assert follows(iid, args, good), f"{iid} should accept {good!r}"
    assert not follows(iid, args, bad), f"{iid} should reject {bad!r}"


def test_language_of_non_english_fails_english_checks() -> None:
    french = "ceci est une réponse entièrement en français, avec des mots très simples et clairs."
    args = parse_args("change_case:english_lowercase", {})
    assert french.islower() and not follows("change_case:english_lowercase", args, french)


def test_language_detection_failure_is_not_followed() -> None:
    args = parse_args("language:response_language", {"language": "en"})
    assert not follows("language:response_language", args, "12345 !!! 678")


def test_empty_response_follows_nothing() -> None:
    args = parse_args("keywords:forbidden_words", {"forbidden_words": ["x"]})
    assert not follows("keywords:forbidden_words", args, "   \n ")


def test_loose_mode_strips_wrapper_lines_and_asterisks() -> None:
    quote = parse_args("startend:quotation", {})
    text = 'Sure, here it is:\n"The answer."'
    assert not follows("startend:quotation", quote, text)
    assert follows("startend:quotation", quote, text, mode="loose")
    comma = parse_args("punctuation:no_comma", {})
    wrapped = "Sure, here you go:\nNo commas at all\nHope this helps, friend!"
    assert follows("punctuation:no_comma", comma, wrapped, mode="loose")
    assert not follows("punctuation:no_comma", comma, "a, b\nc, d\ne, f", mode="loose")
    end = parse_args("startend:end_checker", {"end_phrase": "the end"})
    assert follows("startend:end_checker", end, "Story... **the end**", mode="loose")
    assert not follows("startend:end_checker", end, "Story... **the end**")
