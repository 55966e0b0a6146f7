"""Table-driven rules of the `stem` verifier: extraction order, hedges, numbers, units."""

from __future__ import annotations

import pytest

from reward_server.mathcheck.units import UnknownUnit, parse_quantity, parse_unit
from reward_server.verdict import Status
from reward_server.verifiers import score

OK, NO, UNP, ERR = Status.CORRECT, Status.INCORRECT, Status.UNPARSABLE, Status.ERROR
CH = ["0", "4", "2", "6"]
MCQ = {"answer": "B", "kind": "mcq", "choices": CH}

MCQ_ROWS: list[tuple[str, Status]] = [
    ("\\boxed{B}", OK),
    ("<think>maybe \\boxed{A}</think>\\boxed{B}", OK),
    ("<answer>B</answer>", OK),
    ("<answer> (B) </answer>", OK),
    ("The answer is (B).", OK),
    ("Therefore the answer is B", OK),
    ("Answer: B) 4", OK),
    ("Reasoning...\n\n**B**", OK),
    ("Reasoning...\n\n(B)", OK),
    ("\\boxed{\\text{B}}", OK),
    ("\\boxed{4}", OK),  # option text of B
    ("The answer is 4", OK),
    ("\\boxed{C}", NO),
    ("\\boxed{2}", NO),  # option text of C
    ("\\boxed{A or B}", NO),
    ("\\boxed{A, B}", NO),
    ("<answer>B/C</answer>", NO),
    ("The answer is B and D", NO),
    ("\\boxed{A} no, \\boxed{B}", NO),
    ("\\boxed{B}. Final: \\boxed{B}", OK),
    ("\\boxed{E}", NO),  # not an option here
    ("\\boxed{banana}", NO),
    ("Answer: B. 2", NO),  # letter B with the text of C: a contradiction, not B
    ("I think it is the second one.", UNP),
    ("<think>\\boxed{B}", UNP),
    ("A cat sat on the mat.", UNP),
]


@pytest.mark.parametrize(("response", "want"), MCQ_ROWS)
def test_mcq(response: str, want: Status) -> None:
    v = score("stem", response, MCQ)
    assert v.status == want, f"{response!r}: {v.status} ({v.detail})"


def test_mcq_without_choices_takes_letters_only() -> None:
    truth = {"answer": "c", "kind": "mcq"}
    assert score("stem", "\\boxed{C}", truth).status == OK
    assert score("stem", "\\boxed{4}", truth).status == NO


def test_mcq_option_text_can_be_disabled() -> None:
    assert score("stem", "\\boxed{4}", MCQ, {"allow_option_text": False}).status == NO


NUMERIC_ROWS: list[tuple[dict[str, object], str, Status]] = [
    ({"answer": "9.8"}, "\\boxed{9.81}", OK),  # within the default 1%
    ({"answer": "9.8"}, "\\boxed{10.5}", NO),
    ({"answer": "9.8", "rel_tol": 0.001}, "\\boxed{9.81}", NO),
    ({"answer": "3.2e5"}, "\\boxed{3.2 \\times 10^{5}}", OK),
    ({"answer": "3.2e5"}, "\\boxed{3.2\\cdot10^5}", OK),
    ({"answer": "3.2e5"}, "\\boxed{3.2 \\times 10^{6}}", NO),
    ({"answer": "-1.6e-19"}, "<answer>-1.6 \\times 10^{-19} C</answer>", OK),
    ({"answer": "5 km"}, "\\boxed{5000 m}", OK),
    ({"answer": "5 km"}, "\\boxed{5000 \\text{ m}}", OK),
    ({"answer": "5 km"}, "\\boxed{5}", OK),  # no unit: taken as the gold's unit
    ({"answer": "5 km"}, "\\boxed{5 s}", NO),
    ({"answer": "5", "unit": "km"}, "\\boxed{5000 m}", OK),
    ({"answer": "10 m/s"}, "\\boxed{36 km/h}", OK),
    ({"answer": "9.8 m/s^2"}, "\\boxed{980 cm/s^{2}}", OK),
    ({"answer": "2 mA"}, "\\boxed{0.002 A}", OK),
    ({"answer": "1.5 kPa"}, "\\boxed{1500 Pa}", OK),
    ({"answer": "250 ms"}, "The answer is 0.25 s.", OK),
    ({"answer": "1 eV"}, "\\boxed{1.602 \\times 10^{-19} J}", OK),
    ({"answer": "1,500"}, "\\boxed{1500}", OK),
    ({"answer": "0"}, "\\boxed{0}", OK),
    ({"answer": "0"}, "\\boxed{0.001}", NO),
    ({"answer": "12"}, "\\boxed{12} or \\boxed{13}", NO),
    ({"answer": "12"}, "\\boxed{twelve}", NO),
    ({"answer": "12"}, "\\boxed{12 furlongs}", NO),  # unknown unit
    ({"answer": "12"}, "no number here", UNP),
    ({"answer": "\\frac{1}{2}"}, "\\boxed{0.5}", OK),  # LaTeX values are evaluated
    ({"answer": "0.866"}, "\\boxed{\\frac{\\sqrt{3}}{2}}", OK),
    ({"answer": "9.42"}, "\\boxed{3\\pi}", OK),
    ({"answer": "1024"}, "\\boxed{2^{10}}", OK),
    ({"answer": "5 m"}, "\\boxed{x = 5 m}", OK),
    ({"answer": "9.81 m/s^2"}, "\\boxed{\\approx 9.8 m/s^2}", OK),
    ({"answer": "25\\%"}, "\\boxed{0.25}", OK),  # a percent reads either way
    ({"answer": "0.25"}, "\\boxed{25\\%}", OK),
    ({"answer": "5 km"}, "\\boxed{5000}", NO),  # a bare number is in the gold's unit
]


