"""Sequences and series: arithmetic and geometric terms and sums, recurrences, classic sums."""

from __future__ import annotations

import random
from fractions import Fraction

from dataset_builder.generators.math import Problem, family
from dataset_builder.generators.math.latex import frac, inline_frac
from dataset_builder.generators.math.words import NAMES, OBJECTS


@family("arithmetic_sequence", weight=1.5)
def arithmetic_sequence(rng: random.Random) -> Problem:
    a1, d = rng.randint(-50, 80), rng.choice([i for i in range(-15, 16) if i])
    n = rng.randint(8, 120)
    kind = rng.randrange(4)
    first = ", ".join(str(a1 + i * d) for i in range(4))
    if kind == 0:
        ans = a1 + (n - 1) * d
        statement = f"What is the {n}th term of the arithmetic sequence {first}, ...?"
        steps = f"$a_n = {a1} + (n-1)({d})$ with $n = {n}$."
    elif kind == 1:
        ans = n * (2 * a1 + (n - 1) * d) // 2
        statement = f"Find the sum of the first {n} terms of the arithmetic sequence {first}, ...."
        steps = f"$S_n = \\frac{{n}}{{2}}(2a_1 + (n-1)d)$ with $a_1 = {a1}$, $d = {d}$."
    elif kind == 2:
        a5 = a1 + 4 * d
        a12 = a1 + 11 * d
        ans = a1 + (n - 1) * d
        statement = f"In an arithmetic sequence the 5th term is {a5} and the 12th term is {a12}. What is the {n}th term?"
        steps = f"$7d = {a12 - a5}$, so $d = {d}$ and $a_1 = {a1}$."
    else:
        name, obj = rng.choice(NAMES), rng.choice(OBJECTS)
        start, inc = rng.randint(1, 40), rng.randint(1, 12)
        days = rng.randint(5, 60)
        ans = days * (2 * start + (days - 1) * inc) // 2
        statement = f"{name} collects {start} {obj} on day 1 and each day collects {inc} more than the day before. How many {obj} has {name} collected in total after {days} days?"
        steps = f"Arithmetic series: $\\frac{{{days}}}{{2}}(2 \\cdot {start} + {days - 1} \\cdot {inc})$."
        a1, d, n = start, inc, days
    return Problem(
        statement, str(ans), steps, 1 + (kind >= 2), {"a1": a1, "d": d, "n": n, "ask": kind}
    )


@family("geometric_series", weight=1.5)
def geometric_series(rng: random.Random) -> Problem:
    kind = rng.randrange(3)
    a = rng.choice([i for i in range(-12, 13) if i])
    if kind == 2:
        a = rng.choice([i for i in range(-99, 100) if i])
        r = Fraction(rng.randint(-11, 11), rng.randint(2, 12))
        while abs(r) >= 1 or r == 0:
            r = Fraction(rng.randint(-11, 11), rng.randint(2, 12))
        ans = a / (1 - r)
        statement = f"Find the sum of the infinite geometric series with first term {a} and common ratio {inline_frac(r)}."
        steps = f"$S = \\frac{{a}}{{1 - r}} = \\frac{{{a}}}{{1 - ({inline_frac(r)})}}$."
        n = 0
    else:
        a = rng.choice([i for i in range(-200, 201) if i])
        r = Fraction(rng.choice([-3, -2, 2, 3, 4, 5]), rng.choice([1, 1, 1, 2, 3]))
        while abs(r) == 1:
            r = Fraction(rng.choice([-3, -2, 2, 3, 4, 5]), rng.choice([1, 2, 3]))
        n = rng.randint(4, 12)
        terms = ", ".join(inline_frac(a * r**i) for i in range(3))
        if kind == 0:
            ans = a * r ** (n - 1)
            statement = f"What is term number {n} of the geometric sequence {terms}, ...?"
            steps = f"$a_n = a r^{{n-1}}$ with $a = {a}$, $r = {inline_frac(r)}$."
        else:
            ans = a * (1 - r**n) / (1 - r)
            statement = (
                f"Compute the sum of the first {n} terms of the geometric sequence {terms}, ...."
            )
            steps = f"$S_n = a\\frac{{1 - r^n}}{{1 - r}}$ with $a = {a}$, $r = {inline_frac(r)}$."
    return Problem(
        statement, frac(ans), steps, 2 + (kind == 1), {"a": a, "r": str(r), "n": n, "ask": kind}
    )


