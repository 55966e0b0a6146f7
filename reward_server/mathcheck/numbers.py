"""Exact parsing of plain numbers: the fast path that skips sympy for most graded answers.

Most math answers in RL corpora are integers, decimals or simple fractions (AIME, AMC, GSM8K,
most of MATH). Parsing those into `fractions.Fraction` costs microseconds and compares exactly,
where Math-Verify spends milliseconds building sympy trees. Anything this module cannot read
returns None and goes to the symbolic checker, so a None here is never a verdict.

Scientific notation (`3.2e5`, `3.2 \\times 10^{5}`, `3.2\\cdot10^5`) is read here too because the
STEM verifier's numeric answers use it constantly.
"""

from __future__ import annotations

import re
from fractions import Fraction

MAX_EXPONENT = 400
"""`10^{400}` is the largest power of ten read exactly; beyond it a number is not a plain answer
(and `10^{10^{9}}` must not be materialized)."""

_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_PLAIN = re.compile(rf"^{_NUM}$")
_SCI_E = re.compile(rf"^({_NUM})[eE]([-+]?\d+)$")
_SCI_TIMES = re.compile(
    rf"^(?:({_NUM})\s*(?:\\times|\\cdot|\*|×|x)\s*)?10\s*\^\s*\{{?\s*([-+−]?\d+)\s*\}}?$"
)
_FRAC = re.compile(r"^([-+]?)\\frac\{\s*([-+]?\d+)\s*\}\{\s*([-+]?\d+)\s*\}$")
_SLASH = re.compile(rf"^({_NUM})\s*/\s*({_NUM})$")
_MIXED = re.compile(r"^(\d+)\s*\\frac\{(\d+)\}\{(\d+)\}$")
_REPEATING = re.compile(r"^([-+]?)(\d*)\.(\d*)\\overline\{(\d{1,12})\}$")


def parse_number(text: str) -> Fraction | None:
    """The exact value of a plain number, or None if `text` is anything else.

    Accepts `-12`, `3.50`, `.5`, `1/2`, `\\frac{3}{4}`, `-\\frac{3}{4}`, `2\\frac{1}{2}` (mixed
    number), `0.1\\overline{6}`, `3.2e5`, `3.2\\times10^{5}`, `10^{-3}`. Whitespace and LaTeX thin spaces are
    ignored; thousands separators must already be gone (see normalize.join_thousands).
    """
    s = text.strip().replace("\\,", "").replace("\\!", "").replace("{,}", "")
    s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("−", "-")
    if not s or len(s) > 120:
        return None
    if _PLAIN.match(s):
        return Fraction(s)
    m = _SCI_E.match(s)
    if m:
        return _scaled(Fraction(m.group(1)), int(m.group(2)))
    m = _SCI_TIMES.match(s)
    if m:
        mantissa = Fraction(m.group(1)) if m.group(1) else Fraction(1)
        return _scaled(mantissa, int(m.group(2).replace("−", "-")))
    m = _FRAC.match(s)
    if m:
        num, den = int(m.group(2)), int(m.group(3))
        if den == 0:
            return None
        value = Fraction(num, den)
        return -value if m.group(1) == "-" else value
    m = _SLASH.match(s)
    if m:
        den_f = Fraction(m.group(2))
        return None if den_f == 0 else Fraction(m.group(1)) / den_f
    m = _REPEATING.match(s)
    if m:  # 0.1\overline{6} = 1/6
        head, fixed, cycle = m.group(2) or "0", m.group(3), m.group(4)
        value = Fraction(int(head)) + Fraction(int(fixed or "0"), 10 ** len(fixed))
        value += Fraction(int(cycle), (10 ** len(cycle) - 1) * 10 ** len(fixed))
        return -value if m.group(1) == "-" else value
    m = _MIXED.match(s)
    if m and int(m.group(3)) != 0 and int(m.group(2)) < int(m.group(3)):
        return int(m.group(1)) + Fraction(int(m.group(2)), int(m.group(3)))
    return None


def _scaled(mantissa: Fraction, exponent: int) -> Fraction | None:
    if abs(exponent) > MAX_EXPONENT:
        return None
    return mantissa * Fraction(10) ** exponent


def numbers_match(a: Fraction, b: Fraction, rel: Fraction = Fraction(1, 10**6)) -> bool:
    """Equal exactly, or, unless both are integers, within a relative 1e-6 (so `0.333333`
    matches `1/3` but 3986727 does not match 3986729).

    Why relative and not Math-Verify's "round both to 6 decimals": rounding calls every pair of
    numbers below 5e-7 equal, so `8.2e-19` would match `8.3e-19`. Within 1e-6 relative the two
    rules agree on ordinary answers, which lets the fast path say "different" without sympy.
    """
    if a == b:
        return True
    if a.denominator == 1 and b.denominator == 1:
        return False
    return abs(a - b) <= rel * max(abs(a), abs(b))


_BASE_NUMERAL = re.compile(r"^([0-9][0-9A-Za-z]*)_\{?(\d{1,2})\}?$")


def base_numeral(text: str) -> tuple[str, int] | None:
    """`52_8` / `1A_{16}` -> ("52", 8): a numeral written in another base, digits upper-cased
    and leading zeros dropped; None if `text` is not one (or its digits do not fit the base)."""
    m = _BASE_NUMERAL.match(text.strip())
    if not m:
        return None
    digits, base = m.group(1).upper().lstrip("0") or "0", int(m.group(2))
    if not 2 <= base <= 36:
        return None
    try:
        int(digits, base)
    except ValueError:
        return None
    return digits, base


def close_enough(a: float, b: float, rel_tol: float) -> bool:
    """Relative tolerance against the gold `b`, with an absolute floor for a gold of 0."""
    if b == 0:
        return abs(a) <= rel_tol * 1e-6
    return abs(a - b) <= rel_tol * abs(b)
