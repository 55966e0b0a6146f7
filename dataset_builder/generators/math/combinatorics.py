"""Counting: permutations, combinations with constraints, repeated letters, inclusion-exclusion,
stars and bars."""

from __future__ import annotations

import math
import random
from collections import Counter

from dataset_builder.generators.math import Problem, family
from dataset_builder.generators.math.words import GROUPS, NAMES, OBJECTS

WORDS = (
    "BANANA", "MISSISSIPPI", "COMMITTEE", "BOOKKEEPER", "STATISTICS", "ASSESSMENT", "TENNESSEE",
    "PEPPER", "LETTER", "BALLOON", "COFFEE", "SUCCESS", "PARALLEL", "REFERENCE", "ALABAMA",
    "MAMMAL", "CALCULUS", "GOOGOL", "DEADLINE", "ADDRESS", "NONSENSE", "CHEESE", "GRAMMAR",
    "ILLINOIS", "EMBARRASS", "POSSESS", "ACCESS", "BOOTLOADER", "KANGAROO", "PIZZAZZ",
)  # fmt: skip


@family("arrangements", weight=1.5)
def arrangements(rng: random.Random) -> Problem:
    n = rng.randint(5, 60)
    k = rng.randint(2, min(n, 9))
    group = rng.choice(GROUPS)
    kind = rng.randrange(5)
    if kind == 0:
        ans = math.perm(n, k)
        statement = (
            f"A {group} of {n} members must choose a president, a vice-president and "
            f"{k - 2} other distinct ranked officers. In how many ways can this be done?"
            if k > 2
            else f"A {group} of {n} members elects a president and a treasurer (different people). "
            "How many outcomes are possible?"
        )
        steps = f"Ordered selection: $P({n}, {k}) = {ans}$."
    elif kind == 1:
        n = rng.randint(max(k, 5), 99)
        ans = math.comb(n, k)
        statement = rng.choice(
            [
                f"In how many ways can a subcommittee of {k} be chosen from a {group} of {n}?",
                f"How many {k}-element subsets does a set with {n} elements have?",
                f"How many ways are there to pick {k} of the {n} {rng.choice(OBJECTS)} on a shelf, ignoring order?",
            ]
        )
        steps = f"Unordered selection: $\\binom{{{n}}}{{{k}}} = {ans}$."
    elif kind == 2:
        ans = 2 * math.factorial(n - 1)
        a, b = rng.sample(NAMES, 2)
        statement = rng.choice(
            [
                f"{n} people, including {a} and {b}, stand in a line. In how many orders do {a} and {b} stand next to each other?",
                f"The {n} members of a {group}, {a} and {b} among them, pose in one row for a photo. How many orderings keep {a} and {b} side by side?",
            ]
        )
        steps = f"Glue {a} and {b} into a block: $2 \\cdot {n - 1}!$."
    elif kind == 3:
        ans = math.factorial(n) - 2 * math.factorial(n - 1)
        a, b = rng.sample(NAMES, 2)
        statement = rng.choice(
            [
                f"In how many ways can {n} people, among them {a} and {b}, line up so that {a} and {b} are not adjacent?",
                f"A {group} of {n}, including {a} and {b}, queues in a single line. Count the orders in which {a} and {b} are separated by at least one person.",
            ]
        )
        steps = f"All orders minus adjacent ones: ${n}! - 2 \\cdot {n - 1}!$."
    else:
        ans = math.factorial(n - 1)
        spot = rng.choice(
            [
                "a round table",
                "a campfire",
                "a circular fountain",
                "a round picnic table",
                "a carousel",
            ]
        )
        statement = f"The {n} members of a {group} sit around {spot}. How many distinct seatings are there if rotations count as the same?"
        steps = f"Fix one person: $({n} - 1)!$."
    return Problem(statement, str(ans), steps, 1 + (kind >= 2), {"n": n, "k": k, "ask": kind})


@family("committee_constraints")
def committee_constraints(rng: random.Random) -> Problem:
    w, m = rng.randint(3, 15), rng.randint(3, 15)
    k = rng.randint(2, min(8, w + m - 1))
    group = rng.choice(GROUPS)
    kind = rng.randrange(3)
    if kind == 0:
        ans = math.comb(w + m, k) - math.comb(m, k)
        what = "at least one woman"
        steps = f"Complement: $\\binom{{{w + m}}}{{{k}}} - \\binom{{{m}}}{{{k}}}$."
    elif kind == 1:
        j = rng.randint(0, min(k, w))
        ans = math.comb(w, j) * math.comb(m, k - j)
        what = f"exactly {j} women"
        steps = f"$\\binom{{{w}}}{{{j}}}\\binom{{{m}}}{{{k - j}}}$."
    else:
        ans = math.comb(w + m, k) - math.comb(w, k) - math.comb(m, k)
        what = "at least one woman and at least one man"
        steps = f"Subtract single-gender groups: $\\binom{{{w + m}}}{{{k}}} - \\binom{{{w}}}{{{k}}} - \\binom{{{m}}}{{{k}}}$."
    statement = (
        f"A {group} has {w} women and {m} men. How many {k}-person delegations contain {what}?"
    )
    return Problem(
        statement, str(ans), steps, 2 + (kind == 2), {"w": w, "m": m, "k": k, "ask": kind}
    )


