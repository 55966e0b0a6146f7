"""Independent recomputation of `stem_gen` numeric answers from each record's parameters.

Each check computes the answer in SI units from textbook formulas, then lets the real `stem`
verifier convert and compare it with the record's ground truth (which may be in km/h, kPa, mL,
...). So a wrong formula or a wrong unit factor in a family fails here, even though the family's
own reference agrees with its own ground truth."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import pytest

from dataset_builder.sources.stem_gen import StemGenParams, stem_gen
from reward_server.verifiers import score

# Independent constants (not imported from the generators on purpose).
G = 9.81
R = 8.314
WEIGHTS = {"H": 1.008, "C": 12.011, "N": 14.007, "O": 15.999, "Na": 22.990, "Cl": 35.45}
WEIGHTS |= {"Ca": 40.078, "Fe": 55.845, "K": 39.098}


def momentum(p: dict[str, Any]) -> tuple[float, str]:
    (m1, m2), (v1, v2) = p["m"], p["v"]
    return (m1 * v1 + m2 * v2) / (m1 + m2), "m/s"


def projectile(p: dict[str, Any]) -> tuple[float, str]:
    return p["v"] * math.sqrt(2 * p["h"] / G), "m"


def gas_laws(p: dict[str, Any]) -> tuple[float, str]:
    if "n" in p:
        return p["n"] * R * p["t"] / (p["v"] / 1000), "Pa"
    (p1, p2), (t1, t2) = p["p"], p["t"]
    return p["v1"] * p1 / p2 * t2 / t1, "L"


def dilution_series(p: dict[str, Any]) -> tuple[float, str]:
    return p["c"] / p["v"] * p["f"] ** p["n"], ""


def hardy_weinberg(p: dict[str, Any]) -> tuple[float, str]:
    q = math.sqrt(p["aa"] / p["pop"])
    return [2 * q * (1 - q), 1 - q, 2 * q * (1 - q) * p["pop"]][p["ask"]], ""


def heat(p: dict[str, Any]) -> tuple[float, str]:
    if "dt" in p:
        return p["m"] * p["c"] * p["dt"], "J"
    return p["q"] / (p["m"] * p["c"]), "K"


def population_growth(p: dict[str, Any]) -> tuple[float, str]:
    if "td" in p:
        return p["n0"] * 2 ** (p["t"] / p["td"]), ""
    return p["n0"] * math.exp(p["r"] * p["t"]), ""


CHECKS: dict[str, Callable[[dict[str, Any]], tuple[float, str]]] = {
    f.__name__: f for f in (momentum, projectile, gas_laws, dilution_series, hardy_weinberg, heat)
}
CHECKS["population_growth"] = population_growth


@pytest.mark.parametrize("family", sorted(CHECKS))
def test_numeric_answers_match_textbook_formulas(family: str) -> None:
    stream = stem_gen(StemGenParams(families=[family], mcq_share=0.0), 77)
    for rec in itertools.islice(stream, 12):
        value, unit = CHECKS[family](rec.meta["params"])
        answer = f"\\boxed{{{value:.6g} \\text{{ {unit}}}}}" if unit else f"\\boxed{{{value:.6g}}}"
        verdict = score("stem", answer, rec.ground_truth)
        assert verdict.reward == 1.0, (rec.prompt, rec.ground_truth, answer, verdict.detail)
