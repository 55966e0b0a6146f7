"""Exact values rendered as the LaTeX a grader (and a model) expects.

Answers are computed with integers and `Fraction`, never floats, so the rendered string is exact;
sympy stays out of the generation hot path (it costs ~100x more per record) and is used by the
tests to re-derive answers independently.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def frac(value: Fraction | int) -> str:
    """`\\frac{p}{q}` for non-integers, a plain integer otherwise; the sign goes in front."""
    v = Fraction(value)
    if v.denominator == 1:
        return str(v.numerator)
    sign = "-" if v < 0 else ""
    return f"{sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"


def inline_frac(value: Fraction | int) -> str:
    """`p/q` for prompt text, where a display fraction would be noisy."""
    v = Fraction(value)
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def square_free(n: int) -> tuple[int, int]:
    """Write n = k^2 * m with m square-free; returns (k, m). Trial division is fine for n < 10^7."""
    k, m, d = 1, n, 2
    while d * d <= m:
        while m % (d * d) == 0:
            m //= d * d
            k *= d
        d += 1
    return k, m


def surd(coef: Fraction | int, radicand: int) -> str:
    """`coef * sqrt(radicand)` in simplest form: `3\\sqrt{2}`, `\\frac{\\sqrt{3}}{2}`, or `6`."""
    k, m = square_free(radicand)
    c = Fraction(coef) * k
    if m == 1:
        return frac(c)
    root = f"\\sqrt{{{m}}}"
    sign = "-" if c < 0 else ""
    num, den = abs(c.numerator), c.denominator
    head = root if num == 1 else f"{num}{root}"
    return f"{sign}{head}" if den == 1 else f"{sign}\\frac{{{head}}}{{{den}}}"


def pi_multiple(coef: Fraction | int) -> str:
    """`k\\pi` with an exact rational k: `\\frac{25\\pi}{4}`, `\\pi`, `12\\pi`."""
    c = Fraction(coef)
    if c == 0:
        return "0"
    sign = "-" if c < 0 else ""
    num, den = abs(c.numerator), c.denominator
    head = "\\pi" if num == 1 else f"{num}\\pi"
    return f"{sign}{head}" if den == 1 else f"{sign}\\frac{{{head}}}{{{den}}}"


def poly(coeffs: Sequence[Fraction | int], var: str = "x") -> str:
    """Polynomial from highest degree down: `[2, -3, 0, 1]` -> `2x^3 - 3x^2 + 1`."""
    terms: list[str] = []
    degree = len(coeffs) - 1
    for i, raw in enumerate(coeffs):
        c = Fraction(raw)
        if c == 0:
            continue
        power = degree - i
        mag = abs(c)
        if power == 0:
            body = inline_frac(mag)
        else:
            base = var if power == 1 else f"{var}^{power}" if power < 10 else f"{var}^{{{power}}}"
            body = base if mag == 1 else f"{inline_frac(mag)}{base}"
        if not terms:
            terms.append(f"-{body}" if c < 0 else body)
        else:
            terms.append(f"- {body}" if c < 0 else f"+ {body}")
    return " ".join(terms) if terms else "0"


def signed(value: int | Fraction) -> str:
    """` + 3` / ` - 3`, for gluing a constant onto an expression."""
    v = Fraction(value)
    return f" - {inline_frac(-v)}" if v < 0 else f" + {inline_frac(v)}"


def poly_eval(coeffs: Sequence[Fraction | int], x: Fraction | int) -> Fraction:
    acc = Fraction(0)
    for c in coeffs:
        acc = acc * x + c
    return acc


def poly_derivative(coeffs: Sequence[Fraction | int]) -> list[Fraction]:
    degree = len(coeffs) - 1
    return [Fraction(c) * (degree - i) for i, c in enumerate(coeffs[:-1])] or [Fraction(0)]
