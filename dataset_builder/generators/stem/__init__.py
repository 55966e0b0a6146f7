"""Procedural STEM problem families (physics, chemistry, biology), registered by name.

A family is `(rng) -> StemProblem`. Numeric families report the answer in a unit the prompt asks
for, plus `mistakes`: values a student gets from a typical error (a dropped factor of 1/2, a
skipped unit conversion); `stem.mcq` turns those into distractors when a record is rendered as
multiple choice. Families whose answer is a statement rather than a number set `choices` and
`correct` directly.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prorl.registry import Registry


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


@dataclass(frozen=True)
class StemFamilySpec:
    name: str
    fn: Callable[[random.Random], StemProblem]
    weight: float


STEM_FAMILIES: Registry[StemFamilySpec] = Registry(
    "stem family", autoload_packages=("dataset_builder.generators.stem",)
)


def stem_family(
    name: str, *, weight: float = 1.0
) -> Callable[[Callable[[random.Random], StemProblem]], Callable[[random.Random], StemProblem]]:
    def decorate(
        fn: Callable[[random.Random], StemProblem],
    ) -> Callable[[random.Random], StemProblem]:
        STEM_FAMILIES.add(name, StemFamilySpec(name, fn, weight))
        return fn

    return decorate
