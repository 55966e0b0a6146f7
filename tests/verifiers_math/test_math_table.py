"""Table-driven cases for the `math` verifier, Math-Verify style: (gold, response, status).

Each row is one rule from docs/verifiers-math-stem.md; a failing row names the rule it breaks.
"""

from __future__ import annotations

import pytest

from reward_server.verdict import Status
from reward_server.verifiers import score

OK, NO, UNP = Status.CORRECT, Status.INCORRECT, Status.UNPARSABLE


def boxed(answer: str) -> str:
    return f"<think>work</think>The answer is $\\boxed{{{answer}}}$."


ROWS: list[tuple[str, str, Status]] = [
    # plain numbers and fractions (fast path)
    ("42", boxed("42"), OK),
    ("42", boxed("43"), NO),
    ("\\frac{1}{2}", boxed("0.5"), OK),
    ("\\frac12", boxed("\\dfrac{1}{2}"), OK),
    ("\\tfrac{3}{4}", boxed("3/4"), OK),
    ("0.333333", boxed("\\frac{1}{3}"), OK),
    ("3986729", boxed("3986727"), NO),  # big integers compare exactly
    ("-4", boxed("-4.0"), OK),
    ("2\\frac{1}{2}", boxed("\\frac{5}{2}"), OK),  # mixed number
    ("0.\\overline{7}", boxed("\\frac{7}{9}"), OK),  # repeating decimal
    ("0.1\\overline{6}", boxed("\\frac{1}{6}"), OK),
    # thousands separators
    ("1000", boxed("1,000"), OK),
    ("1,000,000", boxed("1000000"), OK),
    ("1000", boxed("1{,}000"), OK),
    ("(3,100)", boxed("3100"), NO),  # a pair is not a thousands-separated number
    # units, degrees, percent, currency
    ("5", boxed("5 \\text{ cm}"), OK),
    ("15\\mbox{ cm}^2", boxed("15"), OK),
    ("90^\\circ", boxed("90"), OK),
    ("90", boxed("90^{\\circ}"), OK),
    ("1950^\\circ C", boxed("1950"), OK),
    ("50\\%", boxed("50"), OK),
    ("50\\%", boxed("0.5"), OK),
    ("4.2", boxed("4.2\\%"), OK),
    ("18", boxed("\\$18"), OK),
    ("18", boxed("\\$19"), NO),
    # assignments and membership
    ("3", boxed("x = 3"), OK),
    ("x=3", boxed("3"), OK),
    ("f(n)=n", boxed("n"), OK),
    ("3", boxed("x = 4"), NO),
    ("N=n", boxed("N=n+1"), NO),
    ("t\\in(0,4]", boxed("(0,4]"), OK),
    # intervals and tuples (ordered)
    ("(0,4]", boxed("(0, 4]"), OK),
    ("[2,\\infty)", boxed("[2, +\\infty)"), OK),
    ("(1,2)", boxed("(1, 2)"), OK),
    ("(1,2)", boxed("(2,1)"), NO),
    ("\\left( 3, \\frac{\\pi}{2} \\right)", boxed("(3, \\pi/2)"), OK),
    # sets: order-free when the gold lists several answers
    ("1, 2", boxed("2, 1"), OK),
    ("-1,0,1", boxed("1, -1, 0"), OK),
    ("1, 2", boxed("1, 3"), NO),
    ("1, 2", boxed("1"), NO),
    ("1, 2", boxed("1, 2, 3"), NO),
    ("(1,1), (3,2)", boxed("(3,2),(1,1)"), OK),
    ("(1,1), (3,2)", boxed("(2,3),(1,1)"), NO),
    ("90^{\\circ},60^{\\circ}", boxed("60^\\circ, 90^\\circ"), OK),
    ("\\{1,2\\}", boxed("1,2"), OK),
    ("x=1 \\text{ or } x=2", boxed("2, 1"), OK),
    ("\\pm 2", boxed("2, -2"), OK),
    ("1 \\pm \\sqrt{2}", boxed("1-\\sqrt{2}, 1+\\sqrt{2}"), OK),
    ("\\pm 2", boxed("2"), NO),
    ("\\text{B, D}", boxed("\\text{D, B}"), OK),
    # pi and radicals
    ("2\\pi", boxed("2 \\pi"), OK),
    ("\\frac{\\pi}{2}", boxed("\\pi/2"), OK),
    ("\\frac{\\sqrt{2}}{2}", boxed("\\frac{1}{\\sqrt{2}}"), OK),
    ("10\\sqrt{2}", boxed("\\sqrt{200}"), OK),
    ("10\\sqrt{2}", boxed("\\sqrt{201}"), NO),
    ("\\frac{\\pi}{2}", boxed("\\frac{\\pi}{3}"), NO),
    # expressions
    ("x^2-1", boxed("(x-1)(x+1)"), OK),
    ("p - q", boxed("q - p"), NO),
    ("\\binom{2n}{n}", boxed("\\binom{2n}{n}"), OK),
    ("\\frac{n(n+1)(2 n+1)}{6}", boxed("\\frac{2n^3+3n^2+n}{6}"), OK),
    ("k \\geqslant 2", boxed("k \\ge 2"), OK),
    ("2\\sin(x)\\cos(x)", boxed("\\sin(2x)"), OK),
    # text answers and option letters
    ("\\text{Monday}", boxed("Monday"), OK),
    ("\\text{Monday}", boxed("\\text{monday}"), OK),
    ("\\text{Monday}", boxed("Tuesday"), NO),
    ("\\text{yes}", boxed("sey"), NO),  # not a product of symbols
    ("(A)", boxed("A"), OK),
    ("\\text{(B)}", boxed("(B)"), OK),
    ("(A)", boxed("B"), NO),
    # bases
    ("52_8", boxed("52_{8}"), OK),
    ("52_8", boxed("52"), OK),
    ("52_8", boxed("53_8"), NO),
    # scientific notation
    ("4.4677 \\times 10^{14}", boxed("4.4677e14"), OK),
    ("8.224 \\times 10^{-19}", boxed("8.3 \\times 10^{-19}"), NO),
    # numbers as payload (AMC golds are floats)
    ("142.0", boxed("142"), OK),
    # hedging
    ("5", "<think>x</think>\\boxed{5} or \\boxed{6}", NO),
    ("5", "<think>x</think>It is \\boxed{5}. Final: \\boxed{5}", OK),
    ("\\frac12", "<think>x</think>\\boxed{0.5}, i.e. \\boxed{\\frac{1}{2}}", OK),
    ("5", "<think>x</think>\\boxed{6} no wait \\boxed{5}", NO),
    # think handling and extraction
    ("5", "<think>maybe \\boxed{4}</think>So \\boxed{5}", OK),
    ("5", "<think>so \\boxed{5}</think>The answer is 5.", UNP),
    ("5", "<think>still thinking... \\boxed{5}", UNP),
    ("5", "The answer is 5.", UNP),
    ("5", "\\boxed{}", UNP),
    ("5", "", UNP),
    ("5", "\\boxed{5", UNP),
    ("5", "Plain answer with a box: \\boxed{5}", OK),
    ("5", "<THINK>x</THINK>\\boxed{5}", OK),
    ("5", "\\fbox{5}", OK),
]


