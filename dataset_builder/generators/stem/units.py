"""Units the STEM prompts ask for, and how numbers are printed.

Each dimension lists `(symbol, size in SI base units)`; a family computes in SI and then asks for
the answer in one of the listed units, so the conversion is part of the task. Symbols are the
plain-text ones the `stem` verifier's unit table knows (`km/h`, `kPa`, `mL`).
"""

from __future__ import annotations

import math
import random

UNITS: dict[str, tuple[tuple[str, float], ...]] = {
    "length": (("m", 1.0), ("cm", 0.01), ("mm", 0.001), ("km", 1000.0)),
    "time": (("s", 1.0), ("ms", 0.001), ("min", 60.0)),
    "speed": (("m/s", 1.0), ("km/h", 1 / 3.6)),
    "acceleration": (("m/s^2", 1.0),),
    "force": (("N", 1.0), ("kN", 1000.0)),
    "energy": (("J", 1.0), ("kJ", 1000.0)),
    "power": (("W", 1.0), ("kW", 1000.0)),
    "momentum": (("kg*m/s", 1.0),),
    "pressure": (("Pa", 1.0), ("kPa", 1000.0), ("atm", 101325.0)),
    "volume": (("L", 0.001), ("mL", 1e-6)),
    "mass": (("g", 0.001), ("kg", 1.0), ("mg", 1e-6)),
    "current": (("A", 1.0), ("mA", 0.001)),
    "voltage": (("V", 1.0),),
    "resistance": (("ohm", 1.0),),
    "frequency": (("Hz", 1.0), ("kHz", 1000.0)),
    "temperature": (("K", 1.0),),
    "amount": (("mol", 1.0), ("mmol", 0.001)),
    "concentration": (("mol/L", 1.0),),
    "charge": (("C", 1.0),),
}


def pick_unit(rng: random.Random, dimension: str) -> tuple[str, float]:
    """An output unit for `dimension`; the SI unit half the time so plain cases stay common."""
    options = UNITS[dimension]
    return options[0] if len(options) == 1 or rng.random() < 0.5 else rng.choice(options[1:])


def sig(x: float, digits: int = 4) -> str:
    """`x` to `digits` significant figures, plain notation for 1e-4..1e6, else `a \\times 10^{b}`."""
    if x == 0:
        return "0"
    exp = math.floor(math.log10(abs(x)))
    if -4 <= exp < 6:
        decimals = max(0, digits - 1 - exp)
        text = f"{x:.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    mant = x / 10**exp
    m = f"{mant:.{digits - 1}f}".rstrip("0").rstrip(".")
    if m in ("10", "-10"):  # rounding carried into the next power
        m, exp = m[:-1], exp + 1
    return f"{m} \\times 10^{{{exp}}}"


def plain(x: float, digits: int = 6) -> str:
    """Machine-readable number for the ground truth: `repr`-style, 6 significant figures."""
    return f"{x:.{digits}g}"


def given(x: float, digits: int = 3) -> str:
    """A measured quantity in a prompt: 3 significant figures; very large or small values in
    inline-math scientific notation."""
    text = sig(x, digits)
    return f"${text}$" if "times" in text else text


G_EARTH = 9.81
"""Standard gravity as the prompts state it (m/s^2)."""


def measured(rng: random.Random, lo: float, hi: float, digits: int = 3) -> float:
    """A measured-looking value: uniform in [lo, hi], rounded to `digits` significant figures."""
    return rounded(rng.uniform(lo, hi), digits)


def rounded(x: float, digits: int = 3) -> float:
    """`x` rounded to `digits` significant figures, so the prompt shows exactly the value used."""
    return float(f"{x:.{digits}g}")
