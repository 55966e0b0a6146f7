"""Training sources over bundled public files: MATH train, AIME 1983-2023, MBPP train split.

These are finite, exact, and need no network, so they come first in every offline manifest and
the procedural generators fill whatever each domain still lacks.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from dataset_builder.bundled import bundled_jsonl
from dataset_builder.sources import source
from dataset_builder.sources._common import (
    CODE_INSTRUCTION,
    clean_answer,
    code_record,
    math_record,
)
from prorl.record import TaskRecord

DEEPSCALER_REV = "agentica-project/deepscaler@95ef74ffee001cce89463f2d61dfdce1d03576c1"
MBPP_REV = "google-research/mbpp via muitiiifruckt/ASE@83fa3f7963561b898623e8ade6e017d448ddca98"

# The standard MBPP split (Austin et al. 2021): prompt 1-10, test 11-510, validation 511-600,
# train 601-974. Training on test ids would contaminate every MBPP number we report.
MBPP_SPLITS: dict[str, tuple[int, int]] = {
    "prompt": (1, 10),
    "test": (11, 510),
    "validation": (511, 600),
    "train": (601, 974),
}


class MathFileParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_difficulty: float | None = None
    """Drop problems below this upstream difficulty (MATH level 1-5, AIME 1-10 scale)."""


def _math_file(
    path: str, name: str, params: MathFileParams, id_fields: tuple[str, ...]
) -> Iterator[TaskRecord]:
    for index, row in enumerate(bundled_jsonl(path)):
        answer = clean_answer(row.get("answer"))
        difficulty = row.get("difficulty")
        if answer is None:
            continue
        if params.min_difficulty is not None and (difficulty or 0) < params.min_difficulty:
            continue
        upstream = "-".join(str(row[f]) for f in id_fields if f in row) or str(index)
        extra = {"type": row["type"]} if "type" in row else {}
        yield math_record(
            problem=row["problem"],
            answer=answer,
            source=name,
            upstream_id=f"{index}:{upstream}" if upstream != str(index) else upstream,
            license="MIT",
            difficulty=difficulty,
            extra=extra,
        )


@source("math_train", domain="math", params=MathFileParams, revision=DEEPSCALER_REV)
def math_train(params: MathFileParams, seed: int) -> Iterator[TaskRecord]:
    """MATH train split (Hendrycks et al.), 7,474 problems with final answers, from deepscaler."""
    return _math_file("math/math_train.jsonl.gz", "math_train", params, ())


@source("aime_1983_2023", domain="math", params=MathFileParams, revision=DEEPSCALER_REV)
def aime_1983_2023(params: MathFileParams, seed: int) -> Iterator[TaskRecord]:
    """AIME 1983-2023 (975 problems, integer answers), from deepscaler's train folder."""
    return _math_file(
        "math/aime_1983_2023.jsonl.gz",
        "aime_1983_2023",
        params,
        ("year", "aime_number", "problem_number"),
    )


class MbppParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    split: str = "train"
    """One of prompt, test, validation, train (the standard task-id ranges)."""
    include_challenge_tests: bool = True


def mbpp_prompt(text: str, first_test: str) -> str:
    return (
        f"{text.strip()}\n\nYour function must satisfy this example:\n\n{first_test.strip()}\n\n"
        f"{CODE_INSTRUCTION}"
    )


def mbpp_records(params: MbppParams, name: str, split_label: str) -> Iterator[TaskRecord]:
    """MBPP rows of one split as code tasks. Asserts are converted by reward_server.code_suites;
    train keeps only call-style suites (the verdict is decided outside the sandbox), eval keeps
    every row so the benchmark stays whole."""
    from reward_server.code_suites import mbpp_suite

    if params.split not in MBPP_SPLITS:
        raise ValueError(f"split: {params.split!r} is not one of {sorted(MBPP_SPLITS)}")
    lo, hi = MBPP_SPLITS[params.split]
    for row in bundled_jsonl("code/mbpp.jsonl.gz"):
        task_id = int(row["task_id"])
        if not lo <= task_id <= hi:
            continue
        if not params.include_challenge_tests:
            row = {**row, "challenge_test_list": []}
        solution, converted = mbpp_suite(row)
        if not converted.is_call and split_label == "train":
            continue
        yield code_record(
            prompt=mbpp_prompt(row["text"], row["test_list"][0]),
            payload=converted.payload,
            config=converted.config,
            solution=solution.replace("\r\n", "\n"),
            source=name,
            upstream_id=f"mbpp/{task_id}",
            license="CC-BY-4.0",
            split=split_label,
        )


@source("mbpp_train", domain="code", params=MbppParams, revision=MBPP_REV)
def mbpp_train(params: MbppParams, seed: int) -> Iterator[TaskRecord]:
    """MBPP train split (task ids 601-974), asserts converted to call-style tests."""
    return mbpp_records(params, "mbpp_train", "train")
