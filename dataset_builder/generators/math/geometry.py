"""Geometry: Pythagorean theorem, areas, coordinates, circles, polygon angles."""

from __future__ import annotations

import random
from fractions import Fraction

from dataset_builder.generators.math import Problem, family
from dataset_builder.generators.math.latex import frac, inline_frac, pi_multiple, surd
from dataset_builder.generators.math.words import NAMES, PLACES

UNITS = ("cm", "m", "ft", "units", "mm", "km", "yd")


@family("pythagorean", weight=1.5)
def pythagorean(rng: random.Random) -> Problem:
    a, b = rng.randint(1, 60), rng.randint(1, 60)
    unit = rng.choice(UNITS)
    kind = rng.randrange(3)
    if kind == 0:
        ans = surd(1, a * a + b * b)
        statement = rng.choice(
            [
                f"A right triangle has legs of length {a} {unit} and {b} {unit}. How long is the hypotenuse, in {unit}?",
                f"The legs of a right triangle measure {a} and {b}. Find the length of its hypotenuse.",
            ]
        )
        steps = f"$c = \\sqrt{{{a}^2 + {b}^2}} = \\sqrt{{{a * a + b * b}}}$."
    elif kind == 1:
        c = max(a, b) + rng.randint(1, 40)
        leg = min(a, b)
        ans = surd(1, c * c - leg * leg)
        statement = f"A right triangle has hypotenuse {c} {unit} and one leg {leg} {unit}. What is the length of the other leg, in {unit}?"
        steps = f"$\\sqrt{{{c}^2 - {leg}^2}} = \\sqrt{{{c * c - leg * leg}}}$."
        a, b = c, leg
    else:
        name, place = rng.choice(NAMES), rng.choice(PLACES)
        ans = surd(1, a * a + b * b)
        statement = f"{name} walks {a} {unit} east and then {b} {unit} north from the {place}. How far is {name} from the starting point, in {unit}?"
        steps = f"Straight-line distance $\\sqrt{{{a}^2 + {b}^2}}$."
    return Problem(statement, ans, steps, 1 + (kind == 1), {"a": a, "b": b, "ask": kind})


