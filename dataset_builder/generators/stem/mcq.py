"""Turning STEM problems into multiple-choice items.

Distractors come from the family's `mistakes` (the values a typical error produces) before any
generic scaling, because a distractor nobody would compute teaches nothing. Options must stay
apart by more than the numeric tolerance, or the verifier could accept a wrong letter's text.
The correct letter's position is drawn from shuffled blocks of A-D, so over every four items
each letter is correct exactly once: a policy cannot win by always answering "C".
"""

from __future__ import annotations

import math
import random

from dataset_builder.generators.stem.units import sig

LETTERS = "ABCD"
MIN_GAP = 0.05
"""Smallest relative gap between any two numeric options (5x the default 1% tolerance)."""


class PositionCycle:
    """Correct-answer positions in shuffled blocks of four, from the caller's stream."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._block: list[int] = []

    def next(self) -> int:
        if not self._block:
            self._block = [0, 1, 2, 3]
            self._rng.shuffle(self._block)
        return self._block.pop()


def _far(a: float, b: float) -> bool:
    scale = max(abs(a), abs(b))
    return scale > 0 and abs(a - b) > MIN_GAP * scale


def numeric_distractors(
    value: float, mistakes: tuple[float, ...], rng: random.Random
) -> list[float]:
    """Three wrong values: the family's mistakes first, then scaled copies of the answer."""
    picked: list[float] = []
    pool = [m for m in mistakes if math.isfinite(m) and 1e-200 < abs(m) < 1e200]
    fallback = [value * f for f in (2.0, 0.5, 10.0, 0.1, 1.5, 0.75, 3.0, 1.25, 0.6)]
    rng.shuffle(fallback)
    for cand in pool + fallback:
        if len(picked) == 3:
            break
        if cand != 0 and _far(cand, value) and all(_far(cand, p) for p in picked):
            picked.append(cand)
    return picked


def layout(
    correct: str, wrong: list[str], position: int, rng: random.Random
) -> tuple[list[str], str]:
    """Place `correct` at `position` among the shuffled wrong options; returns (choices, letter)."""
    others = list(wrong)
    rng.shuffle(others)
    others.insert(position, correct)
    return others, LETTERS[position]


def numeric_option(value: float, unit: str) -> str:
    text = sig(value, 3)
    return f"{text} {unit}" if unit else text


def render_choices(choices: list[str]) -> str:
    return "\n".join(f"{LETTERS[i]}) {text}" for i, text in enumerate(choices))
