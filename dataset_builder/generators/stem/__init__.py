"""Procedural STEM problem families (physics, chemistry, biology), registered by name.

A family is `(rng) -> StemProblem`. Numeric families report the answer in a unit the prompt asks
for, plus `mistakes`: values a student gets from a typical error (a dropped factor of 1/2, a
skipped unit conversion); `stem.mcq` turns those into distractors when a record is rendered as
multiple choice. Families whose answer is a statement rather than a number set `choices` and
`correct` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dataset_builder.generators import Families


@dataclass(frozen=True)
class StemProblem:
    statement: str
    steps: str
    """Short worked solution, without the final boxed answer."""
    difficulty: int
    value: float | None = None
    """Numeric answer, expressed in `unit`."""
    unit: str = ""
    mistakes: tuple[float, ...] = ()
    """Wrong values from common errors, in `unit` (MCQ distractors)."""
    choices: tuple[str, ...] = ()
    """For answer-is-a-statement families: exactly four options."""
    correct: int = -1
    params: dict[str, Any] = field(default_factory=dict)


STEM_FAMILIES: Families[StemProblem] = Families(
    "stem family", autoload_packages=("dataset_builder.generators.stem",)
)
stem_family = STEM_FAMILIES.family
