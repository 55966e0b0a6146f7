"""Chemistry: moles and molar mass, stoichiometry, solutions and dilution, pH, gas laws,
empirical formulas."""

from __future__ import annotations

import math
import random

from dataset_builder.generators.math.words import NAMES
from dataset_builder.generators.stem import StemProblem, stem_family
from dataset_builder.generators.stem.elements import ATOMIC_WEIGHTS, COMPOUNDS, molar_mass
from dataset_builder.generators.stem.units import given, pick_unit, rounded

AVOGADRO = 6.022e23
R_GAS = 8.314

# (equation, {species: coefficient}, reactants) -- balanced; coefficients are mole ratios.
REACTIONS = (
    ("2 H2 + O2 -> 2 H2O", {"H2": 2, "O2": 1, "H2O": 2}, ("H2", "O2")),
    ("CH4 + 2 O2 -> CO2 + 2 H2O", {"CH4": 1, "O2": 2, "CO2": 1, "H2O": 2}, ("CH4", "O2")),
    ("N2 + 3 H2 -> 2 NH3", {"N2": 1, "H2": 3, "NH3": 2}, ("N2", "H2")),
    ("CaCO3 -> CaO + CO2", {"CaCO3": 1, "CaO": 1, "CO2": 1}, ("CaCO3",)),
    ("2 Na + Cl2 -> 2 NaCl", {"Na": 2, "Cl2": 1, "NaCl": 2}, ("Na", "Cl2")),
    ("C3H8 + 5 O2 -> 3 CO2 + 4 H2O", {"C3H8": 1, "O2": 5, "CO2": 3, "H2O": 4}, ("C3H8", "O2")),
    ("4 Fe + 3 O2 -> 2 Fe2O3", {"Fe": 4, "O2": 3, "Fe2O3": 2}, ("Fe", "O2")),
    ("2 KClO3 -> 2 KCl + 3 O2", {"KClO3": 2, "KCl": 2, "O2": 3}, ("KClO3",)),
    (
        "C6H12O6 + 6 O2 -> 6 CO2 + 6 H2O",
        {"C6H12O6": 1, "O2": 6, "CO2": 6, "H2O": 6},
        ("C6H12O6", "O2"),
    ),
    ("HCl + NaOH -> NaCl + H2O", {"HCl": 1, "NaOH": 1, "NaCl": 1, "H2O": 1}, ("HCl", "NaOH")),
    ("2 NaN3 -> 2 Na + 3 N2", {"NaN3": 2, "Na": 2, "N2": 3}, ("NaN3",)),
    (
        "C2H5OH + 3 O2 -> 2 CO2 + 3 H2O",
        {"C2H5OH": 1, "O2": 3, "CO2": 2, "H2O": 3},
        ("C2H5OH", "O2"),
    ),
)

STRONG_ACIDS = (("HCl", 1), ("HNO3", 1), ("HBr", 1), ("HClO4", 1), ("HI", 1))
STRONG_BASES = (("NaOH", 1), ("KOH", 1), ("LiOH", 1), ("Ca(OH)2", 2), ("Ba(OH)2", 2))


def _masses_note(formulas: list[str]) -> str:
    els = sorted({el for f in formulas for el in COMPOUNDS[f]})
    return "Atomic masses: " + ", ".join(f"{el} = {ATOMIC_WEIGHTS[el]}" for el in els) + "."


@stem_family("moles", weight=1.5)
def moles(rng: random.Random) -> StemProblem:
    formula = rng.choice(sorted(COMPOUNDS))
    mm = molar_mass(formula)
    kind = rng.randrange(3)
    note = _masses_note([formula])
    if kind == 0:
        mass = rounded(rng.uniform(0.5, 900))
        unit, size = pick_unit(rng, "amount")
        statement = (
            f"How many moles of {formula} are in {given(mass)} g of it? Answer in {unit}. {note}"
        )
        steps = f"$M({formula}) = {mm:.3f}$ g/mol; $n = m/M$."
        return StemProblem(
            statement,
            steps,
            1,
            mass / mm / size,
            unit,
            (mass * mm / size, mm / mass / size, mass / mm),
            params={"f": formula, "m": mass},
        )
    if kind == 1:
        n = rounded(rng.uniform(0.01, 25))
        unit, size = pick_unit(rng, "mass")
        statement = f"What is the mass, in {unit}, of {given(n)} mol of {formula}? {note}"
        steps = f"$m = nM = {given(n)} \\cdot {mm:.3f}$ g."
        return StemProblem(
            statement,
            steps,
            1,
            n * mm * 0.001 / size,
            unit,
            (n / mm * 0.001 / size, n * mm, mm * 0.001 / size),
            params={"f": formula, "n": n},
        )
    mass = rounded(rng.uniform(0.01, 500))
    statement = f"How many molecules (formula units) are in {given(mass)} g of {formula}? {note} Use N_A = 6.022e23 per mol."
    steps = f"$N = (m/M) N_A$ with $M = {mm:.3f}$ g/mol."
    value = mass / mm * AVOGADRO
    return StemProblem(
        statement,
        steps,
        2,
        value,
        "",
        (mass * mm * AVOGADRO, mass / mm, AVOGADRO / mass / mm),
        params={"f": formula, "m": mass},
    )


