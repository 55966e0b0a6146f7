"""Number theory: gcd/lcm, modular arithmetic, divisors, CRT, digits, bases, factorial zeros."""

from __future__ import annotations

import math
import random

from dataset_builder.generators.math import Problem, family
from dataset_builder.generators.math.words import NAMES, OBJECTS, PLACES

PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47)


def _factored(rng: random.Random, max_primes: int = 4, cap: int = 10**7) -> dict[int, int]:
    """A random n as {prime: exponent}, kept under `cap`."""
    primes = sorted(rng.sample(PRIMES, rng.randint(2, max_primes)))
    out: dict[int, int] = {}
    n = 1
    for p in primes:
        e = rng.randint(1, 5 if p < 7 else 2)
        while e and n * p**e > cap:
            e -= 1
        if e:
            out[p] = e
            n *= p**e
    if len(out) < 2 or n < 60:
        return _factored(rng, max_primes, cap)
    return out


def _value(f: dict[int, int]) -> int:
    return math.prod(p**e for p, e in f.items())


@family("gcd_lcm", weight=1.5)
def gcd_lcm(rng: random.Random) -> Problem:
    g = rng.randint(2, 60)
    a, b = g * rng.randint(2, 40), g * rng.randint(2, 40)
    while a == b:
        b = g * rng.randint(2, 40)
    gg, ll = math.gcd(a, b), math.lcm(a, b)
    kind = rng.randrange(5)
    name, place, obj = rng.choice(NAMES), rng.choice(PLACES), rng.choice(OBJECTS)
    if kind == 0:
        statement, ans = f"What is the greatest common divisor of {a} and {b}?", gg
    elif kind == 1:
        statement, ans = f"Find the least common multiple of {a} and {b}.", ll
    elif kind == 2:
        statement = (
            f"Two buses leave the {place} together; one returns every {a} minutes and the other "
            f"every {b} minutes. After how many minutes do they first return together again?"
        )
        ans = ll
    elif kind == 3:
        statement = (
            f"{name} has {a} {obj} of one kind and {b} of another and wants to pack them into "
            "identical bags with no leftovers, each bag holding the same number of each kind. "
            "What is the largest number of bags possible?"
        )
        ans = gg
    else:
        statement, ans = f"Compute $\\gcd({a}, {b}) + \\operatorname{{lcm}}({a}, {b})$.", gg + ll
    steps = f"Using $\\gcd({a}, {b}) = {gg}$ and $\\operatorname{{lcm}}({a}, {b}) = {a}\\cdot{b}/{gg} = {ll}$."
    return Problem(statement, str(ans), steps, 1 + (kind == 4), {"a": a, "b": b, "ask": kind})


@family("modular_power", weight=1.5)
def modular_power(rng: random.Random) -> Problem:
    kind = rng.randrange(4)
    if kind == 0:
        a, k, m = rng.randint(2, 99), rng.randint(10, 2025), rng.randint(3, 97)
        statement = rng.choice(
            [
                f"What is the remainder when ${a}^{{{k}}}$ is divided by {m}?",
                f"Compute ${a}^{{{k}}} \\bmod {m}$.",
            ]
        )
        ans = pow(a, k, m)
        steps = f"Reduce the exponent using the cycle of powers of {a} modulo {m}."
    elif kind == 1:
        a, k = rng.randint(2, 999), rng.randint(10, 5000)
        statement = rng.choice(
            [f"What is the units digit of ${a}^{{{k}}}$?", f"Find the last digit of ${a}^{{{k}}}$."]
        )
        ans, m = pow(a, k, 10), 10
        steps = "Units digits of powers repeat with period dividing 4."
    elif kind == 2:
        a, k = rng.randint(2, 99), rng.randint(10, 999)
        statement = (
            f"What are the last two digits of ${a}^{{{k}}}$? Give them as a number from 0 to 99."
        )
        ans, m = pow(a, k, 100), 100
        steps = f"Work modulo 100: ${a}^{{{k}}} \\equiv {ans} \\pmod{{100}}$."
    else:
        terms = [rng.randint(100, 99999) for _ in range(3)]
        m = rng.randint(3, 60)
        statement = f"Find the remainder when ${terms[0]} \\cdot {terms[1]} + {terms[2]}$ is divided by {m}."
        ans = (terms[0] * terms[1] + terms[2]) % m
        a, k = terms[0], terms[1]
        steps = f"Reduce each factor modulo {m} first."
    return Problem(
        statement, str(ans), steps, 2 + (kind == 0), {"a": a, "k": k, "m": m, "ask": kind}
    )