@family("repeated_letters")
def repeated_letters(rng: random.Random) -> Problem:
    if rng.random() < 0.03:
        word = rng.choice(WORDS)
    else:
        letters = rng.sample("ABCDEGHKLMNPRST", rng.randint(3, 5))
        word = "".join(ch * rng.randint(1, 4) for ch in letters)
        word = "".join(rng.sample(word, len(word)))
    counts = Counter(word)
    ans = math.factorial(len(word))
    for c in counts.values():
        ans //= math.factorial(c)
    statement = rng.choice(
        [
            f"How many distinct arrangements of the letters of {word} are there?",
            f"Count the different strings that can be formed by rearranging all the letters in {word}.",
            f"In how many distinguishable ways can the letters of the word {word} be ordered?",
        ]
    )
    reps = " ".join(f"{ch}:{c}" for ch, c in sorted(counts.items()) if c > 1)
    steps = f"{len(word)} letters with repeats ({reps}): divide ${len(word)}!$ by the factorials of the repeat counts."
    return Problem(statement, str(ans), steps, 2, {"word": word})


@family("inclusion_exclusion")
def inclusion_exclusion(rng: random.Random) -> Problem:
    n = rng.randint(100, 10000)
    a, b = rng.sample([2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13], 2)
    while a % b == 0 or b % a == 0:  # "divisible by 3 or 6" is just "by 3"
        a, b = rng.sample([2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13], 2)
    lcm = math.lcm(a, b)
    either = n // a + n // b - n // lcm
    kind = rng.randrange(3)
    if kind == 0:
        what, ans = f"divisible by {a} or {b}", either
    elif kind == 1:
        what, ans = f"divisible by neither {a} nor {b}", n - either
    else:
        what, ans = f"divisible by {a} but not by {b}", n // a - n // lcm
    statement = rng.choice(
        [
            f"How many integers from 1 to {n} inclusive are {what}?",
            f"Among the positive integers not exceeding {n}, how many are {what}?",
        ]
    )
    steps = f"$\\lfloor {n}/{a} \\rfloor = {n // a}$, $\\lfloor {n}/{b} \\rfloor = {n // b}$, $\\lfloor {n}/{lcm} \\rfloor = {n // lcm}$; combine by inclusion-exclusion."
    return Problem(statement, str(ans), steps, 2, {"n": n, "a": a, "b": b, "ask": kind})


@family("stars_and_bars")
def stars_and_bars(rng: random.Random) -> Problem:
    n, k = rng.randint(4, 250), rng.randint(2, 9)
    kind = rng.randrange(3)
    if kind == 0:
        ans = math.comb(n + k - 1, k - 1)
        statement = f"How many solutions in nonnegative integers does $x_1 + \\cdots + x_{{{k}}} = {n}$ have?"
        steps = f"Stars and bars: $\\binom{{{n + k - 1}}}{{{k - 1}}}$."
    elif kind == 1:
        n = max(n, k)
        ans = math.comb(n - 1, k - 1)
        name, obj = rng.choice(NAMES), rng.choice(OBJECTS)
        statement = f"{name} hands out {n} identical {obj} to {k} children so that every child gets at least one. How many distributions are possible?"
        steps = f"Give one to each, then distribute the rest: $\\binom{{{n - 1}}}{{{k - 1}}}$."
    else:
        m = rng.randint(1, 3)
        n = max(n, m * k)
        ans = math.comb(n - m * k + k - 1, k - 1)
        obj = rng.choice(OBJECTS)
        statement = f"In how many ways can {n} identical {obj} be put into {k} distinct boxes with at least {m} in each box?"
        steps = f"Pre-place {m} per box, leaving {n - m * k}: $\\binom{{{n - m * k + k - 1}}}{{{k - 1}}}$."
    return Problem(statement, str(ans), steps, 2 + (kind == 2), {"n": n, "k": k, "ask": kind})


@family("polygon_counting", weight=0.6)
def polygon_counting(rng: random.Random) -> Problem:
    n = rng.randint(5, 600)
    kind = rng.randrange(3)
    if kind == 0:
        ans, statement = (
            n * (n - 3) // 2,
            rng.choice(
                [
                    f"How many diagonals does a convex polygon with {n} sides have?",
                    f"A convex {n}-gon has how many diagonals?",
                ]
            ),
        )
        steps = f"Each vertex joins $n - 3$ others by a diagonal: ${n}({n} - 3)/2$."
    elif kind == 1:
        group = rng.choice(GROUPS)
        ans = n * (n - 1) // 2
        statement = rng.choice(
            [
                f"At a meeting of a {group}, each of the {n} members shakes hands once with every other member. How many handshakes occur?",
                f"In a round-robin tournament with {n} players, every pair plays exactly one game. How many games are played?",
            ]
        )
        steps = f"$\\binom{{{n}}}{{2}}$."
    else:
        ans = math.comb(n, 3)
        statement = rng.choice(
            [
                f"How many triangles have all three vertices among {n} points on a circle?",
                f"Given {n} points on a circle, how many triangles can be formed using them as vertices?",
            ]
        )
        steps = f"$\\binom{{{n}}}{{3}}$."
    return Problem(statement, str(ans), steps, 1, {"n": n, "ask": kind})
