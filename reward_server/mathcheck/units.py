"""Physical quantities for STEM numeric answers: `5 km` equals `5000 m`, `3.2\\times10^{5} Pa`
equals `320 kPa`.

A compact table (SI prefixes x a few dozen units, each reduced to SI base dimensions) rather
than a units library: `pint` is not a dependency, and graded answers use a small vocabulary.
A unit this table does not know is reported as unknown, and the caller then compares the bare
numbers (documented in docs/verifiers-math-stem.md) instead of guessing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from reward_server.mathcheck.evaluate import compile_expr, values
from reward_server.mathcheck.normalize import strip_lhs
from reward_server.mathcheck.numbers import parse_number

Dims = tuple[tuple[str, int], ...]

_PREFIXES: dict[str, float] = {
    "Y": 1e24, "Z": 1e21, "E": 1e18, "P": 1e15, "T": 1e12, "G": 1e9, "M": 1e6, "k": 1e3,
    "h": 1e2, "da": 1e1, "d": 1e-1, "c": 1e-2, "m": 1e-3, "µ": 1e-6, "μ": 1e-6, "u": 1e-6,
    "\\mu": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15, "a": 1e-18,
}  # fmt: skip

# unit -> (scale to SI, {base dimension: power}); `True` in _PREFIXABLE marks SI-prefixable ones
_UNITS: dict[str, tuple[float, dict[str, int]]] = {
    "m": (1.0, {"m": 1}), "g": (1e-3, {"kg": 1}), "s": (1.0, {"s": 1}), "A": (1.0, {"A": 1}),
    "K": (1.0, {"K": 1}), "mol": (1.0, {"mol": 1}), "N": (1.0, {"kg": 1, "m": 1, "s": -2}),
    "J": (1.0, {"kg": 1, "m": 2, "s": -2}), "W": (1.0, {"kg": 1, "m": 2, "s": -3}),
    "Pa": (1.0, {"kg": 1, "m": -1, "s": -2}), "Hz": (1.0, {"s": -1}), "C": (1.0, {"A": 1, "s": 1}),
    "V": (1.0, {"kg": 1, "m": 2, "s": -3, "A": -1}), "Ω": (1.0, {"kg": 1, "m": 2, "s": -3, "A": -2}),
    "ohm": (1.0, {"kg": 1, "m": 2, "s": -3, "A": -2}), "T": (1.0, {"kg": 1, "s": -2, "A": -1}),
    "F": (1.0, {"kg": -1, "m": -2, "s": 4, "A": 2}), "H": (1.0, {"kg": 1, "m": 2, "s": -2, "A": -2}),
    "L": (1e-3, {"m": 3}), "l": (1e-3, {"m": 3}), "eV": (1.602176634e-19, {"kg": 1, "m": 2, "s": -2}),
    "bar": (1e5, {"kg": 1, "m": -1, "s": -2}), "cal": (4.184, {"kg": 1, "m": 2, "s": -2}),
    "min": (60.0, {"s": 1}), "h": (3600.0, {"s": 1}), "hr": (3600.0, {"s": 1}),
    "day": (86400.0, {"s": 1}), "days": (86400.0, {"s": 1}), "yr": (3.15576e7, {"s": 1}),
    "year": (3.15576e7, {"s": 1}), "years": (3.15576e7, {"s": 1}),
    "atm": (101325.0, {"kg": 1, "m": -1, "s": -2}), "torr": (133.322368, {"kg": 1, "m": -1, "s": -2}),
    "mmHg": (133.322368, {"kg": 1, "m": -1, "s": -2}), "in": (0.0254, {"m": 1}),
    "ft": (0.3048, {"m": 1}), "mi": (1609.344, {"m": 1}), "lb": (0.45359237, {"kg": 1}),
    "Å": (1e-10, {"m": 1}), "\\AA": (1e-10, {"m": 1}), "\\mathring{A}": (1e-10, {"m": 1}),
    "angstrom": (1e-10, {"m": 1}), "M": (1e3, {"mol": 1, "m": -3}),
    "u": (1.66053906660e-27, {"kg": 1}), "amu": (1.66053906660e-27, {"kg": 1}),
    "meters": (1.0, {"m": 1}), "meter": (1.0, {"m": 1}), "seconds": (1.0, {"s": 1}),
    "grams": (1e-3, {"kg": 1}), "kilograms": (1.0, {"kg": 1}), "joules": (1.0, {"kg": 1, "m": 2, "s": -2}),
    "newtons": (1.0, {"kg": 1, "m": 1, "s": -2}), "watts": (1.0, {"kg": 1, "m": 2, "s": -3}),
    "volts": (1.0, {"kg": 1, "m": 2, "s": -3, "A": -1}), "minutes": (60.0, {"s": 1}),
    "hours": (3600.0, {"s": 1}), "%": (0.01, {}), "\\%": (0.01, {}),
    # angles carry their own dimension so that 30 degrees is not confused with 30 rad
    "rad": (1.0, {"rad": 1}), "deg": (math.pi / 180, {"rad": 1}),
    "degree": (math.pi / 180, {"rad": 1}), "degrees": (math.pi / 180, {"rad": 1}),
    "°": (math.pi / 180, {"rad": 1}), "^\\circ": (math.pi / 180, {"rad": 1}),
    "\\circ": (math.pi / 180, {"rad": 1}),
    # counts (plate counts, cell counts) are dimensionless
    "CFU": (1.0, {}), "cfu": (1.0, {}), "cells": (1.0, {}), "colonies": (1.0, {}),
}  # fmt: skip
_PREFIXABLE = frozenset("m g s A K mol N J W Pa Hz C V Ω ohm T F H L l eV bar cal M".split())

_FACTOR = re.compile(r"^(.+?)(?:\^\{?\s*([-+−]?\d+)\s*\}?)?$")
_NUMBER_HEAD = re.compile(
    r"^\s*([-+−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
    r"(?:\s*(?:\\times|\\cdot|×|\*|x)\s*10\s*\^\s*\{?\s*[-+−]?\d+\s*\}?)?)"
)


@dataclass(frozen=True)
class Quantity:
    value: float
    """In SI units when `dims` is known, else the number as written."""
    number: float
    """The number as written, before any unit scaling."""
    dims: Dims | None
    """None: no unit written. (): dimensionless. Unknown units raise UnknownUnit."""
    unit_text: str


class UnknownUnit(ValueError):
    pass


def _clean_unit(text: str) -> str:
    t = text.strip().rstrip(".").strip()
    t = re.sub(r"\\(?:text|mathrm|mbox|operatorname|textrm)\s*\{([^{}]*)\}", r"\1", t)
    t = t.replace("\\,", " ").replace("~", " ").replace("\\ ", " ").replace("$", "")
    t = t.replace("\\Omega", "Ω").replace("\\mu ", "µ").replace("\\mu", "µ").replace("{", "")
    return t.replace("}", "").strip()


def _factor(token: str) -> tuple[float, dict[str, int]]:
    m = _FACTOR.match(token)
    if not m:
        raise UnknownUnit(token)
    name, power = m.group(1).strip(), int((m.group(2) or "1").replace("−", "-"))
    if name in _UNITS:
        scale, dims = _UNITS[name]
    else:
        for prefix in sorted(_PREFIXES, key=len, reverse=True):
            base = name[len(prefix) :]
            if name.startswith(prefix) and base in _UNITS and base in _PREFIXABLE:
                scale, dims = _PREFIXES[prefix] * _UNITS[base][0], _UNITS[base][1]
                break
        else:
            raise UnknownUnit(name)
    return scale**power, {k: v * power for k, v in dims.items()}


def parse_unit(text: str) -> tuple[float, Dims]:
    """`km/h` -> (0.2777..., (('m', 1), ('s', -1))). Raises UnknownUnit."""
    t = _clean_unit(text)
    if not t:
        return 1.0, ()
    t = re.sub(r"\s*(?:\\cdot|\*|·)\s*", " ", t)
    scale = 1.0
    dims: dict[str, int] = {}
    sign = 1
    for chunk in re.split(r"(/)", t):
        if chunk == "/":
            sign = -1
            continue
        for tok in chunk.split():
            s, d = _factor(tok)
            scale *= s**sign
            for k, v in d.items():
                dims[k] = dims.get(k, 0) + v * sign
    return scale, tuple(sorted((k, v) for k, v in dims.items() if v))


_APPROX = re.compile(r"^(?:\\approx|≈|\\sim|~|about|approximately)\s*", re.IGNORECASE)


def parse_quantity(text: str) -> Quantity | None:
    """A number, optionally followed by a unit; None if there is no leading number.

    `x = 5 m`, `\\approx 5 m` read as `5 m`. A unit-less LaTeX value (`\\frac{1}{2}`,
    `2\\sqrt{3}`, `3\\pi`) is evaluated with the small evaluator.
    """
    s = _clean_unit(text) if "\\text" in text or "\\mathrm" in text else text.strip()
    s = s.replace("$", "").replace("\\,", "").replace("{,}", "").strip()
    s = _APPROX.sub("", strip_lhs(s)).strip()
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)  # thousands separators
    m = _NUMBER_HEAD.match(s)
    number = parse_number(m.group(1).replace(" ", "")) if m else None
    if m is None or number is None:
        value = _constant_value(s)
        return None if value is None else Quantity(value, value, None, "")
    rest = s[m.end() :].strip()
    if not rest:
        return Quantity(float(number), float(number), None, "")
    if rest[0] in "^/\\" and not rest.startswith("\\%") and _constant_value(s) is not None:
        value = _constant_value(s)  # `2^{10}`, `3/4`, `2\\sqrt{3}`: a value, not a unit
        assert value is not None
        return Quantity(value, value, None, "")
    scale, dims = parse_unit(rest)
    return Quantity(float(number) * scale, float(number), dims, rest)


def _constant_value(text: str) -> float | None:
    compiled = compile_expr(text)
    if compiled is None or compiled[1]:
        return None
    vals = values(*compiled)
    if vals is None or abs(vals[0].imag) > 1e-12 * max(1.0, abs(vals[0])):
        return None
    return float(vals[0].real)
