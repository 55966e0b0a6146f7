"""`startend:*` and `combination:*` checkers: how a response begins, ends, or is laid out."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from reward_server.ifeval.base import Args, checker


class EndArgs(Args):
    end_phrase: Annotated[str, Field(min_length=1)]


@checker("startend:end_checker", EndArgs)
def end_checker(text: str, args: EndArgs) -> bool:
    """Ends with the phrase, ignoring case, surrounding whitespace and wrapping double quotes."""
    return text.strip().strip('"').lower().endswith(args.end_phrase.strip().lower())


@checker("startend:quotation")
def quotation(text: str, args: Args) -> bool:
    """Wrapped in double quotes (at least two characters)."""
    body = text.strip()
    return len(body) > 1 and body[0] == '"' and body[-1] == '"'


SEPARATOR = "******"


@checker("combination:two_responses")
def two_responses(text: str, args: Args) -> bool:
    """Exactly two different non-empty answers separated by six asterisks; an empty piece is
    only allowed at either end."""
    pieces = text.split(SEPARATOR)
    answers: list[str] = []
    for i, piece in enumerate(pieces):
        if piece.strip():
            answers.append(piece)
        elif i not in (0, len(pieces) - 1):
            return False
    return len(answers) == 2 and answers[0].strip() != answers[1].strip()


class RepeatArgs(Args):
    prompt_to_repeat: Annotated[str, Field(min_length=1)]


@checker("combination:repeat_prompt", RepeatArgs)
def repeat_prompt(text: str, args: RepeatArgs) -> bool:
    """Starts with the request, ignoring case and surrounding whitespace."""
    return text.strip().lower().startswith(args.prompt_to_repeat.strip().lower())
