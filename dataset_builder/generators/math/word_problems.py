"""Arithmetic word problems: work rates, average speed, percent change, mixtures, interest.

These carry most of their text in the story, so each one draws its people, things and places
independently; the numbers are chosen so answers are exact fractions.
"""

from __future__ import annotations

import random
from fractions import Fraction

from dataset_builder.generators.math import Problem, family
from dataset_builder.generators.math.latex import frac, inline_frac
from dataset_builder.generators.math.words import NAMES, OBJECTS, PLACES

TANKS = ("tank", "pool", "reservoir", "cistern", "vat", "trough")
JOBS = ("paint a fence", "mow a field", "pack an order", "sort the mail", "tile a floor")


@family("work_rate")
def work_rate(rng: random.Random) -> Problem:
    a, b = rng.sample(range(2, 40), 2)
    p, q = rng.sample(NAMES, 2)
    together = Fraction(a * b, a + b)
    if rng.random() < 0.5:
        tank = rng.choice(TANKS)
        statement = f"One pipe fills a {tank} in {a} hours and another fills it in {b} hours. Working together, how many hours do they take to fill the {tank}?"
    else:
        job = rng.choice(JOBS)
        statement = f"{p} can {job} alone in {a} hours; {q} needs {b} hours. How many hours does it take them working together?"
    steps = f"Rates add: $\\frac{{1}}{{{a}}} + \\frac{{1}}{{{b}}} = \\frac{{{a + b}}}{{{a * b}}}$ per hour, so the time is ${inline_frac(together)}$ hours."
    return Problem(statement, frac(together), steps, 2, {"a": a, "b": b})


@family("average_speed")
def average_speed(rng: random.Random) -> Problem:
    u, v = rng.sample(range(10, 130), 2)
    name, place = rng.choice(NAMES), rng.choice(PLACES)
    unit = rng.choice(["km/h", "mph"])
    if rng.random() < 0.6:
        ans = Fraction(2 * u * v, u + v)
        statement = f"{name} drives to the {place} at {u} {unit} and returns along the same road at {v} {unit}. What is the average speed for the round trip, in {unit}?"
        steps = f"Average speed is total distance over total time: $\\frac{{2 \\cdot {u} \\cdot {v}}}{{{u} + {v}}}$."
    else:
        t1, t2 = rng.randint(1, 9), rng.randint(1, 9)
        ans = Fraction(u * t1 + v * t2, t1 + t2)
        statement = f"{name} travels for {t1} hours at {u} {unit} and then {t2} hours at {v} {unit}. What is the average speed over the whole journey, in {unit}?"
        steps = f"Distance ${u} \\cdot {t1} + {v} \\cdot {t2} = {u * t1 + v * t2}$ over ${t1 + t2}$ hours."
    return Problem(statement, frac(ans), steps, 2, {"u": u, "v": v})


@family("percent_change")
def percent_change(rng: random.Random) -> Problem:
    price = rng.randint(20, 2000)
    d1, d2 = rng.randint(5, 60), rng.randint(5, 60)
    up = rng.random() < 0.4
    obj = rng.choice(OBJECTS)
    name = rng.choice(NAMES)
    if up:
        final = Fraction(price) * (100 + d1) / 100 * (100 - d2) / 100
        statement = f"A box of {obj} costs {price} dollars. The price rises by {d1}% and later falls by {d2}%. What is the new price in dollars?"
        steps = f"${price} \\cdot \\frac{{{100 + d1}}}{{100}} \\cdot \\frac{{{100 - d2}}}{{100}}$."
    else:
        final = Fraction(price) * (100 - d1) / 100 * (100 - d2) / 100
        statement = f"{name} buys {obj} marked at {price} dollars, with a {d1}% discount followed by a further {d2}% off the reduced price. How many dollars does {name} pay?"
        steps = f"${price} \\cdot \\frac{{{100 - d1}}}{{100}} \\cdot \\frac{{{100 - d2}}}{{100}}$."
    return Problem(statement, frac(final), steps, 2, {"price": price, "d": [d1, d2], "up": up})


@family("mixture")
def mixture(rng: random.Random) -> Problem:
    v1, v2 = rng.randint(1, 60), rng.randint(1, 60)
    c1, c2 = rng.sample(range(1, 96), 2)
    liquid = rng.choice(["saline", "juice", "alcohol", "acid", "sugar syrup", "antifreeze"])
    name = rng.choice(NAMES)
    ans = Fraction(v1 * c1 + v2 * c2, v1 + v2)
    statement = f"{name} mixes {v1} liters of {c1}% {liquid} solution with {v2} liters of {c2}% {liquid} solution. What is the concentration of the mixture, in percent?"
    steps = (
        f"Amount of {liquid}: ${v1} \\cdot {c1}\\% + {v2} \\cdot {c2}\\%$ in ${v1 + v2}$ liters."
    )
    return Problem(statement, frac(ans), steps, 2, {"v": [v1, v2], "c": [c1, c2]})


@family("interest")
def interest(rng: random.Random) -> Problem:
    principal = rng.randint(1, 200) * 50
    rate = rng.randint(1, 15)
    years = rng.randint(2, 4)
    name = rng.choice(NAMES)
    if rng.random() < 0.5:
        ans = Fraction(principal) * (100 + rate) ** years / 100**years
        kind = "compounded annually"
        steps = f"$A = {principal}\\left(1 + \\frac{{{rate}}}{{100}}\\right)^{{{years}}}$."
    else:
        ans = Fraction(principal) * (100 + rate * years) / 100
        kind = "simple interest"
        steps = f"$A = {principal}\\left(1 + \\frac{{{rate} \\cdot {years}}}{{100}}\\right)$."
    place = rng.choice(("a bank", "a credit union", "a savings plan", "a bond fund"))
    statement = rng.choice(
        [
            f"{name} deposits {principal} dollars at {rate}% per year, {kind}. What is the balance after {years} years, in dollars? Give the exact value.",
            f"An account at {place} starts with {principal} dollars and earns {rate}% a year ({kind}). Find the exact amount in it after {years} years.",
        ]
    )
    return Problem(
        statement,
        frac(ans),
        steps,
        2 + (kind != "simple interest"),
        {"p": principal, "r": rate, "n": years},
    )
