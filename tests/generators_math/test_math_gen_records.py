"""`math_gen`: valid records from every family, references the real `math` verifier accepts,
wrong answers it rejects, and the same stream for the same seed in any process."""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

import pytest
from pydantic import ValidationError

from dataset_builder.generators.math import FAMILIES
from dataset_builder.sources import SOURCES
from dataset_builder.sources.math_gen import INSTRUCTION, MathGenParams, math_gen
from prorl.record import TaskRecord
from reward_server.verifiers import score


def take(n: int, seed: int = 0, **params: Any) -> list[TaskRecord]:
    return list(itertools.islice(math_gen(MathGenParams(**params), seed), n))


def test_source_is_registered_as_endless_math() -> None:
    spec = SOURCES.get("math_gen")
    assert spec.domain == "math" and spec.finite is False
    assert spec.revision.startswith("math_gen@")
    assert len(FAMILIES) >= 30


@pytest.mark.parametrize("family", FAMILIES.names())
def test_every_family_yields_valid_records(family: str) -> None:
    for rec in take(12, seed=7, families=[family]):
        rec.validate()
        assert rec.domain == "math" and rec.verifier == "math"
        assert rec.source == f"synthetic/math/{family}"
        assert (
            rec.prompt.endswith(INSTRUCTION) and "\\boxed{}" not in rec.prompt[: -len(INSTRUCTION)]
        )
        answer = rec.ground_truth["answer"]
        assert isinstance(answer, str) and answer and "\\boxed" not in answer
        assert rec.meta["family"] == family and rec.meta["generator"].startswith("math_gen@")
        assert rec.meta["reference"].endswith(f"\\boxed{{{answer}}}$.")
        assert rec.meta["reference"].count("\\boxed") == 1
        assert rec.difficulty is not None and 1 <= rec.difficulty <= 5
        assert rec.id.startswith("math-") and len(rec.id) == len("math-") + 16
        json.dumps(rec.meta["params"])  # must survive the Arrow JSON column


def test_references_score_one_and_wrong_answers_zero() -> None:
    """>= 300 records spread over every family, through the project's real math verifier. The
    wrong answer is another record's answer from the same family: a plausible mistake of the
    right shape. (Not `answer + 1`: Math-Verify compares big integers with a relative
    tolerance, so 10-digit answers plus one would count as equal.)"""
    failures, wrong_checked = [], 0
    total = 0
    for fam in FAMILIES.names():
        records = take(10, seed=11, families=[fam])
        total += len(records)
        answers = [rec.ground_truth["answer"] for rec in records]
        for i, rec in enumerate(records):
            verdict = score("math", rec.meta["reference"], rec.ground_truth)
            if verdict.reward != 1.0:
                failures.append((rec.source, rec.ground_truth, verdict.detail))
            other = answers[(i + 1) % len(answers)]
            if other == answers[i]:
                continue
            bad = score("math", f"So the answer is $\\boxed{{{other}}}$.", rec.ground_truth)
            wrong_checked += 1
            if bad.reward != 0.0:
                failures.append((rec.source, other, bad.detail))
    assert total >= 300 and wrong_checked >= 250
    assert not failures, failures[:10]


def test_family_weights_spread_the_default_stream() -> None:
    sources = {rec.source for rec in take(3000, seed=3)}
    assert sources == {f"synthetic/math/{name}" for name in FAMILIES.names()}


def test_unknown_family_is_a_clear_params_error() -> None:
    with pytest.raises(ValidationError) as info:
        MathGenParams(families=["linear_equation", "quantum_gravity"])
    text = str(info.value)
    assert "families" in text and "quantum_gravity" in text and "linear_equation" in text
    with pytest.raises(ValidationError):
        MathGenParams.model_validate({"familes": ["linear_equation"]})


def test_every_family_is_total_over_many_seeds() -> None:
    """Generators run unattended inside a build: no parameter draw may crash or yield an empty
    answer (e.g. a digit sum of a negative number, a zero denominator)."""
    for spec in FAMILIES.entries():
        for seed in range(40):
            rng = random.Random(seed)
            for _ in range(10):
                problem = spec.obj.make(rng)
                assert problem.answer.strip() and problem.statement.strip(), spec.name
                assert "nan" not in problem.answer.lower(), (spec.name, problem)