def _coef(c: int) -> str:
    return "" if c == 1 else "-" if c == -1 else str(c)


@family("recurrence")
def recurrence(rng: random.Random) -> Problem:
    kind = rng.randrange(2)
    n = rng.randint(5, 12)
    seq = rng.choice(["a", "b", "u", "c", "x", "t"])
    if kind == 0:
        p, q, a1 = rng.choice([2, 3, -2, -1, 1]), rng.randint(-9, 9), rng.randint(-9, 9)
        vals = [a1]
        for _ in range(n - 1):
            vals.append(p * vals[-1] + q)
        rule = f"{seq}_{{k+1}} = {_coef(p)}{seq}_k {'+' if q >= 0 else '-'} {abs(q)}"
        statement = (
            f"A sequence has ${seq}_1 = {a1}$ and ${rule}$ for $k \\ge 1$. Find ${seq}_{{{n}}}$."
        )
        params: dict[str, object] = {"p": p, "q": q, "a1": a1}
    else:
        a1, a2 = rng.randint(-10, 20), rng.randint(-10, 20)
        p, q = rng.choice([1, 2, -1, 3]), rng.choice([1, -1, 2, 1])
        vals = [a1, a2]
        for _ in range(n - 2):
            vals.append(p * vals[-1] + q * vals[-2])
        rule = f"{seq}_{{k+2}} = {_coef(p)}{seq}_{{k+1}} {'+' if q >= 0 else '-'} {_coef(abs(q))}{seq}_k"
        statement = f"Let ${seq}_1 = {a1}$, ${seq}_2 = {a2}$ and ${rule}$ for $k \\ge 1$. What is ${seq}_{{{n}}}$?"
        params = {"p": p, "q": q, "a1": a1, "a2": a2}
    steps = "Iterating the rule: " + ", ".join(str(v) for v in vals) + "."
    return Problem(statement, str(vals[-1]), steps, 2, {"n": n, "ask": kind, **params})


@family("special_sums")
def special_sums(rng: random.Random) -> Problem:
    kind = rng.randrange(4)
    n = rng.randint(5, 300)
    if kind == 0:
        lo = rng.randint(1, 60)
        ans = Fraction(sum(k * k for k in range(lo, n + lo + 1)))
        statement = f"Compute ${lo}^2 + {lo + 1}^2 + \\cdots + {n + lo}^2$."
        steps = f"Use $\\sum_{{k=1}}^{{N}} k^2 = N(N+1)(2N+1)/6$ at $N = {n + lo}$ minus $N = {lo - 1}$."
    elif kind == 1:
        lo = rng.randint(1, 60)
        ans = Fraction(sum(k**3 for k in range(lo, n + lo + 1)))
        statement = f"Evaluate $\\sum_{{k={lo}}}^{{{n + lo}}} k^3$."
        steps = (
            f"Use $\\sum_{{k=1}}^{{N}} k^3 = (N(N+1)/2)^2$ at $N = {n + lo}$ minus $N = {lo - 1}$."
        )
        n = n * 100 + lo
    elif kind == 2:
        m, lo = rng.randint(1, 4), rng.randint(1, 40)
        ans = sum((Fraction(1, k * (k + m)) for k in range(lo, lo + n + 1)), Fraction(0))
        statement = (
            f"Find the exact value of $\\sum_{{k={lo}}}^{{{lo + n}}} \\frac{{1}}{{k(k+{m})}}$."
        )
        steps = f"Partial fractions: $\\frac{{1}}{{k(k+{m})}} = \\frac{{1}}{{{m}}}\\left(\\frac{{1}}{{k}} - \\frac{{1}}{{k+{m}}}\\right)$; the sum telescopes."
        n = (n * 10 + m) * 100 + lo
    else:
        lo = rng.randint(1, 200)
        hi = lo + rng.randint(10, 400)
        odd = rng.random() < 0.5
        ks = [k for k in range(lo, hi + 1) if k % 2 == (1 if odd else 0)]
        ans = Fraction(sum(ks))
        statement = f"What is the sum of all {'odd' if odd else 'even'} integers from {lo} to {hi} inclusive?"
        steps = f"There are {len(ks)} such integers from {ks[0]} to {ks[-1]}; use first plus last times count over 2."
        n = lo * 10000 + hi
    return Problem(statement, frac(ans), steps, 2 + (kind == 2), {"n": n, "ask": kind})
