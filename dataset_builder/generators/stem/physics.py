"""Physics beyond mechanics: circuits, optics, heat, gravitation and charges, waves."""

from __future__ import annotations

import math
import random

from dataset_builder.generators.math.words import NAMES
from dataset_builder.generators.stem import StemProblem, stem_family
from dataset_builder.generators.stem.units import given, measured, pick_unit, rounded

G_NEWTON = 6.674e-11
K_COULOMB = 8.99e9


@stem_family("circuits", weight=1.5)
def circuits(rng: random.Random) -> StemProblem:
    rs = [measured(rng, 1, 1000) for _ in range(rng.randint(2, 4))]
    volts = measured(rng, 1.5, 240)
    parallel = rng.random() < 0.5
    req = 1 / sum(1 / r for r in rs) if parallel else sum(rs)
    alt = sum(rs) if parallel else 1 / sum(1 / r for r in rs)
    listing = ", ".join(f"{given(r)} ohm" for r in rs)
    how = "in parallel" if parallel else "in series"
    kind = rng.randrange(3)
    if kind == 0:
        statement = f"Resistors of {listing} are connected {how}. What is the equivalent resistance, in ohm?"
        steps = "Parallel: $1/R = \\sum 1/R_i$." if parallel else "Series: $R = \\sum R_i$."
        return StemProblem(
            statement,
            steps,
            1,
            req,
            "ohm",
            (alt, sum(rs) / len(rs)),
            params={"r": rs, "parallel": parallel},
        )
    if kind == 1:
        unit, size = pick_unit(rng, "current")
        statement = f"A {given(volts)} V battery drives resistors of {listing} connected {how}. What total current, in {unit}, does the battery supply?"
        steps = f"$R_{{eq}} = {given(req)}$ ohm, $I = V/R_{{eq}}$."
        return StemProblem(
            statement,
            steps,
            2,
            volts / req / size,
            unit,
            (volts / alt / size, req / volts / size, volts / req),
            params={"r": rs, "v": volts, "parallel": parallel},
        )
    unit, size = pick_unit(rng, "power")
    statement = f"Resistors of {listing} are wired {how} across a {given(volts)} V source. What total power, in {unit}, do they dissipate?"
    steps = f"$R_{{eq}} = {given(req)}$ ohm, $P = V^2/R_{{eq}}$."
    return StemProblem(
        statement,
        steps,
        2,
        volts**2 / req / size,
        unit,
        (volts**2 / alt / size, volts / req / size, volts**2 / req),
        params={"r": rs, "v": volts, "parallel": parallel},
    )


@stem_family("optics")
def optics(rng: random.Random) -> StemProblem:
    if rng.random() < 0.5:
        f = measured(rng, 2, 80)
        d_o = measured(rng, 1.2 * f, 6 * f)
        d_i = 1 / (1 / f - 1 / d_o)
        lens = rng.choice(("converging lens", "convex lens", "magnifier lens", "camera lens"))
        statement = f"An object is placed {given(d_o)} cm in front of a thin {lens} of focal length {given(f)} cm. How far from the lens, in cm, does the real image form?"
        steps = "Thin lens equation: $1/d_i = 1/f - 1/d_o$."
        mistakes = (1 / (1 / f + 1 / d_o), d_o - f, f * d_o / (d_o + f) * 2)
        return StemProblem(statement, steps, 2, d_i, "cm", mistakes, params={"f": f, "do": d_o})
    media = (
        ("air", 1.0),
        ("water", 1.33),
        ("glass", 1.5),
        ("acrylic", 1.49),
        ("diamond", 2.42),
        ("ethanol", 1.36),
        ("quartz", 1.46),
    )
    (a, n1), (b, n2) = rng.sample(media, 2)
    limit = 89.0 if n1 <= n2 else math.degrees(math.asin(n2 / n1)) - 1
    th1 = measured(rng, 5, limit)
    th2 = math.degrees(math.asin(n1 * math.sin(math.radians(th1)) / n2))
    statement = rng.choice(
        [
            f"Light passes from {a} (n = {n1}) into {b} (n = {n2}) with an angle of incidence of {given(th1)} degrees. What is the angle of refraction, in degrees?",
            f"A laser beam in {a} (refractive index {n1}) strikes a flat boundary with {b} (refractive index {n2}) at {given(th1)} degrees from the normal. At what angle from the normal, in degrees, does it travel in the {b}?",
            f"{rng.choice(NAMES)} shines a ray from {a} into {b}; the indices are {n1} and {n2}. If the incident angle is {given(th1)} degrees, find the refracted angle in degrees.",
        ]
    )
    steps = "Snell's law: $n_1 \\sin\\theta_1 = n_2 \\sin\\theta_2$."
    mistakes = (
        th1 * n1 / n2,
        math.degrees(math.asin(min(1.0, n2 * math.sin(math.radians(th1)) / n1))),
        90 - th2,
    )
    return StemProblem(
        statement + " Give the number of degrees only.",
        steps,
        2,
        th2,
        "",
        mistakes,
        params={"n": [n1, n2], "theta": th1},
    )


