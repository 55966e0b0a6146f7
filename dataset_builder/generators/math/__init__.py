"""Procedural math problem families, one module per topic group, registered by name.

A family is a function `(rng) -> Problem`: it draws its parameters from the given
`random.Random` stream only (never the global one, never set/dict iteration over unordered
data), so one seed yields the same problems on every machine and every PYTHONHASHSEED. The
answer is exact (integers and fractions, rendered by `latex`), and `steps` is a short worked
solution that becomes the record's reference response for the self-check and SFT warm-start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dataset_builder.generators import Families


@dataclass(frozen=True)
class Problem:
    statement: str
    answer: str
    """Exact LaTeX answer, without `\\boxed{}`."""
    steps: str
    """Short worked solution, without the final boxed answer."""
    difficulty: int
    params: dict[str, Any] = field(default_factory=dict)


FAMILIES: Families[Problem] = Families(
    "math family", autoload_packages=("dataset_builder.generators.math",)
)
family = FAMILIES.family
