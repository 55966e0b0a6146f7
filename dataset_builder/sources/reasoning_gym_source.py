"""Logic-domain sources backed by reasoning-gym's procedural generators.

`reasoning_gym` is the endless training stream (ProRL's logic slice); `reasoning_gym_eval` is an
in-distribution held-out stream (same tasks, seeds from a different salt); `reasoning_gym_ood` is
the held-out out-of-distribution set (the tasks ProRL never trains on: acre, boxnet,
game_of_life_halting). All three store `{"task", "config", "entry"}` in JSON form, which the
`reasoning_gym` verifier turns back into a scorer (reward_server.rg_support).

Determinism: each task's dataset is seeded from sha256(salt, source seed, task), and entry i is
reasoning-gym's `dataset[i]`, which depends only on (seed, i). Five tasks iterate Python sets while
generating, so their entries change with PYTHONHASHSEED; they are left out of the default list
and may only be asked for when PYTHONHASHSEED is pinned (checked, not assumed).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import sys
from collections.abc import Iterator
from typing import Any

import numpy
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dataset_builder.sources import source
from dataset_builder.sources._common import RG_INSTRUCTION
from prorl.record import TaskRecord
from reward_server import rg_support

INSTRUCTION = RG_INSTRUCTION  # in _common.TEMPLATES, so decontamination ignores it
LICENSE = "Apache-2.0 (reasoning-gym generators)"

OOD_TASKS = ("acre", "boxnet", "game_of_life_halting")
"""Held out of training by ProRL to measure out-of-distribution generalisation."""

HASHSEED_DEPENDENT: dict[str, str] = {
    name: "entries depend on PYTHONHASHSEED (set iteration in the generator)"
    for name in (
        "isomorphic_strings",
        "knight_swap",
        "polynomial_multiplication",
        "ransom_note",
        "word_ladder",
    )
}
NO_REFERENCE: dict[str, str] = {
    "rush_hour": "entries carry no solution, so no reference response can be built",
}
LOAD_DEPENDENT: dict[str, str] = {
    "codeio": "builds its I/O pairs by running code under a time limit, so an entry can differ "
    "with machine load (two concurrent full builds disagreed on one codeio row)",
}
DEFAULT_EXCLUDED: dict[str, str] = {
    **{name: "out-of-distribution eval task (ProRL holds it out)" for name in OOD_TASKS},
    **HASHSEED_DEPENDENT,
    **NO_REFERENCE,
    **LOAD_DEPENDENT,
}
"""Tasks missing from `tasks: null`, with the reason (also shown in docs/verifiers-reasoning-gym.md)."""

DEFAULT_WEIGHTS: dict[str, float] = {
    "zebra_puzzles": 0.15,
    "puzzle24": 0.15,
    "futoshiki": 0.2,
    "intermediate_integration": 0.2,
    "sokoban": 0.3,
    "countdown": 0.3,
    "polynomial_equations": 0.3,
    "quantum_lock": 0.3,
    "sudoku": 0.5,
    "rubiks_cube": 0.5,
}
"""Down-weighted because one entry costs 20-250 ms to generate (most tasks: < 2 ms); at weight 1
these ten tasks would take most of a 37K-task build's time (measured: bench/rg_generation.py)."""

CHUNK = 1000
"""Entries per dataset object. Not one endless dataset: gsm_symbolic and acre precompute
per-index state for the whole `size` in their constructors (2**31 entries would exhaust memory)."""


def _hashseed_pinned() -> bool:
    value = os.environ.get("PYTHONHASHSEED", "random")
    return value != "random"


class RGParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tasks: list[str] | None = Field(
        default=None, description="tasks to draw from; null = every supported task not excluded"
    )
    exclude: list[str] = Field(default_factory=lambda: list(OOD_TASKS))
    configs: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="per-task generator config overrides"
    )
    weights: dict[str, float] = Field(
        default_factory=dict, description="per-task sampling weights (default 1, slow tasks less)"
    )

    @field_validator("tasks", "exclude")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        for name in value or []:
            rg_support.check_task(name)
        return value

    @field_validator("configs", "weights")
    @classmethod
    def _known_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        for name in value:
            rg_support.check_task(name)
        for name, weight in value.items():
            if isinstance(weight, float) and not weight >= 0:
                raise ValueError(f"weight of {name!r} must be >= 0, got {weight}")
        return value

    @model_validator(mode="after")
    def _configs_valid(self) -> RGParams:
        for name, overrides in self.configs.items():
            rg_support.restore_config(name, overrides)  # raises naming the bad option
        return self

    def selected(self, default_excluded: dict[str, str]) -> list[str]:
        if self.tasks is not None:
            names = [t for t in self.tasks if t not in self.exclude]
            bad = [t for t in names if t in HASHSEED_DEPENDENT]
            if bad and not _hashseed_pinned():
                raise ValueError(
                    f"tasks: {bad[0]!r} {HASHSEED_DEPENDENT[bad[0]]}; pin PYTHONHASHSEED or drop it"
                )
        else:
            names = [
                t
                for t in rg_support.task_names()
                if t not in self.exclude and t not in default_excluded
            ]
        if not names:
            raise ValueError("tasks: nothing left to generate after exclusions")
        return names