@family("divisor_functions")
def divisor_functions(rng: random.Random) -> Problem:
    f = _factored(rng)
    n = _value(f)
    count = math.prod(e + 1 for e in f.values())
    total = math.prod((p ** (e + 1) - 1) // (p - 1) for p, e in f.items())
    kind = rng.randrange(4)
    fact = " \\cdot ".join(f"{p}^{{{e}}}" if e > 1 else str(p) for p, e in f.items())
    if kind == 0:
        statement, ans = f"How many positive divisors does {n} have?", count
    elif kind == 1:
        statement, ans = f"What is the sum of all positive divisors of {n}?", total
    elif kind == 2:
        statement, ans = f"How many positive integers divide $N = {fact}$?", count
    else:
        statement, ans = (
            f"Find the sum of the proper divisors of {n} (excluding {n} itself).",
            total - n,
        )
    steps = f"Factor ${n} = {fact}$; use $\\prod (e+1)$ for the count and $\\prod \\frac{{p^{{e+1}}-1}}{{p-1}}$ for the sum."
    return Problem(statement, str(ans), steps, 2 + (kind % 2), {"n": n, "ask": kind})


@family("chinese_remainder")
def chinese_remainder(rng: random.Random) -> Problem:
    while True:
        m1, m2 = rng.randint(3, 30), rng.randint(3, 30)
        if math.gcd(m1, m2) == 1:
            break
    r1, r2 = rng.randrange(m1), rng.randrange(m2)
    n = next(x for x in range(1, m1 * m2 + 1) if x % m1 == r1 and x % m2 == r2)
    name, obj = rng.choice(NAMES), rng.choice(OBJECTS)
    statement = rng.choice(
        [
            f"Find the smallest positive integer $n$ with $n \\equiv {r1} \\pmod{{{m1}}}$ and "
            f"$n \\equiv {r2} \\pmod{{{m2}}}$.",
            f"When {name} groups the {obj} in piles of {m1}, {r1} are left over; in piles of {m2}, "
            f"{r2} are left over. What is the smallest positive number of {obj} {name} could have?",
        ]
    )
    steps = f"Search the residues ${r1} + {m1}j$ for one congruent to {r2} mod {m2}."
    return Problem(statement, str(n), steps, 3, {"m": [m1, m2], "r": [r1, r2]})


@family("digit_sum")
def digit_sum(rng: random.Random) -> Problem:
    kind = rng.randrange(3)
    if kind == 0:
        a, k = rng.randint(2, 99), rng.randint(5, 99)
        n = a**k
        statement = f"What is the sum of the digits of ${a}^{{{k}}}$?"
        steps = f"${a}^{{{k}}} = {n}$."
    elif kind == 1:
        a, b = rng.randint(1000, 99999), rng.randint(1000, 99999)
        n = a * b
        statement = f"Find the sum of the digits of the product ${a} \\times {b}$."
        steps = f"The product is {n}."
    else:
        a, k = rng.randint(2, 30), rng.randint(8, 60)
        b = rng.randint(1, min(999, a**k - 1))
        n = a**k - b
        statement = f"Compute the digit sum of ${a}^{{{k}}} - {b}$."
        steps = f"${a}^{{{k}}} - {b} = {n}$."
    return Problem(statement, str(sum(map(int, str(n)))), steps, 2, {"n": str(n), "ask": kind})


def _to_base(n: int, b: int) -> str:
    digits = []
    while n:
        n, r = divmod(n, b)
        digits.append("0123456789"[r])
    return "".join(reversed(digits)) or "0"


@family("base_conversion")
def base_conversion(rng: random.Random) -> Problem:
    b = rng.randint(2, 9)
    n = rng.randint(b + 1, 5000)
    digits = _to_base(n, b)
    if rng.random() < 0.5:
        statement = rng.choice(
            [
                f"Convert ${digits}_{{{b}}}$ to base 10.",
                f"The base-{b} numeral {digits} equals what number in base ten?",
            ]
        )
        ans, steps = str(n), f"Expand ${digits}_{{{b}}}$ in powers of {b}."
    else:
        statement = rng.choice(
            [
                f"Write the decimal number {n} in base {b}. Give the digits only.",
                f"Express {n} (base ten) as a base-{b} numeral, digits only.",
            ]
        )
        ans, steps = digits, f"Repeatedly divide {n} by {b} and read the remainders upward."
    return Problem(statement, ans, steps, 2, {"n": n, "base": b})


@family("factorial_zeros")
def factorial_zeros(rng: random.Random) -> Problem:
    n = rng.randint(20, 200000)
    base = rng.choice([10, 10, 5, 2])
    p = 5 if base in (10, 5) else 2
    ans, q = 0, p
    while q <= n:
        ans += n // q
        q *= p
    if base == 10:
        statement = rng.choice(
            [f"How many trailing zeros does ${n}!$ have?", f"${n}!$ ends in how many zeros?"]
        )
    else:
        statement = f"What is the largest integer $k$ such that ${p}^k$ divides ${n}!$?"
    steps = f"By Legendre's formula, sum $\\lfloor {n}/{p}^i \\rfloor$ over $i \\ge 1$."
    return Problem(statement, str(ans), steps, 2, {"n": n, "p": p})
