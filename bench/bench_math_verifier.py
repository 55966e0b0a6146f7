"""Math verifier throughput on a GRPO-shaped workload, against plain single-process Math-Verify.

Workload: MATH-500 golds (from the shared data folder), 16 rollouts per prompt as a policy
writes them: some reach the gold in its own spelling, some in another spelling (`x = ...`,
`\\dfrac`), the rest give one of a few wrong answers, each wrong answer more than once (rollouts
of one prompt repeat themselves). Baseline: `math_verify.parse` + `verify` on every rollout,
as a grader without our fast paths and caches would do. Both run in this process, one after
the other, on the same items; both are warmed up first.

    .venv/bin/python bench/bench_math_verifier.py [n_prompts]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = Path(os.environ.get("PRORL_SHARED_DATA", REPO.parent / "shared" / "data"))
FALLBACK_GOLDS = ["\\frac{14}{3}", "9", "\\text{Evelyn}", "42", "p - q", "\\sqrt{2}", "(3, 4)"]


def golds(n: int) -> list[str]:
    path = DATA / "math" / "test" / "math500.jsonl"
    if not path.exists():
        return (FALLBACK_GOLDS * (n // len(FALLBACK_GOLDS) + 1))[:n]
    rows = [json.loads(line)["answer"] for line in path.open()]
    return rows[:n]


def rollouts(all_golds: list[str], i: int) -> list[str]:
    gold = all_golds[i]
    wrong = [all_golds[(i + k) % len(all_golds)] for k in (1, 2, 3, 4)]
    answers = [gold] * 6 + [f"x = {gold}"] * 2 + [w for w in wrong for _ in range(2)]
    return [f"<think>steps</think>So the answer is $\\boxed{{{a}}}$." for a in answers]


def run_ours(items: list[tuple[str, str]]) -> list[float]:
    from reward_server.verifiers import score

    return [score("math", r, {"answer": g}).reward or 0.0 for r, g in items]


def run_baseline(items: list[tuple[str, str]]) -> list[float]:
    from math_verify import parse, verify

    out = []
    for response, gold in items:
        g = parse(f"\\boxed{{{gold}}}", parsing_timeout=None)  # type: ignore[arg-type]
        p = parse(response, parsing_timeout=None)  # type: ignore[arg-type]
        out.append(1.0 if verify(g, p, timeout_seconds=None) else 0.0)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    gs = golds(max(n, 8))
    items = [(r, gs[i]) for i in range(n) for r in rollouts(gs, i)]
    from reward_server.verifiers import score
    from reward_server.verifiers.math import warm_up

    warm_up()
    score("math", "\\boxed{1}", {"answer": "1"})  # first lookup imports every verifier module
    run_baseline(items[:2])
    t0 = time.perf_counter()
    base = run_baseline(items)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = run_ours(items)
    t_ours = time.perf_counter() - t0
    agree = sum(a == b for a, b in zip(base, ours, strict=True)) / len(items)
    print(f"items={len(items)} prompts={n} rollouts_per_prompt=16")
    print(f"math_verify_single_process: {t_base:.2f}s ({1000 * t_base / len(items):.2f} ms/item)")
    print(f"prorl_math_verifier:        {t_ours:.2f}s ({1000 * t_ours / len(items):.2f} ms/item)")
    print(f"mean reward: baseline={sum(base) / len(base):.3f} ours={sum(ours) / len(ours):.3f}")
    print(f"agreement with baseline: {agree:.3f}")
    print(f"ratio={t_base / t_ours:.2f} baseline=math_verify_single_process")


if __name__ == "__main__":
    main()
