"""Mechanics: kinematics, projectiles, forces with friction, energy/work/power, collisions."""

from __future__ import annotations

import math
import random

from dataset_builder.generators.math.words import NAMES
from dataset_builder.generators.stem import StemProblem, stem_family
from dataset_builder.generators.stem.units import G_EARTH, given, measured, pick_unit

VEHICLES = ("car", "cyclist", "train", "sled", "scooter", "bus", "drone", "cart", "runner", "boat")
OBJECTS = ("stone", "ball", "wrench", "package", "coin", "apple", "toolbox", "crate", "brick")


@stem_family("kinematics", weight=1.5)
def kinematics(rng: random.Random) -> StemProblem:
    who = rng.choice(VEHICLES)
    u, a, t = measured(rng, 0, 30), measured(rng, 0.2, 6), measured(rng, 1, 40)
    kind = rng.randrange(3)
    if kind == 0:
        unit, size = pick_unit(rng, "speed")
        v = (u + a * t) / size
        statement = (
            f"A {who} moving at {given(u)} m/s accelerates uniformly at {given(a)} m/s^2 for "
            f"{given(t)} s. What is its final speed, in {unit}?"
        )
        steps = (
            f"$v = u + at = {given(u)} + {given(a)} \\cdot {given(t)}$ m/s, converted to {unit}."
        )
        return StemProblem(
            statement,
            steps,
            1,
            v,
            unit,
            ((a * t) / size, u + a * t, (u + a * t) * size),
            params={"u": u, "a": a, "t": t},
        )
    if kind == 1:
        unit, size = pick_unit(rng, "length")
        s = (u * t + 0.5 * a * t * t) / size
        statement = (
            f"Starting at {given(u)} m/s, a {who} speeds up at a constant {given(a)} m/s^2. How far "
            f"does it travel in {given(t)} s? Answer in {unit}."
        )
        steps = (
            f"$s = ut + \\tfrac12 a t^2$ with $u = {given(u)}$, $a = {given(a)}$, $t = {given(t)}$."
        )
        return StemProblem(
            statement,
            steps,
            2,
            s,
            unit,
            ((u * t + a * t * t) / size, 0.5 * a * t * t / size, u * t + 0.5 * a * t * t),
            params={"u": u, "a": a, "t": t},
        )
    h = measured(rng, 1, 300)
    obj = rng.choice(OBJECTS)
    if rng.random() < 0.5:
        value = math.sqrt(2 * h / G_EARTH)
        statement = f"A {obj} is dropped from rest at a height of {given(h)} m. Ignoring air resistance (g = 9.81 m/s^2), how long does it take to hit the ground, in s?"
        steps = f"$t = \\sqrt{{2h/g}} = \\sqrt{{2 \\cdot {given(h)}/9.81}}$."
        return StemProblem(
            statement,
            steps,
            2,
            value,
            "s",
            (math.sqrt(h / G_EARTH), 2 * h / G_EARTH, h / G_EARTH),
            params={"h": h},
        )
    unit, size = pick_unit(rng, "speed")
    value = math.sqrt(2 * G_EARTH * h) / size
    statement = f"A {obj} falls from rest through {given(h)} m with negligible drag (g = 9.81 m/s^2). What is its speed just before impact, in {unit}?"
    steps = (
        f"$v = \\sqrt{{2gh}} = \\sqrt{{2 \\cdot 9.81 \\cdot {given(h)}}}$ m/s, converted to {unit}."
    )
    return StemProblem(
        statement,
        steps,
        2,
        value,
        unit,
        (G_EARTH * h / size, math.sqrt(G_EARTH * h) / size),
        params={"h": h},
    )


@stem_family("projectile")
def projectile(rng: random.Random) -> StemProblem:
    v, h = measured(rng, 2, 40), measured(rng, 1, 120)
    who = rng.choice(NAMES)
    t = math.sqrt(2 * h / G_EARTH)
    unit, size = pick_unit(rng, "length")
    statement = f"{who} throws a ball horizontally at {given(v)} m/s from a cliff {given(h)} m high. Neglecting air resistance (g = 9.81 m/s^2), how far from the base of the cliff does it land, in {unit}?"
    steps = f"Fall time $t = \\sqrt{{2h/g}} = {given(t)}$ s; range $= v t$."
    return StemProblem(
        statement,
        steps,
        2,
        v * t / size,
        unit,
        (v * h / G_EARTH / size, v * math.sqrt(h / G_EARTH) / size, v * t),
        params={"v": v, "h": h},
    )


