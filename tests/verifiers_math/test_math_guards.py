"""Pathological inputs return fast, non-main threads do not crash Math-Verify's signal-based
timeouts, caches stay bounded, and warm_up works.

No wall-time assertions: a pathological input that hangs is caught by pytest-timeout instead
(each test here carries a timeout far above its normal run time).
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reward_server.mathcheck import equivalent
from reward_server.mathcheck.compare import PAIR_CACHE_SIZE, _equivalent
from reward_server.mathcheck.guard import too_complex
from reward_server.mathcheck.symbolic import GOLD_CACHE_SIZE, parse_gold, parse_pred
from reward_server.verdict import Status
from reward_server.verifiers import score
from reward_server.verifiers.math import warm_up


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("response", "want"),
    [
        ("\\boxed{9^{9^{9^{9}}}}", Status.INCORRECT),
        ("\\boxed{2^{2^{2^{2^{2^{2^{2}}}}}}}", Status.INCORRECT),
        ("\\boxed{10^{10^{100}}}", Status.INCORRECT),
        ("\\boxed{100000000!}", Status.INCORRECT),
        ("\\boxed{" + "{" * 10_000 + "1" + "}" * 10_000 + "}", Status.UNPARSABLE),
        ("\\boxed{" + "(" * 500 + "1" + ")" * 500 + "}", Status.INCORRECT),
        ("x" * 1_000_000 + "\\boxed{7}", Status.INCORRECT),
        ("\\boxed{6}" * 20_000, Status.CORRECT),
        ("{" * 100_000, Status.UNPARSABLE),
        ("\\boxed{" * 50_000, Status.UNPARSABLE),
        ("<think>" + "a" * 1_000_000, Status.UNPARSABLE),
        ("answer: " * 30_000, Status.UNPARSABLE),
    ],
    ids=[
        "tower",
        "tall-tower",
        "googolplex",
        "factorial",
        "10k-nested-braces",
        "500-nested-parens",
        "1MB-then-box",
        "20k-identical-boxes",
        "100k-open-braces",
        "50k-open-boxes",
        "1MB-unclosed-think",
        "answer-phrase-flood",
    ],
)
def test_pathological_responses_return(response: str, want: Status) -> None:
    v = score("math", response, {"answer": "6"})
    assert v.status == want, v.detail


def test_guard_allows_ordinary_big_powers() -> None:
    assert too_complex("(2+\\sqrt{3})^{2016}") is None
    assert too_complex("2^{2^{10}}") is None
    assert too_complex("9^{9^{9}}") is not None


def test_identical_tower_is_still_correct() -> None:
    # the text match runs before the guard: a gold that is itself a tower can be answered
    assert (
        score("math", "\\boxed{9^{9^{9^{9}}}}", {"answer": "9^{9^{9^{9}}}"}).status
        == Status.CORRECT
    )


def test_scoring_from_a_worker_thread_does_not_crash() -> None:
    results: dict[str, object] = {}

    def work() -> None:
        try:
            results["symbolic"] = score("math", "\\boxed{\\sin^2(x)+\\cos^2(x)}", {"answer": "1"})
            results["tuple"] = score(
                "math", "\\boxed{(3, \\frac{\\pi}{2})}", {"answer": "(3,\\pi/2)"}
            )
            results["mv"] = score("math", "\\boxed{k \\ge 2}", {"answer": "k\\geqslant 2"})
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever escaped
            results["error"] = exc

    t = threading.Thread(target=work)
    t.start()
    t.join(120)
    assert "error" not in results, results.get("error")
    for key in ("tuple", "mv"):
        v = results[key]
        assert v.status == Status.CORRECT, (key, v)


def test_warm_up_and_caches_are_bounded() -> None:
    warm_up()
    assert parse_gold.cache_info().maxsize == GOLD_CACHE_SIZE
    assert parse_pred.cache_info().maxsize is not None
    assert _equivalent.cache_info().maxsize == PAIR_CACHE_SIZE
    before = _equivalent.cache_info().hits
    for _ in range(16):  # one GRPO group: 16 rollouts, one gold
        assert equivalent("\\frac{7}{9}", "0.\\overline{7}").equal in (True, False)
    assert _equivalent.cache_info().hits >= before + 15


_PIECES = st.sampled_from(
    ["\\boxed{", "}", "{", "\\frac", "\\sqrt", "^", "_", "(", ")", "[", "]", ",", "=", "x", "2",
     "10", ".", "-", "+", "\\pi", "\\text{", "</think>", "<think>", "%", "\\circ", " ", "e", "i",
     "\\left(", "\\right)", "or", "\\$", "!", "9^{9^{9}}", "\\infty", "\\{", "\\}"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(_PIECES, max_size=25),
    gold=st.sampled_from(["2", "\\frac{1}{2}", "x^2", "(1,2)", "1, 2", "\\text{A}", "10\\%"]),
)
def test_random_latex_never_crashes_the_verifier(pieces: list[str], gold: str) -> None:
    text = "".join(pieces)
    for response in (text, f"\\boxed{{{text}}}"):
        v = score("math", response, {"answer": gold})
        assert v.status in (Status.CORRECT, Status.INCORRECT, Status.UNPARSABLE), v.detail
        assert v.reward in (0.0, 1.0)
    # a response that boxes the gold itself is always correct
    assert score("math", f"\\boxed{{{gold}}}", {"answer": gold}).status == Status.CORRECT
