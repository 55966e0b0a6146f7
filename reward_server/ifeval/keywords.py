"""`keywords:*` checkers. Keywords are used as regular expressions, case-insensitively, as in
the official scorer (so "ai" also matches inside "said": that is the published semantics)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated

from pydantic import Field, field_validator

from reward_server.ifeval.base import Args, Relation, checker, compare


def _pattern(keyword: str) -> re.Pattern[str]:
    """Compile as a regex like the official scorer; a keyword that is not a valid regex
    ("c++") is matched literally instead of crashing the batch."""
    try:
        return re.compile(keyword, re.IGNORECASE)
    except re.error:
        return re.compile(re.escape(keyword), re.IGNORECASE)


class ExistenceArgs(Args):
    keywords: Annotated[list[str], Field(min_length=1)]


@checker("keywords:existence", ExistenceArgs)
def existence(text: str, args: ExistenceArgs) -> bool:
    return all(_pattern(k).search(text) for k in args.keywords)


class FrequencyArgs(Args):
    keyword: Annotated[str, Field(min_length=1)]
    frequency: Annotated[int, Field(ge=0)]
    relation: Relation


@checker("keywords:frequency", FrequencyArgs)
def frequency(text: str, args: FrequencyArgs) -> bool:
    found = len(_pattern(args.keyword.strip()).findall(text))
    return compare(found, args.relation, args.frequency)


class ForbiddenArgs(Args):
    forbidden_words: Annotated[list[str], Field(min_length=1)]


@checker("keywords:forbidden_words", ForbiddenArgs)
def forbidden_words(text: str, args: ForbiddenArgs) -> bool:
    """Whole-word match (`\\b` on both sides), case-insensitive."""
    return not any(_pattern(r"\b" + w + r"\b").search(text) for w in args.forbidden_words)


class LetterArgs(Args):
    letter: Annotated[str, Field(min_length=1, max_length=1)]
    let_frequency: Annotated[int, Field(ge=0)]
    let_relation: Relation

    @field_validator("letter")
    @classmethod
    def _letter(cls, v: str) -> str:
        return v.lower()  # IFEval also asks for "!" and "#": any single character


@checker("keywords:letter_frequency", LetterArgs)
def letter_frequency(text: str, args: LetterArgs) -> bool:
    """Counts the letter case-insensitively over the whole response."""
    return compare(Counter(text.lower())[args.letter], args.let_relation, args.let_frequency)
