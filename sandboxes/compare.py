"""Trusted-side comparators: the only place a verdict on an output is decided.

They run in the caller's process on data that crossed the sandbox boundary as plain text/JSON,
so nothing the program defined (a class with `__eq__` always True, a patched `print`) exists
here.

stdio rule (documented for task authors): line endings are normalised (`\\r\\n`, `\\r` -> `\\n`),
trailing whitespace is dropped from every line and trailing blank lines from the end; if that
still differs, outputs are compared token by token on any whitespace (what most contest judges
accept), and with `float_tol` set, two tokens that both parse as floats match when
`|a - b| <= tol * max(1, |b|)`. YES/NO tokens match in any letter case by default
(`yes_no_any_case`): 64 of the 573 Codeforces/CodeContests problems here say "you can output
the answer in any case", and none asks for a particular case of yes/no.

call rule: JSON types compared strictly. `True != 1`, `1 != 1.0`, unless `python_equality`
(numbers compared by value as Python's `==` does: what converted assert suites meant);
floats match exactly unless a tolerance is given; tuples arrive as JSON arrays, so a tuple and a
list with the same items are equal (JSON has only one sequence type); dict keys are strings.
"""

from __future__ import annotations

import math
from typing import Any


def normalize_stdout(text: str) -> list[str]:
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _float(tok: str) -> float | None:
    try:
        value = float(tok)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def floats_close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(b))


def numbers_close(a: int | float, b: int | float, tol: float) -> bool:
    """`floats_close` for JSON numbers, where an int may be too large for a float: such a
    return value (`10**400` against `0.5`) is a wrong answer, never an OverflowError that would
    turn the program's 0 into an ungraded `error` verdict."""
    try:
        return floats_close(float(a), float(b), tol)
    except OverflowError:
        return False


_YES_NO = ("yes", "no")


def stdio_equal(
    got: str, expected: str, float_tol: float | None = None, yes_no_any_case: bool = True
) -> bool:
    if normalize_stdout(got) == normalize_stdout(expected):
        return True
    got_tokens, exp_tokens = got.split(), expected.split()
    if len(got_tokens) != len(exp_tokens):
        return False
    for g, e in zip(got_tokens, exp_tokens, strict=True):
        if g == e:
            continue
        if yes_no_any_case and e.lower() in _YES_NO and g.lower() == e.lower():
            continue
        if float_tol is None:
            return False
        gf, ef = _float(g), _float(e)
        if gf is None or ef is None or not floats_close(gf, ef, float_tol):
            return False
    return True


def values_equal(
    got: Any, expected: Any, float_tol: float | None = None, python_equality: bool = False
) -> bool:
    """Strict structural equality over JSON values (see module docstring)."""
    tg, te = type(got), type(expected)
    numbers = (bool, int, float) if python_equality else (int, float)
    if (tg is bool or te is bool) and not python_equality:
        return tg is te and got == expected
    if tg in numbers and te in numbers:
        if tg is not te and not (python_equality or float_tol is not None):
            return False
        if float_tol is not None and (tg is float or te is float):
            return numbers_close(got, expected, float_tol)
        return bool(got == expected)
    if tg in (list, tuple) and te in (list, tuple):
        return len(got) == len(expected) and all(
            values_equal(g, e, float_tol, python_equality)
            for g, e in zip(got, expected, strict=True)
        )
    if tg is dict and te is dict:
        return got.keys() == expected.keys() and all(
            values_equal(got[k], expected[k], float_tol, python_equality) for k in expected
        )
    if tg is te and (tg is str or got is None):
        return bool(got == expected)
    return False
