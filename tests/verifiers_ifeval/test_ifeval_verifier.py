"""The `ifeval` verifier end to end: payload validation, extraction, aggregation, and a
sanity check against the IFEval paper's published GPT-4 accuracies on real GPT-4 responses."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from reward_server.verdict import Status
from reward_server.verifiers import score

GT = {
    "instruction_id_list": ["punctuation:no_comma", "keywords:existence", "startend:quotation"],
    "kwargs": [{}, {"keywords": ["moon"]}, {}],
}


def test_fraction_and_all_aggregation() -> None:
    text = '"The moon is bright tonight"'
    assert score("ifeval", text, GT).reward == 1.0
    partial = score("ifeval", "The moon, bright.", GT)
    assert partial.reward == pytest.approx(1 / 3) and partial.status is Status.PARTIAL
    assert partial.info["followed"] == [False, True, False]
    assert "startend:quotation" in partial.detail
    assert score("ifeval", "The moon, bright.", GT, {"aggregate": "all"}).reward == 0.0


def test_only_text_after_think_is_graded() -> None:
    text = '<think>Hmm, the sun, the stars</think>"The moon glows"'
    assert score("ifeval", text, GT).reward == 1.0
    unclosed = score("ifeval", "<think>still thinking about the moon", GT)
    assert unclosed.status is Status.UNPARSABLE and unclosed.reward == 0.0


def test_loose_config() -> None:
    text = 'Here you go:\n"The moon glows"\nHope that helps, friend.'
    assert score("ifeval", text, GT).reward == pytest.approx(1 / 3)
    assert score("ifeval", text, GT, {"mode": "loose"}).reward == 1.0


@pytest.mark.parametrize(
    ("gt", "config", "field"),
    [
        ({"instruction_id_list": ["keywords:nope"], "kwargs": [{}]}, None, "instruction_id_list.0"),
        ({"instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}, {}]}, None, "aligned"),
        (
            {
                "instruction_id_list": ["length_constraints:number_words"],
                "kwargs": [{"num_words": 5}],
            },
            None,
            "kwargs.0.relation",
        ),
        (
            {
                "instruction_id_list": ["keywords:frequency"],
                "kwargs": [{"keyword": "a", "frequency": 1, "relation": "at most"}],
            },
            None,
            "kwargs.0.relation",
        ),
        (
            {"instruction_id_list": ["punctuation:no_comma"], "kwargs": [{"bogus": 1}]},
            None,
            "kwargs.0.bogus",
        ),
        ({"instruction_id_list": []}, None, "instruction_id_list"),
        ({"instruction_id_list": ["punctuation:no_comma"]}, {"mode": "lenient"}, "config.mode"),
    ],
)
def test_bad_payloads_name_the_field(gt: dict[str, Any], config: Any, field: str) -> None:
    verdict = score("ifeval", "text", gt, config)
    assert verdict.status is Status.ERROR and verdict.reward is None
    assert field in verdict.detail


def test_null_kwargs_are_ignored_and_prompt_fills_repeat() -> None:
    gt = {
        "instruction_id_list": ["punctuation:no_comma", "combination:repeat_prompt"],
        "kwargs": [{"num_words": None, "relation": None}, {}],
        "prompt": "Say hi.",
    }
    assert score("ifeval", "Say hi. Hi!", gt).reward == 1.0
    assert score("ifeval", "Hi! Say hi.", gt).reward == 0.5


def _load(shared: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    base = shared / "instruction"
    rows = [json.loads(line) for line in (base / "ifeval_input_data.jsonl").open()]
    responses = {}
    for line in (base / "ifeval_gpt4_responses_20231107.jsonl").open():
        item = json.loads(line)
        responses[item["prompt"]] = item["response"]
    return rows, responses


def _response_for(prompt: str, responses: dict[str, str]) -> str:
    """Match by prompt text; one prompt was reworded between the two upstream files, so fall
    back to the shared first 100 characters."""
    if prompt in responses:
        return responses[prompt]
    (match,) = [r for p, r in responses.items() if p[:100] == prompt[:100]]
    return match


def test_all_541_prompts_validate_and_run(shared_data: Path) -> None:
    rows, _ = _load(shared_data)
    assert len(rows) == 541
    for row in rows:
        gt = {k: row[k] for k in ("instruction_id_list", "kwargs", "prompt")}
        verdict = score("ifeval", row["prompt"], gt)
        assert verdict.status is not Status.ERROR, (row["key"], verdict.detail)


def test_gpt4_accuracy_matches_published_numbers(shared_data: Path) -> None:
    """IFEval paper Table 3, GPT-4: prompt strict 76.89, instruction strict 83.57, prompt
    loose 79.30, instruction loose 85.37. Within 1.5 points means the checkers agree with the
    official scorer on real responses."""
    rows, responses = _load(shared_data)
    published = {"strict": (76.89, 83.57), "loose": (79.30, 85.37)}
    for mode, (prompt_ref, instr_ref) in published.items():
        prompt_ok = instr_ok = instr_n = 0
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            gt = {k: row[k] for k in ("instruction_id_list", "kwargs", "prompt")}
            verdict = score("ifeval", _response_for(row["prompt"], responses), gt, {"mode": mode})
            followed = verdict.info["followed"]
            prompt_ok += all(followed)
            instr_ok += sum(followed)
            instr_n += len(followed)
            for iid, ok in zip(row["instruction_id_list"], followed, strict=True):
                per[iid][0] += ok
                per[iid][1] += 1
        prompt_acc, instr_acc = 100 * prompt_ok / len(rows), 100 * instr_ok / instr_n
        print(
            f"\n{mode}: prompt {prompt_acc:.2f} (paper {prompt_ref}), "
            f"instruction {instr_acc:.2f} (paper {instr_ref})"
        )
        for iid in sorted(per):
            print(f"  {iid:48s} {per[iid][0]:3d}/{per[iid][1]:3d}")
        assert abs(prompt_acc - prompt_ref) <= 1.5
        assert abs(instr_acc - instr_ref) <= 1.5
