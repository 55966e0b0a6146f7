"""Probability: dice, cards, urns and coins as reduced fractions; expected values."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from itertools import product

from dataset_builder.generators.math import Problem, family
from dataset_builder.generators.math.latex import frac, inline_frac
from dataset_builder.generators.math.words import COLORS, NAMES, OBJECTS, PLACES

SUITS = ("hearts", "spades", "diamonds", "clubs")


def _dice_sum_count(n_dice: int, faces: int, target: int) -> int:
    return sum(1 for roll in product(range(1, faces + 1), repeat=n_dice) if sum(roll) == target)


@family("dice_probability")
def dice_probability(rng: random.Random) -> Problem:
    faces = rng.randint(4, 20)
    kind = rng.randrange(3)
    name = rng.choice(NAMES)
    if kind == 0:
        n = rng.choice([2, 2, 3])
        target = rng.randint(n, n * faces)
        ans = Fraction(_dice_sum_count(n, faces, target), faces**n)
        statement = rng.choice(
            [
                f"{name} rolls {n} fair dice, each numbered 1 to {faces}. What is the probability that the total is {target}?",
                f"What is the chance that {n} fair {faces}-sided dice (faces 1 through {faces}) show a sum of exactly {target}?",
                f"In a board game {name} throws {n} dice with faces 1 to {faces} and needs a total of {target}. Find the probability of that.",
            ]
        )
        steps = f"Count the outcomes summing to {target} among ${faces}^{n}$ equally likely rolls."
    elif kind == 1:
        n = rng.randint(2, 10)
        t = rng.randint(2, faces)
        ans = 1 - Fraction(t - 1, faces) ** n
        statement = rng.choice(
            [
                f"{name} rolls a fair die with faces 1 to {faces} a total of {n} times. What is the probability that at least one roll is {t} or higher?",
                f"A fair {faces}-sided die is thrown {n} times. Find the probability that some throw shows a value of at least {t}.",
                f"{name} wins if any of {n} rolls of a fair die numbered 1 to {faces} comes up {t} or more. What is the probability that {name} wins?",
            ]
        )
        steps = f"Complement: every roll is below {t}, probability $({t - 1}/{faces})^{n}$."
    else:
        bound = rng.randint(2, faces * faces - 1)
        hits = sum(1 for a in range(1, faces + 1) for b in range(1, faces + 1) if a * b > bound)
        ans = Fraction(hits, faces * faces)
        statement = rng.choice(
            [
                f"{name} rolls two fair dice numbered 1 through {faces}. What is the probability that the product of the two numbers exceeds {bound}?",
                f"Two independent fair dice with faces 1 to {faces} are thrown. Find the probability that their product is greater than {bound}.",
            ]
        )
        steps = f"{hits} of the ${faces * faces}$ ordered pairs have product greater than {bound}."
    return Problem(statement, frac(ans), steps, 2 + (kind == 2), {"faces": faces, "ask": kind})


@family("urn_probability", weight=1.5)
def urn_probability(rng: random.Random) -> Problem:
    c1, c2 = rng.sample(COLORS, 2)
    a, b = rng.randint(2, 25), rng.randint(2, 25)
    total = a + b
    obj = rng.choice(["balls", "marbles", "chips", "beads", "tokens"])
    place = rng.choice(["an urn", "a bag", "a box", "a jar", "a drawer"])
    kind = rng.randrange(4)
    if kind == 0:
        ans = Fraction(a * (a - 1), total * (total - 1))
        q, steps = (
            f"two drawn without replacement are both {c1}",
            f"$\\frac{{{a}}}{{{total}}} \\cdot \\frac{{{a - 1}}}{{{total - 1}}}$.",
        )
    elif kind == 1:
        ans = Fraction(2 * a * b, total * (total - 1))
        q, steps = (
            "two drawn without replacement have different colors",
            f"$2 \\cdot \\frac{{{a}}}{{{total}}} \\cdot \\frac{{{b}}}{{{total - 1}}}$.",
        )
    elif kind == 2:
        ans = Fraction(a * a, total * total)
        q, steps = f"two drawn with replacement are both {c1}", f"$({a}/{total})^2$."
    else:
        k = rng.randint(2, min(4, a))
        ans = Fraction(math.comb(a, k), math.comb(total, k))
        q, steps = (
            f"{k} drawn at once are all {c1}",
            f"$\\binom{{{a}}}{{{k}}} / \\binom{{{total}}}{{{k}}}$.",
        )
    statement = (
        f"{place.capitalize()} holds {a} {c1} and {b} {c2} {obj}. What is the probability that {q}?"
    )
    return Problem(statement, frac(ans), steps, 2, {"a": a, "b": b, "ask": kind})


@family("card_probability")
def card_probability(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    k = rng.randint(2, 4)
    if rng.random() < 0.05:
        suit = rng.choice(SUITS)
        ans = 1 - Fraction(math.comb(39, k), math.comb(52, k))
        statement = f"{name} draws {k} cards at random from a standard 52-card deck. What is the probability that at least one of them is a {suit[:-1]}?"
        steps = f"$1 - \\binom{{39}}{{{k}}}/\\binom{{52}}{{{k}}}$."
        return Problem(statement, frac(ans), steps, 2, {"k": k, "suit": suit})
    n = rng.randint(10, 120)
    d = rng.randint(2, 9)
    good = n // d
    k = min(k, good)
    ans = Fraction(math.comb(good, k), math.comb(n, k))
    obj = rng.choice(["cards", "tiles", "tickets", "balls", "chips"])
    statement = rng.choice(
        [
            f"{name} shuffles {n} {obj} numbered 1 to {n} and draws {k} without replacement. What is the probability that every number drawn is a multiple of {d}?",
            f"From {obj} labelled 1 through {n}, {k} are chosen at random. Find the probability that all chosen labels are divisible by {d}.",
        ]
    )
    steps = f"There are {good} multiples of {d}: $\\binom{{{good}}}{{{k}}}/\\binom{{{n}}}{{{k}}}$."
    return Problem(statement, frac(ans), steps, 2, {"n": n, "k": k, "d": d})


@family("coin_binomial")
def coin_binomial(rng: random.Random) -> Problem:
    n = rng.randint(3, 20)
    k = rng.randint(0, n)
    den = rng.randint(2, 10)
    p = Fraction(rng.randint(1, den - 1), den)
    ans = math.comb(n, k) * p**k * (1 - p) ** (n - k)
    name = rng.choice(NAMES)
    statement = rng.choice(
        [
            f"A biased coin lands heads with probability {inline_frac(p)}. If it is tossed {n} times, what is the probability of exactly {k} heads?",
            f"{name} makes each free throw independently with probability {inline_frac(p)}. What is the probability that {name} makes exactly {k} of {n} attempts?",
            f"Each of {n} {rng.choice(OBJECTS)} at the {rng.choice(PLACES)} is defective independently with probability {inline_frac(p)}. Find the probability that exactly {k} are defective.",
        ]
    )
    steps = f"Binomial: $\\binom{{{n}}}{{{k}}} ({inline_frac(p)})^{{{k}}} ({inline_frac(1 - p)})^{{{n - k}}}$."
    return Problem(statement, frac(ans), steps, 3, {"n": n, "k": k, "p": str(p)})


@family("expected_value", weight=1.5)
def expected_value(rng: random.Random) -> Problem:
    kind = rng.randrange(3)
    name, place = rng.choice(NAMES), rng.choice(PLACES)
    if kind == 0:
        m = rng.randint(3, 5)
        values = rng.sample(range(-20, 60), m)
        weights = [rng.randint(1, 9) for _ in range(m)]
        tot = sum(weights)
        ans = Fraction(sum(v * w for v, w in zip(values, weights, strict=True)), tot)
        dist = ", ".join(
            f"{v} with probability {inline_frac(Fraction(w, tot))}"
            for v, w in zip(values, weights, strict=True)
        )
        statement = f"A random variable $X$ takes the values {dist}. What is $E[X]$?"
        steps = "Weight each value by its probability and add."
    elif kind == 1:
        faces = rng.randint(4, 30)
        n = rng.randint(1, 30)
        bonus = rng.randint(0, 50)
        ans = Fraction(n * (faces + 1), 2) + bonus
        statement = f"At the {place}, {name} rolls {n} fair dice numbered 1 to {faces} and scores their total plus a bonus of {bonus} points. What is the expected score?"
        steps = f"Each die averages ${faces + 1}/2$; multiply by {n}."
    else:
        prize, cost = rng.randint(5, 500), rng.randint(1, 20)
        p = Fraction(1, rng.randint(2, 60))
        ans = p * prize - cost
        obj = rng.choice(OBJECTS)
        statement = f"A game at the {place} costs {cost} dollars to play and pays {prize} dollars (in {obj}) with probability {inline_frac(p)}, otherwise nothing. What is the expected net gain in dollars?"
        steps = f"$E = {inline_frac(p)} \\cdot {prize} - {cost}$."
    return Problem(statement, frac(ans), steps, 2, {"ask": kind})
