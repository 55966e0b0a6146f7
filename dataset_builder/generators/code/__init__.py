"""Procedural stdin/stdout programming problems for the `code_gen` source.

Why procedural: the offline corpus needs ~23K code tasks with tests that are right by
construction. Each family picks a *specification* variant (which operation, which output format,
which story), renders a contest-style statement, computes expected outputs with a trusted
in-process function, and ships an equivalent stdin/stdout program text as the reference
(tests/generators_code checks that text in the real sandbox).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dataset_builder.generators import Families


@dataclass
class Problem:
    family: str
    title: str
    legend: str
    input_spec: str
    output_spec: str
    constraints: list[str]
    solve: Callable[[str], str]
    """Trusted reference: whole stdin text -> whole stdout text."""
    program: str
    """The same logic as a stdin/stdout Python program (the record's reference solution)."""
    make_input: Callable[[random.Random, int], str]
    """Test input number k; small k are edge cases (smallest sizes, extremes)."""
    params: dict[str, object] = field(default_factory=dict)


FAMILIES: Families[Problem] = Families(
    "code family", autoload_packages=("dataset_builder.generators.code",)
)
family = FAMILIES.family


@lru_cache(maxsize=4096)
def compile_fn(src: str) -> Callable[..., Any]:
    """Function `f` defined by generator-written source `src`.

    Why exec: the reference program shipped to the policy and the function that computes the
    expected outputs are then the same text, so they cannot drift apart; only the stdin/stdout
    wrapper differs, and the sandbox test covers that. The source is ours, never user input;
    cached because a family has few variants and compiling costs ~100 us.
    """
    scope: dict[str, Any] = {}
    exec(compile(src, "<code_gen reference>", "exec"), scope)
    fn: Callable[..., Any] = scope["f"]
    return fn
