"""Answer extraction shared by every verifier.

Rules (DESIGN.md): grade only the text after the last `</think>`; a `<think>` with no closing
tag means the model never reached an answer (`unparsable`); math takes `\\boxed{}`; reasoning-gym
takes the last `<answer>...</answer>`; code takes the last fenced block. All scanners here are
linear-time and iterative, so adversarial inputs (10,000 nested braces, megabyte responses) cost
milliseconds, not a stack overflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_RESPONSE_CHARS = 200_000
"""Longest response any verifier looks at. Longer ones are cut from the front: the answer is at
the end, and a 16K-token rollout is ~70K characters, so this only bites on garbage."""

MAX_ANSWER_CHARS = 2_000
"""Longest extracted answer handed to a symbolic checker; longer ones are not answers."""

_THINK_OPEN = re.compile(r"<think>", re.IGNORECASE)
_THINK_CLOSE = re.compile(r"</think>", re.IGNORECASE)


class Unparsable(ValueError):
    """No gradable answer in the response; the message says why."""


def cap_length(response: str, limit: int = MAX_RESPONSE_CHARS) -> str:
    return response if len(response) <= limit else response[-limit:]


def answer_section(response: str) -> str:
    """The part of the response that is graded: everything after the last `</think>`."""
    closes = list(_THINK_CLOSE.finditer(response))
    if closes:
        return cap_length(response[closes[-1].end() :])
    if _THINK_OPEN.search(response):
        raise Unparsable("response opens <think> but never closes it")
    return cap_length(response)


@dataclass(frozen=True)
class Boxed:
    content: str
    start: int
    end: int


_BOX_OPEN = re.compile(r"\\(?:boxed|fbox)\s*\{")


def boxed_answers(text: str) -> list[Boxed]:
    """All top-level `\\boxed{...}` / `\\fbox{...}` contents, in order, braces balanced.

    An unclosed box is skipped. Boxes nested inside another box are part of the outer content.
    """
    found: list[Boxed] = []
    pos = 0
    while True:
        m = _BOX_OPEN.search(text, pos)
        if m is None:
            return found
        depth, i, n = 1, m.end(), len(text)
        while i < n and depth:
            c = text[i]
            if c == "\\" and i + 1 < n and text[i + 1] in "{}":
                i += 2
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            i += 1
        if depth:
            return found  # unclosed: nothing after it can be a complete box either
        found.append(Boxed(text[m.end() : i - 1].strip(), m.start(), i))
        pos = i


_ANSWER_TAG = re.compile(r"<answer>(.*?)</answer>", re.DOTALL | re.IGNORECASE)


def last_answer_tag(text: str) -> str | None:
    """Content of the last `<answer>...</answer>`, stripped; None if there is none."""
    last = None
    for m in _ANSWER_TAG.finditer(text):
        last = m.group(1)
    return None if last is None else last.strip()


_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+#.-]*)[^\n]*\n(.*?)```", re.DOTALL)


def last_fenced_block(text: str, languages: tuple[str, ...] | None = None) -> str | None:
    """Body of the last fenced code block, optionally only those tagged with one of `languages`
    (an untagged block always qualifies). None if there is none."""
    last = None
    for m in _FENCE.finditer(text):
        lang = m.group(1).lower()
        if languages is None or not lang or lang in languages:
            last = m.group(2)
    return last


_ANSWER_PHRASE = re.compile(
    r"(?:final\s+answer|answer)\s*(?:is\s*:?|:)\s*(?:\*\*)?\s*([^\n]{1,300}?)\s*(?:\*\*)?\s*[.!]?\s*(?:\n|$)",
    re.IGNORECASE,
)


def last_answer_phrase(text: str) -> str | None:
    """What follows the last "the answer is" / "Answer:" / "final answer is" on its line, with
    surrounding `$` and `**` removed; None if there is no such phrase.

    Used only where a verifier opts into it (STEM multiple choice; math with `require_box`
    off): a phrase is weaker evidence than a box, because a model also writes it mid-reasoning.
    """
    last = None
    for m in _ANSWER_PHRASE.finditer(text[-20_000:]):
        last = m.group(1)
    if last is None:
        return None
    last = last.strip().strip("*").strip()
    if len(last) >= 2 and last.startswith("$") and last.endswith("$"):
        last = last.strip("$").strip()
    return last or None