@stem_family("stoichiometry", weight=1.5)
def stoichiometry(rng: random.Random) -> StemProblem:
    eq, coef, reactants = rng.choice(REACTIONS)
    given_sp = rng.choice(reactants)
    wanted = rng.choice([s for s in sorted(coef) if s != given_sp])
    mass = rounded(rng.uniform(0.5, 800))
    in_unit, in_size = rng.choice((("g", 1.0), ("g", 1.0), ("kg", 1000.0), ("mg", 0.001)))
    shown = rounded(mass / in_size)
    mass = shown * in_size
    unit, size = pick_unit(rng, "mass")
    pct = rng.choice([100, 100, rng.randint(40, 99)])
    n_given = mass / molar_mass(given_sp)
    n_wanted = n_given * coef[wanted] / coef[given_sp]
    grams = n_wanted * molar_mass(wanted) * pct / 100
    value = grams * 0.001 / size
    note = (
        f"Molar masses: {given_sp} = {molar_mass(given_sp):.2f} g/mol, "
        f"{wanted} = {molar_mass(wanted):.2f} g/mol."
    )
    role = "produced" if wanted not in reactants else "consumed"
    yield_text = "" if pct == 100 or role == "consumed" else f" The reaction has a {pct}% yield."
    if role == "consumed":
        pct = 100
        value = n_wanted * molar_mass(wanted) * 0.001 / size
    who = rng.choice(NAMES)
    amount = f"{given(shown)} {in_unit}"
    statement = rng.choice(
        [
            f"For the reaction {eq}, what mass of {wanted}, in {unit}, is {role} when {amount} of {given_sp} reacts completely (other reactants in excess)?{yield_text} {note}",
            f"{who} runs the balanced reaction {eq} starting from {amount} of {given_sp}, with everything else in excess.{yield_text} How much {wanted} is {role}, in {unit}? {note}",
            f"{note} Given {eq}: if {amount} of {given_sp} is used up entirely, find the mass of {wanted} {role}, in {unit}.{yield_text}",
        ]
    )
    steps = (
        f"$n({given_sp}) = {n_given:.4g}$ mol; mole ratio {coef[wanted]}:{coef[given_sp]} gives "
        f"$n({wanted}) = {n_wanted:.4g}$ mol; multiply by $M({wanted})$"
        + (f" and by the {pct}% yield" if pct != 100 else "")
        + f", then convert to {unit}."
    )
    mistakes = (
        n_given * molar_mass(wanted) * 0.001 / size,
        mass * coef[wanted] / coef[given_sp] * 0.001 / size,
        n_given * coef[given_sp] / coef[wanted] * molar_mass(wanted) * 0.001 / size,
        n_wanted * molar_mass(wanted) * 0.001 / size,
    )
    return StemProblem(
        statement,
        steps,
        3 + (pct != 100),
        value,
        unit,
        mistakes,
        params={"eq": eq, "given": given_sp, "wanted": wanted, "m_g": mass, "yield": pct},
    )


