"""Calculus: derivatives at a point, definite integrals, limits, extrema, tangent lines."""

from __future__ import annotations

import random
from fractions import Fraction

from dataset_builder.generators.math import Problem, family
from dataset_builder.generators.math.latex import (
    frac,
    inline_frac,
    poly,
    poly_derivative,
    poly_eval,
)


def _poly(rng: random.Random, deg: int) -> list[int]:
    c = [rng.randint(-9, 9) for _ in range(deg + 1)]
    c[0] = c[0] or rng.choice([1, -1, 2, 3])
    return c


def _antiderivative(coeffs: list[int]) -> list[Fraction]:
    deg = len(coeffs) - 1
    return [Fraction(c, deg - i + 1) for i, c in enumerate(coeffs)] + [Fraction(0)]


@family("derivative_at_point", weight=1.5)
def derivative_at_point(rng: random.Random) -> Problem:
    fname = rng.choice(["f", "g", "h", "F", "p"])
    c = _poly(rng, rng.randint(2, 5))
    x0 = rng.randint(-5, 5)
    second = rng.random() < 0.3
    d = poly_derivative(c)
    if second:
        d = poly_derivative(d)
    ans = poly_eval(d, x0)
    order = "f''" if second else "f'"
    order = order.replace("f", fname)
    statement = rng.choice(
        [
            f"Let ${fname}(x) = {poly(c)}$. Compute ${order}({x0})$.",
            f"Find the value of ${order}({x0})$ for ${fname}(x) = {poly(c)}$.",
            f"Differentiate ${fname}(x) = {poly(c)}$ and evaluate ${order}$ at $x = {x0}$.",
        ]
    )
    steps = f"${order}(x) = {poly(d)}$, then substitute $x = {x0}$."
    return Problem(
        statement, frac(ans), steps, 2 + second, {"coeffs": c, "x0": x0, "second": second}
    )


@family("definite_integral", weight=1.5)
def definite_integral(rng: random.Random) -> Problem:
    if rng.random() < 0.7:
        c = _poly(rng, rng.randint(1, 4))
        a = rng.randint(-4, 3)
        b = rng.randint(a + 1, a + 5)
        big = _antiderivative(c)
        ans = frac(poly_eval(big, b) - poly_eval(big, a))
        integrand = poly(c)
        steps = f"An antiderivative is ${poly(big)}$; evaluate from {a} to {b}."
        params: dict[str, object] = {"coeffs": c, "a": a, "b": b}
        diff = 2
    else:
        k = rng.choice([1, 2, 3, 4, 5, -1, -2, -3])
        m = rng.randint(1, 30)
        a = rng.randint(-2, 1)
        b = rng.randint(a + 1, a + 3)
        # integral of m e^{kx} from a to b = (m/k) (e^{kb} - e^{ka})
        coef = Fraction(m, k)
        hi = "e" if k * b == 1 else f"e^{{{k * b}}}"
        lo = "1" if k * a == 0 else "e" if k * a == 1 else f"e^{{{k * a}}}"
        head = "" if coef == 1 else "-" if coef == -1 else frac(coef)
        ans = f"{head}\\left({hi} - {lo}\\right)" if head else f"{hi} - {lo}"
        exp = "x" if k == 1 else "-x" if k == -1 else f"{k}x"
        integrand = f"{'' if m == 1 else m}e^{{{exp}}}"
        steps = (
            f"$\\int {integrand}\\,dx = {inline_frac(coef)} e^{{{exp}}}$; evaluate from {a} to {b}."
        )
        params = {"m": m, "k": k, "a": a, "b": b}
        diff = 3
    statement = rng.choice(
        [
            f"Evaluate $\\int_{{{a}}}^{{{b}}} \\left({integrand}\\right) dx$.",
            f"Compute the definite integral of ${integrand}$ from $x = {a}$ to $x = {b}$.",
            f"What is $\\int_{{{a}}}^{{{b}}} ({integrand})\\, dx$?",
        ]
    )
    return Problem(statement, ans, steps, diff, params)