@stem_family("forces", weight=1.5)
def forces(rng: random.Random) -> StemProblem:
    m, f = measured(rng, 0.5, 500), 0.0
    mu = measured(rng, 0.05, 0.6, 2)
    f = measured(rng, 1.2 * mu * m * G_EARTH, 3 * mu * m * G_EARTH + 10)
    thing = rng.choice(("crate", "box", "cabinet", "sled", "trunk", "cart", "pallet"))
    kind = rng.randrange(2)
    if kind == 0:
        a = (f - mu * m * G_EARTH) / m
        statement = f"A {given(m)} kg {thing} is pushed across a level floor with a horizontal force of {given(f)} N. The coefficient of kinetic friction is {mu}. What is its acceleration, in m/s^2? (g = 9.81 m/s^2)"
        steps = f"Friction $= \\mu m g = {given(mu * m * G_EARTH)}$ N; $a = (F - \\mu m g)/m$."
        return StemProblem(
            statement,
            steps,
            2,
            a,
            "m/s^2",
            (f / m, (f + mu * m * G_EARTH) / m, f - mu * m * G_EARTH),
            params={"m": m, "f": f, "mu": mu},
        )
    unit, size = pick_unit(rng, "force")
    a = measured(rng, 0.2, 12)
    statement = f"What net force, in {unit}, gives a {given(m)} kg {thing} an acceleration of {given(a)} m/s^2?"
    steps = f"$F = ma = {given(m)} \\cdot {given(a)}$ N."
    return StemProblem(
        statement,
        steps,
        1,
        m * a / size,
        unit,
        (m / a / size, m * a * G_EARTH / size, m * a),
        params={"m": m, "a": a},
    )


@stem_family("energy_work_power", weight=1.5)
def energy_work_power(rng: random.Random) -> StemProblem:
    m = measured(rng, 0.1, 2000)
    kind = rng.randrange(4)
    unit, size = pick_unit(rng, "energy")
    if kind == 0:
        v = measured(rng, 0.5, 60)
        value = 0.5 * m * v * v
        statement = f"What is the kinetic energy, in {unit}, of a {given(m)} kg object moving at {given(v)} m/s?"
        steps = f"$KE = \\tfrac12 m v^2 = \\tfrac12 \\cdot {given(m)} \\cdot {given(v)}^2$ J."
        mistakes = (m * v * v / size, 0.5 * m * v / size, value)
    elif kind == 1:
        h = measured(rng, 0.5, 400)
        value = m * G_EARTH * h
        statement = f"How much gravitational potential energy, in {unit}, does a {given(m)} kg load gain when lifted {given(h)} m? (g = 9.81 m/s^2)"
        steps = f"$PE = mgh = {given(m)} \\cdot 9.81 \\cdot {given(h)}$ J."
        mistakes = (m * h / size, 0.5 * m * G_EARTH * h / size, value)
    elif kind == 2:
        f, d, ang = (
            measured(rng, 1, 900),
            measured(rng, 0.5, 200),
            rng.choice([0, 15, 20, 25, 30, 37, 45, 53, 60]),
        )
        value = f * d * math.cos(math.radians(ang))
        statement = f"A rope pulls a sled {given(d)} m with a constant {given(f)} N force directed {ang} degrees above the direction of motion. How much work does the rope do, in {unit}?"
        steps = f"$W = F d \\cos\\theta = {given(f)} \\cdot {given(d)} \\cos {ang}^\\circ$ J."
        mistakes = (f * d / size, f * d * math.sin(math.radians(ang)) / size, value)
    else:
        h, t = measured(rng, 1, 80), measured(rng, 2, 300)
        unit, size = pick_unit(rng, "power")
        value = m * G_EARTH * h / t
        statement = f"A motor lifts a {given(m)} kg mass {given(h)} m at constant speed in {given(t)} s. What average power, in {unit}, does it deliver? (g = 9.81 m/s^2)"
        steps = f"$P = mgh/t = {given(m)} \\cdot 9.81 \\cdot {given(h)} / {given(t)}$ W."
        mistakes = (m * h / t / size, m * G_EARTH * h * t / size, value)
    return StemProblem(
        statement,
        steps,
        1 + (kind >= 2),
        value / size,
        unit,
        mistakes,
        params={"m": m, "ask": kind},
    )


@stem_family("momentum")
def momentum(rng: random.Random) -> StemProblem:
    m1, m2 = measured(rng, 0.1, 3000), measured(rng, 0.1, 3000)
    v1, v2 = measured(rng, 0.5, 30), measured(rng, -20, 20)
    v = (m1 * v1 + m2 * v2) / (m1 + m2)
    a, b = rng.sample(("cart", "car", "skater", "puck", "railcar", "ball of clay", "trolley"), 2)
    unit, size = pick_unit(rng, "speed")
    statement = f"A {given(m1)} kg {a} moving at {given(v1)} m/s collides with a {given(m2)} kg {b} moving at {given(v2)} m/s along the same line, and they stick together. What is their common velocity afterwards, in {unit}? (Take the {a}'s direction as positive.)"
    steps = (
        f"Momentum is conserved: $v = (m_1 v_1 + m_2 v_2)/(m_1 + m_2)$ m/s, converted to {unit}."
    )
    mistakes = (
        (v1 + v2) / 2 / size,
        m1 * v1 / (m1 + m2) / size,
        (m1 * v1 - m2 * v2) / (m1 + m2) / size,
    )
    return StemProblem(
        statement, steps, 2, v / size, unit, mistakes, params={"m": [m1, m2], "v": [v1, v2]}
    )
