"""Records per second of the procedural generators (`math_gen`, `stem_gen`) on one core.

The corpus build budget (136K tasks in 10 minutes on 2 cores) needs >= 2,000 records/s per
generator. The generators compute answers with integers and `Fraction` instead of sympy; the
baseline here is that sympy path, run in this script on the same problems: for three algebra and
calculus families, the answer is re-derived with `sympy.solve` / `sympy.roots` /
`sympy.integrate` and rendered with `sympy.latex`. The ratio is full-record generation speed over
sympy-answer-only speed on those families (so it understates the gap: the baseline skips the
prompt, reference and record entirely).

    .venv/bin/python bench/generators_throughput.py [--n 20000]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sympy as sp  # noqa: E402

from dataset_builder.sources.math_gen import MathGenParams, math_gen  # noqa: E402
from dataset_builder.sources.stem_gen import StemGenParams, stem_gen  # noqa: E402

FAMILIES = ["linear_equation", "quadratic_vieta", "definite_integral"]
x = sp.Symbol("x")


def rate(stream: Any, n: int) -> float:
    start = time.perf_counter()
    for _ in itertools.islice(stream, n):
        pass
    return n / (time.perf_counter() - start)


def sympy_answer(family: str, p: dict[str, Any]) -> str:
    if family == "linear_equation":
        (sol,) = sp.solve(p["a"] * x + p["b"] - p["c"] * x - p["d"], x)
        return sp.latex(sol)
    if family == "quadratic_vieta":
        r1, r2 = sp.roots(p["a"] * x**2 + p["b"] * x + p["c"], x, multiple=True)
        ask = [r1**2 + r2**2, 1 / r1 + 1 / r2, r1 * r2, r1**3 + r2**3, (r1 + 1) * (r2 + 1)]
        return sp.latex(sp.simplify(ask[p["ask"]]))
    if "coeffs" in p:
        f = sum(c * x**i for i, c in enumerate(reversed(p["coeffs"])))
        return sp.latex(sp.integrate(f, (x, p["a"], p["b"])))
    return sp.latex(sp.integrate(p["m"] * sp.exp(p["k"] * x), (x, p["a"], p["b"])))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20000, help="records per measured stream")
    ap.add_argument("--baseline-n", type=int, default=120, help="problems for the sympy path")
    args = ap.parse_args()

    math_rate = rate(math_gen(MathGenParams(), 0), args.n)
    stem_rate = rate(stem_gen(StemGenParams(), 0), args.n)
    print(f"math_gen  all families : {math_rate:9.0f} records/s")
    print(f"stem_gen  all families : {stem_rate:9.0f} records/s")

    ours = rate(math_gen(MathGenParams(families=FAMILIES), 1), args.n)
    records = list(itertools.islice(math_gen(MathGenParams(families=FAMILIES), 1), args.baseline_n))
    start = time.perf_counter()
    for rec in records:
        sympy_answer(rec.meta["family"], rec.meta["params"])
    base = len(records) / (time.perf_counter() - start)
    print(f"math_gen  {'+'.join(FAMILIES)}: {ours:9.0f} records/s")
    print(f"sympy answers, same families      : {base:9.0f} answers/s")
    slowest = min(math_rate, stem_rate)
    print(f"slowest generator vs 2000 records/s target: {slowest / 2000:.1f}x")
    print(f"ratio={ours / base:.1f} baseline=sympy_exact")


if __name__ == "__main__":
    main()
