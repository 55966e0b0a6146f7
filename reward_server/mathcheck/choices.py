"""Reading a multiple-choice answer: which option(s) did the response pick?

Why its own module: the letter has to be told apart from prose ("A cat" is not option A), from
hedges ("A or C", "A/C", "A, C" pick two options and must score 0), and from option *text*
(a model may answer "4" instead of "B" when option B is "4").
"""

from __future__ import annotations

import re

from reward_server.mathcheck.normalize import canonical

LETTERS = "ABCDEFGHIJ"

_LATEX_WRAP = re.compile(r"\\(?:text|textbf|mathrm|mathbf|mbox)\s*\{([^{}]*)\}")
_ONE = r"\(?\s*([A-J])\s*\)?"
_SINGLE = re.compile(
    rf"^(?:option\s+|choice\s+)?{_ONE}(?:\s*[.):]\s*(.*))?$", re.IGNORECASE | re.DOTALL
)
_MANY = re.compile(
    rf"^{_ONE}(?:\s*(?:,|/|&|\bor\b|\band\b|;)\s*{_ONE})+$".replace("([A-J])", "[A-J]"),
    re.IGNORECASE,
)
_ALL_LETTERS = re.compile(r"(?<![A-Za-z])([A-J])(?![A-Za-z])")


def _clean(text: str) -> str:
    t = text.strip()
    for _ in range(3):
        t = _LATEX_WRAP.sub(r"\1", t)
    t = t.replace("$", "").replace("**", "").replace("\\(", "").replace("\\)", "")
    return t.strip().rstrip(".").strip()


def text_key(text: str) -> str:
    """Comparison key for option texts: whitespace, case, LaTeX presentation removed."""
    return canonical(_clean(text)).lower()


def picked_letters(candidate: str, choices: list[str] | None) -> tuple[set[str], str] | None:
    """Letters the candidate answer picks, with how it was read; None if it picks nothing.

    Order: a lone letter (`B`, `(B)`, `B.`, `B) 4`, `option B`); several letters joined by
    `,` `/` `or` `and` (a hedge); the exact text of one or more options.
    """
    t = _clean(candidate)
    if not t:
        return None
    n = len(choices) if choices else len(LETTERS)
    if _MANY.match(t):
        letters = {x.upper() for x in _ALL_LETTERS.findall(t.upper())}
        return letters, "several letters"
    m = _SINGLE.match(t)
    if m and (m.group(1).isupper() or len(t) <= 3):
        letter = m.group(1).upper()
        rest = (m.group(2) or "").strip()
        if LETTERS.index(letter) < n and (not rest or not choices or _fits(rest, letter, choices)):
            return {letter}, "letter"
    if choices:
        key = text_key(t)
        hits = {LETTERS[i] for i, c in enumerate(choices) if key and text_key(c) == key}
        if hits:
            return hits, "option text"
    return None


def _fits(rest: str, letter: str, choices: list[str]) -> bool:
    """`B. 4` reads as B unless `4` is the text of a *different* option (a contradiction)."""
    key = text_key(rest)
    return not any(text_key(c) == key and LETTERS[i] != letter for i, c in enumerate(choices))