@stem_family("heat")
def heat(rng: random.Random) -> StemProblem:
    subs = (
        ("water", 4186),
        ("aluminium", 900),
        ("copper", 385),
        ("iron", 450),
        ("ethanol", 2440),
        ("granite", 790),
        ("olive oil", 1970),
    )
    name, c = rng.choice(subs)
    m, dt = measured(rng, 0.05, 40), measured(rng, 1, 80)
    unit, size = pick_unit(rng, "energy")
    if rng.random() < 0.6:
        statement = f"How much heat, in {unit}, raises the temperature of {given(m)} kg of {name} (specific heat {c} J/(kg K)) by {given(dt)} K?"
        steps = f"$Q = m c \\Delta T = {given(m)} \\cdot {c} \\cdot {given(dt)}$ J."
        return StemProblem(
            statement,
            steps,
            1,
            m * c * dt / size,
            unit,
            (m * dt / size, m * c * dt, c * dt / size),
            params={"m": m, "c": c, "dt": dt},
        )
    q = m * c * dt
    statement = f"A sample of {name} with mass {given(m)} kg (specific heat {c} J/(kg K)) absorbs {given(q / size)} {unit} of heat. By how much does its temperature rise, in K?"
    steps = "$\\Delta T = Q/(mc)$ with $Q$ in joules."
    qq = rounded(q / size) * size
    return StemProblem(
        statement,
        steps,
        2,
        qq / (m * c),
        "K",
        (qq / size / (m * c), qq * m / c, qq / c),
        params={"m": m, "c": c, "q": qq},
    )


@stem_family("gravitation_electrostatics")
def gravitation_electrostatics(rng: random.Random) -> StemProblem:
    kind = rng.randrange(3)
    if kind == 0:
        q1, q2, r = measured(rng, 0.5, 90), measured(rng, 0.5, 90), measured(rng, 1, 100)
        value = K_COULOMB * q1 * 1e-6 * q2 * 1e-6 / (r / 100) ** 2
        statement = f"Two point charges of {given(q1)} uC and {given(q2)} uC are {given(r)} cm apart. What is the magnitude of the electric force between them, in N? (k = 8.99e9 N m^2/C^2)"
        steps = "Coulomb's law $F = k q_1 q_2 / r^2$ with SI units."
        mistakes = (value * r / 100, value * 1e4, value / 2)
        return StemProblem(
            statement, steps, 2, value, "N", mistakes, params={"q": [q1, q2], "r": r}
        )
    if kind == 1:
        m1, m2, r = measured(rng, 1, 5000), measured(rng, 1, 5000), measured(rng, 0.5, 50)
        value = G_NEWTON * m1 * m2 / r**2
        statement = f"Find the gravitational attraction, in N, between masses of {given(m1)} kg and {given(m2)} kg whose centres are {given(r)} m apart. (G = 6.674e-11 N m^2/kg^2)"
        steps = "$F = G m_1 m_2 / r^2$."
        return StemProblem(
            statement,
            steps,
            2,
            value,
            "N",
            (value * r, value * r * r, value / 2),
            params={"m": [m1, m2], "r": r},
        )
    mass, radius = measured(rng, 1, 100), measured(rng, 1, 60)
    alt = measured(rng, 100, 40000)
    rr = radius * 1e6 + alt * 1e3
    value = math.sqrt(G_NEWTON * mass * 1e23 / rr) / 1000
    body = rng.choice(("planet", "moon", "exoplanet", "dwarf planet"))
    statement = f"A satellite circles a {body} of mass {given(mass)} x 10^23 kg and radius {given(radius)} x 10^6 m at an altitude of {given(alt)} km. What is its orbital speed, in km/s? (G = 6.674e-11 N m^2/kg^2)"
    steps = "$v = \\sqrt{GM/r}$ with $r$ = radius + altitude, in metres."
    mistakes = (
        math.sqrt(G_NEWTON * mass * 1e23 / (radius * 1e6)) / 1000,
        math.sqrt(G_NEWTON * mass * 1e23 / (alt * 1e3)) / 1000,
        G_NEWTON * mass * 1e23 / rr / 1e6,
    )
    return StemProblem(
        statement, steps, 3, value, "km/s", mistakes, params={"M": mass, "R": radius, "alt": alt}
    )


@stem_family("waves")
def waves(rng: random.Random) -> StemProblem:
    kind = rng.randrange(2)
    if kind == 0:
        f, lam = measured(rng, 20, 20000), measured(rng, 0.01, 15)
        statement = f"A wave has frequency {given(f)} Hz and wavelength {given(lam)} m. What is its speed, in m/s?"
        return StemProblem(
            statement,
            "$v = f\\lambda$.",
            1,
            f * lam,
            "m/s",
            (f / lam, lam / f),
            params={"f": f, "lam": lam},
        )
    if rng.random() < 0.3:
        f = rounded(rng.uniform(4e14, 7.5e14), 4)
        n = rng.choice((1.0, 1.33, 1.5, 1.46, 2.42))
        where = "vacuum" if n == 1.0 else f"a medium of refractive index {n}"
        statement = f"Light of frequency {given(f, 4)} Hz travels through {where}. What is its wavelength there, in nm? (c = 3.00e8 m/s)"
        value = 3e8 / n / f / 1e-9
        mistakes = (value * n * n, 2 * value, f / 3e8)
        return StemProblem(
            statement, "$\\lambda = c / (n f)$.", 2, value, "nm", mistakes, params={"f": f, "n": n}
        )
    v = measured(rng, 100, 6000)
    f = measured(rng, 20, 50000)
    medium = rng.choice(
        (
            "a stretched string",
            "a steel rail",
            "seawater",
            "a gas-filled tube",
            "a spring",
            "a rubber cord",
            "a copper wire",
        )
    )
    unit, size = pick_unit(rng, "length")
    statement = rng.choice(
        [
            f"A wave travels through {medium} at {given(v)} m/s with frequency {given(f)} Hz. What is its wavelength, in {unit}?",
            f"Waves of frequency {given(f)} Hz move along {medium} at a speed of {given(v)} m/s. Find the wavelength in {unit}.",
        ]
    )
    return StemProblem(
        statement,
        "$\\lambda = v / f$.",
        1,
        v / f / size,
        unit,
        (f / v / size, v * f, v / f),
        params={"v": v, "f": f},
    )
