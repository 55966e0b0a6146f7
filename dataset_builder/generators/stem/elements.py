"""Standard atomic weights for the elements the chemistry problems use.

Values: IUPAC/CIAAW abridged standard atomic weights (conventional values where IUPAC gives an
interval), as printed in common periodic tables; public scientific facts. Problems print the
molar masses they need or say "use these atomic masses", so the answer never depends on which
table a solver memorised.
"""

from __future__ import annotations

ATOMIC_WEIGHTS: dict[str, float] = {
    "H": 1.008, "Li": 6.94, "C": 12.011, "N": 14.007, "O": 15.999, "F": 18.998,
    "Na": 22.990, "Mg": 24.305, "Al": 26.982, "Si": 28.085, "P": 30.974, "S": 32.06,
    "Cl": 35.45, "K": 39.098, "Ca": 40.078, "Mn": 54.938, "Fe": 55.845, "Cu": 63.546,
    "Zn": 65.38, "Br": 79.904, "Ag": 107.87, "I": 126.90, "Ba": 137.33,
}  # fmt: skip

COMPOUNDS: dict[str, dict[str, int]] = {
    "H2O": {"H": 2, "O": 1}, "CO2": {"C": 1, "O": 2}, "NaCl": {"Na": 1, "Cl": 1},
    "C6H12O6": {"C": 6, "H": 12, "O": 6}, "H2SO4": {"H": 2, "S": 1, "O": 4},
    "CaCO3": {"Ca": 1, "C": 1, "O": 3}, "NH3": {"N": 1, "H": 3}, "CH4": {"C": 1, "H": 4},
    "C2H5OH": {"C": 2, "H": 6, "O": 1}, "KMnO4": {"K": 1, "Mn": 1, "O": 4},
    "NaOH": {"Na": 1, "O": 1, "H": 1}, "HCl": {"H": 1, "Cl": 1}, "MgO": {"Mg": 1, "O": 1},
    "Al2O3": {"Al": 2, "O": 3}, "Fe2O3": {"Fe": 2, "O": 3}, "CuSO4": {"Cu": 1, "S": 1, "O": 4},
    "KNO3": {"K": 1, "N": 1, "O": 3}, "NaHCO3": {"Na": 1, "H": 1, "C": 1, "O": 3},
    "C3H8": {"C": 3, "H": 8}, "C12H22O11": {"C": 12, "H": 22, "O": 11},
    "Ca(OH)2": {"Ca": 1, "O": 2, "H": 2}, "AgNO3": {"Ag": 1, "N": 1, "O": 3},
    "BaSO4": {"Ba": 1, "S": 1, "O": 4}, "ZnCl2": {"Zn": 1, "Cl": 2}, "KI": {"K": 1, "I": 1},
    "SiO2": {"Si": 1, "O": 2}, "H3PO4": {"H": 3, "P": 1, "O": 4}, "LiF": {"Li": 1, "F": 1},
    "MgCl2": {"Mg": 1, "Cl": 2}, "NaBr": {"Na": 1, "Br": 1}, "O2": {"O": 2}, "N2": {"N": 2},
    "H2": {"H": 2}, "Cl2": {"Cl": 2}, "CaO": {"Ca": 1, "O": 1}, "KCl": {"K": 1, "Cl": 1},
    "KClO3": {"K": 1, "Cl": 1, "O": 3}, "Na": {"Na": 1}, "Fe": {"Fe": 1}, "NaN3": {"Na": 1, "N": 3},
}  # fmt: skip


def molar_mass(formula: str) -> float:
    return sum(ATOMIC_WEIGHTS[el] * n for el, n in COMPOUNDS[formula].items())