@stem_family("solutions", weight=1.5)
def solutions(rng: random.Random) -> StemProblem:
    kind = rng.randrange(2)
    if kind == 0:
        formula = rng.choice(
            (
                "NaCl",
                "KNO3",
                "C6H12O6",
                "NaOH",
                "CuSO4",
                "KCl",
                "MgCl2",
                "AgNO3",
                "ZnCl2",
                "KI",
                "NaHCO3",
            )
        )
        mass, vol = rounded(rng.uniform(0.1, 300)), rounded(rng.uniform(10, 5000))
        mm = molar_mass(formula)
        value = mass / mm / (vol / 1000)
        who = rng.choice(NAMES)
        statement = rng.choice(
            [
                f"{given(mass)} g of {formula} is dissolved in water to make {given(vol)} mL of solution. What is the molarity, in mol/L? {_masses_note([formula])}",
                f"{who} dissolves {given(mass)} g of {formula} and dilutes it to a final volume of {given(vol)} mL. Find the concentration in mol/L. {_masses_note([formula])}",
                f"{_masses_note([formula])} What is the molar concentration, in mol/L, of a solution containing {given(mass)} g of {formula} in {given(vol)} mL?",
            ]
        )
        steps = f"$n = {given(mass)}/{mm:.3f}$ mol; $c = n / V$ with $V$ in litres."
        return StemProblem(
            statement,
            steps,
            2,
            value,
            "mol/L",
            (mass / mm / vol, mass / vol, mass / mm * vol / 1000),
            params={"f": formula, "m": mass, "v": vol},
        )
    c1, c2 = rounded(rng.uniform(0.5, 18)), 0.0
    c2 = rounded(rng.uniform(0.01, c1 * 0.8))
    v2 = rounded(rng.uniform(50, 5000))
    unit, size = pick_unit(rng, "volume")
    v1 = c2 * v2 / c1 * 1e-6 / size
    solute = rng.choice(("HCl", "H2SO4", "NaOH", "NaCl", "HNO3", "glucose", "KOH", "ethanol"))
    statement = f"What volume, in {unit}, of a {given(c1)} mol/L {solute} stock solution is needed to prepare {given(v2)} mL of {given(c2)} mol/L {solute}?"
    steps = "$c_1 V_1 = c_2 V_2$, so $V_1 = c_2 V_2 / c_1$."
    return StemProblem(
        statement,
        steps,
        2,
        v1,
        unit,
        (c1 * v2 / c2 * 1e-6 / size, c2 * v2 / c1, v2 * 1e-6 / size - v1),
        params={"c1": c1, "c2": c2, "v2": v2},
    )


@stem_family("ph")
def ph(rng: random.Random) -> StemProblem:
    acid = rng.random() < 0.5
    name, k = rng.choice(STRONG_ACIDS if acid else STRONG_BASES)
    exp = rng.randint(-5, -1)
    c = rounded(rng.uniform(1, 9.99) * 10**exp)
    ion = k * c
    if acid:
        value = -math.log10(ion)
        steps = f"Strong acid: $[H^+] = {given(ion)}$ M; pH $= -\\log_{{10}}[H^+]$."
        mistakes = (14 - value, -math.log(ion), -math.log10(c) + (0.5 if k == 1 else 0))
    else:
        value = 14 + math.log10(ion)
        steps = f"Strong base: $[OH^-] = {given(ion)}$ M; pOH $= -\\log_{{10}}[OH^-]$, pH $= 14 - $ pOH."
        mistakes = (14 - value, -math.log10(ion), 14 + math.log10(c) - (0.3 if k == 2 else 0.5))
    vol = rounded(rng.uniform(0.05, 20))
    statement = rng.choice(
        [
            f"What is the pH of a {given(c)} mol/L solution of {name} at 25 C? Assume complete dissociation.",
            f"A chemist prepares {given(vol)} L of {given(c)} M aqueous {name}. Assuming full dissociation at 25 C (Kw = 1e-14), what is the pH?",
        ]
    )
    return StemProblem(statement, steps, 2, value, "", mistakes, params={"name": name, "c": c})


@stem_family("gas_laws", weight=1.5)
def gas_laws(rng: random.Random) -> StemProblem:
    kind = rng.randrange(2)
    gas = rng.choice(
        ("nitrogen", "helium", "argon", "oxygen", "carbon dioxide", "neon", "hydrogen", "air")
    )
    if kind == 0:
        n, t, v = (
            rounded(rng.uniform(0.05, 12)),
            rounded(rng.uniform(200, 600)),
            rounded(rng.uniform(0.5, 200)),
        )
        unit, size = pick_unit(rng, "pressure")
        value = n * R_GAS * t / (v / 1000) / size
        statement = f"A {given(v)} L rigid tank holds {given(n)} mol of {gas} at {given(t)} K. Treating it as an ideal gas (R = 8.314 J/(mol K)), what is the pressure, in {unit}?"
        steps = "$P = nRT/V$ with $V$ in cubic metres."
        mistakes = (
            n * R_GAS * t / v / size,
            n * R_GAS * (t - 273.15) / (v / 1000) / size,
            n * 0.08206 * t / v * 101325 / size * 1.1,
        )
        return StemProblem(
            statement, steps, 2, value, unit, mistakes, params={"n": n, "t": t, "v": v}
        )
    p1, v1, t1 = (
        rounded(rng.uniform(50, 500)),
        rounded(rng.uniform(0.5, 50)),
        rounded(rng.uniform(250, 500)),
    )
    p2, t2 = rounded(rng.uniform(50, 500)), rounded(rng.uniform(250, 500))
    value = p1 * v1 / t1 * t2 / p2
    statement = f"A sample of {gas} occupies {given(v1)} L at {given(p1)} kPa and {given(t1)} K. What volume, in L, does it occupy at {given(p2)} kPa and {given(t2)} K?"
    steps = "Combined gas law: $V_2 = V_1 \\frac{P_1}{P_2} \\frac{T_2}{T_1}$."
    mistakes = (p2 * v1 / t2 * t1 / p1, p1 * v1 / p2, v1 * t2 / t1)
    return StemProblem(
        statement, steps, 2, value, "L", mistakes, params={"p": [p1, p2], "t": [t1, t2], "v1": v1}
    )


