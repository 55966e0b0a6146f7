"""The bundled file and eval sources: row counts, splits, and references that really score 1.0."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from dataset_builder.bundled import bundled_jsonl
from dataset_builder.decontam import EvalIndex
from dataset_builder.dedup import minhash, prompt_shingles
from dataset_builder.sources import SOURCES
from dataset_builder.sources._common import clean_answer
from dataset_builder.sources.files import MBPP_SPLITS
from reward_server.verifiers import score


def _all(name: str) -> list:
    spec = SOURCES.get(name)
    return list(spec.fn(spec.params(), 0))


def test_bundled_files_match_the_shared_snapshot(shared_data: Path) -> None:
    """The shipped gzip copies hold exactly the rows of the public files they came from."""
    pairs = [
        ("math/math_train.jsonl.gz", "math/train/math_train.jsonl"),
        ("code/mbpp.jsonl.gz", "code/mbpp.jsonl"),
        ("instruction/ifeval_input_data.jsonl.gz", "instruction/ifeval_input_data.jsonl"),
    ]
    for bundled, upstream in pairs:
        ours = list(bundled_jsonl(bundled))
        theirs = [json.loads(line) for line in (shared_data / upstream).open()]
        assert ours == theirs, bundled


def test_file_source_counts_and_mbpp_split() -> None:
    assert len(_all("math_train")) == 7470  # 4 of 7,474 rows have no answer
    assert len(_all("aime_1983_2023")) == 975
    train = _all("mbpp_train")
    ids = [int(r.meta["upstream_id"].split("/")[1]) for r in train]
    lo, hi = MBPP_SPLITS["train"]
    assert all(lo <= i <= hi for i in ids) and len(train) > 300
    assert all(r.ground_truth["style"] == "call" for r in train)
    test_ids = {int(r.meta["upstream_id"].split("/")[1]) for r in _all("mbpp_test")}
    assert min(test_ids) >= 11 and max(test_ids) <= 510 and not test_ids & set(ids)
    counts = {
        n: len(_all(n))
        for n in (
            "aime2024",
            "amc",
            "math500",
            "minerva",
            "gsm8k",
            "humaneval",
            "ifeval",
            "mmlu_stem",
        )
    }
    assert counts == {
        "aime2024": 30,
        "amc": 83,
        "math500": 500,
        "minerva": 272,
        "gsm8k": 1319,
        "humaneval": 164,
        "ifeval": 541,
        "mmlu_stem": 3015,
    }


@pytest.mark.parametrize(
    "name",
    [
        "math_train",
        "aime_1983_2023",
        "mbpp_train",
        "amc",
        "olympiadbench",
        "gsm8k",
        "humaneval",
        "mbpp_test",
        "leetcode",
        "mmlu_stem",
    ],
)
def test_references_score_one_through_the_real_verifiers(name: str) -> None:
    spec = SOURCES.get(name)
    for record in itertools.islice(spec.fn(spec.params(), 0), 0, 40, 8):
        verdict = score(
            record.verifier, record.meta["reference"], record.ground_truth, record.verifier_config
        )
        assert verdict.reward == 1.0, (name, record.meta["upstream_id"], verdict)


def test_clean_answer_handles_upstream_types() -> None:
    assert clean_answer(142.0) == "142" and clean_answer(0.5) == "0.5"
    assert (
        clean_answer(["$3$", "4"]) == "3, 4"
        and clean_answer(None) is None
        and clean_answer("  ") is None
    )


def test_shared_dedup_definition_and_decontam_masking() -> None:
    assert prompt_shingles("A  b C d") == {"a b c", "b c d"} and prompt_shingles("hi there") == {
        "hi there"
    }
    base = " ".join(f"word{i}" for i in range(60))
    assert minhash(base).jaccard(minhash(base + " extra")) > 0.9
    assert minhash(base).jaccard(minhash("something else entirely, nothing shared at all")) < 0.2
    template = "please answer the following question carefully and put the final result at the end"
    index = EvalIndex(n=13, boilerplate_min_prompts=3)
    evals = [
        f"problem {i} " + " ".join(f"t{i}x{k}" for k in range(15)) + " " + template
        for i in range(5)
    ]
    index.add(("set", str(i), p, f"src{i}") for i, p in enumerate(evals))
    index.freeze()
    assert index.boilerplate > 0
    assert index.check("A new question of mine. " + template) is None  # template only: clean
    copied = "PROBLEM 3: " + " ".join(f"T3X{k}" for k in range(15)) + "!"  # reformatted copy
    hit = index.check(copied)
    assert hit is not None and hit.reason == "ngram" and hit.ref.upstream_id == "3"
    assert index.check(evals[1]).reason == "exact"
    # a generator task's instructions are template text even with few prompts of that task
    task = (
        "solve this puzzle by moving every block onto the target square in as few moves as you can"
    )
    grouped = EvalIndex(n=13, boilerplate_min_prompts=50)
    grouped.add(("rg", str(i), f"{task} grid {i * 7} {i * 13}", "rg/blocks") for i in range(3))
    grouped.freeze()
    assert grouped.check(f"{task} grid 99 98") is None
