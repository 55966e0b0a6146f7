"""pass@k against brute force: enumerate every size-k subset of synthetic samples."""

import itertools
import random

import pytest

from trainer.passk import mean_pass_at_k, pass_at_k


def brute_force(outcomes: list[bool], k: int) -> float:
    subsets = list(itertools.combinations(range(len(outcomes)), k))
    return sum(any(outcomes[i] for i in s) for s in subsets) / len(subsets)


@pytest.mark.parametrize("seed", range(30))
def test_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 12)
    outcomes = [rng.random() < rng.random() for _ in range(n)]
    for k in range(1, n + 1):
        assert pass_at_k(n, sum(outcomes), k) == pytest.approx(brute_force(outcomes, k), abs=1e-12)


def test_edges_and_large_n() -> None:
    assert pass_at_k(256, 0, 256) == 0.0
    assert pass_at_k(256, 1, 256) == 1.0
    assert pass_at_k(256, 1, 1) == pytest.approx(1 / 256)
    # n = 256 must not overflow and must be monotone in k
    values = [pass_at_k(256, 3, k) for k in (1, 4, 16, 64, 256)]
    assert values == sorted(values) and 0 < values[0] < values[-1] == 1.0


def test_mean_with_threshold_and_none() -> None:
    samples = [[1.0, 0.0, None, 0.5], [0.0, 0.0, 0.0, 0.0]]
    assert mean_pass_at_k(samples, 1) == pytest.approx((1 / 4 + 0) / 2)
    assert mean_pass_at_k(samples, 1, threshold=0.5) == pytest.approx((2 / 4 + 0) / 2)


@pytest.mark.parametrize("n,c,k", [(4, 5, 1), (4, -1, 1), (4, 2, 0), (4, 2, 5)])
def test_rejects_bad_arguments(n: int, c: int, k: int) -> None:
    with pytest.raises(ValueError):
        pass_at_k(n, c, k)
