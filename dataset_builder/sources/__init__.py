"""Corpus sources: one module per source (or per family of generators), registered by name.

A source is a function `(params, seed) -> Iterator[TaskRecord]`. The iterator may be finite (a
bundled file, a Hub split) or endless (a procedural generator); the pipeline takes as many valid,
unique records as the manifest asks for, so a source never needs to know about dedup or quotas.
The same (params, seed) must yield the same records in the same order on every machine: that is
what makes two builds of one manifest byte-identical.

    @source("math_train", domain="math", params=MathTrainParams, revision="deepscaler@95ef74f")
    def math_train(params: MathTrainParams, seed: int) -> Iterator[TaskRecord]: ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from prorl.record import TaskRecord
from prorl.registry import Registry

P = TypeVar("P", bound=BaseModel)


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class SourceSpec(Generic[P]):
    name: str
    fn: Callable[[P, int], Iterator[TaskRecord]]
    params: type[P]
    domain: str
    revision: str
    """What pins the upstream bytes: a commit, a Hub revision, or the generator's version.
    Recorded in the lock file; bump it whenever the records a source yields change."""
    finite: bool
    description: str


SOURCES: Registry[SourceSpec[Any]] = Registry(
    "source", autoload_packages=("dataset_builder.sources",)
)


def source(
    name: str,
    *,
    domain: str,
    params: type[P] = NoParams,  # type: ignore[assignment]
    revision: str = "1",
    finite: bool = True,
) -> Callable[[Callable[[P, int], Iterator[TaskRecord]]], Callable[[P, int], Iterator[TaskRecord]]]:
    def decorate(
        fn: Callable[[P, int], Iterator[TaskRecord]],
    ) -> Callable[[P, int], Iterator[TaskRecord]]:
        doc = (fn.__doc__ or "").strip().split("\n\n")[0]
        SOURCES.add(name, SourceSpec(name, fn, params, domain, revision, finite, doc))
        return fn

    return decorate
