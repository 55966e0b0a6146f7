"""`detectable_format:*` checkers: markdown structure a response must show.

Counting conventions follow the official scorer: a bullet is a line starting (after spaces)
with `*` + a non-`*` character, or with `-`; a highlight is `*text*` or `**text**` on one line
with non-blank text (`**bold**` counts once: its `*...*` matches are the empty `**` pairs);
sections are counted by splitting on the splitter word followed by a number.
"""

from __future__ import annotations

import json
import re
from typing import Annotated

from pydantic import Field

from reward_server.ifeval.base import Args, checker


class BulletArgs(Args):
    num_bullets: Annotated[int, Field(ge=0)]


_STAR_BULLET = re.compile(r"^\s*\*[^\*].*$", re.MULTILINE)
_DASH_BULLET = re.compile(r"^\s*-.*$", re.MULTILINE)


@checker("detectable_format:number_bullet_lists", BulletArgs)
def number_bullet_lists(text: str, args: BulletArgs) -> bool:
    """Exactly `num_bullets` bullet lines."""
    found = len(_STAR_BULLET.findall(text)) + len(_DASH_BULLET.findall(text))
    return found == args.num_bullets


CONSTRAINED_OPTIONS = ("My answer is yes.", "My answer is no.", "My answer is maybe.")


@checker("detectable_format:constrained_response")
def constrained_response(text: str, args: Args) -> bool:
    """One of the fixed options appears anywhere (case-sensitive)."""
    stripped = text.strip()
    return any(option in stripped for option in CONSTRAINED_OPTIONS)


class HighlightArgs(Args):
    num_highlights: Annotated[int, Field(ge=0)]


_SINGLE = re.compile(r"\*[^\n\*]*\*")
_DOUBLE = re.compile(r"\*\*[^\n\*]*\*\*")


def count_highlights(text: str) -> int:
    single = sum(1 for h in _SINGLE.findall(text) if h.strip("*").strip())
    double = sum(1 for h in _DOUBLE.findall(text) if h[2:-2].strip())
    return single + double


@checker("detectable_format:number_highlighted_sections", HighlightArgs)
def number_highlighted_sections(text: str, args: HighlightArgs) -> bool:
    """At least `num_highlights` highlighted spans."""
    return count_highlights(text) >= args.num_highlights


class SectionArgs(Args):
    section_spliter: Annotated[str, Field(min_length=1)]
    num_sections: Annotated[int, Field(ge=0)]


@checker("detectable_format:multiple_sections", SectionArgs)
def multiple_sections(text: str, args: SectionArgs) -> bool:
    """At least `num_sections` occurrences of "<splitter> <number>" (case-sensitive)."""
    try:
        pattern = re.compile(r"\s?" + args.section_spliter.strip() + r"\s?\d+\s?")
    except re.error:
        pattern = re.compile(r"\s?" + re.escape(args.section_spliter.strip()) + r"\s?\d+\s?")
    return len(pattern.split(text)) - 1 >= args.num_sections


@checker("detectable_format:json_format")
def json_format(text: str, args: Args) -> bool:
    """The whole response parses as JSON, optionally inside one ``` / ```json fence."""
    body = text.strip()
    for prefix in ("```json", "```Json", "```JSON", "```"):  # chained, like the official
        body = body.removeprefix(prefix)
    body = body.removesuffix("```").strip()
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


_TITLE = re.compile(r"<<[^\n]+>>")


@checker("detectable_format:title")
def title(text: str, args: Args) -> bool:
    """A `<<title>>` with non-blank text on one line."""
    return any(t.lstrip("<").rstrip(">").strip() for t in _TITLE.findall(text))