@pytest.mark.parametrize(("gold", "response", "want"), ROWS)
def test_row(gold: str, response: str, want: Status) -> None:
    v = score("math", response, {"answer": gold})
    assert v.status == want, f"gold={gold!r} response={response!r}: {v.status} ({v.detail})"
    assert v.reward == (1.0 if want == OK else 0.0)


def test_numeric_payload_is_coerced() -> None:
    assert score("math", boxed("142"), {"answer": 142.0}).status == OK
    assert score("math", boxed("7"), {"answer": 7}).status == OK


@pytest.mark.parametrize(
    ("gold", "config", "field"),
    [
        ({}, None, "ground_truth.answer"),
        ({"answer": ""}, None, "ground_truth.answer"),
        ({"answer": True}, None, "ground_truth.answer"),
        ({"answer": "1", "extra": 1}, None, "ground_truth.extra"),
        ({"answer": "1"}, {"allow_hedging": "sometimes"}, "config.allow_hedging"),
        ({"answer": "1"}, {"precision": 3}, "config.precision"),
    ],
)
def test_bad_payload_is_an_error_naming_the_field(
    gold: dict[str, object], config: dict[str, object] | None, field: str
) -> None:
    v = score("math", boxed("1"), gold, config)
    assert v.status == Status.ERROR and v.reward is None
    assert v.detail.startswith(field), v.detail


def test_allow_hedging_grades_the_last_box() -> None:
    response = "<think>x</think>\\boxed{6} no wait \\boxed{5}"
    assert score("math", response, {"answer": "5"}, {"allow_hedging": True}).status == OK


def test_require_box_false_falls_back_to_answer_phrase() -> None:
    response = "<think>x</think>Adding up, the final answer is $\\frac{1}{2}$."
    assert score("math", response, {"answer": "0.5"}).status == UNP
    v = score("math", response, {"answer": "0.5"}, {"require_box": False})
    assert v.status == OK, v.detail
    assert score("math", response, {"answer": "0.6"}, {"require_box": False}).status == NO


def test_detail_names_extracted_answer_and_reason() -> None:
    v = score("math", boxed("43"), {"answer": "42"})
    assert "'43'" in v.detail and "different numbers" in v.detail
    v = score("math", "<think>x</think>\\boxed{5} or \\boxed{6}", {"answer": "5"})
    assert "hedging" in v.detail


# Cheap structural and probe-point disproofs (they skip Math-Verify's parser); each row must
# agree with what Math-Verify itself would conclude.
FAST_DIFFERENT = [
    ("(5,\\infty)", "\\frac{1}{8}"),
    ("4", "(-2,1)"),
    ("(1,-16,-4,43)", "3.21"),
    ("15x - 80", "(a+5)(b+2)"),
    ("x^2 + 1", "y^2 + 1"),
]


@pytest.mark.parametrize("pred,gold", FAST_DIFFERENT)
def test_fast_disproofs(pred: str, gold: str) -> None:
    from math_verify import parse, verify

    verdict = score("math", f"</think>\\boxed{{{pred}}}", {"answer": gold})
    assert verdict.status == "incorrect"
    assert not verify(parse(f"${gold}$"), parse(f"${pred}$"))


@pytest.mark.parametrize("pred,gold", [("(a+5)(b+2)", "ab + 2a + 5b + 10"), ("(2, 3)", "(2,3)")])
def test_fast_paths_keep_equalities(pred: str, gold: str) -> None:
    assert score("math", f"\\boxed{{{pred}}}", {"answer": gold}).status == "correct"
