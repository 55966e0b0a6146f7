"""`change_case:*` and `language:*` checkers.

Language detection failure (no letters to decide on) counts as *not followed*. The official
scorer counts it as followed; for a training reward that would pay an empty or all-digits
answer for "respond in Hindi", so we deliberately differ (see docs/verifiers-ifeval.md).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from reward_server.ifeval.base import Args, Relation, checker, compare
from reward_server.ifeval.text import count_capital_words, detect_language


class LanguageArgs(Args):
    language: Annotated[str, Field(min_length=2)]


@checker("language:response_language", LanguageArgs)
def response_language(text: str, args: LanguageArgs) -> bool:
    """langdetect's top language equals the ISO 639-1 code asked for."""
    return detect_language(text) == args.language.strip().lower()


class CapitalFrequencyArgs(Args):
    capital_frequency: Annotated[int, Field(ge=0)]
    capital_relation: Relation


@checker("change_case:capital_word_frequency", CapitalFrequencyArgs)
def capital_word_frequency(text: str, args: CapitalFrequencyArgs) -> bool:
    """Counts Treebank-style tokens that are all capitals (see text.word_tokens)."""
    return compare(count_capital_words(text), args.capital_relation, args.capital_frequency)


@checker("change_case:english_capital")
def english_capital(text: str, args: Args) -> bool:
    return text.isupper() and detect_language(text) == "en"


@checker("change_case:english_lowercase")
def english_lowercase(text: str, args: Args) -> bool:
    return text.islower() and detect_language(text) == "en"
