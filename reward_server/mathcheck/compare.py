"""Is an extracted answer equal to the gold? The project's rule: correct if EITHER the normalizer
or Math-Verify accepts (ProRL's grader did the same), checked cheapest first.

Order, and why:
1. canonical strings equal -> equal. Most correct answers are written like the gold; no sympy.
2. both plain numbers -> compare exactly (relative 1e-6). Definitive either way: Math-Verify
   would compare the same two numbers by the same rule, only 1000x slower.
3. both words (`monday`, `yes`) -> definitive: Math-Verify reads words as products of symbols,
   so "yes" would equal "sey".
3b. both inside the small evaluator's LaTeX subset -> compared by value at probe points
   (evaluate.py): clearly equal or clearly different is definitive, close calls go on.
4. several items (`1, 2`; `(1,2),(3,4)`) -> matched as a set, each item by this same function
   (tuples item by item, in order).
5. one bracketed tuple on each side -> item by item, in order.
6. the complexity guard, then Math-Verify, on the stripped answer and, if that does not parse,
   on the canonical one.

Results are cached per (prediction, gold) pair; the cache is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from reward_server.mathcheck.evaluate import compile_expr, relative_gap, values
from reward_server.mathcheck.guard import too_complex
from reward_server.mathcheck.normalize import (
    canonical,
    components,
    strip_lhs,
    strip_wrappers,
    tuple_items,
)
from reward_server.mathcheck.numbers import base_numeral, numbers_match, parse_number
from reward_server.mathcheck.symbolic import mv_equivalent

PAIR_CACHE_SIZE = 65536
MAX_ITEMS = 32
"""Set matching is quadratic; beyond this many items only Math-Verify is asked."""


@dataclass(frozen=True, slots=True)
class Match:
    equal: bool
    how: str
    """Short reason, for Verdict.detail: which rule decided."""
    final: bool = True
    """False for a structural "differ" that Math-Verify may still overturn."""


def equivalent(pred: str, gold: str) -> Match:
    """Compare one extracted answer with one gold answer (both strings, LaTeX or plain)."""
    return _equivalent(pred.strip(), gold.strip())


@lru_cache(maxsize=PAIR_CACHE_SIZE)
def _equivalent(pred: str, gold: str) -> Match:
    cp, cg = canonical(pred), canonical(gold)
    if not cp:
        return Match(False, "empty answer")
    if cp == cg:
        return Match(True, "same after normalization")
    num = _numeric(pred, gold, cp, cg)
    if num is not None:
        return num
    if cp.isalpha() and cg.isalpha() and len(cp) > 1 and len(cg) > 1:
        return Match(False, "different words")
    by_value = _by_value(pred, gold)
    if by_value is not None:
        return by_value
    structural = _structural(pred, gold)
    if structural is not None and (structural.equal or structural.final):
        return structural  # equal, or a different number of answers: nothing left to ask
    refused = too_complex(pred)
    if refused:
        return Match(False, f"not evaluated: {refused}")
    # `N=n` vs `N=n+1`: Math-Verify reads a shared left side loosely; give it the values
    sp, sg = strip_lhs(strip_wrappers(pred)), strip_lhs(strip_wrappers(gold))
    verdict = mv_equivalent(sp, sg)
    if verdict is None and (cp, cg) != (sp, sg):
        verdict = mv_equivalent(cp, cg)
    if verdict:
        return Match(True, "equal by math-verify")
    if structural is not None:
        return structural
    if verdict is None:
        return Match(False, "not parsable as math and not equal as text")
    return Match(False, "not equal (normalizer and math-verify)")


def _numeric(pred: str, gold: str, cp: str, cg: str) -> Match | None:
    base = base_numeral(cg)
    if base is not None:  # `52_8`: the digits are the answer; a bare `52` states the same
        other = base_numeral(cp)
        same = other == base if other else (cp.upper().lstrip("0") or "0") == base[0]
        return Match(same, f"{'same' if same else 'different'} base-{base[1]} numeral")
    np_, ng = parse_number(cp), parse_number(cg)
    if np_ is None or ng is None:
        return None
    if numbers_match(np_, ng):
        return Match(True, "equal as numbers")
    if "%" in pred or "%" in gold:  # `50\%` vs `0.5`: either reading of the percent sign counts
        hundred = Fraction(100)
        if numbers_match(np_ / hundred, ng) or numbers_match(np_, ng / hundred):
            return Match(True, "equal as numbers (percent)")
    return Match(False, "different numbers")


_EQUAL_REL, _DIFFERENT_REL = 1e-35, 1e-6
"""At 50 digits, two spellings of one value agree to ~1e-48; 1e-35 is "equal" with room to
spare, yet `2^{100}+1` vs `2^{100}` (gap 8e-31) is left to Math-Verify's exact arithmetic."""


