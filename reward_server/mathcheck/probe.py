"""Numeric probing: prove two parsed answers different before Math-Verify tries to prove them
equal.

Why: Math-Verify's `verify` runs sympy `simplify` on the difference of two expressions, which
costs 0.3-5 s for a wrong trigonometric or exponential answer, and wrong answers are most of
what an RL grader sees. Two expressions that are equal as functions agree at every point where
both are defined, so a single point where they clearly disagree proves them different. This
check only ever says "different" (or "don't know"); equality is still Math-Verify's call.
"""

from __future__ import annotations

from typing import Any

# Probe points: irrational-looking, positive (keeps sqrt/log on their principal real branch).
_POINTS = (
    (0.7318, 1.2913, 0.5147, 1.6021, 0.8839, 1.1731, 0.6617, 1.4453, 0.9281, 1.7339),
    (1.3771, 0.6203, 1.1459, 0.4427, 1.9087, 0.8123, 1.5569, 0.5981, 1.2687, 0.7753),
)
_REL = 1e-6


def _value(expr: Any, subs: dict[Any, float]) -> complex | None:
    try:
        val = expr.evalf(15, subs=subs)
        if not val.is_number:
            return None
        out = complex(val)
    except Exception:  # undefined functions, zoo, overflow: not probeable
        return None
    if out != out or abs(out) == float("inf"):
        return None
    return out


def _far(a: complex, b: complex) -> bool:
    return abs(a - b) > _REL * max(abs(a), abs(b), 1e-300) and abs(a - b) > 1e-12


def _points(symbols: list[Any]) -> list[dict[Any, float]]:
    """One substitution per probe point; symbols of the same name (gold and prediction may
    carry different assumptions) get the same value."""
    names = sorted({str(s) for s in symbols})
    if len(names) > len(_POINTS[0]):
        return []
    return [{s: pts[names.index(str(s))] for s in symbols} for pts in _POINTS]


def certainly_different(gold: Any, pred: Any) -> bool:
    """True only if `gold` and `pred` (sympy objects) are provably different expressions or
    equations; False means "not shown different"."""
    import sympy

    if isinstance(gold, sympy.Eq) and isinstance(pred, sympy.Eq):
        if gold.lhs == pred.lhs:
            return certainly_different(gold.rhs, pred.rhs)
        return _not_proportional(gold.lhs - gold.rhs, pred.lhs - pred.rhs)
    if not (isinstance(gold, sympy.Expr) and isinstance(pred, sympy.Expr)):
        return False
    names_g = {s.name for s in gold.free_symbols if isinstance(s, sympy.Symbol)}
    names_p = {s.name for s in pred.free_symbols if isinstance(s, sympy.Symbol)}
    if bool(names_g) != bool(names_p):
        return True  # a constant never equals an expression in unknowns (sympy cancels x - x)
    if names_g != names_p:
        return False  # different unknowns: Math-Verify's strict mode decides that
    for subs in _points(list(gold.free_symbols | pred.free_symbols)):
        a, b = _value(gold, subs), _value(pred, subs)
        if a is not None and b is not None and _far(a, b):
            return True
    return False


def _not_proportional(g: Any, p: Any) -> bool:
    """Equations `g = 0` and `p = 0` differ unless g is a constant multiple of p."""
    import sympy

    if not (isinstance(g, sympy.Expr) and isinstance(p, sympy.Expr)):
        return False
    ratios = []
    for subs in _points(list(g.free_symbols | p.free_symbols)):
        a, b = _value(g, subs), _value(p, subs)
        if a is None or b is None or abs(b) < 1e-12:
            return False
        ratios.append(a / b)
    return len(ratios) == 2 and _far(ratios[0], ratios[1])
