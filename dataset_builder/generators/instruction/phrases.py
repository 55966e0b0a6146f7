"""How each instruction is worded in a prompt: several phrasings per instruction, filled from
its IFEval kwargs, so the constraint sentences themselves do not make prompts near-duplicates."""

from __future__ import annotations

import random
from typing import Any

from dataset_builder.generators.instruction.foreign import LANGUAGES


def _words(items: list[str]) -> str:
    quoted = [f'"{w}"' for w in items]
    return quoted[0] if len(quoted) == 1 else " and ".join([" ".join(quoted[:-1]), quoted[-1]])


PHRASES: dict[str, tuple[str, ...]] = {
    "keywords:existence": (
        "Work the words {kw} into your text.",
        "Make sure your answer mentions {kw}.",
        "Somewhere in the piece use {kw}.",
    ),
    "keywords:frequency": (
        'Use the word "{keyword}" {relation} {frequency} times.',
        'The word "{keyword}" must show up {relation} {frequency} times.',
        'Count your uses of "{keyword}": {relation} {frequency} of them.',
    ),
    "keywords:forbidden_words": (
        "Stay away from the words {fw}.",
        "Avoid using the words {fw} anywhere in your answer.",
        "Never use the words {fw}.",
    ),
    "keywords:letter_frequency": (
        'Make sure the letter "{letter}" appears {let_relation} {let_frequency} times.',
        'Count the letter "{letter}" as you go: it has to occur {let_relation} '
        "{let_frequency} times.",
    ),
    "length_constraints:number_sentences": (
        "Write {relation} {num_sentences} sentences.",
        "Use {relation} {num_sentences} sentences in total.",
        "The sentence count has to be {relation} {num_sentences}.",
    ),
    "length_constraints:number_words": (
        "Keep the word count at {relation} {num_words} words.",
        "Use {relation} {num_words} words overall.",
        "Length: {relation} {num_words} words.",
    ),
    "length_constraints:number_paragraphs": (
        "Write exactly {num_paragraphs} paragraphs and put a *** line between neighbouring ones.",
        "Split the text into {num_paragraphs} paragraphs divided by the markdown rule ***.",
    ),
    "length_constraints:nth_paragraph_first_word": (
        "Write {num_paragraphs} paragraphs separated by blank lines and begin paragraph "
        '{nth_paragraph} with the word "{first_word}".',
        "Use {num_paragraphs} paragraphs with one empty line between each pair. The first word "
        "of paragraph number {nth_paragraph} has to be {first_word}.",
    ),
    "detectable_content:number_placeholders": (
        "Include at least {num_placeholders} fill-in fields in square brackets like [name].",
        "Leave {num_placeholders} or more blanks for the reader written in square brackets "
        "(for example [date]).",
    ),
    "detectable_content:postscript": (
        "Close with a note that begins with {postscript_marker}",
        "Finish with a postscript that starts with {postscript_marker}",
    ),
    "detectable_format:number_bullet_lists": (
        "Include exactly {num_bullets} markdown bullet points that start with an asterisk.",
        "Give exactly {num_bullets} list items written as markdown bullets like:\n* first idea\n"
        "* second idea",
    ),
    "detectable_format:constrained_response": (
        "Reply using one of these exact sentences: My answer is yes. / My answer is no. / My "
        "answer is maybe.",
        "Include one of the following sentences verbatim: My answer is yes. | My answer is no. | "
        "My answer is maybe.",
    ),
    "detectable_format:number_highlighted_sections": (
        "Use markdown to highlight at least {num_highlights} parts of your answer like "
        "*this part*.",
        "Emphasize {num_highlights} or more phrases with single asterisks as in *key idea*.",
    ),
    "detectable_format:multiple_sections": (
        "Split your answer into {num_sections} sections and start each one with "
        '"{section_spliter} X" where X is its number.',
        "Organize the text as {num_sections} numbered sections. Open each with a line like "
        "{section_spliter} 1 then {section_spliter} 2 and so on.",
    ),
    "detectable_format:json_format": (
        "Wrap your whole answer in valid JSON.",
        "Return the answer as one JSON value (a markdown code fence around it is fine).",
    ),
    "detectable_format:title": (
        "Give your answer a title in double angular brackets like <<my title>>.",
        "Start with a heading enclosed in double angle brackets (for example <<a fine day>>).",
    ),
    "combination:two_responses": (
        "Provide two different answers separated by six asterisks (******).",
        "Draft two distinct versions and put a line of six asterisks ****** between them.",
    ),
    "combination:repeat_prompt": (
        "Before you answer copy my request above exactly as written with nothing in front of it "
        "(leave out this sentence) and only then give your answer.",
        "Begin by restating my request above character for character (not this last sentence) "
        "and then respond.",
    ),
    "startend:end_checker": (
        'End your answer with the exact phrase "{end_phrase}" and nothing after it.',
        "Your very last words must be: {end_phrase}",
    ),
    "startend:quotation": (
        "Put your whole answer inside double quotes.",
        "Enclose the complete reply in a pair of double quotation marks.",
    ),
    "change_case:capital_word_frequency": (
        "Use {capital_relation} {capital_frequency} words written in all capital letters.",
        "Fully capitalized words should appear {capital_relation} {capital_frequency} times.",
    ),
    "change_case:english_capital": (
        "Write everything in English using only capital letters.",
        "Reply in English and type the whole thing in uppercase.",
    ),
    "change_case:english_lowercase": (
        "Reply in English using only lowercase letters.",
        "Write the whole reply in English with no capital letters at all.",
    ),
    "language:response_language": (
        "Please respond only in {language_name}.",
        "Write your whole answer in the {language_name} language.",
        "Use {language_name} for the entire reply and no other language.",
    ),
    "punctuation:no_comma": (
        "Do not use any commas in your response.",
        "Avoid commas entirely.",
        "Leave out every comma.",
    ),
}


def render(instruction_id: str, kwargs: dict[str, Any], rng: random.Random) -> str:
    """One phrasing of `instruction_id`, filled from its kwargs."""
    fields = dict(kwargs)
    if "keywords" in kwargs:
        fields["kw"] = _words(kwargs["keywords"])
    if "language" in kwargs:
        fields["language_name"] = LANGUAGES[kwargs["language"]][0]
    if "forbidden_words" in kwargs:
        fields["fw"] = _words(kwargs["forbidden_words"])
    return rng.choice(PHRASES[instruction_id]).format(**fields)
