"""Throughput of the `code_gen` source (tasks/s, one core); the corpus needs ~23,000 tasks.

Baseline: the same stream with the compiled-reference cache cleared before every task, i.e.
compiling each family variant's reference source afresh (what the cache in
dataset_builder.generators.code.compile_fn saves).

    .venv/bin/python bench/code_gen_throughput.py [N]
"""

from __future__ import annotations

import itertools
import sys
import time

from dataset_builder.generators.code import compile_fn
from dataset_builder.sources import SOURCES


def rate(n: int, *, cached: bool) -> float:
    spec = SOURCES.get("code_gen")
    stream = spec.fn(spec.params(), 0)
    start = time.perf_counter()
    for _ in itertools.islice(stream, n):
        if not cached:
            compile_fn.cache_clear()
    return n / (time.perf_counter() - start)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rate(200, cached=True)  # import and warm the family modules
    base = rate(n, cached=False)
    tuned = rate(n, cached=True)
    print(f"uncached compile: {base:.0f} tasks/s; cached: {tuned:.0f} tasks/s")
    print(f"23K code tasks in {23000 / tuned:.1f} s")
    print(f"ratio={tuned / base:.2f} baseline=code_gen_uncached_compile")


if __name__ == "__main__":
    main()
