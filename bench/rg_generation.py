"""Throughput of the `reasoning_gym` corpus source (records/s, one core).

Baseline: the same number of records drawn with every task at weight 1 (no down-weighting of
the slow generators). The ratio is tuned-stream throughput over that baseline; the ProRL corpus
needs 37,000 logic records, so records/s also gives the build-time share of this source.

    .venv/bin/python bench/rg_generation.py [N]
"""

from __future__ import annotations

import itertools
import sys
import time

from dataset_builder.sources import SOURCES
from dataset_builder.sources import reasoning_gym_source as rgs


def rate(n: int, weights: dict[str, float] | None) -> float:
    spec = SOURCES.get("reasoning_gym")
    params = spec.params() if weights is None else spec.params(weights=weights)
    start = time.perf_counter()
    count = sum(1 for _ in itertools.islice(spec.fn(params, 0), n))
    return count / (time.perf_counter() - start)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    flat = dict.fromkeys(rgs.DEFAULT_WEIGHTS, 1.0)
    base = rate(n, flat)
    tuned = rate(n, None)
    print(f"baseline (all weights 1): {base:.1f} records/s -> 37K in {37000 / base:.0f} s")
    print(f"default weights:          {tuned:.1f} records/s -> 37K in {37000 / tuned:.0f} s")
    print(f"ratio={tuned / base:.2f} baseline=reasoning_gym_flat_weights")


if __name__ == "__main__":
    main()
