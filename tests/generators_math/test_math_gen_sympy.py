"""Independent re-derivation of `math_gen` answers with sympy from each record's parameters.

The generators compute with integers and fractions for speed; here sympy solves, differentiates,
integrates and counts from the stored parameters, and the project's `math` verifier must accept
sympy's LaTeX against the record's ground truth. A bug in a family's arithmetic shows up here
even though its own reference agrees with its own answer."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
import sympy as sp
from sympy.ntheory.modular import crt

from dataset_builder.sources.math_gen import MathGenParams, math_gen
from reward_server.verifiers import score

x = sp.Symbol("x")


def poly_of(coeffs: list[Any]) -> sp.Expr:
    return sum(sp.Rational(c) * x**i for i, c in enumerate(reversed(coeffs)))  # type: ignore[no-any-return]


def linear_equation(p: dict[str, Any]) -> sp.Expr:
    (sol,) = sp.solve(p["a"] * x + p["b"] - (p["c"] * x + p["d"]), x)
    return sol


def quadratic_vieta(p: dict[str, Any]) -> sp.Expr:
    r1, r2 = sp.roots(p["a"] * x**2 + p["b"] * x + p["c"], x, multiple=True)
    ask = [r1**2 + r2**2, 1 / r1 + 1 / r2, r1 * r2, r1**3 + r2**3, (r1 + 1) * (r2 + 1)]
    return sp.nsimplify(sp.simplify(ask[p["ask"]]))


def linear_system(p: dict[str, Any]) -> sp.Expr:
    a, b, c, d = p["coef"]
    u, w = sp.symbols("u w")
    e, f = a * p["sol"][0] + b * p["sol"][1], c * p["sol"][0] + d * p["sol"][1]
    s = sp.solve([a * u + b * w - e, c * u + d * w - f], [u, w])
    ka, kb = p["k"]
    return [s[u], s[u] * s[w], ka * s[u] + kb * s[w]][p["ask"]]


def polynomial_evaluation(p: dict[str, Any]) -> sp.Expr:
    f = poly_of(p["coeffs"])
    at = p["x0"] if p["ask"] < 2 else p["inner"][0] * p["x0"] + p["inner"][1]
    return f.subs(x, at)


def derivative_at_point(p: dict[str, Any]) -> sp.Expr:
    return sp.diff(poly_of(p["coeffs"]), x, 2 if p["second"] else 1).subs(x, p["x0"])


def definite_integral(p: dict[str, Any]) -> sp.Expr:
    if "coeffs" in p:
        return sp.integrate(poly_of(p["coeffs"]), (x, p["a"], p["b"]))
    return sp.integrate(p["m"] * sp.exp(p["k"] * x), (x, p["a"], p["b"]))


def divisor_functions(p: dict[str, Any]) -> sp.Expr:
    n = p["n"]
    count, total = sp.divisor_count(n), sp.divisor_sigma(n)
    return [count, total, count, total - n][p["ask"]]


def chinese_remainder(p: dict[str, Any]) -> sp.Expr:
    value, modulus = crt(p["m"], p["r"])
    return value if value > 0 else value + modulus


def gcd_lcm(p: dict[str, Any]) -> sp.Expr:
    g, lcm = sp.gcd(p["a"], p["b"]), sp.lcm(p["a"], p["b"])
    return [g, lcm, lcm, g, g + lcm][p["ask"]]


def repeated_letters(p: dict[str, Any]) -> sp.Expr:
    word = p["word"]
    counts = [word.count(ch) for ch in sorted(set(word))]
    return sp.factorial(len(word)) / sp.prod([sp.factorial(c) for c in counts])


def coin_binomial(p: dict[str, Any]) -> sp.Expr:
    prob = sp.Rational(p["p"])
    return sp.binomial(p["n"], p["k"]) * prob ** p["k"] * (1 - prob) ** (p["n"] - p["k"])


def extrema(p: dict[str, Any]) -> sp.Expr:
    if p["ask"] == 0:
        f = poly_of(p["abc"])
        (crit,) = sp.solve(sp.diff(f, x), x)
        return f.subs(x, crit)
    r1, r2 = p["r"]
    k = p["k"]
    f = sp.integrate(3 * k * (x - r1) * (x - r2), x) + p["d"]
    crit = sorted(sp.solve(sp.diff(f, x), x))
    second = [sp.diff(f, x, 2).subs(x, c) for c in crit]
    want_max = p["ask"] == 1
    (at,) = [c for c, s2 in zip(crit, second, strict=True) if (s2 < 0) == want_max]
    return f.subs(x, at)


def tangent_line(p: dict[str, Any]) -> sp.Expr:
    f = poly_of(p["coeffs"])
    slope = sp.diff(f, x).subs(x, p["x0"])
    return slope if p["what"] == "slope" else f.subs(x, p["x0"]) - slope * p["x0"]


def circle_equation(p: dict[str, Any]) -> sp.Expr:
    return [sp.sqrt(p["r2"]), sp.pi * p["r2"], p["h"] + p["k"]][p["ask"]]


def triangle_area_coordinates(p: dict[str, Any]) -> sp.Expr:
    return abs(sp.Polygon(*[sp.Point(*pt) for pt in p["p"]]).area)


def inclusion_exclusion(p: dict[str, Any]) -> sp.Expr:
    a, b = p["a"], p["b"]
    rules = [
        lambda i: i % a == 0 or i % b == 0,
        lambda i: i % a != 0 and i % b != 0,
        lambda i: i % a == 0 and i % b != 0,
    ]
    return sp.Integer(sum(1 for i in range(1, p["n"] + 1) if rules[p["ask"]](i)))


def arithmetic_sequence(p: dict[str, Any]) -> sp.Expr:
    k = sp.Symbol("k", integer=True)
    term = p["a1"] + (k - 1) * p["d"]
    if p["ask"] in (0, 2):
        return term.subs(k, p["n"])
    return sp.summation(term, (k, 1, p["n"]))


def pythagorean(p: dict[str, Any]) -> sp.Expr:
    if p["ask"] == 1:
        return sp.sqrt(p["a"] ** 2 - p["b"] ** 2)
    return sp.sqrt(p["a"] ** 2 + p["b"] ** 2)


def modular_power(p: dict[str, Any]) -> sp.Expr:
    if p["ask"] == 3:  # a*b + c needs the third term, which is only in the prompt
        return sp.Integer(-1)
    return sp.Integer(p["a"]) ** p["k"] % p["m"]


CHECKS: dict[str, Callable[[dict[str, Any]], sp.Expr]] = {
    f.__name__: f
    for f in (
        linear_equation,
        quadratic_vieta,
        linear_system,
        polynomial_evaluation,
        derivative_at_point,
        definite_integral,
        divisor_functions,
        chinese_remainder,
        gcd_lcm,
        repeated_letters,
        coin_binomial,
        extrema,
        tangent_line,
        circle_equation,
        triangle_area_coordinates,
        inclusion_exclusion,
        arithmetic_sequence,
        pythagorean,
        modular_power,
    )
}


@pytest.mark.parametrize("family", sorted(CHECKS))
def test_answers_match_sympy(family: str) -> None:
    for rec in itertools.islice(math_gen(MathGenParams(families=[family]), 99), 8):
        expected = sp.sympify(CHECKS[family](rec.meta["params"]))
        if expected == -1 and family == "modular_power":
            continue
        verdict = score("math", f"$\\boxed{{{sp.latex(expected)}}}$", rec.ground_truth)
        assert verdict.reward == 1.0, (rec.prompt, rec.ground_truth, sp.latex(expected))
