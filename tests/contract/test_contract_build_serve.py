"""Contract 2: what `prorl data build` writes, the live server grades as the builder promised.

Every record's `meta.reference` (read back from the Arrow shards, ground truth sent as the stored
JSON string) must score exactly 1.0 over HTTP; a deliberately wrong response must score below 1
and be a real grade (reward not None), because GRPO cannot learn from "could not grade".
"""

from __future__ import annotations

from typing import Any

import pytest

from prorl.record import TaskRecord

WRONG_BY_VERIFIER = {
    "math": "Adding everything up gives \\boxed{-98765.4321}.",
    "code": "```python\nprint('this is not a solution')\n```",
    "stem": "I am quite sure it is \\boxed{-98765.4321}.",
    "reasoning_gym": "<answer>certainly-not-the-answer 12345</answer>",
    "ifeval": "no",
}
GRADED = {"correct", "incorrect", "partial", "unparsable"}


def wrong_response(record: TaskRecord) -> str:
    if record.verifier == "stem" and record.ground_truth.get("kind") == "mcq":
        letters = "ABCDEFGHIJ"[: len(record.ground_truth.get("choices") or "ABCD")]
        wrong = next(c for c in letters if c != str(record.ground_truth["answer"]).upper())
        return f"The answer is \\boxed{{{wrong}}}."
    return WRONG_BY_VERIFIER[record.verifier]


def items_for(records: list[TaskRecord], responses: list[str]) -> list[dict[str, Any]]:
    items = []
    for record, response in zip(records, responses, strict=True):
        row = record.to_row()  # exactly the shard's string columns
        items.append(
            {
                "id": row["id"],
                "verifier": row["verifier"],
                "ground_truth": row["ground_truth"],
                "config": row["verifier_config"],
                "response": response,
            }
        )
    return items


def test_every_reference_scores_one(corpus_records: list[TaskRecord], score_http: Any) -> None:
    graded = [r for r in corpus_records if r.meta.get("reference") is not None]
    # only boxnet (documented: no stored plan) may lack a reference
    assert all(r.source == "reasoning_gym/boxnet" for r in corpus_records if r not in graded)
    results = score_http(items_for(graded, [r.meta["reference"] for r in graded]))
    bad = [
        f"{rec.source} {rec.id}: {res['reward']} {res['status']} {res['detail'][:200]}"
        for rec, res in zip(graded, results, strict=True)
        if res["reward"] != 1.0
    ]
    assert not bad, "\n".join(bad)


def _wrong_failures(records: list[TaskRecord], score_http: Any) -> list[str]:
    assert records
    results = score_http(items_for(records, [wrong_response(r) for r in records]))
    return [
        f"{rec.source} {rec.id}: {res['reward']} {res['status']} {res['detail'][:200]}"
        for rec, res in zip(records, results, strict=True)
        if res["reward"] is None or res["reward"] >= 1.0 or res["status"] not in GRADED
    ]


def test_wrong_responses_score_below_one(corpus_records: list[TaskRecord], score_http: Any) -> None:
    bad = _wrong_failures(corpus_records, score_http)
    assert not bad, "\n".join(bad)


def test_game_of_life_halting_wrong_answer_scores_below_one(
    corpus_records: list[TaskRecord], score_http: Any
) -> None:
    """Upstream 0.1.25 scores any non-empty answer 1.0 here (bool("False") is True); the
    verifier's UPSTREAM_FIXES entry closes that hole. Both words are tried as the wrong answer."""
    records = [r for r in corpus_records if r.source == "reasoning_gym/game_of_life_halting"]
    if not records:
        pytest.skip("the contract corpus has no game_of_life_halting rows")
    flipped = [
        "<answer>False</answer>"
        if "True" in str(r.ground_truth["entry"]["answer"])
        else "<answer>True</answer>"
        for r in records
    ]
    results = score_http(items_for(records, flipped))
    assert all(res["reward"] == 0.0 for res in results), results
