"""Algebra: linear and quadratic equations, systems, inequalities, polynomials, functions."""

from __future__ import annotations

import random
from fractions import Fraction

from dataset_builder.generators.math import Problem, family
from dataset_builder.generators.math.latex import frac, inline_frac, poly, poly_eval, signed
from dataset_builder.generators.math.words import NAMES, OBJECTS, VARIABLES


def _nz(rng: random.Random, lo: int, hi: int) -> int:
    """A nonzero integer in [lo, hi]."""
    while True:
        v = rng.randint(lo, hi)
        if v:
            return v


@family("linear_equation", weight=1.5)
def linear_equation(rng: random.Random) -> Problem:
    v = rng.choice(VARIABLES)
    a, c = _nz(rng, -25, 25), _nz(rng, -25, 25)
    while a == c:
        c = _nz(rng, -25, 25)
    b, d = rng.randint(-120, 120), rng.randint(-120, 120)
    sol = Fraction(d - b, a - c)
    lhs = f"{poly([a, 0], v)}{signed(b)}" if b else poly([a, 0], v)
    rhs = f"{poly([c, 0], v)}{signed(d)}" if d else poly([c, 0], v)
    eq = f"${lhs} = {rhs}$"
    statement = rng.choice(
        [
            f"Solve for ${v}$: {eq}.",
            f"Find the value of ${v}$ that satisfies {eq}.",
            f"If {eq}, what is ${v}$?",
            f"Determine ${v}$ given that {eq}.",
            f"What value of ${v}$ makes the equation {eq} true?",
        ]
    )
    steps = (
        f"Collect the ${v}$ terms on one side: ${a - c}{v} = {d - b}$, "
        f"so ${v} = {inline_frac(sol)}$."
    )
    diff = 1 if sol.denominator == 1 else 2
    return Problem(statement, frac(sol), steps, diff, {"a": a, "b": b, "c": c, "d": d})