@family("limits")
def limits(rng: random.Random) -> Problem:
    kind = rng.randrange(3)
    if kind == 0:
        a = rng.choice([i for i in range(-12, 13) if i])
        c = _poly(rng, rng.randint(1, 2))
        # lim_{x->a} (x - a) q(x) / (x - a) = q(a): numerator expanded
        num = [0] * (len(c) + 1)
        for i, ci in enumerate(c):
            num[i] += ci
            num[i + 1] -= a * ci
        ans = poly_eval(c, a)
        sign = f"- {a}" if a > 0 else f"+ {-a}"
        statement = f"Evaluate $\\lim_{{x \\to {a}}} \\frac{{{poly(num)}}}{{x {sign}}}$."
        steps = f"Factor out $(x {sign})$ from the numerator, leaving ${poly(c)}$ at $x = {a}$."
    elif kind == 1:
        k, m = rng.randint(1, 40), rng.randint(1, 40)
        fn = rng.choice(["sin", "tan"])
        ans = Fraction(k, m)
        den = rng.choice([f"{m}x", f"\\sin({m}x)", f"\\tan({m}x)"])
        statement = f"Find $\\lim_{{x \\to 0}} \\frac{{\\{fn}({k}x)}}{{{den}}}$."
        steps = f"Using $\\{fn}(u)/u \\to 1$, the limit is ${k}/{m}$."
    else:
        deg = rng.randint(2, 4)
        top, bot = _poly(rng, deg), _poly(rng, deg)
        ans = Fraction(top[0], bot[0])
        statement = f"Compute $\\lim_{{x \\to \\infty}} \\frac{{{poly(top)}}}{{{poly(bot)}}}$."
        steps = "Divide numerator and denominator by the highest power of $x$."
    return Problem(statement, frac(ans), steps, 2, {"ask": kind})


@family("extrema")
def extrema(rng: random.Random) -> Problem:
    kind = rng.randrange(3)
    if kind == 0:
        a = rng.choice([1, 2, 3, 4, 5, -1, -2, -3])
        b, c = rng.randint(-30, 30), rng.randint(-50, 50)
        vertex = Fraction(-b, 2 * a)
        ans = poly_eval([a, b, c], vertex)
        word = "minimum" if a > 0 else "maximum"
        statement = f"What is the {word} value of $f(x) = {poly([a, b, c])}$ over all real $x$?"
        steps = f"The vertex is at $x = {inline_frac(vertex)}$."
        params: dict[str, object] = {"abc": [a, b, c]}
    else:
        r1, r2 = sorted(rng.sample(range(-8, 9), 2))
        k = rng.choice([1, 2, 3, 6])
        # f'(x) = 3k (x - r1)(x - r2)  ->  f = k x^3 - 3k(r1+r2)/2 x^2 + 3k r1 r2 x + d
        d = rng.randint(-20, 20)
        cubic = [
            Fraction(k),
            Fraction(-3 * k * (r1 + r2), 2),
            Fraction(3 * k * r1 * r2),
            Fraction(d),
        ]
        at = r1 if kind == 1 else r2
        ans = poly_eval(cubic, at)
        word = "local maximum" if kind == 1 else "local minimum"
        statement = f"Find the {word} value of $g(x) = {poly(cubic)}$."
        steps = f"$g'(x) = {3 * k}(x - ({r1}))(x - ({r2}))$; the {word} is at $x = {at}$."
        params = {"r": [r1, r2], "k": k, "d": d}
    return Problem(statement, frac(ans), steps, 3, {"ask": kind, **params})


@family("tangent_line")
def tangent_line(rng: random.Random) -> Problem:
    c = _poly(rng, rng.randint(2, 3))
    x0 = rng.randint(-4, 4)
    slope = poly_eval(poly_derivative(c), x0)
    y0 = poly_eval(c, x0)
    intercept = y0 - slope * x0
    if rng.random() < 0.5:
        what, ans = "y-intercept", intercept
    else:
        what, ans = "slope", slope
    statement = f"What is the {what} of the line tangent to $y = {poly(c)}$ at $x = {x0}$?"
    steps = f"Slope $= {inline_frac(slope)}$ and the point is $({x0}, {inline_frac(y0)})$."
    return Problem(statement, frac(ans), steps, 2, {"coeffs": c, "x0": x0, "what": what})
