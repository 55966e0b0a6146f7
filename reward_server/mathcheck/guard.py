"""Refuse answers that would send sympy into a pathological computation.

The reward service kills a worker that overruns its deadline, but a kill costs a process
restart and turns the rollout into `timeout` (reward None): a policy that learns to write
`\\boxed{9^{9^{9^{9}}}}` would then dodge its negative reward. So answers whose evaluation
could explode are rejected up front, in linear time, and graded `incorrect` (unless they match
the gold as text, which is checked before this guard).
"""

from __future__ import annotations

import math
import re

from reward_server.extract import MAX_ANSWER_CHARS

MAX_BRACE_DEPTH = 40
MAX_POWER_DIGITS = 20_000
"""Largest number of decimal digits an integer power may have (`2^{2016}` has 607)."""
MAX_FACTORIAL = 2_000

_INT = re.compile(r"\d+")
_FACTORIAL = re.compile(r"(\d+)\s*!")


def too_complex(answer: str) -> str | None:
    """Why `answer` must not reach sympy, or None if it is safe."""
    if len(answer) > MAX_ANSWER_CHARS:
        return f"answer is {len(answer)} characters (limit {MAX_ANSWER_CHARS})"
    depth = deepest = 0
    for c in answer:
        if c in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})]":
            depth -= 1
    if deepest > MAX_BRACE_DEPTH:
        return f"brackets nested {deepest} deep (limit {MAX_BRACE_DEPTH})"
    for m in _FACTORIAL.finditer(answer):
        if int(m.group(1)[:8]) > MAX_FACTORIAL:
            return f"factorial of {m.group(1)[:12]} is too large to evaluate"
    digits = _power_digits(answer)
    if digits > MAX_POWER_DIGITS:
        return f"a power in the answer has ~10^{math.log10(digits):.0f} digits"
    return None


def _power_digits(s: str) -> float:
    """Upper bound on the decimal digits of the largest `a^b` (towers included), read right to
    left: the exponent of each `^` is evaluated as a log-size before its base is applied."""
    worst = 0.0
    # scan every '^' and estimate its tower from that point rightwards
    for pos in range(len(s)):
        if s[pos] != "^":
            continue
        base = _base_before(s, pos)
        exp_log10 = _exponent_log10(s, pos + 1, depth=0)
        if base is None or base <= 1:
            continue
        # digits(base^exp) = exp * log10(base); log10(digits) = log10(exp) + log10(log10(base))
        log10_digits = exp_log10 + math.log10(max(math.log10(base), 1e-9))
        worst = max(worst, 10 ** min(log10_digits, 300))
    return worst


def _base_before(s: str, pos: int) -> float | None:
    """The integer base before a `^`; a symbol or bracket counts as 10 (a safe stand-in: `x^{n}`
    with a huge n is as bad as `10^{n}` once sympy substitutes or expands)."""
    j = pos
    while j > 0 and s[j - 1] == " ":
        j -= 1
    k = j
    while k > 0 and s[k - 1].isdigit():
        k -= 1
    if k < j:
        return float(s[k:j][:300]) if j - k < 300 else 1e300
    return 10.0


def _exponent_log10(s: str, start: int, depth: int) -> float:
    """log10 of the value of the exponent starting at `start` (a braced group or one token)."""
    if depth > 8:
        return 300.0
    i = start
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return 0.0
    if s[i] == "{":
        end, level = i + 1, 1
        while end < len(s) and level:
            level += {"{": 1, "}": -1}.get(s[end], 0)
            end += 1
        group = s[i + 1 : end - 1]
    else:
        end = i + 1
        while end < len(s) and s[end].isdigit():
            end += 1
        group = s[i:end]
    if "^" in group:
        caret = group.index("^")
        head = _INT.findall(group[:caret])
        base = float(head[-1][:300]) if head else 10.0
        inner = _exponent_log10(group, caret + 1, depth + 1)
        if base <= 1:
            return 0.0
        return min(10 ** min(inner, 300) * math.log10(base), 1e300)
    numbers = [int(n[:300]) for n in _INT.findall(group)]
    if not numbers:
        return 0.0
    return math.log10(max(max(numbers), 1))
