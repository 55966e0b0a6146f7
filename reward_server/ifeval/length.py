"""`length_constraints:*` checkers: sentences, words, and the two paragraph conventions.

IFEval has two paragraph conventions and keeps both: `number_paragraphs` separates paragraphs
with a markdown divider `***`, while `nth_paragraph_first_word` separates them with a blank line
(`\\n\\n`). An empty chunk at either end of a `***` split is forgiven (a leading or trailing
divider), an empty chunk in the middle (two dividers in a row) fails the instruction.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, model_validator

from reward_server.ifeval.base import Args, Relation, checker, compare
from reward_server.ifeval.text import count_sentences, count_words


class SentencesArgs(Args):
    num_sentences: Annotated[int, Field(ge=0)]
    relation: Relation


@checker("length_constraints:number_sentences", SentencesArgs)
def number_sentences(text: str, args: SentencesArgs) -> bool:
    return compare(count_sentences(text), args.relation, args.num_sentences)


class WordsArgs(Args):
    num_words: Annotated[int, Field(ge=0)]
    relation: Relation


@checker("length_constraints:number_words", WordsArgs)
def number_words(text: str, args: WordsArgs) -> bool:
    return compare(count_words(text), args.relation, args.num_words)


class ParagraphsArgs(Args):
    num_paragraphs: Annotated[int, Field(ge=1)]


_DIVIDER = re.compile(r"\s?\*\*\*\s?")


@checker("length_constraints:number_paragraphs", ParagraphsArgs)
def number_paragraphs(text: str, args: ParagraphsArgs) -> bool:
    """Exactly `num_paragraphs` non-empty chunks between `***` dividers."""
    chunks = _DIVIDER.split(text)
    count = len(chunks)
    for i, chunk in enumerate(chunks):
        if not chunk.strip():
            if i in (0, len(chunks) - 1):
                count -= 1
            else:
                return False
    return count == args.num_paragraphs


class FirstWordArgs(Args):
    num_paragraphs: Annotated[int, Field(ge=1)]
    nth_paragraph: Annotated[int, Field(ge=1)]
    first_word: Annotated[str, Field(min_length=1)]

    @model_validator(mode="after")
    def _in_range(self) -> FirstWordArgs:
        if self.nth_paragraph > self.num_paragraphs:
            raise ValueError("nth_paragraph must not exceed num_paragraphs")
        return self


_FIRST_WORD_STOP = frozenset(".,?!'\"")


@checker("length_constraints:nth_paragraph_first_word", FirstWordArgs)
def nth_paragraph_first_word(text: str, args: FirstWordArgs) -> bool:
    """Exactly `num_paragraphs` non-empty `\\n\\n`-separated paragraphs, and paragraph n (counted
    over the raw split, as the official scorer does) starts with `first_word`, compared case-
    insensitively after dropping leading quotes and everything from the first punctuation."""
    paragraphs = text.split("\n\n")
    count = sum(1 for p in paragraphs if p.strip())
    if args.nth_paragraph > count:
        return False
    paragraph = paragraphs[args.nth_paragraph - 1].strip()
    if not paragraph:
        return False
    word = paragraph.split()[0].strip().lstrip("'").lstrip('"')
    first = ""
    for ch in word:
        if ch in _FIRST_WORD_STOP:
            break
        first += ch.lower()
    return count == args.num_paragraphs and first == args.first_word.strip().lower()
