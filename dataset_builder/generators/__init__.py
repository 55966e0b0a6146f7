"""Procedural task generators, one package per domain; sources in dataset_builder/sources wrap
them.

Every domain registers its families the same way (`Families`, the project's one registry shape):
a family is `fn(rng) -> problem` drawing only from the `random.Random` it is given, registered by
name with a weight (its share of the stream); duplicate names raise, unknown names list the known
ones. A domain's problem type differs (math answers, STEM units, code tests); the registry does
not care.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from prorl.registry import Registry

P = TypeVar("P")


@dataclass(frozen=True)
class Family(Generic[P]):
    name: str
    make: Callable[[random.Random], P]
    weight: float


class Families(Registry[Family[P]]):
    """Families of one domain; `autoload_packages` names the package whose modules define them."""

    def family(
        self, name: str, *, weight: float = 1.0
    ) -> Callable[[Callable[[random.Random], P]], Callable[[random.Random], P]]:
        """Decorator registering `fn(rng) -> problem`. Families with a small parameter space get
        a smaller weight so they do not repeat themselves."""

        def decorate(fn: Callable[[random.Random], P]) -> Callable[[random.Random], P]:
            self.add(name, Family(name, fn, weight))
            return fn

        return decorate

    def validate(self, value: list[str] | None) -> list[str] | None:
        """For a source's `families` parameter: None (every family) or known names."""
        if value is not None and not value:
            raise ValueError("must name at least one family (or be omitted)")
        return value if value is None else self.check_names(value)

    def weighted(self, names: list[str] | None) -> tuple[list[Family[P]], list[float]]:
        """The families to draw from, in name order (all of them unless `names` restricts),
        and their weights, ready for `rng.choices`."""
        chosen = [self.get(name) for name in (sorted(names) if names else self.names())]
        return chosen, [f.weight for f in chosen]