def task_seed(salt: str, seed: int, task: str) -> int:
    digest = hashlib.sha256(f"{salt}\x00{seed}\x00{task}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def _schedule(names: list[str], weights: dict[str, float]) -> Iterator[str]:
    """Smooth weighted round-robin: deterministic, interleaved, each task's share proportional to
    its weight (no RNG, so the order never depends on how many records were taken before)."""
    credit = dict.fromkeys(names, 0.0)
    active = [n for n in names if weights.get(n, 1.0) > 0]
    if not active:
        raise ValueError("weights: every selected task has weight 0")
    total = sum(weights.get(n, 1.0) for n in active)
    while True:
        for n in active:
            credit[n] += weights.get(n, 1.0)
        pick = max(active, key=lambda n: credit[n])  # ties: first in sorted order
        credit[pick] -= total
        yield pick


def build_prompt(question: str) -> str:
    return f"{question.rstrip()}\n\n{INSTRUCTION}"


def make_record(
    task: str, config: dict[str, Any], entry: dict[str, Any], *, seed: int, index: int, split: str
) -> TaskRecord:
    """One TaskRecord from one entry (already JSON-safe) and the JSON config that generated it."""
    reference = rg_support.reference_answer(task, entry)
    meta: dict[str, Any] = {
        "reference": None if reference is None else f"<answer>{reference}</answer>",
        "upstream_id": f"reasoning_gym/{task}/{seed}/{index}",
        "license": LICENSE,
        "generator": {
            "task": task,
            "seed": seed,
            "index": index,
            "reasoning_gym": rg_support.RG_VERSION,
        },
    }
    return TaskRecord(
        domain="logic",
        source=f"reasoning_gym/{task}",
        prompt=build_prompt(entry["question"]),
        verifier="reasoning_gym",
        ground_truth={"task": task, "config": config, "entry": entry},
        split=split,
        meta=meta,
    )


class _Discard(io.TextIOBase):
    """Where generators' own prints go: a build's stdout is its progress and summary."""

    def write(self, text: str) -> int:
        return len(text)


_DISCARD = _Discard()


def _seed_global_rngs(key: str) -> None:
    """Some generators draw from the *global* `random` / numpy RNGs instead of the dataset's own
    (list_functions, codeio), so their entries depended on whatever ran earlier in the process:
    a resumed build and a fresh one disagreed on 30 of 136,000 rows. Reseeding both from the
    entry's identity makes every entry a pure function of (task, seed, index)."""
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    random.seed(digest)
    numpy.random.seed(digest % 2**32)


def generate(
    params: RGParams, seed: int, *, salt: str, split: str, default_excluded: dict[str, str]
) -> Iterator[TaskRecord]:
    names = params.selected(default_excluded)
    weights = {**DEFAULT_WEIGHTS, **params.weights}
    base = {name: task_seed(salt, seed, name) for name in names}
    current: dict[str, tuple[int, Any, dict[str, Any]]] = {}
    cursor = dict.fromkeys(names, 0)
    for name in _schedule(names, weights):
        count = cursor[name]
        cursor[name] = count + 1
        chunk, index = divmod(count, CHUNK)
        if name not in current or current[name][0] != chunk:
            # Chunk k is seeded base + k*CHUNK: reasoning-gym derives entry i from seed + i, so
            # consecutive chunks continue one stream instead of repeating it.
            overrides = {**params.configs.get(name, {}), "seed": base[name] + chunk * CHUNK}
            _seed_global_rngs(f"rg:{name}:{overrides['seed']}:dataset")
            with contextlib.redirect_stdout(_DISCARD):
                ds = rg_support.make_dataset(name, {**overrides, "size": CHUNK})
            current[name] = (chunk, ds, rg_support.config_to_json(ds.config))
        _, ds, config = current[name]
        _seed_global_rngs(f"rg:{name}:{config['seed']}:{index}")
        try:
            with contextlib.redirect_stdout(_DISCARD):  # bf's optimizer prints a dot per pass
                entry = rg_support.to_json(ds[index])
        except Exception as exc:  # noqa: BLE001 - an upstream generator bug costs one entry
            # Some generators fail on rare seeds inside reasoning-gym itself (codeio serializes
            # sympy numbers with json.dumps; gsm_symbolic yields Fractions). No record exists
            # to reject, so say so on stderr and move on: the stream stays deterministic.
            print(
                f"reasoning_gym: skipped {name} entry {index} of chunk {chunk}: "
                f"{type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            continue
        yield make_record(name, config, entry, seed=config["seed"], index=index, split=split)


@source(
    "reasoning_gym",
    domain="logic",
    params=RGParams,
    revision=f"rg-{rg_support.RG_VERSION}.3",
    finite=False,
)
def reasoning_gym_train(params: RGParams, seed: int) -> Iterator[TaskRecord]:
    """Endless reasoning-gym logic tasks, weighted round-robin over the selected tasks."""
    return generate(params, seed, salt="train", split="train", default_excluded=DEFAULT_EXCLUDED)


@source(
    "reasoning_gym_eval",
    domain="logic",
    params=RGParams,
    revision=f"rg-{rg_support.RG_VERSION}.3",
    finite=False,
)
def reasoning_gym_eval(params: RGParams, seed: int) -> Iterator[TaskRecord]:
    """In-distribution held-out reasoning-gym tasks: the training tasks, seeds from another salt."""
    return generate(params, seed, salt="eval", split="eval", default_excluded=DEFAULT_EXCLUDED)


class OODParams(RGParams):
    tasks: list[str] | None = Field(default_factory=lambda: list(OOD_TASKS))
    exclude: list[str] = Field(default_factory=list)


@source(
    "reasoning_gym_ood",
    domain="logic",
    params=OODParams,
    revision=f"rg-{rg_support.RG_VERSION}.3",
    finite=False,
)
def reasoning_gym_ood(params: OODParams, seed: int) -> Iterator[TaskRecord]:
    """Out-of-distribution eval tasks ProRL holds out of training (acre, boxnet,
    game_of_life_halting)."""
    return generate(params, seed, salt="ood", split="eval", default_excluded={})