@pytest.mark.parametrize(("truth", "response", "want"), NUMERIC_ROWS)
def test_numeric(truth: dict[str, object], response: str, want: Status) -> None:
    v = score("stem", response, {"kind": "numeric", **truth})
    assert v.status == want, f"{truth} {response!r}: {v.status} ({v.detail})"


@pytest.mark.parametrize(
    ("gold", "response", "want"),
    [
        ("\\frac{1}{2}mv^2", "\\boxed{mv^2/2}", OK),
        ("\\frac{1}{2}mv^2", "\\boxed{mv^2}", NO),
        ("\\sqrt{2gh}", "<answer>\\sqrt{2 g h}</answer>", OK),
        (
            "\\frac{q}{4\\pi\\epsilon_0 r^2}",
            "The answer is $\\frac{q}{4 \\pi \\epsilon_{0} r^{2}}$",
            OK,
        ),
    ],
)
def test_expression(gold: str, response: str, want: Status) -> None:
    v = score("stem", response, {"answer": gold, "kind": "expression"})
    assert v.status == want, v.detail


@pytest.mark.parametrize(
    ("truth", "field"),
    [
        ({"answer": "B"}, "ground_truth.kind"),
        ({"answer": "B", "kind": "essay"}, "ground_truth.kind"),
        ({"answer": "Q", "kind": "mcq"}, "ground_truth"),
        ({"answer": "D", "kind": "mcq", "choices": ["x", "y"]}, "ground_truth"),
        ({"answer": "abc", "kind": "numeric"}, "ground_truth"),
        ({"answer": "5 furlongs", "kind": "numeric"}, "ground_truth"),
        ({"answer": "5", "kind": "numeric", "rel_tol": -1}, "ground_truth.rel_tol"),
        ({"answer": "5", "kind": "numeric", "extra": 1}, "ground_truth.extra"),
    ],
)
def test_bad_payload_names_the_field(truth: dict[str, object], field: str) -> None:
    v = score("stem", "\\boxed{5}", truth)
    assert v.status == ERR and v.reward is None
    assert v.detail.startswith(field), v.detail


def test_units_table() -> None:
    scale, dims = parse_unit("km/h")
    assert abs(scale - 1000 / 3600) < 1e-12 and dims == (("m", 1), ("s", -1))
    assert parse_unit("kg m^2 s^{-2}")[1] == parse_unit("J")[1]
    assert parse_unit("\\mu m")[0] == pytest.approx(1e-6)
    with pytest.raises(UnknownUnit):
        parse_unit("furlongs")
    q = parse_quantity("3.2 \\times 10^{5} \\text{ Pa}")
    assert q is not None and q.value == pytest.approx(3.2e5) and q.unit_text == "Pa"


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "response",
    [
        "x" * 1_000_000 + "\\boxed{B}",
        "\\boxed{" + "A or " * 400 + "B}",
        "<answer>" + " " * 100_000 + "B" + " " * 100_000 + "</answer>",
        "The answer is " + "(" * 5_000,
        "\\boxed{" + "{" * 10_000 + "}" * 10_000 + "}",
    ],
    ids=["1MB", "400-way-hedge", "whitespace-flood", "open-parens", "nested-braces"],
)
def test_pathological_stem_responses_return(response: str) -> None:
    for truth in (
        MCQ,
        {"answer": "5 km", "kind": "numeric"},
        {"answer": "x", "kind": "expression"},
    ):
        v = score("stem", response, truth)
        assert v.reward in (0.0, 1.0), v  # graded, not crashed


@pytest.mark.parametrize(
    "response,unit,expected",
    [
        ("23.3 degrees", "degrees", "correct"),
        ("23.3^\\circ", "degrees", "correct"),
        ("0.4067 rad", "degrees", "correct"),
        ("5.0", "degrees", "incorrect"),
        ("120 CFU", "CFU", "correct"),
        ("23.3 m", "degrees", "incorrect"),
    ],
)
def test_angle_and_count_units(response: str, unit: str, expected: str) -> None:
    gold = {"answer": "23.3" if unit != "CFU" else "120", "kind": "numeric", "unit": unit}
    assert score("stem", f"\\boxed{{{response}}}", gold).status == expected
