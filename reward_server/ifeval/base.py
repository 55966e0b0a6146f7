"""The instruction-checker registry: one entry per IFEval instruction id.

A checker is a pure predicate `(text, args) -> bool` plus the pydantic model of its kwargs (the
IFEval kwargs schema, field names unchanged). Declaring the kwargs model next to the predicate
means a malformed payload is rejected when it is validated, with the field named, instead of
failing deep inside a regex at scoring time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from prorl.registry import Registry

Relation = Literal["less than", "at least"]
"""IFEval's two comparisons: 'less than' is strict (<), 'at least' is inclusive (>=)."""


def compare(actual: int, relation: Relation, threshold: int) -> bool:
    return actual < threshold if relation == "less than" else actual >= threshold


class Args(BaseModel):
    """Base for kwargs models: unknown keys are a payload error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoArgs(Args):
    pass


A = TypeVar("A", bound=Args)


@dataclass(frozen=True)
class CheckerSpec(Generic[A]):
    instruction_id: str
    fn: Callable[[str, A], bool]
    args: type[A]


CHECKERS: Registry[CheckerSpec[Any]] = Registry(
    "IFEval instruction", autoload_packages=("reward_server.ifeval",)
)


def checker(
    instruction_id: str,
    args: type[A] = NoArgs,  # type: ignore[assignment]
) -> Callable[[Callable[[str, A], bool]], Callable[[str, A], bool]]:
    """Register `fn` as the checker of `instruction_id` (e.g. "keywords:existence")."""

    def decorate(fn: Callable[[str, A], bool]) -> Callable[[str, A], bool]:
        CHECKERS.add(instruction_id, CheckerSpec(instruction_id, fn, args))
        return fn

    return decorate
