"""Extraction, config-dependent scoring, the exception rule and bad-payload errors."""

from __future__ import annotations

import json

import reasoning_gym
from reasoning_gym.algorithmic.word_sorting import TextTransformation
from reasoning_gym.arc.board_format import BoardFormattingOptions

from reward_server import rg_support
from reward_server.verdict import Status
from reward_server.verifiers import score


def _payload(task: str, seed: int = 3, **overrides: object) -> tuple[dict, object, dict]:
    ds = reasoning_gym.create_dataset(task, seed=seed, size=5, **overrides)
    entry = ds[0]
    gt = {
        "task": task,
        "config": rg_support.config_to_json(ds.config),
        "entry": rg_support.to_json(entry),
    }
    return json.loads(json.dumps(gt)), ds, entry


def test_extraction_rules() -> None:
    gt, _, entry = _payload("chain_sum")
    ans = entry["answer"]
    assert score("reasoning_gym", f"<think>{ans}</think> <answer>{ans}</answer>", gt).reward == 1.0
    assert score("reasoning_gym", f"<answer>{ans}</answer><answer>-1</answer>", gt).reward == 0.0
    no_tag = score("reasoning_gym", f"the answer is {ans}", gt)
    assert no_tag.status is Status.UNPARSABLE and no_tag.reward == 0.0
    unclosed = score("reasoning_gym", f"<think>... <answer>{ans}</answer>", gt)
    assert unclosed.status is Status.UNPARSABLE
    fallback = score("reasoning_gym", f"  {ans} ", gt, {"fallback_to_full_text": True})
    assert fallback.reward == 1.0


def test_partial_credit_switch() -> None:
    gt, ds, entry = _payload("spell_backward")
    answer = entry["answer"] + " extra"
    expected = ds.score_answer(answer, entry)
    assert 0 < expected < 1
    partial = score("reasoning_gym", f"<answer>{answer}</answer>", gt)
    assert partial.status is Status.PARTIAL and partial.reward == expected
    strict = score("reasoning_gym", f"<answer>{answer}</answer>", gt, {"partial_credit": False})
    assert strict.reward == 0.0 and strict.status is Status.INCORRECT


def test_scoring_uses_the_generation_config() -> None:
    """time_intervals grades a near miss relative to the config's tolerance, and the config
    holds dates/times that JSON turns into strings: both must come back."""
    gt, ds, entry = _payload(
        "time_intervals", seed=5, max_time_difference_seconds=60, max_date_difference_days=3
    )
    default = reasoning_gym.create_dataset("time_intervals", seed=5, size=5)
    diffs = 0
    for i in range(5):
        entry = ds[i]
        gt["entry"] = rg_support.to_json(entry)
        for answer in ("0", "1", "00:00:30", "2", "00:01:00"):
            got = score("reasoning_gym", f"<answer>{answer}</answer>", gt).reward
            assert got == ds.score_answer(answer, entry)
            diffs += got != default.score_answer(answer, entry)
    assert diffs > 0, "the config never changed a score: this test would not catch a default scorer"


def test_decimal_precision_comes_from_config() -> None:
    """decimal_arithmetic rounds both sides to the config's max_num_decimal_places."""
    gt, ds, _ = _payload(
        "decimal_arithmetic", seed=8, min_num_decimal_places=1, max_num_decimal_places=2
    )
    for i in range(5):
        entry = ds[i]
        gt["entry"] = rg_support.to_json(entry)
        value = float(entry["answer"])
        for answer in (entry["answer"], f"{value:.1f}", f"{value + 0.004:.3f}", f"{value:.4f}"):
            got = score("reasoning_gym", f"<answer>{answer}</answer>", gt).reward
            assert got == ds.score_answer(answer, entry), (answer, entry["answer"])


def test_enum_and_nested_dataclass_configs_restore() -> None:
    gt, ds, entry = _payload("word_sorting", transformation=TextTransformation.UPPERCASE)
    assert score("reasoning_gym", f"<answer>{entry['answer']}</answer>", gt).reward == 1.0
    gt, ds, entry = _payload("arc_agi", board_format_opts=BoardFormattingOptions(col_delimiter="|"))
    assert gt["config"]["board_format_opts"]["col_delimiter"] == "|"
    assert score("reasoning_gym", f"<answer>{entry['answer']}</answer>", gt).reward == 1.0
    restored = rg_support.restore_config("arc_agi", gt["config"])
    assert restored.board_format_opts == ds.config.board_format_opts


def test_scorer_exception_is_the_answers_fault_unless_the_oracle_fails_too() -> None:
    gt, ds, entry = _payload("prime_factorization")
    try:
        ds.score_answer("not a number", entry)
        raise AssertionError("precondition: prime_factorization raises on garbage")
    except ValueError:
        pass
    bad = score("reasoning_gym", "<answer>not a number</answer>", gt)
    assert bad.status is Status.INCORRECT and bad.reward == 0.0
    broken = json.loads(json.dumps(gt))
    broken["entry"]["answer"] = "x × y"  # the entry's own answer cannot be scored either
    v = score("reasoning_gym", "<answer>not a number</answer>", broken)
    assert v.status is Status.ERROR and v.reward is None and "ground_truth.entry" in v.detail


def test_bad_payloads_name_the_field() -> None:
    gt, _, _ = _payload("chain_sum")
    cases = {
        "ground_truth.task": {**gt, "task": "chain_summ"},
        "ground_truth.config.max_termz": {**gt, "config": {**gt["config"], "max_termz": 3}},
        "ground_truth.entry": {**gt, "entry": {"question": "q"}},
        "ground_truth.config": {**gt, "config": {**gt["config"], "min_terms": 9, "max_terms": 2}},
    }
    for field, payload in cases.items():
        v = score("reasoning_gym", "<answer>1</answer>", payload)
        assert v.status is Status.ERROR and v.detail.startswith(field), (field, v.detail)
    assert score("reasoning_gym", "<answer>1</answer>", gt, {"partial": 1}).detail.startswith(
        "config.partial"
    )
    assert score("reasoning_gym", "<answer>1</answer>", "{not json").detail.startswith(
        "ground_truth"
    )
