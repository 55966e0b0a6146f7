"""Accuracy on real benchmark golds: every gold, written the way a model writes it, must score 1;
a wrong answer (another problem's gold, or the gold perturbed) must score 0.

The threshold is 99.5% on each side; every failure is printed so a regression is diagnosable.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reward_server.mathcheck.normalize import canonical
from reward_server.verifiers import score

SETS = ("math500", "aime2024", "amc", "minerva", "olympiadbench")


def _gold(row: dict[str, object]) -> str:
    answer = row["answer"]
    if isinstance(
        answer, list
    ):  # OlympiadBench: one element; Minerva: alternatives, first is canonical
        answer = answer[0]
    if isinstance(answer, float) and answer.is_integer():
        return str(answer)  # keep "142.0": the payload coerces numbers and must handle this
    return str(answer).strip()


def load_golds(root: Path) -> list[tuple[str, str]]:
    golds: list[tuple[str, str]] = []
    for name in SETS:
        for i, line in enumerate((root / "math" / "test" / f"{name}.jsonl").open()):
            golds.append((f"{name}:{i}", _gold(json.loads(line))))
    return golds


def as_model_writes(answer: str) -> str:
    """A reasoning model's response ending in the boxed answer (math delimiters dropped)."""
    body = answer.replace("$", "")
    if body.endswith(".0") and body[:-2].lstrip("-").isdigit():
        body = body[:-2]
    return (
        "<think>\nLet me work through this carefully. First compute the pieces, then combine "
        "them.\n</think>\nPutting everything together, the final answer is "
        f"$\\boxed{{{body}}}$."
    )


def perturb(answer: str) -> str:
    """A near miss: change the first digit, or append a term when there is no digit.

    The first digit, not the last: a last digit is often a unit exponent (`cm^2`) or a base
    subscript (`52_8`), which a grader rightly ignores."""
    for i in range(len(answer)):
        if answer[i].isdigit():
            new = "7" if answer[i] != "7" else "3"
            return answer[:i] + new + answer[i + 1 :]
    return answer + "+1"


def _report(kind: str, failures: list[str], total: int) -> str:
    return f"{kind}: {len(failures)}/{total} failures:\n" + "\n".join(failures[:60])


@pytest.fixture(scope="module")
def golds(shared_data: Path) -> list[tuple[str, str]]:
    rows = load_golds(shared_data)
    assert len(rows) == 500 + 30 + 83 + 272 + 675
    return rows


def test_gold_written_by_a_model_scores_one(golds: list[tuple[str, str]]) -> None:
    failures = []
    for where, gold in golds:
        v = score("math", as_model_writes(gold), {"answer": gold})
        if v.reward != 1.0:
            failures.append(f"{where} gold={gold!r} -> {v.status} {v.detail}")
    assert len(failures) <= 0.005 * len(golds), _report("gold scored < 1", failures, len(golds))


def wrong_answer(golds: list[tuple[str, str]], i: int) -> str:
    """Item i's wrong answer: every third item the gold perturbed, every third another
    problem's gold (the next one, cyclically, that is written differently)."""
    gold = golds[i][1]
    if i % 3 == 0:
        return perturb(gold.replace("$", ""))
    j = (i + 1) % len(golds)
    while canonical(golds[j][1]) == canonical(gold):  # e.g. `x=5` after a `5`
        j = (j + 1) % len(golds)
    return golds[j][1]


def test_wrong_answers_score_zero(golds: list[tuple[str, str]]) -> None:
    # Two thirds of the 1,560 golds (1,040 items): a wrong answer costs Math-Verify's full
    # symbolic attempt, and the whole set would not fit this part's test-time budget.
    failures, checked = [], 0
    for i, (where, gold) in enumerate(golds):
        if i % 3 == 2:
            continue
        wrong = wrong_answer(golds, i)
        checked += 1
        v = score("math", as_model_writes(wrong), {"answer": gold})
        if v.reward != 0.0:
            failures.append(f"{where} gold={gold!r} answered {wrong!r} -> {v.status} {v.detail}")
    assert checked >= 1000
    assert len(failures) <= 0.005 * checked, _report("wrong answer scored > 0", failures, checked)
