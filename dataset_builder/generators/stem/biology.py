"""Biology: Hardy-Weinberg, Punnett-square probabilities, population growth, dilution series,
Mendelian ratios."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from itertools import product

from dataset_builder.generators.math.words import NAMES
from dataset_builder.generators.stem import StemProblem, stem_family
from dataset_builder.generators.stem.units import given, rounded

SPECIES = (
    "wildflowers", "beetles", "mice", "fruit flies", "snails", "moths", "frogs", "guinea pigs",
    "pea plants", "rabbits", "lizards", "finches", "corn plants", "zebrafish",
)  # fmt: skip
TRAITS = (
    ("white petals", "purple petals"), ("albino fur", "pigmented fur"), ("wrinkled seeds", "round seeds"),
    ("vestigial wings", "normal wings"), ("blue eyes", "brown eyes"), ("short tails", "long tails"),
    ("pale shells", "banded shells"), ("smooth skin", "spotted skin"),
)  # fmt: skip
ORGANISMS = ("E. coli", "yeast", "Bacillus", "Lactobacillus", "Pseudomonas", "Streptococcus")


@stem_family("hardy_weinberg", weight=1.5)
def hardy_weinberg(rng: random.Random) -> StemProblem:
    species = rng.choice(SPECIES)
    recessive, dominant = rng.choice(TRAITS)
    pop = rng.randint(200, 50000)
    affected = rng.randint(max(1, pop // 400), pop // 3)
    q = math.sqrt(affected / pop)
    p = 1 - q
    kind = rng.randrange(3)
    base = f"In a population of {pop} {species} in Hardy-Weinberg equilibrium, {affected} show the recessive trait ({recessive}; the {dominant} allele is completely dominant)."
    if kind == 0:
        value, what = 2 * p * q, "the expected frequency of heterozygotes (as a decimal)"
        mistakes = (p * q, q * q, 2 * (1 - affected / pop) * affected / pop)
    elif kind == 1:
        value, what = p, "the frequency of the dominant allele"
        mistakes = (1 - affected / pop, q, p * p)
    else:
        value, what = 2 * p * q * pop, "the expected number of heterozygous carriers"
        mistakes = (p * q * pop, (1 - affected / pop) * pop, p * p * pop)
    statement = f"{base} What is {what}?"
    steps = f"$q^2 = {affected}/{pop}$, so $q = {q:.4f}$ and $p = 1 - q = {p:.4f}$; heterozygotes are $2pq$."
    return StemProblem(
        statement, steps, 2, value, "", mistakes, params={"pop": pop, "aa": affected, "ask": kind}
    )


def _offspring_prob(p1: str, p2: str, target: str) -> Fraction:
    """Probability an offspring of genotypes p1 x p2 (e.g. "AaBb") shows `target` phenotype,
    written per gene as upper (dominant) or lower (recessive)."""
    genes = len(p1) // 2
    total = Fraction(1)
    for g in range(genes):
        a, b = p1[2 * g : 2 * g + 2], p2[2 * g : 2 * g + 2]
        kids = [x + y for x, y in product(a, b)]
        want_dom = target[g].isupper()
        hits = sum(1 for k in kids if any(ch.isupper() for ch in k) == want_dom)
        total *= Fraction(hits, 4)
    return total


@stem_family("punnett")
def punnett(rng: random.Random) -> StemProblem:
    genes = rng.choice([2, 3, 3, 4])
    letters = rng.sample("ABDEGHLRT", genes)
    per_gene = ["Aa", "AA", "aa"]

    def geno() -> str:
        return "".join(
            rng.choice(per_gene).replace("A", L).replace("a", L.lower()) for L in letters
        )

    for _ in range(50):
        p1, p2 = geno(), geno()
        target = "".join(L if rng.random() < 0.6 else L.lower() for L in letters)
        value = _offspring_prob(p1, p2, target)
        if 0 < value < 1:
            break
    else:  # a dihybrid-style fallback always has a probability strictly between 0 and 1
        p1 = p2 = "".join(f"{L}{L.lower()}" for L in letters)
        value = _offspring_prob(p1, p2, target)
    desc = ", ".join(
        f"{'dominant' if t.isupper() else 'recessive'} for gene {t.upper()}" for t in target
    )
    species = rng.choice(SPECIES)
    statement = f"Two {species} with genotypes {p1} and {p2} are crossed (complete dominance, independent assortment). What is the probability that an offspring shows the phenotype: {desc}? Give a decimal."
    steps = (
        "Multiply the per-gene probabilities from each one-gene Punnett square: "
        + f"{value.numerator}/{value.denominator}."
    )
    mistakes = (float(value) * 2, float(value) / 2, float(1 - value))
    return StemProblem(
        statement,
        steps,
        1 + genes,
        float(value),
        "",
        mistakes,
        params={"p1": p1, "p2": p2, "target": target},
    )


@stem_family("population_growth")
def population_growth(rng: random.Random) -> StemProblem:
    n0 = rng.randint(50, 20000)
    species = rng.choice(SPECIES + ORGANISMS)
    if rng.random() < 0.5:
        td = rounded(rng.uniform(0.3, 30))
        t = rounded(rng.uniform(1, 8 * td))
        unit = rng.choice(("hours", "days"))
        value = n0 * 2 ** (t / td)
        statement = f"A culture of {species} starts with {n0} individuals and doubles every {given(td)} {unit}. Assuming unlimited growth, how many are there after {given(t)} {unit}?"
        steps = f"$N = N_0 \\cdot 2^{{t/t_d}} = {n0} \\cdot 2^{{{given(t)}/{given(td)}}}$."
        mistakes = (n0 * 2 * t / td, n0 * math.exp(t / td), n0 * 2 ** (td / t))
        return StemProblem(
            statement, steps, 2, value, "", mistakes, params={"n0": n0, "td": td, "t": t}
        )
    r = rounded(rng.uniform(0.01, 0.9), 2)
    t = rounded(rng.uniform(1, 12))
    value = n0 * math.exp(r * t)
    statement = f"A population of {n0} {species} grows exponentially with intrinsic rate r = {r} per year. What is the population after {given(t)} years (N = N0 e^(rt))?"
    steps = f"$N = {n0} e^{{{r} \\cdot {given(t)}}}$."
    return StemProblem(
        statement,
        steps,
        2,
        value,
        "",
        (n0 * (1 + r * t), n0 * (1 + r) ** t * 1.02, n0 * math.exp(r) * t),
        params={"n0": n0, "r": r, "t": t},
    )


@stem_family("dilution_series")
def dilution_series(rng: random.Random) -> StemProblem:
    org = rng.choice(ORGANISMS)
    steps_n = rng.randint(2, 7)
    factor = rng.choice([10, 10, 100, 5, 2])
    plated = rng.choice([0.1, 0.05, 0.2, 1.0, 0.5])
    colonies = rng.randint(25, 300)
    total_dil = factor**steps_n
    value = colonies / plated * total_dil
    who = rng.choice(NAMES)
    statement = rng.choice(
        [
            f"A {org} culture is serially diluted {steps_n} times, 1:{factor} each step, and {plated} mL of the final dilution is plated, giving {colonies} colonies. What was the concentration of the original culture, in colony-forming units per mL? Give the number only.",
            f"{who} makes {steps_n} successive 1:{factor} dilutions of a {org} suspension, spreads {plated} mL of the last tube on a plate and counts {colonies} colonies. Estimate the original cell density in CFU per mL (number only).",
            f"Plate count: {colonies} colonies grew from {plated} mL of a {org} sample that had been diluted 1:{factor} a total of {steps_n} times in series. How many colony-forming units per mL were in the undiluted sample? Give just the number.",
        ]
    )
    steps = f"Total dilution $= {factor}^{steps_n} = {total_dil}$; CFU/mL $= {colonies} / {plated} \\cdot {total_dil}$."
    mistakes = (
        colonies * total_dil,
        colonies / plated * factor ** (steps_n - 1),
        colonies * plated * total_dil,
    )
    return StemProblem(
        statement,
        steps,
        2,
        value,
        "",
        mistakes,
        params={"n": steps_n, "f": factor, "c": colonies, "v": plated},
    )


CROSSES = (
    ("Aa x Aa", "3:1", "complete dominance"), ("Aa x aa", "1:1", "complete dominance"),
    ("AA x aa", "all dominant (1:0)", "complete dominance"), ("AaBb x AaBb", "9:3:3:1", "two unlinked genes, complete dominance"),
    ("AaBb x aabb", "1:1:1:1", "two unlinked genes, complete dominance"), ("Aa x Aa", "1:2:1", "incomplete dominance"),
    ("AaBb x Aabb", "3:3:1:1", "two unlinked genes, complete dominance"), ("AaBb x AaBb", "9:3:4", "recessive epistasis"),
    ("AaBb x AaBb", "15:1", "duplicate dominant genes"), ("AaBb x AaBb", "9:7", "complementary genes"),
)  # fmt: skip
RATIOS = (
    "3:1",
    "1:1",
    "1:2:1",
    "9:3:3:1",
    "1:1:1:1",
    "3:3:1:1",
    "9:3:4",
    "15:1",
    "9:7",
    "all dominant (1:0)",
    "2:1",
    "12:3:1",
)


@stem_family("mendelian_ratio", weight=0.5)
def mendelian_ratio(rng: random.Random) -> StemProblem:
    cross, ratio, mode = rng.choice(CROSSES)
    species = rng.choice(SPECIES)
    wrong = [r for r in RATIOS if r != ratio]
    rng.shuffle(wrong)
    n = rng.randint(40, 2000)
    statement = rng.choice(
        [
            f"In {species}, a cross {cross} is made for traits showing {mode}, producing {n} seeds or young. Which phenotypic ratio is expected among them?",
            f"A geneticist crosses {species} of genotypes {cross.replace(' x ', ' and ')} ({mode}) and raises {n} offspring. What phenotypic ratio should they expect?",
        ]
    )
    steps = f"With {mode}, the cross {cross} gives phenotypes in the ratio {ratio}."
    return StemProblem(
        statement,
        steps,
        1,
        choices=(ratio, *wrong[:3]),
        correct=0,
        params={"cross": cross, "mode": mode},
    )
