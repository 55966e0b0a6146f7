"""pass@k with the unbiased estimator of Chen et al. (2021, "Evaluating Large Language Models
Trained on Code"): draw n >= k samples per problem, count c correct, and estimate

    pass@k = 1 - C(n - c, k) / C(n, k)

which is the probability that a random size-k subset of the n samples holds at least one
correct one. Naively computing 1 - (1 - c/n)^k is biased low for small n; computing the binomials
directly overflows floats for n = 256. The product form below is exact and stable:

    C(n - c, k) / C(n, k) = prod_{i = n - c + 1}^{n} (1 - k / i)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one problem with `c` correct out of `n` samples."""
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got c={c}, n={n}")
    if not 1 <= k <= n:
        raise ValueError(f"need 1 <= k <= n, got k={k}, n={n}")
    if n - c < k:
        return 1.0
    miss = 1.0
    for i in range(n - c + 1, n + 1):
        miss *= 1.0 - k / i
    return 1.0 - miss


def mean_pass_at_k(
    samples: Iterable[Sequence[float | None]], k: int, threshold: float = 1.0
) -> float:
    """Mean pass@k over problems; a sample counts as correct when its reward >= `threshold`.

    Rewards of None (grading failed) count as incorrect here *and* are reported separately by
    callers: pass@k is a claim about what the model solved, and an ungraded sample proves nothing.
    """
    values = []
    for rewards in samples:
        n = len(rewards)
        c = sum(1 for r in rewards if r is not None and r >= threshold)
        values.append(pass_at_k(n, c, k))
    if not values:
        raise ValueError("no problems to average over")
    return sum(values) / len(values)
