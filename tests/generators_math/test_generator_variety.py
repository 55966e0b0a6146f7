"""Variety of the procedural `math_gen` and `stem_gen` sources under the project's duplicate
definitions (dataset_builder.dedup): exact duplicates of the normalized prompt, and
near-duplicates = MinHash (64 permutations, word 3-gram shingles) with estimated Jaccard >= 0.9."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from datasketch import MinHashLSH

from dataset_builder.dedup import NEAR_THRESHOLD, NUM_PERM, minhash
from dataset_builder.sources import SOURCES
from prorl.record import TaskRecord, normalize_prompt


@pytest.fixture(scope="module", params=["math_gen", "stem_gen"])
def stream(request: pytest.FixtureRequest) -> list[TaskRecord]:
    spec = SOURCES.get(request.param)
    return list(itertools.islice(spec.fn(spec.params(), 2026), 20_000))


def test_exact_duplicate_rate_under_half_a_percent(stream: list[TaskRecord]) -> None:
    seen: set[str] = set()
    dups: Counter[str] = Counter()
    per_family: Counter[str] = Counter()
    for rec in stream:
        key = normalize_prompt(rec.prompt)
        per_family[rec.meta["family"]] += 1
        if key in seen:
            dups[rec.meta["family"]] += 1
        seen.add(key)
    print("\nfamily                      records  exact-dups")
    for fam, n in sorted(per_family.items()):
        print(f"{fam:28s}{n:7d}{dups[fam]:12d}")
    rate = sum(dups.values()) / len(stream)
    print(f"total {len(stream)} records, {sum(dups.values())} exact duplicates ({rate:.3%})")
    assert rate < 0.005


def test_near_duplicate_rate_under_one_percent(stream: list[TaskRecord]) -> None:
    lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)
    sigs = []
    near: Counter[str] = Counter()
    sample = stream[:5000]
    for i, rec in enumerate(sample):
        sig = minhash(rec.prompt)
        sigs.append(sig)
        if any(sig.jaccard(sigs[j]) >= NEAR_THRESHOLD for j in lsh.query(sig)):
            near[rec.meta["family"]] += 1
        lsh.insert(i, sig)
    print(f"\nnear-duplicates in {len(sample)}: {sum(near.values())} {near.most_common()}")
    assert sum(near.values()) / len(sample) < 0.01
