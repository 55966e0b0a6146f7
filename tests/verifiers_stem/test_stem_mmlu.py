"""All 3,015 MMLU-STEM test questions: the gold letter and the gold option text score 1; another
letter and a hedge between the gold and another letter score 0 (at most 0.5% misses each)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reward_server.verifiers import score

LETTERS = "ABCD"


@pytest.fixture(scope="module")
def questions(shared_data: Path) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in (shared_data / "stem" / "mmlu_stem_test.jsonl").open()]
    assert len(rows) == 3015
    return rows


def _truth(row: dict[str, object]) -> dict[str, object]:
    return {"answer": row["answer"], "kind": "mcq", "choices": row["choices"]}


def _check(rows: list[dict[str, object]], respond, want: float, what: str) -> None:  # type: ignore[no-untyped-def]
    failures = []
    for i, row in enumerate(rows):
        response = respond(row)
        v = score("stem", response, _truth(row))
        if v.reward != want:
            failures.append(
                f"#{i} gold={row['answer']} {response[-80:]!r} -> {v.status} {v.detail}"
            )
    assert len(failures) <= 0.005 * len(rows), (
        f"{what}: {len(failures)}/{len(rows)} failures:\n" + "\n".join(failures[:40])
    )


def _other(row: dict[str, object]) -> str:
    return LETTERS[(LETTERS.index(str(row["answer"])) + 1) % 4]


def test_gold_letter_scores_one(questions: list[dict[str, object]]) -> None:
    _check(
        questions,
        lambda r: f"<think>options...</think>The answer is $\\boxed{{{r['answer']}}}$.",
        1.0,
        "letter",
    )


def test_gold_option_text_scores_one(questions: list[dict[str, object]]) -> None:
    def respond(r: dict[str, object]) -> str:
        text = r["choices"][LETTERS.index(str(r["answer"]))]  # type: ignore[index]
        return f"Checking each option in turn.\n\nThe answer is: {text}"

    _check(questions, respond, 1.0, "option text")


def test_other_letter_scores_zero(questions: list[dict[str, object]]) -> None:
    _check(
        questions, lambda r: f"So the correct option is \\boxed{{{_other(r)}}}", 0.0, "other letter"
    )


def test_hedge_scores_zero(questions: list[dict[str, object]]) -> None:
    forms = (
        "\\boxed{{{g} or {o}}}",
        "<answer>{o}/{g}</answer>",
        "\\boxed{{{g}}} or maybe \\boxed{{{o}}}",
    )
    _check(
        questions,
        lambda r: forms[hash(str(r["question"])) % 3].format(g=r["answer"], o=_other(r)),
        0.0,
        "hedge",
    )
