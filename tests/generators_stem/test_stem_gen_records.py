"""`stem_gen`: valid records from every family, payloads the real `stem` verifier accepts,
references it scores 1.0, wrong answers it scores 0, and balanced multiple-choice letters."""

from __future__ import annotations

import itertools
import json
import math
import random
import re
from collections import Counter
from typing import Any

import pytest
from pydantic import ValidationError

from dataset_builder.generators.stem import STEM_FAMILIES
from dataset_builder.generators.stem.units import UNITS
from dataset_builder.sources import SOURCES
from dataset_builder.sources.stem_gen import StemGenParams, stem_gen
from prorl.record import TaskRecord
from reward_server.verifiers import prepare, score

KNOWN_UNITS = {sym for options in UNITS.values() for sym, _ in options} | {"km/s", "nm"}


def take(n: int, seed: int = 0, **params: Any) -> list[TaskRecord]:
    return list(itertools.islice(stem_gen(StemGenParams(**params), seed), n))


def test_source_is_registered_as_endless_stem() -> None:
    spec = SOURCES.get("stem_gen")
    assert spec.domain == "stem" and spec.finite is False
    assert spec.revision.startswith("stem_gen@")
    assert len(STEM_FAMILIES) >= 20


@pytest.mark.parametrize("family", STEM_FAMILIES.names())
def test_every_family_yields_valid_records(family: str) -> None:
    kinds: Counter[str] = Counter()
    for rec in take(16, seed=5, families=[family], mcq_share=0.5):
        rec.validate()
        assert rec.domain == "stem" and rec.verifier == "stem"
        assert rec.source == f"synthetic/stem/{family}"
        prepare("stem", rec.ground_truth)  # the verifier's own payload model accepts it
        gt = rec.ground_truth
        kinds[gt["kind"]] += 1
        assert rec.meta["reference"].count("\\boxed") == 1
        assert rec.difficulty is not None and 1 <= rec.difficulty <= 5
        json.dumps(rec.meta["params"])
        if gt["kind"] == "mcq":
            assert len(gt["choices"]) == 4 and len(set(gt["choices"])) == 4
            assert gt["answer"] in "ABCD"
            assert f"\\boxed{{{gt['answer']}}}" in rec.meta["reference"]
            for letter, text in zip("ABCD", gt["choices"], strict=True):
                assert f"{letter}) {text}" in rec.prompt
        else:
            assert gt["kind"] == "numeric" and gt["rel_tol"] == 0.01
            float(gt["answer"])
            assert gt.get("unit", "") in KNOWN_UNITS | {""}
            if gt.get("unit"):
                assert f"in {gt['unit']}" in rec.prompt
    assert kinds  # at least one record


def _wrong(rec: TaskRecord) -> str:
    gt = rec.ground_truth
    if gt["kind"] == "mcq":
        other = "ABCD"[("ABCD".index(gt["answer"]) + 1) % 4]
        return f"The answer is $\\boxed{{{other}}}$."
    unit = f" \\text{{ {gt['unit']}}}" if gt.get("unit") else ""
    return f"The answer is $\\boxed{{{float(gt['answer']) * 1.2:.6g}{unit}}}$."


def test_references_score_one_and_wrong_answers_zero() -> None:
    """>= 300 records spread over every family, both kinds, through the real stem verifier."""
    records = [rec for fam in STEM_FAMILIES.names() for rec in take(15, seed=21, families=[fam])]
    assert len(records) >= 300
    assert {rec.ground_truth["kind"] for rec in records} == {"mcq", "numeric"}
    failures = []
    for rec in records:
        good = score("stem", rec.meta["reference"], rec.ground_truth, rec.verifier_config)
        bad = score("stem", _wrong(rec), rec.ground_truth, rec.verifier_config)
        if good.reward != 1.0 or bad.reward != 0.0:
            failures.append((rec.source, rec.ground_truth, good.detail, bad.detail))
    assert not failures, failures[:10]


def test_mcq_options_are_each_gradable_and_only_one_is_right() -> None:
    records = [r for r in take(300, seed=8, mcq_share=1.0)]
    assert all(r.ground_truth["kind"] == "mcq" for r in records)
    for rec in records[:120]:
        gt = rec.ground_truth
        right = "ABCD".index(gt["answer"])
        for i, text in enumerate(gt["choices"]):
            expect = 1.0 if i == right else 0.0
            verdict = score("stem", f"\\boxed{{{'ABCD'[i]}}}", gt)
            assert verdict.reward == expect, (rec.prompt, i, verdict)
            by_text = score("stem", f"The answer is {text}.", gt)
            assert by_text.reward == expect, (rec.prompt, text, by_text)


def test_correct_letter_positions_are_balanced() -> None:
    letters = Counter(r.ground_truth["answer"] for r in take(2000, seed=3, mcq_share=1.0))
    assert set(letters) == set("ABCD")
    assert max(letters.values()) - min(letters.values()) <= 1, letters
    mixed = Counter(
        r.ground_truth["answer"] for r in take(3000, seed=4) if r.ground_truth["kind"] == "mcq"
    )
    assert max(mixed.values()) - min(mixed.values()) <= 1, mixed


def test_default_stream_mixes_numeric_and_mcq_over_all_families() -> None:
    records = take(3000, seed=9)
    assert {r.meta["family"] for r in records} == set(STEM_FAMILIES.names())
    share = sum(r.ground_truth["kind"] == "mcq" for r in records) / len(records)
    assert 0.25 < share < 0.5  # 30% of numeric ones plus the always-MCQ families


def test_params_errors_name_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        StemGenParams(families=["alchemy"])
    assert "families" in str(info.value) and "alchemy" in str(info.value)
    assert "kinematics" in str(info.value)
    with pytest.raises(ValidationError) as info:
        StemGenParams(mcq_share=1.5)
    assert "mcq_share" in str(info.value)


def test_numbers_in_prompts_are_readable() -> None:
    """No float noise like 0.30000000000000004 leaks into prompts or choices."""
    noisy = re.compile(r"\d\.\d{7,}")
    for rec in take(1500, seed=13):
        assert not noisy.search(rec.prompt), rec.prompt


def test_every_family_is_total_over_many_seeds() -> None:
    for spec in STEM_FAMILIES.entries():
        for seed in range(40):
            rng = random.Random(seed)
            for _ in range(10):
                problem = spec.obj.make(rng)
                if problem.choices:
                    assert len(set(problem.choices)) == 4 and 0 <= problem.correct < 4
                else:
                    assert problem.value is not None and math.isfinite(problem.value)
                    assert problem.value != 0, (spec.name, problem.statement)
