"""`detectable_content:*` and `punctuation:*` checkers: things that must (not) appear."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

from reward_server.ifeval.base import Args, checker


class PlaceholderArgs(Args):
    num_placeholders: Annotated[int, Field(ge=0)]


_PLACEHOLDER = re.compile(r"\[.*?\]")


@checker("detectable_content:number_placeholders", PlaceholderArgs)
def number_placeholders(text: str, args: PlaceholderArgs) -> bool:
    """At least `num_placeholders` `[...]` spans (on one line; `[]` counts)."""
    return len(_PLACEHOLDER.findall(text)) >= args.num_placeholders


class PostscriptArgs(Args):
    postscript_marker: Annotated[str, Field(min_length=1)]


def _postscript_pattern(marker: str) -> re.Pattern[str]:
    """ "P.S." and "P.P.S" tolerate a space after each period ("P. S."); any other marker is
    used as a lower-cased regex, as in the official scorer."""
    if marker == "P.P.S":
        return re.compile(r"\s*p\.\s?p\.\s?s.*$", re.MULTILINE)
    if marker == "P.S.":
        return re.compile(r"\s*p\.\s?s\..*$", re.MULTILINE)
    try:
        return re.compile(r"\s*" + marker.lower() + r".*$", re.MULTILINE)
    except re.error:
        return re.compile(r"\s*" + re.escape(marker.lower()) + r".*$", re.MULTILINE)


@checker("detectable_content:postscript", PostscriptArgs)
def postscript(text: str, args: PostscriptArgs) -> bool:
    """The marker appears somewhere (case-insensitive); the official check does not require it
    to start a line or to come last, and neither do we."""
    return bool(_postscript_pattern(args.postscript_marker.strip()).search(text.lower()))


@checker("punctuation:no_comma")
def no_comma(text: str, args: Args) -> bool:
    """No ASCII comma anywhere (other comma-like characters are allowed, as upstream)."""
    return "," not in text