def _by_value(pred: str, gold: str) -> Match | None:
    """Evaluate both with the small LaTeX evaluator at probe points; None if either side is
    outside its subset, they use different variables, or the values are neither clearly equal
    nor clearly different."""
    gp = compile_expr(strip_lhs(strip_wrappers(gold)))
    if gp is None:
        return None
    pp = compile_expr(strip_lhs(strip_wrappers(pred)))
    if pp is None:
        return None
    gv, pv = values(*gp), values(*pp)
    if gv is None or pv is None:
        return None
    if pp[1] != gp[1]:
        # a constant never equals an expression that varies (`x - x` does not vary: go on)
        if not gp[1] and relative_gap(pv[0], pv[1]) > _DIFFERENT_REL:
            return Match(False, "a constant vs an expression in unknowns")
        if not pp[1] and relative_gap(gv[0], gv[1]) > _DIFFERENT_REL:
            return Match(False, "an expression in unknowns vs a constant")
        # different unknowns: functions equal everywhere agree at any shared point, so one
        # point of clear disagreement proves them different (without a ~0.5 s sympy simplify)
        union = gp[1] | pp[1]
        gu, pu = values(*gp, over=union), values(*pp, over=union)
        if gu is not None and pu is not None:
            if any(relative_gap(a, b) > _DIFFERENT_REL for a, b in zip(gu, pu, strict=True)):
                return Match(False, "different values at shared probe points")
        return None
    gaps = [relative_gap(a, b) for a, b in zip(gv, pv, strict=True)]
    if any(g > _DIFFERENT_REL for g in gaps):
        return Match(False, "different values")
    if all(g <= _EQUAL_REL for g in gaps):
        return Match(True, "equal in value" + (" at probe points" if gp[1] else ""))
    return None


def _structural(pred: str, gold: str) -> Match | None:
    """Set / tuple comparison; None when neither side has structure."""
    gold_items, pred_items = components(gold), components(pred)
    if len(gold_items) > 1 or len(pred_items) > 1:
        if len(gold_items) != len(pred_items):
            return Match(False, f"{len(pred_items)} answers given, {len(gold_items)} expected")
        if len(gold_items) > MAX_ITEMS:
            return None
        if _match_all(pred_items, gold_items):
            return Match(True, f"same set of {len(gold_items)} answers")
        return Match(False, "answer sets differ", final=False)
    tp, tg = tuple_items(pred_items[0]), tuple_items(gold_items[0])
    if (tp is None) != (tg is None):
        # a tuple or interval never equals a single value; settling it here skips Math-Verify's
        # parser (~30 ms), which is most of the cost of grading a wrong answer
        single = pred_items[0] if tp is None else gold_items[0]
        if _is_single_value(single):
            return Match(False, "a tuple/interval vs a single value")
    if tp is not None and tg is not None:
        if len(tp) != len(tg):
            return Match(False, f"tuple of {len(tp)} items, expected {len(tg)}", final=False)
        if all(_item_equal(a, b) for a, b in zip(tp, tg, strict=True)):
            return Match(True, f"same {len(tg)}-tuple")
        return Match(False, "tuples differ", final=False)
    return None


def _is_single_value(text: str) -> bool:
    """A plain number or an expression our evaluator reads: certainly not a tuple in disguise."""
    stripped = strip_lhs(strip_wrappers(text))
    return parse_number(canonical(text)) is not None or compile_expr(stripped) is not None


def _item_equal(pred: str, gold: str) -> bool:
    return _equivalent(pred.strip(), gold.strip()).equal


def _match_all(pred_items: list[str], gold_items: list[str]) -> bool:
    """Every gold item paired with a distinct equal prediction item (order-free)."""
    free = list(range(len(pred_items)))
    for g in gold_items:
        hit = next((i for i in free if _item_equal(pred_items[i], g)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


def clear_cache() -> None:
    _equivalent.cache_clear()