EMPIRICAL = (
    ("CH2O", {"C": 1, "H": 2, "O": 1}), ("CH4", {"C": 1, "H": 4}), ("C2H6O", {"C": 2, "H": 6, "O": 1}),
    ("CH2", {"C": 1, "H": 2}), ("NO2", {"N": 1, "O": 2}), ("N2O", {"N": 2, "O": 1}), ("Fe2O3", {"Fe": 2, "O": 3}),
    ("FeO", {"Fe": 1, "O": 1}), ("Fe3O4", {"Fe": 3, "O": 4}), ("CH3", {"C": 1, "H": 3}), ("C3H8", {"C": 3, "H": 8}),
    ("SO2", {"S": 1, "O": 2}), ("SO3", {"S": 1, "O": 3}), ("P2O5", {"P": 2, "O": 5}), ("C2H5", {"C": 2, "H": 5}),
    ("CO", {"C": 1, "O": 1}), ("CO2", {"C": 1, "O": 2}), ("Al2O3", {"Al": 2, "O": 3}), ("CuO", {"Cu": 1, "O": 1}),
    ("Cu2O", {"Cu": 2, "O": 1}), ("NH3", {"N": 1, "H": 3}), ("N2H4", {"N": 2, "H": 4}), ("C2H3O2", {"C": 2, "H": 3, "O": 2}),
)  # fmt: skip


def _formula(counts: dict[str, int]) -> str:
    return "".join(el + (str(n) if n > 1 else "") for el, n in counts.items())


def _same_ratio(a: dict[str, int], b: dict[str, int]) -> bool:
    keys = list(a)
    return list(b) == keys and all(a[k] * b[keys[0]] == b[k] * a[keys[0]] for k in keys)


def _wrong_formulas(comp: dict[str, int], rng: random.Random) -> list[str]:
    """Plausible wrong answers: one subscript off by one, subscripts swapped or doubled; never a
    multiple of the right ratio (that would be the same empirical formula)."""
    cands: list[dict[str, int]] = []
    keys = list(comp)
    for k in keys:
        for delta in (1, 2, -1):
            if comp[k] + delta >= 1:
                cands.append({e: n + delta * (e == k) for e, n in comp.items()})
        cands.append({e: 2 * n if e == k else n for e, n in comp.items()})
        cands.append({e: 3 * n if e == k else n for e, n in comp.items()})
    if len(keys) >= 2:
        cands.append(
            {keys[0]: comp[keys[1]], keys[1]: comp[keys[0]], **{e: comp[e] for e in keys[2:]}}
        )
    rng.shuffle(cands)
    out: list[str] = []
    for c in cands:
        text = _formula(c)
        if not _same_ratio(comp, c) and text not in out:
            out.append(text)
    return out[:3]


@stem_family("empirical_formula")
def empirical_formula(rng: random.Random) -> StemProblem:
    formula, comp = EMPIRICAL[rng.randrange(len(EMPIRICAL))]
    els = list(comp)
    total = rounded(rng.uniform(1, 250))
    mm = sum(ATOMIC_WEIGHTS[e] * n for e, n in comp.items())
    parts = ", ".join(f"{given(total * ATOMIC_WEIGHTS[e] * comp[e] / mm)} g of {e}" for e in els)
    note = "Atomic masses: " + ", ".join(f"{el} = {ATOMIC_WEIGHTS[el]}" for el in els) + "."
    statement = f"Analysis of a {given(total)} g sample of a pure compound finds {parts}. What is its empirical formula? {note}"
    steps = "Convert each mass to moles and divide by the smallest mole number to get the whole-number ratio."
    wrong = _wrong_formulas(comp, rng)
    return StemProblem(
        statement,
        steps,
        3,
        choices=(formula, *wrong),
        correct=0,
        params={"formula": formula, "mass": total},
    )
