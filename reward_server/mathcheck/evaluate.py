"""A small LaTeX arithmetic evaluator: compares `\\frac{\\sqrt{2}}{2}` with `\\sqrt{2}/2`, or
`(x-1)(x+1)` with `x^2-1`, in microseconds instead of Math-Verify's 30-150 ms ANTLR parse.

It reads the common subset of answer LaTeX (numbers, + - * /, `\\cdot`, `\\times`, implicit
products, `^`, `\\frac`, `\\sqrt[n]{}`, `\\pi`, `e`, trig, `\\ln`, `\\exp`, single-letter and Greek
variables with subscripts) into a function of the variables. Anything outside the subset makes
`compile_expr` return None and the caller falls back to Math-Verify, so this reader may be
incomplete but never wrong about what it accepts.

Equality is decided by value, with mpmath at 50 digits, at two fixed probe points (variables
set to irrational-looking positive reals). Two analytic expressions that agree at generic points
to ~35 digits are the same expression for grading purposes; ones that disagree clearly are
certainly different (thresholds in compare.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import mpmath

Env = dict[str, Any]
Fn = Callable[[Env], Any]
PRECISION_DIGITS = 50
"""Working precision: `(2+\\sqrt{3})^{2016}` has 1,150 digits, so floats overflow; mpmath's
unbounded exponent and 50 digits keep such answers comparable."""
MAX_POWER = 100_000

MAX_TOKENS = 400
_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*|\.\d+)|(\\[A-Za-z]+)|([A-Za-z])|(\S))")
_FUNCS: dict[str, Callable[[Any], Any]] = {
    "\\sin": mpmath.sin, "\\cos": mpmath.cos, "\\tan": mpmath.tan, "\\sec": mpmath.sec,
    "\\csc": mpmath.csc, "\\cot": mpmath.cot, "\\ln": mpmath.log,
    "\\exp": mpmath.exp, "\\arcsin": mpmath.asin, "\\arccos": mpmath.acos,
    "\\arctan": mpmath.atan, "\\sinh": mpmath.sinh, "\\cosh": mpmath.cosh,
    "\\tanh": mpmath.tanh,
}  # fmt: skip
# `\\log` is absent on purpose: base e in analysis, base 10 or 2 elsewhere; Math-Verify decides.
_GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta kappa lambda mu nu xi "
    "rho sigma tau phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma Phi Psi Omega".split()
)
_CLOSING = {"(": ")", "{": "}", "[": "]"}
_SYMBOLS = frozenset({"\\hbar", "\\ell"})
"""Commands that name a quantity and take no argument: variables like Greek letters."""
_SKIP = frozenset({"\\left", "\\right", "\\,", "\\!", "\\displaystyle"})


class _Bail(Exception):
    """Outside the supported subset."""


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    text = text.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    for spacing in ("\\left", "\\right", "\\,", "\\!", "\\;", "\\:", "\\ "):
        text = text.replace(spacing, " ")
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        tok = m.group(m.lastindex or 0)
        pos = m.end()
        if tok and tok not in _SKIP:
            out.append(tok)
        if len(out) > MAX_TOKENS:
            raise _Bail
    return out


class _Parser:
    def __init__(self, toks: list[str]) -> None:
        self.toks = toks
        self.i = 0
        self.names: set[str] = set()

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, want: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise _Bail
        self.i += 1
        return tok

    def expr(self) -> Fn:
        left = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.term()
            left = _bin(left, right, op)
        return left

    def term(self) -> Fn:
        left = self.unary()
        while True:
            tok = self.peek()
            if tok in ("*", "/", "\\cdot", "\\times", "\\div"):
                self.take()
                right = self.unary()
                left = _bin(left, right, "/" if tok in ("/", "\\div") else "*")
            elif tok is not None and _starts_atom(tok):
                left = _bin(left, self.power(), "*")  # implicit product: 2x, x(y+1)
            else:
                return left

    def unary(self) -> Fn:
        if self.peek() == "-":
            self.take()
            inner = self.unary()
            return lambda env: -inner(env)
        if self.peek() == "+":
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> Fn:
        base = self.atom()
        if self.peek() == "^":
            self.take()
            exponent = self.group_or_atom(signed=True)
            return _bin(base, exponent, "^")
        return base

    def group_or_atom(self, signed: bool = False) -> Fn:
        if self.peek() == "{":
            self.take()
            inner = self.expr()
            self.take("}")
            return inner
        if signed and self.peek() == "-":
            self.take()
            inner = self.atom()
            return lambda env: -inner(env)
        tok = self.peek()
        if tok is not None and tok.isdigit() and len(tok) > 1:
            # TeX reads `x^23` as x^2 * 3 and `\\frac12` as 1/2: one digit is one argument
            self.toks[self.i] = tok[1:]
            digit = mpmath.mpf(int(tok[0]))
            return lambda env: digit
        return self.atom()

    def atom(self) -> Fn:
        tok = self.take()
        if tok[0].isdigit() or tok[0] == ".":
            value = mpmath.mpf(tok)
            return lambda env: value
        if tok in _CLOSING:
            inner = self.expr()
            self.take(_CLOSING[tok])
            return inner
        if tok == "\\frac":
            num, den = self.group_or_atom(), self.group_or_atom()
            return _bin(num, den, "/")
        if tok == "\\sqrt":
            index: Fn | None = None
            if self.peek() == "[":
                self.take()
                index = self.expr()
                self.take("]")
            radicand = self.group_or_atom()
            if index is None:
                return lambda env: mpmath.sqrt(radicand(env))
            idx = index
            return lambda env: radicand(env) ** (1 / idx(env))
        if tok == "\\pi":
            return lambda env: +mpmath.pi
        if tok in _FUNCS:
            fn = _FUNCS[tok]
            exponent: Fn | None = None
            if self.peek() == "^":  # \sin^2(x)
                self.take()
                exponent = self.group_or_atom()
            if self.peek() not in _CLOSING:
                raise _Bail  # `\sin 2x`: sin(2x) or sin(2)x? Math-Verify's call
            arg = self.atom()
            if exponent is None:
                return lambda env: fn(arg(env))
            ex = exponent
            return lambda env: fn(arg(env)) ** ex(env)
        if tok == "e":
            return lambda env: +mpmath.e
        if tok == "i":
            raise _Bail  # imaginary unit or index: Math-Verify decides
        if len(tok) == 1 and tok.isalpha() or tok[1:] in _GREEK or tok in _SYMBOLS:
            name = tok + self.subscript()
            self.names.add(name)
            return lambda env: env[name]
        raise _Bail

    def subscript(self) -> str:
        if self.peek() != "_":
            return ""
        self.take()
        if self.peek() == "{":
            parts = []
            self.take()
            while self.peek() not in ("}", None):
                parts.append(self.take())
            self.take("}")
            return "_" + "".join(parts)
        return "_" + self.take()


def _starts_atom(tok: str) -> bool:
    return (
        tok[0].isdigit()
        or tok in ("(", "[", "\\frac", "\\sqrt", "\\pi", "{")
        or tok in _SYMBOLS
        or tok in _FUNCS
        or (len(tok) == 1 and tok.isalpha())
        or tok[1:] in _GREEK
    )


def _bin(a: Fn, b: Fn, op: str) -> Fn:
    if op == "+":
        return lambda env: a(env) + b(env)
    if op == "-":
        return lambda env: a(env) - b(env)
    if op == "*":
        return lambda env: a(env) * b(env)
    if op == "/":
        return lambda env: a(env) / b(env)

    def power(env: Env) -> Any:
        base, exp = a(env), b(env)
        if abs(exp) > MAX_POWER:
            raise OverflowError
        return mpmath.power(base, exp)

    return power


def compile_expr(text: str) -> tuple[Fn, frozenset[str]] | None:
    """(function of the variables, variable names), or None outside the supported subset."""
    try:
        parser = _Parser(_tokens(text))
        fn = parser.expr()
        if parser.peek() is not None:
            return None
    except (_Bail, RecursionError, ValueError):
        return None
    return fn, frozenset(parser.names)


_PROBES = ("0.7318", "1.2913", "0.5147", "1.6021", "0.8839", "1.1731", "0.6617", "1.4453", "0.9281",
           "1.7339")  # fmt: skip


def values(fn: Fn, names: frozenset[str], over: frozenset[str] | None = None) -> list[Any] | None:
    """Values (mpmath numbers, 50 digits) at the two probe points, or None when undefined or
    non-finite there. `over` assigns probe values by the sorted names of a larger variable set,
    so two expressions in different variables are evaluated at the same point."""
    ordered = sorted(over if over is not None else names)
    if len(ordered) > len(_PROBES):
        return None
    out = []
    with mpmath.workdps(PRECISION_DIGITS):
        for shift in ("0", "0.4137"):
            env = {n: mpmath.mpf(_PROBES[k]) + mpmath.mpf(shift) for k, n in enumerate(ordered)}
            try:
                v = fn(env)
            except (ZeroDivisionError, OverflowError, ValueError, KeyError):
                return None
            if not mpmath.isfinite(v):
                return None
            out.append(v)
    return out


def relative_gap(a: Any, b: Any) -> float:
    """|a - b| / max(|a|, |b|) at working precision; 0 when the two differ by less than 1e-40
    absolutely (`\\sin(\\pi)` evaluates to ~1e-50, not 0, and must still equal 0)."""
    with mpmath.workdps(PRECISION_DIGITS):
        gap = abs(a - b)
        if gap < mpmath.mpf("1e-40"):
            return 0.0
        return float(gap / max(abs(a), abs(b)))
