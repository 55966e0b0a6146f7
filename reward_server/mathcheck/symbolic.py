"""Math-Verify behind a bounded cache, safe to call from any thread.

Why a cache: a GRPO step grades n rollouts (16 in ProRL) of one prompt against one gold, so the
gold is parsed once instead of n times, and the many rollouts that reach the same final answer
are parsed once too. Both caches are LRU-bounded so a long-running worker does not grow.

Why the thread check: Math-Verify enforces its timeouts with `signal.alarm`, which only works in
a process's main thread (elsewhere it raises) and which would also cancel an alarm someone else
set. So its timeout is used only on the main thread with no interval timer armed; otherwise it
is disabled and the caller's deadline (the service's worker kill) is the only bound.
"""

from __future__ import annotations

import logging
import signal
import threading
from functools import lru_cache
from typing import Any

from reward_server.mathcheck.probe import certainly_different

PARSE_TIMEOUT_S = 5
VERIFY_TIMEOUT_S = 5
GOLD_CACHE_SIZE = 4096
PRED_CACHE_SIZE = 16384

# Math-Verify logs a warning every time its timeout is disabled; that is our decision, not news.
for _name in ("math_verify", "math_verify.parser", "math_verify.grader"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def _timeout(seconds: int) -> int | None:
    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:  # someone else's alarm is running
        return None
    return seconds


def _parse(answer: str) -> tuple[Any, ...]:
    from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse

    # The plain-expression reader is only for answers with no LaTeX in them: on LaTeX it
    # picks a stray number out of a failed parse (`\\hbar\\omega(v+1/2)` read as `2`).
    configs: list[Any] = [LatexExtractionConfig(boxed_match_priority=0)]
    if "\\" not in answer:
        configs.append(ExprExtractionConfig())
    for text in (f"\\boxed{{{answer}}}", f"${answer}$"):
        try:
            parsed = parse(text, configs, parsing_timeout=_timeout(PARSE_TIMEOUT_S))
        except Exception:  # Math-Verify's own timeout or a parser bug: not parsable here
            parsed = []
        if parsed:
            return tuple(parsed)
    return ()


@lru_cache(maxsize=GOLD_CACHE_SIZE)
def parse_gold(answer: str) -> tuple[Any, ...]:
    """Gold parsed by Math-Verify (empty tuple if it cannot be parsed)."""
    return _parse(answer)


@lru_cache(maxsize=PRED_CACHE_SIZE)
def parse_pred(answer: str) -> tuple[Any, ...]:
    """Prediction parsed by Math-Verify; a separate cache so predictions cannot evict golds."""
    return _parse(answer)


def mv_equivalent(pred: str, gold: str) -> bool | None:
    """Math-Verify's verdict on one (prediction, gold) pair of extracted answers; None when
    either side does not parse (so the caller may retry with a normalized spelling)."""
    from math_verify import verify

    g = parse_gold(gold)
    p = parse_pred(pred)
    if not g or not p:
        return None
    if certainly_different(g[0], p[0]):
        return False
    try:
        return bool(verify(list(g), list(p), timeout_seconds=_timeout(VERIFY_TIMEOUT_S)))
    except Exception:  # a sympy failure inside verify means "not shown equal"
        return False


def clear_caches() -> None:
    parse_gold.cache_clear()
    parse_pred.cache_clear()


def warm_up() -> None:
    """Import Math-Verify, sympy and the LaTeX parser and run one comparison, so the first real
    request of a worker does not pay ~1 s of import and grammar loading."""
    mv_equivalent("\\frac{1}{2}", "0.5")
    mv_equivalent("x^2+1", "1+x^{2}")