@family("linear_word_problem")
def linear_word_problem(rng: random.Random) -> Problem:
    p, q = rng.sample(NAMES, 2)
    obj = rng.choice(OBJECTS)
    k = rng.randint(2, 9)
    extra = rng.randint(1, 60)
    total = rng.randint(10, 300)
    # q has k times as many as p, plus `extra`: p + k p + extra = total
    base = max(1, (total - extra) // (k + 1))
    total = base * (k + 1) + extra
    statement = rng.choice(
        [
            f"{p} and {q} have {total} {obj} altogether. {q} has {extra} more than {k} times "
            f"as many as {p}. How many {obj} does {p} have?",
            f"Together, {p} and {q} own {total} {obj}. If {q} owns {k} times what {p} owns plus "
            f"{extra} more, how many {obj} does {p} own?",
            f"A total of {total} {obj} is split between {p} and {q} so that {q}'s share is {extra} "
            f"more than {k} times {p}'s share. Find {p}'s share.",
        ]
    )
    steps = (
        f"Let {p} have $n$. Then $n + {k}n + {extra} = {total}$, so ${k + 1}n = {total - extra}$."
    )
    return Problem(statement, str(base), steps, 1, {"k": k, "extra": extra, "total": total})


@family("quadratic_vieta", weight=1.5)
def quadratic_vieta(rng: random.Random) -> Problem:
    v = rng.choice(VARIABLES)
    a = _nz(rng, -9, 9)
    b, c = rng.randint(-40, 40), _nz(rng, -60, 60)
    s, p = Fraction(-b, a), Fraction(c, a)
    kind = rng.randrange(5)
    if kind == 0:
        what, ans, how = "the sum of the squares of its roots", s * s - 2 * p, "$s^2 - 2p$"
    elif kind == 1:
        what, ans, how = "the sum of the reciprocals of its roots", s / p, "$s/p$"
    elif kind == 2:
        what, ans, how = "the product of its roots", p, "$p$"
    elif kind == 3:
        what, ans, how = "the sum of the cubes of its roots", s**3 - 3 * s * p, "$s^3 - 3sp$"
    else:
        what, ans, how = "the value of $(r_1 + 1)(r_2 + 1)$", p + s + 1, "$p + s + 1$"
    eq = f"${poly([a, b, c], v)} = 0$"
    statement = rng.choice(
        [
            f"Let $r_1$ and $r_2$ be the roots of {eq}. Find {what}.",
            f"The equation {eq} has roots $r_1, r_2$ (possibly complex). Compute {what}.",
            f"For the quadratic {eq} with roots $r_1$ and $r_2$, what is {what}?",
        ]
    )
    steps = (
        f"By Vieta's formulas, $s = r_1 + r_2 = {inline_frac(s)}$ and "
        f"$p = r_1 r_2 = {inline_frac(p)}$. The requested quantity is {how}."
    )
    return Problem(
        statement, frac(ans), steps, 2 + (kind in (1, 3)), {"a": a, "b": b, "c": c, "ask": kind}
    )


@family("quadratic_root")
def quadratic_root(rng: random.Random) -> Problem:
    v = rng.choice(VARIABLES)
    r1, r2 = rng.randint(-30, 30), rng.randint(-30, 30)
    while r1 == r2:
        r2 = rng.randint(-30, 30)
    k = rng.choice([1, 1, 2, 3, -1, -2, 4, 5])
    coeffs = [k, -k * (r1 + r2), k * r1 * r2]
    eq = f"${poly(coeffs, v)} = 0$"
    kind = rng.randrange(3)
    if kind == 0:
        what, ans = "the larger root", max(r1, r2)
    elif kind == 1:
        what, ans = "the smaller root", min(r1, r2)
    else:
        what, ans = "the positive difference between the roots", abs(r1 - r2)
    statement = rng.choice(
        [
            f"Find {what} of {eq}.",
            f"What is {what} of the equation {eq}?",
            f"Given {eq}, compute {what}.",
        ]
    )
    steps = f"Factor: ${k}({v} - ({r1}))({v} - ({r2})) = 0$, so the roots are {r1} and {r2}."
    return Problem(statement, str(ans), steps, 2, {"roots": [r1, r2], "k": k, "ask": kind})


@family("linear_system", weight=1.5)
def linear_system(rng: random.Random) -> Problem:
    x, y = rng.randint(-20, 20), rng.randint(-20, 20)
    while True:
        a, b, c, d = (_nz(rng, -12, 12) for _ in range(4))
        if a * d - b * c:
            break
    e, f = a * x + b * y, c * x + d * y
    u, w = rng.choice([("x", "y"), ("a", "b"), ("m", "n"), ("p", "q"), ("s", "t")])
    eq1, eq2 = f"{poly([a, 0], u)}{signed(b)}{w} = {e}", f"{poly([c, 0], u)}{signed(d)}{w} = {f}"
    eq1 = eq1.replace(f" 1{w}", f" {w}")
    eq2 = eq2.replace(f" 1{w}", f" {w}")
    ka, kb = _nz(rng, -5, 5), _nz(rng, -5, 5)
    kind = rng.randrange(3)
    if kind == 0:
        what, ans = f"${u}$", x
    elif kind == 1:
        what, ans = f"${u}{w}$", x * y
    else:
        what, ans = (
            f"${poly([ka, 0], u)}{signed(kb)}{w}$".replace(f" 1{w}", f" {w}"),
            ka * x + kb * y,
        )
    statement = rng.choice(
        [
            f"Solve the system ${eq1}$ and ${eq2}$, then give {what}.",
            f"If ${eq1}$ and ${eq2}$, what is {what}?",
            f"Given the equations ${eq1}$ and ${eq2}$, find the value of {what}.",
        ]
    )
    steps = f"Eliminating one variable gives ${u} = {x}$ and ${w} = {y}$."
    return Problem(
        statement,
        str(ans),
        steps,
        2,
        {"coef": [a, b, c, d], "sol": [x, y], "ask": kind, "k": [ka, kb]},
    )


@family("linear_inequality")
def linear_inequality(rng: random.Random) -> Problem:
    v = rng.choice(VARIABLES)
    a, c = _nz(rng, -15, 15), _nz(rng, -15, 15)
    while a == c:
        c = _nz(rng, -15, 15)
    b, d = rng.randint(-80, 80), rng.randint(-80, 80)
    strict = rng.random() < 0.5
    op = "<" if strict else "\\le"
    # a v + b (op) c v + d  <=>  (a - c) v (op) d - b
    k, r = a - c, Fraction(d - b, a - c)
    upper = k > 0  # v < r (or <=) when dividing by a positive number
    if upper:
        ans = (r.numerator // r.denominator) - (1 if strict and r.denominator == 1 else 0)
        what = "largest"
    else:
        ceil = -((-r.numerator) // r.denominator)
        ans = ceil + (1 if strict and r.denominator == 1 else 0)
        what = "smallest"
    ineq = f"${poly([a, 0], v)}{signed(b)} {op} {poly([c, 0], v)}{signed(d)}$"
    statement = rng.choice(
        [
            f"What is the {what} integer ${v}$ satisfying {ineq}?",
            f"Find the {what} integer value of ${v}$ for which {ineq}.",
            f"Among all integers ${v}$ with {ineq}, which is the {what}?",
        ]
    )
    sense = ("<" if strict else "\\le") if upper else (">" if strict else "\\ge")
    steps = f"Rearranging gives ${k}{v} {op} {d - b}$, i.e. ${v} {sense} {inline_frac(r)}$."
    return Problem(
        statement, str(ans), steps, 2, {"a": a, "b": b, "c": c, "d": d, "strict": strict}
    )


@family("polynomial_evaluation")
def polynomial_evaluation(rng: random.Random) -> Problem:
    fname = rng.choice(["f", "g", "h", "p", "q"])
    deg = rng.randint(2, 4)
    coeffs = [_nz(rng, -9, 9)] + [rng.randint(-12, 12) for _ in range(deg)]
    x0 = rng.randint(-6, 6)
    kind = rng.randrange(3)
    expr = poly(coeffs, "x")
    inner_mn: list[int] = []
    if kind == 0:
        ans = poly_eval(coeffs, x0)
        q = rng.choice(
            [
                f"Compute ${fname}({x0})$.",
                f"What is ${fname}({x0})$?",
                f"Evaluate ${fname}$ at $x = {x0}$.",
            ]
        )
        steps = f"Substitute $x = {x0}$ into ${fname}(x)$."
    elif kind == 1:
        ans = poly_eval(coeffs, x0)
        q = f"Find the remainder when ${fname}(x)$ is divided by $x{signed(-x0)}$."
        steps = f"By the remainder theorem the remainder is ${fname}({x0})$."
    else:
        m, n = _nz(rng, -4, 4), rng.randint(-5, 5)
        inner_mn = [m, n]
        inner = m * x0 + n
        ans = poly_eval(coeffs, inner)
        q = f"Let $u(x) = {poly([m, n], 'x')}$. Compute ${fname}(u({x0}))$."
        steps = f"First $u({x0}) = {inner}$, then evaluate ${fname}({inner})$."
    statement = f"Let ${fname}(x) = {expr}$. {q}"
    return Problem(
        statement,
        frac(ans),
        steps,
        1 + (deg > 2) + (kind == 2),
        {"coeffs": coeffs, "x0": x0, "ask": kind, "inner": inner_mn},
    )


@family("rational_function")
def rational_function(rng: random.Random) -> Problem:
    fname = rng.choice(["f", "g", "h", "r"])
    a, b = _nz(rng, -9, 9), rng.randint(-15, 15)
    c, d = _nz(rng, -9, 9), _nz(rng, -15, 15)
    while a * d - b * c == 0:
        d = _nz(rng, -15, 15)
    expr = f"\\frac{{{poly([a, b], 'x')}}}{{{poly([c, d], 'x')}}}"
    kind = rng.randrange(4)
    if kind == 0:
        x0 = rng.randint(-10, 10)
        while c * x0 + d == 0:
            x0 += 1
        ans = Fraction(a * x0 + b, c * x0 + d)
        q, steps = (
            f"Find ${fname}({x0})$.",
            f"${fname}({x0}) = \\frac{{{a * x0 + b}}}{{{c * x0 + d}}}$.",
        )
    elif kind == 1:
        ans = Fraction(-d, c)
        q, steps = (
            "For which real $x$ is it undefined?",
            f"The denominator vanishes at $x = {inline_frac(ans)}$.",
        )
    elif kind == 2:
        y0 = rng.randint(-10, 10)
        while y0 * c - a == 0:
            y0 += 1
        ans = Fraction(b - d * y0, y0 * c - a)
        q = f"Find $x$ such that ${fname}(x) = {y0}$."
        steps = f"Cross-multiplying: ${a}x + {b} = {y0}({c}x + {d})$."
    else:
        ans = Fraction(a, c)
        q, steps = (
            "What is its horizontal asymptote $y = L$? Give $L$.",
            "The ratio of leading coefficients.",
        )
    statement = f"Let ${fname}(x) = {expr}$. {q}"
    return Problem(statement, frac(ans), steps, 2, {"abcd": [a, b, c, d], "ask": kind})


@family("exponential_equation")
def exponential_equation(rng: random.Random) -> Problem:
    p = rng.choice([2, 2, 3, 3, 5, 7])
    e = rng.randint(1, 4 if p == 2 else 3 if p == 3 else 2)
    q = p**e
    a, b = _nz(rng, -6, 6), rng.randint(-12, 12)
    c, d = _nz(rng, -6, 6), rng.randint(-12, 12)
    while a == c * e:
        c = _nz(rng, -6, 6)
    # p^(a x + b) = q^(c x + d) = p^(e (c x + d))
    sol = Fraction(e * d - b, a - e * c)
    statement = rng.choice(
        [
            f"Solve for $x$: ${p}^{{{poly([a, b], 'x')}}} = {q}^{{{poly([c, d], 'x')}}}$.",
            f"Find the real number $x$ with ${p}^{{{poly([a, b], 'x')}}} = {q}^{{{poly([c, d], 'x')}}}$.",
        ]
    )
    steps = f"Write ${q} = {p}^{e}$ and equate exponents: ${poly([a, b], 'x')} = {e}({poly([c, d], 'x')})$."
    return Problem(statement, frac(sol), steps, 2, {"p": p, "q": q, "abcd": [a, b, c, d]})