@family("plane_areas", weight=1.5)
def plane_areas(rng: random.Random) -> Problem:
    unit = rng.choice(UNITS)
    kind = rng.randrange(5)
    if kind == 0:
        b, h = rng.randint(2, 90), rng.randint(2, 90)
        ans = frac(Fraction(b * h, 2))
        statement = f"A triangle has base {b} {unit} and height {h} {unit}. What is its area in square {unit}?"
        steps = f"$\\frac{{1}}{{2}} \\cdot {b} \\cdot {h}$."
    elif kind == 1:
        a, b, h = rng.randint(2, 60), rng.randint(2, 60), rng.randint(2, 40)
        ans = frac(Fraction((a + b) * h, 2))
        statement = f"A trapezoid has parallel sides {a} {unit} and {b} {unit} and height {h} {unit}. Find its area in square {unit}."
        steps = f"$\\frac{{{a} + {b}}}{{2}} \\cdot {h}$."
    elif kind == 2:
        r = rng.randint(1, 500)
        ans = pi_multiple(r * r)
        statement = rng.choice(
            [
                f"What is the area of a circle with radius {r} {unit}? Express it in terms of $\\pi$.",
                f"A circular plot has a diameter of {2 * r} {unit}. Find its exact area in square {unit}.",
            ]
        )
        steps = f"$\\pi r^2$ with $r = {r}$."
    elif kind == 3:
        r = rng.randint(2, 40)
        theta = rng.choice([30, 36, 40, 45, 60, 72, 90, 120, 135, 150, 210, 240, 270, 300])
        ans = pi_multiple(Fraction(theta * r * r, 360))
        statement = f"A sector of a circle of radius {r} {unit} has a central angle of ${theta}^\\circ$. What is its exact area?"
        steps = f"$\\frac{{{theta}}}{{360}} \\pi \\cdot {r}^2$."
    else:
        p = rng.randint(6, 200) * 2
        w = rng.randint(1, p // 2 - 1)
        ans = str(w * (p // 2 - w))
        statement = f"A rectangle has perimeter {p} {unit} and width {w} {unit}. What is its area in square {unit}?"
        steps = f"Length $= {p}/2 - {w} = {p // 2 - w}$."
    return Problem(statement, ans, steps, 1 + (kind == 3), {"unit": unit, "ask": kind})


@family("coordinate_geometry", weight=1.5)
def coordinate_geometry(rng: random.Random) -> Problem:
    x1, y1, x2, y2 = (rng.randint(-20, 20) for _ in range(4))
    while (x1, y1) == (x2, y2) or x1 == x2:
        x2 = rng.randint(-20, 20)
    dx, dy = x2 - x1, y2 - y1
    kind = rng.randrange(4)
    pts = f"$({x1}, {y1})$ and $({x2}, {y2})$"
    if kind == 0:
        ans = surd(1, dx * dx + dy * dy)
        statement = f"Find the distance between the points {pts}."
        steps = f"$\\sqrt{{({dx})^2 + ({dy})^2}}$."
    elif kind == 1:
        ans = frac(Fraction(dy, dx))
        statement = f"What is the slope of the line through {pts}?"
        steps = f"$\\frac{{{dy}}}{{{dx}}}$."
    elif kind == 2:
        m = Fraction(dy, dx)
        ans = frac(y1 - m * x1)
        statement = f"The line through {pts} crosses the $y$-axis at $(0, b)$. Find $b$."
        steps = f"Slope ${inline_frac(m)}$; $b = {y1} - ({inline_frac(m)})({x1})$."
    else:
        ans = frac(Fraction(x1 + x2 + y1 + y2, 2))
        statement = f"Let $M$ be the midpoint of the segment joining {pts}. What is the sum of the coordinates of $M$?"
        steps = f"$M = ({inline_frac(Fraction(x1 + x2, 2))}, {inline_frac(Fraction(y1 + y2, 2))})$."
    return Problem(statement, ans, steps, 1 + (kind >= 2), {"p": [x1, y1, x2, y2], "ask": kind})


@family("circle_equation")
def circle_equation(rng: random.Random) -> Problem:
    h, k = rng.randint(-15, 15), rng.randint(-15, 15)
    r2 = rng.randint(1, 200)
    d, e, f = -2 * h, -2 * k, h * h + k * k - r2

    def term(c: int, s: str) -> str:
        return "" if c == 0 else f" {'+' if c > 0 else '-'} {abs(c)}{s}"

    eqn = f"x^2 + y^2{term(d, 'x')}{term(e, 'y')}{term(f, '')} = 0"
    kind = rng.randrange(3)
    if kind == 0:
        ans, what = surd(1, r2), "its radius"
    elif kind == 1:
        ans, what = pi_multiple(r2), "the exact area it encloses"
    else:
        ans, what = str(h + k), "the sum of the coordinates of its center"
    statement = f"The circle ${eqn}$ is given. Find {what}."
    steps = f"Completing squares: $(x - ({h}))^2 + (y - ({k}))^2 = {r2}$."
    return Problem(statement, ans, steps, 2, {"h": h, "k": k, "r2": r2, "ask": kind})


@family("polygon_angles", weight=0.6)
def polygon_angles(rng: random.Random) -> Problem:
    kind = rng.randrange(3)
    if kind == 0:
        n = rng.randint(5, 3000)
        ans = frac((n - 2) * 180)
        statement = f"What is the sum of the interior angles, in degrees, of a convex polygon with {n} sides?"
        steps = f"$({n} - 2) \\cdot 180$."
    elif kind == 1:
        n = rng.randint(5, 3000)
        ans = frac(Fraction((n - 2) * 180, n))
        statement = f"Each interior angle of a regular {n}-gon measures how many degrees?"
        steps = f"$\\frac{{({n} - 2) \\cdot 180}}{{{n}}}$."
    else:
        n = rng.randint(5, 3000)
        ans = str(n)
        statement = rng.choice(
            [
                f"The interior angles of a convex polygon add up to ${(n - 2) * 180}^\\circ$. How many sides does it have?",
                f"How many vertices does a convex polygon have if its angle sum is {(n - 2) * 180} degrees?",
            ]
        )
        steps = f"Solve $(n - 2) \\cdot 180 = {(n - 2) * 180}$."
    return Problem(statement, ans, steps, 1, {"n": n, "ask": kind})


@family("triangle_area_coordinates")
def triangle_area_coordinates(rng: random.Random) -> Problem:
    while True:
        p = [(rng.randint(-15, 15), rng.randint(-15, 15)) for _ in range(3)]
        twice = (p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) - (p[2][0] - p[0][0]) * (
            p[1][1] - p[0][1]
        )
        if twice:
            break
    ans = frac(Fraction(abs(twice), 2))
    pts = ", ".join(f"$({x}, {y})$" for x, y in p)
    statement = rng.choice(
        [
            f"Find the area of the triangle with vertices {pts}.",
            f"What is the area of the triangle whose corners are {pts}?",
        ]
    )
    steps = f"Shoelace formula: twice the area is $|{twice}|$."
    return Problem(statement, ans, steps, 2, {"p": p})
