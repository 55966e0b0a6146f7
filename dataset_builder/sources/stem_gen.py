"""`stem_gen`: endless procedural physics, chemistry and biology problems (numeric with units,
or multiple choice), scored by the `stem` verifier. Generation lives in
`dataset_builder.generators.stem`; this module only registers the source."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dataset_builder.generators.stem import STEM_FAMILIES
from dataset_builder.generators.stem.mcq import PositionCycle
from dataset_builder.generators.stem.records import VERSION, to_record
from dataset_builder.sources import source
from prorl.record import TaskRecord


class StemGenParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    families: list[str] | None = None
    """Restrict to these families (default: all, at their registered weights)."""
    mcq_share: Annotated[float, Field(ge=0.0, le=1.0)] = 0.3
    """Share of numeric problems rendered as 4-option multiple choice."""

    @field_validator("families")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        return STEM_FAMILIES.validate(value)


@source(
    "stem_gen", domain="stem", params=StemGenParams, revision=f"stem_gen@{VERSION}", finite=False
)
def stem_gen(params: StemGenParams, seed: int) -> Iterator[TaskRecord]:
    """Procedural STEM (kinematics to Hardy-Weinberg) with units, tolerances and MCQ variants;
    endless and deterministic per seed."""
    specs, weights = STEM_FAMILIES.weighted(params.families)
    rng = random.Random(seed)
    positions = PositionCycle(rng)
    while True:
        spec = rng.choices(specs, weights)[0]
        yield to_record(spec.name, spec.make(rng), rng, positions, params.mcq_share)
