"""code_gen: reference programs pass in the real sandbox, wrong ones do not, prompts are varied."""

from __future__ import annotations

import itertools

import pytest
from datasketch import MinHash, MinHashLSH
from pydantic import ValidationError

from dataset_builder.generators.code import FAMILIES
from dataset_builder.sources import SOURCES
from prorl.record import TaskRecord, normalize_prompt
from reward_server.verifiers import score


def _take(n: int, seed: int = 0, **params: object) -> list[TaskRecord]:
    spec = SOURCES.get("code_gen")
    return list(itertools.islice(spec.fn(spec.params(**params), seed), n))


def test_reference_programs_pass_in_the_sandbox_and_wrong_programs_fail() -> None:
    records = _take(108, seed=11)
    assert {r.source for r in records} == {f"synthetic/code/{f}" for f in FAMILIES.names()}
    failures = []
    wrong_checked = 0
    for r in records:
        r.validate()
        row = TaskRecord.from_row(r.to_row())
        verdict = score("code", row.meta["reference"], row.ground_truth, row.verifier_config)
        if verdict.reward != 1.0:
            failures.append((r.source, r.meta["generator"], verdict.detail))
        outputs = {t["output"] for t in row.ground_truth["tests"]}
        if len(outputs) > 1 and wrong_checked < 24:  # a constant program cannot pass them all
            const = next(iter(outputs)).strip().replace("\n", "\\n")
            wrong = f'```python\nprint("{const}")\n```'
            assert score("code", wrong, row.ground_truth).reward < 1.0, r.source
            wrong_checked += 1
    for f in failures:
        print(*f)
    assert not failures
    assert wrong_checked == 24


def test_off_by_one_reference_is_caught() -> None:
    """The tests include edge cases: an off-by-one window or range bound fails at least one."""
    mutated = 0
    for r in _take(24, seed=5, families=["range_queries", "two_pointers"]):
        ref = r.meta["reference"]
        bad = ref.replace("a[l - 1:r]", "a[l:r]").replace("r - l + 1", "r - l + 2")
        assert bad != ref, "the mutation no longer applies: update this test"
        assert score("code", bad, r.ground_truth).reward < 1.0, (r.source, r.meta["generator"])
        mutated += 1
    assert mutated == 24


def test_tests_count_and_edge_cases() -> None:
    for r in _take(240, seed=2):
        tests = r.ground_truth["tests"]
        assert 5 <= len(tests) <= 10
        assert r.ground_truth["style"] == "stdio" and r.verifier_config == {}
        assert r.meta["reference"].startswith("```python\n") and r.meta["reference"].endswith("```")
        for part in ("## Input", "## Output", "## Constraints", "## Example"):
            assert part in r.prompt
        # the example shown in the statement is the first test, verbatim
        assert tests[0]["input"].rstrip() in r.prompt and tests[0]["output"].rstrip() in r.prompt


def test_deterministic_and_seed_dependent() -> None:
    a = [r.to_row() for r in _take(60, seed=9)]
    assert a == [r.to_row() for r in _take(60, seed=9)]
    assert {r["id"] for r in a}.isdisjoint({r.id for r in _take(60, seed=10)})


def test_near_duplicate_rate_below_one_percent() -> None:
    records = _take(3000, seed=21)
    lsh = MinHashLSH(threshold=0.9, num_perm=64)
    dups = 0
    for i, r in enumerate(records):
        words = normalize_prompt(r.prompt).split()
        m = MinHash(num_perm=64)
        m.update_batch([" ".join(words[j : j + 3]).encode() for j in range(len(words) - 2)])
        dups += bool(lsh.query(m))
        lsh.insert(str(i), m)
    rate = dups / len(records)
    print(f"near-duplicate rate {rate:.4f}")
    assert rate < 0.01
    assert len({r.id for r in records}) == len(records)


def test_bad_params_name_the_field() -> None:
    spec = SOURCES.get("code_gen")
    with pytest.raises(ValidationError, match="families"):
        spec.params(families=["no_such_family"])
    with pytest.raises(ValidationError, match="min_tests"):
        spec.params(min_tests=1)
