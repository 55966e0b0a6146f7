"""Procedural math problem families, one module per topic group, registered by name.

A family is a function `(rng) -> Problem`: it draws its parameters from the given
`random.Random` stream only (never the global one, never set/dict iteration over unordered
data), so one seed yields the same problems on every machine and every PYTHONHASHSEED. The
answer is exact (integers and fractions, rendered by `latex`), and `steps` is a short worked
solution that becomes the record's reference response for the self-check and SFT warm-start.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prorl.registry import Registry


@dataclass(frozen=True)
class Problem:
    statement: str
    answer: str
    """Exact LaTeX answer, without `\\boxed{}`."""
    steps: str
    """Short worked solution, without the final boxed answer."""
    difficulty: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FamilySpec:
    name: str
    fn: Callable[[random.Random], Problem]
    weight: float


FAMILIES: Registry[FamilySpec] = Registry(
    "math family", autoload_packages=("dataset_builder.generators.math",)
)


def family(
    name: str, *, weight: float = 1.0
) -> Callable[[Callable[[random.Random], Problem]], Callable[[random.Random], Problem]]:
    """Register a family; `weight` sets its share of the stream (families with a small
    parameter space get less weight so they do not repeat themselves)."""

    def decorate(fn: Callable[[random.Random], Problem]) -> Callable[[random.Random], Problem]:
        FAMILIES.add(name, FamilySpec(name, fn, weight))
        return fn

    return decorate
